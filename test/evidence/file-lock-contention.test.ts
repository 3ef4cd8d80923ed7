/**
 * What the audit log's lock file does under contention, seen from outside: what the lock file holds while `fn` runs
 * and what is left after, which locks are waited for and which are broken (dead holder on this host, another user's
 * live holder, another host, unreadable contents, age against `staleMs` and its 30 s default), the exact timeout
 * message, the errors that are never swallowed (a missing folder, a folder in the lock's place, a stale lock that
 * cannot be moved aside), a contender's fresh lock put back, and the jittered back-off and deadline measured on a
 * virtual clock (Date.now, setTimeout and Math.random replaced by hand for one call, restored after). A contender
 * acting at an exact point is a hand-written hook on a global the module calls there (a clock read, JSON.parse).
 */
import { describe, expect, test, afterEach } from '@jest/globals';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LockTimeoutError, withFileLock } from '../../src/evidence/file-lock.js';
import { rejectionOf } from '../support/rejection.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mlgov-lock-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A pid far above pid_max: never alive. */
const DEAD_PID = 4_000_000;

function holder(pid: number, host: string, acquiredAt = '2026-12-01T10:00:00.000Z', token = 'their-token'): string {
  return JSON.stringify({ pid, host, acquiredAt, token });
}

function timeoutMessage(lock: string, held: string): string {
  return `could not lock ${lock} (held by ${held}); if no mlgov process is running, delete the lock file`;
}

/** The rejection of `p` (fails when it resolves). */

function ageFile(path: string, ageMs: number): void {
  const at = new Date(Date.now() - ageMs);
  utimesSync(path, at, at);
}

interface VirtualClock {
  now: number;
  reads: number;
  sleeps: number[];
}

/**
 * Runs `run` on a virtual clock starting at `start`: Date.now answers the virtual time (each read is counted and may
 * act, `onRead`), setTimeout records the delay and advances the clock instead of waiting, Math.random is 0.5. A loop
 * that reads the clock 2000 times is stopped with an error rather than left spinning.
 */
async function onVirtualClock<T>(
  start: number,
  run: () => Promise<T>,
  onRead?: (clock: VirtualClock) => void,
): Promise<{ outcome: { value: T } | { error: unknown }; clock: VirtualClock }> {
  const clock: VirtualClock = { now: start, reads: 0, sleeps: [] };
  const realNow = Date.now;
  const realSetTimeout = globalThis.setTimeout;
  const realRandom = Math.random;
  Date.now = () => {
    clock.reads += 1;
    if (clock.reads > 2000) throw new Error('runaway: the lock loop read the clock 2000 times');
    onRead?.(clock);
    return clock.now;
  };
  globalThis.setTimeout = ((fn: () => void, ms: number) => {
    clock.sleeps.push(ms);
    clock.now += ms;
    return realSetTimeout(fn, 0);
  }) as typeof setTimeout;
  Math.random = () => 0.5;
  try {
    return { outcome: { value: await run() }, clock };
  } catch (error) {
    return { outcome: { error }, clock };
  } finally {
    Date.now = realNow;
    globalThis.setTimeout = realSetTimeout;
    Math.random = realRandom;
  }
}

