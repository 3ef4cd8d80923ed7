import type { Finding } from '../formats/finding.js';

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

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** One line for the PR author. */
  summary: string;
  findings: Finding[];
  /** Check-specific facts the renderers show (bias table, promotion comparison, sign-off found...). */
  details?: Record<string, unknown>;
}

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
