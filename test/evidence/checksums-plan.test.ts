/**
 * The plan of `mlgov checksums` (src/evidence/checksums-plan.ts), pure: what the manifest declares, how each file or
 * s3:// object compares with what was observed, and what `--write` changes. The comparison is the `checksums`
 * check's (digest case-insensitively, size only when declared, the bias report by its bytes or its content form);
 * `--write` refuses a partial picture, changes only what differs, leaves a bias report binding that holds, pins the
 * version an S3 store served, and lists the approvals a changed digest voids.
 */
import { describe, expect, it } from '@jest/globals';
import {
  buildChecksumsWritePlan,
  checksumRows,
  declaredFiles,
  describeObserved,
  fileStatusOf,
  type ChecksumRow,
  type Observation,
} from '../../src/evidence/checksums-plan.js';
import { EvidenceError } from '../../src/evidence/evidence-error.js';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import { parseJsonDocument } from '../../src/formats/json-document.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);
const file = (path: string, sha256: string, size: number): Observation => ({ kind: 'file', path, sha256, size });
const object = (path: string, sha256: string, size: number, versionId?: string): Observation => ({
  kind: 'object',
  path,
  bucket: 'models',
  key: 'fraud/model.onnx',
  ...(versionId !== undefined ? { versionId } : {}),
  size,
  sha256,
  verifiedBy: 'stored-checksum',
  notes: [],
});
const failure = (verdict: 'fail' | 'indeterminate'): Observation => ({
  kind: 'object-failure',
  path: 's3://models/fraud/model.onnx',
  failure: { kind: verdict === 'fail' ? 'no-such-key' : 'forbidden', message: 'no answer', fix: 'ask', verdict },
});

describe('fileStatusOf: the checksums check’s comparison', () => {
  it('a file matches by digest in any case, and by size only when one is declared', () => {
    expect(fileStatusOf(file('m', A, 10), { sha256: A.toUpperCase(), size: 10 })).toBe('ok');
    expect(fileStatusOf(file('m', A, 10), { sha256: A })).toBe('ok');
    expect(fileStatusOf(file('m', A, 10), { sha256: A, size: 11 })).toBe('mismatch');
    expect(fileStatusOf(file('m', A, 10), { sha256: B, size: 10 })).toBe('mismatch');
    expect(fileStatusOf(file('m', A, 10), { size: 10 })).toBe('mismatch');
  });

  it('the bias report also matches by its content form; an object never does', () => {
    expect(fileStatusOf(file('r', A, 10), { sha256: C }, C)).toBe('ok');
    expect(fileStatusOf(file('r', A, 10), { sha256: B }, C)).toBe('mismatch');
    expect(fileStatusOf(object('s3://x', A, 10), { sha256: A, size: 10 })).toBe('ok');
    expect(fileStatusOf(object('s3://x', A, 10), { sha256: A, size: 9 })).toBe('mismatch');
  });

  it('an object the store says is not there is missing; any other failure could not be judged', () => {
    expect(fileStatusOf(failure('fail'), { sha256: A })).toBe('missing');
    expect(fileStatusOf(failure('indeterminate'), { sha256: A })).toBe('unavailable');
  });

  it('a file not hashed on purpose is told from an unreadable one; the other kinds are their own status', () => {
    expect(fileStatusOf({ kind: 'unreadable', path: 'm', reason: 'not hashed: --no-hash' }, {})).toBe('not-hashed');
    expect(fileStatusOf({ kind: 'unreadable', path: 'm', reason: 'EACCES: not hashed: x' }, {})).toBe('unreadable');
    expect(fileStatusOf({ kind: 'missing', path: 'm' }, {})).toBe('missing');
    expect(fileStatusOf({ kind: 'not-a-file', path: 'm', what: 'directory' }, {})).toBe('not-a-file');
    expect(fileStatusOf({ kind: 'outside-repository', path: 'm', reason: 'symlink' }, {})).toBe('outside-repository');
  });
});

