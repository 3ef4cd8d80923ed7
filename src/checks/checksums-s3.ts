/**
 * The `checksums` check for an artifact in object storage (`s3://bucket/key[?versionId=…]`): the location is valid,
 * the object the store served is the version the manifest pins, and its size and SHA-256 (from S3's stored full-object
 * checksum or from the streamed bytes: see src/adapters/s3-object-store.ts) are the declared ones. Pure over the
 * observation `src/gate/gather-s3.ts` made. A store that could not be asked is "could not judge", never a pass.
 */
import { parseS3Url } from '../adapters/s3-location.js';
import type { Finding } from '../formats/finding.js';
import { error, indeterminate, warning } from '../formats/finding.js';
import { pointer } from '../formats/json-pointer.js';
import type { Manifest, ManifestArtifact } from '../formats/manifest.js';
import { at, type ParsedDocument } from '../formats/parsed-document.js';
import { observedObjects, type ObjectFailure, type ObservedObject } from '../release/object-facts.js';
import { bucketAllowed, type S3Policy } from '../policy/policy.js';
import type { ReleaseContext } from '../release/release-context.js';
import type { ArtifactRow } from '../release/report.js';
import { mlgovCommand } from './command-hint.js';

/** The note verifyObject gives for an unversioned bucket: the warning below says it, the row need not repeat it. */
const UNVERSIONED_NOTE = 'the bucket is not versioned';

/** Failures that mean the object the manifest names is not there. */
const GONE = new Set(['no-such-bucket', 'no-such-key', 'no-such-version', 'deleted']);

type Verified = Extract<ObservedObject, { kind: 'object' }>;

/** "s3://bucket/key (version V)" or "s3://bucket/key (unversioned)": what was verified, as messages name it. */
function objectName(o: Verified): string {
  return `s3://${o.bucket}/${o.key} (${o.versionId !== undefined ? `version ${o.versionId}` : 'unversioned'})`;
}

function failureFinding(label: string, path: string, f: ObjectFailure, where: Partial<Finding>): Finding {
  const message = `${label} "${path}" could not be verified: ${f.message}`;
  if (f.verdict === 'indeterminate') {
    // Credentials, permissions (the adapter names the IAM action), network, a store that misbehaves: nothing can be
    // claimed about the bytes.
    return indeterminate('ARTIFACT_S3_UNAVAILABLE', message, { ...where, fix: f.fix });
  }
  if (GONE.has(f.kind)) return error('ARTIFACT_S3_MISSING', message, { ...where, fix: f.fix });
  if (f.kind === 'digest-mismatch') return error('CHECKSUM_S3_STORED_MISMATCH', message, { ...where, fix: f.fix });
  return error('ARTIFACT_S3_TRUNCATED', message, { ...where, fix: f.fix });
}

/** The warnings a verified object carries: an unversioned bucket, or a versioned one the manifest does not pin. */
function versionFindings(
  ctx: Pick<ReleaseContext, 'governedName'>,
  label: string,
  a: ManifestArtifact,
  o: Verified,
  pinned: string | undefined,
  where: Partial<Finding>,
): Finding[] {
  if (o.versionId === undefined) {
    return [
      warning(
        'CHECKSUM_S3_UNVERSIONED',
        `${label} "${a.path}" is in bucket ${o.bucket}, which keeps no object versions: the bytes under this key can be replaced or deleted after approval, and an approval cannot name the bytes it approved.`,
        {
          ...where,
          fix: `Turn on versioning for bucket ${o.bucket} (or S3 Object Lock), upload the object again, then run \`${mlgovCommand(ctx, 'checksums --write')}\` to pin its versionId.`,
        },
      ),
    ];
  }
  if (pinned === undefined) {
    return [
      warning(
        'CHECKSUM_S3_NOT_PINNED',
        `${label} "${a.path}" names no version: version ${o.versionId} was verified, but a later upload under this key replaces what the manifest names.`,
        {
          ...where,
          fix: `Run \`${mlgovCommand(ctx, 'checksums --write')}\` to pin the versionId, and commit the manifest.`,
        },
      ),
    ];
  }
  return [];
}

