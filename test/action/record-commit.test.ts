import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  commitAuditEvents,
  planLogCommit,
  recordCommitMessage,
  RecordCommitError,
  type LogBranch,
  type LogRecord,
} from '../../src/action/record-commit.js';
import { buildReleaseRecordEvents, type RecordFacts } from '../../src/action/record-plan.js';
import { openGitHubClient } from '../../src/adapters/github-api.js';
import { CONTENTS_WRITE_FIX, openGitDataBranch } from '../../src/adapters/github-git-data.js';
import type { AuditEventInput } from '../../src/evidence/audit-log.js';
import { buildChainedEvent, formatAuditLine, verifyAuditLog } from '../../src/evidence/hash-chain.js';
import type { Report } from '../../src/release/report.js';
import { startGitHubServer, type GitHubServer } from '../servers/github-server.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { passingReport } from './report-fixtures.js';

const TOKEN = 'ghs_record_commit_token_0001';
const LOG = 'artifacts/audit-log.jsonl';
const FACTS: RecordFacts = {
  actor: 'carol',
  commit: 'c'.repeat(40),
  runUrl: 'https://github.com/acme/fraud-models/actions/runs/4242',
};
const AT = '2026-11-23T12:00:00.000Z';

let github: GitHubServer;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  github = await startGitHubServer();
});

afterAll(async () => {
  await github.close();
  for (const c of cleanups) c();
});

/** A promote of `version` planned by record mode's own planner, against whatever log it is given. */
function recordOf(version: string, model = 'fraud-detection'): LogRecord {
  const report: Report = { ...passingReport(), model: { name: model, version, baseVersion: '0.1.0' } };
  return {
    path: LOG,
    label: `${model} ${version}`,
    plan: (existing) =>
      buildReleaseRecordEvents({ report, release: {}, existing, facts: FACTS }).map((e): AuditEventInput => ({
        ...e,
        at: AT,
      })),
  };
}

/** The log text with `records`' events appended (what another record run would have committed). */
function logWith(text: string, ...records: LogRecord[]): string {
  return planLogCommit(records, new Map([[LOG, text]])).files[0]!.text;
}

interface Remote {
  /** The bare repository the loopback GitHub serves. */
  bare: string;
  /** A clone to make "other people's" commits in. */
  work: TempRepo;
  head(): string;
  log(): string;
  /** Commits `text` as the audit log in the clone and pushes it to the bare repository. */
  pushLog(text: string, message: string): string;
}

let nextRepo = 1;

