import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRepositoryFile } from '../../src/adapters/atomic-file.js';
import { unsafeWriteProblem, UnsafeWriteError } from '../../src/adapters/repository-path.js';
import { appendAuditEvents } from '../../src/evidence/audit-log.js';
import { withFileLock } from '../../src/evidence/file-lock.js';
import { runMlgov } from '../support/cli-io.js';
import {
  buildTemplate,
  fingerprint,
  plantLink,
  removeTemplate,
  sandbox,
  type Sandbox,
  type WriteCommand,
} from './evidence-paths.js';

let box: Sandbox | undefined;
const dirs: string[] = [];
beforeAll(async () => {
  await buildTemplate();
}, 60_000);
afterAll(removeTemplate);
afterEach(() => {
  box?.remove();
  box = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mlgov-unsafe-'));
  dirs.push(d);
  return d;
}

describe('unsafeWriteProblem: the write-side containment rule', () => {
  it('accepts a plain path whose folders are real or do not exist yet, and a regular file', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'artifacts'));
    writeFileSync(join(root, 'artifacts/audit-log.jsonl'), '');
    expect(await unsafeWriteProblem(root, 'artifacts/audit-log.jsonl')).toBeUndefined();
    expect(await unsafeWriteProblem(root, 'artifacts/m/1.0.0/manifest.json')).toBeUndefined();
    expect(await unsafeWriteProblem(root, 'new/folder/file.json')).toBeUndefined();
  });

  it('refuses a symlinked folder, naming the folder, what it links to, and the fix', async () => {
    const root = tempDir();
    const elsewhere = tempDir();
    symlinkSync(elsewhere, join(root, 'artifacts'));
    const problem = await unsafeWriteProblem(root, 'artifacts/audit-log.jsonl');
    expect(problem).toBeInstanceOf(UnsafeWriteError);
    expect(problem).toMatchObject({ path: 'artifacts/audit-log.jsonl', component: 'artifacts', exitCode: 1 });
    expect(problem!.message).toBe(
      `refused to write artifacts/audit-log.jsonl: artifacts is a symbolic link to ${elsewhere} (${elsewhere}, outside the repository); ` +
        'mlgov writes evidence only inside the repository, never through a link',
    );
    expect(problem!.fix).toBe(
      'replace the link with a real folder: git rm artifacts, then restore artifacts from the base branch (git checkout <base> -- artifacts) and run again',
    );
  });

  it('refuses a link that stays inside the repository, a dangling link, and a link as the file itself', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'real'));
    symlinkSync('real', join(root, 'artifacts'));
    expect((await unsafeWriteProblem(root, 'artifacts/x.json'))?.what).toMatch(
      /^a symbolic link to real \(.*, inside the repository\)$/,
    );
    mkdirSync(join(root, 'model'));
    symlinkSync('/nonexistent/mlgov/target', join(root, 'model/manifest.json'));
    expect(await unsafeWriteProblem(root, 'model/manifest.json')).toMatchObject({
      component: 'model/manifest.json',
      what: 'a symbolic link to /nonexistent/mlgov/target (/nonexistent/mlgov/target, outside the repository)',
    });
  });

  it('refuses a target that is a directory or a FIFO, and a path with "..", absolute or empty', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'model/manifest.json'), { recursive: true });
    expect((await unsafeWriteProblem(root, 'model/manifest.json'))?.what).toBe('a directory, not a regular file');
    execFileSync('mkfifo', [join(root, 'fifo')]);
    expect((await unsafeWriteProblem(root, 'fifo'))?.what).toBe('a FIFO, not a regular file');
    for (const p of ['../x', 'a/../../x', 'a/../b', '/etc/passwd', '']) {
      expect((await unsafeWriteProblem(root, p))?.message).toMatch(/not a plain repository-relative path/);
    }
  });

  it('writeRepositoryFile and the file lock refuse before creating anything through the link', async () => {
    const root = tempDir();
    const elsewhere = tempDir();
    symlinkSync(elsewhere, join(root, 'artifacts'));
    await expect(writeRepositoryFile(root, 'artifacts/m/1/manifest.json', '{}')).rejects.toThrow(UnsafeWriteError);
    await expect(
      withFileLock(join(root, 'artifacts/audit-log.jsonl.lock'), async () => 'ran', { repositoryRoot: root }),
    ).rejects.toThrow('refused to write artifacts/audit-log.jsonl.lock: artifacts is a symbolic link');
    await expect(
      appendAuditEvents(root, 'artifacts', [{ actor: 'a', action: 'approve', model: 'm', version: '1' }]),
    ).rejects.toThrow('refused to write artifacts/audit-log.jsonl: artifacts is a symbolic link');
    expect(fingerprint(elsewhere)).toBe('/');
  });
});

