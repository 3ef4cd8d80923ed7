// Runs collected tests (jest-globals.mjs) the way jest does: per block its beforeAll hooks, then for each test the
// beforeEach hooks from the file's root down, the test, and the afterEach hooks back up; then the afterAll hooks.
// Only the selected tests run, and a block with none of them is not entered (its hooks do not run either).
// While a test and its each-hooks run, Stryker's `currentTestId` names it, so the instrumented sources count what it
// covers; a block's all-hooks run under the block's own id, and what they cover is credited to each of its tests
// (`creditBlockCoverage`), because a mutant reached only in a beforeAll is exercised by running any of them.
import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers';

/** Every test in file order, each with a stable id: file, block titles and name (numbered if repeated). */
export function listTests(roots, relativeFile) {
  const tests = [];
  const seen = new Map();
  const walk = (suite) => {
    for (const child of suite.children) {
      if (child.kind !== 'test') {
        walk(child);
        continue;
      }
      const name = [...suite.titles(), child.name].join(' › ');
      const base = `${relativeFile(suite.file)} › ${name}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      child.id = n === 1 ? base : `${base} (${n})`;
      child.fullName = name;
      tests.push(child);
    }
  };
  roots.forEach(walk);
  return tests;
}

function blockId(suite, relativeFile) {
  return `block:${relativeFile(suite.file)} › ${suite.titles().join(' › ')}`;
}

function describeError(error) {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Runs the tests `selected` holds (all when it is undefined) and returns their results (Stryker's TestResult
 * shape). With `bail`, the first failure stops the run; the hooks of the blocks it is inside still run (cleanup).
 */
export async function runTests(roots, { selected, bail, ns, relativeFile, trackCoverage = true }) {
  // Outside the dry run the coverage is not read, and counting it per test costs a lookup per instrumented statement.
  const nameRunning = (id) => {
    if (trackCoverage) ns.currentTestId = id;
  };
  const results = [];
  let stopped = false;
  // A rejection or exception no test awaited (a timer, a stream) belongs to the test running when it surfaced.
  let stray;
  const onStray = (error) => {
    stray ??= error;
  };
  process.on('unhandledRejection', onStray);
  process.on('uncaughtException', onStray);

  const wanted = (test) => !test.skip && test.fn !== undefined && (selected === undefined || selected.has(test.id));
  const hasWanted = (suite) => suite.children.some((c) => (c.kind === 'test' ? wanted(c) : hasWanted(c)));

  const fail = (test, error, start) => {
    results.push({
      id: test.id,
      name: test.fullName,
      fileName: test.suite.file,
      status: 'failed',
      failureMessage: describeError(error),
      timeSpentMs: Math.round(performance.now() - start),
    });
    if (bail) stopped = true;
  };

  async function runTest(test, chain) {
    const start = performance.now();
    nameRunning(test.id);
    stray = undefined;
    let error;
    try {
      for (const s of chain) for (const h of s.hooks.beforeEach) await h();
      await test.fn();
    } catch (e) {
      error = e;
    }
    for (const s of [...chain].reverse()) {
      for (const h of s.hooks.afterEach) {
        try {
          await h();
        } catch (e) {
          error ??= e;
        }
      }
    }
    // Let a rejection that surfaces on the next tick be this test's, as jest would report it.
    await new Promise((r) => setImmediate(r));
    error ??= stray;
    nameRunning(undefined);
    if (test.failing) {
      if (error === undefined) return fail(test, new Error('a test marked failing passed'), start);
    } else if (error !== undefined) {
      return fail(test, error, start);
    }
    results.push({
      id: test.id,
      name: test.fullName,
      fileName: test.suite.file,
      status: 'success',
      timeSpentMs: Math.round(performance.now() - start),
    });
  }

  const testsUnder = (suite) =>
    suite.children.flatMap((c) => (c.kind === 'test' ? (wanted(c) ? [c] : []) : testsUnder(c)));

  async function runSuite(suite, chain) {
    if (stopped || !hasWanted(suite)) return;
    const inner = [...chain, suite];
    const start = performance.now();
    nameRunning(blockId(suite, relativeFile));
    let hookError;
    for (const h of suite.hooks.beforeAll) {
      try {
        await h();
      } catch (e) {
        hookError = e;
        break;
      }
    }
    nameRunning(undefined);
    if (hookError !== undefined) {
      for (const t of testsUnder(suite)) fail(t, hookError, start);
    } else {
      for (const child of suite.children) {
        if (stopped) break;
        if (child.kind === 'test') {
          if (wanted(child)) await runTest(child, inner);
        } else {
          await runSuite(child, inner);
        }
      }
    }
    nameRunning(blockId(suite, relativeFile));
    for (const h of suite.hooks.afterAll) {
      try {
        await h();
      } catch (e) {
        // jest fails the file when an afterAll throws: here, the block's last test carries it.
        const last = testsUnder(suite).at(-1);
        const result = results.findLast((r) => r.id === last?.id);
        if (result && result.status === 'success') {
          result.status = 'failed';
          result.failureMessage = `afterAll: ${describeError(e)}`;
          if (bail) stopped = true;
        }
      }
    }
    nameRunning(undefined);
  }

  try {
    for (const root of roots) await runSuite(root, []);
  } finally {
    process.off('unhandledRejection', onStray);
    process.off('uncaughtException', onStray);
  }
  return results;
}

/** Credits what each block's all-hooks covered to every test inside it (see the module comment). */
export function creditBlockCoverage(roots, perTest, relativeFile) {
  const walk = (suite, inherited) => {
    const own = perTest[blockId(suite, relativeFile)];
    const credit = own ? [...inherited, own] : inherited;
    for (const child of suite.children) {
      if (child.kind !== 'test') {
        walk(child, credit);
        continue;
      }
      if (credit.length === 0 || child.id === undefined) continue;
      const mine = (perTest[child.id] ??= {});
      for (const counts of credit)
        for (const [mutant, n] of Object.entries(counts)) mine[mutant] = (mine[mutant] ?? 0) + n;
    }
  };
  roots.forEach((root) => walk(root, []));
  for (const key of Object.keys(perTest)) if (key.startsWith('block:')) delete perTest[key];
}
