/**
 * The preflight use case: configuration and connectivity diagnostics for first set-up and for debugging CI. Every
 * step runs and reports one line, so one run shows everything that is wrong (a user fixing the policy should not
 * learn about the Jira token only on the next run). A step that depends on one that failed says "not checked" and
 * why, instead of guessing. `offline` runs the local steps (the repository, the settings in the environment) and
 * skips every step that needs the network, one line each.
 */
import type { Policy } from '../policy/policy.js';
import { jiraOfflineSteps, jiraSteps } from './jira-steps.js';
import { gitBaseStep, manifestStep, policyStep } from './repository-steps.js';

/** One diagnostic line. `fail` makes preflight exit 2; `skip` says what was not checked and why. */
export interface PreflightStep {
  id: string;
  title: string;
  status: 'ok' | 'warn' | 'fail' | 'skip';
  message: string;
  fix?: string;
}

/** What a probe may use; gathered by the repository steps before the probes run. */
export interface PreflightContext {
  repoRoot: string;
  env: Record<string, string | undefined>;
  /** The effective policy (defaults filled in; the defaults when the policy file is invalid). */
  policy: Policy;
  /** False when the policy file exists but is invalid: steps that need its values say they were not checked. */
  policyValid: boolean;
  /** The manifest's `jira` value, when the manifest parsed. */
  manifestKey?: string;
}

/**
 * A group of steps that reaches an outside system (Jira, GitHub, a bucket). A new one (the bucket's, in
 * `src/preflight/s3-steps.ts`) is one object of this shape, added with one line to the faces' list of probes.
 */
export interface PreflightProbe {
  id: string;
  title: string;
  /** Every step, the network ones included. */
  run(ctx: PreflightContext): Promise<PreflightStep[]>;
  /**
   * `--offline`: the steps that need no network (settings read from the environment), then one `skip` line per
   * network step saying it was not checked. A probe without it is one `skip` line as a whole.
   */
  offline?(ctx: PreflightContext): PreflightStep[];
}

/** Why a network step did not run under `--offline`; the same words on every such line. */
export const OFFLINE_REASON = 'needs the network (--offline)';

export interface PreflightOptions {
  repoRoot: string;
  baseRef?: string;
  policyPath?: string;
  env: Record<string, string | undefined>;
  /** Skip every probe (no network); each says so in one line. */
  offline?: boolean;
  /** The probes to run after the repository steps, in order (default: Jira, then the GitHub token). */
  probes: readonly PreflightProbe[];
}

export interface PreflightResult {
  ok: boolean;
  /** Ids of the steps that failed, in order. */
  failed: string[];
  steps: PreflightStep[];
}

/** Jira is the first probe; the faces add theirs (the GitHub token) after it. */
export const jiraProbe: PreflightProbe = { id: 'jira', title: 'jira', run: jiraSteps, offline: jiraOfflineSteps };

export async function runPreflight(options: PreflightOptions): Promise<PreflightResult> {
  const root = options.repoRoot;
  const policy = await policyStep(root, options.policyPath);
  const manifest = await manifestStep(root, policy);
  const steps: PreflightStep[] = [policy.step, manifest.step, ...(await gitBaseStep(root, options.baseRef))];
  const ctx: PreflightContext = {
    repoRoot: root,
    env: options.env,
    policy: policy.policy,
    policyValid: policy.valid,
    ...(manifest.key ? { manifestKey: manifest.key } : {}),
  };
  for (const probe of options.probes) {
    steps.push(...(options.offline ? offlineStepsOf(probe, ctx) : await runProbe(probe, ctx)));
  }
  const failed = steps.filter((s) => s.status === 'fail').map((s) => s.id);
  return { ok: failed.length === 0, failed, steps };
}

/** A probe that throws is a failed line of its own, never a crash of preflight. */
async function runProbe(probe: PreflightProbe, ctx: PreflightContext): Promise<PreflightStep[]> {
  try {
    return await probe.run(ctx);
  } catch (err) {
    return [probeFailed(probe, err)];
  }
}

/** A probe's local steps under `--offline`; a probe that has none is one line saying it was not checked. */
function offlineStepsOf(probe: PreflightProbe, ctx: PreflightContext): PreflightStep[] {
  if (!probe.offline) return [notChecked(probe.id, probe.title, OFFLINE_REASON)];
  try {
    return probe.offline(ctx);
  } catch (err) {
    return [probeFailed(probe, err)];
  }
}

function probeFailed(probe: PreflightProbe, err: unknown): PreflightStep {
  const message = `the probe failed: ${err instanceof Error ? err.message : String(err)}`;
  return { id: probe.id, title: probe.title, status: 'fail', message };
}

/** The line for a step that was not run because `cause` failed or is unknown. */
export function notChecked(id: string, title: string, cause: string): PreflightStep {
  return { id, title, status: 'skip', message: `not checked: ${cause}.` };
}
