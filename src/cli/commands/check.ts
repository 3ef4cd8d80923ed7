import { resolve } from 'node:path';
import { isCiEnvironment } from '../../adapters/hash-cache.js';
import { exitCodeOf } from '../../release/report.js';
import { exitCodeOfModels, runGateOverModels, type ModelsJudgement } from '../../gate/judge-models.js';
import { overallVerdictOf, renderModelsReport } from '../../render/models-report.js';
import { startHashProgress } from '../../render/progress.js';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../../render/render-report.js';
import {
  booleanOption,
  commonOptions,
  formatOption,
  stringOption,
  UsageError,
  type CliArgs,
  type CliCommand,
  type CliIo,
} from '../cli-io.js';
import { emitOutput } from '../command-support.js';
import { jiraFromEnvironment } from '../jira-environment.js';

export const checkCommand: CliCommand = {
  name: 'check',
  usage: [
    'mlgov check [--repo DIR] [--base REF] [--offline] [--format text|json|markdown|sarif] [--output FILE]',
    '            [--policy FILE] [--model NAME | --all] [--pr-title TEXT] [--pr-body TEXT] [--as-of DATE]',
    '            [--fail-fast] [--rehash]',
    '',
    '  --base REF      the production revision to compare with (default: the tip of the default branch)',
    '  --offline       skip only the Jira and GitHub lookups, and say so in the report',
    '  --policy FILE   repository-relative policy path (default .github/governance-policy.yml)',
    "  --model NAME    judge only this model of the policy's models: list",
    "  --all           judge every model of the policy's models: list; without --model or --all, the models the",
    '                  change touches (against --base) are judged, each in its own section of the report',
    '  --pr-title, --pr-body   the pull request text, for the Jira key rule when run locally',
    '  --as-of DATE    judge time-based rules (approval age, metric freshness) as of DATE',
    '  --fail-fast     stop hashing at the first mismatching artifact',
    '  --rehash        hash every artifact: do not take Git LFS pointers from the index or digests from the',
    '                  local hash cache (the cache is never used when CI is set)',
    '  --output FILE   write the report to FILE instead of standard output',
    '',
    'exit codes: 0 pass, 1 the gate failed, 2 could not judge',
  ].join('\n'),
  options: {
    ...commonOptions,
    base: { type: 'string' },
    offline: { type: 'boolean' },
    policy: { type: 'string' },
    model: { type: 'string' },
    all: { type: 'boolean' },
    'pr-title': { type: 'string' },
    'pr-body': { type: 'string' },
    'as-of': { type: 'string' },
    'fail-fast': { type: 'boolean' },
    rehash: { type: 'boolean' },
  },
  async run(args, io) {
    const format = formatOption(args, REPORT_FORMATS, 'text');
    const asOfText = stringOption(args, 'as-of');
    const asOf = asOfText === undefined ? undefined : new Date(asOfText);
    if (asOf && Number.isNaN(asOf.getTime()))
      throw new UsageError(`--as-of "${asOfText}" is not a date (use ISO 8601, e.g. 2026-11-20)`);
    const title = stringOption(args, 'pr-title');
    const body = stringOption(args, 'pr-body');
    const baseRef = stringOption(args, 'base');
    const policyPath = stringOption(args, 'policy');
    const offline = booleanOption(args, 'offline');
    const model = stringOption(args, 'model');
    const all = booleanOption(args, 'all');
    if (model !== undefined && all) throw new UsageError('--model and --all cannot be used together: pick one');
    const progress = startHashProgress(io);
    const run = await runGateOverModels({
      ...(model !== undefined ? { model } : {}),
      all,
      onHashProgress: (p) => progress.update(p),
      repoRoot: resolve(io.cwd, stringOption(args, 'repo') ?? '.'),
      offline,
      ...jiraFromEnvironment(!offline, io.env),
      // s3:// artifacts are reached with the SDK's standard chain, read from this command's environment.
      s3: { env: io.env },
      failFast: booleanOption(args, 'fail-fast'),
      rehash: booleanOption(args, 'rehash'),
      // The cache serves a PR author's repeated local runs; a CI run judges its fresh checkout on its own.
      hashCache: !booleanOption(args, 'rehash') && !isCiEnvironment(io.env),
      ...(baseRef !== undefined ? { baseRef } : {}),
      ...(policyPath !== undefined ? { policyPath } : {}),
      ...(asOf ? { asOf } : {}),
      ...(title !== undefined || body !== undefined
        ? {
            pr: {
              ...(title !== undefined ? { title } : {}),
              ...(body !== undefined ? { body } : {}),
              commitMessages: [],
            },
          }
        : {}),
    });
    progress.stop();
    return emitRun(run, format, args, io);
  },
};

/** A single-model policy renders exactly as it always has; a policy with `models:` gets a section per model. */
async function emitRun(
  run: ModelsJudgement,
  format: ReportFormat,
  args: CliArgs,
  io: CliIo,
): Promise<ReturnType<typeof exitCodeOf>> {
  if (!run.listsModels) {
    const report = run.judgements[0]!.report;
    const text = renderReport(report, format);
    await emitOutput(args, io, text, `report (verdict: ${report.judged ? report.verdict : 'could not judge'})`);
    return exitCodeOf(report);
  }
  const overall = overallVerdictOf(run);
  const n = run.judgements.length;
  await emitOutput(
    args,
    io,
    renderModelsReport(run, format),
    `report of ${n} model${n === 1 ? '' : 's'} (verdict: ${overall.judged ? overall.verdict : 'could not judge'})`,
  );
  return exitCodeOfModels(run);
}
