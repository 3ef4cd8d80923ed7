/**
 * Who approved a release document, and whether each approval counts. Every human judgement the gate relies on —
 * the board's approvals of the manifest and the fairness reviewer's approval of the bias report — is judged here,
 * by the same rules: bound to the document's current digest, by a roster member holding the role claimed, dated
 * neither in the future nor beyond `approvals.maxAgeDays`, never by the pull request author nor the person who
 * triggered the training run (separation of duties), corroborated by the approver's own GitHub review where the
 * policy asks, and the required roles filled by distinct people. A rejection blocks when it is bound to the current
 * digest, wherever it is recorded: in the document, in the base revision's copy of it or its audit log (which the
 * pull request author cannot edit), or as a GitHub "request changes" review.
 *
 * GitHub logins compare case-insensitively everywhere (roster, `triggeredBy`, reviews, PR author).
 * Pure: built from the ReleaseContext and the judging policy only. Serves the `approvals` and `bias` checks, the
 * promotion force rule and the job summary.
 */
import { manifestDigest, reportDigest } from '../formats/canonical-digest.js';
import { error, indeterminate, warning, type Finding } from '../formats/finding.js';
import { pointer } from '../formats/json-pointer.js';
import type { Decision } from '../formats/manifest.js';
import { at, type ParsedDocument } from '../formats/parsed-document.js';
import type { ReleaseContext } from '../release/release-context.js';
import {
  changesRequestedOf,
  loginKey,
  sameLogin,
  standingReviewsOf,
  type PullRequestReview,
  type ReviewsUnavailable,
} from '../release/review-facts.js';
import { verifyAuditLog } from '../evidence/hash-chain.js';
import type { Policy, RosterMember } from '../policy/policy.js';
import { mlgovCommand } from './command-hint.js';

const DAY_MS = 86_400_000;
/** Clock skew tolerated between the approver's machine and the gate before an approval counts as future-dated. */
const FUTURE_SKEW_MS = 10 * 60_000;

/** Which document an approval is of: the names `mlgov approve --target` and the audit log's `details.target` use. */
export type ApprovalTarget = 'manifest' | 'bias-report';

export interface LedgerEntry {
  source: 'manifest' | 'bias-report' | 'github-review';
  /** Index in the document's `approvals` (document sources). */
  index?: number;
  /** GitHub review id (github-review source). */
  reviewId?: number;
  approver: string;
  /** The role claimed (document) or the roster roles the reviewer holds (github-review), comma-joined. */
  role: string;
  /** Roles this approval can fill when it counts. */
  roles: string[];
  decision: Decision;
  at?: string;
  /** True when the approval counts towards the required roles (and for the force rule). */
  counted: boolean;
  /**
   * True when the approval would count but its GitHub review could not be read: neither counted nor refused (the
   * gate cannot judge it).
   */
  undetermined?: boolean;
  /** Why it does not count (empty when counted). */
  reasons: string[];
  /** The approver's note (document sources), e.g. why they rejected; shown in the rejection's finding. */
  note?: string;
  /** The findings this entry raises (errors, warnings, could-not-judge), with file/pointer/line. */
  findings: Finding[];
}

export interface RequirementStatus {
  role: string;
  count: number;
  /** Distinct people assigned to this role's slots (one person fills at most one slot overall). */
  filledBy: string[];
  missing: number;
}

/** A rejection recorded where the pull request author cannot edit it. */
export interface RecordedRejection {
  approver: string;
  role: string;
  /** Where: the base revision's document, or its audit log (with the event's seq). */
  where: 'base-document' | 'base-audit-log';
  seq?: number;
  at?: string;
  /** The rejection's note, as recorded (the base document's approval, or the audit event's `details.note`). */
  note?: string;
}

