import { describe, expect, it } from '@jest/globals';
import { diffPolicies } from '../../src/checks/policy-diff.js';
import { policyCheck } from '../../src/checks/policy.js';
import { validateAgainstSchema } from '../../src/formats/schema-validator.js';
import type { ParsedDocument } from '../../src/formats/parsed-document.js';
import type { ReleaseContext } from '../../src/release/release-context.js';
import { withDefaults } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/policy/policy.js';
import { yamlDocument } from '../support/release-context.js';
import { buildRelease, HEAD_SHA, OLD_SHA } from './fixtures/release.js';
import { codes } from './fixtures/findings.js';

const BASE_POLICY = `version: 1
approvals:
  roster:
    - { login: alice, roles: [governance-board] }
    - { login: bob, roles: [regulatory-affairs] }
  required:
    - { role: governance-board, count: 1 }
    - { role: regulatory-affairs, count: 1 }
  separationOfDuties: true
  maxAgeDays: 30
bias:
  minGroupSize: 30
  requiredAttributes: [sex, age_band]
  thresholds:
    demographic_parity_difference: { max: 0.1 }
    disparate_impact_ratio: { min: 0.8 }
    equalized_odds_difference: { max: 0.1 }
promotion:
  minImprovementPct: 5
jira:
  project: MLGOV
  allowedStatuses: [Approved, Done]
`;

const FILE = '.github/governance-policy.yml';

function doc(text: string): ParsedDocument<Policy> {
  const d = yamlDocument<Policy>(FILE, text);
  expect(d.problems).toEqual([]);
  return d;
}

function judge(headText: string | undefined, extra: Partial<ReleaseContext> = {}) {
  const base = doc(BASE_POLICY);
  const head = headText === undefined ? undefined : doc(headText);
  const policy = withDefaults(base.value);
  const { ctx } = buildRelease({
    context: { policyDocument: base, ...(head ? { headPolicy: head } : {}), policySource: 'base', ...extra },
  });
  return { result: policyCheck.run(ctx, policy), head };
}

