/**
 * The challenger against production, exactly as the promotion check and `mlgov diff` receive it
 * (`compareReleases`, `comparisonRows`): which numbers are present, what counts as worse, as missing or as a
 * regression, and the words of every row. The full mutation run left these unseen: a base value shown for a first
 * release, a season the challenger dropped counted as not worse, a metric with no challenger value counted as met.
 */
import { describe, expect, it } from '@jest/globals';
import {
  compareError,
  compareReleases,
  comparisonRows,
  describeErrorChange,
  thresholdText,
} from '../../src/checks/promotion-comparison.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { Policy } from '../../src/policy/policy.js';

const policy = {
  promotion: { minImprovementPct: 5, minWindows: 12 },
  performance: { thresholds: { auc: { min: 0.7 }, fpr: { max: 0.1 }, band: { min: 0.2, max: 0.8 } } },
  bias: { minGroupSize: 30 },
} as unknown as Policy;

function manifest(version: string, evaluation: Record<string, unknown>): Manifest {
  return { name: 'fraud-detection', version, evaluation } as unknown as Manifest;
}

const report = (rates: [number, number]): BiasReport =>
  ({
    attributes: [
      {
        name: 'sex',
        metrics: {},
        groups: [
          { group: 'f', n: 100, selectionRate: rates[0] },
          { group: 'm', n: 100, selectionRate: rates[1] },
        ],
      },
    ],
  }) as unknown as BiasReport;

describe('compareError: one lower-is-better error', () => {
  it.each([
    [2, 1, { base: 2, head: 1, improvementPct: 50, worse: false }],
    [1, 2, { base: 1, head: 2, improvementPct: -100, worse: true }],
    [2, 2, { base: 2, head: 2, improvementPct: 0, worse: false }],
    [0, 1, { base: 0, head: 1, worse: true }],
    [undefined, 1, { head: 1, worse: false }],
    [1, undefined, { base: 1, worse: false }],
    [Number.NaN, 1, { head: 1, worse: false }],
    [1, Number.POSITIVE_INFINITY, { base: 1, worse: false }],
  ])('base %p, head %p', (base, head, want) => {
    expect(compareError(base, head)).toStrictEqual(want);
  });
});

