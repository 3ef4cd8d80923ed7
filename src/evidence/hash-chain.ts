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
import { canonicalJson, sha256Hex } from '../formats/canonical-digest.js';
import { parseJsonDocument } from '../formats/json-document.js';

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
  const { hash: _hash, ...rest } = event;
  return sha256Hex(prevHash + '\n' + canonicalJson(rest));
}

/**
 * The next event of a chain whose last event is `last` (undefined for an empty log). Member order is fixed so the
 * lines read the same way every time.
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
  return { ...body, hash: computeEventHash(prevHash, body as unknown as Record<string, unknown>) };
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

/**
 * One line's value, read as strictly as the strict parser reads it (a duplicate or prototype key makes it
 * unreadable), but fast for the lines mlgov writes: those are `JSON.stringify` output, and a line that
 * re-serialises to itself through `JSON.parse` cannot hold a duplicate key (JSON.parse keeps one, so the text would
 * differ). Anything else goes through the strict parser (10x slower; `log verify` reads 100,000 lines in one go).
 */
function readAuditLine(raw: string): unknown {
  if (!PROTOTYPE_KEY_TEXT.test(raw)) {
    try {
      const value: unknown = JSON.parse(raw);
      if (JSON.stringify(value) === raw) return value;
    } catch {
      // not JSON: the strict parser says so
    }
  }
  return parseJsonDocument(AUDIT_LOG_FILE, Buffer.from(raw, 'utf8')).value;
}

/** The 1-based line at or after index `from` whose event has `seq`, if any (only read on a break). */
function lineOfSeq(lines: string[], from: number, seq: number): number | undefined {
  for (let j = from; j < lines.length; j++) {
    const value: unknown = readAuditLine(lines[j] ?? '');
    if (isEventShape(value) && value.seq === seq) return j + 1;
  }
  return undefined;
}

/** A break at a line: its `seq` is given only when the line could be read. */
function chainBreak(kind: ChainBreakKind, line: number, seq: number | undefined, message: string): ChainBreak {
  return { kind, line, ...(seq !== undefined ? { seq } : {}), message };
}

/**
 * The break at line index `i` of `lines`, whose event `value` should follow the hash `prevHash`; undefined when the
 * line continues the chain. In order: its shape, its seq (skipped ahead: moved further down or deleted; behind:
 * reordered), its link to the previous event, its own hash.
 */
function breakAtLine(lines: string[], i: number, value: unknown, prevHash: string): ChainBreak | undefined {
  const lineNo = i + 1;
  if (!isEventShape(value)) {
    return chainBreak(
      'malformed',
      lineNo,
      undefined,
      `${describe(lineNo, undefined)} is not an audit event (a JSON object with seq, at, actor, action, model, version, prevHash, hash)`,
    );
  }
  const seq = value.seq;
  const expectedSeq = i + 1;
  if (seq > expectedSeq) {
    // A skipped seq that turns up further down was moved, not deleted: say so, and where it went.
    const movedTo = lineOfSeq(lines, i + 1, expectedSeq);
    return movedTo !== undefined
      ? chainBreak(
          'reordered',
          lineNo,
          seq,
          `${describe(lineNo, seq)}: expected seq ${expectedSeq}, which was moved to line ${movedTo}; events were reordered`,
        )
      : chainBreak(
          'deleted',
          lineNo,
          seq,
          `${describe(lineNo, seq)}: expected seq ${expectedSeq}; ${seq - expectedSeq} event(s) before it were deleted`,
        );
  }
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
  const recomputed = computeEventHash(prevHash, value as unknown as Record<string, unknown>);
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

/**
 * Verifies a whole log and names the first broken line. The empty text is a valid, empty log. `events` holds the
 * events read before the break (all of them when the chain holds).
 */
export function verifyAuditLog(text: string): ChainVerification {
  const events: AuditEvent[] = [];
  if (text === '') return { ok: true, events, headHash: GENESIS_HASH };
  const lines = text.split('\n');
  const complete = lines[lines.length - 1] === '';
  if (complete) lines.pop();
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < lines.length; i++) {
    // The strict parser, not JSON.parse: a line with a duplicate key ("actor" twice) reads differently in
    // first-wins and last-wins readers, so an auditor's tool could show another actor than the one hashed.
    const value: unknown = readAuditLine(lines[i] ?? '');
    const broken = breakAtLine(lines, i, value, prevHash);
    if (broken) return { ok: false, events, break: broken };
    const event = value as AuditEvent;
    events.push(event);
    prevHash = event.hash;
  }
  if (!complete) {
    const truncated = `line ${lines.length}: the log does not end with a newline (truncated or edited by hand)`;
    return {
      ok: false,
      events,
      break: chainBreak('truncated', lines.length, events[events.length - 1]?.seq, truncated),
    };
  }
  return { ok: true, events, headHash: prevHash };
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
