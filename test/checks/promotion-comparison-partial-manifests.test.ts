/**
 * The challenger against production when either manifest leaves things out (`compareReleases`, `comparisonRows`):
 * no evaluation at all, an evaluation without metrics, seasons on one side only, a season that never had an MAE, a
 * bias attribute without groups or on one side only. A comparison must come out whole (never throw, never invent a
 * value or a regression), while a challenger that drops a season production evaluated still regresses. Also the
 * edges the exact tests leave open: a metric over its maximum is not met, a season regressed by its RMSE alone flags
 * only the RMSE row, and seasons are listed in name order whatever order the manifests wrote them in.
 */
import { describe, expect, it } from '@jest/globals';
import { compareReleases, comparisonRows } from '../../src/checks/promotion-comparison.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { Policy } from '../../src/policy/policy.js';

const now = '2026-12-02T00:00:00Z';

const policy = {
  promotion: { minImprovementPct: 5, minWindows: 12 },
  performance: { thresholds: { auc: { min: 0.7 }, fpr: { max: 0.1 } } },
  bias: { minGroupSize: 30 },
} as unknown as Policy;

/** A manifest with only a name, a version and (when given) an evaluation. */
function manifest(version: string, evaluation?: Record<string, unknown>): Manifest {
  return { name: 'fraud-detection', version, ...(evaluation ? { evaluation } : {}) } as unknown as Manifest;
}

/** Backtest seasons only, as written (key order kept). */
const withSeasons = (seasons: Record<string, unknown>) => ({ backtest: { seasons } });

/** A bias report with one attribute per entry: a name and its two groups' selection rates, or no groups at all. */
function report(attributes: Record<string, [number, number] | 'no groups'>): BiasReport {
  return {
    attributes: Object.entries(attributes).map(([name, rates]) =>
      rates === 'no groups'
        ? { name, metrics: {} }
        : {
            name,
            metrics: {},
            groups: [
              { group: 'a', n: 100, selectionRate: rates[0] },
              { group: 'b', n: 100, selectionRate: rates[1] },
            ],
          },
    ),
  } as unknown as BiasReport;
}

describe('manifests without an evaluation', () => {
  it('neither side evaluated: nothing compared, the thresholds unmet, no evaluation date', () => {
    const c = compareReleases({ head: manifest('2.4.0'), base: manifest('2.3.0'), policy, now });
    expect(c).toStrictEqual({
      head: { name: 'fraud-detection', version: '2.4.0' },
      base: { name: 'fraud-detection', version: '2.3.0' },
      mae: { worse: false },
      rmse: { worse: false },
      minImprovementPct: 5,
      windows: { min: 12 },
      seasons: [],
      performance: [
        { name: 'auc', threshold: { min: 0.7 }, met: false },
        { name: 'fpr', threshold: { max: 0.1 }, met: false },
      ],
      bias: [],
    });
  });

  it('evaluations without metrics on either side: the thresholds unmet, no value on either side', () => {
    const head = manifest('2.4.0', { evaluatedAt: '2026-11-30T00:00:00Z' });
    const base = manifest('2.3.0', { backtest: { mae: 1 } });
    const c = compareReleases({ head, base, policy, now });
    expect(c.performance).toStrictEqual([
      { name: 'auc', threshold: { min: 0.7 }, met: false },
      { name: 'fpr', threshold: { max: 0.1 }, met: false },
    ]);
    expect(c.mae).toStrictEqual({ base: 1, worse: false });
    expect(c.metricsAgeDays).toBe(2);
  });

  it('a head without an evaluation date reports none (not an empty one)', () => {
    const c = compareReleases({ head: manifest('2.4.0', { metrics: { auc: 0.9 } }), policy, now });
    expect(c).not.toHaveProperty('evaluatedAt');
    expect(c).not.toHaveProperty('metricsAgeDays');
  });
});

