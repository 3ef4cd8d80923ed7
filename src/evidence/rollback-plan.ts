/**
 * Planning a rollback (`mlgov rollback --to VERSION --reason TEXT`): pure. Restores an archived release as the
 * current one.
 *
 * What is restored: the archived `bias-report.json` byte for byte, and the archived `manifest.json` with exactly
 * two changes:
 * - `release` becomes `{ type: "rollback", reason, rollbackOf: <the version replaced> }`, so the gate knows this is
 *   a rollback (the promotion check then skips the metric gates but still wants a reason);
 * - `approvals` is **removed**. An approval is bound to the manifest digest, and editing `release` changes that
 *   digest, so the old approvals could not count anyway; keeping them would only produce digest-mismatch findings.
 *   The governance board re-approves the rollback itself (`mlgov approve`), which is what the policy asks for a
 *   change of the production model. The old approvals stay on record in the archive's manifest and evidence.json.
 * The bias report's own approval is bound to the report's digest, which does not change: it stays valid.
 *
 * Where: only to the policy's paths — the manifest to `model.manifest`, the report to `model.biasReport` (an
 * archived manifest that names another report path is refused, never followed), the replaced release's archive
 * under `model.archiveDir`. A path an archived document names is never a write target.
 *
 * What is trusted: nothing the archive folder says about itself. The target archive is read from the **base
 * revision** (a folder only in the working tree, or one whose working-tree copy differs, is refused), its
 * `manifest.json` must be a manifest that was in force on the base branch's first-parent history (an archive of a
 * version that never existed is refused), its `evidence.json` must be there, and its `checksums.sha256` must
 * **cover** every file the rollback restores or relies on — the archived manifest and bias report copies and every
 * artifact the archived manifest lists, each with the digest the manifest declares — with every line matching the
 * working tree once the model files are restored. An empty or partial record is refused, naming the uncovered files.
 * The model files not already in place are written back from git at the commit the archive records, each verified
 * against that record (`rollback-restore.ts`; without its facts they must already be present). The target is always read from its primary archive
 * folder (`<archiveDir>/<model>/<version>/`; `rollback-…` folders beside it are archives of earlier rollbacks). The
 * release being replaced is archived first (write-once, as `mlgov archive`; when it is itself a rollback it goes to
 * its own `rollback-…` folder). An `s3://` artifact is not restored: the version the archive names must still be in
 * the store (HeadObject, gathered by `rollback-run.ts`). Refusals change nothing.
 */
import { parseS3Url } from '../adapters/s3-location.js';
import { biasReportBindingMatches, boundReportFileOf } from '../formats/bias-report-binding.js';
import { manifestDigest, sha256Hex } from '../formats/canonical-digest.js';
import type { Manifest } from '../formats/manifest.js';
import type { AuditEventInput } from './audit-log.js';
import type { ArchiveObjectHead, ArchivePlan, FileWrite } from './archive-plan.js';
import { isSafeRelativePath, parseChecksums } from './archive-plan.js';
import { planRestore, type RestoredFile, type RestoreInput } from './rollback-restore.js';
import { isObject } from '../formats/json-object.js';

/** One archive folder's files (undefined: absent). */
export interface ArchiveFolderFiles {
  manifest?: Uint8Array;
  biasReport?: Uint8Array;
  checksums?: Uint8Array;
  evidence?: Uint8Array;
}

