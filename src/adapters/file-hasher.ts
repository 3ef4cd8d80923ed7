import { createHash } from 'node:crypto';
import { constants, readSync } from 'node:fs';
import { lstat, open, readdir, realpath, stat, type FileHandle } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { availableParallelism } from 'node:os';
import { posix } from 'node:path';
import type { ObservedFile } from '../release/release-context.js';
import {
  cachedDigest,
  readFileSystemClock,
  readHashCache,
  sameStamp,
  stampOf,
  writeHashCache,
  type FileStamp,
  type HashCacheEntries,
} from './hash-cache.js';
import { HASH_CHUNK_BYTES, HashWorker, type HashOutcome } from './hash-worker-pool.js';
import { LFS_POINTER_MAX_BYTES, parseLfsPointer } from './lfs-pointer.js';
import { gitIndexPort } from './lfs-pointer-git.js';
import { readIndexedLfsFiles } from './lfs-pointer-index.js';
import { isWithin, lexicalPathProblem, resolveRepositoryPath } from './repository-path.js';

export interface HashProgress {
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
}

export interface ObserveOptions {
  onProgress?: (p: HashProgress) => void;
  /** Stop at the first file whose digest or size differs from `expected` (or that is missing, outside...). */
  failFast?: boolean;
  expected?: Record<string, { sha256?: string; size?: number }>;
  /**
   * Files at least this large may be hashed on worker threads; smaller ones only on the main thread, where a
   * thread's start-up (~25 ms) would cost more than the hash. Default {@link WORKER_THRESHOLD_BYTES}; tests lower it.
   */
  workerThresholdBytes?: number;
  /**
   * At most this many worker threads besides the main thread, which hashes too (default: the machine's
   * parallelism minus one, at most 3). A single large file is hashed on the main thread: no thread to start.
   */
  maxWorkers?: number;
  /**
   * `--rehash`: read and hash every file; neither the Git LFS pointer in the index nor the hash cache is used.
   */
  rehash?: boolean;
  /**
   * Use the hash cache in the git directory (hash-cache.ts): the CLI outside CI. Never the action. Default off.
   */
  hashCache?: boolean;
}

/**
 * Below this size a file is hashed on the main thread. Measured on a 2-core runner (page cache warm): starting a
 * hashing thread costs about 25 ms, the time the main thread takes to hash ~25 MiB (16 MiB: 17 ms on the main
 * thread, 41 ms through a fresh worker; two 64 MiB files: 92 ms on the main thread, 78 ms on two workers).
 */
export const WORKER_THRESHOLD_BYTES = 32 * 1024 * 1024;

/** Reason given for files left unhashed after `--fail-fast` stopped the run. */
export const NOT_HASHED_REASON = 'not hashed: stopped at first mismatch (--fail-fast)';

/** Why a file is hashed when asked to (the report says it). */
export const REHASH_NOTE = 'asked to re-hash (--rehash)';

/** At most this many files are remembered in the hash cache. */
const HASH_CACHE_MAX_ENTRIES = 10_000;

/** A regular file that will be hashed: where it resolved to and which inode was checked. */
interface HashTask {
  path: string;
  absolute: string;
  /** The resolved path relative to the repository root (what git's index calls it). */
  rel: string;
  size: number;
  dev: string;
  ino: string;
  /** Size, times and inode when planned: the hash cache's key, and checked again before recording a digest. */
  stamp: FileStamp;
  /** Known before hashing that the size differs from the expected one (hashed first under fail-fast). */
  sizeDiffers: boolean;
  /** Why a file git could have vouched for is read instead. */
  note?: string;
}

function errnoOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err
    ? String((err as { code: unknown }).code)
    : 'EUNKNOWN';
}

/** What a non-regular file is, in words a PR author recognises. */
function kindOf(info: BigIntStats): string {
  if (info.isDirectory()) return 'directory';
  if (info.isFIFO()) return 'named pipe (FIFO)';
  if (info.isSocket()) return 'socket';
  if (info.isCharacterDevice()) return 'character device';
  if (info.isBlockDevice()) return 'block device';
  return 'special file';
}

