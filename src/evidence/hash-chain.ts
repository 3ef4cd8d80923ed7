/**
 * The audit log's hash chain (`artifacts/audit-log.jsonl`), as pure functions over text.
 *
 * Each line is one JSON event. Its `hash` is defined as
 *
 *     hash = hex( SHA-256( prevHash + "\n" + JCS(event without "hash") ) )
 *
 * where JCS is RFC 8785 canonical JSON (`canonicalJson`), and "event without hash" is **every member of the line's
 * object except `hash`** — `seq`, `at`, `actor`, `action`, `model`, `version`, `reason`, `ticket`, `prevHash`,
 * `details` and any member a later version adds. Hashing every member (rather than a chosen list) means nothing can
 * be added to or changed in a line without breaking the chain. `prevHash` is the previous line's `hash`; the first
 * event's `prevHash` is {@link GENESIS_HASH} (64 zeros). `seq` counts from 1 and equals the 1-based line number, so
 * a deleted, inserted or reordered line is found by its `seq` and `prevHash`, and an edited one by its `hash`.
 *
 * Because the canonical form is hashed, the key order and spacing on a line do not matter to the chain; the
 * `evidence` check separately requires the base's log to be a byte prefix of the head's, so a reformatted old line
 * is still caught there.
 */
import { hash as oneShotHash } from 'node:crypto';
import { canonicalJson } from '../formats/canonical-digest.js';
import { canonicalAuditLineText } from './canonical-audit-line.js';
import { DEFAULT_MAX_BYTES, parseJsonDocument } from '../formats/json-document.js';

export type AuditAction = 'approve' | 'archive' | 'promote' | 'rollback' | 'force';

export const AUDIT_ACTIONS: readonly AuditAction[] = ['approve', 'archive', 'promote', 'rollback', 'force'];

/** The log's file name inside the archive directory: the release locator's answer. */
import { AUDIT_LOG_FILE } from '../release/release-locator.js';
export { AUDIT_LOG_FILE };

/** `prevHash` of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** One line of the audit log. */
export interface AuditEvent {
  /** 1-based position in the log; equals the line number. */
  seq: number;
  /** ISO 8601 time of the event. */
  at: string;
  /** Login or e-mail of whoever caused the event (never a token). */
  actor: string;
  action: AuditAction;
  model: string;
  version: string;
  /** Why (rollback reason, force justification, approval note); null when none was given. */
  reason: string | null;
  /** The Jira key of the release; null when unknown. */
  ticket: string | null;
  /** Action-specific facts (archived file digests, rollback from/to, approval role and decision). */
  details?: Record<string, unknown>;
  /** `hash` of the previous line, or {@link GENESIS_HASH}. */
  prevHash: string;
  /** See the module comment. */
  hash: string;
}

/** An event before it is chained: what the caller decides. */
export type UnchainedEvent = Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>;

/** The hash of an event (every member except `hash`) chained onto `prevHash`. */
export function computeEventHash(prevHash: string, event: Record<string, unknown>): string {
  return chainedHash(prevHash, canonicalEventText(event));
}

/** The chain's hash over an event's canonical text (see the module comment). */
function chainedHash(prevHash: string, canonical: string): string {
  // One-shot hashing: `log verify` hashes a million small events, and a Hash object per event costs a third more.
  return oneShotHash('sha256', prevHash + '\n' + canonical, 'hex');
}

/** A key that `{}` would not hold as a plain own member in the order it was set (`__proto__`, array indices). */
const UNORDERED_KEY = /^(?:__proto__|0|[1-9]\d*)$/;

/**
 * The RFC 8785 text of `event` without its `hash` member, byte for byte what `canonicalJson` gives. For plain JSON
 * data (what `JSON.parse` returns: plain objects, arrays, well-formed strings, finite numbers, booleans, null) RFC
 * 8785 is `JSON.stringify` with every object's keys sorted by UTF-16 code unit, so a sorted copy serialised natively
 * is 3 to 5 times faster than the library's walk. Anything else (a Date, a `toJSON`, undefined, an index-like or
 * `__proto__` key, whose order or meaning a plain copy would change) goes to `canonicalJson` itself.
 */
