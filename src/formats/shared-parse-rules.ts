/** The rules the JSON and YAML parsers apply alike, so both name a problem the same way. */
import { error, type Finding, type SourcePosition } from './finding.js';

/**
 * The finding both parsers give for nesting deeper than `maxDepth`, in the format's own words (`containers`:
 * "Objects and arrays" for JSON, "Mappings and lists" for YAML).
 */
export function tooDeepProblem(args: {
  file: string;
  pointer: string;
  at: SourcePosition;
  maxDepth: number;
  containers: string;
}): Finding {
  const { file, pointer, at, maxDepth, containers } = args;
  return error(
    'TOO_DEEP',
    `${containers} are nested more than ${maxDepth} levels deep at line ${at.line}, column ${at.column}.`,
    { file, pointer, ...at, fix: `Flatten the document: at most ${maxDepth} nested levels are accepted.` },
  );
}

/** Keys that are never assigned onto an object: they could reach `Object.prototype` in code that copies values. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The rule both parsers apply to each object member / mapping key, in order: a key seen before is a duplicate
 * (readers disagree on which one wins, so neither may be used), a prototype key is forbidden. Records a new key in
 * `seen`. Undefined when the key may be added.
 */
export function memberKeyProblem(args: {
  file: string;
  key: string;
  pointer: string;
  at: SourcePosition;
  seen: Map<string, SourcePosition>;
  /** How the format calls it: a JSON object `member`, a YAML mapping `key`. */
  kind: 'member' | 'key';
}): Finding | undefined {
  const { file, key, pointer, at, seen, kind } = args;
  const container = kind === 'member' ? 'object' : 'mapping';
  const first = seen.get(key);
  if (first !== undefined) {
    return error(
      'DUPLICATE_KEY',
      `Duplicate key "${key}" at line ${at.line}, column ${at.column}: it is already defined at line ${first.line}. Readers disagree on which one wins, so neither is used.`,
      { file, pointer, ...at, fix: `Keep exactly one "${key}" ${kind} in this ${container} and delete the other.` },
    );
  }
  seen.set(key, at);
  if (FORBIDDEN_KEYS.has(key)) {
    return error(
      'FORBIDDEN_KEY',
      `The key "${key}" at line ${at.line}, column ${at.column} is not allowed (it could alter object prototypes).`,
      { file, pointer, ...at, fix: `Remove or rename the "${key}" ${kind}.` },
    );
  }
  return undefined;
}
