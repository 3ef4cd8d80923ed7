import { getOctokit } from '@actions/github';
import type { ReviewsUnavailable } from '../release/review-facts.js';

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
  /** Milliseconds one request may take before it is abandoned (default {@link DEFAULT_GITHUB_TIMEOUT_MS}). */
  timeoutMs?: number;
}

/** How long one GitHub request may take: a server that never answers must not hold the job until it is killed. */
export const DEFAULT_GITHUB_TIMEOUT_MS = 30_000;

/** The request timeout from `MLGOV_GITHUB_TIMEOUT_MS` (a positive integer), else the default. */
export function gitHubTimeoutOf(env: Record<string, string | undefined>): number {
  const raw = env['MLGOV_GITHUB_TIMEOUT_MS'];
  const n = raw !== undefined && /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  return n > 0 ? n : DEFAULT_GITHUB_TIMEOUT_MS;
}

/** Opens the client; no request is made until a call. */
export function openGitHubClient(settings: GitHubApiSettings): GitHubClient {
  const client = getOctokit(settings.token, { baseUrl: settings.baseUrl.replace(/\/+$/, '') });
  const timeoutMs = settings.timeoutMs ?? DEFAULT_GITHUB_TIMEOUT_MS;
  // A hook, not a `request.fetch` option: the option would replace @actions/github's proxy-aware fetch. The options
  // are changed in place because the hooks inside this one are bound to this very object (an argument is ignored).
  client.hook.wrap('request', async (request, options) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const given = options.request?.signal as AbortSignal | undefined;
    options.request = { ...options.request, signal: given ? AbortSignal.any([given, timeout]) : timeout };
    return request(options);
  });
  return client;
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

/**
 * Why the pull request's reviews could not be read, from what the adapter threw: the token's permission (answer
 * 401/403/404: GitHub hides a pull request from a token that may not read it), the network (no answer: DNS,
 * refused or reset connection, timeout), or GitHub itself (5xx, rate limit, a body that is not the API's).
 */
export function reviewsUnavailableOf(err: unknown): ReviewsUnavailable {
  const status = err instanceof GitHubApiError ? err.status : gitHubStatusOf(err);
  const message = err instanceof Error ? err.message : String(err);
  if (status === 429 || (status === 403 && /rate limit/i.test(message))) {
    return { cause: 'github', message, fix: 'GitHub rate-limited the token: re-run the job later' };
  }
  if (status === 401) {
    return {
      cause: 'permission',
      message,
      fix: 'the token is invalid or expired; pass `github-token: ${{ github.token }}` (the default)',
    };
  }
  if (status === 403 || status === 404) {
    return {
      cause: 'permission',
      message,
      fix: 'give the job `permissions: pull-requests: read` (with `statuses: write`), or a token that can read this pull request',
    };
  }
  if (status === undefined) {
    return {
      cause: 'network',
      message,
      fix: 'GitHub was not reached (DNS, refused or reset connection, or timeout — MLGOV_GITHUB_TIMEOUT_MS sets it): re-run the job',
    };
  }
  return {
    cause: 'github',
    message,
    fix: 'GitHub did not answer as its API does: re-run the job; if it persists, check githubstatus.com',
  };
}

/** A GitHub answer whose body is not what the API documents (a proxy's error page, a truncated body). */
export function unexpectedAnswer(operation: string, what: string): GitHubApiError {
  return new GitHubApiError(
    `could not ${operation}: GitHub answered 200 but the body is not ${what}`,
    operation,
    200,
    'GitHub did not answer as its API does: re-run the job',
  );
}

function defaultFix(status?: number): string | undefined {
  if (status === 401) return 'the token is invalid or expired; pass `github-token: ${{ github.token }}` (the default)';
  if (status === 403)
    return 'the token lacks a permission this step needs; see the permissions table in docs/action.md';
  if (status === 404)
    return 'check the repository and pull request number; a token without `pull-requests: read` also sees 404';
  return undefined;
}
