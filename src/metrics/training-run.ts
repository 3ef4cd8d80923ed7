/**
 * The run record a training pipeline writes (docs/training-outputs.md, "Training run"): which pipeline ran, its run
 * id and link, who started it and when it started and finished. `mlgov metrics import --format training-run` copies
 * it into `provenance.training` and binds it by SHA-256 under `provenance.training.source`, so a release names the
 * run that produced it instead of carrying the previous release's run forward.
 */
import { readFile, stat } from 'node:fs/promises';
import { parseJsonDocument } from '../formats/json-document.js';
import { at, type ParsedDocument } from '../formats/parsed-document.js';
import { isObject } from '../formats/json-object.js';
import { planManifestEdit, set, setOrRemove, type EvaluationPlan } from './evaluation-plan.js';
import { InputFileError } from './input-error.js';

/** The members of `provenance.training` a run record fills, with the snake_case spelling pipelines also write. */
const MEMBERS = [
  ['pipeline', 'pipeline'],
  ['runId', 'run_id'],
  ['runUrl', 'run_url'],
  ['triggeredBy', 'triggered_by'],
  ['startedAt', 'started_at'],
  ['finishedAt', 'finished_at'],
] as const;

export type TrainingMember = (typeof MEMBERS)[number][0];
export type TrainingRunFields = Partial<Record<TrainingMember, string>>;

export interface ImportedTrainingRun {
  training: TrainingRunFields;
  sha256: string;
  notes: string[];
}

/** RFC 3339 date-time with a time zone, as the manifest schema's `format: date-time` asks. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** Whether a parsed `.json` file is a run record: it has `runId` or `run_id` at the top level. */
export function isTrainingRun(value: unknown): boolean {
  return isObject(value) && (value['runId'] !== undefined || value['run_id'] !== undefined);
}

function runProblem(doc: ParsedDocument, ptr: string, message: string): InputFileError {
  return new InputFileError(
    'TRAINING_RUN_INVALID',
    `${doc.file}:${at(doc, ptr).line ?? 1}: ${ptr || '(root)'} ${message}`,
    'Write the run record as {"pipeline", "runId", "runUrl", "triggeredBy", "startedAt", "finishedAt"} (docs/training-outputs.md).',
  );
}

/** One member's value and pointer, under either spelling; both spellings at once is ambiguous and refused. */
function memberOf(
  doc: ParsedDocument,
  root: Record<string, unknown>,
  [camel, snake]: readonly [string, string],
): { value: unknown; ptr: string } | undefined {
  if (camel !== snake && root[camel] !== undefined && root[snake] !== undefined)
    throw runProblem(doc, `/${snake}`, `repeats /${camel}: write one of them`);
  const name = root[camel] !== undefined ? camel : root[snake] !== undefined ? snake : undefined;
  return name === undefined ? undefined : { value: root[name], ptr: `/${name}` };
}

/** A member's value checked against the manifest schema's bounds for it. */
function checked(doc: ParsedDocument, member: TrainingMember, value: unknown, ptr: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw runProblem(doc, ptr, 'must be a non-empty string');
  if (member === 'runUrl') {
    if (value.length > 2048 || !/^https?:\/\/[^\s]+$/i.test(value) || !URL.canParse(value))
      throw runProblem(doc, ptr, 'must be an http(s) URL of at most 2048 characters');
  } else if (member === 'startedAt' || member === 'finishedAt') {
    if (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))
      throw runProblem(doc, ptr, 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-18T04:00:00Z');
  } else if (value.length > 256) throw runProblem(doc, ptr, 'must be at most 256 characters');
  return value;
}

async function readRunBytes(path: string): Promise<Buffer> {
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file');
    return await readFile(path);
  } catch {
    throw new InputFileError('INPUT_UNREADABLE', `${path} could not be read`, 'Pass the path of the run record.');
  }
}

/** Reads and validates a run record: every member present is checked, and the run may not finish before it starts. */
export async function importTrainingRun(path: string): Promise<ImportedTrainingRun> {
  const doc = parseJsonDocument(path, await readRunBytes(path));
  if (doc.problems.length > 0) {
    const p = doc.problems[0]!;
    throw new InputFileError('TRAINING_RUN_INVALID', `${path}:${p.line ?? 1}: ${p.message}`, p.fix);
  }
  if (!isObject(doc.value)) throw runProblem(doc, '', 'must be a JSON object');
  const root = doc.value;
  const training: TrainingRunFields = {};
  const pointers: Partial<Record<TrainingMember, string>> = {};
  for (const spelling of MEMBERS) {
    const found = memberOf(doc, root, spelling);
    if (!found) continue;
    training[spelling[0]] = checked(doc, spelling[0], found.value, found.ptr);
    pointers[spelling[0]] = found.ptr;
  }
  if (training.runId === undefined) throw runProblem(doc, '/runId', 'is missing: a run record names its run');
  if (training.startedAt && training.finishedAt && Date.parse(training.finishedAt) < Date.parse(training.startedAt))
    throw runProblem(
      doc,
      pointers.finishedAt!,
      `${training.finishedAt} is before ${pointers.startedAt!.slice(1)} ${training.startedAt}: a run cannot finish before it starts`,
    );
  const known = new Set<string>(MEMBERS.flat());
  const ignored = Object.keys(root).filter((k) => !known.has(k));
  return {
    training,
    sha256: doc.sha256,
    notes: ignored.length ? [`ignored members of the run record: ${ignored.join(', ')}`] : [],
  };
}

/**
 * Plans the import: each member the record states replaces the manifest's, and `provenance.training.source` records
 * the file. When the run changes, a `runUrl` the record does not state is removed (it links the previous run);
 * other members it does not state are kept (the schema requires them) and the notes name them.
 */
export function planTrainingImport(
  manifest: unknown,
  text: string,
  run: ImportedTrainingRun,
  source: { path: string; sha256: string },
): EvaluationPlan & { notes: string[] } {
  const notes: string[] = [];
  const plan = planManifestEdit(manifest, text, (updated, changes) => {
    const provenance = isObject(updated['provenance']) ? updated['provenance'] : {};
    updated['provenance'] = provenance;
    const training = isObject(provenance['training']) ? provenance['training'] : {};
    provenance['training'] = training;
    const newRun = training['runId'] !== run.training.runId;
    for (const [member] of MEMBERS) {
      const value = run.training[member];
      const ptr = `/provenance/training/${member}`;
      if (value !== undefined) set(training, member, value, ptr, changes);
      else if (newRun && member === 'runUrl') setOrRemove(training, member, undefined, ptr, changes);
      else if (newRun && training[member] !== undefined)
        notes.push(`${ptr} is not in the run record: kept from the previous run (${String(training[member])})`);
    }
    set(training, 'source', source, '/provenance/training/source', changes);
  });
  return { ...plan, notes };
}

/** The time the manifest's evaluation ran, when the run record says training finished after it (a timeline error). */
export function evaluationBeforeTraining(manifest: unknown, run: ImportedTrainingRun): string | undefined {
  const evaluatedAt =
    isObject(manifest) && isObject(manifest['evaluation']) ? manifest['evaluation']['evaluatedAt'] : '';
  const finished = run.training.finishedAt;
  if (typeof evaluatedAt !== 'string' || finished === undefined) return undefined;
  return Date.parse(evaluatedAt) < Date.parse(finished) ? evaluatedAt : undefined;
}
