/**
 * Where the review, Jira sign-off, policy, release-kind and commit findings point (issue #16). Each finding is
 * produced through the code that emits it (the check, over facts gathered from the loopback Jira or a real temp git
 * repository where the fact comes from outside), and its location is asserted exactly: the JSON pointer, line and
 * column computed here from the text the fixture serialised, or the file alone where the finding is about a whole
 * document (and then that it has no pointer or line).
 *
 * Each case is written as the PR author would try to slip past it where one applies: they control the manifest,
 * the bias report and the policy on the branch, not the base revision, Jira or anyone's GitHub review.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { approvalsCheck } from '../../src/checks/approvals.js';
import { biasCheck } from '../../src/checks/bias.js';
import { jiraCheck } from '../../src/checks/jira.js';
import { policyCheck } from '../../src/checks/policy.js';
import { promotionCheck } from '../../src/checks/promotion.js';
import { provenanceCheck } from '../../src/checks/provenance.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Finding } from '../../src/formats/finding.js';
import { parseJsonDocument } from '../../src/formats/json-document.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { ParsedDocument } from '../../src/formats/parsed-document.js';
import { gatherTicketFacts } from '../../src/gate/gather-ticket.js';
import { withDefaults } from '../../src/policy/defaults.js';
import type { JiraSignOffPolicy, Policy } from '../../src/policy/policy.js';
import type { Report } from '../../src/release/report.js';
import type { ReviewsUnavailable } from '../../src/release/review-facts.js';
import { startJiraServer, type FakeIssue, type JiraServer } from '../servers/jira-server.js';
import {
  ALICE,
  API_TOKEN,
  EMAIL,
  MALLORY,
  SIGN_OFF_PDF,
  approvedIssue,
  cloudEnv,
  sourceFor,
} from '../jira/fixtures.js';
import { runMlgov } from '../support/cli-io.js';
import { bindRelease } from '../support/example-release.js';
import { createTempRepo, PROJECT_ROOT } from '../support/git-repo.js';
import { contextWith, jsonDocument } from '../support/release-context.js';
import { COMMIT, integrityContext, integrityManifest } from './integrity-fixtures.js';
import {
  buildRelease,
  exampleBaseManifest,
  exampleManifest,
  exampleReport,
  examplePolicyValue,
  HEAD_SHA,
} from './fixtures/release.js';
import { only } from './fixtures/findings.js';

const MANIFEST = 'model/manifest.json';
const REPORT = 'reports/latest-bias-report.json';

/**
 * Where the value after `key` sits in the pretty-printed JSON text of `value` (the text `jsonDocument` parses): the
 * 1-based line of the one line holding `"key": `, and the column of the value's first character. Read from the text,
 * never from the parser, so the test does not grade the parser with its own answer.
 */
function valuePosition(value: unknown, key: string): { line: number; column: number } {
  const needle = `"${key}": `;
  const lines = (JSON.stringify(value, null, 2) + '\n').split('\n');
  const hits = lines.flatMap((l, i) => (l.includes(needle) ? [i] : []));
  if (hits.length !== 1) throw new Error(`test setup: ${needle} is on ${hits.length} lines, not one`);
  const i = hits[0]!;
  return { line: i + 1, column: lines[i]!.indexOf(needle) + needle.length + 1 };
}

/** The one finding with `code` (there must be exactly one). */

const codes = (findings: Finding[]) => findings.map((f) => f.code).sort();

