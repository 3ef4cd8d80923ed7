/**
 * The I/O of `mlgov approve` (src/evidence/approve-apply.ts), driven directly: which files `readApproveFiles` reads
 * and how it refuses a missing or escaping manifest; that `applyApprovePlan` refuses a log that does not verify and
 * leaves no approval, no event and no temp file when the append fails; and which roster `readRosterPolicy` returns
 * (working tree or base) and the exact refusals when the base cannot judge.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { applyApprovePlan, readApproveFiles, readRosterPolicy } from '../../src/evidence/approve-apply.js';
import type { ApprovePlan } from '../../src/evidence/approve-plan.js';
import { verifyAuditLog } from '../../src/evidence/hash-chain.js';
import { policyFromBytes } from '../../src/evidence/workspace.js';
import { DEFAULT_POLICY } from '../../src/policy/defaults.js';
import { loadWorkingPolicy } from '../../src/policy/read-policy.js';
import { selectModel, type ModelLocation } from '../../src/release/release-locator.js';
import { createTempRepo, PROJECT_ROOT } from '../support/git-repo.js';
import { twoModelPolicy } from '../support/two-models.js';
import { rejectionOf } from '../support/rejection.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mlgov-approve-apply-'));
  dirs.push(d);
  return d;
}

function put(root: string, rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

const location = (over: Partial<ModelLocation> = {}): ModelLocation => ({
  manifest: 'model/manifest.json',
  biasReport: 'reports/latest-bias-report.json',
  archiveDir: 'artifacts',
  policy: DEFAULT_POLICY,
  ...over,
});

/** What a call threw, for exact assertions on the message, fix and exit code. */
async function failure(
  p: Promise<unknown>,
): Promise<{ name: string; message: string; fix?: string; exitCode?: number }> {
  const e = (await rejectionOf(p)) as { name: string; message: string; fix?: string; exitCode?: number };
  return {
    name: e.name,
    message: e.message,
    ...(e.fix !== undefined ? { fix: e.fix } : {}),
    ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}),
  };
}

const MANIFEST = '{ "name": "fraud-detection", "biasReport": { "path": "reports/latest-bias-report.json" } }\n';
const REPORT = '{ "schemaVersion": "1.0" }\n';

