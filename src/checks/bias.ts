/**
 * The `bias` check (DESIGN.md §3 bias report, §4): the report belongs to this exact release, covers the required
 * attributes, its summary metrics are what its own group rates say, the recomputed metrics meet the stricter of the
 * policy's and the report's thresholds, and the fairness reviewer approved exactly this report.
 */
import type { BiasApproval, BiasMetricName, BiasReport, Threshold } from '../formats/bias-report.js';
import { reportDigest } from '../formats/canonical-digest.js';
import { error, indeterminate, notice, warning, type Finding } from '../formats/finding.js';
import { pointer } from '../formats/json-pointer.js';
import type { Manifest } from '../formats/manifest.js';
import { at, type ParsedDocument } from '../formats/parsed-document.js';
import type { CheckResult } from '../gate/report.js';
import { statusOf } from '../gate/report.js';
import type { ReleaseContext } from '../gate/release-context.js';
import type { Policy } from '../policy/policy.js';
import {
  agreesWithReported,
  BIAS_METRICS,
  describeThreshold,
  judgeThreshold,
  recomputeAttribute,
  roundForMessage,
  stricterThreshold,
  type MetricValue,
} from './bias-metrics.js';
import type { Check } from './check.js';

/** One metric of one attribute as the job summary shows it. */
export interface BiasMetricRow {
  attribute: string;
  metric: BiasMetricName;
  reported?: number | null;
  recomputed?: number;
  undefinedReason?: string;
  threshold?: Threshold;
  lowGroup?: string;
  highGroup?: string;
  interval?: { low: number; high: number };
  status: 'pass' | 'fail' | 'warn' | 'info';
}

export interface BiasDetails {
  model?: { name: string; version: string };
  reportDigest?: string;
  thresholds: Partial<Record<BiasMetricName, Threshold>>;
  rows: BiasMetricRow[];
  excludedGroups: Array<{ attribute: string; group: string; reason: string }>;
  reviewer?: { approver: string; counted: boolean; reason?: string };
}

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

