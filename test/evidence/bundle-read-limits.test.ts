/**
 * `verifyEvidenceBundle` (src/evidence/evidence-bundle.ts) at each bound of its reader, on both sides: the inflated
 * bytes (exactly the allowance passes, one byte less is a bomb, the message naming the numbers), the count of entries
 * (links and other refused entries count too; reading stops at the first entry over it), the size of `index.json`
 * (exactly the limit is read whole, one byte over is named) while an ordinary file of any size is only hashed; an
 * archive inside the archive told by every byte of its magic (a stream that merely starts like one is read as a tar,
 * and a later chunk that starts like one is data), a zstd one never inflated by the tar reader even when its first byte
 * comes alone, an inner stream cut short never waited on forever; a tar the parser refuses (a bad header checksum, an
 * archive cut short) named as unreadable; an index entry whose digest is not a string. Each answer word for word: what
 * the auditor running `mlgov audit verify-bundle` reads. The mutation run left each of these unpinned.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync, zstdCompressSync } from 'node:zlib';
import { Header } from 'tar';
import {
  BUNDLE_FORMAT,
  buildBundleIndex,
  verifyEvidenceBundle,
  writeEvidenceBundle,
  type BundleFile,
  type BundleVerification,
} from '../../src/evidence/evidence-bundle.js';
import { formatChecksums } from '../../src/evidence/archive-plan.js';

const AT = '2026-12-01T00:00:00.000Z';
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const problemsOf = (r: BundleVerification) => (r.ok ? [] : r.problems);

let dir: string;
let count = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlgov-bundle-limits-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tempFile = () => join(dir, `b-${count++}.tar.gz`);

interface Entry {
  path: string;
  body?: string | Buffer;
  type?: 'File' | 'SymbolicLink';
}
/** The tar bytes of `entries`, in order, as any tar tool would write them, with the end-of-archive marker. */
function tarBytes(entries: Entry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? '');
    const type = e.type ?? 'File';
    const header = Buffer.alloc(512);
    new Header({
      path: e.path,
      mode: 0o644,
      size: type === 'File' ? body.length : 0,
      mtime: new Date(0),
      type,
      ...(type === 'SymbolicLink' ? { linkpath: '/etc/passwd' } : {}),
    }).encode(header);
    blocks.push(header);
    if (type === 'File') blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}
/** A bundle file holding `bytes` gzipped. */
function gzFile(bytes: Buffer): string {
  const file = tempFile();
  writeFileSync(file, gzipSync(bytes));
  return file;
}

/** index.json and SHA256SUMS for `files`, as mlgov writes them. */
function indexEntries(files: BundleFile[]): Entry[] {
  const index = buildBundleIndex(files, AT, {});
  return [
    { path: 'index.json', body: JSON.stringify(index, null, 2) + '\n' },
    { path: 'SHA256SUMS', body: formatChecksums(index.files) },
  ];
}

/** A bundle as mlgov writes it, of `files`. */
async function writtenBundle(files: BundleFile[]): Promise<string> {
  const out = tempFile();
  await writeEvidenceBundle(out, files, AT, {});
  return out;
}

/**
 * One gzip member inflating to `data` and exactly `total` bytes long (padded with a comment field): read in 64 KiB
 * chunks, a member of 65536 bytes is the whole first chunk, so gunzip gives `data` alone as its first output.
 */
function paddedMember(data: Buffer, total: number): Buffer {
  const plain = gzipSync(data);
  const header = Buffer.from(plain.subarray(0, 10));
  header[3] = 0x10; // FCOMMENT
  return Buffer.concat([header, Buffer.alloc(total - plain.length - 1, 0x61), Buffer.from([0]), plain.subarray(10)]);
}

describe('the bound on inflated bytes', () => {
  it('exactly the allowance passes; one byte less is refused as a bomb, naming the numbers', async () => {
    const bundle = await writtenBundle([{ path: 'a.txt', bytes: Buffer.from('alpha\n') }]);
    const inflated = gunzipSync(readFileSync(bundle)).length;
    const compressed = readFileSync(bundle).length;
    expect(await verifyEvidenceBundle(bundle, { floorBytes: inflated, ratio: 0 })).toMatchObject({ ok: true });
    expect(await verifyEvidenceBundle(bundle, { floorBytes: inflated - 1, ratio: 0 })).toStrictEqual({
      ok: false,
      problems: [
        {
          file: bundle,
          message: `inflates to more than ${inflated - 1} bytes from ${compressed} compressed bytes read (more than 0 to 1 beyond the first ${inflated - 1} bytes): refused as a decompression bomb`,
        },
      ],
    });
  });
});

