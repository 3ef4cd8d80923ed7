import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);

// src/release/release-locator.ts
var AUDIT_LOG_FILE = "audit-log.jsonl";
var ModelSelectionError = class extends Error {
  constructor(message, fix) {
    super(message);
    this.fix = fix;
  }
  fix;
  name = "ModelSelectionError";
};
function listsModels(policy) {
  return Array.isArray(policy.models) && policy.models.length > 0;
}
function governedModels(policy) {
  if (!listsModels(policy)) return [{ ...policy.model, policy }];
  return policy.models.map((entry) => locationOf(policy, entry));
}
function locationOf(policy, entry) {
  const archiveDir = entry.archiveDir ?? policy.model.archiveDir;
  const model = { manifest: entry.manifest, biasReport: entry.biasReport, archiveDir };
  const modelPolicy = {
    ...policy,
    model,
    bias: {
      ...policy.bias,
      ...entry.bias,
      thresholds: { ...entry.bias?.thresholds ?? policy.bias.thresholds }
    },
    performance: { thresholds: { ...entry.performance?.thresholds ?? policy.performance.thresholds } },
    promotion: { ...policy.promotion, ...entry.promotion }
  };
  return { name: entry.name, ...model, policy: modelPolicy };
}
function selectModel(policy, name) {
  const models = governedModels(policy);
  if (name === void 0) {
    if (models.length === 1) return models[0];
    throw new ModelSelectionError(
      `the policy governs ${models.length} models (${namesOf(models)}); say which one this command is for`,
      `pass --model NAME, one of: ${namesOf(models)}`
    );
  }
  if (!listsModels(policy)) {
    const only = models[0];
    return { ...only, name };
  }
  const found = models.find((m) => m.name === name);
  if (found) return found;
  throw new ModelSelectionError(
    `the policy does not govern a model named ${JSON.stringify(name)} (it governs ${namesOf(models)})`,
    `pass --model with one of: ${namesOf(models)}, or add the model to the policy's models: list through a reviewed pull request`
  );
}
var namesOf = (models) => models.map((m) => m.name ?? m.manifest).join(", ");
function archiveFolder(archiveDir, model, version) {
  return `${archiveDir.replace(/\/+$/, "")}/${model}/${version}`;
}
function auditLogOf(location) {
  return `${location.archiveDir.replace(/\/+$/, "")}/${AUDIT_LOG_FILE}`;
}
function eventsOfModel(events, model) {
  return events.filter((e) => e.model === model);
}
function biasReportOf(location) {
  return location.biasReport;
}
function touchesModel(location, modelName, artifactPaths, changedPath) {
  if (changedPath === location.manifest || changedPath === location.biasReport) return true;
  if (artifactPaths.includes(changedPath)) return true;
  const folders = [dirOf(location.manifest), ...artifactPaths.map(dirOf)].filter((d) => d !== "");
  if (folders.some((d) => changedPath.startsWith(d + "/"))) return true;
  return modelName !== void 0 && changedPath.startsWith(archiveFolder(location.archiveDir, modelName, ""));
}
var dirOf = (path) => path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";

