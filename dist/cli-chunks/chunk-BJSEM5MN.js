import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  readJudgingPolicy,
  runGate
} from "./chunk-6CGME2LR.js";
import {
  exitCodeOf
} from "./chunk-7YMLEWR4.js";
import {
  openGitRepository
} from "./chunk-D7Q3LZ5Y.js";
import {
  DEFAULT_POLICY_PATH,
  auditLogOf,
  governedModels,
  judgedModels,
  listsModels,
  parseJsonDocument,
  policyOrDefaults,
  readPolicyDocument,
  touchesModel
} from "./chunk-KIYJOZ3G.js";
import {
  readRepositoryBytes
} from "./chunk-4LCUO2WG.js";

// src/gate/judge-models.ts
import { resolve } from "node:path";

// src/gate/shared-git.ts
var SHARED = /* @__PURE__ */ new Set([
  "isRepository",
  "resolveCommit",
  "commitExists",
  "refCommits",
  "readFileAt",
  "listFilesAt",
  "listEntriesAt",
  "readBlobs",
  "commitMessages",
  "currentBranch",
  "isShallow",
  "lastChange",
  "gitDir",
  "topLevel",
  "changedPaths"
]);
function sharedGitRepository(inner) {
  const answers = /* @__PURE__ */ new Map();
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function" || !SHARED.has(prop)) return value;
      return (...args) => {
        const key = `${String(prop)}\0${JSON.stringify(args)}`;
        let answer = answers.get(key);
        if (!answer) {
          answer = value.apply(target, args);
          answers.set(key, answer);
        }
        return answer;
      };
    }
  });
}

// src/gate/judge-models.ts
async function modelsToJudge(options) {
  const root = resolve(options.repoRoot);
  const git = options.git ?? openGitRepository(root);
  const scope = await modelScope(git, root, options.policyPath ?? DEFAULT_POLICY_PATH, options.baseRef);
  const base = { listsModels: scope.listsModels, governed: scope.models, addedByChange: scope.addedByChange };
  if (!scope.listsModels) {
    const name = await manifestNameOf(root, scope.models[0].manifest);
    return {
      ...base,
      chosen: scope.models,
      untouched: [],
      selection: "the policy governs one model",
      ...name !== void 0 ? { manifestName: name } : {}
    };
  }
  const touched = options.all ? void 0 : await touchedModels(git, scope);
  const chosen = touched && "models" in touched ? touched.models : scope.models;
  return {
    ...base,
    chosen,
    untouched: scope.models.filter((m) => !chosen.includes(m)).map((m) => m.name),
    selection: options.all ? "--all: every governed model" : touched && "models" in touched ? "the models this change touches" : `every governed model: ${touched?.all}`
  };
}
async function runGateOverModels(options) {
  const git = options.git ?? sharedGitRepository(openGitRepository(resolve(options.repoRoot)));
  const toJudge = await modelsToJudge({ ...options, git });
  if (!toJudge.listsModels || options.model !== void 0) {
    const report = await runGate(options);
    return {
      listsModels: toJudge.listsModels,
      judgements: [{ ...options.model !== void 0 ? { name: options.model } : {}, report }],
      untouched: [],
      selection: options.model !== void 0 ? `--model ${options.model}` : "the policy governs one model"
    };
  }
  const judgements = await inTurns(toJudge.chosen, GATES_SIDE_BY_SIDE, async (m) => ({
    name: m.name,
    report: await runGate({ ...options, git, model: m.name })
  }));
  return { listsModels: true, judgements, untouched: toJudge.untouched, selection: toJudge.selection };
}
var GATES_SIDE_BY_SIDE = 2;
async function inTurns(items, width, work) {
  const results = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return results;
}
function exitCodeOfModels(run) {
  return exitCodeOf({ checks: run.judgements.flatMap((j) => j.report.checks) });
}
async function modelScope(git, root, policyPath, baseRef) {
  const read = await readJudgingPolicy(root, git, await git.isRepository(), policyPath, baseRef);
  const judging = policyOrDefaults(readPolicyDocument(policyPath, read.policyDocument));
  const head = read.headPolicy ? readPolicyDocument(policyPath, read.headPolicy) : void 0;
  const models = judgedModels(judging, head?.kind === "valid" ? head.policy : void 0);
  const judgingNames = new Set(listsModels(judging) ? governedModels(judging).map((m) => m.name) : []);
  return {
    listsModels: models.some((m) => m.name !== void 0),
    models,
    addedByChange: models.filter((m) => m.name !== void 0 && !judgingNames.has(m.name)).map((m) => m.name),
    ...read.base.kind === "found" ? { base: { commit: read.base.commit } } : {},
    policyPath
  };
}
async function touchedModels(git, scope) {
  if (!scope.base) return { all: "no base revision to compare the change with" };
  const changed = await git.changedPaths(scope.base.commit);
  if (!changed) return { all: "git could not list what the change touches" };
  if (changed.includes(scope.policyPath)) return { all: `the change touches the policy (${scope.policyPath})` };
  const logs = [...new Set(scope.models.map((m) => auditLogOf(m)))].filter((l) => changed.includes(l));
  const logged = /* @__PURE__ */ new Set();
  for (const log of logs) {
    const appended = await appendedModels(git, scope.base.commit, log);
    if (!appended) return { all: `the change rewrites the audit log ${log}, which models share` };
    for (const name of appended) logged.add(name);
  }
  const baseManifests = await git.readBlobs(scope.models.map((m) => `${scope.base.commit}:${m.manifest}`)).catch(() => /* @__PURE__ */ new Map());
  const models = [];
  for (const m of scope.models) {
    const head = await readRepositoryBytes(git.root, m.manifest);
    const artifacts = artifactPaths(m.manifest, [head, baseManifests.get(`${scope.base.commit}:${m.manifest}`)]);
    if (logged.has(m.name) || changed.some((p) => touchesModel(m, m.name, artifacts, p))) models.push(m);
  }
  return { models };
}
async function appendedModels(git, baseCommit, log) {
  const before = await git.readFileAt(baseCommit, log).catch(() => void 0) ?? Buffer.alloc(0);
  const after = await readRepositoryBytes(git.root, log);
  if (!after || after.length < before.length || !after.subarray(0, before.length).equals(before)) return void 0;
  if (before.length > 0 && before[before.length - 1] !== 10) return void 0;
  const names = [];
  for (const line of after.subarray(before.length).toString("utf8").split("\n")) {
    if (line === "") continue;
    const model = parseJsonDocument(log, Buffer.from(line)).value?.model;
    if (typeof model !== "string") return void 0;
    names.push(model);
  }
  return names;
}
async function manifestNameOf(root, manifestPath) {
  const bytes = await readRepositoryBytes(root, manifestPath).catch(() => void 0);
  if (!bytes) return void 0;
  const value = parseJsonDocument(manifestPath, bytes).value;
  return typeof value?.name === "string" && value.name !== "" ? value.name : void 0;
}
function artifactPaths(manifestPath, manifests) {
  const paths = /* @__PURE__ */ new Set();
  for (const bytes of manifests) {
    if (!bytes) continue;
    const value = parseJsonDocument(manifestPath, bytes).value;
    if (!Array.isArray(value?.artifacts)) continue;
    for (const a of value.artifacts) if (typeof a?.path === "string") paths.add(a.path);
  }
  return [...paths];
}

export {
  modelsToJudge,
  runGateOverModels,
  exitCodeOfModels
};
