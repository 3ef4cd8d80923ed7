/**
 * The jira check's key rules, word for word: the manifest's "jira" value (missing, empty, malformed, of another
 * project), the keys the pull request names (none, several, another project's, a different one) with the sources
 * they were found in, the ticket's status as Jira has it, and what the check's summary says when several rules fail
 * or when it runs offline. The PR author controls the title, branch, body and commits, so each rule is tested on
 * the one condition that makes it fire; the fixes carry the manifest's key only when that key is good, and the
 * placeholder otherwise. The full mutation run showed these texts and edges unread by any test.
 */
import { describe, expect, it } from '@jest/globals';
import { jiraCheck } from '../../src/checks/jira.js';
import { parseJsonDocument } from '../../src/formats/json-document.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { ParsedDocument } from '../../src/formats/parsed-document.js';
import type { KeyMention, TicketFacts, TicketIssue } from '../../src/release/ticket-facts.js';
import { DEFAULT_POLICY } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/policy/policy.js';
import { contextWith, jsonDocument } from '../support/release-context.js';

const OMIT = Symbol('omit');

function manifestNaming(jira: unknown): ParsedDocument<Manifest> {
  return jsonDocument<Manifest>('model/manifest.json', {
    schemaVersion: '1.0',
    name: 'fraud-detection',
    version: '2.4.0',
    ...(jira === OMIT ? {} : { jira }),
  });
}

const DONE: TicketIssue = { key: 'MLGOV-123', project: 'MLGOV', status: 'Done', attachments: [], comments: [] };

/** The PR names MLGOV-123 in its title and Jira answers it Done, unless the test says otherwise. */
function facts(overrides: Partial<TicketFacts> = {}): TicketFacts {
  return {
    mentions: [{ key: 'MLGOV-123', source: 'title' }],
    prKnown: true,
    deployment: 'cloud',
    lookup: { kind: 'found', issue: DONE },
    ...overrides,
  };
}

function judge(
  o: {
    jira?: unknown;
    manifest?: ParsedDocument<Manifest>;
    ticket?: Partial<TicketFacts>;
    issue?: Partial<TicketIssue>;
    policy?: Partial<Policy['jira']>;
    skipped?: Record<string, string>;
  } = {},
) {
  const ticket = facts({
    ...(o.issue ? { lookup: { kind: 'found', issue: { ...DONE, ...o.issue } } } : {}),
    ...o.ticket,
  });
  const policy: Policy = { ...DEFAULT_POLICY, jira: { ...DEFAULT_POLICY.jira, ...o.policy } };
  const manifest = o.manifest ?? manifestNaming(o.jira === undefined ? 'MLGOV-123' : o.jira);
  return jiraCheck.run(contextWith({ manifest, ticket, skipped: o.skipped ?? {} }), policy);
}

const mentions = (...list: Array<[string, KeyMention['source']]>): KeyMention[] =>
  list.map(([key, source]) => ({ key, source }));

const codes = (r: ReturnType<typeof judge>) => r.findings.map((f) => f.code);
const only = (r: ReturnType<typeof judge>, code: string) => {
  const hits = r.findings.filter((f) => f.code === code);
  expect(hits).toHaveLength(1);
  return hits[0]!;
};

/** The manifest's "jira" value in the pretty-printed literal: line 5, column 11. */
const AT_KEY = { file: 'model/manifest.json', pointer: '/jira', line: 5, column: 11 };

