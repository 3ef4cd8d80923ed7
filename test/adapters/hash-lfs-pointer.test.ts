import { describe, expect, it } from '@jest/globals';
import { isLfsPointerCandidate, parseLfsPointer } from '../../src/adapters/lfs-pointer.js';
import { lfsPointerText } from './hash-fixtures.js';

const oid = 'a'.repeat(64);
const enc = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('parseLfsPointer', () => {
  it('parses oid and size', () => {
    expect(parseLfsPointer(enc(lfsPointerText(oid, 42)))).toEqual({ oid, size: 42 });
  });

  it('ignores extension keys the spec allows', () => {
    const text = `version https://git-lfs.github.com/spec/v1\next-0-foo sha256:${'b'.repeat(64)}\noid sha256:${oid}\nsize 7\n`;
    expect(parseLfsPointer(enc(text))).toEqual({ oid, size: 7 });
  });

  it.each([
    ['no oid', 'version https://git-lfs.github.com/spec/v1\nsize 7\n'],
    ['no size', `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\n`],
    ['uppercase oid', `version https://git-lfs.github.com/spec/v1\noid sha256:${'A'.repeat(64)}\nsize 7\n`],
    ['sha1 oid', `version https://git-lfs.github.com/spec/v1\noid sha1:${'a'.repeat(40)}\nsize 7\n`],
    ['negative size', `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize -1\n`],
    ['other version', `version https://example.com/spec/v2\noid sha256:${oid}\nsize 7\n`],
    ['not a pointer', 'plain weights'],
  ])('%s is not a pointer', (_label, text) => {
    expect(parseLfsPointer(enc(text))).toBeUndefined();
  });

  it('a file of 1024 bytes or more is never a pointer', () => {
    const text = lfsPointerText(oid, 7) + 'x'.repeat(1024);
    expect(isLfsPointerCandidate(enc(text))).toBe(false);
    expect(parseLfsPointer(enc(text))).toBeUndefined();
  });
});
