/**
 * The policy diff change by change: the pointer each change is reported at (the line the board is shown), the words
 * that name it, and its direction, for the cases the direction table (policy-directions.test.ts) does not reach: a
 * bound added or removed on either side, several members or roles at once (listed in order), a member's Jira
 * identity among several members, a required role at any position, a sign-off added or removed, buckets set where
 * there were none. The full mutation run showed these pointers and texts untested. A PR author writes the head
 * policy: re-mapping one member's Jira identity must not hide behind another member's, and removing a bound must
 * never read as a tightening.
 */
import { describe, expect, it } from '@jest/globals';
import { diffPolicies, type PolicyChange } from '../../src/checks/policy-diff.js';
import { withDefaults } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/policy/policy.js';

/** A base policy with a roster of three, two required roles, a sign-off and performance thresholds. */
function basePolicy(): Policy {
  const p = withDefaults(undefined);
  p.approvals.roster = [
    { login: 'alice', roles: ['governance-board', 'force-approver'], jira: 'acc-alice' },
    { login: 'carol', roles: ['governance-board'], jira: 'acc-carol' },
    { login: 'bob', roles: ['regulatory-affairs'] },
  ];
  p.approvals.required = [
    { role: 'governance-board', count: 1 },
    { role: 'regulatory-affairs', count: 1 },
  ];
  p.performance.thresholds = { zz_latency: { max: 100 }, auc: { min: 0.7 } };
  return p;
}

/** The changes `edit` makes to the base policy. */
function changesAfter(edit: (p: Policy) => void, base: Policy = basePolicy()): PolicyChange[] {
  const head = structuredClone(base);
  edit(head);
  return diffPolicies(base, head);
}

describe('policy diff: numeric bounds', () => {
  it.each<[string, (p: Policy) => void, PolicyChange]>([
    [
      'a minimum added is a tightening',
      (p) => void (p.performance.thresholds['zz_latency'] = { max: 100, min: 1 }),
      {
        pointer: '/performance/thresholds/zz_latency/min',
        what: 'performance.thresholds.zz_latency.min (unset) → 1',
        direction: 'tightened',
      },
    ],
    [
      'a maximum added is a tightening',
      (p) => void (p.performance.thresholds['auc'] = { min: 0.7, max: 0.99 }),
      {
        pointer: '/performance/thresholds/auc/max',
        what: 'performance.thresholds.auc.max (unset) → 0.99',
        direction: 'tightened',
      },
    ],
    [
      'a minimum removed is a loosening',
      (p) => void (p.performance.thresholds['auc'] = {}),
      {
        pointer: '/performance/thresholds/auc/min',
        what: 'performance.thresholds.auc.min 0.7 → (unset)',
        direction: 'loosened',
      },
    ],
    [
      'a maximum removed is a loosening',
      (p) => void (p.performance.thresholds['zz_latency'] = {}),
      {
        pointer: '/performance/thresholds/zz_latency/max',
        what: 'performance.thresholds.zz_latency.max 100 → (unset)',
        direction: 'loosened',
      },
    ],
  ])('%s, at the bound', (_what, edit, change) => {
    expect(changesAfter(edit)).toEqual([change]);
  });

  it('a bound that is not a number on either side is a loosening (its order cannot be read)', () => {
    const base = basePolicy();
    (base.performance.thresholds['auc'] as { min: unknown }).min = 'high';
    expect(changesAfter((p) => void ((p.performance.thresholds['auc'] as { min: unknown }).min = 'low'), base)).toEqual(
      [
        {
          pointer: '/performance/thresholds/auc/min',
          what: 'performance.thresholds.auc.min high → low',
          direction: 'loosened',
        },
      ],
    );
  });

  it('metrics are listed in name order, whatever order the policy gives them', () => {
    const changes = changesAfter((p) => {
      p.performance.thresholds = { zz_latency: { max: 200 }, auc: { min: 0.6 } };
    });
    expect(changes.map((c) => c.pointer)).toEqual([
      '/performance/thresholds/auc/min',
      '/performance/thresholds/zz_latency/max',
    ]);
  });
});

describe('policy diff: lists', () => {
  it('several required attributes added, then several removed, each listed in one change', () => {
    const base = basePolicy();
    base.bias.requiredAttributes = ['sex', 'age_band'];
    expect(changesAfter((p) => void (p.bias.requiredAttributes = ['region', 'income']), base)).toEqual([
      {
        pointer: '/bias/requiredAttributes',
        what: 'bias.requiredAttributes: added region, income',
        direction: 'tightened',
      },
      {
        pointer: '/bias/requiredAttributes',
        what: 'bias.requiredAttributes: removed sex, age_band',
        direction: 'loosened',
      },
    ]);
  });
});

