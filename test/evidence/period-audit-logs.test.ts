/**
 * The audit logs in the period audit (src/evidence/period-audit.ts, `judgeAuditLog`, `buildAuditReport`,
 * `modelVerdict`), pure. A log whose chain verifies at the tip but whose history in git was re-written or deleted
 * does not verify (the history is what the chain cannot show, so its problem is the one reported). The report's log
 * is the tip policy's (its folder written with or without trailing slashes); without one, the first log given;
 * without any, an empty log, which verifies. Every log must verify for the period to pass. A model's verdict names
 * its broken log and each failing release with all of its problems. Also what the report says per release when
 * the policy lists its models, the policy file each release was judged by, and its `s3://` objects.
 */
import { describe, expect, it } from '@jest/globals';
import type { LogVersion } from '../../src/evidence/log-history.js';
import type { PeriodAuditInput } from '../../src/evidence/period-audit.js';
import { sha256Hex } from '../../src/formats/canonical-digest.js';
import { audit, bytesOf, coherent, logOf, release, type Release } from './period-audit-fixtures.js';

const V1 = coherent(release('1.0.0'));
const A_LOG = logOf([
  { action: 'promote', at: '2026-02-01T11:00:00.000Z' },
  { action: 'archive', at: '2026-02-02T11:00:00.000Z', actor: 'alice' },
]).text;
const REWRITTEN = logOf([
  { action: 'promote', at: '2026-02-01T11:00:00.000Z' },
  { action: 'archive', at: '2026-02-02T11:00:00.000Z', actor: 'mallory' },
]).text;
/** The log with its first event's actor edited after the chain was written. */
const BROKEN = A_LOG.replace('actor1', 'mallory');
const BROKEN_PROBLEM =
  "line 1 (seq 1): hash does not match the event's content; the event was edited after it was written";

const version = (commit: string, text: string | undefined): LogVersion => ({
  commit: commit.repeat(40),
  committedAt: '2026-02-03T10:00:00.000Z',
  subject: `log ${commit}`,
  ...(text !== undefined ? { text } : {}),
});

describe('the history of the log', () => {
  it('a log that only grew verifies, with the number of versions read', () => {
    const report = audit([bytesOf(V1)], {
      log: A_LOG,
      logHistory: [version('a', A_LOG.split('\n')[0] + '\n'), version('b', A_LOG)],
    });
    expect(report.auditLog).toStrictEqual({ ok: true, events: 2, history: { ok: true, versions: 2 } });
    expect(report.verdict).toBe('pass');
  });

  it('a re-written log that verifies at the tip does not verify: the history’s problem, line and commit', () => {
    const report = audit([bytesOf(V1)], { log: REWRITTEN, logHistory: [version('a', A_LOG), version('b', REWRITTEN)] });
    expect(report.auditLog).toStrictEqual({
      ok: false,
      events: 2,
      problem: `artifacts/audit-log.jsonl at ${'b'.repeat(12)} (2026-02-03, "log b") does not extend the version of ${'a'.repeat(12)}: line 2 differs (an event was removed, edited, reordered or inserted, and the log re-written)`,
      line: 2,
      history: { ok: false, versions: 2, commit: 'b'.repeat(40) },
    });
    expect(report.verdict).toBe('fail');
  });

  it('a log deleted once: the history’s problem, with no line', () => {
    const report = audit([bytesOf(V1)], {
      log: A_LOG,
      logHistory: [version('a', A_LOG), version('b', undefined), version('c', A_LOG)],
    });
    expect(report.auditLog).toStrictEqual({
      ok: false,
      events: 2,
      problem: `artifacts/audit-log.jsonl was deleted at ${'b'.repeat(12)} (2026-02-03, "log b"); the audit log is append-only and is never removed`,
      history: { ok: false, versions: 3, commit: 'b'.repeat(40) },
    });
  });
});

