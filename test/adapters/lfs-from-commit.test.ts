import { afterEach, describe, expect, it } from '@jest/globals';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { observeFiles, REHASH_NOTE } from '../../src/adapters/file-hasher.js';
import { openGitRepository, type IndexEntry } from '../../src/adapters/git-repository.js';
import { judgeIndexedFile } from '../../src/adapters/lfs-pointer-index.js';
import { verificationSummary } from '../../src/checks/checksums.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { runMlgov } from '../support/cli-io.js';
import { createExampleRepo } from '../support/git-repo.js';
import { afterTick, createLfsRepo, pointerFor, type LfsRepo } from './hash-git-fixtures.js';
import { lfsPointerText, sha256Of } from './hash-fixtures.js';

const WEIGHTS = 'model/weights.bin';
const CONTENT = 'the real weights, smudged by git-lfs\n';

let repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos) r.remove();
  repos = [];
});
function track<T extends TempRepo>(r: T): T {
  repos.push(r);
  return r;
}

/** A repository whose weights are committed through the LFS clean filter and smudged in the working tree. */
function smudgedRepo(content = CONTENT, options: { pointerText?: string } = {}): LfsRepo {
  const repo = track(createLfsRepo(options));
  repo.write(WEIGHTS, content);
  repo.commit('weights via LFS');
  return repo;
}

describe('Git LFS artifacts are judged from the pointer in the index', () => {
  it('the index holds the pointer blob and the working tree the smudged content (the fixture is real)', () => {
    const repo = smudgedRepo();
    expect(repo.git('cat-file', '-p', `:${WEIGHTS}`)).toBe(pointerFor(CONTENT));
    expect(repo.git('diff-files', '--name-only')).toBe('');
  });

  it('an unchanged smudged file is verified by its pointer: oid and size, with how', async () => {
    const repo = smudgedRepo();
    const result = await observeFiles(repo.dir, [WEIGHTS]);
    const oid = sha256Of(CONTENT);
    const size = Buffer.byteLength(CONTENT);
    expect(result[WEIGHTS]).toEqual({
      kind: 'file',
      path: WEIGHTS,
      sha256: oid,
      size,
      lfs: { oid, size },
      verifiedBy: 'lfs-index',
    });
  });

  it('the content is not read: a pointer git vouches for wins even over other bytes of the same size', async () => {
    // The filter stores a fixed pointer whatever the content, so only the pointer can be the answer.
    const declared = 'x'.repeat(CONTENT.length);
    const repo = smudgedRepo(CONTENT, { pointerText: pointerFor(declared) });
    const result = await observeFiles(repo.dir, [WEIGHTS]);
    expect(result[WEIGHTS]).toMatchObject({ sha256: sha256Of(declared), verifiedBy: 'lfs-index' });
  });

  it('--rehash reads the content instead, and says why', async () => {
    const declared = 'x'.repeat(CONTENT.length);
    const repo = smudgedRepo(CONTENT, { pointerText: pointerFor(declared) });
    const result = await observeFiles(repo.dir, [WEIGHTS], { rehash: true });
    expect(result[WEIGHTS]).toEqual({
      kind: 'file',
      path: WEIGHTS,
      sha256: sha256Of(CONTENT),
      size: CONTENT.length,
      verifiedBy: 'hashed',
      verifiedNote: REHASH_NOTE,
    });
  });

  it('a working-tree file changed since the commit is hashed, with the reason', async () => {
    const repo = smudgedRepo();
    const edited = 'THE REAL WEIGHTS, SMUDGED BY GIT-LFS\n';
    repo.write(WEIGHTS, edited);
    const result = await observeFiles(repo.dir, [WEIGHTS]);
    expect(result[WEIGHTS]).toEqual({
      kind: 'file',
      path: WEIGHTS,
      sha256: sha256Of(edited),
      size: edited.length,
      verifiedBy: 'hashed',
      verifiedNote: 'the working-tree file differs from the commit (git stat check)',
    });
  });

  it.each([
    ['--assume-unchanged', 'git is told not to check this file (assume-unchanged)'],
    ['--skip-worktree', 'git is told not to check this file (skip-worktree)'],
  ])('%s hides changes from git, so the file is hashed', async (flag, note) => {
    const repo = smudgedRepo();
    repo.git('update-index', flag, WEIGHTS);
    const edited = 'X'.repeat(CONTENT.length);
    repo.write(WEIGHTS, edited);
    expect(repo.git('diff-files', '--name-only')).toBe(''); // git itself no longer sees the change
    const result = await observeFiles(repo.dir, [WEIGHTS]);
    expect(result[WEIGHTS]).toMatchObject({ sha256: sha256Of(edited), verifiedBy: 'hashed', verifiedNote: note });
  });

  it('a stat-clean file whose size matches neither the object nor the pointer is hashed', async () => {
    const repo = smudgedRepo('short', { pointerText: pointerFor('a much longer declared object') });
    const result = await observeFiles(repo.dir, [WEIGHTS]);
    expect(result[WEIGHTS]).toMatchObject({
      sha256: sha256Of('short'),
      verifiedBy: 'hashed',
      verifiedNote: 'the working-tree file size matches neither the object nor the pointer',
    });
  });

  it('an un-smudged checkout (the pointer text itself in the working tree) is verified from the index', async () => {
    const repo = smudgedRepo();
    // As after a clone without git-lfs: the working tree holds the pointer, recorded as such in the index.
    repo.git('config', '--unset', 'filter.lfs.clean');
    repo.git('config', '--unset', 'filter.lfs.required');
    writeFileSync(join(repo.dir, '.gitattributes'), '');
    repo.write(WEIGHTS, pointerFor(CONTENT));
    repo.commit('pointer as plain text');
    const result = await observeFiles(repo.dir, [WEIGHTS]);
    expect(result[WEIGHTS]).toMatchObject({ sha256: sha256Of(CONTENT), verifiedBy: 'lfs-index' });
  });

  it('a file git tracks without LFS is hashed, with no reason to give', async () => {
    const repo = track(createTempRepo());
    writeFileSync(join(repo.dir, 'plain.txt'), 'plain');
    repo.commitAll('plain');
    const result = await observeFiles(repo.dir, ['plain.txt']);
    expect(result['plain.txt']).toEqual({
      kind: 'file',
      path: 'plain.txt',
      sha256: sha256Of('plain'),
      size: 5,
      verifiedBy: 'hashed',
    });
  });

  it("a folder judged on its own inside another repository does not use that repository's index", async () => {
    const repo = smudgedRepo();
    const result = await observeFiles(join(repo.dir, 'model'), ['weights.bin']);
    expect(result['weights.bin']).toMatchObject({ sha256: sha256Of(CONTENT), verifiedBy: 'hashed' });
    expect(result['weights.bin']).not.toHaveProperty('verifiedNote');
  });

  it('a manifest path with glob characters names one file (literal pathspec), not a pattern', async () => {
    const repo = track(createLfsRepo());
    repo.write('model/a.bin', CONTENT);
    repo.write('model/b.bin', 'other');
    repo.commit('two');
    repo.write('model/b.bin', 'changed');
    const result = await observeFiles(repo.dir, ['model/a.bin', 'model/[ab].bin']);
    expect(result['model/a.bin']).toMatchObject({ verifiedBy: 'lfs-index' });
    expect(result['model/[ab].bin']).toEqual({ kind: 'missing', path: 'model/[ab].bin' });
  });
});

