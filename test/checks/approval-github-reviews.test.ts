/**
 * GitHub reviews in the approvals check: as approvals (`approvals.source: github-review | both`), as corroboration of
 * the manifest's approvals, and as objections ("request changes"). A review counts only from a roster member, only
 * for the roles the document takes (the bias report takes the fairness reviewer's role only), never from the PR
 * author or the trainer; reviews are "known" only with a head commit to compare them with; what the action could not
 * read is "could not judge". Each test pins what the job summary and the findings say, word for word where a PR
 * author reads it. The full mutation run showed these conditions and texts could change without a test noticing.
 */
import { describe, expect, it } from '@jest/globals';
import { biasReportSubject, buildApprovalLedger } from '../../src/checks/approval-ledger.js';
import { approvalsCheck } from '../../src/checks/approvals.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { PullRequestFacts, PullRequestReview, ReviewsUnavailable } from '../../src/release/review-facts.js';
import { jsonDocument } from '../support/release-context.js';
import { buildRelease, daysAgo, HEAD_SHA, lineOf, type Release, type ReleaseOptions } from './fixtures/release.js';
import { only, sortedCodes } from './fixtures/findings.js';

function judge(release: Release) {
  return approvalsCheck.run(release.ctx, release.policy);
}

function pr(reviews: PullRequestReview[] | undefined, facts: Partial<PullRequestFacts> = {}): PullRequestFacts {
  return { author: 'mallory', headSha: HEAD_SHA, commitMessages: [], ...(reviews ? { reviews } : {}), ...facts };
}

function review(id: number, login: string, state: PullRequestReview['state'] = 'APPROVED'): PullRequestReview {
  return { id, login, state, commitId: HEAD_SHA };
}

/** The policy takes approvals from GitHub reviews only; the manifest lists none unless `approvals` says. */
function fromReviews(reviews: PullRequestReview[] | undefined, options: ReleaseOptions = {}): Release {
  return buildRelease({
    approvals: [],
    ...options,
    policy: (p) => {
      p.approvals.source = 'github-review';
      options.policy?.(p);
    },
    context: { pr: pr(reviews), ...options.context },
  });
}

describe('approving reviews as approvals', () => {
  it("show in the summary as GitHub reviews, with every role the reviewer holds and the review's time", () => {
    const at = daysAgo(0.5);
    const result = judge(fromReviews([{ ...review(1, 'alice'), submittedAt: at }, review(2, 'frank')]));
    expect(result.findings).toEqual([]);
    expect(result.details!.approvals).toEqual([
      { approver: 'alice', role: 'governance-board', source: 'github-review', decision: 'approved', at, counted: true },
      {
        approver: 'frank',
        role: 'governance-board, regulatory-affairs',
        source: 'github-review',
        decision: 'approved',
        counted: true,
      },
    ]);
  });

  it('of the bias report count only for the fairness reviewer role, and only from those who hold it', () => {
    const release = fromReviews([review(1, 'dave'), review(2, 'frank'), review(3, 'gina')], {
      policy: (p) => void p.approvals.roster.push({ login: 'gina', roles: ['governance-board', 'fairness-reviewer'] }),
    });
    const ledger = buildApprovalLedger(release.ctx, release.policy, biasReportSubject(release.ctx, release.policy));
    expect(ledger.entries.map((e) => [e.approver, e.role])).toEqual([
      ['dave', 'fairness-reviewer'],
      ['gina', 'fairness-reviewer'],
    ]);
    expect(ledger.missingRoles).toEqual([]);
  });

  it("the PR author's own approving review does not count; the finding points at the approvals", () => {
    const release = fromReviews([review(1, 'alice'), review(2, 'bob')], {
      context: { pr: pr([review(1, 'alice'), review(2, 'bob')], { author: 'alice' }) },
    });
    const result = judge(release);
    expect(sortedCodes(result.findings)).toEqual(['APPROVALS_MISSING_ROLE', 'APPROVAL_SEPARATION_OF_DUTIES']);
    expect(only(result.findings, 'APPROVAL_SEPARATION_OF_DUTIES')).toMatchObject({
      severity: 'error',
      message: "alice's GitHub review does not count: alice authored the pull request.",
      fix: 'Ask another roster member to review.',
      pointer: '/approvals',
    });
    expect(result.details!.approvals[0]).toMatchObject({
      approver: 'alice',
      counted: false,
      reason: 'is the pull request author (separation of duties)',
    });
  });

  it("the trainer's approving review does not count; the finding points at triggeredBy", () => {
    const release = fromReviews([review(1, 'carol'), review(2, 'bob')]);
    const f = only(judge(release).findings, 'APPROVAL_SEPARATION_OF_DUTIES');
    expect(f).toMatchObject({
      message:
        "carol's GitHub review does not count: carol triggered the training run (provenance.training.triggeredBy).",
      pointer: '/provenance/training/triggeredBy',
      line: lineOf(release.ctx.manifest, '/provenance/training/triggeredBy'),
    });
  });

  it("say in a notice that the manifest's approvals were not counted", () => {
    const release = fromReviews([review(1, 'alice'), review(2, 'bob')], {
      approvals: [{ approver: 'erin', role: 'governance-board' }],
    });
    const result = judge(release);
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'notice',
        code: 'APPROVALS_MANIFEST_IGNORED',
        message: "The policy takes approvals from GitHub reviews only; the manifest's approvals were not counted.",
        pointer: '/approvals',
      }),
    ]);
    expect(result.summary).toBe('required roles met by alice, bob');
  });
});

