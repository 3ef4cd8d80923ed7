/**
 * Planning an archive of a release (`mlgov archive`; README "Evidence and audits"): pure. Given the release's manifest and bias
 * report bytes (from the base revision) and what is already in its archive folder, decide what to write and which
 * audit event to append — or that nothing is to be done, or that it must refuse.
 *
 * The archive of a release is four files:
 * - `manifest.json`, `bias-report.json`: byte copies of the release's files;
 * - `checksums.sha256`: GNU `sha256sum` format (`<hex>  <repo-relative path>`), one line per model artifact with
 *   the digest the release declared, then the two copies above; `sha256sum -c` run from the repository root
 *   verifies it while that release's artifact files are present at their paths; an `s3://` artifact's line names its
 *   location with the version (`sha256sum -c --ignore-missing` skips it; docs/s3.md);
 * - `evidence.json`: the index: digests and sizes of the other three files, source commit, Jira key, approvals,
 *   archive time and actor, tool version and the retention date (`evidence.retentionYears`), and for `s3://`
 *   artifacts the object versions (`objects`: bucket, key, versionId, size, sha256) the store confirmed (HeadObject).
 *
 * Where: the first time version X is superseded its evidence goes to the primary folder `<archiveDir>/<model>/<X>/`.
 * A later release of the same version X can only come from `mlgov rollback --to X`: the bias report is restored
 * byte for byte, but the manifest comes back with `release: {type: "rollback", …}` and re-given approvals, so it
 * cannot be written over the primary copy. Such a release is archived, when it is superseded in turn, in
 * `<archiveDir>/<model>/<X>/rollback-<first 12 hex of its manifestDigest>/` (the same four files; `evidence.json`
 * also records `rollbackOf` and `restoredFrom`, the primary folder it restores). The folder name follows from the
 * content, so archiving stays idempotent and write-once. Only a release whose `release.type` is `rollback` and whose
 * artifacts (path and sha256) and bias report bytes are those of the primary archive may go there; any other
 * release that differs from the primary archive is a write-once conflict naming the differing file.
 *
 * Write-once: a file that exists with other bytes is never overwritten (the plan is a conflict). Idempotent: when
 * every file is there with the same content and the log already has the `archive` event for that folder, the plan
 * is `unchanged`. A crash part-way is completed by the next run (only missing files are written, the event is
 * appended if absent).
 */
import { parseS3Url } from '../adapters/s3-location.js';
import { canonicalJson, manifestDigest, reportDigest, sha256Hex } from '../formats/canonical-digest.js';
import type { Manifest } from '../formats/manifest.js';
import { archiveFolder } from '../release/release-locator.js';
import type { AuditEventInput } from './audit-log.js';
import { isObject } from '../formats/json-object.js';

/** Names of the files in one release's archive folder, in write order (evidence.json last: it marks completion). */
export const ARCHIVE_FILES = ['manifest.json', 'bias-report.json', 'checksums.sha256', 'evidence.json'] as const;
export type ArchiveFileName = (typeof ARCHIVE_FILES)[number];

/** The release to archive, as read from a revision. */
export interface ArchiveSource {
  /** The commit the files were read from. */
  commit: string;
  manifestPath: string;
  manifestBytes: Uint8Array;
  biasReportPath: string;
  /** Undefined when the release has no bias report file (recorded as such in evidence.json). */
  biasReportBytes?: Uint8Array;
}

export interface ArchivePlanInput {
  source: ArchiveSource;
  /** Repository-relative archive root (policy `model.archiveDir`). */
  archiveDir: string;
  /** What is already in the release's primary archive folder (`<archiveDir>/<model>/<version>/`), by file name. */
  existing: Partial<Record<ArchiveFileName, Uint8Array>>;
  /**
   * What is already in the release's rollback folder, by file name, when the plan archives there (the caller reads
   * it once a plan has named that folder, see `planArchiveOfSource`); absent means empty.
   */
  existingRollback?: Partial<Record<ArchiveFileName, Uint8Array>>;
  /** Whether the audit log already holds the `archive` event for the folder the plan archives to. */
  alreadyLogged: boolean;
  now: Date;
  actor: string;
  retentionYears: number;
  toolVersion: string;
  /**
   * What HeadObject answered, at archive time, for each `s3://` artifact, keyed by its path as written (gathered by
   * `headArchivedObjects` in archive-store.ts). A release with an `s3://` artifact not in here is not archived.
   */
  objects?: Record<string, ArchiveObjectHead>;
}

