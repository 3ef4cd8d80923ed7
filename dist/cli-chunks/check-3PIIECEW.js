import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  startHashProgress
} from "./chunk-2GGSK7ZP.js";
import {
  jiraFromEnvironment
} from "./chunk-3CYLNB2W.js";
import "./chunk-Q6LL4MDP.js";
import {
  exitCodeOfModels,
  runGateOverModels
} from "./chunk-BJSEM5MN.js";
import {
  emitOutput
} from "./chunk-PLTTQENU.js";
import {
  UsageError,
  booleanOption,
  commonOptions,
  formatOption,
  stringOption
} from "./chunk-ZFWI3SVE.js";
import "./chunk-6CGME2LR.js";
import "./chunk-ONUCEF6J.js";
import {
  isCiEnvironment
} from "./chunk-5HDPDACY.js";
import "./chunk-TWLDCKBQ.js";
import "./chunk-7CPNODGQ.js";
import "./chunk-CW36UQVZ.js";
import {
  mlgovCommand
} from "./chunk-HV6P22BU.js";
import {
  checkOf,
  exitCodeOf
} from "./chunk-7YMLEWR4.js";
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
import {
  locationOf
} from "./chunk-KIYJOZ3G.js";
import {
  sha256Hex
} from "./chunk-4LCUO2WG.js";
import {
  TOOL_VERSION
} from "./chunk-RWUHQJ7E.js";
import "./chunk-F6FC4NS5.js";
import "./chunk-IPG6IIGA.js";
import "./chunk-ISCPHUTF.js";

// src/cli/commands/check.ts
import { resolve } from "node:path";

// src/render/next-steps.ts
var APPROVALS = {
  order: 6,
  label: "then, last, the approvals",
  command: "approve",
  args: "(the fairness review with --target bias-report, then the board)",
  codes: /^(APPROVALS_MISSING_ROLE|BIAS_APPROVAL_MISSING|APPROVAL_[A-Z_]+|APPROVALS_[A-Z_]+)$/
};
var STEPS = [
  {
    order: 1,
    label: "start the release from production",
    command: "release new",
    args: "--bump major|minor|patch --reason TEXT --jira KEY",
    voidsApprovals: true,
    codes: /^(VERSION_NOT_BUMPED|VERSION_ALREADY_RELEASED|VERSION_NOT_INCREASED|RELEASE_TYPE_MISMATCH)$/
  },
  {
    order: 2,
    label: "fill the evaluation from the pipeline's files",
    command: "metrics import",
    args: "FILE",
    voidsApprovals: true,
    codes: /^(PROMOTION_(METRICS_MISSING|METRICS_STALE|METRICS_DATE_INVALID|INSUFFICIENT_IMPROVEMENT|SEASONAL_REGRESSION|TOO_FEW_WINDOWS)|PERFORMANCE_THRESHOLD_NOT_MET)$/
  },
  {
    order: 3,
    label: "regenerate the bias report from the predictions",
    command: "bias compute",
    args: "--predictions FILE \u2026",
    voidsApprovals: true,
    codes: /^(BIAS_(?!APPROVAL_|REVIEW_|REVIEWS_|REPORT_PATH_MISMATCH$)[A-Z_]+)$/
  },
  {
    order: 4,
    label: "fill sizes and digests into the manifest",
    command: "checksums --write",
    voidsApprovals: true,
    codes: /^(CHECKSUM_MISMATCH|BIAS_REPORT_CHECKSUM_MISMATCH|SIZE_MISMATCH|UNLISTED_FILE|ARTIFACT_MISSING|DUPLICATE_ARTIFACT_PATH)$/
  },
  {
    order: 5,
    label: "archive the release this one supersedes",
    command: "archive",
    codes: /^(ARCHIVE_MISSING|ARCHIVE_NOT_LOGGED)$/
  }
];
var VOIDING_COMMAND = /mlgov (checksums --write|metrics import|bias compute|release new)/;
var VOIDS = " (this voids existing approvals: do it before asking for them)";
function nextSteps(report, modelName) {
  const errors = report.checks.flatMap((c) => c.findings).filter((f) => f.severity === "error");
  const steps = /* @__PURE__ */ new Map();
  const others = [];
  for (const f of errors) {
    const step = [...STEPS, APPROVALS].find((s) => s.codes.test(f.code));
    if (step) steps.set(step.order, step);
    else if (f.fix && !others.includes(otherStep(f))) others.push(otherStep(f));
  }
  const version = report.model?.version;
  if (version !== void 0 && version === report.model?.baseVersion && [2, 3, 4].some((o) => steps.has(o)))
    steps.set(1, STEPS[0]);
  const line = (s) => `${s.label}: ${mlgovCommand({ governedName: modelName }, s.command)}${s.args ? ` ${s.args}` : ""}${s.voidsApprovals ? VOIDS : ""}`;
  const before = STEPS.filter((s) => steps.has(s.order)).map(line);
  const last = steps.has(APPROVALS.order) ? [line(APPROVALS)] : [];
  return [...before, ...others, ...last].map((l, i) => `${i + 1}. ${l}`);
}
function otherStep(f) {
  const fix = f.fix;
  return VOIDING_COMMAND.test(fix) && !/approv/i.test(fix) ? `${fix}${VOIDS}` : fix;
}

