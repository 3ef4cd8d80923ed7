import { describe, expect, it } from '@jest/globals';
import { runSchemaCheck, schemaCheck } from '../../src/checks/schema.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import { parseJsonDocument } from '../../src/formats/json-document.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { ParsedDocument } from '../../src/formats/parsed-document.js';
import type { ReleaseContext } from '../../src/release/release-context.js';
import { DEFAULT_POLICY } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/policy/policy.js';
import { contextWith, jsonDocument, yamlDocument } from '../support/release-context.js';
import { validBiasReport, validManifest, withValueAt } from '../formats/fixtures.js';

const MANIFEST = 'model/manifest.json';
const REPORT = 'reports/latest-bias-report.json';
const POLICY = '.github/governance-policy.yml';

const POLICY_TEXT = [
  'version: 1',
  'approvals:',
  '  roster:',
  '    - { login: alice, roles: [governance-board] }',
  '  required: [ { role: governance-board, count: 1 } ]',
  'bias:',
  '  minGroupSize: 30',
  '',
].join('\n');

function lineOf(text: string, needle: string, occurrence = 1): number {
  let from = 0;
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = text.indexOf(needle, from);
    from = index + 1;
  }
  if (index < 0) throw new Error(`${needle} not in text`);
  return text.slice(0, index).split('\n').length;
}

/** A context whose three documents are all valid; `overrides` replace any of them. */
function context(overrides: Partial<ReleaseContext> = {}): ReleaseContext {
  const policyDocument = yamlDocument<Policy>(POLICY, POLICY_TEXT);
  return contextWith({
    manifest: jsonDocument<Manifest>(MANIFEST, validManifest()),
    biasReport: jsonDocument<BiasReport>(REPORT, validBiasReport()),
    policyDocument,
    headPolicy: policyDocument,
    policySource: 'base',
    ...overrides,
  });
}

