/**
 * Approvals behave as people expect (issue 14), through the CLI on real temp repositories (production 2.4.0 on
 * `main`, the PR's 2.5.0 on `release`):
 * 1. approving the same thing twice writes nothing and logs nothing;
 * 2. the fairness reviewer approving an unchanged report leaves the board's approvals standing, while a report whose
 *    figures changed still voids them (the attack tests);
 * 3. a rejection's note is in its finding and in `mlgov log show`;
 * 4. `approve` checks the approver against the base revision's roster, not the one the PR edits.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BiasReport } from '../../src/formats/bias-report.js';
import {
  biasReportBindingMatches,
  biasReportBindingOf,
  boundReportFileOf,
} from '../../src/formats/bias-report-binding.js';
import { manifestDigest, reportContentSha256, reportDigest } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { Report } from '../../src/release/report.js';
import { runMlgov } from '../support/cli-io.js';
import { bindRelease, createReleaseRepo, readJson, writeJson } from '../support/example-release.js';
import { createTempRepo, PROJECT_ROOT } from '../support/git-repo.js';

type ReleaseRepo = ReturnType<typeof createReleaseRepo>;
const MANIFEST = 'model/manifest.json';
const REPORT = 'reports/latest-bias-report.json';
const LOG = 'artifacts/audit-log.jsonl';
const POLICY = '.github/governance-policy.yml';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** The PR: 2.5.0 on `release`, every digest bound (the board's and the fairness reviewer's approvals included). */
async function prRepo(): Promise<ReleaseRepo> {
  const repo = createReleaseRepo();
  cleanups.push(() => repo.remove());
  expect((await runMlgov(['archive', '--base', 'main', '--actor', 'carol'], { cwd: repo.dir })).code).toBe(0);
  bindRelease(repo.dir, repo.seed, {
    manifest: (m) => {
      m.version = '2.5.0';
      m.release = { type: 'promotion', reason: 'Retrain on the November feature snapshot' };
      m.jira = 'MLGOV-124';
      m.evaluation.backtest = {
        ...m.evaluation.backtest!,
        mae: 38,
        rmse: 55,
        seasons: { summer: { mae: 37, rmse: 54 }, winter: { mae: 39, rmse: 56 } },
      };
    },
  });
  repo.commitAll('MLGOV-124 promote 2.5.0');
  return repo;
}

/**
 * The PR as `checksums --write` now leaves it: `biasReport.sha256` in the content form, the board's approvals
 * bound to the manifest digest that gives.
 */
function contentBound(repo: ReleaseRepo): Manifest {
  const m = readJson<Manifest>(repo.dir, MANIFEST);
  m.biasReport.sha256 = reportContentSha256(readJson<BiasReport>(repo.dir, REPORT));
  const digest = manifestDigest(m);
  for (const a of m.approvals ?? []) a.manifestDigest = digest;
  writeJson(repo.dir, MANIFEST, m);
  repo.commitAll('MLGOV-124 bind the bias report by its content');
  return m;
}

const mlgov = (repo: { dir: string }, ...argv: string[]) => runMlgov(argv, { cwd: repo.dir });
const read = (repo: { dir: string }, rel: string) => readFileSync(join(repo.dir, rel), 'utf8');

async function check(repo: ReleaseRepo): Promise<{ code: number; report: Report }> {
  const run = await mlgov(repo, 'check', '--offline', '--base', 'main', '--format', 'json');
  return { code: run.code, report: JSON.parse(run.stdout) as Report };
}

const findingsOf = (report: Report, id: string) => report.checks.find((c) => c.id === id)!.findings;

