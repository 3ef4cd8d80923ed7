#!/usr/bin/env node
// `mlgov bias compute` over 10 million prediction rows with 3 protected attributes (issue 14), side by side with
// pandas (`read_csv` + `groupby`, Debian's python3-pandas) and DuckDB (npm @duckdb/node-api) on the same file in the
// same run. Each contender computes the same per-group counts (n, predicted positive, actual positive, true
// positives) for the three attributes, is run as its own process (wall time, CPU and peak RSS from GNU time), and its
// counts are checked against mlgov's report: a fast wrong answer is not a result.
//
//   node bench/bias-compute.mjs [--quick] [--rows N] [--keep-data]
//
// Standalone it writes its section of bench/RESULTS.md (between the bias-compute markers) and
// bench/tmp/bias-compute.json; `node bench/run.mjs --only bias` runs the same case.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compareContenders, loadAverage, warmPageCache } from './lib/measure.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, '..');
const ATTRIBUTES = ['sex', 'age_band', 'region'];
const MARK_START = '<!-- bias-compute:start -->';
const MARK_END = '<!-- bias-compute:end -->';
// Debian's interpreter, where python3-pandas installs; a `python3` earlier on PATH (pyenv) may not have pandas.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** A small deterministic generator (mulberry32): the same file on every run and machine. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes the predictions CSV: id, label, prediction, score and three attributes (1 % of age_band missing, region
 * names with a quoted comma), about 45 bytes a row.
 */
function writePredictions(path, rows) {
  const rnd = prng(14);
  const sexes = ['female', 'male', 'non_binary', 'undisclosed'];
  const ages = ['18-29', '30-44', '45-64', '65+'];
  const regions = ['north', 'south', 'east', 'west', '"central, old town"'];
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, 'id,label,prediction,score,sex,age_band,region\n');
    let buf = '';
    for (let i = 0; i < rows; i++) {
      const label = rnd() < 0.03 ? 1 : 0;
      const score = label ? 0.35 + rnd() * 0.65 : rnd() * 0.7;
      const prediction = score > 0.5 ? 1 : 0;
      const sex = sexes[Math.floor(rnd() * (rnd() < 0.98 ? 2 : 4))];
      const age = rnd() < 0.01 ? '' : ages[Math.floor(rnd() * 4)];
      const region = regions[Math.floor(rnd() * 5)];
      buf += `${i},${label},${prediction},${score.toFixed(4)},${sex},${age},${region}\n`;
      if (buf.length > 4 * 1024 * 1024) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
}

const PANDAS = `
import json, sys
import pandas as pd
path, attrs = sys.argv[1], sys.argv[2].split(',')
df = pd.read_csv(path, usecols=['label', 'prediction', *attrs])
df['tp'] = df['label'] & df['prediction']
out = {}
for a in attrs:
    g = df.groupby(a, dropna=True).agg(n=('label', 'size'), selected=('prediction', 'sum'),
                                        positives=('label', 'sum'), tp=('tp', 'sum'))
    out[a] = {str(k): [int(v) for v in row] for k, row in zip(g.index, g.itertuples(index=False))}
print(json.dumps(out))
`;

const DUCKDB = `
import { DuckDBInstance } from '@duckdb/node-api';
const [path, attrs] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
const names = attrs.split(',');
const sets = names.map((a) => '(' + a + ')').join(', ');
const reader = "read_csv('" + path.replaceAll("'", "''") + "', header = true, all_varchar = false)";
const sql = 'SELECT ' + names.map((a) => a + ', GROUPING(' + a + ') AS g_' + a).join(', ') +
  ', count(*) AS n, sum(prediction) AS selected, sum(label) AS positives, sum(label * prediction) AS tp FROM ' + reader +
  ' GROUP BY GROUPING SETS (' + sets + ')';
const rows = (await con.runAndReadAll(sql)).getRowObjectsJS();
const out = Object.fromEntries(names.map((a) => [a, {}]));
for (const r of rows) {
  const a = names.find((n) => Number(r['g_' + n]) === 0);
  if (r[a] === null) continue;
  out[a][String(r[a])] = [Number(r.n), Number(r.selected), Number(r.positives), Number(r.tp)];
}
console.log(JSON.stringify(out));
`;

/** The counts of mlgov's report in the shape the other contenders print: attribute -> group -> [n, sel, pos, tp]. */
function countsOfReport(report) {
  const out = {};
  for (const a of report.attributes) {
    out[a.name] = {};
    for (const g of a.groups) {
      const tp = g.truePositiveRate === null ? 0 : Math.round(g.truePositiveRate * g.positives);
      out[a.name][g.group] = [g.n, Math.round(g.selectionRate * g.n), g.positives, tp];
    }
  }
  return out;
}

