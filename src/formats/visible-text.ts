/**
 * How long a text is as a reader sees it. A reason or justification of ten zero-width spaces (U+200B) or Hangul
 * fillers (U+3164) is ten characters to `String.length` and nothing to the board reading it, so length rules count
 * only what shows: default-ignorable code points (zero-width characters, joiners, bidi marks, fillers, variation
 * selectors) and control characters are dropped, surrounding white space is trimmed, and the rest is counted in code
 * points (an emoji is one character).
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}]/gu;

export function visibleText(text: string): string {
  return text.replace(INVISIBLE, '').trim();
}

export function visibleLength(text: string): number {
  return [...visibleText(text)].length;
}
