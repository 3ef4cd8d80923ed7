/** The bias report (`reports/latest-bias-report.json`; schema `schemas/bias-report.schema.json`; rules in `docs/formats.md`). */

export interface RateInterval {
  low: number;
  high: number;
}

export interface GroupRates {
  group: string;
  n: number;
  selectionRate: number | null;
  truePositiveRate?: number | null;
  falsePositiveRate?: number | null;
  /** Denominator of the TPR (actual positives in the group). */
  positives?: number;
  /** Denominator of the FPR (actual negatives in the group). */
  negatives?: number;
  /** Optional confidence intervals per rate, keyed by rate name. */
  intervals?: Partial<Record<'selectionRate' | 'truePositiveRate' | 'falsePositiveRate', RateInterval>>;
}

export type BiasMetricName =
  | 'demographic_parity_difference'
  | 'disparate_impact_ratio'
  | 'equalized_odds_difference'
  | 'false_positive_rate_difference'
  | 'true_positive_rate_difference';

export interface Threshold {
  min?: number;
  max?: number;
}

export interface BiasAttribute {
  name: string;
  groups: GroupRates[];
  /** Summary metrics as reported; the gate recomputes them from the groups. */
  metrics: Partial<Record<BiasMetricName, number | null>>;
  /** Rows with no value for this attribute. */
  missing?: number;
  /**
   * Rows that have a value but are in none of the listed groups: left out on purpose by the generator (a category
   * suppressed for privacy, a value outside the assessed ones). Like `missing`, they count toward the excluded share,
   * and groups' `n` + `missing` + `excluded` must equal `dataset.rows`.
   */
  excluded?: number;
}

/**
 * Which columns of the predictions file were read, so the report can be recomputed from it: the protected attributes
 * are the columns the attributes are named after.
 */
export interface PredictionColumns {
  /** The true label's column. */
  label: string;
  /** The model's decision's column. */
  prediction: string;
  /** The value of the positive class in those columns (`--positive-label`); absent: the values are 1/0 or true/false. */
  positiveValue?: string;
}

export interface BiasApproval {
  approver: string;
  role: string;
  decision: 'approved' | 'rejected';
  at: string;
  /** `sha256:<hex>` of the canonical report without `approvals`. */
  reportDigest: string;
  note?: string;
}

export interface BiasReport {
  $schema?: string;
  schemaVersion: string;
  model: { name: string; version: string };
  generatedAt: string;
  generator?: { name: string; version: string };
  dataset?: {
    name: string;
    rows?: number;
    sha256?: string;
    /**
     * Repository-relative path of the predictions file the figures were computed from (`bias compute` writes it when
     * the file is inside the repository). With `columns`, it lets the gate recompute the groups when the manifest
     * lists that file among its artifacts.
     */
    path?: string;
    columns?: PredictionColumns;
  };
  positiveLabel?: string;
  /**
   * The favourable outcome, as the generator saw it. Which outcome is favourable is the judging policy's decision
   * (`bias.favorableLabel`); a report that states another one (or one the policy does not set) fails the gate.
   */
  favorableLabel?: string;
  thresholds?: Partial<Record<BiasMetricName, Threshold>>;
  attributes: BiasAttribute[];
  approvals?: BiasApproval[];
}
