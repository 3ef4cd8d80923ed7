/**
 * A governed repository for the action's end-to-end tests: a coherent release (manifest, bias report, weights,
 * policy) on `main`, and a `release` branch for the pull request. Every digest, checksum and approval is bound, so
 * a test changes exactly one thing to make one rule fail.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { manifestDigest, reportDigest } from '../../src/formats/canonical-digest.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { GitHubServer } from '../servers/github-server.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';
import { manifestApprovers, sexGroups } from '../support/release-literals.js';

const DAY = 24 * 3600 * 1000;
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export interface PolicyOptions {
  /** Where approvals come from (`approvals.source`). */
  source?: 'manifest' | 'github-review' | 'both';
  /** `approvals.corroborate`. */
  corroborate?: 'github-review' | 'none';
}

export function policyYaml(options: PolicyOptions = {}): string {
  return `version: 1
model: { manifest: model/manifest.json, biasReport: reports/latest-bias-report.json, archiveDir: artifacts }
approvals:
  roster:
    - { login: alice, roles: [governance-board] }
    - { login: bob, roles: [regulatory-affairs] }
    - { login: dave, roles: [fairness-reviewer] }
    - { login: erin, roles: [governance-board, force-approver] }
  required: [ { role: governance-board, count: 1 }, { role: regulatory-affairs, count: 1 } ]
  separationOfDuties: true
  maxAgeDays: 30
  source: ${options.source ?? 'manifest'}
  corroborate: ${options.corroborate ?? 'github-review'}
bias:
  minGroupSize: 30
  requiredAttributes: [sex]
  thresholds: { demographic_parity_difference: { max: 0.1 }, disparate_impact_ratio: { min: 0.8 } }
  reviewerRole: fairness-reviewer
performance: { thresholds: { auc: { min: 0.7 } } }
promotion:
  minImprovementPct: 5
  minWindows: 12
  maxMetricsAgeDays: 7
  allowSeasonalRegression: false
  minReasonLength: 10
  forceRole: force-approver
jira:
  project: MLGOV
  allowedStatuses: [Approved, Done]
  keySources: [title, branch, body, commits]
evidence: { retentionYears: 5 }
`;
}

function write(dir: string, rel: string, text: string | Buffer): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

function writeJson(dir: string, rel: string, value: unknown): void {
  write(dir, rel, JSON.stringify(value, null, 2) + '\n');
}

export function readJson<T>(dir: string, rel: string): T {
  return JSON.parse(readFileSync(join(dir, rel), 'utf8')) as T;
}

export interface ReleaseOptions {
  approvers?: Array<{ approver: string; role: string }>;
  now?: number;
}

/** Writes a coherent release 2.3.0 of fraud-detection into `dir`, bound to `codeCommit`. */
export function writeRelease(dir: string, codeCommit: string, options: ReleaseOptions = {}): Manifest {
  const now = options.now ?? Date.now();
  const weights = Buffer.from('onnx-weights-for-fraud-detection-2.3.0\n');
  write(dir, 'model/weights/model.onnx', weights);
  const report: BiasReport = {
    schemaVersion: '1.0',
    model: { name: 'fraud-detection', version: '2.3.0' },
    generatedAt: iso(now - 2 * DAY + 3600 * 1000),
    generator: { name: 'fairlearn', version: '0.13.0' },
    dataset: { name: 'holdout-2026-10', rows: 120000 },
    positiveLabel: 'fraud',
    attributes: [
      {
        name: 'sex',
        groups: sexGroups(),
        metrics: { demographic_parity_difference: 0.002, disparate_impact_ratio: 0.9394 },
      },
    ],
  };
  report.approvals = [
    {
      approver: 'dave',
      role: 'fairness-reviewer',
      decision: 'approved',
      at: iso(now - DAY - 3600 * 1000),
      reportDigest: reportDigest(report),
    },
  ];
  writeJson(dir, 'reports/latest-bias-report.json', report);
  const manifest: Manifest = {
    schemaVersion: '1.0',
    name: 'fraud-detection',
    version: '2.3.0',
    owner: 'risk-ml-guild',
    release: { type: 'initial', reason: 'First governed release of the fraud model' },
    provenance: {
      code: { repository: 'https://github.com/acme/fraud-models', commit: codeCommit },
      training: {
        pipeline: 'fraud-train',
        runId: 'run-2026-10-31-01',
        triggeredBy: 'carol',
        startedAt: iso(now - 3 * DAY),
        finishedAt: iso(now - 3 * DAY + 2 * 3600 * 1000),
      },
      data: { featureStoreSnapshot: 'fs-2026-10-01', window: { from: '2025-10-01', to: '2026-09-30' } },
      featureSchemaVersion: 'v2',
      framework: { name: 'xgboost', version: '2.1.1' },
    },
    artifacts: [{ path: 'model/weights/model.onnx', sha256: sha256(weights), size: weights.length }],
    evaluation: {
      evaluatedAt: iso(now - 2 * DAY),
      metrics: { auc: 0.91 },
      backtest: { mae: 41.2, rmse: 58.9, bias: -1.3, windows: 12 },
    },
    biasReport: {
      path: 'reports/latest-bias-report.json',
      sha256: sha256(readFileSync(join(dir, 'reports/latest-bias-report.json'))),
    },
    jira: 'MLGOV-123',
  } as Manifest;
  const digest = manifestDigest(manifest);
  manifest.approvals = (options.approvers ?? manifestApprovers()).map((a) => ({
    approver: a.approver,
    role: a.role,
    decision: 'approved' as const,
    at: iso(now - DAY),
    manifestDigest: digest,
  }));
  writeJson(dir, 'model/manifest.json', manifest);
  return manifest;
}

