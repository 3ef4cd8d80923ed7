/**
 * The S3 adapter: implements the narrow `ObjectStore` port with `@aws-sdk/client-s3` over real HTTP, for artifacts
 * written as `s3://bucket/key[?versionId=…]`.
 *
 * Trust: the uploader of an object may be the PR author, so nothing they can set is read as a digest — never user
 * metadata (`x-amz-meta-*`), never an ETag (a multipart or SSE-KMS ETag is not an MD5 of anything). A SHA-256 comes
 * either from S3's own full-object checksum (`x-amz-checksum-sha256`, asked for with `ChecksumMode: ENABLED`; S3
 * refuses an upload whose declared checksum does not match its bytes), or from hashing the bytes as they stream in.
 * A composite (multipart) checksum is a checksum of part checksums: it is never compared as a plain SHA-256.
 * A streamed read is pinned to what HeadObject saw (its version id and its ETag through `If-Match`), so an object
 * replaced between the two requests is noticed rather than hashed in place of the one that was looked at.
 *
 * Operational policy lives here, not in the SDK: a timeout per request, bounded retries with exponential backoff on
 * 500, 503 SlowDown and transient network errors, then fail closed. Every SDK error is translated at this boundary
 * into a small `S3Failure`; no request, header or credential leaves it, and every message is redacted.
 */
import type { GetObjectCommandOutput, HeadObjectCommandOutput, S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { redact } from './jira-settings.js';
import { S3ProtocolError, SocketBody, SocketReadHandler, type ChunkSink } from './s3-socket-read.js';
import { HashingThreadError, streamSha256 } from './threaded-sha256.js';
import {
  bucketNameProblem,
  clip,
  formatS3Url,
  objectKeyProblem,
  versionIdProblem,
  type S3Location,
} from './s3-location.js';

// s3:// locations: s3-location.ts (no SDK), re-exported for the adapter's users.
export {
  bucketNameProblem,
  formatS3Url,
  isS3Url,
  objectKeyProblem,
  parseS3Url,
  versionIdProblem,
  type S3Location,
  type S3UrlParse,
} from './s3-location.js';

// ---------------------------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------------------------

/**
 * What S3 says the object's SHA-256 is. Only `FULL_OBJECT` is a SHA-256 of the bytes; `COMPOSITE` is a checksum of
 * part checksums (multipart uploads) and `UNUSABLE` is a value that cannot be read as either.
 */
export type S3StoredChecksum =
  | { type: 'FULL_OBJECT'; sha256: string }
  | { type: 'COMPOSITE'; value: string; parts?: number }
  | { type: 'UNUSABLE'; value: string; reason: string };

export interface S3ObjectHead {
  /** Where the object is; `versionId` is the version HeadObject answered for (absent in an unversioned bucket). */
  location: S3Location;
  size: number;
  /** S3's entity tag, used only to pin a later read to the same bytes (`If-Match`), never as a digest. */
  etag?: string;
  lastModified?: string;
  /** Absent when the object has no SHA-256 checksum (uploaded without one, or a store that keeps none). */
  checksum?: S3StoredChecksum;
}

export interface S3Digest {
  sha256: string;
  size: number;
}

export type S3FailureKind =
  | 'invalid-config'
  | 'no-credentials'
  | 'credentials-rejected'
  | 'forbidden'
  | 'no-such-bucket'
  | 'no-such-key'
  | 'no-such-version'
  | 'deleted'
  | 'wrong-region'
  | 'unreachable'
  | 'server-error'
  | 'bad-response'
  | 'changed'
  | 'truncated'
  | 'digest-mismatch';

export type S3IamAction = 's3:GetObject' | 's3:GetObjectVersion' | 's3:ListBucket';

export interface S3Failure {
  kind: S3FailureKind;
  /** One line, naming the object (and version) and what S3 answered; never a credential. */
  message: string;
  fix: string;
  /** `fail`: the object is not what the manifest says (exit 1); `indeterminate`: could not judge (exit 2). */
  verdict: 'fail' | 'indeterminate';
  status?: number;
  /** For `forbidden`: the IAM action the request needed. */
  missingAction?: S3IamAction;
  /** For `wrong-region`: the bucket's region, as S3 named it. */
  bucketRegion?: string;
}

export function isS3Failure(x: unknown): x is S3Failure {
  return typeof x === 'object' && x !== null && 'verdict' in x && 'kind' in x && 'fix' in x;
}

/** The port the gate uses; the SDK stays behind it. */
export interface ObjectStore {
  /** One line for preflight and reports: endpoint, region, addressing style, credential source (never a secret). */
  describe(): string;
  /**
   * Whether a stored full-object SHA-256 may stand for the bytes. AWS S3 refuses an upload whose declared checksum
   * does not match its body; an S3-compatible store is trusted to do the same only when the policy says so.
   */
  readonly trustsStoredChecksums: boolean;
  /** Releases the connections (idle keep-alive sockets would otherwise linger until they time out). */
  close(): void;
  headBucket(bucket: string): Promise<{ kind: 'ok'; region?: string } | S3Failure>;
  headObject(bucket: string, key: string, versionId?: string): Promise<{ kind: 'ok'; head: S3ObjectHead } | S3Failure>;
  /**
   * Streams the exact object `head` describes through SHA-256; memory stays flat whatever the size. `onBytes` gets
   * each chunk's length; a negative value rewinds the progress when a broken read is started again.
   */
  streamObject(
    head: S3ObjectHead,
    onBytes?: (n: number) => void,
  ): Promise<{ kind: 'ok'; digest: S3Digest } | S3Failure>;
}

// ---------------------------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------------------------

/** Settings a repository's (base) policy may fix; the environment supplies the rest. */
export interface S3Settings {
  /** An S3-compatible endpoint (MinIO, Ceph RGW, R2); default AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, else AWS. */
  endpoint?: string;
  /** Path-style addressing (`endpoint/bucket/key`), which most S3-compatible stores need. */
  forcePathStyle?: boolean;
  region?: string;
  /** Plain http to a host that is not loopback (an in-cluster MinIO). Off: bytes and checksums could be altered. */
  allowHttp?: boolean;
  /**
   * Take an S3-compatible store's full-object SHA-256 as the digest without downloading (default: true on AWS S3,
   * false with a custom endpoint, where a store might keep whatever checksum an uploader declared).
   */
  trustStoredChecksums?: boolean;
}

export interface S3ClientOptions {
  /** Per-request timeout (connect, and any silence while reading), ms (default 30 000). */
  timeoutMs?: number;
  /** Attempts per request including the first (default 4). */
  maxAttempts?: number;
  /** First backoff delay in ms, doubled per retry (default 500). */
  initialDelayMs?: number;
  /** Cap on any single wait (default 10 000). */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Name resolution for every connection (tests resolve virtual-host names such as `bucket.localhost` on loopback). */
  lookup?: LookupFunction;
  /** A CA to trust besides the system's (tests' self-signed loopback store); users set `NODE_EXTRA_CA_CERTS`. */
  ca?: string;
}

export interface S3Connection {
  region: string;
  regionSource: string;
  endpoint?: string;
  endpointSource?: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  credentialSource: string;
  secrets: string[];
  trustsStoredChecksums: boolean;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

function invalidConfig(message: string, fix: string): S3Failure {
  return { kind: 'invalid-config', message, fix, verdict: 'indeterminate' };
}

/** Checks an endpoint URL: http(s), no credentials, query or fragment; plain http only to loopback unless allowed. */
function endpointProblem(raw: string, source: string, allowHttp: boolean): S3Failure | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return invalidConfig(`${source} is not a URL.`, `Set ${source} to a URL such as https://minio.example.com:9000.`);
  }
  const fix = `Set ${source} to a plain URL such as https://minio.example.com:9000.`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return invalidConfig(`${source} must be an http(s) URL.`, fix);
  }
  if (url.username || url.password) {
    // Said without echoing the URL: it carries a credential.
    return invalidConfig(
      `${source} has a user name or password in it.`,
      `${fix} Credentials come from the AWS credential chain.`,
    );
  }
  if (url.search || url.hash) return invalidConfig(`${source} has a query or fragment.`, fix);
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname) && !allowHttp) {
    return invalidConfig(
      `${source} (${url.host}) is plain http: anyone on the path could change both an object's bytes and its checksum.`,
      'Use https, or set allowHttp: true in the policy for a store only reachable inside your network.',
    );
  }
  return undefined;
}

