/**
 * One reading of a release's documents shared by the model card, the CycloneDX ML-BOM and the in-toto statement,
 * so the three never disagree on a threshold, a comparison or whether an approval is bound to this manifest.
 * Pure: documents in, plain data out.
 */
import { aboveMax, belowMin } from '../checks/bounds.js';
import type { BiasMetricName, BiasReport, Threshold } from '../formats/bias-report.js';
import { canonicalDigest, manifestDigest, reportDigest } from '../formats/canonical-digest.js';
import type { Manifest } from '../formats/manifest.js';
import type { Report } from '../release/report.js';
import type { Policy } from '../policy/policy.js';

/** The documents of one release, as read from the repository (or written literally in a test). */
export interface ReleaseDocuments {
  manifest: Manifest;
  /** The bias report the manifest names; absent when it could not be read. */
  biasReport?: BiasReport;
  /**
   * SHA-256 of the bias report file's bytes, for exports that name the file by its hash. Not the manifest's
   * `biasReport.sha256`, which binds the report's content without its approvals (docs/formats.md).
   */
  biasReportFileSha256?: string;
  /** The policy that judges the release (defaults filled in). */
  policy?: Policy;
  /** The previous (production) release's manifest, for the comparison; absent for a first release. */
  baseManifest?: Manifest;
  /** The gate's report for this release (verdict, Jira sign-off); absent when the gate was not run. */
  report?: Report;
}

/** Human-readable names for the bias metrics (the contract keys stay snake_case). */
export const BIAS_METRIC_LABELS: Record<BiasMetricName, string> = {
  demographic_parity_difference: 'Demographic parity difference',
  disparate_impact_ratio: 'Disparate impact ratio',
  equalized_odds_difference: 'Equalized odds difference',
  false_positive_rate_difference: 'False positive rate difference',
  true_positive_rate_difference: 'True positive rate difference',
};

/**
 * The thresholds that apply: the stricter of the policy's and the report's own, per bound (docs/formats.md): the
 * lower `max` and the higher `min`.
 */
export function effectiveBiasThresholds(
  policy: Policy | undefined,
  report: BiasReport | undefined,
): Partial<Record<BiasMetricName, Threshold>> {
  const out: Partial<Record<BiasMetricName, Threshold>> = {};
  const sources = [policy?.bias.thresholds ?? {}, report?.thresholds ?? {}];
  for (const source of sources) {
    for (const [name, t] of Object.entries(source) as Array<[BiasMetricName, Threshold | undefined]>) {
      if (t === undefined) continue;
      const prev = out[name] ?? {};
      const next: Threshold = { ...prev };
      if (t.max !== undefined) next.max = prev.max === undefined ? t.max : Math.min(prev.max, t.max);
      if (t.min !== undefined) next.min = prev.min === undefined ? t.min : Math.max(prev.min, t.min);
      out[name] = next;
    }
  }
  return out;
}

/** Where a reported value stands against its threshold. */
export type ThresholdStanding = 'within' | 'beyond' | 'undefined' | 'no-threshold';

/** Judges one value against one threshold; a missing or non-finite value is `undefined`, never a pass. */
export function standingOf(value: number | null | undefined, threshold: Threshold | undefined): ThresholdStanding {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'undefined';
  if (threshold === undefined || (threshold.min === undefined && threshold.max === undefined)) return 'no-threshold';
  // The gate's own rule (inclusive limits, float noise ignored), so the card never disagrees with the verdict.
  if (threshold.min !== undefined && belowMin(value, threshold.min)) return 'beyond';
  if (threshold.max !== undefined && aboveMax(value, threshold.max)) return 'beyond';
  return 'within';
}

/** `≤ 0.1`, `≥ 0.8`, `0.8 – 1.25`, or `—`. */
export function describeThreshold(t: Threshold | undefined): string {
  if (t === undefined) return '—';
  if (t.min !== undefined && t.max !== undefined) return `${t.min} – ${t.max}`;
  if (t.max !== undefined) return `≤ ${t.max}`;
  if (t.min !== undefined) return `≥ ${t.min}`;
  return '—';
}

export interface FairnessMetricRow {
  attribute: string;
  metric: BiasMetricName;
  /** As reported (the gate recomputes it from the group rates; its verdict is in the `bias` check). */
  value: number | null | undefined;
  threshold?: Threshold;
  standing: ThresholdStanding;
}

/**
 * Every (attribute, metric) pair the report states or a threshold names, with the applicable threshold and the
 * reported value's standing. A thresholded metric the report leaves out appears as `undefined`, not dropped.
 */
export function fairnessMetricRows(docs: Pick<ReleaseDocuments, 'policy' | 'biasReport'>): FairnessMetricRow[] {
  const report = docs.biasReport;
  if (!report) return [];
  const thresholds = effectiveBiasThresholds(docs.policy, report);
  const rows: FairnessMetricRow[] = [];
  for (const attr of report.attributes) {
    const names = new Set<BiasMetricName>([
      ...(Object.keys(attr.metrics) as BiasMetricName[]),
      ...(Object.keys(thresholds) as BiasMetricName[]),
    ]);
    for (const metric of names) {
      const value = attr.metrics[metric];
      const threshold = thresholds[metric];
      rows.push({
        attribute: attr.name,
        metric,
        value,
        ...(threshold ? { threshold } : {}),
        standing: standingOf(value, threshold),
      });
    }
  }
  return rows;
}

