/**
 * The audit log verified as it streams from disk: memory stays flat however long the log grows. The chain rules are
 * hash-chain.ts's {@link ChainVerifier}, the same engine `verifyAuditLog(text)` runs, fed the same lines; this file
 * only cuts the bytes into lines.
 */
import { createReadStream } from 'node:fs';
import { ChainVerifier, MAX_AUDIT_LINE_BYTES, type AuditEvent, type ChainBreak } from './hash-chain.js';

/** The verdict of a streamed log: like `verifyAuditLog`'s, with the count of events instead of the events. */
export type StreamedChainVerification =
  { ok: true; events: number; headHash: string } | { ok: false; events: number; break: ChainBreak };

export interface StreamVerifyOptions {
  /** Called with each event that continues the chain, in log order (a `log show` filter keeps the ones it wants). */
  onEvent?: (event: AuditEvent) => void;
}

const NEWLINE = 0x0a;

/**
 * Verifies the log at `source` (a file path, or the bytes as an async iterable, e.g. a read stream; a string chunk is
 * text in whole characters, as a decoding stream gives it, and is read as its UTF-8 bytes) and names the
 * first broken line: exactly the verdict `verifyAuditLog` gives for the same bytes read as UTF-8, holding at most
 * one line and one chunk. Lines are cut at "\n" bytes (never inside a UTF-8 character) and each is decoded on its
 * own, as the whole text would decode; a line over {@link MAX_AUDIT_LINE_BYTES} is a `malformed` break without being
 * held. Reading stops at the first break that is final (and the file is closed).
 */
export async function verifyAuditLogStream(
  source: string | AsyncIterable<Uint8Array | string>,
  options: StreamVerifyOptions = {},
): Promise<StreamedChainVerification> {
  const chunks = typeof source === 'string' ? createReadStream(source, { highWaterMark: 64 * 1024 }) : source;
  const verifier = new ChainVerifier();
  /** Judges one line; false once the verdict is known (reading may stop). */
  const take = (raw: string, terminated: boolean, overlong = false): boolean => {
    const event = verifier.line(raw, terminated, overlong);
    if (event) options.onEvent?.(event);
    return !verifier.done;
  };
  // The start of a line whose end has not arrived yet, held as the chunks it came in.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  // True while skipping the rest of a line already judged too long.
  let skippingOverlong = false;
  try {
    for await (const piece of chunks) {
      const chunk =
        typeof piece === 'string'
          ? Buffer.from(piece, 'utf8')
          : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      let start = 0;
      while (start < chunk.length && !verifier.done) {
        if (pendingBytes === 0 && !skippingOverlong) {
          start = takeWholeLines(chunk, start, take);
          if (start >= chunk.length || verifier.done) break;
        }
        const end = chunk.indexOf(NEWLINE, start);
        const stop = end === -1 ? chunk.length : end;
        if (skippingOverlong) {
          if (end !== -1) skippingOverlong = false;
        } else if (pendingBytes + (stop - start) > MAX_AUDIT_LINE_BYTES) {
          // Judged now, without holding it: the verdict of an overlong line does not depend on its content.
          take('', end !== -1, true);
          pending = [];
          pendingBytes = 0;
          skippingOverlong = end === -1;
        } else if (end === -1) {
          // A copy: a source may reuse its buffer for the next chunk (one partial line per chunk at most).
          pending.push(Buffer.from(chunk.subarray(start)));
          pendingBytes += chunk.length - start;
        } else {
          take(lineText(pending, chunk.subarray(start, end)), true);
          pending = [];
          pendingBytes = 0;
        }
        start = stop + 1;
      }
      if (verifier.done) break;
    }
    // What follows the last "\n": a last line without its newline (an empty remainder is no line at all).
    if (!verifier.done && pendingBytes > 0) take(lineText(pending, Buffer.alloc(0)), false);
  } finally {
    // An early stop leaves the file open; a read stream closes when destroyed.
    if (typeof source === 'string') (chunks as ReturnType<typeof createReadStream>).destroy();
  }
  const verdict = verifier.result();
  return verdict.ok
    ? { ok: true, events: verdict.events, headHash: verdict.headHash }
    : { ok: false, events: verdict.events, break: verdict.break };
}

/**
 * Feeds `take` every whole line of `chunk` from `start` (a line's start) to the chunk's last "\n", decoded in one go
 * rather than line by line (a million lines: a Buffer view and a native decode call each); returns where the rest
 * begins. UTF-8 decoding never joins a "\n" byte to its neighbours (it is never part of a multi-byte character, and
 * an invalid sequence ends before it), so the text splits at "\n" into exactly the lines decoded one by one. Only
 * runs no longer than {@link MAX_AUDIT_LINE_BYTES} are taken (no line in them can be overlong); longer runs are
 * cut line by line by the caller, which measures each line in bytes.
 */
function takeWholeLines(chunk: Buffer, start: number, take: (raw: string, terminated: boolean) => boolean): number {
  const last = chunk.lastIndexOf(NEWLINE);
  if (last < start || last - start > MAX_AUDIT_LINE_BYTES) return start;
  const text = chunk.toString('utf8', start, last);
  let from = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', from)) {
    if (!take(text.slice(from, end), true)) return last + 1;
    from = end + 1;
  }
  take(text.slice(from), true);
  return last + 1;
}

/** A line held as the chunks it arrived in, decoded as UTF-8 (the copy is made only when it spans chunks). */
function lineText(pending: Buffer[], tail: Buffer): string {
  if (pending.length === 0) return tail.toString('utf8');
  return Buffer.concat([...pending, tail]).toString('utf8');
}
