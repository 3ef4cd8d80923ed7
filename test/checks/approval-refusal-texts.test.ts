/**
 * What each refusal of an approval says, word for word: the message and the fix a PR author reads, where it points,
 * and the one-line reason the job summary shows for an approval that does not count. The approval ledger shares
 * these rules between the manifest and the bias report, so the texts name the document and the values involved (who,
 * which role, who holds it, how old, which digest). The full mutation run showed most of these texts could be
 * emptied without a test noticing.
 */
import { describe, expect, it } from '@jest/globals';
import { biasReportSubject, buildApprovalLedger, describeUnavailable } from '../../src/checks/approval-ledger.js';
import { approvalsCheck } from '../../src/checks/approvals.js';
import { reportDigest } from '../../src/formats/canonical-digest.js';
import { validateAgainstSchema } from '../../src/formats/schema-validator.js';
import type { PullRequestReview, ReviewsUnavailable } from '../../src/release/review-facts.js';
import { buildRelease, daysAgo, HEAD_SHA, lineOf, NOW, type Release, type ReleaseOptions } from './fixtures/release.js';
import { only } from './fixtures/findings.js';

function judge(release: Release) {
  return approvalsCheck.run(release.ctx, release.policy);
}

/** The job summary's one-line reason why `approver`'s approval does not count. */
function reasonOf(release: Release, approver: string): string | undefined {
  const views = judge(release).details!.approvals;
  return views.find((v) => v.approver === approver)?.reason;
}

/** The default release with the board approval given by `approver` in `role` (bob keeps regulatory-affairs). */
function boardApprovalBy(approver: string, role = 'governance-board', options: ReleaseOptions = {}): Release {
  return buildRelease({
    ...options,
    approvals: [
      { approver, role },
      { approver: 'bob', role: 'regulatory-affairs' },
    ],
  });
}

const corroborate: ReleaseOptions['policy'] = (p) => (p.approvals.corroborate = 'github-review');
const approvedOnHead = (id: number, login: string): PullRequestReview => ({
  id,
  login,
  state: 'APPROVED',
  commitId: HEAD_SHA,
});

describe('an approver the roster does not know', () => {
  it('says who holds the role claimed, and that only the policy can change the roster', () => {
    const release = boardApprovalBy('zed');
    const f = only(judge(release).findings, 'APPROVER_NOT_ON_ROSTER');
    expect(f).toMatchObject({
      severity: 'error',
      message:
        'zed is not on the approvals roster of the judging policy (it gives governance-board only to alice, erin, frank, carol).',
      fix: 'Only roster members can approve; the roster is changed by a board-reviewed policy PR.',
      pointer: '/approvals/0/approver',
      line: lineOf(release.ctx.manifest, '/approvals/0/approver'),
    });
    expect(reasonOf(release, 'zed')).toBe('not on the roster');
  });

  it('says "to nobody" when no roster member holds the role claimed', () => {
    const f = only(judge(boardApprovalBy('zed', 'ghost-role')).findings, 'APPROVER_NOT_ON_ROSTER');
    expect(f.message).toBe('zed is not on the approvals roster of the judging policy (it gives ghost-role to nobody).');
  });

  it('every reason an approval fails is listed in the summary, joined', () => {
    const release = buildRelease({
      approvals: [
        { approver: 'zed', role: 'governance-board', ageDays: 40 },
        { approver: 'alice', role: 'governance-board' },
        { approver: 'bob', role: 'regulatory-affairs' },
      ],
    });
    expect(reasonOf(release, 'zed')).toBe('not on the roster; older than 30 days');
  });
});

