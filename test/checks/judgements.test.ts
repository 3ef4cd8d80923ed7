/**
 * Every human judgement is bound the same way (issue 12, principles 2 and 5). The fairness reviewer's approval of the
 * bias report obeys every rule a manifest approval obeys (one ledger, src/checks/approval-ledger.ts); GitHub logins
 * compare case-insensitively; a rejection recorded where the PR author cannot edit it (a standing "request changes"
 * review, the base revision's copy of the document, the base's audit log) blocks; and reviews the action could not
 * read make what depends on them "could not judge" (exit 2) — never "nobody approved", never a pass.
 *
 * Each attack is written as the PR author would try it: they control the manifest, the bias report and the audit log
 * on the PR branch, but not the base revision nor anyone else's GitHub reviews.
 */
import { describe, expect, it } from '@jest/globals';
import { approvalsCheck } from '../../src/checks/approvals.js';
import { biasCheck } from '../../src/checks/bias.js';
import { buildChainedEvent, formatAuditLine, type AuditEvent } from '../../src/evidence/hash-chain.js';
import { manifestDigest, reportDigest } from '../../src/formats/canonical-digest.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Finding } from '../../src/formats/finding.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { exitCodeOf } from '../../src/release/report.js';
import type { PullRequestFacts, PullRequestReview, ReviewsUnavailable } from '../../src/release/review-facts.js';
import { jsonDocument } from '../support/release-context.js';
import {
  buildRelease,
  daysAgo,
  exampleBaseManifest,
  HEAD_SHA,
  lineOf,
  OLD_SHA,
  type Release,
  type ReleaseOptions,
} from './fixtures/release.js';
import { only, sortedCodes } from './fixtures/findings.js';

const approvals = (r: Release) => approvalsCheck.run(r.ctx, r.policy);
const bias = (r: Release) => biasCheck.run(r.ctx, r.policy);

/** The bias check's findings about the reviewer (the metric rules are another test's). */
function reviewerFindings(findings: Finding[]): Finding[] {
  return findings.filter((f) => /^BIAS_(APPROVAL|REVIEW)/.test(f.code));
}

let nextId = 1;
function review(
  login: string,
  state: PullRequestReview['state'] = 'APPROVED',
  commitId = HEAD_SHA,
  submittedAt?: string,
): PullRequestReview {
  return { id: nextId++, login, state, commitId, ...(submittedAt ? { submittedAt } : {}) };
}

function pr(reviews: PullRequestReview[] | undefined, author = 'mallory'): PullRequestFacts {
  return { author, headSha: HEAD_SHA, commitMessages: [], ...(reviews ? { reviews } : {}) };
}

/** Every approver of the default release approved the head commit on GitHub. */
const EVERYONE = () => [review('alice'), review('bob'), review('dave')];

function corroborated(options: ReleaseOptions = {}): ReleaseOptions {
  return {
    ...options,
    policy: (p) => {
      p.approvals.corroborate = 'github-review';
      options.policy?.(p);
    },
  };
}

