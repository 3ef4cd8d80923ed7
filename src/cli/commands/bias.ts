import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { writeFileAtomic } from '../../adapters/atomic-file.js';
import { isWithin, readRepositoryFile } from '../../adapters/repository-path.js';
import { roundForMessage } from '../../checks/bias-metrics.js';
import type { BiasReport } from '../../formats/bias-report.js';
import { parseJsonDocument } from '../../formats/json-document.js';
import { countPredictions, recordedInput, withPredictionsListed } from '../../fairness/compute-bias.js';
import { editJsonText } from '../../formats/json-text-edit.js';
import { buildBiasReport } from '../../fairness/group-counts.js';
import { defaultDatasetName } from '../../metrics/table-reader.js';
import { readWorkingManifest, writeRepositoryFile } from '../../metrics/working-manifest.js';
import { DEFAULT_POLICY_PATH } from '../../policy/read-policy.js';
import { TOOL_VERSION } from '../../version.js';
import { generationTime } from '../command-support.js';
import {
  booleanOption,
  formatOption,
  requireOption,
  stringOption,
  UsageError,
  type CliCommand,
  type CliIo,
} from '../cli-io.js';
import { isObject } from '../../formats/json-object.js';

const usage = `mlgov bias compute --predictions FILE.csv|FILE.parquet --label COL --prediction COL --attribute COL [--attribute COL...]
                  [--positive-label VALUE] [--out PATH] [--dataset NAME] [--model NAME] [--dry-run] [--format text|json]
                  [--repo DIR] [--policy FILE]

Writes the bias report (schemas/bias-report.schema.json) from a predictions file, streamed once: per group of each
attribute n, selection rate, TPR and FPR with their denominators, rows with no value (missing), and over all groups
demographic_parity_difference (max - min selection rate), disparate_impact_ratio (min / max selection rate,
Fairlearn's demographic_parity_ratio), equalized_odds_difference (the larger of the TPR and FPR spreads),
true/false_positive_rate_difference; dataset.rows and dataset.sha256 name the predictions exactly.

  --label, --prediction  columns of the true label and the model's decision (1/0 or true/false, or see below)
  --attribute            a protected attribute column; repeat for each
  --positive-label       the value of the positive class when the columns hold words (e.g. fraud)
  --out PATH             where to write (default: the policy's model.biasReport); relative to the current directory
  --dataset NAME         dataset.name (default: the predictions file's name)
  --model NAME           refuse unless the manifest is NAME's
  --dry-run              compute and show, write nothing

exit codes: 0 written, 2 the predictions or the manifest could not be used (nothing written)`;

/**
 * The output path relative to the repository when it is inside it (lexically: the folder may not exist yet), so the
 * write goes through the repository's safe-write rule; undefined for a path outside.
 */
function repositoryRelative(repoRoot: string, outAbs: string): string | undefined {
  if (outAbs === repoRoot || !isWithin(repoRoot, outAbs)) return undefined;
  return relative(repoRoot, outAbs).split(sep).join('/');
}

/** The report being replaced, if any: its thresholds are carried over and its approvals are listed as voided. */
async function previousReport(
  repoRoot: string,
  outRel: string | undefined,
  outAbs: string,
): Promise<BiasReport | undefined> {
  let bytes: Buffer | undefined;
  if (outRel !== undefined) {
    const read = await readRepositoryFile(repoRoot, outRel);
    bytes = read.kind === 'file' ? read.bytes : undefined;
  } else {
    bytes = await readFile(outAbs).catch(() => undefined);
  }
  if (!bytes) return undefined;
  const doc = parseJsonDocument(outRel ?? outAbs, bytes);
  return isObject(doc.value) ? (doc.value as unknown as BiasReport) : undefined;
}

function attributesOption(args: Parameters<CliCommand['run']>[0]): string[] {
  const raw = args.values['attribute'];
  const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (v): v is string => typeof v === 'string',
  );
  if (list.length === 0) throw new UsageError('--attribute is required: name each protected attribute column');
  return list;
}

function summaryText(report: BiasReport, out: string, dryRun: boolean): string {
  const lines = [
    `${dryRun ? 'would write' : 'wrote'} ${out}: ${report.dataset?.rows ?? 0} row(s), sha256 ${report.dataset?.sha256 ?? ''}`,
  ];
  for (const a of report.attributes) {
    const m = a.metrics;
    const show = (v: number | null | undefined) => (typeof v === 'number' ? roundForMessage(v) : 'undefined');
    lines.push(
      `  ${a.name}: ${a.groups.length} group(s), ${a.missing ?? 0} missing; ` +
        `demographic_parity_difference ${show(m.demographic_parity_difference)}, ` +
        `disparate_impact_ratio ${show(m.disparate_impact_ratio)}, equalized_odds_difference ${show(m.equalized_odds_difference)}`,
    );
  }
  return lines.join('\n') + '\n';
}

function nextSteps(
  io: CliIo,
  previous: BiasReport | undefined,
  manifestReport: unknown,
  outRel: string | undefined,
): void {
  // The replaced report is the author's file: list only well-formed entries, never fail on a malformed one.
  const voided = (Array.isArray(previous?.approvals) ? previous.approvals : []).filter((a) => isObject(a));
  if (voided.length > 0) {
    io.stdout(
      `\nThe report was replaced, so its review no longer counts and must be renewed (mlgov approve --target bias-report):\n` +
        voided.map((a) => `  - ${a.approver} (${a.role}, ${a.decision} ${a.at})`).join('\n') +
        '\n',
    );
  }
  if (outRel !== undefined && manifestReport !== outRel) {
    io.stdout(`\nnote: the manifest's biasReport.path is ${JSON.stringify(manifestReport)}, not ${outRel}\n`);
  }
  io.stdout(
    "\nnext: mlgov checksums --write (sets biasReport.sha256; it changes the manifest digest, so it voids the manifest's approvals)," +
      ' then the fairness review (mlgov approve --target bias-report) and the approvals last; mlgov check judges the figures.\n',
  );
}

