/**
 * `mlgov diff` output: the challenger (working tree) against production (base) as text, Markdown or JSON: MAE,
 * RMSE, windows, each season, evaluation metrics, the bias summary per attribute, the improvement, the regressions
 * and the promotion verdict. Pure: a comparison and a verdict in, text out.
 */
import type { Finding } from '../formats/finding.js';
import {
  comparisonRows,
  describeErrorChange as errorChange,
  thresholdText,
  type ReleaseComparison,
} from '../checks/promotion-comparison.js';
import type { CheckStatus } from '../release/report.js';

export interface DiffVerdict {
  /** The promotion check's status. */
  status: CheckStatus;
  summary: string;
  findings: Finding[];
  forced?: boolean;
}

export interface DiffView {
  comparison: ReleaseComparison;
  verdict: DiffVerdict;
  /** Where production came from, e.g. `main @ 1a2b3c4`. */
  baseLabel?: string;
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

/** The comparison as table rows of strings (shared by text and Markdown). */
export function diffRows(c: ReleaseComparison): Row[] {
  return comparisonRows(c).map((r) => ({
    metric: r.metric,
    production: num(r.production),
    challenger: num(r.challenger),
    change: r.change,
  }));
}

function regressions(c: ReleaseComparison): string[] {
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
  const rows = diffRows(view.comparison);
  const header: Row = { metric: 'metric', production: 'production', challenger: 'challenger', change: 'change' };
  const all = [header, ...rows];
  const w = {
    metric: Math.max(...all.map((r) => r.metric.length)),
    production: Math.max(...all.map((r) => r.production.length)),
    challenger: Math.max(...all.map((r) => r.challenger.length)),
  };
  const line = (r: Row) =>
    `${r.metric.padEnd(w.metric)}  ${r.production.padStart(w.production)}  ${r.challenger.padStart(w.challenger)}  ${r.change}`.trimEnd();
  const reg = regressions(view.comparison);
  const out = [
    heading(view),
    '',
    ...all.map(line),
    '',
    improvementLine(view.comparison),
    `regressions: ${reg.length ? reg.join('; ') : 'none'}`,
    verdictLine(view.verdict),
    ...view.verdict.findings
      .filter((f) => f.severity !== 'notice' || view.verdict.findings.length === 1)
      .map((f) => `  ${f.severity} ${f.code}: ${f.message}`),
  ];
  return out.join('\n') + '\n';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function renderMarkdownDiff(view: DiffView): string {
  const reg = regressions(view.comparison);
  const out = [
    `### ${cell(heading(view))}`,
    '',
    '| metric | production | challenger | change |',
    '|---|---:|---:|---|',
    ...diffRows(view.comparison).map(
      (r) => `| ${cell(r.metric)} | ${cell(r.production)} | ${cell(r.challenger)} | ${cell(r.change)} |`,
    ),
    '',
    `- ${cell(improvementLine(view.comparison))}`,
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
            regressions: regressions(view.comparison),
            verdict: view.verdict,
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