export interface GovernedRepo extends TempRepo {
  /** The commit on `main` the PR is based on. */
  baseCommit: string;
  /** The PR's head commit (on `release`). */
  headCommit: string;
}

/**
 * `main` holds the training code, the policy and the release; the `release` branch (checked out) adds a commit
 * that leaves the release as approved (a docs change), so the gate has a real base and head to compare.
 */
export function createGovernedRepo(policy: PolicyOptions = {}, release: ReleaseOptions = {}): GovernedRepo {
  const repo = createTempRepo('mlgov-action-');
  write(repo.dir, 'train.py', 'print("training code")\n');
  const seed = repo.commitAll('Training code');
  write(repo.dir, '.github/governance-policy.yml', policyYaml(policy));
  writeRelease(repo.dir, seed, release);
  const baseCommit = repo.commitAll('Release fraud-detection 2.3.0');
  repo.git('checkout', '-q', '-b', 'release');
  write(repo.dir, 'docs/model-notes.md', '# Notes\n\nMLGOV-123: release notes for the board.\n');
  const headCommit = repo.commitAll('MLGOV-123 add release notes');
  return { ...repo, baseCommit, headCommit };
}

/**
 * The governed repository with main checked out, its release merged through PR #90 (approved on GitHub by the people
 * the manifest names), its origin a bare copy that the loopback GitHub serves as acme/fraud-models. `git` runs in
 * the bare repository: the branch's history as the record job left it.
 */
export function mergedOnLoopbackGitHub(
  github: GitHubServer,
  cleanups: Array<() => void>,
): { repo: GovernedRepo; bare: string; git(...args: string[]): string } {
  const repo = createGovernedRepo();
  cleanups.push(() => repo.remove());
  repo.git('checkout', '-q', 'main');
  const bare = mkdtempSync(join(tmpdir(), 'mlgov-record-origin-'));
  cleanups.push(() => rmSync(bare, { recursive: true, force: true }));
  execFileSync('git', ['clone', '-q', '--bare', repo.dir, bare]);
  repo.git('remote', 'add', 'origin', bare);
  github.addGitRepository('acme', 'fraud-models', bare);
  github.addPull(
    'acme',
    'fraud-models',
    {
      number: 90,
      title: 'MLGOV-123 release fraud-detection 2.3.0',
      body: '',
      user: { login: 'carol' },
      head: { ref: 'release', sha: repo.baseCommit, repo: { full_name: 'acme/fraud-models', fork: false } },
      base: { ref: 'main', sha: repo.baseCommit, repo: { full_name: 'acme/fraud-models' } },
      state: 'closed',
      merged_at: '2026-11-01T12:00:00Z',
      merge_commit_sha: repo.baseCommit,
    },
    ['alice', 'bob', 'dave'].map((login, i) => ({
      id: 11 + i,
      user: { login },
      state: 'APPROVED' as const,
      commit_id: repo.baseCommit,
    })),
    [{ sha: repo.baseCommit, message: 'Release fraud-detection 2.3.0' }],
  );
  const git = (...args: string[]) =>
    execFileSync('git', ['--git-dir', bare, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { repo, bare, git };
}
