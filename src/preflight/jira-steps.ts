/**
 * The Jira steps of preflight: configured, reachable, credentials accepted (/myself), the policy's project exists,
 * the manifest's ticket readable. Each runs when what it needs passed; otherwise it says what it was not checked for.
 */
import { ticketSourceFromEnvironment } from '../adapters/jira-ticket-source.js';
import { jiraFailureAdvice } from '../checks/jira.js';
import { issueRequestFor } from '../gate/gather-ticket.js';
import { isJiraKey, projectOfKey, type TicketFailure, type TicketSource } from '../release/ticket-facts.js';
import { notChecked, OFFLINE_REASON, type PreflightContext, type PreflightStep } from './preflight.js';

const TITLES = {
  'jira-config': 'jira config',
  'jira-reachable': 'jira reachable',
  'jira-credentials': 'jira credentials',
  'jira-project': 'jira project',
  'jira-ticket': 'jira ticket',
} as const;
type JiraStepId = keyof typeof TITLES;

const ok = (id: JiraStepId, message: string): PreflightStep => ({ id, title: TITLES[id], status: 'ok', message });
const skipped = (ids: JiraStepId[], cause: string) => ids.map((id) => notChecked(id, TITLES[id], cause));

function failureStep(id: JiraStepId, failure: TicketFailure, deployment: TicketSource['deployment']): PreflightStep {
  const advice = jiraFailureAdvice(failure, deployment);
  return { id, title: TITLES[id], status: 'fail', message: `${advice.meaning} ${failure.message}`, fix: advice.fix };
}

const NETWORK_STEPS: JiraStepId[] = ['jira-reachable', 'jira-credentials', 'jira-project', 'jira-ticket'];

/**
 * `--offline`: the settings are still read and judged (a base URL without a scheme or a pasted issue address fails
 * here, with the site address as the fix); the steps that ask Jira are skipped, one line each. Jira not configured
 * at all is a skip, not a failure: `mlgov check --offline` does not need it.
 */
export function jiraOfflineSteps(ctx: PreflightContext): PreflightStep[] {
  const configured = ticketSourceFromEnvironment(ctx.env);
  const config: PreflightStep =
    configured.kind === 'configured'
      ? ok('jira-config', configured.description)
      : configured.kind === 'not-configured'
        ? {
            id: 'jira-config',
            title: TITLES['jira-config'],
            status: 'skip',
            message: `${configured.message} Not needed with --offline.`,
          }
        : {
            id: 'jira-config',
            title: TITLES['jira-config'],
            status: 'fail',
            message: configured.message,
            fix: configured.fix,
          };
  return [config, ...skipped(NETWORK_STEPS, OFFLINE_REASON)];
}

export async function jiraSteps(ctx: PreflightContext): Promise<PreflightStep[]> {
  const configured = ticketSourceFromEnvironment(ctx.env);
  if (configured.kind !== 'configured') {
    // The settings problem already names the variable; the fix says what to set for Cloud and Data Center.
    return [
      {
        id: 'jira-config',
        title: TITLES['jira-config'],
        status: 'fail',
        message: configured.message,
        fix: configured.fix,
      },
      ...skipped(NETWORK_STEPS, 'Jira is not configured'),
    ];
  }
  const source = configured.source;
  const steps: PreflightStep[] = [ok('jira-config', configured.description)];

  const me = await source.readMyself();
  if (me.kind === 'unreachable' || me.kind === 'server-error' || me.kind === 'rate-limited') {
    return [
      ...steps,
      failureStep('jira-reachable', me, source.deployment),
      ...skipped(['jira-credentials', 'jira-project', 'jira-ticket'], 'Jira could not be reached'),
    ];
  }
  steps.push(ok('jira-reachable', `${source.baseUrl} answers.`));
  if (me.kind !== 'ok') {
    return [
      ...steps,
      failureStep('jira-credentials', me, source.deployment),
      ...skipped(['jira-project', 'jira-ticket'], 'Jira did not accept the credentials'),
    ];
  }
  steps.push(
    ok(
      'jira-credentials',
      `accepted: authenticated as ${me.displayName}${me.id && me.id !== me.displayName ? ` (${me.id})` : ''}.`,
    ),
  );
  if (!ctx.policyValid) {
    return [
      ...steps,
      ...skipped(['jira-project', 'jira-ticket'], 'the policy is invalid, so its Jira project is unknown'),
    ];
  }
  return [...steps, await projectStep(source, ctx), await ticketStep(source, ctx)];
}

async function projectStep(source: TicketSource, ctx: PreflightContext): Promise<PreflightStep> {
  const project = ctx.policy.jira.project;
  const p = await source.readProject(project);
  if (p.kind === 'ok') return ok('jira-project', `${p.key}${p.name ? ` (${p.name})` : ''} exists.`);
  const step = failureStep('jira-project', p, source.deployment);
  if (p.kind === 'not-found') {
    step.message = `Project ${project} does not exist or the account cannot see it. ${p.message}`;
    step.fix = `Check jira.project in the policy (${project}) and give the account "Browse projects" on it.`;
  }
  return step;
}

async function ticketStep(source: TicketSource, ctx: PreflightContext): Promise<PreflightStep> {
  const id = 'jira-ticket';
  const project = ctx.policy.jira.project;
  const key = ctx.manifestKey;
  if (!key) {
    return {
      id,
      title: TITLES[id],
      status: 'fail',
      message: 'The manifest names no Jira ticket ("jira").',
      fix: `Add "jira": "${project}-<number>" to the manifest.`,
    };
  }
  if (!isJiraKey(key) || projectOfKey(key) !== project) {
    return {
      id,
      title: TITLES[id],
      status: 'fail',
      message: `The manifest's "jira" value "${key.slice(0, 40)}" is not a ${project} issue key.`,
      fix: `Write the key of the ${project} ticket that holds the board's sign-off, e.g. ${project}-123.`,
    };
  }
  const issue = await source.readIssue(key, issueRequestFor(ctx.policy));
  if (issue.kind !== 'found') return failureStep(id, issue, source.deployment);
  const { allowedStatuses } = ctx.policy.jira;
  const status = issue.issue.status;
  if (allowedStatuses.some((s) => s.trim().toLowerCase() === status.trim().toLowerCase())) {
    return ok(id, `${issue.issue.key} is readable (status ${status}).`);
  }
  return {
    id,
    title: TITLES[id],
    status: 'warn',
    message: `${issue.issue.key} is readable but in status "${status}"; the gate allows only: ${allowedStatuses.join(', ')}.`,
    fix: `The board moves ${issue.issue.key} to ${allowedStatuses.join(' or ')} once it has signed off.`,
  };
}
