/** Placeholder signatures; the evidence work replaces this file (hash-chained `artifacts/audit-log.jsonl`). */
export type AuditAction = 'approve' | 'archive' | 'promote' | 'rollback' | 'force';

export interface AuditEventInput {
  actor: string;
  action: AuditAction;
  model: string;
  version: string;
  reason?: string;
  ticket?: string;
  /** ISO time; defaults to the clock. */
  at?: string;
  details?: Record<string, unknown>;
}

export interface AuditEvent extends AuditEventInput {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

/** Appends one event under a lock, keeping the hash chain. */
export async function appendAuditEvent(_repoRoot: string, _archiveDir: string, _event: AuditEventInput): Promise<AuditEvent> {
  throw new Error('audit log not available in this build yet');
}
