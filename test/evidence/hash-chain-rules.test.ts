/**
 * The audit log's hash chain (src/evidence/hash-chain.ts), rule by rule: the fast canonical text equals RFC 8785
 * for every value the shortcut could get wrong (index-like and `__proto__` keys, a Date, a lone surrogate, a
 * prototype-less object), an event's members and order, what can never be logged, the exact words of every break
 * (what an auditor reads), lines the fast reader must hand to the strict one, overlong lines, and whether a log only
 * grew.
 */
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  buildChainedEvent,
  ChainVerifier,
  computeEventHash,
  findLogRewrite,
  formatAuditLine,
  GENESIS_HASH,
  MAX_AUDIT_LINE_BYTES,
  overlongLineBreak,
  UnloggableEventError,
  verifyAuditLog,
  type AuditEvent,
  type UnchainedEvent,
} from '../../src/evidence/hash-chain.js';
import { canonicalJson } from '../../src/formats/canonical-digest.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** The chain's hash by its definition: SHA-256 of the previous hash, a newline, and RFC 8785 of the event less `hash`. */
const reference = (prevHash: string, event: Record<string, unknown>) => {
  const { hash: _hash, ...rest } = event;
  return sha256(prevHash + '\n' + canonicalJson(rest));
};

const unchained = (i: number, over: Partial<UnchainedEvent> = {}): UnchainedEvent => ({
  at: `2026-01-${String(i + 1).padStart(2, '0')}T00:00:00.000Z`,
  actor: 'alice',
  action: 'archive',
  model: 'fraud-detection',
  version: `1.${i}.0`,
  reason: null,
  ticket: 'MLGOV-1',
  ...over,
});
function chain(n: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let i = 0; i < n; i++) events.push(buildChainedEvent(events[events.length - 1], unchained(i)));
  return events;
}
const lines = (events: AuditEvent[]) => events.map((e) => formatAuditLine(e));
const log = (ls: string[]) => ls.map((l) => l + '\n').join('');
const breakOf = (text: string) => {
  const v = verifyAuditLog(text);
  if (v.ok) throw new Error('expected a break');
  return v.break;
};

describe('computeEventHash: the fast canonical text is RFC 8785', () => {
  const cases: Array<[string, unknown]> = [
    ['nested objects in any key order', { z: { b: 1, a: [{ d: true, c: null }] }, a: 'x' }],
    ['index-like keys, which a plain object orders numerically', { '10': 'ten', '9': 'nine', '0': 'zero', a: 1 }],
    ['an index-like key deeper down', { list: [{ '2': 'b', '10': 'a' }] }],
    ['an own __proto__ key, as JSON.parse makes it', JSON.parse('{"__proto__": {"x": 1}, "a": 2}')],
    ['a Date', { when: new Date('2026-01-01T00:00:00Z') }],
    ['a Date inside a list', { when: [new Date('2026-01-01T00:00:00Z')] }],
    ['a prototype-less object', Object.assign(Object.create(null) as object, { b: 1, a: 2 })],
    [
      'a Date inside a prototype-less object',
      Object.assign(Object.create(null) as object, { when: new Date('2026-01-01T00:00:00Z') }),
    ],
    ['an undefined member, which RFC 8785 leaves out', { a: undefined, b: 1 }],
    ['numbers', { big: 1e21, small: 1e-7, neg: -0.5, int: 42 }],
    ['well-formed text', { s: 'é😀\u2028"\\' }],
    ['booleans and null', { t: true, f: false, n: null }],
  ];
  it.each(cases)('%s', (_what, details) => {
    const event = { ...unchained(0), details, seq: 1, prevHash: GENESIS_HASH } as Record<string, unknown>;
    expect(computeEventHash(GENESIS_HASH, event)).toBe(reference(GENESIS_HASH, event));
  });

  it('an index-like member at the top of the event', () => {
    const event = { '1': 'one', seq: 1, at: 'x', prevHash: GENESIS_HASH };
    expect(computeEventHash(GENESIS_HASH, event)).toBe(reference(GENESIS_HASH, event));
  });

  it('the hash member is left out, wherever it is', () => {
    const event = { hash: 'whatever', seq: 1, prevHash: GENESIS_HASH };
    expect(computeEventHash(GENESIS_HASH, event)).toBe(
      sha256(`${GENESIS_HASH}\n{"prevHash":"${GENESIS_HASH}","seq":1}`),
    );
    expect(computeEventHash('a'.repeat(64), event)).not.toBe(computeEventHash(GENESIS_HASH, event));
  });
});

