/**
 * A release history of two models in one repository for the period audit: fraud-detection (model/, reports/) and
 * credit-scoring (models/credit-scoring/), each release committed on main at a set date, the release it replaces
 * archived the way `mlgov archive` archives it (the archive plan, in-process) with its events in the shared log.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildArchivePlan } from '../../src/evidence/archive-plan.js';
import { buildChainedEvent, formatAuditLine, type AuditEvent } from '../../src/evidence/hash-chain.js';
import { manifestDigest, reportDigest, sha256Hex } from '../../src/formats/canonical-digest.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { runMlgov, type CapturedRun } from '../support/cli-io.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';

export type ModelName = 'fraud-detection' | 'credit-scoring';

export const PATHS: Record<ModelName, { manifest: string; biasReport: string; weights: string }> = {
  'fraud-detection': {
    manifest: 'model/manifest.json',
    biasReport: 'reports/latest-bias-report.json',
    weights: 'model/weights',
  },
  'credit-scoring': {
    manifest: 'models/credit-scoring/manifest.json',
    biasReport: 'models/credit-scoring/bias-report.json',
    weights: 'models/credit-scoring/weights',
  },
};

const ROSTER = `approvals:
  roster:
    - { login: alice, roles: [governance-board] }
    - { login: bob, roles: [regulatory-affairs] }
  required: [ { role: governance-board, count: 1 }, { role: regulatory-affairs, count: 1 } ]
promotion: { minReasonLength: 10 }
evidence: { retentionYears: 5 }
`;

const entry = (m: ModelName) =>
  `  - { name: ${m}, manifest: ${PATHS[m].manifest}, biasReport: ${PATHS[m].biasReport} }`;

/** A policy listing `models` (shared archive folder `artifacts`). */
export function listedPolicy(models: ModelName[]): string {
  return ['version: 1', 'model: { archiveDir: artifacts }', 'models:', ...models.map(entry), ROSTER].join('\n');
}

/** The single-model policy of fraud-detection (no `models:`), as every repository started. */
export const SINGLE_POLICY = `version: 1
model: { manifest: ${PATHS['fraud-detection'].manifest}, biasReport: ${PATHS['fraud-detection'].biasReport}, archiveDir: artifacts }
${ROSTER}`;

/** The files of a coherent release of `model` (weights, bias report, manifest with digest-bound approvals). */
export function releaseFiles(model: ModelName, version: string, at: string): Record<string, Buffer> {
  const paths = PATHS[model];
  const weightsPath = `${paths.weights}/${version}/model.onnx`;
  const weights = Buffer.from(`${model} weights ${version}\n`);
  const report: BiasReport = {
    schemaVersion: '1.0',
    model: { name: model, version },
    generatedAt: at,
    positiveLabel: 'flagged',
    attributes: [
      {
        name: 'sex',
        groups: [
          { group: 'female', n: 1000, selectionRate: 0.1 },
          { group: 'male', n: 1000, selectionRate: 0.12 },
        ],
        metrics: { demographic_parity_difference: 0.02 },
      },
    ],
  };
  report.approvals = [
    { approver: 'dave', role: 'fairness-reviewer', decision: 'approved', at, reportDigest: reportDigest(report) },
  ];
  const reportText = JSON.stringify(report, null, 2) + '\n';
  const manifest: Manifest = {
    schemaVersion: '1.0',
    name: model,
    version,
    release: { type: 'promotion', reason: `Retrain ${model} for release ${version}` },
    provenance: {
      code: { repository: 'https://example.test/models', commit: '0'.repeat(40) },
      training: {
        pipeline: `${model}-train`,
        runId: `run-${version}`,
        triggeredBy: 'carol',
        startedAt: at,
        finishedAt: at,
      },
      data: { featureStoreSnapshot: 'fs-1' },
      featureSchemaVersion: 'v1',
    },
    artifacts: [{ path: weightsPath, sha256: sha256Hex(weights), size: weights.length }],
    evaluation: { evaluatedAt: at, backtest: { mae: 40, rmse: 50, windows: 12 } },
    biasReport: { path: paths.biasReport, sha256: sha256Hex(reportText) },
    jira: `MLGOV-${model === 'fraud-detection' ? 1 : 2}${version.replace(/\D/g, '')}`,
  };
  const digest = manifestDigest(manifest);
  manifest.approvals = [
    { approver: 'alice', role: 'governance-board', decision: 'approved', at, manifestDigest: digest },
    { approver: 'bob', role: 'regulatory-affairs', decision: 'approved', at, manifestDigest: digest },
  ];
  return {
    [weightsPath]: weights,
    [paths.biasReport]: Buffer.from(reportText),
    [paths.manifest]: Buffer.from(JSON.stringify(manifest, null, 2) + '\n'),
  };
}

export interface TwoModelHistory extends TempRepo {
  mlgov(argv: string[]): Promise<CapturedRun>;
  /** Writes the policy and commits it at `at`. */
  policy(text: string, at: string): string;
  /**
   * Commits a release of `model` at `at`; unless `archive: false`, the release it replaces is archived in the same
   * commit (its files under artifacts/<model>/<version>/, its archive events appended to the shared log).
   */
  release(model: ModelName, version: string, at: string, options?: { archive?: boolean }): string;
}

/** An empty repository on main; every commit is dated. */
export function createTwoModelHistory(): TwoModelHistory {
  const repo = createTempRepo('mlgov-two-model-audit-');
  const events: AuditEvent[] = [];
  const current = new Map<ModelName, Record<string, Buffer>>();
  const write = (path: string, bytes: Buffer | string) => {
    mkdirSync(dirname(join(repo.dir, path)), { recursive: true });
    writeFileSync(join(repo.dir, path), bytes);
  };
  const archive = (model: ModelName, at: string) => {
    const previous = current.get(model);
    if (!previous) return;
    const plan = buildArchivePlan({
      source: {
        commit: repo.git('rev-parse', 'HEAD').trim(),
        manifestPath: PATHS[model].manifest,
        manifestBytes: previous[PATHS[model].manifest]!,
        biasReportPath: PATHS[model].biasReport,
        biasReportBytes: previous[PATHS[model].biasReport]!,
      },
      archiveDir: 'artifacts',
      existing: {},
      alreadyLogged: false,
      now: new Date(at),
      actor: 'release-bot',
      retentionYears: 5,
      toolVersion: '1.0.0',
    });
    if (plan.kind !== 'write') throw new Error(`unexpected archive plan ${plan.kind}`);
    for (const w of plan.writes) write(w.path, Buffer.from(w.bytes));
    for (const e of plan.events)
      events.push(
        buildChainedEvent(events[events.length - 1], {
          at: e.at!,
          actor: e.actor,
          action: e.action,
          model: e.model,
          version: e.version,
          reason: null,
          ticket: e.ticket ?? null,
          ...(e.details ? { details: e.details } : {}),
        }),
      );
    write('artifacts/audit-log.jsonl', events.map((e) => formatAuditLine(e) + '\n').join(''));
  };
  return {
    ...repo,
    mlgov: (argv) => runMlgov([...argv, '--repo', repo.dir], { cwd: repo.dir }),
    policy(text, at) {
      write('.github/governance-policy.yml', text);
      return repo.commitAll(`Policy at ${at}`, at);
    },
    release(model, version, at, options = {}) {
      if (options.archive !== false) archive(model, at);
      const files = releaseFiles(model, version, at);
      for (const [path, bytes] of Object.entries(files)) write(path, bytes);
      current.set(model, files);
      return repo.commitAll(`Release ${model} ${version}`, at);
    },
  };
}
