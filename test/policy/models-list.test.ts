/**
 * The policy's `models:` list: what the schema and the reader accept and refuse (with the pointer and line), and what
 * the release locator answers for each model.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffPolicies } from '../../src/checks/policy-diff.js';
import { readPolicyBytes } from '../../src/policy/read-policy.js';
import type { Policy } from '../../src/policy/policy.js';
import {
  archiveFolder,
  auditLogOf,
  eventsOfModel,
  governedModels,
  judgedModels,
  ModelSelectionError,
  selectModel,
  touchesModel,
} from '../../src/release/release-locator.js';
import { PROJECT_ROOT } from '../support/git-repo.js';

/** The ```yaml block of docs/formats.md that shows a models: list. */
function docsModelsPolicy(): string {
  const text = readFileSync(join(PROJECT_ROOT, 'docs/formats.md'), 'utf8');
  const block = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => /^models:/m.test(b));
  if (!block) throw new Error('docs/formats.md shows no models: policy');
  return block;
}

const read = (text: string) => readPolicyBytes('.github/governance-policy.yml', Buffer.from(text));
const valid = (text: string): Policy => {
  const r = read(text);
  if (r.kind !== 'valid') throw new Error(JSON.stringify(r.kind === 'invalid' ? r.problems : r.kind));
  return r.policy;
};
const problems = (text: string) => {
  const r = read(text);
  return r.kind === 'invalid' ? r.problems.map((p) => [p.code, p.pointer, p.line]) : [];
};

describe('models: in the policy', () => {
  it("accepts the docs' three-model policy, and each model gets its own thresholds over the policy's", () => {
    const models = governedModels(valid(docsModelsPolicy()));
    expect(models.map((m) => [m.name, m.manifest, m.biasReport, m.archiveDir])).toEqual([
      ['fraud-detection', 'model/manifest.json', 'reports/latest-bias-report.json', 'artifacts'],
      ['credit-scoring', 'models/credit-scoring/manifest.json', 'models/credit-scoring/bias-report.json', 'artifacts'],
      [
        'demand-forecast-emea',
        'models/demand-forecast-emea/manifest.json',
        'models/demand-forecast-emea/bias-report.json',
        'artifacts',
      ],
    ]);
    expect(models.map((m) => m.policy.performance.thresholds)).toEqual([
      {},
      { auc: { min: 0.75 } },
      { mae: { max: 120 } },
    ]);
    expect(models.map((m) => m.policy.promotion.minWindows)).toEqual([12, 12, 26]);
    expect(models.map((m) => m.policy.model.manifest)).toEqual(models.map((m) => m.manifest));
    // The policy's own sections still hold for every model.
    expect(models.map((m) => m.policy.approvals.required)).toEqual(
      models.map(() => [{ role: 'governance-board', count: 1 }]),
    );
  });

  it('lays a bias field over the policy field by field, and thresholds as a whole', () => {
    const policy = valid(
      [
        'version: 1',
        'bias: { minGroupSize: 50, thresholds: { demographic_parity_difference: { max: 0.1 } } }',
        'models:',
        '  - { name: a, manifest: a/manifest.json, biasReport: a/bias.json, bias: { thresholds: { disparate_impact_ratio: { min: 0.9 } } } }',
      ].join('\n'),
    );
    const [a] = governedModels(policy);
    expect(a!.policy.bias.minGroupSize).toBe(50);
    expect(a!.policy.bias.thresholds).toEqual({ disparate_impact_ratio: { min: 0.9 } });
  });

  it('governs one unnamed model at the model: paths when the list is absent (every existing repository)', () => {
    const policy = valid(readFileSync(join(PROJECT_ROOT, '.github/governance-policy.yml'), 'utf8'));
    const models = governedModels(policy);
    expect(models.map((m) => [m.name, m.manifest, m.biasReport, m.archiveDir])).toEqual([
      [undefined, 'model/manifest.json', 'reports/latest-bias-report.json', 'artifacts'],
    ]);
    expect(models[0]!.policy).toBe(policy);
    expect(selectModel(policy, undefined).manifest).toBe('model/manifest.json');
  });

  it('refuses model.manifest beside a models: list, at its line', () => {
    expect(
      problems(
        [
          'version: 1',
          'model: { manifest: m.json }',
          'models:',
          '  - { name: a, manifest: a.json, biasReport: a-bias.json }',
        ].join('\n'),
      ),
    ).toEqual([['POLICY_MODELS_CONFLICT', '/model/manifest', 2]]);
  });

  it('refuses two models with one name, one manifest or one bias report, at the second one', () => {
    expect(
      problems(
        [
          'version: 1',
          'models:',
          '  - { name: a, manifest: a.json, biasReport: shared.json }',
          '  - { name: a, manifest: a.json, biasReport: shared.json }',
        ].join('\n'),
      ),
    ).toEqual([
      ['POLICY_MODEL_DUPLICATE', '/models/1/name', 4],
      ['POLICY_MODEL_DUPLICATE', '/models/1/manifest', 4],
      ['POLICY_MODEL_DUPLICATE', '/models/1/biasReport', 4],
    ]);
  });

  it('refuses a model entry without a bias report, an unknown key, a name that is not a path segment', () => {
    expect(problems('version: 1\nmodels:\n  - { name: a, manifest: a.json }')).toEqual([
      ['SCHEMA_REQUIRED', '/models/0', 3],
    ]);
    expect(
      problems('version: 1\nmodels:\n  - { name: a, manifest: a.json, biasReport: b.json, approvals: {} }'),
    ).toEqual([['SCHEMA_ADDITIONALPROPERTIES', '/models/0', 3]]);
    expect(problems('version: 1\nmodels:\n  - { name: ../etc, manifest: a.json, biasReport: b.json }')).toEqual([
      ['SCHEMA_PATTERN', '/models/0/name', 3],
    ]);
    expect(problems('version: 1\nmodels: []')).toEqual([['SCHEMA_MINITEMS', '/models', 2]]);
  });
});

