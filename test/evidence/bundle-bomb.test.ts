/**
 * `mlgov audit verify-bundle` on bundles nobody should trust: an index with a `null` entry (was "could not complete"
 * with a TypeError), a gzip bomb (a 1.2 MB bundle used to reach 1.3 GB of memory before tar's own ratio guard
 * stopped it), an archive inside the archive, too many entries. Each is refused with a clear message, exit 1, no
 * stack trace; and the bomb is refused with bounded memory, measured as the peak RSS of a child process running the
 * bundled CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { create, Header } from 'tar';
import {
  buildBundleIndex,
  verifyEvidenceBundle,
  writeEvidenceBundle,
  type BundleFile,
} from '../../src/evidence/evidence-bundle.js';
import { formatChecksums } from '../../src/evidence/archive-plan.js';
import { runMlgov } from '../support/cli-io.js';
import { bundleCli } from '../support/bundle-cli.js';

const MiB = 1024 * 1024;
/** A stack trace line or Node's crash banner: never printed for a bad bundle. */
const STACK = /^\s+at .+:\d+:\d+\)?$|could not complete|TypeError/m;

let dir: string;
let cli: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mlgov-bundle-bomb-'));
  cli = join(dir, 'cli', 'cli.js');
  await bundleCli(cli);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const files = (): BundleFile[] => [
  { path: 'audit-report.md', bytes: Buffer.from('# Audit\n') },
  { path: 'releases/1.0.0/manifest.json', bytes: Buffer.from('{"name":"m"}\n') },
];

/** A .tar.gz of `entries` (path → bytes) written as given: the index can say anything. */
async function tarGz(name: string, entries: Record<string, Buffer | string>): Promise<string> {
  const staging = mkdtempSync(join(dir, 'staging-'));
  for (const [path, bytes] of Object.entries(entries)) {
    mkdirSync(dirname(join(staging, path)), { recursive: true });
    writeFileSync(join(staging, path), bytes);
  }
  const out = join(dir, name);
  await create({ gzip: true, file: out, cwd: staging, portable: true, noDirRecurse: true }, Object.keys(entries));
  return out;
}

/**
 * A gzip bomb shaped like a bundle: one tar header for a 2 GiB file, then gzip members of 16 MiB of zeros each,
 * concatenated (gunzip reads them as one stream). 75 members: 1.2 GB inflated from about 1.2 MB.
 */
function gzipBomb(name: string, members = 75): string {
  const header = Buffer.alloc(512);
  new Header({ path: 'evidence.bin', mode: 0o644, size: 2 * 1024 * MiB, type: 'File', mtime: new Date(0) }).encode(
    header,
  );
  const zeros = gzipSync(Buffer.alloc(16 * MiB), { level: 9 });
  const out = join(dir, name);
  writeFileSync(out, Buffer.concat([gzipSync(header), ...Array.from({ length: members }, () => zeros)]));
  return out;
}

describe('verify-bundle: the index', () => {
  it('the control: a bundle as mlgov audit writes it verifies (exit 0)', async () => {
    const out = join(dir, 'good.tar.gz');
    const { indexSha256 } = await writeEvidenceBundle(out, files(), '2026-11-21T09:00:00Z', { ref: 'main' });
    const r = await runMlgov(['audit', 'verify-bundle', out], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`2 file(s) match the index (index.json sha256 ${indexSha256})`);
    expect(r.code).toBe(0);
  });

  it('names a null entry of the index by position and line, exit 1, and still compares the valid entries', async () => {
    const index = buildBundleIndex(files(), '2026-11-21T09:00:00Z', {}) as { files: unknown[] };
    const [first] = index.files;
    index.files = [first, null];
    const text = JSON.stringify(index, null, 2) + '\n';
    const nullLine = text.split('\n').findIndex((l) => l.trim() === 'null') + 1;
    const bundle = await tarGz('null-entry.tar.gz', {
      'index.json': text,
      SHA256SUMS: '',
      // The listed file is changed, so the valid entry's comparison must still run and say so.
      'audit-report.md': '# Audit (edited)\n',
      'releases/1.0.0/manifest.json': '{"name":"m"}\n',
    });
    const r = await runMlgov(['audit', 'verify-bundle', bundle], { cwd: dir });
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).toContain(
      `null-entry.tar.gz: index.json:${nullLine} entry 1 of files (/files/1) is null: every entry must be {"path": "...", "sha256": "<64 hex digits>", "size": <bytes>}`,
    );
    expect(r.stderr).toContain('audit-report.md differs from the index');
    expect(r.stderr).toContain('releases/1.0.0/manifest.json is in the bundle but not in the index');
    expect(r.code).toBe(1);

    const json = await runMlgov(['audit', 'verify-bundle', bundle, '--format', 'json'], { cwd: dir });
    const report = JSON.parse(json.stdout) as { ok: boolean; problems: Array<{ file: string; line?: number }> };
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ file: 'index.json', line: nullLine }));
    expect(json.code).toBe(1);
  });

  it.each([
    ['a string', '"x"', 'entry 0 of files (/files/0) is string'],
    ['a path with ..', `{"path":"../etc/passwd","sha256":"${'a'.repeat(64)}","size":1}`, 'has no valid path'],
    ['a short digest', '{"path":"a.txt","sha256":"abc","size":1}', 'has no valid sha256'],
    ['a negative size', `{"path":"a.txt","sha256":"${'a'.repeat(64)}","size":-1}`, 'has no valid size'],
  ])('names an entry that is %s', async (_what, entry, message) => {
    const text = `{"format":"mlgov-evidence-bundle/1","generatedAt":"x","subject":{},"files":[\n${entry}\n]}\n`;
    const bundle = await tarGz(`bad-entry-${message.length}.tar.gz`, { 'index.json': text, SHA256SUMS: '' });
    const result = await verifyEvidenceBundle(bundle);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toContainEqual(
      expect.objectContaining({ file: 'index.json', line: 2, message: expect.stringContaining(message) }),
    );
  });

  it('refuses an index with a duplicate key (read strictly, as every mlgov document), naming its line', async () => {
    const sums = formatChecksums([]);
    const text = '{"format":"mlgov-evidence-bundle/1",\n"files":[],\n"files":[],"generatedAt":"x","subject":{}}\n';
    const bundle = await tarGz('dup-key.tar.gz', { 'index.json': text, SHA256SUMS: sums });
    const result = await verifyEvidenceBundle(bundle);
    expect(result.ok ? [] : result.problems).toContainEqual(
      expect.objectContaining({
        file: 'index.json',
        line: 3,
        message: expect.stringContaining('Duplicate key "files"'),
      }),
    );
  });
});

