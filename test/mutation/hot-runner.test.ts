/**
 * The mutation test runner (mutation/hot-runner) runs the suite's jest tests without jest: these tests hold it to
 * jest's order of hooks and tests, to running only the tests Stryker selected, to stopping at the first failure with
 * cleanup still run, and to crediting what a block's beforeAll covers to the tests inside it. A runner that got
 * any of these wrong would report mutants killed or surviving for the wrong reason.
 */
import { describe, expect, it } from '@jest/globals';
// @ts-expect-error: plain ESM without types (a project tool, not part of the build)
import * as hot from '../../mutation/hot-runner/jest-globals.mjs';
// @ts-expect-error: plain ESM without types
import { creditBlockCoverage, listTests, runTests } from '../../mutation/hot-runner/run-tests.mjs';
// @ts-expect-error: plain ESM without types
import { HotTestRunner, testFilesOf } from '../../mutation/hot-runner/runner.mjs';

type Fn = () => unknown;
interface HotApi {
  beginFile(file: string): unknown;
  endFile(): void;
  describe(name: string, fn: Fn): void;
  it: ((name: string, fn: Fn) => void) & {
    skip(name: string, fn: Fn): void;
    failing(name: string, fn: Fn): void;
    each(table: unknown[]): (name: string, fn: (...args: unknown[]) => unknown) => void;
  };
  beforeAll(fn: Fn): void;
  afterAll(fn: Fn): void;
  beforeEach(fn: Fn): void;
  afterEach(fn: Fn): void;
}
interface Result {
  id: string;
  status: 'success' | 'failed';
  failureMessage?: string;
}
const api = hot as unknown as HotApi;
const relative = (f: string) => f;

/** Collects one "file" built by `body` and lists its tests (ids as the runner gives them). */
function collect(file: string, body: () => void) {
  const root = api.beginFile(file);
  try {
    body();
  } finally {
    api.endFile();
  }
  const tests = listTests([root], relative) as Array<{ id: string }>;
  return { root, ids: tests.map((t) => t.id) };
}

function run(root: unknown, options: { selected?: Set<string>; bail?: boolean; ns?: Record<string, unknown> }) {
  return runTests([root], {
    selected: options.selected,
    bail: options.bail ?? false,
    ns: options.ns ?? {},
    relativeFile: relative,
  }) as Promise<Result[]>;
}

describe('the mutation test runner', () => {
  it('runs hooks and tests in jest’s order: all-hooks around a block, each-hooks from the outside in and back', async () => {
    const log: string[] = [];
    const { root } = collect('order.test.ts', () => {
      api.beforeAll(() => void log.push('beforeAll outer'));
      api.beforeEach(() => void log.push('beforeEach outer'));
      api.afterEach(() => void log.push('afterEach outer'));
      api.afterAll(() => void log.push('afterAll outer'));
      api.it('first', () => void log.push('test first'));
      api.describe('inner', () => {
        api.beforeAll(() => void log.push('beforeAll inner'));
        api.beforeEach(() => void log.push('beforeEach inner'));
        api.afterEach(() => void log.push('afterEach inner'));
        api.afterAll(() => void log.push('afterAll inner'));
        api.it('second', async () => void log.push('test second'));
      });
    });
    const results = await run(root, {});
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['order.test.ts › first', 'success'],
      ['order.test.ts › inner › second', 'success'],
    ]);
    expect(log).toEqual([
      'beforeAll outer',
      'beforeEach outer',
      'test first',
      'afterEach outer',
      'beforeAll inner',
      'beforeEach outer',
      'beforeEach inner',
      'test second',
      'afterEach inner',
      'afterEach outer',
      'afterAll inner',
      'afterAll outer',
    ]);
  });

  it('runs only the selected tests, and does not enter a block without one (its hooks do not run)', async () => {
    const log: string[] = [];
    const { root, ids } = collect('select.test.ts', () => {
      api.it('a', () => void log.push('a'));
      api.describe('unselected', () => {
        api.beforeAll(() => void log.push('beforeAll unselected'));
        api.it('b', () => void log.push('b'));
      });
      api.it('c', () => void log.push('c'));
    });
    const results = await run(root, { selected: new Set([ids[2]!]) });
    expect(results.map((r) => r.id)).toEqual(['select.test.ts › c']);
    expect(log).toEqual(['c']);
  });

  it('with bail, stops at the first failure, still running the cleanup hooks of the blocks it is in', async () => {
    const log: string[] = [];
    const { root } = collect('bail.test.ts', () => {
      api.describe('block', () => {
        api.afterEach(() => void log.push('afterEach'));
        api.afterAll(() => void log.push('afterAll'));
        api.it('fails', () => {
          throw new Error('expected 1, got 2');
        });
        api.it('never runs', () => void log.push('never runs'));
      });
    });
    const results = await run(root, { bail: true });
    expect(results).toEqual([expect.objectContaining({ id: 'bail.test.ts › block › fails', status: 'failed' })]);
    expect(results[0]!.failureMessage).toContain('expected 1, got 2');
    expect(log).toEqual(['afterEach', 'afterAll']);
  });

  it('without bail, reports every test; a failing beforeAll fails each test of its block', async () => {
    const { root } = collect('hooks.test.ts', () => {
      api.describe('broken set-up', () => {
        api.beforeAll(() => {
          throw new Error('no repository');
        });
        api.it('x', () => undefined);
        api.it('y', () => undefined);
      });
      api.it('z', () => undefined);
    });
    const results = await run(root, {});
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['hooks.test.ts › broken set-up › x', 'failed'],
      ['hooks.test.ts › broken set-up › y', 'failed'],
      ['hooks.test.ts › z', 'success'],
    ]);
    expect(results[0]!.failureMessage).toContain('no repository');
  });

  it('skips it.skip, inverts it.failing, and titles it.each rows as jest does; repeated names get numbered ids', async () => {
    const { root, ids } = collect('kinds.test.ts', () => {
      api.it.skip('skipped', () => {
        throw new Error('must not run');
      });
      api.it.failing('known bug', () => {
        throw new Error('still broken');
      });
      api.it.failing('fixed bug', () => undefined);
      api.it.each([1, 2])('row %s', (n) => expect(n).toBeGreaterThan(0));
      api.it('twice', () => undefined);
      api.it('twice', () => undefined);
    });
    expect(ids).toEqual([
      'kinds.test.ts › skipped',
      'kinds.test.ts › known bug',
      'kinds.test.ts › fixed bug',
      'kinds.test.ts › row 1',
      'kinds.test.ts › row 2',
      'kinds.test.ts › twice',
      'kinds.test.ts › twice (2)',
    ]);
    const results = await run(root, {});
    expect(results.map((r) => [r.id.replace('kinds.test.ts › ', ''), r.status])).toEqual([
      ['known bug', 'success'],
      ['fixed bug', 'failed'],
      ['row 1', 'success'],
      ['row 2', 'success'],
      ['twice', 'success'],
      ['twice (2)', 'success'],
    ]);
  });

  it('names the running test for Stryker’s coverage, and credits a beforeAll’s coverage to every test of its block', async () => {
    const ns: Record<string, unknown> = {};
    const seen: Array<unknown> = [];
    const { root, ids } = collect('cover.test.ts', () => {
      api.describe('block', () => {
        api.beforeAll(() => void seen.push(ns['currentTestId']));
        api.it('one', () => void seen.push(ns['currentTestId']));
        api.it('two', () => void seen.push(ns['currentTestId']));
      });
    });
    await run(root, { ns });
    expect(seen).toEqual(['block:cover.test.ts › block', ids[0], ids[1]]);
    expect(ns['currentTestId']).toBeUndefined();

    const perTest: Record<string, Record<string, number>> = {
      'block:cover.test.ts › block': { '7': 1 },
      [ids[1]!]: { '9': 2 },
    };
    creditBlockCoverage([root], perTest, relative);
    expect(perTest).toEqual({ [ids[0]!]: { '7': 1 }, [ids[1]!]: { '9': 2, '7': 1 } });
  });
});

