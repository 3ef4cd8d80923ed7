/**
 * When the period audit cannot read a branch's history it refuses, saying why and what to do, rather than audit
 * less than the history (src/evidence/audit-history.ts): a folder that is not a repository, no default branch, a
 * revision that does not exist, a shallow clone (the release history and the audit log's history would both be
 * incomplete, and "no rewrite" must never be read from a history git does not have), and an audit log version git
 * cannot read. The mutation run found none of these refusals reached by a test of the module's own; each test here
 * asserts the message and the fix word for word: they are what the auditor reads.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openGitRepository } from '../../src/adapters/git-repository.js';
import { openAuditedRepository, readAuditInput, readLogHistory } from '../../src/evidence/audit-history.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';

const POLICY = `version: 1
model: { manifest: model/manifest.json, biasReport: reports/bias.json, archiveDir: artifacts }
`;

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function write(repo: TempRepo, path: string, text: string): void {
  mkdirSync(dirname(join(repo.dir, path)), { recursive: true });
  writeFileSync(join(repo.dir, path), text);
}

/** A repository on main with the policy, two releases of the model and an audit log that grew once. */
function releasedRepo(): TempRepo {
  const repo = createTempRepo('mlgov-audit-refusals-');
  cleanups.push(() => repo.remove());
  write(repo, '.github/governance-policy.yml', POLICY);
  write(repo, 'model/manifest.json', '{"name":"fraud","version":"1.0.0"}\n');
  write(repo, 'artifacts/audit-log.jsonl', '{"seq":1}\n');
  repo.commitAll('Release 1.0.0', '2025-01-10T09:00:00Z');
  write(repo, 'model/manifest.json', '{"name":"fraud","version":"1.1.0"}\n');
  write(repo, 'artifacts/audit-log.jsonl', '{"seq":1}\n{"seq":2}\n');
  repo.commitAll('Release 1.1.0', '2025-03-01T09:00:00Z');
  return repo;
}

/** What actions/checkout gives with its default fetch-depth 1: a clone with the tip commit only. */
function shallowCloneOf(repo: TempRepo): string {
  const dir = tempDir('mlgov-audit-shallow-');
  execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.dir}`, dir]);
  return dir;
}

const audit = (dir: string, ref?: string) =>
  readAuditInput({
    git: openGitRepository(dir),
    ...(ref !== undefined ? { ref } : {}),
    since: '2025-01-01',
    until: '2025-12-31',
    now: new Date('2026-01-05T00:00:00Z'),
    toolVersion: '9.9.9',
  });

/** The refusal a promise ends with: the error's name, message and fix (or that it did not refuse). */
async function refusal(p: Promise<unknown>): Promise<{ name: string; message: string; fix: unknown } | 'accepted'> {
  try {
    await p;
  } catch (e) {
    const err = e as Error & { fix?: unknown };
    return { name: err.name, message: err.message, fix: err.fix };
  }
  return 'accepted';
}

describe('the audited repository', () => {
  it('is refused when the folder is not a git repository, naming the folder and --repo', async () => {
    const dir = tempDir('mlgov-not-a-repo-');
    expect(await refusal(openAuditedRepository(dir))).toStrictEqual({
      name: 'EvidenceError',
      message: `${dir} is not a git repository`,
      fix: 'run mlgov inside the model repository, or pass --repo DIR',
    });
  });

  it('is opened at its absolute root when it is one', async () => {
    const repo = releasedRepo();
    const git = await openAuditedRepository(join(repo.dir, '.'));
    expect(git.root).toBe(repo.dir);
  });
});

describe('the branch to audit', () => {
  const FETCH_FIX =
    'fetch the full history of the default branch (git fetch --unshallow origin main, or actions/checkout with fetch-depth: 0), or pass --ref REF';

  it('without a default branch (no origin/HEAD, origin/main, main or master) is refused with the fetch fix', async () => {
    const repo = releasedRepo();
    repo.git('branch', '-m', 'main', 'trunk');
    expect(await refusal(audit(repo.dir))).toStrictEqual({
      name: 'EvidenceError',
      message: 'no default branch (origin/HEAD, origin/main, main, master) to audit',
      fix: FETCH_FIX,
    });
    // Named, the same branch is audited.
    expect((await audit(repo.dir, 'trunk')).ref).toBe('trunk');
  });

  it('a revision the repository does not have is refused by its name', async () => {
    const repo = releasedRepo();
    expect(await refusal(audit(repo.dir, 'release-2024'))).toStrictEqual({
      name: 'EvidenceError',
      message: 'revision "release-2024" is not in this repository',
      fix: FETCH_FIX,
    });
  });
});

describe('a shallow clone', () => {
  it('is refused before any release is read: its release history is incomplete', async () => {
    const dir = shallowCloneOf(releasedRepo());
    expect(await refusal(audit(dir))).toStrictEqual({
      name: 'EvidenceError',
      message: 'this is a shallow clone: the release history is incomplete',
      fix: 'fetch the full history: git fetch --unshallow origin',
    });
  });

  it("cannot show the audit log's history: refused, never read as a log that only grew", async () => {
    const dir = shallowCloneOf(releasedRepo());
    const git = openGitRepository(dir);
    const tip = (await git.resolveCommit('HEAD'))!;
    expect(await refusal(readLogHistory(git, tip, 'artifacts/audit-log.jsonl'))).toStrictEqual({
      name: 'EvidenceError',
      message: 'this is a shallow clone: the history of artifacts/audit-log.jsonl is incomplete',
      fix: 'fetch the full history: git fetch --unshallow origin (or actions/checkout with fetch-depth: 0)',
    });
  });
});

describe('an audit log version git cannot read', () => {
  it('is refused naming the log and the commit (12 characters), with git fsck as the fix', async () => {
    const repo = releasedRepo();
    const first = repo.git('log', '--format=%H', '--reverse', 'main').split('\n')[0]!;
    const blob = repo.git('rev-parse', `${first}:artifacts/audit-log.jsonl`).trim();
    // The object of the first version is lost (a damaged clone): git log still lists the change.
    rmSync(join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
    const git = openGitRepository(repo.dir);
    expect(await refusal(readLogHistory(git, 'main', 'artifacts/audit-log.jsonl'))).toStrictEqual({
      name: 'EvidenceError',
      message: `git could not read artifacts/audit-log.jsonl at ${first.slice(0, 12)}`,
      fix: 'run git fsck and re-fetch the repository',
    });
  });
});
