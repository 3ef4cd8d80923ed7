/**
 * `mlgov check` over a repository with two governed models (test/support/two-models.ts): the models the change
 * touches are judged, each in its own section of every format, and the one exit code is the worst model's.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import type { Report } from '../../src/release/report.js';
import { runGate } from '../../src/gate/run-gate.js';
import { renderJson } from '../../src/render/json.js';
import { runMlgov } from '../support/cli-io.js';
import { createReleaseRepo } from '../support/example-release.js';
import type { TempRepo } from '../support/git-repo.js';
import { createTwoModelRepo, CREDIT, type TwoModelRepo } from '../support/two-models.js';

let repo: TwoModelRepo | undefined;
const others: TempRepo[] = [];
afterEach(() => {
  repo?.remove();
  repo = undefined;
  for (const r of others.splice(0)) r.remove();
});

const POLICY = '.github/governance-policy.yml';
const check = (dir: string, ...args: string[]) => runMlgov(['check', '--offline', ...args], { cwd: dir });

/** credit-scoring's weights swapped without re-binding the manifest: its checksums check fails. */
function tamperCreditScoring(r: TwoModelRepo): void {
  appendFileSync(join(r.dir, 'models/credit-scoring/weights/model.onnx'), 'tampered\n');
  r.commitAll('Swap the credit-scoring weights');
}

const lines = (text: string) => text.split('\n');
const sections = (text: string) => lines(text).filter((l) => l.startsWith('=== '));

interface ModelsJson {
  tool: { name: string; version: string };
  verdict: string;
  judged: boolean;
  selection: string;
  models: Array<{ name: string; report: Report }>;
  untouched: string[];
}

