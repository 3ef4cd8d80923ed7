/**
 * Issue 12, principle 1, through the bundled action as the runner runs it (loopback GitHub and Jira, the board's
 * approvals genuinely corroborated by GitHub reviews on the head commit): what a release is comes from the base, so
 * neither `release.type` nor files the PR puts under `artifacts/` skip a gate. Each attack passed before.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { Report } from '../../src/release/report.js';
import { startGitHubServer, type GitHubServer } from '../servers/github-server.js';
import { startJiraServer, type JiraServer } from '../servers/jira-server.js';
import { runMlgov } from '../support/cli-io.js';
import { bindRelease, readJson, writeJson } from '../support/example-release.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { bundleAction, pullRequestPayload, runAction, type ActionRun } from './action-harness.js';
import { policyYaml, writeRelease } from './fixtures.js';

const JIRA = { email: 'governance-bot@acme.test', apiToken: 'jira-api-token-e2e-0002' };

let bundle: { entry: string; remove(): void };
let github: GitHubServer;
let jira: JiraServer;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  bundle = await bundleAction();
  github = await startGitHubServer();
  jira = await startJiraServer({ cloud: JIRA });
  for (const key of ['MLGOV-123', 'MLGOV-124', 'MLGOV-125']) {
    jira.addIssue({ key, status: 'Approved', summary: `Sign-off ${key}` });
  }
}, 120_000);

afterAll(async () => {
  await github.close();
  await jira.close();
  bundle.remove();
  for (const c of cleanups) c();
});

interface Repo extends TempRepo {
  seed: string;
}

async function mlgov(dir: string, ...args: string[]): Promise<void> {
  const run = await runMlgov(args, { cwd: dir });
  if (run.code !== 0) throw new Error(`mlgov ${args.join(' ')} failed: ${run.stderr}`);
}

/** Production 2.4.0 (MAE 41.2) on `main`, with 2.3.0 archived before it; a `release` branch checked out. */
async function productionRepo(): Promise<Repo & { weights230: Buffer }> {
  const repo = createTempRepo('mlgov-derive-');
  cleanups.push(() => repo.remove());
  writeFileSync(join(repo.dir, 'train.py'), 'print("training code")\n');
  const seed = repo.commitAll('Training code');
  mkdirSync(join(repo.dir, '.github'), { recursive: true });
  writeFileSync(join(repo.dir, '.github/governance-policy.yml'), policyYaml());
  writeRelease(repo.dir, seed);
  repo.commitAll('Release fraud-detection 2.3.0');
  const weights230 = readFileSync(join(repo.dir, 'model/weights/model.onnx'));
  await mlgov(repo.dir, 'archive', '--base', 'main', '--actor', 'carol');
  writeFileSync(join(repo.dir, 'model/weights/model.onnx'), 'onnx-weights-for-fraud-detection-2.4.0\n');
  bindRelease(repo.dir, seed, {
    manifest: (m) => {
      m.version = '2.4.0';
      m.release = { type: 'promotion', reason: 'Retrain on the October feature snapshot' };
      m.jira = 'MLGOV-125';
      m.evaluation.backtest = { ...m.evaluation.backtest!, mae: 41.2, rmse: 58.9 };
    },
  });
  repo.commitAll('MLGOV-125 promote fraud-detection 2.4.0');
  repo.git('checkout', '-q', '-b', 'release');
  return { ...repo, seed, weights230 };
}

/** A challenger 2.5.0 (or `version`) with its own ticket, the production release archived by mlgov archive. */
async function challenger(repo: Repo, edit: (m: Manifest) => void): Promise<void> {
  await mlgov(repo.dir, 'archive', '--base', 'main', '--actor', 'carol');
  bindRelease(repo.dir, repo.seed, {
    manifest: (m) => {
      m.version = '2.5.0';
      m.release = { type: 'promotion', reason: 'Retrain on the November feature snapshot' };
      m.jira = 'MLGOV-124';
      edit(m);
    },
  });
}

