/**
 * Temp repositories with a history of releases, built the way users build them: each release on a branch, the
 * previous release archived with `mlgov archive` (in-process), merged into main with --no-ff at a set date.
 * Artifacts live at versioned paths (model/weights/<version>/model.onnx) so every release's checksums.sha256
 * verifies with `sha256sum -c` from the repository root.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { manifestDigest, reportDigest, sha256Hex } from '../../src/formats/canonical-digest.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { runMlgov, type CapturedRun } from '../support/cli-io.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';

export const POLICY_YAML = `version: 1
model: { manifest: model/manifest.json, biasReport: reports/latest-bias-report.json, archiveDir: artifacts }
approvals:
  roster:
    - { login: alice, roles: [governance-board] }
    - { login: bob, roles: [regulatory-affairs] }
  required: [ { role: governance-board, count: 1 }, { role: regulatory-affairs, count: 1 } ]
promotion: { minReasonLength: 10 }
evidence: { retentionYears: 5 }
`;

export interface ReleaseSpec {
  version: string;
  jira?: string;
  reason?: string;
  /** Approvers written into the manifest (default alice + bob); [] for a release with no approval. */
  approvers?: Array<{ approver: string; role: string }>;
  /** The bias report's demographic parity difference (default 0.02). */
  dpd?: number;
  /** Release date (author, committer, timestamps). */
  at: string;
}

function writeFile(dir: string, rel: string, data: string | Buffer): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), data);
}

/** The files of a coherent release (weights, bias report, manifest with digest-bound approvals), by path. */
export function releaseFiles(spec: ReleaseSpec): { files: Record<string, Buffer>; manifest: Manifest } {
  const weightsPath = `model/weights/${spec.version}/model.onnx`;
  const weights = Buffer.from(`weights of ${spec.version}\n`);
  const dpd = spec.dpd ?? 0.02;
  const report: BiasReport = {
    schemaVersion: '1.0',
    model: { name: 'fraud-detection', version: spec.version },
    generatedAt: spec.at,
    positiveLabel: 'fraud',
    attributes: [
      {
        name: 'sex',
        groups: [
          { group: 'female', n: 1000, selectionRate: 0.1 },
          { group: 'male', n: 1000, selectionRate: Number((0.1 + dpd).toFixed(4)) },
        ],
        metrics: { demographic_parity_difference: dpd },
      },
    ],
  };
  report.approvals = [
    {
      approver: 'dave',
      role: 'fairness-reviewer',
      decision: 'approved',
      at: spec.at,
      reportDigest: reportDigest(report),
    },
  ];
  const reportText = JSON.stringify(report, null, 2) + '\n';
  const manifest: Manifest = {
    schemaVersion: '1.0',
    name: 'fraud-detection',
    version: spec.version,
    release: { type: 'promotion', reason: spec.reason ?? `Retrain for release ${spec.version}` },
    provenance: {
      code: { repository: 'https://example.test/fraud', commit: '0'.repeat(40) },
      training: {
        pipeline: 'fraud-train',
        runId: `run-${spec.version}`,
        triggeredBy: 'carol',
        startedAt: spec.at,
        finishedAt: spec.at,
      },
      data: { featureStoreSnapshot: 'fs-1' },
      featureSchemaVersion: 'v1',
    },
    artifacts: [{ path: weightsPath, sha256: sha256Hex(weights), size: weights.length }],
    evaluation: { evaluatedAt: spec.at, backtest: { mae: 40, rmse: 50, windows: 12 } },
    biasReport: { path: 'reports/latest-bias-report.json', sha256: sha256Hex(reportText) },
    jira: spec.jira ?? `MLGOV-${spec.version.replace(/\D/g, '')}`,
  };
  const digest = manifestDigest(manifest);
  manifest.approvals = (
    spec.approvers ?? [
      { approver: 'alice', role: 'governance-board' },
      { approver: 'bob', role: 'regulatory-affairs' },
    ]
  ).map((a) => ({ ...a, decision: 'approved' as const, at: spec.at, manifestDigest: digest }));
  return {
    manifest,
    files: {
      [weightsPath]: weights,
      'reports/latest-bias-report.json': Buffer.from(reportText),
      'model/manifest.json': Buffer.from(JSON.stringify(manifest, null, 2) + '\n'),
    },
  };
}

/** Writes a coherent release into the working tree. */
export function writeRelease(dir: string, spec: ReleaseSpec): Manifest {
  const { files, manifest } = releaseFiles(spec);
  for (const [path, bytes] of Object.entries(files)) writeFile(dir, path, bytes);
  return manifest;
}

