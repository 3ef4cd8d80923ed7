/**
 * The one finding model (docs/design.md). Every problem the gate or a command reports is a Finding: data, never a
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

/**
 * The longest `message` or `fix` a finding carries, in UTF-16 code units. A hostile document can make any value
 * that a message quotes (a group name, a key, a list of 300 000 groups) as long as the file allows; a report must stay
 * readable and small whatever the input, so every constructor below cuts longer text here, in one place.
 */
export const MAX_MESSAGE_LENGTH = 2000;

/** The most items of a list a message names before it says "and N more". */
export const MAX_LISTED_ITEMS = 20;

/**
 * `text` if it fits in `max` code units; otherwise its start, an ellipsis and how much was left out
 * ("… (N more characters)"). Never splits a surrogate pair, so the result is still well-formed text.
 */
export function boundedText(text: string, max = MAX_MESSAGE_LENGTH): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max);
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}… (${text.length - cut} more characters)`;
}

/**
 * The items of a list as a message names them: all of them when there are at most `max`, else the first `max` and
 * "and N more" — so a message about 300 000 groups names 20, not 300 000.
 */
export function listedItems(items: readonly string[], max = MAX_LISTED_ITEMS, separator = ', '): string {
  if (items.length <= max) return items.join(separator);
  return `${items.slice(0, max).join(separator)}${separator}and ${items.length - max} more`;
}

/**
 * The finding with its free text bounded (`message` and `fix`, see {@link MAX_MESSAGE_LENGTH}) and its pointer too
 * (see {@link boundedPointer}). The constructors apply it; code that builds a Finding literal or rewrites a message
 * passes the result through it too.
 */
export function boundedFinding(f: Finding): Finding {
  const message = boundedText(f.message);
  const fix = f.fix === undefined ? undefined : boundedText(f.fix);
  const pointer = f.pointer === undefined ? undefined : boundedPointer(f.pointer);
  if (message === f.message && fix === f.fix && pointer === f.pointer) return f;
  return {
    ...f,
    message,
    ...(fix !== undefined ? { fix } : {}),
    ...(pointer !== undefined ? { pointer } : {}),
  };
}

/**
 * A pointer of at most {@link MAX_MESSAGE_LENGTH} characters: a longer one (a hostile key of megabytes) becomes the
 * pointer of its nearest ancestor that fits — still a valid pointer to a value that holds the problem, where a cut
 * pointer would point nowhere. The finding's line and column still say exactly where.
 */
export function boundedPointer(pointer: string): string {
  if (pointer.length <= MAX_MESSAGE_LENGTH) return pointer;
  const slash = pointer.lastIndexOf('/', MAX_MESSAGE_LENGTH);
  return slash <= 0 ? '' : pointer.slice(0, slash);
}

/** Builds an error finding; small helper so checks read as a list of rules. */
export function error(code: string, message: string, where: Partial<Finding> = {}): Finding {
  return boundedFinding({ severity: 'error', code, message, ...where });
}

export function warning(code: string, message: string, where: Partial<Finding> = {}): Finding {
  return boundedFinding({ severity: 'warning', code, message, ...where });
}

export function notice(code: string, message: string, where: Partial<Finding> = {}): Finding {
  return boundedFinding({ severity: 'notice', code, message, ...where });
}

/** A finding that says the gate could not judge; always an error, always exit 2. */
export function indeterminate(code: string, message: string, where: Partial<Finding> = {}): Finding {
  return boundedFinding({ severity: 'error', code, message, indeterminate: true, ...where });
}

/** `file:line:column`, as far as known: editors and terminals make it a link. */
export function locationOf(f: Pick<Finding, 'file' | 'line' | 'column'>): string {
  if (!f.file) return '';
  if (f.line === undefined) return f.file;
  return `${f.file}:${f.line}${f.column !== undefined ? `:${f.column}` : ''}`;
}
