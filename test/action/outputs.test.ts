/**
 * The action's outputs when Jira cannot answer: `jira-ticket` is the manifest's key whether Jira is unreachable, not
 * configured at all, or consulted fine — later steps (a deploy job, a release note) name the ticket the release
 * claims, and the verdict says whether it was verified.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { startGitHubServer, type GitHubServer } from '../servers/github-server.js';
import { bundleAction, pullRequestPayload, runAction, type ActionRun } from './action-harness.js';
import { createGovernedRepo } from './fixtures.js';

let bundle: { entry: string; remove(): void };
let github: GitHubServer;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  bundle = await bundleAction();
  github = await startGitHubServer();
}, 120_000);

afterAll(async () => {
  await github.close();
  bundle.remove();
  for (const c of cleanups) c();
});

/** A loopback port nothing listens on: connections are refused at once. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

let nextPr = 700;

async function runPullRequest(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  const repo = createGovernedRepo();
  cleanups.push(() => repo.remove());
  const number = nextPr++;
  const title = `MLGOV-123 release notes for fraud-detection (#${number})`;
  const body = 'Adds the release notes the board asked for.';
  github.addPull(
    'acme',
    'fraud-models',
    {
      number,
      title,
      body,
      user: { login: 'carol' },
      head: { ref: 'release', sha: repo.headCommit, repo: { full_name: 'acme/fraud-models', fork: false } },
      base: { ref: 'main', sha: repo.baseCommit, repo: { full_name: 'acme/fraud-models' } },
    },
    [
      { id: 1, user: { login: 'alice' }, state: 'APPROVED', commit_id: repo.headCommit },
      { id: 2, user: { login: 'bob' }, state: 'APPROVED', commit_id: repo.headCommit },
      { id: 3, user: { login: 'dave' }, state: 'APPROVED', commit_id: repo.headCommit },
    ],
    [{ sha: repo.headCommit, message: 'MLGOV-123 add release notes' }],
  );
  const run = await runAction({
    entry: bundle.entry,
    workspace: repo.dir,
    apiUrl: github.url,
    eventName: 'pull_request',
    payload: pullRequestPayload({
      owner: 'acme',
      repo: 'fraud-models',
      number,
      title,
      body,
      author: 'carol',
      branch: 'release',
      headSha: repo.headCommit,
      baseSha: repo.baseCommit,
    }),
    inputs: { 'github-token': 'ghs_outputs_token_0001', ...inputs },
    env,
  });
  cleanups.push(() => rmSync(run.runnerTemp, { recursive: true, force: true }));
  return run;
}

describe('the jira-ticket output', () => {
  it('is the manifest key when Jira is not configured (no jira-* inputs): the run could not judge', async () => {
    const run = await runPullRequest({});
    expect(run.outputs['judged']).toBe('false');
    expect(run.outputs['jira-ticket']).toBe('MLGOV-123');
    expect(run.stdout).toContain('::error title=JIRA_NOT_CONFIGURED (jira),file=model/manifest.json,line=58,col=11::');
  });

  it('is the manifest key when Jira is unreachable (connection refused): the run could not judge', async () => {
    const run = await runPullRequest(
      { 'jira-base-url': await closedPortUrl(), 'jira-email': 'bot@acme.test', 'jira-api-token': 'jira-token-x' },
      { MLGOV_JIRA_MAX_ATTEMPTS: '1' },
    );
    expect(run.outputs['judged']).toBe('false');
    expect(run.outputs['jira-ticket']).toBe('MLGOV-123');
    expect(run.stdout).toContain('::error title=JIRA_UNREACHABLE (jira),file=model/manifest.json,line=58,col=11::');
  });
});
