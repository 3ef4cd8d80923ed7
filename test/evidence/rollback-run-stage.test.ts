/**
 * What an applied rollback stages and the commit command it prints (src/evidence/rollback-run.ts: rollbackCommit,
 * stageRollback), with a hand-written git port that records its calls: the restored model files go to the index as
 * exact blobs, everything else the rollback wrote with `git add`, the audit log only when an event was appended; a
 * refusal by git is reported word for word; the command quotes what a shell would split.
 */
import { describe, expect, test } from '@jest/globals';
import type { RestoredFile } from '../../src/evidence/rollback-restore.js';
import type { RollbackPlan } from '../../src/evidence/rollback-plan.js';
import { rollbackCommit, stageRollback } from '../../src/evidence/rollback-run.js';
import type { Workspace } from '../../src/evidence/workspace.js';

type WritePlan = Extract<RollbackPlan, { kind: 'write' }>;

const WEIGHTS = 'model/weights/model.onnx';
const EXTRA = 'model/weights/extra.bin';
const restoredFile = (path: string, blob: string, mode = '100644'): RestoredFile => ({
  path,
  bytes: new Uint8Array([1]),
  blob,
  mode,
  verifiedBy: 'content',
});

function planOf(over: Partial<WritePlan> = {}): WritePlan {
  const restored = [restoredFile(WEIGHTS, 'a'.repeat(40)), restoredFile(EXTRA, 'b'.repeat(40), '100755')];
  return {
    kind: 'write',
    model: 'fraud-detection',
    from: '2.5.0',
    to: '2.4.0',
    writes: [
      ...restored.map((r) => ({ path: r.path, bytes: r.bytes })),
      { path: 'model/manifest.json', bytes: new Uint8Array([2]) },
      { path: 'reports/latest-bias-report.json', bytes: new Uint8Array([3]) },
    ],
    events: [
      { actor: 'carol', action: 'archive', model: 'fraud-detection', version: '2.5.0', at: '2026-11-24T10:00:00.000Z' },
      {
        actor: 'carol',
        action: 'rollback',
        model: 'fraud-detection',
        version: '2.4.0',
        at: '2026-11-24T10:00:00.000Z',
        ticket: 'MLGOV-123',
      },
    ] as WritePlan['events'],
    manifestDigest: 'd'.repeat(64),
    approvalsCleared: 2,
    verified: [],
    restored,
    inPlace: [],
    ...over,
  };
}

/** A workspace whose git records what it was asked to stage and answers as told. */
function workspace(answers: { blobs?: boolean; paths?: boolean } = {}) {
  const calls: Array<[string, unknown]> = [];
  const ws = {
    root: '/nowhere',
    policy: { model: { archiveDir: 'artifacts' } },
    git: {
      async stageBlobs(entries: unknown) {
        calls.push(['stageBlobs', entries]);
        return answers.blobs ?? true;
      },
      async stagePaths(paths: unknown) {
        calls.push(['stagePaths', paths]);
        return answers.paths ?? true;
      },
    },
  } as unknown as Workspace;
  return { ws, calls };
}

describe('rollbackCommit', () => {
  test('commits every written file and the audit log, under the ticket', () => {
    expect(rollbackCommit(planOf(), 'artifacts')).toStrictEqual({
      paths: [WEIGHTS, EXTRA, 'model/manifest.json', 'reports/latest-bias-report.json', 'artifacts/audit-log.jsonl'],
      command:
        "git commit -m 'MLGOV-123 Roll back fraud-detection from 2.5.0 to 2.4.0' -- " +
        `${WEIGHTS} ${EXTRA} model/manifest.json reports/latest-bias-report.json artifacts/audit-log.jsonl`,
    });
  });

  test('without events the audit log is not part of the commit', () => {
    expect(rollbackCommit(planOf({ events: [] }), 'artifacts')).toStrictEqual({
      paths: [WEIGHTS, EXTRA, 'model/manifest.json', 'reports/latest-bias-report.json'],
      command:
        "git commit -m 'Roll back fraud-detection from 2.5.0 to 2.4.0' -- " +
        `${WEIGHTS} ${EXTRA} model/manifest.json reports/latest-bias-report.json`,
    });
  });

  test('events without a rollback event (or without a ticket) give a message without a ticket', () => {
    const archiveOnly = planOf().events.slice(0, 1);
    expect(rollbackCommit(planOf({ events: archiveOnly, writes: [] }), 'evidence')).toStrictEqual({
      paths: ['evidence/audit-log.jsonl'],
      command: "git commit -m 'Roll back fraud-detection from 2.5.0 to 2.4.0' -- evidence/audit-log.jsonl",
    });
  });

  test('a single quote in the ticket or a path is quoted for a POSIX shell', () => {
    const events = [{ ...planOf().events[1]!, ticket: "O'Brien-7" }];
    const writes = [{ path: "model/it's.bin", bytes: new Uint8Array([1]) }];
    expect(rollbackCommit(planOf({ events, writes }), 'artifacts').command).toBe(
      "git commit -m 'O'\\''Brien-7 Roll back fraud-detection from 2.5.0 to 2.4.0' -- 'model/it'\\''s.bin' artifacts/audit-log.jsonl",
    );
  });
});

describe('stageRollback', () => {
  test('stages the restored files as exact blobs and the rest with git add', async () => {
    const { ws, calls } = workspace();
    expect(await stageRollback(ws, planOf())).toStrictEqual({
      staged: [WEIGHTS, EXTRA, 'model/manifest.json', 'reports/latest-bias-report.json', 'artifacts/audit-log.jsonl'],
    });
    expect(calls).toStrictEqual([
      [
        'stageBlobs',
        [
          { path: WEIGHTS, mode: '100644', blob: 'a'.repeat(40) },
          { path: EXTRA, mode: '100755', blob: 'b'.repeat(40) },
        ],
      ],
      ['stagePaths', ['model/manifest.json', 'reports/latest-bias-report.json', 'artifacts/audit-log.jsonl']],
    ]);
  });

  test('git refusing the blobs stages nothing else and names the restored files', async () => {
    const { ws, calls } = workspace({ blobs: false });
    expect(await stageRollback(ws, planOf())).toStrictEqual({
      staged: [],
      failed: `git update-index refused the restored files (${WEIGHTS}, ${EXTRA})`,
    });
    expect(calls.map(([name]) => name)).toStrictEqual(['stageBlobs']);
  });

  test('git add refusing the rest reports the restored files staged and names the others', async () => {
    const { ws } = workspace({ paths: false });
    expect(await stageRollback(ws, planOf())).toStrictEqual({
      staged: [WEIGHTS, EXTRA],
      failed: 'git add refused model/manifest.json, reports/latest-bias-report.json, artifacts/audit-log.jsonl',
    });
  });
});
