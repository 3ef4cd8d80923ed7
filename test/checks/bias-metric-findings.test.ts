/**
 * What the bias check tells a PR author about each metric, word for word: a reported value that is not a finite
 * number is "undefined" (never a pass) even when the groups define it; a reported value its groups do not give is a
 * mismatch that names the value the groups give and the groups it comes from; a recomputed value beyond its threshold
 * names the rate, the groups, the interval when there is one, which side of the limit and the limit; an interval
 * that only reaches past it warns. The row the board sees keeps the worst of these. Thresholds are the stricter of
 * the policy's and the report's, and a threshold with neither bound is none. The full mutation run left these texts
 * and the status each row ends with unread.
 */
import { describe, expect, it } from '@jest/globals';
import { biasCheck, effectiveBiasThresholds } from '../../src/checks/bias.js';
import type { BiasMetricName } from '../../src/formats/bias-report.js';
import type { Finding } from '../../src/formats/finding.js';
import { buildRelease, lineOf, type Release, type ReleaseOptions } from './fixtures/release.js';
import { only } from './fixtures/findings.js';

const REPORT_FILE = 'reports/latest-bias-report.json';
const REGENERATE = 'Regenerate the report so the summary metrics match the group rates (do not edit them by hand).';
const REPORT_NUMBER = 'Report a numeric value computed from the groups, or fix the groups so the metric is defined.';

function judge(options: ReleaseOptions = {}) {
  const release = buildRelease(options);
  return { release, result: biasCheck.run(release.ctx, release.policy) };
}

function rowOf(result: ReturnType<typeof biasCheck.run>, attribute: string, metric: BiasMetricName) {
  return result.details?.rows.find((r) => r.attribute === attribute && r.metric === metric);
}

/** The finding at a pointer of the report, with its line (the value a PR author must look at). */
function findingAt(release: Release, ptr: string, rest: Partial<Finding>): Finding {
  return {
    severity: 'error',
    file: REPORT_FILE,
    pointer: ptr,
    line: lineOf(release.ctx.biasReport, ptr)!,
    column: expect.any(Number) as unknown as number,
    ...rest,
  } as Finding;
}

/**
 * age_band gets a fourth group of 12 rows (taken from "51+") too small to judge: it is left out of the judged
 * spread but still in the spread over all groups, so the two values differ.
 */
function withTinyAgeGroup(truePositiveRate: number | null): ReleaseOptions['report'] {
  return (r) => {
    r.attributes[1]!.groups.push({ group: '90+', n: 12, selectionRate: 0.2, truePositiveRate, falsePositiveRate: 0.2 });
    r.attributes[1]!.groups[2]!.n -= 12;
  };
}
const tolerateTinyGroup: ReleaseOptions['policy'] = (p) => void (p.bias.maxExcludedShare = 0.01);

describe('the thresholds that apply', () => {
  it('a threshold with neither bound applies to nothing: no threshold, and the stated metric is information', () => {
    const { release, result } = judge({
      report: (r) => {
        r.thresholds = { true_positive_rate_difference: {} };
        r.attributes[0]!.metrics.true_positive_rate_difference = 0.02;
      },
    });
    const expected = {
      demographic_parity_difference: { max: 0.1 },
      disparate_impact_ratio: { min: 0.8 },
      equalized_odds_difference: { max: 0.1 },
    };
    expect(effectiveBiasThresholds(release.policy, release.report)).toStrictEqual(expected);
    expect(result.details?.thresholds).toStrictEqual(expected);
    const row = rowOf(result, 'sex', 'true_positive_rate_difference');
    expect(row?.status).toBe('info');
    expect(row).not.toHaveProperty('threshold');
  });

  it('a metric neither the policy nor the report bounds gets no threshold entry at all', () => {
    const { release } = judge({ report: (r) => delete r.thresholds });
    expect(Object.keys(effectiveBiasThresholds(release.policy, release.report))).toEqual([
      'demographic_parity_difference',
      'disparate_impact_ratio',
      'equalized_odds_difference',
    ]);
  });
});