function canonicalEventText(event: Record<string, unknown>): string {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(event).sort()) {
    if (key === 'hash') continue;
    const copy = sortedJsonCopy(event[key]);
    if (copy === NOT_PLAIN || UNORDERED_KEY.test(key)) {
      const { hash: _hash, ...rest } = event;
      return canonicalJson(rest);
    }
    sorted[key] = copy;
  }
  return JSON.stringify(sorted);
}

const NOT_PLAIN = Symbol('not plain JSON');

/** `String.prototype.isWellFormed` (Node 20; the ES2024 lib that types it is newer than this project's). */
type WellFormedCheck = string & { isWellFormed(): boolean };

/** `value` with every object's keys sorted, or {@link NOT_PLAIN} when it is not plain JSON data (see above). */
function sortedJsonCopy(value: unknown): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') return (value as WellFormedCheck).isWellFormed() ? value : NOT_PLAIN;
  if (typeof value === 'number') return Number.isFinite(value) ? value : NOT_PLAIN;
  if (typeof value !== 'object') return NOT_PLAIN;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const copy = sortedJsonCopy(item);
      if (copy === NOT_PLAIN) return NOT_PLAIN;
      out.push(copy);
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const copy = sortedJsonCopy((value as Record<string, unknown>)[key]);
    if (copy === NOT_PLAIN || UNORDERED_KEY.test(key)) return NOT_PLAIN;
    out[key] = copy;
  }
  return out;
}

/**
 * The next event of a chain whose last event is `last` (undefined for an empty log). Member order is fixed so the
 * lines read the same way every time. An event with no canonical form (a lone surrogate in its text) is
 * {@link UnloggableEventError}.
 */
export function buildChainedEvent(
  last: Pick<AuditEvent, 'seq' | 'hash'> | undefined,
  event: UnchainedEvent,
): AuditEvent {
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const body: Omit<AuditEvent, 'hash'> = {
    seq,
    at: event.at,
    actor: event.actor,
    action: event.action,
    model: event.model,
    version: event.version,
    reason: event.reason ?? null,
    ticket: event.ticket ?? null,
    ...(event.details !== undefined ? { details: event.details } : {}),
    prevHash,
  };
  let hash: string;
  try {
    hash = computeEventHash(prevHash, body as unknown as Record<string, unknown>);
  } catch (e) {
    // RFC 8785 has no text for half a surrogate pair (or a value JSON cannot hold): no hash, so no line.
    throw new UnloggableEventError(
      `the audit event cannot be logged: it has no canonical JSON form (${(e as Error).message})`,
    );
  }
  return { ...body, hash };
}

/** An event the log cannot hold: its line would not read back (e.g. a `__proto__` key in `details`). */
export class UnloggableEventError extends Error {
  override name = 'UnloggableEventError';
  readonly fix = 'remove the offending member from the event details (keys like __proto__ are never accepted)';
}

/**
 * One line of the log in its written form (no trailing newline). The line must read back through the same strict
 * parser `log verify` uses: the tool never writes evidence it would later call malformed.
 */
export function formatAuditLine(event: AuditEvent): string {
  const line = JSON.stringify(event);
  const problem = parseJsonDocument(AUDIT_LOG_FILE, Buffer.from(line, 'utf8')).problems[0];
  if (problem) throw new UnloggableEventError(`the audit event cannot be logged: ${problem.message}`);
  return line;
}

export type ChainBreakKind =
  /** The line is not a JSON object with the required members. */
  | 'malformed'
  /** The content was changed after it was written (its hash no longer matches). */
  | 'edited'
  /** `seq` skips ahead: one or more events before this line were deleted. */
  | 'deleted'
  /** `seq` goes backwards or repeats: a line was moved or a foreign one inserted. */
  | 'reordered'
  /** `seq` is in order but `prevHash` does not name the previous line: an event was replaced or inserted. */
  | 'inserted'
  /** The file does not end with a newline (a truncated or hand-edited last line). */
  | 'truncated';

