import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  gatherTicketFacts,
  jiraCheck
} from "./chunk-ONUCEF6J.js";
import {
  bucketAllowed,
  checksumsCheck,
  findUnlistedFiles,
  modelFolders,
  observeFiles
} from "./chunk-5HDPDACY.js";
import {
  require_semver,
  versionCheck
} from "./chunk-TWLDCKBQ.js";
import {
  deriveReleaseKind
} from "./chunk-7CPNODGQ.js";
import {
  mlgovCommand
} from "./chunk-HV6P22BU.js";
import {
  statusOf
} from "./chunk-7YMLEWR4.js";
import {
  observeS3Objects
} from "./chunk-Q6TCAIFB.js";
import {
  BIAS_METRICS,
  agreesWithReported,
  countPredictions,
  decimalsOf,
  describeThreshold,
  judgeThreshold,
  nameKey,
  recomputeAttribute,
  recomputeOptionsOf,
  repeatedNames,
  roundForMessage,
  sortedGroups,
  stricterThreshold,
  visibleLength,
  visibleText
} from "./chunk-HATRADPJ.js";
import {
  aboveMax,
  belowMin
} from "./chunk-KTM7YKZB.js";
import {
  approvingReviewsOf,
  changesRequestedOf,
  loginKey,
  sameLogin,
  standingReviewsOf
} from "./chunk-Z2455ISO.js";
import {
  readReleaseAt
} from "./chunk-YSVHWFM3.js";
import {
  ARCHIVE_FILES,
  GitReadError,
  findLogRewrite,
  isArchiveLogged,
  isSafeSegment,
  openGitRepository,
  parseChecksums,
  resolveBaseRevision,
  rollbackArchiveFolder,
  verifyAuditLog
} from "./chunk-D7Q3LZ5Y.js";
import {
  isS3Url,
  parseS3Url
} from "./chunk-XT4WT7IS.js";
import {
  AUDIT_LOG_FILE,
  DEFAULT_POLICY_PATH,
  archiveFolder,
  archiveRoot,
  at,
  biasReportOf,
  error,
  escapePointerToken,
  governedModels,
  indeterminate,
  isObject,
  isSchemaValid,
  judgedModels,
  listedItems,
  listsModels,
  manifest_schema_default,
  notice,
  parseJsonDocument,
  parseYamlDocument,
  pointer,
  policyOrDefaults,
  readPolicyDocument,
  selectModel,
  validateAgainstSchema,
  warning,
  withDefaults
} from "./chunk-KIYJOZ3G.js";
import {
  canonicalJson,
  isSafeRelativePath,
  manifestDigest,
  readRepositoryBytes,
  readRepositoryFile,
  reportDigest,
  sha256Hex,
  specialFileKind
} from "./chunk-4LCUO2WG.js";
import {
  TOOL_VERSION
} from "./chunk-RWUHQJ7E.js";
import {
  __toESM
} from "./chunk-ISCPHUTF.js";

// src/gate/gather.ts
import { resolve as resolve2 } from "node:path";

// src/evidence/gather-evidence.ts
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";
var RECORD_NAMES = /* @__PURE__ */ new Set(["checksums.sha256", "evidence.json", AUDIT_LOG_FILE]);
var BASE_RECORD_NAMES = /* @__PURE__ */ new Set(["manifest.json", "checksums.sha256", "evidence.json"]);
function gitModeKind(mode) {
  if (mode === "100644" || mode === "100755") return void 0;
  if (mode === "120000") return "a symlink committed on the base";
  if (mode === "160000") return "a submodule committed on the base";
  return `a git entry of mode ${mode} on the base`;
}
async function linkOnTheWay(root, rel) {
  const parts = rel.split("/").filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const path = parts.slice(0, i).join("/");
    let st;
    try {
      st = await lstat(join(root, path));
    } catch {
      return void 0;
    }
    if (st.isSymbolicLink()) return { path, what: `a symlink to ${await readlink(join(root, path))}` };
    if (!st.isDirectory()) return { path, what: "not a directory" };
  }
  return void 0;
}
function isTransient(name) {
  return name === `${AUDIT_LOG_FILE}.lock` || name.startsWith(`${AUDIT_LOG_FILE}.lock.stale-`) || name.startsWith(".") && name.endsWith(".tmp");
}
async function walk(root, rel, w) {
  let entries;
  try {
    entries = await readdir(join(root, rel), { withFileTypes: true });
  } catch (err) {
    if (err.code === "ENOENT") return;
    w.unreadable[rel] = err.message;
    return;
  }
  for (const entry of entries) {
    const path = `${rel}/${entry.name}`;
    if (entry.isDirectory()) await walk(root, path, w);
    else if (isTransient(entry.name)) w.transient.push(path);
    else await recordFile(root, path, entry.name, w);
  }
}
async function recordFile(root, path, name, w) {
  try {
    const st = await lstat(join(root, path));
    if (st.isSymbolicLink()) {
      w.notRegular[path] = `a symlink to ${await readlink(join(root, path))}`;
    } else if (st.isFile()) {
      const bytes = await readFile(join(root, path));
      w.out[path] = sha256Hex(bytes);
      if (RECORD_NAMES.has(name)) w.texts[path] = bytes.toString("utf8");
    } else {
      w.notRegular[path] = specialFileKind(st);
    }
  } catch (err) {
    w.unreadable[path] = err.message;
  }
}
async function recordTrackedTransients(root, git, w) {
  if (w.transient.length === 0) return;
  const tracked = await git.indexEntries(w.transient).catch(() => void 0);
  for (const path of w.transient) {
    if (!tracked || tracked.has(path)) await recordFile(root, path, path.slice(path.lastIndexOf("/") + 1), w);
  }
}
async function gatherEvidenceFacts(args) {
  const archiveDir = archiveRoot(args.archiveDir);
  const logPath = `${archiveDir}/${AUDIT_LOG_FILE}`;
  const facts = { archiveDir, baseFiles: {}, headFiles: {}, archivedVersions: [], checksumRecords: {} };
  if (args.baseCommit) await gatherBase(args.git, args.baseCommit, archiveDir, args.modelName, facts);
  const texts = {};
  const unreadable = {};
  const notRegular = {};
  const link = await linkOnTheWay(args.repoRoot, archiveDir);
  if (link) notRegular[link.path] = link.what;
  else {
    const w = { out: facts.headFiles, texts, unreadable, notRegular, transient: [] };
    await walk(args.repoRoot, archiveDir, w);
    await recordTrackedTransients(args.repoRoot, args.git, w);
  }
  facts.evidenceRecords = {};
  for (const [path, text] of Object.entries(texts)) {
    if (path === logPath) facts.headAuditLog = text;
    else if (path.endsWith("/checksums.sha256")) facts.checksumRecords[path] = text;
    else if (path.endsWith("/evidence.json")) facts.evidenceRecords[path] = text;
  }
  if (Object.keys(unreadable).length > 0) facts.unreadable = unreadable;
  if (Object.keys(notRegular).length > 0) facts.notRegular = notRegular;
  if (args.modelName) facts.archivedVersions = versionsOf(Object.keys(facts.headFiles), archiveDir, args.modelName);
  return facts;
}
function versionsOf(paths, archiveDir, modelName) {
  const prefix = `${archiveDir}/${modelName}/`;
  return [
    ...new Set(
      paths.filter((p) => p.startsWith(prefix) && p.slice(prefix.length).includes("/")).map((p) => p.slice(prefix.length).split("/")[0])
    )
  ].sort();
}
async function gatherBase(git, baseCommit, archiveDir, modelName, facts) {
  const logPath = `${archiveDir}/${AUDIT_LOG_FILE}`;
  const listed = await git.listEntriesAt(baseCommit, archiveDir);
  const regular = {};
  const baseNotRegular = {};
  for (const [path, { mode, id }] of Object.entries(listed)) {
    const what = gitModeKind(mode);
    if (what) baseNotRegular[path] = what;
    else regular[path] = id;
  }
  const blobs = await git.readBlobs([...new Set(Object.values(regular))]);
  const baseTexts = {};
  for (const [path, id] of Object.entries(regular)) {
    const bytes = blobs.get(id);
    if (!bytes) continue;
    facts.baseFiles[path] = sha256Hex(bytes);
    if (path === logPath) facts.baseAuditLog = bytes.toString("utf8");
    const name = path.slice(path.lastIndexOf("/") + 1);
    if (BASE_RECORD_NAMES.has(name)) {
      baseTexts[path] = bytes.toString("utf8");
    }
  }
  facts.baseTexts = baseTexts;
  if (Object.keys(baseNotRegular).length > 0) facts.baseNotRegular = baseNotRegular;
  if (modelName) {
    facts.baseArchivedVersions = versionsOf(
      Object.keys(facts.baseFiles).filter((p) => p.endsWith("/manifest.json")),
      archiveDir,
      modelName
    );
  }
}

// src/gate/gather-predictions.ts
import { resolve } from "node:path";
var isText = (v) => typeof v === "string" && v !== "";
function listedPredictions(artifacts, observed, sha256, path) {
  const byDigest = artifacts.find((p) => {
    const o = observed[p];
    return sha256 !== void 0 && o?.kind === "file" && o.sha256 === sha256;
  });
  return byDigest ?? artifacts.find((p) => path !== void 0 && p === path);
}
var NOT_OBSERVED = { problem: "it was not observed", fix: "Run mlgov check from the repository root." };
function unreadableReason(o) {
  if (!o) return NOT_OBSERVED;
  if (o.kind === "missing") {
    return { problem: "it is not in the working tree", fix: "Add the predictions file the manifest lists." };
  }
  if (o.kind !== "file") {
    const why = o.kind === "not-a-file" ? o.what : o.reason;
    return { problem: why, fix: "List the predictions file as a regular file inside the repository." };
  }
  if (o.verifiedBy === "lfs-pointer-file") {
    return {
      problem: "it is a Git LFS pointer: the predictions were not downloaded",
      fix: "Fetch the file before the gate runs (git lfs pull, or lfs: true in actions/checkout)."
    };
  }
  return void 0;
}
async function gatherPredictions(root, report, manifest, observed) {
  if (!isObject(report)) return void 0;
  const dataset = isObject(report.dataset) ? report.dataset : {};
  const sha256 = isText(dataset.sha256) ? dataset.sha256 : void 0;
  const path = isText(dataset.path) ? dataset.path : void 0;
  const artifacts = (Array.isArray(manifest?.artifacts) ? manifest.artifacts : []).map((a) => isObject(a) && isText(a.path) ? a.path : void 0).filter((p) => p !== void 0);
  const file = listedPredictions(artifacts, observed, sha256, path);
  if (file === void 0) return { kind: "unlisted", ...sha256 ? { sha256 } : {}, ...path ? { path } : {} };
  const o = observed[file];
  const reason = unreadableReason(o);
  if (reason || o?.kind !== "file") return { kind: "unreadable", file, ...reason ?? NOT_OBSERVED };
  const columns = isObject(dataset.columns) ? dataset.columns : void 0;
  if (!columns || !isText(columns.label) || !isText(columns.prediction)) {
    return {
      kind: "unreadable",
      file,
      problem: "the report does not record which columns it was computed from (dataset.columns)",
      fix: "Compute the report with mlgov bias compute, which records the label and prediction columns."
    };
  }
  return recount(
    root,
    file,
    o.sha256,
    report,
    columns
  );
}
async function recount(root, file, observedSha256, report, columns) {
  const attributes = (Array.isArray(report.attributes) ? report.attributes : []).map(
    (a) => isObject(a) && typeof a.name === "string" ? a.name : ""
  );
  const absolute = resolve(root, file);
  try {
    const counts = await countPredictions({
      path: absolute,
      labelColumn: columns.label,
      predictionColumn: columns.prediction,
      attributes,
      ...isText(columns.positiveValue) ? { positiveLabel: columns.positiveValue } : {}
    });
    if (counts.table.sha256 !== observedSha256) {
      return {
        kind: "unreadable",
        file,
        problem: `its bytes changed while the gate read it (sha256 ${counts.table.sha256}, hashed as ${observedSha256})`,
        fix: "Run the gate again on a working tree nothing is writing to."
      };
    }
    return {
      kind: "recounted",
      file,
      sha256: counts.table.sha256,
      rows: counts.table.rows,
      attributes: counts.attributes.map((c) => ({ name: c.name, missing: c.missing, groups: sortedGroups(c) }))
    };
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    const fix = "fix" in err && typeof err.fix === "string" ? err.fix : "Fix the predictions file, then recompute.";
    return { kind: "unreadable", file, problem: err.message.split(absolute).join(file), fix };
  }
}

// src/gate/gather-s3.ts
function objectPaths(paths) {
  return [...new Set(paths.filter(isS3Url))];
}
async function observeObjects(paths, judgingSettings, options = {}) {
  const asked = objectPaths(paths).filter((path) => {
    const parsed = parseS3Url(path);
    return !parsed.ok || bucketAllowed(judgingSettings, parsed.location.bucket);
  });
  return observeS3Objects(asked, judgingSettings, options);
}

// src/gate/gather.ts
function unreadDocument(file, what, read) {
  const problem = read.kind === "outside" ? error("PATH_OUTSIDE_REPOSITORY", `${what} ${file} was not read: ${read.reason}`, {
    file,
    fix: `make ${file} a regular file inside the repository (not a symlink out of it)`
  }) : error(
    "FILE_NOT_FOUND",
    read.kind === "missing" ? `${what} ${file} does not exist` : `${what} ${file} was not read: ${read.reason}`,
    {
      file,
      fix: `create ${file} as a regular file inside the repository, or point the policy's model section at the right path`
    }
  );
  return { file, value: void 0, positions: {}, problems: [problem], sha256: sha256Hex("") };
}
async function gatherReleaseContext(options) {
  const root = resolve2(options.repoRoot);
  const clock = options.now ?? /* @__PURE__ */ new Date();
  const git = options.git ?? openGitRepository(root);
  const isRepository = await git.isRepository();
  const policyPath = options.policyPath ?? DEFAULT_POLICY_PATH;
  const judging = await readJudgingPolicy(root, git, isRepository, policyPath, options.baseRef);
  const { headPolicy, policyDocument, policySource } = judging;
  const judgingPolicy = policyOrDefaults(readPolicyDocument(policyPath, policyDocument));
  const location = locateForJudging(judgingPolicy, headPolicy && policyPath, headPolicy, options.model);
  const policy = location.policy;
  const release = await readWorkingRelease(root, location);
  const { manifest, m, biasReport, manifestPath, biasReportPath } = release;
  const base = await withBaseRelease(git, judging.base, location);
  const files = options.observeArtifacts === false ? { observed: {}, unlisted: [] } : await observeReleaseFiles(root, release, options, policy);
  const predictions = await gatherPredictions(root, biasReport?.value, m, files.observed);
  const codeCommit = m?.provenance?.code?.commit;
  const commitExists = {};
  if (typeof codeCommit === "string" && isRepository) commitExists[codeCommit] = await git.commitExists(codeCommit);
  const pr = await gatherPullRequestFacts(git, base, options.pr);
  const evidence = isRepository ? await gatherEvidenceFacts({
    repoRoot: root,
    git,
    ...base.kind === "found" ? { baseCommit: base.commit } : {},
    archiveDir: policy.model.archiveDir,
    ...typeof m?.name === "string" ? { modelName: m.name } : {}
  }) : void 0;
  const { ticket, skipped } = await gatherTicket(options, m?.jira, pr, policy);
  const { now, asOf } = await judgingTime(git, base, clock, options.asOf, manifest, biasReport, headPolicy, [
    manifestPath,
    biasReportPath
  ]);
  const ctx = {
    now: now.toISOString(),
    ...governedNeighbours(policy, location),
    ...asOf ? { asOf } : {},
    manifest,
    ...biasReport ? { biasReport } : {},
    ...headPolicy ? { headPolicy } : {},
    ...policyDocument ? { policyDocument } : {},
    policySource,
    base,
    files,
    git: {
      isRepository,
      commitExists,
      ...isRepository ? { headCommit: await git.resolveCommit("HEAD") } : {}
    },
    ...pr ? { pr } : {},
    ...ticket ? { ticket } : {},
    ...evidence ? { evidence } : {},
    ...predictions ? { predictions } : {},
    skipped
  };
  return { ctx, policy, location, git };
}
async function readJudgingPolicy(root, git, isRepository, policyPath, baseRef) {
  const headPolicyBytes = await readRepositoryBytes(root, policyPath);
  const headPolicy = headPolicyBytes ? parseYamlDocument(policyPath, headPolicyBytes) : void 0;
  let base = isRepository ? await resolveBaseRevision(git, baseRef) : { kind: "none", reason: "not a git repository: no base release to compare with" };
  let policyDocument = headPolicy;
  let policySource = headPolicy ? "working-tree" : "default";
  if (base.kind === "found") {
    const basePolicyBytes = await readAtBase(git, base, policyPath);
    if (basePolicyBytes === UNREADABLE) {
      base = unreadableBase(base);
    } else if (basePolicyBytes) {
      base.policy = parseYamlDocument(policyPath, basePolicyBytes);
      policyDocument = base.policy;
      policySource = "base";
    }
  }
  return { headPolicy, base, policyDocument, policySource };
}
async function readWorkingRelease(root, location) {
  const manifestPath = isSafeRelativePath(location.manifest) ? location.manifest : "model/manifest.json";
  const manifestRead = await readRepositoryFile(root, manifestPath);
  const manifest = manifestRead.kind === "file" ? parseJsonDocument(manifestPath, manifestRead.bytes) : unreadDocument(manifestPath, "the manifest", manifestRead);
  const m = isObject(manifest.value) ? manifest.value : void 0;
  const declaredReportPath = isObject(m?.biasReport) ? m.biasReport.path : void 0;
  const biasReportPath = biasReportOf(location);
  const observedReportPath = typeof declaredReportPath === "string" ? declaredReportPath : biasReportPath;
  const biasReportBytes = await readRepositoryBytes(root, biasReportPath);
  const biasReport = biasReportBytes ? parseJsonDocument(biasReportPath, biasReportBytes) : void 0;
  return { manifest, m, biasReport, manifestPath, biasReportPath, observedReportPath };
}
var MAX_ARTIFACTS = manifest_schema_default.properties.artifacts.maxItems;
async function observeReleaseFiles(root, release, options, policy) {
  const { m, manifestPath, biasReportPath, observedReportPath } = release;
  const artifacts = Array.isArray(m?.artifacts) && m.artifacts.length <= MAX_ARTIFACTS ? m.artifacts : [];
  const allPaths = artifacts.map((a) => isObject(a) && typeof a.path === "string" ? a.path : "").filter(Boolean);
  const objects = objectPaths(allPaths);
  const artifactPaths = allPaths.filter((p) => !objects.includes(p));
  const expected = {};
  for (const a of artifacts) {
    if (isObject(a) && typeof a.path === "string") expected[a.path] = { sha256: a.sha256, size: a.size };
  }
  const observed = await observeFiles(root, [.../* @__PURE__ */ new Set([...artifactPaths, observedReportPath])], {
    expected,
    ...options.onHashProgress ? { onProgress: options.onHashProgress } : {},
    ...options.failFast ? { failFast: true } : {},
    ...options.rehash ? { rehash: true } : {},
    ...options.hashCache ? { hashCache: true } : {}
  });
  const sources = isObject(m?.evaluation?.source) ? Object.values(m.evaluation.source) : [];
  const sourcePaths = sources.map((s) => isObject(s) && typeof s["path"] === "string" ? s["path"] : "").filter(Boolean);
  const unlisted = await findUnlistedFiles(root, modelFolders(manifestPath, artifactPaths), [
    ...artifactPaths,
    ...sourcePaths,
    manifestPath,
    biasReportPath
  ]);
  if (objects.length === 0) return { observed, unlisted };
  return { observed, unlisted, objects: await observeObjects(objects, policy.s3, options.s3) };
}
async function gatherTicket(options, manifestKey, pr, policy) {
  const skipped = {};
  let ticket;
  if (options.offline) {
    skipped["jira"] = "offline (--offline): Jira was not consulted";
    if (options.pr && pr) ticket = await gatherTicketFacts({ manifestKey, pr, policy, offline: true });
  } else {
    ticket = await gatherTicketFacts({
      ...options.jira && "source" in options.jira ? { source: options.jira.source } : {},
      ...options.jira && "problem" in options.jira ? { sourceProblem: options.jira.problem } : {},
      manifestKey,
      ...pr ? { pr } : {},
      policy
    });
  }
  return { ticket, skipped };
}
function governedNeighbours(policy, location) {
  if (!listsModels(policy) || location.name === void 0) return {};
  return {
    governedName: location.name,
    archiveNeighbours: governedModels(policy).filter((o) => o.name !== location.name && o.archiveDir === location.archiveDir).map((o) => o.name)
  };
}
var UNREADABLE = /* @__PURE__ */ Symbol("unreadable");
async function readAtBase(git, base, path) {
  try {
    return await git.readFileAt(base.commit, path);
  } catch (err) {
    if (err instanceof GitReadError) return UNREADABLE;
    throw err;
  }
}
function unreadableBase(base, err) {
  const cause = err?.message ?? "git could not read the base revision's objects";
  return {
    kind: "unavailable",
    ref: base.ref,
    reason: `the base revision ${base.ref} (${base.commit.slice(0, 12)}) could not be read: ${cause}`,
    fix: new GitReadError("").fix
  };
}
async function withBaseRelease(git, base, location) {
  if (base.kind !== "found") return base;
  try {
    await readBaseRelease(git, base, location);
    return base;
  } catch (err) {
    if (!(err instanceof GitReadError)) throw err;
    return unreadableBase(base, err);
  }
}
async function readBaseRelease(git, base, location) {
  if (!isSafeRelativePath(location.manifest)) return;
  const release = await readReleaseAt(git, base.commit, location);
  if (!release) return;
  base.manifest = parseJsonDocument(release.manifestPath, release.manifestBytes);
  base.manifestFileSha256 = sha256Hex(release.manifestBytes);
  if (release.biasReportBytes) {
    base.biasReport = parseJsonDocument(release.biasReportPath, release.biasReportBytes);
    base.biasReportFileSha256 = sha256Hex(release.biasReportBytes);
  }
}
function locateForJudging(judging, headPolicyPath, headPolicy, name) {
  if (name === void 0) return selectModel(judging, void 0);
  const head = headPolicyPath && headPolicy ? readPolicyDocument(headPolicyPath, headPolicy) : void 0;
  const judged = judgedModels(judging, head?.kind === "valid" ? head.policy : void 0);
  return judged.find((m) => m.name === name) ?? selectModel(judging, name);
}
async function gatherPullRequestFacts(git, base, given) {
  const branch = given?.branch ?? await git.currentBranch().catch(() => void 0);
  const commitMessages = given && given.commitMessages.length > 0 ? given.commitMessages : base.kind === "found" ? await git.commitMessages(base.commit, "HEAD").catch(() => []) : [];
  if (!given && !branch && commitMessages.length === 0) return void 0;
  return { ...given, ...branch ? { branch } : {}, commitMessages };
}
async function judgingTime(git, base, clock, asked, manifest, biasReport, headPolicy, paths) {
  if (asked) return { now: asked, asOf: { reason: "asked for with --as-of" } };
  if (base.kind !== "found" || !base.manifest) return { now: clock };
  const unchanged = base.manifestFileSha256 === manifest.sha256 && base.biasReportFileSha256 === biasReport?.sha256 && (headPolicy === void 0 || base.policy?.sha256 === headPolicy.sha256);
  if (!unchanged) return { now: clock };
  const last = await git.lastChange(base.commit, paths);
  if (!last) return { now: clock };
  const at2 = new Date(last.date);
  if (Number.isNaN(at2.getTime()) || at2 > clock) return { now: clock };
  return {
    now: at2,
    asOf: {
      reason: `release unchanged from base ${base.ref}: judged as of ${last.commit.slice(0, 12)}, which put it there`
    }
  };
}

