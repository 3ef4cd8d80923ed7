import { describe, expect, it } from '@jest/globals';
import { escapeText, jiraTicketOf, renderMarkdown, thresholdUsePct, withCodeSpans } from '../../src/render/markdown.js';
import { failingReport, passingReport } from '../action/report-fixtures.js';

describe('renderMarkdown', () => {
  it('leads with the verdict and the model, then one row per check', () => {
    const md = renderMarkdown(failingReport());
    expect(md.split('\n')[0]).toBe('## ❌ mlgov governance gate: failed — `fraud-detection` 2.4.0');
    expect(md).toContain('**Verdict:** failed · 3 errors · 1 warning');
    expect(md).toContain('**Compared with:** production release 2.3.0 at `origin/main` (`cccccccccccc`)');
    expect(md).toContain('| ❌ | `checksums` | 1 of 2 artifacts differ | 1 error |');
    expect(md).toContain('| ✅ | `schema` | manifest, bias report and policy are valid | — |');
  });

  it('lists each finding with its location, pointer and fix', () => {
    const md = renderMarkdown(failingReport());
    expect(md).toContain(
      '- ❌ **CHECKSUM_MISMATCH** [checksums] `model/manifest.json:12:17` (`/artifacts/0/sha256`): model/weights/model.onnx has SHA-256 ab12…, the manifest declares cd34….',
    );
    // The fix's command is a code span, not literal backticks.
    expect(md).toContain('  - **Fix:** Run `mlgov checksums --write` and commit the manifest.');
  });

  it('renders balanced backticks in messages and fixes as code spans and escapes the rest', () => {
    expect(withCodeSpans('Run `mlgov check` then *commit*')).toBe('Run `mlgov check` then \\*commit\\*');
    // A lone backtick is escaped; a code span's own content cannot close it early or carry a line break.
    expect(withCodeSpans('a ` b')).toBe('a \\` b');
    expect(withCodeSpans('`<img src=x>` <b>')).toBe('`<img src=x>` &lt;b&gt;');
    expect(withCodeSpans('``')).toBe('\\`\\`');
  });

  it('shows the bias metrics against thresholds as a table and an xychart-beta chart per attribute', () => {
    const md = renderMarkdown(failingReport());
    expect(md).toContain('### Bias metrics against thresholds');
    expect(md).toContain('| age\\_band | disparate\\_impact\\_ratio | 0.72 | 0.72 | ≥ 0.8 | 18-25 → 45-60 | ❌ |');
    const charts = md
      .split('```mermaid')
      .slice(1)
      .map((c) => c.split('```')[0]!);
    expect(charts).toHaveLength(2);
    expect(charts[0]).toContain('xychart-beta');
    expect(charts[0]).toContain('x-axis ["DPD", "DI ratio"]');
    // DPD 0.002 of max 0.1 = 2%; DI 0.9394 against min 0.8 = 85.2%.
    expect(charts[0]).toContain('bar [2, 85.2]');
    expect(charts[0]).toContain('line [100, 100]');
    expect(charts[1]).toContain('bar [111.1]');
    expect(md).toContain('Groups left out of the spread: `age_band=75+` (n=12 under minGroupSize 30).');
    expect(md).toContain('Fairness review: ✅ **dave** approved exactly this report.');
  });

  it('shows the promotion comparison', () => {
    const md = renderMarkdown(failingReport());
    expect(md).toContain('### Promotion: challenger 2.4.0 vs production 2.3.0');
    expect(md).toContain('| metric | production | challenger | change |');
    expect(md).toContain('| MAE | 44.4 | 41.2 | 7.21 % better |');
    expect(md).toContain('| windows | 12 | 12 | min 8 |');
    expect(md).toContain('- **forced:** false\n- **declaredType:** promotion\n');
    expect(md).toContain('- **releaseType:** promotion');
  });

  it('lists who approved, their corroboration, and the roles still missing', () => {
    const md = renderMarkdown(failingReport());
    expect(md).toContain('| alice | governance-board | manifest | ✅ | ✅ | — |');
    expect(md).toContain(
      '| bob | regulatory-affairs | manifest | ❌ | ❌ | not corroborated: no APPROVED review by bob on the head commit |',
    );
    expect(md).toContain('Each manifest approval was checked against an APPROVED GitHub review on the head commit.');
    expect(md).toContain('**Still missing:** regulatory-affairs (1 more)');
    const passing = renderMarkdown({
      ...passingReport(),
      checks: passingReport().checks.map((c) =>
        c.id === 'approvals'
          ? {
              ...c,
              details: {
                manifestDigest: 'sha256:' + 'a'.repeat(64),
                approvals: [
                  {
                    approver: 'alice',
                    role: 'governance-board',
                    source: 'manifest',
                    decision: 'approved',
                    counted: true,
                  },
                ],
                requirements: [{ role: 'governance-board', count: 1, filledBy: ['alice'], missing: 0 }],
                missingRoles: [],
                corroboration: 'not-required',
              },
            }
          : c,
      ),
    });
    expect(passing).toContain('**All required roles have approved.**');
  });

  it('links the Jira ticket', () => {
    const md = renderMarkdown(failingReport());
    expect(md).toContain('Ticket [MLGOV-123](https://acme.atlassian.net/browse/MLGOV-123) — status **Approved** ✅');
    expect(jiraTicketOf(failingReport())).toEqual({
      key: 'MLGOV-123',
      url: 'https://acme.atlassian.net/browse/MLGOV-123',
      status: 'Approved',
    });
    expect(jiraTicketOf({ checks: [] })).toBeUndefined();
    // Jira unreachable or not configured: the key is still the manifest's.
    const unread = {
      checks: [
        {
          id: 'jira' as const,
          status: 'fail' as const,
          summary: '',
          findings: [],
          details: { project: 'MLGOV', allowedStatuses: ['Approved'], manifestKey: 'MLGOV-7', mentions: [] },
        },
      ],
    };
    expect(jiraTicketOf(unread)).toEqual({ key: 'MLGOV-7' });
  });

  it('says plainly when the gate could not judge, and when it ran offline or forced', () => {
    const r = failingReport();
    r.judged = false;
    r.offline = true;
    const md = renderMarkdown(r);
    expect(md.split('\n')[0]).toBe('## ⛔ mlgov governance gate: could not judge — `fraud-detection` 2.4.0');
    expect(md).toContain('> [!CAUTION]');
    expect(md).toContain('**Offline:** Jira and GitHub were not consulted');
    const forced = { ...passingReport(), forced: true };
    expect(renderMarkdown(forced).split('\n')[0]).toBe(
      '## ⚠️ mlgov governance gate: passed (forced promotion) — `fraud-detection` 2.4.0',
    );
  });

  it('renders a report whose checks give no details with rows and findings only', () => {
    const r = passingReport();
    r.checks = r.checks.map(({ details: _details, ...c }) => c);
    const md = renderMarkdown(r);
    expect(md).not.toContain('### Bias');
    expect(md).not.toContain('### Approvals');
    expect(md).toContain('| ✅ | `bias` |');
  });

  it('keeps report text from injecting markup', () => {
    expect(escapeText('<img src=x onerror=alert(1)> [x](http://evil) | a')).toBe(
      '&lt;img src=x onerror=alert(1)&gt; \\[x\\](http://evil) \\| a',
    );
  });
});

describe('thresholdUsePct', () => {
  it('puts upper and lower bounds on one scale where over 100 fails', () => {
    expect(thresholdUsePct(0.05, { max: 0.1 })).toBe(50);
    expect(thresholdUsePct(0.8, { min: 0.8 })).toBe(100);
    expect(thresholdUsePct(0.5, { min: 0.8 })).toBe(160);
    expect(thresholdUsePct(0, { min: 0.8 })).toBe(200);
    expect(thresholdUsePct(0.1, {})).toBeUndefined();
  });
});
