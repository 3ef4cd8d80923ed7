/**
 * The plan of `mlgov checksums` (docs/design.md: plan, then apply): which files a manifest declares, how each compares
 * with what is on disk, and for `--write` the new manifest text with the observed sizes and digests. Pure: the
 * observed files in, rows and plan out; `checksums-run.ts` does the reading and the writing.
 */
import { formatS3Url } from '../adapters/s3-location.js';
import { manifestDigest } from '../formats/canonical-digest.js';
import { pointer } from '../formats/json-pointer.js';
import { editJsonText } from '../formats/json-text-edit.js';
import type { ManifestApproval } from '../formats/manifest.js';
import type { ParsedDocument } from '../formats/parsed-document.js';
import type { ObservedObject } from '../release/object-facts.js';
import type { ObservedFile } from '../release/release-context.js';
import { EvidenceError } from './evidence-error.js';
import { isObject } from '../formats/json-object.js';

/** How a declared file compares with the file on disk (or an s3:// object with the store's answer). */
export type FileStatus =
  | 'ok'
  | 'mismatch'
  | 'missing'
  | 'outside-repository'
  | 'not-a-file'
  | 'unreadable'
  | 'not-hashed'
  /** An s3:// object the store could not be asked about (credentials, permissions, network, a bad location). */
  | 'unavailable';

/** What was observed of a declared file: a file in the repository, or an object in S3 (`s3://`). */
export type Observation = ObservedFile | ObservedObject;

/** What the manifest declares of one file. */
export interface DeclaredFile {
  role: 'artifact' | 'bias-report';
  path: string;
  /** Pointers of the entry's members in the manifest. */
  sha256Pointer: string;
  sizePointer?: string;
  declared: { sha256?: string; size?: number };
}

/** One line of the table: a manifest entry, what it declares and what was found. */
export interface ChecksumRow extends DeclaredFile {
  observed: Observation;
  status: FileStatus;
  /**
   * The bias report's content form (the canonical report without approvals: src/formats/bias-report-binding.ts),
   * when the report read is the file observed and parsed cleanly; `--write` writes it, so a later fairness review
   * (an approval added to the report) leaves the manifest digest, and the board's approvals, unchanged.
   */
  contentSha256?: string;
}

/** One member the write plan changes. */
export interface ManifestChange {
  pointer: string;
  from: unknown;
  to: string | number;
}

/** A declared digest and size against an observed one, as the `checksums` check compares them. */
function matches(
  observed: { sha256: string; size: number },
  declared: { sha256?: string; size?: number },
  contentSha256?: string,
): boolean {
  const sha = declared.sha256?.toLowerCase();
  const shaOk = sha !== undefined && (sha === observed.sha256 || sha === contentSha256);
  return shaOk && (declared.size === undefined || declared.size === observed.size);
}

/** What `--write` would do: the new manifest text and the approvals it voids. */
export interface ChecksumsWritePlan {
  changes: ManifestChange[];
  text: string;
  digestBefore: string;
  digestAfter: string;
  /** Approvals that no longer count because the manifest digest changes. */
  voidedApprovals: ManifestApproval[];
}

/**
 * How a declared file compares with the observed one: the same comparison as the `checksums` check (the digest
 * case-insensitively, the size when declared; for a Git LFS pointer the object it names; for the bias report its
 * content form as well as its bytes).
 */
export function fileStatusOf(
  observed: Observation,
  declared: { sha256?: string; size?: number },
  contentSha256?: string,
): FileStatus {
  switch (observed.kind) {
    case 'file':
      return matches(observed, declared, contentSha256) ? 'ok' : 'mismatch';
    case 'object':
      return matches(observed, declared) ? 'ok' : 'mismatch';
    case 'object-failure':
      // Not there is a finding about the manifest; anything else (403, no credentials...) is could not judge.
      return observed.failure.verdict === 'fail' ? 'missing' : 'unavailable';
    case 'unreadable':
      return observed.reason.startsWith('not hashed:') ? 'not-hashed' : 'unreadable';
    default:
      return observed.kind;
  }
}

/**
 * The manifest's entries with their declared values; artifacts first, then the bias report. An artifact without a
 * path is an error (exit 2): nothing can be hashed for it.
 */
export function declaredFiles(manifest: Record<string, unknown>): DeclaredFile[] {
  const entries: DeclaredFile[] = [];
  const artifacts = Array.isArray(manifest['artifacts']) ? manifest['artifacts'] : [];
  artifacts.forEach((a: unknown, i) => {
    if (!isObject(a) || typeof a['path'] !== 'string') {
      throw new EvidenceError(
        `artifacts[${i}] in the manifest has no "path"`,
        'Give every artifact a repository-relative "path".',
      );
    }
    entries.push({
      role: 'artifact',
      path: a['path'],
      sha256Pointer: pointer('artifacts', i, 'sha256'),
      sizePointer: pointer('artifacts', i, 'size'),
      declared: {
        ...(typeof a['sha256'] === 'string' ? { sha256: a['sha256'] } : {}),
        ...(typeof a['size'] === 'number' ? { size: a['size'] } : {}),
      },
    });
  });
  const report = manifest['biasReport'];
  if (isObject(report) && typeof report['path'] === 'string') {
    entries.push({
      role: 'bias-report',
      path: report['path'],
      sha256Pointer: '/biasReport/sha256',
      declared: typeof report['sha256'] === 'string' ? { sha256: report['sha256'] } : {},
    });
  }
  return entries;
}