export interface MetricComparison {
  /** `auc`, `backtest.mae`, `backtest.seasons.winter.rmse`... */
  name: string;
  current?: number;
  base?: number;
  /** Relative change in percent against the base, signed so that positive is better. */
  improvementPct?: number;
  /** Whether a smaller value is better (errors), which decides the sign of `improvementPct`. */
  lowerIsBetter: boolean;
}

// Error metrics (backtest MAE/RMSE) improve downwards; the classifier metrics in `evaluation.metrics` are assumed
// to improve upwards unless their name says they are a loss or an error.
const LOWER_IS_BETTER = /(^|[._])(mae|rmse|mse|mape|loss|error|logloss|brier|bias)$/i;

/**
 * The challenger's metrics next to the base release's (when there is one): evaluation metrics, backtest totals and
 * per-season backtest errors. Bias is compared by its distance from zero.
 */
export function compareMetrics(manifest: Manifest, base: Manifest | undefined): MetricComparison[] {
  const flatten = (m: Manifest | undefined): Map<string, number> => {
    const out = new Map<string, number>();
    if (!m) return out;
    for (const [k, v] of Object.entries(m.evaluation?.metrics ?? {})) if (typeof v === 'number') out.set(k, v);
    const bt = m.evaluation?.backtest;
    if (bt) {
      for (const k of ['mae', 'rmse', 'bias', 'windows'] as const) {
        const v = bt[k];
        if (typeof v === 'number') out.set(`backtest.${k}`, v);
      }
      for (const [season, s] of Object.entries(bt.seasons ?? {})) {
        if (typeof s.mae === 'number') out.set(`backtest.seasons.${season}.mae`, s.mae);
        if (typeof s.rmse === 'number') out.set(`backtest.seasons.${season}.rmse`, s.rmse);
      }
    }
    return out;
  };
  const current = flatten(manifest);
  const previous = flatten(base);
  const names = [...current.keys(), ...[...previous.keys()].filter((k) => !current.has(k))];
  return names.map((name) => {
    const c = current.get(name);
    const b = previous.get(name);
    const lowerIsBetter = LOWER_IS_BETTER.test(name);
    const row: MetricComparison = { name, lowerIsBetter };
    if (c !== undefined) row.current = c;
    if (b !== undefined) row.base = b;
    if (c !== undefined && b !== undefined && name !== 'backtest.windows') {
      const isBias = /(^|\.)bias$/.test(name);
      const cv = isBias ? Math.abs(c) : c;
      const bv = isBias ? Math.abs(b) : b;
      if (bv !== 0) row.improvementPct = ((lowerIsBetter ? bv - cv : cv - bv) / Math.abs(bv)) * 100;
    }
    return row;
  });
}

export interface ApprovalView {
  target: 'manifest' | 'bias-report';
  approver: string;
  role: string;
  decision: 'approved' | 'rejected';
  at: string;
  note?: string;
  /** The digest the approval names. */
  digest: string;
  /** True when that digest is the digest of the document as it is now (the approval counts for this release). */
  bound: boolean;
}

/** The board's approvals (bound to the manifest digest) and the fairness reviewers' (bound to the report digest). */
export function approvalViews(docs: Pick<ReleaseDocuments, 'manifest' | 'biasReport'>): ApprovalView[] {
  const mDigest = manifestDigest(docs.manifest);
  const out: ApprovalView[] = (docs.manifest.approvals ?? []).map((a) => ({
    target: 'manifest',
    approver: a.approver,
    role: a.role,
    decision: a.decision,
    at: a.at,
    ...(a.note !== undefined ? { note: a.note } : {}),
    digest: a.manifestDigest,
    bound: a.manifestDigest === mDigest,
  }));
  if (docs.biasReport) {
    const rDigest = reportDigest(docs.biasReport);
    for (const a of docs.biasReport.approvals ?? []) {
      out.push({
        target: 'bias-report',
        approver: a.approver,
        role: a.role,
        decision: a.decision,
        at: a.at,
        ...(a.note !== undefined ? { note: a.note } : {}),
        digest: a.reportDigest,
        bound: a.reportDigest === rDigest,
      });
    }
  }
  return out;
}

/** The digests that identify a release: manifest, bias report (canonical), policy (canonical). */
export interface ReleaseDigests {
  manifestDigest: string;
  reportDigest?: string;
  policyDigest?: string;
}

/** Computes the release's identifying digests (`sha256:<hex>` of RFC 8785 canonical JSON). */
export function releaseDigests(docs: Pick<ReleaseDocuments, 'manifest' | 'biasReport' | 'policy'>): ReleaseDigests {
  return {
    manifestDigest: manifestDigest(docs.manifest),
    ...(docs.biasReport ? { reportDigest: reportDigest(docs.biasReport) } : {}),
    ...(docs.policy ? { policyDigest: canonicalDigest(docs.policy) } : {}),
  };
}

/** What the gate said about the Jira ticket, for the card and the statement; `undefined` when the gate was not run. */
export interface JiraSignOffView {
  key: string;
  status: 'pass' | 'fail' | 'warn' | 'skip' | 'not-run';
  summary: string;
}

/** The Jira key and the `jira` check's outcome from the gate report. */
export function jiraSignOffView(docs: Pick<ReleaseDocuments, 'manifest' | 'report'>): JiraSignOffView {
  const check = docs.report?.checks.find((c) => c.id === 'jira');
  if (!check) return { key: docs.manifest.jira, status: 'not-run', summary: 'the gate was not run for this document' };
  return { key: docs.manifest.jira, status: check.status, summary: check.summary };
}
