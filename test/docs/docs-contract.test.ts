/**
 * The docs are the contract a reader copies from: their workflow snippets must agree with each other and with the
 * action, and they must stand alone (no reference to a design document outside the repository).
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../support/git-repo.js';

const docFiles = [
  'README.md',
  'model/README.md',
  ...readdirSync(join(PROJECT_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const read = (rel: string) => readFileSync(join(PROJECT_ROOT, rel), 'utf8');

/** Every ```yaml block of a Markdown file, with its line. */
function yamlBlocks(rel: string): Array<{ line: number; text: string }> {
  const lines = read(rel).split('\n');
  const out: Array<{ line: number; text: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*```ya?ml\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    const indent = lines[i]!.match(/^\s*/)![0].length;
    let j = start;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j]!)) j++;
    out.push({
      line: start + 1,
      text: lines
        .slice(start, j)
        .map((l) => l.slice(indent))
        .join('\n'),
    });
    i = j;
  }
  return out;
}

/** Every step (a mapping with `uses:`) found anywhere in a parsed YAML value. */
function stepsIn(value: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(value)) return value.flatMap(stepsIn);
  if (typeof value !== 'object' || value === null) return [];
  const v = value as Record<string, unknown>;
  return [...(typeof v['uses'] === 'string' ? [v] : []), ...Object.values(v).flatMap(stepsIn)];
}

const mlgovSteps = docFiles.flatMap((rel) =>
  yamlBlocks(rel).flatMap((b) => {
    let parsed: unknown;
    try {
      parsed = parse(b.text);
    } catch {
      return []; // fragments that are not whole YAML documents are prose examples
    }
    return stepsIn(parsed)
      .filter((s) => /mlgov@/.test(String(s['uses'])))
      .map((s) => ({ where: `${rel}:${b.line}`, step: s }));
  }),
);

describe('docs: workflow snippets', () => {
  it('finds the mlgov steps of the docs (the scan itself works)', () => {
    expect(mlgovSteps.length).toBeGreaterThanOrEqual(4);
  });

  it('pin mlgov by commit SHA, never by a moving tag', () => {
    for (const { where, step } of mlgovSteps) {
      expect(`${where} ${String(step['uses'])}`).toMatch(/mlgov@(<[^>]*commit SHA>|[0-9a-f]{40})$/);
    }
  });

  it('give every mlgov step Jira inputs, record mode included, with the e-mail as a variable and tokens as secrets', () => {
    for (const { where, step } of mlgovSteps) {
      const w = (step['with'] ?? {}) as Record<string, unknown>;
      expect(`${where} ${String(w['jira-base-url'])}`).toMatch(/\$\{\{ vars\.JIRA_BASE_URL \}\}$/);
      expect(`${where} ${String(w['jira-email'])}`).toMatch(/\$\{\{ vars\.JIRA_EMAIL \}\}$/);
      expect(`${where} ${String(w['jira-api-token'] ?? w['jira-pat'])}`).toMatch(
        /\$\{\{ secrets\.JIRA_(API_TOKEN|PAT) \}\}$/,
      );
    }
    expect(mlgovSteps.some(({ step }) => (step['with'] as Record<string, unknown>)?.['command'] === 'record')).toBe(
      true,
    );
  });
});

describe('docs: the repository stands alone', () => {
  it('no doc, schema, policy or source file refers to a design document outside the repository', () => {
    const src = (readdirSync(join(PROJECT_ROOT, 'src'), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `src/${f}`);
    const offenders = [
      ...docFiles,
      '.github/governance-policy.yml',
      ...readdirSync(join(PROJECT_ROOT, 'schemas')).map((f) => `schemas/${f}`),
      ...src,
    ].filter((rel) => /DESIGN\.md|\.\.\/shared\//.test(read(rel)));
    expect(offenders).toEqual([]);
  });
});