describe('a reported value that is not a finite number is undefined, never a pass', () => {
  it('a number written as text, even one the groups give: refused, and its row fails', () => {
    const { release, result } = judge({
      report: (r) =>
        void ((r.attributes[0]!.metrics as Record<string, unknown>)['demographic_parity_difference'] = '0.002'),
    });
    const ptr = '/attributes/0/metrics/demographic_parity_difference';
    expect(result.findings).toEqual([
      findingAt(release, ptr, {
        code: 'BIAS_METRIC_UNDEFINED',
        message:
          'Attribute "sex": demographic parity difference is reported as 0.002: an undefined metric is never a pass.',
        fix: REPORT_NUMBER,
      }),
    ]);
    expect(rowOf(result, 'sex', 'demographic_parity_difference')?.status).toBe('fail');
  });

  it('null where the groups define the metric: the row fails with the recomputed value, with or without a threshold', () => {
    const { result } = judge({
      report: (r) => {
        r.attributes[0]!.metrics.demographic_parity_difference = null;
        r.attributes[0]!.metrics.true_positive_rate_difference = null;
      },
    });
    expect(result.findings.map((f) => [f.code, f.pointer])).toEqual([
      ['BIAS_METRIC_UNDEFINED', '/attributes/0/metrics/demographic_parity_difference'],
      ['BIAS_METRIC_UNDEFINED', '/attributes/0/metrics/true_positive_rate_difference'],
    ]);
    expect(rowOf(result, 'sex', 'demographic_parity_difference')).toMatchObject({
      status: 'fail',
      reported: null,
      recomputed: expect.closeTo(0.002, 12),
    });
    // no threshold covers it, but a stated null is still a failing row, not information
    expect(rowOf(result, 'sex', 'true_positive_rate_difference')).toMatchObject({ status: 'fail', reported: null });
    expect(result.summary).toBe('2 problem(s), 2 metric(s) failing');
  });
});

describe('a reported value its groups do not give', () => {
  it('names the stated value, the value and the groups the rates give, with the fix; the row fails', () => {
    const { release, result } = judge({
      report: (r) => void (r.attributes[0]!.metrics.demographic_parity_difference = 0.001),
    });
    expect(result.findings).toEqual([
      findingAt(release, '/attributes/0/metrics/demographic_parity_difference', {
        code: 'BIAS_METRIC_MISMATCH',
        message:
          'Attribute "sex": the report states demographic parity difference = 0.001, but its group rates give 0.002 ("female" selectionRate vs "male").',
        fix: REGENERATE,
      }),
    ]);
    expect(rowOf(result, 'sex', 'demographic_parity_difference')?.status).toBe('fail');
  });

  it('with a group too small to judge, gives the value over all groups (as a generator computes it)', () => {
    const { result } = judge({
      report: (r) => {
        withTinyAgeGroup(0.5)!(r);
        r.attributes[1]!.metrics.demographic_parity_difference = 0.05;
      },
      policy: tolerateTinyGroup,
    });
    // over all groups 0.2 − 0.031; over the judged groups 0.034 − 0.031
    expect(only(result.findings, 'BIAS_METRIC_MISMATCH').message).toBe(
      'Attribute "age_band": the report states demographic parity difference = 0.05, but its group rates give 0.169 ("51+" selectionRate vs "18-30").',
    );
  });

  it('agreeing with the judged groups alone is agreeing (a generator may leave the small group out)', () => {
    const { result } = judge({
      report: (r) => withTinyAgeGroup(0.5)!(r),
      policy: tolerateTinyGroup,
    });
    expect(result.findings.map((f) => f.code)).toEqual(['BIAS_INSUFFICIENT_DATA']);
  });

  it('when the metric over all groups is undefined, gives the value over the judged groups', () => {
    const { result } = judge({
      report: (r) => {
        withTinyAgeGroup(null)!(r);
        r.attributes[1]!.metrics.equalized_odds_difference = 0.05;
      },
      policy: tolerateTinyGroup,
    });
    expect(only(result.findings, 'BIAS_METRIC_MISMATCH').message).toBe(
      'Attribute "age_band": the report states equalized odds difference = 0.05, but its group rates give 0.01 ("51+" truePositiveRate vs "18-30").',
    );
  });

  it('a stated number for a metric the groups cannot define is not a mismatch: it is undefined under its threshold', () => {
    const { release, result } = judge({ report: (r) => void (r.attributes[0]!.groups[1]!.truePositiveRate = null) });
    expect(result.findings).toEqual([
      findingAt(release, '/attributes/0/metrics/equalized_odds_difference', {
        code: 'BIAS_METRIC_UNDEFINED',
        message:
          'Attribute "sex": equalized odds difference cannot be computed (group "male" has no truePositiveRate (null)); an undefined metric is never a pass (threshold max 0.1).',
        fix: 'Provide the group rates this metric needs, with enough data per group.',
      }),
    ]);
  });
});

