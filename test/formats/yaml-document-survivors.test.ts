/**
 * Edges of the strict YAML reader (src/formats/yaml-document.ts) where the library's own findings meet the walk's:
 * - a duplicate key the walk cannot see (inside a mapping used as a key) keeps the library's DUPLICATE_KEY finding,
 *   even though the walk found another problem;
 * - a library warning is dropped only when it is the tag warning the walk already reported, not any warning whose
 *   text happens to end with that tag (an unknown directive);
 * - a document the library cannot compose because the stack ran out (a caller lifted the depth limit) is TOO_DEEP;
 * - a lone high surrogate followed by a character that is no low half (below or above them) is named by its own escape;
 * - a null key (`~`, `null`) is the member named "" (as the library's plain value has it), so it collides with `''`;
 * - an alias counts no nesting level of its own: only the mapping or list it repeats is judged, where it is defined.
 */
import { describe, expect, it } from '@jest/globals';
import { parseYamlDocument } from '../../src/formats/yaml-document.js';

const YAML_FIX =
  'Fix the YAML at that position (indentation, a missing ":" or an unclosed quote or bracket are the usual causes).';

function parse(text: string, options = {}): ReturnType<typeof parseYamlDocument> {
  return parseYamlDocument('p.yaml', Buffer.from(text), options);
}

describe('the library’s findings next to the walk’s', () => {
  it('a duplicate inside a complex key keeps the library’s DUPLICATE_KEY beside the walk’s YAML_COMPLEX_KEY', () => {
    const doc = parse('? {a: 1, a: 2}\n: v\n');
    expect(doc.value).toBeUndefined();
    expect(doc.problems).toStrictEqual([
      {
        severity: 'error',
        code: 'DUPLICATE_KEY',
        message: 'Invalid YAML at line 1, column 10: Map keys must be unique.',
        file: 'p.yaml',
        pointer: '',
        line: 1,
        column: 10,
        fix: YAML_FIX,
      },
      {
        severity: 'error',
        code: 'YAML_COMPLEX_KEY',
        message: 'The key at line 1, column 3 is not a plain value (lists, mappings and aliases cannot be keys here).',
        file: 'p.yaml',
        pointer: '',
        line: 1,
        column: 3,
        fix: 'Use a plain string as the key.',
      },
    ]);
  });

  it('an unknown directive is reported even when its name ends with a tag the walk reported', () => {
    const doc = parse('%!foo\n---\na: !foo x\n');
    expect(doc.value).toBeUndefined();
    expect(doc.problems).toStrictEqual([
      {
        severity: 'error',
        code: 'YAML_SYNTAX',
        message: 'Invalid YAML at line 1, column 1: Unknown directive %!foo.',
        file: 'p.yaml',
        pointer: '',
        line: 1,
        column: 1,
        fix: YAML_FIX,
      },
      {
        severity: 'error',
        code: 'YAML_UNSUPPORTED_TAG',
        message: 'The value at line 3, column 9 is tagged !foo, which is not accepted: only plain YAML values are.',
        file: 'p.yaml',
        pointer: '/a',
        line: 3,
        column: 9,
        fix: 'Remove the tag and write a plain string, number, boolean, list or mapping.',
      },
    ]);
  });
});

describe('nesting the library cannot compose', () => {
  it('is TOO_DEEP at the place the stack ran out, with the limit in the fix', () => {
    // The caller lifted the depth limit far above what the stack holds: the library's own guard reports it.
    const doc = parse('- '.repeat(5000) + 'x\n', { maxDepth: 1_000_000 });
    expect(doc.value).toBeUndefined();
    expect(doc.problems.length).toBeGreaterThan(0);
    for (const p of doc.problems) {
      expect(p).toStrictEqual({
        severity: 'error',
        code: 'TOO_DEEP',
        message: `p.yaml is nested too deeply to read (line 1, column ${p.column}).`,
        file: 'p.yaml',
        pointer: '',
        line: 1,
        column: p.column,
        fix: 'Flatten the document: at most 1000000 nested levels are accepted.',
      });
    }
  });
});

describe('a lone high surrogate followed by a character that is no low half', () => {
  it.each([
    ['a letter (below the low halves)', 'a'],
    ['U+E000 (above the low halves)', '\\ue000'],
  ])('%s: it is named by its own escape', (_name, next) => {
    const doc = parse(`a: "\\ud800${next}"\n`);
    expect(doc.value).toBeUndefined();
    expect(doc.problems.map((p) => [p.code, p.message, p.pointer])).toStrictEqual([
      [
        'LONE_SURROGATE',
        'The escape \\uD800 at line 1, column 4 is half of a UTF-16 surrogate pair without its other half: it is not a character.',
        '/a',
      ],
    ]);
  });
});

describe('a null key', () => {
  it.each([['~'], ['null']])('%s is the member named "", positioned at its key', (key) => {
    const doc = parse(`${key}: 1\nb: 2\n`);
    expect(doc.problems).toStrictEqual([]);
    expect(doc.value).toStrictEqual({ '': 1, b: 2 });
    expect(doc.positions).toStrictEqual({
      '': { line: 1, column: 1 },
      '/': { line: 1, column: key.length + 3 },
      '/b': { line: 2, column: 4 },
    });
  });

  it('collides with the key written as an empty string: DUPLICATE_KEY at the second', () => {
    const doc = parse("~: 1\n'': 2\n");
    expect(doc.value).toBeUndefined();
    expect(doc.problems.map((p) => [p.code, p.pointer, p.line, p.column])).toStrictEqual([
      ['DUPLICATE_KEY', '/', 2, 1],
    ]);
  });
});

describe('an alias at the depth limit', () => {
  it('repeating a plain value is no level deeper: accepted at maxDepth 1', () => {
    const doc = parse('a: &x 1\nb: *x\n', { maxDepth: 1 });
    expect(doc.problems).toStrictEqual([]);
    expect(doc.value).toStrictEqual({ a: 1, b: 1 });
  });

  it('repeating a list is judged where the list is defined, once', () => {
    const doc = parse('a: &x [1]\nb: *x\n', { maxDepth: 1 });
    expect(doc.value).toBeUndefined();
    expect(doc.problems.map((p) => [p.code, p.pointer, p.line, p.column])).toStrictEqual([['TOO_DEEP', '/a', 1, 7]]);
  });
});
