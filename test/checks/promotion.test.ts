import { describe, expect, it } from '@jest/globals';
import { compareReleases } from '../../src/checks/promotion-comparison.js';
import { promotionCheck } from '../../src/checks/promotion.js';
import type { Manifest } from '../../src/formats/manifest.js';
import {
  buildRelease,
  daysAgo,
  exampleBaseManifest,
  exampleManifest,
  examplePolicyValue,
  lineOf,
  NOW,
  type Release,
  type ReleaseOptions,
} from './fixtures/release.js';
import { baseArchiveFacts, rollbackEvent } from '../support/base-archive.js';
import { jsonDocument } from '../support/release-context.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import { only, sortedCodes } from './fixtures/findings.js';

function run(release: Release) {
  return promotionCheck.run(release.ctx, release.policy);
}

/** Backtest errors `maePct` / `rmsePct` percent better than the base's 41.2 / 58.9. */
function improvedBy(maePct: number, rmsePct: number): (m: Manifest) => void {
  return (m) => {
    m.evaluation.backtest!.mae = Math.round(41.2 * (1 - maePct / 100) * 1e4) / 1e4;
    m.evaluation.backtest!.rmse = Math.round(58.9 * (1 - rmsePct / 100) * 1e4) / 1e4;
  };
}

function release(edit: (m: Manifest) => void, options: ReleaseOptions = {}): Release {
  return buildRelease({ ...options, manifest: edit });
}

/** A challenger 1 % better than production (the improvement gate fails), forced by erin with a justification. */
const forced = (m: Manifest) => {
  improvedBy(1, 1)(m);
  m.release.force = { justification: 'Regulator-mandated feature removal; accuracy loss accepted', by: 'erin' };
};
/** erin (who holds force-approver) and bob approve: a force by erin is counted. */
const erinAndBob = [
  { approver: 'erin', role: 'governance-board' },
  { approver: 'bob', role: 'regulatory-affairs' },
];
/** frank holds force-approver too, and erin and frank approve: two counted holders. */
const twoForceHolders: ReleaseOptions = {
  policy: (p) => {
    for (const r of p.approvals.roster) if (r.login === 'frank') r.roles.push('force-approver');
  },
  approvals: [
    { approver: 'erin', role: 'governance-board' },
    { approver: 'frank', role: 'regulatory-affairs' },
  ],
};

describe('release comparison', () => {
  it('computes improvements from the two manifests (lower is better)', () => {
    const c = compareReleases({
      head: exampleManifest(),
      base: exampleBaseManifest(),
      policy: examplePolicyValue(),
      now: NOW,
    });
    expect(c.mae).toMatchObject({ base: 41.2, head: 38, worse: false });
    expect(c.mae.improvementPct).toBeCloseTo(7.767, 3);
    expect(c.rmse.improvementPct).toBeCloseTo(6.621, 3);
    expect(c.best?.metric).toBe('mae');
    expect(c.seasons.map((s) => [s.season, s.regressed])).toEqual([
      ['summer', false],
      ['winter', false],
    ]);
    expect(c.performance).toEqual([{ name: 'auc', base: 0.91, head: 0.91, threshold: { min: 0.7 }, met: true }]);
    expect(c.metricsAgeDays).toBeCloseTo(2, 6);
  });
});

