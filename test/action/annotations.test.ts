import { describe, expect, it } from '@jest/globals';
import type { Finding } from '../../src/formats/finding.js';
import type { Report } from '../../src/release/report.js';
import { annotationOf, buildAnnotations, describeOmitted } from '../../src/render/annotations.js';
import { failingReport } from './report-fixtures.js';

describe('annotations', () => {
  it('places an annotation at the finding file, line and column with code and check as title', () => {
    const f = failingReport().checks[1]!.findings[0]!;
    expect(annotationOf(f, 'checksums')).toEqual({
      level: 'error',
      message: `${f.message}\nFix: ${f.fix}`,
      properties: {
        title: 'CHECKSUM_MISMATCH (checksums)',
        file: 'model/manifest.json',
        startLine: 12,
        startColumn: 17,
      },
    });
  });

  it('gives a finding without a file no position, and marks could-not-judge', () => {
    const f: Finding = {
      severity: 'error',
      code: 'JIRA_UNREACHABLE',
      message: 'Jira did not answer.',
      indeterminate: true,
      line: 3,
    };
    expect(annotationOf(f, 'jira')).toEqual({
      level: 'error',
      message: 'Jira did not answer.\n(the gate could not judge this)',
      properties: { title: 'JIRA_UNREACHABLE (jira)' },
    });
  });

  it('keeps the first 10 of each level and counts the rest', () => {
    const many = (severity: Finding['severity'], n: number): Finding[] =>
      Array.from({ length: n }, (_, i) => ({
        severity,
        code: `C_${i}`,
        message: `m${i}`,
        file: 'model/manifest.json',
        line: i + 1,
        column: 1,
      }));
    const report: Pick<Report, 'checks'> = {
      checks: [
        { id: 'checksums', status: 'fail', summary: '', findings: many('error', 13) },
        { id: 'bias', status: 'warn', summary: '', findings: [...many('warning', 11), ...many('notice', 2)] },
      ],
    };
    const plan = buildAnnotations(report);
    expect(plan.annotations.filter((a) => a.level === 'error')).toHaveLength(10);
    expect(plan.annotations.filter((a) => a.level === 'warning')).toHaveLength(10);
    expect(plan.annotations.filter((a) => a.level === 'notice')).toHaveLength(2);
    expect(plan.annotations[0]!.properties.title).toBe('C_0 (checksums)');
    expect(plan.omitted).toEqual({ error: 3, warning: 1, notice: 0 });
    expect(describeOmitted(plan.omitted)).toBe(
      '3 more errors and 1 more warning are listed in the job summary (GitHub shows 10 annotations of each type per step).',
    );
    expect(describeOmitted({ error: 1, warning: 0, notice: 0 })).toBe(
      '1 more error is listed in the job summary (GitHub shows 10 annotations of each type per step).',
    );
    expect(describeOmitted({ error: 0, warning: 0, notice: 0 })).toBeUndefined();
  });
});
