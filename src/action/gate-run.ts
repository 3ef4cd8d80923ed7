import { ticketSourceFromSettings } from '../adapters/jira-ticket-source.js';
import type { PullRequestFacts } from '../release/review-facts.js';
import type { Report } from '../release/report.js';
import { runGate, type GateOptions } from '../gate/run-gate.js';
import { runGateOverModels, type ModelsJudgement } from '../gate/judge-models.js';
import type { ActionSettings } from './settings.js';

/**
 * Runs the same gate use case as `mlgov check`, with the action's `jira-*` inputs as the Jira source. When they are
 * absent or invalid the gate is told why, and the `jira` check fails closed with that reason.
 */
export async function runGateForAction(
  settings: ActionSettings,
  options: { baseRef?: string; pr?: PullRequestFacts; now: Date },
): Promise<Report> {
  return runGate(gateOptionsOf(settings, options));
}

/**
 * Check mode: the gate over the policy's models, as `mlgov check` runs it (the `model` and `all-models` inputs are
 * `--model` and `--all`); a single-model policy judges its one model exactly as before.
 */
export async function runGateOverModelsForAction(
  settings: ActionSettings,
  options: { baseRef?: string; pr?: PullRequestFacts; now: Date },
): Promise<ModelsJudgement> {
  return runGateOverModels({
    ...gateOptionsOf(settings, options),
    ...(settings.model !== undefined ? { model: settings.model } : {}),
    all: settings.allModels,
  });
}

function gateOptionsOf(
  settings: ActionSettings,
  options: { baseRef?: string; pr?: PullRequestFacts; now: Date },
): GateOptions {
  const jira = ticketSourceFromSettings(settings.jira, settings.jiraTransport);
  const gateOptions: GateOptions = {
    repoRoot: settings.runner.workspace,
    ...(settings.policyPath ? { policyPath: settings.policyPath } : {}),
    ...(options.baseRef ? { baseRef: options.baseRef } : {}),
    ...(options.pr ? { pr: options.pr } : {}),
    now: options.now,
    jira:
      jira.kind === 'configured' ? { source: jira.source } : { problem: { kind: jira.kind, message: jira.message } },
  };
  return gateOptions;
}
