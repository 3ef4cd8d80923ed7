/**
 * The period audit's verdicts (src/evidence/period-audit.ts, `buildAuditReport`), pure: one release at a time, each
 * way its bias report and its approvals can fail an auditor's question, with the exact verdict, reason and problem.
 * Also the period's bounds (a date is a whole UTC day), the worst metric across attributes, and how manifest
 * changes group into releases (same name, version and type: one release; a removal ends the one in force).
 */
import { describe, expect, it } from '@jest/globals';
import { buildArchivePlan } from '../../src/evidence/archive-plan.js';
import { buildChainedEvent, formatAuditLine, type AuditEvent } from '../../src/evidence/hash-chain.js';
import {
  auditBundleSubject,
  buildAuditReport,
  periodBound,
  sharedBiasThresholds,
  type ReleaseChangeInput,
} from '../../src/evidence/period-audit.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import { manifestDigest, reportDigest, sha256Hex } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { policyOrDefaults, readPolicyBytes } from '../../src/policy/read-policy.js';
import { POLICY_YAML, releaseFiles } from './fixtures.js';

const policy = policyOrDefaults(readPolicyBytes('.github/governance-policy.yml', Buffer.from(POLICY_YAML)));
const AT = '2026-03-01T10:00:00.000Z';

interface Release {
  manifest: Manifest;
  report: BiasReport | string | undefined;
}
function release(version = '1.0.0'): Release {
  const { files, manifest } = releaseFiles({ version, at: AT });
  return { manifest, report: JSON.parse(files['reports/latest-bias-report.json']!.toString('utf8')) as BiasReport };
}
/** The manifest re-bound to its report and re-approved by alice and bob, as a coherent release is. */
function coherent(r: Release): Release {
  const reportText = typeof r.report === 'string' ? r.report : JSON.stringify(r.report, null, 2) + '\n';
  const m = { ...r.manifest, biasReport: { ...r.manifest.biasReport, sha256: sha256Hex(reportText) } };
  delete m.approvals;
  const digest = manifestDigest(m);
  m.approvals = (r.manifest.approvals ?? []).map((a) => ({ ...a, manifestDigest: digest }));
  return { manifest: m, report: r.report };
}
const bytesOf = (r: Release): Pick<ReleaseChangeInput, 'manifest' | 'biasReport'> => ({
  manifest: Buffer.from(JSON.stringify(r.manifest, null, 2) + '\n'),
  ...(r.report !== undefined
    ? { biasReport: Buffer.from(typeof r.report === 'string' ? r.report : JSON.stringify(r.report, null, 2) + '\n') }
    : {}),
});

function audit(
  changes: Array<Partial<ReleaseChangeInput>>,
  over: { archiveFiles?: Record<string, Uint8Array>; log?: string; since?: string; until?: string } = {},
) {
  return buildAuditReport({
    ref: 'main',
    tipCommit: 'f'.repeat(40),
    since: over.since ?? '2026-01-01T00:00:00.000Z',
    until: over.until ?? '2026-12-31T23:59:59.999Z',
    generatedAt: '2026-12-02T00:00:00.000Z',
    toolVersion: '9.9.9',
    policy,
    models: [
      {
        policy,
        changes: changes.map((c, i) => ({
          commit: String(i + 1)
            .repeat(40)
            .slice(0, 40),
          committedAt: `2026-0${i + 2}-01T10:00:00.000Z`,
          subject: `release ${i + 1}`,
          ...c,
        })),
      },
    ],
    archiveFiles: over.archiveFiles ?? {},
    logs: [{ archiveDir: 'artifacts', text: over.log ?? '' }],
  });
}
const only = (r: Release) => {
  const report = audit([bytesOf(coherent(r))]);
  expect(report.releases).toHaveLength(1);
  return report.releases[0]!;
};

