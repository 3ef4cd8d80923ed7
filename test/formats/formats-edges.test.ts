/**
 * The small rules of src/formats that every finding and digest stands on, each at its edges: the manifest → bias
 * report binding (either form, case-insensitive, content form only for a cleanly parsed object), JSON pointers
 * (escaping both ways, the root), canonical JSON (no form for undefined), the schema compiler's settings, the
 * words the two parsers share (duplicate and forbidden keys, nesting), and the YAML nesting guard.
 */
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  biasReportBindingMatches,
  biasReportBindingOf,
  boundReportFileOf,
} from '../../src/formats/bias-report-binding.js';
import { canonicalDigest, canonicalJson, reportContentSha256 } from '../../src/formats/canonical-digest.js';
import { escapePointerToken, parsePointer, pointer } from '../../src/formats/json-pointer.js';
import { newSchemaCompiler } from '../../src/formats/schema-validator.js';
import { memberKeyProblem, tooDeepProblem } from '../../src/formats/shared-parse-rules.js';
import { nestingBeyond } from '../../src/formats/yaml-nesting.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const bytes = (text: string) => new TextEncoder().encode(text);

describe('the manifest → bias report binding', () => {
  const text = '{"model": "fraud", "approvals": [{"by": "carol"}]}';
  const file = boundReportFileOf('reports/latest-bias-report.json', bytes(text));
  const content = reportContentSha256({ model: 'fraud' });

  it('a cleanly parsed object carries its value; the bytes digest is always there', () => {
    expect(file).toEqual({ sha256: sha(text), report: { model: 'fraud', approvals: [{ by: 'carol' }] } });
  });

  it.each([
    ['a BOM', '\ufeff{"model": "fraud"}'],
    ['a duplicate key', '{"model": "a", "model": "b"}'],
    ['an array', '[1]'],
    ['null', 'null'],
    ['a number', '3'],
    ['a string', '"x"'],
  ])('a file with %s carries only its bytes digest', (_what, t) => {
    const bound = boundReportFileOf('r.json', bytes(t));
    expect(bound).toEqual({ sha256: sha(t) });
    expect(Object.keys(bound)).toEqual(['sha256']);
  });

  it('binds by the content form (approvals left out) and by the bytes, in any case; nothing else binds', () => {
    expect(biasReportBindingMatches(content, file)).toBe(true);
    expect(biasReportBindingMatches(content.toUpperCase(), file)).toBe(true);
    expect(biasReportBindingMatches(sha(text), file)).toBe(true);
    expect(biasReportBindingMatches(sha(text).toUpperCase(), file)).toBe(true);
    expect(biasReportBindingMatches(sha('other'), file)).toBe(false);
    expect(biasReportBindingMatches('', file)).toBe(false);
    expect(biasReportBindingMatches(undefined, file)).toBe(false);
    expect(biasReportBindingMatches(123, file)).toBe(false);
    expect(biasReportBindingMatches(['x'], file)).toBe(false);
  });

  it('without a parsed value only the bytes bind, whatever the declared value', () => {
    const bytesOnly = { sha256: 'AB'.repeat(32) };
    expect(biasReportBindingMatches('ab'.repeat(32), bytesOnly)).toBe(true);
    expect(biasReportBindingMatches(reportContentSha256({}), bytesOnly)).toBe(false);
  });

  it('the value written is the content form when the report parsed, else the lower-case bytes digest', () => {
    expect(biasReportBindingOf(file)).toBe(content);
    expect(biasReportBindingOf({ sha256: 'AB'.repeat(32) })).toBe('ab'.repeat(32));
  });
});

describe('JSON pointers', () => {
  it('escape ~ and / in that order, and read them back', () => {
    expect(escapePointerToken('a~/b')).toBe('a~0~1b');
    expect(escapePointerToken('plain')).toBe('plain');
    expect(escapePointerToken(3)).toBe('3');
    expect(pointer('groups', 'a/b', '~x', 0)).toBe('/groups/a~1b/~0x/0');
    expect(parsePointer('/groups/a~1b/~0x/0')).toEqual(['groups', 'a/b', '~x', '0']);
    // ~01 is "~1" escaped: it reads back as the text "~1", not as "/".
    expect(parsePointer('/~01')).toEqual(['~1']);
    expect(parsePointer('/')).toEqual(['']);
  });

  it('the root pointer "" has no tokens', () => {
    expect(parsePointer('')).toEqual([]);
  });
});

describe('canonical JSON', () => {
  it('sorts members (RFC 8785) and hashes that text', () => {
    expect(canonicalJson({ b: 1, a: [true, null] })).toBe('{"a":[true,null],"b":1}');
    expect(canonicalDigest({ b: 1, a: 2 })).toBe('sha256:' + sha('{"a":2,"b":1}'));
  });

  it('undefined has no canonical form: a TypeError, never the text "undefined"', () => {
    expect(() => canonicalJson(undefined)).toThrow(new TypeError('value has no canonical JSON form'));
  });
});

