/**
 * The `bias` check: the report is the one the policy names and belongs to this exact release, covers the required
 * attributes, its numbers reconcile with the dataset (`bias-accounting.ts`), its summary metrics are what its own
 * group rates say, its groups are what the predictions it names say when the manifest lists them
 * (`bias-predictions.ts`), the recomputed metrics meet the stricter of the policy's and the report's thresholds, and the
 * fairness reviewer approved exactly this report.
 */
import type { BiasApproval, BiasAttribute, BiasMetricName, BiasReport, Threshold } from '../formats/bias-report.js';
import { reportDigest } from '../formats/canonical-digest.js';
import { error, indeterminate, notice, warning, type Finding } from '../formats/finding.js';
import { pointer } from '../formats/json-pointer.js';
import type { Manifest } from '../formats/manifest.js';
import { at, type ParsedDocument } from '../formats/parsed-document.js';
import type { BiasDetails, BiasMetricRow, CheckResultOf } from '../release/report.js';
import { statusOf } from '../release/report.js';
import type { ReleaseContext } from '../release/release-context.js';
import type { Policy } from '../policy/policy.js';
import {
  checkDatasetRows,
  checkDroppedGroups,
  checkExcludedShare,
  checkFavorableLabel,
  checkPositiveLabel,
  checkGroupNames,
  checkReportPath,
  checkRowsReconcile,
  datasetRowsOf,
} from './bias-accounting.js';
import {
  agreesWithReported,
  BIAS_METRICS,
  describeThreshold,
  judgeThreshold,
  recomputeAttribute,
  recomputeOptionsOf,
  roundForMessage,
  stricterThreshold,
  type AttributeRecomputation,
  type MetricValue,
} from './bias-metrics.js';
import {
  biasReportSubject,
  buildApprovalLedger,
  describeUnavailable,
  recordedRejectionFinding,
  type ApprovalLedger,
} from './approval-ledger.js';
import { checkPredictions } from './bias-predictions.js';
import type { Check } from './check.js';
import { mlgovCommand } from './command-hint.js';

export type { BiasDetails, BiasMetricRow } from '../release/report.js';

const METRIC_LABEL: Record<BiasMetricName, string> = {
  demographic_parity_difference: 'demographic parity difference',
  disparate_impact_ratio: 'disparate impact ratio',
  equalized_odds_difference: 'equalized odds difference',
  false_positive_rate_difference: 'false positive rate difference',
  true_positive_rate_difference: 'true positive rate difference',
};

/** The thresholds that apply: per metric, the stricter of the policy's and the report's own. */
export function effectiveBiasThresholds(
  policy: Policy,
  report: BiasReport,
): Partial<Record<BiasMetricName, Threshold>> {
  const out: Partial<Record<BiasMetricName, Threshold>> = {};
  for (const m of BIAS_METRICS) {
    const t = stricterThreshold(policy.bias.thresholds[m], report.thresholds?.[m]);
    if (t && (t.min !== undefined || t.max !== undefined)) out[m] = t;
  }
  return out;
}

function isReportedNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function checkIdentity(doc: ParsedDocument<BiasReport>, report: BiasReport, manifest: Manifest): Finding[] {
  const out: Finding[] = [];
  if (report.model?.name !== manifest.name || report.model?.version !== manifest.version) {
    out.push(
      error(
        'BIAS_REPORT_MODEL_MISMATCH',
        `The bias report is for ${report.model?.name ?? '?'} ${report.model?.version ?? '?'}, but the manifest releases ${manifest.name} ${manifest.version}.`,
        {
          ...at(doc, '/model'),
          fix: `Regenerate the bias report for ${manifest.name} ${manifest.version} (the model being released).`,
        },
      ),
    );
  }
  const generated = Date.parse(report.generatedAt);
  const trained = Date.parse(manifest.provenance?.training?.finishedAt ?? '');
  if (Number.isNaN(generated)) {
    out.push(
      error('BIAS_REPORT_DATE_INVALID', `generatedAt "${report.generatedAt}" is not a date-time.`, {
        ...at(doc, '/generatedAt'),
        fix: 'Write an ISO 8601 date-time.',
      }),
    );
  } else if (!Number.isNaN(trained) && generated < trained) {
    out.push(
      error(
        'BIAS_REPORT_OLDER_THAN_TRAINING',
        `The bias report was generated at ${report.generatedAt}, before the training run finished (${manifest.provenance.training.finishedAt}): it cannot describe this model.`,
        {
          ...at(doc, '/generatedAt'),
          fix: 'Rerun the fairness assessment on the model this training run produced.',
        },
      ),
    );
  }
  return out;
}

