import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../../src/formats/manifest.js';
import { isSchemaValid } from '../../src/formats/schema-validator.js';
import { importEvaluation } from '../../src/metrics/import-evaluation.js';
import { runMlgov } from '../support/cli-io.js';
import { createExampleRepo, type TempRepo } from '../support/git-repo.js';

const MANIFEST = 'model/manifest.json';
let repo: TempRepo;

const sha256 = (b: string) => createHash('sha256').update(b).digest('hex');
const write = (rel: string, text: string) => {
  mkdirSync(join(repo.dir, rel, '..'), { recursive: true });
  writeFileSync(join(repo.dir, rel), text);
};
const manifestText = () => readFileSync(join(repo.dir, MANIFEST), 'utf8');
const manifest = () => JSON.parse(manifestText()) as Manifest;
const importFile = (...argv: string[]) => runMlgov(['metrics', 'import', ...argv], { cwd: repo.dir });

beforeEach(() => {
  repo = createExampleRepo();
});
afterEach(() => repo.remove());

const RUN = {
  pipeline: 'fraud-train',
  runId: 'run-2026-11-30-02',
  runUrl: 'https://ci.acme.example/pipelines/fraud-train/runs/run-2026-11-30-02',
  triggeredBy: 'erin',
  startedAt: '2026-11-17T22:00:00Z',
  finishedAt: '2026-11-18T01:30:00Z',
};

describe('mlgov metrics import: the training run record', () => {
  it('fills provenance.training from the record and binds it by SHA-256 (auto-detected by runId)', async () => {
    const text = JSON.stringify(RUN, null, 2) + '\n';
    write('training/run.json', text);
    const before = manifest();
    const run = await importFile('training/run.json');
    expect([run.code, run.stderr]).toEqual([0, '']);
    const after = manifest();
    expect(after.provenance.training).toEqual({
      ...RUN,
      source: { path: 'training/run.json', sha256: sha256(text) },
    });
    expect(isSchemaValid('manifest', after)).toBe(true);
    // Nothing else moves: the evaluation (and its time) is not the run record's.
    expect({ ...after, provenance: before.provenance }).toEqual(before);
    expect(run.stdout).toContain(`read training-run file (sha256 ${sha256(text)})\n`);
    expect(run.stdout).toContain('  /provenance/training/runId: "run-2026-11-18-01" -> "run-2026-11-30-02"\n');
    expect(run.stdout).toContain('these approvals no longer count and must be renewed');
    const again = await importFile('training/run.json');
    expect(again.stdout).toContain('already holds these figures from this file; nothing written');
  });

  it('reads snake_case members, writes only those present, drops the old run link, and names what it kept', async () => {
    const text =
      '{"run_id": "run-42", "triggered_by": "erin", "started_at": "2026-11-18T00:00:00+01:00", "epochs": 12}';
    write('training/run.json', text);
    const run = await importFile('training/run.json', '--format', 'training-run');
    expect(run.code).toBe(0);
    expect(manifest().provenance.training).toEqual({
      pipeline: 'fraud-train',
      runId: 'run-42',
      triggeredBy: 'erin',
      startedAt: '2026-11-18T00:00:00+01:00',
      finishedAt: '2026-11-18T03:10:00Z',
      source: { path: 'training/run.json', sha256: sha256(text) },
    });
    expect(run.stdout).toContain('note: ignored members of the run record: epochs\n');
    expect(run.stdout).toContain(
      'note: /provenance/training/pipeline is not in the run record: kept from the previous run (fraud-train)\n',
    );
    expect(run.stdout).toContain(
      'note: /provenance/training/finishedAt is not in the run record: kept from the previous run (2026-11-18T03:10:00Z)\n',
    );
    expect(run.stdout).toContain(
      '  /provenance/training/runUrl: "https://ci.acme.example/pipelines/fraud-train/runs/run-2026-11-18-01" -> (absent)\n',
    );
  });

  it('says when training finished after the evaluation the manifest holds', async () => {
    write('training/run.json', JSON.stringify({ ...RUN, finishedAt: '2026-11-18T07:00:00Z' }));
    const run = await importFile('training/run.json');
    expect(run.stdout).toContain(
      "note: training finished (2026-11-18T07:00:00Z) after evaluation.evaluatedAt (2026-11-18T06:00:00Z): import this run's evaluation next\n",
    );
  });

  it('keeps detecting backtest results among .json files', async () => {
    write('eval/backtest_results.json', '{"backtest": {"mae": 1, "rmse": 2, "windows": 12}}');
    const run = await importFile('eval/backtest_results.json');
    expect(run.stdout).toContain('read backtest file');
    expect(manifest().provenance.training.runId).toBe('run-2026-11-18-01');
  });
});

