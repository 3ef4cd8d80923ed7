import { describe, expect, it } from '@jest/globals';
import {
  buildArchivePlan,
  isArchiveLogged,
  isRollbackFolder,
  rollbackArchiveFolder,
  type ArchivePlanInput,
} from '../../src/evidence/archive-plan.js';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import { releaseFiles } from './fixtures.js';

const NOW = new Date('2025-06-01T10:00:00Z');
const { files, manifest } = releaseFiles({ version: '1.0.0', at: '2025-02-01T10:00:00Z' });
const original = files['model/manifest.json']!;
const report = files['reports/latest-bias-report.json']!;
const rollbackValue = {
  ...manifest,
  release: { type: 'rollback', reason: 'AUC dropped on live traffic (INC-7)', rollbackOf: '2.0.0' },
};
delete (rollbackValue as { approvals?: unknown }).approvals;
const rollbackBytes = Buffer.from(JSON.stringify(rollbackValue, null, 2) + '\n');
const PRIMARY = 'artifacts/fraud-detection/1.0.0';
const RB = rollbackArchiveFolder('artifacts', 'fraud-detection', '1.0.0', manifestDigest(rollbackValue));

const input = (over: Partial<ArchivePlanInput> = {}): ArchivePlanInput => ({
  source: {
    commit: 'c'.repeat(40),
    manifestPath: 'model/manifest.json',
    manifestBytes: rollbackBytes,
    biasReportPath: 'reports/latest-bias-report.json',
    biasReportBytes: report,
  },
  archiveDir: 'artifacts',
  existing: { 'manifest.json': original, 'bias-report.json': report },
  alreadyLogged: false,
  now: NOW,
  actor: 'rm-bot',
  retentionYears: 5,
  toolVersion: '1.0.0',
  ...over,
});

describe('buildArchivePlan for a rollback release', () => {
  it('places it in rollback-<digest12>/ beside the primary archive, with rollbackOf and restoredFrom', () => {
    expect(RB).toBe(`${PRIMARY}/rollback-${manifestDigest(rollbackValue).slice(7, 19)}`);
    const plan = buildArchivePlan(input());
    expect(plan).toMatchObject({ kind: 'write', dir: RB, restores: PRIMARY, version: '1.0.0' });
    if (plan.kind !== 'write') throw new Error(plan.kind);
    expect(plan.writes.map((w) => w.path)).toEqual([
      `${RB}/manifest.json`,
      `${RB}/bias-report.json`,
      `${RB}/checksums.sha256`,
      `${RB}/evidence.json`,
    ]);
    const evidence = JSON.parse(Buffer.from(plan.writes[3]!.bytes).toString('utf8'));
    expect(evidence).toMatchObject({ rollbackOf: '2.0.0', restoredFrom: PRIMARY });
    expect(plan.events[0]!.details).toMatchObject({ dir: RB, rollbackOf: '2.0.0', restoredFrom: PRIMARY });
  });

  it('completes a partial rollback folder, and is unchanged once complete and logged', () => {
    const first = buildArchivePlan(input());
    if (first.kind !== 'write') throw new Error(first.kind);
    const done = Object.fromEntries(first.writes.map((w) => [w.path.slice(RB.length + 1), w.bytes]));
    const partial = buildArchivePlan(input({ existingRollback: { 'manifest.json': done['manifest.json']! } }));
    expect(partial.kind === 'write' && partial.writes.map((w) => w.path)).toEqual([
      `${RB}/bias-report.json`,
      `${RB}/checksums.sha256`,
      `${RB}/evidence.json`,
    ]);
    expect(buildArchivePlan(input({ existingRollback: done, alreadyLogged: true }))).toEqual({
      kind: 'unchanged',
      model: 'fraud-detection',
      version: '1.0.0',
      dir: RB,
      restores: PRIMARY,
    });
  });

  it('refuses, naming the file, a rollback folder holding other bytes, a forged rollback, and a non-rollback', () => {
    const other = buildArchivePlan(input({ existingRollback: { 'bias-report.json': Buffer.from('{}\n') } }));
    expect(other).toMatchObject({ kind: 'conflict', file: `${RB}/bias-report.json`, dir: RB });

    const forgedValue = { ...rollbackValue, artifacts: [{ ...manifest.artifacts[0]!, sha256: 'd'.repeat(64) }] };
    const forged = buildArchivePlan(
      input({ source: { ...input().source, manifestBytes: Buffer.from(JSON.stringify(forgedValue)) } }),
    );
    expect(forged).toMatchObject({ kind: 'conflict', file: `${PRIMARY}/manifest.json` });
    expect(forged.kind === 'conflict' && forged.message).toContain('is a rollback that does not restore it');

    const noReport = buildArchivePlan(input({ existing: { 'manifest.json': original } }));
    expect(noReport).toMatchObject({ kind: 'conflict', file: `${PRIMARY}/bias-report.json` });

    const promotion = { ...rollbackValue, release: { type: 'promotion', reason: 'Re-release 1.0.0 as it was' } };
    const plain = buildArchivePlan(
      input({ source: { ...input().source, manifestBytes: Buffer.from(JSON.stringify(promotion)) } }),
    );
    expect(plain).toMatchObject({ kind: 'conflict', file: `${PRIMARY}/manifest.json` });
    expect(plain.kind === 'conflict' && plain.message).toContain('already holds different evidence');
  });

  it('uses the primary folder when it is empty or holds the same bytes', () => {
    expect(buildArchivePlan(input({ existing: {} }))).toMatchObject({ kind: 'write', dir: PRIMARY });
    const same = buildArchivePlan(input({ existing: { 'manifest.json': rollbackBytes } }));
    expect(same).toMatchObject({ kind: 'write', dir: PRIMARY });
    expect(same.kind === 'write' && 'restores' in same).toBe(false);
  });
});

describe('isArchiveLogged', () => {
  const ev = (version: string, dir?: string) => ({
    action: 'archive',
    model: 'fraud-detection',
    version,
    ...(dir ? { details: { dir } } : {}),
  });
  it('tells the primary archive event from a rollback folder event', () => {
    expect(isRollbackFolder(RB)).toBe(true);
    expect(isRollbackFolder(PRIMARY)).toBe(false);
    expect(isArchiveLogged([ev('1.0.0', PRIMARY)], 'fraud-detection', '1.0.0', PRIMARY)).toBe(true);
    expect(isArchiveLogged([ev('1.0.0')], 'fraud-detection', '1.0.0', PRIMARY)).toBe(true);
    expect(isArchiveLogged([ev('1.0.0', PRIMARY)], 'fraud-detection', '1.0.0', RB)).toBe(false);
    expect(isArchiveLogged([ev('1.0.0', RB)], 'fraud-detection', '1.0.0', PRIMARY)).toBe(false);
    expect(isArchiveLogged([ev('1.0.0', RB)], 'fraud-detection', '1.0.0', RB)).toBe(true);
    expect(isArchiveLogged([ev('1.1.0', RB)], 'fraud-detection', '1.0.0', RB)).toBe(false);
  });
});