describe('the git port answers only what it is asked', () => {
  it('no paths: no index entries and no changed files (never the whole index)', async () => {
    const repo = smudgedRepo();
    const git = openGitRepository(repo.dir);
    expect(await git.indexEntries([])).toStrictEqual(new Map());
    expect(await git.worktreeChanged([])).toEqual(new Set());
    expect((await git.indexEntries([WEIGHTS]))?.get(WEIGHTS)).toMatchObject({ mode: '100644', stage: 0, tag: 'H' });
    expect(await git.indexEntries(['model/not-tracked.bin'])).toStrictEqual(new Map());
  });

  it('answers undefined, not "nothing is tracked", when git cannot list the index', async () => {
    const repo = smudgedRepo();
    rmSync(join(repo.dir, '.git'), { recursive: true });
    expect(await openGitRepository(repo.dir).indexEntries([WEIGHTS])).toBeUndefined();
  });

  it('objectSizes gives type and size without reading, and leaves out what is not there', async () => {
    const repo = smudgedRepo();
    const blob = repo.git('rev-parse', `:${WEIGHTS}`).trim();
    const sizes = await openGitRepository(repo.dir).objectSizes([blob, 'f'.repeat(40), '--batch']);
    expect([...sizes.entries()]).toEqual([[blob, { type: 'blob', size: pointerFor(CONTENT).length }]]);
  });
});

