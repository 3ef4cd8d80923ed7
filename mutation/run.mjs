#!/usr/bin/env node
// npm run mutate [folder | part…]: one Stryker run per part of the gate's rules, each with an incremental file and a
// JSON report of its own, then mutation/RESULTS.md from every part's record (the parts run now, the others as
// their last run left them).
// A part at a time, because a run's results are written only when it ends: a long run stopped half-way keeps the
// parts it finished, and a re-run after a change in one part re-tests only what changed there.
// src/evidence is run in parts: its modules are driven by tests that write files, take locks and run git, and one
// test set for all of them made each surviving mutant run the costly CLI suites of modules it is not in. Each part's
// test set (stryker.config.json, hotRunner.testFilesFor, keyed by the part's `mutate` pattern) holds the suites that
// drive its own modules.
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { PARTS } from './parts.mjs';

const all = Object.values(PARTS).flat();
const runs = [];
for (const asked of process.argv.length > 2 ? process.argv.slice(2) : Object.keys(PARTS)) {
  const chosen = PARTS[asked] ?? all.filter(([name]) => name === asked);
  if (chosen.length === 0) {
    console.error(
      `unknown folder or part ${asked}: choose from ${[...Object.keys(PARTS), ...all.map(([n]) => n)].join(', ')}`,
    );
    process.exit(2);
  }
  runs.push(...chosen);
}
// Each finished part's report goes to summarize.mjs, which keeps it as the part's record (mutation/parts/): a run
// stopped half-way still records the parts it finished.
const finished = [];
const summarize = () => spawnSync('node', ['mutation/summarize.mjs', ...finished], { stdio: 'inherit' }).status ?? 1;
for (const [name, mutate, options = {}] of runs) {
  // A part's options are Stryker's own, by name (parts.mjs): each is passed as the command-line option it names.
  const own = Object.entries(options).flatMap(([option, value]) => [`--${option}`, String(value)]);
  const run = spawnSync(
    'npx',
    ['stryker', 'run', '--mutate', mutate, '--incrementalFile', `mutation/stryker-incremental-${name}.json`, ...own],
    { stdio: 'inherit' },
  );
  if (run.status !== 0) {
    console.error(`stryker failed on ${name} (exit ${run.status}); the parts before it are recorded`);
    if (finished.length > 0) summarize();
    process.exit(1);
  }
  copyFileSync('mutation/report.json', `mutation/report-${name}.json`);
  finished.push(`mutation/report-${name}.json`);
}
process.exit(summarize());