describe('buildChainedEvent', () => {
  it('numbers the event after the last, links it, and writes its members in one order', () => {
    const first = buildChainedEvent(undefined, unchained(0, { details: { role: 'x' } }));
    expect(Object.keys(first)).toEqual([
      'seq',
      'at',
      'actor',
      'action',
      'model',
      'version',
      'reason',
      'ticket',
      'details',
      'prevHash',
      'hash',
    ]);
    expect([first.seq, first.prevHash]).toEqual([1, GENESIS_HASH]);
    const second = buildChainedEvent(first, unchained(1));
    expect([second.seq, second.prevHash]).toEqual([2, first.hash]);
    expect(second.hash).toBe(reference(first.hash, second as unknown as Record<string, unknown>));
  });

  it('a missing reason or ticket is null; no details, no details member', () => {
    const e = buildChainedEvent(undefined, {
      at: 'x',
      actor: 'a',
      action: 'promote',
      model: 'm',
      version: '1',
    } as UnchainedEvent);
    expect([e.reason, e.ticket]).toEqual([null, null]);
    expect(Object.keys(e)).not.toContain('details');
  });
});

describe('the log never holds a line it would later call malformed', () => {
  it.each([
    ['a __proto__ key', JSON.parse('{"__proto__": 1}'), /^the audit event cannot be logged: The key "__proto__"/],
    ['a lone surrogate', { note: 'x\ud800' }, /^the audit event cannot be logged: it has no canonical JSON form \(/],
    [
      'a lone surrogate in a list',
      { notes: ['\udc00'] },
      /^the audit event cannot be logged: it has no canonical JSON form \(/,
    ],
  ])('refuses an event with %s', (_what, details, message) => {
    let caught: unknown;
    try {
      formatAuditLine(buildChainedEvent(undefined, unchained(0, { details })));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UnloggableEventError);
    const err = caught as UnloggableEventError;
    expect(err.name).toBe('UnloggableEventError');
    expect(err.message).toMatch(message);
    expect(err.fix).toBe('remove the offending member from the event details (keys like __proto__ are never accepted)');
  });

  it('writes JSON.stringify of the event', () => {
    const e = chain(1)[0]!;
    expect(formatAuditLine(e)).toBe(JSON.stringify(e));
  });
});

describe('the words of every break', () => {
  it('malformed: a line that is no event, naming the members an event has', () => {
    const message =
      'line 2 is not an audit event (a JSON object with seq, at, actor, action, model, version, prevHash, hash)';
    const [first, second] = chain(2);
    const good = JSON.parse(formatAuditLine(second!)) as Record<string, unknown>;
    const variants: unknown[] = [
      '[1]',
      'null',
      '"text"',
      ...['seq', 'at', 'actor', 'action', 'model', 'version', 'prevHash', 'hash'].map((k) =>
        JSON.stringify({ ...good, [k]: k === 'seq' ? 2.5 : 7 }),
      ),
    ];
    for (const bad of variants) {
      // toStrictEqual: a malformed line has no seq member at all, not an undefined one.
      expect(breakOf(log([formatAuditLine(first!), bad as string]))).toStrictEqual({
        kind: 'malformed',
        line: 2,
        message,
      });
    }
  });

  it('reordered, inserted, edited, deleted and truncated, each with its line, seq and message', () => {
    const events = chain(4);
    const ls = lines(events);
    expect(breakOf(log([ls[0]!, ls[0]!]))).toEqual({
      kind: 'reordered',
      line: 2,
      seq: 1,
      message: 'line 2 (seq 1): expected seq 2; events were reordered or a line was inserted',
    });
    const forged = buildChainedEvent({ seq: 1, hash: 'f'.repeat(64) }, unchained(1, { reason: 'forged' }));
    expect(breakOf(log([ls[0]!, formatAuditLine(forged)]))).toEqual({
      kind: 'inserted',
      line: 2,
      seq: 2,
      message: `line 2 (seq 2): prevHash ffffffffffff… does not match the previous event's hash ${events[0]!.hash.slice(0, 12)}…; an event was replaced or inserted`,
    });
    expect(breakOf(log([ls[0]!.replace('"actor":"alice"', '"actor":"mallory"')]))).toEqual({
      kind: 'edited',
      line: 1,
      seq: 1,
      message: "line 1 (seq 1): hash does not match the event's content; the event was edited after it was written",
    });
    expect(breakOf(log([ls[0]!, ls[3]!]))).toEqual({
      kind: 'deleted',
      line: 2,
      seq: 4,
      message: 'line 2 (seq 4): expected seq 2; 2 event(s) before it were deleted',
    });
    expect(breakOf(log([ls[0]!, ls[2]!, ls[1]!]))).toEqual({
      kind: 'reordered',
      line: 2,
      seq: 3,
      message: 'line 2 (seq 3): expected seq 2, which was moved to line 3; events were reordered',
    });
    expect(breakOf(ls[0]!)).toEqual({
      kind: 'truncated',
      line: 1,
      seq: 1,
      message: 'line 1: the log does not end with a newline (truncated or edited by hand)',
    });
  });

  it('the events before a break are returned; none after it', () => {
    const ls = lines(chain(3));
    const v = verifyAuditLog(log([ls[0]!, 'x', ls[2]!]));
    expect(v.ok).toBe(false);
    expect(v.events.map((e) => e.seq)).toEqual([1]);
    const whole = verifyAuditLog(log(ls));
    expect(whole).toEqual({ ok: true, events: chain(3), headHash: chain(3)[2]!.hash });
  });
});

describe('lines the fast reader hands to the strict one', () => {
  it('a duplicate member (two readers would disagree on the actor) is malformed', () => {
    const line = formatAuditLine(chain(1)[0]!).replace('"actor":"alice"', '"actor":"alice","actor":"mallory"');
    expect(breakOf(log([line])).kind).toBe('malformed');
  });

  it('a prototype key or an escaped lone surrogate is malformed', () => {
    const line = formatAuditLine(chain(1)[0]!);
    expect(breakOf(log([line.replace('{"seq"', '{"__proto__":{},"seq"')])).kind).toBe('malformed');
    expect(breakOf(log([line.replace('{"seq"', '{"constructor" :1,"seq"')])).kind).toBe('malformed');
    expect(breakOf(log([line.replace('"alice"', '"ali\\ud800ce"')])).kind).toBe('malformed');
    expect(breakOf(log([line.replace('"alice"', '"ali\\uDC00ce"')])).kind).toBe('malformed');
  });

  it('a well-formed escape that is not a surrogate, and a line not in JSON.stringify form, still verify', () => {
    const e = buildChainedEvent(undefined, unchained(0, { reason: 'é\u0001' }));
    expect(verifyAuditLog(log([formatAuditLine(e)])).ok).toBe(true);
    const spaced = JSON.stringify(chain(1)[0]!, null, 1).replace(/\n/g, '');
    expect(verifyAuditLog(spaced + '\n').ok).toBe(true);
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(chain(1)[0]!).reverse()));
    expect(verifyAuditLog(reordered + '\n').ok).toBe(true);
  });
});

