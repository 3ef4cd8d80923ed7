import { describe, expect, it } from '@jest/globals';
import { parseYamlDocument } from '../../src/formats/yaml-document.js';

const FILE = '.github/governance-policy.yml';
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const parse = (text: string, options?: { maxBytes?: number; maxDepth?: number }) =>
  parseYamlDocument(FILE, bytes(text), options);

describe('parseYamlDocument: valid documents', () => {
  it('parses block and flow YAML with the core schema and positions every value', () => {
    const text = [
      '# comment',
      'version: 1',
      'model: { manifest: model/manifest.json, archiveDir: artifacts }',
      'approvals:',
      '  roster:',
      '    - { login: alice, roles: [governance-board] }',
      '    - login: bob',
      '      roles:',
      '        - regulatory-affairs',
      '  separationOfDuties: yes',
      '  empty:',
      '',
    ].join('\n');
    const doc = parse(text);
    expect(doc.problems).toEqual([]);
    expect(doc.value).toEqual({
      version: 1,
      model: { manifest: 'model/manifest.json', archiveDir: 'artifacts' },
      approvals: {
        roster: [
          { login: 'alice', roles: ['governance-board'] },
          { login: 'bob', roles: ['regulatory-affairs'] },
        ],
        // YAML 1.2 core schema: `yes` is a string, not a boolean.
        separationOfDuties: 'yes',
        empty: null,
      },
    });
    expect(doc.positions['']).toEqual({ line: 2, column: 1 });
    expect(doc.positions['/version']).toEqual({ line: 2, column: 10 });
    expect(doc.positions['/model/archiveDir']).toEqual({ line: 3, column: 53 });
    expect(doc.positions['/approvals/roster/0/roles/0']).toEqual({ line: 6, column: 31 });
    expect(doc.positions['/approvals/roster/1']).toEqual({ line: 7, column: 7 });
    expect(doc.positions['/approvals/roster/1/roles/0']).toEqual({ line: 9, column: 11 });
    expect(doc.positions['/approvals/empty']).toBeDefined();
  });

  it('keeps dates as strings and merge keys as ordinary keys', () => {
    const doc = parse('at: 2026-11-20\nbase: &b { a: 1 }\nother:\n  <<: *b\n');
    expect(doc.problems).toEqual([]);
    expect(doc.value).toEqual({ at: '2026-11-20', base: { a: 1 }, other: { '<<': { a: 1 } } });
    expect(doc.positions['/other/~0~0'] ?? doc.positions['/other/<<']).toEqual({ line: 4, column: 7 });
  });
});

