import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { BinaryLabels, BinaryPredictions } from '../../src/metrics/binary-labels.js';
import {
  aucOfSorted,
  ConfusionCounts,
  ForecastErrors,
  numberIn,
  ScoreCollector,
} from '../../src/metrics/evaluation-metrics.js';
import { RowProblem } from '../../src/metrics/input-error.js';

function problem(fn: () => unknown): RowProblem {
  try {
    fn();
  } catch (err) {
    if (err instanceof RowProblem) return err;
    throw err;
  }
  throw new Error('expected a RowProblem');
}

/** AUC by definition: every (positive, negative) pair, ties counting one half. */
function bruteAuc(pos: number[], neg: number[]): number {
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

describe('ForecastErrors', () => {
  it('computes MAE, RMSE and bias over every row, distinct windows and per-season figures (hand-computed)', () => {
    const e = new ForecastErrors();
    // errors (y_pred - y_true): w1 summer +2, w1 summer -2, w2 winter +4, w3 winter 0
    e.add('w1', 'summer', 10, 12);
    e.add('w1', 'summer', 10, 8);
    e.add('w2', 'winter', 20, 24);
    e.add('w3', 'winter', 5, 5);
    expect(e.backtest()).toEqual({
      mae: 2, // (2 + 2 + 4 + 0) / 4
      rmse: Math.sqrt(6), // (4 + 4 + 16 + 0) / 4 = 6
      bias: 1, // (2 - 2 + 4 + 0) / 4
      windows: 3,
      seasons: { summer: { mae: 2, rmse: 2 }, winter: { mae: 2, rmse: Math.sqrt(8) } },
    });
  });

  it('has no seasons without a season column, and refuses an empty window', () => {
    const e = new ForecastErrors();
    e.add('1', undefined, 1, 2);
    expect(e.backtest()).toEqual({ mae: 1, rmse: 1, bias: 1, windows: 1 });
    expect(problem(() => e.add('', undefined, 1, 1)).code).toBe('VALUE_MISSING');
  });

  it('numberIn refuses text and empty values with the column name', () => {
    expect(numberIn('1.5e2', 'y_true')).toBe(150);
    const p = problem(() => numberIn('n/a', 'y_pred'));
    expect(p.code).toBe('VALUE_NOT_NUMBER');
    expect(p.message).toBe('"n/a" in column "y_pred" is not a number');
    expect(problem(() => numberIn('', 'y_pred')).code).toBe('VALUE_MISSING');
    expect(problem(() => numberIn('Infinity', 'y_pred')).code).toBe('VALUE_NOT_NUMBER');
  });
});

describe('AUC (Mann–Whitney)', () => {
  it('is exact on a hand-computed case with ties', () => {
    // positives 0.8, 0.4, 0.4; negatives 0.4, 0.1. Pairs: 0.8 beats both (2); each 0.4 ties 0.4 (0.5) and beats
    // 0.1 (1): 1.5 each. (2 + 1.5 + 1.5) / 6 = 5/6.
    const s = new ScoreCollector();
    for (const [p, v] of [
      [true, 0.8],
      [false, 0.4],
      [true, 0.4],
      [false, 0.1],
      [true, 0.4],
    ] as const)
      s.add(p, v);
    expect(s.auc()).toBeCloseTo(5 / 6, 15);
  });

  it('is 0.5 when every score is the same, 1 for a perfect ranking, undefined without both classes', () => {
    expect(aucOfSorted(Float64Array.of(0.3, 0.3), Float64Array.of(0.3))).toBe(0.5);
    expect(aucOfSorted(Float64Array.of(0.7, 0.9), Float64Array.of(0.1, 0.2))).toBe(1);
    expect(aucOfSorted(Float64Array.of(0.1), Float64Array.of())).toBeUndefined();
  });

  it('equals the pairwise definition (property, fixed seed)', () => {
    const scores = fc.array(
      fc.integer({ min: 0, max: 6 }).map((v) => v / 4),
      { minLength: 1, maxLength: 40 },
    );
    fc.assert(
      fc.property(scores, scores, (pos, neg) => {
        const s = new ScoreCollector();
        pos.forEach((v) => s.add(true, v));
        neg.forEach((v) => s.add(false, v));
        expect(s.auc()).toBeCloseTo(bruteAuc(pos, neg), 12);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('BinaryLabels', () => {
  it('reads 1/0 and true/false, and refuses anything else by default', () => {
    const l = new BinaryLabels();
    expect(['1', '0', 'true', 'False', '1.0'].map((v) => l.isPositive(v, 'label'))).toEqual([
      true,
      false,
      true,
      false,
      true,
    ]);
    const p = problem(() => l.isPositive('yes', 'label'));
    expect(p.code).toBe('LABEL_NOT_BINARY');
    expect(p.message).toBe('"yes" in column "label" is not a binary label (1/0 or true/false)');
  });

  it('with a positive label, accepts exactly one other value and refuses a third', () => {
    const l = new BinaryLabels('fraud');
    expect(l.isPositive('fraud', 'label')).toBe(true);
    expect(l.isPositive('legit', 'prediction')).toBe(false);
    const p = problem(() => l.isPositive('Fraud', 'label'));
    expect(p.code).toBe('LABEL_NOT_BINARY');
    expect(p.message).toMatch(/"Fraud" in column "label" is a third label/);
    expect(problem(() => l.isPositive('', 'label')).code).toBe('VALUE_MISSING');
  });
});

describe('ConfusionCounts', () => {
  it('gives precision TP/(TP+FP) and recall TP/(TP+FN), undefined on a zero denominator', () => {
    const c = new ConfusionCounts();
    expect([c.precision(), c.recall()]).toEqual([undefined, undefined]);
    // TP 3, FP 1, FN 2, TN 4
    for (const [label, decision, times] of [
      [true, true, 3],
      [false, true, 1],
      [true, false, 2],
      [false, false, 4],
    ] as const) {
      for (let i = 0; i < times; i++) c.add(label, decision);
    }
    expect([c.truePositives, c.falsePositives, c.falseNegatives, c.trueNegatives]).toEqual([3, 1, 2, 4]);
    expect([c.precision(), c.recall()]).toEqual([0.75, 0.6]);
  });
});

describe('BinaryPredictions', () => {
  it('reads 1/0 without a positive label, and 1/0 or the label words (one form per column) with one', () => {
    expect(['1', '0', 'true'].map((v) => new BinaryPredictions().isPositive(v, 'prediction'))).toEqual([
      true,
      false,
      true,
    ]);
    const words = new BinaryPredictions('fraud');
    expect(['fraud', 'legit', 'fraud'].map((v) => words.isPositive(v, 'd'))).toEqual([true, false, true]);
    expect(problem(() => words.isPositive('0', 'd')).message).toBe(
      '"0" in column "d" mixes forms: earlier rows hold the label "fraud" and another word',
    );
    const numeric = new BinaryPredictions('fraud');
    expect(['1', '0'].map((v) => numeric.isPositive(v, 'd'))).toEqual([true, false]);
    expect(problem(() => numeric.isPositive('fraud', 'd')).code).toBe('LABEL_NOT_BINARY');
  });
});
