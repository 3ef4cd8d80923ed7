/**
 * Every human judgement bound the same way, through the bundled action run as the runner runs it, against the
 * loopback GitHub and Jira servers (issue 12, principle 2). The reproduced bypass: with `corroborate: github-review`,
 * the PR author records the fairness reviewer's approval of the bias report with `mlgov approve` — the reviewer
 * never looked — and the gate counted it. Now the reviewer's own GitHub approval of the head commit is required, as
 * for the board's approvals; a board member's standing request for changes blocks until dismissed or superseded; and
 * logins compare case-insensitively through the real API path.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync } from 'node:fs';
import { startGitHubServer, type GitHubServer, type ReviewFixture } from '../servers/github-server.js';
import { startJiraServer, type JiraServer } from '../servers/jira-server.js';
import { runMlgov } from '../support/cli-io.js';
import { bundleAction, pullRequestPayload, runAction, type ActionRun } from './action-harness.js';
import { createGovernedRepo, readJson, type GovernedRepo } from './fixtures.js';

const JIRA = { email: 'governance-bot@acme.test', apiToken: 'jira-api-token-judgements-01' };

let bundle: { entry: string; remove(): void };
let github: GitHubServer;
let jira: JiraServer;
const cleanups: Array<() => void> = [];
let nextPr = 700;

beforeAll(async () => {
  bundle = await bundleAction();
  github = await startGitHubServer();
  jira = await startJiraServer({ cloud: JIRA });
  jira.addIssue({ key: 'MLGOV-123', status: 'Approved', summary: 'Promote fraud-detection' });
}, 120_000);

afterAll(async () => {
  await github?.close();
  await jira?.close();
  bundle?.remove();
  for (const c of cleanups) c();
});

interface ReportFile {
  checks: Array<{
    id: string;
    status: string;
    findings: Array<{ code: string; message: string; pointer?: string; line?: number }>;
    details?: Record<string, unknown>;
  }>;
}

/** Runs the action on a PR of `repo` with `reviews`; returns the run, its report and the statuses it posted. */
async function judge(
  repo: GovernedRepo,
  reviews: (repo: GovernedRepo) => ReviewFixture[],
): Promise<{ run: ActionRun; report: ReportFile; statuses: ReturnType<GitHubServer['statusesPosted']> }> {
  const number = nextPr++;
  const title = `MLGOV-123 fraud-detection fairness review (#${number})`;
  const pull = {
    number,
    title,
    body: 'Release.',
    user: { login: 'carol' },
    head: { ref: 'release', sha: repo.headCommit, repo: { full_name: 'acme/fraud-models', fork: false } },
    base: { ref: 'main', sha: repo.baseCommit, repo: { full_name: 'acme/fraud-models' } },
  };
  github.addPull('acme', 'fraud-models', pull, reviews(repo), [{ sha: repo.headCommit, message: title }]);
  const before = github.statusesPosted().length;
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
      body: 'Release.',
      author: 'carol',
      branch: 'release',
      headSha: repo.headCommit,
      baseSha: repo.baseCommit,
    }),
    inputs: {
      'github-token': 'ghs_judgements_token_01',
      'jira-base-url': jira.url,
      'jira-email': JIRA.email,
      'jira-api-token': JIRA.apiToken,
    },
  });
  cleanups.push(() => rmSync(run.runnerTemp, { recursive: true, force: true }));
  const report = JSON.parse(readFileSync(run.outputs['report']!, 'utf8')) as ReportFile;
  return { run, report, statuses: github.statusesPosted().slice(before) };
}

function check(report: ReportFile, id: string): ReportFile['checks'][number] {
  return report.checks.find((c) => c.id === id)!;
}

/**
 * The attack: on the PR branch, carol (the author) records dave's fairness approval herself with `mlgov approve`,
 * which re-binds the manifest, then re-records alice's and bob's manifest approvals the same way. Every digest is
 * bound; only dave never looked.
 */
async function authorRecordsTheFairnessApproval(): Promise<GovernedRepo> {
  const repo = createGovernedRepo({ source: 'manifest', corroborate: 'github-review' });
  cleanups.push(() => repo.remove());
  const approve = async (...args: string[]) => {
    const r = await runMlgov(['approve', ...args], { cwd: repo.dir });
    expect(r.code).toBe(0);
  };
  await approve('--target', 'bias-report', '--approver', 'dave', '--role', 'fairness-reviewer');
  await approve('--approver', 'alice', '--role', 'governance-board');
  await approve('--approver', 'bob', '--role', 'regulatory-affairs');
  repo.headCommit = repo.commitAll('MLGOV-123 record the fairness review');
  return repo;
}

const approved = (login: string, commit: string, id: number): ReviewFixture => ({
  id,
  user: { login },
  state: 'APPROVED',
  commit_id: commit,
});

