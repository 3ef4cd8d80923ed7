/**
 * Reads what the period audit needs from git, in batch: one `git log` for the release changes, then
 * `git cat-file --batch` reads for the manifests, the bias reports, the archive and the audit log at the tip.
 */
import type { GitRepository } from '../adapters/git-repository.js';
import { readFileChanges, readManifestChanges, resolveAuditRef } from '../adapters/git-history.js';
import { AUDIT_LOG_FILE } from './hash-chain.js';
import type { LogVersion } from './log-history.js';
import type { PeriodAuditInput, ReleaseChangeInput } from './period-audit.js';
import { EvidenceError, policyFromBytes, POLICY_FILE } from './workspace.js';

const ARCHIVED_NAMES = new Set(['manifest.json', 'bias-report.json', 'checksums.sha256', 'evidence.json']);

/** Reads the release history of `ref` (default branch when undefined) into a {@link PeriodAuditInput}. */
export async function readAuditInput(args: {
  git: GitRepository;
  ref?: string;
  since: string;
  until: string;
  now: Date;
  toolVersion: string;
}): Promise<PeriodAuditInput> {
  const { git } = args;
  const tip = await resolveAuditRef(git, args.ref);
  if (!tip) {
    throw new EvidenceError(
      args.ref
        ? `revision "${args.ref}" is not in this repository`
        : 'no default branch (origin/HEAD, origin/main, main, master) to audit',
      'fetch the full history of the default branch (git fetch --unshallow origin main, or actions/checkout with fetch-depth: 0), or pass --ref REF',
    );
  }
  if (await git.isShallow()) {
    throw new EvidenceError(
      'this is a shallow clone: the release history is incomplete',
      'fetch the full history: git fetch --unshallow origin',
    );
  }
  const policySpec = `${tip.commit}:${POLICY_FILE}`;
  const policyBytes = (await git.readBlobs([policySpec])).get(policySpec);
  const policy = policyFromBytes(policyBytes);

  const changes = await readManifestChanges(git.root, tip.commit, policy.model.manifest);
  const manifests = await git.readBlobs([...new Set(changes.flatMap((c) => (c.manifestBlob ? [c.manifestBlob] : [])))]);
  // The bias report of each release is the one the policy names, as the gate judges it and `mlgov archive` archives
  // it; a path the manifest declares is the manifest's claim.
  const reportSpec = new Map<string, string>();
  for (const c of changes) if (c.manifestBlob) reportSpec.set(c.commit, `${c.commit}:${policy.model.biasReport}`);
  const reports = await git.readBlobs([...reportSpec.values()]);
  const releaseChanges: ReleaseChangeInput[] = changes.map((c) => {
    const manifest = c.manifestBlob ? manifests.get(c.manifestBlob) : undefined;
    const spec = reportSpec.get(c.commit);
    const biasReport = spec ? reports.get(spec) : undefined;
    return {
      commit: c.commit,
      committedAt: c.committedAt,
      subject: c.subject,
      ...(manifest ? { manifest } : {}),
      ...(biasReport ? { biasReport } : {}),
    };
  });

  const archiveDir = policy.model.archiveDir.replace(/\/+$/, '');
  const listed = await git.listFilesAt(tip.commit, archiveDir);
  const logPath = `${archiveDir}/${AUDIT_LOG_FILE}`;
  const wanted = Object.entries(listed).filter(
    ([p]) => p === logPath || ARCHIVED_NAMES.has(p.slice(p.lastIndexOf('/') + 1)),
  );
  const blobs = await git.readBlobs([...new Set(wanted.map(([, id]) => id))]);
  const archiveFiles: Record<string, Uint8Array> = {};
  let auditLog = '';
  for (const [path, id] of wanted) {
    const bytes = blobs.get(id);
    if (!bytes) continue;
    if (path === logPath) auditLog = bytes.toString('utf8');
    else archiveFiles[path] = bytes;
  }
  const logHistory = await readLogHistory(git, tip.commit, logPath);
  return {
    ref: tip.ref,
    tipCommit: tip.commit,
    logHistory,
    since: args.since,
    until: args.until,
    generatedAt: args.now.toISOString(),
    toolVersion: args.toolVersion,
    policy,
    changes: releaseChanges,
    archiveFiles,
    auditLog,
  };
}

/**
 * Every version of the audit log along the first-parent line of `commit`, oldest first: one `git log` for the
 * commits that touched it, one `git cat-file --batch` for their blobs. A shallow clone cannot show the history, so
 * it is refused (could not judge), never read as "no rewrite".
 */
export async function readLogHistory(git: GitRepository, commit: string, logPath: string): Promise<LogVersion[]> {
  if (await git.isShallow()) {
    throw new EvidenceError(
      `this is a shallow clone: the history of ${logPath} is incomplete`,
      'fetch the full history: git fetch --unshallow origin (or actions/checkout with fetch-depth: 0)',
    );
  }
  const changes = await readFileChanges(git.root, commit, logPath);
  const blobs = await git.readBlobs([...new Set(changes.flatMap((c) => (c.blob ? [c.blob] : [])))]);
  return changes.map((c) => {
    const bytes = c.blob ? blobs.get(c.blob) : undefined;
    if (c.blob && !bytes) {
      throw new EvidenceError(
        `git could not read ${logPath} at ${c.commit.slice(0, 12)}`,
        'run git fsck and re-fetch the repository',
      );
    }
    return {
      commit: c.commit,
      committedAt: c.committedAt,
      subject: c.subject,
      ...(bytes ? { text: bytes.toString('utf8') } : {}),
      ...(c.mode ? { mode: c.mode } : {}),
    };
  });
}
