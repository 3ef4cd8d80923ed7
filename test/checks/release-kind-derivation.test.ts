/**
 * What the base says a release is, branch by branch: every way `deriveReleaseKind` decides (unreadable candidate,
 * unreadable or missing base, unchanged, changed under the same version, a version the base archived as this very
 * release or as another), with the exact `why` and `fix` a PR author reads, and the helpers the version check shares
 * (`manifestEssence`, `biasReportChanged`). The full mutation run showed these texts, the archive folder taken from
 * the evidence facts, and the bias-report comparison of a restored release untested. A PR author controls the
 * candidate only: each case changes the candidate or the base's records and checks the kind does not move.
 */
import { describe, expect, it } from '@jest/globals';
import {
  biasReportChanged,
  deriveReleaseKind,
  manifestEssence,
  reportedReleaseKind,
} from '../../src/checks/release-kind.js';
import { promotionCheck } from '../../src/checks/promotion.js';
import { canonicalJson } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { CheckResult, Report } from '../../src/release/report.js';
import { baseArchiveFacts, rollbackEvent, type BaseArchiveOptions } from '../support/base-archive.js';
import { jsonDocument } from '../support/release-context.js';
import { buildRelease, type Release } from './fixtures/release.js';

const derive = (r: Release) => deriveReleaseKind(r.ctx, r.policy);
const ROLLBACK_REASON = 'Incident INC-42: false positives doubled';
const reportTextOf = (r: Release) => JSON.stringify(r.report, null, 2) + '\n';

/**
 * A candidate 2.2.0 over production 2.3.0 whose base archived exactly this release (manifest but for the release
 * block, and the bias report bytes), in `archiveDir`; `archived` edits the archived copy.
 */
function restoring220(
  o: { archived?: (m: Manifest) => void } & Partial<Omit<BaseArchiveOptions, 'archived'>> = {},
): Release {
  const r = buildRelease({
    manifest: (m) => {
      m.version = '2.2.0';
      m.release = { type: 'rollback', reason: ROLLBACK_REASON };
    },
  });
  const archived = structuredClone(r.manifest);
  archived.release = { type: 'promotion', reason: 'Promoted 2.2.0 in October' };
  o.archived?.(archived);
  r.ctx.evidence = baseArchiveFacts({
    prEvents: [rollbackEvent('fraud-detection', '2.2.0', '2.3.0')],
    reportText: reportTextOf(r),
    ...o,
    archived,
  });
  return r;
}

describe('release kind: what cannot be derived', () => {
  it('a candidate manifest that could not be read is indeterminate, naming the file', () => {
    const r = buildRelease();
    r.ctx.manifest = { ...r.ctx.manifest, value: undefined };
    expect(derive(r)).toEqual({
      kind: 'indeterminate',
      why: 'model/manifest.json could not be read',
      fix: 'fix the manifest (see schema)',
    });
  });

  it('a candidate manifest that is a JSON array is not a manifest either', () => {
    const r = buildRelease();
    r.ctx.manifest = jsonDocument('model/manifest.json', [r.manifest]);
    expect(derive(r)).toMatchObject({ kind: 'indeterminate', why: 'model/manifest.json could not be read' });
  });

  it('an unavailable base is indeterminate with its ref, reason and the fix the facts carry', () => {
    const r = buildRelease({
      context: {
        base: { kind: 'unavailable', ref: 'origin/main', reason: 'the ref does not exist', fix: 'git fetch' },
      },
    });
    expect(derive(r)).toEqual({
      kind: 'indeterminate',
      why: 'the base revision origin/main could not be read: the ref does not exist',
      fix: 'git fetch',
    });
  });

  it('a base with no manifest but archives of the model is not a first release: it names every archived version', () => {
    const r = buildRelease({ context: { base: { kind: 'found', ref: 'main', commit: 'f'.repeat(40) } } });
    r.ctx.evidence = {
      archiveDir: 'artifacts',
      baseFiles: {},
      headFiles: {},
      archivedVersions: [],
      baseArchivedVersions: ['2.2.0', '2.3.0'],
    };
    expect(derive(r)).toEqual({
      kind: 'indeterminate',
      why: 'the base main has no manifest but archives fraud-detection 2.2.0, 2.3.0: it is not a first release, and there is no production release to compare with',
      fix: 'restore the production manifest on main before judging a release over it',
    });
  });

  it('a base manifest whose version is not text cannot be compared (indeterminate)', () => {
    const base = buildRelease().manifest as unknown as Record<string, unknown>;
    const r = buildRelease();
    r.ctx.base = {
      kind: 'found',
      ref: 'main',
      commit: 'f'.repeat(40),
      manifest: jsonDocument('model/manifest.json', { ...base, version: 230 }),
    };
    expect(derive(r)).toEqual({
      kind: 'indeterminate',
      why: "the base release's manifest (model/manifest.json at main) could not be read",
      fix: 'repair the manifest on main, or compare with another base (--base)',
    });
  });
});

