/**
 * Verified end to end (issue #14): when the manifest lists the predictions file the bias report was computed from,
 * `mlgov check` recounts it and fails a report whose groups are not what the file says; a report whose predictions
 * are not listed is a claim, and the check says so.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Finding } from '../../src/formats/finding.js';
import type { Report } from '../../src/release/report.js';
import { runMlgov } from '../support/cli-io.js';
import { bindRelease, createReleaseRepo, type ReleaseEdit } from '../support/example-release.js';
import type { TempRepo } from '../support/git-repo.js';
import { checkPredictions, productionListsPredictions } from '../../src/checks/bias-predictions.js';
import { jsonDocument } from '../support/release-context.js';

const REPORT = 'reports/latest-bias-report.json';
const repos: TempRepo[] = [];
afterEach(() => {
  while (repos.length) repos.pop()?.remove();
});

/** Every (sex, age_band) cell of the example's groups: 200 rows, 10 % positives, all selected, one negative in 50. */
function predictionRows(): Array<[number, number, string, string]> {
  const rows: Array<[number, number, string, string]> = [];
  for (const sex of ['female', 'male', 'non_binary', 'undisclosed']) {
    for (const age of ['18-29', '30-44', '45-64', '65+']) {
      for (let i = 0; i < 200; i++) {
        const label = i % 10 === 0 ? 1 : 0;
        rows.push([label, label === 1 || i % 50 === 1 ? 1 : 0, sex, age]);
      }
    }
  }
  return rows;
}

const csvOf = (rows: Array<[number, number, string, string]>): string =>
  ['label,prediction,sex,age_band', ...rows.map((r) => r.join(','))].join('\n') + '\n';

/**
 * The example repository with release 2.5.0 whose bias report `bias compute` wrote from `file`; the file is listed
 * among the manifest's artifacts unless `listed` is false. `report` edits the report before it is re-bound.
 */
async function prepare(
  file: string,
  write: (path: string) => void,
  options: { listed?: boolean; report?: ReleaseEdit['report'] } = {},
): Promise<TempRepo & { seed: string }> {
  const repo = createReleaseRepo();
  repos.push(repo);
  mkdirSync(join(repo.dir, 'eval'), { recursive: true });
  write(join(repo.dir, file));
  const args = ['--label', 'label', '--prediction', 'prediction', '--attribute', 'sex', '--attribute', 'age_band'];
  const bias = await runMlgov(['bias', 'compute', '--predictions', file, ...args], { cwd: repo.dir });
  expect(bias.stderr).toBe('');
  expect(bias.code).toBe(0);
  bindRelease(repo.dir, repo.seed, {
    manifest: (m) => {
      m.version = '2.5.0';
      m.release = { type: 'promotion', reason: 'Retrain on the December feature snapshot' };
      // bias compute lists the predictions among the artifacts itself; a test of an unlisted file takes it out.
      if (options.listed === false) m.artifacts = m.artifacts.filter((a) => a.path !== file);
    },
    ...(options.report ? { report: options.report } : {}),
  });
  return repo;
}

const writeCsv =
  (rows = predictionRows()) =>
  (path: string) =>
    writeFileSync(path, csvOf(rows));

async function biasFindings(dir: string): Promise<{ status: string; findings: Finding[] }> {
  const run = await runMlgov(['check', '--offline', '--base', 'main', '--format', 'json'], { cwd: dir });
  const bias = (JSON.parse(run.stdout) as Report).checks.find((c) => c.id === 'bias')!;
  return { status: bias.status, findings: bias.findings };
}

const ofCode = (findings: Finding[], prefix: string) => findings.filter((f) => f.code.startsWith(prefix));

/** The text of the line a finding points at. */
const lineAt = (dir: string, f: Finding) => readFileSync(join(dir, f.file!), 'utf8').split('\n')[f.line! - 1]!;

