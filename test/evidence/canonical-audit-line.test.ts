/**
 * `canonicalAuditLineText` cuts an audit line's canonical text from the line itself (issue #15, `log verify`'s speed).
 * It must answer only for lines that are `JSON.stringify` output, and then give byte for byte what the canonicalize
 * package gives for the parsed event without `hash` (the legacy hash, test/evidence/legacy-hash-chain.ts); every
 * other line is refused (undefined) and read the old way.
 */
import { describe, expect, it } from '@jest/globals';
import canonicalize from 'canonicalize';
import { canonicalAuditLineText } from '../../src/evidence/canonical-audit-line.js';
import { buildChainedEvent, computeEventHash, formatAuditLine, verifyAuditLog } from '../../src/evidence/hash-chain.js';
import { legacyEventHash, legacyVerifyAuditLog } from './legacy-hash-chain.js';

/** The canonical text the legacy hash is computed over: the event without its top-level `hash`. */
function legacyCanonical(line: string): string {
  const { hash: _hash, ...rest } = JSON.parse(line) as Record<string, unknown>;
  return canonicalize(rest) as string;
}

const cut = (line: string) => canonicalAuditLineText(line, JSON.parse(line));

const event = (details?: Record<string, unknown>, reason: string | null = null) =>
  buildChainedEvent(undefined, {
    at: '2026-01-01T00:00:00.000Z',
    actor: 'alice@example.test',
    action: 'approve',
    model: 'fraud-detection',
    version: '1.2.3',
    reason,
    ticket: 'MLGOV-7',
    ...(details !== undefined ? { details } : {}),
  });

describe('canonicalAuditLineText on lines mlgov writes', () => {
  const written: Array<[string, string]> = [
    ['no details', formatAuditLine(event())],
    ['approval details', formatAuditLine(event({ role: 'governance-board', decision: 'approved' }))],
    ['nested objects, unsorted', formatAuditLine(event({ z: { b: 1, a: { d: true, c: false } }, a: null }))],
    ['arrays of every kind', formatAuditLine(event({ list: [3, [1, { b: 1, a: null }], 'x', true, false, [], {}] }))],
    [
      'numbers as ECMAScript writes them',
      formatAuditLine(event({ n: [0, -1, 0.1, 1e21, 1e-7, 9007199254740991, 123456.789] })),
    ],
    ['keys by UTF-16 code unit', formatAuditLine(event({ '\ufb01': 1, '😀': 2, é: 3, z: 4, Z: 5, '': 6, 'a b': 7 }))],
    ['a nested hash member (kept)', formatAuditLine(event({ hash: 'abc', files: { hash: 'def' } }))],
    ['a reason with non-ASCII text and a surrogate pair', formatAuditLine(event(undefined, 'naïve café 😀 \u2028'))],
  ];

  it.each(written)('%s: the canonicalize package text, cut from the line', (_name, line) => {
    expect(cut(line)).toBe(legacyCanonical(line));
  });

  it('the cut text hashes to the line hash, as the legacy hash does', () => {
    const line = written[3]![1];
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(legacyEventHash(String(parsed['prevHash']), parsed)).toBe(parsed['hash']);
    expect(computeEventHash(String(parsed['prevHash']), parsed)).toBe(parsed['hash']);
  });
});

