import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  BIAS_METRICS,
  recomputeAttribute,
  roundForMessage
} from "./chunk-3JGHHT73.js";
import "./chunk-KTM7YKZB.js";
import {
  TOOL_VERSION
} from "./chunk-RWUHQJ7E.js";
import {
  BinaryLabels,
  defaultDatasetName,
  readTable
} from "./chunk-33I72F57.js";
import {
  InputFileError,
  RowProblem,
  readWorkingManifest,
  writeRepositoryFile
} from "./chunk-2VVIKWIS.js";
import {
  generationTime
} from "./chunk-5WTK277R.js";
import {
  UsageError,
  booleanOption,
  formatOption,
  requireOption,
  stringOption
} from "./chunk-ZFWI3SVE.js";
import {
  DEFAULT_POLICY_PATH,
  parseJsonDocument
} from "./chunk-J47D27AB.js";
import {
  readRepositoryFile,
  writeFileAtomic
} from "./chunk-LCHT3CU2.js";
import "./chunk-MFYIKXRD.js";

// src/cli/commands/bias.ts
import { readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";

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

// src/cli/commands/bias.ts
var usage = `mlgov bias compute --predictions FILE.csv|FILE.parquet --label COL --prediction COL --attribute COL [--attribute COL...]
                  [--positive-label VALUE] [--out PATH] [--dataset NAME] [--model NAME] [--dry-run] [--format text|json]
                  [--repo DIR] [--policy FILE]

Writes the bias report (schemas/bias-report.schema.json) from a predictions file, streamed once: per group of each
attribute n, selection rate, TPR and FPR with their denominators, rows with no value (missing), and over all groups
demographic_parity_difference (max - min selection rate), disparate_impact_ratio (min / max selection rate,
Fairlearn's demographic_parity_ratio), equalized_odds_difference (the larger of the TPR and FPR spreads),
true/false_positive_rate_difference; dataset.rows and dataset.sha256 name the predictions exactly.

  --label, --prediction  columns of the true label and the model's decision (1/0 or true/false, or see below)
  --attribute            a protected attribute column; repeat for each
  --positive-label       the value of the positive class when the columns hold words (e.g. fraud)
  --out PATH             where to write (default: the policy's model.biasReport); relative to the current directory
  --dataset NAME         dataset.name (default: the predictions file's name)
  --model NAME           refuse unless the manifest is NAME's
  --dry-run              compute and show, write nothing

exit codes: 0 written, 2 the predictions or the manifest could not be used (nothing written)`;
function repositoryRelative(repoRoot, outAbs) {
  const rel = relative(repoRoot, outAbs);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return void 0;
  return rel.split(sep).join("/");
}
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
async function previousReport(repoRoot, outRel, outAbs) {
  let bytes;
  if (outRel !== void 0) {
    const read = await readRepositoryFile(repoRoot, outRel);
    bytes = read.kind === "file" ? read.bytes : void 0;
  } else {
    bytes = await readFile(outAbs).catch(() => void 0);
  }
  if (!bytes) return void 0;
  const doc = parseJsonDocument(outRel ?? outAbs, bytes);
  return isObject(doc.value) ? doc.value : void 0;
}
function attributesOption(args) {
  const raw = args.values["attribute"];
  const list = (Array.isArray(raw) ? raw : raw === void 0 ? [] : [raw]).filter(
    (v) => typeof v === "string"
  );
  if (list.length === 0) throw new UsageError("--attribute is required: name each protected attribute column");
  return list;
}
function summaryText(report, out, dryRun) {
  const lines = [
    `${dryRun ? "would write" : "wrote"} ${out}: ${report.dataset?.rows ?? 0} row(s), sha256 ${report.dataset?.sha256 ?? ""}`
  ];
  for (const a of report.attributes) {
    const m = a.metrics;
    const show = (v) => typeof v === "number" ? roundForMessage(v) : "undefined";
    lines.push(
      `  ${a.name}: ${a.groups.length} group(s), ${a.missing ?? 0} missing; demographic_parity_difference ${show(m.demographic_parity_difference)}, disparate_impact_ratio ${show(m.disparate_impact_ratio)}, equalized_odds_difference ${show(m.equalized_odds_difference)}`
    );
  }
  return lines.join("\n") + "\n";
}
function nextSteps(io, previous, manifestReport, outRel) {
  const voided = (Array.isArray(previous?.approvals) ? previous.approvals : []).filter((a) => isObject(a));
  if (voided.length > 0) {
    io.stdout(
      `
The report was replaced, so its review no longer counts and must be renewed (mlgov approve --target bias-report):
` + voided.map((a) => `  - ${a.approver} (${a.role}, ${a.decision} ${a.at})`).join("\n") + "\n"
    );
  }
  if (outRel !== void 0 && manifestReport !== outRel) {
    io.stdout(`
note: the manifest's biasReport.path is ${JSON.stringify(manifestReport)}, not ${outRel}
`);
  }
  io.stdout(
    "\nnext: mlgov checksums --write (sets biasReport.sha256; it changes the manifest digest, so it voids the manifest's approvals), then the fairness review (mlgov approve --target bias-report) and the approvals last; mlgov check judges the figures.\n"
  );
}
var biasCommand = {
  name: "bias",
  usage,
  options: {
    repo: { type: "string" },
    format: { type: "string" },
    help: { type: "boolean", short: "h" },
    predictions: { type: "string" },
    label: { type: "string" },
    prediction: { type: "string" },
    attribute: { type: "string", multiple: true },
    "positive-label": { type: "string" },
    out: { type: "string" },
    dataset: { type: "string" },
    model: { type: "string" },
    policy: { type: "string" },
    "dry-run": { type: "boolean" }
  },
  allowPositionals: true,
  async run(args, io) {
    const [sub, ...extra] = args.positionals;
    if (sub !== "compute") throw new UsageError("say what to do: mlgov bias compute --predictions FILE ...");
    if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra[0]}`);
    const format = formatOption(args, ["text", "json"], "text");
    const predictions = resolve(io.cwd, requireOption(args, "predictions"));
    const labelColumn = requireOption(args, "label");
    const predictionColumn = requireOption(args, "prediction");
    const attributes = attributesOption(args);
    const positiveLabel = stringOption(args, "positive-label");
    const dryRun = booleanOption(args, "dry-run");
    const repoRoot = resolve(io.cwd, stringOption(args, "repo") ?? ".");
    const working = await readWorkingManifest(
      repoRoot,
      stringOption(args, "policy") ?? DEFAULT_POLICY_PATH,
      stringOption(args, "model")
    );
    const outOption = stringOption(args, "out");
    const outAbs = outOption !== void 0 ? resolve(io.cwd, outOption) : resolve(repoRoot, working.policy.model.biasReport);
    const outRel = repositoryRelative(repoRoot, outAbs);
    const counts = await countPredictions({
      path: predictions,
      labelColumn,
      predictionColumn,
      attributes,
      ...positiveLabel !== void 0 ? { positiveLabel } : {}
    });
    const previous = await previousReport(repoRoot, outRel, outAbs);
    const m = working.value;
    const report = buildBiasReport(
      {
        model: { name: String(m["name"]), version: String(m["version"]) },
        generatedAt: generationTime(io.env).toISOString().replace(/\.\d{3}Z$/, "Z"),
        generator: { name: "mlgov", version: TOOL_VERSION },
        dataset: {
          name: stringOption(args, "dataset") ?? defaultDatasetName(predictions),
          rows: counts.table.rows,
          sha256: counts.table.sha256
        },
        positiveLabel: positiveLabelName(counts.positiveLabel, positiveLabel, previous),
        ...working.policy.bias.favorableLabel ? { favorableLabel: working.policy.bias.favorableLabel } : {},
        ...typeof previous?.$schema === "string" ? { schemaRef: previous.$schema } : {},
        ...isObject(previous?.thresholds) ? { thresholds: previous.thresholds } : {}
      },
      counts.attributes
    );
    const text = JSON.stringify(report, null, 2) + "\n";
    if (!dryRun) {
      if (outRel !== void 0) await writeRepositoryFile(repoRoot, outRel, text);
      else await writeFileAtomic(outAbs, text);
    }
    const shown = outRel ?? outAbs;
    if (format === "json") {
      io.stdout(JSON.stringify({ out: shown, written: !dryRun, report }, null, 2) + "\n");
      return 0;
    }
    io.stdout(summaryText(report, shown, dryRun));
    const manifestReport = isObject(m["biasReport"]) ? m["biasReport"]["path"] : void 0;
    if (!dryRun) nextSteps(io, previous, manifestReport, outRel);
    return 0;
  }
};
function positiveLabelName(counted, asked, previous) {
  const before = isObject(previous) ? previous["positiveLabel"] : void 0;
  return asked === void 0 && counted === "1" && typeof before === "string" && before !== "" ? before : counted;
}
export {
  biasCommand
};
