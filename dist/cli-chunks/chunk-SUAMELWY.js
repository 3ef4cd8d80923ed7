import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  openGitRepository,
  resolveBaseRevision
} from "./chunk-D7Q3LZ5Y.js";
import {
  EvidenceError
} from "./chunk-HZZU23IO.js";
import {
  DEFAULT_POLICY_PATH,
  ModelSelectionError,
  PolicyUnusableError,
  readPolicyBytes,
  selectModel
} from "./chunk-KIYJOZ3G.js";

// src/evidence/workspace.ts
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { resolve } from "node:path";
import { promisify } from "node:util";
var execFileAsync = promisify(execFile);
var POLICY_FILE = DEFAULT_POLICY_PATH;
function policyFromBytes(bytes, file = POLICY_FILE) {
  const reading = readPolicyBytes(file, bytes);
  if (reading.kind === "invalid") {
    const err = new PolicyUnusableError(reading);
    throw new EvidenceError(err.message, err.fix);
  }
  return reading.policy;
}
async function openWorkspace(dir, options = {}) {
  const root = resolve(dir);
  const git = openGitRepository(root);
  if (!await git.isRepository()) {
    throw new EvidenceError(
      `${root} is not a git repository`,
      "run mlgov inside the model repository, or pass --repo DIR"
    );
  }
  let bytes;
  try {
    bytes = await readFile(resolve(root, POLICY_FILE));
  } catch (err) {
    if (err.code !== "ENOENT") throw err;
  }
  const location = selectModel(policyFromBytes(bytes), options.model);
  return { root, git, policy: location.policy, location };
}
async function resolveActor(root, flag) {
  const sources = [
    () => flag,
    () => gitConfigValue(root, "user.email"),
    () => gitConfigValue(root, "user.name"),
    osUserName
  ];
  for (const source of sources) {
    const name = (await source())?.trim();
    if (name) return name;
  }
  return "unknown";
}
async function gitConfigValue(root, key) {
  return execFileAsync("git", ["config", "--get", key], { cwd: root }).then(
    ({ stdout }) => stdout,
    () => void 0
  );
}
function osUserName() {
  try {
    return userInfo().username;
  } catch {
    return void 0;
  }
}
async function resolveBaseRevision2(git, ref) {
  const base = await resolveBaseRevision(git, ref);
  if (base.kind === "found") return { ref: base.ref, commit: base.commit };
  throw new EvidenceError(
    base.kind === "none" ? `no base revision: ${base.reason}` : base.reason,
    base.kind === "none" ? "fetch the base branch, or pass an existing --base REF" : base.fix
  );
}
async function assertPolicyPathsOfBase(ws, base) {
  const spec = `${base.commit}:${POLICY_FILE}`;
  const basePolicy = policyFromBytes((await ws.git.readBlobs([spec])).get(spec));
  const model = ws.location.name;
  let onBase;
  try {
    onBase = selectModel(basePolicy, model);
  } catch (err) {
    if (!(err instanceof ModelSelectionError)) throw err;
    throw new EvidenceError(
      `the base revision ${base.ref} does not govern ${model === void 0 ? "this model" : `the model ${JSON.stringify(model)}`} as the working tree's ${POLICY_FILE} does (${err.message}); write commands write only to the base policy's paths`,
      `merge the policy change that adds the model to ${base.ref} first, or pass --model with a model ${base.ref}'s policy governs`,
      1
    );
  }
  const here = ws.policy.model;
  const differing = ["manifest", "biasReport", "archiveDir"].filter((k) => onBase[k] !== here[k]);
  if (differing.length === 0) return;
  const field = (k) => model === void 0 ? `model.${k}` : `${model}'s ${k}`;
  throw new EvidenceError(
    `the working tree's ${POLICY_FILE} moves ${differing.map((k) => `${field(k)} (${onBase[k]} on ${base.ref}, ${here[k]} here)`).join(", ")}; write commands write only to the base policy's paths`,
    `run the command on a checkout whose policy paths are the base's (git checkout ${base.ref} -- ${POLICY_FILE}), or merge the policy change first`,
    1
  );
}
function assertReleaseOfModel(location, manifestName, where) {
  if (location.name === void 0 || manifestName === location.name) return;
  throw new EvidenceError(
    `refused: ${where} is the release of ${JSON.stringify(manifestName)}, not of the model ${location.name} this command was asked about`,
    `set "name" in ${location.manifest} to ${JSON.stringify(location.name)} (the policy's name for it), or pass --model ${typeof manifestName === "string" ? manifestName : "NAME"} if that is the model meant`,
    1
  );
}

export {
  POLICY_FILE,
  policyFromBytes,
  openWorkspace,
  resolveActor,
  resolveBaseRevision2 as resolveBaseRevision,
  assertPolicyPathsOfBase,
  assertReleaseOfModel
};
