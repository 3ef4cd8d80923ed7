/**
 * Where a value stands against a limit. Every limit of the policy is inclusive (a disparate impact of exactly 0.8
 * meets `min: 0.8`; an improvement of exactly 5 % meets `minImprovementPct: 5`), and the figures are computed in
 * binary floating point, where 0.8 − 0.7 is 0.10000000000000009 and a true 5 % improvement can come out as
 * 4.999999999999999. So a value within a billionth (relative) of its limit is the limit: float noise must not decide
 * a boundary the docs call inclusive, and no real measurement is that precise. One rule for every threshold.
 */
const BOUNDARY_TOLERANCE = 1e-9;

function noise(value: number, limit: number): number {
  return BOUNDARY_TOLERANCE * Math.max(1, Math.abs(value), Math.abs(limit));
}

/** True when `value` is under the inclusive minimum `min` by more than float noise. */
export function belowMin(value: number, min: number): boolean {
  return value < min - noise(value, min);
}

/** True when `value` is over the inclusive maximum `max` by more than float noise. */
export function aboveMax(value: number, max: number): boolean {
  return value > max + noise(value, max);
}