describe('policy diff: models', () => {
  it('a change to the first model entry points at that entry', () => {
    const base = withDefaults({
      models: [
        { name: 'fraud-detection', manifest: 'model/manifest.json', biasReport: 'reports/a.json' },
        { name: 'churn', manifest: 'churn/manifest.json', biasReport: 'churn/b.json' },
      ],
    } as Partial<Policy>);
    expect(changesAfter((p) => void (p.models![0]!.biasReport = 'reports/other.json'), base)).toEqual([
      { pointer: '/models/0', what: 'models: model fraud-detection changed', direction: 'loosened' },
    ]);
  });
});

describe('policy diff: the roster', () => {
  it('a member added with several roles names them all', () => {
    expect(
      changesAfter(
        (p) => void p.approvals.roster.push({ login: 'mallory', roles: ['governance-board', 'force-approver'] }),
      ),
    ).toEqual([
      {
        pointer: '/approvals/roster/3',
        what: 'roster addition: mallory (governance-board, force-approver)',
        direction: 'loosened',
      },
    ]);
  });

  it("each member's Jira identity is compared with that member's own: unchanged members are no change", () => {
    expect(changesAfter(() => undefined)).toEqual([]);
    expect(changesAfter((p) => void p.approvals.roster.reverse())).toEqual([]);
  });

  it("re-mapping one member's Jira identity is a loosening at that member", () => {
    expect(changesAfter((p) => void (p.approvals.roster[1]!.jira = 'acc-mallory'))).toEqual([
      {
        pointer: '/approvals/roster/1/jira',
        what: 'Jira identity of carol: acc-carol → acc-mallory',
        direction: 'loosened',
      },
    ]);
  });

  it('roles gained and lost by a member: each named, at the roles', () => {
    expect(changesAfter((p) => void (p.approvals.roster[2]!.roles = ['governance-board', 'force-approver']))).toEqual([
      {
        pointer: '/approvals/roster/2/roles',
        what: 'new role for bob: governance-board, force-approver',
        direction: 'loosened',
      },
      {
        pointer: '/approvals/roster/2/roles',
        what: 'role removed from bob: regulatory-affairs',
        direction: 'tightened',
      },
    ]);
  });

  it('a role removed from a member is a tightening', () => {
    expect(changesAfter((p) => void (p.approvals.roster[0]!.roles = ['governance-board']))).toEqual([
      { pointer: '/approvals/roster/0/roles', what: 'role removed from alice: force-approver', direction: 'tightened' },
    ]);
  });

  it('several roles removed from a member are named together', () => {
    expect(changesAfter((p) => void (p.approvals.roster[0]!.roles = []))).toEqual([
      {
        pointer: '/approvals/roster/0/roles',
        what: 'role removed from alice: governance-board, force-approver',
        direction: 'tightened',
      },
    ]);
  });

  it('a member removed is a tightening at the roster', () => {
    expect(changesAfter((p) => void p.approvals.roster.pop())).toEqual([
      { pointer: '/approvals/roster', what: 'roster removal: bob', direction: 'tightened' },
    ]);
  });
});

