import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { locationOf, type Finding } from '../formats/finding.js';
import { positionOf, type ParsedDocument } from '../formats/parsed-document.js';
import { validateAgainstSchema } from '../formats/schema-validator.js';
import { parseYamlDocument } from '../formats/yaml-document.js';
import { withDefaults } from './defaults.js';
import type { Policy } from './policy.js';

/** Where the policy lives unless told otherwise (docs/formats.md). */
export const DEFAULT_POLICY_PATH = '.github/governance-policy.yml';

/** What a policy file says: nothing (defaults apply), a valid policy, or why it cannot be used. */
export type PolicyReading =
  | { kind: 'absent'; file: string; policy: Policy }
  | { kind: 'valid'; file: string; policy: Policy; document: ParsedDocument<Policy> }
  | { kind: 'invalid'; file: string; document: ParsedDocument; problems: Finding[] };

/**
 * The effective policy a parsed policy document states: strict parse problems and schema errors make it invalid
 * (never "use the defaults instead"), an absent file means the defaults. Pure.
 */
export function readPolicyDocument(file: string, doc: ParsedDocument | undefined): PolicyReading {
  if (doc === undefined) return { kind: 'absent', file, policy: withDefaults(undefined) };
  if (doc.problems.length > 0 || doc.value === undefined)
    return { kind: 'invalid', file, document: doc, problems: doc.problems };
  const schemaProblems: Finding[] = validateAgainstSchema('policy', doc.value).map((e) => {
    const pos = positionOf(doc, e.instancePath);
    return {
      severity: 'error',
      code: `SCHEMA_${e.keyword.toUpperCase()}`,
      message: `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`,
      file,
      pointer: e.instancePath,
      ...(pos ? { line: pos.line, column: pos.column } : {}),
    };
  });
  if (schemaProblems.length > 0) return { kind: 'invalid', file, document: doc, problems: schemaProblems };
  const listProblems = modelsListProblems(doc);
  if (listProblems.length > 0) return { kind: 'invalid', file, document: doc, problems: listProblems };
  return {
    kind: 'valid',
    file,
    policy: withDefaults(doc.value as Partial<Policy>),
    document: doc as ParsedDocument<Policy>,
  };
}

/**
 * What the schema cannot say about a `models:` list: with it, `model:` may state only the default `archiveDir` (a
 * `model.manifest` beside the list would be a second, unnamed model nobody judges); and no two models share a name, a
 * manifest or a bias report (one file judged for two models is one approval counted twice).
 */
function modelsListProblems(doc: ParsedDocument): Finding[] {
  const value = doc.value as Partial<Policy>;
  if (!Array.isArray(value.models)) return [];
  const problems: Finding[] = [];
  const at = (pointer: string, code: string, message: string, fix: string): Finding => {
    const pos = positionOf(doc, pointer);
    return {
      severity: 'error',
      code,
      message,
      file: doc.file,
      pointer,
      ...(pos ? { line: pos.line, column: pos.column } : {}),
      fix,
    };
  };
  for (const key of ['manifest', 'biasReport'] as const) {
    if (value.model && value.model[key] !== undefined)
      problems.push(
        at(
          `/model/${key}`,
          'POLICY_MODELS_CONFLICT',
          `model.${key} is stated beside a models: list, which names every model's files`,
          `move the path into its model's entry under models:, and keep only model.archiveDir (the default archive folder)`,
        ),
      );
  }
  for (const key of ['name', 'manifest', 'biasReport'] as const) {
    const seen = new Map<string, number>();
    value.models.forEach((m, i) => {
      const v = m[key];
      const first = seen.get(v);
      if (first === undefined) seen.set(v, i);
      else
        problems.push(
          at(
            `/models/${i}/${key}`,
            'POLICY_MODEL_DUPLICATE',
            `models[${i}].${key} ${JSON.stringify(v)} is also models[${first}].${key}: each model has its own ${key}`,
            `give each model of the models: list its own ${key}`,
          ),
        );
    });
  }
  return problems;
}

/**
 * The policy to judge with when the gate must go on: an invalid document falls back to the defaults, because the
 * `schema` check already makes the verdict "could not judge" and says why.
 */
export function policyOrDefaults(reading: PolicyReading): Policy {
  return reading.kind === 'invalid' ? withDefaults(undefined) : reading.policy;
}

/** Parses policy bytes (from the working tree or a revision) strictly; see {@link readPolicyDocument}. */
export function readPolicyBytes(file: string, bytes: Uint8Array | undefined): PolicyReading {
  return readPolicyDocument(file, bytes === undefined ? undefined : parseYamlDocument(file, bytes));
}

/** Reads the working tree's policy file (absent when the file does not exist). */
export async function readWorkingPolicy(repoRoot: string, policyPath = DEFAULT_POLICY_PATH): Promise<PolicyReading> {
  let bytes: Buffer | undefined;
  try {
    bytes = await readFile(resolve(repoRoot, policyPath));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return readPolicyBytes(policyPath, bytes);
}

/** A policy that cannot be used; the message names the file, the first problem's line, and the fix. */
export class PolicyUnusableError extends Error {
  override name = 'PolicyUnusableError';
  readonly fix: string;
  constructor(readonly reading: Extract<PolicyReading, { kind: 'invalid' }>) {
    const first = reading.problems[0];
    const where = first ? locationOf(first) || reading.file : reading.file;
    const more = reading.problems.length > 1 ? ` (and ${reading.problems.length - 1} more)` : '';
    super(`${where}: the policy cannot be used: ${first?.message ?? 'unreadable'}${more}`);
    this.fix = `fix ${reading.file} against schemas/policy.schema.json (mlgov check lists every problem with its line)`;
  }
}

/**
 * The working tree's effective policy for the commands that act on the repository (approve, archive, rollback,
 * checksums): defaults when there is no file, and a {@link PolicyUnusableError} when the file is invalid, because
 * acting on a policy nobody can read is how a write-once archive ends up in the wrong place.
 */
export async function loadWorkingPolicy(repoRoot: string, policyPath = DEFAULT_POLICY_PATH): Promise<Policy> {
  const reading = await readWorkingPolicy(repoRoot, policyPath);
  if (reading.kind === 'invalid') throw new PolicyUnusableError(reading);
  return reading.policy;
}