describe('periodBound', () => {
  it('a date is its whole UTC day; a full time is kept; anything else is no bound', () => {
    expect(periodBound('2026-03-01', false)).toBe('2026-03-01T00:00:00.000Z');
    expect(periodBound('2026-03-01', true)).toBe('2026-03-01T23:59:59.999Z');
    expect(periodBound('2026-03-01T10:00:00+02:00', true)).toBe('2026-03-01T08:00:00.000Z');
    // A day the month does not have is refused, not rolled over into the next month.
    expect(periodBound('2026-02-30', false)).toBeUndefined();
    expect(periodBound('2026-02-29', false)).toBeUndefined();
    expect(periodBound('2028-02-29', true)).toBe('2028-02-29T23:59:59.999Z');
    expect(periodBound('2026-13-01', false)).toBeUndefined();
    expect(periodBound('last week', false)).toBeUndefined();
    expect(periodBound('x2026-03-01', false)).toBeUndefined();
  });

  it('a time needs its zone, and the free forms Date.parse takes are refused, not read as a local day', () => {
    expect(periodBound('2026-03-31T23:59:59.999Z', true)).toBe('2026-03-31T23:59:59.999Z');
    expect(periodBound('2026-03-31T10:00Z', false)).toBe('2026-03-31T10:00:00.000Z');
    expect(periodBound('2026-03-31T00:30-01:00', false)).toBe('2026-03-31T01:30:00.000Z');
    for (const text of [
      '2026-03-31 ',
      ' 2026-03-31',
      'foo 2026-03-31',
      '+002026-03-31',
      '2026-03-31T10:00',
      '2026-03-31T10:00:00',
      '2026-03-31 10:00:00Z',
      '2026-03-31T24:00Z',
      '2026-03-31T10:60Z',
      '2026-03-31T10:00:00+2:00',
      '2026-02-30T10:00:00Z',
      'March 31, 2026',
    ]) {
      expect([text, periodBound(text, true)]).toStrictEqual([text, undefined]);
    }
  });

  it('a time is the whole text: nothing before the date or after the zone, a fraction of one to three digits', () => {
    expect(periodBound('2026-03-31T10:00:00.1Z', false)).toBe('2026-03-31T10:00:00.100Z');
    expect(periodBound('2026-03-31T10:00:00.12Z', false)).toBe('2026-03-31T10:00:00.120Z');
    expect(periodBound('2026-03-31T20:00-03:59', true)).toBe('2026-03-31T23:59:00.000Z');
    expect(periodBound('2026-03-31T01:00+23:00', true)).toBe('2026-03-30T02:00:00.000Z');
    for (const text of [
      'x2026-03-31T10:00Z',
      '12026-03-31T10:00Z',
      '2026-03-31T10:00Zx',
      '2026-03-31T10:00+01:00x',
      '2026-03-31T10:00:00.1234Z',
      '2026-03-31T10:00:00.Z',
      '2026-03-31T10:00:5Z',
      '2026-03-31T1:00Z',
      '2026-03-31T10:0Z',
      '2026-03-31T10:00+24:00',
      '2026-03-31T10:00+01:60',
      '2026-03-31T10:00+0100',
    ]) {
      expect([text, periodBound(text, false)]).toStrictEqual([text, undefined]);
    }
  });
});

