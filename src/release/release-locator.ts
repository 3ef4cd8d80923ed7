/**
 * The release locator: for model M (at any revision), which manifest, which bias report, which archive folder, which
 * audit log and which of its events, and which policy judges it. Every command and check asks here, so the answer is
 * written once.
 *
 * A policy without `models:` governs one model at the paths of `model:` (the single-model layout every repository
 * started with); its name is whatever the manifest says. A policy with `models:` governs each listed model; each
 * model's effective policy is the policy with that model's paths in `model` and its own `bias`, `performance` and
 * `promotion` fields laid over the policy's (thresholds as a whole: a forecaster's MAE gate does not inherit a
 * classifier's AUC minimum). Checks keep reading `policy.model.*`: they are handed the model's policy.
 *
 * Pure: no I/O. Reading a release at a revision is `readReleaseAt` in `release-files.ts`.
 */
import type { ModelEntry, Policy } from '../policy/policy.js';

/** The audit log's file name inside an archive folder (docs/evidence.md). */
export const AUDIT_LOG_FILE = 'audit-log.jsonl';

/** Where one governed model's release lives, and the policy that judges it. */
export interface ModelLocation {
  /** The policy's name for the model; undefined for a single-model policy (the manifest names the model). */
  name?: string;
  manifest: string;
  biasReport: string;
  /** The folder of the write-once archive and of the audit log (shared by models that name the same folder). */
  archiveDir: string;
  /** The policy with this model's paths in `model` and its own thresholds: what checks and commands are given. */
  policy: Policy;
}

