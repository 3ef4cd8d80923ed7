import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { startGitHubServer, type GitHubServer, type ReviewFixture } from '../servers/github-server.js';
import { startJiraServer, type JiraServer } from '../servers/jira-server.js';
import { bundleAction, pullRequestPayload, runAction, type ActionRun } from './action-harness.js';
import { createGovernedRepo, type GovernedRepo, type PolicyOptions, type ReleaseOptions } from './fixtures.js';

const JIRA = { email: 'governance-bot@acme.test', apiToken: 'jira-api-token-e2e-0001' };
const RUN_URL = 'https://github.com/acme/fraud-models/actions/runs/4242';

let bundle: { entry: string; remove(): void };
let github: GitHubServer;
let jira: JiraServer;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  bundle = await bundleAction();
  github = await startGitHubServer();
  jira = await startJiraServer({ cloud: JIRA });
  jira.addIssue({ key: 'MLGOV-123', status: 'Approved', summary: 'Promote fraud-detection' });
}, 120_000);

afterAll(async () => {
  await github.close();
  await jira.close();
  bundle.remove();
  for (const c of cleanups) c();
});

let nextPr = 100;

interface Scenario {
  policy?: PolicyOptions;
  release?: ReleaseOptions;
  /** Reviews on the PR (default: alice, bob and dave approve the head). */
  reviews?: (repo: GovernedRepo) => ReviewFixture[];
  /** The head lives in another repository. */
  fork?: boolean;
  /** Change the PR branch before the run (a new commit becomes the head). */
  change?: (repo: GovernedRepo) => void;
  statuses?: 'created' | 'forbidden';
  inputs?: Record<string, string>;
  /** Run on `workflow_run` (the trusted half of the fork set-up) instead of `pull_request`. */
  workflowRun?: boolean;
}

async function runPullRequest(scenario: Scenario = {}): Promise<{
  run: ActionRun;
  repo: GovernedRepo;
  number: number;
  statuses: ReturnType<GitHubServer['statusesPosted']>;
}> {
  const repo = createGovernedRepo(scenario.policy, scenario.release);
  cleanups.push(() => repo.remove());
  if (scenario.change) {
    scenario.change(repo);
    repo.headCommit = repo.commitAll('MLGOV-123 change the release');
  }
  const number = nextPr++;
  const headRepository = scenario.fork ? 'mallory/fraud-models' : 'acme/fraud-models';
  const title = `MLGOV-123 release notes for fraud-detection (#${number})`;
  const reviews = scenario.reviews?.(repo) ?? [
    { id: 1, user: { login: 'alice' }, state: 'APPROVED', commit_id: repo.headCommit },
    { id: 2, user: { login: 'bob' }, state: 'APPROVED', commit_id: repo.headCommit },
    // The fairness reviewer corroborates the bias report's approval like the board does the manifest's.
    { id: 3, user: { login: 'dave' }, state: 'APPROVED', commit_id: repo.headCommit },
  ];
  github.addPull(
    'acme',
    'fraud-models',
    {
      number,
      title,
      body: 'Adds the release notes the board asked for.',
      user: { login: 'carol' },
      head: { ref: 'release', sha: repo.headCommit, repo: { full_name: headRepository, fork: scenario.fork ?? false } },
      base: { ref: 'main', sha: repo.baseCommit, repo: { full_name: 'acme/fraud-models' } },
    },
    reviews,
    [{ sha: repo.headCommit, message: 'MLGOV-123 add release notes' }],
  );
  github.state.statuses = scenario.statuses ?? 'created';
  const before = github.statusesPosted().length;
  const payload = pullRequestPayload({
    owner: 'acme',
    repo: 'fraud-models',
    number,
    title,
    body: 'Adds the release notes the board asked for.',
    author: 'carol',
    branch: 'release',
    headSha: repo.headCommit,
    baseSha: repo.baseCommit,
    headRepository,
  });
  const run = await runAction({
    entry: bundle.entry,
    workspace: repo.dir,
    apiUrl: github.url,
    eventName: scenario.workflowRun ? 'workflow_run' : 'pull_request',
    // GitHub leaves workflow_run.pull_requests empty for a fork's PR: the number comes from the input.
    payload: scenario.workflowRun
      ? {
          action: 'completed',
          workflow_run: { id: 99, event: 'pull_request', head_sha: repo.headCommit, pull_requests: [] },
        }
      : payload,
    inputs: {
      'github-token': 'ghs_e2e_token_0001',
      ...(scenario.workflowRun ? { 'pull-request': String(number) } : {}),
      ...(scenario.fork && !scenario.workflowRun
        ? {}
        : { 'jira-base-url': jira.url, 'jira-email': JIRA.email, 'jira-api-token': JIRA.apiToken }),
      ...scenario.inputs,
    },
  });
  cleanups.push(() => rmSync(run.runnerTemp, { recursive: true, force: true }));
  return { run, repo, number, statuses: github.statusesPosted().slice(before) };
}

