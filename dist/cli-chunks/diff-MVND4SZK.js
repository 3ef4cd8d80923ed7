import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  compareReleases,
  comparisonRows,
  describeErrorChange,
  gatherReleaseContext,
  judgePromotion,
  thresholdText
} from "./chunk-46AJHBO2.js";
import "./chunk-3JGHHT73.js";
import "./chunk-KTM7YKZB.js";
import "./chunk-Z2455ISO.js";
import "./chunk-5VLW76UX.js";
import "./chunk-R6DRQ5E3.js";
import "./chunk-JRPBTYLM.js";
import "./chunk-33W2PEGA.js";
import "./chunk-JMJ52677.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-HV6P22BU.js";
import "./chunk-HZZU23IO.js";
import "./chunk-7YMLEWR4.js";
import "./chunk-H74SEXRL.js";
import {
  MODEL_USAGE,
  emitOutput,
  modelOption,
  modelOptions
} from "./chunk-5WTK277R.js";
import {
  CliError,
  commonOptions,
  formatOption,
  stringOption
} from "./chunk-ZFWI3SVE.js";
import "./chunk-J47D27AB.js";
import "./chunk-LCHT3CU2.js";
import "./chunk-MFYIKXRD.js";

// src/cli/commands/diff.ts
import { resolve } from "node:path";

