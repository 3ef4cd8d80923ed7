import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  effectiveBiasThresholds,
  standingOf
} from "./chunk-M7PPVC7N.js";
import {
  MODEL_USAGE,
  emitOutput,
  modelOption,
  modelOptions
} from "./chunk-PLTTQENU.js";
import {
  CliError,
  commonOptions,
  formatOption,
  stringOption
} from "./chunk-ZFWI3SVE.js";
import {
  compareReleases,
  comparisonRows,
  describeErrorChange,
  gatherReleaseContext,
  judgePromotion,
  thresholdText,
  validDocuments
} from "./chunk-6CGME2LR.js";
import "./chunk-ONUCEF6J.js";
import "./chunk-5HDPDACY.js";
import "./chunk-TWLDCKBQ.js";
import "./chunk-7CPNODGQ.js";
import "./chunk-CW36UQVZ.js";
import "./chunk-HV6P22BU.js";
import "./chunk-7YMLEWR4.js";
import "./chunk-Q6TCAIFB.js";
import "./chunk-HATRADPJ.js";
import "./chunk-KTM7YKZB.js";
import "./chunk-3GTBA4PB.js";
import "./chunk-WRTI2VV7.js";
import "./chunk-Z2455ISO.js";
import "./chunk-NWOYYDP3.js";
import "./chunk-YSVHWFM3.js";
import "./chunk-336J7YO3.js";
import "./chunk-2DGF7VUV.js";
import "./chunk-D7Q3LZ5Y.js";
import "./chunk-HZZU23IO.js";
import "./chunk-E3MHIWUA.js";
import "./chunk-XT4WT7IS.js";
import "./chunk-KIYJOZ3G.js";
import {
  manifestDigest
} from "./chunk-4LCUO2WG.js";
import "./chunk-RWUHQJ7E.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-IPG6IIGA.js";
import "./chunk-ISCPHUTF.js";

// src/cli/commands/diff.ts
import { resolve } from "node:path";

// src/export/board-view.ts
var round4 = (v) => Math.round(v * 1e4) / 1e4;
function movedToward(base, head, t) {
  if (base === void 0 || head === void 0 || !t) return false;
  const d = round4(head - base);
  return t.min !== void 0 && d < 0 || t.max !== void 0 && d > 0;
}
function marginOf(head, t) {
  if (head === void 0 || !t) return void 0;
  const gaps = [t.min !== void 0 ? head - t.min : void 0, t.max !== void 0 ? t.max - head : void 0].filter(
    (g) => g !== void 0
  );
  return gaps.length > 0 ? round4(Math.min(...gaps)) : void 0;
}
function fairnessGatesOf(comparison, policy, headReport) {
  const thresholds = effectiveBiasThresholds(policy, headReport);
  return comparison.bias.map((b) => {
    const threshold = thresholds[b.metric];
    const margin = marginOf(b.head, threshold);
    return {
      attribute: b.attribute,
      metric: b.metric,
      ...b.base !== void 0 ? { base: b.base } : {},
      ...b.head !== void 0 ? { head: b.head } : {},
      ...threshold ? { threshold } : {},
      standing: standingOf(b.head, threshold),
      ...b.base !== void 0 && b.head !== void 0 ? { change: round4(b.head - b.base) } : {},
      towardThreshold: movedToward(b.base, b.head, threshold),
      ...margin !== void 0 ? { margin } : {}
    };
  });
}
var PROVENANCE_FIELDS = [
  ["data window", (p) => p.data?.window ? `${p.data.window.from} to ${p.data.window.to}` : "\u2014"],
  ["feature store snapshot", (p) => p.data?.featureStoreSnapshot ?? "\u2014"],
  ["feature schema version", (p) => p.featureSchemaVersion ?? "\u2014"],
  ["framework", (p) => p.framework ? `${p.framework.name} ${p.framework.version}` : "\u2014"],
  ["code commit", (p) => p.code?.commit ?? "\u2014"]
];
function provenanceChangesOf(head, base) {
  if (!base?.provenance || !head.provenance) return [];
  return PROVENANCE_FIELDS.flatMap(([field, read]) => {
    const b = read(base.provenance);
    const h = read(head.provenance);
    return b === h ? [] : [{ field, base: b, head: h }];
  });
}
function boardFactsOf(input) {
  const { comparison: c, head, policy } = input;
  const age = c.metricsAgeDays;
  const forced = head.release?.force?.justification;
  return {
    windows: {
      ...c.windows.head !== void 0 ? { head: c.windows.head } : {},
      min: c.windows.min,
      met: c.windows.head !== void 0 && c.windows.head >= c.windows.min
    },
    metricsAge: {
      ...age !== void 0 ? { days: age } : {},
      maxDays: policy.promotion.maxMetricsAgeDays,
      met: age !== void 0 && age <= policy.promotion.maxMetricsAgeDays,
      ...c.evaluatedAt !== void 0 ? { evaluatedAt: c.evaluatedAt } : {}
    },
    seasonalRegressionAllowed: policy.promotion.allowSeasonalRegression,
    fairness: fairnessGatesOf(c, policy, input.headReport),
    provenance: provenanceChangesOf(head, input.base),
    release: {
      type: head.release?.type ?? "\u2014",
      reason: head.release?.reason ?? "",
      jira: head.jira,
      manifestDigest: manifestDigest(head),
      ...forced !== void 0 ? { forced } : {}
    }
  };
}

