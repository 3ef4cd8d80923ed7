/**
 * The confidence bounds the fairness recomputation gives a spread (`recomputeAttribute`: demographic parity, the TPR
 * and FPR spreads) and equalized odds, which is the larger of the TPR and FPR spreads. A bound decides a "straddles"
 * warning or a "beyond" failure, so each is pinned here on rates that are exact in binary (quarters and eighths), so
 * that no float noise can hide an end taken from the wrong group or the wrong side. An exact tie between the two
 * spreads names the TPR spread. Everything is computed inside the tests: the mutation runner keeps modules loaded and
 * switches a mutant on per test, so a value computed while a file loads would never see the mutant.
 */
import { describe, expect, it } from '@jest/globals';
import { recomputeAttribute } from '../../src/checks/bias-metrics.js';
import type { GroupRates, RateInterval } from '../../src/formats/bias-report.js';

type Rate = [number, [number, number]?];

/** A group of 100 rows with its selection rate, TPR and FPR, each with an optional interval [low, high]. */
function group(name: string, sel: Rate, tpr: Rate, fpr: Rate): GroupRates {
  const interval = (r: Rate): RateInterval | undefined => (r[1] ? { low: r[1][0], high: r[1][1] } : undefined);
  const intervals: NonNullable<GroupRates['intervals']> = {};
  if (interval(sel)) intervals.selectionRate = interval(sel)!;
  if (interval(tpr)) intervals.truePositiveRate = interval(tpr)!;
  if (interval(fpr)) intervals.falsePositiveRate = interval(fpr)!;
  return {
    group: name,
    n: 100,
    selectionRate: sel[0],
    truePositiveRate: tpr[0],
    falsePositiveRate: fpr[0],
    intervals,
  };
}

const judge = (groups: GroupRates[]) =>
  recomputeAttribute({ name: 'region', groups, metrics: {} }, { minGroupSize: 30 });

describe('a spread’s interval: from the gap the bounds cannot close to the widest gap they allow', () => {
  it('demographic parity over three groups: low = max(lows) − min(highs), high = max(highs) − min(lows)', () => {
    const { judged } = judge([
      group('A', [0.75, [0.625, 0.875]], [0.5], [0.25]),
      group('B', [0.25, [0.125, 0.375]], [0.5], [0.25]),
      group('C', [0.5, [0.4375, 0.5625]], [0.5], [0.25]),
    ]);
    // 0.625 − 0.375 = 0.25; 0.875 − 0.125 = 0.75
    expect(judged.demographic_parity_difference).toEqual({
      kind: 'defined',
      value: 0.5,
      lowGroup: 'B',
      highGroup: 'A',
      rate: 'selectionRate',
      interval: { low: 0.25, high: 0.75 },
    });
  });

  it('overlapping intervals cannot rule out no gap at all: the low bound is 0, never negative', () => {
    const { judged } = judge([
      group('A', [0.5, [0.25, 0.75]], [0.5], [0.25]),
      group('B', [0.375, [0.125, 0.625]], [0.5], [0.25]),
    ]);
    expect(judged.demographic_parity_difference).toEqual(
      expect.objectContaining({ value: 0.125, interval: { low: 0, high: 0.625 } }),
    );
  });

  it('no interval when one group gives none', () => {
    const { judged } = judge([group('A', [0.75, [0.625, 0.875]], [0.5], [0.25]), group('B', [0.25], [0.5], [0.25])]);
    expect(judged.demographic_parity_difference).toEqual({
      kind: 'defined',
      value: 0.5,
      lowGroup: 'B',
      highGroup: 'A',
      rate: 'selectionRate',
    });
  });
});

describe('equalized odds: the larger spread, with the larger of each bound', () => {
  // TPR: 0.75 − 0.5 = 0.25, interval [max(0, 0.625 − 0.625), 0.875 − 0.375] = [0, 0.5]
  // FPR: 0.5 − 0.125 = 0.375, interval [0.3125 − 0.1875, 0.6875 − 0.0625] = [0.125, 0.625]
  const groups = () => [
    group('A', [0.5], [0.75, [0.625, 0.875]], [0.125, [0.0625, 0.1875]]),
    group('B', [0.5], [0.5, [0.375, 0.625]], [0.5, [0.3125, 0.6875]]),
  ];

  it('each spread keeps its own interval', () => {
    const { judged } = judge(groups());
    expect(judged.true_positive_rate_difference).toEqual(
      expect.objectContaining({ value: 0.25, interval: { low: 0, high: 0.5 } }),
    );
    expect(judged.false_positive_rate_difference).toEqual(
      expect.objectContaining({ value: 0.375, interval: { low: 0.125, high: 0.625 } }),
    );
  });

  it('names the FPR spread when it is larger, with the interval [max of the lows, max of the highs]', () => {
    const { judged } = judge(groups());
    expect(judged.equalized_odds_difference).toEqual({
      kind: 'defined',
      value: 0.375,
      lowGroup: 'A',
      highGroup: 'B',
      rate: 'falsePositiveRate',
      interval: { low: 0.125, high: 0.625 },
    });
  });

  it('takes each bound from whichever spread has the larger one, not both from the larger spread', () => {
    // TPR now has the larger high bound (0.75) but the smaller value and the smaller low bound.
    const { judged } = judge([
      group('A', [0.5], [0.75, [0.5, 1]], [0.125, [0.0625, 0.1875]]),
      group('B', [0.5], [0.5, [0.25, 0.75]], [0.5, [0.3125, 0.6875]]),
    ]);
    expect(judged.true_positive_rate_difference).toEqual(
      expect.objectContaining({ value: 0.25, interval: { low: 0, high: 0.75 } }),
    );
    expect(judged.equalized_odds_difference).toEqual(
      expect.objectContaining({ value: 0.375, rate: 'falsePositiveRate', interval: { low: 0.125, high: 0.75 } }),
    );
  });

  it('an exact tie names the TPR spread (the first one)', () => {
    // TPR 0.75 − 0.5 and FPR 0.375 − 0.125 are both exactly 0.25.
    const { judged } = judge([group('A', [0.5], [0.75], [0.125]), group('B', [0.5], [0.5], [0.375])]);
    expect(judged.equalized_odds_difference).toEqual({
      kind: 'defined',
      value: 0.25,
      lowGroup: 'B',
      highGroup: 'A',
      rate: 'truePositiveRate',
    });
  });
});
