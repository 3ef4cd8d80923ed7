import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  POLICY_FILE,
  assertReleaseOfModel,
  policyFromBytes
} from "./chunk-SUAMELWY.js";
import {
  MODEL_USAGE,
  modelOption,
  modelOptions
} from "./chunk-PLTTQENU.js";
import {
  CliError,
  UsageError,
  booleanOption,
  commonOptions,
  formatOption,
  requireOption,
  stringOption
} from "./chunk-ZFWI3SVE.js";
import {
  sameLogin
} from "./chunk-Z2455ISO.js";
import {
  appendAuditEvent,
  assertAuditLogWritable,
  auditLogPath,
  readAuditLogText
} from "./chunk-2DGF7VUV.js";
import {
  openGitRepository,
  resolveBaseRevision,
  verifyAuditLog
} from "./chunk-D7Q3LZ5Y.js";
import {
  EvidenceError
} from "./chunk-HZZU23IO.js";
import "./chunk-E3MHIWUA.js";
import "./chunk-XT4WT7IS.js";
import {
  ModelSelectionError,
  loadWorkingPolicy,
  parseJsonDocument,
  selectModel
} from "./chunk-KIYJOZ3G.js";
import {
  assertSafeWrite,
  isWithin,
  manifestDigest,
  reportContentSha256,
  reportDigest,
  sha256Hex,
  stageRepositoryFile
} from "./chunk-4LCUO2WG.js";
import "./chunk-ISCPHUTF.js";

// src/cli/commands/approve.ts
import { resolve as resolve2 } from "node:path";

// src/evidence/approve-apply.ts
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

