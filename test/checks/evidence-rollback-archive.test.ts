/**
 * When the superseded base release is a rollback to 1.0.0 and the primary folder artifacts/fraud-detection/1.0.0/
 * holds the original release's manifest, the rollback is archived beside it in `rollback-<digest12>/` and must
 * restore it: the artifacts the primary `checksums.sha256` records (path and digest, in both directions) and the same
 * bias report bytes. Which folder is expected depends on the primary manifest the PR has (or, if the PR deleted it,
 * the base had), not on anything else the PR says.
 *
 * Why: a "rollback" that ships other weights than the release it claims to restore skips the review a new version
 * needs. The author controls the branch, so the PR must not be able to move the expected folder by deleting the
 * primary manifest, and each difference must be named (path, both digests) in a stable order.
 */
import { describe, expect, it } from '@jest/globals';
import { manifestDigest, sha256Hex } from '../../src/formats/canonical-digest.js';
import type { EvidenceFacts } from '../../src/release/evidence-facts.js';
import type { ReleaseContext } from '../../src/release/release-context.js';
import {
  BASE_REF,
  DIR,
  LOG,
  MODEL,
  REPORT_SHA,
  SUMS,
  W1,
  WEIGHTS,
  archiveLog,
  archivedHead,
  baseValue,
  checksumsText,
  evidenceContext,
  foundBase,
  judge,
  manifestDoc,
} from './evidence-literal-release.js';

const PRIMARY_SUMS = `${DIR}/checksums.sha256`;
const ORIGINAL_MANIFEST = '9'.repeat(64);

/** The rollback release to 1.0.0 as the base has it, with `artifacts` (default: the original's). */
function rollbackRelease(artifacts: unknown[] = baseValue['artifacts'] as unknown[]) {
  const value = {
    ...baseValue,
    artifacts,
    release: { type: 'rollback', reason: 'AUC dropped on live traffic (INC-7)', rollbackOf: '2.0.0' },
  };
  const doc = manifestDoc(value);
  const dir = `${DIR}/rollback-${manifestDigest(value).slice(7, 19)}`;
  const sums = checksumsText([
    [W1, WEIGHTS],
    [doc.sha256, `${dir}/manifest.json`],
    [REPORT_SHA, `${dir}/bias-report.json`],
  ]);
  const files = {
    [`${dir}/manifest.json`]: doc.sha256,
    [`${dir}/bias-report.json`]: REPORT_SHA,
    [`${dir}/checksums.sha256`]: sha256Hex(sums),
    [`${dir}/evidence.json`]: 'e'.repeat(64),
  };
  return { value, doc, dir, sums, files };
}

const primary = (): Record<string, string> => ({ ...archivedHead(), [`${DIR}/manifest.json`]: ORIGINAL_MANIFEST });

/** The PR that archives the rollback `rb` beside the primary archive already on the base. */
function rollbackPr(
  rb: ReturnType<typeof rollbackRelease>,
  facts: Partial<EvidenceFacts> = {},
  baseOverrides: Partial<Extract<ReleaseContext['base'], { kind: 'found' }>> = {},
  more: Partial<ReleaseContext> = {},
): ReleaseContext {
  const headLog = archiveLog([
    { version: '1.0.0', dir: DIR },
    { version: '1.0.0', dir: rb.dir },
  ]);
  return evidenceContext(
    {
      baseFiles: primary(),
      headFiles: { ...primary(), ...rb.files, [LOG]: sha256Hex(headLog) },
      checksumRecords: { [PRIMARY_SUMS]: SUMS, [`${rb.dir}/checksums.sha256`]: rb.sums },
      evidenceRecords: {},
      baseAuditLog: archiveLog([{ version: '1.0.0', dir: DIR }]),
      headAuditLog: headLog,
      ...facts,
    },
    foundBase({ manifest: rb.doc, ...baseOverrides }),
    more,
  );
}

const differs = (ctx: ReleaseContext) => judge(ctx).findings.filter((f) => f.code === 'ARCHIVE_ROLLBACK_DIFFERS');
const rollbackFix = (model = '') =>
  `a rollback restores an archived release unchanged: make it with mlgov rollback --to 1.0.0${model} (on ${BASE_REF}); a changed model needs a new version`;

describe('evidence: where the archive of a rollback release is expected', () => {
  it('beside the primary archive that holds the original release, which it restores', () => {
    const rb = rollbackRelease();
    const r = judge(rollbackPr(rb));
    expect(r.findings).toEqual([]);
    expect(r.details).toMatchObject({ expectedArchive: rb.dir, restores: DIR });
  });

  it('still beside it when the PR deletes the primary manifest (the base has it), which is itself reported', () => {
    const rb = rollbackRelease();
    const ctx = rollbackPr(rb);
    delete ctx.evidence!.headFiles[`${DIR}/manifest.json`];
    const r = judge(ctx);
    expect(r.details).toMatchObject({ expectedArchive: rb.dir, restores: DIR });
    expect(r.findings.map((f) => [f.code, f.file])).toEqual([['EVIDENCE_DELETED', `${DIR}/manifest.json`]]);
  });

  it('beside it when the PR adds the primary archive the base did not have', () => {
    const rb = rollbackRelease();
    expect(judge(rollbackPr(rb, { baseFiles: {} })).details).toMatchObject({ expectedArchive: rb.dir });
  });

  it('in the primary folder for a release that is not a rollback, even when that folder holds another manifest', () => {
    const value = { ...baseValue, release: { type: 'hotfix' } };
    const r = judge(rollbackPr(rollbackRelease(), {}, { manifest: manifestDoc(value) }));
    expect(r.details?.['expectedArchive']).toBe(DIR);
    expect(r.details?.['restores']).toBeUndefined();
  });
});