describe('a metric the groups cannot define', () => {
  it('under a threshold but not stated: refused at its attribute, the row fails with the reason', () => {
    const { release, result } = judge({
      report: (r) => {
        delete r.attributes[0]!.metrics.equalized_odds_difference;
        r.attributes[0]!.groups[1]!.truePositiveRate = null;
      },
    });
    expect(result.findings).toEqual([
      findingAt(release, '/attributes/0', {
        code: 'BIAS_METRIC_UNDEFINED',
        message:
          'Attribute "sex": equalized odds difference cannot be computed (group "male" has no truePositiveRate (null)); an undefined metric is never a pass (threshold max 0.1).',
        fix: 'Provide the group rates this metric needs, with enough data per group.',
      }),
    ]);
    expect(rowOf(result, 'sex', 'equalized_odds_difference')).toStrictEqual({
      attribute: 'sex',
      metric: 'equalized_odds_difference',
      status: 'fail',
      threshold: { max: 0.1 },
      undefinedReason: 'group "male" has no truePositiveRate (null)',
    });
  });

  it('without a threshold: no finding, the row is for information, with the reason and no value', () => {
    const { result } = judge({
      policy: (p) => delete p.bias.thresholds.equalized_odds_difference,
      report: (r) => void (r.attributes[0]!.groups[1]!.truePositiveRate = null),
    });
    expect(result.findings).toEqual([]);
    const row = rowOf(result, 'sex', 'equalized_odds_difference');
    expect(row).toMatchObject({
      status: 'info',
      reported: 0.02,
      undefinedReason: 'group "male" has no truePositiveRate (null)',
    });
    expect(row).not.toHaveProperty('recomputed');
    expect(row).not.toHaveProperty('threshold');
  });
});

describe('a metric reported as null that the groups cannot define either', () => {
  it('fails its row even without a threshold: the report claims a value it cannot have', () => {
    const { result } = judge({
      policy: (p) => delete p.bias.thresholds.equalized_odds_difference,
      report: (r) => {
        r.attributes[0]!.groups[1]!.truePositiveRate = null;
        (r.attributes[0]!.metrics as Record<string, unknown>)['equalized_odds_difference'] = null;
      },
    });
    expect(result.findings.map((f) => f.code)).toEqual(['BIAS_METRIC_UNDEFINED']);
    expect(rowOf(result, 'sex', 'equalized_odds_difference')).toMatchObject({ status: 'fail', reported: null });
  });
});

