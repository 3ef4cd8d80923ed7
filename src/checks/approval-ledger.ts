/**
 * Who approved this release, and whether each approval counts (DESIGN.md §3 approvals, §4 `approvals`). One
 * ledger serves the `approvals` check, the promotion force rule (a force needs a counted approval by a holder of
 * `promotion.forceRole`) and the job summary (who approved, which role, counted or why not, what is missing).
 * Pure: built from the ReleaseContext and the judging policy only.
 */
import { manifestDigest } from '../formats/canonical-digest.js';
import { error, warning, type Finding } from '../formats/finding.js';
import { pointer } from '../formats/json-pointer.js';
import type { Decision, Manifest, ManifestApproval } from '../formats/manifest.js';
import { at, type ParsedDocument } from '../formats/parsed-document.js';
import type { ReleaseContext } from '../gate/release-context.js';
import type { PullRequestReview } from '../gate/review-facts.js';
import type { Policy, RosterMember } from '../policy/policy.js';

const DAY_MS = 86_400_000;
/** Clock skew tolerated between the approver's machine and the gate before an approval counts as future-dated. */
const FUTURE_SKEW_MS = 10 * 60_000;

export interface LedgerEntry {
  source: 'manifest' | 'github-review';
  /** Index in the manifest's `approvals` (manifest source). */
  index?: number;
  /** GitHub review id (github-review source). */
  reviewId?: number;
  approver: string;
  /** The role claimed (manifest) or the roster roles the reviewer holds (github-review), comma-joined. */
  role: string;
  /** Roles this approval can fill when it counts. */
  roles: string[];
  decision: Decision;
  at?: string;
  /** True when the approval counts towards the required roles (and for the force rule). */
  counted: boolean;
  /** Why it does not count (empty when counted). */
  reasons: string[];
  /** The findings this entry raises (errors and warnings), with file/pointer/line. */
  findings: Finding[];
}

export interface RequirementStatus {
  role: string;
  count: number;
  /** Distinct people assigned to this role's slots (one person fills at most one slot overall). */
  filledBy: string[];
  missing: number;
}

export interface ApprovalLedger {
  /** The manifest's current digest, which every approval must name. */
  digest: string;
  entries: LedgerEntry[];
  requirements: RequirementStatus[];
  /** Rejections that block (bound to the current digest, by a roster member with the role). */
  rejections: LedgerEntry[];
  /** Required roles still short of people. */
  missingRoles: Array<{ role: string; missing: number }>;
  /** Whether manifest approvals were checked against GitHub reviews. */
  corroboration: 'checked' | 'unavailable' | 'not-required';
  /** Whether GitHub reviews were known (action) or not (CLI, offline). */
  reviewsKnown: boolean;
}

function rosterMember(policy: Policy, login: string): RosterMember | undefined {
  return policy.approvals.roster.find((m) => m.login === login);
}

/** The APPROVED review by `login` on `headSha`, or why there is none. */
function headApproval(
  reviews: PullRequestReview[],
  login: string,
  headSha: string,
): { ok: true; review: PullRequestReview } | { ok: false; why: string } {
  const mine = reviews.filter((r) => r.login === login);
  const onHead = mine.find((r) => r.state === 'APPROVED' && r.commitId === headSha);
  if (onHead) return { ok: true, review: onHead };
  const older = mine.find((r) => r.state === 'APPROVED');
  if (older)
    return {
      ok: false,
      why: `${login}'s GitHub approval is on older commit ${older.commitId.slice(0, 7)}, not the head ${headSha.slice(0, 7)}`,
    };
  if (mine.some((r) => r.state === 'DISMISSED')) return { ok: false, why: `${login}'s GitHub review was dismissed` };
  return { ok: false, why: `${login} has not approved the pull request on GitHub` };
}

/**
 * Assigns people to required-role slots so that each person fills at most one slot (maximum bipartite matching,
 * Kuhn's augmenting paths; the sizes are a handful). Greedy assignment would wrongly report a role missing when a
 * person holding two roles is placed in the wrong one.
 */
function assignSlots(
  required: Array<{ role: string; count: number }>,
  people: Map<string, Set<string>>,
): RequirementStatus[] {
  const slots: string[] = [];
  for (const r of required) for (let i = 0; i < Math.max(0, r.count); i++) slots.push(r.role);
  const slotOwner: Array<string | undefined> = slots.map(() => undefined);
  const logins = [...people.keys()].sort();
  const tryAssign = (login: string, seen: Set<number>): boolean => {
    const roles = people.get(login)!;
    for (let s = 0; s < slots.length; s++) {
      if (seen.has(s) || !roles.has(slots[s]!)) continue;
      seen.add(s);
      const owner = slotOwner[s];
      if (owner === undefined || tryAssign(owner, seen)) {
        slotOwner[s] = login;
        return true;
      }
    }
    return false;
  };
  for (const login of logins) tryAssign(login, new Set());
  return required.map((r) => {
    const filledBy = slots
      .map((role, s) => (role === r.role ? slotOwner[s] : undefined))
      .filter((x): x is string => !!x);
    return { role: r.role, count: r.count, filledBy, missing: Math.max(0, r.count - filledBy.length) };
  });
}

