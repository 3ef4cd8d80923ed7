/**
 * What the gate learned about the Jira ticket (owned by the Jira work; see src/adapters/jira-ticket-source.ts).
 * Plain data so the `jira` check stays pure.
 */
export interface TicketAttachment {
  id: string;
  filename: string;
  size?: number;
  /** Display name of who attached it. */
  author?: string;
  /** Stable identities of the author (Cloud accountId, Data Center name/key, e-mail when visible). */
  authorIds?: string[];
  created?: string;
  mimeType?: string;
  /**
   * SHA-256 (hex) of the content, set by the gatherer on the sign-off attachment that counted (the only one it
   * downloads), so the record can name the exact file the board signed.
   */
  sha256?: string;
  /** Why the gatherer could not hash the content of the sign-off attachment that counted. */
  digestUnavailable?: AttachmentDigestFailure;
}

/**
 * Why an attachment's content could not be hashed: a Jira failure (as for any request), `too-large` (over the
 * download limit: not downloaded, or cut off), or `size-mismatch` (Jira served another number of bytes than it lists).
 */
export interface AttachmentDigestFailure {
  kind: TicketFailure['kind'] | 'too-large' | 'size-mismatch';
  /** What happened, with the values involved; no secrets. */
  message: string;
  status?: number;
}

/** The content of one attachment, hashed, or why not. */
export type AttachmentDigest = { kind: 'hashed'; sha256: string; bytes: number } | AttachmentDigestFailure;

export interface TicketComment {
  id: string;
  /** Display name of the author. */
  author: string;
  /** Stable identities of the author (Cloud accountId, Data Center name/key, e-mail when visible); roster matching. */
  authorIds?: string[];
  /** Plain text (Cloud ADF bodies are flattened, Data Center wiki markup is kept as written). */
  body: string;
  created?: string;
}

export interface ServiceDeskApproval {
  id: string;
  name?: string;
  finalDecision?: string;
  approvers: Array<{ login: string; decision: string }>;
  completedDate?: string;
}

export interface TicketIssue {
  key: string;
  project: string;
  status: string;
  summary?: string;
  url?: string;
  attachments: TicketAttachment[];
  comments: TicketComment[];
  serviceDeskApprovals?: ServiceDeskApproval[];
  fields?: Record<string, unknown>;
}

/** Where a Jira key was found in the PR. */
export interface KeyMention {
  key: string;
  source: 'title' | 'branch' | 'body' | 'commits';
}

/**
 * Why Jira could not answer, as a small typed result (translated at the adapter boundary; never a request object,
 * never a credential). `not-configured`/`invalid-config` come from the faces' settings, before any request.
 */
export interface TicketFailure {
  kind:
    | 'not-found'
    | 'unauthorized'
    | 'forbidden'
    | 'unreachable'
    | 'rate-limited'
    | 'server-error'
    | 'invalid-key'
    | 'not-configured'
    | 'invalid-config';
  /** What happened, with the values involved (HTTP status, Jira's own error message); no secrets. */
  message: string;
  status?: number;
}

export type TicketLookup = { kind: 'found'; issue: TicketIssue } | TicketFailure;

/** What to read besides status and project (only what the policy's sign-off needs, to keep requests few). */
export interface IssueRequest {
  comments: boolean;
  serviceDeskApprovals: boolean;
  /** Extra field ids, e.g. `customfield_10050`. */
  fields: string[];
}

