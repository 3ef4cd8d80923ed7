import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { observeFiles, REHASH_NOTE } from '../../src/adapters/file-hasher.js';
import {
  cachedDigest,
  HASH_CACHE_FILE,
  isCiEnvironment,
  type FileStamp,
  type HashCacheEntry,
} from '../../src/adapters/hash-cache.js';
import { runGate } from '../../src/gate/run-gate.js';
import { runMlgov } from '../support/cli-io.js';
import { createExampleRepo, createTempRepo, type TempRepo } from '../support/git-repo.js';
import { afterTick } from './hash-git-fixtures.js';
import { sha256Of } from './hash-fixtures.js';

const stamp: FileStamp = { size: '4096', mtimeNs: '1000', ctimeNs: '1100', dev: '7', ino: '42' };
const entry: HashCacheEntry = { ...stamp, sha256: 'a'.repeat(64), clockNs: '2000' };

describe('cachedDigest (the trust rule)', () => {
  it('trusts an entry whose stamp is unchanged and older than the clock read before hashing', () => {
    expect(cachedDigest(entry, stamp)).toBe('a'.repeat(64));
  });

  it.each(['size', 'mtimeNs', 'ctimeNs', 'dev', 'ino'] as const)('does not trust it when %s changed', (field) => {
    expect(cachedDigest(entry, { ...stamp, [field]: '999999' })).toBeUndefined();
  });

  it('racily clean: a file modified in the tick the clock was read is not trusted', () => {
    expect(cachedDigest({ ...entry, clockNs: '1000', ctimeNs: '900' }, { ...stamp, ctimeNs: '900' })).toBeUndefined();
  });

  it('racily clean: a file changed (ctime) in or after that tick is not trusted', () => {
    expect(cachedDigest({ ...entry, clockNs: '1100' }, stamp)).toBeUndefined();
  });

  it('no entry, or a digest that is not lowercase hex SHA-256, is no answer', () => {
    expect(cachedDigest(undefined, stamp)).toBeUndefined();
    expect(cachedDigest({ ...entry, sha256: 'A'.repeat(64) }, stamp)).toBeUndefined();
  });
});

describe('isCiEnvironment', () => {
  it.each([
    [{ CI: 'true' }, true],
    [{ CI: '1' }, true],
    [{ CI: 'yes' }, true],
    [{ CI: 'false' }, false],
    [{ CI: '0' }, false],
    [{ CI: '' }, false],
    [{}, false],
  ])('%j → %s', (env, ci) => {
    expect(isCiEnvironment(env)).toBe(ci);
  });
});

let repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos) r.remove();
  repos = [];
});

const FILE = 'model/weights.bin';
const CONTENT = 'w'.repeat(4096);

/** A git repository holding one cacheable (≥ 1 KiB) file, written before the file system's clock moved on. */
function repoWithFile(content = CONTENT): TempRepo & { abs: string; cacheFile: string } {
  const repo = createTempRepo('mlgov-cache-');
  repos.push(repo);
  mkdirSync(join(repo.dir, 'model'));
  writeFileSync(join(repo.dir, FILE), content);
  afterTick(join(repo.dir, '.git'));
  return { ...repo, abs: realpathSync(join(repo.dir, FILE)), cacheFile: join(repo.dir, '.git', HASH_CACHE_FILE) };
}

/** Plants a cache entry for `abs` with its current stamp, a digest of our choosing and the clock given. */
function plant(cacheFile: string, abs: string, sha256: string, clock: (s: FileStamp) => bigint): void {
  const info = statSync(abs, { bigint: true });
  const s: FileStamp = {
    size: String(info.size),
    mtimeNs: String(info.mtimeNs),
    ctimeNs: String(info.ctimeNs),
    dev: String(info.dev),
    ino: String(info.ino),
  };
  mkdirSync(join(cacheFile, '..'), { recursive: true });
  const entries = { [abs]: { ...s, sha256, clockNs: String(clock(s)) } };
  writeFileSync(cacheFile, JSON.stringify({ format: 'mlgov-hash-cache/1', entries }));
}
const later = (s: FileStamp): bigint =>
  (BigInt(s.mtimeNs) > BigInt(s.ctimeNs) ? BigInt(s.mtimeNs) : BigInt(s.ctimeNs)) + 1n;

