/**
 * Every threshold's edge, decided and tested on both sides (docs/formats.md, "Boundaries"): each limit of the policy
 * is inclusive — a value equal to the limit passes — and float noise at the limit (0.8 − 0.7 = 0.10000000000000009,
 * 0.04 / 0.05 = 0.7999999999999999) never decides it. One side of each pair passes, the other fails with the exact
 * finding (code and pointer), so moving any comparison by one (`<` to `<=`) breaks a test here.
 */
import { describe, expect, it } from '@jest/globals';
import { judgeThreshold } from '../../src/checks/bias-metrics.js';
import { aboveMax, belowMin } from '../../src/checks/bounds.js';
import { approvalsCheck } from '../../src/checks/approvals.js';
import { biasCheck } from '../../src/checks/bias.js';
import { promotionCheck } from '../../src/checks/promotion.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Finding } from '../../src/formats/finding.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { buildRelease, daysAgo, exampleBaseManifest, lineOf, type ReleaseOptions } from './fixtures/release.js';

const DAY_S = 86_400;

function findingsOf(run: { findings: Finding[] }, code: string): Finding[] {
  return run.findings.filter((f) => f.code === code);
}

/** The `sex` attribute with these two groups' rates; the reported metrics are the exact values they imply. */
function sexRates(
  female: { sel: number; tpr?: number },
  male: { sel: number; tpr?: number },
  reported: { dpd: number; di: number; eod: number },
): (r: BiasReport) => void {
  return (r) => {
    const sex = r.attributes[0]!;
    Object.assign(sex.groups[0]!, { selectionRate: female.sel, truePositiveRate: female.tpr ?? 0.82 });
    Object.assign(sex.groups[1]!, { selectionRate: male.sel, truePositiveRate: male.tpr ?? 0.84 });
    sex.metrics = {
      demographic_parity_difference: reported.dpd,
      disparate_impact_ratio: reported.di,
      equalized_odds_difference: reported.eod,
    };
  };
}

function bias(options: ReleaseOptions) {
  const r = buildRelease(options);
  return { release: r, result: biasCheck.run(r.ctx, r.policy) };
}

describe('bounds: the one rule every threshold uses', () => {
  it('treats a value equal to the limit, or within float noise of it, as the limit', () => {
    expect(belowMin(0.8, 0.8)).toBe(false);
    expect(belowMin(0.04 / 0.05, 0.8)).toBe(false); // 0.7999999999999999
    expect(aboveMax(0.8 - 0.7, 0.1)).toBe(false); // 0.10000000000000009
    expect(belowMin(0.7999, 0.8)).toBe(true);
    expect(aboveMax(0.1001, 0.1)).toBe(true);
  });

  it('the noise is relative to the figures (a billionth of 1000 is a millionth) and ends exactly at its edge', () => {
    expect(belowMin(1000 - 5e-7, 1000)).toBe(false);
    expect(belowMin(1000 - 2e-6, 1000)).toBe(true);
    expect(aboveMax(1000 + 5e-7, 1000)).toBe(false);
    expect(aboveMax(1000 + 2e-6, 1000)).toBe(true);
    // A value exactly one noise away from the limit is still the limit.
    expect(belowMin(1 - 1e-9, 1)).toBe(false);
    expect(aboveMax(1 + 1e-9, 1)).toBe(false);
  });
});

describe('confidence intervals against a limit', () => {
  it('an interval wholly past the limit fails, whatever the point estimate; one reaching past it warns', () => {
    expect(judgeThreshold(0.95, { min: 0.8 }, { low: 0.4, high: 0.625 })).toEqual({
      kind: 'beyond',
      bound: 'min',
      limit: 0.8,
    });
    expect(judgeThreshold(0.05, { max: 0.1 }, { low: 0.2, high: 0.3 })).toEqual({
      kind: 'beyond',
      bound: 'max',
      limit: 0.1,
    });
    expect(judgeThreshold(0.85, { min: 0.8 }, { low: 0.7, high: 0.9 })).toMatchObject({ kind: 'straddles' });
    // An interval ending exactly at the limit is within it (inclusive limits).
    expect(judgeThreshold(0.9, { min: 0.8 }, { low: 0.8, high: 0.95 })).toEqual({ kind: 'within' });
  });
});

