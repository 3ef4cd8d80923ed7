/**
 * Phase 0 for buckets against the loopback S3 over real HTTP: HeadBucket, then HeadObject per artifact, one line per
 * step, a distinct line for each way it can fail, and never a request that writes (or even reads bytes).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createS3ObjectStore, type S3ClientOptions, type S3Settings } from '../../src/adapters/s3-object-store.js';
import { runS3Preflight, type S3PreflightStep } from '../../src/adapters/s3-preflight.js';
import { LeakWatch, STACK_TRACE } from '../faults/leak-watch.js';
import { startS3Server, type S3Server, type S3ServerOptions } from '../servers/s3-server.js';

const ACCESS_KEY = 'AKIAMLGOVPREFLIGHT01';
const SECRET = 'mlgovPreflightSecret/NeverPrinted+abcdef0123';
const leaks = new LeakWatch([SECRET]);

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
];
const saved: Record<string, string | undefined> = {};
let emptyHome: string;
beforeAll(() => {
  emptyHome = mkdtempSync(join(tmpdir(), 'mlgov-s3-home-'));
  for (const k of ISOLATED) {
    saved[k] = process.env[k];
    delete process.env[k];
  }
  process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
  process.env['AWS_CONFIG_FILE'] = join(emptyHome, 'config');
  process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(emptyHome, 'credentials');
});
afterAll(() => {
  for (const k of ISOLATED) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  rmSync(emptyHome, { recursive: true, force: true });
});

let server: S3Server;
async function start(options: S3ServerOptions = {}): Promise<void> {
  server = await startS3Server(options);
  server.createBucket('models', { versioned: true });
  server.createBucket('plain-bucket', { versioned: false });
  server.createBucket('eu-models', { region: 'eu-west-1', versioned: true });
}
beforeEach(async () => start());
afterEach(async () => server.close());

const quick: S3ClientOptions = { maxAttempts: 2, initialDelayMs: 1, timeoutMs: 10_000, sleep: async () => undefined };

function env(url: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    AWS_ACCESS_KEY_ID: ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_ENDPOINT_URL_S3: url,
    AWS_REGION: 'us-east-1',
    ...extra,
  };
}

async function preflight(
  e: Record<string, string | undefined>,
  locations: string[],
  settings: S3Settings = { forcePathStyle: true, trustStoredChecksums: true },
): Promise<S3PreflightStep[]> {
  const made = createS3ObjectStore(e, settings, quick);
  const steps = await runS3Preflight(made, locations);
  if (made.kind === 'configured') made.store.close();
  for (const s of steps) {
    leaks.add(s.id, `${s.title}\n${s.message}\n${s.fix ?? ''}`);
    expect(s.message).not.toMatch(STACK_TRACE);
    if (s.status !== 'ok') expect(s.fix).toBeTruthy();
  }
  return steps;
}

const statuses = (steps: S3PreflightStep[]): Array<[string, string]> => steps.map((s) => [s.id, s.status]);

/** Preflight must never write to a bucket, nor read an object's bytes: every request it sent is a HEAD. */
function onlyHeads(): void {
  expect(server.requests.length).toBeGreaterThan(0);
  expect(server.requests.every((q) => q.method === 'HEAD')).toBe(true);
}

