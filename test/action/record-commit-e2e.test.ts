/**
 * Record mode end to end through the bundled action, run the way the runner runs it: the audit event reaches the
 * repository's history (the loopback GitHub's bare repository, or origin through git push), or the job fails saying
 * it did not, with the event still in the evidence bundle.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAuditLog } from '../../src/evidence/hash-chain.js';
import { startGitHubServer, type GitHubServer } from '../servers/github-server.js';
import { startJiraServer, type JiraServer } from '../servers/jira-server.js';
import { bundleAction, runAction, type ActionRun } from './action-harness.js';
import { mergedOnLoopbackGitHub, type GovernedRepo } from './fixtures.js';

const JIRA = { email: 'governance-bot@acme.test', apiToken: 'jira-api-token-e2e-0001' };
const TOKEN = 'ghs_record_e2e_token_0001';
const LOG = 'artifacts/audit-log.jsonl';

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

/** The governed repository, its release merged through PR #90, its origin served by the loopback GitHub. */
const pushedRelease = () => mergedOnLoopbackGitHub(github, cleanups);

async function record(repo: GovernedRepo, inputs: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runAction({
    entry: bundle.entry,
    workspace: repo.dir,
    apiUrl: github.url,
    eventName: 'push',
    payload: { ref: 'refs/heads/main', after: repo.baseCommit },
    inputs: {
      command: 'record',
      'github-token': TOKEN,
      'jira-base-url': jira.url,
      'jira-email': JIRA.email,
      'jira-api-token': JIRA.apiToken,
      ...inputs,
    },
    env: { GITHUB_SHA: repo.baseCommit, GITHUB_REF: 'refs/heads/main' },
  });
  cleanups.push(() => rmSync(run.runnerTemp, { recursive: true, force: true }));
  return run;
}

describe('record mode commits its audit event to the repository', () => {
  it('commits the event through the Git Data API: the branch log verifies and holds it, nothing else changed', async () => {
    const { repo, git } = pushedRelease();
    const run = await record(repo);
    expect(run.stdout + run.stderr).not.toContain('::error::');
    expect(run.code).toBe(0);
    const head = git('rev-parse', 'main').trim();
    expect(run.outputs['record-commit']).toBe(head);
    expect(git('rev-parse', `${head}^`).trim()).toBe(repo.baseCommit);
    expect(git('diff-tree', '--no-commit-id', '--name-only', '-r', repo.baseCommit, head).trim()).toBe(LOG);
    const committed = git('show', `main:${LOG}`);
    const verified = verifyAuditLog(committed);
    expect(verified.ok).toBe(true);
    expect(verified.events).toEqual([
      expect.objectContaining({
        seq: 1,
        action: 'promote',
        model: 'fraud-detection',
        version: '2.3.0',
        ticket: 'MLGOV-123',
      }),
    ]);
    expect(verified.events[0]!.details).toMatchObject({
      commit: repo.baseCommit,
      jira: { key: 'MLGOV-123', status: 'Approved', check: 'pass' },
    });
    // The committed line is the workspace's line, byte for byte (and the outputs name it).
    expect(committed).toBe(readFileSync(join(repo.dir, LOG), 'utf8'));
    expect(run.outputs['audit-event']).toBe(`1:${verified.events[0]!.hash}`);
    expect(run.summary).toContain(`Audit event #1 committed to \`main\` as ${head.slice(0, 12)} (the Git Data API).`);
    expect(git('log', '-1', '--format=%s', head).trim()).toBe('mlgov: record promote fraud-detection 2.3.0');
  });

  it('fails the job when the token may not write, saying the event was NOT committed; the evidence still holds it', async () => {
    const { repo, git } = pushedRelease();
    github.state.gitWrites = 'forbidden';
    let run: ActionRun;
    try {
      run = await record(repo);
    } finally {
      github.state.gitWrites = 'allowed';
    }
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error::the audit event of fraud-detection 2.3.0 was NOT committed to main: could not create the blob of ' +
        'artifacts/audit-log.jsonl: GitHub answered 403: Resource not accessible by integration. It is in the ' +
        'evidence bundle only. Fix: grant `contents: write` to the record job only',
    );
    // The token is only ever told to the runner to mask it.
    const said = (run.stdout + run.stderr).split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(said.join('\n') + run.summary).not.toContain(TOKEN);
    expect(git('rev-parse', 'main').trim()).toBe(repo.baseCommit);
    const evidence = run.outputs['evidence']!;
    const kept = readFileSync(join(evidence, 'audit-log.jsonl'), 'utf8');
    expect(verifyAuditLog(kept).events.map((e) => [e.action, e.version])).toEqual([['promote', '2.3.0']]);
    expect(readdirSync(evidence)).toContain('evidence.json');
  });

  it('with record-commit: off, warns in the summary that the log in git is incomplete', async () => {
    const { repo, git } = pushedRelease();
    const before = github.requests.length;
    const run = await record(repo, { 'record-commit': 'off', 'upload-evidence': 'false' });
    expect(run.code).toBe(0);
    const warning =
      'record-commit is off: the audit event of fraud-detection 2.3.0 was NOT committed, so the audit log in git is ' +
      'incomplete (the event is in the evidence bundle only).';
    expect(run.summary).toContain(`**Warning:** ${warning}`);
    expect(run.stdout).toContain(`::warning::${warning}`);
    expect(git('rev-parse', 'main').trim()).toBe(repo.baseCommit);
    expect(github.requests.slice(before).some((r) => r.path.includes('/git/'))).toBe(false);
  });

  it('commits with git push from the checkout when record-commit is push', async () => {
    const { repo, git } = pushedRelease();
    const before = github.requests.length;
    const run = await record(repo, { 'record-commit': 'push', 'upload-evidence': 'false' });
    expect(run.stdout + run.stderr).not.toContain('::error::');
    expect(run.code).toBe(0);
    const head = git('rev-parse', 'main').trim();
    expect(run.outputs['record-commit']).toBe(head);
    expect(git('diff-tree', '--no-commit-id', '--name-only', '-r', repo.baseCommit, head).trim()).toBe(LOG);
    expect(verifyAuditLog(git('show', `main:${LOG}`)).events.map((e) => e.version)).toEqual(['2.3.0']);
    expect(run.summary).toContain(`committed to \`main\` as ${head.slice(0, 12)} (git push).`);
    expect(github.requests.slice(before).some((r) => r.path.includes('/git/'))).toBe(false);
  });
});
