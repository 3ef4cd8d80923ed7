/**
 * How a label or prediction value is read as positive or negative. Without a positive label the values must be
 * `1`/`0` (or `true`/`false`, `1.0`/`0.0`): anything else is refused with the value, rather than guessed. With a
 * positive label (`--positive-label fraud`) that value is positive and exactly one other value is negative, so a
 * typo ("Fraud", "fraud ") is a third value and refused instead of silently counted as negative.
 */
import { RowProblem } from './input-error.js';

const POSITIVE = new Set(['1', 'true', 'True', 'TRUE', '1.0']);
const NEGATIVE = new Set(['0', 'false', 'False', 'FALSE', '0.0']);

export class BinaryLabels {
  private negativeValue: string | undefined;
  /** True once a value equal to the positive label was seen (a label never seen is likely a typo). */
  positiveSeen = false;

  constructor(readonly positiveLabel?: string) {}

  /** True for positive, false for negative; throws RowProblem naming the column for anything else. */
  isPositive(value: string, column: string): boolean {
    const positive = this.positiveLabel;
    if (positive === undefined) {
      if (value === '1' || POSITIVE.has(value)) return true;
      if (value === '0' || NEGATIVE.has(value)) return false;
      throw new RowProblem(
        value === '' ? 'VALUE_MISSING' : 'LABEL_NOT_BINARY',
        value === ''
          ? `no value in column "${column}"`
          : `"${value}" in column "${column}" is not a binary label (1/0 or true/false)`,
        value === ''
          ? 'Every row needs a label and a prediction; drop rows without them before computing.'
          : 'Pass --positive-label VALUE when the labels are words (e.g. --positive-label fraud).',
      );
    }
    if (value === positive) {
      this.positiveSeen = true;
      return true;
    }
    if (value === '') {
      throw new RowProblem(
        'VALUE_MISSING',
        `no value in column "${column}"`,
        'Every row needs a label and a prediction; drop rows without them before computing.',
      );
    }
    if (this.negativeValue === undefined) this.negativeValue = value;
    else if (value !== this.negativeValue) {
      throw new RowProblem(
        'LABEL_NOT_BINARY',
        `"${value}" in column "${column}" is a third label: the positive label is "${positive}" and "${this.negativeValue}" was read as the negative one`,
        'Labels and predictions must be binary: exactly the positive label and one other value.',
      );
    }
    return false;
  }

  /** The label the report names as positive. */
  get positiveName(): string {
    return this.positiveLabel ?? '1';
  }
}

/**
 * How a decision column (`prediction`) is read. Pipelines write decisions either as 1/0 or as the label itself
 * ("fraud"/"legit"), so with a positive label both are accepted — but one form per file: a column mixing "1" and
 * "legit" is refused, since one of them cannot mean what the other does.
 */
export class BinaryPredictions {
  private readonly numeric = new BinaryLabels();
  private readonly words: BinaryLabels;
  private form: 'numeric' | 'words' | undefined;

  constructor(readonly positiveLabel?: string) {
    this.words = new BinaryLabels(positiveLabel);
  }

  isPositive(value: string, column: string): boolean {
    if (this.positiveLabel === undefined) return this.numeric.isPositive(value, column);
    const form = value === this.positiveLabel || !(POSITIVE.has(value) || NEGATIVE.has(value)) ? 'words' : 'numeric';
    if (value !== '' && this.form !== undefined && form !== this.form) {
      throw new RowProblem(
        'LABEL_NOT_BINARY',
        `"${value}" in column "${column}" mixes forms: earlier rows hold ${this.form === 'numeric' ? '1/0' : `the label "${this.positiveLabel}" and another word`}`,
        'Write every decision the same way: 1/0, or the positive label and one other value.',
      );
    }
    if (value !== '') this.form = form;
    return form === 'numeric' ? this.numeric.isPositive(value, column) : this.words.isPositive(value, column);
  }
}
