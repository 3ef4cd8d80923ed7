/**
 * The plan of `mlgov approve` (src/evidence/approve-plan.ts), pure: file texts and a request in, the writes, the audit
 * event and the words a board member reads out. Every refusal with its message and fix, an approval already
 * recorded (nothing written, nothing logged) against each field that makes it a new one, the replacement of an
 * earlier decision in place, and the bias-report approval's effect on the manifest (left alone when it binds the
 * report's content, re-bound with the board's approvals voided otherwise).
 */
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  biasReportPathOf,
  buildApprovePlan,
  formatJsonFile,
  type ApprovePlan,
  type ApproveRequest,
} from '../../src/evidence/approve-plan.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import { manifestDigest, reportContentSha256, reportDigest } from '../../src/formats/canonical-digest.js';
import type { Manifest, ManifestApproval } from '../../src/formats/manifest.js';
import { withDefaults } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/policy/policy.js';
import { exampleManifest, exampleReport } from '../checks/fixtures/release.js';

const NOW = '2026-03-01T10:00:00Z';
const MANIFEST_PATH = 'model/manifest.json';
const REPORT_PATH = 'reports/latest-bias-report.json';

function policy(): Policy {
  const base = withDefaults(undefined);
  return {
    ...base,
    approvals: {
      ...base.approvals,
      roster: [
        { login: 'Alice', roles: ['governance-board'] },
        { login: 'bob', roles: ['regulatory-affairs', 'governance-board'] },
        { login: 'dave', roles: [base.bias.reviewerRole] },
        { login: 'nobody', roles: [] },
      ],
    },
  };
}

const request = (over: Partial<ApproveRequest> = {}): ApproveRequest => ({
  approver: 'alice',
  role: 'governance-board',
  decision: 'approved',
  target: 'manifest',
  now: NOW,
  ...over,
});

const manifestFile = (m: Manifest) => ({ path: MANIFEST_PATH, text: formatJsonFile(m) });
const reportFile = (r: BiasReport) => ({ path: REPORT_PATH, text: formatJsonFile(r) });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function write(plan: ApprovePlan) {
  if (plan.kind !== 'write') throw new Error(`expected a write plan, got ${JSON.stringify(plan)}`);
  return plan;
}

describe('refusals: nothing is written', () => {
  it('an approver not on the roster', () => {
    expect(
      buildApprovePlan({ manifest: manifestFile(exampleManifest()) }, request({ approver: 'mallory' }), policy()),
    ).toEqual({
      kind: 'refused',
      message: 'mallory is not on the approvals roster (.github/governance-policy.yml approvals.roster)',
      fix: 'Only roster members can approve; the roster is changed by a board-reviewed policy PR, and counts once merged.',
    });
  });

  it('a role the roster does not give, naming the roles held and the base the roster was read from', () => {
    const plan = buildApprovePlan(
      { manifest: manifestFile(exampleManifest()) },
      request({ approver: 'bob', role: 'fairness-reviewer' }),
      policy(),
      'origin/main:.github/governance-policy.yml',
    );
    expect(plan).toEqual({
      kind: 'refused',
      message:
        "the roster does not give bob the role fairness-reviewer; bob's roster roles: regulatory-affairs, governance-board (origin/main:.github/governance-policy.yml)",
      fix: "Approve with one of bob's roles (--role regulatory-affairs).",
    });
  });

  it('a roster member without any role', () => {
    expect(
      buildApprovePlan({ manifest: manifestFile(exampleManifest()) }, request({ approver: 'nobody' }), policy()),
    ).toEqual({
      kind: 'refused',
      message:
        "the roster does not give nobody the role governance-board; nobody's roster roles: (none) (.github/governance-policy.yml)",
      fix: "Approve with one of nobody's roles (--role <role>).",
    });
  });

  it('a manifest that does not parse, with its line and column and the parser fix', () => {
    const plan = buildApprovePlan({ manifest: { path: MANIFEST_PATH, text: '{\n  "name": }' } }, request(), policy());
    expect(plan).toEqual({
      kind: 'refused',
      message: `${MANIFEST_PATH} cannot be parsed (line 2, column 11): Invalid JSON: unexpected token '}' at line 2, column 11; expected a value (object, array, string, number, true, false or null).`,
      fix: 'Fix the JSON syntax at that position (a JSON linter or `jq . FILE` shows the same place); comments and trailing commas are not allowed.',
    });
  });

  it.each([['[1]'], ['null'], ['"text"'], ['3']])('a manifest %s that is not a JSON object', (text) => {
    expect(buildApprovePlan({ manifest: { path: MANIFEST_PATH, text } }, request(), policy())).toEqual({
      kind: 'refused',
      message: `${MANIFEST_PATH} cannot be parsed: it is not a JSON object`,
      fix: `Fix ${MANIFEST_PATH} (mlgov check shows where), then approve again.`,
    });
  });

  it('a bias-report approval without the report, or with a report that does not parse', () => {
    const files = { manifest: manifestFile(exampleManifest()) };
    const asReviewer = request({ approver: 'dave', role: policy().bias.reviewerRole, target: 'bias-report' });
    expect(buildApprovePlan(files, asReviewer, policy())).toEqual({
      kind: 'refused',
      message: 'the bias report was not found',
      fix: 'Add the bias report the manifest names (biasReport.path).',
    });
    const broken = buildApprovePlan(
      { ...files, report: { path: REPORT_PATH, text: '{"a": 1,}' } },
      asReviewer,
      policy(),
    );
    expect(broken).toEqual(
      expect.objectContaining({
        kind: 'refused',
        message: expect.stringMatching(/^reports\/latest-bias-report\.json cannot be parsed \(line 1, column 9\): /),
      }),
    );
  });
});