describe('promotion check', () => {
  it('passes the example challenger (MAE 7.8 % better)', () => {
    const result = run(buildRelease());
    expect(result.findings).toEqual([]);
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('MAE 7.77 % better than production 2.3.0');
    expect((result.details?.['rows'] as unknown[])[0]).toEqual({
      metric: 'MAE',
      production: 41.2,
      challenger: 38,
      change: '7.77 % better',
    });
  });

  it('fails MAE improved 3 % (and RMSE 2 %) against a 5 % minimum', () => {
    const r = release(improvedBy(3, 2));
    const result = run(r);
    expect(result.status).toBe('fail');
    const f = only(result.findings, 'PROMOTION_INSUFFICIENT_IMPROVEMENT');
    expect(f.message).toContain('MAE improved 3.00 % (41.2 → 39.964)');
    expect(f.message).toContain('at least 5 %');
    expect(f.pointer).toBe('/evaluation/backtest/mae');
    expect(f.line).toBe(lineOf(r.ctx.manifest, '/evaluation/backtest/mae'));
  });

  it('names a figure production never recorded "?" when nothing can be compared', () => {
    const base = exampleBaseManifest();
    delete (base.evaluation as { backtest?: unknown }).backtest;
    const f = only(run(buildRelease({ base })).findings, 'PROMOTION_METRICS_MISSING');
    expect(f.message).toBe('MAE and RMSE cannot be compared with 2.3.0: MAE ? → 38, RMSE ? → 55.');
  });

  it('says "improved 0.00 %" for a challenger exactly as good as production, not "worsened"', () => {
    const f = only(run(release(improvedBy(0, 0))).findings, 'PROMOTION_INSUFFICIENT_IMPROVEMENT');
    expect(f.message).toContain('MAE improved 0.00 % (41.2 → 41.2), RMSE improved 0.00 % (58.9 → 58.9)');
  });

  it('passes RMSE improved 6 % while MAE improved only 3 % (MAE or RMSE)', () => {
    const result = run(release(improvedBy(3, 6)));
    expect(result.findings).toEqual([]);
    expect(result.summary).toBe('RMSE 6.00 % better than production 2.3.0');
  });

  it('fails 11 windows against a minimum of 12', () => {
    const r = release((m) => (m.evaluation.backtest!.windows = 11));
    const f = only(run(r).findings, 'PROMOTION_TOO_FEW_WINDOWS');
    expect(f.message).toBe('The backtest covers 11 window(s); the policy asks at least 12.');
    expect(f.pointer).toBe('/evaluation/backtest/windows');
    expect(f.line).toBe(lineOf(r.ctx.manifest, '/evaluation/backtest/windows'));
  });

  it('fails a seasonal regression unless the policy allows it', () => {
    const edit = (m: Manifest) => (m.evaluation.backtest!.seasons!['winter'] = { mae: 42.5, rmse: 59.0 });
    const r = release(edit);
    const f = only(run(r).findings, 'PROMOTION_SEASONAL_REGRESSION');
    expect(f.message).toContain('Season "winter" regressed: MAE worsened 1.19 % (42 → 42.5)');
    expect(f.pointer).toBe('/evaluation/backtest/seasons/winter/mae');
    expect(f.line).toBe(lineOf(r.ctx.manifest, '/evaluation/backtest/seasons/winter/mae'));
    expect(run(release(edit, { policy: (p) => (p.promotion.allowSeasonalRegression = true) })).findings).toEqual([]);
  });

  it('fails metrics evaluated 10 days ago against a 7-day maximum', () => {
    const r = release((m) => (m.evaluation.evaluatedAt = daysAgo(10)));
    const f = only(run(r).findings, 'PROMOTION_METRICS_STALE');
    expect(f.message).toContain('10 days old');
    expect(f.message).toContain('at most 7 days');
    expect(f.pointer).toBe('/evaluation/evaluatedAt');
  });

  it('fails the reason "short", saying the minimum', () => {
    const r = release((m) => (m.release.reason = 'short'));
    const f = only(run(r).findings, 'PROMOTION_REASON_TOO_SHORT');
    expect(f.message).toBe('release.reason "short" is 5 characters; the policy asks at least 10.');
    expect(f.pointer).toBe('/release/reason');
    expect(f.line).toBe(lineOf(r.ctx.manifest, '/release/reason'));
  });

  it('fails AUC 0.65 against a minimum of 0.70', () => {
    const r = release((m) => (m.evaluation.metrics = { auc: 0.65 }));
    const f = only(run(r).findings, 'PERFORMANCE_THRESHOLD_NOT_MET');
    expect(f.message).toBe('evaluation.metrics.auc is 0.65; the policy asks min 0.7.');
    expect(f.pointer).toBe('/evaluation/metrics/auc');
    expect(f.line).toBe(lineOf(r.ctx.manifest, '/evaluation/metrics/auc'));
  });

  describe('forced promotion', () => {
    it('fails without a force approver', () => {
      const r = release(forced);
      const result = run(r);
      expect(result.status).toBe('fail');
      expect(sortedCodes(result.findings)).toEqual(['FORCE_NOT_AUTHORIZED', 'PROMOTION_INSUFFICIENT_IMPROVEMENT']);
      const f = only(result.findings, 'FORCE_NOT_AUTHORIZED');
      expect(f.message).toContain('force-approver');
      expect(f.pointer).toBe('/release/force');
      expect(f.line).toBe(lineOf(r.ctx.manifest, '/release/force'));
      expect(result.details?.['forced']).toBe(false);
    });

    it('passes with a counted approval by the force approver, flagged as forced', () => {
      const r = release(forced, { approvals: erinAndBob });
      const result = run(r);
      expect(result.status).toBe('warn');
      expect(result.details?.['forced']).toBe(true);
      expect(sortedCodes(result.findings)).toEqual(['FORCED_PROMOTION', 'PROMOTION_INSUFFICIENT_IMPROVEMENT']);
      expect(result.findings.every((f) => f.severity === 'warning')).toBe(true);
      const f = only(result.findings, 'FORCED_PROMOTION');
      expect(f.message).toContain('FORCED PROMOTION of 2.4.0 by erin');
      expect(f.pointer).toBe('/release/force');
      expect(f.line).toBe(lineOf(r.ctx.manifest, '/release/force'));
    });

    it('credits the force to its approver whatever the case of force.by, and never to someone else', () => {
      const approvals = erinAndBob;
      const byCase = run(release((m) => (forced(m), (m.release.force!.by = 'ERIN')), { approvals }));
      expect(byCase.details?.['forced']).toBe(true);
      const other = run(release((m) => (forced(m), (m.release.force!.by = 'bob')), { approvals }));
      expect(other.details?.['forced']).toBe(false);
      expect(sortedCodes(other.findings)).toContain('FORCE_NOT_AUTHORIZED');
    });

    it('does not count a force approval bound to another digest', () => {
      const r = release(forced, {
        approvals: [
          { approver: 'erin', role: 'governance-board', digest: 'sha256:' + '0'.repeat(64) },
          { approver: 'bob', role: 'regulatory-affairs' },
        ],
      });
      expect(sortedCodes(run(r).findings)).toContain('FORCE_NOT_AUTHORIZED');
    });

    it('fails a force with a justification under the minimum', () => {
      const r = release(
        (m) => {
          forced(m);
          m.release.force!.justification = 'because';
        },
        { approvals: [{ approver: 'erin', role: 'governance-board' }] },
      );
      expect(sortedCodes(run(r).findings)).toEqual([
        'FORCE_JUSTIFICATION_TOO_SHORT',
        'PROMOTION_INSUFFICIENT_IMPROVEMENT',
      ]);
      const f = only(run(r).findings, 'FORCE_JUSTIFICATION_TOO_SHORT');
      expect(f.pointer).toBe('/release/force/justification');
      expect(f.line).toBe(lineOf(r.ctx.manifest, '/release/force/justification'));
    });
  });

  describe('rollback (derived from the base, never from release.type)', () => {
    const reason = 'Incident INC-42: false positives doubled';
    /** 2.2.0 as the base archived it: worse than production, which a rollback may be. */
    const v220 = (m: Manifest) => {
      m.version = '2.2.0';
      improvedBy(-10, -10)(m);
    };
    /** The candidate restores 2.2.0 (release and approvals re-given); the base archived `archivedEdit` of it. */
    function rollbackTo(
      options: {
        reason?: string;
        declared?: 'rollback' | 'promotion' | 'initial';
        logged?: boolean;
        archivedEdit?: (m: Manifest) => void;
        records?: Parameters<typeof baseArchiveFacts>[0]['edit'];
      } = {},
    ): Release {
      const r = release((m) => {
        v220(m);
        m.release = { type: options.declared ?? 'rollback', reason: options.reason ?? reason };
      });
      const archived = structuredClone(r.manifest);
      archived.release = { type: 'promotion', reason: 'Promoted 2.2.0 in October' };
      options.archivedEdit?.(archived);
      r.ctx.evidence = baseArchiveFacts({
        archived,
        reportText: JSON.stringify(r.report, null, 2) + '\n',
        prEvents: options.logged === false ? [] : [rollbackEvent('fraud-detection', '2.2.0', '2.3.0')],
        ...(options.records ? { edit: options.records } : {}),
      });
      return r;
    }

    it('passes a rollback to a release archived on the base, logged, with a reason, skipping the metric gates', () => {
      const result = run(rollbackTo());
      expect(result.status).toBe('pass');
      expect(sortedCodes(result.findings)).toEqual(['PROMOTION_ROLLBACK']);
      expect(result.details).toMatchObject({ releaseType: 'rollback', declaredType: 'rollback' });
    });

    it('fails a rollback without a reason', () => {
      const r = rollbackTo({ reason: '' });
      const f = only(run(r).findings, 'ROLLBACK_REASON_TOO_SHORT');
      expect(f.message).toContain('at least 10 characters');
      expect(f.pointer).toBe('/release/reason');
      expect(f.line).toBe(lineOf(r.ctx.manifest, '/release/reason'));
    });

    it('fails a rollback the PR does not log (ROLLBACK_NOT_LOGGED at /release/type)', () => {
      const r = rollbackTo({ logged: false });
      const f = only(run(r).findings, 'ROLLBACK_NOT_LOGGED');
      expect(f.message).toContain('artifacts/audit-log.jsonl is not in this change');
      expect(f.fix).toBe(
        'make the rollback with mlgov rollback --to 2.2.0 --reason "..." and commit artifacts/audit-log.jsonl with it',
      );
      expect(f.pointer).toBe('/release/type');
      expect(f.line).toBe(lineOf(r.ctx.manifest, '/release/type'));
    });

    it('does not count a rollback event the base already had', () => {
      const r = rollbackTo({ logged: false });
      const archived = JSON.parse(Object.values(r.ctx.evidence!.baseTexts!)[0]!) as Manifest;
      r.ctx.evidence = baseArchiveFacts({
        archived,
        reportText: JSON.stringify(r.report, null, 2) + '\n',
        baseEvents: [rollbackEvent('fraud-detection', '2.2.0', '2.3.0')],
      });
      const f = only(run(r).findings, 'ROLLBACK_NOT_LOGGED');
      expect(f.message).toContain('gains no "rollback" event for fraud-detection 2.2.0 in this change');
    });

    it('fails a rollback whose base archive has an empty checksum record (ROLLBACK_ARCHIVE_INVALID)', () => {
      const r = rollbackTo({ records: (rec) => void (rec['checksums.sha256'] = '') });
      const hits = run(r).findings.filter((f) => f.code === 'ROLLBACK_ARCHIVE_INVALID');
      expect(hits.length).toBeGreaterThanOrEqual(1);
      expect(hits[0]!.file).toBe('artifacts/fraud-detection/2.2.0/checksums.sha256');
      expect(hits[0]!.message).toContain('has no line for model/weights/model.onnx');
      expect(hits[0]!.fix).toBe(
        'a rollback restores a release archived by mlgov archive on the production branch; repair that archive there first',
      );
    });

    it('a "rollback" to a version the base never archived is a promotion: RELEASE_TYPE_MISMATCH and every gate', () => {
      const r = rollbackTo();
      r.ctx.evidence = { archiveDir: 'artifacts', baseFiles: {}, headFiles: {}, archivedVersions: ['2.2.0'] };
      const result = run(r);
      const f = only(result.findings, 'RELEASE_TYPE_MISMATCH');
      expect(f.message).toContain('release.type is "rollback", but this release is a promotion');
      expect(f.pointer).toBe('/release/type');
      expect(f.line).toBe(lineOf(r.ctx.manifest, '/release/type'));
      expect(sortedCodes(result.findings)).toContain('PROMOTION_INSUFFICIENT_IMPROVEMENT');
      expect(result.details).toMatchObject({ releaseType: 'promotion', declaredType: 'rollback' });
    });

    it('a "rollback" to an archived version shipped with new weights is a promotion', () => {
      const r = rollbackTo({ archivedEdit: (a) => void (a.artifacts[0]!.sha256 = 'c'.repeat(64)) });
      const result = run(r);
      expect(sortedCodes(result.findings)).toEqual(
        expect.arrayContaining(['RELEASE_TYPE_MISMATCH', 'PROMOTION_INSUFFICIENT_IMPROVEMENT']),
      );
      expect(result.findings.find((f) => f.code === 'RELEASE_TYPE_MISMATCH')!.message).toContain(
        'its manifest differs from the archived one',
      );
    });

    it('a rollback reason of exactly the minimum passes; one visible character less fails, quoting the reason', () => {
      const atMin = run(rollbackTo({ reason: 'INC-42 ok!' }));
      expect([...'INC-42 ok!']).toHaveLength(10);
      expect(sortedCodes(atMin.findings)).toEqual(['PROMOTION_ROLLBACK']);
      expect(atMin.summary).toBe('rollback to archived 2.2.0');
      expect(atMin.details).toMatchObject({ comparisonSkipped: 'rollback' });

      const r = rollbackTo({ reason: '  INC-42 ok\u200b  ' });
      const result = run(r);
      expect(result.summary).toBe('rollback to 2.2.0 not allowed');
      expect(only(result.findings, 'ROLLBACK_REASON_TOO_SHORT')).toEqual({
        code: 'ROLLBACK_REASON_TOO_SHORT',
        severity: 'error',
        message: 'A rollback needs a reason of at least 10 characters; release.reason "  INC-42 ok\u200b  " has 9.',
        file: 'model/manifest.json',
        pointer: '/release/reason',
        line: lineOf(r.ctx.manifest, '/release/reason'),
        column: r.ctx.manifest.positions['/release/reason']!.column,
        fix: 'Say why production is rolled back (the incident, the ticket).',
      });
    });

    it('names the base archive the rollback restores, at /release/type', () => {
      const r = rollbackTo();
      expect(only(run(r).findings, 'PROMOTION_ROLLBACK')).toMatchObject({
        severity: 'notice',
        message:
          'Rollback to archived release 2.2.0 (artifacts/fraud-detection/2.2.0/ on the base): the metric gates are skipped (a rollback is always allowed).',
        pointer: '/release/type',
        line: lineOf(r.ctx.manifest, '/release/type'),
      });
    });

    it('each mismatch of release.type says how to fix it: a rollback, a false "rollback", a false "promotion"', () => {
      const declaredPromotion = only(run(rollbackTo({ declared: 'promotion' })).findings, 'RELEASE_TYPE_MISMATCH');
      expect(declaredPromotion.fix).toBe('Set release.type to "rollback" (mlgov rollback writes it).');
      expect(declaredPromotion.message).toMatch(
        /^release\.type is "promotion", but this release is a rollback: .+\. The gates of a rollback apply\.$/,
      );

      const notArchived = rollbackTo();
      notArchived.ctx.evidence = { archiveDir: 'artifacts', baseFiles: {}, headFiles: {}, archivedVersions: ['2.2.0'] };
      expect(only(run(notArchived).findings, 'RELEASE_TYPE_MISMATCH').fix).toBe(
        'A rollback restores a release archived on the production branch unchanged: use mlgov rollback --to <archived version>, or declare a promotion and meet its gates.',
      );

      const initial = run(
        release((m) => void (m.release.type = 'promotion'), {
          context: { base: { kind: 'found', ref: 'main', commit: 'f'.repeat(40) } },
        }),
      );
      expect(only(initial.findings, 'RELEASE_TYPE_MISMATCH')).toMatchObject({
        message:
          'release.type is "promotion", but this release is an initial release: the base main has no manifest and no archive of this model. The gates of an initial release apply.',
        fix: 'Set release.type to "initial"; what a release is follows from the production branch, not from this field.',
      });
      expect(initial.details).toMatchObject({ releaseType: 'initial', declaredType: 'promotion' });
    });

    it('a restored release declared "promotion" is still a rollback, with the mismatch reported', () => {
      const result = run(rollbackTo({ declared: 'promotion' }));
      expect(sortedCodes(result.findings)).toEqual(['PROMOTION_ROLLBACK', 'RELEASE_TYPE_MISMATCH']);
      expect(result.details).toMatchObject({ releaseType: 'rollback', declaredType: 'promotion' });
    });
  });

  it('skips the comparison for an initial release over a base without a release, and says so', () => {
    const r = release(
      (m) => {
        m.release.type = 'initial';
        improvedBy(-10, -10)(m);
      },
      { context: { base: { kind: 'found', ref: 'main', commit: 'f'.repeat(40) } } },
    );
    const result = run(r);
    expect(result.status).toBe('pass');
    const f = only(result.findings, 'PROMOTION_FIRST_RELEASE');
    expect(f.severity).toBe('notice');
    expect(f.message).toContain('no production release to compare with');
    expect(result.details).toMatchObject({ releaseType: 'initial', declaredType: 'initial' });
  });

  it('fails "initial" declared while production has a release: RELEASE_TYPE_MISMATCH and the promotion gates', () => {
    const r = release((m) => {
      m.release.type = 'initial';
      improvedBy(-10, -10)(m);
    });
    const result = run(r);
    const f = only(result.findings, 'RELEASE_TYPE_MISMATCH');
    expect(f).toMatchObject({
      severity: 'error',
      pointer: '/release/type',
      line: lineOf(r.ctx.manifest, '/release/type'),
    });
    expect(sortedCodes(result.findings)).toEqual(['PROMOTION_INSUFFICIENT_IMPROVEMENT', 'RELEASE_TYPE_MISMATCH']);
    expect(result.details).toMatchObject({ releaseType: 'promotion', declaredType: 'initial' });
  });

  it('a model renamed in the PR and declared "initial" still replaces production: a promotion', () => {
    const r = release((m) => {
      m.name = 'fraud-detection-v2';
      m.release.type = 'initial';
      improvedBy(-10, -10)(m);
    });
    expect(sortedCodes(run(r).findings)).toEqual(['PROMOTION_INSUFFICIENT_IMPROVEMENT', 'RELEASE_TYPE_MISMATCH']);
  });

  it('treats a base without a manifest as a first release, still applying windows (and the declared type)', () => {
    const r = release((m) => (m.evaluation.backtest!.windows = 3), {
      context: { base: { kind: 'found', ref: 'main', commit: 'f'.repeat(40) } },
    });
    expect(sortedCodes(run(r).findings)).toEqual([
      'PROMOTION_FIRST_RELEASE',
      'PROMOTION_TOO_FEW_WINDOWS',
      'RELEASE_TYPE_MISMATCH',
    ]);
  });

  it('cannot derive a promotion without any base revision (RELEASE_KIND_UNKNOWN)', () => {
    const f = only(run(release(() => undefined, { base: null })).findings, 'RELEASE_KIND_UNKNOWN');
    expect(f).toMatchObject({ indeterminate: true, pointer: '/release/type' });
  });

  it('passes an unchanged release with "nothing to promote"', () => {
    const r = release(() => undefined, { base: exampleManifest() });
    const result = run(r);
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('release unchanged from base; nothing to promote');
    expect(sortedCodes(result.findings)).toEqual(['PROMOTION_UNCHANGED']);
  });

  it('cannot judge when the base is unavailable', () => {
    const r = release(() => undefined, {
      context: {
        base: { kind: 'unavailable', ref: 'origin/main', reason: 'unknown revision', fix: 'git fetch origin main' },
      },
    });
    const f = only(run(r).findings, 'PROMOTION_BASE_UNAVAILABLE');
    expect(f.indeterminate).toBe(true);
    expect(f.fix).toBe('git fetch origin main');
  });
});

