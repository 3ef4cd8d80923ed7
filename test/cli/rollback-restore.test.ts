/**
 * `mlgov rollback --to V` restores V's model files from git at the commit V's archive records (issue 15), on real
 * temp repositories: production 2.5.0 replaced 2.4.0's weights at the same path, so rolling back means getting
 * 2.4.0's bytes back, verified against the archived record, staged, and committed with the command it prints; then
 * `mlgov check` passes on that commit. It refuses (changing nothing) when the recorded commit is missing (shallow
 * clone), when git's bytes are not the archived ones, and when the user has uncommitted work on a model file.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/release/report.js';
import { runMlgov } from '../support/cli-io.js';
import { bindRelease, createReleaseRepo } from '../support/example-release.js';

const REASON = 'AUC dropped 8% on live traffic (INC-42)';
const WEIGHTS = 'model/weights/model.onnx';
const ARCHIVE = 'artifacts/fraud-detection/2.4.0';
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

type ReleaseRepo = ReturnType<typeof createReleaseRepo>;

async function mlgov(dir: string, ...args: string[]) {
  return runMlgov(args, { cwd: dir });
}

async function ok(dir: string, ...args: string[]): Promise<string> {
  const run = await mlgov(dir, ...args);
  if (run.code !== 0) throw new Error(`mlgov ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

function pointerText(content: Buffer): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(content)}\nsize ${content.length}\n`;
}

interface Production {
  repo: ReleaseRepo;
  /** 2.4.0's weights as git holds them at the recorded commit (the LFS pointer text when `lfs`). */
  weights240: Buffer;
  /** The commit 2.4.0's archive records (evidence.json source.gitCommit). */
  recorded: string;
  /** With `lfs`: the object 2.4.0's pointer stands for (the real weights). */
  lfsObject?: Buffer;
}

/**
 * main: 2.4.0 (with `lfs`, its weights committed as a Git LFS pointer) → 2.5.0 with new weights at the same path,
 * archiving 2.4.0; `between` runs on main after the archive and before the merge. A `pr` branch is checked out.
 */
async function production(options: { lfs?: boolean; between?: (repo: ReleaseRepo) => void } = {}): Promise<Production> {
  const repo = createReleaseRepo();
  cleanups.push(() => repo.remove());
  const lfsObject = options.lfs ? readFileSync(join(repo.dir, WEIGHTS)) : undefined;
  if (lfsObject) {
    // The manifest already declares the real content's sha256 and size: the pointer stands for exactly that object.
    repo.git('checkout', '-q', 'main');
    writeFileSync(join(repo.dir, '.gitattributes'), `${WEIGHTS} filter=lfs diff=lfs merge=lfs -text\n`);
    writeFileSync(join(repo.dir, WEIGHTS), pointerText(lfsObject));
    repo.commitAll('Track the weights in Git LFS');
    repo.git('checkout', '-q', 'release');
    repo.git('merge', '-q', '--ff-only', 'main');
  }
  const recorded = repo.git('rev-parse', 'main').trim();
  const weights240 = readFileSync(join(repo.dir, WEIGHTS));
  await ok(repo.dir, 'archive', '--base', 'main', '--actor', 'carol');
  writeFileSync(join(repo.dir, WEIGHTS), `weights retrained in November\n${'x'.repeat(2000)}\n`);
  bindRelease(repo.dir, repo.seed, {
    manifest: (m) => {
      m.version = '2.5.0';
      m.release = { type: 'promotion', reason: 'Retrain on the November feature snapshot' };
      m.jira = 'MLGOV-124';
      m.evaluation.backtest = { ...m.evaluation.backtest!, mae: 38, rmse: 55 };
      m.evaluation.backtest.seasons = { summer: { mae: 37, rmse: 54 }, winter: { mae: 39, rmse: 56 } };
    },
  });
  repo.commitAll('MLGOV-124 promote 2.5.0');
  repo.git('checkout', '-q', 'main');
  options.between?.(repo);
  repo.git('merge', '-q', '--no-ff', '-m', 'Merge release 2.5.0', 'release');
  repo.git('checkout', '-q', '-b', 'pr');
  return { repo, weights240, recorded, ...(lfsObject ? { lfsObject } : {}) };
}

