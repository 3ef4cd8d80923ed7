import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { isSchemaValid, SCHEMAS, validateAgainstSchema } from '../../src/formats/schema-validator.js';
import { validBiasReport, validManifest, withValueAt } from './fixtures.js';

const HEX64 = 'a'.repeat(64);

function schemaFile(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

/** Every `properties` entry in a schema, with its pointer, so the test can insist on a description for each. */
function propertiesOf(node: unknown, at = ''): Array<[string, Record<string, unknown>]> {
  if (node === null || typeof node !== 'object') return [];
  const out: Array<[string, Record<string, unknown>]> = [];
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === 'properties' && v && typeof v === 'object') {
      for (const [name, sub] of Object.entries(v as Record<string, unknown>)) {
        out.push([`${at}/properties/${name}`, sub as Record<string, unknown>]);
      }
    }
    out.push(...propertiesOf(v, `${at}/${k}`));
  }
  return out;
}

describe('schemas', () => {
  it.each(['manifest.schema.json', 'bias-report.schema.json', 'policy.schema.json'])(
    '%s is draft 2020-12 with an mlgov $id and a description on every property',
    (name) => {
      const schema = schemaFile(name);
      expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema['$id']).toBe(`https://mlgov.dev/schemas/${name}`);
      const props = propertiesOf(schema);
      expect(props.length).toBeGreaterThan(5);
      const undescribed = props.filter(([, s]) => typeof s['description'] !== 'string').map(([p]) => p);
      expect(undescribed).toEqual([]);
    },
  );

  it('the compiled schemas are the published files', () => {
    expect(SCHEMAS.manifest.$id).toBe('https://mlgov.dev/schemas/manifest.schema.json');
    expect(SCHEMAS.biasReport.$id).toBe('https://mlgov.dev/schemas/bias-report.schema.json');
    expect(SCHEMAS.policy.$id).toBe('https://mlgov.dev/schemas/policy.schema.json');
  });
});

describe('manifest schema', () => {
  it('accepts a complete manifest, with or without a $schema member', () => {
    expect(validateAgainstSchema('manifest', validManifest())).toEqual([]);
    expect(isSchemaValid('manifest', { ...validManifest(), $schema: 'https://example.org/elsewhere.json' })).toBe(true);
  });

  it('reports a missing required property with its name', () => {
    const { version: _v, ...rest } = validManifest();
    const errors = validateAgainstSchema('manifest', rest);
    expect(errors).toEqual([
      expect.objectContaining({ keyword: 'required', instancePath: '', params: { missingProperty: 'version' } }),
    ]);
    expect(isSchemaValid('manifest', rest)).toBe(false);
  });

  it.each([
    ['/version', '2.4', '/version', 'pattern'],
    ['/version', '02.4.0', '/version', 'pattern'],
    ['/provenance/code/commit', 'ABC123', '/provenance/code/commit', 'pattern'],
    ['/artifacts/0/sha256', 'A'.repeat(64), '/artifacts/0/sha256', 'pattern'],
    ['/artifacts/0/size', 1.5, '/artifacts/0/size', 'type'],
    ['/artifacts/0/size', -1, '/artifacts/0/size', 'minimum'],
    ['/artifacts', [], '/artifacts', 'minItems'],
    ['/artifacts/0/sha', HEX64, '/artifacts/0', 'additionalProperties'],
    ['/extra', 1, '', 'additionalProperties'],
    ['/approvals/0/manifestDigest', HEX64, '/approvals/0/manifestDigest', 'pattern'],
    ['/approvals/0/at', '2026-11-20 10:00', '/approvals/0/at', 'format'],
    ['/approvals/0/decision', 'ok', '/approvals/0/decision', 'enum'],
    ['/jira', 'mlgov-123', '/jira', 'pattern'],
    ['/jira', 'MLGOV-0', '/jira', 'pattern'],
    ['/release/type', 'hotfix', '/release/type', 'enum'],
    ['/provenance/training/finishedAt', '2026-11-18', '/provenance/training/finishedAt', 'format'],
    ['/evaluation/metrics/auc', '0.9', '/evaluation/metrics/auc', 'type'],
  ])('setting %s to %j fails at %s with keyword %s', (ptr, value, path, keyword) => {
    const errors = validateAgainstSchema('manifest', withValueAt(validManifest(), ptr, value));
    expect(errors.map((e) => [e.instancePath, e.keyword])).toContainEqual([path, keyword]);
  });

  it('accepts a 64-hex commit (SHA-256 repositories) and user metrics', () => {
    const m = validManifest();
    m.provenance.code.commit = 'f'.repeat(64);
    m.evaluation.metrics = { auc: 0.9, recall_at_1pct_fpr: 0.41 };
    expect(validateAgainstSchema('manifest', m)).toEqual([]);
  });
});

