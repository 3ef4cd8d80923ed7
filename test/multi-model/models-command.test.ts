/**
 * `mlgov models`: the governed models, or with `--changed` the ones a change touches, chosen exactly as `mlgov check`
 * chooses them (src/gate/judge-models.ts); `--json` is the list a workflow matrix is built from (docs/scale.md).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMlgov } from '../support/cli-io.js';
import { createReleaseRepo } from '../support/example-release.js';
import type { TempRepo } from '../support/git-repo.js';
import { createTwoModelRepo, type TwoModelRepo } from '../support/two-models.js';

let repo: TwoModelRepo | undefined;
const others: TempRepo[] = [];
afterEach(() => {
  repo?.remove();
  repo = undefined;
  for (const r of others.splice(0)) r.remove();
});

const POLICY = '.github/governance-policy.yml';
const models = (dir: string, ...args: string[]) => runMlgov(['models', ...args], { cwd: dir });

const TABLE = [
  'NAME             MANIFEST                             BIAS REPORT                             ARCHIVE FOLDER',
  'fraud-detection  model/manifest.json                  reports/latest-bias-report.json         artifacts/fraud-detection/',
  'credit-scoring   models/credit-scoring/manifest.json  models/credit-scoring/bias-report.json  artifacts/credit-scoring/',
];

describe('mlgov models', () => {
  it('lists every governed model with its manifest, bias report and archive folder', async () => {
    repo = createTwoModelRepo();
    const run = await models(repo.dir);
    expect(run).toEqual({ code: 0, stdout: ['2 governed models:', ...TABLE, ''].join('\n'), stderr: '' });
    const json = await models(repo.dir, '--json');
    expect(json).toEqual({ code: 0, stdout: '["fraud-detection","credit-scoring"]\n', stderr: '' });
  });

  it('lists with --changed only the models the change touches, and the rest as not touched', async () => {
    repo = createTwoModelRepo();
    appendFileSync(join(repo.dir, 'models/credit-scoring/weights/model.onnx'), 'retrained\n');
    repo.commitAll('Retrain credit-scoring');
    const run = await models(repo.dir, '--changed', '--base', 'main');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        '1 of 2 governed models to judge (the models this change touches):',
        'NAME            MANIFEST                             BIAS REPORT                             ARCHIVE FOLDER',
        'credit-scoring  models/credit-scoring/manifest.json  models/credit-scoring/bias-report.json  artifacts/credit-scoring/',
        'not touched by this change: fraud-detection',
        '',
      ].join('\n'),
    );
    const json = await models(repo.dir, '--changed', '--base', 'main', '--json');
    expect(json).toEqual({
      code: 0,
      stdout: '["credit-scoring"]\n',
      stderr: 'mlgov: models chosen: the models this change touches\n',
    });
  });

  it('prints [] with --changed --json when the change touches no model, so the matrix job is skipped', async () => {
    repo = createTwoModelRepo();
    writeFileSync(join(repo.dir, 'README.md'), 'docs\n');
    repo.commitAll('Docs');
    expect((await models(repo.dir, '--changed', '--json')).stdout).toBe('[]\n');
    expect((await models(repo.dir, '--changed')).stdout).toBe(
      [
        'no governed model touched by this change (2 governed models)',
        'not touched by this change: fraud-detection, credit-scoring',
        '',
      ].join('\n'),
    );
  });

  it('lists every model with --changed when the change touches the policy, and says why on stderr', async () => {
    repo = createTwoModelRepo();
    appendFileSync(join(repo.dir, POLICY), '# a comment\n');
    repo.commitAll('Touch the policy');
    expect(await models(repo.dir, '--changed', '--json')).toEqual({
      code: 0,
      stdout: '["fraud-detection","credit-scoring"]\n',
      stderr:
        'mlgov: models chosen: every governed model: the change touches the policy (.github/governance-policy.yml)\n',
    });
  });

  it("lists a model only the PR's own policy adds, marked as being added, and never drops one the PR deletes", async () => {
    repo = createTwoModelRepo();
    const policy = readFileSync(join(repo.dir, POLICY), 'utf8')
      .replace(/^ {2}- name: credit-scoring\n(?: {4}.*\n)+/m, '')
      .replace(
        /^(models:\n.*\n)/m,
        '$1  - { name: churn, manifest: models/churn/manifest.json, biasReport: models/churn/bias-report.json }\n',
      );
    expect(policy).not.toMatch(/^ {2}- name: credit-scoring$/m);
    writeFileSync(join(repo.dir, POLICY), policy);
    repo.commitAll('Add churn, drop credit-scoring, in my own policy');
    expect((await models(repo.dir, '--changed', '--json')).stdout).toBe(
      '["fraud-detection","credit-scoring","churn"]\n',
    );
    const text = await models(repo.dir);
    expect(text.stdout.split('\n').at(-2)).toBe(
      "churn            models/churn/manifest.json           models/churn/bias-report.json           artifacts/churn/ (only in this branch's policy: a model being added)",
    );
  });

  it("lists the one model of a single-model policy by its manifest's name, touched or not", async () => {
    const single = createReleaseRepo();
    others.push(single);
    expect(await models(single.dir, '--changed', '--json')).toEqual({
      code: 0,
      stdout: '["fraud-detection"]\n',
      stderr: 'mlgov: models chosen: the policy governs one model\n',
    });
    expect((await models(single.dir)).stdout).toBe(
      [
        '1 governed model:',
        'NAME             MANIFEST             BIAS REPORT                      ARCHIVE FOLDER',
        'fraud-detection  model/manifest.json  reports/latest-bias-report.json  artifacts/fraud-detection/',
        '',
      ].join('\n'),
    );
  });

  it('is listed by mlgov --help beside check', async () => {
    repo = createTwoModelRepo();
    const help = await runMlgov(['--help'], { cwd: repo.dir });
    expect(help.stdout).toContain(
      "\n  models     list the policy's governed models; --changed: those the change touches (--json for a workflow matrix)\n",
    );
  });
});
