/**
 * The rules for `s3://` artifacts, on literal contexts (the check is pure): the manifest schema's shape of a path, the
 * checksums check's findings for every observation of an object, and the policy diff of the `s3` section. The
 * observations themselves are made against a real loopback S3 in gate-s3.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import { checksumsCheck, verificationSummary } from '../../src/checks/checksums.js';
import { diffPolicies } from '../../src/checks/policy-diff.js';
import { runSchemaCheck } from '../../src/checks/schema.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { DEFAULT_POLICY, withDefaults } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/policy/policy.js';
import { readPolicyDocument } from '../../src/policy/read-policy.js';
import type { ObjectFailure, ObservedObject } from '../../src/release/object-facts.js';
import { integrityContext, integrityManifest, lineOf, manifestDoc } from '../checks/integrity-fixtures.js';
import { contextWith, yamlDocument } from '../support/release-context.js';

const SHA = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const PINNED = 's3://ml-models/credit/v3/model.onnx?versionId=v1';
const UNPINNED = 's3://ml-models/credit/v3/model.onnx';

/** The example manifest with its first artifact moved to `path` (12 bytes, SHA). */
function withObject(path: string): (m: Manifest) => void {
  return (m) => {
    m.artifacts[0] = { path, sha256: SHA, size: 12 };
  };
}

function verified(path: string, over: Partial<Extract<ObservedObject, { kind: 'object' }>> = {}): ObservedObject {
  return {
    kind: 'object',
    path,
    bucket: 'ml-models',
    key: 'credit/v3/model.onnx',
    versionId: 'v1',
    size: 12,
    sha256: SHA,
    verifiedBy: 'stored-checksum',
    notes: [],
    ...over,
  };
}

/** The checksums check over a manifest whose artifact 0 is `path`, with `object` observed for it (none: not observed). */
function judge(path: string, object?: ObservedObject) {
  const { ctx, manifest } = integrityContext({ manifest: withObject(path) });
  if (object) ctx.files.objects = { [path]: object };
  const result = checksumsCheck.run(ctx, DEFAULT_POLICY);
  return { result, manifest, line: (needle: string) => lineOf(manifest, needle) };
}

const failure = (over: Partial<ObjectFailure>): ObservedObject => ({
  kind: 'object-failure',
  path: PINNED,
  failure: { kind: 'forbidden', message: 'm.', fix: 'f.', verdict: 'indeterminate', ...over },
});

