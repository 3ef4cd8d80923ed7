/**
 * `mlgov log show` as pure functions (src/evidence/audit-log-view.ts): which events a filter selects (every filter
 * at once, `since` inclusive) and the one line each becomes, with what an approval decided and why.
 */
import { describe, expect, it } from '@jest/globals';
import { renderAuditEventsText, selectAuditEvents } from '../../src/evidence/audit-log-view.js';
import { GENESIS_HASH, type AuditEvent } from '../../src/evidence/hash-chain.js';

const event = (seq: number, over: Partial<AuditEvent> = {}): AuditEvent => ({
  seq,
  at: `2026-01-${String(seq).padStart(2, '0')}T10:00:00Z`,
  actor: 'rm-bot',
  action: 'archive',
  model: 'fraud-detection',
  version: `1.0.${seq}`,
  reason: null,
  ticket: null,
  prevHash: GENESIS_HASH,
  hash: 'h',
  ...over,
});

describe('selectAuditEvents', () => {
  const events = [
    event(1),
    event(2, { action: 'approve' }),
    event(3, { model: 'churn' }),
    event(4, { model: 'churn', action: 'approve' }),
  ];
  const seqs = (filter: Parameters<typeof selectAuditEvents>[1]) => selectAuditEvents(events, filter).map((e) => e.seq);

  it('no filter keeps every event in log order', () => {
    expect(seqs({})).toEqual([1, 2, 3, 4]);
  });

  it('each filter alone, and all of them together', () => {
    expect(seqs({ model: 'churn' })).toEqual([3, 4]);
    expect(seqs({ action: 'approve' })).toEqual([2, 4]);
    expect(seqs({ since: '2026-01-03' })).toEqual([3, 4]);
    expect(seqs({ model: 'churn', action: 'approve', since: '2026-01-01' })).toEqual([4]);
    expect(seqs({ model: 'fraud-detection', action: 'approve', since: '2026-01-03' })).toEqual([]);
  });

  it('since is inclusive, to the millisecond', () => {
    expect(seqs({ since: '2026-01-02T10:00:00Z' })).toEqual([2, 3, 4]);
    expect(seqs({ since: '2026-01-02T10:00:00.001Z' })).toEqual([3, 4]);
  });
});

describe('renderAuditEventsText', () => {
  it('says so when there is nothing to show', () => {
    expect(renderAuditEventsText([])).toBe('no audit events\n');
  });

  it('one line per event: seq, time, action, model@version, actor, ticket or -, and the reason quoted', () => {
    const text = renderAuditEventsText([
      event(7, { action: 'rollback', reason: 'AUC dropped "8%"', ticket: 'MLGOV-4' }),
      event(12, { action: 'promote' }),
    ]);
    expect(text).toBe(
      '   7  2026-01-07T10:00:00Z  rollback  fraud-detection@1.0.7  by rm-bot  MLGOV-4  "AUC dropped \\"8%\\""\n' +
        '  12  2026-01-12T10:00:00Z  promote   fraud-detection@1.0.12  by rm-bot  -\n',
    );
  });

  it('an approval says what was decided, on which document, as which role, with its note', () => {
    const approval = (details: Record<string, unknown>, reason: string | null = null) =>
      renderAuditEventsText([event(1, { action: 'approve', details, reason })]).split('  -  ')[1];
    expect(approval({ decision: 'rejected', target: 'manifest', role: 'governance-board', note: 'drift "Q3"' })).toBe(
      'rejected manifest as governance-board: "drift \\"Q3\\""\n',
    );
    expect(approval({ decision: 'approved', target: 'bias-report' })).toBe('approved bias-report\n');
    expect(approval({ decision: 'approved' })).toBe('approved\n');
    expect(approval({ target: 'manifest', role: 'x' })).toBe('manifest as x\n');
    expect(approval({ decision: 'approved', note: '' })).toBe('approved\n');
    expect(approval({ decision: 7, target: ['m'], role: 3, note: 5 })).toBeUndefined();
    // A role or a note says nothing without a decision or a document to attach it to.
    expect(
      renderAuditEventsText([event(1, { action: 'approve', details: { role: 'governance-board', note: 'n' } })]),
    ).toBe('   1  2026-01-01T10:00:00Z  approve   fraud-detection@1.0.1  by rm-bot  -\n');
    expect(approval({ decision: 'approved' }, 'reason text')).toBe('approved  "reason text"\n');
    expect(renderAuditEventsText([event(1, { action: 'approve' })])).toBe(
      '   1  2026-01-01T10:00:00Z  approve   fraud-detection@1.0.1  by rm-bot  -\n',
    );
  });

  it('details of another action are not read as a decision', () => {
    expect(renderAuditEventsText([event(1, { details: { decision: 'approved', target: 'manifest' } })])).toBe(
      '   1  2026-01-01T10:00:00Z  archive   fraud-detection@1.0.1  by rm-bot  -\n',
    );
  });
});
