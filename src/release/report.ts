import type { BiasMetricName, Threshold } from '../formats/bias-report.js';
import type { Finding } from '../formats/finding.js';
import type { Decision } from '../formats/manifest.js';
import type { ObjectVerification } from './object-facts.js';
import type { FileVerification } from './release-context.js';
import type { KeyMention, ServiceDeskApproval } from './ticket-facts.js';

/** Check ids are contract (README, "What the gate checks"); `policy` is mlgov's extension for a PR that changes its own gate. */
export type CheckId =
  | 'schema'
  | 'provenance'
  | 'checksums'
  | 'version'
  | 'bias'
  | 'approvals'
  | 'jira'
  | 'evidence'
  | 'promotion'
  | 'policy';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** What each check puts in its result's `details`: the facts the renderers show. Part of the JSON report. */
export interface CheckDetailsById {
  schema: SchemaDetails;
  /** The provenance check gives no details. */
  provenance: never;
  checksums: ChecksumsDetails;
  version: VersionDetails;
  bias: BiasDetails;
  approvals: ApprovalsDetails;
  jira: JiraDetails;
  evidence: EvidenceDetails;
  promotion: PromotionDetails;
  policy: PolicyDetails;
}

/** One check's outcome; `details` is typed by the check's id, so a renderer narrows on `id` and reads members. */
export type CheckResult = {
  [K in CheckId]: {
    id: K;
    status: CheckStatus;
    /** One line for the PR author. */
    summary: string;
    findings: Finding[];
    /** Check-specific facts the renderers show (bias table, promotion comparison, sign-off found...). */
    details?: CheckDetailsById[K];
  };
}[CheckId];

/** The result of the check with this id. */
export type CheckResultOf<K extends CheckId> = Extract<CheckResult, { id: K }>;

/** The report's result of one check, narrowed by its id (undefined when the check did not run). */
export function checkOf<K extends CheckId>(report: Pick<Report, 'checks'>, id: K): CheckResultOf<K> | undefined {
  return report.checks.find((c): c is CheckResultOf<K> => c.id === id);
}

// ---------------------------------------------------------------------------------------------------------------
// schema

/** Per-document outcome of the schema check. */
export type SchemaDocumentResult = {
  file: string;
  /** Which of the documents this is. */
  role: 'manifest' | 'biasReport' | 'policy' | 'headPolicy';
  /** Said after the file name when two documents share a path (base vs. PR policy). */
  qualifier?: string;
  valid: boolean;
  errors: number;
};

export type SchemaDetails = { documents: SchemaDocumentResult[] };

// ---------------------------------------------------------------------------------------------------------------
// checksums

/** One row of the per-artifact table the renderers show. */
export type ArtifactRow = {
  path: string;
  /** Observed size (of the LFS object for a pointer), when the file was read. */
  size?: number;
  /** Observed SHA-256 (the LFS oid for a pointer), when the file was read. */
  sha256?: string;
  lfs: boolean;
  /** How size and SHA-256 were established (FileVerification; for an s3:// object, ObjectVerification). */
  verifiedBy?: FileVerification | ObjectVerification;
  /** Why a file git could have vouched for was hashed instead (for an object: why it was streamed). */
  verifiedNote?: string;
  /** For an s3:// object: the version verified (absent: an unversioned bucket). */
  versionId?: string;
  status:
    | 'ok'
    | 'mismatch'
    | 'missing'
    | 'outside-repository'
    | 'not-a-file'
    | 'unreadable'
    | 'not-hashed'
    | 'duplicate'
    /** An s3:// object the store could not be asked about (credentials, permissions, network): could not judge. */
    | 'unavailable'
    /** An s3:// location that is not a valid one. */
    | 'invalid-location';
};

export type ChecksumsDetails = {
  artifacts: ArtifactRow[];
  /** The bias report's row (undefined when the manifest names none). */
  biasReport: ArtifactRow | undefined;
  /** Files in a model folder the manifest does not list. */
  unlisted: string[];
};

// ---------------------------------------------------------------------------------------------------------------
// version

export type VersionDetails = {
  headVersion: string;
  baseVersion: string;
  changedArtifacts: string[];
  biasReportChanged: boolean;
  manifestChanged: boolean;
};

// ---------------------------------------------------------------------------------------------------------------
// bias