/** 1-based line of the first line containing `needle` in `text`. */
function lineContaining(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('policy diff', () => {
  const base = () => withDefaults(doc(BASE_POLICY).value);

  it('classifies loosening and tightening changes', () => {
    const head = base();
    head.approvals.maxAgeDays = 60;
    head.approvals.separationOfDuties = false;
    head.promotion.minImprovementPct = 2;
    head.jira.allowedStatuses = ['Approved', 'Done', 'In Review'];
    head.approvals.required = [{ role: 'governance-board', count: 2 }];
    head.approvals.roster = [
      { login: 'alice', roles: ['governance-board', 'force-approver'] },
      { login: 'bob', roles: ['regulatory-affairs'] },
      { login: 'zed', roles: ['governance-board'] },
    ];
    const changes = diffPolicies(base(), head);
    const by = (d: string) => changes.filter((c) => c.direction === d).map((c) => c.what);
    expect(by('loosened')).toEqual([
      'new role for alice: force-approver',
      'roster addition: zed (governance-board)',
      'required role removed: regulatory-affairs (was 1)',
      'approvals.separationOfDuties turned off',
      'approvals.maxAgeDays 30 → 60',
      'promotion.minImprovementPct 5 → 2',
      'jira.allowedStatuses: added In Review',
    ]);
    expect(by('tightened')).toEqual(['required governance-board count 1 → 2']);
  });

  it('sees no change when a default is stated explicitly', () => {
    const head = base();
    head.promotion.minWindows = 12;
    expect(diffPolicies(base(), head)).toEqual([]);
  });
});

describe('policy check', () => {
  it('passes an unchanged policy', () => {
    const { result } = judge(BASE_POLICY);
    expect(result.status).toBe('pass');
    expect(result.findings).toEqual([]);
  });

  it('flags a head policy lowering disparate_impact_ratio.min, at its line in the head policy', () => {
    const headText = BASE_POLICY.replace(
      'disparate_impact_ratio: { min: 0.8 }',
      'disparate_impact_ratio: { min: 0.7 }',
    );
    const { result } = judge(headText);
    expect(result.status).toBe('fail');
    expect(codes(result.findings)).toEqual(['POLICY_CHANGED']);
    const f = result.findings[0]!;
    expect(f.severity).toBe('error');
    expect(f.message).toBe(
      'This pull request loosens the governance policy: bias.thresholds.disparate_impact_ratio.min 0.8 → 0.7.',
    );
    expect(f.file).toBe(FILE);
    expect(f.pointer).toBe('/bias/thresholds/disparate_impact_ratio/min');
    expect(f.line).toBe(lineContaining(headText, 'disparate_impact_ratio'));
    expect(f.fix).toContain('governance-board review');
  });

  it('flags a roster addition at the new member', () => {
    const headText = BASE_POLICY.replace(
      '    - { login: bob, roles: [regulatory-affairs] }\n',
      '    - { login: bob, roles: [regulatory-affairs] }\n    - { login: mallory, roles: [governance-board] }\n',
    );
    const f = judge(headText).result.findings[0]!;
    expect(f.message).toContain('roster addition: mallory (governance-board)');
    expect(f.pointer).toBe('/approvals/roster/2');
    expect(f.line).toBe(lineContaining(headText, 'mallory'));
  });

  it('warns about a tightening-only change: still needs board review', () => {
    const headText = BASE_POLICY.replace('minImprovementPct: 5', 'minImprovementPct: 7');
    const { result } = judge(headText);
    expect(result.status).toBe('warn');
    const f = result.findings[0]!;
    expect(f.code).toBe('POLICY_CHANGED');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('tightened; still needs board review');
    expect(f.message).toContain('promotion.minImprovementPct 5 → 7');
    expect(f.line).toBe(lineContaining(headText, 'minImprovementPct'));
  });

  it('turns the finding into a notice when a governance-board member approved the head commit on GitHub', () => {
    const headText = BASE_POLICY.replace(
      'disparate_impact_ratio: { min: 0.8 }',
      'disparate_impact_ratio: { min: 0.7 }',
    );
    const { result } = judge(headText, {
      pr: {
        author: 'mallory',
        headSha: HEAD_SHA,
        commitMessages: [],
        reviews: [{ id: 1, login: 'alice', state: 'APPROVED', commitId: HEAD_SHA }],
      },
    });
    expect(result.status).toBe('pass');
    expect(codes(result.findings)).toEqual(['POLICY_CHANGE_APPROVED']);
    expect(result.findings[0]!.severity).toBe('notice');
    expect(result.findings[0]!.message).toContain('by governance-board alice');
  });

  it('accepts a board approval whatever the case of the login, never the author under another case', () => {
    const headText = BASE_POLICY.replace(
      'disparate_impact_ratio: { min: 0.8 }',
      'disparate_impact_ratio: { min: 0.7 }',
    );
    const approved = judge(headText, {
      pr: {
        author: 'mallory',
        headSha: HEAD_SHA,
        commitMessages: [],
        reviews: [{ id: 1, login: 'Alice', state: 'APPROVED', commitId: HEAD_SHA }],
      },
    }).result;
    expect(codes(approved.findings)).toEqual(['POLICY_CHANGE_APPROVED']);
    expect(approved.findings[0]!.message).toContain('by governance-board Alice');
    // The author is a board member here: their own review does not clear their own policy change, in any case.
    const own = judge(headText, {
      pr: {
        author: 'alice',
        headSha: HEAD_SHA,
        commitMessages: [],
        reviews: [{ id: 1, login: 'ALICE', state: 'APPROVED', commitId: HEAD_SHA }],
      },
    }).result;
    expect(own.status).toBe('fail');
    expect(codes(own.findings)).toEqual(['POLICY_CHANGED']);
  });

  it('counts only a standing approval: a later "changes requested" or dismissal withdraws it', () => {
    const headText = BASE_POLICY.replace('maxAgeDays: 30', 'maxAgeDays: 90');
    for (const later of ['CHANGES_REQUESTED', 'DISMISSED'] as const) {
      const { result } = judge(headText, {
        pr: {
          author: 'mallory',
          headSha: HEAD_SHA,
          commitMessages: [],
          reviews: [
            { id: 1, login: 'alice', state: 'APPROVED', commitId: HEAD_SHA, submittedAt: '2026-11-20T10:00:00Z' },
            { id: 2, login: 'alice', state: later, commitId: HEAD_SHA, submittedAt: '2026-11-20T11:00:00Z' },
          ],
        },
      });
      expect(result.status).toBe('fail');
      expect(codes(result.findings)).toEqual(['POLICY_CHANGED']);
    }
  });

  it('does not accept a board approval on an older commit, nor by a non-board member', () => {
    const headText = BASE_POLICY.replace('maxAgeDays: 30', 'maxAgeDays: 90');
    const { result } = judge(headText, {
      pr: {
        author: 'mallory',
        headSha: HEAD_SHA,
        commitMessages: [],
        reviews: [
          { id: 1, login: 'alice', state: 'APPROVED', commitId: OLD_SHA },
          { id: 2, login: 'bob', state: 'APPROVED', commitId: HEAD_SHA },
        ],
      },
    });
    expect(result.status).toBe('fail');
    expect(result.findings[0]!.message).toContain('approvals.maxAgeDays 30 → 90');
  });

  it('fails a PR that deletes the policy', () => {
    const { result } = judge(undefined);
    expect(result.status).toBe('fail');
    expect(result.findings[0]!.message).toContain('deletes the governance policy');
  });

  describe('bias.favorableLabel: which outcome is favourable is the board decision, any change a loosening', () => {
    const withLabel = (label: string) =>
      BASE_POLICY.replace('  minGroupSize: 30\n', `  minGroupSize: 30\n  favorableLabel: ${label}\n`);

    it.each([
      ['set where the base had none', BASE_POLICY, withLabel('legitimate'), '(unset) → legitimate'],
      ['removed', withLabel('legitimate'), BASE_POLICY, 'legitimate → (unset)'],
      ['changed', withLabel('legitimate'), withLabel('fraud'), 'legitimate → fraud'],
    ])('flags bias.favorableLabel %s as a loosening', (_case, baseText, headText, what) => {
      const changes = diffPolicies(withDefaults(doc(baseText).value), withDefaults(doc(headText).value));
      expect(changes).toEqual([
        { pointer: '/bias/favorableLabel', what: `bias.favorableLabel ${what}`, direction: 'loosened' },
      ]);
    });

    it('fails a PR that sets it, at its line in the head policy', () => {
      const headText = withLabel('legitimate');
      const { result } = judge(headText);
      expect(result.status).toBe('fail');
      const f = result.findings[0]!;
      expect(codes(result.findings)).toEqual(['POLICY_CHANGED']);
      expect(f.severity).toBe('error');
      expect(f.message).toBe(
        'This pull request loosens the governance policy: bias.favorableLabel (unset) → legitimate.',
      );
      expect(f.pointer).toBe('/bias/favorableLabel');
      expect(f.line).toBe(lineContaining(headText, 'favorableLabel'));
    });

    it('sees no change when the label is the same on both sides', () => {
      const text = withLabel('legitimate');
      expect(diffPolicies(withDefaults(doc(text).value), withDefaults(doc(text).value))).toEqual([]);
      expect(judge(BASE_POLICY).result.findings).toEqual([]);
    });

    it('accepts the field in the policy schema, and refuses an empty label', () => {
      expect(validateAgainstSchema('policy', doc(withLabel('legitimate')).value)).toEqual([]);
      expect(validateAgainstSchema('policy', doc(withLabel('""')).value)).not.toEqual([]);
    });
  });

  it('says it did not compare when there is no base policy', () => {
    const { ctx } = buildRelease({ context: { policySource: 'working-tree' } });
    const result = policyCheck.run(ctx, withDefaults(undefined));
    expect(result.status).toBe('pass');
    expect(codes(result.findings)).toEqual(['POLICY_NOT_COMPARED']);
  });
});