describe('declaredFiles', () => {
  it('lists artifacts in order with their pointers and declared values, then the bias report', () => {
    expect(
      declaredFiles({
        artifacts: [
          { path: 'model/a.onnx', sha256: A, size: 3 },
          { path: 'model/b.bin', sha256: 5, size: 'big' },
        ],
        biasReport: { path: 'reports/r.json', sha256: B },
      }),
    ).toEqual([
      {
        role: 'artifact',
        path: 'model/a.onnx',
        sha256Pointer: '/artifacts/0/sha256',
        sizePointer: '/artifacts/0/size',
        declared: { sha256: A, size: 3 },
      },
      {
        role: 'artifact',
        path: 'model/b.bin',
        sha256Pointer: '/artifacts/1/sha256',
        sizePointer: '/artifacts/1/size',
        declared: {},
      },
      { role: 'bias-report', path: 'reports/r.json', sha256Pointer: '/biasReport/sha256', declared: { sha256: B } },
    ]);
  });

  it('no artifacts list, or a bias report without a path, declare nothing for them', () => {
    expect(declaredFiles({ artifacts: 'x', biasReport: { sha256: A } })).toEqual([]);
    expect(declaredFiles({ biasReport: ['reports/r.json'] })).toEqual([]);
    expect(declaredFiles({ biasReport: { path: 'r.json', sha256: 7 } })).toEqual([
      { role: 'bias-report', path: 'r.json', sha256Pointer: '/biasReport/sha256', declared: {} },
    ]);
  });

  it.each([[null], ['model.onnx'], [{ sha256: A }], [{ path: 3 }]])(
    'an artifact %j without a path is an error (exit 2) naming its index',
    (entry) => {
      const call = () => declaredFiles({ artifacts: [{ path: 'ok' }, entry] });
      expect(call).toThrow(EvidenceError);
      expect(call).toThrow('artifacts[1] in the manifest has no "path"');
      try {
        call();
      } catch (e) {
        expect((e as EvidenceError).fix).toBe('Give every artifact a repository-relative "path".');
        expect((e as EvidenceError).exitCode).toBe(2);
      }
    },
  );
});

describe('checksumRows', () => {
  const declared = declaredFiles({
    artifacts: [{ path: 'model/a.onnx', sha256: A, size: 3 }],
    biasReport: { path: 'reports/r.json', sha256: C },
  });

  it('the content form counts only for the very bytes it was computed from', () => {
    const observed = { 'model/a.onnx': file('model/a.onnx', A, 3), 'reports/r.json': file('reports/r.json', B, 9) };
    const rows = checksumRows(declared, observed, { sha256: B, contentSha256: C });
    expect(rows.map((r) => [r.path, r.status, r.contentSha256])).toEqual([
      ['model/a.onnx', 'ok', undefined],
      ['reports/r.json', 'ok', C],
    ]);
    expect(Object.keys(rows[0]!)).not.toContain('contentSha256');
    const rewritten = checksumRows(declared, observed, { sha256: A, contentSha256: C });
    expect(rewritten.map((r) => r.status)).toEqual(['ok', 'mismatch']);
    expect(Object.keys(rewritten[1]!)).not.toContain('contentSha256');
    expect(checksumRows(declared, observed).map((r) => r.status)).toEqual(['ok', 'mismatch']);
  });

  it('an artifact whose content form happens to match is still judged by its bytes', () => {
    const observed = { 'model/a.onnx': file('model/a.onnx', B, 3), 'reports/r.json': file('reports/r.json', B, 9) };
    const rows = checksumRows(declared, observed, { sha256: B, contentSha256: A });
    expect(rows[0]!.status).toBe('mismatch');
    expect(rows[0]!.contentSha256).toBeUndefined();
  });

  it('a file nobody examined is unreadable, saying so', () => {
    const rows = checksumRows(declared, {});
    expect(rows.map((r) => [r.status, r.observed])).toEqual([
      ['unreadable', { kind: 'unreadable', path: 'model/a.onnx', reason: 'not examined' }],
      ['unreadable', { kind: 'unreadable', path: 'reports/r.json', reason: 'not examined' }],
    ]);
  });
});

