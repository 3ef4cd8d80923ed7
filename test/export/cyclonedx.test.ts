import { describe, expect, it } from '@jest/globals';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import {
  buildCycloneDxBom,
  renderCycloneDxJson,
  serialNumberFor,
  type CycloneDxInput,
} from '../../src/export/cyclonedx.js';
import { canonicalDigest, manifestDigest } from '../../src/formats/canonical-digest.js';
import {
  DATA_SHA,
  WEIGHTS_SHA,
  sampleBaseManifest,
  sampleBiasReport,
  sampleGateReport,
  sampleManifest,
  samplePolicy,
} from './fixtures.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reading a JSON document

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

function fullInput(): CycloneDxInput {
  return {
    manifest: sampleManifest(),
    biasReport: sampleBiasReport(),
    policy: samplePolicy(),
    baseManifest: sampleBaseManifest(),
    report: sampleGateReport(),
    generatedAt: '2026-11-02T00:00:00Z',
    toolVersion: '1.0.0',
  };
}

describe('CycloneDX 1.6 ML-BOM', () => {
  const text = renderCycloneDxJson(fullInput());
  const bom = JSON.parse(text) as Json;
  const model = bom['metadata']['component'] as Json;
  const components = bom['components'] as Json[];

  it('validates against the official CycloneDX 1.6 JSON schema', async () => {
    expect(await validator.validate(text)).toBeNull();
  });

  it('the validator does reject a broken BOM (so the check above means something)', async () => {
    const broken = JSON.parse(text) as Json;
    broken['metadata']['component']['modelCard']['considerations']['fairnessAssessments'][0]['score'] = 1;
    expect(await validator.validate(JSON.stringify(broken))).not.toBeNull();
  });

  it('describes the model as a machine-learning-model component with its digests and provenance', () => {
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1 });
    expect(model).toMatchObject({
      type: 'machine-learning-model',
      name: 'fraud-detection',
      version: '2.4.0',
      'bom-ref': 'model:fraud-detection@2.4.0',
      supplier: { name: 'risk-ml-guild' },
    });
    const props = Object.fromEntries((model['properties'] as Json[]).map((p) => [p['name'], p['value']]));
    expect(props).toMatchObject({
      'mlgov:manifest:digest': manifestDigest(fullInput().manifest),
      'mlgov:policy:digest': canonicalDigest(samplePolicy()),
      'mlgov:jira:key': 'MLGOV-123',
      'mlgov:gate:verdict': 'pass',
      'mlgov:provenance:code:commit': '2'.repeat(40),
      'mlgov:provenance:training:runId': 'run-2026-10-31-01',
      'mlgov:provenance:framework': 'xgboost 2.1.1',
    });
    expect(model['externalReferences']).toEqual([
      { url: 'https://github.com/acme/fraud-models', type: 'vcs', comment: `source at commit ${'2'.repeat(40)}` },
      {
        url: 'https://ci.example.com/runs/2026-10-31-01',
        type: 'build-meta',
        comment: 'training run run-2026-10-31-01 of fraud-train',
      },
    ]);
    expect(model['pedigree']).toEqual({
      ancestors: [
        {
          type: 'machine-learning-model',
          name: 'fraud-detection',
          version: '2.3.0',
          description: 'The previous (production) release this one replaces',
        },
      ],
    });
  });

  it('lists every artifact and the bias report as a file with its SHA-256', () => {
    const files = components.filter((c) => c['type'] === 'file');
    expect(files.map((f) => [f['name'], f['hashes']])).toEqual([
      ['model/weights/model.onnx', [{ alg: 'SHA-256', content: WEIGHTS_SHA }]],
      ['model/preprocessing.json', [{ alg: 'SHA-256', content: 'f'.repeat(64) }]],
      ['reports/latest-bias-report.json', [{ alg: 'SHA-256', content: '9'.repeat(64) }]],
    ]);
  });

  it('describes the training and evaluation datasets as data components the model card refers to', () => {
    const training = components.find((c) => c['bom-ref'] === 'dataset:training:fs-2026-10-01');
    expect(training).toMatchObject({
      type: 'data',
      name: 'fs-2026-10-01',
      hashes: [{ alg: 'SHA-256', content: DATA_SHA }],
      data: [
        {
          type: 'dataset',
          name: 'fs-2026-10-01',
          contents: { url: 's3://acme-features/fraud/fs-2026-10-01' },
          description: 'Training window 2025-10-01 to 2026-09-30',
        },
      ],
    });
    const evaluation = components.find((c) => c['bom-ref'] === 'dataset:evaluation:holdout-2026-10');
    expect(evaluation).toMatchObject({ type: 'data', hashes: [{ alg: 'SHA-256', content: 'c'.repeat(64) }] });
    expect(model['modelCard']['modelParameters']).toEqual({
      approach: { type: 'supervised' },
      task: 'classification',
      datasets: [{ ref: 'dataset:training:fs-2026-10-01' }, { ref: 'dataset:evaluation:holdout-2026-10' }],
    });
    const dependsOn = (bom['dependencies'] as Json[]).find((d) => d['ref'] === model['bom-ref'])?.['dependsOn'];
    expect(dependsOn).toHaveLength(5);
  });

  it('carries the evaluation, backtest and per-group rates as performance metrics', () => {
    const metrics = model['modelCard']['quantitativeAnalysis']['performanceMetrics'] as Json[];
    expect(metrics).toContainEqual({ type: 'auc', value: '0.91', slice: 'evaluation' });
    expect(metrics).toContainEqual({ type: 'mae', value: '41.2', slice: 'backtest (12 windows)' });
    expect(metrics).toContainEqual({ type: 'rmse', value: '60.2', slice: 'backtest season=winter' });
    expect(metrics).toContainEqual({ type: 'selection_rate', value: '0.031', slice: 'sex=female (n=58000)' });
    expect(metrics).toContainEqual({ type: 'disparate_impact_ratio', value: '0.707', slice: 'age_band' });
    // an undefined rate (null) is not turned into a number
    expect(metrics.filter((x) => x['slice'] === 'age_band=unknown (n=12)').map((x) => x['type'])).toEqual([
      'selection_rate',
    ]);
  });

  it('adds confidence intervals when the report gives them', () => {
    const input = fullInput();
    input.biasReport!.attributes[0]!.groups[0]!.intervals = { selectionRate: { low: 0.029, high: 0.033 } };
    const metrics = (buildCycloneDxBom(input)['metadata'] as Json)['component']['modelCard']['quantitativeAnalysis'][
      'performanceMetrics'
    ] as Json[];
    expect(metrics).toContainEqual({
      type: 'selection_rate',
      value: '0.031',
      slice: 'sex=female (n=58000)',
      confidenceInterval: { lowerBound: '0.029', upperBound: '0.033' },
    });
  });

  it('has one fairness assessment per attribute with results against thresholds and the review', () => {
    const c = model['modelCard']['considerations'] as Json;
    expect(c['useCases']).toEqual([fullInput().manifest.intendedUse]);
    expect(c['technicalLimitations']).toEqual([
      'Not validated for business accounts.',
      'Trained on EU transactions only.',
    ]);
    expect(c['fairnessAssessments']).toHaveLength(2);
    expect(c['fairnessAssessments'][1]).toEqual({
      groupAtRisk: 'age_band: 18-25, 26-60, 60+, unknown',
      harms:
        'Unequal rates of "fraud" predictions across groups. Demographic parity difference 0.012 (threshold ≤ 0.08: within); ' +
        'Disparate impact ratio 0.707 (threshold ≥ 0.8: beyond); Equalized odds difference 0.03 (threshold ≤ 0.1: within).',
      mitigationStrategy:
        'Fairness thresholds enforced by the mlgov release gate (bias check). Review: approved by dave (fairness-reviewer) at 2026-10-31T09:00:00Z, bound to this report',
    });
  });

  it('is reproducible: same inputs, same bytes; another export time, another serial number', () => {
    expect(renderCycloneDxJson(fullInput())).toBe(text);
    const later = { ...fullInput(), generatedAt: '2026-11-03T00:00:00Z' };
    expect(buildCycloneDxBom(later)['serialNumber']).not.toBe(bom['serialNumber']);
    expect(bom['serialNumber']).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('still validates for a first release without a bias report, base, policy or gate report', async () => {
    const m = sampleManifest();
    delete m.intendedUse;
    delete m.limitations;
    delete m.provenance.data.sha256;
    delete m.provenance.training.runUrl;
    m.release = { type: 'initial', reason: 'first release' };
    const json = renderCycloneDxJson({ manifest: m, generatedAt: '2026-11-02T00:00:00Z', toolVersion: '1.0.0' });
    expect(await validator.validate(json)).toBeNull();
    const parsed = JSON.parse(json) as Json;
    expect(parsed['metadata']['component']['pedigree']).toBeUndefined();
    expect(parsed['metadata']['component']['modelCard']['considerations']).toBeUndefined();
  });

  it('leaves out a hash that is not a SHA-256 hex digest instead of emitting an invalid BOM', async () => {
    const m = sampleManifest([{ path: 'model/weights/model.onnx', sha256: 'TODO', size: 1 }]);
    const json = renderCycloneDxJson({ manifest: m, generatedAt: '2026-11-02T00:00:00Z', toolVersion: '1.0.0' });
    expect(await validator.validate(json)).toBeNull();
    const file = (JSON.parse(json) as Json)['components'].find((c: Json) => c['name'] === 'model/weights/model.onnx');
    expect(file['hashes']).toBeUndefined();
  });
});

describe('serialNumberFor', () => {
  it('is an RFC 9562 version-5 UUID (SHA-1, URL namespace)', () => {
    // Reference value: Python's uuid.uuid5(uuid.NAMESPACE_URL, 'https://example.com/')
    expect(serialNumberFor('https://example.com/')).toBe('urn:uuid:dd2c1780-811a-5296-81c5-178a0ef488bc');
  });
});