/** What the store answered for an `s3://` artifact when the release was archived. */
export type ArchiveObjectHead =
  /** `versionId` absent: the bucket keeps no versions. */
  | { kind: 'found'; versionId?: string; size: number }
  | { kind: 'failure'; message: string; fix: string; verdict: 'fail' | 'indeterminate' };

/** An `s3://` artifact as `evidence.json` records it: the exact object version the release named. */
export interface ArchivedObject {
  /** The artifact's path as the manifest writes it (with `?versionId=` when pinned). */
  path: string;
  bucket: string;
  key: string;
  /** null: an unversioned bucket (the bytes under the key can be replaced; the archive names the risk). */
  versionId: string | null;
  size: number;
  sha256: string;
}

export interface FileWrite {
  /** Repository-relative path. */
  path: string;
  bytes: Uint8Array;
}

export type ArchivePlan =
  /** `restores`: for a rollback release archived in a `rollback-…` folder, the primary folder it restored. */
  /** `warnings`: risks the archive names but does not refuse (an `s3://` artifact in an unversioned bucket). */
  | { kind: 'unchanged'; model: string; version: string; dir: string; restores?: string; warnings?: string[] }
  | {
      kind: 'write';
      model: string;
      version: string;
      dir: string;
      restores?: string;
      writes: FileWrite[];
      events: AuditEventInput[];
      warnings?: string[];
    }
  /** Archived evidence exists and differs: refused (write-once). */
  | { kind: 'conflict'; model: string; version: string; dir: string; file: string; message: string }
  /** The release cannot be archived as it is (unparsable manifest, unsafe name, missing digests). */
  | { kind: 'invalid'; message: string; fix: string };

/** The evidence index written as `evidence.json`. */
export interface EvidenceIndex {
  schemaVersion: '1.0';
  model: { name: string; version: string };
  release: Manifest['release'] | null;
  /** in-toto DigestSet name for the commit the release was read from. */
  source: { gitCommit: string; manifest: string; biasReport: string };
  jira: string | null;
  manifestDigest: string;
  reportDigest: string | null;
  approvals: unknown[];
  biasReportApprovals: unknown[];
  /** The archived files other than evidence.json itself. */
  files: Array<{ name: string; path: string; sha256: string; size: number }>;
  /** The model artifacts as the release declared them. */
  artifacts: Array<{ path: string; sha256: string; size: number }>;
  /** The `s3://` artifacts among them, with the object version each names (absent: the release has none). */
  objects?: ArchivedObject[];
  archivedAt: string;
  archivedBy: string;
  tool: { name: 'mlgov'; version: string };
  retention: { years: number; until: string };
  /** Rollback archives only: the version the rollback replaced (`release.rollbackOf`). */
  rollbackOf?: string | null;
  /** Rollback archives only: the primary archive folder the rollback restored. */
  restoredFrom?: string;
}

export { isSafeRelativePath } from '../adapters/repository-path.js';

/** A model name or version usable as one folder name. */
export function isSafeSegment(s: unknown): s is string {
  return typeof s === 'string' && /^[A-Za-z0-9._+-]+$/.test(s) && s !== '.' && s !== '..';
}

/** A repository-relative path `sha256sum -c` can read back unescaped (no newline or backslash, no `..`). */
function isChecksumPath(p: unknown): p is string {
  return (
    typeof p === 'string' && p.length > 0 && !p.startsWith('/') && !/[\n\r\\\0]/.test(p) && !p.split('/').includes('..')
  );
}

/** The folder a release is archived in: the release locator's answer. */
export { archiveFolder };

