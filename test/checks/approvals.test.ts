import { describe, expect, it } from '@jest/globals';
import { buildApprovalLedger, countedHoldersOf } from '../../src/checks/approval-ledger.js';
import { approvalsCheck } from '../../src/checks/approvals.js';
import type { PullRequestFacts, PullRequestReview } from '../../src/release/review-facts.js';
import { buildRelease, HEAD_SHA, lineOf, OLD_SHA, type Release, type ReleaseOptions } from './fixtures/release.js';
import { only, sortedCodes } from './fixtures/findings.js';

function run(release: Release) {
  return approvalsCheck.run(release.ctx, release.policy);
}

function pr(reviews?: PullRequestReview[], author = 'mallory'): PullRequestFacts {
  return { author, headSha: HEAD_SHA, commitMessages: [], ...(reviews ? { reviews } : {}) };
}

function review(
  id: number,
  login: string,
  commitId = HEAD_SHA,
  state: PullRequestReview['state'] = 'APPROVED',
): PullRequestReview {
  return { id, login, state, commitId };
}

function withCorroboration(options: ReleaseOptions = {}): ReleaseOptions {
  return { ...options, policy: (p) => (p.approvals.corroborate = 'github-review') };
}

describe('approvals check', () => {
  it('passes two fresh, digest-bound approvals by distinct roster members covering the required roles', () => {
    const result = run(buildRelease());
    expect(result.findings).toEqual([]);
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('required roles met by alice, bob');
    expect(result.details?.['missingRoles']).toEqual([]);
  });

  it('fails approvals of a manifest edited after approval (digest mismatch), at the approval line', () => {
    const release = buildRelease({
      afterApproval: (m) => (m.release.reason = 'Quarterly retrain, edited after approval'),
    });
    const result = run(release);
    expect(result.status).toBe('fail');
    const mismatches = result.findings.filter((f) => f.code === 'APPROVAL_DIGEST_MISMATCH');
    expect(mismatches).toHaveLength(2);
    expect(mismatches[0]!.message).toContain('alice');
    expect(mismatches[0]!.pointer).toBe('/approvals/0/manifestDigest');
    expect(mismatches[0]!.line).toBe(lineOf(release.ctx.manifest, '/approvals/0/manifestDigest'));
    expect(result.findings.filter((f) => f.code === 'APPROVALS_MISSING_ROLE')).toHaveLength(2);
  });

  it('fails an approver not on the roster', () => {
    const release = buildRelease({
      approvals: [
        { approver: 'zed', role: 'governance-board' },
        { approver: 'bob', role: 'regulatory-affairs' },
      ],
    });
    const result = run(release);
    expect(sortedCodes(result.findings)).toEqual(['APPROVALS_MISSING_ROLE', 'APPROVER_NOT_ON_ROSTER']);
    const f = only(result.findings, 'APPROVER_NOT_ON_ROSTER');
    expect(f.message).toContain('zed');
    expect(f.pointer).toBe('/approvals/0/approver');
    expect(f.line).toBe(lineOf(release.ctx.manifest, '/approvals/0/approver'));
  });

  it('fails a role the roster does not give, naming the roles the approver has', () => {
    const release = buildRelease({
      approvals: [
        { approver: 'alice', role: 'governance-board' },
        { approver: 'bob', role: 'governance-board' },
      ],
    });
    const result = run(release);
    const f = only(result.findings, 'APPROVER_ROLE_NOT_GRANTED');
    expect(f.message).toBe('bob approved as governance-board, but the roster gives bob only: regulatory-affairs.');
    expect(f.pointer).toBe('/approvals/1/role');
    expect(f.line).toBe(lineOf(release.ctx.manifest, '/approvals/1/role'));
    expect(only(result.findings, 'APPROVALS_MISSING_ROLE').message).toContain('regulatory-affairs');
  });

  it('does not count the trainer approving their own model', () => {
    // carol triggered the training run (provenance.training.triggeredBy) and is on the board
    const release = buildRelease({
      approvals: [
        { approver: 'carol', role: 'governance-board' },
        { approver: 'bob', role: 'regulatory-affairs' },
      ],
    });
    const result = run(release);
    expect(sortedCodes(result.findings)).toEqual(['APPROVALS_MISSING_ROLE', 'APPROVAL_SEPARATION_OF_DUTIES']);
    const f = only(result.findings, 'APPROVAL_SEPARATION_OF_DUTIES');
    expect(f.message).toContain('carol triggered the training run');
    expect(f.pointer).toBe('/approvals/0/approver');
  });

  it('does not count the PR author approving, and says so', () => {
    const release = buildRelease({ context: { pr: pr(undefined, 'alice') } });
    const result = run(release);
    expect(sortedCodes(result.findings)).toEqual(['APPROVALS_MISSING_ROLE', 'APPROVAL_SEPARATION_OF_DUTIES']);
    expect(only(result.findings, 'APPROVAL_SEPARATION_OF_DUTIES').message).toContain('alice authored the pull request');
  });

  it('lets the trainer approve when separationOfDuties is off', () => {
    const release = buildRelease({
      approvals: [
        { approver: 'carol', role: 'governance-board' },
        { approver: 'bob', role: 'regulatory-affairs' },
      ],
      policy: (p) => (p.approvals.separationOfDuties = false),
    });
    expect(run(release).findings).toEqual([]);
  });

  it('fails one board approval where two roles are required, listing the missing role', () => {
    const release = buildRelease({ approvals: [{ approver: 'alice', role: 'governance-board' }] });
    const result = run(release);
    expect(sortedCodes(result.findings)).toEqual(['APPROVALS_MISSING_ROLE']);
    const f = result.findings[0]!;
    expect(f.message).toContain('1 regulatory-affairs approval(s) by distinct people; 1 more needed');
    expect(f.pointer).toBe('/approvals');
    expect(f.line).toBe(lineOf(release.ctx.manifest, '/approvals'));
    expect(result.details?.['missingRoles']).toEqual([{ role: 'regulatory-affairs', missing: 1, count: 1, have: 0 }]);
  });

  it('does not let one person holding two roles satisfy two required roles', () => {
    const release = buildRelease({
      approvals: [
        { approver: 'frank', role: 'governance-board' },
        { approver: 'frank', role: 'regulatory-affairs' },
      ],
    });
    const result = run(release);
    expect(sortedCodes(result.findings)).toEqual(['APPROVALS_MISSING_ROLE']);
    expect(result.details?.['missingRoles']).toHaveLength(1);
  });

  it('assigns a two-role person to the role nobody else fills', () => {
    // greedy would put frank on governance-board and leave regulatory-affairs empty
    const release = buildRelease({
      approvals: [
        { approver: 'frank', role: 'governance-board' },
        { approver: 'frank', role: 'regulatory-affairs' },
        { approver: 'alice', role: 'governance-board' },
      ],
    });
    expect(run(release).findings).toEqual([]);
  });

  it('blocks on a rejection', () => {
    const release = buildRelease({
      approvals: [
        { approver: 'alice', role: 'governance-board' },
        { approver: 'bob', role: 'regulatory-affairs', decision: 'rejected' },
      ],
    });
    const result = run(release);
    const f = only(result.findings, 'APPROVAL_REJECTED');
    expect(f.message).toContain('bob (regulatory-affairs) rejected this release');
    expect(f.pointer).toBe('/approvals/1/decision');
    expect(f.line).toBe(lineOf(release.ctx.manifest, '/approvals/1/decision'));
  });

  it('does not count a stale approval', () => {
    const release = buildRelease({
      approvals: [
        { approver: 'alice', role: 'governance-board', ageDays: 31 },
        { approver: 'bob', role: 'regulatory-affairs' },
      ],
    });
    const result = run(release);
    expect(sortedCodes(result.findings)).toEqual(['APPROVALS_MISSING_ROLE', 'APPROVAL_STALE']);
    const f = only(result.findings, 'APPROVAL_STALE');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('31 days old');
    expect(f.pointer).toBe('/approvals/0/at');
  });

  describe('GitHub review corroboration', () => {
    it('passes when every manifest approver approved the head commit on GitHub', () => {
      const release = buildRelease(withCorroboration({ context: { pr: pr([review(1, 'alice'), review(2, 'bob')]) } }));
      const result = run(release);
      expect(result.findings).toEqual([]);
      expect(result.details?.['corroboration']).toBe('checked');
    });

    it('fails an approver without a GitHub approval', () => {
      const release = buildRelease(withCorroboration({ context: { pr: pr([review(1, 'alice')]) } }));
      const result = run(release);
      const f = only(result.findings, 'APPROVAL_NOT_CORROBORATED');
      expect(f.message).toContain('bob has not approved the pull request on GitHub');
      expect(f.pointer).toBe('/approvals/1/approver');
      expect(sortedCodes(result.findings)).toEqual(['APPROVALS_MISSING_ROLE', 'APPROVAL_NOT_CORROBORATED']);
      expect(result.details?.['approvals']).toEqual([
        expect.objectContaining({ approver: 'alice', counted: true, corroborated: true }),
        expect.objectContaining({
          approver: 'bob',
          counted: false,
          corroborated: false,
          reason: 'not corroborated: bob has not approved the pull request on GitHub',
        }),
      ]);
    });

    it('fails a GitHub approval on an older commit', () => {
      const release = buildRelease(
        withCorroboration({ context: { pr: pr([review(1, 'alice'), review(2, 'bob', OLD_SHA)]) } }),
      );
      const f = only(run(release).findings, 'APPROVAL_NOT_CORROBORATED');
      expect(f.message).toContain(`older commit ${OLD_SHA.slice(0, 7)}`);
    });

    it('says in a notice that corroboration was not possible when reviews are unknown (CLI)', () => {
      const result = run(buildRelease(withCorroboration()));
      expect(result.status).toBe('pass');
      const f = only(result.findings, 'APPROVALS_CORROBORATION_UNAVAILABLE');
      expect(f.severity).toBe('notice');
      expect(f.message).toContain('not possible');
    });
  });

  describe('approvals.source github-review', () => {
    it("counts two roster members' APPROVED reviews on the head commit for their roster roles", () => {
      const release = buildRelease({
        approvals: [],
        policy: (p) => (p.approvals.source = 'github-review'),
        context: {
          pr: pr([review(1, 'alice'), review(2, 'bob'), review(3, 'zed'), review(4, 'erin', HEAD_SHA, 'COMMENTED')]),
        },
      });
      const result = run(release);
      expect(result.findings).toEqual([]);
      expect(result.summary).toBe('required roles met by alice, bob');
    });

    it('does not count a dismissed review or one on an older commit', () => {
      const release = buildRelease({
        approvals: [],
        policy: (p) => (p.approvals.source = 'github-review'),
        context: { pr: pr([review(1, 'alice', OLD_SHA), review(2, 'bob', HEAD_SHA, 'DISMISSED')]) },
      });
      expect(sortedCodes(run(release).findings)).toEqual(['APPROVALS_MISSING_ROLE', 'APPROVALS_MISSING_ROLE']);
    });

    it('cannot judge locally when approvals come only from GitHub reviews', () => {
      const release = buildRelease({ approvals: [], policy: (p) => (p.approvals.source = 'github-review') });
      const f = only(run(release).findings, 'APPROVALS_REVIEWS_UNAVAILABLE');
      expect(f.indeterminate).toBe(true);
    });

    it('with source both, a review adds to the manifest approvals', () => {
      const release = buildRelease({
        approvals: [{ approver: 'alice', role: 'governance-board' }],
        policy: (p) => (p.approvals.source = 'both'),
        context: { pr: pr([review(2, 'bob')]) },
      });
      expect(run(release).findings).toEqual([]);
    });
  });

  it('exposes the counted holders of a role for the force rule', () => {
    const release = buildRelease({
      approvals: [
        { approver: 'erin', role: 'governance-board' },
        { approver: 'bob', role: 'regulatory-affairs' },
      ],
    });
    const ledger = buildApprovalLedger(release.ctx, release.policy);
    expect(countedHoldersOf(ledger, release.policy, 'force-approver')).toEqual(['erin']);
  });
});

