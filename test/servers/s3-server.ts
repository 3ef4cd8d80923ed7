/**
 * A loopback S3 for tests: a real HTTP server on 127.0.0.1 (port 0) speaking the documented parts of the S3 REST API
 * the gate relies on, so the real `@aws-sdk/client-s3` is exercised over real HTTP:
 *
 * - `HEAD /{bucket}` (HeadBucket): 200 with `x-amz-bucket-region`; 404 (no body, as S3 answers HEAD); 301 with
 *   `x-amz-bucket-region` when the request was signed for another region.
 * - `HEAD|GET /{bucket}/{key}[?versionId=…]` (HeadObject / GetObject): `Content-Length`, `ETag`, `Last-Modified`,
 *   `x-amz-version-id` in a versioned bucket, and `x-amz-checksum-sha256` + `x-amz-checksum-type` only when the request
 *   says `x-amz-checksum-mode: ENABLED`. `If-Match` is honoured (412). A delete marker answers 404 with
 *   `x-amz-delete-marker: true`.
 * - Errors: GET answers an XML `<Error>` body (`NoSuchBucket`, `NoSuchKey`, `NoSuchVersion`, `AccessDenied`,
 *   `SlowDown`, `InternalError`, `PermanentRedirect`, `InvalidAccessKeyId`); HEAD answers the status only.
 * - Path-style (`/bucket/key`) and virtual-host style (`Host: bucket.localhost`).
 *
 * Faults are scripted per test (`fault`): a status with its S3 code, a connection reset mid-body, a body shorter than
 * its `Content-Length`, a hang. A wrong stored checksum is a property of an object (`putObject(..., {storedSha256})`).
 * Requests are recorded WITHOUT credentials: only which access key id signed them, never a signature or a token.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface StoredVersion {
  versionId: string;
  body: Buffer;
  etag: string;
  lastModified: Date;
  deleteMarker: boolean;
  /** What `x-amz-checksum-sha256` says (base64, may carry `-N`); undefined: the object has no SHA-256 checksum. */
  checksumSha256?: string;
  checksumType?: 'FULL_OBJECT' | 'COMPOSITE';
}

interface Bucket {
  region: string;
  versioned: boolean;
  /** Versions per key, oldest first. */
  objects: Map<string, StoredVersion[]>;
}

export interface PutOptions {
  /** How the object's SHA-256 checksum is stored: full object (single-part upload), composite (multipart), none. */
  checksum?: 'full' | 'composite' | 'none';
  /** Parts of a composite checksum (default 2). */
  parts?: number;
  /** A wrong stored checksum: the base64 value served instead of the real one. */
  storedSha256?: string;
  /** Serve the checksum without `x-amz-checksum-type` (older servers): the type must be inferred from `-N`. */
  omitChecksumType?: boolean;
  /** The version id to give the object (a versioned bucket), e.g. a malformed one a broken store might send. */
  versionId?: string;
}

export type S3Fault =
  | { kind: 'status'; status: number; code?: string; message?: string; headers?: Record<string, string> }
  /** Headers and half the body, then a TCP reset. */
  | { kind: 'reset-mid-body' }
  /** `Content-Length` says the full size; the connection closes cleanly after `sendBytes` (default half). */
  | { kind: 'short-body'; sendBytes?: number }
  /** Never answer. */
  | { kind: 'hang' }
  /** Headers and half the body, then silence (the connection stays open). */
  | { kind: 'stall-mid-body' }
  /** The whole body, then `extraBytes` more than `Content-Length` promised, then a clean close. */
  | { kind: 'long-body'; extraBytes?: number }
  /** The body in `Transfer-Encoding: chunked` framing instead of with a `Content-Length` (S3 never does this). */
  | { kind: 'chunked-body' };

export interface S3FaultRule {
  fault: S3Fault;
  remaining: number;
  method?: string;
  key?: string;
  bucket?: string;
}

export interface S3RecordedRequest {
  method: string;
  bucket: string;
  key: string;
  versionId?: string;
  style: 'path' | 'virtual';
  checksumMode: boolean;
  /** The access key id from the SigV4 credential scope (an identifier, not a secret); '' when unsigned. */
  accessKeyId: string;
  /** The region the request was signed for. */
  signedRegion: string;
  status: number;
}

