/**
 * Literal release documents for the card and export tests: a fraud-detection promotion 2.3.0 → 2.4.0 with a bias
 * report over two attributes (one with a group under the minimum size), approvals bound to the exact documents, and
 * a gate report. Built by functions so every test gets its own copy to change.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BiasReport } from '../../src/formats/bias-report.js';
import { manifestDigest, reportDigest } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { Report } from '../../src/release/report.js';
import { withDefaults } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/policy/policy.js';
import { approvalsPolicy, sexGroups } from '../support/release-literals.js';

export const WEIGHTS_SHA = 'a'.repeat(64);
export const DATA_SHA = 'b'.repeat(64);

export function sampleBiasReport(): BiasReport {
  const report: BiasReport = {
    schemaVersion: '1.0',
    model: { name: 'fraud-detection', version: '2.4.0' },
    generatedAt: '2026-10-31T05:00:00Z',
    generator: { name: 'fairlearn', version: '0.13.0' },
    dataset: { name: 'holdout-2026-10', rows: 120000, sha256: 'c'.repeat(64) },
    positiveLabel: 'fraud',
    thresholds: { demographic_parity_difference: { max: 0.08 }, disparate_impact_ratio: { min: 0.8 } },
    attributes: [
      {
        name: 'sex',
        groups: sexGroups(),
        metrics: {
          demographic_parity_difference: 0.002,
          disparate_impact_ratio: 0.939,
          equalized_odds_difference: 0.02,
        },
      },
      {
        name: 'age_band',
        groups: [
          { group: '18-25', n: 14000, selectionRate: 0.041, truePositiveRate: 0.8, falsePositiveRate: 0.018 },
          { group: '26-60', n: 90000, selectionRate: 0.03, truePositiveRate: 0.83, falsePositiveRate: 0.012 },
          { group: '60+', n: 16000, selectionRate: 0.029, truePositiveRate: 0.81, falsePositiveRate: 0.011 },
          { group: 'unknown', n: 12, selectionRate: 0.08, truePositiveRate: null, falsePositiveRate: null },
        ],
        metrics: {
          demographic_parity_difference: 0.012,
          disparate_impact_ratio: 0.707,
          equalized_odds_difference: 0.03,
        },
        missing: 12,
      },
    ],
  };
  report.approvals = [
    {
      approver: 'dave',
      role: 'fairness-reviewer',
      decision: 'approved',
      at: '2026-10-31T09:00:00Z',
      reportDigest: reportDigest(report),
    },
  ];
  return report;
}

export function sampleBaseManifest(): Manifest {
  return {
    schemaVersion: '1.0',
    name: 'fraud-detection',
    version: '2.3.0',
    owner: 'risk-ml-guild',
    release: { type: 'promotion', reason: 'Quarterly retrain on Jul feature snapshot' },
    provenance: {
      code: { repository: 'https://github.com/acme/fraud-models', commit: '1'.repeat(40) },
      training: {
        pipeline: 'fraud-train',
        runId: 'run-2026-07-31-01',
        triggeredBy: 'carol',
        startedAt: '2026-07-31T01:00:00Z',
        finishedAt: '2026-07-31T03:00:00Z',
      },
      data: { featureStoreSnapshot: 'fs-2026-07-01' },
      featureSchemaVersion: 'v2',
    },
    artifacts: [{ path: 'model/weights/model.onnx', sha256: 'd'.repeat(64), size: 1000 }],
    evaluation: {
      evaluatedAt: '2026-07-31T04:00:00Z',
      metrics: { auc: 0.9 },
      backtest: {
        mae: 44,
        rmse: 62,
        bias: -2,
        windows: 12,
        seasons: { summer: { mae: 43, rmse: 60 }, winter: { mae: 45, rmse: 64 } },
      },
    },
    biasReport: { path: 'reports/latest-bias-report.json', sha256: 'e'.repeat(64) },
    jira: 'MLGOV-100',
  };
}

/** The 2.4.0 manifest; `artifacts` may be replaced (e.g. with digests of real files) before approvals are bound. */
export function sampleManifest(artifacts?: Manifest['artifacts']): Manifest {
  const manifest: Manifest = {
    schemaVersion: '1.0',
    name: 'fraud-detection',
    version: '2.4.0',
    owner: 'risk-ml-guild',
    description: 'Gradient-boosted classifier that scores card transactions for fraud.',
    intendedUse: 'Score card-not-present transactions in real time; scores above 0.8 go to manual review.',
    limitations: ['Not validated for business accounts.', 'Trained on EU transactions only.'],
    release: { type: 'promotion', reason: 'Quarterly retrain on Oct feature snapshot' },
    provenance: {
      code: { repository: 'https://github.com/acme/fraud-models', commit: '2'.repeat(40) },
      training: {
        pipeline: 'fraud-train',
        runId: 'run-2026-10-31-01',
        runUrl: 'https://ci.example.com/runs/2026-10-31-01',
        triggeredBy: 'carol',
        startedAt: '2026-10-31T01:00:00Z',
        finishedAt: '2026-10-31T03:10:00Z',
      },
      data: {
        featureStoreSnapshot: 'fs-2026-10-01',
        uri: 's3://acme-features/fraud/fs-2026-10-01',
        sha256: DATA_SHA,
        window: { from: '2025-10-01', to: '2026-09-30' },
      },
      featureSchemaVersion: 'v2',
      framework: { name: 'xgboost', version: '2.1.1' },
    },
    artifacts: artifacts ?? [
      { path: 'model/weights/model.onnx', sha256: WEIGHTS_SHA, size: 123456 },
      { path: 'model/preprocessing.json', sha256: 'f'.repeat(64), size: 2048 },
    ],
    evaluation: {
      evaluatedAt: '2026-10-31T04:00:00Z',
      metrics: { auc: 0.91, precision: 0.72 },
      backtest: {
        mae: 41.2,
        rmse: 58.9,
        bias: -1.3,
        windows: 12,
        seasons: { summer: { mae: 40.1, rmse: 57 }, winter: { mae: 42, rmse: 60.2 } },
      },
    },
    biasReport: { path: 'reports/latest-bias-report.json', sha256: '9'.repeat(64) },
    jira: 'MLGOV-123',
  };
  const digest = manifestDigest(manifest);
  manifest.approvals = [
    {
      approver: 'alice',
      role: 'governance-board',
      decision: 'approved',
      at: '2026-11-01T10:00:00Z',
      manifestDigest: digest,
      note: 'Reviewed in board meeting 2026-11',
    },
    {
      approver: 'bob',
      role: 'regulatory-affairs',
      decision: 'approved',
      at: '2026-11-01T11:30:00Z',
      manifestDigest: digest,
    },
  ];
  return manifest;
}

