/**
 * `mlgov preflight [--repo DIR] [--base REF] [--policy FILE] [--format text|json] [--output FILE]`
 *
 * Configuration and connectivity diagnostics, for first set-up and for debugging CI: the policy file, the manifest,
 * the git base revision, and Jira (configured, reachable, credentials accepted, project exists, the manifest's ticket
 * readable). Steps run in order and stop at the first hard failure (exit 2), each failure saying what it means and
 * what to check. Extra probes (the GitHub token: the action's work) plug in through `PreflightProbe`.
 */
import { resolve } from 'node:path';
import { emitOutput } from '../command-support.js';
import { gitHubTokenProbe } from '../github-token-probe.js';
import { openGitRepository } from '../../adapters/git-repository.js';
import { readRepositoryBytes } from '../../adapters/repository-path.js';
import { readJiraSettings, redact, secretsOf } from '../../adapters/jira-settings.js';
import { ticketSourceFromEnvironment } from '../../adapters/jira-ticket-source.js';
import { jiraFailureAdvice } from '../../checks/jira.js';
import { parseJsonDocument } from '../../formats/json-document.js';
import type { Finding } from '../../formats/finding.js';
import { validateAgainstSchema } from '../../formats/schema-validator.js';
import { issueRequestFor } from '../../gate/gather-ticket.js';
import { isJiraKey, projectOfKey, type TicketFailure, type TicketSource } from '../../gate/ticket-facts.js';
import { DEFAULT_POLICY } from '../../policy/defaults.js';
import { DEFAULT_POLICY_PATH, readPolicyBytes } from '../../policy/read-policy.js';
import type { Policy } from '../../policy/policy.js';
import { TOOL_VERSION } from '../../version.js';
import type { CliCommand, CliIo } from '../cli-io.js';
import { commonOptions, formatOption, stringOption } from '../cli-io.js';

/** One diagnostic line. `fail` is a hard failure: preflight stops there and exits 2. */
export interface PreflightStep {
  id: string;
  title: string;
  status: 'ok' | 'warn' | 'fail';
  message: string;
  fix?: string;
}

/** What a probe may use; gathered by the built-in steps before the extra probes run. */
export interface PreflightContext {
  repoRoot: string;
  env: Record<string, string | undefined>;
  /** The effective policy (defaults filled in). */
  policy: Policy;
  /** The manifest's `jira` value, when the manifest parsed. */
  manifestKey?: string;
}

/**
 * Extension point: a probe that runs after the built-in steps (e.g. the GitHub token check of the action work).
 * It returns its steps; a `fail` among them stops preflight like a built-in failure.
 */
export interface PreflightProbe {
  id: string;
  run(ctx: PreflightContext): Promise<PreflightStep[]>;
}

/**
 * Extra probes run by `mlgov preflight`, after Jira. The GitHub token probe belongs here (action work): add it to
 * this list, or build a command with `createPreflightCommand({ extraProbes })`.
 */
export const EXTRA_PREFLIGHT_PROBES: readonly PreflightProbe[] = [gitHubTokenProbe];

export interface PreflightOptions {
  repoRoot: string;
  baseRef?: string;
  policyPath?: string;
  env: Record<string, string | undefined>;
  extraProbes?: readonly PreflightProbe[];
}

export interface PreflightResult {
  ok: boolean;
  /** The step that stopped preflight, when one failed. */
  stoppedAt?: string;
  steps: PreflightStep[];
}

/** Runs the steps in order and stops at the first hard failure. */
export async function runPreflight(options: PreflightOptions): Promise<PreflightResult> {
  const steps: PreflightStep[] = [];
  const add = (s: PreflightStep): boolean => {
    steps.push(s);
    return s.status !== 'fail';
  };
  const stop = (): PreflightResult => ({ ok: false, stoppedAt: steps[steps.length - 1]?.id ?? '', steps });
  const root = options.repoRoot;

  // 1. Policy.
  const policyPath = options.policyPath ?? DEFAULT_POLICY_PATH;
  const policyStep = await checkPolicy(root, policyPath);
  if (!add(policyStep.step)) return stop();
  const policy = policyStep.policy;

  // 2. Manifest.
  const manifestStep = await checkManifest(root, policy.model.manifest);
  if (!add(manifestStep.step)) return stop();

  // 3. Git base revision.
  for (const s of await checkGit(root, options.baseRef)) if (!add(s)) return stop();

  // 4. Jira.
  for (const s of await checkJira(options.env, policy, manifestStep.key)) if (!add(s)) return stop();

  // 5. Extra probes (GitHub token...).
  const ctx: PreflightContext = {
    repoRoot: root,
    env: options.env,
    policy,
    ...(manifestStep.key ? { manifestKey: manifestStep.key } : {}),
  };
  for (const probe of options.extraProbes ?? []) {
    let probeSteps: PreflightStep[];
    try {
      probeSteps = await probe.run(ctx);
    } catch (err) {
      probeSteps = [
        {
          id: probe.id,
          title: probe.id,
          status: 'fail',
          message: `the probe failed: ${err instanceof Error ? err.message : String(err)}`,
        },
      ];
    }
    for (const s of probeSteps) if (!add(s)) return stop();
  }
  return { ok: true, steps };
}