describe('the bias report of a release', () => {
  it('approved: reviewed by the fairness reviewer for this content, within thresholds; the worst metric is reported', () => {
    const r = release();
    const report = r.report as BiasReport;
    report.attributes.push({
      name: 'age',
      groups: report.attributes[0]!.groups,
      metrics: {
        demographic_parity_difference: 0.05,
        disparate_impact_ratio: 0.9,
        note: 'x',
        undefinedMetric: null,
      } as never,
    });
    report.attributes[0]!.metrics = { demographic_parity_difference: 0.02, disparate_impact_ratio: 0.85 } as never;
    report.approvals = [{ ...report.approvals![0]!, reportDigest: reportDigest(report) }];
    const audited = only(r);
    expect(audited.bias).toEqual({
      verdict: 'approved',
      metrics: { demographic_parity_difference: 0.05, disparate_impact_ratio: 0.85 },
      reviewers: ['dave'],
    });
  });

  it('threshold-exceeded above a maximum or below a minimum; exactly at a limit is within', () => {
    const at = (metrics: Record<string, number>) => {
      const r = release();
      const report = r.report as BiasReport;
      report.attributes[0]!.metrics = metrics as never;
      report.approvals = [{ ...report.approvals![0]!, reportDigest: reportDigest(report) }];
      return only(r).bias.verdict;
    };
    const { max } = policy.bias.thresholds.demographic_parity_difference!;
    const { min } = policy.bias.thresholds.disparate_impact_ratio!;
    expect(at({ demographic_parity_difference: max! })).toBe('approved');
    expect(at({ demographic_parity_difference: max! + 0.001 })).toBe('threshold-exceeded');
    expect(at({ disparate_impact_ratio: min! })).toBe('approved');
    expect(at({ disparate_impact_ratio: min! - 0.001 })).toBe('threshold-exceeded');
  });

  it('not-reviewed: no approval, one by another role, one for other content, or not approved', () => {
    const variants: Array<(a: NonNullable<BiasReport['approvals']>[number]) => unknown> = [
      () => undefined,
      (a) => ({ ...a, role: 'governance-board' }),
      (a) => ({ ...a, reportDigest: 'sha256:' + '0'.repeat(64) }),
      (a) => ({ ...a, decision: 'abstained' }),
      () => 'not an object',
    ];
    for (const change of variants) {
      const r = release();
      const report = r.report as BiasReport;
      const changed = change(report.approvals![0]!);
      report.approvals = (changed === undefined ? [] : [changed]) as never;
      expect(only(r).bias).toEqual(expect.objectContaining({ verdict: 'not-reviewed', reviewers: [] }));
    }
  });

  it('rejected when any judgement rejects it, even beside an approval', () => {
    const r = release();
    const report = r.report as BiasReport;
    report.approvals = [report.approvals![0]!, { ...report.approvals![0]!, approver: 'erin', decision: 'rejected' }];
    expect(only(r).bias).toEqual(expect.objectContaining({ verdict: 'rejected', reviewers: ['dave'] }));
  });

  it('digest-mismatch when the manifest binds another report; missing; unreadable', () => {
    const r = coherent(release());
    r.manifest.biasReport.sha256 = '0'.repeat(64);
    expect(audit([bytesOf(r)]).releases[0]!.bias.verdict).toBe('digest-mismatch');
    expect(only({ ...release(), report: undefined }).bias).toEqual({ verdict: 'missing', metrics: {}, reviewers: [] });
    expect(only({ ...release(), report: '{not json' }).bias).toEqual({
      verdict: 'unreadable',
      metrics: {},
      reviewers: [],
    });
    expect(only({ ...release(), report: '[1]' }).bias).toEqual({ verdict: 'unreadable', metrics: {}, reviewers: [] });
  });
});

describe('the approvals of a release', () => {
  const withApprovals = (approvals: Array<Record<string, unknown>>) => {
    const r = coherent(release());
    const digest = manifestDigest({ ...r.manifest, approvals: [] });
    r.manifest.approvals = approvals.map((a) => ({
      decision: 'approved',
      at: AT,
      manifestDigest: digest,
      ...a,
    })) as never;
    return audit([bytesOf(r)]).releases[0]!;
  };

  it('met when every required role has its count of valid approvals', () => {
    const audited = withApprovals([
      { approver: 'alice', role: 'governance-board', note: 'fine' },
      { approver: 'bob', role: 'regulatory-affairs' },
    ]);
    expect(audited.approvalsVerdict).toBe('met');
    expect(audited.approvers).toEqual(['alice', 'bob']);
    expect(audited.approvals.map((a) => [a.approver, a.valid, a.note])).toEqual([
      ['alice', true, 'fine'],
      ['bob', true, null],
    ]);
  });

  it('each approval that does not count says why; incomplete when some count, none when none does', () => {
    const audited = withApprovals([
      { approver: 'alice', role: 'governance-board' },
      { approver: 'bob', role: 'regulatory-affairs', decision: 'rejected' },
      { approver: 'bob', role: 'regulatory-affairs', manifestDigest: 'sha256:' + '1'.repeat(64) },
      { approver: 'carol', role: 'regulatory-affairs' },
      { approver: 'alice', role: 'regulatory-affairs' },
    ]);
    expect(audited.approvalsVerdict).toBe('incomplete');
    expect(audited.approvers).toEqual(['alice']);
    expect(audited.approvals.map((a) => [a.approver, a.valid, a.why])).toEqual([
      ['alice', true, undefined],
      ['bob', false, 'decision rejected'],
      ['bob', false, 'bound to another manifest digest'],
      ['carol', false, 'not on the roster with this role'],
      ['alice', false, 'not on the roster with this role'],
    ]);
    expect(withApprovals([{ approver: 'carol', role: 'governance-board' }]).approvalsVerdict).toBe('none');
    expect(withApprovals([]).approvalsVerdict).toBe('none');
  });

  it('two approvals by one person in one role count once', () => {
    const audited = withApprovals([
      { approver: 'alice', role: 'governance-board' },
      { approver: 'alice', role: 'governance-board' },
    ]);
    expect(audited.approvers).toEqual(['alice']);
    expect(audited.approvalsVerdict).toBe('incomplete');
  });
});

