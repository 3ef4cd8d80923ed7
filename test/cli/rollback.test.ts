import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import { verifyAuditLog } from '../../src/evidence/hash-chain.js';
import { createHistoryRepo, type HistoryRepo } from '../evidence/fixtures.js';

let repo: HistoryRepo | undefined;
afterEach(() => {
  repo?.remove();
  repo = undefined;
});

const REASON = 'AUC dropped 8% on live traffic (INC-42)';

async function threeReleases(): Promise<HistoryRepo> {
  const r = createHistoryRepo();
  await r.release({ version: '1.0.0', at: '2025-02-01T10:00:00Z' });
  await r.release({ version: '1.1.0', at: '2025-03-01T10:00:00Z' });
  await r.release({ version: '1.2.0', at: '2025-04-01T10:00:00Z' });
  r.git('checkout', '-q', '-b', 'rollback');
  return r;
}

/** Everything in the working tree, tracked or not, with content digests: "nothing changed" means this is equal. */
function treeState(dir: string): string {
  execFileSync('git', ['add', '-A', '--intent-to-add'], { cwd: dir });
  const state = execFileSync('git', ['diff', '--stat', 'HEAD'], { cwd: dir, encoding: 'utf8' });
  execFileSync('git', ['reset', '-q'], { cwd: dir });
  return (
    state + execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir, encoding: 'utf8' })
  );
}

describe('mlgov rollback', () => {
  it('restores an archived release byte for byte (release and approvals aside), archives the replaced one and logs both', async () => {
    repo = await threeReleases();
    const archived = 'artifacts/fraud-detection/1.0.0';
    const archivedManifest = JSON.parse(readFileSync(join(repo.dir, archived, 'manifest.json'), 'utf8'));
    const r = await repo.mlgov(['rollback', '--to', '1.0.0', '--reason', REASON, '--base', 'main', '--actor', 'erin']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rolled back fraud-detection from 1.2.0 to 1.0.0');

    // The bias report is the archived one, byte for byte.
    expect(
      readFileSync(join(repo.dir, 'reports/latest-bias-report.json')).equals(
        readFileSync(join(repo.dir, archived, 'bias-report.json')),
      ),
    ).toBe(true);
    // The manifest is the archived one, with release replaced and approvals removed (and nothing else).
    const restored = JSON.parse(readFileSync(join(repo.dir, 'model/manifest.json'), 'utf8'));
    expect(restored.release).toEqual({ type: 'rollback', reason: REASON, rollbackOf: '1.2.0' });
    expect(restored.approvals).toBeUndefined();
    const { release: _r1, approvals: _a1, ...restRestored } = restored;
    const { release: _r2, approvals: _a2, ...restArchived } = archivedManifest;
    expect(restRestored).toEqual(restArchived);
    expect(Object.keys(restored)).toEqual(Object.keys(archivedManifest).filter((k) => k !== 'approvals'));
    expect(r.stdout).toContain(manifestDigest(restored));

    // The release it replaced (1.2.0) is archived, and verifies.
    const replaced = 'artifacts/fraud-detection/1.2.0';
    expect(readFileSync(join(repo.dir, replaced, 'manifest.json'), 'utf8')).toBe(
      repo.git('show', 'main:model/manifest.json'),
    );
    execFileSync('sha256sum', ['--quiet', '-c', `${replaced}/checksums.sha256`], { cwd: repo.dir });
    execFileSync('sha256sum', ['--quiet', '-c', `${archived}/checksums.sha256`], { cwd: repo.dir });

    const v = verifyAuditLog(readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8'));
    expect(v.ok).toBe(true);
    expect(v.events.slice(-2)).toEqual([
      expect.objectContaining({ action: 'archive', version: '1.2.0', actor: 'erin' }),
      expect.objectContaining({
        action: 'rollback',
        version: '1.0.0',
        actor: 'erin',
        reason: REASON,
        ticket: 'MLGOV-100',
        details: expect.objectContaining({ from: '1.2.0', to: '1.0.0', approvalsCleared: 2 }),
      }),
    ]);
  });

  it('prints the plan with --dry-run and changes nothing', async () => {
    repo = await threeReleases();
    const before = treeState(repo.dir);
    const r = await repo.mlgov(['rollback', '--to', '1.1.0', '--reason', REASON, '--base', 'main', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would write model/manifest.json');
    expect(r.stdout).toContain('would append rollback event for fraud-detection 1.1.0');
    expect(treeState(repo.dir)).toBe(before);
  });

  it('refuses an unknown version, a short reason, or files that do not match the archived checksums, changing nothing', async () => {
    repo = await threeReleases();
    const before = treeState(repo.dir);

    const unknown = await repo.mlgov(['rollback', '--to', '0.9.0', '--reason', REASON, '--base', 'main']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('fraud-detection 0.9.0 is not archived');
    expect(unknown.stderr).toContain('archived versions: 1.0.0, 1.1.0');
    expect(treeState(repo.dir)).toBe(before);

    const short = await repo.mlgov(['rollback', '--to', '1.0.0', '--reason', 'oops', '--base', 'main']);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('the policy asks at least 10 (promotion.minReasonLength)');
    expect(treeState(repo.dir)).toBe(before);

    const current = await repo.mlgov(['rollback', '--to', '1.2.0', '--reason', REASON, '--base', 'main']);
    expect(current.code).toBe(2);
    expect(current.stderr).toContain('already the release in force');

    rmSync(join(repo.dir, 'model/weights/1.0.0/model.onnx'));
    const withoutWeights = treeState(repo.dir);
    const missing = await repo.mlgov(['rollback', '--to', '1.0.0', '--reason', REASON, '--base', 'main']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('model/weights/1.0.0/model.onnx is missing');
    expect(treeState(repo.dir)).toBe(withoutWeights);

    const noArgs = await repo.mlgov(['rollback', '--reason', REASON]);
    expect(noArgs.code).toBe(2);
    expect(noArgs.stderr).toContain('--to is required');
  });
});
