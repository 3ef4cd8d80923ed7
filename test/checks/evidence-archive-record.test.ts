/**
 * The new archive's own record, rule 1 of the evidence check: its `checksums.sha256` lists every file of the
 * superseded base release once, with the digest the base declared, and nothing else; the byte copies are compared
 * only when both sides are known; a base release without a bias report needs none archived.
 *
 * Why: the checksum record is what a later `mlgov rollback` trusts. A line for a file the release never had, a file
 * listed twice, or a missing line would let a rollback restore bytes no digest of the base release covers; and the
 * exact message (line, path, both digests) is what lets the author repair the record.
 */
import { describe, expect, it } from '@jest/globals';
import { sha256Hex } from '../../src/formats/canonical-digest.js';
import {
  BASE_REF,
  DIR,
  HEAD_LOG,
  LOG,
  SUMS,
  SUMS_PATH,
  W1,
  WEIGHTS,
  archivedHead,
  baseManifest,
  baseValue,
  checksumsText,
  evidenceContext,
  foundBase,
  judge,
  manifestDoc,
} from './evidence-literal-release.js';

const FIX = `run mlgov archive --base ${BASE_REF} and commit ${DIR}/`;
const OTHER = 'd'.repeat(64);

/** The findings for a checksum record with this text (the rest of the archive as mlgov archive writes it). */
const withRecord = (text: string) =>
  judge(evidenceContext({ checksumRecords: { [SUMS_PATH]: text }, evidenceRecords: {} })).findings;

describe('evidence: the archived checksums.sha256, line by line', () => {
  it('passes the record mlgov archive writes', () => {
    expect(withRecord(SUMS)).toEqual([]);
  });

  it('says which line does not parse', () => {
    expect(withRecord(`not a checksum line\n${SUMS}`)).toEqual([
      {
        severity: 'error',
        code: 'ARCHIVE_CHECKSUMS_MALFORMED',
        message: `${SUMS_PATH} line 1 is not "<sha256 hex>  <path>"`,
        file: SUMS_PATH,
        line: 1,
        fix: FIX,
      },
    ]);
  });

  it('gives the recorded and the declared digest of an artifact recorded with another digest', () => {
    expect(withRecord(SUMS.replace(W1, OTHER))).toEqual([
      {
        severity: 'error',
        code: 'ARCHIVE_CHECKSUMS_MISMATCH',
        message: `${SUMS_PATH} records ${OTHER} for ${WEIGHTS}, but the base release has ${W1}`,
        file: SUMS_PATH,
        line: 1,
        fix: FIX,
      },
    ]);
  });

  it('rejects a line for a file the archived release does not have', () => {
    expect(withRecord(`${SUMS}${OTHER}  model/weights/1.0.0/extra.bin\n`)).toEqual([
      {
        severity: 'error',
        code: 'ARCHIVE_CHECKSUMS_EXTRA',
        message: `${SUMS_PATH} line 4 names model/weights/1.0.0/extra.bin, which is not a file of the archived release`,
        file: SUMS_PATH,
        line: 4,
        fix: FIX,
      },
    ]);
  });

  it('rejects a file recorded a second time, even with the right digest', () => {
    expect(withRecord(`${SUMS}${W1}  ${WEIGHTS}\n`)).toEqual([
      {
        severity: 'error',
        code: 'ARCHIVE_CHECKSUMS_EXTRA',
        message: `${SUMS_PATH} line 4 names ${WEIGHTS} a second time`,
        file: SUMS_PATH,
        line: 4,
        fix: FIX,
      },
    ]);
  });

  it('names each file of the base release the record has no line for', () => {
    expect(withRecord(SUMS.split('\n').slice(1).join('\n'))).toEqual([
      {
        severity: 'error',
        code: 'ARCHIVE_CHECKSUMS_INCOMPLETE',
        message: `${SUMS_PATH} has no line for the base release's file ${WEIGHTS}`,
        file: SUMS_PATH,
        fix: FIX,
      },
    ]);
  });

  it('judges no record when none was read (the archive file itself is then reported missing)', () => {
    expect(judge(evidenceContext({ checksumRecords: {}, evidenceRecords: {} })).findings).toEqual([]);
    const ctx = evidenceContext({ evidenceRecords: {} });
    delete ctx.evidence!.checksumRecords;
    expect(judge(ctx).findings).toEqual([]);
  });

  it('expects a line only for the base artifacts that name a path: entries that are not objects or have no path are not files', () => {
    const odd = {
      ...baseValue,
      artifacts: [{ path: WEIGHTS, sha256: W1, size: 3 }, 'junk', { path: 7, sha256: OTHER }],
    };
    const doc = manifestDoc(odd);
    const sums = checksumsText([
      [W1, WEIGHTS],
      [doc.sha256, `${DIR}/manifest.json`],
      ['b'.repeat(64), `${DIR}/bias-report.json`],
    ]);
    const r = judge(
      evidenceContext(
        {
          headFiles: { ...archivedHead(), [`${DIR}/manifest.json`]: doc.sha256, [LOG]: sha256Hex(HEAD_LOG) },
          checksumRecords: { [SUMS_PATH]: sums },
          evidenceRecords: {},
        },
        foundBase({ manifest: doc }),
      ),
    );
    expect(r.findings).toEqual([]);
  });
});

