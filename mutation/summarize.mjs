#!/usr/bin/env node
// Writes mutation/RESULTS.md (the score per folder and per file) and mutation/SURVIVORS.md (every mutant left alive,
// each either explained as equivalent in mutation/equivalent.json or listed as not killed yet) from Stryker's JSON
// reports (one per folder, written by mutation/run.mjs).
// Usage: node mutation/summarize.mjs mutation/report-checks.json [more reports…]
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';

const reports = process.argv.slice(2);
if (reports.length === 0) {
  console.error('usage: node mutation/summarize.mjs <stryker report.json>…');
  process.exit(2);
}
const DETECTED = new Set(['Killed', 'Timeout']);
const VALID = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);
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
for (const path of reports) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  const when = statSync(path).mtime.toISOString().slice(0, 10);
  // The part of the run the report is (report-<part>.json): a folder run in parts says which of them were run.
  const part = /report-(.+)\.json$/.exec(path)?.[1] ?? path;
  for (const [file, { mutants, source }] of Object.entries(report.files))
    files.set(file, { mutants, when, part, lines: source.split('\n') });
}

const oneLine = (text) =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .slice(0, 70)
    .replace(/\|/g, '\\|');
const reasonFor = (file, lines, m) =>
  equivalent.find(
    (e) =>
      e.file === file &&
      (e.code !== undefined ? e.code === lines[m.location.start.line - 1]?.trim() : e.line === m.location.start.line) &&
      (e.column === undefined || e.column === m.location.start.column) &&
      e.mutator === m.mutatorName &&
      (e.replacement === undefined || e.replacement === m.replacement),
  )?.reason;

const byFolder = new Map();
const rows = [];
const unexplained = [];
const explained = [];
let ignored = 0;
for (const [file, { mutants, when, part, lines }] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
  const folder = file.split('/').slice(0, 2).join('/');
  const f = byFolder.get(folder) ?? { detected: 0, valid: 0, when, parts: new Set() };
  f.parts.add(part);
  const own = { detected: 0, valid: 0, alive: 0, equivalent: 0 };
  for (const m of mutants) {
    if (m.status === 'Ignored') ignored += 1;
    if (!VALID.has(m.status)) continue;
    own.valid += 1;
    if (DETECTED.has(m.status)) {
      own.detected += 1;
      continue;
    }
    own.alive += 1;
    const row = `| \`${file}:${m.location.start.line}\` | ${m.mutatorName} | ${m.status} | \`${oneLine(m.replacement)}\` |`;
    const reason = reasonFor(file, lines, m);
    if (reason) {
      own.equivalent += 1;
      explained.push(`${row} ${reason} |`);
    } else {
      unexplained.push(row);
    }
  }
  f.detected += own.detected;
  f.valid += own.valid;
  byFolder.set(folder, f);
  rows.push({ file, ...own });
}

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
  '| folder | parts run | run on | detected | ran | score |',
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
  `Static mutants (reached only while modules load) are left out of the run (\`ignoreStatic\`): ${ignored}.`,
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