describe('reviews are known only with the head commit they approve', () => {
  it.each([
    ['no head commit', {}],
    ['an empty head commit', { headSha: '' }],
  ])('with %s, approvals taken from reviews cannot be judged', (_what, head) => {
    const facts = { ...pr([review(1, 'alice'), review(2, 'bob')]), headSha: undefined, ...head };
    if (facts.headSha === undefined) delete facts.headSha;
    const release = fromReviews(undefined, { context: { pr: facts } });
    const result = judge(release);
    expect(result.findings).toEqual([
      {
        severity: 'error',
        code: 'APPROVALS_REVIEWS_UNAVAILABLE',
        message:
          'The policy takes approvals from GitHub reviews (approvals.source: github-review), which are not known here (local run or offline).',
        file: 'model/manifest.json',
        fix: 'Run the gate in the GitHub Action, where the pull request reviews are read.',
        indeterminate: true,
      },
    ]);
    expect(buildApprovalLedger(release.ctx, release.policy).reviewsKnown).toBe(false);
  });
});

describe('reviews the action could not read', () => {
  const why: ReviewsUnavailable = { cause: 'github', message: 'GitHub answered 502', fix: 'Re-run the job later.' };

  it('say why, with the cause first, on the manifest file, and how to fix it', () => {
    const release = fromReviews(undefined, { context: { pr: pr(undefined, { reviewsUnavailable: why }) } });
    const result = judge(release);
    expect(result.findings).toEqual([
      {
        severity: 'error',
        code: 'APPROVALS_REVIEWS_UNREADABLE',
        message:
          "The pull request's GitHub reviews could not be read (GitHub did not answer as its API does: GitHub answered 502): whether a board member approved or requested changes could not be judged.",
        file: 'model/manifest.json',
        fix: 'Re-run the job later.',
        indeterminate: true,
      },
    ]);
    expect(result.summary).toBe("could not judge: 1 approval(s) need the pull request's reviews");
  });

  it('leave corroborated approvals undetermined; the summary counts only what could not be judged', () => {
    const release = buildRelease({
      approvals: [
        { approver: 'alice', role: 'governance-board' },
        { approver: 'bob', role: 'regulatory-affairs' },
        { approver: 'zed', role: 'governance-board' },
      ],
      policy: (p) => (p.approvals.corroborate = 'github-review'),
      context: { pr: pr(undefined, { reviewsUnavailable: why }) },
    });
    const result = judge(release);
    expect(sortedCodes(result.findings)).toEqual([
      'APPROVALS_REVIEWS_UNREADABLE',
      'APPROVAL_CORROBORATION_UNKNOWN',
      'APPROVAL_CORROBORATION_UNKNOWN',
      'APPROVER_NOT_ON_ROSTER',
    ]);
    expect(result.summary).toBe("could not judge: 3 approval(s) need the pull request's reviews");
    expect(result.details!.approvals[0]).toEqual({
      approver: 'alice',
      role: 'governance-board',
      source: 'manifest',
      decision: 'approved',
      at: daysAgo(1),
      counted: false,
      undetermined: true,
      reason: 'corroboration unknown: the reviews could not be read (github)',
    });
    expect(result.details!.approvals[2]).not.toHaveProperty('undetermined');
  });
});

