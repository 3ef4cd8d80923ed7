/**
 * A loopback Jira for tests: a real HTTP server on 127.0.0.1 (port 0) that speaks the part of Jira's documented REST
 * contract mlgov uses, so the real jira.js client is exercised over real HTTP.
 *
 * - Jira Cloud platform REST v3 (`/rest/api/3/...`): HTTP Basic with e-mail + API token; comment bodies are Atlassian
 *   Document Format (ADF); users carry `accountId`.
 * - Jira Data Center REST v2 (`/rest/api/2/...`): `Authorization: Bearer <personal access token>`; comment bodies are
 *   wiki-markup strings; users carry `name`/`key`.
 * - Jira Service Management (`/rest/servicedeskapi/request/{key}/approval`): either credential.
 * - Attachment content, as documented: Cloud `GET /rest/api/3/attachment/content/{id}` answers `redirect=false` with
 *   the bytes (200) and otherwise with 303 to a media URL on another origin (a second loopback server, which needs
 *   no credential: the URL carries a short-lived token, as Atlassian's media host does); Data Center
 *   `GET /secure/attachment/{id}/{filename}` (Bearer PAT) answers the bytes, and an HTML error page for an unknown id.
 *
 * Errors use Jira's error collection body (`{"errorMessages":[...],"errors":{}}`, `application/json`). Failures are
 * scriptable per test (`failNext`), and every request is recorded WITHOUT its credentials (only which scheme was used
 * and whether it was accepted), so recordings and snapshots can never leak a token.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface JiraUser {
  /** Cloud account id (v3). */
  accountId?: string;
  /** Data Center user name (v2). */
  name?: string;
  displayName: string;
  emailAddress?: string;
}

export interface FakeAttachment {
  id: string;
  filename: string;
  author: JiraUser;
  created: string;
  size: number;
  mimeType: string;
  /** The bytes served for the content (default: `size` deterministic bytes derived from the id). */
  content?: Buffer;
}

export interface FakeComment {
  id: string;
  author: JiraUser;
  /** Plain text; served as ADF on v3 and as a wiki-markup string on v2. */
  body: string;
  created: string;
}

export interface FakeApproval {
  id: string;
  name: string;
  finalDecision: 'approved' | 'declined' | 'pending';
  approvers: Array<{ user: JiraUser; decision: 'approved' | 'declined' | 'pending' }>;
  completedDate?: string;
}

export interface FakeIssue {
  key: string;
  status: string;
  summary?: string;
  attachments?: FakeAttachment[];
  comments?: FakeComment[];
  /** Service Management approvals; absent means the issue is not a customer request (404 on the approval API). */
  approvals?: FakeApproval[];
  /** Extra fields (custom fields), served as given. */
  fields?: Record<string, unknown>;
  /** Keys the issue had before it was moved: Jira answers a former key with the issue under its current key. */
  formerKeys?: string[];
}

/** A scripted answer that replaces the normal one for the next matching request(s). */
export type ScriptedFailure =
  | { status: number; message?: string; retryAfter?: string }
  /** Close the connection without answering (a reset as the client sees it). */
  | { destroy: true }
  /** Never answer (until the server closes): for timeouts. */
  | { hang: true };

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query parameters; repeated parameters keep every value. */
  query: Record<string, string[]>;
  /** Which credential scheme the request used; never the credential itself. */
  auth: 'basic' | 'bearer' | 'none' | 'other';
  /** Whether the credential was accepted for this API. */
  authAccepted: boolean;
  /** What the server answered (0 when the connection was closed or left hanging). */
  status: number;
}

export interface JiraServerOptions {
  /** Cloud credentials accepted on REST v3 (Basic). */
  cloud?: { email: string; apiToken: string };
  /** Data Center personal access token accepted on REST v2 (Bearer). */
  dataCenter?: { pat: string };
  /** Projects that exist (default: MLGOV). */
  projects?: string[];
  /** The user `/myself` describes. */
  myself?: JiraUser;
  /** Answer Cloud's attachment content with a 303 to the media host even when asked for `redirect=false` (a proxy). */
  alwaysRedirectAttachments?: boolean;
}

