/**
 * The edges of `canonicalAuditLineText` (src/evidence/canonical-audit-line.ts) the random edits of
 * canonical-audit-line.test.ts do not reach: an object of more than 16 keys (sorted another way than a small one),
 * the nesting limit on both sides, and a number written in another form of the same length (the line is then not
 * `JSON.stringify` output, though it has as many characters).
 */
import { describe, expect, it } from '@jest/globals';
import canonicalize from 'canonicalize';
import { canonicalAuditLineText } from '../../src/evidence/canonical-audit-line.js';

const cut = (line: string) => canonicalAuditLineText(line, JSON.parse(line));
const legacy = (line: string) => {
  const { hash: _hash, ...rest } = JSON.parse(line) as Record<string, unknown>;
  return canonicalize(rest) as string;
};

describe('canonicalAuditLineText at its edges', () => {
  it.each([16, 17, 40])('an object of %i keys, written in reverse order, comes out sorted', (n) => {
    const keys = Array.from({ length: n }, (_, i) => `k${String.fromCharCode(97 + (i % 26))}${i}`).reverse();
    const details = Object.fromEntries(keys.map((k, i) => [k, i]));
    const line = JSON.stringify({ seq: 1, details, hash: 'h' });
    expect(cut(line)).toBe(legacy(line));
    const top = JSON.stringify({ ...details, hash: 'h' });
    expect(cut(top)).toBe(legacy(top));
  });

  it('nesting: 64 levels are cut, 65 are left to the strict reader', () => {
    const at = (levels: number) => `{"a":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    expect(cut(at(64))).toBe(legacy(at(64)));
    expect(cut(at(65))).toBeUndefined();
    const objects = (levels: number) => `{"a":${'{"b":'.repeat(levels - 1)}1${'}'.repeat(levels - 1)}}`;
    expect(cut(objects(64))).toBe(legacy(objects(64)));
    expect(cut(objects(65))).toBeUndefined();
  });

  it('a number in another form of the same length (1e2 for 100) is not JSON.stringify output', () => {
    expect(cut('{"a":1e2,"hash":"h"}')).toBeUndefined();
    expect(cut('{"a":100,"hash":"h"}')).toBe('{"a":100}');
    expect(cut('{"a":"x","b":[1e2]}')).toBeUndefined();
  });
});
