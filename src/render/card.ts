/**
 * The model card (`mlgov card`): what the governance board and auditors read about one release. Built from the
 * manifest, its evaluation, the bias report, the approvals and (when the gate ran) its verdict. Pure: documents in,
 * Markdown or a self-contained HTML page out. The sections live in `card/`: `markdown.ts` and `html.ts` (with
 * `figures-html.ts` for the metrics and fairness sections), sharing `shared.ts`.
 */
export { renderCardHtml } from './card/html.js';
export { renderCardMarkdown } from './card/markdown.js';
export type { CardInput } from './card/shared.js';
