// Git repositories for the bench, built with `git fast-import` (one process for thousands of commits) and the
// governed release files (manifest, bias report, policy), with every digest bound the way mlgov computes it.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import canonicalize from 'canonicalize';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Bench Author',
  GIT_AUTHOR_EMAIL: 'bench@example.test',
  GIT_COMMITTER_NAME: 'Bench Author',
  GIT_COMMITTER_EMAIL: 'bench@example.test',
  GIT_CONFIG_NOSYSTEM: '1',
};

export const sha256Hex = (data) => createHash('sha256').update(data).digest('hex');

/** `sha256:` + SHA-256 of the RFC 8785 canonical JSON without `approvals` (src/formats/canonical-digest.ts). */
export function digestWithoutApprovals(doc) {
  const { approvals: _approvals, ...rest } = doc;
  return 'sha256:' + sha256Hex(canonicalize(rest));
}

export function git(dir, ...args) {
  return execFileSync('git', args, {
    cwd: dir,
    env: { ...process.env, ...GIT_ENV },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
}

/** A fresh, empty repository at `dir` (removed first) on branch `main`. */
export function initRepository(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Bench Author');
  git(dir, 'config', 'user.email', 'bench@example.test');
  git(dir, 'config', 'commit.gpgsign', 'false');
}

/**
 * Streams commits into `git fast-import` on `refs/heads/<branch>`. `commits` is an iterable of
 * `{ message, time (unix seconds), files: { path: string|Buffer }, deleteAll? }`; files are written as blobs
 * inline. Returns the marks file content (`:mark sha`), one mark per commit, in order.
 */
export function fastImport(dir, branch, commits, { parentRef } = {}) {
  const parts = [];
  let mark = 0;
  let first = true;
  for (const c of commits) {
    mark++;
    const msg = Buffer.from(c.message);
    parts.push(`commit refs/heads/${branch}\nmark :${mark}\n`);
    parts.push(`author Bench Author <bench@example.test> ${c.time} +0000\n`);
    parts.push(`committer Bench Author <bench@example.test> ${c.time} +0000\n`);
    parts.push(`data ${msg.length}\n`, msg, '\n');
    if (first && parentRef) parts.push(`from ${parentRef}\n`);
    first = false;
    if (c.deleteAll) parts.push('deleteall\n');
    for (const [path, content] of Object.entries(c.files ?? {})) {
      const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
      parts.push(`M 100644 inline ${path}\ndata ${bytes.length}\n`, bytes, '\n');
    }
    parts.push('\n');
  }
  const input = Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))));
  const marks = `${dir}/.git/bench-marks`;
  execFileSync('git', ['fast-import', '--quiet', `--export-marks=${marks}`], {
    cwd: dir,
    input,
    env: { ...process.env, ...GIT_ENV },
    maxBuffer: 1 << 28,
  });
  return execFileSync('cat', [marks], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.split(' ')[1]);
}

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const DAY = 86_400_000;

