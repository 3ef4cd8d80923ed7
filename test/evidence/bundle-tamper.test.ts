/**
 * `verifyEvidenceBundle` (src/evidence/evidence-bundle.ts) against bundles an attacker edited by hand: a file's
 * bytes, a file added or removed, an entry twice, a link or a directory among the files, an index that is not one, a
 * bad entry in it (each way an entry can be bad, named by position and line), a checksum list that disagrees, and
 * many problems at once (bounded). Each answer word for word: what an auditor reads. The tar files are written here
 * block by block, as any tool could.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';
import { formatChecksums } from '../../src/evidence/archive-plan.js';
import {
  BUNDLE_FORMAT,
  buildBundleIndex,
  MAX_BUNDLE_PROBLEMS,
  type BundleVerification,
  verifyEvidenceBundle,
  writeEvidenceBundle,
} from '../../src/evidence/evidence-bundle.js';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});
const tempFile = (name: string) => {
  dir ??= mkdtempSync(join(tmpdir(), 'mlgov-bundle-tamper-'));
  return join(dir, name);
};

interface Entry {
  path: string;
  body?: Buffer | string;
  type?: 'File' | 'Directory' | 'SymbolicLink';
  linkpath?: string;
}
/** A .tar.gz of `entries`, in order, as any tar tool would write them. */
function tarGz(entries: Entry[]): string {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? '');
    const type = e.type ?? 'File';
    const header = new Header({
      path: e.path,
      mode: 0o644,
      size: type === 'File' ? body.length : 0,
      mtime: new Date(0),
      type,
      ...(e.linkpath ? { linkpath: e.linkpath } : {}),
    });
    const block = Buffer.alloc(512);
    header.encode(block);
    blocks.push(block);
    if (type === 'File') blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  const file = tempFile(`b-${Math.random().toString(36).slice(2)}.tar.gz`);
  writeFileSync(file, gzipSync(Buffer.concat(blocks)));
  return file;
}

/** The problems of a verification that failed (none for one that passed). */
const problemsOf = (r: BundleVerification) => (r.ok ? [] : r.problems);

const FILES = { 'a.txt': 'alpha\n', 'dir/b.json': '{"b":1}\n' };
/** index.json and SHA256SUMS for `files`, as mlgov writes them. */
function indexOf(files: Record<string, string>, over: Record<string, unknown> = {}) {
  const index = {
    ...buildBundleIndex(
      Object.entries(files).map(([path, text]) => ({ path, bytes: Buffer.from(text) })),
      '2026-12-01T00:00:00.000Z',
      { ref: 'main' },
    ),
    ...over,
  };
  return { text: JSON.stringify(index, null, 2) + '\n', sums: formatChecksums(index.files as never) };
}
function bundle(files: Record<string, string>, extra: Entry[] = [], indexOver: Record<string, unknown> = {}) {
  const { text, sums } = indexOf(FILES, indexOver);
  return {
    file: tarGz([
      { path: 'index.json', body: text },
      { path: 'SHA256SUMS', body: sums },
      ...Object.entries(files).map(([path, body]) => ({ path, body })),
      ...extra,
    ]),
    indexSha256: sha256(text),
  };
}

