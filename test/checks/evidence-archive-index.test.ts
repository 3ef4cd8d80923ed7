/**
 * The new archive's `evidence.json`, rule 1 of the evidence check: it indexes exactly the archived release (its model
 * name and version, its manifest digest), the archive's files with the digests they have in the PR, and the base
 * release's artifacts with the digests the base declared. Each part is judged on its own and reported at its own
 * pointer; an index that is not a JSON object is reported at the line the parser stopped, when it says one.
 *
 * Why: evidence.json is what an auditor reads years later. A PR author writes the archive on the branch, so an index
 * that names another model, another manifest digest, one file too many or one digest changed must each be caught,
 * whatever else in it is right.
 */
import { describe, expect, it } from '@jest/globals';
import { manifestDigest, sha256Hex } from '../../src/formats/canonical-digest.js';
import {
  BASE_REF,
  DIR,
  HEAD_LOG,
  INDEX_PATH,
  LOG,
  MODEL,
  REPORT_SHA,
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
  indexText,
  judge,
  manifestDoc,
} from './evidence-literal-release.js';

const FIX = `run mlgov archive --base ${BASE_REF} and commit ${DIR}/`;

const judgeIndex = (text: string) => judge(evidenceContext({ evidenceRecords: { [INDEX_PATH]: text } })).findings;
const lineOf = (text: string, key: string) => text.split('\n').findIndex((l) => l.includes(`"${key}"`)) + 1;

/** The one ARCHIVE_EVIDENCE_MISMATCH an index edited this way gets. */
function mismatchOf(edit: (i: Record<string, unknown>) => void) {
  const text = indexText(edit);
  const f = judgeIndex(text);
  expect(f.map((x) => x.code)).toEqual(['ARCHIVE_EVIDENCE_MISMATCH']);
  return { finding: f[0]!, text };
}

describe('evidence: an evidence.json that is not an index', () => {
  it('rejects a JSON value that is not an object, at no line (the file parses)', () => {
    for (const text of ['[]\n', '"fraud-detection"\n'])
      expect(judgeIndex(text)).toEqual([
        {
          severity: 'error',
          code: 'ARCHIVE_EVIDENCE_INVALID',
          message: `${INDEX_PATH} is not a JSON object as mlgov archive writes it`,
          file: INDEX_PATH,
          fix: FIX,
        },
      ]);
  });

  it('rejects text that does not parse, at the line the parser stopped', () => {
    expect(judgeIndex('{\n  "model": {\n    "name": fraud\n  }\n}\n')).toEqual([
      {
        severity: 'error',
        code: 'ARCHIVE_EVIDENCE_INVALID',
        message: `${INDEX_PATH} is not a JSON object as mlgov archive writes it`,
        file: INDEX_PATH,
        line: 3,
        fix: FIX,
      },
    ]);
  });
});

describe('evidence: the model and manifest digest an index names', () => {
  it('rejects another model name, at /model, naming both releases', () => {
    const { finding, text } = mismatchOf((i) => void (i['model'] = { name: 'credit-risk', version: '1.0.0' }));
    expect(finding).toEqual({
      severity: 'error',
      code: 'ARCHIVE_EVIDENCE_MISMATCH',
      message: `${INDEX_PATH} indexes credit-risk 1.0.0, not ${MODEL} 1.0.0`,
      file: INDEX_PATH,
      pointer: '/model',
      line: lineOf(text, 'model'),
      column: 12,
      fix: FIX,
    });
  });

  it('rejects another version of the same model', () => {
    const { finding } = mismatchOf((i) => void (i['model'] = { name: MODEL, version: '1.1.0' }));
    expect(finding.message).toBe(`${INDEX_PATH} indexes ${MODEL} 1.1.0, not ${MODEL} 1.0.0`);
  });

  it('rejects a model that is not an object, saying what it names', () => {
    const { finding } = mismatchOf((i) => void (i['model'] = 'fraud-detection 1.0.0'));
    expect(finding.message).toBe(`${INDEX_PATH} indexes undefined undefined, not ${MODEL} 1.0.0`);
  });

  it('rejects another manifest digest, giving both', () => {
    const forged = `sha256:${'0'.repeat(64)}`;
    const { finding, text } = mismatchOf((i) => void (i['manifestDigest'] = forged));
    expect(finding).toMatchObject({ pointer: '/manifestDigest', line: lineOf(text, 'manifestDigest') });
    expect(finding.message).toBe(
      `${INDEX_PATH} records manifestDigest ${forged}; the base release has ${manifestDigest(baseValue)}`,
    );
  });
});