describe('parseYamlDocument: problems (value is undefined, never a throw)', () => {
  it('FILE_EMPTY, BOM_PRESENT, INVALID_UTF8 and FILE_TOO_LARGE like the JSON parser', () => {
    expect(parse('\n\n').problems.map((p) => p.code)).toEqual(['FILE_EMPTY']);
    const bom = parseYamlDocument(FILE, new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('a: 1\n')]));
    expect(bom.problems.map((p) => p.code)).toEqual(['BOM_PRESENT']);
    expect(bom.value).toBeUndefined();
    expect(parseYamlDocument(FILE, new Uint8Array([0x61, 0x3a, 0x20, 0xff])).problems.map((p) => p.code)).toEqual([
      'INVALID_UTF8',
    ]);
    expect(parse('a: 1\n', { maxBytes: 2 }).problems.map((p) => p.code)).toEqual(['FILE_TOO_LARGE']);
  });

  it('YAML_SYNTAX with line and column', () => {
    const doc = parse('model:\n  manifest: "unterminated\n');
    expect(doc.value).toBeUndefined();
    expect(doc.problems.length).toBeGreaterThan(0);
    expect(doc.problems[0]).toMatchObject({ code: 'YAML_SYNTAX', severity: 'error', file: FILE, line: 3, column: 1 });
    expect(doc.problems[0]!.message).toContain('line 3, column 1');
    const bad = parse('a: b: c\n');
    expect(bad.problems).toEqual([expect.objectContaining({ code: 'YAML_SYNTAX', line: 1, column: 4 })]);
    expect(bad.problems[0]!.message).toContain('Nested mappings are not allowed in compact mappings');
  });

  it('YAML_SYNTAX for several documents in one file', () => {
    const doc = parse('a: 1\n---\nb: 2\n');
    expect(doc.problems.map((p) => p.code)).toEqual(['YAML_SYNTAX']);
    expect(doc.value).toBeUndefined();
  });

  it('DUPLICATE_KEY points at the second key and names the line of the first', () => {
    const doc = parse('bias:\n  minGroupSize: 30\n  reviewerRole: x\n  minGroupSize: 5\n');
    expect(doc.value).toBeUndefined();
    expect(doc.problems).toEqual([
      expect.objectContaining({ code: 'DUPLICATE_KEY', pointer: '/bias/minGroupSize', line: 4, column: 3 }),
    ]);
    expect(doc.problems[0]!.message).toContain('"minGroupSize"');
    expect(doc.problems[0]!.message).toContain('line 2');
  });

  it('DUPLICATE_KEY when keys only collide as JSON (1 and "1")', () => {
    const doc = parse('1: a\n"1": b\n');
    expect(doc.problems.map((p) => [p.code, p.pointer, p.line])).toEqual([['DUPLICATE_KEY', '/1', 2]]);
  });

  it('NON_FINITE_NUMBER for .nan, .inf and overflowing numbers', () => {
    const doc = parse('a: .nan\nb: -.inf\nc: 1e400\nd: 0.5\n');
    expect(doc.value).toBeUndefined();
    expect(doc.problems.map((p) => [p.code, p.pointer, p.line, p.column])).toEqual([
      ['NON_FINITE_NUMBER', '/a', 1, 4],
      ['NON_FINITE_NUMBER', '/b', 2, 4],
      ['NON_FINITE_NUMBER', '/c', 3, 4],
    ]);
  });

  it('FORBIDDEN_KEY and no prototype pollution', () => {
    const doc = parse('__proto__: { polluted: true }\na:\n  constructor: 1\n');
    expect(doc.value).toBeUndefined();
    expect(doc.problems.map((p) => [p.code, p.pointer, p.line])).toEqual([
      ['FORBIDDEN_KEY', '/__proto__', 1],
      ['FORBIDDEN_KEY', '/a/constructor', 3],
    ]);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('YAML_UNSUPPORTED_TAG for custom and YAML 1.1 tags', () => {
    const doc = parse('a: !!binary aGVsbG8=\nb: !custom x\nc: !!str 12\n');
    expect(doc.value).toBeUndefined();
    // One finding per tag, at the value it tags (the core schema's !!str is plain YAML).
    expect(doc.problems.map((p) => [p.code, p.pointer, p.line])).toEqual([
      ['YAML_UNSUPPORTED_TAG', '/a', 1],
      ['YAML_UNSUPPORTED_TAG', '/b', 2],
    ]);
  });

  it('YAML_COMPLEX_KEY for a mapping used as a key', () => {
    const doc = parse('? [a, b]\n: 1\n');
    expect(doc.problems.map((p) => [p.code, p.line])).toEqual([['YAML_COMPLEX_KEY', 1]]);
  });

  it('YAML_ALIAS_LIMIT against billion laughs', () => {
    const lol = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
      '',
    ].join('\n');
    const doc = parse(lol);
    expect(doc.value).toBeUndefined();
    expect(doc.problems.map((p) => p.code)).toEqual(['YAML_ALIAS_LIMIT']);
  });

  it('TOO_DEEP beyond the limit, and 100 000 nested levels return without crashing', () => {
    expect(parse('a: [[1]]\n', { maxDepth: 2 }).problems).toEqual([
      expect.objectContaining({ code: 'TOO_DEEP', pointer: '/a/0', line: 1, column: 5 }),
    ]);
    // Far beyond the limit (twice 64), the document is refused before it is composed, at the first collection
    // past that depth: the 130th bracket, the 130th "- ". Both in one process: composing them once made V8 abort.
    const flow = parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(flow.value).toBeUndefined();
    expect(flow.problems.map((p) => [p.code, p.pointer, p.line, p.column])).toEqual([['TOO_DEEP', '', 1, 130]]);
    const block = parse('- '.repeat(100_000) + 'x\n');
    expect(block.value).toBeUndefined();
    expect(block.problems.map((p) => [p.code, p.pointer, p.line, p.column])).toEqual([['TOO_DEEP', '', 1, 259]]);
  });

  it('TOO_DEEP is judged on the syntax, so brackets inside quoted strings neither hide nor fake depth', () => {
    // 200 levels, each with a quoted "]" that a count of brackets would take as a closing one.
    const hidden = parse('a: ' + '["]", '.repeat(200) + '1' + ']'.repeat(200) + '\n');
    expect(hidden.problems.map((p) => p.code)).toEqual(['TOO_DEEP']);
    // 300 opening brackets inside one quoted string are one string.
    const faked = parse(`a: "${'['.repeat(300)}"\n`);
    expect(faked.problems).toEqual([]);
    expect(faked.value).toEqual({ a: '['.repeat(300) });
    // Between the limit and twice the limit the composed document is judged, at the first pointer too deep.
    const near = parse('a: ' + '['.repeat(100) + ']'.repeat(100) + '\n');
    expect(near.problems.map((p) => [p.code, p.line])).toEqual([['TOO_DEEP', 1]]);
    expect(near.problems[0]!.pointer).toBe('/a' + '/0'.repeat(63));
  });
});