// src/render/markdown.ts
function renderMarkdown(report, options = {}) {
  const out = [];
  out.push(`## ${verdictIcon(report)} mlgov governance gate: ${verdictWord(report)} \u2014 ${modelTitle(report)}`, "");
  out.push(...contextLines(report), "");
  out.push(...checksTable(report.checks), "");
  out.push(...findingsSection(report.checks));
  out.push(...nextStepsSection(report, options.modelName));
  const bias = checkOf(report, "bias");
  if (bias) out.push(...biasSection(bias));
  const promotion = checkOf(report, "promotion");
  if (promotion) out.push(...promotionSection(promotion, report));
  const approvals = checkOf(report, "approvals");
  if (approvals) out.push(...approvalsSection(approvals));
  const jira = checkOf(report, "jira");
  if (jira) out.push(...jiraSection(jira));
  out.push(`<sub>mlgov ${escapeText(report.tool.version)} \xB7 generated ${escapeText(report.generatedAt)}</sub>`);
  return out.join("\n") + "\n";
}
function jiraTicketOf(report) {
  const details = checkOf(report, "jira")?.details;
  if (!details) return void 0;
  const key = nonEmpty(details.issue?.key) ?? nonEmpty(details.manifestKey);
  if (!key) return void 0;
  const url = nonEmpty(details.issue?.url);
  const status = nonEmpty(details.issue?.status);
  return { key, ...url ? { url } : {}, ...status ? { status } : {} };
}
var STATUS_ICON = { pass: "\u2705", fail: "\u274C", warn: "\u26A0\uFE0F", skip: "\u23ED\uFE0F" };
var SEVERITY_ICON = { error: "\u274C", warning: "\u26A0\uFE0F", notice: "\u2139\uFE0F" };
function verdictIcon(report) {
  if (!report.judged) return "\u26D4";
  return report.verdict === "pass" ? report.forced ? "\u26A0\uFE0F" : "\u2705" : "\u274C";
}
function verdictWord(report) {
  if (!report.judged) return "could not judge";
  if (report.verdict === "fail") return "failed";
  return report.forced ? "passed (forced promotion)" : "passed";
}
function modelTitle(report) {
  const { name, version } = report.model;
  return name ? `\`${escapeCode(name)}\` ${escapeText(version ?? "")}`.trim() : "release";
}
function contextLines(report) {
  const lines = [];
  const errors = countSeverity(report, "error");
  const warnings = countSeverity(report, "warning");
  lines.push(
    `**Verdict:** ${verdictWord(report)} \xB7 ${errors} error${errors === 1 ? "" : "s"} \xB7 ${warnings} warning${warnings === 1 ? "" : "s"}`
  );
  if (report.base) {
    const baseVersion = report.model.baseVersion ? `production release ${escapeText(report.model.baseVersion)} at ` : "";
    lines.push(
      `**Compared with:** ${baseVersion}\`${escapeCode(report.base.ref)}\` (\`${report.base.commit.slice(0, 12)}\`)`
    );
  }
  lines.push(`**Policy:** ${policyText(report.policySource)}`);
  if (report.asOf)
    lines.push(`**Time rules judged as of:** ${escapeText(report.asOf.at)} \u2014 ${escapeText(report.asOf.reason)}`);
  if (report.forced)
    lines.push(
      "**Forced promotion:** failing promotion gates were turned into warnings by a forced release; it is flagged for audit."
    );
  if (report.offline) lines.push("**Offline:** Jira and GitHub were not consulted; those checks were skipped.");
  if (!report.judged)
    lines.push(
      "> [!CAUTION]\n> The gate could not judge this release (see the findings marked *could not judge*). Nothing is assumed to pass."
    );
  return lines;
}
function policyText(source) {
  switch (source) {
    case "base":
      return "read from the base revision (a pull request cannot loosen its own gate)";
    case "working-tree":
      return "read from the working tree (the base revision has no policy)";
    case "default":
      return "built-in defaults (no policy file found)";
  }
}
function countSeverity(report, severity) {
  return report.checks.reduce((n, c) => n + c.findings.filter((f) => f.severity === severity).length, 0);
}
function checksTable(checks) {
  const rows = ["| | Check | Result | Findings |", "|---|---|---|---|"];
  for (const c of checks) {
    const counts = ["error", "warning", "notice"].map((s) => [s, c.findings.filter((f) => f.severity === s).length]).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}${n === 1 ? "" : "s"}`).join(", ");
    rows.push(`| ${STATUS_ICON[c.status]} | \`${c.id}\` | ${cell(c.summary)} | ${counts || "\u2014"} |`);
  }
  return rows;
}
var MAX_FINDINGS_LISTED = 200;
function findingsSection(checks) {
  const all = checks.flatMap((c) => c.findings.map((f) => ({ check: c.id, f })));
  if (all.length === 0) return [];
  const out = ["### Findings", ""];
  for (const { check, f } of all.slice(0, MAX_FINDINGS_LISTED)) {
    const where = f.file ? ` \`${escapeCode(locationOf2(f))}\`${f.pointer ? ` (\`${escapeCode(f.pointer || "/")}\`)` : ""}` : "";
    const judged = f.indeterminate ? " *could not judge*" : "";
    out.push(`- ${SEVERITY_ICON[f.severity]} **${f.code}** [${check}]${where}${judged}: ${withCodeSpans(f.message)}`);
    if (f.fix) out.push(`  - **Fix:** ${withCodeSpans(f.fix)}`);
  }
  if (all.length > MAX_FINDINGS_LISTED)
    out.push(`- \u2026 and ${all.length - MAX_FINDINGS_LISTED} more (see the JSON or SARIF report).`);
  out.push("");
  return out;
}
function nextStepsSection(report, modelName) {
  const steps = nextSteps(report, modelName);
  if (steps.length < 2) return [];
  return ["### Next steps, in this order", "", ...steps.map((s) => withCodeSpans(s)), ""];
}
function locationOf2(f) {
  if (!f.file) return "";
  if (f.line === void 0) return f.file;
  return `${f.file}:${f.line}${f.column !== void 0 ? `:${f.column}` : ""}`;
}
var METRIC_SHORT = {
  demographic_parity_difference: "DPD",
  disparate_impact_ratio: "DI ratio",
  equalized_odds_difference: "EOD",
  false_positive_rate_difference: "FPR diff",
  true_positive_rate_difference: "TPR diff"
};
function describeThreshold(t) {
  if (!t) return "\u2014";
  const parts = [t.min !== void 0 ? `\u2265 ${t.min}` : "", t.max !== void 0 ? `\u2264 ${t.max}` : ""].filter(Boolean);
  return parts.length > 0 ? parts.join(" and ") : "\u2014";
}
function formatNumber(v) {
  if (v === void 0) return "\u2014";
  if (v === null) return "null";
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}
function thresholdUsePct(value, t) {
  const uses = [];
  if (t.max !== void 0) uses.push(t.max === 0 ? value > 0 ? 200 : 0 : value / t.max * 100);
  if (t.min !== void 0) uses.push(value <= 0 ? 200 : t.min / value * 100);
  if (uses.length === 0) return void 0;
  return Math.min(200, Math.max(0, Math.round(Math.max(...uses) * 10) / 10));
}
function biasSection(check) {
  const rows = check.details?.rows ?? [];
  if (rows.length === 0) return [];
  const out = ["### Bias metrics against thresholds", ""];
  out.push(
    "| Attribute | Metric | Reported | Recomputed | Threshold | Groups (lowest \u2192 highest) | |",
    "|---|---|---|---|---|---|---|"
  );
  for (const r of rows) {
    const recomputed = r.recomputed !== void 0 ? formatNumber(r.recomputed) : r.undefinedReason ? `undefined: ${r.undefinedReason}` : "\u2014";
    const groups = r.lowGroup && r.highGroup ? `${r.lowGroup} \u2192 ${r.highGroup}` : "\u2014";
    const icon = r.status === "pass" ? "\u2705" : r.status === "fail" ? "\u274C" : r.status === "warn" ? "\u26A0\uFE0F" : "\u2139\uFE0F";
    out.push(
      `| ${cell(r.attribute)} | ${cell(r.metric)} | ${formatNumber(r.reported)} | ${cell(recomputed)} | ${describeThreshold(r.threshold)} | ${cell(groups)} | ${icon} |`
    );
  }
  out.push("");
  const attributes = [...new Set(rows.map((r) => r.attribute))];
  for (const attribute of attributes) {
    const charted = rows.flatMap((r) => {
      if (r.attribute !== attribute || r.recomputed === void 0 || !r.threshold) return [];
      const pct = thresholdUsePct(r.recomputed, r.threshold);
      return pct === void 0 ? [] : [{ label: METRIC_SHORT[r.metric] ?? r.metric, pct }];
    });
    if (charted.length === 0) continue;
    const top = Math.max(120, Math.ceil(Math.max(...charted.map((c) => c.pct)) / 10) * 10);
    out.push(
      "```mermaid",
      "xychart-beta",
      `  title "${chartText(attribute)}: % of threshold used (bars; over the 100% line fails)"`,
      `  x-axis [${charted.map((c) => `"${chartText(c.label)}"`).join(", ")}]`,
      `  y-axis "% of threshold" 0 --> ${top}`,
      `  bar [${charted.map((c) => c.pct).join(", ")}]`,
      `  line [${charted.map(() => 100).join(", ")}]`,
      "```",
      ""
    );
  }
  const excludedText = (check.details?.excludedGroups ?? []).map(
    (e) => `\`${escapeCode(e.attribute)}=${escapeCode(e.group)}\` (${escapeText(e.reason || "excluded")})`
  );
  if (excludedText.length > 0) out.push(`Groups left out of the spread: ${excludedText.join(", ")}.`, "");
  const reviewer = check.details?.reviewer;
  if (reviewer?.approver) {
    const counted = reviewer.counted;
    out.push(
      `Fairness review: ${counted ? "\u2705" : "\u274C"} **${escapeText(reviewer.approver)}**${counted ? " approved exactly this report" : ` does not count${reviewer.reason ? ` (${escapeText(reviewer.reason)})` : ""}`}.`,
      ""
    );
  }
  return out;
}
function promotionSection(check, report) {
  const details = check.details;
  if (!details) return [];
  const out = [
    `### Promotion: challenger ${escapeText(report.model.version ?? "?")} vs production ${escapeText(report.model.baseVersion ?? "?")}`,
    ""
  ];
  if (details.rows && details.rows.length > 0) out.push(...comparisonTable(details.rows), "");
  const facts = promotionFacts(details);
  if (facts.length > 0) {
    for (const [k, v] of facts) out.push(`- **${escapeText(k)}:** ${escapeText(String(v))}`);
    out.push("");
  }
  return out.length > 2 ? out : [];
}
function promotionFacts(d) {
  const facts = [
    ["forced", d.forced],
    ["declaredType", d.declaredType],
    ["derivation", d.derivation],
    ["releaseType", d.releaseType],
    ["comparisonSkipped", d.comparisonSkipped]
  ];
  return facts.filter((f) => f[1] !== void 0);
}
var COMPARISON_COLUMNS = ["metric", "production", "challenger", "change"];
function comparisonTable(rows) {
  const columns = [...new Set(rows.flatMap((r) => COMPARISON_COLUMNS.filter((c) => r[c] !== void 0)))];
  const out = [`| ${columns.map(cell).join(" | ")} |`, `|${columns.map(() => "---").join("|")}|`];
  for (const r of rows) {
    out.push(
      `| ${columns.map((c) => {
        const v = r[c];
        return cell(v === void 0 ? "\u2014" : typeof v === "number" ? formatNumber(v) : v);
      }).join(" | ")} |`
    );
  }
  return out;
}
function approversOf(details) {
  const checked = details.corroboration === "checked";
  return details.approvals.map((a) => {
    let corroborated = a.corroborated;
    if (corroborated === void 0 && checked) {
      corroborated = a.source === "github-review" ? true : !(a.reason ?? "").includes("not corroborated");
    }
    return {
      login: a.approver,
      ...a.role ? { role: a.role } : {},
      counted: a.counted,
      ...corroborated !== void 0 ? { corroborated } : {},
      source: a.source,
      ...a.reason ? { reason: a.reason } : {}
    };
  });
}
function missingRolesOf(details) {
  return details.missingRoles.map((m) => `${m.role} (${m.missing} more)`);
}
var CORROBORATION_TEXT = {
  checked: "Each manifest approval was checked against an APPROVED GitHub review on the head commit.",
  unavailable: "The policy asks for GitHub-review corroboration, but the reviews were not known here.",
  "not-required": "The policy does not ask for GitHub-review corroboration."
};
function approvalsSection(check) {
  const details = check.details;
  if (!details) return [];
  const approvers = approversOf(details);
  const missing = missingRolesOf(details);
  if (approvers.length === 0 && missing.length === 0) return [];
  const out = ["### Approvals", ""];
  if (approvers.length > 0) {
    out.push(
      "| Approver | Role | Source | Counts | Corroborated by a GitHub review of the head commit | Note |",
      "|---|---|---|---|---|---|"
    );
    for (const a of approvers) {
      const counts = a.counted === void 0 ? "\u2014" : a.counted ? "\u2705" : "\u274C";
      const corroborated = a.corroborated === void 0 ? "\u2014" : a.corroborated ? "\u2705" : "\u274C";
      out.push(
        `| ${cell(a.login)} | ${cell(a.role ?? "\u2014")} | ${cell(a.source ?? "\u2014")} | ${counts} | ${corroborated} | ${cell(a.reason ?? "\u2014")} |`
      );
    }
    out.push("");
  }
  const corroboration = CORROBORATION_TEXT[details.corroboration];
  if (corroboration) out.push(corroboration, "");
  out.push(
    missing.length > 0 ? `**Still missing:** ${missing.map(escapeText).join(", ")}` : "**All required roles have approved.**",
    ""
  );
  return out;
}
function jiraSection(check) {
  const ticket = jiraTicketOf({ checks: [check] });
  if (!ticket) return [];
  const key = ticket.url ? `[${escapeText(ticket.key)}](${ticket.url.replace(/[()\s]/g, encodeURIComponent)})` : `\`${escapeCode(ticket.key)}\``;
  const status = ticket.status ? ` \u2014 status **${escapeText(ticket.status)}**` : "";
  return ["### Jira", "", `Ticket ${key}${status} ${STATUS_ICON[check.status]}`, ""];
}
function nonEmpty(v) {
  return v ? v : void 0;
}
function escapeText(text) {
  return text.replace(/[\\`*_{}[\]<>|#!~]/g, (c) => c === "<" ? "&lt;" : c === ">" ? "&gt;" : `\\${c}`).replace(/\r?\n/g, " ");
}
function withCodeSpans(text, codeOf = escapeCode) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(/`([^`\r\n]+)`/g)) {
    out.push(escapeText(text.slice(last, m.index)), `\`${codeOf(m[1])}\``);
    last = m.index + m[0].length;
  }
  out.push(escapeText(text.slice(last)));
  return out.join("");
}
function escapeCode(text) {
  return text.replace(/`/g, "'").replace(/\r?\n/g, " ");
}
function cell(text) {
  return withCodeSpans(text, (code) => escapeCode(code).replace(/\|/g, "\\|"));
}
function chartText(text) {
  return text.replace(/["[\]\r\n;]/g, " ").trim();
}

// src/render/sarif.ts
var SARIF_FALLBACK_FILE = "model/manifest.json";
var LEVEL = { error: "error", warning: "warning", notice: "note" };
function ruleName(code) {
  return code.toLowerCase().split("_").filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join("");
}
function ruleText(code) {
  const words = code.toLowerCase().split("_").filter(Boolean).join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
function helpOf(finding, check) {
  const where = `the \`${check}\` check is described in the mlgov README, "What the gate checks".`;
  const text = finding.fix ?? (finding.indeterminate ? `${finding.message} The gate could not judge this: resolve the cause named here and re-run; ${where}` : `${finding.message} No change is required by this ${finding.severity}; ${where}`);
  return { text, markdown: withCodeSpans(text) };
}
function fingerprintOf(finding, check) {
  return sha256Hex(
    Buffer.from([check, finding.code, finding.file ?? "", finding.pointer ?? ""].join("\0"), "utf8")
  ).slice(0, 32);
}
function renderSarif(report) {
  return JSON.stringify(sarifLogOf(report), null, 2) + "\n";
}
function sarifLogOf(report) {
  const rules = [];
  const ruleIndex = /* @__PURE__ */ new Map();
  const results = [];
  for (const check of report.checks) {
    for (const finding of check.findings) {
      let index = ruleIndex.get(finding.code);
      if (index === void 0) {
        index = rules.length;
        ruleIndex.set(finding.code, index);
        rules.push(ruleOf(finding, check.id));
      }
      results.push(resultOf(finding, check.id, index));
    }
  }
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "mlgov",
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules
          }
        },
        automationDetails: { id: "mlgov/governance-check/" },
        originalUriBaseIds: { "%SRCROOT%": { description: { text: "The repository root." } } },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.generatedAt,
            properties: { verdict: report.verdict, judged: report.judged }
          }
        ],
        results,
        properties: {
          verdict: report.verdict,
          judged: report.judged,
          forced: report.forced,
          ...report.model.name ? { model: report.model.name } : {},
          ...report.model.version ? { modelVersion: report.model.version } : {}
        }
      }
    ]
  };
  return log;
}
function ruleOf(finding, check) {
  return {
    id: finding.code,
    name: ruleName(finding.code),
    shortDescription: { text: `${ruleText(finding.code)} (${check} check)` },
    fullDescription: { text: finding.message },
    help: helpOf(finding, check),
    defaultConfiguration: { level: LEVEL[finding.severity] },
    properties: { tags: ["mlgov", "model-governance", check] }
  };
}
function resultOf(finding, check, ruleIndex) {
  const file = finding.file ?? SARIF_FALLBACK_FILE;
  const region = finding.file && finding.line !== void 0 && finding.line >= 1 ? {
    region: {
      startLine: finding.line,
      ...finding.column !== void 0 && finding.column >= 1 ? { startColumn: finding.column } : {}
    }
  } : {};
  return {
    ruleId: finding.code,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: finding.fix ? `${finding.message}
Fix: ${finding.fix}` : finding.message },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: file, uriBaseId: "%SRCROOT%" }, ...region },
        ...finding.pointer !== void 0 ? { logicalLocations: [{ fullyQualifiedName: `${file}#${finding.pointer}`, kind: "member" }] } : {}
      }
    ],
    partialFingerprints: { "mlgovFinding/v1": fingerprintOf(finding, check) },
    properties: {
      check,
      ...finding.pointer !== void 0 ? { pointer: finding.pointer } : {},
      ...finding.indeterminate ? { indeterminate: true } : {}
    }
  };
}