describe('the checksums check on an s3:// artifact', () => {
  it('passes a pinned object whose stored checksum and size match, and says how it was verified', () => {
    const { result } = judge(PINNED, verified(PINNED));
    expect(result.findings).toEqual([]);
    expect(result.status).toBe('pass');
    expect(result.details?.artifacts[0]).toEqual({
      path: PINNED,
      size: 12,
      sha256: SHA,
      lfs: false,
      verifiedBy: 'stored-checksum',
      versionId: 'v1',
      status: 'ok',
    });
    expect(result.summary).toBe(
      "2 artifacts and the bias report match their declared size and SHA-256 (1 from S3's stored full-object SHA-256)",
    );
  });

  it('names why a streamed object was streamed, in the summary line', () => {
    const note =
      'S3 holds a composite (multipart) checksum, which is not a SHA-256 of the object: the bytes were hashed';
    const { result } = judge(PINNED, verified(PINNED, { verifiedBy: 'streamed', notes: [note] }));
    expect(result.status).toBe('pass');
    expect(result.summary).toBe(
      `2 artifacts and the bias report match their declared size and SHA-256 (1 streamed from S3; ${PINNED} streamed: ${note})`,
    );
    expect(verificationSummary([{ path: 'x', verifiedBy: 'streamed' }])).toBe('1 streamed from S3');
  });

  it('a digest that differs is CHECKSUM_MISMATCH at /artifacts/0/sha256 naming the object and version', () => {
    const { result, line } = judge(PINNED, verified(PINNED, { sha256: OTHER, verifiedBy: 'streamed' }));
    expect(result.findings).toEqual([
      {
        severity: 'error',
        code: 'CHECKSUM_MISMATCH',
        message: `Artifact 0 is declared with SHA-256 ${SHA}, but the SHA-256 of its bytes of s3://ml-models/credit/v3/model.onnx (version v1) is ${OTHER}.`,
        file: 'model/manifest.json',
        pointer: '/artifacts/0/sha256',
        line: line(`"sha256": "${SHA}"`),
        column: 17,
        fix: 'If the object is the intended one, run `mlgov checksums --write` and commit the manifest (existing approvals then need renewing); otherwise upload the approved bytes again.',
      },
    ]);
  });

  it("a size that differs is SIZE_MISMATCH at /artifacts/0/size, from S3's stored checksum", () => {
    const { result, line } = judge(PINNED, verified(PINNED, { size: 13 }));
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'SIZE_MISMATCH',
        message:
          'Artifact 0 is declared as 12 bytes, but s3://ml-models/credit/v3/model.onnx (version v1) is 13 bytes.',
        pointer: '/artifacts/0/size',
        line: line('"size": 12'),
      }),
    ]);
  });

  it('a store that served another version than the pinned one is CHECKSUM_S3_VERSION_MISMATCH', () => {
    const { result, line } = judge(PINNED, verified(PINNED, { versionId: 'v2' }));
    expect(result.findings).toEqual([
      {
        severity: 'error',
        code: 'CHECKSUM_S3_VERSION_MISMATCH',
        message: `Artifact 0 "${PINNED}" pins version v1, but the store served s3://ml-models/credit/v3/model.onnx (version v2).`,
        file: 'model/manifest.json',
        pointer: '/artifacts/0/path',
        line: line(PINNED),
        column: 15,
        fix: 'Use a store that honours versionId (docs/s3.md).',
      },
    ]);
  });

  it('an unversioned bucket is a warning, CHECKSUM_S3_UNVERSIONED, that names the risk', () => {
    const { result, line } = judge(UNPINNED, verified(UNPINNED, { versionId: undefined }));
    expect(result.status).toBe('warn');
    expect(result.findings).toEqual([
      {
        severity: 'warning',
        code: 'CHECKSUM_S3_UNVERSIONED',
        message: `Artifact 0 "${UNPINNED}" is in bucket ml-models, which keeps no object versions: the bytes under this key can be replaced or deleted after approval, and an approval cannot name the bytes it approved.`,
        file: 'model/manifest.json',
        pointer: '/artifacts/0/path',
        line: line(UNPINNED),
        column: 15,
        fix: 'Turn on versioning for bucket ml-models (or S3 Object Lock), upload the object again, then run `mlgov checksums --write` to pin its versionId.',
      },
    ]);
  });

  it('a versioned object the manifest does not pin is a warning, CHECKSUM_S3_NOT_PINNED', () => {
    const { result } = judge(UNPINNED, verified(UNPINNED));
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'CHECKSUM_S3_NOT_PINNED',
        message: `Artifact 0 "${UNPINNED}" names no version: version v1 was verified, but a later upload under this key replaces what the manifest names.`,
        pointer: '/artifacts/0/path',
        fix: 'Run `mlgov checksums --write` to pin the versionId, and commit the manifest.',
      }),
    ]);
  });

  it('a store that could not be asked is ARTIFACT_S3_UNAVAILABLE, could not judge, naming the IAM action', () => {
    const { result, line } = judge(
      PINNED,
      failure({
        message: 'S3 denied HeadObject on s3://ml-models/credit/v3/model.onnx?versionId=v1 (403 AccessDenied).',
        fix: 'Grant s3:GetObjectVersion on arn:aws:s3:::ml-models/* to the role mlgov runs as.',
        missingAction: 's3:GetObjectVersion',
      }),
    );
    expect(result.findings).toEqual([
      {
        severity: 'error',
        indeterminate: true,
        code: 'ARTIFACT_S3_UNAVAILABLE',
        message: `Artifact 0 "${PINNED}" could not be verified: S3 denied HeadObject on s3://ml-models/credit/v3/model.onnx?versionId=v1 (403 AccessDenied).`,
        file: 'model/manifest.json',
        pointer: '/artifacts/0/path',
        line: line(PINNED),
        column: 15,
        fix: 'Grant s3:GetObjectVersion on arn:aws:s3:::ml-models/* to the role mlgov runs as.',
      },
    ]);
    expect(result.details?.artifacts[0]).toEqual({ path: PINNED, lfs: false, status: 'unavailable' });
  });

  it.each([
    ['no-such-key', 'ARTIFACT_S3_MISSING'],
    ['no-such-version', 'ARTIFACT_S3_MISSING'],
    ['deleted', 'ARTIFACT_S3_MISSING'],
    ['digest-mismatch', 'CHECKSUM_S3_STORED_MISMATCH'],
    ['truncated', 'ARTIFACT_S3_TRUNCATED'],
  ])('a %s failure fails (exit 1) as %s with the adapter message and fix', (kind, code) => {
    const { result } = judge(PINNED, failure({ kind, verdict: 'fail', message: 'What S3 said.', fix: 'Do this.' }));
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        code,
        message: `Artifact 0 "${PINNED}" could not be verified: What S3 said.`,
        pointer: '/artifacts/0/path',
        fix: 'Do this.',
      }),
    ]);
    expect(result.findings[0]).not.toHaveProperty('indeterminate');
  });

  it('an object that was not observed is ARTIFACT_NOT_OBSERVED (could not judge), never a pass', () => {
    const { result } = judge(PINNED);
    expect(result.findings).toEqual([
      expect.objectContaining({ code: 'ARTIFACT_NOT_OBSERVED', indeterminate: true, pointer: '/artifacts/0/path' }),
    ]);
  });

  it.each([
    ['s3://ml-models/credit/../model.onnx', 'the object key has a "." or ".." segment'],
    ['s3://ML-models/model.onnx', '"ML-models": a bucket name has only lowercase letters'],
    ['s3://ml-models/model.onnx?versionId=null', 'versionId=null names the unversioned copy'],
    ['s3://ml-models/model%20v3.onnx', 'the object key has a "%": write the key literally'],
    ['s3://ml-models/model.onnx?x=1', 'the only query a location may have is a single ?versionId=…'],
  ])('%s is ARTIFACT_S3_LOCATION_INVALID at its path with parseS3Url’s reason', (path, reason) => {
    const { result, line } = judge(path);
    expect(result.findings).toEqual([
      {
        severity: 'error',
        code: 'ARTIFACT_S3_LOCATION_INVALID',
        message: expect.stringContaining(`Artifact 0 "${path}" is not a valid S3 location: ${reason}`),
        file: 'model/manifest.json',
        pointer: '/artifacts/0/path',
        line: line(path),
        column: 15,
        fix: 'Write s3://bucket/path/to/object, optionally pinned with ?versionId=…; the key is taken literally (docs/s3.md).',
      },
    ]);
  });
});

