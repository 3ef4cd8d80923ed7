/** `mlgov preflight` in-process (runCli with a captured CliIo), against a temp git repo and the loopback Jira. */
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jiraProbe, runPreflight } from '../../src/preflight/preflight.js';
import { startJiraServer, type JiraServer } from '../servers/jira-server.js';
import { runMlgov, type CapturedRun } from '../support/cli-io.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { API_TOKEN, EMAIL, PAT, approvedIssue, cloudEnv, dataCenterEnv } from '../jira/fixtures.js';

const POLICY = ['version: 1', 'jira:', '  project: MLGOV', '  allowedStatuses: [Approved, Done]', ''].join('\n');

const MANIFEST = {
  schemaVersion: '1.0',
  name: 'fraud-detection',
  version: '2.4.0',
  owner: 'risk-ml-guild',
  release: { type: 'promotion', reason: 'Quarterly retrain on Oct feature snapshot' },
  provenance: {
    code: { repository: 'https://github.com/acme/fraud-models', commit: '0123456789abcdef0123456789abcdef01234567' },
    training: {
      pipeline: 'fraud-train',
      runId: 'run-1',
      triggeredBy: 'carol',
      startedAt: '2026-10-31T01:00:00Z',
      finishedAt: '2026-10-31T03:10:00Z',
    },
    data: { featureStoreSnapshot: 'fs-2026-10-01' },
    featureSchemaVersion: 'v2',
  },
  artifacts: [{ path: 'model/weights/model.onnx', sha256: 'b'.repeat(64), size: 123456 }],
  evaluation: { evaluatedAt: '2026-10-31T04:00:00Z', metrics: { auc: 0.91 } },
  biasReport: { path: 'reports/latest-bias-report.json', sha256: 'c'.repeat(64) },
  jira: 'MLGOV-123',
};

/** Fast transport for the tests: no real waiting between retries. */
const FAST = { MLGOV_JIRA_RETRY_DELAY_MS: '1', MLGOV_JIRA_MAX_DELAY_MS: '5' };

let repo: TempRepo;
let server: JiraServer;
const runs: CapturedRun[] = [];

function writeRepoFile(rel: string, text: string): void {
  mkdirSync(join(repo.dir, rel, '..'), { recursive: true });
  writeFileSync(join(repo.dir, rel), text);
}

beforeEach(async () => {
  repo = createTempRepo('mlgov-preflight-');
  writeRepoFile('.github/governance-policy.yml', POLICY);
  writeRepoFile('model/manifest.json', JSON.stringify(MANIFEST, null, 2) + '\n');
  repo.commitAll('release');
  server = await startJiraServer({ cloud: { email: EMAIL, apiToken: API_TOKEN }, dataCenter: { pat: PAT } });
  server.addIssue(approvedIssue());
});
afterEach(async () => {
  await server.close();
  repo.remove();
});
afterAll(() => {
  // No token in any captured output of any run.
  const all = JSON.stringify(runs);
  expect(runs.length).toBeGreaterThan(10);
  expect(all).not.toContain(API_TOKEN);
  expect(all).not.toContain(PAT);
  expect(all).not.toContain(Buffer.from(`${EMAIL}:${API_TOKEN}`).toString('base64'));
});

async function preflight(env: Record<string, string>, ...args: string[]): Promise<CapturedRun> {
  const run = await runMlgov(['preflight', '--base', 'main', ...args], { cwd: repo.dir, env: { ...FAST, ...env } });
  runs.push(run);
  return run;
}

interface JsonStep {
  id: string;
  status: string;
  message: string;
  fix?: string;
}
async function preflightJson(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; ok: boolean; failed: string[]; steps: JsonStep[] }> {
  const run = await preflight(env, '--format', 'json', ...args);
  const parsed = JSON.parse(run.stdout) as { ok: boolean; failed: string[]; steps: JsonStep[] };
  return { code: run.code, ...parsed };
}

const statuses = (steps: JsonStep[]) => steps.map((s) => `${s.id}:${s.status}`);

