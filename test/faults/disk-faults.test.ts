/**
 * Fault injection on the disk: the archive directory full (a 64 KiB tmpfs mounted over `artifacts/`) or read-only
 * (a read-only bind mount) while `mlgov archive` writes evidence and `mlgov approve` appends to the audit log.
 *
 * Tests run as root, so `chmod` cannot make a directory read-only for them; mounts can (root may mount here, and CI
 * runs on the same kind of machine). When mounting is not allowed, the fallback is a file where the archive folder
 * must go (the write fails with ENOTDIR), which exercises the same failure path; the test says which it used, warns
 * loudly, and fails under CI=true, where the real faults must run.
 *
 * Every case must end in a clear failure (exit 2, the reason on stderr, no stack trace) with no partial evidence: no
 * temp file left, no truncated file, no audit event for work not done, no approval without its audit event; and,
 * once the disk is back, a second run completes the evidence.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditLog } from '../../src/evidence/hash-chain.js';
import { runMlgov } from '../support/cli-io.js';
import { bindRelease, createReleaseRepo } from '../support/example-release.js';
import { STACK_TRACE } from './leak-watch.js';

type Repo = ReturnType<typeof createReleaseRepo>;
const ARCHIVE = 'artifacts/fraud-detection/2.4.0';
const mounts: string[] = [];

/** Whether this machine lets the tests mount (root with CAP_SYS_ADMIN, as in CI). */
function canMount(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'mlgov-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const MOUNT = canMount();
const NOT_EXERCISED =
  'mount is not permitted on this machine: the disk-full (tmpfs) and read-only (bind mount) faults were NOT exercised; ' +
  'only the file/directory-conflict fallback ran. Run the tests as root with CAP_SYS_ADMIN (as CI does) to exercise them.';
if (!MOUNT) console.warn(`WARNING: ${NOT_EXERCISED}`);

function unmountAll(): void {
  while (mounts.length > 0) {
    const m = mounts.pop()!;
    try {
      execFileSync('umount', [m], { stdio: 'ignore' });
    } catch {
      execFileSync('umount', ['-l', m], { stdio: 'ignore' });
    }
  }
}

/**
 * `main` holds 2.4.0 with a 300 KB bias report (too big for the 64 KiB disk); the checked-out `release` branch
 * promotes 2.5.0, so `mlgov archive` must write 2.4.0's evidence.
 */
function promotionRepo(): Repo {
  const repo = createReleaseRepo({
    report: (r) => void ((r.dataset as unknown as Record<string, unknown>)['description'] = 'x'.repeat(300_000)),
  });
  bindRelease(repo.dir, repo.seed, { manifest: (m) => void (m.version = '2.5.0') });
  repo.commitAll('2.5.0');
  return repo;
}

/** Every file under `dir` (relative), for "nothing partial" assertions. */
function filesUnder(dir: string): string[] {
  return existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]).sort() : [];
}

function expectNoPartialEvidence(repo: Repo): void {
  const archived = filesUnder(join(repo.dir, 'artifacts'));
  expect(archived.filter((f) => f.endsWith('.tmp') || f.includes('.lock'))).toEqual([]);
  // Whatever was written is complete: each archived copy equals the base's file byte for byte.
  const base = (p: string) => execFileSync('git', ['show', `main:${p}`], { cwd: repo.dir, maxBuffer: 1 << 26 });
  const copies: Record<string, string> = {
    'manifest.json': 'model/manifest.json',
    'bias-report.json': 'reports/latest-bias-report.json',
  };
  for (const [name, source] of Object.entries(copies)) {
    const path = join(repo.dir, ARCHIVE, name);
    if (existsSync(path)) expect(readFileSync(path).equals(base(source))).toBe(true);
  }
  // evidence.json is written last: it only exists when everything before it does.
  if (existsSync(join(repo.dir, ARCHIVE, 'evidence.json'))) {
    for (const name of ['manifest.json', 'bias-report.json', 'checksums.sha256'])
      expect(existsSync(join(repo.dir, ARCHIVE, name))).toBe(true);
  }
  const logPath = join(repo.dir, 'artifacts/audit-log.jsonl');
  if (existsSync(logPath)) {
    const v = verifyAuditLog(readFileSync(logPath, 'utf8'));
    expect(v.ok).toBe(true);
    // No archive event for an archive that is not complete.
    if (!existsSync(join(repo.dir, ARCHIVE, 'evidence.json')))
      expect(v.events.filter((e) => e.action === 'archive')).toEqual([]);
  }
}

