/**
 * `biasReport.sha256` may bind the report's bytes or its content (the SHA-256 of its canonical JSON without
 * `approvals`, so a fairness approval added to an unchanged report does not void the board's approvals). The content
 * form counts only for the very file the manifest names, read cleanly from the same bytes the gate hashed: a
 * content digest must never vouch for a different file. The full mutation run showed no test of these edges.
 */
import { describe, expect, it } from '@jest/globals';
import { checksumsCheck } from '../../src/checks/checksums.js';
import { reportContentSha256 } from '../../src/formats/canonical-digest.js';
import type { ObservedFile } from '../../src/release/release-context.js';
import { withDefaults } from '../../src/policy/defaults.js';
import { integrityContext, REPORT_SHA } from './integrity-fixtures.js';

const policy = withDefaults(undefined);
const REPORT = 'reports/latest-bias-report.json';

/** A context whose observed report bytes are the gathered report's, with the manifest binding `declared`. */
function bound(
  declared: (content: string, bytes: string) => string,
  edit: (ctx: ReturnType<typeof setUp>) => void = () => {},
) {
  const ctx = setUp();
  const content = reportContentSha256(ctx.biasReport!.value as object);
  const bytes = ctx.biasReport!.sha256;
  (ctx.manifest.value as { biasReport: { sha256: string } }).biasReport.sha256 = declared(content, bytes);
  edit(ctx);
  return { result: checksumsCheck.run(ctx, policy), content, bytes };
}
function setUp() {
  const { ctx } = integrityContext();
  const observed = ctx.files.observed[REPORT] as Extract<ObservedFile, { kind: 'file' }>;
  ctx.files.observed[REPORT] = { ...observed, sha256: ctx.biasReport!.sha256 };
  return ctx;
}
const codes = (r: { findings: Array<{ code: string }> }) => r.findings.map((f) => f.code);

describe('the bias report bound by its content', () => {
  it('passes when the manifest names the content digest of the report the gate read', () => {
    expect(bound((content) => content).result.status).toBe('pass');
  });

  it('passes by the bytes too, written in capitals', () => {
    expect(bound((_c, bytes) => bytes.toUpperCase()).result.status).toBe('pass');
  });

  it('a mismatch names both digests the declared one could have been', () => {
    const { result, content, bytes } = bound(() => 'a'.repeat(64));
    expect(codes(result)).toEqual(['BIAS_REPORT_CHECKSUM_MISMATCH']);
    expect(result.findings[0]!.message).toBe(
      `The bias report "${REPORT}" is declared with SHA-256 ${'a'.repeat(64)}, but the file's digest is ${bytes} and its content digest (without approvals) is ${content}.`,
    );
  });

  it('does not count when the gathered report is not the bytes the gate hashed', () => {
    const { result } = bound(
      (content) => content,
      (ctx) => void ((ctx.files.observed[REPORT] as { sha256: string }).sha256 = REPORT_SHA),
    );
    expect(codes(result)).toEqual(['BIAS_REPORT_CHECKSUM_MISMATCH']);
    expect(result.findings[0]!.message).not.toContain('content digest');
  });

  it('does not count when the report read with problems', () => {
    const { result } = bound(
      (content) => content,
      (ctx) =>
        void ctx.biasReport!.problems.push({
          severity: 'error',
          code: 'DUPLICATE_KEY',
          message: 'x',
          file: REPORT,
          pointer: '',
        }),
    );
    expect(codes(result)).toEqual(['BIAS_REPORT_CHECKSUM_MISMATCH']);
  });

  it('does not count for a report at another path than the one the manifest names', () => {
    const { result } = bound(
      (content) => content,
      (ctx) => void (ctx.biasReport = { ...ctx.biasReport!, file: 'reports/other.json' }),
    );
    expect(codes(result)).toEqual(['BIAS_REPORT_CHECKSUM_MISMATCH']);
  });

  it('does not count for a report whose value is an array, even one declared by its own content digest', () => {
    const { result } = bound(
      () => reportContentSha256([]),
      (ctx) => void (ctx.biasReport = { ...ctx.biasReport!, value: [] as never }),
    );
    expect(codes(result)).toEqual(['BIAS_REPORT_CHECKSUM_MISMATCH']);
  });
});
