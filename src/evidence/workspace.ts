/**
 * What the evidence commands (archive, rollback, audit, log) need to know about the repository they run in: its
 * root, git, the policy, who is acting and which revision is the base. Operational failures are
 * {@link EvidenceError}s carrying the fix; the CLI face turns them into its own error type.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { openGitRepository, type GitRepository } from '../adapters/git-repository.js';
import { DEFAULT_POLICY_PATH, PolicyUnusableError, readPolicyBytes } from '../policy/read-policy.js';
import type { Policy } from '../policy/policy.js';
import { resolveBaseRevision as resolveBase } from '../release/base-revision.js';
import { ModelSelectionError, selectModel, type ModelLocation } from '../release/release-locator.js';
import { EvidenceError } from './evidence-error.js';

export { EvidenceError };

const execFileAsync = promisify(execFile);

/** Where the policy lives (docs/design.md, "Rules of the house"). */
export const POLICY_FILE = DEFAULT_POLICY_PATH;

export interface Workspace {
  /** Absolute repository root. */
  root: string;
  git: GitRepository;
  /**
   * The effective policy of the model the command acts on: the working tree's policy with defaults (the commands act
   * on the working tree; the gate judges with the base's), the model's paths in `policy.model`.
   */
  policy: Policy;
  /** The model the command acts on (the locator's answer): its manifest, bias report and archive folder. */
  location: ModelLocation;
}

export interface WorkspaceOptions {
  /** `--model NAME`: required when the policy lists several models (src/release/release-locator.ts). */
  model?: string;
}

/**
 * The policy a file states, read strictly (parse + schema, as the gate does); an unusable policy is an error with its
 * line, never "use the defaults instead". Absent bytes mean the defaults.
 */
export function policyFromBytes(bytes: Uint8Array | undefined, file = POLICY_FILE): Policy {
  const reading = readPolicyBytes(file, bytes);
  if (reading.kind === 'invalid') {
    const err = new PolicyUnusableError(reading);
    throw new EvidenceError(err.message, err.fix);
  }
  return reading.policy;
}

/**
 * Opens the repository at `dir`: it must be a git repository; the policy file is optional (defaults apply). The model
 * is chosen by the locator: a policy listing several models and no `model` is a {@link ModelSelectionError} naming
 * them (the CLI prints it with the fix, exit 2), never "the first one".
 */
export async function openWorkspace(dir: string, options: WorkspaceOptions = {}): Promise<Workspace> {
  const root = resolve(dir);
  const git = openGitRepository(root);
  if (!(await git.isRepository())) {
    throw new EvidenceError(
      `${root} is not a git repository`,
      'run mlgov inside the model repository, or pass --repo DIR',
    );
  }
  let bytes: Buffer | undefined;
  try {
    bytes = await readFile(resolve(root, POLICY_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const location = selectModel(policyFromBytes(bytes), options.model);
  return { root, git, policy: location.policy, location };
}

/**
 * Who is acting, for audit events: the `--actor` flag, else `git config user.email` (or `user.name`), else the OS
 * user. Never a token: only these identity sources are consulted.
 */
export async function resolveActor(root: string, flag: string | undefined): Promise<string> {
  // One rule for every source, the OS user's name included: the first that is not blank, trimmed.
  const sources = [
    () => flag,
    () => gitConfigValue(root, 'user.email'),
    () => gitConfigValue(root, 'user.name'),
    osUserName,
  ];
  for (const source of sources) {
    const name = (await source())?.trim();
    if (name) return name;
  }
  return 'unknown';
}

/** `git config --get KEY` in `root`, or undefined when it is not set (git exits 1) or git cannot answer. */
async function gitConfigValue(root: string, key: string): Promise<string | undefined> {
  return execFileAsync('git', ['config', '--get', key], { cwd: root }).then(
    ({ stdout }) => stdout,
    () => undefined,
  );
}

/** The OS user's name, or undefined for a uid without an account (no passwd entry: `userInfo` throws). */
function osUserName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

/** The base revision (`--base REF`, else the default branch's tip); anything else is an error with the fix. */
export async function resolveBaseRevision(
  git: GitRepository,
  ref: string | undefined,
): Promise<{ ref: string; commit: string }> {
  const base = await resolveBase(git, ref);
  if (base.kind === 'found') return { ref: base.ref, commit: base.commit };
  throw new EvidenceError(
    base.kind === 'none' ? `no base revision: ${base.reason}` : base.reason,
    base.kind === 'none' ? 'fetch the base branch, or pass an existing --base REF' : base.fix,
  );
}

/**
 * The model's paths are where a write command may write (`model.manifest`, `model.biasReport`, `model.archiveDir` of
 * the model's effective policy). They are taken from the working tree, which a pull request controls, so a write
 * command that has a base revision refuses when they differ from the paths the base's policy gives the same model: a
 * PR cannot point `mlgov rollback` or `mlgov archive` at `.github/workflows/` (or at another model's files) by editing
 * its own policy. A base without a policy file means the defaults. A model the base's policy does not govern (a PR
 * adding it, or renaming one) has no paths on the base to write to: refused until the policy change is merged.
 */
export async function assertPolicyPathsOfBase(ws: Workspace, base: { ref: string; commit: string }): Promise<void> {
  const spec = `${base.commit}:${POLICY_FILE}`;
  const basePolicy = policyFromBytes((await ws.git.readBlobs([spec])).get(spec));
  const model = ws.location.name;
  let onBase: ModelLocation;
  try {
    onBase = selectModel(basePolicy, model);
  } catch (err) {
    if (!(err instanceof ModelSelectionError)) throw err;
    throw new EvidenceError(
      `the base revision ${base.ref} does not govern ${model === undefined ? 'this model' : `the model ${JSON.stringify(model)}`} as the working tree's ${POLICY_FILE} does (${err.message}); write commands write only to the base policy's paths`,
      `merge the policy change that adds the model to ${base.ref} first, or pass --model with a model ${base.ref}'s policy governs`,
      1,
    );
  }
  const here = ws.policy.model;
  const differing = (['manifest', 'biasReport', 'archiveDir'] as const).filter((k) => onBase[k] !== here[k]);
  if (differing.length === 0) return;
  const field = (k: string) => (model === undefined ? `model.${k}` : `${model}'s ${k}`);
  throw new EvidenceError(
    `the working tree's ${POLICY_FILE} moves ${differing.map((k) => `${field(k)} (${onBase[k]} on ${base.ref}, ${here[k]} here)`).join(', ')}; write commands write only to the base policy's paths`,
    `run the command on a checkout whose policy paths are the base's (git checkout ${base.ref} -- ${POLICY_FILE}), or merge the policy change first`,
    1,
  );
}

export { isSafeRelativePath } from './archive-plan.js';

/**
 * A release's manifest names its model; a command asked about model M refuses a release that says it is another
 * model, because what it writes next (an archive folder, an audit event) is filed under the manifest's name: a
 * manifest at credit-scoring's path naming `fraud-detection` must not write into fraud-detection's archive.
 */
export function assertReleaseOfModel(location: ModelLocation, manifestName: unknown, where: string): void {
  if (location.name === undefined || manifestName === location.name) return;
  throw new EvidenceError(
    `refused: ${where} is the release of ${JSON.stringify(manifestName)}, not of the model ${location.name} this command was asked about`,
    `set "name" in ${location.manifest} to ${JSON.stringify(location.name)} (the policy's name for it), or pass --model ${typeof manifestName === 'string' ? manifestName : 'NAME'} if that is the model meant`,
    1,
  );
}
