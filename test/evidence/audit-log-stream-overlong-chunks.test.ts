/**
 * The streaming log reader (src/evidence/audit-log-stream.ts) skipping a line over the limit while it looks for a
 * skipped seq (the one case where reading goes on past such a line), with the chunk boundaries placed by hand: the
 * line's end in the next chunk, in the chunk after a chunk of its middle, and the next line cut across two chunks.
 * The verdict names the line the seq was moved to, so a reader that counted the rest of the long line as a line of
 * its own, skipped past the seq, or lost the start of the next line gives another answer. Each is the verdict
 * `verifyAuditLog` gives for the same text.
 */
import { describe, expect, it } from '@jest/globals';
import { verifyAuditLogStream } from '../../src/evidence/audit-log-stream.js';
import { MAX_AUDIT_LINE_BYTES, verifyAuditLog } from '../../src/evidence/hash-chain.js';
import { approvalChain } from './audit-log-chain.js';

const chain = (n: number): string[] => approvalChain(n);

const [L1, L2, L3] = chain(3) as [string, string, string];
/** Seq 3 before seq 2: the reader looks for seq 2 from line 2 on. */
const HEAD = `${L1}\n${L3}\n`;
const OVERLONG = 'x'.repeat(MAX_AUDIT_LINE_BYTES + 1);

/** The chunks given one by one, as a source would. */
async function* source(chunks: string[]): AsyncGenerator<Buffer> {
  for (const c of chunks) yield Buffer.from(c, 'utf8');
}

/** The stream's verdict on `chunks`, checked against verifyAuditLog's on the same text. */
async function verdictOf(chunks: string[]) {
  const text = chunks.join('');
  const v = verifyAuditLog(text);
  const got = await verifyAuditLogStream(source(chunks));
  expect(got).toEqual(
    v.ok
      ? { ok: true, events: v.events.length, headHash: v.headHash }
      : { ok: false, events: v.events.length, break: v.break },
  );
  return got;
}

/** What the reader must answer for these logs: seq 2 was found on line 4, after the long line 3. */
const MOVED_TO_LINE_4 = {
  ok: false,
  events: 1,
  break: expect.objectContaining({
    kind: 'reordered',
    line: 2,
    message: expect.stringContaining('expected seq 2, which was moved to line 4; events were reordered'),
  }),
};

describe('a line over the limit while a skipped seq is sought', () => {
  it('its end in the next chunk, with the sought line after it: the rest of it is no line of its own', async () => {
    expect(await verdictOf([HEAD + OVERLONG, `xxxx\n${L2}\n`])).toEqual(MOVED_TO_LINE_4);
  });

  it('a chunk of its middle, then its end: skipping goes on until its newline, and stops there', async () => {
    expect(await verdictOf([HEAD + OVERLONG, 'xxxx', `xx\n${L2}\n`])).toEqual(MOVED_TO_LINE_4);
  });

  it('judged within one chunk, the next line cut across two chunks: the start of that line is kept', async () => {
    const cut = 10;
    expect(await verdictOf([`${HEAD}${OVERLONG}\n${L2.slice(0, cut)}`, `${L2.slice(cut)}\n`])).toEqual(MOVED_TO_LINE_4);
  });
});