export interface ApprovalLedger {
  target: ApprovalTarget;
  /** The document's current digest, which every approval must name. */
  digest: string;
  entries: LedgerEntry[];
  requirements: RequirementStatus[];
  /** Rejections in the document that block (bound to the current digest, by a roster member with the role). */
  rejections: LedgerEntry[];
  /** Rejections of this digest recorded on the base (its copy of the document, its audit log), not withdrawn. */
  recordedRejections: RecordedRejection[];
  /** Required roles still short of people. */
  missingRoles: Array<{ role: string; missing: number }>;
  /** Required roles that approvals whose corroboration could not be read would fill: could not judge, not missing. */
  undeterminedRoles: string[];
  /** Whether approvals were checked against GitHub reviews; `unreadable` when the gate tried and could not. */
  corroboration: 'checked' | 'unavailable' | 'unreadable' | 'not-required';
  /** Whether GitHub reviews were known (action) or not (CLI, offline). */
  reviewsKnown: boolean;
  /** Why the reviews could not be read (set with corroboration `unreadable` and whenever the action failed to). */
  reviewsUnavailable?: ReviewsUnavailable;
}

/** A recorded approval of either document, with its digest under one name. */
interface RecordedApproval {
  approver: string;
  role: string;
  decision: Decision;
  at: string;
  digest: string;
  note?: string;
}

/** The finding codes and message shapes of one document: the rules are shared, the codes name the document. */
interface SubjectCodes {
  digest: string;
  notOnRoster: string;
  roleNotGranted: string;
  /** The member the role finding points at (`role` for the manifest; the bias report's reviewer is the problem). */
  roleMember: 'role' | 'approver';
  dateInvalid: string;
  future: string;
  stale: string;
  duties: string;
  notCorroborated: string;
  corroborationUnknown: string;
  recordedRejection: string;
}

const CODES: Record<ApprovalTarget, SubjectCodes> = {
  manifest: {
    digest: 'APPROVAL_DIGEST_MISMATCH',
    notOnRoster: 'APPROVER_NOT_ON_ROSTER',
    roleNotGranted: 'APPROVER_ROLE_NOT_GRANTED',
    roleMember: 'role',
    dateInvalid: 'APPROVAL_DATE_INVALID',
    future: 'APPROVAL_IN_FUTURE',
    stale: 'APPROVAL_STALE',
    duties: 'APPROVAL_SEPARATION_OF_DUTIES',
    notCorroborated: 'APPROVAL_NOT_CORROBORATED',
    corroborationUnknown: 'APPROVAL_CORROBORATION_UNKNOWN',
    recordedRejection: 'APPROVAL_REJECTION_RECORDED',
  },
  'bias-report': {
    digest: 'BIAS_APPROVAL_DIGEST_MISMATCH',
    notOnRoster: 'BIAS_REVIEWER_NOT_ON_ROSTER',
    roleNotGranted: 'BIAS_REVIEWER_NOT_ON_ROSTER',
    roleMember: 'approver',
    dateInvalid: 'BIAS_APPROVAL_DATE_INVALID',
    future: 'BIAS_APPROVAL_IN_FUTURE',
    stale: 'BIAS_APPROVAL_STALE',
    duties: 'BIAS_APPROVAL_SEPARATION_OF_DUTIES',
    notCorroborated: 'BIAS_APPROVAL_NOT_CORROBORATED',
    corroborationUnknown: 'BIAS_APPROVAL_CORROBORATION_UNKNOWN',
    recordedRejection: 'BIAS_REVIEW_REJECTION_RECORDED',
  },
};

/** One document whose approvals are judged. */
export interface ApprovalSubject {
  target: ApprovalTarget;
  /** The document (findings point into its `approvals`). */
  doc: ParsedDocument<unknown>;
  /** Its current digest. */
  digest: string;
  /** Its approvals as recorded in the working tree (the pull request's claim). */
  approvals: RecordedApproval[];
  /** The same document on the base revision (its recorded rejections bind this digest too). */
  baseApprovals: RecordedApproval[];
  /** The roles that must be filled by distinct people. */
  required: Array<{ role: string; count: number }>;
  /** The roster roles a GitHub review can fill for this document (undefined: every role). */
  reviewRoles?: string[];
  /** `mlgov approve` arguments that record an approval of this document. */
  approveArgs: string;
  /** How messages name the document. */
  noun: string;
}

