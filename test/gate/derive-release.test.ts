/**
 * What a release is comes from the base (issue 12, principles 1, 4 and 7), end to end through `mlgov check` on real
 * temp repositories: the PR author writes the manifest, `release.type` and anything under `artifacts/`, and none of
 * it talks the gate into a pass. Each attack below passed before the derivation existed.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { Report } from '../../src/release/report.js';
import { appendAuditEvents } from '../../src/evidence/audit-log.js';
import { runMlgov } from '../support/cli-io.js';
import { bindRelease, createReleaseRepo, readJson, writeJson } from '../support/example-release.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

type ReleaseRepo = ReturnType<typeof createReleaseRepo>;

function releaseRepo(): ReleaseRepo {
  const repo = createReleaseRepo();
  cleanups.push(() => repo.remove());
  return repo;
}

async function check(dir: string): Promise<{ code: number; report: Report }> {
  const run = await runMlgov(['check', '--offline', '--base', 'main', '--format', 'json'], { cwd: dir });
  return { code: run.code, report: JSON.parse(run.stdout) as Report };
}

async function mlgov(dir: string, ...args: string[]): Promise<void> {
  const run = await runMlgov(args, { cwd: dir });
  if (run.code !== 0) throw new Error(`mlgov ${args.join(' ')} failed: ${run.stderr}`);
}

function check_(report: Report, id: string) {
  const c = report.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
}

const codes = (report: Report, id: string) =>
  check_(report, id)
    .findings.map((f) => f.code)
    .sort();
const failing = (report: Report) => report.checks.filter((c) => c.status === 'fail').map((c) => c.id);

function lineOf(dir: string, rel: string, needle: string): number {
  return (
    readFileSync(join(dir, rel), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(needle)) + 1
  );
}

/** A challenger `version` re-bound coherently (its own ticket): a promotion the gates then judge. */
function challenger(repo: ReleaseRepo, version: string, edit: (m: Manifest) => void = () => undefined): void {
  bindRelease(repo.dir, repo.seed, {
    manifest: (m) => {
      m.version = version;
      m.release = { type: 'promotion', reason: 'Retrain on the November feature snapshot' };
      m.jira = 'MLGOV-124';
      m.evaluation.backtest = {
        ...m.evaluation.backtest!,
        mae: 38,
        rmse: 55,
        seasons: { summer: { mae: 37, rmse: 54 }, winter: { mae: 39, rmse: 56 } },
      };
      edit(m);
    },
  });
}

/** Twice as bad as production (MAE 80 vs 41.2, every season worse). */
const twiceAsBad = (m: Manifest) => {
  m.evaluation.backtest = {
    ...m.evaluation.backtest!,
    mae: 80,
    rmse: 120,
    seasons: { summer: { mae: 81, rmse: 118 }, winter: { mae: 84, rmse: 121 } },
  };
};

