import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../../src/formats/canonical-digest.js';
import { verifyAuditLog } from '../../src/evidence/hash-chain.js';
import { createHistoryRepo, writeRelease, type HistoryRepo } from '../evidence/fixtures.js';

let repo: HistoryRepo | undefined;
afterEach(() => {
  repo?.remove();
  repo = undefined;
});

const snapshot = (dir: string) =>
  execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir, encoding: 'utf8' }) +
  (existsSync(join(dir, 'artifacts')) ? readdirSync(join(dir, 'artifacts'), { recursive: true }).sort().join(',') : '');

describe('mlgov archive', () => {
  it('archives the base release byte for byte with a GNU checksum file, evidence index and one event; a second run changes nothing', async () => {
    repo = createHistoryRepo();
    await repo.release({ version: '1.0.0', at: '2025-02-01T10:00:00Z' });
    const baseManifest = readFileSync(join(repo.dir, 'model/manifest.json'));
    const baseReport = readFileSync(join(repo.dir, 'reports/latest-bias-report.json'));
    repo.git('checkout', '-q', '-b', 'next');
    writeRelease(repo.dir, { version: '1.1.0', at: '2025-03-01T10:00:00Z' });

    const r = await repo.mlgov(['archive', '--base', 'main', '--actor', 'rm-bot']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const dir = join(repo.dir, 'artifacts/fraud-detection/1.0.0');
    expect(readdirSync(dir).sort()).toEqual(['bias-report.json', 'checksums.sha256', 'evidence.json', 'manifest.json']);
    expect(readFileSync(join(dir, 'manifest.json')).equals(baseManifest)).toBe(true);
    expect(readFileSync(join(dir, 'bias-report.json')).equals(baseReport)).toBe(true);

    const sums = readFileSync(join(dir, 'checksums.sha256'), 'utf8');
    expect(sums).toBe(
      `${sha256Hex(readFileSync(join(repo.dir, 'model/weights/1.0.0/model.onnx')))}  model/weights/1.0.0/model.onnx\n` +
        `${sha256Hex(baseManifest)}  artifacts/fraud-detection/1.0.0/manifest.json\n` +
        `${sha256Hex(baseReport)}  artifacts/fraud-detection/1.0.0/bias-report.json\n`,
    );
    // The real tool accepts it, run from the repository root.
    expect(
      execFileSync('sha256sum', ['-c', 'artifacts/fraud-detection/1.0.0/checksums.sha256'], {
        cwd: repo.dir,
        encoding: 'utf8',
      }),
    ).toContain('model/weights/1.0.0/model.onnx: OK');

    const evidence = JSON.parse(readFileSync(join(dir, 'evidence.json'), 'utf8'));
    const mainCommit = repo.git('rev-parse', 'main').trim();
    expect(evidence).toMatchObject({
      model: { name: 'fraud-detection', version: '1.0.0' },
      source: { gitCommit: mainCommit, manifest: 'model/manifest.json', biasReport: 'reports/latest-bias-report.json' },
      jira: 'MLGOV-100',
      archivedBy: 'rm-bot',
      tool: { name: 'mlgov', version: '1.0.0' },
      retention: { years: 5 },
    });
    expect(evidence.approvals.map((a: { approver: string }) => a.approver)).toEqual(['alice', 'bob']);
    expect(evidence.files.map((f: { name: string; sha256: string }) => [f.name, f.sha256])).toEqual([
      ['manifest.json', sha256Hex(baseManifest)],
      ['bias-report.json', sha256Hex(baseReport)],
      ['checksums.sha256', sha256Hex(sums)],
    ]);
    const archivedYear = new Date(evidence.archivedAt).getUTCFullYear();
    expect(evidence.retention.until.slice(0, 4)).toBe(String(archivedYear + 5));

    const log = readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8');
    const v = verifyAuditLog(log);
    expect(v.ok).toBe(true);
    expect(v.events).toHaveLength(1);
    expect(v.events[0]).toMatchObject({
      seq: 1,
      action: 'archive',
      actor: 'rm-bot',
      model: 'fraud-detection',
      version: '1.0.0',
      ticket: 'MLGOV-100',
    });

    // Idempotent: the second run writes nothing and logs nothing.
    const before = snapshot(repo.dir);
    const evidenceBytes = readFileSync(join(dir, 'evidence.json'));
    const again = await repo.mlgov(['archive', '--base', 'main', '--actor', 'someone-else']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already archived');
    expect(readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8')).toBe(log);
    expect(readFileSync(join(dir, 'evidence.json')).equals(evidenceBytes)).toBe(true);
    expect(snapshot(repo.dir)).toBe(before);
  });

  it('refuses to overwrite archived evidence that differs, naming the file, and changes nothing', async () => {
    repo = createHistoryRepo();
    await repo.release({ version: '1.0.0', at: '2025-02-01T10:00:00Z' });
    repo.git('checkout', '-q', '-b', 'next');
    expect((await repo.mlgov(['archive', '--base', 'main'])).code).toBe(0);
    const file = join(repo.dir, 'artifacts/fraud-detection/1.0.0/bias-report.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"female"', '"Female"'));
    const log = readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8');
    const r = await repo.mlgov(['archive', '--base', 'main']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('artifacts/fraud-detection/1.0.0/bias-report.json already holds different evidence');
    expect(r.stderr).toContain('write-once');
    expect(readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8')).toBe(log);
  });

  it('completes an interrupted archive: missing files are written and the event appended once', async () => {
    repo = createHistoryRepo();
    await repo.release({ version: '1.0.0', at: '2025-02-01T10:00:00Z' });
    repo.git('checkout', '-q', '-b', 'next');
    // A crash after the first file: only manifest.json is there, no event.
    const first = await repo.mlgov(['archive', '--base', 'main', '--dry-run']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('would write artifacts/fraud-detection/1.0.0/manifest.json');
    expect(existsSync(join(repo.dir, 'artifacts'))).toBe(false);
    const manifest = repo.git('show', 'main:model/manifest.json');
    execFileSync('mkdir', ['-p', join(repo.dir, 'artifacts/fraud-detection/1.0.0')]);
    writeFileSync(join(repo.dir, 'artifacts/fraud-detection/1.0.0/manifest.json'), manifest);
    const r = await repo.mlgov(['archive', '--base', 'main']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('wrote artifacts/fraud-detection/1.0.0/manifest.json');
    expect(r.stdout).toContain('wrote artifacts/fraud-detection/1.0.0/evidence.json');
    expect(verifyAuditLog(readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8')).events).toHaveLength(1);
  });

  it('says so when the base has no release, and exits 2 with the fix when the base is missing', async () => {
    repo = createHistoryRepo();
    const none = await repo.mlgov(['archive', '--base', 'main']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('no release to archive');
    const missing = await repo.mlgov(['archive', '--base', 'origin/nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('base revision "origin/nope" is not in this repository');
    expect(missing.stderr).toContain('fix: fetch the base branch');
  });

  it('archives every release of a history so that sha256sum -c accepts every checksum file', async () => {
    repo = createHistoryRepo();
    await repo.release({ version: '1.0.0', at: '2025-02-01T10:00:00Z' });
    await repo.release({ version: '1.1.0', at: '2025-03-01T10:00:00Z' });
    await repo.release({ version: '1.2.0', at: '2025-04-01T10:00:00Z' });
    await repo.release({ version: '2.0.0', at: '2025-05-01T10:00:00Z' });
    const sums = repo.git('ls-files', '*/checksums.sha256').trim().split('\n');
    expect(sums).toHaveLength(3);
    for (const s of sums) execFileSync('sha256sum', ['--quiet', '-c', s], { cwd: repo.dir });
    const v = verifyAuditLog(readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8'));
    expect(v.ok).toBe(true);
    expect(v.events.map((e) => e.version)).toEqual(['1.0.0', '1.1.0', '1.2.0']);
  });
});
