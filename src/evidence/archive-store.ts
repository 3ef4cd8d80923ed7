/**
 * The I/O around archive plans: read a release from a revision, read what an archive folder already holds, and
 * apply a plan (atomic file writes, then the audit events). Used by `mlgov archive` and `mlgov rollback`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../adapters/atomic-file.js';
import type { GitRepository } from '../adapters/git-repository.js';
import type { Policy } from '../policy/policy.js';
import { TOOL_VERSION } from '../version.js';
import {
  appendAuditEvents,
  readAuditLogText,
  auditLogPath,
  type AuditEvent,
  type AuditEventInput,
} from './audit-log.js';
import {
  ARCHIVE_FILES,
  archiveFolder,
  buildArchivePlan,
  isArchiveLogged,
  type ArchiveFileName,
  type ArchivePlan,
  type ArchiveSource,
  type FileWrite,
} from './archive-plan.js';
import { verifyAuditLog } from './hash-chain.js';
import { EvidenceError, isSafeRelativePath } from './workspace.js';

/** The release (manifest + bias report bytes) at `commit`, or undefined when the commit has no manifest. */
export async function readReleaseAt(
  git: GitRepository,
  commit: string,
  policy: Policy,
): Promise<ArchiveSource | undefined> {
  const manifestPath = policy.model.manifest;
  const manifestSpec = `${commit}:${manifestPath}`;
  const blobs = await git.readBlobs([manifestSpec]);
  const manifestBytes = blobs.get(manifestSpec);
  if (!manifestBytes) return undefined;
  let declared: unknown;
  try {
    declared = (JSON.parse(manifestBytes.toString('utf8')) as { biasReport?: { path?: unknown } }).biasReport?.path;
  } catch {
    declared = undefined;
  }
  const biasReportPath = isSafeRelativePath(declared) ? declared : policy.model.biasReport;
  const reportSpec = `${commit}:${biasReportPath}`;
  const biasReportBytes = (await git.readBlobs([reportSpec])).get(reportSpec);
  return { commit, manifestPath, manifestBytes, biasReportPath, ...(biasReportBytes ? { biasReportBytes } : {}) };
}

/** The files an archive folder holds in the working tree, by name. */
export async function readExistingArchive(
  root: string,
  dir: string,
): Promise<Partial<Record<ArchiveFileName, Buffer>>> {
  const found: Partial<Record<ArchiveFileName, Buffer>> = {};
  for (const name of ARCHIVE_FILES) {
    try {
      found[name] = await readFile(join(root, dir, name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return found;
}

/** The audit log's events; a log that does not verify stops every evidence command before it writes anything. */
export async function readVerifiedEvents(root: string, archiveDir: string): Promise<AuditEvent[]> {
  const verified = verifyAuditLog(await readAuditLogText(root, archiveDir));
  if (!verified.ok) {
    throw new EvidenceError(
      `${auditLogPath(archiveDir)} does not verify: ${verified.break.message}`,
      'restore the log from the base branch (git checkout <base> -- ' +
        auditLogPath(archiveDir) +
        '); the log is append-only',
      1,
    );
  }
  return verified.events;
}

/** Plans archiving the release at `commit` (undefined when that commit has no manifest). */
export async function planArchiveOf(args: {
  root: string;
  git: GitRepository;
  policy: Policy;
  commit: string;
  now: Date;
  actor: string;
  events: AuditEvent[];
}): Promise<ArchivePlan | undefined> {
  const source = await readReleaseAt(args.git, args.commit, args.policy);
  if (!source) return undefined;
  return planArchiveOfSource({ ...args, source });
}

/**
 * Plans archiving an already-read release. The plan is pure; the folder it archives to depends on what the primary
 * folder holds (a rollback release goes beside it), so the folders are read in turn: the primary folder named by the
 * manifest, then the rollback folder when the plan moves there.
 */
export async function planArchiveOfSource(args: {
  root: string;
  policy: Policy;
  source: ArchiveSource;
  now: Date;
  actor: string;
  events: AuditEvent[];
}): Promise<ArchivePlan> {
  const plan = (
    existing: Partial<Record<ArchiveFileName, Uint8Array>>,
    existingRollback: Partial<Record<ArchiveFileName, Uint8Array>> | undefined,
    alreadyLogged: boolean,
  ) =>
    buildArchivePlan({
      source: args.source,
      archiveDir: args.policy.model.archiveDir,
      existing,
      ...(existingRollback ? { existingRollback } : {}),
      alreadyLogged,
      now: args.now,
      actor: args.actor,
      retentionYears: args.policy.evidence.retentionYears,
      toolVersion: TOOL_VERSION,
    });
  // A first pass with nothing existing tells us the primary folder (it depends only on the manifest).
  const probe = plan({}, undefined, true);
  if (probe.kind === 'invalid') return probe;
  const existing = await readExistingArchive(args.root, probe.dir);
  // A second pass over the primary folder tells whether the release goes there or to its rollback folder.
  const placed = plan(existing, undefined, true);
  if (placed.kind === 'invalid' || placed.kind === 'conflict') return placed;
  const existingRollback = placed.dir !== probe.dir ? await readExistingArchive(args.root, placed.dir) : undefined;
  return plan(existing, existingRollback, isArchiveLogged(args.events, placed.model, placed.version, placed.dir));
}

/**
 * Writes files atomically, in order. A write the disk refuses (full, read-only, not a directory) is an
 * EvidenceError naming the file and what the system said, not a raw errno: nothing partial is left, and the next
 * run completes what is missing.
 */
export async function applyWrites(root: string, writes: FileWrite[]): Promise<void> {
  for (const w of writes) {
    try {
      await writeFileAtomic(join(root, w.path), w.bytes);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new EvidenceError(
        `could not write ${w.path}: ${code ?? ''}${code ? ' ' : ''}${(err as Error).message.replace(/^[A-Z]+: /, '')}`,
        code === 'ENOSPC'
          ? 'free disk space, then run the command again: it writes only what is missing'
          : code === 'EROFS' || code === 'EACCES' || code === 'EPERM'
            ? 'the repository is read-only here: run the command in a writable checkout'
            : 'fix the file system problem, then run the command again: it writes only what is missing',
      );
    }
  }
}

/**
 * Applies a plan's writes, then appends its events (files first: a crash in between leaves an archive without
 * its event, which the next `mlgov archive` completes).
 */
export async function applyPlan(
  root: string,
  archiveDir: string,
  writes: FileWrite[],
  events: AuditEventInput[],
): Promise<AuditEvent[]> {
  await applyWrites(root, writes);
  return events.length > 0 ? appendAuditEvents(root, archiveDir, events) : [];
}

export { archiveFolder };
