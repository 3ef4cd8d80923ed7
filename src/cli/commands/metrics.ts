import { resolve } from 'node:path';
import type { ManifestApproval } from '../../formats/manifest.js';
import type { EvaluationPlan, InputFormat } from '../../metrics/evaluation-plan.js';
import { planEvaluationImport } from '../../metrics/evaluation-plan.js';
import { detectFormat, importEvaluation, type ImportOptions } from '../../metrics/import-evaluation.js';
import { evaluationBeforeTraining, importTrainingRun, planTrainingImport } from '../../metrics/training-run.js';
import { readWorkingManifest, recordedPath, writeRepositoryFile } from '../../metrics/working-manifest.js';
import { InputFileError } from '../../metrics/input-error.js';
import { fetchS3Source, isS3Url, type S3Source } from '../../metrics/s3-source.js';
import { DEFAULT_POLICY_PATH } from '../../policy/read-policy.js';
import { booleanOption, stringOption, UsageError, type CliArgs, type CliCommand, type CliIo } from '../cli-io.js';

const FORMATS: readonly InputFormat[] = ['backtest', 'predictions', 'scores', 'training-run'];

const usage = `mlgov metrics import FILE [--model NAME] [--format backtest|predictions|scores|training-run] [--dry-run] [--repo DIR]
                     [--policy FILE] [--label COL] [--score COL] [--prediction COL] [--positive-label VALUE]
                     [--evaluated-at DATE]

Fills the manifest's evaluation from a file the training pipeline wrote (docs/training-outputs.md), and records the
file's path and SHA-256 under evaluation.source. FILE may be s3://bucket/key[?versionId=…]: read through the policy's
s3 section and the AWS environment, hashed as it streams, recorded pinned to the version read (docs/s3.md).
  backtest     backtest_results.json: {"backtest": {"mae", "rmse", "bias", "windows"[, "seasons"]}} -> evaluation.backtest
  predictions  CSV or Parquet with window, y_true, y_pred[, season]: MAE, RMSE, bias (y_pred - y_true) over every
               row, distinct windows, MAE/RMSE per season -> evaluation.backtest
  scores       CSV or Parquet with label, score[, prediction]: exact AUC (Mann-Whitney, ties count 1/2) ->
               evaluation.metrics.auc; with a prediction column (the decision) also precision = TP/(TP+FP) and
               recall = TP/(TP+FN) -> evaluation.metrics.precision, .recall
  training-run the run record: {"pipeline", "runId", "runUrl", "triggeredBy", "startedAt", "finishedAt"} (or
               snake_case) -> provenance.training, its path and SHA-256 under provenance.training.source

  --format          the file's format (default: .json with runId/run_id is training-run, other .json backtest; else
                    predictions with y_true and y_pred columns, scores with a score column)
  --model NAME      refuse unless the manifest is NAME's
  --label, --score  scores: the column names (default label, score)
  --prediction COL  scores: the decision column (default prediction, used when present; required when named)
  --positive-label  scores: the label (and word decision) of the positive class when labels are not 1/0
  --evaluated-at DATE  when the evaluation ran, when the file does not say it (evaluated_at, generated_at or
                    timestamp in a backtest file); default: the file's modification time, never the time of the import
  --dry-run         show the changes without writing

Editing the manifest changes its digest, so every existing approval stops counting.
exit codes: 0 imported (or nothing to change), 2 the file or manifest could not be used (nothing written)`;

function approvalLine(a: ManifestApproval): string {
  return `  - ${a.approver} (${a.role}, ${a.decision} ${a.at})`;
}

