import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  gitBlobId,
  readFileChanges
} from "./chunk-CUO4Q3IN.js";
import {
  biasReportBindingMatches,
  boundReportFileOf
} from "./chunk-AG6EXT7R.js";
import {
  applyPlan,
  headObjects,
  manifestArtifactPaths,
  planArchiveOfSource,
  readExistingArchive,
  readReleaseAt,
  readVerifiedEvents
} from "./chunk-EJHXIHKI.js";
import {
  POLICY_FILE,
  assertPolicyPathsOfBase,
  assertReleaseOfModel,
  openWorkspace,
  resolveActor,
  resolveBaseRevision
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
  LFS_POINTER_MAX_BYTES,
  parseLfsPointer
} from "./chunk-NWOYYDP3.js";
import "./chunk-YSVHWFM3.js";
import "./chunk-336J7YO3.js";
import {
  auditLogPath
} from "./chunk-2DGF7VUV.js";
import {
  isSafeSegment,
  parseChecksums
} from "./chunk-D7Q3LZ5Y.js";
import {
  EvidenceError
} from "./chunk-HZZU23IO.js";
import "./chunk-E3MHIWUA.js";
import {
  parseS3Url
} from "./chunk-XT4WT7IS.js";
import {
  archiveFolder,
  isObject
} from "./chunk-KIYJOZ3G.js";
import {
  isSafeRelativePath,
  manifestDigest,
  readRepositoryFile,
  sha256Hex
} from "./chunk-4LCUO2WG.js";
import "./chunk-RWUHQJ7E.js";
import "./chunk-IPG6IIGA.js";
import "./chunk-ISCPHUTF.js";

// src/evidence/rollback-run.ts
import { readdir } from "node:fs/promises";
import { join } from "node:path";

