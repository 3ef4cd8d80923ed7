import type { CommitState } from '../adapters/github-status-publisher.js';
import { fitStatusDescription } from '../adapters/github-status-publisher.js';
import { allFindings, type Report } from '../release/report.js';

/** The commit state for a report: success, failure (judged and failed), or error (could not judge). */
export function commitStateOf(report: Pick<Report, 'verdict' | 'judged'>): CommitState {
  if (!report.judged) return 'error';
  return report.verdict === 'pass' ? 'success' : 'failure';
}

/**
 * The status description (at most 140 characters, GitHub's limit): the verdict, the model, and on failure the
 * first finding codes — enough to know why from the PR's checks list without opening the run. Pure.
 */
export function describeStatus(report: Report): string {
  const model = report.model.name ? `${report.model.name} ${report.model.version ?? ''}`.trim() : 'the release';
  const errors = allFindings(report).filter((f) => f.severity === 'error');
  if (!report.judged) {
    const codes = [...new Set(errors.filter((f) => f.indeterminate).map((f) => f.code))];
    return fitStatusDescription(`Could not judge ${model}: ${listCodes(codes)}`);
  }
  if (report.verdict === 'pass') {
    const warnings = allFindings(report).filter((f) => f.severity === 'warning').length;
    const forced = report.forced ? ' (FORCED promotion)' : '';
    return fitStatusDescription(
      `${model} passed${forced}${warnings > 0 ? ` with ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`,
    );
  }
  const codes = [...new Set(errors.map((f) => f.code))];
  return fitStatusDescription(
    `${model} failed, ${errors.length} error${errors.length === 1 ? '' : 's'}: ${listCodes(codes)}`,
  );
}

function listCodes(codes: string[]): string {
  if (codes.length === 0) return 'see details';
  const shown = codes.slice(0, 3).join(', ');
  return codes.length > 3 ? `${shown} +${codes.length - 3} more` : shown;
}
