/**
 * Issue #14, "Done when": the example's release 2.5.0 is produced from the files a training pipeline writes with the
 * commands alone, in the order the README's quick start gives, and passes `mlgov check`. No file of the release is
 * edited by the test: the only files it writes are the pipeline's outputs (the training run record, a backtest
 * results file and a holdout predictions file), made by a small seeded generator below.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { Report } from '../../src/release/report.js';
import { runMlgov, type CapturedRun } from '../support/cli-io.js';
import { createReleaseRepo } from '../support/example-release.js';
import type { TempRepo } from '../support/git-repo.js';

/** A seeded PRNG (mulberry32): the same outputs on every run and machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw (Box–Muller). */
function gaussian(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** The inverse of the standard normal CDF (Acklam's rational approximation; ample for generating scores). */
function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

type Figures = { mae: number; rmse: number };
const round = (x: number, digits: number) => Number(x.toFixed(digits));

/**
 * What the validation pipeline writes after a 12-month rolling-origin backtest: one window per month, 300 forecasts a
 * window, errors with a small negative bias; the months November to April are "winter", the rest "summer" (the
 * seasons 2.4.0 was evaluated on). Only the aggregates go in the file, as docs/training-outputs.md describes, with
 * the time the backtest ran (`evaluated_at`, the name the users' model registry gives it).
 */
function backtestResults(evaluatedAt: string): { evaluated_at: string; backtest: Record<string, unknown> } {
  const random = prng(20261201);
  const all: number[] = [];
  const bySeason = new Map<string, number[]>();
  const windows = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05'].concat([
    '2026-06',
    '2026-07',
    '2026-08',
    '2026-09',
    '2026-10',
    '2026-11',
  ]);
  for (const window of windows) {
    const month = Number(window.slice(5));
    const season = month >= 5 && month <= 10 ? 'summer' : 'winter';
    for (let i = 0; i < 300; i++) {
      const yTrue = 400 + 120 * Math.sin((month / 12) * 2 * Math.PI) + 60 * gaussian(random);
      const yPred = yTrue - 1.1 + 46 * gaussian(random);
      const e = yPred - yTrue;
      all.push(e);
      bySeason.set(season, [...(bySeason.get(season) ?? []), e]);
    }
  }
  const mae = (es: number[]) => round(es.reduce((s, e) => s + Math.abs(e), 0) / es.length, 2);
  const rmse = (es: number[]) => round(Math.sqrt(es.reduce((s, e) => s + e * e, 0) / es.length), 2);
  const seasons = Object.fromEntries(
    [...bySeason.keys()].sort().map((s) => [s, { mae: mae(bySeason.get(s)!), rmse: rmse(bySeason.get(s)!) }]),
  );
  return {
    evaluated_at: evaluatedAt,
    backtest: {
      mae: mae(all),
      rmse: rmse(all),
      bias: round(all.reduce((s, e) => s + e, 0) / all.length, 2),
      windows: windows.length,
      seasons,
    },
  };
}

/** Share of each group in the holdout set (the example's groups; small groups as in production data). */
const SEXES: Array<[string, number]> = [
  ['female', 0.46],
  ['male', 0.47],
  ['non_binary', 0.03],
  ['undisclosed', 0.04],
];
const AGE_BANDS: Array<[string, number]> = [
  ['18-29', 0.18],
  ['30-44', 0.32],
  ['45-64', 0.35],
  ['65+', 0.15],
];
const HOLDOUT_ROWS = 24000;
const FRAUD_RATE = 0.08;
/** Scores are binormal: negatives N(0, 1), fraud N(1.9, 1) (AUC ≈ 0.91); a hold is score ≥ 1.06 (TPR ≈ 0.8). */
const SEPARATION = 1.9;
const THRESHOLD = 1.06;

/**
 * The scoring pipeline's holdout file: one row per transaction, its label, the model's score and decision (the score
 * thresholded), and the protected attributes. Within each (sex, age band) cell the scores are a stratified sample of
 * the class's distribution, so every group meets the fairness thresholds by construction, not by a lucky seed.
 */