describe('mlgov check on a policy with models:', () => {
  it('judges only the touched model: credit-scoring fails, fraud-detection is listed as not judged (exit 1)', async () => {
    repo = createTwoModelRepo();
    tamperCreditScoring(repo);
    const run = await check(repo.dir);
    expect(run.code).toBe(1);
    expect(lines(run.stdout).slice(0, 2)).toEqual([
      '1 model: credit-scoring 1.3.0 failed; not judged: fraud-detection (not touched by this change)',
      'models judged: the models this change touches',
    ]);
    expect(sections(run.stdout)).toEqual([
      '=== credit-scoring 1.3.0: failed ===',
      '=== fraud-detection: not judged: not touched by this change ===',
    ]);
    expect(run.stdout).toContain(
      'models/credit-scoring/manifest.json:48:17: error CHECKSUM_MISMATCH [checksums]\n    Artifact 0 "models/credit-scoring/weights/model.onnx" is declared with SHA-256',
    );
    expect(run.stdout).not.toContain('mlgov 1.0.0: fraud-detection');
    expect(run.stdout.endsWith('\nverdict over 1 model: FAIL\n')).toBe(true);
  });

  it('judges both with --all: fraud-detection passes, credit-scoring fails, and the worst decides (exit 1)', async () => {
    repo = createTwoModelRepo();
    tamperCreditScoring(repo);
    const run = await check(repo.dir, '--all');
    expect(run.code).toBe(1);
    expect(lines(run.stdout).slice(0, 2)).toEqual([
      '2 models: fraud-detection 2.4.0 passed, credit-scoring 1.3.0 failed',
      'models judged: --all: every governed model',
    ]);
    expect(sections(run.stdout)).toEqual([
      '=== fraud-detection 2.4.0: passed ===',
      '=== credit-scoring 1.3.0: failed ===',
    ]);
    // Each section is the model's own report: its own header line and its own verdict line.
    const fraud = run.stdout.slice(run.stdout.indexOf('=== fraud-detection'), run.stdout.indexOf('=== credit-scoring'));
    expect(fraud).toContain('\nmlgov 1.0.0: fraud-detection 2.4.0 against 2.4.0 on ');
    expect(fraud).toContain('\nverdict: PASS (0 errors, 0 warnings, offline: Jira and GitHub not consulted)\n');
    expect(fraud).not.toContain('CHECKSUM_MISMATCH');
  });

  it('judges one model with --model, touched or not, and refuses a model the policy does not govern', async () => {
    repo = createTwoModelRepo();
    tamperCreditScoring(repo);
    const fraud = await check(repo.dir, '--model', 'fraud-detection');
    expect(fraud.code).toBe(0);
    expect(lines(fraud.stdout).slice(0, 2)).toEqual([
      '1 model: fraud-detection 2.4.0 passed',
      'models judged: --model fraud-detection',
    ]);
    const credit = await check(repo.dir, '--model', 'credit-scoring');
    expect(credit.code).toBe(1);
    expect(lines(credit.stdout)[0]).toBe('1 model: credit-scoring 1.3.0 failed');

    const churn = await check(repo.dir, '--model', 'churn');
    expect(churn.code).toBe(2);
    expect(churn.stdout).toBe('');
    expect(churn.stderr).toContain(
      'mlgov: the policy does not govern a model named "churn" (it governs fraud-detection, credit-scoring)\nfix: pass --model with one of: fraud-detection, credit-scoring',
    );
    const both = await check(repo.dir, '--model', 'fraud-detection', '--all');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--model and --all cannot be used together: pick one');
  });

  it('says no governed model was touched and exits 0 when the change touches none (a README edit)', async () => {
    repo = createTwoModelRepo();
    writeFileSync(join(repo.dir, 'README.md'), 'docs\n');
    repo.commitAll('Docs');
    const text = await check(repo.dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(
      [
        'no governed model touched by this change; not judged: fraud-detection, credit-scoring (not touched by this change)',
        'models judged: the models this change touches',
        '',
        '=== fraud-detection: not judged: not touched by this change ===',
        '',
        '=== credit-scoring: not judged: not touched by this change ===',
        '',
        'verdict over 0 models: PASS',
        '',
      ].join('\n'),
    );
    const json = await check(repo.dir, '--format', 'json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      tool: { name: 'mlgov', version: '1.0.0' },
      verdict: 'pass',
      judged: true,
      selection: 'the models this change touches',
      models: [],
      untouched: ['fraud-detection', 'credit-scoring'],
    });
  });

  it('writes JSON as { tool, verdict, judged, selection, models: [{ name, report }], untouched }', async () => {
    repo = createTwoModelRepo();
    tamperCreditScoring(repo);
    const run = await check(repo.dir, '--all', '--format', 'json');
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as ModelsJson;
    expect(Object.keys(doc)).toEqual(['tool', 'verdict', 'judged', 'selection', 'models', 'untouched']);
    expect([doc.tool, doc.verdict, doc.judged, doc.selection, doc.untouched]).toEqual([
      { name: 'mlgov', version: '1.0.0' },
      'fail',
      true,
      '--all: every governed model',
      [],
    ]);
    expect(doc.models.map((m) => [m.name, m.report.model.name, m.report.model.version, m.report.verdict])).toEqual([
      ['fraud-detection', 'fraud-detection', '2.4.0', 'pass'],
      ['credit-scoring', 'credit-scoring', '1.3.0', 'fail'],
    ]);
    const errors = doc.models.map((m) =>
      m.report.checks.flatMap((c) => c.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.file])),
    );
    expect(errors).toEqual([
      [],
      [
        ['SIZE_MISMATCH', CREDIT.manifest],
        ['CHECKSUM_MISMATCH', CREDIT.manifest],
      ],
    ]);
  });

  it('writes one SARIF run whose results carry properties.model and a message starting [model]', async () => {
    repo = createTwoModelRepo();
    tamperCreditScoring(repo);
    const run = await check(repo.dir, '--all', '--format', 'sarif');
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as Log;
    expect(log.runs).toHaveLength(1);
    const sarif = log.runs[0]!;
    const results = sarif.results!;
    const modelOf = (text: string) => text.slice(0, text.indexOf(']') + 1);
    expect(results.map((r) => [r.properties!['model'], r.ruleId, modelOf(r.message.text!)])).toEqual([
      ['fraud-detection', 'BIAS_PREDICTIONS_NOT_LISTED', '[fraud-detection]'],
      ['fraud-detection', 'APPROVALS_CORROBORATION_UNAVAILABLE', '[fraud-detection]'],
      ['fraud-detection', 'PROMOTION_UNCHANGED', '[fraud-detection]'],
      ['credit-scoring', 'SIZE_MISMATCH', '[credit-scoring]'],
      ['credit-scoring', 'CHECKSUM_MISMATCH', '[credit-scoring]'],
      ['credit-scoring', 'BIAS_PREDICTIONS_NOT_LISTED', '[credit-scoring]'],
      ['credit-scoring', 'APPROVALS_CORROBORATION_UNAVAILABLE', '[credit-scoring]'],
      ['credit-scoring', 'PROMOTION_UNCHANGED', '[credit-scoring]'],
    ]);
    expect(results[4]!.message.text).toMatch(
      /^\[credit-scoring\] Artifact 0 "models\/credit-scoring\/weights\/model\.onnx" is declared with SHA-256 [0-9a-f]{64}, but the file's digest is [0-9a-f]{64}\.\nFix: If the change is intended, run `mlgov checksums --write --model credit-scoring`/,
    );
    // One rule per code, shared by the models, and every result points at its own rule.
    const rules = sarif.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual([
      'BIAS_PREDICTIONS_NOT_LISTED',
      'APPROVALS_CORROBORATION_UNAVAILABLE',
      'PROMOTION_UNCHANGED',
      'SIZE_MISMATCH',
      'CHECKSUM_MISMATCH',
    ]);
    for (const r of results) expect(rules[r.ruleIndex!]!.id).toBe(r.ruleId);
    // The same rule in two models is two alerts in code scanning: the fingerprint includes the model.
    const prints = results.map((r) => r.partialFingerprints!['mlgovFinding/v1']);
    expect(new Set(prints).size).toBe(results.length);
    expect(results[4]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe(CREDIT.manifest);
    expect(sarif.properties).toMatchObject({
      verdict: 'fail',
      judged: true,
      models: [
        { name: 'fraud-detection', version: '2.4.0', verdict: 'pass', judged: true },
        { name: 'credit-scoring', version: '1.3.0', verdict: 'fail', judged: true },
      ],
      untouched: [],
    });
  });

  it('writes Markdown with the summary heading, a table of every model and one section per judged model', async () => {
    repo = createTwoModelRepo();
    tamperCreditScoring(repo);
    const run = await check(repo.dir, '--format', 'markdown');
    expect(run.code).toBe(1);
    expect(lines(run.stdout).slice(0, 12)).toEqual([
      '# ❌ mlgov governance gate — 1 model: credit-scoring 1.3.0 failed; not judged: fraud-detection (not touched by this change)',
      '',
      '**Models judged:** the models this change touches',
      '',
      '| Model | Version | Verdict |',
      '| --- | --- | --- |',
      '| `credit-scoring` | 1.3.0 | failed |',
      '| `fraud-detection` | — | not judged: not touched by this change |',
      '',
      '---',
      '',
      '## ❌ mlgov governance gate: failed — `credit-scoring` 1.3.0',
    ]);
    expect(lines(run.stdout).filter((l) => l.startsWith('## '))).toEqual([
      '## ❌ mlgov governance gate: failed — `credit-scoring` 1.3.0',
    ]);
  });

  it('judges every model when the change touches the policy, and says why', async () => {
    repo = createTwoModelRepo();
    appendFileSync(join(repo.dir, POLICY), '# a comment\n');
    repo.commitAll('Touch the policy');
    const run = await check(repo.dir);
    expect(run.code).toBe(0);
    expect(lines(run.stdout).slice(0, 2)).toEqual([
      '2 models: fraud-detection 2.4.0 passed, credit-scoring 1.3.0 passed',
      'models judged: every governed model: the change touches the policy (.github/governance-policy.yml)',
    ]);
  });

  it('renders a single-model policy exactly as before: the one report, no models wrapper', async () => {
    const single = createReleaseRepo();
    others.push(single);
    const run = await check(single.dir, '--format', 'json');
    expect(run.code).toBe(0);
    const direct = await runGate({ repoRoot: single.dir, offline: true });
    const withoutTime = (text: string) => text.replace(/"generatedAt": "[^"]+"/, '"generatedAt": "-"');
    expect(withoutTime(run.stdout)).toBe(withoutTime(renderJson(direct)));
    const text = await check(single.dir);
    expect(lines(text.stdout)[0]).toMatch(
      /^mlgov 1\.0\.0: fraud-detection 2\.4\.0 against 2\.4\.0 on main \([0-9a-f]{12}\)$/,
    );
  });
});