describe('the bias report against the predictions it names', () => {
  it('passes a report bias compute wrote from a listed CSV, and records the file and columns it read', async () => {
    const repo = await prepare('eval/predictions.csv', writeCsv());
    const report = JSON.parse(readFileSync(join(repo.dir, REPORT), 'utf8')) as BiasReport;
    expect(report.dataset?.path).toBe('eval/predictions.csv');
    expect(report.dataset?.columns).toEqual({ label: 'label', prediction: 'prediction' });
    const bias = await biasFindings(repo.dir);
    expect(bias.status).toBe('pass');
    expect(ofCode(bias.findings, 'BIAS_PREDICTIONS')).toEqual([]);
  });

  it('fails a hand-edited group rate with the reported and recomputed values at the group', async () => {
    // 0.1201 instead of 24/200 = 0.12: the summary metrics (reported to 0 decimals) still agree with the groups.
    const repo = await prepare('eval/predictions.csv', writeCsv(), {
      report: (r) => {
        r.attributes[0]!.groups[1]!.selectionRate = 0.1201;
      },
    });
    const bias = await biasFindings(repo.dir);
    expect(bias.status).toBe('fail');
    const errors = bias.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.code, f.file, f.pointer])).toEqual([
      ['BIAS_PREDICTIONS_MISMATCH', REPORT, '/attributes/0/groups/1/selectionRate'],
    ]);
    expect(errors[0]!.message).toBe(
      'Attribute "sex", group "male": the report does not match eval/predictions.csv (reported vs recomputed): selectionRate 0.1201 vs 0.12.',
    );
    expect(lineAt(repo.dir, errors[0]!)).toContain('"selectionRate": 0.1201');
  });

  it('fails a report not recomputed after the predictions changed (checksums --write run again)', async () => {
    const repo = await prepare('eval/predictions.csv', writeCsv());
    repo.commitAll('Release 2.5.0');
    const rows = predictionRows();
    // A negative man aged 18-29 now selected: one more selection in "male" and in "18-29".
    const flipped = rows.findIndex((r) => r[0] === 0 && r[1] === 0 && r[2] === 'male' && r[3] === '18-29');
    rows[flipped]![1] = 1;
    writeCsv(rows)(join(repo.dir, 'eval/predictions.csv'));
    expect((await runMlgov(['checksums', '--write'], { cwd: repo.dir })).code).toBe(0);
    const bias = await biasFindings(repo.dir);
    const mismatches = ofCode(bias.findings, 'BIAS_PREDICTIONS');
    expect(mismatches.map((f) => [f.code, f.pointer])).toEqual([
      ['BIAS_PREDICTIONS_MISMATCH', '/dataset/sha256'],
      ['BIAS_PREDICTIONS_MISMATCH', '/attributes/0/groups/1/selectionRate'],
      ['BIAS_PREDICTIONS_MISMATCH', '/attributes/1/groups/0/selectionRate'],
    ]);
    // 97 of 800 men selected (was 96), 17 of 720 negatives falsely (was 16).
    expect(mismatches[1]!.message).toBe(
      'Attribute "sex", group "male": the report does not match eval/predictions.csv (reported vs recomputed): selectionRate 0.12 vs 0.12125; falsePositiveRate 0.022222 vs 0.023611.',
    );
    expect(mismatches.every((f) => f.file === REPORT && typeof f.line === 'number')).toBe(true);
    expect(bias.status).toBe('fail');
  });

  it('says the figures are a claim when the predictions are not listed among the artifacts', async () => {
    const repo = await prepare('eval/predictions.csv', writeCsv(), { listed: false });
    const bias = await biasFindings(repo.dir);
    expect(bias.status).toBe('pass');
    const notices = ofCode(bias.findings, 'BIAS_PREDICTIONS');
    expect(notices.map((f) => [f.code, f.severity, f.file, f.pointer])).toEqual([
      ['BIAS_PREDICTIONS_NOT_LISTED', 'notice', REPORT, '/dataset'],
    ]);
    expect(notices[0]!.message).toContain('(eval/predictions.csv, SHA-256 ');
    expect(notices[0]!.message).toContain("the author's claim, not recomputed by the gate");
  });

  it('could not judge a listed file it cannot count, with the reason and the fix', async () => {
    const repo = await prepare('eval/predictions.csv', writeCsv(), {
      report: (r) => {
        r.dataset!.columns = { label: 'truth', prediction: 'prediction' };
      },
    });
    const bias = await biasFindings(repo.dir);
    const unreadable = ofCode(bias.findings, 'BIAS_PREDICTIONS');
    expect(unreadable.map((f) => [f.code, f.indeterminate, f.file])).toEqual([
      ['BIAS_PREDICTIONS_UNREADABLE', true, 'eval/predictions.csv'],
    ]);
    expect(unreadable[0]!.message).toContain('eval/predictions.csv has no column "truth"');
    expect(unreadable[0]!.message).not.toContain(repo.dir);
    expect(unreadable[0]!.fix).toContain('Name the columns as they appear in the file');
  });

  it('recounts a listed Parquet file the same way', async () => {
    const rows = predictionRows();
    const write = (path: string) =>
      parquetWriteFile({
        filename: path,
        columnData: [
          { name: 'label', data: rows.map((r) => r[0]), type: 'INT32' },
          { name: 'prediction', data: rows.map((r) => r[1]), type: 'INT32' },
          { name: 'sex', data: rows.map((r) => r[2]), type: 'STRING' },
          { name: 'age_band', data: rows.map((r) => r[3]), type: 'STRING' },
        ],
        rowGroupSize: 1000,
      });
    const passing = await prepare('eval/predictions.parquet', write);
    expect(ofCode((await biasFindings(passing.dir)).findings, 'BIAS_PREDICTIONS')).toEqual([]);
    const edited = await prepare('eval/predictions.parquet', write, {
      report: (r) => {
        r.attributes[1]!.groups[2]!.n = 801;
      },
    });
    const mismatches = ofCode((await biasFindings(edited.dir)).findings, 'BIAS_PREDICTIONS');
    expect(mismatches.map((f) => [f.code, f.pointer])).toEqual([
      ['BIAS_PREDICTIONS_MISMATCH', '/attributes/1/groups/2/n'],
    ]);
    expect(mismatches[0]!.message).toContain('group "45-64"');
    expect(mismatches[0]!.message).toContain('n 801 vs 800');
  });
});