describe('bias report schema', () => {
  it('accepts a complete report', () => {
    expect(validateAgainstSchema('biasReport', validBiasReport())).toEqual([]);
  });

  it.each([
    ['/attributes/0/groups/0/selectionRate', 1.2, '/attributes/0/groups/0/selectionRate', 'maximum'],
    ['/attributes/0/groups/0/n', 3.5, '/attributes/0/groups/0/n', 'type'],
    ['/attributes/0/groups/0/n', -3, '/attributes/0/groups/0/n', 'minimum'],
    [
      '/thresholds/demographic_parity_difference',
      { maximum: 1 },
      '/thresholds/demographic_parity_difference',
      'additionalProperties',
    ],
    ['/thresholds/dpd', { max: 1 }, '/thresholds', 'propertyNames'],
    ['/approvals/0/reportDigest', 'sha256:xyz', '/approvals/0/reportDigest', 'pattern'],
  ])('setting %s to %j fails at %s with keyword %s', (ptr, value, path, keyword) => {
    const errors = validateAgainstSchema('biasReport', withValueAt(validBiasReport(), ptr, value));
    expect(errors.map((e) => [e.instancePath, e.keyword])).toContainEqual([path, keyword]);
  });

  it('accepts null rates and metrics (undefined, never a pass)', () => {
    const r = validBiasReport();
    r.attributes[0]!.groups[0]!.truePositiveRate = null;
    r.attributes[0]!.metrics.equalized_odds_difference = null;
    expect(validateAgainstSchema('biasReport', r)).toEqual([]);
  });
});

describe('policy schema', () => {
  it('accepts an empty policy (defaults fill every section) and the example of docs/formats.md', () => {
    expect(validateAgainstSchema('policy', {})).toEqual([]);
    expect(
      validateAgainstSchema('policy', {
        version: 1,
        model: {
          manifest: 'model/manifest.json',
          biasReport: 'reports/latest-bias-report.json',
          archiveDir: 'artifacts',
        },
        approvals: {
          roster: [{ login: 'alice', roles: ['governance-board'] }],
          required: [{ role: 'governance-board', count: 1 }],
          separationOfDuties: true,
          maxAgeDays: 30,
          source: 'manifest',
          corroborate: 'github-review',
        },
        bias: {
          minGroupSize: 30,
          requiredAttributes: ['sex', 'age_band'],
          thresholds: { demographic_parity_difference: { max: 0.1 }, disparate_impact_ratio: { min: 0.8 } },
          reviewerRole: 'fairness-reviewer',
        },
        performance: { thresholds: { auc: { min: 0.7 } } },
        promotion: {
          minImprovementPct: 5,
          minWindows: 12,
          maxMetricsAgeDays: 7,
          allowSeasonalRegression: false,
          minReasonLength: 10,
          forceRole: 'force-approver',
        },
        jira: {
          project: 'MLGOV',
          allowedStatuses: ['Approved', 'Done'],
          keySources: ['title', 'branch'],
          signOff: { attachment: 'sign-off*.pdf' },
        },
        evidence: { retentionYears: 5 },
      }),
    ).toEqual([]);
  });

  it.each([
    [{ version: 2 }, '/version', 'const'],
    [{ approvals: { maxAgeDay: 30 } }, '/approvals', 'additionalProperties'],
    [{ approvals: { source: 'slack' } }, '/approvals/source', 'enum'],
    [{ approvals: { required: [{ role: 'governance-board' }] } }, '/approvals/required/0', 'required'],
    [{ bias: { thresholds: { auc: { min: 1 } } } }, '/bias/thresholds', 'propertyNames'],
    [{ jira: { keySources: ['title', 'subject'] } }, '/jira/keySources/1', 'enum'],
    [{ evidence: { retentionYears: 0 } }, '/evidence/retentionYears', 'exclusiveMinimum'],
    [{ '<<': { a: 1 } }, '', 'additionalProperties'],
  ])('rejects %j at %s with keyword %s', (policy, path, keyword) => {
    expect(validateAgainstSchema('policy', policy).map((e) => [e.instancePath, e.keyword])).toContainEqual([
      path,
      keyword,
    ]);
  });
});

describe('policy paths', () => {
  it.each(['../elsewhere/manifest.json', '/etc/manifest.json', 'model/../../x', 'model\\manifest.json'])(
    'refuses %j as a model path (a policy cannot point the gate outside the repository)',
    (path) => {
      const errors = validateAgainstSchema('policy', { version: 1, model: { manifest: path } });
      expect(errors.map((e) => [e.instancePath, e.keyword])).toContainEqual(['/model/manifest', 'pattern']);
    },
  );

  it('accepts ordinary repository-relative paths', () => {
    expect(
      validateAgainstSchema('policy', {
        version: 1,
        model: { manifest: 'ml/fraud/manifest.json', biasReport: 'reports/bias..v2.json', archiveDir: 'evidence' },
      }),
    ).toEqual([]);
  });
});
