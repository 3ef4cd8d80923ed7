import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGitHubClient } from '../../src/adapters/github-api.js';
import { deepenForParent, ensureCommitPresent, readFirstParent } from '../../src/adapters/github-checkout.js';
import { findPullRequestNumberForCommit, readPullRequestFacts } from '../../src/adapters/github-pull-request.js';
import {
  fitStatusDescription,
  openGitHubStatusPublisher,
  StatusPermissionError,
} from '../../src/adapters/github-status-publisher.js';
import { approvingReviewsOf } from '../../src/release/review-facts.js';
import { startGitHubServer, type GitHubServer, type ReviewFixture } from '../servers/github-server.js';

const HEAD = 'a'.repeat(40);
const OLD = 'b'.repeat(40);
const BASE = 'c'.repeat(40);
const repository = { owner: 'acme', repo: 'fraud-models' };

let server: GitHubServer;
beforeAll(async () => {
  server = await startGitHubServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
  server.state.statuses = 'created';
});

function client() {
  return openGitHubClient({ token: 'ghs_test_token', baseUrl: server.url });
}

describe('status publisher', () => {
  it('posts the status on the given sha with context, description and target_url', async () => {
    await openGitHubStatusPublisher(client(), repository).publish({
      sha: HEAD,
      state: 'pending',
      description: 'mlgov is judging fraud-detection 2.4.0',
      context: 'governance:check',
      targetUrl: 'https://github.com/acme/fraud-models/actions/runs/42',
    });
    const posted = server.requests.filter((r) => r.method === 'POST');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.path).toBe(`/repos/acme/fraud-models/statuses/${HEAD}`);
    expect(posted[0]!.authorization).toBe('token ghs_test_token');
    expect(posted[0]!.body).toEqual({
      state: 'pending',
      context: 'governance:check',
      description: 'mlgov is judging fraud-detection 2.4.0',
      target_url: 'https://github.com/acme/fraud-models/actions/runs/42',
    });
  });

  it('cuts a long description to 140 characters so GitHub does not reject it', async () => {
    const long = 'x'.repeat(300);
    await openGitHubStatusPublisher(client(), repository).publish({
      sha: HEAD,
      state: 'failure',
      description: long,
      context: 'c',
    });
    const body = server.requests[0]!.body as { description: string };
    expect(body.description).toHaveLength(140);
    expect(body.description.endsWith('…')).toBe(true);
    expect(fitStatusDescription('short\n  text')).toBe('short text');
  });

  it('turns a 403 into a StatusPermissionError that names `statuses: write`', async () => {
    server.state.statuses = 'forbidden';
    const publish = openGitHubStatusPublisher(client(), repository).publish({
      sha: HEAD,
      state: 'pending',
      description: 'd',
      context: 'governance:check',
    });
    await expect(publish).rejects.toBeInstanceOf(StatusPermissionError);
    await expect(
      openGitHubStatusPublisher(client(), repository).publish({
        sha: HEAD,
        state: 'pending',
        description: 'd',
        context: 'c',
      }),
    ).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('the token lacks `statuses: write`'),
      fix: expect.stringContaining('permissions: statuses: write'),
    });
  });
});

