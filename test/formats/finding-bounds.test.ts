/**
 * The bounds every finding keeps whatever the input (src/formats/finding.ts): a message or fix longer than
 * MAX_MESSAGE_LENGTH is cut at exactly that length without splitting a surrogate pair, a list names MAX_LISTED_ITEMS
 * items and "and N more", a pointer too long becomes its nearest ancestor that fits, and `file:line:column` is as
 * much of the location as is known. Each bound is tested at its edge (equal passes through, one more is cut).
 */
import { describe, expect, it } from '@jest/globals';
import {
  boundedFinding,
  boundedPointer,
  boundedText,
  error,
  indeterminate,
  listedItems,
  locationOf,
  MAX_LISTED_ITEMS,
  MAX_MESSAGE_LENGTH,
  notice,
  warning,
  type Finding,
} from '../../src/formats/finding.js';

describe('boundedText', () => {
  it('keeps a text of exactly the limit as it is, and cuts one code unit more with how much was left out', () => {
    expect(boundedText('abcde', 5)).toBe('abcde');
    expect(boundedText('abcdef', 5)).toBe('abcde… (1 more characters)');
    expect(boundedText('x'.repeat(MAX_MESSAGE_LENGTH))).toBe('x'.repeat(MAX_MESSAGE_LENGTH));
    expect(boundedText('x'.repeat(MAX_MESSAGE_LENGTH + 3))).toBe(
      `${'x'.repeat(MAX_MESSAGE_LENGTH)}… (3 more characters)`,
    );
  });

  it('never splits a surrogate pair: a cut that would end on a high surrogate ends one code unit earlier', () => {
    // '😀' is two code units (0xd83d 0xde00); a cut at 3 would keep only the high half.
    expect(boundedText('ab😀cd', 3)).toBe('ab… (4 more characters)');
    // A cut after the whole pair keeps it.
    expect(boundedText('ab😀cd', 4)).toBe('ab😀… (2 more characters)');
    // The edges of the high-surrogate range: 0xd800 and 0xdbff are held back, 0xd7ff and 0xdc00 are not.
    expect(boundedText('a\ud800\udc00b', 2)).toBe('a… (3 more characters)');
    expect(boundedText('a\udbff\udfffb', 2)).toBe('a… (3 more characters)');
    expect(boundedText('a\ud7ffbc', 2)).toBe('a\ud7ff… (2 more characters)');
    expect(boundedText('a\udc00bc', 2)).toBe('a\udc00… (2 more characters)');
  });

  it('a negative limit keeps nothing of the text rather than counting from its end', () => {
    expect(boundedText('abc', -1)).toBe('… (3 more characters)');
  });
});

describe('listedItems', () => {
  it('names every item when there are at most the limit, and the first ones with "and N more" above it', () => {
    expect(listedItems(['a', 'b', 'c'], 3)).toBe('a, b, c');
    expect(listedItems(['a', 'b', 'c', 'd', 'e'], 3)).toBe('a, b, c, and 2 more');
    expect(listedItems(['a', 'b'], 1, ' / ')).toBe('a / and 1 more');
    const many = Array.from({ length: MAX_LISTED_ITEMS + 1 }, (_, i) => `g${i}`);
    expect(listedItems(many.slice(0, MAX_LISTED_ITEMS))).toBe(many.slice(0, MAX_LISTED_ITEMS).join(', '));
    expect(listedItems(many)).toBe(`${many.slice(0, MAX_LISTED_ITEMS).join(', ')}, and 1 more`);
  });
});

describe('boundedPointer', () => {
  it('keeps a pointer of exactly the limit, and makes a longer one the nearest ancestor that fits', () => {
    const fits = '/' + 'k'.repeat(MAX_MESSAGE_LENGTH - 1);
    expect(boundedPointer(fits)).toBe(fits);
    const long = '/groups/' + 'k'.repeat(MAX_MESSAGE_LENGTH);
    expect(boundedPointer(long)).toBe('/groups');
  });

  it('a pointer whose first token alone is too long becomes the root pointer ""', () => {
    expect(boundedPointer('/' + 'k'.repeat(MAX_MESSAGE_LENGTH + 5))).toBe('');
  });
});

