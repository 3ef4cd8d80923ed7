/**
 * `mlgov audit` over a repository with two models (issue 13): every model the policy governed during the period,
 * each with its own verdict, in one report and one bundle; a model added mid-period counts from the commit that
 * listed it; `--model` narrows; a single-model policy's report has no per-model parts.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from 'tar';
import { createTwoModelHistory, listedPolicy, SINGLE_POLICY, type TwoModelHistory } from './audit-fixtures.js';

let repo: TwoModelHistory | undefined;
const dirs: string[] = [];
afterEach(() => {
  repo?.remove();
  repo = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mlgov-audit-many-'));
  dirs.push(d);
  return d;
}

/** Both models listed from the start; each released in January and promoted once in the period. */
function twoPromotions(options: { archiveCredit?: boolean } = {}): TwoModelHistory {
  const r = createTwoModelHistory();
  r.policy(listedPolicy(['fraud-detection', 'credit-scoring']), '2025-01-01T00:00:00Z');
  r.release('fraud-detection', '1.0.0', '2025-01-10T09:00:00Z');
  r.release('credit-scoring', '1.0.0', '2025-01-12T09:00:00Z');
  r.release('fraud-detection', '1.1.0', '2025-03-01T09:00:00Z');
  r.release('credit-scoring', '1.1.0', '2025-03-15T09:00:00Z', { archive: options.archiveCredit ?? true });
  return r;
}

interface Release {
  model: string;
  governedAs?: string;
  version: string;
  inForceFrom: string;
  inForceUntil: string | null;
  verdict: string;
  problems: string[];
  archive: { status: string; dir: string | null };
}

async function auditJson(r: TwoModelHistory, extra: string[] = [], out = tempDir()) {
  const run = await r.mlgov([
    'audit',
    '--since',
    '2025-02-01',
    '--until',
    '2025-06-30',
    '--out',
    out,
    '--format',
    'json',
    ...extra,
  ]);
  return { run, out, report: run.stdout ? (JSON.parse(run.stdout) as Record<string, unknown>) : undefined };
}

const brief = (r: Release) => [r.governedAs, r.version, r.verdict, r.archive.status];

