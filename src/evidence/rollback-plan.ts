/**
 * Planning a rollback (`mlgov rollback --to VERSION --reason TEXT`): pure. Restores an archived release as the
 * current one.
 *
 * What is restored: the archived `bias-report.json` byte for byte (to the path the restored manifest names), and the
 * archived `manifest.json` with exactly two changes:
 * - `release` becomes `{ type: "rollback", reason, rollbackOf: <the version replaced> }`, so the gate knows this is
 *   a rollback (the promotion check then skips the metric gates but still wants a reason);
 * - `approvals` is **removed**. An approval is bound to the manifest digest, and editing `release` changes that
 *   digest, so the old approvals could not count anyway; keeping them would only produce digest-mismatch findings.
 *   The governance board re-approves the rollback itself (`mlgov approve`), which is what the policy asks for a
 *   change of the production model. The old approvals stay on record in the archive's manifest and evidence.json.
 * The bias report's own approval is bound to the report's digest, which does not change: it stays valid.
 *
 * Before anything is written the restored release's checksums are verified: every line of the archived
 * `checksums.sha256` must match the file in the working tree (so the model files of that version must be present,
 * e.g. restored from artifact storage). The target is always read from its primary archive folder
 * (`<archiveDir>/<model>/<version>/`; `rollback-…` folders beside it are archives of earlier rollbacks). The
 * release being replaced is archived first (write-once, as `mlgov archive`; when it is itself a rollback it goes to
 * its own `rollback-…` folder). Refusals change nothing.
 */
import { manifestDigest } from '../formats/canonical-digest.js';
import type { Manifest } from '../formats/manifest.js';
import type { AuditEventInput } from './audit-log.js';
import type { ArchivePlan, FileWrite } from './archive-plan.js';
import { isSafeRelativePath, parseChecksums } from './archive-plan.js';

export interface RollbackPlanInput {
  toVersion: string;
  reason: string;
  minReasonLength: number;
  /** The release in force (being replaced). */
  current: { model: string; version: string };
  /** The archive folder of the target version and what it holds (undefined files are absent). */
  target: { dir: string; manifest?: Uint8Array; biasReport?: Uint8Array; checksums?: Uint8Array };
  /** Versions archived for the model (for the message when the target is unknown). */
  archivedVersions: string[];
  /** Digest of each path named in the target's checksums.sha256, as found in the working tree (undefined: missing). */
  observed: Record<string, string | undefined>;
  /** The plan archiving the release being replaced. */
  replacedArchive: ArchivePlan;
  /** Policy paths, used when the restored manifest names no bias report path. */
  manifestPath: string;
  biasReportPath: string;
  actor: string;
  now: Date;
}

export type RollbackPlan =
  | {
      kind: 'write';
      model: string;
      from: string;
      to: string;
      writes: FileWrite[];
      events: AuditEventInput[];
      /** The restored manifest's new digest: what the board must approve. */
      manifestDigest: string;
      /** How many approvals of the archived manifest were removed (re-approval needed). */
      approvalsCleared: number;
    }
  | { kind: 'refused'; message: string; fix: string; exitCode: 1 | 2 };