function judgeManifestApproval(
  a: ManifestApproval,
  i: number,
  doc: ParsedDocument<Manifest>,
  ctx: ReleaseContext,
  policy: Policy,
  digest: string,
  corroborate: boolean,
): LedgerEntry {
  const entry: LedgerEntry = {
    source: 'manifest',
    index: i,
    approver: a.approver,
    role: a.role,
    roles: [a.role],
    decision: a.decision,
    at: a.at,
    counted: false,
    reasons: [],
    findings: [],
  };
  const here = (...tokens: Array<string | number>) => at(doc, pointer('approvals', i, ...tokens));
  if (a.manifestDigest !== digest) {
    entry.reasons.push('bound to another manifest digest (the manifest changed after this approval)');
    entry.findings.push(
      error(
        'APPROVAL_DIGEST_MISMATCH',
        `${a.approver}'s ${a.role} ${a.decision === 'rejected' ? 'rejection' : 'approval'} names manifest ${a.manifestDigest}, but the manifest is now ${digest}: it was edited after the approval.`,
        {
          ...here('manifestDigest'),
          fix: `Have ${a.approver} review the changed manifest and approve again: mlgov approve --approver ${a.approver} --role ${a.role}`,
        },
      ),
    );
  }
  const member = rosterMember(policy, a.approver);
  if (!member) {
    entry.reasons.push('not on the roster');
    entry.findings.push(
      error('APPROVER_NOT_ON_ROSTER', `${a.approver} is not on the approvals roster of the judging policy.`, {
        ...here('approver'),
        fix: 'Only roster members can approve; the roster is changed by a board-reviewed policy PR.',
      }),
    );
  } else if (!member.roles.includes(a.role)) {
    entry.reasons.push(`the roster does not give ${a.approver} the role ${a.role}`);
    entry.findings.push(
      error(
        'APPROVER_ROLE_NOT_GRANTED',
        `${a.approver} approved as ${a.role}, but the roster gives ${a.approver} only: ${member.roles.join(', ') || '(no roles)'}.`,
        { ...here('role'), fix: `Approve with a role ${a.approver} holds, or ask a holder of ${a.role}.` },
      ),
    );
  }
  const when = Date.parse(a.at);
  if (Number.isNaN(when)) {
    entry.reasons.push('no valid date');
    entry.findings.push(
      error('APPROVAL_DATE_INVALID', `${a.approver}'s approval date "${a.at}" is not a date-time.`, {
        ...here('at'),
        fix: 'Record approvals with mlgov approve, which writes an ISO 8601 time.',
      }),
    );
  } else if (a.decision === 'approved') {
    const ageDays = (Date.parse(ctx.now) - when) / DAY_MS;
    if (when - Date.parse(ctx.now) > FUTURE_SKEW_MS) {
      // A date in the future would never go stale: maxAgeDays would be bypassed for good.
      entry.reasons.push('dated in the future');
      entry.findings.push(
        error(
          'APPROVAL_IN_FUTURE',
          `${a.approver}'s approval is dated ${a.at}, after the time the release is judged at (${ctx.now}).`,
          {
            ...here('at'),
            fix: 'Record approvals with mlgov approve, which writes the current time.',
          },
        ),
      );
    } else if (ageDays > policy.approvals.maxAgeDays) {
      entry.reasons.push(`older than ${policy.approvals.maxAgeDays} days`);
      entry.findings.push(
        warning(
          'APPROVAL_STALE',
          `${a.approver}'s ${a.role} approval is ${Math.floor(ageDays)} days old (at ${a.at}); approvals older than ${policy.approvals.maxAgeDays} days do not count.`,
          { ...here('at'), fix: `Ask ${a.approver} to review again and re-approve.` },
        ),
      );
    }
  }
  if (policy.approvals.separationOfDuties && a.decision === 'approved') {
    const author = ctx.pr?.author;
    const trainer = doc.value?.provenance?.training?.triggeredBy;
    if (author !== undefined && author === a.approver) {
      entry.reasons.push('is the pull request author (separation of duties)');
      entry.findings.push(
        error(
          'APPROVAL_SEPARATION_OF_DUTIES',
          `${a.approver} authored the pull request and cannot approve it (separation of duties).`,
          {
            ...here('approver'),
            fix: `Ask another holder of ${a.role} to approve.`,
          },
        ),
      );
    }
    if (trainer !== undefined && trainer === a.approver) {
      entry.reasons.push('triggered the training run (separation of duties)');
      entry.findings.push(
        error(
          'APPROVAL_SEPARATION_OF_DUTIES',
          `${a.approver} triggered the training run (provenance.training.triggeredBy) and cannot approve their own model (separation of duties).`,
          { ...here('approver'), fix: `Ask another holder of ${a.role} to approve.` },
        ),
      );
    }
  }
  if (a.decision === 'approved' && corroborate && entry.reasons.length === 0) {
    const reviews = ctx.pr?.reviews ?? [];
    const head = headApproval(reviews, a.approver, ctx.pr!.headSha!);
    if (!head.ok) {
      entry.reasons.push(`not corroborated: ${head.why}`);
      entry.findings.push(
        error(
          'APPROVAL_NOT_CORROBORATED',
          `The policy asks each approval to be corroborated by a GitHub review, but ${head.why}.`,
          { ...here('approver'), fix: `${a.approver} should approve the pull request on GitHub at its head commit.` },
        ),
      );
    }
  }
  if (a.decision !== 'approved' && a.decision !== 'rejected') {
    entry.reasons.push(`unknown decision "${String(a.decision)}"`);
  }
  entry.counted = a.decision === 'approved' && entry.reasons.length === 0;
  return entry;
}