function recorded(list: unknown, digestMember: 'manifestDigest' | 'reportDigest'): RecordedApproval[] {
  if (!Array.isArray(list)) return [];
  // The working tree's lists are schema-valid when a check runs; the base's copy is not validated by anyone, so
  // anything that is not an object reads as an approval of nothing rather than breaking the check.
  return list.map((item: unknown) => {
    const a = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : {};
    return {
      approver: String(a['approver']),
      role: String(a['role']),
      decision: a['decision'] as Decision,
      at: String(a['at']),
      digest: String(a[digestMember]),
      ...(typeof a['note'] === 'string' && a['note'] !== '' ? { note: a['note'] } : {}),
    };
  });
}

/** The manifest as an approval subject: the policy's required roles, every roster role fillable by a review. */
export function manifestSubject(ctx: ReleaseContext, policy: Policy): ApprovalSubject {
  const manifest = ctx.manifest.value;
  const base = ctx.base.kind === 'found' ? ctx.base.manifest?.value : undefined;
  const digest = manifest ? manifestDigest(manifest) : '';
  return {
    target: 'manifest',
    doc: ctx.manifest,
    digest,
    approvals: recorded(manifest?.approvals, 'manifestDigest'),
    baseApprovals: base && base.name === manifest?.name ? recorded(base.approvals, 'manifestDigest') : [],
    required: policy.approvals.required,
    approveArgs: mlgovCommand(ctx, 'approve'),
    noun: 'manifest',
  };
}

/** The bias report as an approval subject: one person holding `bias.reviewerRole` must approve it. */
export function biasReportSubject(ctx: ReleaseContext, policy: Policy): ApprovalSubject | undefined {
  const doc = ctx.biasReport;
  const report = doc?.value;
  if (!doc || !report) return undefined;
  const base = ctx.base.kind === 'found' ? ctx.base.biasReport?.value : undefined;
  const role = policy.bias.reviewerRole;
  return {
    target: 'bias-report',
    doc,
    digest: reportDigest(report),
    approvals: recorded(report.approvals, 'reportDigest'),
    baseApprovals: base && base.model?.name === report.model?.name ? recorded(base.approvals, 'reportDigest') : [],
    required: [{ role, count: 1 }],
    reviewRoles: [role],
    approveArgs: mlgovCommand(ctx, 'approve --target bias-report'),
    noun: 'bias report',
  };
}

/** The roster entry of `login`, compared case-insensitively (GitHub logins are). */
export function rosterMember(policy: Policy, login: string): RosterMember | undefined {
  return policy.approvals.roster.find((m) => sameLogin(m.login, login));
}

function holdersOf(policy: Policy, role: string): string[] {
  return policy.approvals.roster.filter((m) => m.roles.includes(role)).map((m) => m.login);
}

/** The standing review by `login` approving `headSha`, or why there is none (GitHub's latest-review rule). */
function headApproval(
  reviews: PullRequestReview[],
  login: string,
  headSha: string,
): { ok: true; review: PullRequestReview } | { ok: false; why: string } {
  const standing = standingReviewsOf(reviews).get(loginKey(login));
  if (standing?.state === 'APPROVED' && standing.commitId === headSha) return { ok: true, review: standing };
  if (standing?.state === 'APPROVED')
    return {
      ok: false,
      why: `${login}'s GitHub approval is on older commit ${standing.commitId.slice(0, 7)}, not the head ${headSha.slice(0, 7)}`,
    };
  if (standing?.state === 'CHANGES_REQUESTED') return { ok: false, why: `${login} requested changes on GitHub` };
  if (standing?.state === 'DISMISSED') return { ok: false, why: `${login}'s GitHub review was dismissed` };
  return { ok: false, why: `${login} has not approved the pull request on GitHub` };
}

