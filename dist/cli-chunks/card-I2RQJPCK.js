import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  escapeHtml,
  renderBadgeHtml,
  renderBarChartSvg,
  renderCalloutHtml,
  renderFigureHtml,
  renderHtmlPage,
  renderKeyValueHtml,
  renderTableHtml,
  renderTimelineSvg
} from "./chunk-A5FAJNSC.js";
import {
  BIAS_METRIC_LABELS,
  approvalViews,
  compareMetrics,
  describeThreshold,
  effectiveBiasThresholds,
  fairnessMetricRows,
  jiraSignOffView,
  releaseDigests
} from "./chunk-M7PPVC7N.js";
import {
  MODEL_USAGE,
  emitOutput,
  generationTime,
  readReleaseFromArgs,
  releaseOptions
} from "./chunk-PLTTQENU.js";
import {
  CliError,
  commonOptions,
  formatOption
} from "./chunk-ZFWI3SVE.js";
import "./chunk-KTM7YKZB.js";
import "./chunk-4LCUO2WG.js";
import {
  TOOL_VERSION
} from "./chunk-RWUHQJ7E.js";
import "./chunk-ISCPHUTF.js";

// src/render/card/shared.ts
var STANDING_TEXT = {
  within: "within threshold",
  beyond: "beyond threshold",
  undefined: "undefined",
  "no-threshold": "no threshold"
};
var STANDING_TONE = {
  within: "pass",
  beyond: "fail",
  undefined: "fail",
  "no-threshold": "neutral"
};
var STATUS_TONE = {
  pass: "pass",
  fail: "fail",
  warn: "warn",
  skip: "neutral",
  "not-run": "neutral"
};
function num(v) {
  if (v === null || v === void 0) return "n/a";
  if (!Number.isFinite(v)) return String(v);
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4)));
}
function pct(v) {
  if (v === void 0) return "\u2014";
  return `${v >= 0 ? "+" : "\u2212"}${Math.abs(v).toFixed(1)} %`;
}
function bytes(n) {
  if (!Number.isFinite(n)) return String(n);
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]} (${n} B)`;
}
function comparisonNote(c) {
  if (c.improvementPct === void 0) return c.base === void 0 ? "new" : "\u2014";
  if (Math.abs(c.improvementPct) < 0.05) return "unchanged";
  return `${pct(c.improvementPct)} ${c.improvementPct > 0 ? "better" : "worse"}`;
}
function smallGroups(input) {
  const min = input.policy?.bias.minGroupSize;
  if (min === void 0 || !input.biasReport) return [];
  return input.biasReport.attributes.flatMap(
    (a) => a.groups.filter((g) => g.n < min).map((group) => ({ attribute: a.name, group }))
  );
}
function smallGroupNotes(input) {
  const min = input.policy?.bias.minGroupSize;
  return smallGroups(input).map(
    ({ attribute, group }) => `Group "${group.group}" of ${attribute} has ${group.n} rows (under the minimum of ${min}): its rates are shown but not judged.`
  );
}
function releaseTimeline(m, r, approvals) {
  const events = [];
  const t = m.provenance?.training;
  if (t?.startedAt) events.push({ at: t.startedAt, label: "training started", tone: "neutral" });
  if (t?.finishedAt) events.push({ at: t.finishedAt, label: "training finished", tone: "neutral" });
  if (m.evaluation?.evaluatedAt) events.push({ at: m.evaluation.evaluatedAt, label: "evaluated", tone: "info" });
  if (r?.generatedAt) events.push({ at: r.generatedAt, label: "bias report", tone: "info" });
  for (const a of approvals) {
    events.push({
      at: a.at,
      label: `${a.decision} by ${a.approver}`,
      tone: a.decision === "rejected" ? "fail" : a.bound ? "pass" : "warn"
    });
  }
  return events;
}
function approvalStatusText(a) {
  return a.bound ? "bound to this release" : "names another digest (does not count)";
}
var MAX_CARD_FINDINGS = 20;
function gateProblems(input) {
  return (input.report?.checks ?? []).flatMap(
    (c) => c.findings.filter((f) => f.severity !== "notice").map((f) => ({ check: c.id, severity: f.severity, code: f.code, message: f.message }))
  ).slice(0, MAX_CARD_FINDINGS);
}

// src/render/card/figures-html.ts
function metricsHtml(input) {
  const m = input.manifest;
  const base = input.baseManifest;
  const comparisons = compareMetrics(m, base);
  const intro = `<p>Evaluated at ${escapeHtml(m.evaluation?.evaluatedAt ?? "unknown")}${base ? `; compared with the previous release <strong>${escapeHtml(base.version)}</strong>` : "; no previous release to compare with"}.</p>`;
  const table = base ? renderTableHtml({
    columns: [
      "Metric",
      { label: `This release (${m.version})`, numeric: true },
      { label: `Previous (${base.version})`, numeric: true },
      { label: "Change", numeric: true }
    ],
    rows: comparisons.map((c) => [
      c.name,
      { html: num(c.current), numeric: true },
      { html: num(c.base), numeric: true },
      {
        html: c.improvementPct === void 0 || Math.abs(c.improvementPct) < 0.05 ? escapeHtml(comparisonNote(c)) : renderBadgeHtml(comparisonNote(c), c.improvementPct > 0 ? "pass" : "fail"),
        numeric: true
      }
    ])
  }) : renderTableHtml({
    columns: ["Metric", { label: "Value", numeric: true }],
    rows: comparisons.map((c) => [c.name, { html: num(c.current), numeric: true }])
  });
  return intro + table + performanceNoteHtml(input);
}
function performanceNoteHtml(input) {
  const perf = Object.entries(input.policy?.performance.thresholds ?? {});
  if (perf.length === 0) return "";
  return `<p class="muted">Performance thresholds in the policy: ${perf.map(([k, t]) => `${escapeHtml(k)} ${escapeHtml(describeThreshold(t))}`).join(", ")}.</p>`;
}
function fairnessHtml(input, r) {
  const rows = fairnessMetricRows(input);
  const thresholds = effectiveBiasThresholds(input.policy, r);
  const metrics = [...new Set(rows.map((row) => row.metric))].filter((name) => thresholds[name] !== void 0);
  const charts = metrics.map((metric) => metricChart(metric, rows, thresholds[metric] ?? {}));
  return biasReportFactsHtml(input, r) + biasGateNoteHtml(input) + fairnessSummaryHtml(rows) + `<div class="grid-2">${charts.join("")}</div>` + selectionRateChartHtml(input, r) + r.attributes.map((a) => groupTableHtml(input, a)).join("");
}
function biasReportFactsHtml(input, r) {
  return renderKeyValueHtml([
    ["Generated", `${r.generatedAt}${r.generator ? ` by ${r.generator.name} ${r.generator.version}` : ""}`],
    [
      "Dataset",
      r.dataset ? `${r.dataset.name}${r.dataset.rows !== void 0 ? ` (${r.dataset.rows} rows)` : ""}` : void 0
    ],
    ["Dataset SHA-256", r.dataset?.sha256 ? { html: `<code>${escapeHtml(r.dataset.sha256)}</code>` } : void 0],
    ["Positive label", r.positiveLabel],
    ["Favourable label", r.favorableLabel],
    ["Minimum group size", input.policy?.bias.minGroupSize]
  ]);
}
function biasGateNoteHtml(input) {
  const gate = input.report?.checks.find((c) => c.id === "bias");
  return gate ? `<p>Gate <code>bias</code> check: ${renderBadgeHtml(gate.status, STATUS_TONE[gate.status])} ${escapeHtml(gate.summary)}</p>` : `<p class="muted">Values as reported; the gate's <code>bias</code> check recomputes them from the group rates.</p>`;
}
function fairnessSummaryHtml(rows) {
  return renderTableHtml({
    caption: "Summary metrics per attribute (thresholds: the stricter of the policy and the report)",
    columns: ["Attribute", "Metric", { label: "Value", numeric: true }, "Threshold", "Result"],
    rows: rows.map((row) => [
      row.attribute,
      BIAS_METRIC_LABELS[row.metric] ?? row.metric,
      { html: num(row.value), numeric: true },
      describeThreshold(row.threshold),
      { html: renderBadgeHtml(STANDING_TEXT[row.standing], STANDING_TONE[row.standing]) }
    ])
  });
}
function isSmall(input, n) {
  return input.policy !== void 0 && n < input.policy.bias.minGroupSize;
}
function selectionRateChartHtml(input, r) {
  const rateBars = r.attributes.flatMap(
    (a) => a.groups.map((g) => ({
      label: `${a.name}: ${g.group}`,
      value: g.selectionRate,
      tone: isSmall(input, g.n) ? "warn" : "info"
    }))
  );
  return renderFigureHtml(
    renderBarChartSvg({ title: "Selection rate by group", bars: rateBars, width: 940 }),
    "Selection rate (share predicted positive) per group; amber bars are groups under the minimum group size."
  );
}
function groupTableHtml(input, a) {
  return `<h3>${escapeHtml(a.name)}</h3>` + renderTableHtml({
    columns: [
      "Group",
      { label: "n", numeric: true },
      { label: "Selection rate", numeric: true },
      { label: "TPR", numeric: true },
      { label: "FPR", numeric: true }
    ],
    rows: a.groups.map((g) => [
      { html: escapeHtml(g.group) + (isSmall(input, g.n) ? ` ${renderBadgeHtml("small group", "warn")}` : "") },
      g.n,
      { html: num(g.selectionRate), numeric: true },
      { html: num(g.truePositiveRate), numeric: true },
      { html: num(g.falsePositiveRate), numeric: true }
    ])
  }) + (a.missing !== void 0 ? `<p class="muted">${a.missing} rows have no value for ${escapeHtml(a.name)}.</p>` : "");
}
function metricChart(metric, rows, threshold) {
  const own = rows.filter((row) => row.metric === metric);
  const lines = [
    ...threshold.min !== void 0 ? [{ value: threshold.min, label: "min" }] : [],
    ...threshold.max !== void 0 ? [{ value: threshold.max, label: "max" }] : []
  ];
  const label = BIAS_METRIC_LABELS[metric] ?? metric;
  const isRatio = metric === "disparate_impact_ratio";
  const svg = renderBarChartSvg({
    title: label,
    bars: own.map((row) => ({
      label: row.attribute,
      value: row.value ?? null,
      tone: STANDING_TONE[row.standing] === "neutral" ? "info" : STANDING_TONE[row.standing]
    })),
    thresholds: lines,
    width: 460,
    ...isRatio ? { min: 0, max: Math.max(1, ...own.map((row) => row.value ?? 0)) } : {}
  });
  return renderFigureHtml(svg, `${label} per attribute (threshold ${describeThreshold(threshold)}).`);
}