describe('promotion check: what each outcome says (summary, details, exact findings)', () => {
  it('an unreadable manifest is not judged, and says which file to fix', () => {
    const r = buildRelease();
    r.ctx.manifest = { ...r.ctx.manifest, value: undefined };
    const result = run(r);
    expect(result.summary).toBe('manifest unreadable: not judged');
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: 'PROMOTION_MANIFEST_UNREADABLE',
        indeterminate: true,
        message: 'model/manifest.json could not be read, so the promotion was not judged.',
        file: 'model/manifest.json',
        fix: 'Make model/manifest.json parse (the schema check names the line and column), then re-run the gate.',
      }),
    ]);
  });

  it('an unchanged release is a notice at /version, and the comparison is skipped', () => {
    const r = release(() => undefined, { base: exampleManifest() });
    const result = run(r);
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: 'PROMOTION_UNCHANGED',
        severity: 'notice',
        message: 'Release 2.4.0 is unchanged from base; nothing to promote.',
        pointer: '/version',
        line: lineOf(r.ctx.manifest, '/version'),
      }),
    ]);
    expect(result.details).toMatchObject({
      releaseType: 'unchanged',
      declaredType: 'promotion',
      comparisonSkipped: 'unchanged',
    });
  });

  it('an unavailable base and an underivable kind are "not judged", without a release type in the details', () => {
    const unavailable = run(
      release(() => undefined, {
        context: { base: { kind: 'unavailable', ref: 'origin/main', reason: 'unknown revision', fix: 'git fetch' } },
      }),
    );
    expect(unavailable.summary).toBe('base unavailable: not judged');
    expect(only(unavailable.findings, 'PROMOTION_BASE_UNAVAILABLE').message).toBe(
      'The production release at origin/main could not be read (unknown revision); the challenger cannot be compared.',
    );
    expect(unavailable.details).not.toHaveProperty('releaseType');

    const unknown = run(release(() => undefined, { base: null }));
    expect(unknown.summary).toBe('release kind unknown: not judged');
    expect(only(unknown.findings, 'RELEASE_KIND_UNKNOWN')).toMatchObject({
      message:
        'What this release is (initial, promotion or rollback) cannot be derived: there is no base revision to derive the release from (first release).',
      fix: 'judge the release against the production branch: pass --base REF (the action passes the PR base)',
    });
    expect(unknown.details).not.toHaveProperty('releaseType');
    expect(unknown.details).toMatchObject({ declaredType: 'promotion' });
  });

  it('compares fairness with production’s report for a promotion only; a first release shows its own figures alone', () => {
    type BiasRow = { attribute: string; metric: string; base?: number; head?: number };
    const biasRows = (r: ReturnType<typeof run>) =>
      (r.details?.['comparison'] as { bias: BiasRow[] }).bias.filter((b) => b.metric === 'disparate_impact_ratio');
    const baseReport = (report: BiasReport) => {
      const lower = structuredClone(report);
      lower.attributes[0]!.groups[1]!.selectionRate = 0.1;
      return jsonDocument<BiasReport>('reports/latest-bias-report.json', lower);
    };

    const promotion = buildRelease();
    (promotion.ctx.base as { biasReport?: unknown }).biasReport = baseReport(promotion.report);
    const rows = biasRows(run(promotion));
    expect(rows.map((b) => b.attribute)).toEqual(['age_band', 'sex']);
    for (const b of rows) expect([typeof b.base, typeof b.head]).toEqual(['number', 'number']);
    expect(rows.find((b) => b.attribute === 'sex')!.base).not.toBe(rows.find((b) => b.attribute === 'sex')!.head);

    const first = release((m) => void (m.release.type = 'initial'), {
      context: { base: { kind: 'found', ref: 'main', commit: 'f'.repeat(40) } },
    });
    (first.ctx.base as { biasReport?: unknown }).biasReport = baseReport(first.report);
    const firstRows = biasRows(run(first));
    expect(firstRows.map((b) => [b.attribute, typeof b.head, 'base' in b])).toEqual([
      ['age_band', 'number', false],
      ['sex', 'number', false],
    ]);
  });

  it('a first release that fails a gate counts the failing gates in its summary', () => {
    const noBase = { base: { kind: 'found' as const, ref: 'main', commit: 'f'.repeat(40) } };
    const passing = run(release((m) => void (m.release.type = 'initial'), { context: noBase }));
    expect(passing.summary).toBe('first release: no production release to compare with');
    expect(passing.details).toMatchObject({ comparisonSkipped: 'first release', releaseType: 'initial' });
    const failing = run(
      release(
        (m) => {
          m.release.type = 'promotion';
          m.evaluation.evaluatedAt = daysAgo(10);
        },
        { context: noBase },
      ),
    );
    expect(sortedCodes(failing.findings)).toEqual([
      'PROMOTION_FIRST_RELEASE',
      'PROMOTION_METRICS_STALE',
      'RELEASE_TYPE_MISMATCH',
    ]);
    expect(failing.summary).toBe('first release: 2 gate(s) failing');
  });

  it('a failing promotion counts its gates, a release.type mismatch and a refused force', () => {
    const refused = run(release(forced));
    expect(sortedCodes(refused.findings)).toEqual(['FORCE_NOT_AUTHORIZED', 'PROMOTION_INSUFFICIENT_IMPROVEMENT']);
    expect(refused.summary).toBe('2 promotion gate(s) failing against 2.3.0');
    const mismatched = run(release((m) => (improvedBy(1, 1)(m), (m.release.type = 'initial'))));
    expect(sortedCodes(mismatched.findings)).toEqual(['PROMOTION_INSUFFICIENT_IMPROVEMENT', 'RELEASE_TYPE_MISMATCH']);
    expect(mismatched.summary).toBe('2 promotion gate(s) failing against 2.3.0');
  });

  it('a forced promotion says how many gates it overrode, and that release.type disagrees when it does', () => {
    const ok = run(release(forced, { approvals: erinAndBob }));
    expect(ok.summary).toBe('FORCED: 1 failing gate(s) overridden');
    const mismatched = run(release((m) => (forced(m), (m.release.type = 'initial')), { approvals: erinAndBob }));
    expect(mismatched.status).toBe('fail');
    expect(mismatched.summary).toBe('FORCED: 1 failing gate(s) overridden, release.type disagrees with the base');
  });

  it('a force without `by` is credited to the counted holders; with `by`, only to that holder', () => {
    const noBy = run(
      release((m) => (forced(m), delete (m.release.force as { by?: string }).by), { approvals: erinAndBob }),
    );
    expect(noBy.details).toMatchObject({ forced: true, forceApprovers: ['erin'] });
    expect(only(noBy.findings, 'FORCED_PROMOTION').message).toBe(
      'FORCED PROMOTION of 2.4.0 by erin (approved by force-approver erin): "Regulator-mandated feature removal; accuracy loss accepted". 1 failing gate(s) downgraded to warnings.',
    );

    const noHolder = run(release((m) => (forced(m), delete (m.release.force as { by?: string }).by)));
    expect(only(noHolder.findings, 'FORCE_NOT_AUTHORIZED')).toMatchObject({
      message: 'release.force needs a counted approval of this manifest by a holder of force-approver; there is none.',
      fix: 'Ask a force-approver (erin) to approve this manifest, or remove release.force.',
    });

    const someoneElse = run(release((m) => (forced(m), (m.release.force!.by = 'bob')), { approvals: erinAndBob }));
    expect(only(someoneElse.findings, 'FORCE_NOT_AUTHORIZED').message).toBe(
      'release.force (by bob) needs a counted approval of this manifest by a holder of force-approver; counted holders: erin.',
    );
  });

  it('a force justification counts visible characters: exactly the minimum passes, padding and non-text do not', () => {
    const at = (justification: unknown) =>
      run(
        release(
          (m) => {
            forced(m);
            (m.release.force as { justification: unknown }).justification = justification;
          },
          { approvals: erinAndBob },
        ),
      );
    expect(at('0123456789').details).toMatchObject({ forced: true });
    const padded = only(at('  012345678\u200b  ').findings, 'FORCE_JUSTIFICATION_TOO_SHORT');
    expect(padded.message).toBe(
      'A forced promotion needs a justification of at least 10 characters; it has 9 visible.',
    );
    expect(padded.fix).toBe('Explain why the promotion gates are overridden.');
    expect(only(at(12345678901).findings, 'FORCE_JUSTIFICATION_TOO_SHORT').message).toBe(
      'A forced promotion needs a justification of at least 10 characters; it has 0 visible.',
    );
  });
});

