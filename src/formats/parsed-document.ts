import type { Finding, SourcePosition } from './finding.js';
import { parentPointer } from './json-pointer.js';

/**
 * A JSON or YAML file as the gate sees it: the parsed value, where every value sits in the text, and what was wrong
 * with the text itself. Plain data, so a check can be tested with a literal document.
 */
export interface ParsedDocument<T = unknown> {
  /** Repository-relative path. */
  file: string;
  /** The parsed value; undefined when the text could not be parsed at all (see `problems`). */
  value: T | undefined;
  /** JSON pointer → position of that value's first character ("" is the root). */
  positions: Record<string, SourcePosition>;
  /** Problems with the text itself: duplicate keys, BOM, trailing data, non-finite numbers, `__proto__`, size. */
  problems: Finding[];
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
}

/**
 * The position of `ptr` in the document, or of its nearest ancestor that exists (a missing required member is
 * reported at the object that should hold it).
 */
export function positionOf(doc: Pick<ParsedDocument, 'positions'>, ptr: string): SourcePosition | undefined {
  let p: string | undefined = ptr;
  while (p !== undefined) {
    const pos = doc.positions[p];
    if (pos) return pos;
    p = parentPointer(p);
  }
  return undefined;
}

/** Where-fields (file, pointer, line, column) for a finding about `ptr` in `doc`. */
export function at(
  doc: Pick<ParsedDocument, 'positions' | 'file'>,
  ptr: string,
): Pick<Finding, 'file' | 'pointer' | 'line' | 'column'> {
  const pos = positionOf(doc, ptr);
  return { file: doc.file, pointer: ptr, ...(pos ? { line: pos.line, column: pos.column } : {}) };
}
