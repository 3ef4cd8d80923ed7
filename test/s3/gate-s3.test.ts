/**
 * The gate on a release with an `s3://` artifact, end to end on real temp repositories and a real loopback S3
 * (test/servers/s3-server.ts, the real AWS SDK over HTTP): how the object was verified, each way it can fail, and
 * that the store is the one the BASE's policy configures — a pull request cannot point the gate at its own.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGate } from '../../src/gate/run-gate.js';
import { exitCodeOf, type CheckResult, type Report } from '../../src/release/report.js';
import { sha256Base64, startS3Server } from '../servers/s3-server.js';
import { ACCESS_KEY, awsEnv, useLoopbackS3, s3ReleaseRepo, sha256 } from './s3-fixtures.js';

const BODY = Buffer.from('onnx weights in a bucket, version one\n');
const KEY = 'credit/v3/model.onnx';

const s3 = useLoopbackS3();

/** A release on the base whose s3 artifact is `path` with the given declared values, judged through `env`. */
async function judge(
  path: string,
  options: { size?: number; sha256?: string; policy?: string; env?: Record<string, string> } = {},
): Promise<{ report: Report; checksums: CheckResult }> {
  const repo = s3ReleaseRepo(
    { path, size: options.size ?? BODY.length, sha256: options.sha256 ?? sha256(BODY) },
    options.policy ?? 's3: { forcePathStyle: true, trustStoredChecksums: true }',
  );
  s3.track(repo);
  const report = await runGate({
    repoRoot: repo.dir,
    offline: true,
    baseRef: 'main',
    s3: { env: options.env ?? awsEnv(s3.server.url), client: { initialDelayMs: 1, maxDelayMs: 2, timeoutMs: 5_000 } },
  });
  return { report, checksums: report.checks.find((c) => c.id === 'checksums')! };
}

const rowOf = (c: CheckResult, path: string) =>
  (c.details as { artifacts: Array<Record<string, unknown>> }).artifacts.find((r) => r['path'] === path);
const gets = () => s3.server.requests.filter((r) => r.method === 'GET');