describe('the fairness review obeys every rule a manifest approval obeys', () => {
  it('the control: dave, fairness reviewer, approved exactly this report: no reviewer finding', () => {
    const result = bias(buildRelease());
    expect(reviewerFindings(result.findings)).toEqual([]);
    expect(result.details?.['reviewer']).toEqual({ approver: 'dave', counted: true });
  });

  it('an approval dated 2099 does not count (it would never go stale)', () => {
    const release = buildRelease({ afterApproval: (_m, r) => (r.approvals![0]!.at = '2099-01-01T00:00:00Z') });
    const result = bias(release);
    expect(result.status).toBe('fail');
    expect(sortedCodes(reviewerFindings(result.findings))).toEqual([
      'BIAS_APPROVAL_IN_FUTURE',
      'BIAS_APPROVAL_MISSING',
    ]);
    const f = only(result.findings, 'BIAS_APPROVAL_IN_FUTURE');
    expect(f.severity).toBe('error');
    expect(f.message).toContain('dated 2099-01-01T00:00:00Z');
    expect(f.pointer).toBe('/approvals/0/at');
    expect(f.line).toBe(lineOf(release.ctx.biasReport, '/approvals/0/at'));
    expect(result.details?.['reviewer']).toEqual({ approver: 'dave', counted: false, reason: 'dated in the future' });
  });

  it('an approval dated within the clock-skew tolerance still counts (the boundary)', () => {
    const soon = new Date(Date.parse(daysAgo(0)) + 9 * 60_000).toISOString();
    const release = buildRelease({ afterApproval: (_m, r) => (r.approvals![0]!.at = soon) });
    expect(reviewerFindings(bias(release).findings)).toEqual([]);
  });

  it('the person who trained the model cannot review its fairness (separation of duties), whatever the case', () => {
    for (const trainer of ['dave', 'DAVE', 'Dave']) {
      const release = buildRelease({ manifest: (m) => (m.provenance.training.triggeredBy = trainer) });
      const result = bias(release);
      expect(sortedCodes(reviewerFindings(result.findings))).toEqual([
        'BIAS_APPROVAL_MISSING',
        'BIAS_APPROVAL_SEPARATION_OF_DUTIES',
      ]);
      const f = only(result.findings, 'BIAS_APPROVAL_SEPARATION_OF_DUTIES');
      expect(f.message).toContain('dave triggered the training run');
      expect(f.pointer).toBe('/approvals/0/approver');
      expect(f.line).toBe(lineOf(release.ctx.biasReport, '/approvals/0/approver'));
    }
  });

  it('the pull request author cannot review the fairness of their own release', () => {
    const release = buildRelease({ context: { pr: pr(undefined, 'Dave') } });
    const f = only(bias(release).findings, 'BIAS_APPROVAL_SEPARATION_OF_DUTIES');
    expect(f.message).toContain('dave authored the pull request');
  });

  it('separation of duties off: the trainer may review (the policy decides, not the rule)', () => {
    const release = buildRelease({
      manifest: (m) => (m.provenance.training.triggeredBy = 'dave'),
      policy: (p) => (p.approvals.separationOfDuties = false),
    });
    expect(reviewerFindings(bias(release).findings)).toEqual([]);
  });

  it('a stale fairness review does not count (maxAgeDays), one day either side of the limit', () => {
    const stale = bias(
      buildRelease({ reportApprovals: [{ approver: 'dave', role: 'fairness-reviewer', ageDays: 31 }] }),
    );
    expect(sortedCodes(reviewerFindings(stale.findings))).toEqual(['BIAS_APPROVAL_MISSING', 'BIAS_APPROVAL_STALE']);
    expect(only(stale.findings, 'BIAS_APPROVAL_STALE').pointer).toBe('/approvals/0/at');
    const fresh = bias(
      buildRelease({ reportApprovals: [{ approver: 'dave', role: 'fairness-reviewer', ageDays: 29 }] }),
    );
    expect(reviewerFindings(fresh.findings)).toEqual([]);
  });

  it('an approver who is not on the roster never counts, even when the roster gives the role to nobody', () => {
    const release = buildRelease({
      reportApprovals: [{ approver: 'zed', role: 'fairness-reviewer' }],
      policy: (p) => (p.approvals.roster = p.approvals.roster.filter((m) => m.login !== 'dave')),
    });
    const result = bias(release);
    expect(sortedCodes(reviewerFindings(result.findings))).toEqual([
      'BIAS_APPROVAL_MISSING',
      'BIAS_REVIEWER_NOT_ON_ROSTER',
    ]);
    expect(only(result.findings, 'BIAS_REVIEWER_NOT_ON_ROSTER').message).toContain('to nobody');
  });

  it('a roster login in another case is the same person: DAVE approving counts', () => {
    const release = buildRelease({ reportApprovals: [{ approver: 'DAVE', role: 'fairness-reviewer' }] });
    expect(reviewerFindings(bias(release).findings)).toEqual([]);
  });

  describe('with corroborate: github-review', () => {
    it("counts the reviewer's approval only with the reviewer's own GitHub approval of the head commit", () => {
      const ok = bias(buildRelease(corroborated({ context: { pr: pr(EVERYONE()) } })));
      expect(reviewerFindings(ok.findings)).toEqual([]);

      // The reproduced bypass: the PR author wrote dave's approval with `mlgov approve`; dave never reviewed.
      const release = buildRelease(corroborated({ context: { pr: pr([review('alice'), review('bob')]) } }));
      const result = bias(release);
      expect(result.status).toBe('fail');
      expect(sortedCodes(reviewerFindings(result.findings))).toEqual([
        'BIAS_APPROVAL_MISSING',
        'BIAS_APPROVAL_NOT_CORROBORATED',
      ]);
      const f = only(result.findings, 'BIAS_APPROVAL_NOT_CORROBORATED');
      expect(f.message).toContain('dave has not approved the pull request on GitHub');
      expect(f.pointer).toBe('/approvals/0/approver');
      expect(f.line).toBe(lineOf(release.ctx.biasReport, '/approvals/0/approver'));
    });

    it("does not count the reviewer's GitHub approval of an older commit", () => {
      const reviews = [review('alice'), review('bob'), review('dave', 'APPROVED', OLD_SHA)];
      const f = only(
        bias(buildRelease(corroborated({ context: { pr: pr(reviews) } }))).findings,
        'BIAS_APPROVAL_NOT_CORROBORATED',
      );
      expect(f.message).toContain(`older commit ${OLD_SHA.slice(0, 7)}`);
    });

    it('a GitHub login in another case corroborates (GitHub logins are case-insensitive)', () => {
      const reviews = [review('Alice'), review('BOB'), review('Dave')];
      const release = buildRelease(corroborated({ context: { pr: pr(reviews) } }));
      expect(reviewerFindings(bias(release).findings)).toEqual([]);
      expect(approvals(release).findings).toEqual([]);
    });
  });

  describe('with approvals.source: github-review', () => {
    const fromReviews = (reviews?: PullRequestReview[]): ReleaseOptions => ({
      policy: (p) => (p.approvals.source = 'github-review'),
      ...(reviews ? { context: { pr: pr(reviews) } } : {}),
    });

    it("the fairness review is dave's GitHub approval of the head; the report's own list is not counted", () => {
      expect(reviewerFindings(bias(buildRelease(fromReviews(EVERYONE()))).findings)).toEqual([]);
      const without = bias(buildRelease(fromReviews([review('alice'), review('bob')])));
      expect(sortedCodes(reviewerFindings(without.findings))).toEqual(['BIAS_APPROVAL_MISSING']);
    });

    it('a board member’s GitHub approval does not fill the fairness reviewer role', () => {
      const result = bias(buildRelease(fromReviews([review('alice'), review('erin')])));
      expect(sortedCodes(reviewerFindings(result.findings))).toEqual(['BIAS_APPROVAL_MISSING']);
    });

    it('cannot judge the fairness review locally, where no reviews are known', () => {
      const f = only(bias(buildRelease(fromReviews())).findings, 'BIAS_REVIEWS_UNAVAILABLE');
      expect(f.indeterminate).toBe(true);
    });
  });
});

