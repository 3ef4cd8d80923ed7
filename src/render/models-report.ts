/**
 * The report of a run over several models (a policy with `models:`): one section per judged model, each rendered by
 * the single-model renderers, under a first line that summarises every model. A single-model policy never comes here:
 * its report renders exactly as it always has. Pure.
 */
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { sha256Hex } from '../formats/canonical-digest.js';
import type { ModelJudgement, ModelsJudgement } from '../gate/judge-models.js';
import type { Report } from '../release/report.js';
import { TOOL_VERSION } from '../version.js';
import { annotationOf, ANNOTATIONS_PER_LEVEL, type AnnotationLevel, type AnnotationPlan } from './annotations.js';
import { escapeText, renderMarkdown } from './markdown.js';
import type { ReportFormat } from './render-report.js';
import { sarifLogOf } from './sarif.js';
import { renderText } from './text.js';

/** What the renderers need of a run (`runGateOverModels`' answer). */
export type ModelsRun = Pick<ModelsJudgement, 'judgements' | 'untouched' | 'selection'>;

/** Why an untouched model was not judged: the only reason a run leaves a governed model out. */
export const NOT_TOUCHED = 'not touched by this change';

/** The sentence when the change touches no governed model (nothing judged, exit 0). */
export const NO_MODEL_TOUCHED = 'no governed model touched by this change';

/** The name a section is headed with: the policy's name, else the manifest's. */
export function modelNameOf(judgement: ModelJudgement): string {
  return judgement.name ?? judgement.report.model.name ?? 'release';
}

/** `credit-scoring 1.3.0` (the version the manifest states, when it states one). */
export function modelLabelOf(judgement: ModelJudgement): string {
  return `${modelNameOf(judgement)} ${judgement.report.model.version ?? ''}`.trim();
}

/** `passed`, `failed` or `could not be judged`. */
export function verdictPhraseOf(report: Pick<Report, 'verdict' | 'judged'>): string {
  if (!report.judged) return 'could not be judged';
  return report.verdict === 'pass' ? 'passed' : 'failed';
}

/** The run's one verdict: could not judge beats failed beats passed; nothing judged passes. */
export function overallVerdictOf(run: Pick<ModelsRun, 'judgements'>): { verdict: 'pass' | 'fail'; judged: boolean } {
  const reports = run.judgements.map((j) => j.report);
  return {
    verdict: reports.every((r) => r.verdict === 'pass') ? 'pass' : 'fail',
    judged: reports.every((r) => r.judged),
  };
}

/**
 * The first line: `2 models: fraud-detection 2.5.0 passed, credit-scoring 1.3.0 failed`, then the models left out
 * (`; not judged: churn (not touched by this change)`); `no governed model touched by this change` when none was.
 */
export function summariseModels(run: ModelsRun): string {
  const untouched = run.untouched.length > 0 ? `not judged: ${run.untouched.join(', ')} (${NOT_TOUCHED})` : '';
  if (run.judgements.length === 0) return `${NO_MODEL_TOUCHED}${untouched ? `; ${untouched}` : ''}`;
  const n = run.judgements.length;
  const judged = run.judgements.map((j) => `${modelLabelOf(j)} ${verdictPhraseOf(j.report)}`).join(', ');
  return `${n} model${n === 1 ? '' : 's'}: ${judged}${untouched ? `; ${untouched}` : ''}`;
}

/** The terminal report: the summary, why these models, then each model's report under a heading of its own. */
export function renderModelsText(run: ModelsRun): string {
  const lines = [summariseModels(run), `models judged: ${run.selection}`];
  for (const j of run.judgements) {
    lines.push(
      '',
      `=== ${modelLabelOf(j)}: ${verdictPhraseOf(j.report)} ===`,
      renderText(j.report, { modelName: j.name }).trimEnd(),
    );
  }
  for (const name of run.untouched) lines.push('', `=== ${name}: not judged: ${NOT_TOUCHED} ===`);
  const overall = overallVerdictOf(run);
  const word = !overall.judged ? 'COULD NOT JUDGE' : overall.verdict === 'pass' ? 'PASS' : 'FAIL';
  lines.push('', `verdict over ${run.judgements.length} model${run.judgements.length === 1 ? '' : 's'}: ${word}`);
  return lines.join('\n') + '\n';
}

/**
 * The job summary (and `--format markdown`): a heading with the summary, a table of every governed model, then each
 * judged model's report (its own `##` heading names the model, version and verdict), separated by rules.
 */
export function renderModelsMarkdown(run: ModelsRun): string {
  const overall = overallVerdictOf(run);
  const icon = !overall.judged ? '⛔' : overall.verdict === 'pass' ? '✅' : '❌';
  const out = [`# ${icon} mlgov governance gate — ${escapeText(summariseModels(run))}`, ''];
  out.push(`**Models judged:** ${escapeText(run.selection)}`, '');
  if (run.judgements.length + run.untouched.length > 0) {
    out.push('| Model | Version | Verdict |', '| --- | --- | --- |');
    for (const j of run.judgements) {
      const version = j.report.model.version ?? '—';
      out.push(`| \`${modelNameOf(j)}\` | ${escapeText(version)} | ${verdictPhraseOf(j.report)} |`);
    }
    for (const name of run.untouched) out.push(`| \`${name}\` | — | not judged: ${NOT_TOUCHED} |`);
    out.push('');
  }
  for (const j of run.judgements) out.push('---', '', renderMarkdown(j.report, { modelName: j.name }));
  return out.join('\n').trimEnd() + '\n';
}

