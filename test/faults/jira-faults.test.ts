/**
 * Fault injection between mlgov and Jira: a loopback Jira behind a fault proxy that times out, resets connections,
 * sends malformed JSON, answers 429 with Retry-After (small and absurdly large) and bursts of 5xx. `mlgov check`
 * runs in-process with small transport knobs (MLGOV_JIRA_*). Every fault ends in "could not judge" (exit 2, the
 * `jira` finding named and indeterminate) or, when the fault clears within the retries, in the verdict the release
 * deserves; never a pass without Jira's answer, never a stack trace, never the token in any output.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_TOKEN, approvedIssue, EMAIL } from '../jira/fixtures.js';
import { startJiraServer, type JiraServer } from '../servers/jira-server.js';
import { runMlgov } from '../support/cli-io.js';
import { createReleaseRepo } from '../support/example-release.js';
import { startFaultProxy, type Fault, type FaultProxy } from './fault-proxy.js';
import { LeakWatch, STACK_TRACE } from './leak-watch.js';

let jira: JiraServer;
let proxy: FaultProxy;
let repo: ReturnType<typeof createReleaseRepo>;
let outDir: string;
const watch = new LeakWatch([API_TOKEN, `${EMAIL}:${API_TOKEN}`]);

beforeAll(async () => {
  jira = await startJiraServer({ cloud: { email: EMAIL, apiToken: API_TOKEN } });
  jira.addIssue(approvedIssue());
  proxy = await startFaultProxy(jira.url);
  repo = createReleaseRepo();
  outDir = mkdtempSync(join(tmpdir(), 'mlgov-jira-faults-'));
});
afterAll(async () => {
  await proxy?.close();
  await jira?.close();
  repo?.remove();
  rmSync(outDir, { recursive: true, force: true });
});

const env = (overrides: Record<string, string> = {}) => ({
  JIRA_BASE_URL: proxy.url,
  JIRA_EMAIL: EMAIL,
  JIRA_API_TOKEN: API_TOKEN,
  MLGOV_JIRA_TIMEOUT_MS: '400',
  MLGOV_JIRA_MAX_ATTEMPTS: '3',
  MLGOV_JIRA_RETRY_DELAY_MS: '5',
  MLGOV_JIRA_MAX_DELAY_MS: '50',
  ...overrides,
});

const PR = ['--pr-title', 'MLGOV-123 Release fraud-detection 2.4.0'];

interface Judged {
  code: number;
  jira: { status?: string; findings: Array<{ code: string; indeterminate?: boolean; message: string }> };
  verdict: string;
}

/** Runs the gate once per output format, records every output for the leak search, returns the JSON reading. */
async function gate(label: string, overrides: Record<string, string> = {}): Promise<Judged> {
  const json = await runMlgov(['check', '--format', 'json', ...PR], { cwd: repo.dir, env: env(overrides) });
  watch.add(`${label}: json stdout`, json.stdout);
  watch.add(`${label}: json stderr`, json.stderr);
  for (const format of ['sarif', 'markdown', 'text']) {
    const file = join(outDir, `${label.replace(/\W+/g, '-')}.${format}`);
    const r = await runMlgov(['check', '--format', format, '--output', file, ...PR], {
      cwd: repo.dir,
      env: env(overrides),
    });
    watch.add(`${label}: ${format} stderr`, r.stderr + r.stdout);
    watch.add(`${label}: ${format} report`, readFileSync(file, 'utf8'));
    expect(r.code).toBe(json.code);
  }
  expect(json.stderr + json.stdout).not.toMatch(STACK_TRACE);
  const report = JSON.parse(json.stdout) as {
    verdict: string;
    checks: Array<{ id: string; status?: string; findings: Judged['jira']['findings'] }>;
  };
  const jiraCheck = report.checks.find((c) => c.id === 'jira')!;
  return { code: json.code, jira: { status: jiraCheck.status, findings: jiraCheck.findings }, verdict: report.verdict };
}

