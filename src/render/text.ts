import { locationOf } from '../formats/finding.js';
import type { CheckStatus, Report } from '../release/report.js';
import { nextSteps } from './next-steps.js';

const STATUS_LABEL: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' };

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The report as a PR author wants to read it in a terminal: one line per check, then each finding with
 * `file:line:column`, the message and the fix, the next steps in the order that undoes no work, then the verdict.
 * `modelName`: the policy's name of the model when it lists several (the steps' commands then name it). Pure.
 */
export function renderText(report: Report, options: { modelName?: string } = {}): string {
  const lines: string[] = [];
  const model = report.model.name ? `${report.model.name} ${report.model.version ?? ''}`.trim() : 'release';
  const base = report.base
    ? ` against ${report.model.baseVersion ?? 'no release'} on ${report.base.ref} (${report.base.commit.slice(0, 12)})`
    : '';
  lines.push(`mlgov ${report.tool.version}: ${model}${base}`);
  lines.push(`policy: ${policySourceText(report.policySource)}`);
  if (report.asOf) lines.push(`time rules judged as of ${report.asOf.at}: ${report.asOf.reason}`);
  lines.push('');
  const width = Math.max(...report.checks.map((c) => c.id.length));
  for (const check of report.checks) {
    lines.push(`${STATUS_LABEL[check.status]}  ${check.id.padEnd(width)}  ${check.summary}`);
  }
  const findings = report.checks.flatMap((c) => c.findings.map((f) => ({ check: c.id, f })));
  if (findings.length > 0) lines.push('');
  for (const { check, f } of findings) {
    const where = locationOf(f);
    lines.push(
      `${where ? `${where}: ` : ''}${f.severity} ${f.code} [${check}]${f.indeterminate ? ' (could not judge)' : ''}`,
    );
    lines.push(`    ${f.message}`);
    if (f.fix) lines.push(`    fix: ${f.fix}`);
  }
  lines.push('');
  // When several things must change, the order that undoes no work (approvals last), after the findings.
  const steps = nextSteps(report, options.modelName);
  if (steps.length > 1) lines.push('next steps, in this order:', ...steps.map((s) => `  ${s}`), '');
  const errors = findings.filter(({ f }) => f.severity === 'error').length;
  const warnings = findings.filter(({ f }) => f.severity === 'warning').length;
  const verdict = !report.judged ? 'COULD NOT JUDGE' : report.verdict === 'pass' ? 'PASS' : 'FAIL';
  const tail = [count(errors, 'error'), count(warnings, 'warning')];
  if (report.forced) tail.push('FORCED promotion');
  if (report.offline) tail.push('offline: Jira and GitHub not consulted');
  lines.push(`verdict: ${verdict} (${tail.join(', ')})`);
  return lines.join('\n') + '\n';
}

function policySourceText(source: Report['policySource']): string {
  switch (source) {
    case 'base':
      return 'read from the base revision (a PR cannot loosen its own gate)';
    case 'working-tree':
      return 'read from the working tree (no policy on the base revision)';
    case 'default':
      return 'defaults (no policy file found)';
  }
}
