/**
 * The checksums check on `s3://` artifacts, beyond the rule tests of test/s3: the judging policy's bucket
 * allow-list (`s3.buckets`, `bucketAllowed`), and the row each artifact gets in the details (what `mlgov diff`, the
 * board view and the evidence archive show). The bucket is the manifest's, so the PR author's, choice: an object in
 * a bucket of their own would verify against whatever they uploaded, so an artifact outside the list is refused
 * whatever its observation says. The full mutation run had no test of the allow-list at all (it was not covered),
 * and changed the rows' statuses, notes and versions, and the words naming an unversioned object or how a digest was
 * established, unseen.
 */
import { describe, expect, it } from '@jest/globals';
import { checksumsCheck } from '../../src/checks/checksums.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { DEFAULT_POLICY } from '../../src/policy/defaults.js';
import { bucketAllowed, type Policy, type S3Policy } from '../../src/policy/policy.js';
import type { ObjectFailure, ObservedObject } from '../../src/release/object-facts.js';
import { integrityContext, lineOf } from './integrity-fixtures.js';

const SHA = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const PINNED = 's3://ml-models/credit/v3/model.onnx?versionId=v1';
const UNPINNED = 's3://ml-models/credit/v3/model.onnx';
const ELSEWHERE = 's3://attacker-bucket/credit/v3/model.onnx?versionId=v1';
const UNVERSIONED_NOTE = 'the bucket is not versioned, so the bytes under this key can change';

/** The judging policy with the given `s3` section. */
const policyWith = (s3?: S3Policy): Policy => ({ ...DEFAULT_POLICY, ...(s3 ? { s3 } : {}) });

/** What the store served for `path`: the declared 12 bytes and SHA, version v1, from S3's stored checksum. */
function served(path: string, over: Partial<Extract<ObservedObject, { kind: 'object' }>> = {}): ObservedObject {
  const bucket = path.slice('s3://'.length).split('/')[0]!;
  return {
    kind: 'object',
    path,
    bucket,
    key: 'credit/v3/model.onnx',
    versionId: 'v1',
    size: 12,
    sha256: SHA,
    verifiedBy: 'stored-checksum',
    notes: [],
    ...over,
  };
}

/** The checksums check over a manifest whose artifact 0 is `path` (12 bytes, SHA), with `object` observed for it. */
function judge(path: string, object?: ObservedObject, policy: Policy = DEFAULT_POLICY) {
  const moved = (m: Manifest) => void (m.artifacts[0] = { path, sha256: SHA, size: 12 });
  const { ctx, manifest } = integrityContext({ manifest: moved });
  if (object) ctx.files.objects = { [path]: object };
  const result = checksumsCheck.run(ctx, policy);
  const forPath = result.findings.filter((f) => f.pointer?.startsWith('/artifacts/0/'));
  return { result, findings: forPath, row: result.details!.artifacts[0]!, line: lineOf(manifest, path) };
}

describe('bucketAllowed: the one rule for where an artifact may live', () => {
  it.each([
    ['no s3 section', undefined, true],
    ['an s3 section without a bucket list', {}, true],
    ['a list naming the bucket', { buckets: ['archive', 'ml-models'] }, true],
    ['a list without it', { buckets: ['archive'] }, false],
    ['an empty list', { buckets: [] }, false],
  ])('%s: %p', (_what, s3, allowed) => {
    expect(bucketAllowed(s3 as S3Policy | undefined, 'ml-models')).toBe(allowed);
  });
});

describe('an artifact in a bucket the judging policy does not list', () => {
  it('is refused, naming the bucket and the allowed ones, even when the object there matches', () => {
    const { findings, row, line } = judge(
      ELSEWHERE,
      served(ELSEWHERE),
      policyWith({ buckets: ['ml-models', 'archive'] }),
    );
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        code: 'ARTIFACT_S3_BUCKET_NOT_ALLOWED',
        message: `Artifact 0 "${ELSEWHERE}" is in bucket attacker-bucket, which the judging policy's s3.buckets does not list (ml-models, archive): an object in a bucket of the author's choosing proves nothing.`,
        file: 'model/manifest.json',
        pointer: '/artifacts/0/path',
        line,
        column: 15,
        fix: 'Upload the artifact to an allowed bucket and run `mlgov checksums --write`; a new bucket is added to s3.buckets in a policy change of its own, reviewed by the board.',
      },
    ]);
    expect(row).toStrictEqual({ path: ELSEWHERE, lfs: false, status: 'invalid-location' });
  });

  it('an empty list allows none, and says so', () => {
    const { findings } = judge(ELSEWHERE, served(ELSEWHERE), policyWith({ buckets: [] }));
    expect(findings.map((f) => f.code)).toStrictEqual(['ARTIFACT_S3_BUCKET_NOT_ALLOWED']);
    expect(findings[0]!.message).toContain('does not list (none):');
  });

  it('a listed bucket is verified as usual', () => {
    const { findings, row } = judge(PINNED, served(PINNED), policyWith({ buckets: ['ml-models'] }));
    expect(findings).toStrictEqual([]);
    expect(row.status).toBe('ok');
  });

  it('without a list any bucket is verified', () => {
    const { findings, row } = judge(ELSEWHERE, served(ELSEWHERE), policyWith({ region: 'eu-west-1' }));
    expect(findings).toStrictEqual([]);
    expect(row.status).toBe('ok');
  });
});