describe('reviews the gate could not read or does not have: the file the judgement is about, no pointer', () => {
  const permission: ReviewsUnavailable = {
    cause: 'permission',
    message:
      'could not read the reviews of pull request #7: GitHub answered 403: Resource not accessible by integration',
    fix: 'give the job `permissions: pull-requests: read` (with `statuses: write`), or a token that can read this pull request',
  };

  it('APPROVALS_CORROBORATION_UNAVAILABLE names the manifest whose approvals were not corroborated', () => {
    const release = buildRelease({ policy: (p) => (p.approvals.corroborate = 'github-review') });
    const result = approvalsCheck.run(release.ctx, release.policy);
    const f = only(result.findings, 'APPROVALS_CORROBORATION_UNAVAILABLE');
    expect(f).toEqual({
      severity: 'notice',
      code: 'APPROVALS_CORROBORATION_UNAVAILABLE',
      message:
        'The policy asks each approval to be corroborated by a GitHub review; pull request reviews are not known locally, so corroboration was not possible here (the action checks it).',
      file: MANIFEST,
    });
    // About the whole set of approvals, not one value in the manifest.
    expect(f.pointer).toBeUndefined();
    expect(f.line).toBeUndefined();
  });

  it('APPROVALS_REVIEWS_UNAVAILABLE names the manifest; approvals written into it do not stand in for reviews', () => {
    // The PR author fills the manifest with digest-bound approvals; the policy takes approvals from reviews only.
    const release = buildRelease({ policy: (p) => (p.approvals.source = 'github-review') });
    expect(release.manifest.approvals).toHaveLength(2);
    const result = approvalsCheck.run(release.ctx, release.policy);
    expect(result.status).toBe('fail');
    const f = only(result.findings, 'APPROVALS_REVIEWS_UNAVAILABLE');
    expect(f).toMatchObject({ code: 'APPROVALS_REVIEWS_UNAVAILABLE', file: MANIFEST, indeterminate: true });
    expect(f.fix).toBe('Run the gate in the GitHub Action, where the pull request reviews are read.');
    expect(f.pointer).toBeUndefined();
    expect(f.line).toBeUndefined();
    expect(f.column).toBeUndefined();
  });

  it("BIAS_REVIEWS_UNAVAILABLE names the bias report; the report's own approval list is not the fairness review", () => {
    // dave's approval is written into the report, bound to its digest: with source github-review it does not count.
    const release = buildRelease({ policy: (p) => (p.approvals.source = 'github-review') });
    expect(release.report.approvals).toEqual([expect.objectContaining({ approver: 'dave', decision: 'approved' })]);
    const result = biasCheck.run(release.ctx, release.policy);
    expect(result.status).toBe('fail');
    const f = only(result.findings, 'BIAS_REVIEWS_UNAVAILABLE');
    expect(f).toMatchObject({ code: 'BIAS_REVIEWS_UNAVAILABLE', file: REPORT, indeterminate: true });
    expect(f.message).toContain('are not known here (local run or offline)');
    expect(f.pointer).toBeUndefined();
    expect(f.line).toBeUndefined();
  });

  it('BIAS_REVIEWS_UNAVAILABLE for reviews the action could not read: same file, the cause and its fix', () => {
    const release = buildRelease({
      policy: (p) => (p.approvals.source = 'github-review'),
      context: { pr: { author: 'mallory', headSha: HEAD_SHA, commitMessages: [], reviewsUnavailable: permission } },
    });
    const f = only(biasCheck.run(release.ctx, release.policy).findings, 'BIAS_REVIEWS_UNAVAILABLE');
    expect(f).toMatchObject({ code: 'BIAS_REVIEWS_UNAVAILABLE', file: REPORT, fix: permission.fix });
    expect(f.message).toContain('could not be read (the token may not read them');
    expect(f.pointer).toBeUndefined();
    expect(f.line).toBeUndefined();
  });
});

describe("BIAS_POSITIVE_LABEL_CHANGED: production's positive label, at the PR report's label", () => {
  /** A release whose base holds production's bias report (positive label "fraud"). */
  function withBaseReport(edit: (r: BiasReport) => void) {
    const release = buildRelease({ report: edit });
    release.ctx.base = {
      kind: 'found',
      ref: 'main',
      commit: 'f'.repeat(40),
      manifest: jsonDocument<Manifest>(MANIFEST, exampleBaseManifest()),
      biasReport: jsonDocument<BiasReport>(REPORT, exampleReport()),
    };
    return release;
  }

  it('a report naming another positive label is refused at /positiveLabel', () => {
    const release = withBaseReport((r) => (r.positiveLabel = 'legitimate'));
    const f = only(biasCheck.run(release.ctx, release.policy).findings, 'BIAS_POSITIVE_LABEL_CHANGED');
    // `release.report` is the value the context's report document was serialised from.
    const { line, column } = valuePosition(release.report, 'positiveLabel');
    expect(f).toMatchObject({
      severity: 'error',
      code: 'BIAS_POSITIVE_LABEL_CHANGED',
      file: REPORT,
      pointer: '/positiveLabel',
      line,
      column,
    });
    expect(f.message).toBe(
      'The report\'s positive label is "legitimate", but production\'s report names "fraud": disparate impact would be judged on another outcome\'s rate.',
    );
  });

  it('a report that drops the label to dodge the comparison is refused at the document root (line 1, column 1)', () => {
    const release = withBaseReport((r) => delete r.positiveLabel);
    expect(JSON.stringify(release.report)).not.toContain('positiveLabel');
    const f = only(biasCheck.run(release.ctx, release.policy).findings, 'BIAS_POSITIVE_LABEL_CHANGED');
    expect(f).toMatchObject({ code: 'BIAS_POSITIVE_LABEL_CHANGED', file: REPORT, pointer: '', line: 1, column: 1 });
    expect(f.message).toContain('The report\'s positive label is null, but production\'s report names "fraud"');
  });
});