describe('the release locator', () => {
  const policy = valid(docsModelsPolicy());

  it('asks which model when several are listed and none is named, naming them and the fix', () => {
    expect(() => selectModel(policy, undefined)).toThrow(
      'the policy governs 3 models (fraud-detection, credit-scoring, demand-forecast-emea); say which one this command is for',
    );
    try {
      selectModel(policy, 'churn');
    } catch (err) {
      expect(err).toBeInstanceOf(ModelSelectionError);
      expect((err as ModelSelectionError).fix).toBe(
        "pass --model with one of: fraud-detection, credit-scoring, demand-forecast-emea, or add the model to the policy's models: list through a reviewed pull request",
      );
    }
    expect(selectModel(policy, 'credit-scoring').manifest).toBe('models/credit-scoring/manifest.json');
  });

  it('answers the archive folder, the audit log and the events of a model', () => {
    const m = selectModel(policy, 'credit-scoring');
    expect(archiveFolder(m.archiveDir, 'credit-scoring', '1.3.0')).toBe('artifacts/credit-scoring/1.3.0');
    expect(auditLogOf(m)).toBe('artifacts/audit-log.jsonl');
    const events = [{ model: 'fraud-detection' }, { model: 'credit-scoring' }, { model: 'credit-scoring-v2' }];
    expect(eventsOfModel(events, 'credit-scoring')).toEqual([{ model: 'credit-scoring' }]);
  });

  it("says which paths touch a model: its files, its folders, its archive, and not a neighbour's", () => {
    const m = selectModel(policy, 'credit-scoring');
    const artifacts = ['weights/credit/model.onnx'];
    const touches = (p: string) => touchesModel(m, 'credit-scoring', artifacts, p);
    expect(touches('models/credit-scoring/manifest.json')).toBe(true);
    expect(touches('models/credit-scoring/new-file.bin')).toBe(true);
    expect(touches('weights/credit/model.onnx')).toBe(true);
    expect(touches('weights/credit/other.bin')).toBe(true);
    expect(touches('artifacts/credit-scoring/1.3.0/manifest.json')).toBe(true);
    expect(touches('artifacts/credit-scoring-v2/1.0.0/manifest.json')).toBe(false);
    expect(touches('models/credit-scoring-v2/manifest.json')).toBe(false);
    expect(touches('model/manifest.json')).toBe(false);
    expect(touches('README.md')).toBe(false);
  });
});

describe('a change of the models list', () => {
  const base = valid(docsModelsPolicy());
  const changes = (edit: (p: Policy) => void) => {
    const head = structuredClone(base);
    edit(head);
    return diffPolicies(base, head).map((c) => [c.pointer, c.what, c.direction]);
  };

  it('is a loosening when a model is removed (no longer governed), added or its thresholds changed', () => {
    expect(changes((p) => void p.models!.splice(1, 1))).toEqual([
      ['/models', 'models: model credit-scoring removed', 'loosened'],
    ]);
    expect(
      changes((p) => void p.models!.push({ name: 'churn', manifest: 'c/m.json', biasReport: 'c/b.json' })),
    ).toEqual([['/models/3', 'models: model churn added', 'loosened']]);
    expect(changes((p) => void (p.models![1]!.performance = { thresholds: { auc: { min: 0.9 } } }))).toEqual([
      ['/models/1', 'models: model credit-scoring changed', 'loosened'],
    ]);
    expect(changes(() => undefined)).toEqual([]);
  });
});

describe('judgedModels: the models a change is judged for', () => {
  const base = valid(docsModelsPolicy());

  it("adds a model only the PR's policy lists, at the PR's paths but with the judging policy's gates", () => {
    const head = structuredClone(base);
    head.models!.push({
      name: 'churn',
      manifest: 'models/churn/manifest.json',
      biasReport: 'models/churn/bias.json',
      performance: { thresholds: { auc: { min: 0 } } },
    });
    const judged = judgedModels(base, head);
    expect(judged.map((m) => m.name)).toEqual(['fraud-detection', 'credit-scoring', 'demand-forecast-emea', 'churn']);
    const churn = judged[3]!;
    expect([churn.manifest, churn.biasReport]).toEqual(['models/churn/manifest.json', 'models/churn/bias.json']);
    expect(churn.policy.performance.thresholds).toEqual(base.performance.thresholds);
  });

  it("keeps the base's own models when the PR drops them, and its single model when the PR only names it", () => {
    const head = structuredClone(base);
    head.models = head.models!.slice(0, 1);
    expect(judgedModels(base, head).map((m) => m.name)).toEqual([
      'fraud-detection',
      'credit-scoring',
      'demand-forecast-emea',
    ]);
    const single = valid(readFileSync(join(PROJECT_ROOT, '.github/governance-policy.yml'), 'utf8'));
    const listing = valid(docsModelsPolicy());
    const judged = judgedModels(single, listing);
    expect(judged[0]).toMatchObject({ name: 'fraud-detection', manifest: 'model/manifest.json' });
    expect(judged[0]!.policy).toBe(single);
    expect(judgedModels(single, undefined).map((m) => m.name)).toEqual([undefined]);
  });
});