function describeMetricValue(metric: BiasMetricName, v: Extract<MetricValue, { kind: 'defined' }>): string {
  const rate = v.rate === 'favorableRate' ? 'favourable rate' : v.rate;
  return `${METRIC_LABEL[metric]} ${roundForMessage(v.value)} (${rate}: "${v.lowGroup}" lowest, "${v.highGroup}" highest)`;
}

function checkRequiredAttributes(doc: ParsedDocument<BiasReport>, report: BiasReport, policy: Policy): Finding[] {
  const out: Finding[] = [];
  const attributes = Array.isArray(report.attributes) ? report.attributes : [];
  for (const required of policy.bias.requiredAttributes) {
    if (!attributes.some((a) => a.name === required)) {
      out.push(
        error(
          'BIAS_ATTRIBUTE_MISSING',
          `The policy requires the attribute "${required}", but the bias report does not assess it.`,
          {
            ...at(doc, '/attributes'),
            fix: `Add "${required}" to the fairness assessment (bias.requiredAttributes in the policy).`,
          },
        ),
      );
    }
  }
  return out;
}

/**
 * Each attribute: its rows reconcile with the dataset, its group names are unique, the rows left out stay under the
 * policy's share, then every metric is recomputed and judged.
 */
function checkAttributes(
  doc: ParsedDocument<BiasReport>,
  report: BiasReport,
  policy: Policy,
  thresholds: Partial<Record<BiasMetricName, Threshold>>,
  details: BiasDetails,
): Finding[] {
  const out: Finding[] = [...checkRequiredAttributes(doc, report, policy)];
  const attributes = Array.isArray(report.attributes) ? report.attributes : [];
  const options = recomputeOptionsOf(policy.bias);
  const maxExcludedShare = policy.bias.maxExcludedShare ?? 0.05;
  const rows = datasetRowsOf(report);
  attributes.forEach((attr, ai) => {
    const groups = Array.isArray(attr.groups) ? attr.groups : [];
    const a = { ...attr, groups };
    const r = recomputeAttribute(a, options);
    for (const e of r.exclusions)
      details.excludedGroups.push({ attribute: attr.name, group: e.group, reason: e.reason });
    out.push(
      ...checkGroupNames(doc, a, ai),
      ...checkRowsReconcile(doc, a, ai, r, rows),
      ...checkExcludedShare(doc, a, ai, r, maxExcludedShare),
      ...judgeAttributeMetrics(doc, a, ai, r, thresholds, details),
    );
  });
  return out;
}

/**
 * The reported value must be what the groups say (as the generator computed it over all groups, or over the groups
 * with enough data). A null/NaN reported value is "undefined", never a pass.
 */
function checkReportedValue(
  doc: ParsedDocument<BiasReport>,
  name: string,
  metric: BiasMetricName,
  reported: number | null | undefined,
  judged: MetricValue,
  all: MetricValue,
  metricPtr: string,
  row: BiasMetricRow,
): Finding[] {
  const out: Finding[] = [];
  if (!isReportedNumber(reported)) {
    row.status = 'fail';
    out.push(
      error(
        'BIAS_METRIC_UNDEFINED',
        `Attribute "${name}": ${METRIC_LABEL[metric]} is reported as ${String(reported)}: an undefined metric is never a pass.`,
        {
          ...at(doc, metricPtr),
          fix: 'Report a numeric value computed from the groups, or fix the groups so the metric is defined.',
        },
      ),
    );
  } else {
    const candidates = [judged, all].filter(
      (v): v is Extract<MetricValue, { kind: 'defined' }> => v.kind === 'defined',
    );
    if (candidates.length > 0 && !candidates.some((v) => agreesWithReported(reported, v.value))) {
      row.status = 'fail';
      out.push(
        error(
          'BIAS_METRIC_MISMATCH',
          `Attribute "${name}": the report states ${METRIC_LABEL[metric]} = ${reported}, but its group rates give ${roundForMessage(all.kind === 'defined' ? all.value : candidates[0]!.value)} ` +
            `("${candidates[0]!.lowGroup}" ${candidates[0]!.rate} vs "${candidates[0]!.highGroup}").`,
          {
            ...at(doc, metricPtr),
            fix: 'Regenerate the report so the summary metrics match the group rates (do not edit them by hand).',
          },
        ),
      );
    }
  }
  return out;
}

