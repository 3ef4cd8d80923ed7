import type { CheckId, CheckResultOf } from '../release/report.js';
import type { ReleaseContext } from '../release/release-context.js';
import type { Policy } from '../policy/policy.js';

/** Documents a check cannot judge unless they parsed and validated (the `schema` check reports why). */
export type DocumentKind = 'manifest' | 'biasReport';

/** A check: a pure function over the gathered facts and the effective policy. No I/O, no clock, no env. */
export interface Check<K extends CheckId = CheckId> {
  id: K;
  /** What the check is about, for `--help` and the job summary. */
  title: string;
  /**
   * Documents that must be schema-valid for this check to run; otherwise the gate reports the check as `skip`
   * ("not judged: <file> is invalid, see schema") so a check never reads a malformed value.
   */
  needs: DocumentKind[];
  /** Typed by the check's id, so a caller of one check reads its details without narrowing. */
  run(ctx: ReleaseContext, policy: Policy): CheckResultOf<K>;
}

/** Any one check, typed by its own id: what a list of checks holds. */
export type AnyCheck = { [K in CheckId]: Check<K> }[CheckId];
