/**
 * The bias report's predictions, recounted (issue #14, "verified end to end"). A report is the author's claim; when
 * the manifest lists the predictions file it was computed from among its artifacts, the gate counts that file with
 * the very code `mlgov bias compute` uses (`countPredictions`, `sortedGroups`), so the `bias` check can compare the
 * reported groups with the recount (checks/bias-predictions.ts) instead of trusting typed numbers.
 *
 * The file is matched by the SHA-256 the report records (`dataset.sha256`) or, failing that, by the path it records
 * (`dataset.path`): a file edited after the report was computed is still found, and its recount disagrees. Only a
 * file the checksums path observed is read, and the digest of the bytes counted must be the one observed.
 */
import { resolve } from 'node:path';
import type { BiasReport } from '../formats/bias-report.js';
import type { Manifest } from '../formats/manifest.js';
import { countPredictions } from '../fairness/compute-bias.js';
import { sortedGroups } from '../fairness/group-counts.js';
import type { ObservedFile, PredictionsFacts } from '../release/release-context.js';
import { isObject } from '../formats/json-object.js';

const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** The artifact path holding the predictions the report names: by digest first, then by the recorded path. */
function listedPredictions(
  artifacts: string[],
  observed: Record<string, ObservedFile>,
  sha256: string | undefined,
  path: string | undefined,
): string | undefined {
  const byDigest = artifacts.find((p) => {
    const o = observed[p];
    return sha256 !== undefined && o?.kind === 'file' && o.sha256 === sha256;
  });
  return byDigest ?? artifacts.find((p) => path !== undefined && p === path);
}

const NOT_OBSERVED = { problem: 'it was not observed', fix: 'Run mlgov check from the repository root.' };

/** Why an observed artifact cannot be counted, or undefined when its bytes are in the working tree. */
function unreadableReason(o: ObservedFile | undefined): { problem: string; fix: string } | undefined {
  if (!o) return NOT_OBSERVED;
  if (o.kind === 'missing') {
    return { problem: 'it is not in the working tree', fix: 'Add the predictions file the manifest lists.' };
  }
  if (o.kind !== 'file') {
    const why = o.kind === 'not-a-file' ? o.what : o.reason;
    return { problem: why, fix: 'List the predictions file as a regular file inside the repository.' };
  }
  if (o.verifiedBy === 'lfs-pointer-file') {
    return {
      problem: 'it is a Git LFS pointer: the predictions were not downloaded',
      fix: 'Fetch the file before the gate runs (git lfs pull, or lfs: true in actions/checkout).',
    };
  }
  return undefined;
}

/**
 * Recounts the listed predictions file the bias report names; `undefined` when there is no report to compare. A
 * failure to count is a fact (`unreadable`, with the reason and the fix), never an exception.
 */
export async function gatherPredictions(
  root: string,
  report: BiasReport | undefined,
  manifest: Partial<Manifest> | undefined,
  observed: Record<string, ObservedFile>,
): Promise<PredictionsFacts | undefined> {
  if (!isObject(report)) return undefined;
  const dataset: Record<string, unknown> = isObject(report.dataset) ? report.dataset : {};
  const sha256 = isText(dataset.sha256) ? dataset.sha256 : undefined;
  const path = isText(dataset.path) ? dataset.path : undefined;
  const artifacts = (Array.isArray(manifest?.artifacts) ? manifest.artifacts : [])
    .map((a) => (isObject(a) && isText(a.path) ? a.path : undefined))
    .filter((p): p is string => p !== undefined);
  const file = listedPredictions(artifacts, observed, sha256, path);
  if (file === undefined) return { kind: 'unlisted', ...(sha256 ? { sha256 } : {}), ...(path ? { path } : {}) };

  const o = observed[file];
  const reason = unreadableReason(o);
  if (reason || o?.kind !== 'file') return { kind: 'unreadable', file, ...(reason ?? NOT_OBSERVED) };
  const columns = isObject(dataset.columns) ? dataset.columns : undefined;
  if (!columns || !isText(columns.label) || !isText(columns.prediction)) {
    return {
      kind: 'unreadable',
      file,
      problem: 'the report does not record which columns it was computed from (dataset.columns)',
      fix: 'Compute the report with mlgov bias compute, which records the label and prediction columns.',
    };
  }
  return recount(
    root,
    file,
    o.sha256,
    report,
    columns as { label: string; prediction: string; positiveValue?: unknown },
  );
}

async function recount(
  root: string,
  file: string,
  observedSha256: string,
  report: BiasReport,
  columns: { label: string; prediction: string; positiveValue?: unknown },
): Promise<PredictionsFacts> {
  const attributes = (Array.isArray(report.attributes) ? report.attributes : []).map((a) =>
    isObject(a) && typeof a.name === 'string' ? a.name : '',
  );
  const absolute = resolve(root, file);
  try {
    const counts = await countPredictions({
      path: absolute,
      labelColumn: columns.label,
      predictionColumn: columns.prediction,
      attributes,
      ...(isText(columns.positiveValue) ? { positiveLabel: columns.positiveValue } : {}),
    });
    // The checksums path hashed these bytes; a different digest means the file changed while the gate ran.
    if (counts.table.sha256 !== observedSha256) {
      return {
        kind: 'unreadable',
        file,
        problem: `its bytes changed while the gate read it (sha256 ${counts.table.sha256}, hashed as ${observedSha256})`,
        fix: 'Run the gate again on a working tree nothing is writing to.',
      };
    }
    return {
      kind: 'recounted',
      file,
      sha256: counts.table.sha256,
      rows: counts.table.rows,
      attributes: counts.attributes.map((c) => ({ name: c.name, missing: c.missing, groups: sortedGroups(c) })),
    };
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    // The reader's messages name the absolute path it opened; the finding names the repository path.
    const fix = 'fix' in err && typeof err.fix === 'string' ? err.fix : 'Fix the predictions file, then recompute.';
    return { kind: 'unreadable', file, problem: err.message.split(absolute).join(file), fix };
  }
}