describe('evidence: a rollback that does not restore the primary archive', () => {
  it('names each differing artifact in path order, with both digests, and the command that makes a true rollback', () => {
    const A = 'model/weights/1.0.0/a.onnx';
    const Z = 'model/weights/1.0.0/z.onnx';
    const D = 'd'.repeat(64);
    // The primary archive recorded z.onnx; the rollback declares a.onnx instead (and the same weights).
    const primarySums = checksumsText([
      [W1, WEIGHTS],
      [W1, Z],
      [ORIGINAL_MANIFEST, `${DIR}/manifest.json`],
    ]);
    const rb = rollbackRelease([
      { path: WEIGHTS, sha256: W1, size: 3 },
      { path: A, sha256: D, size: 3 },
    ]);
    const ctx = rollbackPr(rb, {
      checksumRecords: { [PRIMARY_SUMS]: primarySums },
    });
    expect(differs(ctx)).toEqual([
      {
        severity: 'error',
        code: 'ARCHIVE_ROLLBACK_DIFFERS',
        message: `the base release ${MODEL} 1.0.0 is a rollback, but its artifacts are not those ${PRIMARY_SUMS} records (${A}: ${D} vs archived none; ${Z}: not in the release vs archived ${W1})`,
        file: PRIMARY_SUMS,
        fix: rollbackFix(),
      },
    ]);
  });

  it('names the governed model in the rollback command when the policy lists several', () => {
    const rb = rollbackRelease([{ path: WEIGHTS, sha256: 'd'.repeat(64) }]);
    const f = differs(rollbackPr(rb, {}, {}, { governedName: MODEL }));
    expect(f.map((x) => x.fix)).toEqual([rollbackFix(` --model ${MODEL}`)]);
  });

  it('gives both digests of a bias report that is not the archived one', () => {
    const rb = rollbackRelease();
    const other = 'f'.repeat(64);
    const f = differs(
      rollbackPr(
        rb,
        { headFiles: { ...primary(), ...rb.files, [`${rb.dir}/bias-report.json`]: other } },
        { biasReportFileSha256: other },
      ),
    );
    expect(f).toEqual([
      {
        severity: 'error',
        code: 'ARCHIVE_ROLLBACK_DIFFERS',
        message: `the base release ${MODEL} 1.0.0 is a rollback, but its bias report (sha256 ${other}) is not ${DIR}/bias-report.json (sha256 ${REPORT_SHA})`,
        file: `${DIR}/bias-report.json`,
        fix: rollbackFix(),
      },
    ]);
  });

  it('compares no bias report when the rollback has none, or the primary archive holds none', () => {
    const rb = rollbackRelease();
    expect(differs(rollbackPr(rb, {}, { biasReportFileSha256: undefined }))).toEqual([]);
    const noReport = primary();
    delete noReport[`${DIR}/bias-report.json`];
    const ctx = rollbackPr(rb, {
      baseFiles: noReport,
      headFiles: { ...noReport, ...rb.files, [LOG]: sha256Hex(archiveLog([])) },
    });
    expect(differs(ctx)).toEqual([]);
  });

  it('compares no artifacts when the primary checksum record was not read', () => {
    const rb = rollbackRelease([{ path: WEIGHTS, sha256: 'd'.repeat(64) }]);
    expect(differs(rollbackPr(rb, { checksumRecords: {} }))).toEqual([]);
    const ctx = rollbackPr(rb);
    delete ctx.evidence!.checksumRecords;
    expect(differs(ctx)).toEqual([]);
  });

  it('ignores base artifact entries that are not objects', () => {
    const rb = rollbackRelease([null, { path: WEIGHTS, sha256: W1, size: 3 }]);
    expect(differs(rollbackPr(rb))).toEqual([]);
  });
});

describe('evidence: a base manifest that is not a release', () => {
  it('supersedes nothing when its value is not an object', () => {
    const r = judge(evidenceContext({}, foundBase({ manifest: manifestDoc(['fraud-detection', '1.0.0']) })));
    expect(r.details?.['expectedArchive']).toBeUndefined();
  });

  it('supersedes nothing when it has no version (no archive folder to expect, nothing to call unnameable)', () => {
    const r = judge(evidenceContext({}, foundBase({ manifest: manifestDoc({ name: MODEL }) })));
    expect(r.details?.['expectedArchive']).toBeUndefined();
    expect(r.findings.map((f) => f.code)).not.toContain('ARCHIVE_UNNAMEABLE');
  });
});
