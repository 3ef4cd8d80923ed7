/**
 * Reads one training output and computes the part of the manifest's evaluation it gives (docs/training-outputs.md):
 * a backtest results file, per-window predictions, or labels and scores. The file's SHA-256 is taken from the same
 * bytes the figures come from.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseJsonDocument } from '../formats/json-document.js';
import type { Backtest, SeasonMetrics } from '../formats/manifest.js';
import { at, type ParsedDocument } from '../formats/parsed-document.js';
import { BinaryLabels, BinaryPredictions } from './binary-labels.js';
import { ConfusionCounts, ForecastErrors, numberIn, ScoreCollector } from './evaluation-metrics.js';
import type { EvaluationFormat, EvaluationPart, InputFormat } from './evaluation-plan.js';
import { InputFileError } from './input-error.js';
import { readTable, tableColumns } from './table-reader.js';
import { isTrainingRun } from './training-run.js';

export interface ImportedEvaluation {
  part: EvaluationPart;
  sha256: string;
  format: EvaluationFormat;
  /** Rows read (tables); undefined for a backtest results file. */
  rows?: number;
  /** What a user should know about the figures (e.g. ignored members). */
  notes: string[];
  /**
   * When the figures were computed, as the source says (a timestamp the file states, else its modification time),
   * never the time of the import: re-importing week-old metrics must not make them look fresh to the 7-day rule.
   */
  evaluatedAt?: { at: string; from: string };
}

/** Members of backtest_results.json (top level or in "backtest") that say when the evaluation ran. */
const TIME_MEMBERS = ['evaluated_at', 'evaluatedAt', 'generated_at', 'generatedAt', 'timestamp'];

export interface ImportOptions {
  format?: InputFormat;
  /** Scores: the label column (default `label`) and the score column (default `score`). */
  labelColumn?: string;
  scoreColumn?: string;
  /** Scores: the decision column for precision and recall (default `prediction`, read when present). */
  predictionColumn?: string;
  positiveLabel?: string;
}

/** Bounds of the manifest schema on `evaluation.backtest.seasons`. */
const MAX_SEASONS = 100;
const MAX_SEASON_NAME = 128;
const BACKTEST_MEMBERS = ['mae', 'rmse', 'bias', 'windows', 'seasons'];

/**
 * The format of a file: `--format`, else a `.json` with `runId`/`run_id` at the top level is a training run record
 * and any other `.json` backtest results, else the columns of the table decide.
 */
export async function detectFormat(path: string, options: ImportOptions): Promise<InputFormat> {
  if (options.format) return options.format;
  if (extname(path).toLowerCase() === '.json') return (await jsonIsTrainingRun(path)) ? 'training-run' : 'backtest';
  const columns = await tableColumns(path);
  if (columns.includes('y_true') && columns.includes('y_pred')) return 'predictions';
  if (columns.includes(options.scoreColumn ?? 'score')) return 'scores';
  throw new InputFileError(
    'FORMAT_UNKNOWN',
    `${path} is neither per-window predictions (columns y_true, y_pred) nor scores (column ${options.scoreColumn ?? 'score'}); its columns are: ${columns.join(', ')}`,
    'Pass --format backtest|predictions|scores|training-run, or name the columns as docs/training-outputs.md describes.',
  );
}

/** Whether a `.json` file is a run record; an unreadable or malformed file is left to the backtest reader to refuse. */
async function jsonIsTrainingRun(path: string): Promise<boolean> {
  try {
    return isTrainingRun(parseJsonDocument(path, await readFile(path)).value);
  } catch {
    return false;
  }
}

function backtestProblem(doc: ParsedDocument, ptr: string, message: string): InputFileError {
  const where = at(doc, ptr);
  return new InputFileError(
    'BACKTEST_INVALID',
    `${doc.file}:${where.line ?? 1}: ${ptr || '(root)'} ${message}`,
    'Write backtest_results.json as {"backtest": {"mae": …, "rmse": …, "bias": …, "windows": …}} (docs/training-outputs.md).',
  );
}

function nonNegative(doc: ParsedDocument, v: unknown, ptr: string, integer = false): number {
  if (typeof v !== 'number' || v < 0 || (integer && !Number.isInteger(v))) {
    throw backtestProblem(doc, ptr, `must be a ${integer ? 'whole number' : 'number'} of at least 0`);
  }
  return v;
}