describe('pull request facts', () => {
  const reviews: ReviewFixture[] = Array.from({ length: 130 }, (_, i) => ({
    id: i + 1,
    user: { login: `user${i}` },
    state: 'COMMENTED' as const,
    commit_id: OLD,
  }));
  reviews.push({
    id: 200,
    user: { login: 'alice' },
    state: 'APPROVED',
    commit_id: HEAD,
    submitted_at: '2026-11-02T10:00:00Z',
  });
  reviews.push({ id: 201, user: null, state: 'APPROVED', commit_id: HEAD });

  it('reads the PR, every page of reviews and the commit messages', async () => {
    server.addPull(
      'acme',
      'fraud-models',
      {
        number: 7,
        title: 'MLGOV-123 promote fraud-detection 2.4.0',
        body: 'Release notes',
        user: { login: 'carol' },
        head: { ref: 'release/2.4.0', sha: HEAD, repo: { full_name: 'acme/fraud-models', fork: false } },
        base: { ref: 'main', sha: BASE, repo: { full_name: 'acme/fraud-models' } },
      },
      reviews,
      [
        { sha: OLD, message: 'Retrain on Oct snapshot' },
        { sha: HEAD, message: 'MLGOV-123 fill checksums' },
      ],
    );
    const facts = await readPullRequestFacts(client(), repository, 7);
    expect(facts).toMatchObject({
      number: 7,
      author: 'carol',
      title: 'MLGOV-123 promote fraud-detection 2.4.0',
      body: 'Release notes',
      branch: 'release/2.4.0',
      headSha: HEAD,
      baseRef: 'main',
      baseSha: BASE,
      fromFork: false,
      commitMessages: ['Retrain on Oct snapshot', 'MLGOV-123 fill checksums'],
    });
    // 131 reviews with a user, over two pages of 100.
    expect(facts.reviews).toHaveLength(131);
    const reviewPages = server.requests.filter((r) => r.path.endsWith('/reviews'));
    expect(reviewPages.map((r) => r.query['page'] ?? '1')).toEqual(['1', '2']);
    expect(facts.reviews!.at(-1)).toEqual({
      id: 200,
      login: 'alice',
      state: 'APPROVED',
      commitId: HEAD,
      submittedAt: '2026-11-02T10:00:00Z',
    });
  });

  it('marks a PR whose head lives in another repository (or a deleted one) as from a fork', async () => {
    server.addPull('acme', 'fraud-models', {
      number: 8,
      title: 't',
      body: null,
      user: { login: 'mallory' },
      head: { ref: 'main', sha: HEAD, repo: { full_name: 'mallory/fraud-models', fork: true } },
      base: { ref: 'main', sha: BASE, repo: { full_name: 'acme/fraud-models' } },
    });
    server.addPull('acme', 'fraud-models', {
      number: 9,
      title: 't',
      body: null,
      user: { login: 'ghost' },
      head: { ref: 'main', sha: OLD, repo: null },
      base: { ref: 'main', sha: BASE, repo: { full_name: 'acme/fraud-models' } },
    });
    expect((await readPullRequestFacts(client(), repository, 8)).fromFork).toBe(true);
    expect((await readPullRequestFacts(client(), repository, 9)).fromFork).toBe(true);
    expect((await readPullRequestFacts(client(), repository, 8)).body).toBe('');
  });

  it('finds the open PR of a head commit', async () => {
    expect(await findPullRequestNumberForCommit(client(), repository, OLD)).toBe(9);
    expect(await findPullRequestNumberForCommit(client(), repository, 'd'.repeat(40))).toBeUndefined();
  });

  it('reports a missing PR as a GitHubApiError with the status', async () => {
    await expect(readPullRequestFacts(client(), repository, 404)).rejects.toMatchObject({
      name: 'GitHubApiError',
      status: 404,
      message: expect.stringContaining('could not read pull request #404: GitHub answered 404'),
    });
  });
});

describe('approving reviews', () => {
  const review = (
    id: number,
    login: string,
    state: ReviewFixture['state'],
    commitId: string,
    submittedAt?: string,
  ) => ({
    id,
    login,
    state,
    commitId,
    ...(submittedAt ? { submittedAt } : {}),
  });

  it('counts only the latest non-comment review of each reviewer, on the head commit', () => {
    const approving = approvingReviewsOf({
      headSha: HEAD,
      reviews: [
        review(1, 'alice', 'APPROVED', HEAD),
        review(2, 'bob', 'APPROVED', OLD),
        review(3, 'erin', 'APPROVED', HEAD),
        review(4, 'erin', 'CHANGES_REQUESTED', HEAD),
        review(5, 'alice', 'COMMENTED', HEAD),
      ],
    });
    expect(approving.map((r) => r.login)).toEqual(['alice']);
  });

  it('knows nothing without reviews or a head', () => {
    expect(approvingReviewsOf({ headSha: HEAD })).toEqual([]);
    expect(approvingReviewsOf({ reviews: [review(1, 'alice', 'APPROVED', HEAD)] })).toEqual([]);
  });
});

describe('fetching the base into a shallow checkout', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    }).trim();

  it('fetches a base commit the one-deep clone lacks, and finds a first parent after deepening', async () => {
    const origin = mkdtempSync(join(tmpdir(), 'mlgov-origin-'));
    const clone = mkdtempSync(join(tmpdir(), 'mlgov-clone-'));
    dirs.push(origin, clone);
    git(origin, 'init', '-q', '-b', 'main');
    git(origin, 'config', 'user.email', 't@example.com');
    git(origin, 'config', 'user.name', 't');
    git(origin, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
    writeFileSync(join(origin, 'a.txt'), '1');
    git(origin, 'add', '.');
    git(origin, 'commit', '-q', '-m', 'base');
    const base = git(origin, 'rev-parse', 'HEAD');
    writeFileSync(join(origin, 'a.txt'), '2');
    git(origin, 'commit', '-q', '-am', 'head');
    git(clone, 'clone', '-q', '--depth=1', `file://${origin}`, '.');
    expect(git(clone, 'rev-parse', '--is-shallow-repository')).toBe('true');
    expect(await readFirstParent(clone, 'HEAD')).toBeUndefined();

    expect(await ensureCommitPresent(clone, base)).toEqual({ kind: 'fetched', depth: 1 });
    expect(await ensureCommitPresent(clone, base)).toEqual({ kind: 'present' });
    expect(git(clone, 'cat-file', '-t', base)).toBe('commit');

    const missing = await ensureCommitPresent(clone, 'e'.repeat(40));
    expect(missing).toMatchObject({ kind: 'unavailable', fix: expect.stringContaining('fetch-depth: 0') });
    expect(await ensureCommitPresent(clone, 'not-a-sha')).toMatchObject({ kind: 'unavailable' });

    const head = git(clone, 'rev-parse', 'HEAD');
    await deepenForParent(clone, head);
    expect(await readFirstParent(clone, head)).toBe(base);
  });
});
