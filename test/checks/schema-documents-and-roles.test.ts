/**
 * Which documents the `schema` check looks at, what it reports for each (`details.documents`: file, role, qualifier,
 * valid, errors), and how a problem is told depending on whose document it is: the manifest and the bias report are
 * plain errors; the policy that judges the release is `indeterminate` (the gate cannot judge without it), with
 * "(base revision)" only when it came from the base; a pull request's own changed policy is checked besides it and
 * named "(this pull request's version)" only when it sits at the same path. A policy the pull request brings alone
 * (no judging policy document) is the judging one. The full mutation run changed every role, qualifier and
 * document entry unseen, and the texts of a missing bias report and an unreadable document.
 */
import { describe, expect, it } from '@jest/globals';
import { runSchemaCheck } from '../../src/checks/schema.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import { error, type Finding } from '../../src/formats/finding.js';
import { parseJsonDocument } from '../../src/formats/json-document.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { ParsedDocument } from '../../src/formats/parsed-document.js';
import { DEFAULT_POLICY } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/policy/policy.js';
import type { ReleaseContext } from '../../src/release/release-context.js';
import { contextWith, jsonDocument, yamlDocument } from '../support/release-context.js';
import { validBiasReport, validManifest, withValueAt } from '../formats/fixtures.js';

const MANIFEST = 'model/manifest.json';
const REPORT = 'reports/latest-bias-report.json';
const POLICY = '.github/governance-policy.yml';
const OTHER_POLICY = 'policies/governance.yml';

const POLICY_TEXT = [
  'version: 1',
  'approvals:',
  '  roster:',
  '    - { login: alice, roles: [governance-board] }',
  '  required: [ { role: governance-board, count: 1 } ]',
  '',
].join('\n');
/** The same policy with `count: 0`: one SCHEMA_MINIMUM at /approvals/required/0/count, line 5. */
const BROKEN_POLICY_TEXT = POLICY_TEXT.replace('count: 1', 'count: 0');
const BROKEN_POINTER = '/approvals/required/0/count';

const policyAt = (file: string, text: string) => yamlDocument<Policy>(file, text);

/** A context with a valid manifest and bias report, and exactly the policy documents given. */
function context(
  policies: Partial<Pick<ReleaseContext, 'policyDocument' | 'headPolicy' | 'policySource'>>,
  more: Partial<ReleaseContext> = {},
): ReleaseContext {
  const ctx = contextWith({
    manifest: jsonDocument<Manifest>(MANIFEST, validManifest()),
    biasReport: jsonDocument<BiasReport>(REPORT, validBiasReport()),
    ...policies,
    ...more,
  });
  if (!policies.policyDocument) delete ctx.policyDocument;
  if (!policies.headPolicy) delete ctx.headPolicy;
  return ctx;
}

/** A document that parsed to nothing and says nothing about why (a reader that failed silently). */
function unreadable<T>(file: string): ParsedDocument<T> {
  return { file, value: undefined, positions: {}, problems: [], sha256: '0'.repeat(64) };
}

/** A document whose text had one problem of its own, recorded without a fix. */
function withProblem<T>(file: string, problem: Finding): ParsedDocument<T> {
  return { file, value: undefined, positions: {}, problems: [problem], sha256: '1'.repeat(64) };
}

