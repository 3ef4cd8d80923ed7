/**
 * The strict JSON reader (src/formats/json-document.ts) at edges the other suites pass by: characters whose UTF-8
 * bytes look like a byte-order mark, what starts a number, a bad escape, a word that merely contains NaN, where a
 * line break is counted before an invalid byte, the lead bytes of UTF-8, and the words of the duplicate, forbidden
 * and too-deep findings. Each case states the exact finding (code, message, line, column) or the exact value.
 */
import { describe, expect, it } from '@jest/globals';
import { parseJsonDocument } from '../../src/formats/json-document.js';

const FILE = 'model/manifest.json';
const parse = (bytes: Uint8Array | string, options?: { maxDepth?: number }) =>
  parseJsonDocument(FILE, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, options);
const SYNTAX_FIX =
  'Fix the JSON syntax at that position (a JSON linter or `jq . FILE` shows the same place); comments and trailing commas are not allowed.';
const A_VALUE = 'a value (object, array, string, number, true, false or null)';
const A_NUMBER = "a number (digits, optional fraction and exponent; no leading zeros or '+')";

const syntax = (found: string, line: number, column: number, expected: string, pointer = '') => ({
  severity: 'error',
  code: 'JSON_SYNTAX',
  message: `Invalid JSON: unexpected ${found} at line ${line}, column ${column}; expected ${expected}.`,
  file: FILE,
  pointer,
  line,
  column,
  fix: SYNTAX_FIX,
});

describe('only EF BB BF is a byte-order mark', () => {
  it.each([
    ['U+FFFF (EF BF BF)', '\uFFFF'],
    ['U+FEC0 (EF BB 80)', '\uFEC0'],
    ['U+3EFF (E3 BB BF)', '\u3EFF'],
    ['U+3FFF (E3 BF BF)', '\u3FFF'],
  ])('a file opening with %s is a syntax error at its first character, not a BOM', (_what, char) => {
    const doc = parse(`${char}{}`);
    expect(doc.problems.map((p) => [p.code, p.line, p.column])).toStrictEqual([['JSON_SYNTAX', 1, 1]]);
    expect(doc.value).toBeUndefined();
  });
});

describe('what starts a value', () => {
  it('reads a negative number and a number opening with 9', () => {
    expect(parse('{"a": -1, "b": 9, "c": -0.5e-3}').value).toStrictEqual({ a: -1, b: 9, c: -0.0005 });
  });

  it.each([
    ['+1', "token '+'", A_VALUE],
    ['.5', "token '.'", A_VALUE],
    ['x', "token 'x'", A_VALUE],
    ['-x', "token '-'", A_NUMBER],
  ])('%s is refused with the words for what was expected', (token, found, expected) => {
    expect(parse(`{"a": ${token}}`).problems).toStrictEqual([syntax(found, 1, 7, expected, '/a')]);
  });

  it('a word that only contains NaN is not NaN', () => {
    const doc = parse('{"a": NoNaN}');
    expect(doc.problems).toStrictEqual([syntax("token 'N'", 1, 7, A_VALUE, '/a')]);
  });
});

describe('escapes', () => {
  it('an unknown escape is refused at the letter after its backslash', () => {
    const doc = parse('{"a": "x\\qy"}');
    expect(doc.problems).toStrictEqual([
      syntax("token 'q'", 1, 10, 'a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)', '/a'),
    ]);
  });

  it('a space and the characters just above the control range are read as they are', () => {
    expect(parse('{"a": " !~\\u0020"}').value).toStrictEqual({ a: ' !~ ' });
  });
});

describe('the line of an invalid byte counts CRLF once and a lone CR as a break', () => {
  it.each([
    ['CRLF', [0x7b, 0x0d, 0x0a, 0xff], 2, 1],
    ['a lone CR', [0x7b, 0x0d, 0xff], 2, 1],
    ['LF then CRLF', [0x7b, 0x0a, 0x0d, 0x0a, 0xff], 3, 1],
    ['CR at the end of a line before the byte', [0x7b, 0x20, 0x0d, 0x20, 0xff], 2, 2],
  ])('%s', (_what, bytes, line, column) => {
    const doc = parse(Uint8Array.from(bytes));
    expect(doc.problems.map((p) => [p.code, p.line, p.column])).toStrictEqual([['INVALID_UTF8', line, column]]);
  });
});

describe('UTF-8 lead bytes', () => {
  it('a four-byte character (U+1F600, U+10000) is read', () => {
    expect(parse('{"a": "😀\u{10000}"}').value).toStrictEqual({ a: '😀\u{10000}' });
  });

  it.each([
    ['a continuation byte', [0x80, 0x80]],
    ['an overlong two-byte lead', [0xc1, 0x80]],
    ['a lead past U+10FFFF', [0xf5, 0x80, 0x80, 0x80]],
    ['0xFF', [0xff, 0x80, 0x80, 0x80]],
  ])('%s is invalid at its own offset, even followed by continuation bytes', (_what, bytes) => {
    const doc = parse(Uint8Array.from([0x22, ...bytes, 0x22]));
    const byte = bytes[0]!.toString(16);
    expect(doc.problems).toStrictEqual([
      {
        severity: 'error',
        code: 'INVALID_UTF8',
        message: `${FILE} is not valid UTF-8: byte 0x${byte} at offset 1 (line 1, column 2) cannot start or continue a character.`,
        file: FILE,
        pointer: '',
        line: 1,
        column: 2,
        fix: 'Save the file as UTF-8 (without BOM).',
      },
    ]);
  });
});

describe('the words of the member findings and of nesting', () => {
  it('a duplicate member is named as an object member', () => {
    const doc = parse('{"a": 1,\n "a": 2}');
    expect(doc.problems).toStrictEqual([
      {
        severity: 'error',
        code: 'DUPLICATE_KEY',
        message:
          'Duplicate key "a" at line 2, column 2: it is already defined at line 1. Readers disagree on which one wins, so neither is used.',
        file: FILE,
        pointer: '/a',
        line: 2,
        column: 2,
        fix: 'Keep exactly one "a" member in this object and delete the other.',
      },
    ]);
  });

  it('nesting deeper than allowed names objects and arrays', () => {
    const doc = parse('{"a": [[1]]}', { maxDepth: 2 });
    expect(doc.problems).toStrictEqual([
      expect.objectContaining({
        code: 'TOO_DEEP',
        message: 'Objects and arrays are nested more than 2 levels deep at line 1, column 8.',
        pointer: '/a/0',
      }),
    ]);
  });

  it("the value read is a plain record: its members can be changed and removed like any object's", () => {
    const value = parse('{"a": 1, "b": 2}').value as Record<string, unknown>;
    value['a'] = 3;
    delete value['b'];
    expect({ ...value }).toStrictEqual({ a: 3 });
  });
});
