/**
 * A branch of the repository written through GitHub's Git Data API (Octokit over real HTTP): the record job's way to
 * put its audit event into history without a git process or stored credentials. One commit is built as GitHub
 * documents it — read the ref, read its commit, create the blobs, create a tree on the commit's tree (`base_tree`),
 * create the commit with that head as its only parent — and the ref is moved with `force: false`, so GitHub refuses
 * the update when someone else pushed meanwhile ("Update is not a fast forward"), which the caller answers by reading
 * the branch again. Every failure leaves as a {@link GitHubApiError} naming the operation, GitHub's answer and the
 * fix (the permission `contents: write` first of all); the token never appears in a message.
 */
import { redact } from './jira-settings.js';
import {
  callGitHub,
  GitHubApiError,
  gitHubStatusOf,
  unexpectedAnswer,
  type GitHubClient,
  type RepositoryName,
} from './github-api.js';

/** What to do when GitHub refuses to let the token write the branch. */
export const CONTENTS_WRITE_FIX =
  'grant `contents: write` to the record job only (the check job keeps `contents: read`); on a protected branch pass a ' +
  'GitHub App or bot token that may push to it (`github-token`), or set `record-branch` to an evidence branch';

/** The update's answer, as the record loop expects it (structurally the `LogBranch` port of the action). */
export type GitDataUpdate = { kind: 'committed'; sha: string } | { kind: 'moved' };

export interface GitDataBranch {
  readonly name: string;
  readonly via: string;
  head(): Promise<string>;
  readText(commit: string, path: string): Promise<string | undefined>;
  commit(parent: string, files: Array<{ path: string; text: string }>, message: string): Promise<GitDataUpdate>;
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

function writeFix(status?: number): string | undefined {
  if (status === 401) return 'the token is invalid or expired; pass `github-token: ${{ github.token }}` (the default)';
  if (status === 403 || status === 404) return CONTENTS_WRITE_FIX;
  return undefined;
}

function readFix(branch: string): (status?: number) => string | undefined {
  return (status) => {
    if (status === 404)
      return `make sure the branch ${branch} exists (create an evidence branch once: git push origin <commit>:refs/heads/${branch}) and the token may read contents (\`contents: read\`)`;
    return writeFix(status);
  };
}

/** Opens the branch `branch` of `repository`; `secrets` are cut out of every message (second line of defence). */
export function openGitDataBranch(
  client: GitHubClient,
  repository: RepositoryName,
  branch: string,
  secrets: readonly string[] = [],
): GitDataBranch {
  const { owner, repo } = repository;
  const guard = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      if (err instanceof GitHubApiError) {
        throw new GitHubApiError(redact(err.message, secrets), err.operation, err.status, err.fix);
      }
      throw err;
    }
  };
  return {
    name: branch,
    via: 'the Git Data API',
    head: () =>
      guard(async () => {
        const operation = `read the branch ${branch}`;
        const { data } = await callGitHub(
          operation,
          () => client.rest.git.getRef({ owner, repo, ref: `heads/${branch}` }),
          readFix(branch),
        );
        const sha = (data as { object?: { sha?: unknown } }).object?.sha;
        if (typeof sha !== 'string' || !SHA.test(sha)) throw unexpectedAnswer(operation, 'a ref');
        return sha;
      }),
    readText: (commit, path) => guard(() => readFileText(client, repository, commit, path, branch)),
    commit: (parent, files, message) =>
      guard(() => commitFiles(client, repository, branch, { parent, files, message })),
  };
}

/**
 * A file's text at a commit (contents API; a file over 1 MB comes without content there, so from the blob API), or
 * undefined when there is no file at that path. A link or a folder at the log's path is refused: the audit log is
 * never read through a link.
 */
