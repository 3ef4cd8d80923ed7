import type { BiasMetricName, Threshold } from '../formats/bias-report.js';
import type { Finding } from '../formats/finding.js';
import {
  checkOf,
  type ApprovalsDetails,
  type CheckResult,
  type CheckResultOf,
  type CheckStatus,
  type ComparisonRow,
  type PromotionDetails,
  type Report,
} from '../release/report.js';
import { nextSteps } from './next-steps.js';

/**
 * The report as GitHub-flavoured Markdown: the job summary of the action and `mlgov check --format markdown`.
 * Sections: the verdict, one table row per check, the findings with their location and fix, the bias metrics
 * against their thresholds (table and mermaid `xychart-beta` chart), the promotion comparison, the approvals with
 * their corroboration and the roles still missing, and the Jira ticket with a link. Check-specific sections read the
 * checks' typed `details` (narrowed by check id): a check that gives none still gets its row and findings. Pure.
 */
export function renderMarkdown(report: Report, options: { modelName?: string } = {}): string {
  const out: string[] = [];
  out.push(`## ${verdictIcon(report)} mlgov governance gate: ${verdictWord(report)} — ${modelTitle(report)}`, '');
  out.push(...contextLines(report), '');
  out.push(...checksTable(report.checks), '');
  out.push(...findingsSection(report.checks));
  out.push(...nextStepsSection(report, options.modelName));
  const bias = checkOf(report, 'bias');
  if (bias) out.push(...biasSection(bias));
  const promotion = checkOf(report, 'promotion');
  if (promotion) out.push(...promotionSection(promotion, report));
  const approvals = checkOf(report, 'approvals');
  if (approvals) out.push(...approvalsSection(approvals));
  const jira = checkOf(report, 'jira');
  if (jira) out.push(...jiraSection(jira));
  out.push(`<sub>mlgov ${escapeText(report.tool.version)} · generated ${escapeText(report.generatedAt)}</sub>`);
  return out.join('\n') + '\n';
}

/** The Jira ticket the report judged (from the `jira` check's details), for the action's `jira-ticket` output. */
export function jiraTicketOf(
  report: Pick<Report, 'checks'>,
): { key: string; url?: string; status?: string } | undefined {
  const details = checkOf(report, 'jira')?.details;
  if (!details) return undefined;
  // When Jira could not be read, the ticket is still the one the manifest names (the jira check keeps it).
  const key = nonEmpty(details.issue?.key) ?? nonEmpty(details.manifestKey);
  if (!key) return undefined;
  const url = nonEmpty(details.issue?.url);
  const status = nonEmpty(details.issue?.status);
  return { key, ...(url ? { url } : {}), ...(status ? { status } : {}) };
}

// ---------------------------------------------------------------------------------------------------------------
// Verdict and checks

const STATUS_ICON: Record<CheckStatus, string> = { pass: '✅', fail: '❌', warn: '⚠️', skip: '⏭️' };
const SEVERITY_ICON: Record<Finding['severity'], string> = { error: '❌', warning: '⚠️', notice: 'ℹ️' };

function verdictIcon(report: Report): string {
  if (!report.judged) return '⛔';
  return report.verdict === 'pass' ? (report.forced ? '⚠️' : '✅') : '❌';
}

function verdictWord(report: Report): string {
  if (!report.judged) return 'could not judge';
  if (report.verdict === 'fail') return 'failed';
  return report.forced ? 'passed (forced promotion)' : 'passed';
}

function modelTitle(report: Report): string {
  const { name, version } = report.model;
  return name ? `\`${escapeCode(name)}\` ${escapeText(version ?? '')}`.trim() : 'release';
}

