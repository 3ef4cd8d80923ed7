import type { StatusPublisher } from '../release/ports.js';
import { callGitHub, GitHubApiError, type GitHubClient, type RepositoryName } from './github-api.js';

/** GitHub's limit on a commit status description. */
export const STATUS_DESCRIPTION_MAX = 140;

export type { CommitState, CommitStatus, StatusPublisher } from '../release/ports.js';

/** Thrown when the token may not write statuses (fork PRs, missing `permissions: statuses: write`). */
export class StatusPermissionError extends GitHubApiError {
  override name = 'StatusPermissionError';
}

/** Cuts a description to GitHub's 140 characters, ending in an ellipsis when cut. */
export function fitStatusDescription(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= STATUS_DESCRIPTION_MAX) return oneLine;
  return oneLine.slice(0, STATUS_DESCRIPTION_MAX - 1).trimEnd() + '…';
}

/** Posts statuses with `POST /repos/{owner}/{repo}/statuses/{sha}`. */
export function openGitHubStatusPublisher(client: GitHubClient, repository: RepositoryName): StatusPublisher {
  return {
    async publish(status) {
      try {
        await callGitHub('post the commit status', () =>
          client.rest.repos.createCommitStatus({
            ...repository,
            sha: status.sha,
            state: status.state,
            context: status.context,
            description: fitStatusDescription(status.description),
            ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
          }),
        );
      } catch (err) {
        if (err instanceof GitHubApiError && err.status === 403) {
          throw new StatusPermissionError(
            'could not post the commit status: the token lacks `statuses: write` (GitHub answered 403: Resource not accessible by integration)',
            err.operation,
            403,
            'add `permissions: statuses: write` to the job (on a pull request from a fork the token is always read-only: see docs/action.md)',
            { cause: err },
          );
        }
        throw err;
      }
    },
  };
}
