/**
 * Every fast-check property in the suite runs from one recorded seed, so a run is reproducible: CI uses the fixed
 * default; `FC_SEED=<n> npm test` replays another run (fast-check prints the seed and the counterexample's path of
 * any failure, and `FC_SEED` with that seed replays it). A property may still pin its own seed in its parameters.
 */
import fc from 'fast-check';

export const FAST_CHECK_SEED = Number(process.env['FC_SEED'] ?? 20261201);

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: FAST_CHECK_SEED });
