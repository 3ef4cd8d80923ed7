import * as core from '@actions/core';
import { join } from 'node:path';
import {
  GitHubApiError,
  gitHubTimeoutOf,
  openGitHubClient,
  reviewsUnavailableOf,
  type GitHubClient,
} from '../adapters/github-api.js';
import { ensureCommitPresent } from '../adapters/github-checkout.js';
import { findPullRequestNumberForCommit, readPullRequestFacts } from '../adapters/github-pull-request.js';
import {
  openGitHubStatusPublisher,
  type CommitState,
  type CommitStatus,
  type StatusPublisher,
} from '../adapters/github-status-publisher.js';
import { exitCodeOfModels, type ModelsJudgement } from '../gate/judge-models.js';
import { modelLabelOf, verdictPhraseOf } from '../render/models-report.js';
import { exitCodeOf, allFindings, type Report } from '../release/report.js';
import type { PullRequestFacts, ReviewsUnavailable } from '../release/review-facts.js';
import { keepBoardComment } from './board-comment.js';
import { readEventPayload, pullRequestOfEvent } from './event.js';
import { runGateOverModelsForAction } from './gate-run.js';
import {
  emitAnnotations,
  emitModelsAnnotations,
  modelsSummaryOf,
  setModelsOutputs,
  setReportOutputs,
  setVerdictsOutput,
  summaryOf,
  writeJobSummary,
  writeModelsReportFiles,
  writeReportFiles,
} from './publish-report.js';
import { runUrlOf, type ActionSettings } from './settings.js';
import { commitStateOf, commitStateOfModels, describeModelsStatus, describeStatus } from './status.js';

/** How a mode ended: the face fails the step with `failure` when there is one. */
export interface ModeOutcome {
  failure?: string;
}

/** Events on which GitHub gives a fork's PR a read-only token and no secrets. */
const UNTRUSTED_FORK_EVENTS = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment']);

export const FORK_NOTE =
  "This pull request comes from a fork. On `pull_request` events GitHub gives a fork's workflow a read-only token " +
  'and no secrets, so mlgov can neither post `governance:check` nor reach Jira here, and it fails closed. ' +
  "A maintainer can judge it safely with the two-workflow `workflow_run` set-up in docs/action.md (the PR's files " +
  'are read as data, its code never runs with secrets).';

/**
 * Pull request mode: read the PR and its reviews, post `pending` on the PR head, make sure the base commit is in the
 * checkout, run the gate (policy from the base), then write the reports, annotations, outputs and job summary, and
 * post the final state. Fails closed: a fork PR on an untrusted event, a status that cannot be posted, a failed or
 * unjudged gate all fail the step with the reason.
 */
