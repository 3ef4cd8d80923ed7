/**
 * The checksums check's report beyond its findings: the artifact table (one row per manifest entry, with the status
 * a reader sees: ok, mismatch, duplicate, missing, unreadable, not-hashed, and how the file was verified), the
 * one-line summary (how many files match, how they were verified, why a file was hashed), and the exact texts of
 * the findings the main suite only names by code.
 *
 * Why: the table and the summary are what the PR comment shows. A row that says "ok" for a file never examined, or a
 * summary that counts wrong, misleads the reviewer as much as a missing finding would; the mutation run showed no
 * test read them.
 */
import { describe, expect, it } from '@jest/globals';
import { checksumsCheck } from '../../src/checks/checksums.js';
import { withDefaults } from '../../src/policy/defaults.js';
import type { ObservedFile } from '../../src/release/release-context.js';
import { jsonDocument } from '../support/release-context.js';
import {
  integrityContext,
  integrityManifest,
  lineOf,
  REPORT_SHA,
  TOKENIZER_SHA,
  WEIGHTS_SHA,
  type IntegrityOptions,
} from './integrity-fixtures.js';

const policy = withDefaults(undefined);
const WEIGHTS = 'model/weights/model.onnx';
const TOKENIZER = 'model/weights/tokenizer.json';
const REPORT = 'reports/latest-bias-report.json';
const WRITE_FIX =
  'If the change is intended, run `mlgov checksums --write` and commit the manifest; otherwise restore the file.';

const run = (options: IntegrityOptions = {}) => checksumsCheck.run(integrityContext(options).ctx, policy);
const rowsOf = (r: ReturnType<typeof run>) => r.details?.['artifacts'] as Array<Record<string, unknown>>;
const observe =
  (path: string, o: Partial<ObservedFile> & Pick<ObservedFile, 'kind'>) => (obs: Record<string, ObservedFile>) =>
    void (obs[path] = { path, ...o } as ObservedFile);

describe('checksums: the artifact table', () => {
  it('says "unreadable" for a file the gatherer never examined, and says so in an indeterminate finding', () => {
    const r = run({ files: (o) => void delete o[TOKENIZER] });
    expect(rowsOf(r)[1]).toEqual({ path: TOKENIZER, lfs: false, status: 'unreadable' });
    expect(r.findings).toEqual([
      {
        severity: 'error',
        indeterminate: true,
        code: 'ARTIFACT_NOT_OBSERVED',
        message: `Artifact 1 "${TOKENIZER}" was not examined, so its checksum could not be verified.`,
        file: 'model/manifest.json',
        pointer: '/artifacts/1/path',
        line: lineOf(integrityManifest(), `"path": "${TOKENIZER}"`),
        column: 15,
        fix: 'Run the gate again; if this persists, report it as an mlgov bug.',
      },
    ]);
  });

  it('says "not-hashed" for a file fail-fast skipped, with the reason the hasher gave', () => {
    const reason = 'not hashed: stopped at first mismatch (--fail-fast)';
    const r = run({ files: observe(TOKENIZER, { kind: 'unreadable', reason }) });
    expect(rowsOf(r)[1]).toEqual({ path: TOKENIZER, lfs: false, status: 'not-hashed' });
    expect(r.findings).toEqual([
      {
        severity: 'notice',
        code: 'ARTIFACT_NOT_HASHED',
        message: `Artifact 1 "${TOKENIZER}" was ${reason}.`,
        file: 'model/manifest.json',
        pointer: '/artifacts/1/path',
        line: lineOf(integrityManifest(), `"path": "${TOKENIZER}"`),
        column: 15,
      },
    ]);
  });

  it('says "unreadable" for a file that could not be read for another reason (even one that mentions not hashed)', () => {
    const r = run({ files: observe(TOKENIZER, { kind: 'unreadable', reason: 'EACCES, so not hashed:' }) });
    expect(rowsOf(r)[1]).toEqual({ path: TOKENIZER, lfs: false, status: 'unreadable' });
    expect(r.findings.map((f) => f.code)).toEqual(['ARTIFACT_UNREADABLE']);
  });

  it('uses the observation kind as the status of any other file it could not compare', () => {
    const r = run({ files: observe(TOKENIZER, { kind: 'missing' }) });
    expect(rowsOf(r)[1]).toEqual({ path: TOKENIZER, lfs: false, status: 'missing' });
  });

  it('says "duplicate" for an entry naming a file already listed, and asks to list each file once', () => {
    const r = run({
      manifest: (m) => void m.artifacts.push({ path: `./${WEIGHTS}`, sha256: WEIGHTS_SHA, size: 1234 }),
    });
    expect(rowsOf(r)[2]).toEqual({ path: `./${WEIGHTS}`, lfs: false, status: 'duplicate' });
    expect(r.findings).toMatchObject([
      {
        code: 'DUPLICATE_ARTIFACT_PATH',
        message: `Artifact 2 "./${WEIGHTS}" names the same file as artifact 0 ("${WEIGHTS}").`,
        fix: 'List each file once.',
      },
    ]);
  });

  it('says "mismatch" for a file whose size differs, and how to record or restore it', () => {
    const r = run({ manifest: (m) => void (m.artifacts[1]!.size = 11) });
    expect(rowsOf(r)[1]).toEqual({ path: TOKENIZER, size: 10, sha256: TOKENIZER_SHA, lfs: false, status: 'mismatch' });
    expect(r.findings[0]!.fix).toBe(WRITE_FIX);
  });

  it('names the governed model in the command when the policy lists several', () => {
    const r = run({ manifest: (m) => void (m.artifacts[1]!.size = 11), context: { governedName: 'fraud-detection' } });
    expect(r.findings[0]!.fix).toBe(
      'If the change is intended, run `mlgov checksums --write --model fraud-detection` and commit the manifest; otherwise restore the file.',
    );
  });

  it('does not compare the size of an entry that declares none', () => {
    const r = run({ manifest: (m) => void delete (m.artifacts[1] as { size?: number }).size });
    expect(r.findings).toEqual([]);
    expect(rowsOf(r)[1]!['status']).toBe('ok');
  });

  it('carries how each file was verified, and why git could not vouch for it', () => {
    const r = run({
      files: observe(WEIGHTS, {
        kind: 'file',
        size: 1234,
        sha256: WEIGHTS_SHA,
        verifiedBy: 'hashed',
        verifiedNote: 'it differs from the commit',
      }),
    });
    expect(rowsOf(r)[0]).toEqual({
      path: WEIGHTS,
      size: 1234,
      sha256: WEIGHTS_SHA,
      lfs: false,
      verifiedBy: 'hashed',
      verifiedNote: 'it differs from the commit',
      status: 'ok',
    });
  });
});

