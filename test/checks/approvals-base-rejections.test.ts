/**
 * A rejection recorded in the base revision's copy of the manifest outlives the pull request: the author can delete
 * it from the branch, not from the base. Only what it really is counts: a rejection (not an approval), of exactly
 * this manifest's digest, by someone the roster gives the role, in the base copy of the same model. The full
 * mutation run showed none of these conditions tested one at a time.
 */
import { describe, expect, it } from '@jest/globals';
import { approvalsCheck } from '../../src/checks/approvals.js';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { buildRelease, daysAgo, exampleBaseManifest } from './fixtures/release.js';

/** The digest the default release's manifest has (buildRelease is deterministic). */
const HEAD_DIGEST = manifestDigest({ ...buildRelease().manifest, approvals: [] });

function withBaseDecision(decision: {
  approver?: string;
  role?: string;
  decision?: string;
  digest?: string;
  note?: string;
  baseName?: string;
}) {
  const base: Manifest = exampleBaseManifest();
  if (decision.baseName) base.name = decision.baseName;
  base.approvals = [
    {
      approver: decision.approver ?? 'erin',
      role: decision.role ?? 'governance-board',
      decision: (decision.decision ?? 'rejected') as 'rejected',
      at: daysAgo(4),
      manifestDigest: decision.digest ?? HEAD_DIGEST,
      ...(decision.note !== undefined ? { note: decision.note } : {}),
    },
  ];
  const release = buildRelease({ base });
  return approvalsCheck.run(release.ctx, release.policy).findings;
}
const recorded = (findings: Array<{ code: string }>) =>
  findings.filter((f) => f.code === 'APPROVAL_REJECTION_RECORDED');

describe('a rejection recorded on the base', () => {
  it('blocks exactly this manifest, naming who, the role, where and the note', () => {
    const found = recorded(withBaseDecision({ note: 'holdout leak' }));
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'error',
        message:
          'erin (governance-board) rejected exactly this manifest in the base revision\'s copy of the file: "holdout leak"; the pull request cannot remove a rejection recorded there.',
        pointer: '/approvals',
      }),
    ]);
  });

  it('without a note says so without one', () => {
    expect(recorded(withBaseDecision({}))[0]).toMatchObject({
      message:
        "erin (governance-board) rejected exactly this manifest in the base revision's copy of the file; the pull request cannot remove a rejection recorded there.",
    });
  });

  it.each([
    ['an approval, not a rejection', { decision: 'approved' }],
    ['a rejection of another digest', { digest: 'sha256:' + '0'.repeat(64) }],
    ['by someone the roster does not give the role', { approver: 'mallory' }],
    ['by a roster member in a role they do not hold', { approver: 'dave' }],
    ['in the base copy of another model', { baseName: 'credit-scoring' }],
  ])('does not count: %s', (_what, decision) => {
    expect(recorded(withBaseDecision(decision))).toEqual([]);
  });
});