// src/checks/approval-ledger.ts
var DAY_MS = 864e5;
var FUTURE_SKEW_MS = 10 * 6e4;
var CODES = {
  manifest: {
    digest: "APPROVAL_DIGEST_MISMATCH",
    notOnRoster: "APPROVER_NOT_ON_ROSTER",
    roleNotGranted: "APPROVER_ROLE_NOT_GRANTED",
    roleMember: "role",
    dateInvalid: "APPROVAL_DATE_INVALID",
    future: "APPROVAL_IN_FUTURE",
    stale: "APPROVAL_STALE",
    duties: "APPROVAL_SEPARATION_OF_DUTIES",
    notCorroborated: "APPROVAL_NOT_CORROBORATED",
    corroborationUnknown: "APPROVAL_CORROBORATION_UNKNOWN",
    recordedRejection: "APPROVAL_REJECTION_RECORDED"
  },
  "bias-report": {
    digest: "BIAS_APPROVAL_DIGEST_MISMATCH",
    notOnRoster: "BIAS_REVIEWER_NOT_ON_ROSTER",
    roleNotGranted: "BIAS_REVIEWER_NOT_ON_ROSTER",
    roleMember: "approver",
    dateInvalid: "BIAS_APPROVAL_DATE_INVALID",
    future: "BIAS_APPROVAL_IN_FUTURE",
    stale: "BIAS_APPROVAL_STALE",
    duties: "BIAS_APPROVAL_SEPARATION_OF_DUTIES",
    notCorroborated: "BIAS_APPROVAL_NOT_CORROBORATED",
    corroborationUnknown: "BIAS_APPROVAL_CORROBORATION_UNKNOWN",
    recordedRejection: "BIAS_REVIEW_REJECTION_RECORDED"
  }
};
function recorded(list, digestMember) {
  if (!Array.isArray(list)) return [];
  return list.map((item) => {
    const a = item !== null && typeof item === "object" ? item : {};
    return {
      approver: String(a["approver"]),
      role: String(a["role"]),
      decision: a["decision"],
      at: String(a["at"]),
      digest: String(a[digestMember]),
      ...typeof a["note"] === "string" && a["note"] !== "" ? { note: a["note"] } : {}
    };
  });
}
function manifestSubject(ctx, policy) {
  const manifest = ctx.manifest.value;
  const base = ctx.base.kind === "found" ? ctx.base.manifest?.value : void 0;
  const digest = manifest ? manifestDigest(manifest) : "";
  return {
    target: "manifest",
    doc: ctx.manifest,
    digest,
    approvals: recorded(manifest?.approvals, "manifestDigest"),
    baseApprovals: base && base.name === manifest?.name ? recorded(base.approvals, "manifestDigest") : [],
    required: policy.approvals.required,
    approveArgs: mlgovCommand(ctx, "approve"),
    noun: "manifest"
  };
}
function biasReportSubject(ctx, policy) {
  const doc = ctx.biasReport;
  const report = doc?.value;
  if (!doc || !report) return void 0;
  const base = ctx.base.kind === "found" ? ctx.base.biasReport?.value : void 0;
  const role = policy.bias.reviewerRole;
  return {
    target: "bias-report",
    doc,
    digest: reportDigest(report),
    approvals: recorded(report.approvals, "reportDigest"),
    baseApprovals: base && base.model?.name === report.model?.name ? recorded(base.approvals, "reportDigest") : [],
    required: [{ role, count: 1 }],
    reviewRoles: [role],
    approveArgs: mlgovCommand(ctx, "approve --target bias-report"),
    noun: "bias report"
  };
}
function rosterMember(policy, login) {
  return policy.approvals.roster.find((m) => sameLogin(m.login, login));
}
function holdersOf(policy, role) {
  return policy.approvals.roster.filter((m) => m.roles.includes(role)).map((m) => m.login);
}
function headApproval(reviews, login, headSha) {
  const standing = standingReviewsOf(reviews).get(loginKey(login));
  if (standing?.state === "APPROVED" && standing.commitId === headSha) return { ok: true, review: standing };
  if (standing?.state === "APPROVED")
    return {
      ok: false,
      why: `${login}'s GitHub approval is on older commit ${standing.commitId.slice(0, 7)}, not the head ${headSha.slice(0, 7)}`
    };
  if (standing?.state === "CHANGES_REQUESTED") return { ok: false, why: `${login} requested changes on GitHub` };
  if (standing?.state === "DISMISSED") return { ok: false, why: `${login}'s GitHub review was dismissed` };
  return { ok: false, why: `${login} has not approved the pull request on GitHub` };
}
function assignSlots(required, people) {
  const slots = [];
  for (const r of required) for (let i = 0; i < Math.max(0, r.count); i++) slots.push(r.role);
  const slotOwner = slots.map(() => void 0);
  const keys = [...people.keys()].sort();
  const tryAssign = (key, seen) => {
    const roles = people.get(key).roles;
    for (let s = 0; s < slots.length; s++) {
      if (seen.has(s) || !roles.has(slots[s])) continue;
      seen.add(s);
      const owner = slotOwner[s];
      if (owner === void 0 || tryAssign(owner, seen)) {
        slotOwner[s] = key;
        return true;
      }
    }
    return false;
  };
  for (const key of keys) tryAssign(key, /* @__PURE__ */ new Set());
  return required.map((r) => {
    const filledBy = slots.map((role, s) => role === r.role && slotOwner[s] ? people.get(slotOwner[s]).login : void 0).filter((x) => !!x);
    return { role: r.role, count: r.count, filledBy, missing: Math.max(0, r.count - filledBy.length) };
  });
}
function here(j, i, member) {
  return at(j.subject.doc, pointer("approvals", i, member));
}
var digestRule = (a, i, j) => {
  if (a.digest === j.subject.digest) return void 0;
  const what = a.decision === "rejected" ? "rejection" : "approval";
  return {
    reason: `bound to another ${j.subject.noun} digest (the ${j.subject.noun} changed after this ${what})`,
    finding: error(
      j.codes.digest,
      `${a.approver}'s ${a.role} ${what} names ${j.subject.noun} ${a.digest}, but the ${j.subject.noun} is now ${j.subject.digest}: it was edited after the ${what}.`,
      {
        ...here(j, i, j.subject.target === "manifest" ? "manifestDigest" : "reportDigest"),
        fix: `Have ${a.approver} review the changed ${j.subject.noun} and approve again: ${j.subject.approveArgs} --approver ${a.approver} --role ${a.role}`
      }
    )
  };
};
var rosterRule = (a, i, j) => {
  const member = rosterMember(j.policy, a.approver);
  const holders = holdersOf(j.policy, a.role);
  const holdersText = holders.length ? `only to ${holders.join(", ")}` : "to nobody";
  if (!member) {
    return {
      reason: "not on the roster",
      finding: error(
        j.codes.notOnRoster,
        `${a.approver} is not on the approvals roster of the judging policy (it gives ${a.role} ${holdersText}).`,
        {
          ...here(j, i, "approver"),
          fix: "Only roster members can approve; the roster is changed by a board-reviewed policy PR."
        }
      )
    };
  }
  if (member.roles.includes(a.role)) return void 0;
  const message = j.subject.target === "manifest" ? `${a.approver} approved as ${a.role}, but the roster gives ${a.approver} only: ${member.roles.join(", ") || "(no roles)"}.` : `${a.approver} approved the ${j.subject.noun} as ${a.role}, but the roster gives that role ${holdersText}.`;
  return {
    reason: `the roster does not give ${a.approver} the role ${a.role}`,
    finding: error(j.codes.roleNotGranted, message, {
      ...here(j, i, j.codes.roleMember),
      fix: `Approve with a role ${a.approver} holds, or ask a holder of ${a.role}${holders.length ? ` (${holders.join(", ")})` : ""}.`
    })
  };
};
var dateRule = (a, i, j) => {
  const when = Date.parse(a.at);
  if (Number.isNaN(when)) {
    return {
      reason: "no valid date",
      finding: error(j.codes.dateInvalid, `${a.approver}'s approval date "${a.at}" is not a date-time.`, {
        ...here(j, i, "at"),
        fix: "Record approvals with mlgov approve, which writes an ISO 8601 time."
      })
    };
  }
  if (a.decision !== "approved") return void 0;
  const now = Date.parse(j.ctx.now);
  if (when - now > FUTURE_SKEW_MS) {
    return {
      reason: "dated in the future",
      finding: error(
        j.codes.future,
        `${a.approver}'s approval of the ${j.subject.noun} is dated ${a.at}, after the time the release is judged at (${j.ctx.now}).`,
        { ...here(j, i, "at"), fix: "Record approvals with mlgov approve, which writes the current time." }
      )
    };
  }
  const ageDays = (now - when) / DAY_MS;
  if (ageDays <= j.policy.approvals.maxAgeDays) return void 0;
  return {
    reason: `older than ${j.policy.approvals.maxAgeDays} days`,
    finding: warning(
      j.codes.stale,
      `${a.approver}'s ${a.role} approval of the ${j.subject.noun} is ${Math.floor(ageDays)} days old (at ${a.at}); approvals older than ${j.policy.approvals.maxAgeDays} days do not count.`,
      { ...here(j, i, "at"), fix: `Ask ${a.approver} to review again and re-approve.` }
    )
  };
};
function conflictOf(login, ctx) {
  if (sameLogin(login, ctx.pr?.author))
    return { reason: "is the pull request author (separation of duties)", sentence: "authored the pull request" };
  if (sameLogin(login, ctx.manifest.value?.provenance?.training?.triggeredBy))
    return {
      reason: "triggered the training run (separation of duties)",
      sentence: "triggered the training run (provenance.training.triggeredBy)"
    };
  return void 0;
}
var dutiesRule = (a, i, j) => {
  if (!j.policy.approvals.separationOfDuties || a.decision !== "approved") return void 0;
  const conflict = conflictOf(a.approver, j.ctx);
  if (!conflict) return void 0;
  return {
    reason: conflict.reason,
    finding: error(
      j.codes.duties,
      `${a.approver} ${conflict.sentence} and cannot approve the ${j.subject.noun} of their own release (separation of duties).`,
      { ...here(j, i, "approver"), fix: `Ask another holder of ${a.role} to approve.` }
    )
  };
};
var RULES = [digestRule, rosterRule, dateRule, dutiesRule];
function judgeRecordedApproval(a, i, j) {
  const entry = {
    source: j.subject.target,
    index: i,
    approver: a.approver,
    role: a.role,
    roles: [a.role],
    decision: a.decision,
    at: a.at,
    counted: false,
    reasons: [],
    findings: [],
    ...a.note !== void 0 ? { note: a.note } : {}
  };
  for (const rule of RULES) {
    const broken = rule(a, i, j);
    if (broken) {
      entry.reasons.push(broken.reason);
      entry.findings.push(broken.finding);
    }
  }
  if (a.decision !== "approved" && a.decision !== "rejected")
    entry.reasons.push(`unknown decision "${String(a.decision)}"`);
  if (a.decision === "approved" && entry.reasons.length === 0) corroborate(entry, a, i, j);
  entry.counted = a.decision === "approved" && entry.reasons.length === 0 && !entry.undetermined;
  return entry;
}
function corroborate(entry, a, i, j) {
  if (j.corroboration === "unreadable") {
    const why = j.reviewsUnavailable;
    entry.undetermined = true;
    entry.reasons.push(`corroboration unknown: the reviews could not be read (${why.cause})`);
    entry.findings.push(
      indeterminate(
        j.codes.corroborationUnknown,
        `The policy asks each approval to be corroborated by a GitHub review, but the pull request's reviews could not be read (${describeUnavailable(why)}), so ${a.approver}'s approval of the ${j.subject.noun} could not be judged.`,
        { ...here(j, i, "approver"), fix: why.fix }
      )
    );
    return;
  }
  if (j.corroboration !== "checked") return;
  const head = headApproval(j.ctx.pr.reviews, a.approver, j.ctx.pr.headSha);
  if (head.ok) return;
  entry.reasons.push(`not corroborated: ${head.why}`);
  entry.findings.push(
    error(
      j.codes.notCorroborated,
      `The policy asks each approval to be corroborated by a GitHub review, but ${head.why}.`,
      { ...here(j, i, "approver"), fix: `${a.approver} should approve the pull request on GitHub at its head commit.` }
    )
  );
}
function describeUnavailable(why) {
  const cause = {
    permission: "the token may not read them",
    network: "GitHub could not be reached",
    github: "GitHub did not answer as its API does",
    "no-pull-request": "no pull request was found for this run"
  }[why.cause];
  return `${cause}: ${why.message}`;
}
function reviewEntries(j) {
  const { ctx, policy, subject } = j;
  const out = [];
  for (const r of standingReviewsOf(ctx.pr.reviews).values()) {
    if (r.state !== "APPROVED" || r.commitId !== ctx.pr.headSha) continue;
    const member = rosterMember(policy, r.login);
    const roles = member?.roles.filter((role) => !subject.reviewRoles || subject.reviewRoles.includes(role)) ?? [];
    if (!member || roles.length === 0) continue;
    const entry = {
      source: "github-review",
      reviewId: r.id,
      approver: member.login,
      role: roles.join(", "),
      roles,
      decision: "approved",
      counted: false,
      reasons: [],
      findings: [],
      ...r.submittedAt ? { at: r.submittedAt } : {}
    };
    const conflict = policy.approvals.separationOfDuties ? conflictOf(r.login, ctx) : void 0;
    if (conflict) {
      entry.reasons.push(conflict.reason);
      entry.findings.push(
        error(j.codes.duties, `${r.login}'s GitHub review does not count: ${r.login} ${conflict.sentence}.`, {
          ...conflict.sentence.startsWith("triggered") ? at(ctx.manifest, "/provenance/training/triggeredBy") : at(subject.doc, "/approvals"),
          fix: "Ask another roster member to review."
        })
      );
    }
    entry.counted = entry.reasons.length === 0;
    out.push(entry);
  }
  return out;
}
function recordedRejectionsOf(j) {
  const { subject, policy } = j;
  const holds = (login, role) => rosterMember(policy, login)?.roles.includes(role) === true;
  const out = [];
  for (const a of subject.baseApprovals) {
    if (a.decision === "rejected" && a.digest === subject.digest && holds(a.approver, a.role))
      out.push({
        approver: a.approver,
        role: a.role,
        where: "base-document",
        at: a.at,
        ...a.note !== void 0 ? { note: a.note } : {}
      });
  }
  const log = j.ctx.evidence?.baseAuditLog;
  const model = j.ctx.manifest.value?.name;
  if (!log || typeof model !== "string") return out;
  const digestMember = subject.target === "manifest" ? "manifestDigest" : "reportDigest";
  const events = verifyAuditLog(log).events.filter(
    (e) => e.action === "approve" && e.model === model && e.details?.["target"] === subject.target && e.details?.[digestMember] === subject.digest
  );
  for (const e of events) {
    const role = String(e.details?.["role"]);
    if (e.details?.["decision"] !== "rejected" || !holds(e.actor, role)) continue;
    const withdrawn = events.some(
      (later) => later.seq > e.seq && sameLogin(later.actor, e.actor) && later.details?.["decision"] === "approved"
    );
    const note = e.details?.["note"];
    if (!withdrawn)
      out.push({
        approver: e.actor,
        role,
        where: "base-audit-log",
        seq: e.seq,
        at: e.at,
        ...typeof note === "string" && note !== "" ? { note } : {}
      });
  }
  return out;
}
function corroborationOf(ctx, policy, reviewsKnown) {
  if (policy.approvals.corroborate !== "github-review") return "not-required";
  if (reviewsKnown) return "checked";
  return ctx.pr?.reviewsUnavailable ? "unreadable" : "unavailable";
}
function buildApprovalLedger(ctx, policy, subject = manifestSubject(ctx, policy)) {
  const headSha = ctx.pr?.headSha;
  const reviewsKnown = Array.isArray(ctx.pr?.reviews) && typeof headSha === "string" && headSha !== "";
  const corroboration = corroborationOf(ctx, policy, reviewsKnown);
  const j = {
    subject,
    ctx,
    policy,
    codes: CODES[subject.target],
    corroboration,
    ...ctx.pr?.reviewsUnavailable ? { reviewsUnavailable: ctx.pr.reviewsUnavailable } : {}
  };
  const source = policy.approvals.source;
  const entries = [];
  if (source !== "github-review") subject.approvals.forEach((a, i) => entries.push(judgeRecordedApproval(a, i, j)));
  if (source !== "manifest" && reviewsKnown) entries.push(...reviewEntries(j));
  const requirements = assignSlots(
    subject.required,
    peopleOf(entries, (e) => e.counted)
  );
  const withUndetermined = assignSlots(
    subject.required,
    peopleOf(entries, (e) => e.counted || !!e.undetermined)
  );
  const missing = requirements.filter((r) => r.missing > 0);
  const rejections = entries.filter(
    (e) => e.decision === "rejected" && !e.reasons.some(
      (r) => r.startsWith("bound to another") || r.startsWith("not on the roster") || r.startsWith("the roster does not")
    )
  );
  return {
    target: subject.target,
    digest: subject.digest,
    entries,
    requirements,
    rejections,
    recordedRejections: recordedRejectionsOf(j),
    missingRoles: missing.map((r) => ({ role: r.role, missing: r.missing })),
    // Undetermined only when the approvals awaiting corroboration would fill the role: one that stays short even
    // with them is missing, whatever the reviews say (exit 1 with the roles to ask, not "could not judge").
    undeterminedRoles: missing.filter((r) => withUndetermined.find((w) => w.role === r.role)?.missing === 0).map((r) => r.role),
    corroboration,
    reviewsKnown,
    ...ctx.pr?.reviewsUnavailable ? { reviewsUnavailable: ctx.pr.reviewsUnavailable } : {}
  };
}
function peopleOf(entries, include) {
  const people = /* @__PURE__ */ new Map();
  for (const e of entries) {
    if (!include(e)) continue;
    const key = loginKey(e.approver);
    const person = people.get(key) ?? { login: e.approver, roles: /* @__PURE__ */ new Set() };
    for (const role of e.roles) person.roles.add(role);
    people.set(key, person);
  }
  return people;
}
function noteOf(note) {
  return note !== void 0 && note !== "" ? `: ${JSON.stringify(note)}` : "";
}
function recordedRejectionFinding(code, noun, r, doc) {
  const approvals = doc.value?.approvals;
  const where = r.where === "base-audit-log" ? `in the base revision's audit log (event ${r.seq}${r.at ? `, ${r.at}` : ""})` : "in the base revision's copy of the file";
  return error(
    code,
    `${r.approver} (${r.role}) rejected exactly this ${noun} ${where}${noteOf(r.note)}; the pull request cannot remove a rejection recorded there.`,
    {
      // The rejection is not in the PR's file; its approvals are what it overrules.
      ...at(doc, Array.isArray(approvals) && approvals.length > 0 ? "/approvals" : ""),
      fix: `Change the ${noun} to address ${r.approver}'s objections (a new digest needs new approvals), or have ${r.approver} approve this ${noun} with mlgov approve on the base branch.`
    }
  );
}
function changesRequestedByRoster(ctx, policy) {
  if (!Array.isArray(ctx.pr?.reviews)) return [];
  return changesRequestedOf(ctx.pr.reviews).filter((r) => rosterMember(policy, r.login) !== void 0);
}
function countedHoldersOf(ledger, policy, role) {
  const out = /* @__PURE__ */ new Map();
  for (const e of ledger.entries) {
    const member = e.counted ? rosterMember(policy, e.approver) : void 0;
    if (member?.roles.includes(role)) out.set(loginKey(member.login), member.login);
  }
  return [...out.values()].sort();
}

