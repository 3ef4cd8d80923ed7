/**
 * The fairness reviewer's sign-off on the bias report, as the PR author reads it: a rejection quotes the reviewer's
 * note and points at that rejection's decision (whichever entry it is); a rejection recorded in the base revision's
 * copy of the report blocks the release, and the author cannot answer it by deleting approvals (no "approval
 * missing" on top of it); reviews the policy takes from GitHub but the gate could not read are "could not judge",
 * with the reason and the fix; a missing approval names the role, the digest, where to add it and the exact command,
 * and, when the policy asks for GitHub corroboration, says to approve the pull request too. The job summary names
 * who reviewed, or who tried and why it did not count. The full mutation run left these unread.
 */
import { describe, expect, it } from '@jest/globals';
import { biasCheck } from '../../src/checks/bias.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import { reportDigest } from '../../src/formats/canonical-digest.js';
import type { Finding } from '../../src/formats/finding.js';
import type { ReleaseContext } from '../../src/release/release-context.js';
import { jsonDocument } from '../support/release-context.js';
import { buildRelease, daysAgo, HEAD_SHA, lineOf, type Release, type ReleaseOptions } from './fixtures/release.js';
import { only } from './fixtures/findings.js';

const REPORT_FILE = 'reports/latest-bias-report.json';
const OTHER_DIGEST = 'sha256:' + '0'.repeat(64);

function judge(options: ReleaseOptions = {}) {
  const release = buildRelease(options);
  return { release, result: biasCheck.run(release.ctx, release.policy) };
}
const rerun = (release: Release) => biasCheck.run(release.ctx, release.policy);

const codes = (findings: Finding[]) => findings.map((f) => f.code);

/** The pull request facts of a run in the GitHub Action: its reviews are known (here: none). */
const prWithoutReviews: ReleaseContext['pr'] = {
  author: 'mallory',
  headSha: HEAD_SHA,
  commitMessages: [],
  reviews: [],
};

/** The release with no report approval of its own and dave's rejection of this very report in the base's copy. */
function withBaseRejection(note?: string): Release {
  const release = buildRelease({ reportApprovals: [] });
  const base = release.ctx.base;
  if (base.kind !== 'found') throw new Error('buildRelease has a base');
  const baseReport: BiasReport = {
    ...release.report,
    approvals: [
      {
        approver: 'dave',
        role: 'fairness-reviewer',
        decision: 'rejected',
        at: daysAgo(3),
        reportDigest: reportDigest(release.report),
        ...(note !== undefined ? { note } : {}),
      },
    ],
  };
  release.ctx = { ...release.ctx, base: { ...base, biasReport: jsonDocument<BiasReport>(REPORT_FILE, baseReport) } };
  return release;
}

describe('a rejection in the report', () => {
  const rejectedSecond: ReleaseOptions = {
    reportApprovals: [
      { approver: 'alice', role: 'governance-board' },
      { approver: 'dave', role: 'fairness-reviewer', decision: 'rejected' },
    ],
  };

  it('quotes the note, and points at the decision of the entry that rejected', () => {
    const { release, result } = judge({
      ...rejectedSecond,
      afterApproval: (_m, r) => void (r.approvals![1]!.note = 'the 51+ band is under-sampled'),
    });
    expect(result.findings).toEqual([
      {
        severity: 'error',
        code: 'BIAS_REVIEW_REJECTED',
        message: 'dave (fairness-reviewer) rejected this bias report: "the 51+ band is under-sampled".',
        file: REPORT_FILE,
        pointer: '/approvals/1/decision',
        line: lineOf(release.ctx.biasReport, '/approvals/1/decision'),
        column: expect.any(Number),
        fix: "Address the reviewer's objections, regenerate the report and ask for a new review.",
      },
    ]);
    expect(result.details?.reviewer).toEqual({ approver: 'dave', counted: false, reason: 'rejected' });
  });

  it('without a note, ends the sentence there', () => {
    const { result } = judge(rejectedSecond);
    expect(only(result.findings, 'BIAS_REVIEW_REJECTED').message).toBe(
      'dave (fairness-reviewer) rejected this bias report.',
    );
  });
});

describe("a rejection recorded in the base revision's copy of the report", () => {
  it('blocks the release, and deleting the approvals from the branch does not turn it into a missing approval', () => {
    const release = withBaseRejection('disparity in 51+');
    const result = rerun(release);
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'BIAS_REVIEW_REJECTION_RECORDED',
        message:
          'dave (fairness-reviewer) rejected exactly this bias report in the base revision\'s copy of the file: "disparity in 51+"; the pull request cannot remove a rejection recorded there.',
        fix: "Change the bias report to address dave's objections (a new digest needs new approvals), or have dave approve this bias report with mlgov approve on the base branch.",
      }),
    ]);
    expect(result.status).toBe('fail');
    expect(result.details?.reviewer).toEqual({ approver: 'dave', counted: false, reason: 'rejected' });
  });
});

