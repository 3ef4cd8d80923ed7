/**
 * The board's review of a release against production (`mlgov diff`, the action's pull-request comment): every gate
 * with its threshold, each fairness metric with its change since production and the margin left to its threshold,
 * what changed in provenance, and what exactly the board is asked to approve (reason, ticket, manifest digest).
 * Pure: documents and the promotion comparison in, plain data out; the renderers in `render/` lay it out.
 */
import type { BiasMetricName, BiasReport, Threshold } from '../formats/bias-report.js';
import { manifestDigest } from '../formats/canonical-digest.js';
import type { Finding } from '../formats/finding.js';
import type { Manifest } from '../formats/manifest.js';
import type { Policy } from '../policy/policy.js';
import type { CheckStatus, ReleaseComparison } from '../release/report.js';
import { effectiveBiasThresholds, standingOf, type ThresholdStanding } from './release-view.js';

/** The promotion check's verdict as the board reads it. */
export interface BoardVerdict {
  status: CheckStatus;
  summary: string;
  findings: Finding[];
  forced?: boolean;
}

/** One fairness metric of one attribute: production, challenger, its threshold and where it is heading. */
export interface FairnessGate {
  attribute: string;
  metric: BiasMetricName;
  base?: number;
  head?: number;
  /** The stricter of the policy's and the report's thresholds; absent when neither sets one. */
  threshold?: Threshold;
  /** Where the challenger's value stands against the threshold. */
  standing: ThresholdStanding;
  /** head − base, rounded to 4 decimals; absent without both values. */
  change?: number;
  /**
   * True when the value moved toward its threshold since production (down toward a `min`, up toward a `max`):
   * still within, it is the board's early warning that the gate's "pass" hides a loss of headroom.
   */
  towardThreshold: boolean;
  /** Distance left to the nearest bound (negative: beyond it), rounded to 4 decimals. */
  margin?: number;
}

/** One provenance field that differs between production and the challenger. */
export interface ProvenanceChange {
  field: 'data window' | 'feature store snapshot' | 'feature schema version' | 'framework' | 'code commit';
  base: string;
  head: string;
}

/** The facts the board reviews beyond the metrics table. */
export interface BoardFacts {
  windows: { head?: number; min: number; met: boolean };
  metricsAge: { days?: number; maxDays: number; met: boolean; evaluatedAt?: string };
  seasonalRegressionAllowed: boolean;
  fairness: FairnessGate[];
  /** Empty for a first release (nothing to compare) or when nothing changed. */
  provenance: ProvenanceChange[];
  release: { type: string; reason: string; jira: string; manifestDigest: string; forced?: string };
}

/** Everything the board view shows: the comparison, the verdict, where production came from, and the facts. */
export interface BoardView {
  comparison: ReleaseComparison;
  verdict: BoardVerdict;
  /** Where production came from, e.g. `main @ 1a2b3c4`. */
  baseLabel?: string;
  board: BoardFacts;
}

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;

/** Whether a move from `base` to `head` heads toward the threshold's bound (strictly: an unchanged value does not). */
function movedToward(base: number | undefined, head: number | undefined, t: Threshold | undefined): boolean {
  if (base === undefined || head === undefined || !t) return false;
  const d = round4(head - base);
  return (t.min !== undefined && d < 0) || (t.max !== undefined && d > 0);
}

/** The smaller distance to either bound; negative when the value is beyond one. */
function marginOf(head: number | undefined, t: Threshold | undefined): number | undefined {
  if (head === undefined || !t) return undefined;
  const gaps = [t.min !== undefined ? head - t.min : undefined, t.max !== undefined ? t.max - head : undefined].filter(
    (g): g is number => g !== undefined,
  );
  return gaps.length > 0 ? round4(Math.min(...gaps)) : undefined;
}

/** Each recomputed fairness metric against its effective threshold, with its change since production. */
export function fairnessGatesOf(
  comparison: Pick<ReleaseComparison, 'bias'>,
  policy: Policy,
  headReport: BiasReport | undefined,
): FairnessGate[] {
  const thresholds = effectiveBiasThresholds(policy, headReport);
  return comparison.bias.map((b) => {
    const threshold = thresholds[b.metric];
    const margin = marginOf(b.head, threshold);
    return {
      attribute: b.attribute,
      metric: b.metric,
      ...(b.base !== undefined ? { base: b.base } : {}),
      ...(b.head !== undefined ? { head: b.head } : {}),
      ...(threshold ? { threshold } : {}),
      standing: standingOf(b.head, threshold),
      ...(b.base !== undefined && b.head !== undefined ? { change: round4(b.head - b.base) } : {}),
      towardThreshold: movedToward(b.base, b.head, threshold),
      ...(margin !== undefined ? { margin } : {}),
    };
  });
}

type Provenance = Manifest['provenance'];

const PROVENANCE_FIELDS: Array<[ProvenanceChange['field'], (p: Provenance) => string]> = [
  ['data window', (p) => (p.data?.window ? `${p.data.window.from} to ${p.data.window.to}` : '—')],
  ['feature store snapshot', (p) => p.data?.featureStoreSnapshot ?? '—'],
  ['feature schema version', (p) => p.featureSchemaVersion ?? '—'],
  ['framework', (p) => (p.framework ? `${p.framework.name} ${p.framework.version}` : '—')],
  ['code commit', (p) => p.code?.commit ?? '—'],
];

/** The provenance fields that differ between production and the challenger, in a fixed order. */
export function provenanceChangesOf(head: Manifest, base: Manifest | undefined): ProvenanceChange[] {
  if (!base?.provenance || !head.provenance) return [];
  return PROVENANCE_FIELDS.flatMap(([field, read]) => {
    const b = read(base.provenance);
    const h = read(head.provenance);
    return b === h ? [] : [{ field, base: b, head: h }];
  });
}

/** The board's facts for a challenger (`head`) against production (`base`) under the judging policy. */
export function boardFactsOf(input: {
  comparison: ReleaseComparison;
  head: Manifest;
  base?: Manifest;
  policy: Policy;
  headReport?: BiasReport;
}): BoardFacts {
  const { comparison: c, head, policy } = input;
  const age = c.metricsAgeDays;
  const forced = head.release?.force?.justification;
  return {
    windows: {
      ...(c.windows.head !== undefined ? { head: c.windows.head } : {}),
      min: c.windows.min,
      met: c.windows.head !== undefined && c.windows.head >= c.windows.min,
    },
    metricsAge: {
      ...(age !== undefined ? { days: age } : {}),
      maxDays: policy.promotion.maxMetricsAgeDays,
      met: age !== undefined && age <= policy.promotion.maxMetricsAgeDays,
      ...(c.evaluatedAt !== undefined ? { evaluatedAt: c.evaluatedAt } : {}),
    },
    seasonalRegressionAllowed: policy.promotion.allowSeasonalRegression,
    fairness: fairnessGatesOf(c, policy, input.headReport),
    provenance: provenanceChangesOf(head, input.base),
    release: {
      type: head.release?.type ?? '—',
      reason: head.release?.reason ?? '',
      jira: head.jira,
      manifestDigest: manifestDigest(head),
      ...(forced !== undefined ? { forced } : {}),
    },
  };
}
