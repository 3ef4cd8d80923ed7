/**
 * The bundled action on a two-model repository (test/support/two-models.ts), end to end against the loopback GitHub
 * and Jira servers: one `governance:check` whose description summarises every model, one job-summary section per
 * judged model, annotations titled with their model, and the `verdicts` output.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { startGitHubServer, type GitHubServer } from '../servers/github-server.js';
import { startJiraServer, type JiraServer } from '../servers/jira-server.js';
import { bundleAction, pullRequestPayload, runAction, type ActionRun } from '../action/action-harness.js';
import { createTwoModelRepo, type TwoModelRepo } from '../support/two-models.js';

const JIRA = { email: 'governance-bot@acme.test', apiToken: 'jira-api-token-e2e-0002' };
const POLICY = '.github/governance-policy.yml';

let bundle: { entry: string; remove(): void };
let github: GitHubServer;
let jira: JiraServer;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  bundle = await bundleAction();
  github = await startGitHubServer();
  jira = await startJiraServer({ cloud: JIRA });
  jira.addIssue({ key: 'MLGOV-123', status: 'Approved', summary: 'Release the models' });
}, 120_000);

afterAll(async () => {
  await github.close();
  await jira.close();
  bundle.remove();
  for (const c of cleanups) c();
});

let nextPr = 300;

/** Runs the action on a pull request whose branch `change` made (one commit on top of the two-model base). */
async function runPullRequest(
  change: (repo: TwoModelRepo) => void,
  inputs: Record<string, string> = {},
): Promise<{ run: ActionRun; repo: TwoModelRepo; statuses: ReturnType<GitHubServer['statusesPosted']> }> {
  const repo = createTwoModelRepo();
  cleanups.push(() => repo.remove());
  change(repo);
  const headCommit = repo.commitAll('MLGOV-123 change the models');
  const number = nextPr++;
  const title = `MLGOV-123 model changes (#${number})`;
  const body = 'Changes the models.';
  github.addPull(
    'acme',
    'fraud-models',
    {
      number,
      title,
      body,
      user: { login: 'carol' },
      head: { ref: 'release', sha: headCommit, repo: { full_name: 'acme/fraud-models', fork: false } },
      base: { ref: 'main', sha: repo.baseCommit, repo: { full_name: 'acme/fraud-models' } },
    },
    ['alice', 'bob', 'dave'].map((login, i) => ({
      id: i + 1,
      user: { login },
      state: 'APPROVED',
      commit_id: headCommit,
    })),
    [{ sha: headCommit, message: 'MLGOV-123 change the models' }],
  );
  github.state.statuses = 'created';
  const before = github.statusesPosted().length;
  const payload = pullRequestPayload({
    owner: 'acme',
    repo: 'fraud-models',
    number,
    title,
    body,
    author: 'carol',
    branch: 'release',
    headSha: headCommit,
    baseSha: repo.baseCommit,
  });
  const run = await runAction({
    entry: bundle.entry,
    workspace: repo.dir,
    apiUrl: github.url,
    eventName: 'pull_request',
    payload,
    inputs: {
      'github-token': 'ghs_e2e_token_0002',
      'jira-base-url': jira.url,
      'jira-email': JIRA.email,
      'jira-api-token': JIRA.apiToken,
      ...inputs,
    },
  });
  cleanups.push(() => rmSync(run.runnerTemp, { recursive: true, force: true }));
  return { run, repo, statuses: github.statusesPosted().slice(before) };
}

const tamperCredit = (repo: TwoModelRepo): void =>
  appendFileSync(join(repo.dir, 'models/credit-scoring/weights/model.onnx'), 'tampered\n');
const touchPolicy = (repo: TwoModelRepo): void => appendFileSync(join(repo.dir, POLICY), '# reviewed\n');
const log = (run: ActionRun): string => run.stdout + run.stderr;

