import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server that speaks the part of GitHub's REST API the action uses, as documented: commit statuses,
 * pull requests, their reviews and commits (paginated with `Link` headers), the pulls of a commit, and a pull
 * request's comments (list, create, update: the action's board comment). Tests point
 * the real Octokit (and the bundled action) at it through `GITHUB_API_URL` and read back what was asked.
 */
export interface RecordedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: Record<string, string>;
  /** The Authorization header as sent (tests assert the token is used, never print it). */
  authorization?: string;
  body?: unknown;
}

export interface ReviewFixture {
  id: number;
  user: { login: string } | null;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  commit_id: string;
  submitted_at?: string;
  body?: string;
}

export interface CommitFixture {
  sha: string;
  message: string;
}

export interface PullFixture {
  number: number;
  title: string;
  body: string | null;
  user: { login: string };
  head: { ref: string; sha: string; repo: { full_name: string; fork: boolean } | null };
  base: { ref: string; sha: string; repo: { full_name: string } };
  state?: 'open' | 'closed';
  html_url?: string;
  /** Set on a merged PR: when, and the commit the merge put on the base branch. */
  merged_at?: string;
  merge_commit_sha?: string;
}

/** An issue comment as the server stores it (a pull request is an issue for the comments API). */
export interface CommentFixture {
  id: number;
  body: string;
  user: { login: string; type: 'User' | 'Bot' };
  created_at: string;
  updated_at: string;
}

export interface GitHubServerState {
  /** `owner/repo` → number → the pull request. */
  pulls: Map<string, PullFixture>;
  reviews: Map<string, ReviewFixture[]>;
  commits: Map<string, CommitFixture[]>;
  /** How `POST /statuses/{sha}` answers: created (201; 422 on an invalid body) or forbidden (403, a read-only token). */
  statuses: 'created' | 'forbidden';
  /** Repositories `GET /repos/{o}/{r}` knows (`owner/repo`); a repository with a pull request is known too. */
  repositories: Set<string>;
  /** How `GET /repos/{o}/{r}/pulls` answers: the list, or 403 as for a token without `pull-requests: read`. */
  pullList: 'list' | 'forbidden';
  /** `owner/repo#number` → the pull request's comments, oldest first. */
  comments: Map<string, CommentFixture[]>;
  /**
   * How comment writes (`POST .../issues/{n}/comments`, `PATCH .../issues/comments/{id}`) answer: done, or 403 as
   * for a token with only `pull-requests: read`.
   */
  commentWrites: 'allowed' | 'forbidden';
  /** Who the token is: the author of the comments it writes (`GITHUB_TOKEN`: `github-actions[bot]`). */
  commentAuthor: CommentFixture['user'];
}

