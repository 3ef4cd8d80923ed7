/**
 * What `writeEvidenceBundle` (src/evidence/evidence-bundle.ts) puts in the archive, byte for byte where it matters,
 * and what it refuses to write: the index sorted by path whatever order the files come in, `index.json` ending in a
 * newline (its digest is the one the audit prints), the end-of-archive marker, a PAX header only for a path ustar
 * cannot hold (then holding the path, with empty owner names), no owner names in the ustar headers; a path that is
 * not a bundle path, or named like the checksum list, refused before anything is written; a bundle that appears at
 * the out path while the archive is being written never replaced; and the refusal's remedy, word for word. The
 * mutation run left each of these unpinned.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { list, type ReadEntry } from 'tar';
import {
  buildBundleIndex,
  refuseExistingBundle,
  verifyEvidenceBundle,
  writeEvidenceBundle,
  type BundleEntry,
  type StreamedBundleFile,
} from '../../src/evidence/evidence-bundle.js';
import { EvidenceError } from '../../src/evidence/evidence-error.js';

const AT = '2026-12-01T00:00:00.000Z';
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const file = (path: string, text: string) => ({ path, bytes: Buffer.from(text) });

let dir: string;
let outs = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlgov-bundle-write-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** A fresh out path for a bundle. */
const outPath = () => join(dir, `bundle-${outs++}.tar.gz`);

/** The bundle written from `files`, with its path, the written index and the tar bytes inflated. */
async function written(files: BundleEntry[]) {
  const out = outPath();
  const result = await writeEvidenceBundle(out, files, AT, { ref: 'main' });
  return { out, ...result, tar: gunzipSync(readFileSync(out)) };
}

async function entriesOf(bundle: string): Promise<ReadEntry[]> {
  const entries: ReadEntry[] = [];
  await list({ file: bundle, onReadEntry: (e) => void entries.push(e) });
  return entries;
}

/** A path ustar cannot hold: a file name of 150 characters (ustar's name field is 100). */
const LONG = `releases/1.0.0/${'long-file-name-'.repeat(10)}.json`;

describe('the index', () => {
  it('buildBundleIndex sorts the files by path, whatever order they are given in', () => {
    const index = buildBundleIndex([file('z.txt', 'z'), file('m/a.txt', 'ma'), file('a.txt', 'a')], AT, {});
    expect(index.files).toStrictEqual([
      { path: 'a.txt', sha256: sha256('a'), size: 1 },
      { path: 'm/a.txt', sha256: sha256('ma'), size: 2 },
      { path: 'z.txt', sha256: sha256('z'), size: 1 },
    ]);
  });

  it("the written index lists files in the index's order (locale), the archive in code-unit order", async () => {
    const { index, out } = await written([file('a.txt', 'a'), file('B.txt', 'B')]);
    expect(index.files.map((f) => f.path)).toStrictEqual(['a.txt', 'B.txt']);
    expect((await entriesOf(out)).map((e) => e.path)).toStrictEqual(['B.txt', 'a.txt', 'index.json', 'SHA256SUMS']);
    expect(await verifyEvidenceBundle(out)).toMatchObject({ ok: true, files: 2 });
  });

  it('index.json is the index as indented JSON and a newline; the digest returned is of those bytes', async () => {
    const { index, indexSha256, tar } = await written([file('a.txt', 'a')]);
    const text = JSON.stringify(index, null, 2) + '\n';
    expect(indexSha256).toBe(sha256(text));
    // The index's entry follows the file's two blocks: its header, then its bytes.
    expect(tar.subarray(3 * 512, 3 * 512 + text.length).toString('utf8')).toBe(text);
  });
});

