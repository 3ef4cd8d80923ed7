import { fileURLToPath } from 'node:url';
import { describe, expect, it, afterEach } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { appendAuditEvent, appendAuditEvents, AuditLogBrokenError } from '../../src/evidence/audit-log.js';
import { withFileLock } from '../../src/evidence/file-lock.js';
import {
  buildChainedEvent,
  computeEventHash,
  findLogRewrite,
  formatAuditLine,
  GENESIS_HASH,
  verifyAuditLog,
  type AuditEvent,
} from '../../src/evidence/hash-chain.js';
import { canonicalJson, sha256Hex } from '../../src/formats/canonical-digest.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mlgov-log-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function chain(n: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let i = 0; i < n; i++) {
    events.push(
      buildChainedEvent(events[events.length - 1], {
        at: `2026-01-0${i + 1}T00:00:00.000Z`,
        actor: 'alice',
        action: i === 0 ? 'approve' : 'archive',
        model: 'fraud-detection',
        version: `1.${i}.0`,
        reason: null,
        ticket: 'MLGOV-1',
      }),
    );
  }
  return events;
}
const text = (events: AuditEvent[]) => events.map((e) => formatAuditLine(e) + '\n').join('');
const lines = (t: string) => t.split('\n').filter(Boolean);

describe('hash chain', () => {
  it('hashes the previous hash and the canonical event without its hash member', () => {
    const [first] = chain(1);
    expect(first!.prevHash).toBe(GENESIS_HASH);
    const { hash, ...rest } = first!;
    expect(hash).toBe(sha256Hex(GENESIS_HASH + '\n' + canonicalJson(rest)));
    expect(computeEventHash(GENESIS_HASH, first as unknown as Record<string, unknown>)).toBe(hash);
  });

  it('verifies an intact log and the empty log', () => {
    const v = verifyAuditLog(text(chain(4)));
    expect(v.ok).toBe(true);
    expect(v.events).toHaveLength(4);
    expect(verifyAuditLog('').ok).toBe(true);
  });

  it('names an edited line', () => {
    const l = lines(text(chain(4)));
    l[2] = l[2]!.replace('"actor":"alice"', '"actor":"mallory"');
    const v = verifyAuditLog(l.join('\n') + '\n');
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.break).toMatchObject({ kind: 'edited', line: 3, seq: 3 });
  });

  it('names the line after a deleted one', () => {
    const l = lines(text(chain(4)));
    l.splice(1, 1);
    const v = verifyAuditLog(l.join('\n') + '\n');
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.break).toMatchObject({ kind: 'deleted', line: 2, seq: 3 });
  });

  it('names reordered lines, and where the moved event went', () => {
    const l = lines(text(chain(4)));
    [l[1], l[2]] = [l[2]!, l[1]!];
    const v = verifyAuditLog(l.join('\n') + '\n');
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.break).toMatchObject({ kind: 'reordered', line: 2, seq: 3 });
      expect(v.break.message).toContain('expected seq 2, which was moved to line 3');
    }
  });

  it('names a deleted line as deleted (the skipped seq is nowhere further down)', () => {
    const l = lines(text(chain(4)));
    l.splice(1, 1);
    const v = verifyAuditLog(l.join('\n') + '\n');
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.break).toMatchObject({ kind: 'deleted', line: 2, seq: 3 });
  });

  it('names an inserted event whose seq was renumbered to fit', () => {
    const events = chain(3);
    const forged = buildChainedEvent({ seq: 1, hash: 'f'.repeat(64) }, { ...events[1]!, reason: 'forged' });
    const l = lines(text(events));
    l[1] = formatAuditLine(forged);
    const v = verifyAuditLog(l.join('\n') + '\n');
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.break).toMatchObject({ kind: 'inserted', line: 2, seq: 2 });
  });

  it('names a duplicated (replayed) line as reordered', () => {
    const l = lines(text(chain(3)));
    l.splice(2, 0, l[1]!);
    const v = verifyAuditLog(l.join('\n') + '\n');
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.break).toMatchObject({ kind: 'reordered', line: 3, seq: 2 });
  });

  it('names a malformed line and a missing final newline', () => {
    const l = lines(text(chain(2)));
    const bad = verifyAuditLog(l[0] + '\nnot json\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.break).toMatchObject({ kind: 'malformed', line: 2 });
    const cut = verifyAuditLog(l.join('\n'));
    expect(cut.ok).toBe(false);
    if (!cut.ok) expect(cut.break).toMatchObject({ kind: 'truncated', line: 2 });
  });

  it('tells whether a log only grew', () => {
    const t = text(chain(3));
    expect(findLogRewrite(lines(t).slice(0, 2).join('\n') + '\n', t)).toEqual({ grewOnly: true });
    const edited = t.replace('1.1.0', '9.9.9');
    expect(findLogRewrite(t, edited)).toEqual({ grewOnly: false, line: 2 });
  });
});

