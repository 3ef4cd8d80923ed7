/**
 * The `approvals` check: the board's approvals count only for exactly this manifest, only from roster members with
 * the role they claim, only while fresh, never from the PR author or the trainer, corroborated by their own GitHub
 * review where the policy asks, and every required role is filled by distinct people. A rejection blocks: in the
 * manifest, on the base (its manifest or audit log), or a roster member's standing "request changes" review. Reviews
 * the action could not read make what depends on them "could not judge". The rules live in the approval ledger,
 * shared with the bias reviewer's approval, the promotion force rule and the job summary.
 */
import { error, indeterminate, notice, type Finding } from '../formats/finding.js';
import { pointer } from '../formats/json-pointer.js';
import { at } from '../formats/parsed-document.js';
import type { ApprovalsDetails, CheckResultOf } from '../release/report.js';
import { statusOf } from '../release/report.js';
import type { ReleaseContext } from '../release/release-context.js';
import type { Policy } from '../policy/policy.js';
import {
  buildApprovalLedger,
  changesRequestedByRoster,
  describeUnavailable,
  noteOf,
  recordedRejectionFinding,
  type ApprovalLedger,
} from './approval-ledger.js';
import type { Check } from './check.js';
import { mlgovCommand } from './command-hint.js';

/** The job summary's view of the ledger. */
export function approvalDetails(ledger: ApprovalLedger): ApprovalsDetails {
  return {
    manifestDigest: ledger.digest,
    approvals: ledger.entries.map((e) => ({
      approver: e.approver,
      role: e.role,
      source: e.source,
      decision: e.decision,
      ...(e.at ? { at: e.at } : {}),
      counted: e.counted,
      ...(e.undetermined ? { undetermined: true } : {}),
      ...(ledger.corroboration === 'checked' && e.source !== 'github-review'
        ? { corroborated: !e.reasons.some((r) => r.startsWith('not corroborated')) }
        : {}),
      ...(e.counted ? {} : { reason: e.reasons.join('; ') || e.decision }),
    })),
    requirements: ledger.requirements,
    missingRoles: ledger.missingRoles.map((m) => {
      const req = ledger.requirements.find((r) => r.role === m.role);
      return { ...m, count: req?.count ?? m.missing, have: req?.filledBy.length ?? 0 };
    }),
    corroboration: ledger.corroboration,
  };
}

/** Runs the approval rules; exported so the gate and tests can call it directly. */
export function judgeApprovals(ctx: ReleaseContext, policy: Policy): CheckResultOf<'approvals'> {
  const ledger = buildApprovalLedger(ctx, policy);
  const findings: Finding[] = [...ledger.entries.flatMap((e) => e.findings), ...rejectionFindings(ctx, policy, ledger)];
  findings.push(...reviewsFindings(ctx, policy, ledger));
  if (!(policy.approvals.source === 'github-review' && !ledger.reviewsKnown))
    findings.push(...missingRoleFindings(ctx, policy, ledger));

  const status = statusOf(findings);
  const counted = [...new Set(ledger.entries.filter((e) => e.counted).map((e) => e.approver))];
  const summary = findings.some((f) => f.indeterminate)
    ? `could not judge: ${findings.filter((f) => f.indeterminate).length} approval(s) need the pull request's reviews`
    : status === 'fail'
      ? ledger.missingRoles.length
        ? `missing: ${ledger.missingRoles.map((m) => `${m.missing} × ${m.role}`).join(', ')}`
        : `${findings.filter((f) => f.severity === 'error').length} approval problem(s)`
      : `required roles met by ${counted.join(', ') || 'nobody (none required)'}`;
  return { id: 'approvals', status, summary, findings, details: approvalDetails(ledger) };
}

