import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startJiraServer, type JiraServer } from '../servers/jira-server.js';
import { ticketSourceFromEnvironment } from '../../src/adapters/jira-ticket-source.js';
import type { TicketLookup } from '../../src/release/ticket-facts.js';
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

const ALL = { comments: true, serviceDeskApprovals: true, fields: ['customfield_10050'] };
const NONE = { comments: false, serviceDeskApprovals: false, fields: [] };

let server: JiraServer;
const outputs: unknown[] = [];

beforeEach(async () => {
  server = await startJiraServer({ cloud: { email: EMAIL, apiToken: API_TOKEN }, dataCenter: { pat: PAT } });
});
afterEach(async () => {
  await server.close();
  // No token in anything the adapter returned, nor in what the server recorded.
  const text = JSON.stringify([outputs, server.requests]);
  expect(text).not.toContain(API_TOKEN);
  expect(text).not.toContain(PAT);
  expect(text).not.toContain(Buffer.from(`${EMAIL}:${API_TOKEN}`).toString('base64'));
  outputs.length = 0;
});

function keep<T>(v: T): T {
  outputs.push(v);
  return v;
}

function found(l: TicketLookup) {
  if (l.kind !== 'found') throw new Error(`expected found, got ${l.kind}: ${l.message}`);
  return l.issue;
}