/** One metric of one attribute as the job summary shows it. */
export type BiasMetricRow = {
  attribute: string;
  metric: BiasMetricName;
  reported?: number | null;
  recomputed?: number;
  undefinedReason?: string;
  threshold?: Threshold;
  lowGroup?: string;
  highGroup?: string;
  interval?: { low: number; high: number };
  status: 'pass' | 'fail' | 'warn' | 'info';
};

export type BiasDetails = {
  model?: { name: string; version: string };
  reportDigest?: string;
  thresholds: Partial<Record<BiasMetricName, Threshold>>;
  rows: BiasMetricRow[];
  excludedGroups: Array<{ attribute: string; group: string; reason: string }>;
  /** Who reviewed the report: who rejected it, else the counted reviewer, else who fell short (and why). */
  reviewer?: { approver: string; counted: boolean; reason?: string };
};

// ---------------------------------------------------------------------------------------------------------------
// approvals

/** One approval as the approval ledger judged it. */
export type ApprovalView = {
  approver: string;
  /** The role claimed (document) or the roster roles the reviewer holds (github-review), comma-joined. */
  role: string;
  source: 'manifest' | 'bias-report' | 'github-review';
  decision: Decision;
  at?: string;
  counted: boolean;
  /** Its corroboration could not be read: could not judge. */
  undetermined?: boolean;
  /** Set when corroboration was checked, for an approval recorded in a document. */
  corroborated?: boolean;
  /** Why it does not count (absent when it counts). */
  reason?: string;
};

export type RequirementView = {
  role: string;
  count: number;
  /** Distinct people assigned to this role's slots. */
  filledBy: string[];
  missing: number;
};

export type ApprovalsDetails = {
  manifestDigest: string;
  approvals: ApprovalView[];
  requirements: RequirementView[];
  /** Required roles still short of people: how many more, of how many, with how many in hand. */
  missingRoles: Array<{ role: string; missing: number; count: number; have: number }>;
  corroboration: 'checked' | 'unavailable' | 'unreadable' | 'not-required';
};

// ---------------------------------------------------------------------------------------------------------------
// jira

/** The sign-off the policy asks for, as found on the ticket (one member per kind of sign-off). */
export interface JiraSignOff {
  attachment?: {
    label: string;
    id: string;
    filename: string;
    size?: number;
    author?: string;
    created?: string;
    mimeType?: string;
    /** SHA-256 (hex) of the attachment's content as downloaded when the ticket was read: the file the board signed. */
    sha256?: string;
    /** Why the content could not be downloaded and hashed (then there is no `sha256`, and the check could not judge). */
    digestUnavailable?: string;
    /** How many attachments matched the policy's name (the newest is shown). */
    matching: number;
  };
  comment?: {
    label: string;
    id: string;
    author: string;
    /** The roster login the comment's author maps to. */
    member: string;
    role: string;
    created?: string;
    excerpt: string;
  };
  serviceDeskApproval?: {
    label: string;
    id: string;
    name?: string;
    finalDecision: string | undefined;
    approvers: ServiceDeskApproval['approvers'];
    completedDate?: string;
  };
  field?: { label: string; id: string; value: string };
}

export type JiraDetails = {
  project: string;
  allowedStatuses: string[];
  /** The manifest's `jira` key (null when it names none): the ticket even when Jira could not be read. */
  manifestKey: string | null;
  mentions: KeyMention[];
  deployment?: 'cloud' | 'data-center';
  /** The issue as Jira answered it. */
  issue?: { key: string; status: string; project: string; url?: string; summary?: string };
  signOff?: JiraSignOff;
  /** When the ticket was read from Jira (ISO 8601): the time the record's snapshot of it is from. */
  readAt?: string;
};

// ---------------------------------------------------------------------------------------------------------------
// evidence

export type EvidenceDetails = {
  /** The folder the superseded base release must be archived in. */
  expectedArchive?: string;
  /** For a rollback archived beside its version's folder: the folder it restores. */
  restores?: string;
  /** Events in the working tree's audit log. */
  auditLogEvents?: number;
};

// ---------------------------------------------------------------------------------------------------------------
// promotion

export type ReleaseKind = 'initial' | 'promotion' | 'rollback' | 'unchanged';

/** One lower-is-better error metric on both sides. */
export interface ErrorComparison {
  base?: number;
  head?: number;
  /** (base − head) / base × 100: positive = the challenger is better. Undefined when either side is missing or base is 0. */
  improvementPct?: number;
  /** The challenger is strictly worse. */
  worse: boolean;
}

