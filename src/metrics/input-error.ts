/**
 * A training output that cannot be read as documented (docs/training-outputs.md): a malformed CSV record, a label
 * that is not binary, a missing column. The CLI prints the message (which names the file and line) and the fix,
 * without a stack, and exits 2: nothing was written.
 */
export class InputFileError extends Error {
  override name = 'InputFileError';
  readonly exitCode = 2;
  constructor(
    /** Stable UPPER_SNAKE code (docs/training-outputs.md lists them). */
    readonly code: string,
    message: string,
    readonly fix?: string,
  ) {
    super(`${message} [${code}]`);
  }
}

/**
 * A problem with one row's values, raised by the code that interprets a row; the table reader adds the file and
 * line (CSV) or row number (Parquet) so every message says where to look.
 */
export class RowProblem extends Error {
  override name = 'RowProblem';
  constructor(
    readonly code: string,
    message: string,
    readonly fix?: string,
  ) {
    super(message);
  }
}
