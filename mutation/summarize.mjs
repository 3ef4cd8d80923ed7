#!/usr/bin/env node
// Writes mutation/RESULTS.md (the score per folder and per file) and mutation/SURVIVORS.md (every mutant left alive,
// each either explained as equivalent in mutation/equivalent.json or listed as not killed yet).
// Usage: node mutation/summarize.mjs [mutation/report-<part>.json…]
// Each Stryker report named (one per part, written by mutation/run.mjs) replaces that part's record,
// mutation/parts/<part>.json: what the part's last run found, kept in git (a report is megabytes of sources and
// is not). The results are written from every part's record, so a run of one part updates its rows and keeps the
// others', on a fresh clone too.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';

const DETECTED = new Set(['Killed', 'Timeout']);
const VALID = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);
const RECORDS = 'mutation/parts';

/**
 * A part's record: { part, runOn, commit, ignored, files: { [file]: { detected, ran, alive: [mutant…] } } }, where
 * a mutant left alive is { line, column, mutator, replacement, status, code } (`code`: its source line, trimmed, for
 * matching mutation/equivalent.json). `ignored` is the part's static mutants, or null when not known.
 */
function recordOf(path, part) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  let commit = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    // Not a git checkout: the record goes without its commit.
  }
  const record = { part, runOn: statSync(path).mtime.toISOString().slice(0, 10), commit, ignored: 0, files: {} };
  for (const [file, { mutants, source }] of Object.entries(report.files)) {
    const lines = source.split('\n');
    const own = { detected: 0, ran: 0, alive: [] };
    for (const m of mutants) {
      if (m.status === 'Ignored') record.ignored += 1;
      if (!VALID.has(m.status)) continue;
      own.ran += 1;
      if (DETECTED.has(m.status)) own.detected += 1;
      else
        own.alive.push({
          line: m.location.start.line,
          column: m.location.start.column,
          mutator: m.mutatorName,
          replacement: m.replacement,
          status: m.status,
          code: lines[m.location.start.line - 1]?.trim() ?? '',
        });
    }
    record.files[file] = own;
  }
  return record;
}

mkdirSync(RECORDS, { recursive: true });
for (const path of process.argv.slice(2)) {
  const part = /report-(.+)\.json$/.exec(path)?.[1];
  if (part === undefined) {
    console.error(`${path}: not a part's report (mutation/report-<part>.json)`);
    process.exit(2);
  }
  const record = recordOf(path, part);
  writeFileSync(`${RECORDS}/${record.part}.json`, `${JSON.stringify(record, null, 1)}\n`);
}
const records = readdirSync(RECORDS)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => JSON.parse(readFileSync(`${RECORDS}/${name}`, 'utf8')));
if (records.length === 0) {
  console.error(`no part has been run: run npm run mutate, or name a report (mutation/report-<part>.json)`);
  process.exit(2);
}

/**
 * Mutants known to be equivalent: { file, line, code, column?, mutator, replacement?, reason } (column or replacement
 * omitted: any on that line).
 * `code` is the mutated source line, trimmed: an entry follows its line when an edit above it moves it, and stops
 * matching when the line itself changes (then the mutant is a new one, to judge again). `line` is where it was.
 */
const equivalent = existsSync('mutation/equivalent.json')
  ? JSON.parse(readFileSync('mutation/equivalent.json', 'utf8'))
  : [];

const files = new Map();
for (const { part, runOn, files: own } of records)
  for (const [file, counts] of Object.entries(own)) files.set(file, { ...counts, when: runOn, part });

const oneLine = (text) =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .slice(0, 70)
    .replace(/\|/g, '\\|');
const reasonFor = (file, m) =>
  equivalent.find(
    (e) =>
      e.file === file &&
      (e.code !== undefined ? e.code === m.code : e.line === m.line) &&
      (e.column === undefined || m.column === undefined || e.column === m.column) &&
      e.mutator === m.mutator &&
      (e.replacement === undefined || e.replacement === m.replacement),
  )?.reason;