export interface ChainBreak {
  kind: ChainBreakKind;
  /** 1-based line number in the file. */
  line: number;
  /** The line's `seq` when it could be read. */
  seq?: number;
  message: string;
}

export type ChainVerification =
  { ok: true; events: AuditEvent[]; headHash: string } | { ok: false; events: AuditEvent[]; break: ChainBreak };

function describe(line: number, seq: number | undefined): string {
  return `line ${line}${seq !== undefined ? ` (seq ${seq})` : ''}`;
}

function isEventShape(v: unknown): v is AuditEvent {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const e = v as Record<string, unknown>;
  return (
    Number.isInteger(e['seq']) &&
    typeof e['at'] === 'string' &&
    typeof e['actor'] === 'string' &&
    typeof e['action'] === 'string' &&
    typeof e['model'] === 'string' &&
    typeof e['version'] === 'string' &&
    typeof e['prevHash'] === 'string' &&
    typeof e['hash'] === 'string'
  );
}

const PROTOTYPE_KEY_TEXT = /"(?:__proto__|constructor|prototype)"\s*:/;
/** A `\uD800`–`\uDFFF` escape: in `JSON.stringify` output only a lone surrogate is written so. */
const SURROGATE_ESCAPE_TEXT = /\\u[dD][89a-fA-F]/;

/**
 * The longest line the log may hold, in UTF-8 bytes: the limit of every document mlgov reads (a line is one JSON
 * document). It bounds what a streaming reader must hold at once; `formatAuditLine` never writes a longer one (the
 * strict parser refuses it).
 */
export const MAX_AUDIT_LINE_BYTES = DEFAULT_MAX_BYTES;

/** A line as read: its value, and, when the line provably is `JSON.stringify` output, its event's canonical text. */
interface ReadLine {
  value: unknown;
  /** RFC 8785 text of the event without `hash`, cut from the line (canonical-audit-line.ts); else recomputed. */
  canonical?: string;
}

/**
 * One line's value, read as strictly as the strict parser reads it (a duplicate or prototype key or a lone surrogate
 * makes it unreadable), but fast for the lines mlgov writes: those are `JSON.stringify` output, and a line that
 * re-serialises to itself through `JSON.parse` cannot hold a duplicate key (JSON.parse keeps one, so the text would
 * differ). Anything else goes through the strict parser (10x slower; `log verify` reads a million lines in one go).
 * The re-serialisation is skipped when `canonicalAuditLineText` proves the same thing from the line's characters
 * (and gives the canonical text the hash needs on the way); `withCanonical` is false where only the value is wanted.
 */
function readAuditLine(raw: string, withCanonical: boolean): ReadLine {
  // (A surrogate escape needs a backslash: most lines have none, and `includes` is cheaper than the pattern.)
  if (PROTOTYPE_KEY_TEXT.test(raw) || (raw.includes('\\') && SURROGATE_ESCAPE_TEXT.test(raw))) return strictlyRead(raw);
  try {
    const value: unknown = JSON.parse(raw);
    const canonical = withCanonical ? canonicalAuditLineText(raw, value) : undefined;
    if (canonical !== undefined) return { value, canonical };
    if (JSON.stringify(value) === raw) return { value };
  } catch {
    // not JSON, or nested too deep to serialise again: the strict parser says so
  }
  return strictlyRead(raw);
}

function strictlyRead(raw: string): ReadLine {
  return { value: parseJsonDocument(AUDIT_LOG_FILE, Buffer.from(raw, 'utf8')).value };
}

/** A break at a line: its `seq` is given only when the line could be read. */
function chainBreak(kind: ChainBreakKind, line: number, seq: number | undefined, message: string): ChainBreak {
  return { kind, line, ...(seq !== undefined ? { seq } : {}), message };
}

