/**
 * Which revision is production: the one answer every command asks (the gate, the evidence commands, preflight). The
 * base decides what a release is and which policy judges it, so a base that cannot be known is never guessed: a
 * named ref that git cannot resolve, or a shallow clone asked to find the base by itself, is "unavailable" (could not
 * judge) with the fix, never "no base" (which would make the PR a first release judged by its own policy).
 */
import type { GitRepository } from '../adapters/git-repository.js';

export type BaseRevision =
  | { kind: 'found'; ref: string; commit: string }
  /** No base exists to compare with: a repository without a default branch (origin/HEAD, main, master). */
  | { kind: 'none'; reason: string }
  | { kind: 'unavailable'; ref: string; reason: string; fix: string };

const SHALLOW_FIX =
  'this is a shallow clone: pass the base explicitly (--base origin/main) and fetch it (git fetch --deepen=100 origin main, or actions/checkout with fetch-depth: 0)';

/** `--base REF` when given, else the merge-base with the default branch. */
export async function resolveBaseRevision(git: GitRepository, ref: string | undefined): Promise<BaseRevision> {
  const shallow = await git.isShallow().catch(() => false);
  if (ref !== undefined) {
    const commit = await git.resolveCommit(ref);
    if (commit) return { kind: 'found', ref, commit };
    return {
      kind: 'unavailable',
      ref,
      reason: `base revision "${ref}" is not in this repository`,
      fix: shallow
        ? SHALLOW_FIX
        : `fetch it (git fetch origin ${ref.replace(/^origin\//, '')}) or pass an existing --base REF`,
    };
  }
  // A shallow, often single-branch, clone cannot tell its base: origin/HEAD may name the PR branch itself (the PR
  // would be compared with itself), or no default branch may have been fetched (the PR would be a first release).
  if (shallow) {
    return {
      kind: 'unavailable',
      ref: 'the default branch',
      reason: 'a shallow clone cannot show which revision is production, and no --base was given',
      fix: SHALLOW_FIX,
    };
  }
  const found = await git.defaultBase();
  if (found) return { kind: 'found', ref: found.ref, commit: found.commit };
  return {
    kind: 'none',
    reason:
      'no default branch (origin/HEAD, origin/main, origin/master, main, master) to compare with; pass --base REF',
  };
}