describe('release kind: against production', () => {
  it('the same release as on the base is unchanged, with the base version', () => {
    const r = buildRelease({ base: null });
    const same = buildRelease({ base: r.manifest });
    expect(derive(same)).toEqual({
      kind: 'unchanged',
      why: 'the release is 2.4.0 as on the base main',
      baseVersion: '2.4.0',
    });
  });

  it('the base version with anything changed is a promotion of a changed release (never an archive lookup)', () => {
    const base = structuredClone(buildRelease().manifest);
    base.evaluation.metrics = { auc: 0.5 };
    const r = buildRelease({ base });
    // An archive of 2.4.0 on the base must not turn this into a comparison with the archive.
    r.ctx.evidence = baseArchiveFacts({ archived: structuredClone(base), reportText: reportTextOf(r) });
    expect(derive(r)).toEqual({ kind: 'promotion', why: 'the release on the base main changed', baseVersion: '2.4.0' });
  });

  it('a new version with no archive facts is a promotion over the base version', () => {
    expect(derive(buildRelease())).toEqual({
      kind: 'promotion',
      why: 'the base releases 2.3.0 and 2.4.0 is not an archived release on the base',
      baseVersion: '2.3.0',
    });
  });

  it('a new version the base archive does not hold is a promotion, without archivedAs', () => {
    const r = restoring220();
    r.ctx.evidence!.baseTexts = {};
    expect(derive(r)).toEqual({
      kind: 'promotion',
      why: 'the base releases 2.3.0 and 2.2.0 is not an archived release on the base',
      baseVersion: '2.3.0',
    });
  });
});

describe('release kind: a version the base archived', () => {
  const DIR = 'artifacts/fraud-detection/2.2.0';

  it('the archived release restored is a rollback, naming what a rollback may change', () => {
    expect(derive(restoring220())).toEqual({
      kind: 'rollback',
      why: `the candidate is the release archived on the base in ${DIR}/ (same manifest but for what a rollback may change: release, approvals, jira; same bias report)`,
      baseVersion: '2.3.0',
      archive: { dir: DIR, version: '2.2.0', problems: [] },
      logging: { kind: 'logged', file: 'artifacts/audit-log.jsonl', line: 1 },
    });
  });

  it('the archive is looked up in the archive directory the evidence facts name, not only the policy default', () => {
    const r = restoring220({ archiveDir: 'evidence' });
    expect(derive(r)).toMatchObject({
      kind: 'rollback',
      archive: { dir: 'evidence/fraud-detection/2.2.0', problems: [] },
      logging: { kind: 'logged', file: 'evidence/audit-log.jsonl' },
    });
  });

  it('another manifest under an archived version is a promotion that says the manifest differs', () => {
    const r = restoring220({ archived: (m) => void (m.artifacts[0]!.sha256 = '9'.repeat(64)) });
    expect(derive(r)).toEqual({
      kind: 'promotion',
      why: `2.2.0 was released before (${DIR}/ on the base), but this candidate is not that release: its manifest differs from the archived one`,
      baseVersion: '2.3.0',
      archivedAs: DIR,
    });
  });

  it('another bias report under the same manifest is a promotion that says the bias report differs', () => {
    const r = restoring220({ reportText: '{"another": "report"}\n' });
    expect(derive(r)).toEqual({
      kind: 'promotion',
      why: `2.2.0 was released before (${DIR}/ on the base), but this candidate is not that release: its bias report differs from the archived one`,
      baseVersion: '2.3.0',
      archivedAs: DIR,
    });
  });

  it('a candidate without its bias report does not restore an archive that has one', () => {
    const r = restoring220();
    delete r.ctx.biasReport;
    expect(derive(r)).toMatchObject({ kind: 'promotion', archivedAs: DIR });
  });

  describe('an archive without a bias report', () => {
    const withoutReport = () => {
      const r = restoring220();
      delete r.ctx.evidence!.baseFiles[`${DIR}/bias-report.json`];
      return r;
    };

    it('is restored by a candidate without one', () => {
      const r = withoutReport();
      delete r.ctx.biasReport;
      expect(derive(r)).toMatchObject({ kind: 'rollback', archive: { dir: DIR } });
    });

    it('is not restored by a candidate that brings a report of its own', () => {
      expect(derive(withoutReport())).toMatchObject({
        kind: 'promotion',
        archivedAs: DIR,
        why: expect.stringContaining('its bias report differs from the archived one'),
      });
    });
  });
});

