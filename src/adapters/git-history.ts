/**
 * The release history of a branch, read for the quarterly audit. It has to scale to thousands of releases, so it
 * never starts one git process per commit or file: one `git log` lists the first-parent commits that changed the
 * manifest (with the new blob id of each change), and the objects are then read in batch through
 * {@link GitRepository.readBlobs} (one `git cat-file --batch`).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { GitRepository } from './git-repository.js';

/** One first-parent commit that changed the manifest. */
export interface ManifestChange {
  /** The commit on the branch (a merge commit when the release came through a pull request). */
  commit: string;
  parents: string[];
  /** Committer date, ISO 8601: when the change reached the branch. */
  committedAt: string;
  subject: string;
  /** The manifest's blob id after the change; undefined when the commit deleted the manifest. */
  manifestBlob?: string;
}

function gitOutput(root: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`git ${args[0]} failed: ${String(stderr).trim() || err.message}`, { cause: err }));
      else resolve(stdout);
    });
  });
}

/**
 * The position of every commit on the first-parent line of `ref`, oldest first (0): the order in which the branch
 * took its commits, which commit times cannot give (two commits may share a second, or carry any date their author
 * set).
 */
export async function readFirstParentOrder(root: string, ref: string): Promise<Map<string, number>> {
  if (ref.startsWith('-')) throw new Error(`not a revision: ${ref}`);
  const commits = (await gitOutput(root, ['rev-list', '--first-parent', ref, '--'])).split('\n').filter(Boolean);
  return new Map(commits.reverse().map((c, i) => [c, i]));
}

/** One first-parent commit that changed a file (see {@link readFileChanges}). */
export interface FileChange {
  commit: string;
  parents: string[];
  /** Committer date, ISO 8601 UTC. */
  committedAt: string;
  subject: string;
  /** The file's blob id after the change; undefined when the commit deleted the file. */
  blob?: string;
  /** The file's mode after the change (`100644`, `100755`; `120000` is a symbolic link). */
  mode?: string;
}

/**
 * The first-parent commits of `ref` that changed `path`, oldest first. A merge is compared with its first parent
 * (`--diff-merges=first-parent`), so a change merged from a branch appears once, as its merge commit.
 */
export async function readFileChanges(root: string, ref: string, path: string): Promise<FileChange[]> {
  if (ref.startsWith('-')) throw new Error(`not a revision: ${ref}`);
  const out = await gitOutput(root, [
    'log',
    '--first-parent',
    '--diff-merges=first-parent',
    '--raw',
    '--no-abbrev',
    '--no-renames',
    '--format=%x01%H%x09%P%x09%cI%x09%s',
    ref,
    '--',
    path,
  ]);
  const changes: FileChange[] = [];
  for (const record of out.split('\x01')) {
    if (!record.trim()) continue;
    const [header = '', ...rest] = record.split('\n');
    const [commit = '', parents = '', committedAt = '', ...subject] = header.split('\t');
    let blob: string | undefined;
    let mode: string | undefined;
    for (const line of rest) {
      // :<old mode> <new mode> <old id> <new id> <status>\t<path>
      const m = /^:\d+ (\d+) [0-9a-f]+ ([0-9a-f]+) ([A-Z])\d*\t(.*)$/.exec(line);
      if (!m || m[4] !== path) continue;
      const deleted = m[3] === 'D' || /^0+$/.test(m[2]!);
      blob = deleted ? undefined : m[2];
      mode = deleted ? undefined : m[1];
    }
    // Normalised to UTC `...Z` so dates compare and read the same whatever the committer's time zone.
    const t = Date.parse(committedAt);
    changes.push({
      commit,
      parents: parents.split(' ').filter(Boolean),
      committedAt: Number.isNaN(t) ? committedAt : new Date(t).toISOString(),
      subject: subject.join('\t'),
      ...(blob ? { blob } : {}),
      ...(mode ? { mode } : {}),
    });
  }
  return changes.reverse();
}

/**
 * The first-parent commits of `ref` that changed `manifestPath`, oldest first (see {@link readFileChanges}).
 */
export async function readManifestChanges(root: string, ref: string, manifestPath: string): Promise<ManifestChange[]> {
  return (await readFileChanges(root, ref, manifestPath)).map(({ blob, mode: _mode, ...c }) => ({
    ...c,
    ...(blob ? { manifestBlob: blob } : {}),
  }));
}

/**
 * The id git gives a blob with these bytes (`git hash-object`): SHA-1 of `blob <size>\0<bytes>`, or SHA-256 in a
 * repository whose object format is sha256 (`hexLength` 64). Lets a caller ask "was this exact file ever committed
 * there" from the ids `git log --raw` already printed, without reading every blob back.
 */
export function gitBlobId(bytes: Uint8Array, hexLength = 40): string {
  const hash = createHash(hexLength === 64 ? 'sha256' : 'sha1');
  hash.update(`blob ${bytes.length}\0`);
  hash.update(bytes);
  return hash.digest('hex');
}

/** The tip of the branch to audit: `ref` when given, else the default branch (origin/HEAD, origin/main, main...). */
export async function resolveAuditRef(
  git: GitRepository,
  ref: string | undefined,
): Promise<{ ref: string; commit: string } | undefined> {
  const candidates = ref !== undefined ? [ref] : ['origin/HEAD', 'origin/main', 'origin/master', 'main', 'master'];
  for (const r of candidates) {
    const commit = await git.resolveCommit(r);
    if (commit) return { ref: r, commit };
  }
  return undefined;
}
