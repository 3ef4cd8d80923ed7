import { renderCycloneDxJson } from '../../export/cyclonedx.js';
import { buildInTotoStatement, InvalidSubjectError } from '../../export/in-toto.js';
import { artifactMismatches } from '../../export/read-release.js';
import { TOOL_VERSION } from '../../version.js';
import {
  booleanOption,
  CliError,
  commonOptions,
  formatOption,
  requireOption,
  UsageError,
  type CliCommand,
} from '../cli-io.js';
import {
  emitOutput,
  generationTime,
  MODEL_USAGE,
  modelOption,
  readReleaseFromArgs,
  releaseOptions,
} from '../command-support.js';

const EXPORT_FORMATS = ['cyclonedx', 'in-toto'] as const;

export const exportCommand: CliCommand = {
  name: 'export',
  usage: [
    'mlgov export --format cyclonedx|in-toto [--output FILE] [--repo DIR] [--base REF] [--policy FILE] [--online]',
    '             [--model NAME] [--predicate-only]',
    '',
    '  --format cyclonedx  CycloneDX 1.6 ML-BOM (JSON): model card, datasets, artifact hashes, provenance',
    '  --format in-toto    in-toto Statement v1: subjects = the artifacts (sha256), predicate = the governance',
    '                      verdict (predicateType https://mlgov.dev/governance-verdict/v1); sign it with cosign or',
    '                      actions/attest (docs/exports.md)',
    '  --predicate-only    in-toto: print only the predicate (for `cosign attest-blob --predicate` and actions/attest)',
    '  --output FILE       write to FILE instead of standard output',
    '  --base REF          the previous release (default: the tip of the default branch)',
    '  --policy FILE       repository-relative policy path (default .github/governance-policy.yml)',
    '  --online            also look the Jira ticket up (JIRA_* environment, as `mlgov check`); default offline',
    MODEL_USAGE,
    '',
    'The artifacts on disk must match the manifest: an export never describes files that are not there.',
    'SOURCE_DATE_EPOCH, when set, is the generation time written in the BOM.',
    'exit codes: 0 written, 2 the release could not be read or its artifacts do not match (reason and fix printed)',
  ].join('\n'),
  options: { ...commonOptions, ...releaseOptions, 'predicate-only': { type: 'boolean' } },
  async run(args, io) {
    requireOption(args, 'format');
    const format = formatOption(args, EXPORT_FORMATS, 'cyclonedx');
    const predicateOnly = booleanOption(args, 'predicate-only');
    if (predicateOnly && format !== 'in-toto')
      throw new UsageError('--predicate-only applies to --format in-toto only');
    const model = modelOption(args);
    const writeChecksums = `mlgov checksums --write${model !== undefined ? ` --model ${model}` : ''}`;
    const now = generationTime(io.env);
    const read = await readReleaseFromArgs(args, io, now);
    if (read.kind === 'unusable') throw new CliError(read.reason, read.fix);
    // An export states digests to the outside world (a BOM, a signed attestation): it must not state digests the
    // files do not have. The gate reports the same mismatch as a `checksums` finding.
    const mismatches = artifactMismatches(read.ctx, read.documents.manifest);
    if (mismatches.length > 0) {
      throw new CliError(
        `the artifacts do not match the manifest:\n  ${mismatches.join('\n  ')}`,
        `restore the files, or run \`${writeChecksums}\` and have the release approved again`,
      );
    }
    for (const w of read.warnings) io.stderr(`mlgov: warning: ${w}\n`);

    let text: string;
    if (format === 'cyclonedx') {
      text = renderCycloneDxJson({ ...read.documents, generatedAt: now.toISOString(), toolVersion: TOOL_VERSION });
    } else {
      try {
        const statement = buildInTotoStatement(read.documents);
        text = JSON.stringify(predicateOnly ? statement.predicate : statement, null, 2) + '\n';
      } catch (err) {
        if (err instanceof InvalidSubjectError) {
          throw new CliError(err.message, `run \`${writeChecksums}\` to fill in the digests`, 2, { cause: err });
        }
        throw err;
      }
    }
    await emitOutput(args, io, text, `${format} export`);
    return 0;
  },
};