export interface GitHubServer {
  /** Base URL for Octokit / GITHUB_API_URL (no trailing slash). */
  url: string;
  requests: RecordedRequest[];
  state: GitHubServerState;
  /** Adds a pull request with its reviews and commits. */
  addPull(owner: string, repo: string, pull: PullFixture, reviews?: ReviewFixture[], commits?: CommitFixture[]): void;
  /** Adds a comment to a pull request (as someone else, or as an earlier run); returns its id. */
  addComment(owner: string, repo: string, number: number, comment: Pick<CommentFixture, 'body' | 'user'>): number;
  /** A pull request's comments as stored, oldest first. */
  commentsOf(owner: string, repo: string, number: number): CommentFixture[];
  /** The commit statuses that were accepted (201), in order. */
  statusesPosted(): Array<{ sha: string; state: string; description?: string; target_url?: string; context?: string }>;
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';

function key(owner: string, repo: string, number: number | string): string {
  return `${owner}/${repo}#${number}`;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-github-api-version-selected': '2022-11-28',
    ...headers,
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Serves one page of `items` as GitHub does: `per_page` (default 30, max 100) and `page` (1-based), with a `Link`
 * header carrying absolute `next`/`last` (and `prev`/`first`) URLs when there is more than one page.
 */
function sendPage(
  res: ServerResponse,
  base: string,
  path: string,
  query: Record<string, string>,
  items: unknown[],
): void {
  const perPage = Math.min(100, Math.max(1, Number(query['per_page'] ?? 30) || 30));
  const page = Math.max(1, Number(query['page'] ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number, rel: string) => `<${base}${path}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  send(res, 200, slice, links.length > 0 ? { link: links.join(', ') } : {});
}

function reviewJson(r: ReviewFixture, owner: string, repo: string, number: number): unknown {
  return {
    id: r.id,
    node_id: `PRR_${r.id}`,
    user: r.user ? { login: r.user.login, id: r.id * 7, type: 'User' } : null,
    body: r.body ?? '',
    state: r.state,
    html_url: `https://github.com/${owner}/${repo}/pull/${number}#pullrequestreview-${r.id}`,
    pull_request_url: `https://api.github.com/repos/${owner}/${repo}/pulls/${number}`,
    author_association: 'MEMBER',
    submitted_at: r.submitted_at ?? '2026-11-01T10:00:00Z',
    commit_id: r.commit_id,
  };
}

function pullJson(p: PullFixture, owner: string, repo: string): unknown {
  return {
    url: `https://api.github.com/repos/${owner}/${repo}/pulls/${p.number}`,
    html_url: p.html_url ?? `https://github.com/${owner}/${repo}/pull/${p.number}`,
    number: p.number,
    state: p.state ?? 'open',
    title: p.title,
    body: p.body,
    user: { login: p.user.login, type: 'User' },
    head: { label: `${p.user.login}:${p.head.ref}`, ref: p.head.ref, sha: p.head.sha, repo: p.head.repo },
    base: { label: `${owner}:${p.base.ref}`, ref: p.base.ref, sha: p.base.sha, repo: p.base.repo },
    merged_at: p.merged_at ?? null,
    merge_commit_sha: p.merge_commit_sha ?? null,
  };
}

function commentJson(c: CommentFixture, base: string, owner: string, repo: string, number: number): unknown {
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${base}/repos/${owner}/${repo}/issues/comments/${c.id}`,
    html_url: `https://github.com/${owner}/${repo}/pull/${number}#issuecomment-${c.id}`,
    issue_url: `${base}/repos/${owner}/${repo}/issues/${number}`,
    body: c.body,
    user: { login: c.user.login, id: c.id * 11, type: c.user.type },
    created_at: c.created_at,
    updated_at: c.updated_at,
    author_association: c.user.type === 'Bot' ? 'NONE' : 'MEMBER',
  };
}

/** GitHub's answer to a comment write by a token with only `pull-requests: read`. */
function commentForbidden(res: ServerResponse, documentation: string): void {
  send(
    res,
    403,
    {
      message: 'Resource not accessible by integration',
      documentation_url: `https://docs.github.com/rest/issues/comments#${documentation}`,
      status: '403',
    },
    { 'x-accepted-github-permissions': 'issues=write; pull_requests=write' },
  );
}

/** A comment write whose `body` is missing or not a string: GitHub's 422. */
function commentInvalid(res: ServerResponse, documentation: string): void {
  send(res, 422, {
    message: 'Invalid request.\n\n"body" wasn\'t supplied.',
    documentation_url: `https://docs.github.com/rest/issues/comments#${documentation}`,
    status: '422',
  });
}

/** Starts the server on 127.0.0.1 with an ephemeral port. */
export async function startGitHubServer(): Promise<GitHubServer> {
  const requests: RecordedRequest[] = [];
  const state: GitHubServerState = {
    pulls: new Map(),
    reviews: new Map(),
    commits: new Map(),
    statuses: 'created',
    repositories: new Set(),
    pullList: 'list',
    comments: new Map(),
    commentWrites: 'allowed',
    commentAuthor: { login: 'github-actions[bot]', type: 'Bot' },
  };
  let nextCommentId = 1_000_001;
  let writes = 0;
  // Each write gets a later time than the one before, as GitHub's clock would give.
  const stamp = (): string => new Date(Date.parse('2026-11-01T10:00:00Z') + ++writes * 1000).toISOString();
  const storeComment = (k: string, comment: Pick<CommentFixture, 'body' | 'user'>): CommentFixture => {
    const at = stamp();
    const stored = { id: nextCommentId++, ...comment, created_at: at, updated_at: at };
    state.comments.set(k, [...(state.comments.get(k) ?? []), stored]);
    return stored;
  };
  const accepted: Array<{ sha: string; state: string; description?: string; target_url?: string; context?: string }> =
    [];
  let base = '';

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const query = Object.fromEntries(url.searchParams.entries());
      const body = await readBody(req);
      const authorization = req.headers.authorization;
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query,
        ...(authorization ? { authorization } : {}),
        ...(body !== undefined ? { body } : {}),
      });
      if (!authorization) {
        return send(res, 401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' });
      }
      const segments = url.pathname.split('/').filter(Boolean);
      const [root, owner = '', repo = '', kind, id, sub] = segments;
      if (root !== 'repos') return send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });

      if (req.method === 'POST' && kind === 'statuses' && id) {
        if (state.statuses === 'forbidden') {
          return send(res, 403, {
            message: 'Resource not accessible by integration',
            documentation_url: 'https://docs.github.com/rest/commits/statuses#create-a-commit-status',
            status: '403',
          });
        }
        const b = (body ?? {}) as Record<string, unknown>;
        const validStates = ['error', 'failure', 'pending', 'success'];
        const description = typeof b['description'] === 'string' ? b['description'] : undefined;
        if (!validStates.includes(String(b['state'])) || (description !== undefined && description.length > 140)) {
          return send(res, 422, {
            message: 'Validation Failed',
            errors: [
              {
                resource: 'Status',
                code: 'custom',
                field: description && description.length > 140 ? 'description' : 'state',
              },
            ],
            documentation_url: 'https://docs.github.com/rest/commits/statuses#create-a-commit-status',
            status: '422',
          });
        }
        const status = {
          sha: id,
          state: String(b['state']),
          ...(description !== undefined ? { description } : {}),
          ...(typeof b['target_url'] === 'string' ? { target_url: b['target_url'] } : {}),
          ...(typeof b['context'] === 'string' ? { context: b['context'] } : {}),
        };
        accepted.push(status);
        return send(res, 201, {
          url: `${base}/repos/${owner}/${repo}/statuses/${id}`,
          id: accepted.length,
          node_id: `SC_${accepted.length}`,
          state: status.state,
          description: status.description ?? null,
          target_url: status.target_url ?? null,
          context: status.context ?? 'default',
          created_at: '2026-11-01T10:00:00Z',
          updated_at: '2026-11-01T10:00:00Z',
          creator: { login: 'github-actions[bot]', type: 'Bot' },
        });
      }

      const known =
        state.repositories.has(`${owner}/${repo}`) ||
        [...state.pulls.keys()].some((k) => k.startsWith(`${owner}/${repo}#`));
      if (req.method === 'GET' && kind === undefined) {
        // GET /repos/{owner}/{repo}: a GITHUB_TOKEN (installation token) gets no `permissions` member.
        if (!known) return send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
        return send(res, 200, {
          id: 1,
          name: repo,
          full_name: `${owner}/${repo}`,
          private: true,
          owner: { login: owner, type: 'Organization' },
          default_branch: 'main',
        });
      }
      if (req.method === 'GET' && kind === 'pulls' && !id) {
        if (!known) return send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
        if (state.pullList === 'forbidden') {
          return send(
            res,
            403,
            {
              message: 'Resource not accessible by integration',
              documentation_url: 'https://docs.github.com/rest/pulls/pulls#list-pull-requests',
              status: '403',
            },
            { 'x-accepted-github-permissions': 'pull_requests=read' },
          );
        }
        const items = [...state.pulls.entries()]
          .filter(([k]) => k.startsWith(`${owner}/${repo}#`))
          .map(([, p]) => pullJson(p, owner, repo));
        return sendPage(res, base, url.pathname, query, items);
      }

      if (req.method === 'GET' && kind === 'pulls' && id) {
        const k = key(owner, repo, id);
        const pull = state.pulls.get(k);
        if (!pull) return send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
        if (sub === undefined) return send(res, 200, pullJson(pull, owner, repo));
        if (sub === 'reviews') {
          const items = (state.reviews.get(k) ?? []).map((r) => reviewJson(r, owner, repo, pull.number));
          return sendPage(res, base, url.pathname, query, items);
        }
        if (sub === 'commits') {
          const items = (state.commits.get(k) ?? []).map((c) => ({
            sha: c.sha,
            commit: {
              message: c.message,
              author: { name: 'dev', email: 'dev@example.com', date: '2026-10-31T00:00:00Z' },
            },
          }));
          return sendPage(res, base, url.pathname, query, items);
        }
      }

      if (kind === 'issues' && id === 'comments' && sub) {
        // PATCH /repos/{o}/{r}/issues/comments/{comment_id}
        if (req.method !== 'PATCH')
          return send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
        const found = [...state.comments.entries()]
          .filter(([k]) => k.startsWith(`${owner}/${repo}#`))
          .flatMap(([k, list]) => list.map((c) => ({ k, c })))
          .find(({ c }) => String(c.id) === sub);
        if (!found) return send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
        if (state.commentWrites === 'forbidden') return commentForbidden(res, 'update-an-issue-comment');
        const text = (body as { body?: unknown } | undefined)?.body;
        if (typeof text !== 'string') return commentInvalid(res, 'update-an-issue-comment');
        found.c.body = text;
        found.c.updated_at = stamp();
        const number = Number(found.k.split('#')[1]);
        return send(res, 200, commentJson(found.c, base, owner, repo, number));
      }

      if (kind === 'issues' && id && sub === 'comments') {
        const k = key(owner, repo, id);
        if (!state.pulls.has(k))
          return send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
        const number = Number(id);
        if (req.method === 'GET') {
          const items = (state.comments.get(k) ?? []).map((c) => commentJson(c, base, owner, repo, number));
          return sendPage(res, base, url.pathname, query, items);
        }
        if (req.method === 'POST') {
          if (state.commentWrites === 'forbidden') return commentForbidden(res, 'create-an-issue-comment');
          const text = (body as { body?: unknown } | undefined)?.body;
          if (typeof text !== 'string') return commentInvalid(res, 'create-an-issue-comment');
          const stored = storeComment(k, { body: text, user: state.commentAuthor });
          return send(res, 201, commentJson(stored, base, owner, repo, number), {
            location: `${base}/repos/${owner}/${repo}/issues/comments/${stored.id}`,
          });
        }
      }

      if (req.method === 'GET' && kind === 'commits' && id && sub === 'pulls') {
        const pulls = [...state.pulls.entries()]
          .filter(([k, p]) => k.startsWith(`${owner}/${repo}#`) && (p.head.sha === id || p.merge_commit_sha === id))
          .map(([, p]) => pullJson(p, owner, repo));
        return send(res, 200, pulls);
      }

      return send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    })().catch((err: unknown) => {
      send(res, 500, { message: err instanceof Error ? err.message : String(err) });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    requests,
    state,
    addPull(owner, repo, pull, reviews = [], commits = []) {
      const k = key(owner, repo, pull.number);
      state.pulls.set(k, pull);
      state.reviews.set(k, reviews);
      state.commits.set(k, commits);
    },
    addComment: (owner, repo, number, comment) => storeComment(key(owner, repo, number), comment).id,
    commentsOf: (owner, repo, number) => state.comments.get(key(owner, repo, number)) ?? [],
    statusesPosted: () => accepted,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
