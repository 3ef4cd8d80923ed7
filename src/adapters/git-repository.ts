import { execFile } from 'node:child_process';
import { simpleGit, type SimpleGit } from 'simple-git';
import type { GitRepository } from '../release/ports.js';
import { gitBytes, gitDir, indexEntries, objectSizes, topLevel, worktreeChanged } from './lfs-pointer-git.js';

export type { GitRepository, IndexEntry } from '../release/ports.js';

/** The repository's objects could not be read (corrupt or unreadable object store): nothing git says can be trusted. */
export class GitReadError extends Error {
  override name = 'GitReadError';
  readonly fix =
    'run `git fsck` and re-fetch or re-clone the repository; the gate cannot judge from a damaged object store';
}

/** A git command's output, or undefined when git failed (not a repository, an unknown ref): the port's "no answer". */
type RawGit = (args: string[]) => Promise<string | undefined>;

export function openGitRepository(root: string): GitRepository {
  const git: SimpleGit = simpleGit({ baseDir: root, maxConcurrentProcesses: 4, trimmed: false });
  const raw: RawGit = async (args) => {
    try {
      return await git.raw(args);
    } catch {
      return undefined;
    }
  };
  const repo: GitRepository = {
    root,
    ...refQuestions(raw),
    async readFileAt(commit, path) {
      const map = await repo.readBlobs([`${commit}:${path}`]);
      return map.get(`${commit}:${path}`);
    },
    ...treeQuestions(raw),
    readBlobs: (specs) => catFileBatch(root, specs),
    ...historyQuestions(raw),
    gitDir: () => gitDir(root),
    topLevel: () => topLevel(root),
    indexEntries: (paths) => indexEntries(root, paths),
    worktreeChanged: (paths) => worktreeChanged(root, paths),
    objectSizes: (ids) => objectSizes(root, ids),
    ...indexWrites(root),
  };
  return repo;
}

/** The two writes to the index the rollback makes: exact blobs, and working-tree content. */
function indexWrites(root: string): Pick<GitRepository, 'stageBlobs' | 'stagePaths'> {
  return {
    async stageBlobs(entries) {
      if (entries.length === 0) return true;
      const valid = entries.every(
        (e) => /^1006[0-7]{2}$/.test(e.mode) && /^[0-9a-f]{40,64}$/.test(e.blob) && !/[\0\n]/.test(e.path),
      );
      if (!valid) return false;
      const info = entries.map((e) => `${e.mode} ${e.blob}\t${e.path}\0`).join('');
      if ((await gitBytes(root, ['update-index', '-z', '--index-info'], info)) === undefined) return false;
      // The entries have no stat data yet: a refresh re-reads those files once, so `git status` and the gate's stat
      // check see them as what git wrote. Whether it succeeds changes nothing staged.
      await gitBytes(root, ['update-index', '-q', '--refresh']);
      return true;
    },
    async stagePaths(paths) {
      if (paths.length === 0) return true;
      return (await gitBytes(root, ['add', '--', ...paths])) !== undefined;
    },
  };
}

/** What a name or id stands for: is this a repository, which commit a ref or tag is, whether a commit exists. */
function refQuestions(
  raw: RawGit,
): Pick<GitRepository, 'isRepository' | 'resolveCommit' | 'refCommits' | 'commitExists'> {
  return {
    async isRepository() {
      return (await raw(['rev-parse', '--git-dir'])) !== undefined;
    },
    async resolveCommit(ref) {
      if (ref.startsWith('-')) return undefined; // never let a ref be read as an option
      const out = await raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
      const sha = out?.trim();
      return sha && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
    },
    async refCommits(fullNames) {
      const wanted = new Set(fullNames.filter((n) => n.startsWith('refs/')));
      const out = new Map<string, string>();
      if (wanted.size === 0) return out;
      const listed = await raw([
        'for-each-ref',
        '--format=%(refname)%00%(objecttype)%00%(objectname)%00%(*objectname)',
        '--',
        ...wanted,
      ]);
      for (const line of (listed ?? '').split('\n')) {
        const [name, type, id, peeled] = line.split('\0');
        if (!name || !wanted.has(name)) continue;
        const commit = type === 'tag' ? peeled : type === 'commit' ? id : undefined;
        if (commit && /^[0-9a-f]{40,64}$/.test(commit)) out.set(name, commit);
      }
      return out;
    },
    async commitExists(sha) {
      if (!/^[0-9a-f]{4,64}$/i.test(sha)) return false;
      const out = await raw(['cat-file', '-t', sha]);
      return out?.trim() === 'commit';
    },
  };
}

