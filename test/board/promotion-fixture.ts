/**
 * The example's release on `main` (test/support/example-release.ts) and, on the `release` branch, its promotion to
 * 2.5.0: MAE and RMSE 10 % better, a new feature snapshot and data window, a framework upgrade, a new code commit,
 * and the `age_band` disparate impact ratio down from production's 0.8499 to 0.8225 (the policy's minimum is 0.8),
 * its own ticket (MLGOV-124) and production archived, so the gate passes it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BiasReport } from '../../src/formats/bias-report.js';
import { runMlgov } from '../support/cli-io.js';
import { bindRelease, createReleaseRepo } from '../support/example-release.js';

export const PROMOTION_TICKET = 'MLGOV-124';
export const PROMOTION_REASON = 'Quarterly retrain on the December feature snapshot';

/** The age bands' selection rates moved so the ratio is 0.8225, with the summary metrics the gate recomputes. */
export function lowerAgeBandImpact(r: BiasReport): void {
  const ages = r.attributes.find((a) => a.name === 'age_band')!;
  const lowest = Math.min(...ages.groups.map((g) => g.selectionRate ?? 1));
  const young = ages.groups.find((g) => g.group === '18-29')!;
  young.selectionRate = lowest / 0.8225;
  const rates = ages.groups.map((g) => g.selectionRate!);
  ages.metrics.disparate_impact_ratio = Math.min(...rates) / Math.max(...rates);
  ages.metrics.demographic_parity_difference = Math.max(...rates) - Math.min(...rates);
}

export type PromotionRepo = ReturnType<typeof createReleaseRepo> & { headCommit: string };

/** The repository with the promotion committed on `release` (the PR's head). */
export async function createPromotionRepo(): Promise<PromotionRepo> {
  const repo = createReleaseRepo();
  writeFileSync(join(repo.dir, 'train.py'), 'print("training code, December")\n');
  const code = repo.commitAll('Training code for 2.5.0');
  bindRelease(repo.dir, code, {
    manifest: (m) => {
      m.version = '2.5.0';
      m.release = { type: 'promotion', reason: PROMOTION_REASON };
      m.jira = PROMOTION_TICKET;
      const b = m.evaluation.backtest!;
      b.mae = Math.round(b.mae! * 0.9 * 100) / 100;
      b.rmse = Math.round(b.rmse! * 0.9 * 100) / 100;
      for (const s of Object.values(b.seasons ?? {})) {
        s.mae = Math.round(s.mae! * 0.9 * 100) / 100;
        s.rmse = Math.round(s.rmse! * 0.9 * 100) / 100;
      }
      m.provenance.data.featureStoreSnapshot = 'fs-2026-12-01';
      m.provenance.data.window = { from: '2025-12-01', to: '2026-11-30' };
      m.provenance.framework = { name: 'xgboost', version: '2.1.3' };
    },
    report: lowerAgeBandImpact,
  });
  const archived = await runMlgov(['archive', '--base', 'main', '--repo', repo.dir], { cwd: repo.dir });
  if (archived.code !== 0) throw new Error(`mlgov archive failed: ${archived.stderr}`);
  const headCommit = repo.commitAll('MLGOV-124 Promote fraud-detection 2.5.0');
  return { ...repo, headCommit };
}
