/**
 * The bundled action keeps ONE pull-request comment with the board's view (the `mlgov diff --format markdown` of the
 * judged model), end to end against the loopback GitHub and Jira servers: created on the first run, edited in place
 * on the next, never duplicated; with a read-only token the job summary says so and the verdict is unchanged;
 * `board-comment: false` leaves the pull request's comments alone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { BOARD_VIEW_MARKER } from '../../src/render/board-view.js';
import { bundleAction, pullRequestPayload, runAction, type ActionRun } from '../action/action-harness.js';
import { startGitHubServer, type GitHubServer } from '../servers/github-server.js';
import { startJiraServer, type JiraServer } from '../servers/jira-server.js';
import { readJson } from '../support/example-release.js';
import { createTwoModelRepo } from '../support/two-models.js';
import { createPromotionRepo, type PromotionRepo } from './promotion-fixture.js';

const JIRA = { email: 'governance-bot@acme.test', apiToken: 'jira-api-token-board-0001' };
const NUMBER = 501;

let bundle: { entry: string; remove(): void };
let github: GitHubServer;
let jira: JiraServer;
let repo: PromotionRepo;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  bundle = await bundleAction();
  github = await startGitHubServer();
  jira = await startJiraServer({ cloud: JIRA });
  jira.addIssue({ key: 'MLGOV-124', status: 'Approved', summary: 'Promote fraud-detection 2.5.0' });
  repo = await createPromotionRepo();
  const title = 'MLGOV-124 Promote fraud-detection 2.5.0';
  github.addPull(
    'acme',
    'fraud-models',
    {
      number: NUMBER,
      title,
      body: 'Quarterly retrain.',
      user: { login: 'carol' },
      head: { ref: 'release', sha: repo.headCommit, repo: { full_name: 'acme/fraud-models', fork: false } },
      base: { ref: 'main', sha: repo.baseCommit, repo: { full_name: 'acme/fraud-models' } },
    },
    ['alice', 'bob', 'dave'].map((login, i) => ({
      id: i + 1,
      user: { login },
      state: 'APPROVED' as const,
      commit_id: repo.headCommit,
    })),
    [{ sha: repo.headCommit, message: title }],
  );
}, 120_000);

afterAll(async () => {
  await github.close();
  await jira.close();
  bundle.remove();
  repo.remove();
  for (const c of cleanups) c();
});

async function runCheck(
  inputs: Record<string, string> = {},
  on: { dir: string; number: number; headCommit: string; baseCommit: string } = { ...repo, number: NUMBER },
): Promise<ActionRun> {
  const run = await runAction({
    entry: bundle.entry,
    workspace: on.dir,
    apiUrl: github.url,
    eventName: 'pull_request',
    payload: pullRequestPayload({
      owner: 'acme',
      repo: 'fraud-models',
      number: on.number,
      title: 'MLGOV-124 Promote fraud-detection 2.5.0',
      body: 'Quarterly retrain.',
      author: 'carol',
      branch: 'release',
      headSha: on.headCommit,
      baseSha: on.baseCommit,
    }),
    inputs: {
      'github-token': 'ghs_board_token_0001',
      'jira-base-url': jira.url,
      'jira-email': JIRA.email,
      'jira-api-token': JIRA.apiToken,
      ...inputs,
    },
  });
  cleanups.push(() => rmSync(run.runnerTemp, { recursive: true, force: true }));
  return run;
}

const comments = () => github.commentsOf('acme', 'fraud-models', NUMBER);
const commentWrites = () =>
  github.requests.filter((r) => r.path.includes('/comments') && (r.method === 'POST' || r.method === 'PATCH'));

describe('the board comment from the action', () => {
  it('creates one comment with the board view, then updates it in place on the next run', async () => {
    const first = await runCheck();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(comments()).toHaveLength(1);
    const [comment] = comments();
    expect(comment!.user).toEqual({ login: 'github-actions[bot]', type: 'Bot' });
    const lines = comment!.body.split('\n');
    expect(lines.slice(0, 2)).toEqual([BOARD_VIEW_MARKER, '## mlgov board view']);
    expect(lines).toContain(
      '| bias age_band DI ratio | 0.8499 | 0.8225 | -0.0274 (min 0.8) ✓ moved toward threshold, margin 0.0225 |',
    );
    expect(lines).toContain('| feature store snapshot | fs-2026-11-01 | fs-2026-12-01 |');
    expect(lines).toContain(
      `- manifest digest being approved: \`${manifestDigest(readJson<Manifest>(repo.dir, 'model/manifest.json'))}\``,
    );
    expect(first.summary).toContain(
      `The board view is in the pull request's [comment](https://github.com/acme/fraud-models/pull/${NUMBER}#issuecomment-${comment!.id}) (created).`,
    );

    const firstUpdate = comment!.updated_at;
    const second = await runCheck();
    expect(second.code).toBe(0);
    expect(comments()).toHaveLength(1);
    expect(comments()[0]!.id).toBe(comment!.id);
    expect(comments()[0]!.updated_at).not.toBe(firstUpdate);
    expect(second.summary).toContain('(updated).');
    expect(commentWrites().map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /repos/acme/fraud-models/issues/${NUMBER}/comments`,
      `PATCH /repos/acme/fraud-models/issues/comments/${comment!.id}`,
    ]);
  }, 120_000);

  it('with only pull-requests: read, says so in the summary and keeps the verdict', async () => {
    github.state.commentWrites = 'forbidden';
    const before = comments().map((c) => ({ ...c }));
    const run = await runCheck();
    github.state.commentWrites = 'allowed';
    expect(run.code).toBe(0);
    expect(run.outputs['verdict']).toBe('pass');
    expect(github.statusesPosted().at(-1)!.state).toBe('success');
    expect(run.summary).toContain(
      `> [!WARNING]\n> The board view was not written to pull request #${NUMBER}: could not update the board comment on pull request #${NUMBER}: ` +
        'GitHub answered 403: Resource not accessible by integration. Fix: give the job `permissions: pull-requests: write` ' +
        "to keep the board comment, or set `board-comment: false`. The gate's verdict does not depend on it.",
    );
    expect(comments()).toEqual(before);
  }, 120_000);

  it('leaves the comments alone with board-comment: false', async () => {
    github.requests.length = 0;
    const run = await runCheck({ 'board-comment': 'false' });
    expect(run.code).toBe(0);
    expect(github.requests.filter((r) => r.path.includes('/comments'))).toEqual([]);
    expect(run.summary).not.toContain('board view');
  }, 120_000);

  it('keeps one comment with a section per judged model for a policy with models:', async () => {
    const two = createTwoModelRepo();
    cleanups.push(() => two.remove());
    writeFileSync(
      join(two.dir, '.github/governance-policy.yml'),
      readFileSync(join(two.dir, '.github/governance-policy.yml'), 'utf8') + '# reviewed\n',
    );
    const headCommit = two.commitAll('MLGOV-124 touch the policy');
    const number = NUMBER + 1;
    github.addPull('acme', 'fraud-models', {
      number,
      title: 'MLGOV-124 Promote fraud-detection 2.5.0',
      body: 'Quarterly retrain.',
      user: { login: 'carol' },
      head: { ref: 'release', sha: headCommit, repo: { full_name: 'acme/fraud-models', fork: false } },
      base: { ref: 'main', sha: two.baseCommit, repo: { full_name: 'acme/fraud-models' } },
    });
    await runCheck({}, { dir: two.dir, number, headCommit, baseCommit: two.baseCommit });
    const list = github.commentsOf('acme', 'fraud-models', number);
    expect(list).toHaveLength(1);
    const headings = list[0]!.body.split('\n').filter((l) => /^#{2,3} /.test(l));
    expect(headings).toEqual([
      '## mlgov board view',
      expect.stringMatching(/^### fraud-detection: challenger 2\.4\.0 \(working tree\) vs production 2\.4\.0 \(/),
      expect.stringMatching(/^### credit-scoring: challenger 1\.3\.0 \(working tree\) vs production 1\.3\.0 \(/),
    ]);
  }, 120_000);
});
