import { simpleGit } from 'simple-git';

/** What `ensureCommitPresent` did. */
export type CommitPresence =
  { kind: 'present' } | { kind: 'fetched'; depth: number } | { kind: 'unavailable'; reason: string; fix: string };

/**
 * Makes sure `sha` is in the local clone, fetching it from `origin` when the checkout lacks it. `actions/checkout`
 * clones one commit deep by default, so the PR's base commit (where the policy and the production release are read
 * from) is usually missing; `git fetch --no-tags --depth=<depth> origin <sha>` brings exactly that commit (GitHub
 * serves any reachable commit by id). The credentials are the ones actions/checkout left in the repository config.
 */
export async function ensureCommitPresent(repoRoot: string, sha: string, depth = 1): Promise<CommitPresence> {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(sha)) {
    return {
      kind: 'unavailable',
      reason: `"${sha}" is not a full commit id`,
      fix: 'pass the full 40-character commit id',
    };
  }
  const git = simpleGit({ baseDir: repoRoot });
  if (await isCommit(repoRoot, sha)) return { kind: 'present' };
  try {
    await git.raw(['fetch', '--no-tags', `--depth=${depth}`, 'origin', sha]);
  } catch (err) {
    const detail = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
    return {
      kind: 'unavailable',
      reason: `commit ${sha.slice(0, 12)} is not in the checkout and could not be fetched from origin (${detail.trim()})`,
      fix: 'use `actions/checkout` with `fetch-depth: 0`, or give the job `contents: read` so the action can fetch the base',
    };
  }
  return (await isCommit(repoRoot, sha))
    ? { kind: 'fetched', depth }
    : {
        kind: 'unavailable',
        reason: `origin did not send commit ${sha.slice(0, 12)}`,
        fix: 'use `actions/checkout` with `fetch-depth: 0`',
      };
}

async function isCommit(repoRoot: string, sha: string): Promise<boolean> {
  try {
    return (await simpleGit({ baseDir: repoRoot }).raw(['cat-file', '-t', sha])).trim() === 'commit';
  } catch {
    return false;
  }
}

/** The first parent of `commit` (the branch tip before a merge or push), when the clone has it. */
export async function readFirstParent(repoRoot: string, commit: string): Promise<string | undefined> {
  try {
    const out = (
      await simpleGit({ baseDir: repoRoot }).raw(['rev-parse', '--verify', '--quiet', `${commit}^1`])
    ).trim();
    return /^[0-9a-f]{40,64}$/.test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

/** Deepens a shallow clone by `depth` commits so `commit^1` exists (record mode judges a push against its parent). */
export async function deepenForParent(repoRoot: string, commit: string): Promise<void> {
  try {
    await simpleGit({ baseDir: repoRoot }).raw(['fetch', '--no-tags', '--depth=2', 'origin', commit]);
  } catch {
    // The caller reports a missing parent with its fix; a failed fetch says nothing more useful.
  }
}