describe('approvals check: who fills which role, and what each refusal says', () => {
  it('moves a two-role person to make room: the other approver fills the slot they held first', () => {
    // amy sorts first and takes the board slot; erin can only fill it, so amy moves to regulatory-affairs.
    const release = buildRelease({
      policy: (p) => void p.approvals.roster.push({ login: 'amy', roles: ['governance-board', 'regulatory-affairs'] }),
      approvals: [
        { approver: 'amy', role: 'governance-board' },
        { approver: 'amy', role: 'regulatory-affairs' },
        { approver: 'erin', role: 'governance-board' },
      ],
    });
    const result = run(release);
    expect(result.findings).toEqual([]);
    expect(result.details?.['requirements']).toEqual([
      { role: 'governance-board', count: 1, filledBy: ['erin'], missing: 0 },
      { role: 'regulatory-affairs', count: 1, filledBy: ['amy'], missing: 0 },
    ]);
  });

  it('fills a role from the approvers in login order, whatever order they approved in', () => {
    const release = buildRelease({
      policy: (p) => void p.approvals.roster.push({ login: 'amy', roles: ['governance-board'] }),
      approvals: [
        { approver: 'bob', role: 'regulatory-affairs' },
        { approver: 'alice', role: 'governance-board' },
        { approver: 'amy', role: 'governance-board' },
      ].reverse(),
    });
    expect(run(release).details?.['requirements']).toEqual([
      { role: 'governance-board', count: 1, filledBy: ['alice'], missing: 0 },
      { role: 'regulatory-affairs', count: 1, filledBy: ['bob'], missing: 0 },
    ]);
  });

  it('a rejection bound to an older manifest says "rejection", names both digests and how to decide again', () => {
    const old = 'sha256:' + '0'.repeat(64);
    const release = buildRelease({
      approvals: [
        { approver: 'alice', role: 'governance-board' },
        { approver: 'bob', role: 'regulatory-affairs', decision: 'rejected', digest: old },
      ],
    });
    const result = run(release);
    const entry = (result.details?.['approvals'] as Array<{ approver: string; reason?: string }>).find(
      (a) => a.approver === 'bob',
    );
    expect(entry?.reason).toBe('bound to another manifest digest (the manifest changed after this rejection)');
    const digest = release.manifest.approvals!.find((a) => a.approver === 'alice')!.manifestDigest;
    const f = result.findings.find((x) => x.message.startsWith("bob's"))!;
    expect(f.message).toBe(
      `bob's regulatory-affairs rejection names manifest ${old}, but the manifest is now ${digest}: it was edited after the rejection.`,
    );
    expect(f.fix).toMatch(
      /^Have bob review the changed manifest and approve again: .+ --approver bob --role regulatory-affairs$/,
    );

    const approval = run(
      buildRelease({
        approvals: [
          { approver: 'alice', role: 'governance-board', digest: old },
          { approver: 'bob', role: 'regulatory-affairs' },
        ],
      }),
    );
    expect(approval.findings.find((x) => x.message.startsWith("alice's"))!.message).toBe(
      `alice's governance-board approval names manifest ${old}, but the manifest is now ${digest}: it was edited after the approval.`,
    );
  });

  it('a GitHub review on an older commit names both short commits; a dismissed one says so', () => {
    const corroborated = (reviews: PullRequestReview[]) =>
      run(buildRelease(withCorroboration({ context: { pr: pr(reviews) } })));
    const older = only(
      corroborated([review(1, 'alice'), review(2, 'bob', OLD_SHA)]).findings,
      'APPROVAL_NOT_CORROBORATED',
    );
    expect(older.message).toContain(
      `bob's GitHub approval is on older commit ${OLD_SHA.slice(0, 7)}, not the head ${HEAD_SHA.slice(0, 7)}`,
    );
    expect(older.message).not.toContain(HEAD_SHA);
    const dismissed = only(
      corroborated([review(1, 'alice'), review(2, 'bob', HEAD_SHA, 'DISMISSED')]).findings,
      'APPROVAL_NOT_CORROBORATED',
    );
    expect(dismissed.message).toContain("bob's GitHub review was dismissed");
  });
});
