#!/usr/bin/env node
/**
 * Lists the functions of src/ longer than a limit (default 80 lines; `node scripts/long-functions.mjs 60` for another),
 * longest first: function declarations, methods, accessors, constructors, and function or arrow expressions assigned
 * to a const. Nested functions are listed on their own and also count inside the function that holds them.
 * Prints `N lines  file:line  name`, one a line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
const limit = Number(process.argv[2] ?? 80);

function nameOf(node) {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) || ts.isPrivateIdentifier(node.name)))
    return node.name.text;
  // An arrow or function expression is named by the const it is assigned to.
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

function isCounted(node) {
  if (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) ||
    ts.isConstructorDeclaration(node)
  )
    return node.body !== undefined;
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node))
    return ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name);
  return false;
}

const rows = [];
const files = readdirSync(SRC, { recursive: true })
  .filter((f) => f.endsWith('.ts'))
  .sort();
for (const f of files) {
  const path = join(SRC, f);
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (isCounted(node)) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
      const lines = end - start + 1;
      if (lines > limit)
        rows.push({ lines, where: `${relative(ROOT, path)}:${start}`, name: nameOf(node) ?? '(anonymous)' });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
rows.sort((a, b) => b.lines - a.lines || a.where.localeCompare(b.where));
for (const r of rows) console.log(`${String(r.lines).padStart(4)} lines  ${r.where}  ${r.name}`);
