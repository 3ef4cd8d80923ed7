/**
 * When a bias report's stated metric agrees with the gate's recomputation (`agreesWithReported`), and how many
 * decimals a stated value carries (`decimalsOf`). The report is the PR author's: a value that "agrees" is one the
 * gate then lets stand in the release's record, so every edge of the agreement is pinned here on both sides: the
 * relative tolerance (1e-9 of the larger value), the half unit in the last written decimal plus float noise
 * (1e-12), the full-precision cut (12 decimals and more: no rounding allowance), and values that are not finite.
 * The full mutation run left each of these edges movable without a failing test.
 */
import { describe, expect, it } from '@jest/globals';
import { agreesWithReported, decimalsOf } from '../../src/checks/bias-metrics.js';

describe('decimalsOf: the decimals a value is written with', () => {
  it('counts the decimals of a plain value, and 0 for an integer', () => {
    expect(decimalsOf(0.9118)).toBe(4);
    expect(decimalsOf(3)).toBe(0);
    expect(decimalsOf(-0.25)).toBe(2);
  });

  it('reads an exponent of two digits whole: 1e-10 has 10 decimals, 1.5e-10 has 11', () => {
    expect(decimalsOf(1e-10)).toBe(10);
    expect(decimalsOf(1.5e-10)).toBe(11);
    expect(decimalsOf(5e-324)).toBe(324);
  });
});

describe('agreesWithReported: the relative tolerance', () => {
  it('a value equal to the recomputed one agrees at any magnitude, down to the smallest double', () => {
    // At this scale 1e-9 × the value is 0: only an exact match is inside the tolerance, and it must count.
    expect(agreesWithReported(5e-324, 5e-324)).toBe(true);
    expect(agreesWithReported(1e-320, 1e-320)).toBe(true);
  });

  it('scales with the larger value: 100.0000000001 agrees with 100 (1e-10 apart, tolerance 1e-7)', () => {
    // Written to 10 decimals, its half unit (5e-11) alone would not accept it.
    expect(agreesWithReported(100.0000000001, 100)).toBe(true);
    expect(agreesWithReported(100.000001, 100)).toBe(false);
  });
});

describe('agreesWithReported: rounding to the decimals the value is written with', () => {
  it('a value within half a unit either side agrees; anything further off does not', () => {
    // 0.935 and 0.945 are half a unit from 0.94 (up to float noise): written to 2 decimals, either may be 0.94.
    expect(agreesWithReported(0.94, 0.935)).toBe(true);
    expect(agreesWithReported(0.94, 0.945)).toBe(true);
    expect(agreesWithReported(0.94, 0.9349999)).toBe(false);
    expect(agreesWithReported(0.94, 0.9450001)).toBe(false);
  });

  it('the float-noise allowance is exactly 1e-12 past the half unit, inclusive', () => {
    const edge = 0.5 * 10 ** -1 + 1e-12;
    expect(agreesWithReported(0.1, 0.1 - edge)).toBe(true);
    expect(agreesWithReported(0.1, 0.1 - edge - 1e-13)).toBe(false);
  });

  it('11 decimals still round; 12 decimals are full precision, with no rounding allowance', () => {
    // 1e-11 (11 decimals) is the rounding of 5e-12; 1e-12 (12 decimals) is taken as exact, and 5e-13 is not it.
    expect(agreesWithReported(1e-11, 5e-12)).toBe(true);
    expect(agreesWithReported(1e-12, 5e-13)).toBe(false);
    expect(agreesWithReported(5e-13, 0)).toBe(false);
  });
});

describe('agreesWithReported: values that are not finite never agree', () => {
  it('an infinite reported value, or an infinite recomputed one, disagrees with any finite value', () => {
    expect(agreesWithReported(Number.POSITIVE_INFINITY, 1)).toBe(false);
    expect(agreesWithReported(1, Number.POSITIVE_INFINITY)).toBe(false);
    expect(agreesWithReported(Number.NEGATIVE_INFINITY, 0.5)).toBe(false);
  });

  it('not even an infinity agrees with itself', () => {
    expect(agreesWithReported(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY)).toBe(false);
  });
});
