/**
 * The parts of the board's view (`export/board-view.ts`) that `mlgov diff` adds to its metrics table: each fairness
 * metric against its threshold with its change since production and the margin left, the windows and metrics-age
 * gates, the seasonal rule, the provenance changes, and what the board approves (reason, ticket, manifest digest).
 * Pure: facts in, lines out; `render/diff.ts` places them.
 */
import { thresholdText } from '../checks/promotion-comparison.js';
import type { BoardFacts, FairnessGate, ProvenanceChange } from '../export/board-view.js';

/** The hidden first line of the action's pull-request comment, by which it finds its own comment again. */
export const BOARD_VIEW_MARKER = '<!-- mlgov:board-view -->';

const num = (v: number | undefined): string => (v === undefined ? '—' : String(Math.round(v * 1e4) / 1e4));
const mark = (met: boolean): string => (met ? '✓' : '✗');

/**
 * The change column of a fairness row: the change since production, the threshold with ✓/✗, and the warning when the
 * value moved toward its threshold, e.g. `-0.0274 (min 0.8) ✓ moved toward threshold, margin 0.0225`.
 */
export function fairnessChangeText(g: FairnessGate): string {
  const change = g.change === undefined ? '' : g.change === 0 ? 'same' : `${g.change > 0 ? '+' : ''}${g.change}`;
  const t = thresholdText(g.threshold);
  const parts = [change];
  if (t) parts.push(`(${t}) ${g.standing === 'within' ? '✓' : '✗'}`);
  if (g.standing === 'beyond') parts.push(`beyond it by ${num(Math.abs(g.margin ?? 0))}`);
  else if (g.towardThreshold) parts.push(`moved toward threshold, margin ${num(g.margin)}`);
  return parts.filter(Boolean).join(' ');
}

/**
 * The fairness regressions for the `regressions:` line: a metric beyond its threshold, or one that moved toward it
 * (the gate passes it, the board should see the headroom lost). `label` names the row, e.g. `sex DI ratio`.
 */
export function fairnessRegressionText(g: FairnessGate, label: string): string | undefined {
  const t = thresholdText(g.threshold);
  const move = `${num(g.base)} → ${num(g.head)}`;
  if (g.standing === 'beyond') return `${label} ${num(g.head)} beyond ${t} by ${num(Math.abs(g.margin ?? 0))}`;
  if (g.standing === 'undefined' && g.threshold) return `${label} cannot be computed (${t})`;
  if (g.towardThreshold) return `${label} ${move} toward ${t} (margin ${num(g.margin)})`;
  return undefined;
}

/** The gates that are not rows of the table: windows, metrics age, the seasonal rule. */
export function gateLines(board: BoardFacts): string[] {
  const w = board.windows;
  const a = board.metricsAge;
  return [
    `windows: ${num(w.head)} (min ${w.min}) ${mark(w.met)}`,
    a.days === undefined
      ? `metrics age: unknown, evaluatedAt is missing or not a date (max ${a.maxDays} days) ✗`
      : `metrics age: ${a.days.toFixed(1)} days (max ${a.maxDays}) ${mark(a.met)}`,
    `seasons: ${board.seasonalRegressionAllowed ? 'a regression in a season is allowed by the policy' : 'a regression in any season fails the promotion'}`,
  ];
}

/** `field: production → challenger`, one per changed provenance field. */
export function provenanceLines(changes: ProvenanceChange[]): string[] {
  return changes.map((c) => `${c.field}: ${c.base} → ${c.head}`);
}

/** What the board approves: the release's type and reason, the ticket, the digest approvals are bound to. */
export function approvalLines(board: BoardFacts): string[] {
  const r = board.release;
  return [
    `release: ${r.type} — ${r.reason}`,
    ...(r.forced !== undefined ? [`force requested: ${r.forced}`] : []),
    `jira: ${r.jira}`,
    `manifest digest being approved: ${r.manifestDigest}`,
  ];
}

/** The board facts as text, after the table and the improvement line. */
export function boardTextLines(board: BoardFacts): string[] {
  const provenance = provenanceLines(board.provenance);
  return [
    ...gateLines(board),
    provenance.length > 0 ? 'provenance changes:' : 'provenance changes: none',
    ...provenance.map((l) => `  ${l}`),
    ...approvalLines(board),
  ];
}

/**
 * Text from the pull request's branch (reason, ticket, provenance) made inert in Markdown: no table break, no HTML
 * (an author's `<!--` would hide the rest of the board's view), no line break.
 */
export function inertMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, ' ');
}

/** The board facts as Markdown list items and a provenance table, after the table's improvement line. */
export function boardMarkdownLines(board: BoardFacts): string[] {
  const r = board.release;
  const provenance =
    board.provenance.length === 0
      ? ['- provenance changes: none']
      : [
          '',
          '| provenance | production | challenger |',
          '|---|---|---|',
          ...board.provenance.map((c) => `| ${c.field} | ${inertMarkdown(c.base)} | ${inertMarkdown(c.head)} |`),
          '',
        ];
  return [
    ...gateLines(board).map((l) => `- ${inertMarkdown(l)}`),
    ...provenance,
    `- release: ${inertMarkdown(r.type)} — ${inertMarkdown(r.reason)}`,
    ...(r.forced !== undefined ? [`- force requested: ${inertMarkdown(r.forced)}`] : []),
    `- Jira: ${inertMarkdown(r.jira)}`,
    `- manifest digest being approved: \`${inertMarkdown(r.manifestDigest)}\``,
  ];
}
