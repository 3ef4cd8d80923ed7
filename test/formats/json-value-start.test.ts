/**
 * How the JSON reader chooses what a value is from its first character: a digit or '-' starts a number, '-' then
 * 'I' a non-finite number, anything else is no value at all. Each wrong start is named with what was expected there,
 * so the author reads "expected a value", not "expected a number", for a stray letter.
 */
import { describe, expect, it } from '@jest/globals';
import { parseJsonDocument } from '../../src/formats/json-document.js';

const problemsOf = (text: string) =>
  parseJsonDocument('m.json', Buffer.from(text)).problems.map((p) => [p.code, p.message, p.pointer, p.line, p.column]);

describe('the first character of a value', () => {
  it('a letter is no value: "expected a value", not "expected a number"', () => {
    expect(problemsOf('{"a": x}')).toStrictEqual([
      [
        'JSON_SYNTAX',
        "Invalid JSON: unexpected token 'x' at line 1, column 7; expected a value (object, array, string, number, true, false or null).",
        '/a',
        1,
        7,
      ],
    ]);
  });

  it("a digit followed by 'I' is a number, then a stray token; '-' then 'I' is read as a non-finite number", () => {
    expect(problemsOf('[1I]')).toStrictEqual([
      [
        'JSON_SYNTAX',
        "Invalid JSON: unexpected token 'I' at line 1, column 3; expected ',' or ']' after an array element.",
        '',
        1,
        3,
      ],
    ]);
    expect(problemsOf('[-Infinity]')).toStrictEqual([
      ['NON_FINITE_NUMBER', 'The number -Infinity at line 1, column 2 is not a finite JSON number.', '/0', 1, 2],
    ]);
    expect(problemsOf('[-I]')).toStrictEqual([
      [
        'JSON_SYNTAX',
        "Invalid JSON: unexpected token '-' at line 1, column 2; expected a value (object, array, string, number, true, false or null).",
        '/0',
        1,
        2,
      ],
    ]);
    expect(parseJsonDocument('m.json', Buffer.from('[-1, 0]')).value).toStrictEqual([-1, 0]);
  });
});
