import { gitHubMessageOf, gitHubStatusOf, type GitHubClient, type RepositoryName } from './github-api.js';

/** What one read with the token gave: allowed, or GitHub's answer (status, message, the permission it wants). */
export type GitHubAccess =
  | { ok: true }
  | {
      ok: false;
      /** HTTP status; undefined when GitHub could not be reached. */
      status?: number;
      message: string;
      /** GitHub's `x-accepted-github-permissions` header on a 403: the permission the call needs. */
      acceptedPermissions?: string;
    };

export interface GitHubAccessReport {
  /** `GET /repos/{owner}/{repo}`: the token is valid and sees the repository (`contents: read`). */
  repository: GitHubAccess;
  /** `GET /repos/{owner}/{repo}/pulls`: the PR, its reviews and commits can be read (`pull-requests: read`). */
  pullRequests?: GitHubAccess;
}

async function accessOf(call: () => Promise<unknown>): Promise<GitHubAccess> {
  try {
    await call();
    return { ok: true };
  } catch (err) {
    const headers = (err as { response?: { headers?: Record<string, unknown> } }).response?.headers;
    const accepted = headers?.['x-accepted-github-permissions'];
    const status = gitHubStatusOf(err);
    return {
      ok: false,
      ...(status !== undefined ? { status } : {}),
      message: gitHubMessageOf(err),
      ...(typeof accepted === 'string' ? { acceptedPermissions: accepted } : {}),
    };
  }
}

/**
 * Reads what the gate reads with the token, without changing anything: the repository, then the pull requests.
 * `statuses: write` cannot be probed without posting a status, so it is not tried here (the action says so with the
 * fix when the post is refused).
 */
export async function probeGitHubAccess(client: GitHubClient, repo: RepositoryName): Promise<GitHubAccessReport> {
  const repository = await accessOf(() => client.rest.repos.get({ owner: repo.owner, repo: repo.repo }));
  if (!repository.ok) return { repository };
  const pullRequests = await accessOf(() =>
    client.rest.pulls.list({ owner: repo.owner, repo: repo.repo, per_page: 1 }),
  );
  return { repository, pullRequests };
}