describe('the checksums check verifies s3:// artifacts through the store', () => {
  it("passes on S3's stored full-object SHA-256 without downloading the object", async () => {
    const v = s3.server.putObject('ml-models', KEY, BODY, { checksum: 'full' });
    const path = `s3://ml-models/${KEY}?versionId=${v}`;
    const { report, checksums } = await judge(path);
    expect(checksums.findings).toEqual([]);
    expect(rowOf(checksums, path)).toEqual({
      path,
      size: BODY.length,
      sha256: sha256(BODY),
      lfs: false,
      verifiedBy: 'stored-checksum',
      versionId: v,
      status: 'ok',
    });
    expect(checksums.summary).toMatch(/1 from S3's stored full-object SHA-256\)$/);
    expect(gets()).toEqual([]);
    // Every request was signed with the key from the environment given, for the version pinned.
    expect(s3.server.requests.map((r) => [r.method, r.accessKeyId, r.versionId])).toEqual([['HEAD', ACCESS_KEY, v]]);
    expect(exitCodeOf(report)).not.toBe(2);
  });

  it('passes a multipart object (composite checksum) by streaming it, and says why', async () => {
    const v = s3.server.putObject('ml-models', KEY, BODY, { checksum: 'composite', parts: 3 });
    const path = `s3://ml-models/${KEY}?versionId=${v}`;
    const { checksums } = await judge(path);
    expect(checksums.findings).toEqual([]);
    expect(rowOf(checksums, path)).toMatchObject({ verifiedBy: 'streamed', status: 'ok', versionId: v });
    expect(checksums.summary).toContain(
      `1 streamed from S3; ${path} streamed: S3 holds a composite (multipart) checksum, which is not a SHA-256 of the object: the bytes were hashed`,
    );
    expect(gets().map((r) => r.versionId)).toEqual([v]);
  });

  it('a declared size that differs is SIZE_MISMATCH naming the object and version', async () => {
    const v = s3.server.putObject('ml-models', KEY, BODY);
    const path = `s3://ml-models/${KEY}?versionId=${v}`;
    const { checksums } = await judge(path, { size: BODY.length + 1 });
    expect(checksums.findings).toEqual([
      expect.objectContaining({
        code: 'SIZE_MISMATCH',
        pointer: '/artifacts/2/size',
        message: `Artifact 2 is declared as ${BODY.length + 1} bytes, but s3://ml-models/${KEY} (version ${v}) is ${BODY.length} bytes.`,
      }),
    ]);
  });

  it("a store's checksum that disagrees with the streamed bytes fails CHECKSUM_S3_STORED_MISMATCH (untrusted store)", async () => {
    const wrong = sha256Base64(Buffer.from('other bytes'));
    const v = s3.server.putObject('ml-models', KEY, BODY, { checksum: 'full', storedSha256: wrong });
    const path = `s3://ml-models/${KEY}?versionId=${v}`;
    const { report, checksums } = await judge(path, { policy: 's3: { forcePathStyle: true }' });
    expect(checksums.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'CHECKSUM_S3_STORED_MISMATCH',
        pointer: '/artifacts/2/path',
        message: `Artifact 2 "${path}" could not be verified: The bytes of ${path} hash to ${sha256(BODY)}, but S3's stored full-object checksum says ${Buffer.from(wrong, 'base64').toString('hex')}.`,
      }),
    ]);
    expect(exitCodeOf(report)).toBe(1);
  });

  it('a pinned version stays what is judged when a new version is uploaded; a pin to no version fails', async () => {
    const v1 = s3.server.putObject('ml-models', KEY, BODY);
    s3.server.putObject('ml-models', KEY, 'replaced bytes');
    const pinned = `s3://ml-models/${KEY}?versionId=${v1}`;
    const { checksums } = await judge(pinned);
    expect(checksums.findings).toEqual([]);
    expect(rowOf(checksums, pinned)).toMatchObject({ versionId: v1, status: 'ok' });

    const gone = `s3://ml-models/${KEY}?versionId=v-never-existed`;
    const second = await judge(gone);
    expect(second.checksums.findings).toEqual([
      expect.objectContaining({
        code: 'ARTIFACT_S3_MISSING',
        pointer: '/artifacts/2/path',
        message: `Artifact 2 "${gone}" could not be verified: S3 has no version v-never-existed of s3://ml-models/${KEY} (404 NoSuchVersion).`,
      }),
    ]);
    expect(exitCodeOf(second.report)).toBe(1);
  });

  it('an object in an unversioned bucket passes with the CHECKSUM_S3_UNVERSIONED warning', async () => {
    s3.server.putObject('scratch', KEY, BODY);
    const path = `s3://scratch/${KEY}`;
    const { checksums } = await judge(path);
    expect(checksums.status).toBe('warn');
    expect(checksums.findings.map((f) => [f.severity, f.code, f.pointer])).toEqual([
      ['warning', 'CHECKSUM_S3_UNVERSIONED', '/artifacts/2/path'],
    ]);
    expect(rowOf(checksums, path)).toMatchObject({ status: 'ok', verifiedBy: 'stored-checksum' });
    expect(rowOf(checksums, path)).not.toHaveProperty('versionId');
  });

  it('a missing key (with s3:ListBucket) is ARTIFACT_S3_MISSING: the manifest names nothing (exit 1)', async () => {
    const path = `s3://ml-models/${KEY}`;
    const { report, checksums } = await judge(path);
    expect(checksums.findings).toEqual([
      expect.objectContaining({
        code: 'ARTIFACT_S3_MISSING',
        message: `Artifact 2 "${path}" could not be verified: S3 has no object ${path} (404 NoSuchKey).`,
        fix: 'Upload the object, or correct the key in the manifest.',
      }),
    ]);
    expect(exitCodeOf(report)).toBe(1);
  });
});