describe('seasons on one side only', () => {
  it('production without seasons: every challenger season is new, none regresses, listed in name order', () => {
    const head = manifest('2.4.0', withSeasons({ winter: { mae: 2, rmse: 3 }, autumn: { mae: 1, rmse: 2 } }));
    const base = manifest('2.3.0', { backtest: { mae: 1 } });
    const c = compareReleases({ head, base, policy, now });
    expect(c.seasons).toStrictEqual([
      {
        season: 'autumn',
        mae: { head: 1, worse: false },
        rmse: { head: 2, worse: false },
        missingInHead: false,
        regressed: false,
      },
      {
        season: 'winter',
        mae: { head: 2, worse: false },
        rmse: { head: 3, worse: false },
        missingInHead: false,
        regressed: false,
      },
    ]);
  });

  it('a first release lists its seasons in name order too', () => {
    const head = manifest('1.0.0', withSeasons({ winter: { mae: 2 }, autumn: { mae: 1 } }));
    expect(compareReleases({ head, policy, now }).seasons.map((s) => s.season)).toStrictEqual(['autumn', 'winter']);
  });

  it('a challenger without seasons drops every season production evaluated: each one missing and regressed', () => {
    const head = manifest('2.4.0', { backtest: { mae: 1 } });
    const base = manifest('2.3.0', withSeasons({ winter: { mae: 2, rmse: 3 }, summer: { mae: 1, rmse: 2 } }));
    const c = compareReleases({ head, base, policy, now });
    expect(c.seasons).toStrictEqual([
      {
        season: 'summer',
        mae: { base: 1, worse: false },
        rmse: { base: 2, worse: false },
        missingInHead: true,
        regressed: true,
      },
      {
        season: 'winter',
        mae: { base: 2, worse: false },
        rmse: { base: 3, worse: false },
        missingInHead: true,
        regressed: true,
      },
    ]);
    expect(comparisonRows(c).filter((r) => r.metric.startsWith('summer'))).toStrictEqual([
      { metric: 'summer MAE', production: 1, change: ' ✗ regression' },
      { metric: 'summer RMSE', production: 2, change: '' },
    ]);
  });

  it('a season production evaluated without an MAE: a challenger without one has lost nothing', () => {
    const head = manifest('2.4.0', withSeasons({ summer: { rmse: 6 } }));
    const base = manifest('2.3.0', withSeasons({ summer: { rmse: 6 } }));
    expect(compareReleases({ head, base, policy, now }).seasons).toStrictEqual([
      {
        season: 'summer',
        mae: { worse: false },
        rmse: { base: 6, head: 6, improvementPct: 0, worse: false },
        missingInHead: false,
        regressed: false,
      },
    ]);
  });
});

describe('the rows of a season regressed by its RMSE alone', () => {
  it('flag the RMSE, not the better MAE', () => {
    const head = manifest('2.4.0', withSeasons({ summer: { mae: 4, rmse: 8 } }));
    const base = manifest('2.3.0', withSeasons({ summer: { mae: 5, rmse: 6 } }));
    const c = compareReleases({ head, base, policy, now });
    expect(c.seasons[0]!.regressed).toBe(true);
    expect(comparisonRows(c).filter((r) => r.metric.startsWith('summer'))).toStrictEqual([
      { metric: 'summer MAE', production: 5, challenger: 4, change: '20.00 % better' },
      { metric: 'summer RMSE', production: 6, challenger: 8, change: '33.33 % worse ✗ regression' },
    ]);
  });
});

describe('the windows row', () => {
  const windowsRow = (head: Manifest) =>
    comparisonRows(compareReleases({ head, policy, now })).find((r) => r.metric === 'windows');

  it('a challenger with exactly the minimum is not flagged; one below it is', () => {
    expect(windowsRow(manifest('1.0.0', { backtest: { windows: 12 } }))).toStrictEqual({
      metric: 'windows',
      challenger: 12,
      change: 'min 12',
    });
    expect(windowsRow(manifest('1.0.0', { backtest: { windows: 11 } }))).toStrictEqual({
      metric: 'windows',
      challenger: 11,
      change: 'min 12 ✗',
    });
  });

  it('a challenger that states no windows shows only the minimum (the promotion check reports the gap)', () => {
    expect(windowsRow(manifest('1.0.0', { backtest: {} }))).toStrictEqual({ metric: 'windows', change: 'min 12' });
  });
});

describe('evaluation metrics', () => {
  it('a challenger over a maximum does not meet it', () => {
    const head = manifest('2.4.0', { metrics: { auc: 0.9, fpr: 0.11 } });
    const c = compareReleases({ head, policy, now });
    expect(c.performance).toStrictEqual([
      { name: 'auc', head: 0.9, threshold: { min: 0.7 }, met: true },
      { name: 'fpr', head: 0.11, threshold: { max: 0.1 }, met: false },
    ]);
    expect(comparisonRows(c).find((r) => r.metric === 'fpr')).toStrictEqual({
      metric: 'fpr',
      challenger: 0.11,
      change: '(max 0.1) ✗',
    });
  });

  it('a metric without a threshold that only the challenger has shows no change', () => {
    const head = manifest('2.4.0', { metrics: { recall: 0.5 } });
    const base = manifest('2.3.0', { metrics: {} });
    const c = compareReleases({ head, base, policy, now });
    expect(comparisonRows(c).find((r) => r.metric === 'recall')).toStrictEqual({
      metric: 'recall',
      challenger: 0.5,
      change: '',
    });
  });
});

describe('bias attributes', () => {
  it('an attribute only production reported has no challenger value; one without groups is left out', () => {
    const c = compareReleases({
      head: manifest('2.4.0'),
      base: manifest('2.3.0'),
      policy,
      now,
      headReport: report({ age: 'no groups' }),
      baseReport: report({ sex: [0.5, 0.5], age: 'no groups' }),
    });
    expect(c.bias).toStrictEqual([
      { attribute: 'sex', metric: 'demographic_parity_difference', base: 0 },
      { attribute: 'sex', metric: 'disparate_impact_ratio', base: 1 },
    ]);
    expect(comparisonRows(c).filter((r) => r.metric.startsWith('bias'))).toStrictEqual([
      { metric: 'bias sex DPD', production: 0, change: '' },
      { metric: 'bias sex DI ratio', production: 1, change: '' },
    ]);
  });
});