describe('reviews the policy takes from GitHub', () => {
  const fromGitHub: ReleaseOptions['policy'] = (p) => void (p.approvals.source = 'github-review');

  it('not known (a local run): could not judge, and the fix is to run in the GitHub Action', () => {
    const { result } = judge({ policy: fromGitHub });
    expect(result.findings).toEqual([
      {
        severity: 'error',
        indeterminate: true,
        code: 'BIAS_REVIEWS_UNAVAILABLE',
        message:
          'The policy takes approvals from GitHub reviews (approvals.source: github-review), so the fairness-reviewer approval of the bias report is a GitHub review, and the reviews are not known here (local run or offline).',
        file: REPORT_FILE,
        fix: 'Run the gate in the GitHub Action, where the pull request reviews are read.',
      },
    ]);
  });

  it('unreadable: could not judge, with why and the fix the adapter gave', () => {
    const { result } = judge({
      policy: fromGitHub,
      context: {
        pr: {
          author: 'mallory',
          headSha: HEAD_SHA,
          commitMessages: [],
          reviewsUnavailable: { cause: 'permission', message: 'HTTP 403', fix: 'Grant pull-requests: read.' },
        },
      },
    });
    const f = only(result.findings, 'BIAS_REVIEWS_UNAVAILABLE');
    expect(f.message).toBe(
      'The policy takes approvals from GitHub reviews (approvals.source: github-review), so the fairness-reviewer approval of the bias report is a GitHub review, and the reviews could not be read (the token may not read them: HTTP 403).',
    );
    expect(f.fix).toBe('Grant pull-requests: read.');
  });
});

describe('no approval that counts', () => {
  const missing = (result: ReturnType<typeof rerun>) => only(result.findings, 'BIAS_APPROVAL_MISSING');

  it('none at all: names the role and the digest, points at the report, and gives the command', () => {
    const { release, result } = judge({ reportApprovals: [] });
    expect(result.findings).toEqual([
      {
        severity: 'error',
        code: 'BIAS_APPROVAL_MISSING',
        message: `No fairness-reviewer approval that counts is bound to the bias report's current digest ${reportDigest(release.report)}.`,
        file: REPORT_FILE,
        pointer: '',
        line: 1,
        column: 1,
        fix: 'After reviewing the report, run: mlgov approve --target bias-report --approver <login> --role fairness-reviewer',
      },
    ]);
  });

  it('a report without an approvals list: the same, pointing at the report', () => {
    const { result } = judge({ afterApproval: (_m, r) => delete r.approvals });
    expect(missing(result).pointer).toBe('');
  });

  it('one approval that does not count: points at the approvals', () => {
    const { release, result } = judge({
      reportApprovals: [{ approver: 'dave', role: 'fairness-reviewer', digest: OTHER_DIGEST }],
    });
    expect(missing(result).pointer).toBe('/approvals');
    expect(missing(result).line).toBe(lineOf(release.ctx.biasReport, '/approvals'));
  });

  it('with GitHub corroboration, the fix also asks for an approval of the pull request', () => {
    const { result } = judge({
      reportApprovals: [],
      policy: (p) => void (p.approvals.corroborate = 'github-review'),
      context: { pr: prWithoutReviews },
    });
    expect(missing(result).fix).toBe(
      'After reviewing the report, run: mlgov approve --target bias-report --approver <login> --role fairness-reviewer, and approve the pull request on GitHub',
    );
  });

  it('under a policy of several models, the command names the model', () => {
    const { result } = judge({ reportApprovals: [], context: { governedName: 'fraud-detection' } });
    expect(missing(result).fix).toBe(
      'After reviewing the report, run: mlgov approve --target bias-report --approver <login> --role fairness-reviewer --model fraud-detection',
    );
  });
});

describe('who the job summary names as reviewer', () => {
  it('someone who tried in the reviewer role, with every reason it did not count, before anyone else', () => {
    const { result } = judge({
      reportApprovals: [
        { approver: 'alice', role: 'governance-board' },
        { approver: 'dave', role: 'fairness-reviewer', ageDays: 40, digest: OTHER_DIGEST },
      ],
    });
    expect(result.details?.reviewer).toEqual({
      approver: 'dave',
      counted: false,
      reason: 'bound to another bias report digest (the bias report changed after this approval); older than 30 days',
    });
  });

  it('with no one in the reviewer role, the first who approved, and their decision', () => {
    const { result } = judge({ reportApprovals: [{ approver: 'alice', role: 'governance-board' }] });
    expect(result.details?.reviewer).toEqual({ approver: 'alice', counted: false, reason: 'approved' });
    expect(codes(result.findings)).toEqual(['BIAS_APPROVAL_MISSING']);
  });
});