// src/evidence/rollback-restore.ts
import { posix } from "node:path";
var refusal = (message, fix, exitCode) => ({
  kind: "refused",
  message,
  fix,
  exitCode
});
function archivedArtifactRecords(manifest) {
  let parsed;
  try {
    parsed = manifest ? JSON.parse(Buffer.from(manifest).toString("utf8")) : void 0;
  } catch {
    return [];
  }
  const artifacts = isObject(parsed) && Array.isArray(parsed["artifacts"]) ? parsed["artifacts"] : [];
  return artifacts.flatMap((a) => {
    if (!isObject(a) || !isSafeRelativePath(a["path"]) || typeof a["sha256"] !== "string") return [];
    if (a["path"].startsWith("s3://")) return [];
    const size = Number.isSafeInteger(a["size"]) && a["size"] >= 0 ? a["size"] : void 0;
    return [{ path: a["path"], sha256: a["sha256"], ...size !== void 0 ? { size } : {} }];
  });
}
function recordedSourceCommit(evidence) {
  let parsed;
  try {
    parsed = evidence ? JSON.parse(Buffer.from(evidence).toString("utf8")) : void 0;
  } catch {
    return void 0;
  }
  const commit = isObject(parsed) && isObject(parsed["source"]) ? parsed["source"]["gitCommit"] : void 0;
  return typeof commit === "string" && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit) ? commit : void 0;
}
var sizeMatches = (record, size) => record.size === void 0 || record.size === size;
var describeRecord = (r) => `sha256 ${r.sha256}${r.size !== void 0 ? ` (${r.size} bytes)` : ""}`;
function protectedPathProblem(path, p) {
  const normal = posix.normalize(path);
  const segments = normal.toLowerCase().split("/");
  if (segments.includes(".git") || segments[0] === ".github")
    return "git and workflow files are never restored as model files";
  if ([".gitattributes", ".gitmodules", ".gitignore"].includes(segments[segments.length - 1]))
    return "git configuration files are never restored as model files";
  const same = (q) => normal === posix.normalize(q);
  if (same(p.manifest) || same(p.biasReport) || same(p.policy))
    return "it is one of the policy's files, which a rollback writes only as the policy says";
  const archive = posix.normalize(p.archiveDir).replace(/\/$/, "");
  if (normal === archive || normal.startsWith(`${archive}/`)) return `it is evidence under ${archive}/`;
  return void 0;
}
function isInPlace(record, file) {
  if (file.kind !== "file") return false;
  if (file.sha256 === record.sha256 && sizeMatches(record, file.size)) return true;
  return file.pointer !== void 0 && file.pointer.oid === record.sha256 && file.pointer.size === record.size;
}
function verifyAgainstRecord(record, bytes) {
  const digest = sha256Hex(bytes);
  if (digest === record.sha256 && sizeMatches(record, bytes.length)) return { verifiedBy: "content" };
  const pointer = parseLfsPointer(bytes);
  if (pointer && pointer.oid === record.sha256 && record.size !== void 0 && pointer.size === record.size)
    return { verifiedBy: "lfs-pointer" };
  return {
    found: pointer ? `a Git LFS pointer to sha256 ${pointer.oid} (${pointer.size} bytes)` : `sha256 ${digest} (${bytes.length} bytes)`
  };
}
function uncommittedChange(facts, restoreBlob) {
  const { worktree: wt, head, index } = facts;
  if (index && (index.stage > 0 || index.id !== head?.id && index.id !== restoreBlob)) return "staged";
  if (wt.kind !== "file" || wt.blobId === restoreBlob) return void 0;
  if (!head) return "untracked";
  if (wt.blobId === head.id) return void 0;
  const smudged = head.pointer !== void 0 && wt.sha256 === head.pointer.oid && wt.size === head.pointer.size;
  return smudged ? void 0 : "modified";
}
function planRestore(input) {
  const refused = input.artifacts.filter((a) => a.worktree.kind === "refused");
  if (refused.length > 0) {
    const why = refused.map((a) => `${a.record.path} (${a.worktree.reason})`).join(", ");
    return refusal(
      `the model files of this release cannot be restored at their paths: ${why}`,
      "make each artifact path a regular file inside the repository (or remove what is there), then run the rollback again",
      1
    );
  }
  const inPlace = input.artifacts.filter((a) => isInPlace(a.record, a.worktree)).map((a) => a.record.path);
  const needed = input.artifacts.filter((a) => !inPlace.includes(a.record.path));
  if (needed.length === 0) return { kind: "ok", restores: [], inPlace };
  const guarded = needed.flatMap((a) => {
    const why = protectedPathProblem(a.record.path, input.protectedPaths);
    return why ? [`${a.record.path} (${why})`] : [];
  });
  if (guarded.length > 0) {
    return refusal(
      `the archived manifest of ${input.dir} names artifacts the rollback does not write: ${guarded.join(", ")}`,
      "restore those files by hand in a reviewed change, or roll back to a release whose artifacts are model files",
      1
    );
  }
  const source = sourceRefusal(input, needed);
  if (source) return source;
  const commit = input.recordedCommit;
  const restores = [];
  const problems = [];
  for (const a of needed) {
    const at = a.atRecorded;
    if (!at || at.kind === "absent") {
      problems.push(`${a.record.path} is not in commit ${commit.slice(0, 12)}`);
    } else if (at.mode !== "100644" && at.mode !== "100755") {
      problems.push(`${a.record.path} is not a regular file in commit ${commit.slice(0, 12)} (mode ${at.mode})`);
    } else if (at.bytes === void 0) {
      problems.push(`${a.record.path} could not be read from commit ${commit.slice(0, 12)}`);
    } else {
      const verified = verifyAgainstRecord(a.record, at.bytes);
      if ("found" in verified)
        problems.push(
          `${a.record.path} at ${commit.slice(0, 12)} is ${verified.found}; the archive records ${describeRecord(a.record)}`
        );
      else restores.push({ path: a.record.path, bytes: at.bytes, blob: at.id, mode: at.mode, ...verified });
    }
  }
  if (problems.length > 0) {
    return refusal(
      `the model files git holds for this release do not match the archived record of ${input.dir}: ${problems.join("; ")}`,
      `restore those files from artifact storage (each must have the sha256 ${input.dir}/checksums.sha256 records), then run the rollback again`,
      1
    );
  }
  return dirtyRefusal(needed, restores) ?? { kind: "ok", restores, inPlace, commit };
}
function sourceRefusal(input, needed) {
  const paths = needed.map((a) => a.record.path).join(", ");
  if (input.recordedCommit === void 0) {
    return refusal(
      `${input.dir}/evidence.json records no source commit, so the model files not in place (${paths}) cannot be restored from git`,
      "restore those files from artifact storage (each with the sha256 the archive records), then run the rollback again",
      1
    );
  }
  if (input.commitPresent) return void 0;
  const commit = input.recordedCommit;
  return refusal(
    `the commit ${input.dir}/evidence.json records (${commit}) is not in this repository${input.shallow ? " (a shallow clone)" : ""}, so ${paths} cannot be restored from it`,
    input.shallow ? "fetch the whole history (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0), then run the rollback again" : `fetch it (git fetch origin ${commit}), then run the rollback again`,
    2
  );
}
function dirtyRefusal(needed, restores) {
  const blobOf = new Map(restores.map((r) => [r.path, r.blob]));
  const dirty = needed.flatMap((a) => {
    const change = uncommittedChange(a, blobOf.get(a.record.path) ?? "");
    return change ? [`${a.record.path} (${change})`] : [];
  });
  if (dirty.length === 0) return void 0;
  return refusal(
    `the working tree has uncommitted changes to model files the rollback would restore: ${dirty.join(", ")}; they are never overwritten`,
    "commit them, or set them aside with git stash push --include-untracked -- <file>..., then run the rollback again",
    2
  );
}

