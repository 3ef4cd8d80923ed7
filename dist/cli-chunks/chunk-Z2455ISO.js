import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);

// src/release/review-facts.ts
function loginKey(login) {
  return login.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
function sameLogin(a, b) {
  return typeof a === "string" && typeof b === "string" && loginKey(a) === loginKey(b);
}
function standingReviewsOf(reviews) {
  const latest = /* @__PURE__ */ new Map();
  for (const review of reviews) {
    if (review.state === "COMMENTED" || review.state === "PENDING") continue;
    const key = loginKey(review.login);
    const previous = latest.get(key);
    if (!previous || isLater(review, previous)) latest.set(key, review);
  }
  return latest;
}
function approvingReviewsOf(facts) {
  if (!facts.reviews || !facts.headSha) return [];
  return [...standingReviewsOf(facts.reviews).values()].filter(
    (r) => r.state === "APPROVED" && r.commitId === facts.headSha
  );
}
function changesRequestedOf(reviews) {
  return [...standingReviewsOf(reviews).values()].filter((r) => r.state === "CHANGES_REQUESTED");
}
function isLater(a, b) {
  if (a.submittedAt && b.submittedAt && a.submittedAt !== b.submittedAt) return a.submittedAt > b.submittedAt;
  return a.id > b.id;
}

export {
  loginKey,
  sameLogin,
  standingReviewsOf,
  approvingReviewsOf,
  changesRequestedOf
};