describe('a manifest approval', () => {
  it('is bound to the manifest digest, recorded with the roster spelling, written as 2-space JSON, and logged', () => {
    const m = exampleManifest();
    const plan = write(buildApprovePlan({ manifest: manifestFile(m) }, request({ note: 'ok for Q1' }), policy()));
    const approval = {
      approver: 'Alice',
      role: 'governance-board',
      decision: 'approved',
      at: NOW,
      manifestDigest: manifestDigest(m),
      note: 'ok for Q1',
    };
    expect(plan.approval).toEqual(approval);
    expect(plan.replaced).toBe(false);
    expect(plan.voidedApprovals).toEqual([]);
    expect(plan.warnings).toEqual([]);
    expect(plan.writes).toEqual([
      {
        path: MANIFEST_PATH,
        text: JSON.stringify({ ...m, approvals: [...(m.approvals ?? []), approval] }, null, 2) + '\n',
      },
    ]);
    expect(plan.event).toEqual({
      actor: 'Alice',
      action: 'approve',
      model: m.name,
      version: m.version,
      ticket: m.jira,
      at: NOW,
      details: {
        target: 'manifest',
        role: 'governance-board',
        decision: 'approved',
        manifestDigest: manifestDigest(m),
        note: 'ok for Q1',
      },
    });
  });

  it('an empty note is no note; a manifest without a Jira key logs no ticket', () => {
    const m = exampleManifest();
    delete (m as Partial<Manifest>).jira;
    const plan = write(buildApprovePlan({ manifest: manifestFile(m) }, request({ note: '' }), policy()));
    expect(Object.keys(plan.approval)).not.toContain('note');
    expect(Object.keys(plan.event)).not.toContain('ticket');
    expect(Object.keys(plan.event.details as object)).not.toContain('note');
  });

  it('replaces the earlier decision of the same approver and role in place, keeping the others in order', () => {
    const m = exampleManifest();
    const digest = manifestDigest(m);
    const earlier: ManifestApproval[] = [
      { approver: 'bob', role: 'regulatory-affairs', decision: 'approved', at: NOW, manifestDigest: digest },
      { approver: 'Alice', role: 'governance-board', decision: 'rejected', at: NOW, manifestDigest: digest },
      { approver: 'bob', role: 'governance-board', decision: 'approved', at: NOW, manifestDigest: digest },
    ];
    m.approvals = earlier;
    const plan = write(buildApprovePlan({ manifest: manifestFile(m) }, request(), policy()));
    expect(plan.replaced).toBe(true);
    const written = JSON.parse(plan.writes[0]!.text) as Manifest;
    expect(written.approvals!.map((a) => [a.approver, a.role, a.decision])).toEqual([
      ['bob', 'regulatory-affairs', 'approved'],
      ['Alice', 'governance-board', 'approved'],
      ['bob', 'governance-board', 'approved'],
    ]);
  });
});