// src/evidence/rollback-plan.ts
var encoder = new TextEncoder();
var refusal2 = (message, fix, exitCode = 2) => ({
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
  const covered = checkCoverage(input, restored);
  if (covered.kind === "refused") return covered;
  const objects = checkArchivedObjects(input, restored);
  if (objects.kind === "refused") return objects;
  const files = input.restore && covered.problems.length === 0 ? planRestore(input.restore) : void 0;
  if (files?.kind === "refused") return files;
  const modelFiles = /* @__PURE__ */ new Set([
    ...files ? [...files.inPlace, ...files.restores.map((r) => r.path)] : [],
    ...objects.paths
  ]);
  const verified = checkObserved(input, covered.problems, modelFiles);
  if (verified.kind === "refused") return verified;
  const replaced = input.replacedArchive;
  if (replaced.kind === "conflict") {
    return refusal2(
      `the release being replaced cannot be archived: ${replaced.message}`,
      "archived evidence is write-once; fix the archive first",
      1
    );
  }
  if (replaced.kind === "invalid")
    return refusal2(`the release being replaced cannot be archived: ${replaced.message}`, replaced.fix, 1);
  const m = restored;
  const approvalsCleared = Array.isArray(m.approvals) ? m.approvals.length : 0;
  const next = rolledBackManifest(restored, reason, input.current.version);
  const { target } = input;
  const writes = [
    ...(files?.restores ?? []).map((r) => ({ path: r.path, bytes: r.bytes })),
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
        approvalsCleared,
        ...files?.commit !== void 0 ? { modelFilesFrom: files.commit, modelFilesRestored: files.restores.map((r) => r.path) } : {}
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
    verified: verified.paths,
    restored: files?.restores ?? [],
    inPlace: files?.inPlace ?? [],
    ...files?.commit !== void 0 ? { restoredFromCommit: files.commit } : {}
  };
}
function rolledBackManifest(restored, reason, rollbackOf) {
  const next = {};
  for (const [k, v] of Object.entries(restored)) {
    if (k === "approvals") continue;
    next[k] = k === "release" ? { type: "rollback", reason, rollbackOf } : v;
  }
  if (!("release" in next)) next["release"] = { type: "rollback", reason, rollbackOf };
  return next;
}
function refuseRequest(input, reason) {
  if (reason.length < input.minReasonLength) {
    return refusal2(
      `the rollback reason is ${reason.length} character(s); the policy asks at least ${input.minReasonLength} (promotion.minReasonLength)`,
      'say why production goes back, e.g. --reason "AUC dropped 8% on live traffic since 2.4.0 (INC-1234)"'
    );
  }
  if (input.toVersion === input.current.version) {
    return refusal2(
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
      return refusal2(
        `${current.model} ${toVersion} is not archived (${target.dir}/manifest.json does not exist); archived versions: ${known}`,
        "roll back only to an archived release (mlgov log show --action archive lists them)"
      );
    }
    return refusal2(
      `${target.dir}/ is not on the base revision ${baseRef}: only an archive the base branch holds can be restored, never one that exists only in the working tree`,
      "roll back only to a release archived on the base branch (mlgov log show --action archive lists them)",
      1
    );
  }
  if (input.workingTreeDiffers.length > 0) {
    return refusal2(
      `${target.dir}/ in the working tree differs from the base revision ${baseRef} (${input.workingTreeDiffers.join(", ")})`,
      restoreFix,
      1
    );
  }
  const missing = ["checksums", "evidence"].filter((k) => !target[k]);
  if (missing.length > 0) {
    const names = missing.map((k) => k === "checksums" ? "checksums.sha256" : "evidence.json").join(" and ");
    return refusal2(`${target.dir}/ lacks ${names}, so the restored release cannot be verified`, restoreFix, 1);
  }
  let restored;
  try {
    restored = JSON.parse(Buffer.from(target.manifest).toString("utf8"));
  } catch (err) {
    return refusal2(`${target.dir}/manifest.json is not valid JSON: ${err.message}`, restoreFix, 1);
  }
  if (!isObject(restored) || restored["version"] !== toVersion || restored["name"] !== current.model) {
    return refusal2(`${target.dir}/manifest.json does not describe ${current.model} ${toVersion}`, restoreFix, 1);
  }
  if (!input.releasedOnBase) {
    return refusal2(
      `${target.dir}/manifest.json was never the release in force on ${baseRef}: no first-parent commit of the base branch had this manifest at ${input.manifestPath}, so ${current.model} ${toVersion} is not a release that can be rolled back to`,
      `remove ${target.dir}/ (it is not evidence of a release) and roll back to a version the base branch released`,
      1
    );
  }
  const declared = isObject(restored["biasReport"]) ? restored["biasReport"]["path"] : void 0;
  if (declared !== void 0 && declared !== input.biasReportPath) {
    return refusal2(
      `${target.dir}/manifest.json names the bias report ${isSafeRelativePath(declared) ? declared : JSON.stringify(declared)}, not the policy's ${input.biasReportPath}; a rollback writes only to the policy's paths`,
      `roll back to a release whose bias report is ${input.biasReportPath}, or change model.biasReport in the policy through a reviewed pull request`,
      1
    );
  }
  return { kind: "ok", manifest: restored };
}
function checkArchivedObjects(input, restored) {
  const { target, current, toVersion } = input;
  const artifacts = Array.isArray(restored["artifacts"]) ? restored["artifacts"] : [];
  const paths = [];
  const gone = [];
  for (const a of artifacts) {
    if (!isObject(a) || typeof a["path"] !== "string" || !a["path"].startsWith("s3://")) continue;
    const path = a["path"];
    const pinned = parseS3Url(path);
    const head = input.objects?.[path];
    if (!pinned.ok) return refusal2(`${target.dir}/manifest.json names "${path}": ${pinned.problem}`, S3_DOC, 1);
    if (head === void 0) return refusal2(`${path} was not looked up in the store`, "report it as an mlgov bug");
    if (head.kind === "failure" && head.verdict === "indeterminate") {
      return refusal2(
        `could not check that ${path} (archived in ${target.dir}/) still exists: ${head.message}`,
        head.fix
      );
    }
    const version = pinned.location.versionId;
    if (head.kind === "failure") gone.push(`${path}: ${head.message}`);
    else if (version !== void 0 && head.versionId !== version)
      gone.push(`${path}: the store answered for version ${head.versionId ?? "(none)"}`);
    else if (typeof a["size"] === "number" && head.size !== a["size"])
      gone.push(`${path}: ${head.size} bytes in the store, ${String(a["size"])} archived`);
    paths.push(path);
  }
  if (gone.length > 0) {
    return refusal2(
      `the object versions ${current.model} ${toVersion} was approved with are no longer in the store (a bucket lifecycle rule or a delete removed evidence): ${gone.join("; ")}`,
      `restore each object version from a backup or replica (a new upload has a new versionId and is another release), or roll back to another version; keep noncurrent versions at least evidence.retentionYears (docs/s3.md)`,
      1
    );
  }
  return { kind: "ok", paths };
}
var S3_DOC = "an archived s3:// artifact must be s3://bucket/key?versionId=\u2026 (docs/s3.md)";
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
function checkCoverage(input, restored) {
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
    return refusal2(
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
  return { kind: "ok", problems };
}
function checkObserved(input, problems, modelFiles) {
  const { target, current, toVersion } = input;
  const record = `${target.dir}/checksums.sha256`;
  const entries = parseChecksums(Buffer.from(target.checksums).toString("utf8")).entries;
  for (const e of entries) {
    if (modelFiles.has(e.path)) continue;
    const refused = input.refused?.[e.path];
    const have = input.observed[e.path];
    if (refused !== void 0) problems.push(`${e.path} was not read: ${refused}`);
    else if (have === void 0) problems.push(`${e.path} is missing`);
    else if (have !== e.sha256) problems.push(`${e.path} has sha256 ${have}, the archive records ${e.sha256}`);
  }
  if (problems.length > 0) {
    return refusal2(
      `the files of ${current.model} ${toVersion} do not match ${record}: ${problems.join("; ")}`,
      `restore ${record}'s files from the base branch or artifact storage (then sha256sum -c ${record} passes), and run the rollback again`,
      1
    );
  }
  return { kind: "ok", paths: [...new Set(entries.map((e) => e.path))] };
}

// src/evidence/rollback-run.ts
async function listArchivedVersions(root, dir) {
  try {
    return (await readdir(join(root, dir), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return [];
  }
}
async function observeRecorded(root, checksums, known) {
  const observed = {};
  const refused = {};
  if (!checksums) return { observed, refused };
  for (const e of parseChecksums(Buffer.from(checksums).toString("utf8")).entries) {
    if (e.path.startsWith("s3://")) continue;
    const artifact = known.get(e.path);
    if (artifact) {
      const wt = artifact.worktree;
      if (wt.kind === "refused") refused[e.path] = wt.reason;
      else
        observed[e.path] = isInPlace(artifact.record, wt) ? artifact.record.sha256 : wt.kind === "file" ? wt.sha256 : void 0;
      continue;
    }
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
async function observeWorktree(root, path, idLength) {
  const read = await readRepositoryFile(root, path);
  if (read.kind === "missing") return { kind: "missing" };
  if (read.kind !== "file") return { kind: "refused", reason: read.reason };
  const pointer = parseLfsPointer(read.bytes);
  return {
    kind: "file",
    sha256: sha256Hex(read.bytes),
    size: read.bytes.length,
    blobId: gitBlobId(read.bytes, idLength),
    ...pointer ? { pointer } : {}
  };
}
async function entryAt(git, commit, path) {
  return (await git.listEntriesAt(commit, path))[path];
}
async function gatherRestoreFacts(ws, target) {
  const { git, root } = ws;
  const records = archivedArtifactRecords(target.manifest);
  const recordedCommit = recordedSourceCommit(target.evidence);
  const head = await git.resolveCommit("HEAD");
  const idLength = head?.length ?? 40;
  const index = await git.indexEntries(records.map((r) => r.path));
  if (!index) {
    throw new EvidenceError(
      `git could not list the index entries of ${target.dir}'s artifacts, so a staged change to them cannot be told apart`,
      "run `git status` in the repository to see what git reports, fix it, then run the rollback again"
    );
  }
  const artifacts = [];
  let commitPresent = false;
  for (const record of records) {
    const worktree = await observeWorktree(root, record.path, idLength);
    const facts = { record, worktree, ...await headEntry(git, head, record.path) };
    const staged = index.get(record.path);
    if (staged) facts.index = { mode: staged.mode, id: staged.blob, stage: staged.stage };
    if (!isInPlace(record, worktree) && recordedCommit !== void 0) {
      commitPresent ||= await git.commitExists(recordedCommit);
      if (commitPresent) facts.atRecorded = await recordedEntry(git, recordedCommit, record);
    }
    artifacts.push(facts);
  }
  return {
    dir: target.dir,
    ...recordedCommit !== void 0 ? { recordedCommit } : {},
    commitPresent,
    shallow: await git.isShallow(),
    artifacts,
    protectedPaths: {
      manifest: ws.policy.model.manifest,
      biasReport: ws.policy.model.biasReport,
      policy: POLICY_FILE,
      archiveDir: ws.policy.model.archiveDir
    }
  };
}
async function headEntry(git, head, path) {
  const entry = head ? await entryAt(git, head, path) : void 0;
  if (!entry) return {};
  const size = (await git.objectSizes([entry.id])).get(entry.id)?.size;
  const bytes = size !== void 0 && size < LFS_POINTER_MAX_BYTES ? (await git.readBlobs([entry.id])).get(entry.id) : void 0;
  const pointer = bytes ? parseLfsPointer(bytes) : void 0;
  return { head: { mode: entry.mode, id: entry.id, ...pointer ? { pointer } : {} } };
}
async function recordedEntry(git, commit, record) {
  const entry = await entryAt(git, commit, record.path);
  if (!entry) return { kind: "absent" };
  const regular = entry.mode === "100644" || entry.mode === "100755";
  const bytes = regular ? (await git.readBlobs([entry.id])).get(entry.id) : void 0;
  return { kind: "entry", mode: entry.mode, id: entry.id, ...bytes ? { bytes } : {} };
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
    events,
    ...request.s3 ? { s3: request.s3 } : {}
  });
  const targetFiles = { dir: targetDir, ...target.files };
  const restore = await gatherRestoreFacts(ws, targetFiles);
  const modelFiles = new Map(restore.artifacts.map((a) => [a.record.path, a]));
  const recorded = await observeRecorded(ws.root, target.files.checksums, modelFiles);
  return buildRollbackPlan({
    toVersion,
    reason,
    minReasonLength: ws.policy.promotion.minReasonLength,
    current: { model, version: parsed.version },
    target: targetFiles,
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
    objects: target.files.manifest ? await headObjects(manifestArtifactPaths(target.files.manifest), ws.policy, request.s3) : {},
    restore,
    manifestPath: ws.policy.model.manifest,
    biasReportPath: ws.policy.model.biasReport,
    actor,
    now
  });
}
function shellWord(word) {
  return /^[A-Za-z0-9._/+:=@-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
function rollbackCommit(plan, archiveDir) {
  const paths = [
    .../* @__PURE__ */ new Set([...plan.writes.map((w) => w.path), ...plan.events.length > 0 ? [auditLogPath(archiveDir)] : []])
  ];
  const ticket = plan.events.find((e) => e.action === "rollback")?.ticket;
  const message = `${ticket ? `${ticket} ` : ""}Roll back ${plan.model} from ${plan.from} to ${plan.to}`;
  return { paths, command: ["git", "commit", "-m", message, "--", ...paths].map(shellWord).join(" ") };
}
async function stageRollback(ws, plan) {
  const { paths } = rollbackCommit(plan, ws.policy.model.archiveDir);
  const restored = new Set(plan.restored.map((r) => r.path));
  const others = paths.filter((p) => !restored.has(p));
  const blobs = plan.restored.map((r) => ({ path: r.path, mode: r.mode, blob: r.blob }));
  if (!await ws.git.stageBlobs(blobs))
    return { staged: [], failed: `git update-index refused the restored files (${[...restored].join(", ")})` };
  if (!await ws.git.stagePaths(others))
    return { staged: [...restored], failed: `git add refused ${others.join(", ")}` };
  return { staged: paths };
}

// src/cli/commands/rollback.ts
var usage = `mlgov rollback --to VERSION --reason TEXT [--model NAME] [--base REF] [--dry-run] [--actor LOGIN]
              [--format text|json] [--repo DIR]

${MODEL_USAGE}

Restores an archived release (artifacts/<model>/<VERSION>/) as the current release: the bias report byte for byte,
the manifest with release.type "rollback", release.reason and release.rollbackOf, and without its approvals (they
were bound to the old manifest digest; the board re-approves the rollback with mlgov approve). The release being
replaced (the base's) is archived first, and a "rollback" event is appended to the audit log.

The model files (every artifact of the archived manifest) are restored from git at the commit the archive records
(evidence.json source.gitCommit) unless already in place, each verified against the archived record (sha256 and
size; a Git LFS artifact is restored as the pointer git holds, verified by its oid and size, never smudged). It is
refused when that commit is not in the repository (a shallow clone: git fetch --unshallow), when a file there does
not match the record, or when a model file it would write has uncommitted changes (never overwritten).

Only a verified release is restored, and only to the policy's paths: the archive must be on the base revision (and
unchanged in the working tree), its manifest must have been in force on the base branch, and its checksums.sha256
must cover the archived manifest and bias report and every artifact. The manifest goes to model.manifest, the bias
report to model.biasReport, never to a path an archived file names (artifacts aside: never the policy, git's or the
workflows' files, or evidence); a symlink on any path written is refused. Refusals change nothing. Everything written
is staged in the index, and the exact git commit command is printed. --dry-run prints the plan and writes nothing.
With several models, only the named model's files and archive folder are read and written.`;
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
    ...actorFlag !== void 0 ? { actorFlag } : {},
    // s3:// artifacts: HeadObject of each archived version, with the credentials of the environment (docs/s3.md).
    s3: { env: io.env }
  });
  if (plan.kind === "refused") throw new CliError(`rollback refused: ${plan.message}`, plan.fix, plan.exitCode);
  const appended = dryRun ? [] : await applyPlan(ws.root, ws.policy.model.archiveDir, plan.writes, plan.events);
  const staging = dryRun ? void 0 : await stageRollback(ws, plan);
  const commit = rollbackCommit(plan, ws.policy.model.archiveDir);
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
          restored: plan.restored.map((r) => ({
            path: r.path,
            commit: plan.restoredFromCommit,
            blob: r.blob,
            size: r.bytes.length,
            verifiedBy: r.verifiedBy
          })),
          inPlace: plan.inPlace,
          writes: plan.writes.map((w) => ({ path: w.path, size: w.bytes.length })),
          events: dryRun ? plan.events : appended,
          staged: staging?.staged ?? [],
          ...staging?.failed !== void 0 ? { stagingFailed: staging.failed } : {},
          commitCommand: commit.command
        },
        null,
        2
      ) + "\n"
    );
    return 0;
  }
  printText(io, plan, dryRun);
  printNextSteps(io, { dryRun, staged: staging?.staged ?? [], failed: staging?.failed, ...commit });
  return 0;
}
var VERIFIED_BY = {
  content: "its sha256 and size",
  "lfs-pointer": "the Git LFS pointer's oid and size"
};
function printText(io, plan, dryRun) {
  const verb = dryRun ? "would write" : "wrote";
  io.stdout(
    `${dryRun ? "plan: roll back" : "rolled back"} ${plan.model} from ${plan.from} to ${plan.to} (${plan.verified.length} file(s) of ${plan.to} verified against its checksums.sha256)
`
  );
  const commit = plan.restoredFromCommit?.slice(0, 12);
  for (const r of plan.restored)
    io.stdout(
      `${dryRun ? "would restore" : "restored"} ${r.path} (${r.bytes.length} bytes) from commit ${commit}, verified by ${VERIFIED_BY[r.verifiedBy]}
`
    );
  for (const p of plan.inPlace) io.stdout(`${p} is already the archived file: left as it is
`);
  const restored = new Set(plan.restored.map((r) => r.path));
  for (const w of plan.writes) if (!restored.has(w.path)) io.stdout(`${verb} ${w.path} (${w.bytes.length} bytes)
`);
  for (const e of plan.events)
    io.stdout(`${dryRun ? "would append" : "appended"} ${e.action} event for ${e.model} ${e.version}
`);
  io.stdout(
    `the restored manifest's digest is ${plan.manifestDigest}; ${plan.approvalsCleared} approval(s) of the archived manifest were removed: re-approve with mlgov approve --approver LOGIN --role ROLE
`
  );
}
function printNextSteps(io, s) {
  if (s.dryRun) io.stdout(`would stage ${s.paths.length} file(s) in the index
`);
  else if (s.failed !== void 0)
    io.stderr(`warning: the rollback is written but not all of it is staged: ${s.failed}; stage it with git add
`);
  else io.stdout(`staged ${s.staged.length} file(s) in the index: ${s.staged.join(", ")}
`);
  io.stdout(`after the approvals, commit exactly the rollback with:
  ${s.command}
`);
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
