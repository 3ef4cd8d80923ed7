import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { extractKeyMentions, gatherTicketFacts } from '../../src/gate/gather-ticket.js';
import type { PullRequestFacts } from '../../src/release/review-facts.js';
import { findJiraKeys, isJiraKey } from '../../src/release/ticket-facts.js';
import { DEFAULT_POLICY } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/policy/policy.js';
import { startJiraServer, type JiraServer } from '../servers/jira-server.js';
import { API_TOKEN, EMAIL, approvedIssue, cloudEnv, sourceFor } from './fixtures.js';

function pr(p: Partial<PullRequestFacts>): PullRequestFacts {
  return { commitMessages: [], ...p };
}

describe('findJiraKeys', () => {
  it.each<[string, string[]]>([
    ['MLGOV-123: release 2.4.0', ['MLGOV-123']],
    ['feature/MLGOV-123-add-model', ['MLGOV-123']],
    ['[MLGOV-1] and (OPS_2-45).', ['MLGOV-1', 'OPS_2-45']],
    ['xMLGOV-1 MLGOV-12a mlgov-123 MLGOV-0123 M-1 _MLGOV-5', []],
    ['MLGOV-12-OPS-3', ['MLGOV-12', 'OPS-3']],
    ['ABC-DEF-12', ['DEF-12']],
    ['ABCDEFGHIJK-1 (11 chars) ABCDEFGHIJ-1 (10)', ['ABCDEFGHIJ-1']],
    ['MLGOV-1234567890 is too long, MLGOV-123456789 is not', ['MLGOV-123456789']],
    ['MLGOV-7\nMLGOV-7', ['MLGOV-7', 'MLGOV-7']],
  ])('%s', (text, keys) => {
    expect(findJiraKeys(text)).toEqual(keys);
  });

  it('is linear on hostile 100 KB titles (no backtracking) and still finds a key at the end', () => {
    const hostile = [
      'A'.repeat(100_000),
      'A-'.repeat(50_000),
      'AB'.repeat(50_000) + '-',
      ('MLGOV' + '_'.repeat(20)).repeat(4_000),
      'A' + '1'.repeat(100_000),
      'AB-' + '1'.repeat(100_000),
    ];
    for (const h of hostile) {
      expect(h.length).toBeGreaterThanOrEqual(100_000);
      expect(findJiraKeys(h + ' MLGOV-42')).toEqual(['MLGOV-42']);
    }
  });

  it('validates keys strictly (they go into a URL path)', () => {
    expect(isJiraKey('MLGOV-123')).toBe(true);
    for (const bad of [
      'MLGOV-123/../x',
      'MLGOV-123?a',
      'mlgov-1',
      'MLGOV-0',
      '1MLGOV-1',
      'MLGOV-',
      'MLGOV 1',
      'MLGOV-1\n',
    ]) {
      expect(isJiraKey(bad)).toBe(false);
    }
  });
});

describe('extractKeyMentions', () => {
  const full: PullRequestFacts = pr({
    title: 'MLGOV-1: retrain',
    branch: 'release/MLGOV-2',
    body: 'See OPS-3',
    commitMessages: ['MLGOV-1 tweak', 'MLGOV-1 again', 'fix MLGOV-4'],
  });

  it('reads every source the policy names, in order, once per source and key', () => {
    expect(extractKeyMentions(full, ['title', 'branch', 'body', 'commits'])).toEqual([
      { key: 'MLGOV-1', source: 'title' },
      { key: 'MLGOV-2', source: 'branch' },
      { key: 'OPS-3', source: 'body' },
      { key: 'MLGOV-1', source: 'commits' },
      { key: 'MLGOV-4', source: 'commits' },
    ]);
  });

  it('ignores sources the policy leaves out', () => {
    expect(extractKeyMentions(full, ['title'])).toEqual([{ key: 'MLGOV-1', source: 'title' }]);
    expect(extractKeyMentions(full, ['branch', 'commits']).map((m) => m.key)).toEqual([
      'MLGOV-2',
      'MLGOV-1',
      'MLGOV-4',
    ]);
  });
});

describe('gatherTicketFacts', () => {
  let server: JiraServer;
  const policy: Policy = {
    ...DEFAULT_POLICY,
    jira: { ...DEFAULT_POLICY.jira, signOff: { comment: { role: 'governance-board', phrase: 'approved' } } },
  };

  beforeEach(async () => {
    server = await startJiraServer({ cloud: { email: EMAIL, apiToken: API_TOKEN } });
    server.addIssue(approvedIssue());
  });
  afterEach(async () => {
    await server.close();
  });

  it('looks the manifest key up, reading what the sign-off needs', async () => {
    const facts = await gatherTicketFacts({
      source: sourceFor(cloudEnv(server)),
      manifestKey: 'MLGOV-123',
      pr: pr({ title: 'MLGOV-123 release' }),
      policy,
    });
    expect(facts.mentions).toEqual([{ key: 'MLGOV-123', source: 'title' }]);
    expect(facts.prKnown).toBe(true);
    expect(facts.deployment).toBe('cloud');
    expect(facts.lookup).toMatchObject({ kind: 'found', issue: { key: 'MLGOV-123', status: 'Approved' } });
    expect(server.requests.map((r) => r.path)).toEqual([
      '/rest/api/3/issue/MLGOV-123',
      '/rest/api/3/issue/MLGOV-123/comment',
    ]);
  });

  it('makes no request for an invalid key or a key of another project', async () => {
    const source = sourceFor(cloudEnv(server));
    const invalid = await gatherTicketFacts({ source, manifestKey: 'MLGOV-1/../../myself', policy });
    expect(invalid.lookup).toEqual({
      kind: 'invalid-key',
      message: '"MLGOV-1/../../myself" is not a Jira issue key like MLGOV-123.',
    });
    const other = await gatherTicketFacts({ source, manifestKey: 'OPS-9', policy });
    expect(other.lookup).toBeUndefined();
    const missing = await gatherTicketFacts({ source, manifestKey: undefined, policy });
    expect(missing.lookup).toBeUndefined();
    expect(server.requests).toHaveLength(0);
  });

  it('says Jira is not configured when there is no source', async () => {
    const facts = await gatherTicketFacts({ manifestKey: 'MLGOV-123', policy });
    expect(facts.lookup).toMatchObject({ kind: 'not-configured' });
    expect(facts.prKnown).toBe(false);
    const withProblem = await gatherTicketFacts({
      manifestKey: 'MLGOV-123',
      policy,
      sourceProblem: { kind: 'invalid-config', message: 'JIRA_EMAIL is not an e-mail address.' },
    });
    expect(withProblem.lookup).toEqual({ kind: 'invalid-config', message: 'JIRA_EMAIL is not an e-mail address.' });
  });
});
