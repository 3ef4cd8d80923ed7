/**
 * A branch of the repository written with the checkout's own git (a real `git` process) and credentials: the record
 * job's `record-commit: push` way. The branch is fetched into a private ref, the commit is built with git plumbing
 * on the fetched head (a throw-away index: the working tree and the checkout's index are never touched, so nothing
 * but the audit log can slip into the commit), and pushed as `<sha>:refs/heads/<branch>` without force. A push git
 * rejects as not a fast-forward means the branch moved; the caller fetches again.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Who the record commit is by: the Actions bot, as GitHub shows commits made with the job's token. */
const BOT = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' };

/** The private ref the fetched branch head is kept in (never a branch or tag of the checkout). */
const FETCHED_REF = 'refs/mlgov/record-head';

/** git failed: what was being done, what git said (credentials cut out) and the fix. */
export class GitPushError extends Error {
  override name = 'GitPushError';
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

export type PushUpdate = { kind: 'committed'; sha: string } | { kind: 'moved' };

export interface PushBranch {
  readonly name: string;
  readonly via: string;
  head(): Promise<string>;
  readText(commit: string, path: string): Promise<string | undefined>;
  commit(parent: string, files: Array<{ path: string; text: string }>, message: string): Promise<PushUpdate>;
}

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Credentials in a remote URL (`https://user:token@host`) never reach a message. */
function scrub(text: string): string {
  return text.replace(/\/\/[^/@\s]+@/g, '//***@');
}

export const PUSH_FIX =
  'give the record job a checkout whose credentials may push (`persist-credentials: true` with `contents: write`, ' +
  'or a GitHub App or bot token allowed to push to a protected branch), or set `record-branch` to an evidence branch';

/** Opens `branch` of the remote `origin` of the clone at `root`. */
export function openPushBranch(root: string, branch: string, extraEnv: Record<string, string> = {}): PushBranch {
  const git = (args: string[], options: { input?: string; env?: Record<string, string> } = {}) =>
    runGit(root, args, { ...options, env: { ...extraEnv, ...options.env } });
  const must = async (what: string, args: string[], options?: { input?: string; env?: Record<string, string> }) => {
    const r = await git(args, options);
    if (r.code !== 0) throw new GitPushError(`could not ${what}: ${firstLines(r.stderr)}`, PUSH_FIX);
    return r.stdout;
  };
  return {
    name: branch,
    via: 'git push',
    async head() {
      const fetched = await git(['fetch', '--no-tags', '--quiet', 'origin', `+refs/heads/${branch}:${FETCHED_REF}`]);
      if (fetched.code !== 0) {
        throw new GitPushError(
          `could not fetch ${branch} from origin: ${firstLines(fetched.stderr)}`,
          `make sure the branch ${branch} exists on origin and the checkout's credentials may read it (\`contents: read\`, \`persist-credentials: true\`)`,
        );
      }
      return (await must('read the fetched head', ['rev-parse', '--verify', `${FETCHED_REF}^{commit}`])).trim();
    },
    async readText(commit, path) {
      const listed = await must(`list ${path}`, ['ls-tree', '-z', commit, '--', path]);
      const entry = listed.split('\0').find((l) => l.endsWith(`\t${path}`));
      if (!entry) return undefined;
      const [mode, type, sha] = entry.split('\t')[0]!.split(' ');
      if (type !== 'blob' || mode === '120000') {
        throw new GitPushError(
          `${path} on ${branch} is ${mode === '120000' ? 'a symbolic link' : 'not a file'}; the audit log is never read through a link or from a folder`,
          `restore ${path} on ${branch} as a regular file`,
        );
      }
      return await must(`read ${path}`, ['cat-file', 'blob', sha!]);
    },
    async commit(parent, files, message) {
      const sha = await buildCommit(must, parent, files, message);
      const pushed = await git(['push', '--porcelain', 'origin', `${sha}:refs/heads/${branch}`]);
      if (pushed.code === 0) return { kind: 'committed', sha };
      // `[rejected]` (non-fast-forward, fetch first) is git's own refusal: the branch moved. `[remote rejected]`
      // is the server's (a protected branch, a missing permission): no retry helps.
      if (/^!\t[^\t]*\t\[rejected\]/m.test(pushed.stdout)) return { kind: 'moved' };
      throw new GitPushError(
        `could not push the record commit to ${branch}: ${firstLines(pushed.stderr || pushed.stdout)}`,
        PUSH_FIX,
      );
    },
  };
}

type Must = (
  what: string,
  args: string[],
  options?: { input?: string; env?: Record<string, string> },
) => Promise<string>;

/** A commit on `parent` whose tree is the parent's with exactly `files` replaced, built in a throw-away index. */
async function buildCommit(
  must: Must,
  parent: string,
  files: Array<{ path: string; text: string }>,
  message: string,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mlgov-record-index-'));
  const env = {
    GIT_INDEX_FILE: join(dir, 'index'),
    GIT_AUTHOR_NAME: BOT.name,
    GIT_AUTHOR_EMAIL: BOT.email,
    GIT_COMMITTER_NAME: BOT.name,
    GIT_COMMITTER_EMAIL: BOT.email,
  };
  try {
    await must('read the fetched tree', ['read-tree', parent], { env });
    for (const file of files) {
      const blob = (await must(`store ${file.path}`, ['hash-object', '-w', '--stdin'], { input: file.text })).trim();
      await must(`stage ${file.path}`, ['update-index', '--add', '--cacheinfo', `100644,${blob},${file.path}`], {
        env,
      });
    }
    const tree = (await must('write the tree', ['write-tree'], { env })).trim();
    return (
      await must('create the commit', ['commit-tree', tree, '-p', parent, '-F', '-'], { input: message, env })
    ).trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function firstLines(text: string): string {
  const lines = scrub(text)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.slice(0, 4).join(' / ') || 'git gave no reason';
}

function runGit(
  cwd: string,
  args: string[],
  options: { input?: string; env?: Record<string, string> },
): Promise<GitResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'git',
      args,
      {
        cwd,
        // Never ask on a terminal for credentials: a job would hang until it is killed.
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...options.env },
        maxBuffer: 256 * 1024 * 1024,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout, stderr });
      },
    );
    // A git command that reads no input may exit before its stdin is closed: that is not an error.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}
