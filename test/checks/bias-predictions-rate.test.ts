/**
 * Two small rules of the predictions recount at their edges. `rateAgrees`: a reported group rate agrees with the
 * recount within 1e-9 relative, or to the decimals it is written with but never fewer than 4 (half a unit of the last
 * decimal, inclusive); a value written to 12 decimals or more is full precision and gets no rounding allowance; a
 * value that is not finite never agrees. `productionListsPredictions`: production's figures were verifiable only when
 * its manifest lists, by digest or by path, the predictions its report names; an artifact entry of the base (which
 * nobody validated) that is not an object, or has no such digest or path, lists nothing. The full mutation run left
 * these edges untested.
 */
import { describe, expect, it } from '@jest/globals';
import { productionListsPredictions, rateAgrees } from '../../src/checks/bias-predictions.js';

describe('a reported rate against the recount', () => {
  it('written to 4 decimals: agrees up to half a unit of the fourth, inclusive, and not beyond', () => {
    expect(rateAgrees(0.1213, 0.12125)).toBe(true); // 0.12125 rounds to 0.1213
    expect(rateAgrees(0.1213, 0.12134)).toBe(true);
    expect(rateAgrees(0.1213, 0.12136)).toBe(false);
    expect(rateAgrees(0.1213, 0.12124)).toBe(false);
  });

  it('exactly half a unit away agrees (the edge is inclusive)', () => {
    const half = 0.5 * 10 ** -4 + 1e-12; // the allowance for a rate held to 4 decimals, float noise included
    expect(rateAgrees(0, half)).toBe(true);
    expect(rateAgrees(0, half + 1e-12)).toBe(false);
  });

  it('written to fewer decimals is still held to 4', () => {
    expect(rateAgrees(0.12, 0.12125)).toBe(false);
    expect(rateAgrees(0.12, 0.12004)).toBe(true);
  });

  it('written to 11 decimals gets half a unit of the eleventh', () => {
    expect(rateAgrees(0.00000000012, 0.000000000124)).toBe(true);
  });

  it('written to 12 decimals or more is full precision: the rounding allowance no longer applies', () => {
    // 4e-13 apart: within half a unit of the 12th decimal plus noise, far beyond 1e-9 relative of 1.2e-11
    expect(rateAgrees(0.000000000012, 0.0000000000124)).toBe(false);
    expect(rateAgrees(0.0000000000123, 0.0000000000127)).toBe(false);
  });

  it('full precision agrees within 1e-9 relative to the larger value', () => {
    expect(rateAgrees(0.1234567890123, 0.1234567890123 + 1e-11)).toBe(true);
    expect(rateAgrees(1000.1234567890123, 1000.1234567890123 + 1e-7)).toBe(true);
    expect(rateAgrees(1000.1234567890123, 1000.1234567890123 + 1e-5)).toBe(false);
    expect(rateAgrees(0.0001234567890123, 0.0001234567890123 + 1e-12)).toBe(false);
  });

  it('the same value agrees with itself, even the smallest positive double', () => {
    expect(rateAgrees(Number.MIN_VALUE, Number.MIN_VALUE)).toBe(true);
    expect(rateAgrees(0, 0)).toBe(true);
  });

  it('a value that is not finite never agrees, on either side', () => {
    expect(rateAgrees(Number.NaN, 0.5)).toBe(false);
    expect(rateAgrees(0.5, Number.NaN)).toBe(false);
    expect(rateAgrees(Number.POSITIVE_INFINITY, 5)).toBe(false);
    expect(rateAgrees(5, Number.POSITIVE_INFINITY)).toBe(false);
    expect(rateAgrees(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY)).toBe(false);
  });
});

describe('whether production listed the predictions of its report', () => {
  const DIGEST = 'ab'.repeat(32);
  const base = (artifacts: unknown[], dataset: Record<string, unknown>) => ({
    manifest: { artifacts },
    biasReport: { dataset },
  });

  it('by digest (in any case) or by path', () => {
    expect(
      productionListsPredictions(base([{ path: 'x.csv', sha256: DIGEST.toUpperCase() }], { sha256: DIGEST })),
    ).toBe(true);
    expect(productionListsPredictions(base([{ path: 'eval/p.csv' }], { path: 'eval/p.csv' }))).toBe(true);
  });

  it('an artifact with another path and digest lists nothing', () => {
    expect(
      productionListsPredictions(
        base([{ path: 'eval/q.csv', sha256: 'cd'.repeat(32) }], { path: 'eval/p.csv', sha256: DIGEST }),
      ),
    ).toBe(false);
  });

  it('neither side naming a path is not a match by path', () => {
    expect(productionListsPredictions(base([{ sha256: 'cd'.repeat(32) }], { sha256: DIGEST }))).toBe(false);
  });

  it('entries that are not objects, or whose digest is not text, list nothing and do not break the rule', () => {
    expect(
      productionListsPredictions(
        base([null, 'eval/p.csv', { path: 'eval/q.csv', sha256: 42 }], { path: 'eval/p.csv' }),
      ),
    ).toBe(false);
    expect(productionListsPredictions(base([null, { path: 'eval/p.csv' }], { path: 'eval/p.csv' }))).toBe(true);
  });
});
