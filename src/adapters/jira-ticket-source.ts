/**
 * The Jira adapter: implements the `TicketSource` port with jira.js 6 over real HTTP.
 *
 * - Jira Cloud: REST v3 with HTTP Basic (e-mail + API token), through jira.js' Cloud surface (`createCloudClient`).
 * - Jira Data Center / Server: REST v2 with a personal access token (`Authorization: Bearer`). jira.js 6 dropped
 *   `Version2Client` (its platform surface is generated from the Cloud v3 spec), so Data Center calls go through the
 *   same jira.js transport (`createClient(...).sendRequest`) with v2 paths, and bodies are read defensively here.
 * - Service Management approvals (`/rest/servicedeskapi/request/{key}/approval`) are the same path on both.
 *
 * Operational policy lives here, not in jira.js: a timeout per request, bounded retries with exponential backoff on
 * 429 (honouring `Retry-After`, capped) and 5xx and transient network errors, then fail closed. Every error is
 * translated at this boundary into a small `TicketFailure`; no request object, header or credential ever leaves it,
 * and every outgoing message is passed through `redact` as a second line of defence.
 */
import {
  createCloudClient,
  createServiceDeskClient,
  isApiError,
  isAuthError,
  isForbiddenError,
  isNetworkError,
  isNotFoundError,
  isRateLimitError,
  isSchemaMismatchError,
  isServerError,
  type CloudClient,
  type ServiceDeskClient,
} from 'jira.js';
import { createHash } from 'node:crypto';
import { BufferSchema, createClient, type Client } from 'jira.js/core';
import type {
  AttachmentDigest,
  IssueRequest,
  ServiceDeskApproval,
  TicketAttachment,
  TicketComment,
  TicketFailure,
  TicketIssue,
  TicketLookup,
  TicketSource,
} from '../release/ticket-facts.js';
import { isJiraKey } from '../release/ticket-facts.js';
import { richTextToPlain } from './jira-document.js';
import {
  readJiraSettings,
  redact,
  resolveJiraConnection,
  secretsOf,
  type JiraConnection,
  type JiraSettings,
  type JiraSettingsProblem,
} from './jira-settings.js';

/** Transport policy; the defaults suit CI, tests shrink the delays. */
export interface JiraClientOptions {
  /** Per-request timeout in ms (default 15 000). */
  timeoutMs?: number;
  /** Attempts per request including the first (default 4). */
  maxAttempts?: number;
  /** First backoff delay in ms, doubled per retry (default 500). */
  initialDelayMs?: number;
  /** Cap on any single wait, including a server's `Retry-After` (default 30 000). */
  maxDelayMs?: number;
  /** How to wait (tests record the delays instead of sleeping them). */
  sleep?: (ms: number) => Promise<void>;
  /** jira.js response-schema check: 'silent' in production (shapes are read defensively), 'throw' in tests. */
  onSchemaMismatch?: 'silent' | 'warn' | 'throw';
  /** Largest sign-off attachment downloaded to hash, in bytes (default 50 MiB); a larger one is refused, not read. */
  maxAttachmentBytes?: number;
}

/** 50 MiB: a signed PDF is far smaller; the bound keeps a runner's memory and time safe from a stray video. */
export const DEFAULT_MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

export type TicketSourceResult =
  | {
      kind: 'configured';
      source: TicketSource;
      /** One line for preflight: deployment, API, auth kind, site and account (never the token). */
      description: string;
    }
  | JiraSettingsProblem;

/**
 * Builds the Jira port from the environment (`JIRA_BASE_URL`, `JIRA_EMAIL`, `JIRA_API_TOKEN`, `JIRA_PAT`,
 * `JIRA_DEPLOYMENT`); the transport knobs `MLGOV_JIRA_TIMEOUT_MS`, `MLGOV_JIRA_MAX_ATTEMPTS`,
 * `MLGOV_JIRA_RETRY_DELAY_MS`, `MLGOV_JIRA_MAX_DELAY_MS` and `MLGOV_JIRA_MAX_ATTACHMENT_MB` apply unless `options`
 * says otherwise.
 */