describe('Jira sign-off (loopback Jira through the real client): at the manifest\'s "jira" value', () => {
  let server: JiraServer;
  const seen: Finding[] = [];
  beforeAll(async () => {
    server = await startJiraServer({ cloud: { email: EMAIL, apiToken: API_TOKEN } });
  });
  afterAll(async () => {
    await server.close();
    expect(JSON.stringify(seen)).not.toContain(API_TOKEN);
  });

  const manifest = exampleManifest();
  const manifestDoc = jsonDocument<Manifest>(MANIFEST, manifest);
  // Computed once from the manifest text: every sign-off finding is about the key the manifest names.
  const JIRA_AT = { file: MANIFEST, pointer: '/jira', ...valuePosition(manifest, 'jira') };

  async function judge(issue: FakeIssue, signOff: JiraSignOffPolicy): Promise<Finding[]> {
    server.addIssue(issue);
    const policy: Policy = examplePolicyValue();
    policy.jira = { ...policy.jira, signOff };
    const ticket = await gatherTicketFacts({
      source: sourceFor(cloudEnv(server)),
      manifestKey: manifest.jira,
      pr: {
        title: `${manifest.jira}: release fraud-detection 2.4.0`,
        branch: 'release/2.4.0',
        commitMessages: ['Retrain on October snapshot'],
      },
      policy,
    });
    const result = jiraCheck.run(contextWith({ manifest: manifestDoc, ticket }), policy);
    seen.push(...result.findings);
    expect(result.status).toBe('fail');
    return result.findings;
  }

  it('JIRA_SIGNOFF_DECLINED: a declined Service Management approval, even beside an approved one', async () => {
    const findings = await judge(
      approvedIssue({
        approvals: [
          {
            id: '41',
            name: 'Governance board',
            finalDecision: 'approved',
            approvers: [{ user: ALICE, decision: 'approved' }],
          },
          { id: '42', name: 'Risk', finalDecision: 'declined', approvers: [{ user: ALICE, decision: 'declined' }] },
        ],
      }),
      { serviceDeskApproval: true },
    );
    expect(codes(findings)).toEqual(['JIRA_SIGNOFF_DECLINED']);
    const [f] = findings;
    expect(f).toMatchObject({ severity: 'error', code: 'JIRA_SIGNOFF_DECLINED' });
    expect({ file: f!.file, pointer: f!.pointer, line: f!.line, column: f!.column }).toEqual(JIRA_AT);
    expect(f!.message).toBe('MLGOV-123 has a declined Service Management approval: Risk.');
  });

  it('JIRA_SIGNOFF_FIELD_MISMATCH: the custom field holds another value', async () => {
    const findings = await judge(approvedIssue({ fields: { customfield_10050: { value: 'Pending', id: '2' } } }), {
      field: { id: 'customfield_10050', equals: 'Approved' },
    });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'JIRA_SIGNOFF_FIELD_MISMATCH',
        message: 'MLGOV-123 field customfield_10050 is "Pending"; the policy requires "Approved".',
        file: JIRA_AT.file,
        pointer: JIRA_AT.pointer,
        line: JIRA_AT.line,
        column: JIRA_AT.column,
      }),
    ]);
  });

  // Every way of requiring a sign-off has its own JIRA_SIGNOFF_MISSING; each points at the same key.
  it.each<[string, JiraSignOffPolicy, FakeIssue, string]>([
    [
      'attachment',
      { attachment: 'sign-off*.pdf' },
      approvedIssue({ attachments: [{ ...SIGN_OFF_PDF, id: '1', filename: 'sign-off.docx' }] }),
      'MLGOV-123 has no attachment named like "sign-off*.pdf" (attachments: sign-off.docx).',
    ],
    [
      'comment by someone off the roster (the PR author)',
      { comment: { role: 'governance-board', phrase: 'approved' } },
      approvedIssue({
        comments: [{ id: '5', author: MALLORY, body: 'Approved, ship it', created: '2026-11-01T09:00:00.000+0000' }],
      }),
      'MLGOV-123 has no comment containing "approved" by a roster member with role governance-board. Comments containing it by Mallory do not count: not roster members with role governance-board.',
    ],
    [
      'pending Service Management approval',
      { serviceDeskApproval: true },
      approvedIssue({
        approvals: [
          {
            id: '43',
            name: 'Governance board',
            finalDecision: 'pending',
            approvers: [{ user: ALICE, decision: 'pending' }],
          },
        ],
      }),
      'MLGOV-123 has no Service Management approval in state approved (Governance board: pending).',
    ],
    [
      'empty custom field',
      { field: { id: 'customfield_10050', equals: 'Approved' } },
      approvedIssue({ fields: { customfield_10050: null } }),
      'MLGOV-123 has no value in field customfield_10050; the policy requires "Approved".',
    ],
  ])('JIRA_SIGNOFF_MISSING (%s)', async (_kind, signOff, issue, message) => {
    const findings = await judge(issue, signOff);
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({ severity: 'error', code: 'JIRA_SIGNOFF_MISSING', message });
    expect({ file: f!.file, pointer: f!.pointer, line: f!.line, column: f!.column }).toEqual(JIRA_AT);
  });
});

