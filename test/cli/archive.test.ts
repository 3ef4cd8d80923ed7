import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { manifestDigest, sha256Hex } from '../../src/formats/canonical-digest.js';
import { verifyAuditLog } from '../../src/evidence/hash-chain.js';
import {
  createHistoryRepo,
  ROLLBACK_REASON,
  rolledBack,
  writeRelease,
  type HistoryRepo,
} from '../evidence/fixtures.js';

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
    expect(missing.stderr).toContain('fix: fetch it (git fetch origin nope) or pass an existing --base REF');
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

  describe('a release that came from a rollback', () => {
    const PRIMARY = 'artifacts/fraud-detection/1.0.0';

    it('is archived beside the primary archive in rollback-<digest12>/, verifiable, idempotent, and passes the evidence check', async () => {
      repo = await rolledBack();
      const baseManifestText = repo.git('show', 'main:model/manifest.json');
      const baseManifest = JSON.parse(baseManifestText);
      expect(baseManifest.release).toEqual({ type: 'rollback', reason: ROLLBACK_REASON, rollbackOf: '2.0.0' });
      const d12 = manifestDigest(baseManifest).slice('sha256:'.length, 'sha256:'.length + 12);
      const rel = `${PRIMARY}/rollback-${d12}`;
      const primaryBefore = readdirSync(join(repo.dir, PRIMARY), { recursive: true }).map(String).sort();
      const primaryBytes = primaryBefore.map((f) => readFileSync(join(repo!.dir, PRIMARY, f), 'utf8').length);

      repo.git('checkout', '-q', '-b', 'release-3.0.0');
      writeRelease(repo.dir, { version: '3.0.0', at: '2025-06-01T10:00:00Z' });
      const r = await repo.mlgov(['archive', '--base', 'main', '--actor', 'rm-bot']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`a rollback release restoring ${PRIMARY}/: archived beside it in ${rel}/`);

      // Four files, byte copies of the rollback release; the primary archive is untouched.
      const dir = join(repo.dir, rel);
      expect(readdirSync(dir).sort()).toEqual([
        'bias-report.json',
        'checksums.sha256',
        'evidence.json',
        'manifest.json',
      ]);
      expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(baseManifestText);
      expect(readFileSync(join(dir, 'bias-report.json'), 'utf8')).toBe(
        repo.git('show', 'main:reports/latest-bias-report.json'),
      );
      expect(
        readdirSync(join(repo.dir, PRIMARY), { recursive: true })
          .map(String)
          .filter((f) => !f.startsWith('rollback-'))
          .sort(),
      ).toEqual(primaryBefore);
      expect(primaryBefore.map((f) => readFileSync(join(repo!.dir, PRIMARY, f), 'utf8').length)).toEqual(primaryBytes);

      const sums = readFileSync(join(dir, 'checksums.sha256'), 'utf8');
      expect(sums).toBe(
        `${sha256Hex(readFileSync(join(repo.dir, 'model/weights/1.0.0/model.onnx')))}  model/weights/1.0.0/model.onnx\n` +
          `${sha256Hex(baseManifestText)}  ${rel}/manifest.json\n` +
          `${sha256Hex(readFileSync(join(dir, 'bias-report.json')))}  ${rel}/bias-report.json\n`,
      );
      // sha256sum -c accepts it while the release's files are at their paths ...
      expect(
        execFileSync('sha256sum', ['-c', `${rel}/checksums.sha256`], { cwd: repo.dir, encoding: 'utf8' }),
      ).toContain('model/weights/1.0.0/model.onnx: OK');
      // ... and not once a model file is gone: the record only verifies files that are present.
      const weights = join(repo.dir, 'model/weights/1.0.0/model.onnx');
      const weightBytes = readFileSync(weights);
      writeFileSync(weights, 'other bytes\n');
      expect(() =>
        execFileSync('sha256sum', ['--quiet', '-c', `${rel}/checksums.sha256`], { cwd: repo!.dir, stdio: 'pipe' }),
      ).toThrow();
      writeFileSync(weights, weightBytes);

      const evidence = JSON.parse(readFileSync(join(dir, 'evidence.json'), 'utf8'));
      expect(evidence).toMatchObject({
        model: { name: 'fraud-detection', version: '1.0.0' },
        release: { type: 'rollback', rollbackOf: '2.0.0' },
        manifestDigest: manifestDigest(baseManifest),
        rollbackOf: '2.0.0',
        restoredFrom: PRIMARY,
        archivedBy: 'rm-bot',
      });
      // The re-given approvals are the ones on record for the rollback release.
      expect(
        evidence.approvals.map((a: { approver: string; manifestDigest: string }) => [a.approver, a.manifestDigest]),
      ).toEqual([
        ['alice', manifestDigest(baseManifest)],
        ['bob', manifestDigest(baseManifest)],
      ]);

      const log = readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8');
      const v = verifyAuditLog(log);
      expect(v.ok).toBe(true);
      expect(v.events.filter((e) => e.action === 'archive').map((e) => [e.version, e.details?.['dir']])).toEqual([
        ['1.0.0', PRIMARY],
        ['2.0.0', 'artifacts/fraud-detection/2.0.0'],
        ['1.0.0', rel],
      ]);
      expect(v.events.at(-1)!.details).toMatchObject({ rollbackOf: '2.0.0', restoredFrom: PRIMARY });

      // A second run changes nothing.
      const before = snapshot(repo.dir);
      const again = await repo.mlgov(['archive', '--base', 'main', '--actor', 'someone-else']);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(`fraud-detection 1.0.0 (rollback release) is already archived in ${rel}/`);
      expect(readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8')).toBe(log);
      expect(snapshot(repo.dir)).toBe(before);

      // The gate's evidence check on the 3.0.0 change passes, expecting the rollback folder.
      const check = await repo.mlgov(['check', '--base', 'main', '--offline', '--format', 'json']);
      const evidenceCheck = JSON.parse(check.stdout).checks.find((c: { id: string }) => c.id === 'evidence');
      expect(evidenceCheck.findings).toEqual([]);
      expect(evidenceCheck.status).toBe('pass');
      expect(evidenceCheck.details.expectedArchive).toBe(rel);
    });

    it('refuses a forged rollback whose artifacts or bias report differ from the primary archive, naming the file, and changes nothing', async () => {
      repo = await rolledBack();
      // Someone merges a "rollback" of 1.0.0 that ships other weights.
      const h = repo;
      await h.onBranch('forged', '2025-05-15T10:00:00Z', async () => {
        const m = JSON.parse(readFileSync(join(h.dir, 'model/manifest.json'), 'utf8'));
        m.artifacts[0].sha256 = sha256Hex('patched weights\n');
        writeFileSync(join(h.dir, 'model/manifest.json'), JSON.stringify(m, null, 2) + '\n');
      });
      repo.git('checkout', '-q', '-b', 'next');
      const before = snapshot(repo.dir);
      const log = readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8');
      const r = await repo.mlgov(['archive', '--base', 'main']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`refused: ${PRIMARY}/ already holds fraud-detection 1.0.0`);
      expect(r.stderr).toContain(
        `the artifacts differ from ${PRIMARY}/manifest.json (model/weights/1.0.0/model.onnx is`,
      );
      expect(r.stderr).toContain('write-once');
      expect(snapshot(repo.dir)).toBe(before);
      expect(readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8')).toBe(log);

      // Same artifacts but an edited bias report: the report is named.
      repo.git('checkout', '-q', 'main');
      repo.git('reset', '-q', '--hard', 'HEAD~1');
      await h.onBranch('forged-report', '2025-05-16T10:00:00Z', async () => {
        const file = join(h.dir, 'reports/latest-bias-report.json');
        writeFileSync(file, readFileSync(file, 'utf8').replace('"female"', '"Female"'));
      });
      repo.git('checkout', '-q', '-b', 'next2');
      const report = await repo.mlgov(['archive', '--base', 'main']);
      expect(report.code).toBe(1);
      expect(report.stderr).toContain(`is not ${PRIMARY}/bias-report.json`);

      // A release of 1.0.0 that is not a rollback and differs from the archive: the usual write-once conflict.
      repo.git('checkout', '-q', 'main');
      repo.git('reset', '-q', '--hard', 'HEAD~1');
      await h.onBranch('not-a-rollback', '2025-05-17T10:00:00Z', async () => {
        const m = JSON.parse(readFileSync(join(h.dir, 'model/manifest.json'), 'utf8'));
        m.release = { type: 'promotion', reason: 'Re-release of 1.0.0 as it was' };
        writeFileSync(join(h.dir, 'model/manifest.json'), JSON.stringify(m, null, 2) + '\n');
      });
      repo.git('checkout', '-q', '-b', 'next3');
      const plain = await repo.mlgov(['archive', '--base', 'main']);
      expect(plain.code).toBe(1);
      expect(plain.stderr).toContain(`${PRIMARY}/manifest.json already holds different evidence`);
      expect(readdirSync(join(repo.dir, PRIMARY)).filter((f) => f.startsWith('rollback-'))).toEqual([]);
    });
  });
});