describe('the tar blocks', () => {
  it('ends with the end-of-archive marker: two zero blocks after the checksum list', async () => {
    const { tar } = await written([file('a.txt', 'a')]);
    // a.txt (header, data), index.json (header, data), SHA256SUMS (header, data), the marker.
    expect(tar.length).toBe(8 * 512);
    expect(tar.subarray(-1024).equals(Buffer.alloc(1024))).toBe(true);
    expect(tar.subarray(-1536, -1024).toString('utf8')).toBe(`${sha256('a')}  a.txt\n`.padEnd(512, '\0'));
  });

  it('a path ustar holds gets a ustar header only (no PAX), with no owner names', async () => {
    const { tar, out } = await written([file('a.txt', 'a')]);
    expect(String.fromCharCode(tar[156]!)).toBe('0');
    expect(tar.subarray(0, 6).toString('latin1')).toBe('a.txt\0');
    for (const e of await entriesOf(out)) expect([e.path, e.uname ?? '', e.gname ?? '']).toEqual([e.path, '', '']);
  });

  it('a path ustar cannot hold gets a PAX header holding it, with empty owner names, and verifies', async () => {
    const { tar, out, index } = await written([file(LONG, '{}\n')]);
    expect(String.fromCharCode(tar[156]!)).toBe('x');
    const paxBody = tar.subarray(512, 1024).toString('utf8');
    expect(paxBody).toContain(` path=${LONG}\n`);
    expect(paxBody).toContain(' uname=\n');
    expect(paxBody).toContain(' gname=\n');
    const entries = await entriesOf(out);
    expect(entries.map((e) => [e.path, e.uname ?? '', e.gname ?? ''])).toStrictEqual([
      [LONG, '', ''],
      ['index.json', '', ''],
      ['SHA256SUMS', '', ''],
    ]);
    expect(index.files.map((f) => f.path)).toStrictEqual([LONG]);
    expect(await verifyEvidenceBundle(out)).toMatchObject({ ok: true, files: 1 });
  });

  it('an empty file is a file of size 0, listed and verified', async () => {
    const { out, index } = await written([file('empty.txt', '')]);
    expect(index.files).toStrictEqual([{ path: 'empty.txt', sha256: sha256(''), size: 0 }]);
    expect(await verifyEvidenceBundle(out)).toMatchObject({ ok: true, files: 1 });
  });
});

describe('refused before anything is written', () => {
  it.each(['../escape.txt', '/etc/passwd', 'a//b.txt', 'a\\b.txt', './a.txt', 'a/', ''])(
    'a path that is not a bundle path: %j',
    async (path) => {
      const out = outPath();
      await expect(writeEvidenceBundle(out, [file(path, 'x')], AT, {})).rejects.toThrow(
        new TypeError(`not a bundle path: ${JSON.stringify(path)}`),
      );
      expect(existsSync(out)).toBe(false);
    },
  );

  it("a file named like the bundle's checksum list", async () => {
    const out = outPath();
    await expect(writeEvidenceBundle(out, [file('SHA256SUMS', 'x')], AT, {})).rejects.toThrow(
      new TypeError("SHA256SUMS is the bundle's own index"),
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('written once', () => {
  it('an existing bundle is refused with the remedy', async () => {
    const out = outPath();
    writeFileSync(out, 'earlier');
    const refusal = await refuseExistingBundle(out).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(EvidenceError);
    expect(refusal).toMatchObject({
      message: `${out} already exists: an evidence bundle is written once and never replaced`,
      fix: 'write the audit to another --out directory, or move the earlier bundle away first',
    });
  });

  it('an out path that cannot be looked at (under a file) is refused, not taken as free', async () => {
    const notADir = join(dir, 'plain-file');
    writeFileSync(notADir, 'x');
    const out = join(notADir, 'bundle.tar.gz');
    await expect(refuseExistingBundle(out)).rejects.toThrow(
      `${out} already exists: an evidence bundle is written once and never replaced`,
    );
    await expect(writeEvidenceBundle(out, [file('a.txt', 'a')], AT, {})).rejects.toBeInstanceOf(EvidenceError);
  });

  it('a bundle that appears at the out path while the archive is written is not replaced', async () => {
    const folder = mkdtempSync(join(dir, 'race-'));
    const out = join(folder, 'evidence-bundle.tar.gz');
    const planted: StreamedBundleFile = {
      path: 'weights.bin',
      size: 1,
      open: async function* () {
        writeFileSync(out, 'planted meanwhile');
        yield Buffer.from('w');
      },
    };
    const attempt = writeEvidenceBundle(out, [planted], AT, {});
    await expect(attempt).rejects.toBeInstanceOf(EvidenceError);
    await expect(attempt).rejects.toThrow(
      `${out} already exists: an evidence bundle is written once and never replaced`,
    );
    expect(readFileSync(out, 'utf8')).toBe('planted meanwhile');
    expect(readdirSync(folder)).toStrictEqual(['evidence-bundle.tar.gz']);
  });

  it('a temp file removed under the writer: the failure is the link that could not be made, and no bundle', async () => {
    const folder = mkdtempSync(join(dir, 'gone-'));
    const out = join(folder, 'evidence-bundle.tar.gz');
    const removing: StreamedBundleFile = {
      path: 'weights.bin',
      size: 1,
      open: async function* () {
        for (const name of readdirSync(folder)) unlinkSync(join(folder, name));
        yield Buffer.from('w');
      },
    };
    await expect(writeEvidenceBundle(out, [removing], AT, {})).rejects.toMatchObject({
      code: 'ENOENT',
      syscall: 'link',
    });
    expect(readdirSync(folder)).toStrictEqual([]);
  });
});
