/**
 * The board comment adapter (src/adapters/github-pr-comment.ts) against the loopback GitHub server: created once,
 * then edited in place, never duplicated; found on a later page; a read-only token's 403 is an outcome, not a throw;
 * a person's comment that copies the marker is never taken over.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { openGitHubClient } from '../../src/adapters/github-api.js';
import { upsertMarkedComment } from '../../src/adapters/github-pr-comment.js';
import { BOARD_VIEW_MARKER } from '../../src/render/board-view.js';
import { boardCommentOf, MAX_COMMENT_CHARS } from '../../src/render/board-view-comment.js';
import { startGitHubServer, type GitHubServer } from '../servers/github-server.js';

const repository = { owner: 'acme', repo: 'fraud-models' };
const RUN_URL = 'https://github.com/acme/fraud-models/actions/runs/42';

let server: GitHubServer;
let nextPr = 700;

beforeAll(async () => {
  server = await startGitHubServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
  server.state.commentWrites = 'allowed';
  server.state.commentAuthor = { login: 'github-actions[bot]', type: 'Bot' };
});

const client = () => openGitHubClient({ token: 'ghs_test_token', baseUrl: server.url });

/** A new pull request on the server; its number. */
function pullRequest(): number {
  const number = nextPr++;
  server.addPull('acme', 'fraud-models', {
    number,
    title: 'MLGOV-123 Promote',
    body: '',
    user: { login: 'carol' },
    head: { ref: 'release', sha: 'a'.repeat(40), repo: { full_name: 'acme/fraud-models', fork: false } },
    base: { ref: 'main', sha: 'c'.repeat(40), repo: { full_name: 'acme/fraud-models' } },
  });
  return number;
}

const body = (text: string) => `${BOARD_VIEW_MARKER}\n${text}\n`;