// src/export/read-board-view.ts
async function readBoardView(options) {
  const { ctx, policy } = await gatherReleaseContext({ ...options, offline: true, observeArtifacts: false });
  const head = ctx.manifest.value;
  if (!head) {
    const why = ctx.manifest.problems[0];
    return {
      kind: "unusable",
      reason: `${ctx.manifest.file} cannot be read${why ? `: ${why.message}` : ""}`,
      fix: why?.fix ?? "Run mlgov check to see what is wrong with the manifest."
    };
  }
  const valid = validDocuments(ctx);
  const invalid = !valid.manifest ? ctx.manifest.file : ctx.biasReport?.value !== void 0 && !valid.biasReport ? ctx.biasReport.file : void 0;
  if (invalid)
    return {
      kind: "unusable",
      reason: `${invalid} does not match its schema`,
      fix: `Run mlgov check: its schema check names each problem in ${invalid}, with the line and the fix.`
    };
  if (ctx.base.kind === "unavailable")
    return {
      kind: "unusable",
      reason: `the base revision ${ctx.base.ref} cannot be read: ${ctx.base.reason}`,
      fix: ctx.base.fix
    };
  const base = ctx.base.kind === "found" ? ctx.base : void 0;
  const baseManifest = base?.manifest?.value;
  const headReport = ctx.biasReport?.value;
  const verdict = judgePromotion(ctx, policy);
  const comparison = compareReleases({
    head,
    policy,
    now: ctx.now,
    ...baseManifest ? { base: baseManifest } : {},
    ...headReport ? { headReport } : {},
    ...base?.biasReport?.value ? { baseReport: base.biasReport.value } : {}
  });
  const view = {
    comparison,
    verdict: {
      status: verdict.status,
      summary: verdict.summary,
      findings: verdict.findings,
      forced: verdict.details?.forced ?? false
    },
    ...base ? { baseLabel: `${base.ref} @ ${base.commit.slice(0, 7)}` } : {},
    board: boardFactsOf({
      comparison,
      head,
      policy,
      ...baseManifest ? { base: baseManifest } : {},
      ...headReport ? { headReport } : {}
    })
  };
  const exitCode = verdict.findings.some((f) => f.indeterminate) ? 2 : verdict.status === "fail" ? 1 : 0;
  return { kind: "view", view, exitCode };
}