// src/render/diff.ts
function num(v) {
  if (v === void 0) return "\u2014";
  return String(Math.round(v * 1e4) / 1e4);
}
function diffRows(c) {
  return comparisonRows(c).map((r) => ({
    metric: r.metric,
    production: num(r.production),
    challenger: num(r.challenger),
    change: r.change
  }));
}
function regressions(c) {
  const out = [];
  if (c.mae.worse) out.push(`MAE ${describeErrorChange(c.mae)}`);
  if (c.rmse.worse) out.push(`RMSE ${describeErrorChange(c.rmse)}`);
  for (const s of c.seasons) {
    if (s.missingInHead) out.push(`season ${s.season} not evaluated`);
    if (s.mae.worse) out.push(`${s.season} MAE ${describeErrorChange(s.mae)}`);
    if (s.rmse.worse) out.push(`${s.season} RMSE ${describeErrorChange(s.rmse)}`);
  }
  for (const p of c.performance)
    if (p.met === false) out.push(`${p.name} ${num(p.head)} (${thresholdText(p.threshold)})`);
  return out;
}
function improvementLine(c) {
  if (!c.base) return "improvement: no production release to compare with";
  const parts = [`MAE ${describeErrorChange(c.mae) || "n/a"}`, `RMSE ${describeErrorChange(c.rmse) || "n/a"}`];
  return `improvement: ${parts.join(", ")} (MAE or RMSE must improve by at least ${c.minImprovementPct} %)`;
}
function heading(view) {
  const c = view.comparison;
  const prod = c.base ? `production ${c.base.version}${view.baseLabel ? ` (${view.baseLabel})` : ""}` : "no production release";
  return `${c.head.name}: challenger ${c.head.version} (working tree) vs ${prod}`;
}
function verdictLine(v) {
  const word = v.forced ? "FORCED" : v.status === "fail" ? "FAIL" : v.status === "warn" ? "PASS with warnings" : v.status === "skip" ? "not judged" : "PASS";
  return `verdict: ${word} \u2014 ${v.summary}`;
}
function renderText(view) {
  const rows = diffRows(view.comparison);
  const header = { metric: "metric", production: "production", challenger: "challenger", change: "change" };
  const all = [header, ...rows];
  const w = {
    metric: Math.max(...all.map((r) => r.metric.length)),
    production: Math.max(...all.map((r) => r.production.length)),
    challenger: Math.max(...all.map((r) => r.challenger.length))
  };
  const line = (r) => `${r.metric.padEnd(w.metric)}  ${r.production.padStart(w.production)}  ${r.challenger.padStart(w.challenger)}  ${r.change}`.trimEnd();
  const reg = regressions(view.comparison);
  const out = [
    heading(view),
    "",
    ...all.map(line),
    "",
    improvementLine(view.comparison),
    `regressions: ${reg.length ? reg.join("; ") : "none"}`,
    verdictLine(view.verdict),
    ...view.verdict.findings.filter((f) => f.severity !== "notice" || view.verdict.findings.length === 1).map((f) => `  ${f.severity} ${f.code}: ${f.message}`)
  ];
  return out.join("\n") + "\n";
}
function cell(text) {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
function renderMarkdownDiff(view) {
  const reg = regressions(view.comparison);
  const out = [
    `### ${cell(heading(view))}`,
    "",
    "| metric | production | challenger | change |",
    "|---|---:|---:|---|",
    ...diffRows(view.comparison).map(
      (r) => `| ${cell(r.metric)} | ${cell(r.production)} | ${cell(r.challenger)} | ${cell(r.change)} |`
    ),
    "",
    `- ${cell(improvementLine(view.comparison))}`,
    `- regressions: ${reg.length ? cell(reg.join("; ")) : "none"}`,
    `- **${cell(verdictLine(view.verdict))}**`,
    ...view.verdict.findings.map((f) => `  - ${f.severity} \`${f.code}\`: ${cell(f.message)}`)
  ];
  return out.join("\n") + "\n";
}
function renderDiff(view, format) {
  switch (format) {
    case "json":
      return JSON.stringify(
        {
          head: view.comparison.head,
          base: view.comparison.base ?? null,
          ...view.baseLabel ? { baseLabel: view.baseLabel } : {},
          comparison: view.comparison,
          regressions: regressions(view.comparison),
          verdict: view.verdict
        },
        null,
        2
      ) + "\n";
    case "markdown":
      return renderMarkdownDiff(view);
    case "text":
      return renderText(view);
  }
}

// src/cli/commands/diff.ts
var usage = `mlgov diff [--model NAME] [--base REF] [--format text|markdown|json] [--output FILE] [--repo DIR]

${MODEL_USAGE}

Compares the challenger (the working tree's manifest) with production (the base revision's): MAE, RMSE, windows,
each season, evaluation metrics and the bias summary per attribute, the improvement in %, the regressions and the
promotion verdict under the base's policy. Exit 0 when the promotion would pass, 1 when it would fail, 2 when it
cannot be judged.`;
async function run(args, io) {
  const format = formatOption(args, ["text", "markdown", "json"], "text");
  const repoRoot = resolve(stringOption(args, "repo") ?? io.cwd);
  const baseRef = stringOption(args, "base");
  const model = modelOption(args);
  const { ctx, policy } = await gatherReleaseContext({
    repoRoot,
    offline: true,
    ...baseRef ? { baseRef } : {},
    ...model !== void 0 ? { model } : {}
  });
  const head = ctx.manifest.value;
  if (!head) {
    const why = ctx.manifest.problems[0];
    throw new CliError(
      `${ctx.manifest.file} cannot be read${why ? `: ${why.message}` : ""}`,
      why?.fix ?? "Run mlgov check to see what is wrong with the manifest."
    );
  }
  if (ctx.base.kind === "unavailable")
    throw new CliError(`the base revision ${ctx.base.ref} cannot be read: ${ctx.base.reason}`, ctx.base.fix);
  const base = ctx.base.kind === "found" ? ctx.base : void 0;
  const verdict = judgePromotion(ctx, policy);
  const comparison = compareReleases({
    head,
    policy,
    now: ctx.now,
    ...base?.manifest?.value ? { base: base.manifest.value } : {},
    ...ctx.biasReport?.value ? { headReport: ctx.biasReport.value } : {},
    ...base?.biasReport?.value ? { baseReport: base.biasReport.value } : {}
  });
  const text = renderDiff(
    {
      comparison,
      verdict: {
        status: verdict.status,
        summary: verdict.summary,
        findings: verdict.findings,
        forced: verdict.details?.forced ?? false
      },
      ...base ? { baseLabel: `${base.ref} @ ${base.commit.slice(0, 7)}` } : {}
    },
    format
  );
  await emitOutput(args, io, text);
  if (verdict.findings.some((f) => f.indeterminate)) return 2;
  return verdict.status === "fail" ? 1 : 0;
}
var diffCommand = {
  name: "diff",
  usage,
  options: { ...commonOptions, ...modelOptions, base: { type: "string" } },
  run
};
export {
  diffCommand
};
