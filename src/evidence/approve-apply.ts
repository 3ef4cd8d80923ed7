/**
 * The I/O around the approve plan (`mlgov approve`): read the model's manifest (and bias report) at the paths the
 * release locator gives, and apply a plan so an approval is never written without its audit event. Only the located
 * model's files are read and written.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { stageRepositoryFile, type StagedFile } from '../adapters/atomic-file.js';
import { openGitRepository } from '../adapters/git-repository.js';
import { assertSafeWrite, isWithin } from '../adapters/repository-path.js';
import type { Policy } from '../policy/policy.js';
import { resolveBaseRevision } from '../release/base-revision.js';
import { ModelSelectionError, selectModel, type ModelLocation } from '../release/release-locator.js';
import type { ApproveFiles, ApprovePlan, ApproveTarget } from './approve-plan.js';
import { biasReportPathOf } from './approve-plan.js';
import { appendAuditEvent, assertAuditLogWritable, auditLogPath, readAuditLogText } from './audit-log.js';
import { verifyAuditLog, type AuditEvent } from './hash-chain.js';
import { EvidenceError } from './evidence-error.js';
import { POLICY_FILE, policyFromBytes } from './workspace.js';

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
  if (!isWithin(resolve(root), abs))
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

/** The policy whose roster an approver is checked against, and where it was read. */
export interface RosterPolicy {
  /** The model's effective policy there (roster, roles, the bias reviewer's role). */
  policy: Policy;
  source: 'base' | 'working-tree';
  /** Where the roster was read, for messages: `main:.github/governance-policy.yml`, or the working tree's file. */
  where: string;
  /** Why the working tree's policy was used (no base revision); absent for the base. */
  note?: string;
}

/**
 * The roster `mlgov approve` checks the approver against: the BASE revision's policy (`--base REF`, else the default
 * branch, as the gate resolves it), because the gate judges approvals by the base's roster and a pull request adding
 * its author to its own roster must not make `approve` record them. Without a base revision (a first release, or not
 * a git repository) the working tree's policy is used, and `note` says so. A base that cannot be read is refused
 * (exit 2), never replaced by the working tree's policy; so is a base that does not govern the model.
 */
export async function readRosterPolicy(
  root: string,
  location: ModelLocation,
  baseRef: string | undefined,
): Promise<RosterPolicy> {
  const git = openGitRepository(root);
  const working = (why: string): RosterPolicy => ({
    policy: location.policy,
    source: 'working-tree',
    where: POLICY_FILE,
    note: `${why}: the approver is checked against the working tree's roster (${POLICY_FILE})`,
  });
  if (!(await git.isRepository())) {
    if (baseRef !== undefined)
      throw new EvidenceError(
        `--base ${baseRef}: ${root} is not a git repository`,
        'run mlgov approve in the model repository',
      );
    return working('not a git repository, so no base revision');
  }
  const base = await resolveBaseRevision(git, baseRef);
  if (base.kind === 'none') return working(`no base revision (${base.reason})`);
  if (base.kind === 'unavailable')
    throw new EvidenceError(`refused: ${base.reason}; the roster is the base revision's`, base.fix, 2);
  const spec = `${base.commit}:${POLICY_FILE}`;
  const basePolicy = policyFromBytes((await git.readBlobs([spec])).get(spec), `${base.ref}:${POLICY_FILE}`);
  try {
    return {
      policy: selectModel(basePolicy, location.name).policy,
      source: 'base',
      where: `${base.ref}:${POLICY_FILE}`,
    };
  } catch (err) {
    if (!(err instanceof ModelSelectionError)) throw err;
    throw new EvidenceError(
      `refused: the base revision ${base.ref} does not govern ${location.name === undefined ? 'this model' : JSON.stringify(location.name)} (${err.message}); its roster decides who can approve`,
      `merge the policy change that adds the model to ${base.ref} first`,
      2,
    );
  }
}