describe('POLICY_NOT_COMPARED: the working-tree policy that judged, or no file at all', () => {
  let repo: ReturnType<typeof createTempRepo>;
  afterAll(() => repo?.remove());

  it("a base without a policy: the PR's own policy judged, and the notice names that file (mlgov check)", async () => {
    repo = createTempRepo('mlgov-loc-policy-');
    writeFileSync(join(repo.dir, 'train.py'), 'print("training code")\n');
    const seed = repo.commitAll('Training code');
    repo.git('checkout', '-q', '-b', 'release');
    for (const p of ['model', 'reports', '.github/governance-policy.yml']) {
      cpSync(join(PROJECT_ROOT, p), join(repo.dir, p), { recursive: true });
    }
    bindRelease(repo.dir, seed);
    repo.commitAll('MLGOV-123 First release, with its policy');

    const run = await runMlgov(['check', '--offline', '--format', 'json', '--base', 'main'], { cwd: repo.dir });
    const report = JSON.parse(run.stdout) as Report;
    expect(report.policySource).toBe('working-tree');
    const policy = report.checks.find((c) => c.id === 'policy')!;
    expect(policy.status).toBe('pass');
    expect(policy.findings).toEqual([
      {
        severity: 'notice',
        code: 'POLICY_NOT_COMPARED',
        message:
          'The policy was read from the working tree, not from a base revision, so changes to it were not checked.',
        file: '.github/governance-policy.yml',
      },
    ]);
    // A notice about the whole file: no pointer, no line.
    expect(policy.findings[0]!.pointer).toBeUndefined();
    expect(policy.findings[0]!.line).toBeUndefined();
  });

  it('no policy anywhere: judged by the defaults, and the notice has no file to name', () => {
    const { ctx } = buildRelease({ context: { policySource: 'default' } });
    expect(ctx.headPolicy).toBeUndefined();
    const result = policyCheck.run(ctx, withDefaults(undefined));
    const f = only(result.findings, 'POLICY_NOT_COMPARED');
    expect(f).toEqual({
      severity: 'notice',
      code: 'POLICY_NOT_COMPARED',
      message: 'The policy was read from the defaults, not from a base revision, so changes to it were not checked.',
    });
    expect(f.file).toBeUndefined();
    expect(f.pointer).toBeUndefined();
  });
});

