/**
 * The bucket steps of `mlgov preflight` (src/preflight/s3-steps.ts) against the loopback S3: one line for the
 * connection, each bucket and each object of the manifest; HEAD requests only (preflight never writes to a bucket or
 * reads an object's bytes); stops at the first failure.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDefaults } from '../../src/policy/defaults.js';
import type { PreflightContext } from '../../src/preflight/preflight.js';
import { s3Probe, s3Steps } from '../../src/preflight/s3-steps.js';
import { awsEnv, useLoopbackS3, SECRET } from './s3-fixtures.js';

const s3 = useLoopbackS3();
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlgov-s3-preflight-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function contextFor(paths: string[], policyValid = true): PreflightContext {
  mkdirSync(join(dir, 'model'), { recursive: true });
  const artifacts = paths.map((path) => ({ path, sha256: '0'.repeat(64), size: 1 }));
  writeFileSync(join(dir, 'model/manifest.json'), JSON.stringify({ artifacts }, null, 2));
  return {
    repoRoot: dir,
    env: awsEnv(s3.server.url),
    policy: withDefaults({ s3: { forcePathStyle: true } }),
    policyValid,
  };
}

const lines = (steps: Array<{ status: string; title: string }>) => steps.map((s) => [s.status, s.title]);

describe('preflight: the S3 steps', () => {
  it('one line per bucket and object, HEAD requests only; an unversioned bucket is a warning', async () => {
    const v = s3.server.putObject('ml-models', 'credit/model.onnx', 'bytes');
    s3.server.putObject('scratch', 'metrics.json', '{}');
    const pinned = `s3://ml-models/credit/model.onnx?versionId=${v}`;
    const steps = await s3Steps(contextFor(['model/weights/local.onnx', pinned, 's3://scratch/metrics.json']));
    expect(lines(steps)).toEqual([
      ['ok', 'S3 connection'],
      ['ok', 'S3 bucket ml-models'],
      ['ok', 'S3 bucket scratch'],
      ['ok', `S3 object ${pinned}`],
      ['warn', 'S3 object s3://scratch/metrics.json'],
    ]);
    expect(steps[3]!.message).toBe(
      `5 bytes; version ${v}; full-object SHA-256 stored, but this store is not trusted with it: checksums will stream the object`,
    );
    expect(steps[4]).toMatchObject({
      message: expect.stringContaining('unversioned bucket: the bytes under this key can be replaced or deleted'),
      fix: 'Turn on bucket versioning (and pin the manifest to the versionId) so approved bytes cannot be replaced or deleted.',
    });
    expect(new Set(s3.server.requests.map((r) => r.method))).toEqual(new Set(['HEAD']));
    expect(JSON.stringify(steps)).not.toContain(SECRET);
  });

  it('stops at a missing object with the line that says so', async () => {
    const steps = await s3Steps(contextFor(['s3://ml-models/absent.onnx', 's3://ml-models/other.onnx']));
    expect(lines(steps)).toEqual([
      ['ok', 'S3 connection'],
      ['ok', 'S3 bucket ml-models'],
      ['fail', 'S3 object s3://ml-models/absent.onnx'],
    ]);
    expect(steps[2]).toMatchObject({
      id: 's3-object:s3://ml-models/absent.onnx',
      message: 'S3 has no object s3://ml-models/absent.onnx (404 NoSuchKey).',
      fix: 'Upload the object, or correct the key in the manifest.',
    });
  });

  it('says what it did not check: no s3:// artifact, or an invalid policy (its s3 settings unknown)', async () => {
    expect(await s3Steps(contextFor(['model/weights/model.onnx']))).toEqual([
      {
        id: 's3',
        title: 'S3 connection',
        status: 'skip',
        message: 'not checked: the manifest lists no s3:// artifact.',
      },
    ]);
    expect(await s3Probe.run(contextFor(['s3://ml-models/a.onnx'], false))).toEqual([
      {
        id: 's3',
        title: 'S3 connection',
        status: 'skip',
        message: 'not checked: the policy is invalid, so its s3 settings are unknown.',
      },
    ]);
    expect(s3.server.requests).toEqual([]);
  });
});