describe('describeObserved', () => {
  it('names every kind in words', () => {
    expect(describeObserved(file('m', A, 1))).toBe('a file');
    expect(describeObserved(object('s3://x', A, 1))).toBe('an object');
    expect(describeObserved(failure('indeterminate'))).toBe('not verified: no answer (ask)');
    expect(describeObserved({ kind: 'missing', path: 'm' })).toBe('missing');
    expect(describeObserved({ kind: 'outside-repository', path: 'm', reason: 'a symlink to /etc' })).toBe(
      'outside the repository (a symlink to /etc)',
    );
    expect(describeObserved({ kind: 'not-a-file', path: 'm', what: 'directory' })).toBe('a directory, not a file');
    expect(describeObserved({ kind: 'unreadable', path: 'm', reason: 'EACCES' })).toBe('unreadable (EACCES)');
  });
});

describe('buildChecksumsWritePlan', () => {
  const plan = (
    manifest: object,
    observed: Record<string, Observation>,
    content?: { sha256: string; contentSha256: string },
  ) => {
    const text = JSON.stringify(manifest, null, 2) + '\n';
    const doc = parseJsonDocument('model/manifest.json', new TextEncoder().encode(text));
    const rows: ChecksumRow[] = checksumRows(declaredFiles(doc.value as Record<string, unknown>), observed, content);
    return { text, result: buildChecksumsWritePlan(doc, text, rows) };
  };
  const approval = {
    approver: 'alice',
    role: 'governance-board',
    decision: 'approved',
    at: 'x',
    manifestDigest: 'sha256:0',
  };

  it('sets the size and digest that differ, in place, and lists the approvals the new digest voids', () => {
    const manifest = {
      name: 'fraud',
      artifacts: [
        { path: 'model/a.onnx', sha256: A, size: 3 },
        { path: 'model/b.bin', sha256: A, size: 4 },
      ],
      approvals: [approval],
    };
    const { text, result } = plan(manifest, {
      'model/a.onnx': file('model/a.onnx', A, 3),
      'model/b.bin': file('model/b.bin', B, 5),
    });
    expect(result.changes).toEqual([
      { pointer: '/artifacts/1/size', from: 4, to: 5 },
      { pointer: '/artifacts/1/sha256', from: A, to: B },
    ]);
    expect(result.text).toBe(
      text
        .replace('"size": 4', '"size": 5')
        .replace(`"sha256": "${A}",\n      "size": 5`, `"sha256": "${B}",\n      "size": 5`),
    );
    expect(JSON.parse(result.text)).toEqual({
      ...manifest,
      artifacts: [manifest.artifacts[0], { path: 'model/b.bin', sha256: B, size: 5 }],
    });
    expect(result.digestBefore).toBe(manifestDigest(manifest));
    expect(result.digestAfter).toBe(manifestDigest(JSON.parse(result.text)));
    expect(result.voidedApprovals).toEqual([approval]);
  });

  it('an upper-case digest is written in lower case; nothing to change leaves text, digest and approvals', () => {
    const manifest = { artifacts: [{ path: 'm', sha256: A.toUpperCase(), size: 3 }], approvals: [approval] };
    const { text, result } = plan(manifest, { m: file('m', A, 3) });
    // A digest in upper case differs as text: --write writes the lower-case form it observed.
    expect(result.changes).toEqual([{ pointer: '/artifacts/0/sha256', from: A.toUpperCase(), to: A }]);
    const same = plan({ artifacts: [{ path: 'm', sha256: A, size: 3 }], approvals: 'none' }, { m: file('m', A, 3) });
    expect(same.result.changes).toEqual([]);
    expect(same.result.text).toBe(same.text);
    expect(same.result.digestAfter).toBe(same.result.digestBefore);
    expect(same.result.voidedApprovals).toEqual([]);
    expect(text).not.toBe(result.text);
  });

  it('an unchanged digest voids no approval, whatever the approvals hold', () => {
    const { result } = plan(
      { artifacts: [{ path: 'm', sha256: A, size: 3 }], approvals: [approval] },
      { m: file('m', A, 3) },
    );
    expect(result.digestAfter).toBe(result.digestBefore);
    expect(result.voidedApprovals).toEqual([]);
  });

  it('a changed digest with approvals that are not a list voids none', () => {
    const { result } = plan(
      { artifacts: [{ path: 'm', sha256: A, size: 3 }], approvals: 'none' },
      { m: file('m', B, 3) },
    );
    expect(result.digestAfter).not.toBe(result.digestBefore);
    expect(result.voidedApprovals).toEqual([]);
  });

  it('a bias report binding that holds is left as it is, either form', () => {
    const byContent = plan(
      { biasReport: { path: 'r.json', sha256: C } },
      { 'r.json': file('r.json', A, 9) },
      { sha256: A, contentSha256: C },
    );
    expect(byContent.result.changes).toEqual([]);
    const byBytes = plan(
      { biasReport: { path: 'r.json', sha256: A } },
      { 'r.json': file('r.json', A, 9) },
      { sha256: A, contentSha256: C },
    );
    expect(byBytes.result.changes).toEqual([]);
  });

  it('a binding that does not hold becomes the content form, or the bytes digest when the report did not parse', () => {
    const content = plan(
      { biasReport: { path: 'r.json', sha256: B } },
      { 'r.json': file('r.json', A, 9) },
      { sha256: A, contentSha256: C },
    );
    expect(content.result.changes).toEqual([{ pointer: '/biasReport/sha256', from: B, to: C }]);
    const bytes = plan({ biasReport: { path: 'r.json', sha256: B } }, { 'r.json': file('r.json', A, 9) });
    expect(bytes.result.changes).toEqual([{ pointer: '/biasReport/sha256', from: B, to: A }]);
    const absent = plan({ biasReport: { path: 'r.json' } }, { 'r.json': file('r.json', A, 9) });
    expect(absent.result.changes).toEqual([{ pointer: '/biasReport/sha256', from: undefined, to: A }]);
    expect(JSON.parse(absent.result.text)).toEqual({ biasReport: { path: 'r.json', sha256: A } });
  });

  it('an s3:// artifact: size and digest as verified, and the version served pinned into its path', () => {
    const path = 's3://models/fraud/model.onnx';
    const { result } = plan({ artifacts: [{ path, sha256: A, size: 1 }] }, { [path]: object(path, B, 2, 'v 1') });
    expect(result.changes).toEqual([
      { pointer: '/artifacts/0/path', from: path, to: 's3://models/fraud/model.onnx?versionId=v%201' },
      { pointer: '/artifacts/0/size', from: 1, to: 2 },
      { pointer: '/artifacts/0/sha256', from: A, to: B },
    ]);
  });

  it('an s3:// path that pins a version already, or an unversioned bucket, keeps its path', () => {
    const pinned = 's3://models/fraud/model.onnx?versionId=v1';
    const kept = plan({ artifacts: [{ path: pinned, sha256: B, size: 2 }] }, { [pinned]: object(pinned, B, 2, 'v1') });
    expect(kept.result.changes).toEqual([]);
    const plain = 's3://models/fraud/model.onnx';
    const unversioned = plan({ artifacts: [{ path: plain, sha256: B, size: 1 }] }, { [plain]: object(plain, B, 2) });
    expect(unversioned.result.changes).toEqual([{ pointer: '/artifacts/0/size', from: 1, to: 2 }]);
  });

  it('refuses a partial picture, naming every file that was not observed, and writes nothing', () => {
    const manifest = {
      artifacts: [
        { path: 'a', sha256: A },
        { path: 'b', sha256: A },
        { path: 's3://models/fraud/model.onnx', sha256: A },
      ],
    };
    const call = () =>
      plan(manifest, {
        a: { kind: 'missing', path: 'a' },
        b: { kind: 'not-a-file', path: 'b', what: 'directory' },
        's3://models/fraud/model.onnx': failure('indeterminate'),
      });
    expect(call).toThrow(
      'not writing checksums: a is missing; b is a directory, not a file; s3://models/fraud/model.onnx is not verified: no answer (ask); nothing was written',
    );
    try {
      call();
    } catch (e) {
      expect((e as EvidenceError).fix).toBe(
        'Fix the paths in the manifest (repository-relative, inside the repository) and make sure every file exists, then run `mlgov checksums --write` again.',
      );
    }
  });
});
