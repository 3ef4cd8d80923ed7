/**
 * The period audit's verdicts (src/evidence/period-audit.ts, `buildAuditReport`), pure: one release at a time, each
 * way its bias report and its approvals can fail an auditor's question, with the exact verdict, reason and problem.
 * Also the period's bounds (a date is a whole UTC day), the worst metric across attributes, and how manifest
 * changes group into releases (same name, version and type: one release; a removal ends the one in force).
 */
import { describe, expect, it } from '@jest/globals';
import { buildAuditReport, periodBound, type ReleaseChangeInput } from '../../src/evidence/period-audit.js';
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

function audit(changes: Array<Partial<ReleaseChangeInput>>) {
  return buildAuditReport({
    ref: 'main',
    tipCommit: 'f'.repeat(40),
    since: '2026-01-01T00:00:00.000Z',
    until: '2026-12-31T23:59:59.999Z',
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
    archiveFiles: {},
    logs: [{ archiveDir: 'artifacts', text: '' }],
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
});

describe('the bias report of a release', () => {
  it('approved: reviewed by the fairness reviewer for this content, within thresholds; the worst metric is reported', () => {
    const r = release();
    const report = r.report as BiasReport;
    report.attributes.push({
      name: 'age',
      groups: report.attributes[0]!.groups,
      metrics: { demographic_parity_difference: 0.05, disparate_impact_ratio: 0.9, note: 'x', undefinedMetric: null } as never,
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
