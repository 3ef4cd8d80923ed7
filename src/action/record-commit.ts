/**
 * Record mode's commit: the audit events of a merged release put into the repository's history, on the pushed
 * branch or a dedicated evidence branch, and nothing else. Two parts:
 *
 * - pure planning ({@link planLogCommit}): given the branch's current audit log(s), which events to append (planned
 *   again against that very log, so an event another run already recorded is never written twice) and the new text
 *   of each changed log, hash-chained onto the branch's last event;
 * - a bounded retry loop ({@link commitAuditEvents}) over a narrow port ({@link LogBranch}: read the head, read a
 *   file at a commit, move the branch forward by one commit). A branch that moved between the read and the update is
 *   read again, re-planned and re-chained; the branch is never forced.
 *
 * The adapters (`adapters/github-git-data.ts`, `adapters/git-push-evidence.ts`) implement the port.
 */
import { chainAuditInput, type AuditEvent, type AuditEventInput } from '../evidence/audit-log.js';
import { formatAuditLine, verifyAuditLog } from '../evidence/hash-chain.js';

/** One model's part of the commit: its audit log and how to plan its events against the events a log holds. */
export interface LogRecord {
  /** Repository-relative path of the model's audit log. */
  path: string;
  /** The release, for messages: `fraud-detection 2.4.0`. */
  label: string;
  /** The events to append given the log's events (none when the log already records the release). */
  plan(existing: AuditEvent[]): AuditEventInput[];
}

/** A file's new content in the commit. */
export interface FileChange {
  path: string;
  text: string;
}

/** The branch update's answer: committed, or the branch is no longer at the head the commit was built on. */
export type BranchUpdate = { kind: 'committed'; sha: string } | { kind: 'moved' };

/** The port: one branch of the repository, read at its head and moved forward (fast-forward only) by one commit. */
export interface LogBranch {
  /** The branch's name, for messages. */
  readonly name: string;
  /** How it is written, for messages (`the Git Data API`, `git push`). */
  readonly via: string;
  /** The branch's current head commit. */
  head(): Promise<string>;
  /** A file's text at `commit`, or undefined when the file does not exist there. */
  readText(commit: string, path: string): Promise<string | undefined>;
  /** Builds a commit on `parent` that changes exactly `files` and moves the branch to it unless it moved. */
  commit(parent: string, files: FileChange[], message: string): Promise<BranchUpdate>;
}

/** The events could not be committed; `fix` says what to do. Messages never carry a token. */
export class RecordCommitError extends Error {
  override name = 'RecordCommitError';
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

/** What a plan against the branch's logs writes: each changed log's new text and the events it appends. */
export interface LogCommitPlan {
  files: FileChange[];
  events: Array<{ path: string; event: AuditEvent }>;
}

/**
 * Plans the commit against the branch's logs (`logs`: path → text, '' for a log that does not exist yet). Records
 * sharing one log are chained one after the other. A log that does not verify is never extended.
 */
export function planLogCommit(records: LogRecord[], logs: ReadonlyMap<string, string>): LogCommitPlan {
  const texts = new Map<string, string>();
  const chains = new Map<string, AuditEvent[]>();
  const events: LogCommitPlan['events'] = [];
  for (const record of records) {
    if (!chains.has(record.path)) {
      const text = logs.get(record.path) ?? '';
      const verified = verifyAuditLog(text);
      if (!verified.ok) {
        throw new RecordCommitError(
          `${record.path} on the branch does not verify: ${verified.break.message}`,
          `restore ${record.path} on the branch from its last good commit (mlgov log verify --history names it); an event is never appended to a broken chain`,
        );
      }
      texts.set(record.path, text);
      chains.set(record.path, [...verified.events]);
    }
    const chain = chains.get(record.path)!;
    let text = texts.get(record.path)!;
    for (const input of record.plan(chain)) {
      const event = chainAuditInput(chain[chain.length - 1], input);
      text += formatAuditLine(event) + '\n';
      chain.push(event);
      events.push({ path: record.path, event });
    }
    texts.set(record.path, text);
  }
  const changed = new Set(events.map((e) => e.path));
  return { files: [...changed].map((path) => ({ path, text: texts.get(path)! })), events };
}

export type CommitOutcome =
  | { kind: 'committed'; sha: string; parent: string; attempts: number; events: LogCommitPlan['events'] }
  | { kind: 'already-recorded'; head: string; attempts: number };

export interface CommitOptions {
  /** The commit message for the events appended. */
  message(events: AuditEvent[]): string;
  /** Attempts in all, the first included (default 5). */
  maxAttempts?: number;
  /** First wait before a retry in ms, doubled each time (default 1000). */
  initialDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Commits the records' events to the branch: read its head and logs, plan, commit on that head; when the branch moved
 * meanwhile (another merge recorded its release), read it again and re-plan, at most `maxAttempts` times.
 */
export async function commitAuditEvents(
  branch: LogBranch,
  records: LogRecord[],
  options: CommitOptions,
): Promise<CommitOutcome> {
  const maxAttempts = options.maxAttempts ?? 5;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const paths = [...new Set(records.map((r) => r.path))];
  let delay = options.initialDelayMs ?? 1000;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const head = await branch.head();
    const logs = new Map<string, string>();
    for (const path of paths) logs.set(path, (await branch.readText(head, path)) ?? '');
    const plan = planLogCommit(records, logs);
    if (plan.events.length === 0) return { kind: 'already-recorded', head, attempts: attempt };
    const update = await branch.commit(head, plan.files, options.message(plan.events.map((e) => e.event)));
    if (update.kind === 'committed')
      return { kind: 'committed', sha: update.sha, parent: head, attempts: attempt, events: plan.events };
    if (attempt < maxAttempts) {
      await sleep(delay);
      delay *= 2;
    }
  }
  throw new RecordCommitError(
    `${branch.name} moved ${maxAttempts} times while the audit event was being committed (other pushes kept landing first)`,
    're-run the record job: it reads the branch again and appends only what is not recorded yet',
  );
}

/** A name or version as it may appear in a commit message: no brackets or line breaks (`[skip ci]` and the like). */
function inert(text: string): string {
  return text.replace(/[^A-Za-z0-9._+/-]+/g, '-').slice(0, 100);
}

/**
 * The record commit's message. Deliberately without `[skip ci]`: a commit made with the job's `GITHUB_TOKEN` starts
 * no workflow anyway, and with an App or bot token the push must run the workflows like any other push to the
 * branch — the record job then finds no version change and records nothing, so nothing loops — and skipping them
 * would leave the branch's head without the checks branch protection and auditors expect on it.
 */
export function recordCommitMessage(events: AuditEvent[], facts: { commit: string; runUrl: string }): string {
  const subjects = [...new Set(events.map((e) => `${e.action} ${inert(e.model)} ${inert(e.version)}`))];
  const lines = events.map((e) => `- #${e.seq} ${e.action} ${inert(e.model)} ${inert(e.version)} (${e.hash})`);
  return [
    `mlgov: record ${subjects.join(', ')}`,
    '',
    `Audit events appended by the mlgov record job for ${facts.commit.slice(0, 12)}:`,
    ...lines,
    '',
    `Run: ${facts.runUrl}`,
    '',
  ].join('\n');
}
