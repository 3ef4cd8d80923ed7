/**
 * The approvals check's one-line summary and its "missing role" findings, as the PR author reads them: who met the
 * roles (only approvals that count), what is missing (how many of which role), how many problems when nothing is
 * missing, and for a role short of people: how many it needs, who already counts, whom to ask and the command to
 * run. The job summary's view of the missing roles carries the count and how many the role has. A manifest may list
 * no approvals at all (the list is optional). The full mutation run showed these texts and counts could change
 * without a test noticing.
 */
import { describe, expect, it } from '@jest/globals';
import { buildApprovalLedger, countedHoldersOf } from '../../src/checks/approval-ledger.js';
import { approvalsCheck } from '../../src/checks/approvals.js';
import type { Finding } from '../../src/formats/finding.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { PullRequestReview } from '../../src/release/review-facts.js';
import { jsonDocument } from '../support/release-context.js';
import { manifestApprovers } from '../support/release-literals.js';
import {
  buildRelease,
  HEAD_SHA,
  lineOf,
  type ApprovalSpec,
  type Release,
  type ReleaseOptions,
} from './fixtures/release.js';

function judge(release: Release) {
  return approvalsCheck.run(release.ctx, release.policy);
}

function missingRole(findings: Finding[], role: string): Finding {
  const hits = findings.filter((f) => f.code === 'APPROVALS_MISSING_ROLE' && f.message.includes(` ${role} `));
  expect(hits).toHaveLength(1);
  return hits[0]!;
}

function approvedBy(approvals: ApprovalSpec[], options: ReleaseOptions = {}): Release {
  return buildRelease({ ...options, approvals });
}

/** Two governance-board approvals by distinct people required, one regulatory-affairs approval. */
const twoBoardMembers: ReleaseOptions['policy'] = (p) => (p.approvals.required[0]!.count = 2);

describe('the summary', () => {
  it('names only the approvers that count', () => {
    const result = judge(
      approvedBy([
        { approver: 'alice', role: 'governance-board' },
        { approver: 'bob', role: 'regulatory-affairs' },
        { approver: 'erin', role: 'governance-board', ageDays: 45 },
      ]),
    );
    expect(result.id).toBe('approvals');
    expect(result.status).toBe('warn');
    expect(result.summary).toBe('required roles met by alice, bob');
  });

  it('says nobody was needed when the policy requires no role', () => {
    const result = judge(approvedBy([], { policy: (p) => (p.approvals.required = []) }));
    expect(result.status).toBe('pass');
    expect(result.details!.corroboration).toBe('not-required');
    expect(result.summary).toBe('required roles met by nobody (none required)');
  });

  it('lists how many of each role are missing', () => {
    const result = judge(approvedBy([{ approver: 'alice', role: 'governance-board' }], { policy: twoBoardMembers }));
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('missing: 1 × governance-board, 1 × regulatory-affairs');
  });

  it('counts the errors, not the warnings, when every role is met', () => {
    const result = judge(
      approvedBy([
        { approver: 'alice', role: 'governance-board' },
        { approver: 'bob', role: 'regulatory-affairs' },
        { approver: 'erin', role: 'governance-board', decision: 'rejected' },
        { approver: 'zed', role: 'governance-board' },
        { approver: 'frank', role: 'governance-board', ageDays: 45 },
      ]),
    );
    expect(result.findings.map((f) => [f.code, f.severity])).toEqual([
      ['APPROVER_NOT_ON_ROSTER', 'error'],
      ['APPROVAL_STALE', 'warning'],
      ['APPROVAL_REJECTED', 'error'],
    ]);
    expect(result.summary).toBe('2 approval problem(s)');
  });
});