function contextLines(report: Report): string[] {
  const lines: string[] = [];
  const errors = countSeverity(report, 'error');
  const warnings = countSeverity(report, 'warning');
  lines.push(
    `**Verdict:** ${verdictWord(report)} · ${errors} error${errors === 1 ? '' : 's'} · ${warnings} warning${warnings === 1 ? '' : 's'}`,
  );
  if (report.base) {
    const baseVersion = report.model.baseVersion
      ? `production release ${escapeText(report.model.baseVersion)} at `
      : '';
    lines.push(
      `**Compared with:** ${baseVersion}\`${escapeCode(report.base.ref)}\` (\`${report.base.commit.slice(0, 12)}\`)`,
    );
  }
  lines.push(`**Policy:** ${policyText(report.policySource)}`);
  if (report.asOf)
    lines.push(`**Time rules judged as of:** ${escapeText(report.asOf.at)} — ${escapeText(report.asOf.reason)}`);
  if (report.forced)
    lines.push(
      '**Forced promotion:** failing promotion gates were turned into warnings by a forced release; it is flagged for audit.',
    );
  if (report.offline) lines.push('**Offline:** Jira and GitHub were not consulted; those checks were skipped.');
  if (!report.judged)
    lines.push(
      '> [!CAUTION]\n> The gate could not judge this release (see the findings marked *could not judge*). Nothing is assumed to pass.',
    );
  return lines;
}

function policyText(source: Report['policySource']): string {
  switch (source) {
    case 'base':
      return 'read from the base revision (a pull request cannot loosen its own gate)';
    case 'working-tree':
      return 'read from the working tree (the base revision has no policy)';
    case 'default':
      return 'built-in defaults (no policy file found)';
  }
}

function countSeverity(report: Report, severity: Finding['severity']): number {
  return report.checks.reduce((n, c) => n + c.findings.filter((f) => f.severity === severity).length, 0);
}