describe('the row of an artifact that could not be verified', () => {
  it('an invalid location', () => {
    const path = 's3://ML-models/model.onnx';
    expect(judge(path).row).toStrictEqual({ path, lfs: false, status: 'invalid-location' });
  });

  it('an object nobody examined: unavailable, and the finding says to run again', () => {
    const { findings, row, line } = judge(PINNED);
    expect(row).toStrictEqual({ path: PINNED, lfs: false, status: 'unavailable' });
    expect(findings).toStrictEqual([
      {
        severity: 'error',
        indeterminate: true,
        code: 'ARTIFACT_NOT_OBSERVED',
        message: `Artifact 0 "${PINNED}" was not examined, so it could not be verified.`,
        file: 'model/manifest.json',
        pointer: '/artifacts/0/path',
        line,
        column: 15,
        fix: 'Run the gate again; if this persists, report it as an mlgov bug.',
      },
    ]);
  });

  it('an object that is gone: missing (not unavailable)', () => {
    const failure: ObjectFailure = { kind: 'no-such-key', message: 'No such key.', fix: 'Upload it.', verdict: 'fail' };
    const { row } = judge(PINNED, { kind: 'object-failure', path: PINNED, failure });
    expect(row).toStrictEqual({ path: PINNED, lfs: false, status: 'missing' });
  });
});

describe('the row of a verified object', () => {
  it('keeps the notes that are not about versioning, joined with "; "', () => {
    const notes = [`${UNVERSIONED_NOTE}.`, 'streamed: composite checksum', 'retried once'];
    const { row } = judge(UNPINNED, served(UNPINNED, { versionId: undefined, verifiedBy: 'streamed', notes }));
    expect(row).toStrictEqual({
      path: UNPINNED,
      size: 12,
      sha256: SHA,
      lfs: false,
      verifiedBy: 'streamed',
      verifiedNote: 'streamed: composite checksum; retried once',
      status: 'ok',
    });
    expect(Object.keys(row)).not.toContain('versionId');
  });

  it('a note that only ends with the versioning words is kept', () => {
    const note = 'S3 said: the bucket is not versioned';
    expect(judge(PINNED, served(PINNED, { notes: [note] })).row.verifiedNote).toBe(note);
  });

  it('a digest that differs: the row is a mismatch', () => {
    const { row } = judge(PINNED, served(PINNED, { sha256: OTHER }));
    expect(row).toStrictEqual({
      path: PINNED,
      size: 12,
      sha256: OTHER,
      lfs: false,
      verifiedBy: 'stored-checksum',
      versionId: 'v1',
      status: 'mismatch',
    });
  });
});

describe('the words of a mismatch', () => {
  it("a digest from S3's stored checksum says so", () => {
    const { findings } = judge(PINNED, served(PINNED, { sha256: OTHER }));
    expect(findings[0]!.message).toBe(
      `Artifact 0 is declared with SHA-256 ${SHA}, but S3's stored full-object SHA-256 of s3://ml-models/credit/v3/model.onnx (version v1) is ${OTHER}.`,
    );
  });

  it('a digest of streamed bytes says so', () => {
    const { findings } = judge(PINNED, served(PINNED, { sha256: OTHER, verifiedBy: 'streamed' }));
    expect(findings[0]!.message).toBe(
      `Artifact 0 is declared with SHA-256 ${SHA}, but the SHA-256 of its bytes of s3://ml-models/credit/v3/model.onnx (version v1) is ${OTHER}.`,
    );
  });

  it('an object in an unversioned bucket is named as unversioned', () => {
    const { findings } = judge(UNPINNED, served(UNPINNED, { versionId: undefined, size: 13 }));
    expect(findings.map((f) => [f.code, f.message])).toStrictEqual([
      [
        'SIZE_MISMATCH',
        'Artifact 0 is declared as 12 bytes, but s3://ml-models/credit/v3/model.onnx (unversioned) is 13 bytes.',
      ],
      ['CHECKSUM_S3_UNVERSIONED', expect.stringContaining('keeps no object versions')],
    ]);
  });
});
