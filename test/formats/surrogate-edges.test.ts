/**
 * Half a surrogate pair at the edges of the surrogate ranges, in both strict readers: which code unit the finding
 * names is decided by where a high half (0xD800–0xDBFF) and a low half (0xDC00–0xDFFF) begin and end, so every case
 * sits on one of those four edges, or puts a whole pair right before the lone half. hostile-input.test.ts holds the
 * property over random escapes; these are the fixed cases that name the exact unit, fast enough for every mutant.
 */
import { describe, expect, it } from '@jest/globals';
import { parseJsonDocument } from '../../src/formats/json-document.js';
import { parseYamlDocument } from '../../src/formats/yaml-document.js';

const lone = (escape: string, line: number, column: number) =>
  `The escape ${escape} at line ${line}, column ${column} is half of a UTF-16 surrogate pair without its other half: it is not a character.`;

describe('YAML: the first lone half of a double-quoted value is named', () => {
  const yaml = (escapes: string) => parseYamlDocument('p.yml', Buffer.from(`a: "${escapes}"\n`));

  it.each([
    ['a whole pair at the bottom of both ranges (U+10000), then a lone high half', '\\U00010000\\uDBFF', '\\uDBFF'],
    ['a whole pair at the top of both ranges (U+10FFFF), then a lone low half', '\\U0010FFFF\\uDC00', '\\uDC00'],
    ['a whole pair at the top of both ranges (U+10FFFF), then a lone high half', '\\U0010FFFF\\uD800', '\\uD800'],
    ['an emoji, then a lone low half', '\\U0001F600\\uDFFF', '\\uDFFF'],
    ['a lone low half at the bottom of its range', '\\uDC00', '\\uDC00'],
    ['a lone low half at the top of its range', 'ok\\uDFFF', '\\uDFFF'],
    ['a lone high half followed by a plain letter and a low half', '\\uD800A\\uDC00', '\\uD800'],
    ['a plain letter, then a low half', 'x\\uDC00', '\\uDC00'],
    ['a character above the surrogates, then a lone high half', '\\uE000\\uD800', '\\uD800'],
  ])('%s', (_what, escapes, escape) => {
    const doc = yaml(escapes);
    expect(doc.value).toBeUndefined();
    expect(doc.problems).toStrictEqual([
      {
        severity: 'error',
        code: 'LONE_SURROGATE',
        message: lone(escape, 1, 4),
        file: 'p.yml',
        pointer: '/a',
        line: 1,
        column: 4,
        fix: expect.any(String),
      },
    ]);
  });

  it('the controls: whole pairs at both edges and characters beside the ranges are read as they are', () => {
    const doc = yaml('\\U00010000\\U0010FFFF\\uD7FF\\uE000');
    expect(doc.problems).toStrictEqual([]);
    expect(doc.value).toStrictEqual({ a: '\u{10000}\u{10FFFF}\uD7FF\uE000' });
  });
});

describe('JSON: a \\u escape is joined only with the low half right after it', () => {
  const json = (literal: string) => parseJsonDocument('r.json', Buffer.from(`{"a": "${literal}"}`));

  const finding = ([escape, column]: [string, number]) => ({
    severity: 'error',
    code: 'LONE_SURROGATE',
    message: lone(escape, 1, column),
    file: 'r.json',
    pointer: '/a',
    line: 1,
    column,
    fix: expect.any(String),
  });

  it.each<[string, string, Array<[string, number]>]>([
    [
      'two low halves: neither is a high half, each is named',
      '\\udc00\\udc01',
      [
        ['\\udc00', 8],
        ['\\udc01', 14],
      ],
    ],
    [
      'a high half, a letter, then a low half: not adjacent',
      '\\ud800x\\udc00',
      [
        ['\\ud800', 8],
        ['\\udc00', 15],
      ],
    ],
    ['a low half at the top of its range', '\\udfff', [['\\udfff', 8]]],
    ['a high half at the top of its range between letters', 'z\\uDBFFz', [['\\uDBFF', 9]]],
  ])('%s', (_what, literal, named) => {
    const doc = json(literal);
    expect(doc.value).toBeUndefined();
    expect(doc.problems).toStrictEqual(named.map(finding));
  });

  it('the controls: a pair at each edge is one character, in either case of hex digits', () => {
    const doc = json('\\uD800\\uDC00\\udbff\\udfff\\uDbFf\\uDfFf');
    expect(doc.problems).toStrictEqual([]);
    expect(doc.value).toStrictEqual({ a: '\u{10000}\u{10FFFF}\u{10FFFF}' });
  });
});