describe('GitHub logins compare case-insensitively everywhere', () => {
  it('a roster login in another case counts, but two casings of one person are one person', () => {
    const upper = buildRelease({
      approvals: [
        { approver: 'ALICE', role: 'governance-board' },
        { approver: 'Bob', role: 'regulatory-affairs' },
      ],
    });
    expect(approvals(upper).findings).toEqual([]);

    const twice = buildRelease({
      approvals: [
        { approver: 'alice', role: 'governance-board' },
        { approver: 'Alice', role: 'governance-board' },
        { approver: 'bob', role: 'regulatory-affairs' },
      ],
      policy: (p) => (p.approvals.required = [{ role: 'governance-board', count: 2 }]),
    });
    const result = approvals(twice);
    expect(sortedCodes(result.findings)).toEqual(['APPROVALS_MISSING_ROLE']);
    expect(result.findings[0]!.message).toContain('1 more needed (counted: alice)');
  });

  it('separation of duties holds against a trainer or author written in another case', () => {
    const trainer = buildRelease({
      manifest: (m) => (m.provenance.training.triggeredBy = 'ALICE'),
    });
    expect(only(approvals(trainer).findings, 'APPROVAL_SEPARATION_OF_DUTIES').pointer).toBe('/approvals/0/approver');
    const author = buildRelease({ context: { pr: pr(undefined, 'Bob') } });
    expect(only(approvals(author).findings, 'APPROVAL_SEPARATION_OF_DUTIES').message).toContain(
      'bob authored the pull request',
    );
  });

  it('with source github-review, the trainer’s review in another case does not count', () => {
    const release = buildRelease({
      approvals: [],
      policy: (p) => (p.approvals.source = 'github-review'),
      context: { pr: pr([review('CAROL'), review('bob')]) },
    });
    const result = approvals(release);
    expect(sortedCodes(result.findings)).toEqual(['APPROVALS_MISSING_ROLE', 'APPROVAL_SEPARATION_OF_DUTIES']);
    expect(only(result.findings, 'APPROVAL_SEPARATION_OF_DUTIES').pointer).toBe('/provenance/training/triggeredBy');
  });
});

