/**
 * The I/O around archive plans: read a release from a revision, read what an archive folder already holds, and
 * apply a plan (atomic file writes, then the audit events). Used by `mlgov archive` and `mlgov rollback`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeRepositoryFile } from '../adapters/atomic-file.js';
import { createS3ObjectStore, isS3Url, parseS3Url, type S3ClientOptions } from '../adapters/s3-object-store.js';
import { assertSafeWrite, UnsafeWriteError } from '../adapters/repository-path.js';
import type { GitRepository } from '../adapters/git-repository.js';
import type { Policy } from '../policy/policy.js';
import { TOOL_VERSION } from '../version.js';
import {
  appendAuditEvents,
  assertAuditLogWritable,
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
  type ArchiveObjectHead,
  type ArchivePlan,
  type ArchiveSource,
  type FileWrite,
} from './archive-plan.js';
import { verifyAuditLog } from './hash-chain.js';
import { EvidenceError } from './evidence-error.js';
import { readReleaseAt as readModelReleaseAt } from './release-files.js';

/**
 * The release (manifest + bias report bytes) at `commit`, or undefined when the commit has no manifest. The bias
 * report is the one the policy names (`model.biasReport`), as the gate judges it: a path the manifest declares is
 * the manifest's claim, never where evidence is read from or restored to. Read by the locator's rules
 * (`release-files.ts`), with the policy's model section as the location.
 */
export async function readReleaseAt(
  git: GitRepository,
  commit: string,
  policy: Policy,
): Promise<ArchiveSource | undefined> {
  return readModelReleaseAt(git, commit, policy.model);
}

/**
 * The files an archive folder holds in the working tree, by name. The folder is held to the write-side containment
 * rule first (an archive folder is always about to be written): a symlink on the way, or an archive file that is a
 * link or not a regular file, is an {@link UnsafeWriteError}, so nothing is read from, or planned against, a place
 * outside the repository.
 */
export async function readExistingArchive(
  root: string,
  dir: string,
): Promise<Partial<Record<ArchiveFileName, Buffer>>> {
  const found: Partial<Record<ArchiveFileName, Buffer>> = {};
  for (const name of ARCHIVE_FILES) {
    await assertSafeWrite(root, `${dir}/${name}`);
    try {
      found[name] = await readFile(join(root, dir, name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      // Named with the file and a fix, as every evidence error is: the system's words alone say neither.
      throw new EvidenceError(
        `${dir}/${name} cannot be read: ${(err as Error).message}`,
        `make ${dir} a folder of regular files again (git checkout <base> -- ${dir})`,
      );
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

/** How the evidence commands reach `s3://` artifacts beyond the policy's `s3` section. */
export interface EvidenceS3Options {
  /** Credentials and endpoint variables (default: the process environment). */
  env?: Record<string, string | undefined>;
  /** Transport settings (tests shorten the retries). */
  client?: S3ClientOptions;
}

/**
 * HeadObject for each `s3://` location in `paths` (as written; the pinned version when there is one), through the
 * store the policy's `s3` section configures. Only HEAD requests: archiving and restoring need to know the version
 * exists and its size, not its bytes (the gate verified those). A store that cannot be configured or asked gives a
 * failure for each object, never a pass.
 */
export async function headObjects(
  paths: readonly string[],
  policy: Policy,
  options: EvidenceS3Options = {},
): Promise<Record<string, ArchiveObjectHead>> {
  const heads: Record<string, ArchiveObjectHead> = {};
  const objectPaths = [...new Set(paths.filter(isS3Url))];
  if (objectPaths.length === 0) return heads;
  const configured = createS3ObjectStore(options.env ?? process.env, policy.s3 ?? {}, options.client ?? {});
  try {
    for (const path of objectPaths) {
      const parsed = parseS3Url(path);
      if (!parsed.ok) continue; // the plan refuses the location itself, naming the problem
      if (configured.kind !== 'configured') {
        heads[path] = { kind: 'failure', message: configured.message, fix: configured.fix, verdict: 'indeterminate' };
        continue;
      }
      const { bucket, key, versionId } = parsed.location;
      const head = await configured.store.headObject(bucket, key, versionId);
      heads[path] =
        head.kind === 'ok'
          ? {
              kind: 'found',
              size: head.head.size,
              ...(head.head.location.versionId !== undefined ? { versionId: head.head.location.versionId } : {}),
            }
          : { kind: 'failure', message: head.message, fix: head.fix, verdict: head.verdict };
    }
  } finally {
    if (configured.kind === 'configured') configured.store.close();
  }
  return heads;
}

/** The artifact paths of a release's manifest bytes ([] when they do not parse: the plan refuses those). */
export function manifestArtifactPaths(manifestBytes: Uint8Array): string[] {
  try {
    const m = JSON.parse(Buffer.from(manifestBytes).toString('utf8')) as { artifacts?: unknown };
    if (!Array.isArray(m.artifacts)) return [];
    return m.artifacts.flatMap((a: unknown) =>
      typeof a === 'object' && a !== null && typeof (a as { path?: unknown }).path === 'string'
        ? [(a as { path: string }).path]
        : [],
    );
  } catch {
    return [];
  }
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
  s3?: EvidenceS3Options;
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
  s3?: EvidenceS3Options;
}): Promise<ArchivePlan> {
  const objects = await headObjects(manifestArtifactPaths(args.source.manifestBytes), args.policy, args.s3);
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
      objects,
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
 * Writes files atomically, in order. Every target is held to the containment rule before the first byte is
 * written (a symlink anywhere on any path refuses the whole plan, so a refusal never leaves half a plan), and again
 * as it is written. A write the disk refuses (full, read-only, not a directory) is an EvidenceError naming the file
 * and what the system said, not a raw errno: nothing partial is left, and the next run completes what is missing.
 */
export async function applyWrites(root: string, writes: FileWrite[]): Promise<void> {
  for (const w of writes) await assertSafeWrite(root, w.path);
  for (const w of writes) {
    try {
      await writeRepositoryFile(root, w.path, w.bytes);
    } catch (err) {
      if (err instanceof UnsafeWriteError) throw err;
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
  if (events.length > 0) await assertAuditLogWritable(root, archiveDir);
  await applyWrites(root, writes);
  return events.length > 0 ? appendAuditEvents(root, archiveDir, events) : [];
}

export { archiveFolder };