// src/evidence/approve-plan.ts
function formatJsonFile(value) {
  return JSON.stringify(value, null, 2) + "\n";
}
function parseObject(file) {
  const doc = parseJsonDocument(file.path, Buffer.from(file.text, "utf8"));
  const first = doc.problems[0];
  if (first || doc.value === void 0 || typeof doc.value !== "object" || doc.value === null || Array.isArray(doc.value)) {
    const where = first?.line ? ` (line ${first.line}${first.column ? `, column ${first.column}` : ""})` : "";
    return {
      refused: {
        kind: "refused",
        message: `${file.path} cannot be parsed${where}: ${first?.message ?? "it is not a JSON object"}`,
        fix: first?.fix ?? `Fix ${file.path} (mlgov check shows where), then approve again.`
      }
    };
  }
  return { value: doc.value };
}
function biasReportPathOf(manifestText, policy) {
  try {
    const m = JSON.parse(manifestText);
    const p = m?.biasReport?.path;
    if (typeof p === "string" && p !== "" && !p.startsWith("/") && !p.split(/[\\/]/).includes("..")) return p;
  } catch {
  }
  return policy.model.biasReport;
}
function alreadyRecorded(list, approval) {
  const digestOf = (a) => "manifestDigest" in a ? a.manifestDigest : a.reportDigest;
  return (list ?? []).find(
    (a) => typeof a === "object" && a !== null && sameLogin(String(a.approver), approval.approver) && a.role === approval.role && a.decision === approval.decision && digestOf(a) === digestOf(approval) && (a.note ?? "") === (approval.note ?? "")
  );
}
function unchanged(manifest, recorded) {
  const what = "reportDigest" in recorded ? " bias report" : "";
  const digest = "manifestDigest" in recorded ? recorded.manifestDigest : recorded.reportDigest;
  return {
    kind: "unchanged",
    approval: recorded,
    message: `already ${recorded.decision}: ${recorded.approver} (${recorded.role}) ${recorded.decision} ${manifest.name} ${manifest.version}${what}, bound to ${digest}${recorded.at ? `, at ${recorded.at}` : ""}; nothing written`
  };
}
function upsert(list, approval) {
  const out = [...list ?? []];
  const i = out.findIndex(
    (a) => typeof a === "object" && a !== null && a.approver === approval.approver && a.role === approval.role
  );
  if (i >= 0) out[i] = approval;
  else out.push(approval);
  return { list: out, replaced: i >= 0 };
}
function buildApprovePlan(files, request, policy, rosterWhere = ".github/governance-policy.yml") {
  const member = rosterMember(request, policy, rosterWhere);
  if ("refused" in member) return member.refused;
  request = { ...request, approver: member.login };
  const parsedManifest = parseObject(files.manifest);
  if ("refused" in parsedManifest) return parsedManifest.refused;
  const manifest = parsedManifest.value;
  if (request.target === "manifest") return planManifestApproval(files.manifest.path, manifest, request);
  if (!files.report) {
    return {
      kind: "refused",
      message: "the bias report was not found",
      fix: `Add the bias report the manifest names (biasReport.path).`
    };
  }
  const parsedReport = parseObject(files.report);
  if ("refused" in parsedReport) return parsedReport.refused;
  return planReportApproval(files.manifest.path, files.report, manifest, parsedReport.value, request, policy);
}
function rosterMember(request, policy, where) {
  const member = policy.approvals.roster.find((m) => sameLogin(m.login, request.approver));
  if (!member) {
    return {
      refused: {
        kind: "refused",
        message: `${request.approver} is not on the approvals roster (${where} approvals.roster)`,
        fix: "Only roster members can approve; the roster is changed by a board-reviewed policy PR, and counts once merged."
      }
    };
  }
  if (!member.roles.includes(request.role)) {
    return {
      refused: {
        kind: "refused",
        message: `the roster does not give ${request.approver} the role ${request.role}; ${request.approver}'s roster roles: ${member.roles.join(", ") || "(none)"} (${where})`,
        fix: `Approve with one of ${request.approver}'s roles (--role ${member.roles[0] ?? "<role>"}).`
      }
    };
  }
  return { login: member.login };
}
function approvalOf(request, digest) {
  return {
    approver: request.approver,
    role: request.role,
    decision: request.decision,
    at: request.now,
    ...digest,
    ...request.note !== void 0 && request.note !== "" ? { note: request.note } : {}
  };
}
function planManifestApproval(manifestPath, manifest, request) {
  const digest = manifestDigest(manifest);
  const approval = approvalOf(request, { manifestDigest: digest });
  const recorded = alreadyRecorded(manifest.approvals, approval);
  if (recorded) return unchanged(manifest, recorded);
  const { list, replaced } = upsert(manifest.approvals, approval);
  const updated = { ...manifest, approvals: list };
  return {
    kind: "write",
    writes: [{ path: manifestPath, text: formatJsonFile(updated) }],
    event: auditEvent(manifest, request, { manifestDigest: digest }),
    approval,
    replaced,
    voidedApprovals: [],
    warnings: []
  };
}
function planReportApproval(manifestPath, reportFile, manifest, report, request, policy) {
  const warnings = [];
  if (request.role !== policy.bias.reviewerRole) {
    warnings.push(
      `the gate counts only ${policy.bias.reviewerRole} approvals of the bias report; this one is as ${request.role}`
    );
  }
  const rDigest = reportDigest(report);
  const approval = approvalOf(request, { reportDigest: rDigest });
  const recorded = alreadyRecorded(report.approvals, approval);
  if (recorded) return unchanged(manifest, recorded);
  const { list, replaced } = upsert(report.approvals, approval);
  const writes = [{ path: reportFile.path, text: formatJsonFile({ ...report, approvals: list }) }];
  const binding = reportContentSha256(report);
  const declared = manifest.biasReport?.sha256;
  const oldDigest = manifestDigest(manifest);
  let voidedApprovals = [];
  let newDigest = oldDigest;
  if (typeof declared !== "string" || declared.toLowerCase() !== binding) {
    const updatedManifest = { ...manifest, biasReport: { ...manifest.biasReport, sha256: binding } };
    newDigest = manifestDigest(updatedManifest);
    writes.push({ path: manifestPath, text: formatJsonFile(updatedManifest) });
    voidedApprovals = (manifest.approvals ?? []).filter((a) => a.manifestDigest === oldDigest);
    const why = typeof declared === "string" && declared.toLowerCase() === sha256Hex(reportFile.text) ? "biasReport.sha256 was the digest of the report's bytes; it now binds the report's content without approvals, once" : "biasReport.sha256 did not bind this report; it now binds its content";
    if (voidedApprovals.length > 0) {
      warnings.push(
        `the manifest digest changes (${why}), so these manifest approvals are now void and must be given again: ` + voidedApprovals.map((a) => `${a.approver} (${a.role})`).join(", ")
      );
    }
  }
  return {
    kind: "write",
    writes,
    event: auditEvent(manifest, request, { reportDigest: rDigest, manifestDigest: newDigest }),
    approval,
    replaced,
    voidedApprovals,
    warnings
  };
}
function auditEvent(manifest, request, digests) {
  return {
    actor: request.approver,
    action: "approve",
    model: manifest.name,
    version: manifest.version,
    ...typeof manifest.jira === "string" && manifest.jira ? { ticket: manifest.jira } : {},
    at: request.now,
    details: {
      target: request.target,
      role: request.role,
      decision: request.decision,
      ...digests,
      ...request.note ? { note: request.note } : {}
    }
  };
}