describe('runS3Preflight: the happy path', () => {
  it('connection, each bucket once, then each object, with size, version and how checksums will verify it', async () => {
    const v1 = server.putObject('models', 'credit/v3/model.onnx', 'weights');
    const v2 = server.putObject('models', 'credit/v3/metrics.json', '{}', { checksum: 'composite' });
    const steps = await preflight(env(server.url), [
      's3://models/credit/v3/model.onnx',
      `s3://models/credit/v3/metrics.json?versionId=${v2}`,
      's3://models/credit/v3/model.onnx',
    ]);
    expect(statuses(steps)).toEqual([
      ['s3', 'ok'],
      ['s3-bucket:models', 'ok'],
      ['s3-object:s3://models/credit/v3/model.onnx', 'ok'],
      [`s3-object:s3://models/credit/v3/metrics.json?versionId=${v2}`, 'ok'],
    ]);
    expect(steps[0]!.message).toBe(
      `${server.url} (AWS_ENDPOINT_URL_S3), region us-east-1 from AWS_REGION, path-style, credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, stored SHA-256 checksums trusted`,
    );
    expect(steps[1]!.message).toBe('reachable (region us-east-1)');
    expect(steps[2]!.message).toBe(`7 bytes; version ${v1}; full-object SHA-256 stored: verified without a download`);
    expect(steps[3]!.message).toBe(
      `2 bytes; version ${v2}; composite (multipart) checksum: checksums will stream the object`,
    );
    onlyHeads();
    expect(server.requests.map((q) => q.key)).toEqual(['', 'credit/v3/model.onnx', 'credit/v3/metrics.json']);
  });

  it('a store not trusted with its checksums (the default for a custom endpoint) is told it will be streamed', async () => {
    server.putObject('models', 'm.onnx', 'weights');
    const steps = await preflight(env(server.url), ['s3://models/m.onnx'], { forcePathStyle: true });
    expect(steps[0]!.message).toMatch(/, objects always streamed$/);
    expect(steps[2]!.message).toMatch(
      /; full-object SHA-256 stored, but this store is not trusted with it: checksums will stream the object$/,
    );
    onlyHeads();
  });

  it('an object in an unversioned bucket is a warning that names the risk, and preflight goes on', async () => {
    server.putObject('plain-bucket', 'a.bin', 'a', { checksum: 'none' });
    server.putObject('models', 'b.bin', 'b');
    const steps = await preflight(env(server.url), ['s3://plain-bucket/a.bin', 's3://models/b.bin']);
    expect(statuses(steps)).toEqual([
      ['s3', 'ok'],
      ['s3-bucket:plain-bucket', 'ok'],
      ['s3-bucket:models', 'ok'],
      ['s3-object:s3://plain-bucket/a.bin', 'warn'],
      ['s3-object:s3://models/b.bin', 'ok'],
    ]);
    expect(steps[3]!.message).toBe(
      '1 bytes; unversioned bucket: the bytes under this key can be replaced or deleted after approval; no SHA-256 checksum stored: checksums will stream the object',
    );
    expect(steps[3]!.fix).toContain('Turn on bucket versioning');
    onlyHeads();
  });

  it('a bucket without s3:ListBucket is a warning naming the action; its objects are still checked', async () => {
    await server.close();
    await start({ permissions: { [ACCESS_KEY]: ['s3:GetObject'] } });
    server.putObject('models', 'm.onnx', 'm');
    const steps = await preflight(env(server.url), ['s3://models/m.onnx']);
    expect(statuses(steps)).toEqual([
      ['s3', 'ok'],
      ['s3-bucket:models', 'warn'],
      ['s3-object:s3://models/m.onnx', 'ok'],
    ]);
    expect(steps[1]!.message).toContain('the credentials lack s3:ListBucket');
    onlyHeads();
  });
});

