/**
 * metrics import and bias compute find the model's manifest through the release locator: with several models they
 * write the named model's files only, and ask which model when none is named.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMlgov } from '../support/cli-io.js';
import { createTwoModelRepo, CREDIT, FRAUD, type TwoModelRepo } from '../support/two-models.js';

let repo: TwoModelRepo | undefined;
afterEach(() => repo?.remove());

const bytes = (rel: string) => readFileSync(join(repo!.dir, rel));
const BACKTEST =
  '{ "evaluated_at": "2026-11-30T06:00:00Z", "backtest": { "mae": 30.5, "rmse": 44.25, "windows": 12 } }\n';

describe('training outputs with several models', () => {
  it("metrics import --model credit-scoring fills credit-scoring's manifest and leaves fraud-detection byte-identical", async () => {
    repo = createTwoModelRepo();
    writeFileSync(join(repo.dir, 'backtest_results.json'), BACKTEST);
    const fraudBefore = bytes(FRAUD.manifest);
    const r = await runMlgov(['metrics', 'import', 'backtest_results.json', '--model', 'credit-scoring'], {
      cwd: repo.dir,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const credit = JSON.parse(bytes(CREDIT.manifest).toString('utf8')) as { evaluation: { backtest: unknown } };
    expect(credit.evaluation.backtest).toEqual({ mae: 30.5, rmse: 44.25, windows: 12 });
    expect(bytes(FRAUD.manifest).equals(fraudBefore)).toBe(true);
  });

  it('asks which model when none is named, naming them, and writes nothing', async () => {
    repo = createTwoModelRepo();
    writeFileSync(join(repo.dir, 'backtest_results.json'), BACKTEST);
    const before = [bytes(FRAUD.manifest), bytes(CREDIT.manifest)];
    const r = await runMlgov(['metrics', 'import', 'backtest_results.json'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'mlgov: the policy governs 2 models (fraud-detection, credit-scoring); say which one this command is for [MODEL_UNKNOWN]\n' +
        'fix: pass --model NAME, one of: fraud-detection, credit-scoring\n',
    );
    expect([bytes(FRAUD.manifest), bytes(CREDIT.manifest)]).toEqual(before);
  });

  it("bias compute --model credit-scoring writes credit-scoring's report at its policy path", async () => {
    repo = createTwoModelRepo();
    const rows = ['label,prediction,sex'];
    for (let i = 0; i < 200; i++)
      rows.push(`${i % 5 === 0 ? 1 : 0},${i % 6 === 0 ? 1 : 0},${i % 2 ? 'female' : 'male'}`);
    writeFileSync(join(repo.dir, 'holdout.csv'), rows.join('\n') + '\n');
    const fraudReport = bytes(FRAUD.biasReport);
    const r = await runMlgov(
      [
        'bias',
        'compute',
        '--predictions',
        'holdout.csv',
        '--label',
        'label',
        '--prediction',
        'prediction',
        '--attribute',
        'sex',
        '--model',
        'credit-scoring',
      ],
      { cwd: repo.dir },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(bytes(CREDIT.biasReport).toString('utf8')) as {
      model: { name: string };
      dataset: { rows: number };
    };
    expect([report.model.name, report.dataset.rows]).toEqual(['credit-scoring', 200]);
    // The predictions are listed among credit-scoring's artifacts, so the gate recounts the groups from them.
    const manifest = JSON.parse(bytes(CREDIT.manifest).toString('utf8')) as {
      artifacts: Array<{ path: string; size: number }>;
    };
    expect(manifest.artifacts.map((a) => [a.path, a.size])).toContainEqual([
      'holdout.csv',
      bytes('holdout.csv').length,
    ]);
    expect(r.stdout).toContain(`listed holdout.csv among the artifacts of ${CREDIT.manifest}\n`);
    expect(bytes(FRAUD.biasReport).equals(fraudReport)).toBe(true);
  });
});
