/**
 * The audit log file `<archiveDir>/audit-log.jsonl`: reading, verifying and appending under a lock. The chain
 * itself (what is hashed) is defined in hash-chain.ts.
 */
import { constants, type ReadStream } from 'node:fs';
import { lstat, mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeRepositoryFile } from '../adapters/atomic-file.js';
import { assertSafeWrite, specialFileKind, unsafeWriteProblem } from '../adapters/repository-path.js';
import {
  buildChainedEvent,
  formatAuditLine,
  verifyAuditLog,
  type AuditAction,
  type AuditEvent,
  type ChainVerification,
} from './hash-chain.js';
import { withFileLock, type LockOptions } from './file-lock.js';
import { EvidenceError } from './evidence-error.js';

export type { AuditAction, AuditEvent } from './hash-chain.js';

import { auditLogOf } from '../release/release-locator.js';

export { AUDIT_LOG_FILE } from './hash-chain.js';

/** Repository-relative path of the audit log for an archive directory. */
export function auditLogPath(archiveDir: string): string {
  return auditLogOf({ archiveDir });
}

export interface AuditEventInput {
  actor: string;
  action: AuditAction;
  model: string;
  version: string;
  reason?: string;
  ticket?: string;
  /** ISO time; defaults to the clock. */
  at?: string;
  details?: Record<string, unknown>;
}

/** The audit log is broken: nothing is appended to a chain that no longer verifies. */
export class AuditLogBrokenError extends Error {
  override name = 'AuditLogBrokenError';
  constructor(
    readonly file: string,
    readonly verification: Extract<ChainVerification, { ok: false }>,
  ) {
    super(`${file} does not verify: ${verification.break.message}`);
  }
}

/**
 * The log's text, or '' when it does not exist yet. Only a regular file is read: a FIFO would block the read
 * forever, a directory or a symlink loop would fail with a bare errno, and a symlink would read evidence from
 * outside the archive; each is an {@link EvidenceError} naming the file instead.
 */
export async function readAuditLogText(repoRoot: string, archiveDir: string): Promise<string> {
  const path = await readableAuditLogPath(repoRoot, archiveDir);
  return path === undefined ? '' : await readFile(path, 'utf8');
}

/**
 * The log's bytes as a stream, for reading a log of any length in constant memory (`verifyAuditLogStream`), or
 * undefined when it does not exist yet. The same rules as {@link readAuditLogText}; the file is opened without
 * following a link, so a link swapped in after the check is refused too.
 */
export async function openAuditLogStream(repoRoot: string, archiveDir: string): Promise<ReadStream | undefined> {
  const path = await readableAuditLogPath(repoRoot, archiveDir);
  if (path === undefined) return undefined;
  const rel = auditLogPath(archiveDir);
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    if (!(await handle.stat()).isFile()) throw new Error('it is no longer a regular file');
  } catch (err) {
    await handle?.close();
    throw new EvidenceError(
      `${rel} cannot be read: ${(err as Error).message}`,
      `restore ${rel} from the base branch (git checkout <base> -- ${rel})`,
    );
  }
  return handle.createReadStream({ highWaterMark: 64 * 1024 });
}

/**
 * The absolute path of the log when it is a regular file reached without a link, undefined when it does not
 * exist; an {@link EvidenceError} naming the file otherwise.
 */