describe('the test files a mutation run loads', () => {
  const hotRunner = {
    testFiles: ['test/**/*.test.ts'],
    ignore: ['test/cli/archive.test.ts'],
    testFilesFor: {
      'src/formats/**/*.ts': ['test/formats/**/*.test.ts'],
      'src/evidence/**/*.ts': [
        'test/evidence/**/*.test.ts',
        'test/cli/archive.test.ts',
        '!test/evidence/scale.test.ts',
      ],
    },
  };

  it("are the folder's own set when the run mutates exactly that folder, taken as written", () => {
    expect(testFilesOf({ mutate: ['src/formats/**/*.ts'], hotRunner })).toEqual({
      include: ['test/formats/**/*.test.ts'],
      ignore: [],
    });
  });

  it("leave out an own set's `!` entries, and keep what the common ignore list leaves out of the common set", () => {
    expect(testFilesOf({ mutate: ['src/evidence/**/*.ts'], hotRunner })).toEqual({
      include: ['test/evidence/**/*.test.ts', 'test/cli/archive.test.ts'],
      ignore: ['test/evidence/scale.test.ts'],
    });
  });

  it('are the common set less its ignore list for any other run, including one that mutates that folder among others', () => {
    const common = { include: ['test/**/*.test.ts'], ignore: ['test/cli/archive.test.ts'] };
    expect(testFilesOf({ mutate: ['src/checks/**/*.ts'], hotRunner })).toEqual(common);
    expect(testFilesOf({ mutate: ['src/formats/**/*.ts', 'src/checks/**/*.ts'], hotRunner })).toEqual(common);
  });

  it('default to every test file when none are configured', () => {
    expect(testFilesOf({ mutate: ['src/formats/**/*.ts'] })).toEqual({ include: ['test/**/*.test.ts'], ignore: [] });
  });
});

describe('reloading the environment', () => {
  const logger = { debug: () => undefined };

  it('is offered only when static mutants are ignored: then every run switches its mutant on after loading', () => {
    expect(new HotTestRunner({ ignoreStatic: true }, logger).capabilities()).toStrictEqual({ reloadEnvironment: true });
    expect(new HotTestRunner({ ignoreStatic: false }, logger).capabilities()).toStrictEqual({
      reloadEnvironment: false,
    });
    expect(new HotTestRunner({}, logger).capabilities()).toStrictEqual({ reloadEnvironment: false });
  });
});