/** Twice as bad as production (MAE 80 vs 41.2, every season worse). */
function twiceAsBad(m: Manifest): void {
  m.evaluation.backtest = {
    ...m.evaluation.backtest!,
    mae: 80,
    rmse: 120,
    seasons: { summer: { mae: 81, rmse: 118 }, winter: { mae: 84, rmse: 121 } },
  };
}

/** The manifest approved again by alice and bob, bound to its digest (after mlgov rollback cleared approvals). */
function reapprove(dir: string): void {
  const m = readJson<Manifest>(dir, 'model/manifest.json');
  delete m.approvals;
  const digest = manifestDigest(m);
  const at = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  m.approvals = [
    { approver: 'alice', role: 'governance-board', decision: 'approved', at, manifestDigest: digest },
    { approver: 'bob', role: 'regulatory-affairs', decision: 'approved', at, manifestDigest: digest },
  ];
  writeJson(dir, 'model/manifest.json', m);
}

let nextPr = 700;

/** Commits the PR branch and runs the action on it; alice, bob and dave (fairness) approve the head on GitHub. */
async function runPullRequest(repo: Repo, ticket: string): Promise<{ run: ActionRun; report: Report; head: string }> {
  const head = repo.commitAll(`${ticket} change the release`);
  const base = repo.git('rev-parse', 'main').trim();
  const number = nextPr++;
  const title = `${ticket} fraud-detection release (#${number})`;
  const body = 'The board reviewed this release.';
  github.addPull(
    'acme',
    'fraud-models',
    {
      number,
      title,
      body,
      user: { login: 'carol' },
      head: { ref: 'release', sha: head, repo: { full_name: 'acme/fraud-models', fork: false } },
      base: { ref: 'main', sha: base, repo: { full_name: 'acme/fraud-models' } },
    },
    [
      { id: 1, user: { login: 'alice' }, state: 'APPROVED', commit_id: head },
      { id: 2, user: { login: 'bob' }, state: 'APPROVED', commit_id: head },
      { id: 3, user: { login: 'dave' }, state: 'APPROVED', commit_id: head },
    ],
    [{ sha: head, message: `${ticket} change the release` }],
  );
  github.state.statuses = 'created';
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
      headSha: head,
      baseSha: base,
    }),
    inputs: {
      'github-token': 'ghs_e2e_token_0002',
      'jira-base-url': jira.url,
      'jira-email': JIRA.email,
      'jira-api-token': JIRA.apiToken,
    },
  });
  cleanups.push(() => rmSync(run.runnerTemp, { recursive: true, force: true }));
  const report = JSON.parse(readFileSync(run.outputs['report']!, 'utf8')) as Report;
  return { run, report, head };
}

const findingsOf = (report: Report, id: string) => report.checks.find((c) => c.id === id)?.findings ?? [];
const codesOf = (report: Report, id: string) => findingsOf(report, id).map((f) => f.code);
const failing = (report: Report) => report.checks.filter((c) => c.status === 'fail').map((c) => c.id);