/** The break of a line longer than {@link MAX_AUDIT_LINE_BYTES}: never read, whatever it holds. */
export function overlongLineBreak(line: number): ChainBreak {
  return chainBreak(
    'malformed',
    line,
    undefined,
    `${describe(line, undefined)} is longer than ${MAX_AUDIT_LINE_BYTES} bytes: not an audit event mlgov writes`,
  );
}

/** Whether a line (as text) is longer than {@link MAX_AUDIT_LINE_BYTES} in UTF-8; cheap for short lines. */
function isOverlong(raw: string): boolean {
  return raw.length * 3 > MAX_AUDIT_LINE_BYTES && Buffer.byteLength(raw, 'utf8') > MAX_AUDIT_LINE_BYTES;
}

/**
 * The break at line `lineNo`, whose event `value` should follow the hash `prevHash`; undefined when the line
 * continues the chain, `{ skipped }` when its seq skipped ahead (moved further down, or deleted: only the rest of
 * the log tells which, see {@link ChainVerifier}). In order: its shape, its seq (behind: reordered), its link to the
 * previous event, its own hash.
 */
function breakAtLine(
  lineNo: number,
  { value, canonical }: ReadLine,
  prevHash: string,
): ChainBreak | { skipped: { line: number; seq: number; expectedSeq: number } } | undefined {
  if (!isEventShape(value)) {
    return chainBreak(
      'malformed',
      lineNo,
      undefined,
      `${describe(lineNo, undefined)} is not an audit event (a JSON object with seq, at, actor, action, model, version, prevHash, hash)`,
    );
  }
  const seq = value.seq;
  const expectedSeq = lineNo;
  if (seq > expectedSeq) return { skipped: { line: lineNo, seq, expectedSeq } };
  if (seq < expectedSeq) {
    return chainBreak(
      'reordered',
      lineNo,
      seq,
      `${describe(lineNo, seq)}: expected seq ${expectedSeq}; events were reordered or a line was inserted`,
    );
  }
  if (value.prevHash !== prevHash) {
    return chainBreak(
      'inserted',
      lineNo,
      seq,
      `${describe(lineNo, seq)}: prevHash ${value.prevHash.slice(0, 12)}… does not match the previous event's hash ${prevHash.slice(0, 12)}…; an event was replaced or inserted`,
    );
  }
  const recomputed =
    canonical !== undefined
      ? chainedHash(prevHash, canonical)
      : computeEventHash(prevHash, value as unknown as Record<string, unknown>);
  if (recomputed !== value.hash) {
    return chainBreak(
      'edited',
      lineNo,
      seq,
      `${describe(lineNo, seq)}: hash does not match the event's content; the event was edited after it was written`,
    );
  }
  return undefined;
}

/** A skipped seq that turns up further down (at `movedTo`) was moved, not deleted: say so, and where it went. */
function skippedSeqBreak(skip: { line: number; seq: number; expectedSeq: number }, movedTo: number | undefined) {
  const { line, seq, expectedSeq } = skip;
  return movedTo !== undefined
    ? chainBreak(
        'reordered',
        line,
        seq,
        `${describe(line, seq)}: expected seq ${expectedSeq}, which was moved to line ${movedTo}; events were reordered`,
      )
    : chainBreak(
        'deleted',
        line,
        seq,
        `${describe(line, seq)}: expected seq ${expectedSeq}; ${seq - expectedSeq} event(s) before it were deleted`,
      );
}

/** What a {@link ChainVerifier} has found so far. */
export type ChainProgress =
  | { ok: true; events: number; headHash: string; lastSeq: number | undefined }
  | { ok: false; events: number; break: ChainBreak };

/**
 * The chain verified one line at a time, in constant memory: it keeps the previous hash, the count and the break,
 * never the events (a caller that wants them takes each from {@link ChainVerifier.line}'s answer). Both readers of
 * the log, {@link verifyAuditLog} over text and `verifyAuditLogStream` over a file, feed it the same lines (the
 * text split on "\n"; a last line without its newline is passed as `terminated: false`), so they give the same
 * verdict by construction.
 *
 * After a seq that skipped ahead, the verifier reads on (`seeking`) to tell a moved event from a deleted one: the
 * break is final only at the end of the log or when the skipped seq turns up.
 */