describe('the release kind is derived from the base', () => {
  it('passes a real promotion archived with mlgov archive (releaseType promotion)', async () => {
    const repo = releaseRepo();
    await mlgov(repo.dir, 'archive', '--base', 'main', '--actor', 'carol');
    challenger(repo, '2.5.0');
    repo.commitAll('MLGOV-124 promote 2.5.0');
    const { code, report } = await check(repo.dir);
    expect(failing(report)).toEqual([]);
    expect(code).toBe(0);
    expect(check_(report, 'promotion').details).toMatchObject({ releaseType: 'promotion', declaredType: 'promotion' });
  });

  it('fails a challenger twice as bad as production that declares itself "initial"', async () => {
    const repo = releaseRepo();
    await mlgov(repo.dir, 'archive', '--base', 'main', '--actor', 'carol');
    challenger(repo, '2.5.0', (m) => {
      twiceAsBad(m);
      m.release.type = 'initial';
    });
    repo.commitAll('MLGOV-124 a new model');
    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    // Only the promotion gates stand in the way: every other check passes this release.
    expect(failing(report)).toEqual(['promotion']);
    const mismatch = check_(report, 'promotion').findings.find((f) => f.code === 'RELEASE_TYPE_MISMATCH')!;
    expect(mismatch).toMatchObject({
      severity: 'error',
      file: 'model/manifest.json',
      pointer: '/release/type',
      line: lineOf(repo.dir, 'model/manifest.json', '"type": "initial"'),
    });
    expect(codes(report, 'promotion')).toEqual([
      'PROMOTION_INSUFFICIENT_IMPROVEMENT',
      'PROMOTION_SEASONAL_REGRESSION',
      'PROMOTION_SEASONAL_REGRESSION',
      'RELEASE_TYPE_MISMATCH',
    ]);
    expect(check_(report, 'promotion').details).toMatchObject({ releaseType: 'promotion', declaredType: 'initial' });
  });

  it('fails a "rollback" to a version never released, with a placeholder under artifacts/ in the PR', async () => {
    const repo = releaseRepo();
    await mlgov(repo.dir, 'archive', '--base', 'main', '--actor', 'carol');
    challenger(repo, '1.0.0', (m) => {
      twiceAsBad(m);
      m.evaluation.metrics = { ...m.evaluation.metrics, auc: 0.5 };
      m.release = { type: 'rollback', reason: 'Back to the version that worked' };
    });
    mkdirSync(join(repo.dir, 'artifacts/fraud-detection/1.0.0'), { recursive: true });
    writeFileSync(join(repo.dir, 'artifacts/fraud-detection/1.0.0/placeholder.txt'), 'placeholder\n');
    repo.commitAll('MLGOV-124 roll back');
    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    expect(codes(report, 'promotion')).toEqual(
      expect.arrayContaining([
        'RELEASE_TYPE_MISMATCH',
        'PERFORMANCE_THRESHOLD_NOT_MET',
        'PROMOTION_INSUFFICIENT_IMPROVEMENT',
      ]),
    );
    expect(codes(report, 'promotion')).not.toContain('PROMOTION_ROLLBACK');
    expect(codes(report, 'version')).toEqual(['VERSION_NOT_INCREASED']);
    const unexpected = check_(report, 'evidence').findings.find((f) => f.code === 'ARCHIVE_UNEXPECTED')!;
    expect(unexpected.file).toBe('artifacts/fraud-detection/1.0.0/placeholder.txt');
    expect(unexpected.message).toContain('a release the base never had');
  });

  describe('over a production 2.5.0 that archived 2.4.0', () => {
    /** main: 2.4.0 → 2.5.0 (new weights, archive of 2.4.0); a `pr` branch is checked out. */
    async function promotedRepo(): Promise<{ repo: ReleaseRepo; weights240: Buffer }> {
      const repo = releaseRepo();
      const weights240 = readFileSync(join(repo.dir, 'model/weights/model.onnx'));
      await mlgov(repo.dir, 'archive', '--base', 'main', '--actor', 'carol');
      appendFileSync(join(repo.dir, 'model/weights/model.onnx'), 'retrained in November\n');
      challenger(repo, '2.5.0');
      repo.commitAll('MLGOV-124 promote 2.5.0');
      repo.git('checkout', '-q', 'main');
      repo.git('merge', '-q', '--ff-only', 'release');
      repo.git('checkout', '-q', '-b', 'pr');
      return { repo, weights240 };
    }

    /** The restored manifest, approved again by the board (approvals are bound to its new digest). */
    function reapprove(dir: string): void {
      const m = readJson<Manifest>(dir, 'model/manifest.json');
      delete m.approvals;
      const digest = manifestDigest(m);
      const at = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      m.approvals = [
        { approver: 'alice', role: 'governance-board', decision: 'approved', at, manifestDigest: digest },
        { approver: 'bob', role: 'regulatory-affairs', decision: 'approved', at, manifestDigest: digest },
      ];
      writeJson(dir, 'model/manifest.json', m);
    }

    it('passes a real rollback to 2.4.0 made with mlgov rollback (releaseType rollback, logged)', async () => {
      const { repo, weights240 } = await promotedRepo();
      writeFileSync(join(repo.dir, 'model/weights/model.onnx'), weights240);
      await mlgov(
        repo.dir,
        'rollback',
        '--to',
        '2.4.0',
        '--reason',
        'AUC dropped 8% on live traffic (INC-42)',
        '--base',
        'main',
        '--actor',
        'carol',
      );
      reapprove(repo.dir);
      repo.commitAll('MLGOV-123 roll back to 2.4.0');
      const { code, report } = await check(repo.dir);
      expect(failing(report)).toEqual([]);
      expect(code).toBe(0);
      expect(codes(report, 'promotion')).toEqual(['PROMOTION_ROLLBACK']);
      expect(check_(report, 'promotion').details).toMatchObject({ releaseType: 'rollback', declaredType: 'rollback' });
    });

    it('fails a "rollback" to the archived 2.4.0 shipped with new weights: it is a promotion of a reused version', async () => {
      const { repo, weights240 } = await promotedRepo();
      writeFileSync(join(repo.dir, 'model/weights/model.onnx'), weights240);
      await mlgov(
        repo.dir,
        'rollback',
        '--to',
        '2.4.0',
        '--reason',
        'AUC dropped 8% on live traffic (INC-42)',
        '--base',
        'main',
        '--actor',
        'carol',
      );
      // New weights under the old version, the manifest re-bound to them and approved again.
      writeFileSync(join(repo.dir, 'model/weights/model.onnx'), 'weights nobody evaluated\n');
      const m = readJson<Manifest>(repo.dir, 'model/manifest.json');
      const bytes = readFileSync(join(repo.dir, 'model/weights/model.onnx'));
      m.artifacts[0]!.sha256 = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
      m.artifacts[0]!.size = bytes.length;
      writeJson(repo.dir, 'model/manifest.json', m);
      reapprove(repo.dir);
      repo.commitAll('MLGOV-123 roll back to 2.4.0');
      const { code, report } = await check(repo.dir);
      expect(code).toBe(1);
      expect(codes(report, 'promotion')).toEqual(
        expect.arrayContaining(['RELEASE_TYPE_MISMATCH', 'PROMOTION_INSUFFICIENT_IMPROVEMENT']),
      );
      expect(codes(report, 'version')).toEqual(['VERSION_ALREADY_RELEASED', 'VERSION_NOT_INCREASED']);
      expect(check_(report, 'promotion').details).toMatchObject({ releaseType: 'promotion', declaredType: 'rollback' });
    });
  });
});