describe('Jira Cloud (REST v3, Basic e-mail + API token)', () => {
  it('reads status, project, attachments, paginated ADF comments, approvals and a custom field', async () => {
    server.addIssue(
      approvedIssue({
        attachments: [SIGN_OFF_PDF],
        comments: [
          { id: '1', author: MALLORY, body: 'first', created: '2026-11-01T09:00:00.000+0000' },
          { id: '2', author: MALLORY, body: 'second', created: '2026-11-01T09:10:00.000+0000' },
          {
            id: '3',
            author: ALICE,
            body: 'Board decision:\nApproved for release',
            created: '2026-11-01T09:20:00.000+0000',
          },
        ],
        approvals: [
          {
            id: '7',
            name: 'Board',
            finalDecision: 'approved',
            approvers: [{ user: ALICE, decision: 'approved' }],
            completedDate: '2026-11-01T11:00:00.000Z',
          },
        ],
        fields: { customfield_10050: { value: 'Approved', id: '10100' } },
      }),
    );
    const issue = found(keep(await sourceFor(cloudEnv(server)).readIssue('MLGOV-123', ALL)));
    expect(issue).toMatchObject({
      key: 'MLGOV-123',
      project: 'MLGOV',
      status: 'Approved',
      url: `${server.url}/browse/MLGOV-123`,
    });
    expect(issue.attachments).toEqual([
      {
        id: '10042',
        filename: 'sign-off-2.4.0.pdf',
        size: 48213,
        author: 'Alice Board',
        authorIds: ['557058:alice', 'alice@example.com'],
        created: '2026-11-01T10:00:00.000+0000',
        mimeType: 'application/pdf',
      },
    ]);
    expect(issue.comments.map((c) => c.body)).toEqual(['first', 'second', 'Board decision:\nApproved for release']);
    expect(issue.comments[2]).toMatchObject({
      id: '3',
      author: 'Alice Board',
      authorIds: ['557058:alice', 'alice@example.com'],
    });
    expect(issue.serviceDeskApprovals).toEqual([
      {
        id: '7',
        name: 'Board',
        finalDecision: 'approved',
        approvers: [{ login: '557058:alice', decision: 'approved' }],
        completedDate: '2026-11-01T11:00:00+0000',
      },
    ]);
    expect(issue.fields).toEqual({ customfield_10050: { value: 'Approved', id: '10100' } });

    const issueReq = server.requests.find((r) => r.path === '/rest/api/3/issue/MLGOV-123');
    expect(issueReq).toMatchObject({ auth: 'basic', authAccepted: true, status: 200 });
    // jira.js sends an array parameter as repeated `fields=` (the server also takes comma-joined, see Data Center).
    expect(issueReq?.query['fields']).toEqual(['summary', 'status', 'project', 'attachment', 'customfield_10050']);
    // Three comments over pages of two: two comment requests.
    expect(server.requests.filter((r) => r.path.endsWith('/comment')).map((r) => r.query['startAt'])).toEqual([
      ['0'],
      ['2'],
    ]);
  });

  it('reads /myself and /project/{key}', async () => {
    const source = sourceFor(cloudEnv(server));
    expect(keep(await source.readMyself())).toEqual({
      kind: 'ok',
      displayName: 'CI Bot',
      id: '5b10a2844c20165700ede21g',
    });
    expect(keep(await source.readProject('MLGOV'))).toEqual({ kind: 'ok', key: 'MLGOV', name: 'MLGOV governance' });
    expect(keep(await source.readProject('NOPE'))).toMatchObject({
      kind: 'not-found',
      status: 404,
      message: expect.stringContaining("No project could be found with key 'NOPE'"),
    });
  });

  it("a missing issue is not-found with Jira's own message", async () => {
    const r = keep(await sourceFor(cloudEnv(server)).readIssue('MLGOV-999', NONE));
    expect(r).toEqual({
      kind: 'not-found',
      status: 404,
      message:
        'Jira answered 404 Not Found for issue MLGOV-999: Issue does not exist or you do not have permission to see it.',
    });
  });

  it('a wrong API token is unauthorized (401), without retrying and without the token in the message', async () => {
    server.addIssue(approvedIssue());
    const r = keep(
      await sourceFor({ ...cloudEnv(server), JIRA_API_TOKEN: 'wrong-token-123' }).readIssue('MLGOV-123', NONE),
    );
    expect(r).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ auth: 'basic', authAccepted: false, status: 401 });
  });

  it('403 is forbidden', async () => {
    server.addIssue(approvedIssue());
    server.failNext(1, { status: 403, message: 'You do not have permission to browse projects.' });
    const r = keep(await sourceFor(cloudEnv(server)).readIssue('MLGOV-123', NONE));
    expect(r).toEqual({
      kind: 'forbidden',
      status: 403,
      message: 'Jira answered 403 Forbidden for issue MLGOV-123: You do not have permission to browse projects.',
    });
  });

  it('429 then 200 passes, waiting what Retry-After says (capped)', async () => {
    server.addIssue(approvedIssue());
    server.failNext(1, { status: 429, retryAfter: '1' });
    const sleeps: number[] = [];
    const issue = found(
      keep(
        await sourceFor(cloudEnv(server), { ...fastOptions(sleeps), maxDelayMs: 5_000 }).readIssue('MLGOV-123', NONE),
      ),
    );
    expect(issue.status).toBe('Approved');
    expect(sleeps).toEqual([1_000]);
    expect(server.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('a Retry-After beyond the cap is waited only up to the cap', async () => {
    server.addIssue(approvedIssue());
    server.failNext(1, { status: 429, retryAfter: '3600' });
    const sleeps: number[] = [];
    found(keep(await sourceFor(cloudEnv(server), fastOptions(sleeps)).readIssue('MLGOV-123', NONE)));
    expect(sleeps).toEqual([50]);
  });

  it('429 on every attempt fails closed as rate-limited after the bounded attempts', async () => {
    server.addIssue(approvedIssue());
    server.failNext(10, { status: 429, retryAfter: '0' });
    const r = keep(await sourceFor(cloudEnv(server)).readIssue('MLGOV-123', NONE));
    expect(r).toMatchObject({
      kind: 'rate-limited',
      status: 429,
      message: expect.stringContaining('gave up after 4 attempts'),
    });
    expect(server.requests).toHaveLength(4);
  });

  it('503 three times then 200 passes after retries with exponential backoff', async () => {
    server.addIssue(approvedIssue());
    server.failNext(3, { status: 503, message: 'Service Unavailable' });
    const sleeps: number[] = [];
    found(keep(await sourceFor(cloudEnv(server), fastOptions(sleeps)).readIssue('MLGOV-123', NONE)));
    expect(sleeps).toEqual([5, 10, 20]);
    expect(server.requests.map((r) => r.status)).toEqual([503, 503, 503, 200]);
  });

  it('503 three times with three attempts fails closed as server-error', async () => {
    server.addIssue(approvedIssue());
    server.failNext(3, { status: 503 });
    const r = keep(
      await sourceFor(cloudEnv(server), { ...fastOptions(), maxAttempts: 3 }).readIssue('MLGOV-123', NONE),
    );
    expect(r).toEqual({
      kind: 'server-error',
      status: 503,
      message: 'Jira answered 503 for issue MLGOV-123: Internal server error (gave up after 3 attempts).',
    });
  });

  it('a connection closed mid-request is retried', async () => {
    server.addIssue(approvedIssue());
    server.failNext(1, { destroy: true });
    found(keep(await sourceFor(cloudEnv(server)).readIssue('MLGOV-123', NONE)));
    expect(server.requests).toHaveLength(2);
  });

  it('a refused connection is unreachable, naming the site and the error code', async () => {
    const url = server.url;
    await server.close();
    server = await startJiraServer(); // afterEach closes something
    const r = keep(await sourceFor(cloudEnv(url)).readIssue('MLGOV-123', NONE));
    expect(r).toEqual({
      kind: 'unreachable',
      message: `Could not reach Jira at ${url} for issue MLGOV-123 (ECONNREFUSED) (gave up after 4 attempts).`,
    });
  });

  it('a server that never answers times out as unreachable', async () => {
    server.addIssue(approvedIssue());
    server.failNext(1, { hang: true });
    const r = keep(
      await sourceFor(cloudEnv(server), { ...fastOptions(), timeoutMs: 300 }).readIssue('MLGOV-123', NONE),
    );
    expect(r).toMatchObject({ kind: 'unreachable', message: expect.stringContaining('did not answer within 300 ms') });
  });

  it('rejects a malformed key before any request', async () => {
    for (const key of ['MLGOV-123/../../myself', 'mlgov-1', 'MLGOV-0123', 'M-1', 'MLGOV-1?x=1']) {
      expect(keep(await sourceFor(cloudEnv(server)).readIssue(key, NONE))).toMatchObject({ kind: 'invalid-key' });
    }
    expect(server.requests).toHaveLength(0);
  });

  it('an issue that is not a Service Management request has no approvals (the approval API answers 404)', async () => {
    server.addIssue(approvedIssue());
    const issue = found(keep(await sourceFor(cloudEnv(server)).readIssue('MLGOV-123', ALL)));
    expect(issue.serviceDeskApprovals).toEqual([]);
  });

  it('a 5xx on the comments fails the whole lookup closed', async () => {
    server.addIssue(approvedIssue());
    server.failNext(10, { status: 500 }, /\/comment$/);
    const r = keep(await sourceFor(cloudEnv(server)).readIssue('MLGOV-123', ALL));
    expect(r).toMatchObject({
      kind: 'server-error',
      status: 500,
      message: expect.stringContaining('comments of MLGOV-123'),
    });
  });
});

describe('Jira Data Center (REST v2, Bearer personal access token)', () => {
  it('reads the issue over v2 with the PAT; v2 comment bodies are strings', async () => {
    server.addIssue(
      approvedIssue({
        attachments: [{ ...SIGN_OFF_PDF, author: ALICE }],
        comments: [
          {
            id: '9',
            author: ALICE,
            body: 'h3. Decision\nApproved by the board',
            created: '2026-11-01T09:20:00.000+0000',
          },
        ],
      }),
    );
    const source = sourceFor(dataCenterEnv(server));
    expect(source.deployment).toBe('data-center');
    const issue = found(
      keep(await source.readIssue('MLGOV-123', { comments: true, serviceDeskApprovals: false, fields: [] })),
    );
    expect(issue).toMatchObject({ key: 'MLGOV-123', project: 'MLGOV', status: 'Approved' });
    expect(issue.attachments[0]).toMatchObject({
      filename: 'sign-off-2.4.0.pdf',
      author: 'Alice Board',
      authorIds: ['alice', 'alice@example.com'],
    });
    expect(issue.comments).toEqual([
      {
        id: '9',
        author: 'Alice Board',
        authorIds: ['alice', 'alice@example.com'],
        body: 'h3. Decision\nApproved by the board',
        created: '2026-11-01T09:20:00.000+0000',
      },
    ]);
    const issueReq = server.requests.find((r) => r.path === '/rest/api/2/issue/MLGOV-123');
    expect(issueReq).toMatchObject({ auth: 'bearer', authAccepted: true, status: 200 });
    expect(issueReq?.query['fields']).toEqual(['summary,status,project,attachment']);
    expect(server.requests.every((r) => r.path.startsWith('/rest/api/2/'))).toBe(true);
  });

  it('reads /myself as the PAT owner and rejects a wrong PAT with 401', async () => {
    expect(keep(await sourceFor(dataCenterEnv(server)).readMyself())).toEqual({
      kind: 'ok',
      displayName: 'CI Bot',
      id: 'ci-bot',
    });
    expect(keep(await sourceFor({ ...dataCenterEnv(server), JIRA_PAT: 'not-the-pat' }).readMyself())).toMatchObject({
      kind: 'unauthorized',
      status: 401,
    });
  });

  it('a Cloud credential against a Data Center-only server is refused (wrong auth scheme for v3)', async () => {
    const dcOnly = await startJiraServer({ dataCenter: { pat: PAT } });
    try {
      expect(keep(await sourceFor(cloudEnv(dcOnly)).readMyself())).toMatchObject({ kind: 'unauthorized' });
    } finally {
      await dcOnly.close();
    }
  });
});

describe('configuration from the environment', () => {
  const cases: Array<[string, Record<string, string>, string, RegExp]> = [
    ['nothing set', {}, 'not-configured', /none of JIRA_BASE_URL/],
    ['no base URL', { JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: API_TOKEN }, 'invalid-config', /JIRA_BASE_URL is not set/],
    [
      'token without e-mail',
      { JIRA_BASE_URL: 'https://acme.atlassian.net', JIRA_API_TOKEN: API_TOKEN },
      'invalid-config',
      /JIRA_EMAIL is not set/,
    ],
    [
      'e-mail without token',
      { JIRA_BASE_URL: 'https://acme.atlassian.net', JIRA_EMAIL: EMAIL },
      'invalid-config',
      /JIRA_API_TOKEN is not set/,
    ],
    [
      'both credentials',
      { JIRA_BASE_URL: 'https://acme.atlassian.net', JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: API_TOKEN, JIRA_PAT: PAT },
      'invalid-config',
      /Both Cloud credentials/,
    ],
    [
      'plain http to a remote host',
      { JIRA_BASE_URL: 'http://jira.example.com', JIRA_PAT: PAT },
      'invalid-config',
      /must use https/,
    ],
    [
      'credentials in the URL',
      { JIRA_BASE_URL: `https://bot:${PAT}@jira.example.com`, JIRA_PAT: PAT },
      'invalid-config',
      /contains a user name or password/,
    ],
    ['no scheme: a bare host', { JIRA_BASE_URL: 'jira', JIRA_PAT: PAT }, 'invalid-config', /has no scheme/],
    ['not a URL', { JIRA_BASE_URL: 'https://', JIRA_PAT: PAT }, 'invalid-config', /not a URL/],
    [
      'e-mail is not an e-mail',
      { JIRA_BASE_URL: 'https://acme.atlassian.net', JIRA_EMAIL: 'ci', JIRA_API_TOKEN: API_TOKEN },
      'invalid-config',
      /not an e-mail/,
    ],
  ];
  it.each(cases)('%s', (_name, env, kind, message) => {
    const r = keep(ticketSourceFromEnvironment(env));
    expect(r.kind).toBe(kind);
    if (r.kind !== 'configured') {
      expect(r.message).toMatch(message);
      expect(r.fix.length).toBeGreaterThan(10);
    }
  });

  it('a base URL typed without a scheme gets the https:// address as its fix, never a request', () => {
    const r = ticketSourceFromEnvironment({
      JIRA_BASE_URL: 'acme.atlassian.net',
      JIRA_EMAIL: EMAIL,
      JIRA_API_TOKEN: API_TOKEN,
    });
    expect(r).toMatchObject({
      kind: 'invalid-config',
      message: 'JIRA_BASE_URL has no scheme (https://).',
      fix: 'Set JIRA_BASE_URL to https://acme.atlassian.net (tokens are only sent over https).',
    });
    // host:port would parse as a URL whose scheme is the host: it is caught as scheme-less too.
    const withPort = ticketSourceFromEnvironment({ JIRA_BASE_URL: 'jira.example.com:8443/jira/', JIRA_PAT: PAT });
    expect(withPort).toMatchObject({
      kind: 'invalid-config',
      fix: expect.stringContaining('https://jira.example.com:8443/jira'),
    });
  });

  it.each([
    ['https://acme.atlassian.net/browse/MLGOV-123', 'browse', 'https://acme.atlassian.net'],
    [
      'https://acme.atlassian.net/jira/software/projects/MLGOV/boards/1?selectedIssue=MLGOV-1',
      'jira/software',
      'https://acme.atlassian.net',
    ],
    ['https://jira.example.com/jira/browse/MLGOV-7', 'browse', 'https://jira.example.com/jira'],
    ['https://acme.atlassian.net/projects/MLGOV/issues/MLGOV-9', 'projects', 'https://acme.atlassian.net'],
  ])('refuses an issue or board address as the base URL: %s', (baseUrl, page, site) => {
    const r = ticketSourceFromEnvironment({ JIRA_BASE_URL: baseUrl, JIRA_PAT: PAT, JIRA_DEPLOYMENT: 'data-center' });
    expect(r).toMatchObject({
      kind: 'invalid-config',
      message: `JIRA_BASE_URL is the address of a Jira page (${page}/...), not of the site.`,
      fix: `Set JIRA_BASE_URL to the site's address: ${site}.`,
    });
  });

  it('both credentials are fine when JIRA_DEPLOYMENT says which', () => {
    const r = ticketSourceFromEnvironment({
      JIRA_BASE_URL: 'https://jira.example.com/jira/',
      JIRA_EMAIL: EMAIL,
      JIRA_API_TOKEN: API_TOKEN,
      JIRA_PAT: PAT,
      JIRA_DEPLOYMENT: 'data-center',
    });
    expect(r.kind).toBe('configured');
    if (r.kind === 'configured') {
      expect(r.source.deployment).toBe('data-center');
      expect(r.source.baseUrl).toBe('https://jira.example.com/jira');
      keep(r.description);
    }
  });

  it('empty strings (unset action inputs) count as unset', () => {
    expect(
      ticketSourceFromEnvironment({ JIRA_BASE_URL: '', JIRA_EMAIL: ' ', JIRA_API_TOKEN: '', JIRA_PAT: '' }).kind,
    ).toBe('not-configured');
  });
});
