/**
 * The one finding model (DESIGN.md §2). Every problem the gate or a command reports is a Finding: data, never a
 * thrown error. A finding with `indeterminate: true` means "could not judge" (exit code 2), not "judged and failed".
 */
export type Severity = 'error' | 'warning' | 'notice';

export interface SourcePosition {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

export interface Finding {
  severity: Severity;
  /** Stable machine code, SCREAMING_SNAKE_CASE, e.g. `CHECKSUM_MISMATCH`. Part of the contract. */
  code: string;
  /** One or two sentences a PR author understands: what is wrong, with the values involved. */
  message: string;
  /** Repository-relative path of the file the finding is about. */
  file?: string;
  /** RFC 6901 JSON pointer into that file. */
  pointer?: string;
  line?: number;
  column?: number;
  /** What to do about it. */
  fix?: string;
  /** True when the gate could not judge (Jira unreachable, base revision missing, unreadable file): exit code 2. */
  indeterminate?: boolean;
}

/** Builds an error finding; small helper so checks read as a list of rules. */
export function error(code: string, message: string, where: Partial<Finding> = {}): Finding {
  return { severity: 'error', code, message, ...where };
}

export function warning(code: string, message: string, where: Partial<Finding> = {}): Finding {
  return { severity: 'warning', code, message, ...where };
}

export function notice(code: string, message: string, where: Partial<Finding> = {}): Finding {
  return { severity: 'notice', code, message, ...where };
}

/** A finding that says the gate could not judge; always an error, always exit 2. */
export function indeterminate(code: string, message: string, where: Partial<Finding> = {}): Finding {
  return { severity: 'error', code, message, indeterminate: true, ...where };
}

/** `file:line:column`, as far as known: editors and terminals make it a link. */
export function locationOf(f: Pick<Finding, 'file' | 'line' | 'column'>): string {
  if (!f.file) return '';
  if (f.line === undefined) return f.file;
  return `${f.file}:${f.line}${f.column !== undefined ? `:${f.column}` : ''}`;
}
