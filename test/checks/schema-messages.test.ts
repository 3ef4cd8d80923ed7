/**
 * What a schema finding says, word for word, for every kind of schema error (`schemaErrorFindings` over ajv's error
 * objects): the message names the place ("the top level" or the pointer) and what was found; the fix says what to
 * write, with the schema's own description of the member when it has one, the closest accepted name for a
 * misspelling, and the accepted names. A PR author reads these instead of the schema, so each wording is the rule
 * told; the full mutation run changed them unseen.
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
const said = (e: ErrorObject, inner: ErrorObject[] = []) => {
  const [f] = schemaErrorFindings(doc, [e, ...inner]);
  return { code: f!.code, message: f!.message, fix: f!.fix, pointer: f!.pointer, line: f!.line };
};

describe('a missing member', () => {
  it('at the top level, with the member’s description as the fix', () => {
    const e = err(
      'required',
      '',
      { missingProperty: 'version' },
      {
        parentSchema: { properties: { version: { description: 'Semantic version of the model.' } } },
      },
    );
    expect(said(e)).toEqual({
      code: 'SCHEMA_REQUIRED',
      message: 'missing required property "version" at the top level.',
      fix: 'Add "version" at the top level: Semantic version of the model.',
      pointer: '/version',
      line: 1,
    });
  });

  it('inside an object, without a description', () => {
    expect(said(err('required', '/a', { missingProperty: 'd' }))).toEqual({
      code: 'SCHEMA_REQUIRED',
      message: 'missing required property "d" in /a.',
      fix: 'Add "d" to /a.',
      pointer: '/a/d',
      line: 2,
    });
  });
});

describe('an unknown member', () => {
  it('misspelt: the closest accepted name first, then every accepted one', () => {
    const e = err(
      'additionalProperties',
      '/a',
      { additionalProperty: 'vesrion' },
      {
        parentSchema: { properties: { version: {}, name: {} } },
      },
    );
    expect(said(e)).toEqual({
      code: 'SCHEMA_ADDITIONAL_PROPERTIES',
      message: 'unknown property "vesrion" in /a: it is not part of the format.',
      fix: 'Did you mean "version"? Remove "vesrion" or correct its spelling; allowed here: version, name.',
      pointer: '/a/vesrion',
      line: 2,
    });
  });

  it('at the top level, in an object that accepts no member', () => {
    expect(said(err('additionalProperties', '', { additionalProperty: 'zzz' }, { parentSchema: {} }))).toMatchObject({
      message: 'unknown property "zzz" at the top level: it is not part of the format.',
      fix: 'Remove "zzz" or correct its spelling.',
    });
  });

  it('the closest name: a case-only difference beats an abbreviation, which beats an edit, and none past 2 edits', () => {
    const named = (name: string, allowed: string[]) =>
      said(
        err(
          'additionalProperties',
          '',
          { additionalProperty: name },
          {
            parentSchema: { properties: Object.fromEntries(allowed.map((a) => [a, {}])) },
          },
        ),
      ).fix;
    expect(named('VERSION', ['versions', 'version'])).toMatch(/^Did you mean "version"\?/);
    expect(named('vers', ['verse', 'version'])).toMatch(/^Did you mean "verse"\?/);
    expect(named('vers', ['vars', 'version'])).toMatch(/^Did you mean "vars"\?/);
    expect(named('abc', ['xyzw'])).toMatch(/^Remove "abc"/);
  });
});

describe('a member name the schema does not accept', () => {
  const outer = err('propertyNames', '/a', { propertyName: 'aucc' });
  it('names the accepted names from the inner error at the same place', () => {
    const inner = err('enum', '/a', { allowedValues: ['auc', 'f1'] }, { propertyName: 'aucc' });
    expect(said(outer, [inner])).toEqual({
      code: 'SCHEMA_PROPERTY_NAMES',
      message: '"aucc" is not an accepted name in /a.',
      fix: 'Did you mean "auc"? Accepted names: auc, f1.',
      pointer: '/a/aucc',
      line: 2,
    });
  });

  it('without an inner error for it, says to rename', () => {
    const elsewhere = err('enum', '/c', { allowedValues: ['auc'] }, { propertyName: 'aucc' });
    expect(said(outer, [elsewhere]).fix).toBe('Rename "aucc".');
  });
});

describe('a value the schema refuses', () => {
  const withDescription = { parentSchema: { description: 'The file’s hex SHA-256.' } };

  it.each([
    [
      err('type', '/a/b', { type: 'string' }, { data: 1 }),
      'SCHEMA_TYPE',
      '/a/b must be string, found 1.',
      'Write /a/b as string.',
    ],
    [
      err('type', '', { type: 'object' }, { data: [], ...withDescription }),
      'SCHEMA_TYPE',
      'the top level must be object, found [].',
      'Write the top level as object. the top level: The file’s hex SHA-256.',
    ],
    [
      err('pattern', '/c', { pattern: '^[0-9a-f]{64}$' }, { data: 'x' }),
      'SCHEMA_PATTERN',
      '/c must match pattern "^[0-9a-f]{64}$", found "x".',
      'Correct the value of /c.',
    ],
    [
      err('pattern', '/c', { pattern: '^[0-9a-f]{64}$' }, { data: 'x', ...withDescription }),
      'SCHEMA_PATTERN',
      '/c must match pattern "^[0-9a-f]{64}$", found "x".',
      'Correct the value of /c: The file’s hex SHA-256.',
    ],
    [
      err('enum', '/c', { allowedValues: ['promote', 'rollback'] }, { data: 'x' }),
      'SCHEMA_ENUM',
      '/c must be one of "promote", "rollback", found "x".',
      'Use one of "promote", "rollback".',
    ],
    [
      err('const', '/c', { allowedValue: 1 }, { data: 'x' }),
      'SCHEMA_CONST',
      '/c must be 1, found "x".',
      'Set /c to 1.',
    ],
    [
      err('format', '/c', { format: 'date-time' }, { data: 'x' }),
      'SCHEMA_FORMAT',
      '/c must be an RFC 3339 date-time with a time zone, e.g. 2026-11-20T10:00:00Z, found "x".',
      'Write /c as an RFC 3339 date-time with a time zone, e.g. 2026-11-20T10:00:00Z.',
    ],
    [
      err('format', '/c', { format: 'ipv4' }, { data: 'x' }),
      'SCHEMA_FORMAT',
      '/c must be a valid ipv4, found "x".',
      'Write /c as a valid ipv4.',
    ],
    [
      err('maxLength', '/c', { limit: 1 }, { data: 'xy', message: 'must NOT have more than 1 characters' }),
      'SCHEMA_MAX_LENGTH',
      '/c must NOT have more than 1 characters, found "xy".',
      'Correct /c.',
    ],
    [
      err('minItems', '/a', { limit: 1 }, { data: {} }),
      'SCHEMA_MIN_ITEMS',
      '/a fails the schema keyword "minItems", found {}.',
      'Correct /a.',
    ],
  ])('%#: %s', (e, code, message, fix) => {
    expect(said(e)).toMatchObject({ code, message, fix });
  });

  it('shows a long value cut to 60 characters, and one JSON cannot show as text', () => {
    const long = 'x'.repeat(100);
    expect(said(err('type', '/c', { type: 'number' }, { data: long })).message).toBe(
      `/c must be number, found "${'x'.repeat(56)}....`,
    );
    expect(said(err('type', '/c', { type: 'number' }, { data: 'x'.repeat(58) })).message).toBe(
      `/c must be number, found "${'x'.repeat(58)}".`,
    );
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(said(err('type', '/c', { type: 'number' }, { data: circular })).message).toBe(
      '/c must be number, found [object Object].',
    );
  });
});

it(`lists at most ${MAX_SCHEMA_FINDINGS} errors of a document and says how many there were`, () => {
  const errors = Array.from({ length: MAX_SCHEMA_FINDINGS + 1 }, () =>
    err('type', '/c', { type: 'number' }, { data: 'x' }),
  );
  const findings = schemaErrorFindings(doc, errors);
  expect(findings).toHaveLength(MAX_SCHEMA_FINDINGS + 1);
  expect(findings.at(-1)).toMatchObject({
    code: 'SCHEMA_TOO_MANY_ERRORS',
    message: `model/manifest.json has ${MAX_SCHEMA_FINDINGS + 1} schema errors; the first ${MAX_SCHEMA_FINDINGS} are listed.`,
    pointer: '',
  });
  expect(schemaErrorFindings(doc, errors.slice(1)).map((f) => f.code)).not.toContain('SCHEMA_TOO_MANY_ERRORS');
});
