/**
 * What the policy check reports for each thing a pull request can do to its own gate: leave the policy as it is,
 * restate it, tighten it (one warning listing every change), loosen it (an error per loosening, counted in the
 * summary), delete it or make it unreadable, and what a standing governance-board approval turns that into. The
 * findings, the fix and the summaries are asserted word for word: they tell the PR author and the board what
 * changed. The full mutation run showed the summaries, the unreadable policy and the restated policy untested. A PR
 * author controls the head policy: an invalid one must fail closed, not be diffed or skipped.
 */
import { describe, expect, it } from '@jest/globals';
import { policyCheck } from '../../src/checks/policy.js';
import type { ParsedDocument } from '../../src/formats/parsed-document.js';
import { withDefaults } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/policy/policy.js';
import type { ReleaseContext } from '../../src/release/release-context.js';
import { yamlDocument } from '../support/release-context.js';
import { buildRelease, HEAD_SHA } from './fixtures/release.js';

const FILE = '.github/governance-policy.yml';
const FIX =
  'A policy change needs a governance-board review: ask a governance-board member to approve this pull request on GitHub (the gate then reports the change as approved), or move the policy change to its own PR.';

/** The judging policy: two governance-board members, so approvals by several can be listed. */
const BASE = `version: 1
approvals:
  roster:
    - { login: alice, roles: [governance-board] }
    - { login: carol, roles: [governance-board] }
    - { login: bob, roles: [regulatory-affairs] }
  required:
    - { role: governance-board, count: 1 }
  maxAgeDays: 30
bias:
  minGroupSize: 30
promotion:
  minImprovementPct: 5
`;

const doc = (text: string): ParsedDocument<Policy> => yamlDocument<Policy>(FILE, text);
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

/** The check with the base policy judging and `head` (a document, or none: deleted) on the branch. */
function judge(head: ParsedDocument<Policy> | undefined, extra: Partial<ReleaseContext> = {}, baseText = BASE) {
  const base = doc(baseText);
  const { ctx } = buildRelease({
    context: { policyDocument: base, ...(head ? { headPolicy: head } : {}), policySource: 'base', ...extra },
  });
  return policyCheck.run(ctx, withDefaults(base.value));
}
const judgeText = (text: string, extra: Partial<ReleaseContext> = {}) => judge(doc(text), extra);

/** Reviews approving the head commit, in the order given. */
const approvedBy = (...logins: string[]): Partial<ReleaseContext> => ({
  pr: {
    author: 'mallory',
    headSha: HEAD_SHA,
    commitMessages: [],
    reviews: logins.map((login, i) => ({ id: i + 1, login, state: 'APPROVED' as const, commitId: HEAD_SHA })),
  },
});

const TIGHTENED = BASE.replace('minImprovementPct: 5', 'minImprovementPct: 7').replace(
  'maxAgeDays: 30',
  'maxAgeDays: 20',
);
/** Two loosenings (maxAgeDays up, minGroupSize up) and one tightening (minImprovementPct up). */
const MIXED = BASE.replace('maxAgeDays: 30', 'maxAgeDays: 90')
  .replace('minGroupSize: 30', 'minGroupSize: 50')
  .replace('minImprovementPct: 5', 'minImprovementPct: 7');

describe('policy check: nothing to review', () => {
  it('an unchanged policy passes with its source in the details', () => {
    expect(judgeText(BASE)).toEqual({
      id: 'policy',
      status: 'pass',
      summary: 'policy unchanged from base',
      findings: [],
      details: { policySource: 'base' },
    });
  });

  it('without a base policy it says so, naming the head file', () => {
    const { ctx } = buildRelease({ context: { policySource: 'working-tree', headPolicy: doc(BASE) } });
    expect(policyCheck.run(ctx, withDefaults(undefined))).toEqual({
      id: 'policy',
      status: 'pass',
      summary: "no base policy to compare with (judged by the working tree's or the default policy)",
      findings: [
        {
          severity: 'notice',
          code: 'POLICY_NOT_COMPARED',
          message:
            'The policy was read from the working tree, not from a base revision, so changes to it were not checked.',
          file: FILE,
        },
      ],
      details: { policySource: 'working-tree' },
    });
  });
});

