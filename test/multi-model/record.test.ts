/**
 * Record mode over a repository with two models (issue 13), through the bundled action as the runner runs it: a
 * merge that promotes both models records a `promote` event for each in the shared audit log, and keeps one evidence
 * directory in the engine's bundle format holding both models' files (at the paths the policy gives them).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../../src/formats/canonical-digest.js';
import { startGitHubServer, type GitHubServer } from '../servers/github-server.js';
import { bundleAction, runAction } from '../action/action-harness.js';
import { CREDIT, createTwoModelRepo, FRAUD } from '../support/two-models.js';

let bundle: { entry: string; remove(): void };
let github: GitHubServer;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  bundle = await bundleAction();
  github = await startGitHubServer();
}, 120_000);

afterAll(async () => {
  await github.close();
  bundle.remove();
  for (const c of cleanups) c();
});

describe('record mode over several models', () => {
  it('records a promote event for each model whose release changed, and keeps both models evidence', async () => {
    const repo = createTwoModelRepo();
    cleanups.push(() => repo.remove());
    const base = repo.baseCommit;
    // The PR promotes both models; merged into main with --no-ff (the merge commit is what record mode judges).
    repo.bind('fraud-detection', { manifest: (m) => void (m.version = '2.5.0') });
    repo.bind('credit-scoring', { manifest: (m) => void (m.version = '1.4.0') });
    repo.commitAll('MLGOV-123 promote fraud-detection 2.5.0 and credit-scoring 1.4.0');
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--no-ff', '-m', 'Merge release', 'release');
    const sha = repo.git('rev-parse', 'HEAD').trim();
    const run = await runAction({
      entry: bundle.entry,
      workspace: repo.dir,
      apiUrl: github.url,
      eventName: 'push',
      payload: { ref: 'refs/heads/main', after: sha },
      inputs: { command: 'record', 'record-commit': 'off', 'github-token': 'ghs_e2e_token_0002' },
      env: { GITHUB_SHA: sha },
    });
    cleanups.push(() => rmSync(run.runnerTemp, { recursive: true, force: true }));

    const events = readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            seq: number;
            hash: string;
            action: string;
            model: string;
            version: string;
            details: Record<string, unknown>;
          },
      );
    expect(events.map((e) => [e.seq, e.action, e.model, e.version])).toEqual([
      [1, 'promote', 'fraud-detection', '2.5.0'],
      [2, 'promote', 'credit-scoring', '1.4.0'],
    ]);
    expect(events.map((e) => [e.details['commit'], e.details['parent'], e.details['replaces']])).toEqual([
      [sha, base, '2.4.0'],
      [sha, base, '1.3.0'],
    ]);
    expect(run.outputs['audit-event']).toBe(events.map((e) => `${e.seq}:${e.hash}`).join(','));

    const evidence = run.outputs['evidence']!;
    expect(
      evidence.startsWith(
        join(run.runnerTemp, 'mlgov-evidence', `mlgov-evidence-fraud-detection-credit-scoring-${sha.slice(0, 7)}`),
      ),
    ).toBe(true);
    expect(readdirSync(evidence, { recursive: true }).map(String).sort()).toEqual([
      'audit-log.jsonl',
      'credit-scoring',
      'credit-scoring/bias-report.json',
      'credit-scoring/manifest.json',
      'evidence.json',
      'fraud-detection',
      'fraud-detection/bias-report.json',
      'fraud-detection/manifest.json',
      'governance-policy.yml',
      'report.json',
      'report.sarif',
      'summary.md',
    ]);
    const index = JSON.parse(readFileSync(join(evidence, 'evidence.json'), 'utf8')) as {
      format: string;
      commit: string;
      subject: { models: Array<{ name: string; model: { version: string } }> };
      files: Array<{ path: string; sha256: string }>;
    };
    expect(index.format).toBe('mlgov-evidence-bundle/1');
    expect(index.commit).toBe(sha);
    expect(index.subject.models.map((m) => [m.name, m.model.version])).toEqual([
      ['fraud-detection', '2.5.0'],
      ['credit-scoring', '1.4.0'],
    ]);
    // Each model's files are the ones at the paths the policy gives it, byte for byte.
    const digestOf = (rel: string) => index.files.find((f) => f.path === rel)?.sha256;
    expect(digestOf('credit-scoring/manifest.json')).toBe(sha256Hex(readFileSync(join(repo.dir, CREDIT.manifest))));
    expect(digestOf('credit-scoring/bias-report.json')).toBe(
      sha256Hex(readFileSync(join(repo.dir, CREDIT.biasReport))),
    );
    expect(digestOf('fraud-detection/manifest.json')).toBe(sha256Hex(readFileSync(join(repo.dir, FRAUD.manifest))));
    expect(run.summary).toContain('fraud-detection');
    expect(run.summary).toContain('credit-scoring');

    // Recording again appends nothing: each model's release is already recorded.
    const again = await runAction({
      entry: bundle.entry,
      workspace: repo.dir,
      apiUrl: github.url,
      eventName: 'push',
      payload: {},
      inputs: {
        command: 'record',
        'record-commit': 'off',
        'github-token': 'ghs_e2e_token_0002',
        'upload-evidence': 'false',
      },
      env: { GITHUB_SHA: sha },
    });
    cleanups.push(() => rmSync(again.runnerTemp, { recursive: true, force: true }));
    expect(readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(again.outputs['audit-event']).toBeUndefined();
  });

  it('records only the model whose release changed; the other is noted', async () => {
    const repo = createTwoModelRepo();
    cleanups.push(() => repo.remove());
    repo.bind('credit-scoring', { manifest: (m) => void (m.version = '1.4.0') });
    repo.commitAll('MLGOV-123 promote credit-scoring 1.4.0');
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--no-ff', '-m', 'Merge release', 'release');
    const sha = repo.git('rev-parse', 'HEAD').trim();
    const run = await runAction({
      entry: bundle.entry,
      workspace: repo.dir,
      apiUrl: github.url,
      eventName: 'push',
      payload: { ref: 'refs/heads/main', after: sha },
      inputs: {
        command: 'record',
        'record-commit': 'off',
        'github-token': 'ghs_e2e_token_0002',
        'all-models': 'true',
        'upload-evidence': 'false',
      },
      env: { GITHUB_SHA: sha },
    });
    cleanups.push(() => rmSync(run.runnerTemp, { recursive: true, force: true }));
    const events = readFileSync(join(repo.dir, 'artifacts/audit-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; model: string; version: string });
    expect(events.map((e) => [e.action, e.model, e.version])).toEqual([['promote', 'credit-scoring', '1.4.0']]);
    expect(run.summary).toContain(
      "fraud-detection: The manifest's version did not change in this push: no release to record.",
    );
  });
});