// src/render/board-view.ts
var num = (v) => v === void 0 ? "\u2014" : String(Math.round(v * 1e4) / 1e4);
var mark = (met) => met ? "\u2713" : "\u2717";
function fairnessChangeText(g) {
  const change = g.change === void 0 ? "" : g.change === 0 ? "same" : `${g.change > 0 ? "+" : ""}${g.change}`;
  const t = thresholdText(g.threshold);
  const parts = [change];
  if (t) parts.push(`(${t}) ${g.standing === "within" ? "\u2713" : "\u2717"}`);
  if (g.standing === "beyond") parts.push(`beyond it by ${num(Math.abs(g.margin ?? 0))}`);
  else if (g.towardThreshold) parts.push(`moved toward threshold, margin ${num(g.margin)}`);
  return parts.filter(Boolean).join(" ");
}
function fairnessRegressionText(g, label) {
  const t = thresholdText(g.threshold);
  const move = `${num(g.base)} \u2192 ${num(g.head)}`;
  if (g.standing === "beyond") return `${label} ${num(g.head)} beyond ${t} by ${num(Math.abs(g.margin ?? 0))}`;
  if (g.standing === "undefined" && g.threshold) return `${label} cannot be computed (${t})`;
  if (g.towardThreshold) return `${label} ${move} toward ${t} (margin ${num(g.margin)})`;
  return void 0;
}
function gateLines(board) {
  const w = board.windows;
  const a = board.metricsAge;
  return [
    `windows: ${num(w.head)} (min ${w.min}) ${mark(w.met)}`,
    a.days === void 0 ? `metrics age: unknown, evaluatedAt is missing or not a date (max ${a.maxDays} days) \u2717` : `metrics age: ${a.days.toFixed(1)} days (max ${a.maxDays}) ${mark(a.met)}`,
    `seasons: ${board.seasonalRegressionAllowed ? "a regression in a season is allowed by the policy" : "a regression in any season fails the promotion"}`
  ];
}
function provenanceLines(changes) {
  return changes.map((c) => `${c.field}: ${c.base} \u2192 ${c.head}`);
}
function approvalLines(board) {
  const r = board.release;
  return [
    `release: ${r.type} \u2014 ${r.reason}`,
    ...r.forced !== void 0 ? [`force requested: ${r.forced}`] : [],
    `jira: ${r.jira}`,
    `manifest digest being approved: ${r.manifestDigest}`
  ];
}
function boardTextLines(board) {
  const provenance = provenanceLines(board.provenance);
  return [
    ...gateLines(board),
    provenance.length > 0 ? "provenance changes:" : "provenance changes: none",
    ...provenance.map((l) => `  ${l}`),
    ...approvalLines(board)
  ];
}
function inertMarkdown(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|").replace(/\r?\n|\r/g, " ");
}
function boardMarkdownLines(board) {
  const r = board.release;
  const provenance = board.provenance.length === 0 ? ["- provenance changes: none"] : [
    "",
    "| provenance | production | challenger |",
    "|---|---|---|",
    ...board.provenance.map((c) => `| ${c.field} | ${inertMarkdown(c.base)} | ${inertMarkdown(c.head)} |`),
    ""
  ];
  return [
    ...gateLines(board).map((l) => `- ${inertMarkdown(l)}`),
    ...provenance,
    `- release: ${inertMarkdown(r.type)} \u2014 ${inertMarkdown(r.reason)}`,
    ...r.forced !== void 0 ? [`- force requested: ${inertMarkdown(r.forced)}`] : [],
    `- Jira: ${inertMarkdown(r.jira)}`,
    `- manifest digest being approved: \`${inertMarkdown(r.manifestDigest)}\``
  ];
}

