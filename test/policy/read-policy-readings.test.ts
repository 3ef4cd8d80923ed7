/**
 * How a policy file is read (`readPolicyDocument`, `readWorkingPolicy`, `loadWorkingPolicy`, `PolicyUnusableError`,
 * `policyOrDefaults`): an absent file means the defaults; a file that does not parse, parses to nothing, or breaks the
 * schema or the `models:` rules is invalid, never "the defaults instead"; a file that cannot be read for another
 * reason than not existing is an error, not an absent policy. The commands that act on the repository refuse an
 * invalid policy with a message naming the file, the first problem's line and how many more there are. The full
 * mutation run had no test of the refusal at all, and changed the problems' texts and the absent/invalid decisions
 * unseen. The `s3` section is carried into the effective policy as written (withDefaults gives it no defaults).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../src/formats/finding.js';
import type { ParsedDocument } from '../../src/formats/parsed-document.js';
import { withDefaults } from '../../src/policy/defaults.js';
import {
  DEFAULT_POLICY_PATH,
  PolicyUnusableError,
  loadWorkingPolicy,
  policyOrDefaults,
  readPolicyBytes,
  readPolicyDocument,
  readWorkingPolicy,
} from '../../src/policy/read-policy.js';
import { yamlDocument } from '../support/release-context.js';

const FILE = DEFAULT_POLICY_PATH;
const VALID = 'version: 1\npromotion: { minWindows: 6 }\n';
/** Two schema errors: count 0 (line 4) and an unknown top-level member (line 5). */
const TWO_ERRORS = [
  'version: 1',
  'approvals:',
  '  required:',
  '    - { role: governance-board, count: 0 }',
  'extra: true',
  '',
].join('\n');

const read = (text: string) => readPolicyBytes(FILE, Buffer.from(text));
const problemsOf = (text: string): Finding[] => {
  const reading = read(text);
  if (reading.kind !== 'invalid') throw new Error(`expected an invalid policy, got ${reading.kind}`);
  return reading.problems;
};

/** A document the YAML reader gave up on without saying why. */
const emptyDocument: ParsedDocument = {
  file: FILE,
  value: undefined,
  positions: {},
  problems: [],
  sha256: '0'.repeat(64),
};

describe('readPolicyDocument', () => {
  it('no document: absent, with the defaults', () => {
    expect(readPolicyDocument(FILE, undefined)).toStrictEqual({
      kind: 'absent',
      file: FILE,
      policy: withDefaults(undefined),
    });
  });

  it('a document whose text has problems is invalid with those problems, even when a value was read', () => {
    // A schema-valid value read from a text with a problem (say, a BOM the reader recorded and read past).
    const problem: Finding = { severity: 'error', code: 'BOM', message: 'the file starts with a BOM', file: FILE };
    const duplicate: ParsedDocument = { ...yamlDocument(FILE, VALID), problems: [problem] };
    expect(readPolicyDocument(FILE, duplicate)).toStrictEqual({
      kind: 'invalid',
      file: FILE,
      document: duplicate,
      problems: duplicate.problems,
    });
  });

  it('a document without a value and without a problem is invalid too (fail closed)', () => {
    expect(readPolicyDocument(FILE, emptyDocument)).toStrictEqual({
      kind: 'invalid',
      file: FILE,
      document: emptyDocument,
      problems: [],
    });
  });

  it('schema errors are problems with the pointer, its position, and ajv’s words; the root is "/"', () => {
    expect(problemsOf(TWO_ERRORS)).toStrictEqual([
      {
        severity: 'error',
        code: 'SCHEMA_ADDITIONALPROPERTIES',
        message: '/ must NOT have additional properties',
        file: FILE,
        pointer: '',
        line: 1,
        column: 1,
      },
      {
        severity: 'error',
        code: 'SCHEMA_MINIMUM',
        message: '/approvals/required/0/count must be >= 1',
        file: FILE,
        pointer: '/approvals/required/0/count',
        line: 4,
        column: 40,
      },
    ]);
  });

  it('a valid document: the effective policy, with its s3 section as written', () => {
    const text = 'version: 1\ns3: { region: eu-west-1, buckets: [ml-models] }\n';
    const reading = read(text);
    expect(reading.kind).toBe('valid');
    if (reading.kind !== 'valid') return;
    expect(reading.policy.s3).toStrictEqual({ region: 'eu-west-1', buckets: ['ml-models'] });
    expect(reading.policy.promotion).toStrictEqual(withDefaults(undefined).promotion);
  });
});