/** Size and digest of a verified object against the manifest; the version against the one the manifest pins. */
function compareVerified(
  ctx: Pick<ReleaseContext, 'governedName'>,
  doc: ParsedDocument<Manifest>,
  i: number,
  a: ManifestArtifact,
  o: Verified,
  pinned: string | undefined,
): Finding[] {
  const label = `Artifact ${i}`;
  const findings: Finding[] = [];
  const rewrite = `If the object is the intended one, run \`${mlgovCommand(ctx, 'checksums --write')}\` and commit the manifest (existing approvals then need renewing); otherwise upload the approved bytes again.`;
  if (pinned !== undefined && o.versionId !== pinned) {
    // The adapter refuses a store that ignores versionId; checked again here so no other object can stand in.
    findings.push(
      error(
        'CHECKSUM_S3_VERSION_MISMATCH',
        `${label} "${a.path}" pins version ${pinned}, but the store served ${objectName(o)}.`,
        { ...at(doc, pointer('artifacts', i, 'path')), fix: 'Use a store that honours versionId (docs/s3.md).' },
      ),
    );
  }
  const how = o.verifiedBy === 'stored-checksum' ? "S3's stored full-object SHA-256" : 'the SHA-256 of its bytes';
  if (o.size !== a.size) {
    findings.push(
      error('SIZE_MISMATCH', `${label} is declared as ${a.size} bytes, but ${objectName(o)} is ${o.size} bytes.`, {
        ...at(doc, pointer('artifacts', i, 'size')),
        fix: rewrite,
      }),
    );
  }
  if (a.sha256.toLowerCase() !== o.sha256) {
    findings.push(
      error(
        'CHECKSUM_MISMATCH',
        `${label} is declared with SHA-256 ${a.sha256}, but ${how} of ${objectName(o)} is ${o.sha256}.`,
        { ...at(doc, pointer('artifacts', i, 'sha256')), fix: rewrite },
      ),
    );
  }
  return findings;
}

/**
 * An artifact in a bucket the judging policy does not list. The bucket is the manifest's, so the PR author's, choice:
 * an object in a bucket they own would verify against whatever they uploaded, so its observation is not looked at.
 */
function bucketNotAllowed(
  ctx: Pick<ReleaseContext, 'governedName'>,
  s3: S3Policy | undefined,
  label: string,
  path: string,
  bucket: string,
  where: Partial<Finding>,
): Finding | undefined {
  if (bucketAllowed(s3, bucket)) return undefined;
  const allowed = s3?.buckets ?? [];
  return error(
    'ARTIFACT_S3_BUCKET_NOT_ALLOWED',
    `${label} "${path}" is in bucket ${bucket}, which the judging policy's s3.buckets does not list (${allowed.length ? allowed.join(', ') : 'none'}): an object in a bucket of the author's choosing proves nothing.`,
    {
      ...where,
      fix: `Upload the artifact to an allowed bucket and run \`${mlgovCommand(ctx, 'checksums --write')}\`; a new bucket is added to s3.buckets in a policy change of its own, reviewed by the board.`,
    },
  );
}

/** The check for one `s3://` artifact: its findings, and its row in the details (how it was verified). */
export function compareObject(
  ctx: Pick<ReleaseContext, 'governedName' | 'files'>,
  s3: S3Policy | undefined,
  doc: ParsedDocument<Manifest>,
  i: number,
  a: ManifestArtifact,
  rows: ArtifactRow[],
): Finding[] {
  const label = `Artifact ${i}`;
  const where = at(doc, pointer('artifacts', i, 'path'));
  const parsed = parseS3Url(a.path);
  if (!parsed.ok) {
    rows.push({ path: a.path, lfs: false, status: 'invalid-location' });
    return [
      error('ARTIFACT_S3_LOCATION_INVALID', `${label} "${a.path}" is not a valid S3 location: ${parsed.problem}.`, {
        ...where,
        fix: 'Write s3://bucket/path/to/object, optionally pinned with ?versionId=…; the key is taken literally (docs/s3.md).',
      }),
    ];
  }
  const refused = bucketNotAllowed(ctx, s3, label, a.path, parsed.location.bucket, where);
  if (refused) {
    rows.push({ path: a.path, lfs: false, status: 'invalid-location' });
    return [refused];
  }
  const observed = observedObjects(ctx.files)[a.path];
  if (!observed) {
    rows.push({ path: a.path, lfs: false, status: 'unavailable' });
    return [
      indeterminate('ARTIFACT_NOT_OBSERVED', `${label} "${a.path}" was not examined, so it could not be verified.`, {
        ...where,
        fix: 'Run the gate again; if this persists, report it as an mlgov bug.',
      }),
    ];
  }
  if (observed.kind === 'object-failure') {
    const f = observed.failure;
    rows.push({ path: a.path, lfs: false, status: f.verdict === 'indeterminate' ? 'unavailable' : 'missing' });
    return [failureFinding(label, a.path, f, where)];
  }
  const findings = compareVerified(ctx, doc, i, a, observed, parsed.location.versionId);
  const note = observed.notes.filter((n) => !n.startsWith(UNVERSIONED_NOTE)).join('; ');
  rows.push({
    path: a.path,
    size: observed.size,
    sha256: observed.sha256,
    lfs: false,
    verifiedBy: observed.verifiedBy,
    ...(note ? { verifiedNote: note } : {}),
    ...(observed.versionId !== undefined ? { versionId: observed.versionId } : {}),
    status: findings.length ? 'mismatch' : 'ok',
  });
  return [...findings, ...versionFindings(ctx, label, a, observed, parsed.location.versionId, where)];
}
