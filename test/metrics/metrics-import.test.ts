import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { isSchemaValid } from '../../src/formats/schema-validator.js';
import { runMlgov } from '../support/cli-io.js';
import { createExampleRepo, type TempRepo } from '../support/git-repo.js';

const EPOCH = '1795000000'; // 2026-11-18T11:06:40Z
const MANIFEST = 'model/manifest.json';

let repo: TempRepo;

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const write = (rel: string, text: string) => {
  mkdirSync(join(repo.dir, rel, '..'), { recursive: true });
  writeFileSync(join(repo.dir, rel), text);
};
const manifestBytes = () => readFileSync(join(repo.dir, MANIFEST));
const manifest = () => JSON.parse(manifestBytes().toString('utf8')) as Manifest & { evaluation: { source?: unknown } };
const importFile = (...argv: string[]) =>
  runMlgov(['metrics', 'import', ...argv], { cwd: repo.dir, env: { SOURCE_DATE_EPOCH: EPOCH } });

beforeEach(() => {
  repo = createExampleRepo();
});
afterEach(() => repo.remove());

const BACKTEST = '{ "backtest": { "mae": 39.5, "rmse": 55.25, "bias": -0.75, "windows": 12 } }\n';

describe('mlgov metrics import: backtest_results.json', () => {
  it('fills evaluation.backtest, records the file and its SHA-256, and says which approvals stop counting', async () => {
    write('eval/backtest_results.json', BACKTEST);
    const written = new Date('2026-11-18T06:00:00Z');
    utimesSync(join(repo.dir, 'eval/backtest_results.json'), written, written);
    const before = manifest();
    const run = await importFile('eval/backtest_results.json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const after = manifest();
    expect(after.evaluation.backtest).toEqual({ mae: 39.5, rmse: 55.25, bias: -0.75, windows: 12 });
    expect(after.evaluation.source).toEqual({
      backtest: { path: 'eval/backtest_results.json', sha256: sha256(BACKTEST), format: 'backtest' },
    });
    // When the pipeline wrote the file (it states no time), never the time of the import.
    expect(after.evaluation.evaluatedAt).toBe('2026-11-18T06:00:00Z');
    expect(run.stdout).toContain("evaluated at 2026-11-18T06:00:00Z (from the file's modification time)\n");
    expect(after.evaluation.metrics).toEqual(before.evaluation.metrics);
    expect(isSchemaValid('manifest', after)).toBe(true);
    // Everything else is untouched; the approvals stay but no longer match the digest.
    expect({ ...after, evaluation: before.evaluation }).toEqual(before);
    const { approvals: _a, ...unapproved } = after;
    expect(after.approvals![0]!.manifestDigest).not.toBe(manifestDigest(unapproved));
    expect(run.stdout).toContain('updated model/manifest.json:\n  /evaluation/backtest: ');
    expect(run.stdout).toContain(
      'these approvals no longer count and must be renewed (mlgov approve):\n' +
        '  - alice (governance-board, approved 2026-11-20T10:00:00Z)\n' +
        '  - bob (regulatory-affairs, approved 2026-11-20T14:30:00Z)',
    );
    expect(run.stdout).toContain('then mlgov checksums --write, then the approvals last');
  });

  it('changes nothing when the same file is imported again, and nothing with --dry-run', async () => {
    write('eval/backtest_results.json', BACKTEST);
    await importFile('eval/backtest_results.json');
    const once = manifestBytes();
    const again = await importFile('eval/backtest_results.json');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already holds these figures from this file; nothing written');
    expect(manifestBytes()).toEqual(once);

    write('eval/other.json', '{"backtest": {"mae": 1, "rmse": 2, "windows": 3}}');
    const dry = await importFile('eval/other.json', '--dry-run');
    expect(dry.stdout).toContain('would update model/manifest.json');
    expect(manifestBytes()).toEqual(once);
  });

  it('refuses a malformed backtest file with the member, its line and a code, writing nothing', async () => {
    const before = manifestBytes();
    write('eval/bad.json', '{\n  "backtest": {\n    "mae": -1,\n    "rmse": 2,\n    "windows": 12\n  }\n}\n');
    const neg = await importFile('eval/bad.json');
    expect(neg.code).toBe(2);
    expect(neg.stderr).toContain('eval/bad.json:3: /backtest/mae must be a number of at least 0 [BACKTEST_INVALID]');
    write('eval/frac.json', '{"backtest": {"mae": 1, "rmse": 2, "windows": 2.5}}');
    expect((await importFile('eval/frac.json')).stderr).toContain('/backtest/windows must be a whole number');
    write('eval/none.json', '{"metrics": {}}');
    expect((await importFile('eval/none.json')).stderr).toContain('/backtest is missing');
    write('eval/dup.json', '{"backtest": {"mae": 1, "mae": 2, "rmse": 2, "windows": 2}}');
    expect((await importFile('eval/dup.json')).stderr).toContain('[BACKTEST_INVALID]');
    expect(manifestBytes()).toEqual(before);
  });

  it("refuses another model's manifest with --model", async () => {
    write('eval/backtest_results.json', BACKTEST);
    const run = await importFile('eval/backtest_results.json', '--model', 'churn');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[MODEL_MISMATCH]');
  });
});

describe('mlgov metrics import: per-window predictions', () => {
  it('computes MAE, RMSE, bias, windows and seasons from the rows (hand-computed)', async () => {
    // errors y_pred - y_true: +2, -2 (window 1, summer); +4, 0 (window 2, winter); -6 (window 3, winter)
    const text =
      'window,season,y_true,y_pred\n1,summer,10,12\n1,summer,10,8\n2,winter,20,24\n2,winter,5,5\n3,winter,9,3\n';
    write('eval/predictions.csv', text);
    const run = await importFile('eval/predictions.csv');
    expect(run.code).toBe(0);
    const m = manifest();
    expect(m.evaluation.backtest).toEqual({
      mae: 14 / 5,
      rmse: Math.sqrt(60 / 5),
      bias: -2 / 5,
      windows: 3,
      seasons: { summer: { mae: 2, rmse: 2 }, winter: { mae: 10 / 3, rmse: Math.sqrt(52 / 3) } },
    });
    expect(m.evaluation.source).toEqual({
      backtest: { path: 'eval/predictions.csv', sha256: sha256(text), format: 'predictions' },
    });
    expect(run.stdout).toContain('read predictions file (sha256 ' + sha256(text) + ', 5 row(s))');
  });

  it('refuses a value that is not a number with the file and line', async () => {
    write('eval/predictions.csv', 'window,season,y_true,y_pred\n1,summer,10,12\n2,winter,NaN?,3\n');
    const run = await importFile('eval/predictions.csv');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${join(repo.dir, 'eval/predictions.csv')}:3: "NaN?" in column "y_true" is not a number [VALUE_NOT_NUMBER]`,
    );
  });
});

describe('mlgov metrics import: per-window predictions (more)', () => {
  it('reads Parquet predictions without a season column: no seasons, and says so', async () => {
    mkdirSync(join(repo.dir, 'eval'), { recursive: true });
    parquetWriteFile({
      filename: join(repo.dir, 'eval/predictions.parquet'),
      columnData: [
        { name: 'window', data: [1, 1, 2], type: 'INT32' },
        { name: 'y_true', data: [10, 20, 30], type: 'DOUBLE' },
        { name: 'y_pred', data: [11, 18, 30], type: 'DOUBLE' },
      ],
    });
    const run = await importFile('eval/predictions.parquet');
    expect(run.stderr).toBe('');
    expect(manifest().evaluation.backtest).toEqual({ mae: 1, rmse: Math.sqrt(5 / 3), bias: -1 / 3, windows: 2 });
    expect(run.stdout).toContain('note: no "season" column: evaluation.backtest has no seasons');
    const bytes = readFileSync(join(repo.dir, 'eval/predictions.parquet'));
    expect(manifest().evaluation.source).toEqual({
      backtest: { path: 'eval/predictions.parquet', sha256: sha256(bytes), format: 'predictions' },
    });
  });

  it('refuses more seasons than the manifest holds, and a file with no rows', async () => {
    const rows = Array.from({ length: 101 }, (_, i) => `1,s${i},1,1`);
    write('eval/p.csv', ['window,season,y_true,y_pred', ...rows].join('\n') + '\n');
    const many = await importFile('eval/p.csv');
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('101 seasons; the manifest holds at most 100 [SEASONS_TOO_MANY]');
    write('eval/none.csv', 'window,season,y_true,y_pred\n');
    expect((await importFile('eval/none.csv')).stderr).toContain('has no rows [INPUT_EMPTY]');
  });
});

describe('mlgov metrics import: labels and scores', () => {
  it('sets evaluation.metrics.auc to the exact AUC, ties counting one half, keeping the other metrics', async () => {
    // positives 0.8, 0.4, 0.4; negatives 0.4, 0.1 -> (2 + 1.5 + 1.5) / 6
    const text = 'label,score\n1,0.8\n0,0.4\n1,0.4\n0,0.1\n1,0.4\n';
    write('eval/scores.csv', text);
    const run = await importFile('eval/scores.csv');
    expect(run.code).toBe(0);
    const m = manifest();
    expect(m.evaluation.metrics).toEqual({ auc: 5 / 6, precision: 0.62, recall: 0.84 });
    expect(m.evaluation.backtest?.mae).toBe(41.2);
    expect(m.evaluation.source).toEqual({ auc: { path: 'eval/scores.csv', sha256: sha256(text), format: 'scores' } });
    expect(isSchemaValid('manifest', m)).toBe(true);
  });

  it('reads other column names and word labels, and refuses a label that is not binary with file and line', async () => {
    write('eval/s.csv', 'y,p\nfraud,0.9\nlegit,0.2\n');
    const ok = await importFile(
      'eval/s.csv',
      '--format',
      'scores',
      '--label',
      'y',
      '--score',
      'p',
      '--positive-label',
      'fraud',
    );
    expect(ok.code).toBe(0);
    expect(manifest().evaluation.metrics?.['auc']).toBe(1);
    write('eval/bad.csv', 'label,score\n1,0.9\n2,0.2\n');
    const bad = await importFile('eval/bad.csv');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'eval/bad.csv:3: "2" in column "label" is not a binary label (1/0 or true/false) [LABEL_NOT_BINARY]',
    );
  });

  it('refuses scores of one class only, and a table it cannot recognise', async () => {
    write('eval/one.csv', 'label,score\n1,0.9\n1,0.2\n');
    expect((await importFile('eval/one.csv')).stderr).toContain(
      'has 2 positive and 0 negative row(s); the AUC needs at least one of each [AUC_UNDEFINED]',
    );
    write('eval/what.csv', 'a,b\n1,2\n');
    const what = await importFile('eval/what.csv');
    expect(what.code).toBe(2);
    expect(what.stderr).toContain('[FORMAT_UNKNOWN]');
    const usage = await importFile('eval/what.csv', '--format', 'excel');
    expect(usage.stderr).toContain('--format excel is not an input format');
  });

  it('records a file outside the repository by name only, and says so', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'mlgov-outside-'));
    try {
      writeFileSync(join(outside, 'scores.csv'), 'label,score\n1,0.9\n0,0.2\n');
      const run = await importFile(join(outside, 'scores.csv'));
      expect(run.code).toBe(0);
      expect((manifest().evaluation.source as { auc: { path: string } }).auc.path).toBe('scores.csv');
      expect(run.stdout).toContain('is outside the repository: recorded by name with its SHA-256');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('mlgov metrics import: when the evaluation ran', () => {
  const stamped = (member: string, value: string) =>
    `{ "${member}": "${value}", "backtest": { "mae": 39.5, "rmse": 55.25, "windows": 12 } }\n`;

  it('takes the time the file states, not the time of the import (week-old metrics stay week-old)', async () => {
    write('eval/backtest_results.json', stamped('evaluated_at', '2026-11-10T08:30:00Z'));
    const run = await importFile('eval/backtest_results.json');
    expect(run.code).toBe(0);
    expect(manifest().evaluation.evaluatedAt).toBe('2026-11-10T08:30:00Z');
    expect(run.stdout).toContain('evaluated at 2026-11-10T08:30:00Z (from /evaluated_at of the file)\n');
  });

  it('refuses a stated time that is not a date, naming the member and its line', async () => {
    write('eval/backtest_results.json', stamped('timestamp', 'last Tuesday'));
    const before = manifestBytes();
    const run = await importFile('eval/backtest_results.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('/timestamp must be an ISO 8601 date-time, e.g. 2026-11-18T06:00:00Z');
    expect(manifestBytes().equals(before)).toBe(true);
  });

  it('takes --evaluated-at for a file that states no time, and refuses one that contradicts the file', async () => {
    write('eval/backtest_results.json', BACKTEST);
    const run = await importFile('eval/backtest_results.json', '--evaluated-at', '2026-11-17T12:00:00Z');
    expect(run.code).toBe(0);
    expect(manifest().evaluation.evaluatedAt).toBe('2026-11-17T12:00:00Z');
    write('eval/stamped.json', stamped('generated_at', '2026-11-10T08:30:00Z'));
    const contradicted = await importFile('eval/stamped.json', '--evaluated-at', '2026-11-17T12:00:00Z');
    expect(contradicted.code).toBe(2);
    expect(contradicted.stderr).toContain(
      'mlgov: --evaluated-at 2026-11-17T12:00:00Z disagrees with 2026-11-10T08:30:00Z, which the file states (/generated_at of the file)',
    );
  });
});

describe('mlgov metrics import: precision and recall from a prediction column', () => {
  // TP: (1, 1) x2; FN: (1, 0) x2; FP: (0, 1) x1; TN: (0, 0) x2 -> precision 2/3, recall 2/4.
  // AUC: positives 0.9, 0.8, 0.35, 0.3 against negatives 0.7, 0.2, 0.1 -> (3 + 3 + 2 + 2) / 12.
  const HOLDOUT = 'label,score,prediction\n1,0.9,1\n1,0.8,1\n1,0.35,0\n1,0.3,0\n0,0.7,1\n0,0.2,0\n0,0.1,0\n';

  it('sets precision = TP/(TP+FP) and recall = TP/(TP+FN) beside the AUC, under the same source', async () => {
    write('eval/holdout.csv', HOLDOUT);
    const run = await importFile('eval/holdout.csv');
    expect([run.code, run.stderr]).toEqual([0, '']);
    const m = manifest();
    expect(m.evaluation.metrics).toEqual({ auc: 10 / 12, precision: 2 / 3, recall: 0.5 });
    expect(m.evaluation.source).toEqual({
      auc: { path: 'eval/holdout.csv', sha256: sha256(HOLDOUT), format: 'scores' },
    });
    expect(isSchemaValid('manifest', m)).toBe(true);
    expect(run.stdout).toContain('note: "prediction": 2 true positive(s), 1 false positive(s), 2 false negative(s)\n');
    expect(run.stdout).toContain('  /evaluation/metrics/precision: 0.62 -> 0.6666666666666666\n');
    expect(run.stdout).toContain('  /evaluation/metrics/recall: 0.84 -> 0.5\n');
  });

  it('reads word decisions or 1/0 decisions with --positive-label, and a named --prediction column', async () => {
    write('eval/words.csv', 'y,p,d\nfraud,0.9,fraud\nfraud,0.4,legit\nlegit,0.3,fraud\nlegit,0.1,legit\n');
    const words = await importFile(
      'eval/words.csv',
      ...['--label', 'y', '--score', 'p', '--prediction', 'd', '--positive-label', 'fraud'],
    );
    expect(words.code).toBe(0);
    expect(manifest().evaluation.metrics).toEqual({ auc: 1, precision: 0.5, recall: 0.5 });
    write('eval/numeric.csv', 'label,score,prediction\nfraud,0.9,1\nfraud,0.4,1\nlegit,0.3,0\nlegit,0.1,0\n');
    expect((await importFile('eval/numeric.csv', '--positive-label', 'fraud')).code).toBe(0);
    expect(manifest().evaluation.metrics).toEqual({ auc: 1, precision: 1, recall: 1 });
  });

  it('refuses a decision that is not binary, a mix of forms, and a named column that is missing', async () => {
    write('eval/two.csv', 'label,score,prediction\n1,0.9,1\n0,0.2,2\n');
    expect((await importFile('eval/two.csv')).stderr).toContain(
      'eval/two.csv:3: "2" in column "prediction" is not a binary label (1/0 or true/false) [LABEL_NOT_BINARY]',
    );
    write('eval/mixed.csv', 'label,score,prediction\nfraud,0.9,1\nlegit,0.2,legit\n');
    const mixed = await importFile('eval/mixed.csv', '--positive-label', 'fraud');
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain(
      'eval/mixed.csv:3: "legit" in column "prediction" mixes forms: earlier rows hold 1/0 [LABEL_NOT_BINARY]',
    );
    write('eval/nodecision.csv', 'label,score\n1,0.9\n0,0.2\n');
    const missing = await importFile('eval/nodecision.csv', '--prediction', 'decision');
    expect(missing.stderr).toContain('has no column "decision"; its columns are: "label", "score" [COLUMN_MISSING]');
    expect(manifest().evaluation.metrics).toEqual({ auc: 0.91, precision: 0.62, recall: 0.84 });
  });

  it('leaves out a precision with no predicted positive, removing the old figure, and says so', async () => {
    write('eval/none.csv', 'label,score,prediction\n1,0.9,0\n0,0.2,0\n');
    const run = await importFile('eval/none.csv');
    expect(run.code).toBe(0);
    expect(manifest().evaluation.metrics).toEqual({ auc: 1, recall: 0 });
    expect(run.stdout).toContain(
      'note: precision is undefined (no row is predicted positive): left out of evaluation.metrics\n',
    );
    expect(run.stdout).toContain('  /evaluation/metrics/precision: 0.62 -> (absent)\n');
  });

  it('without a prediction column keeps the manifest precision and recall, and says so', async () => {
    write('eval/scores.csv', 'label,score\n1,0.9\n0,0.2\n');
    const run = await importFile('eval/scores.csv');
    expect(manifest().evaluation.metrics).toEqual({ auc: 1, precision: 0.62, recall: 0.84 });
    expect(run.stdout).toContain(
      'note: no "prediction" column: precision and recall are not computed (evaluation.metrics keeps any it holds)\n',
    );
  });
});
