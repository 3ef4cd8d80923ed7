/**
 * The model card (`mlgov card`): what the governance board and auditors read about one release. Built from the
 * manifest, its evaluation, the bias report, the approvals and (when the gate ran) its verdict. Pure: documents in,
 * Markdown or a self-contained HTML page out.
 */
import type { BiasMetricName, BiasReport, GroupRates } from '../formats/bias-report.js';
import type { Manifest } from '../formats/manifest.js';
import type { CheckStatus } from '../release/report.js';
import {
  approvalViews,
  BIAS_METRIC_LABELS,
  compareMetrics,
  describeThreshold,
  effectiveBiasThresholds,
  fairnessMetricRows,
  jiraSignOffView,
  releaseDigests,
  type ApprovalView,
  type FairnessMetricRow,
  type MetricComparison,
  type ReleaseDocuments,
  type ThresholdStanding,
} from '../export/release-view.js';
import {
  escapeHtml,
  renderBadgeHtml,
  renderBarChartSvg,
  renderCalloutHtml,
  renderFigureHtml,
  renderHtmlPage,
  renderKeyValueHtml,
  renderTableHtml,
  renderTimelineSvg,
  type HtmlSection,
  type TimelineEvent,
  type Tone,
} from './html-page.js';

/** Everything a model card shows; `generatedAt` and `toolVersion` are passed in so rendering stays pure. */
export interface CardInput extends ReleaseDocuments {
  /** ISO 8601 time the card is generated (shown in the footer). */
  generatedAt: string;
  toolVersion: string;
}

const STANDING_TEXT: Record<ThresholdStanding, string> = {
  within: 'within threshold',
  beyond: 'beyond threshold',
  undefined: 'undefined',
  'no-threshold': 'no threshold',
};
const STANDING_TONE: Record<ThresholdStanding, Tone> = {
  within: 'pass',
  beyond: 'fail',
  undefined: 'fail',
  'no-threshold': 'neutral',
};
const STATUS_TONE: Record<CheckStatus | 'not-run', Tone> = {
  pass: 'pass',
  fail: 'fail',
  warn: 'warn',
  skip: 'neutral',
  'not-run': 'neutral',
};

/** A metric value as written (no rounding beyond 4 decimals: reports are often rounded already). */
function num(v: number | null | undefined): string {
  if (v === null || v === undefined) return 'n/a';
  if (!Number.isFinite(v)) return String(v);
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4)));
}

function pct(v: number | undefined): string {
  if (v === undefined) return '—';
  return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)} %`;
}

function bytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]} (${n} B)`;
}

function comparisonNote(c: MetricComparison): string {
  if (c.improvementPct === undefined) return c.base === undefined ? 'new' : '—';
  if (Math.abs(c.improvementPct) < 0.05) return 'unchanged';
  return `${pct(c.improvementPct)} ${c.improvementPct > 0 ? 'better' : 'worse'}`;
}

/** Groups whose size is under the policy's `minGroupSize` (shown, and left out of the gate's spread). */
function smallGroups(input: CardInput): Array<{ attribute: string; group: GroupRates }> {
  const min = input.policy?.bias.minGroupSize;
  if (min === undefined || !input.biasReport) return [];
  return input.biasReport.attributes.flatMap((a) =>
    a.groups.filter((g) => g.n < min).map((group) => ({ attribute: a.name, group })),
  );
}

function releaseTimeline(m: Manifest, r: BiasReport | undefined, approvals: ApprovalView[]): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const t = m.provenance?.training;
  if (t?.startedAt) events.push({ at: t.startedAt, label: 'training started', tone: 'neutral' });
  if (t?.finishedAt) events.push({ at: t.finishedAt, label: 'training finished', tone: 'neutral' });
  if (m.evaluation?.evaluatedAt) events.push({ at: m.evaluation.evaluatedAt, label: 'evaluated', tone: 'info' });
  if (r?.generatedAt) events.push({ at: r.generatedAt, label: 'bias report', tone: 'info' });
  for (const a of approvals) {
    events.push({
      at: a.at,
      label: `${a.decision} by ${a.approver}`,
      tone: a.decision === 'rejected' ? 'fail' : a.bound ? 'pass' : 'warn',
    });
  }
  return events;
}