/**
 * Builds the ledger: every manifest approval (and, with `approvals.source: github-review | both`, every APPROVED
 * review on the head commit by a roster member) judged one by one, then the required roles filled by distinct
 * people. Policy `approvals.source: github-review` ignores the manifest's approvals.
 */
export function buildApprovalLedger(ctx: ReleaseContext, policy: Policy): ApprovalLedger {
  const doc = ctx.manifest;
  const manifest = doc.value;
  const digest = manifest ? manifestDigest(manifest) : '';
  const headSha = ctx.pr?.headSha;
  const reviewsKnown = Array.isArray(ctx.pr?.reviews) && typeof headSha === 'string' && headSha !== '';
  const wantsCorroboration = policy.approvals.corroborate === 'github-review';
  const corroboration = !wantsCorroboration ? 'not-required' : reviewsKnown ? 'checked' : 'unavailable';
  const source = policy.approvals.source;
  const entries: LedgerEntry[] = [];

  if (source !== 'github-review') {
    const approvals = Array.isArray(manifest?.approvals) ? manifest.approvals : [];
    approvals.forEach((a, i) =>
      entries.push(judgeManifestApproval(a, i, doc, ctx, policy, digest, corroboration === 'checked')),
    );
  }

  if (source !== 'manifest' && reviewsKnown) {
    const trainer = manifest?.provenance?.training?.triggeredBy;
    const seen = new Set<string>();
    for (const r of ctx.pr!.reviews!) {
      if (r.state !== 'APPROVED' || r.commitId !== headSha || seen.has(r.login)) continue;
      const member = rosterMember(policy, r.login);
      if (!member) continue;
      seen.add(r.login);
      const entry: LedgerEntry = {
        source: 'github-review',
        reviewId: r.id,
        approver: r.login,
        role: member.roles.join(', '),
        roles: [...member.roles],
        decision: 'approved',
        counted: false,
        reasons: [],
        findings: [],
        ...(r.submittedAt ? { at: r.submittedAt } : {}),
      };
      if (policy.approvals.separationOfDuties && (r.login === ctx.pr?.author || r.login === trainer)) {
        entry.reasons.push(
          r.login === trainer ? 'triggered the training run (separation of duties)' : 'is the pull request author',
        );
        entry.findings.push(
          error('APPROVAL_SEPARATION_OF_DUTIES', `${r.login}'s GitHub review does not count: ${entry.reasons[0]}.`, {
            ...at(doc, '/provenance/training/triggeredBy'),
            fix: 'Ask another roster member to review.',
          }),
        );
      }
      entry.counted = entry.reasons.length === 0;
      entries.push(entry);
    }
  }

  const people = new Map<string, Set<string>>();
  for (const e of entries) {
    if (!e.counted) continue;
    const roles = people.get(e.approver) ?? new Set<string>();
    for (const role of e.roles) roles.add(role);
    people.set(e.approver, roles);
  }
  const requirements = assignSlots(policy.approvals.required, people);
  const rejections = entries.filter(
    (e) =>
      e.decision === 'rejected' &&
      !e.reasons.some(
        (r) =>
          r.startsWith('bound to another') || r.startsWith('not on the roster') || r.startsWith('the roster does not'),
      ),
  );
  return {
    digest,
    entries,
    requirements,
    rejections,
    missingRoles: requirements.filter((r) => r.missing > 0).map((r) => ({ role: r.role, missing: r.missing })),
    corroboration,
    reviewsKnown,
  };
}

/**
 * People whose approval counts and whom the roster gives `role` (whatever role they approved as): the promotion
 * force rule asks for such an approver of `promotion.forceRole`.
 */
export function countedHoldersOf(ledger: ApprovalLedger, policy: Policy, role: string): string[] {
  const out = new Set<string>();
  for (const e of ledger.entries) {
    if (e.counted && rosterMember(policy, e.approver)?.roles.includes(role)) out.add(e.approver);
  }
  return [...out].sort();
}
