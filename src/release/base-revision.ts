/**
 * Which revision is production: the one answer every command asks (the gate, the evidence commands, preflight). The
 * base decides what a release is and which policy judges it, so a base that cannot be known is never guessed: a
 * named ref that git cannot resolve, or a shallow clone asked to find the base by itself, is "unavailable" (could not
 * judge) with the fix, never "no base" (which would make the PR a first release judged by its own policy).
 */
import type { GitRepository } from './ports.js';

export type BaseRevision =
  | { kind: 'found'; ref: string; commit: string }
  /** No base exists to compare with: a repository without a default branch (origin/HEAD, main, master). */
  | { kind: 'none'; reason: string }
  | { kind: 'unavailable'; ref: string; reason: string; fix: string };

const SHALLOW_FIX =
  'this is a shallow clone: pass the base explicitly (--base origin/main) and fetch it (git fetch --deepen=100 origin main, or actions/checkout with fetch-depth: 0)';

/**
 * A named base, never a name the PR can shadow: git resolves a name as a tag before a branch and a local branch
 * before a remote-tracking one, so a tag `main` or a local branch `origin/main` (named by the PR author) would stand
 * in for production. A name that means different commits in different namespaces is ambiguous: could not judge.
 */
async function resolveNamed(
  git: GitRepository,
  ref: string,
  refs: Map<string, string>,
): Promise<{ commit?: string; ambiguous?: string[] }> {
  if (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(ref) || ref.startsWith('refs/'))
    return { commit: await git.resolveCommit(ref) };
  const found = namespacesOf(ref).filter((full) => refs.has(full));
  const commits = new Set(found.map((full) => refs.get(full)!));
  if (commits.size > 1) return { ambiguous: found };
  if (commits.size === 1) return { commit: [...commits][0]! };
  return {};
}

/** Where a short name may live, in the order git itself would not prefer them (so none can shadow another). */
const namespacesOf = (ref: string) => [`refs/remotes/${ref}`, `refs/heads/${ref}`, `refs/tags/${ref}`];

/** Where the default branch may be found, in order; each resolved as a named base. */
const DEFAULT_BRANCHES = ['origin/HEAD', 'origin/main', 'origin/master', 'main', 'master'];

/**
 * `--base REF` when given, else the tip of the default branch: production is what the default branch holds now, as
 * the action's base (the pull request's `base.sha`) is. (The merge-base would be a guess: a branch forked before the
 * first release would be judged as a first release, by its own policy.)
 */
export async function resolveBaseRevision(git: GitRepository, ref: string | undefined): Promise<BaseRevision> {
  // Asked only where the answer changes what is said or done (a named base found needs no such question).
  const isShallow = () => git.isShallow().catch(() => false);
  if (ref !== undefined) {
    const named = await resolveNamed(git, ref, await git.refCommits(namespacesOf(ref)));
    if (named.ambiguous) return ambiguous(ref, named.ambiguous);
    // Other forms git understands (HEAD~1, a short commit id) resolve as git does.
    const commit = named.commit ?? (await git.resolveCommit(ref));
    if (commit) return { kind: 'found', ref, commit };
    return {
      kind: 'unavailable',
      ref,
      reason: `base revision "${ref}" is not in this repository`,
      fix: (await isShallow())
        ? SHALLOW_FIX
        : `fetch it (git fetch origin ${ref.replace(/^origin\//, '')}) or pass an existing --base REF`,
    };
  }
  // A shallow, often single-branch, clone cannot tell its base: origin/HEAD may name the PR branch itself (the PR
  // would be compared with itself), or no default branch may have been fetched (the PR would be a first release).
  if (await isShallow()) {
    return {
      kind: 'unavailable',
      ref: 'the default branch',
      reason: 'a shallow clone cannot show which revision is production, and no --base was given',
      fix: SHALLOW_FIX,
    };
  }
  const refs = await git.refCommits(DEFAULT_BRANCHES.flatMap(namespacesOf));
  for (const candidate of DEFAULT_BRANCHES) {
    const named = await resolveNamed(git, candidate, refs);
    if (named.ambiguous) return ambiguous(candidate, named.ambiguous);
    if (named.commit) return { kind: 'found', ref: candidate, commit: named.commit };
  }
  return {
    kind: 'none',
    reason: `no default branch (${DEFAULT_BRANCHES.join(', ')}) to compare with; pass --base REF`,
  };
}

function ambiguous(ref: string, names: string[]): BaseRevision {
  return {
    kind: 'unavailable',
    ref,
    reason: `the base "${ref}" is ambiguous: ${names.join(', ')} name different commits, and a pull request can create a branch or tag of that name`,
    fix: `pass the base as a full ref or commit (--base refs/remotes/origin/main, or the commit id), and delete the look-alike (git branch -D / git tag -d)`,
  };
}
