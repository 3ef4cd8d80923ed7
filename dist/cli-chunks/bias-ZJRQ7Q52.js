import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  editJsonText
} from "./chunk-6JCVZBDH.js";
import {
  readWorkingManifest,
  writeRepositoryFile
} from "./chunk-MVWU6BFS.js";
import {
  generationTime
} from "./chunk-PLTTQENU.js";
import {
  UsageError,
  booleanOption,
  formatOption,
  requireOption,
  stringOption
} from "./chunk-ZFWI3SVE.js";
import {
  buildBiasReport,
  countPredictions,
  recordedInput,
  roundForMessage,
  withPredictionsListed
} from "./chunk-HATRADPJ.js";
import "./chunk-KTM7YKZB.js";
import {
  defaultDatasetName
} from "./chunk-3GTBA4PB.js";
import "./chunk-WRTI2VV7.js";
import {
  DEFAULT_POLICY_PATH,
  isObject,
  parseJsonDocument
} from "./chunk-KIYJOZ3G.js";
import {
  isWithin,
  readRepositoryFile,
  writeFileAtomic
} from "./chunk-4LCUO2WG.js";
import {
  TOOL_VERSION
} from "./chunk-RWUHQJ7E.js";
import "./chunk-ISCPHUTF.js";

// src/cli/commands/bias.ts
import { readFile } from "node:fs/promises";
import { relative, resolve, sep } from "node:path";
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
  if (outAbs === repoRoot || !isWithin(repoRoot, outAbs)) return void 0;
  return relative(repoRoot, outAbs).split(sep).join("/");
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
          sha256: counts.table.sha256,
          // Which file and columns, so the gate can recount the predictions when the manifest lists them.
          ...recordedInput(
            { labelColumn, predictionColumn, ...positiveLabel !== void 0 ? { positiveLabel } : {} },
            repositoryRelative(repoRoot, predictions)
          )
        },
        positiveLabel: positiveLabelName(counts.positiveLabel, positiveLabel, previous),
        ...working.policy.bias.favorableLabel ? { favorableLabel: working.policy.bias.favorableLabel } : {},
        ...typeof previous?.$schema === "string" ? { schemaRef: previous.$schema } : {},
        ...isObject(previous?.thresholds) ? { thresholds: previous.thresholds } : {}
      },
      counts.attributes
    );
    const text = JSON.stringify(report, null, 2) + "\n";
    const predictionsPath = repositoryRelative(repoRoot, predictions);
    const listed = predictionsPath !== void 0 ? withPredictionsListed(m, { path: predictionsPath, sha256: counts.table.sha256, size: counts.table.size }) : void 0;
    if (!dryRun) {
      if (outRel !== void 0) await writeRepositoryFile(repoRoot, outRel, text);
      else await writeFileAtomic(outAbs, text);
      if (listed)
        await writeRepositoryFile(repoRoot, working.path, editJsonText(working.doc, working.text, [], listed));
    }
    const shown = outRel ?? outAbs;
    if (format === "json") {
      io.stdout(JSON.stringify({ out: shown, written: !dryRun, report }, null, 2) + "\n");
      return 0;
    }
    io.stdout(summaryText(report, shown, dryRun));
    if (listed)
      io.stdout(`${dryRun ? "would list" : "listed"} ${predictionsPath} among the artifacts of ${working.path}
`);
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
