import type { Stats } from 'node:fs';
import { lstat, readFile, readlink, realpath, stat } from 'node:fs/promises';
import { posix, sep } from 'node:path';

/**
 * Where a repository-relative path from a manifest really leads.
 *
 * - `inside`: `absolute` is the fully resolved (realpath) location, inside the repository.
 * - `outside`: the path leaves the repository, lexically (`..`, absolute, drive letter, backslash, NUL) or through a
 *   symlink at any component (including a dangling symlink whose target lies outside).
 * - `missing`: nothing exists there (or a parent component is a regular file, ENOTDIR).
 * - `unreadable`: resolution itself failed, e.g. a symlink loop (ELOOP) or a permission error (EACCES).
 */
export type ResolvedRepositoryPath =
  | { kind: 'inside'; absolute: string }
  | { kind: 'outside'; reason: string }
  | { kind: 'missing' }
  | { kind: 'unreadable'; reason: string };

/**
 * Why `path` is not an acceptable repository-relative path on its face, or undefined when it is. Purely lexical:
 * symlinks are judged by {@link resolveRepositoryPath}. Backslashes are refused rather than interpreted, because a
 * manifest written on Windows would otherwise name a different file on Linux runners.
 */
export function lexicalPathProblem(path: string): string | undefined {
  if (path === '') return 'the path is empty';
  if (path.includes('\0')) return 'the path contains a NUL character';
  if (path.includes('\\')) return 'the path contains a backslash; use forward slashes';
  if (/^[A-Za-z]:/.test(path)) return 'the path starts with a drive letter';
  if (path.startsWith('/')) return 'the path is absolute; artifact paths are repository-relative';
  const normal = posix.normalize(path);
  if (normal === '..' || normal.startsWith('../')) return 'the path climbs out of the repository with ".."';
  if (normal === '.' || normal === './') return 'the path names the repository root itself';
  return undefined;
}

/**
 * Type guard for an untrusted value used as a repository-relative path (policy and manifest values): a string with
 * no lexical problem, no `..` segment at all, and no line break (paths are written into `checksums.sha256` lines).
 */
export function isSafeRelativePath(p: unknown): p is string {
  return (
    typeof p === 'string' && lexicalPathProblem(p) === undefined && !/[\n\r]/.test(p) && !p.split('/').includes('..')
  );
}

/**
 * What a file that is neither regular, a directory nor a link is, in the words evidence messages use (from its
 * Stats, or from a directory listing's Dirent).
 */
export function specialFileKind(st: Pick<Stats, 'isFIFO' | 'isSocket'>): string {
  return st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'a device or other special file';
}

/** True when `candidate` (absolute, resolved) is `root` itself or lies below it. */
export function isWithin(root: string, candidate: string): boolean {
  if (candidate === root) return true;
  const prefix = root.endsWith(sep) ? root : root + sep;
  return candidate.startsWith(prefix);
}

function errnoOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/**
 * Resolves a manifest path against the repository, following symlinks at every component the way the kernel does
 * (the raw string is handed to realpath(3) without lexical normalisation, so `link/..` means the parent of the
 * link's target, exactly as opening the file would).
 *
 * @param realRoot the repository root, already resolved with realpath
 * @param path the path exactly as the manifest writes it
 */
export async function resolveRepositoryPath(realRoot: string, path: string): Promise<ResolvedRepositoryPath> {
  const problem = lexicalPathProblem(path);
  if (problem) return { kind: 'outside', reason: problem };
  const joined = realRoot + '/' + path;
  let resolved: string;
  try {
    resolved = await realpath(joined);
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'ELOOP') return { kind: 'unreadable', reason: 'a symlink loop (ELOOP) while resolving the path' };
    if (code === 'ENOENT' || code === 'ENOTDIR') return resolveMissing(realRoot, path);
    return { kind: 'unreadable', reason: `could not resolve the path (${code ?? String(err)})` };
  }
  if (!isWithin(realRoot, resolved)) {
    return { kind: 'outside', reason: `the path resolves through a symlink to ${resolved}, outside the repository` };
  }
  return { kind: 'inside', absolute: resolved };
}

