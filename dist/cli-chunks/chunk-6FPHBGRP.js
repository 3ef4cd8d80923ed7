import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  readFileChanges,
  readFirstParentOrder,
  readManifestChanges,
  resolveAuditRef
} from "./chunk-CUO4Q3IN.js";
import {
  POLICY_FILE,
  policyFromBytes
} from "./chunk-SUAMELWY.js";
import {
  readReleasesAt,
  releaseKey
} from "./chunk-YSVHWFM3.js";
import {
  findLogRewrite,
  openGitRepository
} from "./chunk-D7Q3LZ5Y.js";
import {
  EvidenceError
} from "./chunk-HZZU23IO.js";
import {
  archiveRoot,
  auditLogOf,
  governedModels,
  listsModels
} from "./chunk-KIYJOZ3G.js";

// src/evidence/audit-history.ts
import { resolve } from "node:path";
async function openAuditedRepository(dir) {
  const root = resolve(dir);
  const git = openGitRepository(root);
  if (!await git.isRepository())
    throw new EvidenceError(
      `${root} is not a git repository`,
      "run mlgov inside the model repository, or pass --repo DIR"
    );
  return git;
}
var ARCHIVED_NAMES = /* @__PURE__ */ new Set(["manifest.json", "bias-report.json", "checksums.sha256", "evidence.json"]);
async function readAuditInput(args) {
  const { git } = args;
  const tip = await resolveTip(git, args.ref);
  const policySpec = `${tip.commit}:${POLICY_FILE}`;
  const policy = policyFromBytes((await git.readBlobs([policySpec])).get(policySpec));
  const versions = await readPolicyVersions(git, tip.commit);
  const multi = versions.some((v) => v.policy !== void 0 && listsModels(v.policy)) || listsModels(policy);
  let models = multi ? await readGovernedHistory(git, tip.commit, policy, versions) : [{ policy, changes: await readSingleModelChanges(git, tip.commit, policy) }];
  if (args.model !== void 0) models = narrowTo(models, args.model, multi);
  const { archiveFiles, logs } = await readArchives(git, tip.commit, models);
  return {
    ref: tip.ref,
    tipCommit: tip.commit,
    since: args.since,
    until: args.until,
    generatedAt: args.now.toISOString(),
    toolVersion: args.toolVersion,
    policy,
    listsModels: multi,
    models,
    archiveFiles,
    logs
  };
}
async function resolveTip(git, ref) {
  const tip = await resolveAuditRef(git, ref);
  if (!tip) {
    throw new EvidenceError(
      ref ? `revision "${ref}" is not in this repository` : "no default branch (origin/HEAD, origin/main, main, master) to audit",
      "fetch the full history of the default branch (git fetch --unshallow origin main, or actions/checkout with fetch-depth: 0), or pass --ref REF"
    );
  }
  if (await git.isShallow()) {
    throw new EvidenceError(
      "this is a shallow clone: the release history is incomplete",
      "fetch the full history: git fetch --unshallow origin"
    );
  }
  return tip;
}
function narrowTo(models, name, multi) {
  if (!multi) return models.map((m) => ({ ...m, name }));
  const found = models.filter((m) => m.name === name);
  if (found.length > 0) return found;
  const names = models.map((m) => m.name ?? m.policy.model.manifest).join(", ");
  throw new EvidenceError(
    `the policy did not govern a model named ${JSON.stringify(name)} during the branch's history (it governed ${names})`,
    `pass --model with one of: ${names}`
  );
}
async function readSingleModelChanges(git, tip, policy) {
  const location = governedModels(policy)[0];
  const changes = await readManifestChanges(git.root, tip, location.manifest);
  const policyAt = await policiesAtCommits(
    git,
    changes.map((c) => c.commit)
  );
  const points = changes.map((change) => {
    const then = policyAt.get(change.commit);
    return { kind: "manifest", change, location, ...then ? { policyThen: then } : {} };
  });
  return releaseChangesOf(git, points);
}
async function readPolicyVersions(git, tip) {
  const changes = await readFileChanges(git.root, tip, POLICY_FILE);
  const blobs = await git.readBlobs([...new Set(changes.flatMap((c) => c.blob ? [c.blob] : []))]);
  return changes.map((change) => {
    const parsed = parsePolicy(change.blob ? blobs.get(change.blob) : void 0);
    return { change, ...parsed ? { policy: parsed } : {} };
  });
}
function parsePolicy(bytes) {
  try {
    return policyFromBytes(bytes);
  } catch {
    return void 0;
  }
}
function keyOf(location, nameAt) {
  return location.name ?? nameAt.get(location.manifest) ?? `manifest:${location.manifest}`;
}
async function readGovernedHistory(git, tip, policy, versions) {
  const valid = versions.filter((v) => v.policy !== void 0);
  const nameAt = /* @__PURE__ */ new Map();
  for (const v of [...valid.map((x) => x.policy), policy])
    for (const m of governedModels(v)) if (m.name !== void 0) nameAt.set(m.manifest, m.name);
  const locationsAt = (p) => new Map(governedModels(p).map((m) => [keyOf(m, nameAt), m]));
  const keys = [
    .../* @__PURE__ */ new Set([...valid.flatMap((v) => [...locationsAt(v.policy).keys()]), ...locationsAt(policy).keys()])
  ];
  const latest = /* @__PURE__ */ new Map();
  for (const p of [...valid.map((v) => v.policy), policy]) for (const [k, m] of locationsAt(p)) latest.set(k, m);
  const paths = [
    ...new Set(
      keys.flatMap((k) => [
        .../* @__PURE__ */ new Set([...valid.map((v) => locationsAt(v.policy).get(k)?.manifest), latest.get(k)?.manifest])
      ])
    )
  ].filter((p) => p !== void 0);
  const changesOf = /* @__PURE__ */ new Map();
  for (const p of paths) changesOf.set(p, await readFileChanges(git.root, tip, p));
  const policyAt = await policiesAtCommits(
    git,
    [...changesOf.values()].flat().map((c) => c.commit)
  );
  const order = await readFirstParentOrder(git.root, tip);
  const models = [];
  for (const key of keys) {
    const points = [];
    for (const [path, changes2] of changesOf)
      for (const c of changes2) {
        const at = policyAt.get(c.commit);
        const location = at ? locationsAt(at).get(key) : void 0;
        if (location === void 0 || location.manifest === path)
          points.push({ kind: "manifest", change: c, location });
      }
    for (const v of valid) points.push({ kind: "policy", change: v.change, location: locationsAt(v.policy).get(key) });
    const changes = await releaseChangesOf(git, governedPoints(points, order));
    const governing = latest.get(key);
    models.push({
      ...governing.name !== void 0 ? { name: governing.name } : {},
      policy: governing.policy,
      changes
    });
  }
  return models;
}
async function policiesAtCommits(git, commits) {
  const specs = [...new Set(commits)].map((c) => `${c}:${POLICY_FILE}`);
  const blobs = specs.length > 0 ? await git.readBlobs(specs) : /* @__PURE__ */ new Map();
  const out = /* @__PURE__ */ new Map();
  for (const c of new Set(commits)) {
    const p = parsePolicy(blobs.get(`${c}:${POLICY_FILE}`));
    if (p) out.set(c, p);
  }
  return out;
}
function governedPoints(points, order) {
  const seen = /* @__PURE__ */ new Set();
  const position = (p) => order.get(p.change.commit) ?? -1;
  const ordered = points.map((p, i) => ({ p, i })).sort((a, b) => position(a.p) - position(b.p) || a.i - b.i).map((x) => x.p).filter((p) => !seen.has(p.change.commit) && seen.add(p.change.commit) !== void 0);
  const out = [];
  let current;
  for (const p of ordered) {
    const path = p.location?.manifest;
    if (path !== void 0 && (path !== current || p.kind === "manifest")) out.push(p);
    else if (path === void 0 && current !== void 0) out.push({ kind: p.kind, change: p.change });
    current = path;
  }
  return out;
}
async function releaseChangesOf(git, points) {
  const requests = points.flatMap(
    (p) => p.location ? [{ commit: p.change.commit, location: p.location }] : []
  );
  const releases = await readReleasesAt(git, requests);
  return points.map((p) => {
    const release = p.location ? releases.get(releaseKey({ commit: p.change.commit, location: p.location })) : void 0;
    return {
      commit: p.change.commit,
      committedAt: p.change.committedAt,
      subject: p.change.subject,
      ...release ? { manifest: release.manifestBytes } : {},
      ...release?.biasReportBytes ? { biasReport: release.biasReportBytes } : {},
      ...p.location ? { signOffRequired: (p.policyThen ?? p.location.policy).jira.signOff !== void 0 } : {}
    };
  });
}
async function readArchives(git, tip, models) {
  const dirs = [...new Set(models.map((m) => archiveRoot(m.policy.model.archiveDir)))];
  const archiveFiles = {};
  const logs = [];
  for (const archiveDir of dirs) {
    const listed = await git.listFilesAt(tip, archiveDir);
    const logPath = auditLogOf({ archiveDir });
    const wanted = Object.entries(listed).filter(
      ([p]) => p === logPath || ARCHIVED_NAMES.has(p.slice(p.lastIndexOf("/") + 1))
    );
    const blobs = await git.readBlobs([...new Set(wanted.map(([, id]) => id))]);
    let text = "";
    for (const [path, id] of wanted) {
      const bytes = blobs.get(id);
      if (!bytes) continue;
      if (path === logPath) text = bytes.toString("utf8");
      else archiveFiles[path] = bytes;
    }
    logs.push({ archiveDir, text, history: await readLogHistory(git, tip, logPath) });
  }
  return { archiveFiles, logs };
}
async function readLogHistory(git, commit, logPath) {
  if (await git.isShallow()) {
    throw new EvidenceError(
      `this is a shallow clone: the history of ${logPath} is incomplete`,
      "fetch the full history: git fetch --unshallow origin (or actions/checkout with fetch-depth: 0)"
    );
  }
  const changes = await readFileChanges(git.root, commit, logPath);
  const blobs = await git.readBlobs([...new Set(changes.flatMap((c) => c.blob ? [c.blob] : []))]);
  return changes.map((c) => {
    const bytes = c.blob ? blobs.get(c.blob) : void 0;
    if (c.blob && !bytes) {
      throw new EvidenceError(
        `git could not read ${logPath} at ${c.commit.slice(0, 12)}`,
        "run git fsck and re-fetch the repository"
      );
    }
    return {
      commit: c.commit,
      committedAt: c.committedAt,
      subject: c.subject,
      ...bytes ? { text: bytes.toString("utf8") } : {},
      ...c.mode ? { mode: c.mode } : {}
    };
  });
}