describe('a manifest approval: the edges of what it records', () => {
  it('no note given: no note member; a Jira key that is empty or not text logs no ticket', () => {
    const m = exampleManifest();
    const plan = write(buildApprovePlan({ manifest: manifestFile(m) }, request(), policy()));
    expect(Object.keys(plan.approval)).not.toContain('note');
    for (const jira of ['', 7]) {
      const odd = { ...exampleManifest(), jira } as unknown as typeof m;
      const event = write(buildApprovePlan({ manifest: manifestFile(odd) }, request(), policy())).event;
      expect([jira, Object.keys(event).includes('ticket')]).toEqual([jira, false]);
    }
  });

  it("the approver's decision in another role, listed first, is kept; the new one is added", () => {
    const m = exampleManifest();
    const digest = manifestDigest(m);
    m.approvals = [
      { approver: 'Alice', role: 'regulatory-affairs', decision: 'approved', at: NOW, manifestDigest: digest },
    ];
    const plan = write(buildApprovePlan({ manifest: manifestFile(m) }, request(), policy()));
    expect(plan.replaced).toBe(false);
    expect((JSON.parse(plan.writes[0]!.text) as Manifest).approvals!.map((a) => [a.approver, a.role])).toEqual([
      ['Alice', 'regulatory-affairs'],
      ['Alice', 'governance-board'],
    ]);
  });

  it("another approver's decision in the same role, listed first, is kept; only the approver's own is replaced", () => {
    const m = exampleManifest();
    const digest = manifestDigest(m);
    m.approvals = [
      { approver: 'bob', role: 'governance-board', decision: 'approved', at: NOW, manifestDigest: digest },
      { approver: 'Alice', role: 'governance-board', decision: 'rejected', at: NOW, manifestDigest: digest },
    ];
    const plan = write(buildApprovePlan({ manifest: manifestFile(m) }, request(), policy()));
    expect((JSON.parse(plan.writes[0]!.text) as Manifest).approvals!.map((a) => [a.approver, a.decision])).toEqual([
      ['bob', 'approved'],
      ['Alice', 'approved'],
    ]);
  });
});

describe('an approval already recorded', () => {
  const recorded = (over: Partial<ManifestApproval> = {}) => {
    const m = exampleManifest();
    m.approvals = [
      {
        approver: 'ALICE',
        role: 'governance-board',
        decision: 'approved',
        at: '2026-02-01T09:00:00Z',
        manifestDigest: manifestDigest(m),
        ...over,
      },
    ];
    return m;
  };

  it('is unchanged (logins compare case-insensitively, no note equals an empty one), naming when it was given', () => {
    const m = recorded();
    const plan = buildApprovePlan({ manifest: manifestFile(m) }, request({ note: '' }), policy());
    expect(plan).toEqual({
      kind: 'unchanged',
      approval: m.approvals![0],
      message: `already approved: ALICE (governance-board) approved ${m.name} ${m.version}, bound to ${manifestDigest(m)}, at 2026-02-01T09:00:00Z; nothing written`,
    });
  });

  it('without a time, the message says none', () => {
    const m = recorded();
    delete (m.approvals![0] as Partial<ManifestApproval>).at;
    const plan = buildApprovePlan({ manifest: manifestFile(m) }, request(), policy());
    expect(plan).toEqual(
      expect.objectContaining({
        kind: 'unchanged',
        message: `already approved: ALICE (governance-board) approved ${m.name} ${m.version}, bound to ${manifestDigest(m)}; nothing written`,
      }),
    );
  });

  it.each<[string, Partial<ManifestApproval>]>([
    ['another decision', { decision: 'rejected' }],
    ['another role', { role: 'regulatory-affairs' }],
    ['another digest', { manifestDigest: 'sha256:' + '0'.repeat(64) }],
    ['another note', { note: 'earlier words' }],
    ['another approver', { approver: 'bob' }],
  ])('is a new approval when it differs by %s', (_what, over) => {
    const plan = buildApprovePlan({ manifest: manifestFile(recorded(over)) }, request(), policy());
    expect(plan.kind).toBe('write');
  });

  it('an entry of the approvals that is not an object is kept for the schema check to name, not a crash', () => {
    const m = exampleManifest();
    m.approvals = [null as unknown as ManifestApproval, 'x' as unknown as ManifestApproval];
    const plan = write(buildApprovePlan({ manifest: manifestFile(m) }, request(), policy()));
    expect(plan.replaced).toBe(false);
    expect((JSON.parse(plan.writes[0]!.text) as Manifest).approvals).toEqual([null, 'x', plan.approval]);
  });
});