describe("a board member's request for changes blocks until withdrawn", () => {
  const withReviews = (reviews: PullRequestReview[]) => buildRelease({ context: { pr: pr(reviews) } });

  it('CHANGES_REQUESTED on the head commit blocks, at the approvals', () => {
    const release = withReviews([review('alice'), review('bob', 'CHANGES_REQUESTED')]);
    const result = approvals(release);
    expect(result.status).toBe('fail');
    const f = only(result.findings, 'APPROVAL_CHANGES_REQUESTED');
    expect(f.message).toContain('bob requested changes on GitHub');
    expect(f.pointer).toBe('/approvals');
    expect(f.line).toBe(lineOf(release.ctx.manifest, '/approvals'));
  });

  it('still blocks after a later comment (a comment withdraws nothing)', () => {
    const result = approvals(withReviews([review('bob', 'CHANGES_REQUESTED'), review('bob', 'COMMENTED')]));
    expect(sortedCodes(result.findings)).toEqual(['APPROVAL_CHANGES_REQUESTED']);
  });

  it('still blocks after the author pushes a new commit (the request was on an older commit)', () => {
    const result = approvals(withReviews([review('bob', 'CHANGES_REQUESTED', OLD_SHA)]));
    expect(only(result.findings, 'APPROVAL_CHANGES_REQUESTED').message).toContain(`commit ${OLD_SHA.slice(0, 7)}`);
  });

  it('is superseded by a later approval from the same person (in any case)', () => {
    const result = approvals(withReviews([review('bob', 'CHANGES_REQUESTED'), review('BOB', 'APPROVED')]));
    expect(result.findings).toEqual([]);
  });

  it('an approval followed by a request for changes blocks, and the approval no longer corroborates', () => {
    const release = buildRelease(
      corroborated({
        context: { pr: pr([review('alice'), review('dave'), review('bob'), review('bob', 'CHANGES_REQUESTED')]) },
      }),
    );
    const result = approvals(release);
    expect(sortedCodes(result.findings)).toEqual([
      'APPROVALS_MISSING_ROLE',
      'APPROVAL_CHANGES_REQUESTED',
      'APPROVAL_NOT_CORROBORATED',
    ]);
    expect(only(result.findings, 'APPROVAL_NOT_CORROBORATED').message).toContain('bob requested changes on GitHub');
  });

  it('the order is by submission time, not by position in the list', () => {
    const later = review('bob', 'CHANGES_REQUESTED', HEAD_SHA, '2026-11-22T10:00:00Z');
    const earlier = review('bob', 'APPROVED', HEAD_SHA, '2026-11-21T10:00:00Z');
    expect(sortedCodes(approvals(withReviews([later, earlier])).findings)).toEqual(['APPROVAL_CHANGES_REQUESTED']);
  });

  it('a dismissed request for changes no longer blocks', () => {
    expect(approvals(withReviews([review('bob', 'DISMISSED')])).findings).toEqual([]);
  });

  it("someone who is not on the roster requesting changes does not block (only the board's judgement does)", () => {
    expect(approvals(withReviews([review('zed', 'CHANGES_REQUESTED')])).findings).toEqual([]);
  });

  it("the fairness reviewer's request for changes blocks too", () => {
    expect(sortedCodes(approvals(withReviews([review('Dave', 'CHANGES_REQUESTED')])).findings)).toEqual([
      'APPROVAL_CHANGES_REQUESTED',
    ]);
  });
});

/** An audit log (as the base has it) of `approve` events. */
function auditLog(events: Array<{ actor: string; target: string; decision: string; digest: string; role: string }>) {
  let last: AuditEvent | undefined;
  const lines: string[] = [];
  events.forEach((e, i) => {
    last = buildChainedEvent(last, {
      at: daysAgo(5 - i * 0.1),
      actor: e.actor,
      action: 'approve',
      model: 'fraud-detection',
      version: '2.4.0',
      reason: null,
      ticket: null,
      details: {
        target: e.target,
        role: e.role,
        decision: e.decision,
        [e.target === 'manifest' ? 'manifestDigest' : 'reportDigest']: e.digest,
      },
    });
    lines.push(formatAuditLine(last));
  });
  return lines.join('\n') + '\n';
}

