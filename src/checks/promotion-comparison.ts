/**
 * The challenger (head) against production (base): backtest errors, windows, seasons, evaluation metrics and the
 * bias summary, computed from the two manifests' numbers (never from a self-reported percentage). Pure; shared by
 * the `promotion` check and `mlgov diff`.
 */
import { aboveMax, belowMin } from './bounds.js';
import type { BiasMetricName, BiasReport, Threshold } from '../formats/bias-report.js';
import type { Manifest } from '../formats/manifest.js';
import type { Policy } from '../policy/policy.js';
import type {
  BiasComparison,
  ComparisonRow,
  ErrorComparison,
  PerformanceComparison,
  ReleaseComparison,
  SeasonComparison,
} from '../release/report.js';
import { BIAS_METRICS, recomputeAttribute, recomputeOptionsOf } from './bias-metrics.js';

// The comparison is part of the report (the promotion check's details), so its types live with the report.
export type {
  BiasComparison,
  ComparisonRow,
  ErrorComparison,
  PerformanceComparison,
  ReleaseComparison,
  SeasonComparison,
} from '../release/report.js';

const DAY_MS = 86_400_000;

function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Compares one lower-is-better error. */
export function compareError(base: number | undefined, head: number | undefined): ErrorComparison {
  const b = finite(base);
  const h = finite(head);
  const out: ErrorComparison = { worse: b !== undefined && h !== undefined && h > b };
  if (b !== undefined) out.base = b;
  if (h !== undefined) out.head = h;
  if (b !== undefined && h !== undefined && b !== 0) out.improvementPct = ((b - h) / b) * 100;
  return out;
}

function biasValues(report: BiasReport | undefined, policy: Policy): Map<string, number> {
  const out = new Map<string, number>();
  if (!report || !Array.isArray(report.attributes)) return out;
  // The judging policy's settings, favourable label included: both releases are compared on the same question.
  const options = recomputeOptionsOf(policy.bias);
  for (const attr of report.attributes) {
    if (!Array.isArray(attr.groups)) continue;
    const r = recomputeAttribute(attr, options);
    for (const m of BIAS_METRICS) {
      const v = r.judged[m];
      if (v?.kind === 'defined') out.set(`${attr.name}\u0000${m}`, v.value);
    }
  }
  return out;
}

/**
 * Compares the challenger with production. `base` undefined (first release) leaves every base value empty; the
 * caller decides what a missing base means.
 */
export function compareReleases(input: {
  head: Manifest;
  base?: Manifest;
  policy: Policy;
  now: string;
  headReport?: BiasReport;
  baseReport?: BiasReport;
}): ReleaseComparison {
  const { head, base, policy } = input;
  const hb = head.evaluation?.backtest ?? {};
  const bb = base?.evaluation?.backtest ?? {};
  const mae = compareError(bb.mae, hb.mae);
  const rmse = compareError(bb.rmse, hb.rmse);
  const candidates = (['mae', 'rmse'] as const)
    .map((metric) => ({ metric, improvementPct: (metric === 'mae' ? mae : rmse).improvementPct }))
    .filter((c): c is { metric: 'mae' | 'rmse'; improvementPct: number } => c.improvementPct !== undefined);
  const best = candidates.sort((a, b) => b.improvementPct - a.improvementPct)[0];
  const evaluatedAt = head.evaluation?.evaluatedAt;
  const evaluated = Date.parse(evaluatedAt ?? '');
  return {
    head: { name: head.name, version: head.version },
    ...(base ? { base: { name: base.name, version: base.version } } : {}),
    mae,
    rmse,
    ...(best ? { best } : {}),
    minImprovementPct: policy.promotion.minImprovementPct,
    windows: {
      ...(finite(bb.windows) !== undefined && base ? { base: bb.windows } : {}),
      ...(finite(hb.windows) !== undefined ? { head: hb.windows } : {}),
      min: policy.promotion.minWindows,
    },
    seasons: compareSeasons(hb, bb, base !== undefined),
    performance: comparePerformance(head, base, policy),
    ...(evaluatedAt !== undefined ? { evaluatedAt } : {}),
    ...(Number.isNaN(evaluated) ? {} : { metricsAgeDays: (Date.parse(input.now) - evaluated) / DAY_MS }),
    bias: compareBias(input.headReport, input.baseReport, policy),
  };
}

type Backtest = NonNullable<NonNullable<Manifest['evaluation']>['backtest']>;

/** Each season either side evaluated; without a base nothing regresses. */
function compareSeasons(hb: Backtest, bb: Backtest, hasBase: boolean): SeasonComparison[] {
  const seasonNames = [...new Set([...Object.keys(bb.seasons ?? {}), ...Object.keys(hb.seasons ?? {})])].sort();
  if (!hasBase) {
    return seasonNames.map((season) => ({
      season,
      mae: compareError(undefined, hb.seasons?.[season]?.mae),
      rmse: compareError(undefined, hb.seasons?.[season]?.rmse),
      missingInHead: false,
      regressed: false,
    }));
  }
  return seasonNames.map((season) => {
    const b = bb.seasons?.[season];
    const h = hb.seasons?.[season];
    const sMae = compareError(b?.mae, h?.mae);
    const sRmse = compareError(b?.rmse, h?.rmse);
    // A figure production has and the challenger leaves out hides the comparison: it counts as missing, so
    // `"summer": {}` (or an MAE without its RMSE) is not "not worse".
    const lost = (bv: number | undefined, hv: number | undefined) =>
      finite(bv) !== undefined && finite(hv) === undefined;
    const missingInHead = b !== undefined && (h === undefined || lost(b.mae, h.mae) || lost(b.rmse, h.rmse));
    return { season, mae: sMae, rmse: sRmse, missingInHead, regressed: missingInHead || sMae.worse || sRmse.worse };
  });
}

