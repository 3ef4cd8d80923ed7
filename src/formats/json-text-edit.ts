/**
 * Editing values in a JSON file's text without re-formatting it: a reviewer's diff of `mlgov checksums --write` shows
 * the digests that changed and nothing else (key order, spacing and compact arrays keep their exact bytes).
 */
import type { ParsedDocument } from './parsed-document.js';

/** One member to set: its JSON pointer in the document and the new value. */
export interface JsonValueEdit {
  pointer: string;
  to: string | number;
}

/** Offset in `text` of a 1-based line/column (columns in UTF-16 code units, like JS string indexes). */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return -1;
    offset = next + 1;
  }
  return offset + column - 1;
}

/** Length of the JSON string or number token starting at `offset`, or -1 when there is none. */
function tokenLength(text: string, offset: number): number {
  if (text[offset] === '"') {
    for (let i = offset + 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') return i - offset + 1;
    }
    return -1;
  }
  const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(offset, offset + 64));
  return m ? m[0].length : -1;
}

/** The indentation the file uses (its first indented line), defaulting to two spaces. */
function indentOf(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1]! : '  ';
}

/** The text with each edit's token replaced, or undefined when an edited member has no string or number token. */
function replaceInPlace(doc: ParsedDocument, text: string, edits: readonly JsonValueEdit[]): string | undefined {
  const spans: Array<{ offset: number; length: number; replacement: string }> = [];
  for (const edit of edits) {
    const pos = doc.positions[edit.pointer];
    const offset = pos ? offsetOf(text, pos.line, pos.column) : -1;
    const length = offset >= 0 ? tokenLength(text, offset) : -1;
    if (length < 0) return undefined;
    spans.push({ offset, length, replacement: JSON.stringify(edit.to) });
  }
  let out = text;
  for (const s of spans.sort((a, b) => b.offset - a.offset)) {
    out = out.slice(0, s.offset) + s.replacement + out.slice(s.offset + s.length);
  }
  return out;
}

/**
 * The text of `doc` (parsed from `text`) with `edits` applied, which must amount to `updated`. Each edited member is
 * replaced in place (the rest of the file keeps its exact bytes); when a member does not exist yet, or the in-place
 * edit does not reproduce `updated`, the file is re-serialised with its own indentation and trailing newline.
 */
export function editJsonText(
  doc: ParsedDocument,
  text: string,
  edits: readonly JsonValueEdit[],
  updated: unknown,
): string {
  const inPlace = replaceInPlace(doc, text, edits);
  if (inPlace !== undefined) {
    try {
      // Compared as JSON text: the positioned parser builds prototype-less objects, JSON.parse plain ones.
      if (JSON.stringify(JSON.parse(inPlace)) === JSON.stringify(updated)) return inPlace;
    } catch {
      // fall through to re-serialisation
    }
  }
  return JSON.stringify(updated, null, indentOf(text)) + (text.endsWith('\n') || text === '' ? '\n' : '');
}
