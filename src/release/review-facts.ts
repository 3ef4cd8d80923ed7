/** What the gate learned about the pull request on GitHub (owned by the action work). Plain data. */
export interface PullRequestReview {
  id: number;
  login: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  /** The commit the review was made on. */
  commitId: string;
  submittedAt?: string;
}

/**
 * Why the reviews could not be read. `permission`: GitHub refused the token (401/403/404 — grant the job
 * `pull-requests: read`); `network`: GitHub was not reached (DNS, refused or reset connection, timeout); `github`:
 * GitHub answered with a server error, a rate limit or a body that is not the API's; `no-pull-request`: the action
 * ran in check mode on a commit no pull request could be found for, so there are no reviews to read.
 */
export interface ReviewsUnavailable {
  cause: 'permission' | 'network' | 'github' | 'no-pull-request';
  /** What happened, as the adapter saw it (never the request or the token). */
  message: string;
  /** What to do about it. */
  fix: string;
}

export interface PullRequestFacts {
  number?: number;
  author?: string;
  title?: string;
  body?: string;
  branch?: string;
  headSha?: string;
  baseRef?: string;
  /** The base commit the PR was opened against (what the action fetches and judges the policy from). */
  baseSha?: string;
  /** `owner/name` of the repository the head branch lives in (differs from the base's on a fork). */
  headRepository?: string;
  /** The PR's page, for links in the job summary. */
  url?: string;
  /** Messages of the commits between the base and the head. */
  commitMessages: string[];
  /** Reviews from the GitHub API; absent when not known (CLI, offline) or not readable (`reviewsUnavailable`). */
  reviews?: PullRequestReview[];
  /**
   * Set when the gate tried to read the reviews and could not: every judgement that needs them is "could not
   * judge", never "nobody approved" (a failure) and never "not checked here" (a pass).
   */
  reviewsUnavailable?: ReviewsUnavailable;
  /** True on a PR from a fork (read-only token, no secrets). */
  fromFork?: boolean;
}

/**
 * The key a GitHub login is compared by. GitHub logins are ASCII letters, digits and hyphens and compare without
 * regard to case (`Alice` is `alice`), so only A–Z are folded: a Unicode case mapping (the Kelvin sign K lowercases
 * to `k`) would make a string GitHub never issues match a real login.
 */
export function loginKey(login: string): string {
  return login.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Whether two logins name the same GitHub account (case-insensitive); false when either is missing. */
export function sameLogin(a: string | undefined, b: string | undefined): boolean {
  return typeof a === 'string' && typeof b === 'string' && loginKey(a) === loginKey(b);
}

/**
 * Each reviewer's review that stands, as GitHub counts it: the latest review that is not a comment (COMMENTED and
 * PENDING leave the standing one in place); a DISMISSED review stands as "dismissed", withdrawing what came before.
 * Keyed by {@link loginKey}.
 */
export function standingReviewsOf(reviews: readonly PullRequestReview[]): Map<string, PullRequestReview> {
  const latest = new Map<string, PullRequestReview>();
  for (const review of reviews) {
    if (review.state === 'COMMENTED' || review.state === 'PENDING') continue;
    const key = loginKey(review.login);
    const previous = latest.get(key);
    if (!previous || isLater(review, previous)) latest.set(key, review);
  }
  return latest;
}

/**
 * The reviews that approve exactly `headSha`: a GitHub approval counts only for the commit it was given on, so a
 * push after the review needs a fresh one. Only each reviewer's standing review counts (GitHub's own rule: a later
 * "changes requested" or a dismissal withdraws an earlier approval).
 */
export function approvingReviewsOf(facts: Pick<PullRequestFacts, 'reviews' | 'headSha'>): PullRequestReview[] {
  if (!facts.reviews || !facts.headSha) return [];
  return [...standingReviewsOf(facts.reviews).values()].filter(
    (r) => r.state === 'APPROVED' && r.commitId === facts.headSha,
  );
}

/**
 * The standing "request changes" reviews. They block whatever commit they were given on: GitHub keeps a request
 * for changes in force across pushes until the reviewer approves or the review is dismissed, so pushing a commit
 * cannot make an objection go away.
 */
export function changesRequestedOf(reviews: readonly PullRequestReview[]): PullRequestReview[] {
  return [...standingReviewsOf(reviews).values()].filter((r) => r.state === 'CHANGES_REQUESTED');
}

function isLater(a: PullRequestReview, b: PullRequestReview): boolean {
  if (a.submittedAt && b.submittedAt && a.submittedAt !== b.submittedAt) return a.submittedAt > b.submittedAt;
  // GitHub lists reviews in chronological order and review ids grow with time.
  return a.id > b.id;
}