/**
 * Resolves where and as whom to connect: the policy's settings, then the SDK's standard variables
 * (`AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, `AWS_REGION`, `AWS_DEFAULT_REGION`). Credentials: keys in `env` are used
 * as given (what the SDK's environment provider would read); otherwise the SDK's default chain (profile, GitHub OIDC
 * web identity, container and instance roles) resolves them at the first request.
 */
export function resolveS3Connection(
  env: Record<string, string | undefined>,
  settings: S3Settings = {},
): S3Connection | S3Failure {
  const get = (name: string): string | undefined => (env[name]?.trim() ? env[name]!.trim() : undefined);
  const endpointFrom: Array<[string | undefined, string]> = [
    [settings.endpoint?.trim() || undefined, "the policy's s3.endpoint"],
    [get('AWS_ENDPOINT_URL_S3'), 'AWS_ENDPOINT_URL_S3'],
    [get('AWS_ENDPOINT_URL'), 'AWS_ENDPOINT_URL'],
  ];
  const chosen = endpointFrom.find(([v]) => v !== undefined);
  const conn: S3Connection = {
    region: 'us-east-1',
    regionSource: 'default (AWS_REGION not set)',
    forcePathStyle: settings.forcePathStyle ?? false,
    credentialSource: 'the AWS SDK default credential chain',
    secrets: [],
    trustsStoredChecksums: settings.trustStoredChecksums ?? true,
  };
  if (chosen) {
    const problem = endpointProblem(chosen[0]!, chosen[1], settings.allowHttp ?? false);
    if (problem) return problem;
    conn.endpoint = chosen[0]!;
    conn.endpointSource = chosen[1];
    conn.trustsStoredChecksums = settings.trustStoredChecksums ?? false;
  }
  const regionFrom: Array<[string | undefined, string]> = [
    [settings.region?.trim() || undefined, "the policy's s3.region"],
    [get('AWS_REGION'), 'AWS_REGION'],
    [get('AWS_DEFAULT_REGION'), 'AWS_DEFAULT_REGION'],
  ];
  const region = regionFrom.find(([v]) => v !== undefined);
  if (region) {
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(region[0]!)) {
      return invalidConfig(`${region[1]} is not a region name.`, 'Set it to a region such as eu-west-1 (R2: auto).');
    }
    conn.region = region[0]!;
    conn.regionSource = region[1];
  }
  const accessKeyId = get('AWS_ACCESS_KEY_ID');
  const secretAccessKey = get('AWS_SECRET_ACCESS_KEY');
  const sessionToken = get('AWS_SESSION_TOKEN');
  conn.secrets = [secretAccessKey, sessionToken].filter((s): s is string => s !== undefined);
  if (accessKeyId && secretAccessKey) {
    conn.credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
    conn.credentialSource = 'AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY';
  } else if (accessKeyId || secretAccessKey) {
    return {
      kind: 'no-credentials',
      message: `Only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set.`,
      fix: 'Set both, or neither (to use a profile or GitHub OIDC through aws-actions/configure-aws-credentials).',
      verdict: 'indeterminate',
    };
  }
  return conn;
}

