/**
 * A strict YAML reader with a position for every value, for the policy file (docs/formats.md). Same contract as
 * `parseJsonDocument` (see json-document.ts): never throws; every problem is an error Finding; `value` is undefined
 * whenever there is a problem, so a broken policy is never half-read.
 *
 * How strict, and why:
 * - YAML 1.2 core schema only (`yes`/`on` stay strings, no timestamps). No custom tags, and the YAML 1.1 extras
 *   (`!!binary`, `!!set`, `!!omap`, `!!pairs`, `!!timestamp`) are not resolved: any explicit tag other than the core
 *   ones is `YAML_UNSUPPORTED_TAG`.
 * - Merge keys (`<<`) are off: `<<` is an ordinary key, which the policy schema then rejects as unknown. A policy
 *   should read the same to a reviewer as to the gate.
 * - Duplicate keys are `DUPLICATE_KEY` (also when two keys only collide after conversion to JSON, like `1` and
 *   `"1"`); keys must be scalars (`YAML_COMPLEX_KEY`); `__proto__`, `constructor`, `prototype` are `FORBIDDEN_KEY`.
 * - Aliases are expanded at most `maxAliasCount` (100) times against "billion laughs" (`YAML_ALIAS_LIMIT`).
 * - `.nan`/`.inf` and numbers that overflow are `NON_FINITE_NUMBER`; nesting deeper than `maxDepth` is `TOO_DEEP`.
 * - A string or key holding half a UTF-16 surrogate pair (a `"\ud800"` escape) is `LONE_SURROGATE`.
 * Values reached through an alias are positioned at the alias (a pointer below it resolves to the alias via `at`).
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node as YamlNode, Scalar, YAMLError, YAMLMap } from 'yaml';
import type { Finding, SourcePosition } from './finding.js';
import { error } from './finding.js';
import type { ParsedDocument } from './parsed-document.js';
import { sha256Hex } from './canonical-digest.js';
import { escapePointerToken } from './json-pointer.js';
import type { DocumentLimits } from './json-document.js';
import { decodeDocumentText, DEFAULT_MAX_DEPTH, isWellFormedText, loneSurrogateProblem } from './json-document.js';
import { memberKeyProblem, tooDeepProblem } from './shared-parse-rules.js';
import { nestingBeyond } from './yaml-nesting.js';

/** Most alias expansions accepted while converting to a plain value. */
export const MAX_ALIAS_COUNT = 100;

const CORE_TAGS: ReadonlySet<string> = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);

const YAML_FIX =
  'Fix the YAML at that position (indentation, a missing ":" or an unclosed quote or bracket are the usual causes).';

/**
 * Parses a YAML file strictly, with a position for every value. Never throws; `value` is undefined when `problems`
 * is not empty.
 */