// src/render/text.ts
var STATUS_LABEL = { pass: "PASS", fail: "FAIL", warn: "WARN", skip: "SKIP" };
function count(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function renderText(report, options = {}) {
  const lines = [];
  const model = report.model.name ? `${report.model.name} ${report.model.version ?? ""}`.trim() : "release";
  const base = report.base ? ` against ${report.model.baseVersion ?? "no release"} on ${report.base.ref} (${report.base.commit.slice(0, 12)})` : "";
  lines.push(`mlgov ${report.tool.version}: ${model}${base}`);
  lines.push(`policy: ${policySourceText(report.policySource)}`);
  if (report.asOf) lines.push(`time rules judged as of ${report.asOf.at}: ${report.asOf.reason}`);
  lines.push("");
  const width = Math.max(...report.checks.map((c) => c.id.length));
  for (const check of report.checks) {
    lines.push(`${STATUS_LABEL[check.status]}  ${check.id.padEnd(width)}  ${check.summary}`);
  }
  const findings = report.checks.flatMap((c) => c.findings.map((f) => ({ check: c.id, f })));
  if (findings.length > 0) lines.push("");
  for (const { check, f } of findings) {
    const where = locationOf(f);
    lines.push(
      `${where ? `${where}: ` : ""}${f.severity} ${f.code} [${check}]${f.indeterminate ? " (could not judge)" : ""}`
    );
    lines.push(`    ${f.message}`);
    if (f.fix) lines.push(`    fix: ${f.fix}`);
  }
  lines.push("");
  const steps = nextSteps(report, options.modelName);
  if (steps.length > 1) lines.push("next steps, in this order:", ...steps.map((s) => `  ${s}`), "");
  const errors = findings.filter(({ f }) => f.severity === "error").length;
  const warnings = findings.filter(({ f }) => f.severity === "warning").length;
  const verdict = !report.judged ? "COULD NOT JUDGE" : report.verdict === "pass" ? "PASS" : "FAIL";
  const tail = [count(errors, "error"), count(warnings, "warning")];
  if (report.forced) tail.push("FORCED promotion");
  if (report.offline) tail.push("offline: Jira and GitHub not consulted");
  lines.push(`verdict: ${verdict} (${tail.join(", ")})`);
  return lines.join("\n") + "\n";
}
function policySourceText(source) {
  switch (source) {
    case "base":
      return "read from the base revision (a PR cannot loosen its own gate)";
    case "working-tree":
      return "read from the working tree (no policy on the base revision)";
    case "default":
      return "defaults (no policy file found)";
  }
}

// src/render/models-report.ts
var NOT_TOUCHED = "not touched by this change";
var NO_MODEL_TOUCHED = "no governed model touched by this change";
function modelNameOf(judgement) {
  return judgement.name ?? judgement.report.model.name ?? "release";
}
function modelLabelOf(judgement) {
  return `${modelNameOf(judgement)} ${judgement.report.model.version ?? ""}`.trim();
}
function verdictPhraseOf(report) {
  if (!report.judged) return "could not be judged";
  return report.verdict === "pass" ? "passed" : "failed";
}
function overallVerdictOf(run) {
  const reports = run.judgements.map((j) => j.report);
  return {
    verdict: reports.every((r) => r.verdict === "pass") ? "pass" : "fail",
    judged: reports.every((r) => r.judged)
  };
}
function summariseModels(run) {
  const untouched = run.untouched.length > 0 ? `not judged: ${run.untouched.join(", ")} (${NOT_TOUCHED})` : "";
  if (run.judgements.length === 0) return `${NO_MODEL_TOUCHED}${untouched ? `; ${untouched}` : ""}`;
  const n = run.judgements.length;
  const judged = run.judgements.map((j) => `${modelLabelOf(j)} ${verdictPhraseOf(j.report)}`).join(", ");
  return `${n} model${n === 1 ? "" : "s"}: ${judged}${untouched ? `; ${untouched}` : ""}`;
}
function renderModelsText(run) {
  const lines = [summariseModels(run), `models judged: ${run.selection}`];
  for (const j of run.judgements) {
    lines.push(
      "",
      `=== ${modelLabelOf(j)}: ${verdictPhraseOf(j.report)} ===`,
      renderText(j.report, { modelName: j.name }).trimEnd()
    );
  }
  for (const name of run.untouched) lines.push("", `=== ${name}: not judged: ${NOT_TOUCHED} ===`);
  const overall = overallVerdictOf(run);
  const word = !overall.judged ? "COULD NOT JUDGE" : overall.verdict === "pass" ? "PASS" : "FAIL";
  lines.push("", `verdict over ${run.judgements.length} model${run.judgements.length === 1 ? "" : "s"}: ${word}`);
  return lines.join("\n") + "\n";
}
function renderModelsMarkdown(run) {
  const overall = overallVerdictOf(run);
  const icon = !overall.judged ? "\u26D4" : overall.verdict === "pass" ? "\u2705" : "\u274C";
  const out = [`# ${icon} mlgov governance gate \u2014 ${escapeText(summariseModels(run))}`, ""];
  out.push(`**Models judged:** ${escapeText(run.selection)}`, "");
  if (run.judgements.length + run.untouched.length > 0) {
    out.push("| Model | Version | Verdict |", "| --- | --- | --- |");
    for (const j of run.judgements) {
      const version = j.report.model.version ?? "\u2014";
      out.push(`| \`${modelNameOf(j)}\` | ${escapeText(version)} | ${verdictPhraseOf(j.report)} |`);
    }
    for (const name of run.untouched) out.push(`| \`${name}\` | \u2014 | not judged: ${NOT_TOUCHED} |`);
    out.push("");
  }
  for (const j of run.judgements) out.push("---", "", renderMarkdown(j.report, { modelName: j.name }));
  return out.join("\n").trimEnd() + "\n";
}
function renderModelsJson(run) {
  const overall = overallVerdictOf(run);
  const document = {
    tool: { name: "mlgov", version: run.judgements[0]?.report.tool.version ?? TOOL_VERSION },
    verdict: overall.verdict,
    judged: overall.judged,
    selection: run.selection,
    models: run.judgements.map((j) => ({ name: modelNameOf(j), report: j.report })),
    untouched: run.untouched
  };
  return JSON.stringify(document, null, 2) + "\n";
}
function renderModelsSarif(run) {
  const rules = [];
  const ruleIndex = /* @__PURE__ */ new Map();
  const results = [];
  for (const j of run.judgements) {
    const model = modelNameOf(j);
    const single = sarifLogOf(j.report).runs[0];
    const own = single.tool.driver.rules ?? [];
    for (const result of single.results ?? []) {
      const rule = own[result.ruleIndex];
      let index = ruleIndex.get(rule.id);
      if (index === void 0) {
        index = rules.push(rule) - 1;
        ruleIndex.set(rule.id, index);
      }
      const print = result.partialFingerprints["mlgovFinding/v1"];
      results.push({
        ...result,
        ruleIndex: index,
        message: { text: `[${model}] ${result.message.text ?? ""}` },
        partialFingerprints: { "mlgovFinding/v1": sha256Hex(Buffer.from(`${model}\0${print}`, "utf8")).slice(0, 32) },
        properties: { model, ...result.properties }
      });
    }
  }
  return JSON.stringify(modelsSarifLog(run, rules, results), null, 2) + "\n";
}
function modelsSarifLog(run, rules, results) {
  const overall = overallVerdictOf(run);
  const version = run.judgements[0]?.report.tool.version ?? TOOL_VERSION;
  const times = run.judgements.map((j) => j.report.generatedAt).sort();
  const models = run.judgements.map((j) => ({
    name: modelNameOf(j),
    ...j.report.model.version ? { version: j.report.model.version } : {},
    verdict: j.report.verdict,
    judged: j.report.judged
  }));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "mlgov", version, semanticVersion: version, rules } },
        automationDetails: { id: "mlgov/governance-check/" },
        originalUriBaseIds: { "%SRCROOT%": { description: { text: "The repository root." } } },
        invocations: [
          {
            executionSuccessful: true,
            ...times.length > 0 ? { endTimeUtc: times.at(-1) } : {},
            properties: { verdict: overall.verdict, judged: overall.judged }
          }
        ],
        results,
        properties: { verdict: overall.verdict, judged: overall.judged, models, untouched: run.untouched }
      }
    ]
  };
}
function renderModelsReport(run, format) {
  switch (format) {
    case "text":
      return renderModelsText(run);
    case "json":
      return renderModelsJson(run);
    case "markdown":
      return renderModelsMarkdown(run);
    case "sarif":
      return renderModelsSarif(run);
  }
}

