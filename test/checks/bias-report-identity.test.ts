/**
 * Whether the bias check can judge the report at all, and whether the report is the one for this release: a report
 * that cannot be read is "not judged" (never a pass), a report for another model name or version, with a date that
 * is not a date or one from before the training run finished, is refused with a message that names both sides and a
 * fix that names the model to regenerate it for. A report or manifest missing the parts these rules read (no model,
 * no provenance, attributes or groups that are not lists) must still be judged, not crash the gate. The full
 * mutation run showed these texts and edges unread by any test.
 */
import { describe, expect, it } from '@jest/globals';
import { biasCheck } from '../../src/checks/bias.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { parseJsonDocument } from '../../src/formats/json-document.js';
import type { ParsedDocument } from '../../src/formats/parsed-document.js';
import { buildRelease, lineOf, type ReleaseOptions } from './fixtures/release.js';
import { only } from './fixtures/findings.js';

const REPORT_FILE = 'reports/latest-bias-report.json';

function judge(options: ReleaseOptions = {}) {
  const release = buildRelease(options);
  return { release, result: biasCheck.run(release.ctx, release.policy) };
}

/** A document whose text did not parse: the parser keeps the file, not a value. */
function unparsable<T>(file: string): ParsedDocument<T> {
  return parseJsonDocument(file, Buffer.from('{"schemaVersion": ')) as ParsedDocument<T>;
}

/** What the check says when it cannot read the report: one could-not-judge finding, no rows, status fail. */
function notJudged(file: string, policyPath: string) {
  return {
    id: 'bias',
    status: 'fail',
    summary: 'bias report unreadable: not judged',
    findings: [
      expect.objectContaining({
        code: 'BIAS_REPORT_UNREADABLE',
        indeterminate: true,
        message: `The bias report ${file} could not be read, so fairness was not judged.`,
        file,
        fix: `Add the bias report at the path the policy names (model.biasReport: ${policyPath}); see the schema check.`,
      }),
    ],
    details: { thresholds: {}, rows: [], excludedGroups: [] },
  };
}

describe('a report the check cannot read is not judged', () => {
  it('no bias report at all: names the path the policy gives', () => {
    const release = buildRelease();
    const ctx = { ...release.ctx, biasReport: undefined };
    const result = biasCheck.run(ctx, release.policy);
    const policyPath = release.policy.model.biasReport;
    expect(result).toStrictEqual(notJudged(policyPath, policyPath));
    expect(result.findings).toHaveLength(1);
  });

  it('a report file that did not parse: names that file, not the policy path', () => {
    const release = buildRelease({ policy: (p) => (p.model.biasReport = 'reports/elsewhere.json') });
    const ctx = { ...release.ctx, biasReport: unparsable<BiasReport>(REPORT_FILE) };
    expect(biasCheck.run(ctx, release.policy)).toStrictEqual(notJudged(REPORT_FILE, 'reports/elsewhere.json'));
  });

  it('a manifest that did not parse: the report is not judged either', () => {
    const release = buildRelease();
    const ctx = { ...release.ctx, manifest: unparsable<Manifest>('model/manifest.json') };
    const result = biasCheck.run(ctx, release.policy);
    expect(result).toStrictEqual(notJudged(REPORT_FILE, release.policy.model.biasReport));
  });
});

describe('the report is for the model being released', () => {
  it('another model name, same version: refused, naming both models', () => {
    const { release, result } = judge({ report: (r) => (r.model.name = 'credit-scoring') });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      {
        severity: 'error',
        code: 'BIAS_REPORT_MODEL_MISMATCH',
        message: 'The bias report is for credit-scoring 2.4.0, but the manifest releases fraud-detection 2.4.0.',
        file: REPORT_FILE,
        pointer: '/model',
        line: lineOf(release.ctx.biasReport, '/model'),
        column: expect.any(Number),
        fix: 'Regenerate the bias report for fraud-detection 2.4.0 (the model being released).',
      },
    ]);
  });

  it('another version of the same model: refused, naming both versions', () => {
    const { result } = judge({ report: (r) => (r.model.version = '2.3.9') });
    expect(only(result.findings, 'BIAS_REPORT_MODEL_MISMATCH').message).toBe(
      'The bias report is for fraud-detection 2.3.9, but the manifest releases fraud-detection 2.4.0.',
    );
  });

  it('a report that names no model: refused with "?" for what it does not say', () => {
    const { result } = judge({ report: (r) => delete (r as Partial<BiasReport>).model });
    const f = only(result.findings, 'BIAS_REPORT_MODEL_MISMATCH');
    expect(f.message).toBe('The bias report is for ? ?, but the manifest releases fraud-detection 2.4.0.');
    expect(f.pointer).toBe('/model');
  });

  it('a report that names no model for a manifest that names none (both schema errors) is still refused', () => {
    const { result } = judge({
      manifest: (m) => delete (m as Partial<Manifest>).name,
      report: (r) => delete (r as Partial<BiasReport>).model,
    });
    expect(only(result.findings, 'BIAS_REPORT_MODEL_MISMATCH').message).toContain('The bias report is for ? ?');
  });
});