export function ticketSourceFromEnvironment(
  env: Record<string, string | undefined>,
  options: JiraClientOptions = {},
): TicketSourceResult {
  return ticketSourceFromSettings(readJiraSettings(env), { ...jiraClientOptionsFromEnvironment(env), ...options });
}

/** The transport knobs from the environment (whole non-negative numbers only; anything else is ignored). */
export function jiraClientOptionsFromEnvironment(env: Record<string, string | undefined>): JiraClientOptions {
  const num = (name: string): number | undefined => {
    const v = env[name]?.trim();
    return v && /^\d{1,7}$/.test(v) ? Number(v) : undefined;
  };
  const out: JiraClientOptions = {};
  const timeoutMs = num('MLGOV_JIRA_TIMEOUT_MS');
  const maxAttempts = num('MLGOV_JIRA_MAX_ATTEMPTS');
  const initialDelayMs = num('MLGOV_JIRA_RETRY_DELAY_MS');
  const maxDelayMs = num('MLGOV_JIRA_MAX_DELAY_MS');
  const maxAttachmentMb = num('MLGOV_JIRA_MAX_ATTACHMENT_MB');
  if (maxAttachmentMb !== undefined && maxAttachmentMb > 0) out.maxAttachmentBytes = maxAttachmentMb * 1024 * 1024;
  if (timeoutMs !== undefined && timeoutMs > 0) out.timeoutMs = timeoutMs;
  if (maxAttempts !== undefined && maxAttempts > 0) out.maxAttempts = Math.min(maxAttempts, 10);
  if (initialDelayMs !== undefined) out.initialDelayMs = initialDelayMs;
  if (maxDelayMs !== undefined) out.maxDelayMs = maxDelayMs;
  return out;
}

/** Builds the Jira port from settings (action inputs or environment), or says what is missing/wrong. */
export function ticketSourceFromSettings(settings: JiraSettings, options: JiraClientOptions = {}): TicketSourceResult {
  const resolved = resolveJiraConnection(settings);
  if ('kind' in resolved) return resolved;
  const secrets = secretsOf(settings);
  try {
    const source = new JiraTicketSource(resolved, options, secrets);
    const description =
      resolved.deployment === 'cloud'
        ? `Jira Cloud (REST v3, e-mail + API token) at ${resolved.baseUrl} as ${resolved.email}`
        : `Jira Data Center (REST v2, personal access token) at ${resolved.baseUrl}`;
    return { kind: 'configured', source, description };
  } catch (err) {
    // jira.js validates its configuration (zod); say which settings, never echo them.
    return {
      kind: 'invalid-config',
      message: `The Jira settings were rejected by the client: ${redact(describeUnknown(err), secrets)}`,
      fix: 'Check JIRA_BASE_URL (site URL) and JIRA_EMAIL (an e-mail address).',
    };
  }
}

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

type Attempt<T> = { ok: true; value: T } | { ok: false; failure: TicketFailure };

const PAGE_LIMIT = 50; // bounded paging: at most 50 pages of comments/approvals

class JiraTicketSource implements TicketSource {
  readonly deployment: 'cloud' | 'data-center';
  readonly baseUrl: string;
  private readonly client: Client;
  private readonly cloud: CloudClient;
  private readonly serviceDesk: ServiceDeskClient;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxAttachmentBytes: number;

  constructor(
    connection: JiraConnection,
    options: JiraClientOptions,
    private readonly secrets: string[],
  ) {
    this.deployment = connection.deployment;
    this.baseUrl = connection.baseUrl;
    this.client = createClient({
      host: connection.baseUrl,
      auth:
        connection.deployment === 'cloud'
          ? { type: 'basic', email: connection.email, apiToken: connection.apiToken }
          : { type: 'bearer', token: connection.pat },
      // Retries are ours (429 and all 5xx, Retry-After), so jira.js' own are off.
      retry: { maxAttempts: 1 },
      onSchemaMismatch: options.onSchemaMismatch ?? 'silent',
    });
    this.cloud = createCloudClient(this.client);
    this.serviceDesk = createServiceDeskClient(this.client);
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.initialDelayMs = options.initialDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxAttachmentBytes = Math.max(1, options.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES);
  }

  private get v(): 2 | 3 {
    return this.deployment === 'cloud' ? 3 : 2;
  }