describe('[action] the release kind is derived from the base', () => {
  it('passes a real promotion (control: the set-up itself is sound)', async () => {
    const repo = await productionRepo();
    await challenger(repo, (m) => {
      m.evaluation.backtest = { ...m.evaluation.backtest!, mae: 38, rmse: 55 };
    });
    const { run, report } = await runPullRequest(repo, 'MLGOV-124');
    expect(failing(report)).toEqual([]);
    expect(run.code).toBe(0);
    expect(report.checks.find((c) => c.id === 'promotion')?.details).toMatchObject({ releaseType: 'promotion' });
  }, 60_000);

  it('fails a challenger twice as bad as production 2.4.0 that declares release.type "initial"', async () => {
    const repo = await productionRepo();
    await challenger(repo, (m) => {
      twiceAsBad(m);
      m.release.type = 'initial';
    });
    const { run, report, head } = await runPullRequest(repo, 'MLGOV-124');
    expect(run.code).toBe(1);
    expect(run.outputs['verdict']).toBe('fail');
    expect(failing(report)).toEqual(['promotion']);
    expect(codesOf(report, 'promotion')).toEqual(
      expect.arrayContaining(['RELEASE_TYPE_MISMATCH', 'PROMOTION_INSUFFICIENT_IMPROVEMENT']),
    );
    expect(report.checks.find((c) => c.id === 'promotion')?.details).toMatchObject({
      releaseType: 'promotion',
      declaredType: 'initial',
    });
    expect(run.stdout + run.stderr).toMatch(
      /::error title=RELEASE_TYPE_MISMATCH \(promotion\),file=model\/manifest\.json,line=\d+,col=\d+::/,
    );
    const posted = github.statusesPosted().filter((s) => s.sha === head);
    expect(posted.map((s) => s.state)).toEqual(['pending', 'failure']);
  }, 60_000);

  it('fails a "rollback" to a version never released, whose only proof is a placeholder the PR adds under artifacts/', async () => {
    const repo = await productionRepo();
    await challenger(repo, (m) => {
      twiceAsBad(m);
      m.version = '1.0.0';
      m.evaluation.metrics = { ...m.evaluation.metrics, auc: 0.5 };
      m.release = { type: 'rollback', reason: 'Back to the version that worked' };
    });
    mkdirSync(join(repo.dir, 'artifacts/fraud-detection/1.0.0'), { recursive: true });
    writeFileSync(join(repo.dir, 'artifacts/fraud-detection/1.0.0/placeholder.txt'), 'placeholder\n');
    const { run, report } = await runPullRequest(repo, 'MLGOV-124');
    expect(run.code).toBe(1);
    expect(codesOf(report, 'promotion')).toEqual(
      expect.arrayContaining(['RELEASE_TYPE_MISMATCH', 'PERFORMANCE_THRESHOLD_NOT_MET']),
    );
    expect(codesOf(report, 'promotion')).not.toContain('PROMOTION_ROLLBACK');
    expect(codesOf(report, 'evidence')).toContain('ARCHIVE_UNEXPECTED');
  }, 60_000);

  it('passes a real rollback to the archived 2.3.0 made with mlgov rollback (logged, releaseType rollback)', async () => {
    const repo = await productionRepo();
    writeFileSync(join(repo.dir, 'model/weights/model.onnx'), repo.weights230);
    await mlgov(
      repo.dir,
      'rollback',
      '--to',
      '2.3.0',
      '--reason',
      'AUC dropped 8% on live traffic (INC-42)',
      '--base',
      'main',
      '--actor',
      'carol',
    );
    reapprove(repo.dir);
    const { run, report } = await runPullRequest(repo, 'MLGOV-123');
    expect(failing(report)).toEqual([]);
    expect(run.code).toBe(0);
    expect(codesOf(report, 'promotion')).toEqual(['PROMOTION_ROLLBACK']);
    expect(report.checks.find((c) => c.id === 'promotion')?.details).toMatchObject({ releaseType: 'rollback' });
  }, 60_000);

  it('fails a "rollback" to the archived 2.3.0 shipped with new weights: a promotion reusing a released version', async () => {
    const repo = await productionRepo();
    writeFileSync(join(repo.dir, 'model/weights/model.onnx'), repo.weights230);
    await mlgov(
      repo.dir,
      'rollback',
      '--to',
      '2.3.0',
      '--reason',
      'AUC dropped 8% on live traffic (INC-42)',
      '--base',
      'main',
      '--actor',
      'carol',
    );
    const weights = Buffer.from('weights nobody evaluated\n');
    writeFileSync(join(repo.dir, 'model/weights/model.onnx'), weights);
    const m = readJson<Manifest>(repo.dir, 'model/manifest.json');
    m.artifacts[0]!.sha256 = createHash('sha256').update(weights).digest('hex');
    m.artifacts[0]!.size = weights.length;
    writeJson(repo.dir, 'model/manifest.json', m);
    reapprove(repo.dir);
    const { run, report } = await runPullRequest(repo, 'MLGOV-123');
    expect(run.code).toBe(1);
    expect(codesOf(report, 'promotion')).toContain('RELEASE_TYPE_MISMATCH');
    expect(codesOf(report, 'promotion')).not.toContain('PROMOTION_ROLLBACK');
    expect(codesOf(report, 'version')).toEqual(
      expect.arrayContaining(['VERSION_ALREADY_RELEASED', 'VERSION_NOT_INCREASED']),
    );
  }, 60_000);
});
