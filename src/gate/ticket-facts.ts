/**
 * What the gate learned about the Jira ticket (owned by the Jira work; see src/adapters/jira-ticket-source.ts).
 * Plain data so the `jira` check stays pure.
 */
export interface TicketAttachment {
  id: string;
  filename: string;
  size?: number;
  author?: string;
  created?: string;
  mimeType?: string;
}

export interface TicketComment {
  id: string;
  author: string;
  body: string;
  created?: string;
}

export interface ServiceDeskApproval {
  id: string;
  name?: string;
  finalDecision?: string;
  approvers: Array<{ login: string; decision: string }>;
  completedDate?: string;
}

export interface TicketIssue {
  key: string;
  project: string;
  status: string;
  summary?: string;
  url?: string;
  attachments: TicketAttachment[];
  comments: TicketComment[];
  serviceDeskApprovals?: ServiceDeskApproval[];
  fields?: Record<string, unknown>;
}

/** Where a Jira key was found in the PR. */
export interface KeyMention {
  key: string;
  source: 'title' | 'branch' | 'body' | 'commits';
}

export type TicketLookup =
  | { kind: 'found'; issue: TicketIssue }
  | {
      kind: 'not-found' | 'unauthorized' | 'forbidden' | 'unreachable' | 'rate-limited' | 'server-error' | 'invalid-key';
      message: string;
      status?: number;
    };

export interface TicketFacts {
  /** Keys mentioned in the PR's title/branch/body/commits, in the sources the policy names. */
  mentions: KeyMention[];
  /** The manifest's key, looked up (absent when offline or no key). */
  lookup?: TicketLookup;
  /** Which deployment: cloud (REST v3, basic) or data-center (REST v2, PAT). */
  deployment?: 'cloud' | 'data-center';
}
