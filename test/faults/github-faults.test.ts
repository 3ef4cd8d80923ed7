/**
 * Fault injection between the action and GitHub (and Jira), running the bundled action as the runner does, with a
 * fault proxy in front of the loopback GitHub API: statuses that fail with 5xx, pull request data that is malformed
 * JSON or rate limited (429 with Retry-After), connections reset. The action must fail the step with a clear
 * message and never report a pass it could not post or judge; the tokens are masked (`::add-mask::`) before
 * anything is logged and appear in no output: stdout, stderr, outputs, job summary, reports, SARIF.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { startGitHubServer, type GitHubServer } from '../servers/github-server.js';
import { startJiraServer, type JiraServer } from '../servers/jira-server.js';
import { bundleAction, pullRequestPayload, runAction, type ActionRun } from '../action/action-harness.js';
import { createGovernedRepo } from '../action/fixtures.js';
import { startFaultProxy, type Fault, type FaultProxy } from './fault-proxy.js';
import { LeakWatch, STACK_TRACE } from './leak-watch.js';

const GITHUB_TOKEN = 'ghs_FAULTS_secret_token_7f3a9c1e5b';
const JIRA = { email: 'governance-bot@acme.test', apiToken: 'ATATT-faults-jira-secret-42aa17' };

let bundle: { entry: string; remove(): void };
let github: GitHubServer;
let jira: JiraServer;
let ghProxy: FaultProxy;
let jiraProxy: FaultProxy;
const cleanups: Array<() => void> = [];
const watch = new LeakWatch([
  GITHUB_TOKEN,
  JIRA.apiToken,
  `${JIRA.email}:${JIRA.apiToken}`,
  `x-access-token:${GITHUB_TOKEN}`,
]);
let number = 500;

beforeAll(async () => {
  bundle = await bundleAction();
  github = await startGitHubServer();
  jira = await startJiraServer({ cloud: JIRA });
  jira.addIssue({ key: 'MLGOV-123', status: 'Approved', summary: 'Promote fraud-detection' });
  ghProxy = await startFaultProxy(github.url);
  jiraProxy = await startFaultProxy(jira.url);
}, 120_000);

afterAll(async () => {
  await ghProxy?.close();
  await jiraProxy?.close();
  await github?.close();
  await jira?.close();
  bundle?.remove();
  for (const c of cleanups) c();
});

/** Runs the action on a fresh passing PR with the given faults injected; records every output for the leak search. */
async function runWithFaults(
  label: string,
  gh: Array<[Fault, RegExp, number?]>,
  jf: Array<[Fault, RegExp, number?]> = [],
): Promise<ActionRun> {
  const repo = createGovernedRepo();
  cleanups.push(() => repo.remove());
  const n = number++;
  const title = `MLGOV-123 release notes (#${n})`;
  github.addPull(
    'acme',
    'fraud-models',
    {
      number: n,
      title,
      body: 'Release.',
      user: { login: 'carol' },
      head: { ref: 'release', sha: repo.headCommit, repo: { full_name: 'acme/fraud-models', fork: false } },
      base: { ref: 'main', sha: repo.baseCommit, repo: { full_name: 'acme/fraud-models' } },
    },
    [
      { id: 1, user: { login: 'alice' }, state: 'APPROVED', commit_id: repo.headCommit },
      { id: 2, user: { login: 'bob' }, state: 'APPROVED', commit_id: repo.headCommit },
    ],
    [{ sha: repo.headCommit, message: 'MLGOV-123 release' }],
  );
  ghProxy.clear();
  jiraProxy.clear();
  for (const [f, m, c] of gh) ghProxy.inject(f, c ?? Infinity, m);
  for (const [f, m, c] of jf) jiraProxy.inject(f, c ?? Infinity, m);
  const run = await runAction({
    entry: bundle.entry,
    workspace: repo.dir,
    apiUrl: ghProxy.url,
    eventName: 'pull_request',
    payload: pullRequestPayload({
      owner: 'acme',
      repo: 'fraud-models',
      number: n,
      title,
      body: 'Release.',
      author: 'carol',
      branch: 'release',
      headSha: repo.headCommit,
      baseSha: repo.baseCommit,
    }),
    inputs: {
      'github-token': GITHUB_TOKEN,
      'jira-base-url': jiraProxy.url,
      'jira-email': JIRA.email,
      'jira-api-token': JIRA.apiToken,
    },
    env: {
      MLGOV_JIRA_TIMEOUT_MS: '500',
      MLGOV_JIRA_MAX_ATTEMPTS: '2',
      MLGOV_JIRA_RETRY_DELAY_MS: '5',
      MLGOV_JIRA_MAX_DELAY_MS: '20',
    },
  });
  cleanups.push(() => rmSync(run.runnerTemp, { recursive: true, force: true }));
  // The only place a token may appear is the mask command that tells the runner to hide it.
  const unmasked = (t: string) =>
    t
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
  watch.add(`${label}: stdout`, unmasked(run.stdout));
  watch.add(`${label}: stderr`, run.stderr);
  watch.add(`${label}: outputs`, JSON.stringify(run.outputs));
  watch.add(`${label}: summary`, run.summary);
  watch.addTree(`${label}: runner temp`, run.runnerTemp);
  watch.addTree(`${label}: workspace evidence`, `${repo.dir}/artifacts`);
  expect(run.stdout + run.stderr).not.toMatch(STACK_TRACE);
  return run;
}

