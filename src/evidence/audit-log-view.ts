/** Selecting and showing audit events (`mlgov log show`): pure functions over parsed events. */
import type { AuditAction, AuditEvent } from './hash-chain.js';

export interface AuditEventFilter {
  model?: string;
  action?: AuditAction;
  /** ISO time or date; events at or after it. */
  since?: string;
}

/** The events that match every given filter, in log order. */
export function selectAuditEvents(events: AuditEvent[], filter: AuditEventFilter): AuditEvent[] {
  const since = filter.since !== undefined ? Date.parse(filter.since) : undefined;
  return events.filter(
    (e) =>
      (filter.model === undefined || e.model === filter.model) &&
      (filter.action === undefined || e.action === filter.action) &&
      (since === undefined || Date.parse(e.at) >= since),
  );
}

/** One line per event: `seq  at  action  model@version  actor  ticket  reason`. */
export function renderAuditEventsText(events: AuditEvent[]): string {
  if (events.length === 0) return 'no audit events\n';
  return (
    events
      .map((e) =>
        [
          String(e.seq).padStart(4),
          e.at,
          e.action.padEnd(8),
          `${e.model}@${e.version}`,
          `by ${e.actor}`,
          e.ticket ?? '-',
          e.reason ? JSON.stringify(e.reason) : '',
        ]
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
