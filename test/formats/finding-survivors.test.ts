/**
 * A pointer too long to keep and holding no '/' within the limit has no ancestor that fits but the root: it becomes
 * "" (the whole document), never a cut string that points nowhere (src/formats/finding.ts, boundedPointer).
 */
import { describe, expect, it } from '@jest/globals';
import { boundedPointer, error, MAX_MESSAGE_LENGTH } from '../../src/formats/finding.js';

describe('boundedPointer without a slash inside the limit', () => {
  it('gives the root pointer, not the text cut short', () => {
    const long = 'k'.repeat(MAX_MESSAGE_LENGTH + 1);
    expect(boundedPointer(long)).toBe('');
    expect(error('X', 'm', { pointer: long }).pointer).toBe('');
  });
});
