/**
 * The exact findings of the strict JSON reader (src/formats/json-document.ts), word for word, with pointer, line and
 * column: what a PR author reads when the manifest or the bias report is refused. Also the edges of the byte checks
 * (size limit, byte-order mark, every UTF-8 lead byte range) and of `\u` escapes and surrogate pairs, each tested on
 * both sides.
 */
import { describe, expect, it } from '@jest/globals';
import {
  decodeDocumentText,
  firstInvalidUtf8Offset,
  isWellFormedText,
  parseJsonDocument,
} from '../../src/formats/json-document.js';

const FILE = 'model/manifest.json';
const SYNTAX_FIX =
  'Fix the JSON syntax at that position (a JSON linter or `jq . FILE` shows the same place); comments and trailing commas are not allowed.';
const A_VALUE = 'a value (object, array, string, number, true, false or null)';
const A_NUMBER = "a number (digits, optional fraction and exponent; no leading zeros or '+')";
const NO_CONTROL = 'no raw control characters inside a string (write them as \\n, \\t or \\u00XX)';
const AN_ESCAPE = 'a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)';
const parse = (text: string | Uint8Array, options?: { maxBytes?: number; maxDepth?: number }) =>
  parseJsonDocument(FILE, typeof text === 'string' ? new TextEncoder().encode(text) : text, options);

/** The one finding of `text`, as [code, message, pointer, line, column]. */
function only(text: string | Uint8Array, options?: { maxBytes?: number }) {
  const doc = parse(text, options);
  expect(doc.value).toBeUndefined();
  expect(doc.problems).toHaveLength(1);
  const p = doc.problems[0]!;
  return [p.code, p.message, p.pointer, p.line, p.column];
}
const syntax = (found: string, line: number, column: number, expected: string) =>
  `Invalid JSON: unexpected ${found} at line ${line}, column ${column}; expected ${expected}.`;

