/**
 * Properties of GitHub logins in every judgement (issue 12, principle 2): a login compares case-insensitively
 * everywhere — roster, `provenance.training.triggeredBy`, reviews, pull request author — so for any login and any
 * casing of it, the verdict is the one the lower-case spelling gets: a roster member counts, a trainer or author
 * never approves, a GitHub review corroborates, a request for changes blocks, and one person spelled two ways still
 * fills one slot. Only A–Z fold: a non-ASCII look-alike is another string. And for any history of a board member's
 * reviews, GitHub's standing-review rule decides: the last review that is not a comment blocks (changes requested),
 * corroborates (approved) or withdraws (dismissed).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { approvalsCheck } from '../../src/checks/approvals.js';
import { biasCheck } from '../../src/checks/bias.js';
import { loginKey, sameLogin, type PullRequestReview } from '../../src/release/review-facts.js';
import { buildRelease, HEAD_SHA, type ReleaseOptions } from '../checks/fixtures/release.js';
import { FAST_CHECK_SEED } from '../support/fast-check-seed.js';
import { sortedCodes } from '../checks/fixtures/findings.js';

// The suite's recorded seed (test/support/fast-check-seed.ts), pinned here too: FC_SEED replays another run.
const RUNS = { seed: FAST_CHECK_SEED, numRuns: 150 };

/** A GitHub-shaped login: letters, digits, single hyphens inside. */
const login = fc
  .stringMatching(/^[a-z0-9]{1,6}(?:-[a-z0-9]{1,6}){0,2}$/)
  .filter((s) => s.length > 0 && !['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'mallory'].includes(s));

/** Any casing of `s`: each letter upper or lower, as chosen by `mask`. */
function recase(s: string, mask: boolean[]): string {
  return [...s].map((c, i) => (mask[i % mask.length] ? c.toUpperCase() : c.toLowerCase())).join('');
}

const casing = fc.array(fc.boolean(), { minLength: 1, maxLength: 16 });

function review(id: number, who: string, state: PullRequestReview['state'] = 'APPROVED'): PullRequestReview {
  return { id, login: who, state, commitId: HEAD_SHA };
}

/** A release whose governance-board seat is `name` on the roster, approved by `approver`. */
function boardRelease(name: string, approver: string, options: ReleaseOptions = {}) {
  return buildRelease({
    ...options,
    approvals: [
      { approver, role: 'governance-board' },
      { approver: 'bob', role: 'regulatory-affairs' },
    ],
    policy: (p) => {
      p.approvals.roster = [
        ...p.approvals.roster.filter((m) => m.login !== 'alice'),
        { login: name, roles: ['governance-board'] },
      ];
      options.policy?.(p);
    },
  });
}

describe('login casing never changes a verdict', () => {
  it('loginKey folds exactly A–Z and sameLogin is its equality', () => {
    fc.assert(
      fc.property(login, casing, (name, mask) => {
        expect(loginKey(recase(name, mask))).toBe(name);
        expect(sameLogin(recase(name, mask), name)).toBe(true);
      }),
      RUNS,
    );
    // The Kelvin sign lower-cases to "k" in Unicode, but no GitHub login contains it.
    expect(sameLogin('\u212Aate', 'kate')).toBe(false);
    expect(sameLogin(undefined, undefined)).toBe(false);
  });

  it('a roster member approving in any casing (roster in any casing) counts', () => {
    fc.assert(
      fc.property(login, casing, casing, (name, rosterMask, approverMask) => {
        const result = approvalsCheck.run(...args(boardRelease(recase(name, rosterMask), recase(name, approverMask))));
        expect(result.findings).toEqual([]);
      }),
      RUNS,
    );
  });

  it('the trainer, in any casing, never approves', () => {
    fc.assert(
      fc.property(login, casing, casing, (name, approverMask, trainerMask) => {
        const release = boardRelease(name, recase(name, approverMask), {
          manifest: (m) => (m.provenance.training.triggeredBy = recase(name, trainerMask)),
        });
        expect(sortedCodes(approvalsCheck.run(...args(release)).findings)).toEqual([
          'APPROVALS_MISSING_ROLE',
          'APPROVAL_SEPARATION_OF_DUTIES',
        ]);
      }),
      RUNS,
    );
  });

  it('the pull request author, in any casing, never approves, the manifest nor the bias report', () => {
    fc.assert(
      fc.property(login, casing, casing, (name, approverMask, authorMask) => {
        const author = recase(name, authorMask);
        const release = boardRelease(name, recase(name, approverMask), {
          context: { pr: { author, headSha: HEAD_SHA, commitMessages: [] } },
        });
        expect(sortedCodes(approvalsCheck.run(...args(release)).findings)).toContain('APPROVAL_SEPARATION_OF_DUTIES');
        const fairness = buildRelease({
          reportApprovals: [{ approver: recase(name, approverMask), role: 'fairness-reviewer' }],
          policy: (p) => p.approvals.roster.push({ login: name, roles: ['fairness-reviewer'] }),
          context: { pr: { author, headSha: HEAD_SHA, commitMessages: [] } },
        });
        expect(sortedCodes(biasCheck.run(...args(fairness)).findings)).toContain('BIAS_APPROVAL_SEPARATION_OF_DUTIES');
      }),
      RUNS,
    );
  });

  it("the approver's own GitHub review in any casing corroborates; a request for changes in any casing blocks", () => {
    fc.assert(
      fc.property(login, casing, casing, (name, approverMask, reviewMask) => {
        const reviewer = recase(name, reviewMask);
        const corroborate: ReleaseOptions['policy'] = (p) => (p.approvals.corroborate = 'github-review');
        const pr = (state: PullRequestReview['state']) => ({
          author: 'mallory',
          headSha: HEAD_SHA,
          commitMessages: [],
          reviews: [review(1, reviewer, state), review(2, 'bob')],
        });
        const ok = boardRelease(name, recase(name, approverMask), {
          policy: corroborate,
          context: { pr: pr('APPROVED') },
        });
        expect(approvalsCheck.run(...args(ok)).findings).toEqual([]);
        const blocked = boardRelease(name, recase(name, approverMask), {
          policy: corroborate,
          context: { pr: pr('CHANGES_REQUESTED') },
        });
        expect(sortedCodes(approvalsCheck.run(...args(blocked)).findings)).toEqual([
          'APPROVALS_MISSING_ROLE',
          'APPROVAL_CHANGES_REQUESTED',
          'APPROVAL_NOT_CORROBORATED',
        ]);
      }),
      RUNS,
    );
  });

  it('one person spelled two ways fills one slot', () => {
    fc.assert(
      fc.property(login, casing, casing, (name, firstMask, secondMask) => {
        const release = buildRelease({
          approvals: [
            { approver: recase(name, firstMask), role: 'governance-board' },
            { approver: recase(name, secondMask), role: 'governance-board' },
          ],
          policy: (p) => {
            p.approvals.roster.push({ login: name, roles: ['governance-board'] });
            p.approvals.required = [{ role: 'governance-board', count: 2 }];
          },
        });
        const result = approvalsCheck.run(...args(release));
        expect(sortedCodes(result.findings)).toEqual(['APPROVALS_MISSING_ROLE']);
        expect(result.findings[0]!.message).toContain('1 more needed');
      }),
      RUNS,
    );
  });
});

describe("GitHub's standing-review rule", () => {
  const state = fc.constantFrom<PullRequestReview['state']>('APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED');

  it("any history of bob's reviews, in any casing: blocks iff his last non-comment review requests changes, corroborates iff it approves", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(state, casing), { maxLength: 8 }), (history) => {
        const reviews = [
          review(1, 'alice'),
          review(2, 'dave'),
          ...history.map(([st, mask], i) => review(10 + i, recase('bob', mask), st)),
        ];
        const standing = [...history].reverse().find(([st]) => st !== 'COMMENTED')?.[0];
        const release = buildRelease({
          policy: (p) => (p.approvals.corroborate = 'github-review'),
          context: { pr: { author: 'mallory', headSha: HEAD_SHA, commitMessages: [], reviews } },
        });
        const found = sortedCodes(approvalsCheck.run(...args(release)).findings);
        expect(found.includes('APPROVAL_CHANGES_REQUESTED')).toBe(standing === 'CHANGES_REQUESTED');
        expect(found.includes('APPROVAL_NOT_CORROBORATED')).toBe(standing !== 'APPROVED');
        expect(found.length === 0).toBe(standing === 'APPROVED');
      }),
      RUNS,
    );
  });
});

function args(r: ReturnType<typeof buildRelease>): [typeof r.ctx, typeof r.policy] {
  return [r.ctx, r.policy];
}
