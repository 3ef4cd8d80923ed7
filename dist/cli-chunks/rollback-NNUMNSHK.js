import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  gitBlobId,
  readFileChanges
} from "./chunk-ZMFRWES2.js";
import {
  biasReportBindingMatches,
  boundReportFileOf
} from "./chunk-NM5MJR6S.js";
import {
  applyPlan,
  planArchiveOfSource,
  readExistingArchive,
  readReleaseAt,
  readVerifiedEvents
} from "./chunk-ZDXQH7HU.js";
import {
  assertPolicyPathsOfBase,
  assertReleaseOfModel,
  openWorkspace,
  resolveActor,
  resolveBaseRevision
} from "./chunk-OSASBEEU.js";
import "./chunk-RDTR2MTU.js";
import "./chunk-EFJPGLYE.js";
import {
  isSafeSegment,
  parseChecksums
} from "./chunk-QMI4VN4I.js";
import "./chunk-RWUHQJ7E.js";
import {
  MODEL_USAGE,
  modelOption,
  modelOptions
} from "./chunk-HKAZJK2U.js";
import {
  EvidenceError
} from "./chunk-HZZU23IO.js";
import "./chunk-2WJZ65FE.js";
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
  archiveFolder
} from "./chunk-II6VWIRH.js";
import {
  isSafeRelativePath,
  manifestDigest,
  readRepositoryFile,
  sha256Hex
} from "./chunk-E5PVBAA3.js";
import "./chunk-MFYIKXRD.js";

// src/evidence/rollback-run.ts
import { readdir } from "node:fs/promises";
import { join } from "node:path";

