/**
 * Makes a temp repository hold a coherent release built from the built-in example: every digest, checksum,
 * approval and timestamp re-bound, so a test can then change exactly one thing and see exactly one rule fail.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestDigest, reportDigest } from '../../src/formats/canonical-digest.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { createTempRepo, PROJECT_ROOT, type TempRepo } from './git-repo.js';
import { cpSync } from 'node:fs';

const DAY = 24 * 3600 * 1000;
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export function readJson<T>(dir: string, rel: string): T {
  return JSON.parse(readFileSync(join(dir, rel), 'utf8')) as T;
}

export function writeJson(dir: string, rel: string, value: unknown): void {
  writeFileSync(join(dir, rel), JSON.stringify(value, null, 2) + '\n');
}

export interface ReleaseEdit {
  /** Change the manifest before digests are recomputed. */
  manifest?: (m: Manifest) => void;
  /** Change the bias report before digests are recomputed. */
  report?: (r: BiasReport) => void;
  /** Approvals to write (default: the example's approvers). */
  approvers?: Array<{ approver: string; role: string; decision?: 'approved' | 'rejected' }>;
  /** "Now" for the timestamps (default: the clock). */
  now?: number;
  /** Where the release is (default: the example's model/manifest.json and reports/latest-bias-report.json). */
  paths?: { manifest: string; biasReport: string };
}

/**
 * Rewrites the release in `dir` coherently: timestamps relative to `now`, artifact sizes and digests from the
 * files, the bias report approval bound to its digest, the manifest's bias report checksum, then the approvals
 * bound to the manifest digest.
 */
export function bindRelease(dir: string, codeCommit: string, edit: ReleaseEdit = {}): Manifest {
  const now = edit.now ?? Date.now();
  const paths = edit.paths ?? { manifest: 'model/manifest.json', biasReport: 'reports/latest-bias-report.json' };
  const m = readJson<Manifest>(dir, paths.manifest);
  const r = readJson<BiasReport>(dir, paths.biasReport);
  m.provenance.code.commit = codeCommit;
  m.provenance.training.startedAt = iso(now - 3 * DAY);
  m.provenance.training.finishedAt = iso(now - 3 * DAY + 2 * 3600 * 1000);
  m.evaluation.evaluatedAt = iso(now - 2 * DAY);
  r.generatedAt = iso(now - 2 * DAY + 3600 * 1000);
  edit.manifest?.(m);
  edit.report?.(r);
  r.model = { name: m.name, version: m.version };
  delete r.approvals;
  r.approvals = [
    {
      approver: 'dave',
      role: 'fairness-reviewer',
      decision: 'approved',
      at: iso(now - DAY - 3600 * 1000),
      reportDigest: reportDigest(r),
    },
  ];
  writeJson(dir, paths.biasReport, r);
  m.biasReport.sha256 = sha256(readFileSync(join(dir, paths.biasReport)));
  for (const a of m.artifacts) {
    const bytes = readFileSync(join(dir, a.path));
    a.sha256 = sha256(bytes);
    a.size = bytes.length;
  }
  delete m.approvals;
  const digest = manifestDigest(m);
  const approvers = edit.approvers ?? [
    { approver: 'alice', role: 'governance-board' },
    { approver: 'bob', role: 'regulatory-affairs' },
  ];
  m.approvals = approvers.map((a) => ({
    approver: a.approver,
    role: a.role,
    decision: a.decision ?? 'approved',
    at: iso(now - DAY),
    manifestDigest: digest,
  }));
  writeJson(dir, paths.manifest, m);
  return m;
}

/**
 * A temp repository with a seed commit (the code commit the manifest names) and the example release on `main`,
 * bound to it; a `release` branch is checked out for the PR's changes.
 */
export function createReleaseRepo(edit: ReleaseEdit = {}): TempRepo & { seed: string; baseCommit: string } {
  const repo = createTempRepo('mlgov-release-');
  writeFileSync(join(repo.dir, 'train.py'), 'print("training code")\n');
  const seed = repo.commitAll('Training code');
  for (const p of ['model', 'reports', '.github/governance-policy.yml']) {
    cpSync(join(PROJECT_ROOT, p), join(repo.dir, p), { recursive: true });
  }
  bindRelease(repo.dir, seed, edit);
  const baseCommit = repo.commitAll('Release fraud-detection');
  repo.git('checkout', '-q', '-b', 'release');
  return { ...repo, seed, baseCommit };
}
