/**
 * Confusion counts per group of each protected attribute, accumulated one prediction at a time, and the bias report
 * they make. Pure: the caller streams rows in; memory grows with the number of distinct groups, never with rows.
 *
 * The summary metrics are not computed here: they come from `recomputeAttribute` (checks/bias-metrics.ts), the
 * same code the `bias` check judges a report with, over every group as Fairlearn computes them
 * (`demographic_parity_difference`: max − min selection rate; `demographic_parity_ratio`: min / max, reported as
 * `disparate_impact_ratio`; `equalized_odds_difference`: the larger of the TPR and FPR spreads).
 */
import { BIAS_METRICS, recomputeAttribute } from '../checks/bias-metrics.js';
import type { BiasAttribute, BiasMetricName, BiasReport, GroupRates } from '../formats/bias-report.js';
import { RowProblem } from '../metrics/input-error.js';

/** Bounds of schemas/bias-report.schema.json: groups per attribute, characters per group name, attributes. */
export const MAX_GROUPS = 1000;
export const MAX_GROUP_NAME = 256;
export const MAX_ATTRIBUTES = 64;

export interface GroupCount {
  n: number;
  /** Predicted positive. */
  selected: number;
  /** Actually positive (TPR denominator). */
  positives: number;
  truePositives: number;
  falsePositives: number;
}

/** Counts of one attribute: per group, and rows with no value. */
export class AttributeCounts {
  readonly groups = new Map<string, GroupCount>();
  missing = 0;

  constructor(readonly name: string) {}

  /**
   * The bias report schema's bounds, checked as soon as they are passed: an id or a free-text column named as an
   * attribute would otherwise grow a group per row (and a report nobody can review).
   */
  private checkNewGroup(group: string): void {
    if (this.groups.size >= MAX_GROUPS) {
      throw new RowProblem(
        'TOO_MANY_GROUPS',
        `attribute "${this.name}" has more than ${MAX_GROUPS} distinct values`,
        'Name a protected attribute with a few groups (bin ages into bands); an id or free-text column is not one.',
      );
    }
    if (group.length > MAX_GROUP_NAME) {
      throw new RowProblem(
        'GROUP_NAME_TOO_LONG',
        `a value of attribute "${this.name}" is longer than ${MAX_GROUP_NAME} characters`,
        'Use short group names (e.g. "18-29", "female").',
      );
    }
  }

  add(group: string, label: boolean, predicted: boolean): void {
    if (group === '') {
      this.missing++;
      return;
    }
    let g = this.groups.get(group);
    if (!g) {
      this.checkNewGroup(group);
      g = { n: 0, selected: 0, positives: 0, truePositives: 0, falsePositives: 0 };
      this.groups.set(group, g);
    }
    g.n++;
    if (predicted) {
      g.selected++;
      if (label) g.truePositives++;
      else g.falsePositives++;
    }
    if (label) g.positives++;
  }
}

/** A rate, or null when it has no denominator (the report's "undefined, never a pass"). */
function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

export function groupRates(group: string, c: GroupCount): GroupRates {
  const negatives = c.n - c.positives;
  return {
    group,
    n: c.n,
    selectionRate: rate(c.selected, c.n),
    truePositiveRate: rate(c.truePositives, c.positives),
    falsePositiveRate: rate(c.falsePositives, negatives),
    positives: c.positives,
    negatives,
  };
}

/**
 * Groups sorted by name (code units), as Fairlearn's `MetricFrame.by_group` lists them: stable bytes per input. The
 * report's groups and the gate's recount of a listed predictions file (gate/gather-predictions.ts) are both these.
 */
export function sortedGroups(counts: AttributeCounts): GroupRates[] {
  return [...counts.groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, c]) => groupRates(group, c));
}

/** One attribute of the report: its groups, every summary metric over all groups (null when undefined), missing. */
export function attributeOf(counts: AttributeCounts, favorable = false): BiasAttribute {
  const groups = sortedGroups(counts);
  const attr: BiasAttribute = { name: counts.name, groups, metrics: {} };
  const { allGroups } = recomputeAttribute(attr, { minGroupSize: 0, favorable });
  const metrics: Partial<Record<BiasMetricName, number | null>> = {};
  for (const name of BIAS_METRICS) {
    const m = allGroups[name];
    metrics[name] = m && m.kind === 'defined' ? m.value : null;
  }
  return { ...attr, metrics, missing: counts.missing };
}

export interface ReportFacts {
  model: { name: string; version: string };
  generatedAt: string;
  generator: { name: string; version: string };
  dataset: { name: string; rows: number; sha256: string } & Pick<
    NonNullable<BiasReport['dataset']>,
    'path' | 'columns'
  >;
  positiveLabel: string;
  /**
   * The policy's `bias.favorableLabel`, when it sets one: the report states it and its disparate impact is computed
   * on the favourable rate, as the gate recomputes it (the policy decides, never the report).
   */
  favorableLabel?: string;
  /** `$schema` for editors, relative to where the report is written; left out when unknown. */
  schemaRef?: string;
  /** The report's own thresholds, carried over from the report being replaced (the stricter of these and the policy's apply). */
  thresholds?: BiasReport['thresholds'];
}

/** The bias report of the counted predictions, in the shape of schemas/bias-report.schema.json; no approvals. */
export function buildBiasReport(facts: ReportFacts, attributes: AttributeCounts[]): BiasReport {
  return {
    ...(facts.schemaRef !== undefined ? { $schema: facts.schemaRef } : {}),
    schemaVersion: '1.0',
    model: facts.model,
    generatedAt: facts.generatedAt,
    generator: facts.generator,
    dataset: facts.dataset,
    positiveLabel: facts.positiveLabel,
    ...(facts.favorableLabel !== undefined ? { favorableLabel: facts.favorableLabel } : {}),
    ...(facts.thresholds !== undefined ? { thresholds: facts.thresholds } : {}),
    attributes: attributes.map((a) => attributeOf(a, facts.favorableLabel !== undefined)),
  };
}
