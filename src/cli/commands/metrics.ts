import { resolve } from 'node:path';
import type { ManifestApproval } from '../../formats/manifest.js';
import type { EvaluationFormat, EvaluationPlan } from '../../metrics/evaluation-plan.js';
import { planEvaluationImport } from '../../metrics/evaluation-plan.js';
import { importEvaluation, type ImportedEvaluation } from '../../metrics/import-evaluation.js';
import { readWorkingManifest, recordedPath, writeRepositoryFile } from '../../metrics/working-manifest.js';
import { DEFAULT_POLICY_PATH } from '../../policy/read-policy.js';
import { booleanOption, stringOption, UsageError, type CliArgs, type CliCommand, type CliIo } from '../cli-io.js';

const FORMATS: readonly EvaluationFormat[] = ['backtest', 'predictions', 'scores'];

const usage = `mlgov metrics import FILE [--model NAME] [--format backtest|predictions|scores] [--dry-run] [--repo DIR] [--policy FILE]
                     [--label COL] [--score COL] [--positive-label VALUE] [--evaluated-at DATE]

Fills the manifest's evaluation from a file the training pipeline wrote (docs/training-outputs.md), and records the
file's path and SHA-256 under evaluation.source:
  backtest     backtest_results.json: {"backtest": {"mae", "rmse", "bias", "windows"[, "seasons"]}} -> evaluation.backtest
  predictions  CSV or Parquet with window, y_true, y_pred[, season]: MAE, RMSE, bias (y_pred - y_true) over every
               row, distinct windows, MAE/RMSE per season -> evaluation.backtest
  scores       CSV or Parquet with label, score: exact AUC (Mann-Whitney, ties count 1/2) -> evaluation.metrics.auc

  --format          the file's format (default: .json is backtest; else predictions with y_true and y_pred columns,
                    scores with a score column)
  --model NAME      refuse unless the manifest is NAME's
  --label, --score  scores: the column names (default label, score)
  --positive-label  scores: the label value of the positive class when labels are not 1/0
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

function report(io: CliIo, manifestPath: string, imported: ImportedEvaluation, plan: EvaluationPlan, dryRun: boolean) {
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
function evaluationTime(args: CliArgs, imported: ImportedEvaluation): string {
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
    const path = resolve(io.cwd, file);
    const label = stringOption(args, 'label');
    const score = stringOption(args, 'score');
    const positiveLabel = stringOption(args, 'positive-label');
    const imported = await importEvaluation(path, {
      ...(format !== undefined ? { format: format as EvaluationFormat } : {}),
      ...(label !== undefined ? { labelColumn: label } : {}),
      ...(score !== undefined ? { scoreColumn: score } : {}),
      ...(positiveLabel !== undefined ? { positiveLabel } : {}),
    });
    const evaluatedAt = evaluationTime(args, imported);
    const recorded = await recordedPath(repoRoot, path);
    if (!recorded.insideRepository) {
      imported.notes.push(
        `${file} is outside the repository: recorded by name with its SHA-256; keep the file where reviewers can check it`,
      );
    }
    const plan = planEvaluationImport(
      working.value,
      working.text,
      imported.part,
      { path: recorded.path, sha256: imported.sha256, format: imported.format },
      evaluatedAt,
    );
    if (plan.changes.length > 0 && !dryRun) await writeRepositoryFile(repoRoot, working.path, plan.text);
    report(io, working.path, imported, plan, dryRun);
    return 0;
  },
};