// src/evidence/rollback-plan.ts
var encoder = new TextEncoder();
var isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var refusal = (message, fix, exitCode = 2) => ({
  kind: "refused",
  message,
  fix,
  exitCode
});
function buildRollbackPlan(input) {
  const reason = input.reason.trim();
  const early = refuseRequest(input, reason);
  if (early) return early;
  const archived = readTargetArchive(input);
  if (archived.kind === "refused") return archived;
  const restored = archived.manifest;
  const verified = verifyRecord(input, restored);
  if (verified.kind === "refused") return verified;
  const replaced = input.replacedArchive;
  if (replaced.kind === "conflict") {
    return refusal(
      `the release being replaced cannot be archived: ${replaced.message}`,
      "archived evidence is write-once; fix the archive first",
      1
    );
  }
  if (replaced.kind === "invalid")
    return refusal(`the release being replaced cannot be archived: ${replaced.message}`, replaced.fix, 1);
  const m = restored;
  const approvalsCleared = Array.isArray(m.approvals) ? m.approvals.length : 0;
  const next = {};
  for (const [k, v] of Object.entries(restored)) {
    if (k === "approvals") continue;
    next[k] = k === "release" ? { type: "rollback", reason, rollbackOf: input.current.version } : v;
  }
  if (!("release" in next)) next["release"] = { type: "rollback", reason, rollbackOf: input.current.version };
  const { target } = input;
  const writes = [
    ...replaced.kind === "write" ? replaced.writes : [],
    { path: input.manifestPath, bytes: encoder.encode(JSON.stringify(next, null, 2) + "\n") },
    ...target.biasReport ? [{ path: input.biasReportPath, bytes: target.biasReport }] : []
  ];
  const digest = manifestDigest(next);
  const events = [
    ...replaced.kind === "write" ? replaced.events : [],
    {
      actor: input.actor,
      action: "rollback",
      model: input.current.model,
      version: input.toVersion,
      reason,
      at: input.now.toISOString(),
      ...typeof m.jira === "string" ? { ticket: m.jira } : {},
      details: {
        from: input.current.version,
        to: input.toVersion,
        restoredFrom: target.dir,
        manifestDigest: digest,
        approvalsCleared
      }
    }
  ];
  return {
    kind: "write",
    model: input.current.model,
    from: input.current.version,
    to: input.toVersion,
    writes,
    events,
    manifestDigest: digest,
    approvalsCleared,
    verified: verified.paths
  };
}
function refuseRequest(input, reason) {
  if (reason.length < input.minReasonLength) {
    return refusal(
      `the rollback reason is ${reason.length} character(s); the policy asks at least ${input.minReasonLength} (promotion.minReasonLength)`,
      'say why production goes back, e.g. --reason "AUC dropped 8% on live traffic since 2.4.0 (INC-1234)"'
    );
  }
  if (input.toVersion === input.current.version) {
    return refusal(
      `${input.current.model} ${input.toVersion} is already the release in force`,
      "name an archived earlier version with --to"
    );
  }
  return void 0;
}
function readTargetArchive(input) {
  const { target, current, toVersion, baseRef } = input;
  const restoreFix = `restore ${target.dir}/ from the base branch (git checkout ${baseRef} -- ${target.dir})`;
  if (!target.manifest) {
    if (!input.workingTreeDiffers.includes("manifest.json")) {
      const known = input.archivedVersions.length > 0 ? input.archivedVersions.join(", ") : "none";
      return refusal(
        `${current.model} ${toVersion} is not archived (${target.dir}/manifest.json does not exist); archived versions: ${known}`,
        "roll back only to an archived release (mlgov log show --action archive lists them)"
      );
    }
    return refusal(
      `${target.dir}/ is not on the base revision ${baseRef}: only an archive the base branch holds can be restored, never one that exists only in the working tree`,
      "roll back only to a release archived on the base branch (mlgov log show --action archive lists them)",
      1
    );
  }
  if (input.workingTreeDiffers.length > 0) {
    return refusal(
      `${target.dir}/ in the working tree differs from the base revision ${baseRef} (${input.workingTreeDiffers.join(", ")})`,
      restoreFix,
      1
    );
  }
  const missing = ["checksums", "evidence"].filter((k) => !target[k]);
  if (missing.length > 0) {
    const names = missing.map((k) => k === "checksums" ? "checksums.sha256" : "evidence.json").join(" and ");
    return refusal(`${target.dir}/ lacks ${names}, so the restored release cannot be verified`, restoreFix, 1);
  }
  let restored;
  try {
    restored = JSON.parse(Buffer.from(target.manifest).toString("utf8"));
  } catch (err) {
    return refusal(`${target.dir}/manifest.json is not valid JSON: ${err.message}`, restoreFix, 1);
  }
  if (!isObject(restored) || restored["version"] !== toVersion || restored["name"] !== current.model) {
    return refusal(`${target.dir}/manifest.json does not describe ${current.model} ${toVersion}`, restoreFix, 1);
  }
  if (!input.releasedOnBase) {
    return refusal(
      `${target.dir}/manifest.json was never the release in force on ${baseRef}: no first-parent commit of the base branch had this manifest at ${input.manifestPath}, so ${current.model} ${toVersion} is not a release that can be rolled back to`,
      `remove ${target.dir}/ (it is not evidence of a release) and roll back to a version the base branch released`,
      1
    );
  }
  const declared = isObject(restored["biasReport"]) ? restored["biasReport"]["path"] : void 0;
  if (declared !== void 0 && declared !== input.biasReportPath) {
    return refusal(
      `${target.dir}/manifest.json names the bias report ${isSafeRelativePath(declared) ? declared : JSON.stringify(declared)}, not the policy's ${input.biasReportPath}; a rollback writes only to the policy's paths`,
      `roll back to a release whose bias report is ${input.biasReportPath}, or change model.biasReport in the policy through a reviewed pull request`,
      1
    );
  }
  return { kind: "ok", manifest: restored };
}
function requiredCoverage(input, restored) {
  const { target } = input;
  const problems = [];
  const required = [{ path: `${target.dir}/manifest.json`, sha256: sha256Hex(target.manifest) }];
  if (target.biasReport)
    required.push({ path: `${target.dir}/bias-report.json`, sha256: sha256Hex(target.biasReport) });
  const report = isObject(restored["biasReport"]) ? restored["biasReport"] : void 0;
  if (report && !target.biasReport) problems.push(`${target.dir}/bias-report.json is missing`);
  if (report && target.biasReport && report["sha256"] !== void 0 && !biasReportBindingMatches(report["sha256"], boundReportFileOf(`${target.dir}/bias-report.json`, target.biasReport)))
    problems.push(`${target.dir}/bias-report.json is not the bias report the archived manifest declares`);
  const artifacts = Array.isArray(restored["artifacts"]) ? restored["artifacts"] : [];
  if (artifacts.length === 0) problems.push(`${target.dir}/manifest.json lists no artifacts`);
  for (const [i, a] of artifacts.entries()) {
    if (!isObject(a) || !isSafeRelativePath(a["path"]) || typeof a["sha256"] !== "string") {
      problems.push(`${target.dir}/manifest.json /artifacts/${i} has no usable path and sha256`);
      continue;
    }
    required.push({ path: a["path"], sha256: a["sha256"] });
  }
  return { required, problems };
}
function verifyRecord(input, restored) {
  const { target, current, toVersion } = input;
  const record = `${target.dir}/checksums.sha256`;
  const sums = parseChecksums(Buffer.from(target.checksums).toString("utf8"));
  const { required, problems } = requiredCoverage(input, restored);
  problems.push(...sums.invalid.map((l) => `${record} line ${l} does not parse`));
  const recorded = /* @__PURE__ */ new Map();
  for (const e of sums.entries) {
    if (recorded.has(e.path) && recorded.get(e.path) !== e.sha256) problems.push(`${record} records ${e.path} twice`);
    recorded.set(e.path, e.sha256);
  }
  const uncovered = required.filter((r) => !recorded.has(r.path)).map((r) => r.path);
  if (uncovered.length > 0) {
    return refusal(
      `${record} does not cover every file of ${current.model} ${toVersion} (${sums.entries.length === 0 ? "it is empty" : `${sums.entries.length} line(s)`}); not covered: ${uncovered.join(", ")}`,
      `restore ${target.dir}/ from the base branch; an archive written by mlgov archive records every artifact and both copies`,
      1
    );
  }
  for (const r of required) {
    if (recorded.get(r.path) !== r.sha256)
      problems.push(
        `${record} records ${r.path} as ${recorded.get(r.path)}, the archived release declares ${r.sha256}`
      );
  }
  for (const e of sums.entries) {
    const refused = input.refused?.[e.path];
    const have = input.observed[e.path];
    if (refused !== void 0) problems.push(`${e.path} was not read: ${refused}`);
    else if (have === void 0) problems.push(`${e.path} is missing`);
    else if (have !== e.sha256) problems.push(`${e.path} has sha256 ${have}, the archive records ${e.sha256}`);
  }
  if (problems.length > 0) {
    return refusal(
      `the files of ${current.model} ${toVersion} do not match ${record}: ${problems.join("; ")}`,
      `restore that release's model files first (then sha256sum -c ${record} passes), and run the rollback again`,
      1
    );
  }
  return { kind: "ok", paths: [...recorded.keys()] };
}