/** What a commit's tree holds under a folder: blob ids, or every entry with its mode. */
function treeQuestions(raw: RawGit): Pick<GitRepository, 'listFilesAt' | 'listEntriesAt'> {
  return {
    async listFilesAt(commit, dir) {
      const out = await raw(['ls-tree', '-r', '-z', '--full-tree', commit, '--', dir]);
      const files: Record<string, string> = {};
      if (!out) return files;
      for (const entry of out.split('\0')) {
        if (!entry) continue;
        const tab = entry.indexOf('\t');
        const [, type, id] = entry.slice(0, tab).split(' ');
        if (type === 'blob' && id) files[entry.slice(tab + 1)] = id;
      }
      return files;
    },
    async listEntriesAt(commit, dir) {
      const out = await raw(['ls-tree', '-r', '-z', '--full-tree', commit, '--', dir]);
      const entries: Record<string, { mode: string; id: string }> = {};
      for (const entry of (out ?? '').split('\0')) {
        const tab = entry.indexOf('\t');
        if (tab < 0) continue;
        const [mode, , id] = entry.slice(0, tab).split(' ');
        if (mode && id) entries[entry.slice(tab + 1)] = { mode, id };
      }
      return entries;
    },
  };
}

/** What changed and when: paths since a commit, commit messages, the branch, shallowness, a path's last change. */
function historyQuestions(
  raw: RawGit,
): Pick<GitRepository, 'changedPaths' | 'commitMessages' | 'currentBranch' | 'isShallow' | 'lastChange'> {
  return {
    async changedPaths(commit) {
      const [diff, untracked] = await Promise.all([
        raw(['diff', '--name-only', '--relative', '--no-renames', '-z', commit, '--']),
        raw(['ls-files', '--others', '--exclude-standard', '-z']),
      ]);
      if (diff === undefined || untracked === undefined) return undefined;
      return [...new Set([...diff.split('\0'), ...untracked.split('\0')].filter((p) => p.length > 0))];
    },
    async commitMessages(from, to) {
      const out = await raw(['log', '--format=%B%x00', `${from}..${to}`]);
      if (!out) return [];
      return out
        .split('\0')
        .map((m) => m.trim())
        .filter((m) => m.length > 0);
    },
    async currentBranch() {
      const out = (await raw(['symbolic-ref', '--quiet', '--short', 'HEAD']))?.trim();
      return out || undefined;
    },
    async isShallow() {
      return (await raw(['rev-parse', '--is-shallow-repository']))?.trim() === 'true';
    },
    async lastChange(commit, paths) {
      const out = (await raw(['log', '-1', '--format=%H %cI', commit, '--', ...paths]))?.trim();
      if (!out) return undefined;
      const [sha, date] = out.split(' ');
      return sha && date ? { commit: sha, date } : undefined;
    },
  };
}

/**
 * Reads many objects through one `git cat-file --batch`: the output is `<id> <type> <size>\n<bytes>\n` per object or
 * `<spec> missing\n`, in request order, so we parse it as a byte stream.
 */
export function catFileBatch(root: string, specs: string[]): Promise<Map<string, Buffer | undefined>> {
  const result = new Map<string, Buffer | undefined>();
  if (specs.length === 0) return Promise.resolve(result);
  for (const s of specs) {
    if (/[\n\r]/.test(s)) throw new TypeError('object spec must not contain a line break');
  }
  return new Promise((resolve, reject) => {
    const child = execFile('git', ['cat-file', '--batch'], {
      cwd: root,
      encoding: 'buffer',
      maxBuffer: 1024 * 1024 * 1024,
    });
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    child.stdout?.on('data', (c: Buffer) => chunks.push(c));
    child.stderr?.on('data', (c: Buffer) => errors.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new GitReadError(`git cat-file --batch exited with ${code}`));
      // A corrupt object is answered "missing" on stdout; only stderr tells it from an absent file. Reading a
      // corrupt base as "no such file" would judge a PR as a first release, so any complaint is a failure.
      const complaint = Buffer.concat(errors).toString('utf8').trim();
      if (complaint)
        return reject(new GitReadError(`git could not read the repository's objects: ${complaint.split('\n')[0]}`));
      const out = Buffer.concat(chunks);
      let pos = 0;
      for (const spec of specs) {
        const nl = out.indexOf(0x0a, pos);
        if (nl < 0) break;
        const header = out.subarray(pos, nl).toString('utf8');
        pos = nl + 1;
        if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
          result.set(spec, undefined);
          continue;
        }
        const size = Number(header.split(' ')[2]);
        const type = header.split(' ')[1];
        const body = out.subarray(pos, pos + size);
        pos += size + 1;
        result.set(spec, type === 'blob' ? Buffer.from(body) : undefined);
      }
      resolve(result);
    });
    child.stdin?.end(specs.join('\n') + '\n');
  });
}
