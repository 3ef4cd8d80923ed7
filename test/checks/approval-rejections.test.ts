/**
 * Which rejections block, and what they say. A rejection in the manifest blocks when it names this manifest and comes
 * from a roster member holding the role: a stale, future-dated or unreadable date does not excuse it, nor does the
 * rejecter being the trainer, and a rejection never fills a role. A rejection recorded on the base (its copy of the
 * manifest, its audit log) cannot be removed by the pull request; an audit event counts only when it is an `approve`
 * event of this model, this document and this digest, and only a later approval by the same person withdraws it.
 *
 * Written as the PR author would try to get around a rejection: they control the branch's manifest, not the base.
 * The full mutation run showed each of these conditions could change without a test noticing.
 */
import { describe, expect, it } from '@jest/globals';
import { buildApprovalLedger, noteOf, recordedRejectionFinding } from '../../src/checks/approval-ledger.js';
import { approvalsCheck } from '../../src/checks/approvals.js';
import { buildChainedEvent, formatAuditLine, type AuditEvent } from '../../src/evidence/hash-chain.js';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import { parseJsonDocument } from '../../src/formats/json-document.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { PullRequestReview } from '../../src/release/review-facts.js';
import { jsonDocument } from '../support/release-context.js';
import {
  buildRelease,
  daysAgo,
  exampleBaseManifest,
  HEAD_SHA,
  lineOf,
  type ApprovalSpec,
  type Release,
  type ReleaseOptions,
} from './fixtures/release.js';
import { sortedCodes } from './fixtures/findings.js';

function judge(release: Release) {
  return approvalsCheck.run(release.ctx, release.policy);
}

/** alice approves for the board; `rejection` is the second approval in the manifest. */
function withRejection(rejection: Omit<ApprovalSpec, 'decision'>, options: ReleaseOptions = {}): Release {
  return buildRelease({
    ...options,
    approvals: [
      { approver: 'alice', role: 'governance-board' },
      { ...rejection, decision: 'rejected' },
    ],
  });
}

const OTHER_DIGEST = 'sha256:' + '0'.repeat(64);

describe('a rejection in the manifest', () => {
  it('blocks, quoting its note, and never fills the role of the person who rejected', () => {
    const release = withRejection(
      { approver: 'bob', role: 'regulatory-affairs' },
      { afterApproval: (m) => (m.approvals![1]!.note = 'holdout leak') },
    );
    const result = judge(release);
    expect(sortedCodes(result.findings)).toEqual(['APPROVALS_MISSING_ROLE', 'APPROVAL_REJECTED']);
    const f = result.findings.find((x) => x.code === 'APPROVAL_REJECTED')!;
    expect(f).toMatchObject({
      severity: 'error',
      message: 'bob (regulatory-affairs) rejected this release: "holdout leak"; a rejection blocks it.',
      fix: "Address bob's objections; once the manifest changes, the rejection no longer names it and new approvals are needed.",
      pointer: '/approvals/1/decision',
      line: lineOf(release.ctx.manifest, '/approvals/1/decision'),
    });
    expect(result.details!.approvals[1]).toEqual({
      approver: 'bob',
      role: 'regulatory-affairs',
      source: 'manifest',
      decision: 'rejected',
      at: daysAgo(1),
      counted: false,
      reason: 'rejected',
    });
    expect(result.details!.requirements[1]).toEqual({
      role: 'regulatory-affairs',
      count: 1,
      filledBy: [],
      missing: 1,
    });
  });

  it('keeps its note in the ledger; an empty note is no note', () => {
    const noted = withRejection(
      { approver: 'bob', role: 'regulatory-affairs' },
      { afterApproval: (m) => (m.approvals![1]!.note = 'holdout leak') },
    );
    expect(buildApprovalLedger(noted.ctx, noted.policy).rejections[0]!.note).toBe('holdout leak');
    const empty = withRejection(
      { approver: 'bob', role: 'regulatory-affairs' },
      { afterApproval: (m) => (m.approvals![1]!.note = '') },
    );
    const ledger = buildApprovalLedger(empty.ctx, empty.policy);
    expect(ledger.rejections[0]).not.toHaveProperty('note');
    expect(ledger.entries[0]).not.toHaveProperty('note');
    expect(judge(empty).findings.find((x) => x.code === 'APPROVAL_REJECTED')!.message).toBe(
      'bob (regulatory-affairs) rejected this release; a rejection blocks it.',
    );
  });

  it.each([
    ['however old it is', 90],
    ['though dated in the future', -30],
  ])('blocks %s, and raises no date finding', (_what, ageDays) => {
    const result = judge(withRejection({ approver: 'bob', role: 'regulatory-affairs', ageDays }));
    expect(sortedCodes(result.findings)).toEqual(['APPROVALS_MISSING_ROLE', 'APPROVAL_REJECTED']);
  });

  it('blocks though its date cannot be read', () => {
    const release = withRejection(
      { approver: 'bob', role: 'regulatory-affairs' },
      { afterApproval: (m) => (m.approvals![1]!.at = '2026-11-22T23:59:60Z') },
    );
    expect(sortedCodes(judge(release).findings)).toEqual([
      'APPROVALS_MISSING_ROLE',
      'APPROVAL_DATE_INVALID',
      'APPROVAL_REJECTED',
    ]);
  });

  it('blocks when the trainer rejects their own release (separation of duties binds approvals only)', () => {
    const result = judge(withRejection({ approver: 'carol', role: 'governance-board' }));
    expect(sortedCodes(result.findings)).toEqual(['APPROVALS_MISSING_ROLE', 'APPROVAL_REJECTED']);
  });

  it('is not asked to be corroborated by a GitHub approval', () => {
    const reviews: PullRequestReview[] = [{ id: 1, login: 'alice', state: 'APPROVED', commitId: HEAD_SHA }];
    const release = withRejection(
      { approver: 'erin', role: 'governance-board' },
      {
        policy: (p) => (p.approvals.corroborate = 'github-review'),
        context: { pr: { author: 'mallory', headSha: HEAD_SHA, commitMessages: [], reviews } },
      },
    );
    expect(sortedCodes(judge(release).findings)).toEqual(['APPROVALS_MISSING_ROLE', 'APPROVAL_REJECTED']);
  });

  it.each([
    [
      'bound to another manifest',
      { approver: 'bob', role: 'regulatory-affairs', digest: OTHER_DIGEST },
      'APPROVAL_DIGEST_MISMATCH',
    ],
    ['by someone not on the roster', { approver: 'zed', role: 'regulatory-affairs' }, 'APPROVER_NOT_ON_ROSTER'],
    [
      'in a role the roster does not give',
      { approver: 'erin', role: 'regulatory-affairs' },
      'APPROVER_ROLE_NOT_GRANTED',
    ],
  ])('does not block when %s (it says why instead)', (_what, rejection, code) => {
    const release = withRejection(rejection);
    expect(sortedCodes(judge(release).findings)).toEqual(['APPROVALS_MISSING_ROLE', code]);
    expect(buildApprovalLedger(release.ctx, release.policy).rejections).toEqual([]);
  });
});