const encoder = new TextEncoder();
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Builds the rollback plan, or the reason it is refused (see the module comment). */
export function buildRollbackPlan(input: RollbackPlanInput): RollbackPlan {
  const refuse = (message: string, fix: string, exitCode: 1 | 2 = 2): RollbackPlan => ({
    kind: 'refused',
    message,
    fix,
    exitCode,
  });
  const reason = input.reason.trim();
  if (reason.length < input.minReasonLength) {
    return refuse(
      `the rollback reason is ${reason.length} character(s); the policy asks at least ${input.minReasonLength} (promotion.minReasonLength)`,
      'say why production goes back, e.g. --reason "AUC dropped 8% on live traffic since 2.4.0 (INC-1234)"',
    );
  }
  if (input.toVersion === input.current.version) {
    return refuse(
      `${input.current.model} ${input.toVersion} is already the release in force`,
      'name an archived earlier version with --to',
    );
  }
  const { target } = input;
  if (!target.manifest) {
    const known = input.archivedVersions.length > 0 ? input.archivedVersions.join(', ') : 'none';
    return refuse(
      `${input.current.model} ${input.toVersion} is not archived (${target.dir}/manifest.json does not exist); archived versions: ${known}`,
      'roll back only to an archived release (mlgov log show --action archive lists them)',
    );
  }
  if (!target.checksums) {
    return refuse(
      `${target.dir}/checksums.sha256 is missing, so the restored release cannot be verified`,
      `restore ${target.dir}/ from git history`,
      1,
    );
  }
  let restored: unknown;
  try {
    restored = JSON.parse(Buffer.from(target.manifest).toString('utf8'));
  } catch (err) {
    return refuse(
      `${target.dir}/manifest.json is not valid JSON: ${(err as Error).message}`,
      `restore ${target.dir}/ from git history`,
      1,
    );
  }
  if (!isObject(restored) || restored['version'] !== input.toVersion || restored['name'] !== input.current.model) {
    return refuse(
      `${target.dir}/manifest.json does not describe ${input.current.model} ${input.toVersion}`,
      `restore ${target.dir}/ from git history`,
      1,
    );
  }

  // Verify the restored release: every recorded digest must match the working tree.
  const sums = parseChecksums(Buffer.from(target.checksums).toString('utf8'));
  const problems: string[] = sums.invalid.map((l) => `${target.dir}/checksums.sha256 line ${l} does not parse`);
  for (const e of sums.entries) {
    const have = input.observed[e.path];
    if (have === undefined) problems.push(`${e.path} is missing`);
    else if (have !== e.sha256) problems.push(`${e.path} has sha256 ${have}, the archive records ${e.sha256}`);
  }
  if (problems.length > 0) {
    return refuse(
      `the files of ${input.current.model} ${input.toVersion} do not match ${target.dir}/checksums.sha256: ${problems.join('; ')}`,
      `restore that release's model files first (then sha256sum -c ${target.dir}/checksums.sha256 passes), and run the rollback again`,
      1,
    );
  }

  const replaced = input.replacedArchive;
  if (replaced.kind === 'conflict') {
    return refuse(
      `the release being replaced cannot be archived: ${replaced.message}`,
      'archived evidence is write-once; fix the archive first',
      1,
    );
  }
  if (replaced.kind === 'invalid')
    return refuse(`the release being replaced cannot be archived: ${replaced.message}`, replaced.fix, 1);

  const m = restored as unknown as Manifest;
  const approvalsCleared = Array.isArray(m.approvals) ? m.approvals.length : 0;
  // Key order is kept (JSON.parse keeps it); only `release` is replaced and `approvals` dropped.
  const next: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(restored)) {
    if (k === 'approvals') continue;
    next[k] = k === 'release' ? { type: 'rollback', reason, rollbackOf: input.current.version } : v;
  }
  if (!('release' in next)) next['release'] = { type: 'rollback', reason, rollbackOf: input.current.version };
  const declared = isObject(m.biasReport) ? m.biasReport.path : undefined;
  const reportPath = isSafeRelativePath(declared) ? declared : input.biasReportPath;

  const writes: FileWrite[] = [
    ...(replaced.kind === 'write' ? replaced.writes : []),
    { path: input.manifestPath, bytes: encoder.encode(JSON.stringify(next, null, 2) + '\n') },
    ...(target.biasReport ? [{ path: reportPath, bytes: target.biasReport }] : []),
  ];
  const digest = manifestDigest(next);
  const events: AuditEventInput[] = [
    ...(replaced.kind === 'write' ? replaced.events : []),
    {
      actor: input.actor,
      action: 'rollback',
      model: input.current.model,
      version: input.toVersion,
      reason,
      at: input.now.toISOString(),
      ...(typeof m.jira === 'string' ? { ticket: m.jira } : {}),
      details: {
        from: input.current.version,
        to: input.toVersion,
        restoredFrom: target.dir,
        manifestDigest: digest,
        approvalsCleared,
      },
    },
  ];
  return {
    kind: 'write',
    model: input.current.model,
    from: input.current.version,
    to: input.toVersion,
    writes,
    events,
    manifestDigest: digest,
    approvalsCleared,
  };
}
