import { readFile } from 'node:fs/promises';
import type { PullRequestFacts } from '../release/review-facts.js';

/** What the triggering event says about the pull request to judge. */
export interface PullRequestEvent {
  /** The PR number, when the event names one. */
  number?: number;
  /** The PR as the payload had it (a re-run replays an old payload: the API's copy is preferred). */
  payloadFacts?: PullRequestFacts;
  /** `workflow_run`: the head commit of the run that triggered this one. */
  headSha?: string;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Reads the webhook payload GitHub wrote to `GITHUB_EVENT_PATH` (an empty object when there is none). */
export async function readEventPayload(path: string | undefined): Promise<Json> {
  if (!path) return {};
  try {
    return obj(JSON.parse(await readFile(path, 'utf8'))) ?? {};
  } catch (err) {
    throw new Error(
      `could not read the event payload at GITHUB_EVENT_PATH: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/**
 * The pull request an event is about: `pull_request`, `pull_request_target` and `pull_request_review` carry it;
 * `workflow_dispatch` may name it in its `pull-request` input; `workflow_run` lists it in `workflow_run.pull_requests`
 * (empty for a fork's PR: the first workflow then passes the number on, see docs/action.md).
 */
export function pullRequestOfEvent(eventName: string, payload: Json): PullRequestEvent {
  const pull = obj(payload['pull_request']);
  if (pull) {
    const number = typeof pull['number'] === 'number' ? pull['number'] : undefined;
    return { ...(number ? { number } : {}), payloadFacts: factsOfPayload(pull, obj(payload['repository'])) };
  }
  if (eventName === 'workflow_dispatch') {
    const raw = str(obj(payload['inputs'])?.['pull-request']) ?? str(obj(payload['inputs'])?.['pull_request']);
    return raw && /^[1-9]\d*$/.test(raw) ? { number: Number(raw) } : {};
  }
  if (eventName === 'workflow_run') {
    const run = obj(payload['workflow_run']);
    const first = Array.isArray(run?.['pull_requests']) ? obj(run['pull_requests'][0]) : undefined;
    const number = typeof first?.['number'] === 'number' ? first['number'] : undefined;
    const headSha = str(run?.['head_sha']);
    return { ...(number ? { number } : {}), ...(headSha ? { headSha } : {}) };
  }
  return {};
}

/** PullRequestFacts from a webhook `pull_request` object (no reviews: those come from the API). */
export function factsOfPayload(pull: Json, repository: Json | undefined): PullRequestFacts {
  const head = obj(pull['head']);
  const base = obj(pull['base']);
  const headRepo = str(obj(head?.['repo'])?.['full_name']);
  const baseRepo = str(obj(base?.['repo'])?.['full_name']) ?? str(repository?.['full_name']);
  const facts: PullRequestFacts = { commitMessages: [] };
  if (typeof pull['number'] === 'number') facts.number = pull['number'];
  const author = str(obj(pull['user'])?.['login']);
  if (author) facts.author = author;
  if (str(pull['title']) !== undefined) facts.title = str(pull['title'])!;
  facts.body = str(pull['body']) ?? '';
  if (str(head?.['ref'])) facts.branch = str(head?.['ref'])!;
  if (str(head?.['sha'])) facts.headSha = str(head?.['sha'])!;
  if (str(base?.['ref'])) facts.baseRef = str(base?.['ref'])!;
  if (str(base?.['sha'])) facts.baseSha = str(base?.['sha'])!;
  if (headRepo) facts.headRepository = headRepo;
  if (str(pull['html_url'])) facts.url = str(pull['html_url'])!;
  facts.fromFork = !headRepo || !baseRepo || headRepo.toLowerCase() !== baseRepo.toLowerCase();
  return facts;
}