describe('JSON_SYNTAX: what was found, where, and what was expected', () => {
  const cases: Array<[string, string, string, number, number]> = [
    // [text, message, pointer, line, column]
    ['x', syntax("token 'x'", 1, 1, A_VALUE), '', 1, 1],
    ['[1, ', syntax('end of input', 1, 5, A_VALUE), '/1', 1, 5],
    ['{"a": tru}', syntax("token 't'", 1, 7, A_VALUE), '/a', 1, 7],
    ['{"a": Nope}', syntax("token 'N'", 1, 7, A_VALUE), '/a', 1, 7],
    ['{"a": -}', syntax("token '-'", 1, 7, A_NUMBER), '/a', 1, 7],
    ['{"a": 01}', syntax("token '1'", 1, 8, A_NUMBER), '/a', 1, 8],
    ['{"a": 1.}', syntax("token '.'", 1, 8, A_NUMBER), '/a', 1, 8],
    ['{"a": 1e}', syntax("token 'e'", 1, 8, A_NUMBER), '/a', 1, 8],
    ['{a: 1}', syntax("token 'a'", 1, 2, 'a property name in double quotes'), '', 1, 2],
    ['{"a" 1}', syntax("token '1'", 1, 6, `':' after property name "a"`), '/a', 1, 6],
    ['{"a": 1 "b": 2}', syntax(`token '"'`, 1, 9, "',' or '}' after an object member"), '', 1, 9],
    ['{"a": 1,}', syntax("token '}'", 1, 9, "another property after ',' (trailing commas are not allowed)"), '', 1, 9],
    ['{"o": [1 2]}', syntax("token '2'", 1, 10, "',' or ']' after an array element"), '/o', 1, 10],
    [
      '{"o": [1,\n ]}',
      syntax("token ']'", 2, 2, "another element after ',' (trailing commas are not allowed)"),
      '/o',
      2,
      2,
    ],
    ['{"a": "x', syntax('end of input', 1, 9, `a closing '"' (the string is not terminated)`), '/a', 1, 9],
    ['{"a": "x\u0001"}', syntax('character U+0001', 1, 9, NO_CONTROL), '/a', 1, 9],
    ['{"a": "\\x"}', syntax("token 'x'", 1, 9, AN_ESCAPE), '/a', 1, 9],
    ['{"a": "\\ "}', syntax("token ' '", 1, 9, AN_ESCAPE), '/a', 1, 9],
    ['{"a": "\\', syntax('end of input', 1, 9, AN_ESCAPE), '/a', 1, 9],
    ['{"a": "\\u12g4"}', syntax("token 'u'", 1, 9, 'four hexadecimal digits after \\u'), '/a', 1, 9],
    ['{"a": "\\u12"}', syntax("token 'u'", 1, 9, 'four hexadecimal digits after \\u'), '/a', 1, 9],
    // A problem inside a property name is the object's, at the key's text.
    ['{"k\\q": 1}', syntax("token 'q'", 1, 5, AN_ESCAPE), '', 1, 5],
    ['{"a":\t"\u007f\u0000"}', syntax('character U+0000', 1, 9, NO_CONTROL), '/a', 1, 9],
  ];
  it.each(cases)('%j', (text, message, pointer, line, column) => {
    expect(only(text)).toEqual(['JSON_SYNTAX', message, pointer, line, column]);
    expect(parse(text).problems[0]).toEqual(
      expect.objectContaining({ severity: 'error', file: FILE, fix: SYNTAX_FIX }),
    );
  });

  it('JSON_TRAILING_DATA names what follows the value, also an astral character whole', () => {
    expect(only('{} x')).toEqual([
      'JSON_TRAILING_DATA',
      "Unexpected token 'x' after the end of the JSON value at line 1, column 4.",
      '',
      1,
      4,
    ]);
    expect(only('1 😀')[1]).toBe("Unexpected token '😀' after the end of the JSON value at line 1, column 3.");
    expect(only('1\u007f')[1]).toBe('Unexpected character U+007F after the end of the JSON value at line 1, column 2.');
    expect(parse('{}\n\n x').problems[0]).toEqual({
      severity: 'error',
      code: 'JSON_TRAILING_DATA',
      message: "Unexpected token 'x' after the end of the JSON value at line 3, column 2.",
      file: FILE,
      pointer: '',
      line: 3,
      column: 2,
      fix: 'A JSON file holds exactly one value: remove what follows it (or merge it into the value).',
    });
  });

  it('a number followed by a character that cannot continue it is the number, then trailing data', () => {
    expect(only('1x')).toEqual([
      'JSON_TRAILING_DATA',
      "Unexpected token 'x' after the end of the JSON value at line 1, column 2.",
      '',
      1,
      2,
    ]);
    expect(parse('[1]').value).toEqual([1]);
    expect(parse('-0.5e+2').value).toBe(-50);
  });
});

describe('whitespace and line counting', () => {
  it('tabs, spaces, LF, CRLF and lone CR separate tokens; CRLF counts as one line', () => {
    const doc = parse('{\t"a":\t1,\r\n "b": 2,\r "c": 3\n}');
    expect(doc.problems).toEqual([]);
    expect(doc.value).toEqual({ a: 1, b: 2, c: 3 });
    expect(doc.positions['/a']).toEqual({ line: 1, column: 8 });
    expect(doc.positions['/b']).toEqual({ line: 2, column: 7 });
    expect(doc.positions['/c']).toEqual({ line: 3, column: 7 });
  });
});

describe('non-finite numbers', () => {
  const fix =
    'Write a finite number; for an undefined metric write null (the gate treats null as "undefined", never as a pass).';
  it.each([
    ['{"v": NaN}', 'NaN', 7],
    ['{"v": Infinity}', 'Infinity', 7],
    ['{"v": -Infinity}', '-Infinity', 7],
    ['{"v": 1e999}', '1e999', 7],
  ])('%s is NON_FINITE_NUMBER quoting the literal', (text, literal, column) => {
    expect(parse(text).problems).toEqual([
      {
        severity: 'error',
        code: 'NON_FINITE_NUMBER',
        message: `The number ${literal} at line 1, column ${column} is not a finite JSON number.`,
        file: FILE,
        pointer: '/v',
        line: 1,
        column,
        fix,
      },
    ]);
  });

  it('a non-finite number does not stop the reading: a later problem is found too', () => {
    expect(parse('[NaN, Infinity]').problems.map((p) => [p.code, p.pointer])).toEqual([
      ['NON_FINITE_NUMBER', '/0'],
      ['NON_FINITE_NUMBER', '/1'],
    ]);
  });
});

