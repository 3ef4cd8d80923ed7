/** The `jira` check over literal contexts (no network): the rules that need no Jira server. */
import { describe, expect, it } from '@jest/globals';
import { containsApproval, isGlobMatch, jiraCheck } from '../../src/checks/jira.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { TicketFacts, TicketIssue } from '../../src/release/ticket-facts.js';
import { DEFAULT_POLICY } from '../../src/policy/defaults.js';
import { contextWith, jsonDocument } from '../support/release-context.js';

const OMIT = Symbol('omit');

function manifestWith(jira: unknown) {
  return jsonDocument<Manifest>('model/manifest.json', {
    schemaVersion: '1.0',
    name: 'fraud-detection',
    version: '2.4.0',
    ...(jira === OMIT ? {} : { jira }),
  });
}

const issue: TicketIssue = { key: 'MLGOV-123', project: 'MLGOV', status: 'Done', attachments: [], comments: [] };
const named: TicketFacts = {
  mentions: [{ key: 'MLGOV-123', source: 'title' }],
  prKnown: true,
  deployment: 'cloud',
  lookup: { kind: 'found', issue },
};

function run(ticket: TicketFacts | undefined, jira: unknown = 'MLGOV-123', skipped: Record<string, string> = {}) {
  return jiraCheck.run(
    contextWith({ manifest: manifestWith(jira), ...(ticket ? { ticket } : {}), skipped }),
    DEFAULT_POLICY,
  );
}

describe('jira check (literal contexts)', () => {
  it('passes for a named, found ticket in an allowed status (case-insensitive)', () => {
    expect(run({ ...named, lookup: { kind: 'found', issue: { ...issue, status: 'done' } } })).toMatchObject({
      status: 'pass',
      findings: [],
    });
  });

  it('skips with the reason when offline', () => {
    expect(run(undefined, 'MLGOV-123', { jira: '--offline: Jira was not asked' })).toEqual({
      id: 'jira',
      status: 'skip',
      summary: 'skipped: --offline: Jira was not asked',
      findings: [],
    });
  });

  it('offline with the key rules met: skipped, and the details still name the manifest key (the outputs use it)', () => {
    const r = run({ ...named, offline: true, lookup: undefined }, 'MLGOV-123', { jira: '--offline' });
    expect(r).toMatchObject({ id: 'jira', status: 'skip', summary: 'skipped: --offline', findings: [] });
    expect(r.details).toMatchObject({ manifestKey: 'MLGOV-123', project: 'MLGOV' });
    expect(r.details?.issue).toBeUndefined();
  });

  it('fails closed when Jira facts were not gathered and nothing says why', () => {
    const r = run(undefined);
    expect(r.status).toBe('fail');
    expect(r.findings).toEqual([expect.objectContaining({ code: 'JIRA_NOT_GATHERED', indeterminate: true })]);
  });

  it("a manifest without a key, with a malformed key, or with another project's key", () => {
    expect(run({ ...named, lookup: undefined }, OMIT).findings.map((f) => f.code)).toEqual([
      'JIRA_MANIFEST_KEY_MISSING',
    ]);
    const invalid = run({ ...named, lookup: undefined }, 'mlgov-123');
    expect(invalid.findings[0]).toMatchObject({
      code: 'JIRA_KEY_INVALID',
      file: 'model/manifest.json',
      pointer: '/jira',
      line: 5,
      column: 11,
    });
    const other = run({ mentions: [{ key: 'OPS-4', source: 'title' }], prKnown: true }, 'OPS-4');
    expect(other.findings.map((f) => f.code)).toEqual(['JIRA_WRONG_PROJECT', 'JIRA_WRONG_PROJECT', 'JIRA_KEY_MISSING']);
    expect(other.findings[0]).toMatchObject({
      pointer: '/jira',
      message: 'The manifest names OPS-4, a ticket of project OPS; release sign-offs live in project MLGOV.',
    });
  });

  it('says so (a notice) when no pull request facts were available', () => {
    const r = run({ ...named, mentions: [], prKnown: false });
    expect(r.status).toBe('pass');
    expect(r.findings).toEqual([expect.objectContaining({ severity: 'notice', code: 'JIRA_PR_UNKNOWN' })]);
  });

  it('not configured is indeterminate with the variables to set', () => {
    const r = run({
      ...named,
      deployment: undefined,
      lookup: { kind: 'not-configured', message: 'Jira is not configured.' },
    });
    expect(r.findings).toEqual([
      expect.objectContaining({
        code: 'JIRA_NOT_CONFIGURED',
        indeterminate: true,
        fix: expect.stringContaining('JIRA_BASE_URL'),
      }),
    ]);
    expect(r.findings[0]?.fix).toContain('--offline');
  });

  it('an issue Jira answers from another project (moved) is JIRA_WRONG_PROJECT', () => {
    const r = run({ ...named, lookup: { kind: 'found', issue: { ...issue, key: 'OPS-9', project: 'OPS' } } });
    expect(r.findings).toEqual([
      expect.objectContaining({
        code: 'JIRA_WRONG_PROJECT',
        message:
          'Jira answers MLGOV-123 with OPS-9 in project OPS (the issue was moved); release sign-offs live in project MLGOV.',
      }),
    ]);
  });

  it('an invalid-key lookup is JIRA_KEY_INVALID, judged', () => {
    const r = run({ ...named, lookup: { kind: 'invalid-key', message: 'bad' } });
    expect(r.findings).toEqual([expect.objectContaining({ code: 'JIRA_KEY_INVALID' })]);
    expect(r.findings[0]?.indeterminate).toBeUndefined();
  });
});

describe('isGlobMatch', () => {
  it.each<[string, string, boolean]>([
    ['sign-off*.pdf', 'sign-off-2.4.0.pdf', true],
    ['sign-off*.pdf', 'Sign-Off.PDF', true],
    ['sign-off*.pdf', 'sign-off.pdf.exe', false],
    ['sign-off*.pdf', 'my-sign-off.pdf', false],
    ['sign-off-?.pdf', 'sign-off-1.pdf', true],
    ['*', 'anything', true],
    ['a*b*c', 'a' + 'x'.repeat(10_000) + 'c', false],
  ])('%s ~ %s → %s', (glob, name, expected) => {
    expect(isGlobMatch(glob, name)).toBe(expected);
  });
});

describe('containsApproval', () => {
  it.each<[string, boolean]>([
    ['Approved.', true],
    ['The board APPROVED release 2.4.0', true],
    ['not approved', false],
    ["isn't approved yet", false],
    ['never approved', false],
    ['unapproved', false],
    ['approvedness', false],
    ['Not approved on Monday; approved on Tuesday', true],
  ])('%s → %s', (text, expected) => {
    expect(containsApproval(text, 'approved')).toBe(expected);
  });
});
