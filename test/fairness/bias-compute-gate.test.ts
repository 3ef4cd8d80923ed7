/**
 * What `bias compute` and `metrics import` write is judged by `mlgov check` like any release: a new release of the
 * example whose bias report and evaluation come from pipeline files passes the schema and bias checks, and a
 * report computed from predictions that breach a threshold fails the bias check with the recomputed figure.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../../src/formats/manifest.js';
import type { Report } from '../../src/release/report.js';
import { runMlgov } from '../support/cli-io.js';
import { bindRelease, createReleaseRepo } from '../support/example-release.js';
import type { TempRepo } from '../support/git-repo.js';

const repos: TempRepo[] = [];
afterEach(() => {
  while (repos.length) repos.pop()?.remove();
});

/**
 * Predictions for the example's attributes: every (sex, age_band) cell of the example's groups gets `perCell` rows with 10 % positives;
 * the model selects every positive and, among negatives, one in `fpEvery` (one in `fpEveryMale` for men).
 */
function predictions(perCell: number, fpEvery: number, fpEveryMale = fpEvery): string {
  const rows = ['label,prediction,sex,age_band'];
  for (const sex of ['female', 'male', 'non_binary', 'undisclosed']) {
    for (const age of ['18-29', '30-44', '45-64', '65+']) {
      for (let i = 0; i < perCell; i++) {
        const label = i % 10 === 0 ? 1 : 0;
        const every = sex === 'male' ? fpEveryMale : fpEvery;
        const prediction = label === 1 || i % every === 1 ? 1 : 0;
        rows.push(`${label},${prediction},${sex},${age}`);
      }
    }
  }
  return rows.join('\n') + '\n';
}

async function prepare(csv: string, basePolicy?: (text: string) => string): Promise<TempRepo & { seed: string }> {
  const repo = createReleaseRepo();
  repos.push(repo);
  if (basePolicy) {
    // The board's policy on production (the base) decides; the PR branch follows it.
    repo.git('checkout', '-q', 'main');
    const file = join(repo.dir, '.github/governance-policy.yml');
    writeFileSync(file, basePolicy(readFileSync(file, 'utf8')));
    repo.commitAll('Policy change reviewed by the board');
    repo.git('checkout', '-q', 'release');
    repo.git('merge', '-q', '--ff-only', 'main');
  }
  mkdirSync(join(repo.dir, 'eval'), { recursive: true });
  writeFileSync(join(repo.dir, 'eval/predictions.csv'), csv);
  writeFileSync(
    join(repo.dir, 'eval/backtest_results.json'),
    '{"backtest": {"mae": 36, "rmse": 52, "bias": -1, "windows": 12}}\n',
  );
  const bias = await runMlgov(
    [
      'bias',
      'compute',
      '--predictions',
      'eval/predictions.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
      '--attribute',
      'age_band',
      '--dataset',
      'holdout-2026-12',
    ],
    { cwd: repo.dir },
  );
  expect(bias.code).toBe(0);
  const metrics = await runMlgov(['metrics', 'import', 'eval/backtest_results.json'], { cwd: repo.dir });
  expect(metrics.code).toBe(0);
  // The steps after them (version, checksums, approvals) as the example's helper does them.
  bindRelease(repo.dir, repo.seed, {
    manifest: (m) => {
      m.version = '2.5.0';
      m.release = { type: 'promotion', reason: 'Retrain on the December feature snapshot' };
    },
  });
  return repo;
}

async function check(dir: string): Promise<Report> {
  const run = await runMlgov(['check', '--offline', '--base', 'main', '--format', 'json'], { cwd: dir });
  return JSON.parse(run.stdout) as Report;
}

