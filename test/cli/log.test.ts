import { afterEach, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendAuditEvents } from '../../src/evidence/audit-log.js';
import { createHistoryRepo, type HistoryRepo } from '../evidence/fixtures.js';

let repo: HistoryRepo | undefined;
afterEach(() => {
  repo?.remove();
  repo = undefined;
});

async function seeded(): Promise<HistoryRepo> {
  const r = createHistoryRepo();
  await appendAuditEvents(r.dir, 'artifacts', [
    {
      actor: 'alice',
      action: 'approve',
      model: 'fraud-detection',
      version: '1.0.0',
      at: '2025-01-05T00:00:00.000Z',
      ticket: 'MLGOV-1',
    },
    { actor: 'bot', action: 'archive', model: 'fraud-detection', version: '1.0.0', at: '2025-02-05T00:00:00.000Z' },
    {
      actor: 'erin',
      action: 'rollback',
      model: 'churn',
      version: '3.0.0',
      at: '2025-03-05T00:00:00.000Z',
      reason: 'AUC dropped in production',
    },
  ]);
  return r;
}

describe('mlgov log', () => {
  it('shows events as text and filters by model, action and date', async () => {
    repo = await seeded();
    const all = await repo.mlgov(['log', 'show']);
    expect(all.code).toBe(0);
    expect(all.stdout.trim().split('\n')).toHaveLength(3);
    expect(all.stdout).toContain('rollback  churn@3.0.0  by erin  -  "AUC dropped in production"');
    const byModel = await repo.mlgov(['log', 'show', '--model', 'fraud-detection', '--format', 'json']);
    expect(JSON.parse(byModel.stdout).map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
    const byAction = await repo.mlgov(['log', 'show', '--action', 'archive', '--format', 'json']);
    expect(JSON.parse(byAction.stdout).map((e: { actor: string }) => e.actor)).toEqual(['bot']);
    const since = await repo.mlgov(['log', 'show', '--since', '2025-02-01', '--format', 'json']);
    expect(JSON.parse(since.stdout).map((e: { seq: number }) => e.seq)).toEqual([2, 3]);
  });

  it('rejects an unknown action or date with usage (exit 2)', async () => {
    repo = await seeded();
    const bad = await repo.mlgov(['log', 'show', '--action', 'delete']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--action delete is not an audit action');
    expect((await repo.mlgov(['log', 'show', '--since', 'yesterday'])).code).toBe(2);
    expect((await repo.mlgov(['log'])).code).toBe(2);
  });

  it('verifies the chain (exit 0) and names the first broken line (exit 1, text and json)', async () => {
    repo = await seeded();
    const ok = await repo.mlgov(['log', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('artifacts/audit-log.jsonl: 3 event(s), hash chain intact');
    const file = join(repo.dir, 'artifacts/audit-log.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('AUC dropped', 'AUC improved'));
    const broken = await repo.mlgov(['log', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('line 3 (seq 3): hash does not match');
    const json = await repo.mlgov(['log', 'verify', '--format', 'json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, events: 2, break: { kind: 'edited', line: 3, seq: 3 } });
    // show still lists what verifies, but never exits 0 on a broken log.
    const show = await repo.mlgov(['log', 'show']);
    expect(show.code).toBe(1);
    expect(show.stderr).toContain('does not verify');
  });

  it('treats a missing log as an empty, intact one', async () => {
    repo = createHistoryRepo();
    const r = await repo.mlgov(['log', 'verify']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 event(s)');
  });
});