/** Everything in the working tree and the index, with content: "nothing changed" means this is equal. */
function treeState(dir: string): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  return git('ls-files', '-s') + git('status', '--porcelain', '--untracked-files=all') + git('diff', 'HEAD');
}

async function check(dir: string): Promise<{ code: number; report: Report }> {
  const run = await mlgov(dir, 'check', '--offline', '--base', 'main', '--format', 'json');
  return { code: run.code, report: JSON.parse(run.stdout) as Report };
}

const failing = (report: Report) => report.checks.filter((c) => c.status === 'fail').map((c) => c.id);

/** Runs the `git commit …` line the rollback printed, as the user would paste it into a shell. */
function runPrintedCommit(dir: string, stdout: string): void {
  const line = stdout.split('\n').find((l) => l.startsWith('  git commit '));
  if (!line) throw new Error(`no commit command in:\n${stdout}`);
  execFileSync('sh', ['-c', line.trim()], {
    cwd: dir,
    env: { ...process.env, GIT_AUTHOR_NAME: 'Erin', GIT_AUTHOR_EMAIL: 'erin@example.test' },
  });
}

describe('mlgov rollback restores the model files it records', () => {
  it('restores 2.4.0’s weights from the recorded commit, stages them, prints the commit; mlgov check passes on it', async () => {
    const { repo, weights240, recorded } = await production();
    const r = await mlgov(repo.dir, 'rollback', '--to', '2.4.0', '--reason', REASON, '--base', 'main');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `restored ${WEIGHTS} (${weights240.length} bytes) from commit ${recorded.slice(0, 12)}, verified by its sha256 and size\n`,
    );
    expect(r.stdout).toContain('model/weights/feature-schema.json is already the archived file: left as it is\n');
    expect(readFileSync(join(repo.dir, WEIGHTS)).equals(weights240)).toBe(true);

    // Staged: the index holds exactly the blob of the recorded commit, and every file the rollback wrote.
    const blob = repo.git('rev-parse', `${recorded}:${WEIGHTS}`).trim();
    expect(repo.git('ls-files', '-s', '--', WEIGHTS)).toBe(`100644 ${blob} 0\t${WEIGHTS}\n`);
    const staged = repo.git('diff', '--cached', '--name-only').trim().split('\n').sort();
    expect(staged).toEqual(
      [
        WEIGHTS,
        'model/manifest.json',
        'reports/latest-bias-report.json',
        'artifacts/fraud-detection/2.5.0/manifest.json',
        'artifacts/fraud-detection/2.5.0/bias-report.json',
        'artifacts/fraud-detection/2.5.0/checksums.sha256',
        'artifacts/fraud-detection/2.5.0/evidence.json',
        'artifacts/audit-log.jsonl',
      ].sort(),
    );
    expect(r.stdout).toContain(`staged 8 file(s) in the index: ${WEIGHTS}, `);
    expect(r.stdout).toContain(
      "after the approvals, commit exactly the rollback with:\n  git commit -m 'MLGOV-123 Roll back fraud-detection from 2.5.0 to 2.4.0' -- " +
        `${WEIGHTS} artifacts/fraud-detection/2.5.0/manifest.json artifacts/fraud-detection/2.5.0/bias-report.json ` +
        'artifacts/fraud-detection/2.5.0/checksums.sha256 artifacts/fraud-detection/2.5.0/evidence.json ' +
        'model/manifest.json reports/latest-bias-report.json artifacts/audit-log.jsonl\n',
    );

    // The board re-approves; the printed command commits the rollback (an unrelated staged file stays out of it).
    await ok(repo.dir, 'approve', '--approver', 'alice', '--role', 'governance-board');
    await ok(repo.dir, 'approve', '--approver', 'bob', '--role', 'regulatory-affairs');
    writeFileSync(join(repo.dir, 'notes.txt'), 'not part of the rollback\n');
    repo.git('add', 'notes.txt');
    runPrintedCommit(repo.dir, r.stdout);
    expect(repo.git('show', '--name-only', '--format=%s', 'HEAD').split('\n')[0]).toBe(
      'MLGOV-123 Roll back fraud-detection from 2.5.0 to 2.4.0',
    );
    expect(repo.git('diff', '--cached', '--name-only')).toBe('notes.txt\n');
    repo.git('reset', '-q', '--', 'notes.txt');
    expect(repo.git('status', '--porcelain')).toBe('?? notes.txt\n');

    const { code, report } = await check(repo.dir);
    expect(failing(report)).toEqual([]);
    expect(code).toBe(0);
    expect(report.checks.find((c) => c.id === 'promotion')!.details).toMatchObject({ releaseType: 'rollback' });
  });

  it('the gate fails a committed rollback whose weights are not the archived ones (CHECKSUM_MISMATCH on the line)', async () => {
    const { repo, weights240 } = await production();
    await ok(repo.dir, 'rollback', '--to', '2.4.0', '--reason', REASON, '--base', 'main');
    await ok(repo.dir, 'approve', '--approver', 'alice', '--role', 'governance-board');
    await ok(repo.dir, 'approve', '--approver', 'bob', '--role', 'regulatory-affairs');
    // The PR keeps the restored manifest (so it is still "the archived 2.4.0") but ships other bytes, same size.
    const other = Buffer.from(weights240);
    other[0] = other[0]! ^ 0xff;
    writeFileSync(join(repo.dir, WEIGHTS), other);
    repo.commitAll('MLGOV-123 Roll back fraud-detection from 2.5.0 to 2.4.0');
    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    expect(failing(report)).toEqual(['checksums']);
    const mismatch = report.checks.find((c) => c.id === 'checksums')!.findings.filter((f) => f.severity === 'error');
    const line =
      readFileSync(join(repo.dir, 'model/manifest.json'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes(`"sha256": "${sha256(weights240)}"`)) + 1;
    expect(mismatch).toEqual([
      expect.objectContaining({
        code: 'CHECKSUM_MISMATCH',
        file: 'model/manifest.json',
        pointer: '/artifacts/0/sha256',
        line,
      }),
    ]);
  });

  it('with --dry-run prints what it would restore and stage, and changes nothing', async () => {
    const { repo, weights240, recorded } = await production();
    const before = treeState(repo.dir);
    const r = await mlgov(repo.dir, 'rollback', '--to', '2.4.0', '--reason', REASON, '--base', 'main', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `would restore ${WEIGHTS} (${weights240.length} bytes) from commit ${recorded.slice(0, 12)}, verified by its sha256 and size\n`,
    );
    expect(r.stdout).toContain('would stage 8 file(s) in the index\n');
    expect(treeState(repo.dir)).toBe(before);
  });
});

