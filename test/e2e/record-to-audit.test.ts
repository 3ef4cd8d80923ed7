/**
 * The auditor's story end to end: a release is merged, the bundled action's record job commits its event to the
 * repository's history (the loopback GitHub's bare repository, through the Git Data API), Jira is then switched off,
 * and `mlgov audit` over the quarter, run on a fresh clone of that repository, answers from the repository alone:
 * who approved, what Jira said when the gate read the ticket, and whether the release was forced.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleAction, runAction } from '../action/action-harness.js';
import { mergedOnLoopbackGitHub } from '../action/fixtures.js';
import { startGitHubServer, type GitHubServer } from '../servers/github-server.js';
import { startJiraServer, type JiraServer } from '../servers/jira-server.js';
import { runMlgov } from '../support/cli-io.js';

const JIRA = { email: 'governance-bot@acme.test', apiToken: 'jira-api-token-audit-0001' };
const TOKEN = 'ghs_record_to_audit_0001';

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

const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

describe('record job, then the quarterly audit with Jira switched off', () => {
  it("the merged release's event is in the repository's log, and the audit answers from it alone", async () => {
    const { repo, bare } = mergedOnLoopbackGitHub(github, cleanups);

    const run = await runAction({
      entry: bundle.entry,
      workspace: repo.dir,
      apiUrl: github.url,
      eventName: 'push',
      payload: { ref: 'refs/heads/main', after: repo.baseCommit },
      inputs: {
        command: 'record',
        'github-token': TOKEN,
        'upload-evidence': 'false',
        'jira-base-url': jira.url,
        'jira-email': JIRA.email,
        'jira-api-token': JIRA.apiToken,
      },
      env: { GITHUB_SHA: repo.baseCommit, GITHUB_REF: 'refs/heads/main' },
    });
    cleanups.push(() => rmSync(run.runnerTemp, { recursive: true, force: true }));
    expect(run.code).toBe(0);

    // Jira is gone; the auditor clones the repository and has nothing else.
    await jira.close();
    const clone = tempDir('mlgov-audit-clone-');
    execFileSync('git', ['clone', '-q', '--branch', 'main', bare, clone]);
    const logLine = readFileSync(join(clone, 'artifacts/audit-log.jsonl'), 'utf8');
    expect(logLine).toContain('"action":"promote"');

    const out = join(tempDir('mlgov-audit-out-'), 'q4');
    const audit = await runMlgov(
      ['audit', '--since', '2000-01-01', '--until', '2099-12-31', '--out', out, '--format', 'json'],
      { cwd: clone, env: {} },
    );
    const report = JSON.parse(audit.stdout) as {
      releases: Array<{
        version: string;
        approvers: string[];
        jiraSnapshot: { key: string; status?: string; check: string; readAt: string } | null;
        forced: unknown;
        gaps: Array<{ kind: string; fails: boolean }>;
      }>;
    };
    const [release] = report.releases;
    expect(report.releases).toHaveLength(1);
    expect(release!.version).toBe('2.3.0');
    // "Was it signed off in Jira?": the snapshot the record job kept, with the time the gate read the ticket.
    expect(release!.jiraSnapshot).toMatchObject({ key: 'MLGOV-123', status: 'Approved', check: 'pass' });
    expect(Date.parse(release!.jiraSnapshot!.readAt)).not.toBeNaN();
    // "Was it forced?": no force event for it in the repository's log.
    expect(release!.forced).toBeNull();
    expect(release!.approvers.sort()).toEqual(['alice', 'bob']);
    // The record event is there, and it came from the record job's own commit, not with the merged change.
    expect(release!.gaps.map((g) => g.kind)).not.toContain('no-record-event');
    expect(release!.gaps.map((g) => g.kind)).not.toContain('record-event-from-change');
    expect(audit.stdout + audit.stderr).not.toContain(JIRA.apiToken);
  }, 180_000);
});