describe('a release that stops listing the predictions production listed', () => {
  const doc = jsonDocument<BiasReport>(REPORT, { dataset: { name: 'holdout', rows: 10 } });
  const base = {
    manifest: { artifacts: [{ path: 'eval/predictions.csv', sha256: 'AB'.repeat(32), size: 10 }] },
    biasReport: { dataset: { sha256: 'ab'.repeat(32) } },
  };

  it('fails it (production was verified, a typed report would replace it); a first listing is only a notice', () => {
    const report = doc.value as BiasReport;
    const stripped = checkPredictions(doc, report, { kind: 'unlisted' }, base);
    expect(stripped.map((f) => [f.code, f.severity])).toEqual([['BIAS_PREDICTIONS_NOT_LISTED', 'error']]);
    expect(stripped[0]!.message).toContain(
      'Production listed the predictions of its report, so this release must too.',
    );
    const unverifiedBase = { ...base, manifest: { artifacts: [] } };
    expect(checkPredictions(doc, report, { kind: 'unlisted' }, unverifiedBase).map((f) => f.severity)).toEqual([
      'notice',
    ]);
  });

  it('tells a production that listed its predictions by digest or by path from one that did not', () => {
    expect(productionListsPredictions(base)).toBe(true);
    expect(
      productionListsPredictions({
        manifest: { artifacts: [{ path: 'eval/p.csv', sha256: 'cd'.repeat(32) }] },
        biasReport: { dataset: { path: 'eval/p.csv' } },
      }),
    ).toBe(true);
    expect(productionListsPredictions({ manifest: base.manifest, biasReport: { dataset: {} } })).toBe(false);
    expect(productionListsPredictions(undefined)).toBe(false);
  });
});
