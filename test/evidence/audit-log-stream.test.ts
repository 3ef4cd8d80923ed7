/**
 * The streaming verifier (`verifyAuditLogStream`) against the text verifier (`verifyAuditLog`) and the verifier as
 * it was before streaming (test/evidence/legacy-hash-chain.ts): the same verdict, break kind, line, seq and message
 * on every tampering case, however the bytes are cut into chunks; the fast `computeEventHash` gives the old hash on
 * every odd value; and a 200,000-event log verifies in a child process whose heap is capped at 64 MB.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditLogStream, type StreamedChainVerification } from '../../src/evidence/audit-log-stream.js';
import {
  buildChainedEvent,
  computeEventHash,
  formatAuditLine,
  MAX_AUDIT_LINE_BYTES,
  verifyAuditLog,
  type AuditEvent,
} from '../../src/evidence/hash-chain.js';
import { bundleCli } from '../support/bundle-cli.js';
import { createHistoryRepo, type HistoryRepo } from './fixtures.js';
import { legacyEventHash, legacyVerifyAuditLog } from './legacy-hash-chain.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlgov-log-stream-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function chain(n: number, details?: (i: number) => Record<string, unknown> | undefined): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let i = 0; i < n; i++) {
    const d = details?.(i);
    events.push(
      buildChainedEvent(events[events.length - 1], {
        at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        actor: i % 2 ? 'alice' : 'bob',
        action: i % 5 === 4 ? 'force' : 'approve',
        model: 'fraud-detection',
        version: `1.${i}.0`,
        reason: i % 3 ? null : `reason ${i} — naïve café 😀`,
        ticket: 'MLGOV-1',
        ...(d !== undefined ? { details: d } : {}),
      }),
    );
  }
  return events;
}
const lines = (events: AuditEvent[]) => events.map((e) => formatAuditLine(e));
const text = (ls: string[]) => ls.map((l) => l + '\n').join('');

/** The bytes cut into chunks of `size` bytes (cuts fall inside UTF-8 characters and inside lines). */
async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** What the streaming verifier must answer for a text verdict. */
function expectedStream(v: ReturnType<typeof verifyAuditLog>): StreamedChainVerification {
  return v.ok
    ? { ok: true, events: v.events.length, headHash: v.headHash }
    : { ok: false, events: v.events.length, break: v.break };
}

let fileCounter = 0;
/** Asserts that every reader gives the legacy verdict for `bytes`; returns it. */
async function expectSameVerdict(
  bytes: Buffer,
  sizes = [1, 7, 64, 1 << 20],
): Promise<ReturnType<typeof verifyAuditLog>> {
  const asText = bytes.toString('utf8');
  const legacy = legacyVerifyAuditLog(asText);
  const current = verifyAuditLog(asText);
  expect(current).toEqual(legacy);
  const expected = expectedStream(current);
  for (const size of sizes) {
    const streamed: AuditEvent[] = [];
    const got = await verifyAuditLogStream(chunked(bytes, size), { onEvent: (e) => streamed.push(e) });
    expect({ size, got }).toEqual({ size, got: expected });
    expect(streamed).toEqual(current.events);
  }
  const file = join(dir, `log-${fileCounter++}.jsonl`);
  writeFileSync(file, bytes);
  expect(await verifyAuditLogStream(file)).toEqual(expected);
  return current;
}

const base = () => lines(chain(6));
const joined = (ls: string[]) => Buffer.from(text(ls));

