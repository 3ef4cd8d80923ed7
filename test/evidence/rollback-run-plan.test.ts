/**
 * planRollback (src/evidence/rollback-run.ts) on real repositories, called directly: what it reads from the base, the
 * working tree and git decides the plan word for word. Production runs 2.5.0 (new weights at the same path) and
 * archived 2.4.0; each test copies that repository and changes one thing: the base's release, the archive's records,
 * the working-tree files (a folder, an un-smudged pointer, smudged content), the commit the archive records, HEAD.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gitBlobId } from '../../src/adapters/git-history.js';
import { planRollback } from '../../src/evidence/rollback-run.js';
import { openWorkspace, type Workspace } from '../../src/evidence/workspace.js';
import { runMlgov } from '../support/cli-io.js';
import { bindRelease, createReleaseRepo } from '../support/example-release.js';
import { rejectionOf } from '../support/rejection.js';

const REASON = 'AUC dropped 8% on live traffic (INC-42)';
const WEIGHTS = 'model/weights/model.onnx';
const SCHEMA = 'model/weights/feature-schema.json';
const ARCHIVE = 'artifacts/fraud-detection/2.4.0';
const CHECKSUMS = `${ARCHIVE}/checksums.sha256`;
const NOW = new Date('2026-11-24T10:00:00.000Z');
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const pointerText = (content: Buffer) =>
  `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(content)}\nsize ${content.length}\n`;

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.test',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.test',
  GIT_CONFIG_NOSYSTEM: '1',
};

interface Production {
  dir: string;
  /** 2.4.0's weights (what git holds at the recorded commit). */
  weights240: Buffer;
  /** 2.5.0's weights (in force, committed, in the working tree). */
  weights250: Buffer;
  /** The commit 2.4.0's archive records. */
  recorded: string;
  /** The training-code commit (no model files). */
  seed: string;
}

let template: Production;
const scratch: string[] = [];

beforeAll(async () => {
  const repo = createReleaseRepo();
  scratch.push(repo.dir);
  const recorded = repo.git('rev-parse', 'main').trim();
  const weights240 = readFileSync(join(repo.dir, WEIGHTS));
  const archived = await runMlgov(['archive', '--base', 'main', '--actor', 'carol'], { cwd: repo.dir });
  if (archived.code !== 0) throw new Error(archived.stderr);
  const weights250 = Buffer.from(`weights retrained in November\n${'x'.repeat(2000)}\n`);
  writeFileSync(join(repo.dir, WEIGHTS), weights250);
  bindRelease(repo.dir, repo.seed, {
    manifest: (m) => {
      m.version = '2.5.0';
      m.release = { type: 'promotion', reason: 'Retrain on the November feature snapshot' };
      m.jira = 'MLGOV-124';
    },
  });
  repo.commitAll('MLGOV-124 promote 2.5.0');
  repo.git('checkout', '-q', 'main');
  repo.git('merge', '-q', '--no-ff', '-m', 'Merge release 2.5.0', 'release');
  repo.git('checkout', '-q', '-b', 'pr');
  template = { dir: repo.dir, weights240, weights250, recorded, seed: repo.seed };
});

afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

let copies: string[] = [];
afterEach(() => {
  for (const d of copies) rmSync(d, { recursive: true, force: true });
  copies = [];
});