// src/render/diff.ts
function num2(v) {
  if (v === void 0) return "\u2014";
  return String(Math.round(v * 1e4) / 1e4);
}
function firstBiasRow(rows, c) {
  return rows.length - c.bias.length;
}
function diffRows(c, board) {
  const rows = comparisonRows(c);
  const firstBias = firstBiasRow(rows, c);
  return rows.map((r, i) => {
    const gate = board && i >= firstBias ? board.fairness[i - firstBias] : void 0;
    return {
      metric: r.metric,
      production: num2(r.production),
      challenger: num2(r.challenger),
      change: gate ? fairnessChangeText(gate) : r.change
    };
  });
}
function regressions(c, board) {
  const out = [];
  if (c.mae.worse) out.push(`MAE ${describeErrorChange(c.mae)}`);
  if (c.rmse.worse) out.push(`RMSE ${describeErrorChange(c.rmse)}`);
  for (const s of c.seasons) {
    if (s.missingInHead) out.push(`season ${s.season} not evaluated`);
    if (s.mae.worse) out.push(`${s.season} MAE ${describeErrorChange(s.mae)}`);
    if (s.rmse.worse) out.push(`${s.season} RMSE ${describeErrorChange(s.rmse)}`);
  }
  for (const p of c.performance)
    if (p.met === false) out.push(`${p.name} ${num2(p.head)} (${thresholdText(p.threshold)})`);
  if (board) {
    const rows = comparisonRows(c);
    const labels = rows.slice(firstBiasRow(rows, c));
    board.fairness.forEach((g, i) => {
      const text = fairnessRegressionText(g, labels[i]?.metric.replace(/^bias /, "") ?? `${g.attribute} ${g.metric}`);
      if (text) out.push(text);
    });
  }
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
  const rows = diffRows(view.comparison, view.board);
  const header = { metric: "metric", production: "production", challenger: "challenger", change: "change" };
  const all = [header, ...rows];
  const w = {
    metric: Math.max(...all.map((r) => r.metric.length)),
    production: Math.max(...all.map((r) => r.production.length)),
    challenger: Math.max(...all.map((r) => r.challenger.length))
  };
  const line = (r) => `${r.metric.padEnd(w.metric)}  ${r.production.padStart(w.production)}  ${r.challenger.padStart(w.challenger)}  ${r.change}`.trimEnd();
  const reg = regressions(view.comparison, view.board);
  const out = [
    heading(view),
    "",
    ...all.map(line),
    "",
    improvementLine(view.comparison),
    ...view.board ? boardTextLines(view.board) : [],
    `regressions: ${reg.length ? reg.join("; ") : "none"}`,
    verdictLine(view.verdict),
    ...view.verdict.findings.filter((f) => f.severity !== "notice" || view.verdict.findings.length === 1).map((f) => `  ${f.severity} ${f.code}: ${f.message}`)
  ];
  return out.join("\n") + "\n";
}
var cell = inertMarkdown;
function renderMarkdownDiff(view) {
  const reg = regressions(view.comparison, view.board);
  const out = [
    `### ${cell(heading(view))}`,
    "",
    "| metric | production | challenger | change |",
    "|---|---:|---:|---|",
    ...diffRows(view.comparison, view.board).map(
      (r) => `| ${cell(r.metric)} | ${cell(r.production)} | ${cell(r.challenger)} | ${cell(r.change)} |`
    ),
    "",
    `- ${cell(improvementLine(view.comparison))}`,
    ...view.board ? boardMarkdownLines(view.board) : [],
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
          regressions: regressions(view.comparison, view.board),
          verdict: view.verdict,
          ...view.board ? { board: view.board } : {}
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

The board's view of the challenger (the working tree's manifest) against production (the base revision's): MAE,
RMSE, windows, each season, evaluation metrics and each fairness metric per attribute against its threshold, with
the change since production (a metric that moved toward its threshold is a regression, with the margin left), the
metrics' age, the provenance changes, the reason, the Jira ticket, the manifest digest being approved, and the
promotion verdict under the base's policy. Exit 0 when the promotion would pass, 1 when it would fail, 2 when it
cannot be judged.`;
async function run(args, io) {
  const format = formatOption(args, ["text", "markdown", "json"], "text");
  const baseRef = stringOption(args, "base");
  const model = modelOption(args);
  const result = await readBoardView({
    repoRoot: resolve(stringOption(args, "repo") ?? io.cwd),
    ...baseRef ? { baseRef } : {},
    ...model !== void 0 ? { model } : {}
  });
  if (result.kind === "unusable") throw new CliError(result.reason, result.fix);
  await emitOutput(args, io, renderDiff(result.view, format));
  return result.exitCode;
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