describe('a bias-report approval', () => {
  const reviewer = () => request({ approver: 'dave', role: policy().bias.reviewerRole, target: 'bias-report' });
  const boardApproval = (m: Manifest): ManifestApproval => ({
    approver: 'Alice',
    role: 'governance-board',
    decision: 'approved',
    at: NOW,
    manifestDigest: manifestDigest(m),
  });

  it('leaves the manifest alone when biasReport.sha256 binds the report content (in any case)', () => {
    const r = exampleReport();
    const m = exampleManifest();
    m.biasReport.sha256 = reportContentSha256(r).toUpperCase();
    m.approvals = [boardApproval(m)];
    const plan = write(buildApprovePlan({ manifest: manifestFile(m), report: reportFile(r) }, reviewer(), policy()));
    const approval = {
      approver: 'dave',
      role: policy().bias.reviewerRole,
      decision: 'approved',
      at: NOW,
      reportDigest: reportDigest(r),
    };
    expect(plan.approval).toEqual(approval);
    expect(plan.writes).toEqual([
      { path: REPORT_PATH, text: formatJsonFile({ ...r, approvals: [...(r.approvals ?? []), approval] }) },
    ]);
    expect(plan.voidedApprovals).toEqual([]);
    expect(plan.warnings).toEqual([]);
    expect(plan.event.details).toEqual({
      target: 'bias-report',
      role: policy().bias.reviewerRole,
      decision: 'approved',
      reportDigest: reportDigest(r),
      manifestDigest: manifestDigest(m),
    });
  });

  it("re-binds a byte-form binding once, voiding the board's approvals of the old digest and saying why", () => {
    const r = exampleReport();
    const m = exampleManifest();
    m.biasReport.sha256 = sha256(reportFile(r).text);
    const other: ManifestApproval = {
      ...boardApproval(m),
      approver: 'bob',
      role: 'regulatory-affairs',
      manifestDigest: 'sha256:' + 'f'.repeat(64),
    };
    m.approvals = [boardApproval(m), other];
    const plan = write(buildApprovePlan({ manifest: manifestFile(m), report: reportFile(r) }, reviewer(), policy()));
    const rebound = { ...m, biasReport: { ...m.biasReport, sha256: reportContentSha256(r) } };
    expect(plan.writes.map((w) => w.path)).toStrictEqual([REPORT_PATH, MANIFEST_PATH]);
    expect(plan.writes[1]!.text).toBe(formatJsonFile(rebound));
    expect(plan.voidedApprovals).toEqual([boardApproval(m)]);
    expect(plan.warnings).toEqual([
      "the manifest digest changes (biasReport.sha256 was the digest of the report's bytes; it now binds the report's content without approvals, once), so these manifest approvals are now void and must be given again: Alice (governance-board)",
    ]);
    expect((plan.event.details as Record<string, string>).manifestDigest).toBe(manifestDigest(rebound));
  });

  it('binds a report the manifest did not bind, and without board approvals to void says nothing', () => {
    const r = exampleReport();
    const m = exampleManifest();
    m.biasReport.sha256 = '0'.repeat(64);
    m.approvals = [boardApproval(m)];
    const plan = write(buildApprovePlan({ manifest: manifestFile(m), report: reportFile(r) }, reviewer(), policy()));
    expect(plan.warnings).toEqual([
      'the manifest digest changes (biasReport.sha256 did not bind this report; it now binds its content), so these manifest approvals are now void and must be given again: Alice (governance-board)',
    ]);
    m.approvals = [];
    const quiet = write(buildApprovePlan({ manifest: manifestFile(m), report: reportFile(r) }, reviewer(), policy()));
    expect(quiet.writes.map((w) => w.path)).toStrictEqual([REPORT_PATH, MANIFEST_PATH]);
    expect(quiet.warnings).toEqual([]);
    delete (m.biasReport as Partial<Manifest['biasReport']>).sha256;
    const unbound = write(buildApprovePlan({ manifest: manifestFile(m), report: reportFile(r) }, reviewer(), policy()));
    expect(JSON.parse(unbound.writes[1]!.text).biasReport.sha256).toBe(reportContentSha256(r));
  });

  it('voids every board approval of the old digest, naming each; a manifest without a biasReport gets one bound', () => {
    const r = exampleReport();
    const m = exampleManifest();
    m.biasReport.sha256 = '0'.repeat(64);
    const bob: ManifestApproval = { ...boardApproval(m), approver: 'bob', role: 'regulatory-affairs' };
    m.approvals = [boardApproval(m), bob];
    const plan = write(buildApprovePlan({ manifest: manifestFile(m), report: reportFile(r) }, reviewer(), policy()));
    expect(plan.voidedApprovals).toEqual([boardApproval(m), bob]);
    expect(plan.warnings[0]).toMatch(/must be given again: Alice \(governance-board\), bob \(regulatory-affairs\)$/);
    const bare = exampleManifest() as Partial<Manifest>;
    delete bare.biasReport;
    const bound = write(
      buildApprovePlan({ manifest: manifestFile(bare as Manifest), report: reportFile(r) }, reviewer(), policy()),
    );
    expect(JSON.parse(bound.writes[1]!.text).biasReport).toEqual({ sha256: reportContentSha256(r) });
  });

  it('under a role the gate does not count for the report: written, with a warning', () => {
    const r = exampleReport();
    const m = exampleManifest();
    m.biasReport.sha256 = reportContentSha256(r);
    const plan = write(
      buildApprovePlan(
        { manifest: manifestFile(m), report: reportFile(r) },
        request({ target: 'bias-report' }),
        policy(),
      ),
    );
    expect(plan.warnings).toEqual([
      `the gate counts only ${policy().bias.reviewerRole} approvals of the bias report; this one is as governance-board`,
    ]);
  });

  it('already recorded on the report: unchanged, naming the bias report and its digest', () => {
    const r = exampleReport();
    const earlier = {
      approver: 'dave',
      role: policy().bias.reviewerRole,
      decision: 'approved' as const,
      at: '2026-02-02T08:00:00Z',
      reportDigest: reportDigest(r),
    };
    r.approvals = [earlier];
    const m = exampleManifest();
    const plan = buildApprovePlan({ manifest: manifestFile(m), report: reportFile(r) }, reviewer(), policy());
    expect(plan).toEqual({
      kind: 'unchanged',
      approval: earlier,
      message: `already approved: dave (${policy().bias.reviewerRole}) approved ${m.name} ${m.version} bias report, bound to ${reportDigest(r)}, at 2026-02-02T08:00:00Z; nothing written`,
    });
  });
});

describe('biasReportPathOf', () => {
  const p = policy();
  const withPath = (path: unknown) => JSON.stringify({ biasReport: { path } });
  it("is the manifest's plain repository-relative path, else the policy's", () => {
    expect(biasReportPathOf(withPath('reports/q1.json'), p)).toBe('reports/q1.json');
    for (const bad of ['', '/etc/passwd', '../outside.json', 'reports/../../x.json', 'reports\\..\\x.json', 3, null]) {
      expect([bad, biasReportPathOf(withPath(bad), p)]).toEqual([bad, p.model.biasReport]);
    }
    expect(biasReportPathOf('{not json', p)).toBe(p.model.biasReport);
    expect(biasReportPathOf('null', p)).toBe(p.model.biasReport);
    expect(biasReportPathOf('{}', p)).toBe(p.model.biasReport);
  });
});
