import { resolve } from 'node:path';
import { readBoardView } from '../../export/read-board-view.js';
import { renderDiff, type DiffFormat } from '../../render/diff.js';
import type { CliCommand, CliIo } from '../cli-io.js';
import { CliError, commonOptions, formatOption, stringOption } from '../cli-io.js';
import { emitOutput, MODEL_USAGE, modelOption, modelOptions } from '../command-support.js';

const usage = `mlgov diff [--model NAME] [--base REF] [--format text|markdown|json] [--output FILE] [--repo DIR]

${MODEL_USAGE}

The board's view of the challenger (the working tree's manifest) against production (the base revision's): MAE,
RMSE, windows, each season, evaluation metrics and each fairness metric per attribute against its threshold, with
the change since production (a metric that moved toward its threshold is a regression, with the margin left), the
metrics' age, the provenance changes, the reason, the Jira ticket, the manifest digest being approved, and the
promotion verdict under the base's policy. Exit 0 when the promotion would pass, 1 when it would fail, 2 when it
cannot be judged.`;

async function run(args: Parameters<CliCommand['run']>[0], io: CliIo): Promise<number> {
  const format = formatOption<DiffFormat>(args, ['text', 'markdown', 'json'], 'text');
  const baseRef = stringOption(args, 'base');
  const model = modelOption(args);
  const result = await readBoardView({
    repoRoot: resolve(stringOption(args, 'repo') ?? io.cwd),
    ...(baseRef ? { baseRef } : {}),
    ...(model !== undefined ? { model } : {}),
  });
  if (result.kind === 'unusable') throw new CliError(result.reason, result.fix);
  await emitOutput(args, io, renderDiff(result.view, format));
  return result.exitCode;
}

/** `mlgov diff`: the board's view of the challenger against production, with the promotion verdict. */
export const diffCommand: CliCommand = {
  name: 'diff',
  usage,
  options: { ...commonOptions, ...modelOptions, base: { type: 'string' } },
  run,
};
