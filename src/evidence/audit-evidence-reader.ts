/**
 * What the period audit reads from git beyond the releases (audit-history.ts): the policy file at each release's
 * commit, for the bundle and for naming the policy each release was judged by, and the archive files git once held
 * that the tip no longer does, for the retention check. Only an archive folder a release of the history should have
 * (its primary folder, or its `rollback-…` folder) or that an `archive` event names is looked into, and only its
 * files missing at the tip: one `git log` per such file, so an intact archive costs nothing. And from the store: whether
 * the object versions the releases name still exist (HEAD requests only).
 */
import { readFileChanges } from '../adapters/git-history.js';
import { manifestDigest } from '../formats/canonical-digest.js';
import type { GitRepository } from '../release/ports.js';
import type { DeletedEvidence } from './audit-answers.js';
import { archiveFolder, isSafeSegment, rollbackArchiveFolder, type ArchiveObjectHead } from './archive-plan.js';
import { headObjects, manifestArtifactPaths, type EvidenceS3Options } from './archive-store.js';
import { verifyAuditLog } from './hash-chain.js';
import type { PeriodAuditInput } from './period-audit.js';
import { POLICY_FILE } from './workspace.js';
import { isObject } from '../formats/json-object.js';

const ARCHIVED_NAMES = ['manifest.json', 'bias-report.json', 'checksums.sha256', 'evidence.json'];

/** The policy file at every commit that changed a release (one `git cat-file --batch`). */
export async function readPolicyFiles(
  git: GitRepository,
  input: PeriodAuditInput,
): Promise<Record<string, Uint8Array>> {
  const commits = [...new Set(input.models.flatMap((m) => m.changes.filter((c) => c.manifest).map((c) => c.commit)))];
  if (commits.length === 0) return {};
  const blobs = await git.readBlobs(commits.map((c) => `${c}:${POLICY_FILE}`));
  const out: Record<string, Uint8Array> = {};
  for (const c of commits) {
    const bytes = blobs.get(`${c}:${POLICY_FILE}`);
    if (bytes) out[c] = bytes;
  }
  return out;
}

/** The archive folders the history's releases should have, and those the audit logs' `archive` events name. */
function expectedFolders(input: PeriodAuditInput): Set<string> {
  const folders = new Set<string>();
  for (const model of input.models) {
    // archiveFolder drops the trailing slashes a policy may write.
    const archiveDir = model.policy.model.archiveDir;
    for (const c of model.changes) {
      let m: unknown;
      try {
        m = c.manifest ? JSON.parse(Buffer.from(c.manifest).toString('utf8')) : undefined;
      } catch {
        continue;
      }
      if (!isObject(m) || !isSafeSegment(m['name']) || !isSafeSegment(m['version'])) continue;
      folders.add(archiveFolder(archiveDir, m['name'], m['version']));
      if (isObject(m['release']) && m['release']['type'] === 'rollback')
        folders.add(rollbackArchiveFolder(archiveDir, m['name'], m['version'], manifestDigest(m)));
    }
  }
  for (const log of input.logs)
    for (const e of verifyAuditLog(log.text).events)
      if (e.action === 'archive' && isObject(e.details) && typeof e.details['dir'] === 'string')
        folders.add(e.details['dir']);
  return folders;
}

/**
 * Every evidence file of those folders that the tip lacks but git once held: when it was last added and when it was
 * removed, along the first-parent line of the tip.
 */
export async function readDeletedEvidence(git: GitRepository, input: PeriodAuditInput): Promise<DeletedEvidence[]> {
  const deleted: DeletedEvidence[] = [];
  for (const dir of expectedFolders(input)) {
    for (const name of ARCHIVED_NAMES) {
      const path = `${dir}/${name}`;
      if (input.archiveFiles[path] !== undefined) continue;
      const changes = await readFileChanges(git.root, input.tipCommit, path);
      const last = changes[changes.length - 1];
      if (!last || last.blob !== undefined) continue;
      const added = [...changes].reverse().find((c) => c.blob !== undefined);
      if (!added) continue;
      deleted.push({
        path,
        addedCommit: added.commit,
        addedAt: added.committedAt,
        deletedCommit: last.commit,
        deletedAt: last.committedAt,
      });
    }
  }
  return deleted;
}

/**
 * HeadObject of every `s3://` artifact the audited releases name (the version each pins), through the store the tip's
 * policy configures: only HEAD requests. Nothing is read when no release names an object, so an audit of a repository
 * without S3 needs no credentials; without them, each object is answered "could not check" (the rule decides).
 */
export async function readObjectChecks(
  input: PeriodAuditInput,
  s3: EvidenceS3Options = {},
): Promise<Record<string, ArchiveObjectHead>> {
  const paths = input.models.flatMap((m) =>
    m.changes.flatMap((c) => (c.manifest ? manifestArtifactPaths(c.manifest) : [])),
  );
  return headObjects(paths, input.policy, s3);
}

/** The audit input with the policy files and the deleted evidence read from git, and the objects' versions. */
export async function withAuditEvidence(
  git: GitRepository,
  input: PeriodAuditInput,
  s3?: EvidenceS3Options,
): Promise<PeriodAuditInput> {
  return {
    ...input,
    policyFiles: await readPolicyFiles(git, input),
    deletedEvidence: await readDeletedEvidence(git, input),
    objectChecks: await readObjectChecks(input, s3),
  };
}
