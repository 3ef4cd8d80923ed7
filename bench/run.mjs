#!/usr/bin/env node
// `npm run bench`: rebuilds the bundled CLI, measures every case of the performance issue side by side with the
// standard tools, and writes bench/results.json and bench/RESULTS.md.
//
//   node bench/run.mjs [--quick] [--only hashing,check,startup,log,audit,bias,s3] [--keep-data]
//
// --quick      one run per contender (a smoke test of the harness)
// --only       run only the named cases
//              (quick or partial runs write bench/tmp/RESULTS.partial.md and results.partial.json instead)
// --keep-data  keep the 5 GiB of hashing data in bench/tmp/ for the next run (deleted by default)
// --render     measure nothing: rewrite bench/RESULTS.md from bench/results.json (after editing ANALYSIS.md)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runAuditCase } from './cases/audit.mjs';
import { keepBiasComputeSection, runBiasComputeCase, writeBiasComputeSection } from './bias-compute.mjs';
import { runCheckCase } from './cases/check.mjs';
import { runHashingCases } from './cases/hashing.mjs';
import { runLogVerifyCase } from './cases/log-verify.mjs';
import { runModelsCase } from './cases/models.mjs';
import { keepS3Section, runS3Case, writeS3Section } from './cases/s3.mjs';
import { runStartupCase } from './cases/startup.mjs';
import { hasGnuTime, loadAverage } from './lib/measure.mjs';
import { renderResults } from './lib/report.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, '..');
const TMP = join(BENCH_DIR, 'tmp');
const CLI = join(ROOT, 'dist', 'cli.js');
const ALL_CASES = ['hashing', 'check', 'models', 'startup', 'log', 'audit', 'bias', 's3'];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    only: { type: 'string' },
    'keep-data': { type: 'boolean' },
    render: { type: 'boolean' },
  },
});
const cases = values.only ? values.only.split(',').map((s) => s.trim()) : ALL_CASES;
for (const c of cases) if (!ALL_CASES.includes(c)) throw new Error(`unknown case ${c}; cases: ${ALL_CASES.join(', ')}`);
const quick = Boolean(values.quick);
// Every contender judges as CI would: a fresh run, no local hash cache (the cache case unsets it for its own runs).
process.env.CI = 'true';
const started = Date.now();
const log = (line) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

/**
 * The bundled CLI, as users run it. `npm run bundle` builds every bundle; should another bundle fail to build
 * while its sources are in progress, the CLI alone is built with the same esbuild settings so the bench still
 * measures the CLI from this tree (said in the results).
 */
async function bundleCli() {
  const npm = spawnSync('npm', ['run', '--silent', 'bundle'], { cwd: ROOT, encoding: 'utf8' });
  if (npm.status === 0) return { how: 'npm run bundle' };
  const reason = (npm.stderr || npm.stdout).split('\n').find((l) => /error/i.test(l)) ?? `exit ${npm.status}`;
  log(`  npm run bundle failed (${reason.trim()}); building dist/cli.js alone with the same esbuild settings`);
  const { build } = await import(join(ROOT, 'node_modules', 'esbuild', 'lib', 'main.js'));
  await build({
    entryPoints: [join(ROOT, 'src/cli/index.ts')],
    outfile: CLI,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    legalComments: 'none',
    logLevel: 'warning',
    // As scripts/bundle.mjs: the CycloneDX library's optional XML plugins are never called and not installed.
    external: ['xmlbuilder2', 'libxmljs2'],
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);",
    },
  });
  return { how: 'esbuild, dist/cli.js only (npm run bundle failed: ' + reason.trim() + ')' };
}

function toolVersion(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')[0]
      .trim();
  } catch {
    return 'not installed';
  }
}

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    shaExtensions: /\bsha_ni\b/.test(cpuinfo),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    nodeOpenssl: process.versions.openssl,
    sha256sum: toolVersion('sha256sum', ['--version']),
    openssl: toolVersion('openssl', ['version']),
    git: toolVersion('git', ['--version']),
    peakMemory: hasGnuTime()
      ? "GNU time (/usr/bin/time -f %M: the child's ru_maxrss, worker threads included)"
      : 'not measured (install the Debian package "time")',
  };
}

function sourceRevision() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return `${head}${dirty ? ' (src/ has uncommitted changes)' : ''}`;
  } catch {
    return 'unknown';
  }
}