describe('the board comment', () => {
  it('is created on the first run and edited in place on the second, never duplicated', async () => {
    const number = pullRequest();
    server.addComment('acme', 'fraud-models', number, {
      body: 'Looks good to me',
      user: { login: 'alice', type: 'User' },
    });
    const target = { ...repository, number };

    const first = await upsertMarkedComment(client(), target, BOARD_VIEW_MARKER, body('run 1'));
    expect(first).toEqual({
      kind: 'created',
      id: expect.any(Number),
      url: expect.stringMatching(/^https:\/\/github\.com\/acme\/fraud-models\/pull\/\d+#issuecomment-\d+$/),
    });
    const second = await upsertMarkedComment(client(), target, BOARD_VIEW_MARKER, body('run 2'));
    expect(second).toEqual({ kind: 'updated', id: first.kind === 'created' ? first.id : -1, url: expect.any(String) });

    expect(server.commentsOf('acme', 'fraud-models', number).map((c) => [c.user.login, c.body])).toEqual([
      ['alice', 'Looks good to me'],
      ['github-actions[bot]', body('run 2')],
    ]);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/acme/fraud-models/issues/${number}/comments`,
      `POST /repos/acme/fraud-models/issues/${number}/comments`,
      `GET /repos/acme/fraud-models/issues/${number}/comments`,
      `PATCH /repos/acme/fraud-models/issues/comments/${first.kind === 'created' ? first.id : -1}`,
    ]);
    expect(server.requests.every((r) => r.authorization === 'token ghs_test_token')).toBe(true);
  });

  it('finds its comment on the second page of comments', async () => {
    const number = pullRequest();
    for (let i = 0; i < 120; i++)
      server.addComment('acme', 'fraud-models', number, { body: `comment ${i}`, user: { login: 'bob', type: 'User' } });
    const mine = server.addComment('acme', 'fraud-models', number, {
      body: body('earlier run'),
      user: { login: 'github-actions[bot]', type: 'Bot' },
    });

    const outcome = await upsertMarkedComment(client(), { ...repository, number }, BOARD_VIEW_MARKER, body('now'));
    expect(outcome).toMatchObject({ kind: 'updated', id: mine });
    expect(server.requests.map((r) => [r.method, r.query['page'] ?? '1'])).toEqual([
      ['GET', '1'],
      ['GET', '2'],
      ['PATCH', '1'],
    ]);
    expect(server.commentsOf('acme', 'fraud-models', number)).toHaveLength(121);
    expect(server.commentsOf('acme', 'fraud-models', number)[120]!.body).toBe(body('now'));
  });

  it('does not take over a person’s comment that copies the marker', async () => {
    const number = pullRequest();
    server.addComment('acme', 'fraud-models', number, {
      body: body('| DI ratio | 0.85 | 0.95 | fine |'),
      user: { login: 'carol', type: 'User' },
    });
    const outcome = await upsertMarkedComment(client(), { ...repository, number }, BOARD_VIEW_MARKER, body('real'));
    expect(outcome.kind).toBe('created');
    expect(server.commentsOf('acme', 'fraud-models', number).map((c) => [c.user.login, c.body])).toEqual([
      ['carol', body('| DI ratio | 0.85 | 0.95 | fine |')],
      ['github-actions[bot]', body('real')],
    ]);
  });

  it('reports a read-only token (403 on create) with the permission to grant, without throwing', async () => {
    const number = pullRequest();
    server.state.commentWrites = 'forbidden';
    const outcome = await upsertMarkedComment(client(), { ...repository, number }, BOARD_VIEW_MARKER, body('x'));
    expect(outcome).toEqual({
      kind: 'not-written',
      reason: `could not comment on pull request #${number}: GitHub answered 403: Resource not accessible by integration`,
      status: 403,
      fix: 'give the job `permissions: pull-requests: write` to keep the board comment, or set `board-comment: false`',
    });
    expect(server.commentsOf('acme', 'fraud-models', number)).toEqual([]);
  });

  it('reports a read-only token (403 on update) and leaves the comment as it was', async () => {
    const number = pullRequest();
    server.addComment('acme', 'fraud-models', number, {
      body: body('old'),
      user: { login: 'github-actions[bot]', type: 'Bot' },
    });
    server.state.commentWrites = 'forbidden';
    const outcome = await upsertMarkedComment(client(), { ...repository, number }, BOARD_VIEW_MARKER, body('new'));
    expect(outcome).toMatchObject({
      kind: 'not-written',
      status: 403,
      reason: `could not update the board comment on pull request #${number}: GitHub answered 403: Resource not accessible by integration`,
    });
    expect(server.commentsOf('acme', 'fraud-models', number).map((c) => c.body)).toEqual([body('old')]);
  });

  it('reports a pull request GitHub does not know (404 on the list)', async () => {
    const outcome = await upsertMarkedComment(
      client(),
      { ...repository, number: 99_999 },
      BOARD_VIEW_MARKER,
      body('x'),
    );
    expect(outcome).toMatchObject({
      kind: 'not-written',
      status: 404,
      reason: 'could not list the comments of pull request #99999: GitHub answered 404: Not Found',
    });
  });
});

describe('the comment body', () => {
  it('starts with the marker, has a section per model and a failed model says why', () => {
    const text = boardCommentOf(
      [{ markdown: '### fraud-detection: challenger 2.5.0\n' }, { model: 'credit <b>', unavailable: 'no manifest' }],
      RUN_URL,
    );
    expect(text.split('\n')).toEqual([
      BOARD_VIEW_MARKER,
      '## mlgov board view',
      '',
      '### fraud-detection: challenger 2.5.0',
      '',
      '### credit &lt;b&gt;',
      '',
      'The board view could not be built: no manifest',
      '',
      `_Updated by the mlgov governance gate on each run: [workflow run](${RUN_URL})._`,
      '',
    ]);
  });

  it('stays within GitHub’s limit, leaving out whole sections and saying so', () => {
    const big = { markdown: `### m\n${'x'.repeat(40_000)}\n` };
    const text = boardCommentOf([big, big, big], RUN_URL);
    expect(text.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(text).toContain(
      "_2 more section(s) left out: the comment would exceed GitHub's limit; see the job summary._",
    );
  });
});