export async function runCheckMode(
  settings: ActionSettings,
  env: Record<string, string | undefined>,
): Promise<ModeOutcome> {
  const { runner } = settings;
  const notes: string[] = [];
  const failures: string[] = [];
  const repository = { owner: runner.owner, repo: runner.repo };
  const client = openGitHubClient({
    token: settings.githubToken,
    baseUrl: runner.apiUrl,
    timeoutMs: gitHubTimeoutOf(env),
  });
  const targetUrl = runUrlOf(runner);

  const payload = await readEventPayload(runner.eventPath);
  const event = pullRequestOfEvent(runner.eventName, payload);
  const pr = await pullRequestOfRun(client, settings, event, notes);

  const untrustedFork = pr?.fromFork === true && UNTRUSTED_FORK_EVENTS.has(runner.eventName);
  if (untrustedFork) {
    notes.push(FORK_NOTE);
    failures.push(
      'pull request from a fork: read-only token and no secrets, the gate fails closed (see docs/action.md)',
    );
  }

  const headSha = pr?.headSha ?? event.headSha ?? runner.sha;
  const publisher = openGitHubStatusPublisher(client, repository);
  const post = async (state: CommitStatus['state'], description: string): Promise<void> => {
    if (!headSha) return;
    const problem = await tryPublish(publisher, {
      sha: headSha,
      state,
      description,
      context: settings.statusContext,
      targetUrl,
    });
    if (problem && !failures.includes(problem)) {
      failures.push(problem);
      notes.push(problem);
    }
  };
  if (!untrustedFork)
    await post('pending', `mlgov is judging ${pr?.number ? `pull request #${pr.number}` : 'the release'}`);
  else if (headSha)
    notes.push(
      `\`${settings.statusContext}\` was not posted on \`${headSha.slice(0, 12)}\`: the token of a fork's workflow is read-only.`,
    );

  if (pr.baseSha) await ensureBase(runner.workspace, pr.baseSha, notes);

  let run: ModelsJudgement;
  try {
    run = await runGateOverModelsForAction(settings, {
      ...(pr?.baseSha ? { baseRef: pr.baseSha } : {}),
      ...(pr ? { pr } : {}),
      now: new Date(),
    });
  } catch (err) {
    const message = `mlgov could not judge the release: ${messageOf(err)}`;
    if (!untrustedFork) await post('error', message);
    await writeJobSummary(summaryOf(undefined, [...notes, message]), env);
    return { failure: [...failures, message].join('\n') };
  }

  const outcome = await publishJudgement(run, join(runner.tempDir, 'mlgov'), notes);
  if (!untrustedFork) await post(outcome.state, outcome.description);
  // After the reports and the final status (a comment never delays or changes the verdict): the board's view in one
  // PR comment, its outcome a line of the summary. A fork's read-only token could not write it.
  const boardLine =
    settings.boardComment && pr.number !== undefined && !untrustedFork
      ? `\n${await keepBoardComment(client, settings, run, { number: pr.number, ...(pr.baseSha ? { baseSha: pr.baseSha } : {}) })}`
      : '';
  await writeJobSummary(outcome.summary + boardLine + `\n[Workflow run](${targetUrl})\n`, env);

  if (outcome.failure) failures.push(outcome.failure);
  return failures.length > 0 ? { failure: failures.join('\n') } : {};
}

/** What the run's judgement publishes: the job summary, the one status, and the step's failure if any. */
interface PublishedJudgement {
  summary: string;
  state: CommitState;
  description: string;
  failure?: string;
}

/**
 * Writes the reports, outputs and annotations of the judgement. A single-model policy publishes exactly what it always
 * did (plus `verdicts`); a policy with `models:` publishes one report with a section per model and one status.
 */
async function publishJudgement(run: ModelsJudgement, dir: string, notes: string[]): Promise<PublishedJudgement> {
  if (!run.listsModels) {
    const report = run.judgements[0]!.report;
    const files = await writeReportFiles(report, dir, []);
    setReportOutputs(report, files);
    setVerdictsOutput(run);
    const more = emitAnnotations(report);
    if (more) notes.push(more);
    const code = exitCodeOf(report);
    return {
      summary: summaryOf(report, notes),
      state: commitStateOf(report),
      description: describeStatus(report),
      ...(code !== 0 ? { failure: gateFailureOf(report, code) } : {}),
    };
  }
  const files = await writeModelsReportFiles(run, dir, []);
  setModelsOutputs(run, files);
  const more = emitModelsAnnotations(run);
  if (more) notes.push(more);
  const code = exitCodeOfModels(run);
  return {
    summary: modelsSummaryOf(run, notes),
    state: commitStateOfModels(run),
    description: describeModelsStatus(run),
    ...(code !== 0 ? { failure: modelsFailureOf(run, code) } : {}),
  };
}

/**
 * The pull request this run judges, read from the API (the event payload's copy when the API cannot be read), with
 * its reviews or why they could not be read. Never undefined: a run with no pull request has no reviews to read.
 */
async function pullRequestOfRun(
  client: GitHubClient,
  settings: ActionSettings,
  event: ReturnType<typeof pullRequestOfEvent>,
  notes: string[],
): Promise<PullRequestFacts> {
  const { runner } = settings;
  const repository = { owner: runner.owner, repo: runner.repo };
  let number = event.number ?? settings.pullRequest;
  let noPullRequest: ReviewsUnavailable = NO_PULL_REQUEST;
  if (number === undefined && runner.eventName === 'workflow_dispatch' && runner.sha) {
    try {
      number = await findPullRequestNumberForCommit(client, repository, runner.sha);
    } catch (err) {
      // Whether a pull request (and a review) exists is unknown: the cause is the lookup's, not "there is none".
      noPullRequest = reviewsUnavailableOf(err);
      notes.push(`Could not look up the pull request of ${runner.sha.slice(0, 12)}: ${messageOf(err)}`);
    }
  }

  let pr: PullRequestFacts | undefined = event.payloadFacts;
  if (number !== undefined) {
    try {
      pr = await readPullRequestFacts(client, repository, number);
    } catch (err) {
      // Without the API's copy the reviews are not known. They are marked unreadable (not "none", which would fail
      // the approvals as missing; not absent, which the gate reads as "run locally, not checked" and lets pass), so
      // every judgement that needs them is "could not judge", with the cause.
      const unavailable = reviewsUnavailableOf(err);
      const known = pr ? withoutReviews(pr) : { number, commitMessages: [], ...headOf(event.headSha, runner.sha) };
      pr = { ...known, reviewsUnavailable: unavailable };
      notes.push(
        `Could not read pull request #${number} and its reviews from the GitHub API (${messageOf(err)}); it was judged ` +
          `from the event payload, and what needs its reviews could not be judged. Fix: ${unavailable.fix}.`,
      );
    }
    if (pr?.reviewsUnavailable && !notes.some((n) => n.includes(pr!.reviewsUnavailable!.message))) {
      notes.push(
        `Could not read the reviews of pull request #${number}: ${pr.reviewsUnavailable.message}. Fix: ${pr.reviewsUnavailable.fix}.`,
      );
    }
  }
  if (!pr && runner.eventName !== 'push') {
    notes.push(
      `No pull request to judge on a \`${runner.eventName || 'unknown'}\` event: the release in the checkout was judged ` +
        'against the default branch. Pass `pull-request: <number>` to judge a PR.',
    );
  }
  // Without a pull request the status still lands on a commit a pull request may have as its head: judged without
  // reviews, the run must not read as a pass, or a run outside the PR could green a PR nobody approved.
  return pr ?? { commitMessages: [], ...headOf(event.headSha, runner.sha), reviewsUnavailable: noPullRequest };
}

/** Makes sure the base commit the policy is read from is in the checkout (a shallow clone may lack it). */
async function ensureBase(workspace: string, baseSha: string, notes: string[]): Promise<void> {
  const presence = await ensureCommitPresent(workspace, baseSha);
  if (presence.kind === 'fetched')
    core.info(`Fetched the base commit ${baseSha.slice(0, 12)} (depth ${presence.depth}).`);
  if (presence.kind === 'unavailable')
    notes.push(`The base commit is not available: ${presence.reason}. Fix: ${presence.fix}.`);
}

/** Posts a status; a failure to post comes back as the sentence to show (with its fix), never as a throw. */
async function tryPublish(publisher: StatusPublisher, status: CommitStatus): Promise<string | undefined> {
  try {
    await publisher.publish(status);
    return undefined;
  } catch (err) {
    if (err instanceof GitHubApiError) return `${err.message}${err.fix ? `. Fix: ${err.fix}` : ''}`;
    return `could not post the commit status: ${messageOf(err)}`;
  }
}

/** One line for `core.setFailed` on a failed or unjudged gate. */
export function gateFailureOf(report: Report, code: 1 | 2): string {
  const errors = allFindings(report).filter((f) => f.severity === 'error');
  const codes = [...new Set(errors.map((f) => f.code))].join(', ');
  return code === 2
    ? `the governance gate could not judge the release (${codes}); see the job summary`
    : `the governance gate failed with ${errors.length} error${errors.length === 1 ? '' : 's'} (${codes}); see the job summary`;
}

/** One line for `core.setFailed` when a model of several failed or could not be judged: which, and why. */
export function modelsFailureOf(run: Pick<ModelsJudgement, 'judgements'>, code: 1 | 2): string {
  const failing = run.judgements
    .filter((j) => exitCodeOf(j.report) !== 0)
    .map((j) => {
      const errors = allFindings(j.report).filter((f) => f.severity === 'error');
      return `${modelLabelOf(j)} ${verdictPhraseOf(j.report)} (${[...new Set(errors.map((f) => f.code))].join(', ')})`;
    });
  const head = code === 2 ? 'the governance gate could not judge every model' : 'the governance gate failed';
  return `${head}: ${failing.join('; ')}; see the job summary`;
}

const NO_PULL_REQUEST: ReviewsUnavailable = {
  cause: 'no-pull-request',
  message: 'no pull request was found for this commit, so its reviews could not be read',
  fix: 'run the check on `pull_request` events, or pass `pull-request: <number>` (the `command: record` mode judges pushes to the default branch)',
};

function headOf(...candidates: Array<string | undefined>): { headSha?: string } {
  const headSha = candidates.find((c) => typeof c === 'string' && c !== '');
  return headSha ? { headSha } : {};
}

/** The facts without a review list (the payload never has one; a stale copy must not stand in for the API's). */
function withoutReviews(pr: PullRequestFacts): PullRequestFacts {
  const { reviews: _reviews, ...rest } = pr;
  return rest;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