describe('a Git LFS artifact is restored as the pointer git holds', () => {
  it('writes and stages the committed pointer (verified by its oid and size), and mlgov check passes', async () => {
    const { repo, weights240, recorded } = await production({ lfs: true });
    expect(weights240.toString('utf8')).toMatch(/^version https:\/\/git-lfs\.github\.com\/spec\/v1\n/);
    const r = await mlgov(
      repo.dir,
      'rollback',
      '--to',
      '2.4.0',
      '--reason',
      REASON,
      '--base',
      'main',
      '--format',
      'json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const blob = repo.git('rev-parse', `${recorded}:${WEIGHTS}`).trim();
    expect(out.restored).toEqual([
      { path: WEIGHTS, commit: recorded, blob, size: weights240.length, verifiedBy: 'lfs-pointer' },
    ]);
    expect(out.inPlace).toEqual(['model/weights/feature-schema.json']);
    expect(readFileSync(join(repo.dir, WEIGHTS)).equals(weights240)).toBe(true);
    expect(repo.git('ls-files', '-s', '--', WEIGHTS)).toBe(`100644 ${blob} 0\t${WEIGHTS}\n`);

    await ok(repo.dir, 'approve', '--approver', 'alice', '--role', 'governance-board');
    await ok(repo.dir, 'approve', '--approver', 'bob', '--role', 'regulatory-affairs');
    execFileSync('sh', ['-c', out.commitCommand], { cwd: repo.dir });
    expect(repo.git('rev-parse', `HEAD:${WEIGHTS}`).trim()).toBe(blob);
    const { code, report } = await check(repo.dir);
    expect(failing(report)).toEqual([]);
    expect(code).toBe(0);
  });

  const hasLfs = spawnSync('git', ['lfs', 'version'], { encoding: 'utf8' }).status === 0;
  if (!hasLfs) console.warn('git-lfs is not installed: the smudge test of mlgov rollback is SKIPPED');
  (hasLfs ? it : it.skip)(
    'never writes the smudged object, even where git-lfs has it (SKIPPED when git-lfs is not installed)',
    async () => {
      const { repo, weights240, lfsObject, recorded } = await production({ lfs: true });
      repo.git('lfs', 'install', '--local');
      // Put 2.4.0's object in the local LFS store (the clean filter stores what it cleans): a smudge now yields it.
      execFileSync('git', ['lfs', 'clean', '--', WEIGHTS], { cwd: repo.dir, input: lfsObject });
      const smudged = execFileSync('git', ['cat-file', '--filters', `${recorded}:${WEIGHTS}`], { cwd: repo.dir });
      expect(smudged.equals(lfsObject!)).toBe(true);

      const r = await mlgov(repo.dir, 'rollback', '--to', '2.4.0', '--reason', REASON, '--base', 'main');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(readFileSync(join(repo.dir, WEIGHTS)).equals(weights240)).toBe(true);
      expect(repo.git('ls-files', '-s', '--', WEIGHTS)).toContain(
        repo.git('rev-parse', `${recorded}:${WEIGHTS}`).trim(),
      );
    },
  );
});

describe('mlgov rollback refuses, changing nothing', () => {
  it('when the recorded commit is not in a shallow clone: git fetch --unshallow / fetch-depth: 0 (exit 2)', async () => {
    const { repo, recorded } = await production({
      // One more commit on main after the archive: main's history in the clone starts there, with 2.4.0 still in force.
      between: (r) => {
        writeFileSync(join(r.dir, 'CODEOWNERS'), '* @acme/ml\n');
        r.commitAll('Code owners');
      },
    });
    const parent = mkdtempSync(join(tmpdir(), 'mlgov-shallow-'));
    cleanups.push(() => rmSync(parent, { recursive: true, force: true }));
    const dir = join(parent, 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '2', '--branch', 'main', `file://${repo.dir}`, dir]);
    const clone = { dir, git: (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }) };
    clone.git('checkout', '-q', '-b', 'pr');
    expect(clone.git('rev-parse', '--is-shallow-repository').trim()).toBe('true');
    const before = treeState(clone.dir);

    const r = await mlgov(clone.dir, 'rollback', '--to', '2.4.0', '--reason', REASON, '--base', 'main');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `rollback refused: the commit ${ARCHIVE}/evidence.json records (${recorded}) is not in this repository (a shallow clone), so ${WEIGHTS} cannot be restored from it`,
    );
    expect(r.stderr).toContain('git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0');
    expect(treeState(clone.dir)).toBe(before);

    // Unshallowed, the same rollback works.
    clone.git('fetch', '-q', '--unshallow');
    const again = await mlgov(clone.dir, 'rollback', '--to', '2.4.0', '--reason', REASON, '--base', 'main');
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
  });

  it('when the weights at the recorded commit are not the archived ones, naming the file and both digests (exit 1)', async () => {
    // An insider pushed other weights to main under 2.4.0 before it was archived: the archive records that commit.
    const repo = createReleaseRepo();
    cleanups.push(() => repo.remove());
    const declared = readFileSync(join(repo.dir, WEIGHTS));
    repo.git('checkout', '-q', 'main');
    appendFileSync(join(repo.dir, WEIGHTS), 'hot fix\n');
    const swapped = readFileSync(join(repo.dir, WEIGHTS));
    repo.commitAll('hot fix the weights');
    repo.git('checkout', '-q', 'release');
    repo.git('merge', '-q', '--ff-only', 'main');
    await ok(repo.dir, 'archive', '--base', 'main', '--actor', 'carol');
    writeFileSync(join(repo.dir, WEIGHTS), 'weights retrained in November\n');
    bindRelease(repo.dir, repo.seed, {
      manifest: (m) => {
        m.version = '2.5.0';
        m.jira = 'MLGOV-124';
      },
    });
    repo.commitAll('MLGOV-124 promote 2.5.0');
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--ff-only', 'release');
    repo.git('checkout', '-q', '-b', 'pr');
    const before = treeState(repo.dir);

    const r = await mlgov(repo.dir, 'rollback', '--to', '2.4.0', '--reason', REASON, '--base', 'main');
    expect(r.code).toBe(1);
    const at = repo.git('rev-parse', 'main~1').trim().slice(0, 12);
    expect(r.stderr).toContain(
      `rollback refused: the model files git holds for this release do not match the archived record of ${ARCHIVE}: ` +
        `${WEIGHTS} at ${at} is sha256 ${sha256(swapped)} (${swapped.length} bytes); the archive records sha256 ${sha256(declared)} (${declared.length} bytes)`,
    );
    expect(r.stderr).toContain('restore those files from artifact storage');
    expect(treeState(repo.dir)).toBe(before);
  });

  it('when a model file it would restore has uncommitted changes, modified or staged: never overwritten (exit 2)', async () => {
    const { repo } = await production();
    appendFileSync(join(repo.dir, WEIGHTS), 'my experiment\n');
    const before = treeState(repo.dir);
    const modified = await mlgov(repo.dir, 'rollback', '--to', '2.4.0', '--reason', REASON, '--base', 'main');
    expect(modified.code).toBe(2);
    expect(modified.stderr).toContain(
      `rollback refused: the working tree has uncommitted changes to model files the rollback would restore: ${WEIGHTS} (modified); they are never overwritten`,
    );
    expect(modified.stderr).toContain('git stash push --include-untracked');
    expect(treeState(repo.dir)).toBe(before);

    repo.git('add', WEIGHTS);
    const stagedBefore = treeState(repo.dir);
    const staged = await mlgov(repo.dir, 'rollback', '--to', '2.4.0', '--reason', REASON, '--base', 'main');
    expect(staged.code).toBe(2);
    expect(staged.stderr).toContain(`${WEIGHTS} (staged); they are never overwritten`);
    expect(treeState(repo.dir)).toBe(stagedBefore);
  });

  it('when git cannot list the index, so a staged change would look like none (exit 2)', async () => {
    const { repo } = await production();
    const index = join(repo.dir, '.git/index');
    writeFileSync(index, 'DIRC not an index\n');
    const files = () =>
      execFileSync(
        'find',
        [repo.dir, '-path', join(repo.dir, '.git'), '-prune', '-o', '-type', 'f', '-newer', index, '-print'],
        { encoding: 'utf8' },
      );
    const head = repo.git('rev-parse', 'HEAD');
    const r = await mlgov(repo.dir, 'rollback', '--to', '2.4.0', '--reason', REASON, '--base', 'main');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "mlgov: git could not list the index entries of artifacts/fraud-detection/2.4.0's artifacts, so a staged change to them cannot be told apart",
    );
    expect(r.stderr).toContain('run `git status` in the repository');
    expect(r.stdout).toBe('');
    expect(files()).toBe('');
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
  });
});