describe('the schema compiler', () => {
  const schema = {
    type: 'object',
    properties: {
      at: { type: 'string', format: 'date-time', description: 'When.' },
      day: { type: 'string', format: 'date' },
      link: { type: 'string', format: 'uri' },
      rate: { type: ['number', 'null'] },
    },
    required: ['at', 'rate'],
  };

  it('reports every error, with its schema and data, and checks the formats the schemas use', () => {
    const validate = newSchemaCompiler().compile(schema);
    expect(validate({ at: '2026-01-01T00:00:00Z', day: '2026-01-01', link: 'https://x.test/a', rate: null })).toBe(
      true,
    );
    expect(validate({ at: 'yesterday', day: '2026-13-45', link: 'not a uri' })).toBe(false);
    const errors = validate.errors ?? [];
    expect(errors.map((e) => [e.instancePath, e.keyword]).sort()).toEqual([
      ['', 'required'],
      ['/at', 'format'],
      ['/day', 'format'],
      ['/link', 'format'],
    ]);
    const at = errors.find((e) => e.instancePath === '/at')!;
    expect(at.parentSchema).toEqual(schema.properties.at);
    expect(at.data).toBe('yesterday');
  });

  it('is strict: a schema mistake (an unknown keyword) is refused at once', () => {
    expect(() => newSchemaCompiler().compile({ type: 'object', requird: ['x'] })).toThrow(/unknown keyword/);
  });
});

describe('the words both parsers share', () => {
  const at = { line: 4, column: 3 };
  it('a duplicate is named in the format’s own words, with the first line', () => {
    const seen = new Map([['a', { line: 2, column: 3 }]]);
    expect(memberKeyProblem({ file: 'f.json', key: 'a', pointer: '/a', at, seen, kind: 'member' })).toEqual({
      severity: 'error',
      code: 'DUPLICATE_KEY',
      message:
        'Duplicate key "a" at line 4, column 3: it is already defined at line 2. Readers disagree on which one wins, so neither is used.',
      file: 'f.json',
      pointer: '/a',
      line: 4,
      column: 3,
      fix: 'Keep exactly one "a" member in this object and delete the other.',
    });
    expect(memberKeyProblem({ file: 'p.yml', key: 'a', pointer: '/a', at, seen, kind: 'key' })?.fix).toBe(
      'Keep exactly one "a" key in this mapping and delete the other.',
    );
  });

  it('a prototype key is forbidden, once it is not a duplicate; a new ordinary key is recorded', () => {
    const seen = new Map<string, { line: number; column: number }>();
    expect(memberKeyProblem({ file: 'f.json', key: 'ok', pointer: '/ok', at, seen, kind: 'member' })).toBeUndefined();
    expect(seen.get('ok')).toEqual(at);
    expect(
      memberKeyProblem({ file: 'f.json', key: 'constructor', pointer: '/constructor', at, seen, kind: 'member' }),
    ).toEqual({
      severity: 'error',
      code: 'FORBIDDEN_KEY',
      message: 'The key "constructor" at line 4, column 3 is not allowed (it could alter object prototypes).',
      file: 'f.json',
      pointer: '/constructor',
      line: 4,
      column: 3,
      fix: 'Remove or rename the "constructor" member.',
    });
    expect(
      memberKeyProblem({ file: 'p.yml', key: 'prototype', pointer: '/prototype', at, seen, kind: 'key' })?.fix,
    ).toBe('Remove or rename the "prototype" key.');
  });

  it('TOO_DEEP names the containers, the limit and the place', () => {
    expect(
      tooDeepProblem({ file: 'f.json', pointer: '/a', at, maxDepth: 64, containers: 'Objects and arrays' }),
    ).toEqual({
      severity: 'error',
      code: 'TOO_DEEP',
      message: 'Objects and arrays are nested more than 64 levels deep at line 4, column 3.',
      file: 'f.json',
      pointer: '/a',
      line: 4,
      column: 3,
      fix: 'Flatten the document: at most 64 nested levels are accepted.',
    });
  });
});

describe('the YAML nesting guard', () => {
  it('is the offset of the first node more than the limit levels below the top collection, or undefined', () => {
    const text = 'a:\n  b:\n    c: 1\n';
    // The top mapping is level 0, its keys and values level 1, the mapping under `a` holds level 2, and so on.
    expect(nestingBeyond(text, 3)).toBeUndefined();
    expect(nestingBeyond(text, 2)).toBe(text.indexOf('1'));
    expect(nestingBeyond(text, 1)).toBe(text.indexOf('c'));
    expect(nestingBeyond(text, 0)).toBe(text.indexOf('b'));
    expect(nestingBeyond('[[[1]]]', 3)).toBeUndefined();
    expect(nestingBeyond('[[[1]]]', 2)).toBe(3);
    expect(nestingBeyond('[[[1]]]', 0)).toBe(1);
  });

  it('judges every document of a stream, and a lone scalar is never too deep', () => {
    expect(nestingBeyond('a: 1\n---\n[[[1]]]\n', 1)).toBe('a: 1\n---\n'.length + 2);
    expect(nestingBeyond('plain', 0)).toBeUndefined();
  });
});
