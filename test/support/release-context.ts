/**
 * Literal ReleaseContexts for check tests: documents are parsed from real JSON text so findings carry real
 * line/column positions, and everything else is plain data (docs/design.md: a check is tested with a literal context).
 */
import { parseJsonDocument } from '../../src/formats/json-document.js';
import { parseYamlDocument } from '../../src/formats/yaml-document.js';
import type { ParsedDocument } from '../../src/formats/parsed-document.js';
import type { ReleaseContext } from '../../src/release/release-context.js';

/** Parses `value` as pretty-printed JSON (2-space), the way the repository's files are written. */
export function jsonDocument<T>(file: string, value: unknown): ParsedDocument<T> {
  return parseJsonDocument(file, Buffer.from(JSON.stringify(value, null, 2) + '\n')) as ParsedDocument<T>;
}

/** Parses YAML text as a document (for policies). */
export function yamlDocument<T>(file: string, text: string): ParsedDocument<T> {
  return parseYamlDocument(file, Buffer.from(text)) as ParsedDocument<T>;
}

/** A context with nothing gathered but the manifest; tests add what their rule needs. */
export function contextWith(overrides: Partial<ReleaseContext> & Pick<ReleaseContext, 'manifest'>): ReleaseContext {
  return {
    now: '2026-11-23T12:00:00.000Z',
    policySource: 'base',
    base: { kind: 'none', reason: 'no base in this test' },
    files: { observed: {}, unlisted: [] },
    git: { isRepository: true, commitExists: {} },
    skipped: {},
    ...overrides,
  };
}
