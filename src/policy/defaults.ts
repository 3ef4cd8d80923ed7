import type { Policy } from './policy.js';

/**
 * Defaults for every policy field (`docs/formats.md`). A policy file only states what differs; the runbook's numbers are
 * the defaults (five-year retention, 5 % improvement over 12 windows, metrics at most 7 days old).
 */
export const DEFAULT_POLICY: Policy = {
  version: 1,
  model: { manifest: 'model/manifest.json', biasReport: 'reports/latest-bias-report.json', archiveDir: 'artifacts' },
  approvals: {
    roster: [],
    required: [{ role: 'governance-board', count: 1 }],
    separationOfDuties: true,
    maxAgeDays: 30,
    source: 'manifest',
    corroborate: 'none',
  },
  bias: {
    minGroupSize: 30,
    minEvents: 0,
    maxExcludedShare: 0.05,
    // favorableLabel: unset, so disparate impact is judged on the selection rate unless the policy says otherwise
    requiredAttributes: [],
    thresholds: {
      demographic_parity_difference: { max: 0.1 },
      disparate_impact_ratio: { min: 0.8 },
      equalized_odds_difference: { max: 0.1 },
    },
    reviewerRole: 'fairness-reviewer',
  },
  performance: { thresholds: {} },
  promotion: {
    minImprovementPct: 5,
    minWindows: 12,
    maxMetricsAgeDays: 7,
    allowSeasonalRegression: false,
    minReasonLength: 10,
    forceRole: 'force-approver',
  },
  jira: { project: 'MLGOV', allowedStatuses: ['Approved', 'Done'], keySources: ['title', 'branch', 'body', 'commits'] },
  evidence: { retentionYears: 5 },
};

/** The policy a (schema-valid) document states, with defaults filled in section by section. */
export function withDefaults(doc: Partial<Policy> | undefined): Policy {
  const d = DEFAULT_POLICY;
  const p = (doc ?? {}) as Partial<Policy>;
  return {
    version: 1,
    model: { ...d.model, ...p.model },
    ...(p.models ? { models: p.models.map((m) => ({ ...m })) } : {}),
    approvals: { ...d.approvals, ...p.approvals },
    bias: { ...d.bias, ...p.bias, thresholds: { ...(p.bias?.thresholds ?? d.bias.thresholds) } },
    performance: { thresholds: { ...(p.performance?.thresholds ?? d.performance.thresholds) } },
    promotion: { ...d.promotion, ...p.promotion },
    jira: { ...d.jira, ...p.jira },
    evidence: { ...d.evidence, ...p.evidence },
    // No defaults here: an unset member is decided where the store is configured (trustStoredChecksums depends on
    // whether the endpoint is AWS's, which may come from the environment).
    ...(p.s3 ? { s3: { ...p.s3 } } : {}),
  };
}