describe('promotion check: every fix names what to do', () => {
  it('a short release reason, a performance threshold, forced gates and a force role nobody holds', () => {
    const short = run(release((m) => (m.release.reason = 'short')));
    expect(short.id).toBe('promotion');
    expect(only(short.findings, 'PROMOTION_REASON_TOO_SHORT')).toMatchObject({
      message: 'release.reason "short" is 5 characters; the policy asks at least 10.',
      fix: 'Say why this release should replace production, in at least 10 characters.',
    });

    const weak = only(
      run(release((m) => (m.evaluation.metrics = { auc: 0.6 }))).findings,
      'PERFORMANCE_THRESHOLD_NOT_MET',
    );
    expect(weak.message).toMatch(/^evaluation\.metrics\.auc is 0\.6; the policy asks (.+)\.$/);
    const threshold = /the policy asks (.+)\.$/.exec(weak.message)![1];
    expect(weak.fix).toBe(`Improve auc to meet ${threshold} before promoting.`);

    const forcedPast = run(release(forced, { approvals: erinAndBob }));
    expect(only(forcedPast.findings, 'PROMOTION_INSUFFICIENT_IMPROVEMENT').message).toMatch(
      /^Forced past: Against production 2\.3\.0: /,
    );

    const nobody = run(release(forced, { policy: (p) => void (p.promotion.forceRole = 'chief-risk-officer') }));
    expect(only(nobody.findings, 'FORCE_NOT_AUTHORIZED').fix).toBe(
      'Ask a chief-risk-officer (see the roster) to approve this manifest, or remove release.force.',
    );
  });

  it('a performance metric the manifest does not give is "missing"', () => {
    const f = only(run(release((m) => (m.evaluation.metrics = {}))).findings, 'PERFORMANCE_THRESHOLD_NOT_MET');
    expect(f.message).toMatch(/^evaluation\.metrics\.auc is missing; the policy asks /);
  });

  it('a release whose context holds no bias report is compared without fairness figures', () => {
    const r = buildRelease();
    delete (r.ctx as { biasReport?: unknown }).biasReport;
    const result = run(r);
    expect(result.status).toBe('pass');
    expect((result.details?.['comparison'] as { bias: unknown[] }).bias).toEqual([]);
  });

  it('a force credited to someone else lists every counted holder, and the roster’s holders in the fix', () => {
    const result = run(release((m) => (forced(m), (m.release.force!.by = 'bob')), twoForceHolders));
    expect(only(result.findings, 'FORCE_NOT_AUTHORIZED')).toMatchObject({
      message:
        'release.force (by bob) needs a counted approval of this manifest by a holder of force-approver; counted holders: erin, frank.',
      fix: 'Ask a force-approver (erin, frank) to approve this manifest, or remove release.force.',
    });
  });

  it('a force approved by two holders names both, comma-separated', () => {
    const result = run(release((m) => (forced(m), delete (m.release.force as { by?: string }).by), twoForceHolders));
    expect(only(result.findings, 'FORCED_PROMOTION').message).toBe(
      'FORCED PROMOTION of 2.4.0 by erin, frank (approved by force-approver erin, frank): "Regulator-mandated feature removal; accuracy loss accepted". 1 failing gate(s) downgraded to warnings.',
    );
  });
});
