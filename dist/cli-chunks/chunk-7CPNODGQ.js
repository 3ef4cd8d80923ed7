import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  ROLLBACK_MAY_CHANGE,
  restoredReleaseEssence
} from "./chunk-CW36UQVZ.js";
import {
  findLogRewrite,
  isSafeSegment,
  parseChecksums,
  verifyAuditLog
} from "./chunk-D7Q3LZ5Y.js";
import {
  AUDIT_LOG_FILE,
  archiveFolder,
  isObject
} from "./chunk-KIYJOZ3G.js";
import {
  canonicalJson,
  manifestDigest,
  reportDigest
} from "./chunk-4LCUO2WG.js";

// src/checks/release-kind.ts
function manifestEssence(m) {
  const { approvals: _approvals, ...rest } = m;
  const report = isObject(rest["biasReport"]) ? { ...rest["biasReport"] } : rest["biasReport"];
  if (isObject(report)) delete report["sha256"];
  return canonicalJson({ ...rest, biasReport: report });
}
function parseJson(text) {
  if (text === void 0) return void 0;
  try {
    return JSON.parse(text);
  } catch {
    return void 0;
  }
}
function biasReportChanged(head, base, headReport, baseReport) {
  if (isObject(headReport?.value) && isObject(baseReport?.value)) {
    return reportDigest(headReport.value) !== reportDigest(baseReport.value);
  }
  return String(head.biasReport?.sha256).toLowerCase() !== String(base.biasReport?.sha256).toLowerCase();
}
function rollbackLogging(ctx, model, version) {
  const facts = ctx.evidence;
  const file = `${facts?.archiveDir ?? "artifacts"}/${AUDIT_LOG_FILE}`;
  const missing = (why) => ({ kind: "missing", file, why });
  if (!facts?.headAuditLog) return missing(`${file} is not in this change`);
  const baseLog = facts.baseAuditLog ?? "";
  if (!findLogRewrite(baseLog, facts.headAuditLog).grewOnly) return missing(`${file} does not extend the base's log`);
  const head = verifyAuditLog(facts.headAuditLog);
  if (!head.ok) return missing(`${file} does not verify (${head.break.message})`);
  const baseCount = baseLog === "" ? 0 : verifyAuditLog(baseLog).events.length;
  const event = head.events.slice(baseCount).find((e) => e.action === "rollback" && e.model === model && e.version === version);
  return event ? { kind: "logged", file, line: event.seq } : missing(`${file} gains no "rollback" event for ${model} ${version} in this change (mlgov rollback appends it)`);
}
function archiveProblems(ctx, dir, archived) {
  const facts = ctx.evidence;
  const problems = [];
  for (const [path, what] of Object.entries(facts.baseNotRegular ?? {})) {
    if (path.startsWith(`${dir}/`) || dir.startsWith(`${path}/`))
      problems.push({ file: path, message: `${path} is ${what}` });
  }
  const sumsPath = `${dir}/checksums.sha256`;
  const sums = facts.baseTexts?.[sumsPath];
  if (sums === void 0) problems.push({ file: sumsPath, message: `${sumsPath} is not on the base` });
  else problems.push(...checksumProblems(facts, dir, sumsPath, sums, archived));
  const indexPath = `${dir}/evidence.json`;
  const index = parseJson(facts.baseTexts?.[indexPath]);
  if (!isObject(index)) {
    problems.push({ file: indexPath, message: `${indexPath} is not on the base as a JSON object` });
  } else if (index["manifestDigest"] !== manifestDigest(archived)) {
    problems.push({
      file: indexPath,
      message: `${indexPath} records manifestDigest ${String(index["manifestDigest"])}, but ${dir}/manifest.json has ${manifestDigest(archived)}`
    });
  }
  return problems;
}
function checksumProblems(facts, dir, sumsPath, sums, archived) {
  const problems = [];
  const parsed = parseChecksums(sums);
  for (const line of parsed.invalid)
    problems.push({ file: sumsPath, message: `${sumsPath} line ${line} does not parse` });
  const want = /* @__PURE__ */ new Map();
  for (const a of Array.isArray(archived["artifacts"]) ? archived["artifacts"] : []) {
    if (isObject(a)) want.set(String(a["path"]), a["sha256"]);
  }
  for (const name of ["manifest.json", "bias-report.json"]) {
    if (facts.baseFiles[`${dir}/${name}`] !== void 0) want.set(`${dir}/${name}`, facts.baseFiles[`${dir}/${name}`]);
  }
  const recorded = new Map(parsed.entries.map((e) => [e.path, e.sha256]));
  for (const [path, sha] of want) {
    if (recorded.get(path) !== sha) {
      problems.push({
        file: sumsPath,
        message: `${sumsPath} ${recorded.has(path) ? `records ${recorded.get(path)} for` : "has no line for"} ${path} (the archive holds ${String(sha)})`
      });
    }
  }
  for (const path of recorded.keys()) {
    if (!want.has(path))
      problems.push({ file: sumsPath, message: `${sumsPath} names ${path}, which the archive does not hold` });
  }
  return problems;
}
function againstArchive(ctx, policy, head, baseVersion) {
  const facts = ctx.evidence;
  const name = head["name"];
  const version = head["version"];
  const promotion = {
    kind: "promotion",
    why: `the base releases ${baseVersion} and ${String(version)} is not an archived release on the base`,
    baseVersion
  };
  if (!facts || !isSafeSegment(name) || !isSafeSegment(version)) return promotion;
  const dir = archiveFolder(facts.archiveDir ?? policy.model.archiveDir, name, version);
  const archived = parseJson(facts.baseTexts?.[`${dir}/manifest.json`]);
  if (!isObject(archived)) return promotion;
  const reportSha = facts.baseFiles[`${dir}/bias-report.json`];
  const sameManifest = restoredReleaseEssence(archived) === restoredReleaseEssence(head);
  const sameReport = reportSha === void 0 ? ctx.biasReport === void 0 : ctx.biasReport?.sha256 === reportSha;
  if (!sameManifest || !sameReport) {
    return {
      kind: "promotion",
      why: `${String(version)} was released before (${dir}/ on the base), but this candidate is not that release: its ${sameManifest ? "bias report" : "manifest"} differs from the archived one`,
      baseVersion,
      archivedAs: dir
    };
  }
  return {
    kind: "rollback",
    why: `the candidate is the release archived on the base in ${dir}/ (same manifest but for what a rollback may change: ${ROLLBACK_MAY_CHANGE.join(", ")}; same bias report)`,
    baseVersion,
    archive: { dir, version, problems: archiveProblems(ctx, dir, archived) },
    logging: rollbackLogging(ctx, name, version)
  };
}
function deriveReleaseKind(ctx, policy) {
  const base = ctx.base;
  const head = ctx.manifest.value;
  if (!isObject(head)) {
    return {
      kind: "indeterminate",
      why: `${ctx.manifest.file} could not be read`,
      fix: "fix the manifest (see schema)"
    };
  }
  if (base.kind === "unavailable") {
    return {
      kind: "indeterminate",
      why: `the base revision ${base.ref} could not be read: ${base.reason}`,
      fix: base.fix
    };
  }
  if (base.kind === "none") {
    if (isObject(head["release"]) && head["release"]["type"] === "initial") {
      return { kind: "initial", why: `there is no base revision (${base.reason})` };
    }
    return {
      kind: "indeterminate",
      why: `there is no base revision to derive the release from (${base.reason})`,
      fix: "judge the release against the production branch: pass --base REF (the action passes the PR base)"
    };
  }
  if (!base.manifest) {
    const archived = ctx.evidence?.baseArchivedVersions ?? [];
    if (archived.length > 0) {
      return {
        kind: "indeterminate",
        why: `the base ${base.ref} has no manifest but archives ${String(head["name"])} ${archived.join(", ")}: it is not a first release, and there is no production release to compare with`,
        fix: `restore the production manifest on ${base.ref} before judging a release over it`
      };
    }
    return { kind: "initial", why: `the base ${base.ref} has no manifest and no archive of this model` };
  }
  const prior = base.manifest.value;
  if (!isObject(prior) || typeof prior["version"] !== "string") {
    return {
      kind: "indeterminate",
      why: `the base release's manifest (${base.manifest.file} at ${base.ref}) could not be read`,
      fix: `repair the manifest on ${base.ref}, or compare with another base (--base)`
    };
  }
  const baseVersion = prior["version"];
  const reportChanged = biasReportChanged(
    head,
    prior,
    ctx.biasReport,
    base.biasReport
  );
  if (manifestEssence(head) === manifestEssence(prior) && !reportChanged) {
    return { kind: "unchanged", why: `the release is ${baseVersion} as on the base ${base.ref}`, baseVersion };
  }
  if (head["version"] === baseVersion) {
    return { kind: "promotion", why: `the release on the base ${base.ref} changed`, baseVersion };
  }
  return againstArchive(ctx, policy, head, baseVersion);
}

export {
  manifestEssence,
  biasReportChanged,
  deriveReleaseKind
};
