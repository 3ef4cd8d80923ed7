/**
 * `mlgov preflight [--repo DIR] [--base REF] [--policy FILE] [--offline] [--format text|json] [--output FILE]`
 *
 * The face of the preflight use case (`src/preflight/`): parses the arguments, runs every step, renders one line per
 * step and exits 2 when any step failed.
 */
import { resolve } from 'node:path';
import { emitOutput } from '../command-support.js';
import { readJiraSettings, redact, secretsOf } from '../../adapters/jira-settings.js';
import { gitHubTokenProbe } from '../../preflight/github-token-step.js';
import { jiraProbe, runPreflight, type PreflightProbe, type PreflightResult } from '../../preflight/preflight.js';
import { s3Probe } from '../../preflight/s3-steps.js';
import { TOOL_VERSION } from '../../version.js';
import type { CliCommand, CliIo } from '../cli-io.js';
import { booleanOption, commonOptions, formatOption, stringOption } from '../cli-io.js';

/**
 * The probes `mlgov preflight` runs after the repository steps, in order: Jira, the GitHub token, then the bucket
 * (Phase 0: HeadBucket, then HeadObject on each `s3://` artifact; HEAD requests only).
 */
export const PREFLIGHT_PROBES: readonly PreflightProbe[] = [jiraProbe, gitHubTokenProbe, s3Probe];

const LABEL = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skip: 'skip' } as const;

function renderText(root: string, result: PreflightResult): string {
  const width = Math.max(...result.steps.map((s) => s.title.length), 8);
  const lines = [`mlgov preflight — ${root}`];
  for (const s of result.steps) {
    lines.push(`  ${LABEL[s.status]}  ${s.title.padEnd(width)}  ${s.message}`);
    if (s.fix && s.status !== 'ok') lines.push(`        ${' '.repeat(width)}  fix: ${s.fix}`);
  }
  const failed = result.steps.filter((s) => s.status === 'fail').map((s) => s.title);
  lines.push(
    result.ok
      ? 'preflight: ready.'
      : `preflight: ${failed.length} step${failed.length === 1 ? '' : 's'} failed (${failed.join(', ')}); exit 2.`,
  );
  return lines.join('\n') + '\n';
}

function renderJson(result: PreflightResult): string {
  return (
    JSON.stringify(
      { tool: { name: 'mlgov', version: TOOL_VERSION }, ok: result.ok, failed: result.failed, steps: result.steps },
      null,
      2,
    ) + '\n'
  );
}

/** Builds the command; `probes` replaces the default probes (tests add their own). */
export function createPreflightCommand(options: { probes?: readonly PreflightProbe[] } = {}): CliCommand {
  return {
    name: 'preflight',
    usage: [
      'mlgov preflight [--repo DIR] [--base REF] [--policy FILE] [--offline] [--format text|json] [--output FILE]',
      '',
      'Checks everything the gate needs and reports every step on one line, even after a failure: the policy file',
      'parses and is schema-valid, the manifest parses, the git base revision resolves; Jira is configured',
      '(JIRA_BASE_URL + JIRA_EMAIL + JIRA_API_TOKEN for Cloud, or JIRA_PAT for Data Center), reachable, accepts the',
      "credentials (/myself), the policy's project exists and the manifest's ticket is readable; the GitHub token",
      'reads the repository and its pull requests. A step whose prerequisite failed says "not checked" and why.',
      '--offline runs only the local steps (the repository, and the Jira and GitHub settings in the environment)',
      'and prints one "skip" line for each network step. Exit 0 when nothing failed, 2 otherwise.',
    ].join('\n'),
    options: { ...commonOptions, base: { type: 'string' }, policy: { type: 'string' }, offline: { type: 'boolean' } },
    async run(args, io: CliIo) {
      const format = formatOption(args, ['text', 'json'] as const, 'text');
      const repoRoot = resolve(io.cwd, stringOption(args, 'repo') ?? '.');
      const baseRef = stringOption(args, 'base');
      const policyPath = stringOption(args, 'policy');
      const result = await runPreflight({
        repoRoot,
        env: io.env,
        offline: booleanOption(args, 'offline'),
        ...(baseRef !== undefined ? { baseRef } : {}),
        ...(policyPath !== undefined ? { policyPath } : {}),
        probes: options.probes ?? PREFLIGHT_PROBES,
      });
      const rendered = format === 'json' ? renderJson(result) : renderText(repoRoot, result);
      // Second line of defence: whatever a message carries, the credentials never leave in it.
      const text = redact(rendered, secretsOf(readJiraSettings(io.env)));
      await emitOutput(args, io, text);
      return result.ok ? 0 : 2;
    },
  };
}

export const preflightCommand: CliCommand = createPreflightCommand();
