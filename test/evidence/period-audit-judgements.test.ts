/**
 * What the period audit reads from a release's own documents (src/evidence/period-audit.ts: `summariseMetrics`,
 * `beyond`, `judgeBias`, `judgeApprovals`, `auditRelease`), pure, at the edges a hand-written or hostile document
 * reaches: attributes and judgements that are not objects are skipped (never a crash), a metric that is not a
 * number is not reported, a metric the policy sets no limit for cannot exceed one, any one metric beyond its
 * limit is enough; a policy without a roster counts every approval of the required role, and a role needs as many
 * different people as it requires; a release with no type or no Jira key says so. A manifest that is JSON but not an
 * object is unreadable, each one its own release.
 */
import { describe, expect, it } from '@jest/globals';
import type { BiasReport } from '../../src/formats/bias-report.js';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import type { Policy } from '../../src/policy/policy.js';
import { AT, audit, bytesOf, coherent, manifestBytes, policy, release, type Release } from './period-audit-fixtures.js';

/** The one release of `r` (made coherent), judged by `p`. */
const judged = (r: Release, p: Policy = policy) => audit([bytesOf(coherent(r))], { policy: p }).releases[0]!;

/** A release whose bias report has these attributes. */
function withAttributes(attributes: unknown[]): Release {
  const r = release();
  (r.report as BiasReport).attributes = attributes as never;
  return r;
}

describe('the metrics of a bias report', () => {
  it('attributes or metrics that are not objects, and values that are not numbers, are skipped', () => {
    const r = withAttributes([
      null,
      { name: 'region' },
      { name: 'age', metrics: { demographic_parity_difference: null, disparate_impact_ratio: 0.9, note: 'x' } },
      { name: 'sex', metrics: { demographic_parity_difference: 0.03 } },
    ]);
    expect(judged(r).bias).toStrictEqual({
      verdict: 'approved',
      metrics: { demographic_parity_difference: 0.03, disparate_impact_ratio: 0.9 },
      reviewers: ['dave'],
    });
  });

  it('a metric the policy sets no limit for is reported and cannot exceed one', () => {
    const onlyParity = {
      ...policy,
      bias: { ...policy.bias, thresholds: { demographic_parity_difference: { max: 0.1 } } },
    };
    const r = withAttributes([{ name: 'sex', metrics: { equalized_odds_difference: 0.9 } }]);
    expect(judged(r, onlyParity).bias).toStrictEqual({
      verdict: 'approved',
      metrics: { equalized_odds_difference: 0.9 },
      reviewers: ['dave'],
    });
  });

  it('one metric beyond its limit is enough, whatever the others', () => {
    const r = withAttributes([
      { name: 'sex', metrics: { demographic_parity_difference: 0.02, disparate_impact_ratio: 0.5 } },
    ]);
    expect(judged(r).bias.verdict).toBe('threshold-exceeded');
    expect(judged(r).problems).toStrictEqual(['bias report threshold-exceeded']);
  });

  it('a judgement that is not an object is skipped beside the reviewer’s approval', () => {
    const r = release();
    const report = r.report as BiasReport;
    report.approvals = [null, ...report.approvals!] as never;
    expect(judged(r).bias).toStrictEqual({
      verdict: 'approved',
      metrics: { demographic_parity_difference: 0.02 },
      reviewers: ['dave'],
    });
  });
});

