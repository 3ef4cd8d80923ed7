/**
 * mutation/summarize.mjs keeps each part's record (mutation/parts/<part>.json) from the report of its last run, and
 * writes RESULTS.md and SURVIVORS.md from every part's record: a run of one part replaces its rows and keeps the
 * others', and a fresh clone (where no report is kept) still has every part's results. A survivor is explained only
 * by an equivalent.json entry that names its line's text, mutator and replacement.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../support/git-repo.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlgov-summarize-'));
  mkdirSync(join(dir, 'mutation/parts'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SOURCE = ['export function atLeast(value: number, min: number): boolean {', '  return value >= min;', '}'].join(
  '\n',
);
const mutant = (line: number, column: number, mutatorName: string, replacement: string, status: string) => ({
  id: `${line}:${column}:${mutatorName}`,
  mutatorName,
  replacement,
  status,
  location: { start: { line, column }, end: { line, column: column + 1 } },
});

/** A Stryker report of part `checks` over one file: one killed, one timed out, two survivors, one static. */
function writeReport(): string {
  const report = {
    files: {
      'src/checks/bounds.ts': {
        language: 'typescript',
        source: SOURCE,
        mutants: [
          mutant(2, 10, 'EqualityOperator', 'value < min', 'Killed'),
          mutant(2, 10, 'ConditionalExpression', 'true', 'Timeout'),
          mutant(2, 10, 'EqualityOperator', 'value > min', 'Survived'),
          mutant(2, 10, 'ConditionalExpression', 'false', 'NoCoverage'),
          mutant(1, 60, 'BlockStatement', '{}', 'Ignored'),
          mutant(1, 60, 'BlockStatement', '{}', 'CompileError'),
        ],
      },
    },
  };
  writeFileSync(join(dir, 'mutation/report-checks.json'), JSON.stringify(report));
  return 'mutation/report-checks.json';
}

/** A record of part `policy` left by an earlier run. */
const POLICY_RECORD = {
  part: 'policy',
  runOn: '2026-11-30',
  commit: 'abc1234',
  ignored: null,
  files: {
    'src/policy/read-policy.ts': {
      detected: 9,
      ran: 10,
      alive: [{ line: 7, mutator: 'StringLiteral', replacement: '""', status: 'Survived', code: "return 'policy';" }],
    },
  },
};

function summarize(...reports: string[]) {
  const run = spawnSync(process.execPath, [join(PROJECT_ROOT, 'mutation/summarize.mjs'), ...reports], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { status: run.status, stderr: run.stderr, read: (name: string) => readFileSync(join(dir, name), 'utf8') };
}

describe('mutation/summarize.mjs', () => {
  it('records the part from its report, counting killed and timed-out as detected and only tested mutants as run', () => {
    const run = summarize(writeReport());
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.read('mutation/parts/checks.json'))).toStrictEqual({
      part: 'checks',
      runOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      commit: null,
      ignored: 1,
      files: {
        'src/checks/bounds.ts': {
          detected: 2,
          ran: 4,
          alive: [
            {
              line: 2,
              column: 10,
              mutator: 'EqualityOperator',
              replacement: 'value > min',
              status: 'Survived',
              code: 'return value >= min;',
            },
            {
              line: 2,
              column: 10,
              mutator: 'ConditionalExpression',
              replacement: 'false',
              status: 'NoCoverage',
              code: 'return value >= min;',
            },
          ],
        },
      },
    });
  });

  it('keeps the parts not run now from their records, and scores each folder over its parts', () => {
    writeFileSync(join(dir, 'mutation/parts/policy.json'), JSON.stringify(POLICY_RECORD));
    const run = summarize(writeReport());
    expect(run.status).toBe(0);
    const results = run.read('mutation/RESULTS.md');
    expect(results).toContain('| `src/checks` | checks | ');
    expect(results).toContain(' | 2 | 4 | 50.0 % |');
    expect(results).toContain('| `src/policy` | policy | 2026-11-30 | 9 | 10 | 90.0 % |');
    expect(results).toContain('| **all folders run** | | | 11 | 14 | 78.6 % |');
    expect(results).toContain('| policy | 2026-11-30 | abc1234 |');
    expect(results).toContain('(`ignoreStatic`): 1 in the parts that recorded them (not recorded: policy).');
    expect(results).toContain('| `src/policy/read-policy.ts` | 9 | 10 | 90.0 % | 1 | 0 |');
    // Summarized again with no report: the same results from the records alone.
    const again = summarize();
    expect(again.status).toBe(0);
    expect(again.read('mutation/RESULTS.md')).toBe(results);
  });

  it('explains a survivor only by an entry naming its line text, mutator and replacement', () => {
    writeFileSync(
      join(dir, 'mutation/equivalent.json'),
      JSON.stringify([
        {
          file: 'src/checks/bounds.ts',
          line: 99,
          code: 'return value >= min;',
          mutator: 'EqualityOperator',
          replacement: 'value > min',
          reason: 'Stated for the test.',
        },
        // Same line and mutator, another replacement: explains nothing here.
        {
          file: 'src/checks/bounds.ts',
          code: 'return value >= min;',
          mutator: 'ConditionalExpression',
          replacement: 'true',
          reason: 'Not this one.',
        },
      ]),
    );
    const run = summarize(writeReport());
    expect(run.status).toBe(0);
    const survivors = run.read('mutation/SURVIVORS.md');
    expect(survivors).toContain('## Not killed yet (1)');
    expect(survivors).toContain('| `src/checks/bounds.ts:2` | ConditionalExpression | NoCoverage | `false` |');
    expect(survivors).toContain('## Equivalent (1)');
    expect(survivors).toContain(
      '| `src/checks/bounds.ts:2` | EqualityOperator | Survived | `value > min` | Stated for the test. |',
    );
    expect(run.read('mutation/RESULTS.md')).toContain('| `src/checks/bounds.ts` | 2 | 4 | 50.0 % | 2 | 1 |');
  });

  it('refuses a report not named for its part, and a run with no part recorded', () => {
    writeFileSync(join(dir, 'mutation/report.json'), JSON.stringify({ files: {} }));
    const misnamed = summarize('mutation/report.json');
    expect(misnamed.status).toBe(2);
    expect(misnamed.stderr).toBe("mutation/report.json: not a part's report (mutation/report-<part>.json)\n");
    const none = summarize();
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(
      'no part has been run: run npm run mutate, or name a report (mutation/report-<part>.json)\n',
    );
  });
});
