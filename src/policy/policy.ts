/** The governance policy (`.github/governance-policy.yml`; schema `schemas/policy.schema.json`; `docs/formats.md`). */
import type { BiasMetricName, Threshold } from '../formats/bias-report.js';

export interface RosterMember {
  login: string;
  roles: string[];
  /**
   * The member's Jira identity, for Jira sign-off comments: Cloud accountId, Data Center user name, or e-mail.
   * When absent, `login` is compared with those identities.
   */
  jira?: string;
}

export interface RequiredRole {
  role: string;
  count: number;
}

export type ApprovalSource = 'manifest' | 'github-review' | 'both';

export interface JiraSignOffPolicy {
  /** Glob for an attachment file name, e.g. `sign-off*.pdf`. */
  attachment?: string;
  comment?: { role: string; phrase: string };
  serviceDeskApproval?: boolean;
  field?: { id: string; equals: string };
}

export interface Policy {
  version: 1;
  model: { manifest: string; biasReport: string; archiveDir: string };
  approvals: {
    roster: RosterMember[];
    required: RequiredRole[];
    separationOfDuties: boolean;
    maxAgeDays: number;
    source: ApprovalSource;
    corroborate?: 'github-review' | 'none';
  };
  bias: {
    minGroupSize: number;
    minEvents?: number;
    /** Largest share of an attribute's rows (excluded groups, `missing`, `excluded`) left out of the assessment. */
    maxExcludedShare?: number;
    /**
     * The outcome favourable to the person when it is not the model's positive (selected) outcome, e.g.
     * "legitimate" in a fraud model: disparate impact is then computed on 1 − selection rate. Unset: on the selection
     * rate. The policy decides it; a bias report stating another favourable label (or one when this is unset) fails.
     */
    favorableLabel?: string;
    requiredAttributes: string[];
    thresholds: Partial<Record<BiasMetricName, Threshold>>;
    reviewerRole: string;
  };
  performance: { thresholds: Record<string, Threshold> };
  promotion: {
    minImprovementPct: number;
    minWindows: number;
    maxMetricsAgeDays: number;
    allowSeasonalRegression: boolean;
    minReasonLength: number;
    forceRole: string;
  };
  jira: {
    project: string;
    allowedStatuses: string[];
    keySources: Array<'title' | 'branch' | 'body' | 'commits'>;
    signOff?: JiraSignOffPolicy;
  };
  evidence: { retentionYears: number };
}
