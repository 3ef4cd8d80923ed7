/** Shared fixtures for the Jira tests: credentials, a fast transport policy, a standard signed-off ticket. */
import type { FakeIssue, JiraServer, JiraUser } from '../servers/jira-server.js';
import { ticketSourceFromEnvironment, type JiraClientOptions } from '../../src/adapters/jira-ticket-source.js';
import type { TicketSource } from '../../src/release/ticket-facts.js';

export const EMAIL = 'ci@example.com';
/** Distinctive so a leak is unmistakable when every output is searched for it. */
export const API_TOKEN = 'ATATT3xFfGF0-cloud-token-SECRET-9f8e7d';
export const PAT = 'NjQ4-dc-pat-SECRET-1a2b3c4d5e6f';

export const ALICE: JiraUser = {
  accountId: '557058:alice',
  name: 'alice',
  displayName: 'Alice Board',
  emailAddress: 'alice@example.com',
};
export const MALLORY: JiraUser = {
  accountId: '557058:mallory',
  name: 'mallory',
  displayName: 'Mallory',
  emailAddress: 'mallory@example.com',
};

/** A transport policy that never really waits: delays are recorded, not slept. */
export function fastOptions(sleeps: number[] = []): JiraClientOptions {
  return {
    timeoutMs: 2_000,
    maxAttempts: 4,
    initialDelayMs: 5,
    maxDelayMs: 50,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onSchemaMismatch: 'throw', // the loopback server must match jira.js' schemas of the documented shapes
  };
}

export function cloudEnv(server: Pick<JiraServer, 'url'> | string): Record<string, string> {
  return {
    JIRA_BASE_URL: typeof server === 'string' ? server : server.url,
    JIRA_EMAIL: EMAIL,
    JIRA_API_TOKEN: API_TOKEN,
  };
}

export function dataCenterEnv(server: Pick<JiraServer, 'url'> | string): Record<string, string> {
  return { JIRA_BASE_URL: typeof server === 'string' ? server : server.url, JIRA_PAT: PAT };
}

export function sourceFor(env: Record<string, string>, options: JiraClientOptions = fastOptions()): TicketSource {
  const r = ticketSourceFromEnvironment(env, options);
  if (r.kind !== 'configured') throw new Error(`test setup: ${r.message}`);
  return r.source;
}

export function approvedIssue(overrides: Partial<FakeIssue> = {}): FakeIssue {
  return {
    key: 'MLGOV-123',
    status: 'Approved',
    summary: 'Release fraud-detection 2.4.0',
    attachments: [],
    comments: [],
    ...overrides,
  };
}

export const SIGN_OFF_PDF = {
  id: '10042',
  filename: 'sign-off-2.4.0.pdf',
  author: ALICE,
  created: '2026-11-01T10:00:00.000+0000',
  size: 48213,
  mimeType: 'application/pdf',
};