describe('appendAuditEvent', () => {
  it('creates the log, chains events and writes one JSON object per line', async () => {
    const repo = tempDir();
    const a = await appendAuditEvent(repo, 'artifacts', {
      actor: 'alice',
      action: 'approve',
      model: 'm',
      version: '1.0.0',
      at: '2026-01-01T00:00:00Z',
    });
    const b = await appendAuditEvent(repo, 'artifacts', {
      actor: 'bob',
      action: 'archive',
      model: 'm',
      version: '1.0.0',
      ticket: 'MLGOV-2',
      details: { files: 4 },
    });
    expect(a).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, reason: null, ticket: null });
    expect(b).toMatchObject({ seq: 2, prevHash: a.hash, ticket: 'MLGOV-2', details: { files: 4 } });
    const t = readFileSync(join(repo, 'artifacts/audit-log.jsonl'), 'utf8');
    expect(lines(t).map((l) => Object.keys(JSON.parse(l)))).toEqual([
      ['seq', 'at', 'actor', 'action', 'model', 'version', 'reason', 'ticket', 'prevHash', 'hash'],
      ['seq', 'at', 'actor', 'action', 'model', 'version', 'reason', 'ticket', 'details', 'prevHash', 'hash'],
    ]);
    expect(verifyAuditLog(t).ok).toBe(true);
  });

  it('refuses to extend a broken log and leaves it as it was', async () => {
    const repo = tempDir();
    await appendAuditEvents(repo, 'artifacts', [
      { actor: 'a', action: 'approve', model: 'm', version: '1' },
      { actor: 'a', action: 'approve', model: 'm', version: '2' },
    ]);
    const path = join(repo, 'artifacts/audit-log.jsonl');
    const broken = readFileSync(path, 'utf8').replace('"version":"1"', '"version":"7"');
    writeFileSync(path, broken);
    await expect(
      appendAuditEvent(repo, 'artifacts', { actor: 'a', action: 'approve', model: 'm', version: '3' }),
    ).rejects.toBeInstanceOf(AuditLogBrokenError);
    expect(readFileSync(path, 'utf8')).toBe(broken);
  });

  it('keeps every event and the chain when many appends run at once in one process', async () => {
    const repo = tempDir();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        appendAuditEvent(repo, 'artifacts', { actor: `u${i}`, action: 'approve', model: 'm', version: '1' }),
      ),
    );
    const v = verifyAuditLog(readFileSync(join(repo, 'artifacts/audit-log.jsonl'), 'utf8'));
    expect(v.ok).toBe(true);
    expect(new Set(v.events.map((e) => e.actor)).size).toBe(20);
  });

  it('keeps every event and the chain when two real processes append at once', async () => {
    const repo = tempDir();
    const work = tempDir();
    const worker = join(work, 'append-worker.mjs');
    // Bundle the real append code (no stale dist/): the worker imports src/evidence/audit-log.ts.
    await build({
      entryPoints: [fileURLToPath(new URL('append-worker.ts', import.meta.url))],
      outfile: worker,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    const run = (who: string) =>
      new Promise<number>((done, fail) => {
        const child = spawn(process.execPath, [worker, repo, who, '25'], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        child.on('error', fail);
        child.on('close', (code) =>
          code === 0 ? done(code) : fail(new Error(`worker ${who} exited ${code}: ${err}`)),
        );
      });
    await Promise.all([run('p1'), run('p2')]);
    const v = verifyAuditLog(readFileSync(join(repo, 'artifacts/audit-log.jsonl'), 'utf8'));
    expect(v.ok).toBe(true);
    expect(v.events).toHaveLength(50);
    const reasons = v.events.map((e) => e.reason).sort();
    const expected = [
      ...Array.from({ length: 25 }, (_, i) => `p1 ${i}`),
      ...Array.from({ length: 25 }, (_, i) => `p2 ${i}`),
    ].sort();
    expect(reasons).toEqual(expected);
  });
});

describe('withFileLock', () => {
  it('breaks a stale lock left by a dead process', async () => {
    const d = tempDir();
    const lock = join(d, 'x.lock');
    // A pid far above pid_max is never alive.
    writeFileSync(
      lock,
      JSON.stringify({
        pid: 4_000_000,
        host: (await import('node:os')).hostname(),
        acquiredAt: '2020-01-01T00:00:00Z',
        token: 't',
      }),
    );
    expect(await withFileLock(lock, async () => 'ran', { timeoutMs: 2000 })).toBe('ran');
  });

  it('breaks a lock older than staleMs and times out on a fresh one held by a live process', async () => {
    const d = tempDir();
    const lock = join(d, 'x.lock');
    writeFileSync(lock, JSON.stringify({ pid: process.ppid, host: 'elsewhere', acquiredAt: 'x', token: 't' }));
    await expect(withFileLock(lock, async () => 'ran', { timeoutMs: 100, staleMs: 60_000 })).rejects.toThrow(
      /could not lock .*x\.lock/,
    );
    const old = new Date(Date.now() - 120_000);
    utimesSync(lock, old, old);
    expect(await withFileLock(lock, async () => 'ran', { timeoutMs: 1000, staleMs: 60_000 })).toBe('ran');
  });
});
