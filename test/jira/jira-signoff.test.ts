/**
 * The `jira` check end to end: the real jira.js client over HTTP against the loopback Jira, through
 * gatherTicketFacts, judged by the pure check. Every output (findings, details, summaries) is searched for the tokens.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { jiraCheck } from '../../src/checks/jira.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { gatherTicketFacts } from '../../src/gate/gather-ticket.js';
import type { CheckResult, CheckResultOf } from '../../src/release/report.js';
import type { PullRequestFacts } from '../../src/release/review-facts.js';
import type { TicketSource } from '../../src/release/ticket-facts.js';
import { DEFAULT_POLICY } from '../../src/policy/defaults.js';
import type { JiraSignOffPolicy, Policy } from '../../src/policy/policy.js';
import { attachmentBytes, startJiraServer, type FakeIssue, type JiraServer } from '../servers/jira-server.js';
import { contextWith, jsonDocument } from '../support/release-context.js';
import {
  ALICE,
  API_TOKEN,
  EMAIL,
  MALLORY,
  PAT,
  SIGN_OFF_PDF,
  approvedIssue,
  cloudEnv,
  dataCenterEnv,
  fastOptions,
  sourceFor,
} from './fixtures.js';

const results: CheckResult[] = [];
let server: JiraServer;

beforeEach(async () => {
  server = await startJiraServer({ cloud: { email: EMAIL, apiToken: API_TOKEN }, dataCenter: { pat: PAT } });
});
afterEach(async () => {
  await server.close();
});
afterAll(() => {
  const text = JSON.stringify(results);
  expect(results.length).toBeGreaterThan(10);
  expect(text).not.toContain(API_TOKEN);
  expect(text).not.toContain(PAT);
  expect(text).not.toContain(Buffer.from(`${EMAIL}:${API_TOKEN}`).toString('base64'));
});

function policyWith(signOff?: JiraSignOffPolicy): Policy {
  return {
    ...DEFAULT_POLICY,
    approvals: {
      ...DEFAULT_POLICY.approvals,
      roster: [
        // Cloud identities are opaque account ids: the roster maps the login to one.
        { login: 'alice', roles: ['governance-board'], jira: '557058:alice' },
        // Data Center user names usually equal the login: no mapping needed.
        { login: 'bob', roles: ['regulatory-affairs'] },
      ],
    },
    jira: { ...DEFAULT_POLICY.jira, ...(signOff ? { signOff } : {}) },
  };
}

const manifest = jsonDocument<Manifest>('model/manifest.json', {
  schemaVersion: '1.0',
  name: 'fraud-detection',
  version: '2.4.0',
  jira: 'MLGOV-123',
});

async function judge(options: {
  issue?: FakeIssue;
  policy?: Policy;
  pr?: Partial<PullRequestFacts>;
  source?: TicketSource;
}): Promise<CheckResultOf<'jira'>> {
  if (options.issue) server.addIssue(options.issue);
  const policy = options.policy ?? policyWith();
  const ticket = await gatherTicketFacts({
    source: options.source ?? sourceFor(cloudEnv(server)),
    manifestKey: 'MLGOV-123',
    pr: {
      title: 'MLGOV-123: release fraud-detection 2.4.0',
      branch: 'release/2.4.0',
      commitMessages: ['Retrain on October snapshot'],
      ...options.pr,
    },
    policy,
  });
  const result = jiraCheck.run(contextWith({ manifest, ticket }), policy);
  results.push(result);
  return result;
}

const codes = (r: CheckResult) => r.findings.map((f) => f.code);

describe('jira check over the real client', () => {
  it('an Approved ticket passes', async () => {
    const r = await judge({ issue: approvedIssue() });
    expect(r).toMatchObject({ id: 'jira', status: 'pass', summary: 'MLGOV-123 is Approved', findings: [] });
    expect(r.details?.['issue']).toEqual({
      key: 'MLGOV-123',
      status: 'Approved',
      project: 'MLGOV',
      url: `${server.url}/browse/MLGOV-123`,
      summary: 'Release fraud-detection 2.4.0',
    });
  });

  it('"In Progress" fails, naming the status and the allowed ones, at the manifest\'s jira field', async () => {
    const r = await judge({ issue: approvedIssue({ status: 'In Progress' }) });
    expect(r.status).toBe('fail');
    expect(r.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'JIRA_STATUS_NOT_ALLOWED',
        message: 'MLGOV-123 is in status "In Progress"; the policy allows only: Approved, Done.',
        file: 'model/manifest.json',
        pointer: '/jira',
        line: 5,
        column: 11,
      }),
    ]);
    expect(r.findings[0]?.indeterminate).toBeUndefined();
  });

  it('404 is JIRA_ISSUE_NOT_FOUND (judged, not indeterminate)', async () => {
    const r = await judge({});
    expect(r.findings).toEqual([
      expect.objectContaining({
        code: 'JIRA_ISSUE_NOT_FOUND',
        severity: 'error',
        message: expect.stringContaining('MLGOV-123 was not found in Jira, or the account mlgov uses may not see it.'),
      }),
    ]);
    expect(r.findings[0]?.indeterminate).toBeUndefined();
  });

  it('401 is JIRA_AUTH_FAILED, indeterminate, telling Cloud users what to set', async () => {
    const r = await judge({
      issue: approvedIssue(),
      source: sourceFor({ ...cloudEnv(server), JIRA_API_TOKEN: 'revoked-token-xyz' }),
    });
    expect(r.status).toBe('fail');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ code: 'JIRA_AUTH_FAILED', indeterminate: true, pointer: '/jira' });
    expect(r.findings[0]?.message).toMatch(/^401: Jira did not accept the credentials/);
    expect(r.findings[0]?.fix).toContain('Cloud needs JIRA_EMAIL');
    expect(r.findings[0]?.fix).toContain('JIRA_API_TOKEN');
    expect(JSON.stringify(r)).not.toContain('revoked-token-xyz');
  });

  it('403 is JIRA_FORBIDDEN, indeterminate', async () => {
    server.failNext(1, { status: 403 });
    const r = await judge({ issue: approvedIssue() });
    expect(r.findings).toEqual([
      expect.objectContaining({
        code: 'JIRA_FORBIDDEN',
        indeterminate: true,
        fix: expect.stringContaining('Browse projects'),
      }),
    ]);
  });

  it('a refused connection is JIRA_UNREACHABLE, indeterminate', async () => {
    const url = server.url;
    await server.close();
    server = await startJiraServer();
    const r = await judge({ source: sourceFor(cloudEnv(url)) });
    expect(r.findings).toEqual([
      expect.objectContaining({
        code: 'JIRA_UNREACHABLE',
        indeterminate: true,
        message: expect.stringContaining(`Could not reach Jira at ${url}`),
        fix: expect.stringContaining('JIRA_BASE_URL'),
      }),
    ]);
  });

  it('429 then 200 passes after the retry', async () => {
    server.failNext(1, { status: 429, retryAfter: '1' });
    const r = await judge({ issue: approvedIssue() });
    expect(r.status).toBe('pass');
    expect(server.requests.map((q) => q.status)).toEqual([429, 200]);
  });

  it('503 three times: passes with four attempts, fails closed (indeterminate) with three', async () => {
    server.failNext(3, { status: 503 });
    expect((await judge({ issue: approvedIssue() })).status).toBe('pass');
    server.failNext(3, { status: 503 });
    const r = await judge({ source: sourceFor(cloudEnv(server), { ...fastOptions(), maxAttempts: 3 }) });
    expect(r.findings).toEqual([
      expect.objectContaining({
        code: 'JIRA_SERVER_ERROR',
        indeterminate: true,
        message: expect.stringContaining('gave up after 3 attempts'),
      }),
    ]);
  });

  it('429 on every attempt is JIRA_RATE_LIMITED, indeterminate', async () => {
    server.failNext(99, { status: 429, retryAfter: '0' });
    const r = await judge({ issue: approvedIssue() });
    expect(r.findings).toEqual([expect.objectContaining({ code: 'JIRA_RATE_LIMITED', indeterminate: true })]);
  });

  it('Data Center with a PAT works (REST v2, Bearer)', async () => {
    const r = await judge({ issue: approvedIssue({ status: 'Done' }), source: sourceFor(dataCenterEnv(server)) });
    expect(r.status).toBe('pass');
    expect(r.details?.['deployment']).toBe('data-center');
    expect(server.requests.map((q) => [q.path, q.auth, q.authAccepted])).toEqual([
      ['/rest/api/2/issue/MLGOV-123', 'bearer', true],
    ]);
  });

  it('a wrong PAT on Data Center tells Data Center users what to set', async () => {
    const r = await judge({
      issue: approvedIssue(),
      source: sourceFor({ ...dataCenterEnv(server), JIRA_PAT: 'expired-pat-000' }),
    });
    expect(r.findings[0]).toMatchObject({
      code: 'JIRA_AUTH_FAILED',
      indeterminate: true,
      fix: expect.stringContaining('Data Center needs JIRA_PAT'),
    });
  });
});

describe('keys the pull request names', () => {
  it('a key of another project in the title fails', async () => {
    const r = await judge({ issue: approvedIssue(), pr: { title: 'OPS-77: MLGOV-123 release' } });
    expect(codes(r)).toEqual(['JIRA_WRONG_PROJECT']);
    expect(r.findings[0]?.message).toBe(
      'The pull request names OPS-77 (in its title), a ticket of project OPS; a release names only its MLGOV sign-off ticket.',
    );
  });

  it('two MLGOV keys fail', async () => {
    const r = await judge({ issue: approvedIssue(), pr: { title: 'MLGOV-123 and MLGOV-124: release' } });
    expect(codes(r)).toEqual(['JIRA_MULTIPLE_KEYS']);
    expect(r.findings[0]?.message).toBe(
      'The pull request names 2 MLGOV tickets: MLGOV-123 (title), MLGOV-124 (title); a release is signed off in exactly one.',
    );
  });

  it('no key at all fails with JIRA_KEY_MISSING; another MLGOV key fails with JIRA_KEY_MISMATCH', async () => {
    server.addIssue(approvedIssue());
    expect(codes(await judge({ pr: { title: 'release 2.4.0' } }))).toEqual(['JIRA_KEY_MISSING']);
    const mismatch = await judge({ pr: { title: 'release 2.4.0', branch: 'release/MLGOV-99' } });
    expect(mismatch.findings).toEqual([
      expect.objectContaining({
        code: 'JIRA_KEY_MISMATCH',
        message: 'The pull request names MLGOV-99 (in its branch) but the manifest names MLGOV-123.',
      }),
    ]);
  });

  it('the key in the branch or a commit counts; UTF-8 and SHA-256 in the body are not tickets', async () => {
    const r = await judge({
      issue: approvedIssue(),
      pr: {
        title: 'release 2.4.0',
        branch: 'release/MLGOV-123',
        body: 'Weights hashed with SHA-256, UTF-8 file names.',
      },
    });
    expect(r.status).toBe('pass');
  });
});

describe('sign-off required by the policy', () => {
  it('attachment: a ticket without one fails, with one passes and the details name it', async () => {
    const policy = policyWith({ attachment: 'sign-off*.pdf' });
    const without = await judge({
      issue: approvedIssue({
        attachments: [{ ...SIGN_OFF_PDF, id: '1', filename: 'notes.txt', mimeType: 'text/plain' }],
      }),
      policy,
    });
    expect(without.findings).toEqual([
      expect.objectContaining({
        code: 'JIRA_SIGNOFF_MISSING',
        message: 'MLGOV-123 has no attachment named like "sign-off*.pdf" (attachments: notes.txt).',
        pointer: '/jira',
      }),
    ]);
    server.addIssue(approvedIssue({ attachments: [SIGN_OFF_PDF] }));
    const withIt = await judge({ policy });
    expect(withIt.status).toBe('pass');
    expect(withIt.summary).toBe('MLGOV-123 is Approved (sign-off: attachment sign-off-2.4.0.pdf)');
    expect(withIt.details?.['signOff']).toEqual({
      attachment: {
        label: 'attachment sign-off-2.4.0.pdf',
        id: '10042',
        filename: 'sign-off-2.4.0.pdf',
        size: 48213,
        author: 'Alice Board',
        created: '2026-11-01T10:00:00.000+0000',
        mimeType: 'application/pdf',
        // The content the loopback Jira served, hashed here independently of the adapter.
        sha256: createHash('sha256').update(attachmentBytes(SIGN_OFF_PDF)).digest('hex'),
        matching: 1,
      },
    });
  });

  it('comment: by a roster member of the role with the phrase passes; by a non-member fails', async () => {
    const policy = policyWith({ comment: { role: 'governance-board', phrase: 'approved' } });
    const byStranger = await judge({
      issue: approvedIssue({
        comments: [{ id: '5', author: MALLORY, body: 'Approved, ship it', created: '2026-11-01T09:00:00.000+0000' }],
      }),
      policy,
    });
    expect(byStranger.findings).toEqual([
      expect.objectContaining({
        code: 'JIRA_SIGNOFF_MISSING',
        message:
          'MLGOV-123 has no comment containing "approved" by a roster member with role governance-board. Comments containing it by Mallory do not count: not roster members with role governance-board.',
      }),
    ]);
    server.addIssue(
      approvedIssue({
        comments: [
          { id: '5', author: MALLORY, body: 'Approved, ship it', created: '2026-11-01T09:00:00.000+0000' },
          {
            id: '6',
            author: ALICE,
            body: 'Not approved yet: waiting for the bias review',
            created: '2026-11-01T09:30:00.000+0000',
          },
          {
            id: '7',
            author: ALICE,
            body: 'The board has approved release 2.4.0.',
            created: '2026-11-02T09:30:00.000+0000',
          },
        ],
      }),
    );
    const byMember = await judge({ policy });
    expect(byMember.status).toBe('pass');
    expect(byMember.details?.['signOff']).toEqual({
      comment: {
        label: 'comment by Alice Board (alice, governance-board)',
        id: '7',
        author: 'Alice Board',
        member: 'alice',
        role: 'governance-board',
        created: '2026-11-02T09:30:00.000Z',
        excerpt: 'The board has approved release 2.4.0.',
      },
    });
  });

  it('comment on Data Center (v2 string bodies) by a member whose Jira user name is the roster login', async () => {
    const policy = policyWith({ comment: { role: 'regulatory-affairs', phrase: 'approved' } });
    const r = await judge({
      issue: approvedIssue({
        comments: [
          {
            id: '8',
            author: { name: 'bob', displayName: 'Bob Reg' },
            body: '*Approved* by regulatory affairs',
            created: '2026-11-01T09:00:00.000+0000',
          },
        ],
      }),
      policy,
      source: sourceFor(dataCenterEnv(server)),
    });
    expect(r.status).toBe('pass');
    expect(r.details?.['signOff']).toMatchObject({ comment: { member: 'bob', role: 'regulatory-affairs' } });
  });

  it('a comment saying "not approved" by a member does not count', async () => {
    const policy = policyWith({ comment: { role: 'governance-board', phrase: 'approved' } });
    const r = await judge({
      issue: approvedIssue({
        comments: [{ id: '6', author: ALICE, body: 'This is not approved.', created: '2026-11-01T09:30:00.000+0000' }],
      }),
      policy,
    });
    expect(codes(r)).toEqual(['JIRA_SIGNOFF_MISSING']);
  });

  it('service desk approval: approved passes with the approval in the details; pending fails; declined fails', async () => {
    const policy = policyWith({ serviceDeskApproval: true });
    server.addIssue(
      approvedIssue({
        approvals: [
          {
            id: '31',
            name: 'Governance board',
            finalDecision: 'approved',
            approvers: [{ user: ALICE, decision: 'approved' }],
            completedDate: '2026-11-01T12:00:00.000Z',
          },
        ],
      }),
    );
    const ok = await judge({ policy });
    expect(ok.status).toBe('pass');
    expect(ok.details?.['signOff']).toEqual({
      serviceDeskApproval: {
        label: 'Service Management approval Governance board',
        id: '31',
        name: 'Governance board',
        finalDecision: 'approved',
        approvers: [{ login: '557058:alice', decision: 'approved' }],
        completedDate: '2026-11-01T12:00:00+0000',
      },
    });
    expect(
      server.requests.some((q) => q.path === '/rest/servicedeskapi/request/MLGOV-123/approval' && q.auth === 'basic'),
    ).toBe(true);

    server.addIssue(
      approvedIssue({
        approvals: [
          {
            id: '32',
            name: 'Governance board',
            finalDecision: 'pending',
            approvers: [{ user: ALICE, decision: 'pending' }],
          },
        ],
      }),
    );
    const pending = await judge({ policy });
    expect(pending.findings).toEqual([
      expect.objectContaining({
        code: 'JIRA_SIGNOFF_MISSING',
        message: 'MLGOV-123 has no Service Management approval in state approved (Governance board: pending).',
      }),
    ]);

    server.addIssue(
      approvedIssue({
        approvals: [
          {
            id: '33',
            name: 'Governance board',
            finalDecision: 'declined',
            approvers: [{ user: ALICE, decision: 'declined' }],
          },
        ],
      }),
    );
    expect(codes(await judge({ policy }))).toEqual(['JIRA_SIGNOFF_DECLINED']);

    server.addIssue(approvedIssue());
    const notARequest = await judge({ policy });
    expect(notARequest.findings[0]?.message).toContain('it may not be a Service Management request');
  });

  it('custom field value', async () => {
    const policy = policyWith({ field: { id: 'customfield_10050', equals: 'Approved' } });
    server.addIssue(approvedIssue({ fields: { customfield_10050: { value: 'Approved', id: '1' } } }));
    const ok = await judge({ policy });
    expect(ok.status).toBe('pass');
    expect(ok.details?.['signOff']).toEqual({
      field: { label: 'field customfield_10050 = Approved', id: 'customfield_10050', value: 'Approved' },
    });
    server.addIssue(approvedIssue({ fields: { customfield_10050: { value: 'Pending', id: '2' } } }));
    expect(codes(await judge({ policy }))).toEqual(['JIRA_SIGNOFF_FIELD_MISMATCH']);
    server.addIssue(approvedIssue({ fields: { customfield_10050: null } }));
    expect(codes(await judge({ policy }))).toEqual(['JIRA_SIGNOFF_MISSING']);
  });
});
