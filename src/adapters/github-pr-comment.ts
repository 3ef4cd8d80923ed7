/**
 * Keeps one comment on a pull request up to date: the action's board view. The comment is found again by a hidden
 * marker on its first line, among the comments (`GET /repos/{o}/{r}/issues/{n}/comments`, every page) written by a
 * bot account, and edited in place (`PATCH /repos/{o}/{r}/issues/comments/{id}`); only when there is none is one
 * created (`POST /repos/{o}/{r}/issues/{n}/comments`). A comment that cannot be written is an outcome, never a
 * throw: the gate's verdict does not depend on a comment.
 */
import { callGitHub, GitHubApiError, unexpectedAnswer, type GitHubClient, type RepositoryName } from './github-api.js';

/** The pull request (an issue, for the comments API) whose comment is kept. */
export interface CommentTarget extends RepositoryName {
  number: number;
}

export type CommentOutcome =
  | { kind: 'created' | 'updated'; id: number; url?: string }
  /** GitHub refused or failed; `fix` says what to grant or do. */
  | { kind: 'not-written'; reason: string; status?: number; fix: string };

const READ_ONLY_FIX =
  'give the job `permissions: pull-requests: write` to keep the board comment, or set `board-comment: false`';

interface ListedComment {
  id: number;
  body?: string | null;
  user?: { type?: string } | null;
}

/**
 * The comment this action wrote before: its body starts with `marker` and its author is a bot account. A comment by
 * a person (the PR's author included) that copies the marker is ignored: were it edited in place, its author could
 * rewrite the board's view afterwards.
 */
export function ownCommentOf(comments: readonly ListedComment[], marker: string): ListedComment | undefined {
  return comments.find((c) => typeof c.body === 'string' && c.body.startsWith(marker) && c.user?.type === 'Bot');
}

/** Creates the marked comment, or edits the one found; `body` must start with `marker`. */
export async function upsertMarkedComment(
  client: GitHubClient,
  target: CommentTarget,
  marker: string,
  body: string,
): Promise<CommentOutcome> {
  const { owner, repo, number } = target;
  try {
    const listOperation = `list the comments of pull request #${number}`;
    const comments = await callGitHub(listOperation, () =>
      client.paginate(client.rest.issues.listComments, { owner, repo, issue_number: number, per_page: 100 }),
    );
    if (!Array.isArray(comments)) throw unexpectedAnswer(listOperation, 'a list of comments');
    const mine = ownCommentOf(comments, marker);
    if (mine) {
      const { data } = await callGitHub(
        `update the board comment on pull request #${number}`,
        () => client.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body }),
        fixOf,
      );
      return { kind: 'updated', id: data.id, ...(data.html_url ? { url: data.html_url } : {}) };
    }
    const { data } = await callGitHub(
      `comment on pull request #${number}`,
      () => client.rest.issues.createComment({ owner, repo, issue_number: number, body }),
      fixOf,
    );
    return { kind: 'created', id: data.id, ...(data.html_url ? { url: data.html_url } : {}) };
  } catch (err) {
    if (!(err instanceof GitHubApiError)) throw err;
    return {
      kind: 'not-written',
      reason: err.message,
      ...(err.status !== undefined ? { status: err.status } : {}),
      fix: err.fix ?? 'the comment could not be written: re-run the job',
    };
  }
}

function fixOf(status?: number): string | undefined {
  return status === 403 || status === 404 ? READ_ONLY_FIX : undefined;
}
