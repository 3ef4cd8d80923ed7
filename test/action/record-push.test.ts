import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  commitAuditEvents,
  planLogCommit,
  recordCommitMessage,
  type LogBranch,
  type LogRecord,
} from '../../src/action/record-commit.js';
import { buildReleaseRecordEvents, type RecordFacts } from '../../src/action/record-plan.js';
import { GitPushError, openPushBranch, PUSH_FIX } from '../../src/adapters/git-push-evidence.js';
import type { AuditEventInput } from '../../src/evidence/audit-log.js';
import { verifyAuditLog } from '../../src/evidence/hash-chain.js';
import type { Report } from '../../src/release/report.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { passingReport } from './report-fixtures.js';

const LOG = 'artifacts/audit-log.jsonl';
const FACTS: RecordFacts = { actor: 'carol', commit: 'c'.repeat(40), runUrl: 'https://github.test/run/1' };
const cleanups: Array<() => void> = [];

afterAll(() => {
  for (const c of cleanups) c();
});

function recordOf(version: string, model = 'fraud-detection'): LogRecord {
  const report: Report = { ...passingReport(), model: { name: model, version, baseVersion: '0.1.0' } };
  return {
    path: LOG,
    label: `${model} ${version}`,
    plan: (existing) =>
      buildReleaseRecordEvents({ report, release: {}, existing, facts: FACTS }).map((e): AuditEventInput => ({
        ...e,
        at: '2026-11-23T12:00:00.000Z',
      })),
  };
}

const options = {
  message: (events: Parameters<typeof recordCommitMessage>[0]) => recordCommitMessage(events, FACTS),
  initialDelayMs: 0,
};

/** `git init --bare` as origin, the runner's checkout cloned from it, and another developer's clone. */
function createOrigin(): { bare: string; workspace: TempRepo; other: TempRepo; git(...args: string[]): string } {
  const bare = mkdtempSync(join(tmpdir(), 'mlgov-push-bare-'));
  cleanups.push(() => rmSync(bare, { recursive: true, force: true }));
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
  const seed = createTempRepo('mlgov-push-seed-');
  cleanups.push(() => seed.remove());
  mkdirSync(join(seed.dir, 'model'));
  writeFileSync(join(seed.dir, 'model/manifest.json'), '{"name":"fraud-detection"}\n');
  seed.commitAll('Release fraud-detection 2.4.0');
  seed.git('push', '-q', bare, 'main');
  const clone = (prefix: string): TempRepo => {
    const repo = createTempRepo(prefix);
    cleanups.push(() => repo.remove());
    repo.git('remote', 'add', 'origin', bare);
    repo.git('fetch', '-q', 'origin');
    repo.git('reset', '-q', '--hard', 'origin/main');
    return repo;
  };
  const git = (...args: string[]) => execFileSync('git', ['--git-dir', bare, ...args], { encoding: 'utf8' });
  return { bare, workspace: clone('mlgov-push-ws-'), other: clone('mlgov-push-other-'), git };
}

