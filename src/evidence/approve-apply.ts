/**
 * The I/O around the approve plan (`mlgov approve`): read the model's manifest (and bias report) at the paths the
 * release locator gives, and apply a plan so an approval is never written without its audit event. Only the located
 * model's files are read and written.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { stageRepositoryFile, type StagedFile } from '../adapters/atomic-file.js';
import { assertSafeWrite } from '../adapters/repository-path.js';
import type { ModelLocation } from '../release/release-locator.js';
import type { ApproveFiles, ApprovePlan, ApproveTarget } from './approve-plan.js';
import { biasReportPathOf } from './approve-plan.js';
import { appendAuditEvent, assertAuditLogWritable, auditLogPath, readAuditLogText } from './audit-log.js';
import { verifyAuditLog, type AuditEvent } from './hash-chain.js';
import { EvidenceError } from './evidence-error.js';

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Resolves a repository-relative path, refusing one that leaves the repository. */
function inside(root: string, rel: string): string {
  const abs = resolve(root, rel);
  const back = relative(root, abs);
  if (back.startsWith('..') || isAbsolute(back))
    throw new EvidenceError(
      `${rel} is outside the repository`,
      'Use repository-relative paths in the manifest and policy.',
    );
  return abs;
}

/**
 * The files an approval of the located model is written into: its manifest, and for `bias-report` its bias report.
 * The manifest is the PR's claim; the report an approval is written into is the policy's, never one it names.
 */
export async function readApproveFiles(
  root: string,
  location: ModelLocation,
  target: ApproveTarget,
): Promise<ApproveFiles> {
  const manifestPath = location.manifest;
  const manifestText = await readOptional(inside(root, manifestPath));
  if (manifestText === undefined)
    throw new EvidenceError(
      `${manifestPath} not found in ${root}`,
      'Run mlgov approve in the model repository, or pass --repo DIR.',
    );
  const reportPath = biasReportPathOf(manifestText, location.policy);
  if (target === 'bias-report' && reportPath !== location.biasReport) {
    throw new EvidenceError(
      `refused: ${manifestPath} names the bias report ${reportPath}, but the policy's bias report is ${location.biasReport}; mlgov approve writes only to the policy's paths`,
      `set biasReport.path in ${manifestPath} to ${location.biasReport} (the report the gate judges)`,
      1,
    );
  }
  const reportText = target === 'bias-report' ? await readOptional(inside(root, reportPath)) : undefined;
  return {
    manifest: { path: manifestPath, text: manifestText },
    ...(reportText !== undefined ? { report: { path: reportPath, text: reportText } } : {}),
  };
}

/**
 * Writes an approve plan and appends its event. The audit log is verified and every target (and the log) held to the
 * containment rule before any file is touched; the files are staged, the event appended, then the files made
 * visible: a failed append (disk full, read-only log) leaves neither the approval nor the event.
 */
export async function applyApprovePlan(
  root: string,
  archiveDir: string,
  plan: Extract<ApprovePlan, { kind: 'write' }>,
): Promise<AuditEvent> {
  const verified = verifyAuditLog(await readAuditLogText(root, archiveDir));
  if (!verified.ok) {
    throw new EvidenceError(
      `refused: ${auditLogPath(archiveDir)} does not verify: ${verified.break.message}`,
      'Run mlgov log verify and restore the log from git.',
      2,
    );
  }
  for (const w of plan.writes) await assertSafeWrite(root, w.path);
  await assertAuditLogWritable(root, archiveDir);
  const staged: StagedFile[] = [];
  let appended: AuditEvent;
  try {
    for (const w of plan.writes) staged.push(await stageRepositoryFile(root, w.path, w.text));
    appended = await appendAuditEvent(root, archiveDir, plan.event);
  } catch (err) {
    await Promise.all(staged.map((f) => f.discard()));
    throw err;
  }
  for (const f of staged) await f.commit();
  return appended;
}
