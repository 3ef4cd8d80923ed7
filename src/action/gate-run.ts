import { ticketSourceFromSettings } from '../adapters/jira-ticket-source.js';
import type { PullRequestFacts } from '../release/review-facts.js';
import type { Report } from '../release/report.js';
import { runGate, type GateOptions } from '../gate/run-gate.js';
import type { ActionSettings } from './settings.js';

/**
 * Runs the same gate use case as `mlgov check`, with the action's `jira-*` inputs as the Jira source. When they are
 * absent or invalid the gate is told why, and the `jira` check fails closed with that reason.
 */
export async function runGateForAction(
  settings: ActionSettings,
  options: { baseRef?: string; pr?: PullRequestFacts; now: Date },
): Promise<Report> {
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
  return runGate(gateOptions);
}
