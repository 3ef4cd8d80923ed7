/**
 * The edges of `schemaErrorFindings` the word-for-word tests (schema-messages) leave open: the code made of a
 * keyword with several non-letters in a row, an error whose parent schema is missing or null, an inner
 * `propertyNames` error about another name at the same place, an `enum` error without its values, the fix of the
 * "too many errors" finding, and where the closest-name suggestion stops (an abbreviation of exactly four letters,
 * a length difference of exactly two). Each edge is something the full mutation run moved unseen.
 */
import { describe, expect, it } from '@jest/globals';
import type { ErrorObject } from 'ajv';
import { MAX_SCHEMA_FINDINGS, schemaErrorFindings } from '../../src/checks/schema.js';
import { parseJsonDocument } from '../../src/formats/json-document.js';

const doc = parseJsonDocument(
  'model/manifest.json',
  new TextEncoder().encode('{\n  "a": {\n    "b": 1\n  },\n  "c": "x"\n}\n'),
);

function err(keyword: string, instancePath: string, params: Record<string, unknown>, more: Partial<ErrorObject> = {}) {
  return { keyword, instancePath, schemaPath: '#', params, ...more } as ErrorObject;
}
const first = (...errors: ErrorObject[]) => schemaErrorFindings(doc, errors)[0]!;

/** The fix for an unknown member `name` where the schema allows `allowed`. */
const fixForUnknown = (name: string, allowed: string[]) =>
  first(
    err(
      'additionalProperties',
      '',
      { additionalProperty: name },
      { parentSchema: { properties: Object.fromEntries(allowed.map((a) => [a, {}])) } },
    ),
  ).fix;

describe('the finding code', () => {
  it('joins a run of non-letters in the keyword into one underscore', () => {
    const f = first(err('x-custom--check', '/c', {}, { data: 'x', message: 'is refused' }));
    expect(f.code).toBe('SCHEMA_X_CUSTOM_CHECK');
    expect(f.message).toBe('/c is refused, found "x".');
  });
});

describe('a parent schema that is missing or null', () => {
  it('a null parent schema gives no description', () => {
    const f = first(err('type', '/c', { type: 'number' }, { data: 'x', parentSchema: null as unknown as object }));
    expect(f.fix).toBe('Write /c as number.');
  });

  it('an unknown member without a parent schema lists no allowed names', () => {
    const f = first(err('additionalProperties', '/a', { additionalProperty: 'zz' }));
    expect(f.fix).toBe('Remove "zz" or correct its spelling.');
  });
});

describe('a member name the schema does not accept', () => {
  it('takes the accepted names from the inner error about that name, not another at the same place', () => {
    const outer = err('propertyNames', '/a', { propertyName: 'aucc' });
    const otherName = err('enum', '/a', { allowedValues: ['x1', 'x2'] }, { propertyName: 'other' });
    const same = err('enum', '/a', { allowedValues: ['auc', 'f1'] }, { propertyName: 'aucc' });
    expect(first(outer, otherName, same).fix).toBe('Did you mean "auc"? Accepted names: auc, f1.');
  });
});

describe('an enum error without its values', () => {
  it('lists none', () => {
    const f = first(err('enum', '/c', {}, { data: 'x' }));
    expect(f.message).toBe('/c must be one of , found "x".');
    expect(f.fix).toBe('Use one of .');
  });
});

describe('too many errors', () => {
  it('the last finding, at the root, says to fix the errors listed and run again', () => {
    const errors = Array.from({ length: MAX_SCHEMA_FINDINGS + 1 }, () =>
      err('type', '/c', { type: 'number' }, { data: 'x' }),
    );
    expect(schemaErrorFindings(doc, errors).at(-1)).toEqual({
      severity: 'error',
      code: 'SCHEMA_TOO_MANY_ERRORS',
      message: `model/manifest.json has ${MAX_SCHEMA_FINDINGS + 1} schema errors; the first ${MAX_SCHEMA_FINDINGS} are listed.`,
      file: 'model/manifest.json',
      pointer: '',
      line: 1,
      column: 1,
      fix: 'Fix the errors listed, then run the gate again to see the rest.',
    });
  });
});

describe('the closest accepted name', () => {
  it('an abbreviation of exactly four letters is suggested, one of three is not', () => {
    expect(fixForUnknown('vers', ['versions'])).toBe(
      'Did you mean "versions"? Remove "vers" or correct its spelling; allowed here: versions.',
    );
    expect(fixForUnknown('ver', ['versions'])).toBe('Remove "ver" or correct its spelling; allowed here: versions.');
  });

  it('two letters more is still within reach of an edit, three is not', () => {
    expect(fixForUnknown('ab', ['abcd'])).toBe(
      'Did you mean "abcd"? Remove "ab" or correct its spelling; allowed here: abcd.',
    );
    expect(fixForUnknown('ab', ['abcde'])).toBe('Remove "ab" or correct its spelling; allowed here: abcde.');
  });
});