function checkAttributes(
  doc: ParsedDocument<BiasReport>,
  report: BiasReport,
  policy: Policy,
  thresholds: Partial<Record<BiasMetricName, Threshold>>,
  details: BiasDetails,
): Finding[] {
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
  const favorable = typeof report.favorableLabel === 'string' && report.favorableLabel !== '';
  const maxExcludedShare = policy.bias.maxExcludedShare ?? 0.05;
  attributes.forEach((attr, ai) => {
    const attrPtr = pointer('attributes', ai);
    const groups = Array.isArray(attr.groups) ? attr.groups : [];
    const r = recomputeAttribute(
      { ...attr, groups },
      {
        minGroupSize: policy.bias.minGroupSize,
        minEvents: policy.bias.minEvents ?? 0,
        favorable,
      },
    );
    for (const e of r.exclusions)
      details.excludedGroups.push({ attribute: attr.name, group: e.group, reason: e.reason });
    if (r.exclusions.length > 0) {
      const share = r.totalRows > 0 ? r.excludedRows / r.totalRows : 0;
      const listed = r.exclusions.map((e) => `"${e.group}" (${e.reason})`).join('; ');
      const tooMany = share > maxExcludedShare;
      const where = at(
        doc,
        pointer(
          'attributes',
          ai,
          'groups',
          groups.findIndex((g) => g.group === r.exclusions[0]!.group),
        ),
      );
      const msg =
        `Attribute "${attr.name}": insufficient data for ${listed}; left out of the spread. ` +
        `Excluded rows: ${r.excludedRows} of ${r.totalRows} (${roundForMessage(share * 100)} %, policy maximum ${roundForMessage(maxExcludedShare * 100)} %).`;
      out.push(
        tooMany
          ? error('BIAS_EXCLUDED_SHARE_TOO_HIGH', msg, {
              ...where,
              fix: 'Collect more evaluation data for the small groups, or merge them into larger groups.',
            })
          : warning('BIAS_INSUFFICIENT_DATA', msg, {
              ...where,
              fix: 'Collect more evaluation data for these groups so they can be assessed.',
            }),
      );
    }
    const metrics = attr.metrics ?? {};
    for (const metric of BIAS_METRICS) {
      const hasReported = Object.prototype.hasOwnProperty.call(metrics, metric);
      const reported = metrics[metric];
      const threshold = thresholds[metric];
      if (!hasReported && !threshold) continue;
      const metricPtr = hasReported ? pointer('attributes', ai, 'metrics', metric) : pointer('attributes', ai);
      const row: BiasMetricRow = { attribute: attr.name, metric, status: 'pass', ...(threshold ? { threshold } : {}) };
      if (hasReported) row.reported = reported ?? null;
      details.rows.push(row);
      const judged = r.judged[metric]!;
      const all = r.allGroups[metric]!;

      // The reported value must be what the groups say (as the generator computed it over all groups, or over the
      // groups with enough data). A null/NaN reported value is "undefined", never a pass.
      if (hasReported) {
        if (!isReportedNumber(reported)) {
          row.status = 'fail';
          out.push(
            error(
              'BIAS_METRIC_UNDEFINED',
              `Attribute "${attr.name}": ${METRIC_LABEL[metric]} is reported as ${String(reported)}: an undefined metric is never a pass.`,
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
                `Attribute "${attr.name}": the report states ${METRIC_LABEL[metric]} = ${reported}, but its group rates give ${roundForMessage(all.kind === 'defined' ? all.value : candidates[0]!.value)} ` +
                  `("${candidates[0]!.lowGroup}" ${candidates[0]!.rate} vs "${candidates[0]!.highGroup}").`,
                {
                  ...at(doc, metricPtr),
                  fix: 'Regenerate the report so the summary metrics match the group rates (do not edit them by hand).',
                },
              ),
            );
          }
        }
      }

      if (judged.kind === 'undefined') {
        row.undefinedReason = judged.reason;
        if (threshold) {
          row.status = 'fail';
          out.push(
            error(
              'BIAS_METRIC_UNDEFINED',
              `Attribute "${attr.name}": ${METRIC_LABEL[metric]} cannot be computed (${judged.reason}); an undefined metric is never a pass (threshold ${describeThreshold(threshold)}).`,
              {
                ...at(doc, hasReported ? metricPtr : attrPtr),
                fix: 'Provide the group rates this metric needs, with enough data per group.',
              },
            ),
          );
        }
        continue;
      }
      row.recomputed = judged.value;
      row.lowGroup = judged.lowGroup;
      row.highGroup = judged.highGroup;
      if (judged.interval) row.interval = judged.interval;
      if (!threshold) {
        if (row.status === 'pass') row.status = 'info';
        continue;
      }
      const verdict = judgeThreshold(judged.value, threshold, judged.interval);
      if (verdict.kind === 'beyond') {
        row.status = 'fail';
        const ci = judged.interval
          ? ` (interval ${roundForMessage(judged.interval.low)}–${roundForMessage(judged.interval.high)})`
          : '';
        out.push(
          error(
            'BIAS_THRESHOLD_EXCEEDED',
            `Attribute "${attr.name}": ${describeMetricValue(metric, judged)}${ci} is ${verdict.bound === 'min' ? 'below the minimum' : 'above the maximum'} ${verdict.limit}.`,
            {
              ...at(doc, hasReported ? metricPtr : attrPtr),
              fix: `Mitigate the disparity between "${judged.lowGroup}" and "${judged.highGroup}" (reweighting, threshold adjustment) and regenerate the report; thresholds are the stricter of the policy's and the report's.`,
            },
          ),
        );
      } else if (verdict.kind === 'straddles') {
        if (row.status === 'pass') row.status = 'warn';
        out.push(
          warning(
            'BIAS_INTERVAL_STRADDLES_THRESHOLD',
            `Attribute "${attr.name}": ${describeMetricValue(metric, judged)} meets ${verdict.bound} ${verdict.limit}, but its confidence interval ${roundForMessage(judged.interval!.low)}–${roundForMessage(judged.interval!.high)} reaches past it.`,
            {
              ...at(doc, hasReported ? metricPtr : attrPtr),
              fix: 'Evaluate on more data to narrow the interval, or review the disparity with the fairness reviewer.',
            },
          ),
        );
      }
    }
  });
  return out;
}

