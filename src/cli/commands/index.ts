import type { CliCommand } from '../cli-io.js';

/**
 * A command as `mlgov --help` lists it. Its module is imported only when the command runs: evaluating every command
 * (jira.js, CycloneDX, tar...) on each start-up cost about half of the CLI's start-up time (bench/RESULTS.md), and
 * esbuild keeps dynamically imported modules lazy inside the single bundle.
 */
export interface CommandEntry {
  name: string;
  /** One line for `mlgov --help`. */
  summary: string;
  load(): Promise<CliCommand>;
}

/** Every CLI command, in the order `mlgov --help` lists them (the README lists them in the same order). */
export const commands: CommandEntry[] = [
  {
    name: 'check',
    summary: 'run the governance gate on the release in the repository',
    load: async () => (await import('./check.js')).checkCommand,
  },
  {
    name: 'models',
    summary: "list the policy's governed models; --changed: those the change touches (--json for a workflow matrix)",
    load: async () => (await import('./models.js')).modelsCommand,
  },
  {
    name: 'checksums',
    summary: 'compute artifact sizes and SHA-256 digests; --write fills them into the manifest',
    load: async () => (await import('./checksums.js')).checksumsCommand,
  },
  {
    name: 'release',
    summary: 'release new: the next release from the current one (version bumped from the base, approvals cleared)',
    load: async () => (await import('./release.js')).releaseCommand,
  },
  {
    name: 'metrics',
    summary: 'metrics import FILE: fill the evaluation from backtest results, predictions or scores, bound by SHA-256',
    load: async () => (await import('./metrics.js')).metricsCommand,
  },
  {
    name: 'bias',
    summary: 'bias compute: the bias report from a predictions file (CSV or Parquet), streamed, bound by SHA-256',
    load: async () => (await import('./bias.js')).biasCommand,
  },
  {
    name: 'approve',
    summary: 'record a digest-bound approval in the manifest or the bias report',
    load: async () => (await import('./approve.js')).approveCommand,
  },
  {
    name: 'archive',
    summary: 'archive the base release under artifacts/ (write-once) and log it',
    load: async () => (await import('./archive.js')).archiveCommand,
  },
  {
    name: 'rollback',
    summary: 'restore an archived release as the current one and log it',
    load: async () => (await import('./rollback.js')).rollbackCommand,
  },
  {
    name: 'diff',
    summary: 'challenger (working tree) vs production (base): metrics table and promotion verdict',
    load: async () => (await import('./diff.js')).diffCommand,
  },
  {
    name: 'audit',
    summary: 'audit the releases in force in a period; verify an evidence bundle',
    load: async () => (await import('./audit.js')).auditCommand,
  },
  {
    name: 'log',
    summary: 'show or verify the hash-chained audit log',
    load: async () => (await import('./log.js')).logCommand,
  },
  {
    name: 'preflight',
    summary: 'configuration and connectivity diagnostics (policy, manifest, git base, Jira auth/project/ticket)',
    load: async () => (await import('./preflight.js')).preflightCommand,
  },
  {
    name: 'card',
    summary: 'model card (Markdown or self-contained HTML) from the manifest, evaluation, bias report and approvals',
    load: async () => (await import('./card.js')).cardCommand,
  },
  {
    name: 'export',
    summary: 'CycloneDX 1.6 ML-BOM, or an in-toto Statement v1 over the artifacts with the governance verdict',
    load: async () => (await import('./export.js')).exportCommand,
  },
];
