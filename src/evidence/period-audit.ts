/**
 * The quarterly audit (`mlgov audit --since DATE --until DATE`): pure. From the branch's release history (the
 * first-parent commits that changed the manifest, with the manifest and bias report at each), the archive and the
 * audit log at the branch tip, it lists every release that was in force during the period and judges its evidence:
 *
 * - approvals: approved, by roster members holding the role, bound to the release's manifest digest, meeting the
 *   policy's required roles and counts (`none` = not one valid approval);
 * - bias: the report exists, matches the manifest's `biasReport.sha256`, carries an approval of the policy's
 *   reviewer role bound to its digest, no rejection, and no reported summary metric beyond the policy thresholds;
 * - checksum record: every artifact declares a SHA-256, and for a superseded release the archived
 *   `checksums.sha256` records each of them;
 * - archive: a superseded release is archived at the tip, `manifest.json` and `bias-report.json` byte-identical to
 *   the release's files and `evidence.json` present (the release still in force is not due yet). A release that
 *   came from a rollback of version X is, once superseded, checked against its own archive
 *   `<archiveDir>/<model>/<X>/rollback-<digest12>/` (the primary folder holds the original X; archive-plan.ts). A
 *   rollback still in force is checked against the primary archive it restored: intact when its manifest matches
 *   the archived one apart from what a rollback may change (`release`, `approvals`, `jira`; restored-release.ts);
 * - audit-log events for the release, and whether the log verifies;
 * - the auditor's questions (audit-answers.ts): reviews, rejections, the Jira snapshot of the record event, force,
 *   rollback, the policy file in force, and the gaps (no record event, a record event that came with the change, no
 *   archive, no Jira snapshot, evidence deleted before its retention); a failing gap is a problem of the release;
 * - `s3://` artifacts: whether the version each names is still in the store (`objectAnswers`): one deleted before
 *   its retention, or one the store could not be asked about, fails the release; an unversioned one is a gap shown.
 *
 * A release passes when all of these hold; the period passes when every release passes and the log verifies.
 */
import { biasReportBindingMatches, boundReportFileOf } from '../formats/bias-report-binding.js';
import type { BiasMetricName, BiasReport, Threshold } from '../formats/bias-report.js';
import { canonicalJson, manifestDigest, reportDigest } from '../formats/canonical-digest.js';
import type { Manifest } from '../formats/manifest.js';
import type { Policy } from '../policy/policy.js';
import {
  archiveFolder,
  isSafeSegment,
  parseChecksums,
  rollbackArchiveFolder,
  type ArchiveObjectHead,
} from './archive-plan.js';
import { archiveRoot, auditLogOf, eventsOfModel } from '../release/release-locator.js';
import { AUDIT_LOG_FILE, verifyAuditLog, type AuditEvent } from './hash-chain.js';
import { verifyLogHistory, type LogVersion } from './log-history.js';
import type { JiraSnapshot } from '../release/jira-snapshot.js';
import { restoredReleaseEssence, ROLLBACK_MAY_CHANGE } from '../release/restored-release.js';
import {
  deletedBeforeRetention,
  eventsIntroducedBy,
  forceOf,
  jiraSnapshotOfEvent,
  objectAnswers,
  policyBundlePaths,
  recordedJudgements,
  recordEventOf,
  recordGaps,
  recordModeInUse,
  rejectionsOf,
  rollbackOf,
  type AuditedForce,
  type AuditedRejection,
  type AuditedRollback,
  type AuditGap,
  type AuditedObject,
  type DeletedEvidence,
  type RecordedJudgement,
} from './audit-answers.js';
import { isObject } from '../formats/json-object.js';

/** One first-parent change of the manifest, with the files as they were at that commit. */
export interface ReleaseChangeInput {
  commit: string;
  committedAt: string;
  subject: string;
  /** Undefined when the change deleted the manifest. */
  manifest?: Uint8Array;
  biasReport?: Uint8Array;
  /**
   * Whether the policy in force at this commit required a Jira sign-off for the model (read there): a release is
   * judged by the rules it was released under, not by today's. Undefined when unknown (the model's policy decides).
   */
  signOffRequired?: boolean;
}

/** One model the audit covers: its releases while the policy governed it, and the policy that judges them. */
export interface AuditedModelInput {
  /** The policy's name for the model (a policy with `models:`); undefined for a single-model policy. */
  name?: string;
  /** The model's effective policy (the release locator's): `model` holds its paths, its own thresholds laid over. */
  policy: Policy;
  /** Oldest first; a change without a manifest ends the release in force (deleted, or no longer governed). */
  changes: ReleaseChangeInput[];
}

/** One audit log at the tip (models sharing an archive folder share it), with its history. */
export interface AuditLogInput {
  /** The archive folder holding the log (the locator's `auditLogOf`). */
  archiveDir: string;
  /** The log at the tip ('' when absent). */
  text: string;
  /**
   * Every version of the log along the branch's first-parent line up to the tip, oldest first. Each must be a prefix
   * of the next (log-history.ts); undefined when not read (the history check is then not made).
   */
  history?: LogVersion[];
}