describe('policy diff: required roles', () => {
  it.each<[string, Policy['approvals']['required'], PolicyChange[]]>([
    [
      'a count changed at the second entry points at that entry',
      [
        { role: 'governance-board', count: 1 },
        { role: 'regulatory-affairs', count: 2 },
      ],
      [
        {
          pointer: '/approvals/required/1/count',
          what: 'required regulatory-affairs count 1 → 2',
          direction: 'tightened',
        },
      ],
    ],
    [
      'a count changed at the first entry points at that entry',
      [
        { role: 'governance-board', count: 2 },
        { role: 'regulatory-affairs', count: 1 },
      ],
      [
        {
          pointer: '/approvals/required/0/count',
          what: 'required governance-board count 1 → 2',
          direction: 'tightened',
        },
      ],
    ],
    [
      'a role removed points at the list',
      [{ role: 'regulatory-affairs', count: 1 }],
      [
        {
          pointer: '/approvals/required',
          what: 'required role removed: governance-board (was 1)',
          direction: 'loosened',
        },
      ],
    ],
    [
      'a role added names its count',
      [
        { role: 'governance-board', count: 1 },
        { role: 'regulatory-affairs', count: 1 },
        { role: 'fairness-reviewer', count: 2 },
      ],
      [
        {
          pointer: '/approvals/required/2/count',
          what: 'required role added: fairness-reviewer × 2',
          direction: 'tightened',
        },
      ],
    ],
  ])('%s', (_what, required, changes) => {
    expect(changesAfter((p) => void (p.approvals.required = required))).toEqual(changes);
  });

  it('several roles changed are listed in role order, whatever order the base gives them', () => {
    const base = basePolicy();
    base.approvals.required.reverse();
    const changes = changesAfter(
      (p) =>
        void (p.approvals.required = [
          { role: 'regulatory-affairs', count: 3 },
          { role: 'governance-board', count: 3 },
        ]),
      base,
    );
    expect(changes).toEqual([
      { pointer: '/approvals/required/1/count', what: 'required governance-board count 1 → 3', direction: 'tightened' },
      {
        pointer: '/approvals/required/0/count',
        what: 'required regulatory-affairs count 1 → 3',
        direction: 'tightened',
      },
    ]);
  });
});

describe('policy diff: Jira sign-off', () => {
  it('a sign-off requirement added is a tightening', () => {
    expect(changesAfter((p) => void (p.jira.signOff = { attachment: 'sign-off*.pdf' }))).toEqual([
      {
        pointer: '/jira/signOff/attachment',
        what: 'jira.signOff.attachment (unset) → sign-off*.pdf',
        direction: 'tightened',
      },
    ]);
  });

  it('a sign-off requirement removed or changed is a loosening', () => {
    const base = basePolicy();
    base.jira.signOff = { attachment: 'sign-off*.pdf', serviceDeskApproval: true };
    expect(
      changesAfter((p) => {
        p.jira.signOff = { attachment: '*' };
      }, base),
    ).toEqual([
      { pointer: '/jira/signOff/attachment', what: 'jira.signOff.attachment sign-off*.pdf → *', direction: 'loosened' },
      {
        pointer: '/jira/signOff/serviceDeskApproval',
        what: 'jira.signOff.serviceDeskApproval true → (unset)',
        direction: 'loosened',
      },
    ]);
  });
});

describe('policy diff: s3 buckets', () => {
  it('buckets set where any bucket was allowed is a tightening, naming the list', () => {
    expect(changesAfter((p) => void (p.s3 = { buckets: ['ml-models', 'scratch'] }))).toEqual([
      { pointer: '/s3/buckets', what: 's3.buckets (unset) → ["ml-models","scratch"]', direction: 'tightened' },
    ]);
  });

  it('buckets unset where a list was given is a loosening', () => {
    const base = basePolicy();
    base.s3 = { buckets: ['ml-models'] };
    expect(changesAfter((p) => void (p.s3 = {}), base)).toEqual([
      { pointer: '/s3/buckets', what: 's3.buckets ["ml-models"] → (unset)', direction: 'loosened' },
    ]);
  });

  it('neither side naming buckets is no change', () => {
    expect(changesAfter((p) => void (p.s3 = {}))).toEqual([]);
  });
});

describe('policy diff: switches', () => {
  it('a flag turned off or on is named so, in its direction', () => {
    expect(changesAfter((p) => void (p.approvals.separationOfDuties = false))).toEqual([
      {
        pointer: '/approvals/separationOfDuties',
        what: 'approvals.separationOfDuties turned off',
        direction: 'loosened',
      },
    ]);
    expect(changesAfter((p) => void (p.promotion.allowSeasonalRegression = true))).toEqual([
      {
        pointer: '/promotion/allowSeasonalRegression',
        what: 'promotion.allowSeasonalRegression turned on',
        direction: 'loosened',
      },
    ]);
  });

  it("trusting the store's checksums more is a loosening, less a tightening, naming both settings", () => {
    expect(changesAfter((p) => void (p.s3 = { trustStoredChecksums: true }))).toEqual([
      { pointer: '/s3/trustStoredChecksums', what: 's3.trustStoredChecksums (unset) → true', direction: 'loosened' },
    ]);
    const base = basePolicy();
    base.s3 = { trustStoredChecksums: true };
    expect(changesAfter((p) => void (p.s3 = { trustStoredChecksums: false }), base)).toEqual([
      { pointer: '/s3/trustStoredChecksums', what: 's3.trustStoredChecksums true → false', direction: 'tightened' },
    ]);
  });
});