describe('schema check', () => {
  it('is registered with id "schema" and needs no valid document', () => {
    expect(schemaCheck.id).toBe('schema');
    expect(schemaCheck.needs).toEqual([]);
  });

  it('passes a valid manifest, bias report and policy', () => {
    const result = runSchemaCheck(context(), DEFAULT_POLICY);
    expect(result.findings).toEqual([]);
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('3 documents valid');
  });

  it('accepts a $schema member pointing anywhere', () => {
    const manifest = jsonDocument<Manifest>(MANIFEST, {
      $schema: 'https://example.org/other.json',
      ...validManifest(),
    });
    expect(runSchemaCheck(context({ manifest }), DEFAULT_POLICY).findings).toEqual([]);
  });

  it('missing required "version": SCHEMA_REQUIRED at /version, positioned at the parent object', () => {
    const { version: _version, ...rest } = validManifest();
    const result = runSchemaCheck(context({ manifest: jsonDocument(MANIFEST, rest) }), DEFAULT_POLICY);
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      {
        severity: 'error',
        code: 'SCHEMA_REQUIRED',
        message: 'missing required property "version" at the top level.',
        file: MANIFEST,
        pointer: '/version',
        line: 1,
        column: 1,
        fix: expect.stringContaining('Add "version" at the top level: Semantic version'),
      },
    ]);
    expect(result.summary).toBe('1 error in model/manifest.json');
  });

  it('a nested missing member points at it and is positioned at its parent', () => {
    const doc = jsonDocument<Manifest>(MANIFEST, withValueAt(validManifest(), '/provenance/code', { repository: 'x' }));
    const [finding] = runSchemaCheck(context({ manifest: doc }), DEFAULT_POLICY).findings;
    expect(finding).toMatchObject({
      code: 'SCHEMA_REQUIRED',
      pointer: '/provenance/code/commit',
      ...doc.positions['/provenance/code'],
    });
    expect(finding!.line).toBeGreaterThan(1);
  });

  it('a duplicate "sha256" key: DUPLICATE_KEY with the line of the duplicate, and no schema errors on top', () => {
    const text = JSON.stringify(validManifest(), null, 2).replace(
      '"size": 123456',
      `"size": 123456,\n      "sha256": "${'9'.repeat(64)}"`,
    );
    const manifest = parseJsonDocument(MANIFEST, Buffer.from(text)) as ParsedDocument<Manifest>;
    const result = runSchemaCheck(context({ manifest }), DEFAULT_POLICY);
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'DUPLICATE_KEY',
        file: MANIFEST,
        pointer: '/artifacts/0/sha256',
        line: lineOf(text, `"sha256": "${'9'.repeat(64)}"`),
        column: 7,
      }),
    ]);
    expect(result.findings[0]!.message).toContain(`line ${lineOf(text, '"sha256": "2222')}`);
    expect(result.findings[0]!.indeterminate).toBeUndefined();
    expect(result.status).toBe('fail');
  });

  it('maps type, pattern, enum, format and unknown properties with their positions and fixes', () => {
    let m: unknown = validManifest();
    m = withValueAt(m as object, '/artifacts/0/size', '12');
    m = withValueAt(m as object, '/version', 'v2');
    m = withValueAt(m as object, '/release/type', 'hotfix');
    m = withValueAt(m as object, '/approvals/0/at', 'yesterday');
    m = withValueAt(m as object, '/artifacts/0/sha265', 'x');
    const doc = jsonDocument<Manifest>(MANIFEST, m);
    const result = runSchemaCheck(context({ manifest: doc }), DEFAULT_POLICY);
    const byCode = Object.fromEntries(result.findings.map((f) => [f.code, f]));
    expect(Object.keys(byCode).sort()).toEqual([
      'SCHEMA_ADDITIONAL_PROPERTIES',
      'SCHEMA_ENUM',
      'SCHEMA_FORMAT',
      'SCHEMA_PATTERN',
      'SCHEMA_TYPE',
    ]);
    expect(byCode['SCHEMA_TYPE']).toMatchObject({
      pointer: '/artifacts/0/size',
      ...doc.positions['/artifacts/0/size'],
    });
    expect(byCode['SCHEMA_TYPE']!.message).toBe('/artifacts/0/size must be integer, found "12".');
    expect(byCode['SCHEMA_PATTERN']).toMatchObject({ pointer: '/version', ...doc.positions['/version'] });
    expect(byCode['SCHEMA_PATTERN']!.message).toMatch(/^\/version must match pattern ".+", found "v2"\.$/);
    expect(byCode['SCHEMA_ENUM']!.message).toBe(
      '/release/type must be one of "initial", "promotion", "rollback", found "hotfix".',
    );
    expect(byCode['SCHEMA_FORMAT']!.message).toContain('RFC 3339 date-time');
    expect(byCode['SCHEMA_ADDITIONAL_PROPERTIES']).toMatchObject({
      pointer: '/artifacts/0/sha265',
      ...doc.positions['/artifacts/0/sha265'],
      message: 'unknown property "sha265" in /artifacts/0: it is not part of the format.',
    });
    expect(byCode['SCHEMA_ADDITIONAL_PROPERTIES']!.fix).toContain('Did you mean "sha256"?');
    for (const f of result.findings) expect(f.line).toBeGreaterThan(1);
    // Findings are in document order.
    const lines = result.findings.map((f) => f.line!);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(result.summary).toBe('5 errors in model/manifest.json');
  });

  it('propertyNames: one finding naming the accepted metric names', () => {
    const doc = jsonDocument<BiasReport>(
      REPORT,
      withValueAt(validBiasReport(), '/thresholds/demographic_parity_diff', { max: 0.1 }),
    );
    const result = runSchemaCheck(context({ biasReport: doc }), DEFAULT_POLICY);
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: 'SCHEMA_PROPERTY_NAMES',
        file: REPORT,
        pointer: '/thresholds/demographic_parity_diff',
        ...doc.positions['/thresholds/demographic_parity_diff'],
      }),
    ]);
    expect(result.findings[0]!.fix).toContain('Did you mean "demographic_parity_difference"?');
  });

  it('a missing bias report is FILE_NOT_FOUND naming the policy path', () => {
    const policy: Policy = { ...DEFAULT_POLICY, model: { ...DEFAULT_POLICY.model, biasReport: 'reports/bias.json' } };
    const ctx = context();
    delete ctx.biasReport;
    const result = runSchemaCheck(ctx, policy);
    expect(result.findings).toEqual([
      expect.objectContaining({ severity: 'error', code: 'FILE_NOT_FOUND', file: 'reports/bias.json' }),
    ]);
    expect(result.findings[0]!.message).toContain('reports/bias.json');
    expect(result.status).toBe('fail');
  });

  it('errors in two documents are counted per file', () => {
    const { version: _v, name: _n, ...manifest } = validManifest();
    const report = withValueAt(validBiasReport(), '/generatedAt', 'now');
    const result = runSchemaCheck(
      context({ manifest: jsonDocument(MANIFEST, manifest), biasReport: jsonDocument(REPORT, report) }),
      DEFAULT_POLICY,
    );
    expect(result.summary).toBe('2 errors in model/manifest.json, 1 in reports/latest-bias-report.json');
  });
});

