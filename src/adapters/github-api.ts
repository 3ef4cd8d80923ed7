import { getOctokit } from '@actions/github';

/**
 * The GitHub REST client the action uses: the real Octokit from `@actions/github` (REST endpoint methods and
 * pagination), pointed at `baseUrl` so GitHub Enterprise Server (`GITHUB_API_URL`) and the tests' loopback server
 * work. Octokit is imported only in `src/adapters/`; the faces see this opaque type and the adapters' functions.
 */
export type GitHubClient = ReturnType<typeof getOctokit>;

export interface GitHubApiSettings {
  /** The token (`github-token` input); never logged. */
  token: string;
  /** REST API root, e.g. `https://api.github.com` or `${GITHUB_API_URL}`. */
  baseUrl: string;
}

/** Opens the client; no request is made until a call. */
export function openGitHubClient(settings: GitHubApiSettings): GitHubClient {
  return getOctokit(settings.token, { baseUrl: settings.baseUrl.replace(/\/+$/, '') });
}

export interface RepositoryName {
  owner: string;
  repo: string;
}

/**
 * An operational failure talking to GitHub, translated at the adapter boundary: the HTTP status, what we were
 * doing, and GitHub's own message — never the request (it carries the token).
 */
export class GitHubApiError extends Error {
  override name = 'GitHubApiError';
  constructor(
    message: string,
    /** What the action was doing, e.g. `post the commit status`. */
    readonly operation: string,
    /** HTTP status, when GitHub answered. */
    readonly status?: number,
    /** What to do about it. */
    readonly fix?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** GitHub's error message from a failed Octokit request (its body's `message`), without the request. */
export function gitHubMessageOf(err: unknown): string {
  if (err && typeof err === 'object') {
    const response = (err as { response?: { data?: unknown } }).response;
    const data = response?.data;
    if (data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string') {
      return (data as { message: string }).message;
    }
    if (err instanceof Error) return err.message.split(' - ')[0] ?? err.message;
  }
  return String(err);
}

/**
 * The HTTP status of a failed Octokit request, when GitHub answered. Octokit reports a network failure (refused
 * connection, DNS, reset) as status 500 without a response; that is "not reached", not a server error.
 */
export function gitHubStatusOf(err: unknown): number | undefined {
  if (!err || typeof err !== 'object' || (err as { response?: unknown }).response === undefined) return undefined;
  const status = (err as { status?: unknown }).status;
  return typeof status === 'number' && status > 0 ? status : undefined;
}

/** Wraps one GitHub call so every failure leaves the adapter as a GitHubApiError with the operation named. */
export async function callGitHub<T>(
  operation: string,
  call: () => Promise<T>,
  fixFor?: (status?: number) => string | undefined,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const status = gitHubStatusOf(err);
    const what = status
      ? `GitHub answered ${status}: ${gitHubMessageOf(err)}`
      : `GitHub could not be reached: ${gitHubMessageOf(err)}`;
    throw new GitHubApiError(
      `could not ${operation}: ${what}`,
      operation,
      status,
      fixFor?.(status) ?? defaultFix(status),
      {
        cause: err,
      },
    );
  }
}

function defaultFix(status?: number): string | undefined {
  if (status === 401) return 'the token is invalid or expired; pass `github-token: ${{ github.token }}` (the default)';
  if (status === 403)
    return 'the token lacks a permission this step needs; see the permissions table in docs/action.md';
  if (status === 404)
    return 'check the repository and pull request number; a token without `pull-requests: read` also sees 404';
  return undefined;
}