function expectCouldNotJudge(j: Judged, code: string): void {
  expect(j.code).toBe(2);
  expect(j.verdict).toBe('fail');
  expect(j.jira.findings.map((f) => [f.code, f.indeterminate])).toContainEqual([code, true]);
}

const faults: Array<{
  name: string;
  fault: Fault;
  count?: number;
  expectCode: string;
  env?: Record<string, string>;
}> = [
  { name: 'every request times out', fault: { kind: 'hang' }, expectCode: 'JIRA_UNREACHABLE' },
  { name: 'every connection is reset', fault: { kind: 'reset' }, expectCode: 'JIRA_UNREACHABLE' },
  {
    name: '200 with malformed JSON',
    fault: { kind: 'malformed' },
    expectCode: 'JIRA_SERVER_ERROR',
  },
  {
    name: '200 with a JSON array instead of an issue',
    fault: { kind: 'malformed', body: '[1,2,3]' },
    expectCode: 'JIRA_SERVER_ERROR',
  },
  {
    name: '429 with Retry-After: 1, always',
    fault: { kind: 'status', status: 429, retryAfter: '1' },
    expectCode: 'JIRA_RATE_LIMITED',
  },
  {
    name: '429 with Retry-After of a day (must not wait a day)',
    fault: { kind: 'status', status: 429, retryAfter: '86400' },
    expectCode: 'JIRA_RATE_LIMITED',
  },
  {
    name: '429 with a Retry-After date far in the future',
    fault: { kind: 'status', status: 429, retryAfter: 'Wed, 21 Oct 2099 07:28:00 GMT' },
    expectCode: 'JIRA_RATE_LIMITED',
  },
  {
    name: '503 burst longer than the retries',
    fault: { kind: 'status', status: 503 },
    expectCode: 'JIRA_SERVER_ERROR',
  },
  {
    name: '500 with an HTML body',
    fault: { kind: 'status', status: 500, body: '<html>oops</html>' },
    expectCode: 'JIRA_SERVER_ERROR',
  },
  { name: '401 (token revoked)', fault: { kind: 'status', status: 401 }, expectCode: 'JIRA_AUTH_FAILED' },
];

describe('Jira faults through mlgov check', () => {
  it('passes with Jira healthy (the control: the faults below are the only difference)', async () => {
    proxy.clear();
    const j = await gate('healthy');
    expect(j.code).toBe(0);
    expect(j.jira.status).toBe('pass');
  });

  for (const f of faults) {
    it(`${f.name}: could not judge, ${f.expectCode}, no pass`, async () => {
      proxy.clear();
      proxy.inject(f.fault, f.count);
      expectCouldNotJudge(await gate(`${f.name} (indeterminate)`, f.env), f.expectCode);
    });
  }

  it('connection refused (nothing listening): could not judge, JIRA_UNREACHABLE', async () => {
    expectCouldNotJudge(await gate('refused', { JIRA_BASE_URL: 'http://127.0.0.1:9' }), 'JIRA_UNREACHABLE');
  });

  it("a 5xx burst shorter than the retries is survived: the gate judges with Jira's real answer", async () => {
    proxy.clear();
    proxy.inject({ kind: 'status', status: 502 }, 2);
    const j = await gate('burst-survived', { MLGOV_JIRA_MAX_ATTEMPTS: '4' });
    expect(j.code).toBe(0);
    expect(j.jira.status).toBe('pass');
    expect(proxy.log.some((l) => l.outcome === 'fault:status')).toBe(true);
  });

  it('a reset then a 429 then success is survived', async () => {
    proxy.clear();
    proxy.inject({ kind: 'reset' }, 1);
    proxy.inject({ kind: 'status', status: 429, retryAfter: '0' }, 1);
    const j = await gate('mixed-survived', { MLGOV_JIRA_MAX_ATTEMPTS: '4' });
    expect(j.code).toBe(0);
  });

  it('no output of any fault run (stdout, stderr, JSON, SARIF, Markdown, text reports) contains the token', () => {
    expect(watch.count).toBeGreaterThan(50);
    expect(watch.leaks()).toEqual([]);
  });
});
