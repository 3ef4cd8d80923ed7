/**
 * The I/O around the rollback plan (`mlgov rollback`): the release in force on the base, the target archive folder as
 * the base holds it, the digests its checksum record names, whether its manifest was ever in force on the base. The
 * plan (`rollback-plan.ts`) is pure; this reads what it needs, for the model the workspace located, and nothing else.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileChanges, gitBlobId } from '../adapters/git-history.js';
import type { GitRepository } from '../adapters/git-repository.js';
import { parseLfsPointer, LFS_POINTER_MAX_BYTES } from '../adapters/lfs-pointer.js';
import { readRepositoryFile } from '../adapters/repository-path.js';
import { sha256Hex } from '../formats/canonical-digest.js';
import { archiveFolder, isSafeSegment, parseChecksums, type ArchiveFileName } from './archive-plan.js';
import {
  headObjects,
  manifestArtifactPaths,
  planArchiveOfSource,
  readExistingArchive,
  readReleaseAt,
  readVerifiedEvents,
  type EvidenceS3Options,
} from './archive-store.js';
import { auditLogPath } from './audit-log.js';
import { buildRollbackPlan, type ArchiveFolderFiles, type RollbackPlan } from './rollback-plan.js';
import {
  archivedArtifactRecords,
  isInPlace,
  recordedSourceCommit,
  type ArtifactFacts,
  type ArtifactRecord,
  type RestoreInput,
  type WorktreeFile,
} from './rollback-restore.js';
import { assertReleaseOfModel, EvidenceError, POLICY_FILE, resolveActor, type Workspace } from './workspace.js';

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
  known: ReadonlyMap<string, ArtifactFacts>,
): Promise<{ observed: Record<string, string | undefined>; refused: Record<string, string> }> {
  const observed: Record<string, string | undefined> = {};
  const refused: Record<string, string> = {};
  if (!checksums) return { observed, refused };
  for (const e of parseChecksums(Buffer.from(checksums).toString('utf8')).entries) {
    if (e.path.startsWith('s3://')) continue; // an object, not a file: the plan checks its version in the store
    const artifact = known.get(e.path);
    if (artifact) {
      // A model file, already observed for the restore (an un-smudged LFS pointer to the archived object counts).
      const wt = artifact.worktree;
      if (wt.kind === 'refused') refused[e.path] = wt.reason;
      else
        observed[e.path] = isInPlace(artifact.record, wt)
          ? artifact.record.sha256
          : wt.kind === 'file'
            ? wt.sha256
            : undefined;
      continue;
    }
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

/** The working-tree file at an artifact path, summarised: digest, size, git blob id, the LFS pointer it is. */
async function observeWorktree(root: string, path: string, idLength: number): Promise<WorktreeFile> {
  const read = await readRepositoryFile(root, path);
  if (read.kind === 'missing') return { kind: 'missing' };
  if (read.kind !== 'file') return { kind: 'refused', reason: read.reason };
  const pointer = parseLfsPointer(read.bytes);
  return {
    kind: 'file',
    sha256: sha256Hex(read.bytes),
    size: read.bytes.length,
    blobId: gitBlobId(read.bytes, idLength),
    ...(pointer ? { pointer } : {}),
  };
}

/** A path's entry in a commit's tree, exactly that path (a folder of that name is no entry). */
async function entryAt(git: GitRepository, commit: string, path: string) {
  return (await git.listEntriesAt(commit, path))[path];
}

/**
 * What the repository says about each artifact the archived manifest lists: the working-tree file, HEAD's and the
 * index's entries, and, for a file not in place, its entry and bytes at the commit the archive records. Git's bytes
 * are read raw (`cat-file`): a Git LFS pointer stays the pointer, never smudged.
 */
async function gatherRestoreFacts(ws: Workspace, target: { dir: string } & ArchiveFolderFiles): Promise<RestoreInput> {
  const { git, root } = ws;
  const records = archivedArtifactRecords(target.manifest);
  const recordedCommit = recordedSourceCommit(target.evidence);
  const head = await git.resolveCommit('HEAD');
  const idLength = head?.length ?? 40;
  const index = await git.indexEntries(records.map((r) => r.path));
  // Without the index, a staged change to an artifact would look like none and be overwritten: refuse instead.
  if (!index) {
    throw new EvidenceError(
      `git could not list the index entries of ${target.dir}'s artifacts, so a staged change to them cannot be told apart`,
      'run `git status` in the repository to see what git reports, fix it, then run the rollback again',
    );
  }
  const artifacts: ArtifactFacts[] = [];
  let commitPresent = false;
  for (const record of records) {
    const worktree = await observeWorktree(root, record.path, idLength);
    const facts: ArtifactFacts = { record, worktree, ...(await headEntry(git, head, record.path)) };
    const staged = index.get(record.path);
    if (staged) facts.index = { mode: staged.mode, id: staged.blob, stage: staged.stage };
    if (!isInPlace(record, worktree) && recordedCommit !== undefined) {
      commitPresent ||= await git.commitExists(recordedCommit);
      if (commitPresent) facts.atRecorded = await recordedEntry(git, recordedCommit, record);
    }
    artifacts.push(facts);
  }
  return {
    dir: target.dir,
    ...(recordedCommit !== undefined ? { recordedCommit } : {}),
    commitPresent,
    shallow: await git.isShallow(),
    artifacts,
    protectedPaths: {
      manifest: ws.policy.model.manifest,
      biasReport: ws.policy.model.biasReport,
      policy: POLICY_FILE,
      archiveDir: ws.policy.model.archiveDir,
    },
  };
}