describe("a rejection in the base's copy of the manifest", () => {
  function withBaseRejection(note: unknown): Release {
    const release = buildRelease();
    // The base is never validated: its approvals may hold anything.
    const base: Omit<Manifest, 'approvals'> & { approvals?: unknown[] } = exampleBaseManifest();
    base.approvals = [
      {
        approver: 'erin',
        role: 'governance-board',
        decision: 'rejected',
        at: daysAgo(3),
        manifestDigest: manifestDigest(release.manifest),
        note,
      },
    ];
    release.ctx.base = {
      kind: 'found',
      ref: 'main',
      commit: 'f'.repeat(40),
      manifest: jsonDocument<Manifest>('model/manifest.json', base),
    };
    return release;
  }

  it('records where it is, without a note when the note is empty or not text (the base is never validated)', () => {
    for (const note of ['', 42]) {
      const release = withBaseRejection(note);
      const [recorded] = buildApprovalLedger(release.ctx, release.policy).recordedRejections;
      expect(recorded).toEqual({ approver: 'erin', role: 'governance-board', where: 'base-document', at: daysAgo(3) });
      expect(recorded).not.toHaveProperty('note');
      expect(judge(release).findings[0]!.message).toBe(
        "erin (governance-board) rejected exactly this manifest in the base revision's copy of the file; the pull request cannot remove a rejection recorded there.",
      );
    }
  });

  it('says how to get past it: change the manifest, or have the rejecter approve on the base branch', () => {
    const f = judge(withBaseRejection('biased')).findings[0]!;
    expect(f.fix).toBe(
      "Change the manifest to address erin's objections (a new digest needs new approvals), or have erin approve this manifest with mlgov approve on the base branch.",
    );
  });

  it('points at the file, not at an approvals list the manifest does not have', () => {
    for (const approvals of [[], undefined]) {
      const release = withBaseRejection('biased');
      const manifest = { ...release.manifest, approvals };
      if (approvals === undefined) delete manifest.approvals;
      release.ctx.manifest = jsonDocument<Manifest>('model/manifest.json', manifest);
      const f = judge(release).findings.find((x) => x.code === 'APPROVAL_REJECTION_RECORDED')!;
      expect(f.pointer).toBe('');
      expect(f.file).toBe('model/manifest.json');
    }
  });
});

/** An audit event of the base's log, as `mlgov approve` (or another command) writes it. */
interface LoggedEvent {
  actor: string;
  action?: AuditEvent['action'];
  model?: string;
  at?: string;
  details?: Record<string, unknown>;
}