/** Every metric of one attribute: the reported value agrees with the groups, the recomputed one meets its threshold. */
function judgeAttributeMetrics(
  doc: ParsedDocument<BiasReport>,
  attr: BiasAttribute,
  ai: number,
  r: AttributeRecomputation,
  thresholds: Partial<Record<BiasMetricName, Threshold>>,
  details: BiasDetails,
): Finding[] {
  const out: Finding[] = [];
  const metrics = attr.metrics ?? {};
  for (const metric of BIAS_METRICS) {
    const hasReported = Object.prototype.hasOwnProperty.call(metrics, metric);
    const reported = metrics[metric];
    const threshold = thresholds[metric];
    if (!hasReported && !threshold) continue;
    const row: BiasMetricRow = { attribute: attr.name, metric, status: 'pass', ...(threshold ? { threshold } : {}) };
    if (hasReported) row.reported = reported ?? null;
    details.rows.push(row);
    // A metric the report leaves out is pointed at by its attribute.
    const metricPtr = hasReported ? pointer('attributes', ai, 'metrics', metric) : pointer('attributes', ai);
    const judged = r.judged[metric]!;
    if (hasReported)
      out.push(...checkReportedValue(doc, attr.name, metric, reported, judged, r.allGroups[metric]!, metricPtr, row));
    out.push(...judgeRecomputed(doc, attr.name, metricPtr, row, judged, threshold));
  }
  return out;
}

/** The recomputed value goes in the row; an undefined value or one beyond its threshold fails, a straddle warns. */
function judgeRecomputed(
  doc: ParsedDocument<BiasReport>,
  name: string,
  metricPtr: string,
  row: BiasMetricRow,
  judged: MetricValue,
  threshold: Threshold | undefined,
): Finding[] {
  const metric = row.metric;
  if (judged.kind === 'undefined') {
    row.undefinedReason = judged.reason;
    // No threshold: for information, as a defined value without one is (not a row "within thresholds").
    if (!threshold) {
      if (row.status === 'pass') row.status = 'info';
      return [];
    }
    row.status = 'fail';
    return [
      error(
        'BIAS_METRIC_UNDEFINED',
        `Attribute "${name}": ${METRIC_LABEL[metric]} cannot be computed (${judged.reason}); an undefined metric is never a pass (threshold ${describeThreshold(threshold)}).`,
        {
          ...at(doc, metricPtr),
          fix: 'Provide the group rates this metric needs, with enough data per group.',
        },
      ),
    ];
  }
  row.recomputed = judged.value;
  row.lowGroup = judged.lowGroup;
  row.highGroup = judged.highGroup;
  if (judged.interval) row.interval = judged.interval;
  if (!threshold) {
    if (row.status === 'pass') row.status = 'info';
    return [];
  }
  const verdict = judgeThreshold(judged.value, threshold, judged.interval);
  if (verdict.kind === 'beyond') {
    row.status = 'fail';
    const ci = judged.interval
      ? ` (interval ${roundForMessage(judged.interval.low)}–${roundForMessage(judged.interval.high)})`
      : '';
    return [
      error(
        'BIAS_THRESHOLD_EXCEEDED',
        `Attribute "${name}": ${describeMetricValue(metric, judged)}${ci} is ${verdict.bound === 'min' ? 'below the minimum' : 'above the maximum'} ${verdict.limit}.`,
        {
          ...at(doc, metricPtr),
          fix: `Mitigate the disparity between "${judged.lowGroup}" and "${judged.highGroup}" (reweighting, threshold adjustment) and regenerate the report; thresholds are the stricter of the policy's and the report's.`,
        },
      ),
    ];
  }
  if (verdict.kind === 'straddles') {
    if (row.status === 'pass') row.status = 'warn';
    return [
      warning(
        'BIAS_INTERVAL_STRADDLES_THRESHOLD',
        `Attribute "${name}": ${describeMetricValue(metric, judged)} meets ${verdict.bound} ${verdict.limit}, but its confidence interval ${roundForMessage(judged.interval!.low)}–${roundForMessage(judged.interval!.high)} reaches past it.`,
        {
          ...at(doc, metricPtr),
          fix: 'Evaluate on more data to narrow the interval, or review the disparity with the fairness reviewer.',
        },
      ),
    ];
  }
  return [];
}

