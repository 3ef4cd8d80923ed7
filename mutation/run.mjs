#!/usr/bin/env node
// npm run mutate [folder…]: one Stryker run per folder of the gate's rules (checks, evidence, policy, formats), each
// with an incremental file and a JSON report of its own, then mutation/RESULTS.md from all the reports.
// A folder at a time, because a run's results are written only when it ends: a long run stopped half-way keeps the
// folders it finished, and a re-run after a change in one folder re-tests only what changed there.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';

const FOLDERS = ['checks', 'evidence', 'policy', 'formats'];
const asked = process.argv.slice(2);
const unknown = asked.filter((f) => !FOLDERS.includes(f));
if (unknown.length > 0) {
  console.error(`unknown folder ${unknown.join(', ')}: choose from ${FOLDERS.join(', ')}`);
  process.exit(2);
}
for (const folder of asked.length > 0 ? asked : FOLDERS) {
  const run = spawnSync(
    'npx',
    [
      'stryker',
      'run',
      '--mutate',
      `src/${folder}/**/*.ts`,
      '--incrementalFile',
      `mutation/stryker-incremental-${folder}.json`,
    ],
    { stdio: 'inherit' },
  );
  if (run.status !== 0) {
    console.error(
      `stryker failed on src/${folder} (exit ${run.status}); the reports of the folders before it are kept`,
    );
    process.exit(1);
  }
  copyFileSync('mutation/report.json', `mutation/report-${folder}.json`);
}
const reports = FOLDERS.map((f) => `mutation/report-${f}.json`).filter((r) => existsSync(r));
const summary = spawnSync('node', ['mutation/summarize.mjs', ...reports], { stdio: 'inherit' });
process.exit(summary.status ?? 1);
