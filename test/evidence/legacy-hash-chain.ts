/**
 * The audit-log verifier as it was before the streaming rewrite (issue #15), frozen as a test oracle: the text and
 * streaming verifiers must give exactly its verdict (kind, line, seq, message) on every tampering case, and the new
 * fast `computeEventHash` exactly its hash. The old code verbatim (with the `canonicalize` package and a Hash object
 * as it hashed then); not imported by src/.
 */
import { parseJsonDocument } from '../../src/formats/json-document.js';
import { AUDIT_LOG_FILE, GENESIS_HASH, type AuditEvent } from '../../src/evidence/hash-chain.js';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/** The hash exactly as the old code computed it: the `canonicalize` package over the event without `hash`. */
export function legacyEventHash(prevHash: string, event: Record<string, unknown>): string {
  const { hash: _hash, ...rest } = event;
  return createHash('sha256')
    .update(prevHash + '\n' + canonicalize(rest))
    .digest('hex');
}

type ChainBreakKind =
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

type ChainVerification =
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
  const recomputed = legacyEventHash(prevHash, value as unknown as Record<string, unknown>);
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
export function legacyVerifyAuditLog(text: string): ChainVerification {
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