describe("the manifest's key", () => {
  it('missing: says missing, at /jira, with the key to add', () => {
    const f = only(judge({ jira: OMIT, ticket: { lookup: undefined } }), 'JIRA_MANIFEST_KEY_MISSING');
    expect(f).toMatchObject({
      severity: 'error',
      message: 'The manifest names no Jira ticket ("jira" is missing).',
      file: 'model/manifest.json',
      pointer: '/jira',
      fix: 'Add "jira": "MLGOV-<number>" with the ticket that holds the board\'s sign-off.',
    });
  });

  it('not text is missing too', () => {
    expect(only(judge({ jira: 42 }), 'JIRA_MANIFEST_KEY_MISSING').message).toBe(
      'The manifest names no Jira ticket ("jira" is missing).',
    );
  });

  it('a manifest that does not parse names no key (and the check does not throw)', () => {
    const manifest = parseJsonDocument('model/manifest.json', Buffer.from('{"jira": ')) as ParsedDocument<Manifest>;
    expect(manifest.value).toBeUndefined();
    const r = judge({ manifest });
    expect(r.details?.manifestKey).toBeNull();
    expect(only(r, 'JIRA_MANIFEST_KEY_MISSING').message).toBe('The manifest names no Jira ticket ("jira" is missing).');
  });

  it.each(['', '   '])('empty (%j): says empty, at the value', (jira) => {
    expect(only(judge({ jira }), 'JIRA_MANIFEST_KEY_MISSING')).toEqual({
      severity: 'error',
      code: 'JIRA_MANIFEST_KEY_MISSING',
      message: 'The manifest names no Jira ticket ("jira" is empty).',
      ...AT_KEY,
      fix: 'Add "jira": "MLGOV-<number>" with the ticket that holds the board\'s sign-off.',
    });
  });

  it("the fix names the policy's project", () => {
    const r = judge({ jira: '', policy: { project: 'BOARD' }, ticket: { mentions: mentions(['BOARD-1', 'title']) } });
    expect(only(r, 'JIRA_MANIFEST_KEY_MISSING').fix).toBe(
      'Add "jira": "BOARD-<number>" with the ticket that holds the board\'s sign-off.',
    );
  });

  it('blanks around a good key are trimmed: it passes under that key', () => {
    const r = judge({ jira: ' MLGOV-123 ' });
    expect(r).toMatchObject({ status: 'pass', findings: [], summary: 'MLGOV-123 is Done' });
    expect(r.details?.manifestKey).toBe('MLGOV-123');
  });

  it('malformed: quotes the value, with the form to write', () => {
    expect(only(judge({ jira: 'mlgov-123' }), 'JIRA_KEY_INVALID')).toEqual({
      severity: 'error',
      code: 'JIRA_KEY_INVALID',
      message: 'The manifest\'s "jira" value "mlgov-123" is not a Jira issue key.',
      ...AT_KEY,
      fix: 'Write the key as PROJECT-NUMBER in capitals, e.g. MLGOV-123.',
    });
  });

  it('a long malformed value is quoted by its first 40 characters', () => {
    const jira = 'MLGOV-123 and some prose the author pasted into the field by mistake';
    expect(only(judge({ jira }), 'JIRA_KEY_INVALID').message).toBe(
      `The manifest's "jira" value "${jira.slice(0, 40)}" is not a Jira issue key.`,
    );
  });

  it("another project's key: names both projects, with the fix", () => {
    const r = judge({ jira: 'OPS-4', ticket: { mentions: mentions(['OPS-4', 'title']) } });
    expect(r.findings[0]).toEqual({
      severity: 'error',
      code: 'JIRA_WRONG_PROJECT',
      message: 'The manifest names OPS-4, a ticket of project OPS; release sign-offs live in project MLGOV.',
      ...AT_KEY,
      fix: "Use the MLGOV ticket that holds the board's sign-off.",
    });
  });
});

