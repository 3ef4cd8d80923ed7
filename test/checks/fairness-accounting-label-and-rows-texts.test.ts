/**
 * The bias report's accounting rules that stand before any metric (bias-accounting.ts), read as the PR author reads
 * them: the favourable label that is the positive label, a favourable label the report and the policy disagree on
 * (each with the remedy that fits the case: remove the report's label, or regenerate it with the policy's), a
 * missing `dataset.rows` (and which values count as rows at all), a manifest that names no bias report, a duplicate
 * group and rows that do not reconcile. Every message and fix is asserted word for word, with its code, severity,
 * pointer and line. The full mutation run showed none of these fix texts read, and the row-count and label type
 * checks untested one condition at a time.
 */
import { describe, expect, it } from '@jest/globals';
import {
  checkDatasetRows,
  checkFavorableLabel,
  checkGroupNames,
  checkReportPath,
  checkRowsReconcile,
  datasetRowsOf,
} from '../../src/checks/bias-accounting.js';
import { recomputeAttribute } from '../../src/checks/bias-metrics.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Finding } from '../../src/formats/finding.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { ParsedDocument } from '../../src/formats/parsed-document.js';
import { jsonDocument } from '../support/release-context.js';
import { examplePolicyValue, exampleManifest, exampleReport, lineOf } from './fixtures/release.js';

const REPORT = 'reports/latest-bias-report.json';
const MANIFEST = 'model/manifest.json';

/** The example report after `edit`, parsed from its JSON text (so findings carry real lines). */
function reportDoc(edit: (r: BiasReport) => void = () => {}): { doc: ParsedDocument<BiasReport>; report: BiasReport } {
  const report = exampleReport();
  edit(report);
  return { doc: jsonDocument<BiasReport>(REPORT, report), report };
}

/** The example policy, with its favourable label set (a string) or left out (undefined). */
function policyDeciding(favorableLabel: unknown) {
  const policy = examplePolicyValue();
  if (favorableLabel === undefined) delete policy.bias.favorableLabel;
  else policy.bias.favorableLabel = favorableLabel as string;
  return policy;
}

function single(findings: Finding[]): Finding {
  expect(findings).toHaveLength(1);
  return findings[0]!;
}

describe('the favourable label the model selects', () => {
  it('fails at positiveLabel, and says both ways out', () => {
    const { doc, report } = reportDoc((r) => (r.favorableLabel = 'fraud'));
    const f = single(checkFavorableLabel(doc, report, policyDeciding('fraud')));
    expect(f.code).toBe('BIAS_FAVORABLE_LABEL_IS_POSITIVE');
    expect(f.severity).toBe('error');
    expect([f.file, f.pointer, f.line]).toEqual([REPORT, '/positiveLabel', lineOf(doc, '/positiveLabel')]);
    expect(f.message).toBe(
      'The bias report\'s positive label "fraud" is the outcome the policy calls favourable (bias.favorableLabel), so disparate impact on 1 − selection rate would measure the unfavourable outcome.',
    );
    expect(f.fix).toBe(
      'If the model selects the favourable outcome, the policy must not set bias.favorableLabel (a board-reviewed change); otherwise regenerate the report with the right positiveLabel.',
    );
  });

  it('is not raised when the policy sets no favourable label', () => {
    // positiveLabel "fraud", no favourable label on either side: nothing to disagree on.
    const { doc, report } = reportDoc();
    expect(checkFavorableLabel(doc, report, policyDeciding(undefined))).toEqual([]);
  });
});

describe('a favourable label the report and the policy disagree on: the remedy fits the case', () => {
  it('a label the policy does not set: remove it from the report, or propose it to the board', () => {
    const { doc, report } = reportDoc((r) => (r.favorableLabel = 'legitimate'));
    const f = single(checkFavorableLabel(doc, report, policyDeciding(undefined)));
    expect(f.code).toBe('BIAS_FAVORABLE_LABEL_MISMATCH');
    expect(f.severity).toBe('error');
    expect([f.pointer, f.line]).toEqual(['/favorableLabel', lineOf(doc, '/favorableLabel')]);
    expect(f.message).toBe(
      'The bias report declares the favourable outcome "legitimate", but the judging policy sets none (bias.favorableLabel), so disparate impact is judged on the selection rate: which outcome is favourable is the policy\'s decision, not the report\'s.',
    );
    expect(f.fix).toBe(
      'Remove favorableLabel from the report and regenerate it for the selection rate, or propose bias.favorableLabel in a board-reviewed policy change.',
    );
  });

  it("another label than the policy's: regenerate the report with the policy's", () => {
    const { doc, report } = reportDoc((r) => (r.favorableLabel = 'approved'));
    const f = single(checkFavorableLabel(doc, report, policyDeciding('legitimate')));
    expect(f.code).toBe('BIAS_FAVORABLE_LABEL_MISMATCH');
    expect(f.message).toBe(
      'The bias report declares the favourable outcome "approved", but the judging policy decides it is "legitimate" (bias.favorableLabel).',
    );
    expect(f.fix).toBe(
      'Regenerate the report with favorableLabel "legitimate" (the policy\'s), so its disparate impact is on the favourable rate.',
    );
  });

  it("the policy's label left out of the report: regenerate with it", () => {
    const { doc, report } = reportDoc();
    const f = single(checkFavorableLabel(doc, report, policyDeciding('legitimate')));
    expect(f.code).toBe('BIAS_FAVORABLE_LABEL_MISMATCH');
    expect(f.fix).toBe(
      'Regenerate the report with favorableLabel "legitimate" (the policy\'s), so its disparate impact is on the favourable rate.',
    );
  });

  it('a report without a positive label, under a policy without a favourable label, passes', () => {
    const { doc, report } = reportDoc((r) => delete r.positiveLabel);
    expect(checkFavorableLabel(doc, report, policyDeciding(undefined))).toEqual([]);
  });

  it('the same label on both sides passes', () => {
    const { doc, report } = reportDoc((r) => (r.favorableLabel = 'legitimate'));
    expect(checkFavorableLabel(doc, report, policyDeciding('legitimate'))).toEqual([]);
  });

  it('a label that is not text (the schema check reports it) counts as no label, on either side', () => {
    const nullLabel = reportDoc((r) => ((r as { favorableLabel?: unknown }).favorableLabel = null));
    expect(checkFavorableLabel(nullLabel.doc, nullLabel.report, policyDeciding(undefined))).toEqual([]);
    const { doc, report } = reportDoc();
    expect(checkFavorableLabel(doc, report, policyDeciding(null))).toEqual([]);
    expect(checkFavorableLabel(doc, report, policyDeciding(7))).toEqual([]);
  });
});