describe('evidence: an archive of a base release without a bias report', () => {
  // The base declares no bias report file: the archive holds no copy of one, and its record no line for one.
  const sums = checksumsText([
    [W1, WEIGHTS],
    [baseManifest.sha256, `${DIR}/manifest.json`],
  ]);
  const noReportBase = foundBase({ biasReportFileSha256: undefined });
  const head = (): Record<string, string> => {
    const h = archivedHead();
    delete h[`${DIR}/bias-report.json`];
    return { ...h, [SUMS_PATH]: sha256Hex(sums), [LOG]: sha256Hex(HEAD_LOG) };
  };

  it('needs no bias-report.json, nor a line for one', () => {
    const r = judge(
      evidenceContext({ headFiles: head(), checksumRecords: { [SUMS_PATH]: sums }, evidenceRecords: {} }, noReportBase),
    );
    expect(r.findings).toEqual([]);
  });

  it('refuses a bias-report.json the base never had: a copy of nothing, even with a record that leaves it out', () => {
    const forged = { ...head(), [`${DIR}/bias-report.json`]: 'f'.repeat(64) };
    const r = judge(
      evidenceContext({ headFiles: forged, checksumRecords: { [SUMS_PATH]: sums }, evidenceRecords: {} }, noReportBase),
    );
    expect(r.findings).toEqual([
      {
        severity: 'error',
        code: 'ARCHIVE_MISMATCH',
        message: `${DIR}/bias-report.json is in the archive, but the base release has no bias report to copy: an archive holds only copies of the base's files`,
        file: `${DIR}/bias-report.json`,
        fix: `remove ${DIR}/bias-report.json from this change: mlgov archive copies only what the base release has`,
      },
    ]);
  });

  it('still needs every other archive file', () => {
    const h = head();
    delete h[`${DIR}/manifest.json`];
    const r = judge(
      evidenceContext({ headFiles: h, checksumRecords: { [SUMS_PATH]: sums }, evidenceRecords: {} }, noReportBase),
    );
    expect(r.findings.map((f) => [f.code, f.file])).toEqual([['ARCHIVE_FILE_MISSING', `${DIR}/manifest.json`]]);
  });
});

describe('evidence: an archive whose base release has a bias report', () => {
  it('needs its copy in the archive', () => {
    const h = archivedHead();
    delete h[`${DIR}/bias-report.json`];
    const r = judge(evidenceContext({ headFiles: { ...h, [LOG]: sha256Hex(HEAD_LOG) }, evidenceRecords: {} }));
    expect(r.findings.map((f) => [f.code, f.file])).toEqual([['ARCHIVE_FILE_MISSING', `${DIR}/bias-report.json`]]);
  });

  it('reports a copy that is absent as missing, not as a mismatch', () => {
    const h = archivedHead();
    delete h[`${DIR}/manifest.json`];
    const r = judge(evidenceContext({ headFiles: h, evidenceRecords: {} }));
    expect(r.findings.map((f) => f.code)).toEqual(['ARCHIVE_FILE_MISSING']);
  });
});