/**
 * The fairness reviewer's approval of exactly this report, judged by the approval ledger: the same rules as the
 * board's approvals of the manifest (roster and role, digest binding, no future or stale date, separation of
 * duties, GitHub corroboration where the policy asks, rejections wherever recorded). One person holding
 * `bias.reviewerRole` must approve.
 */
function checkReviewer(ctx: ReleaseContext, policy: Policy, details: BiasDetails): Finding[] {
  const subject = biasReportSubject(ctx, policy);
  const doc = ctx.biasReport;
  const report = doc?.value;
  if (!subject || !doc || !report) return [];
  const role = policy.bias.reviewerRole;
  details.reportDigest = reportDigest(report);
  const ledger = buildApprovalLedger(ctx, policy, subject);
  const approvals: BiasApproval[] = Array.isArray(report.approvals) ? report.approvals : [];
  const out: Finding[] = ledger.entries.flatMap((e) => e.findings);
  for (const r of ledger.rejections) {
    const note = r.index !== undefined ? approvals[r.index]?.note : undefined;
    out.push(
      error(
        'BIAS_REVIEW_REJECTED',
        `${r.approver} (${r.role}) rejected this bias report${note ? `: "${note}"` : ''}.`,
        {
          ...at(doc, pointer('approvals', r.index ?? 0, 'decision')),
          fix: "Address the reviewer's objections, regenerate the report and ask for a new review.",
        },
      ),
    );
  }
  out.push(
    ...ledger.recordedRejections.map((r) =>
      recordedRejectionFinding('BIAS_REVIEW_REJECTION_RECORDED', 'bias report', r, doc),
    ),
  );
  const blocked = ledger.rejections.length > 0 || ledger.recordedRejections.length > 0;
  if (policy.approvals.source === 'github-review' && !ledger.reviewsKnown) {
    out.push(
      indeterminate(
        'BIAS_REVIEWS_UNAVAILABLE',
        `The policy takes approvals from GitHub reviews (approvals.source: github-review), so the ${role} approval of the bias report is a GitHub review, and the reviews ${ledger.reviewsUnavailable ? `could not be read (${describeUnavailable(ledger.reviewsUnavailable)})` : 'are not known here (local run or offline)'}.`,
        {
          file: doc.file,
          fix:
            ledger.reviewsUnavailable?.fix ??
            'Run the gate in the GitHub Action, where the pull request reviews are read.',
        },
      ),
    );
  } else if (!blocked && ledger.missingRoles.length > 0 && ledger.undeterminedRoles.length === 0) {
    out.push(
      error(
        'BIAS_APPROVAL_MISSING',
        `No ${role} approval that counts is bound to the bias report's current digest ${ledger.digest}.`,
        {
          ...at(doc, approvals.length > 0 ? '/approvals' : ''),
          fix: `After reviewing the report, run: ${mlgovCommand(ctx, `approve --target bias-report --approver <login> --role ${role}`)}${policy.approvals.corroborate === 'github-review' ? ', and approve the pull request on GitHub' : ''}`,
        },
      ),
    );
  }
  details.reviewer = reviewerOf(ledger, role);
  return out;
}

