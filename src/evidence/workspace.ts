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

const execFileAsync = promisify(execFile);

/** Where the policy lives (docs/design.md, "Rules of the house"). */
export const POLICY_FILE = DEFAULT_POLICY_PATH;

/** A failure the user can fix; `exitCode` 2 = could not do it, 1 = refused on the merits (e.g. evidence differs). */
export class EvidenceError extends Error {
  override name = 'EvidenceError';
  constructor(
    message: string,
    readonly fix?: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
  }
}

export interface Workspace {
  /** Absolute repository root. */
  root: string;
  git: GitRepository;
  /** The working tree's policy with defaults (the commands act on the working tree; the gate judges with the base's). */
  policy: Policy;
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

/** Opens the repository at `dir`: it must be a git repository; the policy file is optional (defaults apply). */
export async function openWorkspace(dir: string): Promise<Workspace> {
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
  return { root, git, policy: policyFromBytes(bytes) };
}

/**
 * Who is acting, for audit events: the `--actor` flag, else `git config user.email` (or `user.name`), else the OS
 * user. Never a token: only these identity sources are consulted.
 */
export async function resolveActor(root: string, flag: string | undefined): Promise<string> {
  if (flag && flag.trim()) return flag.trim();
  for (const key of ['user.email', 'user.name']) {
    try {
      const { stdout } = await execFileAsync('git', ['config', '--get', key], { cwd: root });
      if (stdout.trim()) return stdout.trim();
    } catch {
      // not set: try the next source
    }
  }
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
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
 * The policy's paths are where a write command may write (`model.manifest`, `model.biasReport`, `model.archiveDir`).
 * They are taken from the working tree, which a pull request controls, so a write command that has a base revision
 * refuses when they differ from the base's policy: a PR cannot point `mlgov rollback` or `mlgov archive` at
 * `.github/workflows/` by editing its own policy. A base without a policy file means the defaults.
 */
export async function assertPolicyPathsOfBase(ws: Workspace, base: { ref: string; commit: string }): Promise<void> {
  const spec = `${base.commit}:${POLICY_FILE}`;
  const basePolicy = policyFromBytes((await ws.git.readBlobs([spec])).get(spec));
  const differing = (['manifest', 'biasReport', 'archiveDir'] as const).filter(
    (k) => basePolicy.model[k] !== ws.policy.model[k],
  );
  if (differing.length === 0) return;
  throw new EvidenceError(
    `the working tree's ${POLICY_FILE} moves ${differing.map((k) => `model.${k} (${basePolicy.model[k]} on ${base.ref}, ${ws.policy.model[k]} here)`).join(', ')}; write commands write only to the base policy's paths`,
    `run the command on a checkout whose policy paths are the base's (git checkout ${base.ref} -- ${POLICY_FILE}), or merge the policy change first`,
    1,
  );
}

export { isSafeRelativePath } from './archive-plan.js';