/** Why a model could not be chosen: the CLI prints the message and the fix (exit 2). */
export class ModelSelectionError extends Error {
  override name = 'ModelSelectionError';
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

/** True when the policy lists its models (`models:`), so commands must know which one they act on. */
export function listsModels(policy: Policy): boolean {
  return Array.isArray(policy.models) && policy.models.length > 0;
}

/** Every model the policy governs, in the policy's order; one unnamed location for a single-model policy. */
export function governedModels(policy: Policy): ModelLocation[] {
  if (!listsModels(policy)) return [{ ...policy.model, policy }];
  return policy.models!.map((entry) => locationOf(policy, entry));
}

function locationOf(policy: Policy, entry: ModelEntry): ModelLocation {
  const archiveDir = entry.archiveDir ?? policy.model.archiveDir;
  const model = { manifest: entry.manifest, biasReport: entry.biasReport, archiveDir };
  const modelPolicy: Policy = {
    ...policy,
    model,
    bias: {
      ...policy.bias,
      ...entry.bias,
      thresholds: { ...(entry.bias?.thresholds ?? policy.bias.thresholds) },
    },
    performance: { thresholds: { ...(entry.performance?.thresholds ?? policy.performance.thresholds) } },
    promotion: { ...policy.promotion, ...entry.promotion },
  };
  return { name: entry.name, ...model, policy: modelPolicy };
}

/**
 * The models a change is judged for: the judging (base) policy's, then those only the PR's own policy lists (a model
 * being added is judged, never skipped). An added model is located by the PR's paths but judged by the judging
 * policy's gates: the PR's entry never brings its own thresholds (the `policy` check asks the board for the change).
 * A judging policy without `models:` keeps its one model; the PR's entry naming that model's manifest only names it.
 */
export function judgedModels(judging: Policy, head: Policy | undefined): ModelLocation[] {
  const entries = head && listsModels(head) ? head.models! : [];
  if (!listsModels(judging) && entries.length === 0) return governedModels(judging);
  const located = listsModels(judging) ? governedModels(judging) : [];
  for (const entry of entries) {
    if (located.some((m) => m.name === entry.name)) continue;
    if (!listsModels(judging) && entry.manifest === judging.model.manifest) {
      located.push(selectModel(judging, entry.name));
      continue;
    }
    const { bias: _bias, performance: _performance, promotion: _promotion, ...paths } = entry;
    const models = [...(listsModels(judging) ? judging.models! : []), paths];
    located.push(selectModel({ ...judging, models }, entry.name));
  }
  return located;
}

/**
 * The model a command acts on: `--model NAME` when given (it must be listed), the only model otherwise. A policy that
 * lists several models and no name is an error naming them, never "the first one": a write to the wrong model's
 * files voids its approvals.
 */
export function selectModel(policy: Policy, name: string | undefined): ModelLocation {
  const models = governedModels(policy);
  if (name === undefined) {
    if (models.length === 1) return models[0]!;
    throw new ModelSelectionError(
      `the policy governs ${models.length} models (${namesOf(models)}); say which one this command is for`,
      `pass --model NAME, one of: ${namesOf(models)}`,
    );
  }
  if (!listsModels(policy)) {
    const only = models[0]!;
    // A single-model policy does not name its model; the manifest does, and the checks compare the two.
    return { ...only, name };
  }
  const found = models.find((m) => m.name === name);
  if (found) return found;
  throw new ModelSelectionError(
    `the policy does not govern a model named ${JSON.stringify(name)} (it governs ${namesOf(models)})`,
    `pass --model with one of: ${namesOf(models)}, or add the model to the policy's models: list through a reviewed pull request`,
  );
}

/** The model whose manifest is at `manifestPath`, when the policy governs one there. */
export function modelAtManifest(policy: Policy, manifestPath: string): ModelLocation | undefined {
  return governedModels(policy).find((m) => m.manifest === manifestPath);
}

const namesOf = (models: ModelLocation[]): string => models.map((m) => m.name ?? m.manifest).join(', ');

/** An archive directory as a policy may write it (`artifacts/`), without trailing slashes: what paths start with. */
export function archiveRoot(archiveDir: string): string {
  return archiveDir.replace(/\/+$/, '');
}

/** The folder release `version` of `model` is archived in: `<archiveDir>/<model>/<version>`. */
export function archiveFolder(archiveDir: string, model: string, version: string): string {
  return `${archiveRoot(archiveDir)}/${model}/${version}`;
}

/** The hash-chained audit log of a model: one per archive folder, shared by the models that share the folder. */
export function auditLogOf(location: Pick<ModelLocation, 'archiveDir'>): string {
  return `${archiveRoot(location.archiveDir)}/${AUDIT_LOG_FILE}`;
}

/** The audit events that are this model's: a shared log holds every model's, told apart by `model`. */
export function eventsOfModel<E extends { model: string }>(events: readonly E[], model: string): E[] {
  return events.filter((e) => e.model === model);
}

/**
 * The bias report a release is judged with: the one the policy names, never the one the manifest declares (a PR
 * controls the manifest; a manifest naming another file is the `bias` check's BIAS_REPORT_PATH_MISMATCH).
 */
export function biasReportOf(location: Pick<ModelLocation, 'biasReport'>): string {
  return location.biasReport;
}

/**
 * The paths whose change touches a model, for deciding which models a pull request asks to be judged: its manifest,
 * bias report and archive folder, the folders holding its manifest and artifacts (a file added beside the weights is
 * the `checksums` check's), and the artifacts the manifest lists (head and base). Anything outside them cannot change
 * what the gate judges of this model, except the policy and the shared audit log, which touch every model.
 */
export function touchesModel(
  location: ModelLocation,
  modelName: string | undefined,
  artifactPaths: readonly string[],
  changedPath: string,
): boolean {
  if (changedPath === location.manifest || changedPath === location.biasReport) return true;
  if (artifactPaths.includes(changedPath)) return true;
  const folders = [dirOf(location.manifest), ...artifactPaths.map(dirOf)].filter((d) => d !== '');
  if (folders.some((d) => changedPath.startsWith(d + '/'))) return true;
  return modelName !== undefined && changedPath.startsWith(archiveFolder(location.archiveDir, modelName, ''));
}

const dirOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