export function parseYamlDocument(file: string, bytes: Uint8Array, options: DocumentLimits = {}): ParsedDocument {
  const sha256 = sha256Hex(bytes);
  const decoded = decodeDocumentText(file, bytes, options);
  if (decoded.text === undefined) return { file, value: undefined, positions: {}, problems: decoded.problems, sha256 };
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const lineCounter = new LineCounter();
  const problems: Finding[] = [...decoded.problems];
  const positions: Record<string, SourcePosition> = {};

  // Far deeper than the limit: refused before the library composes it (composing recurses once per level, see
  // yaml-nesting.ts). Up to twice the limit the walk below judges it exactly, at its pointer.
  const nestingLines = new LineCounter();
  const deep = nestingBeyond(decoded.text, 2 * maxDepth, nestingLines.addNewLine);
  if (deep !== undefined) {
    const { line, col } = nestingLines.linePos(deep);
    problems.push(
      tooDeepProblem({ file, pointer: '', at: { line, column: col }, maxDepth, containers: 'Mappings and lists' }),
    );
    return { file, value: undefined, positions: { '': { line: 1, column: 1 } }, problems, sha256 };
  }

  let doc;
  try {
    doc = parseDocument(decoded.text, {
      lineCounter,
      uniqueKeys: true,
      strict: true,
      merge: false,
      schema: 'core',
      customTags: [],
      resolveKnownTags: false,
      prettyErrors: false,
      version: '1.2',
    });
  } catch (e) {
    // The library reports its own failures as document errors; this is a last line of defence.
    problems.push(
      error('YAML_SYNTAX', `${file} could not be read as YAML: ${(e as Error).message}`, {
        file,
        pointer: '',
        line: 1,
        column: 1,
        fix: YAML_FIX,
      }),
    );
    return { file, value: undefined, positions, problems, sha256 };
  }

  const posAt = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const walker = new YamlWalker(file, maxDepth, posAt);
  walker.walk(doc.contents as YamlNode | null, '', 0);
  const walkFoundDuplicates = walker.problems.some((p) => p.code === 'DUPLICATE_KEY');

  for (const e of doc.errors) {
    // The walk reports duplicates with both lines and a pointer; keep the library's only if the walk missed one.
    if (e.code === 'DUPLICATE_KEY' && walkFoundDuplicates) continue;
    problems.push(libraryProblem(file, e, posAt, maxDepth));
  }
  for (const w of doc.warnings) {
    // A tag the walk reported (with the pointer of the value it tags) would be said twice; a tag the walk does not
    // see (on a key) keeps the library's finding. The library names the tag only in its message.
    if (w.code === 'TAG_RESOLVE_FAILED' && [...walker.reportedTags].some((tag) => w.message.endsWith(tag))) continue;
    problems.push(libraryProblem(file, w, posAt, maxDepth));
  }
  problems.push(...walker.problems);
  // The walk positions the root too (at 1:1 when the document is empty).
  Object.assign(positions, walker.positions);

  let value: unknown;
  if (problems.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      problems.push(
        error(
          'YAML_ALIAS_LIMIT',
          `${file} expands aliases more than ${MAX_ALIAS_COUNT} times (${(e as Error).message}).`,
          {
            file,
            pointer: '',
            line: 1,
            column: 1,
            fix: 'Write the values out instead of repeating them through anchors and aliases.',
          },
        ),
      );
    }
  }
  // value is only read when there was no problem, and stays undefined when reading it fails.
  return { file, value, positions, problems, sha256 };
}

function libraryProblem(
  file: string,
  e: YAMLError,
  posAt: (offset: number) => SourcePosition,
  maxDepth: number,
): Finding {
  const pos = posAt(e.pos[0]);
  if (e.code === 'RESOURCE_EXHAUSTION') {
    return error('TOO_DEEP', `${file} is nested too deeply to read (line ${pos.line}, column ${pos.column}).`, {
      file,
      pointer: '',
      ...pos,
      fix: `Flatten the document: at most ${maxDepth} nested levels are accepted.`,
    });
  }
  if (e.code === 'TAG_RESOLVE_FAILED') {
    return error(
      'YAML_UNSUPPORTED_TAG',
      `${e.message} at line ${pos.line}, column ${pos.column}: only plain YAML values are accepted.`,
      {
        file,
        pointer: '',
        ...pos,
        fix: 'Remove the tag and write a plain string, number, boolean, list or mapping.',
      },
    );
  }
  const code = e.code === 'DUPLICATE_KEY' ? 'DUPLICATE_KEY' : 'YAML_SYNTAX';
  return error(code, `Invalid YAML at line ${pos.line}, column ${pos.column}: ${e.message}.`, {
    file,
    pointer: '',
    ...pos,
    fix: YAML_FIX,
  });
}

/** Walks the YAML node tree once: positions, and the problems the library does not report the way we need. */
class YamlWalker {
  readonly positions: Record<string, SourcePosition> = {};
  readonly problems: Finding[] = [];
  /** The tags reported as YAML_UNSUPPORTED_TAG (the library's own warning for them is then left out). */
  readonly reportedTags = new Set<string>();
  private tooDeep = false;

  constructor(
    private readonly file: string,
    private readonly maxDepth: number,
    private readonly posAt: (offset: number) => SourcePosition,
  ) {}

  private positionOf(node: YamlNode | null | undefined, fallback: SourcePosition): SourcePosition {
    return node?.range ? this.posAt(node.range[0]) : fallback;
  }

  /** A string holding half a surrogate pair (from a `"\ud800"` or `"\U0000DC00"` escape) is LONE_SURROGATE. */
  private checkText(value: unknown, ptr: string, at: SourcePosition): void {
    if (typeof value !== 'string' || isWellFormedText(value)) return;
    const unit = firstLoneSurrogate(value);
    const escape = `\\u${unit.toString(16).toUpperCase()}`;
    this.problems.push(loneSurrogateProblem({ file: this.file, pointer: ptr, at, escape }));
  }