describe('the documents reported, with their roles', () => {
  it('a valid manifest, bias report and base policy: one entry each, the policy qualified as the base revision', () => {
    const judging = policyAt(POLICY, POLICY_TEXT);
    const result = runSchemaCheck(
      context({ policyDocument: judging, headPolicy: judging, policySource: 'base' }),
      DEFAULT_POLICY,
    );
    expect(result.details).toEqual({
      documents: [
        { file: MANIFEST, role: 'manifest', valid: true, errors: 0 },
        { file: REPORT, role: 'biasReport', valid: true, errors: 0 },
        { file: POLICY, role: 'policy', qualifier: 'base revision', valid: true, errors: 0 },
      ],
    });
    expect(result.summary).toBe('3 documents valid');
  });

  it('a policy read from the working tree has no qualifier: its problems are told without "(base revision)"', () => {
    const judging = policyAt(POLICY, BROKEN_POLICY_TEXT);
    const result = runSchemaCheck(
      context({ policyDocument: judging, headPolicy: judging, policySource: 'working-tree' }),
      DEFAULT_POLICY,
    );
    expect(result.details!.documents[2]).toEqual({ file: POLICY, role: 'policy', valid: false, errors: 1 });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ indeterminate: true, pointer: BROKEN_POINTER, line: 5 });
    expect(result.findings[0]!.message).toBe(`${BROKEN_POINTER} must be >= 1, found 0.`);
    expect(result.summary).toBe(`1 error in ${POLICY}`);
  });

  it("the pull request's changed policy at the judging policy's path: role headPolicy, qualified as the PR's version", () => {
    const judging = policyAt(POLICY, POLICY_TEXT);
    const head = policyAt(POLICY, BROKEN_POLICY_TEXT);
    const result = runSchemaCheck(
      context({ policyDocument: judging, headPolicy: head, policySource: 'base' }),
      DEFAULT_POLICY,
    );
    expect(result.details!.documents[3]).toEqual({
      file: POLICY,
      role: 'headPolicy',
      qualifier: "this pull request's version",
      valid: false,
      errors: 1,
    });
    expect(result.findings[0]!.indeterminate).toBeUndefined();
  });

  it("the pull request's policy at another path than the judging one needs no qualifier, and is still an error", () => {
    const judging = policyAt(POLICY, POLICY_TEXT);
    const head = policyAt(OTHER_POLICY, BROKEN_POLICY_TEXT);
    const result = runSchemaCheck(
      context({ policyDocument: judging, headPolicy: head, policySource: 'base' }),
      DEFAULT_POLICY,
    );
    expect(result.details!.documents[3]).toEqual({ file: OTHER_POLICY, role: 'headPolicy', valid: false, errors: 1 });
    expect(result.findings).toEqual([
      expect.objectContaining({ severity: 'error', file: OTHER_POLICY, pointer: BROKEN_POINTER }),
    ]);
    expect(result.findings[0]!.message).toBe(`${BROKEN_POINTER} must be >= 1, found 0.`);
    expect(result.findings[0]!.indeterminate).toBeUndefined();
    expect(result.summary).toBe(`1 error in ${OTHER_POLICY}`);
  });

  it('a pull request policy with no judging policy document is the judging one: indeterminate, no qualifier', () => {
    const head = policyAt(POLICY, BROKEN_POLICY_TEXT);
    const result = runSchemaCheck(context({ headPolicy: head, policySource: 'working-tree' }), DEFAULT_POLICY);
    expect(result.details!.documents[2]).toEqual({ file: POLICY, role: 'headPolicy', valid: false, errors: 1 });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ severity: 'error', indeterminate: true, pointer: BROKEN_POINTER });
    expect(result.findings[0]!.message).toBe(`${BROKEN_POINTER} must be >= 1, found 0.`);
    expect(result.findings[0]!.fix).toBe(
      `Correct ${BROKEN_POINTER}. ${BROKEN_POINTER}: How many distinct approvers of that role. ` +
        'The gate cannot judge any release until the policy that judges it is valid.',
    );
  });

  it('a judging policy without a pull request version is checked once, as the policy', () => {
    const judging = policyAt(POLICY, POLICY_TEXT);
    const result = runSchemaCheck(context({ policyDocument: judging, policySource: 'base' }), DEFAULT_POLICY);
    expect(result.details!.documents.map((d) => d.role)).toEqual(['manifest', 'biasReport', 'policy']);
    expect(result.status).toBe('pass');
  });
});

describe('a missing bias report', () => {
  it('is FILE_NOT_FOUND at the policy path, telling where to commit it, and counts as an invalid document', () => {
    const policy: Policy = { ...DEFAULT_POLICY, model: { ...DEFAULT_POLICY.model, biasReport: 'reports/bias.json' } };
    const ctx = context({});
    delete ctx.biasReport;
    const result = runSchemaCheck(ctx, policy);
    expect(result.findings).toEqual([
      {
        severity: 'error',
        code: 'FILE_NOT_FOUND',
        message: 'The bias report reports/bias.json does not exist.',
        file: 'reports/bias.json',
        fix: 'Commit the bias report of this release at reports/bias.json (or set model.biasReport in the policy to where it is).',
      },
    ]);
    expect(result.details!.documents).toEqual([
      { file: 'reports/bias.json', role: 'biasReport', valid: false, errors: 1 },
      { file: MANIFEST, role: 'manifest', valid: true, errors: 0 },
    ]);
    expect(result.summary).toBe('1 error in reports/bias.json');
  });
});

