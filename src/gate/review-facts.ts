/** What the gate learned about the pull request on GitHub (owned by the action work). Plain data. */
export interface PullRequestReview {
  id: number;
  login: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  /** The commit the review was made on. */
  commitId: string;
  submittedAt?: string;
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
  /** Reviews from the GitHub API; absent when not known (CLI, offline). */
  reviews?: PullRequestReview[];
  /** True on a PR from a fork (read-only token, no secrets). */
  fromFork?: boolean;
}

/**
 * The reviews that approve exactly `headSha`: a GitHub approval counts only for the commit it was given on, so a
 * push after the review needs a fresh one. Only each reviewer's latest non-comment review counts (GitHub's own rule:
 * a later "changes requested" or a dismissal withdraws an earlier approval).
 */
export function approvingReviewsOf(facts: Pick<PullRequestFacts, 'reviews' | 'headSha'>): PullRequestReview[] {
  if (!facts.reviews || !facts.headSha) return [];
  const latest = new Map<string, PullRequestReview>();
  for (const review of facts.reviews) {
    if (review.state === 'COMMENTED' || review.state === 'PENDING') continue;
    const previous = latest.get(review.login.toLowerCase());
    if (!previous || isLater(review, previous)) latest.set(review.login.toLowerCase(), review);
  }
  return [...latest.values()].filter((r) => r.state === 'APPROVED' && r.commitId === facts.headSha);
}

function isLater(a: PullRequestReview, b: PullRequestReview): boolean {
  if (a.submittedAt && b.submittedAt && a.submittedAt !== b.submittedAt) return a.submittedAt > b.submittedAt;
  // GitHub lists reviews in chronological order and review ids grow with time.
  return a.id > b.id;
}