describe('evidence is validated against the base', () => {
  it('fails a PR that only adds an archive of a version that never existed (1.0.0)', async () => {
    const repo = releaseRepo();
    const dir = 'artifacts/fraud-detection/1.0.0';
    mkdirSync(join(repo.dir, dir), { recursive: true });
    writeFileSync(join(repo.dir, dir, 'manifest.json'), readFileSync(join(repo.dir, 'model/manifest.json')));
    writeFileSync(join(repo.dir, dir, 'checksums.sha256'), '');
    writeFileSync(join(repo.dir, dir, 'evidence.json'), '{}\n');
    repo.commitAll('Add the 1.0.0 archive');
    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    expect(failing(report)).toEqual(['evidence']);
    const f = check_(report, 'evidence').findings.find((x) => x.code === 'ARCHIVE_UNEXPECTED')!;
    expect(f.file).toBe(`${dir}/checksums.sha256`);
    expect(f.message).toContain(
      `${dir}/ is added as the archive of fraud-detection 1.0.0, a release the base never had`,
    );
  });

  it('fails `artifacts` committed as a symlink to a directory outside the repository', async () => {
    const repo = releaseRepo();
    await mlgov(repo.dir, 'archive', '--base', 'main', '--actor', 'carol');
    challenger(repo, '2.5.0');
    const outside = mkdtempSync(join(tmpdir(), 'mlgov-outside-'));
    cleanups.push(() => rmSync(outside, { recursive: true, force: true }));
    renameSync(join(repo.dir, 'artifacts'), join(outside, 'artifacts'));
    symlinkSync(join(outside, 'artifacts'), join(repo.dir, 'artifacts'));
    repo.commitAll('MLGOV-124 promote 2.5.0');
    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    const link = check_(report, 'evidence').findings.find((x) => x.code === 'EVIDENCE_NOT_A_FILE')!;
    expect(link).toMatchObject({ severity: 'error', file: 'artifacts' });
    expect(link.message).toContain(`a symlink to ${join(outside, 'artifacts')}`);
    expect(codes(report, 'evidence')).toContain('ARCHIVE_MISSING');
    expect(check_(report, 'evidence').summary).not.toContain('archived');
  });

  it('fails a new archive whose checksum record has an extra line or whose evidence.json names another manifest', async () => {
    const repo = releaseRepo();
    await mlgov(repo.dir, 'archive', '--base', 'main', '--actor', 'carol');
    challenger(repo, '2.5.0');
    const dir = 'artifacts/fraud-detection/2.4.0';
    appendFileSync(join(repo.dir, dir, 'checksums.sha256'), `${'0'.repeat(64)}  .github/workflows/deploy.yml\n`);
    const index = readJson<Record<string, unknown>>(repo.dir, `${dir}/evidence.json`);
    index['manifestDigest'] = 'sha256:' + 'f'.repeat(64);
    writeJson(repo.dir, `${dir}/evidence.json`, index);
    repo.commitAll('MLGOV-124 promote 2.5.0');
    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    const findings = check_(report, 'evidence').findings;
    const extra = findings.find((f) => f.code === 'ARCHIVE_CHECKSUMS_EXTRA')!;
    expect(extra).toMatchObject({ file: `${dir}/checksums.sha256`, line: 5 });
    expect(extra.message).toContain('.github/workflows/deploy.yml');
    const evidence = findings.find((f) => f.code === 'ARCHIVE_EVIDENCE_MISMATCH')!;
    expect(evidence).toMatchObject({
      file: `${dir}/evidence.json`,
      pointer: '/manifestDigest',
      line: lineOf(repo.dir, `${dir}/evidence.json`, '"manifestDigest"'),
    });
  });
});

