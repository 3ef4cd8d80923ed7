/**
 * The rules behind the audit's answers (src/evidence/audit-answers.ts), each with the case it passes and the cases
 * it fails: evidence deleted before or after its retention, a missing record event before and after record mode was
 * in use, a record event without the Jira snapshot with and without a required sign-off, a malformed snapshot, the
 * policy files named once per content, and a rollback's facts with and without its event.
 */
import { describe, expect, it } from '@jest/globals';
import {
  deletedBeforeRetention,
  eventsIntroducedBy,
  forceOf,
  jiraSnapshotOfEvent,
  policyBundlePaths,
  recordEventOf,
  recordGaps,
  recordModeInUse,
  rejectionsOf,
  rollbackOf,
  type DeletedEvidence,
} from '../../src/evidence/audit-answers.js';
import type { AuditEvent } from '../../src/evidence/hash-chain.js';

const DIR = 'artifacts/fraud-detection/1.0.0';
const deletion = (path: string, deletedAt: string): DeletedEvidence => ({
  path,
  addedCommit: 'a'.repeat(40),
  addedAt: '2025-02-10T09:00:00.000Z',
  deletedCommit: 'b'.repeat(40),
  deletedAt,
});
const event = (seq: number, action: AuditEvent['action'], at: string, extra: Partial<AuditEvent> = {}): AuditEvent => ({
  seq,
  at,
  actor: 'mlgov-action',
  action,
  model: 'fraud-detection',
  version: '1.0.0',
  reason: null,
  ticket: null,
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
  ...extra,
});

describe('evidence deleted before its retention', () => {
  it('is a failing gap before retention ends, none on its last day or after, and only for the folder’s own files', () => {
    const policy = { evidence: { retentionYears: 5 } };
    expect(deletedBeforeRetention([deletion(`${DIR}/evidence.json`, '2030-02-09T23:59:59.000Z')], DIR, policy)).toEqual(
      [
        {
          kind: 'evidence-deleted',
          message: `${DIR}/evidence.json (added at aaaaaaaaaaaa on 2025-02-10T09:00:00.000Z) was deleted at bbbbbbbbbbbb on 2030-02-09T23:59:59.000Z, before its retention until 2030-02-10 (evidence.retentionYears 5)`,
          fails: true,
        },
      ],
    );
    expect(deletedBeforeRetention([deletion(`${DIR}/evidence.json`, '2030-02-10T00:00:00.000Z')], DIR, policy)).toEqual(
      [],
    );
    // A rollback-… subfolder is another release's evidence; another version's folder is not this one's.
    expect(
      deletedBeforeRetention(
        [
          deletion(`${DIR}/rollback-0123456789ab/manifest.json`, '2025-03-01T00:00:00.000Z'),
          deletion('artifacts/fraud-detection/1.0.01/manifest.json', '2025-03-01T00:00:00.000Z'),
        ],
        DIR,
        policy,
      ),
    ).toEqual([]);
    expect(
      deletedBeforeRetention([deletion(`${DIR}/manifest.json`, '2025-03-01T00:00:00.000Z')], null, policy),
    ).toEqual([]);
  });
});

