import { posix } from 'node:path';
import { isS3Url } from '../adapters/s3-location.js';
import { reportContentSha256 } from '../formats/canonical-digest.js';
import type { Finding } from '../formats/finding.js';
import { error, indeterminate, notice, warning } from '../formats/finding.js';
import { pointer } from '../formats/json-pointer.js';
import type { Manifest } from '../formats/manifest.js';
import type { Policy } from '../policy/policy.js';
import { at, type ParsedDocument } from '../formats/parsed-document.js';
import { statusOf } from '../release/report.js';
import type { ArtifactRow, CheckResultOf } from '../release/report.js';
import type { ObjectVerification } from '../release/object-facts.js';
import type { FileVerification, ObservedFile, ReleaseContext } from '../release/release-context.js';
import type { Check } from './check.js';
import { compareObject } from './checksums-s3.js';
import { mlgovCommand } from './command-hint.js';

export type { ArtifactRow } from '../release/report.js';

/** The reason the hashing engine gives for files it skipped after `--fail-fast` stopped (file-hasher.ts). */
const NOT_HASHED_PREFIX = 'not hashed:';

/** Where in the manifest an entry sits and how to speak of it in messages. */
interface Subject {
  label: string;
  pathPtr: string;
  sha256Ptr: string;
  sizePtr?: string;
  path: string;
  sha256: string;
  size?: number;
  mismatchCode: string;
  /**
   * The bias report's content form (docs/formats.md, `biasReport.sha256`): a declared digest equal to it matches as
   * well as the file's digest does; absent for artifacts and for a report that did not parse cleanly.
   */
  contentSha256?: string;
}

function normalized(path: string): string {
  return posix.normalize(path);
}

/** Findings for one file that could not be compared (anything but a regular file that was read). */
function unavailableFindings(doc: ParsedDocument<Manifest>, s: Subject, observed: ObservedFile): Finding[] {
  const where = at(doc, s.pathPtr);
  switch (observed.kind) {
    case 'file':
      return [];
    case 'missing':
      return [
        error('ARTIFACT_MISSING', `${s.label} "${s.path}" does not exist in the repository.`, {
          ...where,
          fix: 'Commit the file (for large files, with Git LFS) or correct the path in the manifest.',
        }),
      ];
    case 'outside-repository':
      return [
        error('PATH_OUTSIDE_REPOSITORY', `${s.label} path "${s.path}" leaves the repository: ${observed.reason}.`, {
          ...where,
          fix: 'Use a repository-relative path with forward slashes to a file inside the repository (no "..", no absolute path, no symlink leading out).',
        }),
      ];
    case 'not-a-file':
      return [
        error('ARTIFACT_NOT_A_FILE', `${s.label} "${s.path}" is a ${observed.what}, not a regular file.`, {
          ...where,
          fix: 'List each file separately in the manifest; directories, pipes and devices cannot be checksummed.',
        }),
      ];
    case 'unreadable':
      if (observed.reason.startsWith(NOT_HASHED_PREFIX)) {
        // Fail-fast already produced an error; this file was simply not looked at.
        return [notice('ARTIFACT_NOT_HASHED', `${s.label} "${s.path}" was ${observed.reason}.`, where)];
      }
      return [
        error('ARTIFACT_UNREADABLE', `${s.label} "${s.path}" could not be read: ${observed.reason}.`, {
          ...where,
          fix: 'Make the file readable by the CI user and make sure no symlink along its path loops.',
        }),
      ];
  }
}

