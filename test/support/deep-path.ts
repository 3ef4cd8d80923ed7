/**
 * Paths the tests running as root cannot make unreadable with permissions: a folder whose absolute path is longer
 * than Linux's PATH_MAX (4,096 bytes with its NUL) cannot be listed, and a file in a folder just under it cannot be
 * stat'ed, both with ENAMETOOLONG, whoever runs the test. Node makes each folder by its absolute path, so the chain
 * is made by a shell stepping into each folder and making the next one by its own name. Removed by `rm -rf`, which
 * walks by relative names too (Node's rmSync would fail on it).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const PATH_MAX = 4096;
const NAME = 'd'.repeat(250);

export interface DeepPath {
  /** The chain's last folder, relative to `root`: its absolute path is longer than PATH_MAX (not listable). */
  tooDeep: string;
  /** A file in the folder above it, relative to `root`, whose absolute path is longer than PATH_MAX (no lstat). */
  tooLongFile: string;
}

/** Makes `root/rel/ddd…/ddd…/…` until a folder's absolute path is past PATH_MAX, and the too-long file. */
export function makeDeepPath(root: string, rel: string): DeepPath {
  const names: string[] = [];
  while (join(root, rel, ...names).length < PATH_MAX) names.push(NAME);
  const parent = join(rel, ...names.slice(0, -1));
  const fileName = 'f'.repeat(PATH_MAX - join(root, parent).length);
  const script =
    'cd "$1" && shift && n="$1" && f="$2" && shift 2 && for i in $(seq "$1"); do mkdir -p "$n" && cd "$n"; done && touch "$f" && mkdir "$n"';
  execFileSync('bash', ['-c', script, 'deep-path', join(root, rel), NAME, fileName, String(names.length - 1)]);
  return { tooDeep: join(parent, NAME), tooLongFile: join(parent, fileName) };
}

/** Removes a folder holding a deep path. */
export function removeDeep(dir: string): void {
  execFileSync('rm', ['-rf', dir]);
}