describe('compareReleases', () => {
  const now = '2026-12-02T00:00:00Z';

  it('a first release: no base value anywhere, seasons never regress, metrics age from evaluatedAt', () => {
    const head = manifest('1.0.0', {
      evaluatedAt: '2026-11-30T00:00:00Z',
      backtest: { mae: 3, rmse: 4, windows: 12, seasons: { summer: { mae: 3 }, winter: { mae: 2, rmse: 3 } } },
      metrics: { auc: 0.9 },
    });
    const c = compareReleases({ head, policy, now, headReport: report([0.4, 0.5]) });
    expect(c).toStrictEqual({
      head: { name: 'fraud-detection', version: '1.0.0' },
      mae: { head: 3, worse: false },
      rmse: { head: 4, worse: false },
      minImprovementPct: 5,
      windows: { head: 12, min: 12 },
      seasons: [
        {
          season: 'summer',
          mae: { head: 3, worse: false },
          rmse: { worse: false },
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
      ],
      performance: [
        { name: 'auc', head: 0.9, threshold: { min: 0.7 }, met: true },
        { name: 'band', threshold: { min: 0.2, max: 0.8 }, met: false },
        { name: 'fpr', threshold: { max: 0.1 }, met: false },
      ],
      evaluatedAt: '2026-11-30T00:00:00Z',
      metricsAgeDays: 2,
      bias: [
        { attribute: 'sex', metric: 'demographic_parity_difference', head: expect.closeTo(0.1, 12) },
        { attribute: 'sex', metric: 'disparate_impact_ratio', head: 0.8 },
      ],
    });
  });

  it('against production: the best of MAE and RMSE, each season judged, a dropped figure a regression', () => {
    const base = manifest('2.3.0', {
      evaluatedAt: '2026-11-01T00:00:00Z',
      backtest: {
        mae: 10,
        rmse: 20,
        windows: 12,
        seasons: { autumn: { mae: 5, rmse: 6 }, spring: { mae: 5, rmse: 6 }, summer: { mae: 5, rmse: 6 } },
      },
      metrics: { auc: 0.8, fpr: 0.05, band: 0.5 },
    });
    const head = manifest('2.4.0', {
      evaluatedAt: 'not a date',
      backtest: {
        mae: 9,
        rmse: 17,
        windows: 11,
        // autumn: MAE worse; spring: RMSE dropped; summer: unchanged; winter: new.
        seasons: { autumn: { mae: 6, rmse: 6 }, spring: { mae: 5 }, summer: { mae: 5, rmse: 6 }, winter: { mae: 1 } },
      },
      metrics: { auc: 0.8, fpr: 0.1, band: 0.8 },
    });
    const c = compareReleases({
      head,
      base,
      policy,
      now,
      headReport: report([0.4, 0.5]),
      baseReport: report([0.5, 0.5]),
    });
    expect(c.base).toStrictEqual({ name: 'fraud-detection', version: '2.3.0' });
    expect(c.best).toStrictEqual({ metric: 'rmse', improvementPct: 15 });
    expect(c.windows).toStrictEqual({ base: 12, head: 11, min: 12 });
    expect(c.metricsAgeDays).toBeUndefined();
    expect(c.evaluatedAt).toBe('not a date');
    expect(c.seasons.map((s) => [s.season, s.missingInHead, s.regressed])).toStrictEqual([
      ['autumn', false, true],
      ['spring', true, true],
      ['summer', false, false],
      ['winter', false, false],
    ]);
    // At a threshold's edge the metric meets it (fpr max 0.1, band max 0.8).
    expect(c.performance).toStrictEqual([
      { name: 'auc', base: 0.8, head: 0.8, threshold: { min: 0.7 }, met: true },
      { name: 'band', base: 0.5, head: 0.8, threshold: { min: 0.2, max: 0.8 }, met: true },
      { name: 'fpr', base: 0.05, head: 0.1, threshold: { max: 0.1 }, met: true },
    ]);
    expect(c.bias).toStrictEqual([
      { attribute: 'sex', metric: 'demographic_parity_difference', base: 0, head: expect.closeTo(0.1, 12) },
      { attribute: 'sex', metric: 'disparate_impact_ratio', base: 1, head: 0.8 },
    ]);

    expect(comparisonRows(c)).toStrictEqual([
      { metric: 'MAE', production: 10, challenger: 9, change: '10.00 % better' },
      { metric: 'RMSE', production: 20, challenger: 17, change: '15.00 % better' },
      { metric: 'windows', production: 12, challenger: 11, change: 'min 12 ✗' },
      { metric: 'autumn MAE', production: 5, challenger: 6, change: '20.00 % worse ✗ regression' },
      { metric: 'autumn RMSE', production: 6, challenger: 6, change: 'same' },
      { metric: 'spring MAE', production: 5, challenger: 5, change: 'same ✗ regression' },
      { metric: 'spring RMSE', production: 6, change: '' },
      { metric: 'summer MAE', production: 5, challenger: 5, change: 'same' },
      { metric: 'summer RMSE', production: 6, challenger: 6, change: 'same' },
      { metric: 'winter MAE', challenger: 1, change: '' },
      { metric: 'winter RMSE', change: '' },
      { metric: 'auc', production: 0.8, challenger: 0.8, change: 'same (min 0.7) ✓' },
      { metric: 'band', production: 0.5, challenger: 0.8, change: '+0.3 (min 0.2, max 0.8) ✓' },
      { metric: 'fpr', production: 0.05, challenger: 0.1, change: '+0.05 (max 0.1) ✓' },
      { metric: 'bias sex DPD', production: 0, challenger: expect.closeTo(0.1, 12), change: '+0.1' },
      { metric: 'bias sex DI ratio', production: 1, challenger: 0.8, change: '-0.2' },
    ]);
  });

  it('a metric only production has: no challenger value, not met, shown without a change', () => {
    const base = manifest('2.3.0', { backtest: {}, metrics: { auc: 0.8, recall: 0.5 } });
    const head = manifest('2.4.0', { backtest: {}, metrics: {} });
    const c = compareReleases({ head, base, policy, now });
    expect(c.performance.find((p) => p.name === 'auc')).toStrictEqual({
      name: 'auc',
      base: 0.8,
      threshold: { min: 0.7 },
      met: false,
    });
    expect(c.performance.find((p) => p.name === 'recall')).toStrictEqual({ name: 'recall', base: 0.5 });
    expect(comparisonRows(c).find((r) => r.metric === 'auc')).toStrictEqual({
      metric: 'auc',
      production: 0.8,
      change: '(min 0.7) ✗',
    });
    expect(comparisonRows(c).find((r) => r.metric === 'recall')).toStrictEqual({
      metric: 'recall',
      production: 0.5,
      change: '',
    });
    expect(c.windows).toStrictEqual({ min: 12 });
    expect(c.best).toBeUndefined();
  });
});

describe('the words of a change', () => {
  it.each([
    [{ improvementPct: 7.774, worse: false }, '7.77 % better'],
    [{ improvementPct: -1.19, worse: true }, '1.19 % worse'],
    [{ improvementPct: 0, worse: false }, 'same'],
    [{ worse: false }, ''],
  ])('%p is "%s"', (c, words) => {
    expect(describeErrorChange(c)).toBe(words);
  });

  it('a threshold in words', () => {
    expect(thresholdText({ min: 0.7 })).toBe('min 0.7');
    expect(thresholdText({ max: 0.1 })).toBe('max 0.1');
    expect(thresholdText({ min: 0, max: 1 })).toBe('min 0, max 1');
    expect(thresholdText(undefined)).toBe('');
  });
});
