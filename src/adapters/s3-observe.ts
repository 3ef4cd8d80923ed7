/**
 * The manifest's `s3://` artifacts observed through the S3 port, as the release model carries them: size, SHA-256 and
 * version from the store's own full-object checksum or by streaming the bytes (`verifyObject`), or the failure that
 * kept an object from being observed. Shared by the gate (`src/gate/gather-s3.ts`, with the judging policy's
 * settings) and `mlgov checksums` (with the working tree's): one way to verify an object.
 */
import type { ObjectFailure, ObservedObject } from '../release/object-facts.js';
import {
  createS3ObjectStore,
  parseS3Url,
  verifyObject,
  type S3ClientOptions,
  type S3Failure,
  type S3Settings,
} from './s3-object-store.js';

export interface ObserveObjectsOptions {
  /** Where credentials and the endpoint variables come from (default: the process environment). */
  env?: Record<string, string | undefined>;
  /** Transport settings (tests shorten the retries). */
  client?: S3ClientOptions;
}

/** The adapter's failure as the release model carries it (no SDK type leaves the adapters). */
export function objectFailureOf(f: S3Failure): ObjectFailure {
  return {
    kind: f.kind,
    message: f.message,
    fix: f.fix,
    verdict: f.verdict,
    ...(f.missingAction ? { missingAction: f.missingAction } : {}),
  };
}

function invalidLocation(path: string, problem: string): ObjectFailure {
  return {
    kind: 'invalid-config',
    message: `"${path.slice(0, 200)}" is not a valid S3 location: ${problem}.`,
    fix: 'Write s3://bucket/path/to/object, optionally with ?versionId=… (docs/s3.md).',
    verdict: 'indeterminate',
  };
}

/**
 * Observes every `s3://` location in `paths`, keyed as written. Objects are verified one after another: the store's
 * throttling, not the gate, decides how fast a bucket is read, and each stream keeps memory flat. A store that cannot
 * be configured (a bad endpoint, half a key pair) makes every object "could not judge" with that cause.
 */
export async function observeS3Objects(
  paths: readonly string[],
  settings: S3Settings | undefined,
  options: ObserveObjectsOptions = {},
): Promise<Record<string, ObservedObject>> {
  const result: Record<string, ObservedObject> = {};
  if (paths.length === 0) return result;
  const configured = createS3ObjectStore(options.env ?? process.env, settings ?? {}, options.client ?? {});
  try {
    for (const path of new Set(paths)) {
      const parsed = parseS3Url(path);
      if (!parsed.ok) {
        result[path] = { kind: 'object-failure', path, failure: invalidLocation(path, parsed.problem) };
        continue;
      }
      const verified =
        configured.kind === 'configured' ? await verifyObject(configured.store, parsed.location) : configured;
      result[path] =
        verified.kind === 'verified'
          ? {
              kind: 'object',
              path,
              bucket: verified.location.bucket,
              key: verified.location.key,
              ...(verified.location.versionId !== undefined ? { versionId: verified.location.versionId } : {}),
              size: verified.size,
              sha256: verified.sha256,
              verifiedBy: verified.method,
              notes: verified.notes,
            }
          : { kind: 'object-failure', path, failure: objectFailureOf(verified) };
    }
  } finally {
    if (configured.kind === 'configured') configured.store.close();
  }
  return result;
}
