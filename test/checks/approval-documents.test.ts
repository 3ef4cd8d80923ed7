/**
 * The documents the approval ledger reads, and what it makes of them when they are not what the schema says. The bias
 * report is an approval subject only when it was read; the base revision's copy of it binds this report only when it
 * is of the same model (the base is never validated, so a copy without a model binds nothing). The gate runs the
 * approvals check on a schema-valid manifest only, but the check and the ledger are exported and must not throw on a
 * manifest that did not parse or lacks what the schema requires: they judge what is there (here: nobody approved).
 * The full mutation run showed these guards could go without a test noticing.
 */
import { describe, expect, it } from '@jest/globals';
import { biasReportSubject, buildApprovalLedger } from '../../src/checks/approval-ledger.js';
import { approvalsCheck } from '../../src/checks/approvals.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import { reportDigest } from '../../src/formats/canonical-digest.js';
import { parseJsonDocument } from '../../src/formats/json-document.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { ParsedDocument } from '../../src/formats/parsed-document.js';
import type { PullRequestReview } from '../../src/release/review-facts.js';
import { jsonDocument } from '../support/release-context.js';
import { buildRelease, daysAgo, exampleBaseManifest, HEAD_SHA, type Release } from './fixtures/release.js';

function judge(release: Release) {
  return approvalsCheck.run(release.ctx, release.policy);
}

function unparsed<T>(file: string): ParsedDocument<T> {
  return parseJsonDocument(file, Buffer.from('{ "name": ')) as ParsedDocument<T>;
}

describe('the bias report as an approval subject', () => {
  it('exists only when the report was read', () => {
    const none = buildRelease();
    delete none.ctx.biasReport;
    expect(biasReportSubject(none.ctx, none.policy)).toBeUndefined();
    const broken = buildRelease();
    broken.ctx.biasReport = unparsed<BiasReport>('reports/latest-bias-report.json');
    expect(broken.ctx.biasReport.value).toBeUndefined();
    expect(biasReportSubject(broken.ctx, broken.policy)).toBeUndefined();
  });

  describe("the base's copy of the report", () => {
    /** The release, its base holding a copy of the report (changed by `edit`) in which dave rejected this report. */
    function withBaseReport(edit: (base: Record<string, unknown>) => void): Release {
      const release = buildRelease();
      const base: Record<string, unknown> = {
        ...release.report,
        approvals: [
          {
            approver: 'dave',
            role: 'fairness-reviewer',
            decision: 'rejected',
            at: daysAgo(3),
            reportDigest: reportDigest(release.report),
          },
        ],
      };
      edit(base);
      release.ctx.base = {
        kind: 'found',
        ref: 'main',
        commit: 'f'.repeat(40),
        manifest: jsonDocument<Manifest>('model/manifest.json', exampleBaseManifest()),
        biasReport: jsonDocument<BiasReport>('reports/latest-bias-report.json', base),
      };
      return release;
    }
    const recorded = (release: Release) =>
      buildApprovalLedger(release.ctx, release.policy, biasReportSubject(release.ctx, release.policy))
        .recordedRejections;

    it('of the same model: its rejection of this report stands', () => {
      expect(recorded(withBaseReport(() => {}))).toEqual([
        { approver: 'dave', role: 'fairness-reviewer', where: 'base-document', at: daysAgo(3) },
      ]);
    });

    it.each<[string, (base: Record<string, unknown>) => void]>([
      ['of another model', (base) => (base['model'] = { name: 'credit-scoring', version: '1.0.0' })],
      ['without a model', (base) => delete base['model']],
    ])('%s: binds nothing', (_what, edit) => {
      expect(recorded(withBaseReport(edit))).toEqual([]);
    });
  });
});

describe('a manifest the schema check fails', () => {
  const reviews: PullRequestReview[] = [
    { id: 1, login: 'alice', state: 'APPROVED', commitId: HEAD_SHA },
    { id: 2, login: 'bob', state: 'CHANGES_REQUESTED', commitId: HEAD_SHA },
  ];

  it.each(['manifest', 'both', 'github-review'] as const)(
    'that did not parse: nobody approved it, nothing throws (approvals.source %s)',
    (source) => {
      const release = buildRelease({
        policy: (p) => (p.approvals.source = source),
        context: { pr: { author: 'mallory', headSha: HEAD_SHA, commitMessages: [], reviews } },
      });
      release.ctx.manifest = unparsed<Manifest>('model/manifest.json');
      const result = judge(release);
      expect(result.details!.manifestDigest).toBe('');
      expect(result.findings.filter((f) => f.code === 'APPROVAL_CHANGES_REQUESTED').map((f) => f.pointer)).toEqual([
        '',
      ]);
      expect(result.findings.every((f) => f.file === 'model/manifest.json')).toBe(true);
      expect(result.details!.approvals.map((a) => [a.approver, a.counted])).toEqual(
        source === 'manifest' ? [] : [['alice', true]],
      );
    },
  );

  it.each([
    ['without provenance', (m: Manifest) => delete (m as Partial<Manifest>).provenance],
    ['without the training run', (m: Manifest) => delete (m.provenance as Partial<Manifest['provenance']>).training],
  ])('%s: the trainer rule has nobody to exclude', (_what, edit) => {
    const release = buildRelease({
      approvals: [
        { approver: 'carol', role: 'governance-board' },
        { approver: 'bob', role: 'regulatory-affairs' },
      ],
      manifest: edit,
    });
    expect(judge(release).summary).toBe('required roles met by carol, bob');
  });

  it('with a decision that is neither "approved" nor "rejected": it does not count, and the summary says why', () => {
    const release = buildRelease({
      afterApproval: (m) => ((m.approvals![0] as { decision: string }).decision = 'abstained'),
    });
    const result = judge(release);
    expect(result.details!.approvals[0]).toMatchObject({
      approver: 'alice',
      counted: false,
      reason: 'unknown decision "abstained"',
    });
    expect(result.summary).toBe('missing: 1 × governance-board');
  });
});

describe('a roster member without roles (a policy the schema check fails)', () => {
  it('is told the roster gives them none', () => {
    const release = buildRelease({
      policy: (p) => void p.approvals.roster.push({ login: 'gus', roles: [] }),
      approvals: [
        { approver: 'gus', role: 'governance-board' },
        { approver: 'bob', role: 'regulatory-affairs' },
      ],
    });
    const f = judge(release).findings.find((x) => x.code === 'APPROVER_ROLE_NOT_GRANTED')!;
    expect(f.message).toBe('gus approved as governance-board, but the roster gives gus only: (no roles).');
  });
});
