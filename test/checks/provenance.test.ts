import { describe, expect, it } from '@jest/globals';
import { provenanceCheck } from '../../src/checks/provenance.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { withDefaults } from '../../src/policy/defaults.js';
import {
  COMMIT,
  integrityContext,
  integrityManifest,
  integrityReport,
  lineOf,
  manifestDoc,
  type IntegrityOptions,
} from './integrity-fixtures.js';

const policy = withDefaults(undefined);
const run = (options: IntegrityOptions = {}) => provenanceCheck.run(integrityContext(options).ctx, policy);
const codes = (options: IntegrityOptions) => run(options).findings.map((f) => f.code);

function withBase(edit: (base: Manifest) => void): IntegrityOptions['context'] {
  const base = integrityManifest();
  base.version = '2.3.0';
  edit(base);
  return { base: { kind: 'found', ref: 'main', commit: 'b'.repeat(40), manifest: manifestDoc(base) } };
}

describe('provenance: code commit', () => {
  it('passes when the commit exists and everything is in order', () => {
    const result = run();
    expect(result).toMatchObject({ id: 'provenance', status: 'pass', findings: [] });
    expect(result.summary).toBe(`trained from ${COMMIT.slice(0, 12)} on fs-2026-11-01; timeline ordered`);
  });

  it('a commit git does not know is COMMIT_NOT_FOUND at /provenance/code/commit, with the fetch-depth fix', () => {
    const result = run({ context: { git: { isRepository: true, commitExists: { [COMMIT]: false } } } });
    expect(result.status).toBe('fail');
    expect(result.findings).toMatchObject([
      {
        severity: 'error',
        code: 'COMMIT_NOT_FOUND',
        pointer: '/provenance/code/commit',
        file: 'model/manifest.json',
        line: lineOf(integrityManifest(), `"commit": "${COMMIT}"`),
      },
    ]);
    expect(result.findings[0]!.message).toContain(COMMIT);
    expect(result.findings[0]!.fix).toContain('fetch-depth: 0');
  });

  it('outside a git repository the commit cannot be judged: NOT_A_GIT_REPOSITORY, indeterminate', () => {
    const result = run({ context: { git: { isRepository: false, commitExists: {} } } });
    expect(result.findings).toMatchObject([
      { code: 'NOT_A_GIT_REPOSITORY', indeterminate: true, pointer: '/provenance/code/commit' },
    ]);
  });

  it('a commit nobody asked git about is indeterminate (fail closed)', () => {
    expect(codes({ context: { git: { isRepository: true, commitExists: {} } } })).toEqual(['COMMIT_NOT_CHECKED']);
  });
});

describe('provenance: timeline', () => {
  it('training finished before it started: TIMESTAMP_ORDER at the later field, naming both', () => {
    const result = run({ manifest: (m) => void (m.provenance.training.finishedAt = '2026-11-19T00:00:00Z') });
    expect(result.findings).toMatchObject([
      {
        code: 'TIMESTAMP_ORDER',
        pointer: '/provenance/training/finishedAt',
        line: lineOf(integrityManifest(), '"finishedAt"'),
      },
    ]);
    expect(result.findings[0]!.message).toContain(
      'provenance.training.finishedAt 2026-11-19T00:00:00Z is before provenance.training.startedAt 2026-11-20T01:00:00Z',
    );
  });

  it('evaluated before training finished', () => {
    const result = run({ manifest: (m) => void (m.evaluation.evaluatedAt = '2026-11-20T02:00:00Z') });
    expect(result.findings).toMatchObject([{ code: 'TIMESTAMP_ORDER', pointer: '/evaluation/evaluatedAt' }]);
    expect(result.findings[0]!.message).toContain('before provenance.training.finishedAt 2026-11-20T03:00:00Z');
  });

  it('bias report generated before the evaluation: the finding points into the bias report', () => {
    const result = run({ report: (r) => void (r.generatedAt = '2026-11-20T23:00:00Z') });
    expect(result.findings).toMatchObject([
      {
        code: 'TIMESTAMP_ORDER',
        file: 'reports/latest-bias-report.json',
        pointer: '/generatedAt',
        line: lineOf(integrityReport(), '"generatedAt"'),
      },
    ]);
    expect(result.findings[0]!.message).toContain(
      'the bias report generatedAt 2026-11-20T23:00:00Z is before evaluation.evaluatedAt 2026-11-21T00:00:00Z',
    );
  });

  it('a bias report from the future: TIMESTAMP_ORDER against now', () => {
    const result = run({ report: (r) => void (r.generatedAt = '2026-11-24T00:00:00Z') });
    expect(result.findings).toMatchObject([{ code: 'TIMESTAMP_ORDER', pointer: '/generatedAt' }]);
    expect(result.findings[0]!.message).toContain('is after now (2026-11-23T12:00:00.000Z)');
  });

  it('a few minutes of clock skew is tolerated; without a bias report the evaluation is compared with now', () => {
    expect(codes({ report: (r) => void (r.generatedAt = '2026-11-23T12:03:00Z') })).toEqual([]);
    const result = run({ report: null, manifest: (m) => void (m.evaluation.evaluatedAt = '2026-12-01T00:00:00Z') });
    expect(result.findings).toMatchObject([{ code: 'TIMESTAMP_ORDER', pointer: '/evaluation/evaluatedAt' }]);
  });

  it('an unparseable timestamp is TIMESTAMP_INVALID', () => {
    expect(run({ manifest: (m) => void (m.provenance.training.startedAt = 'yesterday') }).findings).toMatchObject([
      { code: 'TIMESTAMP_INVALID', pointer: '/provenance/training/startedAt' },
    ]);
  });
});