/**
 * The path does not resolve. It is "missing" unless a dangling symlink along the way points outside the repository:
 * then a later `git checkout` or mount could make the gate read a file outside the repository, so it is refused.
 */
async function resolveMissing(realRoot: string, path: string): Promise<ResolvedRepositoryPath> {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  let current = realRoot;
  for (const part of parts) {
    const next = current + '/' + part;
    let info;
    try {
      info = await lstat(next);
    } catch {
      return { kind: 'missing' };
    }
    if (info.isSymbolicLink()) {
      let target: string;
      try {
        target = await readlink(next);
      } catch {
        return { kind: 'missing' };
      }
      const lexical = posix.resolve(current, target);
      try {
        current = await realpath(next);
      } catch {
        // Dangling: judge the target lexically, that is where it would lead once it exists.
        if (!isWithin(realRoot, lexical)) {
          return {
            kind: 'outside',
            reason: `the path goes through a dangling symlink to ${target}, outside the repository`,
          };
        }
        return { kind: 'missing' };
      }
      if (!isWithin(realRoot, current)) {
        return { kind: 'outside', reason: `the path resolves through a symlink to ${current}, outside the repository` };
      }
    } else {
      try {
        current = await realpath(next);
      } catch {
        return { kind: 'missing' };
      }
      if (!isWithin(realRoot, current)) {
        return { kind: 'outside', reason: 'the path climbs out of the repository' };
      }
    }
  }
  return { kind: 'missing' };
}

export type RepositoryFileRead =
  | { kind: 'file'; bytes: Buffer }
  | { kind: 'missing' }
  /** Not read: the path leaves the repository, lexically or through a symlink. */
  | { kind: 'outside'; reason: string }
  /** Not read: not a regular file (directory, FIFO, device), a symlink loop, or unreadable. */
  | { kind: 'refused'; reason: string };

/**
 * Reads a file that a manifest or policy names (untrusted): only inside the repository with symlinks resolved at
 * every component, and only a regular file — a FIFO named like a manifest must not hang the gate, and a symlink to
 * a file outside must not be read into a report.
 */
export async function readRepositoryFile(repoRoot: string, path: string): Promise<RepositoryFileRead> {
  let realRoot: string;
  try {
    realRoot = await realpath(repoRoot);
  } catch {
    return { kind: 'missing' };
  }
  const resolved = await resolveRepositoryPath(realRoot, path);
  if (resolved.kind === 'missing' || resolved.kind === 'outside') return resolved;
  if (resolved.kind !== 'inside') return { kind: 'refused', reason: resolved.reason };
  try {
    const info = await stat(resolved.absolute);
    if (!info.isFile()) return { kind: 'refused', reason: 'it is not a regular file' };
    return { kind: 'file', bytes: await readFile(resolved.absolute) };
  } catch (err) {
    return { kind: 'refused', reason: `it could not be read (${errnoOf(err) ?? String(err)})` };
  }
}

/** {@link readRepositoryFile}'s bytes, or undefined for a file that is missing or was refused. */
export async function readRepositoryBytes(repoRoot: string, path: string): Promise<Buffer | undefined> {
  const read = await readRepositoryFile(repoRoot, path);
  return read.kind === 'file' ? read.bytes : undefined;
}

/**
 * A write the repository's layout makes unsafe: a symlink (or a non-regular file) on the path, or a path that leaves
 * the repository. Carries the path, what was found there and the fix; exit 1, because it is refused on the merits
 * (a committed link is an attempt to make evidence land outside the repository, or somewhere it is not looked for).
 */
export class UnsafeWriteError extends Error {
  override name = 'UnsafeWriteError';
  readonly exitCode = 1;
  constructor(
    /** The repository-relative path that was to be written. */
    readonly path: string,
    /** The repository-relative component at fault (the path itself, or one of its folders). */
    readonly component: string,
    /** What is there, e.g. "a symbolic link to /tmp/x (outside the repository)". */
    readonly what: string,
    readonly fix: string,
  ) {
    super(
      component === path
        ? `refused to write ${path}: it is ${what}; mlgov writes evidence only to regular files inside the repository, never through a link`
        : `refused to write ${path}: ${component} is ${what}; mlgov writes evidence only inside the repository, never through a link`,
    );
  }
}