export interface SeasonComparison {
  season: string;
  mae: ErrorComparison;
  rmse: ErrorComparison;
  /** Evaluated on the base but not on the challenger: treated as a regression (it cannot be shown not to be). */
  missingInHead: boolean;
  regressed: boolean;
}

export interface PerformanceComparison {
  name: string;
  base?: number;
  head?: number;
  threshold?: Threshold;
  /** Whether the challenger meets the threshold; undefined without a threshold. */
  met?: boolean;
}

export interface BiasComparison {
  attribute: string;
  metric: BiasMetricName;
  base?: number;
  head?: number;
}

export interface ReleaseComparison {
  head: { name: string; version: string };
  base?: { name: string; version: string };
  mae: ErrorComparison;
  rmse: ErrorComparison;
  /** The better of the MAE and RMSE improvements (the gate asks MAE **or** RMSE to improve). */
  best?: { metric: 'mae' | 'rmse'; improvementPct: number };
  minImprovementPct: number;
  windows: { base?: number; head?: number; min: number };
  seasons: SeasonComparison[];
  performance: PerformanceComparison[];
  evaluatedAt?: string;
  /** Days between `evaluatedAt` and now; undefined when the date is invalid. */
  metricsAgeDays?: number;
  bias: BiasComparison[];
}

/** One row of the challenger-vs-production table (job summary, `mlgov diff`). */
export interface ComparisonRow {
  metric: string;
  production?: number;
  challenger?: number;
  change: string;
}

export type PromotionDetails = {
  /** What the release is, derived from the base (absent when it could not be derived). */
  releaseType?: ReleaseKind;
  /** What the manifest's `release.type` says (a claim: it must agree with `releaseType`). */
  declaredType?: string;
  /** Why the release is of that kind, in words. */
  derivation?: string;
  /** True when a forced promotion turned failing gates into warnings (the gate marks the report `forced`). */
  forced: boolean;
  /** Why the metric comparison was not made (first release, rollback, unchanged). */
  comparisonSkipped?: string;
  comparison?: ReleaseComparison;
  /** The comparison as flat table rows (the job summary renders them). */
  rows?: ComparisonRow[];
  forceApprovers?: string[];
};

// ---------------------------------------------------------------------------------------------------------------
// policy

export type ChangeDirection = 'loosened' | 'tightened' | 'neutral';

export interface PolicyChange {
  /** JSON pointer into the head policy (or the nearest place a removed value was). */
  pointer: string;
  /** What changed, in words a board member reads: "bias.thresholds.disparate_impact_ratio.min 0.8 → 0.7". */
  what: string;
  direction: ChangeDirection;
}

export type PolicyDetails = {
  /** Where the judging policy came from. */
  policySource: Report['policySource'];
  /** What the pull request changes in the policy (absent when unchanged or not compared). */
  changes?: PolicyChange[];
  /** Governance-board members who approved the change on the head commit. */
  approvedBy?: string[];
};

export interface Report {
  tool: { name: 'mlgov'; version: string };
  /** `pass` only when no check produced an error finding. */
  verdict: 'pass' | 'fail';
  /** False when at least one finding says the gate could not judge (exit code 2). */
  judged: boolean;
  /** True when a forced promotion turned failing promotion gates into warnings. */
  forced: boolean;
  model: { name?: string; version?: string; baseVersion?: string };
  base?: { ref: string; commit: string };
  /** Where the policy that judged this release came from. */
  policySource: 'base' | 'working-tree' | 'default';
  offline: boolean;
  generatedAt: string;
  /** The time the time-based rules were judged at, when it is not `generatedAt`, and why. */
  asOf?: { at: string; reason: string };
  checks: CheckResult[];
}

/** Derives a check's status from its findings; a check may still return `skip` explicitly. */
export function statusOf(findings: Finding[]): CheckStatus {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (findings.some((f) => f.severity === 'warning')) return 'warn';
  return 'pass';
}

/** The one mapping from findings to an exit code: 0 pass, 1 the gate failed, 2 could not judge. */
export function exitCodeOf(report: Pick<Report, 'checks'>): 0 | 1 | 2 {
  const findings = report.checks.flatMap((c) => c.findings);
  if (findings.some((f) => f.indeterminate)) return 2;
  if (findings.some((f) => f.severity === 'error')) return 1;
  return 0;
}

export function allFindings(report: Pick<Report, 'checks'>): Finding[] {
  return report.checks.flatMap((c) => c.findings);
}
