import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  aboveMax,
  belowMin
} from "./chunk-KTM7YKZB.js";

// src/formats/visible-text.ts
var INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}]/gu;
function visibleText(text) {
  return text.replace(INVISIBLE, "").trim();
}
function visibleLength(text) {
  return [...visibleText(text)].length;
}

// src/checks/bias-metrics.ts
var BIAS_METRICS = [
  "demographic_parity_difference",
  "disparate_impact_ratio",
  "equalized_odds_difference",
  "false_positive_rate_difference",
  "true_positive_rate_difference"
];
function isRate(v) {
  return typeof v === "number" && Number.isFinite(v);
}
function rateOf(g, rate) {
  if (rate === "favorableRate") return isRate(g.selectionRate) ? 1 - g.selectionRate : g.selectionRate;
  return g[rate];
}
function intervalOf(g, rate) {
  if (rate === "favorableRate") {
    const i = g.intervals?.selectionRate;
    return i ? { low: 1 - i.high, high: 1 - i.low } : void 0;
  }
  return g.intervals?.[rate];
}
function extremes(groups, rate) {
  if (groups.length < 2) {
    return { undefinedReason: `only ${groups.length} group(s) with enough data; a spread needs at least 2` };
  }
  let low;
  let high;
  const intervals = [];
  let allIntervals = true;
  for (const g of groups) {
    const r = rateOf(g, rate);
    if (!isRate(r)) {
      return {
        undefinedReason: `group "${g.group}" has no ${rate === "favorableRate" ? "selectionRate" : rate} (${String(r)})`
      };
    }
    if (!low || r < low.rate) low = { group: g.group, rate: r };
    if (!high || r > high.rate) high = { group: g.group, rate: r };
    const i = intervalOf(g, rate);
    if (i && isRate(i.low) && isRate(i.high)) intervals.push(i);
    else allIntervals = false;
  }
  return { low, high, ...allIntervals ? { intervals } : {} };
}
function spread(groups, rate) {
  const e = extremes(groups, rate);
  if ("undefinedReason" in e) return { kind: "undefined", reason: e.undefinedReason };
  const value = e.high.rate - e.low.rate;
  let interval;
  if (e.intervals) {
    const highs = e.intervals.map((i) => i.high);
    const lows = e.intervals.map((i) => i.low);
    interval = {
      low: Math.max(0, Math.max(...lows) - Math.min(...highs)),
      high: Math.max(...highs) - Math.min(...lows)
    };
  }
  return definedMetric(value, e, rate, interval);
}
function definedMetric(value, e, rate, interval) {
  return {
    kind: "defined",
    value,
    lowGroup: e.low.group,
    highGroup: e.high.group,
    rate,
    ...interval ? { interval } : {}
  };
}
function ratio(groups, rate) {
  const e = extremes(groups, rate);
  if ("undefinedReason" in e) return { kind: "undefined", reason: e.undefinedReason };
  if (e.high.rate <= 0)
    return { kind: "undefined", reason: `the highest ${rate} is ${e.high.rate}; the ratio divides by it` };
  const value = e.low.rate / e.high.rate;
  let interval;
  if (e.intervals) {
    const highs = e.intervals.map((i) => i.high);
    const lows = e.intervals.map((i) => i.low);
    const maxHigh = Math.max(...highs);
    const maxLow = Math.max(...lows);
    interval = {
      low: maxHigh > 0 ? Math.max(0, Math.min(...lows)) / maxHigh : 0,
      high: maxLow > 0 ? Math.min(1, Math.min(...highs) / maxLow) : 1
    };
  }
  return definedMetric(value, e, rate, interval);
}
function larger(a, b) {
  if (a.kind === "undefined") return a;
  if (b.kind === "undefined") return b;
  const pick = b.value > a.value ? b : a;
  const interval = a.interval && b.interval ? { low: Math.max(a.interval.low, b.interval.low), high: Math.max(a.interval.high, b.interval.high) } : void 0;
  const { interval: _drop, ...rest } = pick;
  return { ...rest, ...interval ? { interval } : {} };
}
function metricsOver(base, tprGroups, fprGroups, favorable) {
  const tpr = spread(tprGroups, "truePositiveRate");
  const fpr = spread(fprGroups, "falsePositiveRate");
  return {
    demographic_parity_difference: spread(base, "selectionRate"),
    disparate_impact_ratio: ratio(base, favorable ? "favorableRate" : "selectionRate"),
    equalized_odds_difference: larger(tpr, fpr),
    true_positive_rate_difference: tpr,
    false_positive_rate_difference: fpr
  };
}
function countOf(v) {
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : 0;
}
function recomputeAttribute(attr, options) {
  const minEvents = options.minEvents ?? 0;
  const exclusions = [];
  attr.groups.forEach((g, index) => {
    const small = !(g.n >= options.minGroupSize);
    const fewPositives = minEvents > 0 && typeof g.positives === "number" && g.positives < minEvents;
    const fewNegatives = minEvents > 0 && typeof g.negatives === "number" && g.negatives < minEvents;
    if (!small && !fewPositives && !fewNegatives) return;
    const reasons = [];
    if (small) reasons.push(`n=${g.n} < minGroupSize ${options.minGroupSize}`);
    if (fewPositives) reasons.push(`positives=${g.positives} < minEvents ${minEvents}`);
    if (fewNegatives) reasons.push(`negatives=${g.negatives} < minEvents ${minEvents}`);
    exclusions.push({ index, group: g.group, n: g.n, small, fewPositives, fewNegatives, reason: reasons.join(", ") });
  });
  const excluded = new Map(exclusions.map((e) => [e.index, e]));
  const indexed = attr.groups.map((g, i) => ({ g, e: excluded.get(i) }));
  const base = indexed.filter((x) => !x.e?.small);
  const tprGroups = base.filter((x) => !x.e?.fewPositives).map((x) => x.g);
  const fprGroups = base.filter((x) => !x.e?.fewNegatives).map((x) => x.g);
  const favorable = options.favorable ?? false;
  const missingRows = countOf(attr.missing);
  const declaredExcludedRows = countOf(attr.excluded);
  const groupRows = attr.groups.reduce((s, g) => s + countOf(g.n), 0);
  const excludedGroupRows = exclusions.reduce((s, e) => s + countOf(e.n), 0);
  return {
    exclusions,
    groupRows,
    missingRows,
    declaredExcludedRows,
    excludedRows: excludedGroupRows + missingRows + declaredExcludedRows,
    totalRows: groupRows + missingRows + declaredExcludedRows,
    judged: metricsOver(
      base.map((x) => x.g),
      tprGroups,
      fprGroups,
      favorable
    ),
    allGroups: metricsOver(attr.groups, attr.groups, attr.groups, favorable)
  };
}
function recomputeOptionsOf(bias) {
  return {
    minGroupSize: bias.minGroupSize,
    minEvents: bias.minEvents ?? 0,
    // Which outcome is favourable is the policy's decision, never the report's (a report cannot pick the rate its
    // disparate impact is judged on).
    favorable: typeof bias.favorableLabel === "string" && bias.favorableLabel !== ""
  };
}
function nameKey(name) {
  return visibleText(String(name).normalize("NFKC"));
}
function repeatedNames(names) {
  const seen = /* @__PURE__ */ new Map();
  const out = [];
  names.forEach((name, index) => {
    const key = nameKey(name);
    const first = seen.get(key);
    if (first === void 0) seen.set(key, index);
    else out.push({ index, first });
  });
  return out;
}
function decimalsOf(value) {
  const text = String(value);
  const exp = /e([+-]\d+)$/i.exec(text);
  const mantissa = exp ? text.slice(0, exp.index) : text;
  const dot = mantissa.indexOf(".");
  const fraction = dot < 0 ? 0 : mantissa.length - dot - 1;
  return Math.max(0, fraction - (exp ? Number(exp[1]) : 0));
}
var FULL_PRECISION_DECIMALS = 12;
var RELATIVE_TOLERANCE = 1e-9;
function agreesWithReported(reported, recomputed) {
  if (!Number.isFinite(reported) || !Number.isFinite(recomputed)) return false;
  const scale = Math.max(Math.abs(reported), Math.abs(recomputed), Number.MIN_VALUE);
  if (Math.abs(reported - recomputed) <= RELATIVE_TOLERANCE * scale) return true;
  const d = decimalsOf(reported);
  if (d >= FULL_PRECISION_DECIMALS) return false;
  const halfUnit = 0.5 * 10 ** -d;
  return Math.abs(reported - recomputed) <= halfUnit + 1e-12;
}
function stricterThreshold(a, b) {
  if (!a) return b ? { ...b } : void 0;
  if (!b) return { ...a };
  const out = {};
  const mins = [a.min, b.min].filter((v) => typeof v === "number");
  const maxs = [a.max, b.max].filter((v) => typeof v === "number");
  if (mins.length) out.min = Math.max(...mins);
  if (maxs.length) out.max = Math.min(...maxs);
  return out;
}
function judgeThreshold(value, threshold, interval) {
  if (typeof threshold.min === "number" && belowMin(value, threshold.min))
    return { kind: "beyond", bound: "min", limit: threshold.min };
  if (typeof threshold.max === "number" && aboveMax(value, threshold.max))
    return { kind: "beyond", bound: "max", limit: threshold.max };
  if (interval) {
    if (typeof threshold.min === "number" && belowMin(interval.high, threshold.min))
      return { kind: "beyond", bound: "min", limit: threshold.min };
    if (typeof threshold.max === "number" && aboveMax(interval.low, threshold.max))
      return { kind: "beyond", bound: "max", limit: threshold.max };
    if (typeof threshold.min === "number" && belowMin(interval.low, threshold.min))
      return { kind: "straddles", bound: "min", limit: threshold.min };
    if (typeof threshold.max === "number" && aboveMax(interval.high, threshold.max))
      return { kind: "straddles", bound: "max", limit: threshold.max };
  }
  return { kind: "within" };
}
function describeThreshold(t) {
  return [typeof t.min === "number" ? `min ${t.min}` : "", typeof t.max === "number" ? `max ${t.max}` : ""].filter(Boolean).join(", ");
}
function roundForMessage(v) {
  return String(Math.round(v * 1e6) / 1e6);
}

export {
  visibleText,
  visibleLength,
  BIAS_METRICS,
  recomputeAttribute,
  recomputeOptionsOf,
  nameKey,
  repeatedNames,
  agreesWithReported,
  stricterThreshold,
  judgeThreshold,
  describeThreshold,
  roundForMessage
};