describe('withFileLock: the lock file while fn runs and after', () => {
  test('holds a record of this process (pid, host, acquiredAt, token) while fn runs, and removes it after', async () => {
    const lock = join(tempDir(), 'x.lock');
    const before = Date.now();
    let seen: unknown;
    expect(
      await withFileLock(lock, async () => {
        seen = JSON.parse(readFileSync(lock, 'utf8'));
        return 'ran';
      }),
    ).toBe('ran');
    const record = seen as { pid: number; host: string; acquiredAt: string; token: string };
    expect(Object.keys(record)).toStrictEqual(['pid', 'host', 'acquiredAt', 'token']);
    expect(record.pid).toBe(process.pid);
    expect(record.host).toBe(hostname());
    expect(record.token).toMatch(/^[0-9a-f]{16}$/);
    expect(Date.parse(record.acquiredAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(Date.parse(record.acquiredAt)).toISOString()).toBe(record.acquiredAt);
    expect(existsSync(lock)).toBe(false);
  });

  (existsSync('/proc/self/fd') ? test : test.skip)(
    'the lock file is closed before fn runs: no descriptor of this process is open on it (/proc/self/fd)',
    async () => {
      const fds = '/proc/self/fd';
      const lock = join(tempDir(), 'x.lock');
      const openOnLock = () =>
        readdirSync(fds).filter((fd) => {
          try {
            return readlinkSync(join(fds, fd)) === lock;
          } catch {
            return false; // the descriptor readdir itself used, closed since
          }
        });
      expect(await withFileLock(lock, async () => openOnLock())).toStrictEqual([]);
    },
  );

  test('a lock fn removed itself is not an error: the result is returned', async () => {
    const d = tempDir();
    const lock = join(d, 'x.lock');
    expect(
      await withFileLock(lock, async () => {
        rmSync(lock);
        return 'ran';
      }),
    ).toBe('ran');
    expect(readdirSync(d)).toStrictEqual([]);
  });

  test('a lock another contender removes just as it is released (after it was read back as ours) is not an error', async () => {
    const d = tempDir();
    const lock = join(d, 'x.lock');
    const realParse = JSON.parse;
    try {
      const result = await withFileLock(lock, async () => {
        // The release reads the lock back (JSON.parse of its record), then removes it: the contender acts between.
        JSON.parse = ((text: string, reviver?: Parameters<typeof realParse>[1]) => {
          JSON.parse = realParse;
          rmSync(lock);
          return realParse(text, reviver);
        }) as typeof JSON.parse;
        return 'ran';
      });
      expect(result).toBe('ran');
    } finally {
      JSON.parse = realParse;
    }
    expect(readdirSync(d)).toStrictEqual([]);
  });

  test('a lock replaced with unreadable bytes while fn ran is left alone', async () => {
    const lock = join(tempDir(), 'x.lock');
    expect(
      await withFileLock(lock, async () => {
        writeFileSync(lock, 'not json');
        return 'ran';
      }),
    ).toBe('ran');
    expect(readFileSync(lock, 'utf8')).toBe('not json');
  });

  test("a lock replaced by another holder's while fn ran (judged stale elsewhere) is left to them", async () => {
    const lock = join(tempDir(), 'x.lock');
    const theirs = holder(process.ppid, 'elsewhere');
    expect(
      await withFileLock(lock, async () => {
        writeFileSync(lock, theirs);
        return 'ran';
      }),
    ).toBe('ran');
    expect(readFileSync(lock, 'utf8')).toBe(theirs);
  });
});

describe('withFileLock: which locks are waited for', () => {
  test('a fresh lock held on another host times out with a LockTimeoutError naming the holder, even if its pid is dead here', async () => {
    const lock = join(tempDir(), 'x.lock');
    const text = holder(DEAD_PID, 'elsewhere', '2026-12-01T10:00:00.000Z');
    writeFileSync(lock, text);
    let ran = false;
    const err = await rejectionOf(
      withFileLock(
        lock,
        async () => {
          ran = true;
        },
        { timeoutMs: 20 },
      ),
    );
    expect(err).toBeInstanceOf(LockTimeoutError);
    const e = err as LockTimeoutError;
    expect(e.name).toBe('LockTimeoutError');
    expect(e.lockPath).toBe(lock);
    expect(e.message).toBe(timeoutMessage(lock, `pid ${DEAD_PID} on elsewhere since 2026-12-01T10:00:00.000Z`));
    expect(ran).toBe(false);
    expect(readFileSync(lock, 'utf8')).toBe(text);
  });

  test.each([
    ['the parent process', () => process.ppid],
    ['this process itself', () => process.pid],
  ])('a fresh lock held on this host by a live process (%s) is waited for, not broken', async (_, pidOf) => {
    const lock = join(tempDir(), 'x.lock');
    const pid = pidOf();
    const text = holder(pid, hostname(), '2026-12-01T11:00:00.000Z');
    writeFileSync(lock, text);
    const err = await rejectionOf(withFileLock(lock, async () => 'ran', { timeoutMs: 20 }));
    expect((err as Error).message).toBe(
      timeoutMessage(lock, `pid ${pid} on ${hostname()} since 2026-12-01T11:00:00.000Z`),
    );
    expect(readFileSync(lock, 'utf8')).toBe(text);
  });

  test("a fresh lock held by another user's live process on this host (kill → EPERM) is waited for, not broken", async () => {
    const d = tempDir();
    const lock = join(d, 'x.lock');
    const asRoot = process.getuid?.() === 0;
    // As root every process can be signalled: hold the lock from a process of uid 12345 and ask as uid 65534
    // (effective only, restored after). Otherwise pid 1 belongs to someone else.
    const child = asRoot ? spawn('sleep', ['30'], { uid: 12345, gid: 12345, stdio: 'ignore' }) : undefined;
    try {
      if (child) await once(child, 'spawn');
      const pid = child?.pid ?? 1;
      const text = holder(pid, hostname(), '2026-12-01T12:00:00.000Z');
      writeFileSync(lock, text);
      chmodSync(d, 0o777);
      if (asRoot) process.seteuid!(65534);
      let err: unknown;
      try {
        err = await rejectionOf(withFileLock(lock, async () => 'ran', { timeoutMs: 20 }));
      } finally {
        if (asRoot) process.seteuid!(0);
      }
      expect((err as Error).message).toBe(
        timeoutMessage(lock, `pid ${pid} on ${hostname()} since 2026-12-01T12:00:00.000Z`),
      );
      expect(readFileSync(lock, 'utf8')).toBe(text);
    } finally {
      child?.kill();
    }
  });

  test('a lock with unreadable contents (being written) is judged by age only: fresh is waited for, old is broken', async () => {
    const lock = join(tempDir(), 'x.lock');
    writeFileSync(lock, '{"pid": 12');
    const err = await rejectionOf(withFileLock(lock, async () => 'ran', { timeoutMs: 20 }));
    expect((err as Error).message).toBe(timeoutMessage(lock, 'another process'));
    expect(readFileSync(lock, 'utf8')).toBe('{"pid": 12');
    ageFile(lock, 120_000);
    expect(await withFileLock(lock, async () => 'ran', { timeoutMs: 20, staleMs: 60_000 })).toBe('ran');
    expect(existsSync(lock)).toBe(false);
  });

  test('a dangling symlink in the lock\'s place is never followed: it times out as held by "another process"', async () => {
    const d = tempDir();
    const lock = join(d, 'x.lock');
    symlinkSync(join(d, 'nowhere'), lock);
    const err = await rejectionOf(withFileLock(lock, async () => 'ran', { timeoutMs: 0 }));
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect((err as Error).message).toBe(timeoutMessage(lock, 'another process'));
    expect(readdirSync(d)).toStrictEqual(['x.lock']);
    expect(existsSync(join(d, 'nowhere'))).toBe(false);
  });
});

describe('withFileLock: staleness by age', () => {
  test('without staleMs a lock is stale after 30 s: 40 s old is broken, 20 s old is waited for', async () => {
    const lock = join(tempDir(), 'x.lock');
    writeFileSync(lock, holder(process.ppid, 'elsewhere'));
    ageFile(lock, 20_000);
    const err = await rejectionOf(withFileLock(lock, async () => 'ran', { timeoutMs: 20 }));
    expect(err).toBeInstanceOf(LockTimeoutError);
    ageFile(lock, 40_000);
    expect(await withFileLock(lock, async () => 'ran', { timeoutMs: 20 })).toBe('ran');
    expect(existsSync(lock)).toBe(false);
  });

  test('staleMs given replaces the default: a 45 s old lock is waited for under staleMs 60 s', async () => {
    const lock = join(tempDir(), 'x.lock');
    const text = holder(process.ppid, 'elsewhere', '2026-12-01T13:00:00.000Z');
    writeFileSync(lock, text);
    ageFile(lock, 45_000);
    const err = await rejectionOf(withFileLock(lock, async () => 'ran', { timeoutMs: 20, staleMs: 60_000 }));
    expect((err as Error).message).toBe(
      timeoutMessage(lock, `pid ${process.ppid} on elsewhere since 2026-12-01T13:00:00.000Z`),
    );
    expect(readFileSync(lock, 'utf8')).toBe(text);
  });

  test('a lock exactly staleMs old is not yet stale: it is broken after one wait, when it is older', async () => {
    const d = tempDir();
    const lock = join(d, 'x.lock');
    writeFileSync(lock, holder(process.ppid, 'elsewhere'));
    const mtime = Math.floor(Date.now() / 1000) * 1000 - 60_000; // whole seconds: mtimeMs is exact
    utimesSync(lock, mtime / 1000, mtime / 1000);
    const { outcome, clock } = await onVirtualClock(mtime + 10_000, () =>
      withFileLock(lock, async () => 'ran', { timeoutMs: 60_000, staleMs: 10_000 }),
    );
    expect(outcome).toStrictEqual({ value: 'ran' });
    expect(clock.sleeps).toStrictEqual([7]);
    expect(readdirSync(d)).toStrictEqual([]);
  });
});

describe('withFileLock: waiting, on a virtual clock', () => {
  test('backs off 5, 10, 20 … 200 ms with up to as much again of jitter, and gives up once past timeoutMs (not at it)', async () => {
    const lock = join(tempDir(), 'x.lock');
    const text = holder(process.ppid, 'elsewhere', '2026-12-01T14:00:00.000Z');
    writeFileSync(lock, text);
    // Sleeps end at 7, 22, 52, 112, 232, 472, 772: at 772 the deadline (772) is reached, not passed.
    const { outcome, clock } = await onVirtualClock(Date.now(), () =>
      withFileLock(lock, async () => 'ran', { timeoutMs: 772, staleMs: 1e9 }),
    );
    expect(clock.sleeps).toStrictEqual([7, 15, 30, 60, 120, 240, 300, 300]);
    expect('error' in outcome && (outcome.error as Error).message).toBe(
      timeoutMessage(lock, `pid ${process.ppid} on elsewhere since 2026-12-01T14:00:00.000Z`),
    );
    expect(readFileSync(lock, 'utf8')).toBe(text);
  });

  test('without timeoutMs it waits 15 s', async () => {
    const lock = join(tempDir(), 'x.lock');
    writeFileSync(lock, holder(process.ppid, 'elsewhere'));
    const { outcome, clock } = await onVirtualClock(Date.now(), () =>
      withFileLock(lock, async () => 'ran', { staleMs: 1e9 }),
    );
    expect('error' in outcome && outcome.error).toBeInstanceOf(LockTimeoutError);
    // 472 ms of growing waits, then 300 ms ones until 15 172 ms, the first time past 15 000.
    expect(clock.sleeps).toStrictEqual([7, 15, 30, 60, 120, 240, ...Array.from({ length: 49 }, () => 300)]);
  });

  test('a dead holder on this host is broken at once: no wait, nothing left beside the lock', async () => {
    const d = tempDir();
    const lock = join(d, 'x.lock');
    writeFileSync(lock, holder(DEAD_PID, hostname()));
    let during: string[] = [];
    const { outcome, clock } = await onVirtualClock(Date.now(), () =>
      withFileLock(lock, async () => {
        during = readdirSync(d);
        return 'ran';
      }),
    );
    expect(outcome).toStrictEqual({ value: 'ran' });
    expect(clock.sleeps).toStrictEqual([]);
    expect(during).toStrictEqual(['x.lock']);
    expect(readdirSync(d)).toStrictEqual([]);
  });
});

describe('withFileLock: breaking a stale lock against other contenders', () => {
  test('a stale lock another contender removed first (rename → ENOENT) is simply taken', async () => {
    const d = tempDir();
    const lock = join(d, 'x.lock');
    writeFileSync(lock, holder(DEAD_PID, hostname()));
    // Read 1 sets the deadline; read 2 judges the lock: the other contender removes it right then.
    const { outcome } = await onVirtualClock(
      Date.now(),
      () => withFileLock(lock, async () => readFileSync(lock, 'utf8').includes(`"pid":${process.pid}`)),
      (clock) => {
        if (clock.reads === 2) rmSync(lock);
      },
    );
    expect(outcome).toStrictEqual({ value: true });
    expect(readdirSync(d)).toStrictEqual([]);
  });

  test("a contender's fresh lock taken in place of the stale one is put back and waited for", async () => {
    const d = tempDir();
    const lock = join(d, 'x.lock');
    writeFileSync(lock, holder(DEAD_PID, hostname()));
    const theirs = holder(process.ppid, 'elsewhere', '2026-12-01T15:00:00.000Z');
    let ran = false;
    const { outcome, clock } = await onVirtualClock(
      Date.now(),
      () =>
        withFileLock(
          lock,
          async () => {
            ran = true;
          },
          { timeoutMs: 0 },
        ),
      (c) => {
        if (c.reads === 2) {
          rmSync(lock);
          writeFileSync(lock, theirs);
        }
      },
    );
    expect('error' in outcome && (outcome.error as Error).message).toBe(
      timeoutMessage(lock, `pid ${process.ppid} on elsewhere since 2026-12-01T15:00:00.000Z`),
    );
    expect(clock.sleeps).toStrictEqual([7]);
    expect(ran).toBe(false);
    expect(readdirSync(d)).toStrictEqual(['x.lock']);
    expect(readFileSync(lock, 'utf8')).toBe(theirs);
  });

  test('something unreadable moved aside in place of the stale lock (a socket) is not put back', async () => {
    const d = tempDir();
    const lock = join(d, 'x.lock');
    writeFileSync(lock, holder(DEAD_PID, hostname()));
    const sock = join(tempDir(), 'sock');
    const server = createServer();
    server.listen(sock);
    await once(server, 'listening');
    try {
      const { outcome } = await onVirtualClock(
        Date.now(),
        () => withFileLock(lock, async () => readFileSync(lock, 'utf8').includes(`"pid":${process.pid}`)),
        (c) => {
          if (c.reads === 2) {
            rmSync(lock);
            renameSync(sock, lock);
          }
        },
      );
      expect(outcome).toStrictEqual({ value: true });
      expect(readdirSync(d)).toStrictEqual([]);
    } finally {
      server.close();
    }
  });

  test('a stale lock that cannot be moved aside (its aside name is too long) is the rename error, not a loop', async () => {
    const d = tempDir();
    // 250 bytes fit a file name (NAME_MAX 255); `<name>.stale-<pid>-<8 hex>` does not.
    const lock = join(d, `${'l'.repeat(245)}.lock`);
    const text = holder(DEAD_PID, hostname());
    writeFileSync(lock, text);
    let ran = false;
    const { outcome } = await onVirtualClock(
      Date.now(),
      () =>
        withFileLock(lock, async () => {
          ran = true;
        }),
      (c) => {
        if (c.reads === 20 && existsSync(lock)) rmSync(lock); // ends a loop that would retry forever
      },
    );
    expect('error' in outcome && outcome.error).toMatchObject({ code: 'ENAMETOOLONG', syscall: 'rename', path: lock });
    expect(ran).toBe(false);
    expect(readFileSync(lock, 'utf8')).toBe(text);
  });
});

describe('withFileLock: errors other than "held" are never waited out', () => {
  test('a lock in a folder that does not exist is the open error', async () => {
    const lock = join(tempDir(), 'missing', 'x.lock');
    const err = await rejectionOf(withFileLock(lock, async () => 'ran', { timeoutMs: 50 }));
    expect(err).toMatchObject({ code: 'ENOENT', syscall: 'open', path: lock });
  });

  test("a folder in the lock's place is the read error", async () => {
    const lock = join(tempDir(), 'x.lock');
    mkdirSync(lock);
    const err = await rejectionOf(withFileLock(lock, async () => 'ran', { timeoutMs: 50 }));
    expect(err).toMatchObject({ code: 'EISDIR', syscall: 'read' });
    expect(readdirSync(lock)).toStrictEqual([]);
  });
});