/** First step for one path: resolve and stat, never open. Returns a final observation or a task to hash. */
async function planFile(
  realRoot: string,
  path: string,
  expected: ObserveOptions['expected'],
): Promise<ObservedFile | HashTask> {
  const resolved = await resolveRepositoryPath(realRoot, path);
  switch (resolved.kind) {
    case 'outside':
      return { kind: 'outside-repository', path, reason: resolved.reason };
    case 'missing':
      return { kind: 'missing', path };
    case 'unreadable':
      return { kind: 'unreadable', path, reason: resolved.reason };
    case 'inside':
      break;
  }
  let info: BigIntStats;
  try {
    // The path is fully resolved already, so stat and lstat agree; bigint keeps inode numbers and ns times exact.
    info = await stat(resolved.absolute, { bigint: true });
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'ENOENT') return { kind: 'missing', path };
    return { kind: 'unreadable', path, reason: `could not stat the file (${code})` };
  }
  // Checked before any open(): opening a FIFO for reading blocks until a writer appears, which would hang the gate.
  if (!info.isFile()) return { kind: 'not-a-file', path, what: kindOf(info) };
  const want = expected?.[path];
  const size = Number(info.size);
  return {
    path,
    absolute: resolved.absolute,
    rel: resolved.absolute.slice(realRoot.length + 1),
    size,
    dev: String(info.dev),
    ino: String(info.ino),
    stamp: stampOf(info),
    // A pointer-sized file may stand for an LFS object of any size, so only larger files can be judged by size.
    sizeDiffers: want?.size !== undefined && size >= LFS_POINTER_MAX_BYTES && size !== want.size,
  };
}

function isTask(x: ObservedFile | HashTask): x is HashTask {
  return !('kind' in x);
}

/** True when an observation does not match what the manifest expects (used by fail-fast). */
function isMismatch(observed: ObservedFile, want: { sha256?: string; size?: number } | undefined): boolean {
  if (observed.kind !== 'file') return true;
  if (!want) return false;
  if (want.sha256 !== undefined && want.sha256.toLowerCase() !== observed.sha256) return true;
  if (want.size !== undefined && want.size !== observed.size) return true;
  return false;
}

/** Maps a hashing failure (the file changed or vanished after it was checked) to an observation. */
function failureToObservation(path: string, code: string, message: string): ObservedFile {
  if (code === 'ENOENT') return { kind: 'missing', path };
  return { kind: 'unreadable', path, reason: `${message} (${code})` };
}

/** A file whose content was hashed (now or, by the cache, before), saying why when git could have vouched for it. */
function hashedFile(
  task: HashTask,
  sha256: string,
  size: number,
  by: 'hashed' | 'hash-cache' = 'hashed',
): ObservedFile {
  return {
    kind: 'file',
    path: task.path,
    sha256,
    size,
    verifiedBy: by,
    ...(task.note ? { verifiedNote: task.note } : {}),
  };
}

/** A file's digest as streamed, with the first bytes of a small file (for LFS pointer detection). */
interface StreamedDigest {
  sha256: string;
  size: number;
  head?: Buffer;
}

/**
 * How the main thread reads: `overlap` when it is the only hashing thread (the next read runs on libuv's thread pool,
 * on a free core, while this thread hashes the current chunk); `sync` when workers hash beside it, so no core is free
 * to overlap with and a hand-off would only cost CPU (bench/ANALYSIS.md).
 */
type MainThreadReads = 'overlap' | 'sync';

/** Accumulates chunks into a digest; keeps a copy of a small file's first bytes (the buffers are reused). */
function digestAccumulator(onBytes: (n: number) => void) {
  const hash = createHash('sha256');
  let size = 0;
  let head: Buffer | undefined;
  return {
    add(chunk: Buffer): void {
      if (size < LFS_POINTER_MAX_BYTES) {
        // A copy: the buffer is reused, and a pointer is decided on the whole (tiny) file.
        head = Buffer.concat([head ?? Buffer.alloc(0), chunk.subarray(0, LFS_POINTER_MAX_BYTES - size)]);
      }
      hash.update(chunk);
      size += chunk.length;
      onBytes(chunk.length);
    },
    digest: (): StreamedDigest => ({ sha256: hash.digest('hex'), size, ...(head ? { head } : {}) }),
  };
}