function describeEntry(info: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (info.isDirectory()) return 'a directory, not a regular file';
  if (info.isFIFO()) return 'a FIFO, not a regular file';
  if (info.isSocket()) return 'a socket, not a regular file';
  return 'not a regular file (a device or special file)';
}

/**
 * The write-side twin of {@link readRepositoryFile}: why writing the repository-relative `path` is unsafe, or
 * undefined when it is not. The one rule every evidence writer (atomic writes, the audit-log lock and append, the
 * archive store, rollback, approve, `checksums --write`) follows:
 *
 * - the path is repository-relative with no `..` segment at all (a `link/..` would climb out of the link's target);
 * - no existing component — folder or file — is a symbolic link, whether it points inside the repository or not:
 *   `mkdir -p` and `open` follow links in folders, so `artifacts -> /elsewhere` would put evidence outside, and a
 *   link inside the repository would put it where the gate does not look;
 * - the file itself, when it exists, is a regular file (not a directory, FIFO or device).
 *
 * A component that does not exist yet is fine (it is created as a real folder); a folder component that is a
 * regular file is left to the write itself, which fails with ENOTDIR and its own message.
 */
export async function unsafeWriteProblem(repoRoot: string, path: string): Promise<UnsafeWriteError | undefined> {
  const lexical = lexicalPathProblem(path);
  const parts = posix
    .normalize(path)
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  if (lexical || path.split('/').includes('..') || /[\n\r]/.test(path)) {
    return new UnsafeWriteError(
      path,
      path,
      `not a plain repository-relative path (${lexical ?? 'it has a ".." segment or a line break'})`,
      'name the file with a plain repository-relative path in the policy or manifest (no "..", not absolute)',
    );
  }
  let realRoot: string;
  try {
    realRoot = await realpath(repoRoot);
  } catch {
    return undefined; // no repository to write into: the write itself reports ENOENT
  }
  for (let i = 0; i < parts.length; i++) {
    const component = parts.slice(0, i + 1).join('/');
    let info;
    try {
      info = await lstat(realRoot + '/' + component);
    } catch {
      return undefined; // missing (or a folder is a file, ENOTDIR): nothing to follow from here on
    }
    const last = i === parts.length - 1;
    if (info.isSymbolicLink()) return symlinkProblem(realRoot, path, component);
    if (!info.isDirectory()) {
      if (last && !info.isFile()) {
        return new UnsafeWriteError(path, component, describeEntry(info), `remove ${component} and run again`);
      }
      return undefined; // a regular file: the target itself, or a folder the write will fail on (ENOTDIR)
    }
    if (last) {
      return new UnsafeWriteError(path, component, describeEntry(info), `remove the folder ${component} and run again`);
    }
  }
  return undefined;
}

async function symlinkProblem(realRoot: string, path: string, component: string): Promise<UnsafeWriteError> {
  const link = realRoot + '/' + component;
  const target = await readlink(link).catch(() => '?');
  const resolved = await realpath(link).catch(() => posix.resolve(posix.dirname(link), target));
  const where = isWithin(realRoot, resolved) ? 'inside the repository' : 'outside the repository';
  return new UnsafeWriteError(
    path,
    component,
    `a symbolic link to ${target} (${resolved}, ${where})`,
    `replace the link with a real ${component === path ? 'file' : 'folder'}: git rm ${component}, then restore ` +
      `${component} from the base branch (git checkout <base> -- ${component}) and run again`,
  );
}

/** Throws {@link UnsafeWriteError} when writing `path` is unsafe (see {@link unsafeWriteProblem}). */
export async function assertSafeWrite(repoRoot: string, path: string): Promise<void> {
  const problem = await unsafeWriteProblem(repoRoot, path);
  if (problem) throw problem;
}