describe('the record of a release', () => {
  const promote = event(1, 'promote', '2025-01-10T09:01:00Z');

  it('record mode is in use from its first promote/rollback event on', () => {
    expect(recordModeInUse([promote], '2025-01-10T09:01:00Z')).toBe(true);
    expect(recordModeInUse([promote], '2025-01-10T09:00:59Z')).toBe(false);
    expect(recordModeInUse([event(1, 'archive', '2025-01-01T00:00:00Z')], '2025-06-01T00:00:00Z')).toBe(false);
  });

  it('no record event fails once record mode is in use, and is noted (not failed) before', () => {
    const args = { record: undefined, snapshot: null, signOffRequired: false, label: 'fraud-detection 1.2.0' };
    expect(recordGaps({ ...args, recordModeInUse: true })).toEqual([
      {
        kind: 'no-record-event',
        message: 'no promote/rollback event records the merge of fraud-detection 1.2.0 in the audit log',
        fails: true,
      },
    ]);
    expect(recordGaps({ ...args, recordModeInUse: false })).toEqual([
      {
        kind: 'no-record-event',
        message:
          'no promote/rollback event records the merge of fraud-detection 1.2.0 (the audit log had no record event before it: record mode was not in use)',
        fails: false,
      },
    ]);
  });

  it('a record event without the Jira snapshot fails when the policy requires a sign-off, and is noted otherwise', () => {
    const base = { record: promote, snapshot: null, recordModeInUse: true, label: 'fraud-detection 1.0.0' };
    expect(recordGaps({ ...base, signOffRequired: true })).toEqual([
      {
        kind: 'no-jira-snapshot',
        message:
          'the record event (line 1) of fraud-detection 1.0.0 keeps no Jira snapshot, and the policy requires a Jira sign-off',
        fails: true,
      },
    ]);
    expect(recordGaps({ ...base, signOffRequired: false })).toEqual([
      {
        kind: 'no-jira-snapshot',
        message: 'the record event (line 1) of fraud-detection 1.0.0 keeps no Jira snapshot',
        fails: false,
      },
    ]);
    const snapshot = { key: 'MLGOV-100', readAt: '2025-01-10T09:01:00Z', check: 'pass' as const };
    expect(recordGaps({ ...base, snapshot, signOffRequired: true })).toEqual([]);
  });

  it('reads the snapshot only when it has the snapshot’s shape', () => {
    const snapshot = { key: 'MLGOV-100', readAt: '2025-01-10T09:01:00Z', check: 'pass' };
    expect(jiraSnapshotOfEvent({ ...promote, details: { jira: snapshot } })).toEqual(snapshot);
    expect(jiraSnapshotOfEvent({ ...promote, details: { jira: { key: 'MLGOV-100' } } })).toBeNull();
    expect(jiraSnapshotOfEvent({ ...promote, details: { jira: 'MLGOV-100' } })).toBeNull();
    expect(jiraSnapshotOfEvent(undefined)).toBeNull();
  });

  it('a promote event that came with the merge of its release is the change’s claim: a failing gap, whatever it says', () => {
    const snapshot = { key: 'MLGOV-100', readAt: '2025-01-10T09:01:00Z', check: 'pass' as const };
    expect(
      recordGaps({
        record: promote,
        snapshot,
        recordModeInUse: true,
        signOffRequired: false,
        label: 'fraud-detection 1.0.0',
        claimedBy: 'c'.repeat(40),
      }),
    ).toEqual([
      {
        kind: 'record-event-from-change',
        message:
          "the promote event (line 1) of fraud-detection 1.0.0 came with cccccccccccc, the commit that merged the release: record mode writes after the merge, so it is the change's claim, not a record",
        fails: true,
      },
    ]);
  });

  it('each event is added by the commit whose version of the log first holds it', () => {
    const line = (n: number) => `{"seq":${n}}\n`;
    expect([
      ...eventsIntroducedBy([
        { commit: 'c1', text: line(1) },
        { commit: 'c2', text: line(1) + line(2) + line(3) },
        { commit: 'c3', text: line(1) + line(2) + line(3) },
        { commit: 'c4', text: line(1) + line(2) + line(3) + line(4) },
      ]),
    ]).toEqual([
      [1, 'c1'],
      [2, 'c2'],
      [3, 'c2'],
      [4, 'c4'],
    ]);
    expect(eventsIntroducedBy(undefined).size).toBe(0);
  });

  it("a rollback's record is its rollback event, a promotion's its promote event", () => {
    const rollback = event(2, 'rollback', '2025-04-01T00:00:00Z');
    expect(recordEventOf([promote, rollback], true)).toBe(rollback);
    expect(recordEventOf([promote, rollback], false)).toBe(promote);
    expect(recordEventOf([event(3, 'approve', '2025-01-01T00:00:00Z')], false)).toBeUndefined();
  });
});

describe('force, rollback, rejections and policy files', () => {
  it('force: the justification and the approver the force event names; null without one', () => {
    const force = event(4, 'force', '2025-02-10T09:01:00Z', { reason: 'Deadline', details: { by: 'alice' } });
    expect(forceOf([force])).toEqual({ justification: 'Deadline', by: 'alice', at: '2025-02-10T09:01:00Z', seq: 4 });
    expect(forceOf([{ ...force, reason: null, details: {} }])).toEqual({
      justification: null,
      by: null,
      at: '2025-02-10T09:01:00Z',
      seq: 4,
    });
    expect(forceOf([event(1, 'promote', '2025-02-10T09:01:00Z')])).toBeNull();
  });

  it('rollback: from its event; without one, the manifest’s claim with no actor; null for a promotion', () => {
    const manifest = { version: '1.0.0', release: { type: 'rollback', reason: 'INC-7', rollbackOf: '1.1.0' } };
    const logged = event(5, 'rollback', '2025-04-01T00:00:00Z', {
      actor: 'erin',
      reason: 'AUC dropped (INC-7)',
      details: { from: '1.1.0', to: '1.0.0' },
    });
    expect(rollbackOf(manifest, [logged])).toEqual({
      from: '1.1.0',
      to: '1.0.0',
      reason: 'AUC dropped (INC-7)',
      actor: 'erin',
      at: '2025-04-01T00:00:00Z',
    });
    expect(rollbackOf(manifest, [])).toEqual({ from: '1.1.0', to: '1.0.0', reason: 'INC-7', actor: null, at: null });
    expect(rollbackOf({ version: '1.1.0', release: { type: 'promotion' } }, [])).toBeNull();
  });

  it('rejections: from the manifest and the bias report, with their notes', () => {
    const rejected = {
      approver: 'carol',
      role: 'governance-board',
      decision: 'rejected',
      at: '2025-01-01',
      note: 'No',
    };
    const approved = { ...rejected, decision: 'approved', note: undefined };
    expect(
      rejectionsOf({ approvals: [approved, rejected] }, { approvals: [{ ...rejected, note: undefined }] }),
    ).toEqual([
      { of: 'manifest', by: 'carol', role: 'governance-board', decision: 'rejected', at: '2025-01-01', note: 'No' },
      { of: 'bias report', by: 'carol', role: 'governance-board', decision: 'rejected', at: '2025-01-01', note: null },
    ]);
  });

  it('policy files: one per content, named by the first release that had it', () => {
    const a = Buffer.from('version: 1\n');
    const b = Buffer.from('version: 1\nevidence: { retentionYears: 7 }\n');
    const paths = policyBundlePaths([
      { commit: '1'.repeat(40), bytes: a },
      { commit: '2'.repeat(40), bytes: b },
      { commit: '3'.repeat(40), bytes: a },
    ]);
    expect([...paths]).toEqual([
      ['1'.repeat(40), 'policies/111111111111.yml'],
      ['2'.repeat(40), 'policies/222222222222.yml'],
      ['3'.repeat(40), 'policies/111111111111.yml'],
    ]);
  });
});