function checksTable(checks: CheckResult[]): string[] {
  const rows = ['| | Check | Result | Findings |', '|---|---|---|---|'];
  for (const c of checks) {
    const counts = (['error', 'warning', 'notice'] as const)
      .map((s) => [s, c.findings.filter((f) => f.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`)
      .join(', ');
    rows.push(`| ${STATUS_ICON[c.status]} | \`${c.id}\` | ${cell(c.summary)} | ${counts || '—'} |`);
  }
  return rows;
}

/** Every finding is listed here; the annotations stop after GitHub's limit, this list does not (up to a cap). */
const MAX_FINDINGS_LISTED = 200;

function findingsSection(checks: CheckResult[]): string[] {
  const all = checks.flatMap((c) => c.findings.map((f) => ({ check: c.id, f })));
  if (all.length === 0) return [];
  const out = ['### Findings', ''];
  for (const { check, f } of all.slice(0, MAX_FINDINGS_LISTED)) {
    const where = f.file
      ? ` \`${escapeCode(locationOf(f))}\`${f.pointer ? ` (\`${escapeCode(f.pointer || '/')}\`)` : ''}`
      : '';
    const judged = f.indeterminate ? ' *could not judge*' : '';
    out.push(`- ${SEVERITY_ICON[f.severity]} **${f.code}** [${check}]${where}${judged}: ${withCodeSpans(f.message)}`);
    if (f.fix) out.push(`  - **Fix:** ${withCodeSpans(f.fix)}`);
  }
  if (all.length > MAX_FINDINGS_LISTED)
    out.push(`- … and ${all.length - MAX_FINDINGS_LISTED} more (see the JSON or SARIF report).`);
  out.push('');
  return out;
}

/** When several things must change: the order that undoes no work (src/render/next-steps.ts). */
function nextStepsSection(report: Report, modelName: string | undefined): string[] {
  const steps = nextSteps(report, modelName);
  if (steps.length < 2) return [];
  return ['### Next steps, in this order', '', ...steps.map((s) => withCodeSpans(s)), ''];
}

function locationOf(f: Pick<Finding, 'file' | 'line' | 'column'>): string {
  if (!f.file) return '';
  if (f.line === undefined) return f.file;
  return `${f.file}:${f.line}${f.column !== undefined ? `:${f.column}` : ''}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Bias

const METRIC_SHORT: Record<BiasMetricName, string> = {
  demographic_parity_difference: 'DPD',
  disparate_impact_ratio: 'DI ratio',
  equalized_odds_difference: 'EOD',
  false_positive_rate_difference: 'FPR diff',
  true_positive_rate_difference: 'TPR diff',
};

function describeThreshold(t: Threshold | undefined): string {
  if (!t) return '—';
  const parts = [t.min !== undefined ? `≥ ${t.min}` : '', t.max !== undefined ? `≤ ${t.max}` : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' and ') : '—';
}

function formatNumber(v: number | null | undefined): string {
  if (v === undefined) return '—';
  if (v === null) return 'null';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

/**
 * How much of its threshold a metric uses, in percent: value/max for an upper bound, min/value for a lower bound
 * (a disparate impact ratio of 0.94 against a minimum of 0.8 uses 85%). Over 100% fails. Putting every metric on
 * this one scale lets a single chart show a difference near 0 and a ratio near 1 against their limits.
 */
export function thresholdUsePct(value: number, t: Threshold): number | undefined {
  const uses: number[] = [];
  if (t.max !== undefined) uses.push(t.max === 0 ? (value > 0 ? 200 : 0) : (value / t.max) * 100);
  if (t.min !== undefined) uses.push(value <= 0 ? 200 : (t.min / value) * 100);
  if (uses.length === 0) return undefined;
  return Math.min(200, Math.max(0, Math.round(Math.max(...uses) * 10) / 10));
}

function biasSection(check: CheckResultOf<'bias'>): string[] {
  const rows = check.details?.rows ?? [];
  if (rows.length === 0) return [];
  const out = ['### Bias metrics against thresholds', ''];
  out.push(
    '| Attribute | Metric | Reported | Recomputed | Threshold | Groups (lowest → highest) | |',
    '|---|---|---|---|---|---|---|',
  );
  for (const r of rows) {
    const recomputed =
      r.recomputed !== undefined
        ? formatNumber(r.recomputed)
        : r.undefinedReason
          ? `undefined: ${r.undefinedReason}`
          : '—';
    const groups = r.lowGroup && r.highGroup ? `${r.lowGroup} → ${r.highGroup}` : '—';
    const icon = r.status === 'pass' ? '✅' : r.status === 'fail' ? '❌' : r.status === 'warn' ? '⚠️' : 'ℹ️';
    out.push(
      `| ${cell(r.attribute)} | ${cell(r.metric)} | ${formatNumber(r.reported)} | ${cell(recomputed)} | ${describeThreshold(r.threshold)} | ${cell(groups)} | ${icon} |`,
    );
  }
  out.push('');
  const attributes = [...new Set(rows.map((r) => r.attribute))];
  for (const attribute of attributes) {
    const charted = rows.flatMap((r) => {
      if (r.attribute !== attribute || r.recomputed === undefined || !r.threshold) return [];
      const pct = thresholdUsePct(r.recomputed, r.threshold);
      return pct === undefined ? [] : [{ label: METRIC_SHORT[r.metric] ?? r.metric, pct }];
    });
    if (charted.length === 0) continue;
    const top = Math.max(120, Math.ceil(Math.max(...charted.map((c) => c.pct)) / 10) * 10);
    out.push(
      '```mermaid',
      'xychart-beta',
      `  title "${chartText(attribute)}: % of threshold used (bars; over the 100% line fails)"`,
      `  x-axis [${charted.map((c) => `"${chartText(c.label)}"`).join(', ')}]`,
      `  y-axis "% of threshold" 0 --> ${top}`,
      `  bar [${charted.map((c) => c.pct).join(', ')}]`,
      `  line [${charted.map(() => 100).join(', ')}]`,
      '```',
      '',
    );
  }
  const excludedText = (check.details?.excludedGroups ?? []).map(
    (e) => `\`${escapeCode(e.attribute)}=${escapeCode(e.group)}\` (${escapeText(e.reason || 'excluded')})`,
  );
  if (excludedText.length > 0) out.push(`Groups left out of the spread: ${excludedText.join(', ')}.`, '');
  const reviewer = check.details?.reviewer;
  if (reviewer?.approver) {
    const counted = reviewer.counted;
    out.push(
      `Fairness review: ${counted ? '✅' : '❌'} **${escapeText(reviewer.approver)}**${counted ? ' approved exactly this report' : ` does not count${reviewer.reason ? ` (${escapeText(reviewer.reason)})` : ''}`}.`,
      '',
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Promotion

function promotionSection(check: CheckResultOf<'promotion'>, report: Report): string[] {
  const details = check.details;
  if (!details) return [];
  const out = [
    `### Promotion: challenger ${escapeText(report.model.version ?? '?')} vs production ${escapeText(report.model.baseVersion ?? '?')}`,
    '',
  ];
  if (details.rows && details.rows.length > 0) out.push(...comparisonTable(details.rows), '');
  const facts = promotionFacts(details);
  if (facts.length > 0) {
    for (const [k, v] of facts) out.push(`- **${escapeText(k)}:** ${escapeText(String(v))}`);
    out.push('');
  }
  return out.length > 2 ? out : [];
}

/** The promotion's one-value facts, in the order the check records them (`forced` first). */
function promotionFacts(d: PromotionDetails): Array<[string, string | boolean]> {
  const facts: Array<[string, string | boolean | undefined]> = [
    ['forced', d.forced],
    ['declaredType', d.declaredType],
    ['derivation', d.derivation],
    ['releaseType', d.releaseType],
    ['comparisonSkipped', d.comparisonSkipped],
  ];
  return facts.filter((f): f is [string, string | boolean] => f[1] !== undefined);
}

const COMPARISON_COLUMNS = ['metric', 'production', 'challenger', 'change'] as const;

/** The challenger-vs-production table; a column shows once some row has a value for it (in order of appearance). */
function comparisonTable(rows: ComparisonRow[]): string[] {
  const columns = [...new Set(rows.flatMap((r) => COMPARISON_COLUMNS.filter((c) => r[c] !== undefined)))];
  const out = [`| ${columns.map(cell).join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`];
  for (const r of rows) {
    out.push(
      `| ${columns
        .map((c) => {
          const v = r[c];
          return cell(v === undefined ? '—' : typeof v === 'number' ? formatNumber(v) : v);
        })
        .join(' | ')} |`,
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Approvals

interface ApproverView {
  login: string;
  role?: string;
  counted?: boolean;
  /** True/false when corroboration was checked; undefined when not asked for or not known. */
  corroborated?: boolean;
  source?: string;
  reason?: string;
}

/**
 * Who approved, from the approvals check's ledger (approver, role, source, counted, why) and whether a GitHub review
 * corroborated it (`corroboration`: checked | unavailable | unreadable | not-required).
 */
function approversOf(details: ApprovalsDetails): ApproverView[] {
  const checked = details.corroboration === 'checked';
  return details.approvals.map((a): ApproverView => {
    let corroborated = a.corroborated;
    if (corroborated === undefined && checked) {
      // A GitHub review is its own corroboration; a manifest approval is corroborated unless the ledger says not.
      corroborated = a.source === 'github-review' ? true : !(a.reason ?? '').includes('not corroborated');
    }
    return {
      login: a.approver,
      ...(a.role ? { role: a.role } : {}),
      counted: a.counted,
      ...(corroborated !== undefined ? { corroborated } : {}),
      source: a.source,
      ...(a.reason ? { reason: a.reason } : {}),
    };
  });
}

function missingRolesOf(details: ApprovalsDetails): string[] {
  return details.missingRoles.map((m) => `${m.role} (${m.missing} more)`);
}

const CORROBORATION_TEXT: Partial<Record<ApprovalsDetails['corroboration'], string>> = {
  checked: 'Each manifest approval was checked against an APPROVED GitHub review on the head commit.',
  unavailable: 'The policy asks for GitHub-review corroboration, but the reviews were not known here.',
  'not-required': 'The policy does not ask for GitHub-review corroboration.',
};

function approvalsSection(check: CheckResultOf<'approvals'>): string[] {
  const details = check.details;
  if (!details) return [];
  const approvers = approversOf(details);
  const missing = missingRolesOf(details);
  if (approvers.length === 0 && missing.length === 0) return [];
  const out = ['### Approvals', ''];
  if (approvers.length > 0) {
    out.push(
      '| Approver | Role | Source | Counts | Corroborated by a GitHub review of the head commit | Note |',
      '|---|---|---|---|---|---|',
    );
    for (const a of approvers) {
      const counts = a.counted === undefined ? '—' : a.counted ? '✅' : '❌';
      const corroborated = a.corroborated === undefined ? '—' : a.corroborated ? '✅' : '❌';
      out.push(
        `| ${cell(a.login)} | ${cell(a.role ?? '—')} | ${cell(a.source ?? '—')} | ${counts} | ${corroborated} | ${cell(a.reason ?? '—')} |`,
      );
    }
    out.push('');
  }
  const corroboration = CORROBORATION_TEXT[details.corroboration];
  if (corroboration) out.push(corroboration, '');
  out.push(
    missing.length > 0
      ? `**Still missing:** ${missing.map(escapeText).join(', ')}`
      : '**All required roles have approved.**',
    '',
  );
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Jira

function jiraSection(check: CheckResultOf<'jira'>): string[] {
  const ticket = jiraTicketOf({ checks: [check] });
  if (!ticket) return [];
  const key = ticket.url
    ? `[${escapeText(ticket.key)}](${ticket.url.replace(/[()\s]/g, encodeURIComponent)})`
    : `\`${escapeCode(ticket.key)}\``;
  const status = ticket.status ? ` — status **${escapeText(ticket.status)}**` : '';
  return ['### Jira', '', `Ticket ${key}${status} ${STATUS_ICON[check.status]}`, ''];
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown plumbing

function nonEmpty(v: string | null | undefined): string | undefined {
  return v ? v : undefined;
}

/**
 * Text from the report (messages, summaries, logins) is data, not markup: a manifest field must not be able to
 * inject HTML or links into the summary. Escapes Markdown's active characters and HTML.
 */
export function escapeText(text: string): string {
  return text
    .replace(/[\\`*_{}[\]<>|#!~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`))
    .replace(/\r?\n/g, ' ');
}

/**
 * Messages and fixes write commands as `mlgov check`: render each balanced pair as a code span (escaped as code),
 * and everything else as escaped text, so the summary shows code, not literal backticks. A code span cannot carry a
 * link, HTML or a workflow command, so a backtick pair in PR-controlled text gains nothing; every backtick that is
 * not one of the pairs is escaped, so no span can open where this function did not open one.
 */
export function withCodeSpans(text: string, codeOf: (code: string) => string = escapeCode): string {
  const out: string[] = [];
  let last = 0;
  for (const m of text.matchAll(/`([^`\r\n]+)`/g)) {
    out.push(escapeText(text.slice(last, m.index)), `\`${codeOf(m[1]!)}\``);
    last = m.index + m[0].length;
  }
  out.push(escapeText(text.slice(last)));
  return out.join('');
}

/** Inside a code span only a backtick can end it. */
function escapeCode(text: string): string {
  return text.replace(/`/g, "'").replace(/\r?\n/g, ' ');
}

/**
 * A table cell: code spans as in the findings, and a pipe escaped everywhere — in a GFM table a pipe ends the cell
 * even inside a code span, where `\|` stands for a literal one.
 */
function cell(text: string): string {
  return withCodeSpans(text, (code) => escapeCode(code).replace(/\|/g, '\\|'));
}

/** Labels inside mermaid strings: no quotes, brackets or line breaks. */
function chartText(text: string): string {
  return text.replace(/["[\]\r\n;]/g, ' ').trim();
}
