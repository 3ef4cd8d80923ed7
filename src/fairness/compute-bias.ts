/**
 * `mlgov bias compute`: streams a predictions file (CSV or Parquet) once, counting per group of every protected
 * attribute, and hashes the same bytes, so the report names exactly the predictions it was computed from.
 */
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
