/**
 * Every finding code the gate can produce is produced by at least one test that names it. The list of codes is
 * derived from the source (the finding constructors' first argument, and `code:` members of the adapters' typed
 * failures), so a new code cannot be added without a test: this file fails and names it.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
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
});
