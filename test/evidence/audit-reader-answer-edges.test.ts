/**
 * Edges of the audit's answers (src/evidence/audit-answers.ts) that the mutation run left alive: a promotion's own
 * record event found after an earlier rollback event, record mode in use from a rollback event alone, deleted files
 * that only look like the folder's (a sibling sharing its name as a prefix, a folder literally named "null" when the
 * release has no archive folder), an `artifacts` list holding a null, and which commit added each event when a log
 * version holds a blank line or the log was deleted and written again.
 */
import { describe, expect, it } from '@jest/globals';
import {
  deletedBeforeRetention,
  eventsIntroducedBy,
  objectAnswers,
  recordEventOf,
  recordModeInUse,
} from '../../src/evidence/audit-answers.js';
import { GENESIS_HASH, type AuditEvent } from '../../src/evidence/hash-chain.js';

const event = (seq: number, action: AuditEvent['action'], at: string): AuditEvent => ({
  seq,
  at,
  actor: 'mlgov-action',
  action,
  model: 'fraud-detection',
  version: '1.0.0',
  reason: null,
  ticket: null,
  prevHash: GENESIS_HASH,
  hash: 'h',
});

describe('the record event of a promotion', () => {
  it('is its promote event even when a rollback event comes first', () => {
    const events = [event(1, 'rollback', '2025-01-01T00:00:00Z'), event(2, 'promote', '2025-02-01T00:00:00Z')];
    expect(recordEventOf(events, false)?.seq).toBe(2);
    expect(recordEventOf(events, true)?.seq).toBe(1);
  });
});

describe('record mode in use', () => {
  it('from a rollback event alone, at or before the merge, whatever other events the log holds', () => {
    const rollback = event(2, 'rollback', '2025-03-01T10:00:00Z');
    expect(recordModeInUse([rollback], '2025-03-01T10:00:00Z')).toBe(true);
    expect(recordModeInUse([rollback], '2025-03-01T09:59:59Z')).toBe(false);
    expect(recordModeInUse([event(1, 'archive', '2025-02-01T10:00:00Z'), rollback], '2025-03-02T00:00:00Z')).toBe(true);
  });
});

describe('evidence deleted before its retention', () => {
  const policy = { evidence: { retentionYears: 5 } };
  const deleted = (path: string) => ({
    path,
    addedCommit: 'a'.repeat(40),
    addedAt: '2025-03-01T10:00:00Z',
    deletedCommit: 'd'.repeat(40),
    deletedAt: '2025-04-01T10:00:00Z',
  });

  it("counts only the folder's own files, not a sibling file whose name starts with the folder's", () => {
    const dir = 'artifacts/fraud-detection/1.0.0';
    expect(deletedBeforeRetention([deleted(`${dir}.bak`)], dir, policy)).toStrictEqual([]);
    expect(deletedBeforeRetention([deleted(`${dir}/evidence.json`)], dir, policy)).toStrictEqual([
      {
        kind: 'evidence-deleted',
        message: `${dir}/evidence.json (added at aaaaaaaaaaaa on 2025-03-01T10:00:00Z) was deleted at dddddddddddd on 2025-04-01T10:00:00Z, before its retention until 2030-03-01 (evidence.retentionYears 5)`,
        fails: true,
      },
    ]);
  });

  it('is nothing for a release without an archive folder, even beside a folder named "null"', () => {
    expect(deletedBeforeRetention([deleted('null/manifest.json')], null, policy)).toStrictEqual([]);
  });
});

describe('the objects of a release', () => {
  it('skips artifact entries that are not objects, a null among them', () => {
    const path = 's3://models/fraud/w.onnx?versionId=v1';
    expect(
      objectAnswers(
        { artifacts: [null, { path }] },
        { [path]: { kind: 'found', versionId: 'v1', size: 3 } },
        { from: '2025-03-01T10:00:00Z', years: 5, now: '2026-01-05T00:00:00Z' },
      ),
    ).toStrictEqual({
      objects: [{ path, bucket: 'models', key: 'fraud/w.onnx', versionId: 'v1', status: 'exists' }],
      gaps: [],
    });
  });
});

describe('which commit added each event', () => {
  it('counts the events of each log version, not its blank lines; a log deleted and written again starts over', () => {
    const added = eventsIntroducedBy([
      { commit: 'c1', text: '{"seq":1}\n' },
      { commit: 'c2', text: '{"seq":1}\n  \n{"seq":2}\n' },
      { commit: 'c3' },
      { commit: 'c4', text: '{"seq":1}\n' },
    ]);
    expect([...added]).toStrictEqual([
      [1, 'c4'],
      [2, 'c2'],
    ]);
  });
});