describe('\\u escapes and surrogate pairs', () => {
  it('a whole pair is one character, in either case of hex digit, at the edges of both ranges', () => {
    expect(parse('"\\ud83d\\ude00"').value).toBe('😀');
    expect(parse('"\\uD83D\\uDE00"').value).toBe('😀');
    expect(parse('"\\ud800\\udc00"').value).toBe('\ud800\udc00');
    expect(parse('"\\udbff\\udfff"').value).toBe('\udbff\udfff');
    expect(parse('"\\ud7ff\\ue000"').value).toBe('\ud7ff\ue000');
    expect(parse('"a\\u0041\\u00e9"').value).toBe('aAé');
  });

  const lone = (text: string, escape: string, column: number) => {
    const doc = parse(text);
    expect(doc.value).toBeUndefined();
    expect(doc.problems).toEqual([
      {
        severity: 'error',
        code: 'LONE_SURROGATE',
        message: `The escape ${escape} at line 1, column ${column} is half of a UTF-16 surrogate pair without its other half: it is not a character.`,
        file: FILE,
        pointer: '/s',
        line: 1,
        column,
        fix: 'Write the character itself (the file is UTF-8), or both halves of the pair, e.g. \\ud83d\\ude00 for 😀.',
      },
    ]);
  };

  it('half a pair is LONE_SURROGATE naming its escape and column', () => {
    lone('{"s": "x\\ud83dy"}', '\\ud83d', 9);
    lone('{"s": "\\udbff"}', '\\udbff', 8);
    lone('{"s": "\\ude00"}', '\\ude00', 8);
    lone('{"s": "\\udc00"}', '\\udc00', 8);
    lone('{"s": "\\udfff"}', '\\udfff', 8);
    // A high half followed by an escape that is not a low half.
    lone('{"s": "\\ud800\\u0041"}', '\\ud800', 8);
  });

  it('after a lone high half the reading goes on with the escape that follows it', () => {
    const doc = parse('{"s": "\\ud800\\u0041", "t": "\\q"}');
    expect(doc.problems.map((p) => [p.code, p.pointer, p.column])).toEqual([
      ['LONE_SURROGATE', '/s', 8],
      ['JSON_SYNTAX', '/t', 30],
    ]);
    // Two high halves: each is lone.
    expect(parse('{"s": "\\ud800\\udbff"}').problems.map((p) => [p.code, p.column])).toEqual([
      ['LONE_SURROGATE', 8],
      ['LONE_SURROGATE', 14],
    ]);
  });
});

describe('isWellFormedText', () => {
  it('is false for a lone half anywhere and true for whole pairs', () => {
    expect(isWellFormedText('a😀b')).toBe(true);
    expect(isWellFormedText('')).toBe(true);
    expect(isWellFormedText('a\ud800')).toBe(false);
    expect(isWellFormedText('\ud800a')).toBe(false);
    expect(isWellFormedText('\udc00')).toBe(false);
    expect(isWellFormedText('a\udc00')).toBe(false);
    expect(isWellFormedText('\ud800\ud800\udc00')).toBe(false);
    expect(isWellFormedText('\udc00\ud800')).toBe(false);
  });
});

