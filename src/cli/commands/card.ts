import { resolve } from 'node:path';
import { writeFileAtomic } from '../../adapters/atomic-file.js';
import { ticketSourceFromEnvironment } from '../../adapters/jira-ticket-source.js';
import { readRelease } from '../../export/read-release.js';
import { renderCardHtml, renderCardMarkdown } from '../../render/card.js';
import { TOOL_VERSION } from '../../version.js';
import {
  booleanOption,
  CliError,
  commonOptions,
  formatOption,
  stringOption,
  UsageError,
  type CliCommand,
} from '../cli-io.js';

/** `md` and `markdown` are the same format (DESIGN.md §5 says `md`; `check` says `markdown`). */
const CARD_FORMATS = ['md', 'markdown', 'html'] as const;

/**
 * The time written into generated documents: `SOURCE_DATE_EPOCH` when set (the reproducible-builds convention, so
 * the same release gives the same bytes in CI and in docs), else the clock.
 */
export function generationTime(env: Record<string, string | undefined>): Date {
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch))
      throw new UsageError(`SOURCE_DATE_EPOCH="${epoch}" is not a number of seconds since 1970`);
    return new Date(Number(epoch) * 1000);
  }
  return new Date();
}

/** Jira for `--online`: as `mlgov check` configures it from the environment; offline by default. */
export function jiraFromEnvironment(online: boolean, env: Record<string, string | undefined>) {
  if (!online) return {};
  const jira = ticketSourceFromEnvironment(env);
  return { jira: jira.kind === 'configured' ? { source: jira.source } : { problem: jira } };
}

export const cardCommand: CliCommand = {
  name: 'card',
  summary: 'model card (Markdown or self-contained HTML) from the manifest, evaluation, bias report and approvals',
  usage: [
    'mlgov card [--format md|html] [--output FILE] [--repo DIR] [--base REF] [--policy FILE] [--online]',
    '',
    '  --format md|html  Markdown (default) or one self-contained HTML page (inline CSS and SVG, printable)',
    '  --output FILE     write the card to FILE instead of standard output',
    '  --base REF        the previous release to compare metrics with (default: merge-base with the default branch)',
    '  --policy FILE     repository-relative policy path (default .github/governance-policy.yml)',
    '  --online          also look the Jira ticket up (JIRA_* environment, as `mlgov check`); default offline',
    '',
    'SOURCE_DATE_EPOCH, when set, is the generation time written in the card.',
    'exit codes: 0 written, 2 the release could not be read (the reason and the fix are printed)',
  ].join('\n'),
  options: {
    ...commonOptions,
    base: { type: 'string' },
    policy: { type: 'string' },
    online: { type: 'boolean' },
  },
  async run(args, io) {
    const format = formatOption(args, CARD_FORMATS, 'md');
    const online = booleanOption(args, 'online');
    const now = generationTime(io.env);
    const baseRef = stringOption(args, 'base');
    const policyPath = stringOption(args, 'policy');
    const read = await readRelease({
      repoRoot: resolve(io.cwd, stringOption(args, 'repo') ?? '.'),
      now,
      offline: !online,
      ...jiraFromEnvironment(online, io.env),
      ...(baseRef !== undefined ? { baseRef } : {}),
      ...(policyPath !== undefined ? { policyPath } : {}),
    });
    if (read.kind === 'unusable') throw new CliError(read.reason, read.fix);
    for (const w of read.warnings) io.stderr(`mlgov: warning: ${w}\n`);
    const input = { ...read.documents, generatedAt: now.toISOString(), toolVersion: TOOL_VERSION };
    const text = format === 'html' ? renderCardHtml(input) : renderCardMarkdown(input);
    const output = stringOption(args, 'output');
    if (output) {
      await writeFileAtomic(resolve(io.cwd, output), text);
      io.stderr(`mlgov: model card written to ${output}\n`);
    } else {
      io.stdout(text);
    }
    return 0;
  },
};