describe('evidence committed on the base as a symlink', () => {
  it('reports `artifacts` committed on the base as a symlink, never following it', async () => {
    const repo = releaseRepo();
    const outside = mkdtempSync(join(tmpdir(), 'mlgov-outside-'));
    cleanups.push(() => rmSync(outside, { recursive: true, force: true }));
    writeFileSync(join(outside, 'audit-log.jsonl'), '');
    repo.git('checkout', '-q', 'main');
    symlinkSync(outside, join(repo.dir, 'artifacts'));
    repo.commitAll('Keep the evidence elsewhere');
    repo.git('checkout', '-q', 'release');
    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    const f = check_(report, 'evidence').findings.find((x) => x.code === 'EVIDENCE_NOT_A_FILE')!;
    expect(f).toMatchObject({ severity: 'error', file: 'artifacts' });
    expect(f.message).toContain('a symlink committed on the base');
  });
});

describe('one ticket, one release', () => {
  it("fails a new release whose ticket the base's audit log records for an earlier release", async () => {
    const repo = releaseRepo();
    repo.git('checkout', '-q', 'main');
    await appendAuditEvents(repo.dir, 'artifacts', [
      {
        actor: 'rm-bot',
        action: 'promote',
        model: 'fraud-detection',
        version: '2.3.0',
        reason: 'October release',
        ticket: 'MLGOV-124',
      },
    ]);
    repo.commitAll('Record 2.3.0');
    repo.git('checkout', '-q', 'release');
    repo.git('merge', '-q', '--ff-only', 'main');
    await mlgov(repo.dir, 'archive', '--base', 'main', '--actor', 'carol');
    challenger(repo, '2.5.0');
    repo.commitAll('MLGOV-124 promote 2.5.0');
    const { report } = await check(repo.dir);
    const f = check_(report, 'jira').findings.find((x) => x.code === 'JIRA_TICKET_REUSED')!;
    expect(f).toMatchObject({ pointer: '/jira', line: lineOf(repo.dir, 'model/manifest.json', '"jira"') });
    expect(f.message).toContain(
      "MLGOV-124 already signed off fraud-detection 2.3.0 (the base's audit log (line 1, promote))",
    );
  });

  it('lets a rollback keep the ticket of the release it restores', async () => {
    const repo = releaseRepo();
    const weights240 = readFileSync(join(repo.dir, 'model/weights/model.onnx'));
    await mlgov(repo.dir, 'archive', '--base', 'main', '--actor', 'carol');
    appendFileSync(join(repo.dir, 'model/weights/model.onnx'), 'retrained in November\n');
    challenger(repo, '2.5.0');
    repo.commitAll('MLGOV-124 promote 2.5.0');
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--ff-only', 'release');
    repo.git('checkout', '-q', '-b', 'pr');
    writeFileSync(join(repo.dir, 'model/weights/model.onnx'), weights240);
    await mlgov(
      repo.dir,
      'rollback',
      '--to',
      '2.4.0',
      '--reason',
      'AUC dropped 8% on live traffic (INC-42)',
      '--base',
      'main',
      '--actor',
      'carol',
    );
    repo.commitAll('MLGOV-123 roll back');
    const { report } = await check(repo.dir);
    expect(readJson<Manifest>(repo.dir, 'model/manifest.json').jira).toBe('MLGOV-123');
    expect(codes(report, 'jira')).toEqual([]);
  });

  it('fails (offline) a new release signed off by the ticket of the release it replaces', async () => {
    const repo = releaseRepo();
    await mlgov(repo.dir, 'archive', '--base', 'main', '--actor', 'carol');
    challenger(repo, '2.5.0', (m) => void (m.jira = 'MLGOV-123'));
    repo.commitAll('MLGOV-123 promote 2.5.0');
    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    expect(failing(report)).toEqual(['jira']);
    const f = check_(report, 'jira').findings.find((x) => x.code === 'JIRA_TICKET_REUSED')!;
    expect(f).toMatchObject({
      severity: 'error',
      file: 'model/manifest.json',
      pointer: '/jira',
      line: lineOf(repo.dir, 'model/manifest.json', '"jira"'),
    });
    expect(f.message).toContain('MLGOV-123 already signed off fraud-detection 2.4.0');
  });
});