  async readMyself(): Promise<{ kind: 'ok'; displayName: string; id: string } | TicketFailure> {
    const r = await this.call('the current user (/myself)', () =>
      this.deployment === 'cloud'
        ? this.cloud.myself.getCurrentUser()
        : this.client.sendRequest<unknown>({ url: '/rest/api/2/myself', method: 'GET' }),
    );
    if (!r.ok) return r.failure;
    const u = asRecord(r.value);
    const id = str(u['accountId']) ?? str(u['name']) ?? str(u['key']) ?? '';
    return { kind: 'ok', displayName: this.clean(str(u['displayName']) ?? id), id: this.clean(id) };
  }

  async readProject(key: string): Promise<{ kind: 'ok'; key: string; name: string } | TicketFailure> {
    if (!/^[A-Z][A-Z0-9_]{1,9}$/.test(key)) {
      return {
        kind: 'invalid-key',
        message: `"${key.slice(0, 40)}" is not a Jira project key (2–10 capitals, digits or _).`,
      };
    }
    const r = await this.call(`project ${key}`, () =>
      this.deployment === 'cloud'
        ? this.cloud.projects.getProject({ projectIdOrKey: key })
        : this.client.sendRequest<unknown>({ url: `/rest/api/2/project/${encodeURIComponent(key)}`, method: 'GET' }),
    );
    if (!r.ok) return r.failure;
    const p = asRecord(r.value);
    return { kind: 'ok', key: this.clean(str(p['key']) ?? key), name: this.clean(str(p['name']) ?? '') };
  }

  async readIssue(key: string, request: IssueRequest): Promise<TicketLookup> {
    if (!isJiraKey(key)) {
      return { kind: 'invalid-key', message: `"${key.slice(0, 40)}" is not a Jira issue key like MLGOV-123.` };
    }
    const path = encodeURIComponent(key);
    const extra = request.fields.filter((f) => /^[A-Za-z0-9_.-]{1,64}$/.test(f));
    const fields = ['summary', 'status', 'project', 'attachment', ...extra];
    const r = await this.call(`issue ${key}`, () =>
      this.deployment === 'cloud'
        ? this.cloud.issues.getIssue({ issueIdOrKey: key, fields })
        : this.client.sendRequest<unknown>({
            url: `/rest/api/2/issue/${path}`,
            method: 'GET',
            searchParams: { fields: fields.join(',') },
          }),
    );
    if (!r.ok) return r.failure;
    const raw = asRecord(r.value);
    const f = asRecord(raw['fields']);
    // A 200 whose body is not an issue (broken JSON, an array, a proxy's page) must not be read as an issue with
    // no project and no status: that would blame the ticket ("moved to another project") for Jira's fault.
    if (str(asRecord(f['project'])['key']) === undefined || str(asRecord(f['status'])['name']) === undefined) {
      return {
        kind: 'server-error',
        status: 200,
        message: `Jira answered 200 for issue ${key}, but the body is not a Jira issue (no fields.project.key or fields.status.name): a proxy or a broken response.`,
      };
    }
    const issueKey = this.clean(str(raw['key']) ?? key);
    const issue: TicketIssue = {
      key: issueKey,
      project: this.clean(str(asRecord(f['project'])['key']) ?? ''),
      status: this.clean(str(asRecord(f['status'])['name']) ?? ''),
      url: `${this.baseUrl}/browse/${encodeURIComponent(issueKey)}`,
      attachments: (Array.isArray(f['attachment']) ? f['attachment'] : []).map((a) => this.attachmentOf(a)),
      comments: [],
    };
    const summary = str(f['summary']);
    if (summary !== undefined) issue.summary = this.clean(summary);
    if (extra.length > 0) {
      issue.fields = Object.fromEntries(extra.filter((id) => id in f).map((id) => [id, jsonSafe(f[id])]));
    }
    if (request.comments) {
      const c = await this.readComments(key);
      if (!Array.isArray(c)) return c;
      issue.comments = c;
    }
    if (request.serviceDeskApprovals) {
      const a = await this.readApprovals(key);
      if (!Array.isArray(a)) return a;
      issue.serviceDeskApprovals = a;
    }
    return { kind: 'found', issue };
  }

