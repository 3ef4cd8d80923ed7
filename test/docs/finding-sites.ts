/**
 * Where the source builds each finding: every call of a finding constructor (`error`, `warning`, `notice`,
 * `indeterminate`) with a literal code, and what its third argument gives — a fix, a file, a pointer. Read from the
 * TypeScript syntax tree, so a new finding is seen without running it; the tests then compare what it found with
 * what docs/formats.md promises.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { PROJECT_ROOT } from '../support/git-repo.js';

const FINDING_CONSTRUCTORS = new Set(['error', 'warning', 'notice', 'indeterminate']);
const CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;

export interface FindingSite {
  code: string;
  constructor: 'error' | 'warning' | 'notice' | 'indeterminate';
  /** `src/...:line`. */
  site: string;
  /** The where-argument names a `fix`, or is a value built elsewhere (assumed to carry one). */
  fix: boolean;
  /** It gives a file: a `file` member, or a spread of `at(doc, pointer)` or of a value built elsewhere. */
  file: boolean;
  /** It gives a JSON pointer (and so a line when the value exists): a `pointer` member or a spread of `at(...)`. */
  pointer: boolean;
}

/** String literals an expression can evaluate to (`a ? 'X' : 'Y'` gives both). */
function literalsOf(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isConditionalExpression(node)) return [...literalsOf(node.whenTrue), ...literalsOf(node.whenFalse)];
  if (ts.isParenthesizedExpression(node)) return literalsOf(node.expression);
  return [];
}

/** The member names an object-literal where-argument gives, with its spreads read as `at(...)` (file + pointer). */
function whereOf(arg: ts.Expression | undefined, sf: ts.SourceFile): Pick<FindingSite, 'fix' | 'file' | 'pointer'> {
  if (arg === undefined) return { fix: false, file: false, pointer: false };
  if (!ts.isObjectLiteralExpression(arg)) return { fix: true, file: true, pointer: true };
  const out = { fix: false, file: false, pointer: false };
  for (const p of arg.properties) {
    if (ts.isSpreadAssignment(p)) {
      const text = p.expression.getText(sf);
      // `...at(doc, ptr)` gives file and pointer; `...(cond ? { file } : {})` a file at most; a variable built
      // elsewhere (`...where`, `...keyWhere`) a full location.
      if (/\bat\(/.test(text) || ts.isIdentifier(p.expression)) Object.assign(out, { file: true, pointer: true });
      else if (/\bfile\b/.test(text)) out.file = true;
      continue;
    }
    const name = p.name?.getText(sf);
    if (name === 'fix') out.fix = true;
    if (name === 'file') out.file = true;
    if (name === 'pointer') out.pointer = true;
  }
  return out;
}

/** Every finding construction site under `src/`, in file order. */
export function findingSites(): FindingSite[] {
  const sites: FindingSite[] = [];
  const files = (readdirSync(join(PROJECT_ROOT, 'src'), { recursive: true }) as string[]).filter((f) =>
    f.endsWith('.ts'),
  );
  for (const rel of files.sort()) {
    const file = join('src', rel);
    const sf = ts.createSourceFile(file, readFileSync(join(PROJECT_ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
        const name = node.expression.text;
        const [codeArg, , whereArg] = node.arguments;
        if (FINDING_CONSTRUCTORS.has(name) && codeArg) {
          const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
          for (const code of literalsOf(codeArg).filter((c) => CODE.test(c))) {
            sites.push({
              code,
              constructor: name as FindingSite['constructor'],
              site: `${file}:${line}`,
              ...whereOf(whereArg, sf),
            });
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return sites;
}

/** The distinct codes of the sites that match, sorted. */
export function codesWhere(sites: FindingSite[], keep: (s: FindingSite) => boolean): string[] {
  return [...new Set(sites.filter(keep).map((s) => s.code))].sort();
}
