/**
 * A temp repository governing two models side by side, the layout of the many-models docs: the built-in example's
 * `fraud-detection` (model/, reports/) and a `credit-scoring` classifier (models/credit-scoring/) with its own AUC
 * minimum, both bound coherently on `main`, and a `release` branch checked out for a PR's changes.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bindRelease, readJson, writeJson, type ReleaseEdit } from './example-release.js';
import { createTempRepo, PROJECT_ROOT, type TempRepo } from './git-repo.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { BiasReport } from '../../src/formats/bias-report.js';

export const FRAUD = { manifest: 'model/manifest.json', biasReport: 'reports/latest-bias-report.json' };
export const CREDIT = {
  manifest: 'models/credit-scoring/manifest.json',
  biasReport: 'models/credit-scoring/bias-report.json',
};

/** The example policy with a models: list in place of model: (credit-scoring with its own AUC minimum). */
export function twoModelPolicy(): string {
  const example = readFileSyncUtf8(join(PROJECT_ROOT, '.github/governance-policy.yml'));
  return example.replace(
    /^model: .*$/m,
    [
      'model: { archiveDir: artifacts }',
      'models:',
      `  - { name: fraud-detection, manifest: ${FRAUD.manifest}, biasReport: ${FRAUD.biasReport} }`,
      `  - name: credit-scoring`,
      `    manifest: ${CREDIT.manifest}`,
      `    biasReport: ${CREDIT.biasReport}`,
      '    performance: { thresholds: { auc: { min: 0.75 } } }',
    ].join('\n'),
  );
}

const readFileSyncUtf8 = (path: string): string => readFileSync(path, 'utf8');

/** Writes credit-scoring's files (a copy of the example's, renamed, with its own weights) into `dir`. */
export function addCreditScoring(dir: string): void {
  mkdirSync(join(dir, 'models/credit-scoring/weights'), { recursive: true });
  writeFileSync(join(dir, 'models/credit-scoring/weights/model.onnx'), 'credit-scoring weights v1.3.0\n');
  const m = readJson<Manifest>(PROJECT_ROOT, FRAUD.manifest);
  m.name = 'credit-scoring';
  m.version = '1.3.0';
  m.artifacts = [{ path: 'models/credit-scoring/weights/model.onnx', sha256: '', size: 0 }];
  m.biasReport.path = CREDIT.biasReport;
  m.evaluation.metrics = { auc: 0.8 };
  delete (m as { $schema?: string }).$schema;
  writeJson(dir, CREDIT.manifest, m);
  const r = readJson<BiasReport>(PROJECT_ROOT, FRAUD.biasReport);
  delete (r as { $schema?: string }).$schema;
  writeJson(dir, CREDIT.biasReport, r);
}

export interface TwoModelRepo extends TempRepo {
  seed: string;
  baseCommit: string;
  /** Re-binds one model's release after an edit (digests, checksums, approvals). */
  bind(which: 'fraud-detection' | 'credit-scoring', edit?: ReleaseEdit): Manifest;
}

/** The two-model repository: both releases bound and committed on `main`; `release` checked out. */
export function createTwoModelRepo(edit: { fraud?: ReleaseEdit; credit?: ReleaseEdit } = {}): TwoModelRepo {
  const repo = createTempRepo('mlgov-two-models-');
  writeFileSync(join(repo.dir, 'train.py'), 'print("training code")\n');
  const seed = repo.commitAll('Training code');
  for (const p of ['model', 'reports']) cpSync(join(PROJECT_ROOT, p), join(repo.dir, p), { recursive: true });
  mkdirSync(join(repo.dir, '.github'), { recursive: true });
  writeFileSync(join(repo.dir, '.github/governance-policy.yml'), twoModelPolicy());
  addCreditScoring(repo.dir);
  const bind = (which: 'fraud-detection' | 'credit-scoring', e: ReleaseEdit = {}): Manifest =>
    bindRelease(repo.dir, seed, { ...e, paths: which === 'fraud-detection' ? FRAUD : CREDIT });
  bind('fraud-detection', edit.fraud);
  bind('credit-scoring', edit.credit);
  const baseCommit = repo.commitAll('Release fraud-detection 2.4.0 and credit-scoring 1.3.0');
  repo.git('checkout', '-q', '-b', 'release');
  return { ...repo, seed, baseCommit, bind };
}