/** Rejections that block: in the manifest, recorded on the base, and roster members' "request changes" reviews. */
function rejectionFindings(ctx: ReleaseContext, policy: Policy, ledger: ApprovalLedger): Finding[] {
  const doc = ctx.manifest;
  const out: Finding[] = ledger.rejections.map((r) =>
    error(
      'APPROVAL_REJECTED',
      `${r.approver} (${r.role}) rejected this release${noteOf(r.note)}; a rejection blocks it.`,
      {
        ...(r.index !== undefined ? at(doc, pointer('approvals', r.index, 'decision')) : at(doc, '/approvals')),
        fix: `Address ${r.approver}'s objections; once the manifest changes, the rejection no longer names it and new approvals are needed.`,
      },
    ),
  );
  out.push(
    ...ledger.recordedRejections.map((r) =>
      recordedRejectionFinding('APPROVAL_REJECTION_RECORDED', 'manifest', r, doc),
    ),
  );
  for (const r of changesRequestedByRoster(ctx, policy)) {
    out.push(
      error(
        'APPROVAL_CHANGES_REQUESTED',
        `${r.login} requested changes on GitHub (review ${r.id} on commit ${r.commitId.slice(0, 7)}); a board member's request for changes blocks until ${r.login} approves or the review is dismissed.`,
        {
          ...at(doc, (doc.value?.approvals?.length ?? 0) > 0 ? '/approvals' : ''),
          fix: `Address ${r.login}'s review and ask them to approve the pull request on GitHub (or have the review dismissed, which GitHub records).`,
        },
      ),
    );
  }
  return out;
}

/** What the reviews could not settle: unreadable reviews, or approvals taken from reviews that are not known. */
function reviewsFindings(ctx: ReleaseContext, policy: Policy, ledger: ApprovalLedger): Finding[] {
  const doc = ctx.manifest;
  const out: Finding[] = [];
  if (ledger.reviewsUnavailable) {
    out.push(
      indeterminate(
        'APPROVALS_REVIEWS_UNREADABLE',
        `The pull request's GitHub reviews could not be read (${describeUnavailable(ledger.reviewsUnavailable)}): whether a board member approved or requested changes could not be judged.`,
        { file: doc.file, fix: ledger.reviewsUnavailable.fix },
      ),
    );
  } else if (policy.approvals.source === 'github-review' && !ledger.reviewsKnown) {
    out.push(
      indeterminate(
        'APPROVALS_REVIEWS_UNAVAILABLE',
        'The policy takes approvals from GitHub reviews (approvals.source: github-review), which are not known here (local run or offline).',
        { file: doc.file, fix: 'Run the gate in the GitHub Action, where the pull request reviews are read.' },
      ),
    );
  }
  if (policy.approvals.source === 'github-review' && ledger.reviewsKnown && (doc.value?.approvals?.length ?? 0) > 0) {
    out.push(
      notice(
        'APPROVALS_MANIFEST_IGNORED',
        "The policy takes approvals from GitHub reviews only; the manifest's approvals were not counted.",
        { ...at(doc, '/approvals') },
      ),
    );
  }
  if (ledger.corroboration === 'unavailable') {
    out.push(
      notice(
        'APPROVALS_CORROBORATION_UNAVAILABLE',
        'The policy asks each approval to be corroborated by a GitHub review; pull request reviews are not known locally, so corroboration was not possible here (the action checks it).',
        { file: doc.file },
      ),
    );
  }
  return out;
}

/** Required roles short of people; a role that approvals awaiting unreadable reviews would fill is not "missing". */
function missingRoleFindings(ctx: ReleaseContext, policy: Policy, ledger: ApprovalLedger): Finding[] {
  const doc = ctx.manifest;
  // Whom to ask: holders of the role who do not count already (for this role or another: one person counts once).
  const counting = new Set(ledger.requirements.flatMap((r) => r.filledBy));
  return ledger.missingRoles
    .filter((m) => !ledger.undeterminedRoles.includes(m.role))
    .map((m) => {
      const req = ledger.requirements.find((r) => r.role === m.role)!;
      const have = req.filledBy.length ? ` (counted: ${[...req.filledBy].sort().join(', ')})` : '';
      const candidates = policy.approvals.roster
        .filter((p) => p.roles.includes(m.role) && !counting.has(p.login))
        .map((p) => p.login);
      return error(
        'APPROVALS_MISSING_ROLE',
        `The policy requires ${req.count} ${m.role} approval(s) by distinct people; ${m.missing} more needed${have}.`,
        {
          ...at(doc, (doc.value?.approvals?.length ?? 0) > 0 ? '/approvals' : ''),
          fix: `Ask ${candidates.length ? candidates.join(' or ') : `a holder of ${m.role}`} to review and run: ${mlgovCommand(ctx, `approve --role ${m.role} --approver <login>`)}. One person counts once, whatever roles they hold.`,
        },
      );
    });
}

export const approvalsCheck: Check<'approvals'> = {
  id: 'approvals',
  title: 'Approvals: digest-bound, roster roles, distinct people, fresh, separation of duties',
  needs: ['manifest'],
  run: judgeApprovals,
};
