import * as core from '@actions/core';
import { runCheckMode, messageOf, type ModeOutcome } from './check-mode.js';
import { runRecordMode } from './record-mode.js';
import { jiraEnvironmentOf, readActionSettings, secretsOfSettings } from './settings.js';

/**
 * The action: read the settings once, mask the secrets before anything can print them, run the mode, and fail the
 * step (the only `core.setFailed` in the action) with the reason when the mode says so. Never throws.
 */
export async function run(
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
): Promise<ModeOutcome> {
  let outcome: ModeOutcome;
  try {
    const settings = readActionSettings(env, cwd);
    for (const secret of secretsOfSettings(settings)) core.setSecret(secret);
    // The Jira source reads JIRA_* like the CLI does; set them for this process only (never exported to later steps).
    Object.assign(process.env, jiraEnvironmentOf(settings.jira));
    outcome = settings.command === 'record' ? await runRecordMode(settings, env) : await runCheckMode(settings, env);
  } catch (err) {
    outcome = { failure: `mlgov could not complete: ${messageOf(err)}` };
    if (env['RUNNER_DEBUG'] === '1' && err instanceof Error && err.stack) core.debug(err.stack);
  }
  if (outcome.failure) core.setFailed(outcome.failure);
  return outcome;
}