describe('approving the same thing twice changes nothing and logs nothing', () => {
  it('a manifest approval identical to a recorded one: exit 0, "already approved", no file, no audit event', async () => {
    const repo = await prRepo();
    const before = { manifest: read(repo, MANIFEST), log: read(repo, LOG) };
    const alice = readJson<Manifest>(repo.dir, MANIFEST).approvals!.find((a) => a.approver === 'alice')!;
    const r = await mlgov(repo, 'approve', '--approver', 'alice', '--role', 'governance-board');
    expect(r).toEqual({
      code: 0,
      stdout: `already approved: alice (governance-board) approved fraud-detection 2.5.0, bound to ${alice.manifestDigest}, at ${alice.at}; nothing written\n`,
      stderr: '',
    });
    expect(read(repo, MANIFEST)).toBe(before.manifest);
    expect(read(repo, LOG)).toBe(before.log);
  });

  it('the login compares case-insensitively; --format json says unchanged with no writes', async () => {
    const repo = await prRepo();
    const before = read(repo, LOG);
    const r = await mlgov(repo, 'approve', '--approver', 'ALICE', '--role', 'governance-board', '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { unchanged: boolean; writes: string[]; approval: { approver: string } };
    expect(out).toMatchObject({ unchanged: true, writes: [], approval: { approver: 'alice' } });
    expect(read(repo, LOG)).toBe(before);
  });

  it('a bias report approval identical to the recorded one writes nothing', async () => {
    const repo = await prRepo();
    const before = { report: read(repo, REPORT), manifest: read(repo, MANIFEST), log: read(repo, LOG) };
    const dave = readJson<BiasReport>(repo.dir, REPORT).approvals![0]!;
    const r = await mlgov(
      repo,
      ...['approve', '--target', 'bias-report', '--approver', 'dave', '--role', 'fairness-reviewer'],
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `already approved: dave (fairness-reviewer) approved fraud-detection 2.5.0 bias report, bound to ${dave.reportDigest}, at ${dave.at}; nothing written\n`,
    );
    expect({ report: read(repo, REPORT), manifest: read(repo, MANIFEST), log: read(repo, LOG) }).toEqual(before);
  });

  it('a different note or decision is a new approval: written and logged', async () => {
    const repo = await prRepo();
    const events = () => read(repo, LOG).trim().split('\n').length;
    const start = events();
    const noted = await mlgov(
      repo,
      ...['approve', '--approver', 'alice', '--role', 'governance-board', '--note', 'backtest re-read'],
    );
    expect(noted.code).toBe(0);
    expect(noted.stdout).toContain('(replaces the earlier approval by the same approver and role)');
    expect(events()).toBe(start + 1);
    const again = await mlgov(
      repo,
      ...['approve', '--approver', 'alice', '--role', 'governance-board', '--note', 'backtest re-read'],
    );
    expect(again.stdout).toMatch(/^already approved: alice \(governance-board\) .*; nothing written\n$/);
    expect(events()).toBe(start + 1);
    const rejected = await mlgov(
      repo,
      ...['approve', '--approver', 'alice', '--role', 'governance-board', '--decision', 'rejected'],
    );
    expect(rejected.stdout).toContain('recorded: alice (governance-board) rejected fraud-detection 2.5.0');
    expect(events()).toBe(start + 2);
  });
});

describe("the fairness review and the board's approvals", () => {
  it("a review of an unchanged report (content-bound) writes only the report: the board's approvals stand, check passes", async () => {
    const repo = await prRepo();
    const m = contentBound(repo);
    expect((await check(repo)).code).toBe(0);
    const manifestBefore = read(repo, MANIFEST);
    const r = await mlgov(
      repo,
      ...['approve', '--target', 'bias-report', '--approver', 'dave', '--role', 'fairness-reviewer'],
      ...['--note', 'figures re-checked against the holdout'],
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote reports/latest-bias-report.json\n');
    expect(r.stdout).not.toContain('model/manifest.json');
    expect(r.stdout).not.toContain('warning:');
    expect(read(repo, MANIFEST)).toBe(manifestBefore);
    const report = readJson<BiasReport>(repo.dir, REPORT);
    expect(report.approvals!.map((a) => [a.approver, a.note, a.reportDigest])).toEqual([
      ['dave', 'figures re-checked against the holdout', reportDigest(report)],
    ]);
    const event = JSON.parse(read(repo, LOG).trim().split('\n').at(-1)!) as { details: Record<string, unknown> };
    expect(event.details).toMatchObject({ target: 'bias-report', manifestDigest: manifestDigest(m) });
    repo.commitAll('MLGOV-124 fairness review');
    const judged = await check(repo);
    expect(judged.code).toBe(0);
    expect(judged.report.checks.find((c) => c.id === 'approvals')!.summary).toBe('required roles met by alice, bob');
  });

  it('checksums --write leaves a binding that holds alone, in either form', async () => {
    const repo = await prRepo(); // the bytes' form, as manifests before the content form carry it
    const before = read(repo, MANIFEST);
    const bytesForm = await mlgov(repo, 'checksums', '--write');
    expect(bytesForm.code).toBe(0);
    expect(read(repo, MANIFEST)).toBe(before);
    contentBound(repo);
    const after = read(repo, MANIFEST);
    expect((await mlgov(repo, 'checksums', '--write')).code).toBe(0);
    expect(read(repo, MANIFEST)).toBe(after);
  });

  it('checksums --write binds a changed report by its content form', async () => {
    const repo = await prRepo();
    const report = readJson<BiasReport>(repo.dir, REPORT);
    report.generatedAt = '2026-11-30T10:00:00Z';
    writeJson(repo.dir, REPORT, report);
    const r = await mlgov(repo, 'checksums', '--write');
    expect(r.code).toBe(0);
    expect(readJson<Manifest>(repo.dir, MANIFEST).biasReport.sha256).toBe(reportContentSha256(report));
  });

  it('[attack] the report figures changed, the manifest and the board approvals kept: BIAS_REPORT_CHECKSUM_MISMATCH', async () => {
    const repo = await prRepo();
    const m = contentBound(repo);
    const report = readJson<BiasReport>(repo.dir, REPORT);
    report.attributes[0]!.groups[0]!.selectionRate = 0.05;
    writeJson(repo.dir, REPORT, report);
    repo.commitAll('MLGOV-124 adjust the figures');
    const { code, report: judged } = await check(repo);
    expect(code).toBe(1);
    const bytes = readFileSync(join(repo.dir, REPORT));
    const fileSha = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
    expect(findingsOf(judged, 'checksums')).toEqual([
      expect.objectContaining({
        code: 'BIAS_REPORT_CHECKSUM_MISMATCH',
        pointer: '/biasReport/sha256',
        message: `The bias report "${REPORT}" is declared with SHA-256 ${m.biasReport.sha256}, but the file's digest is ${fileSha} and its content digest (without approvals) is ${reportContentSha256(report)}.`,
      }),
    ]);
  });

  it('[attack] the figures changed and biasReport.sha256 re-bound, the board approvals kept: the approvals are void', async () => {
    const repo = await prRepo();
    contentBound(repo);
    const report = readJson<BiasReport>(repo.dir, REPORT);
    report.attributes[0]!.groups[0]!.selectionRate = 0.05;
    writeJson(repo.dir, REPORT, report);
    const m = readJson<Manifest>(repo.dir, MANIFEST);
    const oldDigest = m.approvals![0]!.manifestDigest;
    m.biasReport.sha256 = reportContentSha256(report);
    writeJson(repo.dir, MANIFEST, m);
    repo.commitAll('MLGOV-124 adjust the figures and the checksum');
    const { code, report: judged } = await check(repo);
    expect(code).toBe(1);
    expect(findingsOf(judged, 'checksums')).toEqual([]);
    const approvals = findingsOf(judged, 'approvals');
    expect(approvals.map((f) => f.code)).toEqual([
      'APPROVAL_DIGEST_MISMATCH',
      'APPROVAL_DIGEST_MISMATCH',
      'APPROVALS_CORROBORATION_UNAVAILABLE',
      'APPROVALS_MISSING_ROLE',
      'APPROVALS_MISSING_ROLE',
    ]);
    expect(approvals[0]!.message).toBe(
      `alice's governance-board approval names manifest ${oldDigest}, but the manifest is now ${manifestDigest(m)}: it was edited after the approval.`,
    );
    expect(findingsOf(judged, 'bias').map((f) => f.code)).toContain('BIAS_APPROVAL_DIGEST_MISMATCH');
  });

  it('[attack] only the approvals in the report changed under a bytes-form binding: still a mismatch (it pins the bytes)', async () => {
    const repo = await prRepo();
    const report = readJson<BiasReport>(repo.dir, REPORT);
    report.approvals![0]!.note = 'added later';
    writeJson(repo.dir, REPORT, report);
    repo.commitAll('MLGOV-124 note');
    const { code, report: judged } = await check(repo);
    expect(code).toBe(1);
    expect(findingsOf(judged, 'checksums').map((f) => f.code)).toEqual(['BIAS_REPORT_CHECKSUM_MISMATCH']);
  });
});

describe("a rejection's note", () => {
  const NOTE = 'DI for age_band 65+ is below what the board accepts';

  it('is in APPROVAL_REJECTED and in mlgov log show', async () => {
    const repo = await prRepo();
    const r = await mlgov(
      repo,
      ...['approve', '--approver', 'alice', '--role', 'governance-board', '--decision', 'rejected', '--note', NOTE],
    );
    expect(r.code).toBe(0);
    repo.commitAll('MLGOV-124 board rejection');
    const { code, report } = await check(repo);
    expect(code).toBe(1);
    const rejected = findingsOf(report, 'approvals').find((f) => f.code === 'APPROVAL_REJECTED')!;
    expect(rejected.message).toBe(`alice (governance-board) rejected this release: "${NOTE}"; a rejection blocks it.`);
    expect(rejected.pointer).toBe('/approvals/0/decision');

    const shown = await mlgov(repo, 'log', 'show', '--action', 'approve');
    expect(shown.code).toBe(0);
    const event = JSON.parse(read(repo, LOG).trim().split('\n').at(-1)!) as { seq: number; at: string };
    expect(shown.stdout).toBe(
      `${String(event.seq).padStart(4)}  ${event.at}  approve   fraud-detection@2.5.0  by alice  MLGOV-124  ` +
        `rejected manifest as governance-board: "${NOTE}"\n`,
    );
  });

  it('is in BIAS_REVIEW_REJECTED', async () => {
    const repo = await prRepo();
    const note = 'the 65+ group is too small to judge';
    const r = await mlgov(
      repo,
      ...['approve', '--target', 'bias-report', '--approver', 'dave', '--role', 'fairness-reviewer'],
      ...['--decision', 'rejected', '--note', note],
    );
    expect(r.code).toBe(0);
    repo.commitAll('MLGOV-124 fairness rejection');
    const { code, report } = await check(repo);
    expect(code).toBe(1);
    const rejected = findingsOf(report, 'bias').find((f) => f.code === 'BIAS_REVIEW_REJECTED')!;
    expect(rejected.message).toBe(`dave (fairness-reviewer) rejected this bias report: "${note}".`);
  });

  it('of a rejection recorded on the base is in APPROVAL_REJECTION_RECORDED', async () => {
    const repo = await prRepo();
    const r = await mlgov(
      repo,
      ...['approve', '--approver', 'alice', '--role', 'governance-board', '--decision', 'rejected', '--note', NOTE],
    );
    expect(r.code).toBe(0);
    repo.commitAll('MLGOV-124 board rejection');
    // The rejection reached the base; the PR then drops it from its manifest.
    repo.git('branch', '-f', 'main', 'HEAD');
    const m = readJson<Manifest>(repo.dir, MANIFEST);
    m.approvals = m.approvals!.filter((a) => a.approver !== 'alice');
    writeJson(repo.dir, MANIFEST, m);
    repo.commitAll('MLGOV-124 drop the rejection');
    const { code, report } = await check(repo);
    expect(code).toBe(1);
    const recorded = findingsOf(report, 'approvals').filter((f) => f.code === 'APPROVAL_REJECTION_RECORDED');
    expect(recorded.map((f) => f.message)).toContain(
      `alice (governance-board) rejected exactly this manifest in the base revision's copy of the file: "${NOTE}"; the pull request cannot remove a rejection recorded there.`,
    );
  });
});

describe("approve checks the base revision's roster", () => {
  it('a PR adding its author to its own roster cannot approve through mlgov approve', async () => {
    const repo = await prRepo();
    const policy = read(repo, POLICY).replace(
      '    - { login: alice, roles: [governance-board] }\n',
      '    - { login: alice, roles: [governance-board] }\n    - { login: carol, roles: [governance-board] }\n',
    );
    expect(policy).toContain('carol');
    writeFileSync(join(repo.dir, POLICY), policy);
    repo.commitAll('MLGOV-124 add carol to the roster');
    const before = { manifest: read(repo, MANIFEST), log: read(repo, LOG) };
    const r = await mlgov(repo, 'approve', '--approver', 'carol', '--role', 'governance-board');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'refused: carol is not on the approvals roster (main:.github/governance-policy.yml approvals.roster)',
    );
    expect({ manifest: read(repo, MANIFEST), log: read(repo, LOG) }).toEqual(before);
  });

  it('a role the PR gives itself is refused with the base roster roles', async () => {
    const repo = await prRepo();
    writeFileSync(
      join(repo.dir, POLICY),
      read(repo, POLICY).replace(
        '{ login: bob, roles: [regulatory-affairs] }',
        '{ login: bob, roles: [regulatory-affairs, governance-board] }',
      ),
    );
    const r = await mlgov(repo, 'approve', '--approver', 'bob', '--role', 'governance-board');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "refused: the roster does not give bob the role governance-board; bob's roster roles: regulatory-affairs (main:.github/governance-policy.yml)",
    );
  });

  it('a base that cannot be resolved is refused, never replaced by the working tree policy', async () => {
    const repo = await prRepo();
    const r = await mlgov(repo, 'approve', '--approver', 'alice', '--role', 'governance-board', '--base', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `refused: base revision "nope" is not in this repository; the roster is the base revision's`,
    );
  });

  it("without a base revision (first release) the working tree's roster is used, and the output says so", async () => {
    const repo = createTempRepo('mlgov-first-');
    cleanups.push(() => repo.remove());
    for (const p of ['model', 'reports', POLICY]) cpSync(join(PROJECT_ROOT, p), join(repo.dir, p), { recursive: true });
    const r = await mlgov(repo, 'approve', '--approver', 'alice', '--role', 'governance-board', '--note', 'first');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      "note: no base revision (no default branch (origin/HEAD, origin/main, origin/master, main, master) to compare with; pass --base REF): the approver is checked against the working tree's roster (.github/governance-policy.yml)",
    );
    expect(r.stdout).toContain('recorded: alice (governance-board) approved fraud-detection 2.4.0');
    expect(existsSync(join(repo.dir, LOG))).toBe(true);
  });
});