/** Builds the S3 port, or says what is wrong with the settings. */
export function createS3ObjectStore(
  env: Record<string, string | undefined>,
  settings: S3Settings = {},
  options: S3ClientOptions = {},
): { kind: 'configured'; store: ObjectStore } | S3Failure {
  const conn = resolveS3Connection(env, settings);
  if ('kind' in conn) return conn;
  return { kind: 'configured', store: new S3ObjectStore(conn, options) };
}

// ---------------------------------------------------------------------------------------------------------------
// Stored checksums
// ---------------------------------------------------------------------------------------------------------------

const SHA256_BASE64 = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Reads S3's `x-amz-checksum-sha256` with its `x-amz-checksum-type`. Without a type (older servers) a `-N` suffix
 * marks a composite; a value that claims FULL_OBJECT but carries a suffix, or that does not decode to 32 bytes,
 * is unusable (never compared).
 */
export function storedChecksumOf(value: string | undefined, type: string | undefined): S3StoredChecksum | undefined {
  if (value === undefined || value === '') return undefined;
  const suffix = /^(.*)-(\d{1,5})$/.exec(value);
  const declared = type?.toUpperCase();
  if (declared === 'COMPOSITE' || (declared === undefined && suffix)) {
    return suffix ? { type: 'COMPOSITE', value, parts: Number(suffix[2]) } : { type: 'COMPOSITE', value };
  }
  if (declared !== undefined && declared !== 'FULL_OBJECT') {
    return { type: 'UNUSABLE', value: clip(value), reason: `unknown checksum type "${clip(declared, 20)}"` };
  }
  if (suffix) return { type: 'UNUSABLE', value: clip(value), reason: 'a full-object checksum with a part count' };
  if (!SHA256_BASE64.test(value)) return { type: 'UNUSABLE', value: clip(value), reason: 'not a base64 SHA-256' };
  return { type: 'FULL_OBJECT', sha256: Buffer.from(value, 'base64').toString('hex') };
}

// ---------------------------------------------------------------------------------------------------------------
// Error translation
// ---------------------------------------------------------------------------------------------------------------

interface Operation {
  /** 'HeadBucket' | 'HeadObject' | 'GetObject' */
  name: string;
  bucket: string;
  location?: S3Location;
}

interface Translated {
  failure: S3Failure;
  retryable: boolean;
}

/** Network error codes worth another attempt. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'TimeoutError',
  'RequestTimeout',
]);

function what(op: Operation): string {
  return op.location ? formatS3Url(op.location) : `bucket ${op.bucket}`;
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

/** The system error code under an error (walks `cause`, by property: the error may come from another realm). */
function networkCode(err: unknown): string | undefined {
  let cursor: unknown = err;
  for (let depth = 0; depth < 6 && typeof cursor === 'object' && cursor !== null; depth += 1) {
    const code = (cursor as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Za-z][A-Za-z0-9_]{2,40}$/.test(code)) return code;
    const name = (cursor as { name?: unknown }).name;
    if (name === 'TimeoutError') return 'TimeoutError';
    cursor = (cursor as { cause?: unknown }).cause;
  }
  // The SDK wraps an error from another realm (a VM context, as under jest) into a message: read the code from it.
  const text = typeof err === 'object' && err !== null ? String((err as { message?: unknown }).message ?? '') : '';
  return /\b(E[A-Z]{3,20})\b/.exec(text)?.[1];
}

/** Which IAM action a denied request needed, from S3's message when it names one, else from the operation. */
function missingActionOf(op: Operation, serverMessage: string): S3IamAction {
  const named = /\b(s3:(?:GetObjectVersion|GetObject|ListBucket))\b/.exec(serverMessage);
  if (named) return named[1] as S3IamAction;
  if (op.name === 'HeadBucket') return 's3:ListBucket';
  return op.location?.versionId !== undefined ? 's3:GetObjectVersion' : 's3:GetObject';
}