function withBaseLog(
  events: (m: Manifest, r: BiasReport) => Parameters<typeof auditLog>[0],
  options: ReleaseOptions = {},
): Release {
  const release = buildRelease(options);
  const log = auditLog(events(release.manifest, release.report));
  release.ctx.evidence = {
    archiveDir: 'artifacts',
    baseFiles: {},
    headFiles: {},
    archivedVersions: [],
    baseAuditLog: log,
  };
  return release;
}

describe('a rejection recorded where the PR author cannot edit it blocks', () => {
  const bobRejects = (m: Manifest) => ({
    actor: 'bob',
    target: 'manifest',
    decision: 'rejected',
    digest: manifestDigest(m),
    role: 'regulatory-affairs',
  });

  it("a rejection of this manifest in the base's audit log blocks, though the PR's manifest lists an approval", () => {
    const release = withBaseLog((m) => [bobRejects(m)]);
    const result = approvals(release);
    const f = only(result.findings, 'APPROVAL_REJECTION_RECORDED');
    expect(f.message).toContain(
      "bob (regulatory-affairs) rejected exactly this manifest in the base revision's audit log (event 1",
    );
    expect(f.file).toBe('model/manifest.json');
    expect(f.pointer).toBe('/approvals');
    expect(f.line).toBe(lineOf(release.ctx.manifest, '/approvals'));
  });

  it('is withdrawn by a later approval of the same digest by the same person (in any case)', () => {
    const release = withBaseLog((m) => [bobRejects(m), { ...bobRejects(m), actor: 'BOB', decision: 'approved' }]);
    expect(approvals(release).findings).toEqual([]);
  });

  it("is not withdrawn by someone else's approval, nor by an approval that came before it", () => {
    const other = withBaseLog((m) => [bobRejects(m), { ...bobRejects(m), actor: 'frank', decision: 'approved' }]);
    expect(sortedCodes(approvals(other).findings)).toEqual(['APPROVAL_REJECTION_RECORDED']);
    const before = withBaseLog((m) => [{ ...bobRejects(m), decision: 'approved' }, bobRejects(m)]);
    expect(sortedCodes(approvals(before).findings)).toEqual(['APPROVAL_REJECTION_RECORDED']);
  });

  it('does not block another digest, nor a rejection by someone the roster does not give the role', () => {
    const otherDigest = withBaseLog((m) => [{ ...bobRejects(m), digest: 'sha256:' + '0'.repeat(64) }]);
    expect(approvals(otherDigest).findings).toEqual([]);
    const notHolder = withBaseLog((m) => [{ ...bobRejects(m), actor: 'zed' }]);
    expect(approvals(notHolder).findings).toEqual([]);
  });

  it("a rejection of this bias report in the base's audit log blocks the fairness review", () => {
    const release = withBaseLog((_m, r) => [
      {
        actor: 'dave',
        target: 'bias-report',
        decision: 'rejected',
        digest: reportDigest(r),
        role: 'fairness-reviewer',
      },
    ]);
    const result = bias(release);
    expect(sortedCodes(reviewerFindings(result.findings))).toEqual(['BIAS_REVIEW_REJECTION_RECORDED']);
    expect(result.details?.['reviewer']).toMatchObject({ approver: 'dave', counted: false, reason: 'rejected' });
    // The manifest check is not fooled into reading a bias-report event as a manifest rejection.
    expect(approvals(release).findings).toEqual([]);
  });

  it("a rejection in the base's copy of the bias report cannot be deleted by the PR", () => {
    const release = buildRelease();
    const baseReport: BiasReport = {
      ...release.report,
      approvals: [
        {
          approver: 'dave',
          role: 'fairness-reviewer',
          decision: 'rejected',
          at: daysAgo(3),
          reportDigest: reportDigest(release.report),
        },
      ],
    };
    release.ctx.base = {
      kind: 'found',
      ref: 'main',
      commit: 'f'.repeat(40),
      manifest: jsonDocument<Manifest>('model/manifest.json', exampleBaseManifest()),
      biasReport: jsonDocument<BiasReport>('reports/latest-bias-report.json', baseReport),
    };
    const f = only(bias(release).findings, 'BIAS_REVIEW_REJECTION_RECORDED');
    expect(f.message).toContain("in the base revision's copy of the file");
  });
});

