/**
 * The action's board comment: after the gate has judged and the reports are published, the board's view of each
 * judged model (`mlgov diff --format markdown`) is kept in ONE pull-request comment, edited in place on every run.
 * A comment that cannot be written (a token with only `pull-requests: read`) is said in the job summary and changes
 * nothing else: the verdict and the commit status are the gate's.
 */
import type { GitHubClient } from '../adapters/github-api.js';
import { upsertMarkedComment, type CommentOutcome } from '../adapters/github-pr-comment.js';
import { readBoardView } from '../export/read-board-view.js';
import type { ModelsJudgement } from '../gate/judge-models.js';
import { BOARD_VIEW_MARKER } from '../render/board-view.js';
import { boardCommentOf, type BoardSection } from '../render/board-view-comment.js';
import { renderDiff } from '../render/diff.js';
import { modelLabelOf } from '../render/models-report.js';
import { runUrlOf, type ActionSettings } from './settings.js';

/** The board's view of one judged model as a comment section, or why it could not be built. */
async function sectionOf(
  settings: ActionSettings,
  judgement: ModelsJudgement['judgements'][number],
  baseSha: string | undefined,
  now: Date,
): Promise<BoardSection> {
  const label = modelLabelOf(judgement);
  try {
    const result = await readBoardView({
      repoRoot: settings.runner.workspace,
      now,
      ...(baseSha ? { baseRef: baseSha } : {}),
      ...(settings.policyPath ? { policyPath: settings.policyPath } : {}),
      ...(judgement.name !== undefined ? { model: judgement.name } : {}),
    });
    if (result.kind === 'unusable') return { model: label, unavailable: `${result.reason} (${result.fix})` };
    return { markdown: renderDiff(result.view, 'markdown') };
  } catch (err) {
    return { model: label, unavailable: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Writes or updates the board comment on pull request `pr.number`; returns the job summary's line about it (a
 * warning when the comment could not be written).
 */
export async function keepBoardComment(
  client: GitHubClient,
  settings: ActionSettings,
  run: Pick<ModelsJudgement, 'judgements'>,
  pr: { number: number; baseSha?: string },
): Promise<string> {
  const now = new Date();
  const sections: BoardSection[] = [];
  for (const judgement of run.judgements) sections.push(await sectionOf(settings, judgement, pr.baseSha, now));
  const body = boardCommentOf(sections, runUrlOf(settings.runner));
  const { owner, repo } = settings.runner;
  try {
    const outcome = await upsertMarkedComment(client, { owner, repo, number: pr.number }, BOARD_VIEW_MARKER, body);
    return summaryLineOf(outcome, pr.number);
  } catch (err) {
    // Not GitHub's refusal (the adapter returns those): still only a line of the summary, never a failed step.
    const reason = err instanceof Error ? err.message : String(err);
    return summaryLineOf({ kind: 'not-written', reason, fix: 're-run the job' }, pr.number);
  }
}

/** What the job summary says about the comment. */
export function summaryLineOf(outcome: CommentOutcome, number: number): string {
  if (outcome.kind === 'not-written') {
    return (
      `> [!WARNING]\n> The board view was not written to pull request #${number}: ${outcome.reason}. ` +
      `Fix: ${outcome.fix}. The gate's verdict does not depend on it.\n`
    );
  }
  const where = outcome.url ? `[comment](${outcome.url})` : `comment ${outcome.id}`;
  return `The board view is in the pull request's ${where} (${outcome.kind}).\n`;
}
