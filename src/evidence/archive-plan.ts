/**
 * Planning an archive of a release (`mlgov archive`, DESIGN.md §3): pure. Given the release's manifest and bias
 * report bytes (from the base revision) and what is already in `artifacts/<model>/<version>/`, decide what to
 * write and which audit event to append — or that nothing is to be done, or that it must refuse.
 *
 * The archive of a release is four files:
 * - `manifest.json`, `bias-report.json`: byte copies of the release's files;
 * - `checksums.sha256`: GNU `sha256sum` format (`<hex>  <repo-relative path>`), one line per model artifact with
 *   the digest the release declared, then the two copies above; `sha256sum -c` run from the repository root
 *   verifies it while that release's artifact files are present at their paths;
 * - `evidence.json`: the index: digests and sizes of the other three files, source commit, Jira key, approvals,
 *   archive time and actor, tool version and the retention date (`evidence.retentionYears`).
 *
 * Write-once: a file that exists with other bytes is never overwritten (the plan is a conflict). Idempotent: when
 * every file is there with the same content and the log already has the `archive` event, the plan is `unchanged`.
 * A crash part-way is completed by the next run (only missing files are written, the event is appended if absent).
 */
import { canonicalJson, manifestDigest, reportDigest, sha256Hex } from '../formats/canonical-digest.js';
import type { Manifest } from '../formats/manifest.js';
import type { AuditEventInput } from './audit-log.js';

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
  /** What is already in the release's archive folder in the working tree, by file name. */
  existing: Partial<Record<ArchiveFileName, Uint8Array>>;
  /** Whether the audit log already holds an `archive` event for this model and version. */
  alreadyLogged: boolean;
  now: Date;
  actor: string;
  retentionYears: number;
  toolVersion: string;
}

export interface FileWrite {
  /** Repository-relative path. */
  path: string;
  bytes: Uint8Array;
}

export type ArchivePlan =
  | { kind: 'unchanged'; model: string; version: string; dir: string }
  | { kind: 'write'; model: string; version: string; dir: string; writes: FileWrite[]; events: AuditEventInput[] }
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
  archivedAt: string;
  archivedBy: string;
  tool: { name: 'mlgov'; version: string };
  retention: { years: number; until: string };
}