/** Compares one declared file with what was observed; adds a table row. */
function compare(
  ctx: Pick<ReleaseContext, 'governedName'>,
  doc: ParsedDocument<Manifest>,
  s: Subject,
  observed: ObservedFile | undefined,
  rows: ArtifactRow[],
): Finding[] {
  if (!observed) {
    rows.push({ path: s.path, lfs: false, status: 'unreadable' });
    // Fail closed: the gatherer did not look at a file the manifest names, so nothing can be claimed about it.
    return [
      indeterminate(
        'ARTIFACT_NOT_OBSERVED',
        `${s.label} "${s.path}" was not examined, so its checksum could not be verified.`,
        {
          ...at(doc, s.pathPtr),
          fix: 'Run the gate again; if this persists, report it as an mlgov bug.',
        },
      ),
    ];
  }
  if (observed.kind !== 'file') {
    const status =
      observed.kind === 'unreadable' && observed.reason.startsWith(NOT_HASHED_PREFIX) ? 'not-hashed' : observed.kind;
    rows.push({ path: s.path, lfs: false, status });
    return unavailableFindings(doc, s, observed);
  }
  const findings: Finding[] = [];
  const lfs = observed.lfs !== undefined;
  const what = lfs ? `the Git LFS pointer's` : `the file's`;
  if (s.size !== undefined && s.sizePtr !== undefined && observed.size !== s.size) {
    findings.push(
      error(
        'SIZE_MISMATCH',
        `${s.label} "${s.path}" is declared as ${s.size} bytes, but ${what} size is ${observed.size} bytes.`,
        {
          ...at(doc, s.sizePtr),
          fix: `If the change is intended, run \`${mlgovCommand(ctx, 'checksums --write')}\` and commit the manifest; otherwise restore the file.`,
        },
      ),
    );
  }
  const declared = s.sha256.toLowerCase();
  if (declared !== observed.sha256 && declared !== s.contentSha256) {
    const content = s.contentSha256 ? ` and its content digest (without approvals) is ${s.contentSha256}` : '';
    findings.push(
      error(
        s.mismatchCode,
        `${s.label} "${s.path}" is declared with SHA-256 ${s.sha256}, but ${what} ${lfs ? 'oid' : 'digest'} is ${observed.sha256}${content}.`,
        {
          ...at(doc, s.sha256Ptr),
          fix: `If the change is intended, run \`${mlgovCommand(ctx, 'checksums --write')}\` and commit the manifest (existing approvals then need renewing); otherwise restore the file.`,
        },
      ),
    );
  }
  rows.push({
    path: s.path,
    size: observed.size,
    sha256: observed.sha256,
    lfs,
    ...(observed.verifiedBy ? { verifiedBy: observed.verifiedBy } : {}),
    ...(observed.verifiedNote ? { verifiedNote: observed.verifiedNote } : {}),
    status: findings.length ? 'mismatch' : 'ok',
  });
  return findings;
}

/**
 * `checksums`: every artifact and the bias report exist inside the repository with the declared size and SHA-256
 * (a Git LFS pointer is compared by its oid and size; the bias report by its content form or its bytes, see
 * src/formats/bias-report-binding.ts). Also flags duplicate artifact entries and, as warnings,
 * files in the model folders that the manifest does not list.
 */
export function runChecksums(ctx: ReleaseContext, policy: Policy): CheckResultOf<'checksums'> {
  const doc = ctx.manifest;
  const m = doc.value as Manifest;
  const findings: Finding[] = [];
  const rows: ArtifactRow[] = [];
  const firstIndex = new Map<string, number>();

  m.artifacts.forEach((a, i) => {
    const key = normalized(a.path);
    const first = firstIndex.get(key);
    if (first !== undefined) {
      rows.push({ path: a.path, lfs: false, status: 'duplicate' });
      findings.push(
        error(
          'DUPLICATE_ARTIFACT_PATH',
          `Artifact ${i} "${a.path}" names the same file as artifact ${first} ("${m.artifacts[first]!.path}").`,
          {
            ...at(doc, pointer('artifacts', i, 'path')),
            fix: 'List each file once.',
          },
        ),
      );
      return;
    }
    firstIndex.set(key, i);
    if (isS3Url(a.path)) {
      // The judging policy's store settings: its `s3.buckets` decides where an artifact may live.
      findings.push(...compareObject(ctx, policy.s3, doc, i, a, rows));
      return;
    }
    findings.push(
      ...compare(
        ctx,
        doc,
        {
          label: `Artifact ${i}`,
          path: a.path,
          sha256: a.sha256,
          size: a.size,
          pathPtr: pointer('artifacts', i, 'path'),
          sha256Ptr: pointer('artifacts', i, 'sha256'),
          sizePtr: pointer('artifacts', i, 'size'),
          mismatchCode: 'CHECKSUM_MISMATCH',
        },
        ctx.files.observed[a.path],
        rows,
      ),
    );
  });

  const reportRows: ArtifactRow[] = [];
  findings.push(...compareBiasReport(ctx, doc, m, reportRows));

  for (const path of ctx.files.unlisted) {
    findings.push(
      warning('UNLISTED_FILE', `"${path}" lies in a model folder but is not listed in the manifest's artifacts.`, {
        file: path,
        fix: `Add it to "artifacts" in ${doc.file} (then run \`${mlgovCommand(ctx, 'checksums --write')}\`) or remove it from the repository.`,
      }),
    );
  }

  return {
    id: 'checksums',
    status: statusOf(findings),
    summary: summaryOf([...rows, ...reportRows], m.artifacts.length, ctx.files.unlisted.length),
    findings,
    details: { artifacts: rows, biasReport: reportRows[0], unlisted: ctx.files.unlisted },
  };
}

