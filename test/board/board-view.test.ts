/**
 * The board's view (src/export/board-view.ts, rendered by src/render/diff.ts): each fairness metric against its
 * threshold with its change since production, flagged when it moved toward the threshold (with the margin left);
 * the gates that are not table rows; provenance changes; and what the board approves.
 */
import { describe, expect, it } from '@jest/globals';
import { compareReleases } from '../../src/checks/promotion-comparison.js';
import type { BiasReport, GroupRates } from '../../src/formats/bias-report.js';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { boardFactsOf, fairnessGatesOf, provenanceChangesOf, type BoardView } from '../../src/export/board-view.js';
import { renderDiff } from '../../src/render/diff.js';
import {
  exampleBaseManifest,
  exampleManifest,
  examplePolicyValue,
  exampleReport,
  NOW,
} from '../checks/fixtures/release.js';

/** Two age bands whose disparate impact ratio is `low / high` (same TPR and FPR: equalized odds 0). */
function ageBands(high: number, low: number): GroupRates[] {
  const rates = { truePositiveRate: 0.83, falsePositiveRate: 0.012 };
  return [
    { group: '18-30', n: 60000, selectionRate: high, ...rates },
    { group: '31+', n: 60000, selectionRate: low, ...rates },
  ];
}

function reportWith(groups: GroupRates[]): BiasReport {
  const r = exampleReport();
  r.attributes[1]!.groups = groups;
  return r;
}

// Production's DI ratio 0.033996 / 0.04 = 0.8499; the challenger's 0.0329 / 0.04 = 0.8225, against min 0.8.
const BASE_REPORT = (): BiasReport => reportWith(ageBands(0.04, 0.033996));
const HEAD_REPORT = (): BiasReport => reportWith(ageBands(0.04, 0.0329));

function boardView(edit: { head?: (m: Manifest) => void; headReport?: BiasReport } = {}): BoardView {
  const policy = examplePolicyValue();
  const head = exampleManifest();
  edit.head?.(head);
  const base = exampleBaseManifest();
  const headReport = edit.headReport ?? HEAD_REPORT();
  const comparison = compareReleases({ head, base, policy, now: NOW, headReport, baseReport: BASE_REPORT() });
  return {
    comparison,
    verdict: { status: 'pass', summary: 'MAE 7.77 % better than production 2.3.0', findings: [] },
    baseLabel: 'main @ fffffff',
    board: boardFactsOf({ comparison, head, base, policy, headReport }),
  };
}

describe('fairness gates', () => {
  it('flags a DI drop from 0.8499 to 0.8225 against min 0.8 as moving toward the threshold, margin 0.0225', () => {
    const di = boardView().board.fairness.find(
      (g) => g.attribute === 'age_band' && g.metric === 'disparate_impact_ratio',
    );
    expect(di).toEqual({
      attribute: 'age_band',
      metric: 'disparate_impact_ratio',
      base: expect.closeTo(0.8499, 4),
      head: expect.closeTo(0.8225, 4),
      threshold: { min: 0.8 },
      standing: 'within',
      change: -0.0274,
      towardThreshold: true,
      margin: 0.0225,
    });
  });

  it('shows the drop, the threshold, the margin and the regression in the text view', () => {
    const lines = renderDiff(boardView(), 'text').split('\n');
    expect(lines).toContain(
      'bias age_band DI ratio      0.8499      0.8225  -0.0274 (min 0.8) ✓ moved toward threshold, margin 0.0225',
    );
    const regressions = lines.find((l) => l.startsWith('regressions: '));
    expect(regressions).toBe(
      'regressions: age_band DPD 0.006 → 0.0071 toward max 0.1 (margin 0.0929); ' +
        'age_band DI ratio 0.8499 → 0.8225 toward min 0.8 (margin 0.0225)',
    );
  });

  it('does not flag a metric that moved away from its threshold, nor one without a threshold', () => {
    const gates = fairnessGatesOf(
      {
        bias: [
          { attribute: 'sex', metric: 'disparate_impact_ratio', base: 0.85, head: 0.9 },
          { attribute: 'sex', metric: 'demographic_parity_difference', base: 0.05, head: 0.05 },
          { attribute: 'sex', metric: 'true_positive_rate_difference', base: 0.01, head: 0.2 },
        ],
      },
      examplePolicyValue(),
      undefined,
    );
    expect(gates.map((g) => [g.metric, g.standing, g.change, g.towardThreshold, g.margin])).toEqual([
      ['disparate_impact_ratio', 'within', 0.05, false, 0.1],
      ['demographic_parity_difference', 'within', 0, false, 0.05],
      ['true_positive_rate_difference', 'no-threshold', 0.19, false, undefined],
    ]);
  });

  it('reports a metric beyond its threshold by how much, as a regression', () => {
    const lines = renderDiff(boardView({ headReport: reportWith(ageBands(0.04, 0.031)) }), 'text').split('\n');
    expect(lines).toContain('bias age_band DI ratio      0.8499       0.775  -0.0749 (min 0.8) ✗ beyond it by 0.025');
    expect(lines.find((l) => l.startsWith('regressions: '))).toContain(
      'age_band DI ratio 0.775 beyond min 0.8 by 0.025',
    );
  });
});

