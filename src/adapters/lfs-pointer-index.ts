import { realpath } from 'node:fs/promises';
import type { GitIndexPort, IndexEntry } from './lfs-pointer-git.js';
import { LFS_POINTER_MAX_BYTES, parseLfsPointer, type LfsPointer } from './lfs-pointer.js';

/**
 * Artifacts tracked by Git LFS are judged from the pointer git holds for them, not by hashing the smudged content.
 *
 * The pointer in the index carries the object's SHA-256 and size; git-lfs verified the content against that oid
 * when it downloaded it, and wrote it to the working tree, after which git recorded the file's stat data in the
 * index. When git's own stat check (`git diff-files`) says the working-tree file is still the one git recorded,
 * the pointer's oid and size *are* the content's, so a 10 GiB file is judged without reading it. Whenever git cannot
 * vouch for the file (it changed, git was told to skip its check, the sizes disagree), the content is hashed and
 * the report says why.
 */

/** What the index says about one artifact tracked by Git LFS. */
export type IndexedLfsFile =
  /** Git vouches for the working-tree file: the pointer's oid and size are the content's. */
  | { trusted: true; pointer: LfsPointer }
  /** The index holds a pointer but git cannot vouch for the working-tree file: hash it, for this reason. */
  | { trusted: false; pointer: LfsPointer; reason: string };

/** One artifact to look up: its path relative to the work tree's top and the working-tree file's size. */
export interface IndexQuery {
  path: string;
  size: number;
}

/**
 * The pure rule for one path: given its index entry, the entry's blob (when it is small enough to be a pointer),
 * whether git's stat check found the file changed, and the working-tree size, is it a Git LFS file git vouches for?
 * Undefined when the index does not hold an LFS pointer for the path (then it is hashed like any file).
 */
export function judgeIndexedFile(
  entry: IndexEntry | undefined,
  blob: Buffer | undefined,
  changed: Set<string> | undefined,
  query: IndexQuery,
): IndexedLfsFile | undefined {
  if (!entry || entry.stage !== 0 || (entry.mode !== '100644' && entry.mode !== '100755')) return undefined;
  const pointer = blob ? parseLfsPointer(blob) : undefined;
  if (!pointer || !blob) return undefined;
  if (entry.tag === 'h' || entry.tag === 'S') {
    const flag = entry.tag === 'h' ? 'assume-unchanged' : 'skip-worktree';
    return { trusted: false, pointer, reason: `git is told not to check this file (${flag})` };
  }
  if (entry.tag !== 'H') return { trusted: false, pointer, reason: `the index marks it "${entry.tag}"` };
  if (changed === undefined) {
    return { trusted: false, pointer, reason: 'git could not compare the working tree with the index' };
  }
  if (changed.has(query.path)) {
    return { trusted: false, pointer, reason: 'the working-tree file differs from the commit (git stat check)' };
  }
  // Defence in depth: a stat-clean file holds either the smudged object or the pointer text itself.
  if (query.size !== pointer.size && query.size !== blob.length) {
    return { trusted: false, pointer, reason: 'the working-tree file size matches neither the object nor the pointer' };
  }
  return { trusted: true, pointer };
}

/**
 * Looks up each path in the index of the repository at `realRoot`. Returns only paths the index tracks as Git LFS
 * pointers. Empty when `realRoot` is not the top of a git work tree (a parent repository's index says nothing
 * about a folder inside it that is judged on its own) or git cannot answer: the files are then hashed.
 */
export async function readIndexedLfsFiles(
  git: GitIndexPort,
  realRoot: string,
  queries: IndexQuery[],
): Promise<Map<string, IndexedLfsFile>> {
  const result = new Map<string, IndexedLfsFile>();
  if (queries.length === 0) return result;
  const top = await git.topLevel();
  if (!top || (await realpath(top).catch(() => undefined)) !== realRoot) return result;
  const paths = queries.map((q) => q.path);
  const entries = await git.indexEntries(paths);
  if (!entries || entries.size === 0) return result; // git vouches for nothing it cannot answer about
  // Only blobs small enough to be pointers are read: a non-LFS multi-GiB blob must never be loaded into memory.
  const sizes = await git.objectSizes([...new Set([...entries.values()].map((e) => e.blob))]);
  const small = [...sizes.entries()]
    .filter(([, s]) => s.type === 'blob' && s.size < LFS_POINTER_MAX_BYTES)
    .map(([id]) => id);
  if (small.length === 0) return result;
  const blobs = await git.readSmallBlobs(small);
  const changed = await git.worktreeChanged(paths);
  for (const q of queries) {
    const entry = entries.get(q.path);
    const verdict = judgeIndexedFile(entry, entry ? blobs.get(entry.blob) : undefined, changed, q);
    if (verdict) result.set(q.path, verdict);
  }
  return result;
}