describe('manifest changes as releases', () => {
  it('changes with the same name, version and type are one release; another version starts the next', () => {
    const v1 = bytesOf(coherent(release('1.0.0')));
    const v1again = bytesOf(coherent(release('1.0.0')));
    const v2 = bytesOf(coherent(release('2.0.0')));
    const report = audit([v1, v1again, v2]);
    expect(report.releases.map((r) => [r.version, r.commits.length, r.inForceFrom, r.inForceUntil])).toEqual([
      ['1.0.0', 2, '2026-02-01T10:00:00.000Z', '2026-04-01T10:00:00.000Z'],
      ['2.0.0', 1, '2026-04-01T10:00:00.000Z', null],
    ]);
  });

  it('a removed manifest ends the release in force; nothing is in force until the next', () => {
    const report = audit([bytesOf(coherent(release('1.0.0'))), {}, bytesOf(coherent(release('2.0.0')))]);
    expect(report.releases.map((r) => [r.version, r.inForceUntil])).toEqual([
      ['1.0.0', '2026-03-01T10:00:00.000Z'],
      ['2.0.0', null],
    ]);
  });

  it('a release type change of one version is another release', () => {
    const a = coherent(release('1.0.0'));
    const b = coherent({ ...release('1.0.0') });
    b.manifest.release = { type: 'rollback', reason: 'AUC dropped 8% (INC-1)', rollbackOf: '2.0.0' } as never;
    expect(audit([bytesOf(a), bytesOf(coherent(b))]).releases).toHaveLength(2);
  });
});

/** The archive `mlgov archive` writes for a release superseded at `commit`. */
function archiveOf(r: Release): Record<string, Uint8Array> {
  const b = bytesOf(r);
  const plan = buildArchivePlan({
    source: {
      commit: 'a'.repeat(40),
      manifestPath: 'model/manifest.json',
      manifestBytes: b.manifest!,
      biasReportPath: 'reports/latest-bias-report.json',
      ...(b.biasReport ? { biasReportBytes: b.biasReport } : {}),
    },
    archiveDir: 'artifacts',
    existing: {},
    alreadyLogged: false,
    now: new Date(AT),
    actor: 'release-bot',
    retentionYears: 5,
    toolVersion: '1.0.0',
  });
  if (plan.kind !== 'write') throw new Error(plan.kind);
  return Object.fromEntries(plan.writes.map((w) => [w.path, w.bytes]));
}