export interface PeriodAuditInput {
  ref: string;
  tipCommit: string;
  /** Period bounds, ISO 8601, inclusive. */
  since: string;
  until: string;
  generatedAt: string;
  toolVersion: string;
  /** The policy at the tip. */
  policy: Policy;
  /** True when some version of the policy listed its models: the report then has a verdict per model. */
  listsModels?: boolean;
  /** The models audited, in the policy's order. */
  models: AuditedModelInput[];
  /** Files under the archive folders at the tip that the audit needs (path → bytes). */
  archiveFiles: Record<string, Uint8Array>;
  /** The audit logs of the models' archive folders; the first is the report's `auditLog`. */
  logs: AuditLogInput[];
  /** The policy file's bytes at each release's commit (commit → bytes; absent when the commit had none). */
  policyFiles?: Record<string, Uint8Array>;
  /** Files under the archive folders that git once held and the tip does not (audit-evidence-reader.ts). */
  deletedEvidence?: DeletedEvidence[];
  /**
   * What the store answered for each `s3://` artifact of the releases, by its path as written (HeadObject of the
   * version it pins, audit-evidence-reader.ts); a release's object with no answer here is "could not check".
   */
  objectChecks?: Record<string, ArchiveObjectHead>;
}

export type BiasVerdict =
  'approved' | 'not-reviewed' | 'rejected' | 'threshold-exceeded' | 'digest-mismatch' | 'missing' | 'unreadable';
export type ArchiveStatus = 'intact' | 'missing' | 'altered' | 'incomplete' | 'not-due';
export type ChecksumStatus = 'present' | 'missing' | 'incomplete';

export interface AuditedApproval {
  approver: string;
  role: string;
  decision: string;
  at: string;
  /** The approver's note, as written; null when none. */
  note: string | null;
  /** Counts towards the required roles: approved, digest-bound, by a roster member holding the role. */
  valid: boolean;
  why?: string;
}

export interface AuditedRelease {
  /** The manifest's name of the model. */
  model: string;
  /** The policy's name for the model the release is of (only when the policy lists its models). */
  governedAs?: string;
  version: string;
  releaseType: string;
  /** The commit that brought the release onto the branch (the merge commit for a pull request). */
  commit: string;
  /** Every first-parent commit that changed this release's manifest while it was in force. */
  commits: string[];
  inForceFrom: string;
  /** When the next release (or the manifest's removal) replaced it; null while still in force at the tip. */
  inForceUntil: string | null;
  jira: string | null;
  manifestDigest: string | null;
  approvals: AuditedApproval[];
  /** Logins of the valid approvals. */
  approvers: string[];
  approvalsVerdict: 'met' | 'incomplete' | 'none';
  bias: { verdict: BiasVerdict; metrics: Partial<Record<BiasMetricName, number>>; reviewers: string[] };
  checksumRecord: ChecksumStatus;
  /**
   * `dir`: the folder judged. `restores`: for a rollback release archived in its `rollback-…` folder, the primary
   * folder of the version it restored.
   */
  archive: { status: ArchiveStatus; dir: string | null; restores?: string };
  events: Array<Pick<AuditEvent, 'seq' | 'at' | 'action' | 'actor'>>;
  /** Every judgement written in the bias report (the fairness review): who, role, outcome, when, note. */
  fairnessReview: RecordedJudgement[];
  /** Every rejection in the manifest or the bias report, with its note. */
  rejections: AuditedRejection[];
  /** What the gate read from Jira when it judged the release (the record event's `details.jira`); null: none kept. */
  jiraSnapshot: JiraSnapshot | null;
  /** The `force` event of a forced promotion; null when not forced. */
  forced: AuditedForce | null;
  /** What a rollback replaced and restored; null when the release is not a rollback. */
  rollback: AuditedRollback | null;
  /** The policy file at the release's commit, as kept in the bundle (`policies/<commit12>.yml`); null when none. */
  policyFile: string | null;
  /** The release's `s3://` artifacts and whether each named version still exists (absent: the release has none). */
  objects?: AuditedObject[];
  /** Every gap in the release's evidence; the failing ones are also in `problems`. */
  gaps: AuditGap[];
  verdict: 'pass' | 'fail';
  problems: string[];
}

export interface AuditReport {
  tool: { name: 'mlgov'; version: string };
  generatedAt: string;
  ref: string;
  commit: string;
  period: { since: string; until: string };
  /**
   * `history`: whether every version of the log in git extended the one before (the whole first-parent history up
   * to the tip: a rewrite at any time falsifies the log the period is judged from); `commit` names the first that
   * did not.
   */
  auditLog: AuditLogVerdict;
  /** Every audit log judged, by path (only when the policy lists its models). */
  auditLogs?: Array<{ path: string } & AuditLogVerdict>;
  /** A verdict per model (only when the policy lists its models): its releases and its audit log. */
  models?: AuditedModel[];
  releases: AuditedRelease[];
  verdict: 'pass' | 'fail';
  summary: { releases: number; passed: number; failed: number };
}

export interface AuditLogVerdict {
  ok: boolean;
  events: number;
  problem?: string;
  line?: number;
  history?: { ok: boolean; versions: number; commit?: string };
}

/** One model's verdict: it passes when every release of it in force during the period passes and its log verifies. */
export interface AuditedModel {
  name: string;
  manifest: string;
  biasReport: string;
  /** The model's audit log. */
  auditLog: string;
  verdict: 'pass' | 'fail';
  summary: { releases: number; passed: number; failed: number };
  problems: string[];
}