describe('the fairness review is corroborated like the board’s approvals', () => {
  it('[bypass] a fairness approval the PR author wrote with mlgov approve does not count without the reviewer’s GitHub review', async () => {
    const repo = await authorRecordsTheFairnessApproval();
    const report = readJson<{ approvals: Array<{ approver: string }> }>(repo.dir, 'reports/latest-bias-report.json');
    expect(report.approvals.map((a) => a.approver)).toEqual(['dave']);

    const {
      run,
      report: judged,
      statuses,
    } = await judge(repo, (r) => [approved('alice', r.headCommit, 1), approved('bob', r.headCommit, 2)]);
    expect(run.code).not.toBe(0);
    expect(run.outputs['verdict']).toBe('fail');
    expect(statuses.at(-1)!.state).toBe('failure');
    const bias = check(judged, 'bias');
    expect(bias.status).toBe('fail');
    const f = bias.findings.find((x) => x.code === 'BIAS_APPROVAL_NOT_CORROBORATED')!;
    expect(f.message).toContain('dave has not approved the pull request on GitHub');
    expect(f.pointer).toBe('/approvals/0/approver');
    expect(typeof f.line).toBe('number');
    expect(bias.findings.map((x) => x.code)).toContain('BIAS_APPROVAL_MISSING');
    // The board's approvals were genuinely corroborated: only the fairness review is missing.
    expect(check(judged, 'approvals').status).toBe('pass');
  });

  it('counts the same approval once dave approved the head commit on GitHub (the control)', async () => {
    const repo = await authorRecordsTheFairnessApproval();
    const { run, report } = await judge(repo, (r) => [
      approved('alice', r.headCommit, 1),
      approved('bob', r.headCommit, 2),
      approved('dave', r.headCommit, 3),
    ]);
    expect(check(report, 'bias').findings.filter((f) => /^BIAS_(APPROVAL|REVIEW)/.test(f.code))).toEqual([]);
    expect(check(report, 'approvals').status).toBe('pass');
    expect(check(report, 'bias').details?.['reviewer']).toEqual({ approver: 'dave', counted: true });
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs['verdict']).toBe('pass');
  });

  it('dave’s GitHub approval of an older commit does not corroborate', async () => {
    const repo = await authorRecordsTheFairnessApproval();
    const { report } = await judge(repo, (r) => [
      approved('alice', r.headCommit, 1),
      approved('bob', r.headCommit, 2),
      approved('dave', r.baseCommit, 3),
    ]);
    const f = check(report, 'bias').findings.find((x) => x.code === 'BIAS_APPROVAL_NOT_CORROBORATED')!;
    expect(f.message).toContain(`older commit ${repo.baseCommit.slice(0, 7)}`);
  });
});

describe('a request for changes blocks until withdrawn, through the real API', () => {
  const everyone = (r: GovernedRepo): ReviewFixture[] => [
    approved('alice', r.headCommit, 1),
    approved('bob', r.headCommit, 2),
    approved('dave', r.headCommit, 3),
  ];

  it('bob requested changes on an earlier commit and the author pushed since: still blocks', async () => {
    const repo = createGovernedRepo();
    cleanups.push(() => repo.remove());
    const { run, report } = await judge(repo, (r) => [
      ...everyone(r).filter((x) => x.user?.login !== 'bob'),
      { id: 4, user: { login: 'bob' }, state: 'CHANGES_REQUESTED', commit_id: r.baseCommit },
      { id: 5, user: { login: 'bob' }, state: 'COMMENTED', commit_id: r.headCommit },
    ]);
    expect(run.code).not.toBe(0);
    const approvals = check(report, 'approvals');
    expect(approvals.status).toBe('fail');
    expect(approvals.findings.map((f) => f.code)).toContain('APPROVAL_CHANGES_REQUESTED');
    expect(approvals.findings.find((f) => f.code === 'APPROVAL_CHANGES_REQUESTED')!.message).toContain(
      'bob requested changes on GitHub',
    );
  });

  it('a dismissed request for changes, with approvals given in another case, passes', async () => {
    const repo = createGovernedRepo();
    cleanups.push(() => repo.remove());
    const { run, report } = await judge(repo, (r) => [
      { id: 1, user: { login: 'bob' }, state: 'DISMISSED', commit_id: r.baseCommit },
      approved('ALICE', r.headCommit, 2),
      approved('Bob', r.headCommit, 3),
      approved('DAVE', r.headCommit, 4),
    ]);
    expect(check(report, 'approvals').findings).toEqual([]);
    expect(check(report, 'bias').findings.filter((f) => /^BIAS_(APPROVAL|REVIEW)/.test(f.code))).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs['verdict']).toBe('pass');
  });
});

describe('a check run without a pull request', () => {
  it('cannot green a commit: no reviews to read is "could not judge", posted as error, not success', async () => {
    const repo = createGovernedRepo();
    cleanups.push(() => repo.remove());
    const before = github.statusesPosted().length;
    const run = await runAction({
      entry: bundle.entry,
      workspace: repo.dir,
      apiUrl: github.url,
      eventName: 'workflow_dispatch',
      payload: {},
      inputs: {
        'github-token': 'ghs_judgements_token_01',
        'jira-base-url': jira.url,
        'jira-email': JIRA.email,
        'jira-api-token': JIRA.apiToken,
      },
      env: { GITHUB_SHA: repo.headCommit },
    });
    cleanups.push(() => rmSync(run.runnerTemp, { recursive: true, force: true }));
    const statuses = github.statusesPosted().slice(before);
    expect(statuses.at(-1)).toMatchObject({ sha: repo.headCommit, state: 'error' });
    expect(run.code).not.toBe(0);
    expect(run.outputs['judged']).toBe('false');
    const report = JSON.parse(readFileSync(run.outputs['report']!, 'utf8')) as ReportFile;
    const f = check(report, 'approvals').findings.find((x) => x.code === 'APPROVALS_REVIEWS_UNREADABLE')!;
    expect(f.message).toContain('no pull request was found for this run');
  });
});