/** The example policy as YAML (Jira checked only online; the bench runs `--offline`). */
export const POLICY_YAML = `version: 1
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
  source: manifest
bias:
  minGroupSize: 30
  requiredAttributes: [sex, age_band]
  thresholds: { demographic_parity_difference: { max: 0.1 }, disparate_impact_ratio: { min: 0.8 }, equalized_odds_difference: { max: 0.1 } }
  reviewerRole: fairness-reviewer
performance: { thresholds: { auc: { min: 0.70 } } }
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

/**
 * A coherent release (manifest + bias report text) for `version`, with `artifacts` ({path, bytes}) bound by size
 * and digest, the reviewer's approval bound to the report digest and the board's to the manifest digest.
 * `now` (ms) anchors every timestamp; `mae` lets successive releases improve; `name` and `reportPath` place it
 * among several models.
 */
export function buildRelease({
  version,
  artifacts,
  now,
  codeCommit,
  mae = 41.2,
  type = 'promotion',
  name = 'fraud-detection',
  reportPath = 'reports/latest-bias-report.json',
  jira = `MLGOV-${version.split('.').reduce((n, part) => n * 100 + Number(part), 0) + 1}`,
}) {
  const report = {
    schemaVersion: '1.0',
    model: { name, version },
    generatedAt: iso(now - 2 * DAY + 3600_000),
    generator: { name: 'fairlearn', version: '0.13.0' },
    dataset: { name: 'holdout', rows: 120000, sha256: 'ab'.repeat(32) },
    positiveLabel: 'fraud',
    thresholds: { demographic_parity_difference: { max: 0.1 }, disparate_impact_ratio: { min: 0.8 } },
    attributes: [
      {
        name: 'sex',
        groups: [
          { group: 'female', n: 58000, selectionRate: 0.031, truePositiveRate: 0.82, falsePositiveRate: 0.012 },
          { group: 'male', n: 62000, selectionRate: 0.033, truePositiveRate: 0.84, falsePositiveRate: 0.013 },
        ],
        metrics: {
          demographic_parity_difference: 0.002,
          disparate_impact_ratio: 0.031 / 0.033,
          equalized_odds_difference: 0.02,
        },
      },
      {
        name: 'age_band',
        groups: [
          { group: '18-30', n: 30000, selectionRate: 0.034, truePositiveRate: 0.83, falsePositiveRate: 0.013 },
          { group: '31-50', n: 50000, selectionRate: 0.032, truePositiveRate: 0.83, falsePositiveRate: 0.012 },
          { group: '51+', n: 40000, selectionRate: 0.031, truePositiveRate: 0.82, falsePositiveRate: 0.012 },
        ],
        metrics: {
          demographic_parity_difference: 0.003,
          disparate_impact_ratio: 0.031 / 0.034,
          equalized_odds_difference: 0.01,
        },
      },
    ],
  };
  report.approvals = [
    {
      approver: 'dave',
      role: 'fairness-reviewer',
      decision: 'approved',
      at: iso(now - DAY - 3600_000),
      reportDigest: digestWithoutApprovals(report),
    },
  ];
  const reportText = JSON.stringify(report, null, 2) + '\n';
  const manifest = {
    schemaVersion: '1.0',
    name,
    version,
    owner: 'risk-ml-guild',
    release: { type, reason: 'Quarterly retrain on the latest feature snapshot' },
    provenance: {
      code: { repository: 'https://github.com/acme/fraud-models', commit: codeCommit },
      training: {
        pipeline: 'fraud-train',
        runId: `run-${version}`,
        triggeredBy: 'carol',
        startedAt: iso(now - 3 * DAY),
        finishedAt: iso(now - 3 * DAY + 2 * 3600_000),
      },
      data: {
        featureStoreSnapshot: 'fs-snapshot',
        sha256: 'cd'.repeat(32),
        window: { from: '2025-10-01', to: '2026-09-30' },
      },
      featureSchemaVersion: 'v2',
      framework: { name: 'xgboost', version: '2.1.1' },
    },
    artifacts: artifacts.map((a) => ({ path: a.path, sha256: sha256Hex(a.bytes), size: a.bytes.length })),
    evaluation: {
      evaluatedAt: iso(now - 2 * DAY),
      metrics: { auc: 0.91 },
      backtest: {
        mae,
        rmse: mae * 1.43,
        bias: -1.3,
        windows: 12,
        seasons: { summer: { mae: mae - 1, rmse: mae * 1.4 }, winter: { mae: mae + 1, rmse: mae * 1.46 } },
      },
    },
    biasReport: { path: reportPath, sha256: sha256Hex(reportText) },
    // One ticket, one release: each version is signed off on its own ticket (the gate refuses a reused one).
    jira,
  };
  const digest = digestWithoutApprovals(manifest);
  manifest.approvals = [
    { approver: 'alice', role: 'governance-board', decision: 'approved', at: iso(now - DAY), manifestDigest: digest },
    { approver: 'bob', role: 'regulatory-affairs', decision: 'approved', at: iso(now - DAY), manifestDigest: digest },
  ];
  return { manifest, manifestText: JSON.stringify(manifest, null, 2) + '\n', report, reportText };
}

export { iso, DAY };