// src/evidence/approve-apply.ts
async function readOptional(path) {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    if (err.code === "ENOENT") return void 0;
    throw err;
  }
}
function inside(root, rel) {
  const abs = resolve(root, rel);
  if (!isWithin(resolve(root), abs))
    throw new EvidenceError(
      `${rel} is outside the repository`,
      "Use repository-relative paths in the manifest and policy."
    );
  return abs;
}
async function readApproveFiles(root, location, target) {
  const manifestPath = location.manifest;
  const manifestText = await readOptional(inside(root, manifestPath));
  if (manifestText === void 0)
    throw new EvidenceError(
      `${manifestPath} not found in ${root}`,
      "Run mlgov approve in the model repository, or pass --repo DIR."
    );
  const reportPath = biasReportPathOf(manifestText, location.policy);
  if (target === "bias-report" && reportPath !== location.biasReport) {
    throw new EvidenceError(
      `refused: ${manifestPath} names the bias report ${reportPath}, but the policy's bias report is ${location.biasReport}; mlgov approve writes only to the policy's paths`,
      `set biasReport.path in ${manifestPath} to ${location.biasReport} (the report the gate judges)`,
      1
    );
  }
  const reportText = target === "bias-report" ? await readOptional(inside(root, reportPath)) : void 0;
  return {
    manifest: { path: manifestPath, text: manifestText },
    ...reportText !== void 0 ? { report: { path: reportPath, text: reportText } } : {}
  };
}
async function applyApprovePlan(root, archiveDir, plan) {
  const verified = verifyAuditLog(await readAuditLogText(root, archiveDir));
  if (!verified.ok) {
    throw new EvidenceError(
      `refused: ${auditLogPath(archiveDir)} does not verify: ${verified.break.message}`,
      "Run mlgov log verify and restore the log from git.",
      2
    );
  }
  for (const w of plan.writes) await assertSafeWrite(root, w.path);
  await assertAuditLogWritable(root, archiveDir);
  const staged = [];
  let appended;
  try {
    for (const w of plan.writes) staged.push(await stageRepositoryFile(root, w.path, w.text));
    appended = await appendAuditEvent(root, archiveDir, plan.event);
  } catch (err) {
    await Promise.all(staged.map((f) => f.discard()));
    throw err;
  }
  for (const f of staged) await f.commit();
  return appended;
}
async function readRosterPolicy(root, location, baseRef) {
  const git = openGitRepository(root);
  const working = (why) => ({
    policy: location.policy,
    source: "working-tree",
    where: POLICY_FILE,
    note: `${why}: the approver is checked against the working tree's roster (${POLICY_FILE})`
  });
  if (!await git.isRepository()) {
    if (baseRef !== void 0)
      throw new EvidenceError(
        `--base ${baseRef}: ${root} is not a git repository`,
        "run mlgov approve in the model repository"
      );
    return working("not a git repository, so no base revision");
  }
  const base = await resolveBaseRevision(git, baseRef);
  if (base.kind === "none") return working(`no base revision (${base.reason})`);
  if (base.kind === "unavailable")
    throw new EvidenceError(`refused: ${base.reason}; the roster is the base revision's`, base.fix, 2);
  const spec = `${base.commit}:${POLICY_FILE}`;
  const basePolicy = policyFromBytes((await git.readBlobs([spec])).get(spec), `${base.ref}:${POLICY_FILE}`);
  try {
    return {
      policy: selectModel(basePolicy, location.name).policy,
      source: "base",
      where: `${base.ref}:${POLICY_FILE}`
    };
  } catch (err) {
    if (!(err instanceof ModelSelectionError)) throw err;
    throw new EvidenceError(
      `refused: the base revision ${base.ref} does not govern ${location.name === void 0 ? "this model" : JSON.stringify(location.name)} (${err.message}); its roster decides who can approve`,
      `merge the policy change that adds the model to ${base.ref} first`,
      2
    );
  }
}

