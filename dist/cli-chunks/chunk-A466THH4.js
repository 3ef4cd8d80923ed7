import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  gatherTicketFacts
} from "./chunk-TUENCGN3.js";
import {
  bucketAllowed,
  findUnlistedFiles,
  modelFolders,
  observeFiles
} from "./chunk-CKS5CWCC.js";
import {
  deriveReleaseKind
} from "./chunk-LYFXWYPW.js";
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
  countPredictions,
  describeThreshold,
  recomputeAttribute,
  recomputeOptionsOf,
  sortedGroups,
  visibleLength,
  visibleText
} from "./chunk-HATRADPJ.js";
import {
  aboveMax,
  belowMin
} from "./chunk-KTM7YKZB.js";
import {
  changesRequestedOf,
  loginKey,
  sameLogin,
  standingReviewsOf
} from "./chunk-Z2455ISO.js";
import {
  readReleaseAt
} from "./chunk-UIZAA7ZY.js";
import {
  GitReadError,
  openGitRepository,
  resolveBaseRevision,
  verifyAuditLog
} from "./chunk-V25SIWVS.js";
import {
  isS3Url,
  parseS3Url
} from "./chunk-XT4WT7IS.js";
import {
  AUDIT_LOG_FILE,
  DEFAULT_POLICY_PATH,
  at,
  biasReportOf,
  error,
  governedModels,
  indeterminate,
  judgedModels,
  listsModels,
  manifest_schema_default,
  notice,
  parseJsonDocument,
  parseYamlDocument,
  pointer,
  policyOrDefaults,
  readPolicyDocument,
  selectModel,
  warning
} from "./chunk-IE4Q3DSN.js";
import {
  isSafeRelativePath,
  manifestDigest,
  readRepositoryBytes,
  readRepositoryFile,
  reportDigest,
  sha256Hex
} from "./chunk-E5PVBAA3.js";

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
      w.notRegular[path] = st.isFIFO() ? "a FIFO" : st.isSocket() ? "a socket" : "a device or other special file";
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
  const archiveDir = args.archiveDir.replace(/\/+$/, "");
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
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
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
var isObject2 = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
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
  const m = isObject2(manifest.value) ? manifest.value : void 0;
  const declaredReportPath = isObject2(m?.biasReport) ? m.biasReport.path : void 0;
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
  const allPaths = artifacts.map((a) => isObject2(a) && typeof a.path === "string" ? a.path : "").filter(Boolean);
  const objects = objectPaths(allPaths);
  const artifactPaths = allPaths.filter((p) => !objects.includes(p));
  const expected = {};
  for (const a of artifacts) {
    if (isObject2(a) && typeof a.path === "string") expected[a.path] = { sha256: a.sha256, size: a.size };
  }
  const observed = await observeFiles(root, [.../* @__PURE__ */ new Set([...artifactPaths, observedReportPath])], {
    expected,
    ...options.onHashProgress ? { onProgress: options.onHashProgress } : {},
    ...options.failFast ? { failFast: true } : {},
    ...options.rehash ? { rehash: true } : {},
    ...options.hashCache ? { hashCache: true } : {}
  });
  const sources = isObject2(m?.evaluation?.source) ? Object.values(m.evaluation.source) : [];
  const sourcePaths = sources.map((s) => isObject2(s) && typeof s["path"] === "string" ? s["path"] : "").filter(Boolean);
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

// src/checks/promotion-comparison.ts
var DAY_MS = 864e5;
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
    ...Number.isNaN(evaluated) ? {} : { metricsAgeDays: (Date.parse(input.now) - evaluated) / DAY_MS },
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

// src/checks/approval-ledger.ts
var DAY_MS2 = 864e5;
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
  const ageDays = (now - when) / DAY_MS2;
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

export {
  gatherReleaseContext,
  readJudgingPolicy,
  biasReportSubject,
  describeUnavailable,
  buildApprovalLedger,
  noteOf,
  recordedRejectionFinding,
  changesRequestedByRoster,
  compareReleases,
  describeErrorChange,
  thresholdText,
  comparisonRows,
  judgePromotion,
  promotionCheck
};
