/**
 * A strict JSON parser that knows where every value sits (docs/design.md: findings carry line and column).
 *
 * Why not `JSON.parse`: it silently keeps the last of two duplicate keys (so an approval could hide behind a second
 * `"sha256"`), accepts a byte-order mark in some paths and not others, gives no positions, and its error messages
 * differ between Node versions. Why not `json-source-map`: it gives positions but not duplicate detection.
 *
 * Contract of the result (shared with `parseYamlDocument`):
 * - The parser never throws on bad input: every problem is an error Finding in `problems` (with file, line, column,
 *   pointer and a fix), and it still returns.
 * - `value` is `undefined` whenever `problems` is not empty. Every problem this parser reports (duplicate key,
 *   forbidden key, BOM, non-finite number, trailing data, syntax, depth, size, encoding, lone surrogate) makes the value
 *   untrustworthy or ambiguous, so no check ever reads a half-right document: the checks that need the document are
 *   skipped and the `schema` check reports the problems as errors, which always fails the gate.
 * - `positions` holds every value that was read before parsing stopped (JSON pointer → 1-based line/column of the
 *   value's first character; the root is ""), so findings about a broken document still point somewhere useful.
 *   Columns count UTF-16 code units, like the `yaml` library and most editors.
 * - Keys `__proto__`, `constructor` and `prototype` are never assigned onto objects; every member is defined with
 *   `Object.defineProperty`, so prototype pollution is impossible whatever the input.
 */
import type { Finding, SourcePosition } from './finding.js';
import { memberKeyProblem, tooDeepProblem } from './shared-parse-rules.js';
import { error } from './finding.js';
import type { ParsedDocument } from './parsed-document.js';
import { sha256Hex } from './canonical-digest.js';
import { escapePointerToken } from './json-pointer.js';

/** Limits for a parsed document; both have safe defaults. */
export interface DocumentLimits {
  /** Largest accepted file, in bytes (default 16 MiB). */
  maxBytes?: number;
  /** Deepest accepted nesting of objects/arrays (default 64; the root container is depth 1). */
  maxDepth?: number;
}

export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 64;

export { FORBIDDEN_KEYS } from './shared-parse-rules.js';

/** The decoded text of a document, or why there is none. Shared by the JSON and YAML parsers. */
export interface DecodedText {
  /** The text without a leading BOM; undefined when the bytes cannot be read as text at all. */
  text: string | undefined;
  problems: Finding[];
}

/**
 * Checks the bytes of a document before parsing: size, emptiness, UTF-8 validity, byte-order mark. Returns the text
 * to parse (BOM removed, so positions still match what an editor shows) and the problems found.
 */
export function decodeDocumentText(file: string, bytes: Uint8Array, limits: DocumentLimits = {}): DecodedText {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) {
    return {
      text: undefined,
      problems: [
        error(
          'FILE_TOO_LARGE',
          `${file} is ${bytes.length} bytes, more than the limit of ${maxBytes} bytes (${formatMiB(maxBytes)}).`,
          {
            file,
            pointer: '',
            line: 1,
            column: 1,
            fix: 'Keep large data out of this file: list artifacts by path and digest instead of embedding them.',
          },
        ),
      ],
    };
  }
  const invalidAt = firstInvalidUtf8Offset(bytes);
  if (invalidAt !== undefined) {
    const { line, column } = bytePosition(bytes, invalidAt);
    return {
      text: undefined,
      problems: [
        error(
          'INVALID_UTF8',
          `${file} is not valid UTF-8: byte 0x${(bytes[invalidAt] ?? 0).toString(16).padStart(2, '0')} at offset ${invalidAt} (line ${line}, column ${column}) cannot start or continue a character.`,
          { file, pointer: '', line, column, fix: 'Save the file as UTF-8 (without BOM).' },
        ),
      ],
    };
  }
  const problems: Finding[] = [];
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    start = 3;
    problems.push(
      error('BOM_PRESENT', `${file} starts with a UTF-8 byte-order mark (BOM).`, {
        file,
        pointer: '',
        line: 1,
        column: 1,
        fix: 'Save the file as UTF-8 without BOM.',
      }),
    );
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.length - start).toString('utf8');
  if (text.trim() === '') {
    problems.push(
      error('FILE_EMPTY', `${file} is empty.`, {
        file,
        pointer: '',
        line: 1,
        column: 1,
        fix: 'Write the document into the file, or remove the file and the reference to it.',
      }),
    );
    return { text: undefined, problems };
  }
  return { text, problems };
}