describe('readApproveFiles: the files an approval is written into', () => {
  test('reads the manifest as text and, for the manifest target, never the report', async () => {
    const root = tempDir();
    put(root, 'model/manifest.json', MANIFEST);
    put(root, 'reports/latest-bias-report.json', REPORT);
    const files = await readApproveFiles(root, location(), 'manifest');
    expect(files).toStrictEqual({ manifest: { path: 'model/manifest.json', text: MANIFEST } });
  });

  test('reads the policy bias report as text for the bias-report target', async () => {
    const root = tempDir();
    put(root, 'model/manifest.json', MANIFEST);
    put(root, 'reports/latest-bias-report.json', REPORT);
    const files = await readApproveFiles(root, location(), 'bias-report');
    expect(files).toStrictEqual({
      manifest: { path: 'model/manifest.json', text: MANIFEST },
      report: { path: 'reports/latest-bias-report.json', text: REPORT },
    });
  });

  test('leaves the report out when the bias report does not exist', async () => {
    const root = tempDir();
    put(root, 'model/manifest.json', MANIFEST);
    const files = await readApproveFiles(root, location(), 'bias-report');
    expect(files).toStrictEqual({ manifest: { path: 'model/manifest.json', text: MANIFEST } });
  });

  test('a missing manifest is refused with where it was looked for', async () => {
    const root = tempDir();
    expect(await failure(readApproveFiles(root, location(), 'manifest'))).toStrictEqual({
      name: 'EvidenceError',
      message: `model/manifest.json not found in ${root}`,
      fix: 'Run mlgov approve in the model repository, or pass --repo DIR.',
      exitCode: 2,
    });
  });

  test('a manifest that cannot be read (a directory) is an error, never "not found"', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'model/manifest.json'), { recursive: true });
    const err = await failure(readApproveFiles(root, location(), 'manifest'));
    expect(err.name).toBe('Error');
    expect(err.message).toBe(`EISDIR: illegal operation on a directory, read`);
  });

  test('a bias report path that is a directory is an error, never "no report"', async () => {
    const root = tempDir();
    put(root, 'model/manifest.json', MANIFEST);
    mkdirSync(join(root, 'reports/latest-bias-report.json'), { recursive: true });
    const err = await failure(readApproveFiles(root, location(), 'bias-report'));
    expect(err.message).toBe(`EISDIR: illegal operation on a directory, read`);
  });

  test('a manifest path that leaves the repository is refused before it is read', async () => {
    const outer = tempDir();
    const root = join(outer, 'repo');
    mkdirSync(root);
    put(outer, 'outside.json', MANIFEST);
    expect(await failure(readApproveFiles(root, location({ manifest: '../outside.json' }), 'manifest'))).toStrictEqual({
      name: 'EvidenceError',
      message: '../outside.json is outside the repository',
      fix: 'Use repository-relative paths in the manifest and policy.',
      exitCode: 2,
    });
  });

  test('a folder whose name starts with two dots is inside the repository, and read', async () => {
    const root = tempDir();
    put(root, '..models/manifest.json', MANIFEST);
    const files = await readApproveFiles(root, location({ manifest: '..models/manifest.json' }), 'manifest');
    expect(files).toStrictEqual({ manifest: { path: '..models/manifest.json', text: MANIFEST } });
  });

  test('a manifest naming another bias report is refused for the bias-report target, with the fix', async () => {
    const root = tempDir();
    const manifest = '{ "biasReport": { "path": "reports/other.json" } }\n';
    put(root, 'model/manifest.json', manifest);
    put(root, 'reports/other.json', REPORT);
    expect(await failure(readApproveFiles(root, location(), 'bias-report'))).toStrictEqual({
      name: 'EvidenceError',
      message:
        "refused: model/manifest.json names the bias report reports/other.json, but the policy's bias report is reports/latest-bias-report.json; mlgov approve writes only to the policy's paths",
      fix: 'set biasReport.path in model/manifest.json to reports/latest-bias-report.json (the report the gate judges)',
      exitCode: 1,
    });
    // The manifest target does not care which report the manifest names.
    expect(await readApproveFiles(root, location(), 'manifest')).toStrictEqual({
      manifest: { path: 'model/manifest.json', text: manifest },
    });
  });
});

const EVENT = {
  actor: 'alice',
  action: 'approve' as const,
  model: 'fraud-detection',
  version: '2.4.0',
  at: '2026-11-21T09:00:00.000Z',
};

function writePlan(
  writes: Array<{ path: string; text: string }>,
  event: Extract<ApprovePlan, { kind: 'write' }>['event'] = EVENT,
): Extract<ApprovePlan, { kind: 'write' }> {
  return {
    kind: 'write',
    writes,
    event,
    approval: {
      approver: 'alice',
      role: 'governance-board',
      decision: 'approved',
      at: EVENT.at,
      manifestDigest: 'sha256:' + '0'.repeat(64),
    },
    replaced: false,
    voidedApprovals: [],
    warnings: [],
  };
}

/** Every file under `dir`, relative, sorted (temp files included). */
function listing(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listing(dir, join(prefix, e.name)) : [join(prefix, e.name)]))
    .sort();
}

