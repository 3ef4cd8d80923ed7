/**
 * The I/O around the rollback plan (`mlgov rollback`): the release in force on the base, the target archive folder as
 * the base holds it, the digests its checksum record names, whether its manifest was ever in force on the base. The
 * plan (`rollback-plan.ts`) is pure; this reads what it needs, for the model the workspace located, and nothing else.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileChanges, gitBlobId } from '../adapters/git-history.js';
import type { GitRepository } from '../adapters/git-repository.js';
import { readRepositoryFile } from '../adapters/repository-path.js';
import { sha256Hex } from '../formats/canonical-digest.js';
import { archiveFolder, isSafeSegment, parseChecksums, type ArchiveFileName } from './archive-plan.js';
import { planArchiveOfSource, readExistingArchive, readReleaseAt, readVerifiedEvents } from './archive-store.js';
import { buildRollbackPlan, type ArchiveFolderFiles, type RollbackPlan } from './rollback-plan.js';
import { assertReleaseOfModel, EvidenceError, resolveActor, type Workspace } from './workspace.js';

async function listArchivedVersions(root: string, dir: string): Promise<string[]> {
  try {
    return (await readdir(join(root, dir), { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/**
 * Digest of each file named in a checksum record, from the working tree, read only through the contained reader
 * (never through a symlink out of the repository, never a FIFO): undefined when missing; `refused` says why a path
 * was not read.
 */
async function observeRecorded(
  root: string,
  checksums: Uint8Array | undefined,
): Promise<{ observed: Record<string, string | undefined>; refused: Record<string, string> }> {
  const observed: Record<string, string | undefined> = {};
  const refused: Record<string, string> = {};
  if (!checksums) return { observed, refused };
  for (const e of parseChecksums(Buffer.from(checksums).toString('utf8')).entries) {
    const read = await readRepositoryFile(root, e.path);
    if (read.kind === 'file') observed[e.path] = sha256Hex(read.bytes);
    else if (read.kind === 'missing') observed[e.path] = undefined;
    else refused[e.path] = read.reason;
  }
  return { observed, refused };
}

const FIELD_OF: Record<ArchiveFileName, keyof ArchiveFolderFiles> = {
  'manifest.json': 'manifest',
  'bias-report.json': 'biasReport',
  'checksums.sha256': 'checksums',
  'evidence.json': 'evidence',
};

/**
 * The target archive folder as the base revision holds it, and which of its files the working tree has missing
 * or different (the working tree is the PR's claim; the base is the record).
 */
async function readTargetFromBase(
  git: GitRepository,
  baseCommit: string,
  dir: string,
  inWorkingTree: Partial<Record<ArchiveFileName, Buffer>>,
): Promise<{ files: ArchiveFolderFiles; workingTreeDiffers: string[] }> {
  const names = Object.keys(FIELD_OF) as ArchiveFileName[];
  const blobs = await git.readBlobs(names.map((n) => `${baseCommit}:${dir}/${n}`));
  const files: ArchiveFolderFiles = {};
  const workingTreeDiffers: string[] = [];
  for (const name of names) {
    const onBase = blobs.get(`${baseCommit}:${dir}/${name}`);
    if (onBase) files[FIELD_OF[name]] = onBase;
    const here = inWorkingTree[name];
    if ((onBase === undefined) !== (here === undefined) || (onBase && here && !onBase.equals(here)))
      workingTreeDiffers.push(name);
  }
  return { files, workingTreeDiffers };
}

/** Whether these exact manifest bytes were at `manifestPath` in some first-parent commit of the base. */
async function wasReleasedOnBase(
  git: GitRepository,
  baseCommit: string,
  manifestPath: string,
  manifest: Uint8Array | undefined,
): Promise<boolean> {
  if (!manifest) return false;
  const changes = await readFileChanges(git.root, baseCommit, manifestPath);
  const ids = new Set(changes.flatMap((c) => (c.blob ? [c.blob] : [])));
  return ids.has(gitBlobId(manifest, baseCommit.length));
}

export interface RollbackRequest {
  toVersion: string;
  reason: string;
  /** `--actor`, else git's identity. */
  actorFlag?: string;
  base: { ref: string; commit: string };
  now: Date;
}

/**
 * Plans rolling the workspace's model back to `toVersion`: reads the release in force on the base and the target
 * archive, and builds the plan (refusals included). The caller applies it.
 */
export async function planRollback(ws: Workspace, request: RollbackRequest): Promise<RollbackPlan> {
  const { toVersion, reason, base, now } = request;
  const actor = await resolveActor(ws.root, request.actorFlag);
  const events = await readVerifiedEvents(ws.root, ws.policy.model.archiveDir);
  const current = await readReleaseAt(ws.git, base.commit, ws.policy);
  if (!current) {
    throw new EvidenceError(
      `the base revision ${base.ref} has no ${ws.policy.model.manifest}: there is no release in force to roll back`,
      'pass the production branch with --base REF',
    );
  }
  let parsed: { name?: unknown; version?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(current.manifestBytes).toString('utf8')) as typeof parsed;
  } catch {
    parsed = {};
  }
  if (!isSafeSegment(parsed.name) || !isSafeSegment(parsed.version)) {
    throw new EvidenceError(
      `the release in force (${current.manifestPath} at ${base.ref}) has no usable name and version`,
      'fix the manifest on the base branch first',
    );
  }
  assertReleaseOfModel(ws.location, parsed.name, `${current.manifestPath} at ${base.ref}`);
  const model = parsed.name;
  const targetDir = archiveFolder(ws.policy.model.archiveDir, model, toVersion);
  const existing = await readExistingArchive(ws.root, targetDir);
  const target = await readTargetFromBase(ws.git, base.commit, targetDir, existing);
  const replacedArchive = await planArchiveOfSource({
    root: ws.root,
    policy: ws.policy,
    source: current,
    now,
    actor,
    events,
  });
  const recorded = await observeRecorded(ws.root, target.files.checksums);
  return buildRollbackPlan({
    toVersion,
    reason,
    minReasonLength: ws.policy.promotion.minReasonLength,
    current: { model, version: parsed.version },
    target: { dir: targetDir, ...target.files },
    workingTreeDiffers: target.workingTreeDiffers,
    releasedOnBase: await wasReleasedOnBase(ws.git, base.commit, ws.policy.model.manifest, target.files.manifest),
    baseRef: base.ref,
    archivedVersions: await listArchivedVersions(
      ws.root,
      archiveFolder(ws.policy.model.archiveDir, model, '').replace(/\/$/, ''),
    ),
    observed: recorded.observed,
    refused: recorded.refused,
    replacedArchive,
    manifestPath: ws.policy.model.manifest,
    biasReportPath: ws.policy.model.biasReport,
    actor,
    now,
  });
}
