import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { firstInvalidUtf8Offset, parseJsonDocument } from '../../src/formats/json-document.js';

const FILE = 'model/manifest.json';
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const parse = (text: string, options?: { maxBytes?: number; maxDepth?: number }) =>
  parseJsonDocument(FILE, bytes(text), options);

describe('parseJsonDocument: valid documents', () => {
  it('parses values exactly like JSON.parse and hashes the bytes', () => {
    const text = '{"a": [1, -2.5e3, true, false, null], "b": {"c": "x\\u00e9\\n\\"y\\""}, "": 0}\n';
    const doc = parse(text);
    expect(doc.problems).toEqual([]);
    expect(doc.value).toEqual(JSON.parse(text));
    expect(doc.file).toBe(FILE);
    expect(doc.sha256).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('reads long strings in runs: escapes, non-ASCII and a raw control character after a long plain run', () => {
    const run = 'a'.repeat(100_000);
    const text = `{"s": "${run}\\"${run}\\u00e9é${run}", "t": "${run}"}`;
    const doc = parse(text);
    expect(doc.problems).toEqual([]);
    expect(doc.value).toEqual(JSON.parse(text));

    // The tab ends the run: a syntax error at its own column, not at the string's start or end.
    const raw = parse(`{"s": "${run}\t${run}"}`);
    expect(raw.problems).toEqual([
      expect.objectContaining({ code: 'JSON_SYNTAX', pointer: '/s', line: 1, column: 8 + run.length }),
    ]);
    // A string the file ends inside is unterminated, however long.
    expect(parse(`{"s": "${run}`).problems).toEqual([
      expect.objectContaining({ code: 'JSON_SYNTAX', message: expect.stringContaining('end of input') }),
    ]);
  });

  it('records the 1-based line/column of every value, nested ones included', () => {
    const text = [
      '{',
      '  "name": "fraud",',
      '  "artifacts": [',
      '    { "path": "m.onnx", "size": 12 },',
      '    7',
      '  ],',
      '  "a/b": { "~x": null }',
      '}',
    ].join('\n');
    const doc = parse(text);
    expect(doc.problems).toEqual([]);
    expect(doc.positions).toEqual({
      '': { line: 1, column: 1 },
      '/name': { line: 2, column: 11 },
      '/artifacts': { line: 3, column: 16 },
      '/artifacts/0': { line: 4, column: 5 },
      '/artifacts/0/path': { line: 4, column: 15 },
      '/artifacts/0/size': { line: 4, column: 33 },
      '/artifacts/1': { line: 5, column: 5 },
      '/a~1b': { line: 7, column: 10 },
      '/a~1b/~0x': { line: 7, column: 18 },
    });
  });

  it('counts CRLF and lone CR as one line break each', () => {
    const doc = parse('{\r\n"a":\r1,\r\n "b": 2}');
    expect(doc.problems).toEqual([]);
    expect(doc.positions['/a']).toEqual({ line: 3, column: 1 });
    expect(doc.positions['/b']).toEqual({ line: 4, column: 7 });
  });

  it('accepts nesting up to the depth limit', () => {
    const doc = parse('['.repeat(64) + ']'.repeat(64));
    expect(doc.problems).toEqual([]);
    expect(doc.value).toBeDefined();
  });
});

describe('parseJsonDocument: problems (value is undefined, never a throw)', () => {
  it('FILE_EMPTY for no bytes and for whitespace only', () => {
    for (const text of ['', '  \n\t']) {
      const doc = parse(text);
      expect(doc.value).toBeUndefined();
      expect(doc.problems).toEqual([
        expect.objectContaining({ severity: 'error', code: 'FILE_EMPTY', file: FILE, line: 1, column: 1 }),
      ]);
    }
  });

  it('FILE_TOO_LARGE names the size and the limit (default 16 MiB)', () => {
    const doc = parse('{"a": "0123456789"}', { maxBytes: 10 });
    expect(doc.value).toBeUndefined();
    expect(doc.problems).toHaveLength(1);
    expect(doc.problems[0]).toMatchObject({ code: 'FILE_TOO_LARGE', severity: 'error' });
    expect(doc.problems[0]!.message).toContain('19 bytes');
    expect(doc.problems[0]!.message).toContain('limit of 10 bytes');
    const big = new Uint8Array(16 * 1024 * 1024 + 1).fill(0x20);
    const bigDoc = parseJsonDocument(FILE, big);
    expect(bigDoc.problems[0]!.code).toBe('FILE_TOO_LARGE');
    expect(bigDoc.problems[0]!.message).toContain('16777216 bytes (16 MiB)');
  });

  it('INVALID_UTF8 with the line and column of the bad byte', () => {
    const good = bytes('{\n  "a": "x');
    const data = new Uint8Array([...good, 0xc3, 0x28, ...bytes('"}')]);
    const doc = parseJsonDocument(FILE, data);
    expect(doc.value).toBeUndefined();
    expect(doc.problems).toEqual([expect.objectContaining({ code: 'INVALID_UTF8', line: 2, column: 10 })]);
    expect(doc.problems[0]!.message).toContain('0xc3');
  });

  it('rejects overlong, surrogate and out-of-range UTF-8 sequences', () => {
    expect(firstInvalidUtf8Offset(new Uint8Array([0x41, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8Offset(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8Offset(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
    expect(firstInvalidUtf8Offset(new Uint8Array([0xe2, 0x82]))).toBe(0);
    expect(firstInvalidUtf8Offset(bytes('héllo 😀'))).toBeUndefined();
  });

  it('BOM_PRESENT: says so, tells to save without BOM, positions ignore the BOM', () => {
    const doc = parseJsonDocument(FILE, new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('{"a": 1}')]));
    expect(doc.value).toBeUndefined();
    expect(doc.problems).toEqual([
      expect.objectContaining({
        code: 'BOM_PRESENT',
        message: expect.stringContaining('starts with a UTF-8 byte-order mark'),
        fix: 'Save the file as UTF-8 without BOM.',
        line: 1,
        column: 1,
      }),
    ]);
    expect(doc.positions['/a']).toEqual({ line: 1, column: 7 });
  });

  it.each([
    ['{"a": 1,}', 1, 9, "token '}'"],
    ['{"a" 1}', 1, 6, "token '1'"],
    ['{\n  "a": tru\n}', 2, 8, "token 't'"],
    ['[1, 2', 1, 6, 'end of input'],
    ['{"a": 01}', 1, 8, "token '1'"],
    ['{"a": "x\ny"}', 1, 9, 'character U+000A'],
    ['{"a": "\\x"}', 1, 9, "token 'x'"],
    ["{'a': 1}", 1, 2, "token '''"],
    ['{"a": +1}', 1, 7, "token '+'"],
    ['// c\n{}', 1, 1, "token '/'"],
  ])('JSON_SYNTAX for %j at line %i, column %i naming the unexpected %s', (text, line, column, token) => {
    const doc = parse(text);
    expect(doc.value).toBeUndefined();
    expect(doc.problems).toHaveLength(1);
    expect(doc.problems[0]).toMatchObject({ code: 'JSON_SYNTAX', severity: 'error', file: FILE, line, column });
    expect(doc.problems[0]!.message).toContain(`unexpected ${token}`);
    expect(doc.problems[0]!.message).toContain(`line ${line}, column ${column}`);
    expect(doc.problems[0]!.fix).toBeTruthy();
  });

  it('JSON_TRAILING_DATA after the root value', () => {
    const doc = parse('{"a": 1}\n{"b": 2}\n');
    expect(doc.value).toBeUndefined();
    expect(doc.problems).toEqual([
      expect.objectContaining({ code: 'JSON_TRAILING_DATA', line: 2, column: 1, pointer: '' }),
    ]);
  });

  it('DUPLICATE_KEY points at the second occurrence and names the line of the first; neither value is kept', () => {
    const text = [
      '{',
      '  "artifacts": [',
      '    {',
      '      "sha256": "aa",',
      '      "size": 1,',
      '      "sha256": "bb"',
      '    }',
      '  ]',
      '}',
    ].join('\n');
    const doc = parse(text);
    expect(doc.value).toBeUndefined();
    expect(doc.problems).toEqual([
      expect.objectContaining({ code: 'DUPLICATE_KEY', pointer: '/artifacts/0/sha256', line: 6, column: 7 }),
    ]);
    expect(doc.problems[0]!.message).toContain('"sha256"');
    expect(doc.problems[0]!.message).toContain('line 4');
    // The position of the pointer stays the first occurrence; the finding carries the duplicate's own line.
    expect(doc.positions['/artifacts/0/sha256']).toEqual({ line: 4, column: 17 });
  });

  it('NON_FINITE_NUMBER for NaN/Infinity literals and for overflowing numbers', () => {
    const doc = parse('{"a": NaN,\n "b": -Infinity,\n "c": Infinity,\n "d": 1e400, "e": -2E+999}');
    expect(doc.value).toBeUndefined();
    expect(doc.problems.map((p) => [p.code, p.pointer, p.line, p.column])).toEqual([
      ['NON_FINITE_NUMBER', '/a', 1, 7],
      ['NON_FINITE_NUMBER', '/b', 2, 7],
      ['NON_FINITE_NUMBER', '/c', 3, 7],
      ['NON_FINITE_NUMBER', '/d', 4, 7],
      ['NON_FINITE_NUMBER', '/e', 4, 19],
    ]);
    expect(doc.problems[3]!.message).toContain('1e400');
  });

  it('FORBIDDEN_KEY for __proto__, constructor and prototype, and never pollutes prototypes', () => {
    const text =
      '{"__proto__": {"polluted": true}, "a": {"constructor": {"prototype": {"polluted": true}}}, "prototype": 1}';
    const doc = parse(text);
    expect(doc.value).toBeUndefined();
    expect(doc.problems.map((p) => [p.code, p.pointer, p.line, p.column])).toEqual([
      ['FORBIDDEN_KEY', '/__proto__', 1, 2],
      ['FORBIDDEN_KEY', '/a/constructor/prototype', 1, 57],
      ['FORBIDDEN_KEY', '/a/constructor', 1, 41],
      ['FORBIDDEN_KEY', '/prototype', 1, 92],
    ]);
    expect(doc.problems).toHaveLength(4);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('TOO_DEEP beyond the limit, and 100 000 nested arrays return without a stack overflow', () => {
    const shallow = parse('{"a": [[1]]}', { maxDepth: 2 });
    expect(shallow.problems).toEqual([
      expect.objectContaining({ code: 'TOO_DEEP', pointer: '/a/0', line: 1, column: 8 }),
    ]);
    const n = 100_000;
    const doc = parse('['.repeat(n) + ']'.repeat(n));
    expect(doc.value).toBeUndefined();
    expect(doc.problems).toEqual([expect.objectContaining({ code: 'TOO_DEEP', line: 1, column: 65 })]);
    expect(doc.problems[0]!.pointer).toBe('/0'.repeat(64));
  });

  it('reports several problems of a document that still parses to the end', () => {
    const doc = parse('{"a": 1, "a": 2, "b": NaN}');
    expect(doc.problems.map((p) => p.code)).toEqual(['DUPLICATE_KEY', 'NON_FINITE_NUMBER']);
    expect(doc.value).toBeUndefined();
  });
});
