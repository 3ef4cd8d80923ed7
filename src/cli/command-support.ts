/** What several CLI commands do the same way: where their output goes, Jira from the environment, the time. */
import { resolve } from 'node:path';
import { writeFileAtomic } from '../adapters/atomic-file.js';
import type { ReadReleaseResult } from '../export/read-release.js';
import { booleanOption, stringOption, UsageError, type CliArgs, type CliIo } from './cli-io.js';

/**
 * Writes a command's result to `--output FILE` (atomically, so a reader never sees half a report) or to standard
 * output; with a file, `note` (e.g. "model card") goes to stderr so the user knows where it went.
 */
export async function emitOutput(args: CliArgs, io: CliIo, text: string, note?: string): Promise<void> {
  const output = stringOption(args, 'output');
  if (!output) {
    io.stdout(text);
    return;
  }
  await writeFileAtomic(resolve(io.cwd, output), text);
  if (note) io.stderr(`mlgov: ${note} written to ${output}\n`);
}

/**
 * The time written into generated documents: `SOURCE_DATE_EPOCH` when set (the reproducible-builds convention, so
 * the same release gives the same bytes in CI and in docs), else the clock.
 */
export function generationTime(env: CliIo['env']): Date {
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch))
      throw new UsageError(`SOURCE_DATE_EPOCH="${epoch}" is not a number of seconds since 1970`);
    return new Date(Number(epoch) * 1000);
  }
  return new Date();
}

/** `--model NAME`: the model a command acts on (src/release/release-locator.ts). */
export const modelOptions = { model: { type: 'string' } } as const;

/** The usage line every per-model command shows for `--model`. */
export const MODEL_USAGE =
  '  --model NAME      the model to act on, as the policy names it (required when the policy lists several models)';

/** The `--model` value, when given; an empty name is bad usage, never "no model". */
export function modelOption(args: CliArgs): string | undefined {
  const model = stringOption(args, 'model');
  if (model !== undefined && model.trim() === '')
    throw new UsageError('--model needs a model name, as the policy names it');
  return model;
}

/** Options of the commands that describe a release (card, export). */
export const releaseOptions = {
  base: { type: 'string' },
  policy: { type: 'string' },
  online: { type: 'boolean' },
  ...modelOptions,
} as const;

/**
 * Reads and judges the release for `card` and `export`: offline unless `--online`. The gate and the Jira client are
 * loaded here, when a command reads a release, so that the commands sharing this module (checksums, approve…) do not
 * compile them at start-up (jira.js alone was half of `mlgov checksums`' start-up CPU).
 */
export async function readReleaseFromArgs(args: CliArgs, io: CliIo, now: Date): Promise<ReadReleaseResult> {
  const [{ readRelease }, { jiraFromEnvironment }] = await Promise.all([
    import('../export/read-release.js'),
    import('./jira-environment.js'),
  ]);
  const baseRef = stringOption(args, 'base');
  const policyPath = stringOption(args, 'policy');
  const online = booleanOption(args, 'online');
  const model = modelOption(args);
  return readRelease({
    repoRoot: resolve(io.cwd, stringOption(args, 'repo') ?? '.'),
    now,
    offline: !online,
    ...jiraFromEnvironment(online, io.env),
    ...(baseRef !== undefined ? { baseRef } : {}),
    ...(policyPath !== undefined ? { policyPath } : {}),
    ...(model !== undefined ? { model } : {}),
  });
}