/** A fresh copy of production (on branch `pr`, nothing changed), with git and file helpers. */
function copy() {
  const dir = mkdtempSync(join(tmpdir(), 'mlgov-rollback-run-'));
  copies.push(dir);
  cpSync(template.dir, dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
  const write = (path: string, content: string | Buffer) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  const commit = (message: string) => {
    git('add', '-A');
    git('commit', '-q', '-m', message);
    return git('rev-parse', 'HEAD').trim();
  };
  return { dir, git, write, commit };
}

async function plan(dir: string, o: { base?: string; toVersion?: string; edit?: (ws: Workspace) => Workspace } = {}) {
  const base = o.base ?? 'main';
  const commit = execFileSync('git', ['rev-parse', base], { cwd: dir, encoding: 'utf8' }).trim();
  const ws = await openWorkspace(dir);
  return planRollback(o.edit ? o.edit(ws) : ws, {
    toVersion: o.toVersion ?? '2.4.0',
    reason: REASON,
    actorFlag: 'carol',
    base: { ref: base, commit },
    now: NOW,
  });
}

async function thrown(run: () => Promise<unknown>): Promise<{ name: string; message: string; fix?: string }> {
  const e = (await rejectionOf(run())) as Error & { fix?: string };
  return { name: e.name, message: e.message, fix: e.fix };
}

describe('planRollback on production', () => {
  test('restores 2.4.0: weights from the recorded commit, the feature schema in place, every file written', async () => {
    const { dir } = copy();
    const p = await plan(dir);
    expect(p.kind).toBe('write');
    if (p.kind !== 'write') return;
    expect(p.restored).toStrictEqual([
      {
        path: WEIGHTS,
        bytes: template.weights240,
        blob: gitBlobId(template.weights240),
        mode: '100644',
        verifiedBy: 'content',
      },
    ]);
    expect(p.inPlace).toStrictEqual([SCHEMA]);
    expect(p.restoredFromCommit).toBe(template.recorded);
    expect(p.writes.map((w) => w.path)).toStrictEqual([
      WEIGHTS,
      'artifacts/fraud-detection/2.5.0/manifest.json',
      'artifacts/fraud-detection/2.5.0/bias-report.json',
      'artifacts/fraud-detection/2.5.0/checksums.sha256',
      'artifacts/fraud-detection/2.5.0/evidence.json',
      'model/manifest.json',
      'reports/latest-bias-report.json',
    ]);
    expect(p.writes.at(-1)!.bytes).toStrictEqual(readFileSync(join(dir, ARCHIVE, 'bias-report.json')));
    expect([...p.verified].sort()).toStrictEqual(
      [WEIGHTS, SCHEMA, `${ARCHIVE}/manifest.json`, `${ARCHIVE}/bias-report.json`].sort(),
    );
  });

  test('a version not archived names the archived versions: folders only, in JavaScript string order', async () => {
    const { dir, write } = copy();
    for (const v of ['3.0.0', '0.9.0', '2.0.0', '1.1.0', '0.1.0', '\uFF01', '\u{1F600}'])
      mkdirSync(join(dir, 'artifacts/fraud-detection', v));
    write('artifacts/fraud-detection/README.txt', 'not a version\n');
    const p = await plan(dir, { toVersion: '9.9.9' });
    expect(p).toStrictEqual({
      kind: 'refused',
      message:
        'fraud-detection 9.9.9 is not archived (artifacts/fraud-detection/9.9.9/manifest.json does not exist); archived versions: 0.1.0, 0.9.0, 1.1.0, 2.0.0, 2.4.0, 3.0.0, \u{1F600}, \uFF01',
      fix: 'roll back only to an archived release (mlgov log show --action archive lists them)',
      exitCode: 2,
    });
  });

  test('a model with no archive folder at all has archived versions "none"', async () => {
    const { dir } = copy();
    rmSync(join(dir, 'artifacts/fraud-detection'), { recursive: true });
    const p = await plan(dir, { toVersion: '9.9.9' });
    expect(p).toStrictEqual({
      kind: 'refused',
      message:
        'fraud-detection 9.9.9 is not archived (artifacts/fraud-detection/9.9.9/manifest.json does not exist); archived versions: none',
      fix: 'roll back only to an archived release (mlgov log show --action archive lists them)',
      exitCode: 2,
    });
  });
});

describe('the release in force on the base', () => {
  test('a base without the manifest is refused with the fix to pass the production branch', async () => {
    const { dir } = copy();
    expect(await thrown(() => plan(dir, { base: template.seed }))).toStrictEqual({
      name: 'EvidenceError',
      message: `the base revision ${template.seed} has no model/manifest.json: there is no release in force to roll back`,
      fix: 'pass the production branch with --base REF',
    });
  });

  test('a base manifest that is not JSON, or has no safe version, has no usable name and version', async () => {
    const { dir, git, write, commit } = copy();
    const manifest = readFileSync(join(dir, 'model/manifest.json'), 'utf8');
    git('checkout', '-q', '-b', 'broken', 'main');
    write('model/manifest.json', '{ not json');
    commit('break the manifest');
    git('checkout', '-q', '-b', 'unsafe', 'main');
    write('model/manifest.json', manifest.replace('"version": "2.5.0"', '"version": "../2.5.0"'));
    commit('an unsafe version');
    git('checkout', '-q', 'pr');
    for (const base of ['broken', 'unsafe']) {
      expect(await thrown(() => plan(dir, { base }))).toStrictEqual({
        name: 'EvidenceError',
        message: `the release in force (model/manifest.json at ${base}) has no usable name and version`,
        fix: 'fix the manifest on the base branch first',
      });
    }
  });

  test('a base release of another model than the one asked about is refused, naming where it was read', async () => {
    const { dir } = copy();
    const other = (ws: Workspace): Workspace => ({ ...ws, location: { ...ws.location, name: 'credit-scoring' } });
    expect(await thrown(() => plan(dir, { edit: other }))).toStrictEqual({
      name: 'EvidenceError',
      message:
        'refused: model/manifest.json at main is the release of "fraud-detection", not of the model credit-scoring this command was asked about',
      fix: 'set "name" in model/manifest.json to "credit-scoring" (the policy\'s name for it), or pass --model fraud-detection if that is the model meant',
    });
  });
});

describe('the working tree at the artifact paths', () => {
  test('a folder where the weights should be refuses the restore', async () => {
    const { dir } = copy();
    rmSync(join(dir, WEIGHTS));
    mkdirSync(join(dir, WEIGHTS));
    expect(await plan(dir)).toStrictEqual({
      kind: 'refused',
      message: `the model files of this release cannot be restored at their paths: ${WEIGHTS} (it is not a regular file)`,
      fix: 'make each artifact path a regular file inside the repository (or remove what is there), then run the rollback again',
      exitCode: 1,
    });
  });

  test('an un-smudged pointer to the archived weights is in place: nothing is restored from git', async () => {
    const { dir, write } = copy();
    write(WEIGHTS, pointerText(template.weights240));
    const p = await plan(dir);
    expect(p.kind === 'write' && { restored: p.restored, inPlace: p.inPlace }).toStrictEqual({
      restored: [],
      inPlace: [WEIGHTS, SCHEMA],
    });
  });

  test('smudged content of the LFS pointer HEAD holds is HEAD’s, not uncommitted work: the weights are restored', async () => {
    const { dir, write, commit } = copy();
    write(WEIGHTS, pointerText(template.weights250));
    commit('track the weights in Git LFS');
    write(WEIGHTS, template.weights250);
    const p = await plan(dir, { base: 'pr' });
    expect(p.kind === 'write' && p.restored.map((r) => [r.path, r.verifiedBy])).toStrictEqual([[WEIGHTS, 'content']]);
  });

  test('on an unborn branch (no HEAD commit) the indexed 2.5.0 weights are a staged change', async () => {
    const { dir, git } = copy();
    git('checkout', '-q', '--orphan', 'fresh');
    expect(await plan(dir)).toStrictEqual({
      kind: 'refused',
      message: `the working tree has uncommitted changes to model files the rollback would restore: ${WEIGHTS} (staged); they are never overwritten`,
      fix: 'commit them, or set them aside with git stash push --include-untracked -- <file>..., then run the rollback again',
      exitCode: 2,
    });
  });
});

describe('the commit the archive records', () => {
  /** Rewrites 2.4.0's evidence.json on `pr` to record `commit`; returns the base to plan against. */
  function recordOn(c: ReturnType<typeof copy>, commit: string): string {
    const path = `${ARCHIVE}/evidence.json`;
    const evidence = JSON.parse(readFileSync(join(c.dir, path), 'utf8')) as { source: { gitCommit: string } };
    evidence.source.gitCommit = commit;
    c.write(path, JSON.stringify(evidence, null, 2) + '\n');
    c.commit('record another commit');
    return 'pr';
  }

  test('a commit without the weights is named, short, in the refusal', async () => {
    const c = copy();
    const base = recordOn(c, template.seed);
    expect(await plan(c.dir, { base })).toStrictEqual({
      kind: 'refused',
      message: `the model files git holds for this release do not match the archived record of ${ARCHIVE}: ${WEIGHTS} is not in commit ${template.seed.slice(0, 12)}`,
      fix: `restore those files from artifact storage (each must have the sha256 ${CHECKSUMS} records), then run the rollback again`,
      exitCode: 1,
    });
  });

  test('an executable file at the recorded commit is restored with mode 100755', async () => {
    const c = copy();
    c.git('checkout', '-q', '-b', 'exec', template.recorded);
    chmodSync(join(c.dir, WEIGHTS), 0o755);
    const exec = c.commit('make the weights executable');
    c.git('checkout', '-q', 'pr');
    const base = recordOn(c, exec);
    const p = await plan(c.dir, { base });
    expect(p.kind === 'write' && p.restored).toStrictEqual([
      {
        path: WEIGHTS,
        bytes: template.weights240,
        blob: gitBlobId(template.weights240),
        mode: '100755',
        verifiedBy: 'content',
      },
    ]);
  });
});

describe('a checksum record with a problem reports every line against the working tree', () => {
  const extra = {
    present: sha256('the archived notes\n'),
    missing: sha256('gone\n'),
    dir: sha256('a file\n'),
    object: sha256('an object\n'),
  };

  /** 2.4.0's checksum record on `pr` gains an unparsable line and lines for files that are not model files. */
  function withBrokenRecord() {
    const c = copy();
    appendFileSync(
      join(c.dir, CHECKSUMS),
      [
        'not a checksum line',
        `${extra.present}  extra/present.txt`,
        `${extra.missing}  extra/missing.txt`,
        `${extra.dir}  extra/dir`,
        `${extra.object}  s3://bucket/extra.bin`,
        '',
      ].join('\n'),
    );
    c.write('extra/present.txt', 'notes changed since\n');
    c.commit('a broken record');
    mkdirSync(join(c.dir, 'extra/dir'));
    // A file at the s3:// line's path read as a repository path: never read, the line names an object.
    c.write('s3:/bucket/extra.bin', 'an object\n');
    return c;
  }

  const message = (weights: string[]) =>
    `the files of fraud-detection 2.4.0 do not match ${CHECKSUMS}: ` +
    [
      `${CHECKSUMS} line 5 does not parse`,
      ...weights,
      `extra/present.txt has sha256 ${sha256('notes changed since\n')}, the archive records ${extra.present}`,
      'extra/missing.txt is missing',
      'extra/dir was not read: it is not a regular file',
      's3://bucket/extra.bin is missing',
    ].join('; ');
  const refusal = (weights: string[]) => ({
    kind: 'refused',
    message: message(weights),
    fix: `restore ${CHECKSUMS}'s files from the base branch or artifact storage (then sha256sum -c ${CHECKSUMS} passes), and run the rollback again`,
    exitCode: 1,
  });

  test('2.5.0’s weights in the working tree are reported with their sha256', async () => {
    const { dir } = withBrokenRecord();
    expect(await plan(dir, { base: 'pr' })).toStrictEqual(
      refusal([
        `${WEIGHTS} has sha256 ${sha256(template.weights250)}, the archive records ${sha256(template.weights240)}`,
      ]),
    );
  });

  test('weights that are missing are reported missing', async () => {
    const { dir } = withBrokenRecord();
    rmSync(join(dir, WEIGHTS));
    expect(await plan(dir, { base: 'pr' })).toStrictEqual(refusal([`${WEIGHTS} is missing`]));
  });

  test('a folder at the weights path is reported as not read', async () => {
    const { dir } = withBrokenRecord();
    rmSync(join(dir, WEIGHTS));
    mkdirSync(join(dir, WEIGHTS));
    expect(await plan(dir, { base: 'pr' })).toStrictEqual(
      refusal([`${WEIGHTS} was not read: it is not a regular file`]),
    );
  });

  test('an un-smudged pointer to the archived weights counts as the archived file', async () => {
    const { dir, write } = withBrokenRecord();
    write(WEIGHTS, pointerText(template.weights240));
    expect(await plan(dir, { base: 'pr' })).toStrictEqual(refusal([]));
  });
});

describe('a damaged object store', () => {
  test('HEAD’s weights blob missing from the object store is no LFS pointer: the weights are still restored', async () => {
    const { dir } = copy();
    const blob = gitBlobId(template.weights250);
    rmSync(join(dir, '.git/objects', blob.slice(0, 2), blob.slice(2)));
    const p = await plan(dir);
    expect(p.kind === 'write' && p.restored.map((r) => r.path)).toStrictEqual([WEIGHTS]);
  });
});

describe('a SHA-256 repository', () => {
  test('working-tree files are hashed as SHA-256 blobs: HEAD’s weights are no uncommitted work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgov-rollback-sha256-'));
    copies.push(dir);
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
    /** Replaces the working tree with `commit`'s files from production, edited, and commits them. */
    const replay = (commit: string, edit: () => void = () => undefined) => {
      for (const p of ['model', 'reports', 'artifacts', '.github', 'train.py'])
        rmSync(join(dir, p), { recursive: true, force: true });
      const tar = execFileSync('git', ['archive', commit], { cwd: template.dir, maxBuffer: 1 << 26 });
      execFileSync('tar', ['-x', '-C', dir], { input: tar });
      edit();
      git('add', '-A');
      git('commit', '-q', '-m', `replay ${commit}`);
      return git('rev-parse', 'HEAD').trim();
    };
    git('init', '-q', '--object-format=sha256', '-b', 'main');
    const recorded = replay(template.recorded);
    replay('pr', () => {
      const path = join(dir, ARCHIVE, 'evidence.json');
      writeFileSync(path, readFileSync(path, 'utf8').replace(template.recorded, recorded));
    });
    expect(recorded).toHaveLength(64);
    const p = await plan(dir);
    expect(p.kind === 'write' && p.restored.map((r) => [r.path, r.blob])).toStrictEqual([
      [WEIGHTS, git('rev-parse', `${recorded}:${WEIGHTS}`).trim()],
    ]);
  });
});

