/**
 * `mlgov preflight`'s GitHub token step, against the loopback GitHub API (and the loopback Jira, so the earlier steps
 * pass): each way a workflow's token can be short of what the gate reads gets its own message and fix.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startGitHubServer, type GitHubServer } from '../servers/github-server.js';
import { startJiraServer, type JiraServer } from '../servers/jira-server.js';
import { approvedIssue, cloudEnv, API_TOKEN } from '../jira/fixtures.js';
import { EMAIL } from '../jira/fixtures.js';
import { runMlgov } from '../support/cli-io.js';
import { createReleaseRepo } from '../support/example-release.js';
import type { TempRepo } from '../support/git-repo.js';

const TOKEN = 'ghs_preflightToken0000000000000000000001';

interface Step {
  id: string;
  status: string;
  message: string;
  fix?: string;
}

let repo: TempRepo;
let jira: JiraServer;
let github: GitHubServer;

beforeEach(async () => {
  repo = createReleaseRepo();
  jira = await startJiraServer({ cloud: { email: EMAIL, apiToken: API_TOKEN } });
  jira.addIssue(approvedIssue());
  github = await startGitHubServer();
  github.state.repositories.add('acme/fraud-models');
});
afterEach(async () => {
  await github.close();
  await jira.close();
  repo.remove();
});

async function preflight(env: Record<string, string>): Promise<{ code: number; steps: Step[]; raw: string }> {
  const run = await runMlgov(['preflight', '--base', 'main', '--format', 'json'], {
    cwd: repo.dir,
    env: { ...cloudEnv(jira), GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'acme/fraud-models', ...env },
  });
  const raw = run.stdout + run.stderr;
  expect(raw).not.toContain(TOKEN);
  return { code: run.code, steps: (JSON.parse(run.stdout) as { steps: Step[] }).steps, raw };
}

const githubStep = (steps: Step[]) => steps.find((s) => s.id === 'github');

describe('mlgov preflight: the GitHub token', () => {
  it('passes when the token reads the repository and its pull requests, and says statuses: write is checked on post', async () => {
    const r = await preflight({ GITHUB_TOKEN: TOKEN });
    expect(r.code).toBe(0);
    expect(githubStep(r.steps)).toMatchObject({ status: 'ok', message: expect.stringContaining('statuses: write') });
    const calls = github.requests.map((q) => `${q.method} ${q.path}`);
    expect(calls).toEqual(['GET /repos/acme/fraud-models', 'GET /repos/acme/fraud-models/pulls']);
    expect(github.requests.every((q) => q.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('says the token cannot read the repository (404) and which permission to grant', async () => {
    const r = await preflight({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'acme/other' });
    expect(r.code).toBe(2);
    expect(githubStep(r.steps)).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('reading acme/other: 404'),
      fix: expect.stringContaining('contents: read'),
    });
  });

  it('names pull-requests: read when the token may not list pull requests (403 with the accepted permission)', async () => {
    github.state.pullList = 'forbidden';
    const r = await preflight({ GITHUB_TOKEN: TOKEN });
    expect(r.code).toBe(2);
    const step = githubStep(r.steps);
    expect(step).toMatchObject({ status: 'fail', fix: expect.stringContaining('pull-requests: read') });
    expect(step?.message).toContain('403: Resource not accessible by integration');
    expect(step?.message).toContain('pull_requests=read');
  });

  it('reports an unreachable GitHub API distinctly', async () => {
    const url = github.url;
    // The replacement starts before the old server closes, so it cannot be given the port the probe talks to.
    const replacement = await startGitHubServer(); // afterEach closes this one
    await github.close();
    github = replacement;
    const r = await preflight({ GITHUB_TOKEN: TOKEN, GITHUB_API_URL: url });
    expect(r.code).toBe(2);
    expect(githubStep(r.steps)).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('GitHub could not be reached'),
      fix: expect.stringContaining('GITHUB_API_URL'),
    });
  });

  it('does not check GitHub without a token, and warns when GITHUB_REPOSITORY is not owner/repo', async () => {
    const none = await preflight({});
    expect(none.code).toBe(0);
    expect(githubStep(none.steps)).toMatchObject({
      status: 'skip',
      message: 'not checked: no GITHUB_TOKEN in the environment (the action needs it for statuses and reviews).',
    });
    const bad = await preflight({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'just-a-name' });
    expect(githubStep(bad.steps)).toMatchObject({ status: 'warn', fix: expect.stringContaining('owner/repo') });
    expect(github.requests).toHaveLength(0);
  });
});
