/**
 * The `policy` check (mlgov's extension; `docs/design.md`, "Rules of the house"): the release is judged by the base
 * revision's policy, so a PR cannot loosen its own gate; a PR that changes the policy is itself a finding that needs
 * a governance-board review.
 *
 * Decisions (fail closed):
 * - Every loosening change is its own `POLICY_CHANGED` error at its line in the head policy file.
 * - A change that only tightens (or only restates) still needs the board: one `POLICY_CHANGED` warning.
 * - A change whose direction is not obvious counts as loosening (see policy-diff.ts).
 * - When GitHub reviews are known (action), an APPROVED review on the head commit by a roster member holding
 *   `governance-board` in the judging (base) policy turns the findings into `POLICY_CHANGE_APPROVED` notices.
 */
import { canonicalJson } from '../formats/canonical-digest.js';
import { error, notice, warning, type Finding } from '../formats/finding.js';
import { at } from '../formats/parsed-document.js';
import { isSchemaValid } from '../formats/schema-validator.js';
import type { CheckResultOf, PolicyDetails } from '../release/report.js';
import { statusOf } from '../release/report.js';
import type { ReleaseContext } from '../release/release-context.js';
import { approvingReviewsOf, loginKey, sameLogin } from '../release/review-facts.js';
import { withDefaults } from '../policy/defaults.js';
import type { Policy } from '../policy/policy.js';
import type { Check } from './check.js';
import { diffPolicies, type PolicyChange } from './policy-diff.js';

/** The roster role whose GitHub approval clears a policy change. */
export const POLICY_BOARD_ROLE = 'governance-board';

const FIX =
  'A policy change needs a governance-board review: ask a governance-board member to approve this pull request on GitHub (the gate then reports the change as approved), or move the policy change to its own PR.';

/**
 * Board members whose standing GitHub review approves the head commit (GitHub's own counting: a later "changes
 * requested" or a dismissal withdraws an approval), compared case-insensitively, never the PR's author.
 */
function boardApprovers(ctx: ReleaseContext, policy: Policy): string[] {
  if (!ctx.pr) return [];
  const board = new Set(
    policy.approvals.roster.filter((m) => m.roles.includes(POLICY_BOARD_ROLE)).map((m) => loginKey(m.login)),
  );
  const out = new Set<string>();
  for (const r of approvingReviewsOf(ctx.pr)) {
    if (board.has(loginKey(r.login)) && !sameLogin(r.login, ctx.pr.author)) out.add(r.login);
  }
  return [...out].sort();
}

/** Runs the policy-change rule; exported for the gate and tests. */
export function judgePolicy(ctx: ReleaseContext, policy: Policy): CheckResultOf<'policy'> {
  const judging = ctx.policyDocument;
  const head = ctx.headPolicy;
  const details: PolicyDetails = { policySource: ctx.policySource };
  if (ctx.policySource !== 'base' || !judging) {
    return {
      id: 'policy',
      status: 'pass',
      summary: "no base policy to compare with (judged by the working tree's or the default policy)",
      findings: [
        notice(
          'POLICY_NOT_COMPARED',
          `The policy was read from the ${ctx.policySource === 'default' ? 'defaults' : 'working tree'}, not from a base revision, so changes to it were not checked.`,
          {
            ...(head ? { file: head.file } : {}),
          },
        ),
      ],
      details,
    };
  }
  const change = policyChange(judging, head);
  if (change === 'unchanged') {
    return { id: 'policy', status: 'pass', summary: 'policy unchanged from base', findings: [], details };
  }
  const { changes } = change;
  let findings = change.findings;
  details.changes = changes;
  const approvers = boardApprovers(ctx, policy);
  if (approvers.length > 0) {
    details.approvedBy = approvers;
    findings = findings.map(({ fix: _fix, ...f }) => ({
      ...f,
      severity: 'notice',
      code: 'POLICY_CHANGE_APPROVED',
      message: `${f.message} Approved on the head commit by ${POLICY_BOARD_ROLE} ${approvers.join(', ')}.`,
    }));
  }
  const status = statusOf(findings);
  const loosenedCount = changes.filter((c) => c.direction === 'loosened').length;
  const summary = approvers.length
    ? `policy changed (${changes.length} change(s)); approved by ${approvers.join(', ')}`
    : status === 'fail'
      ? `policy loosened (${loosenedCount || 'unreadable or deleted'}${loosenedCount ? ' change(s)' : ''}): needs board review`
      : 'policy tightened: needs board review';
  return { id: 'policy', status, summary, findings, details };
}

type PolicyDocument = NonNullable<ReleaseContext['policyDocument']>;

/**
 * What the pull request does to the judging policy: deletes it or makes it unreadable (an error), loosens it (an
 * error per loosening), only tightens or restates it (one warning), or leaves it as it is.
 */
function policyChange(
  judging: PolicyDocument,
  head: ReleaseContext['headPolicy'],
): 'unchanged' | { changes: PolicyChange[]; findings: Finding[] } {
  if (!head) {
    const f = error(
      'POLICY_CHANGED',
      `This pull request deletes the governance policy ${judging.file}; the gate would fall back to the defaults.`,
      { file: judging.file, fix: FIX },
    );
    return { changes: diffPolicies(withDefaults(judging.value), withDefaults(undefined)), findings: [f] };
  }
  if (head.value === undefined || !isSchemaValid('policy', head.value)) {
    // Only a schema-valid policy can be diffed: the diff reads typed members (a roster given as a mapping would
    // crash it), and the schema check already names every problem.
    const f = error(
      'POLICY_CHANGED',
      `The pull request's policy ${head.file} cannot be read or is not a valid policy (see the schema check), so its changes cannot be reviewed.`,
      { file: head.file, fix: 'Fix the policy file; ' + FIX },
    );
    return { changes: [], findings: [f] };
  }
  if (canonicalJson(head.value) === canonicalJson(judging.value ?? null)) return 'unchanged';
  const changes = diffPolicies(withDefaults(judging.value), withDefaults(head.value));
  const loosened = changes.filter((c) => c.direction === 'loosened');
  if (loosened.length > 0) {
    const findings = loosened.map((c) =>
      error('POLICY_CHANGED', `This pull request loosens the governance policy: ${c.what}.`, {
        ...at(head, c.pointer),
        fix: FIX,
      }),
    );
    return { changes, findings };
  }
  const first = changes[0];
  const listed = changes.length
    ? changes.map((c) => c.what).join('; ')
    : 'the text changed without changing the effective policy';
  const f = warning(
    'POLICY_CHANGED',
    `This pull request changes the governance policy (tightened; still needs board review): ${listed}.`,
    {
      ...(first ? at(head, first.pointer) : { file: head.file }),
      fix: FIX,
    },
  );
  return { changes, findings: [f] };
}

export const policyCheck: Check<'policy'> = {
  id: 'policy',
  title: 'Policy: a pull request that changes its own gate needs a governance-board review',
  needs: [],
  run: judgePolicy,
};
