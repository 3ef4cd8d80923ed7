/**
 * The auditor's questions about one release, answered from the repository alone (pure): who approved it and with
 * what note, who reviewed its bias report, who rejected it, what Jira said when the gate read the ticket (the
 * snapshot the record event keeps), whether it was forced and by whom, what a rollback replaced, which policy file
 * judged it, and every gap in its evidence. Jira is never asked: five years on, the ticket may be gone; the record
 * is what the audit can stand on.
 */
import { sha256Hex } from '../formats/canonical-digest.js';
import type { Policy } from '../policy/policy.js';
import type { JiraSnapshot } from '../release/jira-snapshot.js';
import { parseS3Url } from '../adapters/s3-location.js';
import { retentionUntil, type ArchiveObjectHead } from './archive-plan.js';
import type { AuditEvent } from './hash-chain.js';
import { isObject } from '../formats/json-object.js';

const textOr = (v: unknown, fallback: string | null): string | null => (typeof v === 'string' ? v : fallback);

/** One human judgement recorded in the manifest or the bias report, as written (the verdicts judge it elsewhere). */
export interface RecordedJudgement {
  by: string;
  role: string;
  decision: string;
  at: string;
  note: string | null;
}

/** A rejection, and which document it was recorded in. */
export interface AuditedRejection extends RecordedJudgement {
  of: 'manifest' | 'bias report';
}

/** A forced promotion: the `force` event's justification and the force approver it names. */
export interface AuditedForce {
  justification: string | null;
  by: string | null;
  at: string;
  seq: number;
}

/** A rollback: the version it replaced, the version it restored, why, and who did it (the `rollback` event). */
export interface AuditedRollback {
  from: string | null;
  to: string;
  reason: string | null;
  actor: string | null;
  at: string | null;
}

export type AuditGapKind =
  | 'no-record-event'
  | 'record-event-from-change'
  | 'no-archive'
  | 'no-jira-snapshot'
  | 'evidence-deleted'
  | 'object-deleted'
  | 'object-unversioned'
  | 'object-unchecked';

/**
 * An `s3://` artifact of a release and whether the version it names is still in the store (asked when the audit ran):
 * `exists`; `gone` (no such version, key or bucket, or a delete marker); `unversioned` (the bucket keeps no versions,
 * or the manifest pins none: what is there now need not be what was approved); `unchecked` (the store could not be
 * asked: no credentials, no network, a 403).
 */
export interface AuditedObject {
  path: string;
  bucket: string;
  key: string;
  versionId: string | null;
  status: 'exists' | 'gone' | 'unversioned' | 'unchecked';
  /** What the store answered, for `gone` and `unchecked`. */
  note?: string;
}

/**
 * Something the evidence of a release lacks. `fails`: whether it fails the release (a gap that predates what the
 * repository could have recorded, e.g. releases merged before record mode was in use, is shown but does not fail).
 */
export interface AuditGap {
  kind: AuditGapKind;
  message: string;
  fails: boolean;
}

/** A file under an archive folder that git once held and the tip does not: when it came and when it went. */
export interface DeletedEvidence {
  path: string;
  addedCommit: string;
  addedAt: string;
  deletedCommit: string;
  deletedAt: string;
}

/** The judgements of a document (manifest `approvals`, bias report `approvals`) as written. */
export function recordedJudgements(doc: unknown): RecordedJudgement[] {
  const list = isObject(doc) && Array.isArray(doc['approvals']) ? doc['approvals'].filter(isObject) : [];
  return list.map((a) => ({
    by: String(a['approver']),
    role: String(a['role']),
    decision: String(a['decision']),
    at: String(a['at']),
    note: textOr(a['note'], null),
  }));
}

/** Every rejection in the manifest and the bias report. */
export function rejectionsOf(manifest: unknown, biasReport: unknown): AuditedRejection[] {
  const of = (doc: unknown, where: AuditedRejection['of']) =>
    recordedJudgements(doc)
      .filter((j) => j.decision === 'rejected')
      .map((j) => ({ of: where, ...j }));
  return [...of(manifest, 'manifest'), ...of(biasReport, 'bias report')];
}

/**
 * The record event of a release: the `promote` or `rollback` event record mode (or `mlgov rollback`) wrote; for a
 * rollback its `rollback` event first.
 */
export function recordEventOf(events: AuditEvent[], isRollback: boolean): AuditEvent | undefined {
  const own = events.find((e) => e.action === (isRollback ? 'rollback' : 'promote'));
  return own ?? events.find((e) => e.action === 'promote' || e.action === 'rollback');
}

