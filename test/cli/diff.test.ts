import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareReleases } from '../../src/checks/promotion-comparison.js';
import { judgePromotion } from '../../src/checks/promotion.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { renderDiff, type DiffView } from '../../src/render/diff.js';
import {
  buildRelease,
  exampleBaseManifest,
  exampleManifest,
  examplePolicyValue,
  exampleReport,
  NOW,
} from '../checks/fixtures/release.js';
import { runMlgov } from '../support/cli-io.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';

function view(edit: (m: Manifest) => void = () => undefined): DiffView {
  const release = buildRelease({ manifest: edit });
  const verdict = judgePromotion(release.ctx, release.policy);
  const baseReport = exampleReport();
  baseReport.attributes[0]!.groups[0]!.selectionRate = 0.03;
  return {
    comparison: compareReleases({
      head: release.manifest,
      base: exampleBaseManifest(),
      policy: release.policy,
      now: NOW,
      headReport: release.report,
      baseReport,
    }),
    verdict: { status: verdict.status, summary: verdict.summary, findings: verdict.findings },
    baseLabel: 'main @ fffffff',
  };
}

describe('diff renderer', () => {
  it('renders a text table with MAE, RMSE, windows, seasons, metrics, bias, improvement and verdict', () => {
    const text = renderDiff(view(), 'text');
    const lines = text.split('\n');
    expect(lines[0]).toBe('fraud-detection: challenger 2.4.0 (working tree) vs production 2.3.0 (main @ fffffff)');
    expect(lines[2]).toMatch(/^metric\s+production {2}challenger {2}change$/);
    expect(text).toMatch(/^MAE\s+41\.2\s+38\s+7\.77 % better$/m);
    expect(text).toMatch(/^RMSE\s+58\.9\s+55\s+6\.62 % better$/m);
    expect(text).toMatch(/^windows\s+12\s+12\s+min 12$/m);
    expect(text).toMatch(/^winter MAE\s+42\s+39\s+7\.14 % better$/m);
    expect(text).toMatch(/^auc\s+0\.91\s+0\.91\s+same \(min 0\.7\) ✓$/m);
    expect(text).toMatch(/^bias sex DPD\s+0\.003\s+0\.002\s+-0\.001$/m);
    expect(text).toContain(
      'improvement: MAE 7.77 % better, RMSE 6.62 % better (MAE or RMSE must improve by at least 5 %)',
    );
    expect(text).toContain('regressions: none');
    expect(text).toContain('verdict: PASS — MAE 7.77 % better than production 2.3.0');
  });

  it('lists regressions and the failing verdict with its findings', () => {
    const text = renderDiff(
      view((m) => {
        m.evaluation.backtest!.mae = 40;
        m.evaluation.backtest!.rmse = 58;
        m.evaluation.backtest!.seasons!['winter'] = { mae: 43, rmse: 59 };
      }),
      'text',
    );
    expect(text).toMatch(/^winter MAE\s+42\s+43\s+2\.38 % worse ✗ regression$/m);
    expect(text).toContain('regressions: winter MAE 2.38 % worse');
    expect(text).toContain('verdict: FAIL');
    expect(text).toContain('  error PROMOTION_INSUFFICIENT_IMPROVEMENT: ');
    expect(text).toContain('  error PROMOTION_SEASONAL_REGRESSION: ');
  });

  it('renders Markdown and JSON', () => {
    const v = view();
    const md = renderDiff(v, 'markdown');
    expect(md).toContain('| metric | production | challenger | change |');
    expect(md).toContain('| MAE | 41.2 | 38 | 7.77 % better |');
    expect(md).toContain('- **verdict: PASS — MAE 7.77 % better than production 2.3.0**');
    const json = JSON.parse(renderDiff(v, 'json')) as {
      head: unknown;
      base: unknown;
      regressions: string[];
      verdict: { status: string };
    };
    expect(json.head).toEqual({ name: 'fraud-detection', version: '2.4.0' });
    expect(json.base).toEqual({ name: 'fraud-detection', version: '2.3.0' });
    expect(json.regressions).toEqual([]);
    expect(json.verdict.status).toBe('pass');
  });

  it('says when there is no production release', () => {
    const policy = examplePolicyValue();
    const text = renderDiff(
      {
        comparison: compareReleases({ head: exampleManifest(), policy, now: NOW }),
        verdict: { status: 'pass', summary: 'first release: no production release to compare with', findings: [] },
      },
      'text',
    );
    expect(text.split('\n')[0]).toBe('fraud-detection: challenger 2.4.0 (working tree) vs no production release');
    expect(text).toContain('improvement: no production release to compare with');
  });
});

