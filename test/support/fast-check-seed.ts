/**
 * Every fast-check property in the suite runs from one recorded seed, so a run is reproducible: CI uses the fixed
 * default; `FC_SEED=<n> npm test` replays another run (fast-check prints the seed and the counterexample's path of
 * any failure, and `FC_SEED` with that seed replays it). A property may still pin its own seed in its parameters.
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20261201;

/** The seed to run from: `FC_SEED` when set. A typo there must not silently become a random (NaN) seed. */
export function seedFrom(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_SEED;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed))
    throw new Error(`FC_SEED must be an integer (the seed a failure printed), not "${value}".`);
  return seed;
}

export const FAST_CHECK_SEED = seedFrom(process.env['FC_SEED']);

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: FAST_CHECK_SEED });