describe('the archive of a superseded release', () => {
  const v1 = coherent(release('1.0.0'));
  const v2 = coherent(release('2.0.0'));
  const DIR1 = 'artifacts/fraud-detection/1.0.0';

  it('intact: a byte copy with its checksum record and evidence index; the release in force is not due', () => {
    const report = audit([bytesOf(v1), bytesOf(v2)], { archiveFiles: archiveOf(v1) });
    expect(report.releases.map((r) => [r.version, r.archive, r.checksumRecord])).toEqual([
      ['1.0.0', { status: 'intact', dir: DIR1 }, 'present'],
      ['2.0.0', { status: 'not-due', dir: 'artifacts/fraud-detection/2.0.0' }, 'present'],
    ]);
  });

  it('missing: a failing problem and gap naming the folder', () => {
    const r1 = audit([bytesOf(v1), bytesOf(v2)]).releases[0]!;
    expect(r1.archive).toEqual({ status: 'missing', dir: DIR1 });
    expect(r1.checksumRecord).toBe('missing');
    expect(r1.problems).toContain('checksum record missing');
    expect(r1.problems).toContain(`archive missing (${DIR1})`);
    expect(r1.gaps).toContainEqual({ kind: 'no-archive', message: `archive missing (${DIR1})`, fails: true });
    expect(r1.verdict).toBe('fail');
  });

  it('altered: a copy of other bytes (manifest or bias report)', () => {
    for (const name of ['manifest.json', 'bias-report.json']) {
      const files = archiveOf(v1);
      files[`${DIR1}/${name}`] = Buffer.from('{}');
      const r1 = audit([bytesOf(v1), bytesOf(v2)], { archiveFiles: files }).releases[0]!;
      expect([name, r1.archive.status]).toEqual([name, 'altered']);
      expect(r1.problems).toContain(`archive altered: ${DIR1}/ is not a byte copy of the release`);
    }
  });

  it('incomplete: without its checksum record or its evidence index; a record that misses an artifact', () => {
    for (const name of ['checksums.sha256', 'evidence.json']) {
      const files = archiveOf(v1);
      delete files[`${DIR1}/${name}`];
      const r1 = audit([bytesOf(v1), bytesOf(v2)], { archiveFiles: files }).releases[0]!;
      expect([name, r1.archive.status]).toEqual([name, 'incomplete']);
      expect(r1.problems).toContain(`archive incomplete: ${DIR1}/ lacks checksums.sha256 or evidence.json`);
    }
    const files = archiveOf(v1);
    files[`${DIR1}/checksums.sha256`] = Buffer.from(`${'0'.repeat(64)}  ${v1.manifest.artifacts[0]!.path}\n`);
    const r1 = audit([bytesOf(v1), bytesOf(v2)], { archiveFiles: files }).releases[0]!;
    expect(r1.checksumRecord).toBe('incomplete');
    expect(r1.problems).toContain('checksum record incomplete');
    const noRecord = archiveOf(v1);
    delete noRecord[`${DIR1}/checksums.sha256`];
    expect(audit([bytesOf(v1), bytesOf(v2)], { archiveFiles: noRecord }).releases[0]!.checksumRecord).toBe('missing');
  });

  it('a release whose artifacts carry no usable digest has no checksum record', () => {
    const bad = coherent({ ...release('1.0.0') });
    bad.manifest.artifacts = [{ path: 'model/x.onnx', sha256: 'ABC', size: 1 }];
    const r = audit([bytesOf(coherent(bad))]).releases[0]!;
    expect(r.checksumRecord).toBe('missing');
    expect(r.problems).toContain('checksum record missing');
  });
});

