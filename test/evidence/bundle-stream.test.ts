/**
 * `writeEvidenceBundle` streams its entries into the tar: no staging directory (a fresh TMPDIR stays empty, the out
 * folder holds only the bundle), entries whose bytes come from a stream are read once, in path order, as they are
 * written; the archive is reproducible (same inputs in any order: the same bytes; mtime = generatedAt, mode 0644,
 * uid/gid 0, no owner names), written once (never over an existing bundle), and `verifyEvidenceBundle` accepts it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { list, type ReadEntry } from 'tar';
import { EvidenceError } from '../../src/evidence/evidence-error.js';
import {
  verifyEvidenceBundle,
  writeEvidenceBundle,
  type BundleEntry,
  type StreamedBundleFile,
} from '../../src/evidence/evidence-bundle.js';

let dir: string;
const savedTmp = process.env['TMPDIR'];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlgov-bundle-stream-'));
});
afterEach(() => {
  if (savedTmp === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = savedTmp;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AT = '2026-11-21T09:00:00.000Z';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A streamed entry of `size` bytes of `fill`, in 64 KiB chunks, recording when it is opened. */
function streamed(path: string, size: number, fill: number, opened: string[]): StreamedBundleFile {
  return {
    path,
    size,
    open: async function* () {
      opened.push(path);
      for (let at = 0; at < size; at += 64 * 1024) yield Buffer.alloc(Math.min(64 * 1024, size - at), fill);
    },
  };
}

function manyFiles(opened: string[]): BundleEntry[] {
  const files: BundleEntry[] = [];
  for (let i = 0; i < 150; i++)
    files.push({
      path: `releases/${i % 7}.0.0/file-${String(i).padStart(3, '0')}.json`,
      bytes: Buffer.from(`{"i":${i}}\n`),
    });
  files.push(streamed('weights/model.bin', 3 * 1024 * 1024 + 5, 0x61, opened));
  files.push(streamed('audit-log.jsonl', 700_001, 0x0a, opened));
  return files;
}

async function entriesOf(file: string): Promise<ReadEntry[]> {
  const entries: ReadEntry[] = [];
  await list({ file, onReadEntry: (e) => void entries.push(e) });
  return entries;
}