describe('record commit with git push (a real bare repository, a clone as the workspace)', () => {
  it('commits only the audit log on the fetched head, leaving the working tree and index alone', async () => {
    const origin = createOrigin();
    const before = origin.git('rev-parse', 'main').trim();
    // An unrelated change in the workspace must not slip into the record commit.
    writeFileSync(join(origin.workspace.dir, 'model/manifest.json'), '{"name":"tampered"}\n');
    origin.workspace.git('add', 'model/manifest.json');
    const outcome = await commitAuditEvents(openPushBranch(origin.workspace.dir, 'main'), [recordOf('2.4.0')], options);
    expect(outcome).toMatchObject({ kind: 'committed', parent: before, attempts: 1 });
    const sha = outcome.kind === 'committed' ? outcome.sha : '';
    expect(origin.git('rev-parse', 'main').trim()).toBe(sha);
    expect(origin.git('diff-tree', '--no-commit-id', '--name-only', '-r', before, sha).trim()).toBe(LOG);
    expect(verifyAuditLog(origin.git('show', `main:${LOG}`)).events.map((e) => e.version)).toEqual(['2.4.0']);
    expect(origin.git('log', '-1', '--format=%an <%ae>', sha).trim()).toBe(
      'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>',
    );
    expect(origin.workspace.git('diff', '--cached', '--name-only').trim()).toBe('model/manifest.json');
    expect(readFileSync(join(origin.workspace.dir, 'model/manifest.json'), 'utf8')).toBe('{"name":"tampered"}\n');
  });

  it('fetches again after a push landed between its fetch and its push: both events kept, chain valid', async () => {
    const origin = createOrigin();
    const real = openPushBranch(origin.workspace.dir, 'main');
    let concurrent = '';
    const branch: LogBranch = {
      ...real,
      head: () => real.head(),
      readText: (c, p) => real.readText(c, p),
      async commit(parent, files, message) {
        if (!concurrent) {
          // Another merge's record job pushes first.
          mkdirSync(join(origin.other.dir, 'artifacts'), { recursive: true });
          const text = planLogCommit([recordOf('1.0.0', 'credit-risk')], new Map()).files[0]!.text;
          writeFileSync(join(origin.other.dir, LOG), text);
          concurrent = origin.other.commitAll('record credit-risk 1.0.0');
          origin.other.git('push', '-q', 'origin', 'main');
        }
        return real.commit(parent, files, message);
      },
    };
    const outcome = await commitAuditEvents(branch, [recordOf('2.4.0')], options);
    expect(outcome).toMatchObject({ kind: 'committed', parent: concurrent, attempts: 2 });
    const verified = verifyAuditLog(origin.git('show', `main:${LOG}`));
    expect(verified.ok).toBe(true);
    expect(verified.events.map((e) => [e.seq, e.model, e.version])).toEqual([
      [1, 'credit-risk', '1.0.0'],
      [2, 'fraud-detection', '2.4.0'],
    ]);
  });

  it('fails with the fix when the server refuses the push (a protected branch), never forcing', async () => {
    const origin = createOrigin();
    const before = origin.git('rev-parse', 'main').trim();
    const hook = join(origin.bare, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "GH006: Protected branch update failed for refs/heads/main." >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const failure = commitAuditEvents(openPushBranch(origin.workspace.dir, 'main'), [recordOf('2.4.0')], options);
    await expect(failure).rejects.toThrow(GitPushError);
    await expect(failure).rejects.toMatchObject({
      message: expect.stringMatching(
        /^could not push the record commit to main: remote: GH006: Protected branch update failed for refs\/heads\/main\./,
      ) as unknown as string,
      fix: PUSH_FIX,
    });
    expect(origin.git('rev-parse', 'main').trim()).toBe(before);
  });

  it('fails naming the branch when origin has no such branch', async () => {
    const origin = createOrigin();
    await expect(
      commitAuditEvents(openPushBranch(origin.workspace.dir, 'mlgov-evidence'), [recordOf('2.4.0')], options),
    ).rejects.toMatchObject({
      message: expect.stringMatching(
        /^could not fetch mlgov-evidence from origin: fatal: couldn't find remote ref/,
      ) as unknown as string,
      fix: "make sure the branch mlgov-evidence exists on origin and the checkout's credentials may read it (`contents: read`, `persist-credentials: true`)",
    });
  });

  it('refuses a symbolic link at the log path on the branch', async () => {
    const origin = createOrigin();
    mkdirSync(join(origin.other.dir, 'artifacts'));
    execFileSync('ln', ['-s', '/etc/passwd', join(origin.other.dir, LOG)]);
    origin.other.commitAll('link the log');
    origin.other.git('push', '-q', 'origin', 'main');
    await expect(
      commitAuditEvents(openPushBranch(origin.workspace.dir, 'main'), [recordOf('2.4.0')], options),
    ).rejects.toMatchObject({
      message: `${LOG} on main is a symbolic link; the audit log is never read through a link or from a folder`,
      fix: `restore ${LOG} on main as a regular file`,
    });
  });
});