// src/evidence/rollback-run.ts
async function listArchivedVersions(root, dir) {
  try {
    return (await readdir(join(root, dir), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return [];
  }
}
async function observeRecorded(root, checksums) {
  const observed = {};
  const refused = {};
  if (!checksums) return { observed, refused };
  for (const e of parseChecksums(Buffer.from(checksums).toString("utf8")).entries) {
    const read = await readRepositoryFile(root, e.path);
    if (read.kind === "file") observed[e.path] = sha256Hex(read.bytes);
    else if (read.kind === "missing") observed[e.path] = void 0;
    else refused[e.path] = read.reason;
  }
  return { observed, refused };
}
var FIELD_OF = {
  "manifest.json": "manifest",
  "bias-report.json": "biasReport",
  "checksums.sha256": "checksums",
  "evidence.json": "evidence"
};
async function readTargetFromBase(git, baseCommit, dir, inWorkingTree) {
  const names = Object.keys(FIELD_OF);
  const blobs = await git.readBlobs(names.map((n) => `${baseCommit}:${dir}/${n}`));
  const files = {};
  const workingTreeDiffers = [];
  for (const name of names) {
    const onBase = blobs.get(`${baseCommit}:${dir}/${name}`);
    if (onBase) files[FIELD_OF[name]] = onBase;
    const here = inWorkingTree[name];
    if (onBase === void 0 !== (here === void 0) || onBase && here && !onBase.equals(here))
      workingTreeDiffers.push(name);
  }
  return { files, workingTreeDiffers };
}
async function wasReleasedOnBase(git, baseCommit, manifestPath, manifest) {
  if (!manifest) return false;
  const changes = await readFileChanges(git.root, baseCommit, manifestPath);
  const ids = new Set(changes.flatMap((c) => c.blob ? [c.blob] : []));
  return ids.has(gitBlobId(manifest, baseCommit.length));
}
async function planRollback(ws, request) {
  const { toVersion, reason, base, now } = request;
  const actor = await resolveActor(ws.root, request.actorFlag);
  const events = await readVerifiedEvents(ws.root, ws.policy.model.archiveDir);
  const current = await readReleaseAt(ws.git, base.commit, ws.policy);
  if (!current) {
    throw new EvidenceError(
      `the base revision ${base.ref} has no ${ws.policy.model.manifest}: there is no release in force to roll back`,
      "pass the production branch with --base REF"
    );
  }
  let parsed;
  try {
    parsed = JSON.parse(Buffer.from(current.manifestBytes).toString("utf8"));
  } catch {
    parsed = {};
  }
  if (!isSafeSegment(parsed.name) || !isSafeSegment(parsed.version)) {
    throw new EvidenceError(
      `the release in force (${current.manifestPath} at ${base.ref}) has no usable name and version`,
      "fix the manifest on the base branch first"
    );
  }
  assertReleaseOfModel(ws.location, parsed.name, `${current.manifestPath} at ${base.ref}`);
  const model = parsed.name;
  const targetDir = archiveFolder(ws.policy.model.archiveDir, model, toVersion);
  const existing = await readExistingArchive(ws.root, targetDir);
  const target = await readTargetFromBase(ws.git, base.commit, targetDir, existing);
  const replacedArchive = await planArchiveOfSource({
    root: ws.root,
    policy: ws.policy,
    source: current,
    now,
    actor,
    events
  });
  const recorded = await observeRecorded(ws.root, target.files.checksums);
  return buildRollbackPlan({
    toVersion,
    reason,
    minReasonLength: ws.policy.promotion.minReasonLength,
    current: { model, version: parsed.version },
    target: { dir: targetDir, ...target.files },
    workingTreeDiffers: target.workingTreeDiffers,
    releasedOnBase: await wasReleasedOnBase(ws.git, base.commit, ws.policy.model.manifest, target.files.manifest),
    baseRef: base.ref,
    archivedVersions: await listArchivedVersions(
      ws.root,
      archiveFolder(ws.policy.model.archiveDir, model, "").replace(/\/$/, "")
    ),
    observed: recorded.observed,
    refused: recorded.refused,
    replacedArchive,
    manifestPath: ws.policy.model.manifest,
    biasReportPath: ws.policy.model.biasReport,
    actor,
    now
  });
}

// src/cli/commands/rollback.ts
var usage = `mlgov rollback --to VERSION --reason TEXT [--model NAME] [--base REF] [--dry-run] [--actor LOGIN]
              [--format text|json] [--repo DIR]

${MODEL_USAGE}

Restores an archived release (artifacts/<model>/<VERSION>/) as the current release: the bias report byte for byte,
the manifest with release.type "rollback", release.reason and release.rollbackOf, and without its approvals (they
were bound to the old manifest digest; the board re-approves the rollback with mlgov approve). The release being
replaced (the base's) is archived first, and a "rollback" event is appended to the audit log.

Only a verified release is restored, and only to the policy's paths: the archive must be on the base revision (and
unchanged in the working tree), its manifest must have been in force on the base branch, and its checksums.sha256
must cover the archived manifest and bias report and every artifact (each file present with that digest). The
manifest goes to model.manifest, the bias report to model.biasReport, never to a path an archived file names; a
symlink on any path written is refused. Refusals change nothing. With several models, only the named model's
files and archive folder are read and written.`;
async function run(args, io) {
  const format = formatOption(args, ["text", "json"], "text");
  const toVersion = requireOption(args, "to");
  const reason = requireOption(args, "reason");
  const dryRun = booleanOption(args, "dry-run");
  if (!isSafeSegment(toVersion))
    throw new UsageError(`--to ${toVersion} is not a version (letters, digits, . _ + - only)`);
  const model = modelOption(args);
  const ws = await openWorkspace(stringOption(args, "repo") ?? io.cwd, model !== void 0 ? { model } : {});
  const base = await resolveBaseRevision(ws.git, stringOption(args, "base"));
  await assertPolicyPathsOfBase(ws, base);
  const actorFlag = stringOption(args, "actor");
  const plan = await planRollback(ws, {
    toVersion,
    reason,
    base,
    now: /* @__PURE__ */ new Date(),
    ...actorFlag !== void 0 ? { actorFlag } : {}
  });
  if (plan.kind === "refused") throw new CliError(`rollback refused: ${plan.message}`, plan.fix, plan.exitCode);
  const appended = dryRun ? [] : await applyPlan(ws.root, ws.policy.model.archiveDir, plan.writes, plan.events);
  if (format === "json") {
    io.stdout(
      JSON.stringify(
        {
          dryRun,
          model: plan.model,
          from: plan.from,
          to: plan.to,
          manifestDigest: plan.manifestDigest,
          approvalsCleared: plan.approvalsCleared,
          verified: plan.verified,
          writes: plan.writes.map((w) => ({ path: w.path, size: w.bytes.length })),
          events: dryRun ? plan.events : appended
        },
        null,
        2
      ) + "\n"
    );
    return 0;
  }
  const verb = dryRun ? "would write" : "wrote";
  io.stdout(
    `${dryRun ? "plan: roll back" : "rolled back"} ${plan.model} from ${plan.from} to ${plan.to} (${plan.verified.length} file(s) of ${plan.to} verified against its checksums.sha256)
`
  );
  for (const w of plan.writes) io.stdout(`${verb} ${w.path} (${w.bytes.length} bytes)
`);
  for (const e of plan.events)
    io.stdout(`${dryRun ? "would append" : "appended"} ${e.action} event for ${e.model} ${e.version}
`);
  io.stdout(
    `the restored manifest's digest is ${plan.manifestDigest}; ${plan.approvalsCleared} approval(s) of the archived manifest were removed: re-approve with mlgov approve --approver LOGIN --role ROLE
`
  );
  return 0;
}
var rollbackCommand = {
  name: "rollback",
  usage,
  options: {
    ...commonOptions,
    to: { type: "string" },
    reason: { type: "string" },
    base: { type: "string" },
    "dry-run": { type: "boolean" },
    actor: { type: "string" },
    ...modelOptions
  },
  // EvidenceError carries its fix and exit code; runCli reports it.
  run
};
export {
  rollbackCommand
};
