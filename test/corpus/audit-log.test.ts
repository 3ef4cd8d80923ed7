/**
 * The audit-log family of the bad-input corpus (cases: test/corpus/cases/audit-log.json): the hash-chained log
 * damaged in a PR, through `mlgov check` and `mlgov log verify` (which must name the kind of break).
 */
import { describeFamily, promotedReleaseRepo } from './corpus-repos.js';

describeFamily('audit-log', {
  repo: promotedReleaseRepo,
  alsoRun: [
    {
      argv: ['log', 'verify', '--format', 'json'],
      json: 'log-verify',
      expect: (c) => c.expectLog ?? (c.expect.breakKind ? { exit: 1, breakKind: c.expect.breakKind } : undefined),
    },
  ],
});
