/**
 * What the evidence commands' workspace says and refuses, with exact messages, fixes and exit codes: an unusable
 * policy, a folder that is not a git repository, a policy path that cannot be read, the base revision that is missing
 * or unknown, a working tree whose policy moves a model's paths away from the base's (or names a model the base does
 * not govern), and a release whose manifest names another model. And who the actor is: the flag, then git's
 * user.email, then user.name, then the OS user, then "unknown".
 */
import { describe, expect, test, afterEach } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { openGitRepository, type GitRepository } from '../../src/adapters/git-repository.js';
import {
  assertPolicyPathsOfBase,
  assertReleaseOfModel,
  EvidenceError,
  openWorkspace,
  policyFromBytes,
  resolveActor,
  resolveBaseRevision,
  type Workspace,
} from '../../src/evidence/workspace.js';
import { selectModel } from '../../src/release/release-locator.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { rejectionOf, thrownBy } from '../support/rejection.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mlgov-ws-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}
function tempRepo(): TempRepo {
  const repo = createTempRepo('mlgov-ws-repo-');
  cleanups.push(() => repo.remove());
  return repo;
}

/** The rejection of `p` (fails when it resolves). */

/** An EvidenceError's face: what the CLI prints and the exit code. */
function face(err: unknown): { name: string; message: string; fix?: string; exitCode: number } {
  expect(err).toBeInstanceOf(EvidenceError);
  const e = err as EvidenceError;
  return { name: e.name, message: e.message, fix: e.fix, exitCode: e.exitCode };
}

const POLICY_FIX =
  'fix .github/governance-policy.yml against schemas/policy.schema.json (mlgov check lists every problem with its line)';

const TWO_MODELS = [
  'version: 1',
  'model: { archiveDir: artifacts }',
  'models:',
  '  - { name: fraud-detection, manifest: model/manifest.json, biasReport: reports/latest-bias-report.json }',
  '  - { name: credit-scoring, manifest: models/credit-scoring/manifest.json, biasReport: models/credit-scoring/bias-report.json }',
  '',
].join('\n');

describe('policyFromBytes', () => {
  test('an unusable policy is an EvidenceError with its line and the fix (exit 2), never the defaults', () => {
    expect(face(thrownBy(() => policyFromBytes(Buffer.from('version: 2\n'))))).toStrictEqual({
      name: 'EvidenceError',
      message: '.github/governance-policy.yml:1:10: the policy cannot be used: /version must be equal to constant',
      fix: POLICY_FIX,
      exitCode: 2,
    });
  });

  test('absent bytes are the defaults', () => {
    expect(policyFromBytes(undefined).model).toStrictEqual({
      manifest: 'model/manifest.json',
      biasReport: 'reports/latest-bias-report.json',
      archiveDir: 'artifacts',
    });
  });
});

describe('openWorkspace', () => {
  test('a folder that is not a git repository is refused with the fix (exit 2)', async () => {
    const d = tempDir();
    expect(face(await rejectionOf(openWorkspace(d)))).toStrictEqual({
      name: 'EvidenceError',
      message: `${d} is not a git repository`,
      fix: 'run mlgov inside the model repository, or pass --repo DIR',
      exitCode: 2,
    });
  });

  test('a repository without a policy file gets the defaults', async () => {
    const repo = tempRepo();
    const ws = await openWorkspace(repo.dir);
    expect(ws.root).toBe(repo.dir);
    expect(ws.location.manifest).toBe('model/manifest.json');
    expect(ws.location.name).toBeUndefined();
  });

  test('a policy path that cannot be read (a folder) is that error, not the defaults', async () => {
    const repo = tempRepo();
    mkdirSync(join(repo.dir, '.github/governance-policy.yml'), { recursive: true });
    expect(await rejectionOf(openWorkspace(repo.dir))).toMatchObject({ code: 'EISDIR' });
  });
});