describe('verifyAuditLogStream gives exactly the verdict of verifyAuditLog', () => {
  const cases: Array<[string, () => Buffer, Record<string, unknown>]> = [
    ['an intact log', () => joined(base()), { ok: true }],
    ['the empty log', () => Buffer.alloc(0), { ok: true }],
    [
      'an edited line',
      () => joined(base().map((l, i) => (i === 2 ? l.replace('"actor":"bob"', '"actor":"eve"') : l))),
      { kind: 'edited', line: 3, seq: 3 },
    ],
    ['a deleted line', () => joined(base().filter((_, i) => i !== 1)), { kind: 'deleted', line: 2, seq: 3 }],
    [
      'two swapped lines (the moved event is found further down)',
      () => {
        const l = base();
        [l[1], l[4]] = [l[4]!, l[1]!];
        return joined(l);
      },
      { kind: 'reordered', line: 2, seq: 5 },
    ],
    [
      'a replayed line',
      () => {
        const l = base();
        l.splice(3, 0, l[1]!);
        return joined(l);
      },
      { kind: 'reordered', line: 4, seq: 2 },
    ],
    [
      'an inserted event renumbered to fit',
      () => {
        const events = chain(4);
        const l = lines(events);
        l[2] = formatAuditLine(buildChainedEvent({ seq: 2, hash: 'f'.repeat(64) }, { ...events[2]!, reason: 'x' }));
        return joined(l);
      },
      { kind: 'inserted', line: 3, seq: 3 },
    ],
    ['a truncated last line', () => Buffer.from(text(base()).slice(0, -40)), { kind: 'malformed', line: 6 }],
    ['a last line without its newline', () => Buffer.from(base().join('\n')), { kind: 'truncated', line: 6, seq: 6 }],
    // "\r" before the newline is JSON whitespace: the events and the chain are the same (a rewrite of lines already
    // on the base is the evidence check's byte-prefix rule, not the chain's).
    ['CRLF line ends', () => Buffer.from(base().join('\r\n') + '\r\n'), { ok: true }],
    [
      'a blank line in the middle',
      () => {
        const l = base();
        l.splice(2, 0, '');
        return joined(l);
      },
      { kind: 'malformed', line: 3 },
    ],
    ['blank lines at the end', () => Buffer.from(text(base()) + '\n\n'), { kind: 'malformed', line: 7 }],
    [
      'invalid JSON',
      () => joined(base().map((l, i) => (i === 4 ? l.slice(0, -1) : l))),
      { kind: 'malformed', line: 5 },
    ],
    [
      'a duplicate key',
      () => joined(base().map((l, i) => (i === 1 ? l.replace('{"seq":2,', '{"seq":2,"seq":2,') : l))),
      { kind: 'malformed', line: 2 },
    ],
    [
      'a __proto__ key',
      () => joined(base().map((l, i) => (i === 0 ? l.replace('{"seq":1,', '{"__proto__":{},"seq":1,') : l))),
      { kind: 'malformed', line: 1 },
    ],
    ['a byte-order mark', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), joined(base())]), { line: 1 }],
    [
      'invalid UTF-8 inside a line and before a newline',
      () => {
        const bytes = joined(base());
        const at = bytes.indexOf('"actor"', bytes.indexOf('\n', bytes.indexOf('\n') + 1));
        const nl = bytes.indexOf('\n', at);
        return Buffer.concat([
          bytes.subarray(0, at),
          Buffer.from([0xff, 0xe2, 0x82]),
          bytes.subarray(at, nl),
          Buffer.from([0xe2, 0x82]),
          bytes.subarray(nl),
        ]);
      },
      { kind: 'malformed', line: 3 },
    ],
    [
      'a line re-formatted with spaces (same canonical event: the chain holds)',
      () => joined(base().map((l, i) => (i === 3 ? JSON.stringify(JSON.parse(l), null, 1).replace(/\n/g, '') : l))),
      { ok: true },
    ],
    [
      'a NUL and control characters',
      () => joined(base().map((l, i) => (i === 2 ? l.replace('"actor":"bob"', '"actor":"b\\u0000\\u001fob"') : l))),
      { kind: 'edited', line: 3 },
    ],
  ];

  it.each(cases)('%s', async (_name, bytes, verdict) => {
    const v = await expectSameVerdict(bytes());
    if ('ok' in verdict) expect(v.ok).toBe(verdict['ok']);
    else expect(v).toMatchObject({ ok: false, break: verdict });
  });

  it('property: the same verdict on 300 random tamperings of a 30-event log (seeded)', async () => {
    const original = lines(chain(30, (i) => (i % 4 === 0 ? { files: { [`f${i}.bin`]: 'a'.repeat(64) } } : undefined)));
    let seed = 15;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const kinds = new Set<string>();
    for (let round = 0; round < 300; round++) {
      const l = [...original];
      for (let k = 0; k <= rnd(2); k++) {
        const i = rnd(l.length);
        const j = rnd(l.length);
        switch (rnd(7)) {
          case 0:
            l.splice(i, 1);
            break;
          case 1:
            [l[i], l[j]] = [l[j]!, l[i]!];
            break;
          case 2:
            l.splice(j, 0, l[i]!);
            break;
          case 3: {
            const line = l[i]!;
            const at = rnd(line.length);
            l[i] = line.slice(0, at) + String.fromCharCode(32 + rnd(95)) + line.slice(at + 1);
            break;
          }
          case 4:
            l.splice(i, 0, rnd(2) ? '' : '\r');
            break;
          case 5:
            l[i] = l[i]!.replace(/"seq":(\d+)/, (_m, s: string) => `"seq":${Number(s) + 1 - rnd(3)}`);
            break;
          default:
            l.splice(i + 1);
        }
      }
      let bytes = joined(l);
      const cut = rnd(8);
      if (cut === 0) bytes = bytes.subarray(0, Math.max(0, bytes.length - 1));
      if (cut === 1) bytes = bytes.subarray(0, Math.max(0, bytes.length - 1 - rnd(80)));
      const v = await expectSameVerdict(bytes, round % 10 === 0 ? [1, 7, 1 << 20] : [7, 64, 1 << 20]);
      kinds.add(v.ok ? 'ok' : v.break.kind);
    }
    // The rounds reach every kind of break, so the equivalence is shown for each.
    expect([...kinds].sort()).toEqual(['deleted', 'edited', 'inserted', 'malformed', 'ok', 'reordered', 'truncated']);
  }, 60_000);

  it('a source that reuses one buffer for every chunk (as a FileHandle read loop does) gives the same verdict', async () => {
    const bytes = joined(lines(chain(40, (i) => (i % 3 ? { files: { [`f${i}.bin`]: 'a'.repeat(64) } } : undefined))));
    async function* reusing(size: number): AsyncGenerator<Buffer> {
      const buffer = Buffer.alloc(size);
      for (let i = 0; i < bytes.length; i += size) {
        const n = bytes.copy(buffer, 0, i, Math.min(i + size, bytes.length));
        yield buffer.subarray(0, n);
      }
    }
    const expected = expectedStream(verifyAuditLog(bytes.toString('utf8')));
    expect(expected).toMatchObject({ ok: true, events: 40 });
    for (const size of [7, 100, 1000]) expect(await verifyAuditLogStream(reusing(size))).toEqual(expected);
  });

  it('a line longer than the limit is malformed without being held, whatever follows', async () => {
    const l = base();
    const huge = '{"seq":3,"pad":"' + 'x'.repeat(MAX_AUDIT_LINE_BYTES) + '"}';
    const bytes = joined([l[0]!, l[1]!, huge, l[3]!]);
    const expected = {
      ok: false,
      events: 2,
      break: {
        kind: 'malformed',
        line: 3,
        message: `line 3 is longer than ${MAX_AUDIT_LINE_BYTES} bytes: not an audit event mlgov writes`,
      },
    };
    expect(expectedStream(verifyAuditLog(bytes.toString('utf8')))).toEqual(expected);
    expect(await verifyAuditLogStream(chunked(bytes, 64 * 1024))).toEqual(expected);
    // While seeking a skipped seq, an overlong line is passed over, not read.
    const seeking = joined([l[0]!, l[2]!, huge, l[1]!]);
    const moved = await verifyAuditLogStream(chunked(seeking, 64 * 1024));
    expect(moved).toMatchObject({ ok: false, break: { kind: 'reordered', line: 2, seq: 3 } });
    if (!moved.ok) expect(moved.break.message).toContain('which was moved to line 4');
    expect(expectedStream(verifyAuditLog(seeking.toString('utf8')))).toEqual(moved);
  });

  it('a lone surrogate is a malformed line (the old verifier crashed with a bare Error)', async () => {
    const bytes = joined(base().map((l, i) => (i === 1 ? l.replace('"actor":"alice"', '"actor":"\\ud800"') : l)));
    expect(() => legacyVerifyAuditLog(bytes.toString('utf8'))).toThrow('Lone surrogate is not allowed');
    const v = verifyAuditLog(bytes.toString('utf8'));
    expect(v).toMatchObject({ ok: false, break: { kind: 'malformed', line: 2 } });
    expect(await verifyAuditLogStream(chunked(bytes, 5))).toEqual(expectedStream(v));
  });
});