describe('the manifest schema: artifacts[].path', () => {
  const schemaFindings = (path: string) => {
    const m = integrityManifest();
    withObject(path)(m);
    return runSchemaCheck(contextWith({ manifest: manifestDoc(m) }), DEFAULT_POLICY).findings.filter(
      (f) => f.file === 'model/manifest.json',
    );
  };

  it.each([UNPINNED, PINNED, 'model/weights/model.onnx', 'weights:v3/model.onnx'])('accepts %s', (path) => {
    expect(schemaFindings(path)).toEqual([]);
  });

  it.each(['gs://ml-models/model.onnx', 'http://example.com/model.onnx', 'S3://ml-models/model.onnx'])(
    'refuses the scheme of %s as SCHEMA_PATTERN at /artifacts/0/path',
    (path) => {
      const m = integrityManifest();
      withObject(path)(m);
      expect(schemaFindings(path)).toEqual([
        expect.objectContaining({
          severity: 'error',
          code: 'SCHEMA_PATTERN',
          pointer: '/artifacts/0/path',
          line: lineOf(m, path),
          fix: expect.stringContaining('or an object in S3 written s3://bucket/key'),
        }),
      ]);
    },
  );
});

describe('the policy: s3 section', () => {
  const policyOf = (yaml: string): Policy => {
    const reading = readPolicyDocument('p.yml', yamlDocument('p.yml', yaml));
    if (reading.kind !== 'valid') throw new Error(JSON.stringify(reading));
    return reading.policy;
  };

  it('reads endpoint, region, forcePathStyle, allowHttp and trustStoredChecksums; absent means no section', () => {
    expect(
      policyOf(
        'version: 1\ns3: { endpoint: "https://minio.example.com:9000", region: eu-west-1, forcePathStyle: true, allowHttp: false, trustStoredChecksums: true }\n',
      ).s3,
    ).toEqual({
      endpoint: 'https://minio.example.com:9000',
      region: 'eu-west-1',
      forcePathStyle: true,
      allowHttp: false,
      trustStoredChecksums: true,
    });
    expect(withDefaults(undefined)).not.toHaveProperty('s3');
  });

  it.each([
    ['s3: { endpoint: "https://user:pw@minio.example.com" }', '/s3/endpoint'],
    ['s3: { endpoint: "ftp://minio.example.com" }', '/s3/endpoint'],
    ['s3: { region: "EU WEST" }', '/s3/region'],
    ['s3: { trustStoredChecksum: true }', '/s3'],
  ])('refuses %s (at %s)', (section, pointer) => {
    const reading = readPolicyDocument('p.yml', yamlDocument('p.yml', `version: 1\n${section}\n`));
    expect(reading.kind).toBe('invalid');
    expect(reading.kind === 'invalid' && reading.problems.map((p) => p.pointer)).toEqual([pointer]);
  });

  const diff = (base: Policy['s3'], head: Policy['s3']) =>
    diffPolicies(withDefaults(base ? { s3: base } : {}), withDefaults(head ? { s3: head } : {})).map((c) => [
      c.pointer,
      c.direction,
      c.what,
    ]);

  it('any change of the endpoint, region or addressing style is a loosening for the board', () => {
    expect(diff({ endpoint: 'https://a.example' }, { endpoint: 'https://b.example' })).toEqual([
      ['/s3/endpoint', 'loosened', 's3.endpoint https://a.example → https://b.example'],
    ]);
    expect(diff(undefined, { endpoint: 'http://127.0.0.1:9000' })).toEqual([
      ['/s3/endpoint', 'loosened', 's3.endpoint (unset) → http://127.0.0.1:9000'],
    ]);
    expect(diff({ region: 'eu-west-1' }, { region: 'us-east-1' })).toEqual([
      ['/s3/region', 'loosened', 's3.region eu-west-1 → us-east-1'],
    ]);
    expect(diff(undefined, { forcePathStyle: true })).toEqual([
      ['/s3/forcePathStyle', 'loosened', 's3.forcePathStyle false → true'],
    ]);
    expect(diff({ forcePathStyle: false }, undefined)).toEqual([]);
  });

  it('trusting stored checksums more is loosened, less is tightened; allowHttp on is loosened', () => {
    expect(diff({ trustStoredChecksums: false }, { trustStoredChecksums: true })).toEqual([
      ['/s3/trustStoredChecksums', 'loosened', 's3.trustStoredChecksums false → true'],
    ]);
    expect(diff({ trustStoredChecksums: false }, undefined)).toEqual([
      ['/s3/trustStoredChecksums', 'loosened', 's3.trustStoredChecksums false → (unset)'],
    ]);
    expect(diff({ trustStoredChecksums: true }, { trustStoredChecksums: false })).toEqual([
      ['/s3/trustStoredChecksums', 'tightened', 's3.trustStoredChecksums true → false'],
    ]);
    expect(diff(undefined, { allowHttp: true })).toEqual([['/s3/allowHttp', 'loosened', 's3.allowHttp turned on']]);
  });
});
