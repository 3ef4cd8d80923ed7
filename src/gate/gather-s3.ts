/**
 * The artifacts a manifest writes as `s3://bucket/key[?versionId=…]`, observed for the gate. The store is configured
 * from the JUDGING policy's `s3` section (the base's: a pull request cannot point the gate at a store of its own, nor
 * make it trust a store's checksums) and the environment (credentials, AWS_ENDPOINT_URL_S3, AWS_REGION).
 */
import { isS3Url, parseS3Url } from '../adapters/s3-location.js';
import { observeS3Objects, type ObserveObjectsOptions } from '../adapters/s3-observe.js';
import { bucketAllowed, type S3Policy } from '../policy/policy.js';
import type { ObservedObject } from '../release/object-facts.js';

export type S3GatherOptions = ObserveObjectsOptions;

/** The manifest's artifact paths that name objects (`s3://`), in order, each once. */
export function objectPaths(paths: readonly string[]): string[] {
  return [...new Set(paths.filter(isS3Url))];
}

/**
 * Every `s3://` artifact of the judged release, verified through the judging policy's store. An object in a bucket
 * the judging policy's `s3.buckets` does not list is never asked for: the bucket is the author's choice, and a
 * request to it would let them watch the gate, or stream it a huge object (the check refuses it unobserved).
 */
export async function observeObjects(
  paths: readonly string[],
  judgingSettings: S3Policy | undefined,
  options: S3GatherOptions = {},
): Promise<Record<string, ObservedObject>> {
  const asked = objectPaths(paths).filter((path) => {
    const parsed = parseS3Url(path);
    return !parsed.ok || bucketAllowed(judgingSettings, parsed.location.bucket);
  });
  return observeS3Objects(asked, judgingSettings, options);
}