describe('writeEvidenceBundle streams into the tar', () => {
  it('writes many files without a staging directory, reading streamed entries once, in path order', async () => {
    const tmp = mkdtempSync(join(dir, 'tmp-'));
    process.env['TMPDIR'] = tmp;
    const out = join(dir, 'many', 'evidence-bundle.tar.gz');
    const opened: string[] = [];
    // While a streamed entry is being read into the archive: nothing staged in TMPDIR, and beside the bundle only
    // the temp tar it is being written to.
    const seen: Array<{ tmp: string[]; beside: string[] }> = [];
    const files = manyFiles(opened).map((f) =>
      'open' in f
        ? {
            ...f,
            open: () => {
              seen.push({ tmp: readdirSync(tmp), beside: readdirSync(join(dir, 'many')) });
              return f.open();
            },
          }
        : f,
    );
    const { index, indexSha256 } = await writeEvidenceBundle(out, files, AT, { ref: 'main' });
    expect(seen).toHaveLength(2);
    for (const s of seen) {
      expect(s.tmp).toEqual([]);
      expect(s.beside).toHaveLength(1);
      expect(s.beside[0]).toMatch(/^\.evidence-bundle\.tar\.gz\.\d+\.[0-9a-f]{12}\.tmp$/);
    }
    expect(readdirSync(tmp)).toEqual([]);
    // No staging folder and no temp file left beside the bundle.
    expect(readdirSync(join(dir, 'many'))).toEqual(['evidence-bundle.tar.gz']);
    expect(opened).toEqual(['audit-log.jsonl', 'weights/model.bin']);
    expect(index.files).toHaveLength(152);
    expect(index.files.find((f) => f.path === 'weights/model.bin')).toEqual({
      path: 'weights/model.bin',
      sha256: sha(Buffer.alloc(3 * 1024 * 1024 + 5, 0x61)),
      size: 3 * 1024 * 1024 + 5,
    });
    const verified = await verifyEvidenceBundle(out);
    expect(verified).toMatchObject({ ok: true, files: 152, indexSha256 });
  });

  it('is reproducible: the same inputs in another order give the same bytes, with fixed headers', async () => {
    const a = join(dir, 'repro', 'a.tar.gz');
    const b = join(dir, 'repro', 'b.tar.gz');
    await writeEvidenceBundle(a, manyFiles([]), AT, { ref: 'main' });
    await writeEvidenceBundle(b, manyFiles([]).reverse(), AT, { ref: 'main' });
    expect(sha(readFileSync(a))).toBe(sha(readFileSync(b)));
    const entries = await entriesOf(a);
    const paths = entries.map((e) => e.path);
    // Files in code-unit order, then the index and the checksum list, written last from the digests taken.
    expect(paths.slice(-2)).toEqual(['index.json', 'SHA256SUMS']);
    expect(paths.slice(0, -2)).toEqual([...paths.slice(0, -2)].sort());
    for (const e of entries) {
      expect({ path: e.path, type: e.type, mode: e.mode, uid: e.uid, gid: e.gid, uname: e.uname ?? '' }).toEqual({
        path: e.path,
        type: 'File',
        mode: 0o644,
        uid: 0,
        gid: 0,
        uname: '',
      });
      expect(e.mtime?.toISOString()).toBe(AT);
    }
  });

  it('keeps a long or non-ASCII path (PAX header) and verifies', async () => {
    const long = `releases/${'a-very-long-folder-name/'.repeat(8)}modèle-évalué.json`;
    const out = join(dir, 'pax.tar.gz');
    await writeEvidenceBundle(out, [{ path: long, bytes: Buffer.from('{}\n') }], AT, {});
    expect((await entriesOf(out)).map((e) => e.path)).toEqual([long, 'index.json', 'SHA256SUMS']);
    expect(await verifyEvidenceBundle(out)).toMatchObject({ ok: true, files: 1 });
  });

  it('is written once: an existing bundle is refused and left as it was', async () => {
    const out = join(dir, 'once.tar.gz');
    await writeEvidenceBundle(out, [{ path: 'a.txt', bytes: Buffer.from('a') }], AT, {});
    const before = readFileSync(out);
    const again = writeEvidenceBundle(out, [{ path: 'a.txt', bytes: Buffer.from('b') }], AT, {});
    await expect(again).rejects.toBeInstanceOf(EvidenceError);
    await expect(again).rejects.toThrow(`${out} already exists: an evidence bundle is written once and never replaced`);
    expect(readFileSync(out).equals(before)).toBe(true);
  });

  it('refuses a stream that gives another size than it declared, leaving nothing behind', async () => {
    const folder = join(dir, 'short');
    mkdirSync(folder);
    const out = join(folder, 'evidence-bundle.tar.gz');
    const short: StreamedBundleFile = { ...streamed('x.bin', 10, 0x41, []), size: 11 };
    await expect(writeEvidenceBundle(out, [short], AT, {})).rejects.toThrow('x.bin gave 10 bytes, not its 11');
    const long: StreamedBundleFile = { ...streamed('x.bin', 10, 0x41, []), size: 9 };
    await expect(writeEvidenceBundle(out, [long], AT, {})).rejects.toThrow('x.bin gave more than its 9 bytes');
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses a path given twice or named like its own index', async () => {
    const out = join(dir, 'dup.tar.gz');
    const one = { path: 'a.txt', bytes: Buffer.from('a') };
    await expect(writeEvidenceBundle(out, [one, one], AT, {})).rejects.toThrow('a.txt is given twice');
    await expect(writeEvidenceBundle(out, [{ path: 'index.json', bytes: Buffer.from('{}') }], AT, {})).rejects.toThrow(
      "index.json is the bundle's own index",
    );
  });
});