describe('which log is the report’s, and the period’s verdict', () => {
  const withLogs = (logs: PeriodAuditInput['logs']) => audit([bytesOf(V1)], { over: { logs } });

  it('the tip policy’s log, its folder named with trailing slashes; any other broken log fails the period', () => {
    const report = withLogs([
      { archiveDir: 'other', text: BROKEN },
      { archiveDir: 'artifacts//', text: A_LOG },
    ]);
    expect(report.auditLog).toStrictEqual({ ok: true, events: 2 });
    // The model's events come from its own folder's log.
    expect(report.releases[0]!.events.map((e) => e.seq)).toStrictEqual([1, 2]);
    expect(report.releases[0]!.verdict).toBe('pass');
    expect(report.verdict).toBe('fail');
  });

  it('without the tip policy’s log, the first log given; the model then has no events', () => {
    const report = withLogs([{ archiveDir: 'other', text: BROKEN }]);
    expect(report.auditLog).toStrictEqual({ ok: false, events: 0, problem: BROKEN_PROBLEM, line: 1 });
    expect(report.releases[0]!.events).toStrictEqual([]);
    expect(report.verdict).toBe('fail');
  });

  it('without any log, an empty one: it verifies', () => {
    const report = withLogs([]);
    expect(report.auditLog).toStrictEqual({ ok: true, events: 0 });
    expect(report.verdict).toBe('pass');
  });
});

describe('a policy that lists its models', () => {
  const listed = (changes: Array<Record<string, unknown>>, log = '') =>
    audit(changes, { over: { listsModels: true }, model: { name: 'fraud' }, log });

  it('a model’s verdict names its broken log, and each failing release with all of its problems', () => {
    const r: Release = coherent(release('1.0.0'));
    r.manifest.approvals = [];
    r.report!.approvals = [];
    const report = listed([bytesOf(coherent(r))], BROKEN);
    expect(report.models![0]!.problems).toStrictEqual([
      `1.0.0 (${'1'.repeat(12)}): no valid approval; bias report not-reviewed`,
      `artifacts/audit-log.jsonl: ${BROKEN_PROBLEM}`,
    ]);
    expect(report.models![0]!.verdict).toBe('fail');
  });

  it('an unreadable manifest is still the model’s release', () => {
    const report = listed([{ manifest: Buffer.from('{not json') }]);
    expect(report.releases[0]!.governedAs).toBe('fraud');
    expect(report.releases[0]!.problems).toStrictEqual([
      `model/manifest.json at ${'1'.repeat(12)} is not valid JSON (or holds a number too large for a double)`,
    ]);
  });

  it('a model named while the policy lists none: no release says which model governs it', () => {
    const report = audit([bytesOf(V1)], { model: { name: 'fraud' } });
    expect(Object.keys(report.releases[0]!)).not.toContain('governedAs');
    expect(report.models).toBeUndefined();
  });
});

describe('what else the report says of a release', () => {
  it('the policy file it was judged by, as the bundle names it', () => {
    const report = audit([bytesOf(V1)], { over: { policyFiles: { ['1'.repeat(40)]: Buffer.from('version: 1\n') } } });
    expect(report.releases[0]!.policyFile).toBe(`policies/${'1'.repeat(12)}.yml`);
  });

  it('its s3:// objects and what the store answered for each', () => {
    const PINNED = 's3://models/fraud/w.onnx?versionId=v1';
    const r = release('1.0.0');
    r.manifest.artifacts = [{ path: PINNED, sha256: sha256Hex('w'), size: 1 }];
    const report = audit([bytesOf(coherent(r))], {
      over: { objectChecks: { [PINNED]: { kind: 'found', versionId: 'v1', size: 1 } } },
    });
    expect(report.releases[0]!.objects).toStrictEqual([
      { path: PINNED, bucket: 'models', key: 'fraud/w.onnx', versionId: 'v1', status: 'exists' },
    ]);
    expect(report.releases[0]!.verdict).toBe('pass');
    expect(Object.keys(audit([bytesOf(V1)]).releases[0]!)).not.toContain('objects');
  });
});
