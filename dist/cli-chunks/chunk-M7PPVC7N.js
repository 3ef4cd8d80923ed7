import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  aboveMax,
  belowMin
} from "./chunk-KTM7YKZB.js";
import {
  canonicalDigest,
  manifestDigest,
  reportDigest
} from "./chunk-4LCUO2WG.js";

// src/export/release-view.ts
var BIAS_METRIC_LABELS = {
  demographic_parity_difference: "Demographic parity difference",
  disparate_impact_ratio: "Disparate impact ratio",
  equalized_odds_difference: "Equalized odds difference",
  false_positive_rate_difference: "False positive rate difference",
  true_positive_rate_difference: "True positive rate difference"
};
function effectiveBiasThresholds(policy, report) {
  const out = {};
  const sources = [policy?.bias.thresholds ?? {}, report?.thresholds ?? {}];
  for (const source of sources) {
    for (const [name, t] of Object.entries(source)) {
      if (t === void 0) continue;
      const prev = out[name] ?? {};
      const next = { ...prev };
      if (t.max !== void 0) next.max = prev.max === void 0 ? t.max : Math.min(prev.max, t.max);
      if (t.min !== void 0) next.min = prev.min === void 0 ? t.min : Math.max(prev.min, t.min);
      out[name] = next;
    }
  }
  return out;
}
function standingOf(value, threshold) {
  if (value === null || value === void 0 || !Number.isFinite(value)) return "undefined";
  if (threshold === void 0 || threshold.min === void 0 && threshold.max === void 0) return "no-threshold";
  if (threshold.min !== void 0 && belowMin(value, threshold.min)) return "beyond";
  if (threshold.max !== void 0 && aboveMax(value, threshold.max)) return "beyond";
  return "within";
}
function describeThreshold(t) {
  if (t === void 0) return "\u2014";
  if (t.min !== void 0 && t.max !== void 0) return `${t.min} \u2013 ${t.max}`;
  if (t.max !== void 0) return `\u2264 ${t.max}`;
  if (t.min !== void 0) return `\u2265 ${t.min}`;
  return "\u2014";
}
function fairnessMetricRows(docs) {
  const report = docs.biasReport;
  if (!report) return [];
  const thresholds = effectiveBiasThresholds(docs.policy, report);
  const rows = [];
  for (const attr of report.attributes) {
    const names = /* @__PURE__ */ new Set([
      ...Object.keys(attr.metrics),
      ...Object.keys(thresholds)
    ]);
    for (const metric of names) {
      const value = attr.metrics[metric];
      const threshold = thresholds[metric];
      rows.push({
        attribute: attr.name,
        metric,
        value,
        ...threshold ? { threshold } : {},
        standing: standingOf(value, threshold)
      });
    }
  }
  return rows;
}
var LOWER_IS_BETTER = /(^|[._])(mae|rmse|mse|mape|loss|error|logloss|brier|bias)$/i;
function compareMetrics(manifest, base) {
  const flatten = (m) => {
    const out = /* @__PURE__ */ new Map();
    if (!m) return out;
    for (const [k, v] of Object.entries(m.evaluation?.metrics ?? {})) if (typeof v === "number") out.set(k, v);
    const bt = m.evaluation?.backtest;
    if (bt) {
      for (const k of ["mae", "rmse", "bias", "windows"]) {
        const v = bt[k];
        if (typeof v === "number") out.set(`backtest.${k}`, v);
      }
      for (const [season, s] of Object.entries(bt.seasons ?? {})) {
        if (typeof s.mae === "number") out.set(`backtest.seasons.${season}.mae`, s.mae);
        if (typeof s.rmse === "number") out.set(`backtest.seasons.${season}.rmse`, s.rmse);
      }
    }
    return out;
  };
  const current = flatten(manifest);
  const previous = flatten(base);
  const names = [...current.keys(), ...[...previous.keys()].filter((k) => !current.has(k))];
  return names.map((name) => {
    const c = current.get(name);
    const b = previous.get(name);
    const lowerIsBetter = LOWER_IS_BETTER.test(name);
    const row = { name, lowerIsBetter };
    if (c !== void 0) row.current = c;
    if (b !== void 0) row.base = b;
    if (c !== void 0 && b !== void 0 && name !== "backtest.windows") {
      const isBias = /(^|\.)bias$/.test(name);
      const cv = isBias ? Math.abs(c) : c;
      const bv = isBias ? Math.abs(b) : b;
      if (bv !== 0) row.improvementPct = (lowerIsBetter ? bv - cv : cv - bv) / Math.abs(bv) * 100;
    }
    return row;
  });
}
function approvalViews(docs) {
  const mDigest = manifestDigest(docs.manifest);
  const out = (docs.manifest.approvals ?? []).map((a) => ({
    target: "manifest",
    approver: a.approver,
    role: a.role,
    decision: a.decision,
    at: a.at,
    ...a.note !== void 0 ? { note: a.note } : {},
    digest: a.manifestDigest,
    bound: a.manifestDigest === mDigest
  }));
  if (docs.biasReport) {
    const rDigest = reportDigest(docs.biasReport);
    for (const a of docs.biasReport.approvals ?? []) {
      out.push({
        target: "bias-report",
        approver: a.approver,
        role: a.role,
        decision: a.decision,
        at: a.at,
        ...a.note !== void 0 ? { note: a.note } : {},
        digest: a.reportDigest,
        bound: a.reportDigest === rDigest
      });
    }
  }
  return out;
}
function releaseDigests(docs) {
  return {
    manifestDigest: manifestDigest(docs.manifest),
    ...docs.biasReport ? { reportDigest: reportDigest(docs.biasReport) } : {},
    ...docs.policy ? { policyDigest: canonicalDigest(docs.policy) } : {}
  };
}
function jiraSignOffView(docs) {
  const check = docs.report?.checks.find((c) => c.id === "jira");
  if (!check) return { key: docs.manifest.jira, status: "not-run", summary: "the gate was not run for this document" };
  return { key: docs.manifest.jira, status: check.status, summary: check.summary };
}

export {
  BIAS_METRIC_LABELS,
  effectiveBiasThresholds,
  standingOf,
  describeThreshold,
  fairnessMetricRows,
  compareMetrics,
  approvalViews,
  releaseDigests,
  jiraSignOffView
};
