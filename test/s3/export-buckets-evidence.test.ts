/**
 * An `s3://` artifact in the exports (CycloneDX ML-BOM, in-toto) and the bucket allow-list of the base policy
 * (`s3.buckets`), against the loopback S3 and real temp git repositories.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCycloneDxJson } from '../../src/export/cyclonedx.js';
import { buildInTotoStatement } from '../../src/export/in-toto.js';
import { artifactMismatches, readRelease } from '../../src/export/read-release.js';
import { runGate } from '../../src/gate/run-gate.js';
import type { CheckResult } from '../../src/release/report.js';
import { awsEnv, useLoopbackS3, s3ReleaseRepo, sha256, type S3Repo } from './s3-fixtures.js';

const BODY = Buffer.from('onnx weights in a bucket\n');
const KEY = 'credit/v3/model.onnx';
const CLIENT = { initialDelayMs: 1, maxDelayMs: 2, timeoutMs: 5_000 };

const s3 = useLoopbackS3();

function repoWith(path: string, policy: string): S3Repo {
  const repo = s3ReleaseRepo({ path, size: BODY.length, sha256: sha256(BODY) }, policy);
  s3.track(repo);
  return repo;
}

const POLICY = 's3: { forcePathStyle: true }';

describe('mlgov export with an s3:// artifact', () => {
  async function read(repo: S3Repo) {
    const result = await readRelease({
      repoRoot: repo.dir,
      now: new Date(),
      baseRef: 'main',
      s3: { env: awsEnv(s3.server.url), client: CLIENT },
    });
    if (result.kind !== 'read') throw new Error(result.reason);
    return result;
  }

  it('states the object with its digest and version: a CycloneDX component with a distribution reference, an in-toto subject named by the URL', async () => {
    const v = s3.server.putObject('ml-models', KEY, BODY);
    const path = `s3://ml-models/${KEY}?versionId=${v}`;
    const result = await read(repoWith(path, POLICY));
    expect(artifactMismatches(result.ctx, result.documents.manifest)).toEqual([]);

    const bom = JSON.parse(
      renderCycloneDxJson({ ...result.documents, generatedAt: '2025-05-01T00:00:00.000Z', toolVersion: 'test' }),
    ) as { components: Array<Record<string, unknown>> };
    const component = bom.components.find((c) => c['name'] === path);
    expect(component).toMatchObject({
      type: 'file',
      name: path,
      hashes: [{ alg: 'SHA-256', content: sha256(BODY) }],
      externalReferences: [{ type: 'distribution', url: path, comment: `s3://ml-models/${KEY}, version ${v}` }],
    });
    expect(component!['properties']).toEqual(
      expect.arrayContaining([{ name: 'mlgov:artifact:s3:versionId', value: v }]),
    );

    const statement = buildInTotoStatement(result.documents);
    expect(statement.subject).toContainEqual({ name: path, digest: { sha256: sha256(BODY) } });
  });

  it('refuses to state an object whose version is gone or whose bytes differ', async () => {
    const v = s3.server.putObject('ml-models', KEY, BODY);
    s3.server.putObject('ml-models', KEY, 'a later upload\n');
    const path = `s3://ml-models/${KEY}?versionId=${v}`;
    const repo = repoWith(path, POLICY);
    s3.server.deleteVersion('ml-models', KEY, v);
    const gone = await read(repo);
    expect(artifactMismatches(gone.ctx, gone.documents.manifest)).toEqual([
      `${path}: S3 has no version ${v} of s3://ml-models/${KEY} (404 NoSuchVersion).`,
    ]);

    const other = s3.server.putObject('ml-models', 'credit/v3/other.onnx', 'other bytes\n');
    const otherPath = `s3://ml-models/credit/v3/other.onnx?versionId=${other}`;
    const differs = await read(repoWith(otherPath, POLICY));
    expect(artifactMismatches(differs.ctx, differs.documents.manifest)).toEqual([
      `${otherPath}: sha256 is ${sha256('other bytes\n')}, manifest says ${sha256(BODY)}`,
    ]);
  });
});

describe('the base policy s3.buckets allow-list', () => {
  async function judge(repo: S3Repo): Promise<CheckResult> {
    const report = await runGate({
      repoRoot: repo.dir,
      offline: true,
      baseRef: 'main',
      s3: { env: awsEnv(s3.server.url), client: CLIENT },
    });
    return report.checks.find((c) => c.id === 'checksums')!;
  }
  const lineOf = (repo: S3Repo, needle: string) =>
    readFileSync(join(repo.dir, 'model/manifest.json'), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(needle)) + 1;

  it('passes an artifact in a listed bucket', async () => {
    const v = s3.server.putObject('ml-models', KEY, BODY);
    const checksums = await judge(
      repoWith(`s3://ml-models/${KEY}?versionId=${v}`, 's3: { forcePathStyle: true, buckets: [ml-models] }'),
    );
    expect(checksums.findings).toEqual([]);
    expect(checksums.status).toBe('pass');
  });

  it('fails an artifact in another bucket at its path, even when the PR adds the bucket to its own policy', async () => {
    s3.server.putObject('scratch', KEY, BODY);
    const path = `s3://scratch/${KEY}`;
    const repo = repoWith(path, 's3: { forcePathStyle: true, buckets: [ml-models] }');
    // The PR widens the list for itself: the base's list judges.
    const policyFile = join(repo.dir, '.github/governance-policy.yml');
    writeFileSync(
      policyFile,
      readFileSync(policyFile, 'utf8').replace('buckets: [ml-models]', 'buckets: [ml-models, scratch]'),
    );
    const asked = s3.server.requests.length;
    const checksums = await judge(repo);
    // The author's bucket is never asked: no request to watch the gate, no huge object to stream.
    expect(s3.server.requests.slice(asked).filter((r) => r.bucket === 'scratch')).toEqual([]);
    expect(checksums.findings).toEqual([
      {
        severity: 'error',
        code: 'ARTIFACT_S3_BUCKET_NOT_ALLOWED',
        message: `Artifact 2 "${path}" is in bucket scratch, which the judging policy's s3.buckets does not list (ml-models): an object in a bucket of the author's choosing proves nothing.`,
        file: 'model/manifest.json',
        pointer: '/artifacts/2/path',
        line: lineOf(repo, path),
        column: expect.any(Number),
        fix: 'Upload the artifact to an allowed bucket and run `mlgov checksums --write`; a new bucket is added to s3.buckets in a policy change of its own, reviewed by the board.',
      },
    ]);
    expect(checksums.status).toBe('fail');
    expect((checksums.details as { artifacts: Array<Record<string, unknown>> }).artifacts[2]).toEqual({
      path,
      lfs: false,
      status: 'invalid-location',
    });
  });

  it('without a list, any bucket is read (the risk is documented in docs/s3.md)', async () => {
    const v = s3.server.putObject('ml-models', KEY, BODY);
    const checksums = await judge(repoWith(`s3://ml-models/${KEY}?versionId=${v}`, POLICY));
    expect(checksums.findings).toEqual([]);
    expect(checksums.status).toBe('pass');
  });
});
