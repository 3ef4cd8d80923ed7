/**
 * The walk that refuses a YAML document nested far beyond the limit before the library composes it
 * (`nestingBeyond`, yaml-nesting.ts) counts a mapping's keys as deep as its values: a complex key (`? [...]`) nested
 * past twice the limit is refused at its bracket, as a value would be, never handed to the library to compose.
 */
import { describe, expect, it } from '@jest/globals';
import { nestingBeyond } from '../../src/formats/yaml-nesting.js';
import { parseYamlDocument } from '../../src/formats/yaml-document.js';

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('nestingBeyond', () => {
  it('finds a collection nested too deep inside a complex key, at its offset', () => {
    // The key's first bracket is at depth 1 (an item of the map), its n-th at depth n: the 5th is the first beyond 4.
    const text = `? ${nested(6)}\n: 1\n`;
    expect(nestingBeyond(text, 4)).toBe(2 + 4);
    expect(nestingBeyond(`? ${nested(3)}\n: 1\n`, 4)).toBeUndefined();
  });

  it('counts keys and values alike, whichever comes first in the text', () => {
    expect(nestingBeyond(`? a\n: ${nested(6)}\n`, 4)).toBe(6 + 4);
    expect(nestingBeyond(`x: 1\n? ${nested(6)}\n: 1\n`, 4)).toBe(7 + 4);
  });
});

describe('parseYamlDocument', () => {
  it('refuses a key nested past twice the limit before composing it: TOO_DEEP at the key, nothing parsed', () => {
    const doc = parseYamlDocument('policy.yml', Buffer.from(`? ${nested(200)}\n: 1\n`));
    expect(doc.value).toBeUndefined();
    expect(doc.problems.map((p) => [p.code, p.pointer, p.line, p.column])).toStrictEqual([['TOO_DEEP', '', 1, 131]]);
  });
});