/** Maps a 403 to `forbidden` or `credentials-rejected`, naming the IAM action a least policy must grant. */
function forbidden(op: Operation, code: string, serverMessage: string, status = 403): S3Failure {
  if (['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken'].includes(code)) {
    return {
      kind: 'credentials-rejected',
      status,
      message: `S3 rejected the credentials for ${what(op)} (${code}).`,
      fix: 'The access key is unknown, revoked or expired, or the secret is wrong: refresh the credentials (in GitHub Actions, aws-actions/configure-aws-credentials before mlgov).',
      verdict: 'indeterminate',
    };
  }
  const action = missingActionOf(op, serverMessage);
  const unseen =
    action === 's3:GetObject' || action === 's3:GetObjectVersion'
      ? ' Without s3:ListBucket on the bucket, S3 also answers 403 (not 404) for a key that does not exist.'
      : '';
  return {
    kind: 'forbidden',
    status: 403,
    missingAction: action,
    message: `S3 denied ${op.name} on ${what(op)} (403 ${code || 'Forbidden'}): the credentials lack ${action}, or a bucket policy denies it.${unseen}`,
    fix: `Grant ${action} on ${op.name === 'HeadBucket' ? `arn:aws:s3:::${op.bucket}` : `arn:aws:s3:::${op.bucket}/*`} to the role mlgov runs as (see docs/s3.md for the least policy).`,
    verdict: 'indeterminate',
  };
}

function notFound(op: Operation, code: string, headers: Record<string, string>, status = 404): S3Failure {
  const base = { status, verdict: 'fail' as const };
  if (op.name === 'HeadBucket' || code === 'NoSuchBucket') {
    return {
      ...base,
      kind: 'no-such-bucket',
      message: `S3 has no bucket ${op.bucket} (404 NoSuchBucket).`,
      fix: 'Check the bucket name in the manifest, and the endpoint (AWS_ENDPOINT_URL_S3 or the policy) for a non-AWS store.',
    };
  }
  if (headers['x-amz-delete-marker'] === 'true') {
    const pinned = op.location?.versionId !== undefined;
    return {
      ...base,
      kind: 'deleted',
      message: pinned
        ? `${what(op)} was deleted: that version is a delete marker.`
        : `${what(op)} was deleted: its latest version is a delete marker.`,
      fix: 'Restore the object (delete the delete marker) or pin the manifest to the version that was approved.',
    };
  }
  if (code === 'NoSuchVersion') {
    return {
      ...base,
      kind: 'no-such-version',
      message: `S3 has no version ${op.location?.versionId ?? ''} of s3://${op.bucket}/${op.location?.key ?? ''} (404 NoSuchVersion).`,
      fix: 'The version was deleted (by hand or a lifecycle rule) or the versionId is wrong: pin an existing version.',
    };
  }
  return {
    ...base,
    kind: 'no-such-key',
    message: `S3 has no object ${what(op)} (404 NoSuchKey).`,
    fix: 'Upload the object, or correct the key in the manifest.',
  };
}

function wrongRegion(op: Operation, status: number, headers: Record<string, string>, region: string): S3Failure {
  const bucketRegion = headers['x-amz-bucket-region'];
  const where = bucketRegion ? `the bucket is in ${bucketRegion}` : 'the bucket is in another region';
  const out: S3Failure = {
    kind: 'wrong-region',
    status,
    message: `S3 answered ${status} for ${what(op)}: ${where}, not ${region}.`,
    fix: bucketRegion
      ? `Set AWS_REGION=${bucketRegion} (or the policy's s3.region).`
      : "Set AWS_REGION to the bucket's region.",
    verdict: 'indeterminate',
  };
  if (bucketRegion) out.bucketRegion = bucketRegion;
  return out;
}

/** Turns anything the SDK threw into a typed failure; reads only status, S3's error code/message and a few headers. */
function translateError(err: unknown, op: Operation, region: string, endpoint: string, timeoutMs: number): Translated {
  const e = asRecord(err);
  const status = asRecord(e['$metadata'])['httpStatusCode'];
  const response = asRecord(e['$response']);
  const headers = Object.fromEntries(
    Object.entries(asRecord(response['headers'])).map(([k, v]) => [k.toLowerCase(), String(v)]),
  );
  const code = typeof e['Code'] === 'string' ? e['Code'] : typeof e['name'] === 'string' ? e['name'] : '';
  const serverMessage = typeof e['message'] === 'string' && e['message'] !== 'UnknownError' ? e['message'] : '';
  if (e['name'] === 'CredentialsProviderError' || /Could not load credentials/.test(serverMessage)) {
    return {
      failure: {
        kind: 'no-credentials',
        message: `No AWS credentials were found for ${what(op)} (environment, profile, web identity and instance role were tried).`,
        fix: 'In GitHub Actions, run aws-actions/configure-aws-credentials (OIDC) before mlgov; elsewhere set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE.',
        verdict: 'indeterminate',
      },
      retryable: false,
    };
  }
  if (typeof status === 'number') return { ...translateStatus(op, status, code, serverMessage, headers, region) };
  const net = networkCode(err);
  const cause = net === 'ETIMEDOUT' || net === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : net;
  return {
    failure: {
      kind: 'unreachable',
      message: `Could not reach the S3 endpoint ${endpoint} for ${what(op)} (${cause ?? describeUnknown(err)}).`,
      fix: 'Check the endpoint (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL or the policy), the network and any proxy.',
      verdict: 'indeterminate',
    },
    retryable: net !== undefined && TRANSIENT_CODES.has(net),
  };
}

function translateStatus(
  op: Operation,
  status: number,
  code: string,
  serverMessage: string,
  headers: Record<string, string>,
  region: string,
): Translated {
  if (status === 301 || status === 307 || code === 'PermanentRedirect' || code === 'AuthorizationHeaderMalformed') {
    return { failure: wrongRegion(op, status, headers, region), retryable: false };
  }
  if (status === 400 && headers['x-amz-bucket-region'] && headers['x-amz-bucket-region'] !== region) {
    return { failure: wrongRegion(op, status, headers, region), retryable: false };
  }
  if (status === 403) return { failure: forbidden(op, code, serverMessage), retryable: false };
  // S3 answers 405 for a version that is itself a delete marker.
  if (status === 404 || (status === 405 && headers['x-amz-delete-marker'] === 'true')) {
    return { failure: notFound(op, code, headers, status), retryable: false };
  }
  if (status === 400 && ['ExpiredToken', 'InvalidToken', 'TokenRefreshRequired'].includes(code)) {
    return { failure: forbidden(op, 'ExpiredToken', serverMessage, 400), retryable: false };
  }
  if (status === 412) {
    return {
      failure: {
        kind: 'changed',
        status,
        message: `${what(op)} changed while it was being read (412 PreconditionFailed on its ETag).`,
        fix: 'Something overwrote the object during verification: run again, and pin the manifest to a versionId.',
        verdict: 'indeterminate',
      },
      retryable: false,
    };
  }
  const detail = serverMessage ? `: ${clip(serverMessage, 200)}` : '';
  const hint = status === 400 && op.name !== 'GetObject' ? ' (commonly expired session credentials)' : '';
  return {
    failure: {
      kind: 'server-error',
      status,
      message: `S3 answered ${status}${code && !/^\d+$|^Unknown$/.test(code) ? ` ${code}` : ''} for ${op.name} on ${what(op)}${detail}${hint}.`,
      fix:
        status >= 500
          ? 'The store is failing or throttling: run again later.'
          : 'Check the credentials, the endpoint and the object.',
      verdict: 'indeterminate',
    },
    retryable: status >= 500 || code === 'SlowDown' || code === 'RequestTimeout',
  };
}

function describeUnknown(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message.split('\n')[0]?.slice(0, 200) ?? ''}`;
  return String(err).slice(0, 200);
}

// ---------------------------------------------------------------------------------------------------------------
// The adapter
// ---------------------------------------------------------------------------------------------------------------

/**
 * The AWS SDK, loaded on the first request: it is most of a command's start-up (about 0.1 s of CPU and 15 MB), and
 * most runs (a repository with no `s3://` artifact, `log`, `approve`) never reach a bucket.
 */
type AwsSdk = typeof import('@aws-sdk/client-s3');
let awsSdk: Promise<AwsSdk> | undefined;
export function loadAwsSdk(): Promise<AwsSdk> {
  // The SDK is CommonJS: loaded dynamically from a bundle, its exports may come as the namespace's `default`.
  return (awsSdk ??= import('@aws-sdk/client-s3').then(
    (m) => ((m as { S3Client?: unknown }).S3Client ? m : (m as unknown as { default: AwsSdk }).default) as AwsSdk,
  ));
}

/**
 * The SDK client's settings for a resolved connection: the one configuration every request of mlgov's goes out with
 * (the object store's, and the pinned read of `s3-observe.ts`).
 */
export function s3ClientConfig(
  conn: S3Connection,
  timeoutMs: number,
  transport: Pick<S3ClientOptions, 'lookup' | 'ca'> = {},
): S3ClientConfig {
  const { lookup, ca } = transport;
  return {
    region: conn.region,
    ...(conn.endpoint ? { endpoint: conn.endpoint } : {}),
    // The endpoint is the one resolved (and checked) above: the SDK must not pick another from the process
    // environment or a profile's endpoint_url on its own.
    ignoreConfiguredEndpointUrls: true,
    forcePathStyle: conn.forcePathStyle,
    ...(conn.credentials ? { credentials: conn.credentials } : {}),
    // Retries are ours (bounded, with the failure named); the SDK's would hide what happened.
    maxAttempts: 1,
    // Checksums are compared here, once, against what HeadObject said; the SDK must not wrap or judge the body.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A bucket in another region is a configuration finding with the right region named, not a silent redirect.
    followRegionRedirects: false,
    requestHandler: {
      connectionTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      // Without this the SDK only logs a warning when no answer comes, and waits on.
      throwOnRequestTimeout: true,
      ...(lookup ? { httpAgent: new HttpAgent({ lookup }) } : {}),
      ...(lookup || ca
        ? { httpsAgent: new HttpsAgent({ ...(lookup ? { lookup } : {}), ...(ca ? { ca: [ca] } : {}) }) }
        : {}),
    },
  };
}

type Attempt<T> = { ok: true; value: T } | { ok: false; failure: S3Failure };

class S3ObjectStore implements ObjectStore {
  readonly trustsStoredChecksums: boolean;
  private readonly clientConfig: S3ClientConfig;
  private clientInstance: Promise<S3Client> | undefined;
  private created: S3Client | undefined;
  private readonly secrets: string[];
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private credentialsChecked = false;
  private streamingInstance: Promise<S3Client> | undefined;
  private createdStreaming: S3Client | undefined;
  /** How connections are made (tests: name resolution, a CA); the same for both clients. */
  private readonly transport: Pick<S3ClientOptions, 'lookup' | 'ca'>;

  constructor(
    private readonly conn: S3Connection,
    options: S3ClientOptions,
  ) {
    // The SDK warns on stderr about its own future Node support; that is not the gate's user's concern.
    process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
    this.secrets = [...conn.secrets];
    this.trustsStoredChecksums = conn.trustsStoredChecksums;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxAttempts = Math.max(1, Math.min(options.maxAttempts ?? 4, 10));
    this.initialDelayMs = options.initialDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.transport = {
      ...(options.lookup ? { lookup: options.lookup } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
    };
    this.clientConfig = s3ClientConfig(conn, this.timeoutMs, this.transport);
  }

  /** The SDK client, created on the first request (with the SDK itself). */
  private client(): Promise<S3Client> {
    return (this.clientInstance ??= loadAwsSdk().then(({ S3Client }) => {
      this.created = new S3Client(this.clientConfig);
      return this.created;
    }));
  }

  /**
   * The client for streamed reads: the same settings and the same credentials (resolved once, by the first client),
   * with the body read off the socket into one reused buffer (s3-socket-read.ts).
   */
  private streamingClient(): Promise<S3Client> {
    return (this.streamingInstance ??= Promise.all([loadAwsSdk(), this.client()]).then(([{ S3Client }, first]) => {
      this.createdStreaming = new S3Client({
        ...this.clientConfig,
        credentials: first.config.credentials,
        requestHandler: new SocketReadHandler({
          connectionTimeout: this.timeoutMs,
          requestTimeout: this.timeoutMs,
          ...this.transport,
        }) as unknown as S3ClientConfig['requestHandler'],
      });
      return this.createdStreaming;
    }));
  }

  describe(): string {
    const endpoint = this.conn.endpoint
      ? `${this.endpointName()} (${this.conn.endpointSource})`
      : `AWS S3 (${this.conn.region})`;
    const style = this.conn.forcePathStyle ? 'path-style' : 'virtual-host style';
    const checksums = this.trustsStoredChecksums ? 'stored SHA-256 checksums trusted' : 'objects always streamed';
    return `${endpoint}, region ${this.conn.region} from ${this.conn.regionSource}, ${style}, credentials from ${this.conn.credentialSource}, ${checksums}`;
  }

  close(): void {
    this.created?.destroy();
    this.createdStreaming?.destroy();
  }

  private endpointName(): string {
    if (!this.conn.endpoint) return `s3.${this.conn.region}.amazonaws.com`;
    const u = new URL(this.conn.endpoint);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  }

  async headBucket(bucket: string): Promise<{ kind: 'ok'; region?: string } | S3Failure> {
    const problem = bucketNameProblem(bucket);
    if (problem) return invalidLocation(`bucket "${clip(bucket)}"`, problem);
    const { HeadBucketCommand } = await loadAwsSdk();
    const client = await this.client();
    const r = await this.call({ name: 'HeadBucket', bucket }, () =>
      client.send(new HeadBucketCommand({ Bucket: bucket })),
    );
    if (!r.ok) return r.failure;
    return r.value.BucketRegion ? { kind: 'ok', region: r.value.BucketRegion } : { kind: 'ok' };
  }

  async headObject(
    bucket: string,
    key: string,
    versionId?: string,
  ): Promise<{ kind: 'ok'; head: S3ObjectHead } | S3Failure> {
    const location: S3Location = { bucket, key, ...(versionId !== undefined ? { versionId } : {}) };
    const problem =
      bucketNameProblem(bucket) ??
      objectKeyProblem(key) ??
      (versionId !== undefined ? versionIdProblem(versionId) : undefined);
    if (problem) return invalidLocation(formatS3Url(location), problem);
    const op: Operation = { name: 'HeadObject', bucket, location };
    const { HeadObjectCommand } = await loadAwsSdk();
    const client = await this.client();
    const r = await this.call(op, () =>
      client.send(
        new HeadObjectCommand({
          Bucket: bucket,
          Key: key,
          ChecksumMode: 'ENABLED',
          ...(versionId ? { VersionId: versionId } : {}),
        }),
      ),
    );
    if (!r.ok) return this.refineNotFound(r.failure, location);
    return this.headOf(r.value, location);
  }

  /**
   * HeadObject answers 404 without a body, so a missing version and a missing key look alike. With a version pinned,
   * one more HEAD of the key tells which (a delete marker on top is `deleted`).
   */
  private async refineNotFound(failure: S3Failure, location: S3Location): Promise<S3Failure> {
    if (failure.kind !== 'no-such-key' || location.versionId === undefined) return failure;
    const { HeadObjectCommand } = await loadAwsSdk();
    const client = await this.client();
    const latest = await this.call(
      { name: 'HeadObject', bucket: location.bucket, location: { bucket: location.bucket, key: location.key } },
      () => client.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key })),
    );
    if (!latest.ok) return failure;
    return notFound({ name: 'HeadObject', bucket: location.bucket, location }, 'NoSuchVersion', {});
  }

  private headOf(out: HeadObjectCommandOutput, asked: S3Location): { kind: 'ok'; head: S3ObjectHead } | S3Failure {
    const size = out.ContentLength;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
      return badResponse(`S3 answered HeadObject for ${formatS3Url(asked)} without a usable Content-Length.`);
    }
    const served = out.VersionId && out.VersionId !== 'null' ? out.VersionId : undefined;
    if (served !== undefined && versionIdProblem(served)) {
      // The version id goes into evidence and reports: a store's odd answer must not carry text into them.
      return badResponse(`The store answered HeadObject for ${formatS3Url(asked)} with a malformed version id.`);
    }
    if (asked.versionId !== undefined && served !== asked.versionId) {
      // A store that ignores ?versionId serves the latest bytes under the pinned name: never accept that.
      return badResponse(
        `The store answered HeadObject for ${formatS3Url(asked)} with ${served ? `version ${clip(served)}` : 'no version id'}: it does not honour versionId.`,
      );
    }
    const head: S3ObjectHead = {
      location: { bucket: asked.bucket, key: asked.key, ...(served ? { versionId: served } : {}) },
      size,
    };
    if (out.ETag) head.etag = out.ETag;
    if (out.LastModified instanceof Date && !Number.isNaN(out.LastModified.getTime())) {
      head.lastModified = out.LastModified.toISOString();
    }
    const checksum = storedChecksumOf(out.ChecksumSHA256, out.ChecksumType);
    if (checksum) head.checksum = checksum;
    return { kind: 'ok', head };
  }

  async streamObject(
    head: S3ObjectHead,
    onBytes: (n: number) => void = () => undefined,
  ): Promise<{ kind: 'ok'; digest: S3Digest } | S3Failure> {
    const loc = head.location;
    const op: Operation = { name: 'GetObject', bucket: loc.bucket, location: loc };
    // A transport failure mid-body restarts the whole read (the hash cannot resume); progress is told to rewind.
    let counted = 0;
    const r = await this.call(op, async () => {
      if (counted > 0) onBytes(-counted);
      counted = 0;
      return this.readOnce(head, (n) => {
        counted += n;
        onBytes(n);
      });
    });
    if (!r.ok) return r.failure;
    return this.judgeDigest(head, r.value);
  }

  private async readOnce(head: S3ObjectHead, onBytes: (n: number) => void): Promise<S3Digest> {
    const loc = head.location;
    const { GetObjectCommand } = await loadAwsSdk();
    const client = await this.streamingClient();
    const out: GetObjectCommandOutput = await client.send(
      new GetObjectCommand({
        Bucket: loc.bucket,
        Key: loc.key,
        ...(loc.versionId ? { VersionId: loc.versionId } : {}),
        ...(head.etag ? { IfMatch: head.etag } : {}),
      }),
    );
    const served = out.VersionId && out.VersionId !== 'null' ? out.VersionId : undefined;
    const body = out.Body as Readable | undefined;
    // A store that ignores If-Match (s3rver does) is still caught here: another version, ETag or length is another object.
    const lengthDiffers = out.ContentLength !== undefined && out.ContentLength !== head.size;
    if (served !== loc.versionId || (head.etag && out.ETag && out.ETag !== head.etag) || lengthDiffers) {
      body?.destroy();
      throw new ObjectChanged();
    }
    if (!body) throw new Truncated(0, head.size);
    return hashStream(body, head.size, this.timeoutMs, onBytes);
  }

  private judgeDigest(head: S3ObjectHead, digest: S3Digest): { kind: 'ok'; digest: S3Digest } | S3Failure {
    const stored = head.checksum;
    if (stored?.type === 'FULL_OBJECT' && stored.sha256 !== digest.sha256) {
      return {
        kind: 'digest-mismatch',
        message: `The bytes of ${formatS3Url(head.location)} hash to ${digest.sha256}, but S3's stored full-object checksum says ${stored.sha256}.`,
        fix: 'The object or its stored checksum is corrupt: upload the object again (with --checksum-algorithm SHA256) and re-run checksums --write.',
        verdict: 'fail',
      };
    }
    return { kind: 'ok', digest };
  }

  /** Resolves credentials once before the first request, so their secrets are redacted and "none" is its own kind. */
  private async checkCredentials(op: Operation): Promise<S3Failure | undefined> {
    if (this.credentialsChecked) return undefined;
    try {
      const provider = (await this.client()).config.credentials;
      const creds = await provider();
      this.secrets.push(...[creds.secretAccessKey, creds.sessionToken].filter((s): s is string => !!s));
      this.credentialsChecked = true;
      return undefined;
    } catch (err) {
      if (asRecord(err)['name'] === 'CredentialsProviderError') {
        return this.clean(translateError(err, op, this.conn.region, this.endpointName(), this.timeoutMs).failure);
      }
      // A provider that found a source but could not use it (an expired OIDC token, STS refusing the role).
      return this.clean({
        kind: 'credentials-rejected',
        message: `The AWS credentials for ${what(op)} could not be obtained: ${describeUnknown(err)}.`,
        fix: 'Check the role and its trust policy (aws-actions/configure-aws-credentials), the profile, or the keys.',
        verdict: 'indeterminate',
      });
    }
  }

  /** One logical request with the transport policy: bounded retries with backoff, then a typed, redacted failure. */
  private async call<T>(op: Operation, request: () => Promise<T>): Promise<Attempt<T>> {
    const noCredentials = await this.checkCredentials(op);
    if (noCredentials) return { ok: false, failure: noCredentials };
    let delay = this.initialDelayMs;
    let last: Translated | undefined;
    let attempts = 0;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      attempts = attempt;
      try {
        return { ok: true, value: await request() };
      } catch (err) {
        last = this.translateAny(err, op);
        if (!last.retryable || attempt === this.maxAttempts) break;
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.maxDelayMs);
      }
    }
    const failure = { ...last!.failure };
    if (attempts > 1) failure.message = `${failure.message.replace(/\.$/, '')} (gave up after ${attempts} attempts).`;
    return { ok: false, failure: this.clean(failure) };
  }

  private translateAny(err: unknown, op: Operation): Translated {
    if (err instanceof ObjectChanged) {
      return {
        failure: { ...translateStatus(op, 412, 'PreconditionFailed', '', {}, this.conn.region).failure },
        retryable: false,
      };
    }
    if (err instanceof Truncated) {
      return {
        failure: {
          kind: 'truncated',
          message: `The body of ${what(op)} ended after ${err.received} of ${err.expected} bytes${err.reason ? ` (${err.reason})` : ''}.`,
          fix: 'The connection was cut or the store sent a short body: run again; if it persists, check the store and any proxy.',
          verdict: 'fail',
        },
        retryable: true,
      };
    }
    if (err instanceof S3ProtocolError) {
      // Not a network fault to retry: the store answered, in a form that cannot be read as S3.
      return {
        failure: badResponse(`${op.name} of ${what(op)} at ${this.endpointName()}: ${err.message}.`),
        retryable: false,
      };
    }
    return translateError(err, op, this.conn.region, this.endpointName(), this.timeoutMs);
  }

  private clean(failure: S3Failure): S3Failure {
    const scrub = (s: string): string => redact(s, this.secrets).replace(/[\p{Cc}\p{Cf}]/gu, ' ');
    return { ...failure, message: scrub(failure.message), fix: scrub(failure.fix) };
  }
}

