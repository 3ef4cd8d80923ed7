/** The model card's HTML sections with tables and charts: metrics against the previous release, and fairness. */
import type { BiasAttribute, BiasMetricName, BiasReport } from '../../formats/bias-report.js';
import {
  BIAS_METRIC_LABELS,
  compareMetrics,
  describeThreshold,
  effectiveBiasThresholds,
  fairnessMetricRows,
  type FairnessMetricRow,
} from '../../export/release-view.js';
import {
  escapeHtml,
  renderBadgeHtml,
  renderBarChartSvg,
  renderFigureHtml,
  renderKeyValueHtml,
  renderTableHtml,
  type Tone,
} from '../html-page.js';
import { comparisonNote, num, STANDING_TEXT, STANDING_TONE, STATUS_TONE, type CardInput } from './shared.js';

export function metricsHtml(input: CardInput): string {
  const m = input.manifest;
  const base = input.baseManifest;
  const comparisons = compareMetrics(m, base);
  const intro = `<p>Evaluated at ${escapeHtml(m.evaluation?.evaluatedAt ?? 'unknown')}${
    base
      ? `; compared with the previous release <strong>${escapeHtml(base.version)}</strong>`
      : '; no previous release to compare with'
  }.</p>`;
  const table = base
    ? renderTableHtml({
        columns: [
          'Metric',
          { label: `This release (${m.version})`, numeric: true },
          { label: `Previous (${base.version})`, numeric: true },
          { label: 'Change', numeric: true },
        ],
        rows: comparisons.map((c) => [
          c.name,
          { html: num(c.current), numeric: true },
          { html: num(c.base), numeric: true },
          {
            html:
              c.improvementPct === undefined || Math.abs(c.improvementPct) < 0.05
                ? escapeHtml(comparisonNote(c))
                : renderBadgeHtml(comparisonNote(c), c.improvementPct > 0 ? 'pass' : 'fail'),
            numeric: true,
          },
        ]),
      })
    : renderTableHtml({
        columns: ['Metric', { label: 'Value', numeric: true }],
        rows: comparisons.map((c) => [c.name, { html: num(c.current), numeric: true }]),
      });
  return intro + table + performanceNoteHtml(input);
}

function performanceNoteHtml(input: CardInput): string {
  const perf = Object.entries(input.policy?.performance.thresholds ?? {});
  if (perf.length === 0) return '';
  return `<p class="muted">Performance thresholds in the policy: ${perf
    .map(([k, t]) => `${escapeHtml(k)} ${escapeHtml(describeThreshold(t))}`)
    .join(', ')}.</p>`;
}

/** The report's facts, the gate's verdict on it, the metrics against thresholds, the charts, then each group. */
export function fairnessHtml(input: CardInput, r: BiasReport): string {
  const rows = fairnessMetricRows(input);
  const thresholds = effectiveBiasThresholds(input.policy, r);
  // One chart per thresholded metric: a bar per attribute and the threshold as a dashed line.
  const metrics = [...new Set(rows.map((row) => row.metric))].filter((name) => thresholds[name] !== undefined);
  const charts = metrics.map((metric) => metricChart(metric, rows, thresholds[metric] ?? {}));
  return (
    biasReportFactsHtml(input, r) +
    biasGateNoteHtml(input) +
    fairnessSummaryHtml(rows) +
    `<div class="grid-2">${charts.join('')}</div>` +
    selectionRateChartHtml(input, r) +
    r.attributes.map((a) => groupTableHtml(input, a)).join('')
  );
}

function biasReportFactsHtml(input: CardInput, r: BiasReport): string {
  return renderKeyValueHtml([
    ['Generated', `${r.generatedAt}${r.generator ? ` by ${r.generator.name} ${r.generator.version}` : ''}`],
    [
      'Dataset',
      r.dataset ? `${r.dataset.name}${r.dataset.rows !== undefined ? ` (${r.dataset.rows} rows)` : ''}` : undefined,
    ],
    ['Dataset SHA-256', r.dataset?.sha256 ? { html: `<code>${escapeHtml(r.dataset.sha256)}</code>` } : undefined],
    ['Positive label', r.positiveLabel],
    ['Favourable label', r.favorableLabel],
    ['Minimum group size', input.policy?.bias.minGroupSize],
  ]);
}