export interface JiraServer {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  /** The media host Cloud redirects attachment downloads to (another origin: another port). */
  readonly mediaUrl: string;
  readonly requests: RecordedRequest[];
  addIssue(issue: FakeIssue): void;
  /** Answers the next `count` requests whose path matches `match` (default: every path) with `failure`. */
  failNext(count: number, failure: ScriptedFailure, match?: RegExp): void;
  close(): Promise<void>;
}

interface QueuedFailure {
  remaining: number;
  failure: ScriptedFailure;
  match?: RegExp;
}

const JSON_TYPE = 'application/json;charset=UTF-8';

/** Starts the loopback Jira on 127.0.0.1 with an ephemeral port. */
export async function startJiraServer(options: JiraServerOptions = {}): Promise<JiraServer> {
  const issues = new Map<string, FakeIssue>();
  const projects = new Set(options.projects ?? ['MLGOV']);
  const requests: RecordedRequest[] = [];
  const queue: QueuedFailure[] = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  let base = '';
  let mediaBase = '';

  const myself: JiraUser = options.myself ?? {
    accountId: '5b10a2844c20165700ede21g',
    name: 'ci-bot',
    displayName: 'CI Bot',
    emailAddress: 'ci@example.com',
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
    const scheme = authScheme(req);
    const api = apiOf(url.pathname);
    const authAccepted = isAccepted(req, api, options);
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      auth: scheme,
      authAccepted,
      status: 0,
    };
    requests.push(record);

    const scripted = takeScripted(queue, url.pathname);
    if (scripted) {
      if ('destroy' in scripted) {
        req.socket.destroy();
        return;
      }
      if ('hang' in scripted) {
        hanging.add(res);
        return;
      }
      const headers: Record<string, string> = {};
      if (scripted.retryAfter !== undefined) headers['Retry-After'] = scripted.retryAfter;
      send(res, record, scripted.status, errorBody(scripted.message ?? defaultMessage(scripted.status)), headers);
      return;
    }

    if (api === 'unknown') return send(res, record, 404, errorBody('Not found'));
    if (!authAccepted) {
      // Jira answers a missing or wrong credential with 401 and an error collection.
      return send(
        res,
        record,
        401,
        errorBody('You are not authenticated. Authentication required to perform this operation.'),
        {
          'WWW-Authenticate': api === 'v2' ? 'Bearer realm="Jira"' : 'Basic realm="protected-by-api-token"',
        },
      );
    }
    route(url, api, record, res);
  });

  function route(url: URL, api: Api, record: RecordedRequest, res: ServerResponse): void {
    const p = url.pathname;
    const v = api === 'v2' ? 2 : 3;
    let m: RegExpMatchArray | null;
    if ((m = /^\/rest\/api\/[23]\/myself$/.exec(p))) {
      return send(res, record, 200, userJson(myself, v, base));
    }
    if ((m = /^\/rest\/api\/[23]\/project\/([^/]+)$/.exec(p))) {
      const key = decodeURIComponent(m[1] ?? '');
      if (!projects.has(key)) return send(res, record, 404, errorBody(`No project could be found with key '${key}'.`));
      return send(res, record, 200, {
        self: `${base}/rest/api/${v}/project/10000`,
        id: '10000',
        key,
        name: `${key} governance`,
        projectTypeKey: 'software',
      });
    }
    if ((m = /^\/rest\/api\/[23]\/issue\/([^/]+)\/comment$/.exec(p))) {
      const issue = issues.get(decodeURIComponent(m[1] ?? ''));
      if (!issue)
        return send(res, record, 404, errorBody('Issue does not exist or you do not have permission to see it.'));
      const all = issue.comments ?? [];
      const startAt = Math.max(0, Number(first(url, 'startAt') ?? 0) || 0);
      const maxResults = Math.min(2, Math.max(1, Number(first(url, 'maxResults') ?? 2) || 2)); // small pages prove paging
      const page = all.slice(startAt, startAt + maxResults);
      return send(res, record, 200, {
        startAt,
        maxResults,
        total: all.length,
        comments: page.map((c) => ({
          self: `${base}/rest/api/${v}/issue/${issue.key}/comment/${c.id}`,
          id: c.id,
          author: userJson(c.author, v, base),
          body: v === 3 ? adf(c.body) : c.body,
          updateAuthor: userJson(c.author, v, base),
          created: c.created,
          updated: c.created,
          jsdPublic: true,
        })),
      });
    }
    if ((m = /^\/rest\/api\/[23]\/issue\/([^/]+)$/.exec(p))) {
      const asked = decodeURIComponent(m[1] ?? '');
      const issue = issues.get(asked) ?? [...issues.values()].find((i) => i.formerKeys?.includes(asked));
      if (!issue)
        return send(res, record, 404, errorBody('Issue does not exist or you do not have permission to see it.'));
      return send(res, record, 200, issueJson(issue, v, base, requestedFields(url)));
    }
    if ((m = /^\/rest\/api\/3\/attachment\/content\/([^/]+)$/.exec(p))) {
      const a = attachmentById(issues, decodeURIComponent(m[1] ?? ''));
      if (!a) return send(res, record, 404, errorBody('The attachment with ID does not exist.'));
      if (first(url, 'redirect') === 'false' && !options.alwaysRedirectAttachments) return sendBytes(res, record, a);
      record.status = 303;
      res.writeHead(303, { Location: `${mediaBase}/file/${a.id}/binary?token=media-${a.id}`, 'Content-Length': 0 });
      res.end();
      return;
    }
    if ((m = /^\/secure\/attachment\/([^/]+)\/([^/]+)$/.exec(p))) {
      const a = attachmentById(issues, decodeURIComponent(m[1] ?? ''));
      if (!a) {
        record.status = 404;
        const page = "<html><body><h1>Oops, you've found a dead link.</h1></body></html>";
        res.writeHead(404, { 'Content-Type': 'text/html;charset=UTF-8', 'Content-Length': Buffer.byteLength(page) });
        res.end(page);
        return;
      }
      return sendBytes(res, record, a);
    }
    if ((m = /^\/rest\/servicedeskapi\/request\/([^/]+)\/approval$/.exec(p))) {
      const issue = issues.get(decodeURIComponent(m[1] ?? ''));
      if (!issue || !issue.approvals) {
        return send(
          res,
          record,
          404,
          errorBody('The request could not be found or you do not have permission to view it.'),
        );
      }
      const values = issue.approvals.map((a) => ({
        id: a.id,
        name: a.name,
        finalDecision: a.finalDecision,
        canAnswerApproval: false,
        approvers: a.approvers.map((ap) => ({ approver: userJson(ap.user, v, base), approverDecision: ap.decision })),
        createdDate: dateJson('2026-11-01T09:00:00.000Z'),
        ...(a.completedDate ? { completedDate: dateJson(a.completedDate) } : {}),
        _links: { self: `${base}/rest/servicedeskapi/request/${issue.key}/approval/${a.id}` },
      }));
      return send(res, record, 200, {
        size: values.length,
        start: 0,
        limit: 50,
        isLastPage: true,
        values,
        _links: { base, context: '', self: `${base}/rest/servicedeskapi/request/${issue.key}/approval` },
      });
    }
    send(res, record, 404, errorBody('null for uri: ' + p));
  }

  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The media host: no Jira credential is needed (nor should one arrive: fetch drops it across origins).
  const media: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries([...url.searchParams.keys()].map((k) => [k, url.searchParams.getAll(k)])),
      auth: authScheme(req),
      authAccepted: true,
      status: 0,
    };
    requests.push(record);
    const m = /^\/file\/([^/]+)\/binary$/.exec(url.pathname);
    const a = m ? attachmentById(issues, decodeURIComponent(m[1] ?? '')) : undefined;
    if (!a || url.searchParams.get('token') !== `media-${a.id}`) return send(res, record, 404, errorBody('Not found'));
    sendBytes(res, record, a);
  });
  media.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
  mediaBase = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;

  return {
    url: base,
    mediaUrl: mediaBase,
    requests,
    addIssue(issue) {
      issues.set(issue.key, issue);
    },
    failNext(count, failure, match) {
      queue.push({ remaining: count, failure, ...(match ? { match } : {}) });
    },
    async close() {
      for (const res of hanging) res.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => media.close(() => resolve()));
    },
  };
}