function holdoutCsv(): string {
  const random = prng(1412);
  const rows: string[] = [];
  for (const [sex, sexShare] of SEXES) {
    for (const [age, ageShare] of AGE_BANDS) {
      const n = Math.round(HOLDOUT_ROWS * sexShare * ageShare);
      const positives = Math.round(n * FRAUD_RATE);
      const draw = (count: number, mean: number) =>
        Array.from({ length: count }, (_, i) => mean + normalQuantile((i + random()) / count));
      for (const [label, scores] of [
        [1, draw(positives, SEPARATION)],
        [0, draw(n - positives, 0)],
      ] as const) {
        for (const z of scores) {
          const score = 1 / (1 + Math.exp(-(z - THRESHOLD) * 2));
          rows.push(`${label},${score.toFixed(6)},${z >= THRESHOLD ? 1 : 0},${sex},${age}`);
        }
      }
    }
  }
  // A pipeline writes rows in its own order, not grouped: a seeded shuffle.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return ['label,score,prediction,sex,age_band', ...rows].join('\n') + '\n';
}

/**
 * The run record the training pipeline writes when it finishes (snake_case, as many pipelines write it): the run
 * ended two hours before the backtest and the holdout scoring ran.
 */
function trainingRun(evaluatedAt: Date): Record<string, string> {
  const finished = new Date(evaluatedAt.getTime() - 2 * 3600 * 1000);
  const started = new Date(finished.getTime() - 3 * 3600 * 1000);
  const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    pipeline: 'fraud-train',
    run_id: 'run-2026-12-01-01',
    run_url: 'https://ci.acme.example/pipelines/fraud-train/runs/run-2026-12-01-01',
    triggered_by: 'erin',
    started_at: iso(started),
    finished_at: iso(finished),
  };
}

/** Precision TP/(TP+FP) and recall TP/(TP+FN) counted here from the holdout's rows, independently of mlgov. */
function holdoutPrecisionRecall(csv: string): { precision: number; recall: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const line of csv.trim().split('\n').slice(1)) {
    const [label, , prediction] = line.split(',');
    if (prediction === '1' && label === '1') tp++;
    else if (prediction === '1') fp++;
    else if (label === '1') fn++;
  }
  return { precision: tp / (tp + fp), recall: tp / (tp + fn) };
}

/** The holdout's precision and recall (what holdoutPrecisionRecall counts from the generated rows). */
const PRECISION = 0.3249418235667442;
const RECALL = 0.8;

const REASON = 'Retrained on the November snapshot';
const TICKET = 'MLGOV-131';