/**
 * The Jira snapshot a record event keeps (`details.jira`), when it has the snapshot's shape; anything else is "no
 * snapshot" rather than a guess.
 */
export function jiraSnapshotOfEvent(event: AuditEvent | undefined): JiraSnapshot | null {
  const s = isObject(event?.details) ? event.details['jira'] : undefined;
  if (!isObject(s) || typeof s['key'] !== 'string' || typeof s['readAt'] !== 'string' || typeof s['check'] !== 'string')
    return null;
  return s as unknown as JiraSnapshot;
}

/** The `force` event of the release, if it was forced. */
export function forceOf(events: AuditEvent[]): AuditedForce | null {
  const e = events.find((x) => x.action === 'force');
  if (!e) return null;
  const by = isObject(e.details) ? textOr(e.details['by'], null) : null;
  return { justification: e.reason, by, at: e.at, seq: e.seq };
}

/**
 * A rollback release's facts: from its `rollback` event (what `mlgov rollback` or record mode logged), else from the
 * manifest's `release` (a claim, but the best the repository holds; the missing event is a gap of its own).
 */
export function rollbackOf(manifest: Record<string, unknown>, events: AuditEvent[]): AuditedRollback | null {
  const release = isObject(manifest['release']) ? manifest['release'] : {};
  const e = events.find((x) => x.action === 'rollback');
  if (!e && release['type'] !== 'rollback') return null;
  const d = isObject(e?.details) ? e.details : {};
  return {
    from: textOr(d['from'], textOr(d['replaces'], textOr(release['rollbackOf'], null))),
    to: textOr(d['to'], null) ?? String(manifest['version']),
    reason: e ? e.reason : textOr(release['reason'], null),
    actor: e ? e.actor : null,
    at: e ? e.at : null,
  };
}

/** The bundle path of a policy file: named by the first release (in report order) that had those bytes. */
export function policyBundlePaths(byCommit: Array<{ commit: string; bytes: Uint8Array }>): Map<string, string> {
  const pathOfContent = new Map<string, string>();
  const out = new Map<string, string>();
  for (const { commit, bytes } of byCommit) {
    const digest = sha256Hex(bytes);
    const path = pathOfContent.get(digest) ?? `policies/${commit.slice(0, 12)}.yml`;
    pathOfContent.set(digest, path);
    out.set(commit, path);
  }
  return out;
}

/**
 * The evidence of a release's archive folder removed before the policy's retention ran out: retention counts from
 * the commit that added the file (`evidence.retentionYears`, as `mlgov archive` writes into evidence.json).
 */
export function deletedBeforeRetention(
  deleted: DeletedEvidence[],
  dir: string | null,
  policy: Pick<Policy, 'evidence'>,
): AuditGap[] {
  if (dir === null) return [];
  return (
    deleted
      // The folder's own files: a primary folder's `rollback-…` subfolders are other releases' evidence.
      .filter((d) => d.path.startsWith(`${dir}/`) && !d.path.slice(dir.length + 1).includes('/'))
      .flatMap((d) => {
        const until = retentionUntil(new Date(d.addedAt), policy.evidence.retentionYears);
        if (d.deletedAt.slice(0, 10) >= until) return [];
        return [
          {
            kind: 'evidence-deleted' as const,
            message: `${d.path} (added at ${d.addedCommit.slice(0, 12)} on ${d.addedAt}) was deleted at ${d.deletedCommit.slice(0, 12)} on ${d.deletedAt}, before its retention until ${until} (evidence.retentionYears ${policy.evidence.retentionYears})`,
            fails: true,
          },
        ];
      })
  );
}

/**
 * The `s3://` artifacts of a release and their gaps. A version gone before the release's retention ran out (counted
 * from the commit that put the release in force, `evidence.retentionYears`) is evidence lost: a failing gap. An
 * unversioned object cannot prove the approved bytes are still the ones under its key: a gap that does not fail (the
 * gate warned when it was released). A store that could not be asked is a failing gap: the audit could not check, and
 * that is never a pass.
 */
