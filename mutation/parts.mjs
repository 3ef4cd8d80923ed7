// The parts of each folder a mutation run tests, in run order: [part name, Stryker `mutate` pattern, options?]. A
// part's test set is stryker.config.json's hotRunner.testFilesFor entry under its pattern (test/mutation/parts.test.ts
// holds that every module of a folder is in exactly one part, and that every part of src/evidence has its own set).
// `concurrency` (Stryker's workers; stryker.config.json's, one per core, otherwise): a part whose tests mostly wait
// (on git, file locks, timers) runs faster with more workers than cores. `timeoutMS` (Stryker's allowance over a
// mutant's dry-run time; stryker.config.json's 10 s otherwise): with more workers than cores each test runs slower
// than it did alone in the dry run, and a mutant that only took longer is then counted as timed out (detected).
// With 6 workers and 10 s, 45 of evidence-writes' mutants timed out that, run again alone, mostly survived.
export const PARTS = {
  checks: [['checks', 'src/checks/**/*.ts']],
  evidence: [
    [
      'evidence-core',
      'src/evidence/@(archive-plan|hash-chain|rollback-plan|canonical-audit-line|checksums-plan|approve-plan).ts',
    ],
    [
      'evidence-audit',
      'src/evidence/@(period-audit|evidence-bundle|audit-answers|audit-log-view|log-history|audit-log-stream|evidence-error).ts',
    ],
    [
      'evidence-git',
      'src/evidence/@(audit-history|audit-evidence-reader|gather-evidence|release-files|release-evidence).ts',
    ],
    [
      'evidence-writes',
      'src/evidence/@(archive-store|rollback-run|rollback-restore|approve-apply|checksums-run|workspace|file-lock|audit-log).ts',
      { concurrency: 6, timeoutMS: 30000 },
    ],
  ],
  policy: [['policy', 'src/policy/**/*.ts']],
  formats: [['formats', 'src/formats/**/*.ts']],
};