describe('a store the gate cannot ask is "could not judge" (exit 2) with the fix', () => {
  it('403 without s3:GetObjectVersion names the IAM action', async () => {
    await s3.restart({ permissions: { [ACCESS_KEY]: ['s3:ListBucket', 's3:GetObject'] } });
    const v = s3.server.putObject('ml-models', KEY, BODY);
    const path = `s3://ml-models/${KEY}?versionId=${v}`;
    const { report, checksums } = await judge(path);
    expect(checksums.findings).toEqual([
      expect.objectContaining({
        code: 'ARTIFACT_S3_UNAVAILABLE',
        indeterminate: true,
        pointer: '/artifacts/2/path',
        message: expect.stringMatching(/denied HeadObject .* \(403 [^)]*\): the credentials lack s3:GetObjectVersion/),
        fix: 'Grant s3:GetObjectVersion on arn:aws:s3:::ml-models/* to the role mlgov runs as (see docs/s3.md for the least policy).',
      }),
    ]);
    expect(exitCodeOf(report)).toBe(2);
  });

  it('no credentials anywhere in the chain', async () => {
    const v = s3.server.putObject('ml-models', KEY, BODY);
    const path = `s3://ml-models/${KEY}?versionId=${v}`;
    const { report, checksums } = await judge(path, { env: { AWS_ENDPOINT_URL_S3: s3.server.url } });
    expect(checksums.findings).toEqual([
      expect.objectContaining({
        code: 'ARTIFACT_S3_UNAVAILABLE',
        indeterminate: true,
        message: `Artifact 2 "${path}" could not be verified: No AWS credentials were found for ${path} (environment, profile, web identity and instance role were tried).`,
        fix: 'In GitHub Actions, run aws-actions/configure-aws-credentials (OIDC) before mlgov; elsewhere set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE.',
      }),
    ]);
    expect(exitCodeOf(report)).toBe(2);
  });

  it('expired credentials (ExpiredToken) and an unreachable endpoint', async () => {
    const v = s3.server.putObject('ml-models', KEY, BODY);
    const path = `s3://ml-models/${KEY}?versionId=${v}`;
    s3.server.fault({ kind: 'status', status: 400, code: 'ExpiredToken' }, Infinity);
    const expired = await judge(path);
    expect(expired.checksums.findings).toEqual([
      expect.objectContaining({
        code: 'ARTIFACT_S3_UNAVAILABLE',
        indeterminate: true,
        // HeadObject answers without a body, so S3's error code is not seen: the status says what it commonly is.
        message: `Artifact 2 "${path}" could not be verified: S3 answered 400 for HeadObject on ${path} (commonly expired session credentials).`,
        fix: 'Check the credentials, the endpoint and the object.',
      }),
    ]);
    expect(exitCodeOf(expired.report)).toBe(2);

    const closed = await startS3Server();
    const deadUrl = closed.url;
    await closed.close();
    const unreachable = await judge(path, { env: awsEnv(deadUrl) });
    expect(unreachable.checksums.findings).toEqual([
      expect.objectContaining({
        code: 'ARTIFACT_S3_UNAVAILABLE',
        indeterminate: true,
        message: expect.stringContaining(`Could not reach the S3 endpoint ${deadUrl}`),
      }),
    ]);
    expect(exitCodeOf(unreachable.report)).toBe(2);
  });
});

describe("the base's policy chooses the store: a pull request cannot", () => {
  it("a PR that points s3.endpoint at its own store is judged against the base's, and flagged for review", async () => {
    const attacker = await startS3Server();
    try {
      attacker.createBucket('ml-models', { versioned: true });
      // The real store holds other bytes than the manifest declares; the PR's store would answer whatever it declares.
      const v = s3.server.putObject('ml-models', KEY, 'the bytes really in production');
      const path = `s3://ml-models/${KEY}?versionId=${v}`;
      const repo = s3ReleaseRepo(
        { path, size: BODY.length, sha256: sha256(BODY) },
        `s3: { endpoint: "${s3.server.url}", forcePathStyle: true, trustStoredChecksums: false }`,
      );
      s3.track(repo);
      const policyFile = join(repo.dir, '.github/governance-policy.yml');
      writeFileSync(
        policyFile,
        readFileSync(policyFile, 'utf8').replace(
          `s3: { endpoint: "${s3.server.url}", forcePathStyle: true, trustStoredChecksums: false }`,
          `s3: { endpoint: "${attacker.url}", forcePathStyle: true, trustStoredChecksums: true }`,
        ),
      );
      repo.commitAll('Point the gate at my store');
      const report = await runGate({
        repoRoot: repo.dir,
        offline: true,
        baseRef: 'main',
        // The environment names no endpoint: only a policy could, and only the base's counts.
        s3: { env: { AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1' } },
      });
      expect(attacker.requests).toEqual([]);
      expect(s3.server.requests.map((r) => r.method)).toEqual(['HEAD', 'GET']); // untrusted by the base: streamed
      const checksums = report.checks.find((c) => c.id === 'checksums')!;
      expect(checksums.findings.map((f) => [f.code, f.pointer])).toEqual([
        ['SIZE_MISMATCH', '/artifacts/2/size'],
        ['CHECKSUM_MISMATCH', '/artifacts/2/sha256'],
      ]);
      const policy = report.checks.find((c) => c.id === 'policy')!;
      expect(policy.findings.map((f) => [f.code, f.severity, f.pointer, f.message])).toEqual([
        [
          'POLICY_CHANGED',
          'error',
          '/s3/endpoint',
          `This pull request loosens the governance policy: s3.endpoint ${s3.server.url} → ${attacker.url}.`,
        ],
        [
          'POLICY_CHANGED',
          'error',
          '/s3/trustStoredChecksums',
          'This pull request loosens the governance policy: s3.trustStoredChecksums false → true.',
        ],
      ]);
    } finally {
      await attacker.close();
    }
  });
});
