/**
 * The repository's documents must hold the whole contract: every relative Markdown link of a tracked document
 * resolves to a file in the repository (and, for a link into a Markdown file with `#anchor`, to one of its
 * headings), and no tracked file sends the reader to a design document that is not here.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { PROJECT_ROOT } from '../support/git-repo.js';

/** Tracked files (what a clone holds); files being added in the working tree count too. */
const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: PROJECT_ROOT,
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => f && !f.startsWith('node_modules/') && existsSync(join(PROJECT_ROOT, f)));
const markdown = tracked.filter((f) => f.endsWith('.md'));
const read = (rel: string) => readFileSync(join(PROJECT_ROOT, rel), 'utf8');

/** The text outside fenced code blocks: headings and links in examples are not headings or links. */
function outsideFences(text: string): string {
  // `[ \t]*`, not `\s*`: a fence's indent never spans lines (else a blank line before a fence swallows headings).
  return text.replace(/^([ \t]*)(```|~~~)[^\n]*\n[\s\S]*?^\1\2[ \t]*$/gm, '');
}

/** The prose: outside fenced blocks and inline code. */
function prose(text: string): string {
  return outsideFences(text).replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchor: lower case, punctuation dropped (but `-` and `_`), spaces to `-`. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(rel: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of outsideFences(read(rel)).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = anchorOf(m[1]!.replace(/`/g, ''));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Every `[text](target)` and `[ref]: target` of a document, with its line. */
function linksOf(rel: string): Array<{ line: number; target: string }> {
  const out: Array<{ line: number; target: string }> = [];
  prose(read(rel))
    .split('\n')
    .forEach((text, i) => {
      for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
        out.push({ line: i + 1, target: m[1]! });
      const def = /^\s*\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)/.exec(text);
      if (def) out.push({ line: i + 1, target: def[1]! });
    });
  return out;
}

/** What is wrong with a relative link, or undefined when it resolves. */
function problemOf(rel: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto:
  const [path, anchor] = target.split('#') as [string, string | undefined];
  const file = path === '' ? rel : normalize(join(dirname(rel), decodeURIComponent(path.split('?')[0]!)));
  if (file.startsWith('..')) return 'points outside the repository';
  if (!existsSync(join(PROJECT_ROOT, file))) return `${file} does not exist`;
  if (anchor && file.endsWith('.md') && !anchorsOf(file).has(anchor.toLowerCase())) {
    return `${file} has no heading #${anchor}`;
  }
  return undefined;
}

describe('docs: every reference resolves inside the repository', () => {
  it('finds the documents and their links (the scan works)', () => {
    expect(markdown).toEqual(expect.arrayContaining(['README.md', 'docs/design.md', 'docs/jira.md']));
    expect(linksOf('README.md').length).toBeGreaterThan(5);
    expect(problemOf('README.md', 'docs/none.md')).toBe('docs/none.md does not exist');
    expect(problemOf('docs/jira.md', '../README.md#no-such-heading')).toBe('README.md has no heading #no-such-heading');
    expect(problemOf('docs/jira.md', '../../outside/notes.md')).toBe('points outside the repository');
  });

  it('every relative Markdown link names a file (and heading) that exists', () => {
    const broken = markdown.flatMap((rel) =>
      linksOf(rel)
        .map(({ line, target }) => ({ where: `${rel}:${line} (${target})`, problem: problemOf(rel, target) }))
        .filter((l) => l.problem !== undefined)
        .map((l) => `${l.where}: ${l.problem}`),
    );
    expect(broken).toEqual([]);
  });

  it('no tracked file refers to a design document that is not in the repository', () => {
    // The two tests that state the rule name what they forbid.
    const rules = new Set(['test/docs/links.test.ts', 'test/docs/docs-contract.test.ts']);
    const offenders = tracked
      .filter((rel) => !rules.has(rel) && !rel.startsWith('dist/') && /\.(md|ts|mjs|js|json|ya?ml|txt)$/.test(rel))
      .filter((rel) => /DESIGN\.md|\.\.\/shared\/|design document/.test(read(rel)));
    expect(offenders).toEqual([]);
  });
});