describe('a role short of people', () => {
  it('says how many it needs, who already counts (by login), and whom to ask: holders who do not count yet', () => {
    const release = approvedBy(
      [
        { approver: 'alice', role: 'governance-board' },
        { approver: 'erin', role: 'governance-board' },
        { approver: 'bob', role: 'regulatory-affairs' },
      ],
      { policy: (p) => (p.approvals.required[0]!.count = 3) },
    );
    const result = judge(release);
    expect(result.findings).toEqual([
      {
        severity: 'error',
        code: 'APPROVALS_MISSING_ROLE',
        message:
          'The policy requires 3 governance-board approval(s) by distinct people; 1 more needed (counted: alice, erin).',
        file: 'model/manifest.json',
        pointer: '/approvals',
        line: lineOf(release.ctx.manifest, '/approvals'),
        column: expect.any(Number),
        fix: 'Ask frank or carol to review and run: mlgov approve --role governance-board --approver <login>. One person counts once, whatever roles they hold.',
      },
    ]);
    expect(result.details!.missingRoles).toEqual([{ role: 'governance-board', missing: 1, count: 3, have: 2 }]);
  });

  it('names only the holders of that role, and no one as counted when nobody is', () => {
    const f = missingRole(
      judge(approvedBy([{ approver: 'alice', role: 'governance-board' }])).findings,
      'regulatory-affairs',
    );
    expect(f.message).toBe('The policy requires 1 regulatory-affairs approval(s) by distinct people; 1 more needed.');
    expect(f.fix).toBe(
      'Ask bob or frank to review and run: mlgov approve --role regulatory-affairs --approver <login>. One person counts once, whatever roles they hold.',
    );
  });

  it('asks "a holder" of a role nobody on the roster holds', () => {
    const release = approvedBy(manifestApprovers(), {
      policy: (p) => void p.approvals.required.push({ role: 'model-risk', count: 1 }),
    });
    expect(missingRole(judge(release).findings, 'model-risk').fix).toBe(
      'Ask a holder of model-risk to review and run: mlgov approve --role model-risk --approver <login>. One person counts once, whatever roles they hold.',
    );
  });

  it('points at the file when the manifest lists no approvals', () => {
    const release = approvedBy([]);
    const f = missingRole(judge(release).findings, 'governance-board');
    expect(f.pointer).toBe('');
    expect(f.line).toBe(lineOf(release.ctx.manifest, ''));
  });
});

describe('a manifest without an approvals list (it is optional)', () => {
  function withoutApprovals(options: ReleaseOptions = {}): Release {
    const release = buildRelease(options);
    const manifest: Manifest = { ...release.manifest };
    delete manifest.approvals;
    release.ctx.manifest = jsonDocument<Manifest>('model/manifest.json', manifest);
    return release;
  }

  it('has no approvals: every required role is missing, pointing at the file', () => {
    const release = withoutApprovals();
    expect(buildApprovalLedger(release.ctx, release.policy).entries).toEqual([]);
    const result = judge(release);
    expect(result.findings.map((f) => [f.code, f.pointer])).toEqual([
      ['APPROVALS_MISSING_ROLE', ''],
      ['APPROVALS_MISSING_ROLE', ''],
    ]);
  });

  it('raises no "manifest approvals ignored" notice when approvals come from GitHub reviews', () => {
    const reviews: PullRequestReview[] = [
      { id: 1, login: 'alice', state: 'APPROVED', commitId: HEAD_SHA },
      { id: 2, login: 'bob', state: 'APPROVED', commitId: HEAD_SHA },
    ];
    const release = withoutApprovals({
      policy: (p) => (p.approvals.source = 'github-review'),
      context: { pr: { author: 'mallory', headSha: HEAD_SHA, commitMessages: [], reviews } },
    });
    expect(judge(release).findings).toEqual([]);
  });
});

describe('the counted holders of a role (the promotion force rule)', () => {
  it('are listed in login order, whatever order they approved in', () => {
    const release = approvedBy(
      [
        { approver: 'erin', role: 'governance-board' },
        { approver: 'amy', role: 'governance-board' },
        { approver: 'bob', role: 'regulatory-affairs' },
      ],
      { policy: (p) => void p.approvals.roster.push({ login: 'amy', roles: ['governance-board', 'force-approver'] }) },
    );
    const ledger = buildApprovalLedger(release.ctx, release.policy);
    expect(countedHoldersOf(ledger, release.policy, 'force-approver')).toEqual(['amy', 'erin']);
  });
});