  walk(node: YamlNode | null, ptr: string, depth: number): void {
    const pos = this.positionOf(node, { line: 1, column: 1 });
    if (this.positions[ptr] === undefined) this.positions[ptr] = pos;
    if (!node || this.tooDeep) return;
    this.checkTag(node, ptr, pos);
    if (isScalar(node)) {
      this.checkScalar(node, ptr, pos);
      return;
    }
    if (isMap(node) || isSeq(node)) {
      if (depth + 1 > this.maxDepth) {
        this.tooDeep = true;
        this.problems.push(
          tooDeepProblem({
            file: this.file,
            pointer: ptr,
            at: pos,
            maxDepth: this.maxDepth,
            containers: 'Mappings and lists',
          }),
        );
        return;
      }
    }
    if (isSeq(node)) {
      node.items.forEach((item, i) => this.walk(item as YamlNode | null, `${ptr}/${i}`, depth + 1));
      return;
    }
    if (isMap(node)) this.walkMap(node, ptr, depth, pos);
    // Aliases: positioned at the alias itself; their target was walked where it is defined.
  }

  /** A tag other than the core schema's (`!!binary`, `!custom`) is YAML_UNSUPPORTED_TAG; an alias is no tag. */
  private checkTag(node: YamlNode, ptr: string, pos: SourcePosition): void {
    if (node.tag === undefined || CORE_TAGS.has(node.tag) || isAlias(node)) return;
    this.reportedTags.add(node.tag);
    // The node's position is its value's (the tag before it is not part of its range).
    this.problems.push(
      error(
        'YAML_UNSUPPORTED_TAG',
        `The value at line ${pos.line}, column ${pos.column} is tagged ${node.tag}, which is not accepted: only plain YAML values are.`,
        {
          file: this.file,
          pointer: ptr,
          ...pos,
          fix: 'Remove the tag and write a plain string, number, boolean, list or mapping.',
        },
      ),
    );
  }

  /** A scalar: its text (LONE_SURROGATE) and, for a number, that it is finite (`.inf`, `.nan`: NON_FINITE_NUMBER). */
  private checkScalar(node: Scalar, ptr: string, pos: SourcePosition): void {
    this.checkText(node.value, ptr, pos);
    if (typeof node.value !== 'number' || Number.isFinite(node.value)) return;
    this.problems.push(
      error(
        'NON_FINITE_NUMBER',
        `The number ${String(node.source ?? node.value)} at line ${pos.line}, column ${pos.column} is not finite.`,
        {
          file: this.file,
          pointer: ptr,
          ...pos,
          fix: 'Write a finite number.',
        },
      ),
    );
  }

  /**
   * A mapping's members: each key must be a plain value (YAML_COMPLEX_KEY), well-formed text and not a duplicate or
   * forbidden name (memberKeyProblem); a member without a value node is positioned at its key.
   */
  private walkMap(node: YAMLMap, ptr: string, depth: number, pos: SourcePosition): void {
    const seen = new Map<string, SourcePosition>();
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const keyPos = this.positionOf(keyNode, pos);
      if (!isScalar(keyNode)) {
        this.problems.push(
          error(
            'YAML_COMPLEX_KEY',
            `The key at line ${keyPos.line}, column ${keyPos.column} is not a plain value (lists, mappings and aliases cannot be keys here).`,
            {
              file: this.file,
              pointer: ptr,
              ...keyPos,
              fix: 'Use a plain string as the key.',
            },
          ),
        );
        continue;
      }
      const key = String(keyNode.value ?? '');
      const memberPtr = `${ptr}/${escapePointerToken(key)}`;
      this.checkText(key, memberPtr, keyPos);
      const problem = memberKeyProblem({ file: this.file, key, pointer: memberPtr, at: keyPos, seen, kind: 'key' });
      if (problem) this.problems.push(problem);
      const valueNode = pair.value as YamlNode | null;
      if (valueNode?.range) this.walk(valueNode, memberPtr, depth + 1);
      else if (this.positions[memberPtr] === undefined) this.positions[memberPtr] = keyPos;
    }
  }
}

/** The first code unit of `text` that is half a surrogate pair without its other half (0 when there is none). */
function firstLoneSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return c;
    } else if (c >= 0xdc00 && c <= 0xdfff) return c;
  }
  return 0;
}