/**
 * The rows of the table: each declared file with what was observed of it. `reportContent` is the bias report's
 * content form, given only for the bytes it was computed from (a report rewritten in between is judged by its bytes).
 */
export function checksumRows(
  declared: DeclaredFile[],
  observed: Record<string, Observation>,
  reportContent?: { sha256: string; contentSha256: string },
): ChecksumRow[] {
  return declared.map((e) => {
    const o = observed[e.path] ?? { kind: 'unreadable', path: e.path, reason: 'not examined' };
    const content =
      e.role === 'bias-report' && o.kind === 'file' && reportContent?.sha256 === o.sha256
        ? reportContent.contentSha256
        : undefined;
    return {
      ...e,
      observed: o,
      status: fileStatusOf(o, e.declared, content),
      ...(content !== undefined ? { contentSha256: content } : {}),
    };
  });
}

/** A file that is not a regular file, in words ("missing", "a directory, not a file"...). */
export function describeObserved(observed: Observation): string {
  switch (observed.kind) {
    case 'file':
      return 'a file';
    case 'object':
      return 'an object';
    case 'object-failure':
      return `not verified: ${observed.failure.message} (${observed.failure.fix})`;
    case 'missing':
      return 'missing';
    case 'outside-repository':
      return `outside the repository (${observed.reason})`;
    case 'not-a-file':
      return `a ${observed.what}, not a file`;
    case 'unreadable':
      return `unreadable (${observed.reason})`;
  }
}

/**
 * Plans `--write`: the declared size and SHA-256 of every artifact set to what was observed, and a bias report
 * binding that does not hold set to the report's content form (its bytes' digest when it did not parse). Throws an EvidenceError (exit 2) when any file could not be observed as a regular file inside the
 * repository, so nothing is written from a partial picture.
 */
export function buildChecksumsWritePlan(doc: ParsedDocument, text: string, rows: ChecksumRow[]): ChecksumsWritePlan {
  const refused = rows.filter((r) => r.observed.kind !== 'file' && r.observed.kind !== 'object');
  if (refused.length > 0) {
    throw new EvidenceError(
      `not writing checksums: ${refused.map((r) => `${r.path} is ${describeObserved(r.observed)}`).join('; ')}; nothing was written`,
      'Fix the paths in the manifest (repository-relative, inside the repository) and make sure every file exists, then run `mlgov checksums --write` again.',
    );
  }
  const before = doc.value as Record<string, unknown>;
  const updated = structuredClone(before) as Record<string, unknown> & {
    artifacts?: unknown[];
    biasReport?: Record<string, unknown>;
  };
  const changes: ManifestChange[] = [];
  for (const row of rows) {
    if (row.observed.kind === 'object') {
      changes.push(...objectChanges(row, row.observed, updated.artifacts));
      continue;
    }
    if (row.observed.kind !== 'file') continue;
    const target =
      row.role === 'artifact'
        ? (updated.artifacts?.[Number(row.sha256Pointer.split('/')[2])] as Record<string, unknown>)
        : updated.biasReport!;
    if (row.role === 'artifact' && target['size'] !== row.observed.size) {
      changes.push({ pointer: row.sizePointer!, from: target['size'], to: row.observed.size });
      target['size'] = row.observed.size;
    }
    if (row.role === 'bias-report') {
      // A binding that holds (either form) is left as it is: rewriting it would void approvals for nothing.
      const to = row.contentSha256 ?? row.observed.sha256;
      if (row.status !== 'ok' && target['sha256'] !== to) {
        changes.push({ pointer: row.sha256Pointer, from: target['sha256'], to });
        target['sha256'] = to;
      }
    } else if (target['sha256'] !== row.observed.sha256) {
      changes.push({ pointer: row.sha256Pointer, from: target['sha256'], to: row.observed.sha256 });
      target['sha256'] = row.observed.sha256;
    }
  }
  const digestBefore = manifestDigest(before);
  const digestAfter = manifestDigest(updated);
  const approvals = Array.isArray(before['approvals']) ? (before['approvals'] as ManifestApproval[]) : [];
  return {
    changes,
    text: changes.length === 0 ? text : editJsonText(doc, text, changes, updated),
    digestBefore,
    digestAfter,
    voidedApprovals: digestBefore === digestAfter ? [] : approvals,
  };
}

/**
 * The members `--write` sets for an s3:// artifact: size and SHA-256 as verified, and the version the store served
 * when the manifest does not pin one yet, so the manifest (and the approvals of it) name those exact bytes.
 */
function objectChanges(
  row: ChecksumRow,
  o: Extract<ObservedObject, { kind: 'object' }>,
  artifacts: unknown[] | undefined,
): ManifestChange[] {
  const index = Number(row.sha256Pointer.split('/')[2]);
  const target = artifacts?.[index] as Record<string, unknown>;
  const changes: ManifestChange[] = [];
  const set = (member: string, to: string | number): void => {
    if (target[member] === to) return;
    changes.push({ pointer: pointer('artifacts', index, member), from: target[member], to });
    target[member] = to;
  };
  if (o.versionId !== undefined && !row.path.includes('?')) {
    set('path', formatS3Url({ bucket: o.bucket, key: o.key, versionId: o.versionId }));
  }
  set('size', o.size);
  set('sha256', o.sha256);
  return changes;
}