describe('the approvals of a manifest', () => {
  /** The release approved by `approvals` (bound to its digest unless they say otherwise), judged by `p`. */
  function approvedBy(approvals: unknown[], p: Policy = policy) {
    const r = coherent(release());
    const digest = manifestDigest({ ...r.manifest, approvals: [] });
    r.manifest.approvals = approvals.map((a) =>
      a !== null && typeof a === 'object' ? { decision: 'approved', at: AT, manifestDigest: digest, ...a } : a,
    ) as never;
    return audit([bytesOf(r)], { policy: p }).releases[0]!;
  }
  const board = (roster: Policy['approvals']['roster'], count = 1): Policy => ({
    ...policy,
    approvals: { ...policy.approvals, roster, required: [{ role: 'governance-board', count }] },
  });

  it('an approval that is not an object is skipped', () => {
    const r = approvedBy([
      null,
      { approver: 'alice', role: 'governance-board' },
      { approver: 'bob', role: 'regulatory-affairs' },
    ]);
    expect(r.approvalsVerdict).toBe('met');
    expect(r.approvals.map((a) => a.approver)).toStrictEqual(['alice', 'bob']);
  });

  it('without a roster, every approval of the role counts, whoever gave it', () => {
    const r = approvedBy([{ approver: 'zed', role: 'governance-board' }], board([]));
    expect(r.approvals).toStrictEqual([
      { approver: 'zed', role: 'governance-board', decision: 'approved', at: AT, note: null, valid: true },
    ]);
    expect(r.approvalsVerdict).toBe('met');
  });

  it('a role required twice needs two different people; approvals of another role do not count for it', () => {
    const roster = [
      { login: 'alice', roles: ['governance-board'] },
      { login: 'carol', roles: ['governance-board'] },
      { login: 'bob', roles: ['regulatory-affairs'] },
    ];
    const twoOfBoard = (approvals: unknown[]) => approvedBy(approvals, board(roster, 2)).approvalsVerdict;
    expect(
      twoOfBoard([
        { approver: 'alice', role: 'governance-board' },
        { approver: 'carol', role: 'governance-board' },
      ]),
    ).toBe('met');
    expect(
      twoOfBoard([
        { approver: 'alice', role: 'governance-board' },
        { approver: 'bob', role: 'regulatory-affairs' },
      ]),
    ).toBe('incomplete');
    expect(approvedBy([{ approver: 'alice', role: 'governance-board' }], board(roster)).approvalsVerdict).toBe('met');
  });
});

describe('what a manifest may leave out', () => {
  it('no release type, or one that is not text: unknown; no Jira key: none', () => {
    for (const type of [undefined, 5]) {
      const r = release();
      if (type === undefined) delete (r.manifest as Partial<typeof r.manifest>).release;
      else r.manifest.release = { type } as never;
      delete (r.manifest as Partial<typeof r.manifest>).jira;
      const audited = judged(r);
      expect([type, audited.releaseType, audited.jira]).toStrictEqual([type, 'unknown', null]);
    }
  });
});

describe('manifest changes as releases', () => {
  it('a change of the model’s name is another release, at the same version and type', () => {
    const renamed = release();
    renamed.manifest.name = 'fraud-detection-v2';
    const report = audit([bytesOf(coherent(release())), bytesOf(coherent(renamed))]);
    expect(report.releases.map((r) => [r.model, r.version, r.inForceUntil])).toStrictEqual([
      ['fraud-detection', '1.0.0', '2026-03-01T10:00:00.000Z'],
      ['fraud-detection-v2', '1.0.0', null],
    ]);
  });
});

describe('a number too large for a double (1e999)', () => {
  it('in a manifest: that release is unreadable and the audit goes on with the others', () => {
    const huge = Buffer.from(
      manifestBytes(coherent(release('1.1.0')))
        .toString('utf8')
        .replace('{', '{"x": 1e999,'),
    );
    const report = audit([bytesOf(coherent(release())), { manifest: huge }]);
    expect(report.releases.map((r) => r.version)).toStrictEqual(['1.0.0', '?']);
    expect(report.releases[1]!.problems).toStrictEqual([
      `model/manifest.json at ${'2'.repeat(12)} is not valid JSON (or holds a number too large for a double)`,
    ]);
  });

  it('in a bias report: the bias verdict is unreadable, not a stopped audit', () => {
    const r = coherent(release());
    const bytes = bytesOf(r);
    const report = audit([
      {
        ...bytes,
        biasReport: Buffer.from(Buffer.from(bytes.biasReport!).toString('utf8').replace('{', '{"x": -1e999,')),
      },
    ]);
    expect(report.releases[0]!.bias.verdict).toBe('unreadable');
  });
});

describe('a manifest that is not an object', () => {
  it('JSON but not an object is unreadable; two in a row are two releases', () => {
    const report = audit([{ manifest: Buffer.from('[]\n') }, { manifest: Buffer.from('{not json') }]);
    expect(report.releases.map((r) => [r.commit.slice(0, 1), r.version, r.problems])).toStrictEqual([
      [
        '1',
        '?',
        [`model/manifest.json at ${'1'.repeat(12)} is not valid JSON (or holds a number too large for a double)`],
      ],
      [
        '2',
        '?',
        [`model/manifest.json at ${'2'.repeat(12)} is not valid JSON (or holds a number too large for a double)`],
      ],
    ]);
  });
});
