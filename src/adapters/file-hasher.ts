import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { availableParallelism } from 'node:os';
import { posix } from 'node:path';
import type { ObservedFile } from '../gate/release-context.js';
import { HASH_CHUNK_BYTES, HashWorker, type HashOutcome } from './hash-worker-pool.js';
import { LFS_POINTER_MAX_BYTES, parseLfsPointer } from './lfs-pointer.js';
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
   * Files at least this large are hashed on worker threads; smaller ones on the main thread, where a thread's
   * start-up (~25 ms) would cost more than the hash. Default {@link WORKER_THRESHOLD_BYTES}; tests lower it.
   */
  workerThresholdBytes?: number;
  /** At most this many hashing threads (default: the machine's parallelism, capped at 4). */
  maxWorkers?: number;
}

/**
 * Below this size a file is hashed on the main thread. Measured on a 2-core runner (page cache warm): starting a
 * hashing thread costs about 25 ms, the time the main thread takes to hash ~25 MiB (16 MiB: 17 ms on the main
 * thread, 41 ms through a fresh worker; two 64 MiB files: 92 ms on the main thread, 78 ms on two workers).
 */
export const WORKER_THRESHOLD_BYTES = 32 * 1024 * 1024;

/** Reason given for files left unhashed after `--fail-fast` stopped the run. */
export const NOT_HASHED_REASON = 'not hashed: stopped at first mismatch (--fail-fast)';

/** A regular file that will be hashed: where it resolved to and which inode was checked. */
interface HashTask {
  path: string;
  absolute: string;
  size: number;
  dev: string;
  ino: string;
  /** Known before hashing that the size differs from the expected one (hashed first under fail-fast). */
  sizeDiffers: boolean;
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
    // The path is fully resolved already, so stat and lstat agree; bigint keeps inode numbers exact.
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
    size,
    dev: String(info.dev),
    ino: String(info.ino),
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

/**
 * Hashes on the main thread with one reused buffer. Used for small files, where a worker round trip costs more than
 * the hash, and for LFS pointer detection (a pointer is under 1 KiB, so it always comes through here).
 */
async function hashOnMainThread(task: HashTask, buffer: Buffer, onBytes: (n: number) => void): Promise<ObservedFile> {
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
    const hash = createHash('sha256');
    let size = 0;
    let head: Buffer | undefined;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      if (size < LFS_POINTER_MAX_BYTES) {
        // Keep a copy of the first bytes: the buffer is reused, and a pointer is decided on the whole (tiny) file.
        head = Buffer.concat([head ?? Buffer.alloc(0), chunk.subarray(0, LFS_POINTER_MAX_BYTES - size)]);
      }
      hash.update(chunk);
      size += bytesRead;
      onBytes(bytesRead);
    }
    if (head && size < LFS_POINTER_MAX_BYTES) {
      const pointer = parseLfsPointer(head);
      if (pointer) return { kind: 'file', path: task.path, sha256: pointer.oid, size: pointer.size, lfs: pointer };
    }
    return { kind: 'file', path: task.path, sha256: hash.digest('hex'), size };
  } catch (err) {
    return failureToObservation(task.path, errnoOf(err), 'could not read the file');
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Observes each manifest path in the repository: resolves it (refusing anything that leaves the repository,
 * lexically or through a symlink at any component), refuses non-regular files without opening them, and streams
 * each regular file through SHA-256. Large files are hashed in parallel on worker threads; memory stays flat
 * whatever the size (one 4 MiB buffer per thread). A Git LFS pointer is reported with its `oid` and `size`.
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

  const progress: HashProgress = {
    bytesDone: 0,
    bytesTotal: tasks.reduce((n, t) => n + t.size, 0),
    filesDone: unique.length - tasks.length,
    filesTotal: unique.length,
  };
  const report = (): void => options.onProgress?.({ ...progress });
  report();

  let stopped = options.failFast === true && Object.values(result).length > 0;
  if (!stopped && tasks.length > 0) {
    stopped = await hashTasks(tasks, options, result, progress, report);
  }
  if (stopped) {
    for (const t of tasks) {
      result[t.path] ??= { kind: 'unreadable', path: t.path, reason: NOT_HASHED_REASON };
    }
  }
  // Keyed in the order the manifest lists the paths.
  return Object.fromEntries(unique.map((p) => [p, result[p]!]));
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

  const workerCount = Math.min(large.length, options.maxWorkers ?? Math.min(availableParallelism(), 4));
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

  /**
   * The main thread hashes the small files. It takes large ones only when no worker is left (a thread that died
   * hands its work back here), so a large file never blocks the event loop while workers are available.
   */
  const mainLane = async (): Promise<void> => {
    const buffer = Buffer.allocUnsafe(Math.min(HASH_CHUNK_BYTES, Math.max(threshold, 64 * 1024)));
    for (;;) {
      if (stopped) return;
      const task = small.shift() ?? (workers.length === 0 ? large.shift() : undefined);
      if (!task) return;
      settle(task, await hashOnMainThread(task, buffer, onBytes));
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
        // The thread died (out of memory, killed): hash its file on the main thread instead of losing it.
        workers.splice(workers.indexOf(worker), 1);
        large.unshift(task);
        if (workers.length === 0) await mainLane();
        return;
      }
      settle(
        task,
        outcome.ok
          ? { kind: 'file', path: task.path, sha256: outcome.sha256, size: outcome.size }
          : failureToObservation(task.path, outcome.code, outcome.message),
      );
    }
  };

  try {
    await Promise.all([mainLane(), ...workers.map((w) => workerLane(w))]);
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
