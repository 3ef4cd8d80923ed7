/** The property tests are reproducible: one recorded seed for all of them, and a failure names it. */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { FAST_CHECK_SEED, seedFrom } from '../support/fast-check-seed.js';

describe('fast-check configuration', () => {
  it('runs every property from the recorded seed (FC_SEED overrides it)', () => {
    expect(fc.readConfigureGlobal().seed).toBe(FAST_CHECK_SEED);
    expect(FAST_CHECK_SEED).toBe(process.env['FC_SEED'] ? Number(process.env['FC_SEED']) : 20261201);
  });

  it('generates the same values on every run from that seed', () => {
    const draw = () => fc.sample(fc.integer(), { numRuns: 5, seed: fc.readConfigureGlobal().seed! });
    expect(draw()).toEqual(draw());
  });

  it('prints the seed and the replay path when a property fails', () => {
    let message = '';
    try {
      fc.assert(fc.property(fc.integer({ min: 0, max: 100 }), (n) => n < 50));
    } catch (err) {
      message = String(err);
    }
    expect(message).toContain(`seed: ${FAST_CHECK_SEED}`);
    expect(message).toMatch(/path: "[\d:]+"/);
  });

  it('reads FC_SEED as an integer, and refuses anything else rather than run from a random seed', () => {
    expect(seedFrom(undefined)).toBe(20261201);
    expect(seedFrom('')).toBe(20261201);
    expect(seedFrom('-1795184734')).toBe(-1795184734);
    for (const bad of ['abc', '1.5', '12seed']) {
      expect(() => seedFrom(bad)).toThrow(`FC_SEED must be an integer (the seed a failure printed), not "${bad}".`);
    }
  });
});