describe('mlgov preflight', () => {
  it('everything in place (Cloud): exit 0, every step ok', async () => {
    const run = await preflight(cloudEnv(server));
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`mlgov preflight — ${repo.dir}`);
    expect(lines.slice(1).map((l) => l.replace(/\s+/g, ' ').trim())).toEqual([
      'ok policy .github/governance-policy.yml parsed and valid (Jira project MLGOV; allowed statuses: Approved, Done).',
      'ok manifest model/manifest.json parsed and valid (jira: MLGOV-123).',
      expect.stringMatching(/^ok git base main resolves to [0-9a-f]{12}\.$/),
      `ok jira config Jira Cloud (REST v3, e-mail + API token) at ${server.url} as ${EMAIL}`,
      `ok jira reachable ${server.url} answers.`,
      'ok jira credentials accepted: authenticated as CI Bot (5b10a2844c20165700ede21g).',
      'ok jira project MLGOV (MLGOV governance) exists.',
      'ok jira ticket MLGOV-123 is readable (status Approved).',
      'skip GitHub token not checked: no GITHUB_TOKEN in the environment (the action needs it for statuses and reviews).',
      'skip S3 connection not checked: the manifest lists no s3:// artifact.',
      'preflight: ready.',
    ]);
    expect(server.requests.map((r) => r.path)).toEqual([
      '/rest/api/3/myself',
      '/rest/api/3/project/MLGOV',
      '/rest/api/3/issue/MLGOV-123',
    ]);
  });

  it('Data Center with a PAT: v2 with Bearer, exit 0', async () => {
    const r = await preflightJson(dataCenterEnv(server));
    expect(r.code).toBe(0);
    expect(r.steps.find((s) => s.id === 'jira-config')?.message).toBe(
      `Jira Data Center (REST v2, personal access token) at ${server.url}`,
    );
    expect(
      server.requests.every((q) => q.path.startsWith('/rest/api/2/') && q.auth === 'bearer' && q.authAccepted),
    ).toBe(true);
  });

  it('Jira not configured: fails jira config with what to set, says what was not checked, and goes on', async () => {
    const r = await preflightJson({});
    expect(r.code).toBe(2);
    expect(r.ok).toBe(false);
    expect(r.failed).toEqual(['jira-config']);
    expect(statuses(r.steps)).toEqual([
      'policy:ok',
      'manifest:ok',
      'git-base:ok',
      'jira-config:fail',
      'jira-reachable:skip',
      'jira-credentials:skip',
      'jira-project:skip',
      'jira-ticket:skip',
      'github:skip',
      's3:skip',
    ]);
    expect(r.steps[3]?.message).toContain('none of JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN, JIRA_PAT is set');
    expect(r.steps[3]?.fix).toContain('JIRA_PAT');
    expect(r.steps[4]?.message).toBe('not checked: Jira is not configured.');
    expect(server.requests).toHaveLength(0);
  });

  it('JIRA_BASE_URL typed without a scheme: the fix gives the https:// address', async () => {
    const host = server.url.replace(/^http:\/\//, '');
    const r = await preflightJson({ ...cloudEnv(server), JIRA_BASE_URL: host });
    expect(r.failed).toEqual(['jira-config']);
    expect(r.steps[3]).toMatchObject({
      message: 'JIRA_BASE_URL has no scheme (https://).',
      fix: `Set JIRA_BASE_URL to https://${host} (tokens are only sent over https).`,
    });
    expect(server.requests).toHaveLength(0);
  });

  it('an issue URL as the base URL is refused, naming the site address', async () => {
    const r = await preflightJson({ ...cloudEnv(server), JIRA_BASE_URL: `${server.url}/browse/MLGOV-123` });
    expect(r.steps[3]).toMatchObject({
      id: 'jira-config',
      status: 'fail',
      fix: `Set JIRA_BASE_URL to the site's address: ${server.url}.`,
    });
  });

  it('--offline runs the local steps and names each network step it skipped, without a request', async () => {
    const run = await preflight(
      { ...cloudEnv(server), GITHUB_TOKEN: 'ghs_unused', GITHUB_REPOSITORY: 'acme/x' },
      '--offline',
    );
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.replace(/\s+/g, ' ').trim());
    expect(lines.slice(4)).toEqual([
      `ok jira config Jira Cloud (REST v3, e-mail + API token) at ${server.url} as ${EMAIL}`,
      'skip jira reachable not checked: needs the network (--offline).',
      'skip jira credentials not checked: needs the network (--offline).',
      'skip jira project not checked: needs the network (--offline).',
      'skip jira ticket not checked: needs the network (--offline).',
      'skip GitHub token not checked whether the token reads acme/x: needs the network (--offline).',
      'skip S3 connection not checked: needs the network (--offline).',
      'preflight: ready.',
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it('--offline without any Jira settings: the Jira steps are skipped, not failed (check --offline needs none)', async () => {
    const r = await preflightJson({}, '--offline');
    expect(r.code).toBe(0);
    expect(r.failed).toEqual([]);
    expect(r.steps[3]).toEqual({
      id: 'jira-config',
      title: 'jira config',
      status: 'skip',
      message:
        'Jira is not configured: none of JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN, JIRA_PAT is set. Not needed with --offline.',
    });
    expect(statuses(r.steps).slice(4)).toEqual([
      'jira-reachable:skip',
      'jira-credentials:skip',
      'jira-project:skip',
      'jira-ticket:skip',
      'github:skip',
      's3:skip',
    ]);
  });

  it('--offline still judges the settings: a base URL without a scheme fails with the https:// hint, exit 2', async () => {
    const run = await preflight({ ...cloudEnv(server), JIRA_BASE_URL: 'jira.example.com' }, '--offline');
    expect(run.code).toBe(2);
    const lines = run.stdout.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
    expect(lines).toContain('FAIL jira config JIRA_BASE_URL has no scheme (https://).');
    expect(lines).toContain('fix: Set JIRA_BASE_URL to https://jira.example.com (tokens are only sent over https).');
    expect(lines.at(-2)).toBe('preflight: 1 step failed (jira config); exit 2.');
    expect(server.requests).toHaveLength(0);
  });

  for (const [page, kind] of [
    ['/browse/MLGOV-1', 'browse'],
    ['/jira/software/projects/MLGOV/boards/1', 'jira/software'],
  ] as const) {
    it(`--offline refuses an issue or board address as the base URL (${page}), the site root as the fix`, async () => {
      const r = await preflightJson(
        { ...cloudEnv(server), JIRA_BASE_URL: `https://x.atlassian.net${page}` },
        '--offline',
      );
      expect(r.code).toBe(2);
      expect(r.failed).toEqual(['jira-config']);
      expect(r.steps[3]).toMatchObject({
        status: 'fail',
        message: `JIRA_BASE_URL is the address of a Jira page (${kind}/...), not of the site.`,
        fix: "Set JIRA_BASE_URL to the site's address: https://x.atlassian.net.",
      });
    });
  }

  it('reports every failure of one run: a broken policy, a missing manifest, a bad base and bad credentials', async () => {
    writeRepoFile('.github/governance-policy.yml', 'version: 1\njira: [unclosed\n');
    repo.git('rm', '-q', '--cached', 'model/manifest.json');
    rmSync(join(repo.dir, 'model/manifest.json'));
    const run = await preflight({ ...cloudEnv(server), JIRA_API_TOKEN: 'not-the-token-42' }, '--base', 'origin/nope');
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('FAIL  policy');
    expect(run.stdout).toContain(
      'FAIL  manifest          model/manifest.json (the default path: the policy is invalid) does not exist.',
    );
    expect(run.stdout).toContain('FAIL  git base');
    expect(run.stdout).toContain('FAIL  jira credentials');
    expect(run.stdout).toContain('skip  jira project      not checked: Jira did not accept the credentials.');
    expect(run.stdout).toContain('preflight: 4 steps failed (policy, manifest, git base, jira credentials); exit 2.');
  });

  it('Cloud token without e-mail: an invalid configuration naming the variable', async () => {
    const r = await preflightJson({ JIRA_BASE_URL: server.url, JIRA_API_TOKEN: API_TOKEN });
    expect(r.failed).toEqual(['jira-config']);
    expect(r.steps[3]?.message).toBe('Jira Cloud needs JIRA_EMAIL and JIRA_API_TOKEN; JIRA_EMAIL is not set.');
  });

  it('a refused connection: fails jira reachable, and the steps after it are not checked', async () => {
    const url = server.url;
    await server.close();
    server = await startJiraServer();
    const run = await preflight(cloudEnv(url));
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(`FAIL  jira reachable`);
    expect(run.stdout).toContain(`Could not reach Jira at ${url} for the current user (/myself) (ECONNREFUSED)`);
    expect(run.stdout).toContain('fix: Check JIRA_BASE_URL');
    expect(run.stdout).toContain('skip  jira credentials  not checked: Jira could not be reached.');
    expect(run.stdout).toContain('preflight: 1 step failed (jira reachable); exit 2.');
  });

  it('401 on Cloud: says the API token or e-mail is wrong and what Cloud needs', async () => {
    const run = await preflight({ ...cloudEnv(server), JIRA_API_TOKEN: 'not-the-token-42' });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('ok    jira reachable');
    expect(run.stdout).toContain(
      'FAIL  jira credentials  401: Jira did not accept the credentials (the API token or e-mail is wrong',
    );
    expect(run.stdout).toContain("Cloud needs JIRA_EMAIL (the Atlassian account's e-mail) + JIRA_API_TOKEN");
    expect(run.stdout).not.toContain('not-the-token-42');
  });

  it('401 on Data Center: says what Data Center needs', async () => {
    const r = await preflightJson({ ...dataCenterEnv(server), JIRA_PAT: 'stale-pat-0001' });
    expect(r.failed).toEqual(['jira-credentials']);
    expect(r.steps.find((s) => s.id === 'jira-credentials')?.fix).toContain('Data Center needs JIRA_PAT');
  });

  it('403: credentials accepted but not permitted', async () => {
    server.failNext(1, { status: 403, message: 'Basic auth with password is not allowed on this instance' });
    const r = await preflightJson(cloudEnv(server));
    expect(r.failed).toEqual(['jira-credentials']);
    expect(r.steps.find((s) => s.id === 'jira-credentials')?.message).toBe(
      '403: the credentials were accepted but this account may not do this (or Jira asks for a CAPTCHA after failed logins). Jira answered 403 Forbidden for the current user (/myself): Basic auth with password is not allowed on this instance',
    );
  });

  it("the policy's project does not exist", async () => {
    writeRepoFile('.github/governance-policy.yml', POLICY.replace('project: MLGOV', 'project: MLGOVX'));
    const r = await preflightJson(cloudEnv(server));
    expect(r.failed).toContain('jira-project');
    const step = r.steps.find((s) => s.id === 'jira-project');
    expect(step?.message).toContain('Project MLGOVX does not exist or the account cannot see it.');
    expect(step?.fix).toContain('jira.project');
  });

  it("the manifest's ticket does not exist", async () => {
    writeRepoFile('model/manifest.json', JSON.stringify({ ...MANIFEST, jira: 'MLGOV-404' }));
    const r = await preflightJson(cloudEnv(server));
    expect(r.failed).toEqual(['jira-ticket']);
    expect(r.steps.find((s) => s.id === 'jira-ticket')?.message).toContain(
      '404: the issue does not exist, or this account may not see it',
    );
  });

  it('a ticket not yet in an allowed status is a warning, not a hard failure', async () => {
    server.addIssue(approvedIssue({ status: 'In Progress' }));
    const r = await preflightJson(cloudEnv(server));
    expect(r.code).toBe(0);
    expect(r.steps.find((step) => step.id === 'jira-ticket')).toMatchObject({
      id: 'jira-ticket',
      status: 'warn',
      message: 'MLGOV-123 is readable but in status "In Progress"; the gate allows only: Approved, Done.',
    });
  });

  it('a policy that does not parse fails, and the Jira steps that need its project are not checked', async () => {
    writeRepoFile('.github/governance-policy.yml', 'version: 1\njira: [unclosed\n');
    const r = await preflightJson(cloudEnv(server));
    expect(r.code).toBe(2);
    expect(r.failed).toEqual(['policy']);
    expect(r.steps[0]?.message).toMatch(/^\.github\/governance-policy\.yml could not be parsed: .*line/);
    expect(r.steps.find((s) => s.id === 'jira-project')?.message).toBe(
      'not checked: the policy is invalid, so its Jira project is unknown.',
    );
    // Only the policy-independent request (/myself): never a project the defaults made up.
    expect(server.requests.map((q) => q.path)).toEqual(['/rest/api/3/myself']);
  });

  it('a policy with an unknown key fails the schema', async () => {
    writeRepoFile('.github/governance-policy.yml', POLICY + 'jiraa: {}\n');
    const r = await preflightJson(cloudEnv(server));
    expect(r.failed).toEqual(['policy']);
    expect(r.steps[0]?.message).toContain('does not match the policy schema');
  });

  it('no policy file is a warning (defaults apply)', async () => {
    repo.git('rm', '-q', '.github/governance-policy.yml');
    const r = await preflightJson(cloudEnv(server));
    expect(r.code).toBe(0);
    expect(r.steps[0]).toMatchObject({ id: 'policy', status: 'warn' });
  });

  it('a missing manifest and an unresolvable base are hard failures', async () => {
    const base = await preflightJson(cloudEnv(server), '--base', 'origin/nope');
    expect(base.failed).toEqual(['git-base']);
    expect(base.steps[2]?.message).toBe('Base revision "origin/nope" is not in this repository.');
    repo.git('rm', '-q', 'model/manifest.json');
    const manifest = await preflightJson(cloudEnv(server));
    // Without a manifest there is no ticket to read: that step fails too, naming why.
    expect(manifest.failed).toEqual(['manifest', 'jira-ticket']);
    expect(manifest.steps.find((s) => s.id === 'jira-ticket')?.message).toBe(
      'The manifest names no Jira ticket ("jira").',
    );
  });

  it('--output writes the report to a file', async () => {
    const run = await preflight(cloudEnv(server), '--output', 'preflight.txt');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(join(repo.dir, 'preflight.txt'), 'utf8')).toContain('preflight: ready.');
  });
});

describe('extension point: probes', () => {
  it('run in order after the repository steps; a failing probe fails preflight and the next still runs', async () => {
    const result = await runPreflight({
      repoRoot: repo.dir,
      baseRef: 'main',
      env: { ...FAST, ...cloudEnv(server) },
      probes: [
        jiraProbe,
        {
          id: 'github-token',
          title: 'github token',
          run: async () => [
            {
              id: 'github-token',
              title: 'github token',
              status: 'fail',
              message: 'GITHUB_TOKEN is not set.',
              fix: 'Pass github-token.',
            },
          ],
        },
        {
          id: 'after',
          title: 'after',
          run: async () => [{ id: 'after', title: 'after', status: 'ok', message: 'still checked' }],
        },
        {
          id: 'throws',
          title: 'throws',
          run: async () => {
            throw new Error('bucket probe crashed');
          },
        },
      ],
    });
    expect(result.ok).toBe(false);
    expect(result.failed).toEqual(['github-token', 'throws']);
    expect(result.steps.at(-1)).toMatchObject({ status: 'fail', message: 'the probe failed: bucket probe crashed' });
    expect(result.steps.map((s) => s.id)).toEqual([
      'policy',
      'manifest',
      'git-base',
      'jira-config',
      'jira-reachable',
      'jira-credentials',
      'jira-project',
      'jira-ticket',
      'github-token',
      'after',
      'throws',
    ]);
  });
});