/** Whether every number in a parsed JSON value is finite (`1e999` parses to Infinity, which no digest can hold). */
function finiteThroughout(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === 'number' && !Number.isFinite(v)) return false;
    if (typeof v === 'object' && v !== null) pending.push(...Object.values(v));
  }
  return true;
}

/**
 * A committed JSON file's value, or undefined when it cannot be judged: not JSON, or holding a number too large for
 * a double, whose digest cannot be computed (the audit would otherwise stop on one such file in the history).
 */
function parseJson(bytes: Uint8Array | undefined): unknown {
  if (!bytes) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    return finiteThroughout(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `YYYY-MM-DD` → the start (or end) of that UTC day; a full ISO 8601 time with its zone (`Z` or `±HH:MM`) is kept.
 * Undefined for anything else: a day the month does not have (`2026-02-30`, which Date.parse would roll over into
 * March), a time without a zone (read in the machine's local time, the period would depend on where it runs), and
 * the free forms Date.parse also takes (`"2026-03-31 "`, `"foo 2026-03-31"`), which it reads as the start of a
 * local day, so an `--until` would silently lose that day.
 */
export function periodBound(text: string, end: boolean): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const t = Date.parse(`${text}T00:00:00.000Z`);
    if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== text) return undefined;
    return new Date(end ? t + 86_400_000 - 1 : t).toISOString();
  }
  const time =
    /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/.exec(text);
  if (!time || periodBound(time[1]!, false) === undefined) return undefined;
  return new Date(Date.parse(text)).toISOString();
}

/** Worst reported value per summary metric across attributes (max for spreads, min for the ratio). */
function summariseMetrics(report: BiasReport): Partial<Record<BiasMetricName, number>> {
  const out: Partial<Record<BiasMetricName, number>> = {};
  for (const attr of Array.isArray(report.attributes) ? report.attributes : []) {
    if (!isObject(attr) || !isObject(attr.metrics)) continue;
    for (const [name, value] of Object.entries(attr.metrics)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      const key = name as BiasMetricName;
      const prev = out[key];
      out[key] =
        prev === undefined ? value : key === 'disparate_impact_ratio' ? Math.min(prev, value) : Math.max(prev, value);
    }
  }
  return out;
}

function beyond(value: number, t: Threshold | undefined): boolean {
  return t !== undefined && ((t.max !== undefined && value > t.max) || (t.min !== undefined && value < t.min));
}

function judgeBias(policy: Policy, m: Manifest, bytes: Uint8Array | undefined): AuditedRelease['bias'] {
  if (!bytes) return { verdict: 'missing', metrics: {}, reviewers: [] };
  const report = parseJson(bytes);
  if (!isObject(report)) return { verdict: 'unreadable', metrics: {}, reviewers: [] };
  const r = report as unknown as BiasReport;
  const metrics = summariseMetrics(r);
  const digest = reportDigest(r);
  const approvals = Array.isArray(r.approvals) ? r.approvals.filter(isObject) : [];
  const reviewers = approvals
    .filter((a) => a.decision === 'approved' && a.role === policy.bias.reviewerRole && a.reportDigest === digest)
    .map((a) => String(a.approver));
  const base = { metrics, reviewers };
  if (
    isObject(m.biasReport) &&
    !biasReportBindingMatches(m.biasReport.sha256, boundReportFileOf(m.biasReport.path, bytes))
  )
    return { verdict: 'digest-mismatch', ...base };
  if (approvals.some((a) => a.decision === 'rejected')) return { verdict: 'rejected', ...base };
  if (reviewers.length === 0) return { verdict: 'not-reviewed', ...base };
  const thresholds = policy.bias.thresholds;
  if (Object.entries(metrics).some(([k, v]) => beyond(v, thresholds[k as BiasMetricName])))
    return { verdict: 'threshold-exceeded', ...base };
  return { verdict: 'approved', ...base };
}