function sameCounts(a, b) {
  const norm = (x) =>
    JSON.stringify(
      Object.fromEntries(Object.entries(x).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).sort())])),
    );
  return norm(a) === norm(b);
}

/** A repository holding the example's policy and manifest, for `bias compute` to read the model name from. */
function exampleRepo(dir) {
  rmSync(dir, { recursive: true, force: true });
  for (const p of ['model/manifest.json', 'reports', '.github/governance-policy.yml']) {
    cpSync(join(ROOT, p), join(dir, p), { recursive: true });
  }
}

export async function runBiasComputeCase({ tmpRoot, cliPath, node, log, quick, rows: rowsOption, keepData }) {
  const rows = rowsOption ?? (quick ? 1_000_000 : 10_000_000);
  const runs = quick ? 1 : 3;
  const dir = join(tmpRoot, 'bias-compute');
  const data = join(tmpRoot, `bias-predictions-${rows}.csv`);
  mkdirSync(tmpRoot, { recursive: true });
  if (!existsSync(data)) {
    log(`  writing ${rows} prediction rows`);
    writePredictions(data, rows);
  }
  exampleRepo(dir);
  const pandasScript = join(dir, 'pandas_groupby.py');
  const duckScript = join(ROOT, 'bench', 'tmp', 'duckdb-groupby.mjs'); // inside the project: resolves @duckdb/node-api
  writeFileSync(pandasScript, PANDAS);
  mkdirSync(dirname(duckScript), { recursive: true });
  writeFileSync(duckScript, DUCKDB);
  const pandasVersion = spawnSync(PYTHON, ['-c', 'import pandas; print(pandas.__version__)'], { encoding: 'utf8' });
  const hasPandas = pandasVersion.status === 0;

  // The reference counts: mlgov's report, checked once before timing.
  const out = join(dir, 'report.json');
  const args = [
    cliPath,
    'bias',
    'compute',
    '--repo',
    dir,
    '--predictions',
    data,
    '--label',
    'label',
    '--prediction',
    'prediction',
    '--out',
    out,
  ];
  for (const a of ATTRIBUTES) args.push('--attribute', a);
  execFileSync(node, args, { stdio: 'ignore' });
  const reference = countsOfReport(JSON.parse(readFileSync(out, 'utf8')));
  const expectSame = (name) => (r) => {
    if (r.code !== 0) throw new Error(`${name} failed: ${r.stderr}`);
    if (!sameCounts(JSON.parse(r.stdout), reference)) throw new Error(`${name} counted differently from mlgov`);
  };
  const contenders = [
    {
      name: 'mlgov bias compute',
      cmd: node,
      args,
      check: (r) => {
        if (r.code !== 0) throw new Error(`mlgov failed: ${r.stderr}`);
      },
    },
    {
      name: 'DuckDB (node-api)',
      cmd: node,
      args: [duckScript, data, ATTRIBUTES.join(',')],
      check: expectSame('DuckDB'),
    },
  ];
  if (hasPandas) {
    contenders.push({
      name: 'pandas read_csv + groupby',
      cmd: PYTHON,
      args: [pandasScript, data, ATTRIBUTES.join(',')],
      check: expectSame('pandas'),
    });
  } else {
    log('  pandas is not installed (apt-get install -y python3-pandas): measured without it');
  }
  log(`  timing ${contenders.length} contenders, ${runs} run(s) each`);
  const measured = await compareContenders(contenders, { runs, before: () => warmPageCache([data]) });
  for (const [name, m] of Object.entries(measured)) {
    log(
      `    ${name.padEnd(26)} ${(m.wallMs.median / 1000).toFixed(2)} s, peak ${m.maxRssKiB ? (m.maxRssKiB / 1024).toFixed(0) + ' MiB' : 'n/a'}`,
    );
  }
  const result = {
    rows,
    attributes: ATTRIBUTES,
    fileBytes: statSync(data).size,
    runs,
    pandas: hasPandas ? pandasVersion.stdout.trim() : 'not installed',
    duckdb: JSON.parse(readFileSync(join(ROOT, 'node_modules/@duckdb/node-api/package.json'), 'utf8')).version,
    contenders: measured,
    loadAverage: loadAverage(),
  };
  rmSync(dir, { recursive: true, force: true });
  if (!keepData) rmSync(data, { force: true });
  return result;
}

