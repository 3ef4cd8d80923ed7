import type { JiraSettings } from '../adapters/jira-settings.js';
import { jiraClientOptionsFromEnvironment, type JiraClientOptions } from '../adapters/jira-ticket-source.js';

/** Thrown for an input the action cannot work with; the face reports it and fails the step. */
export class ActionInputError extends Error {
  override name = 'ActionInputError';
}

/**
 * Everything the action is told, parsed once from the runner's environment (inputs arrive as `INPUT_<NAME>`, upper
 * case, spaces as `_`, dashes kept: `INPUT_GITHUB-TOKEN`), like actions/checkout's `IGitSourceSettings`.
 */
export interface ActionSettings {
  /** `check` judges a pull request and posts `governance:check`; `record` records a release pushed to the default branch. */
  command: 'check' | 'record';
  /** Repository-relative path of the policy (read from the base revision); undefined: `.github/governance-policy.yml`. */
  policyPath?: string;
  /** Token for the statuses, pulls and reviews APIs. */
  githubToken: string;
  /** Jira site and credentials from the `jira-*` inputs (empty when not given). */
  jira: JiraSettings;
  /** Jira transport (timeout, attempts, backoff) from the `MLGOV_JIRA_*` environment, as for the CLI. */
  jiraTransport: JiraClientOptions;
  /** Commit status context (`governance:check`). */
  statusContext: string;
  /** Upload the evidence bundle as a workflow artifact (record mode). */
  uploadEvidence: boolean;
  /** Days GitHub keeps the evidence artifact; 0 = the repository's default. */
  retentionDays: number;
  /** Check mode: judge only this model of the policy's `models:` list (`model` input). */
  model?: string;
  /** Check mode: judge every model of the policy's `models:` list, touched or not (`all-models` input). */
  allModels: boolean;
  /** PR number to judge when the event does not carry one (`workflow_dispatch`, `workflow_run`). */
  pullRequest?: number;
  /** Check mode: keep one pull-request comment with the board's view up to date (`board-comment` input). */
  boardComment: boolean;
  /**
   * Record mode: how the audit event reaches the repository's history (`record-commit` input): `api` (Git Data API
   * with `github-token`), `push` (the checkout's git and credentials) or `off` (not committed; the summary warns).
   */
  recordCommit: RecordCommitMode;
  /** Record mode: the branch the event is committed to (`record-branch`); undefined: the pushed branch. */
  recordBranch?: string;
  runner: RunnerContext;
}

export type RecordCommitMode = 'api' | 'push' | 'off';

const RECORD_COMMIT_MODES: readonly RecordCommitMode[] = ['api', 'push', 'off'];

/**
 * A branch name git and GitHub both accept (the rules of `git check-ref-format --branch`, strictly): it becomes part
 * of a URL path and of a `git push` refspec, so nothing that could read as an option, a range or a path escape.
 */
export function isBranchName(name: string): boolean {
  return (
    /^[A-Za-z0-9._/-]{1,200}$/.test(name) &&
    !/^[-/.]|\/$|\.$|\/\.|\.\.|\/\//.test(name) &&
    !name.split('/').some((part) => part.endsWith('.lock'))
  );
}

/** What the runner says about the run (GITHUB_* variables). */
export interface RunnerContext {
  /** The checked-out repository (`GITHUB_WORKSPACE`). */
  workspace: string;
  apiUrl: string;
  serverUrl: string;
  owner: string;
  repo: string;
  runId: string;
  eventName: string;
  eventPath?: string;
  /** `GITHUB_SHA`: the merge commit on `pull_request`, the pushed commit on `push`. */
  sha?: string;
  /** `GITHUB_REF`: on `push`, `refs/heads/<the pushed branch>`. */
  ref?: string;
  actor?: string;
  /** Where to write the reports (`RUNNER_TEMP`). */
  tempDir: string;
}