/** Makes `artifacts/` full (tmpfs), read-only (bind mount) or, without mounts, unwritable by a file/dir conflict. */
function breakDisk(repo: Repo, how: 'full' | 'read-only'): string {
  const dir = join(repo.dir, 'artifacts');
  mkdirSync(dir, { recursive: true });
  if (!MOUNT) {
    // Fallback: a file where the model's archive folder must be created (ENOTDIR), the same failure path.
    writeFileSync(join(dir, 'fraud-detection'), 'not a directory\n');
    return 'file/directory conflict (mount not permitted here)';
  }
  if (how === 'full') {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
    mounts.push(dir);
    return 'tmpfs of 64 KiB';
  }
  const src = mkdtempSync(join(tmpdir(), 'mlgov-ro-src-'));
  for (const f of filesUnder(dir)) execFileSync('cp', ['-a', join(dir, f), join(src, f)]);
  execFileSync('mount', ['--bind', src, dir]);
  mounts.push(dir);
  execFileSync('mount', ['-o', 'remount,bind,ro', dir]);
  return 'read-only bind mount';
}

afterEach(() => unmountAll());
afterAll(() => unmountAll());

// In CI the faults must really be exercised: a silent fallback there would leave the two scenarios untested.
(process.env['CI'] ? it : it.skip)('exercises the real disk faults (tmpfs, read-only bind mount) under CI', () => {
  expect(MOUNT ? 'mounted' : NOT_EXERCISED).toBe('mounted');
});

describe(`disk faults (${MOUNT ? 'tmpfs and read-only bind mounts' : 'fallback: file/directory conflicts; mount not permitted'})`, () => {
  let repo: Repo;
  beforeAll(() => {
    repo = promotionRepo();
  });
  afterAll(() => repo?.remove());

  for (const how of ['full', 'read-only'] as const) {
    it(`archive with the disk ${how}: exit 2 with the reason, nothing partial; completes once the disk is back`, async () => {
      execFileSync('git', ['clean', '-q', '-fdx'], { cwd: repo.dir });
      const technique = breakDisk(repo, how);
      const r = await runMlgov(['archive', '--base', 'main', '--actor', 'rm-bot'], { cwd: repo.dir });
      expect({ technique, code: r.code }).toEqual({ technique, code: 2 });
      // Node reports a recursive mkdir on a read-only mount as ENOENT; any of these names the failed write.
      expect(r.stderr).toMatch(/ENOSPC|EROFS|ENOTDIR|ENOENT|no space|read-only|not a directory/i);
      // It names the evidence file it could not write and what to do, not a bare errno.
      expect(r.stderr).toMatch(/could not write artifacts\/[^\s]+/);
      expect(r.stderr).not.toContain('could not complete');
      expect(r.stderr).toMatch(/^fix: /m);
      expect(r.stdout + r.stderr).not.toMatch(STACK_TRACE);
      expectNoPartialEvidence(repo);
      unmountAll();
      execFileSync('git', ['clean', '-q', '-fdx'], { cwd: repo.dir });
      const again = await runMlgov(['archive', '--base', 'main', '--actor', 'rm-bot'], { cwd: repo.dir });
      expect(again.code).toBe(0);
      expect(filesUnder(join(repo.dir, ARCHIVE))).toEqual([
        'bias-report.json',
        'checksums.sha256',
        'evidence.json',
        'manifest.json',
      ]);
      expectNoPartialEvidence(repo);
    });
  }

  for (const how of ['full', 'read-only'] as const) {
    // approve stages the manifest (temp file), appends the event, then renames into place: a failed append
    // leaves neither the approval nor the event.
    it(`approve with the audit log's disk ${how}: exit 2, and no approval is recorded without its audit event`, async () => {
      execFileSync('git', ['clean', '-q', '-fdx'], { cwd: repo.dir });
      execFileSync('git', ['checkout', '-q', '--', '.'], { cwd: repo.dir });
      const manifestBefore = readFileSync(join(repo.dir, 'model/manifest.json'));
      mkdirSync(join(repo.dir, 'artifacts'), { recursive: true });
      if (how === 'full' && MOUNT) {
        breakDisk(repo, 'full');
        writeFileSync(join(repo.dir, 'artifacts/filler'), Buffer.alloc(60 * 1024, 1)); // leave no room for a line
      } else {
        breakDisk(repo, 'read-only');
      }
      const r = await runMlgov(
        ['approve', '--approver', 'erin', '--role', 'governance-board', '--note', 'looks good'],
        { cwd: repo.dir },
      );
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).not.toMatch(STACK_TRACE);
      const logPath = join(repo.dir, 'artifacts/audit-log.jsonl');
      const logged = existsSync(logPath)
        ? verifyAuditLog(readFileSync(logPath, 'utf8')).events.filter((e) => e.action === 'approve')
        : [];
      const manifestAfter = readFileSync(join(repo.dir, 'model/manifest.json'));
      // Either nothing happened, or both the approval and its event are there: never an unlogged approval.
      expect({ approvalWritten: !manifestAfter.equals(manifestBefore), eventLogged: logged.length > 0 }).toEqual(
        logged.length > 0
          ? { approvalWritten: true, eventLogged: true }
          : { approvalWritten: false, eventLogged: false },
      );
      expect(filesUnder(join(repo.dir, 'model')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });
  }
});