describe('checksums: the summary', () => {
  const verified = (by: Record<string, [string, string?]>) => (o: Record<string, ObservedFile>) => {
    for (const [path, [verifiedBy, verifiedNote]] of Object.entries(by)) {
      const f = o[path] as Extract<ObservedFile, { kind: 'file' }>;
      o[path] = { ...f, verifiedBy: verifiedBy as never, ...(verifiedNote ? { verifiedNote } : {}) };
    }
  };

  it('speaks of one artifact in the singular', () => {
    const r = run({ manifest: (m) => void m.artifacts.pop() });
    expect(r.summary).toBe('1 artifact and the bias report match their declared size and SHA-256');
  });

  it('counts the unlisted files when all match', () => {
    const { ctx } = integrityContext();
    ctx.files.unlisted = ['model/weights/stale.onnx', 'model/weights/old.onnx'];
    const r = checksumsCheck.run(ctx, policy);
    expect(r.summary).toBe('2 artifacts and the bias report match their declared size and SHA-256; 2 unlisted file(s)');
    expect(r.findings[0]!.fix).toBe(
      'Add it to "artifacts" in model/manifest.json (then run `mlgov checksums --write`) or remove it from the repository.',
    );
  });

  it('counts the files that do not match among the artifacts and the bias report', () => {
    const r = run({
      files: observe(TOKENIZER, { kind: 'missing' }),
      manifest: (m) => void (m.biasReport.sha256 = 'f'.repeat(64)),
    });
    expect(r.summary).toBe('2 of 3 file(s) do not match the manifest');
  });

  it('says how the files were verified, kind by kind, in the order of the labels', () => {
    const r = run({
      files: verified({ [WEIGHTS]: ['lfs-index'], [TOKENIZER]: ['hashed'], [REPORT]: ['lfs-index'] }),
    });
    expect(r.summary).toBe(
      '2 artifacts and the bias report match their declared size and SHA-256 (1 hashed, 2 from the Git LFS pointer in the index)',
    );
  });

  it('says why a file git could vouch for was hashed, naming it, or counting the files that share the reason', () => {
    const one = run({
      files: verified({ [WEIGHTS]: ['hashed', 'it differs from the commit'], [TOKENIZER]: ['hashed'] }),
    });
    expect(one.summary).toBe(
      `2 artifacts and the bias report match their declared size and SHA-256 (2 hashed; ${WEIGHTS} hashed: it differs from the commit)`,
    );
    const both = run({
      files: verified({
        [WEIGHTS]: ['hashed', '--rehash'],
        [TOKENIZER]: ['hashed', '--rehash'],
        [REPORT]: ['lfs-index', '--rehash'],
      }),
    });
    expect(both.summary).toBe(
      '2 artifacts and the bias report match their declared size and SHA-256 (2 hashed, 1 from the Git LFS pointer in the index; 2 files hashed: --rehash)',
    );
  });

  it('says why an object was streamed, for each one', () => {
    const r = run({ files: verified({ [WEIGHTS]: ['streamed', 'no checksum stored'], [TOKENIZER]: ['streamed'] }) });
    expect(r.summary).toBe(
      `2 artifacts and the bias report match their declared size and SHA-256 (2 streamed from S3; ${WEIGHTS} streamed: no checksum stored)`,
    );
  });
});

describe('checksums: the bias report bound by its content, when the report read is not an object', () => {
  /** The manifest declares another digest than the file's, for a report whose parsed value is `text`. */
  const withReportText = (text: string) => {
    const { ctx } = integrityContext();
    const report = jsonDocument<never>(REPORT, JSON.parse(text));
    ctx.biasReport = report;
    ctx.files.observed[REPORT] = { kind: 'file', path: REPORT, size: 5, sha256: report.sha256 };
    return checksumsCheck.run(ctx, policy);
  };

  it.each([['null'], ['"a report"'], ['[]']])('%s has no content digest: only its bytes can bind it', (text) => {
    const r = withReportText(text);
    expect(r.findings.map((f) => f.code)).toEqual(['BIAS_REPORT_CHECKSUM_MISMATCH']);
    expect(r.findings[0]!.message).toBe(
      `The bias report "${REPORT}" is declared with SHA-256 ${REPORT_SHA}, but the file's digest is ${jsonDocument(REPORT, JSON.parse(text)).sha256}.`,
    );
  });

  it('is not examined when the gatherer did not observe the report file', () => {
    const r = run({ files: (o) => void delete o[REPORT] });
    expect(r.findings.map((f) => [f.code, f.pointer])).toEqual([['ARTIFACT_NOT_OBSERVED', '/biasReport/path']]);
    expect(r.details?.['biasReport']).toEqual({ path: REPORT, lfs: false, status: 'unreadable' });
  });
});
