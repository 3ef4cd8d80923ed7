import type { CommitState } from '../adapters/github-status-publisher.js';
import { fitStatusDescription } from '../adapters/github-status-publisher.js';
import { allFindings, type Report } from '../release/report.js';
import { modelLabelOf, overallVerdictOf, summariseModels, type ModelsRun } from '../render/models-report.js';

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

/** The one commit state over several models: error when any could not be judged, failure when any failed. */
export function commitStateOfModels(run: Pick<ModelsRun, 'judgements'>): CommitState {
  return commitStateOf(overallVerdictOf(run));
}

/**
 * The one status description over several models, fitted to GitHub's 140 characters:
 * `2 models: fraud-detection 2.5.0 passed, credit-scoring 1.3.0 failed`. Pure.
 */
export function describeModelsStatus(run: ModelsRun): string {
  const full = summariseModels(run);
  if (full.length <= 140) return full;
  // Too many models for one line: name the ones that did not pass first, so truncation never hides a failure.
  const failed = run.judgements.filter((j) => j.report.judged && j.report.verdict === 'fail').map(modelLabelOf);
  const unjudged = run.judgements.filter((j) => !j.report.judged).map(modelLabelOf);
  const passed = run.judgements.length - failed.length - unjudged.length;
  const parts = [
    unjudged.length > 0 ? `${unjudged.length} could not be judged (${unjudged.join(', ')})` : '',
    failed.length > 0 ? `${failed.length} failed (${failed.join(', ')})` : '',
    passed > 0 ? `${passed} passed` : '',
    run.untouched.length > 0 ? `${run.untouched.length} not touched` : '',
  ].filter((p) => p !== '');
  return fitStatusDescription(`${run.judgements.length} models: ${parts.join(', ')}`);
}