describe('mlgov metrics import: refusing a run record, writing nothing', () => {
  const refused = async (record: string, ...flags: string[]) => {
    write('training/run.json', record);
    const before = manifestText();
    const run = await importFile('training/run.json', ...flags);
    expect([run.code, run.stdout, manifestText()]).toEqual([2, '', before]);
    return run.stderr;
  };

  it('refuses a run that finishes before it starts, naming the member and its line', async () => {
    const record =
      '{\n  "runId": "r1",\n  "started_at": "2026-11-18T02:00:00Z",\n  "finished_at": "2026-11-18T01:00:00Z"\n}';
    expect(await refused(record)).toContain(
      'training/run.json:4: /finished_at 2026-11-18T01:00:00Z is before started_at 2026-11-18T02:00:00Z: a run cannot finish before it starts [TRAINING_RUN_INVALID]',
    );
  });

  it('refuses a time that is not an ISO 8601 date-time with a zone', async () => {
    expect(await refused('{"runId": "r1",\n"startedAt": "2026-11-18 02:00"}')).toContain(
      'training/run.json:2: /startedAt must be an ISO 8601 date-time with a time zone, e.g. 2026-11-18T04:00:00Z [TRAINING_RUN_INVALID]',
    );
    expect(await refused('{"runId": "r1", "finishedAt": "2026-11-18T02:00:00"}')).toContain(
      '/finishedAt must be an ISO 8601 date-time with a time zone',
    );
  });

  it('refuses a member that is not a string, a link that is not http(s), and both spellings of one member', async () => {
    expect(await refused('{"runId": 7}')).toContain(
      'training/run.json:1: /runId must be a non-empty string [TRAINING_RUN_INVALID]',
    );
    expect(await refused('{"runId": "r1", "runUrl": "javascript:alert(1)"}')).toContain(
      '/runUrl must be an http(s) URL of at most 2048 characters [TRAINING_RUN_INVALID]',
    );
    expect(await refused('{"runId": "r1", "run_id": "r2"}')).toContain(
      '/run_id repeats /runId: write one of them [TRAINING_RUN_INVALID]',
    );
    expect(await refused(`{"runId": "r1", "pipeline": "${'p'.repeat(257)}"}`)).toContain(
      '/pipeline must be at most 256 characters [TRAINING_RUN_INVALID]',
    );
  });

  it('refuses a record without a run id, one that is not an object, and malformed JSON', async () => {
    expect(await refused('{"pipeline": "fraud-train"}', '--format', 'training-run')).toContain(
      'training/run.json:1: /runId is missing: a run record names its run [TRAINING_RUN_INVALID]',
    );
    expect(await refused('["r1"]', '--format', 'training-run')).toContain(
      '(root) must be a JSON object [TRAINING_RUN_INVALID]',
    );
    expect(await refused('{"runId": ', '--format', 'training-run')).toContain('[TRAINING_RUN_INVALID]');
  });

  it('refuses --evaluated-at with a run record, and a run record given to the evaluation reader', async () => {
    expect(await refused(JSON.stringify(RUN), '--evaluated-at', '2026-11-18T06:00:00Z')).toContain(
      '--evaluated-at is about an evaluation; a training run record states its own times',
    );
    const path = join(repo.dir, 'training/run.json');
    await expect(importEvaluation(path, {})).rejects.toThrow(
      `${path} is a training run record, not an evaluation output [FORMAT_UNKNOWN]`,
    );
  });
});
