import { describe, expect, it } from '@jest/globals';
import { checksumsCheck } from '../../src/checks/checksums.js';
import { withDefaults } from '../../src/policy/defaults.js';
import {
  integrityContext,
  integrityManifest,
  lineOf,
  REPORT_SHA,
  WEIGHTS_SHA,
  type IntegrityOptions,
} from './integrity-fixtures.js';

const policy = withDefaults(undefined);
const run = (options: IntegrityOptions = {}) => checksumsCheck.run(integrityContext(options).ctx, policy);
const other = 'f'.repeat(64);

describe('checksums', () => {
  it('passes when every artifact and the bias report match', () => {
    const result = run();
    expect(result).toMatchObject({ id: 'checksums', status: 'pass', findings: [] });
    expect(result.summary).toBe('2 artifacts and the bias report match their declared size and SHA-256');
    expect(result.details?.['artifacts']).toEqual([
      { path: 'model/weights/model.onnx', size: 1234, sha256: WEIGHTS_SHA, lfs: false, status: 'ok' },
      { path: 'model/weights/tokenizer.json', size: 10, sha256: '1'.repeat(64), lfs: false, status: 'ok' },
    ]);
  });

  it("a changed byte is CHECKSUM_MISMATCH at /artifacts/0/sha256 on that member's line", () => {
    const result = run({
      files: (o) =>
        void (o['model/weights/model.onnx'] = {
          kind: 'file',
          path: 'model/weights/model.onnx',
          size: 1234,
          sha256: other,
        }),
    });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      {
        severity: 'error',
        code: 'CHECKSUM_MISMATCH',
        message: `Artifact 0 "model/weights/model.onnx" is declared with SHA-256 ${WEIGHTS_SHA}, but the file's digest is ${other}.`,
        file: 'model/manifest.json',
        pointer: '/artifacts/0/sha256',
        line: 33,
        column: 17,
        fix: expect.stringContaining('mlgov checksums --write'),
      },
    ]);
    expect(lineOf(integrityManifest(), `"sha256": "${WEIGHTS_SHA}"`)).toBe(33);
  });

  it('a wrong size is SIZE_MISMATCH at /artifacts/1/size', () => {
    const result = run({ manifest: (m) => void (m.artifacts[1]!.size = 11) });
    expect(result.findings).toMatchObject([
      {
        code: 'SIZE_MISMATCH',
        pointer: '/artifacts/1/size',
        line: lineOf(integrityManifest(), '"size": 10'),
        message: 'Artifact 1 "model/weights/tokenizer.json" is declared as 11 bytes, but the file\'s size is 10 bytes.',
      },
    ]);
  });

  it.each([
    [{ kind: 'missing' as const }, 'ARTIFACT_MISSING', 'does not exist'],
    [
      { kind: 'outside-repository' as const, reason: 'the path climbs out of the repository with ".."' },
      'PATH_OUTSIDE_REPOSITORY',
      'leaves the repository',
    ],
    [{ kind: 'not-a-file' as const, what: 'directory' }, 'ARTIFACT_NOT_A_FILE', 'is a directory'],
    [
      { kind: 'unreadable' as const, reason: 'a symlink loop (ELOOP) while resolving the path' },
      'ARTIFACT_UNREADABLE',
      'ELOOP',
    ],
  ])('%j → %s at /artifacts/0/path', (observation, code, text) => {
    const path = 'model/weights/model.onnx';
    const result = run({ files: (o) => void (o[path] = { path, ...observation } as never) });
    expect(result.status).toBe('fail');
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      severity: 'error',
      code,
      file: 'model/manifest.json',
      pointer: '/artifacts/0/path',
      line: lineOf(integrityManifest(), `"path": "${path}"`),
    });
    expect(result.findings[0]!.message).toContain(text);
    expect(result.findings[0]!.fix).toBeTruthy();
    expect(result.findings[0]!.indeterminate).toBeUndefined();
  });

  it('a file fail-fast did not hash is a notice, not a second error', () => {
    const path = 'model/weights/tokenizer.json';
    const result = run({
      files: (o) => {
        o['model/weights/model.onnx'] = { kind: 'file', path: 'model/weights/model.onnx', size: 1234, sha256: other };
        o[path] = { kind: 'unreadable', path, reason: 'not hashed: stopped at first mismatch (--fail-fast)' };
      },
    });
    expect(result.findings.map((f) => [f.severity, f.code])).toEqual([
      ['error', 'CHECKSUM_MISMATCH'],
      ['notice', 'ARTIFACT_NOT_HASHED'],
    ]);
  });

  it('an LFS pointer that matches passes; one that does not is a mismatch naming the oid', () => {
    const path = 'model/weights/model.onnx';
    const pass = run({
      files: (o) =>
        void (o[path] = { kind: 'file', path, size: 1234, sha256: WEIGHTS_SHA, lfs: { oid: WEIGHTS_SHA, size: 1234 } }),
    });
    expect(pass.status).toBe('pass');
    expect((pass.details?.['artifacts'] as Array<{ lfs: boolean }>)[0]!.lfs).toBe(true);
    const fail = run({
      files: (o) => void (o[path] = { kind: 'file', path, size: 99, sha256: other, lfs: { oid: other, size: 99 } }),
    });
    expect(fail.findings.map((f) => [f.code, f.pointer])).toEqual([
      ['SIZE_MISMATCH', '/artifacts/0/size'],
      ['CHECKSUM_MISMATCH', '/artifacts/0/sha256'],
    ]);
    expect(fail.findings[1]!.message).toContain("the Git LFS pointer's oid is " + other);
  });

  it('a path listed twice (even spelled differently) is DUPLICATE_ARTIFACT_PATH at the second entry', () => {
    const result = run({
      manifest: (m) => void m.artifacts.push({ path: './model/weights/model.onnx', sha256: WEIGHTS_SHA, size: 1234 }),
    });
    expect(result.findings).toMatchObject([{ code: 'DUPLICATE_ARTIFACT_PATH', pointer: '/artifacts/2/path' }]);
    expect(result.findings[0]!.message).toContain('artifact 0');
  });

  it('a changed bias report is BIAS_REPORT_CHECKSUM_MISMATCH at /biasReport/sha256', () => {
    const result = run({ manifest: (m) => void (m.biasReport.sha256 = other) });
    expect(result.findings).toMatchObject([
      {
        severity: 'error',
        code: 'BIAS_REPORT_CHECKSUM_MISMATCH',
        pointer: '/biasReport/sha256',
        line: lineOf(integrityManifest(), `"sha256": "${REPORT_SHA}"`),
      },
    ]);
    expect(result.findings[0]!.message).toContain(
      `declared with SHA-256 ${other}, but the file's digest is ${REPORT_SHA}`,
    );
  });

  it('a missing bias report is ARTIFACT_MISSING at /biasReport/path', () => {
    const result = run({ files: (o, m) => void (o[m.biasReport.path] = { kind: 'missing', path: m.biasReport.path }) });
    expect(result.findings).toMatchObject([{ code: 'ARTIFACT_MISSING', pointer: '/biasReport/path' }]);
  });

  it('a file the gatherer did not observe is indeterminate (fail closed)', () => {
    const result = run({ files: (o) => void delete o['model/weights/tokenizer.json'] });
    expect(result.findings).toMatchObject([
      { code: 'ARTIFACT_NOT_OBSERVED', indeterminate: true, pointer: '/artifacts/1/path' },
    ]);
  });

  it('an unlisted file is a warning about that file', () => {
    const { ctx } = integrityContext();
    ctx.files.unlisted = ['model/weights/stale.onnx'];
    const result = checksumsCheck.run(ctx, policy);
    expect(result.status).toBe('warn');
    expect(result.findings).toEqual([
      {
        severity: 'warning',
        code: 'UNLISTED_FILE',
        message: '"model/weights/stale.onnx" lies in a model folder but is not listed in the manifest\'s artifacts.',
        file: 'model/weights/stale.onnx',
        fix: expect.stringContaining('model/manifest.json'),
      },
    ]);
  });
});
