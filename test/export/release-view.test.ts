import { describe, expect, it } from '@jest/globals';
import {
  approvalViews,
  compareMetrics,
  describeThreshold,
  effectiveBiasThresholds,
  fairnessMetricRows,
  jiraSignOffView,
  releaseDigests,
  standingOf,
} from '../../src/export/release-view.js';
import { canonicalDigest, manifestDigest } from '../../src/formats/canonical-digest.js';
import { sampleBaseManifest, sampleBiasReport, sampleGateReport, sampleManifest, samplePolicy } from './fixtures.js';

describe('effectiveBiasThresholds', () => {
  it('takes the stricter bound of the policy and the report, per metric', () => {
    const t = effectiveBiasThresholds(samplePolicy(), sampleBiasReport());
    // report max 0.08 is stricter than the policy's 0.1; DI min 0.8 in both; EOD only in the policy
    expect(t).toEqual({
      demographic_parity_difference: { max: 0.08 },
      disparate_impact_ratio: { min: 0.8 },
      equalized_odds_difference: { max: 0.1 },
    });
  });
  it('keeps the policy bound when the report is looser', () => {
    const report = sampleBiasReport();
    report.thresholds = { disparate_impact_ratio: { min: 0.7 } };
    expect(effectiveBiasThresholds(samplePolicy(), report).disparate_impact_ratio).toEqual({ min: 0.8 });
  });
});

describe('standingOf and describeThreshold', () => {
  it('judges min, max and missing values', () => {
    expect(standingOf(0.05, { max: 0.1 })).toBe('within');
    expect(standingOf(0.11, { max: 0.1 })).toBe('beyond');
    expect(standingOf(0.7, { min: 0.8 })).toBe('beyond');
    expect(standingOf(null, { max: 0.1 })).toBe('undefined');
    expect(standingOf(Number.NaN, { max: 0.1 })).toBe('undefined');
    expect(standingOf(0.3, undefined)).toBe('no-threshold');
  });
  it('describes thresholds', () => {
    expect(describeThreshold({ max: 0.1 })).toBe('≤ 0.1');
    expect(describeThreshold({ min: 0.8 })).toBe('≥ 0.8');
    expect(describeThreshold({ min: 0.8, max: 1.25 })).toBe('0.8 – 1.25');
    expect(describeThreshold(undefined)).toBe('—');
  });
});

describe('fairnessMetricRows', () => {
  it('lists every attribute × metric with its threshold and standing', () => {
    const rows = fairnessMetricRows({ policy: samplePolicy(), biasReport: sampleBiasReport() });
    expect(rows).toHaveLength(6);
    expect(rows.find((r) => r.attribute === 'age_band' && r.metric === 'disparate_impact_ratio')).toEqual({
      attribute: 'age_band',
      metric: 'disparate_impact_ratio',
      value: 0.707,
      threshold: { min: 0.8 },
      standing: 'beyond',
    });
  });
  it('shows a thresholded metric the report leaves out as undefined', () => {
    const report = sampleBiasReport();
    delete report.attributes[0]!.metrics.equalized_odds_difference;
    const row = fairnessMetricRows({ policy: samplePolicy(), biasReport: report }).find(
      (r) => r.attribute === 'sex' && r.metric === 'equalized_odds_difference',
    );
    expect(row?.standing).toBe('undefined');
  });
  it('is empty without a bias report', () => {
    expect(fairnessMetricRows({ policy: samplePolicy() })).toEqual([]);
  });
});

describe('compareMetrics', () => {
  it('signs the change so that positive is better: up for AUC, down for errors, towards zero for bias', () => {
    const rows = compareMetrics(sampleManifest(), sampleBaseManifest());
    const by = (n: string) => rows.find((r) => r.name === n)!;
    expect(by('auc').improvementPct).toBeCloseTo(1.111, 2);
    expect(by('backtest.mae').improvementPct).toBeCloseTo(((44 - 41.2) / 44) * 100, 6);
    expect(by('backtest.mae').lowerIsBetter).toBe(true);
    expect(by('backtest.bias').improvementPct).toBeCloseTo(35, 6);
    expect(by('backtest.seasons.winter.rmse')).toMatchObject({ current: 60.2, base: 64 });
    expect(by('precision')).toEqual({ name: 'precision', current: 0.72, lowerIsBetter: false });
    expect(by('backtest.windows').improvementPct).toBeUndefined();
  });
  it('without a base lists the current values only', () => {
    const rows = compareMetrics(sampleManifest(), undefined);
    expect(rows.every((r) => r.base === undefined && r.improvementPct === undefined)).toBe(true);
  });
});

describe('approvalViews', () => {
  it('marks approvals bound to the current manifest and report digests', () => {
    const views = approvalViews({ manifest: sampleManifest(), biasReport: sampleBiasReport() });
    expect(views.map((v) => [v.target, v.approver, v.bound])).toEqual([
      ['manifest', 'alice', true],
      ['manifest', 'bob', true],
      ['bias-report', 'dave', true],
    ]);
  });
  it('marks an approval stale once the manifest changed after it', () => {
    const manifest = sampleManifest();
    manifest.version = '2.4.1';
    const views = approvalViews({ manifest });
    expect(views.every((v) => !v.bound)).toBe(true);
  });
});

describe('releaseDigests and jiraSignOffView', () => {
  it('computes the manifest, report and policy digests', () => {
    const manifest = sampleManifest();
    const policy = samplePolicy();
    const d = releaseDigests({ manifest, policy });
    expect(d.manifestDigest).toBe(manifestDigest(manifest));
    expect(d.policyDigest).toBe(canonicalDigest(policy));
    expect(d.reportDigest).toBeUndefined();
  });
  it('reads the jira check from the gate report, or says the gate was not run', () => {
    expect(jiraSignOffView({ manifest: sampleManifest(), report: sampleGateReport() })).toEqual({
      key: 'MLGOV-123',
      status: 'pass',
      summary: 'MLGOV-123 is Approved; sign-off-2026-11.pdf attached',
    });
    expect(jiraSignOffView({ manifest: sampleManifest() }).status).toBe('not-run');
  });
});
