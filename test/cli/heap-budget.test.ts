/**
 * `keepYoungGenerationSmall` relies on V8 reading `--semi-space-growth-factor` each time the young generation
 * grows, set after start-up through `v8.setFlagsFromString`. Node documents such late flags as possibly doing
 * nothing, so this proves, on the Node that runs the tests, that it still holds the young generation at its
 * starting size under the allocation pattern of `log verify` (short-lived objects, a few survivors per
 * collection), and that without it the same program grows it. Each run is a process of its own: the flag is
 * process-wide, and must not change the heap of the test runner.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../support/git-repo.js';

/** Allocates like a streamed log (parsed lines, most garbage at once), then prints the young generation's size. */
const PROGRAM = `
import { getHeapSpaceStatistics } from 'node:v8';
if (process.argv[2] === 'budget') (await import('./heap-budget.mjs')).keepYoungGenerationSmall();
let recent = [];
for (let i = 0; i < 5e5; i++) {
  const event = JSON.parse('{"seq":' + i + ',"actor":"alice@example.test","details":{"n":[1,2,3]}}');
  recent.push(event);
  if (recent.length > 64) recent = [];
}
const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
process.stdout.write(String(young.space_size));
`;

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mlgov-heap-budget-'));
  await build({
    entryPoints: [join(PROJECT_ROOT, 'src/cli/heap-budget.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: join(dir, 'heap-budget.mjs'),
    logLevel: 'error',
  });
  writeFileSync(join(dir, 'program.mjs'), PROGRAM);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function youngGenerationBytes(mode: 'budget' | 'default'): number {
  const run = spawnSync(process.execPath, [join(dir, 'program.mjs'), mode], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return Number(run.stdout);
}

const MB = 1024 * 1024;

test('with the budget, the young generation keeps its starting size through half a million parsed events', () => {
  // V8 starts a semi-space at 1 MB; new_space counts both semi-spaces' committed pages (2 MB at start).
  expect(youngGenerationBytes('budget')).toBeLessThanOrEqual(4 * MB);
});

test('without it, the same program grows the young generation (so the budget is what keeps it small)', () => {
  expect(youngGenerationBytes('default')).toBeGreaterThan(8 * MB);
});