describe('resolveActor', () => {
  test('the --actor flag, trimmed', async () => {
    const repo = tempRepo();
    expect(await resolveActor(repo.dir, '  alice  ')).toBe('alice');
  });

  test("a blank flag is no flag: git's user.email, trimmed", async () => {
    const repo = tempRepo();
    repo.git('config', 'user.email', '  carol@example.test  ');
    expect(await resolveActor(repo.dir, '   ')).toBe('carol@example.test');
    expect(await resolveActor(repo.dir, undefined)).toBe('carol@example.test');
  });

  test('an empty user.email falls to user.name', async () => {
    const repo = tempRepo();
    repo.git('config', 'user.email', '');
    repo.git('config', 'user.name', 'Dana Reviewer');
    expect(await resolveActor(repo.dir, undefined)).toBe('Dana Reviewer');
  });

  test('with neither set, the OS user', async () => {
    const repo = tempRepo();
    repo.git('config', 'user.email', '');
    repo.git('config', 'user.name', '');
    expect(await resolveActor(repo.dir, undefined)).toBe(userInfo().username);
  });

  // An OS user without an account (no passwd entry) has no name: "unknown". Reached as root, acting as such a uid.
  (process.getuid?.() === 0 ? test : test.skip)('a user without an account is "unknown"', async () => {
    const d = tempDir(); // 0700, root's: git cannot even start there as another user
    process.seteuid!(54321);
    let actor: string;
    try {
      actor = await resolveActor(d, undefined);
    } finally {
      process.seteuid!(0);
    }
    expect(actor).toBe('unknown');
  });
});

describe('resolveBaseRevision', () => {
  test('the default branch tip when no --base is given', async () => {
    const repo = tempRepo();
    const commit = repo.commitAll('first');
    expect(await resolveBaseRevision(openGitRepository(repo.dir), undefined)).toStrictEqual({ ref: 'main', commit });
  });

  test('no default branch: "no base revision" with the fix (exit 2)', async () => {
    const repo = tempRepo();
    repo.commitAll('first');
    repo.git('branch', '-m', 'main', 'dev');
    expect(face(await rejectionOf(resolveBaseRevision(openGitRepository(repo.dir), undefined)))).toStrictEqual({
      name: 'EvidenceError',
      message:
        'no base revision: no default branch (origin/HEAD, origin/main, origin/master, main, master) to compare with; pass --base REF',
      fix: 'fetch the base branch, or pass an existing --base REF',
      exitCode: 2,
    });
  });

  test("a --base that is not in the repository: the resolver's own reason and fix", async () => {
    const repo = tempRepo();
    repo.commitAll('first');
    expect(face(await rejectionOf(resolveBaseRevision(openGitRepository(repo.dir), 'origin/nope')))).toStrictEqual({
      name: 'EvidenceError',
      message: 'base revision "origin/nope" is not in this repository',
      fix: 'fetch it (git fetch origin nope) or pass an existing --base REF',
      exitCode: 2,
    });
  });
});