const byFolder = new Map();
const rows = [];
const unexplained = [];
const explained = [];
for (const [file, { detected, ran, alive, when, part }] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
  const folder = file.split('/').slice(0, 2).join('/');
  const f = byFolder.get(folder) ?? { detected: 0, valid: 0, when, parts: new Set() };
  f.parts.add(part);
  if (when < f.when) f.when = when;
  const own = { detected, valid: ran, alive: alive.length, equivalent: 0 };
  for (const m of alive) {
    const row = `| \`${file}:${m.line}\` | ${m.mutator} | ${m.status} | \`${oneLine(m.replacement)}\` |`;
    const reason = reasonFor(file, m);
    if (reason) {
      own.equivalent += 1;
      explained.push(`${row} ${reason} |`);
    } else {
      unexplained.push(row);
    }
  }
  f.detected += detected;
  f.valid += ran;
  byFolder.set(folder, f);
  rows.push({ file, ...own });
}
const ignored = records.reduce((sum, r) => sum + (r.ignored ?? 0), 0);
const ignoredUnknown = records.filter((r) => r.ignored === null).map((r) => r.part);

const pct = (d, v) => (v === 0 ? '—' : `${((100 * d) / v).toFixed(1)} %`);
const total = [...byFolder.values()].reduce((a, f) => ({ d: a.d + f.detected, v: a.v + f.valid }), { d: 0, v: 0 });
const results = [
  '# Mutation testing results',
  '',
  'Written by `npm run mutate` (mutation/run.mjs, then mutation/summarize.mjs) from Stryker’s reports; how the run is',
  'made and what it leaves out: mutation/README.md. Score = mutants detected (killed or timed out) / mutants that ran',
  '(killed, timed out, survived, or not covered by any test of the run). Targets: at least 85 % in `src/checks` and',
  '`src/evidence`, at least 75 % overall. Every mutant left alive is in SURVIVORS.md, explained or not yet killed.',
  '',
  '| folder | parts run | run on (oldest part) | detected | ran | score |',
  '|---|---|---|---:|---:|---:|',
  ...[...byFolder].map(
    ([k, f]) =>
      `| \`${k}\` | ${[...f.parts].sort().join(', ')} | ${f.when} | ${f.detected} | ${f.valid} | ${pct(f.detected, f.valid)} |`,
  ),
  `| **all folders run** | | | ${total.d} | ${total.v} | ${pct(total.d, total.v)} |`,
  '',
  'A folder run in parts (mutation/run.mjs, `PARTS`) is scored over the parts named: see README.md for the parts not',
  'yet run.',
  '',
  `Static mutants (reached only while modules load) are left out of the run (\`ignoreStatic\`): ${ignored}${
    ignoredUnknown.length > 0 ? ` in the parts that recorded them (not recorded: ${ignoredUnknown.join(', ')})` : ''
  }.`,
  '',
  '## Per part',
  '',
  "Each part's record is mutation/parts/<part>.json, written from its last run's report.",
  '',
  '| part | run on | at commit |',
  '|---|---|---|',
  ...records.map((r) => `| ${r.part} | ${r.runOn} | ${r.commit ?? '—'} |`),
  '',
  '## Per file',
  '',
  '| file | detected | ran | score | alive | of which equivalent |',
  '|---|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| \`${r.file}\` | ${r.detected} | ${r.valid} | ${pct(r.detected, r.valid)} | ${r.alive} | ${r.equivalent} |`,
  ),
  '',
];
const survivors = [
  '# Mutants left alive',
  '',
  'Written by mutation/summarize.mjs. A mutant is explained when mutation/equivalent.json lists it (file, line,',
  'mutator, replacement) with the reason no test can tell it from the original; every other one is a test still to',
  'write.',
  '',
  `## Not killed yet (${unexplained.length})`,
  '',
  '| where | mutator | status | replacement |',
  '|---|---|---|---|',
  ...unexplained,
  '',
  `## Equivalent (${explained.length})`,
  '',
  '| where | mutator | status | replacement | why no test can tell |',
  '|---|---|---|---|---|',
  ...explained,
  '',
];
writeFileSync('mutation/RESULTS.md', results.join('\n'));
writeFileSync('mutation/SURVIVORS.md', survivors.join('\n'));
console.log(`wrote mutation/RESULTS.md and mutation/SURVIVORS.md: ${pct(total.d, total.v)} over the folders run`);