/**
 * Assigns people to required-role slots so that each person fills at most one slot (maximum bipartite matching,
 * Kuhn's augmenting paths; the sizes are a handful). Greedy assignment would wrongly report a role missing when a
 * person holding two roles is placed in the wrong one. `people` is keyed by login key: `Alice` and `alice` are one.
 */
function assignSlots(
  required: Array<{ role: string; count: number }>,
  people: Map<string, { login: string; roles: Set<string> }>,
): RequirementStatus[] {
  const slots: string[] = [];
  for (const r of required) for (let i = 0; i < Math.max(0, r.count); i++) slots.push(r.role);
  const slotOwner: Array<string | undefined> = slots.map(() => undefined);
  const keys = [...people.keys()].sort();
  const tryAssign = (key: string, seen: Set<number>): boolean => {
    const roles = people.get(key)!.roles;
    for (let s = 0; s < slots.length; s++) {
      if (seen.has(s) || !roles.has(slots[s]!)) continue;
      seen.add(s);
      const owner = slotOwner[s];
      if (owner === undefined || tryAssign(owner, seen)) {
        slotOwner[s] = key;
        return true;
      }
    }
    return false;
  };
  for (const key of keys) tryAssign(key, new Set());
  return required.map((r) => {
    const filledBy = slots
      .map((role, s) => (role === r.role && slotOwner[s] ? people.get(slotOwner[s])!.login : undefined))
      .filter((x): x is string => !!x);
    return { role: r.role, count: r.count, filledBy, missing: Math.max(0, r.count - filledBy.length) };
  });
}

/** What judging one approval needs besides the approval itself. */
interface Judging {
  subject: ApprovalSubject;
  ctx: ReleaseContext;
  policy: Policy;
  codes: SubjectCodes;
  corroboration: ApprovalLedger['corroboration'];
  reviewsUnavailable?: ReviewsUnavailable;
}

type Rule = (a: RecordedApproval, i: number, j: Judging) => { reason: string; finding: Finding } | undefined;

function here(j: Judging, i: number, member: string): Partial<Finding> {
  return at(j.subject.doc, pointer('approvals', i, member));
}

const digestRule: Rule = (a, i, j) => {
  if (a.digest === j.subject.digest) return undefined;
  const what = a.decision === 'rejected' ? 'rejection' : 'approval';
  return {
    reason: `bound to another ${j.subject.noun} digest (the ${j.subject.noun} changed after this ${what})`,
    finding: error(
      j.codes.digest,
      `${a.approver}'s ${a.role} ${what} names ${j.subject.noun} ${a.digest}, but the ${j.subject.noun} is now ${j.subject.digest}: it was edited after the ${what}.`,
      {
        ...here(j, i, j.subject.target === 'manifest' ? 'manifestDigest' : 'reportDigest'),
        fix: `Have ${a.approver} review the changed ${j.subject.noun} and approve again: ${j.subject.approveArgs} --approver ${a.approver} --role ${a.role}`,
      },
    ),
  };
};

const rosterRule: Rule = (a, i, j) => {
  const member = rosterMember(j.policy, a.approver);
  const holders = holdersOf(j.policy, a.role);
  const holdersText = holders.length ? `only to ${holders.join(', ')}` : 'to nobody';
  if (!member) {
    return {
      reason: 'not on the roster',
      finding: error(
        j.codes.notOnRoster,
        `${a.approver} is not on the approvals roster of the judging policy (it gives ${a.role} ${holdersText}).`,
        {
          ...here(j, i, 'approver'),
          fix: 'Only roster members can approve; the roster is changed by a board-reviewed policy PR.',
        },
      ),
    };
  }
  if (member.roles.includes(a.role)) return undefined;
  const message =
    j.subject.target === 'manifest'
      ? `${a.approver} approved as ${a.role}, but the roster gives ${a.approver} only: ${member.roles.join(', ') || '(no roles)'}.`
      : `${a.approver} approved the ${j.subject.noun} as ${a.role}, but the roster gives that role ${holdersText}.`;
  return {
    reason: `the roster does not give ${a.approver} the role ${a.role}`,
    finding: error(j.codes.roleNotGranted, message, {
      ...here(j, i, j.codes.roleMember),
      fix: `Approve with a role ${a.approver} holds, or ask a holder of ${a.role}${holders.length ? ` (${holders.join(', ')})` : ''}.`,
    }),
  };
};