function log(run: ActionRun): string {
  return run.stdout + run.stderr;
}

describe('pull request mode', () => {
  it('posts pending then success on the PR head, writes outputs, summary and reports for a passing release', async () => {
    const { run, repo, statuses } = await runPullRequest();
    expect(run.code).toBe(0);
    expect(statuses.map((s) => s.state)).toEqual(['pending', 'success']);
    for (const s of statuses) {
      expect(s.sha).toBe(repo.headCommit);
      expect(s.context).toBe('governance:check');
      expect(s.target_url).toBe(RUN_URL);
      expect(s.description!.length).toBeLessThanOrEqual(140);
    }
    expect(statuses[1]!.description).toBe('fraud-detection 2.3.0 passed');
    expect(run.outputs).toMatchObject({
      verdict: 'pass',
      judged: 'true',
      'model-version': '2.3.0',
      'jira-ticket': 'MLGOV-123',
    });
    expect(JSON.parse(readFileSync(run.outputs['report']!, 'utf8'))).toMatchObject({
      verdict: 'pass',
      model: { version: '2.3.0' },
    });
    const sarif = JSON.parse(readFileSync(run.outputs['sarif']!, 'utf8')) as Log;
    expect(sarif.version).toBe('2.1.0');
    expect(run.summary).toContain('## ✅ mlgov governance gate: passed — `fraud-detection` 2.3.0');
    expect(run.summary).toContain('| ✅ | `approvals` |');
    expect(run.summary).toContain('xychart-beta');
    expect(run.summary).toContain('Ticket [MLGOV-123](');
    expect(run.summary).toContain(`[Workflow run](${RUN_URL})`);
    // The token is masked first thing, and every API call carries it.
    expect(run.stdout).toContain('::add-mask::ghs_e2e_token_0001');
    expect(run.stdout).toContain(`::add-mask::${JIRA.apiToken}`);
    expect(
      github.requests
        .filter((r) => r.path.includes('/pulls/'))
        .every((r) => r.authorization === 'token ghs_e2e_token_0001'),
    ).toBe(true);
  });

  it('posts failure with the finding codes and annotates the offending line for a failing release', async () => {
    const { run, repo, statuses } = await runPullRequest({
      change: (r) => writeFileSync(join(r.dir, 'model/weights/model.onnx'), 'tampered weights\n'),
    });
    expect(run.code).toBe(1);
    expect(statuses.map((s) => [s.state, s.sha])).toEqual([
      ['pending', repo.headCommit],
      ['failure', repo.headCommit],
    ]);
    const description = statuses[1]!.description!;
    expect(description.length).toBeLessThanOrEqual(140);
    expect(description).toMatch(/^fraud-detection 2\.3\.0 failed, \d+ errors?: .*CHECKSUM_/);
    expect(run.outputs['verdict']).toBe('fail');
    expect(log(run)).toMatch(
      /::error title=CHECKSUM_[A-Z_]+ \(checksums\),file=model\/manifest\.json,line=\d+,col=\d+::/,
    );
    expect(log(run)).toMatch(/::error::the governance gate failed with \d+ errors? \(.*CHECKSUM_/);
    expect(run.summary).toContain('## ❌ mlgov governance gate: failed');
    expect(run.summary).toMatch(/- ❌ \*\*CHECKSUM_[A-Z_]+\*\* \[checksums\] `model\/manifest\.json:\d+:\d+`/);
  });

  it('fails closed on a fork PR: says why in the summary and posts no status', async () => {
    const { run, statuses } = await runPullRequest({ fork: true });
    expect(run.code).toBe(1);
    expect(statuses).toEqual([]);
    expect(run.summary).toContain('This pull request comes from a fork.');
    expect(run.summary).toContain('workflow_run');
    expect(log(run)).toContain(
      '::error::pull request from a fork: read-only token and no secrets, the gate fails closed',
    );
  });

  it('judges a fork PR in the trusted workflow_run set-up, by the PR number input', async () => {
    const { run, repo, statuses } = await runPullRequest({ fork: true, workflowRun: true });
    expect(run.code).toBe(0);
    expect(statuses.map((s) => [s.state, s.sha])).toEqual([
      ['pending', repo.headCommit],
      ['success', repo.headCommit],
    ]);
    expect(run.summary).not.toContain('This pull request comes from a fork.');
  });

  it('explains a 403 from the statuses API as a missing `statuses: write` permission', async () => {
    const { run, statuses } = await runPullRequest({ statuses: 'forbidden' });
    expect(run.code).toBe(1);
    expect(statuses).toEqual([]);
    const posted = github.requests.filter((r) => r.method === 'POST' && r.path.includes('/statuses/'));
    expect(posted.length).toBeGreaterThan(0);
    expect(log(run)).toContain('the token lacks `statuses: write`');
    expect(log(run)).toContain('permissions: statuses: write');
    expect(run.summary).toContain('the token lacks `statuses: write`');
    // The gate itself still ran and reported.
    expect(run.outputs['verdict']).toBe('pass');
  });

  it('uses the status-context input', async () => {
    const { run, statuses } = await runPullRequest({ inputs: { 'status-context': 'mlgov/fraud' } });
    expect(run.code).toBe(0);
    expect(statuses.map((s) => s.context)).toEqual(['mlgov/fraud', 'mlgov/fraud']);
  });
});

describe('corroboration by GitHub reviews', () => {
  it('does not count a manifest approval without an APPROVED review on the head commit', async () => {
    const { run, statuses } = await runPullRequest({
      policy: { source: 'manifest', corroborate: 'github-review' },
      reviews: (repo) => [{ id: 1, user: { login: 'alice' }, state: 'APPROVED', commit_id: repo.headCommit }],
    });
    expect(run.code).toBe(1);
    expect(statuses.at(-1)!.state).toBe('failure');
    const report = JSON.parse(readFileSync(run.outputs['report']!, 'utf8')) as {
      checks: Array<{ id: string; status: string; findings: Array<{ code: string; message: string }> }>;
    };
    const approvals = report.checks.find((c) => c.id === 'approvals')!;
    expect(approvals.status).toBe('fail');
    expect(approvals.findings.some((f) => f.message.includes('bob'))).toBe(true);
    expect(run.summary).toContain('**Still missing:** regulatory-affairs');
  });

  it('with source github-review, two reviews by the right roster members on the head pass the approvals check', async () => {
    const { run } = await runPullRequest({
      policy: { source: 'github-review', corroborate: 'none' },
      release: { approvers: [] },
    });
    const report = JSON.parse(readFileSync(run.outputs['report']!, 'utf8')) as {
      checks: Array<{ id: string; status: string }>;
    };
    expect(report.checks.find((c) => c.id === 'approvals')!.status).toBe('pass');
    expect(run.code).toBe(0);
    expect(run.summary).toMatch(/\| alice \| governance-board \| github-review \| ✅ \|/);
  });

  it('with source github-review, a review on an older commit does not count', async () => {
    const { run } = await runPullRequest({
      policy: { source: 'github-review', corroborate: 'none' },
      release: { approvers: [] },
      reviews: (repo) => [
        { id: 1, user: { login: 'alice' }, state: 'APPROVED', commit_id: repo.headCommit },
        { id: 2, user: { login: 'bob' }, state: 'APPROVED', commit_id: repo.baseCommit },
      ],
    });
    expect(run.code).toBe(1);
    const report = JSON.parse(readFileSync(run.outputs['report']!, 'utf8')) as {
      checks: Array<{ id: string; status: string }>;
    };
    expect(report.checks.find((c) => c.id === 'approvals')!.status).toBe('fail');
    expect(run.summary).toContain('**Still missing:** regulatory-affairs');
  });
});

describe('record mode', () => {
  it('judges the pushed release against its first parent, appends a promote event and keeps the evidence locally', async () => {
    const repo = createGovernedRepo();
    cleanups.push(() => repo.remove());
    repo.git('checkout', '-q', 'main');
    // The release reached main through PR #90 (a squash merge: the commit on main is the merge commit).
    github.addPull(
      'acme',
      'fraud-models',
      {
        number: 90,
        title: 'MLGOV-123 release fraud-detection 2.3.0',
        body: '',
        user: { login: 'carol' },
        head: { ref: 'release', sha: repo.baseCommit, repo: { full_name: 'acme/fraud-models', fork: false } },
        base: { ref: 'main', sha: repo.baseCommit, repo: { full_name: 'acme/fraud-models' } },
        state: 'closed',
        merged_at: '2026-11-01T12:00:00Z',
        merge_commit_sha: repo.baseCommit,
      },
      [
        { id: 11, user: { login: 'alice' }, state: 'APPROVED', commit_id: repo.baseCommit },
        { id: 12, user: { login: 'bob' }, state: 'APPROVED', commit_id: repo.baseCommit },
        { id: 13, user: { login: 'dave' }, state: 'APPROVED', commit_id: repo.baseCommit },
      ],
      [{ sha: repo.baseCommit, message: 'Release fraud-detection 2.3.0' }],
    );
    const run = await runAction({
      entry: bundle.entry,
      workspace: repo.dir,
      apiUrl: github.url,
      eventName: 'push',
      payload: { ref: 'refs/heads/main', after: repo.baseCommit },
      inputs: {
        command: 'record',
        'record-commit': 'off', // committing the event to history: test/action/record-commit-e2e.test.ts
        'github-token': 'ghs_e2e_token_0001',
        'jira-base-url': jira.url,
        'jira-email': JIRA.email,
        'jira-api-token': JIRA.apiToken,
      },
      env: { GITHUB_SHA: repo.baseCommit },
    });
    cleanups.push(() => rmSync(run.runnerTemp, { recursive: true, force: true }));
    expect(log(run)).not.toContain('::error::');
    expect(run.code).toBe(0);
    const events = readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'promote',
      model: 'fraud-detection',
      version: '2.3.0',
      actor: 'carol',
      ticket: 'MLGOV-123',
    });
    // The record keeps who approved, and how (manifest approvals corroborated by the GitHub reviews above).
    const recorded = (events[0]!['details'] as { approvals: Array<Record<string, unknown>> }).approvals;
    expect(recorded.map((a) => [a['approver'], a['role']]).sort()).toEqual([
      ['alice', 'governance-board'],
      ['bob', 'regulatory-affairs'],
    ]);
    expect(recorded.every((a) => a['corroborated'] === true)).toBe(true);
    expect(run.outputs['audit-event']).toMatch(/^1:[0-9a-f]{64}$|^0:[0-9a-f]{64}$/);
    // No ACTIONS_RUNTIME_TOKEN: the bundle stays in $RUNNER_TEMP/mlgov-evidence and the summary says so.
    const evidence = run.outputs['evidence']!;
    expect(evidence.startsWith(join(run.runnerTemp, 'mlgov-evidence'))).toBe(true);
    expect(readdirSync(evidence).sort()).toEqual(
      [
        'audit-log.jsonl',
        'bias-report.json',
        'evidence.json',
        'governance-policy.yml',
        'manifest.json',
        'report.json',
        'report.sarif',
        'summary.md',
      ].sort(),
    );
    const index = JSON.parse(readFileSync(join(evidence, 'evidence.json'), 'utf8')) as {
      commit: string;
      files: Array<{ path: string; sha256: string }>;
    };
    expect(index.commit).toBe(repo.baseCommit);
    expect((index as unknown as { approvals: unknown[] }).approvals).toEqual(recorded);
    expect(index.files.map((f) => f.path)).toContain('manifest.json');
    expect(run.summary).toContain('no ACTIONS_RUNTIME_TOKEN');
    expect(github.requests.some((r) => r.path === '/repos/acme/fraud-models/pulls/90/reviews')).toBe(true);

    // Recording again does not append a second event for the same version.
    const again = await runAction({
      entry: bundle.entry,
      workspace: repo.dir,
      apiUrl: github.url,
      eventName: 'push',
      payload: {},
      inputs: {
        command: 'record',
        'record-commit': 'off', // committing the event to history: test/action/record-commit-e2e.test.ts
        'github-token': 'ghs_e2e_token_0001',
        'upload-evidence': 'false',
        'jira-base-url': jira.url,
        'jira-email': JIRA.email,
        'jira-api-token': JIRA.apiToken,
      },
      env: { GITHUB_SHA: repo.baseCommit },
    });
    cleanups.push(() => rmSync(again.runnerTemp, { recursive: true, force: true }));
    expect(readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(again.outputs['evidence']).toBeUndefined();
    expect(existsSync(join(again.runnerTemp, 'mlgov-evidence'))).toBe(false);
  });
});

