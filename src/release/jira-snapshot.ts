/**
 * Jira's word, kept: what the gate read from the ticket when it judged a release (key, status, the sign-off that
 * counted, when it was read), in a form the record keeps in the audit log. Five years on the ticket may have moved,
 * been edited or deleted; the auditor answers "was this release signed off in Jira?" from the snapshot alone.
 * Pure: built from the report's `jira` check, never from the manifest's claims.
 */
import type { CheckStatus, JiraSignOff, Report } from './report.js';
import { checkOf } from './report.js';

export interface JiraSnapshot {
  /** The ticket: as Jira answered it, or the manifest's key when Jira could not be read. */
  key: string;
  /** When the gate read the ticket (ISO 8601, the run's clock); the report's time when Jira was not asked. */
  readAt: string;
  /** The jira check's outcome for the release: what the gate decided from what it read. */
  check: CheckStatus;
  status?: string;
  project?: string;
  url?: string;
  summary?: string;
  /**
   * The sign-off that counted (attachment, comment, service-desk approval or field), as read. An attachment carries
   * the SHA-256 of its content, or why it could not be read (`digestUnavailable`), so the file can be matched later.
   */
  signOff?: JiraSignOff;
  /** Why Jira's answer is not in the snapshot (not configured, unreachable): the check's first finding. */
  unavailable?: string;
}

/** The snapshot of the ticket the report's `jira` check read, or undefined when the release names no ticket. */
export function jiraSnapshotOf(report: Pick<Report, 'checks' | 'generatedAt'>): JiraSnapshot | undefined {
  const check = checkOf(report, 'jira');
  const details = check?.details;
  if (!check || !details) return undefined;
  const key = details.issue?.key || details.manifestKey;
  if (!key) return undefined;
  const issue = details.issue;
  const readAt = details.readAt ?? report.generatedAt;
  return {
    key,
    readAt,
    check: check.status,
    ...(issue?.status ? { status: issue.status } : {}),
    ...(issue?.project ? { project: issue.project } : {}),
    ...(issue?.url ? { url: issue.url } : {}),
    ...(issue?.summary ? { summary: issue.summary } : {}),
    ...(details.signOff ? { signOff: details.signOff } : {}),
    ...(issue ? {} : { unavailable: check.findings[0]?.message ?? 'Jira was not read' }),
  };
}