const dateRule: Rule = (a, i, j) => {
  const when = Date.parse(a.at);
  if (Number.isNaN(when)) {
    return {
      reason: 'no valid date',
      finding: error(j.codes.dateInvalid, `${a.approver}'s approval date "${a.at}" is not a date-time.`, {
        ...here(j, i, 'at'),
        fix: 'Record approvals with mlgov approve, which writes an ISO 8601 time.',
      }),
    };
  }
  if (a.decision !== 'approved') return undefined;
  const now = Date.parse(j.ctx.now);
  if (when - now > FUTURE_SKEW_MS) {
    // A date in the future would never go stale: maxAgeDays would be bypassed for good.
    return {
      reason: 'dated in the future',
      finding: error(
        j.codes.future,
        `${a.approver}'s approval of the ${j.subject.noun} is dated ${a.at}, after the time the release is judged at (${j.ctx.now}).`,
        { ...here(j, i, 'at'), fix: 'Record approvals with mlgov approve, which writes the current time.' },
      ),
    };
  }
  const ageDays = (now - when) / DAY_MS;
  if (ageDays <= j.policy.approvals.maxAgeDays) return undefined;
  return {
    reason: `older than ${j.policy.approvals.maxAgeDays} days`,
    finding: warning(
      j.codes.stale,
      `${a.approver}'s ${a.role} approval of the ${j.subject.noun} is ${Math.floor(ageDays)} days old (at ${a.at}); approvals older than ${j.policy.approvals.maxAgeDays} days do not count.`,
      { ...here(j, i, 'at'), fix: `Ask ${a.approver} to review again and re-approve.` },
    ),
  };
};

/** Separation of duties: whether `login` is the PR author or the trainer, and the sentence that says so. */
function conflictOf(login: string, ctx: ReleaseContext): { reason: string; sentence: string } | undefined {
  if (sameLogin(login, ctx.pr?.author))
    return { reason: 'is the pull request author (separation of duties)', sentence: 'authored the pull request' };
  if (sameLogin(login, ctx.manifest.value?.provenance?.training?.triggeredBy))
    return {
      reason: 'triggered the training run (separation of duties)',
      sentence: 'triggered the training run (provenance.training.triggeredBy)',
    };
  return undefined;
}

const dutiesRule: Rule = (a, i, j) => {
  if (!j.policy.approvals.separationOfDuties || a.decision !== 'approved') return undefined;
  const conflict = conflictOf(a.approver, j.ctx);
  if (!conflict) return undefined;
  return {
    reason: conflict.reason,
    finding: error(
      j.codes.duties,
      `${a.approver} ${conflict.sentence} and cannot approve the ${j.subject.noun} of their own release (separation of duties).`,
      { ...here(j, i, 'approver'), fix: `Ask another holder of ${a.role} to approve.` },
    ),
  };
};

const RULES: Rule[] = [digestRule, rosterRule, dateRule, dutiesRule];

/** Judges one approval recorded in the document, then its corroboration when everything else holds. */
function judgeRecordedApproval(a: RecordedApproval, i: number, j: Judging): LedgerEntry {
  const entry: LedgerEntry = {
    source: j.subject.target,
    index: i,
    approver: a.approver,
    role: a.role,
    roles: [a.role],
    decision: a.decision,
    at: a.at,
    counted: false,
    reasons: [],
    findings: [],
    ...(a.note !== undefined ? { note: a.note } : {}),
  };
  for (const rule of RULES) {
    const broken = rule(a, i, j);
    if (broken) {
      entry.reasons.push(broken.reason);
      entry.findings.push(broken.finding);
    }
  }
  if (a.decision !== 'approved' && a.decision !== 'rejected')
    entry.reasons.push(`unknown decision "${String(a.decision)}"`);
  if (a.decision === 'approved' && entry.reasons.length === 0) corroborate(entry, a, i, j);
  entry.counted = a.decision === 'approved' && entry.reasons.length === 0 && !entry.undetermined;
  return entry;
}

