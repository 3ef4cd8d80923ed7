/**
 * Issue #13: which model a command acts on. With several models, a command without --model is refused (exit 2)
 * naming both and the fix, an unknown --model too; every command's help shows --model; a write command refuses a
 * model whose paths the base's policy does not give it (a model only the PR adds, paths the PR moves) and a release
 * that names another model.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTwoModelRepo, CREDIT, type TwoModelRepo } from '../support/two-models.js';
import { mlgov, MODELS } from './write-fixtures.js';

let repo: TwoModelRepo | undefined;
afterEach(() => {
  repo?.remove();
  repo = undefined;
});

const POLICY = '.github/governance-policy.yml';
const status = (dir: string) =>
  execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir, encoding: 'utf8' });

/** Each per-model command with the arguments it needs otherwise. */
const COMMANDS: string[][] = [
  ['approve', '--approver', 'erin', '--role', 'governance-board'],
  ['archive', '--base', 'main'],
  ['rollback', '--to', '1.3.0', '--reason', 'AUC dropped 8% on live traffic (INC-42)', '--base', 'main'],
  ['checksums', '--write'],
  ['checksums'],
  ['diff', '--base', 'main'],
  ['card'],
  ['export', '--format', 'cyclonedx'],
  ['log', 'show'],
  ['log', 'verify'],
];

describe('choosing the model', () => {
  it.each(COMMANDS.map((c) => [c.join(' '), c]))(
    '%s without --model on a two-model repository exits 2 naming both models and the fix, writing nothing',
    async (_label, argv) => {
      repo = createTwoModelRepo();
      const before = status(repo.dir);
      const r = await mlgov(repo, ...(argv as string[]));
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        'mlgov: the policy governs 2 models (fraud-detection, credit-scoring); say which one this command is for\n' +
          'fix: pass --model NAME, one of: fraud-detection, credit-scoring\n',
      );
      expect(r.code).toBe(2);
      expect(status(repo.dir)).toBe(before);
    },
  );

  it.each(COMMANDS.map((c) => [c.join(' '), c]))('%s --model churn exits 2: no such model', async (_label, argv) => {
    repo = createTwoModelRepo();
    const r = await mlgov(repo, ...(argv as string[]), '--model', 'churn');
    expect(r.stderr).toBe(
      'mlgov: the policy does not govern a model named "churn" (it governs fraud-detection, credit-scoring)\n' +
        "fix: pass --model with one of: fraud-detection, credit-scoring, or add the model to the policy's models: list through a reviewed pull request\n",
    );
    expect(r.code).toBe(2);
  });

  it.each(['approve', 'archive', 'rollback', 'diff', 'card', 'export', 'log', 'checksums'])(
    'mlgov %s --help shows --model',
    async (command) => {
      const r = await mlgov({ dir: process.cwd() }, command, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('[--model NAME]');
      expect(r.stdout).toContain(
        '--model NAME      the model to act on, as the policy names it (required when the policy lists several models)',
      );
    },
  );

  it('an empty --model is bad usage', async () => {
    repo = createTwoModelRepo();
    const r = await mlgov(repo, 'checksums', '--model', '');
    expect(r.stderr).toContain('mlgov: --model needs a model name, as the policy names it\n\nusage: mlgov checksums');
    expect(r.code).toBe(2);
  });
});

