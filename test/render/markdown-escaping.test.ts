/**
 * The job summary quotes PR-authored text (a manifest's version, a group name, a reason) inside finding messages,
 * fixes and check summaries. Commands in messages and fixes render as code spans; everything else is escaped, so an
 * attacker's backticks, HTML or link syntax stays text.
 */
import { describe, expect, it } from '@jest/globals';
import type { Report } from '../../src/release/report.js';
import { renderMarkdown, withCodeSpans } from '../../src/render/markdown.js';
import { passingReport } from '../action/report-fixtures.js';

/** What a PR author can put in a manifest value the gate quotes. */
const ATTACK =
  '2.4.0`](javascript:alert(1))` <img src=x onerror=alert(2)> [click](javascript:alert(3)) ``x`` ` \\` a|b\n# heading';

function reportWith(message: string, fix: string, summary = message): Report {
  return {
    ...passingReport(),
    checks: [
      {
        id: 'version',
        status: 'fail',
        summary,
        findings: [{ severity: 'error', code: 'VERSION_INVALID', message, fix, file: 'model/manifest.json' }],
      },
    ],
  };
}

describe('code spans and escaping in the job summary', () => {
  it("renders a fix's `mlgov check` as code, not as literal backticks", () => {
    const md = renderMarkdown(reportWith('The version is not SemVer.', 'Run `mlgov check --offline` again.'));
    expect(md).toContain('  - **Fix:** Run `mlgov check --offline` again.');
    expect(md).not.toContain('\\`mlgov');
  });

  it("an attacker's backticks, <img> and ](javascript: cannot break out of text or a code span", () => {
    const escaped =
      '2.4.0`](javascript:alert(1))` &lt;img src=x onerror=alert(2)&gt; \\[click\\](javascript:alert(3)) ' +
      '\\``x`` ` \\\\\\` a\\|b \\# heading';
    // Adjacent spans (`x`, then ` `) make a run of two backticks; whatever pairs a renderer makes of the runs, only
    // span contents can end up inside a code span, and every backtick outside the spans is escaped.
    expect(withCodeSpans(ATTACK)).toBe(escaped);
    const md = renderMarkdown(reportWith(`Version "${ATTACK}" is not SemVer.`, `Replace "${ATTACK}" with \`1.0.0\`.`));
    const lines = md.split('\n');
    expect(lines).toContain(
      `- ❌ **VERSION_INVALID** [version] \`model/manifest.json\`: Version "${escaped}" is not SemVer.`,
    );
    expect(lines).toContain(`  - **Fix:** Replace "${escaped}" with \`1.0.0\`.`);
    // Nothing outside a code span is live: no raw tag, no link opener, no heading at a line start.
    const outsideCode = md.replace(/`[^`\n]*`/g, '');
    expect(outsideCode).not.toMatch(/<img|(?<!\\)\]\(|^#\s*heading/m);
  });

  it('in the checks table a pipe inside a code span stays in its cell', () => {
    const md = renderMarkdown(reportWith('x', 'y', 'Set `a|b` or <b>|</b>'));
    expect(md).toContain('| ❌ | `version` | Set `a\\|b` or &lt;b&gt;\\|&lt;/b&gt; | 1 error |');
  });
});
