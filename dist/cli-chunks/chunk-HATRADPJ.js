import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  aboveMax,
  belowMin
} from "./chunk-KTM7YKZB.js";
import {
  BinaryLabels,
  readTable
} from "./chunk-3GTBA4PB.js";
import {
  InputFileError,
  RowProblem
} from "./chunk-WRTI2VV7.js";

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
function rateOf(g, rate2) {
  if (rate2 === "favorableRate") return isRate(g.selectionRate) ? 1 - g.selectionRate : g.selectionRate;
  return g[rate2];
}
function intervalOf(g, rate2) {
  if (rate2 === "favorableRate") {
    const i = g.intervals?.selectionRate;
    return i ? { low: 1 - i.high, high: 1 - i.low } : void 0;
  }
  return g.intervals?.[rate2];
}
function extremes(groups, rate2) {
  if (groups.length < 2) {
    return { undefinedReason: `only ${groups.length} group(s) with enough data; a spread needs at least 2` };
  }
  let low;
  let high;
  const intervals = [];
  let allIntervals = true;
  for (const g of groups) {
    const r = rateOf(g, rate2);
    if (!isRate(r)) {
      return {
        undefinedReason: `group "${g.group}" has no ${rate2 === "favorableRate" ? "selectionRate" : rate2} (${String(r)})`
      };
    }
    if (!low || r < low.rate) low = { group: g.group, rate: r };
    if (!high || r > high.rate) high = { group: g.group, rate: r };
    const i = intervalOf(g, rate2);
    if (i && isRate(i.low) && isRate(i.high)) intervals.push(i);
    else allIntervals = false;
  }
  return { low, high, ...allIntervals ? { intervals } : {} };
}
function spread(groups, rate2) {
  const e = extremes(groups, rate2);
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
  return definedMetric(value, e, rate2, interval);
}
function definedMetric(value, e, rate2, interval) {
  return {
    kind: "defined",
    value,
    lowGroup: e.low.group,
    highGroup: e.high.group,
    rate: rate2,
    ...interval ? { interval } : {}
  };
}
function ratio(groups, rate2) {
  const e = extremes(groups, rate2);
  if ("undefinedReason" in e) return { kind: "undefined", reason: e.undefinedReason };
  if (e.high.rate <= 0)
    return { kind: "undefined", reason: `the highest ${rate2} is ${e.high.rate}; the ratio divides by it` };
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
  return definedMetric(value, e, rate2, interval);
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

// src/fairness/group-counts.ts
var MAX_GROUPS = 1e3;
var MAX_GROUP_NAME = 256;
var MAX_ATTRIBUTES = 64;
var AttributeCounts = class {
  constructor(name) {
    this.name = name;
  }
  name;
  groups = /* @__PURE__ */ new Map();
  missing = 0;
  /**
   * The bias report schema's bounds, checked as soon as they are passed: an id or a free-text column named as an
   * attribute would otherwise grow a group per row (and a report nobody can review).
   */
  checkNewGroup(group) {
    if (this.groups.size >= MAX_GROUPS) {
      throw new RowProblem(
        "TOO_MANY_GROUPS",
        `attribute "${this.name}" has more than ${MAX_GROUPS} distinct values`,
        "Name a protected attribute with a few groups (bin ages into bands); an id or free-text column is not one."
      );
    }
    if (group.length > MAX_GROUP_NAME) {
      throw new RowProblem(
        "GROUP_NAME_TOO_LONG",
        `a value of attribute "${this.name}" is longer than ${MAX_GROUP_NAME} characters`,
        'Use short group names (e.g. "18-29", "female").'
      );
    }
  }
  add(group, label, predicted) {
    if (group === "") {
      this.missing++;
      return;
    }
    let g = this.groups.get(group);
    if (!g) {
      this.checkNewGroup(group);
      g = { n: 0, selected: 0, positives: 0, truePositives: 0, falsePositives: 0 };
      this.groups.set(group, g);
    }
    g.n++;
    if (predicted) {
      g.selected++;
      if (label) g.truePositives++;
      else g.falsePositives++;
    }
    if (label) g.positives++;
  }
};
function rate(numerator, denominator) {
  return denominator > 0 ? numerator / denominator : null;
}
function groupRates(group, c) {
  const negatives = c.n - c.positives;
  return {
    group,
    n: c.n,
    selectionRate: rate(c.selected, c.n),
    truePositiveRate: rate(c.truePositives, c.positives),
    falsePositiveRate: rate(c.falsePositives, negatives),
    positives: c.positives,
    negatives
  };
}
function sortedGroups(counts) {
  return [...counts.groups.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([group, c]) => groupRates(group, c));
}
function attributeOf(counts, favorable = false) {
  const groups = sortedGroups(counts);
  const attr = { name: counts.name, groups, metrics: {} };
  const { allGroups } = recomputeAttribute(attr, { minGroupSize: 0, favorable });
  const metrics = {};
  for (const name of BIAS_METRICS) {
    const m = allGroups[name];
    metrics[name] = m && m.kind === "defined" ? m.value : null;
  }
  return { ...attr, metrics, missing: counts.missing };
}
function buildBiasReport(facts, attributes) {
  return {
    ...facts.schemaRef !== void 0 ? { $schema: facts.schemaRef } : {},
    schemaVersion: "1.0",
    model: facts.model,
    generatedAt: facts.generatedAt,
    generator: facts.generator,
    dataset: facts.dataset,
    positiveLabel: facts.positiveLabel,
    ...facts.favorableLabel !== void 0 ? { favorableLabel: facts.favorableLabel } : {},
    ...facts.thresholds !== void 0 ? { thresholds: facts.thresholds } : {},
    attributes: attributes.map((a) => attributeOf(a, facts.favorableLabel !== void 0))
  };
}

// src/fairness/compute-bias.ts
function recordedInput(input, repositoryPath) {
  return {
    ...repositoryPath !== void 0 ? { path: repositoryPath } : {},
    columns: {
      label: input.labelColumn,
      prediction: input.predictionColumn,
      ...input.positiveLabel !== void 0 ? { positiveValue: input.positiveLabel } : {}
    }
  };
}
function checkColumns(input) {
  if (input.attributes.length > MAX_ATTRIBUTES) {
    throw new InputFileError(
      "TOO_MANY_ATTRIBUTES",
      `${input.attributes.length} attributes; a bias report holds at most ${MAX_ATTRIBUTES}`,
      "Name the protected attributes the policy requires."
    );
  }
  const all = [input.labelColumn, input.predictionColumn, ...input.attributes];
  const dup = all.find((c, i) => all.indexOf(c) !== i);
  if (dup !== void 0) {
    throw new InputFileError(
      "COLUMN_REPEATED",
      `column "${dup}" is named twice among --label, --prediction and --attribute`,
      "The label, the prediction and each protected attribute must be different columns."
    );
  }
}
async function countPredictions(input) {
  checkColumns(input);
  const labels = new BinaryLabels(input.positiveLabel);
  const counts = input.attributes.map((a) => new AttributeCounts(a));
  const nAttributes = counts.length;
  const { labelColumn, predictionColumn } = input;
  const table = await readTable(
    input.path,
    [labelColumn, predictionColumn, ...input.attributes],
    (row) => {
      const label = labels.isPositive(row.text(0), labelColumn);
      const predicted = labels.isPositive(row.text(1), predictionColumn);
      for (let a = 0; a < nAttributes; a++) counts[a].add(row.text(a + 2), label, predicted);
    },
    input.format !== void 0 ? { format: input.format } : {}
  );
  if (table.rows === 0) {
    throw new InputFileError(
      "INPUT_EMPTY",
      `${input.path} has no rows`,
      "Compute the report from the predictions on the evaluation set."
    );
  }
  const empty = counts.find((c) => c.groups.size === 0);
  if (empty) {
    throw new InputFileError(
      "ATTRIBUTE_EMPTY",
      `attribute "${empty.name}" has no value in any of the ${table.rows} row(s) of ${input.path}`,
      "Write the protected attribute into the predictions file for every row it is known for."
    );
  }
  if (input.positiveLabel !== void 0 && !labels.positiveSeen) {
    throw new InputFileError(
      "POSITIVE_LABEL_ABSENT",
      `the positive label "${input.positiveLabel}" does not occur in columns "${labelColumn}" or "${predictionColumn}" of ${input.path}`,
      "Pass --positive-label with the exact value the file uses for the positive class."
    );
  }
  return { table, attributes: counts, positiveLabel: labels.positiveName };
}
function withPredictionsListed(manifest, entry) {
  const artifacts = Array.isArray(manifest["artifacts"]) ? manifest["artifacts"] : [];
  const at = artifacts.findIndex(
    (a) => typeof a === "object" && a !== null && a.path === entry.path
  );
  const current = at >= 0 ? artifacts[at] : void 0;
  if (current && current["sha256"] === entry.sha256 && current["size"] === entry.size) return void 0;
  const listed = current ? { ...current, sha256: entry.sha256, size: entry.size } : { ...entry };
  const next = at >= 0 ? artifacts.map((a, i) => i === at ? listed : a) : [...artifacts, listed];
  return { ...manifest, artifacts: next };
}

export {
  visibleText,
  visibleLength,
  BIAS_METRICS,
  recomputeAttribute,
  recomputeOptionsOf,
  nameKey,
  repeatedNames,
  decimalsOf,
  agreesWithReported,
  stricterThreshold,
  judgeThreshold,
  describeThreshold,
  roundForMessage,
  sortedGroups,
  buildBiasReport,
  recordedInput,
  countPredictions,
  withPredictionsListed
};