/** A bare repository with one commit holding a model file and, when given, the audit log; served as acme/<name>. */
function createRemote(initialLog?: string): Remote & { repo: string } {
  const work = createTempRepo('mlgov-record-work-');
  const bare = mkdtempSync(join(tmpdir(), 'mlgov-record-bare-'));
  cleanups.push(
    () => work.remove(),
    () => rmSync(bare, { recursive: true, force: true }),
  );
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
  execFileSync('mkdir', ['-p', join(work.dir, 'model'), join(work.dir, 'artifacts')]);
  execFileSync('sh', ['-c', `printf '{"name":"fraud-detection"}\\n' > model/manifest.json`], { cwd: work.dir });
  if (initialLog !== undefined) writeLog(work, initialLog);
  work.commitAll('Release fraud-detection 2.4.0');
  work.git('remote', 'add', 'origin', bare);
  work.git('push', '-q', 'origin', 'main');
  const repo = `fraud-models-${nextRepo++}`;
  github.addGitRepository('acme', repo, bare);
  const git = (...args: string[]) =>
    execFileSync('git', ['--git-dir', bare, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return {
    repo,
    bare,
    work,
    head: () => git('rev-parse', 'refs/heads/main').trim(),
    log: () => git('show', `refs/heads/main:${LOG}`),
    pushLog(text, message) {
      work.git('pull', '-q', '--ff-only', 'origin', 'main');
      writeLog(work, text);
      const sha = work.commitAll(message);
      work.git('push', '-q', 'origin', 'main');
      return sha;
    },
  };
}

function writeLog(repo: TempRepo, text: string): void {
  execFileSync('sh', ['-c', `cat > ${LOG}`], { cwd: repo.dir, input: text });
}

function branchOf(remote: { repo: string }, branch = 'main'): LogBranch {
  const client = openGitHubClient({ token: TOKEN, baseUrl: github.url });
  return openGitDataBranch(client, { owner: 'acme', repo: remote.repo }, branch, [TOKEN]);
}

const options = { message: (events: Parameters<typeof recordCommitMessage>[0]) => recordCommitMessage(events, FACTS) };

function changedFiles(bare: string, sha: string): string[] {
  return execFileSync('git', ['--git-dir', bare, 'diff-tree', '--no-commit-id', '--name-only', '-r', `${sha}^`, sha], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n');
}

describe('record commit through the Git Data API (loopback GitHub over a real bare repository)', () => {
  it("commits the event, and only the audit log, on the branch's head", async () => {
    const remote = createRemote();
    const before = remote.head();
    const outcome = await commitAuditEvents(branchOf(remote), [recordOf('2.4.0')], options);
    expect(outcome).toMatchObject({ kind: 'committed', parent: before, attempts: 1 });
    const sha = outcome.kind === 'committed' ? outcome.sha : '';
    expect(remote.head()).toBe(sha);
    expect(changedFiles(remote.bare, sha)).toEqual([LOG]);
    const verified = verifyAuditLog(remote.log());
    expect(verified.ok).toBe(true);
    expect(verified.events.map((e) => [e.seq, e.action, e.model, e.version, e.at])).toEqual([
      [1, 'promote', 'fraud-detection', '2.4.0', AT],
    ]);
    const message = execFileSync('git', ['--git-dir', remote.bare, 'log', '-1', '--format=%an%n%B', sha], {
      encoding: 'utf8',
    });
    expect(message.split('\n').slice(0, 2)).toEqual([
      'github-actions[bot]',
      'mlgov: record promote fraud-detection 2.4.0',
    ]);
    expect(message).not.toMatch(/skip ci|ci skip|no_ci/i);
    // The ref was moved without force, and the token went only into the Authorization header.
    const patch = github.requests.find((r) => r.method === 'PATCH' && r.path.includes(`/${remote.repo}/git/refs/`));
    expect(patch!.body).toEqual({ sha, force: false });
    expect(github.requests.every((r) => !JSON.stringify(r.body ?? '').includes(TOKEN))).toBe(true);
  });

  it('appends to the log the branch already has, chained onto its last event', async () => {
    const earlier = logWith('', recordOf('2.3.0'));
    const remote = createRemote(earlier);
    const outcome = await commitAuditEvents(branchOf(remote), [recordOf('2.4.0')], options);
    expect(outcome.kind).toBe('committed');
    const log = remote.log();
    expect(log.startsWith(earlier)).toBe(true);
    const verified = verifyAuditLog(log);
    expect(verified.ok).toBe(true);
    expect(verified.events.map((e) => e.version)).toEqual(['2.3.0', '2.4.0']);
  });

  it('reads the moved branch again, re-plans and re-chains: both events kept, the chain valid', async () => {
    const remote = createRemote();
    let concurrent = '';
    github.state.beforeRefUpdate = () => {
      // Another merge recorded its own release between this run's read and its update.
      concurrent = remote.pushLog(logWith('', recordOf('1.0.0', 'credit-risk')), 'record credit-risk 1.0.0');
    };
    const outcome = await commitAuditEvents(branchOf(remote), [recordOf('2.4.0')], { ...options, initialDelayMs: 0 });
    expect(outcome).toMatchObject({ kind: 'committed', parent: concurrent, attempts: 2 });
    const verified = verifyAuditLog(remote.log());
    expect(verified.ok).toBe(true);
    expect(verified.events.map((e) => [e.seq, e.model, e.version])).toEqual([
      [1, 'credit-risk', '1.0.0'],
      [2, 'fraud-detection', '2.4.0'],
    ]);
    const refused = github.requests.filter((r) => r.method === 'PATCH' && r.path.includes(`/${remote.repo}/`));
    expect(refused).toHaveLength(2);
  });

  it('commits nothing when the moved head already records the same release (no duplicate)', async () => {
    const remote = createRemote();
    let concurrent = '';
    github.state.beforeRefUpdate = () => {
      // A re-run of the record job (or the CLI) put this very release on the branch first.
      concurrent = remote.pushLog(logWith('', recordOf('2.4.0')), 'record fraud-detection 2.4.0');
    };
    const outcome = await commitAuditEvents(branchOf(remote), [recordOf('2.4.0')], { ...options, initialDelayMs: 0 });
    expect(outcome).toEqual({ kind: 'already-recorded', head: concurrent, attempts: 2 });
    expect(remote.head()).toBe(concurrent);
    expect(verifyAuditLog(remote.log()).events.filter((e) => e.version === '2.4.0')).toHaveLength(1);
  });

  it('fails naming `contents: write` when the token may only read (403), and changes nothing', async () => {
    const remote = createRemote();
    const before = remote.head();
    github.state.gitWrites = 'forbidden';
    try {
      const failure = commitAuditEvents(branchOf(remote), [recordOf('2.4.0')], options);
      await expect(failure).rejects.toMatchObject({
        message:
          'could not create the blob of artifacts/audit-log.jsonl: GitHub answered 403: Resource not accessible by integration',
        status: 403,
        fix: CONTENTS_WRITE_FIX,
      });
    } finally {
      github.state.gitWrites = 'allowed';
    }
    expect(remote.head()).toBe(before);
  });

  it('fails naming the protected branch and the token that may push to it (422), never forcing', async () => {
    const remote = createRemote();
    const before = remote.head();
    github.state.gitWrites = 'protected';
    try {
      await expect(commitAuditEvents(branchOf(remote), [recordOf('2.4.0')], options)).rejects.toMatchObject({
        message:
          'could not move main to the record commit: GitHub answered 422: Protected branch update failed for refs/heads/main.',
        fix: 'the branch is protected: pass a GitHub App or bot token allowed to push to it (`github-token`), or set `record-branch` to an unprotected evidence branch',
      });
    } finally {
      github.state.gitWrites = 'allowed';
    }
    expect(remote.head()).toBe(before);
    const patches = github.requests.filter((r) => r.method === 'PATCH' && r.path.includes(`/${remote.repo}/`));
    expect(patches.map((r) => r.body)).toEqual([expect.objectContaining({ force: false })]);
  });

  it('fails naming the branch when it does not exist (404)', async () => {
    const remote = createRemote();
    await expect(
      commitAuditEvents(branchOf(remote, 'mlgov-evidence'), [recordOf('2.4.0')], options),
    ).rejects.toMatchObject({
      message: 'could not read the branch mlgov-evidence: GitHub answered 404: Not Found',
      status: 404,
      fix: 'make sure the branch mlgov-evidence exists (create an evidence branch once: git push origin <commit>:refs/heads/mlgov-evidence) and the token may read contents (`contents: read`)',
    });
  });

  it('commits to a dedicated evidence branch, leaving the pushed branch alone', async () => {
    const remote = createRemote();
    const main = remote.head();
    execFileSync('git', ['--git-dir', remote.bare, 'branch', 'mlgov-evidence', main]);
    const outcome = await commitAuditEvents(branchOf(remote, 'mlgov-evidence'), [recordOf('2.4.0')], options);
    expect(outcome.kind).toBe('committed');
    expect(remote.head()).toBe(main);
    const log = execFileSync('git', ['--git-dir', remote.bare, 'show', `mlgov-evidence:${LOG}`], { encoding: 'utf8' });
    expect(verifyAuditLog(log).events.map((e) => e.version)).toEqual(['2.4.0']);
  });

  it('never extends a log that does not verify on the branch', async () => {
    const good = logWith('', recordOf('2.3.0'));
    const remote = createRemote(good.replace('"carol"', '"mallory"'));
    const before = remote.head();
    await expect(commitAuditEvents(branchOf(remote), [recordOf('2.4.0')], options)).rejects.toThrow(
      `${LOG} on the branch does not verify: line 1 (seq 1): hash does not match the event's content; the event was edited after it was written`,
    );
    expect(remote.head()).toBe(before);
  });

  it('reads a log over 1 MB, which the contents API serves without content, from the blob API', async () => {
    const records = Array.from({ length: 1400 }, (_, i) => recordOf(`1.${i}.0`));
    const big = logWith('', ...records);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const remote = createRemote(big);
    const outcome = await commitAuditEvents(branchOf(remote), [recordOf('2.4.0')], options);
    expect(outcome.kind).toBe('committed');
    const verified = verifyAuditLog(remote.log());
    expect(verified.ok).toBe(true);
    expect(verified.events).toHaveLength(1401);
    expect(github.requests.some((r) => r.path.startsWith(`/repos/acme/${remote.repo}/git/blobs/`))).toBe(true);
  });
});

describe('record commit loop (the port alone)', () => {
  it('gives up after the bounded attempts, backing off, never forcing', async () => {
    const waits: number[] = [];
    let commits = 0;
    const branch: LogBranch = {
      name: 'main',
      via: 'a test port',
      head: () => Promise.resolve(`${commits}`.padStart(40, '0')),
      readText: () => Promise.resolve(undefined),
      commit: () => {
        commits++;
        return Promise.resolve({ kind: 'moved' });
      },
    };
    const failure = commitAuditEvents(branch, [recordOf('2.4.0')], {
      ...options,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    await expect(failure).rejects.toThrow(RecordCommitError);
    await expect(failure).rejects.toMatchObject({
      message: 'main moved 5 times while the audit event was being committed (other pushes kept landing first)',
      fix: 're-run the record job: it reads the branch again and appends only what is not recorded yet',
    });
    expect(commits).toBe(5);
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
  });

  it('chains two models that share one log one after the other, in one file change', () => {
    const plan = planLogCommit([recordOf('2.4.0'), recordOf('1.0.0', 'credit-risk')], new Map());
    expect(plan.files.map((f) => f.path)).toEqual([LOG]);
    const verified = verifyAuditLog(plan.files[0]!.text);
    expect(verified.ok).toBe(true);
    expect(verified.events.map((e) => [e.seq, e.model])).toEqual([
      [1, 'fraud-detection'],
      [2, 'credit-risk'],
    ]);
  });

  it('writes the same line the workspace append writes for the same plan', () => {
    const [input] = recordOf('2.4.0').plan([]);
    const expected = buildChainedEvent(undefined, {
      at: AT,
      actor: input!.actor,
      action: input!.action,
      model: input!.model,
      version: input!.version,
      reason: input!.reason ?? null,
      ticket: input!.ticket ?? null,
      details: input!.details!,
    });
    expect(planLogCommit([recordOf('2.4.0')], new Map()).files[0]!.text).toBe(formatAuditLine(expected) + '\n');
  });

  it('keeps names inert in the commit message: no [skip ci] can be smuggled in through a model name', () => {
    const [event] = planLogCommit([recordOf('2.4.0', 'fraud [skip ci]\nx')], new Map()).events;
    const message = recordCommitMessage([event!.event], FACTS);
    expect(message.split('\n')[0]).toBe('mlgov: record promote fraud-skip-ci-x 2.4.0');
    expect(message).not.toContain('[skip ci]');
  });
});