class ObjectChanged extends Error {
  override name = 'ObjectChanged';
}

class Truncated extends Error {
  override name = 'Truncated';
  constructor(
    readonly received: number,
    readonly expected: number,
    readonly reason?: string,
  ) {
    super(`truncated after ${received} of ${expected} bytes`);
  }
}

function invalidLocation(what: string, problem: string): S3Failure {
  return invalidConfig(`${what} is not a valid S3 location: ${problem}.`, 'Correct the location in the manifest.');
}

function badResponse(message: string): S3Failure {
  return {
    kind: 'bad-response',
    message,
    fix: 'The store does not behave as S3 documents: check the endpoint, or verify with a store that supports object versions.',
    verdict: 'indeterminate',
  };
}

/**
 * Hashes a body as it arrives (never buffered). A body that ends early, errors, or stays silent longer than
 * `idleMs` is `Truncated` with how many bytes came; more bytes than promised is refused too.
 */
async function hashStream(
  body: Readable,
  expected: number,
  idleMs: number,
  onBytes: (n: number) => void,
): Promise<S3Digest> {
  // A large body is hashed on a thread of its own while this one receives (threaded-sha256.ts).
  const hash = streamSha256(expected);
  let received = 0;
  let lastData = Date.now();
  // A watchdog, not a timer re-armed per chunk: re-arming costs more than hashing a small chunk.
  const watchdog = setInterval(
    () => {
      if (Date.now() - lastData > idleMs) body.destroy(Object.assign(new Error('no data'), { code: 'ETIMEDOUT' }));
    },
    Math.max(10, Math.min(1_000, Math.floor(idleMs / 4))),
  );
  const take: ChunkSink = (chunk) => {
    lastData = Date.now();
    received += chunk.length;
    if (received > expected) throw new Truncated(received, expected, 'more bytes than Content-Length');
    onBytes(chunk.length);
    return hash.update(chunk);
  };
  try {
    await readBody(body, take);
    if (received !== expected) throw new Truncated(received, expected);
    return { sha256: await hash.digest(), size: received };
  } catch (err) {
    // A failed hashing thread says nothing of the bytes: could not judge, never "truncated".
    if (err instanceof Truncated || err instanceof HashingThreadError) throw err;
    throw new Truncated(received, expected, networkCode(err) ?? 'the connection failed');
  } finally {
    clearInterval(watchdog);
    await hash.close();
  }
}

