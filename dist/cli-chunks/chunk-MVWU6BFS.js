import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  InputFileError
} from "./chunk-WRTI2VV7.js";
import {
  ModelSelectionError,
  isObject,
  listsModels,
  loadWorkingPolicy,
  parseJsonDocument,
  selectModel
} from "./chunk-KIYJOZ3G.js";
import {
  assertSafeWrite,
  isWithin,
  lexicalPathProblem,
  readRepositoryFile,
  stageFileAtomic,
  writeFileAtomic
} from "./chunk-4LCUO2WG.js";

// src/metrics/working-manifest.ts
import { realpath } from "node:fs/promises";
import { basename, join, relative, sep } from "node:path";
async function readWorkingManifest(repoRoot, policyPath, model) {
  const working = await loadWorkingPolicy(repoRoot, policyPath);
  let location;
  try {
    location = selectModel(working, model);
  } catch (err) {
    if (err instanceof ModelSelectionError) throw new InputFileError("MODEL_UNKNOWN", err.message, err.fix);
    throw err;
  }
  const origin = { field: listsModels(working) ? `models[${location.name}].manifest` : "model.manifest", policyPath };
  return { policy: location.policy, ...await readManifestFile(repoRoot, location.manifest, origin, model) };
}
async function readManifestFile(repoRoot, path, origin, model) {
  const problem = lexicalPathProblem(path);
  if (problem) {
    throw new InputFileError(
      "MANIFEST_UNUSABLE",
      `${origin.field} "${path}" in ${origin.policyPath} is not usable: ${problem}`
    );
  }
  const read = await readRepositoryFile(repoRoot, path);
  if (read.kind !== "file") {
    throw new InputFileError(
      "MANIFEST_UNUSABLE",
      `the manifest ${path} could not be read in ${repoRoot}${"reason" in read ? `: ${read.reason}` : ""}`,
      `Run from the repository root or pass --repo DIR; the manifest path comes from ${origin.field} in the policy.`
    );
  }
  const doc = parseJsonDocument(path, read.bytes);
  if (!isObject(doc.value)) {
    const where = doc.problems.map((p) => `${p.line ?? "?"}:${p.column ?? "?"} ${p.message}`).join("; ");
    throw new InputFileError(
      "MANIFEST_UNUSABLE",
      `the manifest ${path} is not valid JSON${where ? `: ${where}` : ""}`,
      "Fix the manifest (mlgov check reports every problem with its line)."
    );
  }
  const value = doc.value;
  if (model !== void 0 && value["name"] !== model) {
    throw new InputFileError(
      "MODEL_MISMATCH",
      `--model ${model} does not match the manifest ${path}, which is for "${String(value["name"])}"`,
      "Pass the name in the manifest, or run in the repository (--repo) of that model."
    );
  }
  return { path, text: read.bytes.toString("utf8"), doc, value };
}
async function writeRepositoryFile(repoRoot, path, text) {
  await assertSafeWrite(repoRoot, path);
  await writeFileAtomic(join(repoRoot, path), text);
}
async function recordedPath(repoRoot, file) {
  let real;
  let realRoot;
  try {
    [real, realRoot] = await Promise.all([realpath(file), realpath(repoRoot)]);
  } catch {
    return { path: basename(file), insideRepository: false };
  }
  if (real === realRoot || !isWithin(realRoot, real)) return { path: basename(file), insideRepository: false };
  return { path: relative(realRoot, real).split(sep).join("/"), insideRepository: true };
}
async function writeRepositoryFiles(repoRoot, files) {
  for (const f of files) await assertSafeWrite(repoRoot, f.path);
  const staged = [];
  try {
    for (const f of files) staged.push(await stageFileAtomic(join(repoRoot, f.path), f.text));
  } catch (err) {
    await Promise.all(staged.map((s) => s.discard()));
    throw err;
  }
  for (const s of staged) await s.commit();
}

export {
  readWorkingManifest,
  readManifestFile,
  writeRepositoryFile,
  recordedPath,
  writeRepositoryFiles
};