function describeValue(v: unknown): string {
  if (v === undefined) return '(absent)';
  const text = JSON.stringify(v);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/** What was read, for the report's opening lines. */
interface ReadSummary {
  format: InputFormat;
  sha256: string;
  rows?: number;
  notes: string[];
  evaluatedAt?: { at: string; from: string };
}

function report(io: CliIo, manifestPath: string, imported: ReadSummary, plan: EvaluationPlan, dryRun: boolean) {
  const rows = imported.rows !== undefined ? `, ${imported.rows} row(s)` : '';
  io.stdout(`read ${imported.format} file (sha256 ${imported.sha256}${rows})\n`);
  for (const note of imported.notes) io.stdout(`note: ${note}\n`);
  if (imported.evaluatedAt) io.stdout(`evaluated at ${imported.evaluatedAt.at} (from ${imported.evaluatedAt.from})\n`);
  if (plan.changes.length === 0) {
    io.stdout(`${manifestPath} already holds these figures from this file; nothing written.\n`);
    return;
  }
  const lines = plan.changes.map((c) => `  ${c.pointer}: ${describeValue(c.from)} -> ${describeValue(c.to)}`);
  io.stdout(`${dryRun ? 'would update' : 'updated'} ${manifestPath}:\n${lines.join('\n')}\n`);
  io.stdout(`manifest digest: ${plan.digestBefore} -> ${plan.digestAfter}\n`);
  if (plan.voidedApprovals.length > 0) {
    io.stdout(
      `\nThe manifest digest changed, so ${dryRun ? 'these approvals would no longer count' : 'these approvals no longer count'} and must be renewed (mlgov approve):\n${plan.voidedApprovals.map(approvalLine).join('\n')}\n`,
    );
  }
  io.stdout(
    `\nnext: import the other outputs (mlgov metrics import FILE), compute the bias report (mlgov bias compute), then` +
      ` mlgov checksums --write, then the approvals last (each edit above voids approvals given before it).\n`,
  );
}

/**
 * When the evaluation ran: `--evaluated-at` when given (a file that states its own time wins over it only if they
 * agree; a disagreement is bad usage), else what the source says (src/metrics/import-evaluation.ts).
 */
function evaluationTime(args: CliArgs, imported: ReadSummary): string {
  const flag = stringOption(args, 'evaluated-at');
  if (flag === undefined) return imported.evaluatedAt!.at;
  const at = new Date(flag);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(flag))
    throw new UsageError(`--evaluated-at "${flag}" is not a date (use ISO 8601, e.g. 2026-11-18T06:00:00Z)`);
  const iso = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (
    imported.evaluatedAt &&
    !imported.evaluatedAt.from.includes('modification time') &&
    imported.evaluatedAt.at !== iso
  )
    throw new UsageError(
      `--evaluated-at ${iso} disagrees with ${imported.evaluatedAt.at}, which the file states (${imported.evaluatedAt.from})`,
    );
  imported.evaluatedAt = { at: iso, from: '--evaluated-at' };
  return iso;
}

function importOptions(args: CliArgs, format: InputFormat | undefined): ImportOptions {
  const label = stringOption(args, 'label');
  const score = stringOption(args, 'score');
  const prediction = stringOption(args, 'prediction');
  const positiveLabel = stringOption(args, 'positive-label');
  return {
    ...(format !== undefined ? { format } : {}),
    ...(label !== undefined ? { labelColumn: label } : {}),
    ...(score !== undefined ? { scoreColumn: score } : {}),
    ...(prediction !== undefined ? { predictionColumn: prediction } : {}),
    ...(positiveLabel !== undefined ? { positiveLabel } : {}),
  };
}

/** The training-run branch of the import: `provenance.training` from the run record, bound by its SHA-256. */
async function importRunRecord(io: CliIo, args: CliArgs, at: Omit<ImportTarget, 'options' | 's3'>): Promise<void> {
  if (stringOption(args, 'evaluated-at') !== undefined)
    throw new UsageError('--evaluated-at is about an evaluation; a training run record states its own times');
  const run = await importTrainingRun(at.path);
  const plan = planTrainingImport(at.working.value, at.working.text, run, { path: at.recorded, sha256: run.sha256 });
  const later = evaluationBeforeTraining(at.working.value, run);
  const notes = [...run.notes, ...plan.notes, ...at.notes];
  if (later !== undefined)
    notes.push(
      `training finished (${run.training.finishedAt}) after evaluation.evaluatedAt (${later}): import this run's evaluation next`,
    );
  if (plan.changes.length > 0 && !at.dryRun) await writeRepositoryFile(at.repoRoot, at.working.path, plan.text);
  report(io, at.working.path, { format: 'training-run', sha256: run.sha256, notes }, plan, at.dryRun);
}

/** Where one import reads from and writes to. */
interface ImportTarget {
  repoRoot: string;
  /** The file the importers read (for an s3:// source, its verified local copy). */
  path: string;
  /** How the manifest names it. */
  recorded: string;
  notes: string[];
  working: { path: string; value: unknown; text: string };
  dryRun: boolean;
  options: ImportOptions;
  /** Set when the file was read from a bucket. */
  s3?: S3Source;
}