export interface RollbackPlanInput {
  toVersion: string;
  reason: string;
  minReasonLength: number;
  /** The release in force (being replaced). */
  current: { model: string; version: string };
  /** The archive folder of the target version as the **base revision** holds it. */
  target: { dir: string } & ArchiveFolderFiles;
  /** Names of the target folder's files whose working-tree copy is missing or differs from the base's. */
  workingTreeDiffers: string[];
  /** Whether the target's archived manifest (its exact bytes) was in force on the base's first-parent history. */
  releasedOnBase: boolean;
  /** The base revision, for messages. */
  baseRef: string;
  /** Versions archived for the model (for the message when the target is unknown). */
  archivedVersions: string[];
  /** Digest of each path named in the target's checksums.sha256, as found in the working tree (undefined: missing). */
  observed: Record<string, string | undefined>;
  /** Paths of the checksum record that were not read, and why (outside the repository, a link, not a file). */
  refused?: Record<string, string>;
  /** The plan archiving the release being replaced. */
  replacedArchive: ArchivePlan;
  /**
   * What HeadObject answered for each `s3://` artifact of the target's archived manifest (its path as archived, so
   * the version it pins). Objects are not restored: each archived version must still be in the store.
   */
  objects?: Record<string, ArchiveObjectHead>;
  /**
   * The facts for restoring the archived release's model files from git (`rollback-restore.ts`). Without them the
   * model files must already be in the working tree with the archived digests (nothing is restored).
   */
  restore?: RestoreInput;
  /** The policy's paths: the only places the restored manifest and bias report are written. */
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
      /** Every path the checksum record verified (the files the rollback restores or relies on). */
      verified: string[];
      /** The model files written back from git (also in `writes`), each verified against the archived record. */
      restored: RestoredFile[];
      /** The model files already in the working tree with the archived digests. */
      inPlace: string[];
      /** The commit the restored model files were read from (the one the archive records), when any were. */
      restoredFromCommit?: string;
    }
  | { kind: 'refused'; message: string; fix: string; exitCode: 1 | 2 };

type Refusal = Extract<RollbackPlan, { kind: 'refused' }>;

const encoder = new TextEncoder();
const refusal = (message: string, fix: string, exitCode: 1 | 2 = 2): Refusal => ({
  kind: 'refused',
  message,
  fix,
  exitCode,
});

/** Builds the rollback plan, or the reason it is refused (see the module comment). */
export function buildRollbackPlan(input: RollbackPlanInput): RollbackPlan {
  const reason = input.reason.trim();
  const early = refuseRequest(input, reason);
  if (early) return early;
  const archived = readTargetArchive(input);
  if (archived.kind === 'refused') return archived;
  const restored = archived.manifest;
  const covered = checkCoverage(input, restored);
  if (covered.kind === 'refused') return covered;
  const objects = checkArchivedObjects(input, restored);
  if (objects.kind === 'refused') return objects;
  // A record that disagrees with the archived manifest is reported as it is, before anything is read from git.
  const files = input.restore && covered.problems.length === 0 ? planRestore(input.restore) : undefined;
  if (files?.kind === 'refused') return files;
  const modelFiles = new Set([
    ...(files ? [...files.inPlace, ...files.restores.map((r) => r.path)] : []),
    ...objects.paths,
  ]);
  const verified = checkObserved(input, covered.problems, modelFiles);
  if (verified.kind === 'refused') return verified;

  const replaced = input.replacedArchive;
  if (replaced.kind === 'conflict') {
    return refusal(
      `the release being replaced cannot be archived: ${replaced.message}`,
      'archived evidence is write-once; fix the archive first',
      1,
    );
  }
  if (replaced.kind === 'invalid')
    return refusal(`the release being replaced cannot be archived: ${replaced.message}`, replaced.fix, 1);

  const m = restored as unknown as Manifest;
  const approvalsCleared = Array.isArray(m.approvals) ? m.approvals.length : 0;
  const next = rolledBackManifest(restored, reason, input.current.version);

  const { target } = input;
  const writes: FileWrite[] = [
    ...(files?.restores ?? []).map((r) => ({ path: r.path, bytes: r.bytes })),
    ...(replaced.kind === 'write' ? replaced.writes : []),
    { path: input.manifestPath, bytes: encoder.encode(JSON.stringify(next, null, 2) + '\n') },
    ...(target.biasReport ? [{ path: input.biasReportPath, bytes: target.biasReport }] : []),
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
        ...(files?.commit !== undefined
          ? { modelFilesFrom: files.commit, modelFilesRestored: files.restores.map((r) => r.path) }
          : {}),
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
    verified: verified.paths,
    restored: files?.restores ?? [],
    inPlace: files?.inPlace ?? [],
    ...(files?.commit !== undefined ? { restoredFromCommit: files.commit } : {}),
  };
}

