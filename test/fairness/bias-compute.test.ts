import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import type { BiasReport, GroupRates } from '../../src/formats/bias-report.js';
import { isSchemaValid } from '../../src/formats/schema-validator.js';
import { runMlgov } from '../support/cli-io.js';
import { createExampleRepo, type TempRepo } from '../support/git-repo.js';

const EPOCH = '1795000000'; // 2026-11-18T11:06:40Z
const REPORT = 'reports/latest-bias-report.json';

let repo: TempRepo;

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const write = (rel: string, text: string | Buffer) => {
  mkdirSync(join(repo.dir, rel, '..'), { recursive: true });
  writeFileSync(join(repo.dir, rel), text);
};
const readReport = (rel = REPORT) => JSON.parse(readFileSync(join(repo.dir, rel), 'utf8')) as BiasReport;
const compute = (...argv: string[]) =>
  runMlgov(['bias', 'compute', ...argv], { cwd: repo.dir, env: { SOURCE_DATE_EPOCH: EPOCH } });

/** CSV text from a header and rows. */
const csv = (header: string, rows: string[], eol = '\n') => [header, ...rows].join(eol) + eol;

function group(report: BiasReport, attribute: string, name: string): GroupRates {
  return report.attributes.find((a) => a.name === attribute)!.groups.find((g) => g.group === name)!;
}

beforeEach(() => {
  repo = createExampleRepo();
});
afterEach(() => repo.remove());

/**
 * The input arrays of Fairlearn's user guide, "Common fairness metrics"
 * (fairlearn/fairlearn docs/user_guide/assessment/common_fairness_metrics.rst,
 * https://fairlearn.org/main/user_guide/assessment/common_fairness_metrics.html), whose doctests print
 * demographic_parity_difference 0.25, demographic_parity_ratio 0.66666... and equalized_odds_difference 1.0.
 */
const FAIRLEARN_Y_TRUE = [0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1];
const FAIRLEARN_Y_PRED = [0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0];
const FAIRLEARN_SF = ['b', 'b', 'a', 'b', 'b', 'c', 'c', 'c', 'a', 'a', 'c', 'a', 'b', 'c', 'c', 'b', 'c', 'c'];

