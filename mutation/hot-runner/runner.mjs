// A StrykerJS test runner ("jest-hot") for `npm run mutate`: the suite's own jest tests, imported once per process
// and re-run per mutant without loading a module again.
//
// Why not Stryker's jest runner: each mutant run is a jest run, which rebuilds its module registry and links every
// test file's ESM graph again (`--experimental-vm-modules`). On this repository's 2-core machine that is 27–50
// mutants a minute, 5–9 hours for the gate's 14,000 mutants. Stryker's instrumented sources already switch mutants
// at run time (`__stryker__.activeMutant`), so a runner that keeps the modules loaded only has to run the tests that
// cover the mutant: what Stryker's mocha runner does, for tests written against `@jest/globals`.
//
// How: Node runs the TypeScript itself (`--experimental-transform-types`, set in stryker.config.json); hooks.mjs maps
// `./x.js` imports to `./x.ts` and `@jest/globals` to jest-globals.mjs (jest's own `expect` and `jest-each`).
// A mutant reached only while modules load (a "static" mutant) needs them loaded again with the mutant active. The
// gate's run ignores those (`ignoreStatic`); without it, this runner reports it cannot reload, so Stryker starts a
// fresh process for each and the runner loads after activating (see capabilities()).
//
// Options (stryker.config.json, "hotRunner"): testFiles (globs), ignore (globs), setupFiles (imported first), and
// testFilesFor: the test files of a run whose `mutate` is exactly one of its keys, in place of testFiles. A folder
// whose modules run in almost every test (src/formats) is run against the suites written for it: otherwise each of
// its survivors runs the whole set. An own set is taken as written, `!glob` entries left out: `ignore` keeps costly
// suites out of the common set, and a folder's own set names the costly suites that drive its code (src/evidence:
// the archive, rollback and audit CLI suites).
import { appendFileSync, existsSync, globSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { INSTRUMENTER_CONSTANTS } from '@stryker-mutator/api/core';
import { commonTokens, declareClassPlugin, PluginKind, tokens } from '@stryker-mutator/api/plugin';
import {
  determineHitLimitReached,
  DryRunStatus,
  MutantRunStatus,
  TestStatus,
  toMutantRunResult,
} from '@stryker-mutator/api/test-runner';
import { creditBlockCoverage, listTests, runTests } from './run-tests.mjs';

/** What each test took in the dry run, written by the process that ran it for the ones that run the mutants. */
const DRY_RUN_TIMES = '.jest-hot-times.json';

const STATUS = { success: TestStatus.Success, failed: TestStatus.Failed };

function namespace() {
  return (globalThis[INSTRUMENTER_CONSTANTS.NAMESPACE] ??= {});
}

function toStrykerResults(results) {
  return results.map((r) => ({ ...r, status: STATUS[r.status] }));
}

/**
 * The test files a run loads, as globs to include and to leave out: its `mutate` pattern's own set (testFilesFor,
 * `!glob` entries left out) if it has one, else testFiles less ignore.
 */
export function testFilesOf(options) {
  const own = options.hotRunner ?? {};
  const mutate = options.mutate ?? [];
  const ownSet = mutate.length === 1 ? own.testFilesFor?.[mutate[0]] : undefined;
  if (ownSet) {
    return {
      include: ownSet.filter((p) => !p.startsWith('!')),
      ignore: ownSet.filter((p) => p.startsWith('!')).map((p) => p.slice(1)),
    };
  }
  return { include: own.testFiles ?? ['test/**/*.test.ts'], ignore: own.ignore ?? [] };
}

/**
 * JEST_HOT_TRACE=<file>: one tab-separated line per event (a process's load, a mutant's start and its result), to
 * see where a run's time goes: in the tests, or between them (mutation/README.md).
 */
function trace(...fields) {
  if (process.env.JEST_HOT_TRACE) appendFileSync(process.env.JEST_HOT_TRACE, `${fields.join('\t')}\n`);
}

export class HotTestRunner {
  static inject = tokens(commonTokens.options, commonTokens.logger);

  constructor(options, logger) {
    const own = options.hotRunner ?? {};
    const { include, ignore } = testFilesOf(options);
    this.testFiles = include;
    this.ignore = ignore;
    this.setupFiles = own.setupFiles ?? [];
    this.log = logger;
    this.roots = undefined;
    this.ignoreStatic = options.ignoreStatic === true;
  }

  /**
   * Whether a run that asks to reload the environment can be run in this process. Under `ignoreStatic`, every mutant
   * that runs is switched on after the modules loaded, also a "hybrid" one (reached while modules load and by tests):
   * Stryker asks to reload for those, but a fresh process would load the same unmutated modules and then switch the
   * mutant on, as this one does. Saying "cannot reload" made Stryker start a process per hybrid mutant, and a test
   * file that parses a document while it loads makes every mutant of the parser hybrid (437 of src/formats' 1,183:
   * 13 minutes of its run instead of 4). Without `ignoreStatic` a static mutant must be on while modules load: only a
   * fresh process can do that, so this runner says it cannot.
   */
  capabilities() {
    return { reloadEnvironment: this.ignoreStatic };
  }

  async init() {
    register('./hooks.mjs', import.meta.url);
  }

  relativeFile = (file) => relative(process.cwd(), file);

  /** Imports the setup files and every test file once, collecting their tests (see jest-globals.mjs). */
  async load() {
    if (this.roots) return;
    const loading = performance.now();
    const globals = await import('./jest-globals.mjs');
    // jest also offers its API as globals, and a few test files use it that way.
    const { describe, it, test, expect, beforeAll, afterAll, beforeEach, afterEach, jest } = globals;
    Object.assign(globalThis, { describe, it, test, expect, beforeAll, afterAll, beforeEach, afterEach, jest });
    for (const f of this.setupFiles) await import(pathToFileURL(resolve(f)).href);
    const ignored = new Set(this.ignore.flatMap((p) => globSync(p)));
    const files = [...new Set(this.testFiles.flatMap((p) => globSync(p)))].filter((f) => !ignored.has(f)).sort();
    for (const f of files) {
      const file = resolve(f);
      globals.beginFile(file);
      try {
        await import(pathToFileURL(file).href);
      } catch (e) {
        throw new Error(`could not load ${f}: ${e instanceof Error ? e.stack : String(e)}`);
      } finally {
        globals.endFile();
      }
    }
    this.roots = globals.collected();
    this.tests = listTests(this.roots, this.relativeFile);
    trace(Math.round(performance.now() - loading), 'load', '', '', files.length, process.pid, '');
    this.log.debug(`jest-hot: ${files.length} test files, ${this.tests.length} tests`);
  }

  /**
   * The test files in the order that detects a mutant soonest: the files whose selected tests took least in the dry
   * run first. With bail, a mutant most tests kill is then killed by a unit test in milliseconds, not after a test
   * that builds a repository. Only files move: within a file the order is the file's own, as in jest.
   */
  cheapestFilesFirst(selected) {
    if (this.times === undefined) {
      this.times = existsSync(DRY_RUN_TIMES) ? JSON.parse(readFileSync(DRY_RUN_TIMES, 'utf8')) : {};
    }
    const cost = new Map();
    for (const t of this.tests) {
      if (selected !== undefined && !selected.has(t.id)) continue;
      const root = t.suite.root;
      cost.set(root, (cost.get(root) ?? 0) + (this.times[t.id] ?? 1000));
    }
    return [...this.roots].sort((a, b) => (cost.get(a) ?? 0) - (cost.get(b) ?? 0));
  }

  async dryRun({ coverageAnalysis, disableBail }) {
    try {
      await this.load();
    } catch (e) {
      return { status: DryRunStatus.Error, errorMessage: e instanceof Error ? e.message : String(e) };
    }
    const ns = namespace();
    const results = await runTests(this.roots, {
      selected: undefined,
      bail: !disableBail,
      ns,
      relativeFile: this.relativeFile,
    });
    const times = Object.fromEntries(results.map((r) => [r.id, r.timeSpentMs]));
    writeFileSync(`${DRY_RUN_TIMES}.tmp`, JSON.stringify(times));
    renameSync(`${DRY_RUN_TIMES}.tmp`, DRY_RUN_TIMES);
    this.times = times;
    const coverage = ns[INSTRUMENTER_CONSTANTS.MUTATION_COVERAGE_OBJECT] ?? { static: {}, perTest: {} };
    creditBlockCoverage(this.roots, coverage.perTest, this.relativeFile);
    return {
      status: DryRunStatus.Complete,
      tests: toStrykerResults(results),
      ...(coverageAnalysis === 'off' ? {} : { mutantCoverage: coverage }),
    };
  }

  async mutantRun({ activeMutant, testFilter, disableBail, hitLimit, mutantActivation }) {
    const ns = namespace();
    if (mutantActivation === 'static' && this.roots && this.ignoreStatic) {
      // Never asked under ignoreStatic; said loudly rather than run a static mutant on modules loaded without it.
      return {
        status: MutantRunStatus.Error,
        errorMessage: `jest-hot: mutant ${activeMutant.id} must be on while modules load, and this process has loaded them (with ignoreStatic off, this runner has Stryker start a fresh process for each static mutant)`,
      };
    }
    // A static mutant must be active while the modules load (Stryker gave this runner a fresh process for it).
    if (mutantActivation === 'static') ns[INSTRUMENTER_CONSTANTS.ACTIVE_MUTANT] = activeMutant.id;
    try {
      await this.load();
    } catch (e) {
      delete ns[INSTRUMENTER_CONSTANTS.ACTIVE_MUTANT];
      // A mutant that breaks loading (a module-level value) is detected: the suite cannot even start.
      return {
        status: MutantRunStatus.Killed,
        killedBy: [],
        failureMessage: e instanceof Error ? e.message : String(e),
        nrOfTests: 0,
      };
    }
    ns[INSTRUMENTER_CONSTANTS.ACTIVE_MUTANT] = activeMutant.id;
    ns[INSTRUMENTER_CONSTANTS.HIT_LIMIT] = hitLimit;
    ns[INSTRUMENTER_CONSTANTS.HIT_COUNT] = hitLimit === undefined ? undefined : 0;
    const started = performance.now();
    trace('', 'start', activeMutant.id, '', '', process.pid, '');
    const selected = testFilter ? new Set(testFilter) : undefined;
    let results;
    try {
      results = await runTests(this.cheapestFilesFirst(selected), {
        selected,
        bail: !disableBail,
        trackCoverage: false,
        ns,
        relativeFile: this.relativeFile,
      });
    } finally {
      delete ns[INSTRUMENTER_CONSTANTS.ACTIVE_MUTANT];
    }
    const timeout = determineHitLimitReached(
      ns[INSTRUMENTER_CONSTANTS.HIT_COUNT],
      ns[INSTRUMENTER_CONSTANTS.HIT_LIMIT],
    );
    delete ns[INSTRUMENTER_CONSTANTS.HIT_COUNT];
    delete ns[INSTRUMENTER_CONSTANTS.HIT_LIMIT];
    const outcome = timeout
      ? { status: MutantRunStatus.Timeout, reason: timeout.reason }
      : toMutantRunResult({ status: DryRunStatus.Complete, tests: toStrykerResults(results) }, disableBail);
    // One line per mutant: ms, outcome, id, activation, tests run, process, ms since its previous mutant ended.
    const ended = performance.now();
    const gap = this.lastEnded === undefined ? '' : Math.round(started - this.lastEnded);
    this.lastEnded = ended;
    trace(
      Math.round(ended - started),
      outcome.status,
      activeMutant.id,
      mutantActivation,
      results.length,
      process.pid,
      gap,
    );
    return outcome;
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.TestRunner, 'jest-hot', HotTestRunner)];

export const strykerValidationSchema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  type: 'object',
  properties: {
    hotRunner: {
      description: 'Options of the jest-hot test runner (mutation/hot-runner/runner.mjs).',
      type: 'object',
      properties: {
        testFiles: { type: 'array', items: { type: 'string' } },
        testFilesFor: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        ignore: { type: 'array', items: { type: 'string' } },
        setupFiles: { type: 'array', items: { type: 'string' } },
      },
      additionalProperties: false,
    },
  },
};