describe('computeEventHash (fast canonical form)', () => {
  const odd: Array<[string, Record<string, unknown>]> = [
    ['no details', {}],
    ['numbers', { details: { big: 1e21, small: 1e-7, frac: 0.1 + 0.2, neg: -0, int: 9007199254740991 } }],
    ['index-like keys', { details: { '10': 'a', '9': 'b', '01': 'c', a: { '2': 1, '1': 2 } } }],
    ['keys by UTF-16 code unit', { details: { '\ufb01': 1, '😀': 2, é: 3, z: 4, Z: 5, '': 6 } }],
    ['nested arrays and nulls', { details: { list: [3, [1, { b: 1, a: null }], 'x', true, false] } }],
    ['escapes', { reason: 'line\nbreak "quoted" \\ \u0000 \u2028 \u001f' }],
    ['a nested hash member (hashed: only the top-level one is not)', { details: { hash: 'abc' } }],
    ['a Date (not plain JSON: the library serialises it)', { details: { when: new Date(0) } }],
    ['an undefined member', { details: { gone: undefined, kept: 1 } }],
    ['a __proto__ member', { details: JSON.parse('{"__proto__":{"x":1},"y":2}') as Record<string, unknown> }],
  ];
  it.each(odd)('%s: the hash the canonicalize package gives', (_name, extra) => {
    const event = { ...chain(1)[0]!, ...extra } as unknown as Record<string, unknown>;
    expect(computeEventHash('a'.repeat(64), event)).toBe(legacyEventHash('a'.repeat(64), event));
  });

  it('a lone surrogate has no canonical form, as before', () => {
    const event = { ...chain(1)[0]!, actor: '\ud800' } as unknown as Record<string, unknown>;
    expect(() => computeEventHash('a'.repeat(64), event)).toThrow('Lone surrogate is not allowed');
  });
});

