import type { PullRequestFacts, PullRequestReview } from '../release/review-facts.js';
import {
  callGitHub,
  reviewsUnavailableOf,
  unexpectedAnswer,
  type GitHubClient,
  type RepositoryName,
} from './github-api.js';

const REVIEW_STATES: ReadonlyArray<PullRequestReview['state']> = [
  'APPROVED',
  'CHANGES_REQUESTED',
  'COMMENTED',
  'DISMISSED',
  'PENDING',
];

/**
 * Reads what the gate needs to know about a pull request from GitHub: the PR itself (title, body, branch, head and
 * base commits, fork or not), every review (`GET /repos/{o}/{r}/pulls/{n}/reviews`, all pages) and the messages of
 * its commits (`GET .../pulls/{n}/commits`, all pages). The PR is read from the API rather than from the event
 * payload because a re-run replays the original payload: a title edited since would be missed.
 *
 * Reviews that cannot be read do not fail the read: the facts come back with `reviewsUnavailable` (why, and what to
 * grant), so every judgement that needs a review is "could not judge" rather than "nobody approved".
 */
export async function readPullRequestFacts(
  client: GitHubClient,
  repository: RepositoryName,
  number: number,
): Promise<PullRequestFacts> {
  const target = { ...repository, pull_number: number };
  const readPull = `read pull request #${number}`;
  const { data: pull } = await callGitHub(readPull, () => client.rest.pulls.get(target));
  if (!pull || typeof pull !== 'object' || typeof pull.head?.sha !== 'string') {
    throw unexpectedAnswer(readPull, 'a pull request');
  }
  const [reviews, commits] = await Promise.all([
    readReviews(client, target).then(
      (list) => ({ list }),
      (err: unknown) => ({ unavailable: reviewsUnavailableOf(err) }),
    ),
    callGitHub(`read the commits of pull request #${number}`, () =>
      client.paginate(client.rest.pulls.listCommits, { ...target, per_page: 100 }),
    ),
  ]);
  if (!Array.isArray(commits)) throw unexpectedAnswer(`read the commits of pull request #${number}`, 'a list');
  const baseRepository = `${repository.owner}/${repository.repo}`;
  const headRepository = pull.head.repo?.full_name;
  return {
    number: pull.number,
    author: pull.user?.login,
    title: pull.title,
    body: pull.body ?? '',
    branch: pull.head.ref,
    headSha: pull.head.sha,
    baseRef: pull.base.ref,
    baseSha: pull.base.sha,
    ...(headRepository ? { headRepository } : {}),
    url: pull.html_url,
    commitMessages: commits.map((c) => c.commit.message),
    ...('list' in reviews ? { reviews: reviews.list } : { reviewsUnavailable: reviews.unavailable }),
    // A head repository that is gone (deleted fork) is treated as a fork: nothing about it can be trusted.
    fromFork: headRepository === undefined || headRepository.toLowerCase() !== baseRepository.toLowerCase(),
  };
}

/** Every review of the pull request, in GitHub's (chronological) order; throws a GitHubApiError when unreadable. */
async function readReviews(
  client: GitHubClient,
  target: RepositoryName & { pull_number: number },
): Promise<PullRequestReview[]> {
  const operation = `read the reviews of pull request #${target.pull_number}`;
  const raw = await callGitHub(operation, () =>
    client.paginate(client.rest.pulls.listReviews, { ...target, per_page: 100 }),
  );
  if (!Array.isArray(raw)) throw unexpectedAnswer(operation, 'a list of reviews');
  return raw.flatMap((r): PullRequestReview[] => {
    // A review by a deleted account has no user: it cannot corroborate anyone.
    if (!r || !r.user || !r.commit_id) return [];
    const state = REVIEW_STATES.find((s) => s === r.state);
    if (!state) return [];
    return [
      {
        id: r.id,
        login: r.user.login,
        state,
        commitId: r.commit_id,
        ...(r.submitted_at ? { submittedAt: r.submitted_at } : {}),
      },
    ];
  });
}

/**
 * The open pull request whose head is `sha` (`GET /repos/{o}/{r}/commits/{sha}/pulls`), for a `workflow_dispatch`
 * re-check without a PR number. Undefined when none is open.
 */
export async function findPullRequestNumberForCommit(
  client: GitHubClient,
  repository: RepositoryName,
  sha: string,
): Promise<number | undefined> {
  const { data } = await callGitHub(`find the pull request of commit ${sha.slice(0, 12)}`, () =>
    client.rest.repos.listPullRequestsAssociatedWithCommit({ ...repository, commit_sha: sha }),
  );
  return (
    data.find((p) => p.state === 'open' && p.head.sha === sha)?.number ?? data.find((p) => p.state === 'open')?.number
  );
}

/**
 * The pull request that was merged as `sha` (record mode corroborates the approvals against its reviews), via
 * `GET /repos/{o}/{r}/commits/{sha}/pulls`; undefined when the push was not a PR merge.
 */
export async function findMergedPullRequestNumber(
  client: GitHubClient,
  repository: RepositoryName,
  sha: string,
): Promise<number | undefined> {
  const { data } = await callGitHub(`find the merged pull request of commit ${sha.slice(0, 12)}`, () =>
    client.rest.repos.listPullRequestsAssociatedWithCommit({ ...repository, commit_sha: sha }),
  );
  return (data.find((p) => p.merged_at && p.merge_commit_sha === sha) ?? data.find((p) => p.merged_at))?.number;
}