// src/checks/approvals.ts
function approvalDetails(ledger) {
  return {
    manifestDigest: ledger.digest,
    approvals: ledger.entries.map((e) => ({
      approver: e.approver,
      role: e.role,
      source: e.source,
      decision: e.decision,
      ...e.at ? { at: e.at } : {},
      counted: e.counted,
      ...e.undetermined ? { undetermined: true } : {},
      ...ledger.corroboration === "checked" && e.source !== "github-review" ? { corroborated: !e.reasons.some((r) => r.startsWith("not corroborated")) } : {},
      ...e.counted ? {} : { reason: e.reasons.join("; ") || e.decision }
    })),
    requirements: ledger.requirements,
    missingRoles: ledger.missingRoles.map((m) => {
      const req = ledger.requirements.find((r) => r.role === m.role);
      return { ...m, count: req?.count ?? m.missing, have: req?.filledBy.length ?? 0 };
    }),
    corroboration: ledger.corroboration
  };
}
function judgeApprovals(ctx, policy) {
  const ledger = buildApprovalLedger(ctx, policy);
  const findings = [...ledger.entries.flatMap((e) => e.findings), ...rejectionFindings(ctx, policy, ledger)];
  findings.push(...reviewsFindings(ctx, policy, ledger));
  if (!(policy.approvals.source === "github-review" && !ledger.reviewsKnown))
    findings.push(...missingRoleFindings(ctx, policy, ledger));
  const status = statusOf(findings);
  const counted = [...new Set(ledger.entries.filter((e) => e.counted).map((e) => e.approver))];
  const summary = findings.some((f) => f.indeterminate) ? `could not judge: ${findings.filter((f) => f.indeterminate).length} approval(s) need the pull request's reviews` : status === "fail" ? ledger.missingRoles.length ? `missing: ${ledger.missingRoles.map((m) => `${m.missing} \xD7 ${m.role}`).join(", ")}` : `${findings.filter((f) => f.severity === "error").length} approval problem(s)` : `required roles met by ${counted.join(", ") || "nobody (none required)"}`;
  return { id: "approvals", status, summary, findings, details: approvalDetails(ledger) };
}
function rejectionFindings(ctx, policy, ledger) {
  const doc = ctx.manifest;
  const out = ledger.rejections.map(
    (r) => error(
      "APPROVAL_REJECTED",
      `${r.approver} (${r.role}) rejected this release${noteOf(r.note)}; a rejection blocks it.`,
      {
        ...r.index !== void 0 ? at(doc, pointer("approvals", r.index, "decision")) : at(doc, "/approvals"),
        fix: `Address ${r.approver}'s objections; once the manifest changes, the rejection no longer names it and new approvals are needed.`
      }
    )
  );
  out.push(
    ...ledger.recordedRejections.map(
      (r) => recordedRejectionFinding("APPROVAL_REJECTION_RECORDED", "manifest", r, doc)
    )
  );
  for (const r of changesRequestedByRoster(ctx, policy)) {
    out.push(
      error(
        "APPROVAL_CHANGES_REQUESTED",
        `${r.login} requested changes on GitHub (review ${r.id} on commit ${r.commitId.slice(0, 7)}); a board member's request for changes blocks until ${r.login} approves or the review is dismissed.`,
        {
          ...at(doc, (doc.value?.approvals?.length ?? 0) > 0 ? "/approvals" : ""),
          fix: `Address ${r.login}'s review and ask them to approve the pull request on GitHub (or have the review dismissed, which GitHub records).`
        }
      )
    );
  }
  return out;
}
function reviewsFindings(ctx, policy, ledger) {
  const doc = ctx.manifest;
  const out = [];
  if (ledger.reviewsUnavailable) {
    out.push(
      indeterminate(
        "APPROVALS_REVIEWS_UNREADABLE",
        `The pull request's GitHub reviews could not be read (${describeUnavailable(ledger.reviewsUnavailable)}): whether a board member approved or requested changes could not be judged.`,
        { file: doc.file, fix: ledger.reviewsUnavailable.fix }
      )
    );
  } else if (policy.approvals.source === "github-review" && !ledger.reviewsKnown) {
    out.push(
      indeterminate(
        "APPROVALS_REVIEWS_UNAVAILABLE",
        "The policy takes approvals from GitHub reviews (approvals.source: github-review), which are not known here (local run or offline).",
        { file: doc.file, fix: "Run the gate in the GitHub Action, where the pull request reviews are read." }
      )
    );
  }
  if (policy.approvals.source === "github-review" && ledger.reviewsKnown && (doc.value?.approvals?.length ?? 0) > 0) {
    out.push(
      notice(
        "APPROVALS_MANIFEST_IGNORED",
        "The policy takes approvals from GitHub reviews only; the manifest's approvals were not counted.",
        { ...at(doc, "/approvals") }
      )
    );
  }
  if (ledger.corroboration === "unavailable") {
    out.push(
      notice(
        "APPROVALS_CORROBORATION_UNAVAILABLE",
        "The policy asks each approval to be corroborated by a GitHub review; pull request reviews are not known locally, so corroboration was not possible here (the action checks it).",
        { file: doc.file }
      )
    );
  }
  return out;
}
function missingRoleFindings(ctx, policy, ledger) {
  const doc = ctx.manifest;
  const counting = new Set(ledger.requirements.flatMap((r) => r.filledBy));
  return ledger.missingRoles.filter((m) => !ledger.undeterminedRoles.includes(m.role)).map((m) => {
    const req = ledger.requirements.find((r) => r.role === m.role);
    const have = req.filledBy.length ? ` (counted: ${[...req.filledBy].sort().join(", ")})` : "";
    const candidates = policy.approvals.roster.filter((p) => p.roles.includes(m.role) && !counting.has(p.login)).map((p) => p.login);
    return error(
      "APPROVALS_MISSING_ROLE",
      `The policy requires ${req.count} ${m.role} approval(s) by distinct people; ${m.missing} more needed${have}.`,
      {
        ...at(doc, (doc.value?.approvals?.length ?? 0) > 0 ? "/approvals" : ""),
        fix: `Ask ${candidates.length ? candidates.join(" or ") : `a holder of ${m.role}`} to review and run: ${mlgovCommand(ctx, `approve --role ${m.role} --approver <login>`)}. One person counts once, whatever roles they hold.`
      }
    );
  });
}
var approvalsCheck = {
  id: "approvals",
  title: "Approvals: digest-bound, roster roles, distinct people, fresh, separation of duties",
  needs: ["manifest"],
  run: judgeApprovals
};

// src/checks/bias-accounting.ts
function datasetRowsOf(report) {
  const rows = report.dataset?.rows;
  return typeof rows === "number" && Number.isSafeInteger(rows) && rows >= 0 ? rows : void 0;
}
function checkReportPath(manifestDoc, manifest, policy) {
  const declared = manifest.biasReport?.path;
  const named = policy.model.biasReport;
  if (declared === named) return [];
  return [
    error(
      "BIAS_REPORT_PATH_MISMATCH",
      `The manifest names the bias report ${JSON.stringify(declared)}, but the policy judges ${JSON.stringify(named)} (model.biasReport): the report judged is the one the policy names.`,
      {
        ...at(manifestDoc, "/biasReport/path"),
        fix: `Set biasReport.path to "${named}" and keep the release's bias report there (then run mlgov checksums --write), or change model.biasReport through a board-reviewed policy change.`
      }
    )
  ];
}
function checkFavorableLabel(doc, report, policy) {
  const stated = typeof report.favorableLabel === "string" ? report.favorableLabel : void 0;
  const decided = typeof policy.bias.favorableLabel === "string" ? policy.bias.favorableLabel : void 0;
  if (decided !== void 0 && report.positiveLabel === decided) {
    return [
      error(
        "BIAS_FAVORABLE_LABEL_IS_POSITIVE",
        `The bias report's positive label ${JSON.stringify(decided)} is the outcome the policy calls favourable (bias.favorableLabel), so disparate impact on 1 \u2212 selection rate would measure the unfavourable outcome.`,
        {
          ...at(doc, "/positiveLabel"),
          fix: "If the model selects the favourable outcome, the policy must not set bias.favorableLabel (a board-reviewed change); otherwise regenerate the report with the right positiveLabel."
        }
      )
    ];
  }
  if (stated === decided) return [];
  const message = decided === void 0 ? `The bias report declares the favourable outcome ${JSON.stringify(stated)}, but the judging policy sets none (bias.favorableLabel), so disparate impact is judged on the selection rate: which outcome is favourable is the policy's decision, not the report's.` : stated === void 0 ? `The judging policy decides the favourable outcome is ${JSON.stringify(decided)} (bias.favorableLabel), but the bias report does not state it: it may have been computed for another outcome.` : `The bias report declares the favourable outcome ${JSON.stringify(stated)}, but the judging policy decides it is ${JSON.stringify(decided)} (bias.favorableLabel).`;
  return [
    error("BIAS_FAVORABLE_LABEL_MISMATCH", message, {
      ...at(doc, "/favorableLabel"),
      fix: decided === void 0 ? "Remove favorableLabel from the report and regenerate it for the selection rate, or propose bias.favorableLabel in a board-reviewed policy change." : `Regenerate the report with favorableLabel "${decided}" (the policy's), so its disparate impact is on the favourable rate.`
    })
  ];
}
function checkDatasetRows(doc, report) {
  if (datasetRowsOf(report) !== void 0) return [];
  return [
    error(
      "BIAS_DATASET_ROWS_MISSING",
      "The bias report does not state dataset.rows, so its groups cannot be reconciled with the data they were computed on.",
      {
        ...at(doc, "/dataset/rows"),
        fix: "Write the number of evaluation rows into dataset.rows (mlgov bias compute does); every attribute's groups n + missing + excluded must add up to it."
      }
    )
  ];
}
function checkGroupNames(doc, attr, ai) {
  return repeatedNames(attr.groups.map((g) => g.group)).map(
    ({ index, first }) => error(
      "BIAS_GROUP_DUPLICATE",
      `Attribute "${attr.name}": group ${index} ${JSON.stringify(attr.groups[index].group)} is the same group as group ${first} ${JSON.stringify(attr.groups[first].group)} (names are compared after Unicode NFC, without invisible characters, trimmed).`,
      {
        ...at(doc, pointer("attributes", ai, "groups", index, "group")),
        fix: "List each group once, with all of its rows; regenerate the report rather than editing it."
      }
    )
  );
}
function checkRowsReconcile(doc, attr, ai, r, rows) {
  if (rows === void 0 || r.totalRows === rows) return [];
  const gap = rows - r.totalRows;
  return [
    error(
      "BIAS_ROWS_DO_NOT_RECONCILE",
      `Attribute "${attr.name}": its groups (${r.groupRows} rows) + missing (${r.missingRows}) + excluded (${r.declaredExcludedRows}) = ${r.totalRows}, but dataset.rows is ${rows}: ${Math.abs(gap)} row(s) ${gap > 0 ? "unaccounted for" : "counted more than once"}.`,
      {
        ...at(doc, pointer("attributes", ai, "groups")),
        fix: "Regenerate the report so every row of the dataset is in exactly one group, or counted as missing (no value) or excluded (declared on the attribute)."
      }
    )
  ];
}
function checkExcludedShare(doc, attr, ai, r, maxExcludedShare) {
  if (r.exclusions.length === 0 && r.excludedRows === 0) return [];
  const share = r.totalRows > 0 ? r.excludedRows / r.totalRows : 1;
  const tooMany = share > maxExcludedShare;
  if (!tooMany && r.exclusions.length === 0) return [];
  const listed = r.exclusions.map((e) => `"${e.group}" (${e.reason})`).join("; ");
  const where = at(
    doc,
    r.exclusions.length > 0 ? pointer("attributes", ai, "groups", r.exclusions[0].index) : pointer("attributes", ai, r.missingRows > 0 ? "missing" : "excluded")
  );
  const msg = `Attribute "${attr.name}": ` + (listed ? `insufficient data for ${listed}; left out of the spread. ` : "") + `Excluded rows: ${r.excludedRows} of ${r.totalRows} (${roundForMessage(share * 100)} %, policy maximum ${roundForMessage(maxExcludedShare * 100)} %; groups left out ${r.excludedRows - r.missingRows - r.declaredExcludedRows}, missing ${r.missingRows}, excluded ${r.declaredExcludedRows}).`;
  return [
    tooMany ? error("BIAS_EXCLUDED_SHARE_TOO_HIGH", msg, {
      ...where,
      fix: "Collect more evaluation data for the small groups or the rows without a value, or merge small groups into larger ones."
    }) : warning("BIAS_INSUFFICIENT_DATA", msg, {
      ...where,
      fix: "Collect more evaluation data for these groups so they can be assessed."
    })
  ];
}
function attributesOf(report) {
  const attrs = report?.attributes;
  if (!Array.isArray(attrs)) return [];
  return attrs.filter((a) => typeof a?.name === "string" && Array.isArray(a?.groups)).map((a) => ({
    name: a.name,
    groups: a.groups.filter(
      (g) => typeof g?.group === "string"
    )
  }));
}
function checkDroppedGroups(doc, report, baseReport) {
  const out = [];
  const head = Array.isArray(report.attributes) ? report.attributes : [];
  for (const before of attributesOf(baseReport)) {
    const ai = head.findIndex((a) => nameKey(a.name) === nameKey(before.name));
    if (ai < 0) continue;
    const now = new Set((head[ai].groups ?? []).map((g) => nameKey(g.group)));
    for (const g of before.groups) {
      if (now.has(nameKey(g.group))) continue;
      out.push(
        warning(
          "BIAS_GROUP_DROPPED",
          `Attribute "${before.name}": the production release's bias report assessed the group ${JSON.stringify(g.group)} (n ${String(g.n)}), but this report does not list it; its rows are now missing, excluded or counted in other groups.`,
          {
            ...at(doc, pointer("attributes", ai, "groups")),
            fix: `Assess ${JSON.stringify(g.group)} again, or have the fairness reviewer confirm the new grouping of "${before.name}".`
          }
        )
      );
    }
  }
  return out;
}
function checkPositiveLabel(doc, report, baseReport) {
  const before = baseReport?.positiveLabel;
  if (typeof before !== "string" || report.positiveLabel === before) return [];
  const where = report.positiveLabel === void 0 ? at(doc, "") : at(doc, "/positiveLabel");
  return [
    error(
      "BIAS_POSITIVE_LABEL_CHANGED",
      `The report's positive label is ${JSON.stringify(report.positiveLabel ?? null)}, but production's report names ${JSON.stringify(before)}: disparate impact would be judged on another outcome's rate.`,
      {
        ...where,
        fix: `Report with "positiveLabel": ${JSON.stringify(before)} (mlgov bias compute --positive-label ${before}); a change of labels is a board-reviewed policy change (bias.favorableLabel).`
      }
    )
  ];
}