export function objectAnswers(
  manifest: Record<string, unknown>,
  checks: Record<string, ArchiveObjectHead>,
  retention: { from: string; years: number; now: string },
): { objects: AuditedObject[]; gaps: AuditGap[] } {
  const objects: AuditedObject[] = [];
  const gaps: AuditGap[] = [];
  const artifacts = Array.isArray(manifest['artifacts']) ? manifest['artifacts'].filter(isObject) : [];
  const until = retentionUntil(new Date(retention.from), retention.years);
  for (const a of artifacts) {
    const path = a['path'];
    if (typeof path !== 'string' || !path.startsWith('s3://')) continue;
    const parsed = parseS3Url(path);
    if (!parsed.ok) continue; // the gate refused it when it was released; the checksum record names the artifact
    const { bucket, key, versionId } = parsed.location;
    const at = { path, bucket, key, versionId: versionId ?? null };
    const check = checks[path];
    if (check === undefined || (check.kind === 'failure' && check.verdict === 'indeterminate')) {
      const why = check?.kind === 'failure' ? `${check.message} (${check.fix})` : 'it was not looked up';
      objects.push({ ...at, status: 'unchecked', note: why });
      gaps.push({
        kind: 'object-unchecked',
        message: `could not check that ${path} still exists: ${why}`,
        fails: true,
      });
    } else if (check.kind === 'failure') {
      objects.push({ ...at, status: 'gone', note: check.message });
      const early = retention.now.slice(0, 10) < until;
      gaps.push({
        kind: 'object-deleted',
        message: `${path} is no longer in the store (${check.message})${early ? `, before its retention until ${until} (evidence.retentionYears ${retention.years}): a lifecycle rule or a delete removed evidence` : `; its retention ended ${until}`}`,
        fails: early,
      });
    } else if (versionId === undefined) {
      objects.push({ ...at, status: 'unversioned' });
      gaps.push({
        kind: 'object-unversioned',
        message: `${path} names no version${check.versionId === undefined ? ` (bucket ${bucket} keeps none)` : ''}: the bytes under the key can have been replaced since the release was approved`,
        fails: false,
      });
    } else {
      objects.push({ ...at, status: 'exists' });
    }
  }
  return { objects, gaps };
}

/** Whether record mode was in use when the release was merged: the model's log has a record event from before. */
export function recordModeInUse(modelEvents: AuditEvent[], mergedAt: string): boolean {
  const t = Date.parse(mergedAt);
  return modelEvents.some((e) => (e.action === 'promote' || e.action === 'rollback') && Date.parse(e.at) <= t);
}

/**
 * Which commit of the log's first-parent history added each event (seq → commit): the events a version of the log
 * holds beyond the version before it came with that version's commit. Empty when the history was not read.
 */
export function eventsIntroducedBy(
  history: ReadonlyArray<{ commit: string; text?: string }> | undefined,
): Map<number, string> {
  const out = new Map<number, string>();
  let before = 0;
  for (const v of history ?? []) {
    const count = (v.text ?? '').split('\n').filter((l) => l.trim() !== '').length;
    for (let seq = before + 1; seq <= count; seq++) out.set(seq, v.commit);
    before = count;
  }
  return out;
}

/**
 * The gaps of the record itself: no record event; a promote event that came with the merge of the release (record
 * mode writes after the merge, so one in the merged change is its author's claim, Jira snapshot and all); a record
 * event without the Jira snapshot.
 */
export function recordGaps(args: {
  record: AuditEvent | undefined;
  snapshot: JiraSnapshot | null;
  recordModeInUse: boolean;
  /** Whether the policy in force when the release was merged required a Jira sign-off. */
  signOffRequired: boolean;
  label: string;
  /** The release's own commit, when the record event came with it (see {@link eventsIntroducedBy}). */
  claimedBy?: string;
}): AuditGap[] {
  const { record, snapshot, label } = args;
  if (record && args.claimedBy !== undefined) {
    return [
      {
        kind: 'record-event-from-change',
        message: `the ${record.action} event (line ${record.seq}) of ${label} came with ${args.claimedBy.slice(0, 12)}, the commit that merged the release: record mode writes after the merge, so it is the change's claim, not a record`,
        fails: true,
      },
    ];
  }
  if (!record) {
    return [
      {
        kind: 'no-record-event',
        message: args.recordModeInUse
          ? `no promote/rollback event records the merge of ${label} in the audit log`
          : `no promote/rollback event records the merge of ${label} (the audit log had no record event before it: record mode was not in use)`,
        fails: args.recordModeInUse,
      },
    ];
  }
  if (snapshot) return [];
  // The policy requires Jira's sign-off when it names one; without it, the ticket's status is all Jira adds.
  const required = args.signOffRequired;
  return [
    {
      kind: 'no-jira-snapshot',
      message: `the record event (line ${record.seq}) of ${label} keeps no Jira snapshot${required ? ', and the policy requires a Jira sign-off' : ''}`,
      fails: required,
    },
  ];
}