async function main() {
  mkdirSync(TMP, { recursive: true });
  const freeGiB = (statfsSync(TMP).bavail * statfsSync(TMP).bsize) / 2 ** 30;
  if (cases.includes('hashing') && freeGiB < 10)
    throw new Error(`only ${freeGiB.toFixed(1)} GiB free under ${TMP}; the hashing case needs about 6 GiB`);
  log(
    `mlgov bench: ${cases.join(', ')}${quick ? ' (quick)' : ''}; node ${process.version}, ${availableParallelism()} cores, ${freeGiB.toFixed(0)} GiB free`,
  );
  log('bundling the CLI');
  const bundle = await bundleCli();
  const ctx = { tmpRoot: TMP, cliPath: CLI, node: process.execPath, log, quick };
  const results = {
    generatedAt: new Date().toISOString(),
    quick,
    source: sourceRevision(),
    bundle,
    machine: machine(),
    loadAverageAtStart: loadAverage(),
    cases: {},
  };
  const timings = {};
  try {
    for (const name of cases) {
      const t = Date.now();
      log(`case ${name}`);
      try {
        if (name === 'hashing') results.cases.hashing = await runHashingCases(ctx);
        if (name === 'check') results.cases.check = await runCheckCase(ctx);
        if (name === 'models') results.cases.models = await runModelsCase(ctx);
        if (name === 'startup') results.cases.startup = await runStartupCase(ctx);
        if (name === 'log') results.cases.logVerify = await runLogVerifyCase(ctx);
        if (name === 'audit') results.cases.audit = await runAuditCase(ctx);
        if (name === 'bias') results.cases.biasCompute = await runBiasComputeCase(ctx);
        if (name === 's3') results.cases.s3 = await runS3Case(ctx);
      } catch (err) {
        log(`  case ${name} failed: ${err.stack ?? err}`);
        results.cases[name === 'log' ? 'logVerify' : name] = { error: String(err.message ?? err) };
      }
      timings[name] = Date.now() - t;
    }
  } finally {
    // The small fixtures are rebuilt every run; the hashing data only when asked to keep it.
    for (const entry of [
      'check-tiny',
      'check-small',
      'models-1',
      'models-50',
      'log-verify',
      'audit-250',
      'audit-1000',
      'audit-250-out',
      'audit-1000-out',
      'lfs-10g',
    ]) {
      rmSync(join(TMP, entry), { recursive: true, force: true });
    }
    if (!values['keep-data']) {
      rmSync(join(TMP, 'hash-gib1'), { recursive: true, force: true });
      rmSync(join(TMP, 'hash-big'), { recursive: true, force: true });
      rmSync(join(TMP, 'hash-many'), { recursive: true, force: true });
    }
  }
  results.benchSeconds = Math.round((Date.now() - started) / 1000);
  results.caseSeconds = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v / 1000)]));
  results.loadAverageAtEnd = loadAverage();
  // Only a full run replaces the committed figures; a quick or partial run writes next to the data in bench/tmp/.
  const partial = quick || Boolean(values.only);
  const outDir = partial ? TMP : BENCH_DIR;
  const suffix = partial ? '.partial' : '';
  writeFileSync(join(outDir, `results${suffix}.json`), JSON.stringify(results, null, 2) + '\n');
  const analysis = readAnalysis();
  writeFileSync(join(outDir, `RESULTS${suffix}.md`), renderResults(results, analysis));
  if (results.cases.biasCompute) {
    writeBiasComputeSection(join(outDir, `RESULTS${suffix}.md`), results.cases.biasCompute);
  }
  if (results.cases.s3) writeS3Section(join(outDir, `RESULTS${suffix}.md`), results.cases.s3, quick);
  log(`wrote ${join(outDir, `results${suffix}.json`)} and RESULTS${suffix}.md in ${results.benchSeconds} s`);
}

function readAnalysis() {
  const file = join(BENCH_DIR, 'ANALYSIS.md');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

if (values.render) {
  const results = JSON.parse(readFileSync(join(BENCH_DIR, 'results.json'), 'utf8'));
  const previous = existsSync(join(BENCH_DIR, 'RESULTS.md')) ? readFileSync(join(BENCH_DIR, 'RESULTS.md'), 'utf8') : '';
  writeFileSync(join(BENCH_DIR, 'RESULTS.md'), renderResults(results, readAnalysis()));
  if (results.cases.biasCompute) writeBiasComputeSection(join(BENCH_DIR, 'RESULTS.md'), results.cases.biasCompute);
  else keepBiasComputeSection(join(BENCH_DIR, 'RESULTS.md'), previous);
  if (results.cases.s3) writeS3Section(join(BENCH_DIR, 'RESULTS.md'), results.cases.s3, results.quick);
  else keepS3Section(join(BENCH_DIR, 'RESULTS.md'), previous);
} else {
  await main();
}