describe('policy check: a change that only tightens or restates', () => {
  it('lists every change in one warning at the first change', () => {
    const result = judgeText(TIGHTENED);
    expect(result).toMatchObject({ id: 'policy', status: 'warn', summary: 'policy tightened: needs board review' });
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'POLICY_CHANGED',
        message:
          'This pull request changes the governance policy (tightened; still needs board review): approvals.maxAgeDays 30 → 20; promotion.minImprovementPct 5 → 7.',
        file: FILE,
        pointer: '/approvals/maxAgeDays',
        line: lineOf(TIGHTENED, 'maxAgeDays'),
        fix: FIX,
      }),
    ]);
  });

  it('a default stated explicitly changes the text, not the policy: still a warning, on the file', () => {
    const restated = BASE.replace('  maxAgeDays: 30\n', '  maxAgeDays: 30\n  separationOfDuties: true\n');
    const result = judgeText(restated);
    expect(result).toMatchObject({ status: 'warn', summary: 'policy tightened: needs board review' });
    expect(result.details?.changes).toEqual([]);
    expect(result.findings).toEqual([
      {
        severity: 'warning',
        code: 'POLICY_CHANGED',
        message:
          'This pull request changes the governance policy (tightened; still needs board review): the text changed without changing the effective policy.',
        file: FILE,
        fix: FIX,
      },
    ]);
  });
});

describe('policy check: a loosening', () => {
  it('is an error per loosening; the summary counts the loosenings only', () => {
    const result = judgeText(MIXED);
    expect(result).toMatchObject({
      status: 'fail',
      summary: 'policy loosened (2 change(s)): needs board review',
    });
    expect(result.details?.changes?.map((c) => c.direction)).toEqual(['loosened', 'loosened', 'tightened']);
    expect(result.findings.map((f) => [f.severity, f.message, f.pointer])).toEqual([
      [
        'error',
        'This pull request loosens the governance policy: approvals.maxAgeDays 30 → 90.',
        '/approvals/maxAgeDays',
      ],
      ['error', 'This pull request loosens the governance policy: bias.minGroupSize 30 → 50.', '/bias/minGroupSize'],
    ]);
  });

  it('approved by several board members: notices naming them in order, and a summary with every change', () => {
    const result = judgeText(MIXED, approvedBy('carol', 'alice'));
    expect(result).toMatchObject({
      status: 'pass',
      summary: 'policy changed (3 change(s)); approved by alice, carol',
      details: { approvedBy: ['alice', 'carol'] },
    });
    expect(result.findings[0]).toEqual({
      severity: 'notice',
      code: 'POLICY_CHANGE_APPROVED',
      message:
        'This pull request loosens the governance policy: approvals.maxAgeDays 30 → 90. Approved on the head commit by governance-board alice, carol.',
      file: FILE,
      pointer: '/approvals/maxAgeDays',
      line: lineOf(MIXED, 'maxAgeDays'),
      column: expect.any(Number),
    });
  });
});

describe('policy check: a policy deleted or unreadable fails closed', () => {
  it('deleted: one error on the judging file; with nothing the defaults loosen, the summary says deleted', () => {
    const result = judge(undefined);
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      {
        severity: 'error',
        code: 'POLICY_CHANGED',
        message: `This pull request deletes the governance policy ${FILE}; the gate would fall back to the defaults.`,
        file: FILE,
        fix: FIX,
      },
    ]);
    expect(result.summary).toBe('policy loosened (unreadable or deleted): needs board review');
    expect(result.details?.changes?.map((c) => c.direction)).toEqual(['tightened', 'tightened', 'tightened']);
  });

  it('deleted over a policy stricter than the defaults: the summary counts what the defaults loosen', () => {
    const result = judge(undefined, {}, BASE.replace('maxAgeDays: 30', 'maxAgeDays: 10'));
    expect(result.summary).toBe('policy loosened (1 change(s)): needs board review');
    expect(result.details?.changes).toContainEqual({
      pointer: '/approvals/maxAgeDays',
      what: 'approvals.maxAgeDays 10 → 30',
      direction: 'loosened',
    });
    expect(result.findings.map((f) => f.message)).toEqual([
      `This pull request deletes the governance policy ${FILE}; the gate would fall back to the defaults.`,
    ]);
  });

  it.each([
    ['cannot be parsed', 'approvals: [unclosed\n'],
    ['is not a valid policy', 'version: 1\napprovals:\n  roster: { alice: [governance-board] }\n'],
  ])('a head policy that %s: one error, no changes to list', (_what, text) => {
    const result = judgeText(text);
    expect(result).toMatchObject({
      status: 'fail',
      summary: 'policy loosened (unreadable or deleted): needs board review',
      details: { policySource: 'base', changes: [] },
    });
    expect(result.findings).toEqual([
      {
        severity: 'error',
        code: 'POLICY_CHANGED',
        message: `The pull request's policy ${FILE} cannot be read or is not a valid policy (see the schema check), so its changes cannot be reviewed.`,
        file: FILE,
        fix: 'Fix the policy file; ' + FIX,
      },
    ]);
  });
});