// src/cli/commands/approve.ts
var usage = `mlgov approve --approver LOGIN --role ROLE [--decision approved|rejected] [--note TEXT]
              [--target manifest|bias-report] [--model NAME] [--base REF] [--dry-run] [--format text|json]
              [--repo DIR]

${MODEL_USAGE}

Records a digest-bound approval: in the manifest (default; bound to its manifestDigest) or in the bias report
(bound to its reportDigest). The manifest's biasReport.sha256 binds the report's content without its approvals, so
a review of an unchanged report leaves the board's approvals standing; when it binds the report's bytes (older
manifests) or another report, the review sets it, which voids the manifest's approvals (named in a warning).
The approver must be on the roster of the BASE revision's policy (--base REF, else the default branch) with the
role; without a base revision the working tree's policy is used, and the output says so. The same approval
(approver, role, decision, note, digest) recorded again writes nothing and logs nothing. Appends an "approve"
event to the audit log. --dry-run prints the plan and writes nothing. Only the model's own manifest and bias
report are written.`;
function describeApprovePlan(plan, dryRun, archiveDir) {
  const a = plan.approval;
  const digest = "manifestDigest" in a ? a.manifestDigest : a.reportDigest;
  const lines = [
    `${dryRun ? "plan" : "recorded"}: ${a.approver} (${a.role}) ${a.decision} ${plan.event.model} ${plan.event.version}${"reportDigest" in a ? " bias report" : ""}, bound to ${digest}${plan.replaced ? " (replaces the earlier approval by the same approver and role)" : ""}`,
    ...plan.writes.map((w) => `${dryRun ? "would write" : "wrote"} ${w.path}`),
    `${dryRun ? "would append" : "appended"} approve event to ${auditLogPath(archiveDir)}`,
    ...plan.warnings.map((w) => `warning: ${w}`)
  ];
  return lines.join("\n") + "\n";
}
async function run(args, io) {
  const approver = requireOption(args, "approver");
  const role = requireOption(args, "role");
  const decision = stringOption(args, "decision") ?? "approved";
  if (decision !== "approved" && decision !== "rejected")
    throw new UsageError(`--decision must be approved or rejected, not ${decision}`);
  const target = stringOption(args, "target") ?? "manifest";
  if (target !== "manifest" && target !== "bias-report")
    throw new UsageError(`--target must be manifest or bias-report, not ${target}`);
  const format = formatOption(args, ["text", "json"], "text");
  const dryRun = booleanOption(args, "dry-run");
  const note = stringOption(args, "note");
  const root = resolve2(stringOption(args, "repo") ?? io.cwd);
  const location = selectModel(await loadWorkingPolicy(root), modelOption(args));
  const roster = await readRosterPolicy(root, location, stringOption(args, "base"));
  const plan = buildApprovePlan(
    await readApproveFiles(root, location, target),
    { approver, role, decision, target, now: (/* @__PURE__ */ new Date()).toISOString(), ...note !== void 0 ? { note } : {} },
    roster.policy,
    roster.where
  );
  if (plan.kind === "refused") throw new CliError(`refused: ${plan.message}`, plan.fix, 2);
  const rosterNote = roster.note !== void 0 ? `note: ${roster.note}
` : "";
  const rosterJson = { source: roster.source, where: roster.where, ...roster.note ? { note: roster.note } : {} };
  if (plan.kind === "unchanged") {
    if (format === "json") {
      const out = { dryRun, unchanged: true, message: plan.message, approval: plan.approval, roster: rosterJson };
      io.stdout(JSON.stringify({ ...out, writes: [] }, null, 2) + "\n");
    } else io.stdout(`${rosterNote}${plan.message}
`);
    return 0;
  }
  assertReleaseOfModel(location, plan.event.model, location.manifest);
  const archiveDir = location.archiveDir;
  const appended = dryRun ? void 0 : await applyApprovePlan(root, archiveDir, plan);
  if (format === "json") {
    io.stdout(
      JSON.stringify(
        {
          dryRun,
          approval: plan.approval,
          replaced: plan.replaced,
          writes: plan.writes.map((w) => w.path),
          event: dryRun ? plan.event : appended,
          voidedApprovals: plan.voidedApprovals,
          warnings: plan.warnings,
          roster: rosterJson
        },
        null,
        2
      ) + "\n"
    );
  } else {
    io.stdout(rosterNote + describeApprovePlan(plan, dryRun, archiveDir));
  }
  for (const w of plan.warnings) if (format === "json") io.stderr(`mlgov: warning: ${w}
`);
  return 0;
}
var approveCommand = {
  name: "approve",
  usage,
  options: {
    ...commonOptions,
    approver: { type: "string" },
    role: { type: "string" },
    decision: { type: "string" },
    note: { type: "string" },
    target: { type: "string" },
    "dry-run": { type: "boolean" },
    base: { type: "string" },
    ...modelOptions
  },
  run
};
export {
  approveCommand,
  describeApprovePlan
};
