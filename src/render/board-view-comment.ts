/**
 * The body of the action's one pull-request comment: the hidden marker by which the action finds it again, then the
 * board's view of each judged model (one comment for the run, a section per model), within GitHub's size limit.
 * Pure: rendered sections in, the comment's Markdown out.
 */
import { BOARD_VIEW_MARKER } from './board-view.js';
import { inertMarkdown } from './board-view.js';

/** GitHub refuses a comment body over 65,536 characters (422). */
export const MAX_COMMENT_CHARS = 65_536;

/** One model's section: its board view as Markdown, or why it could not be built. */
export type BoardSection = { markdown: string } | { model: string; unavailable: string };

/** The comment: marker, title, each model's section; cut at a section boundary when too long, saying so. */
export function boardCommentOf(sections: readonly BoardSection[], runUrl: string): string {
  const head = `${BOARD_VIEW_MARKER}\n## mlgov board view\n\n`;
  const tail = `\n_Updated by the mlgov governance gate on each run: [workflow run](${runUrl})._\n`;
  const parts = sections.map((s) =>
    'markdown' in s
      ? s.markdown
      : `### ${inertMarkdown(s.model)}\n\nThe board view could not be built: ${inertMarkdown(s.unavailable)}\n`,
  );
  let body = head;
  for (const [i, part] of parts.entries()) {
    const cut = `\n_${parts.length - i} more section(s) left out: the comment would exceed GitHub's limit; see the job summary._\n`;
    if (body.length + part.length + cut.length + tail.length > MAX_COMMENT_CHARS) return body + cut + tail;
    body += (i > 0 ? '\n' : '') + part;
  }
  return body + tail;
}