/** The archived manifest as the rollback restores it: `release` replaced, `approvals` dropped, key order kept. */
function rolledBackManifest(
  restored: Record<string, unknown>,
  reason: string,
  rollbackOf: string,
): Record<string, unknown> {
  const next: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(restored)) {
    if (k === 'approvals') continue;
    next[k] = k === 'release' ? { type: 'rollback', reason, rollbackOf } : v;
  }
  if (!('release' in next)) next['release'] = { type: 'rollback', reason, rollbackOf };
  return next;
}

/** Refusals that need no archive: a short reason, the version already in force. */
function refuseRequest(input: RollbackPlanInput, reason: string): Refusal | undefined {
  if (reason.length < input.minReasonLength) {
    return refusal(
      `the rollback reason is ${reason.length} character(s); the policy asks at least ${input.minReasonLength} (promotion.minReasonLength)`,
      'say why production goes back, e.g. --reason "AUC dropped 8% on live traffic since 2.4.0 (INC-1234)"',
    );
  }
  if (input.toVersion === input.current.version) {
    return refusal(
      `${input.current.model} ${input.toVersion} is already the release in force`,
      'name an archived earlier version with --to',
    );
  }
  return undefined;
}

/**
 * The target archive as the base holds it, and its manifest: it must exist on the base (not only in the working
 * tree), be unchanged in the working tree, be complete, describe the version asked for, have been in force on the
 * base, and keep its bias report where the policy says.
 */
function readTargetArchive(input: RollbackPlanInput): { kind: 'ok'; manifest: Record<string, unknown> } | Refusal {
  const { target, current, toVersion, baseRef } = input;
  const restoreFix = `restore ${target.dir}/ from the base branch (git checkout ${baseRef} -- ${target.dir})`;
  if (!target.manifest) {
    if (!input.workingTreeDiffers.includes('manifest.json')) {
      const known = input.archivedVersions.length > 0 ? input.archivedVersions.join(', ') : 'none';
      return refusal(
        `${current.model} ${toVersion} is not archived (${target.dir}/manifest.json does not exist); archived versions: ${known}`,
        'roll back only to an archived release (mlgov log show --action archive lists them)',
      );
    }
    return refusal(
      `${target.dir}/ is not on the base revision ${baseRef}: only an archive the base branch holds can be restored, never one that exists only in the working tree`,
      'roll back only to a release archived on the base branch (mlgov log show --action archive lists them)',
      1,
    );
  }
  if (input.workingTreeDiffers.length > 0) {
    return refusal(
      `${target.dir}/ in the working tree differs from the base revision ${baseRef} (${input.workingTreeDiffers.join(', ')})`,
      restoreFix,
      1,
    );
  }
  const missing = (['checksums', 'evidence'] as const).filter((k) => !target[k]);
  if (missing.length > 0) {
    const names = missing.map((k) => (k === 'checksums' ? 'checksums.sha256' : 'evidence.json')).join(' and ');
    return refusal(`${target.dir}/ lacks ${names}, so the restored release cannot be verified`, restoreFix, 1);
  }
  let restored: unknown;
  try {
    restored = JSON.parse(Buffer.from(target.manifest).toString('utf8'));
  } catch (err) {
    return refusal(`${target.dir}/manifest.json is not valid JSON: ${(err as Error).message}`, restoreFix, 1);
  }
  if (!isObject(restored) || restored['version'] !== toVersion || restored['name'] !== current.model) {
    return refusal(`${target.dir}/manifest.json does not describe ${current.model} ${toVersion}`, restoreFix, 1);
  }
  if (!input.releasedOnBase) {
    return refusal(
      `${target.dir}/manifest.json was never the release in force on ${baseRef}: no first-parent commit of the base branch had this manifest at ${input.manifestPath}, so ${current.model} ${toVersion} is not a release that can be rolled back to`,
      `remove ${target.dir}/ (it is not evidence of a release) and roll back to a version the base branch released`,
      1,
    );
  }
  const declared = isObject(restored['biasReport']) ? restored['biasReport']['path'] : undefined;
  if (declared !== undefined && declared !== input.biasReportPath) {
    return refusal(
      `${target.dir}/manifest.json names the bias report ${isSafeRelativePath(declared) ? declared : JSON.stringify(declared)}, not the policy's ${input.biasReportPath}; a rollback writes only to the policy's paths`,
      `roll back to a release whose bias report is ${input.biasReportPath}, or change model.biasReport in the policy through a reviewed pull request`,
      1,
    );
  }
  return { kind: 'ok', manifest: restored };
}

