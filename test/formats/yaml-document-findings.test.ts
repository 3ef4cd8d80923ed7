/**
 * The exact findings of the strict YAML reader (src/formats/yaml-document.ts), word for word: what a policy author
 * reads when the policy file is refused. Each case also proves which of the library's own reports is kept and which
 * is left out because the reader's walk already said it with a pointer (a duplicate key or a tag said twice would be
 * noise; one left out that the walk did not say would be a hole).
 */
import { describe, expect, it } from '@jest/globals';
import { parseYamlDocument } from '../../src/formats/yaml-document.js';

const FILE = '.github/governance-policy.yml';
const YAML_FIX =
  'Fix the YAML at that position (indentation, a missing ":" or an unclosed quote or bracket are the usual causes).';
const TAG_FIX = 'Remove the tag and write a plain string, number, boolean, list or mapping.';
const parse = (text: string, options?: { maxDepth?: number }) =>
  parseYamlDocument(FILE, new TextEncoder().encode(text), options);

describe('library errors, translated', () => {
  it('a syntax error is YAML_SYNTAX at its line and column with the library words and the usual causes', () => {
    const doc = parse('version: 1\nkey: [1, 2\n');
    expect(doc.value).toBeUndefined();
    expect(doc.problems.length).toBeGreaterThan(0);
    for (const p of doc.problems) {
      expect(p).toEqual({
        severity: 'error',
        code: 'YAML_SYNTAX',
        message: expect.stringMatching(new RegExp(`^Invalid YAML at line ${p.line}, column ${p.column}: .+\\.$`)),
        file: FILE,
        pointer: '',
        line: expect.any(Number),
        column: expect.any(Number),
        fix: YAML_FIX,
      });
    }
  });

  it('strict YAML 1.2: an implicit key longer than 1024 characters is refused, not read', () => {
    const doc = parse(`${'k'.repeat(1100)}: 1\n`);
    expect(doc.problems.map((p) => [p.code, p.line, p.column])).toEqual([['YAML_SYNTAX', 1, 1]]);
    expect(doc.problems[0]!.message).toMatch(/^Invalid YAML at line 1, column 1: The : indicator must be at most 1024/);
  });

  it('a duplicate key is said once, by the walk (with its pointer), even beside other problems', () => {
    const doc = parse('a: 1\na: 2\nb: .nan\n');
    expect(doc.problems.map((p) => [p.code, p.pointer, p.line, p.column])).toEqual([
      ['DUPLICATE_KEY', '/a', 2, 1],
      ['NON_FINITE_NUMBER', '/b', 3, 4],
    ]);
  });

  it("the library's other errors are kept beside a duplicate key", () => {
    const doc = parse('a: 1\na: 2\nb: [1\n');
    const codes = doc.problems.map((p) => p.code);
    expect(codes.filter((c) => c === 'DUPLICATE_KEY')).toHaveLength(1);
    expect(codes).toContain('YAML_SYNTAX');
    expect(doc.problems.find((p) => p.code === 'DUPLICATE_KEY')!.pointer).toBe('/a');
  });
});

describe('tags', () => {
  it('a tagged value is YAML_UNSUPPORTED_TAG at its pointer, said once', () => {
    expect(parse('a: !custom 1\n').problems).toEqual([
      {
        severity: 'error',
        code: 'YAML_UNSUPPORTED_TAG',
        message: 'The value at line 1, column 12 is tagged !custom, which is not accepted: only plain YAML values are.',
        file: FILE,
        pointer: '/a',
        line: 1,
        column: 12,
        fix: TAG_FIX,
      },
    ]);
  });

  it("a tagged key (which the walk does not visit) keeps the library's finding, at the document's pointer", () => {
    expect(parse('!custom k: 1\n').problems).toEqual([
      {
        severity: 'error',
        code: 'YAML_UNSUPPORTED_TAG',
        message: 'Unresolved tag: !custom at line 1, column 1: only plain YAML values are accepted.',
        file: FILE,
        pointer: '',
        line: 1,
        column: 1,
        fix: TAG_FIX,
      },
    ]);
  });

  it('a tagged key and another tag on a value: each said once', () => {
    const doc = parse('!custom k: 1\nv: !other 2\n');
    expect(doc.problems.map((p) => [p.code, p.pointer, p.line])).toEqual([
      ['YAML_UNSUPPORTED_TAG', '', 1],
      ['YAML_UNSUPPORTED_TAG', '/v', 2],
    ]);
  });
});

