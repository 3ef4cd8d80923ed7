/**
 * How deeply a YAML text nests, read from the YAML library's syntax tree (its `Parser` is iterative) before the
 * document is composed: composing recurses once per level, and about 100,000 levels (200 kB of `- `) take it to the
 * edge of the stack, where V8 has been seen to abort the whole process ("RegExpCompiler Allocation failed") rather
 * than throw. Brackets inside quoted scalars are scalars in the syntax tree, so they neither hide nor fake depth.
 */
import { Parser } from 'yaml';

interface SyntaxToken {
  type?: string;
  offset?: number;
  value?: SyntaxToken;
  items?: Array<{ key?: SyntaxToken | null; value?: SyntaxToken | null }>;
}

/**
 * The offset of the first collection nested more than `limit` levels deep, or undefined when none is. Iterative
 * (an explicit stack), so the depth of the text does not reach the call stack. `onNewLine` is the parser's: a
 * `LineCounter`'s `addNewLine` turns the offset into a line and column.
 */
export function nestingBeyond(text: string, limit: number, onNewLine?: (offset: number) => void): number | undefined {
  for (const document of new Parser(onNewLine).parse(text)) {
    const stack: Array<[SyntaxToken | null | undefined, number]> = [[document as SyntaxToken, 0]];
    while (stack.length > 0) {
      const [token, depth] = stack.pop()!;
      if (!token) continue;
      if (depth > limit) return token.offset ?? 0;
      if (token.type === 'document') stack.push([token.value, depth]);
      for (const item of token.items ?? []) stack.push([item.key, depth + 1], [item.value, depth + 1]);
    }
  }
  return undefined;
}