describe('the bound on entries', () => {
  it('exactly maxEntries entries are read', async () => {
    const files = [{ path: 'a.txt', bytes: Buffer.from('a') }];
    const bundle = gzFile(tarBytes([...indexEntries(files), { path: 'a.txt', body: 'a' }]));
    expect(await verifyEvidenceBundle(bundle, { maxEntries: 3 })).toMatchObject({ ok: true, files: 1 });
  });

  it('one more is refused, refused entries (links) counted with the files', async () => {
    const links: Entry[] = [
      { path: 'l1', type: 'SymbolicLink' },
      { path: 'l2', type: 'SymbolicLink' },
    ];
    const bundle = gzFile(tarBytes([...links, ...indexEntries([])]));
    expect(await verifyEvidenceBundle(bundle, { maxEntries: 3 })).toStrictEqual({
      ok: false,
      problems: [{ file: bundle, message: 'has more than 3 entries: not an mlgov evidence bundle' }],
    });
    // With room for all four, the links are named.
    expect(problemsOf(await verifyEvidenceBundle(bundle, { maxEntries: 4 }))).toStrictEqual([
      { file: 'l1', message: 'is a SymbolicLink, not a regular file' },
      { file: 'l2', message: 'is a SymbolicLink, not a regular file' },
    ]);
  });

  it('reading stops at the entry over the bound: what follows is never inflated (no other refusal after it)', async () => {
    // Two small entries in the first inflated chunk, then 100 kB more: past a floor of 20 000 bytes at ratio 0.
    const bundle = gzFile(
      tarBytes([
        { path: 'a.txt', body: 'a' },
        { path: 'b.txt', body: 'b' },
        { path: 'big.bin', body: Buffer.alloc(100_000, 1) },
      ]),
    );
    expect(await verifyEvidenceBundle(bundle, { maxEntries: 1, floorBytes: 20_000, ratio: 0 })).toStrictEqual({
      ok: false,
      problems: [{ file: bundle, message: 'has more than 1 entries: not an mlgov evidence bundle' }],
    });
  });
});

describe('the bound on the index', () => {
  const files = [{ path: 'a.txt', bytes: Buffer.from('alpha\n') }];
  const [index, sums] = indexEntries(files) as [Entry, Entry];
  const indexBytes = Buffer.byteLength(index.body!);

  it('an index of exactly maxIndexBytes is read whole', async () => {
    const bundle = gzFile(tarBytes([index, sums, { path: 'a.txt', body: 'alpha\n' }]));
    expect(await verifyEvidenceBundle(bundle, { maxIndexBytes: indexBytes })).toMatchObject({
      ok: true,
      files: 1,
      indexSha256: sha256(index.body!),
    });
  });

  it('one byte over is named, and the bundle has no index', async () => {
    const bundle = gzFile(tarBytes([index, sums, { path: 'a.txt', body: 'alpha\n' }]));
    expect(await verifyEvidenceBundle(bundle, { maxIndexBytes: indexBytes - 1 })).toStrictEqual({
      ok: false,
      problems: [
        { file: 'index.json', message: `is ${indexBytes} bytes, more than the ${indexBytes - 1} accepted` },
        { file: 'index.json', message: 'is missing: the bundle has no index' },
      ],
    });
  });

  it('an ordinary file larger than maxIndexBytes is only hashed, never kept or refused', async () => {
    const big = Buffer.alloc(10_000, 0x62);
    const bundle = await writtenBundle([{ path: 'big.bin', bytes: big }]);
    const result = await verifyEvidenceBundle(bundle, { maxIndexBytes: 1_000 });
    expect(result).toMatchObject({ ok: true, files: 1 });
    expect(result.ok && result.index.files).toStrictEqual([{ path: 'big.bin', sha256: sha256(big), size: 10_000 }]);
  });
});