  private async readComments(key: string): Promise<TicketComment[] | TicketFailure> {
    const out: TicketComment[] = [];
    let startAt = 0;
    for (let page = 0; page < PAGE_LIMIT; page += 1) {
      const r = await this.call(`comments of ${key}`, () =>
        this.deployment === 'cloud'
          ? this.cloud.issueComments.getComments({ issueIdOrKey: key, startAt, maxResults: 100 })
          : this.client.sendRequest<unknown>({
              url: `/rest/api/2/issue/${encodeURIComponent(key)}/comment`,
              method: 'GET',
              searchParams: { startAt, maxResults: 100 },
            }),
      );
      if (!r.ok) return r.failure;
      const body = asRecord(r.value);
      const comments = Array.isArray(body['comments']) ? body['comments'] : [];
      for (const c of comments) {
        const rec = asRecord(c);
        const author = asRecord(rec['author']);
        const comment: TicketComment = {
          id: this.clean(str(rec['id']) ?? ''),
          author: this.clean(str(author['displayName']) ?? identitiesOf(author)[0] ?? 'unknown'),
          authorIds: identitiesOf(author).map((s) => this.clean(s)),
          body: this.clean(richTextToPlain(rec['body'])),
        };
        const created = dateText(rec['created']);
        if (created) comment.created = created;
        out.push(comment);
      }
      const total = typeof body['total'] === 'number' ? body['total'] : startAt + comments.length;
      startAt += comments.length;
      if (comments.length === 0 || startAt >= total) break;
    }
    return out;
  }

  private async readApprovals(key: string): Promise<ServiceDeskApproval[] | TicketFailure> {
    const out: ServiceDeskApproval[] = [];
    let start = 0;
    for (let page = 0; page < PAGE_LIMIT; page += 1) {
      const r = await this.call(`Service Management approvals of ${key}`, () =>
        this.serviceDesk.request.getApprovals({ issueIdOrKey: key, start, limit: 50 }),
      );
      if (!r.ok) {
        // 404: the issue is not a Service Management request, so it has no approvals (the check says so).
        if (r.failure.kind === 'not-found') return out;
        return r.failure;
      }
      const body = asRecord(r.value);
      const values = Array.isArray(body['values']) ? body['values'] : [];
      for (const v of values) {
        const rec = asRecord(v);
        const approval: ServiceDeskApproval = {
          id: this.clean(str(rec['id']) ?? ''),
          approvers: (Array.isArray(rec['approvers']) ? rec['approvers'] : []).map((a) => {
            const ar = asRecord(a);
            const user = asRecord(ar['approver']);
            return {
              login: this.clean(identitiesOf(user)[0] ?? str(user['displayName']) ?? 'unknown'),
              decision: this.clean(str(ar['approverDecision']) ?? 'pending'),
            };
          }),
        };
        const name = str(rec['name']);
        if (name !== undefined) approval.name = this.clean(name);
        const decision = str(rec['finalDecision']);
        if (decision !== undefined) approval.finalDecision = this.clean(decision);
        const completed = str(asRecord(rec['completedDate'])['iso8601']);
        if (completed !== undefined) approval.completedDate = this.clean(completed);
        out.push(approval);
      }
      start += values.length;
      if (values.length === 0 || body['isLastPage'] !== false) break;
    }
    return out;
  }