describe('the action on a policy with models:', () => {
  it('posts ONE governance:check summarising both models, a summary section per model, and the verdicts output', async () => {
    const { run, statuses } = await runPullRequest((repo) => {
      touchPolicy(repo);
      tamperCredit(repo);
    });
    expect(run.code).toBe(1);
    expect(statuses.map((s) => [s.context, s.state])).toEqual([
      ['governance:check', 'pending'],
      ['governance:check', 'failure'],
    ]);
    expect(statuses[1]!.description).toBe('2 models: fraud-detection 2.4.0 passed, credit-scoring 1.3.0 failed');

    const headings = run.summary.split('\n').filter((l) => /^#{1,2} /.test(l));
    expect(headings).toEqual([
      '# ❌ mlgov governance gate — 2 models: fraud-detection 2.4.0 passed, credit-scoring 1.3.0 failed',
      '## ✅ mlgov governance gate: passed — `fraud-detection` 2.4.0',
      '## ❌ mlgov governance gate: failed — `credit-scoring` 1.3.0',
    ]);
    expect(run.summary).toContain(
      '**Models judged:** every governed model: the change touches the policy (.github/governance-policy.yml)',
    );
    expect(
      run.summary.trimEnd().endsWith('[Workflow run](https://github.com/acme/fraud-models/actions/runs/4242)'),
    ).toBe(true);

    expect(JSON.parse(run.outputs['verdicts']!)).toEqual({
      'fraud-detection': { version: '2.4.0', verdict: 'pass', judged: true },
      'credit-scoring': { version: '1.3.0', verdict: 'fail', judged: true },
    });
    expect([
      run.outputs['verdict'],
      run.outputs['judged'],
      run.outputs['model-version'],
      run.outputs['jira-ticket'],
    ]).toEqual(['fail', 'true', '', 'MLGOV-123']);

    // Annotations say their model; the step fails naming the model that failed.
    expect(log(run)).toMatch(
      /::error title=\[credit-scoring\] CHECKSUM_MISMATCH \(checksums\),file=models\/credit-scoring\/manifest\.json,line=48,col=17::/,
    );
    expect(log(run)).not.toMatch(/::error title=\[fraud-detection\]/);
    expect(log(run)).toMatch(
      /::notice title=\[fraud-detection\] PROMOTION_UNCHANGED \(promotion\),file=model\/manifest\.json,/,
    );
    expect(log(run)).toContain(
      '::error::the governance gate failed: credit-scoring 1.3.0 failed (SIZE_MISMATCH, CHECKSUM_MISMATCH); see the job summary',
    );

    // The reports on disk: the combined JSON and one SARIF run whose results say their model.
    const report = JSON.parse(readFileSync(run.outputs['report']!, 'utf8')) as { models: Array<{ name: string }> };
    expect(report.models.map((m) => m.name)).toEqual(['fraud-detection', 'credit-scoring']);
    const sarif = JSON.parse(readFileSync(run.outputs['sarif']!, 'utf8')) as Log;
    const errors = sarif.runs[0]!.results!.filter((r) => r.level === 'error');
    expect(errors.map((r) => [r.properties!['model'], r.ruleId])).toEqual([
      ['credit-scoring', 'SIZE_MISMATCH'],
      ['credit-scoring', 'CHECKSUM_MISMATCH'],
    ]);
  });

  it('judges only the touched model, lists the other as not judged, and passes its verdict on', async () => {
    const { run, statuses } = await runPullRequest(tamperCredit);
    expect(run.code).toBe(1);
    expect(statuses.map((s) => s.state)).toEqual(['pending', 'failure']);
    expect(statuses[1]!.description).toBe(
      '1 model: credit-scoring 1.3.0 failed; not judged: fraud-detection (not touched by this change)',
    );
    expect(run.summary).toContain('| `fraud-detection` | — | not judged: not touched by this change |');
    expect(JSON.parse(run.outputs['verdicts']!)).toEqual({
      'credit-scoring': { version: '1.3.0', verdict: 'fail', judged: true },
      'fraud-detection': { verdict: 'untouched', judged: false, reason: 'not touched by this change' },
    });
    expect(run.outputs['model-version']).toBe('1.3.0');
  });

  it('judges one model with the model input, and posts success when it passes', async () => {
    const { run, statuses } = await runPullRequest(tamperCredit, { model: 'fraud-detection' });
    expect(run.code).toBe(0);
    expect(statuses.map((s) => [s.state, s.description])).toEqual([
      ['pending', 'mlgov is judging pull request #' + String(nextPr - 1)],
      ['success', '1 model: fraud-detection 2.4.0 passed'],
    ]);
    expect(JSON.parse(run.outputs['verdicts']!)).toEqual({
      'fraud-detection': { version: '2.4.0', verdict: 'pass', judged: true },
    });
    expect(log(run)).not.toContain('::error');
  });

  it('judges every model with all-models, touched or not', async () => {
    const { run, statuses } = await runPullRequest(tamperCredit, { 'all-models': 'true' });
    expect(run.code).toBe(1);
    expect(statuses[1]!.description).toBe('2 models: fraud-detection 2.4.0 passed, credit-scoring 1.3.0 failed');
    expect(run.summary).toContain('**Models judged:** --all: every governed model');
  });

  it('refuses model and all-models together, naming both inputs', async () => {
    const { run, statuses } = await runPullRequest(touchPolicy, { model: 'fraud-detection', 'all-models': 'true' });
    expect(run.code).toBe(1);
    expect(statuses).toEqual([]);
    expect(log(run)).toContain(
      '::error::mlgov could not complete: inputs model and all-models cannot be used together: pick one',
    );
  });

  it('posts success saying so when the pull request touches no governed model', async () => {
    const { run, statuses } = await runPullRequest((repo) => appendFileSync(join(repo.dir, 'train.py'), '# tidy\n'));
    expect(run.code).toBe(0);
    expect(statuses.map((s) => [s.state, s.description])).toEqual([
      ['pending', 'mlgov is judging pull request #' + String(nextPr - 1)],
      [
        'success',
        'no governed model touched by this change; not judged: fraud-detection, credit-scoring (not touched by this change)',
      ],
    ]);
    expect(run.outputs['verdict']).toBe('pass');
  });
});
