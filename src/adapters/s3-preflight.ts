/**
 * Phase 0 for object storage: before the gate judges anything in a bucket, show that each bucket is reachable with
 * the credentials at hand and that each artifact is there — `HeadBucket` per bucket, then `HeadObject` per artifact —
 * one line per step, in the same shape as `mlgov preflight`'s steps. Only HEAD requests are sent: preflight never
 * writes to, or reads the bytes of, a bucket.
 */
import {
  formatS3Url,
  parseS3Url,
  type ObjectStore,
  type S3Failure,
  type S3Location,
  type S3ObjectHead,
} from './s3-object-store.js';

/** One diagnostic line (the shape of `PreflightStep` in the CLI's preflight). `fail` stops the run. */
export interface S3PreflightStep {
  id: string;
  title: string;
  status: 'ok' | 'warn' | 'fail';
  message: string;
  fix?: string;
}

function failed(id: string, title: string, f: S3Failure): S3PreflightStep {
  return { id, title, status: 'fail', message: f.message, fix: f.fix };
}

/**
 * Runs Phase 0 over the manifest's object-store locations (as written, e.g. `s3://models/v3/model.onnx`), or over
 * the failure that kept the store from being configured. Stops at the first hard failure, like `mlgov preflight`.
 * A bucket without `s3:ListBucket` is a warning (objects may still be readable; a missing key will then look like a
 * 403); an object in an unversioned bucket is a warning that names the risk.
 */
export async function runS3Preflight(
  store: { kind: 'configured'; store: ObjectStore } | S3Failure,
  locations: readonly string[],
): Promise<S3PreflightStep[]> {
  const steps: S3PreflightStep[] = [];
  if (store.kind !== 'configured') return [failed('s3', 'S3 connection', store)];
  steps.push({ id: 's3', title: 'S3 connection', status: 'ok', message: store.store.describe() });

  const parsed: S3Location[] = [];
  for (const raw of new Set(locations)) {
    const p = parseS3Url(raw);
    if (!p.ok) {
      steps.push({
        id: 's3-location',
        title: 'S3 location',
        status: 'fail',
        message: `"${raw.slice(0, 200)}" is not a valid S3 location: ${p.problem}.`,
        fix: 'Write s3://bucket/path/to/object, optionally with ?versionId=… (see docs/s3.md).',
      });
      return steps;
    }
    parsed.push(p.location);
  }

  for (const bucket of [...new Set(parsed.map((l) => l.bucket))]) {
    const step = await bucketStep(store.store, bucket);
    steps.push(step);
    if (step.status === 'fail') return steps;
  }
  for (const location of parsed) {
    const step = await objectStep(store.store, location);
    steps.push(step);
    if (step.status === 'fail') return steps;
  }
  return steps;
}

async function bucketStep(store: ObjectStore, bucket: string): Promise<S3PreflightStep> {
  const id = `s3-bucket:${bucket}`;
  const title = `S3 bucket ${bucket}`;
  const r = await store.headBucket(bucket);
  if (r.kind === 'ok') {
    return { id, title, status: 'ok', message: `reachable${r.region ? ` (region ${r.region})` : ''}` };
  }
  if (r.kind === 'forbidden' && r.missingAction === 's3:ListBucket') {
    return { id, title, status: 'warn', message: r.message, fix: r.fix };
  }
  return failed(id, title, r);
}

async function objectStep(store: ObjectStore, location: S3Location): Promise<S3PreflightStep> {
  const url = formatS3Url(location);
  const id = `s3-object:${url}`;
  const title = `S3 object ${url}`;
  const r = await store.headObject(location.bucket, location.key, location.versionId);
  if (r.kind !== 'ok') return failed(id, title, r);
  const head = r.head;
  const message = `${head.size} bytes; ${versionText(head)}; ${checksumText(head, store.trustsStoredChecksums)}`;
  if (head.location.versionId === undefined) {
    return {
      id,
      title,
      status: 'warn',
      message,
      fix: 'Turn on bucket versioning (and pin the manifest to the versionId) so approved bytes cannot be replaced or deleted.',
    };
  }
  return { id, title, status: 'ok', message };
}

function versionText(head: S3ObjectHead): string {
  return head.location.versionId !== undefined
    ? `version ${head.location.versionId}`
    : 'unversioned bucket: the bytes under this key can be replaced or deleted after approval';
}

function checksumText(head: S3ObjectHead, trusted: boolean): string {
  const c = head.checksum;
  if (!c) return 'no SHA-256 checksum stored: checksums will stream the object';
  if (c.type === 'FULL_OBJECT') {
    return trusted
      ? 'full-object SHA-256 stored: verified without a download'
      : 'full-object SHA-256 stored, but this store is not trusted with it: checksums will stream the object';
  }
  if (c.type === 'COMPOSITE') return 'composite (multipart) checksum: checksums will stream the object';
  return `stored checksum unusable (${c.reason}): checksums will stream the object`;
}