describe('overlong lines', () => {
  it('a line over the limit is malformed without being read; the message names the limit', () => {
    expect(overlongLineBreak(7)).toEqual({
      kind: 'malformed',
      line: 7,
      message: `line 7 is longer than ${MAX_AUDIT_LINE_BYTES} bytes: not an audit event mlgov writes`,
    });
    const verifier = new ChainVerifier();
    expect(verifier.line('{}', true, true)).toBeUndefined();
    expect(verifier.done).toBe(true);
    expect(verifier.result()).toEqual({ ok: false, events: 0, break: overlongLineBreak(1) });
  });

  it('measured in UTF-8 bytes: a line of that many characters but fewer bytes is read; more bytes is not', () => {
    const ascii = 'a'.repeat(Math.ceil(MAX_AUDIT_LINE_BYTES / 3) + 1);
    expect(breakOf(log([ascii])).message).toBe(
      'line 1 is not an audit event (a JSON object with seq, at, actor, action, model, version, prevHash, hash)',
    );
    const wide = '€'.repeat(Math.floor(MAX_AUDIT_LINE_BYTES / 3) + 1);
    expect(breakOf(log([wide]))).toEqual(overlongLineBreak(1));
    const exactly = '€'.repeat(MAX_AUDIT_LINE_BYTES / 4) + 'a'.repeat(MAX_AUDIT_LINE_BYTES / 4);
    expect(Buffer.byteLength(exactly)).toBe(MAX_AUDIT_LINE_BYTES);
    expect(breakOf(log([exactly])).message).toMatch(/is not an audit event/);
  });

  it('while looking for a skipped seq, an overlong line is passed over, and the seq is still found further down', () => {
    const ls = lines(chain(3));
    const verifier = new ChainVerifier();
    verifier.line(ls[0]!);
    verifier.line(ls[2]!);
    expect(verifier.done).toBe(false);
    verifier.line('x', true, true);
    verifier.line('not json');
    verifier.line(JSON.stringify({ seq: 2 }));
    expect(verifier.done).toBe(false);
    verifier.line(ls[1]!);
    expect(verifier.done).toBe(true);
    expect(verifier.result()).toEqual({
      ok: false,
      events: 1,
      break: {
        kind: 'reordered',
        line: 2,
        seq: 3,
        message: 'line 2 (seq 3): expected seq 2, which was moved to line 6; events were reordered',
      },
    });
    expect(verifier.line(ls[1]!)).toBeUndefined();
  });

  it('a line the reader refused as overlong is not taken as the skipped seq, even when it holds it', () => {
    const ls = lines(chain(3));
    const verifier = new ChainVerifier();
    verifier.line(ls[0]!);
    verifier.line(ls[2]!);
    verifier.line(ls[1]!, true, true);
    expect(verifier.result()).toEqual({
      ok: false,
      events: 1,
      break: {
        kind: 'deleted',
        line: 2,
        seq: 3,
        message: 'line 2 (seq 3): expected seq 2; 1 event(s) before it were deleted',
      },
    });
  });

  it('after a break, a line that would continue the chain changes nothing', () => {
    const ls = lines(chain(2));
    const verifier = new ChainVerifier();
    verifier.line(ls[0]!.replace('"actor":"alice"', '"actor":"mallory"'));
    expect(verifier.done).toBe(true);
    expect(verifier.line(ls[1]!)).toBeUndefined();
    expect(verifier.result()).toEqual({
      ok: false,
      events: 0,
      break: expect.objectContaining({ kind: 'edited', line: 1 }),
    });
  });

  it('an intact log: ok, with its count, head hash and last seq; lines after a break are not read', () => {
    const events = chain(2);
    const verifier = new ChainVerifier();
    expect(verifier.line(lines(events)[0]!)).toEqual(events[0]);
    expect(verifier.line(lines(events)[1]!)).toEqual(events[1]);
    expect(verifier.result()).toEqual({ ok: true, events: 2, headHash: events[1]!.hash, lastSeq: 2 });
    expect(new ChainVerifier().result()).toEqual({ ok: true, events: 0, headHash: GENESIS_HASH, lastSeq: undefined });
  });
});

describe('findLogRewrite', () => {
  const ls = lines(chain(3));
  it('a log that only grew, or is the same', () => {
    expect(findLogRewrite(log(ls.slice(0, 1)), log(ls))).toEqual({ grewOnly: true });
    expect(findLogRewrite(log(ls), log(ls))).toEqual({ grewOnly: true });
    expect(findLogRewrite('', log(ls))).toEqual({ grewOnly: true });
  });

  it('the first line that differs: an edit, a cut, a line removed at the end', () => {
    expect(findLogRewrite(log(ls), log([ls[0]!, ls[1]!.replace('alice', 'mallory'), ls[2]!]))).toEqual({
      grewOnly: false,
      line: 2,
    });
    expect(findLogRewrite(log(ls), log(ls.slice(0, 2)))).toEqual({ grewOnly: false, line: 3 });
    expect(findLogRewrite(log(ls), '')).toEqual({ grewOnly: false, line: 1 });
    expect(findLogRewrite(log(ls), log(ls).slice(0, -1))).toEqual({ grewOnly: false, line: 4 });
  });
});
