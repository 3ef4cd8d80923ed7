import { execFile } from 'node:child_process';

/**
 * The few git questions the hashing path asks (is this artifact a Git LFS pointer git vouches for? where is the git
 * directory?), with plain `git` processes. Kept apart from git-repository.ts, which re-exposes them on the
 * GitRepository port, so that `mlgov checksums` does not load simple-git: its evaluation is start-up time in every
 * hashing figure (tens of ms of CPU measured on the bench machine).
 */

import type { IndexEntry } from '../release/ports.js';
export type { IndexEntry };

/** Runs git with literal pathspecs (a manifest path like `*.bin` names one file, not a pattern). */
export function gitBytes(root: string, args: string[], input?: string): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const child = execFile(
      'git',
      ['--literal-pathspecs', ...args],
      { cwd: root, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 },
      (err, stdout) => resolve(err ? undefined : stdout),
    );
    // git may exit before reading its input (a bad path, no repository): EPIPE then, which the callback reports.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
}

export async function indexEntries(root: string, paths: string[]): Promise<Map<string, IndexEntry> | undefined> {
  const entries = new Map<string, IndexEntry>();
  // No pathspec would list the whole index: nothing asked, nothing answered.
  if (paths.length === 0) return entries;
  const out = await gitBytes(root, ['ls-files', '--stage', '-v', '-z', '--', ...paths]);
  // git failed (no repository, a path inside a nested repository, an argument list too long): that is no answer, not
  // "nothing is tracked" — a caller deciding what to skip must not take the one for the other.
  if (out === undefined) return undefined;
  for (const line of out.toString('utf8').split('\0')) {
    const m = /^(\S) (\d{6}) ([0-9a-f]{40,64}) (\d)\t(.+)$/s.exec(line);
    if (m) entries.set(m[5]!, { tag: m[1]!, mode: m[2]!, blob: m[3]!, stage: Number(m[4]), path: m[5]! });
  }
  return entries;
}

export async function worktreeChanged(root: string, paths: string[]): Promise<Set<string> | undefined> {
  if (paths.length === 0) return new Set();
  // Plumbing diff-files compares stat data only (it does not refresh the index or read content, except for a
  // racily clean entry, which git itself re-reads). fsmonitor off and every stat field on: the user's config must
  // not make git take a file's word for it.
  const out = await gitBytes(root, [
    '-c',
    'core.fsmonitor=false',
    '-c',
    'core.checkStat=default',
    '-c',
    'core.trustctime=true',
    'diff-files',
    '--name-only',
    '-z',
    '--',
    ...paths,
  ]);
  if (out === undefined) return undefined;
  return new Set(out.toString('utf8').split('\0').filter(Boolean));
}

export async function objectSizes(root: string, ids: string[]): Promise<Map<string, { type: string; size: number }>> {
  const sizes = new Map<string, { type: string; size: number }>();
  const wanted = ids.filter((id) => /^[0-9a-f]{40,64}$/.test(id));
  if (wanted.length === 0) return sizes;
  const out = await gitBytes(root, ['cat-file', '--batch-check'], wanted.join('\n') + '\n');
  for (const line of out?.toString('utf8').split('\n') ?? []) {
    const [id, type, size] = line.split(' ');
    if (id && type && size && /^\d+$/.test(size)) sizes.set(id, { type, size: Number(size) });
  }
  return sizes;
}

/** The absolute git directory (`.git`, or a worktree's), or undefined outside a repository. */
export function gitDir(root: string): Promise<string | undefined> {
  return askedOnce(
    `git-dir\0${root}`,
    async () => (await gitBytes(root, ['rev-parse', '--absolute-git-dir']))?.toString('utf8').trim() || undefined,
  );
}

/** The work tree's top-level directory, or undefined outside a repository. */
export function topLevel(root: string): Promise<string | undefined> {
  return askedOnce(
    `top-level\0${root}`,
    async () => (await gitBytes(root, ['rev-parse', '--show-toplevel']))?.toString('utf8').trim() || undefined,
  );
}

/**
 * Where a directory's repository and work tree are does not change while mlgov runs, and a check over fifty models
 * would otherwise ask git twice per model: asked once per directory for the life of the process.
 */
const layoutAnswers = new Map<string, Promise<string | undefined>>();
function askedOnce(key: string, ask: () => Promise<string | undefined>): Promise<string | undefined> {
  let answer = layoutAnswers.get(key);
  if (!answer) {
    answer = ask();
    layoutAnswers.set(key, answer);
    // "not a repository" is not kept: the directory may become one (git init) while the process lives.
    void answer.then(
      (a) => a === undefined && layoutAnswers.delete(key),
      () => layoutAnswers.delete(key),
    );
  }
  return answer;
}

/**
 * Small blobs by id through one `git cat-file --batch` (`<id> <type> <size>\n<bytes>\n` per object); ids that are
 * missing or not blobs are absent. Only for blobs already known to be small (objectSizes): the output is buffered.
 */
export async function readSmallBlobs(root: string, ids: string[]): Promise<Map<string, Buffer>> {
  const blobs = new Map<string, Buffer>();
  const wanted = ids.filter((id) => /^[0-9a-f]{40,64}$/.test(id));
  if (wanted.length === 0) return blobs;
  const out = await gitBytes(root, ['cat-file', '--batch'], wanted.join('\n') + '\n');
  if (!out) return blobs;
  let pos = 0;
  for (const id of wanted) {
    const nl = out.indexOf(0x0a, pos);
    if (nl < 0) break;
    const [, type, sizeText] = out.subarray(pos, nl).toString('utf8').split(' ');
    pos = nl + 1;
    if (sizeText === undefined || !/^\d+$/.test(sizeText)) continue; // "<id> missing"
    const size = Number(sizeText);
    if (type === 'blob') blobs.set(id, Buffer.from(out.subarray(pos, pos + size)));
    pos += size + 1;
  }
  return blobs;
}

/** The questions the hashing path asks git (lfs-pointer-index.ts, the hash cache's location), bound to one work tree. */
export interface GitIndexPort {
  topLevel(): Promise<string | undefined>;
  gitDir(): Promise<string | undefined>;
  indexEntries(paths: string[]): Promise<Map<string, IndexEntry> | undefined>;
  worktreeChanged(paths: string[]): Promise<Set<string> | undefined>;
  objectSizes(ids: string[]): Promise<Map<string, { type: string; size: number }>>;
  readSmallBlobs(ids: string[]): Promise<Map<string, Buffer>>;
}

export function gitIndexPort(root: string): GitIndexPort {
  return {
    topLevel: () => topLevel(root),
    gitDir: () => gitDir(root),
    indexEntries: (paths) => indexEntries(root, paths),
    worktreeChanged: (paths) => worktreeChanged(root, paths),
    objectSizes: (ids) => objectSizes(root, ids),
    readSmallBlobs: (ids) => readSmallBlobs(root, ids),
  };
}
