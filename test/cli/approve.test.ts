import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApprovePlan } from '../../src/evidence/approve-plan.js';
import { verifyAuditLog } from '../../src/evidence/hash-chain.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import { manifestDigest, reportContentSha256, reportDigest } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { withDefaults } from '../../src/policy/defaults.js';
import { exampleManifest, exampleReport } from '../checks/fixtures/release.js';
import { runMlgov } from '../support/cli-io.js';
import { createExampleRepo } from '../support/git-repo.js';

const POLICY = `version: 1
approvals:
  roster:
    - { login: alice, roles: [governance-board] }
    - { login: bob, roles: [regulatory-affairs] }
    - { login: dave, roles: [fairness-reviewer] }
  required: [ { role: governance-board, count: 1 }, { role: regulatory-affairs, count: 1 } ]
`;

let dir: string;
const read = (rel: string) => readFileSync(join(dir, rel), 'utf8');
const readJson = <T>(rel: string) => JSON.parse(read(rel)) as T;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlgov-approve-'));
  mkdirSync(join(dir, '.github'));
  mkdirSync(join(dir, 'model'));
  mkdirSync(join(dir, 'reports'));
  writeFileSync(join(dir, '.github/governance-policy.yml'), POLICY);
  const m = exampleManifest();
  writeFileSync(join(dir, 'reports/latest-bias-report.json'), JSON.stringify(exampleReport(), null, 2) + '\n');
  m.biasReport.sha256 = sha256(read('reports/latest-bias-report.json'));
  writeFileSync(join(dir, 'model/manifest.json'), JSON.stringify(m, null, 2) + '\n');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function approve(...args: string[]) {
  return runMlgov(['approve', '--repo', dir, ...args], { cwd: dir });
}

describe('mlgov approve', () => {
  it('adds an approval bound to the manifest digest, 2-space JSON with a trailing newline, and logs it', async () => {
    const r = await approve('--approver', 'alice', '--role', 'governance-board', '--note', 'reviewed the backtest');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('recorded: alice (governance-board) approved fraud-detection 2.4.0, bound to sha256:');
    const m = readJson<Manifest>('model/manifest.json');
    expect(m.approvals).toHaveLength(1);
    expect(m.approvals![0]).toMatchObject({
      approver: 'alice',
      role: 'governance-board',
      decision: 'approved',
      note: 'reviewed the backtest',
    });
    expect(m.approvals![0]!.manifestDigest).toBe(manifestDigest(m));
    expect(read('model/manifest.json')).toBe(JSON.stringify(m, null, 2) + '\n');
    const log = verifyAuditLog(read('artifacts/audit-log.jsonl'));
    expect(log.ok).toBe(true);
    expect(log.events).toHaveLength(1);
    expect(log.events[0]).toMatchObject({
      actor: 'alice',
      action: 'approve',
      model: 'fraud-detection',
      version: '2.4.0',
      ticket: 'MLGOV-123',
    });
    expect(log.events[0]!.details).toMatchObject({
      target: 'manifest',
      role: 'governance-board',
      manifestDigest: manifestDigest(m),
    });
  });

  it('replaces an earlier approval by the same approver and role', async () => {
    await approve('--approver', 'alice', '--role', 'governance-board');
    await approve('--approver', 'bob', '--role', 'regulatory-affairs');
    const r = await approve('--approver', 'alice', '--role', 'governance-board', '--decision', 'rejected');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('replaces the earlier approval');
    const m = readJson<Manifest>('model/manifest.json');
    expect(m.approvals!.map((a) => [a.approver, a.decision])).toEqual([
      ['alice', 'rejected'],
      ['bob', 'approved'],
    ]);
  });

  it('approves the bias report: binds the report digest; a byte-form biasReport.sha256 becomes the content form once, voiding the manifest approvals it names', async () => {
    await approve('--approver', 'alice', '--role', 'governance-board');
    const r = await approve('--approver', 'dave', '--role', 'fairness-reviewer', '--target', 'bias-report');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote reports/latest-bias-report.json');
    expect(r.stdout).toContain('wrote model/manifest.json');
    expect(r.stdout).toContain(
      "warning: the manifest digest changes (biasReport.sha256 was the digest of the report's bytes; it now binds the report's content without approvals, once), so these manifest approvals are now void and must be given again: alice (governance-board)",
    );
    const report = readJson<BiasReport>('reports/latest-bias-report.json');
    expect(report.approvals).toEqual([
      expect.objectContaining({ approver: 'dave', role: 'fairness-reviewer', reportDigest: reportDigest(report) }),
    ]);
    const m = readJson<Manifest>('model/manifest.json');
    expect(m.biasReport.sha256).toBe(reportContentSha256(report));
    expect(m.approvals![0]!.manifestDigest).not.toBe(manifestDigest(m));
    const log = verifyAuditLog(read('artifacts/audit-log.jsonl'));
    expect(log.events.map((e) => e.details?.['target'])).toEqual(['manifest', 'bias-report']);
  });

  it('refuses an approver not on the roster, changing nothing', async () => {
    const before = read('model/manifest.json');
    const r = await approve('--approver', 'zed', '--role', 'governance-board');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refused: zed is not on the approvals roster');
    expect(read('model/manifest.json')).toBe(before);
    expect(existsSync(join(dir, 'artifacts'))).toBe(false);
  });

  it('refuses a role the roster does not give, naming the roles the approver has', async () => {
    const r = await approve('--approver', 'bob', '--role', 'governance-board');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "the roster does not give bob the role governance-board; bob's roster roles: regulatory-affairs",
    );
  });

  it('refuses a manifest that fails to parse, with its position', async () => {
    writeFileSync(join(dir, 'model/manifest.json'), '{ "name": "x", "name": "y" }\n');
    const r = await approve('--approver', 'alice', '--role', 'governance-board');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('model/manifest.json cannot be parsed (line 1');
    expect(read('model/manifest.json')).toBe('{ "name": "x", "name": "y" }\n');
  });

  it('--dry-run prints the plan and writes nothing', async () => {
    const before = read('model/manifest.json');
    const r = await approve(
      '--approver',
      'dave',
      '--role',
      'fairness-reviewer',
      '--target',
      'bias-report',
      '--dry-run',
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { dryRun: boolean; writes: string[]; event: { action: string } };
    expect(out.dryRun).toBe(true);
    expect(out.writes).toEqual(['reports/latest-bias-report.json', 'model/manifest.json']);
    expect(out.event.action).toBe('approve');
    expect(read('model/manifest.json')).toBe(before);
    expect(readJson<BiasReport>('reports/latest-bias-report.json').approvals).toBeUndefined();
    expect(existsSync(join(dir, 'artifacts'))).toBe(false);
  });

  it('rejects a bad --decision as usage', async () => {
    const r = await approve('--approver', 'alice', '--role', 'governance-board', '--decision', 'maybe');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--decision must be approved or rejected');
  });
});