describe('judgeIndexedFile (the pure rule)', () => {
  const pointer = Buffer.from(lfsPointerText('a'.repeat(64), 100));
  const entry = (over: Partial<IndexEntry> = {}): IndexEntry => ({
    path: 'w.bin',
    mode: '100644',
    blob: 'b'.repeat(40),
    stage: 0,
    tag: 'H',
    ...over,
  });
  const clean = new Set<string>();
  const query = { path: 'w.bin', size: 100 };

  it('trusts a stat-clean pointer entry', () => {
    expect(judgeIndexedFile(entry(), pointer, clean, query)).toEqual({
      trusted: true,
      pointer: { oid: 'a'.repeat(64), size: 100 },
    });
  });

  it.each([
    ['not in the index', undefined],
    ['a conflict stage', entry({ stage: 2 })],
    ['a symlink', entry({ mode: '120000' })],
    ['a submodule', entry({ mode: '160000' })],
  ])('ignores %s', (_label, e) => {
    expect(judgeIndexedFile(e, pointer, clean, query)).toBeUndefined();
  });

  it('ignores a blob that is not a pointer', () => {
    expect(judgeIndexedFile(entry(), Buffer.from('weights'), clean, query)).toBeUndefined();
  });

  it('does not trust it when git could not run its stat check', () => {
    expect(judgeIndexedFile(entry(), pointer, undefined, query)).toMatchObject({
      trusted: false,
      reason: 'git could not compare the working tree with the index',
    });
  });

  it('does not trust an entry with an unknown tag', () => {
    expect(judgeIndexedFile(entry({ tag: 'M' }), pointer, clean, query)).toMatchObject({ trusted: false });
  });
});

describe('verificationSummary', () => {
  it('counts each way in a fixed order and names the one file hashed for a reason', () => {
    expect(
      verificationSummary([
        { path: 'a.bin', verifiedBy: 'hash-cache' },
        { path: 'b.bin', verifiedBy: 'lfs-index' },
        { path: 'c.bin', verifiedBy: 'hashed', verifiedNote: 'the working-tree file differs from the commit' },
        { path: 'd.json', verifiedBy: 'hashed' },
        { path: 'e.bin' },
      ]),
    ).toBe(
      '2 hashed, 1 from the Git LFS pointer in the index, 1 from the local hash cache; ' +
        'c.bin hashed: the working-tree file differs from the commit',
    );
  });

  it('is empty when nothing was verified', () => {
    expect(verificationSummary([{ path: 'gone.bin' }])).toBe('');
  });
});

describe('the gate reports how each file was verified', () => {
  /** The example release with its ONNX weights tracked by Git LFS (through the stand-in clean filter). */
  function exampleWithLfsWeights(): TempRepo {
    const repo = track(createExampleRepo());
    const lfs = createLfsRepo();
    track(lfs);
    repo.git('config', 'filter.lfs.clean', lfs.git('config', 'filter.lfs.clean').trim());
    writeFileSync(join(repo.dir, '.gitattributes'), '*.onnx filter=lfs -text\n');
    repo.git('rm', '-q', '--cached', 'model/weights/model.onnx');
    afterTick(join(repo.dir, '.git'));
    repo.commitAll('track the weights with LFS');
    return repo;
  }

  it('mlgov check: the weights come from the LFS pointer in the index; --rehash hashes them', async () => {
    const repo = exampleWithLfsWeights();
    expect(repo.git('cat-file', '-p', ':model/weights/model.onnx')).toMatch(/^version https:\/\/git-lfs/);
    const run = await runMlgov(['check', '--offline', '--format', 'json', '--base', 'HEAD'], { cwd: repo.dir });
    const checks = (JSON.parse(run.stdout) as { checks: Array<{ id: string; summary: string; status: string }> })
      .checks;
    const checksums = checks.find((c) => c.id === 'checksums')!;
    expect(checksums.status).toBe('pass');
    expect(checksums.summary).toMatch(/\b1 from the Git LFS pointer in the index\b/);

    const rehash = await runMlgov(['check', '--offline', '--format', 'json', '--base', 'HEAD', '--rehash'], {
      cwd: repo.dir,
    });
    const again = (JSON.parse(rehash.stdout) as { checks: Array<{ id: string; summary: string }> }).checks;
    const summary = again.find((c) => c.id === 'checksums')!.summary;
    expect(summary).not.toMatch(/LFS pointer in the index/);
    expect(summary).toMatch(/\(3 hashed; 3 files hashed: asked to re-hash \(--rehash\)\)$/);
  });

  it('mlgov checksums --format json lists each file with how it was verified', async () => {
    const repo = exampleWithLfsWeights();
    const run = await runMlgov(['checksums', '--format', 'json'], { cwd: repo.dir, env: { CI: 'true' } });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { verification: { files: Array<{ path: string; verifiedBy: string }> } };
    expect(out.verification.files).toContainEqual({ path: 'model/weights/model.onnx', verifiedBy: 'lfs-index' });
    expect(out.verification.files).toContainEqual({ path: 'model/weights/feature-schema.json', verifiedBy: 'hashed' });
  });
});
