import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  readReleaseAt
} from "./chunk-YSVHWFM3.js";
import {
  createS3ObjectStore
} from "./chunk-336J7YO3.js";
import {
  appendAuditEvents,
  assertAuditLogWritable,
  auditLogPath,
  readAuditLogText
} from "./chunk-2DGF7VUV.js";
import {
  ARCHIVE_FILES,
  buildArchivePlan,
  isArchiveLogged,
  verifyAuditLog
} from "./chunk-D7Q3LZ5Y.js";
import {
  EvidenceError
} from "./chunk-HZZU23IO.js";
import {
  isS3Url,
  parseS3Url
} from "./chunk-XT4WT7IS.js";
import {
  UnsafeWriteError,
  assertSafeWrite,
  writeRepositoryFile
} from "./chunk-4LCUO2WG.js";
import {
  TOOL_VERSION
} from "./chunk-RWUHQJ7E.js";

// src/evidence/archive-store.ts
import { readFile } from "node:fs/promises";
import { join } from "node:path";
async function readReleaseAt2(git, commit, policy) {
  return readReleaseAt(git, commit, policy.model);
}
async function readExistingArchive(root, dir) {
  const found = {};
  for (const name of ARCHIVE_FILES) {
    await assertSafeWrite(root, `${dir}/${name}`);
    try {
      found[name] = await readFile(join(root, dir, name));
    } catch (err) {
      if (err.code === "ENOENT") continue;
      throw new EvidenceError(
        `${dir}/${name} cannot be read: ${err.message}`,
        `make ${dir} a folder of regular files again (git checkout <base> -- ${dir})`
      );
    }
  }
  return found;
}
async function readVerifiedEvents(root, archiveDir) {
  const verified = verifyAuditLog(await readAuditLogText(root, archiveDir));
  if (!verified.ok) {
    throw new EvidenceError(
      `${auditLogPath(archiveDir)} does not verify: ${verified.break.message}`,
      "restore the log from the base branch (git checkout <base> -- " + auditLogPath(archiveDir) + "); the log is append-only",
      1
    );
  }
  return verified.events;
}
async function headObjects(paths, policy, options = {}) {
  const heads = {};
  const objectPaths = [...new Set(paths.filter(isS3Url))];
  if (objectPaths.length === 0) return heads;
  const configured = createS3ObjectStore(options.env ?? process.env, policy.s3 ?? {}, options.client ?? {});
  try {
    for (const path of objectPaths) {
      const parsed = parseS3Url(path);
      if (!parsed.ok) continue;
      if (configured.kind !== "configured") {
        heads[path] = { kind: "failure", message: configured.message, fix: configured.fix, verdict: "indeterminate" };
        continue;
      }
      const { bucket, key, versionId } = parsed.location;
      const head = await configured.store.headObject(bucket, key, versionId);
      heads[path] = head.kind === "ok" ? {
        kind: "found",
        size: head.head.size,
        ...head.head.location.versionId !== void 0 ? { versionId: head.head.location.versionId } : {}
      } : { kind: "failure", message: head.message, fix: head.fix, verdict: head.verdict };
    }
  } finally {
    if (configured.kind === "configured") configured.store.close();
  }
  return heads;
}
function manifestArtifactPaths(manifestBytes) {
  try {
    const m = JSON.parse(Buffer.from(manifestBytes).toString("utf8"));
    if (!Array.isArray(m.artifacts)) return [];
    return m.artifacts.flatMap(
      (a) => typeof a === "object" && a !== null && typeof a.path === "string" ? [a.path] : []
    );
  } catch {
    return [];
  }
}
async function planArchiveOf(args) {
  const source = await readReleaseAt2(args.git, args.commit, args.policy);
  if (!source) return void 0;
  return planArchiveOfSource({ ...args, source });
}
async function planArchiveOfSource(args) {
  const objects = await headObjects(manifestArtifactPaths(args.source.manifestBytes), args.policy, args.s3);
  const plan = (existing2, existingRollback2, alreadyLogged) => buildArchivePlan({
    source: args.source,
    archiveDir: args.policy.model.archiveDir,
    existing: existing2,
    ...existingRollback2 ? { existingRollback: existingRollback2 } : {},
    alreadyLogged,
    now: args.now,
    actor: args.actor,
    retentionYears: args.policy.evidence.retentionYears,
    toolVersion: TOOL_VERSION,
    objects
  });
  const probe = plan({}, void 0, true);
  if (probe.kind === "invalid") return probe;
  const existing = await readExistingArchive(args.root, probe.dir);
  const placed = plan(existing, void 0, true);
  if (placed.kind === "invalid" || placed.kind === "conflict") return placed;
  const existingRollback = placed.dir !== probe.dir ? await readExistingArchive(args.root, placed.dir) : void 0;
  return plan(existing, existingRollback, isArchiveLogged(args.events, placed.model, placed.version, placed.dir));
}
async function applyWrites(root, writes) {
  for (const w of writes) await assertSafeWrite(root, w.path);
  for (const w of writes) {
    try {
      await writeRepositoryFile(root, w.path, w.bytes);
    } catch (err) {
      if (err instanceof UnsafeWriteError) throw err;
      const code = err.code;
      throw new EvidenceError(
        `could not write ${w.path}: ${code ?? ""}${code ? " " : ""}${err.message.replace(/^[A-Z]+: /, "")}`,
        code === "ENOSPC" ? "free disk space, then run the command again: it writes only what is missing" : code === "EROFS" || code === "EACCES" || code === "EPERM" ? "the repository is read-only here: run the command in a writable checkout" : "fix the file system problem, then run the command again: it writes only what is missing"
      );
    }
  }
}
async function applyPlan(root, archiveDir, writes, events) {
  if (events.length > 0) await assertAuditLogWritable(root, archiveDir);
  await applyWrites(root, writes);
  return events.length > 0 ? appendAuditEvents(root, archiveDir, events) : [];
}

export {
  readReleaseAt2 as readReleaseAt,
  readExistingArchive,
  readVerifiedEvents,
  headObjects,
  manifestArtifactPaths,
  planArchiveOf,
  planArchiveOfSource,
  applyPlan
};
