/**
 * Every finding code the gate can produce is produced by at least one test that names it. The list of codes is
 * derived from the source (the finding constructors' first argument, and `code:` members of the adapters' typed
 * failures), so a new code cannot be added without a test: this file fails and names it.
 *
 * Naming a code is not asserting it: a code listed in a docs test, or produced in a test that never looks at where,
 * would pass the first rule while the finding's location went untested. So each code must also have a test case
 * (`it`/`test`) that names it and reads the finding's location the way the source gives it: a `pointer` (or, for a
 * syntax error, a `column`) and a `line` where the source builds it with a JSON pointer, a `file` where only a file. Read from the test's syntax tree
 * (identifiers, so words in titles and messages do not count); the test cases under test/docs and test/meta, which
 * list codes rather than produce them, do not count either.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { codesWhere, findingSites } from '../docs/finding-sites.js';
import { PROJECT_ROOT } from '../support/git-repo.js';

const FINDING_CONSTRUCTORS = new Set(['error', 'warning', 'notice', 'indeterminate']);
const CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;

function filesUnder(dir: string, ext: RegExp): string[] {
  return (readdirSync(join(PROJECT_ROOT, dir), { recursive: true }) as string[])
    .filter((f) => ext.test(f))
    .map((f) => join(dir, f));
}

/** String literals an expression can evaluate to (`a ? 'X' : 'Y'` gives both). */
function literalsOf(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isConditionalExpression(node)) return [...literalsOf(node.whenTrue), ...literalsOf(node.whenFalse)];
  if (ts.isParenthesizedExpression(node)) return literalsOf(node.expression);
  return [];
}

/** code → the source files that produce it. */
function codesInSource(): Map<string, Set<string>> {
  const codes = new Map<string, Set<string>>();
  const add = (code: string, file: string) => {
    if (!CODE.test(code)) return;
    if (!codes.has(code)) codes.set(code, new Set());
    codes.get(code)!.add(file);
  };
  for (const file of filesUnder('src', /\.ts$/)) {
    const sf = ts.createSourceFile(file, readFileSync(join(PROJECT_ROOT, file), 'utf8'), ts.ScriptTarget.Latest);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
        const arg = node.arguments[0];
        if (FINDING_CONSTRUCTORS.has(node.expression.text) && arg) for (const c of literalsOf(arg)) add(c, file);
      }
      if (ts.isPropertyAssignment(node) && /(^c|C)ode$/.test(node.name.getText(sf))) {
        for (const c of literalsOf(node.initializer)) add(c, file);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return codes;
}

const codes = codesInSource();
const testText = filesUnder('test', /\.(ts|mjs|json)$/)
  .filter((f) => !f.endsWith('finding-codes.test.ts'))
  .map((f) => readFileSync(join(PROJECT_ROOT, f), 'utf8'))
  .join('\n');

/** A test case: the codes it names and the identifiers it uses (property names, variables, helpers). */
interface TestCase {
  file: string;
  codes: Set<string>;
  identifiers: Set<string>;
}

/** `it(...)`, `test(...)`, `it.only(...)`, or `it.each(table)(...)` (the table included): a test case. */
function isTestCase(node: ts.CallExpression): boolean {
  const callee = ts.isCallExpression(node.expression) ? node.expression.expression : node.expression;
  const root = ts.isPropertyAccessExpression(callee) ? callee.expression : callee;
  return ts.isIdentifier(root) && (root.text === 'it' || root.text === 'test');
}

/** Every test case of the test files that produce findings (not the lists of test/docs and test/meta). */
function testCases(): TestCase[] {
  const cases: TestCase[] = [];
  const files = filesUnder('test', /\.test\.ts$/).filter((f) => !/^test\/(docs|meta)\//.test(f));
  for (const file of files) {
    const sf = ts.createSourceFile(file, readFileSync(join(PROJECT_ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && isTestCase(node)) {
        const found: TestCase = { file, codes: new Set(), identifiers: new Set() };
        const read = (n: ts.Node): void => {
          if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && CODE.test(n.text))
            found.codes.add(n.text);
          if (ts.isIdentifier(n)) found.identifiers.add(n.text);
          ts.forEachChild(n, read);
        };
        read(node);
        cases.push(found);
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return cases;
}

/** What a test must read of a finding with this code: its pointer and line, its file, or (no location) nothing. */
function locationOf(code: string, sites: ReturnType<typeof findingSites>): 'pointer' | 'file' | 'none' {
  const mine = sites.filter((s) => s.code === code);
  if (mine.some((s) => s.pointer)) return 'pointer';
  if (mine.some((s) => s.file)) return 'file';
  return 'none';
}

function assertsLocation(c: TestCase, location: 'pointer' | 'file' | 'none'): boolean {
  const has = (...names: string[]) => names.some((n) => c.identifiers.has(n));
  // A syntax error has a line and column but no pointer: the value it would point at does not exist.
  if (location === 'pointer') return has('pointer', 'column') && has('line', 'lineOf');
  if (location === 'file') return has('file', 'pointer');
  return true;
}

describe('finding codes', () => {
  it('are found in the source (the scan works)', () => {
    expect(codes.size).toBeGreaterThan(100);
    for (const known of ['CHECKSUM_MISMATCH', 'BIAS_THRESHOLD_EXCEEDED', 'PROMOTION_INSUFFICIENT_IMPROVEMENT']) {
      expect(codes.has(known)).toBe(true);
    }
  });

  it('each appear in at least one test', () => {
    const untested = [...codes.keys()]
      .filter((code) => !new RegExp(`['"\`]${code}['"\`]`).test(testText))
      .map((code) => `${code} (${[...codes.get(code)!].join(', ')})`)
      .sort();
    expect(untested).toEqual([]);
  });

  it('each is produced by a test case that asserts its location (pointer and line, or file)', () => {
    const sites = findingSites();
    const cases = testCases();
    expect(cases.length).toBeGreaterThan(1000);
    const unasserted = codesWhere(sites, () => true).filter((code) => {
      const location = locationOf(code, sites);
      return !cases.some((c) => c.codes.has(code) && assertsLocation(c, location));
    });
    expect(unasserted).toEqual([]);
  });
});
