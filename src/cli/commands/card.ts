import { renderCardHtml, renderCardMarkdown } from '../../render/card.js';
import { TOOL_VERSION } from '../../version.js';
import { CliError, commonOptions, formatOption, type CliCommand } from '../cli-io.js';
import { emitOutput, generationTime, MODEL_USAGE, readReleaseFromArgs, releaseOptions } from '../command-support.js';

/** `md` and `markdown` are the same format (`card` has always said `md`; `check` says `markdown`). */
const CARD_FORMATS = ['md', 'markdown', 'html'] as const;

export const cardCommand: CliCommand = {
  name: 'card',
  usage: [
    'mlgov card [--format md|html] [--output FILE] [--repo DIR] [--model NAME] [--base REF] [--policy FILE] [--online]',
    '',
    '  --format md|html  Markdown (default) or one self-contained HTML page (inline CSS and SVG, printable)',
    '  --output FILE     write the card to FILE instead of standard output',
    '  --base REF        the previous release to compare metrics with (default: the tip of the default branch)',
    '  --policy FILE     repository-relative policy path (default .github/governance-policy.yml)',
    '  --online          also look the Jira ticket up (JIRA_* environment, as `mlgov check`); default offline',
    MODEL_USAGE,
    '',
    'SOURCE_DATE_EPOCH, when set, is the generation time written in the card.',
    'exit codes: 0 written, 2 the release could not be read (the reason and the fix are printed)',
  ].join('\n'),
  options: { ...commonOptions, ...releaseOptions },
  async run(args, io) {
    const format = formatOption(args, CARD_FORMATS, 'md');
    const now = generationTime(io.env);
    const read = await readReleaseFromArgs(args, io, now);
    if (read.kind === 'unusable') throw new CliError(read.reason, read.fix);
    for (const w of read.warnings) io.stderr(`mlgov: warning: ${w}\n`);
    const input = { ...read.documents, generatedAt: now.toISOString(), toolVersion: TOOL_VERSION };
    const text = format === 'html' ? renderCardHtml(input) : renderCardMarkdown(input);
    await emitOutput(args, io, text, 'model card');
    return 0;
  },
};
