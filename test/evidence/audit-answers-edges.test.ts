/**
 * The edges of the audit's answers (src/evidence/audit-answers.ts) its main test leaves: judgements that are not
 * objects, the record event when the release's own kind is absent, a Jira snapshot missing one member, a rollback's
 * facts from each place they may be written, and deleted evidence by folder and day.
 */
import { describe, expect, it } from '@jest/globals';
import {
  deletedBeforeRetention,
  jiraSnapshotOfEvent,
  recordedJudgements,
  recordEventOf,
  rollbackOf,
} from '../../src/evidence/audit-answers.js';
import { GENESIS_HASH, type AuditEvent } from '../../src/evidence/hash-chain.js';

const event = (seq: number, action: AuditEvent['action'], over: Partial<AuditEvent> = {}): AuditEvent => ({
  seq,
  at: `2026-01-0${seq}T00:00:00Z`,
  actor: `actor${seq}`,
  action,
  model: 'm',
  version: '1.0.0',
  reason: null,
  ticket: null,
  prevHash: GENESIS_HASH,
  hash: 'h',
  ...over,
});

describe('recordedJudgements', () => {
  it('reads only the entries that are objects, with a note only when it is text', () => {
    expect(
      recordedJudgements({
        approvals: ['x', null, { approver: 'a', role: 'r', decision: 'approved', at: 't', note: 5 }, { approver: 'b' }],
      }),
    ).toStrictEqual([
      { by: 'a', role: 'r', decision: 'approved', at: 't', note: null },
      { by: 'b', role: 'undefined', decision: 'undefined', at: 'undefined', note: null },
    ]);
    expect(recordedJudgements({ approvals: 'x' })).toStrictEqual([]);
    expect(recordedJudgements(null)).toStrictEqual([]);
  });
});

describe('recordEventOf', () => {
  it("the release's own kind first; else the first promote or rollback; none of either: none", () => {
    const events = [event(1, 'archive'), event(2, 'promote'), event(3, 'rollback'), event(4, 'promote')];
    expect(recordEventOf(events, true)?.seq).toBe(3);
    expect(recordEventOf(events, false)?.seq).toBe(2);
    expect(recordEventOf([event(1, 'archive'), event(2, 'rollback')], false)?.seq).toBe(2);
    expect(recordEventOf([event(1, 'archive'), event(2, 'promote')], true)?.seq).toBe(2);
    expect(recordEventOf([event(1, 'archive'), event(2, 'force'), event(3, 'approve')], false)).toBeUndefined();
  });
});

describe('jiraSnapshotOfEvent', () => {
  const snapshot = { key: 'MLGOV-1', readAt: '2026-01-01T00:00:00Z', check: 'pass', status: 'Done' };
  it('is the snapshot only with its key, time and check as text', () => {
    expect(jiraSnapshotOfEvent(event(1, 'promote', { details: { jira: snapshot } }))).toBe(snapshot);
    for (const member of ['key', 'readAt', 'check']) {
      const { [member]: _gone, ...rest } = snapshot as Record<string, string>;
      expect([member, jiraSnapshotOfEvent(event(1, 'promote', { details: { jira: rest } }))]).toStrictEqual([
        member,
        null,
      ]);
      expect([
        member,
        jiraSnapshotOfEvent(event(1, 'promote', { details: { jira: { ...rest, [member]: 7 } } })),
      ]).toStrictEqual([member, null]);
    }
    expect(jiraSnapshotOfEvent(undefined)).toBeNull();
    expect(jiraSnapshotOfEvent(event(1, 'promote', { details: { jira: 'MLGOV-1' } }))).toBeNull();
  });
});

describe('rollbackOf', () => {
  const manifest = { version: '1.0.0', release: { type: 'rollback', reason: 'AUC dropped', rollbackOf: '2.0.0' } };
  it('from the rollback event: from, to, reason, actor and time', () => {
    const e = event(3, 'rollback', { reason: 'logged reason', details: { from: '2.1.0', to: '1.0.1' } });
    expect(rollbackOf(manifest, [event(1, 'archive'), e])).toStrictEqual({
      from: '2.1.0',
      to: '1.0.1',
      reason: 'logged reason',
      actor: 'actor3',
      at: e.at,
    });
  });

  it("an event that says `replaces`, or nothing: the next place, then the manifest's claim; `to` is the version", () => {
    expect(rollbackOf(manifest, [event(1, 'rollback', { details: { replaces: '3.0.0' } })])).toStrictEqual(
      expect.objectContaining({ from: '3.0.0', to: '1.0.0' }),
    );
    expect(rollbackOf(manifest, [event(1, 'rollback')])).toStrictEqual(
      expect.objectContaining({ from: '2.0.0', to: '1.0.0' }),
    );
  });

  it("no event: the manifest's claim, with no actor; not a rollback and no event: null", () => {
    expect(rollbackOf(manifest, [])).toStrictEqual({
      from: '2.0.0',
      to: '1.0.0',
      reason: 'AUC dropped',
      actor: null,
      at: null,
    });
    expect(rollbackOf({ version: '1.0.0', release: { type: 'minor' } }, [event(1, 'promote')])).toBeNull();
    expect(rollbackOf({ version: '1.0.0' }, [])).toBeNull();
    expect(rollbackOf({ version: '1.0.0', release: { type: 'rollback' } }, [])).toStrictEqual({
      from: null,
      to: '1.0.0',
      reason: null,
      actor: null,
      at: null,
    });
  });
});

describe('deletedBeforeRetention', () => {
  const policy = { evidence: { retentionYears: 5 } } as never;
  const deleted = (path: string, deletedAt: string) => ({
    path,
    addedCommit: 'a'.repeat(40),
    addedAt: '2021-03-01T10:00:00Z',
    deletedCommit: 'd'.repeat(40),
    deletedAt,
  });
  it("only the folder's own files, deleted before the day retention ends", () => {
    const dir = 'artifacts/m/1.0.0';
    const gaps = deletedBeforeRetention(
      [
        deleted(`${dir}/manifest.json`, '2026-02-28T23:00:00Z'),
        deleted(`${dir}/evidence.json`, '2026-03-01T00:00:00Z'),
        deleted(`${dir}/rollback-0123456789ab/manifest.json`, '2022-01-01T00:00:00Z'),
        deleted('artifacts/m/1.0.0-rc/manifest.json', '2022-01-01T00:00:00Z'),
      ],
      dir,
      policy,
    );
    expect(gaps).toStrictEqual([
      {
        kind: 'evidence-deleted',
        message: `${dir}/manifest.json (added at aaaaaaaaaaaa on 2021-03-01T10:00:00Z) was deleted at dddddddddddd on 2026-02-28T23:00:00Z, before its retention until 2026-03-01 (evidence.retentionYears 5)`,
        fails: true,
      },
    ]);
    expect(
      deletedBeforeRetention([deleted(`${dir}/manifest.json`, '2022-01-01T00:00:00Z')], null, policy),
    ).toStrictEqual([]);
  });
});
