/**
 * The fairness recomputation to the last digit (`recomputeAttribute`): the value, the groups at both ends and the
 * interval of every metric, computed by hand below; ties, a highest rate of 0, degenerate intervals, the favourable
 * rate, the event minimums and the row counts. The full mutation run left each of these moves unseen: an interval
 * bound taken from the wrong end, a tie giving the other group, the event minimum applied at equality.
 */
import { describe, expect, it } from '@jest/globals';
import { decimalsOf, recomputeAttribute, recomputeOptionsOf, type MetricValue } from '../../src/checks/bias-metrics.js';
import type { BiasAttribute, GroupRates } from '../../src/formats/bias-report.js';
import type { Policy } from '../../src/policy/policy.js';

type Bounds = [number, number];
function group(
  name: string,
  sel: [number, Bounds?],
  tpr?: [number, Bounds?],
  fpr?: [number, Bounds?],
  extra: Partial<GroupRates> = {},
): GroupRates {
  const intervals: NonNullable<GroupRates['intervals']> = {};
  if (sel[1]) intervals.selectionRate = { low: sel[1][0], high: sel[1][1] };
  if (tpr?.[1]) intervals.truePositiveRate = { low: tpr[1][0], high: tpr[1][1] };
  if (fpr?.[1]) intervals.falsePositiveRate = { low: fpr[1][0], high: fpr[1][1] };
  return {
    group: name,
    n: 100,
    selectionRate: sel[0],
    ...(tpr ? { truePositiveRate: tpr[0] } : {}),
    ...(fpr ? { falsePositiveRate: fpr[0] } : {}),
    ...(Object.keys(intervals).length > 0 ? { intervals } : {}),
    ...extra,
  };
}
const attribute = (groups: GroupRates[], extra: Partial<BiasAttribute> = {}): BiasAttribute => ({
  name: 'region',
  groups,
  metrics: {},
  ...extra,
});

/** A defined metric, its value and interval compared to 12 digits (the hand arithmetic is in decimals). */
function expectMetric(
  m: MetricValue | undefined,
  want: { value: number; lowGroup: string; highGroup: string; rate: string; interval?: Bounds },
): void {
  expect(m?.kind).toBe('defined');
  if (m?.kind !== 'defined') return;
  expect(m.value).toBeCloseTo(want.value, 12);
  expect([m.lowGroup, m.highGroup, m.rate]).toEqual([want.lowGroup, want.highGroup, want.rate]);
  if (want.interval === undefined) {
    expect(m.interval).toBeUndefined();
  } else {
    expect(m.interval?.low).toBeCloseTo(want.interval[0], 12);
    expect(m.interval?.high).toBeCloseTo(want.interval[1], 12);
  }
}

// Three groups whose intervals do not overlap at the extremes, so every bound is its own number.
const A = group('A', [0.7, [0.62, 0.78]], [0.8, [0.7, 0.9]], [0.1, [0.05, 0.15]]);
const B = group('B', [0.3, [0.22, 0.38]], [0.6, [0.5, 0.7]], [0.25, [0.2, 0.3]]);
const C = group('C', [0.5, [0.42, 0.58]], [0.7, [0.6, 0.8]], [0.15, [0.1, 0.2]]);