describe('attacks on which models are judged', () => {
  it("judges a third model that only the PR's own policy adds (never skipped), and fails it when its files are missing", async () => {
    repo = createTwoModelRepo();
    const policy = readFileSync(join(repo.dir, POLICY), 'utf8').replace(
      '  - name: credit-scoring',
      '  - { name: churn, manifest: models/churn/manifest.json, biasReport: models/churn/bias-report.json }\n  - name: credit-scoring',
    );
    writeFileSync(join(repo.dir, POLICY), policy);
    mkdirSync(join(repo.dir, 'models/churn'), { recursive: true });
    writeFileSync(join(repo.dir, 'models/churn/notes.txt'), 'a model nobody approved\n');
    repo.commitAll('Add churn in my own policy');
    const run = await check(repo.dir, '--format', 'json');
    const doc = JSON.parse(run.stdout) as ModelsJson;
    // Adding a model changes the policy: every model's judgement asks for the board's review of that change.
    expect(doc.models.map((m) => [m.name, m.report.verdict])).toEqual([
      ['fraud-detection', 'fail'],
      ['credit-scoring', 'fail'],
      ['churn', 'fail'],
    ]);
    expect(run.code).not.toBe(0);
    const text = await check(repo.dir);
    expect(lines(text.stdout)[0]).toBe(
      '3 models: fraud-detection 2.4.0 failed, credit-scoring 1.3.0 failed, churn failed',
    );
    const errors = (i: number) =>
      doc.models[i]!.report.checks.flatMap((c) =>
        c.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.file, f.pointer]),
      );
    expect(errors(0)).toEqual([['POLICY_CHANGED', POLICY, '/models/1']]);
    expect(errors(2)).toEqual([
      ['FILE_NOT_FOUND', 'models/churn/bias-report.json', undefined],
      ['FILE_NOT_FOUND', 'models/churn/manifest.json', undefined],
      ['POLICY_CHANGED', POLICY, '/models/1'],
    ]);
  });

  it("judges credit-scoring by the base's list when the PR deletes it from its own policy and swaps its weights", async () => {
    repo = createTwoModelRepo();
    const policy = readFileSync(join(repo.dir, POLICY), 'utf8');
    const withoutCredit = policy.replace(/^ {2}- name: credit-scoring\n(?: {4}.*\n)+/m, '');
    expect(withoutCredit).not.toMatch(/^ {2}- name: credit-scoring$/m);
    writeFileSync(join(repo.dir, POLICY), withoutCredit);
    tamperCreditScoring(repo);
    const run = await check(repo.dir, '--format', 'json');
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as ModelsJson;
    expect(doc.models.map((m) => m.name)).toEqual(['fraud-detection', 'credit-scoring']);
    const credit = doc.models[1]!.report;
    expect(credit.policySource).toBe('base');
    expect(credit.checks.flatMap((c) => c.findings.map((f) => f.code))).toContain('CHECKSUM_MISMATCH');
  });

  it('judges credit-scoring when only an unlisted file appears beside its weights (the PR does not choose its scope)', async () => {
    repo = createTwoModelRepo();
    writeFileSync(join(repo.dir, 'models/credit-scoring/weights/extra.bin'), 'smuggled\n');
    repo.commitAll('Add a file beside the weights');
    const run = await check(repo.dir);
    expect(lines(run.stdout)[0]).toBe(
      '1 model: credit-scoring 1.3.0 passed; not judged: fraud-detection (not touched by this change)',
    );
    expect(run.stdout).toContain(
      'warning UNLISTED_FILE [checksums]\n    "models/credit-scoring/weights/extra.bin" lies in a model folder but is not listed',
    );
  });
});