describe('an archive inside the archive', () => {
  const refusal = 'holds a compressed archive inside the compressed archive: not an mlgov evidence bundle';

  it('a zstd stream inside is refused', async () => {
    const bundle = gzFile(zstdCompressSync(tarBytes(indexEntries([]))));
    expect(problemsOf(await verifyEvidenceBundle(bundle))).toStrictEqual([{ file: bundle, message: refusal }]);
  });

  it.each([
    ['the zstd magic but its last byte', [0x28, 0xb5, 0x2f, 0x00]],
    ['the zstd magic but its third byte', [0x28, 0xb5, 0x00, 0xfd]],
    ['the zstd magic but its second byte', [0x28, 0x00, 0x2f, 0xfd]],
    ['the zstd magic but its first byte', [0x00, 0xb5, 0x2f, 0xfd]],
    ['the gzip magic but its second byte', [0x1f, 0x00]],
    ['the gzip magic but its first byte', [0x00, 0x8b]],
  ])('data that starts with %s is read as a tar (and this one is not a valid one)', async (_what, head) => {
    const bytes = Buffer.alloc(2048);
    Buffer.from(head).copy(bytes);
    const bundle = gzFile(bytes);
    expect(problemsOf(await verifyEvidenceBundle(bundle))).toStrictEqual([
      { file: bundle, message: 'is not a readable .tar.gz bundle: TAR_ENTRY_INVALID: checksum failure' },
    ]);
  });

  it('a file whose bytes start a later inflated chunk with the gzip magic is data, not an inner archive', async () => {
    // 0x1f 0x8b repeated: every inflated chunk after the first starts with the gzip magic.
    const magic = Buffer.alloc(64 * 1024);
    for (let i = 0; i < magic.length; i += 2) magic.set([0x1f, 0x8b], i);
    const bundle = await writtenBundle([{ path: 'weights.bin', bytes: magic }]);
    expect(await verifyEvidenceBundle(bundle)).toMatchObject({ ok: true, files: 1 });
  });

  it('a zstd archive whose first byte comes alone in the first inflated chunk is still never inflated', async () => {
    const inner = zstdCompressSync(tarBytes([...indexEntries([])]));
    const bundle = tempFile();
    writeFileSync(bundle, Buffer.concat([paddedMember(inner.subarray(0, 1), 64 * 1024), gzipSync(inner.subarray(1))]));
    expect(await verifyEvidenceBundle(bundle)).toMatchObject({ ok: false });
  });

  it('an inner gzip stream cut short, its first byte alone in the first chunk: the reader still ends, refusing', async () => {
    // The tar reader fails such a stream with an error and no end: the verification must end on the error.
    const inner = gzipSync(tarBytes(indexEntries([{ path: 'a.txt', bytes: Buffer.alloc(100_000, 7) }])));
    const cut = inner.subarray(0, inner.length - 8);
    const bundle = tempFile();
    writeFileSync(bundle, Buffer.concat([paddedMember(cut.subarray(0, 1), 64 * 1024), gzipSync(cut.subarray(1))]));
    expect(await verifyEvidenceBundle(bundle)).toMatchObject({ ok: false });
  });
});

describe('a tar the parser refuses', () => {
  it('a header whose checksum does not match is unreadable (strict), not skipped', async () => {
    const tar = tarBytes([...indexEntries([{ path: 'a.txt', bytes: Buffer.from('a') }]), { path: 'a.txt', body: 'a' }]);
    // The last file's header edited: its checksum no longer matches.
    const edited = Buffer.from(tar);
    const at = tar.length - 1024 - 1024;
    edited[at] = 'b'.charCodeAt(0);
    const bundle = gzFile(edited);
    expect(await verifyEvidenceBundle(bundle)).toStrictEqual({
      ok: false,
      problems: [{ file: bundle, message: 'is not a readable .tar.gz bundle: TAR_ENTRY_INVALID: checksum failure' }],
    });
  });

  it('an archive cut short inside a file is unreadable, named when the stream ends', async () => {
    const tar = tarBytes([...indexEntries([]), { path: 'big.bin', body: Buffer.alloc(100_000, 1) }]);
    const bundle = gzFile(tar.subarray(0, tar.length - 1024 - 50_000));
    expect(await verifyEvidenceBundle(bundle)).toStrictEqual({
      ok: false,
      problems: [
        {
          file: bundle,
          message: expect.stringMatching(
            /^is not a readable \.tar\.gz bundle: TAR_BAD_ARCHIVE: Truncated input \(needed \d+ more bytes, only 0 available\)$/,
          ),
        },
      ],
    });
  });
});

describe('an index entry', () => {
  it('whose digest is a list holding the right digest is not a valid sha256', async () => {
    const digest = sha256('alpha\n');
    const text = JSON.stringify(
      { format: BUNDLE_FORMAT, files: [{ path: 'a.txt', sha256: [digest], size: 6 }] },
      null,
      2,
    );
    const bundle = gzFile(
      tarBytes([
        { path: 'index.json', body: text },
        { path: 'a.txt', body: 'alpha\n' },
      ]),
    );
    expect(problemsOf(await verifyEvidenceBundle(bundle))).toStrictEqual([
      {
        file: 'index.json',
        line: 4,
        message:
          'entry 0 of files (/files/0) has no valid sha256: every entry must be {"path": "...", "sha256": "<64 hex digits>", "size": <bytes>}',
      },
      { file: 'a.txt', message: 'is in the bundle but not in the index' },
    ]);
  });
});