/** The corroboration rule: the approver's own standing GitHub review approves the head commit. */
function corroborate(entry: LedgerEntry, a: RecordedApproval, i: number, j: Judging): void {
  if (j.corroboration === 'unreadable') {
    const why = j.reviewsUnavailable!;
    entry.undetermined = true;
    entry.reasons.push(`corroboration unknown: the reviews could not be read (${why.cause})`);
    entry.findings.push(
      indeterminate(
        j.codes.corroborationUnknown,
        `The policy asks each approval to be corroborated by a GitHub review, but the pull request's reviews could not be read (${describeUnavailable(why)}), so ${a.approver}'s approval of the ${j.subject.noun} could not be judged.`,
        { ...here(j, i, 'approver'), fix: why.fix },
      ),
    );
    return;
  }
  if (j.corroboration !== 'checked') return;
  const head = headApproval(j.ctx.pr!.reviews!, a.approver, j.ctx.pr!.headSha!);
  if (head.ok) return;
  entry.reasons.push(`not corroborated: ${head.why}`);
  entry.findings.push(
    error(
      j.codes.notCorroborated,
      `The policy asks each approval to be corroborated by a GitHub review, but ${head.why}.`,
      { ...here(j, i, 'approver'), fix: `${a.approver} should approve the pull request on GitHub at its head commit.` },
    ),
  );
}

/** "permission: …" / "network: …" / "GitHub: …": the cause first, so the reader knows whom to ask. */
export function describeUnavailable(why: ReviewsUnavailable): string {
  const cause = {
    permission: 'the token may not read them',
    network: 'GitHub could not be reached',
    github: 'GitHub did not answer as its API does',
    'no-pull-request': 'no pull request was found for this run',
  }[why.cause];
  return `${cause}: ${why.message}`;
}

/** The standing APPROVED reviews on the head commit by roster members holding a role this document takes. */
function reviewEntries(j: Judging): LedgerEntry[] {
  const { ctx, policy, subject } = j;
  const out: LedgerEntry[] = [];
  for (const r of standingReviewsOf(ctx.pr!.reviews!).values()) {
    if (r.state !== 'APPROVED' || r.commitId !== ctx.pr!.headSha) continue;
    const member = rosterMember(policy, r.login);
    const roles = member?.roles.filter((role) => !subject.reviewRoles || subject.reviewRoles.includes(role)) ?? [];
    if (!member || roles.length === 0) continue;
    const entry: LedgerEntry = {
      source: 'github-review',
      reviewId: r.id,
      approver: member.login,
      role: roles.join(', '),
      roles,
      decision: 'approved',
      counted: false,
      reasons: [],
      findings: [],
      ...(r.submittedAt ? { at: r.submittedAt } : {}),
    };
    const conflict = policy.approvals.separationOfDuties ? conflictOf(r.login, ctx) : undefined;
    if (conflict) {
      entry.reasons.push(conflict.reason);
      entry.findings.push(
        error(j.codes.duties, `${r.login}'s GitHub review does not count: ${r.login} ${conflict.sentence}.`, {
          ...(conflict.sentence.startsWith('triggered')
            ? at(ctx.manifest, '/provenance/training/triggeredBy')
            : at(subject.doc, '/approvals')),
          fix: 'Ask another roster member to review.',
        }),
      );
    }
    entry.counted = entry.reasons.length === 0;
    out.push(entry);
  }
  return out;
}

/**
 * Rejections of this digest recorded on the base revision, which the pull request cannot edit: in the base's copy
 * of the document, and as `approve` events with decision `rejected` in the base's audit log — unless the same person
 * approved the same digest in a later event. Only a roster member holding the role can reject, as in the document.
 */
