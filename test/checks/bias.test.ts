import { describe, expect, it } from '@jest/globals';
import {
  agreesWithReported,
  decimalsOf,
  recomputeAttribute,
  stricterThreshold,
} from '../../src/checks/bias-metrics.js';
import { biasCheck } from '../../src/checks/bias.js';
import { validateAgainstSchema } from '../../src/formats/schema-validator.js';
import { buildRelease, lineOf, type Release } from './fixtures/release.js';
import { codes, only } from './fixtures/findings.js';

function run(release: Release) {
  return biasCheck.run(release.ctx, release.policy);
}

describe('bias metrics', () => {
  it('counts the decimals a value is written with', () => {
    expect(decimalsOf(0.9118)).toBe(4);
    expect(decimalsOf(0.002)).toBe(3);
    expect(decimalsOf(1e-7)).toBe(7);
    expect(decimalsOf(2)).toBe(0);
    expect(decimalsOf(0.031 / 0.033)).toBeGreaterThanOrEqual(12);
  });

  it('accepts a value rounded to its written precision and rejects one that is not', () => {
    expect(agreesWithReported(0.9118, 0.031 / 0.034)).toBe(true); // 0.91176… rounds to 0.9118
    expect(agreesWithReported(0.9117, 0.031 / 0.034)).toBe(false);
    expect(agreesWithReported(0.031 / 0.033, 0.031 / 0.033)).toBe(true);
    expect(agreesWithReported(0.9393939393, 0.031 / 0.033)).toBe(true); // 10 decimals, rounded
    expect(agreesWithReported(0.93939393939393, 0.031 / 0.033 + 1e-6)).toBe(false); // full precision, off
    expect(agreesWithReported(Number.NaN, 0.1)).toBe(false);
  });

  it('takes the stricter threshold of two', () => {
    expect(stricterThreshold({ min: 0.8 }, { min: 0.85 })).toEqual({ min: 0.85 });
    expect(stricterThreshold({ max: 0.1 }, { max: 0.05, min: 0 })).toEqual({ max: 0.05, min: 0 });
    expect(stricterThreshold(undefined, { max: 0.1 })).toEqual({ max: 0.1 });
  });

  it('recomputes DPD, DI and EOD from the group rates, and DI on the favourable rate when asked', () => {
    const attr = {
      name: 'sex',
      groups: [
        { group: 'a', n: 100, selectionRate: 0.2, truePositiveRate: 0.8, falsePositiveRate: 0.1 },
        { group: 'b', n: 100, selectionRate: 0.5, truePositiveRate: 0.7, falsePositiveRate: 0.3 },
      ],
      metrics: {},
    };
    const r = recomputeAttribute(attr, { minGroupSize: 30 });
    expect(r.judged.demographic_parity_difference).toMatchObject({
      kind: 'defined',
      value: 0.3,
      lowGroup: 'a',
      highGroup: 'b',
    });
    expect(r.judged.disparate_impact_ratio).toMatchObject({ kind: 'defined', value: 0.4 });
    const eod = r.judged.equalized_odds_difference;
    expect(eod?.kind === 'defined' && Math.abs(eod.value - 0.2) < 1e-12 && eod.rate).toBe('falsePositiveRate');
    const fav = recomputeAttribute(attr, { minGroupSize: 30, favorable: true });
    // favourable rates 0.8 and 0.5: 0.5 / 0.8
    expect(fav.judged.disparate_impact_ratio).toMatchObject({
      kind: 'defined',
      value: 0.625,
      lowGroup: 'b',
      highGroup: 'a',
    });
  });
});

