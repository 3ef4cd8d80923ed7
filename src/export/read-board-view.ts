/**
 * The use case behind `mlgov diff` and the action's board comment: gather one model's release and production (the
 * same facts the gate sees, offline), judge the promotion under the base's policy, and build the board view. The
 * renderers stay pure; this is the only place these faces touch the repository for the view.
 */
import { compareReleases } from '../checks/promotion-comparison.js';
import { judgePromotion } from '../checks/promotion.js';
import { gatherReleaseContext, type GatherOptions } from '../gate/gather.js';
import { validDocuments } from '../gate/run-gate.js';
import { boardFactsOf, type BoardView } from './board-view.js';

export type ReadBoardViewOptions = Pick<GatherOptions, 'repoRoot' | 'baseRef' | 'policyPath' | 'model' | 'now'>;

export type ReadBoardViewResult =
  | {
      kind: 'view';
      view: BoardView;
      /** 0 when the promotion would pass, 1 when it would fail, 2 when it cannot be judged. */
      exitCode: 0 | 1 | 2;
    }
  | { kind: 'unusable'; reason: string; fix: string };

/** Reads the release in `options.repoRoot` against its base and builds the board view, or says why it cannot. */
export async function readBoardView(options: ReadBoardViewOptions): Promise<ReadBoardViewResult> {
  // The view shows no checksum: the artifacts are not hashed or fetched again (the gate already judged them).
  const { ctx, policy } = await gatherReleaseContext({ ...options, offline: true, observeArtifacts: false });
  const head = ctx.manifest.value;
  if (!head) {
    const why = ctx.manifest.problems[0];
    return {
      kind: 'unusable',
      reason: `${ctx.manifest.file} cannot be read${why ? `: ${why.message}` : ''}`,
      fix: why?.fix ?? 'Run mlgov check to see what is wrong with the manifest.',
    };
  }
  // The view compares values the gate judges only once its schema holds: a pull request's malformed manifest or
  // report (a season of null) is refused here, never read as if valid.
  const valid = validDocuments(ctx);
  const invalid = !valid.manifest
    ? ctx.manifest.file
    : ctx.biasReport?.value !== undefined && !valid.biasReport
      ? ctx.biasReport.file
      : undefined;
  if (invalid)
    return {
      kind: 'unusable',
      reason: `${invalid} does not match its schema`,
      fix: `Run mlgov check: its schema check names each problem in ${invalid}, with the line and the fix.`,
    };
  if (ctx.base.kind === 'unavailable')
    return {
      kind: 'unusable',
      reason: `the base revision ${ctx.base.ref} cannot be read: ${ctx.base.reason}`,
      fix: ctx.base.fix,
    };
  const base = ctx.base.kind === 'found' ? ctx.base : undefined;
  const baseManifest = base?.manifest?.value;
  const headReport = ctx.biasReport?.value;
  const verdict = judgePromotion(ctx, policy);
  const comparison = compareReleases({
    head,
    policy,
    now: ctx.now,
    ...(baseManifest ? { base: baseManifest } : {}),
    ...(headReport ? { headReport } : {}),
    ...(base?.biasReport?.value ? { baseReport: base.biasReport.value } : {}),
  });
  const view: BoardView = {
    comparison,
    verdict: {
      status: verdict.status,
      summary: verdict.summary,
      findings: verdict.findings,
      forced: verdict.details?.forced ?? false,
    },
    ...(base ? { baseLabel: `${base.ref} @ ${base.commit.slice(0, 7)}` } : {}),
    board: boardFactsOf({
      comparison,
      head,
      policy,
      ...(baseManifest ? { base: baseManifest } : {}),
      ...(headReport ? { headReport } : {}),
    }),
  };
  const exitCode = verdict.findings.some((f) => f.indeterminate) ? 2 : verdict.status === 'fail' ? 1 : 0;
  return { kind: 'view', view, exitCode };
}