function recordedRejectionsOf(j: Judging): RecordedRejection[] {
  const { subject, policy } = j;
  const holds = (login: string, role: string) => rosterMember(policy, login)?.roles.includes(role) === true;
  const out: RecordedRejection[] = [];
  for (const a of subject.baseApprovals) {
    if (a.decision === 'rejected' && a.digest === subject.digest && holds(a.approver, a.role))
      out.push({
        approver: a.approver,
        role: a.role,
        where: 'base-document',
        at: a.at,
        ...(a.note !== undefined ? { note: a.note } : {}),
      });
  }
  const log = j.ctx.evidence?.baseAuditLog;
  const model = (j.ctx.manifest.value as { name?: unknown } | undefined)?.name;
  if (!log || typeof model !== 'string') return out;
  const digestMember = subject.target === 'manifest' ? 'manifestDigest' : 'reportDigest';
  const events = verifyAuditLog(log).events.filter(
    (e) =>
      e.action === 'approve' &&
      e.model === model &&
      e.details?.['target'] === subject.target &&
      e.details?.[digestMember] === subject.digest,
  );
  for (const e of events) {
    const role = String(e.details?.['role']);
    if (e.details?.['decision'] !== 'rejected' || !holds(e.actor, role)) continue;
    const withdrawn = events.some(
      (later) => later.seq > e.seq && sameLogin(later.actor, e.actor) && later.details?.['decision'] === 'approved',
    );
    const note = e.details?.['note'];
    if (!withdrawn)
      out.push({
        approver: e.actor,
        role,
        where: 'base-audit-log',
        seq: e.seq,
        at: e.at,
        ...(typeof note === 'string' && note !== '' ? { note } : {}),
      });
  }
  return out;
}

/** How the reviews stand for corroboration. */
function corroborationOf(ctx: ReleaseContext, policy: Policy, reviewsKnown: boolean): ApprovalLedger['corroboration'] {
  if (policy.approvals.corroborate !== 'github-review') return 'not-required';
  if (reviewsKnown) return 'checked';
  return ctx.pr?.reviewsUnavailable ? 'unreadable' : 'unavailable';
}

/**
 * Builds the ledger of one document (the manifest unless told otherwise): every recorded approval (and, with
 * `approvals.source: github-review | both`, every standing APPROVED review on the head commit by a roster member)
 * judged one by one, then the required roles filled by distinct people. Policy `approvals.source: github-review`
 * ignores the document's approvals.
 */
export function buildApprovalLedger(
  ctx: ReleaseContext,
  policy: Policy,
  subject: ApprovalSubject = manifestSubject(ctx, policy),
): ApprovalLedger {
  const headSha = ctx.pr?.headSha;
  const reviewsKnown = Array.isArray(ctx.pr?.reviews) && typeof headSha === 'string' && headSha !== '';
  const corroboration = corroborationOf(ctx, policy, reviewsKnown);
  const j: Judging = {
    subject,
    ctx,
    policy,
    codes: CODES[subject.target],
    corroboration,
    ...(ctx.pr?.reviewsUnavailable ? { reviewsUnavailable: ctx.pr.reviewsUnavailable } : {}),
  };
  const source = policy.approvals.source;
  const entries: LedgerEntry[] = [];
  if (source !== 'github-review') subject.approvals.forEach((a, i) => entries.push(judgeRecordedApproval(a, i, j)));
  if (source !== 'manifest' && reviewsKnown) entries.push(...reviewEntries(j));

  const requirements = assignSlots(
    subject.required,
    peopleOf(entries, (e) => e.counted),
  );
  const withUndetermined = assignSlots(
    subject.required,
    peopleOf(entries, (e) => e.counted || !!e.undetermined),
  );
  const missing = requirements.filter((r) => r.missing > 0);
  const rejections = entries.filter(
    (e) =>
      e.decision === 'rejected' &&
      !e.reasons.some(
        (r) =>
          r.startsWith('bound to another') || r.startsWith('not on the roster') || r.startsWith('the roster does not'),
      ),
  );
  return {
    target: subject.target,
    digest: subject.digest,
    entries,
    requirements,
    rejections,
    recordedRejections: recordedRejectionsOf(j),
    missingRoles: missing.map((r) => ({ role: r.role, missing: r.missing })),
    // Undetermined only when the approvals awaiting corroboration would fill the role: one that stays short even
    // with them is missing, whatever the reviews say (exit 1 with the roles to ask, not "could not judge").
    undeterminedRoles: missing
      .filter((r) => withUndetermined.find((w) => w.role === r.role)?.missing === 0)
      .map((r) => r.role),
    corroboration,
    reviewsKnown,
    ...(ctx.pr?.reviewsUnavailable ? { reviewsUnavailable: ctx.pr.reviewsUnavailable } : {}),
  };
}

