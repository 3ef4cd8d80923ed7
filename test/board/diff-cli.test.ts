/**
 * `mlgov diff` on a real repository: the example's release on `main`, its promotion to 2.5.0 on the branch. The
 * board's view shows the DI drop against its minimum with the margin left, the provenance changes, the reason, the
 * ticket and the digest the board approves, as text and as Markdown.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { readJson } from '../support/example-release.js';
import { runMlgov } from '../support/cli-io.js';
import { createPromotionRepo, PROMOTION_REASON, type PromotionRepo } from './promotion-fixture.js';

let repo: PromotionRepo;
beforeAll(async () => {
  repo = await createPromotionRepo();
});
afterAll(() => repo.remove());

describe('mlgov diff (the board view)', () => {
  it('shows every gate, the fairness drop toward its minimum, provenance changes and what is approved', async () => {
    const r = await runMlgov(['diff', '--repo', repo.dir], { cwd: repo.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const head = readJson<Manifest>(repo.dir, 'model/manifest.json');
    const digest = manifestDigest(head);
    expect(lines[0]).toMatch(
      /^fraud-detection: challenger 2\.5\.0 \(working tree\) vs production 2\.4\.0 \(main @ [0-9a-f]{7}\)$/,
    );
    expect(r.stdout).toMatch(
      /^bias age_band DI ratio\s+0\.8499\s+0\.8225 {2}-0\.0274 \(min 0\.8\) ✓ moved toward threshold, margin 0\.0225$/m,
    );
    expect(r.stdout).toMatch(/^auc\s+[\d.]+\s+[\d.]+ {2}same \(min 0\.7\) ✓$/m);
    const from = lines.findIndex((l) => l.startsWith('improvement: '));
    expect(lines.slice(from, from + 14)).toEqual([
      'improvement: MAE 10.00 % better, RMSE 10.00 % better (MAE or RMSE must improve by at least 5 %)',
      'windows: 12 (min 12) ✓',
      expect.stringMatching(/^metrics age: 2\.0 days \(max 7\) ✓$/),
      'seasons: a regression in any season fails the promotion',
      'provenance changes:',
      '  data window: 2025-11-01 to 2026-10-31 → 2025-12-01 to 2026-11-30',
      '  feature store snapshot: fs-2026-11-01 → fs-2026-12-01',
      '  framework: xgboost 2.1.1 → xgboost 2.1.3',
      `  code commit: ${repo.seed} → ${head.provenance.code.commit}`,
      `release: promotion — ${PROMOTION_REASON}`,
      'jira: MLGOV-124',
      `manifest digest being approved: ${digest}`,
      expect.stringMatching(
        /^regressions: age_band DPD 0\.0054 → 0\.0066 toward max 0\.1 \(margin 0\.0934\); age_band DI ratio 0\.8499 → 0\.8225 toward min 0\.8 \(margin 0\.0225\)$/,
      ),
      expect.stringMatching(/^verdict: PASS — /),
    ]);
  });

  it('renders the same view as Markdown', async () => {
    const r = await runMlgov(['diff', '--format', 'markdown', '--repo', repo.dir], { cwd: repo.dir });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain(
      '| bias age_band DI ratio | 0.8499 | 0.8225 | -0.0274 (min 0.8) ✓ moved toward threshold, margin 0.0225 |',
    );
    expect(lines).toContain('| feature store snapshot | fs-2026-11-01 | fs-2026-12-01 |');
    expect(lines).toContain(`- release: promotion — ${PROMOTION_REASON}`);
    expect(lines).toContain('- Jira: MLGOV-124');
    expect(lines).toContain(
      `- manifest digest being approved: \`${manifestDigest(readJson<Manifest>(repo.dir, 'model/manifest.json'))}\``,
    );
  });

  it('adds the board facts to the JSON output', async () => {
    const r = await runMlgov(['diff', '--format', 'json', '--repo', repo.dir], { cwd: repo.dir });
    const json = JSON.parse(r.stdout) as { board: { provenance: Array<{ field: string }>; release: { jira: string } } };
    expect(json.board.provenance.map((p) => p.field)).toEqual([
      'data window',
      'feature store snapshot',
      'framework',
      'code commit',
    ]);
    expect(json.board.release.jira).toBe('MLGOV-124');
  });
});