// src/checks/bias-predictions.ts
var RATES = ["selectionRate", "truePositiveRate", "falsePositiveRate"];
var COUNTS = ["n", "positives", "negatives"];
var RECOMPUTE_FIX = "Recompute the report from the listed predictions (mlgov bias compute), then mlgov checksums --write: do not edit its figures by hand.";
var show = (v) => typeof v === "number" ? roundForMessage(v) : String(v);
var RELATIVE_TOLERANCE = 1e-9;
var FULL_PRECISION_DECIMALS = 12;
var MIN_RATE_DECIMALS = 4;
function rateAgrees(reported, recomputed) {
  if (!Number.isFinite(reported) || !Number.isFinite(recomputed)) return false;
  const scale = Math.max(Math.abs(reported), Math.abs(recomputed), Number.MIN_VALUE);
  if (Math.abs(reported - recomputed) <= RELATIVE_TOLERANCE * scale) return true;
  const d = Math.max(decimalsOf(reported), MIN_RATE_DECIMALS);
  if (d >= FULL_PRECISION_DECIMALS) return false;
  return Math.abs(reported - recomputed) <= 0.5 * 10 ** -d + 1e-12;
}
function groupDifferences(reported, recounted) {
  const out = [];
  for (const member of COUNTS) {
    if (member !== "n" && !(member in reported)) continue;
    if (reported[member] !== recounted[member]) {
      out.push(`${member} ${show(reported[member])} vs ${show(recounted[member])}`);
    }
  }
  for (const member of RATES) {
    if (member !== "selectionRate" && !(member in reported)) continue;
    const r = reported[member];
    const c = recounted[member] ?? null;
    const agree = r === null || c === null ? r === c : typeof r === "number" && rateAgrees(r, c);
    if (!agree) out.push(`${member} ${show(r)} vs ${show(c)}`);
  }
  return out;
}
function memberOf(difference) {
  return difference.slice(0, difference.indexOf(" "));
}
function checkAttribute(doc, attr, ai, recount2, file) {
  const out = [];
  const groups = Array.isArray(attr.groups) ? attr.groups : [];
  const byName = new Map(recount2.groups.map((g) => [g.group, g]));
  groups.forEach((g, gi) => {
    if (!isObject(g)) return;
    const name = String(g.group);
    const recounted = byName.get(name);
    byName.delete(name);
    if (!recounted) {
      out.push(
        error(
          "BIAS_PREDICTIONS_MISMATCH",
          `Attribute "${attr.name}": the report lists group "${name}", but column "${attr.name}" of ${file} has no row with that value.`,
          { ...at(doc, pointer("attributes", ai, "groups", gi, "group")), fix: RECOMPUTE_FIX }
        )
      );
      return;
    }
    const differences = groupDifferences(g, recounted);
    if (differences.length === 0) return;
    out.push(
      error(
        "BIAS_PREDICTIONS_MISMATCH",
        `Attribute "${attr.name}", group "${name}": the report does not match ${file} (reported vs recomputed): ${listedItems(differences, 6, "; ")}.`,
        { ...at(doc, pointer("attributes", ai, "groups", gi, memberOf(differences[0]))), fix: RECOMPUTE_FIX }
      )
    );
  });
  out.push(...checkUnreported(doc, attr, ai, [...byName.values()], recount2.missing, file));
  return out;
}
function checkUnreported(doc, attr, ai, unreported, missing, file) {
  const out = [];
  const reportedMissing = attr.missing ?? 0;
  if (reportedMissing !== missing) {
    out.push(
      error(
        "BIAS_PREDICTIONS_MISMATCH",
        `Attribute "${attr.name}": the report counts ${show(reportedMissing)} row(s) with no value, but ${file} has ${missing}.`,
        {
          ...at(doc, pointer("attributes", ai, attr.missing !== void 0 ? "missing" : "groups")),
          fix: RECOMPUTE_FIX
        }
      )
    );
  }
  const unreportedRows = unreported.reduce((sum, g) => sum + g.n, 0);
  if (unreported.length > 0 && unreportedRows !== (attr.excluded ?? 0)) {
    out.push(
      error(
        "BIAS_PREDICTIONS_MISMATCH",
        `Attribute "${attr.name}": ${file} has group(s) the report leaves out without counting them as excluded: ${listedItems(unreported.map((g) => `"${g.group}" (n ${g.n})`))}.`,
        { ...at(doc, pointer("attributes", ai, "groups")), fix: RECOMPUTE_FIX }
      )
    );
  }
  return out;
}
function checkDataset(doc, report, facts) {
  const out = [];
  const dataset = isObject(report.dataset) ? report.dataset : {};
  if (dataset.sha256 !== facts.sha256) {
    out.push(
      error(
        "BIAS_PREDICTIONS_MISMATCH",
        `The bias report was computed from predictions with SHA-256 ${String(dataset.sha256 ?? "unknown")}, but ${facts.file} (listed in the manifest) is ${facts.sha256}: the report does not describe the listed predictions.`,
        { ...at(doc, dataset.sha256 !== void 0 ? "/dataset/sha256" : "/dataset"), fix: RECOMPUTE_FIX }
      )
    );
  }
  if (dataset.rows !== facts.rows) {
    out.push(
      error(
        "BIAS_PREDICTIONS_MISMATCH",
        `The bias report counts ${show(dataset.rows)} row(s), but ${facts.file} has ${facts.rows}.`,
        { ...at(doc, dataset.rows !== void 0 ? "/dataset/rows" : "/dataset"), fix: RECOMPUTE_FIX }
      )
    );
  }
  return out;
}
function notListed(doc, facts, productionVerified) {
  const named = [facts.path, facts.sha256 && `SHA-256 ${facts.sha256}`].filter(Boolean).join(", ");
  const severity = productionVerified ? error : notice;
  const since = productionVerified ? " Production listed the predictions of its report, so this release must too." : "";
  return severity(
    "BIAS_PREDICTIONS_NOT_LISTED",
    (named ? `The bias report was computed from predictions (${named}) the manifest does not list among its artifacts: its group figures are the author's claim, not recomputed by the gate.` : "The bias report names no predictions file (dataset.sha256): its group figures are the author's claim, not recomputed by the gate.") + since,
    {
      ...at(doc, named ? "/dataset" : ""),
      fix: "Compute the report with mlgov bias compute from a predictions file inside the repository: it lists the file among the manifest's artifacts, so the gate recounts the groups from it."
    }
  );
}
function checkPredictions(doc, report, facts, base) {
  if (!facts) return [];
  if (facts.kind === "unlisted") return [notListed(doc, facts, productionListsPredictions(base))];
  if (facts.kind === "unreadable") {
    return [
      indeterminate(
        "BIAS_PREDICTIONS_UNREADABLE",
        `The manifest lists ${facts.file}, the predictions the bias report names, but the gate could not count it (${facts.problem}), so the report's groups were not verified.`,
        { file: facts.file, fix: facts.fix }
      )
    ];
  }
  const attributes = Array.isArray(report.attributes) ? report.attributes : [];
  return [
    ...checkDataset(doc, report, facts),
    ...attributes.flatMap(
      (attr, ai) => isObject(attr) && facts.attributes[ai] ? checkAttribute(doc, attr, ai, facts.attributes[ai], facts.file) : []
    )
  ];
}
function productionListsPredictions(base) {
  const record = (v) => typeof v === "object" && v !== null && !Array.isArray(v) ? v : void 0;
  const dataset = record(record(base?.biasReport)?.["dataset"]);
  const artifacts = record(base?.manifest)?.["artifacts"];
  if (!dataset || !Array.isArray(artifacts)) return false;
  return artifacts.some((a) => {
    const artifact = record(a);
    if (!artifact) return false;
    const digest = typeof artifact["sha256"] === "string" ? artifact["sha256"].toLowerCase() : void 0;
    return typeof dataset["sha256"] === "string" && digest === dataset["sha256"].toLowerCase() || typeof dataset["path"] === "string" && artifact["path"] === dataset["path"];
  });
}

// src/checks/bias.ts
var METRIC_LABEL = {
  demographic_parity_difference: "demographic parity difference",
  disparate_impact_ratio: "disparate impact ratio",
  equalized_odds_difference: "equalized odds difference",
  false_positive_rate_difference: "false positive rate difference",
  true_positive_rate_difference: "true positive rate difference"
};
function effectiveBiasThresholds(policy, report) {
  const out = {};
  for (const m of BIAS_METRICS) {
    const t = stricterThreshold(policy.bias.thresholds[m], report.thresholds?.[m]);
    if (t && (t.min !== void 0 || t.max !== void 0)) out[m] = t;
  }
  return out;
}
function isReportedNumber(v) {
  return typeof v === "number" && Number.isFinite(v);
}
function checkIdentity(doc, report, manifest) {
  const out = [];
  if (report.model?.name !== manifest.name || report.model?.version !== manifest.version) {
    out.push(
      error(
        "BIAS_REPORT_MODEL_MISMATCH",
        `The bias report is for ${report.model?.name ?? "?"} ${report.model?.version ?? "?"}, but the manifest releases ${manifest.name} ${manifest.version}.`,
        {
          ...at(doc, "/model"),
          fix: `Regenerate the bias report for ${manifest.name} ${manifest.version} (the model being released).`
        }
      )
    );
  }
  const generated = Date.parse(report.generatedAt);
  const trained = Date.parse(manifest.provenance?.training?.finishedAt ?? "");
  if (Number.isNaN(generated)) {
    out.push(
      error("BIAS_REPORT_DATE_INVALID", `generatedAt "${report.generatedAt}" is not a date-time.`, {
        ...at(doc, "/generatedAt"),
        fix: "Write an ISO 8601 date-time."
      })
    );
  } else if (!Number.isNaN(trained) && generated < trained) {
    out.push(
      error(
        "BIAS_REPORT_OLDER_THAN_TRAINING",
        `The bias report was generated at ${report.generatedAt}, before the training run finished (${manifest.provenance.training.finishedAt}): it cannot describe this model.`,
        {
          ...at(doc, "/generatedAt"),
          fix: "Rerun the fairness assessment on the model this training run produced."
        }
      )
    );
  }
  return out;
}
function describeMetricValue(metric, v) {
  const rate = v.rate === "favorableRate" ? "favourable rate" : v.rate;
  return `${METRIC_LABEL[metric]} ${roundForMessage(v.value)} (${rate}: "${v.lowGroup}" lowest, "${v.highGroup}" highest)`;
}
function checkRequiredAttributes(doc, report, policy) {
  const out = [];
  const attributes = Array.isArray(report.attributes) ? report.attributes : [];
  for (const required of policy.bias.requiredAttributes) {
    if (!attributes.some((a) => a.name === required)) {
      out.push(
        error(
          "BIAS_ATTRIBUTE_MISSING",
          `The policy requires the attribute "${required}", but the bias report does not assess it.`,
          {
            ...at(doc, "/attributes"),
            fix: `Add "${required}" to the fairness assessment (bias.requiredAttributes in the policy).`
          }
        )
      );
    }
  }
  return out;
}
function checkAttributes(doc, report, policy, thresholds, details) {
  const out = [...checkRequiredAttributes(doc, report, policy)];
  const attributes = Array.isArray(report.attributes) ? report.attributes : [];
  const options = recomputeOptionsOf(policy.bias);
  const maxExcludedShare = policy.bias.maxExcludedShare ?? 0.05;
  const rows = datasetRowsOf(report);
  attributes.forEach((attr, ai) => {
    const groups = Array.isArray(attr.groups) ? attr.groups : [];
    const a = { ...attr, groups };
    const r = recomputeAttribute(a, options);
    for (const e of r.exclusions)
      details.excludedGroups.push({ attribute: attr.name, group: e.group, reason: e.reason });
    out.push(
      ...checkGroupNames(doc, a, ai),
      ...checkRowsReconcile(doc, a, ai, r, rows),
      ...checkExcludedShare(doc, a, ai, r, maxExcludedShare),
      ...judgeAttributeMetrics(doc, a, ai, r, thresholds, details)
    );
  });
  return out;
}
function checkReportedValue(doc, name, metric, reported, judged, all, metricPtr, row) {
  const out = [];
  if (!isReportedNumber(reported)) {
    row.status = "fail";
    out.push(
      error(
        "BIAS_METRIC_UNDEFINED",
        `Attribute "${name}": ${METRIC_LABEL[metric]} is reported as ${String(reported)}: an undefined metric is never a pass.`,
        {
          ...at(doc, metricPtr),
          fix: "Report a numeric value computed from the groups, or fix the groups so the metric is defined."
        }
      )
    );
  } else {
    const candidates = [judged, all].filter(
      (v) => v.kind === "defined"
    );
    if (candidates.length > 0 && !candidates.some((v) => agreesWithReported(reported, v.value))) {
      row.status = "fail";
      out.push(
        error(
          "BIAS_METRIC_MISMATCH",
          `Attribute "${name}": the report states ${METRIC_LABEL[metric]} = ${reported}, but its group rates give ${roundForMessage(all.kind === "defined" ? all.value : candidates[0].value)} ("${candidates[0].lowGroup}" ${candidates[0].rate} vs "${candidates[0].highGroup}").`,
          {
            ...at(doc, metricPtr),
            fix: "Regenerate the report so the summary metrics match the group rates (do not edit them by hand)."
          }
        )
      );
    }
  }
  return out;
}
function judgeAttributeMetrics(doc, attr, ai, r, thresholds, details) {
  const out = [];
  const metrics = attr.metrics ?? {};
  for (const metric of BIAS_METRICS) {
    const hasReported = Object.prototype.hasOwnProperty.call(metrics, metric);
    const reported = metrics[metric];
    const threshold = thresholds[metric];
    if (!hasReported && !threshold) continue;
    const row = { attribute: attr.name, metric, status: "pass", ...threshold ? { threshold } : {} };
    if (hasReported) row.reported = reported ?? null;
    details.rows.push(row);
    const metricPtr = hasReported ? pointer("attributes", ai, "metrics", metric) : pointer("attributes", ai);
    const judged = r.judged[metric];
    if (hasReported)
      out.push(...checkReportedValue(doc, attr.name, metric, reported, judged, r.allGroups[metric], metricPtr, row));
    out.push(...judgeRecomputed(doc, attr.name, metricPtr, row, judged, threshold));
  }
  return out;
}
function judgeRecomputed(doc, name, metricPtr, row, judged, threshold) {
  const metric = row.metric;
  if (judged.kind === "undefined") {
    row.undefinedReason = judged.reason;
    if (!threshold) {
      if (row.status === "pass") row.status = "info";
      return [];
    }
    row.status = "fail";
    return [
      error(
        "BIAS_METRIC_UNDEFINED",
        `Attribute "${name}": ${METRIC_LABEL[metric]} cannot be computed (${judged.reason}); an undefined metric is never a pass (threshold ${describeThreshold(threshold)}).`,
        {
          ...at(doc, metricPtr),
          fix: "Provide the group rates this metric needs, with enough data per group."
        }
      )
    ];
  }
  row.recomputed = judged.value;
  row.lowGroup = judged.lowGroup;
  row.highGroup = judged.highGroup;
  if (judged.interval) row.interval = judged.interval;
  if (!threshold) {
    if (row.status === "pass") row.status = "info";
    return [];
  }
  const verdict = judgeThreshold(judged.value, threshold, judged.interval);
  if (verdict.kind === "beyond") {
    row.status = "fail";
    const ci = judged.interval ? ` (interval ${roundForMessage(judged.interval.low)}\u2013${roundForMessage(judged.interval.high)})` : "";
    return [
      error(
        "BIAS_THRESHOLD_EXCEEDED",
        `Attribute "${name}": ${describeMetricValue(metric, judged)}${ci} is ${verdict.bound === "min" ? "below the minimum" : "above the maximum"} ${verdict.limit}.`,
        {
          ...at(doc, metricPtr),
          fix: `Mitigate the disparity between "${judged.lowGroup}" and "${judged.highGroup}" (reweighting, threshold adjustment) and regenerate the report; thresholds are the stricter of the policy's and the report's.`
        }
      )
    ];
  }
  if (verdict.kind === "straddles") {
    if (row.status === "pass") row.status = "warn";
    return [
      warning(
        "BIAS_INTERVAL_STRADDLES_THRESHOLD",
        `Attribute "${name}": ${describeMetricValue(metric, judged)} meets ${verdict.bound} ${verdict.limit}, but its confidence interval ${roundForMessage(judged.interval.low)}\u2013${roundForMessage(judged.interval.high)} reaches past it.`,
        {
          ...at(doc, metricPtr),
          fix: "Evaluate on more data to narrow the interval, or review the disparity with the fairness reviewer."
        }
      )
    ];
  }
  return [];
}
function checkReviewer(ctx, policy, details) {
  const subject = biasReportSubject(ctx, policy);
  const doc = ctx.biasReport;
  const report = doc?.value;
  if (!subject || !doc || !report) return [];
  const role = policy.bias.reviewerRole;
  details.reportDigest = reportDigest(report);
  const ledger = buildApprovalLedger(ctx, policy, subject);
  const approvals = Array.isArray(report.approvals) ? report.approvals : [];
  const out = ledger.entries.flatMap((e) => e.findings);
  for (const r of ledger.rejections) {
    const note = r.index !== void 0 ? approvals[r.index]?.note : void 0;
    out.push(
      error(
        "BIAS_REVIEW_REJECTED",
        `${r.approver} (${r.role}) rejected this bias report${note ? `: "${note}"` : ""}.`,
        {
          ...at(doc, pointer("approvals", r.index ?? 0, "decision")),
          fix: "Address the reviewer's objections, regenerate the report and ask for a new review."
        }
      )
    );
  }
  out.push(
    ...ledger.recordedRejections.map(
      (r) => recordedRejectionFinding("BIAS_REVIEW_REJECTION_RECORDED", "bias report", r, doc)
    )
  );
  const blocked = ledger.rejections.length > 0 || ledger.recordedRejections.length > 0;
  if (policy.approvals.source === "github-review" && !ledger.reviewsKnown) {
    out.push(
      indeterminate(
        "BIAS_REVIEWS_UNAVAILABLE",
        `The policy takes approvals from GitHub reviews (approvals.source: github-review), so the ${role} approval of the bias report is a GitHub review, and the reviews ${ledger.reviewsUnavailable ? `could not be read (${describeUnavailable(ledger.reviewsUnavailable)})` : "are not known here (local run or offline)"}.`,
        {
          file: doc.file,
          fix: ledger.reviewsUnavailable?.fix ?? "Run the gate in the GitHub Action, where the pull request reviews are read."
        }
      )
    );
  } else if (!blocked && ledger.missingRoles.length > 0 && ledger.undeterminedRoles.length === 0) {
    out.push(
      error(
        "BIAS_APPROVAL_MISSING",
        `No ${role} approval that counts is bound to the bias report's current digest ${ledger.digest}.`,
        {
          ...at(doc, approvals.length > 0 ? "/approvals" : ""),
          fix: `After reviewing the report, run: ${mlgovCommand(ctx, `approve --target bias-report --approver <login> --role ${role}`)}${policy.approvals.corroborate === "github-review" ? ", and approve the pull request on GitHub" : ""}`
        }
      )
    );
  }
  details.reviewer = reviewerOf(ledger, role);
  return out;
}
function reviewerOf(ledger, role) {
  const rejection = ledger.rejections[0] ?? ledger.recordedRejections[0];
  if (rejection) return { approver: rejection.approver, counted: false, reason: "rejected" };
  const counted = ledger.entries.find((e) => e.counted && e.roles.includes(role));
  if (counted) return { approver: counted.approver, counted: true };
  const tried = ledger.entries.find((e) => e.roles.includes(role)) ?? ledger.entries[0];
  return tried ? { approver: tried.approver, counted: false, reason: tried.reasons.join("; ") || tried.decision } : void 0;
}
function judgeBias(ctx, policy) {
  const doc = ctx.biasReport;
  const report = doc?.value;
  const manifest = ctx.manifest.value;
  const details = { thresholds: {}, rows: [], excludedGroups: [] };
  if (!doc || !report || !manifest) {
    const f = indeterminate(
      "BIAS_REPORT_UNREADABLE",
      `The bias report ${doc?.file ?? policy.model.biasReport} could not be read, so fairness was not judged.`,
      {
        file: doc?.file ?? policy.model.biasReport,
        fix: `Add the bias report at the path the policy names (model.biasReport: ${policy.model.biasReport}); see the schema check.`
      }
    );
    return {
      id: "bias",
      status: "fail",
      summary: "bias report unreadable: not judged",
      findings: [f],
      details: { ...details }
    };
  }
  details.model = report.model;
  const thresholds = effectiveBiasThresholds(policy, report);
  details.thresholds = thresholds;
  const findings = [
    ...checkReportPath(ctx.manifest, manifest, policy),
    ...checkIdentity(doc, report, manifest),
    ...checkFavorableLabel(doc, report, policy),
    ...checkDatasetRows(doc, report),
    ...checkAttributes(doc, report, policy, thresholds, details),
    ...checkPredictions(
      doc,
      report,
      ctx.predictions,
      ctx.base.kind === "found" ? { manifest: ctx.base.manifest?.value, biasReport: ctx.base.biasReport?.value } : void 0
    ),
    ...ctx.base.kind === "found" ? checkDroppedGroups(doc, report, ctx.base.biasReport?.value) : [],
    ...ctx.base.kind === "found" ? checkPositiveLabel(doc, report, ctx.base.biasReport?.value) : [],
    ...checkReviewer(ctx, policy, details)
  ];
  const favorable = policy.bias.favorableLabel;
  if (typeof favorable === "string" && favorable !== "") {
    findings.push(
      notice(
        "BIAS_FAVORABLE_LABEL",
        `Disparate impact is computed on the favourable rate ("${favorable}" = 1 \u2212 selection rate), as the policy decides (bias.favorableLabel).`,
        {
          ...at(doc, "/favorableLabel")
        }
      )
    );
  }
  const status = statusOf(findings);
  const failing = details.rows.filter((r) => r.status === "fail").length;
  const summary = status === "pass" ? `${details.rows.length} metric(s) over ${report.attributes.length} attribute(s) recomputed and within thresholds; reviewed by ${details.reviewer?.approver}` : status === "warn" ? `fairness within thresholds with warnings (${findings.filter((f) => f.severity === "warning").length})` : `${findings.filter((f) => f.severity === "error").length} problem(s)${failing ? `, ${failing} metric(s) failing` : ""}`;
  return { id: "bias", status, summary, findings, details: { ...details } };
}
var biasCheck = {
  id: "bias",
  title: "Fairness: recomputed bias metrics within thresholds, reviewer approval bound to the report",
  needs: ["manifest", "biasReport"],
  run: judgeBias
};