describe('assertPolicyPathsOfBase', () => {
  const BASE = { ref: 'main', commit: 'c0ffee0000000000000000000000000000000000' };
  const SPEC = `${BASE.commit}:.github/governance-policy.yml`;

  /** A workspace on `working` (policy text, undefined = defaults) whose git answers `base` for the base's policy. */
  function workspace(working: string | undefined, base: string | undefined, model?: string) {
    const asked: string[][] = [];
    const git = {
      async readBlobs(specs: string[]) {
        asked.push(specs);
        return new Map(base === undefined ? [] : [[SPEC, Buffer.from(base)]]);
      },
    } as unknown as GitRepository;
    const location = selectModel(policyFromBytes(working === undefined ? undefined : Buffer.from(working)), model);
    const ws: Workspace = { root: '/repo', git, policy: location.policy, location };
    return { ws, asked };
  }

  test('the same paths as the base (a base without a policy file means the defaults) pass', async () => {
    const { ws, asked } = workspace(undefined, undefined);
    await expect(assertPolicyPathsOfBase(ws, BASE)).resolves.toBeUndefined();
    expect(asked).toStrictEqual([[SPEC]]);
    await expect(assertPolicyPathsOfBase(workspace(TWO_MODELS, TWO_MODELS, 'credit-scoring').ws, BASE)).resolves.toBe(
      undefined,
    );
  });

  test('a working tree moving model.manifest and model.archiveDir is refused, naming each (exit 1)', async () => {
    const moved = 'version: 1\nmodel: { manifest: x/manifest.json, archiveDir: .github/workflows }\n';
    const { ws } = workspace(moved, 'version: 1\n');
    expect(face(await rejectionOf(assertPolicyPathsOfBase(ws, BASE)))).toStrictEqual({
      name: 'EvidenceError',
      message:
        "the working tree's .github/governance-policy.yml moves model.manifest (model/manifest.json on main, x/manifest.json here), model.archiveDir (artifacts on main, .github/workflows here); write commands write only to the base policy's paths",
      fix: "run the command on a checkout whose policy paths are the base's (git checkout main -- .github/governance-policy.yml), or merge the policy change first",
      exitCode: 1,
    });
  });

  test("a named model's moved bias report is refused under the model's name", async () => {
    const moved = TWO_MODELS.replace('biasReport: models/credit-scoring/bias-report.json', 'biasReport: x/bias.json');
    const { ws } = workspace(moved, TWO_MODELS, 'credit-scoring');
    expect(face(await rejectionOf(assertPolicyPathsOfBase(ws, BASE))).message).toBe(
      "the working tree's .github/governance-policy.yml moves credit-scoring's biasReport (models/credit-scoring/bias-report.json on main, x/bias.json here); write commands write only to the base policy's paths",
    );
  });

  test('a model the base does not govern is refused, naming it (exit 1)', async () => {
    const three = `${TWO_MODELS}  - { name: risk, manifest: models/risk/manifest.json, biasReport: models/risk/bias.json }\n`;
    const { ws } = workspace(three, TWO_MODELS, 'risk');
    expect(face(await rejectionOf(assertPolicyPathsOfBase(ws, BASE)))).toStrictEqual({
      name: 'EvidenceError',
      message:
        'the base revision main does not govern the model "risk" as the working tree\'s .github/governance-policy.yml does (the policy does not govern a model named "risk" (it governs fraud-detection, credit-scoring)); write commands write only to the base policy\'s paths',
      fix: "merge the policy change that adds the model to main first, or pass --model with a model main's policy governs",
      exitCode: 1,
    });
  });

  test('an error other than "not governed" while locating the model on the base propagates unchanged, not as a refusal', async () => {
    // A name whose serialisation fails once stands in for any unexpected failure inside the locator.
    let serialised = 0;
    const name = {
      toJSON() {
        serialised += 1;
        if (serialised === 1) throw new RangeError('the name cannot be serialised');
        return 'odd';
      },
    } as unknown as string;
    const { ws } = workspace(TWO_MODELS, TWO_MODELS, 'credit-scoring');
    const err = await rejectionOf(assertPolicyPathsOfBase({ ...ws, location: { ...ws.location, name } }, BASE));
    expect(err).toBeInstanceOf(RangeError);
    expect((err as Error).message).toBe('the name cannot be serialised');
  });

  test('an unnamed model against a base listing several is refused as "this model"', async () => {
    const { ws } = workspace(undefined, TWO_MODELS);
    expect(face(await rejectionOf(assertPolicyPathsOfBase(ws, BASE))).message).toBe(
      "the base revision main does not govern this model as the working tree's .github/governance-policy.yml does (the policy governs 2 models (fraud-detection, credit-scoring); say which one this command is for); write commands write only to the base policy's paths",
    );
  });
});

describe('assertReleaseOfModel', () => {
  const credit = () => selectModel(policyFromBytes(Buffer.from(TWO_MODELS)), 'credit-scoring');

  test('passes for an unnamed model and for the manifest naming the model', () => {
    const single = selectModel(policyFromBytes(undefined), undefined);
    expect(assertReleaseOfModel(single, 'anything', 'model/manifest.json')).toBeUndefined();
    expect(assertReleaseOfModel(credit(), 'credit-scoring', 'models/credit-scoring/manifest.json')).toBeUndefined();
  });

  test("a manifest naming another model is refused (exit 1), offering --model with the manifest's name", () => {
    const where = 'models/credit-scoring/manifest.json';
    expect(face(thrownBy(() => assertReleaseOfModel(credit(), 'fraud-detection', where)))).toStrictEqual({
      name: 'EvidenceError',
      message: `refused: ${where} is the release of "fraud-detection", not of the model credit-scoring this command was asked about`,
      fix: `set "name" in ${where} to "credit-scoring" (the policy's name for it), or pass --model fraud-detection if that is the model meant`,
      exitCode: 1,
    });
  });

  test('a manifest name that is not a string is offered as --model NAME', () => {
    const where = 'models/credit-scoring/manifest.json';
    const e = face(thrownBy(() => assertReleaseOfModel(credit(), 42, where)));
    expect(e.message).toBe(
      `refused: ${where} is the release of 42, not of the model credit-scoring this command was asked about`,
    );
    expect(e.fix).toBe(
      `set "name" in ${where} to "credit-scoring" (the policy's name for it), or pass --model NAME if that is the model meant`,
    );
  });
});
