import type { CheckId, CheckResult } from '../release/report.js';
import type { ReleaseContext } from '../release/release-context.js';
import type { Policy } from '../policy/policy.js';

/** Documents a check cannot judge unless they parsed and validated (the `schema` check reports why). */
export type DocumentKind = 'manifest' | 'biasReport';

/** A check: a pure function over the gathered facts and the effective policy. No I/O, no clock, no env. */
export interface Check {
  id: CheckId;
  /** What the check is about, for `--help` and the job summary. */
  title: string;
  /**
   * Documents that must be schema-valid for this check to run; otherwise the gate reports the check as `skip`
   * ("not judged: <file> is invalid, see schema") so a check never reads a malformed value.
   */
  needs: DocumentKind[];
  run(ctx: ReleaseContext, policy: Policy): CheckResult;
}
