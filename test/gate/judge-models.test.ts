/**
 * Which models a change asks to be judged (src/gate/judge-models.ts), in a real two-model repository: derived from
 * git against the base, never from a list the PR states.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitCodeOfModels, runGateOverModels } from '../../src/gate/judge-models.js';
import { createTwoModelRepo, CREDIT, type TwoModelRepo } from '../support/two-models.js';
import { createReleaseRepo } from '../support/example-release.js';

let repo: TwoModelRepo | undefined;
afterEach(() => repo?.remove());

const judge = (dir: string, extra: { all?: boolean; model?: string } = {}) =>
  runGateOverModels({ repoRoot: dir, offline: true, ...extra });

describe('runGateOverModels', () => {
  it('judges both models of an untouched repository with --all, and both pass', async () => {
    repo = createTwoModelRepo();
    const run = await judge(repo.dir, { all: true });
    expect(run.listsModels).toBe(true);
    expect(run.judgements.map((j) => [j.name, j.report.model.name, j.report.model.version, j.report.verdict])).toEqual([
      ['fraud-detection', 'fraud-detection', '2.4.0', 'pass'],
      ['credit-scoring', 'credit-scoring', '1.3.0', 'pass'],
    ]);
    expect(run.untouched).toEqual([]);
    expect(exitCodeOfModels(run)).toBe(0);
  });

  it('judges nothing when the change touches no model (a README edit)', async () => {
    repo = createTwoModelRepo();
    writeFileSync(join(repo.dir, 'README.md'), 'docs\n');
    repo.commitAll('Docs');
    const run = await judge(repo.dir);
    expect(run.judgements).toEqual([]);
    expect(run.untouched).toEqual(['fraud-detection', 'credit-scoring']);
    expect(exitCodeOfModels(run)).toBe(0);
  });

  it("judges only credit-scoring when a file in its folder changes, and fails it on that model's rule", async () => {
    repo = createTwoModelRepo();
    appendFileSync(join(repo.dir, 'models/credit-scoring/weights/model.onnx'), 'tampered\n');
    repo.commitAll('Swap the weights');
    const run = await judge(repo.dir);
    expect(run.judgements.map((j) => j.name)).toEqual(['credit-scoring']);
    expect(run.untouched).toEqual(['fraud-detection']);
    const codes = run.judgements[0]!.report.checks.flatMap((c) => c.findings.map((f) => [f.code, f.file]));
    expect(codes).toContainEqual(['CHECKSUM_MISMATCH', CREDIT.manifest]);
    // The fix is a command the author can paste: it names the model, or checksums would ask which one.
    const mismatch = run.judgements[0]!.report.checks.flatMap((c) => c.findings).find(
      (f) => f.code === 'CHECKSUM_MISMATCH',
    );
    expect(mismatch?.fix).toBe(
      'If the change is intended, run `mlgov checksums --write --model credit-scoring` and commit the manifest (existing approvals then need renewing); otherwise restore the file.',
    );
    expect(exitCodeOfModels(run)).toBe(1);
  });

  it('counts an uncommitted change in the working tree (a PR author iterating locally)', async () => {
    repo = createTwoModelRepo();
    writeFileSync(join(repo.dir, 'models/credit-scoring/notes.txt'), 'new file beside the weights\n');
    const run = await judge(repo.dir);
    expect(run.judgements.map((j) => j.name)).toEqual(['credit-scoring']);
  });

  it('judges every model when the change touches the policy, and says why', async () => {
    repo = createTwoModelRepo();
    appendFileSync(join(repo.dir, '.github/governance-policy.yml'), '# a comment\n');
    repo.commitAll('Touch the policy');
    const run = await judge(repo.dir);
    expect(run.judgements.map((j) => j.name)).toEqual(['fraud-detection', 'credit-scoring']);
    expect(run.selection).toBe('every governed model: the change touches the policy (.github/governance-policy.yml)');
  });

  it("judges each model by its own thresholds: credit-scoring's AUC minimum is 0.75, fraud-detection's 0.70", async () => {
    repo = createTwoModelRepo();
    repo.bind('credit-scoring', { manifest: (m) => (m.evaluation.metrics = { auc: 0.72 }) });
    repo.bind('fraud-detection', { manifest: (m) => (m.evaluation.metrics = { auc: 0.72 }) });
    const run = await judge(repo.dir, { all: true });
    const perf = (name: string) =>
      run.judgements
        .find((j) => j.name === name)!
        .report.checks.flatMap((c) => c.findings)
        .filter((f) => f.code === 'PERFORMANCE_THRESHOLD_NOT_MET')
        .map((f) => [f.code, f.pointer]);
    expect(perf('credit-scoring')).toEqual([['PERFORMANCE_THRESHOLD_NOT_MET', '/evaluation/metrics/auc']]);
    expect(perf('fraud-detection')).toEqual([]);
  });

  it('asks which model when --model names none the policy governs', async () => {
    repo = createTwoModelRepo();
    await expect(judge(repo.dir, { model: 'churn' })).rejects.toThrow(
      'the policy does not govern a model named "churn" (it governs fraud-detection, credit-scoring)',
    );
  });

  it('judges the one model of a single-model policy, touched or not (the layout every repository started with)', async () => {
    const single = createReleaseRepo();
    try {
      const run = await judge(single.dir);
      expect(run.listsModels).toBe(false);
      expect(run.judgements.map((j) => [j.name, j.report.model.name, j.report.verdict])).toEqual([
        [undefined, 'fraud-detection', 'pass'],
      ]);
    } finally {
      single.remove();
    }
  });

  it("fails a manifest at credit-scoring's path that names fraud-detection (MODEL_NAME_MISMATCH at /name)", async () => {
    repo = createTwoModelRepo();
    repo.bind('credit-scoring', { manifest: (m) => void (m.name = 'fraud-detection') });
    const run = await judge(repo.dir);
    expect(run.judgements.map((j) => j.name)).toEqual(['credit-scoring']);
    const findings = run.judgements[0]!.report.checks.find((c) => c.id === 'version')!.findings;
    expect(findings.map((f) => [f.code, f.file, f.pointer, f.line])).toEqual([
      ['MODEL_NAME_MISMATCH', CREDIT.manifest, '/name', 3],
    ]);
    expect(findings[0]!.message).toBe(
      `${CREDIT.manifest} names the model "fraud-detection", but the policy lists this manifest as the model "credit-scoring".`,
    );
  });

  it('judges only the models whose events a change appends to the shared audit log, and every model when it rewrites a line', async () => {
    repo = createTwoModelRepo();
    const log = join(repo.dir, 'artifacts/audit-log.jsonl');
    mkdirSync(join(repo.dir, 'artifacts'), { recursive: true });
    writeFileSync(log, JSON.stringify({ seq: 1, model: 'fraud-detection', action: 'archive' }) + '\n');
    repo.commitAll('A logged archive on the base');
    repo.git('branch', '-f', 'main', 'HEAD');
    appendFileSync(log, JSON.stringify({ seq: 2, model: 'credit-scoring', action: 'archive' }) + '\n');
    const appended = await judge(repo.dir);
    expect(appended.judgements.map((j) => j.name)).toEqual(['credit-scoring']);
    writeFileSync(log, JSON.stringify({ seq: 1, model: 'credit-scoring', action: 'archive' }) + '\n');
    const rewritten = await judge(repo.dir);
    expect(rewritten.judgements.map((j) => j.name)).toEqual(['fraud-detection', 'credit-scoring']);
    expect(rewritten.selection).toBe(
      'every governed model: the change rewrites the audit log artifacts/audit-log.jsonl, which models share',
    );
  });

  it("does not count another model's archive folder as this model's unexpected evidence, but its own gate does", async () => {
    repo = createTwoModelRepo();
    mkdirSync(join(repo.dir, 'artifacts/credit-scoring/9.9.9'), { recursive: true });
    writeFileSync(join(repo.dir, 'artifacts/credit-scoring/9.9.9/manifest.json'), '{}\n');
    repo.commitAll('Evidence nobody archived');
    const run = await judge(repo.dir, { all: true });
    const unexpected = (name: string) =>
      run.judgements
        .find((j) => j.name === name)!
        .report.checks.flatMap((c) => c.findings)
        .filter((f) => f.code === 'ARCHIVE_UNEXPECTED')
        .map((f) => f.file);
    expect(unexpected('fraud-detection')).toEqual([]);
    expect(unexpected('credit-scoring')).toEqual(['artifacts/credit-scoring/9.9.9/manifest.json']);
    // Without --all, the change touches credit-scoring's archive folder, so credit-scoring is judged.
    expect((await judge(repo.dir)).judgements.map((j) => j.name)).toEqual(['credit-scoring']);
  });
});