describe('the problems of a release, and the report', () => {
  it('each failed question is one problem, in order; the report fails with its counts', () => {
    const r = coherent(release());
    r.manifest.approvals = [];
    (r.report as BiasReport).approvals = [];
    const report = audit([bytesOf(coherent(r))]);
    expect(report.releases[0]!.problems.slice(0, 2)).toEqual(['no valid approval', 'bias report not-reviewed']);
    expect(report.verdict).toBe('fail');
    expect(report.summary).toEqual({ releases: 1, passed: 0, failed: 1 });
  });

  it('approvals that do not fill the roles name what is required', () => {
    const r = coherent(release());
    r.manifest.approvals = r.manifest.approvals!.slice(0, 1);
    expect(audit([bytesOf(r)]).releases[0]!.problems).toContain(
      'approvals do not meet the required roles (1× governance-board, 1× regulatory-affairs)',
    );
  });

  it('an unreadable manifest is a failed release with nothing judged', () => {
    const report = audit([{ manifest: Buffer.from('{not json') }]);
    expect(report.releases[0]).toStrictEqual({
      model: '?',
      version: '?',
      releaseType: '?',
      commit: '1'.repeat(40),
      commits: ['1'.repeat(40)],
      inForceFrom: '2026-02-01T10:00:00.000Z',
      inForceUntil: null,
      jira: null,
      manifestDigest: null,
      approvals: [],
      approvers: [],
      approvalsVerdict: 'none',
      bias: { verdict: 'unreadable', metrics: {}, reviewers: [] },
      checksumRecord: 'missing',
      archive: { status: 'missing', dir: null },
      events: [],
      fairnessReview: [],
      rejections: [],
      jiraSnapshot: null,
      forced: null,
      rollback: null,
      policyFile: null,
      gaps: [],
      verdict: 'fail',
      problems: [
        `model/manifest.json at ${'1'.repeat(12)} is not valid JSON (or holds a number too large for a double)`,
      ],
    });
    expect(report.summary).toStrictEqual({ releases: 1, passed: 0, failed: 1 });
  });

  it('only releases in force during the period: one that ended before it, or began after it, is left out', () => {
    const v1 = bytesOf(coherent(release('1.0.0')));
    const v2 = bytesOf(coherent(release('2.0.0')));
    // v1 in force 1 Feb – 1 Mar, v2 from 1 Mar.
    const versions = (since: string, until: string) => audit([v1, v2], { since, until }).releases.map((r) => r.version);
    expect(versions('2026-03-01T10:00:00.000Z', '2026-12-31T00:00:00.000Z')).toEqual(['2.0.0']);
    expect(versions('2026-03-01T09:59:59.999Z', '2026-12-31T00:00:00.000Z')).toEqual(['1.0.0', '2.0.0']);
    expect(versions('2026-01-01T00:00:00.000Z', '2026-03-01T09:59:59.999Z')).toEqual(['1.0.0']);
    expect(versions('2026-01-01T00:00:00.000Z', '2026-03-01T10:00:00.000Z')).toEqual(['1.0.0', '2.0.0']);
  });

  it('the audit log: an empty one verifies; a broken one fails the report, naming the line', () => {
    const r = bytesOf(coherent(release()));
    expect(audit([r]).auditLog).toEqual({ ok: true, events: 0 });
    const event = buildChainedEvent(undefined, {
      at: AT,
      actor: 'alice',
      action: 'approve',
      model: 'fraud-detection',
      version: '1.0.0',
      reason: null,
      ticket: null,
    });
    const broken = audit([r], { log: formatAuditLine(event).replace('alice', 'mallory') + '\n' });
    expect(broken.auditLog).toEqual({
      ok: false,
      events: 0,
      problem: "line 1 (seq 1): hash does not match the event's content; the event was edited after it was written",
      line: 1,
    });
    expect(broken.verdict).toBe('fail');
    expect(auditBundleSubject(broken)).toEqual({
      ref: 'main',
      commit: 'f'.repeat(40),
      period: { since: '2026-01-01T00:00:00.000Z', until: '2026-12-31T23:59:59.999Z' },
      verdict: 'fail',
    });
  });

  it('shared thresholds: the policy’s when no model is audited or all share them; none when they differ', () => {
    expect(sharedBiasThresholds({ models: [], policy })).toBe(policy.bias.thresholds);
    expect(
      sharedBiasThresholds({
        models: [
          { policy, changes: [] },
          { policy, changes: [] },
        ],
        policy,
      }),
    ).toEqual(policy.bias.thresholds);
    const other = { ...policy, bias: { ...policy.bias, thresholds: {} } };
    expect(
      sharedBiasThresholds({
        models: [
          { policy, changes: [] },
          { policy: other, changes: [] },
        ],
        policy,
      }),
    ).toEqual({});
  });
});

