import { describe, expect, it } from '@jest/globals';
import {
  buildInTotoStatement,
  buildSlsaProvenance,
  buildSubjects,
  GOVERNANCE_PREDICATE_TYPE,
  InvalidSubjectError,
  renderInTotoJson,
} from '../../src/export/in-toto.js';
import { canonicalDigest, manifestDigest, reportDigest } from '../../src/formats/canonical-digest.js';
import {
  DATA_SHA,
  WEIGHTS_SHA,
  sampleBaseManifest,
  sampleBiasReport,
  sampleGateReport,
  sampleManifest,
  samplePolicy,
} from './fixtures.js';

describe('in-toto Statement v1', () => {
  const input = {
    manifest: sampleManifest(),
    biasReport: sampleBiasReport(),
    policy: samplePolicy(),
    baseManifest: sampleBaseManifest(),
    report: sampleGateReport('fail'),
  };
  const statement = buildInTotoStatement(input);

  it('has the Statement v1 envelope fields and mlgov predicate type', () => {
    expect(Object.keys(statement)).toEqual(['_type', 'subject', 'predicateType', 'predicate']);
    expect(statement._type).toBe('https://in-toto.io/Statement/v1');
    expect(statement.predicateType).toBe(GOVERNANCE_PREDICATE_TYPE);
  });

  it('names every artifact with its sha256 DigestSet', () => {
    expect(statement.subject).toEqual([
      { name: 'model/weights/model.onnx', digest: { sha256: WEIGHTS_SHA } },
      { name: 'model/preprocessing.json', digest: { sha256: 'f'.repeat(64) } },
    ]);
  });

  it('carries the verdict, digests, approvals and Jira key', () => {
    const p = statement.predicate;
    expect(p.model).toEqual({ name: 'fraud-detection', version: '2.4.0', baseVersion: '2.3.0' });
    expect(p.release).toEqual({ type: 'promotion', reason: 'Quarterly retrain on Oct feature snapshot' });
    expect(p.manifestDigest).toBe(manifestDigest(input.manifest));
    expect(p.biasReport).toEqual({
      path: 'reports/latest-bias-report.json',
      digest: { sha256: '9'.repeat(64) },
      reportDigest: reportDigest(input.biasReport),
    });
    expect(p.policy).toEqual({ digest: canonicalDigest(input.policy), source: 'base' });
    expect(p.verdict).toMatchObject({
      result: 'fail',
      judged: true,
      forced: false,
      offline: false,
      evaluatedAt: '2026-11-01T12:00:00Z',
    });
    expect(p.verdict.checks).toContainEqual({ id: 'bias', status: 'fail', summary: 'all thresholds met' });
    expect(p.approvals[0]).toEqual({
      target: 'manifest',
      approver: 'alice',
      role: 'governance-board',
      decision: 'approved',
      at: '2026-11-01T10:00:00Z',
      digest: manifestDigest(input.manifest),
      boundToThisRelease: true,
    });
    expect(p.jira).toEqual({
      key: 'MLGOV-123',
      status: 'pass',
      summary: 'MLGOV-123 is Approved; sign-off-2026-11.pdf attached',
    });
  });

  it('says the gate was not run when there is no report', () => {
    const s = buildInTotoStatement({ manifest: sampleManifest() });
    expect(s.predicate.verdict).toEqual({ result: 'not-run' });
    expect(s.predicate.jira.status).toBe('not-run');
    expect(s.predicate.policy).toBeUndefined();
    expect(s.predicate.biasReport?.reportDigest).toBeUndefined();
  });

  it('names no base version when the base holds this same release', () => {
    const report = sampleGateReport();
    report.model.baseVersion = '2.4.0';
    expect(buildInTotoStatement({ manifest: sampleManifest(), report }).predicate.model).toEqual({
      name: 'fraud-detection',
      version: '2.4.0',
    });
  });

  it('records a forced promotion', () => {
    const m = sampleManifest();
    m.release.force = { by: 'erin', justification: 'regulator deadline, metrics within noise' };
    expect(buildInTotoStatement({ manifest: m }).predicate.release.forced).toEqual({
      by: 'erin',
      justification: 'regulator deadline, metrics within noise',
    });
  });

  it('renders as JSON with a final newline', () => {
    const text = renderInTotoJson(input);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(statement);
  });
});

describe('buildSubjects', () => {
  it('lower-cases digests as sha256sum prints them', () => {
    const m = sampleManifest([{ path: 'a.bin', sha256: 'AB'.repeat(32), size: 1 }]);
    expect(buildSubjects(m)).toEqual([{ name: 'a.bin', digest: { sha256: 'ab'.repeat(32) } }]);
  });
  it('refuses artifacts without a real SHA-256, naming them', () => {
    const m = sampleManifest([
      { path: 'ok.bin', sha256: 'a'.repeat(64), size: 1 },
      { path: 'todo.bin', sha256: 'TODO', size: 1 },
    ]);
    expect(() => buildSubjects(m)).toThrow(new InvalidSubjectError(['todo.bin']));
    expect(() => buildSubjects(m)).toThrow('no valid SHA-256 in the manifest for: todo.bin');
  });
});

describe('buildSlsaProvenance', () => {
  it('maps code and data to resolvedDependencies and the training run to runDetails (SLSA v1)', () => {
    expect(buildSlsaProvenance(sampleManifest())).toEqual({
      buildDefinition: {
        buildType: 'https://mlgov.dev/training-run/v1',
        externalParameters: {
          pipeline: 'fraud-train',
          triggeredBy: 'carol',
          featureSchemaVersion: 'v2',
          framework: { name: 'xgboost', version: '2.1.1' },
        },
        resolvedDependencies: [
          { uri: `git+https://github.com/acme/fraud-models@${'2'.repeat(40)}`, digest: { gitCommit: '2'.repeat(40) } },
          {
            name: 'fs-2026-10-01',
            uri: 's3://acme-features/fraud/fs-2026-10-01',
            digest: { sha256: DATA_SHA },
            annotations: { role: 'training-data', window: { from: '2025-10-01', to: '2026-09-30' } },
          },
        ],
      },
      runDetails: {
        builder: { id: 'urn:mlgov:training-pipeline:fraud-train' },
        metadata: {
          invocationId: 'https://ci.example.com/runs/2026-10-31-01',
          startedOn: '2026-10-31T01:00:00Z',
          finishedOn: '2026-10-31T03:10:00Z',
        },
        byproducts: [
          {
            name: 'training-run',
            uri: 'https://ci.example.com/runs/2026-10-31-01',
            annotations: { runId: 'run-2026-10-31-01' },
          },
        ],
      },
    });
  });
  it('leaves out what the manifest does not declare', () => {
    const m = sampleManifest();
    delete m.provenance.data.sha256;
    delete m.provenance.data.uri;
    delete m.provenance.data.window;
    delete m.provenance.training.runUrl;
    const p = buildSlsaProvenance(m);
    expect(p.buildDefinition.resolvedDependencies[1]).toEqual({
      name: 'fs-2026-10-01',
      annotations: { role: 'training-data' },
    });
    expect(p.runDetails.metadata.invocationId).toBe('run-2026-10-31-01');
    expect(p.runDetails.byproducts).toBeUndefined();
  });
});