describe('verify-bundle: bounded work on a hostile archive', () => {
  it('refuses a gzip bomb early with a clear message, exit 1, and the child process stays under 400 MiB (unbounded, it reached 1.3 GB)', () => {
    const bomb = gzipBomb('bomb.tar.gz');
    expect(readFileSync(bomb).length).toBeLessThan(2 * MiB);
    const rssFile = join(dir, 'rss.txt');
    const preload = join(dir, 'rss.mjs');
    writeFileSync(
      preload,
      `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
    );
    const r = spawnSync(process.execPath, ['--import', preload, cli, 'audit', 'verify-bundle', 'bomb.tar.gz'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).toMatch(
      /^bomb\.tar\.gz: \S*bomb\.tar\.gz inflates to more than \d+ bytes from \d+ compressed bytes read \(more than 200 to 1 beyond the first 67108864 bytes\): refused as a decompression bomb\n$/,
    );
    expect(r.status).toBe(1);
    const maxRssKiB = Number(readFileSync(rssFile, 'utf8'));
    expect(maxRssKiB).toBeGreaterThan(0);
    // The refusal comes after about 84 MB inflated (200 to 1 beyond the 64 MiB floor); what the process peaks at on
    // top of the CLI's own ~100 MB depends on when the collector frees the passed chunks (104-300 MB measured), so the
    // bound is set to tell "bounded" from the 1.3 GB of a reader without the guard, not to time the collector.
    expect(maxRssKiB).toBeLessThan(400 * 1024);
  }, 120_000);

  it('a bundle of incompressible data larger than the floor still verifies: the bound is a ratio, not a size', async () => {
    const out = join(dir, 'big.tar.gz');
    await writeEvidenceBundle(out, [{ path: 'weights.bin', bytes: randomBytes(4 * MiB) }], '2026-11-21T09:00:00Z', {});
    const result = await verifyEvidenceBundle(out, { floorBytes: 1 * MiB });
    expect(result).toEqual(expect.objectContaining({ ok: true, files: 1 }));
    // The same floor refuses 4 MiB of zeros, which compress far more than 200 to 1.
    const zeros = join(dir, 'zeros.tar.gz');
    await writeEvidenceBundle(
      zeros,
      [{ path: 'weights.bin', bytes: Buffer.alloc(4 * MiB) }],
      '2026-11-21T09:00:00Z',
      {},
    );
    const refused = await verifyEvidenceBundle(zeros, { floorBytes: 1 * MiB });
    expect(refused.ok ? '' : refused.problems[0]!.message).toContain('refused as a decompression bomb');
  });

  it('refuses an archive inside the archive (the tar reader would inflate it again, unbounded)', async () => {
    const inner = gzipSync(Buffer.alloc(1024));
    const out = join(dir, 'nested.tar.gz');
    writeFileSync(out, gzipSync(inner));
    const result = await verifyEvidenceBundle(out);
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          file: out,
          message: 'holds a compressed archive inside the compressed archive: not an mlgov evidence bundle',
        },
      ],
    });
  });

  it('refuses more entries than the limit, and lists at most 100 problems', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 150; i++) many[`f${i}.txt`] = `${i}\n`;
    const bundle = await tarGz('many.tar.gz', {
      ...many,
      'index.json': '{"format":"mlgov-evidence-bundle/1","files":[]}',
    });
    const capped = await verifyEvidenceBundle(bundle, { maxEntries: 20 });
    expect(capped).toEqual({
      ok: false,
      problems: [{ file: bundle, message: 'has more than 20 entries: not an mlgov evidence bundle' }],
    });
    const listed = await verifyEvidenceBundle(bundle);
    expect(listed.ok).toBe(false);
    const problems = listed.ok ? [] : listed.problems;
    expect(problems).toHaveLength(101);
    expect(problems[100]).toEqual({ file: '', message: 'and 51 more problems' });
  });
});