describe('canonicalAuditLineText refuses every line that is not JSON.stringify output', () => {
  const line = formatAuditLine(event({ role: 'governance-board', n: 5 }));
  const refused: Array<[string, string]> = [
    ['a duplicate key (JSON.parse keeps the last)', line.replace('{"seq":1,', '{"seq":1,"seq":1,')],
    ['a duplicate key with another value', line.replace('{"seq":1,', '{"seq":2,"seq":1,')],
    ['a duplicate nested key', line.replace('"n":5', '"n":4,"n":5')],
    ['a duplicate top-level hash', line.replace(/}$/, ',"hash":"0"}')],
    ['a space between tokens', line.replace('"seq":1', '"seq": 1')],
    ['a carriage return at the end', line + '\r'],
    ['an escape that decodes to the same text', line.replace('"alice@', '"\\u0061lice@')],
    ['an escaped slash', line.replace('fraud-detection', 'fraud\\/detection')],
    ['a number not in its shortest form', line.replace('"n":5', '"n":5.0')],
    ['an exponent JSON.stringify would not write', line.replace('"n":5', '"n":5e0')],
    ['minus zero', line.replace('"n":5', '"n":-0')],
    ['a number beyond double range', line.replace('"n":5', '"n":1e400')],
    ['an index-like key', line.replace('"n":5', '"7":5')],
    ['a __proto__ key', line.replace('"n":5', '"__proto__":5')],
    ['a lone surrogate in a string', line.replace('alice', 'al\ud800ice')],
    ['a lone surrogate in a key', line.replace('"n":5', '"\udc00":5')],
    ['nesting deeper than 64', line.replace('"n":5', '"n":' + '['.repeat(64) + ']'.repeat(64))],
  ];

  it.each(refused)('%s', (_name, text) => {
    expect(text).not.toBe(line);
    expect(cut(text)).toBeUndefined();
  });

  it('nesting up to 64 deep is cut', () => {
    const deep = line.replace('"n":5', '"n":' + '['.repeat(62) + ']'.repeat(62));
    expect(cut(deep)).toBe(legacyCanonical(deep));
  });

  it('a value that is not an object', () => {
    expect(canonicalAuditLineText('[1]', [1])).toBeUndefined();
    expect(canonicalAuditLineText('null', null)).toBeUndefined();
    expect(canonicalAuditLineText('"x"', 'x')).toBeUndefined();
  });

  it('a line nested 100,000 deep: the legacy verdict (malformed), not a stack overflow', () => {
    const deep = '{"seq":2,"x":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const text = formatAuditLine(event()) + '\n' + deep + '\n';
    expect(cut(deep)).toBeUndefined();
    expect(verifyAuditLog(text)).toEqual(legacyVerifyAuditLog(text));
    expect(verifyAuditLog(text)).toMatchObject({ ok: false, break: { kind: 'malformed', line: 2 } });
  });

  it('a verdict on a lone surrogate written raw (not escaped) is the legacy one', () => {
    const lines = [formatAuditLine(event()).replace('alice', 'al\ud800ice')];
    const text = lines.join('\n') + '\n';
    expect(verifyAuditLog(text)).toEqual(legacyVerifyAuditLog(text));
    expect(verifyAuditLog(text)).toMatchObject({ ok: false, break: { kind: 'edited', line: 1 } });
  });
});

describe('property: on 2,000 random edits of written lines (seeded)', () => {
  it('a cut text is given only for JSON.stringify output, and is then the canonicalize package text', () => {
    const lines = [
      formatAuditLine(event()),
      formatAuditLine(event({ files: { 'a.bin': 'f'.repeat(64), 'b.bin': 'e'.repeat(64) }, n: [1, 2.5, null] })),
      formatAuditLine(event({ role: 'governance-board', decision: 'approved' }, 'naïve 😀')),
    ];
    const alphabet = [' ', '"', '\\', ',', ':', '{', '}', '[', ']', '0', '1', '-', '.', 'e', 'a', 'é', '\ud800', '\r'];
    let seed = 17;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    let cutCount = 0;
    let refusedCount = 0;
    for (let round = 0; round < 2000; round++) {
      const line = lines[rnd(lines.length)]!;
      const at = rnd(line.length);
      const edit = alphabet[rnd(alphabet.length)]!;
      const text = rnd(2) ? line.slice(0, at) + edit + line.slice(at + 1) : line.slice(0, at) + edit + line.slice(at);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue;
      }
      const got = canonicalAuditLineText(text, value);
      if (got === undefined) {
        refusedCount++;
        continue;
      }
      cutCount++;
      expect(JSON.stringify(value)).toBe(text);
      expect(got).toBe(legacyCanonical(text));
    }
    // Both outcomes are reached, so the property is shown for each.
    expect(cutCount).toBeGreaterThan(100);
    expect(refusedCount).toBeGreaterThan(100);
  });
});