/** The manifest's binding of the bias report (`biasReport.sha256`, in either form) compared with the report. */
function compareBiasReport(
  ctx: ReleaseContext,
  doc: ParsedDocument<Manifest>,
  m: Manifest,
  rows: ArtifactRow[],
): Finding[] {
  const subject: Subject = {
    label: 'The bias report',
    path: m.biasReport.path,
    sha256: m.biasReport.sha256,
    pathPtr: '/biasReport/path',
    sha256Ptr: '/biasReport/sha256',
    mismatchCode: 'BIAS_REPORT_CHECKSUM_MISMATCH',
    ...reportContent(ctx, m.biasReport.path),
  };
  return compare(ctx, doc, subject, ctx.files.observed[m.biasReport.path], rows);
}

/**
 * The content form of the bias report the manifest names, from the gathered report when it is that very file (same
 * path, same bytes) and parsed cleanly; otherwise only the file's digest can bind it.
 */
function reportContent(ctx: ReleaseContext, path: string): { contentSha256?: string } {
  const report = ctx.biasReport;
  const observed = ctx.files.observed[path];
  if (!report || observed?.kind !== 'file' || normalized(report.file) !== normalized(path)) return {};
  if (report.sha256 !== observed.sha256 || report.problems.length > 0) return {};
  const value: unknown = report.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return { contentSha256: reportContentSha256(value) };
}

/** The check's one-line summary: how many files match, then how they were verified. */
function summaryOf(all: ArtifactRow[], artifacts: number, unlisted: number): string {
  const bad = all.filter((r) => r.status !== 'ok').length;
  const how = verificationSummary(all);
  const what =
    bad === 0
      ? `${artifacts} artifact${artifacts === 1 ? '' : 's'} and the bias report match their declared size and SHA-256` +
        (unlisted ? `; ${unlisted} unlisted file(s)` : '')
      : `${bad} of ${artifacts + 1} file(s) do not match the manifest`;
  return what + (how ? ` (${how})` : '');
}

/** How each way of verifying a file (or an s3:// object) is named in reports, in the order they are listed. */
export const VERIFICATION_LABELS: Record<FileVerification | ObjectVerification, string> = {
  hashed: 'hashed',
  'lfs-index': 'from the Git LFS pointer in the index',
  'lfs-pointer-file': 'from a Git LFS pointer file',
  'hash-cache': 'from the local hash cache',
  'stored-checksum': "from S3's stored full-object SHA-256",
  streamed: 'streamed from S3',
};

/**
 * How the files were verified, e.g. "2 hashed, 3 from the Git LFS pointer in the index, 1 from the local hash
 * cache"; empty when nothing was verified. Files git could have vouched for but that were hashed are named with why.
 */
export function verificationSummary(
  rows: Array<{ path: string; verifiedBy?: FileVerification | ObjectVerification; verifiedNote?: string }>,
): string {
  const counts = new Map<FileVerification | ObjectVerification, number>();
  for (const r of rows) if (r.verifiedBy) counts.set(r.verifiedBy, (counts.get(r.verifiedBy) ?? 0) + 1);
  const parts = (Object.keys(VERIFICATION_LABELS) as Array<FileVerification | ObjectVerification>)
    .filter((k) => counts.has(k))
    .map((k) => `${counts.get(k)} ${VERIFICATION_LABELS[k]}`);
  // One line per reason, naming the file when there is one (with --rehash every file shares the reason).
  const byReason = new Map<string, string[]>();
  for (const r of rows) {
    if (r.verifiedNote && r.verifiedBy === 'hashed')
      byReason.set(r.verifiedNote, [...(byReason.get(r.verifiedNote) ?? []), r.path]);
  }
  const notes = [...byReason].map(
    ([reason, paths]) => `${paths.length === 1 ? paths[0] : `${paths.length} files`} hashed: ${reason}`,
  );
  // An object is streamed for its own reason (composite checksum, none stored, an untrusted store): one line each.
  const streamed = rows.flatMap((r) =>
    r.verifiedBy === 'streamed' && r.verifiedNote ? [`${r.path} streamed: ${r.verifiedNote}`] : [],
  );
  return [parts.join(', '), ...notes, ...streamed].filter(Boolean).join('; ');
}

export const checksumsCheck: Check<'checksums'> = {
  id: 'checksums',
  title: 'Artifacts and the bias report match their declared size and SHA-256',
  needs: ['manifest'],
  run: (ctx, policy) => runChecksums(ctx, policy),
};