/**
 * Streams an open file through SHA-256. `overlap`: two buffers, the next read (libuv's thread pool) in flight while
 * this thread hashes the current chunk, so the page-cache copy runs beside the hash instead of before it. `sync`:
 * read and hash in turn on this thread, yielding to the event loop after each chunk so the workers' messages (their
 * results, the next file) are not held up while this thread hashes a large file.
 */
async function streamHash(
  handle: FileHandle,
  buffers: [Buffer, Buffer],
  onBytes: (n: number) => void,
  reads: MainThreadReads,
): Promise<StreamedDigest> {
  const acc = digestAccumulator(onBytes);
  const sized = (b: Buffer, n: number) => (n === b.length ? b : b.subarray(0, n));
  if (reads === 'sync') {
    const buffer = buffers[0];
    for (;;) {
      const n = readSync(handle.fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      acc.add(sized(buffer, n));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return acc.digest();
  }
  let i = 0;
  const readInto = (b: Buffer) => {
    const p = handle.read(b, 0, b.length, null);
    p.catch(() => undefined); // awaited below; never an unhandled rejection if this loop exits first
    return p;
  };
  let pending = readInto(buffers[0]);
  for (;;) {
    const { bytesRead } = await pending;
    if (bytesRead === 0) break;
    const current = buffers[i]!;
    i ^= 1;
    pending = readInto(buffers[i]!);
    acc.add(sized(current, bytesRead));
  }
  return acc.digest();
}

/**
 * Hashes on the main thread. Used for small files, where a worker round trip costs more than the hash, for a lone
 * large file (no thread to start), and for LFS pointer detection (a pointer is under 1 KiB, so it comes through here).
 */
async function hashOnMainThread(
  task: HashTask,
  buffers: [Buffer, Buffer],
  onBytes: (n: number) => void,
  reads: MainThreadReads,
): Promise<ObservedFile> {
  let handle;
  try {
    handle = await open(task.absolute, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return failureToObservation(task.path, errnoOf(err), 'could not open the file');
  }
  try {
    const info = await handle.stat({ bigint: true });
    if (!info.isFile()) return { kind: 'unreadable', path: task.path, reason: 'the path is no longer a regular file' };
    if (String(info.dev) !== task.dev || String(info.ino) !== task.ino) {
      return { kind: 'unreadable', path: task.path, reason: 'the file was replaced while it was being hashed' };
    }
    const { sha256, size, head } = await streamHash(handle, buffers, onBytes, reads);
    const pointer = head && size < LFS_POINTER_MAX_BYTES ? parseLfsPointer(head) : undefined;
    if (pointer) {
      return {
        kind: 'file',
        path: task.path,
        sha256: pointer.oid,
        size: pointer.size,
        lfs: pointer,
        verifiedBy: 'lfs-pointer-file',
      };
    }
    return hashedFile(task, sha256, size);
  } catch (err) {
    return failureToObservation(task.path, errnoOf(err), 'could not read the file');
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Observes each manifest path in the repository: resolves it (refusing anything that leaves the repository,
 * lexically or through a symlink at any component), refuses non-regular files without opening them, and
 * establishes each regular file's size and SHA-256 by the cheapest proof that holds:
 *
 * 1. a file tracked by Git LFS that git's stat check says is unchanged since git wrote it: the pointer in the index
 *    (lfs-pointer-index.ts), without reading the content;
 * 2. with `hashCache`, a file whose stamp is unchanged since this machine hashed it (hash-cache.ts);
 * 3. otherwise the content is streamed through SHA-256, large files in parallel on worker threads, memory flat
 *    whatever the size. A working-tree file that is itself a Git LFS pointer is reported with its `oid` and `size`.
 *
 * `rehash` skips 1 and 2. Every file observation says which way it was verified (`verifiedBy`).
 *
 * Decisions: a symlink inside the repository pointing inside it is followed; a symlink loop is `unreadable`
 * ("symlink loop (ELOOP)"); a dangling symlink whose target lies outside is `outside-repository`.
 *
 * @param repoRoot the repository root (resolved with realpath here)
 * @param paths repository-relative paths exactly as the manifest writes them (the result is keyed by them)
 * @returns an observation for every distinct path
 */
export async function observeFiles(
  repoRoot: string,
  paths: string[],
  options: ObserveOptions = {},
): Promise<Record<string, ObservedFile>> {
  const realRoot = await realpath(repoRoot);
  const unique = [...new Set(paths)];
  const planned = await Promise.all(unique.map((p) => planFile(realRoot, p, options.expected)));
  const result: Record<string, ObservedFile> = {};
  const tasks: HashTask[] = [];
  for (const p of planned) {
    if (isTask(p)) tasks.push(p);
    else result[p.path] = p;
  }
  const { rest, cache } = await settleWithoutReading(realRoot, tasks, options, result);

  const progress: HashProgress = {
    bytesDone: 0,
    bytesTotal: rest.reduce((n, t) => n + t.size, 0),
    filesDone: unique.length - rest.length,
    filesTotal: unique.length,
  };
  const report = (): void => options.onProgress?.({ ...progress });
  report();

  let stopped =
    options.failFast === true && Object.values(result).some((o) => isMismatch(o, options.expected?.[o.path]));
  if (!stopped && rest.length > 0) {
    stopped = await hashTasks(rest, options, result, progress, report);
  }
  if (stopped) {
    for (const t of rest) {
      result[t.path] ??= { kind: 'unreadable', path: t.path, reason: NOT_HASHED_REASON };
    }
  }
  if (cache) await recordHashes(cache, tasks, result);
  // Keyed in the order the manifest lists the paths.
  return Object.fromEntries(unique.map((p) => [p, result[p]!]));
}

/** The hash cache for this run: where it lives, what it holds, and the file system's clock before any read. */
interface CacheRun {
  gitDir: string;
  entries: HashCacheEntries;
  clockNs: bigint;
}

/**
 * Settles, without reading their content, the files git vouches for (Git LFS pointer in the index) and those the
 * hash cache knows unchanged; returns the tasks left to hash, each noting why when git could not vouch for it.
 */
async function settleWithoutReading(
  realRoot: string,
  tasks: HashTask[],
  options: ObserveOptions,
  result: Record<string, ObservedFile>,
): Promise<{ rest: HashTask[]; cache?: CacheRun }> {
  if (options.rehash) {
    for (const t of tasks) t.note = REHASH_NOTE;
    return { rest: tasks };
  }
  if (tasks.length === 0) return { rest: tasks };
  const git = gitIndexPort(realRoot);
  const indexed = await readIndexedLfsFiles(
    git,
    realRoot,
    tasks.map((t) => ({ path: t.rel, size: t.size })),
  );
  let cache: CacheRun | undefined;
  if (options.hashCache) {
    const gitDir = await git.gitDir();
    // The clock is read before any file is opened: see cachedDigest's racy rule.
    const clockNs = gitDir ? await readFileSystemClock(gitDir) : undefined;
    if (gitDir && clockNs !== undefined) cache = { gitDir, entries: await readHashCache(gitDir), clockNs };
  }
  const rest: HashTask[] = [];
  for (const t of tasks) {
    const lfs = indexed.get(t.rel);
    if (lfs?.trusted) {
      const { oid, size } = lfs.pointer;
      result[t.path] = { kind: 'file', path: t.path, sha256: oid, size, lfs: lfs.pointer, verifiedBy: 'lfs-index' };
      continue;
    }
    if (lfs) t.note = lfs.reason;
    const cached =
      cache && t.size >= LFS_POINTER_MAX_BYTES ? cachedDigest(cache.entries[t.absolute], t.stamp) : undefined;
    if (cached) {
      result[t.path] = hashedFile(t, cached, t.size, 'hash-cache');
      continue;
    }
    rest.push(t);
  }
  return { rest, ...(cache ? { cache } : {}) };
}

/**
 * Records the digests this run computed. A file is recorded only when its stamp after hashing is the one taken
 * before (it did not change while it was read); pointer-sized files are not (reading them is cheaper).
 */
async function recordHashes(cache: CacheRun, tasks: HashTask[], result: Record<string, ObservedFile>): Promise<void> {
  const fresh: HashCacheEntries = {};
  for (const t of tasks) {
    const o = result[t.path];
    if (o?.kind !== 'file' || o.verifiedBy !== 'hashed' || t.size < LFS_POINTER_MAX_BYTES) continue;
    const now = await stat(t.absolute, { bigint: true }).then(stampOf, () => undefined);
    if (!now || !sameStamp(now, t.stamp) || String(o.size) !== t.stamp.size) continue;
    fresh[t.absolute] = { ...t.stamp, sha256: o.sha256, clockNs: String(cache.clockNs) };
  }
  if (Object.keys(fresh).length === 0) return;
  const kept = Object.entries(cache.entries).filter(([path]) => !(path in fresh));
  const room = Math.max(0, HASH_CACHE_MAX_ENTRIES - Object.keys(fresh).length);
  await writeHashCache(cache.gitDir, { ...Object.fromEntries(kept.slice(0, room)), ...fresh });
}

/** Runs the hashing lanes; returns true when fail-fast stopped the run early. */
async function hashTasks(
  tasks: HashTask[],
  options: ObserveOptions,
  result: Record<string, ObservedFile>,
  progress: HashProgress,
  report: () => void,
): Promise<boolean> {
  const threshold = options.workerThresholdBytes ?? WORKER_THRESHOLD_BYTES;
  // Under fail-fast, files already known to have the wrong size go first: the run can stop after one hash.
  const ordered = options.failFast ? [...tasks].sort((a, b) => Number(b.sizeDiffers) - Number(a.sizeDiffers)) : tasks;
  const small = ordered.filter((t) => t.size < threshold);
  const large = ordered.filter((t) => t.size >= threshold);
  let stopped = false;

  // The main thread is a hashing lane too, so one large file needs no thread and n files need n - 1 threads.
  const maxWorkers = options.maxWorkers ?? Math.min(availableParallelism(), 4) - 1;
  const workerCount = Math.max(0, Math.min(large.length - 1, maxWorkers));
  const workers: HashWorker[] = [];
  for (let i = 0; i < workerCount; i++) workers.push(new HashWorker());

  const settle = (task: HashTask, observed: ObservedFile): void => {
    result[task.path] = observed;
    progress.filesDone += 1;
    report();
    if (options.failFast && !stopped && isMismatch(observed, options.expected?.[task.path])) {
      stopped = true;
      // Fail-fast: abandon files other threads are still hashing (they are reported as not hashed).
      for (const w of workers) void w.terminate();
    }
  };
  const onBytes = (n: number): void => {
    progress.bytesDone += n;
    report();
  };

  /** The main thread hashes the small files, then takes large ones like any worker. */
  const mainLane = async (): Promise<void> => {
    const buffers: [Buffer, Buffer] = [Buffer.allocUnsafe(HASH_CHUNK_BYTES), Buffer.allocUnsafe(HASH_CHUNK_BYTES)];
    for (;;) {
      if (stopped) return;
      const task = small.shift() ?? large.shift();
      if (!task) return;
      settle(task, await hashOnMainThread(task, buffers, onBytes, workers.length > 0 ? 'sync' : 'overlap'));
    }
  };

  const workerLane = async (worker: HashWorker): Promise<void> => {
    for (;;) {
      if (stopped) return;
      const task = large.shift();
      if (!task) return;
      let outcome: HashOutcome;
      try {
        outcome = await worker.hash({ path: task.absolute, dev: task.dev, ino: task.ino }, onBytes);
      } catch {
        if (stopped) return; // terminated by fail-fast: the file is reported as not hashed
        // The thread died (out of memory, killed): the main lane hashes its file instead of losing it.
        workers.splice(workers.indexOf(worker), 1);
        large.unshift(task);
        return;
      }
      settle(
        task,
        outcome.ok
          ? hashedFile(task, outcome.sha256, outcome.size)
          : failureToObservation(task.path, outcome.code, outcome.message),
      );
    }
  };

  try {
    await Promise.all([mainLane(), ...workers.map((w) => workerLane(w))]);
    // A thread that died after the main lane finished left its file in the queue.
    if (large.length > 0) await mainLane();
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return stopped;
}

/** Directory names never scanned for unlisted files. */
const SKIPPED_DIRECTORIES = new Set(['.git']);

/**
 * True for files that are expected next to a model and are not artifacts: documentation (`README*`, any case,
 * any extension such as `README.md`) and dotfiles (`.gitattributes` for LFS, `.gitkeep`, editor files).
 */
export function isIgnoredForUnlisted(name: string): boolean {
  return name.startsWith('.') || /^readme/i.test(name);
}

/**
 * The repository-relative folders to scan for unlisted files: the directory of the manifest (e.g. `model`) and the
 * directory of every artifact (e.g. `model/weights`), minus the repository root (a manifest or artifact at the
 * root does not make the whole repository a model folder) and minus paths that leave the repository. Folders
 * already covered by a scanned ancestor are dropped (the scan is recursive).
 */
export function modelFolders(manifestPath: string, artifactPaths: string[]): string[] {
  const dirs = new Set<string>();
  for (const p of [manifestPath, ...artifactPaths]) {
    if (lexicalPathProblem(p)) continue;
    const dir = posix.dirname(posix.normalize(p));
    if (dir === '.' || dir === '') continue;
    dirs.add(dir);
  }
  const sorted = [...dirs].sort();
  return sorted.filter((d) => !sorted.some((other) => other !== d && d.startsWith(other + '/')));
}

/**
 * Files under `folders` (repository-relative, scanned recursively) that are not in `listed`.
 *
 * The rule: every entry that is not a directory — regular files and symlinks (a symlink is reported as an entry
 * but never followed, so a symlinked directory is not descended into) — except `.git` directories, dotfiles and
 * `README*` files (see {@link isIgnoredForUnlisted}). `listed` should hold every path the manifest accounts for:
 * the manifest itself, the bias report and the artifacts; paths are compared after POSIX normalisation. A folder
 * that does not exist, is not a directory, or leaves the repository is skipped. The result is sorted.
 */
export async function findUnlistedFiles(repoRoot: string, folders: string[], listed: string[]): Promise<string[]> {
  const realRoot = await realpath(repoRoot);
  const known = new Set(listed.filter((p) => !lexicalPathProblem(p)).map((p) => posix.normalize(p)));
  const found = new Set<string>();
  for (const folder of folders) {
    if (lexicalPathProblem(folder)) continue;
    const rel = posix.normalize(folder).replace(/\/+$/, '');
    // The folder itself must be a real directory inside the repository (not reached through a symlink).
    const info = await lstat(realRoot + '/' + rel).catch(() => undefined);
    if (!info?.isDirectory()) continue;
    const real = await realpath(realRoot + '/' + rel).catch(() => undefined);
    if (!real || !isWithin(realRoot, real)) continue;
    await walk(realRoot, rel, known, found);
  }
  return [...found].sort();
}

async function walk(realRoot: string, rel: string, known: Set<string>, found: Set<string>): Promise<void> {
  let entries;
  try {
    entries = await readdir(realRoot + '/' + rel, { withFileTypes: true });
  } catch {
    return; // unreadable directory: nothing to report from it; the artifacts themselves are judged separately
  }
  for (const entry of entries) {
    const childRel = `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(realRoot, childRel, known, found);
      continue;
    }
    if (isIgnoredForUnlisted(entry.name)) continue;
    if (!known.has(childRel)) found.add(childRel);
  }
}