function approvalStatusText(a: ApprovalView): string {
  return a.bound ? 'bound to this release' : 'names another digest (does not count)';
}

// ---------------------------------------------------------------------------------------------------- Markdown

/** Escapes text for a Markdown table cell or inline text (pipes, backslashes, emphasis, HTML). */
function md(text: string | number | null | undefined): string {
  return String(text ?? '')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/([*_`[\]<>])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

function mdTable(headers: string[], rows: string[][], numeric: boolean[] = []): string {
  const align = headers.map((_, i) => (numeric[i] ? '---:' : '---'));
  return [`| ${headers.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );
}

/** The model card as GitHub-flavoured Markdown (for a PR comment, a wiki page or the evidence bundle). */
export function renderCardMarkdown(input: CardInput): string {
  const m = input.manifest;
  const r = input.biasReport;
  const digests = releaseDigests(input);
  const approvals = approvalViews(input);
  const jira = jiraSignOffView(input);
  const out: string[] = [];
  out.push(`# Model card: ${md(m.name)} ${md(m.version)}`, '');
  if (input.report) {
    out.push(
      `> **Gate verdict: ${input.report.verdict.toUpperCase()}**${input.report.judged ? '' : ' (could not judge everything)'}` +
        `${input.report.forced ? ' — forced promotion' : ''}${input.report.offline ? ' — offline: Jira and GitHub not consulted' : ''}`,
      '',
    );
  }

  out.push('## Model details', '');
  const p = m.provenance;
  const details: Array<[string, string | undefined]> = [
    ['Name', m.name],
    ['Version', m.version],
    ['Owner', m.owner],
    ['Description', m.description],
    ['Release', `${m.release?.type}${m.release?.reason ? ` — ${m.release.reason}` : ''}`],
    ['Forced', m.release?.force ? `by ${m.release.force.by}: ${m.release.force.justification}` : undefined],
    ['Framework', p?.framework ? `${p.framework.name} ${p.framework.version}` : undefined],
    ['Feature schema', p?.featureSchemaVersion],
    ['Code', p?.code ? `${md(p.code.repository)} @ \`${md(p.code.commit)}\`` : undefined],
    [
      'Training run',
      p?.training
        ? `${p.training.pipeline} / ${p.training.runId} (by ${p.training.triggeredBy}, ${p.training.startedAt} → ${p.training.finishedAt})`
        : undefined,
    ],
    ['Run URL', p?.training?.runUrl],
  ];
  for (const [k, v] of details) if (v !== undefined && v !== '') out.push(`- **${k}:** ${k === 'Code' ? v : md(v)}`);
  out.push('');

  out.push('## Intended use', '');
  out.push(m.intendedUse ? md(m.intendedUse) : '_Not stated in the manifest (add `intendedUse`)._', '');

  out.push('## Training data', '');
  const d = p?.data;
  out.push(`- **Feature-store snapshot:** ${md(d?.featureStoreSnapshot ?? 'not declared')}`);
  if (d?.window) out.push(`- **Window:** ${md(d.window.from)} → ${md(d.window.to)}`);
  if (d?.uri) out.push(`- **URI:** ${md(d.uri)}`);
  if (d?.sha256) out.push(`- **SHA-256:** \`${d.sha256}\``);
  out.push('');

  out.push('## Metrics', '');
  const comparisons = compareMetrics(m, input.baseManifest);
  out.push(`Evaluated at ${md(m.evaluation?.evaluatedAt ?? 'unknown')}.`);
  if (input.baseManifest) {
    out.push(`Compared with the previous release **${md(input.baseManifest.version)}**.`, '');
    out.push(
      mdTable(
        ['Metric', `This release (${md(m.version)})`, `Previous (${md(input.baseManifest.version)})`, 'Change'],
        comparisons.map((c) => [md(c.name), num(c.current), num(c.base), comparisonNote(c)]),
        [false, true, true, true],
      ),
    );
  } else {
    out.push('No previous release to compare with.', '');
    out.push(
      mdTable(
        ['Metric', 'Value'],
        comparisons.map((c) => [md(c.name), num(c.current)]),
        [false, true],
      ),
    );
  }
  out.push('');

  out.push('## Fairness', '');
  if (!r) {
    out.push('_No bias report could be read._', '');
  } else {
    out.push(
      `Bias report generated ${md(r.generatedAt)}${r.generator ? ` by ${md(r.generator.name)} ${md(r.generator.version)}` : ''}` +
        `${r.dataset ? ` on ${md(r.dataset.name)}${r.dataset.rows !== undefined ? ` (${r.dataset.rows} rows)` : ''}` : ''}.` +
        ` Thresholds are the stricter of the policy's and the report's.`,
      '',
    );
    const rows = fairnessMetricRows(input);
    out.push(
      mdTable(
        ['Attribute', 'Metric', 'Value', 'Threshold', 'Result'],
        rows.map((row) => [
          md(row.attribute),
          BIAS_METRIC_LABELS[row.metric] ?? md(row.metric),
          num(row.value),
          describeThreshold(row.threshold),
          STANDING_TEXT[row.standing],
        ]),
        [false, false, true, false, false],
      ),
      '',
    );
    for (const attr of r.attributes) {
      out.push(`### ${md(attr.name)}`, '');
      out.push(
        mdTable(
          ['Group', 'n', 'Selection rate', 'TPR', 'FPR'],
          attr.groups.map((g) => [
            md(g.group),
            String(g.n),
            num(g.selectionRate),
            num(g.truePositiveRate),
            num(g.falsePositiveRate),
          ]),
          [false, true, true, true, true],
        ),
      );
      if (attr.missing !== undefined) out.push('', `${attr.missing} rows have no value for ${md(attr.name)}.`);
      out.push('');
    }
  }

  out.push('## Limitations', '');
  const limits = [...(m.limitations ?? []).map(md), ...smallGroupNotes(input).map(md)];
  out.push(
    limits.length > 0 ? limits.map((l) => `- ${l}`).join('\n') : '_None stated in the manifest (add `limitations`)._',
    '',
  );

  out.push('## Approvals and sign-off', '');
  if (approvals.length === 0) out.push('_No approvals recorded._');
  else
    out.push(
      mdTable(
        ['Document', 'Approver', 'Role', 'Decision', 'At', 'Digest', 'Note'],
        approvals.map((a) => [
          a.target,
          md(a.approver),
          md(a.role),
          a.decision,
          md(a.at),
          approvalStatusText(a),
          md(a.note ?? ''),
        ]),
      ),
    );
  out.push('', `- **Jira:** ${md(jira.key)} (jira check: ${jira.status}) — ${md(jira.summary)}`);
  if (input.report) {
    out.push(
      '',
      mdTable(
        ['Check', 'Status', 'Summary'],
        input.report.checks.map((c) => [c.id, c.status, md(c.summary)]),
      ),
    );
    const problems = gateProblems(input);
    if (problems.length > 0) {
      out.push('', 'Findings:', '');
      for (const f of problems) out.push(`- **${f.severity}** \`${f.code}\` (${f.check}): ${md(f.message)}`);
    }
  }
  out.push('');

  out.push('## Integrity', '');
  out.push(
    mdTable(
      ['Artifact', 'Size (bytes)', 'SHA-256'],
      (m.artifacts ?? []).map((a) => [md(a.path), String(a.size), `\`${a.sha256}\``]),
      [false, true, false],
    ),
    '',
  );
  out.push(`- **Manifest digest:** \`${digests.manifestDigest}\` (RFC 8785 canonical JSON without \`approvals\`)`);
  out.push(`- **Bias report file:** ${md(m.biasReport?.path)} \`sha256:${m.biasReport?.sha256}\``);
  if (digests.reportDigest) out.push(`- **Bias report digest:** \`${digests.reportDigest}\``);
  if (digests.policyDigest) out.push(`- **Policy digest:** \`${digests.policyDigest}\``);
  out.push('', `---`, `Generated by mlgov ${md(input.toolVersion)} at ${md(input.generatedAt)}.`, '');
  return out.join('\n');
}

function smallGroupNotes(input: CardInput): string[] {
  const min = input.policy?.bias.minGroupSize;
  return smallGroups(input).map(
    ({ attribute, group }) =>
      `Group "${group.group}" of ${attribute} has ${group.n} rows (under the minimum of ${min}): its rates are shown but not judged.`,
  );
}

/** Most findings a card lists; the full list is `mlgov check`'s job. */
const MAX_CARD_FINDINGS = 20;

/** The gate's errors and warnings, for the board to see why a release fails without running the gate. */
function gateProblems(input: CardInput): Array<{ check: string; severity: string; code: string; message: string }> {
  return (input.report?.checks ?? [])
    .flatMap((c) =>
      c.findings
        .filter((f) => f.severity !== 'notice')
        .map((f) => ({ check: c.id, severity: f.severity, code: f.code, message: f.message })),
    )
    .slice(0, MAX_CARD_FINDINGS);
}

// -------------------------------------------------------------------------------------------------------- HTML

function gateProblemsHtml(input: CardInput): string {
  const problems = gateProblems(input);
  if (problems.length === 0) return '';
  return renderTableHtml({
    caption: 'Findings',
    columns: ['Severity', 'Code', 'Check', 'Message'],
    rows: problems.map((f) => [
      { html: renderBadgeHtml(f.severity, f.severity === 'error' ? 'fail' : 'warn') },
      { html: `<code>${escapeHtml(f.code)}</code>` },
      f.check,
      f.message,
    ]),
  });
}

/** The model card as one self-contained HTML page (inline CSS and SVG, printable). */
export function renderCardHtml(input: CardInput): string {
  const m = input.manifest;
  const r = input.biasReport;
  const digests = releaseDigests(input);
  const approvals = approvalViews(input);
  const jira = jiraSignOffView(input);
  const p = m.provenance;
  const sections: HtmlSection[] = [];
  const code = (s: string | undefined): { html: string } | undefined =>
    s === undefined ? undefined : { html: `<code>${escapeHtml(s)}</code>` };

  // Summary: the verdict first, because that is what the board looks for.
  const verdict = input.report
    ? renderCalloutHtml(
        `<strong>Gate verdict:</strong> ${renderBadgeHtml(input.report.verdict.toUpperCase(), input.report.verdict === 'pass' ? 'pass' : 'fail')}` +
          (input.report.judged ? '' : ` ${renderBadgeHtml('could not judge everything', 'warn')}`) +
          (input.report.forced ? ` ${renderBadgeHtml('forced promotion', 'warn')}` : '') +
          (input.report.offline ? ` <span class="muted">offline: Jira and GitHub were not consulted</span>` : ''),
        input.report.verdict === 'pass' ? 'pass' : 'fail',
      )
    : renderCalloutHtml(
        '<span class="muted">The gate was not run for this card; see approvals and checks below.</span>',
      );
  sections.push({
    heading: 'Model details',
    html:
      verdict +
      renderKeyValueHtml([
        ['Name', m.name],
        ['Version', m.version],
        ['Owner', m.owner],
        ['Description', m.description],
        [
          'Release',
          { html: `${renderBadgeHtml(m.release?.type ?? 'unknown', 'info')} ${escapeHtml(m.release?.reason)}` },
        ],
        [
          'Forced',
          m.release?.force
            ? {
                html: `${renderBadgeHtml('forced', 'warn')} by ${escapeHtml(m.release.force.by)}: ${escapeHtml(m.release.force.justification)}`,
              }
            : undefined,
        ],
        ['Framework', p?.framework ? `${p.framework.name} ${p.framework.version}` : undefined],
        ['Feature schema', p?.featureSchemaVersion],
        [
          'Code',
          p?.code
            ? { html: `${escapeHtml(p.code.repository)} @ <code>${escapeHtml(p.code.commit)}</code>` }
            : undefined,
        ],
        [
          'Training run',
          p?.training
            ? `${p.training.pipeline} / ${p.training.runId}, triggered by ${p.training.triggeredBy}`
            : undefined,
        ],
        ['Run URL', p?.training?.runUrl ? { html: link(p.training.runUrl) } : undefined],
        ['Trained', p?.training ? `${p.training.startedAt} → ${p.training.finishedAt}` : undefined],
      ]),
  });

  sections.push({
    heading: 'Intended use',
    html: m.intendedUse
      ? `<p>${escapeHtml(m.intendedUse)}</p>`
      : `<p class="muted">Not stated in the manifest (add <code>intendedUse</code>).</p>`,
  });

  const d = p?.data;
  sections.push({
    heading: 'Training data',
    html: renderKeyValueHtml([
      ['Feature-store snapshot', d?.featureStoreSnapshot ?? 'not declared'],
      ['Window', d?.window ? `${d.window.from} → ${d.window.to}` : undefined],
      ['URI', code(d?.uri)],
      ['SHA-256', code(d?.sha256)],
    ]),
  });

  sections.push({ heading: 'Metrics', html: metricsHtml(input) });
  sections.push({
    heading: 'Fairness',
    html: r ? fairnessHtml(input, r) : '<p class="muted">No bias report could be read.</p>',
  });

  const limits = [...(m.limitations ?? []), ...smallGroupNotes(input)];
  sections.push({
    heading: 'Limitations',
    html:
      limits.length > 0
        ? `<ul>${limits.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`
        : '<p class="muted">None stated in the manifest (add <code>limitations</code>).</p>',
  });

  const approvalTable =
    approvals.length === 0
      ? renderCalloutHtml('No approvals recorded.', 'warn')
      : renderTableHtml({
          columns: ['Document', 'Approver', 'Role', 'Decision', 'At', 'Digest', 'Note'],
          rows: approvals.map((a) => [
            a.target,
            a.approver,
            a.role,
            { html: renderBadgeHtml(a.decision, a.decision === 'approved' ? 'pass' : 'fail') },
            { html: `<span class="nowrap">${escapeHtml(a.at)}</span>` },
            {
              html: `${renderBadgeHtml(a.bound ? 'bound' : 'stale', a.bound ? 'pass' : 'warn')} <span class="mono muted" title="${escapeHtml(a.digest)}">${escapeHtml(a.digest.slice(0, 19))}…</span>`,
            },
            a.note ?? '',
          ]),
        });
  const checks = input.report
    ? renderTableHtml({
        caption: 'Gate checks',
        columns: ['Check', 'Status', 'Summary'],
        rows: input.report.checks.map((c) => [
          c.id,
          { html: renderBadgeHtml(c.status, STATUS_TONE[c.status]) },
          c.summary,
        ]),
      }) + gateProblemsHtml(input)
    : '';
  sections.push({
    heading: 'Approvals and sign-off',
    html:
      approvalTable +
      renderKeyValueHtml([
        [
          'Jira',
          {
            html: `<strong>${escapeHtml(jira.key)}</strong> ${renderBadgeHtml(jira.status, STATUS_TONE[jira.status])} ${escapeHtml(jira.summary)}`,
          },
        ],
      ]) +
      checks,
  });

  const events = releaseTimeline(m, r, approvals);
  if (events.length > 0) {
    sections.push({
      heading: 'Timeline',
      html: renderFigureHtml(
        renderTimelineSvg({ title: `Timeline of ${m.name} ${m.version}`, events, width: 940 }),
        'Training, evaluation, fairness review and approvals, in time order.',
      ),
    });
  }

  sections.push({
    heading: 'Integrity',
    html:
      renderTableHtml({
        columns: ['Artifact', { label: 'Size', numeric: true }, 'SHA-256'],
        rows: (m.artifacts ?? []).map((a) => [
          a.path,
          { html: escapeHtml(bytes(a.size)), numeric: true },
          { html: `<code>${escapeHtml(a.sha256)}</code>` },
        ]),
      }) +
      renderKeyValueHtml([
        ['Manifest digest', code(digests.manifestDigest)],
        [
          'Bias report file',
          m.biasReport
            ? { html: `${escapeHtml(m.biasReport.path)}<br><code>sha256:${escapeHtml(m.biasReport.sha256)}</code>` }
            : undefined,
        ],
        ['Bias report digest', code(digests.reportDigest)],
        ['Policy digest', code(digests.policyDigest)],
      ]) +
      `<p class="muted">Digests are <code>sha256:</code> of the RFC 8785 canonical JSON; the manifest and bias report digests leave out <code>approvals</code>, so an approval names exactly the document it approved.</p>`,
  });

  return renderHtmlPage({
    title: `Model card: ${m.name} ${m.version}`,
    subtitle: [
      m.owner ? `Owner ${m.owner}` : undefined,
      m.release ? `${m.release.type} release` : undefined,
      `Jira ${m.jira}`,
    ]
      .filter((s) => s !== undefined)
      .join(' · '),
    sections,
    footer: `Generated by mlgov ${input.toolVersion} at ${input.generatedAt}. Manifest ${digests.manifestDigest}.`,
  });
}

/** A link shown as its text; only http(s) URLs become clickable (a `javascript:` URL in a manifest stays text). */
function link(url: string): string {
  return /^https?:\/\//i.test(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>` : escapeHtml(url);
}

function metricsHtml(input: CardInput): string {
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
  const thresholds = input.policy?.performance.thresholds ?? {};
  const perf = Object.entries(thresholds);
  const perfNote =
    perf.length > 0
      ? `<p class="muted">Performance thresholds in the policy: ${perf
          .map(([k, t]) => `${escapeHtml(k)} ${escapeHtml(describeThreshold(t))}`)
          .join(', ')}.</p>`
      : '';
  return intro + table + perfNote;
}

function fairnessHtml(input: CardInput, r: BiasReport): string {
  const rows = fairnessMetricRows(input);
  const thresholds = effectiveBiasThresholds(input.policy, r);
  const meta = renderKeyValueHtml([
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
  const summary = renderTableHtml({
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

  // One chart per thresholded metric: a bar per attribute and the threshold as a dashed line.
  const metrics = [...new Set(rows.map((row) => row.metric))].filter((name) => thresholds[name] !== undefined);
  const charts = metrics.map((metric) => metricChart(metric, rows, thresholds[metric] ?? {}));
  const rateBars = r.attributes.flatMap((a) =>
    a.groups.map((g) => ({
      label: `${a.name}: ${g.group}`,
      value: g.selectionRate,
      tone: (input.policy && g.n < input.policy.bias.minGroupSize ? 'warn' : 'info') as Tone,
    })),
  );
  const rateChart = renderFigureHtml(
    renderBarChartSvg({ title: 'Selection rate by group', bars: rateBars, width: 940 }),
    'Selection rate (share predicted positive) per group; amber bars are groups under the minimum group size.',
  );
  const groupTables = r.attributes
    .map(
      (a) =>
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
            {
              html:
                escapeHtml(g.group) +
                (input.policy && g.n < input.policy.bias.minGroupSize
                  ? ` ${renderBadgeHtml('small group', 'warn')}`
                  : ''),
            },
            g.n,
            { html: num(g.selectionRate), numeric: true },
            { html: num(g.truePositiveRate), numeric: true },
            { html: num(g.falsePositiveRate), numeric: true },
          ]),
        }) +
        (a.missing !== undefined
          ? `<p class="muted">${a.missing} rows have no value for ${escapeHtml(a.name)}.</p>`
          : ''),
    )
    .join('');
  const gate = input.report?.checks.find((c) => c.id === 'bias');
  const gateNote = gate
    ? `<p>Gate <code>bias</code> check: ${renderBadgeHtml(gate.status, STATUS_TONE[gate.status])} ${escapeHtml(gate.summary)}</p>`
    : `<p class="muted">Values as reported; the gate's <code>bias</code> check recomputes them from the group rates.</p>`;
  return meta + gateNote + summary + `<div class="grid-2">${charts.join('')}</div>` + rateChart + groupTables;
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