/** Who reviewed the report for the job summary: who rejected it, else the counted reviewer, else who fell short. */
function reviewerOf(ledger: ApprovalLedger, role: string): BiasDetails['reviewer'] {
  // A rejection blocks whatever else was recorded, so it is what the summary shows.
  const rejection = ledger.rejections[0] ?? ledger.recordedRejections[0];
  if (rejection) return { approver: rejection.approver, counted: false, reason: 'rejected' };
  const counted = ledger.entries.find((e) => e.counted && e.roles.includes(role));
  if (counted) return { approver: counted.approver, counted: true };
  const tried = ledger.entries.find((e) => e.roles.includes(role)) ?? ledger.entries[0];
  return tried
    ? { approver: tried.approver, counted: false, reason: tried.reasons.join('; ') || tried.decision }
    : undefined;
}

/** Runs the bias rules over a parsed report; exported for the gate and for `diff`. */
export function judgeBias(ctx: ReleaseContext, policy: Policy): CheckResultOf<'bias'> {
  const doc = ctx.biasReport;
  const report = doc?.value;
  const manifest = ctx.manifest.value;
  const details: BiasDetails = { thresholds: {}, rows: [], excludedGroups: [] };
  if (!doc || !report || !manifest) {
    const f = indeterminate(
      'BIAS_REPORT_UNREADABLE',
      `The bias report ${doc?.file ?? policy.model.biasReport} could not be read, so fairness was not judged.`,
      {
        file: doc?.file ?? policy.model.biasReport,
        fix: `Add the bias report at the path the policy names (model.biasReport: ${policy.model.biasReport}); see the schema check.`,
      },
    );
    return {
      id: 'bias',
      status: 'fail',
      summary: 'bias report unreadable: not judged',
      findings: [f],
      details: { ...details },
    };
  }
  details.model = report.model;
  const thresholds = effectiveBiasThresholds(policy, report);
  details.thresholds = thresholds;
  const findings = [
    ...checkReportPath(ctx.manifest, manifest, policy),
    ...checkIdentity(doc, report, manifest),
    ...checkFavorableLabel(doc, report, policy),
    ...checkDatasetRows(doc, report),
    ...checkAttributes(doc, report, policy, thresholds, details),
    ...checkPredictions(
      doc,
      report,
      ctx.predictions,
      ctx.base.kind === 'found'
        ? { manifest: ctx.base.manifest?.value, biasReport: ctx.base.biasReport?.value }
        : undefined,
    ),
    ...(ctx.base.kind === 'found' ? checkDroppedGroups(doc, report, ctx.base.biasReport?.value) : []),
    ...(ctx.base.kind === 'found' ? checkPositiveLabel(doc, report, ctx.base.biasReport?.value) : []),
    ...checkReviewer(ctx, policy, details),
  ];
  const favorable = policy.bias.favorableLabel;
  if (typeof favorable === 'string' && favorable !== '') {
    findings.push(
      notice(
        'BIAS_FAVORABLE_LABEL',
        `Disparate impact is computed on the favourable rate ("${favorable}" = 1 − selection rate), as the policy decides (bias.favorableLabel).`,
        {
          ...at(doc, '/favorableLabel'),
        },
      ),
    );
  }
  const status = statusOf(findings);
  const failing = details.rows.filter((r) => r.status === 'fail').length;
  const summary =
    status === 'pass'
      ? `${details.rows.length} metric(s) over ${report.attributes.length} attribute(s) recomputed and within thresholds; reviewed by ${details.reviewer?.approver}`
      : status === 'warn'
        ? `fairness within thresholds with warnings (${findings.filter((f) => f.severity === 'warning').length})`
        : `${findings.filter((f) => f.severity === 'error').length} problem(s)${failing ? `, ${failing} metric(s) failing` : ''}`;
  return { id: 'bias', status, summary, findings, details: { ...details } };
}

export const biasCheck: Check<'bias'> = {
  id: 'bias',
  title: 'Fairness: recomputed bias metrics within thresholds, reviewer approval bound to the report',
  needs: ['manifest', 'biasReport'],
  run: judgeBias,
};