function checkReviewer(
  doc: ParsedDocument<BiasReport>,
  report: BiasReport,
  policy: Policy,
  details: BiasDetails,
): Finding[] {
  const role = policy.bias.reviewerRole;
  const digest = reportDigest(report);
  details.reportDigest = digest;
  const approvals: BiasApproval[] = Array.isArray(report.approvals) ? report.approvals : [];
  const holders = policy.approvals.roster.filter((m) => m.roles.includes(role)).map((m) => m.login);
  const out: Finding[] = [];
  const valid: Array<{ a: BiasApproval; i: number }> = [];
  approvals.forEach((a, i) => {
    if (a.role !== role) return;
    if (a.reportDigest !== digest) {
      out.push(
        error(
          'BIAS_APPROVAL_DIGEST_MISMATCH',
          `The ${role} approval by ${a.approver} is bound to ${a.reportDigest}, but the report's digest is now ${digest}: the report changed after the review.`,
          {
            ...at(doc, pointer('approvals', i, 'reportDigest')),
            fix: `Have the reviewer re-review, then run: mlgov approve --target bias-report --approver ${a.approver} --role ${role}`,
          },
        ),
      );
      details.reviewer ??= { approver: a.approver, counted: false, reason: 'bound to another digest' };
      return;
    }
    if (holders.length > 0 && !holders.includes(a.approver)) {
      out.push(
        error(
          'BIAS_REVIEWER_NOT_ON_ROSTER',
          `${a.approver} approved the bias report as ${role}, but the roster gives that role only to ${holders.join(', ')}.`,
          {
            ...at(doc, pointer('approvals', i, 'approver')),
            fix: `Have one of ${holders.join(', ')} review the report, or add the reviewer to the roster through a board-reviewed policy change.`,
          },
        ),
      );
      details.reviewer ??= { approver: a.approver, counted: false, reason: 'not on the roster with this role' };
      return;
    }
    valid.push({ a, i });
  });
  const rejection = valid.find((v) => v.a.decision === 'rejected');
  const approval = valid.find((v) => v.a.decision === 'approved');
  if (rejection) {
    const { a, i } = rejection;
    out.push(
      error(
        'BIAS_REVIEW_REJECTED',
        `${a.approver} (${role}) rejected this bias report${a.note ? `: "${a.note}"` : ''}.`,
        {
          ...at(doc, pointer('approvals', i, 'decision')),
          fix: "Address the reviewer's objections, regenerate the report and ask for a new review.",
        },
      ),
    );
    details.reviewer = { approver: a.approver, counted: false, reason: 'rejected' };
  } else if (approval) {
    details.reviewer = { approver: approval.a.approver, counted: true };
    if (holders.length === 0) {
      out.push(
        warning(
          'BIAS_REVIEWER_ROLE_NOT_ON_ROSTER',
          `The roster gives nobody the role ${role}, so ${approval.a.approver}'s review could not be checked against it.`,
          {
            ...at(doc, pointer('approvals', approval.i, 'approver')),
            fix: `Add the fairness reviewers to approvals.roster with role ${role} (a board-reviewed policy change).`,
          },
        ),
      );
    }
  } else {
    out.push(
      error('BIAS_APPROVAL_MISSING', `No ${role} approval is bound to the bias report's current digest ${digest}.`, {
        ...at(doc, approvals.length > 0 ? '/approvals' : ''),
        fix: `After reviewing the report, run: mlgov approve --target bias-report --approver <login> --role ${role}`,
      }),
    );
  }
  return out;
}

/** Runs the bias rules over a parsed report; exported for the gate and for `diff`. */
export function judgeBias(ctx: ReleaseContext, policy: Policy): CheckResult {
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
        fix: 'Add the bias report the manifest names (biasReport.path); see the schema check.',
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
    ...checkIdentity(doc, report, manifest),
    ...checkAttributes(doc, report, policy, thresholds, details),
    ...checkReviewer(doc, report, policy, details),
  ];
  if (typeof report.favorableLabel === 'string' && report.favorableLabel !== '') {
    findings.push(
      notice(
        'BIAS_FAVORABLE_LABEL',
        `Disparate impact is computed on the favourable rate ("${report.favorableLabel}" = 1 − selection rate).`,
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

export const biasCheck: Check = {
  id: 'bias',
  title: 'Fairness: recomputed bias metrics within thresholds, reviewer approval bound to the report',
  needs: ['manifest', 'biasReport'],
  run: judgeBias,
};