// src/render/card/html.ts
function renderCardHtml(input) {
  const m = input.manifest;
  const r = input.biasReport;
  const digests = releaseDigests(input);
  const sections = [
    { heading: "Model details", html: verdictHtml(input) + modelDetailsHtml(m) },
    { heading: "Intended use", html: intendedUseHtml(m) },
    { heading: "Training data", html: trainingDataHtml(m) },
    { heading: "Metrics", html: metricsHtml(input) },
    { heading: "Fairness", html: r ? fairnessHtml(input, r) : '<p class="muted">No bias report could be read.</p>' },
    { heading: "Limitations", html: limitationsHtml(input) },
    { heading: "Approvals and sign-off", html: approvalsHtml(input) },
    ...timelineSections(input),
    { heading: "Integrity", html: integrityHtml(input) }
  ];
  return renderHtmlPage({
    title: `Model card: ${m.name} ${m.version}`,
    subtitle: [
      m.owner ? `Owner ${m.owner}` : void 0,
      m.release ? `${m.release.type} release` : void 0,
      `Jira ${m.jira}`
    ].filter((s) => s !== void 0).join(" \xB7 "),
    sections,
    footer: `Generated by mlgov ${input.toolVersion} at ${input.generatedAt}. Manifest ${digests.manifestDigest}.`
  });
}
function code(s) {
  return s === void 0 ? void 0 : { html: `<code>${escapeHtml(s)}</code>` };
}
function link(url) {
  return /^https?:\/\//i.test(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>` : escapeHtml(url);
}
function verdictHtml(input) {
  if (!input.report)
    return renderCalloutHtml(
      '<span class="muted">The gate was not run for this card; see approvals and checks below.</span>'
    );
  const report = input.report;
  return renderCalloutHtml(
    `<strong>Gate verdict:</strong> ${renderBadgeHtml(report.verdict.toUpperCase(), report.verdict === "pass" ? "pass" : "fail")}` + (report.judged ? "" : ` ${renderBadgeHtml("could not judge everything", "warn")}`) + (report.forced ? ` ${renderBadgeHtml("forced promotion", "warn")}` : "") + (report.offline ? ` <span class="muted">offline: Jira and GitHub were not consulted</span>` : ""),
    report.verdict === "pass" ? "pass" : "fail"
  );
}
function modelDetailsHtml(m) {
  const p = m.provenance;
  return renderKeyValueHtml([
    ["Name", m.name],
    ["Version", m.version],
    ["Owner", m.owner],
    ["Description", m.description],
    ["Release", { html: `${renderBadgeHtml(m.release?.type ?? "unknown", "info")} ${escapeHtml(m.release?.reason)}` }],
    [
      "Forced",
      m.release?.force ? {
        html: `${renderBadgeHtml("forced", "warn")} by ${escapeHtml(m.release.force.by)}: ${escapeHtml(m.release.force.justification)}`
      } : void 0
    ],
    ["Framework", p?.framework ? `${p.framework.name} ${p.framework.version}` : void 0],
    ["Feature schema", p?.featureSchemaVersion],
    [
      "Code",
      p?.code ? { html: `${escapeHtml(p.code.repository)} @ <code>${escapeHtml(p.code.commit)}</code>` } : void 0
    ],
    [
      "Training run",
      p?.training ? `${p.training.pipeline} / ${p.training.runId}, triggered by ${p.training.triggeredBy}` : void 0
    ],
    ["Run URL", p?.training?.runUrl ? { html: link(p.training.runUrl) } : void 0],
    ["Trained", p?.training ? `${p.training.startedAt} \u2192 ${p.training.finishedAt}` : void 0]
  ]);
}
function intendedUseHtml(m) {
  return m.intendedUse ? `<p>${escapeHtml(m.intendedUse)}</p>` : `<p class="muted">Not stated in the manifest (add <code>intendedUse</code>).</p>`;
}
function trainingDataHtml(m) {
  const d = m.provenance?.data;
  return renderKeyValueHtml([
    ["Feature-store snapshot", d?.featureStoreSnapshot ?? "not declared"],
    ["Window", d?.window ? `${d.window.from} \u2192 ${d.window.to}` : void 0],
    ["URI", code(d?.uri)],
    ["SHA-256", code(d?.sha256)]
  ]);
}
function limitationsHtml(input) {
  const limits = [...input.manifest.limitations ?? [], ...smallGroupNotes(input)];
  return limits.length > 0 ? `<ul>${limits.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>` : '<p class="muted">None stated in the manifest (add <code>limitations</code>).</p>';
}
function approvalsHtml(input) {
  const jira = jiraSignOffView(input);
  return approvalTableHtml(input) + renderKeyValueHtml([
    [
      "Jira",
      {
        html: `<strong>${escapeHtml(jira.key)}</strong> ${renderBadgeHtml(jira.status, STATUS_TONE[jira.status])} ${escapeHtml(jira.summary)}`
      }
    ]
  ]) + gateChecksHtml(input);
}
function approvalTableHtml(input) {
  const approvals = approvalViews(input);
  if (approvals.length === 0) return renderCalloutHtml("No approvals recorded.", "warn");
  return renderTableHtml({
    columns: ["Document", "Approver", "Role", "Decision", "At", "Digest", "Note"],
    rows: approvals.map((a) => [
      a.target,
      a.approver,
      a.role,
      { html: renderBadgeHtml(a.decision, a.decision === "approved" ? "pass" : "fail") },
      { html: `<span class="nowrap">${escapeHtml(a.at)}</span>` },
      {
        html: `${renderBadgeHtml(a.bound ? "bound" : "stale", a.bound ? "pass" : "warn")} <span class="mono muted" title="${escapeHtml(a.digest)}">${escapeHtml(a.digest.slice(0, 19))}\u2026</span>`
      },
      a.note ?? ""
    ])
  });
}
function gateChecksHtml(input) {
  if (!input.report) return "";
  return renderTableHtml({
    caption: "Gate checks",
    columns: ["Check", "Status", "Summary"],
    rows: input.report.checks.map((c) => [
      c.id,
      { html: renderBadgeHtml(c.status, STATUS_TONE[c.status]) },
      c.summary
    ])
  }) + gateProblemsHtml(input);
}
function gateProblemsHtml(input) {
  const problems = gateProblems(input);
  if (problems.length === 0) return "";
  return renderTableHtml({
    caption: "Findings",
    columns: ["Severity", "Code", "Check", "Message"],
    rows: problems.map((f) => [
      { html: renderBadgeHtml(f.severity, f.severity === "error" ? "fail" : "warn") },
      { html: `<code>${escapeHtml(f.code)}</code>` },
      f.check,
      f.message
    ])
  });
}
function timelineSections(input) {
  const m = input.manifest;
  const events = releaseTimeline(m, input.biasReport, approvalViews(input));
  if (events.length === 0) return [];
  return [
    {
      heading: "Timeline",
      html: renderFigureHtml(
        renderTimelineSvg({ title: `Timeline of ${m.name} ${m.version}`, events, width: 940 }),
        "Training, evaluation, fairness review and approvals, in time order."
      )
    }
  ];
}
function integrityHtml(input) {
  const m = input.manifest;
  const digests = releaseDigests(input);
  return renderTableHtml({
    columns: ["Artifact", { label: "Size", numeric: true }, "SHA-256"],
    rows: (m.artifacts ?? []).map((a) => [
      a.path,
      { html: escapeHtml(bytes(a.size)), numeric: true },
      { html: `<code>${escapeHtml(a.sha256)}</code>` }
    ])
  }) + renderKeyValueHtml([
    ["Manifest digest", code(digests.manifestDigest)],
    [
      "Bias report file",
      m.biasReport ? { html: `${escapeHtml(m.biasReport.path)}<br><code>sha256:${escapeHtml(m.biasReport.sha256)}</code>` } : void 0
    ],
    ["Bias report digest", code(digests.reportDigest)],
    ["Policy digest", code(digests.policyDigest)]
  ]) + `<p class="muted">Digests are <code>sha256:</code> of the RFC 8785 canonical JSON; the manifest and bias report digests leave out <code>approvals</code>, so an approval names exactly the document it approved.</p>`;
}