describe('GitHub and Jira faults through the bundled action', () => {
  it('passes with both services healthy, masking both tokens first (the control)', async () => {
    const run = await runWithFaults('healthy', []);
    expect(run.code).toBe(0);
    expect(run.outputs['verdict']).toBe('pass');
    expect(run.stdout).toContain(`::add-mask::${GITHUB_TOKEN}`);
    expect(run.stdout).toContain(`::add-mask::${JIRA.apiToken}`);
  });

  // `judged`: the release itself could be judged (only posting the status failed), so the verdict output may truthfully
  // say pass while the step fails: without the governance:check status the PR cannot merge.
  const cases: Array<{
    name: string;
    gh?: Array<[Fault, RegExp, number?]>;
    jira?: Array<[Fault, RegExp, number?]>;
    judged?: boolean;
  }> = [
    {
      name: 'commit statuses answer 500 every time',
      gh: [[{ kind: 'status', status: 500 }, /\/statuses\//]],
      judged: true,
    },
    {
      name: 'commit statuses answer 502 then the connection resets',
      gh: [
        [{ kind: 'status', status: 502 }, /\/statuses\//, 1],
        [{ kind: 'reset' }, /\/statuses\//],
      ],
      judged: true,
    },
    {
      name: 'the pull request is malformed JSON',
      gh: [[{ kind: 'malformed', body: '{"number": 1, "head": ' }, /\/pulls\/\d+$/]],
    },
    {
      name: 'reviews are rate limited (429, Retry-After: 1)',
      gh: [
        [{ kind: 'status', status: 429, retryAfter: '1', body: { message: 'API rate limit exceeded' } }, /\/reviews$/],
      ],
    },
    { name: 'reviews reset the connection', gh: [[{ kind: 'reset' }, /\/reviews$/]] },
    // (Jira timing out is covered through the CLI in jira-faults.test.ts, with small transport knobs.)
    { name: 'Jira answers malformed JSON', jira: [[{ kind: 'malformed' }, /./]] },
    { name: 'Jira answers 503 every time', jira: [[{ kind: 'status', status: 503 }, /./]] },
  ];

  for (const c of cases) {
    it(`${c.name}: the step fails with a clear message, never a pass`, async () => {
      const run = await runWithFaults(c.name, c.gh ?? [], c.jira ?? []);
      expect(run.code).not.toBe(0);
      if (!c.judged) expect(run.outputs['verdict']).not.toBe('pass');
      expect(run.stdout + run.stderr).toMatch(/::error[^\n]*::.+/);
    });
  }

  it('no output of any run (stdout beyond the mask commands, stderr, outputs, summary, reports, evidence) contains a token', () => {
    expect(watch.count).toBeGreaterThan(30);
    expect(watch.leaks()).toEqual([]);
  });
});
