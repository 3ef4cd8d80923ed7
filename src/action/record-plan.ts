/**
 * What record mode writes to the audit log for a merged release: planned from the report alone (pure), then
 * appended under one lock by the caller.
 */
import type { AuditEvent, AuditEventInput } from '../evidence/audit-log.js';
import type { Manifest } from '../formats/manifest.js';
import { reportedReleaseKind } from '../checks/release-kind.js';
import { jiraSnapshotOf } from '../release/jira-snapshot.js';
import { checkOf, type Report } from '../release/report.js';
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
  const approvals = checkOf(report, 'approvals')?.details?.approvals ?? [];
  return approvals
    .filter((a) => a.counted)
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
  existing: Pick<AuditEvent, 'model' | 'version' | 'action' | 'seq'>[];
  facts: RecordFacts;
  /**
   * The events the merged change itself appended to the log (seq after `after`, up to `through`): the PR author's
   * writing. `mlgov rollback` appends its `rollback` event there by design, but nothing in a PR appends a `promote`:
   * one found there is a claim (perhaps with a made-up Jira snapshot, or to keep a `force` off the record), so it
   * never stands for the record. Undefined when the merge's first parent is not known.
   */
  mergedEvents?: { after: number; through: number };
}): AuditEventInput[] {
  const { report, release, facts, mergedEvents } = input;
  const fromMerge = (seq: number): boolean =>
    mergedEvents !== undefined && seq > mergedEvents.after && seq <= mergedEvents.through;
  const existing = input.existing.filter((e) => e.action !== 'promote' || !fromMerge(e.seq));
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
  // Jira's word as the gate read it: years on, the ticket may have moved or gone; the log keeps what counted.
  const jira = jiraSnapshotOf(report);
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
      ...(jira ? { jira } : {}),
      recordedBy: 'mlgov action (record)',
    },
  });
  return events;
}

/** One model's part of the record: the policy's name for it (none for a single-model policy) and its report. */
export interface RecordedJudgement {
  name?: string;
  report: Report;
}

/**
 * What the evidence index says it is of. One unnamed model: the fields the record evidence has always had (model,
 * verdict, judged, forced, approvals); several: the same per model under `models`, and the worst verdict.
 */
export function recordSubject(
  judgements: RecordedJudgement[],
  facts: Pick<RecordFacts, 'commit' | 'parent' | 'runUrl'>,
  generatedAt: string,
): Record<string, unknown> {
  const of = (report: Report) => ({
    model: report.model,
    verdict: report.verdict,
    judged: report.judged,
    forced: report.forced,
    approvals: countedApprovalsOf(report),
  });
  const single = judgements.length === 1 && judgements[0]!.name === undefined ? judgements[0]!.report : undefined;
  const common = { commit: facts.commit, ...(facts.parent ? { parent: facts.parent } : {}) };
  if (single) {
    const { model, verdict, judged, forced, approvals } = of(single);
    return {
      schemaVersion: '1.0',
      tool: single.tool,
      model,
      ...common,
      verdict,
      judged,
      forced,
      approvals,
      run: facts.runUrl,
      generatedAt,
    };
  }
  return {
    schemaVersion: '1.0',
    tool: judgements[0]?.report.tool,
    ...common,
    verdict: judgements.every((j) => j.report.verdict === 'pass') ? 'pass' : 'fail',
    judged: judgements.every((j) => j.report.judged),
    models: judgements.map((j) => ({ name: j.name ?? j.report.model.name, ...of(j.report) })),
    run: facts.runUrl,
    generatedAt,
  };
}