async function readFileText(
  client: GitHubClient,
  { owner, repo }: RepositoryName,
  commit: string,
  path: string,
  branch: string,
): Promise<string | undefined> {
  const operation = `read ${path} on ${branch}`;
  let data: unknown;
  try {
    ({ data } = await client.rest.repos.getContent({ owner, repo, path, ref: commit }));
  } catch (err) {
    if (gitHubStatusOf(err) === 404) return undefined;
    return await callGitHub(operation, () => Promise.reject(err), readFix(branch));
  }
  const file = data as { type?: unknown; encoding?: unknown; content?: unknown; sha?: unknown; size?: unknown };
  if (Array.isArray(data) || file.type !== 'file') {
    const what = Array.isArray(data) ? 'a folder' : file.type === 'symlink' ? 'a symbolic link' : 'not a file';
    throw new GitHubApiError(
      `could not ${operation}: it is ${what} on ${branch}; the audit log is never read through a link or from a folder`,
      operation,
      200,
      `restore ${path} on ${branch} as a regular file`,
    );
  }
  if (file.encoding === 'base64' && typeof file.content === 'string' && (file.content !== '' || file.size === 0)) {
    return Buffer.from(file.content, 'base64').toString('utf8');
  }
  if (typeof file.sha !== 'string' || !SHA.test(file.sha)) throw unexpectedAnswer(operation, 'a file');
  const fileSha = file.sha;
  const { data: blob } = await callGitHub(
    operation,
    () => client.rest.git.getBlob({ owner, repo, file_sha: fileSha }),
    readFix(branch),
  );
  if (blob.encoding !== 'base64' || typeof blob.content !== 'string') throw unexpectedAnswer(operation, 'a blob');
  return Buffer.from(blob.content, 'base64').toString('utf8');
}

/** Builds the commit (blobs, tree on the parent's tree, commit) and moves the branch to it without force. */
async function commitFiles(
  client: GitHubClient,
  { owner, repo }: RepositoryName,
  branch: string,
  change: { parent: string; files: Array<{ path: string; text: string }>; message: string },
): Promise<GitDataUpdate> {
  const { parent, files, message } = change;
  const { data: parentCommit } = await callGitHub(
    `read commit ${parent.slice(0, 12)}`,
    () => client.rest.git.getCommit({ owner, repo, commit_sha: parent }),
    readFix(branch),
  );
  const tree: Array<{ path: string; mode: '100644'; type: 'blob'; sha: string }> = [];
  for (const file of files) {
    const { data: blob } = await callGitHub(
      `create the blob of ${file.path}`,
      () =>
        client.rest.git.createBlob({
          owner,
          repo,
          content: Buffer.from(file.text, 'utf8').toString('base64'),
          encoding: 'base64',
        }),
      writeFix,
    );
    tree.push({ path: file.path, mode: '100644', type: 'blob', sha: blob.sha });
  }
  const { data: newTree } = await callGitHub(
    'create the tree',
    () => client.rest.git.createTree({ owner, repo, base_tree: parentCommit.tree.sha, tree }),
    writeFix,
  );
  const { data: commit } = await callGitHub(
    'create the commit',
    () => client.rest.git.createCommit({ owner, repo, message, tree: newTree.sha, parents: [parent] }),
    writeFix,
  );
  try {
    await client.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commit.sha, force: false });
  } catch (err) {
    if (isMoved(err)) return { kind: 'moved' };
    return await callGitHub(`move ${branch} to the record commit`, () => Promise.reject(err), updateFix(err));
  }
  return { kind: 'committed', sha: commit.sha };
}

/** GitHub's answers to a ref update whose branch is no longer at the parent: 422 "not a fast forward", or 409. */
function isMoved(err: unknown): boolean {
  const status = gitHubStatusOf(err);
  if (status === 409) return true;
  const message = (err as { response?: { data?: { message?: unknown } } }).response?.data?.message;
  return status === 422 && typeof message === 'string' && /not a fast.forward/i.test(message);
}

function updateFix(err: unknown): (status?: number) => string | undefined {
  const message = String((err as { response?: { data?: { message?: unknown } } }).response?.data?.message ?? '');
  return (status) =>
    status === 422 && /protected branch/i.test(message)
      ? 'the branch is protected: pass a GitHub App or bot token allowed to push to it (`github-token`), or set `record-branch` to an unprotected evidence branch'
      : writeFix(status);
}
