/**
 * audit-log.ts on real temp folders: where the log of an archive folder lives (a trailing slash changes nothing),
 * what reading it refuses (a folder on the way that is a file, a directory, a FIFO or a socket where the log goes,
 * an open the system refuses) with the exact message and fix, that a missing log opens as no stream, that an append
 * to a log that does not verify is an AuditLogBrokenError, that appending nothing leaves the log untouched, and that
 * the caller's lock options reach the lock.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appendAuditEvent,
  appendAuditEvents,
  auditLogPath,
  openAuditLogStream,
  readAuditLogText,
} from '../../src/evidence/audit-log.js';
import { rejectionOf } from '../support/rejection.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mlgov-audit-log-writes-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** This process's soft limit on open files (RLIMIT_NOFILE), as /proc says. */
function openFileLimit(): string {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  return line!.split(/\s+/)[3]!;
}
const setOpenFileLimit = (soft: string | number) =>
  execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${soft}:`]);

const EVENT = {
  actor: 'rm-bot',
  action: 'archive' as const,
  model: 'm',
  version: '1.0.0',
  at: '2025-01-01T00:00:00.000Z',
};
const RESTORE =
  'restore artifacts/audit-log.jsonl from the base branch (git checkout <base> -- artifacts/audit-log.jsonl)';

/** What a thrown value is, as far as a user sees it. */
async function failureOf(p: Promise<unknown>): Promise<Record<string, unknown>> {
  const e = (await rejectionOf(p)) as Error & { fix?: string; exitCode?: number };
  return { name: e.name, message: e.message, fix: e.fix, exitCode: e.exitCode };
}

describe('auditLogPath', () => {
  test('an archive folder written with trailing slashes names the same log', () => {
    expect(auditLogPath('artifacts/')).toBe('artifacts/audit-log.jsonl');
    expect(auditLogPath('evidence/archive//')).toBe('evidence/archive/audit-log.jsonl');
    expect(auditLogPath('artifacts')).toBe('artifacts/audit-log.jsonl');
  });
});

describe('reading the log', () => {
  test("the log's text is read as text; a missing log reads as ''", async () => {
    expect(await readAuditLogText(root, 'artifacts')).toBe('');
    await appendAuditEvents(root, 'artifacts', [EVENT]);
    expect(await readAuditLogText(root, 'artifacts')).toBe(
      readFileSync(join(root, 'artifacts/audit-log.jsonl'), 'utf8'),
    );
  });

  test('a missing log opens as no stream', async () => {
    expect(await openAuditLogStream(root, 'artifacts')).toBeUndefined();
    mkdirSync(join(root, 'artifacts'));
    expect(await openAuditLogStream(root, 'artifacts')).toBeUndefined();
  });

  test('the archive folder is a regular file: the log cannot be read (ENOTDIR), it is not an empty log', async () => {
    writeFileSync(join(root, 'artifacts'), 'not a folder\n');
    expect(await failureOf(readAuditLogText(root, 'artifacts'))).toStrictEqual({
      name: 'EvidenceError',
      message: `artifacts/audit-log.jsonl cannot be read: ENOTDIR: not a directory, lstat '${root}/artifacts/audit-log.jsonl'`,
      fix: RESTORE,
      exitCode: 2,
    });
  });

  test('a directory where the log goes is refused, naming it', async () => {
    mkdirSync(join(root, 'artifacts/audit-log.jsonl'), { recursive: true });
    expect(await failureOf(readAuditLogText(root, 'artifacts'))).toStrictEqual({
      name: 'EvidenceError',
      message:
        'artifacts/audit-log.jsonl is a directory, not a regular file; the audit log is never read through a link or from a special file',
      fix: RESTORE,
      exitCode: 2,
    });
  });

  test('a FIFO where the log goes is refused, naming it (never read: it would block)', async () => {
    mkdirSync(join(root, 'artifacts'));
    execFileSync('mkfifo', [join(root, 'artifacts/audit-log.jsonl')]);
    expect(await failureOf(openAuditLogStream(root, 'artifacts'))).toStrictEqual({
      name: 'EvidenceError',
      message:
        'artifacts/audit-log.jsonl is a FIFO, not a regular file; the audit log is never read through a link or from a special file',
      fix: RESTORE,
      exitCode: 2,
    });
  });

  describe('a socket where the log goes', () => {
    let server: Server | undefined;
    afterEach(async () => {
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
      server = undefined;
    });

    test('is refused as not a regular file', async () => {
      mkdirSync(join(root, 'artifacts'));
      const s = createServer();
      server = s;
      await new Promise<void>((r) => s.listen(join(root, 'artifacts/audit-log.jsonl'), () => r()));
      expect(await failureOf(readAuditLogText(root, 'artifacts'))).toStrictEqual({
        name: 'EvidenceError',
        message:
          'artifacts/audit-log.jsonl is a socket, not a regular file; the audit log is never read through a link or from a special file',
        fix: RESTORE,
        exitCode: 2,
      });
    });
  });

  test('an open the system refuses (no file descriptor left) is an EvidenceError naming the log', async () => {
    await appendAuditEvents(root, 'artifacts', [EVENT]);
    // Every descriptor this process may still open is taken, so the log's open fails with EMFILE (resolving the
    // path and lstat need none). The soft limit is lowered for the moment (prlimit) so that takes few descriptors.
    const soft = openFileLimit();
    const held: number[] = [];
    let failure: Record<string, unknown>;
    try {
      setOpenFileLimit(readdirSync('/proc/self/fd').length + 16);
      for (;;) {
        try {
          held.push(openSync('/dev/null', 'r'));
        } catch {
          break;
        }
      }
      failure = await failureOf(openAuditLogStream(root, 'artifacts'));
    } finally {
      for (const fd of held) closeSync(fd);
      setOpenFileLimit(soft);
    }
    expect(openFileLimit()).toBe(soft);
    expect(failure).toStrictEqual({
      name: 'EvidenceError',
      message: `artifacts/audit-log.jsonl cannot be read: EMFILE: too many open files, open '${root}/artifacts/audit-log.jsonl'`,
      fix: RESTORE,
      exitCode: 2,
    });
  });
});

describe('appending', () => {
  test('an append to a log that does not verify is an AuditLogBrokenError naming the log and the break', async () => {
    await appendAuditEvents(root, 'artifacts', [EVENT]);
    const log = join(root, 'artifacts/audit-log.jsonl');
    const tampered = readFileSync(log, 'utf8').replace('rm-bot', 'mallory');
    writeFileSync(log, tampered);
    expect(await failureOf(appendAuditEvent(root, 'artifacts', { ...EVENT, version: '2.0.0' }))).toStrictEqual({
      name: 'AuditLogBrokenError',
      message:
        "artifacts/audit-log.jsonl does not verify: line 1 (seq 1): hash does not match the event's content; the event was edited after it was written",
      fix: undefined,
      exitCode: undefined,
    });
    expect(readFileSync(log, 'utf8')).toBe(tampered);
  });

  test('appending no events creates no log', async () => {
    expect(await appendAuditEvents(root, 'artifacts', [])).toStrictEqual([]);
    expect(existsSync(join(root, 'artifacts/audit-log.jsonl'))).toBe(false);
  });

  test('appending no events leaves an existing log untouched (not even rewritten)', async () => {
    await appendAuditEvents(root, 'artifacts', [EVENT]);
    const log = join(root, 'artifacts/audit-log.jsonl');
    const before = { ino: statSync(log).ino, text: readFileSync(log, 'utf8') };
    expect(await appendAuditEvents(root, 'artifacts', [])).toStrictEqual([]);
    expect({ ino: statSync(log).ino, text: readFileSync(log, 'utf8') }).toStrictEqual(before);
  });

  test("the caller's lock options reach the lock: a lock younger than the caller's staleMs is waited for, then refused", async () => {
    mkdirSync(join(root, 'artifacts'));
    const lock = join(root, 'artifacts/audit-log.jsonl.lock');
    const record = { pid: 1, host: 'build-host-elsewhere', acquiredAt: '2025-01-01T00:00:00.000Z', token: 'x' };
    writeFileSync(lock, JSON.stringify(record));
    // A minute old: stale by the default (30 s), not by the caller's two minutes.
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, minuteAgo, minuteAgo);
    expect(
      await failureOf(appendAuditEvents(root, 'artifacts', [EVENT], { staleMs: 120_000, timeoutMs: 30 })),
    ).toStrictEqual({
      name: 'LockTimeoutError',
      message: `could not lock ${lock} (held by pid 1 on build-host-elsewhere since 2025-01-01T00:00:00.000Z); if no mlgov process is running, delete the lock file`,
      fix: undefined,
      exitCode: undefined,
    });
    expect(existsSync(join(root, 'artifacts/audit-log.jsonl'))).toBe(false);
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toStrictEqual(record);
  });
});