  async readAttachmentDigest(issueKey: string, attachment: TicketAttachment): Promise<AttachmentDigest> {
    const name = attachment.filename.slice(0, 120);
    const what = `the content of attachment ${name} (id ${attachment.id.slice(0, 20)}) of ${issueKey}`;
    // The id goes into a URL path: Jira's attachment ids are numbers, anything else is not asked for.
    if (!/^[1-9][0-9]{0,18}$/.test(attachment.id)) {
      return { kind: 'server-error', message: this.clean(`Jira listed ${what} with an id that is not a number.`) };
    }
    const limit = this.maxAttachmentBytes;
    if (attachment.size !== undefined && attachment.size > limit) {
      return {
        kind: 'too-large',
        message: this.clean(
          `Jira lists ${what} as ${attachment.size} bytes, over the ${limit}-byte download limit; it was not downloaded.`,
        ),
      };
    }
    const r = await this.call(what, () =>
      this.deployment === 'cloud'
        ? this.cloud.issueAttachments.getAttachmentContent({ id: attachment.id, redirect: false })
        : this.client.sendRequest({
            url: `/secure/attachment/${attachment.id}/${encodeURIComponent(attachment.filename)}`,
            method: 'GET',
            headers: { Accept: '*/*' },
            schema: BufferSchema,
          }),
    );
    if (!r.ok) return r.failure;
    const bytes = bytesOf(r.value);
    if (bytes.byteLength > limit) {
      return {
        kind: 'too-large',
        message: this.clean(
          `Jira served ${bytes.byteLength} bytes for ${what}, over the ${limit}-byte download limit.`,
        ),
      };
    }
    if (attachment.size !== undefined && bytes.byteLength !== attachment.size) {
      return {
        kind: 'size-mismatch',
        message: this.clean(
          `Jira served ${bytes.byteLength} bytes for ${what}, which it lists as ${attachment.size} bytes: not the file the ticket shows.`,
        ),
      };
    }
    return { kind: 'hashed', sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.byteLength };
  }

  private attachmentOf(a: unknown): TicketAttachment {
    const rec = asRecord(a);
    const author = asRecord(rec['author']);
    const out: TicketAttachment = {
      id: this.clean(str(rec['id']) ?? String(rec['id'] ?? '')),
      filename: this.clean(str(rec['filename']) ?? ''),
    };
    if (typeof rec['size'] === 'number') out.size = rec['size'];
    const display = str(author['displayName']);
    if (display !== undefined) out.author = this.clean(display);
    const ids = identitiesOf(author);
    if (ids.length > 0) out.authorIds = ids.map((s) => this.clean(s));
    const created = dateText(rec['created']);
    if (created) out.created = created;
    const mime = str(rec['mimeType']);
    if (mime !== undefined) out.mimeType = this.clean(mime);
    return out;
  }

  private clean(text: string): string {
    return redact(text, this.secrets);
  }

  /**
   * One logical request with the transport policy: timeout, bounded retries with backoff on 429/5xx/transient
   * network errors, then a typed failure. `what` names the resource for messages.
   */
  private async call<T>(what: string, request: () => Promise<T>): Promise<Attempt<T>> {
    let delay = this.initialDelayMs;
    let last: TicketFailure | undefined;
    let attempts = 0;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      attempts = attempt;
      try {
        return { ok: true, value: await this.withTimeout(request()) };
      } catch (err) {
        const { failure, retryable, retryAfterMs } = this.translate(err, what);
        last = failure;
        if (!retryable || attempt === this.maxAttempts) break;
        const wait = Math.min(retryAfterMs ?? delay, this.maxDelayMs);
        await this.sleep(wait);
        delay = Math.min(delay * 2, this.maxDelayMs);
      }
    }
    const failure = last ?? { kind: 'unreachable' as const, message: `Jira did not answer for ${what}.` };
    if (attempts > 1) failure.message = `${failure.message.replace(/\.$/, '')} (gave up after ${attempts} attempts).`;
    return { ok: false, failure: { ...failure, message: this.clean(failure.message) } };
  }

  private withTimeout<T>(p: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new TimeoutError()), this.timeoutMs);
      p.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  /** Maps anything thrown to a typed failure; reads only status, Jira's error messages and a network error code. */
  private translate(err: unknown, what: string): { failure: TicketFailure; retryable: boolean; retryAfterMs?: number } {
    const site = this.baseUrl;
    if (err instanceof TimeoutError) {
      return {
        failure: {
          kind: 'unreachable',
          message: `Jira at ${site} did not answer within ${this.timeoutMs} ms (${what}).`,
        },
        retryable: false,
      };
    }
    if (isApiError(err)) {
      const status = err.status;
      const detail = jiraMessages(err.body);
      const tail = detail ? `: ${detail}` : '';
      if (isAuthError(err) || status === 401) {
        return {
          failure: { kind: 'unauthorized', status, message: `Jira answered 401 Unauthorized for ${what}${tail}` },
          retryable: false,
        };
      }
      if (isForbiddenError(err)) {
        return {
          failure: { kind: 'forbidden', status, message: `Jira answered 403 Forbidden for ${what}${tail}` },
          retryable: false,
        };
      }
      if (isNotFoundError(err)) {
        return {
          failure: { kind: 'not-found', status, message: `Jira answered 404 Not Found for ${what}${tail}` },
          retryable: false,
        };
      }
      if (isRateLimitError(err)) {
        const retryAfterMs = (err as { retryAfterMs?: number }).retryAfterMs;
        return {
          failure: { kind: 'rate-limited', status, message: `Jira answered 429 Too Many Requests for ${what}${tail}` },
          retryable: true,
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        };
      }
      if (isServerError(err)) {
        return {
          failure: { kind: 'server-error', status, message: `Jira answered ${status} for ${what}${tail}` },
          retryable: true,
        };
      }
      return {
        failure: {
          kind: 'server-error',
          status,
          message: `Jira rejected the request for ${what} with ${status}${tail}`,
        },
        retryable: false,
      };
    }
    if (isNetworkError(err)) {
      const code = networkCode(err);
      return {
        failure: {
          kind: 'unreachable',
          message: `Could not reach Jira at ${site} for ${what} (${code ?? 'network error'}).`,
        },
        retryable:
          (err as { transient?: unknown }).transient === true || (code !== undefined && TRANSIENT_CODES.has(code)),
      };
    }
    if (isSchemaMismatchError(err)) {
      return {
        failure: { kind: 'server-error', message: `Jira answered ${what} with a body of an unexpected shape.` },
        retryable: false,
      };
    }
    return {
      failure: { kind: 'unreachable', message: `Could not read ${what} from Jira at ${site}: ${describeUnknown(err)}` },
      retryable: false,
    };
  }
}

