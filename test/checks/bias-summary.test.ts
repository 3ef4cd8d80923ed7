/**
 * The one line the job summary shows for the bias check, and what the check takes from the base revision. A pass
 * counts the rows and attributes and names the reviewer; a warn counts the warnings only (not the notices); a fail
 * counts the errors only and the rows that fail, when any do. The favourable-label notice says which rate disparate
 * impact was judged on, and only when the policy names one. A first release (no base) is judged on its own; with a
 * base whose production report was recounted from listed predictions, a branch that stops listing them fails
 * instead of getting a notice: the PR author cannot trade a verified report for a typed one. The full mutation run
 * left these unread.
 */
import { describe, expect, it } from '@jest/globals';
import { biasCheck } from '../../src/checks/bias.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Finding } from '../../src/formats/finding.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { jsonDocument } from '../support/release-context.js';
import { buildRelease, exampleBaseManifest, lineOf, type Release, type ReleaseOptions } from './fixtures/release.js';

const REPORT_FILE = 'reports/latest-bias-report.json';
const PREDICTIONS_SHA = 'ab'.repeat(32);

function judge(options: ReleaseOptions = {}) {
  const release = buildRelease(options);
  return { release, result: biasCheck.run(release.ctx, release.policy) };
}
const rerun = (release: Release) => biasCheck.run(release.ctx, release.policy);
const codes = (findings: Finding[]) => findings.map((f) => f.code);

/** The policy judges disparate impact on the "legitimate" outcome; the report's values are its favourable rates. */
const favourable =
  (label: string): ReleaseOptions['policy'] =>
  (p) =>
    void (p.bias.favorableLabel = label);
const favourableReport: ReleaseOptions['report'] = (r) => {
  r.favorableLabel = 'legitimate';
  r.attributes[0]!.metrics.disparate_impact_ratio = 0.967 / 0.969;
  r.attributes[1]!.metrics.disparate_impact_ratio = 0.9969; // 0.966 / 0.969, rounded
};

/** age_band gets a group of 12 rows (from "51+"): too small to judge, a warning the policy tolerates. */
const tinyAgeGroup: ReleaseOptions['report'] = (r) => {
  r.attributes[1]!.groups.push({
    group: '90+',
    n: 12,
    selectionRate: 0.2,
    truePositiveRate: 0.5,
    falsePositiveRate: 0.2,
  });
  r.attributes[1]!.groups[2]!.n -= 12;
};
const tolerateTinyGroup: ReleaseOptions['policy'] = (p) => void (p.bias.maxExcludedShare = 0.01);
/** sex gets a group of 12 rows too (from "male"). */
const tinySexGroup: ReleaseOptions['report'] = (r) => {
  r.attributes[0]!.groups.push({
    group: 'undisclosed',
    n: 12,
    selectionRate: 0.2,
    truePositiveRate: 0.5,
    falsePositiveRate: 0.2,
  });
  r.attributes[0]!.groups[1]!.n -= 12;
};

describe('the summary line', () => {
  it('a pass counts the metrics and attributes recomputed and names the reviewer', () => {
    const { result } = judge();
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('6 metric(s) over 2 attribute(s) recomputed and within thresholds; reviewed by dave');
  });

  it('a warn counts the warnings, not the notices', () => {
    const { result } = judge({
      policy: (p) => {
        favourable('legitimate')!(p);
        tolerateTinyGroup!(p);
      },
      report: (r) => {
        favourableReport!(r);
        tinyAgeGroup!(r);
        tinySexGroup!(r);
      },
    });
    expect(codes(result.findings)).toEqual([
      'BIAS_INSUFFICIENT_DATA',
      'BIAS_INSUFFICIENT_DATA',
      'BIAS_FAVORABLE_LABEL',
    ]);
    expect(result.status).toBe('warn');
    expect(result.summary).toBe('fairness within thresholds with warnings (2)');
  });

  it('a fail counts the errors, not the warnings, and the failing rows among the others', () => {
    const { result } = judge({
      policy: tolerateTinyGroup,
      report: (r) => {
        tinyAgeGroup!(r);
        r.attributes[0]!.metrics.demographic_parity_difference = 0.001;
      },
    });
    expect(codes(result.findings)).toEqual(['BIAS_METRIC_MISMATCH', 'BIAS_INSUFFICIENT_DATA']);
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('1 problem(s), 1 metric(s) failing');
  });

  it('a fail with no failing row says only how many problems', () => {
    const { result } = judge({ reportApprovals: [] });
    expect(result.summary).toBe('1 problem(s)');
  });
});

describe('the favourable label', () => {
  it("named by the policy: a notice at the report's favorableLabel says which rate disparate impact is judged on", () => {
    const { release, result } = judge({ policy: favourable('legitimate'), report: favourableReport });
    expect(result.findings).toEqual([
      {
        severity: 'notice',
        code: 'BIAS_FAVORABLE_LABEL',
        message:
          'Disparate impact is computed on the favourable rate ("legitimate" = 1 − selection rate), as the policy decides (bias.favorableLabel).',
        file: REPORT_FILE,
        pointer: '/favorableLabel',
        line: lineOf(release.ctx.biasReport, '/favorableLabel'),
        column: expect.any(Number),
      },
    ]);
    expect(result.status).toBe('pass');
  });

  it('an empty label (the policy schema refuses it) names none: no notice, disparate impact stays on the selection rate', () => {
    const { result } = judge({ policy: favourable(''), report: (r) => void (r.favorableLabel = '') });
    expect(result.findings).toEqual([]);
  });
});

describe('what the check takes from the base revision', () => {
  it('a first release (no base) is judged on its own and passes', () => {
    const { result } = judge({ base: null });
    expect(result.findings).toEqual([]);
    expect(result.status).toBe('pass');
  });

  /** Production (the base) listed the predictions its report was computed from; the branch no longer does. */
  function productionVerified(): Release {
    const base: Manifest = exampleBaseManifest();
    base.artifacts.push({ path: 'eval/predictions.csv', sha256: PREDICTIONS_SHA, size: 4096 });
    const release = buildRelease({ base, context: { predictions: { kind: 'unlisted', sha256: PREDICTIONS_SHA } } });
    const found = release.ctx.base;
    if (found.kind !== 'found') throw new Error('buildRelease has a base');
    const baseReport: BiasReport = {
      ...release.report,
      dataset: { ...release.report.dataset!, sha256: PREDICTIONS_SHA },
    };
    release.ctx = { ...release.ctx, base: { ...found, biasReport: jsonDocument<BiasReport>(REPORT_FILE, baseReport) } };
    return release;
  }

  it('production recounted its report from listed predictions: a branch that stops listing them fails', () => {
    const result = rerun(productionVerified());
    const f = result.findings.find((x) => x.code === 'BIAS_PREDICTIONS_NOT_LISTED');
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain('Production listed the predictions of its report, so this release must too.');
  });

  it('without a base, the same unlisted predictions are only a notice', () => {
    const release = productionVerified();
    release.ctx = { ...release.ctx, base: { kind: 'none', reason: 'first release' } };
    const f = rerun(release).findings.find((x) => x.code === 'BIAS_PREDICTIONS_NOT_LISTED');
    expect(f?.severity).toBe('notice');
  });
});