describe('applyApprovePlan: an approval is never written without its event', () => {
  test('refuses a log that does not verify (exit 2), before any file is touched', async () => {
    const root = tempDir();
    put(root, 'model/manifest.json', MANIFEST);
    const broken = '{"seq":1}\n';
    put(root, 'artifacts/audit-log.jsonl', broken);
    const verified = verifyAuditLog(broken);
    if (verified.ok) throw new Error('the fixture log must not verify');
    expect(
      await failure(applyApprovePlan(root, 'artifacts', writePlan([{ path: 'model/manifest.json', text: '{}\n' }]))),
    ).toStrictEqual({
      name: 'EvidenceError',
      message: `refused: artifacts/audit-log.jsonl does not verify: ${verified.break.message}`,
      fix: 'Run mlgov log verify and restore the log from git.',
      exitCode: 2,
    });
    expect(readFileSync(join(root, 'model/manifest.json'), 'utf8')).toBe(MANIFEST);
    expect(readFileSync(join(root, 'artifacts/audit-log.jsonl'), 'utf8')).toBe(broken);
    expect(listing(root)).toStrictEqual(['artifacts/audit-log.jsonl', 'model/manifest.json']);
  });

  test('an append that fails discards the staged files: no approval, no event, no temp file', async () => {
    const root = tempDir();
    put(root, 'model/manifest.json', MANIFEST);
    put(root, 'reports/latest-bias-report.json', REPORT);
    const plan = writePlan(
      [
        { path: 'model/manifest.json', text: '{"approved":true}\n' },
        { path: 'reports/latest-bias-report.json', text: '{"reviewed":true}\n' },
      ],
      // A lone surrogate has no canonical JSON form: the event cannot be chained, so the append fails.
      { ...EVENT, reason: 'broken \uD800 reason' },
    );
    const err = await failure(applyApprovePlan(root, 'artifacts', plan));
    expect(err.name).toBe('UnloggableEventError');
    expect(readFileSync(join(root, 'model/manifest.json'), 'utf8')).toBe(MANIFEST);
    expect(readFileSync(join(root, 'reports/latest-bias-report.json'), 'utf8')).toBe(REPORT);
    expect(listing(root)).toStrictEqual(['model/manifest.json', 'reports/latest-bias-report.json']);
  });

  test('writes the files and appends the event it returns', async () => {
    const root = tempDir();
    put(root, 'model/manifest.json', MANIFEST);
    const event = await applyApprovePlan(root, 'artifacts', writePlan([{ path: 'model/manifest.json', text: '{}\n' }]));
    expect(readFileSync(join(root, 'model/manifest.json'), 'utf8')).toBe('{}\n');
    const log = readFileSync(join(root, 'artifacts/audit-log.jsonl'), 'utf8');
    expect(log).toBe(JSON.stringify(event) + '\n');
    expect(event.seq).toBe(1);
    expect(listing(root)).toStrictEqual(['artifacts/audit-log.jsonl', 'model/manifest.json']);
  });
});

const POLICY = '.github/governance-policy.yml';
const examplePolicy = (): string => readFileSync(join(PROJECT_ROOT, POLICY), 'utf8');
/** The example policy with mallory added to the roster (a PR adding its author to its own roster). */
const withMallory = (): string =>
  examplePolicy().replace(
    '    - { login: alice, roles: [governance-board] }',
    '    - { login: alice, roles: [governance-board] }\n    - { login: mallory, roles: [governance-board] }',
  );