/**
 * Parses a JSON file strictly, with a position for every value. Never throws; see the module comment for the
 * meaning of `value` when `problems` is not empty.
 */
export function parseJsonDocument(file: string, bytes: Uint8Array, options: DocumentLimits = {}): ParsedDocument {
  const sha256 = sha256Hex(bytes);
  const decoded = decodeDocumentText(file, bytes, options);
  if (decoded.text === undefined) return { file, value: undefined, positions: {}, problems: decoded.problems, sha256 };
  const parser = new JsonParser(file, decoded.text, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  const value = parser.parseDocument();
  const problems = [...decoded.problems, ...parser.problems];
  return { file, value: problems.length === 0 ? value : undefined, positions: parser.positions, problems, sha256 };
}

/** Thrown inside the parser only, to stop at the first syntax error; never escapes `parseJsonDocument`. */
class StopParsing extends Error {}

/** RFC 8259 number grammar, sticky so it matches exactly at the parser's offset. */
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** Characters a string can hold as they are: not the closing quote, a backslash or a raw control character. */
// eslint-disable-next-line no-control-regex -- the raw control characters are exactly what a JSON string may not hold
const PLAIN_STRING_RUN = /[^"\\\u0000-\u001f]*/y;

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Recursive descent over the text. Recursion is bounded by `maxDepth` (parsing stops with TOO_DEEP before the next
 * level), so hostile nesting cannot overflow the stack.
 */
class JsonParser {
  readonly positions: Record<string, SourcePosition> = {};
  readonly problems: Finding[] = [];
  private i = 0;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  parseDocument(): unknown {
    try {
      this.skipWhitespace();
      const value = this.parseValue('', 0);
      this.skipWhitespace();
      if (this.i < this.text.length) {
        const pos = this.here();
        this.problems.push(
          error(
            'JSON_TRAILING_DATA',
            `Unexpected ${this.describeChar()} after the end of the JSON value at line ${pos.line}, column ${pos.column}.`,
            {
              file: this.file,
              pointer: '',
              ...pos,
              fix: 'A JSON file holds exactly one value: remove what follows it (or merge it into the value).',
            },
          ),
        );
      }
      return value;
    } catch (e) {
      if (e instanceof StopParsing) return undefined;
      throw e;
    }
  }

  private here(): SourcePosition {
    return { line: this.line, column: this.i - this.lineStart + 1 };
  }

  private describeChar(): string {
    if (this.i >= this.text.length) return 'end of input';
    const cp = this.text.codePointAt(this.i) ?? 0;
    const ch = String.fromCodePoint(cp);
    return cp < 0x20 || cp === 0x7f ? `character U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : `token '${ch}'`;
  }

  private syntax(expected: string, pointer: string, pos: SourcePosition = this.here()): never {
    const found = this.describeChar();
    this.problems.push(
      error(
        'JSON_SYNTAX',
        `Invalid JSON: unexpected ${found} at line ${pos.line}, column ${pos.column}; expected ${expected}.`,
        {
          file: this.file,
          pointer,
          ...pos,
          fix: 'Fix the JSON syntax at that position (a JSON linter or `jq . FILE` shows the same place); comments and trailing commas are not allowed.',
        },
      ),
    );
    throw new StopParsing();
  }

  private skipWhitespace(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09) {
        this.i++;
      } else if (c === 0x0a) {
        this.i++;
        this.line++;
        this.lineStart = this.i;
      } else if (c === 0x0d) {
        this.i++;
        if (t.charCodeAt(this.i) === 0x0a) this.i++;
        this.line++;
        this.lineStart = this.i;
      } else {
        return;
      }
    }
  }

  private parseValue(ptr: string, depth: number): unknown {
    const pos = this.here();
    if (this.positions[ptr] === undefined) this.positions[ptr] = pos;
    const c = this.text[this.i];
    switch (c) {
      case '{':
        return this.parseObject(ptr, depth + 1, pos);
      case '[':
        return this.parseArray(ptr, depth + 1, pos);
      case '"':
        return this.parseString(ptr);
      case 't':
        return this.parseLiteral('true', true, ptr);
      case 'f':
        return this.parseLiteral('false', false, ptr);
      case 'n':
        return this.parseLiteral('null', null, ptr);
      case 'N':
      case 'I':
        return this.parseNonFinite(ptr, pos);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
          if (c === '-' && this.text[this.i + 1] === 'I') return this.parseNonFinite(ptr, pos);
          return this.parseNumber(ptr, pos);
        }
        return this.syntax('a value (object, array, string, number, true, false or null)', ptr);
    }
  }

  private enter(depth: number, ptr: string, pos: SourcePosition): void {
    if (depth <= this.maxDepth) return;
    this.problems.push(
      tooDeepProblem({
        file: this.file,
        pointer: ptr,
        at: pos,
        maxDepth: this.maxDepth,
        containers: 'Objects and arrays',
      }),
    );
    throw new StopParsing();
  }

  private parseObject(ptr: string, depth: number, pos: SourcePosition): Record<string, unknown> {
    this.enter(depth, ptr, pos);
    this.i++; // {
    const obj: Record<string, unknown> = {};
    const seen = new Map<string, SourcePosition>();
    this.skipWhitespace();
    if (this.text[this.i] === '}') {
      this.i++;
      return obj;
    }
    for (;;) {
      if (this.text[this.i] !== '"') this.syntax('a property name in double quotes', ptr);
      const keyPos = this.here();
      const key = this.parseString(undefined);
      const memberPtr = ptr + '/' + escapePointerToken(key);
      this.skipWhitespace();
      if (this.text[this.i] !== ':') this.syntax(`':' after property name "${key}"`, memberPtr);
      this.i++;
      this.skipWhitespace();
      const value = this.parseValue(memberPtr, depth);
      const problem = memberKeyProblem({ file: this.file, key, pointer: memberPtr, at: keyPos, seen, kind: 'member' });
      if (problem) {
        this.problems.push(problem);
      } else {
        // defineProperty, never `obj[key] = value`: no setter (such as `__proto__`) can ever run.
        Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      }
      this.skipWhitespace();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        this.skipWhitespace();
        if (this.text[this.i] === '}') this.syntax("another property after ',' (trailing commas are not allowed)", ptr);
        continue;
      }
      if (c === '}') {
        this.i++;
        return obj;
      }
      this.syntax("',' or '}' after an object member", ptr);
    }
  }

  private parseArray(ptr: string, depth: number, pos: SourcePosition): unknown[] {
    this.enter(depth, ptr, pos);
    this.i++; // [
    const arr: unknown[] = [];
    this.skipWhitespace();
    if (this.text[this.i] === ']') {
      this.i++;
      return arr;
    }
    for (;;) {
      arr.push(this.parseValue(`${ptr}/${arr.length}`, depth));
      this.skipWhitespace();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        this.skipWhitespace();
        if (this.text[this.i] === ']') this.syntax("another element after ',' (trailing commas are not allowed)", ptr);
        continue;
      }
      if (c === ']') {
        this.i++;
        return arr;
      }
      this.syntax("',' or ']' after an array element", ptr);
    }
  }

  /** Parses a string starting at the opening quote; `ptr` is undefined for a property name. */
  private parseString(ptr: string | undefined): string {
    const t = this.text;
    const where = ptr ?? '';
    this.i++; // opening quote
    let out = '';
    let runStart = this.i;
    for (;;) {
      // Skip a run of plain characters in one regular-expression step: a char-by-char loop over a 15 MB string
      // member cost half a second, and the file's UTF-8 was checked before, so no raw lone surrogate can be here.
      PLAIN_STRING_RUN.lastIndex = this.i;
      PLAIN_STRING_RUN.test(t);
      this.i = PLAIN_STRING_RUN.lastIndex;
      const c = t.charCodeAt(this.i);
      if (Number.isNaN(c)) this.syntax("a closing '\"' (the string is not terminated)", where);
      if (c === 0x22) {
        out += t.slice(runStart, this.i);
        this.i++;
        return out;
      }
      if (c < 0x20) this.syntax('no raw control characters inside a string (write them as \\n, \\t or \\u00XX)', where);
      // What stops a run and is none of the above is a backslash: an escape.
      out += t.slice(runStart, this.i);
      const e = t[this.i + 1];
      if (e === 'u') {
        const hex = t.slice(this.i + 2, this.i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          this.i += 1;
          this.syntax('four hexadecimal digits after \\u', where);
        }
        out += this.unicodeEscape(parseInt(hex, 16), where);
      } else if (e !== undefined && ESCAPES[e] !== undefined) {
        out += ESCAPES[e];
        this.i += 2;
      } else {
        this.i += 1;
        this.syntax('a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)', where);
      }
      runStart = this.i;
    }
  }

  /**
   * The character of the `\uXXXX` escape at the parser's offset (`code` is XXXX), joined with the low half that must
   * follow a high surrogate. Half a surrogate pair is not a character: no UTF-8 file can hold it and digests, Git and
   * GitHub would each read it differently, so it is LONE_SURROGATE at its own line and column, never passed on.
   */
  private unicodeEscape(code: number, ptr: string): string {
    const pos = this.here();
    this.i += 6;
    if (code < 0xd800 || code > 0xdfff) return String.fromCharCode(code);
    if (code <= 0xdbff) {
      const low = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(this.text.slice(this.i, this.i + 6));
      if (low) {
        this.i += 6;
        return String.fromCharCode(code, parseInt(low[1]!, 16));
      }
    }
    const escape = this.text.slice(this.i - 6, this.i);
    this.problems.push(loneSurrogateProblem({ file: this.file, pointer: ptr, at: pos, escape }));
    return '\ufffd';
  }

  private parseLiteral(word: string, value: boolean | null, ptr: string): boolean | null {
    if (this.text.startsWith(word, this.i)) {
      this.i += word.length;
      return value;
    }
    return this.syntax('a value (object, array, string, number, true, false or null)', ptr);
  }

  private parseNonFinite(ptr: string, pos: SourcePosition): null {
    const m = /^-?(?:NaN|Infinity)/.exec(this.text.slice(this.i, this.i + 9));
    if (!m) return this.syntax('a value (object, array, string, number, true, false or null)', ptr);
    this.i += m[0].length;
    this.nonFinite(m[0], ptr, pos);
    return null;
  }

  private nonFinite(literal: string, ptr: string, pos: SourcePosition): void {
    this.problems.push(
      error(
        'NON_FINITE_NUMBER',
        `The number ${literal} at line ${pos.line}, column ${pos.column} is not a finite JSON number.`,
        {
          file: this.file,
          pointer: ptr,
          ...pos,
          fix: 'Write a finite number; for an undefined metric write null (the gate treats null as "undefined", never as a pass).',
        },
      ),
    );
  }

  private parseNumber(ptr: string, pos: SourcePosition): number {
    NUMBER.lastIndex = this.i;
    const match = NUMBER.exec(this.text);
    if (!match) return this.syntax("a number (digits, optional fraction and exponent; no leading zeros or '+')", ptr);
    const literal = match[0];
    // A number directly followed by more number-ish characters (`01`, `1.`, `1e`) is malformed, not two tokens.
    const next = this.text[this.i + literal.length];
    if (next !== undefined && /[0-9.eE+-]/.test(next)) {
      this.i += literal.length;
      return this.syntax("a number (digits, optional fraction and exponent; no leading zeros or '+')", ptr);
    }
    this.i += literal.length;
    const value = Number(literal);
    if (!Number.isFinite(value)) {
      this.nonFinite(literal, ptr, pos);
      return 0;
    }
    return value;
  }
}

/**
 * The finding both parsers give for half a UTF-16 surrogate pair written as an escape (`"\ud800"` in JSON, also
 * `"\U0000D800"` in YAML): it names the file, line and column, so the author can find it, instead of failing later
 * when the text is hashed or written.
 */
export function loneSurrogateProblem(args: {
  file: string;
  pointer: string;
  at: SourcePosition;
  escape: string;
}): Finding {
  const { file, pointer, at, escape } = args;
  return error(
    'LONE_SURROGATE',
    `The escape ${escape} at line ${at.line}, column ${at.column} is half of a UTF-16 surrogate pair without its other half: it is not a character.`,
    {
      file,
      pointer,
      ...at,
      fix: 'Write the character itself (the file is UTF-8), or both halves of the pair, e.g. \\ud83d\\ude00 for 😀.',
    },
  );
}

/** True when `text` holds no half of a UTF-16 surrogate pair (what `String.prototype.isWellFormed` tells). */
export function isWellFormedText(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 2)} MiB`;
}

/** 1-based line/column of a byte offset, counting LF (and lone CR) as line breaks; the column counts bytes. */
function bytePosition(bytes: Uint8Array, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i];
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The offset of the first byte that makes the input invalid UTF-8 (RFC 3629: no overlongs, no surrogates, nothing
 * above U+10FFFF), or undefined when the whole input is valid. Hand-written because `TextDecoder` in fatal mode
 * says that the input is invalid but not where.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number | undefined {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) need = 1;
    else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      if (b0 === 0xe0) lo = 0xa0; // overlong
      if (b0 === 0xed) hi = 0x9f; // surrogates
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      if (b0 === 0xf0) lo = 0x90; // overlong
      if (b0 === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k];
      if (b === undefined) return i;
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (b < min || b > max) return i;
    }
    i += need + 1;
  }
  return undefined;
}
