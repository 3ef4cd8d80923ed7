import type { ObservedFile } from '../gate/release-context.js';

export interface HashProgress {
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
}

export interface ObserveOptions {
  onProgress?: (p: HashProgress) => void;
  /** Stop at the first file whose digest or size differs from `expected`. */
  failFast?: boolean;
  expected?: Record<string, { sha256?: string; size?: number }>;
}

/** Placeholder signature; the hashing engine replaces it. */
export async function observeFiles(
  _repoRoot: string,
  paths: string[],
  _options: ObserveOptions = {},
): Promise<Record<string, ObservedFile>> {
  return Object.fromEntries(paths.map((p) => [p, { kind: 'unreadable', path: p, reason: 'hashing not available' }]));
}

/** Files under `folders` (repository-relative) that are not in `listed`. */
export async function findUnlistedFiles(_repoRoot: string, _folders: string[], _listed: string[]): Promise<string[]> {
  return [];
}
