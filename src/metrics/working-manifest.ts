/**
 * The working tree's manifest and policy as `metrics import` and `bias compute` need them: found through the
 * working policy's `model.manifest`, read only inside the repository (readRepositoryFile), strictly parsed. Written
 * back only through `writeRepositoryFile`: a safe repository path (no symlink on the way), atomically.
 */
import { realpath } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { stageFileAtomic, writeFileAtomic, type StagedFile } from '../adapters/atomic-file.js';
import { assertSafeWrite, isWithin, lexicalPathProblem, readRepositoryFile } from '../adapters/repository-path.js';
import { parseJsonDocument } from '../formats/json-document.js';
import type { ParsedDocument } from '../formats/parsed-document.js';
import { loadWorkingPolicy } from '../policy/read-policy.js';
import { listsModels, ModelSelectionError, selectModel, type ModelLocation } from '../release/release-locator.js';
import type { Policy } from '../policy/policy.js';
import { InputFileError } from './input-error.js';
import { isObject } from '../formats/json-object.js';

export interface WorkingManifest {
  policy: Policy;
  /** Repository-relative path (the policy's `model.manifest`). */
  path: string;
  text: string;
  doc: ParsedDocument;
  value: Record<string, unknown>;
}

/**
 * Reads the manifest the working policy names. With `model`, the manifest must be that model's (a guard for
 * repositories that will hold several: importing into the wrong model's manifest is refused, not done).
 */
export async function readWorkingManifest(
  repoRoot: string,
  policyPath: string,
  model?: string,
): Promise<WorkingManifest> {
  const working = await loadWorkingPolicy(repoRoot, policyPath);
  // The release locator answers which manifest is the model's (and its effective policy: paths, thresholds);
  // a policy listing several models needs --model, and an unknown name is refused with the names it governs.
  let location: ModelLocation;
  try {
    location = selectModel(working, model);
  } catch (err) {
    if (err instanceof ModelSelectionError) throw new InputFileError('MODEL_UNKNOWN', err.message, err.fix);
    throw err;
  }
  const origin = { field: listsModels(working) ? `models[${location.name}].manifest` : 'model.manifest', policyPath };
  return { policy: location.policy, ...(await readManifestFile(repoRoot, location.manifest, origin, model)) };
}

/**
 * Reads the manifest at a repository-relative path (the path a model's location names; `origin` says which policy
 * field named it, for the messages): inside the repository only, strictly parsed, a JSON object. With `model`, the
 * manifest must be that model's.
 */
export async function readManifestFile(
  repoRoot: string,
  path: string,
  origin: { field: string; policyPath: string },
  model?: string,
): Promise<Omit<WorkingManifest, 'policy'>> {
  const problem = lexicalPathProblem(path);
  if (problem) {
    throw new InputFileError(
      'MANIFEST_UNUSABLE',
      `${origin.field} "${path}" in ${origin.policyPath} is not usable: ${problem}`,
    );
  }
  const read = await readRepositoryFile(repoRoot, path);
  if (read.kind !== 'file') {
    throw new InputFileError(
      'MANIFEST_UNUSABLE',
      `the manifest ${path} could not be read in ${repoRoot}${'reason' in read ? `: ${read.reason}` : ''}`,
      `Run from the repository root or pass --repo DIR; the manifest path comes from ${origin.field} in the policy.`,
    );
  }
  const doc = parseJsonDocument(path, read.bytes);
  if (!isObject(doc.value)) {
    const where = doc.problems.map((p) => `${p.line ?? '?'}:${p.column ?? '?'} ${p.message}`).join('; ');
    throw new InputFileError(
      'MANIFEST_UNUSABLE',
      `the manifest ${path} is not valid JSON${where ? `: ${where}` : ''}`,
      'Fix the manifest (mlgov check reports every problem with its line).',
    );
  }
  const value = doc.value;
  if (model !== undefined && value['name'] !== model) {
    throw new InputFileError(
      'MODEL_MISMATCH',
      `--model ${model} does not match the manifest ${path}, which is for "${String(value['name'])}"`,
      'Pass the name in the manifest, or run in the repository (--repo) of that model.',
    );
  }
  return { path, text: read.bytes.toString('utf8'), doc, value };
}

/** Writes a repository-relative file atomically, refusing a path through a symlink or out of the repository. */
export async function writeRepositoryFile(repoRoot: string, path: string, text: string): Promise<void> {
  await assertSafeWrite(repoRoot, path);
  await writeFileAtomic(join(repoRoot, path), text);
}

/**
 * How a source file is named in what mlgov writes: repository-relative (with `/`) when it is inside the repository,
 * else its file name only — an absolute path of the author's machine means nothing to a reviewer and leaks it.
 */
export async function recordedPath(
  repoRoot: string,
  file: string,
): Promise<{ path: string; insideRepository: boolean }> {
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([realpath(file), realpath(repoRoot)]);
  } catch {
    return { path: basename(file), insideRepository: false };
  }
  if (real === realRoot || !isWithin(realRoot, real)) return { path: basename(file), insideRepository: false };
  return { path: relative(realRoot, real).split(sep).join('/'), insideRepository: true };
}

/**
 * Writes several repository-relative files as one change, as far as a filesystem allows: every target is held to the
 * containment rule before the first byte, every file is staged (temp file + fsync) before any is renamed into place,
 * so a refusal or a failed write leaves all of them as they were.
 */
export async function writeRepositoryFiles(
  repoRoot: string,
  files: ReadonlyArray<{ path: string; text: string }>,
): Promise<void> {
  for (const f of files) await assertSafeWrite(repoRoot, f.path);
  const staged: StagedFile[] = [];
  try {
    for (const f of files) staged.push(await stageFileAtomic(join(repoRoot, f.path), f.text));
  } catch (err) {
    await Promise.all(staged.map((s) => s.discard()));
    throw err;
  }
  for (const s of staged) await s.commit();
}