describe('a roster member approving in a role the roster does not give them', () => {
  it('lists every role they do hold, and the holders of the role they claimed', () => {
    const release = buildRelease({
      approvals: [
        { approver: 'alice', role: 'governance-board' },
        { approver: 'erin', role: 'regulatory-affairs' },
      ],
    });
    const f = only(judge(release).findings, 'APPROVER_ROLE_NOT_GRANTED');
    expect(f).toMatchObject({
      severity: 'error',
      message: 'erin approved as regulatory-affairs, but the roster gives erin only: governance-board, force-approver.',
      fix: 'Approve with a role erin holds, or ask a holder of regulatory-affairs (bob, frank).',
      pointer: '/approvals/1/role',
    });
    expect(reasonOf(release, 'erin')).toBe('the roster does not give erin the role regulatory-affairs');
  });

  it('names no holders when nobody holds the role', () => {
    const f = only(judge(boardApprovalBy('alice', 'ghost-role')).findings, 'APPROVER_ROLE_NOT_GRANTED');
    expect(f.message).toBe('alice approved as ghost-role, but the roster gives alice only: governance-board.');
    expect(f.fix).toBe('Approve with a role alice holds, or ask a holder of ghost-role.');
  });
});

describe('the date of an approval', () => {
  // RFC 3339 (and the manifest schema) allows a leap second, which Date.parse does not read: a schema-valid
  // manifest can carry an approval date the gate cannot place in time.
  const LEAP_SECOND = '2026-11-22T23:59:60Z';

  it('a date the gate cannot read (a leap second) does not count, and says how to record one', () => {
    const release = buildRelease({ afterApproval: (m) => (m.approvals![0]!.at = LEAP_SECOND) });
    expect(validateAgainstSchema('manifest', release.manifest)).toEqual([]);
    const result = judge(release);
    const f = only(result.findings, 'APPROVAL_DATE_INVALID');
    expect(f).toMatchObject({
      severity: 'error',
      message: `alice's approval date "${LEAP_SECOND}" is not a date-time.`,
      fix: 'Record approvals with mlgov approve, which writes an ISO 8601 time.',
      pointer: '/approvals/0/at',
      line: lineOf(release.ctx.manifest, '/approvals/0/at'),
    });
    expect(result.findings.map((x) => x.code).sort()).toEqual(['APPROVALS_MISSING_ROLE', 'APPROVAL_DATE_INVALID']);
    expect(reasonOf(release, 'alice')).toBe('no valid date');
  });

  it('a date in the future does not count, and says when the release is judged', () => {
    const release = buildRelease({ afterApproval: (m) => (m.approvals![0]!.at = '2027-01-01T00:00:00Z') });
    const f = only(judge(release).findings, 'APPROVAL_IN_FUTURE');
    expect(f).toMatchObject({
      severity: 'error',
      message: `alice's approval of the manifest is dated 2027-01-01T00:00:00Z, after the time the release is judged at (${NOW}).`,
      fix: 'Record approvals with mlgov approve, which writes the current time.',
      pointer: '/approvals/0/at',
    });
    expect(reasonOf(release, 'alice')).toBe('dated in the future');
  });

  it('a stale approval says how old it is, the limit, and whom to ask', () => {
    const stale = buildRelease({
      approvals: [
        { approver: 'alice', role: 'governance-board', ageDays: 31 },
        { approver: 'bob', role: 'regulatory-affairs' },
      ],
    });
    expect(judge(buildRelease()).findings).toEqual([]);
    const f = only(judge(stale).findings, 'APPROVAL_STALE');
    expect(f).toMatchObject({
      severity: 'warning',
      message: `alice's governance-board approval of the manifest is 31 days old (at ${daysAgo(31)}); approvals older than 30 days do not count.`,
      fix: 'Ask alice to review again and re-approve.',
      pointer: '/approvals/0/at',
    });
    expect(reasonOf(stale, 'alice')).toBe('older than 30 days');
  });
});

describe('separation of duties', () => {
  it('the trainer: the message names the provenance member, the fix asks another holder of the role', () => {
    const release = boardApprovalBy('carol');
    const f = only(judge(release).findings, 'APPROVAL_SEPARATION_OF_DUTIES');
    expect(f).toMatchObject({
      severity: 'error',
      message:
        'carol triggered the training run (provenance.training.triggeredBy) and cannot approve the manifest of their own release (separation of duties).',
      fix: 'Ask another holder of governance-board to approve.',
      pointer: '/approvals/0/approver',
    });
    expect(reasonOf(release, 'carol')).toBe('triggered the training run (separation of duties)');
  });

  it('the pull request author', () => {
    const release = buildRelease({ context: { pr: { author: 'bob', headSha: HEAD_SHA, commitMessages: [] } } });
    const f = only(judge(release).findings, 'APPROVAL_SEPARATION_OF_DUTIES');
    expect(f.message).toBe(
      'bob authored the pull request and cannot approve the manifest of their own release (separation of duties).',
    );
    expect(f.fix).toBe('Ask another holder of regulatory-affairs to approve.');
    expect(reasonOf(release, 'bob')).toBe('is the pull request author (separation of duties)');
  });
});