describe('fairness thresholds (policy and report: DI min 0.8, DPD max 0.1, EOD max 0.1)', () => {
  const threshold = (r: { result: { findings: Finding[] } }) => findingsOf(r.result, 'BIAS_THRESHOLD_EXCEEDED');

  it('disparate impact of exactly 0.8 passes (0.04 / 0.05 in floating point)', () => {
    const r = bias({ report: sexRates({ sel: 0.04 }, { sel: 0.05 }, { dpd: 0.01, di: 0.8, eod: 0.02 }) });
    expect(threshold(r)).toEqual([]);
    expect(r.result.status).not.toBe('fail');
  });

  it('disparate impact of 0.798 fails, at the attribute', () => {
    const r = bias({ report: sexRates({ sel: 0.0399 }, { sel: 0.05 }, { dpd: 0.0101, di: 0.798, eod: 0.02 }) });
    const [f] = threshold(r);
    expect(f?.message).toContain('disparate impact ratio 0.798');
    expect(f?.pointer).toBe('/attributes/0/metrics/disparate_impact_ratio');
    expect(f?.line).toBe(lineOf(r.release.ctx.biasReport, '/attributes/0/metrics/disparate_impact_ratio'));
  });

  it('a demographic-parity difference of exactly 0.1 passes (0.8 − 0.7 = 0.10000000000000009)', () => {
    const r = bias({ report: sexRates({ sel: 0.7 }, { sel: 0.8 }, { dpd: 0.1, di: 0.875, eod: 0.02 }) });
    expect(threshold(r)).toEqual([]);
  });

  it('a demographic-parity difference of 0.11 fails', () => {
    const r = bias({ report: sexRates({ sel: 0.69 }, { sel: 0.8 }, { dpd: 0.11, di: 0.8625, eod: 0.02 }) });
    expect(threshold(r).map((f) => f.pointer)).toEqual(['/attributes/0/metrics/demographic_parity_difference']);
  });

  it('an equalized-odds difference of exactly 0.1 passes, and 0.11 fails', () => {
    const at = bias({
      report: sexRates({ sel: 0.031, tpr: 0.7 }, { sel: 0.033, tpr: 0.8 }, { dpd: 0.002, di: 0.9394, eod: 0.1 }),
    });
    expect(threshold(at)).toEqual([]);
    const over = bias({
      report: sexRates({ sel: 0.031, tpr: 0.69 }, { sel: 0.033, tpr: 0.8 }, { dpd: 0.002, di: 0.9394, eod: 0.11 }),
    });
    expect(threshold(over).map((f) => f.pointer)).toEqual(['/attributes/0/metrics/equalized_odds_difference']);
  });

  it('a group of exactly minGroupSize (30) is assessed; one of 29 is left out and listed', () => {
    const sized = (n: number) => (r: BiasReport) => {
      const groups = r.attributes[1]!.groups;
      groups.push({ group: '90+', n, selectionRate: 0.032, truePositiveRate: 0.83, falsePositiveRate: 0.012 });
      groups[1]!.n -= n; // the rows still add up to dataset.rows
    };
    const at = bias({ report: sized(30) });
    expect(findingsOf(at.result, 'BIAS_INSUFFICIENT_DATA')).toEqual([]);
    const under = bias({ report: sized(29) });
    const [f] = findingsOf(under.result, 'BIAS_INSUFFICIENT_DATA');
    expect(f?.message).toContain('"90+" (n=29 < minGroupSize 30)');
    expect(f?.pointer).toBe('/attributes/1/groups/3');
  });
});