describe('evidence: the files an index lists', () => {
  const filesMessage = `${INDEX_PATH} does not list the archive's files with their digests (3 expected)`;
  const files = () => [
    { name: 'manifest.json', path: `${DIR}/manifest.json`, sha256: baseManifest.sha256 },
    { name: 'bias-report.json', path: `${DIR}/bias-report.json`, sha256: REPORT_SHA },
    { name: 'checksums.sha256', path: SUMS_PATH, sha256: sha256Hex(SUMS) },
  ];

  it('rejects one file listed with another digest, at /files', () => {
    const { finding, text } = mismatchOf((i) => {
      const f = files();
      f[2]!.sha256 = 'c'.repeat(64);
      i['files'] = f;
    });
    expect(finding).toMatchObject({ pointer: '/files', line: lineOf(text, 'files'), message: filesMessage });
  });

  it('rejects a file listed beside the archive files, even when all of them are there', () => {
    const { finding } = mismatchOf(
      (i) => void (i['files'] = [...files(), { name: 'notes.txt', path: `${DIR}/notes.txt`, sha256: W1 }]),
    );
    expect(finding.message).toBe(filesMessage);
  });

  it('rejects a list that is not an array', () => {
    expect(mismatchOf((i) => void (i['files'] = {})).finding.message).toBe(filesMessage);
  });

  it('expects only the files the archive holds (no bias report copy when the base release had none)', () => {
    const sums = checksumsText([
      [W1, WEIGHTS],
      [baseManifest.sha256, `${DIR}/manifest.json`],
    ]);
    const head = archivedHead();
    delete head[`${DIR}/bias-report.json`];
    head[SUMS_PATH] = sha256Hex(sums);
    const text = indexText(
      (i) =>
        void (i['files'] = [
          { name: 'manifest.json', path: `${DIR}/manifest.json`, sha256: baseManifest.sha256 },
          { name: 'checksums.sha256', path: SUMS_PATH, sha256: sha256Hex(sums) },
        ]),
    );
    const r = judge(
      evidenceContext(
        {
          headFiles: { ...head, [LOG]: sha256Hex(HEAD_LOG) },
          checksumRecords: { [SUMS_PATH]: sums },
          evidenceRecords: { [INDEX_PATH]: text },
        },
        foundBase({ biasReportFileSha256: undefined }),
      ),
    );
    expect(r.findings).toEqual([]);
  });

  it('expects an empty list, and no artifacts, when the archive holds only evidence.json of a release without any', () => {
    const bare = { name: MODEL, version: '1.0.0' };
    const text = indexText((i) => {
      delete i['files'];
      delete i['artifacts'];
      i['manifestDigest'] = manifestDigest(bare);
    });
    const r = judge(
      evidenceContext(
        { headFiles: { [INDEX_PATH]: 'e'.repeat(64) }, checksumRecords: {}, evidenceRecords: { [INDEX_PATH]: text } },
        foundBase({ manifest: manifestDoc(bare), biasReportFileSha256: undefined }),
      ),
    );
    expect(r.findings.map((f) => [f.code, f.file])).toEqual([
      ['ARCHIVE_FILE_MISSING', `${DIR}/manifest.json`],
      ['ARCHIVE_FILE_MISSING', SUMS_PATH],
    ]);
  });
});

describe('evidence: the artifacts an index lists', () => {
  it('rejects an artifact listed with a digest the base did not declare, at /artifacts', () => {
    const { finding } = mismatchOf((i) => void (i['artifacts'] = [{ path: WEIGHTS, sha256: 'c'.repeat(64) }]));
    expect(finding).toMatchObject({
      pointer: '/artifacts',
      message: `${INDEX_PATH} does not list the base release's artifacts with the digests it declared`,
    });
  });

  it('rejects an artifact the base release did not have, listed beside the real one', () => {
    const { finding } = mismatchOf(
      (i) =>
        void (i['artifacts'] = [
          { path: WEIGHTS, sha256: W1 },
          { path: 'model/weights/1.0.0/extra.bin', sha256: W1 },
        ]),
    );
    expect(finding.pointer).toBe('/artifacts');
  });

  it('rejects the right artifact listed twice', () => {
    const { finding } = mismatchOf(
      (i) =>
        void (i['artifacts'] = [
          { path: WEIGHTS, sha256: W1 },
          { path: WEIGHTS, sha256: W1 },
        ]),
    );
    expect(finding.pointer).toBe('/artifacts');
  });

  it('rejects a list with no artifact in it', () => {
    expect(mismatchOf((i) => void (i['artifacts'] = ['?'])).finding.pointer).toBe('/artifacts');
  });
});