describe('a role that approvals awaiting unreadable reviews could not fill', () => {
  const why: ReviewsUnavailable = { cause: 'github', message: 'GitHub answered 502', fix: 'Re-run the job later.' };
  /** Two governance-board approvals required, reviews unreadable, the manifest approved by `approvers`. */
  const twoRequired = (approvers: string[]) =>
    judge(
      buildRelease({
        approvals: approvers.map((approver) => ({ approver, role: 'governance-board' })),
        policy: (p) => {
          p.approvals.corroborate = 'github-review';
          p.approvals.required = [{ role: 'governance-board', count: 2 }];
        },
        context: { pr: pr(undefined, { reviewsUnavailable: why }) },
      }),
    );

  it('is still named as missing: even corroborated, one approval leaves it short', () => {
    const result = twoRequired(['alice']);
    const missing = only(result.findings, 'APPROVALS_MISSING_ROLE');
    expect(missing.message).toBe(
      'The policy requires 2 governance-board approval(s) by distinct people; 2 more needed.',
    );
    expect(missing).not.toHaveProperty('indeterminate');
    expect(sortedCodes(result.findings)).toEqual([
      'APPROVALS_MISSING_ROLE',
      'APPROVALS_REVIEWS_UNREADABLE',
      'APPROVAL_CORROBORATION_UNKNOWN',
    ]);
  });

  it('is "could not judge" when the approvals awaiting their reviews would fill it', () => {
    const result = twoRequired(['alice', 'erin']);
    expect(sortedCodes(result.findings)).not.toContain('APPROVALS_MISSING_ROLE');
    expect(sortedCodes(result.findings)).toEqual([
      'APPROVALS_REVIEWS_UNREADABLE',
      'APPROVAL_CORROBORATION_UNKNOWN',
      'APPROVAL_CORROBORATION_UNKNOWN',
    ]);
  });
});

describe('corroboration in the job summary', () => {
  const corroborated = (options: ReleaseOptions) =>
    buildRelease({ ...options, policy: (p) => (p.approvals.corroborate = 'github-review') });

  it('is shown for approvals recorded in the manifest, not for the GitHub reviews themselves', () => {
    const release = corroborated({
      approvals: [{ approver: 'alice', role: 'governance-board' }],
      context: { pr: pr([review(1, 'alice'), review(2, 'bob')]) },
    });
    release.policy.approvals.source = 'both';
    const views = judge(release).details!.approvals;
    expect(views.map((v) => [v.approver, v.source, v.corroborated])).toEqual([
      ['alice', 'manifest', true],
      ['alice', 'github-review', undefined],
      ['bob', 'github-review', undefined],
    ]);
    expect(views[1]).not.toHaveProperty('corroborated');
  });

  it('an approval refused for another reason is still shown as corroborated when its GitHub review stands', () => {
    const release = corroborated({
      approvals: [
        { approver: 'alice', role: 'governance-board', ageDays: 31 },
        { approver: 'bob', role: 'regulatory-affairs' },
      ],
      context: { pr: pr([review(1, 'alice'), review(2, 'bob')]) },
    });
    expect(judge(release).details!.approvals[0]).toMatchObject({
      counted: false,
      corroborated: true,
      reason: 'older than 30 days',
    });
  });

  it('is not shown when the policy does not ask for it', () => {
    const views = judge(buildRelease({ context: { pr: pr([review(1, 'alice')]) } })).details!.approvals;
    expect(views[0]).not.toHaveProperty('corroborated');
    expect(views[0]).toEqual({
      approver: 'alice',
      role: 'governance-board',
      source: 'manifest',
      decision: 'approved',
      at: daysAgo(1),
      counted: true,
    });
  });
});

describe("a board member's request for changes", () => {
  it('blocks, naming the review and the short commit, and says how it is lifted', () => {
    const release = buildRelease({ context: { pr: pr([review(7, 'bob', 'CHANGES_REQUESTED')]) } });
    const f = only(judge(release).findings, 'APPROVAL_CHANGES_REQUESTED');
    expect(f).toMatchObject({
      severity: 'error',
      message: `bob requested changes on GitHub (review 7 on commit ${HEAD_SHA.slice(0, 7)}); a board member's request for changes blocks until bob approves or the review is dismissed.`,
      fix: "Address bob's review and ask them to approve the pull request on GitHub (or have the review dismissed, which GitHub records).",
      pointer: '/approvals',
    });
  });

  it('points at the file when the manifest lists no approvals', () => {
    for (const approvals of [[], undefined]) {
      const release = buildRelease({ context: { pr: pr([review(7, 'bob', 'CHANGES_REQUESTED')]) } });
      const manifest: Manifest = { ...release.manifest, approvals: approvals ?? [] };
      if (approvals === undefined) delete manifest.approvals;
      release.ctx.manifest = jsonDocument<Manifest>('model/manifest.json', manifest);
      const f = only(judge(release).findings, 'APPROVAL_CHANGES_REQUESTED');
      expect(f.pointer).toBe('');
      expect(f.file).toBe('model/manifest.json');
    }
  });
});