describe('gates, provenance and what the board approves', () => {
  it('lists windows, metrics age, the seasonal rule, provenance changes, reason, ticket and digest', () => {
    const view = boardView({
      head: (m) => {
        m.provenance.data = {
          featureStoreSnapshot: 'fs-2026-12-01',
          window: { from: '2025-12-01', to: '2026-11-30' },
        };
        m.provenance.featureSchemaVersion = 'v3';
        m.provenance.framework = { name: 'xgboost', version: '2.1.1' };
        m.provenance.code.commit = 'f'.repeat(40);
      },
    });
    const head = exampleManifest();
    const text = renderDiff(view, 'text').split('\n');
    const from = text.indexOf(
      'improvement: MAE 7.77 % better, RMSE 6.62 % better (MAE or RMSE must improve by at least 5 %)',
    );
    expect(text.slice(from + 1, from + 15)).toEqual([
      'windows: 12 (min 12) ✓',
      'metrics age: 2.0 days (max 7) ✓',
      'seasons: a regression in any season fails the promotion',
      'provenance changes:',
      '  data window: — → 2025-12-01 to 2026-11-30',
      '  feature store snapshot: fs-2026-11-01 → fs-2026-12-01',
      '  feature schema version: v2 → v3',
      '  framework: — → xgboost 2.1.1',
      `  code commit: ${'c'.repeat(40)} → ${'f'.repeat(40)}`,
      'release: promotion — Quarterly retrain on Oct feature snapshot',
      'jira: MLGOV-123',
      `manifest digest being approved: ${view.board.release.manifestDigest}`,
      expect.stringMatching(/^regressions: /),
      'verdict: PASS — MAE 7.77 % better than production 2.3.0',
    ]);
    expect(view.board.release.manifestDigest).not.toBe(manifestDigest(head));
    expect(view.board.release.manifestDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('has no provenance changes for a first release or an identical provenance', () => {
    expect(provenanceChangesOf(exampleManifest(), undefined)).toEqual([]);
    expect(provenanceChangesOf(exampleManifest(), exampleBaseManifest())).toEqual([]);
    expect(renderDiff(boardView(), 'text').split('\n')).toContain('provenance changes: none');
  });

  it('fails the metrics-age and windows gates it shows', () => {
    const view = boardView({
      head: (m) => {
        m.evaluation.evaluatedAt = '2026-11-01T12:00:00.000Z';
        m.evaluation.backtest!.windows = 8;
      },
    });
    const lines = renderDiff(view, 'text').split('\n');
    expect(lines).toContain('windows: 8 (min 12) ✗');
    expect(lines).toContain('metrics age: 22.0 days (max 7) ✗');
  });
});

describe('the Markdown board view', () => {
  it('has the fairness row, the provenance table and the approval lines, with the PR text made inert', () => {
    const md = renderDiff(
      boardView({
        head: (m) => {
          m.release.reason = 'Retrain <!-- hide the rest --> | tables';
          m.provenance.featureSchemaVersion = 'v3';
        },
      }),
      'markdown',
    );
    const lines = md.split('\n');
    expect(lines).toContain(
      '| bias age_band DI ratio | 0.8499 | 0.8225 | -0.0274 (min 0.8) ✓ moved toward threshold, margin 0.0225 |',
    );
    expect(lines).toContain('| feature schema version | v2 | v3 |');
    expect(lines).toContain('- release: promotion — Retrain &lt;!-- hide the rest --&gt; \\| tables');
    expect(lines).toContain('- Jira: MLGOV-123');
    expect(md).not.toContain('<!--');
  });
});