describe('mlgov bias compute', () => {
  it('reproduces the figures Fairlearn publishes for its user-guide example', async () => {
    const rows = FAIRLEARN_Y_TRUE.map((t, i) => `${t},${FAIRLEARN_Y_PRED[i]},${FAIRLEARN_SF[i]}`);
    write('eval/fairlearn.csv', csv('y_true,y_pred,sf', rows));
    const run = await compute(
      '--predictions',
      'eval/fairlearn.csv',
      '--label',
      'y_true',
      '--prediction',
      'y_pred',
      '--attribute',
      'sf',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const attr = readReport().attributes[0]!;
    expect(attr.metrics.demographic_parity_difference).toBeCloseTo(0.25, 12);
    expect(attr.metrics.disparate_impact_ratio).toBeCloseTo(2 / 3, 12); // Fairlearn's demographic_parity_ratio
    expect(attr.metrics.equalized_odds_difference).toBeCloseTo(1.0, 12);
    // Hand-computed by group: a = rows 2,8,9,11; b = 0,1,3,4,12,15; c = the other eight.
    expect(attr.groups).toEqual([
      {
        group: 'a',
        n: 4,
        selectionRate: 0.75,
        truePositiveRate: 0.5,
        falsePositiveRate: 1,
        positives: 2,
        negatives: 2,
      },
      { group: 'b', n: 6, selectionRate: 0.5, truePositiveRate: 0.6, falsePositiveRate: 0, positives: 5, negatives: 1 },
      {
        group: 'c',
        n: 8,
        selectionRate: 0.5,
        truePositiveRate: 0.4,
        falsePositiveRate: 2 / 3,
        positives: 5,
        negatives: 3,
      },
    ]);
  });

  it('writes a schema-valid report bound to the predictions: rows, SHA-256, missing values, quoted commas, CRLF', async () => {
    const text = csv(
      'id,label,prediction,sex,region',
      [
        '1,1,1,female,"north, east"',
        '2,0,1,female,"north, east"',
        '3,0,0,male,south',
        '4,1,0,male,',
        '5,1,1,,south',
        '6,0,0,female,south',
      ],
      '\r\n',
    );
    write('eval/predictions.csv', text);
    const run = await compute(
      '--predictions',
      'eval/predictions.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
      '--attribute',
      'region',
      '--dataset',
      'holdout-2026-11',
    );
    expect(run.code).toBe(0);
    const report = readReport();
    expect(isSchemaValid('biasReport', report)).toBe(true);
    expect(report.model).toEqual({ name: 'fraud-detection', version: '2.4.0' });
    expect(report.generatedAt).toBe('2026-11-18T11:06:40Z');
    expect(report.generator).toEqual({ name: 'mlgov', version: '1.0.0' });
    // The file and columns are recorded, so the gate can recount the predictions when the manifest lists them.
    expect(report.dataset).toEqual({
      name: 'holdout-2026-11',
      rows: 6,
      sha256: sha256(text),
      path: 'eval/predictions.csv',
      columns: { label: 'label', prediction: 'prediction' },
    });
    // 0/1 labels: the report being replaced names what 1 means, and production's positive label is kept.
    expect(report.positiveLabel).toBe('fraud');
    expect(report.approvals).toBeUndefined();
    const sex = report.attributes.find((a) => a.name === 'sex')!;
    expect(sex.missing).toBe(1);
    expect(sex.groups).toEqual([
      {
        group: 'female',
        n: 3,
        selectionRate: 2 / 3,
        truePositiveRate: 1,
        falsePositiveRate: 0.5,
        positives: 1,
        negatives: 2,
      },
      { group: 'male', n: 2, selectionRate: 0, truePositiveRate: 0, falsePositiveRate: 0, positives: 1, negatives: 1 },
    ]);
    expect(sex.metrics).toEqual({
      demographic_parity_difference: 2 / 3,
      disparate_impact_ratio: 0,
      equalized_odds_difference: 1,
      false_positive_rate_difference: 0.5,
      true_positive_rate_difference: 1,
    });
    const region = report.attributes.find((a) => a.name === 'region')!;
    expect(region.missing).toBe(1);
    expect(group(report, 'region', 'north, east')).toMatchObject({
      n: 2,
      selectionRate: 1,
      positives: 1,
      negatives: 1,
    });
    expect(group(report, 'region', 'south')).toMatchObject({
      n: 3,
      selectionRate: 1 / 3,
      truePositiveRate: 1,
      falsePositiveRate: 0,
    });
    expect(run.stdout).toContain('wrote reports/latest-bias-report.json: 6 row(s)');
    expect(run.stdout).toContain('next: mlgov checksums --write');
  });

  it('reports an undefined rate as null and the metrics it makes undefined as null, never as a pass', async () => {
    write('eval/p.csv', csv('label,prediction,g', ['0,0,x', '0,1,x', '1,1,y', '0,0,y']));
    await compute('--predictions', 'eval/p.csv', '--label', 'label', '--prediction', 'prediction', '--attribute', 'g');
    const attr = readReport().attributes[0]!;
    expect(group(readReport(), 'g', 'x')).toMatchObject({ truePositiveRate: null, positives: 0 });
    expect(attr.metrics.true_positive_rate_difference).toBeNull();
    expect(attr.metrics.equalized_odds_difference).toBeNull();
    expect(attr.metrics.demographic_parity_difference).toBe(0);
  });

  it('reads word labels with --positive-label and refuses a third value with file and line', async () => {
    write('eval/words.csv', csv('label,pred,sex', ['fraud,fraud,f', 'legit,fraud,m', 'legit,legit,m']));
    const ok = await compute(
      '--predictions',
      'eval/words.csv',
      '--label',
      'label',
      '--prediction',
      'pred',
      '--attribute',
      'sex',
      '--positive-label',
      'fraud',
    );
    expect(ok.code).toBe(0);
    expect(readReport().positiveLabel).toBe('fraud');
    expect(group(readReport(), 'sex', 'm')).toMatchObject({ n: 2, selectionRate: 0.5, falsePositiveRate: 0.5 });

    write('eval/typo.csv', csv('label,pred,sex', ['fraud,fraud,f', 'legit,legit,m', 'Fraud,legit,m']));
    const bad = await compute(
      '--predictions',
      'eval/typo.csv',
      '--label',
      'label',
      '--prediction',
      'pred',
      '--attribute',
      'sex',
      '--positive-label',
      'fraud',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('eval/typo.csv:4: "Fraud" in column "label" is a third label');
    expect(bad.stderr).toContain('[LABEL_NOT_BINARY]');
  });

  it('refuses a label that is not 0/1, naming the file and line, and writes nothing', async () => {
    const before = readFileSync(join(repo.dir, REPORT));
    write('eval/bad.csv', csv('label,prediction,sex', ['1,1,f', '0,0,m', 'yes,1,f']));
    const run = await compute(
      '--predictions',
      'eval/bad.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${join(repo.dir, 'eval/bad.csv')}:4: "yes" in column "label" is not a binary label (1/0 or true/false) [LABEL_NOT_BINARY]`,
    );
    expect(run.stderr).toContain('fix: Pass --positive-label VALUE');
    expect(readFileSync(join(repo.dir, REPORT))).toEqual(before);
  });

  it('refuses a missing column (listing the columns), a short record, and a malformed quote, with the line', async () => {
    write('eval/p.csv', csv('label,prediction,sex', ['1,1,f', '0,0']));
    const missing = await compute(
      '--predictions',
      'eval/p.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'age',
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      'has no column "age"; its columns are: "label", "prediction", "sex" [COLUMN_MISSING]',
    );
    const short = await compute(
      '--predictions',
      'eval/p.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
    );
    expect(short.stderr).toContain('eval/p.csv:3: 2 field(s) where the header has 3 [CSV_FIELD_COUNT]');
    write('eval/q.csv', csv('label,prediction,sex', ['1,1,f', '0,0,"m"x']));
    const quote = await compute(
      '--predictions',
      'eval/q.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
    );
    expect(quote.code).toBe(2);
    expect(quote.stderr).toContain('eval/q.csv:3: not valid CSV: unexpected "x" after a closing quote');
    expect(quote.stderr).toContain('[CSV_SYNTAX]');
  });

  it('gives the same groups and metrics from a Parquet file as from the same CSV, hashing the Parquet bytes', async () => {
    const label = [1, 0, 0, 1, 1, 0, 1, 0];
    const pred = [1, 1, 0, 0, 1, 0, 1, 1];
    const sex = ['f', 'f', 'm', 'm', null, 'f', 'm', 'm'];
    write(
      'eval/p.csv',
      csv(
        'label,prediction,sex',
        label.map((l, i) => `${l},${pred[i]},${sex[i] ?? ''}`),
      ),
    );
    await compute(
      '--predictions',
      'eval/p.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
      '--out',
      'csv-report.json',
    );
    parquetWriteFile({
      filename: join(repo.dir, 'eval/p.parquet'),
      columnData: [
        { name: 'label', data: label, type: 'INT32' },
        { name: 'prediction', data: pred.map((p) => p === 1), type: 'BOOLEAN' },
        { name: 'sex', data: sex, type: 'STRING' },
      ],
      rowGroupSize: 3,
    });
    const run = await compute(
      '--predictions',
      'eval/p.parquet',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
      '--out',
      'pq-report.json',
    );
    expect(run.stderr).toBe('');
    const fromCsv = readReport('csv-report.json');
    const fromParquet = readReport('pq-report.json');
    expect(fromParquet.attributes).toEqual(fromCsv.attributes);
    expect(fromParquet.attributes[0]!.missing).toBe(1);
    expect(fromParquet.dataset).toEqual({
      name: 'p.parquet',
      rows: 8,
      sha256: sha256(readFileSync(join(repo.dir, 'eval/p.parquet'))),
      path: 'eval/p.parquet',
      columns: { label: 'label', prediction: 'prediction' },
    });
  });

  it('takes a folder whose name starts with two dots as inside the repository, for the predictions and the report', async () => {
    write('..eval/p.csv', csv('label,prediction,sex', ['1,1,f', '0,0,m', '1,0,f', '0,1,m']));
    const run = await compute(
      '--predictions',
      '..eval/p.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
      '--out',
      '..out/report.json',
    );
    expect(run.stderr).toBe('');
    expect(readReport('..out/report.json').dataset).toEqual({
      name: 'p.csv',
      rows: 4,
      sha256: sha256(readFileSync(join(repo.dir, '..eval/p.csv'))),
      path: '..eval/p.csv',
      columns: { label: 'label', prediction: 'prediction' },
    });
  });

  it("keeps the replaced report's thresholds and says its review no longer counts", async () => {
    write('eval/p.csv', csv('label,prediction,sex', ['1,1,f', '0,0,m']));
    const run = await compute(
      '--predictions',
      'eval/p.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
    );
    expect(readReport().thresholds).toEqual({
      demographic_parity_difference: { max: 0.1 },
      disparate_impact_ratio: { min: 0.8 },
      equalized_odds_difference: { max: 0.1 },
    });
    expect(readReport().$schema).toBe('../schemas/bias-report.schema.json');
    expect(run.stdout).toContain(
      'its review no longer counts and must be renewed (mlgov approve --target bias-report):\n  - dave (fairness-reviewer, approved 2026-11-19T15:00:00Z)',
    );
  });

  it("writes nothing with --dry-run, prints JSON with --format json, and refuses another model's manifest", async () => {
    const before = readFileSync(join(repo.dir, REPORT));
    write('eval/p.csv', csv('label,prediction,sex', ['1,1,f', '0,0,m']));
    const dry = await compute(
      '--predictions',
      'eval/p.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
      '--dry-run',
      '--format',
      'json',
    );
    expect(dry.code).toBe(0);
    const shown = JSON.parse(dry.stdout) as { written: boolean; report: BiasReport };
    expect(shown.written).toBe(false);
    expect(shown.report.dataset?.rows).toBe(2);
    expect(readFileSync(join(repo.dir, REPORT))).toEqual(before);
    const other = await compute(
      '--predictions',
      'eval/p.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
      '--model',
      'churn',
    );
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(
      '--model churn does not match the manifest model/manifest.json, which is for "fraud-detection" [MODEL_MISMATCH]',
    );
  });

  it('refuses usage without an attribute, and a column named twice', async () => {
    write('eval/p.csv', csv('label,prediction,sex', ['1,1,f']));
    const none = await compute('--predictions', 'eval/p.csv', '--label', 'label', '--prediction', 'prediction');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--attribute is required');
    const twice = await compute(
      '--predictions',
      'eval/p.csv',
      '--label',
      'label',
      '--prediction',
      'label',
      '--attribute',
      'sex',
    );
    expect(twice.stderr).toContain(
      'column "label" is named twice among --label, --prediction and --attribute [COLUMN_REPEATED]',
    );
  });
  it('refuses an attribute with too many groups, an attribute with no values, a positive label never seen, no rows', async () => {
    const ids = Array.from({ length: 1001 }, (_, i) => `${i % 2},${i % 2},id-${i}`);
    write('eval/ids.csv', csv('label,prediction,customer', ids));
    const many = await compute(
      '--predictions',
      'eval/ids.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'customer',
    );
    expect(many.code).toBe(2);
    expect(many.stderr).toContain(
      'eval/ids.csv:1002: attribute "customer" has more than 1000 distinct values [TOO_MANY_GROUPS]',
    );
    write('eval/blank.csv', csv('label,prediction,sex', ['1,1,', '0,0,']));
    const blank = await compute(
      '--predictions',
      'eval/blank.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
    );
    expect(blank.stderr).toContain('attribute "sex" has no value in any of the 2 row(s)');
    expect(blank.stderr).toContain('[ATTRIBUTE_EMPTY]');
    write('eval/words.csv', csv('label,prediction,sex', ['legit,legit,f']));
    const absent = await compute(
      '--predictions',
      'eval/words.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
      '--positive-label',
      'fraud',
    );
    expect(absent.stderr).toContain('the positive label "fraud" does not occur in columns "label" or "prediction"');
    expect(absent.stderr).toContain('[POSITIVE_LABEL_ABSENT]');
    write('eval/header.csv', 'label,prediction,sex\n');
    const none = await compute(
      '--predictions',
      'eval/header.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
    );
    expect(none.stderr).toContain('has no rows [INPUT_EMPTY]');
    const gone = await compute(
      '--predictions',
      'eval/nope.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
    );
    expect(gone.stderr).toContain('[INPUT_UNREADABLE]');
    write('eval/empty.csv', '');
    const empty = await compute(
      '--predictions',
      'eval/empty.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
    );
    expect(empty.stderr).toContain('is empty: no header row [CSV_NO_HEADER]');
    write('eval/fake.parquet', 'label,prediction\n1,1\n');
    const fake = await compute(
      '--predictions',
      'eval/fake.parquet',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'sex',
    );
    expect(fake.stderr).toContain('is not a Parquet file (it does not start with "PAR1") [PARQUET_UNREADABLE]');
  });
  it('refuses to write the report through a symlinked folder in the repository', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'mlgov-outside-'));
    try {
      symlinkSync(outside, join(repo.dir, 'linked'));
      write('eval/p.csv', csv('label,prediction,sex', ['1,1,f', '0,0,m']));
      const run = await compute(
        '--predictions',
        'eval/p.csv',
        '--label',
        'label',
        '--prediction',
        'prediction',
        '--attribute',
        'sex',
        '--out',
        'linked/report.json',
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('linked');
      expect(readdirSync(outside)).toEqual([]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
  it('refuses more attributes than a report holds, an overlong group name, and an unreadable manifest', async () => {
    const names = Array.from({ length: 65 }, (_, i) => `a${i}`);
    write(
      'eval/wide.csv',
      csv(['label', 'prediction', ...names].join(','), [['1', '1', ...names.map(() => 'x')].join(',')]),
    );
    const wide = await compute(
      '--predictions',
      'eval/wide.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      ...names.flatMap((n) => ['--attribute', n]),
    );
    expect(wide.code).toBe(2);
    expect(wide.stderr).toContain('65 attributes; a bias report holds at most 64 [TOO_MANY_ATTRIBUTES]');
    write('eval/long.csv', csv('label,prediction,note', ['1,1,short', `0,0,${'x'.repeat(257)}`]));
    const long = await compute(
      '--predictions',
      'eval/long.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'note',
    );
    expect(long.stderr).toContain(
      'eval/long.csv:3: a value of attribute "note" is longer than 256 characters [GROUP_NAME_TOO_LONG]',
    );
    write('model/manifest.json', '{"name": "fraud-detection",');
    const broken = await compute(
      '--predictions',
      'eval/long.csv',
      '--label',
      'label',
      '--prediction',
      'prediction',
      '--attribute',
      'note',
    );
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('the manifest model/manifest.json is not valid JSON');
    expect(broken.stderr).toContain('[MANIFEST_UNUSABLE]');
  });
});