describe('what else planRollback reads', () => {
  test('an archive copy that differs from the base, or is missing, is named', async () => {
    const { dir, write } = copy();
    write(`${ARCHIVE}/bias-report.json`, '{}\n');
    rmSync(join(dir, ARCHIVE, 'evidence.json'));
    expect(await plan(dir)).toStrictEqual({
      kind: 'refused',
      message: `${ARCHIVE}/ in the working tree differs from the base revision main (bias-report.json, evidence.json)`,
      fix: `restore ${ARCHIVE}/ from the base branch (git checkout main -- ${ARCHIVE})`,
      exitCode: 1,
    });
  });

  test('an index git cannot read refuses: a staged change could not be told apart', async () => {
    const { dir } = copy();
    writeFileSync(join(dir, '.git/index'), 'not an index');
    expect(await thrown(() => plan(dir))).toStrictEqual({
      name: 'EvidenceError',
      message: `git could not list the index entries of ${ARCHIVE}'s artifacts, so a staged change to them cannot be told apart`,
      fix: 'run `git status` in the repository to see what git reports, fix it, then run the rollback again',
    });
  });

  test('a recorded commit that is not in the repository refuses with the fetch fix (exit 2)', async () => {
    const c = copy();
    const gone = 'f'.repeat(40);
    const path = `${ARCHIVE}/evidence.json`;
    c.write(path, readFileSync(join(c.dir, path), 'utf8').replace(template.recorded, gone));
    c.commit('record a commit that is not here');
    expect(await plan(c.dir, { base: 'pr' })).toStrictEqual({
      kind: 'refused',
      message: `the commit ${ARCHIVE}/evidence.json records (${gone}) is not in this repository, so ${WEIGHTS} cannot be restored from it`,
      fix: `fetch it (git fetch origin ${gone}), then run the rollback again`,
      exitCode: 2,
    });
  });

  test('weights removed from the index and the working tree are restored', async () => {
    const { dir, git } = copy();
    git('rm', '-q', WEIGHTS);
    const p = await plan(dir);
    expect(p.kind === 'write' && p.restored.map((r) => r.path)).toStrictEqual([WEIGHTS]);
  });
});