describe('a release that passes, whole', () => {
  it('every answer of an approved, reviewed release in force, and a passing report', () => {
    const r = coherent(release('1.0.0'));
    const report = audit([bytesOf(r)]);
    const digest = manifestDigest(r.manifest);
    const biasReport = r.report as BiasReport;
    expect(report.releases[0]).toStrictEqual({
      model: 'fraud-detection',
      version: '1.0.0',
      releaseType: 'promotion',
      commit: '1'.repeat(40),
      commits: ['1'.repeat(40)],
      inForceFrom: '2026-02-01T10:00:00.000Z',
      inForceUntil: null,
      jira: 'MLGOV-100',
      manifestDigest: digest,
      approvals: [
        { approver: 'alice', role: 'governance-board', decision: 'approved', at: AT, note: null, valid: true },
        { approver: 'bob', role: 'regulatory-affairs', decision: 'approved', at: AT, note: null, valid: true },
      ],
      approvers: ['alice', 'bob'],
      approvalsVerdict: 'met',
      bias: { verdict: 'approved', metrics: { demographic_parity_difference: 0.02 }, reviewers: ['dave'] },
      checksumRecord: 'present',
      archive: { status: 'not-due', dir: 'artifacts/fraud-detection/1.0.0' },
      events: [],
      fairnessReview: [{ by: 'dave', role: 'fairness-reviewer', decision: 'approved', at: AT, note: null }],
      rejections: [],
      jiraSnapshot: null,
      forced: null,
      rollback: null,
      policyFile: null,
      gaps: expect.any(Array),
      verdict: 'pass',
      problems: [],
    });
    expect(biasReport.approvals).toHaveLength(1);
    expect(report.verdict).toBe('pass');
    expect(report.summary).toStrictEqual({ releases: 1, passed: 1, failed: 0 });
    expect(report.tool).toStrictEqual({ name: 'mlgov', version: '9.9.9' });
    expect(Object.keys(report)).not.toContain('models');
  });

  it('a rejection by the board merged anyway is a problem naming who, as what, when and why', () => {
    const r = coherent(release());
    const digest = manifestDigest({ ...r.manifest, approvals: [] });
    r.manifest.approvals = [
      ...r.manifest.approvals!,
      {
        approver: 'carol',
        role: 'governance-board',
        decision: 'rejected',
        at: AT,
        manifestDigest: digest,
        note: 'drift',
      },
      { approver: 'erin', role: 'governance-board', decision: 'rejected', at: AT, manifestDigest: digest },
    ] as never;
    const problems = audit([bytesOf(r)]).releases[0]!.problems;
    expect(problems).toContain(`rejected by carol (governance-board) at ${AT}: drift`);
    expect(problems).toContain(`rejected by erin (governance-board) at ${AT}`);
  });
});

describe('an audit of several models', () => {
  it('a verdict per model with its own log, the release named by the policy, and the failing one explained', () => {
    const good = coherent(release('1.0.0'));
    const bad = coherent(release('1.0.0'));
    bad.manifest.approvals = [];
    const churn = {
      ...policy,
      model: { ...policy.model, manifest: 'churn/manifest.json', archiveDir: 'artifacts/churn' },
    };
    const change = (b: Pick<ReleaseChangeInput, 'manifest' | 'biasReport'>, n: string): ReleaseChangeInput => ({
      commit: n.repeat(40),
      committedAt: '2026-02-01T10:00:00.000Z',
      subject: 's',
      ...b,
    });
    const report = buildAuditReport({
      ref: 'main',
      tipCommit: 'f'.repeat(40),
      since: '2026-01-01T00:00:00.000Z',
      until: '2026-12-31T23:59:59.999Z',
      generatedAt: '2026-12-02T00:00:00.000Z',
      toolVersion: '9.9.9',
      policy,
      listsModels: true,
      models: [
        { name: 'fraud', policy, changes: [change(bytesOf(good), 'a')] },
        { name: 'churn', policy: churn, changes: [change(bytesOf(bad), 'b')] },
      ],
      archiveFiles: {},
      logs: [
        { archiveDir: 'artifacts', text: '' },
        { archiveDir: 'artifacts/churn/', text: '' },
      ],
    });
    expect(report.releases.map((r) => [r.governedAs, r.verdict])).toStrictEqual([
      ['fraud', 'pass'],
      ['churn', 'fail'],
    ]);
    expect(report.models).toStrictEqual([
      {
        name: 'fraud',
        manifest: 'model/manifest.json',
        biasReport: 'reports/latest-bias-report.json',
        auditLog: 'artifacts/audit-log.jsonl',
        verdict: 'pass',
        summary: { releases: 1, passed: 1, failed: 0 },
        problems: [],
      },
      {
        name: 'churn',
        manifest: 'churn/manifest.json',
        biasReport: 'reports/latest-bias-report.json',
        auditLog: 'artifacts/churn/audit-log.jsonl',
        verdict: 'fail',
        summary: { releases: 1, passed: 0, failed: 1 },
        problems: [`1.0.0 (${'b'.repeat(12)}): no valid approval`],
      },
    ]);
    expect(report.auditLogs).toStrictEqual([
      { path: 'artifacts/audit-log.jsonl', ok: true, events: 0 },
      { path: 'artifacts/churn/audit-log.jsonl', ok: true, events: 0 },
    ]);
    expect(report.verdict).toBe('fail');
    expect(auditBundleSubject(report)).toStrictEqual(
      expect.objectContaining({
        models: [
          { name: 'fraud', verdict: 'pass' },
          { name: 'churn', verdict: 'fail' },
        ],
      }),
    );
  });
});