function biasGateNoteHtml(input: CardInput): string {
  const gate = input.report?.checks.find((c) => c.id === 'bias');
  return gate
    ? `<p>Gate <code>bias</code> check: ${renderBadgeHtml(gate.status, STATUS_TONE[gate.status])} ${escapeHtml(gate.summary)}</p>`
    : `<p class="muted">Values as reported; the gate's <code>bias</code> check recomputes them from the group rates.</p>`;
}

function fairnessSummaryHtml(rows: FairnessMetricRow[]): string {
  return renderTableHtml({
    caption: 'Summary metrics per attribute (thresholds: the stricter of the policy and the report)',
    columns: ['Attribute', 'Metric', { label: 'Value', numeric: true }, 'Threshold', 'Result'],
    rows: rows.map((row) => [
      row.attribute,
      BIAS_METRIC_LABELS[row.metric] ?? row.metric,
      { html: num(row.value), numeric: true },
      describeThreshold(row.threshold),
      { html: renderBadgeHtml(STANDING_TEXT[row.standing], STANDING_TONE[row.standing]) },
    ]),
  });
}

/** True for a group under the policy's minimum group size (shown, not judged). */
function isSmall(input: CardInput, n: number): boolean {
  return input.policy !== undefined && n < input.policy.bias.minGroupSize;
}

function selectionRateChartHtml(input: CardInput, r: BiasReport): string {
  const rateBars = r.attributes.flatMap((a) =>
    a.groups.map((g) => ({
      label: `${a.name}: ${g.group}`,
      value: g.selectionRate,
      tone: (isSmall(input, g.n) ? 'warn' : 'info') as Tone,
    })),
  );
  return renderFigureHtml(
    renderBarChartSvg({ title: 'Selection rate by group', bars: rateBars, width: 940 }),
    'Selection rate (share predicted positive) per group; amber bars are groups under the minimum group size.',
  );
}

function groupTableHtml(input: CardInput, a: BiasAttribute): string {
  return (
    `<h3>${escapeHtml(a.name)}</h3>` +
    renderTableHtml({
      columns: [
        'Group',
        { label: 'n', numeric: true },
        { label: 'Selection rate', numeric: true },
        { label: 'TPR', numeric: true },
        { label: 'FPR', numeric: true },
      ],
      rows: a.groups.map((g) => [
        { html: escapeHtml(g.group) + (isSmall(input, g.n) ? ` ${renderBadgeHtml('small group', 'warn')}` : '') },
        g.n,
        { html: num(g.selectionRate), numeric: true },
        { html: num(g.truePositiveRate), numeric: true },
        { html: num(g.falsePositiveRate), numeric: true },
      ]),
    }) +
    (a.missing !== undefined ? `<p class="muted">${a.missing} rows have no value for ${escapeHtml(a.name)}.</p>` : '')
  );
}

function metricChart(
  metric: BiasMetricName,
  rows: FairnessMetricRow[],
  threshold: { min?: number; max?: number },
): string {
  const own = rows.filter((row) => row.metric === metric);
  const lines = [
    ...(threshold.min !== undefined ? [{ value: threshold.min, label: 'min' }] : []),
    ...(threshold.max !== undefined ? [{ value: threshold.max, label: 'max' }] : []),
  ];
  const label = BIAS_METRIC_LABELS[metric] ?? metric;
  // Ratios read naturally on 0..1 (and a little beyond); differences are small, so let the data set the scale.
  const isRatio = metric === 'disparate_impact_ratio';
  const svg = renderBarChartSvg({
    title: label,
    bars: own.map((row) => ({
      label: row.attribute,
      value: row.value ?? null,
      tone: STANDING_TONE[row.standing] === 'neutral' ? 'info' : STANDING_TONE[row.standing],
    })),
    thresholds: lines,
    width: 460,
    ...(isRatio ? { min: 0, max: Math.max(1, ...own.map((row) => row.value ?? 0)) } : {}),
  });
  return renderFigureHtml(svg, `${label} per attribute (threshold ${describeThreshold(threshold)}).`);
}