describe('promotion thresholds', () => {
  const run = (edit: (m: Manifest) => void, options: ReleaseOptions = {}) => {
    const r = buildRelease({ ...options, manifest: edit });
    return { release: r, result: promotionCheck.run(r.ctx, r.policy) };
  };
  /** The base's backtest and seasons, with MAE set to `mae` (RMSE unchanged: MAE alone must carry the gate). */
  const withMae = (mae: number) => (m: Manifest) => {
    m.evaluation.backtest = { ...exampleBaseManifest().evaluation.backtest!, mae };
  };

  /** Production's MAE is 33.3, where a true 5 % improvement (31.635) computes as 4.999999999999987 %. */
  const base33 = (): Manifest => {
    const b = exampleBaseManifest();
    b.evaluation.backtest!.mae = 33.3;
    return b;
  };

  it('an improvement of exactly 5 % passes (33.3 → 31.635 computes as 4.999999999999987 %)', () => {
    const { result } = run(withMae(31.635), { base: base33() });
    expect(findingsOf(result, 'PROMOTION_INSUFFICIENT_IMPROVEMENT')).toEqual([]);
    expect(result.status).not.toBe('fail');
  });

  it('an improvement of 4.98 % fails, at the MAE', () => {
    const { release, result } = run(withMae(31.64), { base: base33() });
    const [f] = findingsOf(result, 'PROMOTION_INSUFFICIENT_IMPROVEMENT');
    expect(f?.pointer).toBe('/evaluation/backtest/mae');
    expect(f?.line).toBe(lineOf(release.ctx.manifest, '/evaluation/backtest/mae'));
  });

  it('exactly minWindows (12) windows pass; 11 fail', () => {
    expect(
      findingsOf(run((m) => void (m.evaluation.backtest!.windows = 12)).result, 'PROMOTION_TOO_FEW_WINDOWS'),
    ).toEqual([]);
    const [f] = findingsOf(run((m) => void (m.evaluation.backtest!.windows = 11)).result, 'PROMOTION_TOO_FEW_WINDOWS');
    expect(f?.pointer).toBe('/evaluation/backtest/windows');
  });

  it('metrics exactly maxMetricsAgeDays (7) old pass; one second older fail', () => {
    const at = run((m) => void (m.evaluation.evaluatedAt = daysAgo(7)));
    expect(findingsOf(at.result, 'PROMOTION_METRICS_STALE')).toEqual([]);
    const older = run((m) => void (m.evaluation.evaluatedAt = daysAgo(7 + 1 / DAY_S)));
    const [f] = findingsOf(older.result, 'PROMOTION_METRICS_STALE');
    expect(f?.pointer).toBe('/evaluation/evaluatedAt');
  });

  it('a reason of exactly minReasonLength (10) characters after trimming passes; 9, or ten spaces, fail', () => {
    const reason = (text: string) => run((m) => void (m.release.reason = text)).result;
    expect(findingsOf(reason('  abcdefghij  '), 'PROMOTION_REASON_TOO_SHORT')).toEqual([]);
    for (const short of ['abcdefghi', ' '.repeat(10), '   abcdefghi   ']) {
      const [f] = findingsOf(reason(short), 'PROMOTION_REASON_TOO_SHORT');
      expect(f?.pointer).toBe('/release/reason');
    }
  });

  it('a season where only RMSE got worse is a regression, at that season', () => {
    const { result } = run((m) => {
      withMae(30)(m);
      // Production: summer MAE 40.1 / RMSE 57.0, winter 42.0 / 60.2. Summer's RMSE alone gets worse.
      m.evaluation.backtest!.seasons = { summer: { mae: 39.1, rmse: 57.1 }, winter: { mae: 41.0, rmse: 59.2 } };
    });
    const [f] = findingsOf(result, 'PROMOTION_SEASONAL_REGRESSION');
    expect(f?.pointer).toBe('/evaluation/backtest/seasons/summer/rmse');
    expect(findingsOf(result, 'PROMOTION_SEASONAL_REGRESSION')).toHaveLength(1);
  });
});

describe('seasons the challenger leaves out', () => {
  const run = (summer: Record<string, number>) => {
    const r = buildRelease({
      manifest: (m) => {
        m.evaluation.backtest!.seasons = { summer, winter: { mae: 39.0, rmse: 56.0 } } as never;
      },
    });
    return { release: r, result: promotionCheck.run(r.ctx, r.policy) };
  };

  it.each([
    ['an empty season', {}],
    ['an MAE without its RMSE', { mae: 37 }],
    ['an RMSE without its MAE', { rmse: 54 }],
  ])('%s is a regression (production has both figures), at the season', (_name, summer) => {
    const { release, result } = run(summer);
    const [f] = findingsOf(result, 'PROMOTION_SEASONAL_REGRESSION');
    expect(f?.pointer).toBe('/evaluation/backtest/seasons/summer');
    expect(f?.line).toBe(lineOf(release.ctx.manifest, '/evaluation/backtest/seasons/summer'));
    expect(f?.message).toContain('not, or not fully, on the challenger');
  });

  it('both figures present and better is no regression (the control)', () => {
    expect(findingsOf(run({ mae: 37, rmse: 54 }).result, 'PROMOTION_SEASONAL_REGRESSION')).toEqual([]);
  });
});

describe('approval age (maxAgeDays 30)', () => {
  const approvals = (ageDays: number) => [
    { approver: 'alice', role: 'governance-board', ageDays },
    { approver: 'bob', role: 'regulatory-affairs' },
  ];

  it('an approval exactly 30 days old counts; one second older does not', () => {
    const at = buildRelease({ approvals: approvals(30) });
    expect(findingsOf(approvalsCheck.run(at.ctx, at.policy), 'APPROVAL_STALE')).toEqual([]);
    const older = buildRelease({ approvals: approvals(30 + 1 / DAY_S) });
    const [f] = findingsOf(approvalsCheck.run(older.ctx, older.policy), 'APPROVAL_STALE');
    expect(f?.pointer).toBe('/approvals/0/at');
    expect(f?.line).toBe(lineOf(older.ctx.manifest, '/approvals/0/at'));
  });
});