describe('a rollback in force, and the events of a release', () => {
  const v1 = coherent(release('1.0.0'));
  const v2 = coherent(release('2.0.0'));
  const DIR1 = 'artifacts/fraud-detection/1.0.0';
  /** v1 restored: release replaced, approvals given again for the new digest. */
  const rollback = (): Release => {
    const r = coherent(release('1.0.0'));
    r.manifest.release = { type: 'rollback', reason: 'AUC dropped 8% (INC-1)', rollbackOf: '2.0.0' } as never;
    return coherent(r);
  };
  const statusOf = (files: Record<string, Uint8Array>) =>
    audit([bytesOf(v1), bytesOf(v2), bytesOf(rollback())], { archiveFiles: files }).releases[2]!;

  it("restores the primary archive: intact when the archived manifest is the rollback's apart from what it may change", () => {
    const r = statusOf(archiveOf(v1));
    expect(r.archive).toStrictEqual({ status: 'intact', dir: DIR1 });
    expect(r.releaseType).toBe('rollback');
  });

  it('altered when the archived release differs in what a rollback keeps; incomplete or missing otherwise', () => {
    const other = archiveOf(v1);
    other[`${DIR1}/manifest.json`] = bytesOf(coherent(release('1.0.1'))).manifest!;
    const altered = statusOf(other);
    expect(altered.archive.status).toBe('altered');
    expect(altered.problems).toContain(
      `rollback does not restore ${DIR1}/: its manifest differs from the archived one apart from what a rollback may change (release, approvals, jira)`,
    );
    const noReport = archiveOf(v1);
    delete noReport[`${DIR1}/bias-report.json`];
    expect(statusOf(noReport).archive.status).toBe('altered');
    const noIndex = archiveOf(v1);
    delete noIndex[`${DIR1}/evidence.json`];
    expect(statusOf(noIndex).archive.status).toBe('incomplete');
    const noSums = archiveOf(v1);
    delete noSums[`${DIR1}/checksums.sha256`];
    expect(statusOf(noSums).archive.status).toBe('incomplete');
    expect(statusOf({}).archive).toStrictEqual({ status: 'missing', dir: DIR1 });
  });

  it("the release's events: its model and version only, in log order, as seq, time, action and actor", () => {
    const events: AuditEvent[] = [];
    const add = (version: string, action: 'approve' | 'archive' | 'promote', model = 'fraud-detection') => {
      events.push(
        buildChainedEvent(events[events.length - 1], {
          at: `2026-02-0${events.length + 1}T12:00:00.000Z`,
          actor: `actor${events.length + 1}`,
          action,
          model,
          version,
          reason: null,
          ticket: null,
        }),
      );
    };
    add('1.0.0', 'approve');
    add('1.0.0', 'approve', 'churn');
    add('2.0.0', 'approve');
    add('1.0.0', 'promote');
    const log = events.map((e) => formatAuditLine(e) + '\n').join('');
    const r = audit([bytesOf(v1)], { log }).releases[0]!;
    expect(r.events).toStrictEqual([
      { seq: 1, at: '2026-02-01T12:00:00.000Z', action: 'approve', actor: 'actor1' },
      { seq: 4, at: '2026-02-04T12:00:00.000Z', action: 'promote', actor: 'actor4' },
    ]);
  });
});
