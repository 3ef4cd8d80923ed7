import { ticketSourceFromEnvironment } from '../adapters/jira-ticket-source.js';
import type { GatherOptions } from '../gate/gather.js';
import type { CliIo } from './cli-io.js';

/**
 * Jira as the environment configures it (`JIRA_BASE_URL` + `JIRA_EMAIL` + `JIRA_API_TOKEN`, or `JIRA_PAT`): a
 * source, or why there is none, so the `jira` check fails closed with the reason. Nothing when offline.
 */
export function jiraFromEnvironment(online: boolean, env: CliIo['env']): Pick<GatherOptions, 'jira'> {
  if (!online) return {};
  const jira = ticketSourceFromEnvironment(env);
  return { jira: jira.kind === 'configured' ? { source: jira.source } : { problem: jira } };
}