describe('schema check: policies', () => {
  it('problems in the judging policy are indeterminate (the gate cannot judge)', () => {
    const text = POLICY_TEXT + 'approvals:\n  maxAgeDays: 10\n';
    const policyDocument = yamlDocument<Policy>(POLICY, text);
    const result = runSchemaCheck(
      context({ policyDocument, headPolicy: policyDocument, policySource: 'working-tree' }),
      DEFAULT_POLICY,
    );
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        indeterminate: true,
        code: 'DUPLICATE_KEY',
        file: POLICY,
        pointer: '/approvals',
        line: 8,
        column: 1,
      }),
    ]);
    expect(result.findings[0]!.message).toContain('line 2');
    expect(result.status).toBe('fail');
  });

  it('schema errors in the base policy are indeterminate and say they are about the base revision', () => {
    const text = POLICY_TEXT.replace('minGroupSize: 30', 'minGroupSize: 30\n  minGroupSiz: 10');
    const policyDocument = yamlDocument<Policy>(POLICY, text);
    const result = runSchemaCheck(context({ policyDocument, headPolicy: policyDocument }), DEFAULT_POLICY);
    expect(result.findings).toEqual([
      expect.objectContaining({
        indeterminate: true,
        code: 'SCHEMA_ADDITIONAL_PROPERTIES',
        pointer: '/bias/minGroupSiz',
        line: 8,
        column: 16,
        message: expect.stringContaining('(base revision)'),
      }),
    ]);
    expect(result.findings[0]!.fix).toContain('Did you mean "minGroupSize"?');
    expect(result.summary).toBe('1 error in .github/governance-policy.yml (base revision)');
  });

  it("a pull request's own broken policy (not the judging one) is an error, checked besides the base policy", () => {
    const head = yamlDocument<Policy>(POLICY, POLICY_TEXT.replace('count: 1', 'count: 0'));
    const result = runSchemaCheck(context({ headPolicy: head }), DEFAULT_POLICY);
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'SCHEMA_MINIMUM',
        pointer: '/approvals/required/0/count',
        line: 5,
        message: expect.stringContaining("(this pull request's version)"),
      }),
    ]);
    expect(result.findings[0]!.indeterminate).toBeUndefined();
    expect(result.summary).toBe("1 error in .github/governance-policy.yml (this pull request's version)");
  });

  it('checks a head policy identical to the judging one only once', () => {
    const again = yamlDocument<Policy>(POLICY, POLICY_TEXT);
    expect(runSchemaCheck(context({ headPolicy: again }), DEFAULT_POLICY).summary).toBe('3 documents valid');
  });

  it('without any policy file there is nothing to validate (the defaults apply)', () => {
    const ctx = context({ policySource: 'default' });
    delete ctx.policyDocument;
    delete ctx.headPolicy;
    expect(runSchemaCheck(ctx, DEFAULT_POLICY)).toMatchObject({ status: 'pass', summary: '2 documents valid' });
  });

  it('a document with no value and no recorded problem still fails closed', () => {
    const manifest: ParsedDocument<Manifest> = {
      file: MANIFEST,
      value: undefined,
      positions: {},
      problems: [],
      sha256: '0'.repeat(64),
    };
    const result = runSchemaCheck(context({ manifest }), DEFAULT_POLICY);
    expect(result.findings).toEqual([expect.objectContaining({ code: 'DOCUMENT_UNREADABLE', file: MANIFEST })]);
  });
});