describe('the manifest → bias report binding (src/formats/bias-report-binding.ts)', () => {
  const text = '{ "schemaVersion": "1.0", "approvals": [] }\n';
  const bytes = Buffer.from(text, 'utf8');
  const file = boundReportFileOf(REPORT, bytes);

  it('binds by the content form or by the bytes, and nothing else', () => {
    const content = reportContentSha256({ schemaVersion: '1.0' });
    expect(biasReportBindingOf(file)).toBe(content);
    expect(biasReportBindingMatches(content, file)).toBe(true);
    expect(biasReportBindingMatches(content.toUpperCase(), file)).toBe(true);
    expect(biasReportBindingMatches(file.sha256, file)).toBe(true);
    expect(biasReportBindingMatches('0'.repeat(64), file)).toBe(false);
    expect(biasReportBindingMatches(undefined, file)).toBe(false);
  });

  it('a report with a duplicate key has no content form: only its bytes bind it', () => {
    const dup = boundReportFileOf(REPORT, Buffer.from('{ "schemaVersion": "1.0", "schemaVersion": "9" }\n'));
    expect(dup.report).toBeUndefined();
    expect(biasReportBindingOf(dup)).toBe(dup.sha256);
    expect(biasReportBindingMatches(reportContentSha256({ schemaVersion: '9' }), dup)).toBe(false);
  });
});
