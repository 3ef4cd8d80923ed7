/**
 * Edges of the strict JSON reader (src/formats/json-document.ts) that the other suites leave open:
 * - a byte that can never start a UTF-8 character (0x80–0xC1) is refused at its own offset, even when continuation
 *   bytes follow it that a 3- or 4-byte sequence would have accepted;
 * - a property name holding a lone surrogate escape is read as U+FFFD (so its position is kept under that name);
 * - a failure that is not a finding (the stack running out under a depth limit lifted by the caller) is not turned
 *   into a document with no value and no problem: it propagates.
 */
import { describe, expect, it } from '@jest/globals';
import { firstInvalidUtf8Offset, parseJsonDocument } from '../../src/formats/json-document.js';

const utf8Fix = 'Save the file as UTF-8 (without BOM).';

describe('a byte that cannot start a UTF-8 character', () => {
  it.each([
    ['0x80 followed by two continuation bytes', [0x80, 0x80, 0x80], '80'],
    ['0x80 followed by three continuation bytes', [0x80, 0x80, 0x80, 0x80], '80'],
    ['0xC1 followed by three continuation bytes', [0xc1, 0xbf, 0xbf, 0xbf], 'c1'],
  ])('%s is refused at its own offset', (_name, bad, hex) => {
    const bytes = Uint8Array.from([0x22, ...bad, 0x22]);
    expect(firstInvalidUtf8Offset(bytes)).toBe(1);
    const doc = parseJsonDocument('m.json', bytes);
    expect(doc.value).toBeUndefined();
    expect(doc.problems).toStrictEqual([
      {
        severity: 'error',
        code: 'INVALID_UTF8',
        message: `m.json is not valid UTF-8: byte 0x${hex} at offset 1 (line 1, column 2) cannot start or continue a character.`,
        file: 'm.json',
        pointer: '',
        line: 1,
        column: 2,
        fix: utf8Fix,
      },
    ]);
  });
});

describe('a property name with a lone surrogate escape', () => {
  it('is reported and its member is positioned under U+FFFD', () => {
    const doc = parseJsonDocument('m.json', Buffer.from('{"\\ud800": 1}'));
    expect(doc.value).toBeUndefined();
    expect(doc.positions).toStrictEqual({ '': { line: 1, column: 1 }, '/\ufffd': { line: 1, column: 12 } });
    expect(doc.problems.map((p) => [p.code, p.pointer, p.line, p.column])).toStrictEqual([
      ['LONE_SURROGATE', '', 1, 3],
    ]);
  });

  it('a lone surrogate name and an empty name stay two members', () => {
    const doc = parseJsonDocument('m.json', Buffer.from('{"\\ud800": 1, "": 2}'));
    expect(doc.problems.map((p) => p.code)).toStrictEqual(['LONE_SURROGATE']);
    expect(Object.keys(doc.positions)).toStrictEqual(['', '/\ufffd', '/']);
  });
});

describe('a failure that is not a finding', () => {
  it('propagates instead of yielding a document with neither value nor problem', () => {
    // The caller lifted the depth limit, so nesting runs the stack out before TOO_DEEP can stop it.
    const bytes = Buffer.from('['.repeat(100_000));
    expect(() => parseJsonDocument('m.json', bytes, { maxDepth: Number.MAX_SAFE_INTEGER })).toThrow(RangeError);
  });
});
