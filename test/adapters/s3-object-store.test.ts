/**
 * The S3 adapter against real HTTP on 127.0.0.1: the loopback S3 in test/servers/s3-server.ts (versions, checksums,
 * faults) and the npm `s3rver` package (the happy path a second, independent implementation agrees on). The real
 * `@aws-sdk/client-s3` signs and sends every request; nothing is mocked.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  createS3ObjectStore,
  formatS3Url,
  parseS3Url,
  resolveS3Connection,
  storedChecksumOf,
  verifyObject,
  type ObjectStore,
  type S3ClientOptions,
  type S3Failure,
  type S3ObjectHead,
  type S3Settings,
  type S3Verification,
} from '../../src/adapters/s3-object-store.js';
import { LeakWatch, STACK_TRACE } from '../faults/leak-watch.js';
import { liveHashingThreads, THREAD_THRESHOLD_BYTES } from '../../src/adapters/threaded-sha256.js';
import { sha256Base64, startS3Server, startStsServer, type S3Server } from '../servers/s3-server.js';

const ACCESS_KEY = 'AKIAMLGOVTEST0000001';
const SECRET = 'mlgovFakeSecretKey/DoNotLeak+0123456789abcd';
const SESSION = 'mlgovFakeSessionToken//IQoJb3JpZ2luX2VjEDoaCXVzLWVhc3QtMSJHMEUCIQ';
const leaks = new LeakWatch([SECRET, SESSION]);

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** Deterministic pseudo-random bytes (xorshift), so a multi-MiB object is not all zeros. */
function bytes(size: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** The process environment the SDK's credential chain reads, isolated from the machine's. */
const SAVED_ENV: Record<string, string | undefined> = {};
const ISOLATED = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_S3',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
];
let emptyHome: string;
beforeAll(() => {
  emptyHome = mkdtempSync(join(tmpdir(), 'mlgov-s3-home-'));
  for (const k of ISOLATED) {
    SAVED_ENV[k] = process.env[k];
    delete process.env[k];
  }
  // No instance metadata service on a test machine: without this the chain would wait for it.
  process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
  process.env['AWS_CONFIG_FILE'] = join(emptyHome, 'config');
  process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(emptyHome, 'credentials');
});
afterAll(() => {
  for (const k of ISOLATED) {
    if (SAVED_ENV[k] === undefined) delete process.env[k];
    else process.env[k] = SAVED_ENV[k];
  }
  rmSync(emptyHome, { recursive: true, force: true });
});

let server: S3Server;
let delays: number[];
beforeEach(async () => {
  server = await startS3Server();
  server.createBucket('models', { versioned: true });
  server.createBucket('plain-bucket', { versioned: false });
  server.createBucket('eu-models', { region: 'eu-west-1', versioned: true });
  delays = [];
});
const opened: ObjectStore[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) store.close();
  await server.close();
});

function envFor(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_SESSION_TOKEN: SESSION,
    AWS_ENDPOINT_URL_S3: url,
    AWS_REGION: 'us-east-1',
    ...extra,
  };
}

function storeFor(
  env: Record<string, string | undefined>,
  settings: S3Settings = { forcePathStyle: true, trustStoredChecksums: true },
  options: S3ClientOptions = {},
): ObjectStore {
  const made = createS3ObjectStore(env, settings, {
    maxAttempts: 3,
    initialDelayMs: 5,
    // Generous: the machine may be busy; the timeout tests set their own.
    timeoutMs: 10_000,
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...options,
  });
  if (made.kind !== 'configured') throw new Error(`not configured: ${made.message}`);
  opened.push(made.store);
  leaks.add('describe', made.store.describe());
  return made.store;
}

/** Records a failure's texts for the leak check, and checks its shape: no stack trace, a fix. */
function seen<T>(r: T): T {
  const rec = r as unknown as Partial<S3Failure>;
  if (typeof rec.message === 'string') {
    leaks.add(`${rec.kind}: message`, rec.message);
    leaks.add(`${rec.kind}: fix`, rec.fix ?? '');
    expect(rec.message).not.toMatch(STACK_TRACE);
    expect(rec.fix).toBeTruthy();
  }
  return r;
}

function failure(r: unknown): S3Failure {
  const f = seen(r) as S3Failure;
  expect(f).toHaveProperty('verdict');
  return f;
}

function verified(r: S3Verification | S3Failure): S3Verification {
  seen(r);
  if (r.kind !== 'verified') throw new Error(`expected verified, got ${r.kind}: ${r.message}`);
  return r;
}

