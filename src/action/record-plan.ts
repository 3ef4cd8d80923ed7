/**
 * What record mode writes to the audit log for a merged release: planned from the report alone (pure), then
 * appended under one lock by the caller.
 */
import type { AuditEvent, AuditEventInput } from '../evidence/audit-log.js';
import type { Manifest } from '../formats/manifest.js';
import { reportedReleaseKind } from '../checks/release-kind.js';
import type { Report } from '../release/report.js';
import { jiraTicketOf } from '../render/markdown.js';

export interface RecordFacts {
  actor: string;
  /** The pushed commit. */
  commit: string;
  parent?: string;
  runUrl: string;
  pullRequest?: number;
}

/**
 * The approvals that counted for the release (from the manifest or GitHub reviews), as the approvals check judged
 * them: what the record keeps, so an auditor sees who approved even when approval was a button on GitHub.
 */
export function countedApprovalsOf(report: Report): Array<Record<string, unknown>> {
  const details = report.checks.find((c) => c.id === 'approvals')?.details;
  const approvals = Array.isArray(details?.['approvals'])
    ? (details['approvals'] as Array<Record<string, unknown>>)
    : [];
  return approvals
    .filter((a) => a['counted'] === true)
    .map(({ approver, role, source, at, corroborated }) => ({
      approver,
      role,
      source,
      ...(at !== undefined ? { at } : {}),
      ...(corroborated !== undefined ? { corroborated } : {}),
    }));
}

/**
 * The events to append for the merged release: `promote` (or `rollback`, when the gate derived one from the base:
 * the promotion check's `releaseType`) with the approvals that counted, preceded by a `force` event when the
 * promotion was forced (auditors look for frequent use of force). Nothing when the log
 * already records the release (the CLI's `mlgov rollback` writes its own event) or the version did not change.
 */
export function buildReleaseRecordEvents(input: {
  report: Report;
  release: Partial<Manifest['release']>;
  existing: Pick<AuditEvent, 'model' | 'version' | 'action'>[];
  facts: RecordFacts;
}): AuditEventInput[] {
  const { report, release, existing, facts } = input;
  const model = report.model.name;
  const version = report.model.version;
  if (!model || !version || version === report.model.baseVersion) return [];
  // What the release is comes from the gate's derivation against the base, never from the manifest's release.type.
  const action = reportedReleaseKind(report) === 'rollback' ? 'rollback' : 'promote';
  if (
    existing.some(
      (e) => e.model === model && e.version === version && (e.action === 'promote' || e.action === 'rollback'),
    )
  ) {
    return [];
  }
  const ticket = jiraTicketOf(report)?.key;
  const common = { actor: facts.actor, model, version, ...(ticket ? { ticket } : {}) };
  const events: AuditEventInput[] = [];
  if (report.forced && action === 'promote') {
    events.push({
      ...common,
      action: 'force',
      ...(typeof release.force?.justification === 'string' ? { reason: release.force.justification } : {}),
      details: {
        commit: facts.commit,
        ...(typeof release.force?.by === 'string' ? { by: release.force.by } : {}),
        run: facts.runUrl,
        recordedBy: 'mlgov action (record)',
      },
    });
  }
  events.push({
    ...common,
    action,
    ...(typeof release.reason === 'string' ? { reason: release.reason } : {}),
    details: {
      approvals: countedApprovalsOf(report),
      commit: facts.commit,
      ...(facts.parent ? { parent: facts.parent } : {}),
      ...(report.model.baseVersion ? { replaces: report.model.baseVersion } : {}),
      verdict: report.verdict,
      judged: report.judged,
      forced: report.forced,
      run: facts.runUrl,
      ...(facts.pullRequest ? { pullRequest: facts.pullRequest } : {}),
      recordedBy: 'mlgov action (record)',
    },
  });
  return events;
}