describe('readRosterPolicy: the roster an approver is checked against', () => {
  test('outside a git repository: the working tree policy, and the note says why', async () => {
    const root = tempDir();
    const loc = location();
    expect(await readRosterPolicy(root, loc, undefined)).toStrictEqual({
      policy: DEFAULT_POLICY,
      source: 'working-tree',
      where: POLICY,
      note: `not a git repository, so no base revision: the approver is checked against the working tree's roster (${POLICY})`,
    });
  });

  test('outside a git repository, --base is refused', async () => {
    const root = tempDir();
    expect(await failure(readRosterPolicy(root, location(), 'main'))).toStrictEqual({
      name: 'EvidenceError',
      message: `--base main: ${root} is not a git repository`,
      fix: 'run mlgov approve in the model repository',
      exitCode: 2,
    });
  });

  test('a repository without a default branch: the working tree policy, and the note names why', async () => {
    const repo = createTempRepo('mlgov-roster-');
    dirs.push(repo.dir);
    expect(await readRosterPolicy(repo.dir, location(), undefined)).toStrictEqual({
      policy: DEFAULT_POLICY,
      source: 'working-tree',
      where: POLICY,
      note:
        'no base revision (no default branch (origin/HEAD, origin/main, origin/master, main, master) to compare with; pass --base REF)' +
        `: the approver is checked against the working tree's roster (${POLICY})`,
    });
  });

  test('a --base git cannot resolve is refused (exit 2), never replaced by the working tree', async () => {
    const repo = createTempRepo('mlgov-roster-');
    dirs.push(repo.dir);
    put(repo.dir, POLICY, examplePolicy());
    repo.commitAll('policy');
    expect(await failure(readRosterPolicy(repo.dir, location(), 'nope'))).toStrictEqual({
      name: 'EvidenceError',
      message: `refused: base revision "nope" is not in this repository; the roster is the base revision's`,
      fix: 'fetch it (git fetch origin nope) or pass an existing --base REF',
      exitCode: 2,
    });
  });

  test("the base revision's roster, not the working tree's (which adds mallory)", async () => {
    const repo = createTempRepo('mlgov-roster-');
    dirs.push(repo.dir);
    put(repo.dir, POLICY, examplePolicy());
    repo.commitAll('policy');
    put(repo.dir, POLICY, withMallory());
    const loc = selectModel(await loadWorkingPolicy(repo.dir), undefined);
    expect(loc.policy.approvals.roster.map((m) => m.login)).toContain('mallory');
    const base = selectModel(policyFromBytes(Buffer.from(examplePolicy())), undefined).policy;
    const roster = await readRosterPolicy(repo.dir, loc, undefined);
    expect(roster).toStrictEqual({ policy: base, source: 'base', where: `main:${POLICY}` });
    expect(roster.policy.approvals.roster.map((m) => m.login)).toStrictEqual(['alice', 'bob', 'dave', 'erin']);
  });

  test('--base names the ref in where', async () => {
    const repo = createTempRepo('mlgov-roster-');
    dirs.push(repo.dir);
    put(repo.dir, POLICY, examplePolicy());
    const commit = repo.commitAll('policy');
    put(repo.dir, POLICY, withMallory());
    repo.commitAll('mallory');
    const loc = selectModel(await loadWorkingPolicy(repo.dir), undefined);
    const roster = await readRosterPolicy(repo.dir, loc, commit);
    expect(roster.where).toBe(`${commit}:${POLICY}`);
    expect(roster.source).toBe('base');
    expect(roster.policy.approvals.roster.map((m) => m.login)).toStrictEqual(['alice', 'bob', 'dave', 'erin']);
  });

  test('an unusable base policy is refused, named by the base ref, never replaced by the working tree', async () => {
    const repo = createTempRepo('mlgov-roster-');
    dirs.push(repo.dir);
    put(repo.dir, POLICY, 'version: 1\nbogus: true\n');
    repo.commitAll('broken policy');
    put(repo.dir, POLICY, examplePolicy());
    const loc = selectModel(await loadWorkingPolicy(repo.dir), undefined);
    expect(await failure(readRosterPolicy(repo.dir, loc, undefined))).toStrictEqual({
      name: 'EvidenceError',
      message:
        'main:.github/governance-policy.yml:1:1: the policy cannot be used: / must NOT have additional properties',
      fix: 'fix main:.github/governance-policy.yml against schemas/policy.schema.json (mlgov check lists every problem with its line)',
      exitCode: 2,
    });
  });

  test('a base that does not govern the named model is refused (exit 2), naming it', async () => {
    const repo = createTempRepo('mlgov-roster-');
    dirs.push(repo.dir);
    put(repo.dir, POLICY, twoModelPolicy());
    repo.commitAll('two models');
    expect(await failure(readRosterPolicy(repo.dir, location({ name: 'churn' }), undefined))).toStrictEqual({
      name: 'EvidenceError',
      message:
        'refused: the base revision main does not govern "churn" (the policy does not govern a model named "churn" (it governs fraud-detection, credit-scoring)); its roster decides who can approve',
      fix: 'merge the policy change that adds the model to main first',
      exitCode: 2,
    });
  });

  test('a base listing several models refuses an unnamed model as "this model"', async () => {
    const repo = createTempRepo('mlgov-roster-');
    dirs.push(repo.dir);
    put(repo.dir, POLICY, twoModelPolicy());
    repo.commitAll('two models');
    expect(await failure(readRosterPolicy(repo.dir, location(), undefined))).toStrictEqual({
      name: 'EvidenceError',
      message:
        'refused: the base revision main does not govern this model (the policy governs 2 models (fraud-detection, credit-scoring); say which one this command is for); its roster decides who can approve',
      fix: 'merge the policy change that adds the model to main first',
      exitCode: 2,
    });
  });
});
