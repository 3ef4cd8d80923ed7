/**
 * The `approvals` check (DESIGN.md §4): the board's approvals count only for exactly this manifest, only from
 * roster members with the role they claim, only while fresh, never from the PR author or the trainer, and every
 * required role is filled by distinct people; a rejection blocks. The rules live in the approval ledger, shared
 * with the promotion force rule and the job summary.
 */
import { error, indeterminate, notice, type Finding } from '../formats/finding.js';
import { pointer } from '../formats/json-pointer.js';
import { at } from '../formats/parsed-document.js';
import type { CheckResult } from '../gate/report.js';
import { statusOf } from '../gate/report.js';
import type { ReleaseContext } from '../gate/release-context.js';
import type { Policy } from '../policy/policy.js';
import { buildApprovalLedger, type ApprovalLedger } from './approval-ledger.js';
import type { Check } from './check.js';

/** The job summary's view of the ledger. */
export function approvalDetails(ledger: ApprovalLedger): Record<string, unknown> {
  return {
    manifestDigest: ledger.digest,
    approvals: ledger.entries.map((e) => ({
      approver: e.approver,
      role: e.role,
      source: e.source,
      decision: e.decision,
      ...(e.at ? { at: e.at } : {}),
      counted: e.counted,
      ...(ledger.corroboration === 'checked' && e.source === 'manifest'
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
export function judgeApprovals(ctx: ReleaseContext, policy: Policy): CheckResult {
  const doc = ctx.manifest;
  const ledger = buildApprovalLedger(ctx, policy);
  const findings: Finding[] = ledger.entries.flatMap((e) => e.findings);

  for (const r of ledger.rejections) {
    findings.push(
      error('APPROVAL_REJECTED', `${r.approver} (${r.role}) rejected this release; a rejection blocks it.`, {
        ...(r.index !== undefined ? at(doc, pointer('approvals', r.index, 'decision')) : at(doc, '/approvals')),
        fix: `Address ${r.approver}'s objections; once the manifest changes, the rejection no longer names it and new approvals are needed.`,
      }),
    );
  }

  if (policy.approvals.source === 'github-review' && !ledger.reviewsKnown) {
    findings.push(
      indeterminate(
        'APPROVALS_REVIEWS_UNAVAILABLE',
        'The policy takes approvals from GitHub reviews (approvals.source: github-review), which are not known here (local run or offline).',
        { file: doc.file, fix: 'Run the gate in the GitHub Action, where the pull request reviews are read.' },
      ),
    );
  } else {
    if (policy.approvals.source === 'github-review' && (doc.value?.approvals?.length ?? 0) > 0) {
      findings.push(
        notice(
          'APPROVALS_MANIFEST_IGNORED',
          "The policy takes approvals from GitHub reviews only; the manifest's approvals were not counted.",
          {
            ...at(doc, '/approvals'),
          },
        ),
      );
    }
    for (const m of ledger.missingRoles) {
      const req = ledger.requirements.find((r) => r.role === m.role)!;
      const have = req.filledBy.length ? ` (counted: ${req.filledBy.join(', ')})` : '';
      const candidates = policy.approvals.roster.filter((p) => p.roles.includes(m.role)).map((p) => p.login);
      findings.push(
        error(
          'APPROVALS_MISSING_ROLE',
          `The policy requires ${req.count} ${m.role} approval(s) by distinct people; ${m.missing} more needed${have}.`,
          {
            ...at(doc, (doc.value?.approvals?.length ?? 0) > 0 ? '/approvals' : ''),
            fix: `Ask ${candidates.length ? candidates.join(' or ') : `a holder of ${m.role}`} to review and run: mlgov approve --role ${m.role} --approver <login>. One person counts once, whatever roles they hold.`,
          },
        ),
      );
    }
  }
  if (ledger.corroboration === 'unavailable') {
    findings.push(
      notice(
        'APPROVALS_CORROBORATION_UNAVAILABLE',
        'The policy asks each approval to be corroborated by a GitHub review; pull request reviews are not known locally, so corroboration was not possible here (the action checks it).',
        { file: doc.file },
      ),
    );
  }

  const status = statusOf(findings);
  const counted = [...new Set(ledger.entries.filter((e) => e.counted).map((e) => e.approver))];
  const summary =
    status === 'fail'
      ? ledger.missingRoles.length
        ? `missing: ${ledger.missingRoles.map((m) => `${m.missing} × ${m.role}`).join(', ')}`
        : `${findings.filter((f) => f.severity === 'error').length} approval problem(s)`
      : `required roles met by ${counted.join(', ') || 'nobody (none required)'}`;
  return { id: 'approvals', status, summary, findings, details: approvalDetails(ledger) };
}

export const approvalsCheck: Check = {
  id: 'approvals',
  title: 'Approvals: digest-bound, roster roles, distinct people, fresh, separation of duties',
  needs: ['manifest'],
  run: judgeApprovals,
};
