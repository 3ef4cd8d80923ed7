/**
 * Properties of the strict JSON and YAML parsers (src/formats/json-document.ts, yaml-document.ts): they never throw,
 * they agree with JSON.parse on every valid document, they refuse what makes a document ambiguous, and every value
 * is positioned.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { stringify as stringifyYaml } from 'yaml';
import { FORBIDDEN_KEYS, parseJsonDocument } from '../../src/formats/json-document.js';
import { parseYamlDocument } from '../../src/formats/yaml-document.js';

const RUNS = { numRuns: 300 };

/** JSON values without the keys the parser refuses on purpose (they are tested separately below). */
const safeKey = fc.string({ maxLength: 12 }).filter((k) => !FORBIDDEN_KEYS.has(k));
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? 0 : d)),
    fc.integer(),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(safeKey, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Every JSON pointer of a value (the root is ""). */
function pointersOf(v: unknown, base = ''): string[] {
  const out = [base];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...pointersOf(x, `${base}/${i}`)));
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v))
      out.push(...pointersOf(x, `${base}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  return out;
}

describe('parseJsonDocument', () => {
  it('never throws, whatever the bytes; the value is undefined exactly when there are problems', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const doc = parseJsonDocument('f.json', bytes);
        expect(doc.value === undefined).toBe(doc.problems.length > 0);
        for (const p of doc.problems) expect(p.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on JSON-looking text with random edits (the shapes that reach deep into the grammar)', () => {
    const tokens = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"a"',
      '"__proto__"',
      '1e400',
      'NaN',
      '-',
      '0',
      '01',
      'true',
      'nul',
      '\\u',
      '"',
      ' ',
      '\n',
      '\u0000',
      '\ufeff',
    );
    fc.assert(
      fc.property(fc.array(tokens, { maxLength: 60 }), (parts) => {
        const doc = parseJsonDocument('f.json', Buffer.from(parts.join('')));
        expect(doc.value === undefined || doc.problems.length === 0).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads every valid document exactly as JSON.parse does, compact or pretty', () => {
    fc.assert(
      fc.property(jsonValue, fc.constantFrom(0, 2, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const doc = parseJsonDocument('f.json', Buffer.from(text));
        expect(doc.problems).toEqual([]);
        expect(doc.value).toEqual(JSON.parse(text));
      }),
      RUNS,
    );
  });

  it('positions every value of a valid document', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        const doc = parseJsonDocument('f.json', Buffer.from(JSON.stringify(value, null, 2)));
        for (const ptr of pointersOf(value)) {
          expect(doc.positions[ptr]).toEqual({ line: expect.any(Number), column: expect.any(Number) });
        }
      }),
      RUNS,
    );
  });

  it('refuses any object that repeats a key, at any depth', () => {
    fc.assert(
      fc.property(jsonValue, safeKey, fc.integer({ min: 0, max: 3 }), (value, key, depth) => {
        let text = `{${JSON.stringify(key)}: 1, ${JSON.stringify(key)}: ${JSON.stringify(value)}}`;
        for (let i = 0; i < depth; i++) text = `{"wrap": ${text}}`;
        const doc = parseJsonDocument('f.json', Buffer.from(text));
        expect(doc.value).toBeUndefined();
        expect(doc.problems.map((p) => p.code)).toContain('DUPLICATE_KEY');
      }),
      RUNS,
    );
  });

  it('refuses __proto__, constructor and prototype members and never pollutes Object.prototype', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FORBIDDEN_KEYS), jsonValue, (key, value) => {
        const doc = parseJsonDocument(
          'f.json',
          Buffer.from(`{"a": {${JSON.stringify(key)}: {"polluted": ${JSON.stringify(value)}}}}`),
        );
        expect(doc.value).toBeUndefined();
        expect(doc.problems.map((p) => p.code)).toContain('FORBIDDEN_KEY');
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('refuses any nesting deeper than the limit, however deep', () => {
    fc.assert(
      fc.property(fc.integer({ min: 65, max: 200_000 }), fc.boolean(), (depth, objects) => {
        const text = objects ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth);
        const doc = parseJsonDocument('f.json', Buffer.from(text));
        expect(doc.problems.map((p) => p.code)).toEqual(['TOO_DEEP']);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses numbers that do not fit a double (never reads them as Infinity)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 309, max: 100_000 }), fc.boolean(), (exp, negative) => {
        const doc = parseJsonDocument('f.json', Buffer.from(`{"n": ${negative ? '-' : ''}1e${exp}}`));
        expect(doc.problems.map((p) => p.code)).toEqual(['NON_FINITE_NUMBER']);
      }),
      RUNS,
    );
  });
});

describe('parseYamlDocument', () => {
  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const doc = parseYamlDocument('p.yml', Buffer.from(text));
        expect(doc.value === undefined || doc.problems.length === 0).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on YAML-looking text built from its trickiest tokens', () => {
    const tokens = fc.constantFrom(
      'a: ',
      '- ',
      '&x ',
      '*x',
      '<<: ',
      '!!binary ',
      '!t ',
      '? ',
      '{',
      '}',
      '[',
      ']',
      ', ',
      '\n',
      '  ',
      '\t',
      '"',
      "'",
      '.nan',
      '.inf',
      '1e400',
      '__proto__: ',
      '---\n',
      '#',
      '|\n',
      '%YAML 1.1\n',
    );
    fc.assert(
      fc.property(fc.array(tokens, { maxLength: 40 }), (parts) => {
        const doc = parseYamlDocument('p.yml', Buffer.from(parts.join('')));
        expect(doc.value === undefined || doc.problems.length === 0).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads a YAML rendering of any JSON value as that value', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          safeKey.filter((k) => k !== '<<'),
          jsonValue,
          { minKeys: 1, maxKeys: 5 },
        ),
        (value) => {
          const doc = parseYamlDocument('p.yml', Buffer.from(stringifyYaml(value)));
          expect(doc.problems).toEqual([]);
          expect(doc.value).toEqual(value);
        },
      ),
      RUNS,
    );
  });
});