const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`;
const fmtMiB = (kib) => (kib === undefined ? 'n/a' : `${(kib / 1024).toFixed(0)} MiB`);

/** The section of bench/RESULTS.md for this case, markers included. */
export function biasComputeSection(r) {
  if (!r || r.error)
    return `${MARK_START}\n## bias compute\n\nNot measured${r?.error ? `: ${r.error}` : ''}.\n${MARK_END}\n`;
  const mlgov = r.contenders['mlgov bias compute'];
  const lines = [
    MARK_START,
    '## bias compute (issue 14)',
    '',
    `${(r.rows / 1e6).toFixed(0)} million prediction rows × ${r.attributes.length} attributes (${(r.fileBytes / 2 ** 20).toFixed(0)} MiB CSV), ` +
      `median of ${r.runs} run(s), page cache warm; pandas ${r.pandas}, DuckDB ${r.duckdb}; load average ${r.loadAverage?.join(' ') ?? 'n/a'}. ` +
      "Every contender computes the same per-group counts, checked equal to mlgov's report. " +
      'Runs are interleaved, so load on a shared machine inflates every wall time alike; CPU time is less affected. ' +
      'A ratio under 1 means mlgov took less time. mlgov and pandas use one core; DuckDB uses every core.',
    '',
    '| contender | wall | CPU | peak RSS | mlgov ÷ contender (wall) |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const [name, m] of Object.entries(r.contenders)) {
    const ratio = (mlgov.wallMs.median / m.wallMs.median).toFixed(2);
    lines.push(
      `| ${name} | ${fmtS(m.wallMs.median)} | ${m.cpuS ? m.cpuS.median.toFixed(2) + ' s' : 'n/a'} | ${fmtMiB(m.maxRssKiB)} | ${ratio} |`,
    );
  }
  lines.push(
    '',
    `Target: streaming, peak memory under 300 MB (measured ${fmtMiB(mlgov.maxRssKiB)}), faster than pandas; DuckDB is the engine to beat.`,
    MARK_END,
    '',
  );
  return lines.join('\n');
}

/** Replaces (or appends) this case's section of a RESULTS.md, leaving the rest of the file as it is. */
export function writeBiasComputeSection(resultsMd, r) {
  const section = biasComputeSection(r);
  const text = existsSync(resultsMd) ? readFileSync(resultsMd, 'utf8') : '';
  const start = text.indexOf(MARK_START);
  const end = text.indexOf(MARK_END);
  const next =
    start >= 0 && end > start
      ? text.slice(0, start) + section + text.slice(end + MARK_END.length).replace(/^\n/, '')
      : text + (text.endsWith('\n') || text === '' ? '' : '\n') + '\n' + section;
  writeFileSync(resultsMd, next);
}

/**
 * After RESULTS.md was re-rendered from a results.json without this case (`run.mjs --render`), puts back the section
 * the file had before, so re-rendering the other cases does not drop these figures.
 */
export function keepBiasComputeSection(resultsMd, previousText) {
  const start = previousText.indexOf(MARK_START);
  const end = previousText.indexOf(MARK_END);
  if (start < 0 || end < start) return;
  const text = readFileSync(resultsMd, 'utf8');
  if (text.includes(MARK_START)) return;
  const section = previousText.slice(start, end + MARK_END.length) + '\n';
  writeFileSync(resultsMd, text + (text.endsWith('\n') ? '' : '\n') + '\n' + section);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean' }, rows: { type: 'string' }, 'keep-data': { type: 'boolean' } },
  });
  const started = Date.now();
  const log = (line) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  // Bundled like scripts/bundle.mjs, into bench/tmp/ so a standalone run never touches the committed dist/.
  const cliPath = join(BENCH_DIR, 'tmp', 'mlgov-cli.mjs');
  log('bundling the CLI into bench/tmp/');
  const { build } = await import(join(ROOT, 'node_modules', 'esbuild', 'lib', 'main.js'));
  await build({
    entryPoints: [join(ROOT, 'src/cli/index.ts')],
    outfile: cliPath,
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
  const result = await runBiasComputeCase({
    tmpRoot: join(BENCH_DIR, 'tmp'),
    cliPath,
    node: process.execPath,
    log,
    quick: Boolean(values.quick),
    rows: values.rows ? Number(values.rows) : undefined,
    keepData: Boolean(values['keep-data']),
  });
  writeFileSync(join(BENCH_DIR, 'tmp', 'bias-compute.json'), JSON.stringify(result, null, 2) + '\n');
  const partial = Boolean(values.quick) || values.rows !== undefined;
  writeBiasComputeSection(
    join(partial ? join(BENCH_DIR, 'tmp') : BENCH_DIR, partial ? 'RESULTS.partial.md' : 'RESULTS.md'),
    result,
  );
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