/** The `rollback-<first 12 hex of the manifest digest>` folder name of a rollback release. */
export function rollbackFolderName(digest: string): string {
  return `rollback-${digest.replace(/^sha256:/, '').slice(0, 12)}`;
}

/**
 * The folder a rollback release of a version is archived in, beside the primary archive it restored:
 * `<archiveDir>/<model>/<version>/rollback-<digest12>` (`digest` is its `manifestDigest`).
 */
export function rollbackArchiveFolder(archiveDir: string, model: string, version: string, digest: string): string {
  return `${archiveFolder(archiveDir, model, version)}/${rollbackFolderName(digest)}`;
}

/** Whether a repository-relative folder is a rollback archive folder (`…/rollback-<12 hex>`). */
export function isRollbackFolder(dir: string): boolean {
  return /(^|\/)rollback-[0-9a-f]{12}$/.test(dir);
}

/**
 * Whether `events` hold the `archive` event of folder `dir` for the model and version. An event names its folder in
 * `details.dir`; for the primary folder any archive event of the version that does not name a rollback folder
 * counts (the version's first archive).
 */
export function isArchiveLogged(
  events: ReadonlyArray<{ action: string; model: string | null; version: string | null; details?: unknown }>,
  model: string,
  version: string,
  dir: string,
): boolean {
  return events.some((e) => {
    if (e.action !== 'archive' || e.model !== model || e.version !== version) return false;
    const logged = isObject(e.details) && typeof e.details['dir'] === 'string' ? e.details['dir'] : undefined;
    return isRollbackFolder(dir) ? logged === dir : logged === undefined || !isRollbackFolder(logged);
  });
}

/**
 * Why a rollback release cannot be archived beside the primary archive `existing` of its version, or undefined when
 * it may: its artifacts (path and sha256) and bias report bytes must be those of the primary archive.
 */
function rollbackDifference(
  primaryDir: string,
  existing: Partial<Record<ArchiveFileName, Uint8Array>>,
  artifacts: Array<{ path: string; sha256: string }>,
  biasReport: Uint8Array | undefined,
): { file: string; message: string } | undefined {
  const manifestFile = `${primaryDir}/manifest.json`;
  let archived: unknown;
  try {
    archived = JSON.parse(Buffer.from(existing['manifest.json']!).toString('utf8'));
  } catch {
    archived = undefined;
  }
  if (!isObject(archived) || !Array.isArray(archived['artifacts'])) {
    return {
      file: manifestFile,
      message: `${manifestFile} does not parse, so the rollback cannot be compared with it`,
    };
  }
  const want = new Map<string, unknown>();
  for (const a of archived['artifacts']) if (isObject(a)) want.set(String(a['path']), a['sha256']);
  const have = new Map(artifacts.map((a) => [a.path, a.sha256]));
  const differing = [...new Set([...want.keys(), ...have.keys()])].filter((p) => want.get(p) !== have.get(p)).sort();
  if (differing.length > 0) {
    const shown = differing.slice(0, 3).map((p) => {
      const w = want.get(p);
      const h = have.get(p);
      return h === undefined
        ? `${p} is not in the release`
        : w === undefined
          ? `${p} is not in the archive`
          : `${p} is ${h}, archived ${String(w)}`;
    });
    return {
      file: manifestFile,
      message: `the artifacts differ from ${manifestFile} (${shown.join('; ')}${differing.length > 3 ? `; ${differing.length - 3} more` : ''})`,
    };
  }
  const reportFile = `${primaryDir}/bias-report.json`;
  const archivedReport = existing['bias-report.json'];
  if (biasReport === undefined && archivedReport === undefined) return undefined;
  if (biasReport === undefined)
    return { file: reportFile, message: `the release has no bias report but ${reportFile} exists` };
  if (archivedReport === undefined) return { file: reportFile, message: `${reportFile} is missing` };
  if (!sameBytes(biasReport, archivedReport)) {
    return {
      file: reportFile,
      message: `the bias report (sha256 ${sha256Hex(biasReport)}) is not ${reportFile} (sha256 ${sha256Hex(archivedReport)})`,
    };
  }
  return undefined;
}