describe('mlgov log in bounded memory', () => {
  let repo: HistoryRepo;
  let cli: string;
  const COUNT = 200_000;
  beforeAll(async () => {
    repo = createHistoryRepo();
    cli = join(dir, 'cli', 'cli.js');
    await bundleCli(cli);
    mkdirSync(join(repo.dir, 'artifacts'), { recursive: true });
    const fd = openSync(join(repo.dir, 'artifacts', 'audit-log.jsonl'), 'w');
    let last: AuditEvent | undefined;
    let batch = '';
    for (let i = 0; i < COUNT; i++) {
      last = buildChainedEvent(last, {
        at: new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString(),
        actor: 'release-bot@example.test',
        action: i % 1000 === 999 ? 'force' : 'approve',
        model: 'fraud-detection',
        version: `${1 + Math.floor(i / 1000)}.0.${i % 1000}`,
        reason: i % 1000 === 999 ? `forced ${i + 1}: seasonal drift on the winter window` : null,
        ticket: `MLGOV-${100 + (i % 900)}`,
        details: { role: 'governance-board', decision: 'approved', manifestDigest: 'sha256:' + 'c'.repeat(64) },
      });
      // JSON.stringify is what formatAuditLine writes (it also re-reads the line strictly, 20 times slower).
      batch += JSON.stringify(last) + '\n';
      if (batch.length > 1 << 20) {
        writeSync(fd, batch);
        batch = '';
      }
    }
    writeSync(fd, batch);
    closeSync(fd);
  }, 180_000);
  afterAll(() => repo?.remove());

  /** The bundled CLI in a child whose V8 heap is capped at 64 MB (the log itself is about 100 MB). */
  const mlgov64 = (args: string[]) =>
    spawnSync(process.execPath, ['--max-old-space-size=64', cli, ...args, '--repo', repo.dir], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });

  it('log verify reads a 200,000-event log with a 64 MB heap', () => {
    const r = mlgov64(['log', 'verify', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, events: COUNT });
  }, 120_000);

  it('log show --action force filters while streaming, with a 64 MB heap', () => {
    const r = mlgov64(['log', 'show', '--action', 'force', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const shown = JSON.parse(r.stdout) as AuditEvent[];
    expect(shown).toHaveLength(COUNT / 1000);
    expect(shown[0]).toMatchObject({
      seq: 1000,
      action: 'force',
      reason: 'forced 1000: seasonal drift on the winter window',
    });
    expect(shown.every((e) => e.action === 'force')).toBe(true);
  }, 120_000);
});