describe('every write command refuses a symlink on its evidence paths (issue 12)', () => {
  it('archive: `artifacts` committed as a symlink to a folder outside writes nothing there (the reproduction)', async () => {
    box = sandbox();
    plantLink(box, 'artifacts', 'outside', true);
    execFileSync('git', ['add', '-A'], { cwd: box.repo });
    execFileSync('git', ['commit', '-q', '-m', 'artifacts elsewhere'], { cwd: box.repo });
    const before = fingerprint(box.outside);
    const r = await box.run('archive');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'mlgov: artifacts/audit-log.jsonl cannot be read: artifacts is a symbolic link to ' +
        join(box.outside, 'artifacts'),
    );
    expect(r.stderr).toContain('fix: replace the link with a real folder: git rm artifacts');
    expect(fingerprint(box.outside)).toBe(before);
    expect(existsSync(join(box.outside, 'artifacts/fraud-detection/1.1.0'))).toBe(false);
  });

  it('archive: a version folder linked outside is refused before anything is written', async () => {
    box = sandbox();
    plantLink(box, 'artifacts/fraud-detection/1.1.0', 'outside', true);
    const before = fingerprint(box.outside);
    const repoBefore = fingerprint(box.repo);
    const r = await box.run('archive');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'mlgov: refused to write artifacts/fraud-detection/1.1.0/manifest.json: artifacts/fraud-detection/1.1.0 is a symbolic link to',
    );
    expect(fingerprint(box.outside)).toBe(before);
    expect(fingerprint(box.repo)).toBe(repoBefore);
  });

  it('approve: a model folder linked outside is refused; neither the approval nor the event is written', async () => {
    box = sandbox();
    plantLink(box, 'model', 'outside', true);
    const before = fingerprint(box.outside);
    const repoBefore = fingerprint(box.repo);
    const r = await box.run('approve');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('mlgov: refused to write model/manifest.json: model is a symbolic link to');
    expect(fingerprint(box.outside)).toBe(before);
    expect(fingerprint(box.repo)).toBe(repoBefore);
  });

  it('rollback: a linked bias report is refused before the replaced release is archived (nothing partial)', async () => {
    box = sandbox();
    plantLink(box, 'reports/latest-bias-report.json', 'inside', false);
    const repoBefore = fingerprint(box.repo);
    const r = await box.run('rollback');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'mlgov: refused to write reports/latest-bias-report.json: it is a symbolic link to ../.shadow/reports__latest-bias-report.json',
    );
    expect(fingerprint(box.repo)).toBe(repoBefore);
  });

  it('checksums --write: a manifest reached through a linked folder is not written', async () => {
    box = sandbox();
    mkdirSync(join(box.repo, 'model/weights/1.1.0'), { recursive: true });
    // Only the manifest's own folder is linked: the weights stay real, so only the write is in question.
    const real = readFileSync(join(box.repo, 'model/manifest.json'));
    mkdirSync(join(box.outside, 'm'));
    writeFileSync(join(box.outside, 'm/manifest.json'), real);
    rmSync(join(box.repo, 'model/manifest.json'));
    const policy = join(box.repo, '.github/governance-policy.yml');
    writeFileSync(
      policy,
      readFileSync(policy, 'utf8').replace('manifest: model/manifest.json', 'manifest: m/manifest.json'),
    );
    symlinkSync(join(box.outside, 'm'), join(box.repo, 'm'));
    box.prepare('checksums');
    const before = fingerprint(box.outside);
    const r = await box.run('checksums');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('mlgov: refused to write m/manifest.json: m is a symbolic link to');
    expect(fingerprint(box.outside)).toBe(before);
  });

  it.each<[WriteCommand]>([['archive'], ['approve'], ['rollback']])(
    '%s: the audit log itself linked to a file outside is refused, the file untouched',
    async (command) => {
      box = sandbox();
      plantLink(box, 'artifacts/audit-log.jsonl', 'outside', false);
      const before = fingerprint(box.outside);
      const r = await box.run(command);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('artifacts/audit-log.jsonl is a symbolic link, not a regular file');
      expect(fingerprint(box.outside)).toBe(before);
    },
  );

  it('rollback: a linked audit-log lock is refused before the manifest is restored (never files without their event)', async () => {
    box = sandbox();
    plantLink(box, 'artifacts/audit-log.jsonl.lock', 'outside', false);
    const repoBefore = fingerprint(box.repo);
    const r = await box.run('rollback');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('mlgov: refused to write artifacts/audit-log.jsonl.lock: it is a symbolic link to');
    expect(fingerprint(box.repo)).toBe(repoBefore);
    expect(fingerprint(box.outside)).toBe('/');
  });

  it("approve --target bias-report writes only the policy's bias report, never a path the manifest names", async () => {
    box = sandbox();
    const manifestFile = join(box.repo, 'model/manifest.json');
    const m = JSON.parse(readFileSync(manifestFile, 'utf8'));
    m.biasReport.path = 'package.json';
    writeFileSync(manifestFile, JSON.stringify(m, null, 2) + '\n');
    writeFileSync(join(box.repo, 'package.json'), readFileSync(join(box.repo, 'reports/latest-bias-report.json')));
    const repoBefore = fingerprint(box.repo);
    const r = await runMlgov(
      ['approve', '--approver', 'alice', '--role', 'governance-board', '--target', 'bias-report', '--repo', box.repo],
      { cwd: box.repo },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "mlgov: refused: model/manifest.json names the bias report package.json, but the policy's bias report is reports/latest-bias-report.json",
    );
    expect(fingerprint(box.repo)).toBe(repoBefore);
  });

  it('each command still works in the unlinked template (the control)', async () => {
    for (const command of ['archive', 'approve', 'rollback', 'checksums'] as const) {
      box = sandbox();
      box.prepare(command);
      const r = await box.run(command);
      expect([command, r.code, r.stderr]).toEqual([command, 0, '']);
      box.remove();
      box = undefined;
    }
  });
});
