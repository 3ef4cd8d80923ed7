/**
 * What the jira check tells a PR author when Jira did not answer with the ticket: the code, the meaning and the fix
 * for every kind of failure (shared with `mlgov preflight` through jiraFailureAdvice), the credentials named for the
 * deployment in use, and the finding the check builds from them at the manifest's "jira" field. These texts are the
 * only help an author gets when the gate cannot judge; the full mutation run showed most of them unread by any test.
 */
import { describe, expect, it } from '@jest/globals';
import { jiraCheck, jiraFailureAdvice } from '../../src/checks/jira.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { TicketFacts, TicketFailure } from '../../src/release/ticket-facts.js';
import { DEFAULT_POLICY } from '../../src/policy/defaults.js';
import { contextWith, jsonDocument } from '../support/release-context.js';

const TOKEN_URL = 'https://id.atlassian.com/manage-profile/security/api-tokens';
const CLOUD = `Cloud needs JIRA_EMAIL (the Atlassian account's e-mail) + JIRA_API_TOKEN (create one at ${TOKEN_URL})`;
const DATA_CENTER =
  'Data Center needs JIRA_PAT, a personal access token (Jira → Profile → Personal Access Tokens) that has not expired';
const EITHER = `Cloud needs JIRA_EMAIL + JIRA_API_TOKEN (${TOKEN_URL}), Data Center JIRA_PAT`;

const BY_DEPLOYMENT: Array<[Parameters<typeof jiraFailureAdvice>[1], string]> = [
  ['cloud', CLOUD],
  ['data-center', DATA_CENTER],
  [undefined, EITHER],
];

describe('jiraFailureAdvice: the credentials named follow the deployment', () => {
  it.each(BY_DEPLOYMENT)('401 on %s', (deployment, credentials) => {
    expect(jiraFailureAdvice({ kind: 'unauthorized' }, deployment)).toEqual({
      code: 'JIRA_AUTH_FAILED',
      meaning:
        '401: Jira did not accept the credentials (the API token or e-mail is wrong, or the token expired or was revoked).',
      fix: `Check the credentials: ${credentials}. A Cloud token sent to Data Center (or a PAT to Cloud) is also refused.`,
      indeterminate: true,
    });
  });

  it.each(BY_DEPLOYMENT)('not configured on %s', (deployment, credentials) => {
    expect(jiraFailureAdvice({ kind: 'not-configured' }, deployment)).toEqual({
      code: 'JIRA_NOT_CONFIGURED',
      meaning: 'Jira is not configured, so the sign-off cannot be checked.',
      fix: `Set JIRA_BASE_URL and the credentials: ${credentials} (action: the jira-* inputs). To judge without Jira, run \`mlgov check --offline\` (the report says the check was skipped).`,
      indeterminate: true,
    });
  });

  it('an invalid configuration points at the variable the message names, and the credentials', () => {
    expect(jiraFailureAdvice({ kind: 'invalid-config' }, 'data-center')).toEqual({
      code: 'JIRA_CONFIG_INVALID',
      meaning: 'The Jira settings are incomplete or invalid.',
      fix: `Correct the variable named in the message. ${DATA_CENTER}.`,
      indeterminate: true,
    });
  });
});

describe('jiraFailureAdvice: every other failure', () => {
  it.each<[TicketFailure['kind'], ReturnType<typeof jiraFailureAdvice>]>([
    [
      'forbidden',
      {
        code: 'JIRA_FORBIDDEN',
        meaning:
          '403: the credentials were accepted but this account may not do this (or Jira asks for a CAPTCHA after failed logins).',
        fix: 'Give the account "Browse projects" on the project (and access to the service desk for approvals); if it was locked by failed logins, sign in once in a browser.',
        indeterminate: true,
      },
    ],
    [
      'unreachable',
      {
        code: 'JIRA_UNREACHABLE',
        meaning: 'Jira could not be reached (connection refused, DNS, TLS or timeout).',
        fix: "Check JIRA_BASE_URL (the site URL, e.g. https://acme.atlassian.net), the network/proxy from this runner, and Jira's status page; then re-run.",
        indeterminate: true,
      },
    ],
    [
      'rate-limited',
      {
        code: 'JIRA_RATE_LIMITED',
        meaning: '429: Jira kept rate-limiting the requests after the retries.',
        fix: 'Re-run the job later; if it keeps happening, use a dedicated account/token for mlgov so other automation does not share its rate limit.',
        indeterminate: true,
      },
    ],
    [
      'server-error',
      {
        code: 'JIRA_SERVER_ERROR',
        meaning: 'Jira failed to answer after the retries.',
        fix: "Check Jira's status page and re-run the job; the gate does not pass while Jira cannot answer.",
        indeterminate: true,
      },
    ],
    [
      'not-found',
      {
        code: 'JIRA_ISSUE_NOT_FOUND',
        meaning: '404: the issue does not exist, or this account may not see it (Jira answers both the same way).',
        fix: 'Check the key in the manifest\'s "jira" field, and that the account mlgov uses can browse the issue.',
        indeterminate: false,
      },
    ],
    [
      'invalid-key',
      {
        code: 'JIRA_KEY_INVALID',
        meaning: 'The key is not a Jira issue key.',
        fix: 'Write the ticket key as PROJECT-NUMBER, e.g. MLGOV-123.',
        indeterminate: false,
      },
    ],
  ])('%s', (kind, advice) => {
    expect(jiraFailureAdvice({ kind }, 'cloud')).toEqual(advice);
  });

  it('a server error names the HTTP status when there was one', () => {
    expect(jiraFailureAdvice({ kind: 'server-error', status: 503 }, 'cloud').meaning).toBe(
      'Jira failed to answer (503) after the retries.',
    );
  });
});