/**
 * Every chunk of `body` to `take`, waiting whenever it asks. A body still in the socket (s3-socket-read.ts) hands over
 * its reused read buffer; any other stream is iterated.
 */
async function readBody(body: Readable, take: ChunkSink): Promise<void> {
  if (body instanceof SocketBody) return body.drain(take);
  for await (const chunk of body) {
    const wait = take(chunk as Buffer);
    if (wait) await wait;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The use case: verify one object
// ---------------------------------------------------------------------------------------------------------------

export interface S3Verification {
  kind: 'verified';
  /** The object as verified, with the version HeadObject named (absent: an unversioned bucket). */
  location: S3Location;
  sha256: string;
  size: number;
  /** `stored-checksum`: S3's full-object SHA-256, no download; `streamed`: the bytes were hashed as they arrived. */
  method: 'stored-checksum' | 'streamed';
  /** Why the bytes were streamed, or a risk to name in the report (unversioned bucket). */
  notes: string[];
}

export interface VerifyOptions {
  /**
   * `auto` (default): the store's full-object checksum when there is one and the store is trusted to have checked it
   * (`trustsStoredChecksums`), else stream; `stream`: always hash the bytes.
   */
  mode?: 'auto' | 'stream';
  onBytes?: (n: number) => void;
}

/**
 * Size, SHA-256 and version of one object: from S3's full-object checksum when present (a 10 GB object without a
 * download), otherwise by streaming it through SHA-256, pinned to the version and ETag HeadObject answered for.
 * `mode: 'stream'` is for stores that do not check an uploader's declared checksum (see docs/s3.md).
 */
export async function verifyObject(
  store: ObjectStore,
  location: S3Location,
  options: VerifyOptions = {},
): Promise<S3Verification | S3Failure> {
  const headed = await store.headObject(location.bucket, location.key, location.versionId);
  if (headed.kind !== 'ok') return headed;
  const head = headed.head;
  const notes: string[] = [];
  if (head.location.versionId === undefined) {
    notes.push('the bucket is not versioned: the bytes under this key can be replaced or deleted after approval');
  }
  const stored = head.checksum;
  if (stored?.type === 'FULL_OBJECT' && options.mode !== 'stream' && store.trustsStoredChecksums) {
    return {
      kind: 'verified',
      location: head.location,
      sha256: stored.sha256,
      size: head.size,
      method: 'stored-checksum',
      notes,
    };
  }
  if (stored?.type === 'COMPOSITE') {
    notes.push(
      'S3 holds a composite (multipart) checksum, which is not a SHA-256 of the object: the bytes were hashed',
    );
  } else if (stored?.type === 'UNUSABLE') {
    notes.push(`S3's stored checksum is unusable (${stored.reason}): the bytes were hashed`);
  } else if (!stored) {
    notes.push('the object has no SHA-256 checksum in S3: the bytes were hashed');
  } else if (!store.trustsStoredChecksums) {
    notes.push(
      'the store is not trusted to have checked the stored checksum (trustStoredChecksums): the bytes were hashed',
    );
  }
  const streamed = await store.streamObject(head, options.onBytes);
  if (streamed.kind !== 'ok') return streamed;
  return {
    kind: 'verified',
    location: head.location,
    sha256: streamed.digest.sha256,
    size: streamed.digest.size,
    method: 'streamed',
    notes,
  };
}