describe('dataset.rows', () => {
  it('is a count only when it is a safe non-negative integer', () => {
    const rowsOf = (rows: unknown) => datasetRowsOf({ dataset: { name: 'd', rows } } as unknown as BiasReport);
    expect(rowsOf(120000)).toBe(120000);
    expect(rowsOf(0)).toBe(0);
    expect(rowsOf(-1)).toBeUndefined();
    expect(rowsOf(1.5)).toBeUndefined();
    expect(rowsOf(2 ** 53)).toBeUndefined();
    expect(rowsOf('120000')).toBeUndefined();
    expect(rowsOf(undefined)).toBeUndefined();
    expect(datasetRowsOf({} as BiasReport)).toBeUndefined();
  });

  it('missing: fails at /dataset/rows, saying why and how to write it', () => {
    const { doc, report } = reportDoc((r) => (r.dataset = { name: 'holdout-2026-11', rows: -1 }));
    const f = single(checkDatasetRows(doc, report));
    expect(f.code).toBe('BIAS_DATASET_ROWS_MISSING');
    expect(f.severity).toBe('error');
    expect([f.file, f.pointer, f.line]).toEqual([REPORT, '/dataset/rows', lineOf(doc, '/dataset/rows')]);
    expect(f.message).toBe(
      'The bias report does not state dataset.rows, so its groups cannot be reconciled with the data they were computed on.',
    );
    expect(f.fix).toBe(
      "Write the number of evaluation rows into dataset.rows (mlgov bias compute does); every attribute's groups n + missing + excluded must add up to it.",
    );
  });
});

describe('the bias report the manifest names', () => {
  it('a manifest that names no bias report at all is a mismatch (never a crash), at /biasReport/path', () => {
    const manifest: Manifest = exampleManifest();
    delete (manifest as { biasReport?: unknown }).biasReport;
    const doc = jsonDocument<Manifest>(MANIFEST, manifest);
    const f = single(checkReportPath(doc, manifest, examplePolicyValue()));
    expect(f.code).toBe('BIAS_REPORT_PATH_MISMATCH');
    expect([f.file, f.pointer]).toEqual([MANIFEST, '/biasReport/path']);
    expect(f.message).toBe(
      'The manifest names the bias report undefined, but the policy judges "reports/latest-bias-report.json" (model.biasReport): the report judged is the one the policy names.',
    );
    expect(f.fix).toBe(
      'Set biasReport.path to "reports/latest-bias-report.json" and keep the release\'s bias report there (then run mlgov checksums --write), or change model.biasReport through a board-reviewed policy change.',
    );
  });
});

describe('duplicate groups and rows that do not reconcile: the remedy', () => {
  it('a duplicate group: list each group once, regenerate', () => {
    const { doc, report } = reportDoc((r) => (r.attributes[1]!.groups[2]!.group = '18-30'));
    const f = single(checkGroupNames(doc, report.attributes[1]!, 1));
    expect(f.code).toBe('BIAS_GROUP_DUPLICATE');
    expect([f.pointer, f.line]).toEqual(['/attributes/1/groups/2/group', lineOf(doc, '/attributes/1/groups/2/group')]);
    expect(f.fix).toBe('List each group once, with all of its rows; regenerate the report rather than editing it.');
  });

  it('rows that do not add up: put every row in one group, missing or excluded', () => {
    const { doc, report } = reportDoc((r) => (r.attributes[1]!.groups[0]!.n += 5));
    const attr = report.attributes[1]!;
    const f = single(checkRowsReconcile(doc, attr, 1, recomputeAttribute(attr, { minGroupSize: 30 }), 120000));
    expect(f.code).toBe('BIAS_ROWS_DO_NOT_RECONCILE');
    expect(f.message).toBe(
      'Attribute "age_band": its groups (120005 rows) + missing (0) + excluded (0) = 120005, but dataset.rows is 120000: 5 row(s) counted more than once.',
    );
    expect(f.fix).toBe(
      'Regenerate the report so every row of the dataset is in exactly one group, or counted as missing (no value) or excluded (declared on the attribute).',
    );
  });
});
