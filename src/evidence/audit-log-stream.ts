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
 * Verifies the log at `source` (a file path, or the bytes as an async iterable, e.g. a read stream) and names the
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
  const take = (raw: string, terminated: boolean, overlong = false): void => {
    const event = verifier.line(raw, terminated, overlong);
    if (event) options.onEvent?.(event);
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
          pending.push(chunk.subarray(start));
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

/** A line held as the chunks it arrived in, decoded as UTF-8 (the copy is made only when it spans chunks). */
function lineText(pending: Buffer[], tail: Buffer): string {
  if (pending.length === 0) return tail.toString('utf8');
  return Buffer.concat([...pending, tail]).toString('utf8');
}