type Api = 'v2' | 'v3' | 'servicedesk' | 'secure' | 'unknown';

function apiOf(path: string): Api {
  if (path.startsWith('/rest/api/2/')) return 'v2';
  if (path.startsWith('/rest/api/3/')) return 'v3';
  if (path.startsWith('/rest/servicedeskapi/')) return 'servicedesk';
  if (path.startsWith('/secure/attachment/')) return 'secure';
  return 'unknown';
}

function authScheme(req: IncomingMessage): RecordedRequest['auth'] {
  const h = req.headers.authorization;
  if (!h) return 'none';
  if (/^Basic /i.test(h)) return 'basic';
  if (/^Bearer /i.test(h)) return 'bearer';
  return 'other';
}

/** Cloud (v3) takes Basic e-mail:token; Data Center (v2) takes a Bearer PAT; Service Management takes either. */
function isAccepted(req: IncomingMessage, api: Api, options: JiraServerOptions): boolean {
  const h = req.headers.authorization ?? '';
  const basicOk =
    options.cloud !== undefined &&
    h === `Basic ${Buffer.from(`${options.cloud.email}:${options.cloud.apiToken}`, 'utf8').toString('base64')}`;
  const bearerOk = options.dataCenter !== undefined && h === `Bearer ${options.dataCenter.pat}`;
  if (api === 'v3') return basicOk;
  if (api === 'v2' || api === 'secure') return bearerOk;
  if (api === 'servicedesk') return basicOk || bearerOk;
  return false;
}