describe('manifestEssence: the manifest as a release', () => {
  const essence = (biasReport: unknown) => manifestEssence({ name: 'm', version: '1.0.0', biasReport });

  it('ignores the approvals and the bias report digest, keeps the bias report path', () => {
    expect(essence({ path: 'a.json', sha256: '1' })).toBe(essence({ path: 'a.json', sha256: '2' }));
    expect(essence({ path: 'a.json', sha256: '1' })).toBe(
      canonicalJson({ name: 'm', version: '1.0.0', biasReport: { path: 'a.json' } }),
    );
    expect(essence({ path: 'a.json', sha256: '1' })).not.toBe(essence({ path: 'b.json', sha256: '1' }));
    expect(manifestEssence({ name: 'm', approvals: [1] })).toBe(manifestEssence({ name: 'm', approvals: [2] }));
  });

  it('keeps a bias report that is not an object as it is (no member to drop)', () => {
    expect(essence('a.json')).not.toBe(essence('b.json'));
    expect(essence(['a.json'])).not.toBe(essence({ 0: 'a.json' }));
    expect(manifestEssence({ name: 'm' })).toBe(canonicalJson({ name: 'm' }));
  });
});

describe('biasReportChanged without both reports: the manifest digests', () => {
  it('compares the digests case-insensitively', () => {
    expect(
      biasReportChanged({ biasReport: { path: 'r', sha256: 'AB' } }, { biasReport: { path: 'r', sha256: 'ab' } }),
    ).toBe(false);
    expect(
      biasReportChanged({ biasReport: { path: 'r', sha256: 'ab' } }, { biasReport: { path: 'r', sha256: 'ac' } }),
    ).toBe(true);
  });

  it('a side without a bias report is a change, on either side', () => {
    expect(biasReportChanged({}, { biasReport: { path: 'r', sha256: 'ab' } })).toBe(true);
    expect(biasReportChanged({ biasReport: { path: 'r', sha256: 'ab' } }, {})).toBe(true);
  });
});

describe('reportedReleaseKind: the kind a report carries', () => {
  const reportOf = (checks: CheckResult[]): Report => ({
    tool: { name: 'mlgov', version: '0.0.0' },
    verdict: 'pass',
    judged: true,
    forced: false,
    model: {},
    policySource: 'base',
    offline: true,
    generatedAt: '2026-11-23T12:00:00.000Z',
    checks,
  });

  it('a rollback to the release the base archived, logged, passes with its one notice and nothing else', () => {
    const r = restoring220();
    const result = promotionCheck.run(r.ctx, r.policy);
    expect(result.status).toBe('pass');
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'notice',
        code: 'PROMOTION_ROLLBACK',
        message:
          'Rollback to archived release 2.2.0 (artifacts/fraud-detection/2.2.0/ on the base): the metric gates are skipped (a rollback is always allowed).',
        pointer: '/release/type',
      }),
    ]);
  });

  it("is the promotion check's releaseType", () => {
    const r = restoring220();
    expect(reportedReleaseKind(reportOf([promotionCheck.run(r.ctx, r.policy)]))).toBe('rollback');
  });

  it('is undefined without a promotion check, or one without details', () => {
    expect(reportedReleaseKind(reportOf([]))).toBeUndefined();
    expect(
      reportedReleaseKind(reportOf([{ id: 'promotion', status: 'skip', summary: 'skipped', findings: [] }])),
    ).toBeUndefined();
  });
});