/** A repository-relative path that stays inside the repository (policy and manifest values are untrusted). */
export function isSafeRelativePath(p: unknown): p is string {
  return (
    typeof p === 'string' &&
    p.length > 0 &&
    !p.startsWith('/') &&
    !p.includes('\\') &&
    !p.includes('\0') &&
    !/[\n\r]/.test(p) &&
    !p.split('/').includes('..')
  );
}

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

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The folder a release is archived in. */
export function archiveFolder(archiveDir: string, model: string, version: string): string {
  return `${archiveDir.replace(/\/+$/, '')}/${model}/${version}`;
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
  const { source, archiveDir } = input;
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
  const m = manifest as unknown as Manifest;
  const model = m.name;
  const version = m.version;
  const dir = archiveFolder(archiveDir, model, version);

  const artifacts: Array<{ path: string; sha256: string; size: number }> = [];
  for (const [i, a] of (Array.isArray(m.artifacts) ? m.artifacts : []).entries()) {
    if (!isObject(a) || !isChecksumPath(a.path) || typeof a.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(a.sha256)) {
      return {
        kind: 'invalid',
        message: `${source.manifestPath} /artifacts/${i} has no usable path and lowercase hex sha256, so no checksum record can be written`,
        fix: 'run mlgov checksums --write on the release before archiving it',
      };
    }
    artifacts.push({ path: a.path, sha256: a.sha256, size: typeof a.size === 'number' ? a.size : -1 });
  }

  const manifestCopy = `${dir}/manifest.json`;
  const reportCopy = `${dir}/bias-report.json`;
  const filesToWrite: Partial<Record<ArchiveFileName, Uint8Array>> = { 'manifest.json': source.manifestBytes };
  if (source.biasReportBytes) filesToWrite['bias-report.json'] = source.biasReportBytes;
  const checksumEntries = [
    ...artifacts.map((a) => ({ path: a.path, sha256: a.sha256 })),
    { path: manifestCopy, sha256: sha256Hex(source.manifestBytes) },
    ...(source.biasReportBytes ? [{ path: reportCopy, sha256: sha256Hex(source.biasReportBytes) }] : []),
  ];
  filesToWrite['checksums.sha256'] = encoder.encode(formatChecksums(checksumEntries));

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
  const index: EvidenceIndex = {
    schemaVersion: '1.0',
    model: { name: model, version },
    release: isObject(m.release) ? m.release : null,
    source: { gitCommit: source.commit, manifest: source.manifestPath, biasReport: source.biasReportPath },
    jira: typeof m.jira === 'string' ? m.jira : null,
    manifestDigest: manifestDigest(m),
    reportDigest: isObject(report) ? reportDigest(report) : null,
    approvals: Array.isArray(m.approvals) ? m.approvals : [],
    biasReportApprovals: isObject(report) && Array.isArray(report['approvals']) ? report['approvals'] : [],
    files,
    artifacts,
    archivedAt: input.now.toISOString(),
    archivedBy: input.actor,
    tool: { name: 'mlgov', version: input.toolVersion },
    retention: { years: input.retentionYears, until: retentionUntil(input.now, input.retentionYears) },
  };

  // Write-once: compare what is there with what the release says.
  const writes: FileWrite[] = [];
  for (const name of ['manifest.json', 'bias-report.json', 'checksums.sha256'] as const) {
    const want = filesToWrite[name];
    const have = input.existing[name];
    if (want === undefined) {
      if (have !== undefined)
        return conflict(
          name,
          `${dir}/${name} exists but the release at ${source.commit.slice(0, 12)} has no bias report`,
        );
      continue;
    }
    if (have === undefined) writes.push({ path: `${dir}/${name}`, bytes: want });
    else if (!sameBytes(have, want)) {
      return conflict(
        name,
        `${dir}/${name} already holds different evidence (sha256 ${sha256Hex(have)}; the release at ${source.commit.slice(0, 12)} gives ${sha256Hex(want)}); archived evidence is write-once and is not overwritten`,
      );
    }
  }
  const haveIndex = input.existing['evidence.json'];
  if (haveIndex === undefined) {
    writes.push({ path: `${dir}/evidence.json`, bytes: encoder.encode(JSON.stringify(index, null, 2) + '\n') });
  } else {
    // The time, actor and tool of the first archive stay; what must agree is what was archived.
    let old: unknown;
    try {
      old = JSON.parse(Buffer.from(haveIndex).toString('utf8'));
    } catch {
      old = undefined;
    }
    const essence = (e: unknown) =>
      isObject(e)
        ? canonicalJson({
            model: e['model'],
            files: e['files'],
            artifacts: e['artifacts'],
            manifestDigest: e['manifestDigest'],
          })
        : '';
    if (essence(old) !== essence(index)) {
      return conflict(
        'evidence.json',
        `${dir}/evidence.json already records different evidence for ${model} ${version}; archived evidence is write-once and is not overwritten`,
      );
    }
  }

  const events: AuditEventInput[] = input.alreadyLogged
    ? []
    : [
        {
          actor: input.actor,
          action: 'archive',
          model,
          version,
          at: input.now.toISOString(),
          ...(typeof m.jira === 'string' ? { ticket: m.jira } : {}),
          details: {
            sourceCommit: source.commit,
            dir,
            files: Object.fromEntries(files.map((f) => [f.name, f.sha256])),
          },
        },
      ];
  if (writes.length === 0 && events.length === 0) return { kind: 'unchanged', model, version, dir };
  return { kind: 'write', model, version, dir, writes, events };

  function conflict(file: string, message: string): ArchivePlan {
    return { kind: 'conflict', model, version, dir, file: `${dir}/${file}`, message };
  }
}