/** `YYYY-MM-DD` of `from` plus `years` (UTC; 29 Feb rolls to 1 Mar in a non-leap year, as Date does). */
export function retentionUntil(from: Date, years: number): string {
  const d = new Date(from.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/** GNU `sha256sum` text for `entries` (`<hex>  <path>`, one per line). */
export function formatChecksums(entries: Array<{ path: string; sha256: string }>): string {
  return entries.map((e) => `${e.sha256}  ${e.path}\n`).join('');
}

/** Parses GNU `sha256sum` text (text or binary mode marker); lines that do not parse are returned as `invalid`. */
export function parseChecksums(text: string): {
  entries: Array<{ path: string; sha256: string; line: number }>;
  invalid: number[];
} {
  const entries: Array<{ path: string; sha256: string; line: number }> = [];
  const invalid: number[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw === '') return;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(raw);
    if (m) entries.push({ sha256: m[1]!, path: m[2]!, line: i + 1 });
    else invalid.push(i + 1);
  });
  return { entries, invalid };
}

const encoder = new TextEncoder();
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** Builds the archive plan for a release (see the module comment). */
export function buildArchivePlan(input: ArchivePlanInput): ArchivePlan {
  const { source } = input;
  const parsed = readArchivableManifest(source);
  if ('kind' in parsed) return parsed;
  const m = parsed.manifest;
  const artifacts = checksumArtifacts(m, source.manifestPath);
  if ('kind' in artifacts) return artifacts;
  const objects = archivedObjects(artifacts.list, input.objects ?? {}, source.manifestPath);
  if ('kind' in objects) return objects;
  const placed = placeArchive(input, m, artifacts.list);
  if (placed.kind === 'conflict') return placed;
  const { dir, existing, restores } = placed;
  const model = m.name;
  const version = m.version;

  const filesToWrite = archivedFiles(source, artifacts.list, dir);
  const index = evidenceIndexOf(input, m, { dir, restores, artifacts: artifacts.list, filesToWrite });
  if (objects.list.length > 0) index.objects = objects.list;
  const writes = writesAgainst(existing, filesToWrite, index, { model, version, dir, commit: source.commit });
  if (!Array.isArray(writes)) return writes;
  const events: AuditEventInput[] = input.alreadyLogged ? [] : [archiveEvent(input, m, index, dir)];
  const where = {
    ...(restores !== undefined ? { restores } : {}),
    ...(objects.warnings.length > 0 ? { warnings: objects.warnings } : {}),
  };
  if (writes.length === 0 && events.length === 0) return { kind: 'unchanged', model, version, dir, ...where };
  return { kind: 'write', model, version, dir, ...where, writes, events };
}

/**
 * The `s3://` artifacts as archived objects, from what the store answered at archive time. The archive must name the
 * exact bytes the release approved: an artifact in a versioned bucket that the manifest does not pin is refused (the
 * key's current version may not be the approved one, and a later upload would change what the archive names), as is
 * a pinned version the store no longer has, or one of another size. An unversioned bucket cannot name a version at
 * all: archived with `versionId: null` and a warning naming the risk.
 */