/** Each evaluation metric either side has or the policy thresholds, with whether the challenger meets it. */
function comparePerformance(head: Manifest, base: Manifest | undefined, policy: Policy): PerformanceComparison[] {
  const thresholds = policy.performance.thresholds;
  const metricNames = [
    ...new Set([
      ...Object.keys(thresholds),
      ...Object.keys(head.evaluation?.metrics ?? {}),
      ...Object.keys(base?.evaluation?.metrics ?? {}),
    ]),
  ].sort();
  return metricNames.map((name) => {
    const h = finite(head.evaluation?.metrics?.[name]);
    const b = finite(base?.evaluation?.metrics?.[name]);
    const t = thresholds[name];
    const row: PerformanceComparison = { name };
    if (b !== undefined) row.base = b;
    if (h !== undefined) row.head = h;
    if (t) {
      row.threshold = t;
      row.met =
        h !== undefined && (t.min === undefined || !belowMin(h, t.min)) && (t.max === undefined || !aboveMax(h, t.max));
    }
    return row;
  });
}

/** Each recomputed bias metric of either report, attribute by attribute. */
function compareBias(
  headReport: BiasReport | undefined,
  baseReport: BiasReport | undefined,
  policy: Policy,
): BiasComparison[] {
  const headBias = biasValues(headReport, policy);
  const baseBias = biasValues(baseReport, policy);
  return [...new Set([...baseBias.keys(), ...headBias.keys()])].sort().map((key) => {
    const [attribute, metric] = key.split('\u0000') as [string, BiasMetricName];
    const row: BiasComparison = { attribute, metric };
    const b = baseBias.get(key);
    const h = headBias.get(key);
    if (b !== undefined) row.base = b;
    if (h !== undefined) row.head = h;
    return row;
  });
}

const BIAS_SHORT: Record<BiasMetricName, string> = {
  demographic_parity_difference: 'DPD',
  disparate_impact_ratio: 'DI ratio',
  equalized_odds_difference: 'EOD',
  false_positive_rate_difference: 'FPR diff',
  true_positive_rate_difference: 'TPR diff',
};

/** "7.77 % better" / "1.19 % worse" / "same" / "" (not comparable). */
export function describeErrorChange(c: ErrorComparison): string {
  if (c.improvementPct === undefined) return '';
  const p = Math.abs(c.improvementPct).toFixed(2);
  if (c.improvementPct > 0) return `${p} % better`;
  if (c.improvementPct < 0) return `${p} % worse`;
  return 'same';
}

function delta(base: number | undefined, head: number | undefined): string {
  if (base === undefined || head === undefined) return '';
  const d = Math.round((head - base) * 1e4) / 1e4;
  return d === 0 ? 'same' : `${d > 0 ? '+' : ''}${d}`;
}

/** `min 0.7`, `max 0.1`, `min 0, max 1`. */
export function thresholdText(t: Threshold | undefined): string {
  if (!t) return '';
  return [t.min !== undefined ? `min ${t.min}` : '', t.max !== undefined ? `max ${t.max}` : '']
    .filter(Boolean)
    .join(', ');
}

/** The comparison as flat rows: MAE, RMSE, windows, each season, the evaluation metrics, the bias summary. */
export function comparisonRows(c: ReleaseComparison): ComparisonRow[] {
  const row = (
    metric: string,
    production: number | undefined,
    challenger: number | undefined,
    change: string,
  ): ComparisonRow => ({
    metric,
    ...(production !== undefined ? { production } : {}),
    ...(challenger !== undefined ? { challenger } : {}),
    change,
  });
  const rows: ComparisonRow[] = [
    row('MAE', c.mae.base, c.mae.head, describeErrorChange(c.mae)),
    row('RMSE', c.rmse.base, c.rmse.head, describeErrorChange(c.rmse)),
    row(
      'windows',
      c.windows.base,
      c.windows.head,
      `min ${c.windows.min}${c.windows.head !== undefined && c.windows.head < c.windows.min ? ' ✗' : ''}`,
    ),
  ];
  for (const s of c.seasons) {
    const flag = s.regressed ? ' ✗ regression' : '';
    rows.push(
      row(
        `${s.season} MAE`,
        s.mae.base,
        s.mae.head,
        describeErrorChange(s.mae) + (s.mae.worse || s.missingInHead ? flag : ''),
      ),
    );
    rows.push(
      row(`${s.season} RMSE`, s.rmse.base, s.rmse.head, describeErrorChange(s.rmse) + (s.rmse.worse ? flag : '')),
    );
  }
  for (const p of c.performance) {
    const t = thresholdText(p.threshold);
    const mark = p.met === undefined ? '' : p.met ? ' ✓' : ' ✗';
    rows.push(row(p.name, p.base, p.head, [delta(p.base, p.head), t ? `(${t})${mark}` : ''].filter(Boolean).join(' ')));
  }
  for (const b of c.bias)
    rows.push(row(`bias ${b.attribute} ${BIAS_SHORT[b.metric] ?? b.metric}`, b.base, b.head, delta(b.base, b.head)));
  return rows;
}