export interface S3ServerOptions {
  /** Access key ids the server accepts (default: any signed request). Unsigned requests get 403 AccessDenied. */
  accessKeyIds?: string[];
  /**
   * Permissions per access key id, by IAM action: a request needing an action not in the list gets 403. Default:
   * everything. (`s3:ListBucket` also decides whether a missing key is 404 or 403, as on S3.)
   */
  permissions?: Record<string, string[]>;
}

export interface S3Server {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  readonly requests: S3RecordedRequest[];
  createBucket(name: string, options?: { region?: string; versioned?: boolean }): void;
  /** Stores a new object version; returns its version id ('null' in an unversioned bucket). */
  putObject(bucket: string, key: string, body: Buffer | string, options?: PutOptions): string;
  /** Deletes the key: a delete marker in a versioned bucket (its version id is returned), removal otherwise. */
  deleteObject(bucket: string, key: string): string | undefined;
  /** Permanently deletes one version (what a lifecycle expiry or `DeleteObject` with a versionId does); true if found. */
  deleteVersion(bucket: string, key: string, versionId: string): boolean;
  /** Scripts `count` faults for matching requests (Infinity: all of them). */
  fault(fault: S3Fault, count?: number, match?: { method?: string; key?: string; bucket?: string }): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export const sha256Base64 = (body: Buffer): string => createHash('sha256').update(body).digest('base64');

/** Starts the loopback S3 on 127.0.0.1 with an ephemeral port. */
export async function startS3Server(options: S3ServerOptions = {}): Promise<S3Server> {
  const buckets = new Map<string, Bucket>();
  const requests: S3RecordedRequest[] = [];
  const faults: S3FaultRule[] = [];
  const sockets = new Set<Socket>();
  let counter = 0;

  const server: Server = createServer((req, res) => {
    handle(req, res, { buckets, requests, faults, options });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    createBucket(name, o = {}) {
      buckets.set(name, { region: o.region ?? 'us-east-1', versioned: o.versioned ?? false, objects: new Map() });
    },
    putObject(bucketName, key, body, o = {}) {
      const bucket = buckets.get(bucketName);
      if (!bucket) throw new Error(`no bucket ${bucketName}`);
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      counter += 1;
      const versionId = bucket.versioned ? (o.versionId ?? `v${counter}-${randomBytes(6).toString('hex')}`) : 'null';
      const version: StoredVersion = {
        versionId,
        body: bytes,
        etag: `"${createHash('md5').update(bytes).digest('hex')}"`,
        lastModified: new Date(),
        deleteMarker: false,
      };
      const mode = o.checksum ?? 'full';
      if (mode === 'full') {
        version.checksumSha256 = o.storedSha256 ?? sha256Base64(bytes);
        if (!o.omitChecksumType) version.checksumType = 'FULL_OBJECT';
      } else if (mode === 'composite') {
        version.checksumSha256 = `${o.storedSha256 ?? sha256Base64(Buffer.from('parts'))}-${o.parts ?? 2}`;
        if (!o.omitChecksumType) version.checksumType = 'COMPOSITE';
      }
      const list = bucket.objects.get(key) ?? [];
      // An unversioned bucket keeps only the latest bytes.
      bucket.objects.set(key, bucket.versioned ? [...list, version] : [version]);
      return versionId;
    },
    deleteObject(bucketName, key): string | undefined {
      const bucket = buckets.get(bucketName);
      if (!bucket) return undefined;
      if (!bucket.versioned) {
        bucket.objects.delete(key);
        return undefined;
      }
      counter += 1;
      const marker: StoredVersion = {
        versionId: `dm${counter}`,
        body: Buffer.alloc(0),
        etag: '""',
        lastModified: new Date(),
        deleteMarker: true,
      };
      bucket.objects.set(key, [...(bucket.objects.get(key) ?? []), marker]);
      return marker.versionId;
    },
    deleteVersion(bucketName, key, versionId) {
      const list = buckets.get(bucketName)?.objects.get(key);
      if (!list?.some((v) => v.versionId === versionId)) return false;
      buckets.get(bucketName)!.objects.set(
        key,
        list.filter((v) => v.versionId !== versionId),
      );
      return true;
    },
    fault(fault, count = 1, match = {}) {
      faults.push({ fault, remaining: count, ...match });
    },
    clearFaults() {
      faults.length = 0;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface ServerState {
  buckets: Map<string, Bucket>;
  requests: S3RecordedRequest[];
  faults: S3FaultRule[];
  options: S3ServerOptions;
}

interface Parsed {
  method: string;
  bucket: string;
  key: string;
  versionId?: string;
  style: 'path' | 'virtual';
  checksumMode: boolean;
  accessKeyId: string;
  signedRegion: string;
}

/** Bucket and key from the Host header (virtual-host style) or the path (path style). */
function parseRequest(req: IncomingMessage): Parsed {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  const virtual = /^(.+)\.localhost$/.exec(host);
  // The SDK percent-encodes each key segment; the raw path is decoded segment by segment.
  const segments = url.pathname.split('/').slice(1).map(decodeURIComponent);
  let bucket: string;
  let key: string;
  if (virtual) {
    bucket = virtual[1]!;
    key = segments.join('/');
  } else {
    bucket = segments[0] ?? '';
    key = segments.slice(1).join('/');
  }
  const auth = String(req.headers.authorization ?? '');
  const scope = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/s3\/aws4_request/.exec(auth);
  const parsed: Parsed = {
    method: req.method ?? 'GET',
    bucket,
    key,
    style: virtual ? 'virtual' : 'path',
    checksumMode: String(req.headers['x-amz-checksum-mode'] ?? '').toUpperCase() === 'ENABLED',
    accessKeyId: scope?.[1] ?? '',
    signedRegion: scope?.[2] ?? '',
  };
  const versionId = url.searchParams.get('versionId');
  if (versionId !== null) parsed.versionId = versionId;
  return parsed;
}

function takeFault(faults: S3FaultRule[], p: Parsed): S3Fault | undefined {
  for (const rule of faults) {
    if (rule.remaining <= 0) continue;
    if (rule.method && rule.method !== p.method) continue;
    if (rule.key !== undefined && rule.key !== p.key) continue;
    if (rule.bucket !== undefined && rule.bucket !== p.bucket) continue;
    rule.remaining -= 1;
    return rule.fault;
  }
  return undefined;
}

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An S3 error: an XML body on GET, the status only on HEAD (as S3 answers). */
function sendError(
  res: ServerResponse,
  rec: S3RecordedRequest,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  rec.status = status;
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const base = { 'x-amz-request-id': requestId, ...headers };
  if (rec.method === 'HEAD') {
    res.writeHead(status, base);
    res.end();
    return;
  }
  const extra = rec.key ? `<Key>${xmlEscape(rec.key)}</Key>` : `<BucketName>${xmlEscape(rec.bucket)}</BucketName>`;
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>` +
    `${extra}<RequestId>${requestId}</RequestId></Error>`;
  res.writeHead(status, { ...base, 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const DEFAULT_CODES: Record<number, [string, string]> = {
  403: ['AccessDenied', 'Access Denied'],
  404: ['NoSuchKey', 'The specified key does not exist.'],
  500: ['InternalError', 'We encountered an internal error. Please try again.'],
  503: ['SlowDown', 'Please reduce your request rate.'],
};

function handle(req: IncomingMessage, res: ServerResponse, state: ServerState): void {
  const p = parseRequest(req);
  const rec: S3RecordedRequest = {
    method: p.method,
    bucket: p.bucket,
    key: p.key,
    style: p.style,
    checksumMode: p.checksumMode,
    accessKeyId: p.accessKeyId,
    signedRegion: p.signedRegion,
    status: 0,
  };
  if (p.versionId !== undefined) rec.versionId = p.versionId;
  state.requests.push(rec);
  // Drain any request body: the gate never sends one, but a client might.
  req.resume();

  const fault = takeFault(state.faults, p);
  if (fault?.kind === 'hang') return;
  if (fault?.kind === 'status') {
    const [code, message] = DEFAULT_CODES[fault.status] ?? ['InternalError', 'error'];
    return sendError(res, rec, fault.status, fault.code ?? code, fault.message ?? message, fault.headers);
  }
  if (p.method !== 'HEAD' && p.method !== 'GET') {
    return sendError(res, rec, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }
  if (!authorise(res, rec, p, state)) return;
  const bucket = state.buckets.get(p.bucket);
  if (!bucket) return sendError(res, rec, 404, 'NoSuchBucket', 'The specified bucket does not exist.');
  if (p.signedRegion && p.signedRegion !== bucket.region) {
    return sendError(
      res,
      rec,
      301,
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint.',
      {
        'x-amz-bucket-region': bucket.region,
      },
    );
  }
  if (p.key === '') {
    rec.status = 200;
    res.writeHead(200, { 'x-amz-bucket-region': bucket.region });
    res.end();
    return;
  }
  serveObject(req, res, rec, p, bucket, state, fault);
}

/** Which IAM action a request needs, as S3 authorises it. */
function actionOf(p: Parsed): string {
  if (p.key === '') return 's3:ListBucket';
  return p.versionId !== undefined ? 's3:GetObjectVersion' : 's3:GetObject';
}

function allowed(state: ServerState, p: Parsed, action: string): boolean {
  const perms = state.options.permissions?.[p.accessKeyId];
  return perms === undefined || perms.includes(action);
}

function authorise(res: ServerResponse, rec: S3RecordedRequest, p: Parsed, state: ServerState): boolean {
  if (!p.accessKeyId) {
    sendError(res, rec, 403, 'AccessDenied', 'Anonymous access is not allowed.');
    return false;
  }
  const known = state.options.accessKeyIds;
  if (known && !known.includes(p.accessKeyId)) {
    sendError(res, rec, 403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
    return false;
  }
  const action = actionOf(p);
  if (!allowed(state, p, action)) {
    sendError(
      res,
      rec,
      403,
      'AccessDenied',
      `User is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
    );
    return false;
  }
  return true;
}

function findVersion(
  bucket: Bucket,
  p: Parsed,
): StoredVersion | 'no-key' | 'no-version' | 'deleted' | 'delete-marker-version' {
  const list = bucket.objects.get(p.key);
  if (!list || list.length === 0) return 'no-key';
  if (p.versionId === undefined) {
    const latest = list[list.length - 1]!;
    return latest.deleteMarker ? 'deleted' : latest;
  }
  const v = list.find((x) => x.versionId === p.versionId);
  if (!v) return 'no-version';
  return v.deleteMarker ? 'delete-marker-version' : v;
}

function serveObject(
  req: IncomingMessage,
  res: ServerResponse,
  rec: S3RecordedRequest,
  p: Parsed,
  bucket: Bucket,
  state: ServerState,
  fault: S3Fault | undefined,
): void {
  const found = findVersion(bucket, p);
  if (found === 'no-key' || found === 'deleted') {
    // Without s3:ListBucket, S3 answers a missing key with 403 so that a caller cannot probe which keys exist.
    if (found === 'no-key' && !allowed(state, p, 's3:ListBucket')) {
      return sendError(res, rec, 403, 'AccessDenied', 'Access Denied');
    }
    const headers: Record<string, string> = found === 'deleted' ? { 'x-amz-delete-marker': 'true' } : {};
    return sendError(res, rec, 404, 'NoSuchKey', 'The specified key does not exist.', headers);
  }
  if (found === 'delete-marker-version') {
    // S3 answers a request for a version that is a delete marker with 405 and the marker header.
    return sendError(res, rec, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', {
      'x-amz-delete-marker': 'true',
    });
  }
  if (found === 'no-version') {
    return sendError(res, rec, 404, 'NoSuchVersion', 'The specified version does not exist.');
  }
  const ifMatch = req.headers['if-match'];
  if (ifMatch !== undefined && ifMatch !== found.etag) {
    return sendError(
      res,
      rec,
      412,
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
    );
  }
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/octet-stream',
    'Content-Length': found.body.length,
    ETag: found.etag,
    'Last-Modified': found.lastModified.toUTCString(),
    'Accept-Ranges': 'bytes',
  };
  if (bucket.versioned) headers['x-amz-version-id'] = found.versionId;
  if (p.checksumMode && found.checksumSha256 !== undefined) {
    headers['x-amz-checksum-sha256'] = found.checksumSha256;
    if (found.checksumType) headers['x-amz-checksum-type'] = found.checksumType;
  }
  if (fault?.kind === 'chunked-body' && p.method === 'GET') {
    delete headers['Content-Length'];
    headers['Transfer-Encoding'] = 'chunked';
  }
  rec.status = 200;
  res.writeHead(200, headers);
  if (p.method === 'HEAD') {
    res.end();
    return;
  }
  sendBody(res, found.body, fault);
}

function sendBody(res: ServerResponse, body: Buffer, fault: S3Fault | undefined): void {
  if (fault?.kind === 'reset-mid-body') {
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => {
      // A TCP RST, as a crashed proxy or a load balancer's idle cut looks to the client.
      setImmediate(() => res.socket?.resetAndDestroy());
    });
    return;
  }
  if (fault?.kind === 'stall-mid-body') {
    res.write(body.subarray(0, Math.floor(body.length / 2)));
    return;
  }
  if (fault?.kind === 'long-body') {
    // Past the HTTP layer, on the socket itself: Node's server would refuse to write more than Content-Length.
    res.flushHeaders();
    res.socket?.write(Buffer.concat([body, Buffer.alloc(fault.extraBytes ?? 16, 0x78)]), () => res.socket?.end());
    return;
  }
  if (fault?.kind === 'short-body') {
    const n = fault.sendBytes ?? Math.floor(body.length / 2);
    // A clean FIN after fewer bytes than Content-Length promised.
    res.write(body.subarray(0, n), () => res.socket?.end());
    return;
  }
  // Stream in 1 MiB slices so large objects exercise the client's streaming.
  let offset = 0;
  const step = 1024 * 1024;
  const pump = (): void => {
    while (offset < body.length) {
      const chunk = body.subarray(offset, offset + step);
      offset += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  pump();
}

export interface StsServer {
  readonly url: string;
  /** Web identity tokens presented, by count only (a token is a credential: never recorded). */
  readonly calls: number;
  close(): Promise<void>;
}

/**
 * A loopback AWS STS answering `AssumeRoleWithWebIdentity` (what the SDK's web-identity provider calls with the OIDC
 * token GitHub issues to a job): the documented query-protocol XML with temporary credentials, or an
 * `ExpiredTokenException` when `expired` is set.
 */
export async function startStsServer(issued: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expired?: boolean;
}): Promise<StsServer> {
  let calls = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      calls += 1;
      if (form.get('Action') !== 'AssumeRoleWithWebIdentity' || !form.get('WebIdentityToken')) {
        res.writeHead(400, { 'Content-Type': 'text/xml' });
        res.end(stsError('InvalidAction', 'Could not find operation'));
        return;
      }
      if (issued.expired) {
        res.writeHead(400, { 'Content-Type': 'text/xml' });
        res.end(
          stsError(
            'ExpiredTokenException',
            'Token expired: current date/time 1700000000 must be before the expiration date/time 1600000000',
          ),
        );
        return;
      }
      const expiration = new Date(Date.now() + 3600_000).toISOString();
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.end(
        `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult>` +
          `<Credentials><AccessKeyId>${issued.accessKeyId}</AccessKeyId><SecretAccessKey>${issued.secretAccessKey}</SecretAccessKey>` +
          `<SessionToken>${issued.sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
          `<SubjectFromWebIdentityToken>repo:acme/credit-model:pull_request</SubjectFromWebIdentityToken>` +
          `<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/mlgov-governance-read/gha</Arn>` +
          `<AssumedRoleId>AROAEXAMPLE:gha</AssumedRoleId></AssumedRoleUser>` +
          `<Provider>token.actions.githubusercontent.com</Provider><Audience>sts.amazonaws.com</Audience>` +
          `</AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>` +
          `</ResponseMetadata></AssumeRoleWithWebIdentityResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get calls() {
      return calls;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function stsError(code: string, message: string): string {
  return (
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code>` +
    `<Message>${xmlEscape(message)}</Message></Error><RequestId>d5f0e4a1-0000-0000-0000-000000000000</RequestId></ErrorResponse>`
  );
}