function archivedObjects(
  artifacts: ArchivedArtifact[],
  heads: Record<string, ArchiveObjectHead>,
  manifestPath: string,
): { list: ArchivedObject[]; warnings: string[] } | ArchivePlan {
  const list: ArchivedObject[] = [];
  const warnings: string[] = [];
  for (const a of artifacts) {
    if (!a.path.startsWith('s3://')) continue;
    const parsed = parseS3Url(a.path);
    const head = heads[a.path];
    const refuse = (message: string, fix: string): ArchivePlan => ({ kind: 'invalid', message, fix });
    if (!parsed.ok) return refuse(`${manifestPath}: "${a.path}" is not a valid S3 location: ${parsed.problem}`, S3_FIX);
    const { bucket, key, versionId } = parsed.location;
    if (head === undefined) return refuse(`${a.path} was not looked up in the store`, 'report it as an mlgov bug');
    if (head.kind === 'failure') return refuse(`${a.path} cannot be archived: ${head.message}`, head.fix);
    if (versionId === undefined && head.versionId !== undefined) {
      return refuse(
        `${manifestPath}: ${a.path} is in a versioned bucket but names no version (the current one is ${head.versionId}), so the archive could not name the approved bytes`,
        'run mlgov checksums --write to pin the versionId, have the release approved and merged, then archive it',
      );
    }
    if (versionId !== undefined && head.versionId !== versionId) {
      return refuse(`${a.path}: the store answered for version ${head.versionId ?? '(none)'}`, S3_FIX);
    }
    if (head.size !== a.size) {
      return refuse(
        `${a.path} is ${head.size} bytes in the store, but the release declares ${a.size}`,
        'restore the approved object version, or release the object that is there',
      );
    }
    if (versionId === undefined) {
      warnings.push(
        `${a.path} is in bucket ${bucket}, which keeps no object versions: the archive cannot name the approved bytes, which can be replaced or deleted under the key; turn on versioning (or S3 Object Lock) and pin the version`,
      );
    }
    list.push({ path: a.path, bucket, key, versionId: versionId ?? null, size: a.size, sha256: a.sha256 });
  }
  return { list, warnings };
}

const S3_FIX = 'write s3://bucket/key?versionId=… and use a store that honours versionId (docs/s3.md)';

type ArchiveConflict = Extract<ArchivePlan, { kind: 'conflict' }>;

/** A refusal naming the differing file (`file`: its repository-relative path; the plan's folder is the file's). */
function conflictAt(model: string, version: string, file: string, message: string): ArchiveConflict {
  return { kind: 'conflict', model, version, dir: file.slice(0, file.lastIndexOf('/')), file, message };
}

/** The release's manifest, when it parses and has a name and version usable as folder names. */
function readArchivableManifest(source: ArchiveSource): { manifest: Manifest } | ArchivePlan {
  let manifest: unknown;
  try {
    manifest = JSON.parse(Buffer.from(source.manifestBytes).toString('utf8'));
  } catch (err) {
    return {
      kind: 'invalid',
      message: `${source.manifestPath} at ${source.commit.slice(0, 12)} is not valid JSON: ${(err as Error).message}`,
      fix: 'a release that does not parse cannot be archived; fix the base release first',
    };
  }
  if (!isObject(manifest) || !isSafeSegment(manifest['name']) || !isSafeSegment(manifest['version'])) {
    return {
      kind: 'invalid',
      message: `${source.manifestPath} at ${source.commit.slice(0, 12)} has no usable name and version (letters, digits, . _ + - only)`,
      fix: 'the archive folder is artifacts/<name>/<version>/: give the manifest a plain name and version',
    };
  }
  return { manifest: manifest as unknown as Manifest };
}

type ArchivedArtifact = { path: string; sha256: string; size: number };

/** The artifacts as checksum records: each needs a path `sha256sum -c` can read and a lowercase hex sha256. */
function checksumArtifacts(m: Manifest, manifestPath: string): { list: ArchivedArtifact[] } | ArchivePlan {
  const list: ArchivedArtifact[] = [];
  for (const [i, a] of (Array.isArray(m.artifacts) ? m.artifacts : []).entries()) {
    if (!isObject(a) || !isChecksumPath(a.path) || typeof a.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(a.sha256)) {
      return {
        kind: 'invalid',
        message: `${manifestPath} /artifacts/${i} has no usable path and lowercase hex sha256, so no checksum record can be written`,
        fix: 'run mlgov checksums --write on the release before archiving it',
      };
    }
    list.push({ path: a.path, sha256: a.sha256, size: typeof a.size === 'number' ? a.size : -1 });
  }
  return { list };
}

/**
 * Which folder: the primary one, unless it already holds another manifest of this version and this release is a
 * rollback restoring that archive (then its own content-addressed folder beside it, and what that folder holds).
 * Anything else that differs from the primary archive is refused later, naming the file (write-once).
 */
