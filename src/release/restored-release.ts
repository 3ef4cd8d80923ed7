/**
 * What a rollback may change of the release it restores, as one rule for the gate and the audit: the gate derives a
 * rollback with it (checks/release-kind.ts: the candidate is the archived release), and the audit judges a rollback
 * in force with it (evidence/period-audit.ts: the manifest restores the archived one). Were they two rules, a
 * rollback could pass one and fail the other.
 *
 * A rollback changes `release` (type rollback, its reason, the version it replaces) and carries the board's
 * approvals given again; it may name a ticket of its own (`jira`): the decision to go back is a decision of its own,
 * signed off in its own ticket (the jira check still judges that ticket, and refuses one that signed off another
 * release). Everything else, the model, its artifacts, evaluation and bias report binding, is the archived release.
 */
import { canonicalJson } from '../formats/canonical-digest.js';

/** The top-level manifest members a rollback may change. */
export const ROLLBACK_MAY_CHANGE = ['release', 'approvals', 'jira'] as const;

/** The manifest without what a rollback may change: a rollback restores a release when these are equal. */
export function restoredReleaseEssence(manifest: Record<string, unknown>): string {
  const rest: Record<string, unknown> = { ...manifest };
  for (const key of ROLLBACK_MAY_CHANGE) delete rest[key];
  return canonicalJson(rest);
}
