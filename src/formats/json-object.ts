/**
 * A JSON object as `JSON.parse` or the YAML reader gives it: of type 'object', neither null nor an array. The one
 * test every reader of a parsed document uses before it indexes a member.
 */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
