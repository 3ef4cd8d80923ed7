/**
 * Evaluation figures computed from a pipeline's per-row outputs (docs/training-outputs.md). Pure accumulators: the
 * caller streams rows in and asks for the result, so no file is ever held whole (scores excepted: an exact AUC
 * needs every score, kept as 8 bytes each in typed arrays).
 */
import type { Backtest, SeasonMetrics } from '../formats/manifest.js';
import { RowProblem } from './input-error.js';

/** A finite number from a field, or a RowProblem naming the column. */
export function numberIn(text: string, column: string): number {
  const v = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(v)) {
    throw new RowProblem(
      text === '' ? 'VALUE_MISSING' : 'VALUE_NOT_NUMBER',
      text === '' ? `no value in column "${column}"` : `"${text}" in column "${column}" is not a number`,
      'Every row needs a finite number there; drop or fill missing values in the pipeline before importing.',
    );
  }
  return v;
}

class ErrorSums {
  rows = 0;
  absolute = 0;
  squared = 0;
  signed = 0;

  add(error: number): void {
    this.rows++;
    this.absolute += Math.abs(error);
    this.squared += error * error;
    this.signed += error;
  }

  metrics(): SeasonMetrics & { bias: number } {
    return {
      mae: this.absolute / this.rows,
      rmse: Math.sqrt(this.squared / this.rows),
      bias: this.signed / this.rows,
    };
  }
}

/**
 * MAE, RMSE and bias over every prediction (each row counts once, whatever its window), the number of distinct
 * windows, and MAE/RMSE per season. The error is `y_pred − y_true`, so a positive bias is over-forecasting.
 */
export class ForecastErrors {
  private readonly all = new ErrorSums();
  private readonly seasons = new Map<string, ErrorSums>();
  private readonly windows = new Set<string>();

  add(window: string, season: string | undefined, yTrue: number, yPred: number): void {
    if (window === '')
      throw new RowProblem('VALUE_MISSING', 'no value in column "window"', 'Every prediction belongs to a window.');
    const error = yPred - yTrue;
    this.all.add(error);
    this.windows.add(window);
    if (season !== undefined) {
      if (season === '')
        throw new RowProblem('VALUE_MISSING', 'no value in column "season"', 'Every prediction needs its season.');
      let s = this.seasons.get(season);
      if (!s) {
        s = new ErrorSums();
        this.seasons.set(season, s);
      }
      s.add(error);
    }
  }

  get rows(): number {
    return this.all.rows;
  }

  /** The manifest's `evaluation.backtest`; seasons sorted by name so the same file gives the same bytes. */
  backtest(): Backtest {
    const { mae, rmse, bias } = this.all.metrics();
    const out: Backtest = { mae, rmse, bias, windows: this.windows.size };
    if (this.seasons.size > 0) {
      const seasons: Record<string, SeasonMetrics> = {};
      for (const name of [...this.seasons.keys()].sort()) {
        const m = this.seasons.get(name)!.metrics();
        seasons[name] = { mae: m.mae, rmse: m.rmse };
      }
      out.seasons = seasons;
    }
    return out;
  }
}

/** A growable array of doubles. */
class Doubles {
  private data = new Float64Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  sorted(): Float64Array {
    return this.data.subarray(0, this.length).sort();
  }
}

/** Scores of positives and negatives, for an exact AUC. */
export class ScoreCollector {
  private readonly positives = new Doubles();
  private readonly negatives = new Doubles();

  add(positive: boolean, score: number): void {
    (positive ? this.positives : this.negatives).push(score);
  }

  get counts(): { positives: number; negatives: number } {
    return { positives: this.positives.length, negatives: this.negatives.length };
  }

  /** The AUC, or undefined without both a positive and a negative (it has no meaning then). */
  auc(): number | undefined {
    return aucOfSorted(this.positives.sorted(), this.negatives.sorted());
  }
}

/**
 * Exact ROC AUC as the Mann–Whitney statistic: the share of (positive, negative) pairs where the positive scores
 * higher, ties counting one half — the same value as scikit-learn's `roc_auc_score`. Both arrays ascending.
 */
export function aucOfSorted(positives: Float64Array, negatives: Float64Array): number | undefined {
  const nPos = positives.length;
  const nNeg = negatives.length;
  if (nPos === 0 || nNeg === 0) return undefined;
  let below = 0; // negatives strictly below the current positive score
  let wins = 0; // pairs won, ties counting 1/2, doubled to stay in integers
  let i = 0;
  while (i < nPos) {
    const score = positives[i]!;
    let samePos = 0;
    while (i < nPos && positives[i] === score) {
      samePos++;
      i++;
    }
    while (below < nNeg && negatives[below]! < score) below++;
    let equal = 0;
    while (below + equal < nNeg && negatives[below + equal] === score) equal++;
    wins += samePos * (2 * below + equal);
  }
  return wins / (2 * nPos * nNeg);
}

/**
 * The confusion counts of a thresholded decision against the label, for precision = TP / (TP + FP) and
 * recall = TP / (TP + FN) — scikit-learn's definitions, except that an undefined ratio (a zero denominator) is
 * undefined here rather than 0: a figure that was not measured must not pass a minimum or be compared.
 */
export class ConfusionCounts {
  truePositives = 0;
  falsePositives = 0;
  falseNegatives = 0;
  trueNegatives = 0;

  add(positive: boolean, predictedPositive: boolean): void {
    if (predictedPositive) {
      if (positive) this.truePositives++;
      else this.falsePositives++;
    } else if (positive) this.falseNegatives++;
    else this.trueNegatives++;
  }

  /** TP / (TP + FP); undefined when nothing was predicted positive. */
  precision(): number | undefined {
    const predicted = this.truePositives + this.falsePositives;
    return predicted === 0 ? undefined : this.truePositives / predicted;
  }

  /** TP / (TP + FN); undefined when no row is positive. */
  recall(): number | undefined {
    const actual = this.truePositives + this.falseNegatives;
    return actual === 0 ? undefined : this.truePositives / actual;
  }
}