// src/render/json.ts
function renderJson(report) {
  return JSON.stringify(report, null, 2) + "\n";
}

// src/render/render-report.ts
var REPORT_FORMATS = ["text", "json", "markdown", "sarif"];
function renderReport(report, format) {
  switch (format) {
    case "text":
      return renderText(report);
    case "json":
      return renderJson(report);
    case "markdown":
      return renderMarkdown(report);
    case "sarif":
      return renderSarif(report);
  }
}

// src/cli/commands/check.ts
var checkCommand = {
  name: "check",
  usage: [
    "mlgov check [--repo DIR] [--base REF] [--offline] [--format text|json|markdown|sarif] [--output FILE]",
    "            [--policy FILE] [--model NAME | --all] [--pr-title TEXT] [--pr-body TEXT] [--as-of DATE]",
    "            [--fail-fast] [--rehash]",
    "",
    "  --base REF      the production revision to compare with (default: the tip of the default branch)",
    "  --offline       skip only the Jira and GitHub lookups, and say so in the report",
    "  --policy FILE   repository-relative policy path (default .github/governance-policy.yml)",
    "  --model NAME    judge only this model of the policy's models: list",
    "  --all           judge every model of the policy's models: list; without --model or --all, the models the",
    "                  change touches (against --base) are judged, each in its own section of the report",
    "  --pr-title, --pr-body   the pull request text, for the Jira key rule when run locally",
    "  --as-of DATE    judge time-based rules (approval age, metric freshness) as of DATE",
    "  --fail-fast     stop hashing at the first mismatching artifact",
    "  --rehash        hash every artifact: do not take Git LFS pointers from the index or digests from the",
    "                  local hash cache (the cache is never used when CI is set)",
    "  --output FILE   write the report to FILE instead of standard output",
    "",
    "exit codes: 0 pass, 1 the gate failed, 2 could not judge"
  ].join("\n"),
  options: {
    ...commonOptions,
    base: { type: "string" },
    offline: { type: "boolean" },
    policy: { type: "string" },
    model: { type: "string" },
    all: { type: "boolean" },
    "pr-title": { type: "string" },
    "pr-body": { type: "string" },
    "as-of": { type: "string" },
    "fail-fast": { type: "boolean" },
    rehash: { type: "boolean" }
  },
  async run(args, io) {
    const format = formatOption(args, REPORT_FORMATS, "text");
    const asOfText = stringOption(args, "as-of");
    const asOf = asOfText === void 0 ? void 0 : new Date(asOfText);
    if (asOf && Number.isNaN(asOf.getTime()))
      throw new UsageError(`--as-of "${asOfText}" is not a date (use ISO 8601, e.g. 2026-11-20)`);
    const title = stringOption(args, "pr-title");
    const body = stringOption(args, "pr-body");
    const baseRef = stringOption(args, "base");
    const policyPath = stringOption(args, "policy");
    const offline = booleanOption(args, "offline");
    const model = stringOption(args, "model");
    const all = booleanOption(args, "all");
    if (model !== void 0 && all) throw new UsageError("--model and --all cannot be used together: pick one");
    const progress = startHashProgress(io);
    const run = await runGateOverModels({
      ...model !== void 0 ? { model } : {},
      all,
      onHashProgress: (p) => progress.update(p),
      repoRoot: resolve(io.cwd, stringOption(args, "repo") ?? "."),
      offline,
      ...jiraFromEnvironment(!offline, io.env),
      // s3:// artifacts are reached with the SDK's standard chain, read from this command's environment.
      s3: { env: io.env },
      failFast: booleanOption(args, "fail-fast"),
      rehash: booleanOption(args, "rehash"),
      // The cache serves a PR author's repeated local runs; a CI run judges its fresh checkout on its own.
      hashCache: !booleanOption(args, "rehash") && !isCiEnvironment(io.env),
      ...baseRef !== void 0 ? { baseRef } : {},
      ...policyPath !== void 0 ? { policyPath } : {},
      ...asOf ? { asOf } : {},
      ...title !== void 0 || body !== void 0 ? {
        pr: {
          ...title !== void 0 ? { title } : {},
          ...body !== void 0 ? { body } : {},
          commitMessages: []
        }
      } : {}
    });
    progress.stop();
    return emitRun(run, format, args, io);
  }
};
async function emitRun(run, format, args, io) {
  if (!run.listsModels) {
    const report = run.judgements[0].report;
    const text = renderReport(report, format);
    await emitOutput(args, io, text, `report (verdict: ${report.judged ? report.verdict : "could not judge"})`);
    return exitCodeOf(report);
  }
  const overall = overallVerdictOf(run);
  const n = run.judgements.length;
  await emitOutput(
    args,
    io,
    renderModelsReport(run, format),
    `report of ${n} model${n === 1 ? "" : "s"} (verdict: ${overall.judged ? overall.verdict : "could not judge"})`
  );
  return exitCodeOfModels(run);
}
export {
  checkCommand
};