/** An input as the runner passes it (`core.getInput` reads the same variable). */
export function inputOf(env: Record<string, string | undefined>, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function booleanInput(env: Record<string, string | undefined>, name: string, fallback: boolean): boolean {
  const v = inputOf(env, name);
  if (v === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(v)) return true;
  if (['false', 'False', 'FALSE'].includes(v)) return false;
  throw new ActionInputError(`input ${name} must be true or false, not "${v}"`);
}

/** Reads and validates the settings; throws ActionInputError naming the input to fix. */
export function readActionSettings(env: Record<string, string | undefined>, cwd: string): ActionSettings {
  const command = inputOf(env, 'command') || 'check';
  if (command !== 'check' && command !== 'record') {
    throw new ActionInputError(`input command must be "check" or "record", not "${command}"`);
  }
  const githubToken = inputOf(env, 'github-token') || env['GITHUB_TOKEN'] || '';
  if (!githubToken) {
    throw new ActionInputError(
      'input github-token is empty; leave it unset to use `${{ github.token }}` or pass a token',
    );
  }
  const retention = inputOf(env, 'retention-days') || '0';
  if (!/^\d+$/.test(retention) || Number(retention) > 400) {
    throw new ActionInputError(
      `input retention-days must be a whole number of days (0 = repository default), not "${retention}"`,
    );
  }
  const pr = inputOf(env, 'pull-request');
  if (pr && !/^[1-9]\d*$/.test(pr)) throw new ActionInputError(`input pull-request must be a PR number, not "${pr}"`);
  const [owner = '', repo = ''] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
  if (!owner || !repo)
    throw new ActionInputError('GITHUB_REPOSITORY is not set: run the action inside a GitHub Actions job');
  const jira: JiraSettings = {};
  const put = (k: keyof JiraSettings, input: string) => {
    const v = inputOf(env, input);
    if (v) jira[k] = v;
  };
  put('baseUrl', 'jira-base-url');
  put('email', 'jira-email');
  put('apiToken', 'jira-api-token');
  put('pat', 'jira-pat');
  const policyPath = inputOf(env, 'policy');
  const model = inputOf(env, 'model');
  const allModels = booleanInput(env, 'all-models', false);
  if (model && allModels) throw new ActionInputError('inputs model and all-models cannot be used together: pick one');
  const recordCommit = inputOf(env, 'record-commit') || 'api';
  if (!RECORD_COMMIT_MODES.includes(recordCommit as RecordCommitMode)) {
    throw new ActionInputError(`input record-commit must be "api", "push" or "off", not "${recordCommit}"`);
  }
  const recordBranch = inputOf(env, 'record-branch').replace(/^refs\/heads\//, '');
  if (recordBranch && !isBranchName(recordBranch)) {
    throw new ActionInputError(
      `input record-branch must be a branch name (like mlgov-evidence), not "${recordBranch}"`,
    );
  }
  return {
    command,
    ...(policyPath ? { policyPath } : {}),
    githubToken,
    jira,
    jiraTransport: jiraClientOptionsFromEnvironment(env),
    statusContext: inputOf(env, 'status-context') || 'governance:check',
    uploadEvidence: booleanInput(env, 'upload-evidence', true),
    retentionDays: Number(retention),
    ...(model ? { model } : {}),
    allModels,
    ...(pr ? { pullRequest: Number(pr) } : {}),
    boardComment: booleanInput(env, 'board-comment', true),
    recordCommit: recordCommit as RecordCommitMode,
    ...(recordBranch ? { recordBranch } : {}),
    runner: {
      workspace: env['GITHUB_WORKSPACE'] || cwd,
      apiUrl: env['GITHUB_API_URL'] || 'https://api.github.com',
      serverUrl: env['GITHUB_SERVER_URL'] || 'https://github.com',
      owner,
      repo,
      runId: env['GITHUB_RUN_ID'] ?? '',
      eventName: env['GITHUB_EVENT_NAME'] ?? '',
      ...(env['GITHUB_EVENT_PATH'] ? { eventPath: env['GITHUB_EVENT_PATH'] } : {}),
      ...(env['GITHUB_SHA'] ? { sha: env['GITHUB_SHA'] } : {}),
      ...(env['GITHUB_REF'] ? { ref: env['GITHUB_REF'] } : {}),
      ...(env['GITHUB_ACTOR'] ? { actor: env['GITHUB_ACTOR'] } : {}),
      tempDir: env['RUNNER_TEMP'] || cwd,
    },
  };
}

/** The run's page: the commit status links here. */
export function runUrlOf(runner: Pick<RunnerContext, 'serverUrl' | 'owner' | 'repo' | 'runId'>): string {
  return `${runner.serverUrl.replace(/\/+$/, '')}/${runner.owner}/${runner.repo}/actions/runs/${runner.runId}`;
}

/** The secrets among the settings, to mask with `core.setSecret` before anything is logged. */
export function secretsOfSettings(settings: Pick<ActionSettings, 'githubToken' | 'jira'>): string[] {
  return [settings.githubToken, settings.jira.apiToken, settings.jira.pat].filter(
    (s): s is string => !!s && s.length > 0,
  );
}

/** The `JIRA_*` variables the Jira source reads, from the `jira-*` inputs. */
export function jiraEnvironmentOf(jira: JiraSettings): Record<string, string> {
  const out: Record<string, string> = {};
  if (jira.baseUrl) out['JIRA_BASE_URL'] = jira.baseUrl;
  if (jira.email) out['JIRA_EMAIL'] = jira.email;
  if (jira.apiToken) out['JIRA_API_TOKEN'] = jira.apiToken;
  if (jira.pat) out['JIRA_PAT'] = jira.pat;
  return out;
}
