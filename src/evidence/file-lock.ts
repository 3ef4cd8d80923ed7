/**
 * An exclusive lock file for the audit log, so two processes appending at once both land and keep the chain.
 *
 * Why an `O_EXCL` lock file rather than a package (e.g. proper-lockfile): creating a file with `open(path, 'wx')` is
 * atomic on every local filesystem and on NFSv3+, needs no dependency in the bundled action, and the lock is held
 * only for the milliseconds an append takes, so a simple staleness rule is enough:
 *
 * - the lock file records `{ pid, host, acquiredAt }`;
 * - a lock is stale when its holder is on this host and no longer alive (`kill(pid, 0)` → ESRCH), or when it is
 *   older than `staleMs` (a holder on another host, or a frozen one);
 * - a stale lock is taken away by renaming it to a unique name (only one contender's rename can succeed), then the
 *   renamed file is read back: if it is not the lock judged stale (another contender already replaced it with a
 *   fresh one), it is linked back (`link` never overwrites) and we wait again.
 *
 * Waiting uses a bounded, jittered back-off; past `timeoutMs` the append fails with a clear message naming the
 * lock file, never silently.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { assertSafeWrite } from '../adapters/repository-path.js';

export interface LockOptions {
  /** Give up after this long (default 15 s). */
  timeoutMs?: number;
  /** A lock older than this is stale whoever holds it (default 30 s; an append takes milliseconds). */
  staleMs?: number;
  /**
   * The repository the lock file lives in. When given, the lock path is held to the write-side containment rule
   * (`assertSafeWrite`) before every attempt to create it: a lock is never created through a symlinked folder.
   */
  repositoryRoot?: string;
}

export class LockTimeoutError extends Error {
  override name = 'LockTimeoutError';
  constructor(
    readonly lockPath: string,
    holder: string,
  ) {
    super(`could not lock ${lockPath} (held by ${holder}); if no mlgov process is running, delete the lock file`);
  }
}

interface LockRecord {
  pid: number;
  host: string;
  acquiredAt: string;
  token: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readRecord(path: string): Promise<{ text: string; record?: LockRecord; mtimeMs?: number } | undefined> {
  try {
    const [text, st] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    let record: LockRecord | undefined;
    try {
      record = JSON.parse(text) as LockRecord;
    } catch {
      record = undefined; // a lock being written right now reads empty: judged by age only
    }
    return { text, record, mtimeMs: st.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function isStale(found: { record?: LockRecord; mtimeMs?: number }, staleMs: number): boolean {
  const age = Date.now() - (found.mtimeMs ?? Date.now());
  if (age > staleMs) return true;
  const r = found.record;
  return r !== undefined && r.host === hostname() && r.pid !== process.pid && !isAlive(r.pid);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` while holding the lock file `lockPath`; the lock is released even when `fn` throws. */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const staleMs = options.staleMs ?? 30_000;
  const token = randomBytes(8).toString('hex');
  const record: LockRecord = { pid: process.pid, host: hostname(), acquiredAt: new Date().toISOString(), token };
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  const root = options.repositoryRoot;
  for (;;) {
    if (root !== undefined) await assertSafeWrite(root, relative(resolve(root), resolve(lockPath)));
    try {
      const handle = await open(lockPath, 'wx', 0o644);
      try {
        await handle.writeFile(JSON.stringify(record));
      } finally {
        await handle.close();
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const found = await readRecord(lockPath);
    if (found && isStale(found, staleMs)) {
      await breakStaleLock(lockPath, found.text);
      continue;
    }
    if (Date.now() > deadline) {
      const holder = found?.record
        ? `pid ${found.record.pid} on ${found.record.host} since ${found.record.acquiredAt}`
        : 'another process';
      throw new LockTimeoutError(lockPath, holder);
    }
    await sleep(delay + Math.floor(Math.random() * delay));
    delay = Math.min(delay * 2, 200);
  }
  try {
    return await fn();
  } finally {
    // Release only our own lock: if it was (wrongly) judged stale and replaced, leave the new holder's alone.
    const mine = await readRecord(lockPath);
    if (mine?.record?.token === token) await rm(lockPath, { force: true });
  }
}

async function breakStaleLock(lockPath: string, staleText: string): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else broke it first
    throw err;
  }
  const moved = await readFile(aside, 'utf8').catch(() => undefined);
  if (moved !== undefined && moved !== staleText) {
    // We moved a fresh lock another contender had just taken: put it back (link fails rather than overwrite).
    await link(aside, lockPath).catch(() => undefined);
  }
  await rm(aside, { force: true });
}
