import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A loopback server that speaks the part of GitHub's REST API the action uses, as documented: commit statuses,
 * pull requests, their reviews and commits (paginated with `Link` headers), the pulls of a commit, and a pull
 * request's comments (list, create, update: the action's board comment), and the Git Data API with the contents
 * API (refs, commits, blobs, trees, file contents) over a real bare git repository, so a test can `git log` what
 * record mode committed. Tests point
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
  /** `owner/repo` → the bare git repository the Git Data and contents endpoints read and write. */
  gitRepositories: Map<string, string>;
  /**
   * How Git Data writes (blobs, trees, commits, ref updates) answer: done; 403 as for a token with `contents: read`;
   * or, for the ref update only, 422 as for a protected branch.
   */
  gitWrites: 'allowed' | 'forbidden' | 'protected';
  /**
   * Runs when a ref update arrives, before it is judged (then is cleared): a test pushes a concurrent commit here,
   * as another merge landing between the action's read and its update.
   */
  beforeRefUpdate?: () => void | Promise<void>;
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
  /** Serves `owner/repo`'s Git Data and contents endpoints from the bare repository `bareDir`. */
  addGitRepository(owner: string, repo: string, bareDir: string): void;
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
    gitRepositories: new Map(),
    gitWrites: 'allowed',
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

      if (kind === 'git' || kind === 'contents') {
        const bare = state.gitRepositories.get(`${owner}/${repo}`);
        if (!bare) return send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
        const rest = segments
          .slice(3)
          .map((x) => decodeURIComponent(x))
          .join('/')
          .split('/');
        return await serveGitData({ req, res, base: `${base}/repos/${owner}/${repo}`, bare, rest, query, body, state });
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
    addGitRepository(owner, repo, bareDir) {
      state.gitRepositories.set(`${owner}/${repo}`, bareDir);
      state.repositories.add(`${owner}/${repo}`);
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

// ---------------------------------------------------------------------------------------------------------------
// Git Data and contents, over a real bare repository (git plumbing)

interface GitAnswer {
  code: number;
  stdout: Buffer;
  stderr: string;
}

function git(bare: string, args: string[], options: { input?: Buffer | string; env?: Record<string, string> } = {}) {
  return new Promise<GitAnswer>((resolve) => {
    const child = execFile(
      'git',
      ['--git-dir', bare, ...args],
      {
        encoding: 'buffer',
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', ...options.env },
      },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout, stderr: stderr.toString('utf8') });
      },
    );
    // A git command that reads no input may exit before its stdin is closed: that is not an error.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}

async function gitOut(bare: string, args: string[], options?: Parameters<typeof git>[2]): Promise<string | undefined> {
  const r = await git(bare, args, options);
  return r.code === 0 ? r.stdout.toString('utf8').trim() : undefined;
}

const SHA_RE = /^[0-9a-f]{40}$/;
const notFound = (res: ServerResponse, doc: string) =>
  send(res, 404, { message: 'Not Found', documentation_url: `https://docs.github.com/rest/${doc}`, status: '404' });

/** The answer to a Git Data write by a token with `contents: read` (the installation token's default). */
function gitForbidden(res: ServerResponse, doc: string): void {
  send(
    res,
    403,
    {
      message: 'Resource not accessible by integration',
      documentation_url: `https://docs.github.com/rest/${doc}`,
      status: '403',
    },
    { 'x-accepted-github-permissions': 'contents=write' },
  );
}

interface GitDataRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** `${url}/repos/{o}/{r}`. */
  base: string;
  bare: string;
  /** Decoded path segments after `/repos/{o}/{r}`: `git`, `ref`, `heads`, `main`… or `contents`, … */
  rest: string[];
  query: Record<string, string>;
  body: unknown;
  state: GitHubServerState;
}

/** Routes the Git Data API and the contents API as documented (docs.github.com/rest/git, /rest/repos/contents). */
async function serveGitData(r: GitDataRequest): Promise<void> {
  const { req, res, rest } = r;
  const [kind, what, ...tail] = rest;
  const method = req.method ?? 'GET';
  if (kind === 'contents') return await getContents(r, rest.slice(1).join('/'));
  if (method === 'GET' && what === 'ref' && tail[0] === 'heads') return await getRef(r, tail.join('/'));
  if (method === 'PATCH' && what === 'refs' && tail[0] === 'heads') return await updateRef(r, tail.join('/'));
  if (method === 'GET' && what === 'commits' && tail.length === 1) return await getCommit(r, tail[0]!);
  if (method === 'POST' && what === 'commits' && tail.length === 0) return await createCommit(r);
  if (method === 'POST' && what === 'blobs' && tail.length === 0) return await createBlob(r);
  if (method === 'GET' && what === 'blobs' && tail.length === 1) return await getBlob(r, tail[0]!);
  if (method === 'POST' && what === 'trees' && tail.length === 0) return await createTree(r);
  return notFound(res, 'git');
}

async function getRef({ res, base, bare }: GitDataRequest, ref: string): Promise<void> {
  const sha = await gitOut(bare, ['rev-parse', '--verify', '--quiet', `refs/${ref}^{commit}`]);
  if (!sha) return notFound(res, 'git/refs#get-a-reference');
  send(res, 200, {
    ref: `refs/${ref}`,
    node_id: `REF_${sha.slice(0, 8)}`,
    url: `${base}/git/refs/${ref}`,
    object: { sha, type: 'commit', url: `${base}/git/commits/${sha}` },
  });
}

/** PATCH a ref: fast-forward only unless `force`; the compare-and-swap is git's own (`update-ref <new> <old>`). */
async function updateRef({ res, base, bare, body, state }: GitDataRequest, ref: string): Promise<void> {
  const hook = state.beforeRefUpdate;
  state.beforeRefUpdate = undefined;
  if (hook) await hook();
  if (state.gitWrites === 'forbidden') return gitForbidden(res, 'git/refs#update-a-reference');
  const b = (body ?? {}) as { sha?: unknown; force?: unknown };
  const current = await gitOut(bare, ['rev-parse', '--verify', '--quiet', `refs/${ref}^{commit}`]);
  if (!current) return send(res, 422, { message: 'Reference does not exist', documentation_url: DOCS, status: '422' });
  if (state.gitWrites === 'protected') {
    return send(res, 422, {
      message: `Protected branch update failed for refs/${ref}.`,
      documentation_url: 'https://docs.github.com/rest/git/refs#update-a-reference',
      status: '422',
    });
  }
  const sha = typeof b.sha === 'string' ? b.sha : '';
  if (!SHA_RE.test(sha) || (await gitOut(bare, ['cat-file', '-t', sha])) !== 'commit') {
    return send(res, 422, { message: 'Object does not exist', documentation_url: DOCS, status: '422' });
  }
  const fastForward = (await git(bare, ['merge-base', '--is-ancestor', current, sha])).code === 0;
  if (!fastForward && b.force !== true) {
    return send(res, 422, {
      message: 'Update is not a fast forward',
      documentation_url: 'https://docs.github.com/rest/git/refs#update-a-reference',
      status: '422',
    });
  }
  const moved = await git(bare, ['update-ref', `refs/${ref}`, sha, current]);
  if (moved.code !== 0) return send(res, 409, { message: 'Reference cannot be updated', documentation_url: DOCS });
  send(res, 200, {
    ref: `refs/${ref}`,
    node_id: `REF_${sha.slice(0, 8)}`,
    url: `${base}/git/refs/${ref}`,
    object: { sha, type: 'commit', url: `${base}/git/commits/${sha}` },
  });
}

function person(line: string | undefined): { name: string; email: string; date: string } {
  const m = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line ?? '');
  if (!m) return { name: '', email: '', date: new Date(0).toISOString() };
  return { name: m[1]!, email: m[2]!, date: new Date(Number(m[3]) * 1000).toISOString().replace(/\.000Z$/, 'Z') };
}

