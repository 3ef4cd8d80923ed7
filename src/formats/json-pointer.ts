/** RFC 6901 JSON pointers: the address every finding uses inside a JSON or YAML file. */

export function escapePointerToken(token: string | number): string {
  const t = String(token);
  // Most keys need no escaping; the parsers call this for every member (log verify: millions of times).
  if (!t.includes('~') && !t.includes('/')) return t;
  return t.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins tokens into a pointer: `pointer('artifacts', 0, 'sha256')` → `/artifacts/0/sha256`. */
export function pointer(...tokens: Array<string | number>): string {
  return tokens.map((t) => '/' + escapePointerToken(t)).join('');
}

export function parsePointer(ptr: string): string[] {
  if (ptr === '') return [];
  return ptr
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The pointer of the parent value, or undefined for the root. */
export function parentPointer(ptr: string): string | undefined {
  if (ptr === '') return undefined;
  const i = ptr.lastIndexOf('/');
  return ptr.slice(0, i);
}
