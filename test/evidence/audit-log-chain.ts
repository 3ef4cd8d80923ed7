import { buildChainedEvent, formatAuditLine, type AuditEvent } from '../../src/evidence/hash-chain.js';

/**
 * The lines of a valid audit log of `n` chained approvals, one a minute from 2026-01-01 (versions 1.0.0, 1.1.0, …),
 * each with the reason `reasonOf` gives its index: the text the streaming reader's tests cut into chunks.
 */
export function approvalChain(n: number, reasonOf: (i: number) => string | null = () => null): string[] {
  const events: AuditEvent[] = [];
  for (let i = 0; i < n; i++)
    events.push(
      buildChainedEvent(events[events.length - 1], {
        at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        actor: 'alice',
        action: 'approve',
        model: 'fraud-detection',
        version: `1.${i}.0`,
        reason: reasonOf(i),
        ticket: null,
      }),
    );
  return events.map((e) => formatAuditLine(e));
}
