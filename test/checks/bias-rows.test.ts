/**
 * The rows the bias check gives the board (`details.rows`, one per attribute and metric the report states or a
 * threshold covers) and the identity rules at their edges: which rows exist, the status each ends with (pass,
 * info without a threshold, warn on a straddle, fail), what each carries, and a report generated at the very moment
 * training finished. The full mutation run left these unseen.
 */
import { describe, expect, it } from '@jest/globals';
import { biasCheck } from '../../src/checks/bias.js';
import { buildRelease, type Release } from './fixtures/release.js';

function run(release: Release) {
  return biasCheck.run(release.ctx, release.policy);
}
const rowsOf = (release: Release, attribute: string) =>
  (run(release).details?.rows ?? []).filter((r) => r.attribute === attribute);

describe('the rows of one attribute', () => {
  it('one row per metric the report states or a threshold covers, none for the rest', () => {
    const rows = rowsOf(buildRelease(), 'sex');
    expect(rows.map((r) => [r.metric, r.status, r.reported !== undefined, r.threshold])).toStrictEqual([
      ['demographic_parity_difference', 'pass', true, { max: 0.1 }],
      ['disparate_impact_ratio', 'pass', true, { min: 0.8 }],
      ['equalized_odds_difference', 'pass', true, { max: 0.1 }],
    ]);
    expect(rows[0]).toStrictEqual({
      attribute: 'sex',
      metric: 'demographic_parity_difference',
      status: 'pass',
      threshold: { max: 0.1 },
      reported: 0.002,
      recomputed: expect.closeTo(0.002, 12),
      lowGroup: 'female',
      highGroup: 'male',
    });
  });

  it('a metric stated without a threshold is info; a threshold without a stated value still gives a row', () => {
    const release = buildRelease({
      report: (r) => {
        r.attributes[0]!.metrics.true_positive_rate_difference = 0.02;
        delete r.attributes[0]!.metrics.equalized_odds_difference;
      },
    });
    const rows = rowsOf(release, 'sex');
    expect(rows.find((r) => r.metric === 'true_positive_rate_difference')).toStrictEqual({
      attribute: 'sex',
      metric: 'true_positive_rate_difference',
      status: 'info',
      reported: 0.02,
      recomputed: expect.closeTo(0.02, 12),
      lowGroup: 'female',
      highGroup: 'male',
    });
    const eod = rows.find((r) => r.metric === 'equalized_odds_difference');
    expect(eod).toMatchObject({ status: 'pass', threshold: { max: 0.1 } });
    expect(eod).not.toHaveProperty('reported');
  });

  it('a stated null is kept as null, and an undefined metric under a threshold fails with its reason', () => {
    const release = buildRelease({
      report: (r) => {
        r.attributes[0]!.metrics.disparate_impact_ratio = null;
        r.attributes[0]!.groups[1]!.selectionRate = 0;
        r.attributes[0]!.groups[0]!.selectionRate = 0;
      },
    });
    const row = rowsOf(release, 'sex').find((r) => r.metric === 'disparate_impact_ratio');
    expect(row).toMatchObject({
      status: 'fail',
      reported: null,
      undefinedReason: 'the highest selectionRate is 0; the ratio divides by it',
    });
  });

  it('an interval that reaches past the limit: the row warns and carries the interval', () => {
    const release = buildRelease({
      report: (r) => {
        const [f, m] = r.attributes[0]!.groups;
        f!.intervals = { selectionRate: { low: 0.02, high: 0.04 } };
        m!.intervals = { selectionRate: { low: 0.02, high: 0.045 } };
      },
    });
    const rows = rowsOf(release, 'sex');
    const di = rows.find((r) => r.metric === 'disparate_impact_ratio');
    expect(di).toMatchObject({ status: 'warn', interval: { low: 0.02 / 0.045, high: 1 } });
    expect(run(release).findings.map((f) => f.code)).toContain('BIAS_INTERVAL_STRADDLES_THRESHOLD');
  });
});

describe('when the report was generated', () => {
  it('at the very moment training finished is not before it', () => {
    const at = '2026-11-20T12:00:00.000Z';
    const release = buildRelease({
      manifest: (m) => void (m.provenance.training.finishedAt = at),
      report: (r) => void (r.generatedAt = at),
    });
    expect(run(release).findings.map((f) => f.code)).not.toContain('BIAS_REPORT_OLDER_THAN_TRAINING');
  });

  it('a millisecond before is', () => {
    const release = buildRelease({
      manifest: (m) => void (m.provenance.training.finishedAt = '2026-11-20T12:00:00.001Z'),
      report: (r) => void (r.generatedAt = '2026-11-20T12:00:00.000Z'),
    });
    expect(run(release).findings.map((f) => f.code)).toContain('BIAS_REPORT_OLDER_THAN_TRAINING');
  });
});