describe('a bias report with a schema error', () => {
  it('is a plain error (not indeterminate): the bias report never judges', () => {
    const report = jsonDocument<BiasReport>(REPORT, withValueAt(validBiasReport(), '/generatedAt', 'now'));
    const result = runSchemaCheck(context({}, { biasReport: report }), DEFAULT_POLICY);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ severity: 'error', code: 'SCHEMA_FORMAT', file: REPORT });
    expect(result.findings[0]!.indeterminate).toBeUndefined();
    expect(result.details!.documents[1]).toEqual({ file: REPORT, role: 'biasReport', valid: false, errors: 1 });
  });
});

describe('a document that could not be read', () => {
  it('a JSON document: DOCUMENT_UNREADABLE at its root, told to be valid JSON', () => {
    const result = runSchemaCheck(context({}, { manifest: unreadable<Manifest>(MANIFEST) }), DEFAULT_POLICY);
    expect(result.findings).toEqual([
      {
        severity: 'error',
        code: 'DOCUMENT_UNREADABLE',
        message: `${MANIFEST} could not be read.`,
        file: MANIFEST,
        pointer: '',
        fix: `Check that ${MANIFEST} exists and is valid JSON.`,
      },
    ]);
  });

  it('the bias report is JSON too', () => {
    const result = runSchemaCheck(context({}, { biasReport: unreadable<BiasReport>(REPORT) }), DEFAULT_POLICY);
    expect(result.findings[0]!.fix).toBe(`Check that ${REPORT} exists and is valid JSON.`);
  });

  it('a judging policy: valid YAML, and indeterminate', () => {
    const judging = unreadable<Policy>(POLICY);
    const result = runSchemaCheck(context({ policyDocument: judging, policySource: 'working-tree' }), DEFAULT_POLICY);
    expect(result.findings).toEqual([
      {
        severity: 'error',
        indeterminate: true,
        code: 'DOCUMENT_UNREADABLE',
        message: `${POLICY} could not be read.`,
        file: POLICY,
        pointer: '',
        fix: `Check that ${POLICY} exists and is valid YAML. The gate cannot judge any release until the policy that judges it is valid.`,
      },
    ]);
  });

  it("a problem in the judging policy's text that carries no fix gets the generic one", () => {
    const problem = error('POLICY_TEXT_BROKEN', 'the text is broken', { file: POLICY, line: 3, column: 1 });
    const judging = withProblem<Policy>(POLICY, problem);
    const result = runSchemaCheck(context({ policyDocument: judging, policySource: 'working-tree' }), DEFAULT_POLICY);
    expect(result.findings).toEqual([
      {
        severity: 'error',
        indeterminate: true,
        code: 'POLICY_TEXT_BROKEN',
        message: 'the text is broken',
        file: POLICY,
        line: 3,
        column: 1,
        fix: 'Fix the policy file. The gate cannot judge any release until the policy that judges it is valid.',
      },
    ]);
  });
});

describe('schema findings on one line', () => {
  it('are ordered by column, not in the order the schema lists the members', () => {
    // "owner" (a type error) comes before "version" (a pattern error) in the text; the schema lists version first.
    const { owner: _o, version: _v, ...rest } = validManifest();
    const text = JSON.stringify({ owner: 5, version: 'v2', ...rest });
    const manifest = parseJsonDocument(MANIFEST, Buffer.from(text)) as ParsedDocument<Manifest>;
    const result = runSchemaCheck(context({}, { manifest }), DEFAULT_POLICY);
    expect(result.findings.map((f) => [f.code, f.pointer, f.line])).toEqual([
      ['SCHEMA_TYPE', '/owner', 1],
      ['SCHEMA_PATTERN', '/version', 1],
    ]);
    expect(result.findings[0]!.column).toBeLessThan(result.findings[1]!.column!);
  });

  it('keep the text order when the schema lists the members in the same order', () => {
    const { owner: _o, version: _v, ...rest } = validManifest();
    const text = JSON.stringify({ version: 'v2', owner: 5, ...rest });
    const manifest = parseJsonDocument(MANIFEST, Buffer.from(text)) as ParsedDocument<Manifest>;
    const result = runSchemaCheck(context({}, { manifest }), DEFAULT_POLICY);
    expect(result.findings.map((f) => [f.code, f.pointer, f.line])).toEqual([
      ['SCHEMA_PATTERN', '/version', 1],
      ['SCHEMA_TYPE', '/owner', 1],
    ]);
  });
});