describe('values and keys the walk refuses', () => {
  it('NON_FINITE_NUMBER quotes the number as written', () => {
    expect(parse('limit: .inf\n').problems).toEqual([
      {
        severity: 'error',
        code: 'NON_FINITE_NUMBER',
        message: 'The number .inf at line 1, column 8 is not finite.',
        file: FILE,
        pointer: '/limit',
        line: 1,
        column: 8,
        fix: 'Write a finite number.',
      },
    ]);
  });

  it('YAML_COMPLEX_KEY for a list used as a key, at the key, and the walk goes on to the next member', () => {
    const doc = parse('m:\n  [a, b]: 1\n  c: .nan\n');
    expect(doc.problems).toEqual([
      {
        severity: 'error',
        code: 'YAML_COMPLEX_KEY',
        message: 'The key at line 2, column 3 is not a plain value (lists, mappings and aliases cannot be keys here).',
        file: FILE,
        pointer: '/m',
        line: 2,
        column: 3,
        fix: 'Use a plain string as the key.',
      },
      expect.objectContaining({ code: 'NON_FINITE_NUMBER', pointer: '/m/c', line: 3, column: 6 }),
    ]);
  });

  it('LONE_SURROGATE in a value and in a key names the escape in upper-case hex', () => {
    const value = parse('a: "x\\ud800"\n').problems;
    expect(value).toEqual([expect.objectContaining({ code: 'LONE_SURROGATE', pointer: '/a', line: 1, column: 4 })]);
    expect(value[0]!.message).toContain('\\uD800');
    const key = parse('"\\udc0f": 1\n').problems;
    expect(key).toEqual([expect.objectContaining({ code: 'LONE_SURROGATE', line: 1, column: 1 })]);
    expect(key[0]!.message).toContain('\\uDC0F');
    // A whole pair (high then low) is well-formed text.
    expect(parse('a: "\\ud83d\\ude00"\n').problems).toEqual([]);
  });

  it('a document of only a comment is null, positioned at its start', () => {
    const doc = parse('# nothing here yet\n');
    expect(doc.problems).toEqual([]);
    expect(doc.value).toBeNull();
    expect(doc.positions).toEqual({ '': { line: 1, column: 1 } });
  });

  it('a null key is the empty key, pointer "/"', () => {
    const doc = parse('~: 1\nb: 2\n');
    expect(doc.problems).toEqual([]);
    expect(doc.positions['/']).toEqual({ line: 1, column: 4 });
    expect(doc.positions['/b']).toEqual({ line: 2, column: 4 });
  });

  it('a member without a value is positioned at its key', () => {
    const doc = parse('? a\nb: 1\n');
    expect(doc.problems).toEqual([]);
    expect(doc.positions['/a']).toEqual({ line: 1, column: 3 });
    expect(doc.value).toEqual({ a: null, b: 1 });
  });
});

describe('depth', () => {
  it('nesting beyond the limit is one TOO_DEEP at the first container too deep, with its pointer', () => {
    const doc = parse('a: [[[1]]]\nb: [[[2]]]\n', { maxDepth: 2 });
    expect(doc.problems).toEqual([
      {
        severity: 'error',
        code: 'TOO_DEEP',
        message: 'Mappings and lists are nested more than 2 levels deep at line 1, column 5.',
        file: FILE,
        pointer: '/a/0',
        line: 1,
        column: 5,
        fix: 'Flatten the document: at most 2 nested levels are accepted.',
      },
    ]);
  });

  it('nesting beyond twice the limit is refused before the library reads it, at the document', () => {
    const doc = parse('a: [[[[[[1]]]]]]\n', { maxDepth: 2 });
    expect(doc.value).toBeUndefined();
    expect(doc.positions).toEqual({ '': { line: 1, column: 1 } });
    expect(doc.problems).toEqual([
      expect.objectContaining({
        code: 'TOO_DEEP',
        pointer: '',
        message: expect.stringMatching(
          /^Mappings and lists are nested more than 2 levels deep at line 1, column \d+\.$/,
        ),
      }),
    ]);
  });
});

describe('aliases', () => {
  it('YAML_ALIAS_LIMIT names the limit and asks for the values written out', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 5; i++)
      lines.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(', ')}]`,
      );
    const doc = parse(lines.join('\n') + '\n');
    expect(doc.value).toBeUndefined();
    expect(doc.problems).toEqual([
      {
        severity: 'error',
        code: 'YAML_ALIAS_LIMIT',
        message: expect.stringMatching(
          /^\.github\/governance-policy\.yml expands aliases more than 100 times \(.+\)\.$/,
        ),
        file: FILE,
        pointer: '',
        line: 1,
        column: 1,
        fix: 'Write the values out instead of repeating them through anchors and aliases.',
      },
    ]);
  });

  it('a few aliases are read, positioned at the alias', () => {
    const doc = parse('x: &a [1]\ny: *a\n');
    expect(doc.problems).toEqual([]);
    expect(doc.value).toEqual({ x: [1], y: [1] });
    expect(doc.positions['/y']).toEqual({ line: 2, column: 4 });
  });
});
