import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import type { Log } from 'sarif';
import { renderSarif, SARIF_FALLBACK_FILE } from '../../src/render/sarif.js';
import { failingReport, passingReport } from '../action/report-fixtures.js';

// CommonJS packages: the default import is the class itself or a namespace holding it, depending on the loader.
type Ajv04Class = typeof Ajv04Module.default;
const Ajv04 = ((Ajv04Module as unknown as { default?: Ajv04Class }).default ?? Ajv04Module) as Ajv04Class;
type AddFormats = typeof addFormatsModule.default;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as AddFormats;

const schemaPath = fileURLToPath(new URL('../schemas/sarif-schema-2.1.0.json', import.meta.url));
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
// The official schema's `language` pattern (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) is not valid with the `u`
// flag ajv uses by default; `unicodeRegExp: false` compiles it as JSON Schema draft-04 validators always have.
const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function sarifOf(report = failingReport()): Log {
  return JSON.parse(renderSarif(report)) as Log;
}

describe('renderSarif', () => {
  it('validates against the SARIF 2.1.0 JSON schema (failing, passing and empty reports)', () => {
    for (const report of [failingReport(), passingReport(), { ...passingReport(), checks: [] }]) {
      const ok = validate(JSON.parse(renderSarif(report)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('rejects a log the schema forbids (the validator is really checking)', () => {
    const log = sarifOf() as unknown as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    log.runs[0]!.results[0]!['level'] = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('has one rule per finding code, tagged with its check and carrying the fix as help', () => {
    const run = sarifOf().runs[0]!;
    const rules = run.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual([
      'CHECKSUM_MISMATCH',
      'BIAS_THRESHOLD_EXCEEDED',
      'BIAS_GROUP_INSUFFICIENT',
      'APPROVAL_NOT_CORROBORATED',
      'PROMOTION_IMPROVED',
    ]);
    expect(rules[0]).toMatchObject({
      name: 'ChecksumMismatch',
      shortDescription: { text: 'Checksum mismatch (checksums check)' },
      help: { text: 'Run `mlgov checksums --write` and commit the manifest.' },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['mlgov', 'model-governance', 'checksums'] },
    });
    expect(run.tool.driver).toMatchObject({ name: 'mlgov', version: '1.0.0' });
  });

  it('gives every rule help, also a finding without a fix (GitHub rule GH2012)', () => {
    const report = passingReport();
    const withoutFix = report.checks.flatMap((c) => c.findings).filter((f) => f.fix === undefined);
    expect(withoutFix.length).toBeGreaterThan(0);
    const rules = sarifOf(report).runs[0]!.tool.driver.rules!;
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) expect(rule.help?.text).toMatch(/\S/);
    const code = withoutFix[0]!.code;
    expect(rules.find((r) => r.id === code)!.help!.text).toContain(withoutFix[0]!.message);
  });

  it('places each result at the file, line and column of the offending JSON, with a stable fingerprint', () => {
    const run = sarifOf().runs[0]!;
    const result = run.results![0]!;
    expect(result).toMatchObject({
      ruleId: 'CHECKSUM_MISMATCH',
      ruleIndex: 0,
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'model/manifest.json', uriBaseId: '%SRCROOT%' },
            region: { startLine: 12, startColumn: 17 },
          },
        },
      ],
      properties: { check: 'checksums', pointer: '/artifacts/0/sha256' },
    });
    expect(result.message.text).toContain('Fix: Run `mlgov checksums --write`');
    const fingerprint = result.partialFingerprints!['mlgovFinding/v1'];
    expect(fingerprint).toMatch(/^[0-9a-f]{32}$/);
    // Lines move, the finding stays: the fingerprint does not change.
    const moved = failingReport();
    moved.checks[1]!.findings[0]!.line = 99;
    expect(sarifOf(moved).runs[0]!.results![0]!.partialFingerprints!['mlgovFinding/v1']).toBe(fingerprint);
    expect(run.results![1]!.partialFingerprints!['mlgovFinding/v1']).not.toBe(fingerprint);
  });

  it('maps notices to note and gives a finding without a file the fallback location', () => {
    const notice = sarifOf().runs[0]!.results!.find((r) => r.ruleId === 'PROMOTION_IMPROVED')!;
    expect(notice.level).toBe('note');
    expect(notice.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: SARIF_FALLBACK_FILE, uriBaseId: '%SRCROOT%' },
    });
  });

  it('names the run for code scanning and records the verdict', () => {
    const run = sarifOf().runs[0]!;
    expect(run.automationDetails).toEqual({ id: 'mlgov/governance-check/' });
    expect(run.properties).toMatchObject({
      verdict: 'fail',
      judged: true,
      model: 'fraud-detection',
      modelVersion: '2.4.0',
    });
    expect(sarifOf().version).toBe('2.1.0');
  });
});
