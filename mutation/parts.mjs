// The parts of each folder a mutation run tests, in run order: [part name, Stryker `mutate` pattern, options?]. A
// part's test set is stryker.config.json's hotRunner.testFilesFor entry under its pattern (test/mutation/parts.test.ts
// holds that every module of a folder is in exactly one part, and that every part of src/evidence has its own set).
// Options are Stryker's own, by name (run.mjs passes each as its command-line option). `concurrency` (Stryker's
// workers; stryker.config.json's, one per core, otherwise): a part whose tests mostly wait (on git, file locks,
// timers) runs faster with more workers than cores. Stryker counts a mutant as timed out (detected) when its tests
// take longer than `timeoutFactor` × their dry-run time + `timeoutMS` (stryker.config.json: 1.5 and 10 s). With more
// workers than cores each test runs slower than it did alone in the dry run: with 6 workers, 1.5 and 10 s, 45 of
// evidence-writes' mutants timed out that, run again alone, were 29 survivors, 2 killed and 14 endless; with 30 s,
// 19 of those survivors (each covered by 40 to 100 git-driven tests) still timed out. Hence its allowance of
// 4 × + 30 s.
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
      { concurrency: 6, timeoutFactor: 4, timeoutMS: 30000 },
    ],
  ],
  policy: [['policy', 'src/policy/**/*.ts']],
  formats: [['formats', 'src/formats/**/*.ts']],
};
