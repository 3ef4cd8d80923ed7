/**
 * `mlgov diff` output: the challenger (working tree) against production (base) as text, Markdown or JSON: MAE,
 * RMSE, windows, each season, evaluation metrics, the bias summary per attribute, the improvement, the regressions
 * and the promotion verdict. With the board's facts (`export/board-view.ts`) it is the board's view: each fairness
 * metric against its threshold with the margin left, the gates, provenance changes, reason, ticket and digest.
 * Pure: a comparison and a verdict in, text out.
 */
import type { BoardFacts, BoardVerdict } from '../export/board-view.js';
import {
  comparisonRows,
  describeErrorChange as errorChange,
  thresholdText,
  type ReleaseComparison,
} from '../checks/promotion-comparison.js';
import {
  boardMarkdownLines,
  boardTextLines,
  fairnessChangeText,
  fairnessRegressionText,
  inertMarkdown,
} from './board-view.js';

/** The promotion check's verdict (status, summary, findings, forced). */
export type DiffVerdict = BoardVerdict;

export interface DiffView {
  comparison: ReleaseComparison;
  verdict: DiffVerdict;
  /** Where production came from, e.g. `main @ 1a2b3c4`. */
  baseLabel?: string;
  /** The board's facts; without them the view is the metrics table and the verdict only. */
  board?: BoardFacts;
}

export type DiffFormat = 'text' | 'markdown' | 'json';

interface Row {
  metric: string;
  production: string;
  challenger: string;
  change: string;
}

function num(v: number | undefined): string {
  if (v === undefined) return '—';
  return String(Math.round(v * 1e4) / 1e4);
}

/** comparisonRows ends with one row per `c.bias` entry, in that order; the board's fairness gates follow c.bias too. */
function firstBiasRow(rows: readonly unknown[], c: ReleaseComparison): number {
  return rows.length - c.bias.length;
}

/**
 * The comparison as table rows of strings (shared by text and Markdown). With the board's facts, each bias row's
 * change also says its threshold and whether it moved toward it.
 */
export function diffRows(c: ReleaseComparison, board?: BoardFacts): Row[] {
  const rows = comparisonRows(c);
  const firstBias = firstBiasRow(rows, c);
  return rows.map((r, i) => {
    const gate = board && i >= firstBias ? board.fairness[i - firstBias] : undefined;
    return {
      metric: r.metric,
      production: num(r.production),
      challenger: num(r.challenger),
      change: gate ? fairnessChangeText(gate) : r.change,
    };
  });
}

function regressions(c: ReleaseComparison, board?: BoardFacts): string[] {
  const out: string[] = [];
  if (c.mae.worse) out.push(`MAE ${errorChange(c.mae)}`);
  if (c.rmse.worse) out.push(`RMSE ${errorChange(c.rmse)}`);
  for (const s of c.seasons) {
    if (s.missingInHead) out.push(`season ${s.season} not evaluated`);
    if (s.mae.worse) out.push(`${s.season} MAE ${errorChange(s.mae)}`);
    if (s.rmse.worse) out.push(`${s.season} RMSE ${errorChange(s.rmse)}`);
  }
  for (const p of c.performance)
    if (p.met === false) out.push(`${p.name} ${num(p.head)} (${thresholdText(p.threshold)})`);
  if (board) {
    const rows = comparisonRows(c);
    const labels = rows.slice(firstBiasRow(rows, c));
    board.fairness.forEach((g, i) => {
      const text = fairnessRegressionText(g, labels[i]?.metric.replace(/^bias /, '') ?? `${g.attribute} ${g.metric}`);
      if (text) out.push(text);
    });
  }
  return out;
}

function improvementLine(c: ReleaseComparison): string {
  if (!c.base) return 'improvement: no production release to compare with';
  const parts = [`MAE ${errorChange(c.mae) || 'n/a'}`, `RMSE ${errorChange(c.rmse) || 'n/a'}`];
  return `improvement: ${parts.join(', ')} (MAE or RMSE must improve by at least ${c.minImprovementPct} %)`;
}

function heading(view: DiffView): string {
  const c = view.comparison;
  const prod = c.base
    ? `production ${c.base.version}${view.baseLabel ? ` (${view.baseLabel})` : ''}`
    : 'no production release';
  return `${c.head.name}: challenger ${c.head.version} (working tree) vs ${prod}`;
}

function verdictLine(v: DiffVerdict): string {
  const word = v.forced
    ? 'FORCED'
    : v.status === 'fail'
      ? 'FAIL'
      : v.status === 'warn'
        ? 'PASS with warnings'
        : v.status === 'skip'
          ? 'not judged'
          : 'PASS';
  return `verdict: ${word} — ${v.summary}`;
}

function renderText(view: DiffView): string {
  const rows = diffRows(view.comparison, view.board);
  const header: Row = { metric: 'metric', production: 'production', challenger: 'challenger', change: 'change' };
  const all = [header, ...rows];
  const w = {
    metric: Math.max(...all.map((r) => r.metric.length)),
    production: Math.max(...all.map((r) => r.production.length)),
    challenger: Math.max(...all.map((r) => r.challenger.length)),
  };
  const line = (r: Row) =>
    `${r.metric.padEnd(w.metric)}  ${r.production.padStart(w.production)}  ${r.challenger.padStart(w.challenger)}  ${r.change}`.trimEnd();
  const reg = regressions(view.comparison, view.board);
  const out = [
    heading(view),
    '',
    ...all.map(line),
    '',
    improvementLine(view.comparison),
    ...(view.board ? boardTextLines(view.board) : []),
    `regressions: ${reg.length ? reg.join('; ') : 'none'}`,
    verdictLine(view.verdict),
    ...view.verdict.findings
      .filter((f) => f.severity !== 'notice' || view.verdict.findings.length === 1)
      .map((f) => `  ${f.severity} ${f.code}: ${f.message}`),
  ];
  return out.join('\n') + '\n';
}

// The model's name, the reasons and finding messages come from the pull request's branch: made inert in Markdown.
const cell = inertMarkdown;

function renderMarkdownDiff(view: DiffView): string {
  const reg = regressions(view.comparison, view.board);
  const out = [
    `### ${cell(heading(view))}`,
    '',
    '| metric | production | challenger | change |',
    '|---|---:|---:|---|',
    ...diffRows(view.comparison, view.board).map(
      (r) => `| ${cell(r.metric)} | ${cell(r.production)} | ${cell(r.challenger)} | ${cell(r.change)} |`,
    ),
    '',
    `- ${cell(improvementLine(view.comparison))}`,
    ...(view.board ? boardMarkdownLines(view.board) : []),
    `- regressions: ${reg.length ? cell(reg.join('; ')) : 'none'}`,
    `- **${cell(verdictLine(view.verdict))}**`,
    ...view.verdict.findings.map((f) => `  - ${f.severity} \`${f.code}\`: ${cell(f.message)}`),
  ];
  return out.join('\n') + '\n';
}

/** Renders the comparison in the asked format. */
export function renderDiff(view: DiffView, format: DiffFormat): string {
  switch (format) {
    case 'json':
      return (
        JSON.stringify(
          {
            head: view.comparison.head,
            base: view.comparison.base ?? null,
            ...(view.baseLabel ? { baseLabel: view.baseLabel } : {}),
            comparison: view.comparison,
            regressions: regressions(view.comparison, view.board),
            verdict: view.verdict,
            ...(view.board ? { board: view.board } : {}),
          },
          null,
          2,
        ) + '\n'
      );
    case 'markdown':
      return renderMarkdownDiff(view);
    case 'text':
      return renderText(view);
  }
}