describe('boundedFinding', () => {
  it('returns the same finding when nothing needs bounding', () => {
    const f: Finding = { severity: 'error', code: 'X', message: 'm', fix: 'f', pointer: '/a' };
    expect(boundedFinding(f)).toBe(f);
    const bare: Finding = { severity: 'error', code: 'X', message: 'm' };
    expect(boundedFinding(bare)).toBe(bare);
    expect(Object.keys(boundedFinding(bare))).toEqual(['severity', 'code', 'message']);
  });

  it('bounds each of message, fix and pointer on its own, leaving the original untouched', () => {
    const long = 'y'.repeat(MAX_MESSAGE_LENGTH + 1);
    const cut = `${'y'.repeat(MAX_MESSAGE_LENGTH)}… (1 more characters)`;
    const longPointer = '/a/' + 'p'.repeat(MAX_MESSAGE_LENGTH);

    const byMessage: Finding = { severity: 'error', code: 'X', message: long, file: 'f.json', line: 3 };
    expect(boundedFinding(byMessage)).toEqual({ severity: 'error', code: 'X', message: cut, file: 'f.json', line: 3 });
    expect(byMessage.message).toBe(long);

    const byFix: Finding = { severity: 'warning', code: 'X', message: 'm', fix: long };
    const boundedFix = boundedFinding(byFix);
    expect(boundedFix).not.toBe(byFix);
    expect(boundedFix).toEqual({ severity: 'warning', code: 'X', message: 'm', fix: cut });

    const byPointer: Finding = { severity: 'notice', code: 'X', message: 'm', pointer: longPointer };
    const boundedPtr = boundedFinding(byPointer);
    expect(boundedPtr).not.toBe(byPointer);
    expect(boundedPtr).toEqual({ severity: 'notice', code: 'X', message: 'm', pointer: '/a' });
    // No fix or pointer key appears where the finding had none.
    expect(Object.keys(boundedPtr).sort()).toEqual(['code', 'message', 'pointer', 'severity']);
    expect(Object.keys(boundedFinding(byMessage)).sort()).toEqual(['code', 'file', 'line', 'message', 'severity']);
  });

  it('the constructors set the severity, the could-not-judge mark, and bound what they build', () => {
    const long = 'z'.repeat(MAX_MESSAGE_LENGTH + 2);
    expect(error('E', long, { fix: 'f' })).toEqual({
      severity: 'error',
      code: 'E',
      message: `${'z'.repeat(MAX_MESSAGE_LENGTH)}… (2 more characters)`,
      fix: 'f',
    });
    expect(warning('W', 'm')).toEqual({ severity: 'warning', code: 'W', message: 'm' });
    expect(notice('N', 'm', { pointer: '/p' })).toEqual({ severity: 'notice', code: 'N', message: 'm', pointer: '/p' });
    expect(indeterminate('I', 'm', { file: 'a' })).toEqual({
      severity: 'error',
      code: 'I',
      message: 'm',
      indeterminate: true,
      file: 'a',
    });
  });
});

describe('locationOf', () => {
  it('is as much of file:line:column as is known, and nothing without a file', () => {
    expect(locationOf({ file: 'model/manifest.json', line: 4, column: 9 })).toBe('model/manifest.json:4:9');
    expect(locationOf({ file: 'model/manifest.json', line: 4 })).toBe('model/manifest.json:4');
    expect(locationOf({ file: 'model/manifest.json' })).toBe('model/manifest.json');
    expect(locationOf({ line: 4, column: 9 })).toBe('');
    expect(locationOf({ file: '', line: 4 })).toBe('');
  });
});
