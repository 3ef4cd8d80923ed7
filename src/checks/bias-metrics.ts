/**
 * Fairness summary metrics recomputed from a bias report's group rates, the row accounting of each attribute, and
 * the precision-aware comparison with the values the report states. Pure arithmetic: no findings, and of the policy
 * only the numbers passed in, so the `bias` check, `diff` and the renderers share one definition of every metric.
 */
import { visibleText } from '../formats/visible-text.js';
import { aboveMax, belowMin } from './bounds.js';
import type { BiasAttribute, BiasMetricName, GroupRates, RateInterval, Threshold } from '../formats/bias-report.js';
import type { Policy } from '../policy/policy.js';

export type RateName = 'selectionRate' | 'truePositiveRate' | 'falsePositiveRate' | 'favorableRate';

/** Every summary metric the gate knows how to recompute. */
export const BIAS_METRICS: readonly BiasMetricName[] = [
  'demographic_parity_difference',
  'disparate_impact_ratio',
  'equalized_odds_difference',
  'false_positive_rate_difference',
  'true_positive_rate_difference',
];

/** How a group was judged before any spread is computed. */
export interface GroupExclusion {
  /** Position of the group in the attribute's `groups` (names are not trusted to be unique). */
  index: number;
  group: string;
  n: number;
  /** `n` under `minGroupSize`: left out of every spread. */
  small: boolean;
  /** TPR denominator under `minEvents`: left out of the TPR spread. */
  fewPositives: boolean;
  /** FPR denominator under `minEvents`: left out of the FPR spread. */
  fewNegatives: boolean;
  reason: string;
}

export type MetricValue =
  | {
      kind: 'defined';
      value: number;
      /** Group at the low end of the deciding spread (lowest rate). */
      lowGroup: string;
      /** Group at the high end of the deciding spread (highest rate). */
      highGroup: string;
      /** The rate the deciding spread is over. */
      rate: RateName;
      /** Bounds of the metric from the groups' confidence intervals, when every group involved gives one. */
      interval?: RateInterval;
    }
  | { kind: 'undefined'; reason: string };

export interface RecomputeOptions {
  minGroupSize: number;
  /** Minimum TPR/FPR denominator (`positives`/`negatives`); 0 or absent: not applied. */
  minEvents?: number;
  /** With a favourable label, disparate impact is computed on the favourable rate (1 − selection rate). */
  favorable?: boolean;
}

export interface AttributeRecomputation {
  exclusions: GroupExclusion[];
  /** Sum of every listed group's `n`. */
  groupRows: number;
  /** Rows with no value for the attribute (`missing`). */
  missingRows: number;
  /** Rows the generator left out of every group on purpose (`excluded`). */
  declaredExcludedRows: number;
  /**
   * Rows left out of the assessment: every excluded group's `n`, plus `missing`, plus `excluded`. Missing and
   * declared-excluded rows always count: moving a group's rows there must not hide them from the share.
   */
  excludedRows: number;
  /** All rows the attribute accounts for: `groupRows` + `missingRows` + `declaredExcludedRows`. */
  totalRows: number;
  /** Metrics over the groups with enough data: the values thresholds are judged on. */
  judged: Partial<Record<BiasMetricName, MetricValue>>;
  /** Metrics over every group, as a generator (Fairlearn, AIF360) computes them: what the report's values are checked against. */
  allGroups: Partial<Record<BiasMetricName, MetricValue>>;
}