function auditLog(events: LoggedEvent[]): string {
  let last: AuditEvent | undefined;
  return events
    .map((e, i) => {
      last = buildChainedEvent(last, {
        at: e.at ?? daysAgo(5 - i * 0.1),
        actor: e.actor,
        action: e.action ?? 'approve',
        model: e.model ?? 'fraud-detection',
        version: '2.4.0',
        reason: null,
        ticket: null,
        ...(e.details ? { details: e.details } : {}),
      });
      return formatAuditLine(last) + '\n';
    })
    .join('');
}

describe("a rejection in the base's audit log", () => {
  function withBaseLog(events: (digest: string) => LoggedEvent[]): Release {
    const release = buildRelease();
    release.ctx.evidence = {
      archiveDir: 'artifacts',
      baseFiles: {},
      headFiles: {},
      archivedVersions: [],
      baseAuditLog: auditLog(events(manifestDigest(release.manifest))),
    };
    return release;
  }
  /** erin's `approve` event deciding on the manifest `digest`. */
  const erin = (digest: string, decision = 'rejected', extra: Record<string, unknown> = {}): LoggedEvent => ({
    actor: 'erin',
    details: { target: 'manifest', role: 'governance-board', decision, manifestDigest: digest, ...extra },
  });
  const recorded = (release: Release) => buildApprovalLedger(release.ctx, release.policy).recordedRejections;

  it('blocks, naming the event, its time and its note', () => {
    const release = withBaseLog((d) => [erin(d, 'rejected', { note: 'holdout leak' })]);
    const at = daysAgo(5);
    const findings = judge(release).findings;
    expect(sortedCodes(findings)).toEqual(['APPROVAL_REJECTION_RECORDED']);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      message: `erin (governance-board) rejected exactly this manifest in the base revision's audit log (event 1, ${at}): "holdout leak"; the pull request cannot remove a rejection recorded there.`,
      pointer: '/approvals',
    });
    expect(recorded(release)).toEqual([
      { approver: 'erin', role: 'governance-board', where: 'base-audit-log', seq: 1, at, note: 'holdout leak' },
    ]);
  });

  it('an event without a time names the event only', () => {
    const release = withBaseLog((d) => [{ ...erin(d), at: '' }]);
    expect(judge(release).findings[0]!.message).toBe(
      "erin (governance-board) rejected exactly this manifest in the base revision's audit log (event 1); the pull request cannot remove a rejection recorded there.",
    );
  });

  it.each([
    ['empty', ''],
    ['not text', 42],
  ])('a note that is %s is no note', (_what, note) => {
    const [r] = recorded(withBaseLog((d) => [erin(d, 'rejected', { note })]));
    expect(r).toBeDefined();
    expect(r).not.toHaveProperty('note');
  });

  it.each<[string, (d: string) => LoggedEvent]>([
    ['an event of another action', (d) => ({ ...erin(d), action: 'archive' })],
    ['an event of another model', (d) => ({ ...erin(d), model: 'credit-scoring' })],
    [
      'a rejection of the bias report that happens to carry this manifest digest',
      (d) => erin(d, 'rejected', { target: 'bias-report' }),
    ],
    ['a rejection of another manifest digest', () => erin(OTHER_DIGEST)],
    ['an approve event without details', () => ({ actor: 'erin' })],
    ['an approval', (d) => erin(d, 'approved')],
  ])('does not count %s', (_what, event) => {
    const release = withBaseLog((d) => [event(d)]);
    expect(recorded(release)).toEqual([]);
    expect(judge(release).findings).toEqual([]);
  });

  it('a second rejection by the same person does not withdraw the first: both stand', () => {
    const release = withBaseLog((d) => [erin(d), erin(d)]);
    expect(recorded(release).map((r) => r.seq)).toEqual([1, 2]);
  });
});

describe('the note of a rejection, as a finding quotes it', () => {
  it('quotes a note as JSON text and says nothing without one', () => {
    expect(noteOf('holdout "leak"')).toBe(': "holdout \\"leak\\""');
    expect(noteOf('')).toBe('');
    expect(noteOf(undefined)).toBe('');
  });

  it("points at the file when the document's approvals are unknown", () => {
    const rejection = { approver: 'erin', role: 'governance-board', where: 'base-document' } as const;
    const withoutList = jsonDocument<unknown>('model/manifest.json', { name: 'fraud-detection' });
    const unparsed = parseJsonDocument('model/manifest.json', Buffer.from('{ "name": '));
    for (const doc of [withoutList, unparsed]) {
      const f = recordedRejectionFinding('APPROVAL_REJECTION_RECORDED', 'manifest', rejection, doc);
      expect(f.pointer).toBe('');
      expect(f.file).toBe('model/manifest.json');
    }
  });
});
