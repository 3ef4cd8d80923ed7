import type { PullRequestFacts, PullRequestReview } from '../gate/review-facts.js';
import { callGitHub, type GitHubClient, type RepositoryName } from './github-api.js';

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
 */
export async function readPullRequestFacts(
  client: GitHubClient,
  repository: RepositoryName,
  number: number,
): Promise<PullRequestFacts> {
  const target = { ...repository, pull_number: number };
  const { data: pull } = await callGitHub(`read pull request #${number}`, () => client.rest.pulls.get(target));
  const [reviews, commits] = await Promise.all([
    callGitHub(`read the reviews of pull request #${number}`, () =>
      client.paginate(client.rest.pulls.listReviews, { ...target, per_page: 100 }),
    ),
    callGitHub(`read the commits of pull request #${number}`, () =>
      client.paginate(client.rest.pulls.listCommits, { ...target, per_page: 100 }),
    ),
  ]);
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
    reviews: reviews.flatMap((r): PullRequestReview[] => {
      // A review by a deleted account has no user: it cannot corroborate anyone.
      if (!r.user || !r.commit_id) return [];
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
    }),
    // A head repository that is gone (deleted fork) is treated as a fork: nothing about it can be trusted.
    fromFork: headRepository === undefined || headRepository.toLowerCase() !== baseRepository.toLowerCase(),
  };
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