async function commitJson(base: string, bare: string, sha: string): Promise<unknown> {
  const raw = await gitOut(bare, ['cat-file', 'commit', sha]);
  if (raw === undefined) return undefined;
  const [head = '', ...message] = raw.split('\n\n');
  const fields = head.split('\n');
  const value = (k: string) => fields.filter((f) => f.startsWith(`${k} `)).map((f) => f.slice(k.length + 1));
  return {
    sha,
    node_id: `C_${sha.slice(0, 8)}`,
    url: `${base}/git/commits/${sha}`,
    author: person(value('author')[0]),
    committer: person(value('committer')[0]),
    message: message.join('\n\n'),
    tree: { sha: value('tree')[0], url: `${base}/git/trees/${value('tree')[0]}` },
    parents: value('parent').map((p) => ({ sha: p, url: `${base}/git/commits/${p}` })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null },
  };
}

async function getCommit({ res, base, bare }: GitDataRequest, sha: string): Promise<void> {
  const commit = SHA_RE.test(sha) && (await gitOut(bare, ['cat-file', '-t', sha])) === 'commit';
  if (!commit) return notFound(res, 'git/commits#get-a-commit-object');
  send(res, 200, await commitJson(base, bare, sha));
}

async function createCommit({ res, base, bare, body, state }: GitDataRequest): Promise<void> {
  if (state.gitWrites === 'forbidden') return gitForbidden(res, 'git/commits#create-a-commit');
  const b = (body ?? {}) as { message?: unknown; tree?: unknown; parents?: unknown };
  const parents = Array.isArray(b.parents) ? b.parents.filter((p): p is string => typeof p === 'string') : [];
  const tree = typeof b.tree === 'string' ? b.tree : '';
  if (typeof b.message !== 'string' || !SHA_RE.test(tree) || (await gitOut(bare, ['cat-file', '-t', tree])) !== 'tree')
    return send(res, 422, { message: 'Tree SHA does not exist', documentation_url: DOCS, status: '422' });
  for (const p of parents) {
    if ((await gitOut(bare, ['cat-file', '-t', p])) !== 'commit')
      return send(res, 422, { message: 'Parent SHA does not exist or is not a commit object', status: '422' });
  }
  const who = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' };
  const env = {
    GIT_AUTHOR_NAME: who.name,
    GIT_AUTHOR_EMAIL: who.email,
    GIT_COMMITTER_NAME: who.name,
    GIT_COMMITTER_EMAIL: who.email,
  };
  const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-F', '-'];
  const sha = await gitOut(bare, args, { input: b.message, env });
  if (!sha) return send(res, 500, { message: 'commit-tree failed' });
  send(res, 201, await commitJson(base, bare, sha), { location: `${base}/git/commits/${sha}` });
}

