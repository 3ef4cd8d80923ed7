import { describe, expect, it } from '@jest/globals';
import { isWithin, lexicalPathProblem } from '../../src/adapters/repository-path.js';

describe('lexicalPathProblem', () => {
  it.each(['model/weights/model.onnx', 'model/../model/a.bin', './model/a.bin', 'a..b/c'])('%j is acceptable', (p) => {
    expect(lexicalPathProblem(p)).toBeUndefined();
  });

  it.each([
    ['', /empty/],
    ['..', /climbs out/],
    ['a/../../b', /climbs out/],
    ['/abs', /absolute/],
    ['c:/x', /drive letter/],
    ['a\\b', /backslash/],
    ['a\0b', /NUL/],
    ['.', /root itself/],
  ])('%j is refused', (p, reason) => {
    expect(lexicalPathProblem(p)).toMatch(reason);
  });
});

describe('isWithin', () => {
  it('accepts the root and paths below it, not siblings sharing a prefix', () => {
    expect(isWithin('/r/repo', '/r/repo')).toBe(true);
    expect(isWithin('/r/repo', '/r/repo/a')).toBe(true);
    expect(isWithin('/r/repo', '/r/repo-other/a')).toBe(false);
    expect(isWithin('/r/repo', '/r')).toBe(false);
  });
});