function placeArchive(
  input: ArchivePlanInput,
  m: Manifest,
  artifacts: ArchivedArtifact[],
):
  | { kind: 'placed'; dir: string; existing: ArchivePlanInput['existing']; restores: string | undefined }
  | ArchiveConflict {
  const { source, archiveDir } = input;
  const primaryDir = archiveFolder(archiveDir, m.name, m.version);
  const primary = { kind: 'placed' as const, dir: primaryDir, existing: input.existing, restores: undefined };
  const primaryManifest = input.existing['manifest.json'];
  if (primaryManifest === undefined || sameBytes(primaryManifest, source.manifestBytes)) return primary;
  if (!isObject(m.release) || m.release.type !== 'rollback') return primary;
  const differs = rollbackDifference(primaryDir, input.existing, artifacts, source.biasReportBytes);
  if (differs) {
    return conflictAt(
      m.name,
      m.version,
      differs.file,
      `${primaryDir}/ already holds ${m.name} ${m.version} and the release at ${source.commit.slice(0, 12)} is a rollback that does not restore it: ${differs.message}; only a rollback with the archived artifacts and bias report is archived beside it (in ${primaryDir}/rollback-…/), and archived evidence is write-once`,
    );
  }
  return {
    kind: 'placed',
    dir: rollbackArchiveFolder(archiveDir, m.name, m.version, manifestDigest(m)),
    existing: input.existingRollback ?? {},
    restores: primaryDir,
  };
}

/** The bytes of the archive's copies and its checksum file (the bias report copy only when the release has one). */
function archivedFiles(
  source: ArchiveSource,
  artifacts: ArchivedArtifact[],
  dir: string,
): Partial<Record<ArchiveFileName, Uint8Array>> {
  const filesToWrite: Partial<Record<ArchiveFileName, Uint8Array>> = { 'manifest.json': source.manifestBytes };
  if (source.biasReportBytes) filesToWrite['bias-report.json'] = source.biasReportBytes;
  const checksumEntries = [
    ...artifacts.map((a) => ({ path: a.path, sha256: a.sha256 })),
    { path: `${dir}/manifest.json`, sha256: sha256Hex(source.manifestBytes) },
    ...(source.biasReportBytes ? [{ path: `${dir}/bias-report.json`, sha256: sha256Hex(source.biasReportBytes) }] : []),
  ];
  filesToWrite['checksums.sha256'] = encoder.encode(formatChecksums(checksumEntries));
  return filesToWrite;
}

/** The `evidence.json` of the archive (see {@link EvidenceIndex}). */
function evidenceIndexOf(
  input: ArchivePlanInput,
  m: Manifest,
  archive: {
    dir: string;
    restores: string | undefined;
    artifacts: ArchivedArtifact[];
    filesToWrite: Partial<Record<ArchiveFileName, Uint8Array>>;
  },
): EvidenceIndex {
  const { source } = input;
  const { dir, restores, filesToWrite } = archive;
  let report: unknown;
  if (source.biasReportBytes) {
    try {
      report = JSON.parse(Buffer.from(source.biasReportBytes).toString('utf8'));
    } catch {
      report = undefined; // archived as bytes all the same; no report digest can be given
    }
  }
  const files = (['manifest.json', 'bias-report.json', 'checksums.sha256'] as const)
    .filter((name) => filesToWrite[name] !== undefined)
    .map((name) => ({
      name,
      path: `${dir}/${name}`,
      sha256: sha256Hex(filesToWrite[name]!),
      size: filesToWrite[name]!.length,
    }));
  return {
    schemaVersion: '1.0',
    model: { name: m.name, version: m.version },
    release: isObject(m.release) ? m.release : null,
    source: { gitCommit: source.commit, manifest: source.manifestPath, biasReport: source.biasReportPath },
    jira: typeof m.jira === 'string' ? m.jira : null,
    manifestDigest: manifestDigest(m),
    reportDigest: isObject(report) ? reportDigest(report) : null,
    approvals: Array.isArray(m.approvals) ? m.approvals : [],
    biasReportApprovals: isObject(report) && Array.isArray(report['approvals']) ? report['approvals'] : [],
    files,
    artifacts: archive.artifacts,
    archivedAt: input.now.toISOString(),
    archivedBy: input.actor,
    tool: { name: 'mlgov', version: input.toolVersion },
    retention: { years: input.retentionYears, until: retentionUntil(input.now, input.retentionYears) },
    ...(restores !== undefined
      ? {
          rollbackOf: isObject(m.release) && typeof m.release.rollbackOf === 'string' ? m.release.rollbackOf : null,
          restoredFrom: restores,
        }
      : {}),
  };
}