describe('every metric to the last digit, with its interval', () => {
  // Computed inside each test, not once in the describe body: a mutation run switches a mutant on per test, and a
  // value computed while the file loads would be the original's whatever the mutant.
  const judgedOf = () => recomputeAttribute(attribute([A, B, C]), { minGroupSize: 30 }).judged;

  it('demographic parity: highest − lowest selection rate; the interval from the gap the bounds cannot close to the widest', () => {
    const judged = judgedOf();
    // value 0.7 − 0.3; low: max(0, max(lows) 0.62 − min(highs) 0.38); high: max(highs) 0.78 − min(lows) 0.22.
    expectMetric(judged.demographic_parity_difference, {
      value: 0.4,
      lowGroup: 'B',
      highGroup: 'A',
      rate: 'selectionRate',
      interval: [0.24, 0.56],
    });
  });

  it('disparate impact: lowest / highest selection rate; the interval from min(lows)/max(highs) to min(highs)/max(lows)', () => {
    const judged = judgedOf();
    expectMetric(judged.disparate_impact_ratio, {
      value: 0.3 / 0.7,
      lowGroup: 'B',
      highGroup: 'A',
      rate: 'selectionRate',
      interval: [0.22 / 0.78, 0.38 / 0.62],
    });
  });

  it('equalized odds: the larger of the TPR and FPR spreads, with the larger of each interval bound', () => {
    const judged = judgedOf();
    // TPR: 0.8 − 0.6 = 0.2, interval [max(0, 0.7 − 0.7), 0.9 − 0.5]; FPR: 0.25 − 0.1, [0.2 − 0.15, 0.3 − 0.05].
    expectMetric(judged.true_positive_rate_difference, {
      value: 0.2,
      lowGroup: 'B',
      highGroup: 'A',
      rate: 'truePositiveRate',
      interval: [0, 0.4],
    });
    expectMetric(judged.false_positive_rate_difference, {
      value: 0.15,
      lowGroup: 'A',
      highGroup: 'B',
      rate: 'falsePositiveRate',
      interval: [0.05, 0.25],
    });
    expectMetric(judged.equalized_odds_difference, {
      value: 0.2,
      lowGroup: 'B',
      highGroup: 'A',
      rate: 'truePositiveRate',
      interval: [0.05, 0.4],
    });
  });

  it('with a favourable label, disparate impact is over 1 − selection rate, the intervals flipped the same way', () => {
    const favorable = recomputeAttribute(attribute([A, B, C]), { minGroupSize: 30, favorable: true }).judged;
    // Favourable rates A 0.3 [0.22, 0.38], B 0.7 [0.62, 0.78], C 0.5 [0.42, 0.58]: the ends swap.
    expectMetric(favorable.disparate_impact_ratio, {
      value: 0.3 / 0.7,
      lowGroup: 'A',
      highGroup: 'B',
      rate: 'favorableRate',
      interval: [0.22 / 0.78, 0.38 / 0.62],
    });
  });
});

describe('the edges of the arithmetic', () => {
  it('a tie at either end names the first group listed', () => {
    const { judged } = recomputeAttribute(
      attribute([
        group('first-low', [0.3]),
        group('second-low', [0.3]),
        group('first-high', [0.6]),
        group('second-high', [0.6]),
      ]),
      { minGroupSize: 30 },
    );
    expectMetric(judged.demographic_parity_difference, {
      value: 0.3,
      lowGroup: 'first-low',
      highGroup: 'first-high',
      rate: 'selectionRate',
    });
  });

  it('equal TPR and FPR spreads: equalized odds names the TPR spread', () => {
    const { judged } = recomputeAttribute(
      attribute([group('A', [0.5], [0.8], [0.1]), group('B', [0.5], [0.6], [0.3])]),
      { minGroupSize: 30 },
    );
    expect(judged.equalized_odds_difference).toEqual(expect.objectContaining({ rate: 'truePositiveRate' }));
  });

  it('an interval only when both spreads have one; undefined when either spread is', () => {
    const noFprIntervals = recomputeAttribute(
      attribute([group('A', [0.5], [0.8, [0.7, 0.9]], [0.1]), group('B', [0.5], [0.6, [0.5, 0.7]], [0.3])]),
      { minGroupSize: 30 },
    ).judged;
    expect(noFprIntervals.equalized_odds_difference).toEqual(expect.objectContaining({ kind: 'defined' }));
    expect(noFprIntervals.equalized_odds_difference).not.toHaveProperty('interval');

    const noFpr = recomputeAttribute(attribute([group('A', [0.5], [0.8]), group('B', [0.5], [0.6])]), {
      minGroupSize: 30,
    }).judged;
    expect(noFpr.true_positive_rate_difference?.kind).toBe('defined');
    expect(noFpr.equalized_odds_difference).toEqual({
      kind: 'undefined',
      reason: 'group "A" has no falsePositiveRate (undefined)',
    });
  });

  it('a highest selection rate of exactly 0 leaves disparate impact undefined, and says why', () => {
    const { judged } = recomputeAttribute(attribute([group('A', [0]), group('B', [0])]), { minGroupSize: 30 });
    expect(judged.disparate_impact_ratio).toEqual({
      kind: 'undefined',
      reason: 'the highest selectionRate is 0; the ratio divides by it',
    });
  });

  it('a rate that is not a finite number makes the metric undefined, naming the group', () => {
    for (const bad of [Number.NaN, null]) {
      const { judged } = recomputeAttribute(attribute([group('A', [0.5]), group('B', [bad as number])]), {
        minGroupSize: 30,
      });
      expect(judged.demographic_parity_difference).toEqual({
        kind: 'undefined',
        reason: `group "B" has no selectionRate (${String(bad)})`,
      });
    }
  });

  it('intervals whose bounds are all 0 give disparate impact the whole range, never NaN', () => {
    const { judged } = recomputeAttribute(attribute([group('A', [0.5, [0, 0]]), group('B', [0.25, [0, 0]])]), {
      minGroupSize: 30,
    });
    expectMetric(judged.disparate_impact_ratio, {
      value: 0.5,
      lowGroup: 'B',
      highGroup: 'A',
      rate: 'selectionRate',
      interval: [0, 1],
    });
  });
});

