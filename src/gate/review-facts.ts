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
  /** Messages of the commits between the base and the head. */
  commitMessages: string[];
  /** Reviews from the GitHub API; absent when not known (CLI, offline). */
  reviews?: PullRequestReview[];
  /** True on a PR from a fork (read-only token, no secrets). */
  fromFork?: boolean;
}
