/**
 * `mlgov bias compute`: streams a predictions file (CSV or Parquet) once, counting per group of every protected
 * attribute, and hashes the same bytes, so the report names exactly the predictions it was computed from.
 */
import type { PredictionColumns } from '../formats/bias-report.js';
import { BinaryLabels } from '../metrics/binary-labels.js';
import { InputFileError } from '../metrics/input-error.js';
import { readTable, type TableFormat, type TableSummary } from '../metrics/table-reader.js';
import { AttributeCounts, MAX_ATTRIBUTES } from './group-counts.js';

export interface BiasComputeInput {
  path: string;
  labelColumn: string;
  predictionColumn: string;
  attributes: string[];
  positiveLabel?: string;
  format?: TableFormat;
}

export interface BiasCounts {
  table: TableSummary;
  attributes: AttributeCounts[];
  positiveLabel: string;
}

/**
 * What the report records of the input (`dataset.path`, `dataset.columns`) so the gate can count the same file the
 * same way; `repositoryPath` only when the predictions file is inside the repository.
 */
export function recordedInput(
  input: Pick<BiasComputeInput, 'labelColumn' | 'predictionColumn' | 'positiveLabel'>,
  repositoryPath: string | undefined,
): { path?: string; columns: PredictionColumns } {
  return {
    ...(repositoryPath !== undefined ? { path: repositoryPath } : {}),
    columns: {
      label: input.labelColumn,
      prediction: input.predictionColumn,
      ...(input.positiveLabel !== undefined ? { positiveValue: input.positiveLabel } : {}),
    },
  };
}

function checkColumns(input: BiasComputeInput): void {
  if (input.attributes.length > MAX_ATTRIBUTES) {
    throw new InputFileError(
      'TOO_MANY_ATTRIBUTES',
      `${input.attributes.length} attributes; a bias report holds at most ${MAX_ATTRIBUTES}`,
      'Name the protected attributes the policy requires.',
    );
  }
  const all = [input.labelColumn, input.predictionColumn, ...input.attributes];
  const dup = all.find((c, i) => all.indexOf(c) !== i);
  if (dup !== undefined) {
    throw new InputFileError(
      'COLUMN_REPEATED',
      `column "${dup}" is named twice among --label, --prediction and --attribute`,
      'The label, the prediction and each protected attribute must be different columns.',
    );
  }
}

/** Counts every row of the predictions file; fails closed (InputFileError with file and line) on any bad value. */
export async function countPredictions(input: BiasComputeInput): Promise<BiasCounts> {
  checkColumns(input);
  const labels = new BinaryLabels(input.positiveLabel);
  const counts = input.attributes.map((a) => new AttributeCounts(a));
  const nAttributes = counts.length;
  const { labelColumn, predictionColumn } = input;
  const table = await readTable(
    input.path,
    [labelColumn, predictionColumn, ...input.attributes],
    (row) => {
      const label = labels.isPositive(row.text(0), labelColumn);
      const predicted = labels.isPositive(row.text(1), predictionColumn);
      for (let a = 0; a < nAttributes; a++) counts[a]!.add(row.text(a + 2), label, predicted);
    },
    input.format !== undefined ? { format: input.format } : {},
  );
  if (table.rows === 0) {
    throw new InputFileError(
      'INPUT_EMPTY',
      `${input.path} has no rows`,
      'Compute the report from the predictions on the evaluation set.',
    );
  }
  const empty = counts.find((c) => c.groups.size === 0);
  if (empty) {
    throw new InputFileError(
      'ATTRIBUTE_EMPTY',
      `attribute "${empty.name}" has no value in any of the ${table.rows} row(s) of ${input.path}`,
      'Write the protected attribute into the predictions file for every row it is known for.',
    );
  }
  if (input.positiveLabel !== undefined && !labels.positiveSeen) {
    throw new InputFileError(
      'POSITIVE_LABEL_ABSENT',
      `the positive label "${input.positiveLabel}" does not occur in columns "${labelColumn}" or "${predictionColumn}" of ${input.path}`,
      'Pass --positive-label with the exact value the file uses for the positive class.',
    );
  }
  return { table, attributes: counts, positiveLabel: labels.positiveName };
}

/**
 * The manifest listing the predictions file among its artifacts, so the gate recounts the groups from it (a report
 * whose predictions are not listed is the author's claim): the manifest value with the entry added or brought up to
 * date (path, SHA-256, size), or undefined when it already lists exactly that. Pure.
 */
export function withPredictionsListed(
  manifest: Record<string, unknown>,
  entry: { path: string; sha256: string; size: number },
): Record<string, unknown> | undefined {
  const artifacts = Array.isArray(manifest['artifacts']) ? (manifest['artifacts'] as unknown[]) : [];
  const at = artifacts.findIndex(
    (a) => typeof a === 'object' && a !== null && (a as { path?: unknown }).path === entry.path,
  );
  const current = at >= 0 ? (artifacts[at] as Record<string, unknown>) : undefined;
  if (current && current['sha256'] === entry.sha256 && current['size'] === entry.size) return undefined;
  const listed = current ? { ...current, sha256: entry.sha256, size: entry.size } : { ...entry };
  const next = at >= 0 ? artifacts.map((a, i) => (i === at ? listed : a)) : [...artifacts, listed];
  return { ...manifest, artifacts: next };
}
