import { afterEach, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { Report } from '../../src/release/report.js';
import { runMlgov, type CapturedRun } from '../support/cli-io.js';
import { createReleaseRepo, readJson } from '../support/example-release.js';
import type { TempRepo } from '../support/git-repo.js';
import { CREDIT, createTwoModelRepo, FRAUD } from '../support/two-models.js';

let repo: (TempRepo & { seed: string; baseCommit: string }) | undefined;
afterEach(() => {
  repo?.remove();
  repo = undefined;
});

/** `mlgov release …` in `cwd`, through the CLI's own entry point. */
const release = (argv: string[], cwd: string): Promise<CapturedRun> => runMlgov(['release', ...argv], { cwd });

const REASON = 'Retrained on the November snapshot; MAE improves by 7 %.';
const NEW = ['new', '--bump', 'minor', '--reason', REASON, '--jira', 'MLGOV-131'];

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

describe('mlgov release new', () => {
  it('writes 2.5.0 from the base 2.4.0 with --bump minor, and then check reports no VERSION_NOT_BUMPED', async () => {
    repo = createReleaseRepo();
    const head = repo.git('rev-parse', 'HEAD').trim();
    const r = await release(NEW, repo.dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('released fraud-detection 2.5.0 (promotion, from 2.4.0)\n');
    expect(r.stdout).toContain('  model/manifest.json /approvals: 2 approval(s) removed\n');
    expect(r.stdout).toContain(
      '  1. mlgov metrics import model_metrics/backtest_results.json\n' +
        "     the new model's evaluation (repeat for each training output)\n" +
        '  2. mlgov bias compute --predictions FILE --label COL --prediction COL --attribute COL\n',
    );
    const m = readJson<Manifest>(repo.dir, 'model/manifest.json');
    expect(m['version']).toBe('2.5.0');
    expect(m['release']).toEqual({ type: 'promotion', reason: REASON });
    expect(m['jira']).toBe('MLGOV-131');
    expect(m['provenance'].code.commit).toBe(head);
    expect(m['approvals']).toBeUndefined();
    const report = readJson<BiasReport>(repo.dir, 'reports/latest-bias-report.json');
    expect(report['model']).toEqual({ name: 'fraud-detection', version: '2.5.0' });
    expect(report['approvals']).toBeUndefined();

    const check = await runMlgov(['check', '--offline', '--format', 'json'], { cwd: repo.dir });
    const judged = JSON.parse(check.stdout) as Report;
    const codes = judged.checks.flatMap((c) => c.findings.map((f) => f.code));
    expect(codes).not.toContain('VERSION_NOT_BUMPED');
    expect(judged.checks.find((c) => c.id === 'checksums')!.status).toBe('pass');
    expect(judged.checks.find((c) => c.id === 'version')!.status).toBe('pass');
  });

  it('--dry-run prints the plan and writes nothing', async () => {
    repo = createReleaseRepo();
    const before = [read(repo.dir, 'model/manifest.json'), read(repo.dir, 'reports/latest-bias-report.json')];
    const r = await release([...NEW, '--dry-run'], repo.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('plan: release fraud-detection 2.5.0 (promotion, from 2.4.0)\n');
    expect(r.stdout).toContain('would write model/manifest.json and reports/latest-bias-report.json:\n');
    expect(r.stdout).toContain('  model/manifest.json /version: "2.4.0" -> "2.5.0"\n');
    expect([read(repo.dir, 'model/manifest.json'), read(repo.dir, 'reports/latest-bias-report.json')]).toEqual(before);
  });

  it('refuses a manifest with uncommitted changes, and writes nothing', async () => {
    repo = createReleaseRepo();
    const path = join(repo.dir, 'model/manifest.json');
    const dirty = read(repo.dir, 'model/manifest.json').replace('risk-ml-guild', 'risk-ml-team');
    writeFileSync(path, dirty);
    const r = await release(NEW, repo.dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'mlgov: release new refused: model/manifest.json has uncommitted changes; a new release starts from the committed release\n' +
        'fix: commit or discard them first (git commit, or git restore model/manifest.json), then run mlgov release new again\n',
    );
    expect(read(repo.dir, 'model/manifest.json')).toBe(dirty);
  });

  it('refuses a bias report deleted from the working tree but committed', async () => {
    repo = createReleaseRepo();
    rmSync(join(repo.dir, 'reports/latest-bias-report.json'));
    const r = await release(NEW, repo.dir);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      'mlgov: release new refused: reports/latest-bias-report.json has uncommitted changes; a new release starts from the committed release',
    );
  });

  it('refuses a bias report that is not a JSON object, naming it', async () => {
    repo = createReleaseRepo();
    writeFileSync(join(repo.dir, 'reports/latest-bias-report.json'), '[]\n');
    repo.commitAll('Broken report');
    const r = await release(NEW, repo.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'mlgov: the bias report reports/latest-bias-report.json is not a JSON object [BIAS_REPORT_UNUSABLE]\n' +
        'fix: Fix the report (mlgov check reports every problem with its line), or write it again with mlgov bias compute.\n',
    );
  });

  it('refuses a release already in progress (the working version is not the base one), naming both', async () => {
    repo = createReleaseRepo();
    const path = join(repo.dir, 'model/manifest.json');
    writeFileSync(path, read(repo.dir, 'model/manifest.json').replace('"version": "2.4.0"', '"version": "2.5.0"'));
    repo.commitAll('Start 2.5.0');
    const r = await release(NEW, repo.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'mlgov: release new refused: a release is already in progress: model/manifest.json is at version 2.5.0, but the base main releases 2.4.0\n' +
        "fix: continue that release (mlgov metrics import, mlgov bias compute, mlgov checksums --write, then the approvals), or start over from the base's manifest (git restore --source main model/manifest.json) and commit\n",
    );
  });

  it('is bad usage without --bump or --version, or with both', async () => {
    repo = createReleaseRepo();
    const r = await release(['new', '--reason', REASON, '--jira', 'MLGOV-131'], repo.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^mlgov: say how to number the release: --bump major\|minor\|patch, or --version X\.Y\.Z \(one of them\)\n\nusage: mlgov release new /,
    );
  });

  it('with several models, needs --model, writes only that model and repeats --model in every next step', async () => {
    repo = createTwoModelRepo();
    const without = await release(NEW, repo.dir);
    expect(without.code).toBe(2);
    expect(without.stderr).toBe(
      'mlgov: the policy governs 2 models (fraud-detection, credit-scoring); say which one this command is for\n' +
        'fix: pass --model NAME, one of: fraud-detection, credit-scoring\n',
    );
    const fraudBefore = read(repo.dir, FRAUD.manifest);
    const r = await release([...NEW, '--model', 'credit-scoring'], repo.dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('released credit-scoring 1.4.0 (promotion, from 1.3.0)\n');
    expect(r.stdout).toContain('  3. mlgov checksums --write --model credit-scoring\n');
    expect(r.stdout).toContain(
      '  7. mlgov approve --approver LOGIN --role regulatory-affairs --model credit-scoring\n',
    );
    expect(readJson<Manifest>(repo.dir, CREDIT.manifest).version).toBe('1.4.0');
    expect(readJson<BiasReport>(repo.dir, CREDIT.biasReport).model.version).toBe('1.4.0');
    expect(read(repo.dir, FRAUD.manifest)).toBe(fraudBefore);
  });
});
