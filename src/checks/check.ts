import type { CheckId, CheckResult } from '../gate/report.js';
import type { ReleaseContext } from '../gate/release-context.js';
import type { Policy } from '../policy/policy.js';

/** A check: a pure function over the gathered facts and the effective policy. No I/O, no clock, no env. */
export interface Check {
  id: CheckId;
  /** What the check is about, for `--help` and the job summary. */
  title: string;
  run(ctx: ReleaseContext, policy: Policy): CheckResult;
}
