/**
 * An archive inside the bundle's archive is refused even when gunzip hands its magic over one byte at a time. A first
 * gzip member padded (in its comment field) to exactly one read of the file, and inflating to the single byte 0x1f,
 * made the inner archive's first inflated chunk one byte long: a check of the first chunk alone saw nothing, and the
 * tar parser, which joins short writes, found the gzip magic and inflated the inner archive itself, outside the
 * reader's decompression bound. The reader now holds the first bytes back until there are enough to judge.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { verifyEvidenceBundle, writeEvidenceBundle } from '../../src/evidence/evidence-bundle.js';

const NESTED = 'holds a compressed archive inside the compressed archive: not an mlgov evidence bundle';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A gzip member of exactly `total` bytes holding `data`, padded with a comment (FCOMMENT) the reader skips. */
function paddedMember(data: Buffer, total: number): Buffer {
  const plain = gzipSync(data);
  const header = Buffer.from(plain.subarray(0, 10));
  header[3] = 0x10; // FLG.FCOMMENT: a zero-terminated comment follows the header
  const comment = Buffer.concat([Buffer.alloc(total - plain.length - 1, 0x61), Buffer.from([0])]);
  return Buffer.concat([header, comment, plain.subarray(10)]);
}

describe('a nested archive split across inflated chunks', () => {
  it.each([
    ['after one byte', 1],
    ['after three bytes (within the zstd magic’s length)', 3],
  ])('is refused when the inner magic arrives %s', async (_what, split) => {
    dir = mkdtempSync(join(tmpdir(), 'mlgov-bundle-nested-'));
    const inner = join(dir, 'inner.tar.gz');
    await writeEvidenceBundle(inner, [{ path: 'a.txt', bytes: Buffer.alloc(200_000, 7) }], '2026-12-01T00:00:00Z', {});
    const innerBytes = readFileSync(inner);
    const outer = join(dir, 'outer.tar.gz');
    // 64 KiB: the reader's read size, so the first member is one read and gunzip emits its byte(s) on their own.
    writeFileSync(
      outer,
      Buffer.concat([paddedMember(innerBytes.subarray(0, split), 64 * 1024), gzipSync(innerBytes.subarray(split))]),
    );
    expect(await verifyEvidenceBundle(outer)).toStrictEqual({
      ok: false,
      problems: [{ file: outer, message: NESTED }],
    });
  });

  it('a bundle whose whole content is the gzip magic alone (two bytes) is refused as nested', async () => {
    // Shorter than the longest magic (zstd's four bytes): judged once the input ends.
    dir = mkdtempSync(join(tmpdir(), 'mlgov-bundle-nested-'));
    const magic = join(dir, 'magic.tar.gz');
    writeFileSync(magic, gzipSync(Buffer.from([0x1f, 0x8b])));
    expect(await verifyEvidenceBundle(magic)).toStrictEqual({
      ok: false,
      problems: [{ file: magic, message: NESTED }],
    });
  });

  it('a bundle whose whole content is shorter than the magic is read, not refused as nested', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlgov-bundle-nested-'));
    const tiny = join(dir, 'tiny.tar.gz');
    writeFileSync(tiny, gzipSync(Buffer.from([0x1f])));
    const verdict = await verifyEvidenceBundle(tiny);
    expect(verdict.ok).toBe(false);
    expect(JSON.stringify(verdict)).not.toContain(NESTED);
  });
});