describe('bias compute and metrics import, judged by mlgov check', () => {
  it('a report and an evaluation computed from pipeline files pass the schema and bias checks', async () => {
    const repo = await prepare(predictions(200, 50));
    const report = await check(repo.dir);
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId['schema']!.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(byId['bias']!.status).toBe('pass');
    expect(byId['bias']!.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('a report computed from predictions that breach a threshold fails the bias check with the figure', async () => {
    // Men: a false positive every 5 rows, everyone else every 50 rows: selection rates far apart.
    const repo = await prepare(predictions(200, 50, 5));
    const report = await check(repo.dir);
    const bias = report.checks.find((c) => c.id === 'bias')!;
    expect(bias.status).toBe('fail');
    // Per cell 200 rows, 20 positives: women select 20 + 4 (FPR 4/180), men 20 + 40 (FPR 40/180).
    const errors = bias.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.code, f.pointer])).toEqual([
      ['BIAS_THRESHOLD_EXCEEDED', '/attributes/0/metrics/demographic_parity_difference'],
      ['BIAS_THRESHOLD_EXCEEDED', '/attributes/0/metrics/disparate_impact_ratio'],
      ['BIAS_THRESHOLD_EXCEEDED', '/attributes/0/metrics/equalized_odds_difference'],
    ]);
    expect(errors[0]!.message).toContain('demographic parity difference 0.18');
    expect(errors[1]!.message).toContain('disparate impact ratio 0.4 ');
    expect(errors[2]!.message).toContain('equalized odds difference 0.2 ');
    expect(errors.every((f) => f.file === 'reports/latest-bias-report.json' && typeof f.line === 'number')).toBe(true);
  });
  it("follows the policy's favourable label: the report states it and its DI is the gate's own recomputation", async () => {
    const repo = await prepare(predictions(200, 50, 5), (text) =>
      text.replace('  minGroupSize: 30\n', '  minGroupSize: 30\n  favorableLabel: legitimate\n'),
    );
    const written = JSON.parse(readFileSync(join(repo.dir, 'reports/latest-bias-report.json'), 'utf8')) as {
      favorableLabel?: string;
      attributes: Array<{ name: string; metrics: Record<string, number> }>;
    };
    expect(written.favorableLabel).toBe('legitimate');
    // On the favourable (not flagged) rate: women 1 − 24/200 = 0.88, men 1 − 60/200 = 0.7 → DI 0.7 / 0.88.
    expect(written.attributes[0]!.metrics['disparate_impact_ratio']).toBeCloseTo(0.7 / 0.88, 12);
    const bias = (await check(repo.dir)).checks.find((c) => c.id === 'bias')!;
    const codes = bias.findings.map((f) => f.code);
    expect(codes).not.toContain('BIAS_FAVORABLE_LABEL_MISMATCH');
    expect(codes).not.toContain('BIAS_METRIC_MISMATCH');
  });

  it('the release made with the commands alone (import, compute, checksums, approvals) passes mlgov check', async () => {
    const repo = createReleaseRepo();
    repos.push(repo);
    const run = (...argv: string[]) => runMlgov(argv, { cwd: repo.dir });
    mkdirSync(join(repo.dir, 'eval'), { recursive: true });
    writeFileSync(join(repo.dir, 'eval/predictions.csv'), predictions(200, 50));
    writeFileSync(
      join(repo.dir, 'eval/backtest_results.json'),
      JSON.stringify({
        backtest: {
          mae: 36,
          rmse: 52,
          bias: -1,
          windows: 12,
          seasons: { summer: { mae: 35, rmse: 50 }, winter: { mae: 37, rmse: 54 } },
        },
      }),
    );
    // The edits `release new` will make (another command): version, reason, ticket; the rest by the commands below.
    const m = JSON.parse(readFileSync(join(repo.dir, 'model/manifest.json'), 'utf8')) as Manifest;
    m.version = '2.5.0';
    m.release = { type: 'promotion', reason: 'Retrain on the December feature snapshot' };
    m.jira = 'MLGOV-124';
    writeFileSync(join(repo.dir, 'model/manifest.json'), JSON.stringify(m, null, 2) + '\n');
    expect((await run('archive', '--base', 'main')).code).toBe(0);
    expect((await run('metrics', 'import', 'eval/backtest_results.json')).code).toBe(0);
    const bias = await run(
      'bias',
      'compute',
      '--predictions',
      'eval/predictions.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
      '--attribute',
      'age_band',
    );
    expect(bias.code).toBe(0);
    expect(
      (await run('approve', '--target', 'bias-report', '--approver', 'dave', '--role', 'fairness-reviewer')).code,
    ).toBe(0);
    expect((await run('checksums', '--write')).code).toBe(0);
    expect((await run('approve', '--approver', 'alice', '--role', 'governance-board')).code).toBe(0);
    expect((await run('approve', '--approver', 'bob', '--role', 'regulatory-affairs')).code).toBe(0);
    const report = await check(repo.dir);
    const failing = report.checks.filter((c) => c.status === 'fail').map((c) => [c.id, c.findings.map((f) => f.code)]);
    expect(failing).toEqual([]);
    const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(
      report.checks.flatMap((c) =>
        c.findings.filter((f) => f.severity === 'warning').map((f) => [c.id, f.code, f.message]),
      ),
    ).toEqual([]);
    expect([status['bias'], status['promotion'], status['checksums'], status['approvals']]).toEqual([
      'pass',
      'pass',
      'pass',
      'pass',
    ]);
  });
});