describe('mlgov diff', () => {
  let repo: TempRepo | undefined;
  afterEach(() => repo?.remove());

  function writeRelease(dir: string, m: Manifest): void {
    mkdirSync(join(dir, 'model'), { recursive: true });
    writeFileSync(join(dir, 'model/manifest.json'), JSON.stringify(m, null, 2) + '\n');
  }

  function fresh(m: Manifest): Manifest {
    m.evaluation.evaluatedAt = new Date(Date.now() - 86_400_000).toISOString();
    return m;
  }

  it('compares the working tree with the base revision and exits 0 when the promotion would pass', async () => {
    repo = createTempRepo('mlgov-diff-');
    mkdirSync(join(repo.dir, '.github'));
    writeFileSync(
      join(repo.dir, '.github/governance-policy.yml'),
      'version: 1\nperformance:\n  thresholds:\n    auc: { min: 0.7 }\n',
    );
    writeRelease(repo.dir, fresh(exampleBaseManifest()));
    repo.commitAll('Release 2.3.0');
    repo.git('checkout', '-q', '-b', 'release');
    writeRelease(repo.dir, fresh(exampleManifest()));

    const r = await runMlgov(['diff', '--base', 'main', '--repo', repo.dir], { cwd: repo.dir });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /^fraud-detection: challenger 2\.4\.0 \(working tree\) vs production 2\.3\.0 \(main @ [0-9a-f]{7}\)$/m,
    );
    expect(r.stdout).toMatch(/^MAE\s+41\.2\s+38\s+7\.77 % better$/m);
    expect(r.stdout).toContain('verdict: PASS');
    expect(r.code).toBe(0);

    const json = await runMlgov(['diff', '--base', 'main', '--format', 'json', '--repo', repo.dir], { cwd: repo.dir });
    expect(JSON.parse(json.stdout).verdict.status).toBe('pass');
  });

  it('refuses a manifest or bias report that does not match its schema, naming the file, never comparing it', async () => {
    repo = createTempRepo('mlgov-diff-');
    writeRelease(repo.dir, fresh(exampleBaseManifest()));
    repo.commitAll('Release 2.3.0');
    const m = fresh(exampleManifest()) as unknown as { evaluation: { backtest: { seasons: Record<string, unknown> } } };
    m.evaluation.backtest.seasons['summer'] = null;
    writeRelease(repo.dir, m as unknown as Manifest);
    const r = await runMlgov(['diff', '--base', 'main', '--repo', repo.dir], { cwd: repo.dir });
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('model/manifest.json does not match its schema');
    expect(r.stderr).toContain('Run mlgov check: its schema check names each problem in model/manifest.json');
    expect(r.stderr).not.toMatch(/TypeError|at .*\.js:\d+/);
    expect(r.code).toBe(2);

    writeRelease(repo.dir, fresh(exampleManifest()));
    mkdirSync(join(repo.dir, 'reports'), { recursive: true });
    writeFileSync(join(repo.dir, 'reports/latest-bias-report.json'), '{ "attributes": 5 }\n');
    const report = await runMlgov(['diff', '--base', 'main', '--repo', repo.dir], { cwd: repo.dir });
    expect(report.stderr).toContain('reports/latest-bias-report.json does not match its schema');
    expect(report.code).toBe(2);
  });

  it('exits 1 when the challenger does not improve enough', async () => {
    repo = createTempRepo('mlgov-diff-');
    writeRelease(repo.dir, fresh(exampleBaseManifest()));
    repo.commitAll('Release 2.3.0');
    const m = fresh(exampleManifest());
    m.evaluation.backtest!.mae = 40.8;
    m.evaluation.backtest!.rmse = 58.5;
    writeRelease(repo.dir, m);
    const r = await runMlgov(['diff', '--base', 'main', '--format', 'markdown', '--repo', repo.dir], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('| MAE | 41.2 | 40.8 | 0.97 % better |');
    expect(r.stdout).toContain('PROMOTION_INSUFFICIENT_IMPROVEMENT');
  });
});
