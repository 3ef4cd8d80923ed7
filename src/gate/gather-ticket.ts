/**
 * Gathers the Jira facts for the `jira` check: which keys the pull request names (in the places the policy lists),
 * and the manifest's ticket as Jira has it, with the SHA-256 of the sign-off attachment that counts and the time it
 * was read. The check then judges these facts without any I/O.
 */
import { signOffAttachmentsOf } from '../checks/jira.js';
import type { Policy } from '../policy/policy.js';
import type { PullRequestFacts } from '../release/review-facts.js';
import {
  findJiraKeys,
  isJiraKey,
  projectOfKey,
  type IssueRequest,
  type KeyMention,
  type TicketFacts,
  type TicketIssue,
  type TicketSource,
} from '../release/ticket-facts.js';

export type { TicketSource } from '../release/ticket-facts.js';

export interface GatherTicketOptions {
  /** The Jira port; undefined when Jira is not configured (the facts then say so and the check fails closed). */
  source?: TicketSource;
  /** Why there is no source (from `ticketSourceFromEnvironment`), shown instead of the generic message. */
  sourceProblem?: { kind: 'not-configured' | 'invalid-config'; message: string };
  /** The manifest's `jira` value as written (may be anything; it is validated here before any request). */
  manifestKey?: unknown;
  /** The pull request (title, branch, body, commit messages); undefined when not known. */
  pr?: PullRequestFacts;
  policy: Policy;
  /** `--offline`: judge the key rules only; Jira is not asked. */
  offline?: boolean;
  /** The run's clock: when the ticket is read (the record's `readAt`). Default: the time of the read. */
  now?: Date;
}

/**
 * Extracts the key mentions from the PR facts per `policy.jira.keySources`, validates the manifest key and looks it
 * up (reading comments, Service Management approvals and custom fields only when the policy's sign-off needs them).
 */
export async function gatherTicketFacts(options: GatherTicketOptions): Promise<TicketFacts> {
  const { source, policy, pr } = options;
  const facts: TicketFacts = {
    mentions: pr ? extractKeyMentions(pr, policy.jira.keySources) : [],
    prKnown: pr !== undefined,
  };
  if (source) facts.deployment = source.deployment;
  const key = typeof options.manifestKey === 'string' ? options.manifestKey.trim() : undefined;
  if (options.offline) facts.offline = true;
  if (key === undefined || key === '') return facts; // the check reports the missing key
  if (!isJiraKey(key)) {
    facts.lookup = {
      kind: 'invalid-key',
      message: `"${key.slice(0, 40)}" is not a Jira issue key like ${policy.jira.project}-123.`,
    };
    return facts;
  }
  // A key of another project is judged from the key itself; asking Jira about it would prove nothing.
  if (projectOfKey(key) !== policy.jira.project || options.offline) return facts;
  if (!source) {
    facts.lookup = options.sourceProblem ?? {
      kind: 'not-configured',
      message: 'Jira is not configured: none of JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN, JIRA_PAT is set.',
    };
    return facts;
  }
  facts.readAt = (options.now ?? new Date()).toISOString();
  const lookup = await source.readIssue(key, issueRequestFor(policy));
  facts.lookup =
    lookup.kind === 'found' ? { kind: 'found', issue: await withSignOffDigest(source, lookup.issue, policy) } : lookup;
  return facts;
}

/**
 * The issue with the SHA-256 (or why not) on the sign-off attachment that counts: the newest named like the policy's
 * glob, chosen as the check chooses it. Only that one is downloaded; none for a ticket moved out of the project (the
 * check judges it no further) or a policy without an attachment sign-off.
 */
async function withSignOffDigest(source: TicketSource, issue: TicketIssue, policy: Policy): Promise<TicketIssue> {
  const glob = policy.jira.signOff?.attachment;
  if (glob === undefined || issue.project !== policy.jira.project) return issue;
  const { newest } = signOffAttachmentsOf(issue.attachments, glob);
  if (!newest) return issue;
  const digest = await source.readAttachmentDigest(issue.key, newest);
  const hashed =
    digest.kind === 'hashed' ? { ...newest, sha256: digest.sha256 } : { ...newest, digestUnavailable: digest };
  return { ...issue, attachments: issue.attachments.map((a) => (a === newest ? hashed : a)) };
}

/** What the policy's sign-off needs read besides status and project. */
export function issueRequestFor(policy: Policy): IssueRequest {
  const signOff = policy.jira.signOff ?? {};
  return {
    comments: signOff.comment !== undefined,
    serviceDeskApprovals: signOff.serviceDeskApproval === true,
    fields: signOff.field ? [signOff.field.id] : [],
  };
}

/** Every key mention in the PR, from the sources the policy names, in source order (title, branch, body, commits). */
export function extractKeyMentions(pr: PullRequestFacts, sources: Policy['jira']['keySources']): KeyMention[] {
  const texts: Record<KeyMention['source'], string[]> = {
    title: pr.title ? [pr.title] : [],
    branch: pr.branch ? [pr.branch] : [],
    body: pr.body ? [pr.body] : [],
    commits: pr.commitMessages,
  };
  const out: KeyMention[] = [];
  const seen = new Set<string>();
  for (const source of ['title', 'branch', 'body', 'commits'] as const) {
    if (!sources.includes(source)) continue;
    for (const text of texts[source]) {
      for (const key of findJiraKeys(text)) {
        const id = `${source}\u0000${key}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({ key, source });
      }
    }
  }
  return out;
}