// src/checks/evidence.ts
function baseRefOf(ctx) {
  return ctx.base.kind === "found" ? ctx.base.ref : "<base>";
}
function runEvidence(ctx, policy) {
  const details = {};
  const facts = ctx.evidence;
  const archiveDir = archiveRoot(facts?.archiveDir ?? policy.model.archiveDir);
  const places = { archiveDir, logPath: `${archiveDir}/${AUDIT_LOG_FILE}` };
  if (ctx.base.kind === "unavailable") {
    const f = indeterminate(
      "EVIDENCE_BASE_UNAVAILABLE",
      `the base revision ${ctx.base.ref} could not be read (${ctx.base.reason}), so the archive and the audit log cannot be compared with it`,
      { fix: ctx.base.fix }
    );
    return { findings: [f], summary: "could not judge: base revision unavailable", details };
  }
  if (!facts) {
    const f = indeterminate(
      "EVIDENCE_NOT_GATHERED",
      `the files under ${archiveDir}/ were not read (${ctx.git.isRepository ? "no evidence facts" : "not a git repository"}), so write-once evidence cannot be judged`,
      {
        fix: "run the gate inside the model repository checked out with its history (actions/checkout with fetch-depth: 0)"
      }
    );
    return { findings: [f], summary: "could not judge: evidence not gathered", details };
  }
  const findings = [...unreadableFindings(facts), ...supersededArchiveFindings(ctx, facts, places, details)];
  findings.push(...unexpectedArchives(facts, ctx, details.expectedArchive));
  const writeOnce = writeOnceFindings(ctx, policy, facts, places);
  findings.push(...writeOnce.findings, ...auditLogFindings(ctx, facts, places, details));
  const errors = findings.filter((f) => f.severity === "error").length;
  const summary = errors === 0 ? `archive and audit log intact (${Object.keys(facts.baseFiles).length} base file(s) unchanged${details.expectedArchive ? `, ${details.expectedArchive}/ archived` : ""})` : `${errors} evidence problem(s)${writeOnce.changed ? `: ${writeOnce.changed} archived file(s) changed or deleted` : ""}`;
  return { findings, summary, details };
}
function unreadableFindings(facts) {
  const findings = [];
  for (const [path, reason] of Object.entries(facts.unreadable ?? {})) {
    findings.push(
      indeterminate("EVIDENCE_UNREADABLE", `${path} could not be read: ${reason}`, {
        file: path,
        fix: "make the file readable and run the gate again"
      })
    );
  }
  for (const [path, what] of Object.entries(facts.notRegular ?? {})) {
    findings.push(
      error("EVIDENCE_NOT_A_FILE", `${path} is ${what}: evidence must be regular files (a link is never followed)`, {
        file: path,
        fix: `replace ${path} with the file itself (git checkout the archived file, or run mlgov archive)`
      })
    );
  }
  for (const [path, what] of Object.entries(facts.baseNotRegular ?? {})) {
    findings.push(
      error("EVIDENCE_NOT_A_FILE", `${path} is ${what}: evidence must be regular files (a link is never followed)`, {
        file: path,
        fix: `replace ${path} with the file itself on the production branch (git show its archived bytes, or run mlgov archive)`
      })
    );
  }
  return findings;
}
function supersededArchiveFindings(ctx, facts, places, details) {
  if (ctx.base.kind !== "found") return [];
  const baseManifest = ctx.base.manifest;
  const bm = isObject(baseManifest?.value) ? baseManifest.value : void 0;
  const headVersion = isObject(ctx.manifest.value) ? ctx.manifest.value.version : void 0;
  if (!baseManifest || !bm || bm.version === void 0 || bm.version === headVersion) return [];
  if (!isSafeSegment(bm.name) || !isSafeSegment(bm.version)) {
    return [
      error(
        "ARCHIVE_UNNAMEABLE",
        `the base release's name "${String(bm.name)}" and version "${String(bm.version)}" cannot name an archive folder`,
        {
          file: baseManifest.file,
          fix: "the archive folder is <archiveDir>/<name>/<version>/: fix the base manifest first"
        }
      )
    ];
  }
  const primaryDir = archiveFolder(places.archiveDir, bm.name, bm.version);
  const manifestSha = ctx.base.manifestFileSha256 ?? baseManifest.sha256;
  const reportSha = ctx.base.biasReportFileSha256 ?? ctx.base.biasReport?.sha256;
  const primaryManifestSha = facts.headFiles[`${primaryDir}/manifest.json`] ?? facts.baseFiles[`${primaryDir}/manifest.json`];
  const isRollbackArchive = isObject(bm.release) && bm.release.type === "rollback" && primaryManifestSha !== void 0 && primaryManifestSha !== manifestSha;
  const dir = isRollbackArchive ? rollbackArchiveFolder(places.archiveDir, bm.name, bm.version, manifestDigest(bm)) : primaryDir;
  const s = {
    bm,
    baseManifestFile: baseManifest.file,
    headVersion,
    dir,
    primaryDir,
    isRollbackArchive,
    manifestSha,
    reportSha,
    fix: `run ${mlgovCommand(ctx, `archive --base ${ctx.base.ref}`)} and commit ${dir}/`
  };
  details.expectedArchive = dir;
  const findings = [];
  if (isRollbackArchive) {
    details.restores = primaryDir;
    findings.push(...judgeRestoration(ctx, facts, bm, primaryDir, reportSha, ctx.base.ref));
  }
  const present = ARCHIVE_FILES.filter((f) => facts.headFiles[`${dir}/${f}`] !== void 0);
  if (present.length === 0) {
    findings.push(
      error(
        "ARCHIVE_MISSING",
        `the base release ${bm.name} ${bm.version}${isRollbackArchive ? ` (a rollback restoring ${primaryDir}/)` : ""} is replaced by ${String(headVersion)} but is not archived: ${dir}/ is not in this change`,
        { ...at(ctx.manifest, "/version"), fix: s.fix }
      )
    );
    return findings;
  }
  return [...findings, ...archiveContentFindings(ctx, facts, places, s)];
}
function archiveContentFindings(ctx, facts, places, s) {
  const { bm, dir, fix } = s;
  const findings = [];
  for (const name of ARCHIVE_FILES) {
    if (name === "bias-report.json" && s.reportSha === void 0) continue;
    const path = `${dir}/${name}`;
    if (facts.headFiles[path] === void 0) {
      findings.push(
        error("ARCHIVE_FILE_MISSING", `${path} is missing from the archive of ${bm.name} ${bm.version}`, {
          file: path,
          fix
        })
      );
    }
  }
  const baseReportFile = ctx.base.kind === "found" ? ctx.base.biasReport?.file : void 0;
  findings.push(...byteCopyFinding(ctx, facts, dir, "manifest.json", s.manifestSha, s.baseManifestFile));
  findings.push(...byteCopyFinding(ctx, facts, dir, "bias-report.json", s.reportSha, baseReportFile ?? "bias report"));
  const expected = expectedChecksums(bm, dir, s.manifestSha, s.reportSha);
  findings.push(...judgeChecksums(facts, `${dir}/checksums.sha256`, expected, fix));
  findings.push(...judgeEvidenceIndex(facts, dir, bm, expected, fix));
  if (facts.baseFiles[`${dir}/manifest.json`] === void 0 && facts.headAuditLog !== void 0) {
    const v = verifyAuditLog(facts.headAuditLog);
    if (v.ok && !isArchiveLogged(v.events, bm.name, bm.version, dir)) {
      findings.push(
        warning(
          "ARCHIVE_NOT_LOGGED",
          `the audit log has no "archive" event for ${bm.name} ${bm.version} in ${dir}/: the archive was not made with mlgov archive`,
          {
            file: places.logPath,
            fix: `run ${mlgovCommand(ctx, `archive --base ${baseRefOf(ctx)}`)} (it appends the missing event and changes nothing else)`
          }
        )
      );
    }
  }
  return findings;
}
function byteCopyFinding(ctx, facts, dir, name, want, from) {
  const have = facts.headFiles[`${dir}/${name}`];
  if (have === void 0 || have === want) return [];
  if (want === void 0) {
    return [
      error(
        "ARCHIVE_MISMATCH",
        `${dir}/${name} is in the archive, but the base release has no ${from} to copy: an archive holds only copies of the base's files`,
        {
          file: `${dir}/${name}`,
          fix: `remove ${dir}/${name} from this change: mlgov archive copies only what the base release has`
        }
      )
    ];
  }
  return [
    error(
      "ARCHIVE_MISMATCH",
      `${dir}/${name} is not a byte copy of the base's ${from} (sha256 ${have}, base ${want})`,
      {
        file: `${dir}/${name}`,
        fix: `archived files are copies, never edited: restore with git checkout ${ctx.base.kind === "found" ? ctx.base.ref : "main"} -- ${dir} or re-run mlgov archive`
      }
    )
  ];
}
function writeOnceFindings(ctx, policy, facts, places) {
  const findings = [];
  for (const [path, sha] of Object.entries(facts.baseFiles)) {
    if (path === places.logPath) continue;
    const now = facts.headFiles[path];
    const fix = `restore it: git checkout ${baseRefOf(ctx)} -- ${path}`;
    if (now === void 0) {
      if (facts.unreadable?.[path] !== void 0) continue;
      findings.push(
        error(
          "EVIDENCE_DELETED",
          `${path} exists on the base but was deleted; archived evidence is kept for ${policy.evidence.retentionYears} years and never removed`,
          { file: path, fix }
        )
      );
    } else if (now !== sha) {
      findings.push(
        error(
          "EVIDENCE_MODIFIED",
          `${path} differs from the base (sha256 ${now}, base ${sha}); archived evidence is write-once`,
          { file: path, fix }
        )
      );
    }
  }
  return { findings, changed: findings.length };
}
function auditLogFindings(ctx, facts, places, details) {
  const { logPath } = places;
  const findings = [];
  if (facts.headAuditLog !== void 0) {
    const v = verifyAuditLog(facts.headAuditLog);
    details.auditLogEvents = v.events.length;
    if (!v.ok) {
      findings.push(
        error("AUDIT_LOG_BROKEN", `${logPath} does not verify: ${v.break.message}`, {
          file: logPath,
          line: v.break.line,
          column: 1,
          fix: "the log is append-only: restore the original lines from the base branch and append new events only with mlgov"
        })
      );
    }
  }
  if (facts.baseAuditLog === void 0) return findings;
  if (facts.headAuditLog === void 0) {
    findings.push(
      error("AUDIT_LOG_DELETED", `${logPath} exists on the base but was deleted`, {
        file: logPath,
        fix: `restore it: git checkout ${baseRefOf(ctx)} -- ${logPath}`
      })
    );
    return findings;
  }
  const grew = findLogRewrite(facts.baseAuditLog, facts.headAuditLog);
  if (!grew.grewOnly) {
    findings.push(
      error(
        "AUDIT_LOG_REWRITTEN",
        `${logPath} line ${grew.line} differs from the base's log; the log may only grow (the base's log must be a prefix of this one)`,
        {
          file: logPath,
          line: grew.line,
          column: 1,
          fix: `restore the base's lines (git checkout ${baseRefOf(ctx)} -- ${logPath}) and append new events only with mlgov`
        }
      )
    );
  }
  return findings;
}
function expectedChecksums(bm, dir, manifestSha, reportSha) {
  const want = /* @__PURE__ */ new Map();
  for (const a of Array.isArray(bm.artifacts) ? bm.artifacts : []) {
    if (isObject(a) && typeof a.path === "string") want.set(a.path, String(a.sha256));
  }
  if (manifestSha !== void 0) want.set(`${dir}/manifest.json`, manifestSha);
  if (reportSha !== void 0) want.set(`${dir}/bias-report.json`, reportSha);
  return want;
}
function judgeChecksums(facts, sumsPath, want, fix) {
  const sums = facts.checksumRecords?.[sumsPath];
  if (sums === void 0) return [];
  const out = [];
  const parsed = parseChecksums(sums);
  for (const line of parsed.invalid) {
    out.push(
      error("ARCHIVE_CHECKSUMS_MALFORMED", `${sumsPath} line ${line} is not "<sha256 hex>  <path>"`, {
        file: sumsPath,
        line,
        fix
      })
    );
  }
  const seen = /* @__PURE__ */ new Set();
  for (const e of parsed.entries) {
    const expected = want.get(e.path);
    if (expected !== void 0 && e.sha256 !== expected) {
      out.push(
        error(
          "ARCHIVE_CHECKSUMS_MISMATCH",
          `${sumsPath} records ${e.sha256} for ${e.path}, but the base release has ${expected}`,
          { file: sumsPath, line: e.line, fix }
        )
      );
    } else if (expected === void 0 || seen.has(e.path)) {
      out.push(
        error(
          "ARCHIVE_CHECKSUMS_EXTRA",
          `${sumsPath} line ${e.line} names ${e.path}${seen.has(e.path) ? " a second time" : ", which is not a file of the archived release"}`,
          { file: sumsPath, line: e.line, fix }
        )
      );
    }
    seen.add(e.path);
  }
  for (const path of want.keys()) {
    if (!seen.has(path)) {
      out.push(
        error("ARCHIVE_CHECKSUMS_INCOMPLETE", `${sumsPath} has no line for the base release's file ${path}`, {
          file: sumsPath,
          fix
        })
      );
    }
  }
  return out;
}
function judgeEvidenceIndex(facts, dir, bm, checksums, fix) {
  const path = `${dir}/evidence.json`;
  const text = facts.evidenceRecords?.[path];
  if (text === void 0) return [];
  const doc = parseJsonDocument(path, Buffer.from(text));
  const index = doc.value;
  if (!isObject(index) || doc.problems.length > 0) {
    return [
      error("ARCHIVE_EVIDENCE_INVALID", `${path} is not a JSON object as mlgov archive writes it`, {
        file: path,
        ...doc.problems[0]?.line !== void 0 ? { line: doc.problems[0].line } : {},
        fix
      })
    ];
  }
  const out = [];
  const mismatch = (ptr, what) => out.push(error("ARCHIVE_EVIDENCE_MISMATCH", `${path} ${what}`, { ...at(doc, ptr), fix }));
  const model = isObject(index["model"]) ? index["model"] : {};
  if (model["name"] !== bm.name || model["version"] !== bm.version) {
    mismatch(
      "/model",
      `indexes ${String(model["name"])} ${String(model["version"])}, not ${String(bm.name)} ${String(bm.version)}`
    );
  }
  if (index["manifestDigest"] !== manifestDigest(bm)) {
    mismatch(
      "/manifestDigest",
      `records manifestDigest ${String(index["manifestDigest"])}; the base release has ${manifestDigest(bm)}`
    );
  }
  const fileKey = (f) => isObject(f) ? `${String(f["path"])}\0${String(f["sha256"])}` : "?";
  const wantFiles = ["manifest.json", "bias-report.json", "checksums.sha256"].filter((n) => facts.headFiles[`${dir}/${n}`] !== void 0).map((n) => `${dir}/${n}\0${facts.headFiles[`${dir}/${n}`]}`);
  if (!sameSet((Array.isArray(index["files"]) ? index["files"] : []).map(fileKey), wantFiles)) {
    mismatch("/files", `does not list the archive's files with their digests (${wantFiles.length} expected)`);
  }
  const artifacts = [...checksums].filter(([p]) => !p.startsWith(`${dir}/`)).map(([p, sha]) => `${p}\0${sha}`);
  if (!sameSet((Array.isArray(index["artifacts"]) ? index["artifacts"] : []).map(fileKey), artifacts)) {
    mismatch("/artifacts", `does not list the base release's artifacts with the digests it declared`);
  }
  return out;
}
function sameSet(a, b) {
  return a.length === b.length && new Set(a).size === a.length && b.every((x) => a.includes(x));
}
function unexpectedArchives(facts, ctx, expectedDir) {
  const logPath = `${facts.archiveDir}/${AUDIT_LOG_FILE}`;
  const neighbours = new Set(ctx.archiveNeighbours ?? []);
  const byFolder = /* @__PURE__ */ new Map();
  for (const path of Object.keys(facts.headFiles)) {
    if (path === logPath || facts.baseFiles[path] !== void 0) continue;
    if (neighbours.has(path.slice(facts.archiveDir.length + 1).split("/")[0])) continue;
    const name = path.slice(path.lastIndexOf("/") + 1);
    if (expectedDir && path === `${expectedDir}/${name}` && ARCHIVE_FILES.includes(name))
      continue;
    const parts = path.slice(facts.archiveDir.length + 1).split("/");
    const folder = `${facts.archiveDir}/${parts.slice(0, Math.min(2, parts.length - 1)).join("/")}`.replace(/\/$/, "");
    const list = byFolder.get(folder);
    if (list) list.push(path);
    else byFolder.set(folder, [path]);
  }
  const released = new Set(ctx.evidence?.baseArchivedVersions ?? []);
  const out = [];
  for (const [folder, paths] of [...byFolder].sort().slice(0, 20)) {
    const [, model, version] = folder.slice(facts.archiveDir.length).split("/");
    const never = version !== void 0 && !released.has(version) && `${facts.archiveDir}/${model}/${version}` !== expectedDir;
    out.push(
      error(
        "ARCHIVE_UNEXPECTED",
        never ? `${folder}/ is added as the archive of ${String(model)} ${version}, a release the base never had (${paths.length} file(s), e.g. ${paths[0]}); only the superseded base release ${expectedDir ? `(${expectedDir}/) ` : ""}is archived by a change` : `${paths[0]}${paths.length > 1 ? ` and ${paths.length - 1} more file(s)` : ""} added under ${folder}/ ${expectedDir ? `are not the archive of the superseded release (${expectedDir}/: ${ARCHIVE_FILES.join(", ")})` : "although this change supersedes no release"}`,
        {
          file: paths[0],
          fix: `remove ${folder}/ from this change: archives are written by mlgov archive from the production branch, never by hand`
        }
      )
    );
  }
  if (byFolder.size > 20) {
    out.push(
      error(
        "ARCHIVE_UNEXPECTED",
        `${byFolder.size - 20} more folder(s) under ${facts.archiveDir}/ add files no release archived`,
        {
          file: facts.archiveDir,
          fix: "remove them from this change"
        }
      )
    );
  }
  return out;
}
function judgeRestoration(ctx, facts, bm, primaryDir, reportSha, baseRef) {
  const out = [];
  const sumsPath = `${primaryDir}/checksums.sha256`;
  const fix = `a rollback restores an archived release unchanged: make it with ${mlgovCommand(ctx, `rollback --to ${String(bm.version)}`)} (on ${baseRef}); a changed model needs a new version`;
  const sums = facts.checksumRecords?.[sumsPath];
  if (sums !== void 0) {
    const archived = new Map(
      parseChecksums(sums).entries.filter((e) => !e.path.startsWith(`${primaryDir}/`)).map((e) => [e.path, e.sha256])
    );
    const declared = /* @__PURE__ */ new Map();
    for (const a of Array.isArray(bm.artifacts) ? bm.artifacts : [])
      if (isObject(a)) declared.set(String(a.path), a.sha256);
    const differing = [.../* @__PURE__ */ new Set([...archived.keys(), ...declared.keys()])].filter((p) => archived.get(p) !== declared.get(p)).sort();
    if (differing.length > 0) {
      out.push(
        error(
          "ARCHIVE_ROLLBACK_DIFFERS",
          `the base release ${String(bm.name)} ${String(bm.version)} is a rollback, but its artifacts are not those ${sumsPath} records (${differing.map(
            (p) => `${p}: ${String(declared.get(p) ?? "not in the release")} vs archived ${archived.get(p) ?? "none"}`
          ).join("; ")})`,
          { file: sumsPath, fix }
        )
      );
    }
  }
  const archivedReport = facts.headFiles[`${primaryDir}/bias-report.json`];
  if (archivedReport !== void 0 && reportSha !== void 0 && archivedReport !== reportSha) {
    out.push(
      error(
        "ARCHIVE_ROLLBACK_DIFFERS",
        `the base release ${String(bm.name)} ${String(bm.version)} is a rollback, but its bias report (sha256 ${reportSha}) is not ${primaryDir}/bias-report.json (sha256 ${archivedReport})`,
        { file: `${primaryDir}/bias-report.json`, fix }
      )
    );
  }
  return out;
}
var evidenceCheck = {
  id: "evidence",
  title: "superseded release archived byte-identically; archived evidence unchanged; audit log intact and only appended",
  needs: ["manifest"],
  run(ctx, policy) {
    const { findings, summary, details } = runEvidence(ctx, policy);
    return { id: "evidence", status: statusOf(findings), summary, findings, details };
  }
};

