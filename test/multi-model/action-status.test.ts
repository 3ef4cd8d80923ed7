/**
 * The one status, the annotations and the `verdicts` output over several models (src/action/status.ts,
 * src/render/models-report.ts), on literal reports: what the end-to-end tests cannot reach cheaply (fifty models).
 */
import { describe, expect, it } from '@jest/globals';
import { commitStateOfModels, describeModelsStatus } from '../../src/action/status.js';
import type { Report } from '../../src/release/report.js';
import { buildModelsAnnotations, verdictsByModel, type ModelsRun } from '../../src/render/models-report.js';
import { failingReport } from '../action/report-fixtures.js';

function passing(name: string, version = '1.0.0'): Report {
  return { ...failingReport(), verdict: 'pass', model: { name, version }, checks: [] };
}
function failing(name: string, version = '1.0.0'): Report {
  return { ...failingReport(), model: { name, version } };
}
function unjudged(name: string): Report {
  return { ...failingReport(), judged: false, model: { name, version: '1.0.0' } };
}
const runOf = (reports: Report[], untouched: string[] = []): ModelsRun => ({
  judgements: reports.map((report) => ({ name: report.model.name!, report })),
  untouched,
  selection: '--all: every governed model',
});

describe('the one status over several models', () => {
  it('names every model when the line fits in 140 characters', () => {
    const run = runOf([passing('fraud-detection', '2.5.0'), failing('credit-scoring', '1.3.0')]);
    expect(describeModelsStatus(run)).toBe('2 models: fraud-detection 2.5.0 passed, credit-scoring 1.3.0 failed');
    expect(commitStateOfModels(run)).toBe('failure');
  });

  it('names the models that did not pass first when fifty do not fit, so truncation never hides a failure', () => {
    const reports = Array.from({ length: 50 }, (_, i) => passing(`forecaster-${String(i).padStart(2, '0')}`));
    reports[37] = failing('forecaster-37', '3.1.0');
    reports[44] = unjudged('forecaster-44');
    const description = describeModelsStatus(runOf(reports, ['churn']));
    expect(description).toBe(
      '50 models: 1 could not be judged (forecaster-44 1.0.0), 1 failed (forecaster-37 3.1.0), 48 passed, 1 not touched',
    );
    expect(commitStateOfModels(runOf(reports))).toBe('error');
  });

  it('fits an overlong list of failures to 140 characters', () => {
    const reports = Array.from({ length: 20 }, (_, i) => failing(`regional-forecaster-${i}`));
    const description = describeModelsStatus(runOf(reports));
    expect(description).toHaveLength(140);
    expect(
      description.startsWith('20 models: 20 failed (regional-forecaster-0 1.0.0, regional-forecaster-1 1.0.0,'),
    ).toBe(true);
    expect(description.endsWith('…')).toBe(true);
  });

  it('is success when every judged model passed, and when none was touched', () => {
    expect(commitStateOfModels(runOf([passing('a'), passing('b')]))).toBe('success');
    expect(commitStateOfModels(runOf([], ['a', 'b']))).toBe('success');
    expect(describeModelsStatus(runOf([], ['a', 'b']))).toBe(
      'no governed model touched by this change; not judged: a, b (not touched by this change)',
    );
  });
});

describe('annotations and verdicts over several models', () => {
  it("titles each annotation with its model and counts GitHub's limit per level over the whole run", () => {
    const plan = buildModelsAnnotations(runOf([failing('fraud-detection'), failing('credit-scoring')]), 4);
    expect(plan.annotations.map((a) => [a.level, a.properties.title])).toEqual([
      ['error', '[fraud-detection] CHECKSUM_MISMATCH (checksums)'],
      ['error', '[fraud-detection] BIAS_THRESHOLD_EXCEEDED (bias)'],
      ['warning', '[fraud-detection] BIAS_GROUP_INSUFFICIENT (bias)'],
      ['error', '[fraud-detection] APPROVAL_NOT_CORROBORATED (approvals)'],
      ['notice', '[fraud-detection] PROMOTION_IMPROVED (promotion)'],
      ['error', '[credit-scoring] CHECKSUM_MISMATCH (checksums)'],
      ['warning', '[credit-scoring] BIAS_GROUP_INSUFFICIENT (bias)'],
      ['notice', '[credit-scoring] PROMOTION_IMPROVED (promotion)'],
    ]);
    expect(plan.omitted).toEqual({ error: 2, warning: 0, notice: 0 });
    expect(plan.annotations[5]!.properties).toEqual({
      title: '[credit-scoring] CHECKSUM_MISMATCH (checksums)',
      file: 'model/manifest.json',
      startLine: 12,
      startColumn: 17,
    });
  });

  it('gives each judged model its version and verdict, and each untouched model "untouched"', () => {
    expect(
      verdictsByModel(runOf([passing('fraud-detection', '2.5.0'), unjudged('credit-scoring')], ['churn'])),
    ).toEqual({
      'fraud-detection': { version: '2.5.0', verdict: 'pass', judged: true },
      'credit-scoring': { version: '1.0.0', verdict: 'fail', judged: false },
      churn: { verdict: 'untouched', judged: false, reason: 'not touched by this change' },
    });
  });
});