describe('mlgov archive writes only to the base policy paths (issue 12)', () => {
  it('archives the bias report the policy names, not a file the manifest points at', async () => {
    repo = createHistoryRepo();
    // 1.0.0 on main names the workflow file as its "bias report"; the policy's report is the real one.
    await repo.onBranch('release-1.0.0', '2025-02-01T10:00:00Z', async () => {
      const m = writeRelease(repo!.dir, { version: '1.0.0', at: '2025-02-01T10:00:00Z' });
      m.biasReport.path = '.github/workflows/deploy.yml';
      writeFileSync(join(repo!.dir, 'model/manifest.json'), JSON.stringify(m, null, 2) + '\n');
      execFileSync('mkdir', ['-p', join(repo!.dir, '.github/workflows')]);
      writeFileSync(join(repo!.dir, '.github/workflows/deploy.yml'), 'on: push\n');
    });
    repo.git('checkout', '-q', '-b', 'next');
    const r = await repo.mlgov(['archive', '--base', 'main']);
    expect(r.code).toBe(0);
    const dir = join(repo.dir, 'artifacts/fraud-detection/1.0.0');
    expect(readFileSync(join(dir, 'bias-report.json'), 'utf8')).toBe(
      repo.git('show', 'main:reports/latest-bias-report.json'),
    );
    expect(JSON.parse(readFileSync(join(dir, 'evidence.json'), 'utf8')).source.biasReport).toBe(
      'reports/latest-bias-report.json',
    );
  });

  it('refuses when the working tree policy moves the archive folder away from the base policy', async () => {
    repo = createHistoryRepo();
    await repo.release({ version: '1.0.0', at: '2025-02-01T10:00:00Z' });
    repo.git('checkout', '-q', '-b', 'next');
    const policy = join(repo.dir, '.github/governance-policy.yml');
    writeFileSync(
      policy,
      readFileSync(policy, 'utf8').replace('archiveDir: artifacts', 'archiveDir: .github/workflows'),
    );
    const before = snapshot(repo.dir);
    const r = await repo.mlgov(['archive', '--base', 'main']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "moves model.archiveDir (artifacts on main, .github/workflows here); write commands write only to the base policy's paths",
    );
    expect(snapshot(repo.dir)).toBe(before);
    expect(existsSync(join(repo.dir, '.github/workflows/fraud-detection'))).toBe(false);
  });
});