describe('verifyEvidenceBundle on hand-made bundles', () => {
  it('the control: the files the index lists, as listed, verify; the answer names the index digest', async () => {
    const { file, indexSha256 } = bundle(FILES, [{ path: 'dir', type: 'Directory' }]);
    const result = await verifyEvidenceBundle(file);
    expect(result).toEqual(expect.objectContaining({ ok: true, files: 2, indexSha256 }));
  });

  it('a file with other bytes names both digests; one added or missing is named', async () => {
    const edited = bundle({ ...FILES, 'a.txt': 'ALPHA\n' }, [{ path: 'extra.txt', body: 'x' }]);
    expect(await verifyEvidenceBundle(edited.file)).toStrictEqual({
      ok: false,
      indexSha256: edited.indexSha256,
      problems: [
        { file: 'a.txt', message: `differs from the index (sha256 ${sha256('ALPHA\n')}, index ${sha256('alpha\n')})` },
        { file: 'extra.txt', message: 'is in the bundle but not in the index' },
      ],
    });
    const missing = bundle({ 'a.txt': FILES['a.txt'] });
    expect(problemsOf(await verifyEvidenceBundle(missing.file))).toStrictEqual([
      { file: 'dir/b.json', message: 'is listed in the index but missing from the bundle' },
    ]);
  });

  it('the same digest with another size is a difference too', async () => {
    const { text, sums } = indexOf(FILES);
    const index = JSON.parse(text) as { files: Array<{ path: string; size: number }> };
    index.files[0]!.size += 1;
    const file = tarGz([
      { path: 'index.json', body: JSON.stringify(index) },
      { path: 'SHA256SUMS', body: sums },
      ...Object.entries(FILES).map(([path, body]) => ({ path, body })),
    ]);
    expect(problemsOf(await verifyEvidenceBundle(file))).toContainEqual({
      file: 'a.txt',
      message: `differs from the index (sha256 ${sha256('alpha\n')}, index ${sha256('alpha\n')})`,
    });
  });

  it('an entry twice and a link are named; a directory entry is not a problem', async () => {
    const { file } = bundle(FILES, [
      { path: 'a.txt', body: 'alpha\n' },
      { path: 'link', type: 'SymbolicLink', linkpath: '/etc/passwd' },
      { path: 'dir', type: 'Directory' },
    ]);
    expect(problemsOf(await verifyEvidenceBundle(file))).toStrictEqual([
      { file: 'a.txt', message: 'appears twice in the bundle' },
      { file: 'link', message: 'is a SymbolicLink, not a regular file' },
    ]);
  });

  it('no index; an index that is not one (not an object, another format, no files list)', async () => {
    const noIndex = tarGz([{ path: 'a.txt', body: 'x' }]);
    expect(await verifyEvidenceBundle(noIndex)).toStrictEqual({
      ok: false,
      problems: [{ file: 'index.json', message: 'is missing: the bundle has no index' }],
    });
    const notIndex = {
      file: 'index.json',
      line: 1,
      message: `is not an index of format ${BUNDLE_FORMAT} with a files list`,
    };
    for (const text of [
      '[]',
      'null',
      '"x"',
      JSON.stringify({ format: 'other/1', files: [] }),
      JSON.stringify({ format: BUNDLE_FORMAT }),
    ]) {
      const file = tarGz([{ path: 'index.json', body: text }]);
      expect([text, problemsOf(await verifyEvidenceBundle(file))]).toStrictEqual([text, [notIndex]]);
    }
  });

  it('each bad entry of the index is named by position and line; the valid ones are still compared', async () => {
    const shape = 'every entry must be {"path": "...", "sha256": "<64 hex digits>", "size": <bytes>}';
    const good = { path: 'a.txt', sha256: sha256('alpha\n'), size: 6 };
    const bad: Array<[unknown, string]> = [
      ['text', `is string: ${shape}`],
      [[1], `is an array: ${shape}`],
      [null, `is null: ${shape}`],
      [{ ...good, path: '../x' }, `has no valid path (relative, no ".."): ${shape}`],
      [{ ...good, path: '/abs' }, `has no valid path (relative, no ".."): ${shape}`],
      [{ ...good, path: 'a\\b' }, `has no valid path (relative, no ".."): ${shape}`],
      [{ ...good, path: 'a//b' }, `has no valid path (relative, no ".."): ${shape}`],
      [{ ...good, path: './a' }, `has no valid path (relative, no ".."): ${shape}`],
      [{ ...good, path: '' }, `has no valid path (relative, no ".."): ${shape}`],
      [{ ...good, path: 7 }, `has no valid path (relative, no ".."): ${shape}`],
      [{ ...good, sha256: good.sha256.toUpperCase() }, `has no valid sha256: ${shape}`],
      [{ ...good, sha256: good.sha256 + '0' }, `has no valid sha256: ${shape}`],
      [{ ...good, sha256: '0' + good.sha256 }, `has no valid sha256: ${shape}`],
      [{ ...good, size: -1 }, `has no valid size: ${shape}`],
      [{ ...good, size: 1.5 }, `has no valid size: ${shape}`],
      [{ ...good, size: '6' }, `has no valid size: ${shape}`],
    ];
    const files = [good, ...bad.map(([e]) => e), good];
    const text = JSON.stringify({ format: BUNDLE_FORMAT, files }, null, 2);
    const lineOf = (i: number) => {
      // Each entry starts on its own line after `"files": [`; find the i-th entry's first line.
      const lines = text.split('\n');
      let depth = 0;
      let seen = -1;
      for (let n = 0; n < lines.length; n++) {
        const l = lines[n]!;
        if (depth === 2 && l.trim() !== ']' && l.trim() !== '],') {
          seen++;
          if (seen === i) return n + 1;
        }
        depth += (l.match(/[[{]/g) ?? []).length - (l.match(/[\]}]/g) ?? []).length;
      }
      return -1;
    };
    const file = tarGz([
      { path: 'index.json', body: text },
      { path: 'a.txt', body: 'alpha\n' },
    ]);
    const problems = problemsOf(await verifyEvidenceBundle(file));
    expect(problems).toStrictEqual([
      ...bad.map(([, fault], j) => ({
        file: 'index.json',
        line: lineOf(j + 1),
        message: `entry ${j + 1} of files (/files/${j + 1}) ${fault}`,
      })),
      {
        file: 'index.json',
        line: lineOf(files.length - 1),
        message: `entry ${files.length - 1} of files lists a.txt a second time`,
      },
    ]);
  });

  it('a checksum list that disagrees with the index, or none, is named', async () => {
    const { text } = indexOf(FILES);
    const entries = Object.entries(FILES).map(([path, body]) => ({ path, body }));
    const none = tarGz([{ path: 'index.json', body: text }, ...entries]);
    expect(problemsOf(await verifyEvidenceBundle(none))).toStrictEqual([
      { file: 'SHA256SUMS', message: 'does not match the index' },
    ]);
    const other = tarGz([{ path: 'index.json', body: text }, { path: 'SHA256SUMS', body: 'x\n' }, ...entries]);
    expect(problemsOf(await verifyEvidenceBundle(other))).toStrictEqual([
      { file: 'SHA256SUMS', message: 'does not match the index' },
    ]);
  });

  it('more problems than the bound: the first ones and how many more', async () => {
    const extra = Array.from({ length: MAX_BUNDLE_PROBLEMS + 5 }, (_, i) => ({ path: `x${i}.txt`, body: 'x' }));
    const { file } = bundle(FILES, extra);
    const problems = problemsOf(await verifyEvidenceBundle(file));
    expect(problems).toHaveLength(MAX_BUNDLE_PROBLEMS + 1);
    expect(problems[MAX_BUNDLE_PROBLEMS]).toStrictEqual({ file: '', message: 'and 5 more problems' });
    const exactly = bundle(FILES, extra.slice(0, MAX_BUNDLE_PROBLEMS));
    expect(problemsOf(await verifyEvidenceBundle(exactly.file))).toHaveLength(MAX_BUNDLE_PROBLEMS);
  });

  it('a bundle mlgov writes verifies, with its index sorted by path and its checksum list', async () => {
    const out = tempFile('written.tar.gz');
    const written = await writeEvidenceBundle(
      out,
      [
        { path: 'z.txt', bytes: Buffer.from('z') },
        { path: 'a.txt', bytes: Buffer.from('a') },
      ],
      '2026-12-01T00:00:00.000Z',
      { ref: 'main' },
    );
    const result = await verifyEvidenceBundle(out);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.index.files.map((f) => f.path)).toStrictEqual(['a.txt', 'z.txt']);
      expect(result.indexSha256).toBe(written.indexSha256);
    }
  });
});
