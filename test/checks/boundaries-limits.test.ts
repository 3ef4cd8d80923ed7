/**
 * The rest of the edges of docs/formats.md ("Boundaries") not decided in boundaries.test.ts: a performance `min`,
 * `bias.minEvents`, the clock skew allowed to an approval, and the force justification's length. Each is tested on
 * both sides: exactly at the limit passes, just past it fails with the exact finding (code, pointer, line).
 */
import { describe, expect, it } from '@jest/globals';
import { approvalsCheck } from '../../src/checks/approvals.js';
import { judgeThreshold, stricterThreshold } from '../../src/checks/bias-metrics.js';
import { biasCheck } from '../../src/checks/bias.js';
import { promotionCheck } from '../../src/checks/promotion.js';
import type { Finding } from '../../src/formats/finding.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { buildRelease, lineOf, NOW, type ReleaseOptions } from './fixtures/release.js';

const located = (findings: Finding[], code: string) =>
  findings.filter((f) => f.code === code).map((f) => [f.code, f.pointer, f.line]);

describe('a performance threshold (auc min 0.7)', () => {
  const judge = (auc: number) => {
    const r = buildRelease({ manifest: (m) => void (m.evaluation.metrics = { auc }) });
    return { r, findings: promotionCheck.run(r.ctx, r.policy).findings };
  };

  it('an AUC of exactly 0.7 passes, and 0.1 + 0.6 (0.7 in floating point, 0.6999999999999998) too', () => {
    expect(located(judge(0.7).findings, 'PERFORMANCE_THRESHOLD_NOT_MET')).toEqual([]);
    expect(located(judge(0.1 + 0.6).findings, 'PERFORMANCE_THRESHOLD_NOT_MET')).toEqual([]);
  });

  it('an AUC of 0.6999 fails, at the metric', () => {
    const { r, findings } = judge(0.6999);
    expect(located(findings, 'PERFORMANCE_THRESHOLD_NOT_MET')).toEqual([
      ['PERFORMANCE_THRESHOLD_NOT_MET', '/evaluation/metrics/auc', lineOf(r.ctx.manifest, '/evaluation/metrics/auc')],
    ]);
  });
});

describe('bias.minEvents (10): the denominator of a group rate', () => {
  // The "female" group's positives are the TPR's denominator; its FPR and selection rate stay assessed.
  const judge = (positives: number) => {
    const r = buildRelease({
      report: (rep) => {
        const g = rep.attributes[0]!.groups;
        g[0]!.positives = positives;
        g[0]!.negatives = g[0]!.n - positives;
        g[1]!.positives = 800;
        g[1]!.negatives = g[1]!.n - 800;
      },
      // A group left out counts toward the excluded share: allow it, so the group's own finding is the one seen.
      policy: (p) => {
        p.bias.minEvents = 10;
        p.bias.maxExcludedShare = 0.9;
      },
    });
    return { r, findings: biasCheck.run(r.ctx, r.policy).findings };
  };

  it('a group with exactly minEvents positives is assessed', () => {
    expect(located(judge(10).findings, 'BIAS_INSUFFICIENT_DATA')).toEqual([]);
  });

  it('one fewer is insufficient data for its TPR, at the group', () => {
    const { r, findings } = judge(9);
    expect(located(findings, 'BIAS_INSUFFICIENT_DATA')).toEqual([
      ['BIAS_INSUFFICIENT_DATA', '/attributes/0/groups/0', lineOf(r.ctx.biasReport, '/attributes/0/groups/0')],
    ]);
    expect(findings.find((f) => f.code === 'BIAS_INSUFFICIENT_DATA')?.message).toContain('positives=9 < minEvents 10');
  });
});

describe('an approval dated in the future (10 minutes of clock skew allowed)', () => {
  const at = (offsetMs: number) => new Date(Date.parse(NOW) + offsetMs).toISOString();
  const judge = (offsetMs: number) => {
    const r = buildRelease({ afterApproval: (m) => void (m.approvals![0]!.at = at(offsetMs)) });
    return { r, findings: approvalsCheck.run(r.ctx, r.policy).findings };
  };

  it('an approval exactly 10 minutes ahead of the gate counts', () => {
    expect(judge(10 * 60_000).findings).toEqual([]);
  });

  it('one second more is APPROVAL_IN_FUTURE at its date', () => {
    const { r, findings } = judge(10 * 60_000 + 1000);
    expect(located(findings, 'APPROVAL_IN_FUTURE')).toEqual([
      ['APPROVAL_IN_FUTURE', '/approvals/0/at', lineOf(r.ctx.manifest, '/approvals/0/at')],
    ]);
  });
});

describe('a force justification (minReasonLength 10, visible characters after trimming)', () => {
  const judge = (justification: string) => {
    const options: ReleaseOptions = {
      approvals: [
        { approver: 'erin', role: 'governance-board' },
        { approver: 'bob', role: 'regulatory-affairs' },
      ],
      manifest: (m: Manifest) => {
        m.evaluation.backtest = { ...m.evaluation.backtest!, mae: 41.0, rmse: 58.8 };
        m.release.force = { justification, by: 'erin' };
      },
    };
    const r = buildRelease(options);
    return { r, result: promotionCheck.run(r.ctx, r.policy) };
  };

  it('exactly 10 characters (padded with spaces) forces the promotion', () => {
    const { result } = judge('  abcdefghij  ');
    expect(located(result.findings, 'FORCE_JUSTIFICATION_TOO_SHORT')).toEqual([]);
    expect(result.details?.['forced']).toBe(true);
  });

  it.each([['abcdefghi'], [' '.repeat(10)], ['\u200b'.repeat(10)]])(
    '%j is too short, at the justification, and forces nothing',
    (justification) => {
      const { r, result } = judge(justification);
      expect(located(result.findings, 'FORCE_JUSTIFICATION_TOO_SHORT')).toEqual([
        [
          'FORCE_JUSTIFICATION_TOO_SHORT',
          '/release/force/justification',
          lineOf(r.ctx.manifest, '/release/force/justification'),
        ],
      ]);
      expect(result.details?.['forced']).toBe(false);
    },
  );
});

describe('one value against a threshold (the rule under every fairness limit)', () => {
  it('a point estimate past a max is beyond that max, whatever side the interval is on', () => {
    expect(judgeThreshold(0.2, { max: 0.1 })).toEqual({ kind: 'beyond', bound: 'max', limit: 0.1 });
    expect(judgeThreshold(0.2, { min: 0, max: 0.1 }, { low: 0.01, high: 0.05 })).toEqual({
      kind: 'beyond',
      bound: 'max',
      limit: 0.1,
    });
    expect(judgeThreshold(0.1, { max: 0.1 })).toEqual({ kind: 'within' });
  });

  it('the stricter of the policy and the report keeps only the bounds either gives (no invented -Infinity/Infinity)', () => {
    expect(stricterThreshold({ max: 0.1 }, { max: 0.2 })).toEqual({ max: 0.1 });
    expect(stricterThreshold({ min: 0.8 }, { min: 0.85 })).toEqual({ min: 0.85 });
    expect(stricterThreshold({ min: 0.8 }, { max: 1.25 })).toEqual({ min: 0.8, max: 1.25 });
    expect(stricterThreshold(undefined, { min: 0.8 })).toEqual({ min: 0.8 });
  });
});
