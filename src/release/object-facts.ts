/**
 * What the gate observed of the artifacts that live in object storage (`s3://bucket/key[?versionId=…]` in the
 * manifest): plain data gathered by `src/gate/gather-s3.ts` through the S3 adapter and judged by the pure `checksums`
 * check. Kept apart from `ObservedFile`: an object has a version and is verified by the store's checksum or by
 * streaming, and a store that cannot be asked is "could not judge", never "missing".
 */
import type { FileFacts } from './release-context.js';

/**
 * - `stored-checksum`: S3's own full-object SHA-256 (no download), from a store trusted to have checked it on upload;
 * - `streamed`: the bytes were hashed as they arrived, pinned to the version and ETag HeadObject answered for.
 */
export type ObjectVerification = 'stored-checksum' | 'streamed';

/** Why an object could not be verified: the adapter's failure, with no request, header or credential in it. */
export interface ObjectFailure {
  /** The adapter's kind (`forbidden`, `no-credentials`, `no-such-key`, `digest-mismatch`...; docs/s3.md). */
  kind: string;
  message: string;
  fix: string;
  /** `fail`: the object is not what the manifest names (exit 1); `indeterminate`: could not judge (exit 2). */
  verdict: 'fail' | 'indeterminate';
  /** For a 403: the IAM action the role lacks. */
  missingAction?: string;
}

export type ObservedObject =
  | {
      kind: 'object';
      /** The location as the manifest writes it. */
      path: string;
      bucket: string;
      key: string;
      /** The version the store served; absent: the bucket is not versioned. */
      versionId?: string;
      size: number;
      sha256: string;
      verifiedBy: ObjectVerification;
      /** Why the bytes were streamed, and risks to name (an unversioned bucket). */
      notes: string[];
    }
  | { kind: 'object-failure'; path: string; failure: ObjectFailure };

/** The objects of `files`, or none. */
export function observedObjects(files: FileFacts): Record<string, ObservedObject> {
  return files.objects ?? {};
}