describe('the keys the pull request names', () => {
  it('no pull request facts: a notice, and the manifest key is still judged', () => {
    const r = judge({ ticket: { mentions: [], prKnown: false } });
    expect(r.status).toBe('pass');
    expect(r.findings).toEqual([
      {
        severity: 'notice',
        code: 'JIRA_PR_UNKNOWN',
        message:
          "No pull request facts (title, branch, body, commits) were available; only the manifest's ticket was checked.",
        fix: 'In CI the action supplies them; locally, pass --pr-title/--pr-body to `mlgov check`.',
      },
    ]);
  });

  it('none: names where it looked (commits as commit messages) and where to put the key', () => {
    const r = judge({ ticket: { mentions: [] } });
    expect(r.findings).toEqual([
      {
        severity: 'error',
        code: 'JIRA_KEY_MISSING',
        message: 'The pull request names no MLGOV ticket (looked in: title, branch, body, commit messages).',
        fix: 'Put MLGOV-123 in the PR title (e.g. "MLGOV-123: release 2.4.0") or the branch name (e.g. release/MLGOV-123).',
      },
    ]);
  });

  it('none, with the sources the policy names', () => {
    const r = judge({ ticket: { mentions: [] }, policy: { keySources: ['commits', 'body'] } });
    expect(only(r, 'JIRA_KEY_MISSING').message).toBe(
      'The pull request names no MLGOV ticket (looked in: commit messages, body).',
    );
  });

  it('none, and the manifest key is malformed: the fix shows the placeholder, not the bad key', () => {
    const r = judge({ jira: 'mlgov-1', ticket: { mentions: [] } });
    expect(only(r, 'JIRA_KEY_MISSING').fix).toBe(
      'Put MLGOV-<number> in the PR title (e.g. "MLGOV-<number>: release 2.4.0") or the branch name (e.g. release/MLGOV-<number>).',
    );
  });

  it("another project's key: names it with the sources it was found in, and the key to name instead", () => {
    const r = judge({
      ticket: {
        mentions: mentions(['OPS-4', 'title'], ['MLGOV-123', 'branch'], ['OPS-4', 'commits'], ['OPS-4', 'title']),
      },
    });
    expect(r.findings).toEqual([
      {
        severity: 'error',
        code: 'JIRA_WRONG_PROJECT',
        message:
          'The pull request names OPS-4 (in its title, commit messages), a ticket of project OPS; a release names only its MLGOV sign-off ticket.',
        fix: "Remove OPS-4 from the PR's title, commit messages and name MLGOV-123 instead.",
      },
    ]);
  });

  it("another project's key while the manifest key is malformed: the fix names the project's ticket", () => {
    const r = judge({ jira: 'mlgov-1', ticket: { mentions: mentions(['OPS-4', 'body'], ['MLGOV-1', 'title']) } });
    expect(r.findings.filter((f) => f.code === 'JIRA_WRONG_PROJECT').map((f) => [f.message, f.fix])).toEqual([
      [
        'The pull request names OPS-4 (in its body), a ticket of project OPS; a release names only its MLGOV sign-off ticket.',
        "Remove OPS-4 from the PR's body and name the MLGOV ticket instead.",
      ],
    ]);
  });

  it('well-known identifiers (UTF-8, SHA-256, CVE-2024) are not tickets', () => {
    const r = judge({
      ticket: {
        mentions: mentions(['UTF-8', 'body'], ['SHA-256', 'body'], ['CVE-2024', 'commits'], ['MLGOV-123', 'title']),
      },
    });
    expect(r).toMatchObject({ status: 'pass', findings: [] });
  });

  it('a project whose key looks like such an identifier still has its tickets counted', () => {
    const r = judge({
      jira: 'RFC-7',
      policy: { project: 'RFC' },
      issue: { key: 'RFC-7', project: 'RFC' },
      ticket: { mentions: mentions(['RFC-7', 'branch']) },
    });
    expect(r).toMatchObject({ status: 'pass', findings: [], summary: 'RFC-7 is Done' });
  });

  it('several of the project: counts and names them with their sources, and the one to keep', () => {
    const r = judge({
      ticket: { mentions: mentions(['MLGOV-123', 'title'], ['MLGOV-124', 'body'], ['MLGOV-124', 'commits']) },
    });
    expect(r.findings).toEqual([
      {
        severity: 'error',
        code: 'JIRA_MULTIPLE_KEYS',
        message:
          'The pull request names 2 MLGOV tickets: MLGOV-123 (title), MLGOV-124 (body, commit messages); a release is signed off in exactly one.',
        fix: "Name only MLGOV-123 (the manifest's ticket) in the PR title, branch, body and commit messages.",
      },
    ]);
  });

  it('several, with a malformed manifest key: the placeholder', () => {
    const r = judge({ jira: 'mlgov-1', ticket: { mentions: mentions(['MLGOV-123', 'title'], ['MLGOV-124', 'body']) } });
    expect(only(r, 'JIRA_MULTIPLE_KEYS').fix).toBe(
      "Name only MLGOV-<number> (the manifest's ticket) in the PR title, branch, body and commit messages.",
    );
  });

  it('a different one than the manifest: names both', () => {
    const r = judge({ ticket: { mentions: mentions(['MLGOV-124', 'branch']) } });
    expect(r.findings).toEqual([
      {
        severity: 'error',
        code: 'JIRA_KEY_MISMATCH',
        message: 'The pull request names MLGOV-124 (in its branch) but the manifest names MLGOV-123.',
        fix: 'Make them agree: the ticket holding the board\'s sign-off for this release, in both the manifest\'s "jira" field and the PR.',
      },
    ]);
  });

  it('no mismatch is claimed against a manifest key that is itself wrong (its own finding says so)', () => {
    const r = judge({ jira: 'OPS-4', ticket: { mentions: mentions(['MLGOV-5', 'title']) } });
    expect(codes(r)).toEqual(['JIRA_WRONG_PROJECT']);
    expect(r.findings[0]!.pointer).toBe('/jira');
  });
});