describe('parseS3Url: what a manifest may write', () => {
  it('reads a bucket and a key, literally', () => {
    expect(parseS3Url('s3://ml-models.prod/credit/v3/production model.h5')).toEqual({
      ok: true,
      location: { bucket: 'ml-models.prod', key: 'credit/v3/production model.h5' },
    });
  });

  it('reads a pinned version, percent-decoded, with + kept as + (not a space)', () => {
    const r = parseS3Url('s3://models/m.onnx?versionId=3HL4kqtJ%2FlcpXroDTDmJ+rmSpXd3dIbrHY');
    expect(r).toEqual({
      ok: true,
      location: { bucket: 'models', key: 'm.onnx', versionId: '3HL4kqtJ/lcpXroDTDmJ+rmSpXd3dIbrHY' },
    });
  });

  it.each([
    ['S3://models/m.onnx', 'starts with s3://'],
    ['s3:/models/m.onnx', 'starts with s3://'],
    ['s3://models', 'no object key'],
    ['s3://models/', 'object key is empty'],
    ['s3://Models/m.onnx', 'lowercase letters'],
    ['s3://ab/m.onnx', '3 to 63'],
    ['s3://' + 'a'.repeat(64) + '/m', '3 to 63'],
    ['s3://-models/m', 'starts and ends with a letter or digit'],
    ['s3://models-/m', 'starts and ends with a letter or digit'],
    ['s3://my_models/m', 'lowercase letters'],
    ['s3://a..b/m', 'two adjacent dots'],
    ['s3://192.168.10.1/m', 'IP address'],
    ['s3://xn--models/m', 'reserves'],
    ['s3://models-s3alias/m', 'reserves'],
    ['s3://models--ol-s3/m', 'reserves'],
    ['s3://user:pw@models/m', 'lowercase letters'],
    ['s3://models:9000/m', 'lowercase letters'],
    ['s3://models//m', 'empty segment'],
    ['s3://models/a//b', 'empty segment'],
    ['s3://models/a/', 'empty segment'],
    ['s3://models/a/../b', '".." segment'],
    ['s3://models/../secrets/k', '".." segment'],
    ['s3://models/./a', '"." or ".." segment'],
    ['s3://models/a%2F..%2Fb', 'percent-encoded'],
    ['s3://models/a\\b', 'backslash'],
    ['s3://models/a\nb', 'control or invisible'],
    ['s3://models/a\u0000b', 'control or invisible'],
    ['s3://models/model\u202Exnno.h5', 'control or invisible'],
    ['s3://models/mod\u200Bel.h5', 'control or invisible'],
    ['s3://models/ model.h5', 'white space'],
    ['s3://models/m#frag', '"#"'],
    ['s3://models/' + 'k'.repeat(1025), '1024 bytes'],
    ['s3://models/m?versionId=', 'versionId is empty'],
    ['s3://models/m?versionId=null', 'unversioned copy'],
    ['s3://models/m?versionId=a%20b', 'characters a version id never has'],
    ['s3://models/m?versionId=%E2%80%AE', 'characters a version id never has'],
    ['s3://models/m?versionId=%zz', 'percent-encoding'],
    ['s3://models/m?versionId=a&versionId=b', 'single ?versionId'],
    ['s3://models/m?versionid=a', 'single ?versionId'],
    ['s3://models/m?partNumber=1', 'single ?versionId'],
  ])('refuses %j (%s)', (text, why) => {
    const r = parseS3Url(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toContain(why);
  });

  it('formatS3Url inverts parseS3Url for any valid location (fast-check, fixed seed)', () => {
    const segment = fc
      .stringMatching(/^[A-Za-z0-9_+=~ -][A-Za-z0-9._+=~ -]{0,11}$/)
      .filter((s) => s.trim() === s && s !== '.' && s !== '..');
    const location = fc.record({
      bucket: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/).filter((b) => !b.startsWith('xn--')),
      key: fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')),
      versionId: fc.option(
        fc.stringMatching(/^[A-Za-z0-9._+/=-]{1,40}$/).filter((v) => v !== 'null'),
        {
          nil: undefined,
        },
      ),
    });
    fc.assert(
      fc.property(location, (loc) => {
        const clean = loc.versionId === undefined ? { bucket: loc.bucket, key: loc.key } : loc;
        expect(parseS3Url(formatS3Url(clean))).toEqual({ ok: true, location: clean });
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('storedChecksumOf: a composite checksum is never a SHA-256', () => {
  const full = sha256Base64(Buffer.from('weights'));

  it('reads a full-object checksum as hex', () => {
    expect(storedChecksumOf(full, 'FULL_OBJECT')).toEqual({ type: 'FULL_OBJECT', sha256: sha256('weights') });
    expect(storedChecksumOf(full, undefined)).toEqual({ type: 'FULL_OBJECT', sha256: sha256('weights') });
  });

  it('reads COMPOSITE by its type, and by a -N suffix when the type is missing', () => {
    expect(storedChecksumOf(`${full}-3`, 'COMPOSITE')).toEqual({ type: 'COMPOSITE', value: `${full}-3`, parts: 3 });
    expect(storedChecksumOf(full, 'COMPOSITE')).toEqual({ type: 'COMPOSITE', value: full });
    expect(storedChecksumOf(`${full}-12`, undefined)).toEqual({ type: 'COMPOSITE', value: `${full}-12`, parts: 12 });
  });

  it('never reads a contradictory or malformed value as a digest', () => {
    expect(storedChecksumOf(`${full}-2`, 'FULL_OBJECT')).toMatchObject({ type: 'UNUSABLE' });
    expect(storedChecksumOf('not-base64!', 'FULL_OBJECT')).toMatchObject({ type: 'UNUSABLE' });
    expect(storedChecksumOf(Buffer.alloc(20).toString('base64'), 'FULL_OBJECT')).toMatchObject({ type: 'UNUSABLE' });
    expect(storedChecksumOf(full, 'SOMETHING')).toMatchObject({ type: 'UNUSABLE' });
    expect(storedChecksumOf(undefined, 'FULL_OBJECT')).toBeUndefined();
  });
});

describe('resolveS3Connection: endpoints, regions and credentials from standard places', () => {
  it('prefers the policy endpoint, then AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL', () => {
    const env = { AWS_ENDPOINT_URL_S3: 'https://s3.example.com', AWS_ENDPOINT_URL: 'https://all.example.com' };
    expect(resolveS3Connection(env, { endpoint: 'https://minio.example.com' })).toMatchObject({
      endpoint: 'https://minio.example.com',
    });
    expect(resolveS3Connection(env)).toMatchObject({ endpoint: 'https://s3.example.com' });
    expect(resolveS3Connection({ AWS_ENDPOINT_URL: 'https://all.example.com' })).toMatchObject({
      endpoint: 'https://all.example.com',
    });
    expect(resolveS3Connection({})).not.toHaveProperty('endpoint');
  });

  it('takes the region from the policy, AWS_REGION, AWS_DEFAULT_REGION, else us-east-1', () => {
    expect(resolveS3Connection({ AWS_REGION: 'eu-west-1' }, { region: 'auto' })).toMatchObject({ region: 'auto' });
    expect(resolveS3Connection({ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'x' })).toMatchObject({
      region: 'eu-west-1',
    });
    expect(resolveS3Connection({ AWS_DEFAULT_REGION: 'ap-south-1' })).toMatchObject({ region: 'ap-south-1' });
    expect(resolveS3Connection({})).toMatchObject({ region: 'us-east-1' });
    expect(failure(resolveS3Connection({ AWS_REGION: 'eu west 1' }))).toMatchObject({ kind: 'invalid-config' });
  });

  it('refuses plain http to a host that is not loopback unless allowHttp, since bytes and checksums could be altered', () => {
    const refused = failure(resolveS3Connection({ AWS_ENDPOINT_URL_S3: 'http://minio.internal:9000' }));
    expect(refused).toMatchObject({ kind: 'invalid-config', verdict: 'indeterminate' });
    expect(refused.message).toContain('plain http');
    expect(
      resolveS3Connection({ AWS_ENDPOINT_URL_S3: 'http://minio.internal:9000' }, { allowHttp: true }),
    ).toMatchObject({ endpoint: 'http://minio.internal:9000' });
    expect(resolveS3Connection({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' })).toMatchObject({
      endpoint: 'http://127.0.0.1:9000',
    });
  });

  it('refuses an endpoint carrying a password, without echoing it', () => {
    const f = failure(resolveS3Connection({ AWS_ENDPOINT_URL: 'https://minio:Pa55w0rdInUrl@minio.example.com' }));
    expect(f).toMatchObject({ kind: 'invalid-config' });
    expect(f.message).toBe('AWS_ENDPOINT_URL has a user name or password in it.');
    expect(f.fix).not.toContain('Pa55w0rdInUrl');
    // A URL that does not even parse is not echoed either.
    const g = failure(resolveS3Connection({ AWS_ENDPOINT_URL: `https://minio:${SECRET}@minio.example.com` }));
    expect(g.message).toBe('AWS_ENDPOINT_URL is not a URL.');
    expect(failure(resolveS3Connection({}, { endpoint: 'ftp://x' }))).toMatchObject({ kind: 'invalid-config' });
    expect(failure(resolveS3Connection({}, { endpoint: 'https://x/?a=1' }))).toMatchObject({ kind: 'invalid-config' });
  });

  it('says when only half of a key pair is set', () => {
    const f = failure(resolveS3Connection({ AWS_ACCESS_KEY_ID: ACCESS_KEY }));
    expect(f).toMatchObject({ kind: 'no-credentials', verdict: 'indeterminate' });
  });
});

describe('verifyObject on the loopback S3', () => {
  it('uses S3’s full-object SHA-256 without downloading: HEAD only, ChecksumMode ENABLED', async () => {
    const body = bytes(300_000, 1);
    const versionId = server.putObject('models', 'credit/v3/model.onnx', body);
    const r = verified(
      await verifyObject(storeFor(envFor(server.url)), { bucket: 'models', key: 'credit/v3/model.onnx' }),
    );
    expect(r).toEqual({
      kind: 'verified',
      location: { bucket: 'models', key: 'credit/v3/model.onnx', versionId },
      sha256: sha256(body),
      size: body.length,
      method: 'stored-checksum',
      notes: [],
    });
    expect(server.requests.map((q) => [q.method, q.checksumMode, q.style, q.accessKeyId])).toEqual([
      ['HEAD', true, 'path', ACCESS_KEY],
    ]);
  });

  it('streams an object whose checksum is composite (multipart), pinned to the version and ETag it looked at', async () => {
    const body = bytes(5 * 1024 * 1024 + 17, 2);
    const versionId = server.putObject('models', 'big.bin', body, { checksum: 'composite', parts: 2 });
    const progress: number[] = [];
    const r = verified(
      await verifyObject(
        storeFor(envFor(server.url)),
        { bucket: 'models', key: 'big.bin' },
        { onBytes: (n) => progress.push(n) },
      ),
    );
    expect(r).toMatchObject({ method: 'streamed', sha256: sha256(body), size: body.length, location: { versionId } });
    expect(r.notes).toEqual([
      'S3 holds a composite (multipart) checksum, which is not a SHA-256 of the object: the bytes were hashed',
    ]);
    expect(progress.reduce((a, b) => a + b, 0)).toBe(body.length);
    expect(server.requests.map((q) => [q.method, q.versionId])).toEqual([
      ['HEAD', undefined],
      ['GET', versionId],
    ]);
  });

  it('treats a -N suffix as composite when the store sends no checksum type', async () => {
    server.putObject('models', 'legacy.bin', 'legacy', { checksum: 'composite', omitChecksumType: true });
    const r = verified(await verifyObject(storeFor(envFor(server.url)), { bucket: 'models', key: 'legacy.bin' }));
    expect(r).toMatchObject({ method: 'streamed', sha256: sha256('legacy') });
  });

  it('streams an object with no SHA-256 checksum, and says so', async () => {
    server.putObject('models', 'nocheck.bin', 'no checksum here', { checksum: 'none' });
    const r = verified(await verifyObject(storeFor(envFor(server.url)), { bucket: 'models', key: 'nocheck.bin' }));
    expect(r).toMatchObject({ method: 'streamed', sha256: sha256('no checksum here'), size: 16 });
    expect(r.notes).toEqual(['the object has no SHA-256 checksum in S3: the bytes were hashed']);
  });

  it('verifies the pinned older version, not the latest bytes under the key', async () => {
    const v1 = server.putObject('models', 'm.onnx', 'approved weights', { checksum: 'none' });
    server.putObject('models', 'm.onnx', 'later weights', { checksum: 'none' });
    const r = verified(
      await verifyObject(storeFor(envFor(server.url)), { bucket: 'models', key: 'm.onnx', versionId: v1 }),
    );
    expect(r).toMatchObject({ sha256: sha256('approved weights'), location: { versionId: v1 } });
    expect(server.requests.every((q) => q.versionId === v1)).toBe(true);
  });

  it('keys with spaces and non-ASCII letters are signed and addressed exactly; an empty object hashes as empty', async () => {
    const key = 'credit/v3/modèle final (2).onnx';
    server.putObject('models', key, 'unicode key', { checksum: 'none' });
    server.putObject('models', 'empty.bin', '', { checksum: 'none' });
    const store = storeFor(envFor(server.url));
    expect(verified(await verifyObject(store, { bucket: 'models', key }))).toMatchObject({
      sha256: sha256('unicode key'),
    });
    expect(server.requests.map((q) => q.key)).toEqual([key, key]);
    expect(verified(await verifyObject(store, { bucket: 'models', key: 'empty.bin' }))).toMatchObject({
      sha256: sha256(''),
      size: 0,
      method: 'streamed',
    });
  });

  it('names the risk of an unversioned bucket', async () => {
    server.putObject('plain-bucket', 'm.onnx', 'weights');
    const r = verified(await verifyObject(storeFor(envFor(server.url)), { bucket: 'plain-bucket', key: 'm.onnx' }));
    expect(r.location).toEqual({ bucket: 'plain-bucket', key: 'm.onnx' });
    expect(r.notes).toEqual([
      'the bucket is not versioned: the bytes under this key can be replaced or deleted after approval',
    ]);
  });

  it('mode "stream" hashes the bytes even with a stored checksum, and a wrong stored checksum is a digest mismatch naming object and version', async () => {
    const wrong = sha256Base64(Buffer.from('something else'));
    const v = server.putObject('models', 'tampered.bin', 'real bytes', { storedSha256: wrong });
    const store = storeFor(envFor(server.url));
    const auto = verified(await verifyObject(store, { bucket: 'models', key: 'tampered.bin' }));
    // A trusted store's checksum is taken (AWS validates it at upload); the check then compares it with the manifest.
    expect(auto).toMatchObject({ method: 'stored-checksum', sha256: sha256('something else') });
    const f = failure(await verifyObject(store, { bucket: 'models', key: 'tampered.bin' }, { mode: 'stream' }));
    expect(f).toMatchObject({ kind: 'digest-mismatch', verdict: 'fail' });
    expect(f.message).toBe(
      `The bytes of s3://models/tampered.bin?versionId=${v} hash to ${sha256('real bytes')}, but S3's stored full-object checksum says ${sha256('something else')}.`,
    );
  });

  it('a custom endpoint is not trusted with stored checksums by default: the bytes are hashed, a forged checksum caught', async () => {
    const forged = sha256Base64(Buffer.from('what the uploader declared'));
    const v = server.putObject('models', 'forged.bin', 'what was uploaded', { storedSha256: forged });
    const store = storeFor(envFor(server.url), { forcePathStyle: true });
    expect(store.trustsStoredChecksums).toBe(false);
    const f = failure(await verifyObject(store, { bucket: 'models', key: 'forged.bin' }));
    expect(f).toMatchObject({ kind: 'digest-mismatch', verdict: 'fail' });
    expect(f.message).toContain(`s3://models/forged.bin?versionId=${v}`);
    server.putObject('models', 'honest.bin', 'honest');
    const ok = verified(await verifyObject(store, { bucket: 'models', key: 'honest.bin' }));
    expect(ok).toMatchObject({ method: 'streamed', sha256: sha256('honest') });
    expect(ok.notes).toEqual([
      'the store is not trusted to have checked the stored checksum (trustStoredChecksums): the bytes were hashed',
    ]);
    // On AWS (no custom endpoint) the stored checksum is trusted unless the policy says otherwise.
    expect(resolveS3Connection({})).toMatchObject({ trustsStoredChecksums: true });
    expect(resolveS3Connection({}, { trustStoredChecksums: false })).toMatchObject({ trustsStoredChecksums: false });
  });

  it('never takes an endpoint from the process environment or a profile behind the settings’ back', async () => {
    server.putObject('models', 'm.onnx', 'x');
    const before = process.env['AWS_ENDPOINT_URL_S3'];
    process.env['AWS_ENDPOINT_URL_S3'] = server.url;
    // Names other than loopback fail at once through this resolver: the test never leaves the machine.
    const lookup = ((host: string, opts: object, cb: (...a: unknown[]) => void) =>
      host === '127.0.0.1' || host === 'localhost'
        ? dnsLookup(host, opts, cb)
        : cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }))) as never;
    try {
      const store = storeFor(
        { AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: 'us-east-1' },
        {},
        { lookup, maxAttempts: 1 },
      );
      const f = failure(await store.headObject('models', 'm.onnx'));
      expect(f).toMatchObject({ kind: 'unreachable' });
      expect(f.message).toContain('s3.us-east-1.amazonaws.com');
      expect(server.requests).toHaveLength(0);
    } finally {
      if (before === undefined) delete process.env['AWS_ENDPOINT_URL_S3'];
      else process.env['AWS_ENDPOINT_URL_S3'] = before;
    }
  });

  it('addresses the bucket virtual-host style (Host: bucket.localhost) when path style is off', async () => {
    server.putObject('models', 'vh.bin', 'virtual host');
    // `models.localhost` resolves to loopback only through this resolver: the machine's need not know it.
    const lookup = ((host: string, opts: object, cb: (...a: unknown[]) => void) =>
      host.endsWith('.localhost') ? dnsLookup('127.0.0.1', opts, cb) : dnsLookup(host, opts, cb)) as never;
    const store = storeFor(envFor(`http://localhost:${server.port}`), { forcePathStyle: false }, { lookup });
    const r = verified(await verifyObject(store, { bucket: 'models', key: 'vh.bin' }, { mode: 'stream' }));
    expect(r.sha256).toBe(sha256('virtual host'));
    expect(server.requests.map((q) => q.style)).toEqual(['virtual', 'virtual']);
  });
});

describe('failures are typed, fail closed and name the object', () => {
  it('NoSuchKey: fail, naming the object', async () => {
    const f = failure(await verifyObject(storeFor(envFor(server.url)), { bucket: 'models', key: 'absent.onnx' }));
    expect(f).toMatchObject({ kind: 'no-such-key', verdict: 'fail', status: 404 });
    expect(f.message).toBe('S3 has no object s3://models/absent.onnx (404 NoSuchKey).');
  });

  it('NoSuchVersion: a pinned version that is gone, told apart from a missing key', async () => {
    server.putObject('models', 'm.onnx', 'x');
    const f = failure(
      await verifyObject(storeFor(envFor(server.url)), { bucket: 'models', key: 'm.onnx', versionId: 'v999-gone' }),
    );
    expect(f).toMatchObject({ kind: 'no-such-version', verdict: 'fail' });
    expect(f.message).toBe('S3 has no version v999-gone of s3://models/m.onnx (404 NoSuchVersion).');
  });

  it('a delete marker on top is "deleted"; so is a pinned version that is a delete marker (405)', async () => {
    server.putObject('models', 'm.onnx', 'x');
    const marker = server.deleteObject('models', 'm.onnx')!;
    const store = storeFor(envFor(server.url));
    const f = failure(await verifyObject(store, { bucket: 'models', key: 'm.onnx' }));
    expect(f).toMatchObject({ kind: 'deleted', verdict: 'fail', status: 404 });
    expect(f.message).toBe('s3://models/m.onnx was deleted: its latest version is a delete marker.');
    const pinned = failure(await verifyObject(store, { bucket: 'models', key: 'm.onnx', versionId: marker }));
    expect(pinned).toMatchObject({ kind: 'deleted', verdict: 'fail', status: 405 });
  });

  it('a malformed version id from the store never reaches a report', async () => {
    // A version id with white space in it stands for a broken store's answer.
    server.putObject('models', 'odd.bin', 'x', { versionId: 'v1 <b>injected</b>' });
    const f = failure(await verifyObject(storeFor(envFor(server.url)), { bucket: 'models', key: 'odd.bin' }));
    expect(f).toMatchObject({ kind: 'bad-response', verdict: 'indeterminate' });
    expect(f.message).toBe('The store answered HeadObject for s3://models/odd.bin with a malformed version id.');
  });

  it('NoSuchBucket on HeadBucket', async () => {
    const f = failure(await storeFor(envFor(server.url)).headBucket('no-such-models'));
    expect(f).toMatchObject({ kind: 'no-such-bucket', verdict: 'fail', status: 404 });
    expect(f.message).toBe('S3 has no bucket no-such-models (404 NoSuchBucket).');
  });

  it('403 names the missing IAM action: s3:GetObject, s3:GetObjectVersion, s3:ListBucket', async () => {
    const v = server.putObject('models', 'm.onnx', 'x');
    await server.close();
    server = await startS3Server({ permissions: { [ACCESS_KEY]: [] } });
    server.createBucket('models', { versioned: true });
    server.putObject('models', 'm.onnx', 'x');
    const store = storeFor(envFor(server.url));
    const get = failure(await store.headObject('models', 'm.onnx'));
    expect(get).toMatchObject({ kind: 'forbidden', missingAction: 's3:GetObject', verdict: 'indeterminate' });
    expect(get.fix).toContain('Grant s3:GetObject on arn:aws:s3:::models/*');
    const version = failure(await store.headObject('models', 'm.onnx', v));
    expect(version).toMatchObject({ kind: 'forbidden', missingAction: 's3:GetObjectVersion' });
    const list = failure(await store.headBucket('models'));
    expect(list).toMatchObject({ kind: 'forbidden', missingAction: 's3:ListBucket' });
    expect(list.fix).toContain('arn:aws:s3:::models ');
  });

  it('without s3:ListBucket a missing key is a 403, and the message says it may be missing', async () => {
    await server.close();
    server = await startS3Server({ permissions: { [ACCESS_KEY]: ['s3:GetObject'] } });
    server.createBucket('models', { versioned: true });
    const f = failure(await storeFor(envFor(server.url)).headObject('models', 'absent.onnx'));
    expect(f).toMatchObject({ kind: 'forbidden', missingAction: 's3:GetObject' });
    expect(f.message).toContain('Without s3:ListBucket on the bucket, S3 also answers 403 (not 404)');
  });

  it('a GetObject refused for an unknown access key is "credentials-rejected" (S3’s code is in the body)', async () => {
    server.putObject('models', 'm.onnx', 'x');
    const store = storeFor(envFor(server.url));
    const head = (await store.headObject('models', 'm.onnx')) as { kind: 'ok'; head: S3ObjectHead };
    expect(head.kind).toBe('ok');
    await server.close();
    server = await startS3Server({ accessKeyIds: ['AKIASOMEONEELSE00000'] });
    const other = storeFor(envFor(server.url));
    const f = failure(await other.streamObject(head.head));
    expect(f).toMatchObject({ kind: 'credentials-rejected', verdict: 'indeterminate' });
    expect(f.message).toContain('InvalidAccessKeyId');
  });

  it('expired session credentials: 400 ExpiredToken on GetObject is "credentials-rejected"; a bodiless 400 on HEAD hints at it', async () => {
    const v = server.putObject('models', 'm.onnx', 'x', { checksum: 'none' });
    const store = storeFor(envFor(server.url));
    server.fault({ kind: 'status', status: 400, code: 'ExpiredToken', message: 'The provided token has expired.' }, 1, {
      method: 'GET',
    });
    const f = failure(await verifyObject(store, { bucket: 'models', key: 'm.onnx' }));
    expect(f).toMatchObject({ kind: 'credentials-rejected', status: 400, verdict: 'indeterminate' });
    expect(f.message).toBe(`S3 rejected the credentials for s3://models/m.onnx?versionId=${v} (ExpiredToken).`);
    server.fault({ kind: 'status', status: 400, code: 'ExpiredToken' }, 1, { method: 'HEAD' });
    const h = failure(await store.headObject('models', 'm.onnx'));
    expect(h).toMatchObject({ kind: 'server-error', status: 400, verdict: 'indeterminate' });
    expect(h.message).toBe(
      'S3 answered 400 for HeadObject on s3://models/m.onnx (commonly expired session credentials).',
    );
  });

  it('301 wrong region names the bucket’s region (HeadBucket and HeadObject)', async () => {
    server.putObject('eu-models', 'm.onnx', 'x');
    const store = storeFor(envFor(server.url));
    const b = failure(await store.headBucket('eu-models'));
    expect(b).toMatchObject({ kind: 'wrong-region', bucketRegion: 'eu-west-1', status: 301, verdict: 'indeterminate' });
    expect(b.fix).toBe("Set AWS_REGION=eu-west-1 (or the policy's s3.region).");
    const o = failure(await store.headObject('eu-models', 'm.onnx'));
    expect(o).toMatchObject({ kind: 'wrong-region', bucketRegion: 'eu-west-1' });
    // The SDK did not follow the redirect on its own: one request each.
    expect(server.requests).toHaveLength(2);
    const right = storeFor(envFor(server.url, { AWS_REGION: 'eu-west-1' }));
    expect(seen(await right.headBucket('eu-models'))).toEqual({ kind: 'ok', region: 'eu-west-1' });
  });

  it('an unreachable endpoint is retried with backoff, then "unreachable" (could not judge)', async () => {
    const closed = await freePort();
    const f = failure(await storeFor(envFor(`http://127.0.0.1:${closed}`)).headBucket('models'));
    expect(f).toMatchObject({ kind: 'unreachable', verdict: 'indeterminate' });
    expect(f.message).toBe(
      `Could not reach the S3 endpoint http://127.0.0.1:${closed} for bucket models (ECONNREFUSED) (gave up after 3 attempts).`,
    );
    expect(delays).toEqual([5, 10]);
  });

  it('no credentials anywhere is its own kind, said before any request', async () => {
    const env = { AWS_ENDPOINT_URL_S3: server.url, AWS_REGION: 'us-east-1' };
    const f = failure(await storeFor(env).headBucket('models'));
    expect(f).toMatchObject({ kind: 'no-credentials', verdict: 'indeterminate' });
    expect(f.fix).toContain('aws-actions/configure-aws-credentials');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses an invalid location before sending anything', async () => {
    const f = failure(await storeFor(envFor(server.url)).headObject('models', 'a/../b'));
    expect(f).toMatchObject({ kind: 'invalid-config' });
    expect(server.requests).toHaveLength(0);
  });

  it('an object replaced between HeadObject and GetObject is "changed" (If-Match), never hashed in its place', async () => {
    server.putObject('plain-bucket', 'm.onnx', 'approved', { checksum: 'none' });
    const store = storeFor(envFor(server.url));
    const head = (await store.headObject('plain-bucket', 'm.onnx')) as { kind: 'ok'; head: S3ObjectHead };
    server.putObject('plain-bucket', 'm.onnx', 'swapped!', { checksum: 'none' });
    const f = failure(await store.streamObject(head.head));
    expect(f).toMatchObject({ kind: 'changed', verdict: 'indeterminate' });
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', status: 412 });
  });
});

describe('retries and broken bodies', () => {
  it('503 SlowDown twice, then success: retried with exponential backoff', async () => {
    server.putObject('models', 'm.onnx', 'weights');
    server.fault({ kind: 'status', status: 503, code: 'SlowDown' }, 2, { method: 'HEAD' });
    const r = verified(await verifyObject(storeFor(envFor(server.url)), { bucket: 'models', key: 'm.onnx' }));
    expect(r.sha256).toBe(sha256('weights'));
    expect(delays).toEqual([5, 10]);
    expect(server.requests.map((q) => q.status)).toEqual([503, 503, 200]);
  });

  it('500 InternalError on GetObject once, then success', async () => {
    server.putObject('models', 'm.onnx', 'weights', { checksum: 'none' });
    server.fault({ kind: 'status', status: 500 }, 1, { method: 'GET' });
    const r = verified(await verifyObject(storeFor(envFor(server.url)), { bucket: 'models', key: 'm.onnx' }));
    expect(r).toMatchObject({ method: 'streamed', sha256: sha256('weights') });
    expect(delays).toEqual([5]);
  });

  it('503 that never ends: bounded, then "server-error" (could not judge), naming the attempts', async () => {
    server.putObject('models', 'm.onnx', 'weights');
    server.fault({ kind: 'status', status: 503, code: 'SlowDown' }, Infinity);
    const f = failure(await verifyObject(storeFor(envFor(server.url)), { bucket: 'models', key: 'm.onnx' }));
    expect(f).toMatchObject({ kind: 'server-error', status: 503, verdict: 'indeterminate' });
    expect(f.message).toBe('S3 answered 503 for HeadObject on s3://models/m.onnx (gave up after 3 attempts).');
    expect(server.requests).toHaveLength(3);
  });

  it('a connection reset mid-body is read again from the start; progress rewinds', async () => {
    const body = bytes(2 * 1024 * 1024, 5);
    server.putObject('models', 'm.bin', body, { checksum: 'none' });
    server.fault({ kind: 'reset-mid-body' }, 1, { method: 'GET' });
    const progress: number[] = [];
    const r = verified(
      await verifyObject(
        storeFor(envFor(server.url)),
        { bucket: 'models', key: 'm.bin' },
        { onBytes: (n) => progress.push(n) },
      ),
    );
    expect(r.sha256).toBe(sha256(body));
    expect(progress.some((n) => n < 0)).toBe(true);
    expect(progress.reduce((a, b) => a + b, 0)).toBe(body.length);
  });

  it('a body large enough to be hashed on a thread of its own: the same digest, after a reset mid-body too', async () => {
    // Above THREAD_THRESHOLD_BYTES the bytes go to a hashing thread in 1 MiB batches (threaded-sha256.ts); a reset
    // starts a new hash on a new thread, and every thread is stopped.
    const body = bytes(THREAD_THRESHOLD_BYTES + 1024 * 1024 + 3, 11);
    server.putObject('models', 'large.bin', body, { checksum: 'none' });
    server.fault({ kind: 'reset-mid-body' }, 1, { method: 'GET' });
    const r = verified(await verifyObject(storeFor(envFor(server.url)), { bucket: 'models', key: 'large.bin' }));
    expect(r).toMatchObject({ method: 'streamed', sha256: sha256(body), size: body.length });
    expect(server.requests.map((q) => q.method)).toEqual(['HEAD', 'GET', 'GET']);
    expect(liveHashingThreads()).toBe(0);
  });

  it('a reset on every attempt is "truncated": a failure naming object, version and bytes received', async () => {
    const body = bytes(1024 * 1024, 6);
    const v = server.putObject('models', 'm.bin', body, { checksum: 'none' });
    server.fault({ kind: 'reset-mid-body' }, Infinity, { method: 'GET' });
    const f = failure(await verifyObject(storeFor(envFor(server.url)), { bucket: 'models', key: 'm.bin' }));
    expect(f).toMatchObject({ kind: 'truncated', verdict: 'fail' });
    expect(f.message).toMatch(
      new RegExp(
        `^The body of s3://models/m\\.bin\\?versionId=${v} ended after \\d+ of 1048576 bytes \\(ECONNRESET\\) \\(gave up after 3 attempts\\)\\.$`,
      ),
    );
  });

  it('a body shorter than Content-Length is "truncated"', async () => {
    server.putObject('models', 'm.bin', 'x'.repeat(1000), { checksum: 'none' });
    server.fault({ kind: 'short-body', sendBytes: 400 }, Infinity, { method: 'GET' });
    const f = failure(await verifyObject(storeFor(envFor(server.url)), { bucket: 'models', key: 'm.bin' }));
    expect(f).toMatchObject({ kind: 'truncated', verdict: 'fail' });
    expect(f.message).toContain('ended after 400 of 1000 bytes');
  });

  it('bytes after Content-Length are not the object’s: the digest is of the bytes the answer announced', async () => {
    const v = server.putObject('models', 'm.bin', 'x'.repeat(1000), { checksum: 'none' });
    server.fault({ kind: 'long-body', extraBytes: 64 }, Infinity, { method: 'GET' });
    const r = verified(await verifyObject(storeFor(envFor(server.url)), { bucket: 'models', key: 'm.bin' }));
    expect(r).toMatchObject({ method: 'streamed', sha256: sha256('x'.repeat(1000)), size: 1000 });
    expect(r.location.versionId).toBe(v);
  });

  it('a body in chunked framing (S3 always sends Content-Length) is a bad response, never hashed as the object', async () => {
    const v = server.putObject('models', 'm.bin', 'x'.repeat(1000), { checksum: 'none' });
    server.fault({ kind: 'chunked-body' }, Infinity, { method: 'GET' });
    const f = failure(await verifyObject(storeFor(envFor(server.url)), { bucket: 'models', key: 'm.bin' }));
    expect(f).toMatchObject({ kind: 'bad-response', verdict: 'indeterminate' });
    expect(f.message).toBe(
      `GetObject of s3://models/m.bin?versionId=${v} at ${server.url}: the store's answer is not readable HTTP/1.1: a GetObject body sent with Transfer-Encoding (S3 sends Content-Length).`,
    );
    expect(server.requests.filter((q) => q.method === 'GET')).toHaveLength(1);
  });

  it('a server that stops answering is a timeout, not a hang', async () => {
    server.putObject('models', 'm.onnx', 'x');
    server.fault({ kind: 'hang' }, Infinity);
    const started = Date.now();
    const f = failure(
      await storeFor(envFor(server.url), { forcePathStyle: true }, { timeoutMs: 300, maxAttempts: 1 }).headObject(
        'models',
        'm.onnx',
      ),
    );
    expect(f).toMatchObject({ kind: 'unreachable', verdict: 'indeterminate' });
    expect(f.message).toBe(
      `Could not reach the S3 endpoint ${server.url} for s3://models/m.onnx (no answer within 300 ms).`,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a body that stops mid-way (connection left open) is "truncated" after the idle timeout, not a hang', async () => {
    server.putObject('models', 'm.bin', 'y'.repeat(4096), { checksum: 'none' });
    const head = (await storeFor(envFor(server.url)).headObject('models', 'm.bin')) as {
      kind: 'ok';
      head: S3ObjectHead;
    };
    expect(head.kind).toBe('ok');
    server.fault({ kind: 'stall-mid-body' }, Infinity, { method: 'GET' });
    const impatient = storeFor(envFor(server.url), { forcePathStyle: true }, { timeoutMs: 1_000, maxAttempts: 2 });
    const f = failure(await impatient.streamObject(head.head));
    expect(f).toMatchObject({ kind: 'truncated', verdict: 'fail' });
    expect(f.message).toContain('ended after 2048 of 4096 bytes (ETIMEDOUT) (gave up after 2 attempts)');
  });
});

describe('GitHub OIDC: the SDK default chain’s web identity provider, against a loopback STS', () => {
  const ISSUED = {
    accessKeyId: 'ASIAMLGOVOIDC0000001',
    secretAccessKey: 'oidcIssuedSecret/FromSts+DoNotLeak0123456789',
    sessionToken: 'oidcIssuedSessionToken//FwoGZXIvYXdzEJr//////////DoNotLeak',
  };
  const oidcLeaks = new LeakWatch([ISSUED.secretAccessKey, ISSUED.sessionToken, 'eyJhbGciOiJSUzI1NiJ9.oidc-token']);
  const OIDC_ENV = ['AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN', 'AWS_ROLE_SESSION_NAME', 'AWS_ENDPOINT_URL_STS'];
  let tokenDir: string;
  beforeEach(() => {
    tokenDir = mkdtempSync(join(tmpdir(), 'mlgov-oidc-'));
    writeFileSync(join(tokenDir, 'token'), 'eyJhbGciOiJSUzI1NiJ9.oidc-token');
  });
  afterEach(() => {
    for (const k of OIDC_ENV) delete process.env[k];
    rmSync(tokenDir, { recursive: true, force: true });
  });

  /** What aws-actions/configure-aws-credentials leaves for the SDK when it is asked to hand the role to the SDK. */
  function oidcEnvironment(stsUrl: string): void {
    process.env['AWS_WEB_IDENTITY_TOKEN_FILE'] = join(tokenDir, 'token');
    process.env['AWS_ROLE_ARN'] = 'arn:aws:iam::123456789012:role/mlgov-governance-read';
    process.env['AWS_ROLE_SESSION_NAME'] = 'gha';
    process.env['AWS_ENDPOINT_URL_STS'] = stsUrl;
  }

  it('assumes the role with the OIDC token and signs S3 requests with the temporary key; no secret in any text', async () => {
    const sts = await startStsServer(ISSUED);
    try {
      oidcEnvironment(sts.url);
      server.putObject('models', 'm.onnx', 'weights');
      const store = storeFor({ AWS_ENDPOINT_URL_S3: server.url, AWS_REGION: 'us-east-1' });
      oidcLeaks.add('describe', store.describe());
      const r = verified(await verifyObject(store, { bucket: 'models', key: 'm.onnx' }));
      expect(r.sha256).toBe(sha256('weights'));
      expect(sts.calls).toBe(1);
      expect(server.requests.map((q) => q.accessKeyId)).toEqual([ISSUED.accessKeyId]);
      // A failure after the role was assumed: its text must not carry the issued secret either.
      const f = failure(await store.headObject('models', 'absent'));
      oidcLeaks.add('failure', `${f.message}\n${f.fix}`);
      expect(oidcLeaks.leaks()).toEqual([]);
    } finally {
      await sts.close();
    }
  });

  it('an expired OIDC token is "credentials-rejected", said before any S3 request', async () => {
    const sts = await startStsServer({ ...ISSUED, expired: true });
    try {
      oidcEnvironment(sts.url);
      const f = failure(
        await storeFor({ AWS_ENDPOINT_URL_S3: server.url, AWS_REGION: 'us-east-1' }).headBucket('models'),
      );
      expect(f).toMatchObject({ kind: 'credentials-rejected', verdict: 'indeterminate' });
      expect(f.message).toBe(
        'The AWS credentials for bucket models could not be obtained: ExpiredTokenException: Token expired: current date/time 1700000000 must be before the expiration date/time 1600000000.',
      );
      expect(server.requests).toHaveLength(0);
      oidcLeaks.add('expired', `${f.message}\n${f.fix}`);
      expect(oidcLeaks.leaks()).toEqual([]);
    } finally {
      await sts.close();
    }
  });
});

describe('the npm s3rver package (no versions, no checksums): the same happy path', () => {
  let s3rver: { run(): Promise<AddressInfo>; close(): Promise<void> } | undefined;
  let dir: string;
  let url: string;
  const s3rverEnv = (): Record<string, string> => ({
    // s3rver verifies SigV4 signatures made with its fixed key pair.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_S3: url,
    AWS_REGION: 'us-east-1',
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlgov-s3rver-'));
    // s3rver ships no types: the specifier is a variable so the compiler does not look for them.
    const s3rverModule = 's3rver';
    const { default: S3rver } = (await import(s3rverModule)) as {
      default: new (o: object) => { run(): Promise<AddressInfo>; close(): Promise<void> };
    };
    s3rver = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: dir,
      configureBuckets: [{ name: 'models' }],
    });
    const address = await s3rver.run();
    url = `http://127.0.0.1:${address.port}`;
    const { S3Client, PutObjectCommand } = await import('@aws-sdk/client-s3');
    // Uploading is the test's business only (the gate never writes to a bucket).
    const uploader = new S3Client({
      endpoint: url,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    await uploader.send(
      new PutObjectCommand({ Bucket: 'models', Key: 'credit/model.onnx', Body: bytes(3 * 1024 * 1024, 9) }),
    );
    uploader.destroy();
  });
  afterAll(async () => {
    await s3rver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('HeadBucket, then HeadObject without a stored SHA-256, then a streamed hash that matches', async () => {
    const store = storeFor(s3rverEnv());
    expect(seen(await store.headBucket('models'))).toMatchObject({ kind: 'ok' });
    const r = verified(await verifyObject(store, { bucket: 'models', key: 'credit/model.onnx' }));
    expect(r).toMatchObject({ method: 'streamed', sha256: sha256(bytes(3 * 1024 * 1024, 9)), size: 3 * 1024 * 1024 });
    expect(r.location).toEqual({ bucket: 'models', key: 'credit/model.onnx' });
    expect(r.notes).toEqual([
      'the bucket is not versioned: the bytes under this key can be replaced or deleted after approval',
      'the object has no SHA-256 checksum in S3: the bytes were hashed',
    ]);
  });

  it('missing key and missing bucket are told apart there too', async () => {
    const store = storeFor(s3rverEnv());
    expect(failure(await store.headObject('models', 'absent'))).toMatchObject({ kind: 'no-such-key' });
    expect(failure(await store.headBucket('absent-bucket'))).toMatchObject({ kind: 'no-such-bucket' });
  });

  it('a store that ignores ?versionId is refused, never read as the pinned version', async () => {
    // s3rver answers 200 with the latest bytes and no x-amz-version-id: the pin would silently mean nothing.
    const f = failure(await storeFor(s3rverEnv()).headObject('models', 'credit/model.onnx', 'v1-pinned'));
    expect(f).toMatchObject({ kind: 'bad-response', verdict: 'indeterminate' });
    expect(f.message).toBe(
      'The store answered HeadObject for s3://models/credit/model.onnx?versionId=v1-pinned with no version id: it does not honour versionId.',
    );
  });

  it('s3rver ignores If-Match; an object replaced after HeadObject is still caught by its ETag', async () => {
    const { S3Client, PutObjectCommand } = await import('@aws-sdk/client-s3');
    const uploader = new S3Client({
      endpoint: url,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    // Small objects: s3rver finishes writing the refused body before the test ends.
    await uploader.send(new PutObjectCommand({ Bucket: 'models', Key: 'swap.bin', Body: 'approved' }));
    const store = storeFor(s3rverEnv());
    const head = (await store.headObject('models', 'swap.bin')) as { kind: 'ok'; head: S3ObjectHead };
    expect(head.kind).toBe('ok');
    await uploader.send(new PutObjectCommand({ Bucket: 'models', Key: 'swap.bin', Body: 'swapped!' }));
    uploader.destroy();
    const f = failure(await store.streamObject(head.head));
    expect(f).toMatchObject({ kind: 'changed', verdict: 'indeterminate' });
  });
});

describe('secrets', () => {
  // Declared last: jest runs a file's tests in order, so every message above has been collected by now.
  it('no message, fix or description produced by any test above contains the secret key or session token', () => {
    expect(leaks.count).toBeGreaterThan(40);
    expect(leaks.leaks()).toEqual([]);
  });
});

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}
