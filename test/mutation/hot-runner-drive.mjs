// Drives the mutation test runner the way Stryker does, in a process of its own (see hot-runner-e2e.test.ts):
// instruments the source files given with Stryker's own instrumenter, then a dry run with per-test coverage and one
// mutant run per mutant (its covering tests, bail on), and prints what happened as JSON. Options as the gate's run
// sets them (ignoreStatic): a mutant also reached while modules load ("hybrid") is run with its covering tests and
// a request to reload the environment, as Stryker's planner makes it.
// Usage: node --experimental-transform-types hot-runner-drive.mjs <dir> <source file>…   (run in <dir>)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Instrumenter } from '@stryker-mutator/instrumenter';
import { HotTestRunner } from '../../mutation/hot-runner/runner.mjs';

const [dir, ...sources] = process.argv.slice(2);
process.chdir(dir);
const quiet = () => undefined;
const logger = { debug: quiet, info: quiet, warn: quiet, error: quiet, trace: quiet, fatal: quiet };
for (const level of ['Debug', 'Trace', 'Info', 'Warn', 'Error', 'Fatal']) logger[`is${level}Enabled`] = () => false;

const instrumented = await new Instrumenter(logger).instrument(
  sources.map((name) => ({ name, content: readFileSync(name, 'utf8'), mutate: true })),
  { plugins: null, excludedMutations: [], ignorers: [] },
);
for (const file of instrumented.files) {
  mkdirSync(dirname(file.name), { recursive: true });
  writeFileSync(file.name, file.content);
}

const runner = new HotTestRunner({ ignoreStatic: true, hotRunner: { testFiles: ['test/**/*.test.ts'] } }, logger);
await runner.init();
const dry = await runner.dryRun({ coverageAnalysis: 'perTest', disableBail: true, timeout: 10000 });
if (dry.status !== 'complete') {
  process.stdout.write(JSON.stringify({ dry }));
  process.exit(0);
}
const perTest = dry.mutantCoverage.perTest;
const mutants = [];
for (const m of instrumented.mutants) {
  const covering = Object.keys(perTest).filter((test) => perTest[test][m.id]);
  // The instrumenter counts lines and columns from 0; reports (and editors) from 1.
  const where = `${m.fileName}:${m.location.start.line + 1}:${m.location.start.column + 1}`;
  if (covering.length === 0 && !dry.mutantCoverage.static[m.id]) {
    mutants.push({ where, mutator: m.mutatorName, replacement: m.replacement, status: 'no coverage' });
    continue;
  }
  const hybrid = Boolean(dry.mutantCoverage.static[m.id]);
  const result = await runner.mutantRun({
    activeMutant: m,
    testFilter: covering,
    disableBail: false,
    timeout: 10000,
    mutantActivation: 'runtime',
    reloadEnvironment: hybrid,
    sandboxFileName: join(dir, m.fileName),
  });
  mutants.push({ where, mutator: m.mutatorName, replacement: m.replacement, covering, hybrid, ...result });
}
// What a static mutant (one on while modules load) gets from a process that has loaded them.
const staticRun = await runner.mutantRun({
  activeMutant: instrumented.mutants[0],
  testFilter: undefined,
  disableBail: false,
  timeout: 10000,
  mutantActivation: 'static',
  reloadEnvironment: true,
  sandboxFileName: join(dir, instrumented.mutants[0].fileName),
});
process.stdout.write(
  JSON.stringify({
    capabilities: await runner.capabilities(),
    staticRun,
    dry: { status: dry.status, tests: dry.tests.map((t) => ({ id: t.id, status: t.status })) },
    mutants,
  }),
);