function judgeApprovals(
  policy: Policy,
  m: Manifest,
  digest: string,
): Pick<AuditedRelease, 'approvals' | 'approvers' | 'approvalsVerdict'> {
  const roster = new Map(policy.approvals.roster.map((r) => [r.login, r.roles]));
  const approvals: AuditedApproval[] = (Array.isArray(m.approvals) ? m.approvals : []).filter(isObject).map((a) => {
    const base = {
      approver: String(a.approver),
      role: String(a.role),
      decision: String(a.decision),
      at: String(a.at),
      note: typeof a.note === 'string' ? a.note : null,
    };
    if (a.decision !== 'approved') return { ...base, valid: false, why: `decision ${String(a.decision)}` };
    if (a.manifestDigest !== digest) return { ...base, valid: false, why: 'bound to another manifest digest' };
    if (roster.size > 0 && !(roster.get(base.approver) ?? []).includes(base.role))
      return { ...base, valid: false, why: 'not on the roster with this role' };
    return { ...base, valid: true };
  });
  const valid = approvals.filter((a) => a.valid);
  const met = policy.approvals.required.every(
    (req) => new Set(valid.filter((a) => a.role === req.role).map((a) => a.approver)).size >= req.count,
  );
  return {
    approvals,
    approvers: [...new Set(valid.map((a) => a.approver))],
    approvalsVerdict: valid.length === 0 ? 'none' : met ? 'met' : 'incomplete',
  };
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
  a !== undefined && b !== undefined && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** The manifest without what a rollback may change (the gate's rule, release/restored-release.ts). */
function restoredEssence(v: unknown): string {
  return isObject(v) ? restoredReleaseEssence(v) : '';
}

interface ReleaseSpan {
  first: ReleaseChangeInput;
  last: ReleaseChangeInput;
  commits: string[];
  until: string | null;
}

/** Groups the manifest changes into releases: consecutive changes with the same name and version are one release. */
function releaseSpans(changes: ReleaseChangeInput[]): ReleaseSpan[] {
  const spans: ReleaseSpan[] = [];
  let open: ReleaseSpan | undefined;
  const key = (c: ReleaseChangeInput) => {
    const v = parseJson(c.manifest);
    return isObject(v)
      ? `${String(v['name'])}\0${String(v['version'])}\0${String(isObject(v['release']) ? v['release']['type'] : '')}`
      : `unreadable\0${c.commit}`;
  };
  for (const c of changes) {
    if (open && c.manifest && key(c) === key(open.last)) {
      open.last = c;
      open.commits.push(c.commit);
      continue;
    }
    if (open) open.until = c.committedAt;
    open = undefined;
    if (!c.manifest) continue; // the manifest was removed: no release in force until the next one
    open = { first: c, last: c, commits: [c.commit], until: null };
    spans.push(open);
  }
  return spans;
}

/** What judging one model's releases reads: its policy, the archive at the tip and its audit log's events. */
interface ModelAuditContext {
  policy: Policy;
  governedAs?: string;
  archiveFiles: Record<string, Uint8Array>;
  events: AuditEvent[];
  since: number;
  until: number;
  /** Release commit → the policy file's path in the bundle. */
  policyPaths: Map<string, string>;
  /** The log's events by the commit that added them (seq → commit; empty when the log's history was not read). */
  introducedBy: Map<number, string>;
  deletedEvidence: DeletedEvidence[];
  objectChecks: Record<string, ArchiveObjectHead>;
  /** When the audit ran: an object version gone now, before its retention ends, is evidence lost. */
  generatedAt: string;
}

/** Builds the audit report for the period (see the module comment): every model's releases, then the verdicts. */
export function buildAuditReport(input: PeriodAuditInput): AuditReport {
  const logs = new Map(input.logs.map((l) => [archiveRoot(l.archiveDir), l]));
  const verified = new Map([...logs].map(([dir, l]) => [dir, verifyAuditLog(l.text)]));
  const judged = new Map([...logs].map(([dir, l]) => [dir, judgeAuditLog(l, verified.get(dir)!)]));
  const releases: AuditedRelease[] = [];
  const models: AuditedModel[] = [];
  const policyFiles = input.policyFiles ?? {};
  const policyPaths = policyBundlePaths(
    input.models.flatMap((m) =>
      m.changes.flatMap((c) => (policyFiles[c.commit] ? [{ commit: c.commit, bytes: policyFiles[c.commit]! }] : [])),
    ),
  );
  for (const model of input.models) {
    const dir = archiveRoot(model.policy.model.archiveDir);
    const own = auditModelReleases(model.changes, {
      policy: model.policy,
      ...(input.listsModels && model.name !== undefined ? { governedAs: model.name } : {}),
      archiveFiles: input.archiveFiles,
      events: verified.get(dir)?.events ?? [],
      since: Date.parse(input.since),
      until: Date.parse(input.until),
      policyPaths,
      introducedBy: eventsIntroducedBy(logs.get(dir)?.history),
      deletedEvidence: input.deletedEvidence ?? [],
      objectChecks: input.objectChecks ?? {},
      generatedAt: input.generatedAt,
    });
    releases.push(...own);
    models.push(modelVerdict(model, own, judged.get(dir)));
  }
  const failed = releases.filter((r) => r.verdict === 'fail').length;
  const first = judged.get(archiveRoot(input.policy.model.archiveDir)) ?? [...judged.values()][0];
  const auditLog = first ?? judgeAuditLog({ archiveDir: input.policy.model.archiveDir, text: '' }, verifyAuditLog(''));
  const logsOk = [...judged.values()].every((l) => l.ok) && auditLog.ok;
  return {
    tool: { name: 'mlgov', version: input.toolVersion },
    generatedAt: input.generatedAt,
    ref: input.ref,
    commit: input.tipCommit,
    period: { since: input.since, until: input.until },
    auditLog,
    ...(input.listsModels
      ? { auditLogs: [...judged].map(([dir, v]) => ({ path: auditLogOf({ archiveDir: dir }), ...v })), models }
      : {}),
    releases,
    verdict: failed === 0 && logsOk ? 'pass' : 'fail',
    summary: { releases: releases.length, passed: releases.length - failed, failed },
  };
}

/** One model's verdict: its releases in the period, and its audit log (shared or its own). */
function modelVerdict(
  model: AuditedModelInput,
  releases: AuditedRelease[],
  log: AuditLogVerdict | undefined,
): AuditedModel {
  const failed = releases.filter((r) => r.verdict === 'fail');
  const logPath = auditLogOf(model.policy.model);
  const problems = failed.map((r) => `${r.version} (${r.commit.slice(0, 12)}): ${r.problems.join('; ')}`);
  if (log && !log.ok) problems.push(`${logPath}: ${log.problem ?? 'does not verify'}`);
  return {
    name: model.name ?? model.policy.model.manifest,
    manifest: model.policy.model.manifest,
    biasReport: model.policy.model.biasReport,
    auditLog: logPath,
    verdict: problems.length === 0 ? 'pass' : 'fail',
    summary: { releases: releases.length, passed: releases.length - failed.length, failed: failed.length },
    problems,
  };
}

/** The releases of one model in force during the period, each judged (see the module comment). */
function auditModelReleases(changes: ReleaseChangeInput[], ctx: ModelAuditContext): AuditedRelease[] {
  const spans = releaseSpans(changes);
  // Manifest digests of every release of a version: a version released twice (the original and a rollback to it)
  // shares its log events out by the digest and archive folder they name.
  const digestsOf = new Map<string, Set<string>>();
  for (const span of spans) {
    const v = parseJson(span.last.manifest);
    if (!isObject(v)) continue;
    const key = `${String(v['name'])}\0${String(v['version'])}`;
    digestsOf.set(key, (digestsOf.get(key) ?? new Set()).add(manifestDigest(v)));
  }
  const releases: AuditedRelease[] = [];
  for (const span of spans) {
    const from = Date.parse(span.first.committedAt);
    const to = span.until === null ? Infinity : Date.parse(span.until);
    if (!(from <= ctx.until && to > ctx.since)) continue;
    releases.push(auditRelease(span, ctx, digestsOf));
  }
  return releases;
}

/** A release whose manifest is not JSON: nothing of it can be judged. */
function unreadableRelease(span: ReleaseSpan, ctx: ModelAuditContext): AuditedRelease {
  return {
    model: '?',
    ...(ctx.governedAs !== undefined ? { governedAs: ctx.governedAs } : {}),
    version: '?',
    releaseType: '?',
    commit: span.first.commit,
    commits: span.commits,
    inForceFrom: span.first.committedAt,
    inForceUntil: span.until,
    jira: null,
    manifestDigest: null,
    approvals: [],
    approvers: [],
    approvalsVerdict: 'none',
    bias: { verdict: 'unreadable', metrics: {}, reviewers: [] },
    checksumRecord: 'missing',
    archive: { status: 'missing', dir: null },
    events: [],
    fairnessReview: [],
    rejections: [],
    jiraSnapshot: null,
    forced: null,
    rollback: null,
    policyFile: ctx.policyPaths.get(span.first.commit) ?? null,
    gaps: [],
    verdict: 'fail',
    problems: [
      `${ctx.policy.model.manifest} at ${span.last.commit.slice(0, 12)} is not valid JSON (or holds a number too large for a double)`,
    ],
  };
}

/** Judges one release in force during the period: approvals, bias, checksum record, archive and log events. */
function auditRelease(span: ReleaseSpan, ctx: ModelAuditContext, digestsOf: Map<string, Set<string>>): AuditedRelease {
  const { policy } = ctx;
  const value = parseJson(span.last.manifest);
  if (!isObject(value)) return unreadableRelease(span, ctx);
  const problems: string[] = [];
  const m = value as unknown as Manifest;
  const model = String(m.name);
  const version = String(m.version);
  const digest = manifestDigest(m);
  const approvals = judgeApprovals(policy, m, digest);
  if (approvals.approvalsVerdict === 'none') problems.push('no valid approval');
  else if (approvals.approvalsVerdict === 'incomplete')
    problems.push(
      `approvals do not meet the required roles (${policy.approvals.required.map((r) => `${r.count}× ${r.role}`).join(', ')})`,
    );
  const bias = judgeBias(policy, m, span.last.biasReport);
  if (bias.verdict !== 'approved') problems.push(`bias report ${bias.verdict}`);
  const judged = judgeArchive(span, ctx, m, digest);
  if (judged.checksumRecord !== 'present') problems.push(`checksum record ${judged.checksumRecord}`);
  problems.push(...judged.problems);
  const otherDigests = [...(digestsOf.get(`${model}\0${version}`) ?? [])].filter((d) => d !== digest);
  const events = releaseEvents(ctx, span, m, digest, otherDigests, judged.primaryDir);
  const answers = releaseAnswers(span, ctx, value, events, judged.archive);
  problems.push(...answers.gaps.filter((g) => g.fails && g.kind !== 'no-archive').map((g) => g.message));
  // The gate fails a release its board rejected; one merged anyway is the audit's finding (a bias report's
  // rejection is already the bias verdict).
  for (const j of answers.rejections.filter((x) => x.of === 'manifest'))
    problems.push(`rejected by ${j.by} (${j.role}) at ${j.at}${j.note !== null ? `: ${j.note}` : ''}`);
  return {
    model,
    ...(ctx.governedAs !== undefined ? { governedAs: ctx.governedAs } : {}),
    version,
    releaseType: typeof m.release?.type === 'string' ? m.release.type : 'unknown',
    commit: span.first.commit,
    commits: span.commits,
    inForceFrom: span.first.committedAt,
    inForceUntil: span.until,
    jira: typeof m.jira === 'string' ? m.jira : null,
    manifestDigest: digest,
    ...approvals,
    bias,
    checksumRecord: judged.checksumRecord,
    archive: judged.archive,
    events: events.map((e) => ({ seq: e.seq, at: e.at, action: e.action, actor: e.actor })),
    ...answers,
    verdict: problems.length === 0 ? 'pass' : 'fail',
    problems,
  };
}

/**
 * The auditor's questions about the release (audit-answers.ts): reviews, rejections, the Jira snapshot, force,
 * rollback, the policy file, and the gaps: no record event, no archive, no Jira snapshot, evidence deleted early.
 */
function releaseAnswers(
  span: ReleaseSpan,
  ctx: ModelAuditContext,
  manifest: Record<string, unknown>,
  events: AuditEvent[],
  archive: AuditedRelease['archive'],
): Pick<
  AuditedRelease,
  'fairnessReview' | 'rejections' | 'jiraSnapshot' | 'forced' | 'rollback' | 'policyFile' | 'gaps' | 'objects'
> {
  const report = parseJson(span.last.biasReport);
  const record = recordEventOf(events, isObject(manifest['release']) && manifest['release']['type'] === 'rollback');
  // A rollback's event comes with its change (`mlgov rollback` writes it, the gate requires it); a promote event
  // that does is the change's own claim.
  const addedBy = record?.action === 'promote' ? ctx.introducedBy.get(record.seq) : undefined;
  const claimedBy = addedBy !== undefined && span.commits.includes(addedBy) ? addedBy : undefined;
  const jiraSnapshot = claimedBy === undefined ? jiraSnapshotOfEvent(record) : null;
  const label = `${String(manifest['name'])} ${String(manifest['version'])}`;
  const modelEvents = eventsOfModel(ctx.events, String(manifest['name']));
  const gaps: AuditGap[] = [
    ...recordGaps({
      record,
      snapshot: jiraSnapshot,
      recordModeInUse: recordModeInUse(modelEvents, span.first.committedAt),
      signOffRequired: span.first.signOffRequired ?? ctx.policy.jira.signOff !== undefined,
      label,
      ...(claimedBy !== undefined ? { claimedBy } : {}),
    }),
    ...(archive.status === 'missing'
      ? [
          {
            kind: 'no-archive' as const,
            message: `archive missing (${archive.dir ?? 'no usable name/version'})`,
            fails: true,
          },
        ]
      : []),
    ...deletedBeforeRetention(ctx.deletedEvidence, archive.dir, ctx.policy),
  ];
  const objects = objectAnswers(manifest, ctx.objectChecks, {
    from: span.first.committedAt,
    years: ctx.policy.evidence.retentionYears,
    now: ctx.generatedAt,
  });
  gaps.push(...objects.gaps);
  return {
    ...(objects.objects.length > 0 ? { objects: objects.objects } : {}),
    fairnessReview: recordedJudgements(report),
    rejections: rejectionsOf(manifest, report),
    jiraSnapshot,
    forced: forceOf(events),
    rollback: rollbackOf(manifest, events),
    policyFile: ctx.policyPaths.get(span.first.commit) ?? null,
    gaps,
  };
}

/** The archive verdict and the checksum record of a release (see the module comment). */
function judgeArchive(
  span: ReleaseSpan,
  ctx: ModelAuditContext,
  m: Manifest,
  digest: string,
): {
  archive: AuditedRelease['archive'];
  checksumRecord: ChecksumStatus;
  primaryDir: string | null;
  problems: string[];
} {
  const { archiveFiles } = ctx;
  const archiveDir = ctx.policy.model.archiveDir;
  const model = String(m.name);
  const version = String(m.version);
  const artifacts = (Array.isArray(m.artifacts) ? m.artifacts : []).filter(isObject);
  let checksumRecord: ChecksumStatus =
    artifacts.length > 0 && artifacts.every((a) => typeof a.sha256 === 'string' && /^[0-9a-f]{64}$/.test(a.sha256))
      ? 'present'
      : 'missing';
  const superseded = span.until !== null;
  const isRollback = isObject(m.release) && m.release.type === 'rollback';
  const primaryDir = isSafeSegment(model) && isSafeSegment(version) ? archiveFolder(archiveDir, model, version) : null;
  let dir = primaryDir;
  let restores: string | undefined;
  let archive: ArchiveStatus = superseded ? 'missing' : 'not-due';
  let restoredInForce = false;
  if (superseded && primaryDir) {
    // Where `mlgov archive` put it: beside the primary folder when that holds another manifest of this version.
    const primaryManifest = archiveFiles[`${primaryDir}/manifest.json`];
    if (isRollback && primaryManifest !== undefined && !sameBytes(primaryManifest, span.last.manifest)) {
      dir = rollbackArchiveFolder(archiveDir, model, version, digest);
      restores = primaryDir;
    }
    archive = supersededArchiveStatus(archiveFiles, dir!, span.last);
    if (checksumRecord === 'present')
      checksumRecord = recordedChecksums(archiveFiles[`${dir}/checksums.sha256`], artifacts);
  } else if (!superseded && primaryDir && isRollback) {
    restoredInForce = true;
    archive = restoredArchiveStatus(archiveFiles, primaryDir, span.last);
  }
  const problems: string[] = [];
  if (archive === 'missing') problems.push(`archive missing (${dir ?? 'no usable name/version'})`);
  else if (archive === 'altered')
    problems.push(
      restoredInForce
        ? `rollback does not restore ${dir}/: its manifest differs from the archived one apart from what a rollback may change (${ROLLBACK_MAY_CHANGE.join(', ')})`
        : `archive altered: ${dir}/ is not a byte copy of the release`,
    );
  else if (archive === 'incomplete')
    problems.push(`archive incomplete: ${dir}/ lacks checksums.sha256 or evidence.json`);
  return {
    archive: { status: archive, dir, ...(restores !== undefined ? { restores } : {}) },
    checksumRecord,
    primaryDir,
    problems,
  };
}

/** A superseded release's archive folder: a byte copy of the release, with its checksums and evidence.json. */
function supersededArchiveStatus(
  files: Record<string, Uint8Array>,
  dir: string,
  last: ReleaseChangeInput,
): ArchiveStatus {
  const archived = files[`${dir}/manifest.json`];
  if (!archived) return 'missing';
  const manifestOk = sameBytes(archived, last.manifest);
  const reportOk = last.biasReport ? sameBytes(files[`${dir}/bias-report.json`], last.biasReport) : true;
  if (!manifestOk || !reportOk) return 'altered';
  if (!files[`${dir}/checksums.sha256`] || !files[`${dir}/evidence.json`]) return 'incomplete';
  return 'intact';
}

/** A rollback in force must restore the primary archive (its manifest apart from what a rollback may change). */
function restoredArchiveStatus(
  files: Record<string, Uint8Array>,
  primaryDir: string,
  last: ReleaseChangeInput,
): ArchiveStatus {
  const archived = files[`${primaryDir}/manifest.json`];
  if (!archived) return 'missing';
  const reportOk = last.biasReport ? files[`${primaryDir}/bias-report.json`] !== undefined : true;
  if (restoredEssence(parseJson(archived)) !== restoredEssence(parseJson(last.manifest)) || !reportOk) return 'altered';
  if (!files[`${primaryDir}/checksums.sha256`] || !files[`${primaryDir}/evidence.json`]) return 'incomplete';
  return 'intact';
}

/** Whether the archived checksum record lists every artifact of the release with its digest. */
function recordedChecksums(
  sums: Uint8Array | undefined,
  artifacts: ReadonlyArray<{ path: unknown; sha256: unknown }>,
): ChecksumStatus {
  if (!sums) return 'missing';
  const recorded = new Map(parseChecksums(Buffer.from(sums).toString('utf8')).entries.map((e) => [e.path, e.sha256]));
  return artifacts.every((a) => recorded.get(String(a.path)) === a.sha256) ? 'present' : 'incomplete';
}

/** The log events of this release: its model and version, not another release of the version (digest, folder). */
function releaseEvents(
  ctx: ModelAuditContext,
  span: ReleaseSpan,
  m: Manifest,
  digest: string,
  otherDigests: string[],
  primaryDir: string | null,
): AuditEvent[] {
  const model = String(m.name);
  const version = String(m.version);
  const isRollback = isObject(m.release) && m.release.type === 'rollback';
  const primaryManifest = primaryDir ? ctx.archiveFiles[`${primaryDir}/manifest.json`] : undefined;
  const ownDir =
    primaryDir && isRollback && primaryManifest !== undefined && !sameBytes(primaryManifest, span.last.manifest)
      ? rollbackArchiveFolder(ctx.policy.model.archiveDir, model, version, digest)
      : primaryDir;
  return eventsOfModel(ctx.events, model)
    .filter((e) => e.version === version)
    .filter((e) => {
      const named = isObject(e.details) ? e.details : {};
      if (typeof named['manifestDigest'] === 'string' && otherDigests.includes(named['manifestDigest'])) return false;
      // Record mode's events name no digest: when the version was released more than once, a promote or force event
      // is the release's whose time in force it falls in (record mode writes it once the merge is pushed).
      if ((e.action === 'promote' || e.action === 'force') && otherDigests.length > 0 && !inSpan(e.at, span))
        return false;
      // An archive event of another folder of this version (the original's, or another rollback's) is not ours.
      const dirNamed = e.action === 'archive' && typeof named['dir'] === 'string' ? named['dir'] : undefined;
      return !(
        dirNamed !== undefined &&
        primaryDir !== null &&
        dirNamed !== ownDir &&
        (dirNamed === primaryDir || dirNamed.startsWith(`${primaryDir}/`))
      );
    });
}

/** Whether `at` falls while the release was in force. */
function inSpan(at: string, span: ReleaseSpan): boolean {
  const t = Date.parse(at);
  return t >= Date.parse(span.first.committedAt) && (span.until === null || t < Date.parse(span.until));
}

/**
 * The log's verdict: its chain at the tip, then its history (an intact chain that was re-written is not intact; the
 * history problem is reported first, because it is what the chain cannot show).
 */
function judgeAuditLog(input: AuditLogInput, log: ReturnType<typeof verifyAuditLog>): AuditLogVerdict {
  const h = input.history ? verifyLogHistory(auditLogOf(input), input.history) : undefined;
  const history = h
    ? {
        history: h.ok
          ? { ok: true, versions: h.versions }
          : { ok: false, versions: h.versions, commit: h.break.commit },
      }
    : {};
  if (h && !h.ok) {
    return {
      ok: false,
      events: log.events.length,
      problem: h.break.message,
      ...(h.break.line !== undefined ? { line: h.break.line } : {}),
      ...history,
    };
  }
  return log.ok
    ? { ok: true, events: log.events.length, ...history }
    : { ok: false, events: log.events.length, problem: log.break.message, line: log.break.line, ...history };
}

/**
 * The evidence files of the releases an audit covers, for the bundle: each release's manifest and bias report as
 * released (`releases/<date>_<version>_<commit>/`; under `releases/<model>/` when the policy lists its models), and
 * its archive folder's own files plus, for a rollback archived beside it, the primary archive it restored
 * (`archive/...`; a primary folder's `rollback-…` subfolders belong to other releases), the policy file each release
 * was judged by (`policies/<commit12>.yml`, one per content), and the audit logs.
 * Archive files are grouped by folder once, so the work grows with the releases, not with their product with the
 * archive.
 */
export function buildAuditEvidenceFiles(
  report: AuditReport,
  input: Pick<PeriodAuditInput, 'models' | 'archiveFiles' | 'policy' | 'listsModels' | 'logs' | 'policyFiles'>,
): Array<{ path: string; bytes: Uint8Array }> {
  const byFolder = new Map<string, Array<[string, Uint8Array]>>();
  for (const [path, bytes] of Object.entries(input.archiveFiles)) {
    const folder = path.slice(0, path.lastIndexOf('/'));
    const list = byFolder.get(folder) ?? [];
    list.push([path, bytes]);
    byFolder.set(folder, list);
  }
  const files: Array<{ path: string; bytes: Uint8Array }> = [];
  // Models with archive folders of their own keep each archive under its folder's path: two models may share a name
  // and version (`artifacts/eu` and `artifacts/us`), and one path for both would keep only one model's evidence.
  const ownFolders = new Set(input.models.map((m) => archiveRoot(m.policy.model.archiveDir))).size > 1;
  for (const model of input.models) {
    const archiveDir = archiveRoot(model.policy.model.archiveDir);
    const byCommit = new Map(model.changes.map((c) => [c.commit, c]));
    const own = report.releases.filter((r) => !input.listsModels || r.governedAs === model.name);
    const prefix = input.listsModels && model.name !== undefined ? `releases/${safeSegment(model.name)}` : 'releases';
    for (const r of own) {
      const last = byCommit.get(r.commits[r.commits.length - 1] ?? r.commit);
      const folder = `${prefix}/${r.inForceFrom.slice(0, 10)}_${safeSegment(r.version)}_${r.commit.slice(0, 12)}`;
      if (last?.manifest) files.push({ path: `${folder}/manifest.json`, bytes: last.manifest });
      if (last?.biasReport) files.push({ path: `${folder}/bias-report.json`, bytes: last.biasReport });
      for (const dir of [r.archive.dir, r.archive.restores]) {
        if (!dir) continue;
        for (const [path, bytes] of byFolder.get(dir) ?? []) {
          files.push({ path: `archive/${ownFolders ? path : path.slice(archiveDir.length + 1)}`, bytes });
        }
      }
    }
  }
  // The policy in force at each release, once per content (the report names the file each release was judged by).
  const policies = new Map<string, Uint8Array>();
  for (const r of report.releases) {
    const bytes = input.policyFiles?.[r.commit];
    if (r.policyFile && bytes && !policies.has(r.policyFile)) policies.set(r.policyFile, bytes);
  }
  for (const [path, bytes] of policies) files.push({ path, bytes });
  // One log: `audit-log.jsonl` (as always); several (models with their own archive folders): one per folder.
  const logs = input.logs.filter((l) => l.text);
  for (const l of logs)
    files.push({
      path: logs.length === 1 ? AUDIT_LOG_FILE : `audit-logs/${archiveRoot(l.archiveDir)}/${AUDIT_LOG_FILE}`,
      bytes: Buffer.from(l.text),
    });
  return files;
}

const safeSegment = (s: string): string => s.replace(/[^A-Za-z0-9._+-]/g, '_');

/** What a bundle's index says it covers: the branch, the period and the verdict (and each model's, when listed). */
export function auditBundleSubject(report: AuditReport): Record<string, unknown> {
  return {
    ref: report.ref,
    commit: report.commit,
    period: report.period,
    verdict: report.verdict,
    ...(report.models ? { models: report.models.map((m) => ({ name: m.name, verdict: m.verdict })) } : {}),
  };
}

/**
 * The bias thresholds every audited model is judged by, for drawing on the report's charts; none when models have
 * their own (a line of one model's limit across another's bars would mislead).
 */
export function sharedBiasThresholds(input: Pick<PeriodAuditInput, 'models' | 'policy'>): Policy['bias']['thresholds'] {
  const all = input.models.map((m) => canonicalJson(m.policy.bias.thresholds));
  if (all.length === 0) return input.policy.bias.thresholds;
  return all.every((t) => t === all[0]) ? input.models[0]!.policy.bias.thresholds : {};
}
