import { resolve } from 'node:path';
import { compareReleases } from '../../checks/promotion-comparison.js';
import { judgePromotion } from '../../checks/promotion.js';
import { gatherReleaseContext } from '../../gate/gather.js';
import { renderDiff, type DiffFormat } from '../../render/diff.js';
import type { CliCommand, CliIo } from '../cli-io.js';
import { CliError, commonOptions, formatOption, stringOption } from '../cli-io.js';
import { emitOutput, MODEL_USAGE, modelOption, modelOptions } from '../command-support.js';

const usage = `mlgov diff [--model NAME] [--base REF] [--format text|markdown|json] [--output FILE] [--repo DIR]

${MODEL_USAGE}

Compares the challenger (the working tree's manifest) with production (the base revision's): MAE, RMSE, windows,
each season, evaluation metrics and the bias summary per attribute, the improvement in %, the regressions and the
promotion verdict under the base's policy. Exit 0 when the promotion would pass, 1 when it would fail, 2 when it
cannot be judged.`;

async function run(args: Parameters<CliCommand['run']>[0], io: CliIo): Promise<number> {
  const format = formatOption<DiffFormat>(args, ['text', 'markdown', 'json'], 'text');
  const repoRoot = resolve(stringOption(args, 'repo') ?? io.cwd);
  const baseRef = stringOption(args, 'base');
  const model = modelOption(args);
  const { ctx, policy } = await gatherReleaseContext({
    repoRoot,
    offline: true,
    ...(baseRef ? { baseRef } : {}),
    ...(model !== undefined ? { model } : {}),
  });
  const head = ctx.manifest.value;
  if (!head) {
    const why = ctx.manifest.problems[0];
    throw new CliError(
      `${ctx.manifest.file} cannot be read${why ? `: ${why.message}` : ''}`,
      why?.fix ?? 'Run mlgov check to see what is wrong with the manifest.',
    );
  }
  if (ctx.base.kind === 'unavailable')
    throw new CliError(`the base revision ${ctx.base.ref} cannot be read: ${ctx.base.reason}`, ctx.base.fix);
  const base = ctx.base.kind === 'found' ? ctx.base : undefined;
  const verdict = judgePromotion(ctx, policy);
  const comparison = compareReleases({
    head,
    policy,
    now: ctx.now,
    ...(base?.manifest?.value ? { base: base.manifest.value } : {}),
    ...(ctx.biasReport?.value ? { headReport: ctx.biasReport.value } : {}),
    ...(base?.biasReport?.value ? { baseReport: base.biasReport.value } : {}),
  });
  const text = renderDiff(
    {
      comparison,
      verdict: {
        status: verdict.status,
        summary: verdict.summary,
        findings: verdict.findings,
        forced: verdict.details?.forced ?? false,
      },
      ...(base ? { baseLabel: `${base.ref} @ ${base.commit.slice(0, 7)}` } : {}),
    },
    format,
  );
  await emitOutput(args, io, text);
  if (verdict.findings.some((f) => f.indeterminate)) return 2;
  return verdict.status === 'fail' ? 1 : 0;
}

/** `mlgov diff`: challenger vs production with the promotion verdict. */
export const diffCommand: CliCommand = {
  name: 'diff',
  usage,
  options: { ...commonOptions, ...modelOptions, base: { type: 'string' } },
  run,
};