/**
 * Write-once: what is missing from the folder, compared with what is there. A file there with other bytes, a bias
 * report copy of a release without one, or an `evidence.json` recording other evidence is a conflict.
 */
function writesAgainst(
  existing: Partial<Record<ArchiveFileName, Uint8Array>>,
  filesToWrite: Partial<Record<ArchiveFileName, Uint8Array>>,
  index: EvidenceIndex,
  at: { model: string; version: string; dir: string; commit: string },
): FileWrite[] | ArchivePlan {
  const { model, version, dir } = at;
  const commit = at.commit.slice(0, 12);
  const writes: FileWrite[] = [];
  for (const name of ['manifest.json', 'bias-report.json', 'checksums.sha256'] as const) {
    const want = filesToWrite[name];
    const have = existing[name];
    const path = `${dir}/${name}`;
    if (want === undefined) {
      if (have !== undefined)
        return conflictAt(model, version, path, `${path} exists but the release at ${commit} has no bias report`);
      continue;
    }
    if (have === undefined) writes.push({ path, bytes: want });
    else if (!sameBytes(have, want)) {
      return conflictAt(
        model,
        version,
        path,
        `${path} already holds different evidence (sha256 ${sha256Hex(have)}; the release at ${commit} gives ${sha256Hex(want)}); archived evidence is write-once and is not overwritten`,
      );
    }
  }
  const haveIndex = existing['evidence.json'];
  if (haveIndex === undefined) {
    writes.push({ path: `${dir}/evidence.json`, bytes: encoder.encode(JSON.stringify(index, null, 2) + '\n') });
  } else if (indexEssence(haveIndex) !== indexEssence(index)) {
    return conflictAt(
      model,
      version,
      `${dir}/evidence.json`,
      `${dir}/evidence.json already records different evidence for ${model} ${version}; archived evidence is write-once and is not overwritten`,
    );
  }
  return writes;
}

/**
 * What two `evidence.json` must agree on: what was archived. The time, actor and tool of the first archive stay.
 * `e` is the index, or the bytes of one written before ('' when they do not parse).
 */
function indexEssence(e: EvidenceIndex | Uint8Array): string {
  let index: unknown = e;
  if (e instanceof Uint8Array) {
    try {
      index = JSON.parse(Buffer.from(e).toString('utf8'));
    } catch {
      index = undefined;
    }
  }
  return isObject(index)
    ? canonicalJson({
        model: index['model'],
        files: index['files'],
        artifacts: index['artifacts'],
        manifestDigest: index['manifestDigest'],
      })
    : '';
}

/** The `archive` audit event of the folder: the source commit, the folder and the digests of the files archived. */
function archiveEvent(input: ArchivePlanInput, m: Manifest, index: EvidenceIndex, dir: string): AuditEventInput {
  return {
    actor: input.actor,
    action: 'archive',
    model: m.name,
    version: m.version,
    at: input.now.toISOString(),
    ...(typeof m.jira === 'string' ? { ticket: m.jira } : {}),
    details: {
      sourceCommit: input.source.commit,
      dir,
      files: Object.fromEntries(index.files.map((f) => [f.name, f.sha256])),
      ...(index.restoredFrom !== undefined ? { rollbackOf: index.rollbackOf, restoredFrom: index.restoredFrom } : {}),
    },
  };
}