/** Transport failures worth another attempt (refused: Jira restarting behind a load balancer is common). */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * The system error code under a fetch failure (`TypeError: fetch failed` → cause → `ECONNREFUSED`). Walks `cause`
 * by property, not `instanceof Error`: the error may come from another realm (a VM context, a worker).
 */
function networkCode(err: unknown): string | undefined {
  let cursor: unknown = err;
  for (let depth = 0; depth < 6 && typeof cursor === 'object' && cursor !== null; depth += 1) {
    const code = (cursor as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{2,40}$/.test(code)) return code;
    const errors = (cursor as { errors?: unknown }).errors; // AggregateError (happy eyeballs)
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = networkCode(errors[0]);
      if (inner) return inner;
    }
    cursor = (cursor as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The body jira.js hands back for a binary download (a Uint8Array, an ArrayBuffer; nothing for a 204) as bytes. */
function bytesOf(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return new Uint8Array(0);
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** jira.js coerces some dates to `Date`; the facts keep ISO strings. */
function dateText(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  return typeof v === 'string' ? v : undefined;
}

/** A user's stable identities: Cloud accountId, Data Center name and key, e-mail (when the site shows it). */
function identitiesOf(user: Record<string, unknown>): string[] {
  const ids = [str(user['accountId']), str(user['name']), str(user['key']), str(user['emailAddress'])].filter(
    (s): s is string => s !== undefined && s !== '',
  );
  return [...new Set(ids)];
}

/** Jira's error collection (`errorMessages` + `errors`) as one short line. */
function jiraMessages(body: unknown): string {
  const rec = asRecord(body);
  const messages = Array.isArray(rec['errorMessages']) ? rec['errorMessages'].filter((m) => typeof m === 'string') : [];
  const errors = Object.entries(asRecord(rec['errors']))
    .filter(([, v]) => typeof v === 'string')
    .map(([k, v]) => `${k}: ${String(v)}`);
  const text = [...messages, ...errors].join('; ');
  return text.length > 300 ? text.slice(0, 300) + '…' : text;
}

function jsonSafe(v: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(v ?? null)) as unknown;
  } catch {
    return null;
  }
}

/** A short description of an unexpected error: its name and first line only (never a request dump). */
function describeUnknown(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message.split('\n')[0]?.slice(0, 200) ?? ''}`;
  return String(err).slice(0, 200);
}
