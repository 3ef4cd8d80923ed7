/**
 * The folders of `src/` form layers (docs/design.md, "Layers"): a folder may import from its own layer's folders
 * or from lower layers, never from a higher one, and the folder graph has no cycle. Read from the source with the
 * TypeScript parser (type-only imports count too: a type arrow up the layers is still a dependency on the use case).
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';
import { PROJECT_ROOT } from '../support/git-repo.js';

/** Lowest first. One row per layer; folders on one row do not import each other. */
export const LAYERS: string[][] = [
  ['formats'],
  ['policy'],
  ['release'],
  ['adapters'],
  ['evidence'],
  ['checks'],
  // The training outputs' readers and counters sit below the gate: the gate recounts a listed predictions file with
  // the code `bias compute` writes the report with (gate/gather-predictions.ts); export composes the gate's report.
  ['metrics'],
  ['fairness'],
  ['gate'],
  ['export'],
  ['render', 'preflight'],
  ['action', 'cli'],
];

const SRC = join(PROJECT_ROOT, 'src');

function folderOf(file: string): string {
  const rel = relative(SRC, file).split('/');
  return rel.length === 1 ? '.' : rel[0]!;
}

/** [from folder, to folder, file] for every relative import between folders. */
function folderArrows(): Array<{ from: string; to: string; file: string; spec: string }> {
  const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
  const arrows: Array<{ from: string; to: string; file: string; spec: string }> = [];
  for (const f of files) {
    const path = join(SRC, f);
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest);
    const specs: string[] = [];
    source.forEachChild((node) => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
        if (ts.isStringLiteral(node.moduleSpecifier)) specs.push(node.moduleSpecifier.text);
      }
    });
    for (const spec of specs.filter((s) => s.startsWith('.'))) {
      const target = normalize(join(dirname(path), spec));
      const from = folderOf(path);
      const to = folderOf(target);
      if (from !== to) arrows.push({ from, to, file: `src/${f}`, spec });
    }
  }
  return arrows;
}

const layerOf = (folder: string): number => (folder === '.' ? -1 : LAYERS.findIndex((row) => row.includes(folder)));

describe('layering of src/', () => {
  const arrows = folderArrows();

  it('places every folder of src/ in a layer', () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(folders.filter((f) => layerOf(f) < 0)).toEqual([]);
  });

  it('has no arrow up the layers or across one layer', () => {
    const upward = arrows
      .filter((a) => a.to !== '.' && layerOf(a.to) >= layerOf(a.from))
      .map((a) => `${a.file} imports ${a.spec} (${a.from} → ${a.to})`);
    expect(upward).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const a of arrows) edges.set(a.from, (edges.get(a.from) ?? new Set()).add(a.to));
    const cycles: string[] = [];
    const visit = (node: string, path: string[]): void => {
      if (path.includes(node)) {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' → '));
        return;
      }
      for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    };
    for (const start of edges.keys()) visit(start, []);
    expect(cycles).toEqual([]);
  });

  it('notices an upward arrow (the rule is not vacuous)', () => {
    expect(arrows.length).toBeGreaterThan(50);
    expect(layerOf('checks')).toBeGreaterThan(layerOf('release'));
  });
});
