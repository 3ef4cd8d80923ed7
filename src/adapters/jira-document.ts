/**
 * Atlassian Document Format (ADF, Jira Cloud REST v3 rich text) → plain text, so a sign-off phrase can be found in
 * a comment. Blocks are joined with newlines and their inline content concatenated: flattening the whole tree would
 * run a heading into the next paragraph. Data Center (REST v2) bodies are already strings and pass through.
 */
export function richTextToPlain(body: unknown): string {
  if (typeof body === 'string') return body;
  if (!isNode(body)) return '';
  const lines: string[] = [];
  walkBlock(body, lines, 0);
  return lines.join('\n');
}

interface AdfNode {
  type?: unknown;
  text?: unknown;
  attrs?: unknown;
  content?: unknown;
}

function isNode(v: unknown): v is AdfNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const MAX_DEPTH = 50; // ADF from Jira is shallow; a bound keeps a hostile document from exhausting the stack

function children(node: AdfNode): AdfNode[] {
  return Array.isArray(node.content) ? node.content.filter(isNode) : [];
}

function inlineText(node: AdfNode, depth: number): string {
  if (depth > MAX_DEPTH) return '';
  if (node.type === 'text' && typeof node.text === 'string') return node.text;
  if (node.type === 'hardBreak') return '\n';
  if ((node.type === 'mention' || node.type === 'emoji' || node.type === 'status') && isNode(node.attrs)) {
    const attrs = node.attrs as Record<string, unknown>;
    const t = attrs['text'] ?? attrs['shortName'];
    return typeof t === 'string' ? t : '';
  }
  return children(node)
    .map((c) => inlineText(c, depth + 1))
    .join('');
}

function walkBlock(node: AdfNode, lines: string[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  const kids = children(node);
  const hasBlockChildren = kids.some((k) => typeof k.type === 'string' && BLOCK_TYPES.has(k.type));
  if (hasBlockChildren) {
    for (const k of kids) walkBlock(k, lines, depth + 1);
    return;
  }
  const text = inlineText(node, depth);
  if (text !== '' || node.type === 'paragraph') lines.push(text);
}

const BLOCK_TYPES = new Set([
  'doc',
  'paragraph',
  'heading',
  'blockquote',
  'bulletList',
  'orderedList',
  'listItem',
  'codeBlock',
  'panel',
  'table',
  'tableRow',
  'tableCell',
  'tableHeader',
  'rule',
  'expand',
  'nestedExpand',
  'mediaSingle',
  'mediaGroup',
  'decisionList',
  'decisionItem',
  'taskList',
  'taskItem',
  'layoutSection',
  'layoutColumn',
]);