/** HEAD's entry for a path, with the Git LFS pointer its blob is (read only when small enough to be one). */
async function headEntry(git: GitRepository, head: string | undefined, path: string): Promise<Partial<ArtifactFacts>> {
  const entry = head ? await entryAt(git, head, path) : undefined;
  if (!entry) return {};
  const size = (await git.objectSizes([entry.id])).get(entry.id)?.size;
  const bytes =
    size !== undefined && size < LFS_POINTER_MAX_BYTES ? (await git.readBlobs([entry.id])).get(entry.id) : undefined;
  const pointer = bytes ? parseLfsPointer(bytes) : undefined;
  return { head: { mode: entry.mode, id: entry.id, ...(pointer ? { pointer } : {}) } };
}

/** The entry and bytes of an artifact at the recorded commit (bytes only for a regular file). */
async function recordedEntry(
  git: GitRepository,
  commit: string,
  record: ArtifactRecord,
): Promise<NonNullable<ArtifactFacts['atRecorded']>> {
  const entry = await entryAt(git, commit, record.path);
  if (!entry) return { kind: 'absent' };
  const regular = entry.mode === '100644' || entry.mode === '100755';
  const bytes = regular ? (await git.readBlobs([entry.id])).get(entry.id) : undefined;
  return { kind: 'entry', mode: entry.mode, id: entry.id, ...(bytes ? { bytes } : {}) };
}

export interface RollbackRequest {
  toVersion: string;
  reason: string;
  /** `--actor`, else git's identity. */
  actorFlag?: string;
  base: { ref: string; commit: string };
  now: Date;
  /** How `s3://` artifacts are reached (credentials, endpoint); the policy's `s3` section configures the store. */
  s3?: EvidenceS3Options;
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
    ...(request.s3 ? { s3: request.s3 } : {}),
  });
  const targetFiles = { dir: targetDir, ...target.files };
  const restore = await gatherRestoreFacts(ws, targetFiles);
  const modelFiles = new Map(restore.artifacts.map((a) => [a.record.path, a]));
  const recorded = await observeRecorded(ws.root, target.files.checksums, modelFiles);
  return buildRollbackPlan({
    toVersion,
    reason,
    minReasonLength: ws.policy.promotion.minReasonLength,
    current: { model, version: parsed.version },
    target: targetFiles,
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
    objects: target.files.manifest
      ? await headObjects(manifestArtifactPaths(target.files.manifest), ws.policy, request.s3)
      : {},
    restore,
    manifestPath: ws.policy.model.manifest,
    biasReportPath: ws.policy.model.biasReport,
    actor,
    now,
  });
}

/** A word for a POSIX shell: bare when it is plainly safe, else single-quoted. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9._/+:=@-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/**
 * What a rollback leaves in the index, and the command that commits exactly that: every file it wrote plus the
 * audit log. The pathspec keeps anything else the user had staged out of the rollback's commit, and takes the
 * manifest as it is when committed (after the board's `mlgov approve`).
 */
export function rollbackCommit(
  plan: Extract<RollbackPlan, { kind: 'write' }>,
  archiveDir: string,
): { paths: string[]; command: string } {
  const paths = [
    ...new Set([...plan.writes.map((w) => w.path), ...(plan.events.length > 0 ? [auditLogPath(archiveDir)] : [])]),
  ];
  const ticket = plan.events.find((e) => e.action === 'rollback')?.ticket;
  const message = `${ticket ? `${ticket} ` : ''}Roll back ${plan.model} from ${plan.from} to ${plan.to}`;
  return { paths, command: ['git', 'commit', '-m', message, '--', ...paths].map(shellWord).join(' ') };
}

/**
 * Stages an applied rollback: each restored model file as the exact blob of the recorded commit (no clean filter:
 * a Git LFS pointer stays the pointer git held), everything else it wrote with `git add`. A failure is reported, not
 * thrown: the files are written and the audit log appended, so running the rollback again is not the fix.
 */
export async function stageRollback(
  ws: Workspace,
  plan: Extract<RollbackPlan, { kind: 'write' }>,
): Promise<{ staged: string[]; failed?: string }> {
  const { paths } = rollbackCommit(plan, ws.policy.model.archiveDir);
  const restored = new Set(plan.restored.map((r) => r.path));
  const others = paths.filter((p) => !restored.has(p));
  const blobs = plan.restored.map((r) => ({ path: r.path, mode: r.mode, blob: r.blob }));
  if (!(await ws.git.stageBlobs(blobs)))
    return { staged: [], failed: `git update-index refused the restored files (${[...restored].join(', ')})` };
  if (!(await ws.git.stagePaths(others)))
    return { staged: [...restored], failed: `git add refused ${others.join(', ')}` };
  return { staged: paths };
}
