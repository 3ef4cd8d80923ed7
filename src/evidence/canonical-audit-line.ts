/**
 * The RFC 8785 text of an audit line's event (without its top-level `hash`), cut from the line's own characters
 * instead of re-serialising the parsed value: `log verify` reads a million lines, and `JSON.stringify` of the value
 * (to prove the line has no duplicate key) plus a key-sorted copy serialised again were two thirds of its time.
 *
 * It answers only when it proves `line === JSON.stringify(value)` for `value = JSON.parse(line)` (the strict reader's
 * condition for its fast path, hash-chain.ts) and `undefined` otherwise; the caller then reads and hashes the line as
 * before. The proof walks `value` in `JSON.stringify`'s own order (its own keys, arrays in order) and checks that the
 * line holds, at each position, exactly what `JSON.stringify` would write there, without writing it:
 *
 * - the line holds no backslash, so no string in `value` holds `"`, `\` or a control character (each would need an
 *   escape; `JSON.parse` refuses a raw control character), and every string and key must be well-formed (no lone
 *   surrogate): so `JSON.stringify` (and RFC 8785) writes each as `"` + its characters + `"`;
 * - a number is written as `String(number)` when finite (ECMAScript's Number-to-String, which RFC 8785 section
 *   3.2.2.3 also uses); `null`, `true` and `false` as themselves; no whitespace anywhere between tokens;
 * - the walk must end exactly at the end of the line: a key written twice (JSON.parse keeps one) leaves the line
 *   longer than the walk, so it is refused.
 *
 * The canonical text is then every object's members sorted by key (UTF-16 code units, `Array.prototype.sort`'s
 * order) with the value texts the walk matched: exactly what `canonicalEventText` serialises from the parsed value.
 * Keys a plain object would reorder or treat specially (array indices, `__proto__`) and nesting beyond
 * {@link MAX_DEPTH} are refused, as `canonicalEventText` hands those to the canonicalize library.
 */

/** Keys a plain object would not keep in text order or as a plain member (see hash-chain.ts, `UNORDERED_KEY`). */
const UNORDERED_KEY = /^(?:__proto__|0|[1-9]\d*)$/;
/** Deeper nesting is refused here (the caller's path judges it), never a deep recursion. */
const MAX_DEPTH = 64;

/** `String.prototype.isWellFormed` (Node 20; the ES2024 lib that types it is newer than this project's). */
type WellFormedCheck = string & { isWellFormed(): boolean };

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Thrown inside the walk when the line is not what `JSON.stringify` would write; caught below. */
const REFUSED = Symbol('not JSON.stringify output');

/**
 * The canonical text of the event on `line` without its top-level `hash` member, or undefined when `line` is not
 * provably `JSON.stringify(value)` (see the module comment). `value` must be `JSON.parse(line)`.
 */
export function canonicalAuditLineText(line: string, value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || line.includes('\\')) return undefined;
  const walk = new StringifiedWalk(line);
  try {
    const text = walk.object(value as Record<string, unknown>, 1, true);
    return walk.pos === line.length ? text : undefined;
  } catch (err) {
    if (err === REFUSED) return undefined;
    throw err;
  }
}

/** An index-like or `__proto__` key; the first character rules out almost every key without the regex. */
function mayBeUnordered(key: string): boolean {
  const first = key.charCodeAt(0);
  return (first === 0x5f || (first >= 0x30 && first <= 0x39)) && UNORDERED_KEY.test(key);
}

/** The indexes of `keys` in the order of their keys (UTF-16 code units, as `Array.prototype.sort` orders strings). */
function sortedOrder(keys: string[]): number[] {
  const order: number[] = [];
  if (keys.length > 16) {
    for (let i = 0; i < keys.length; i++) order.push(i);
    return order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
  }
  // Insertion sort, without a comparator call per step: an event has about ten keys.
  for (let i = 0; i < keys.length; i++) {
    let j = i;
    while (j > 0 && keys[order[j - 1]!]! > keys[i]!) {
      order[j] = order[j - 1]!;
      j--;
    }
    order[j] = i;
  }
  return order;
}

class StringifiedWalk {
  pos = 0;
  constructor(private readonly line: string) {}

  /** The canonical text of `value`, whose stringified text must start at `pos` (left just after it). */
  value(value: unknown, depth: number): string {
    const start = this.pos;
    if (typeof value === 'string') {
      if (!(value as WellFormedCheck).isWellFormed()) throw REFUSED;
      this.expect(QUOTE);
      this.expectText(value);
      this.expect(QUOTE);
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw REFUSED;
      this.expectText(String(value));
    } else if (value === null || typeof value === 'boolean') {
      this.expectText(String(value));
    } else if (Array.isArray(value)) {
      return this.array(value, depth + 1);
    } else if (typeof value === 'object') {
      return this.object(value as Record<string, unknown>, depth + 1, false);
    } else {
      throw REFUSED;
    }
    return this.line.slice(start, this.pos);
  }

  /** An object: matched in its own key order, written with its keys sorted; the top level's `hash` left out. */
  object(value: Record<string, unknown>, depth: number, topLevel: boolean): string {
    if (depth > MAX_DEPTH || Object.getPrototypeOf(value) !== Object.prototype) throw REFUSED;
    const keys = Object.keys(value);
    const members: string[] = [];
    this.expect(0x7b);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (mayBeUnordered(key) || !(key as WellFormedCheck).isWellFormed()) throw REFUSED;
      if (i > 0) this.expect(COMMA);
      const keyStart = this.pos;
      this.expect(QUOTE);
      this.expectText(key);
      this.expect(QUOTE);
      this.expect(COLON);
      const member = value[key];
      if (typeof member === 'object' && member !== null) {
        // A container's canonical text may differ from its written text (its keys sorted).
        const keyText = this.line.slice(keyStart, this.pos);
        members.push(keyText + this.value(member, depth));
      } else {
        // A scalar's canonical text is its written text: the member is one slice of the line.
        this.value(member, depth);
        members.push(this.line.slice(keyStart, this.pos));
      }
    }
    this.expect(0x7d);
    let text = '';
    for (const i of sortedOrder(keys)) {
      if (topLevel && keys[i] === 'hash') continue;
      text += (text === '' ? '' : ',') + members[i]!;
    }
    return '{' + text + '}';
  }

  /** An array: its items in order. */
  array(value: unknown[], depth: number): string {
    if (depth > MAX_DEPTH) throw REFUSED;
    this.expect(0x5b);
    const items: string[] = [];
    for (let i = 0; i < value.length; i++) {
      if (i > 0) this.expect(COMMA);
      items.push(this.value(value[i], depth));
    }
    this.expect(0x5d);
    return '[' + items.join(',') + ']';
  }

  private expect(char: number): void {
    if (this.line.charCodeAt(this.pos) !== char) throw REFUSED;
    this.pos++;
  }

  private expectText(text: string): void {
    // A slice compared whole is several times faster than `startsWith` here (V8 11: startsWith walks characters).
    if (this.line.slice(this.pos, this.pos + text.length) !== text) throw REFUSED;
    this.pos += text.length;
  }
}
