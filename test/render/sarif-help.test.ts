/**
 * GitHub's SARIF rule set (`sarif-multitool validate --rule-kind "Gh;Sarif"`) reports GH2012 for a rule without
 * `help`. Every finding code the source can build — read from the source, so a new code is covered the day it is
 * written — gets a rule with non-empty `help.text` and `help.markdown`, whether or not its finding has a fix.
 */
import { describe, expect, it } from '@jest/globals';
import type { Log } from 'sarif';
import type { Finding } from '../../src/formats/finding.js';
import type { Report } from '../../src/release/report.js';
import { renderSarif } from '../../src/render/sarif.js';
import { passingReport } from '../action/report-fixtures.js';
import { findingSites, type FindingSite } from '../docs/finding-sites.js';

const sites = findingSites();

/** A finding as the site builds it: the constructor's severity, a fix exactly when the site gives one. */
function findingOf(site: FindingSite): Finding {
  return {
    severity: site.constructor === 'indeterminate' ? 'error' : site.constructor,
    code: site.code,
    message: `A ${site.code} finding with <b>markup</b> and a [link](javascript:alert(1)).`,
    ...(site.constructor === 'indeterminate' ? { indeterminate: true } : {}),
    ...(site.fix ? { fix: 'Run `mlgov checksums --write` and commit the manifest.' } : {}),
  };
}

function reportOf(findings: Finding[]): Report {
  return { ...passingReport(), checks: [{ id: 'approvals', status: 'warn', summary: 'x', findings }] };
}

describe('SARIF rule help for every finding code', () => {
  it('reads the codes from the source (the scan works), including the three GH2012 named', () => {
    expect(sites.length).toBeGreaterThan(150);
    const codes = new Set(sites.map((s) => s.code));
    for (const code of ['APPROVALS_CORROBORATION_UNAVAILABLE', 'PROMOTION_FIRST_RELEASE', 'PROMOTION_UNCHANGED']) {
      expect(codes.has(code)).toBe(true);
      expect(sites.filter((s) => s.code === code).every((s) => !s.fix)).toBe(true);
    }
  });

  it('gives each rule non-empty help text and Markdown, built as each site builds its finding', () => {
    const log = JSON.parse(renderSarif(reportOf(sites.map(findingOf)))) as Log;
    const rules = log.runs[0]!.tool.driver.rules!;
    expect(rules.map((r) => r.id).sort()).toEqual([...new Set(sites.map((s) => s.code))].sort());
    const withoutHelp = rules.filter((r) => !/\S/.test(r.help?.text ?? '') || !/\S/.test(r.help?.markdown ?? ''));
    expect(withoutHelp.map((r) => r.id)).toEqual([]);
  });

  it('a finding without a fix: the help says no change is required and where the check is described', () => {
    const rule = (
      JSON.parse(renderSarif(reportOf([findingOf(sites.find((s) => s.code === 'PROMOTION_UNCHANGED')!)]))) as Log
    ).runs[0]!.tool.driver.rules![0]!;
    expect(rule.help!.text).toBe(
      'A PROMOTION_UNCHANGED finding with <b>markup</b> and a [link](javascript:alert(1)). No change is required by ' +
        'this notice; the `approvals` check is described in the mlgov README, "What the gate checks".',
    );
    // As Markdown the quoted text is inert; the check's name stays a code span.
    expect(rule.help!.markdown).toBe(
      'A PROMOTION\\_UNCHANGED finding with &lt;b&gt;markup&lt;/b&gt; and a \\[link\\](javascript:alert(1)). No change ' +
        'is required by this notice; the `approvals` check is described in the mlgov README, "What the gate checks".',
    );
  });

  it('a "could not judge" without a fix: the help says so, never that no change is required', () => {
    const f: Finding = {
      severity: 'error',
      code: 'X_UNREADABLE',
      message: 'The base could not be read.',
      indeterminate: true,
    };
    const help = (JSON.parse(renderSarif(reportOf([f]))) as Log).runs[0]!.tool.driver.rules![0]!.help!;
    expect(help.text).toBe(
      'The base could not be read. The gate could not judge this: resolve the cause named here and re-run; the ' +
        '`approvals` check is described in the mlgov README, "What the gate checks".',
    );
  });
});