/** The distinct people (by login key) of the entries `include` keeps, with every role they can fill. */
function peopleOf(
  entries: LedgerEntry[],
  include: (e: LedgerEntry) => boolean,
): Map<string, { login: string; roles: Set<string> }> {
  const people = new Map<string, { login: string; roles: Set<string> }>();
  for (const e of entries) {
    if (!include(e)) continue;
    const key = loginKey(e.approver);
    const person = people.get(key) ?? { login: e.approver, roles: new Set<string>() };
    for (const role of e.roles) person.roles.add(role);
    people.set(key, person);
  }
  return people;
}

/**
 * A rejection's note as its finding quotes it: `: "why"`, empty without one. The message bound of the finding
 * constructors (formats/finding.ts) keeps a long note from growing the report without limit.
 */
export function noteOf(note: string | undefined): string {
  return note !== undefined && note !== '' ? `: ${JSON.stringify(note)}` : '';
}

/** The finding for a rejection recorded on the base (shared with the bias check). */
export function recordedRejectionFinding(
  code: string,
  noun: string,
  r: RecordedRejection,
  doc: ParsedDocument<unknown>,
): Finding {
  const approvals = (doc.value as { approvals?: unknown } | undefined)?.approvals;
  const where =
    r.where === 'base-audit-log'
      ? `in the base revision's audit log (event ${r.seq}${r.at ? `, ${r.at}` : ''})`
      : "in the base revision's copy of the file";
  return error(
    code,
    `${r.approver} (${r.role}) rejected exactly this ${noun} ${where}${noteOf(r.note)}; the pull request cannot remove a rejection recorded there.`,
    {
      // The rejection is not in the PR's file; its approvals are what it overrules.
      ...at(doc, Array.isArray(approvals) && approvals.length > 0 ? '/approvals' : ''),
      fix: `Change the ${noun} to address ${r.approver}'s objections (a new digest needs new approvals), or have ${r.approver} approve this ${noun} with mlgov approve on the base branch.`,
    },
  );
}

/**
 * The standing "request changes" reviews by roster members: a recorded objection the pull request author cannot
 * edit away. Empty when the reviews are not known.
 */
export function changesRequestedByRoster(ctx: ReleaseContext, policy: Policy): PullRequestReview[] {
  if (!Array.isArray(ctx.pr?.reviews)) return [];
  return changesRequestedOf(ctx.pr.reviews).filter((r) => rosterMember(policy, r.login) !== undefined);
}

/**
 * People whose approval counts and whom the roster gives `role` (whatever role they approved as): the promotion
 * force rule asks for such an approver of `promotion.forceRole`.
 */
export function countedHoldersOf(ledger: ApprovalLedger, policy: Policy, role: string): string[] {
  const out = new Map<string, string>();
  for (const e of ledger.entries) {
    const member = e.counted ? rosterMember(policy, e.approver) : undefined;
    if (member?.roles.includes(role)) out.set(loginKey(member.login), member.login);
  }
  return [...out.values()].sort();
}
