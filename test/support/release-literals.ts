/**
 * The literal values that the hand-built `fraud-detection` release fixtures (test/checks/fixtures/release.ts,
 * test/export/fixtures.ts, test/action/fixtures.ts) share to the letter, kept here once so the fixtures cannot
 * drift apart by accident. Each function returns a fresh copy for a test to change. What differs between the
 * fixtures (versions, timestamps, metrics, digests) stays in each fixture, next to the tests that assert on it.
 */
import type { GroupRates } from '../../src/formats/bias-report.js';
import type { Policy } from '../../src/policy/policy.js';

/** The `sex` groups (female, male) of every literal bias report. */
export function sexGroups(): GroupRates[] {
  return [
    { group: 'female', n: 58000, selectionRate: 0.031, truePositiveRate: 0.82, falsePositiveRate: 0.012 },
    { group: 'male', n: 62000, selectionRate: 0.033, truePositiveRate: 0.84, falsePositiveRate: 0.013 },
  ];
}

/** Who signs a literal manifest unless a test names others: one approver per role the policy requires. */
export function manifestApprovers(): Array<{ approver: string; role: string }> {
  return [
    { approver: 'alice', role: 'governance-board' },
    { approver: 'bob', role: 'regulatory-affairs' },
  ];
}

/**
 * The approvals section of the docs/formats.md example policy with the smallest roster that meets it (alice, bob); a fixture
 * that needs more people appends them to `roster`.
 */
export function approvalsPolicy(): Policy['approvals'] {
  return {
    roster: [
      { login: 'alice', roles: ['governance-board'] },
      { login: 'bob', roles: ['regulatory-affairs'] },
    ],
    required: [
      { role: 'governance-board', count: 1 },
      { role: 'regulatory-affairs', count: 1 },
    ],
    separationOfDuties: true,
    maxAgeDays: 30,
    source: 'manifest',
  };
}