describe("the base's copy of the manifest", () => {
  it('a rejection there of exactly this manifest blocks; junk entries there (never validated) break nothing', () => {
    const release = buildRelease();
    const base = {
      ...release.manifest,
      approvals: [
        null,
        'alice',
        {
          approver: 'Bob',
          role: 'regulatory-affairs',
          decision: 'rejected',
          at: daysAgo(2),
          manifestDigest: manifestDigest(release.manifest),
        },
      ],
    };
    release.ctx.base = {
      kind: 'found',
      ref: 'main',
      commit: 'f'.repeat(40),
      manifest: jsonDocument<Manifest>('model/manifest.json', base),
    };
    const result = approvals(release);
    expect(sortedCodes(result.findings)).toEqual(['APPROVAL_REJECTION_RECORDED']);
    expect(result.findings[0]!.message).toContain(
      "Bob (regulatory-affairs) rejected exactly this manifest in the base revision's copy",
    );
  });
});

describe('reviews the action could not read: could not judge, never failed, never passed', () => {
  const permission: ReviewsUnavailable = {
    cause: 'permission',
    message:
      'could not read the reviews of pull request #7: GitHub answered 403: Resource not accessible by integration',
    fix: 'give the job `permissions: pull-requests: read` (with `statuses: write`), or a token that can read this pull request',
  };
  const network: ReviewsUnavailable = {
    cause: 'network',
    message: 'could not read the reviews of pull request #7: GitHub could not be reached: getaddrinfo ENOTFOUND',
    fix: 'GitHub was not reached: re-run the job',
  };
  const unreadable = (why: ReviewsUnavailable, options: ReleaseOptions = {}) =>
    buildRelease({ ...options, context: { pr: { ...pr(undefined), reviewsUnavailable: why } } });

  it('with corroboration asked for, each approval is indeterminate and no role is reported missing', () => {
    const release = unreadable(permission, corroborated());
    const result = approvals(release);
    expect(sortedCodes(result.findings)).toEqual([
      'APPROVALS_REVIEWS_UNREADABLE',
      'APPROVAL_CORROBORATION_UNKNOWN',
      'APPROVAL_CORROBORATION_UNKNOWN',
    ]);
    expect(result.findings.every((f) => f.indeterminate)).toBe(true);
    const f = result.findings.find((x) => x.code === 'APPROVAL_CORROBORATION_UNKNOWN')!;
    expect(f.message).toContain('the token may not read them');
    expect(f.fix).toContain('pull-requests: read');
    expect(f.pointer).toBe('/approvals/0/approver');
    expect(f.line).toBe(lineOf(release.ctx.manifest, '/approvals/0/approver'));
    expect(result.summary).toContain('could not judge');

    const fairness = bias(release);
    expect(sortedCodes(reviewerFindings(fairness.findings))).toEqual(['BIAS_APPROVAL_CORROBORATION_UNKNOWN']);
    expect(exitCodeOf({ checks: [result, fairness] })).toBe(2);
  });

  it('names a network failure as such', () => {
    const f = approvals(unreadable(network, corroborated())).findings.find(
      (x) => x.code === 'APPROVALS_REVIEWS_UNREADABLE',
    )!;
    expect(f.message).toContain('GitHub could not be reached');
    expect(f.message).not.toContain('token');
  });

  it('without corroboration, a request for changes could still be hiding: indeterminate, not a pass', () => {
    const result = approvals(unreadable(network));
    expect(sortedCodes(result.findings)).toEqual(['APPROVALS_REVIEWS_UNREADABLE']);
    expect(exitCodeOf({ checks: [result] })).toBe(2);
  });

  it('a problem the reviews cannot cure still fails (an approver off the roster)', () => {
    const result = approvals(
      unreadable(
        permission,
        corroborated({
          approvals: [
            { approver: 'zed', role: 'governance-board' },
            { approver: 'bob', role: 'regulatory-affairs' },
          ],
        }),
      ),
    );
    expect(sortedCodes(result.findings)).toEqual([
      'APPROVALS_MISSING_ROLE',
      'APPROVALS_REVIEWS_UNREADABLE',
      'APPROVAL_CORROBORATION_UNKNOWN',
      'APPROVER_NOT_ON_ROSTER',
    ]);
  });

  it('with source github-review, the approvals and the fairness review are indeterminate with the cause', () => {
    const release = unreadable(permission, { policy: (p) => (p.approvals.source = 'github-review') });
    const result = approvals(release);
    expect(sortedCodes(result.findings)).toEqual(['APPROVALS_REVIEWS_UNREADABLE']);
    const f = only(bias(release).findings, 'BIAS_REVIEWS_UNAVAILABLE');
    expect(f.indeterminate).toBe(true);
    expect(f.message).toContain('could not be read (the token may not read them');
  });
});
