/**
 * How a recomputed fairness metric stands against its threshold (`judgeThreshold`) and how a threshold is written in
 * a message (`describeThreshold`). Every verdict has its own case here: the point estimate beyond either bound, an
 * interval wholly past either bound, an interval that only reaches past either bound ("straddles", a warning), and
 * within. The full mutation run left the "straddles the maximum" verdict with no test at all, and the threshold text
 * (which a PR author reads in every bias and promotion finding) unread: a bound shown as "min undefined", or a lost
 * "max", went unseen.
 */
import { describe, expect, it } from '@jest/globals';
import { describeThreshold, judgeThreshold } from '../../src/checks/bias-metrics.js';

describe('judgeThreshold: one verdict per side of each bound', () => {
  const both = { min: 0.2, max: 0.6 };

  it('a point estimate inside both bounds, with no interval, is within', () => {
    expect(judgeThreshold(0.4, both)).toEqual({ kind: 'within' });
    expect(judgeThreshold(0.4, { min: 0.2 })).toEqual({ kind: 'within' });
    expect(judgeThreshold(0.4, { max: 0.6 })).toEqual({ kind: 'within' });
  });

  it('a point estimate under the minimum, or over the maximum, is beyond that bound whatever its interval', () => {
    expect(judgeThreshold(0.1, both, { low: 0.05, high: 0.9 })).toEqual({ kind: 'beyond', bound: 'min', limit: 0.2 });
    expect(judgeThreshold(0.7, both, { low: 0.05, high: 0.9 })).toEqual({ kind: 'beyond', bound: 'max', limit: 0.6 });
  });

  it('an interval wholly under the minimum, or wholly over the maximum, is beyond it even when the point estimate is not', () => {
    // The point estimate and its interval cannot both be right: the interval wins.
    expect(judgeThreshold(0.4, both, { low: 0.1, high: 0.15 })).toEqual({ kind: 'beyond', bound: 'min', limit: 0.2 });
    expect(judgeThreshold(0.4, both, { low: 0.65, high: 0.7 })).toEqual({ kind: 'beyond', bound: 'max', limit: 0.6 });
  });

  it('an interval that reaches under the minimum straddles it', () => {
    expect(judgeThreshold(0.4, both, { low: 0.1, high: 0.5 })).toEqual({
      kind: 'straddles',
      bound: 'min',
      limit: 0.2,
    });
  });

  it('an interval that reaches over the maximum straddles it', () => {
    expect(judgeThreshold(0.4, both, { low: 0.3, high: 0.7 })).toEqual({
      kind: 'straddles',
      bound: 'max',
      limit: 0.6,
    });
    // A maximum-only threshold (demographic parity, equalized odds) straddles the same way.
    expect(judgeThreshold(0.08, { max: 0.1 }, { low: 0.05, high: 0.12 })).toEqual({
      kind: 'straddles',
      bound: 'max',
      limit: 0.1,
    });
  });

  it('an interval that reaches a bound exactly, but not past it, is within (the bounds are inclusive)', () => {
    expect(judgeThreshold(0.4, both, { low: 0.2, high: 0.6 })).toEqual({ kind: 'within' });
    expect(judgeThreshold(0.08, { max: 0.1 }, { low: 0.05, high: 0.1 })).toEqual({ kind: 'within' });
  });

  it('a bound the threshold does not set is never reached, however far the interval goes', () => {
    expect(judgeThreshold(0.4, { min: 0.2 }, { low: 0.3, high: 5 })).toEqual({ kind: 'within' });
    expect(judgeThreshold(0.4, { max: 0.6 }, { low: -5, high: 0.5 })).toEqual({ kind: 'within' });
  });
});

describe('describeThreshold: the words every threshold finding shows', () => {
  it('a minimum alone', () => {
    expect(describeThreshold({ min: 0.8 })).toBe('min 0.8');
  });

  it('a maximum alone', () => {
    expect(describeThreshold({ max: 0.1 })).toBe('max 0.1');
  });

  it('both, the minimum first, separated by a comma', () => {
    expect(describeThreshold({ min: 0.7, max: 1 })).toBe('min 0.7, max 1');
  });

  it('a bound of 0 is still written (0 is a number, not "no bound")', () => {
    expect(describeThreshold({ min: 0, max: 0 })).toBe('min 0, max 0');
  });

  it('no bound at all is an empty text', () => {
    expect(describeThreshold({})).toBe('');
  });
});