describe('observeFiles with the hash cache', () => {
  it('first run hashes and records the digest inside .git (never in the work tree git would commit)', async () => {
    const repo = repoWithFile();
    const result = await observeFiles(repo.dir, [FILE], { hashCache: true });
    expect(result[FILE]).toMatchObject({ sha256: sha256Of(CONTENT), verifiedBy: 'hashed' });
    const saved = JSON.parse(readFileSync(repo.cacheFile, 'utf8')) as { entries: Record<string, HashCacheEntry> };
    expect(saved.entries[repo.abs]).toMatchObject({ sha256: sha256Of(CONTENT), size: '4096' });
    expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe('?? model/weights.bin\n');
  });

  it('second run takes the digest from the cache', async () => {
    const repo = repoWithFile();
    await observeFiles(repo.dir, [FILE], { hashCache: true });
    const second = await observeFiles(repo.dir, [FILE], { hashCache: true });
    expect(second[FILE]).toEqual({
      kind: 'file',
      path: FILE,
      sha256: sha256Of(CONTENT),
      size: 4096,
      verifiedBy: 'hash-cache',
    });
  });

  it('a cache hit does not read the file: a planted digest for an unchanged stamp is what comes back', async () => {
    const repo = repoWithFile();
    plant(repo.cacheFile, repo.abs, 'b'.repeat(64), later);
    const result = await observeFiles(repo.dir, [FILE], { hashCache: true });
    expect(result[FILE]).toMatchObject({ sha256: 'b'.repeat(64), verifiedBy: 'hash-cache' });
  });

  it('a file rewritten with other bytes of the same size is hashed again (its stamp changed)', async () => {
    const repo = repoWithFile();
    await observeFiles(repo.dir, [FILE], { hashCache: true });
    const edited = 'e'.repeat(4096);
    writeFileSync(repo.abs, edited);
    const result = await observeFiles(repo.dir, [FILE], { hashCache: true });
    expect(result[FILE]).toMatchObject({ sha256: sha256Of(edited), verifiedBy: 'hashed' });
  });

  it('racily clean: an entry recorded in the same tick as the file was written is not trusted', async () => {
    const repo = repoWithFile();
    plant(repo.cacheFile, repo.abs, 'b'.repeat(64), (s) => BigInt(s.mtimeNs));
    const result = await observeFiles(repo.dir, [FILE], { hashCache: true });
    expect(result[FILE]).toMatchObject({ sha256: sha256Of(CONTENT), verifiedBy: 'hashed' });
    // …and the digest recorded now, after the tick, is the true one.
    const saved = JSON.parse(readFileSync(repo.cacheFile, 'utf8')) as { entries: Record<string, HashCacheEntry> };
    expect(saved.entries[repo.abs]?.sha256).toBe(sha256Of(CONTENT));
  });

  it('--rehash ignores the cache', async () => {
    const repo = repoWithFile();
    plant(repo.cacheFile, repo.abs, 'b'.repeat(64), later);
    const result = await observeFiles(repo.dir, [FILE], { hashCache: true, rehash: true });
    expect(result[FILE]).toMatchObject({ sha256: sha256Of(CONTENT), verifiedBy: 'hashed', verifiedNote: REHASH_NOTE });
  });

  it('without hashCache (the action, CI) the cache is neither read nor written', async () => {
    const repo = repoWithFile();
    const fresh = await observeFiles(repo.dir, [FILE]);
    expect(fresh[FILE]).toMatchObject({ verifiedBy: 'hashed' });
    expect(existsSync(repo.cacheFile)).toBe(false);
    plant(repo.cacheFile, repo.abs, 'b'.repeat(64), later);
    const result = await observeFiles(repo.dir, [FILE]);
    expect(result[FILE]).toMatchObject({ sha256: sha256Of(CONTENT), verifiedBy: 'hashed' });
  });

  it.each([
    ['not JSON', '{'],
    ['another format', JSON.stringify({ format: 'other', entries: {} })],
    [
      'an entry with a non-numeric stamp',
      JSON.stringify({ format: 'mlgov-hash-cache/1', entries: { x: { size: 'a' } } }),
    ],
  ])('a cache file that is %s reads as empty and is replaced', async (_label, text) => {
    const repo = repoWithFile();
    mkdirSync(join(repo.cacheFile, '..'), { recursive: true });
    writeFileSync(repo.cacheFile, text);
    const result = await observeFiles(repo.dir, [FILE], { hashCache: true });
    expect(result[FILE]).toMatchObject({ sha256: sha256Of(CONTENT), verifiedBy: 'hashed' });
    expect(JSON.parse(readFileSync(repo.cacheFile, 'utf8'))).toMatchObject({ format: 'mlgov-hash-cache/1' });
  });

  it('a pointer-sized file is never cached (reading it is cheaper than trusting a stamp)', async () => {
    const repo = repoWithFile('tiny');
    await observeFiles(repo.dir, [FILE], { hashCache: true });
    expect(existsSync(repo.cacheFile)).toBe(false);
  });

  it('outside a git repository there is no cache (nowhere safe to keep it)', async () => {
    const repo = repoWithFile();
    const { rmSync } = await import('node:fs');
    rmSync(join(repo.dir, '.git'), { recursive: true, force: true });
    const result = await observeFiles(repo.dir, [FILE], { hashCache: true });
    expect(result[FILE]).toMatchObject({ verifiedBy: 'hashed' });
  });
});