// src/checks/policy-diff.ts
var show2 = (v) => v === void 0 ? "(unset)" : typeof v === "string" ? v : JSON.stringify(v);
function dotted(ptr) {
  return ptr.slice(1).replace(/\//g, ".");
}
function numberChange(out, ptr, from, to, higherIs) {
  if (from === to) return;
  let direction;
  if (typeof from === "number" && typeof to === "number") {
    direction = to > from === (higherIs === "looser") ? "loosened" : "tightened";
  } else {
    direction = to === void 0 ? "loosened" : from === void 0 ? "tightened" : "loosened";
  }
  out.push({ pointer: ptr, what: `${dotted(ptr)} ${show2(from)} \u2192 ${show2(to)}`, direction });
}
function valueChange(out, ptr, from, to, direction = "loosened") {
  if (canonicalJson(from ?? null) === canonicalJson(to ?? null)) return;
  out.push({ pointer: ptr, what: `${dotted(ptr)} ${show2(from)} \u2192 ${show2(to)}`, direction });
}
function flagChange(out, ptr, from, to, trueIs) {
  if (from === to) return;
  const direction = to === (trueIs === "looser") ? "loosened" : "tightened";
  out.push({ pointer: ptr, what: `${dotted(ptr)} turned ${to ? "on" : "off"}`, direction });
}
function setChange(out, ptr, from, to, additionIs) {
  const added = to.filter((x) => !from.includes(x));
  const removed = from.filter((x) => !to.includes(x));
  const looser = additionIs === "looser";
  if (added.length)
    out.push({
      pointer: ptr,
      what: `${dotted(ptr)}: added ${added.join(", ")}`,
      direction: looser ? "loosened" : "tightened"
    });
  if (removed.length)
    out.push({
      pointer: ptr,
      what: `${dotted(ptr)}: removed ${removed.join(", ")}`,
      direction: looser ? "tightened" : "loosened"
    });
}
function thresholdChanges(out, base, from, to) {
  for (const metric of [.../* @__PURE__ */ new Set([...Object.keys(from), ...Object.keys(to)])].sort()) {
    const f = from[metric] ?? {};
    const t = to[metric] ?? {};
    numberChange(out, `${base}${pointer(metric, "min")}`, f.min, t.min, "stricter");
    numberChange(out, `${base}${pointer(metric, "max")}`, f.max, t.max, "looser");
  }
}
function diffPolicies(base, head) {
  const out = [];
  for (const section of SECTIONS) section(out, base, head);
  return out;
}
var modelChanges = (out, base, head) => {
  for (const k of ["manifest", "biasReport", "archiveDir"])
    valueChange(out, pointer("model", k), base.model[k], head.model[k]);
};
var modelsChanges = (out, base, head) => {
  const baseModels = base.models ?? [];
  const headModels = head.models ?? [];
  const names = [...new Set([...baseModels, ...headModels].map((m) => m.name))];
  for (const name of names) {
    const at2 = headModels.findIndex((m) => m.name === name);
    const ptr = at2 >= 0 ? pointer("models", String(at2)) : pointer("models");
    const from = baseModels.find((m) => m.name === name);
    const to = headModels[at2];
    if (canonicalJson(from ?? null) === canonicalJson(to ?? null)) continue;
    const what = !from ? `model ${name} added` : !to ? `model ${name} removed` : `model ${name} changed`;
    out.push({ pointer: ptr, what: `models: ${what}`, direction: "loosened" });
  }
};
var rosterChanges = (out, base, head) => {
  const ba = base.approvals;
  const ha = head.approvals;
  const baseRoster = new Map(ba.roster.map((m) => [m.login, m.roles]));
  ha.roster.forEach((m, i) => {
    const before = baseRoster.get(m.login);
    if (!before) {
      out.push({
        pointer: pointer("approvals", "roster", i),
        what: `roster addition: ${m.login} (${m.roles.join(", ")})`,
        direction: "loosened"
      });
      return;
    }
    const beforeJira = ba.roster.find((x) => x.login === m.login)?.jira;
    if (beforeJira !== m.jira) {
      out.push({
        pointer: pointer("approvals", "roster", i, "jira"),
        what: `Jira identity of ${m.login}: ${show2(beforeJira)} \u2192 ${show2(m.jira)}`,
        direction: "loosened"
      });
    }
    const gained = m.roles.filter((r) => !before.includes(r));
    const lost = before.filter((r) => !m.roles.includes(r));
    if (gained.length)
      out.push({
        pointer: pointer("approvals", "roster", i, "roles"),
        what: `new role for ${m.login}: ${gained.join(", ")}`,
        direction: "loosened"
      });
    if (lost.length)
      out.push({
        pointer: pointer("approvals", "roster", i, "roles"),
        what: `role removed from ${m.login}: ${lost.join(", ")}`,
        direction: "tightened"
      });
  });
  for (const m of ba.roster) {
    if (!ha.roster.some((x) => x.login === m.login)) {
      out.push({ pointer: pointer("approvals", "roster"), what: `roster removal: ${m.login}`, direction: "tightened" });
    }
  }
};
var requiredRoleChanges = (out, base, head) => {
  const counts = (req) => {
    const m = /* @__PURE__ */ new Map();
    for (const r of req) m.set(r.role, (m.get(r.role) ?? 0) + r.count);
    return m;
  };
  const bc = counts(base.approvals.required);
  const hc = counts(head.approvals.required);
  for (const role of [.../* @__PURE__ */ new Set([...bc.keys(), ...hc.keys()])].sort()) {
    const f = bc.get(role) ?? 0;
    const t = hc.get(role) ?? 0;
    if (f === t) continue;
    const idx = head.approvals.required.findIndex((r) => r.role === role);
    const ptr = idx >= 0 ? pointer("approvals", "required", idx, "count") : pointer("approvals", "required");
    const what = t === 0 ? `required role removed: ${role} (was ${f})` : f === 0 ? `required role added: ${role} \xD7 ${t}` : `required ${role} count ${f} \u2192 ${t}`;
    out.push({ pointer: ptr, what, direction: t < f ? "loosened" : "tightened" });
  }
};
var approvalRuleChanges = (out, base, head) => {
  const ba = base.approvals;
  const ha = head.approvals;
  flagChange(out, pointer("approvals", "separationOfDuties"), ba.separationOfDuties, ha.separationOfDuties, "stricter");
  numberChange(out, pointer("approvals", "maxAgeDays"), ba.maxAgeDays, ha.maxAgeDays, "looser");
  valueChange(out, pointer("approvals", "source"), ba.source, ha.source);
  const corroborates = (p) => p.approvals.corroborate === "github-review";
  flagChange(out, pointer("approvals", "corroborate"), corroborates(base), corroborates(head), "stricter");
};
var biasChanges = (out, base, head) => {
  const bb = base.bias;
  const hb = head.bias;
  numberChange(out, pointer("bias", "minGroupSize"), bb.minGroupSize, hb.minGroupSize, "looser");
  numberChange(out, pointer("bias", "minEvents"), bb.minEvents, hb.minEvents, "looser");
  numberChange(out, pointer("bias", "maxExcludedShare"), bb.maxExcludedShare, hb.maxExcludedShare, "looser");
  valueChange(out, pointer("bias", "favorableLabel"), bb.favorableLabel, hb.favorableLabel);
  setChange(out, pointer("bias", "requiredAttributes"), bb.requiredAttributes, hb.requiredAttributes, "stricter");
  thresholdChanges(
    out,
    pointer("bias", "thresholds"),
    bb.thresholds,
    hb.thresholds
  );
  valueChange(out, pointer("bias", "reviewerRole"), bb.reviewerRole, hb.reviewerRole);
};
var promotionChanges = (out, base, head) => {
  thresholdChanges(out, pointer("performance", "thresholds"), base.performance.thresholds, head.performance.thresholds);
  const bp = base.promotion;
  const hp = head.promotion;
  numberChange(out, pointer("promotion", "minImprovementPct"), bp.minImprovementPct, hp.minImprovementPct, "stricter");
  numberChange(out, pointer("promotion", "minWindows"), bp.minWindows, hp.minWindows, "stricter");
  numberChange(out, pointer("promotion", "maxMetricsAgeDays"), bp.maxMetricsAgeDays, hp.maxMetricsAgeDays, "looser");
  flagChange(
    out,
    pointer("promotion", "allowSeasonalRegression"),
    bp.allowSeasonalRegression,
    hp.allowSeasonalRegression,
    "looser"
  );
  numberChange(out, pointer("promotion", "minReasonLength"), bp.minReasonLength, hp.minReasonLength, "stricter");
  valueChange(out, pointer("promotion", "forceRole"), bp.forceRole, hp.forceRole);
};
var jiraChanges = (out, base, head) => {
  valueChange(out, pointer("jira", "project"), base.jira.project, head.jira.project);
  setChange(out, pointer("jira", "allowedStatuses"), base.jira.allowedStatuses, head.jira.allowedStatuses, "looser");
  valueChange(out, pointer("jira", "keySources"), [...base.jira.keySources].sort(), [...head.jira.keySources].sort());
  const bs = base.jira.signOff ?? {};
  const hs = head.jira.signOff ?? {};
  for (const k of [.../* @__PURE__ */ new Set([...Object.keys(bs), ...Object.keys(hs)])].sort()) {
    const from = bs[k];
    const to = hs[k];
    valueChange(out, pointer("jira", "signOff", k), from, to, from === void 0 ? "tightened" : "loosened");
  }
};
var evidenceChanges = (out, base, head) => {
  numberChange(
    out,
    pointer("evidence", "retentionYears"),
    base.evidence.retentionYears,
    head.evidence.retentionYears,
    "stricter"
  );
};
function checksumTrust(p) {
  const t = p.s3?.trustStoredChecksums;
  return t === void 0 ? 1 : t ? 2 : 0;
}
function bucketChanges(out, from, to) {
  const ptr = pointer("s3", "buckets");
  if (from === void 0 && to === void 0) return;
  if (from === void 0 || to === void 0) {
    const direction = to === void 0 ? "loosened" : "tightened";
    out.push({ pointer: ptr, what: `s3.buckets ${show2(from)} \u2192 ${show2(to)}`, direction });
    return;
  }
  setChange(out, ptr, from, to, "looser");
}
var s3Changes = (out, base, head) => {
  const bs = base.s3 ?? {};
  const hs = head.s3 ?? {};
  valueChange(out, pointer("s3", "endpoint"), bs.endpoint, hs.endpoint);
  valueChange(out, pointer("s3", "region"), bs.region, hs.region);
  valueChange(out, pointer("s3", "forcePathStyle"), bs.forcePathStyle ?? false, hs.forcePathStyle ?? false);
  flagChange(out, pointer("s3", "allowHttp"), bs.allowHttp ?? false, hs.allowHttp ?? false, "looser");
  bucketChanges(out, bs.buckets, hs.buckets);
  const from = checksumTrust(base);
  const to = checksumTrust(head);
  if (from !== to) {
    out.push({
      pointer: pointer("s3", "trustStoredChecksums"),
      what: `s3.trustStoredChecksums ${show2(bs.trustStoredChecksums)} \u2192 ${show2(hs.trustStoredChecksums)}`,
      direction: to > from ? "loosened" : "tightened"
    });
  }
};
var SECTIONS = [
  modelChanges,
  modelsChanges,
  rosterChanges,
  requiredRoleChanges,
  approvalRuleChanges,
  biasChanges,
  promotionChanges,
  jiraChanges,
  evidenceChanges,
  s3Changes
];

// src/checks/policy.ts
var POLICY_BOARD_ROLE = "governance-board";
var FIX = "A policy change needs a governance-board review: ask a governance-board member to approve this pull request on GitHub (the gate then reports the change as approved), or move the policy change to its own PR.";
function boardApprovers(ctx, policy) {
  if (!ctx.pr) return [];
  const board = new Set(
    policy.approvals.roster.filter((m) => m.roles.includes(POLICY_BOARD_ROLE)).map((m) => loginKey(m.login))
  );
  const out = /* @__PURE__ */ new Set();
  for (const r of approvingReviewsOf(ctx.pr)) {
    if (board.has(loginKey(r.login)) && !sameLogin(r.login, ctx.pr.author)) out.add(r.login);
  }
  return [...out].sort();
}
function judgePolicy(ctx, policy) {
  const judging = ctx.policyDocument;
  const head = ctx.headPolicy;
  const details = { policySource: ctx.policySource };
  if (ctx.policySource !== "base" || !judging) {
    return {
      id: "policy",
      status: "pass",
      summary: "no base policy to compare with (judged by the working tree's or the default policy)",
      findings: [
        notice(
          "POLICY_NOT_COMPARED",
          `The policy was read from the ${ctx.policySource === "default" ? "defaults" : "working tree"}, not from a base revision, so changes to it were not checked.`,
          {
            ...head ? { file: head.file } : {}
          }
        )
      ],
      details
    };
  }
  const change = policyChange(judging, head);
  if (change === "unchanged") {
    return { id: "policy", status: "pass", summary: "policy unchanged from base", findings: [], details };
  }
  const { changes } = change;
  let findings = change.findings;
  details.changes = changes;
  const approvers = boardApprovers(ctx, policy);
  if (approvers.length > 0) {
    details.approvedBy = approvers;
    findings = findings.map(({ fix: _fix, ...f }) => ({
      ...f,
      severity: "notice",
      code: "POLICY_CHANGE_APPROVED",
      message: `${f.message} Approved on the head commit by ${POLICY_BOARD_ROLE} ${approvers.join(", ")}.`
    }));
  }
  const status = statusOf(findings);
  const loosenedCount = changes.filter((c) => c.direction === "loosened").length;
  const summary = approvers.length ? `policy changed (${changes.length} change(s)); approved by ${approvers.join(", ")}` : status === "fail" ? `policy loosened (${loosenedCount || "unreadable or deleted"}${loosenedCount ? " change(s)" : ""}): needs board review` : "policy tightened: needs board review";
  return { id: "policy", status, summary, findings, details };
}
function policyChange(judging, head) {
  if (!head) {
    const f2 = error(
      "POLICY_CHANGED",
      `This pull request deletes the governance policy ${judging.file}; the gate would fall back to the defaults.`,
      { file: judging.file, fix: FIX }
    );
    return { changes: diffPolicies(withDefaults(judging.value), withDefaults(void 0)), findings: [f2] };
  }
  if (head.value === void 0 || !isSchemaValid("policy", head.value)) {
    const f2 = error(
      "POLICY_CHANGED",
      `The pull request's policy ${head.file} cannot be read or is not a valid policy (see the schema check), so its changes cannot be reviewed.`,
      { file: head.file, fix: "Fix the policy file; " + FIX }
    );
    return { changes: [], findings: [f2] };
  }
  if (canonicalJson(head.value) === canonicalJson(judging.value ?? null)) return "unchanged";
  const changes = diffPolicies(withDefaults(judging.value), withDefaults(head.value));
  const loosened = changes.filter((c) => c.direction === "loosened");
  if (loosened.length > 0) {
    const findings = loosened.map(
      (c) => error("POLICY_CHANGED", `This pull request loosens the governance policy: ${c.what}.`, {
        ...at(head, c.pointer),
        fix: FIX
      })
    );
    return { changes, findings };
  }
  const first = changes[0];
  const listed = changes.length ? changes.map((c) => c.what).join("; ") : "the text changed without changing the effective policy";
  const f = warning(
    "POLICY_CHANGED",
    `This pull request changes the governance policy (tightened; still needs board review): ${listed}.`,
    {
      ...first ? at(head, first.pointer) : { file: head.file },
      fix: FIX
    }
  );
  return { changes, findings: [f] };
}
var policyCheck = {
  id: "policy",
  title: "Policy: a pull request that changes its own gate needs a governance-board review",
  needs: [],
  run: judgePolicy
};

// src/checks/promotion-comparison.ts
var DAY_MS2 = 864e5;
function finite(v) {
  return typeof v === "number" && Number.isFinite(v) ? v : void 0;
}
function compareError(base, head) {
  const b = finite(base);
  const h = finite(head);
  const out = { worse: b !== void 0 && h !== void 0 && h > b };
  if (b !== void 0) out.base = b;
  if (h !== void 0) out.head = h;
  if (b !== void 0 && h !== void 0 && b !== 0) out.improvementPct = (b - h) / b * 100;
  return out;
}
function biasValues(report, policy) {
  const out = /* @__PURE__ */ new Map();
  if (!report || !Array.isArray(report.attributes)) return out;
  const options = recomputeOptionsOf(policy.bias);
  for (const attr of report.attributes) {
    if (!Array.isArray(attr.groups)) continue;
    const r = recomputeAttribute(attr, options);
    for (const m of BIAS_METRICS) {
      const v = r.judged[m];
      if (v?.kind === "defined") out.set(`${attr.name}\0${m}`, v.value);
    }
  }
  return out;
}
function compareReleases(input) {
  const { head, base, policy } = input;
  const hb = head.evaluation?.backtest ?? {};
  const bb = base?.evaluation?.backtest ?? {};
  const mae = compareError(bb.mae, hb.mae);
  const rmse = compareError(bb.rmse, hb.rmse);
  const candidates = ["mae", "rmse"].map((metric) => ({ metric, improvementPct: (metric === "mae" ? mae : rmse).improvementPct })).filter((c) => c.improvementPct !== void 0);
  const best = candidates.sort((a, b) => b.improvementPct - a.improvementPct)[0];
  const evaluatedAt = head.evaluation?.evaluatedAt;
  const evaluated = Date.parse(evaluatedAt ?? "");
  return {
    head: { name: head.name, version: head.version },
    ...base ? { base: { name: base.name, version: base.version } } : {},
    mae,
    rmse,
    ...best ? { best } : {},
    minImprovementPct: policy.promotion.minImprovementPct,
    windows: {
      ...finite(bb.windows) !== void 0 && base ? { base: bb.windows } : {},
      ...finite(hb.windows) !== void 0 ? { head: hb.windows } : {},
      min: policy.promotion.minWindows
    },
    seasons: compareSeasons(hb, bb, base !== void 0),
    performance: comparePerformance(head, base, policy),
    ...evaluatedAt !== void 0 ? { evaluatedAt } : {},
    ...Number.isNaN(evaluated) ? {} : { metricsAgeDays: (Date.parse(input.now) - evaluated) / DAY_MS2 },
    bias: compareBias(input.headReport, input.baseReport, policy)
  };
}
function compareSeasons(hb, bb, hasBase) {
  const seasonNames = [.../* @__PURE__ */ new Set([...Object.keys(bb.seasons ?? {}), ...Object.keys(hb.seasons ?? {})])].sort();
  if (!hasBase) {
    return seasonNames.map((season) => ({
      season,
      mae: compareError(void 0, hb.seasons?.[season]?.mae),
      rmse: compareError(void 0, hb.seasons?.[season]?.rmse),
      missingInHead: false,
      regressed: false
    }));
  }
  return seasonNames.map((season) => {
    const b = bb.seasons?.[season];
    const h = hb.seasons?.[season];
    const sMae = compareError(b?.mae, h?.mae);
    const sRmse = compareError(b?.rmse, h?.rmse);
    const lost = (bv, hv) => finite(bv) !== void 0 && finite(hv) === void 0;
    const missingInHead = b !== void 0 && (h === void 0 || lost(b.mae, h.mae) || lost(b.rmse, h.rmse));
    return { season, mae: sMae, rmse: sRmse, missingInHead, regressed: missingInHead || sMae.worse || sRmse.worse };
  });
}
function comparePerformance(head, base, policy) {
  const thresholds = policy.performance.thresholds;
  const metricNames = [
    .../* @__PURE__ */ new Set([
      ...Object.keys(thresholds),
      ...Object.keys(head.evaluation?.metrics ?? {}),
      ...Object.keys(base?.evaluation?.metrics ?? {})
    ])
  ].sort();
  return metricNames.map((name) => {
    const h = finite(head.evaluation?.metrics?.[name]);
    const b = finite(base?.evaluation?.metrics?.[name]);
    const t = thresholds[name];
    const row = { name };
    if (b !== void 0) row.base = b;
    if (h !== void 0) row.head = h;
    if (t) {
      row.threshold = t;
      row.met = h !== void 0 && (t.min === void 0 || !belowMin(h, t.min)) && (t.max === void 0 || !aboveMax(h, t.max));
    }
    return row;
  });
}
function compareBias(headReport, baseReport, policy) {
  const headBias = biasValues(headReport, policy);
  const baseBias = biasValues(baseReport, policy);
  return [.../* @__PURE__ */ new Set([...baseBias.keys(), ...headBias.keys()])].sort().map((key) => {
    const [attribute, metric] = key.split("\0");
    const row = { attribute, metric };
    const b = baseBias.get(key);
    const h = headBias.get(key);
    if (b !== void 0) row.base = b;
    if (h !== void 0) row.head = h;
    return row;
  });
}
var BIAS_SHORT = {
  demographic_parity_difference: "DPD",
  disparate_impact_ratio: "DI ratio",
  equalized_odds_difference: "EOD",
  false_positive_rate_difference: "FPR diff",
  true_positive_rate_difference: "TPR diff"
};
function describeErrorChange(c) {
  if (c.improvementPct === void 0) return "";
  const p = Math.abs(c.improvementPct).toFixed(2);
  if (c.improvementPct > 0) return `${p} % better`;
  if (c.improvementPct < 0) return `${p} % worse`;
  return "same";
}
function delta(base, head) {
  if (base === void 0 || head === void 0) return "";
  const d = Math.round((head - base) * 1e4) / 1e4;
  return d === 0 ? "same" : `${d > 0 ? "+" : ""}${d}`;
}
function thresholdText(t) {
  if (!t) return "";
  return [t.min !== void 0 ? `min ${t.min}` : "", t.max !== void 0 ? `max ${t.max}` : ""].filter(Boolean).join(", ");
}
function comparisonRows(c) {
  const row = (metric, production, challenger, change) => ({
    metric,
    ...production !== void 0 ? { production } : {},
    ...challenger !== void 0 ? { challenger } : {},
    change
  });
  const rows = [
    row("MAE", c.mae.base, c.mae.head, describeErrorChange(c.mae)),
    row("RMSE", c.rmse.base, c.rmse.head, describeErrorChange(c.rmse)),
    row(
      "windows",
      c.windows.base,
      c.windows.head,
      `min ${c.windows.min}${c.windows.head !== void 0 && c.windows.head < c.windows.min ? " \u2717" : ""}`
    )
  ];
  for (const s of c.seasons) {
    const flag = s.regressed ? " \u2717 regression" : "";
    rows.push(
      row(
        `${s.season} MAE`,
        s.mae.base,
        s.mae.head,
        describeErrorChange(s.mae) + (s.mae.worse || s.missingInHead ? flag : "")
      )
    );
    rows.push(
      row(`${s.season} RMSE`, s.rmse.base, s.rmse.head, describeErrorChange(s.rmse) + (s.rmse.worse ? flag : ""))
    );
  }
  for (const p of c.performance) {
    const t = thresholdText(p.threshold);
    const mark = p.met === void 0 ? "" : p.met ? " \u2713" : " \u2717";
    rows.push(row(p.name, p.base, p.head, [delta(p.base, p.head), t ? `(${t})${mark}` : ""].filter(Boolean).join(" ")));
  }
  for (const b of c.bias)
    rows.push(row(`bias ${b.attribute} ${BIAS_SHORT[b.metric] ?? b.metric}`, b.base, b.head, delta(b.base, b.head)));
  return rows;
}

// src/checks/promotion.ts
var pct = (v) => `${(Math.round(v * 100) / 100).toFixed(2)} %`;
function describeError(name, c) {
  if (c.improvementPct === void 0) return `${name} ${c.base ?? "?"} \u2192 ${c.head ?? "?"}`;
  const word = c.improvementPct >= 0 ? "improved" : "worsened";
  return `${name} ${word} ${pct(Math.abs(c.improvementPct))} (${c.base} \u2192 ${c.head})`;
}
function reasonLength(m) {
  return typeof m.release?.reason === "string" ? visibleLength(m.release.reason) : 0;
}
function metricGates(doc, m, policy, c, first) {
  return [
    // An initial release has no production release to improve on or regress from.
    ...first ? [] : improvementGate(doc, policy, c),
    ...first || policy.promotion.allowSeasonalRegression ? [] : seasonalGates(doc, c),
    ...windowsGate(doc, c),
    ...freshnessGate(doc, policy, c),
    ...reasonGate(doc, m, policy),
    ...performanceGates(doc, c)
  ];
}
function improvementGate(doc, policy, c) {
  const p = policy.promotion;
  if (c.mae.improvementPct === void 0 && c.rmse.improvementPct === void 0) {
    return [
      error(
        "PROMOTION_METRICS_MISSING",
        `MAE and RMSE cannot be compared with ${c.base?.version ?? "the base"}: ${describeError("MAE", c.mae)}, ${describeError("RMSE", c.rmse)}.`,
        {
          ...at(doc, "/evaluation/backtest"),
          fix: "Record evaluation.backtest.mae and .rmse from the backtest in the manifest."
        }
      )
    ];
  }
  if (c.best && !belowMin(c.best.improvementPct, p.minImprovementPct)) return [];
  return [
    error(
      "PROMOTION_INSUFFICIENT_IMPROVEMENT",
      `Against production ${c.base?.version}: ${describeError("MAE", c.mae)}, ${describeError("RMSE", c.rmse)}; MAE or RMSE must improve by at least ${p.minImprovementPct} %.`,
      {
        ...at(doc, pointer("evaluation", "backtest", c.best?.metric ?? "mae")),
        fix: `Keep production ${c.base?.version}, or improve the model until MAE or RMSE is ${p.minImprovementPct} % better (or force with a justified ${p.forceRole} approval).`
      }
    )
  ];
}
function seasonalGates(doc, c) {
  return c.seasons.filter((x) => x.regressed).map((s) => {
    const which = s.missingInHead ? "was evaluated on production (MAE and RMSE) but not, or not fully, on the challenger" : [s.mae.worse ? describeError("MAE", s.mae) : "", s.rmse.worse ? describeError("RMSE", s.rmse) : ""].filter(Boolean).join(", ");
    return error(
      "PROMOTION_SEASONAL_REGRESSION",
      `Season "${s.season}" ${s.missingInHead ? which : `regressed: ${which}`}.`,
      {
        ...at(
          doc,
          pointer(
            "evaluation",
            "backtest",
            "seasons",
            s.season,
            ...s.missingInHead ? [] : [s.mae.worse ? "mae" : "rmse"]
          )
        ),
        fix: "Fix the seasonal regression, or have the board allow it (promotion.allowSeasonalRegression) through a reviewed policy change."
      }
    );
  });
}
function windowsGate(doc, c) {
  if (c.windows.head !== void 0 && !(c.windows.head < c.windows.min)) return [];
  return [
    error(
      "PROMOTION_TOO_FEW_WINDOWS",
      `The backtest covers ${c.windows.head ?? "no"} window(s); the policy asks at least ${c.windows.min}.`,
      { ...at(doc, "/evaluation/backtest/windows"), fix: `Backtest over at least ${c.windows.min} windows.` }
    )
  ];
}
function freshnessGate(doc, policy, c) {
  if (c.metricsAgeDays === void 0) {
    return [
      error("PROMOTION_METRICS_DATE_INVALID", `evaluation.evaluatedAt "${c.evaluatedAt ?? ""}" is not a date-time.`, {
        ...at(doc, "/evaluation/evaluatedAt"),
        fix: "Record when the evaluation ran, as ISO 8601."
      })
    ];
  }
  if (!(c.metricsAgeDays > policy.promotion.maxMetricsAgeDays)) return [];
  return [
    error(
      "PROMOTION_METRICS_STALE",
      `The evaluation metrics are ${Math.floor(c.metricsAgeDays)} days old (evaluatedAt ${c.evaluatedAt}); the policy accepts at most ${policy.promotion.maxMetricsAgeDays} days.`,
      {
        ...at(doc, "/evaluation/evaluatedAt"),
        fix: "Re-run the evaluation and backtest on the current model and data."
      }
    )
  ];
}
function reasonGate(doc, m, policy) {
  const min = policy.promotion.minReasonLength;
  if (!(reasonLength(m) < min)) return [];
  return [
    error(
      "PROMOTION_REASON_TOO_SHORT",
      `release.reason "${m.release?.reason ?? ""}" is ${reasonLength(m)} characters; the policy asks at least ${min}.`,
      {
        ...at(doc, "/release/reason"),
        fix: `Say why this release should replace production, in at least ${min} characters.`
      }
    )
  ];
}
function performanceGates(doc, c) {
  return c.performance.filter((row) => row.met === false).map(
    (row) => error(
      "PERFORMANCE_THRESHOLD_NOT_MET",
      `evaluation.metrics.${row.name} is ${row.head ?? "missing"}; the policy asks ${describeThreshold(row.threshold)}.`,
      {
        ...at(doc, pointer("evaluation", "metrics", row.name)),
        fix: `Improve ${row.name} to meet ${describeThreshold(row.threshold)} before promoting.`
      }
    )
  );
}
function judgeRollback(ctx, doc, m, derived, policy) {
  const out = [];
  for (const p of derived.archive.problems) {
    out.push(
      error(
        "ROLLBACK_ARCHIVE_INVALID",
        `Rollback to ${m.version}: the base's archive ${derived.archive.dir}/ does not prove what it holds: ${p.message}.`,
        {
          file: p.file,
          fix: "a rollback restores a release archived by mlgov archive on the production branch; repair that archive there first"
        }
      )
    );
  }
  if (derived.logging.kind === "missing") {
    out.push(
      error(
        "ROLLBACK_NOT_LOGGED",
        `Rollback to ${m.version}: a rollback is always allowed but logged, and ${derived.logging.why}.`,
        {
          ...at(doc, "/release/type"),
          fix: `make the rollback with ${mlgovCommand(ctx, `rollback --to ${m.version}`)} --reason "..." and commit ${derived.logging.file} with it`
        }
      )
    );
  }
  if (reasonLength(m) < policy.promotion.minReasonLength) {
    out.push(
      error(
        "ROLLBACK_REASON_TOO_SHORT",
        `A rollback needs a reason of at least ${policy.promotion.minReasonLength} characters; release.reason "${m.release?.reason ?? ""}" has ${reasonLength(m)}.`,
        { ...at(doc, "/release/reason"), fix: "Say why production is rolled back (the incident, the ticket)." }
      )
    );
  }
  out.push(
    notice(
      "PROMOTION_ROLLBACK",
      `Rollback to archived release ${m.version} (${derived.archive.dir}/ on the base): the metric gates are skipped (a rollback is always allowed).`,
      { ...at(doc, "/release/type") }
    )
  );
  return out;
}
var KIND_WORDS = {
  initial: "an initial release",
  promotion: "a promotion",
  rollback: "a rollback"
};
var EXPECTED_TYPE = {
  initial: "initial",
  promotion: "promotion",
  rollback: "rollback"
};
function declaredTypeFindings(doc, m, derived) {
  if (derived.kind === "unchanged" || derived.kind === "indeterminate") return [];
  const declared = m.release?.type;
  const want = EXPECTED_TYPE[derived.kind];
  if (declared === want) return [];
  return [
    error(
      "RELEASE_TYPE_MISMATCH",
      `release.type is "${String(declared)}", but this release is ${KIND_WORDS[derived.kind]}: ${derived.why}. The gates of ${KIND_WORDS[derived.kind]} apply.`,
      {
        ...at(doc, "/release/type"),
        fix: derived.kind === "rollback" ? 'Set release.type to "rollback" (mlgov rollback writes it).' : declared === "rollback" ? "A rollback restores a release archived on the production branch unchanged: use mlgov rollback --to <archived version>, or declare a promotion and meet its gates." : `Set release.type to "${want}"; what a release is follows from the production branch, not from this field.`
      }
    )
  ];
}
function result(findings, details, summary) {
  return { id: "promotion", status: statusOf(findings), summary, findings, details: { ...details } };
}
function judgePromotion(ctx, policy) {
  const doc = ctx.manifest;
  const m = doc.value;
  const details = { forced: false };
  if (!m) {
    const f = indeterminate(
      "PROMOTION_MANIFEST_UNREADABLE",
      `${doc.file} could not be read, so the promotion was not judged.`,
      {
        file: doc.file,
        fix: `Make ${doc.file} parse (the schema check names the line and column), then re-run the gate.`
      }
    );
    return result([f], details, "manifest unreadable: not judged");
  }
  const derived = deriveReleaseKind(ctx, policy);
  details.declaredType = m.release?.type;
  details.derivation = derived.why;
  if (derived.kind !== "indeterminate") details.releaseType = derived.kind;
  const typeFindings = declaredTypeFindings(doc, m, derived);
  return judgeWithoutComparison(ctx, policy, m, derived, typeFindings, details) ?? judgeAgainstProduction(ctx, policy, m, derived, typeFindings, details);
}
function judgeWithoutComparison(ctx, policy, m, derived, typeFindings, details) {
  const doc = ctx.manifest;
  if (derived.kind === "unchanged") {
    details.comparisonSkipped = "unchanged";
    const f = notice("PROMOTION_UNCHANGED", `Release ${m.version} is unchanged from base; nothing to promote.`, {
      ...at(doc, "/version")
    });
    return result([f], details, "release unchanged from base; nothing to promote");
  }
  if (derived.kind === "rollback") {
    details.comparisonSkipped = "rollback";
    const findings = [...typeFindings, ...judgeRollback(ctx, doc, m, derived, policy)];
    return result(
      findings,
      details,
      statusOf(findings) === "pass" ? `rollback to archived ${m.version}` : `rollback to ${m.version} not allowed`
    );
  }
  if (ctx.base.kind === "unavailable") {
    const f = indeterminate(
      "PROMOTION_BASE_UNAVAILABLE",
      `The production release at ${ctx.base.ref} could not be read (${ctx.base.reason}); the challenger cannot be compared.`,
      {
        file: doc.file,
        fix: ctx.base.fix
      }
    );
    return result([f], details, "base unavailable: not judged");
  }
  if (derived.kind === "indeterminate") {
    const f = indeterminate(
      "RELEASE_KIND_UNKNOWN",
      `What this release is (initial, promotion or rollback) cannot be derived: ${derived.why}.`,
      { ...at(doc, "/release/type"), fix: derived.fix }
    );
    return result([f], details, "release kind unknown: not judged");
  }
  return void 0;
}
function judgeAgainstProduction(ctx, policy, m, derived, typeFindings, details) {
  const doc = ctx.manifest;
  const base = ctx.base;
  const baseManifest = base.kind === "found" ? base.manifest?.value : void 0;
  const first = derived.kind === "initial";
  const comparison = compareReleases({
    head: m,
    policy,
    now: ctx.now,
    ...first || !baseManifest ? {} : { base: baseManifest },
    ...ctx.biasReport?.value ? { headReport: ctx.biasReport.value } : {},
    ...!first && base.kind === "found" && base.biasReport?.value ? { baseReport: base.biasReport.value } : {}
  });
  details.comparison = comparison;
  details.rows = comparisonRows(comparison);
  const findings = [...typeFindings];
  if (first) {
    details.comparisonSkipped = "first release";
    findings.push(
      notice(
        "PROMOTION_FIRST_RELEASE",
        `Initial release ${m.version}: ${derived.why}, so there is no production release to compare with; the improvement and seasonal gates are skipped.`,
        { ...at(doc, "/release/type") }
      )
    );
  }
  let gates = metricGates(doc, m, policy, comparison, first);
  if (m.release?.force) findings.push(...judgeForce(ctx, policy, m, m.release.force, gates.length, details));
  if (details.forced) gates = gates.map((g) => ({ ...g, severity: "warning", message: `Forced past: ${g.message}` }));
  findings.push(...gates);
  return result(findings, details, promotionSummary(findings, gates, typeFindings, comparison, first, details.forced));
}
function judgeForce(ctx, policy, m, force, failingGates, details) {
  const doc = ctx.manifest;
  const findings = [];
  const ledger = buildApprovalLedger(ctx, policy);
  const holders = countedHoldersOf(ledger, policy, policy.promotion.forceRole);
  details.forceApprovers = holders;
  const justification = typeof force.justification === "string" ? visibleText(force.justification) : "";
  const justificationLength = [...justification].length;
  const authorized = force.by ? holders.some((h) => sameLogin(h, force.by)) : holders.length > 0;
  if (justificationLength < policy.promotion.minReasonLength) {
    findings.push(
      error(
        "FORCE_JUSTIFICATION_TOO_SHORT",
        `A forced promotion needs a justification of at least ${policy.promotion.minReasonLength} characters; it has ${justificationLength} visible.`,
        { ...at(doc, "/release/force/justification"), fix: "Explain why the promotion gates are overridden." }
      )
    );
  }
  if (!authorized) {
    findings.push(
      error(
        "FORCE_NOT_AUTHORIZED",
        `release.force${force.by ? ` (by ${force.by})` : ""} needs a counted approval of this manifest by a holder of ${policy.promotion.forceRole}; ${holders.length ? `counted holders: ${holders.join(", ")}` : "there is none"}.`,
        {
          ...at(doc, "/release/force"),
          fix: `Ask a ${policy.promotion.forceRole} (${policy.approvals.roster.filter((r) => r.roles.includes(policy.promotion.forceRole)).map((r) => r.login).join(", ") || "see the roster"}) to approve this manifest, or remove release.force.`
        }
      )
    );
  }
  if (findings.length > 0) return findings;
  details.forced = true;
  findings.push(
    warning(
      "FORCED_PROMOTION",
      `FORCED PROMOTION of ${m.version} by ${force.by ?? holders.join(", ")} (approved by ${policy.promotion.forceRole} ${holders.join(", ")}): "${justification}". ${failingGates} failing gate(s) downgraded to warnings.`,
      { ...at(doc, "/release/force") }
    )
  );
  return findings;
}
function promotionSummary(findings, gates, typeFindings, comparison, first, forced) {
  const status = statusOf(findings);
  const improvement = comparison.best ? `${comparison.best.metric.toUpperCase()} ${pct(comparison.best.improvementPct)} better` : "";
  const failing = gates.length + typeFindings.length;
  if (forced)
    return `FORCED: ${gates.length} failing gate(s) overridden${typeFindings.length ? ", release.type disagrees with the base" : ""}`;
  if (first)
    return status === "fail" ? `first release: ${failing} gate(s) failing` : "first release: no production release to compare with";
  return status === "fail" ? `${failing + findings.filter((f) => f.code.startsWith("FORCE_")).length} promotion gate(s) failing against ${comparison.base?.version}` : `${improvement} than production ${comparison.base?.version}`;
}
var promotionCheck = {
  id: "promotion",
  title: "Promotion: the challenger beats production on fresh metrics, or is a justified force or rollback",
  needs: ["manifest"],
  run: judgePromotion
};

// src/checks/provenance.ts
var import_semver = __toESM(require_semver(), 1);
var CLOCK_SKEW_MS = 5 * 60 * 1e3;
function commitFindings(ctx, m) {
  const commit = m.provenance.code.commit;
  const where = at(ctx.manifest, "/provenance/code/commit");
  if (!ctx.git.isRepository) {
    return [
      indeterminate(
        "NOT_A_GIT_REPOSITORY",
        `The code commit ${commit} cannot be verified: the working directory is not a git repository.`,
        {
          ...where,
          fix: "Run mlgov inside a clone of the repository (actions/checkout in CI)."
        }
      )
    ];
  }
  const exists = ctx.git.commitExists[commit];
  if (exists === true) return [];
  if (exists === false) {
    return [
      error("COMMIT_NOT_FOUND", `provenance.code.commit ${commit} does not exist in this repository.`, {
        ...where,
        fix: "Record the commit the model was trained from. In CI, fetch the full history (actions/checkout with fetch-depth: 0): a shallow clone does not contain older commits."
      })
    ];
  }
  return [
    indeterminate("COMMIT_NOT_CHECKED", `Whether provenance.code.commit ${commit} exists was not determined.`, {
      ...where,
      fix: "Run the gate again; if this persists, report it as an mlgov bug."
    })
  ];
}
function timelineFindings(ctx, m) {
  const report = ctx.biasReport?.value;
  const moments = [
    {
      name: "provenance.training.startedAt",
      value: m.provenance.training.startedAt,
      doc: ctx.manifest,
      ptr: "/provenance/training/startedAt"
    },
    {
      name: "provenance.training.finishedAt",
      value: m.provenance.training.finishedAt,
      doc: ctx.manifest,
      ptr: "/provenance/training/finishedAt"
    },
    {
      name: "evaluation.evaluatedAt",
      value: m.evaluation.evaluatedAt,
      doc: ctx.manifest,
      ptr: "/evaluation/evaluatedAt"
    }
  ];
  if (ctx.biasReport && typeof report?.generatedAt === "string") {
    moments.push({
      name: "the bias report generatedAt",
      value: report.generatedAt,
      doc: ctx.biasReport,
      ptr: "/generatedAt"
    });
  }
  const findings = [];
  let previous;
  for (const moment of moments) {
    const time = Date.parse(moment.value);
    if (Number.isNaN(time)) {
      findings.push(
        error("TIMESTAMP_INVALID", `${moment.name} "${moment.value}" is not a valid date-time.`, {
          ...at(moment.doc, moment.ptr),
          fix: "Write an RFC 3339 date-time with a time zone, e.g. 2026-10-31T03:10:00Z."
        })
      );
      continue;
    }
    if (previous && time < previous.time) {
      findings.push(
        error(
          "TIMESTAMP_ORDER",
          `${moment.name} ${moment.value} is before ${previous.moment.name} ${previous.moment.value}; the release timeline must run training start \u2264 training end \u2264 evaluation \u2264 bias report \u2264 now.`,
          {
            ...at(moment.doc, moment.ptr),
            fix: "Correct the timestamps to when each step really happened (re-run the step if it was done out of order)."
          }
        )
      );
    }
    previous = { moment, time };
  }
  const now = Date.parse(ctx.now);
  if (previous && previous.time > now + CLOCK_SKEW_MS) {
    findings.push(
      error(
        "TIMESTAMP_ORDER",
        `${previous.moment.name} ${previous.moment.value} is after now (${ctx.now}): it lies in the future.`,
        {
          ...at(previous.moment.doc, previous.moment.ptr),
          fix: "Correct the timestamp (a clock that runs ahead on the training or reporting machine is a common cause)."
        }
      )
    );
  }
  return findings;
}
function dataFindings(ctx, m) {
  const findings = [];
  const data = m.provenance.data;
  const snapshot = data?.featureStoreSnapshot;
  if (typeof snapshot !== "string" || snapshot.trim() === "") {
    findings.push(
      error(
        "DATA_SNAPSHOT_MISSING",
        "provenance.data.featureStoreSnapshot is not declared: the training data cannot be traced.",
        {
          ...at(ctx.manifest, "/provenance/data/featureStoreSnapshot"),
          fix: 'Name the feature-store snapshot the model was trained on (e.g. "fs-2026-10-01").'
        }
      )
    );
  }
  const window = data?.window;
  if (window && typeof window.from === "string" && typeof window.to === "string") {
    const from = Date.parse(window.from);
    const to = Date.parse(window.to);
    if (!Number.isNaN(from) && !Number.isNaN(to) && from > to) {
      findings.push(
        error("DATA_WINDOW_ORDER", `provenance.data.window.from ${window.from} is after window.to ${window.to}.`, {
          ...at(ctx.manifest, "/provenance/data/window/to"),
          fix: "Write the training data window as from \u2264 to."
        })
      );
    }
  }
  return findings;
}
function featureSchemaFindings(ctx, m) {
  if (ctx.base.kind !== "found") return [];
  const base = ctx.base.manifest?.value;
  if (!base || base.name !== m.name) return [];
  const before = base.provenance?.featureSchemaVersion;
  const after = m.provenance.featureSchemaVersion;
  if (before === void 0 || before === after) return [];
  const head = import_semver.default.valid(m.version);
  const prior = import_semver.default.valid(base.version);
  if (!head || !prior) return [];
  if (import_semver.default.major(head) > import_semver.default.major(prior)) return [];
  return [
    error(
      "FEATURE_SCHEMA_CHANGE_WITHOUT_MAJOR",
      `provenance.featureSchemaVersion changed from "${before}" (base ${base.version}) to "${after}", but version ${m.version} is not a new major version.`,
      {
        ...at(ctx.manifest, "/provenance/featureSchemaVersion"),
        fix: `Bump the major version (e.g. ${import_semver.default.major(prior) + 1}.0.0): consumers must rebuild their features for the new schema.`
      }
    )
  ];
}
function runProvenance(ctx) {
  const m = ctx.manifest.value;
  const findings = [
    ...commitFindings(ctx, m),
    ...timelineFindings(ctx, m),
    ...dataFindings(ctx, m),
    ...featureSchemaFindings(ctx, m)
  ];
  const summary = findings.length ? `${findings.length} provenance problem(s)` : `trained from ${m.provenance.code.commit.slice(0, 12)} on ${m.provenance.data.featureStoreSnapshot}; timeline ordered`;
  return { id: "provenance", status: statusOf(findings), summary, findings };
}
var provenanceCheck = {
  id: "provenance",
  title: "Code commit, data snapshot and timeline are traceable and consistent",
  needs: ["manifest"],
  run: (ctx) => runProvenance(ctx)
};

// src/checks/schema.ts
var schemaCheck = {
  id: "schema",
  title: "Manifest, bias report and policy parse and match their schemas",
  needs: [],
  run: runSchemaCheck
};
function runSchemaCheck(ctx, policy) {
  const findings = [];
  const documents = [];
  const toCheck = [{ doc: ctx.manifest, kind: "manifest", role: "manifest", judging: false }];
  if (ctx.biasReport) {
    toCheck.push({ doc: ctx.biasReport, kind: "biasReport", role: "biasReport", judging: false });
  } else {
    const path = policy.model.biasReport;
    findings.push(
      error("FILE_NOT_FOUND", `The bias report ${path} does not exist.`, {
        file: path,
        fix: `Commit the bias report of this release at ${path} (or set model.biasReport in the policy to where it is).`
      })
    );
    documents.push({ file: path, role: "biasReport", valid: false, errors: 1 });
  }
  const judgingPolicy = ctx.policyDocument;
  if (judgingPolicy) {
    toCheck.push({
      doc: judgingPolicy,
      kind: "policy",
      role: "policy",
      judging: true,
      ...ctx.policySource === "base" ? { qualifier: "base revision" } : {}
    });
  }
  const head = ctx.headPolicy;
  if (head && head !== judgingPolicy && head.sha256 !== judgingPolicy?.sha256) {
    toCheck.push({
      doc: head,
      kind: "policy",
      role: "headPolicy",
      judging: !judgingPolicy,
      ...judgingPolicy && judgingPolicy.file === head.file ? { qualifier: "this pull request's version" } : {}
    });
  }
  for (const item of toCheck) {
    const own = findingsFor(item);
    for (const f of own) findings.push(f);
    documents.push({
      file: item.doc.file,
      role: item.role,
      ...item.qualifier ? { qualifier: item.qualifier } : {},
      valid: own.length === 0,
      errors: own.length
    });
  }
  return {
    id: "schema",
    status: statusOf(findings),
    summary: summarize(documents),
    findings,
    details: { documents }
  };
}
function findingsFor(item) {
  const { doc } = item;
  const out = [];
  const mark = (f) => {
    const withQualifier = item.qualifier ? { ...f, message: `${f.message} (${item.qualifier})` } : f;
    if (!item.judging) return withQualifier;
    const { severity: _s, code, message, ...where } = withQualifier;
    return indeterminate(code, message, {
      ...where,
      fix: `${where.fix ?? "Fix the policy file."} The gate cannot judge any release until the policy that judges it is valid.`
    });
  };
  for (const p of doc.problems) out.push(mark(p));
  if (doc.problems.length > 0) return out;
  if (doc.value === void 0) {
    out.push(
      mark(
        error("DOCUMENT_UNREADABLE", `${doc.file} could not be read.`, {
          ...at(doc, ""),
          fix: `Check that ${doc.file} exists and is valid ${item.kind === "policy" ? "YAML" : "JSON"}.`
        })
      )
    );
    return out;
  }
  const errors = validateAgainstSchema(item.kind, doc.value);
  const schemaFindings = schemaErrorFindings(doc, errors);
  schemaFindings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  for (const f of schemaFindings) out.push(mark(f));
  return out;
}
function screamingSnake(keyword) {
  return keyword.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9]+/g, "_").toUpperCase();
}
function shown(value) {
  let text;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
function describedBy(schema) {
  if (schema && typeof schema === "object" && typeof schema.description === "string") {
    return schema.description;
  }
  return void 0;
}
var FORMAT_HINTS = {
  "date-time": "an RFC 3339 date-time with a time zone, e.g. 2026-11-20T10:00:00Z",
  date: "a date written YYYY-MM-DD, e.g. 2026-11-20",
  uri: "an absolute URI, e.g. https://example.com/run/1"
};
function schemaErrorFindings(doc, errors) {
  const inner = errors.filter((e) => e.propertyName !== void 0);
  const outer = errors.filter((e) => e.propertyName === void 0);
  const findings = [];
  for (const e of outer.slice(0, MAX_SCHEMA_FINDINGS)) findings.push(schemaErrorFinding(doc, e, inner));
  if (outer.length > MAX_SCHEMA_FINDINGS) {
    findings.push(
      error(
        "SCHEMA_TOO_MANY_ERRORS",
        `${doc.file} has ${outer.length} schema errors; the first ${MAX_SCHEMA_FINDINGS} are listed.`,
        { ...at(doc, ""), fix: "Fix the errors listed, then run the gate again to see the rest." }
      )
    );
  }
  return findings;
}
var MAX_SCHEMA_FINDINGS = 100;
var located = (ptr) => ptr === "" ? "the top level" : ptr;
function schemaErrorFinding(doc, e, inner) {
  const description = describedBy(e.parentSchema);
  const s = {
    doc,
    e,
    code: `SCHEMA_${screamingSnake(e.keyword)}`,
    params: e.params,
    path: e.instancePath,
    explain: description ? ` ${located(e.instancePath)}: ${description}` : ""
  };
  switch (e.keyword) {
    case "required":
      return missingPropertyFinding(s);
    case "additionalProperties":
      return unknownPropertyFinding(s);
    case "propertyNames":
      return badPropertyNameFinding(s, inner);
    default:
      return badValueFinding(s);
  }
}
function missingPropertyFinding({ doc, e, code, params, path }) {
  const name = String(params["missingProperty"]);
  const ptr = `${path}/${escapePointerToken(name)}`;
  const props = e.parentSchema?.properties;
  const memberDescription = describedBy(props?.[name]);
  return error(code, `missing required property "${name}" ${path === "" ? "at the top level" : `in ${path}`}.`, {
    ...at(doc, ptr),
    fix: `Add "${name}" ${path === "" ? "at the top level" : `to ${path}`}${memberDescription ? `: ${memberDescription}` : "."}`
  });
}
function unknownPropertyFinding({ doc, e, code, params, path }) {
  const name = String(params["additionalProperty"]);
  const ptr = `${path}/${escapePointerToken(name)}`;
  const allowed = Object.keys(
    e.parentSchema?.properties ?? {}
  );
  const guess = closestName(name, allowed);
  return error(
    code,
    `unknown property "${name}" ${path === "" ? "at the top level" : `in ${path}`}: it is not part of the format.`,
    {
      ...at(doc, ptr),
      fix: (guess ? `Did you mean "${guess}"? ` : "") + `Remove "${name}" or correct its spelling` + (allowed.length > 0 ? `; allowed here: ${allowed.join(", ")}.` : ".")
    }
  );
}
function badPropertyNameFinding({ doc, code, params, path }, inner) {
  const name = String(params["propertyName"]);
  const ptr = `${path}/${escapePointerToken(name)}`;
  const match = inner.find((i) => i.instancePath === path && i.propertyName === name);
  const allowedValues = match?.params?.allowedValues;
  const allowed = Array.isArray(allowedValues) ? allowedValues.map(String) : [];
  const guess = closestName(name, allowed);
  return error(code, `"${name}" is not an accepted name in ${located(path)}.`, {
    ...at(doc, ptr),
    fix: (guess ? `Did you mean "${guess}"? ` : "") + (allowed.length > 0 ? `Accepted names: ${allowed.join(", ")}.` : `Rename "${name}".`)
  });
}
function badValueFinding({ doc, e, code, params, path, explain }) {
  const where = at(doc, path);
  const found = shown(e.data);
  switch (e.keyword) {
    case "type":
      return error(code, `${located(path)} must be ${String(params["type"])}, found ${found}.`, {
        ...where,
        fix: `Write ${located(path)} as ${String(params["type"])}.${explain}`
      });
    case "pattern":
      return error(code, `${located(path)} must match pattern "${String(params["pattern"])}", found ${found}.`, {
        ...where,
        fix: `Correct the value of${explain || ` ${located(path)}.`}`
      });
    case "enum": {
      const allowed = (params["allowedValues"] ?? []).map(shown);
      return error(code, `${located(path)} must be one of ${allowed.join(", ")}, found ${found}.`, {
        ...where,
        fix: `Use one of ${allowed.join(", ")}.${explain}`
      });
    }
    case "const":
      return error(code, `${located(path)} must be ${shown(params["allowedValue"])}, found ${found}.`, {
        ...where,
        fix: `Set ${located(path)} to ${shown(params["allowedValue"])}.${explain}`
      });
    case "format": {
      const format = String(params["format"]);
      const hint = FORMAT_HINTS[format] ?? `a valid ${format}`;
      return error(code, `${located(path)} must be ${hint}, found ${found}.`, {
        ...where,
        fix: `Write ${located(path)} as ${hint}.${explain}`
      });
    }
    default:
      return error(
        code,
        `${located(path)} ${e.message ?? `fails the schema keyword "${e.keyword}"`}, found ${found}.`,
        {
          ...where,
          fix: `Correct ${located(path)}.${explain}`
        }
      );
  }
}
function closestName(name, allowed) {
  let best;
  for (const candidate of allowed) {
    const lower = name.toLowerCase();
    const d = candidate.toLowerCase() === lower ? 0 : lower.length >= 4 && candidate.toLowerCase().startsWith(lower) ? 1 : editDistance(name, candidate);
    if (d <= 2 && (!best || d < best.distance)) best = { name: candidate, distance: d };
  }
  return best?.name;
}
function editDistance(a, b) {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
function summarize(documents) {
  const bad = documents.filter((d) => !d.valid);
  if (bad.length === 0) return `${documents.length} document${documents.length === 1 ? "" : "s"} valid`;
  return bad.map((d, i) => {
    const noun = i === 0 ? d.errors === 1 ? "error" : "errors" : "";
    const name = d.qualifier ? `${d.file} (${d.qualifier})` : d.file;
    return `${d.errors}${noun ? ` ${noun}` : ""} in ${name}`;
  }).join(", ");
}

// src/checks/index.ts
function gateChecks() {
  return [
    schemaCheck,
    provenanceCheck,
    checksumsCheck,
    versionCheck,
    biasCheck,
    approvalsCheck,
    jiraCheck,
    evidenceCheck,
    promotionCheck,
    policyCheck
  ];
}

// src/gate/run-gate.ts
async function runGate(options) {
  const { ctx, policy } = await gatherReleaseContext(options);
  return judgeRelease(ctx, policy, {
    offline: options.offline ?? false,
    generatedAt: (options.now ?? /* @__PURE__ */ new Date()).toISOString()
  });
}
function validDocuments(ctx) {
  const fit = (doc, kind) => doc !== void 0 && doc.value !== void 0 && doc.problems.length === 0 && isSchemaValid(kind, doc.value);
  return { manifest: fit(ctx.manifest, "manifest"), biasReport: fit(ctx.biasReport, "biasReport") };
}
function notJudged(check, ctx, missing) {
  const files = missing.map(
    (k) => k === "manifest" ? ctx.manifest.file : ctx.biasReport?.file ?? "the bias report"
  );
  return {
    id: check.id,
    status: "skip",
    summary: `not judged: ${files.join(" and ")} ${files.length > 1 ? "are" : "is"} missing or invalid (see schema)`,
    findings: []
  };
}
function judgeRelease(ctx, policy, meta, checks = gateChecks()) {
  const valid = validDocuments(ctx);
  const results = checks.map((check) => {
    const missing = check.needs.filter((k) => !valid[k]);
    return missing.length > 0 ? notJudged(check, ctx, missing) : check.run(ctx, policy);
  });
  const findings = results.flatMap((r) => r.findings);
  const manifest = valid.manifest ? ctx.manifest.value : void 0;
  const baseManifest = ctx.base.kind === "found" ? ctx.base.manifest?.value : void 0;
  const forced = results.some((r) => r.id === "promotion" && r.details?.forced === true);
  return {
    tool: { name: "mlgov", version: TOOL_VERSION },
    verdict: findings.some((f) => f.severity === "error") ? "fail" : "pass",
    judged: !findings.some((f) => f.indeterminate),
    forced,
    model: {
      ...manifest ? { name: manifest.name, version: manifest.version } : {},
      ...baseManifest && typeof baseManifest.version === "string" ? { baseVersion: baseManifest.version } : {}
    },
    ...ctx.base.kind === "found" ? { base: { ref: ctx.base.ref, commit: ctx.base.commit } } : {},
    policySource: ctx.policySource,
    offline: meta.offline,
    generatedAt: meta.generatedAt,
    ...ctx.asOf ? { asOf: { at: ctx.now, reason: ctx.asOf.reason } } : {},
    checks: results
  };
}

export {
  gatherReleaseContext,
  readJudgingPolicy,
  compareReleases,
  describeErrorChange,
  thresholdText,
  comparisonRows,
  judgePromotion,
  runGate,
  validDocuments,
  judgeRelease
};
