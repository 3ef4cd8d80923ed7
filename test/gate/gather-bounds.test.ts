/**
 * A manifest that lists more artifacts than its schema allows is one schema finding, and the gate does not observe
 * (stat, hash) what it lists: no check that reads artifacts judges a manifest that is not valid, so the disk work
 * would be for nothing. At the bound itself every listed path is observed.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gatherReleaseContext } from '../../src/gate/gather.js';
import { runMlgov } from '../support/cli-io.js';
import { bindRelease, createReleaseRepo } from '../support/example-release.js';
import manifestSchema from '../../schemas/manifest.schema.json' with { type: 'json' };

const BOUND = manifestSchema.properties.artifacts.maxItems;

/** A release whose manifest lists `n` artifacts: the example's, then small files written beside it. */
function releaseListing(n: number) {
  const repo = createReleaseRepo();
  for (let i = 1; i < n; i++) writeFileSync(join(repo.dir, `model/part-${i}.bin`), `part ${i}\n`);
  bindRelease(repo.dir, repo.seed, {
    manifest: (m) => {
      const [first] = m.artifacts;
      m.artifacts = Array.from({ length: n }, (_, i) =>
        i === 0 ? first! : { ...first!, path: `model/part-${i}.bin` },
      );
    },
  });
  return repo;
}

describe('the artifacts a manifest lists, against the schema’s bound', () => {
  let repo: ReturnType<typeof createReleaseRepo> | undefined;
  afterEach(() => repo?.remove());

  it(`observes every listed path at the bound (${BOUND})`, async () => {
    repo = releaseListing(BOUND);
    const { ctx } = await gatherReleaseContext({ repoRoot: repo.dir, baseRef: 'main', offline: true });
    expect(Object.keys(ctx.files.observed)).toHaveLength(BOUND + 1); // the artifacts and the bias report
  });

  it('observes only the bias report one over it, and the gate reports the schema finding with checksums not judged', async () => {
    repo = releaseListing(BOUND + 1);
    const { ctx } = await gatherReleaseContext({ repoRoot: repo.dir, baseRef: 'main', offline: true });
    expect(Object.keys(ctx.files.observed)).toEqual(['reports/latest-bias-report.json']);

    const run = await runMlgov(['check', '--offline', '--base', 'main', '--format', 'json'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      checks: Array<{ id: string; status: string; findings: Array<{ code: string; pointer: string }> }>;
    };
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId['schema']!.findings).toContainEqual(
      expect.objectContaining({ code: 'SCHEMA_MAX_ITEMS', pointer: '/artifacts' }),
    );
    expect(byId['checksums']!.status).toBe('skip');
  });
});