describe('the event minimum and the row counts', () => {
  const groups = [
    group('enough', [0.5], [0.8], [0.1], { positives: 10, negatives: 10 }),
    group('few-positives', [0.4], [0.2], [0.2], { positives: 9, negatives: 50 }),
    group('few-negatives', [0.3], [0.7], [0.9], { positives: 50, negatives: 9 }),
    group('no-counts', [0.45], [0.75], [0.15]),
  ];

  it('leaves a group under minEvents out of that rate’s spread only, at equality kept, and says why', () => {
    const r = recomputeAttribute(attribute(groups), { minGroupSize: 30, minEvents: 10 });
    expect(r.exclusions).toStrictEqual([
      {
        index: 1,
        group: 'few-positives',
        n: 100,
        small: false,
        fewPositives: true,
        fewNegatives: false,
        reason: 'positives=9 < minEvents 10',
      },
      {
        index: 2,
        group: 'few-negatives',
        n: 100,
        small: false,
        fewPositives: false,
        fewNegatives: true,
        reason: 'negatives=9 < minEvents 10',
      },
    ]);
    // TPR over enough, few-negatives, no-counts: 0.8 − 0.7; FPR over enough, few-positives, no-counts: 0.2 − 0.1.
    expectMetric(r.judged.true_positive_rate_difference, {
      value: 0.1,
      lowGroup: 'few-negatives',
      highGroup: 'enough',
      rate: 'truePositiveRate',
    });
    expectMetric(r.judged.false_positive_rate_difference, {
      value: 0.1,
      lowGroup: 'enough',
      highGroup: 'few-positives',
      rate: 'falsePositiveRate',
    });
    // Selection rate keeps every group.
    expectMetric(r.judged.demographic_parity_difference, {
      value: 0.2,
      lowGroup: 'few-negatives',
      highGroup: 'enough',
      rate: 'selectionRate',
    });
  });

  it('with minEvents 0 (or absent) no group is left out for its events', () => {
    for (const minEvents of [0, undefined]) {
      expect(recomputeAttribute(attribute(groups), { minGroupSize: 30, minEvents }).exclusions).toEqual([]);
    }
  });

  it('names each reason of a group that is both small and short of events', () => {
    const r = recomputeAttribute(
      attribute([group('tiny', [0.5], [0.5], [0.5], { n: 5, positives: 1, negatives: 2 }), ...groups.slice(0, 1)]),
      { minGroupSize: 30, minEvents: 10 },
    );
    expect(r.exclusions[0]?.reason).toBe(
      'n=5 < minGroupSize 30, positives=1 < minEvents 10, negatives=2 < minEvents 10',
    );
  });

  it('counts rows: groups, missing and excluded; a count that is negative or not a number counts 0', () => {
    const r = recomputeAttribute(
      attribute(
        [group('A', [0.5], undefined, undefined, { n: 120 }), group('B', [0.4], undefined, undefined, { n: 10 })],
        {
          missing: 7,
          excluded: 3,
        },
      ),
      { minGroupSize: 30 },
    );
    expect([r.groupRows, r.missingRows, r.declaredExcludedRows, r.excludedRows, r.totalRows]).toEqual([
      130, 7, 3, 20, 140,
    ]);
    for (const bad of [-5, Number.NaN, '7']) {
      const odd = recomputeAttribute(attribute([A, B], { missing: bad as number }), { minGroupSize: 30 });
      expect(odd.missingRows).toBe(0);
    }
  });
});

describe('recomputeOptionsOf and decimalsOf', () => {
  const bias = (over: Partial<Policy['bias']>) => ({ minGroupSize: 30, ...over }) as Policy['bias'];

  it('a favourable label is the policy’s: an empty or absent one is no favourable label', () => {
    expect(recomputeOptionsOf(bias({ favorableLabel: 'approved' })).favorable).toBe(true);
    expect(recomputeOptionsOf(bias({ favorableLabel: '' })).favorable).toBe(false);
    expect(recomputeOptionsOf(bias({})).favorable).toBe(false);
    expect(recomputeOptionsOf(bias({})).minEvents).toBe(0);
  });

  it('counts the decimals of a value written with an exponent from its mantissa', () => {
    expect(decimalsOf(1.5e-7)).toBe(8);
    expect(decimalsOf(1e-7)).toBe(7);
    expect(decimalsOf(0.939)).toBe(3);
    expect(decimalsOf(2e21)).toBe(0);
  });
});
