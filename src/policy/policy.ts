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

/**
 * One entry of the policy's `models:` list: a governed model, its files, and the thresholds where they differ from
 * the policy's own sections (laid over them by `src/release/release-locator.ts`).
 */
export interface ModelEntry {
  name: string;
  manifest: string;
  biasReport: string;
  archiveDir?: string;
  bias?: Partial<Policy['bias']>;
  performance?: Partial<Policy['performance']>;
  promotion?: Partial<Policy['promotion']>;
}

export interface Policy {
  version: 1;
  /** The single model's paths; with `models:`, the model being judged (the locator fills it in per model). */
  model: { manifest: string; biasReport: string; archiveDir: string };
  /** The models of a repository that governs several; absent for the single-model layout. */
  models?: ModelEntry[];
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
  /** How the gate reaches `s3://` artifacts; absent: AWS S3 and the environment (docs/s3.md). */
  s3?: S3Policy;
}

/**
 * The policy's `s3` section. Only the judging (base) policy's is ever used, so a pull request cannot point the gate
 * at an endpoint of its own or make it trust a store's checksums; credentials never come from here.
 */
export interface S3Policy {
  /** An S3-compatible endpoint; wins over AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL. */
  endpoint?: string;
  /** Wins over AWS_REGION. */
  region?: string;
  /** Path-style addressing (MinIO and most S3-compatible stores). */
  forcePathStyle?: boolean;
  /** Plain http to a host that is not loopback. */
  allowHttp?: boolean;
  /** The store's full-object SHA-256 stands for the bytes. Unset: true on AWS S3, false with a custom endpoint. */
  trustStoredChecksums?: boolean;
  /**
   * The buckets an artifact may live in. The manifest, and so the bucket, is the PR author's to choose: without this
   * list the gate would read (and pass) an object in a bucket the author owns. Unset: any bucket (docs/s3.md).
   */
  buckets?: string[];
}

/**
 * Whether the judging policy's `s3.buckets` lets an artifact live in `bucket` (no list: any bucket). One rule for the
 * gate, which never asks another bucket, and the checksums check, which refuses an artifact there.
 */
export function bucketAllowed(s3: S3Policy | undefined, bucket: string): boolean {
  return s3?.buckets === undefined || s3.buckets.includes(bucket);
}