describe('the bytes before parsing', () => {
  it('FILE_TOO_LARGE above the limit, not at it, naming both sizes and the limit in MiB', () => {
    const limit = 1.5 * 1024 * 1024;
    const at = new Uint8Array(limit).fill(0x20);
    at[0] = 0x31; // "1" and spaces
    expect(parse(at, { maxBytes: limit }).problems).toEqual([]);
    const over = new Uint8Array(limit + 1).fill(0x20);
    over[0] = 0x31;
    expect(parse(over, { maxBytes: limit }).problems).toEqual([
      {
        severity: 'error',
        code: 'FILE_TOO_LARGE',
        message: `${FILE} is ${limit + 1} bytes, more than the limit of ${limit} bytes (1.50 MiB).`,
        file: FILE,
        pointer: '',
        line: 1,
        column: 1,
        fix: 'Keep large data out of this file: list artifacts by path and digest instead of embedding them.',
      },
    ]);
    expect(only('12345', { maxBytes: 4 })[1]).toBe(`${FILE} is 5 bytes, more than the limit of 4 bytes (0.00 MiB).`);
    expect(only(new Uint8Array(2 * 1024 * 1024 + 1).fill(0x20), { maxBytes: 2 * 1024 * 1024 })[1]).toBe(
      `${FILE} is 2097153 bytes, more than the limit of 2097152 bytes (2 MiB).`,
    );
  });

  it('INVALID_UTF8 names the byte, its offset and its line and column; LF and lone CR break lines, CRLF once', () => {
    const bytes = Uint8Array.from([0x61, 0x0d, 0x0a, 0x62, 0x0d, 0x63, 0x0a, 0xc3, 0x28]);
    expect(parse(bytes).problems).toEqual([
      {
        severity: 'error',
        code: 'INVALID_UTF8',
        message: `${FILE} is not valid UTF-8: byte 0xc3 at offset 7 (line 4, column 1) cannot start or continue a character.`,
        file: FILE,
        pointer: '',
        line: 4,
        column: 1,
        fix: 'Save the file as UTF-8 (without BOM).',
      },
    ]);
    expect(only(Uint8Array.from([0x22, 0x80, 0x22]))[1]).toBe(
      `${FILE} is not valid UTF-8: byte 0x80 at offset 1 (line 1, column 2) cannot start or continue a character.`,
    );
  });

  it('BOM_PRESENT only for EF BB BF; a character that shares two of its bytes is not a BOM', () => {
    expect(parse('\ufeff{}').problems).toEqual([
      {
        severity: 'error',
        code: 'BOM_PRESENT',
        message: `${FILE} starts with a UTF-8 byte-order mark (BOM).`,
        file: FILE,
        pointer: '',
        line: 1,
        column: 1,
        fix: 'Save the file as UTF-8 without BOM.',
      },
    ]);
    // U+EEFF (EE BB BF), U+FEBF (EF BA BF), U+FEFE (EF BB BE): read as the text they are.
    for (const ch of ['\ueeff', '\ufebf', '\ufefe']) {
      expect(parse(`"${ch}"`).problems).toEqual([]);
      expect(parse(`"${ch}"`).value).toBe(ch);
    }
  });

  it('a file of only a BOM is both BOM_PRESENT and FILE_EMPTY', () => {
    expect(parse('\ufeff').problems.map((p) => p.code)).toEqual(['BOM_PRESENT', 'FILE_EMPTY']);
    expect(decodeDocumentText(FILE, new TextEncoder().encode(' \n\t')).problems).toEqual([
      {
        severity: 'error',
        code: 'FILE_EMPTY',
        message: `${FILE} is empty.`,
        file: FILE,
        pointer: '',
        line: 1,
        column: 1,
        fix: 'Write the document into the file, or remove the file and the reference to it.',
      },
    ]);
  });
});

describe('firstInvalidUtf8Offset at the edge of every lead byte range', () => {
  const at = (...bytes: number[]) => firstInvalidUtf8Offset(Uint8Array.from(bytes));
  it.each([
    [[0x7f], undefined],
    [[0x80], 0],
    [[0xc1, 0xbf], 0],
    [[0xc2, 0x80], undefined],
    [[0xdf, 0xbf], undefined],
    [[0xc2, 0x7f], 0],
    [[0xc2, 0xc0], 0],
    [[0xe0, 0x9f, 0x80], 0],
    [[0xe0, 0xa0, 0x80], undefined],
    [[0xe1, 0x80, 0x80], undefined],
    [[0xed, 0x9f, 0xbf], undefined],
    [[0xed, 0xa0, 0x80], 0],
    [[0xee, 0x80, 0x80], undefined],
    [[0xef, 0xbf, 0xbf], undefined],
    [[0xe1, 0x80, 0x7f], 0],
    [[0xe1, 0x80, 0xc0], 0],
    [[0xf0, 0x8f, 0xbf, 0xbf], 0],
    [[0xf0, 0x90, 0x80, 0x80], undefined],
    [[0xf1, 0x80, 0x80, 0x80], undefined],
    [[0xf4, 0x8f, 0xbf, 0xbf], undefined],
    [[0xf4, 0x90, 0x80, 0x80], 0],
    [[0xf5, 0x80, 0x80, 0x80], 0],
    [[0x61, 0xe1, 0x80], 1],
    [[0x61, 0xf0, 0x90, 0x80], 1],
    [[0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xff], 9],
  ])('%j → %p', (bytes, expected) => {
    expect(at(...(bytes as number[]))).toBe(expected);
  });
});
