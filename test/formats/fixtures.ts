/** Literal, schema-valid documents for format and check tests; each call returns a fresh copy to mutate. */
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { parsePointer } from '../../src/formats/json-pointer.js';

const HEX = (c: string): string => c.repeat(64);

export function validManifest(): Manifest {
  return {
    schemaVersion: '1.0',
    name: 'fraud-detection',
    version: '2.4.0',
    owner: 'risk-ml-guild',
    release: { type: 'promotion', reason: 'Quarterly retrain on Oct feature snapshot' },
    provenance: {
      code: { repository: 'https://github.com/acme/fraud-models', commit: '4fedf5d3bf8b168749ec4423373dd0317fdbb338' },
      training: {
        pipeline: 'fraud-train',
        runId: 'run-2026-10-31-01',
        runUrl: 'https://ci.example.com/runs/1',
        triggeredBy: 'carol',
        startedAt: '2026-10-31T01:00:00Z',
        finishedAt: '2026-10-31T03:10:00Z',
      },
      data: {
        featureStoreSnapshot: 'fs-2026-10-01',
        uri: 's3://acme-features/fraud/2026-10-01',
        sha256: HEX('1'),
        window: { from: '2025-10-01', to: '2026-09-30' },
      },
      featureSchemaVersion: 'v2',
      framework: { name: 'xgboost', version: '2.1.1' },
    },
    artifacts: [{ path: 'model/weights/model.onnx', sha256: HEX('2'), size: 123456 }],
    evaluation: {
      evaluatedAt: '2026-10-31T04:00:00Z',
      metrics: { auc: 0.91 },
      backtest: {
        mae: 41.2,
        rmse: 58.9,
        bias: -1.3,
        windows: 12,
        seasons: { summer: { mae: 40.1, rmse: 57.0 }, winter: { mae: 42.0, rmse: 60.2 } },
      },
    },
    biasReport: { path: 'reports/latest-bias-report.json', sha256: HEX('3') },
    jira: 'MLGOV-123',
    approvals: [
      {
        approver: 'alice',
        role: 'governance-board',
        decision: 'approved',
        at: '2026-11-01T10:00:00Z',
        manifestDigest: 'sha256:' + HEX('4'),
        note: 'ok',
      },
    ],
  };
}

export function validBiasReport(): BiasReport {
  return {
    schemaVersion: '1.0',
    model: { name: 'fraud-detection', version: '2.4.0' },
    generatedAt: '2026-10-31T05:00:00Z',
    generator: { name: 'fairlearn', version: '0.13.0' },
    dataset: { name: 'holdout-2026-10', rows: 120000, sha256: HEX('5') },
    positiveLabel: 'fraud',
    thresholds: { demographic_parity_difference: { max: 0.1 }, disparate_impact_ratio: { min: 0.8 } },
    attributes: [
      {
        name: 'sex',
        groups: [
          {
            group: 'female',
            n: 58000,
            selectionRate: 0.031,
            truePositiveRate: 0.82,
            falsePositiveRate: 0.012,
            positives: 1400,
            negatives: 56600,
          },
          { group: 'male', n: 62000, selectionRate: 0.033, truePositiveRate: 0.84, falsePositiveRate: 0.013 },
        ],
        metrics: {
          demographic_parity_difference: 0.002,
          disparate_impact_ratio: 0.9394,
          equalized_odds_difference: 0.02,
        },
      },
    ],
    approvals: [
      {
        approver: 'dave',
        role: 'fairness-reviewer',
        decision: 'approved',
        at: '2026-10-31T06:00:00Z',
        reportDigest: 'sha256:' + HEX('6'),
      },
    ],
  };
}

/** A deep copy of `doc` with the value at JSON pointer `ptr` set (created if missing). */
export function withValueAt(doc: object, ptr: string, value: unknown): unknown {
  const copy = structuredClone(doc) as Record<string, unknown>;
  const tokens = parsePointer(ptr);
  const last = tokens.pop();
  if (last === undefined) return value;
  let node: Record<string, unknown> = copy;
  for (const t of tokens) node = node[t] as Record<string, unknown>;
  node[last] = value;
  return copy;
}