async function readableAuditLogPath(repoRoot: string, archiveDir: string): Promise<string | undefined> {
  const rel = auditLogPath(archiveDir);
  const path = join(repoRoot, rel);
  // A link in a folder on the way (`artifacts -> /elsewhere`) would read a log from outside the repository: the
  // same containment rule as for writing it.
  const unsafe = await unsafeWriteProblem(repoRoot, rel);
  if (unsafe && unsafe.component !== rel) {
    throw new EvidenceError(
      `${rel} cannot be read: ${unsafe.component} is ${unsafe.what}; the audit log is never read through a link`,
      unsafe.fix,
    );
  }
  let st;
  try {
    st = await lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new EvidenceError(
      `${rel} cannot be read: ${(err as Error).message}`,
      `restore ${rel} from the base branch (git checkout <base> -- ${rel})`,
    );
  }
  if (!st.isFile()) {
    const what = st.isSymbolicLink() ? 'a symbolic link' : st.isDirectory() ? 'a directory' : specialFileKind(st);
    throw new EvidenceError(
      `${rel} is ${what}, not a regular file; the audit log is never read through a link or from a special file`,
      `restore ${rel} from the base branch (git checkout <base> -- ${rel})`,
    );
  }
  return path;
}

/** The lock file of the log (created beside it while an append runs). */
export function auditLogLockPath(archiveDir: string): string {
  return `${auditLogPath(archiveDir)}.lock`;
}

/**
 * Throws an `UnsafeWriteError` unless the log and its lock file can be written without following a link. A command
 * that writes files and then appends its event checks this before its first write, so a link on the log's path
 * never leaves files written without their event.
 */
export async function assertAuditLogWritable(repoRoot: string, archiveDir: string): Promise<void> {
  await assertSafeWrite(repoRoot, auditLogPath(archiveDir));
  await assertSafeWrite(repoRoot, auditLogLockPath(archiveDir));
}

/**
 * The event `input` becomes when chained after `last`: what it omits is null, and its time is now unless it names
 * one. The one mapping from what a command records to a log line (`mlgov` commands and the record job's commit).
 */
export function chainAuditInput(last: AuditEvent | undefined, input: AuditEventInput): AuditEvent {
  return buildChainedEvent(last, {
    at: input.at ?? new Date().toISOString(),
    actor: input.actor,
    action: input.action,
    model: input.model,
    version: input.version,
    reason: input.reason ?? null,
    ticket: input.ticket ?? null,
    ...(input.details !== undefined ? { details: input.details } : {}),
  });
}

/**
 * Appends events to the log under an exclusive lock, keeping the hash chain. The whole chain is verified first
 * (an append never extends a log that was tampered with: {@link AuditLogBrokenError}), and the new text is written
 * atomically (temp file + rename), so a crash leaves either the old or the new log, never half a line.
 */
export async function appendAuditEvents(
  repoRoot: string,
  archiveDir: string,
  inputs: AuditEventInput[],
  options: LockOptions = {},
): Promise<AuditEvent[]> {
  const rel = auditLogPath(archiveDir);
  // Checked before the folder is created: mkdir would follow a symlinked archive folder out of the repository.
  await assertAuditLogWritable(repoRoot, archiveDir);
  await mkdir(join(repoRoot, archiveDir), { recursive: true });
  return withFileLock(
    join(repoRoot, auditLogLockPath(archiveDir)),
    async () => {
      const text = await readAuditLogText(repoRoot, archiveDir);
      const verified = verifyAuditLog(text);
      if (!verified.ok) throw new AuditLogBrokenError(rel, verified);
      let last: AuditEvent | undefined = verified.events[verified.events.length - 1];
      const added: AuditEvent[] = [];
      for (const input of inputs) {
        const event = chainAuditInput(last, input);
        added.push(event);
        last = event;
      }
      if (added.length > 0)
        await writeRepositoryFile(repoRoot, rel, text + added.map((e) => formatAuditLine(e) + '\n').join(''));
      return added;
    },
    { ...options, repositoryRoot: repoRoot },
  );
}

/** Appends one event under a lock, keeping the hash chain (see {@link appendAuditEvents}). */
export async function appendAuditEvent(
  repoRoot: string,
  archiveDir: string,
  event: AuditEventInput,
): Promise<AuditEvent> {
  const [added] = await appendAuditEvents(repoRoot, archiveDir, [event]);
  if (!added) throw new Error('audit event was not appended');
  return added;
}
