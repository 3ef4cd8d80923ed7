/**
 * headObjects (archive-store.ts) against the loopback S3: what archiving and restoring learn about each `s3://`
 * artifact. Proves the policy's `s3` section and the caller's transport settings reach the store, that only `s3://`
 * locations are asked about (a release without one never sets up a client), that a location the plan will refuse
 * is skipped, that a store that cannot be configured gives a failure for each object, that a found object carries
 * its version id only when the bucket gave one (the client's closing: archive-store-heads-close.test.ts).
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { headObjects } from '../../src/evidence/archive-store.js';
import { withDefaults } from '../../src/policy/defaults.js';
import type { S3Policy } from '../../src/policy/policy.js';
import { awsEnv, useLoopbackS3 } from '../s3/s3-fixtures.js';

const s3 = useLoopbackS3();
const KEY = 'fraud/model.onnx';
const policy = (s3Section?: S3Policy) => withDefaults(s3Section ? { s3: s3Section } : {});
const PATH_STYLE: S3Policy = { forcePathStyle: true };
/** Transport settings that never wait: one attempt, no backoff. */
const FAST = { maxAttempts: 1, initialDelayMs: 0, timeoutMs: 5_000 };

const WARNING_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
let savedSwitch: string | undefined;
beforeEach(() => {
  savedSwitch = process.env[WARNING_SWITCH];
});
afterEach(() => {
  if (savedSwitch === undefined) delete process.env[WARNING_SWITCH];
  else process.env[WARNING_SWITCH] = savedSwitch;
});

describe('headObjects: which locations are asked about', () => {
  test('a release with no s3:// artifact never sets up an S3 client, whatever the environment', async () => {
    delete process.env[WARNING_SWITCH];
    const heads = await headObjects(['model/weights/1.0.0/model.onnx'], policy(PATH_STYLE), {
      env: awsEnv(s3.server.url),
      client: FAST,
    });
    expect(heads).toStrictEqual({});
    // Building the store flips the SDK's warning switch: untouched, so no store was built.
    expect(process.env[WARNING_SWITCH]).toBeUndefined();
    expect(s3.server.requests).toStrictEqual([]);
  });

  test('no paths at all: no client either', async () => {
    delete process.env[WARNING_SWITCH];
    expect(await headObjects([], policy(PATH_STYLE), { env: awsEnv(s3.server.url), client: FAST })).toStrictEqual({});
    expect(process.env[WARNING_SWITCH]).toBeUndefined();
  });

  test('an s3:// location that does not parse is skipped (the plan refuses it, naming the problem), nothing is asked', async () => {
    const heads = await headObjects(['s3://Not_A_Bucket/key', 's3://no-key-here'], policy(PATH_STYLE), {
      env: awsEnv(s3.server.url),
      client: FAST,
    });
    expect(heads).toStrictEqual({});
    expect(s3.server.requests).toStrictEqual([]);
  });

  test('a location that does not parse is skipped even when the store cannot be configured', async () => {
    const heads = await headObjects(['s3://Not_A_Bucket/key'], policy(PATH_STYLE), {
      env: { AWS_ACCESS_KEY_ID: 'AKIAONLYTHEKEY000001' },
      client: FAST,
    });
    expect(heads).toStrictEqual({});
  });
});

describe('headObjects: what each object answers', () => {
  test('a pinned version in a versioned bucket is found with its size and version id; the local path is not asked', async () => {
    const v1 = s3.server.putObject('ml-models', KEY, 'weights v1\n');
    s3.server.putObject('ml-models', KEY, 'weights v2, longer\n');
    const path = `s3://ml-models/${KEY}?versionId=${v1}`;
    const heads = await headObjects(['model/local.onnx', path, path], policy(PATH_STYLE), {
      env: awsEnv(s3.server.url),
      client: FAST,
    });
    expect(heads).toStrictEqual({ [path]: { kind: 'found', size: 11, versionId: v1 } });
    expect(s3.server.requests.map((q) => [q.method, q.bucket, q.key, q.versionId])).toStrictEqual([
      ['HEAD', 'ml-models', KEY, v1],
    ]);
  });

  test('an object in an unversioned bucket is found with its size and no version id at all', async () => {
    s3.server.putObject('scratch', KEY, 'twelve bytes');
    const path = `s3://scratch/${KEY}`;
    const heads = await headObjects([path], policy(PATH_STYLE), { env: awsEnv(s3.server.url), client: FAST });
    expect(heads).toStrictEqual({ [path]: { kind: 'found', size: 12 } });
  });

  test('a store that cannot be configured gives a failure for each object, never a pass, and asks nothing', async () => {
    const a = `s3://ml-models/${KEY}?versionId=abc`;
    const b = 's3://scratch/other.bin';
    const heads = await headObjects([a, b], policy(PATH_STYLE), {
      env: { AWS_ACCESS_KEY_ID: 'AKIAONLYTHEKEY000001', AWS_ENDPOINT_URL_S3: s3.server.url },
      client: FAST,
    });
    const failure = {
      kind: 'failure',
      message: 'Only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set.',
      fix: 'Set both, or neither (to use a profile or GitHub OIDC through aws-actions/configure-aws-credentials).',
      verdict: 'indeterminate',
    };
    expect(heads).toStrictEqual({ [a]: failure, [b]: failure });
    expect(s3.server.requests).toStrictEqual([]);
  });

  test("the policy's s3 section reaches the store: its region signs the request", async () => {
    const v1 = s3.server.putObject('ml-models', KEY, 'weights v1\n');
    const path = `s3://ml-models/${KEY}?versionId=${v1}`;
    const heads = await headObjects([path], policy({ forcePathStyle: true, region: 'eu-west-2' }), {
      env: awsEnv(s3.server.url),
      client: FAST,
    });
    expect(s3.server.requests.map((q) => q.signedRegion)).toStrictEqual(['eu-west-2']);
    expect(heads).toStrictEqual({
      [path]: {
        kind: 'failure',
        message: `S3 answered 301 for ${path}: the bucket is in us-east-1, not eu-west-2.`,
        fix: "Set AWS_REGION=us-east-1 (or the policy's s3.region).",
        verdict: 'indeterminate',
      },
    });
  });

  test("the caller's transport settings reach the store: with one attempt a 503 is a failure, not retried", async () => {
    const v1 = s3.server.putObject('ml-models', KEY, 'weights v1\n');
    const path = `s3://ml-models/${KEY}?versionId=${v1}`;
    s3.server.fault({ kind: 'status', status: 503, code: 'SlowDown' }, 1);
    const heads = await headObjects([path], policy(PATH_STYLE), { env: awsEnv(s3.server.url), client: FAST });
    expect(heads).toStrictEqual({
      [path]: {
        kind: 'failure',
        message: `S3 answered 503 for HeadObject on ${path}.`,
        fix: 'The store is failing or throttling: run again later.',
        verdict: 'indeterminate',
      },
    });
    expect(s3.server.requests.length).toBe(1);
  });
});