/**
 * Every `s3://` artifact of the archived manifest is still in the store, as the exact version it names: a release
 * whose approved bytes are gone cannot be rolled back to (the gate would fail it, and it would be evidence lost). A
 * version that is gone is refused (exit 1) naming the object and version; a store that could not be asked is
 * "could not check" (exit 2), never a pass. An unversioned object cannot be told from a later upload under its key:
 * the gate verifies its bytes against the restored manifest in the rollback's pull request.
 */
function checkArchivedObjects(
  input: RollbackPlanInput,
  restored: Record<string, unknown>,
): { kind: 'ok'; paths: string[] } | Refusal {
  const { target, current, toVersion } = input;
  const artifacts = Array.isArray(restored['artifacts']) ? restored['artifacts'] : [];
  const paths: string[] = [];
  const gone: string[] = [];
  for (const a of artifacts) {
    if (!isObject(a) || typeof a['path'] !== 'string' || !a['path'].startsWith('s3://')) continue;
    const path = a['path'];
    const pinned = parseS3Url(path);
    const head = input.objects?.[path];
    if (!pinned.ok) return refusal(`${target.dir}/manifest.json names "${path}": ${pinned.problem}`, S3_DOC, 1);
    if (head === undefined) return refusal(`${path} was not looked up in the store`, 'report it as an mlgov bug');
    if (head.kind === 'failure' && head.verdict === 'indeterminate') {
      return refusal(
        `could not check that ${path} (archived in ${target.dir}/) still exists: ${head.message}`,
        head.fix,
      );
    }
    const version = pinned.location.versionId;
    if (head.kind === 'failure') gone.push(`${path}: ${head.message}`);
    else if (version !== undefined && head.versionId !== version)
      gone.push(`${path}: the store answered for version ${head.versionId ?? '(none)'}`);
    else if (typeof a['size'] === 'number' && head.size !== a['size'])
      gone.push(`${path}: ${head.size} bytes in the store, ${String(a['size'])} archived`);
    paths.push(path);
  }
  if (gone.length > 0) {
    return refusal(
      `the object versions ${current.model} ${toVersion} was approved with are no longer in the store (a bucket lifecycle rule or a delete removed evidence): ${gone.join('; ')}`,
      `restore each object version from a backup or replica (a new upload has a new versionId and is another release), or roll back to another version; keep noncurrent versions at least evidence.retentionYears (docs/s3.md)`,
      1,
    );
  }
  return { kind: 'ok', paths };
}

const S3_DOC = 'an archived s3:// artifact must be s3://bucket/key?versionId=… (docs/s3.md)';