describe('GitHub corroboration', () => {
  it('an approval without its GitHub review: the fix asks that approver to approve the head commit', () => {
    const release = buildRelease({
      policy: corroborate,
      context: {
        pr: { author: 'mallory', headSha: HEAD_SHA, commitMessages: [], reviews: [approvedOnHead(1, 'alice')] },
      },
    });
    const f = only(judge(release).findings, 'APPROVAL_NOT_CORROBORATED');
    expect(f.message).toBe(
      'The policy asks each approval to be corroborated by a GitHub review, but bob has not approved the pull request on GitHub.',
    );
    expect(f.fix).toBe('bob should approve the pull request on GitHub at its head commit.');
  });

  it('reviews that could not be read: could not judge, with the cause in the summary reason', () => {
    const why: ReviewsUnavailable = { cause: 'network', message: 'ECONNRESET', fix: 're-run the job' };
    const release = buildRelease({
      policy: corroborate,
      context: { pr: { author: 'mallory', headSha: HEAD_SHA, commitMessages: [], reviewsUnavailable: why } },
    });
    const f = judge(release).findings.find((x) => x.code === 'APPROVAL_CORROBORATION_UNKNOWN')!;
    expect(f).toMatchObject({
      indeterminate: true,
      message:
        "The policy asks each approval to be corroborated by a GitHub review, but the pull request's reviews could not be read (GitHub could not be reached: ECONNRESET), so alice's approval of the manifest could not be judged.",
      fix: 're-run the job',
      pointer: '/approvals/0/approver',
    });
    expect(reasonOf(release, 'alice')).toBe('corroboration unknown: the reviews could not be read (network)');
  });

  it.each<[ReviewsUnavailable['cause'], string]>([
    ['permission', 'the token may not read them: HTTP 403'],
    ['network', 'GitHub could not be reached: HTTP 403'],
    ['github', 'GitHub did not answer as its API does: HTTP 403'],
    ['no-pull-request', 'no pull request was found for this run: HTTP 403'],
  ])('why the reviews could not be read names the cause first (%s)', (cause, text) => {
    expect(describeUnavailable({ cause, message: 'HTTP 403', fix: 'x' })).toBe(text);
  });
});

describe('an approval bound to another digest', () => {
  it('of the manifest: the fix is the approve command to run again', () => {
    const release = buildRelease({ afterApproval: (m) => (m.release.reason = 'Quarterly retrain, edited later') });
    const f = judge(release).findings.find((x) => x.code === 'APPROVAL_DIGEST_MISMATCH')!;
    expect(f.fix).toBe(
      'Have alice review the changed manifest and approve again: mlgov approve --approver alice --role governance-board',
    );
  });

  it('of the bias report: the message names the bias report, the fix targets it', () => {
    const release = buildRelease({ afterApproval: (_m, r) => (r.dataset = { name: 'holdout-2026-12', rows: 120000 }) });
    const ledger = buildApprovalLedger(release.ctx, release.policy, biasReportSubject(release.ctx, release.policy));
    const bound = release.report.approvals![0]!.reportDigest;
    const now = reportDigest(release.report);
    expect(bound).not.toBe(now);
    const f = only(ledger.entries[0]!.findings, 'BIAS_APPROVAL_DIGEST_MISMATCH');
    expect(f).toMatchObject({
      message: `dave's fairness-reviewer approval names bias report ${bound}, but the bias report is now ${now}: it was edited after the approval.`,
      fix: 'Have dave review the changed bias report and approve again: mlgov approve --target bias-report --approver dave --role fairness-reviewer',
      pointer: '/approvals/0/reportDigest',
    });
    expect(ledger.entries[0]!.reasons).toEqual([
      'bound to another bias report digest (the bias report changed after this approval)',
    ]);
  });
});