/** `mlgov bias compute`: the bias report from a predictions file, bound to it by its SHA-256. */
export const biasCommand: CliCommand = {
  name: 'bias',
  usage,
  options: {
    repo: { type: 'string' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    predictions: { type: 'string' },
    label: { type: 'string' },
    prediction: { type: 'string' },
    attribute: { type: 'string', multiple: true },
    'positive-label': { type: 'string' },
    out: { type: 'string' },
    dataset: { type: 'string' },
    model: { type: 'string' },
    policy: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  allowPositionals: true,
  async run(args, io) {
    const [sub, ...extra] = args.positionals;
    if (sub !== 'compute') throw new UsageError('say what to do: mlgov bias compute --predictions FILE ...');
    if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra[0]}`);
    const format = formatOption(args, ['text', 'json'] as const, 'text');
    const predictions = resolve(io.cwd, requireOption(args, 'predictions'));
    const labelColumn = requireOption(args, 'label');
    const predictionColumn = requireOption(args, 'prediction');
    const attributes = attributesOption(args);
    const positiveLabel = stringOption(args, 'positive-label');
    const dryRun = booleanOption(args, 'dry-run');
    const repoRoot = resolve(io.cwd, stringOption(args, 'repo') ?? '.');
    const working = await readWorkingManifest(
      repoRoot,
      stringOption(args, 'policy') ?? DEFAULT_POLICY_PATH,
      stringOption(args, 'model'),
    );
    const outOption = stringOption(args, 'out');
    const outAbs =
      outOption !== undefined ? resolve(io.cwd, outOption) : resolve(repoRoot, working.policy.model.biasReport);
    const outRel = repositoryRelative(repoRoot, outAbs);

    const counts = await countPredictions({
      path: predictions,
      labelColumn,
      predictionColumn,
      attributes,
      ...(positiveLabel !== undefined ? { positiveLabel } : {}),
    });
    const previous = await previousReport(repoRoot, outRel, outAbs);
    const m = working.value;
    const report = buildBiasReport(
      {
        model: { name: String(m['name']), version: String(m['version']) },
        generatedAt: generationTime(io.env)
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
        generator: { name: 'mlgov', version: TOOL_VERSION },
        dataset: {
          name: stringOption(args, 'dataset') ?? defaultDatasetName(predictions),
          rows: counts.table.rows,
          sha256: counts.table.sha256,
          // Which file and columns, so the gate can recount the predictions when the manifest lists them.
          ...recordedInput(
            { labelColumn, predictionColumn, ...(positiveLabel !== undefined ? { positiveLabel } : {}) },
            repositoryRelative(repoRoot, predictions),
          ),
        },
        positiveLabel: positiveLabelName(counts.positiveLabel, positiveLabel, previous),
        ...(working.policy.bias.favorableLabel ? { favorableLabel: working.policy.bias.favorableLabel } : {}),
        ...(typeof previous?.$schema === 'string' ? { schemaRef: previous.$schema } : {}),
        ...(isObject(previous?.thresholds) ? { thresholds: previous.thresholds } : {}),
      },
      counts.attributes,
    );
    const text = JSON.stringify(report, null, 2) + '\n';
    // The predictions inside the repository are listed among the manifest's artifacts, so the gate recounts the
    // groups from them instead of taking the report's figures as given.
    const predictionsPath = repositoryRelative(repoRoot, predictions);
    const listed =
      predictionsPath !== undefined
        ? withPredictionsListed(m, { path: predictionsPath, sha256: counts.table.sha256, size: counts.table.size })
        : undefined;
    if (!dryRun) {
      if (outRel !== undefined) await writeRepositoryFile(repoRoot, outRel, text);
      else await writeFileAtomic(outAbs, text);
      if (listed)
        await writeRepositoryFile(repoRoot, working.path, editJsonText(working.doc, working.text, [], listed));
    }
    const shown = outRel ?? outAbs;
    if (format === 'json') {
      io.stdout(JSON.stringify({ out: shown, written: !dryRun, report }, null, 2) + '\n');
      return 0;
    }
    io.stdout(summaryText(report, shown, dryRun));
    if (listed)
      io.stdout(`${dryRun ? 'would list' : 'listed'} ${predictionsPath} among the artifacts of ${working.path}\n`);
    const manifestReport = isObject(m['biasReport']) ? m['biasReport']['path'] : undefined;
    if (!dryRun) nextSteps(io, previous, manifestReport, outRel);
    return 0;
  },
};

/**
 * The name the report gives the positive class. With 0/1 labels the file says only "1"; the report being replaced
 * names what 1 means (e.g. "fraud"), and the gate holds a new report to production's positive label, so that name is
 * kept. A label named with --positive-label is written as given.
 */
function positiveLabelName(counted: string, asked: string | undefined, previous: unknown): string {
  const before = isObject(previous) ? previous['positiveLabel'] : undefined;
  return asked === undefined && counted === '1' && typeof before === 'string' && before !== '' ? before : counted;
}
