/**
 * Jira's word, kept: the sign-off attachment that counted is downloaded (only that one) and hashed, the digest lands
 * in the jira check's details and in the record's snapshot (`jiraSnapshotOf`), with the time the ticket was read. A
 * download that fails is "could not judge" with the reason. The real jira.js client over HTTP against the loopback
 * Jira (Cloud: `/rest/api/3/attachment/content/{id}`, 200 or 303 to the media host; Data Center:
 * `/secure/attachment/{id}/{filename}`). Every output is searched for the credentials.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { jiraClientOptionsFromEnvironment } from '../../src/adapters/jira-ticket-source.js';
import { jiraCheck } from '../../src/checks/jira.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { gatherTicketFacts } from '../../src/gate/gather-ticket.js';
import { DEFAULT_POLICY } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/policy/policy.js';
import { jiraSnapshotOf } from '../../src/release/jira-snapshot.js';
import type { CheckResultOf } from '../../src/release/report.js';
import type { TicketFacts, TicketSource } from '../../src/release/ticket-facts.js';
import {
  attachmentBytes,
  startJiraServer,
  type FakeAttachment,
  type FakeIssue,
  type JiraServer,
} from '../servers/jira-server.js';
import { contextWith, jsonDocument } from '../support/release-context.js';
import {
  API_TOKEN,
  EMAIL,
  PAT,
  SIGN_OFF_PDF,
  approvedIssue,
  cloudEnv,
  dataCenterEnv,
  fastOptions,
  sourceFor,
} from './fixtures.js';

const seen: unknown[] = [];
let server: JiraServer;

beforeEach(async () => {
  server = await startJiraServer({ cloud: { email: EMAIL, apiToken: API_TOKEN }, dataCenter: { pat: PAT } });
});
afterEach(async () => {
  await server.close();
});
afterAll(() => {
  const text = JSON.stringify(seen);
  expect(seen.length).toBeGreaterThan(10);
  expect(text).not.toContain(API_TOKEN);
  expect(text).not.toContain(PAT);
  expect(text).not.toContain(Buffer.from(`${EMAIL}:${API_TOKEN}`).toString('base64'));
});

const POLICY: Policy = {
  ...DEFAULT_POLICY,
  jira: { ...DEFAULT_POLICY.jira, signOff: { attachment: 'sign-off*.pdf' } },
};
const READ_AT = new Date('2026-11-23T11:59:30.000Z');
const manifest = jsonDocument<Manifest>('model/manifest.json', {
  schemaVersion: '1.0',
  name: 'fraud-detection',
  version: '2.4.0',
  jira: 'MLGOV-123',
});
const KEY_AT = { file: 'model/manifest.json', pointer: '/jira', line: 5 };
const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const contentRequests = () =>
  server.requests.filter((r) => /attachment\/content|secure\/attachment|\/file\//.test(r.path));

async function judge(options: {
  issue?: FakeIssue;
  source?: TicketSource;
  policy?: Policy;
}): Promise<{ ticket: TicketFacts; result: CheckResultOf<'jira'> }> {
  if (options.issue) server.addIssue(options.issue);
  const policy = options.policy ?? POLICY;
  const ticket = await gatherTicketFacts({
    source: options.source ?? sourceFor(cloudEnv(server)),
    manifestKey: 'MLGOV-123',
    pr: { title: 'MLGOV-123: release fraud-detection 2.4.0', branch: 'release/2.4.0', commitMessages: [] },
    policy,
    now: READ_AT,
  });
  const result = jiraCheck.run(contextWith({ manifest, ticket }), policy);
  seen.push(ticket, result);
  return { ticket, result };
}

const OLDER: FakeAttachment = { ...SIGN_OFF_PDF, id: '10041', created: '2026-10-01T10:00:00.000+0000', size: 1200 };
const NOTES: FakeAttachment = { ...SIGN_OFF_PDF, id: '10050', filename: 'notes.txt', mimeType: 'text/plain' };

describe('the sign-off attachment is hashed', () => {
  it('Cloud: only the newest matching attachment is downloaded (redirect=false), and its SHA-256 is in the details', async () => {
    const { result } = await judge({ issue: approvedIssue({ attachments: [OLDER, SIGN_OFF_PDF, NOTES] }) });
    expect(result.status).toBe('pass');
    expect(result.findings).toEqual([]);
    expect(result.details?.signOff?.attachment).toEqual({
      label: 'attachment sign-off-2.4.0.pdf',
      id: '10042',
      filename: 'sign-off-2.4.0.pdf',
      size: 48213,
      author: 'Alice Board',
      created: '2026-11-01T10:00:00.000+0000',
      mimeType: 'application/pdf',
      sha256: sha256Of(attachmentBytes(SIGN_OFF_PDF)),
      matching: 2,
    });
    expect(result.details?.readAt).toBe('2026-11-23T11:59:30.000Z');
    expect(contentRequests()).toEqual([
      {
        method: 'GET',
        path: '/rest/api/3/attachment/content/10042',
        query: { redirect: ['false'] },
        auth: 'basic',
        authAccepted: true,
        status: 200,
      },
    ]);
  });

  it('Cloud: a 303 to the media host is followed, and the Jira credential does not travel to that other origin', async () => {
    await server.close();
    server = await startJiraServer({ cloud: { email: EMAIL, apiToken: API_TOKEN }, alwaysRedirectAttachments: true });
    const content = Buffer.from('%PDF-1.7 signed by the board\n');
    const { result } = await judge({
      issue: approvedIssue({ attachments: [{ ...SIGN_OFF_PDF, size: content.length, content }] }),
    });
    expect(result.status).toBe('pass');
    expect(result.details?.signOff?.attachment?.sha256).toBe(sha256Of(content));
    expect(contentRequests().map((r) => [r.path, r.auth, r.status])).toEqual([
      ['/rest/api/3/attachment/content/10042', 'basic', 303],
      ['/file/10042/binary', 'none', 200],
    ]);
  });

  it('Data Center: /secure/attachment/{id}/{filename} with the PAT', async () => {
    const { result } = await judge({
      issue: approvedIssue({ attachments: [{ ...SIGN_OFF_PDF, filename: 'sign-off 2.4.0 (signed).pdf' }] }),
      source: sourceFor(dataCenterEnv(server)),
    });
    expect(result.status).toBe('pass');
    expect(result.details?.signOff?.attachment?.sha256).toBe(sha256Of(attachmentBytes(SIGN_OFF_PDF)));
    expect(contentRequests().map((r) => [r.path, r.auth, r.status])).toEqual([
      ['/secure/attachment/10042/sign-off%202.4.0%20(signed).pdf', 'bearer', 200],
    ]);
  });

  it('a transient 503 on the content is retried (bounded), then hashed', async () => {
    server.failNext(1, { status: 503 }, /attachment\/content/);
    const { result } = await judge({ issue: approvedIssue({ attachments: [SIGN_OFF_PDF] }) });
    expect(result.status).toBe('pass');
    expect(contentRequests().map((r) => r.status)).toEqual([503, 200]);
  });

  it('nothing is downloaded when the policy asks for no attachment', async () => {
    const { result } = await judge({ issue: approvedIssue({ attachments: [SIGN_OFF_PDF] }), policy: DEFAULT_POLICY });
    expect(result.status).toBe('pass');
    expect(contentRequests()).toEqual([]);
  });

  it("nothing is downloaded for a ticket moved to another project (its sign-off is not the board's)", async () => {
    const moved = await judge({
      issue: approvedIssue({ key: 'OTHER-9', formerKeys: ['MLGOV-123'], attachments: [SIGN_OFF_PDF] }),
    });
    expect(moved.result.findings.map((f) => f.code)).toEqual(['JIRA_WRONG_PROJECT']);
    expect(contentRequests()).toEqual([]);
  });
});

describe('a sign-off whose content cannot be read is "could not judge", with the reason', () => {
  const digestFinding = (result: CheckResultOf<'jira'>) => {
    expect(result.status).toBe('fail');
    expect(result.findings).toHaveLength(1);
    return result.findings[0]!;
  };
  const prefix =
    "MLGOV-123's sign-off sign-off-2.4.0.pdf is there, but its content could not be read, so the record cannot keep its SHA-256: ";
  const what = 'the content of attachment sign-off-2.4.0.pdf (id 10042) of MLGOV-123';

  it('404 on the content (deleted since the ticket was read)', async () => {
    server.failNext(1, { status: 404, message: 'The attachment with ID 10042 does not exist.' }, /attachment\/content/);
    const { result } = await judge({ issue: approvedIssue({ attachments: [SIGN_OFF_PDF] }) });
    const reason = `Jira answered 404 Not Found for ${what}: The attachment with ID 10042 does not exist.`;
    expect(digestFinding(result)).toEqual({
      severity: 'error',
      indeterminate: true,
      code: 'JIRA_SIGNOFF_DIGEST_UNAVAILABLE',
      message: prefix + reason,
      ...KEY_AT,
      column: expect.any(Number),
      fix: 'The attachment was deleted or hidden since the ticket was read: check that sign-off-2.4.0.pdf is still on MLGOV-123, then re-run.',
    });
    // The record still names the file, and says why its digest is missing.
    expect(result.details?.signOff?.attachment).toMatchObject({ id: '10042', digestUnavailable: reason });
    expect(result.details?.signOff?.attachment).not.toHaveProperty('sha256');
  });

  it('403 on the content (an attachment the account may not see)', async () => {
    server.failNext(1, { status: 403 }, /attachment\/content/);
    const { result } = await judge({ issue: approvedIssue({ attachments: [SIGN_OFF_PDF] }) });
    const f = digestFinding(result);
    expect(f).toMatchObject({
      code: 'JIRA_SIGNOFF_DIGEST_UNAVAILABLE',
      indeterminate: true,
      message: `${prefix}Jira answered 403 Forbidden for ${what}: You do not have permission to perform this operation.`,
      pointer: '/jira',
      line: 5,
    });
    expect(f.fix).toContain('Give the account "Browse projects" on the project');
  });

  it('a content download that never answers times out', async () => {
    server.failNext(1, { hang: true }, /attachment\/content/);
    const { result } = await judge({
      issue: approvedIssue({ attachments: [SIGN_OFF_PDF] }),
      source: sourceFor(cloudEnv(server), { ...fastOptions(), timeoutMs: 300 }),
    });
    expect(digestFinding(result)).toMatchObject({
      code: 'JIRA_SIGNOFF_DIGEST_UNAVAILABLE',
      indeterminate: true,
      message: `${prefix}Jira at ${server.url} did not answer within 300 ms (${what}).`,
    });
  });

  it('over the download limit: refused from the size Jira lists, before any byte is fetched', async () => {
    const { result } = await judge({
      issue: approvedIssue({ attachments: [SIGN_OFF_PDF] }),
      source: sourceFor(cloudEnv(server), { ...fastOptions(), maxAttachmentBytes: 48212 }),
    });
    expect(digestFinding(result)).toMatchObject({
      code: 'JIRA_SIGNOFF_DIGEST_UNAVAILABLE',
      message: `${prefix}Jira lists ${what} as 48213 bytes, over the 48212-byte download limit; it was not downloaded.`,
      fix: 'Attach the signed document as a smaller file (a PDF, not a scan of every page at full resolution) to MLGOV-123, or raise MLGOV_JIRA_MAX_ATTACHMENT_MB; then re-run.',
    });
    expect(contentRequests()).toEqual([]);
  });

  it('bytes that are not the size Jira lists are not taken for the file', async () => {
    const content = Buffer.from('truncated');
    const { result } = await judge({ issue: approvedIssue({ attachments: [{ ...SIGN_OFF_PDF, content }] }) });
    expect(digestFinding(result)).toMatchObject({
      code: 'JIRA_SIGNOFF_DIGEST_UNAVAILABLE',
      message: `${prefix}Jira served 9 bytes for ${what}, which it lists as 48213 bytes: not the file the ticket shows.`,
    });
  });

  it('facts gathered without the content (no digest, no reason) are not a pass either', () => {
    const ticket: TicketFacts = {
      mentions: [{ key: 'MLGOV-123', source: 'title' }],
      prKnown: true,
      lookup: {
        kind: 'found',
        issue: {
          key: 'MLGOV-123',
          project: 'MLGOV',
          status: 'Done',
          attachments: [{ id: '10042', filename: 'sign-off-2.4.0.pdf' }],
          comments: [],
        },
      },
    };
    const result = jiraCheck.run(contextWith({ manifest, ticket }), POLICY);
    seen.push(result);
    expect(digestFinding(result)).toMatchObject({
      code: 'JIRA_SIGNOFF_DIGEST_UNAVAILABLE',
      indeterminate: true,
      message: `${prefix}the gate did not download it (its Jira source reads no attachment content).`,
      fix: 'Run the gate with its Jira adapter (mlgov check, the action), which downloads the sign-off to hash it.',
    });
  });
});

describe('the adapter refuses what it must not ask for', () => {
  it('an attachment id that is not a number is not put into a URL', async () => {
    const source = sourceFor(cloudEnv(server));
    const r = await source.readAttachmentDigest('MLGOV-123', { id: '../../myself', filename: 'sign-off.pdf' });
    expect(r).toEqual({
      kind: 'server-error',
      message:
        'Jira listed the content of attachment sign-off.pdf (id ../../myself) of MLGOV-123 with an id that is not a number.',
    });
    expect(server.requests).toEqual([]);
  });

  it("Data Center's HTML error page for an unknown attachment is not echoed", async () => {
    const source = sourceFor(dataCenterEnv(server));
    const r = await source.readAttachmentDigest('MLGOV-123', { id: '99999', filename: 'sign-off.pdf' });
    seen.push(r);
    expect(r).toEqual({
      kind: 'not-found',
      status: 404,
      message: 'Jira answered 404 Not Found for the content of attachment sign-off.pdf (id 99999) of MLGOV-123',
    });
  });

  it('MLGOV_JIRA_MAX_ATTACHMENT_MB sets the limit in MiB (anything else is ignored)', () => {
    expect(jiraClientOptionsFromEnvironment({ MLGOV_JIRA_MAX_ATTACHMENT_MB: '5' })).toEqual({
      maxAttachmentBytes: 5 * 1024 * 1024,
    });
    expect(jiraClientOptionsFromEnvironment({ MLGOV_JIRA_MAX_ATTACHMENT_MB: '0' })).toEqual({});
    expect(jiraClientOptionsFromEnvironment({ MLGOV_JIRA_MAX_ATTACHMENT_MB: '5e9' })).toEqual({});
  });
});

describe('readAt: when the ticket was read', () => {
  it('is the run clock given to the gatherer, for an answer and for a failure alike', async () => {
    server.addIssue(approvedIssue());
    const found = await gatherTicketFacts({
      source: sourceFor(cloudEnv(server)),
      manifestKey: 'MLGOV-123',
      policy: DEFAULT_POLICY,
      now: READ_AT,
    });
    expect(found.readAt).toBe('2026-11-23T11:59:30.000Z');
    const missing = await gatherTicketFacts({
      source: sourceFor(cloudEnv(server)),
      manifestKey: 'MLGOV-404',
      policy: DEFAULT_POLICY,
      now: READ_AT,
    });
    expect(missing).toMatchObject({ readAt: '2026-11-23T11:59:30.000Z', lookup: { kind: 'not-found' } });
    seen.push(found, missing);
  });

  it('is absent when Jira was not asked (offline, not configured, no key)', async () => {
    const base = { manifestKey: 'MLGOV-123', policy: DEFAULT_POLICY, now: READ_AT };
    expect(await gatherTicketFacts({ ...base, offline: true })).not.toHaveProperty('readAt');
    expect(await gatherTicketFacts(base)).not.toHaveProperty('readAt');
    expect(await gatherTicketFacts({ ...base, manifestKey: undefined })).not.toHaveProperty('readAt');
  });
});

describe('jiraSnapshotOf: what the record keeps', () => {
  const generatedAt = '2026-11-23T12:00:00.000Z';

  it('keeps the ticket as Jira answered it, the attachment sign-off with its SHA-256, and when it was read', async () => {
    const { result } = await judge({ issue: approvedIssue({ attachments: [SIGN_OFF_PDF] }) });
    const snapshot = jiraSnapshotOf({ checks: [result], generatedAt });
    seen.push(snapshot);
    expect(snapshot).toEqual({
      key: 'MLGOV-123',
      readAt: '2026-11-23T11:59:30.000Z',
      check: 'pass',
      status: 'Approved',
      project: 'MLGOV',
      url: `${server.url}/browse/MLGOV-123`,
      summary: 'Release fraud-detection 2.4.0',
      signOff: {
        attachment: {
          label: 'attachment sign-off-2.4.0.pdf',
          id: '10042',
          filename: 'sign-off-2.4.0.pdf',
          size: 48213,
          author: 'Alice Board',
          created: '2026-11-01T10:00:00.000+0000',
          mimeType: 'application/pdf',
          sha256: sha256Of(attachmentBytes(SIGN_OFF_PDF)),
          matching: 1,
        },
      },
    });
  });

  it("keeps the sign-off whose digest could not be read, with why, and the check's outcome", async () => {
    server.failNext(1, { status: 404, message: 'Gone.' }, /attachment\/content/);
    const { result } = await judge({ issue: approvedIssue({ attachments: [SIGN_OFF_PDF] }) });
    expect(jiraSnapshotOf({ checks: [result], generatedAt })).toMatchObject({
      key: 'MLGOV-123',
      check: 'fail',
      signOff: {
        attachment: {
          filename: 'sign-off-2.4.0.pdf',
          digestUnavailable:
            'Jira answered 404 Not Found for the content of attachment sign-off-2.4.0.pdf (id 10042) of MLGOV-123: Gone.',
        },
      },
    });
  });

  it("falls back to the manifest's key and says why Jira is not in it; readAt falls back to the report's time", async () => {
    server.failNext(1, { status: 401 });
    const { result } = await judge({ issue: approvedIssue() });
    expect(jiraSnapshotOf({ checks: [result], generatedAt })).toEqual({
      key: 'MLGOV-123',
      readAt: '2026-11-23T11:59:30.000Z',
      check: 'fail',
      unavailable: result.findings[0]!.message,
    });
    expect(result.findings[0]!.message).toContain('401');
    const offline = jiraCheck.run(contextWith({ manifest }), DEFAULT_POLICY);
    expect(jiraSnapshotOf({ checks: [{ ...offline, details: { ...manifestOnlyDetails() } }], generatedAt })).toEqual({
      key: 'MLGOV-123',
      readAt: generatedAt,
      check: 'fail',
      unavailable: 'The gate did not look up Jira, so the sign-off was not checked.',
    });
  });

  it('is absent when the report has no jira check, no details, or names no ticket', () => {
    const noKey = jiraCheck.run(contextWith({ manifest }), DEFAULT_POLICY);
    expect(jiraSnapshotOf({ checks: [], generatedAt })).toBeUndefined();
    expect(jiraSnapshotOf({ checks: [noKey], generatedAt })).toBeUndefined();
    expect(
      jiraSnapshotOf({ checks: [{ ...noKey, details: { ...manifestOnlyDetails(), manifestKey: null } }], generatedAt }),
    ).toBeUndefined();
  });
});

function manifestOnlyDetails(): NonNullable<CheckResultOf<'jira'>['details']> {
  return { project: 'MLGOV', allowedStatuses: ['Approved'], manifestKey: 'MLGOV-123', mentions: [] };
}