export function samplePolicy(): Policy {
  return withDefaults({
    approvals: approvalsPolicy(),
    performance: { thresholds: { auc: { min: 0.7 } } },
  });
}

export function sampleGateReport(verdict: 'pass' | 'fail' = 'pass'): Report {
  return {
    tool: { name: 'mlgov', version: '1.0.0' },
    verdict,
    judged: true,
    forced: false,
    model: { name: 'fraud-detection', version: '2.4.0', baseVersion: '2.3.0' },
    base: { ref: 'origin/main', commit: '3'.repeat(40) },
    policySource: 'base',
    offline: false,
    generatedAt: '2026-11-01T12:00:00Z',
    checks: [
      { id: 'checksums', status: 'pass', summary: '2 artifacts match', findings: [] },
      { id: 'bias', status: verdict === 'pass' ? 'pass' : 'fail', summary: 'all thresholds met', findings: [] },
      { id: 'jira', status: 'pass', summary: 'MLGOV-123 is Approved; sign-off-2026-11.pdf attached', findings: [] },
    ],
  };
}

/** Bytes of the sample artifacts written by {@link writeSampleRelease}. */
export const SAMPLE_FILES: Record<string, string> = {
  'model/weights/model.onnx': 'onnx weights of fraud-detection 2.4.0\n'.repeat(200),
  'model/preprocessing.json': '{"scaler": "standard", "features": 42}\n',
};

/** The sample policy as the YAML file a repository holds. */
export const SAMPLE_POLICY_YAML = `version: 1
model: { manifest: model/manifest.json, biasReport: reports/latest-bias-report.json, archiveDir: artifacts }
approvals:
  roster:
    - { login: alice, roles: [governance-board] }
    - { login: bob, roles: [regulatory-affairs] }
  required: [ { role: governance-board, count: 1 }, { role: regulatory-affairs, count: 1 } ]
  separationOfDuties: true
  maxAgeDays: 30
  source: manifest
bias:
  minGroupSize: 30
  requiredAttributes: [sex, age_band]
  thresholds: { demographic_parity_difference: { max: 0.1 }, disparate_impact_ratio: { min: 0.8 }, equalized_odds_difference: { max: 0.1 } }
  reviewerRole: fairness-reviewer
performance: { thresholds: { auc: { min: 0.7 } } }
`;

/**
 * Writes the sample 2.4.0 release into `dir` (artifact files, bias report, policy, manifest) with every digest
 * taken from the bytes written and the approvals bound to the result. Returns the manifest written.
 */
export function writeSampleRelease(dir: string): Manifest {
  const write = (rel: string, text: string): void => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
  for (const [rel, text] of Object.entries(SAMPLE_FILES)) write(rel, text);
  const report = sampleBiasReport();
  const reportText = JSON.stringify(report, null, 2) + '\n';
  write('reports/latest-bias-report.json', reportText);
  write('.github/governance-policy.yml', SAMPLE_POLICY_YAML);
  const manifest = sampleManifest(
    Object.entries(SAMPLE_FILES).map(([path, text]) => ({ path, sha256: sha256(text), size: Buffer.byteLength(text) })),
  );
  manifest.biasReport.sha256 = sha256(reportText);
  const digest = manifestDigest(manifest);
  for (const a of manifest.approvals ?? []) a.manifestDigest = digest;
  write('model/manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