function takeScripted(queue: QueuedFailure[], path: string): ScriptedFailure | undefined {
  const entry = queue.find((q) => q.remaining > 0 && (!q.match || q.match.test(path)));
  if (!entry) return undefined;
  entry.remaining -= 1;
  if (entry.remaining === 0) queue.splice(queue.indexOf(entry), 1);
  return entry.failure;
}

function send(
  res: ServerResponse,
  record: RecordedRequest,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  record.status = status;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The bytes of an attachment: as given, or `size` bytes derived from its id (so a digest is stable per test). */
export function attachmentBytes(a: FakeAttachment): Buffer {
  if (a.content) return a.content;
  const out = Buffer.alloc(a.size);
  for (let i = 0; i < a.size; i += 1) out[i] = (i * 31 + Number(a.id.replace(/\D/g, '') || 0)) & 0xff;
  return out;
}

function attachmentById(issues: Map<string, FakeIssue>, id: string): FakeAttachment | undefined {
  for (const issue of issues.values()) {
    const a = (issue.attachments ?? []).find((x) => x.id === id);
    if (a) return a;
  }
  return undefined;
}

function sendBytes(res: ServerResponse, record: RecordedRequest, a: FakeAttachment): void {
  const bytes = attachmentBytes(a);
  record.status = 200;
  res.writeHead(200, { 'Content-Type': a.mimeType, 'Content-Length': bytes.length });
  res.end(bytes);
}

function errorBody(message: string): { errorMessages: string[]; errors: Record<string, string> } {
  return { errorMessages: [message], errors: {} };
}

function defaultMessage(status: number): string {
  if (status === 401) return 'You are not authenticated. Authentication required to perform this operation.';
  if (status === 403) return 'You do not have permission to perform this operation.';
  if (status === 404) return 'Issue does not exist or you do not have permission to see it.';
  if (status === 429) return 'Rate limit exceeded.';
  return 'Internal server error';
}

function first(url: URL, name: string): string | undefined {
  return url.searchParams.get(name) ?? undefined;
}

/** `fields` may be comma-joined (`fields=a,b`) or repeated (`fields=a&fields=b`); absent or `*all` means all. */
function requestedFields(url: URL): Set<string> | undefined {
  const names = url.searchParams
    .getAll('fields')
    .flatMap((f) => f.split(','))
    .map((f) => f.trim())
    .filter(Boolean);
  if (names.length === 0 || names.includes('*all') || names.includes('*navigable')) return undefined;
  return new Set(names);
}

function userJson(user: JiraUser, v: 2 | 3, base: string): Record<string, unknown> {
  if (v === 3) {
    return {
      self: `${base}/rest/api/3/user?accountId=${user.accountId ?? 'unknown'}`,
      accountId: user.accountId ?? 'unknown',
      accountType: 'atlassian',
      displayName: user.displayName,
      ...(user.emailAddress ? { emailAddress: user.emailAddress } : {}),
      active: true,
      timeZone: 'Europe/Berlin',
    };
  }
  return {
    self: `${base}/rest/api/2/user?username=${user.name ?? 'unknown'}`,
    name: user.name ?? 'unknown',
    key: user.name ?? 'unknown',
    displayName: user.displayName,
    ...(user.emailAddress ? { emailAddress: user.emailAddress } : {}),
    active: true,
    timeZone: 'Europe/Berlin',
  };
}

function adf(text: string): Record<string, unknown> {
  return {
    type: 'doc',
    version: 1,
    content: text
      .split('\n')
      .map((line) => ({ type: 'paragraph', content: line ? [{ type: 'text', text: line }] : [] })),
  };
}

function dateJson(iso: string): Record<string, unknown> {
  const ms = Date.parse(iso);
  return {
    iso8601: iso.replace(/\.\d{3}Z$/, '+0000').replace(/Z$/, '+0000'),
    jira: iso,
    friendly: iso,
    epochMillis: ms,
  };
}

function issueJson(issue: FakeIssue, v: 2 | 3, base: string, only: Set<string> | undefined): Record<string, unknown> {
  const project = issue.key.split('-')[0] ?? '';
  const all: Record<string, unknown> = {
    summary: issue.summary ?? `Release sign-off ${issue.key}`,
    status: {
      self: `${base}/rest/api/${v}/status/10001`,
      name: issue.status,
      id: '10001',
      statusCategory: { id: 3, key: 'done', name: 'Done', colorName: 'green' },
    },
    project: { self: `${base}/rest/api/${v}/project/10000`, id: '10000', key: project, name: `${project} governance` },
    attachment: (issue.attachments ?? []).map((a) => ({
      self: `${base}/rest/api/${v}/attachment/${a.id}`,
      id: a.id,
      filename: a.filename,
      author: userJson(a.author, v, base),
      created: a.created,
      size: a.size,
      mimeType: a.mimeType,
      content:
        v === 3
          ? `${base}/rest/api/3/attachment/content/${a.id}`
          : `${base}/secure/attachment/${a.id}/${encodeURIComponent(a.filename)}`,
    })),
    ...issue.fields,
  };
  const fields = only ? Object.fromEntries(Object.entries(all).filter(([k]) => only.has(k))) : all;
  return {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: String(10000 + Number(issue.key.split('-')[1] ?? 0)),
    self: `${base}/rest/api/${v}/issue/${issue.key}`,
    key: issue.key,
    fields,
  };
}
