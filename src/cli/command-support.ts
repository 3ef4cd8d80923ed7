/** What several CLI commands do the same way: where their output goes, Jira from the environment, the time. */
import { resolve } from 'node:path';
import { writeFileAtomic } from '../adapters/atomic-file.js';
import { ticketSourceFromEnvironment } from '../adapters/jira-ticket-source.js';
import { readRelease, type ReadReleaseResult } from '../export/read-release.js';
import type { GatherOptions } from '../gate/gather.js';
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
 * Jira as the environment configures it (`JIRA_BASE_URL` + `JIRA_EMAIL` + `JIRA_API_TOKEN`, or `JIRA_PAT`): a
 * source, or why there is none, so the `jira` check fails closed with the reason. Nothing when offline.
 */
export function jiraFromEnvironment(online: boolean, env: CliIo['env']): Pick<GatherOptions, 'jira'> {
  if (!online) return {};
  const jira = ticketSourceFromEnvironment(env);
  return { jira: jira.kind === 'configured' ? { source: jira.source } : { problem: jira } };
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

/** Options of the commands that describe a release (card, export). */
export const releaseOptions = {
  base: { type: 'string' },
  policy: { type: 'string' },
  online: { type: 'boolean' },
} as const;

/** Reads and judges the release for `card` and `export`: offline unless `--online`. */
export function readReleaseFromArgs(args: CliArgs, io: CliIo, now: Date): Promise<ReadReleaseResult> {
  const baseRef = stringOption(args, 'base');
  const policyPath = stringOption(args, 'policy');
  const online = booleanOption(args, 'online');
  return readRelease({
    repoRoot: resolve(io.cwd, stringOption(args, 'repo') ?? '.'),
    now,
    offline: !online,
    ...jiraFromEnvironment(online, io.env),
    ...(baseRef !== undefined ? { baseRef } : {}),
    ...(policyPath !== undefined ? { policyPath } : {}),
  });
}