describe('RELEASE_KIND_UNKNOWN: at the declared /release/type, whatever it declares', () => {
  const run = (release: ReturnType<typeof buildRelease>) => promotionCheck.run(release.ctx, release.policy);

  it('no base revision at all: a declared promotion cannot be derived', () => {
    const release = buildRelease({ base: null });
    const result = run(release);
    expect(result.findings).toHaveLength(1);
    const f = only(result.findings, 'RELEASE_KIND_UNKNOWN');
    const { line, column } = valuePosition(release.manifest, 'type');
    expect(f).toMatchObject({
      severity: 'error',
      indeterminate: true,
      code: 'RELEASE_KIND_UNKNOWN',
      file: MANIFEST,
      pointer: '/release/type',
      line,
      column,
    });
    expect(f.fix).toBe(
      'judge the release against the production branch: pass --base REF (the action passes the PR base)',
    );
  });

  it('"initial" over a base that archives the model but lost its manifest is not a first release', () => {
    // Declared initial, the release would skip the comparison with production; the base's archive says otherwise.
    const release = buildRelease({
      manifest: (m) => (m.release = { type: 'initial', reason: 'A brand new model line, honestly' }),
      context: {
        base: { kind: 'found', ref: 'main', commit: 'f'.repeat(40) },
        evidence: {
          archiveDir: 'artifacts',
          baseFiles: {},
          headFiles: {},
          archivedVersions: [],
          baseArchivedVersions: ['2.3.0'],
        },
      },
    });
    const result = run(release);
    expect(result.status).toBe('fail');
    expect(codes(result.findings)).toEqual(['RELEASE_KIND_UNKNOWN']);
    const f = result.findings[0]!;
    expect(f.message).toBe(
      'What this release is (initial, promotion or rollback) cannot be derived: the base main has no manifest but archives fraud-detection 2.3.0: it is not a first release, and there is no production release to compare with.',
    );
    const { line, column } = valuePosition(release.manifest, 'type');
    expect({ file: f.file, pointer: f.pointer, line: f.line, column: f.column }).toEqual({
      file: MANIFEST,
      pointer: '/release/type',
      line,
      column,
    });
  });

  it("a base whose manifest git read but that does not parse: not derived, at the PR's /release/type", () => {
    const release = buildRelease({
      context: {
        base: {
          kind: 'found',
          ref: 'main',
          commit: 'f'.repeat(40),
          manifest: parseJsonDocument(MANIFEST, Buffer.from('{"version": \n')) as ParsedDocument<Manifest>,
        },
      },
    });
    const f = only(run(release).findings, 'RELEASE_KIND_UNKNOWN');
    expect(f.message).toContain("the base release's manifest (model/manifest.json at main) could not be read");
    expect(f).toMatchObject({ file: MANIFEST, pointer: '/release/type', ...valuePosition(release.manifest, 'type') });
    expect(f.line).toBeGreaterThan(1);
  });
});

describe('COMMIT_NOT_CHECKED: at /provenance/code/commit', () => {
  const policy = withDefaults(undefined);
  const at = { file: MANIFEST, pointer: '/provenance/code/commit', ...valuePosition(integrityManifest(), 'commit') };

  it('a commit the gatherer never asked git about is not passed', () => {
    const { ctx } = integrityContext({ context: { git: { isRepository: true, commitExists: {} } } });
    const result = provenanceCheck.run(ctx, policy);
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      {
        severity: 'error',
        indeterminate: true,
        code: 'COMMIT_NOT_CHECKED',
        message: `Whether provenance.code.commit ${COMMIT} exists was not determined.`,
        fix: 'Run the gate again; if this persists, report it as an mlgov bug.',
        file: at.file,
        pointer: at.pointer,
        line: at.line,
        column: at.column,
      },
    ]);
  });

  it('an answer about another commit does not vouch for the one the manifest names', () => {
    const other = 'b'.repeat(40);
    const { ctx } = integrityContext({ context: { git: { isRepository: true, commitExists: { [other]: true } } } });
    const f = only(provenanceCheck.run(ctx, policy).findings, 'COMMIT_NOT_CHECKED');
    expect({ file: f.file, pointer: f.pointer, line: f.line, column: f.column }).toEqual(at);
    expect(f.message).toContain(COMMIT);
    expect(f.message).not.toContain(other);
  });
});
