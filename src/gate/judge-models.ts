/**
 * The gate over a repository's models: which models a pull request asks to be judged, and one report per model.
 * A single-model policy judges its one model, always (today's behaviour). A policy with `models:` judges every model
 * the change touches (`--all`: every model), where the models are those the judging (base) policy lists plus those
 * only the PR's policy lists (a model being added is judged, never skipped; the `policy` check asks the board).
 *
 * What is touched is derived from git (the base revision against the working tree), never from a list the PR states.
 * The policy file and a shared audit log touch every model; a base git cannot diff against touches every model.
 */
import { resolve } from 'node:path';
import { openGitRepository, type GitRepository } from '../adapters/git-repository.js';
import { readRepositoryBytes } from '../adapters/repository-path.js';
import { parseJsonDocument } from '../formats/json-document.js';
import { DEFAULT_POLICY_PATH, policyOrDefaults, readPolicyDocument } from '../policy/read-policy.js';
import {
  auditLogOf,
  governedModels,
  judgedModels,
  listsModels,
  touchesModel,
  type ModelLocation,
} from '../release/release-locator.js';
import { exitCodeOf, type Report } from '../release/report.js';
import { readJudgingPolicy } from './gather.js';
import { runGate, type GateOptions } from './run-gate.js';
import { sharedGitRepository } from './shared-git.js';

/** One judged model: the policy's name for it and its report. */
export interface ModelJudgement {
  /** The policy's name; undefined for a single-model policy (the report's `model.name` is the manifest's). */
  name?: string;
  report: Report;
}

/** The gate's answer for a repository: a report per judged model, and which governed models were not judged. */
export interface ModelsJudgement {
  /** True when the policy lists its models: the faces then show a section per model. */
  listsModels: boolean;
  judgements: ModelJudgement[];
  /** Governed models the change does not touch (not judged), in the policy's order. */
  untouched: string[];
  /** Why the models judged were chosen, for the report ("touched by this change", "--all", …). */
  selection: string;
}

export interface ModelsGateOptions extends GateOptions {
  /** Judge every governed model, touched or not (`--all`). */
  all?: boolean;
}

/** The models a run judges, before any is judged: what `mlgov models` lists and `runGateOverModels` judges. */
export interface ModelsToJudge {
  /** True when a policy (the base's or the PR's) lists its models. */
  listsModels: boolean;
  /** Every governed model: the judging (base) policy's, then those only the PR's policy adds. */
  governed: ModelLocation[];
  /** Names of the governed models only the PR's own policy lists (being added: judged, never skipped). */
  addedByChange: string[];
  /** The models to judge, in the policy's order. */
  chosen: ModelLocation[];
  /** Governed models not chosen (not touched by the change), in the policy's order. */
  untouched: string[];
  /** Why these models were chosen. */
  selection: string;
  /** A single-model policy names no model: the name its manifest (working tree) states, when it states one. */
  manifestName?: string;
}

/**
 * Which models a change asks to be judged: every model with `all`; otherwise the models the change touches (every
 * model when the base is missing, git cannot list the change, or it touches the policy or a shared audit log). A
 * single-model policy always judges its one model.
 */
export async function modelsToJudge(
  options: Pick<ModelsGateOptions, 'repoRoot' | 'policyPath' | 'baseRef' | 'all' | 'git'>,
): Promise<ModelsToJudge> {
  const root = resolve(options.repoRoot);
  const git = options.git ?? openGitRepository(root);
  const scope = await modelScope(git, root, options.policyPath ?? DEFAULT_POLICY_PATH, options.baseRef);
  const base = { listsModels: scope.listsModels, governed: scope.models, addedByChange: scope.addedByChange };
  if (!scope.listsModels) {
    const name = await manifestNameOf(root, scope.models[0]!.manifest);
    return {
      ...base,
      chosen: scope.models,
      untouched: [],
      selection: 'the policy governs one model',
      ...(name !== undefined ? { manifestName: name } : {}),
    };
  }
  const touched = options.all ? undefined : await touchedModels(git, scope);
  const chosen = touched && 'models' in touched ? touched.models : scope.models;
  return {
    ...base,
    chosen,
    untouched: scope.models.filter((m) => !chosen.includes(m)).map((m) => m.name!),
    selection: options.all
      ? '--all: every governed model'
      : touched && 'models' in touched
        ? 'the models this change touches'
        : `every governed model: ${touched?.all}`,
  };
}

/** Runs the gate for every model the change touches (or one model: `model`; or all: `all`). */
export async function runGateOverModels(options: ModelsGateOptions): Promise<ModelsJudgement> {
  // One repository's answers for the choice and for every model's gate (shared-git.ts).
  const git = options.git ?? sharedGitRepository(openGitRepository(resolve(options.repoRoot)));
  const toJudge = await modelsToJudge({ ...options, git });
  if (!toJudge.listsModels || options.model !== undefined) {
    const report = await runGate(options);
    return {
      listsModels: toJudge.listsModels,
      judgements: [{ ...(options.model !== undefined ? { name: options.model } : {}), report }],
      untouched: [],
      selection: options.model !== undefined ? `--model ${options.model}` : 'the policy governs one model',
    };
  }
  const judgements = await inTurns(toJudge.chosen, GATES_SIDE_BY_SIDE, async (m) => ({
    name: m.name!,
    report: await runGate({ ...options, git, model: m.name! }),
  }));
  return { listsModels: true, judgements, untouched: toJudge.untouched, selection: toJudge.selection };
}

/**
 * How many models' gates run at once. A gate of small artifacts waits mostly on git processes, so two side by side
 * keep a core busy while the other waits (bench/cases/models.mjs); large artifacts are hashed on every core by each
 * gate, so more would only queue.
 */