describe('approve plan', () => {
  it('warns when the bias report is approved under a role the gate does not count', () => {
    const policy = withDefaults({
      approvals: { ...withDefaults(undefined).approvals, roster: [{ login: 'alice', roles: ['governance-board'] }] },
    });
    const plan = buildApprovePlan(
      {
        manifest: { path: 'model/manifest.json', text: JSON.stringify(exampleManifest()) },
        report: { path: 'reports/latest-bias-report.json', text: JSON.stringify(exampleReport()) },
      },
      {
        approver: 'alice',
        role: 'governance-board',
        decision: 'approved',
        target: 'bias-report',
        now: '2026-11-23T12:00:00.000Z',
      },
      policy,
    );
    expect(plan.kind).toBe('write');
    expect(plan.kind === 'write' && plan.warnings[0]).toContain('counts only fairness-reviewer approvals');
  });
});

describe('approve plan: logins', () => {
  it('finds the approver on the roster whatever the case, and records the roster spelling', () => {
    const policy = withDefaults({
      approvals: { ...withDefaults(undefined).approvals, roster: [{ login: 'alice', roles: ['governance-board'] }] },
    });
    const plan = buildApprovePlan(
      {
        manifest: { path: 'model/manifest.json', text: JSON.stringify(exampleManifest()) },
        report: { path: 'reports/latest-bias-report.json', text: JSON.stringify(exampleReport()) },
      },
      {
        approver: 'ALICE',
        role: 'governance-board',
        decision: 'approved',
        target: 'manifest',
        now: '2026-11-23T12:00:00.000Z',
      },
      policy,
    );
    expect(plan.kind).toBe('write');
    if (plan.kind !== 'write') return;
    const written = plan.writes.find((w) => w.path === 'model/manifest.json');
    expect(JSON.parse(written!.text).approvals.at(-1).approver).toBe('alice');
    expect(plan.approval.approver).toBe('alice');
    expect(plan.event.actor).toBe('alice');
  });
});

describe('mlgov approve on the built-in example', () => {
  it('binds a board approval to the example manifest and a review to the example report', async () => {
    const repo = createExampleRepo();
    try {
      const at = (rel: string) => readFileSync(join(repo.dir, rel), 'utf8');
      const board = await runMlgov(['approve', '--approver', 'erin', '--role', 'governance-board'], { cwd: repo.dir });
      expect(board.code).toBe(0);
      let m = JSON.parse(at('model/manifest.json')) as Manifest;
      const erin = m.approvals!.find((a) => a.approver === 'erin')!;
      expect(erin.manifestDigest).toBe(manifestDigest(m));

      const review = await runMlgov(
        ['approve', '--approver', 'dave', '--role', 'fairness-reviewer', '--target', 'bias-report'],
        { cwd: repo.dir },
      );
      expect(review.code).toBe(0);
      m = JSON.parse(at('model/manifest.json')) as Manifest;
      const report = JSON.parse(at(m.biasReport.path)) as BiasReport;
      expect(m.biasReport.sha256).toBe(reportContentSha256(report));
      expect(report.approvals!.find((a) => a.approver === 'dave')!.reportDigest).toBe(reportDigest(report));
      expect(review.stdout).toContain('erin (governance-board)');
      expect(verifyAuditLog(at('artifacts/audit-log.jsonl')).ok).toBe(true);
    } finally {
      repo.remove();
    }
  });
});