/** The `promote` events of the workspace's audit log (none when there is no log). */
function promoteEvents(dir: string): Array<{ action: string }> {
  const file = join(dir, 'artifacts/audit-log.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { action: string })
    .filter((e) => e.action === 'promote');
}

describe('record mode: a release that bypassed the PR gate', () => {
  const recordInputs = {
    command: 'record',
    'record-commit': 'off', // committing the event to history: test/action/record-commit-e2e.test.ts
    'github-token': 'ghs_e2e_token_0001',
    'upload-evidence': 'false',
    'jira-base-url': '',
    'jira-email': JIRA.email,
    'jira-api-token': JIRA.apiToken,
  };

  it('fails a release pushed to main without a pull request: its approvals were never corroborated', async () => {
    const repo = createGovernedRepo();
    cleanups.push(() => repo.remove());
    repo.git('checkout', '-q', 'main');
    const run = await runAction({
      entry: bundle.entry,
      workspace: repo.dir,
      apiUrl: github.url,
      eventName: 'push',
      payload: { ref: 'refs/heads/main', after: repo.baseCommit },
      inputs: { ...recordInputs, 'jira-base-url': jira.url },
      env: { GITHUB_SHA: repo.baseCommit },
    });
    cleanups.push(() => rmSync(run.runnerTemp, { recursive: true, force: true }));
    expect(run.code).not.toBe(0);
    expect(run.summary).toContain('was pushed without a pull request');
    expect(run.summary).toContain('APPROVAL_NOT_CORROBORATED');
    // What happened is still on record, as a release the gate failed: the auditor sees the bypass.
    expect(promoteEvents(repo.dir)).toEqual([
      expect.objectContaining({
        version: '2.3.0',
        details: expect.objectContaining({ verdict: 'fail', judged: true }),
      }),
    ]);
  });

  it('could not judge (never pass) when the merged pull request cannot be looked up', async () => {
    const repo = createGovernedRepo();
    cleanups.push(() => repo.remove());
    repo.git('checkout', '-q', 'main');
    const run = await runAction({
      entry: bundle.entry,
      workspace: repo.dir,
      apiUrl: `${github.url}/no-such-api`,
      eventName: 'push',
      payload: { ref: 'refs/heads/main', after: repo.baseCommit },
      inputs: { ...recordInputs, 'jira-base-url': jira.url },
      env: { GITHUB_SHA: repo.baseCommit },
    });
    cleanups.push(() => rmSync(run.runnerTemp, { recursive: true, force: true }));
    expect(run.code).not.toBe(0);
    expect(run.summary).toContain('its reviews could not be judged');
    expect(run.summary).toMatch(/could not judge/i);
    expect(promoteEvents(repo.dir)).toEqual([
      expect.objectContaining({ version: '2.3.0', details: expect.objectContaining({ judged: false }) }),
    ]);
  });
});

describe('inputs', () => {
  it('fails with the input to fix on a bad command', async () => {
    const repo = createGovernedRepo();
    cleanups.push(() => repo.remove());
    const run = await runAction({
      entry: bundle.entry,
      workspace: repo.dir,
      apiUrl: github.url,
      eventName: 'pull_request',
      payload: {},
      inputs: { command: 'deploy', 'github-token': 't' },
    });
    cleanups.push(() => rmSync(run.runnerTemp, { recursive: true, force: true }));
    expect(run.code).toBe(1);
    expect(log(run)).toContain(
      '::error::mlgov could not complete: input command must be "check" or "record", not "deploy"',
    );
  });
});