async function createBlob({ res, base, bare, body, state }: GitDataRequest): Promise<void> {
  if (state.gitWrites === 'forbidden') return gitForbidden(res, 'git/blobs#create-a-blob');
  const b = (body ?? {}) as { content?: unknown; encoding?: unknown };
  if (typeof b.content !== 'string' || (b.encoding !== undefined && b.encoding !== 'utf-8' && b.encoding !== 'base64'))
    return send(res, 422, { message: 'Invalid request.', documentation_url: DOCS, status: '422' });
  const bytes = b.encoding === 'base64' ? Buffer.from(b.content, 'base64') : Buffer.from(b.content, 'utf8');
  const sha = await gitOut(bare, ['hash-object', '-w', '--stdin'], { input: bytes });
  send(res, 201, { sha, url: `${base}/git/blobs/${sha}` }, { location: `${base}/git/blobs/${sha}` });
}

async function getBlob({ res, base, bare }: GitDataRequest, sha: string): Promise<void> {
  const blob = SHA_RE.test(sha) ? await git(bare, ['cat-file', 'blob', sha]) : undefined;
  if (!blob || blob.code !== 0) return notFound(res, 'git/blobs#get-a-blob');
  send(res, 200, {
    sha,
    node_id: `B_${sha.slice(0, 8)}`,
    size: blob.stdout.length,
    url: `${base}/git/blobs/${sha}`,
    content: base64Lines(blob.stdout),
    encoding: 'base64',
  });
}

/** POST a tree: `base_tree` plus the entries given, built in a throw-away index (`read-tree` + `update-index`). */
async function createTree({ res, base, bare, body, state }: GitDataRequest): Promise<void> {
  if (state.gitWrites === 'forbidden') return gitForbidden(res, 'git/trees#create-a-tree');
  const b = (body ?? {}) as { base_tree?: unknown; tree?: unknown };
  const entries = Array.isArray(b.tree) ? (b.tree as Array<{ path?: unknown; mode?: unknown; sha?: unknown }>) : [];
  const dir = await mkdtemp(join(tmpdir(), 'github-server-index-'));
  try {
    const env = { GIT_INDEX_FILE: join(dir, 'index') };
    if (typeof b.base_tree === 'string' && (await git(bare, ['read-tree', b.base_tree], { env })).code !== 0)
      return send(res, 422, { message: 'Invalid tree info', documentation_url: DOCS, status: '422' });
    for (const e of entries) {
      const ok =
        typeof e.path === 'string' &&
        typeof e.sha === 'string' &&
        ['100644', '100755'].includes(String(e.mode)) &&
        (await gitOut(bare, ['cat-file', '-t', e.sha])) === 'blob';
      if (!ok) return send(res, 422, { message: 'Invalid tree info', documentation_url: DOCS, status: '422' });
      await git(
        bare,
        ['update-index', '--add', '--cacheinfo', `${String(e.mode)},${String(e.sha)},${String(e.path)}`],
        {
          env,
        },
      );
    }
    const sha = await gitOut(bare, ['write-tree'], { env });
    send(res, 201, { sha, url: `${base}/git/trees/${sha}`, tree: [], truncated: false });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** GitHub wraps base64 content at 60 characters. */
function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n';
}

/** GET contents: a file (base64; over 1 MB without content, as GitHub does), a symlink, a folder (an array), or 404. */
async function getContents({ res, base, bare, query }: GitDataRequest, path: string): Promise<void> {
  const ref = query['ref'] ?? 'HEAD';
  const listed = await git(bare, ['ls-tree', '-z', ref, '--', path]);
  const entry = listed.stdout
    .toString('utf8')
    .split('\0')
    .find((l) => l.endsWith(`\t${path}`));
  if (listed.code !== 0 || !entry || !path) return notFound(res, 'repos/contents#get-repository-content');
  const [mode, type, sha] = entry.split('\t')[0]!.split(' ') as [string, string, string];
  const common = { name: path.split('/').pop(), path, sha, url: `${base}/contents/${path}?ref=${ref}` };
  if (type === 'tree') return send(res, 200, [{ ...common, type: 'dir', size: 0 }]);
  const blob = (await git(bare, ['cat-file', 'blob', sha])).stdout;
  if (mode === '120000')
    return send(res, 200, { ...common, type: 'symlink', size: blob.length, target: blob.toString() });
  const large = blob.length > 1024 * 1024;
  send(res, 200, {
    ...common,
    type: 'file',
    size: blob.length,
    encoding: large ? 'none' : 'base64',
    content: large ? '' : base64Lines(blob),
  });
}
