/**
 * The false passes an adversarial pass found after issue 12's work, each reproduced through `mlgov check` on a real
 * temp repository (production 2.4.0 on `main`, the PR's 2.5.0 on `release`), with the honest control beside it.
 * Each attack passed before its fix; each now fails with the finding named here.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { Report } from '../../src/release/report.js';
import { runMlgov } from '../support/cli-io.js';
import { bindRelease, createReleaseRepo } from '../support/example-release.js';

type ReleaseRepo = ReturnType<typeof createReleaseRepo>;
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

async function prRepo(edit: (m: Manifest) => void = () => undefined, report?: (r: BiasReport) => void) {
  const repo = createReleaseRepo();
  cleanups.push(() => repo.remove());
  const archived = await runMlgov(['archive', '--base', 'main', '--actor', 'carol'], { cwd: repo.dir });
  expect(archived.code).toBe(0);
  bindRelease(repo.dir, repo.seed, {
    manifest: (m) => {
      m.version = '2.5.0';
      m.release = { type: 'promotion', reason: 'Retrain on the November feature snapshot' };
      m.jira = 'MLGOV-124';
      m.evaluation.backtest = {
        ...m.evaluation.backtest!,
        mae: 38,
        rmse: 55,
        seasons: { summer: { mae: 37, rmse: 54 }, winter: { mae: 39, rmse: 56 } },
      };
      edit(m);
    },
    ...(report ? { report } : {}),
  });
  repo.commitAll('MLGOV-124 promote 2.5.0');
  return repo;
}

async function check(repo: ReleaseRepo, ...extra: string[]): Promise<{ code: number; report: Report }> {
  const run = await runMlgov(['check', '--offline', '--format', 'json', ...extra], { cwd: repo.dir });
  return { code: run.code, report: JSON.parse(run.stdout) as Report };
}

const codesOf = (report: Report, id: string) => report.checks.find((c) => c.id === id)!.findings.map((f) => f.code);

describe('adversarial pass: the control', () => {
  it('an honest promotion passes', async () => {
    const repo = await prRepo();
    expect((await check(repo, '--base', 'main')).code).toBe(0);
  });
});

describe('adversarial pass: what a release is', () => {
  it("renaming production's model is refused (a rename hid versions and tickets from the gate)", async () => {
    const repo = await prRepo((m) => void (m.name = 'fraud-detection-v2'));
    const { code, report } = await check(repo, '--base', 'main');
    expect(code).toBe(1);
    expect(codesOf(report, 'version')).toContain('MODEL_RENAMED');
  });

  it('a base named by a look-alike local branch or tag is ambiguous: could not judge', async () => {
    const repo = await prRepo((m) => {
      m.evaluation.backtest!.mae = 80;
    });
    // The PR author's branch named like the remote-tracking base, pointing at the PR itself.
    repo.git('update-ref', 'refs/remotes/origin/main', repo.git('rev-parse', 'main').trim());
    repo.git('branch', 'origin/main', 'HEAD');
    const shadowed = await check(repo, '--base', 'origin/main');
    expect(shadowed.code).toBe(2);
    expect(JSON.stringify(shadowed.report)).toContain('is ambiguous');
    // A tag named like the base branch, on another commit.
    repo.git('branch', '-D', 'origin/main');
    repo.git('tag', 'main', repo.seed);
    const tagged = await check(repo, '--base', 'main');
    expect(tagged.code).toBe(2);
  });

  it("without --base, production is the default branch's tip, not the merge-base of a branch forked before it", async () => {
    const repo = createReleaseRepo();
    cleanups.push(() => repo.remove());
    // A branch forked from the first commit, before any release: its merge-base with main has no manifest.
    repo.git('checkout', '-q', '-b', 'early', repo.seed);
    repo.git('checkout', '-q', 'release', '--', 'model', 'reports', '.github');
    bindRelease(repo.dir, repo.seed, {
      manifest: (m) => {
        m.version = '2.5.0';
        m.release = { type: 'initial', reason: 'A brand new model, honestly' };
        m.jira = 'MLGOV-124';
        m.evaluation.backtest!.mae = 80;
      },
    });
    repo.commitAll('MLGOV-124 an early branch');
    const { code, report } = await check(repo);
    expect(code).toBe(1);
    expect(report.policySource).toBe('base');
    expect(codesOf(report, 'promotion')).toEqual(
      expect.arrayContaining(['RELEASE_TYPE_MISMATCH', 'PROMOTION_INSUFFICIENT_IMPROVEMENT']),
    );
  });

  it('a committed file named like a temp file under artifacts/ is content the PR added', async () => {
    const repo = await prRepo();
    mkdirSync(join(repo.dir, 'artifacts/fraud-detection/9.9.9'), { recursive: true });
    writeFileSync(join(repo.dir, 'artifacts/fraud-detection/9.9.9/.manifest.json.tmp'), '{}\n');
    repo.commitAll('MLGOV-124 a hidden archive');
    const { code, report } = await check(repo, '--base', 'main');
    expect(code).toBe(1);
    expect(codesOf(report, 'evidence')).toContain('ARCHIVE_UNEXPECTED');
  });
});

describe('adversarial pass: judgements and numbers', () => {
  it('a reason of ten zero-width spaces (or Hangul fillers) is too short', async () => {
    for (const reason of ['\u200b'.repeat(10), '\u3164'.repeat(12)]) {
      const repo = await prRepo((m) => void (m.release.reason = reason));
      const { code, report } = await check(repo, '--base', 'main');
      expect(code).toBe(1);
      expect(codesOf(report, 'promotion')).toContain('PROMOTION_REASON_TOO_SHORT');
    }
  });

  it('a report that flips the positive label to "legitimate" (every rate 1 − rate) is refused', async () => {
    const repo = await prRepo(undefined, (r) => {
      r.positiveLabel = 'legitimate';
      for (const a of r.attributes) {
        for (const g of a.groups) if (typeof g.selectionRate === 'number') g.selectionRate = 1 - g.selectionRate;
      }
    });
    const { code, report } = await check(repo, '--base', 'main');
    expect(code).toBe(1);
    expect(codesOf(report, 'bias')).toContain('BIAS_POSITIVE_LABEL_CHANGED');
  });

  it('--offline still applies the key rule to the PR text given (--pr-title)', async () => {
    const repo = await prRepo();
    const { code, report } = await check(repo, '--base', 'main', '--pr-title', 'MLGOV-999 retrain, see OPS-5');
    expect(code).toBe(1);
    expect(codesOf(report, 'jira')).toEqual(expect.arrayContaining(['JIRA_WRONG_PROJECT']));
    const honest = await check(repo, '--base', 'main', '--pr-title', 'MLGOV-124 retrain');
    expect(honest.code).toBe(0);
    expect(honest.report.checks.find((c) => c.id === 'jira')!.status).toBe('skip');
  });
});