describe('the models: list rules, word for word', () => {
  it('a model path beside the list', () => {
    const [p] = problemsOf(
      'version: 1\nmodel: { manifest: a/manifest.json }\nmodels:\n  - { name: a, manifest: a/m.json, biasReport: a/b.json }\n',
    );
    expect(p).toStrictEqual({
      severity: 'error',
      code: 'POLICY_MODELS_CONFLICT',
      message: "model.manifest is stated beside a models: list, which names every model's files",
      file: FILE,
      pointer: '/model/manifest',
      line: 2,
      column: 20,
      fix: "move the path into its model's entry under models:, and keep only model.archiveDir (the default archive folder)",
    });
  });

  it('two models sharing a name', () => {
    const [p] = problemsOf(
      [
        'version: 1',
        'models:',
        '  - { name: a, manifest: a/m.json, biasReport: a/b.json }',
        '  - { name: a, manifest: b/m.json, biasReport: b/b.json }',
        '',
      ].join('\n'),
    );
    expect(p).toMatchObject({
      severity: 'error',
      code: 'POLICY_MODEL_DUPLICATE',
      message: 'models[1].name "a" is also models[0].name: each model has its own name',
      pointer: '/models/1/name',
      fix: 'give each model of the models: list its own name',
    });
  });
});

describe('policyOrDefaults', () => {
  it('an invalid policy falls back to the defaults; a valid one is used', () => {
    expect(policyOrDefaults(read(TWO_ERRORS))).toStrictEqual(withDefaults(undefined));
    expect(policyOrDefaults(read(VALID)).promotion.minWindows).toBe(6);
  });
});

describe('PolicyUnusableError', () => {
  const invalid = (problems: Finding[]) => ({
    kind: 'invalid' as const,
    file: FILE,
    document: emptyDocument,
    problems,
  });

  it('names the first problem’s place, its message, and how many more there are', () => {
    const reading = read(TWO_ERRORS);
    if (reading.kind !== 'invalid') throw new Error('expected invalid');
    const e = new PolicyUnusableError(reading);
    expect(e.name).toBe('PolicyUnusableError');
    expect(e.message).toBe(
      `${FILE}:1:1: the policy cannot be used: / must NOT have additional properties (and 1 more)`,
    );
    expect(e.fix).toBe(
      `fix ${FILE} against schemas/policy.schema.json (mlgov check lists every problem with its line)`,
    );
    expect(e.reading).toBe(reading);
  });

  it('one problem: no "more"; a problem without a place: the file', () => {
    const e = new PolicyUnusableError(invalid([{ severity: 'error', code: 'X', message: 'is broken' }]));
    expect(e.message).toBe(`${FILE}: the policy cannot be used: is broken`);
  });

  it('a problem with a line is named file:line', () => {
    const e = new PolicyUnusableError(
      invalid([{ severity: 'error', code: 'X', message: 'is broken', file: 'p.yml', line: 3 }]),
    );
    expect(e.message).toBe('p.yml:3: the policy cannot be used: is broken');
  });

  it('no problem at all: unreadable', () => {
    expect(new PolicyUnusableError(invalid([])).message).toBe(`${FILE}: the policy cannot be used: unreadable`);
  });
});

describe('the working tree’s policy', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'mlgov-read-policy-'));
    mkdirSync(join(root, 'valid/.github'), { recursive: true });
    writeFileSync(join(root, 'valid', FILE), VALID);
    mkdirSync(join(root, 'invalid/.github'), { recursive: true });
    writeFileSync(join(root, 'invalid', FILE), TWO_ERRORS);
    // A policy path that is a folder: it exists but cannot be read as a file.
    mkdirSync(join(root, 'folder', FILE), { recursive: true });
    mkdirSync(join(root, 'none'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('no file: absent, and the defaults to act on', async () => {
    expect(await readWorkingPolicy(join(root, 'none'))).toStrictEqual({
      kind: 'absent',
      file: FILE,
      policy: withDefaults(undefined),
    });
    expect(await loadWorkingPolicy(join(root, 'none'))).toStrictEqual(withDefaults(undefined));
  });

  it('a file that exists but cannot be read is an error, not an absent policy', async () => {
    await expect(readWorkingPolicy(join(root, 'folder'))).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('a valid file is acted on', async () => {
    expect((await loadWorkingPolicy(join(root, 'valid'))).promotion.minWindows).toBe(6);
    expect((await readWorkingPolicy(join(root, 'valid'))).kind).toBe('valid');
  });

  it('an invalid file is refused, never replaced by the defaults', async () => {
    await expect(loadWorkingPolicy(join(root, 'invalid'))).rejects.toThrow(
      `${FILE}:1:1: the policy cannot be used: / must NOT have additional properties (and 1 more)`,
    );
    await expect(loadWorkingPolicy(join(root, 'invalid'))).rejects.toBeInstanceOf(PolicyUnusableError);
  });
});