/** The JSON report of a run over models (README, "JSON report"): each model's report as `mlgov check` writes it. */
export function renderModelsJson(run: ModelsRun): string {
  const overall = overallVerdictOf(run);
  const document = {
    tool: { name: 'mlgov', version: run.judgements[0]?.report.tool.version ?? TOOL_VERSION },
    verdict: overall.verdict,
    judged: overall.judged,
    selection: run.selection,
    models: run.judgements.map((j) => ({ name: modelNameOf(j), report: j.report })),
    untouched: run.untouched,
  };
  return JSON.stringify(document, null, 2) + '\n';
}

/**
 * One SARIF run over every judged model: each model's results (from the single-model SARIF) with `properties.model`,
 * a message starting `[model] `, and a fingerprint that includes the model, so code scanning keeps one alert per
 * model when two models break the same rule at the same pointer. Rules are shared by code.
 */
export function renderModelsSarif(run: ModelsRun): string {
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const results: Result[] = [];
  for (const j of run.judgements) {
    const model = modelNameOf(j);
    const single = sarifLogOf(j.report).runs[0]!;
    const own = single.tool.driver.rules ?? [];
    for (const result of single.results ?? []) {
      const rule = own[result.ruleIndex!]!;
      let index = ruleIndex.get(rule.id);
      if (index === undefined) {
        index = rules.push(rule) - 1;
        ruleIndex.set(rule.id, index);
      }
      const print = result.partialFingerprints!['mlgovFinding/v1']!;
      results.push({
        ...result,
        ruleIndex: index,
        message: { text: `[${model}] ${result.message.text ?? ''}` },
        partialFingerprints: { 'mlgovFinding/v1': sha256Hex(Buffer.from(`${model}\0${print}`, 'utf8')).slice(0, 32) },
        properties: { model, ...result.properties },
      });
    }
  }
  return JSON.stringify(modelsSarifLog(run, rules, results), null, 2) + '\n';
}

function modelsSarifLog(run: ModelsRun, rules: ReportingDescriptor[], results: Result[]): Log {
  const overall = overallVerdictOf(run);
  const version = run.judgements[0]?.report.tool.version ?? TOOL_VERSION;
  const times = run.judgements.map((j) => j.report.generatedAt).sort();
  const models = run.judgements.map((j) => ({
    name: modelNameOf(j),
    ...(j.report.model.version ? { version: j.report.model.version } : {}),
    verdict: j.report.verdict,
    judged: j.report.judged,
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'mlgov', version, semanticVersion: version, rules } },
        automationDetails: { id: 'mlgov/governance-check/' },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The repository root.' } } },
        invocations: [
          {
            executionSuccessful: true,
            ...(times.length > 0 ? { endTimeUtc: times.at(-1)! } : {}),
            properties: { verdict: overall.verdict, judged: overall.judged },
          },
        ],
        results,
        properties: { verdict: overall.verdict, judged: overall.judged, models, untouched: run.untouched },
      },
    ],
  };
}

/** The run over models in the format asked for (`mlgov check` on a policy with `models:`). */
export function renderModelsReport(run: ModelsRun, format: ReportFormat): string {
  switch (format) {
    case 'text':
      return renderModelsText(run);
    case 'json':
      return renderModelsJson(run);
    case 'markdown':
      return renderModelsMarkdown(run);
    case 'sarif':
      return renderModelsSarif(run);
  }
}

/**
 * The annotations of every judged model, titled `[model] CODE (check)`, in model order; GitHub shows `perLevel` of
 * each level per step across all models, so the limit is counted over the run.
 */
export function buildModelsAnnotations(
  run: Pick<ModelsRun, 'judgements'>,
  perLevel = ANNOTATIONS_PER_LEVEL,
): AnnotationPlan {
  const used: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const omitted: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const annotations: AnnotationPlan['annotations'] = [];
  for (const j of run.judgements) {
    for (const check of j.report.checks) {
      for (const finding of check.findings) {
        if (used[finding.severity] >= perLevel) {
          omitted[finding.severity] += 1;
          continue;
        }
        used[finding.severity] += 1;
        const a = annotationOf(finding, check.id);
        annotations.push({ ...a, properties: { ...a.properties, title: `[${modelNameOf(j)}] ${a.properties.title}` } });
      }
    }
  }
  return { annotations, omitted };
}

/** Per model, its version, verdict and whether it was judged: the action's `verdicts` output. */
export type ModelVerdicts = Record<
  string,
  { version?: string; verdict: 'pass' | 'fail' | 'untouched'; judged: boolean; reason?: string }
>;

/** The `verdicts` output: every judged model, then every governed model left out (`untouched`, not judged). */
export function verdictsByModel(run: ModelsRun): ModelVerdicts {
  const out: ModelVerdicts = {};
  for (const j of run.judgements) {
    const { version } = j.report.model;
    out[modelNameOf(j)] = { ...(version ? { version } : {}), verdict: j.report.verdict, judged: j.report.judged };
  }
  for (const name of run.untouched) out[name] = { verdict: 'untouched', judged: false, reason: NOT_TOUCHED };
  return out;
}
