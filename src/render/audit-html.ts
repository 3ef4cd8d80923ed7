/**
 * The period audit as one self-contained HTML page (the shared page shell of html-page.ts: inline CSS and SVG, no
 * fetches): verdict, a timeline of the releases in force, a chart of the bias metrics over the releases, and the
 * release table with each release's problems. Pure.
 */
import type { BiasMetricName } from '../formats/bias-report.js';
import type { AuditReport } from '../evidence/period-audit.js';
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
  type Tone,
} from './html-page.js';

const METRICS: Array<{ name: BiasMetricName; label: string }> = [
  { name: 'demographic_parity_difference', label: 'Demographic parity difference (worst attribute)' },
  { name: 'disparate_impact_ratio', label: 'Disparate impact ratio (worst attribute)' },
  { name: 'equalized_odds_difference', label: 'Equalized odds difference (worst attribute)' },
];

const tone = (pass: boolean): Tone => (pass ? 'pass' : 'fail');

/** Renders the audit page; `thresholds` are the policy's bias thresholds, drawn as lines on the charts. */
export function renderAuditHtml(
  report: AuditReport,
  thresholds: Partial<Record<BiasMetricName, { min?: number; max?: number }>> = {},
): string {
  const sections = [];
  const verdictText = `${report.verdict.toUpperCase()}: ${report.summary.releases} release(s) in force, ${report.summary.passed} passed, ${report.summary.failed} failed`;
  sections.push({
    heading: 'Verdict',
    html:
      renderCalloutHtml(
        `${renderBadgeHtml(report.verdict.toUpperCase(), tone(report.verdict === 'pass'))} ${escapeHtml(verdictText)}`,
        tone(report.verdict === 'pass'),
      ) +
      renderKeyValueHtml([
        ['Branch', `${report.ref} at ${report.commit}`],
        ['Period', `${report.period.since} to ${report.period.until}`],
        [
          'Audit log',
          report.auditLog.ok
            ? `intact (${report.auditLog.events} events)`
            : `broken at line ${report.auditLog.line}: ${report.auditLog.problem ?? ''}`,
        ],
      ]),
  });
  if (report.releases.length > 0) {
    sections.push({
      heading: 'Timeline',
      html: renderFigureHtml(
        renderTimelineSvg({
          title: 'Releases in force during the period',
          events: report.releases.map((r) => ({
            at: r.inForceFrom,
            label: `${r.version}${r.releaseType === 'rollback' ? ' (rollback)' : ''}`,
            tone: tone(r.verdict === 'pass'),
          })),
        }),
        'Each mark is the day a release reached the branch; red marks failed the audit.',
      ),
    });
    const charts = METRICS.filter((m) => report.releases.some((r) => r.bias.metrics[m.name] !== undefined)).map((m) => {
      const t = thresholds[m.name];
      return renderFigureHtml(
        renderBarChartSvg({
          title: m.label,
          bars: report.releases.map((r) => ({
            label: `${r.version} (${r.inForceFrom.slice(0, 10)})`,
            value: r.bias.metrics[m.name] ?? null,
            tone: tone(r.bias.verdict === 'approved'),
          })),
          thresholds: [
            ...(t?.max !== undefined ? [{ value: t.max, label: 'max', tone: 'fail' as const }] : []),
            ...(t?.min !== undefined ? [{ value: t.min, label: 'min', tone: 'fail' as const }] : []),
          ],
        }),
        m.label,
      );
    });
    sections.push({
      heading: 'Bias metrics over releases',
      html: charts.length > 0 ? charts.join('\n') : '<p>No bias metrics were reported.</p>',
    });
    sections.push({
      heading: 'Releases',
      html: renderTableHtml({
        columns: [
          'Version',
          'Type',
          'In force from',
          'Until',
          'Merge commit',
          'Jira',
          'Approvers',
          'Bias',
          'Checksums',
          'Archive',
          'Log events',
          'Verdict',
        ],
        rows: report.releases.map((r) => [
          r.version,
          r.releaseType,
          // Dates only: the full times are in the JSON and CSV; the table must fit a printed page.
          r.inForceFrom.slice(0, 10),
          r.inForceUntil?.slice(0, 10) ?? 'in force',
          r.commit.slice(0, 12),
          r.jira ?? '—',
          r.approvers.join(', ') || 'none',
          { html: renderBadgeHtml(r.bias.verdict, tone(r.bias.verdict === 'approved')) },
          { html: renderBadgeHtml(r.checksumRecord, tone(r.checksumRecord === 'present')) },
          {
            html: renderBadgeHtml(
              r.archive.status,
              r.archive.status === 'not-due' ? 'neutral' : tone(r.archive.status === 'intact'),
            ),
          },
          r.events.map((e) => `#${e.seq} ${e.action}`).join(', ') || 'none',
          { html: renderBadgeHtml(r.verdict.toUpperCase(), tone(r.verdict === 'pass')) },
        ]),
      }),
    });
    const failing = report.releases.filter((r) => r.verdict === 'fail');
    if (failing.length > 0) {
      sections.push({
        heading: 'Problems',
        html: `<ul>${failing
          .map(
            (r) =>
              `<li><strong>${escapeHtml(`${r.model} ${r.version}`)}</strong> (${escapeHtml(r.commit.slice(0, 12))}): ${escapeHtml(r.problems.join('; '))}</li>`,
          )
          .join('')}</ul>`,
      });
    }
  } else {
    sections.push({ heading: 'Releases', html: '<p>No release was in force during the period.</p>' });
  }
  return renderHtmlPage({
    title: `Governance audit ${report.period.since.slice(0, 10)} – ${report.period.until.slice(0, 10)}`,
    subtitle: `${report.ref} at ${report.commit.slice(0, 12)}`,
    sections,
    footer: `Generated by mlgov ${report.tool.version} at ${report.generatedAt}`,
  });
}