function isRate(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function rateOf(g: GroupRates, rate: RateName): number | null | undefined {
  if (rate === 'favorableRate') return isRate(g.selectionRate) ? 1 - g.selectionRate : g.selectionRate;
  return g[rate];
}

function intervalOf(g: GroupRates, rate: RateName): RateInterval | undefined {
  if (rate === 'favorableRate') {
    const i = g.intervals?.selectionRate;
    return i ? { low: 1 - i.high, high: 1 - i.low } : undefined;
  }
  return g.intervals?.[rate];
}

interface Extremes {
  low: { group: string; rate: number };
  high: { group: string; rate: number };
  /** Interval bounds of every group, when all groups give one. */
  intervals?: RateInterval[];
}

function extremes(groups: GroupRates[], rate: RateName): Extremes | { undefinedReason: string } {
  if (groups.length < 2) {
    return { undefinedReason: `only ${groups.length} group(s) with enough data; a spread needs at least 2` };
  }
  let low: Extremes['low'] | undefined;
  let high: Extremes['high'] | undefined;
  const intervals: RateInterval[] = [];
  let allIntervals = true;
  for (const g of groups) {
    const r = rateOf(g, rate);
    if (!isRate(r)) {
      return {
        undefinedReason: `group "${g.group}" has no ${rate === 'favorableRate' ? 'selectionRate' : rate} (${String(r)})`,
      };
    }
    if (!low || r < low.rate) low = { group: g.group, rate: r };
    if (!high || r > high.rate) high = { group: g.group, rate: r };
    const i = intervalOf(g, rate);
    if (i && isRate(i.low) && isRate(i.high)) intervals.push(i);
    else allIntervals = false;
  }
  return { low: low!, high: high!, ...(allIntervals ? { intervals } : {}) };
}

/** max − min of a rate, with the bounds its intervals allow. */
function spread(groups: GroupRates[], rate: RateName): MetricValue {
  const e = extremes(groups, rate);
  if ('undefinedReason' in e) return { kind: 'undefined', reason: e.undefinedReason };
  const value = e.high.rate - e.low.rate;
  let interval: RateInterval | undefined;
  if (e.intervals) {
    const highs = e.intervals.map((i) => i.high);
    const lows = e.intervals.map((i) => i.low);
    // Widest possible spread: highest upper bound minus lowest lower bound; narrowest: the largest gap the
    // intervals cannot close (never below 0).
    interval = {
      low: Math.max(0, Math.max(...lows) - Math.min(...highs)),
      high: Math.max(...highs) - Math.min(...lows),
    };
  }
  return definedMetric(value, e, rate, interval);
}

/** A metric computed over the extremes `e` of `rate`, naming the groups at both ends. */
function definedMetric(value: number, e: Extremes, rate: RateName, interval: RateInterval | undefined): MetricValue {
  return {
    kind: 'defined',
    value,
    lowGroup: e.low.group,
    highGroup: e.high.group,
    rate,
    ...(interval ? { interval } : {}),
  };
}

/** min / max of a rate (disparate impact), with the bounds its intervals allow. */
function ratio(groups: GroupRates[], rate: RateName): MetricValue {
  const e = extremes(groups, rate);
  if ('undefinedReason' in e) return { kind: 'undefined', reason: e.undefinedReason };
  if (e.high.rate <= 0)
    return { kind: 'undefined', reason: `the highest ${rate} is ${e.high.rate}; the ratio divides by it` };
  const value = e.low.rate / e.high.rate;
  let interval: RateInterval | undefined;
  if (e.intervals) {
    const highs = e.intervals.map((i) => i.high);
    const lows = e.intervals.map((i) => i.low);
    const maxHigh = Math.max(...highs);
    const maxLow = Math.max(...lows);
    interval = {
      low: maxHigh > 0 ? Math.max(0, Math.min(...lows)) / maxHigh : 0,
      high: maxLow > 0 ? Math.min(1, Math.min(...highs) / maxLow) : 1,
    };
  }
  return definedMetric(value, e, rate, interval);
}

/** The larger of two spreads (equalized odds: TPR spread vs FPR spread); undefined when either is. */
function larger(a: MetricValue, b: MetricValue): MetricValue {
  if (a.kind === 'undefined') return a;
  if (b.kind === 'undefined') return b;
  const pick = b.value > a.value ? b : a;
  const interval =
    a.interval && b.interval
      ? { low: Math.max(a.interval.low, b.interval.low), high: Math.max(a.interval.high, b.interval.high) }
      : undefined;
  const { interval: _drop, ...rest } = pick;
  return { ...rest, ...(interval ? { interval } : {}) };
}

function metricsOver(
  base: GroupRates[],
  tprGroups: GroupRates[],
  fprGroups: GroupRates[],
  favorable: boolean,
): Partial<Record<BiasMetricName, MetricValue>> {
  const tpr = spread(tprGroups, 'truePositiveRate');
  const fpr = spread(fprGroups, 'falsePositiveRate');
  return {
    demographic_parity_difference: spread(base, 'selectionRate'),
    disparate_impact_ratio: ratio(base, favorable ? 'favorableRate' : 'selectionRate'),
    equalized_odds_difference: larger(tpr, fpr),
    true_positive_rate_difference: tpr,
    false_positive_rate_difference: fpr,
  };
}

/** A non-negative finite count, or 0: the schema check reports anything else. */
function countOf(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

/**
 * Recomputes every summary metric of one attribute. Groups under `minGroupSize` are left out of every spread;
 * groups whose TPR/FPR denominator is under `minEvents` are left out of that rate's spread only (their selection
 * rate is still well estimated). The exclusions are returned so the check can list them: never silent. Groups are
 * told apart by position, never by name: a second group with a real group's name must not take it out of a spread.
 */
export function recomputeAttribute(attr: BiasAttribute, options: RecomputeOptions): AttributeRecomputation {
  const minEvents = options.minEvents ?? 0;
  const exclusions: GroupExclusion[] = [];
  attr.groups.forEach((g, index) => {
    const small = !(g.n >= options.minGroupSize);
    const fewPositives = minEvents > 0 && typeof g.positives === 'number' && g.positives < minEvents;
    const fewNegatives = minEvents > 0 && typeof g.negatives === 'number' && g.negatives < minEvents;
    if (!small && !fewPositives && !fewNegatives) return;
    const reasons: string[] = [];
    if (small) reasons.push(`n=${g.n} < minGroupSize ${options.minGroupSize}`);
    if (fewPositives) reasons.push(`positives=${g.positives} < minEvents ${minEvents}`);
    if (fewNegatives) reasons.push(`negatives=${g.negatives} < minEvents ${minEvents}`);
    exclusions.push({ index, group: g.group, n: g.n, small, fewPositives, fewNegatives, reason: reasons.join(', ') });
  });
  const excluded = new Map(exclusions.map((e) => [e.index, e]));
  const indexed = attr.groups.map((g, i) => ({ g, e: excluded.get(i) }));
  const base = indexed.filter((x) => !x.e?.small);
  const tprGroups = base.filter((x) => !x.e?.fewPositives).map((x) => x.g);
  const fprGroups = base.filter((x) => !x.e?.fewNegatives).map((x) => x.g);
  const favorable = options.favorable ?? false;
  const missingRows = countOf(attr.missing);
  const declaredExcludedRows = countOf(attr.excluded);
  const groupRows = attr.groups.reduce((s, g) => s + countOf(g.n), 0);
  const excludedGroupRows = exclusions.reduce((s, e) => s + countOf(e.n), 0);
  return {
    exclusions,
    groupRows,
    missingRows,
    declaredExcludedRows,
    excludedRows: excludedGroupRows + missingRows + declaredExcludedRows,
    totalRows: groupRows + missingRows + declaredExcludedRows,
    judged: metricsOver(
      base.map((x) => x.g),
      tprGroups,
      fprGroups,
      favorable,
    ),
    allGroups: metricsOver(attr.groups, attr.groups, attr.groups, favorable),
  };
}

/** The recomputation settings the judging policy gives: group and event minimums, and who decides favourability. */
export function recomputeOptionsOf(bias: Policy['bias']): RecomputeOptions {
  return {
    minGroupSize: bias.minGroupSize,
    minEvents: bias.minEvents ?? 0,
    // Which outcome is favourable is the policy's decision, never the report's (a report cannot pick the rate its
    // disparate impact is judged on).
    favorable: typeof bias.favorableLabel === 'string' && bias.favorableLabel !== '',
  };
}

/**
 * The name two group (or attribute) names are compared by: Unicode NFKC (so a fullwidth "６５＋" or a ligature is the
 * plain name), then only what a reader sees (`visibleText`: zero-width and other default-ignorable characters such as
 * U+034F, U+FE0F and the Hangul filler U+3164 dropped, white space trimmed). "65+", "65+ ", "65+\u200b" and "６５＋"
 * are one group.
 */
export function nameKey(name: string): string {
  return visibleText(String(name).normalize('NFKC'));
}

/** Every entry whose name (by `nameKey`) an earlier entry already has, with the index of that first entry. */
export function repeatedNames(names: readonly string[]): Array<{ index: number; first: number }> {
  const seen = new Map<string, number>();
  const out: Array<{ index: number; first: number }> = [];
  names.forEach((name, index) => {
    const key = nameKey(name);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else out.push({ index, first });
  });
  return out;
}

/**
 * Number of decimals a value is written with, from its shortest round-trip form (`0.939` → 3, `1e-7` → 7). A value
 * with 12 or more decimals is taken as written at full precision.
 */
export function decimalsOf(value: number): number {
  const text = String(value);
  const exp = /e([+-]\d+)$/i.exec(text);
  const mantissa = exp ? text.slice(0, exp.index) : text;
  const dot = mantissa.indexOf('.');
  const fraction = dot < 0 ? 0 : mantissa.length - dot - 1;
  return Math.max(0, fraction - (exp ? Number(exp[1]) : 0));
}

const FULL_PRECISION_DECIMALS = 12;
const RELATIVE_TOLERANCE = 1e-9;

/**
 * Does a reported value agree with the recomputed one, allowing for the precision it is written with? A value given
 * to d decimals must equal the recomputed one rounded to d decimals (half a unit in the last place, plus float
 * noise); a full-precision value must agree within 1e-9 relative.
 */
export function agreesWithReported(reported: number, recomputed: number): boolean {
  if (!Number.isFinite(reported) || !Number.isFinite(recomputed)) return false;
  const scale = Math.max(Math.abs(reported), Math.abs(recomputed), Number.MIN_VALUE);
  if (Math.abs(reported - recomputed) <= RELATIVE_TOLERANCE * scale) return true;
  const d = decimalsOf(reported);
  if (d >= FULL_PRECISION_DECIMALS) return false;
  const halfUnit = 0.5 * 10 ** -d;
  return Math.abs(reported - recomputed) <= halfUnit + 1e-12;
}

/** The stricter of two thresholds: the higher `min`, the lower `max`. */
export function stricterThreshold(a: Threshold | undefined, b: Threshold | undefined): Threshold | undefined {
  if (!a) return b ? { ...b } : undefined;
  if (!b) return { ...a };
  const out: Threshold = {};
  const mins = [a.min, b.min].filter((v): v is number => typeof v === 'number');
  const maxs = [a.max, b.max].filter((v): v is number => typeof v === 'number');
  if (mins.length) out.min = Math.max(...mins);
  if (maxs.length) out.max = Math.min(...maxs);
  return out;
}

export type ThresholdVerdict =
  | { kind: 'within' }
  /** The value is beyond the threshold; `bound` says which side. */
  | { kind: 'beyond'; bound: 'min' | 'max'; limit: number }
  /** The value is within, but its interval reaches past the threshold. */
  | { kind: 'straddles'; bound: 'min' | 'max'; limit: number };

/**
 * Judges a recomputed value against a threshold. A point estimate beyond the threshold fails whatever its interval
 * says (thresholds are judged on the recomputed value); an interval that reaches past a threshold the point
 * estimate meets is a "straddles" verdict (a warning: the data cannot tell).
 */
export function judgeThreshold(value: number, threshold: Threshold, interval?: RateInterval): ThresholdVerdict {
  if (typeof threshold.min === 'number' && belowMin(value, threshold.min))
    return { kind: 'beyond', bound: 'min', limit: threshold.min };
  if (typeof threshold.max === 'number' && aboveMax(value, threshold.max))
    return { kind: 'beyond', bound: 'max', limit: threshold.max };
  if (interval) {
    // An interval wholly past the limit fails, whatever the point estimate says (they cannot both be right).
    if (typeof threshold.min === 'number' && belowMin(interval.high, threshold.min))
      return { kind: 'beyond', bound: 'min', limit: threshold.min };
    if (typeof threshold.max === 'number' && aboveMax(interval.low, threshold.max))
      return { kind: 'beyond', bound: 'max', limit: threshold.max };
    if (typeof threshold.min === 'number' && belowMin(interval.low, threshold.min))
      return { kind: 'straddles', bound: 'min', limit: threshold.min };
    if (typeof threshold.max === 'number' && aboveMax(interval.high, threshold.max))
      return { kind: 'straddles', bound: 'max', limit: threshold.max };
  }
  return { kind: 'within' };
}

/** Formats a threshold for a message: `min 0.8`, `max 0.1`, `min 0.7, max 1`. */
export function describeThreshold(t: Threshold): string {
  return [typeof t.min === 'number' ? `min ${t.min}` : '', typeof t.max === 'number' ? `max ${t.max}` : '']
    .filter(Boolean)
    .join(', ');
}

/** A number rounded for a message (4 significant decimals, never exponent noise like 0.30000000000000004). */
export function roundForMessage(v: number): string {
  return String(Math.round(v * 1e6) / 1e6);
}