describe("a write command writes only where the base's policy puts the model", () => {
  it('refuses (exit 1) a model only the working tree policy lists: the base gives it no paths', async () => {
    repo = createTwoModelRepo();
    const policy = readFileSync(join(repo.dir, POLICY), 'utf8');
    writeFileSync(
      join(repo.dir, POLICY),
      policy.replace(
        /^models:\n/m,
        'models:\n  - { name: churn, manifest: models/churn/manifest.json, biasReport: models/churn/bias-report.json }\n',
      ),
    );
    const before = status(repo.dir);
    const r = await mlgov(repo, 'archive', '--model', 'churn', '--base', 'main');
    expect(r.stderr).toBe(
      `mlgov: the base revision main does not govern the model "churn" as the working tree's ${POLICY} does ` +
        '(the policy does not govern a model named "churn" (it governs fraud-detection, credit-scoring)); ' +
        "write commands write only to the base policy's paths\n" +
        "fix: merge the policy change that adds the model to main first, or pass --model with a model main's policy governs\n",
    );
    expect(r.code).toBe(1);
    expect(status(repo.dir)).toBe(before);
  });

  it("refuses (exit 1) a model whose paths the working tree's policy moves", async () => {
    repo = createTwoModelRepo();
    const policy = readFileSync(join(repo.dir, POLICY), 'utf8');
    writeFileSync(
      join(repo.dir, POLICY),
      policy.replace(`biasReport: ${CREDIT.biasReport}`, 'biasReport: .github/workflows/deploy.yml'),
    );
    const before = status(repo.dir);
    const r = await mlgov(
      repo,
      'rollback',
      '--model',
      'credit-scoring',
      '--to',
      '1.2.0',
      '--reason',
      'INC-42 rollback',
      '--base',
      'main',
    );
    expect(r.stderr).toContain(
      `moves credit-scoring's biasReport (${CREDIT.biasReport} on main, .github/workflows/deploy.yml here); write commands write only to the base policy's paths`,
    );
    expect(r.code).toBe(1);
    expect(status(repo.dir)).toBe(before);
  });

  it("refuses (exit 1) to approve a manifest at one model's path that names the other model", async () => {
    repo = createTwoModelRepo();
    const m = JSON.parse(readFileSync(join(repo.dir, CREDIT.manifest), 'utf8'));
    m.name = 'fraud-detection';
    writeFileSync(join(repo.dir, CREDIT.manifest), JSON.stringify(m, null, 2) + '\n');
    const before = status(repo.dir);
    const r = await mlgov(
      repo,
      'approve',
      '--model',
      'credit-scoring',
      '--approver',
      'erin',
      '--role',
      'governance-board',
    );
    expect(r.stderr).toBe(
      `mlgov: refused: ${CREDIT.manifest} is the release of "fraud-detection", not of the model credit-scoring this command was asked about\n` +
        `fix: set "name" in ${CREDIT.manifest} to "credit-scoring" (the policy's name for it), or pass --model fraud-detection if that is the model meant\n`,
    );
    expect(r.code).toBe(1);
    expect(status(repo.dir)).toBe(before);
  });
});

describe("a write command files a release only under its model's name", () => {
  it("refuses (exit 1) to archive a base release at credit-scoring's path that names fraud-detection", async () => {
    repo = createTwoModelRepo();
    repo.git('checkout', '-q', 'main');
    const m = JSON.parse(readFileSync(join(repo.dir, CREDIT.manifest), 'utf8'));
    m.name = 'fraud-detection';
    writeFileSync(join(repo.dir, CREDIT.manifest), JSON.stringify(m, null, 2) + '\n');
    repo.commitAll('A credit-scoring manifest that claims to be fraud-detection');
    repo.git('checkout', '-q', '-b', 'work');
    const r = await mlgov(repo, 'archive', '--model', 'credit-scoring', '--base', 'main');
    expect(r.stderr).toBe(
      `mlgov: refused: ${CREDIT.manifest} at main is the release of "fraud-detection", not of the model credit-scoring this command was asked about\n` +
        `fix: set "name" in ${CREDIT.manifest} to "credit-scoring" (the policy's name for it), or pass --model fraud-detection if that is the model meant\n`,
    );
    expect(r.code).toBe(1);
    expect(status(repo.dir)).toBe('');
  });
});

describe('mlgov log show --model', () => {
  it("shows only the named model's events of the shared log", async () => {
    repo = createTwoModelRepo();
    for (const model of MODELS) expect((await mlgov(repo, 'archive', '--model', model, '--base', 'main')).code).toBe(0);
    const r = await mlgov(repo, 'log', 'show', '--model', 'credit-scoring', '--format', 'json');
    expect(r.code).toBe(0);
    const events = JSON.parse(r.stdout) as Array<{ model: string; version: string; action: string }>;
    expect(events.map((e) => [e.action, e.model, e.version])).toEqual([['archive', 'credit-scoring', '1.3.0']]);
    const verify = await mlgov(repo, 'log', 'verify', '--model', 'fraud-detection');
    expect(verify.stdout).toMatch(/^artifacts\/audit-log\.jsonl: 2 event\(s\), hash chain intact/);
    expect(verify.code).toBe(0);
  });
});
