import * as core from '@actions/core';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '../release/report.js';
import { buildAnnotations, describeOmitted, type AnnotationPlan } from '../render/annotations.js';
import { renderJson } from '../render/json.js';
import { jiraTicketOf, renderMarkdown } from '../render/markdown.js';
import { renderSarif } from '../render/sarif.js';
import {
  buildModelsAnnotations,
  overallVerdictOf,
  renderModelsJson,
  renderModelsMarkdown,
  renderModelsSarif,
  verdictsByModel,
  type ModelsRun,
} from '../render/models-report.js';

/** Where the action wrote the report in each format. */
export interface WrittenReport {
  json: string;
  sarif: string;
  markdown: string;
  /** The job summary text (notes + the report). */
  summary: string;
}

/**
 * Writes the report as JSON, SARIF and Markdown under `dir` (`$RUNNER_TEMP/mlgov`), so later steps can upload the
 * SARIF (`github/codeql-action/upload-sarif`) or keep the JSON.
 */
export async function writeReportFiles(report: Report, dir: string, notes: string[]): Promise<WrittenReport> {
  await mkdir(dir, { recursive: true });
  const summary = summaryOf(report, notes);
  const files = { json: join(dir, 'report.json'), sarif: join(dir, 'mlgov.sarif'), markdown: join(dir, 'summary.md') };
  await writeFile(files.json, renderJson(report));
  await writeFile(files.sarif, renderSarif(report));
  await writeFile(files.markdown, summary);
  return { ...files, summary };
}

/** The job summary: what the action itself has to say (fork, permissions, base fetch), then the report. */
export function summaryOf(report: Report | undefined, notes: string[]): string {
  const head =
    notes.length > 0 ? notes.map((n) => `> [!WARNING]\n> ${n.replace(/\n/g, '\n> ')}\n`).join('\n') + '\n' : '';
  return head + (report ? renderMarkdown(report) : '');
}

/** Sets the action's outputs (action.yml lists them). */
export function setReportOutputs(report: Report, files: WrittenReport): void {
  core.setOutput('verdict', report.verdict);
  core.setOutput('judged', String(report.judged));
  core.setOutput('report', files.json);
  core.setOutput('sarif', files.sarif);
  core.setOutput('model-version', report.model.version ?? '');
  core.setOutput('jira-ticket', jiraTicketOf(report)?.key ?? '');
}

/**
 * Emits the annotations GitHub will show (the first 10 of each type) and returns the sentence about the rest, for
 * the summary and the log.
 */
export function emitAnnotations(report: Report): string | undefined {
  return emitPlan(buildAnnotations(report));
}

function emitPlan(plan: AnnotationPlan): string | undefined {
  for (const a of plan.annotations) {
    if (a.level === 'error') core.error(a.message, a.properties);
    else if (a.level === 'warning') core.warning(a.message, a.properties);
    else core.notice(a.message, a.properties);
  }
  const more = describeOmitted(plan.omitted);
  if (more) core.info(more);
  return more;
}

/** Writes the job summary when the runner offers one (`GITHUB_STEP_SUMMARY`). */
export async function writeJobSummary(text: string, env: Record<string, string | undefined>): Promise<void> {
  if (!env['GITHUB_STEP_SUMMARY']) {
    core.info(text);
    return;
  }
  await core.summary.addRaw(text, true).write();
}

/**
 * A run over a policy's models: the combined JSON (`{ tool, verdict, judged, selection, models, untouched }`), one
 * SARIF run whose results say their model, and the summary with a section per model.
 */
export async function writeModelsReportFiles(run: ModelsRun, dir: string, notes: string[]): Promise<WrittenReport> {
  await mkdir(dir, { recursive: true });
  const summary = modelsSummaryOf(run, notes);
  const files = { json: join(dir, 'report.json'), sarif: join(dir, 'mlgov.sarif'), markdown: join(dir, 'summary.md') };
  await writeFile(files.json, renderModelsJson(run));
  await writeFile(files.sarif, renderModelsSarif(run));
  await writeFile(files.markdown, summary);
  return { ...files, summary };
}

/** The job summary of a run over models: the action's notes, then the summary line and a section per model. */
export function modelsSummaryOf(run: ModelsRun, notes: string[]): string {
  return summaryOf(undefined, notes) + renderModelsMarkdown(run);
}

/**
 * The outputs of a run over models (action.yml): `verdict` the worst, `judged` false when any model could not be
 * judged, `model-version` the version when one model was judged, `jira-ticket` the distinct tickets, comma-separated.
 */
export function setModelsOutputs(run: ModelsRun, files: WrittenReport): void {
  const overall = overallVerdictOf(run);
  core.setOutput('verdict', overall.verdict);
  core.setOutput('judged', String(overall.judged));
  core.setOutput('report', files.json);
  core.setOutput('sarif', files.sarif);
  core.setOutput('model-version', run.judgements.length === 1 ? (run.judgements[0]!.report.model.version ?? '') : '');
  const tickets = new Set(run.judgements.map((j) => jiraTicketOf(j.report)?.key).filter((k) => k !== undefined));
  core.setOutput('jira-ticket', [...tickets].join(','));
  setVerdictsOutput(run);
}

/** `verdicts`: per model, its version, verdict and whether it was judged (untouched models: `untouched`). */
export function setVerdictsOutput(run: ModelsRun): void {
  core.setOutput('verdicts', JSON.stringify(verdictsByModel(run)));
}

/** Emits every model's annotations, titled `[model] CODE (check)`; returns the sentence about those left out. */
export function emitModelsAnnotations(run: ModelsRun): string | undefined {
  return emitPlan(buildModelsAnnotations(run));
}