const GATES_SIDE_BY_SIDE = 2;

/** `work` over `items`, at most `width` at a time; results in the items' order. */
async function inTurns<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return results;
}

/** The one exit code of a run over several models: could not judge beats failed beats passed. */
export function exitCodeOfModels(run: Pick<ModelsJudgement, 'judgements'>): 0 | 1 | 2 {
  return exitCodeOf({ checks: run.judgements.flatMap((j) => j.report.checks) });
}

interface ModelScope {
  listsModels: boolean;
  /** The governed models: the judging policy's, then those only the PR's policy adds. */
  models: ModelLocation[];
  /** Names only the PR's policy lists. */
  addedByChange: string[];
  base?: { commit: string };
  policyPath: string;
}

/**
 * The governed models and the base, through the gate's own answers: the policy that judges (`readJudgingPolicy`) and
 * the models a change is judged for (the release locator's `judgedModels`).
 */
async function modelScope(
  git: GitRepository,
  root: string,
  policyPath: string,
  baseRef: string | undefined,
): Promise<ModelScope> {
  const read = await readJudgingPolicy(root, git, await git.isRepository(), policyPath, baseRef);
  const judging = policyOrDefaults(readPolicyDocument(policyPath, read.policyDocument));
  const head = read.headPolicy ? readPolicyDocument(policyPath, read.headPolicy) : undefined;
  const models = judgedModels(judging, head?.kind === 'valid' ? head.policy : undefined);
  const judgingNames = new Set(listsModels(judging) ? governedModels(judging).map((m) => m.name) : []);
  return {
    listsModels: models.some((m) => m.name !== undefined),
    models,
    addedByChange: models.filter((m) => m.name !== undefined && !judgingNames.has(m.name)).map((m) => m.name!),
    ...(read.base.kind === 'found' ? { base: { commit: read.base.commit } } : {}),
    policyPath,
  };
}

/**
 * The models the change touches, or why every model must be judged: no base to diff against, git could not list the
 * change, or the change touches the policy or a shared audit log.
 */
async function touchedModels(
  git: GitRepository,
  scope: ModelScope,
): Promise<{ models: ModelLocation[] } | { all: string }> {
  if (!scope.base) return { all: 'no base revision to compare the change with' };
  const changed = await git.changedPaths(scope.base.commit);
  if (!changed) return { all: 'git could not list what the change touches' };
  if (changed.includes(scope.policyPath)) return { all: `the change touches the policy (${scope.policyPath})` };
  const logs = [...new Set(scope.models.map((m) => auditLogOf(m)))].filter((l) => changed.includes(l));
  const logged = new Set<string>();
  for (const log of logs) {
    const appended = await appendedModels(git, scope.base.commit, log);
    if (!appended) return { all: `the change rewrites the audit log ${log}, which models share` };
    for (const name of appended) logged.add(name);
  }
  // The base's manifests in one git process: fifty models must not cost fifty.
  const baseManifests = await git
    .readBlobs(scope.models.map((m) => `${scope.base!.commit}:${m.manifest}`))
    .catch(() => new Map<string, Buffer | undefined>());
  const models: ModelLocation[] = [];
  for (const m of scope.models) {
    const head = await readRepositoryBytes(git.root, m.manifest);
    const artifacts = artifactPaths(m.manifest, [head, baseManifests.get(`${scope.base.commit}:${m.manifest}`)]);
    if (logged.has(m.name!) || changed.some((p) => touchesModel(m, m.name, artifacts, p))) models.push(m);
  }
  return { models };
}

/**
 * The models whose events a change appends to a shared audit log, or undefined when the change is not a plain append
 * (a line of the base's log edited, removed or reordered, a line that is not an event naming a model): then every
 * model sharing the log is judged, since any of their histories may have been rewritten.
 */
async function appendedModels(git: GitRepository, baseCommit: string, log: string): Promise<string[] | undefined> {
  const before = (await git.readFileAt(baseCommit, log).catch(() => undefined)) ?? Buffer.alloc(0);
  const after = await readRepositoryBytes(git.root, log);
  if (!after || after.length < before.length || !after.subarray(0, before.length).equals(before)) return undefined;
  if (before.length > 0 && before[before.length - 1] !== 0x0a) return undefined;
  const names: string[] = [];
  for (const line of after.subarray(before.length).toString('utf8').split('\n')) {
    if (line === '') continue;
    const model = (parseJsonDocument(log, Buffer.from(line)).value as { model?: unknown } | undefined)?.model;
    if (typeof model !== 'string') return undefined;
    names.push(model);
  }
  return names;
}

/** The `name` a manifest states, or undefined when it cannot be read or states none. */
async function manifestNameOf(root: string, manifestPath: string): Promise<string | undefined> {
  const bytes = await readRepositoryBytes(root, manifestPath).catch(() => undefined);
  if (!bytes) return undefined;
  const value = parseJsonDocument(manifestPath, bytes).value as { name?: unknown } | undefined;
  return typeof value?.name === 'string' && value.name !== '' ? value.name : undefined;
}

/** Artifact paths a model's manifest lists, in the working tree and on the base (either may move a file). */
function artifactPaths(manifestPath: string, manifests: Array<Uint8Array | undefined>): string[] {
  const paths = new Set<string>();
  for (const bytes of manifests) {
    if (!bytes) continue;
    const value = parseJsonDocument(manifestPath, bytes).value as { artifacts?: unknown } | undefined;
    if (!Array.isArray(value?.artifacts)) continue;
    for (const a of value.artifacts as Array<{ path?: unknown }>) if (typeof a?.path === 'string') paths.add(a.path);
  }
  return [...paths];
}
