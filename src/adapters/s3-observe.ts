/**
 * The manifest's `s3://` artifacts observed through the S3 port, as the release model carries them: size, SHA-256 and
 * version from the store's own full-object checksum or by streaming the bytes (`verifyObject`), or the failure that
 * kept an object from being observed. Shared by the gate (`src/gate/gather-s3.ts`, with the judging policy's
 * settings) and `mlgov checksums` (with the working tree's): one way to verify an object.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ObjectFailure, ObservedObject } from '../release/object-facts.js';
import { redact } from './jira-settings.js';
import {
  createS3ObjectStore,
  loadAwsSdk,
  s3ClientConfig,
  formatS3Url,
  parseS3Url,
  resolveS3Connection,
  verifyObject,
  type S3ClientOptions,
  type S3Connection,
  type S3Failure,
  type S3ObjectHead,
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

// ---------------------------------------------------------------------------------------------------------------
// Reading an object's bytes (metrics import from s3://)
// ---------------------------------------------------------------------------------------------------------------

/** An object read to a local file: the pinned location it came from and the SHA-256 of exactly those bytes. */
export interface ReadObject {
  kind: 'read';
  /** `s3://bucket/key?versionId=…` of the version read (no version: an unversioned bucket). */
  url: string;
  size: number;
  sha256: string;
  /** When the store last wrote the object (the upload), as it says. */
  lastModified?: string;
  notes: string[];
}

export interface ReadObjectOptions extends ObserveObjectsOptions {
  /** The largest object read, in bytes: a bigger one is refused before a byte is downloaded. */
  maxBytes: number;
}

/**
 * Reads one object into `destination`, hashing it as it streams, for a tool that must parse the bytes (the port only
 * hashes them). HeadObject goes through the port (its failures are the adapter's, redacted and translated); the read
 * is pinned to the version and ETag HeadObject answered for, bounded by the size it announced, and compared with the
 * store's full-object SHA-256 when it holds one. The SHA-256 returned is of the bytes written, never a stored value.
 */
export async function readS3Object(
  url: string,
  settings: S3Settings | undefined,
  destination: string,
  options: ReadObjectOptions,
): Promise<ReadObject | { kind: 'object-failure'; failure: ObjectFailure }> {
  const failed = (failure: ObjectFailure) => ({ kind: 'object-failure' as const, failure });
  const parsed = parseS3Url(url);
  if (!parsed.ok) return failed(invalidLocation(url, parsed.problem));
  const env = options.env ?? process.env;
  const configured = createS3ObjectStore(env, settings ?? {}, options.client ?? {});
  if (configured.kind !== 'configured') return failed(objectFailureOf(configured));
  let head: S3ObjectHead;
  try {
    const { bucket, key, versionId } = parsed.location;
    const headed = await configured.store.headObject(bucket, key, versionId);
    if (headed.kind !== 'ok') return failed(objectFailureOf(headed));
    head = headed.head;
  } finally {
    configured.store.close();
  }
  if (head.size > options.maxBytes) return failed(tooLarge(head, options.maxBytes));
  const connection = resolveS3Connection(env, settings ?? {});
  if ('kind' in connection) return failed(objectFailureOf(connection));
  return readPinned(head, connection, destination, options.client ?? {});
}

function tooLarge(head: S3ObjectHead, maxBytes: number): ObjectFailure {
  return {
    kind: 'too-large',
    message: `${formatS3Url(head.location)} is ${head.size} bytes; mlgov reads at most ${maxBytes} bytes of a training output.`,
    fix: 'Import a summary of the evaluation (backtest_results.json, or the scores of the evaluation set), not the raw data.',
    verdict: 'indeterminate',
  };
}

/** The GetObject of exactly the version and ETag `head` describes, streamed through SHA-256 into `destination`. */
async function readPinned(
  head: S3ObjectHead,
  connection: S3Connection,
  destination: string,
  client: S3ClientOptions,
): Promise<ReadObject | { kind: 'object-failure'; failure: ObjectFailure }> {
  const where = formatS3Url(head.location);
  const timeoutMs = client.timeoutMs ?? 30_000;
  // The SDK is loaded only here, on the read itself: a metrics import from the repository never loads it.
  const { GetObjectCommand, S3Client } = await loadAwsSdk();
  const s3 = new S3Client(s3ClientConfig(connection, timeoutMs, client));
  const hash = createHash('sha256');
  let received = 0;
  try {
    const out = await s3.send(
      new GetObjectCommand({
        Bucket: head.location.bucket,
        Key: head.location.key,
        ...(head.location.versionId ? { VersionId: head.location.versionId } : {}),
        ...(head.etag ? { IfMatch: head.etag } : {}),
      }),
    );
    const served = out.VersionId && out.VersionId !== 'null' ? out.VersionId : undefined;
    const body = out.Body as Readable | undefined;
    if (served !== head.location.versionId || (head.etag && out.ETag && out.ETag !== head.etag)) {
      body?.destroy();
      return failedRead(where, 'changed', 'the store served another version or ETag than HeadObject named', connection);
    }
    if (!body) return failedRead(where, 'truncated', 'the answer had no body', connection);
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        // Never more than HeadObject announced: the bound holds whatever the store sends.
        if (received > head.size) return done(new Error(`more than the ${head.size} bytes HeadObject announced`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(body, counted, createWriteStream(destination, { flags: 'wx', mode: 0o600 }));
  } catch (err) {
    return failedRead(where, 'unreachable', describeReadError(err), connection);
  } finally {
    s3.destroy();
  }
  if (received !== head.size) {
    return failedRead(where, 'truncated', `the body ended after ${received} of ${head.size} bytes`, connection);
  }
  const sha256 = hash.digest('hex');
  if (head.checksum?.type === 'FULL_OBJECT' && head.checksum.sha256 !== sha256) {
    return {
      kind: 'object-failure',
      failure: {
        kind: 'digest-mismatch',
        message: `The bytes of ${where} hash to ${sha256}, but S3's stored full-object checksum says ${head.checksum.sha256}.`,
        fix: 'The object or its stored checksum is corrupt: upload the object again (with --checksum-algorithm SHA256).',
        verdict: 'fail',
      },
    };
  }
  const notes =
    head.location.versionId === undefined
      ? ['the bucket is not versioned: the bytes under this key can be replaced after the import']
      : [];
  return {
    kind: 'read',
    url: where,
    size: received,
    sha256,
    ...(head.lastModified ? { lastModified: head.lastModified } : {}),
    notes,
  };
}

function describeReadError(err: unknown): string {
  const e = err as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const status = e?.$metadata?.httpStatusCode;
  const name = typeof e?.name === 'string' ? e.name : 'Error';
  const text = typeof e?.message === 'string' ? e.message.split('\n')[0]!.slice(0, 200) : '';
  return typeof status === 'number' ? `GetObject answered ${status} ${name}` : `${name}: ${text}`;
}

/** A failed read, redacted of the connection's secrets: "could not judge", never a pass. */
function failedRead(
  where: string,
  kind: string,
  why: string,
  connection: S3Connection,
): {
  kind: 'object-failure';
  failure: ObjectFailure;
} {
  const message = redact(`Could not read ${where}: ${why}.`, connection.secrets).replace(/[\p{Cc}\p{Cf}]/gu, ' ');
  return {
    kind: 'object-failure',
    failure: {
      kind,
      message,
      fix: 'Run again; if it persists, check the store, the network and the credentials (docs/s3.md).',
      verdict: 'indeterminate',
    },
  };
}