function seasonsOf(doc: ParsedDocument, v: unknown): Record<string, SeasonMetrics> {
  const ptr = '/backtest/seasons';
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw backtestProblem(doc, ptr, 'must be an object');
  const out: Record<string, SeasonMetrics> = {};
  for (const [name, m] of Object.entries(v)) {
    const sp = `${ptr}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (typeof m !== 'object' || m === null || Array.isArray(m)) throw backtestProblem(doc, sp, 'must be an object');
    const { mae, rmse } = m as Record<string, unknown>;
    out[name] = {
      ...(mae !== undefined ? { mae: nonNegative(doc, mae, `${sp}/mae`) } : {}),
      ...(rmse !== undefined ? { rmse: nonNegative(doc, rmse, `${sp}/rmse`) } : {}),
    };
  }
  return out;
}

/** The users' `backtest_results.json`: `{"backtest": {mae, rmse, bias, windows[, seasons]}}`, strictly parsed. */
export async function importBacktestResults(path: string): Promise<ImportedEvaluation> {
  let bytes: Buffer;
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file');
    bytes = await readFile(path);
  } catch {
    throw new InputFileError(
      'INPUT_UNREADABLE',
      `${path} could not be read`,
      'Pass the path of backtest_results.json.',
    );
  }
  const doc = parseJsonDocument(path, bytes);
  if (doc.problems.length > 0) {
    const p = doc.problems[0]!;
    throw new InputFileError('BACKTEST_INVALID', `${path}:${p.line ?? 1}: ${p.message}`, p.fix);
  }
  const root = doc.value as Record<string, unknown> | undefined;
  const b = root && typeof root === 'object' && !Array.isArray(root) ? root['backtest'] : undefined;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) {
    throw backtestProblem(doc, '/backtest', 'is missing: the file must hold a "backtest" object');
  }
  const raw = b as Record<string, unknown>;
  for (const required of ['mae', 'rmse', 'windows']) {
    if (raw[required] === undefined) throw backtestProblem(doc, `/backtest/${required}`, 'is missing');
  }
  const backtest: Backtest = {
    mae: nonNegative(doc, raw['mae'], '/backtest/mae'),
    rmse: nonNegative(doc, raw['rmse'], '/backtest/rmse'),
    windows: nonNegative(doc, raw['windows'], '/backtest/windows', true),
  };
  if (raw['bias'] !== undefined) {
    if (typeof raw['bias'] !== 'number') throw backtestProblem(doc, '/backtest/bias', 'must be a number');
    backtest.bias = raw['bias'];
  }
  if (raw['seasons'] !== undefined) backtest.seasons = seasonsOf(doc, raw['seasons']);
  checkSeasons(path, backtest);
  const stated = statedTime(doc, root!, raw);
  const ignored = Object.keys(raw).filter((k) => !BACKTEST_MEMBERS.includes(k) && !TIME_MEMBERS.includes(k));
  return {
    part: { kind: 'backtest', backtest },
    sha256: doc.sha256,
    format: 'backtest',
    notes: ignored.length ? [`ignored members of "backtest": ${ignored.join(', ')}`] : [],
    ...(stated ? { evaluatedAt: stated } : {}),
  };
}

/** The evaluation time a backtest results file states (top level, then in "backtest"); a bad date is an error. */
function statedTime(
  doc: ParsedDocument,
  root: Record<string, unknown>,
  backtest: Record<string, unknown>,
): { at: string; from: string } | undefined {
  for (const [where, holder] of [
    ['', root],
    ['/backtest', backtest],
  ] as const) {
    const member = TIME_MEMBERS.find((k) => holder[k] !== undefined);
    if (member === undefined) continue;
    const value = holder[member];
    const at = typeof value === 'string' ? new Date(value) : undefined;
    if (!at || Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value as string))
      throw backtestProblem(doc, `${where}/${member}`, 'must be an ISO 8601 date-time, e.g. 2026-11-18T06:00:00Z');
    return { at: isoSeconds(at), from: `${where}/${member} of the file` };
  }
  return undefined;
}

const isoSeconds = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The manifest schema's bounds on seasons, checked before anything is written. */
function checkSeasons(path: string, backtest: Backtest): void {
  const names = Object.keys(backtest.seasons ?? {});
  const long = names.find((n) => n.length > MAX_SEASON_NAME);
  if (names.length > MAX_SEASONS || long !== undefined) {
    throw new InputFileError(
      'SEASONS_TOO_MANY',
      long !== undefined
        ? `${path}: season name "${long.slice(0, 40)}…" is longer than ${MAX_SEASON_NAME} characters`
        : `${path}: ${names.length} seasons; the manifest holds at most ${MAX_SEASONS}`,
      'Use a season column with a few named seasons (e.g. summer, winter), not dates.',
    );
  }
}

/** Per-window predictions: MAE, RMSE and bias over every row, distinct windows, and per-season MAE/RMSE. */
export async function importPredictions(path: string): Promise<ImportedEvaluation> {
  const errors = new ForecastErrors();
  let hasSeason = false;
  const table = await readTable(
    path,
    ['window', 'season', 'y_true', 'y_pred'],
    (row) => {
      const yTrue = numberIn(row.text(2), 'y_true');
      const yPred = numberIn(row.text(3), 'y_pred');
      errors.add(row.text(0), hasSeason ? row.text(1) : undefined, yTrue, yPred);
    },
    {
      optional: ['season'],
      onColumns: (present) => {
        hasSeason = present[1]!;
      },
    },
  );
  if (table.rows === 0) {
    throw new InputFileError('INPUT_EMPTY', `${path} has no rows`, 'Import the predictions of every backtest window.');
  }
  const backtest = errors.backtest();
  checkSeasons(path, backtest);
  return {
    part: { kind: 'backtest', backtest },
    sha256: table.sha256,
    format: 'predictions',
    rows: table.rows,
    notes: hasSeason ? [] : ['no "season" column: evaluation.backtest has no seasons'],
  };
}

/**
 * Labels and scores: the exact AUC (Mann–Whitney, ties counting one half); with a decision column (`prediction`)
 * also precision = TP / (TP + FP) and recall = TP / (TP + FN), positives read as for the label.
 */
export async function importScores(path: string, options: ImportOptions): Promise<ImportedEvaluation> {
  const labelColumn = options.labelColumn ?? 'label';
  const scoreColumn = options.scoreColumn ?? 'score';
  const predictionColumn = options.predictionColumn ?? 'prediction';
  const labels = new BinaryLabels(options.positiveLabel);
  const decisions = new BinaryPredictions(options.positiveLabel);
  const scores = new ScoreCollector();
  const confusion = new ConfusionCounts();
  let hasDecisions = false;
  const table = await readTable(
    path,
    [labelColumn, scoreColumn, predictionColumn],
    (row) => {
      const positive = labels.isPositive(row.text(0), labelColumn);
      scores.add(positive, numberIn(row.text(1), scoreColumn));
      if (hasDecisions) confusion.add(positive, decisions.isPositive(row.text(2), predictionColumn));
    },
    {
      // A column the user named must be there; the default one is read when the pipeline wrote it.
      optional: options.predictionColumn === undefined ? [predictionColumn] : [],
      onColumns: (present) => {
        hasDecisions = present[2]!;
      },
    },
  );
  const auc = scores.auc();
  if (auc === undefined) {
    const { positives, negatives } = scores.counts;
    throw new InputFileError(
      'AUC_UNDEFINED',
      `${path} has ${positives} positive and ${negatives} negative row(s); the AUC needs at least one of each`,
      'Import the scores of the whole evaluation set.',
    );
  }
  const notes: string[] = [];
  if (!hasDecisions) {
    notes.push(
      `no "${predictionColumn}" column: precision and recall are not computed (evaluation.metrics keeps any it holds)`,
    );
    return { part: { kind: 'auc', auc }, sha256: table.sha256, format: 'scores', rows: table.rows, notes };
  }
  const classification = { precision: confusion.precision(), recall: confusion.recall() };
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = confusion;
  notes.push(`"${predictionColumn}": ${tp} true positive(s), ${fp} false positive(s), ${fn} false negative(s)`);
  // Recall is always defined here: the AUC above needs a positive row.
  if (classification.precision === undefined)
    notes.push('precision is undefined (no row is predicted positive): left out of evaluation.metrics');
  return {
    part: { kind: 'auc', auc, classification },
    sha256: table.sha256,
    format: 'scores',
    rows: table.rows,
    notes,
  };
}

/** Imports an evaluation output (a training run record is src/metrics/training-run.ts's, routed by the caller). */
export async function importEvaluation(path: string, options: ImportOptions): Promise<ImportedEvaluation> {
  const format = await detectFormat(path, options);
  if (format === 'training-run')
    throw new InputFileError(
      'FORMAT_UNKNOWN',
      `${path} is a training run record, not an evaluation output`,
      'Import it with mlgov metrics import FILE --format training-run: it fills provenance.training.',
    );
  const imported =
    format === 'backtest'
      ? await importBacktestResults(path)
      : format === 'predictions'
        ? await importPredictions(path)
        : await importScores(path, options);
  // A file that states no time was written when the pipeline finished: its modification time is the nearest fact.
  imported.evaluatedAt ??= { at: isoSeconds((await stat(path)).mtime), from: "the file's modification time" };
  return imported;
}
