import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, extract } from 'tar';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import { createHistoryRepo, rolledBack, type HistoryRepo } from '../evidence/fixtures.js';

let repo: HistoryRepo | undefined;
const dirs: string[] = [];
afterEach(() => {
  repo?.remove();
  repo = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mlgov-audit-out-'));
  dirs.push(d);
  return d;
}

/** Five releases through the CLI; 1.2.0 has no approval and 1.3.0 was merged without archiving 1.2.0. */
async function history(): Promise<HistoryRepo> {
  const r = createHistoryRepo('2024-12-01T00:00:00Z');
  await r.release({ version: '1.0.0', at: '2025-01-10T09:00:00Z' });
  await r.release({ version: '1.1.0', at: '2025-02-15T09:00:00Z' });
  await r.release({ version: '1.2.0', at: '2025-04-10T09:00:00Z', approvers: [] });
  await r.release({ version: '1.3.0', at: '2025-05-20T09:00:00Z' }, { archive: false });
  await r.release({ version: '1.4.0', at: '2025-08-01T09:00:00Z' });
  return r;
}

describe('mlgov audit', () => {
  it('lists exactly the releases in force in the period, flags no approval and a missing archive, and writes every output', async () => {
    repo = await history();
    const out = tempDir();
    const r = await repo.mlgov([
      'audit',
      '--since',
      '2025-04-01',
      '--until',
      '2025-06-30',
      '--out',
      out,
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.verdict).toBe('fail');
    expect(report.auditLog).toEqual({ ok: true, events: 3, history: { ok: true, versions: 3 } });
    expect(report.releases.map((x: { version: string }) => x.version)).toEqual(['1.1.0', '1.2.0', '1.3.0']);
    const [r110, r120, r130] = report.releases;
    const merges = repo.git('log', '--first-parent', '--merges', '--format=%H %s', 'main').trim().split('\n');
    const mergeOf = (v: string) => merges.find((l) => l.endsWith(`release-${v}`))!.split(' ')[0];
    expect(r110).toMatchObject({
      commit: mergeOf('1.1.0'),
      inForceFrom: '2025-02-15T09:00:00.000Z',
      inForceUntil: '2025-04-10T09:00:00.000Z',
      jira: 'MLGOV-110',
      approvers: ['alice', 'bob'],
      approvalsVerdict: 'met',
      bias: { verdict: 'approved', reviewers: ['dave'] },
      checksumRecord: 'present',
      archive: { status: 'intact', dir: 'artifacts/fraud-detection/1.1.0' },
      verdict: 'pass',
      problems: [],
    });
    expect(r110.events).toEqual([expect.objectContaining({ action: 'archive' })]);
    expect(r120).toMatchObject({
      approvalsVerdict: 'none',
      archive: { status: 'missing' },
      checksumRecord: 'missing',
      verdict: 'fail',
    });
    expect(r120.problems).toEqual([
      'no valid approval',
      'checksum record missing',
      'archive missing (artifacts/fraud-detection/1.2.0)',
    ]);
    expect(r130).toMatchObject({
      verdict: 'pass',
      archive: { status: 'intact' },
      inForceUntil: '2025-08-01T09:00:00.000Z',
    });

    expect(readdirSync(out).sort()).toEqual([
      'audit-report.csv',
      'audit-report.html',
      'audit-report.json',
      'audit-report.md',
      'evidence-bundle.tar.gz',
    ]);
    const md = readFileSync(join(out, 'audit-report.md'), 'utf8');
    expect(md).toContain('**Verdict: FAIL**');
    expect(md).toContain('**fraud-detection 1.2.0**');
    const csv = readFileSync(join(out, 'audit-report.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe(
      'model,version,release_type,in_force_from,in_force_until,merge_commit,jira,approvers,approvals,bias_verdict,checksum_record,archive,archive_dir,log_events,verdict,problems,governed_as,commits,policy_file,jira_snapshot,manifest_digest,approval_records,bias_metrics,bias_reviewers,fairness_review,rejections,archive_restores,forced,rollback,gaps',
    );
    expect(csv).toHaveLength(5);
    expect(csv[2]).toContain('fraud-detection,1.2.0,promotion');
    const html = readFileSync(join(out, 'audit-report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('Bias metrics over releases');
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(JSON.parse(readFileSync(join(out, 'audit-report.json'), 'utf8')).releases).toHaveLength(3);

    // The bundle verifies offline ...
    const bundle = join(out, 'evidence-bundle.tar.gz');
    const ok = await repo.mlgov(['audit', 'verify-bundle', bundle]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    // ... holds the releases' files and their archives, and sha256sum -c accepts its SHA256SUMS after extraction.
    const x = tempDir();
    await extract({ file: bundle, cwd: x });
    const listing = readdirSync(x, { recursive: true }).map(String).sort();
    expect(listing).toEqual(
      expect.arrayContaining([
        'SHA256SUMS',
        'index.json',
        'audit-log.jsonl',
        'archive/fraud-detection/1.1.0/manifest.json',
        'archive/fraud-detection/1.3.0/evidence.json',
        `releases/2025-04-10_1.2.0_${mergeOf('1.2.0')!.slice(0, 12)}/manifest.json`,
      ]),
    );
    execFileSync('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: x });
    expect(readFileSync(join(x, 'archive/fraud-detection/1.1.0/manifest.json'), 'utf8')).toBe(
      repo.git('show', 'main:artifacts/fraud-detection/1.1.0/manifest.json'),
    );

    // One byte changed in a file inside the bundle: named.
    const csvPath = join(x, 'audit-report.csv');
    const bytes = readFileSync(csvPath);
    bytes[10] = bytes[10]! ^ 1;
    writeFileSync(csvPath, bytes);
    const tampered = join(out, 'tampered.tar.gz');
    await create({ gzip: true, file: tampered, cwd: x, portable: true }, readdirSync(x));
    const bad = await repo.mlgov(['audit', 'verify-bundle', tampered]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('audit-report.csv differs from the index');

    // One byte changed in the compressed file itself.
    const raw = readFileSync(bundle);
    raw[Math.floor(raw.length / 2)] = raw[Math.floor(raw.length / 2)]! ^ 0xff;
    writeFileSync(bundle, raw);
    const corrupt = await repo.mlgov(['audit', 'verify-bundle', bundle]);
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toContain('evidence-bundle.tar.gz');
  });

  it('passes a period whose releases are all approved and archived (exit 0), and prints a readable summary', async () => {
    repo = await history();
    const out = tempDir();
    const r = await repo.mlgov(['audit', '--since', '2025-01-01', '--until', '2025-03-31', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**Verdict: PASS** — 2 release(s) in force, 2 passed, 0 failed.');
    expect(r.stdout).toContain('index.json sha256');
  });

  it('an empty period passes with no release, a period before history too; bad dates are usage errors', async () => {
    repo = await history();
    const out = tempDir();
    const before = await repo.mlgov([
      'audit',
      '--since',
      '2024-01-01',
      '--until',
      '2024-12-31',
      '--out',
      out,
      '--format',
      'json',
    ]);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout).releases).toEqual([]);
    expect((await repo.mlgov(['audit', '--since', 'last quarter', '--until', '2025-01-01'])).code).toBe(2);
    expect((await repo.mlgov(['audit', '--since', '2025-02-01', '--until', '2025-01-01'])).stderr).toContain(
      'is after --until',
    );
    const missing = await repo.mlgov([
      'audit',
      '--since',
      '2025-01-01',
      '--until',
      '2025-02-01',
      '--ref',
      'origin/prod',
      '--out',
      out,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('revision "origin/prod" is not in this repository');
  });

  it('an audit into the folder of an earlier one is refused before anything is written: evidence is write-once', async () => {
    repo = await history();
    const out = tempDir();
    const args = ['audit', '--since', '2024-01-01', '--until', '2024-12-31', '--out', out]; // an empty period: passes
    expect((await repo.mlgov(args)).code).toBe(0);
    const written = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f))]));
    expect(Object.keys(written).sort()).toEqual([
      'audit-report.csv',
      'audit-report.html',
      'audit-report.json',
      'audit-report.md',
      'evidence-bundle.tar.gz',
    ]);
    const again = await repo.mlgov(args);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(
      `${join(out, 'evidence-bundle.tar.gz')} already exists: an evidence bundle is written once and never replaced`,
    );
    expect(again.stderr).toContain('write the audit to another --out directory, or move the earlier bundle away first');
    // The earlier audit's reports still sit beside the bundle they were bundled with, byte for byte.
    for (const [f, bytes] of Object.entries(written)) expect(readFileSync(join(out, f)).equals(bytes)).toBe(true);
  });

  it('fails the period when the audit log at the tip is broken, naming the line', async () => {
    repo = await history();
    const log = join(repo.dir, 'artifacts/audit-log.jsonl');
    writeFileSync(log, readFileSync(log, 'utf8').replace('"actor":"release-bot"', '"actor":"mallory"'));
    repo.commitAt('Edit the log', '2025-09-01T00:00:00Z');
    const out = tempDir();
    const r = await repo.mlgov([
      'audit',
      '--since',
      '2025-01-01',
      '--until',
      '2025-03-31',
      '--out',
      out,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.auditLog).toMatchObject({ ok: false, line: 1 });
    expect(report.releases.every((x: { verdict: string }) => x.verdict === 'pass')).toBe(true);
  });

  describe('a period with a rollback', () => {
    const PRIMARY = 'artifacts/fraud-detection/1.0.0';
    const auditJson = async (r: HistoryRepo, since: string, until: string) => {
      const out = tempDir();
      const run = await r.mlgov(['audit', '--since', since, '--until', until, '--out', out, '--format', 'json']);
      return { run, report: JSON.parse(run.stdout), out };
    };

    it('lists all four releases with intact archives: the rollback release against its rollback-<digest12>/ archive', async () => {
      // 1.0.0 → 2.0.0 → rollback to 1.0.0 (re-approved) → 3.0.0 (archives the rollback) → 4.0.0 (archives 3.0.0).
      repo = await rolledBack();
      const rollbackManifest = JSON.parse(repo.git('show', 'main:model/manifest.json'));
      const rel = `${PRIMARY}/rollback-${manifestDigest(rollbackManifest).slice(7, 19)}`;
      await repo.release({ version: '3.0.0', at: '2025-06-01T10:00:00Z' });
      await repo.release({ version: '4.0.0', at: '2025-08-01T10:00:00Z' });
      expect(repo.git('ls-files', rel).trim().split('\n')).toHaveLength(4);

      const { run, report, out } = await auditJson(repo, '2025-01-01', '2025-07-31');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(report.verdict).toBe('pass');
      expect(
        report.releases.map((x: { version: string; releaseType: string; archive: unknown; verdict: string }) => [
          x.version,
          x.releaseType,
          x.archive,
          x.verdict,
        ]),
      ).toEqual([
        ['1.0.0', 'promotion', { status: 'intact', dir: PRIMARY }, 'pass'],
        ['2.0.0', 'promotion', { status: 'intact', dir: 'artifacts/fraud-detection/2.0.0' }, 'pass'],
        ['1.0.0', 'rollback', { status: 'intact', dir: rel, restores: PRIMARY }, 'pass'],
        ['3.0.0', 'promotion', { status: 'intact', dir: 'artifacts/fraud-detection/3.0.0' }, 'pass'],
      ]);
      // Each 1.0.0 lists its own events: the original its archive, the rollback the rest.
      const actionsOf = (x: { events: Array<{ action: string }> }) => x.events.map((e) => e.action);
      expect(actionsOf(report.releases[0])).toEqual(['archive']);
      expect(actionsOf(report.releases[2])).toEqual(['rollback', 'approve', 'approve', 'archive']);
      const rb = report.releases[2];
      expect(rb).toMatchObject({
        inForceFrom: '2025-04-01T10:00:00.000Z',
        inForceUntil: '2025-06-01T10:00:00.000Z',
        approvers: ['alice', 'bob'],
        approvalsVerdict: 'met',
        checksumRecord: 'present',
        manifestDigest: manifestDigest(rollbackManifest),
      });

      // The bundle carries the rollback's archive and the primary archive it restored; it verifies.
      const bundle = join(out, 'evidence-bundle.tar.gz');
      expect((await repo.mlgov(['audit', 'verify-bundle', bundle])).code).toBe(0);
      const x = tempDir();
      await extract({ file: bundle, cwd: x });
      const listing = readdirSync(x, { recursive: true }).map(String).sort();
      expect(listing).toEqual(
        expect.arrayContaining([
          `archive/${rel.slice('artifacts/'.length)}/manifest.json`,
          `archive/${rel.slice('artifacts/'.length)}/evidence.json`,
          'archive/fraud-detection/1.0.0/manifest.json',
        ]),
      );
      expect(readFileSync(join(x, `archive/${rel.slice('artifacts/'.length)}/manifest.json`), 'utf8')).toBe(
        repo.git('show', `main:${rel}/manifest.json`),
      );
    });

    it('judges a rollback still in force against the archive it restored, and a superseded one left unarchived as missing', async () => {
      repo = await rolledBack();
      const inForce = await auditJson(repo, '2025-04-02', '2025-04-30');
      expect(inForce.run.code).toBe(0);
      expect(inForce.report.releases).toEqual([
        expect.objectContaining({
          version: '1.0.0',
          releaseType: 'rollback',
          inForceUntil: null,
          archive: { status: 'intact', dir: PRIMARY },
          verdict: 'pass',
        }),
      ]);

      const rollbackManifest = JSON.parse(repo.git('show', 'main:model/manifest.json'));
      const rel = `${PRIMARY}/rollback-${manifestDigest(rollbackManifest).slice(7, 19)}`;
      await repo.release({ version: '3.0.0', at: '2025-06-01T10:00:00Z' }, { archive: false });
      const skipped = await auditJson(repo, '2025-04-02', '2025-04-30');
      expect(skipped.run.code).toBe(1);
      expect(skipped.report.releases[0]).toMatchObject({
        releaseType: 'rollback',
        archive: { status: 'missing', dir: rel, restores: PRIMARY },
        verdict: 'fail',
      });
      expect(skipped.report.releases[0].problems).toEqual(['checksum record missing', `archive missing (${rel})`]);
    });
  });
});
