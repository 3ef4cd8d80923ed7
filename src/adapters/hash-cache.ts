import { lstat, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';

/**
 * A local cache of SHA-256 digests keyed by what the file system says about a file, so that while a PR author
 * iterates (`checksums --write`, `check`, `check` again) an unchanged multi-GiB file is not read again. It works the
 * way git's own index avoids re-reading unchanged files: an entry is trusted only when the file's size, modification
 * time, change time, device and inode (nanoseconds, as the kernel reports them) are all unchanged, and never when the
 * file was modified in the same clock tick as it was read for hashing ("racily clean", {@link cachedDigest}).
 *
 * It lives inside the git directory (never committed), and is never used where a run must stand on its own: when
 * `CI` is set (a fresh checkout has nothing to gain and must not trust leftovers), in the GitHub Action, or with
 * `--rehash`.
 */

/** The cache file, inside the git directory. */
export const HASH_CACHE_FILE = join('mlgov', 'hash-cache.json');

const FORMAT = 'mlgov-hash-cache/1';

/** What identifies one version of a file's bytes without reading them (all decimal strings: exact for bigints). */
export interface FileStamp {
  size: string;
  mtimeNs: string;
  ctimeNs: string;
  dev: string;
  ino: string;
}

export interface HashCacheEntry extends FileStamp {
  sha256: string;
  /**
   * The file system's clock (ns) read just before the file was opened to be hashed: a file whose mtime or ctime is
   * not older than this may have changed after it was read without its stamp changing (racily clean).
   */
  clockNs: string;
}

/** The cache as read: entries by absolute (resolved) path. */
export type HashCacheEntries = Record<string, HashCacheEntry>;

/** The stamp of a `stat(…, { bigint: true })` result. */
export function stampOf(info: { size: bigint; mtimeNs: bigint; ctimeNs: bigint; dev: bigint; ino: bigint }): FileStamp {
  return {
    size: String(info.size),
    mtimeNs: String(info.mtimeNs),
    ctimeNs: String(info.ctimeNs),
    dev: String(info.dev),
    ino: String(info.ino),
  };
}

/**
 * True when the CI environment variable says this is a CI run (any value but empty, `false` or `0`). A cache is
 * then never read or written: CI judges a fresh checkout, and must not trust digests a previous job left behind.
 */
export function isCiEnvironment(env: Record<string, string | undefined>): boolean {
  const ci = env['CI']?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.dev === b.dev && a.ino === b.ino;
}

/**
 * The digest the cache holds for a file with this stamp, or undefined. Pure: the whole trust rule is here.
 *
 * Racy-git rule: file times have the granularity of the kernel's clock tick. A file written in the same tick as it
 * was read for hashing can be written again, after the read and still in that tick, keeping the very stamp that
 * was recorded with other bytes. So an entry whose file was modified (mtime) or changed (ctime) at or after the
 * clock reading taken before the hash is not trusted: it is hashed again, and recorded for good by a later run.
 */
export function cachedDigest(entry: HashCacheEntry | undefined, now: FileStamp): string | undefined {
  if (!entry || !sameStamp(entry, now)) return undefined;
  const clock = BigInt(entry.clockNs);
  if (BigInt(entry.mtimeNs) >= clock || BigInt(entry.ctimeNs) >= clock) return undefined;
  return /^[0-9a-f]{64}$/.test(entry.sha256) ? entry.sha256 : undefined;
}

const NUMERIC = ['size', 'mtimeNs', 'ctimeNs', 'dev', 'ino', 'clockNs'] as const;

function isEntry(v: unknown): v is HashCacheEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return typeof e['sha256'] === 'string' && NUMERIC.every((k) => typeof e[k] === 'string' && /^\d{1,30}$/.test(e[k]));
}

/**
 * The file system's own clock, in ns: the mtime of a file written now in the git directory (the same clock and
 * granularity the kernel stamps artifacts with, which `Date.now()` is not). Undefined when it cannot be written.
 */
export async function readFileSystemClock(gitDir: string): Promise<bigint | undefined> {
  const file = join(gitDir, 'mlgov', 'clock');
  try {
    await mkdir(join(gitDir, 'mlgov'), { recursive: true });
    await writeFile(file, '');
    return (await stat(file, { bigint: true })).mtimeNs;
  } catch {
    return undefined;
  }
}

/**
 * Reads the cache from `gitDir`. Anything unexpected (no file, unreadable, not this format, a symlink or other
 * non-regular file) reads as an empty cache: a cache can only save work, never decide anything.
 */
export async function readHashCache(gitDir: string): Promise<HashCacheEntries> {
  const file = join(gitDir, HASH_CACHE_FILE);
  const entries: HashCacheEntries = {};
  try {
    if (!(await lstat(file)).isFile()) return entries;
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return entries;
    const doc = parsed as { format?: unknown; entries?: unknown };
    if (doc.format !== FORMAT || typeof doc.entries !== 'object' || doc.entries === null) return entries;
    for (const [path, entry] of Object.entries(doc.entries as Record<string, unknown>)) {
      if (isEntry(entry)) entries[path] = entry;
    }
    return entries;
  } catch {
    return entries;
  }
}

/**
 * Writes the cache atomically (temp file, fsync, rename): a crash leaves the old cache or the new one. Failing to
 * write is not an error of the run (the digests were computed; the next run simply hashes again).
 */
export async function writeHashCache(gitDir: string, entries: HashCacheEntries): Promise<boolean> {
  const file = join(gitDir, HASH_CACHE_FILE);
  try {
    await mkdir(join(gitDir, 'mlgov'), { recursive: true });
    const sorted = Object.fromEntries(Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    await writeFileAtomic(file, JSON.stringify({ format: FORMAT, entries: sorted }, null, 1) + '\n');
    return true;
  } catch {
    return false;
  }
}