describe('provenance: data', () => {
  it.each(['', '   '])('an empty snapshot %j is DATA_SNAPSHOT_MISSING', (snapshot) => {
    const result = run({ manifest: (m) => void (m.provenance.data.featureStoreSnapshot = snapshot) });
    expect(result.findings).toMatchObject([
      {
        code: 'DATA_SNAPSHOT_MISSING',
        pointer: '/provenance/data/featureStoreSnapshot',
        line: lineOf(integrityManifest(), '"featureStoreSnapshot"'),
      },
    ]);
  });

  it('a data window running backwards is DATA_WINDOW_ORDER at /provenance/data/window/to', () => {
    const backwards = (m: Manifest) => void (m.provenance.data.window = { from: '2026-10-31', to: '2025-11-01' });
    const { ctx, manifest } = integrityContext({ manifest: backwards });
    const result = provenanceCheck.run(ctx, policy);
    expect(result.findings).toMatchObject([
      {
        code: 'DATA_WINDOW_ORDER',
        pointer: '/provenance/data/window/to',
        line: lineOf(manifest, '"to": "2025-11-01"'),
      },
    ]);
    expect(result.findings[0]!.message).toContain('2026-10-31 is after window.to 2025-11-01');
  });
});

describe('provenance: feature schema', () => {
  it('a feature schema change without a major bump is FEATURE_SCHEMA_CHANGE_WITHOUT_MAJOR', () => {
    const result = run({ context: withBase((b) => void (b.provenance.featureSchemaVersion = 'v1')) });
    expect(result.findings).toMatchObject([
      {
        code: 'FEATURE_SCHEMA_CHANGE_WITHOUT_MAJOR',
        pointer: '/provenance/featureSchemaVersion',
        line: lineOf(integrityManifest(), '"featureSchemaVersion"'),
      },
    ]);
    expect(result.findings[0]!.message).toBe(
      'provenance.featureSchemaVersion changed from "v1" (base 2.3.0) to "v2", but version 2.4.0 is not a new major version.',
    );
    expect(result.findings[0]!.fix).toContain('3.0.0');
  });

  it('passes with a major bump, with the same schema, or against another model', () => {
    expect(
      codes({
        manifest: (m) => void (m.version = '3.0.0'),
        context: withBase((b) => void (b.provenance.featureSchemaVersion = 'v1')),
      }),
    ).toEqual([]);
    expect(codes({ context: withBase(() => undefined) })).toEqual([]);
    expect(
      codes({
        context: withBase((b) => {
          b.name = 'other-model';
          b.provenance.featureSchemaVersion = 'v1';
        }),
      }),
    ).toEqual([]);
  });
});