export interface HistoryRepo extends TempRepo {
  mlgov(argv: string[]): Promise<CapturedRun>;
  /** Commits with author and committer date `at`. */
  commitAt(message: string, at: string): string;
  /** Branch off main, write the release, archive the base release (unless `archive: false`), merge --no-ff. */
  release(spec: ReleaseSpec, options?: { archive?: boolean }): Promise<{ merge: string }>;
  /** Branch `branch` off main, run `work` there, commit everything and merge --no-ff into main at `at`. */
  onBranch(branch: string, at: string, work: () => Promise<void>): Promise<{ merge: string }>;
  /**
   * Rolls main back to an archived version the way a release manager does: `mlgov rollback` on a branch (which
   * archives the release replaced), the board re-approves with `mlgov approve` (alice, bob), merge at `at`.
   */
  rollback(to: string, at: string, reason?: string): Promise<{ merge: string }>;
}

const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.test',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.test',
};

/** An empty repository with the policy committed on main. */
export function createHistoryRepo(firstCommitAt = '2025-01-01T00:00:00Z'): HistoryRepo {
  const repo = createTempRepo('mlgov-evidence-');
  writeFile(repo.dir, '.github/governance-policy.yml', POLICY_YAML);
  const commitAt = (message: string, at: string) => {
    repo.git('add', '-A');
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], {
      cwd: repo.dir,
      env: { ...process.env, ...GIT_IDENTITY, GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at },
    });
    return repo.git('rev-parse', 'HEAD').trim();
  };
  commitAt('Governance policy', firstCommitAt);
  const h: HistoryRepo = {
    ...repo,
    mlgov: (argv) => runMlgov([...argv, '--repo', repo.dir], { cwd: repo.dir }),
    commitAt,
    async release(spec, options = {}) {
      const branch = `release-${spec.version}`;
      repo.git('checkout', '-q', '-b', branch, 'main');
      writeRelease(repo.dir, spec);
      if (options.archive !== false) {
        const r = await h.mlgov(['archive', '--base', 'main', '--actor', 'release-bot']);
        if (r.code !== 0) throw new Error(`archive failed: ${r.stderr}`);
      }
      commitAt(`Release ${spec.version}`, spec.at);
      repo.git('checkout', '-q', 'main');
      execFileSync('git', ['merge', '-q', '--no-ff', '-m', `Merge ${branch}`, branch], {
        cwd: repo.dir,
        env: { ...process.env, ...GIT_IDENTITY, GIT_AUTHOR_DATE: spec.at, GIT_COMMITTER_DATE: spec.at },
      });
      return { merge: repo.git('rev-parse', 'HEAD').trim() };
    },
    async onBranch(branch, at, work) {
      repo.git('checkout', '-q', '-b', branch, 'main');
      await work();
      commitAt(branch, at);
      repo.git('checkout', '-q', 'main');
      execFileSync('git', ['merge', '-q', '--no-ff', '-m', `Merge ${branch}`, branch], {
        cwd: repo.dir,
        env: { ...process.env, ...GIT_IDENTITY, GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at },
      });
      return { merge: repo.git('rev-parse', 'HEAD').trim() };
    },
    rollback(to, at, reason = `AUC dropped on live traffic, back to ${to} (INC-7)`) {
      return h.onBranch(`rollback-to-${to}-${at.slice(0, 10)}`, at, async () => {
        const steps = [
          ['rollback', '--to', to, '--reason', reason, '--base', 'main', '--actor', 'erin'],
          ['approve', '--approver', 'alice', '--role', 'governance-board'],
          ['approve', '--approver', 'bob', '--role', 'regulatory-affairs'],
        ];
        for (const argv of steps) {
          const r = await h.mlgov(argv);
          if (r.code !== 0) throw new Error(`mlgov ${argv[0]} failed: ${r.stderr}`);
        }
      });
    },
  };
  return h;
}

export const ROLLBACK_REASON = 'AUC dropped 8% on live traffic since 2.0.0 (INC-7)';

/**
 * 1.0.0 (Feb) → 2.0.0 (Mar, archives 1.0.0) → rollback to 1.0.0 (Apr: archives 2.0.0, re-approved by alice and
 * bob), each merged into main; main is checked out.
 */
export async function rolledBack(): Promise<HistoryRepo> {
  const r = createHistoryRepo();
  await r.release({ version: '1.0.0', at: '2025-02-01T10:00:00Z' });
  await r.release({ version: '2.0.0', at: '2025-03-01T10:00:00Z' });
  await r.rollback('1.0.0', '2025-04-01T10:00:00Z', ROLLBACK_REASON);
  return r;
}
