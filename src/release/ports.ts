/**
 * The ports: the narrow interfaces through which the engine asks the outside world (git, GitHub's commit statuses;
 * Jira's is `TicketSource` in ticket-facts.ts). They live here, below the adapters that implement them, so the arrows
 * run one way: adapters depend on the release model, never the reverse.
 */

/** One `git ls-files -s -v` line. */
export interface IndexEntry {
  path: string;
  /** `100644`, `100755`, `120000` (symlink), `160000` (submodule). */
  mode: string;
  blob: string;
  /** 0, or 1–3 during a merge conflict. */
  stage: number;
  /** `H` cached; `h` assume-unchanged, `S` skip-worktree (git then skips its stat check), others. */
  tag: string;
}

/**
 * The git port: the few questions the gate and the evidence commands ask of a repository. simple-git is imported
 * only here; `readBlobs` uses one `git cat-file --batch` process for many objects, because history walks (audit,
 * evidence) would otherwise start one git process per file.
 */
export interface GitRepository {
  readonly root: string;
  isRepository(): Promise<boolean>;
  /** Full commit id of a ref, or undefined when it does not resolve to a commit. */
  resolveCommit(ref: string): Promise<string | undefined>;
  commitExists(sha: string): Promise<boolean>;
  /**
   * Exactly these full ref names (`refs/heads/main`, `refs/remotes/origin/HEAD`...), those that exist, with the
   * commit each names (an annotated tag peeled); one git process for all of them.
   */
  refCommits(fullNames: string[]): Promise<Map<string, string>>;
  /** A file's bytes at a commit, or undefined when the file is not there. */
  readFileAt(commit: string, path: string): Promise<Buffer | undefined>;
  /** Files under `dir` at a commit: path → blob id. */
  listFilesAt(commit: string, dir: string): Promise<Record<string, string>>;
  /**
   * Every entry under `dir` at a commit with its git mode (`100644`, `100755`, `120000` for a symlink, `160000` for a
   * submodule): path → { mode, id }. The evidence gate needs the mode, since a committed symlink is not evidence.
   */
  listEntriesAt(commit: string, dir: string): Promise<Record<string, { mode: string; id: string }>>;
  /** Many blobs (or `commit:path` specs) in one git process; missing ones map to undefined. */
  readBlobs(specs: string[]): Promise<Map<string, Buffer | undefined>>;
  /**
   * Repository-relative paths that differ between `commit` and the working tree (committed, staged or not), plus
   * untracked files git does not ignore: what a pull request (or a local change) touches. Undefined when git could
   * not answer, so a caller never mistakes "unknown" for "nothing changed".
   */
  changedPaths(commit: string): Promise<string[] | undefined>;
  /** Messages of commits in `from..to` (newest first). */
  commitMessages(from: string, to: string): Promise<string[]>;
  currentBranch(): Promise<string | undefined>;
  /** True for a shallow clone (the base may be missing: fetch with more depth). */
  isShallow(): Promise<boolean>;
  /** The newest commit reachable from `commit` that changed any of `paths`, with its committer date. */
  lastChange(commit: string, paths: string[]): Promise<{ commit: string; date: string } | undefined>;
  /** The absolute git directory (`.git`, or a worktree's), or undefined outside a repository. */
  gitDir(): Promise<string | undefined>;
  /** The work tree's top-level directory, or undefined outside a repository. */
  topLevel(): Promise<string | undefined>;
  /**
   * The index (stage) entries of these top-level-relative paths; a path absent from the index is absent here;
   * undefined when git could not answer.
   */
  indexEntries(paths: string[]): Promise<Map<string, IndexEntry> | undefined>;
  /**
   * The paths whose working-tree file differs from its index entry by git's own stat check (`git diff-files`, no
   * content read; fsmonitor off, every stat field compared); undefined when git could not answer.
   */
  worktreeChanged(paths: string[]): Promise<Set<string> | undefined>;
  /** Type and size of objects, without reading them (`git cat-file --batch-check`); missing ones are absent. */
  objectSizes(ids: string[]): Promise<Map<string, { type: string; size: number }>>;
  /**
   * Puts exactly these blobs in the index at these top-level-relative paths (`git update-index --index-info`: no
   * clean filter runs, so a Git LFS pointer is staged as the pointer), then refreshes the index's stat data. False
   * when git refused.
   */
  stageBlobs(entries: Array<{ path: string; mode: string; blob: string }>): Promise<boolean>;
  /** Stages the working-tree content of these paths (`git add`, literal paths). False when git refused. */
  stagePaths(paths: string[]): Promise<boolean>;
}

export type CommitState = 'pending' | 'success' | 'failure' | 'error';

export interface CommitStatus {
  /** The commit the status goes on: the PR head, never the merge commit GitHub tests. */
  sha: string;
  state: CommitState;
  /** At most 140 characters (longer ones are cut with an ellipsis here, so GitHub never answers 422). */
  description: string;
  /** `governance:check` unless the `status-context` input says otherwise. */
  context: string;
  /** The workflow run. */
  targetUrl?: string;
}

/** The narrow port the action posts commit statuses through . */
export interface StatusPublisher {
  publish(status: CommitStatus): Promise<void>;
}
