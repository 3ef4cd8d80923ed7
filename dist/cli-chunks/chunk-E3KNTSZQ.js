import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  gatherReleaseContext,
  judgeRelease
} from "./chunk-6CGME2LR.js";
import {
  observedObjects
} from "./chunk-5HDPDACY.js";
import {
  isS3Url,
  parseS3Url
} from "./chunk-XT4WT7IS.js";
import {
  isSchemaValid
} from "./chunk-KIYJOZ3G.js";

// src/export/read-release.ts
function objectMismatch(ctx, a) {
  const seen = observedObjects(ctx.files)[a.path];
  if (!seen) return `${a.path}: not verified`;
  if (seen.kind === "object-failure") return `${a.path}: ${seen.failure.message}`;
  const pinned = parseS3Url(a.path);
  const version = pinned.ok ? pinned.location.versionId : void 0;
  if (version !== void 0 && seen.versionId !== version)
    return `${a.path}: the store served version ${seen.versionId ?? "(none)"}`;
  if (seen.sha256 !== String(a.sha256).toLowerCase())
    return `${a.path}: sha256 is ${seen.sha256}, manifest says ${a.sha256}`;
  if (seen.size !== a.size) return `${a.path}: size is ${seen.size}, manifest says ${a.size}`;
  return void 0;
}
function artifactMismatches(ctx, manifest) {
  const out = [];
  for (const a of manifest.artifacts ?? []) {
    if (isS3Url(a.path)) {
      const problem = objectMismatch(ctx, a);
      if (problem) out.push(problem);
      continue;
    }
    const seen = ctx.files.observed[a.path];
    if (!seen) out.push(`${a.path}: not hashed`);
    else if (seen.kind !== "file") out.push(`${a.path}: ${seen.kind}`);
    else {
      const sha = seen.lfs ? seen.lfs.oid : seen.sha256;
      const size = seen.lfs ? seen.lfs.size : seen.size;
      if (sha.toLowerCase() !== String(a.sha256).toLowerCase())
        out.push(`${a.path}: sha256 is ${sha}, manifest says ${a.sha256}`);
      else if (size !== a.size) out.push(`${a.path}: size is ${size}, manifest says ${a.size}`);
    }
  }
  return out;
}
async function readRelease(options) {
  const { ctx, policy } = await gatherReleaseContext({
    repoRoot: options.repoRoot,
    now: options.now,
    offline: options.offline ?? true,
    ...options.baseRef !== void 0 ? { baseRef: options.baseRef } : {},
    ...options.policyPath !== void 0 ? { policyPath: options.policyPath } : {},
    ...options.model !== void 0 ? { model: options.model } : {},
    ...options.jira ? { jira: options.jira } : {},
    ...options.s3 ? { s3: options.s3 } : {}
  });
  const manifestFile = ctx.manifest.file;
  if (ctx.manifest.value === void 0 || ctx.manifest.problems.length > 0 || !isSchemaValid("manifest", ctx.manifest.value)) {
    const first = ctx.manifest.problems[0]?.message;
    return {
      kind: "unusable",
      reason: `${manifestFile} is missing or not a valid manifest${first ? `: ${first}` : ""}`,
      fix: "run `mlgov check --offline` to see every finding with its line, fix them, then run this again"
    };
  }
  const manifest = ctx.manifest.value;
  const warnings = [];
  let biasReport;
  if (ctx.biasReport === void 0) {
    warnings.push(
      `the bias report ${manifest.biasReport?.path ?? ""} was not found: the output has no fairness results`
    );
  } else if (ctx.biasReport.value === void 0 || ctx.biasReport.problems.length > 0 || !isSchemaValid("biasReport", ctx.biasReport.value)) {
    return {
      kind: "unusable",
      reason: `${ctx.biasReport.file} is not a valid bias report`,
      fix: "run `mlgov check --offline` to see the schema findings, fix them, then run this again"
    };
  } else {
    biasReport = ctx.biasReport.value;
  }
  const baseManifestDoc = ctx.base.kind === "found" ? ctx.base.manifest : void 0;
  const baseManifest = baseManifestDoc?.value !== void 0 && isSchemaValid("manifest", baseManifestDoc.value) ? baseManifestDoc.value : void 0;
  if (ctx.base.kind === "unavailable")
    warnings.push(`${ctx.base.reason}: no comparison with the previous release (${ctx.base.fix})`);
  const report = judgeRelease(ctx, policy, {
    offline: options.offline ?? true,
    generatedAt: options.now.toISOString()
  });
  return {
    kind: "read",
    documents: {
      manifest,
      ...biasReport ? { biasReport, biasReportFileSha256: ctx.biasReport.sha256 } : {},
      policy,
      // The base is the previous release only when it is another version (an unchanged release has no "previous").
      ...baseManifest && baseManifest.version !== manifest.version ? { baseManifest } : {},
      report
    },
    warnings,
    ctx
  };
}

export {
  artifactMismatches,
  readRelease
};