describe('when the report was generated', () => {
  it('a generatedAt that is not a date-time: refused, quoting it', () => {
    const { release, result } = judge({ report: (r) => (r.generatedAt = 'yesterday afternoon') });
    expect(result.findings).toEqual([
      {
        severity: 'error',
        code: 'BIAS_REPORT_DATE_INVALID',
        message: 'generatedAt "yesterday afternoon" is not a date-time.',
        file: REPORT_FILE,
        pointer: '/generatedAt',
        line: lineOf(release.ctx.biasReport, '/generatedAt'),
        column: expect.any(Number),
        fix: 'Write an ISO 8601 date-time.',
      },
    ]);
  });

  it('before the training run finished: refused, naming both times', () => {
    const { result } = judge({
      manifest: (m) => void (m.provenance.training.finishedAt = '2026-11-20T14:00:00.000Z'),
      report: (r) => void (r.generatedAt = '2026-10-01T00:00:00.000Z'),
    });
    const f = only(result.findings, 'BIAS_REPORT_OLDER_THAN_TRAINING');
    expect(f.message).toBe(
      'The bias report was generated at 2026-10-01T00:00:00.000Z, before the training run finished (2026-11-20T14:00:00.000Z): it cannot describe this model.',
    );
    expect(f.fix).toBe('Rerun the fairness assessment on the model this training run produced.');
  });

  it.each([
    ['no provenance', (m: Manifest) => delete (m as Partial<Manifest>).provenance],
    [
      'provenance without a training run',
      (m: Manifest) => delete (m.provenance as Partial<Manifest['provenance']>).training,
    ],
  ])('a manifest with %s: there is no training time to compare with, and the report passes', (_what, edit) => {
    const { result } = judge({ manifest: (m) => void edit(m) });
    expect(result.findings).toEqual([]);
    expect(result.status).toBe('pass');
  });
});

describe('the attributes the policy requires', () => {
  it('a required attribute the report leaves out: refused, naming it, with where to add it', () => {
    const { result } = judge({ report: (r) => (r.attributes = r.attributes.filter((a) => a.name !== 'sex')) });
    const f = only(result.findings, 'BIAS_ATTRIBUTE_MISSING');
    expect(f.message).toBe('The policy requires the attribute "sex", but the bias report does not assess it.');
    expect(f.fix).toBe('Add "sex" to the fairness assessment (bias.requiredAttributes in the policy).');
  });

  it('a report whose attributes are not a list: every required attribute is missing and nothing is recomputed', () => {
    const { result } = judge({
      report: (r) => void ((r as unknown as Record<string, unknown>)['attributes'] = 'sex, age_band'),
    });
    expect(result.findings.map((f) => [f.code, f.message])).toEqual([
      ['BIAS_ATTRIBUTE_MISSING', 'The policy requires the attribute "sex", but the bias report does not assess it.'],
      [
        'BIAS_ATTRIBUTE_MISSING',
        'The policy requires the attribute "age_band", but the bias report does not assess it.',
      ],
    ]);
    expect(result.details?.rows).toEqual([]);
    expect(result.summary).toBe('2 problem(s)');
  });

  it('an attribute whose groups are not a list is judged as having no groups: its metrics cannot be computed', () => {
    const { result } = judge({
      report: (r) => void ((r.attributes[0] as unknown as Record<string, unknown>)['groups'] = 'female, male'),
    });
    const sex = result.findings.filter((f) => f.pointer?.startsWith('/attributes/0'));
    expect(sex.map((f) => f.code)).toEqual([
      'BIAS_ROWS_DO_NOT_RECONCILE',
      'BIAS_METRIC_UNDEFINED',
      'BIAS_METRIC_UNDEFINED',
      'BIAS_METRIC_UNDEFINED',
    ]);
    expect(result.details?.excludedGroups).toEqual([]);
  });
});
