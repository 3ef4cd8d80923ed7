/**
 * The streaming log reader (src/evidence/audit-log-stream.ts) at its edges: a line over the limit in the middle, at
 * the end without its newline, while the reader looks for a skipped seq, and exactly at the limit; chunks that are
 * strings; cuts at every place. In each case the verdict is `verifyAuditLog`'s for the same text (the one engine, fed
 * the same lines), whatever the chunking.
 */
import { describe, expect, it } from '@jest/globals';
import { verifyAuditLogStream } from '../../src/evidence/audit-log-stream.js';
import { MAX_AUDIT_LINE_BYTES, verifyAuditLog } from '../../src/evidence/hash-chain.js';
import { approvalChain } from './audit-log-chain.js';

/** A valid log whose second line holds characters of two, three and four UTF-8 bytes. */
const chain = (n: number): string[] => approvalChain(n, (i) => (i === 1 ? 'naïve café 😀' : null));

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
/** Text in pieces of `size` characters: whole characters, as a decoding stream gives them (never half a pair). */
async function* strings(text: string, size: number): AsyncGenerator<string> {
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i += size) yield chars.slice(i, i + size).join('');
}

/** verifyAuditLog's verdict in the stream's shape. */
function expected(text: string) {
  const v = verifyAuditLog(text);
  return v.ok
    ? { ok: true, events: v.events.length, headHash: v.headHash }
    : { ok: false, events: v.events.length, break: v.break };
}

async function sameVerdict(text: string, sizes: number[]) {
  const bytes = Buffer.from(text, 'utf8');
  const want = expected(text);
  for (const size of sizes) {
    const seen: number[] = [];
    const got = await verifyAuditLogStream(chunks(bytes, size), { onEvent: (e) => seen.push(e.seq) });
    expect([size, got]).toEqual([size, want]);
    expect([size, seen.length]).toEqual([size, want.events]);
  }
}

const [L1, L2, L3] = chain(3) as [string, string, string];
const OVERLONG = 'x'.repeat(MAX_AUDIT_LINE_BYTES + 1);

describe('lines over the limit', () => {
  it('in the middle: malformed at its line, never held, whatever the chunk size', async () => {
    await sameVerdict([L1, OVERLONG, L2].join('\n') + '\n', [65_536, 1_000_003, 40_000_000]);
  });

  it('at the end, without its newline', async () => {
    await sameVerdict([L1, OVERLONG].join('\n'), [65_536, 40_000_000]);
  });

  it('while the reader looks for a skipped seq, it is passed over and the seq is still found after it', async () => {
    const text = [L1, L3, OVERLONG, L2].join('\n') + '\n';
    expect(expected(text)).toEqual(
      expect.objectContaining({ ok: false, break: expect.objectContaining({ kind: 'reordered', line: 2 }) }),
    );
    await sameVerdict(text, [65_536, 3_000_001, 40_000_000]);
  });

  it('exactly at the limit a line is read (and judged on what it holds); one byte more is over it', async () => {
    const atLimit = 'x'.repeat(MAX_AUDIT_LINE_BYTES);
    await sameVerdict([L1, atLimit, L2].join('\n') + '\n', [65_536, 40_000_000]);
    await sameVerdict([L1, atLimit].join('\n'), [65_536]);
  });
});

describe('any chunking gives the same verdict', () => {
  const intact = [L1, L2, L3].join('\n') + '\n';
  const cases: Array<[string, string]> = [
    ['an intact log', intact],
    ['a log without its final newline', intact.slice(0, -1)],
    ['an edited line', intact.replace('"actor":"alice"', '"actor":"mallory"')],
    ['a moved line', [L1, L3, L2].join('\n') + '\n'],
    ['a deleted line', [L1, L3].join('\n') + '\n'],
    ['an empty line inside', [L1, '', L2].join('\n') + '\n'],
    ['the empty log', ''],
  ];
  it.each(cases)('%s, cut at every size from 1 byte to the whole', async (_what, text) => {
    const sizes = Array.from({ length: 40 }, (_, i) => i + 1).concat([97, 300, 1_000_000]);
    await sameVerdict(text, sizes);
  });

  it('chunks that are strings', async () => {
    for (const text of [intact, intact.replace('"actor":"alice"', '"actor":"mallory"')]) {
      for (const size of [1, 7, 1000]) {
        expect(await verifyAuditLogStream(strings(text, size))).toEqual(expected(text));
      }
    }
  });

  it('after the first final break nothing more is read', async () => {
    let pulled = 0;
    async function* counting(): AsyncGenerator<Buffer> {
      for (const line of ['not json', L2, L3]) {
        pulled++;
        yield Buffer.from(line + '\n');
      }
    }
    const got = await verifyAuditLogStream(counting());
    expect(got).toEqual(expected(['not json', L2, L3].join('\n') + '\n'));
    expect(pulled).toBe(1);
  });
});