/** The check over a manifest naming MLGOV-123, a PR naming it too, and Jira's answer `lookup`. */
function judgeLookup(lookup: TicketFacts['lookup'], deployment: TicketFacts['deployment'] | 'unknown' = 'cloud') {
  const manifest = jsonDocument<Manifest>('model/manifest.json', {
    schemaVersion: '1.0',
    name: 'fraud-detection',
    version: '2.4.0',
    jira: 'MLGOV-123',
  });
  const ticket: TicketFacts = {
    mentions: [{ key: 'MLGOV-123', source: 'title' }],
    prKnown: true,
    ...(deployment !== 'unknown' ? { deployment } : {}),
    ...(lookup ? { lookup } : {}),
  };
  return jiraCheck.run(contextWith({ manifest, ticket }), DEFAULT_POLICY);
}

/** Where every lookup finding points: the manifest's "jira" value (line 5 of the pretty-printed literal). */
const AT_KEY = { file: 'model/manifest.json', pointer: '/jira', line: 5, column: 11 };

describe('the finding a failed lookup becomes', () => {
  it('no lookup at all: could not judge, at the key', () => {
    const r = judgeLookup(undefined);
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('The gate did not look up MLGOV-123 in Jira.');
    expect(r.findings).toEqual([
      {
        severity: 'error',
        code: 'JIRA_NOT_LOOKED_UP',
        message: 'The gate did not look up MLGOV-123 in Jira.',
        indeterminate: true,
        ...AT_KEY,
        fix: 'Run the gate with Jira configured, or with --offline to skip the Jira check explicitly.',
      },
    ]);
  });

  it("not configured: Jira's own message, which already names the variable, stands alone", () => {
    const r = judgeLookup({ kind: 'not-configured', message: 'JIRA_BASE_URL is not set.' }, 'data-center');
    expect(r.findings).toEqual([
      {
        severity: 'error',
        code: 'JIRA_NOT_CONFIGURED',
        message: 'JIRA_BASE_URL is not set.',
        indeterminate: true,
        ...AT_KEY,
        fix: `Set JIRA_BASE_URL and the credentials: ${DATA_CENTER} (action: the jira-* inputs). To judge without Jira, run \`mlgov check --offline\` (the report says the check was skipped).`,
      },
    ]);
  });

  it('an invalid configuration: the message alone as well', () => {
    const r = judgeLookup({ kind: 'invalid-config', message: 'JIRA_BASE_URL must start with https://.' });
    expect(r.findings).toEqual([
      expect.objectContaining({
        code: 'JIRA_CONFIG_INVALID',
        message: 'JIRA_BASE_URL must start with https://.',
        indeterminate: true,
        fix: `Correct the variable named in the message. ${CLOUD}.`,
      }),
    ]);
  });

  it('not found: judged (not indeterminate), saying the account may not see it', () => {
    const r = judgeLookup({
      kind: 'not-found',
      message: 'Issue does not exist or you do not have permission to see it.',
    });
    expect(r.findings).toEqual([
      {
        severity: 'error',
        code: 'JIRA_ISSUE_NOT_FOUND',
        message:
          'MLGOV-123 was not found in Jira, or the account mlgov uses may not see it. Issue does not exist or you do not have permission to see it.',
        ...AT_KEY,
        fix: 'Check the key in the manifest\'s "jira" field, and that the account mlgov uses can browse the issue.',
      },
    ]);
  });

  it("any other failure: the meaning, then Jira's message, with the credentials of the deployment", () => {
    const r = judgeLookup({ kind: 'unauthorized', message: 'Jira answered 401.', status: 401 }, 'unknown');
    expect(r.findings).toEqual([
      {
        severity: 'error',
        code: 'JIRA_AUTH_FAILED',
        message:
          '401: Jira did not accept the credentials (the API token or e-mail is wrong, or the token expired or was revoked). Jira answered 401.',
        indeterminate: true,
        ...AT_KEY,
        fix: `Check the credentials: ${EITHER}. A Cloud token sent to Data Center (or a PAT to Cloud) is also refused.`,
      },
    ]);
    expect(r.summary).toBe(r.findings[0]!.message);
  });

  it('a server error with its status', () => {
    const r = judgeLookup({ kind: 'server-error', message: 'Jira answered 502 three times.', status: 502 });
    expect(r.findings[0]).toMatchObject({
      code: 'JIRA_SERVER_ERROR',
      message: 'Jira failed to answer (502) after the retries. Jira answered 502 three times.',
      indeterminate: true,
    });
  });
});