export class ChainVerifier {
  private lineNo = 0;
  private count = 0;
  private prevHash = GENESIS_HASH;
  private lastSeq: number | undefined;
  private found: ChainBreak | undefined;
  private seeking: { line: number; seq: number; expectedSeq: number } | undefined;

  /** True once the verdict is known: the caller may stop reading. */
  get done(): boolean {
    return this.found !== undefined;
  }

  /**
   * The next line (without its "\n"); `overlong` when the reader refused to hold it (more than
   * {@link MAX_AUDIT_LINE_BYTES}). Returns the line's event when it continues the chain.
   */
  line(raw: string, terminated = true, overlong = false): AuditEvent | undefined {
    if (this.found) return undefined;
    const lineNo = ++this.lineNo;
    if (this.seeking) {
      if (overlong || isOverlong(raw)) return undefined;
      const { value } = readAuditLine(raw, false);
      if (isEventShape(value) && value.seq === this.seeking.expectedSeq)
        this.found = skippedSeqBreak(this.seeking, lineNo);
      return undefined;
    }
    if (overlong || isOverlong(raw)) {
      this.found = overlongLineBreak(lineNo);
      return undefined;
    }
    // The strict reading, not bare JSON.parse: a line with a duplicate key ("actor" twice) reads differently in
    // first-wins and last-wins readers, so an auditor's tool could show another actor than the one hashed.
    const read = readAuditLine(raw, true);
    const broken = breakAtLine(lineNo, read, this.prevHash);
    if (broken && 'skipped' in broken) {
      this.seeking = broken.skipped;
      return undefined;
    }
    if (broken) {
      this.found = broken;
      return undefined;
    }
    const event = read.value as AuditEvent;
    this.count++;
    this.prevHash = event.hash;
    this.lastSeq = event.seq;
    if (!terminated) {
      const message = `line ${lineNo}: the log does not end with a newline (truncated or edited by hand)`;
      this.found = chainBreak('truncated', lineNo, event.seq, message);
    }
    return event;
  }

  /** The verdict once every line was given (or {@link done}). */
  result(): ChainProgress {
    const found = this.found ?? (this.seeking ? skippedSeqBreak(this.seeking, undefined) : undefined);
    if (found) return { ok: false, events: this.count, break: found };
    return { ok: true, events: this.count, headHash: this.prevHash, lastSeq: this.lastSeq };
  }
}

/**
 * Verifies a whole log and names the first broken line. The empty text is a valid, empty log. `events` holds the
 * events read before the break (all of them when the chain holds). For a log on disk, `verifyAuditLogStream`
 * (audit-log-stream.ts) gives the same verdict without holding the text or the events.
 */
export function verifyAuditLog(text: string): ChainVerification {
  const events: AuditEvent[] = [];
  const verifier = new ChainVerifier();
  let start = 0;
  while (start < text.length && !verifier.done) {
    const end = text.indexOf('\n', start);
    const terminated = end !== -1;
    const event = verifier.line(text.slice(start, terminated ? end : text.length), terminated);
    if (event) events.push(event);
    start = terminated ? end + 1 : text.length;
  }
  const verdict = verifier.result();
  return verdict.ok ? { ok: true, events, headHash: verdict.headHash } : { ok: false, events, break: verdict.break };
}

/**
 * Whether `base` is a prefix of `head` (the log only grew), and if not, the 1-based line of the first difference.
 */
export function findLogRewrite(base: string, head: string): { grewOnly: true } | { grewOnly: false; line: number } {
  if (head.startsWith(base)) return { grewOnly: true };
  const b = base.split('\n');
  const h = head.split('\n');
  let i = 0;
  while (i < b.length && i < h.length && b[i] === h[i]) i++;
  return { grewOnly: false, line: i + 1 };
}