/** What the checksum record must cover: the archived copies and every artifact, with the digest each must have. */
function requiredCoverage(
  input: RollbackPlanInput,
  restored: Record<string, unknown>,
): { required: Array<{ path: string; sha256: string }>; problems: string[] } {
  const { target } = input;
  const problems: string[] = [];
  const required = [{ path: `${target.dir}/manifest.json`, sha256: sha256Hex(target.manifest!) }];
  if (target.biasReport)
    required.push({ path: `${target.dir}/bias-report.json`, sha256: sha256Hex(target.biasReport) });
  const report = isObject(restored['biasReport']) ? restored['biasReport'] : undefined;
  if (report && !target.biasReport) problems.push(`${target.dir}/bias-report.json is missing`);
  if (
    report &&
    target.biasReport &&
    report['sha256'] !== undefined &&
    !biasReportBindingMatches(report['sha256'], boundReportFileOf(`${target.dir}/bias-report.json`, target.biasReport))
  )
    problems.push(`${target.dir}/bias-report.json is not the bias report the archived manifest declares`);
  const artifacts = Array.isArray(restored['artifacts']) ? restored['artifacts'] : [];
  if (artifacts.length === 0) problems.push(`${target.dir}/manifest.json lists no artifacts`);
  for (const [i, a] of artifacts.entries()) {
    if (!isObject(a) || !isSafeRelativePath(a['path']) || typeof a['sha256'] !== 'string') {
      problems.push(`${target.dir}/manifest.json /artifacts/${i} has no usable path and sha256`);
      continue;
    }
    required.push({ path: a['path'], sha256: a['sha256'] });
  }
  return { required, problems };
}

/**
 * The archived checksum record covers every required file with the digest it must have. An empty or partial record
 * is refused, naming what it leaves uncovered; other problems with the record are returned for {@link checkObserved}
 * to report with the files' own.
 */
function checkCoverage(
  input: RollbackPlanInput,
  restored: Record<string, unknown>,
): { kind: 'ok'; problems: string[] } | Refusal {
  const { target, current, toVersion } = input;
  const record = `${target.dir}/checksums.sha256`;
  const sums = parseChecksums(Buffer.from(target.checksums!).toString('utf8'));
  const { required, problems } = requiredCoverage(input, restored);
  problems.push(...sums.invalid.map((l) => `${record} line ${l} does not parse`));
  const recorded = new Map<string, string>();
  for (const e of sums.entries) {
    if (recorded.has(e.path) && recorded.get(e.path) !== e.sha256) problems.push(`${record} records ${e.path} twice`);
    recorded.set(e.path, e.sha256);
  }
  const uncovered = required.filter((r) => !recorded.has(r.path)).map((r) => r.path);
  if (uncovered.length > 0) {
    return refusal(
      `${record} does not cover every file of ${current.model} ${toVersion} (${sums.entries.length === 0 ? 'it is empty' : `${sums.entries.length} line(s)`}); not covered: ${uncovered.join(', ')}`,
      `restore ${target.dir}/ from the base branch; an archive written by mlgov archive records every artifact and both copies`,
      1,
    );
  }
  for (const r of required) {
    if (recorded.get(r.path) !== r.sha256)
      problems.push(
        `${record} records ${r.path} as ${recorded.get(r.path)}, the archived release declares ${r.sha256}`,
      );
  }
  return { kind: 'ok', problems };
}

/**
 * Every line of the record matches the working tree, except the model files the restore plan already verified
 * (`modelFiles`: in place, or written back from git with the archived digest).
 */
function checkObserved(
  input: RollbackPlanInput,
  problems: string[],
  modelFiles: Set<string>,
): { kind: 'ok'; paths: string[] } | Refusal {
  const { target, current, toVersion } = input;
  const record = `${target.dir}/checksums.sha256`;
  const entries = parseChecksums(Buffer.from(target.checksums!).toString('utf8')).entries;
  for (const e of entries) {
    if (modelFiles.has(e.path)) continue;
    const refused = input.refused?.[e.path];
    const have = input.observed[e.path];
    if (refused !== undefined) problems.push(`${e.path} was not read: ${refused}`);
    else if (have === undefined) problems.push(`${e.path} is missing`);
    else if (have !== e.sha256) problems.push(`${e.path} has sha256 ${have}, the archive records ${e.sha256}`);
  }
  if (problems.length > 0) {
    return refusal(
      `the files of ${current.model} ${toVersion} do not match ${record}: ${problems.join('; ')}`,
      `restore ${record}'s files from the base branch or artifact storage (then sha256sum -c ${record} passes), and run the rollback again`,
      1,
    );
  }
  return { kind: 'ok', paths: [...new Set(entries.map((e) => e.path))] };
}