function firstProblem(problems: Finding[]): string {
  const p = problems[0];
  if (!p) return 'could not be parsed';
  const where = p.line !== undefined ? ` (line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ''})` : '';
  return `${p.message}${where}`;
}

function schemaErrors(kind: 'policy' | 'manifest', value: unknown): string[] {
  return validateAgainstSchema(kind, value).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

async function checkPolicy(root: string, path: string): Promise<{ step: PreflightStep; policy: Policy }> {
  const title = 'policy';
  const reading = readPolicyBytes(path, await readRepositoryBytes(root, path));
  switch (reading.kind) {
    case 'absent':
      return {
        policy: reading.policy,
        step: {
          id: 'policy',
          title,
          status: 'warn',
          message: `${path} does not exist: the built-in defaults apply (Jira project ${DEFAULT_POLICY.jira.project}, statuses ${DEFAULT_POLICY.jira.allowedStatuses.join(', ')}).`,
          fix: `Commit ${path} (reviewed by the governance board) to set the roster, thresholds and Jira project.`,
        },
      };
    case 'invalid': {
      const schemaOnly = reading.problems.every((p) => p.code.startsWith('SCHEMA_'));
      const n = reading.problems.length;
      return {
        policy: DEFAULT_POLICY,
        step: schemaOnly
          ? {
              id: 'policy',
              title,
              status: 'fail',
              message: `${path} does not match the policy schema: ${reading.problems
                .slice(0, 3)
                .map((p) => p.message)
                .join('; ')}${n > 3 ? ` (and ${n - 3} more)` : ''}.`,
              fix: `Correct ${path} against schemas/policy.schema.json (\`mlgov check\` shows every error with its line).`,
            }
          : {
              id: 'policy',
              title,
              status: 'fail',
              message: `${path} could not be parsed: ${firstProblem(reading.problems)}.`,
              fix: `Fix the YAML in ${path}.`,
            },
      };
    }
    case 'valid':
      return {
        policy: reading.policy,
        step: {
          id: 'policy',
          title,
          status: 'ok',
          message: `${path} parsed and valid (Jira project ${reading.policy.jira.project}; allowed statuses: ${reading.policy.jira.allowedStatuses.join(', ')}).`,
        },
      };
  }
}

async function checkManifest(root: string, path: string): Promise<{ step: PreflightStep; key?: string }> {
  const title = 'manifest';
  const bytes = await readRepositoryBytes(root, path);
  if (!bytes) {
    return {
      step: {
        id: 'manifest',
        title,
        status: 'fail',
        message: `${path} does not exist.`,
        fix: `Create ${path} (the release manifest), or correct model.manifest in the policy.`,
      },
    };
  }
  const doc = parseJsonDocument(path, bytes);
  if (doc.problems.length > 0 || doc.value === undefined) {
    return {
      step: {
        id: 'manifest',
        title,
        status: 'fail',
        message: `${path} could not be parsed: ${firstProblem(doc.problems)}.`,
        fix: `Fix the JSON in ${path}.`,
      },
    };
  }
  const jira = (doc.value as { jira?: unknown }).jira;
  const key = typeof jira === 'string' ? jira.trim() : undefined;
  const errors = schemaErrors('manifest', doc.value);
  if (errors.length > 0) {
    return {
      ...(key ? { key } : {}),
      step: {
        id: 'manifest',
        title,
        status: 'warn',
        message: `${path} parses but does not match the manifest schema (${errors.length} error${errors.length === 1 ? '' : 's'}, first: ${errors[0]}).`,
        fix: 'Run `mlgov check` for every error with its line; the gate fails until they are fixed.',
      },
    };
  }
  return {
    ...(key ? { key } : {}),
    step: { id: 'manifest', title, status: 'ok', message: `${path} parsed and valid (jira: ${key ?? 'none'}).` },
  };
}

async function checkGit(root: string, baseRef: string | undefined): Promise<PreflightStep[]> {
  const git = openGitRepository(root);
  if (!(await git.isRepository())) {
    return [
      {
        id: 'git-base',
        title: 'git base',
        status: 'fail',
        message: `${root} is not a git repository.`,
        fix: 'Run mlgov in the repository (or pass --repo DIR).',
      },
    ];
  }
  if (baseRef !== undefined) {
    const commit = await git.resolveCommit(baseRef);
    if (!commit) {
      const shallow = await git.isShallow();
      return [
        {
          id: 'git-base',
          title: 'git base',
          status: 'fail',
          message: `The base revision "${baseRef}" does not resolve to a commit${shallow ? ' (this is a shallow clone)' : ''}.`,
          fix: shallow
            ? 'Fetch more history: in GitHub Actions set `fetch-depth: 0` on actions/checkout, or `git fetch --unshallow`.'
            : `Check the ref name (e.g. origin/main) and fetch it: git fetch origin ${baseRef.replace(/^origin\//, '')}.`,
        },
      ];
    }
    return [
      { id: 'git-base', title: 'git base', status: 'ok', message: `${baseRef} resolves to ${commit.slice(0, 12)}.` },
    ];
  }
  const found = await git.defaultBase();
  if (!found) {
    return [
      {
        id: 'git-base',
        title: 'git base',
        status: 'warn',
        message:
          'No default base found (origin/HEAD, origin/main, origin/master, main, master): the gate judges without a base (first release).',
        fix: 'Pass --base REF to compare against production, and fetch it in CI (`fetch-depth: 0`).',
      },
    ];
  }
  return [
    {
      id: 'git-base',
      title: 'git base',
      status: 'ok',
      message: `${found.ref} (merge-base ${found.commit.slice(0, 12)}).`,
    },
  ];
}

function failureStep(
  id: string,
  title: string,
  failure: TicketFailure,
  deployment: TicketSource['deployment'],
): PreflightStep {
  const advice = jiraFailureAdvice(failure, deployment);
  return { id, title, status: 'fail', message: `${advice.meaning} ${failure.message}`, fix: advice.fix };
}

async function checkJira(
  env: Record<string, string | undefined>,
  policy: Policy,
  manifestKey: string | undefined,
): Promise<PreflightStep[]> {
  const steps: PreflightStep[] = [];
  const configured = ticketSourceFromEnvironment(env);
  if (configured.kind !== 'configured') {
    // The settings problem already names the variable; the fix says what to set for Cloud and Data Center.
    return [
      { id: 'jira-config', title: 'jira config', status: 'fail', message: configured.message, fix: configured.fix },
    ];
  }
  const source = configured.source;
  steps.push({ id: 'jira-config', title: 'jira config', status: 'ok', message: configured.description });

  const me = await source.readMyself();
  if (me.kind !== 'ok') {
    if (me.kind === 'unreachable' || me.kind === 'server-error' || me.kind === 'rate-limited') {
      steps.push(failureStep('jira-reachable', 'jira reachable', me, source.deployment));
      return steps;
    }
    steps.push({ id: 'jira-reachable', title: 'jira reachable', status: 'ok', message: `${source.baseUrl} answers.` });
    steps.push(failureStep('jira-credentials', 'jira credentials', me, source.deployment));
    return steps;
  }
  steps.push({ id: 'jira-reachable', title: 'jira reachable', status: 'ok', message: `${source.baseUrl} answers.` });
  steps.push({
    id: 'jira-credentials',
    title: 'jira credentials',
    status: 'ok',
    message: `accepted: authenticated as ${me.displayName}${me.id && me.id !== me.displayName ? ` (${me.id})` : ''}.`,
  });

  const project = policy.jira.project;
  const p = await source.readProject(project);
  if (p.kind !== 'ok') {
    const step = failureStep('jira-project', 'jira project', p, source.deployment);
    if (p.kind === 'not-found') {
      step.message = `Project ${project} does not exist or the account cannot see it. ${p.message}`;
      step.fix = `Check jira.project in the policy (${project}) and give the account "Browse projects" on it.`;
    }
    steps.push(step);
    return steps;
  }
  steps.push({
    id: 'jira-project',
    title: 'jira project',
    status: 'ok',
    message: `${p.key}${p.name ? ` (${p.name})` : ''} exists.`,
  });

  if (!manifestKey) {
    steps.push({
      id: 'jira-ticket',
      title: 'jira ticket',
      status: 'fail',
      message: 'The manifest names no Jira ticket ("jira").',
      fix: `Add "jira": "${project}-<number>" to the manifest.`,
    });
    return steps;
  }
  if (!isJiraKey(manifestKey) || projectOfKey(manifestKey) !== project) {
    steps.push({
      id: 'jira-ticket',
      title: 'jira ticket',
      status: 'fail',
      message: `The manifest's "jira" value "${manifestKey.slice(0, 40)}" is not a ${project} issue key.`,
      fix: `Write the key of the ${project} ticket that holds the board's sign-off, e.g. ${project}-123.`,
    });
    return steps;
  }
  const issue = await source.readIssue(manifestKey, issueRequestFor(policy));
  if (issue.kind !== 'found') {
    steps.push(failureStep('jira-ticket', 'jira ticket', issue, source.deployment));
    return steps;
  }
  const allowed = policy.jira.allowedStatuses.some(
    (s) => s.trim().toLowerCase() === issue.issue.status.trim().toLowerCase(),
  );
  steps.push(
    allowed
      ? {
          id: 'jira-ticket',
          title: 'jira ticket',
          status: 'ok',
          message: `${issue.issue.key} is readable (status ${issue.issue.status}).`,
        }
      : {
          id: 'jira-ticket',
          title: 'jira ticket',
          status: 'warn',
          message: `${issue.issue.key} is readable but in status "${issue.issue.status}"; the gate allows only: ${policy.jira.allowedStatuses.join(', ')}.`,
          fix: `The board moves ${issue.issue.key} to ${policy.jira.allowedStatuses.join(' or ')} once it has signed off.`,
        },
  );
  return steps;
}

function renderText(root: string, result: PreflightResult): string {
  const width = Math.max(...result.steps.map((s) => s.title.length), 8);
  const label = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;
  const lines = [`mlgov preflight — ${root}`];
  for (const s of result.steps) {
    lines.push(`  ${label[s.status]}  ${s.title.padEnd(width)}  ${s.message}`);
    if (s.fix && s.status !== 'ok') lines.push(`        ${' '.repeat(width)}  fix: ${s.fix}`);
  }
  lines.push(
    result.ok
      ? 'preflight: ready.'
      : `preflight: stopped at the first hard failure (${result.steps.find((s) => s.id === result.stoppedAt)?.title ?? result.stoppedAt}); exit 2.`,
  );
  return lines.join('\n') + '\n';
}

/** Builds the command; `extraProbes` is the extension point for checks owned elsewhere (GitHub token). */
export function createPreflightCommand(options: { extraProbes?: readonly PreflightProbe[] } = {}): CliCommand {
  return {
    name: 'preflight',
    usage: [
      'mlgov preflight [--repo DIR] [--base REF] [--policy FILE] [--format text|json] [--output FILE]',
      '',
      'Checks, in order, and stops at the first hard failure (exit 2): the policy file parses and is schema-valid,',
      'the manifest parses, the git base revision resolves, and Jira: configured (JIRA_BASE_URL + JIRA_EMAIL +',
      'JIRA_API_TOKEN for Cloud, or JIRA_PAT for Data Center), reachable, credentials accepted (/myself), project',
      "exists, the manifest's ticket readable. Exit 0 when everything needed is in place.",
    ].join('\n'),
    options: { ...commonOptions, base: { type: 'string' }, policy: { type: 'string' } },
    async run(args, io: CliIo) {
      const format = formatOption(args, ['text', 'json'] as const, 'text');
      const repoRoot = resolve(io.cwd, stringOption(args, 'repo') ?? '.');
      const baseRef = stringOption(args, 'base');
      const policyPath = stringOption(args, 'policy');
      const result = await runPreflight({
        repoRoot,
        env: io.env,
        ...(baseRef !== undefined ? { baseRef } : {}),
        ...(policyPath !== undefined ? { policyPath } : {}),
        extraProbes: options.extraProbes ?? EXTRA_PREFLIGHT_PROBES,
      });
      const rendered =
        format === 'json'
          ? JSON.stringify(
              {
                tool: { name: 'mlgov', version: TOOL_VERSION },
                ok: result.ok,
                ...(result.stoppedAt ? { stoppedAt: result.stoppedAt } : {}),
                steps: result.steps,
              },
              null,
              2,
            ) + '\n'
          : renderText(repoRoot, result);
      // Second line of defence: whatever a message carries, the credentials never leave in it.
      const text = redact(rendered, secretsOf(readJiraSettings(io.env)));
      await emitOutput(args, io, text);
      return result.ok ? 0 : 2;
    },
  };
}

export const preflightCommand: CliCommand = createPreflightCommand();