describe('bias check', () => {
  it('starts from a schema-valid manifest, bias report and policy', () => {
    const release = buildRelease();
    expect(validateAgainstSchema('biasReport', release.report)).toEqual([]);
    expect(validateAgainstSchema('manifest', release.manifest)).toEqual([]);
    expect(validateAgainstSchema('policy', release.policy)).toEqual([]);
  });

  it('passes a coherent report reviewed by the fairness reviewer', () => {
    const result = run(buildRelease());
    expect(result.findings).toEqual([]);
    expect(result.status).toBe('pass');
    expect(result.details?.['reviewer']).toEqual({ approver: 'dave', counted: true });
  });

  it('fails a disparate impact ratio of 0.75 against the policy minimum 0.8, naming attribute, groups, value, threshold', () => {
    const release = buildRelease({
      report: (r) => {
        r.attributes[0]!.groups[0]!.selectionRate = 0.03;
        r.attributes[0]!.groups[1]!.selectionRate = 0.04;
        r.attributes[0]!.metrics = {
          demographic_parity_difference: 0.01,
          disparate_impact_ratio: 0.75,
          equalized_odds_difference: 0.02,
        };
      },
    });
    const result = run(release);
    expect(result.status).toBe('fail');
    const f = only(result.findings, 'BIAS_THRESHOLD_EXCEEDED');
    expect(f.message).toContain('"sex"');
    expect(f.message).toContain('disparate impact ratio 0.75');
    expect(f.message).toContain('"female" lowest');
    expect(f.message).toContain('"male" highest');
    expect(f.message).toContain('below the minimum 0.8');
    expect(f.file).toBe('reports/latest-bias-report.json');
    expect(f.pointer).toBe('/attributes/0/metrics/disparate_impact_ratio');
    expect(f.line).toBe(lineOf(release.ctx.biasReport, '/attributes/0/metrics/disparate_impact_ratio'));
    expect(f.line).toBeGreaterThan(1);
  });

  it('judges against the stricter of policy and report thresholds', () => {
    // age_band's DI 0.9118 passes the policy's 0.8 but not the report's own 0.92 (sex's 0.939 does)
    const release = buildRelease({ report: (r) => (r.thresholds = { disparate_impact_ratio: { min: 0.92 } }) });
    const f = only(run(release).findings, 'BIAS_THRESHOLD_EXCEEDED');
    expect(f.message).toContain('below the minimum 0.92');
    expect(f.pointer).toBe('/attributes/1/metrics/disparate_impact_ratio');
  });

  it('fails a reported DPD that disagrees with its groups', () => {
    const release = buildRelease({ report: (r) => (r.attributes[0]!.metrics.demographic_parity_difference = 0.001) });
    const result = run(release);
    expect(result.status).toBe('fail');
    const f = only(result.findings, 'BIAS_METRIC_MISMATCH');
    expect(f.message).toContain('0.001');
    expect(f.message).toContain('0.002');
    expect(f.pointer).toBe('/attributes/0/metrics/demographic_parity_difference');
    expect(f.line).toBe(lineOf(release.ctx.biasReport, '/attributes/0/metrics/demographic_parity_difference'));
  });

  it('accepts a value rounded to 4 decimals (0.9118 for 0.91176…)', () => {
    const release = buildRelease();
    expect(release.report.attributes[1]!.metrics.disparate_impact_ratio).toBe(0.9118);
    expect(run(release).findings).toEqual([]);
  });

  it('fails a missing required attribute at /attributes', () => {
    const release = buildRelease({ report: (r) => (r.attributes = r.attributes.filter((a) => a.name !== 'age_band')) });
    const f = only(run(release).findings, 'BIAS_ATTRIBUTE_MISSING');
    expect(f.message).toContain('"age_band"');
    expect(f.pointer).toBe('/attributes');
    expect(f.line).toBe(lineOf(release.ctx.biasReport, '/attributes'));
  });

  it('warns about a tiny group and leaves it out of the spread', () => {
    const release = buildRelease({
      report: (r) => {
        // a group of 12 with an extreme rate: included, it would break DPD and DI
        r.attributes[1]!.groups.push({
          group: '90+',
          n: 12,
          selectionRate: 0.2,
          truePositiveRate: 0.5,
          falsePositiveRate: 0.2,
        });
        r.attributes[1]!.groups[2]!.n -= 12; // the 12 rows came out of "51+": the rows still add up
        r.attributes[1]!.missing = 0;
      },
      policy: (p) => (p.bias.maxExcludedShare = 0.01),
    });
    const result = run(release);
    expect(result.status).toBe('warn');
    expect(codes(result.findings)).toEqual(['BIAS_INSUFFICIENT_DATA']);
    const f = result.findings[0]!;
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('"90+" (n=12 < minGroupSize 30)');
    expect(f.pointer).toBe('/attributes/1/groups/3');
    expect(f.line).toBe(lineOf(release.ctx.biasReport, '/attributes/1/groups/3'));
    expect(result.details?.['excludedGroups']).toEqual([
      { attribute: 'age_band', group: '90+', reason: 'n=12 < minGroupSize 30' },
    ]);
  });

  it('fails when the excluded rows exceed bias.maxExcludedShare', () => {
    const release = buildRelease({
      report: (r) => {
        r.attributes[1]!.groups.push({
          group: '90+',
          n: 20,
          selectionRate: 0.2,
          truePositiveRate: 0.5,
          falsePositiveRate: 0.2,
        });
        r.attributes[1]!.groups[2]!.n -= 20;
      },
      policy: (p) => (p.bias.maxExcludedShare = 0.0001),
    });
    const result = run(release);
    expect(codes(result.findings)).toEqual(['BIAS_EXCLUDED_SHARE_TOO_HIGH']);
    const f = only(result.findings, 'BIAS_EXCLUDED_SHARE_TOO_HIGH');
    expect(f.severity).toBe('error');
    expect(f.pointer).toBe('/attributes/1/groups/3');
  });

  it('treats a group whose TPR denominator is under minEvents as insufficient data', () => {
    const release = buildRelease({
      report: (r) => {
        const g = r.attributes[0]!.groups;
        g[0]!.positives = 5;
        g[0]!.negatives = 57995;
        g[1]!.positives = 800;
        g[1]!.negatives = 61200;
      },
      policy: (p) => {
        p.bias.minEvents = 10;
        p.bias.maxExcludedShare = 0.9;
      },
    });
    const result = run(release);
    // with "female" out of the TPR spread, EOD is undefined over one group: never a pass
    expect(codes(result.findings).sort()).toEqual(['BIAS_INSUFFICIENT_DATA', 'BIAS_METRIC_UNDEFINED']);
    expect(only(result.findings, 'BIAS_INSUFFICIENT_DATA').message).toContain('positives=5 < minEvents 10');
  });

  it('reports an undefined (null) metric as an error, never a pass', () => {
    const release = buildRelease({ report: (r) => (r.attributes[0]!.metrics.equalized_odds_difference = null) });
    const result = run(release);
    expect(result.status).toBe('fail');
    const f = only(result.findings, 'BIAS_METRIC_UNDEFINED');
    expect(f.message).toContain('equalized odds difference is reported as null');
    expect(f.pointer).toBe('/attributes/0/metrics/equalized_odds_difference');
    expect(f.line).toBe(lineOf(release.ctx.biasReport, '/attributes/0/metrics/equalized_odds_difference'));
  });

  it('reports a metric the groups cannot define (missing TPR) as undefined', () => {
    const release = buildRelease({ report: (r) => (r.attributes[0]!.groups[1]!.truePositiveRate = null) });
    const f = only(run(release).findings, 'BIAS_METRIC_UNDEFINED');
    expect(f.message).toContain('group "male" has no truePositiveRate');
  });

  it('warns when a confidence interval straddles the threshold', () => {
    const release = buildRelease({
      report: (r) => {
        const g = r.attributes[0]!.groups;
        g[0]!.intervals = { selectionRate: { low: 0.025, high: 0.037 } };
        g[1]!.intervals = { selectionRate: { low: 0.029, high: 0.037 } };
      },
    });
    const result = run(release);
    expect(result.status).toBe('warn');
    // DI 0.939 ≥ 0.8, but the interval's low end 0.025/0.037 = 0.676 is below it
    const f = only(result.findings, 'BIAS_INTERVAL_STRADDLES_THRESHOLD');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('meets min 0.8');
    expect(f.pointer).toBe('/attributes/0/metrics/disparate_impact_ratio');
    expect(f.line).toBe(lineOf(release.ctx.biasReport, '/attributes/0/metrics/disparate_impact_ratio'));
  });

  it('computes disparate impact on the favourable rate when the policy sets bias.favorableLabel', () => {
    const release = buildRelease({
      policy: (p) => (p.bias.favorableLabel = 'legitimate'),
      report: (r) => {
        r.favorableLabel = 'legitimate';
        r.attributes[0]!.metrics.disparate_impact_ratio = 0.967 / 0.969;
        r.attributes[1]!.metrics.disparate_impact_ratio = 0.9969; // 0.966 / 0.969, rounded
      },
    });
    const result = run(release);
    expect(codes(result.findings)).toEqual(['BIAS_FAVORABLE_LABEL']);
    expect(result.status).toBe('pass');
  });

  it('fails a report for another model version', () => {
    const release = buildRelease({ report: (r) => (r.model.version = '2.3.0') });
    const f = only(run(release).findings, 'BIAS_REPORT_MODEL_MISMATCH');
    expect(f.message).toContain('2.3.0');
    expect(f.message).toContain('2.4.0');
    expect(f.pointer).toBe('/model');
    expect(f.line).toBe(lineOf(release.ctx.biasReport, '/model'));
  });

  it('fails a report generated before the training run finished', () => {
    const release = buildRelease({ report: (r) => (r.generatedAt = '2026-10-01T00:00:00.000Z') });
    const f = only(run(release).findings, 'BIAS_REPORT_OLDER_THAN_TRAINING');
    expect(f.pointer).toBe('/generatedAt');
  });

  it('fails a reviewer approval not bound to the current report digest', () => {
    const release = buildRelease({ afterApproval: (_m, r) => (r.attributes[0]!.groups[0]!.n = 58001) });
    const result = run(release);
    const f = only(result.findings, 'BIAS_APPROVAL_DIGEST_MISMATCH');
    expect(f.message).toContain('dave');
    expect(f.pointer).toBe('/approvals/0/reportDigest');
    expect(f.line).toBe(lineOf(release.ctx.biasReport, '/approvals/0/reportDigest'));
    expect(codes(result.findings)).toContain('BIAS_APPROVAL_MISSING');
  });

  it('fails without a reviewer approval, and with a rejection', () => {
    expect(codes(run(buildRelease({ reportApprovals: [] })).findings)).toEqual(['BIAS_APPROVAL_MISSING']);
    const withRejection = buildRelease({
      reportApprovals: [{ approver: 'dave', role: 'fairness-reviewer', decision: 'rejected' }],
    });
    const rejected = run(withRejection);
    expect(codes(rejected.findings)).toEqual(['BIAS_REVIEW_REJECTED']);
    expect(rejected.findings[0]!.pointer).toBe('/approvals/0/decision');
    expect(rejected.findings[0]!.line).toBe(lineOf(withRejection.ctx.biasReport, '/approvals/0/decision'));
  });

  it('fails a reviewer approval by someone the roster does not give the reviewer role', () => {
    const f = only(
      run(buildRelease({ reportApprovals: [{ approver: 'alice', role: 'fairness-reviewer' }] })).findings,
      'BIAS_REVIEWER_NOT_ON_ROSTER',
    );
    expect(f.message).toContain('only to dave');
    expect(f.pointer).toBe('/approvals/0/approver');
  });
});
