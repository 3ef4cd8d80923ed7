/**
 * What `mlgov metrics import` does to the manifest, as a plan (the style of evidence/archive-plan.ts): the new
 * manifest text, each changed member, the digest before and after, and the approvals the change voids. Pure: the
 * command decides whether to write it.
 */
import { manifestDigest } from '../formats/canonical-digest.js';
import type { Backtest, ManifestApproval } from '../formats/manifest.js';
import { InputFileError } from './input-error.js';
import { isObject } from '../formats/json-object.js';

export type EvaluationFormat = 'backtest' | 'predictions' | 'scores';
/** What `mlgov metrics import` reads: an evaluation output, or the training run record (src/metrics/training-run.ts). */
export type InputFormat = EvaluationFormat | 'training-run';

/** `evaluation.source.<part>` in the manifest (schemas/manifest.schema.json, `$defs/evaluationSource`). */
export interface EvaluationSource {
  path: string;
  sha256: string;
  format: EvaluationFormat;
}

/** The part of the evaluation one import fills. */
export type EvaluationPart =
  | { kind: 'backtest'; backtest: Backtest }
  | {
      kind: 'auc';
      auc: number;
      /**
       * Present when the file has a decision column: its precision and recall, each undefined when its denominator
       * is zero (then the manifest's old figure is removed, not kept beside figures of another evaluation).
       */
      classification?: { precision: number | undefined; recall: number | undefined };
    };

export interface EvaluationChange {
  pointer: string;
  from: unknown;
  to: unknown;
}

export interface EvaluationPlan {
  text: string;
  changes: EvaluationChange[];
  digestBefore: string;
  digestAfter: string;
  /** Approvals that no longer count because the manifest digest changes. */
  voidedApprovals: ManifestApproval[];
}

/** The indentation the file uses (its first indented line), defaulting to two spaces. */
function indentOf(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1]! : '  ';
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Sets `obj[key]` and records the change when the value differs. */
export function set(
  obj: Record<string, unknown>,
  key: string,
  value: unknown,
  ptr: string,
  changes: EvaluationChange[],
): void {
  if (same(obj[key], value)) return;
  changes.push({ pointer: ptr, from: obj[key], to: value });
  obj[key] = value;
}

/**
 * Plans the import of one part: `evaluation.backtest` replaced whole (a new backtest's seasons replace the old
 * ones), or `evaluation.metrics.auc` (with precision and recall when the file has decisions) set beside the other
 * metrics; `evaluation.source.<part>` records the file and its SHA-256; `evaluatedAt` becomes `evaluatedAt`.
 * Approvals are left in place: they stop counting because the digest they are bound to changes, which the plan lists.
 */
export function planEvaluationImport(
  manifest: unknown,
  text: string,
  part: EvaluationPart,
  source: EvaluationSource,
  evaluatedAt: string,
): EvaluationPlan {
  return planManifestEdit(manifest, text, (updated, changes) => {
    const evaluation = isObject(updated['evaluation']) ? updated['evaluation'] : {};
    updated['evaluation'] = evaluation;
    if (part.kind === 'backtest') {
      set(evaluation, 'backtest', part.backtest, '/evaluation/backtest', changes);
    } else {
      const metrics = isObject(evaluation['metrics']) ? evaluation['metrics'] : {};
      evaluation['metrics'] = metrics;
      set(metrics, 'auc', part.auc, '/evaluation/metrics/auc', changes);
      for (const name of ['precision', 'recall'] as const) {
        if (part.classification)
          setOrRemove(metrics, name, part.classification[name], `/evaluation/metrics/${name}`, changes);
      }
    }
    const sources = isObject(evaluation['source']) ? evaluation['source'] : {};
    evaluation['source'] = sources;
    set(sources, part.kind, source, `/evaluation/source/${part.kind}`, changes);
    // The time moves only with the figures: re-importing the same file changes nothing and voids nothing.
    if (changes.length > 0) set(evaluation, 'evaluatedAt', evaluatedAt, '/evaluation/evaluatedAt', changes);
  });
}

/** Sets `obj[key]`, or removes it when `value` is undefined; records the change either way. */
export function setOrRemove(
  obj: Record<string, unknown>,
  key: string,
  value: unknown,
  ptr: string,
  changes: EvaluationChange[],
): void {
  if (value !== undefined) return set(obj, key, value, ptr, changes);
  if (obj[key] === undefined) return;
  changes.push({ pointer: ptr, from: obj[key], to: undefined });
  delete obj[key];
}

/**
 * One edit of the manifest as a plan: `edit` changes a copy and lists its changes; the text keeps the file's
 * indentation, and is the original text byte for byte when nothing changes.
 */
export function planManifestEdit(
  manifest: unknown,
  text: string,
  edit: (updated: Record<string, unknown>, changes: EvaluationChange[]) => void,
): EvaluationPlan {
  if (!isObject(manifest)) {
    throw new InputFileError('MANIFEST_UNUSABLE', 'the manifest is not a JSON object', 'Fix the manifest first.');
  }
  const updated = structuredClone(manifest);
  const changes: EvaluationChange[] = [];
  edit(updated, changes);
  const digestBefore = manifestDigest(manifest);
  const digestAfter = manifestDigest(updated);
  const approvals = Array.isArray(manifest['approvals']) ? (manifest['approvals'] as ManifestApproval[]) : [];
  return {
    text:
      changes.length === 0
        ? text
        : JSON.stringify(updated, null, indentOf(text)) + (text.endsWith('\n') || text === '' ? '\n' : ''),
    changes,
    digestBefore,
    digestAfter,
    voidedApprovals: digestBefore === digestAfter ? [] : approvals,
  };
}