describe('release 2.5.0 of the example from training outputs, with the commands alone (issue #14)', () => {
  let repo: TempRepo & { seed: string; baseCommit: string };
  const mlgov = (...argv: string[]): Promise<CapturedRun> => runMlgov(argv, { cwd: repo.dir });
  const readJson = <T>(rel: string) => JSON.parse(readFileSync(join(repo.dir, rel), 'utf8')) as T;

  // When the training pipeline ran its backtest and scored the holdout: an hour before the release is prepared.
  const pipelineRanAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600 * 1000);
  const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

  beforeAll(() => {
    // Release 2.4.0 on main, made and approved within the last days; the PR's branch `release` is checked out.
    repo = createReleaseRepo();
  });
  afterAll(() => repo.remove());

  it('release new starts 2.5.0 as a promotion of 2.4.0 with the reason and the ticket', async () => {
    const run = await mlgov('release', 'new', '--bump', 'minor', '--reason', REASON, '--jira', TICKET);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('released fraud-detection 2.5.0 (promotion, from 2.4.0)\n');
    const m = readJson<Manifest>('model/manifest.json');
    expect([m.version, m.release, m.jira, m.approvals]).toEqual([
      '2.5.0',
      { type: 'promotion', reason: REASON },
      TICKET,
      undefined,
    ]);
    expect(m.provenance.code.commit).toBe(repo.git('rev-parse', 'HEAD').trim());
  });

  it('the pipeline writes its outputs (generated here, never the manifest or the report)', () => {
    mkdirSync(join(repo.dir, 'model_metrics'), { recursive: true });
    mkdirSync(join(repo.dir, 'eval'), { recursive: true });
    mkdirSync(join(repo.dir, 'training'), { recursive: true });
    writeFileSync(join(repo.dir, 'training/run.json'), JSON.stringify(trainingRun(pipelineRanAt), null, 2) + '\n');
    const backtest = backtestResults(iso(pipelineRanAt));
    writeFileSync(join(repo.dir, 'model_metrics/backtest_results.json'), JSON.stringify(backtest, null, 2) + '\n');
    writeFileSync(join(repo.dir, 'eval/holdout.csv'), holdoutCsv());
    // The pipeline wrote its files when it ran, an hour before the author imports them.
    for (const f of ['training/run.json', 'model_metrics/backtest_results.json', 'eval/holdout.csv']) {
      utimesSync(join(repo.dir, f), pipelineRanAt, pipelineRanAt);
    }
    // The generator's figures are those the policy asks of a promotion over production's (2.4.0 on main): at least
    // 5 % better MAE or RMSE, no season worse, at least 12 windows.
    const production = (JSON.parse(repo.git('show', 'main:model/manifest.json')) as Manifest).evaluation
      .backtest as Figures & { seasons: Record<string, Figures> };
    const b = backtest.backtest as { mae: number; rmse: number; windows: number; seasons: Record<string, Figures> };
    expect(b.windows).toBeGreaterThanOrEqual(12);
    expect(b.mae).toBeLessThanOrEqual(production.mae * 0.95);
    expect(b.rmse).toBeLessThanOrEqual(production.rmse * 0.95);
    for (const [season, before] of Object.entries(production.seasons)) {
      expect([season, b.seasons[season]!.mae <= before.mae, b.seasons[season]!.rmse <= before.rmse]).toEqual([
        season,
        true,
        true,
      ]);
    }
  });

  it('metrics import fills provenance.training from the run record, bound to its file', async () => {
    const run = await mlgov('metrics', 'import', 'training/run.json');
    expect([run.code, run.stderr]).toEqual([0, '']);
    const record = readJson<Record<string, string>>('training/run.json');
    const training = readJson<Manifest>('model/manifest.json').provenance.training;
    expect(training).toEqual({
      pipeline: 'fraud-train',
      runId: record['run_id'],
      runUrl: record['run_url'],
      triggeredBy: 'erin',
      startedAt: record['started_at'],
      finishedAt: record['finished_at'],
      source: { path: 'training/run.json', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    // The evaluation still is 2.4.0's, older than this run: the import says to import the run's evaluation next.
    expect(run.stdout).toContain("import this run's evaluation next\n");
  });

  it('metrics import fills evaluation.backtest and evaluation.metrics (AUC, precision, recall), each bound to its file', async () => {
    expect((await mlgov('metrics', 'import', 'model_metrics/backtest_results.json')).code).toBe(0);
    expect((await mlgov('metrics', 'import', 'eval/holdout.csv')).code).toBe(0);
    const m = readJson<Manifest>('model/manifest.json');
    const written = readJson<{ backtest: unknown }>('model_metrics/backtest_results.json');
    expect(m.evaluation.backtest).toEqual(written.backtest);
    // Binormal scores 1.9 standard deviations apart: AUC Φ(1.9/√2) ≈ 0.91, as computed from the file.
    expect(m.evaluation.metrics?.['auc']).toBeCloseTo(0.9105568293327295, 12);
    const source = (m.evaluation as unknown as { source: Record<string, { path: string; format: string }> }).source;
    expect([source['backtest']!.path, source['backtest']!.format, source['auc']!.path, source['auc']!.format]).toEqual([
      'model_metrics/backtest_results.json',
      'backtest',
      'eval/holdout.csv',
      'scores',
    ]);
  });

  // The policy's maxMetricsAgeDays is about the evaluation, so its time must be the source's: re-importing week-old
  // figures today must not make them fresh. Both files say the pipeline ran at pipelineRanAt (the backtest states it,
  // the holdout file's modification time is it). Fails while metrics import writes the time of the import.
  it('evaluation.evaluatedAt is when the pipeline evaluated, as its files say, not the time of the import', () => {
    expect(readJson<Manifest>('model/manifest.json').evaluation.evaluatedAt).toBe(iso(pipelineRanAt));
  });

  it('bias compute writes the report of 2.5.0 from the holdout predictions', async () => {
    const run = await mlgov(
      'bias',
      'compute',
      '--predictions',
      'eval/holdout.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
      '--attribute',
      'age_band',
    );
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(1, 3)).toEqual([
      '  sex: 4 group(s), 0 missing; demographic_parity_difference 0.004514, disparate_impact_ratio 0.977312, equalized_odds_difference 0.031039',
      '  age_band: 4 group(s), 0 missing; demographic_parity_difference 0.000463, disparate_impact_ratio 0.997653, equalized_odds_difference 0.003709',
    ]);
    const r = readJson<BiasReport>('reports/latest-bias-report.json');
    expect(r.model).toEqual({ name: 'fraud-detection', version: '2.5.0' });
    expect(r.dataset?.rows).toBe(24000);
    expect(r.attributes.map((a) => [a.name, a.groups.map((g) => g.group)])).toEqual([
      ['sex', ['female', 'male', 'non_binary', 'undisclosed']],
      ['age_band', ['18-29', '30-44', '45-64', '65+']],
    ]);
  });

  it('checksums --write binds the report, archive keeps 2.4.0, and the author commits', async () => {
    const checksums = await mlgov('checksums', '--write');
    expect(checksums.code).toBe(0);
    // Only the bias report changed since release new: the weights are 2.4.0's (see the notes of the change).
    expect(checksums.stdout).toMatch(
      /\nupdated model\/manifest.json:\n {2}\/biasReport\/sha256: "[0-9a-f]{64}" -> "[0-9a-f]{64}"\nmanifest digest: /,
    );
    const archive = await mlgov('archive');
    expect(archive.code).toBe(0);
    expect(archive.stdout).toContain('wrote artifacts/fraud-detection/2.4.0/');
    repo.commitAll(`${TICKET} Release fraud-detection 2.5.0`);
  });

  it('the fairness review, then the board: approve records each, bound to what was reviewed', async () => {
    expect(
      (await mlgov('approve', '--target', 'bias-report', '--approver', 'dave', '--role', 'fairness-reviewer')).code,
    ).toBe(0);
    expect((await mlgov('approve', '--approver', 'alice', '--role', 'governance-board')).code).toBe(0);
    expect((await mlgov('approve', '--approver', 'bob', '--role', 'regulatory-affairs')).code).toBe(0);
    repo.commitAll(`${TICKET} Approvals of fraud-detection 2.5.0`);
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('mlgov check passes every check; the only finding is that GitHub reviews cannot be seen locally', async () => {
    const run = await mlgov(
      'check',
      '--offline',
      '--base',
      'main',
      '--pr-title',
      `${TICKET} Release fraud-detection 2.5.0`,
      '--format',
      'json',
    );
    expect([run.code, run.stderr]).toEqual([0, '']);
    const report = JSON.parse(run.stdout) as Report;
    expect([report.verdict, report.judged, report.forced, report.model]).toEqual([
      'pass',
      true,
      false,
      { name: 'fraud-detection', version: '2.5.0', baseVersion: '2.4.0' },
    ]);
    expect(report.checks.map((c) => [c.id, c.status, c.findings.map((f) => `${f.severity} ${f.code}`)])).toEqual([
      ['schema', 'pass', []],
      ['provenance', 'pass', []],
      ['checksums', 'pass', []],
      ['version', 'pass', []],
      ['bias', 'pass', []],
      ['approvals', 'pass', ['notice APPROVALS_CORROBORATION_UNAVAILABLE']],
      ['jira', 'skip', []],
      ['evidence', 'pass', []],
      ['promotion', 'pass', []],
      ['policy', 'pass', []],
    ]);
    const summary = Object.fromEntries(report.checks.map((c) => [c.id, c.summary]));
    expect(summary['version']).toBe('2.4.0 → 2.5.0 (promotion)');
    expect(summary['bias']).toBe('10 metric(s) over 2 attribute(s) recomputed and within thresholds; reviewed by dave');
    expect(summary['approvals']).toBe('required roles met by alice, bob');
    expect(summary['jira']).toBe('skipped: offline (--offline): Jira was not consulted');
  });

  // What the commands once carried from 2.4.0 into 2.5.0 (see the notes of the change): the training run and the
  // classification metrics now come from 2.5.0's own training outputs.
  it("2.5.0 names its own training run, not 2.4.0's", () => {
    const base = JSON.parse(repo.git('show', 'main:model/manifest.json')) as Manifest;
    const head = readJson<Manifest>('model/manifest.json');
    expect(base.provenance.training.runId).toBe('run-2026-11-18-01');
    expect([head.provenance.training.runId, head.provenance.training.triggeredBy]).toEqual([
      'run-2026-12-01-01',
      'erin',
    ]);
    expect(head.provenance.training.source?.path).toBe('training/run.json');
  });

  it("2.5.0's precision and recall come from its holdout, not 2.4.0's evaluation", () => {
    const base = JSON.parse(repo.git('show', 'main:model/manifest.json')) as Manifest;
    const head = readJson<Manifest>('model/manifest.json');
    const counted = holdoutPrecisionRecall(readFileSync(join(repo.dir, 'eval/holdout.csv'), 'utf8'));
    expect([base.evaluation.metrics?.['precision'], base.evaluation.metrics?.['recall']]).toEqual([0.62, 0.84]);
    expect(head.evaluation.metrics).toEqual({
      auc: head.evaluation.metrics?.['auc'],
      precision: counted.precision,
      recall: counted.recall,
    });
    expect([head.evaluation.metrics?.['precision'], head.evaluation.metrics?.['recall']]).toEqual([PRECISION, RECALL]);
  });
});
