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

/**
 * What an event says in words: its reason; for an approval, the decision, the document and the note (a rejection's
 * why is the first thing a reader of the log looks for).
 */
function sayingOf(e: AuditEvent): string {
  const parts: string[] = [];
  if (e.action === 'approve') {
    const d = e.details ?? {};
    const decision = typeof d['decision'] === 'string' ? d['decision'] : '';
    const target = typeof d['target'] === 'string' ? d['target'] : '';
    const role = typeof d['role'] === 'string' ? ` as ${d['role']}` : '';
    const note = typeof d['note'] === 'string' && d['note'] !== '' ? `: ${JSON.stringify(d['note'])}` : '';
    if (decision || target) parts.push(`${[decision, target].filter(Boolean).join(' ')}${role}${note}`);
  }
  if (e.reason) parts.push(JSON.stringify(e.reason));
  return parts.join('  ');
}

/** One line per event: `seq  at  action  model@version  actor  ticket  reason` (for an approval, what it decided). */
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
          sayingOf(e),
        ]
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