describe('the status Jira has', () => {
  it('not allowed: names the status, the allowed ones, and who moves it', () => {
    const r = judge({ issue: { status: 'In Review' } });
    expect(r.findings).toEqual([
      {
        severity: 'error',
        code: 'JIRA_STATUS_NOT_ALLOWED',
        message: 'MLGOV-123 is in status "In Review"; the policy allows only: Approved, Done.',
        ...AT_KEY,
        fix: 'The board moves MLGOV-123 to Approved or Done once it has signed off; then re-run the gate.',
      },
    ]);
  });

  it('compares without case and without the blanks around a status', () => {
    expect(judge({ issue: { status: 'DONE' } }).status).toBe('pass');
    expect(judge({ issue: { status: 'Signed off' }, policy: { allowedStatuses: [' signed OFF '] } }).status).toBe(
      'pass',
    );
  });

  it('compares lower-cased: "Maße" and "MASSE" are different words, not one status', () => {
    const r = judge({ issue: { status: 'MASSE GEPRÜFT' }, policy: { allowedStatuses: ['Maße geprüft'] } });
    expect(codes(r)).toEqual(['JIRA_STATUS_NOT_ALLOWED']);
  });

  it('moved to another project: names it ("(none)" when Jira gives none), and is judged no further', () => {
    const r = judge({ issue: { key: 'OPS-9', project: '', status: 'Open' } });
    expect(r.findings).toEqual([
      {
        severity: 'error',
        code: 'JIRA_WRONG_PROJECT',
        message:
          'Jira answers MLGOV-123 with OPS-9 in project (none) (the issue was moved); release sign-offs live in project MLGOV.',
        ...AT_KEY,
        fix: 'Use a MLGOV ticket for the sign-off.',
      },
    ]);
  });
});

describe("the check's summary", () => {
  it('names the first error, not a notice before it', () => {
    const r = judge({ ticket: { mentions: [], prKnown: false }, issue: { status: 'Open' } });
    expect(codes(r)).toEqual(['JIRA_PR_UNKNOWN', 'JIRA_STATUS_NOT_ALLOWED']);
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('MLGOV-123 is in status "Open"; the policy allows only: Approved, Done.');
  });

  it('counts the other errors (notices aside)', () => {
    const r = judge({ ticket: { mentions: [], prKnown: false }, issue: { key: 'MLGOV-321', status: 'Open' } });
    expect(codes(r)).toEqual(['JIRA_PR_UNKNOWN', 'JIRA_KEY_MISMATCH', 'JIRA_STATUS_NOT_ALLOWED']);
    expect(only(r, 'JIRA_KEY_MISMATCH')).toMatchObject({
      message: 'Jira answers MLGOV-123 with MLGOV-321 (the issue was moved or renamed).',
      fix: 'Write the current key MLGOV-321 in the manifest and the PR.',
    });
    expect(r.summary).toBe('Jira answers MLGOV-123 with MLGOV-321 (the issue was moved or renamed). (and 1 more)');
  });

  it('counts three errors as "and 2 more"', () => {
    const r = judge({
      ticket: { mentions: mentions(['OPS-1', 'title']) },
      issue: { key: 'MLGOV-321', status: 'Open' },
    });
    expect(codes(r)).toEqual([
      'JIRA_WRONG_PROJECT',
      'JIRA_KEY_MISSING',
      'JIRA_KEY_MISMATCH',
      'JIRA_STATUS_NOT_ALLOWED',
    ]);
    expect(r.summary).toBe(`${r.findings[0]!.message} (and 3 more)`);
  });

  it('a pass names the ticket and its status', () => {
    expect(judge().summary).toBe('MLGOV-123 is Done');
  });
});

describe('offline (the ticket is not looked up)', () => {
  it('fails on the key rules alone, keeping only the errors', () => {
    const r = judge({
      jira: 'mlgov-1',
      ticket: { offline: true, lookup: undefined, mentions: [], prKnown: false },
      skipped: { jira: '--offline' },
    });
    expect(r).toMatchObject({
      id: 'jira',
      status: 'fail',
      summary: 'The manifest\'s "jira" value "mlgov-1" is not a Jira issue key.',
      details: { manifestKey: 'mlgov-1', project: 'MLGOV' },
    });
    expect(codes(r)).toEqual(['JIRA_KEY_INVALID']);
  });

  it('a notice alone does not fail it: skipped', () => {
    const r = judge({ ticket: { offline: true, lookup: undefined, mentions: [], prKnown: false } });
    expect(r).toMatchObject({ id: 'jira', status: 'skip', findings: [] });
  });

  it('skipped without a reason given says offline', () => {
    const r = judge({ ticket: { offline: true, lookup: undefined } });
    expect(r).toMatchObject({ id: 'jira', status: 'skip', summary: 'skipped: offline', findings: [] });
  });
});