// src/adapters/lfs-pointer-git.ts
import { execFile } from "node:child_process";
function gitBytes(root, args, input) {
  return new Promise((resolve) => {
    const child = execFile(
      "git",
      ["--literal-pathspecs", ...args],
      { cwd: root, encoding: "buffer", maxBuffer: 256 * 1024 * 1024 },
      (err, stdout) => resolve(err ? void 0 : stdout)
    );
    child.stdin?.on("error", () => void 0);
    child.stdin?.end(input ?? "");
  });
}
async function indexEntries(root, paths) {
  const entries = /* @__PURE__ */ new Map();
  if (paths.length === 0) return entries;
  const out = await gitBytes(root, ["ls-files", "--stage", "-v", "-z", "--", ...paths]);
  for (const line of out?.toString("utf8").split("\0") ?? []) {
    const m = /^(\S) (\d{6}) ([0-9a-f]{40,64}) (\d)\t(.+)$/s.exec(line);
    if (m) entries.set(m[5], { tag: m[1], mode: m[2], blob: m[3], stage: Number(m[4]), path: m[5] });
  }
  return entries;
}
async function worktreeChanged(root, paths) {
  if (paths.length === 0) return /* @__PURE__ */ new Set();
  const out = await gitBytes(root, [
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.checkStat=default",
    "-c",
    "core.trustctime=true",
    "diff-files",
    "--name-only",
    "-z",
    "--",
    ...paths
  ]);
  if (out === void 0) return void 0;
  return new Set(out.toString("utf8").split("\0").filter(Boolean));
}
async function objectSizes(root, ids) {
  const sizes = /* @__PURE__ */ new Map();
  const wanted = ids.filter((id) => /^[0-9a-f]{40,64}$/.test(id));
  if (wanted.length === 0) return sizes;
  const out = await gitBytes(root, ["cat-file", "--batch-check"], wanted.join("\n") + "\n");
  for (const line of out?.toString("utf8").split("\n") ?? []) {
    const [id, type, size] = line.split(" ");
    if (id && type && size && /^\d+$/.test(size)) sizes.set(id, { type, size: Number(size) });
  }
  return sizes;
}
function gitDir(root) {
  return askedOnce(
    `git-dir\0${root}`,
    async () => (await gitBytes(root, ["rev-parse", "--absolute-git-dir"]))?.toString("utf8").trim() || void 0
  );
}
function topLevel(root) {
  return askedOnce(
    `top-level\0${root}`,
    async () => (await gitBytes(root, ["rev-parse", "--show-toplevel"]))?.toString("utf8").trim() || void 0
  );
}
var layoutAnswers = /* @__PURE__ */ new Map();
function askedOnce(key, ask) {
  let answer = layoutAnswers.get(key);
  if (!answer) {
    answer = ask();
    layoutAnswers.set(key, answer);
    void answer.then(
      (a) => a === void 0 && layoutAnswers.delete(key),
      () => layoutAnswers.delete(key)
    );
  }
  return answer;
}
async function readSmallBlobs(root, ids) {
  const blobs = /* @__PURE__ */ new Map();
  const wanted = ids.filter((id) => /^[0-9a-f]{40,64}$/.test(id));
  if (wanted.length === 0) return blobs;
  const out = await gitBytes(root, ["cat-file", "--batch"], wanted.join("\n") + "\n");
  if (!out) return blobs;
  let pos = 0;
  for (const id of wanted) {
    const nl = out.indexOf(10, pos);
    if (nl < 0) break;
    const [, type, sizeText] = out.subarray(pos, nl).toString("utf8").split(" ");
    pos = nl + 1;
    if (sizeText === void 0 || !/^\d+$/.test(sizeText)) continue;
    const size = Number(sizeText);
    if (type === "blob") blobs.set(id, Buffer.from(out.subarray(pos, pos + size)));
    pos += size + 1;
  }
  return blobs;
}
function gitIndexPort(root) {
  return {
    topLevel: () => topLevel(root),
    gitDir: () => gitDir(root),
    indexEntries: (paths) => indexEntries(root, paths),
    worktreeChanged: (paths) => worktreeChanged(root, paths),
    objectSizes: (ids) => objectSizes(root, ids),
    readSmallBlobs: (ids) => readSmallBlobs(root, ids)
  };
}

export {
  indexEntries,
  worktreeChanged,
  objectSizes,
  gitDir,
  topLevel,
  gitIndexPort,
  AUDIT_LOG_FILE,
  ModelSelectionError,
  listsModels,
  governedModels,
  selectModel,
  archiveFolder,
  auditLogOf,
  eventsOfModel,
  biasReportOf,
  touchesModel
};