describe('the CLI uses the cache for repeated local runs only', () => {
  function example(): TempRepo {
    const repo = createExampleRepo();
    repos.push(repo);
    afterTick(join(repo.dir, '.git'));
    return repo;
  }

  it('mlgov checksums: the second run says its digests came from the local hash cache', async () => {
    const repo = example();
    const first = await runMlgov(['checksums'], { cwd: repo.dir, env: {} });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('verified: 3 hashed\n');
    const second = await runMlgov(['checksums'], { cwd: repo.dir, env: {} });
    expect(second.stdout).toContain('verified: 3 from the local hash cache\n');
  });

  it('mlgov check: the checksums summary counts the cached digests', async () => {
    const repo = example();
    await runMlgov(['checksums'], { cwd: repo.dir, env: {} });
    const run = await runMlgov(['check', '--offline', '--format', 'json', '--base', 'HEAD'], {
      cwd: repo.dir,
      env: {},
    });
    const checks = (JSON.parse(run.stdout) as { checks: Array<{ id: string; summary: string }> }).checks;
    expect(checks.find((c) => c.id === 'checksums')!.summary).toMatch(/\(3 from the local hash cache\)$/);
  });

  it('with CI set, nothing is cached and nothing is taken from a cache', async () => {
    const repo = example();
    await runMlgov(['checksums'], { cwd: repo.dir, env: { CI: 'true' } });
    expect(existsSync(join(repo.dir, '.git', HASH_CACHE_FILE))).toBe(false);
    await runMlgov(['checksums'], { cwd: repo.dir, env: {} });
    const ci = await runMlgov(['checksums'], { cwd: repo.dir, env: { CI: 'true' } });
    expect(ci.stdout).toContain('verified: 3 hashed\n');
  });

  it('the gate as the action runs it (no hashCache option) neither writes nor reads a cache', async () => {
    const repo = example();
    await runGate({ repoRoot: repo.dir, offline: true, baseRef: 'HEAD' });
    expect(existsSync(join(repo.dir, '.git', HASH_CACHE_FILE))).toBe(false);
    await runMlgov(['checksums'], { cwd: repo.dir, env: {} }); // a local run fills the cache
    const report = await runGate({ repoRoot: repo.dir, offline: true, baseRef: 'HEAD' });
    const checksums = report.checks.find((c) => c.id === 'checksums')!;
    expect(checksums.summary).toMatch(/\(3 hashed\)$/);
  });

  it('--rehash on the CLI hashes every file and says so', async () => {
    const repo = example();
    await runMlgov(['checksums'], { cwd: repo.dir, env: {} });
    const run = await runMlgov(['checksums', '--rehash'], { cwd: repo.dir, env: {} });
    expect(run.stdout).toContain('verified: 3 hashed; 3 files hashed: asked to re-hash (--rehash)\n');
  });
});
