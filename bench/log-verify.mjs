#!/usr/bin/env node
// `mlgov log verify` and `mlgov log show --action force` on generated audit logs of 100,000 and 1,000,000 events
// (issue #15: a million events within 10 s and 100 MB). Runs the CLI bundled from this tree into bench/tmp/ (dist/
// is left alone), each run its own process (wall time, CPU and peak RSS from GNU time), and replaces only the
// "## mlgov log verify" section of bench/RESULTS.md; the figures go to bench/tmp/log-verify.json.
//
//   node bench/log-verify.mjs [--quick] [--sizes 100000,1000000] [--render]
//
// --render  measure nothing: rewrite the section from bench/tmp/log-verify.json
//
// `node bench/run.mjs --only log` runs the same case inside the whole bench.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runLogVerifyCase } from './cases/log-verify.mjs';
import { hasGnuTime, loadAverage } from './lib/measure.mjs';
import { logVerifySection } from './lib/report.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, '..');
const TMP = join(BENCH_DIR, 'tmp');
const CLI = join(TMP, 'log-verify-cli', 'cli.js');
const HEADING = '## mlgov log verify';

const { values } = parseArgs({
  options: { quick: { type: 'boolean' }, sizes: { type: 'string' }, render: { type: 'boolean' } },
});
const sizes = (values.sizes ?? '100000,1000000').split(',').map(Number);
const started = Date.now();
const log = (line) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

/**
 * The CLI from this tree, built as scripts/bundle.mjs builds dist/cli.js (split into a chunk per command, loaded
 * when it runs: the memory a user sees), but outside dist/, which the lead rebuilds.
 */
async function bundleCli() {
  const { build } = await import(join(ROOT, 'node_modules', 'esbuild', 'lib', 'main.js'));
  rmSync(dirname(CLI), { recursive: true, force: true });
  await build({
    entryPoints: { cli: join(ROOT, 'src/cli/index.ts') },
    outdir: dirname(CLI),
    splitting: true,
    chunkNames: 'cli-chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    legalComments: 'none',
    logLevel: 'warning',
    external: ['xmlbuilder2', 'libxmljs2'],
    banner: {
      js: "import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);",
    },
  });
}

/** RESULTS.md with its log section (from the heading to the next `## `) replaced by `section`. */
function replaceLogSection(text, section) {
  const start = text.indexOf(HEADING);
  if (start < 0) return text + (text.endsWith('\n') ? '\n' : '\n\n') + section;
  const next = text.indexOf('\n## ', start + HEADING.length);
  return text.slice(0, start) + section.replace(/\n*$/, '\n\n') + (next < 0 ? '' : text.slice(next + 1));
}

mkdirSync(TMP, { recursive: true });
let record;
if (values.render) {
  record = JSON.parse(readFileSync(join(TMP, 'log-verify.json'), 'utf8'));
} else {
  if (!hasGnuTime()) log('GNU time is not installed (Debian package "time"): peak memory will not be measured');
  log(
    `log verify bench: ${sizes.join(', ')} events${values.quick ? ' (quick)' : ''}, load ${loadAverage()?.join(' ')}`,
  );
  await bundleCli();
  process.env.CI = 'true';
  const result = await runLogVerifyCase({
    tmpRoot: TMP,
    cliPath: CLI,
    node: process.execPath,
    log,
    quick: values.quick,
    sizes,
  });
  record = { generatedAt: new Date().toISOString(), node: process.version, loadAverageAtEnd: loadAverage(), ...result };
  writeFileSync(join(TMP, 'log-verify.json'), JSON.stringify(record, null, 2) + '\n');
}
const resultsMd = join(BENCH_DIR, values.quick ? 'tmp/RESULTS.log-verify.md' : 'RESULTS.md');
const previous = existsSync(resultsMd) ? readFileSync(resultsMd, 'utf8') : '';
const section = logVerifySection(record).replace(
  /\n\| what/,
  `\nMeasured ${record.generatedAt.slice(0, 10)} on Node ${record.node}, load average ${record.loadAverageAtEnd?.join(' ')} at the end (shared machine), by \`node bench/log-verify.mjs\`.\n\n| what`,
);
writeFileSync(resultsMd, replaceLogSection(previous, section));
log(`wrote ${join(TMP, 'log-verify.json')} and the log section of ${resultsMd}`);
