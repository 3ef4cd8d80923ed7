/**
 * The evidence directory (record mode's workflow artifact) at its edges: `writeEvidenceDirectory` refuses a file
 * named like its index and a path that is not a bundle path, returns exactly the paths it wrote, and ends
 * `evidence.json` with a newline; `verifyEvidenceDirectory` bounds the files it reads (exactly `maxEntries` pass,
 * refused links counted with them) and the size of `evidence.json` (exactly the limit is read), names an index that
 * is a link and a FIFO among the files; `verifyEvidence` reads a path that is not there as a bundle that cannot be
 * read. Each answer word for word. The mutation run left each of these unpinned.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildBundleIndex,
  verifyEvidence,
  verifyEvidenceDirectory,
  writeEvidenceDirectory,
} from '../../src/evidence/evidence-bundle.js';

const AT = '2026-12-01T00:00:00.000Z';
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const file = (path: string, text: string) => ({ path, bytes: Buffer.from(text) });

let root: string;
let count = 0;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'mlgov-evidence-dir-limits-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
const freshDir = () => join(root, `d${count++}`);

/** An evidence directory written by record mode's writer, holding a.txt and b/c.txt; with its index digest. */
async function evidenceDirectory(): Promise<{ dir: string; indexSha256: string }> {
  const dir = freshDir();
  await writeEvidenceDirectory(dir, [file('a.txt', 'alpha\n'), file('b/c.txt', 'gamma\n')], AT, { commit: 'abc' });
  return { dir, indexSha256: sha256(readFileSync(join(dir, 'evidence.json'))) };
}

describe('writeEvidenceDirectory', () => {
  it('returns the paths it wrote, the index last, and writes the index as indented JSON and a newline', async () => {
    const dir = freshDir();
    const files = [file('a.txt', 'alpha\n'), file('b/c.txt', 'gamma\n')];
    const paths = await writeEvidenceDirectory(dir, files, AT, { commit: 'abc' });
    expect(paths).toStrictEqual([join(dir, 'a.txt'), join(dir, 'b/c.txt'), join(dir, 'evidence.json')]);
    const index = buildBundleIndex(files, AT, { commit: 'abc' });
    expect(readFileSync(join(dir, 'evidence.json'), 'utf8')).toBe(
      JSON.stringify({ commit: 'abc', ...index }, null, 2) + '\n',
    );
  });

  it('refuses a file named like its index, among others, before writing anything', async () => {
    const dir = freshDir();
    await expect(
      writeEvidenceDirectory(dir, [file('a.txt', 'a'), file('evidence.json', '{}')], AT, {}),
    ).rejects.toThrow(new TypeError('evidence.json is the index of an evidence directory, not one of its files'));
    expect(() => statSync(dir)).toThrow();
  });

  it('refuses a path that is not a bundle path, before writing anything', async () => {
    const dir = freshDir();
    await expect(writeEvidenceDirectory(dir, [file('../outside.txt', 'x')], AT, {})).rejects.toThrow(
      new TypeError('not a bundle path: "../outside.txt"'),
    );
    expect(() => statSync(join(root, 'outside.txt'))).toThrow();
  });
});

describe('verifyEvidenceDirectory: how many files', () => {
  it('exactly maxEntries files (the index among them) are read', async () => {
    const { dir, indexSha256 } = await evidenceDirectory();
    expect(await verifyEvidenceDirectory(dir, { maxEntries: 3 })).toMatchObject({ ok: true, files: 2, indexSha256 });
  });

  it('one more is refused, naming the directory', async () => {
    const { dir, indexSha256 } = await evidenceDirectory();
    expect(await verifyEvidenceDirectory(dir, { maxEntries: 2 })).toStrictEqual({
      ok: false,
      problems: [{ file: dir, message: 'holds more than 2 files: not an mlgov evidence directory' }],
      indexSha256,
    });
  });

  it('links, never followed, count with the files', async () => {
    const dir = freshDir();
    await writeEvidenceDirectory(dir, [file('a.txt', 'alpha\n')], AT, {});
    symlinkSync('/etc/passwd', join(dir, 'l1'));
    symlinkSync('/etc/hostname', join(dir, 'l2'));
    const indexSha256 = sha256(readFileSync(join(dir, 'evidence.json')));
    expect(await verifyEvidenceDirectory(dir, { maxEntries: 3 })).toStrictEqual({
      ok: false,
      problems: [{ file: dir, message: 'holds more than 3 files: not an mlgov evidence directory' }],
      indexSha256,
    });
  });
});

describe('verifyEvidenceDirectory: the index', () => {
  it('an evidence.json of exactly maxIndexBytes is read; one byte less is refused, naming the limit', async () => {
    const { dir, indexSha256 } = await evidenceDirectory();
    const size = statSync(join(dir, 'evidence.json')).size;
    expect(await verifyEvidenceDirectory(dir, { maxIndexBytes: size })).toMatchObject({ ok: true, indexSha256 });
    expect(await verifyEvidenceDirectory(dir, { maxIndexBytes: size - 1 })).toStrictEqual({
      ok: false,
      problems: [{ file: 'evidence.json', message: `is more than the ${size - 1} bytes accepted` }],
    });
  });

  it('an evidence.json that is a link is not a regular file (never followed)', async () => {
    const { dir } = await evidenceDirectory();
    const elsewhere = join(root, `elsewhere-${count++}.json`);
    writeFileSync(elsewhere, readFileSync(join(dir, 'evidence.json')));
    rmSync(join(dir, 'evidence.json'));
    symlinkSync(elsewhere, join(dir, 'evidence.json'));
    expect(await verifyEvidenceDirectory(dir)).toStrictEqual({
      ok: false,
      problems: [{ file: 'evidence.json', message: 'is not a regular file' }],
    });
  });
});

describe('verifyEvidenceDirectory: what cannot be hashed', () => {
  it('a FIFO among the files is named as one, never opened', async () => {
    const { dir, indexSha256 } = await evidenceDirectory();
    expect(spawnSync('mkfifo', [join(dir, 'b', 'pipe')]).status).toBe(0);
    expect(await verifyEvidenceDirectory(dir)).toStrictEqual({
      ok: false,
      problems: [{ file: 'b/pipe', message: 'is a FIFO, not a regular file' }],
      indexSha256,
    });
  });
});

describe('verifyEvidence', () => {
  it('a path that is not there is read as a bundle that cannot be read', async () => {
    const missing = join(root, 'missing.tar.gz');
    expect(await verifyEvidence(missing)).toStrictEqual({
      ok: false,
      problems: [
        {
          file: missing,
          message: `is not a readable .tar.gz bundle: ENOENT: no such file or directory, open '${missing}'`,
        },
      ],
    });
  });
});