describe('a recomputed value beyond its threshold', () => {
  it('below a minimum: names the metric, value, rate, lowest and highest groups and the limit; the row fails', () => {
    const { release, result } = judge({
      report: (r) => {
        r.attributes[0]!.groups[0]!.selectionRate = 0.1;
        r.attributes[0]!.metrics.demographic_parity_difference = 0.067;
        r.attributes[0]!.metrics.disparate_impact_ratio = 0.33;
      },
    });
    expect(result.findings).toEqual([
      findingAt(release, '/attributes/0/metrics/disparate_impact_ratio', {
        code: 'BIAS_THRESHOLD_EXCEEDED',
        message:
          'Attribute "sex": disparate impact ratio 0.33 (selectionRate: "male" lowest, "female" highest) is below the minimum 0.8.',
        fix: 'Mitigate the disparity between "male" and "female" (reweighting, threshold adjustment) and regenerate the report; thresholds are the stricter of the policy\'s and the report\'s.',
      }),
    ]);
    expect(rowOf(result, 'sex', 'disparate_impact_ratio')?.status).toBe('fail');
  });

  it('above a maximum: says so', () => {
    const { result } = judge({
      report: (r) => {
        r.attributes[0]!.groups[1]!.selectionRate = 0.2;
        r.attributes[0]!.metrics.demographic_parity_difference = 0.169;
        r.thresholds = {};
      },
      policy: (p) => delete p.bias.thresholds.disparate_impact_ratio,
    });
    expect(only(result.findings, 'BIAS_THRESHOLD_EXCEEDED').message).toBe(
      'Attribute "sex": demographic parity difference 0.169 (selectionRate: "female" lowest, "male" highest) is above the maximum 0.1.',
    );
  });

  it('an interval wholly below the minimum fails whatever the point estimate, and the message gives the interval', () => {
    const { result } = judge({
      report: (r) => {
        const [female, male] = r.attributes[0]!.groups;
        female!.intervals = { selectionRate: { low: 0.01, high: 0.02 } };
        male!.intervals = { selectionRate: { low: 0.05, high: 0.06 } };
      },
    });
    expect(only(result.findings, 'BIAS_THRESHOLD_EXCEEDED').message).toBe(
      'Attribute "sex": disparate impact ratio 0.939394 (selectionRate: "female" lowest, "male" highest) (interval 0.166667–0.4) is below the minimum 0.8.',
    );
  });

  it('on the favourable rate when the policy names the favourable label, the message says "favourable rate"', () => {
    const { result } = judge({
      policy: (p) => {
        p.bias.favorableLabel = 'legitimate';
        delete p.bias.thresholds.demographic_parity_difference;
      },
      report: (r) => {
        r.thresholds = { disparate_impact_ratio: { min: 0.8 } };
        r.favorableLabel = 'legitimate';
        r.attributes[0]!.groups[0]!.selectionRate = 0.5;
        r.attributes[0]!.metrics.demographic_parity_difference = 0.467;
        r.attributes[0]!.metrics.disparate_impact_ratio = 0.5 / 0.967;
        r.attributes[1]!.metrics.disparate_impact_ratio = 0.9969;
      },
    });
    expect(only(result.findings, 'BIAS_THRESHOLD_EXCEEDED').message).toBe(
      'Attribute "sex": disparate impact ratio 0.517063 (favourable rate: "female" lowest, "male" highest) is below the minimum 0.8.',
    );
  });
});

describe('an interval that reaches past a threshold the value meets', () => {
  const straddling: ReleaseOptions['report'] = (r) => {
    const [female, male] = r.attributes[0]!.groups;
    female!.intervals = { selectionRate: { low: 0.025, high: 0.037 } };
    male!.intervals = { selectionRate: { low: 0.029, high: 0.037 } };
  };

  it('warns, naming the bound, the limit and the interval, with the fix', () => {
    const { release, result } = judge({ report: straddling });
    expect(result.findings).toEqual([
      findingAt(release, '/attributes/0/metrics/disparate_impact_ratio', {
        severity: 'warning',
        code: 'BIAS_INTERVAL_STRADDLES_THRESHOLD',
        message:
          'Attribute "sex": disparate impact ratio 0.939394 (selectionRate: "female" lowest, "male" highest) meets min 0.8, but its confidence interval 0.675676–1 reaches past it.',
        fix: 'Evaluate on more data to narrow the interval, or review the disparity with the fairness reviewer.',
      }),
    ]);
  });

  it('a row that already failed (its stated value disagrees) stays failed, not merely warned', () => {
    const { result } = judge({
      report: (r) => {
        straddling!(r);
        r.attributes[0]!.metrics.disparate_impact_ratio = 0.95;
      },
    });
    expect(result.findings.map((f) => f.code)).toEqual(['BIAS_METRIC_MISMATCH', 'BIAS_INTERVAL_STRADDLES_THRESHOLD']);
    expect(rowOf(result, 'sex', 'disparate_impact_ratio')?.status).toBe('fail');
  });
});