/** The Jira port (a narrow port, docs/design.md): the few questions mlgov asks Jira. The jira.js adapter implements it. */
export interface TicketSource {
  readonly deployment: 'cloud' | 'data-center';
  /** Site URL as configured (no credentials in it). */
  readonly baseUrl: string;
  /** Who the credentials authenticate as (`/myself`): proves reachability and credentials. */
  readMyself(): Promise<{ kind: 'ok'; displayName: string; id: string } | TicketFailure>;
  /** Whether the project exists and is visible (`/project/{key}`). */
  readProject(key: string): Promise<{ kind: 'ok'; key: string; name: string } | TicketFailure>;
  /** The issue with what the sign-off needs; the key must already be valid. */
  readIssue(key: string, request: IssueRequest): Promise<TicketLookup>;
  /**
   * SHA-256 of one attachment's content (`/rest/api/3/attachment/content/{id}` on Cloud, `/secure/attachment/{id}/…`
   * on Data Center), bounded in size; the failure says why not. `issueKey` only names the issue in messages.
   */
  readAttachmentDigest(issueKey: string, attachment: TicketAttachment): Promise<AttachmentDigest>;
}

export interface TicketFacts {
  /** Keys mentioned in the PR's title/branch/body/commits, in the sources the policy names. */
  mentions: KeyMention[];
  /** The manifest's key, looked up (absent when offline or no key). */
  lookup?: TicketLookup;
  /** Which deployment: cloud (REST v3, basic) or data-center (REST v2, PAT). */
  deployment?: 'cloud' | 'data-center';
  /** False when no pull request facts were available, so the PR's mentions could not be judged. */
  prKnown?: boolean;
  /** `--offline`: only the key rules were judged; the ticket was not looked up. */
  offline?: boolean;
  /** When the ticket was read (ISO 8601, the run's clock); absent when Jira was not asked. */
  readAt?: string;
}

/**
 * A Jira issue key as mlgov accepts it: project key (2–10 characters, upper case) and issue number without leading
 * zero. Strict on purpose: keys go into a URL path, so anything else is rejected before a request is made.
 */
export const JIRA_KEY_PATTERN = /^[A-Z][A-Z0-9_]{1,9}-[1-9][0-9]{0,8}$/;

/** True when `key` is a well-formed Jira issue key (see JIRA_KEY_PATTERN). */
export function isJiraKey(key: string): boolean {
  return key.length <= 20 && JIRA_KEY_PATTERN.test(key);
}

/** The project part of a key (`MLGOV` of `MLGOV-123`). */
export function projectOfKey(key: string): string {
  const dash = key.lastIndexOf('-');
  return dash < 0 ? key : key.slice(0, dash);
}

/**
 * Every well-formed Jira key in `text`, in order of appearance, duplicates kept.
 *
 * A hand-written scanner rather than a regular expression with `g`: a pattern like `[A-Z][A-Z0-9_]*-\d+` backtracks
 * over every long run of capitals without a dash, which is quadratic on a hostile 100 KB PR title. Here each character
 * is looked at a bounded number of times, so the scan is linear. A key must stand alone: the character before it and
 * the one after it are not letters, digits or `_` (so `XMLGOV-1`, `MLGOV-12a` are not keys, `feature/MLGOV-12-x` is).
 */
export function findJiraKeys(text: string): string[] {
  const keys: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isUpper(c) || (i > 0 && isWordChar(text.charCodeAt(i - 1)))) {
      i += 1;
      continue;
    }
    // project part: [A-Z][A-Z0-9_]*
    let j = i + 1;
    while (j < n && (isUpper(text.charCodeAt(j)) || isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j += 1;
    if (j < n && text.charCodeAt(j) === 45 /* - */) {
      let k = j + 1;
      while (k < n && isDigit(text.charCodeAt(k))) k += 1;
      const ends = k === n || !isWordChar(text.charCodeAt(k));
      if (k > j + 1 && ends && k - i <= 20) {
        const candidate = text.slice(i, k);
        if (isJiraKey(candidate)) keys.push(candidate);
      }
      i = Math.max(k, j + 1);
    } else {
      // Skip the whole run: no key can start inside it (its characters are preceded by word characters).
      i = j;
    }
  }
  return keys;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isWordChar(c: number): boolean {
  return isUpper(c) || isDigit(c) || (c >= 97 && c <= 122) || c === 95;
}