// src/render/card/markdown.ts
function md(text) {
  return String(text ?? "").replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/([*_`[\]<>])/g, "\\$1").replace(/\r?\n/g, " ");
}
function mdTable(headers, rows, numeric = []) {
  const align = headers.map((_, i) => numeric[i] ? "---:" : "---");
  return [`| ${headers.join(" | ")} |`, `| ${align.join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join(
    "\n"
  );
}
function renderCardMarkdown(input) {
  const m = input.manifest;
  return [
    `# Model card: ${md(m.name)} ${md(m.version)}`,
    "",
    ...verdictMd(input),
    ...modelDetailsMd(m),
    ...intendedUseMd(m),
    ...trainingDataMd(m),
    ...metricsMd(input),
    ...fairnessMd(input),
    ...limitationsMd(input),
    ...approvalsMd(input),
    ...integrityMd(input),
    "",
    `---`,
    `Generated by mlgov ${md(input.toolVersion)} at ${md(input.generatedAt)}.`,
    ""
  ].join("\n");
}
function verdictMd(input) {
  if (!input.report) return [];
  return [
    `> **Gate verdict: ${input.report.verdict.toUpperCase()}**${input.report.judged ? "" : " (could not judge everything)"}${input.report.forced ? " \u2014 forced promotion" : ""}${input.report.offline ? " \u2014 offline: Jira and GitHub not consulted" : ""}`,
    ""
  ];
}
function modelDetailsMd(m) {
  const out = ["## Model details", ""];
  const p = m.provenance;
  const details = [
    ["Name", m.name],
    ["Version", m.version],
    ["Owner", m.owner],
    ["Description", m.description],
    ["Release", `${m.release?.type}${m.release?.reason ? ` \u2014 ${m.release.reason}` : ""}`],
    ["Forced", m.release?.force ? `by ${m.release.force.by}: ${m.release.force.justification}` : void 0],
    ["Framework", p?.framework ? `${p.framework.name} ${p.framework.version}` : void 0],
    ["Feature schema", p?.featureSchemaVersion],
    ["Code", p?.code ? `${md(p.code.repository)} @ \`${md(p.code.commit)}\`` : void 0],
    [
      "Training run",
      p?.training ? `${p.training.pipeline} / ${p.training.runId} (by ${p.training.triggeredBy}, ${p.training.startedAt} \u2192 ${p.training.finishedAt})` : void 0
    ],
    ["Run URL", p?.training?.runUrl]
  ];
  for (const [k, v] of details) if (v !== void 0 && v !== "") out.push(`- **${k}:** ${k === "Code" ? v : md(v)}`);
  out.push("");
  return out;
}
function intendedUseMd(m) {
  return [
    "## Intended use",
    "",
    m.intendedUse ? md(m.intendedUse) : "_Not stated in the manifest (add `intendedUse`)._",
    ""
  ];
}
function trainingDataMd(m) {
  const out = ["## Training data", ""];
  const d = m.provenance?.data;
  out.push(`- **Feature-store snapshot:** ${md(d?.featureStoreSnapshot ?? "not declared")}`);
  if (d?.window) out.push(`- **Window:** ${md(d.window.from)} \u2192 ${md(d.window.to)}`);
  if (d?.uri) out.push(`- **URI:** ${md(d.uri)}`);
  if (d?.sha256) out.push(`- **SHA-256:** \`${d.sha256}\``);
  out.push("");
  return out;
}
function metricsMd(input) {
  const m = input.manifest;
  const out = ["## Metrics", ""];
  const comparisons = compareMetrics(m, input.baseManifest);
  out.push(`Evaluated at ${md(m.evaluation?.evaluatedAt ?? "unknown")}.`);
  if (input.baseManifest) {
    out.push(`Compared with the previous release **${md(input.baseManifest.version)}**.`, "");
    out.push(
      mdTable(
        ["Metric", `This release (${md(m.version)})`, `Previous (${md(input.baseManifest.version)})`, "Change"],
        comparisons.map((c) => [md(c.name), num(c.current), num(c.base), comparisonNote(c)]),
        [false, true, true, true]
      )
    );
  } else {
    out.push("No previous release to compare with.", "");
    out.push(
      mdTable(
        ["Metric", "Value"],
        comparisons.map((c) => [md(c.name), num(c.current)]),
        [false, true]
      )
    );
  }
  out.push("");
  return out;
}
function fairnessMd(input) {
  const r = input.biasReport;
  if (!r) return ["## Fairness", "", "_No bias report could be read._", ""];
  const out = ["## Fairness", ""];
  out.push(
    `Bias report generated ${md(r.generatedAt)}${r.generator ? ` by ${md(r.generator.name)} ${md(r.generator.version)}` : ""}${r.dataset ? ` on ${md(r.dataset.name)}${r.dataset.rows !== void 0 ? ` (${r.dataset.rows} rows)` : ""}` : ""}. Thresholds are the stricter of the policy's and the report's.`,
    ""
  );
  out.push(
    mdTable(
      ["Attribute", "Metric", "Value", "Threshold", "Result"],
      fairnessMetricRows(input).map((row) => [
        md(row.attribute),
        BIAS_METRIC_LABELS[row.metric] ?? md(row.metric),
        num(row.value),
        describeThreshold(row.threshold),
        STANDING_TEXT[row.standing]
      ]),
      [false, false, true, false, false]
    ),
    ""
  );
  for (const attr of r.attributes) out.push(...groupsMd(attr));
  return out;
}
function groupsMd(attr) {
  const out = [`### ${md(attr.name)}`, ""];
  out.push(
    mdTable(
      ["Group", "n", "Selection rate", "TPR", "FPR"],
      attr.groups.map((g) => [
        md(g.group),
        String(g.n),
        num(g.selectionRate),
        num(g.truePositiveRate),
        num(g.falsePositiveRate)
      ]),
      [false, true, true, true, true]
    )
  );
  if (attr.missing !== void 0) out.push("", `${attr.missing} rows have no value for ${md(attr.name)}.`);
  out.push("");
  return out;
}
function limitationsMd(input) {
  const limits = [...(input.manifest.limitations ?? []).map(md), ...smallGroupNotes(input).map(md)];
  return [
    "## Limitations",
    "",
    limits.length > 0 ? limits.map((l) => `- ${l}`).join("\n") : "_None stated in the manifest (add `limitations`)._",
    ""
  ];
}
function approvalsMd(input) {
  const approvals = approvalViews(input);
  const jira = jiraSignOffView(input);
  const out = ["## Approvals and sign-off", ""];
  if (approvals.length === 0) out.push("_No approvals recorded._");
  else
    out.push(
      mdTable(
        ["Document", "Approver", "Role", "Decision", "At", "Digest", "Note"],
        approvals.map((a) => [
          a.target,
          md(a.approver),
          md(a.role),
          a.decision,
          md(a.at),
          approvalStatusText(a),
          md(a.note ?? "")
        ])
      )
    );
  out.push("", `- **Jira:** ${md(jira.key)} (jira check: ${jira.status}) \u2014 ${md(jira.summary)}`);
  out.push(...gateMd(input), "");
  return out;
}
function gateMd(input) {
  if (!input.report) return [];
  const out = [
    "",
    mdTable(
      ["Check", "Status", "Summary"],
      input.report.checks.map((c) => [c.id, c.status, md(c.summary)])
    )
  ];
  const problems = gateProblems(input);
  if (problems.length > 0) {
    out.push("", "Findings:", "");
    for (const f of problems) out.push(`- **${f.severity}** \`${f.code}\` (${f.check}): ${md(f.message)}`);
  }
  return out;
}
function integrityMd(input) {
  const m = input.manifest;
  const digests = releaseDigests(input);
  const out = ["## Integrity", ""];
  out.push(
    mdTable(
      ["Artifact", "Size (bytes)", "SHA-256"],
      (m.artifacts ?? []).map((a) => [md(a.path), String(a.size), `\`${a.sha256}\``]),
      [false, true, false]
    ),
    ""
  );
  out.push(`- **Manifest digest:** \`${digests.manifestDigest}\` (RFC 8785 canonical JSON without \`approvals\`)`);
  out.push(`- **Bias report file:** ${md(m.biasReport?.path)} \`sha256:${m.biasReport?.sha256}\``);
  if (digests.reportDigest) out.push(`- **Bias report digest:** \`${digests.reportDigest}\``);
  if (digests.policyDigest) out.push(`- **Policy digest:** \`${digests.policyDigest}\``);
  return out;
}

// src/cli/commands/card.ts
var CARD_FORMATS = ["md", "markdown", "html"];
var cardCommand = {
  name: "card",
  usage: [
    "mlgov card [--format md|html] [--output FILE] [--repo DIR] [--model NAME] [--base REF] [--policy FILE] [--online]",
    "",
    "  --format md|html  Markdown (default) or one self-contained HTML page (inline CSS and SVG, printable)",
    "  --output FILE     write the card to FILE instead of standard output",
    "  --base REF        the previous release to compare metrics with (default: the tip of the default branch)",
    "  --policy FILE     repository-relative policy path (default .github/governance-policy.yml)",
    "  --online          also look the Jira ticket up (JIRA_* environment, as `mlgov check`); default offline",
    MODEL_USAGE,
    "",
    "SOURCE_DATE_EPOCH, when set, is the generation time written in the card.",
    "exit codes: 0 written, 2 the release could not be read (the reason and the fix are printed)"
  ].join("\n"),
  options: { ...commonOptions, ...releaseOptions },
  async run(args, io) {
    const format = formatOption(args, CARD_FORMATS, "md");
    const now = generationTime(io.env);
    const read = await readReleaseFromArgs(args, io, now);
    if (read.kind === "unusable") throw new CliError(read.reason, read.fix);
    for (const w of read.warnings) io.stderr(`mlgov: warning: ${w}
`);
    const input = { ...read.documents, generatedAt: now.toISOString(), toolVersion: TOOL_VERSION };
    const text = format === "html" ? renderCardHtml(input) : renderCardMarkdown(input);
    await emitOutput(args, io, text, "model card");
    return 0;
  }
};
export {
  cardCommand
};