describe('runS3Preflight: one distinct line per failure, and it stops there', () => {
  const failures: Record<string, string> = {};

  const last = (steps: S3PreflightStep[], label: string): S3PreflightStep => {
    const step = steps[steps.length - 1]!;
    expect(step.status).toBe('fail');
    failures[label] = step.message;
    return step;
  };

  it('no credentials', async () => {
    const steps = await preflight(env(server.url, { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined }), [
      's3://models/m.onnx',
    ]);
    const step = last(steps, 'no-credentials');
    expect(step.id).toBe('s3-bucket:models');
    expect(step.message).toBe(
      'No AWS credentials were found for bucket models (environment, profile, web identity and instance role were tried).',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('403 on HeadObject names s3:GetObject', async () => {
    await server.close();
    await start({ permissions: { [ACCESS_KEY]: ['s3:ListBucket'] } });
    server.putObject('models', 'm.onnx', 'm');
    const step = last(await preflight(env(server.url), ['s3://models/m.onnx']), '403-get');
    expect(step.id).toBe('s3-object:s3://models/m.onnx');
    expect(step.message).toContain('the credentials lack s3:GetObject');
    expect(step.fix).toContain('Grant s3:GetObject on arn:aws:s3:::models/*');
    onlyHeads();
  });

  it('403 on a pinned version names s3:GetObjectVersion', async () => {
    await server.close();
    await start({ permissions: { [ACCESS_KEY]: ['s3:ListBucket', 's3:GetObject'] } });
    const v = server.putObject('models', 'm.onnx', 'm');
    const step = last(await preflight(env(server.url), [`s3://models/m.onnx?versionId=${v}`]), '403-version');
    expect(step.message).toContain('the credentials lack s3:GetObjectVersion');
    onlyHeads();
  });

  it('404 NoSuchBucket', async () => {
    const step = last(await preflight(env(server.url), ['s3://absent-bucket/m.onnx']), 'no-bucket');
    expect(step.message).toBe('S3 has no bucket absent-bucket (404 NoSuchBucket).');
    onlyHeads();
  });

  it('404 NoSuchKey', async () => {
    const step = last(await preflight(env(server.url), ['s3://models/absent.onnx']), 'no-key');
    expect(step.message).toBe('S3 has no object s3://models/absent.onnx (404 NoSuchKey).');
    onlyHeads();
  });

  it('wrong region names the bucket’s region and the fix', async () => {
    const step = last(await preflight(env(server.url), ['s3://eu-models/m.onnx']), 'wrong-region');
    expect(step.message).toBe('S3 answered 301 for bucket eu-models: the bucket is in eu-west-1, not us-east-1.');
    expect(step.fix).toBe("Set AWS_REGION=eu-west-1 (or the policy's s3.region).");
    onlyHeads();
  });

  it('unreachable endpoint', async () => {
    const port = await freePort();
    const step = last(await preflight(env(`http://127.0.0.1:${port}`), ['s3://models/m.onnx']), 'unreachable');
    expect(step.message).toBe(
      `Could not reach the S3 endpoint http://127.0.0.1:${port} for bucket models (ECONNREFUSED) (gave up after 2 attempts).`,
    );
  });

  it('a configuration the adapter refuses (plain http off loopback) stops before any request', async () => {
    const steps = await preflight(env('http://minio.internal:9000'), ['s3://models/m.onnx']);
    expect(statuses(steps)).toEqual([['s3', 'fail']]);
    failures['config'] = steps[0]!.message;
    expect(server.requests).toHaveLength(0);
  });

  it('an invalid location is named before any request', async () => {
    const steps = await preflight(env(server.url), ['s3://models/a/../../etc/passwd']);
    expect(statuses(steps)).toEqual([
      ['s3', 'ok'],
      ['s3-location', 'fail'],
    ]);
    failures['location'] = steps[1]!.message;
    expect(steps[1]!.message).toBe(
      '"s3://models/a/../../etc/passwd" is not a valid S3 location: the object key has a "." or ".." segment.',
    );
    expect(server.requests).toHaveLength(0);
  });

  // Declared last in this block (jest runs a file's tests in order): every failure above has been collected.
  it('each way of failing reads differently: a user can tell them apart from the line alone', () => {
    const lines = Object.values(failures);
    expect(Object.keys(failures).sort()).toEqual([
      '403-get',
      '403-version',
      'config',
      'location',
      'no-bucket',
      'no-credentials',
      'no-key',
      'unreachable',
      'wrong-region',
    ]);
    expect(new Set(lines).size).toBe(lines.length);
  });
});

describe('secrets', () => {
  it('no preflight line above contains the secret key', () => {
    expect(leaks.count).toBeGreaterThan(20);
    expect(leaks.leaks()).toEqual([]);
  });
});

async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}