describe('mlgov audit over several models', () => {
  it('reports both models, each with its verdict, and bundles both models evidence', async () => {
    repo = twoPromotions();
    const { run, out, report } = await auditJson(repo);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(report!['verdict']).toBe('pass');
    expect((report!['releases'] as Release[]).map(brief)).toEqual([
      ['fraud-detection', '1.0.0', 'pass', 'intact'],
      ['fraud-detection', '1.1.0', 'pass', 'not-due'],
      ['credit-scoring', '1.0.0', 'pass', 'intact'],
      ['credit-scoring', '1.1.0', 'pass', 'not-due'],
    ]);
    expect(report!['models']).toEqual([
      {
        name: 'fraud-detection',
        manifest: 'model/manifest.json',
        biasReport: 'reports/latest-bias-report.json',
        auditLog: 'artifacts/audit-log.jsonl',
        verdict: 'pass',
        summary: { releases: 2, passed: 2, failed: 0 },
        problems: [],
      },
      {
        name: 'credit-scoring',
        manifest: 'models/credit-scoring/manifest.json',
        biasReport: 'models/credit-scoring/bias-report.json',
        auditLog: 'artifacts/audit-log.jsonl',
        verdict: 'pass',
        summary: { releases: 2, passed: 2, failed: 0 },
        problems: [],
      },
    ]);
    expect(report!['auditLogs']).toEqual([
      { path: 'artifacts/audit-log.jsonl', ok: true, events: 2, history: { ok: true, versions: 2 } },
    ]);

    const md = readFileSync(join(out, 'audit-report.md'), 'utf8');
    expect(md).toContain('## Models');
    expect(md).toContain(
      '| credit-scoring | `models/credit-scoring/manifest.json` | `artifacts/audit-log.jsonl` | 2 | 2 | 0 | pass |',
    );
    expect(md).toContain('| Model | Version | Type |');
    const html = readFileSync(join(out, 'audit-report.html'), 'utf8');
    expect(html).toContain('<h2 id="models-h">Models</h2>');
    expect(html).toContain(
      '<tr><td>credit-scoring</td><td>models/credit-scoring/manifest.json</td><td>artifacts/audit-log.jsonl</td><td>2</td><td>2</td><td>0</td><td><span class="badge tone-pass">PASS</span></td></tr>',
    );

    const bundle = join(out, 'evidence-bundle.tar.gz');
    const verified = await repo.mlgov(['audit', 'verify-bundle', bundle, '--format', 'json']);
    expect(verified.code).toBe(0);
    const x = tempDir();
    await extract({ file: bundle, cwd: x });
    const index = JSON.parse(readFileSync(join(x, 'index.json'), 'utf8')) as {
      subject: Record<string, unknown>;
      files: Array<{ path: string }>;
    };
    expect(index.subject['models']).toEqual([
      { name: 'fraud-detection', verdict: 'pass' },
      { name: 'credit-scoring', verdict: 'pass' },
    ]);
    const day = (v: string) => v.slice(0, 10);
    const commitOf = (subject: string) =>
      repo!.git('log', '--format=%H', `--grep=^${subject}$`, 'main').trim().slice(0, 12);
    const releaseDir = (model: string, version: string, at: string) =>
      `releases/${model}/${day(at)}_${version}_${commitOf(`Release ${model} ${version}`)}`;
    expect(index.files.map((f) => f.path)).toEqual(
      [
        'archive/credit-scoring/1.0.0/bias-report.json',
        'archive/credit-scoring/1.0.0/checksums.sha256',
        'archive/credit-scoring/1.0.0/evidence.json',
        'archive/credit-scoring/1.0.0/manifest.json',
        'archive/fraud-detection/1.0.0/bias-report.json',
        'archive/fraud-detection/1.0.0/checksums.sha256',
        'archive/fraud-detection/1.0.0/evidence.json',
        'archive/fraud-detection/1.0.0/manifest.json',
        'audit-log.jsonl',
        'audit-report.csv',
        'audit-report.html',
        'audit-report.json',
        'audit-report.md',
        // The policy in force: one file per distinct content, named by the first release's commit it judged.
        `policies/${commitOf('Release fraud-detection 1.0.0')}.yml`,
        `${releaseDir('credit-scoring', '1.0.0', '2025-01-12')}/bias-report.json`,
        `${releaseDir('credit-scoring', '1.0.0', '2025-01-12')}/manifest.json`,
        `${releaseDir('credit-scoring', '1.1.0', '2025-03-15')}/bias-report.json`,
        `${releaseDir('credit-scoring', '1.1.0', '2025-03-15')}/manifest.json`,
        `${releaseDir('fraud-detection', '1.0.0', '2025-01-10')}/bias-report.json`,
        `${releaseDir('fraud-detection', '1.0.0', '2025-01-10')}/manifest.json`,
        `${releaseDir('fraud-detection', '1.1.0', '2025-03-01')}/bias-report.json`,
        `${releaseDir('fraud-detection', '1.1.0', '2025-03-01')}/manifest.json`,
      ].sort((a, b) => a.localeCompare(b)),
    );
    expect(
      readFileSync(join(x, `${releaseDir('credit-scoring', '1.1.0', '2025-03-15')}/manifest.json`), 'utf8'),
    ).toContain('"name": "credit-scoring"');
  });

  it("a model whose evidence is missing fails only that model's verdict, and the overall", async () => {
    repo = twoPromotions({ archiveCredit: false });
    const { run, report } = await auditJson(repo);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(report!['verdict']).toBe('fail');
    expect((report!['releases'] as Release[]).map(brief)).toEqual([
      ['fraud-detection', '1.0.0', 'pass', 'intact'],
      ['fraud-detection', '1.1.0', 'pass', 'not-due'],
      ['credit-scoring', '1.0.0', 'fail', 'missing'],
      ['credit-scoring', '1.1.0', 'pass', 'not-due'],
    ]);
    const credit100 = (report!['releases'] as Release[])[2]!;
    expect(credit100.problems).toEqual(['checksum record missing', 'archive missing (artifacts/credit-scoring/1.0.0)']);
    const models = report!['models'] as Array<{ name: string; verdict: string; problems: string[] }>;
    expect(models.map((m) => [m.name, m.verdict])).toEqual([
      ['fraud-detection', 'pass'],
      ['credit-scoring', 'fail'],
    ]);
    const creditCommit = repo.git('log', '--format=%H', '--grep=^Release credit-scoring 1.0.0$', 'main').trim();
    expect(models[1]!.problems).toEqual([
      `1.0.0 (${creditCommit.slice(0, 12)}): checksum record missing; archive missing (artifacts/credit-scoring/1.0.0)`,
    ]);
  });

  it('audits a model added to the policy mid-period from the commit that listed it', async () => {
    const r = createTwoModelHistory();
    repo = r;
    r.policy(SINGLE_POLICY, '2025-01-01T00:00:00Z');
    r.release('fraud-detection', '1.0.0', '2025-01-10T09:00:00Z');
    // credit-scoring's files predate its governance: the single-model policy does not govern them.
    r.release('credit-scoring', '1.0.0', '2025-01-12T09:00:00Z');
    const listed = r.policy(listedPolicy(['fraud-detection', 'credit-scoring']), '2025-04-01T00:00:00Z');
    r.release('credit-scoring', '1.1.0', '2025-05-01T09:00:00Z');
    const { run, report } = await auditJson(r);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const releases = report!['releases'] as Array<Release & { commit: string }>;
    expect(releases.map((x) => [x.governedAs, x.version, x.inForceFrom, x.inForceUntil, x.verdict])).toEqual([
      ['fraud-detection', '1.0.0', '2025-01-10T09:00:00.000Z', null, 'pass'],
      ['credit-scoring', '1.0.0', '2025-04-01T00:00:00.000Z', '2025-05-01T09:00:00.000Z', 'pass'],
      ['credit-scoring', '1.1.0', '2025-05-01T09:00:00.000Z', null, 'pass'],
    ]);
    expect(releases[1]!.commit).toBe(listed);
    // Before it was listed, credit-scoring was in force nowhere the policy governed: a period then has only fraud.
    const before = await r.mlgov([
      'audit',
      '--since',
      '2025-02-01',
      '--until',
      '2025-03-01',
      '--out',
      tempDir(),
      '--format',
      'json',
    ]);
    expect(before.code).toBe(0);
    const early = JSON.parse(before.stdout) as { releases: Release[]; models: Array<{ name: string }> };
    expect(early.releases.map((x) => [x.governedAs, x.version])).toEqual([['fraud-detection', '1.0.0']]);
    expect(early.models.map((m) => m.name)).toEqual(['fraud-detection', 'credit-scoring']);
  });

  it('--model narrows the audit to one model; an unknown name names the models', async () => {
    repo = twoPromotions({ archiveCredit: false });
    const { run, out, report } = await auditJson(repo, ['--model', 'fraud-detection']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((report!['releases'] as Release[]).map(brief)).toEqual([
      ['fraud-detection', '1.0.0', 'pass', 'intact'],
      ['fraud-detection', '1.1.0', 'pass', 'not-due'],
    ]);
    expect((report!['models'] as Array<{ name: string }>).map((m) => m.name)).toEqual(['fraud-detection']);
    expect(readFileSync(join(out, 'audit-report.csv'), 'utf8')).not.toContain('credit-scoring');

    const credit = await auditJson(repo, ['--model', 'credit-scoring']);
    expect(credit.run.code).toBe(1);

    const unknown = await repo.mlgov([
      'audit',
      '--since',
      '2025-02-01',
      '--until',
      '2025-06-30',
      '--out',
      tempDir(),
      '--model',
      'churn',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'the policy did not govern a model named "churn" during the branch\'s history (it governed fraud-detection, credit-scoring)',
    );
    expect(unknown.stderr).toContain('pass --model with one of: fraud-detection, credit-scoring');
  });

  it('a single-model policy gets no per-model parts: the report and bundle of before', async () => {
    const r = createTwoModelHistory();
    repo = r;
    r.policy(SINGLE_POLICY, '2025-01-01T00:00:00Z');
    r.release('fraud-detection', '1.0.0', '2025-01-10T09:00:00Z');
    r.release('fraud-detection', '1.1.0', '2025-03-01T09:00:00Z');
    const { run, out, report } = await auditJson(r);
    expect(run.code).toBe(0);
    expect(Object.keys(report!)).toEqual([
      'tool',
      'generatedAt',
      'ref',
      'commit',
      'period',
      'auditLog',
      'releases',
      'verdict',
      'summary',
      'outputs',
    ]);
    expect((report!['releases'] as Release[]).map((x) => [x.governedAs, x.version])).toEqual([
      [undefined, '1.0.0'],
      [undefined, '1.1.0'],
    ]);
    const md = readFileSync(join(out, 'audit-report.md'), 'utf8');
    expect(md).not.toContain('## Models');
    expect(md).toContain('| Version | Type |');
    const x = tempDir();
    await extract({ file: join(out, 'evidence-bundle.tar.gz'), cwd: x });
    const index = JSON.parse(readFileSync(join(x, 'index.json'), 'utf8')) as {
      subject: Record<string, unknown>;
      files: Array<{ path: string }>;
    };
    expect(Object.keys(index.subject)).toEqual(['ref', 'commit', 'period', 'verdict']);
    expect(index.files.filter((f) => f.path.startsWith('releases/')).map((f) => f.path.split('/').length)).toEqual([
      3, 3, 3, 3,
    ]);
  });
});
