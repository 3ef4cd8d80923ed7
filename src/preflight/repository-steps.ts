/** The preflight steps that read only the repository: the policy file, the manifest and the git base revision. */
import { openGitRepository } from '../adapters/git-repository.js';
import { resolveBaseRevision } from '../release/base-revision.js';
import { readRepositoryBytes } from '../adapters/repository-path.js';
import type { Finding } from '../formats/finding.js';
import { parseJsonDocument } from '../formats/json-document.js';
import { validateAgainstSchema } from '../formats/schema-validator.js';
import { DEFAULT_POLICY } from '../policy/defaults.js';
import { DEFAULT_POLICY_PATH, readPolicyBytes } from '../policy/read-policy.js';
import type { Policy } from '../policy/policy.js';
import type { PreflightStep } from './preflight.js';

function firstProblem(problems: Finding[]): string {
  const p = problems[0];
  if (!p) return 'could not be parsed';
  const where = p.line !== undefined ? ` (line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ''})` : '';
  return `${p.message}${where}`;
}

function schemaErrors(kind: 'policy' | 'manifest', value: unknown): string[] {
  return validateAgainstSchema(kind, value).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

export interface PolicyStepResult {
  step: PreflightStep;
  policy: Policy;
  valid: boolean;
}

export async function policyStep(root: string, path = DEFAULT_POLICY_PATH): Promise<PolicyStepResult> {
  const step = (status: PreflightStep['status'], message: string, fix?: string): PreflightStep => ({
    id: 'policy',
    title: 'policy',
    status,
    message,
    ...(fix ? { fix } : {}),
  });
  const reading = readPolicyBytes(path, await readRepositoryBytes(root, path));
  switch (reading.kind) {
    case 'absent':
      return {
        policy: reading.policy,
        valid: true,
        step: step(
          'warn',
          `${path} does not exist: the built-in defaults apply (Jira project ${DEFAULT_POLICY.jira.project}, statuses ${DEFAULT_POLICY.jira.allowedStatuses.join(', ')}).`,
          `Commit ${path} (reviewed by the governance board) to set the roster, thresholds and Jira project.`,
        ),
      };
    case 'invalid': {
      const n = reading.problems.length;
      return {
        policy: DEFAULT_POLICY,
        valid: false,
        step: reading.problems.every((p) => p.code.startsWith('SCHEMA_'))
          ? step(
              'fail',
              `${path} does not match the policy schema: ${reading.problems
                .slice(0, 3)
                .map((p) => p.message)
                .join('; ')}${n > 3 ? ` (and ${n - 3} more)` : ''}.`,
              `Correct ${path} against schemas/policy.schema.json (mlgov check shows every error with its line).`,
            )
          : step('fail', `${path} could not be parsed: ${firstProblem(reading.problems)}.`, `Fix the YAML in ${path}.`),
      };
    }
    case 'valid':
      return {
        policy: reading.policy,
        valid: true,
        step: step(
          'ok',
          `${path} parsed and valid (Jira project ${reading.policy.jira.project}; allowed statuses: ${reading.policy.jira.allowedStatuses.join(', ')}).`,
        ),
      };
  }
}

/** The manifest at the policy's path (the default path when the policy is invalid, and the line says so). */
export async function manifestStep(
  root: string,
  policy: PolicyStepResult,
): Promise<{ step: PreflightStep; key?: string }> {
  const path = policy.policy.model.manifest;
  const at = policy.valid ? '' : ' (the default path: the policy is invalid)';
  const step = (status: PreflightStep['status'], message: string, fix?: string): PreflightStep => ({
    id: 'manifest',
    title: 'manifest',
    status,
    message,
    ...(fix ? { fix } : {}),
  });
  const bytes = await readRepositoryBytes(root, path);
  if (!bytes) {
    return {
      step: step(
        'fail',
        `${path}${at} does not exist.`,
        `Create ${path} (the release manifest), or correct model.manifest in the policy.`,
      ),
    };
  }
  const doc = parseJsonDocument(path, bytes);
  if (doc.problems.length > 0 || doc.value === undefined) {
    return {
      step: step(
        'fail',
        `${path}${at} could not be parsed: ${firstProblem(doc.problems)}.`,
        `Fix the JSON in ${path}.`,
      ),
    };
  }
  const jira = (doc.value as { jira?: unknown }).jira;
  const key = typeof jira === 'string' ? jira.trim() : undefined;
  const errors = schemaErrors('manifest', doc.value);
  return {
    ...(key ? { key } : {}),
    step:
      errors.length > 0
        ? step(
            'warn',
            `${path}${at} parses but does not match the manifest schema (${errors.length} error${errors.length === 1 ? '' : 's'}, first: ${errors[0]}).`,
            'Run mlgov check for every error with its line; the gate fails until they are fixed.',
          )
        : step('ok', `${path}${at} parsed and valid (jira: ${key ?? 'none'}).`),
  };
}

export async function gitBaseStep(root: string, baseRef: string | undefined): Promise<PreflightStep[]> {
  const step = (status: PreflightStep['status'], message: string, fix?: string): PreflightStep[] => [
    { id: 'git-base', title: 'git base', status, message, ...(fix ? { fix } : {}) },
  ];
  const git = openGitRepository(root);
  if (!(await git.isRepository())) {
    return step('fail', `${root} is not a git repository.`, 'Run mlgov in the repository (or pass --repo DIR).');
  }
  const base = await resolveBaseRevision(git, baseRef);
  switch (base.kind) {
    case 'found':
      return step(
        'ok',
        baseRef !== undefined
          ? `${base.ref} resolves to ${base.commit.slice(0, 12)}.`
          : `${base.ref} (tip ${base.commit.slice(0, 12)}).`,
      );
    case 'unavailable':
      return step('fail', `${base.reason[0]!.toUpperCase()}${base.reason.slice(1)}.`, base.fix);
    case 'none':
      return step(
        'warn',
        'No default base found (origin/HEAD, origin/main, origin/master, main, master): the gate can judge only a first release.',
        'Pass --base REF to compare against production, and fetch it in CI (fetch-depth: 0).',
      );
  }
}
