/**
 * The fairness recomputation (`recomputeAttribute`) where it cannot compute, and the counts it trusts. A metric that
 * cannot be computed is never a pass: its reason is the text the bias finding shows the PR author, so each reason is
 * read here word for word (too few groups for a spread or a ratio, a favourable rate whose selection rate is
 * missing). The event minimum applies only to a count that is a number, and only when the policy sets a minimum; a
 * row count that is not a finite positive number counts 0, never Infinity. The full mutation run left every one of
 * these unread or untested.
 */
import { describe, expect, it } from '@jest/globals';
import { BIAS_METRICS, recomputeAttribute } from '../../src/checks/bias-metrics.js';
import type { BiasAttribute, GroupRates } from '../../src/formats/bias-report.js';

/** A group with 100 rows and every rate; `extra` overrides any of it. */
function group(name: string, selectionRate: number | null, extra: Partial<GroupRates> = {}): GroupRates {
  return { group: name, n: 100, selectionRate, truePositiveRate: 0.8, falsePositiveRate: 0.1, ...extra };
}

function attribute(groups: GroupRates[], extra: Partial<BiasAttribute> = {}): BiasAttribute {
  return { name: 'region', groups, metrics: {}, ...extra };
}

describe('a metric that cannot be computed says why', () => {
  it('with one group left after the small ones, no spread or ratio is defined, and every metric says so', () => {
    const r = recomputeAttribute(attribute([group('big', 0.5), group('small', 0.2, { n: 10 })]), {
      minGroupSize: 30,
    });
    for (const metric of BIAS_METRICS) {
      expect(r.judged[metric]).toEqual({
        kind: 'undefined',
        reason: 'only 1 group(s) with enough data; a spread needs at least 2',
      });
    }
  });

  it('with no group at all, the reason counts 0 groups', () => {
    const r = recomputeAttribute(attribute([]), { minGroupSize: 30 });
    expect(r.judged.disparate_impact_ratio).toEqual({
      kind: 'undefined',
      reason: 'only 0 group(s) with enough data; a spread needs at least 2',
    });
    expect(r.allGroups.demographic_parity_difference).toEqual({
      kind: 'undefined',
      reason: 'only 0 group(s) with enough data; a spread needs at least 2',
    });
  });

  it('on the favourable rate, a missing selection rate is named as the selection rate the report lacks', () => {
    // The report has no "favorableRate": the PR author must be told which of its fields is missing.
    const r = recomputeAttribute(attribute([group('A', 0.5), group('B', null)]), { minGroupSize: 30, favorable: true });
    expect(r.judged.disparate_impact_ratio).toEqual({
      kind: 'undefined',
      reason: 'group "B" has no selectionRate (null)',
    });
  });

  it('equalized odds takes the reason of the TPR spread when that one cannot be computed', () => {
    const r = recomputeAttribute(attribute([group('A', 0.5, { truePositiveRate: null }), group('B', 0.4)]), {
      minGroupSize: 30,
    });
    const reason = 'group "A" has no truePositiveRate (null)';
    expect(r.judged.true_positive_rate_difference).toEqual({ kind: 'undefined', reason });
    expect(r.judged.equalized_odds_difference).toEqual({ kind: 'undefined', reason });
  });
});

describe('the event minimum applies only to a count that is a number, and only when set', () => {
  const onlyReason = (groups: GroupRates[], minEvents: number | undefined) =>
    recomputeAttribute(attribute(groups), { minGroupSize: 30, minEvents }).exclusions.map((e) => e.reason);

  it('a positives or negatives count that is not a number (null, text) leaves the group in', () => {
    // null < 10 and "5" < 10 are true in JavaScript: only the type check keeps an unknown count from excluding.
    const odd = [
      group('null-counts', 0.5, { positives: null as unknown as number, negatives: null as unknown as number }),
      group('text-counts', 0.4, { positives: '5' as unknown as number, negatives: '5' as unknown as number }),
    ];
    expect(onlyReason(odd, 10)).toEqual([]);
  });

  it('with no minimum (0 or absent), even a negative count leaves no group out', () => {
    const negative = [group('A', 0.5, { positives: -1, negatives: -1 }), group('B', 0.4)];
    expect(onlyReason(negative, 0)).toEqual([]);
    expect(onlyReason(negative, undefined)).toEqual([]);
    // and the same counts are short of a minimum of 1
    expect(onlyReason(negative, 1)).toEqual(['positives=-1 < minEvents 1, negatives=-1 < minEvents 1']);
  });
});

describe('row counts: only a finite positive number counts', () => {
  it('an infinite missing, excluded or group n counts 0 rows', () => {
    const r = recomputeAttribute(
      attribute([group('A', 0.5, { n: 120 }), group('B', 0.4, { n: Number.POSITIVE_INFINITY })], {
        missing: Number.POSITIVE_INFINITY,
        excluded: Number.POSITIVE_INFINITY,
      }),
      { minGroupSize: 30 },
    );
    expect([r.groupRows, r.missingRows, r.declaredExcludedRows, r.excludedRows, r.totalRows]).toEqual([
      120, 0, 0, 0, 120,
    ]);
  });

  it('a count of -0 (JSON can write it) is the plain 0', () => {
    const r = recomputeAttribute(attribute([group('A', 0.5), group('B', 0.4)], { missing: -0, excluded: -0 }), {
      minGroupSize: 30,
    });
    expect(r.missingRows).toBe(0);
    expect(r.declaredExcludedRows).toBe(0);
  });
});
