/**
 * The strict YAML reader (src/formats/yaml-document.ts) at edges the other suites pass by: which position a
 * duplicated key keeps (the first, whether or not it has a value), an alias read as the value it names, a null key,
 * and the words of a duplicate key's fix ("key", "mapping": the policy author's own terms).
 */
import { describe, expect, it } from '@jest/globals';
import { parseYamlDocument } from '../../src/formats/yaml-document.js';

const FILE = '.github/governance-policy.yml';
const parse = (text: string) => parseYamlDocument(FILE, new TextEncoder().encode(text));

describe('positions', () => {
  it('a key given twice is positioned at its first occurrence, with or without a value', () => {
    const withValues = parse('a: 1\nb: 2\na: 3\n');
    expect(withValues.positions['/a']).toStrictEqual({ line: 1, column: 4 });
    // In a flow mapping a key may stand alone: no value node, so the member is positioned at its key.
    const without = parse('{a, b: 2,\n a}\n');
    expect(without.positions['/a']).toStrictEqual({ line: 1, column: 2 });
  });

  it('a null key is the empty member name, as the value read has it', () => {
    const doc = parse('~: 1\nb: 2\n');
    expect(doc.problems).toStrictEqual([]);
    expect(doc.value).toStrictEqual({ '': 1, b: 2 });
    expect(Object.keys(doc.positions).sort()).toStrictEqual(['', '/', '/b']);
  });
});

describe('aliases', () => {
  it('an alias is read as the value its anchor names, with no finding', () => {
    const doc = parse('a: &x\n  k: 1\nb: *x\nc: &y 2\nd: *y\n');
    expect(doc.problems).toStrictEqual([]);
    expect(doc.value).toStrictEqual({ a: { k: 1 }, b: { k: 1 }, c: 2, d: 2 });
  });
});

describe('the words of a duplicate key', () => {
  it('names a key of a mapping, both lines, and the fix', () => {
    const doc = parse('version: 1\nbias:\n  minGroupSize: 5\n  minGroupSize: 6\n');
    expect(doc.problems).toStrictEqual([
      {
        severity: 'error',
        code: 'DUPLICATE_KEY',
        message:
          'Duplicate key "minGroupSize" at line 4, column 3: it is already defined at line 3. Readers disagree on which one wins, so neither is used.',
        file: FILE,
        pointer: '/bias/minGroupSize',
        line: 4,
        column: 3,
        fix: 'Keep exactly one "minGroupSize" key in this mapping and delete the other.',
      },
    ]);
    expect(doc.value).toBeUndefined();
  });
});