// src/evidence/log-history.ts
var short = (commit) => /^[0-9a-f]{40,64}$/.test(commit) ? commit.slice(0, 12) : commit;
function verifyLogHistory(file, versions) {
  let previous;
  for (const v of versions) {
    const at = v.committedAt ? `at ${short(v.commit)} (${v.committedAt.slice(0, 10)}, "${v.subject}")` : `in the ${v.commit}`;
    const since = previous ? `the version of ${short(previous.commit)}` : "nothing";
    const fail = (kind, message, line) => ({
      ok: false,
      versions: versions.length,
      break: {
        kind,
        commit: v.commit,
        committedAt: v.committedAt,
        subject: v.subject,
        previous: previous?.commit ?? "",
        ...line !== void 0 ? { line } : {},
        message
      }
    });
    if (v.mode === "120000") {
      return fail("not-a-file", `${file} ${at} is a symbolic link, not a log; the log is never replaced by a link`);
    }
    if (v.text === void 0) {
      if (previous?.text) {
        return fail("deleted", `${file} was deleted ${at}; the audit log is append-only and is never removed`);
      }
      continue;
    }
    if (previous?.text !== void 0) {
      const rewrite = findLogRewrite(previous.text, v.text);
      if (!rewrite.grewOnly) {
        return fail(
          "rewritten",
          `${file} ${at} does not extend ${since}: line ${rewrite.line} differs (an event was removed, edited, reordered or inserted, and the log re-written)`,
          rewrite.line
        );
      }
    }
    previous = v;
  }
  return { ok: true, versions: versions.length };
}

export {
  openAuditedRepository,
  readAuditInput,
  readLogHistory,
  verifyLogHistory
};
