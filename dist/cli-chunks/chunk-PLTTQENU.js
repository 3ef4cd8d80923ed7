import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  UsageError,
  booleanOption,
  stringOption
} from "./chunk-ZFWI3SVE.js";
import {
  writeFileAtomic
} from "./chunk-4LCUO2WG.js";

// src/cli/command-support.ts
import { resolve } from "node:path";
async function emitOutput(args, io, text, note) {
  const output = stringOption(args, "output");
  if (!output) {
    io.stdout(text);
    return;
  }
  await writeFileAtomic(resolve(io.cwd, output), text);
  if (note) io.stderr(`mlgov: ${note} written to ${output}
`);
}
function generationTime(env) {
  const epoch = env["SOURCE_DATE_EPOCH"];
  if (epoch !== void 0 && epoch !== "") {
    if (!/^\d+$/.test(epoch))
      throw new UsageError(`SOURCE_DATE_EPOCH="${epoch}" is not a number of seconds since 1970`);
    return new Date(Number(epoch) * 1e3);
  }
  return /* @__PURE__ */ new Date();
}
var modelOptions = { model: { type: "string" } };
var MODEL_USAGE = "  --model NAME      the model to act on, as the policy names it (required when the policy lists several models)";
function modelOption(args) {
  const model = stringOption(args, "model");
  if (model !== void 0 && model.trim() === "")
    throw new UsageError("--model needs a model name, as the policy names it");
  return model;
}
var releaseOptions = {
  base: { type: "string" },
  policy: { type: "string" },
  online: { type: "boolean" },
  ...modelOptions
};
async function readReleaseFromArgs(args, io, now) {
  const [{ readRelease }, { jiraFromEnvironment }] = await Promise.all([
    import("./read-release-UM3W4WSE.js"),
    import("./jira-environment-6QHBNRPO.js")
  ]);
  const baseRef = stringOption(args, "base");
  const policyPath = stringOption(args, "policy");
  const online = booleanOption(args, "online");
  const model = modelOption(args);
  return readRelease({
    repoRoot: resolve(io.cwd, stringOption(args, "repo") ?? "."),
    now,
    offline: !online,
    ...jiraFromEnvironment(online, io.env),
    ...baseRef !== void 0 ? { baseRef } : {},
    ...policyPath !== void 0 ? { policyPath } : {},
    ...model !== void 0 ? { model } : {}
  });
}

export {
  emitOutput,
  generationTime,
  modelOptions,
  MODEL_USAGE,
  modelOption,
  releaseOptions,
  readReleaseFromArgs
};
