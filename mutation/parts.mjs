// The parts of each folder a mutation run tests, in run order: [part name, Stryker `mutate` pattern, options?]. A
// part's test set is stryker.config.json's hotRunner.testFilesFor entry under its pattern (test/mutation/parts.test.ts
// holds that every module of a folder is in exactly one part, and that every part of src/evidence has its own set).
// `concurrency` (Stryker's workers; stryker.config.json's, one per core, otherwise): a part whose tests mostly wait
// (on git, file locks, timers) runs faster with more workers than cores.
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
      { concurrency: 6 },
    ],
  ],
  policy: [['policy', 'src/policy/**/*.ts']],
  formats: [['formats', 'src/formats/**/*.ts']],
};
