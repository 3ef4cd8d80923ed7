// The part of `@jest/globals` the suite uses (describe, it/test, the four hooks, .each, .skip, .failing, expect),
// for the mutation test runner: test files are imported once and their tests collected into a tree, so each mutant
// runs only the tests that cover it, in the same process, without loading a module again. `expect` is jest's own
// package and `.each` is jest's own jest-each, so matchers and generated titles are exactly jest's.
import { expect } from 'expect';
import jestEach from 'jest-each';

const bindEach = jestEach.bind ?? jestEach.default?.bind;

/** A describe block (or a file's root): its hooks, and its tests and blocks in declaration order. */
export class Suite {
  constructor(name, parent, file) {
    this.name = name;
    this.parent = parent;
    this.file = file;
    /** The file's root block (the root is its own). */
    this.root = parent?.root ?? this;
    this.skip = parent?.skip ?? false;
    this.children = [];
    this.hooks = { beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] };
  }

  /** Titles from the file's root down to this block (the root itself has none). */
  titles() {
    return this.parent ? [...this.parent.titles(), this.name] : [];
  }
}

/** Where describe/it register while a test file is being imported. */
let current;
const fileRoots = [];

/** Starts collecting the tests of one file; its root suite is returned and kept in `collected()`. */
export function beginFile(file) {
  current = new Suite('', undefined, file);
  fileRoots.push(current);
  return current;
}

export function endFile() {
  current = undefined;
}

export function collected() {
  return fileRoots;
}

function requireFile(what) {
  if (!current) throw new Error(`${what} called outside a test file being collected`);
  return current;
}

function addTest(name, fn, { skip = false, failing = false } = {}) {
  const suite = requireFile('it');
  suite.children.push({ kind: 'test', name: String(name), fn, skip: skip || suite.skip, failing, suite });
}

function describeBlock(name, fn, { skip = false } = {}) {
  const parent = requireFile('describe');
  const suite = new Suite(String(name), parent, parent.file);
  if (skip) suite.skip = true;
  parent.children.push(suite);
  current = suite;
  try {
    const result = fn();
    if (result && typeof result.then === 'function') {
      throw new Error(`describe "${name}" returned a promise: describe blocks are synchronous`);
    }
  } finally {
    current = parent;
  }
}

export const it = (name, fn, _timeout) => addTest(name, fn);
it.skip = (name, fn) => addTest(name, fn, { skip: true });
it.todo = (name) => addTest(name, undefined, { skip: true });
it.only = it;
it.failing = (name, fn) => addTest(name, fn, { failing: true });
it.each = bindEach(it);
it.skip.each = bindEach(it.skip);
it.failing.each = bindEach(it.failing);
export const test = it;
export const xit = it.skip;
export const xtest = it.skip;

export const describe = (name, fn) => describeBlock(name, fn);
describe.skip = (name, fn) => describeBlock(name, fn, { skip: true });
describe.only = describe;
describe.each = bindEach(describe, false);
describe.skip.each = bindEach(describe.skip, false);
export const xdescribe = describe.skip;

const hook = (kind) => (fn) => requireFile(kind).hooks[kind].push(fn);
export const beforeAll = hook('beforeAll');
export const afterAll = hook('afterAll');
export const beforeEach = hook('beforeEach');
export const afterEach = hook('afterEach');

export { expect };

/** `jest` itself: the suite uses no mocks or timers; a test that reaches for them fails with this message. */
export const jest = new Proxy(
  {},
  {
    get(_target, key) {
      throw new Error(`jest.${String(key)} is not available in the mutation test runner (mutation/hot-runner)`);
    },
  },
);
