/**
 * The mutation test runner end to end, as Stryker drives it (test/mutation/hot-runner-drive.mjs, in a Node process
 * of its own with the runner's flags): a TypeScript source instrumented by Stryker's own instrumenter, a test file
 * written against `@jest/globals` importing it as `./x.js`, a dry run with per-test coverage, then one run per
 * mutant. The verdicts must be the ones the tests decide: the boundary test kills the boundary mutant, an untested
 * function has no coverage, and a mutant that only changes what no test looks at survives. The source also calls its
 * functions while it loads (a module-level constant), so their mutants are "hybrid": run in the loaded process with
 * the reload Stryker asks for, they get the same verdicts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../support/git-repo.js';

const SOURCE = `export function meetsMinimum(value: number, min: number): boolean {
  return value >= min;
}

export function describeValue(value: number): string {
  return 'value ' + String(value);
}

export class Untested {
  constructor(private readonly limit: number) {}
  over(value: number): boolean {
    return value > this.limit;
  }
}

export const LABEL_OF_MINIMUM = meetsMinimum(1, 1) ? describeValue(1) : '';
`;

const TESTS = `import { describe, expect, it } from '@jest/globals';
import { describeValue, meetsMinimum } from '../src/threshold.js';

describe('meetsMinimum', () => {
  it('passes at the minimum', () => {
    expect(meetsMinimum(0.8, 0.8)).toBe(true);
  });
  it('fails below it', () => {
    expect(meetsMinimum(0.79, 0.8)).toBe(false);
  });
});

it('describes a value without looking at the text', () => {
  expect(typeof describeValue(1)).toBe('string');
});
`;

interface Drive {
  capabilities: { reloadEnvironment: boolean };
  staticRun: { status: string; errorMessage?: string };
  dry: { status: string; tests?: Array<{ id: string; status: number }>; errorMessage?: string };
  mutants: Array<{
    where: string;
    mutator: string;
    replacement: string;
    hybrid?: boolean;
    status: string;
    killedBy?: string[];
  }>;
}

let dir: string;
let drive: Drive;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlgov-hot-runner-'));
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'test'));
  writeFileSync(join(dir, 'src/threshold.ts'), SOURCE);
  writeFileSync(join(dir, 'test/threshold.test.ts'), TESTS);
  const out = execFileSync(
    process.execPath,
    [
      '--experimental-transform-types',
      '--disable-warning=ExperimentalWarning',
      join(PROJECT_ROOT, 'test/mutation/hot-runner-drive.mjs'),
      dir,
      'src/threshold.ts',
    ],
    { encoding: 'utf8', cwd: PROJECT_ROOT },
  );
  drive = JSON.parse(out) as Drive;
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (line: number, mutator: string, replacement: string) =>
  drive.mutants.find(
    (m) => m.where.startsWith(`src/threshold.ts:${line}:`) && m.mutator === mutator && m.replacement === replacement,
  );

describe('the mutation test runner, driven as Stryker drives it', () => {
  it('runs the instrumented TypeScript and its jest tests: every test passes in the dry run', () => {
    expect(drive.dry.status).toBe('complete');
    expect(drive.dry.tests).toEqual([
      { id: 'test/threshold.test.ts › meetsMinimum › passes at the minimum', status: 0 },
      { id: 'test/threshold.test.ts › meetsMinimum › fails below it', status: 0 },
      { id: 'test/threshold.test.ts › describes a value without looking at the text', status: 0 },
    ]);
  });

  it('kills the boundary mutant with the test at the boundary', () => {
    expect(at(2, 'EqualityOperator', 'value > min')).toEqual(
      expect.objectContaining({
        hybrid: true,
        status: 'killed',
        killedBy: ['test/threshold.test.ts › meetsMinimum › passes at the minimum'],
      }),
    );
    expect(at(2, 'EqualityOperator', 'value < min')).toEqual(expect.objectContaining({ status: 'killed' }));
  });

  it('lets a mutant no test can see survive, and reports an untested class as not covered', () => {
    expect(at(6, 'StringLiteral', '""')).toEqual(expect.objectContaining({ hybrid: true, status: 'survived' }));
    expect(at(12, 'EqualityOperator', 'value >= this.limit')).toEqual(
      expect.objectContaining({ status: 'no coverage' }),
    );
  });

  it('says it can reload (the gate ignores static mutants), and refuses a static mutant in a loaded process', () => {
    expect(drive.capabilities).toStrictEqual({ reloadEnvironment: true });
    expect(drive.staticRun.status).toBe('error');
    expect(drive.staticRun.errorMessage).toMatch(/^jest-hot: mutant \d+ must be on while modules load/);
  });
});