/** Imports one file (a run record or an evaluation output) into the working manifest. */
async function importFile(io: CliIo, args: CliArgs, at: ImportTarget): Promise<void> {
  if ((await detectFormat(at.path, at.options)) === 'training-run') {
    await importRunRecord(io, args, at);
    return;
  }
  const imported = await importEvaluation(at.path, at.options);
  if (at.s3) s3Provenance(imported, at.s3, stringOption(args, 'evaluated-at'));
  const evaluatedAt = evaluationTime(args, imported);
  imported.notes.push(...at.notes);
  const plan = planEvaluationImport(
    at.working.value,
    at.working.text,
    imported.part,
    { path: at.recorded, sha256: imported.sha256, format: imported.format },
    evaluatedAt,
  );
  if (plan.changes.length > 0 && !at.dryRun) await writeRepositoryFile(at.repoRoot, at.working.path, plan.text);
  report(io, at.working.path, imported, plan, at.dryRun);
}

/**
 * An evaluation read from a bucket: its bytes are the ones the adapter hashed (a second hash of the local copy must
 * agree), and a file that states no time was written when it was uploaded (the object's LastModified), never when
 * it was downloaded.
 */
function s3Provenance(imported: ReadSummary, source: S3Source, flag: string | undefined): void {
  if (imported.sha256 !== source.sha256)
    throw new InputFileError(
      'S3_SOURCE_UNREADABLE',
      `${source.recorded} changed on this machine while it was imported`,
      'Run the import again.',
    );
  if (!imported.evaluatedAt?.from.includes('modification time')) return;
  if (source.lastModified) {
    imported.evaluatedAt = { at: imported.evaluatedAt.at, from: "the S3 object's LastModified" };
  } else if (flag === undefined) {
    throw new InputFileError(
      'S3_SOURCE_UNREADABLE',
      `${source.recorded} states no evaluation time and the store gave no LastModified`,
      'Pass --evaluated-at DATE: when the evaluation ran.',
    );
  }
}

/** `mlgov metrics import FILE`: fill the manifest's evaluation from a training output, bound by its SHA-256. */
export const metricsCommand: CliCommand = {
  name: 'metrics',
  usage,
  options: {
    repo: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    format: { type: 'string' },
    model: { type: 'string' },
    policy: { type: 'string' },
    label: { type: 'string' },
    score: { type: 'string' },
    prediction: { type: 'string' },
    'positive-label': { type: 'string' },
    'dry-run': { type: 'boolean' },
    'evaluated-at': { type: 'string' },
  },
  allowPositionals: true,
  async run(args, io) {
    const [sub, file, ...extra] = args.positionals;
    if (sub !== 'import') throw new UsageError('say what to do: mlgov metrics import FILE');
    if (file === undefined) throw new UsageError('name the file to import: mlgov metrics import FILE');
    if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra[0]}`);
    const format = stringOption(args, 'format');
    if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format ${format} is not an input format; use one of: ${FORMATS.join(', ')}`);
    }
    const repoRoot = resolve(io.cwd, stringOption(args, 'repo') ?? '.');
    const dryRun = booleanOption(args, 'dry-run');
    const working = await readWorkingManifest(
      repoRoot,
      stringOption(args, 'policy') ?? DEFAULT_POLICY_PATH,
      stringOption(args, 'model'),
    );
    const options = importOptions(args, format as InputFormat | undefined);
    if (!isS3Url(file)) {
      const path = resolve(io.cwd, file);
      const recorded = await recordedPath(repoRoot, path);
      const outside = recorded.insideRepository
        ? []
        : [
            `${file} is outside the repository: recorded by name with its SHA-256; keep the file where reviewers can check it`,
          ];
      await importFile(io, args, { repoRoot, path, recorded: recorded.path, notes: outside, working, dryRun, options });
      return 0;
    }
    const source = await fetchS3Source(file, working.policy.s3, { env: io.env });
    try {
      const at = { repoRoot, path: source.file, recorded: source.recorded, notes: source.notes, working, dryRun };
      await importFile(io, args, { ...at, options, s3: source });
    } catch (err) {
      throw source.rename(err);
    } finally {
      await source.remove();
    }
    return 0;
  },
};
