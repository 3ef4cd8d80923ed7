/**
 * What a derived rollback carries besides its kind: the problems of the base archive it restores (the records as
 * committed on the base: what is not a regular file, the checksum record line by line, the evidence index) and
 * whether the PR appends the `rollback` event to the base's audit log. The evidence check turns these into findings,
 * so each problem is asserted here with the file it names and its exact message. The full mutation run showed none of
 * the archive problems, and none of the conditions on the appended event, tested. A PR author writes the head log:
 * an event the base already had, an event of another model or version, another action, a rewritten or broken log
 * must each leave the rollback unlogged.
 */
import { describe, expect, it } from '@jest/globals';
import { deriveReleaseKind, rollbackLogging, type RecordProblem } from '../../src/checks/release-kind.js';
import { verifyAuditLog, type UnchainedEvent } from '../../src/evidence/hash-chain.js';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { EvidenceFacts } from '../../src/release/evidence-facts.js';
import { baseArchiveFacts, logText, rollbackEvent, type BaseArchiveOptions } from '../support/base-archive.js';
import { buildRelease, type Release } from './fixtures/release.js';

const DIR = 'artifacts/fraud-detection/2.2.0';
const SUMS = `${DIR}/checksums.sha256`;
const INDEX = `${DIR}/evidence.json`;
const WEIGHTS = 'model/weights/model.onnx';

/** A candidate 2.2.0 that is the release the base archived, with the base's records as `edit` leaves them. */
function restoring220(o: Partial<Omit<BaseArchiveOptions, 'archived' | 'reportText'>> = {}): Release {
  const r = buildRelease({
    manifest: (m) => {
      m.version = '2.2.0';
      m.release = { type: 'rollback', reason: 'Incident INC-42: false positives doubled' };
    },
  });
  const archived: Manifest = structuredClone(r.manifest);
  archived.release = { type: 'promotion', reason: 'Promoted 2.2.0 in October' };
  r.ctx.evidence = baseArchiveFacts({
    archived,
    reportText: JSON.stringify(r.report, null, 2) + '\n',
    prEvents: [rollbackEvent('fraud-detection', '2.2.0', '2.3.0')],
    ...o,
  });
  return r;
}

/** The problems of the restored archive (the release must still derive as a rollback). */
function problemsOf(r: Release): RecordProblem[] {
  const derived = deriveReleaseKind(r.ctx, r.policy);
  if (derived.kind !== 'rollback') throw new Error(`expected a rollback, got ${derived.kind}: ${derived.why}`);
  return derived.archive.problems;
}

/** Replaces the checksum record line of `path` (as `mlgov archive` wrote it) with `line`. */
const replaceSumLine = (text: string, path: string, line: string) =>
  text
    .split('\n')
    .map((l) => (l.endsWith(` ${path}`) || l.endsWith(`*${path}`) ? line : l))
    .join('\n');

describe('the archive a rollback restores: its records on the base', () => {
  it('records that hold up are no problem', () => {
    expect(problemsOf(restoring220())).toEqual([]);
  });

  it('an entry that is not a regular file inside the archive, or above it, is a problem; a neighbour is not', () => {
    const r = restoring220();
    r.ctx.evidence!.baseNotRegular = {
      [`${DIR}/bias-report.json`]: 'a symlink to /etc/passwd',
      'artifacts/fraud-detection': 'a submodule',
      [`${DIR}-rc/manifest.json`]: 'a FIFO',
      'artifacts/fraud-detection-2/x': 'a symlink to x',
      'artifacts/other/2.2.0/manifest.json': 'a symlink to y',
    };
    expect(problemsOf(r)).toEqual([
      { file: `${DIR}/bias-report.json`, message: `${DIR}/bias-report.json is a symlink to /etc/passwd` },
      { file: 'artifacts/fraud-detection', message: 'artifacts/fraud-detection is a submodule' },
    ]);
  });

  it('a missing checksum record is a problem', () => {
    const r = restoring220();
    delete r.ctx.evidence!.baseTexts![SUMS];
    expect(problemsOf(r)).toEqual([{ file: SUMS, message: `${SUMS} is not on the base` }]);
  });

  it('a checksum line that does not parse is named by its line number', () => {
    const r = restoring220({ edit: (rec) => void (rec['checksums.sha256'] += 'not a checksum line\n') });
    expect(problemsOf(r)).toEqual([{ file: SUMS, message: `${SUMS} line 4 does not parse` }]);
  });

  it('a checksum record with another digest for an artifact names both digests', () => {
    const other = '7'.repeat(64);
    const r = restoring220({
      edit: (rec) =>
        void (rec['checksums.sha256'] = replaceSumLine(rec['checksums.sha256'], WEIGHTS, `${other}  ${WEIGHTS}`)),
    });
    expect(problemsOf(r)).toEqual([
      { file: SUMS, message: `${SUMS} records ${other} for ${WEIGHTS} (the archive holds ${'d'.repeat(64)})` },
    ]);
  });

  it('a checksum record without a line for an artifact says so', () => {
    const r = restoring220({
      edit: (rec) => void (rec['checksums.sha256'] = replaceSumLine(rec['checksums.sha256'], WEIGHTS, '')),
    });
    expect(problemsOf(r)).toEqual([
      { file: SUMS, message: `${SUMS} has no line for ${WEIGHTS} (the archive holds ${'d'.repeat(64)})` },
    ]);
  });

  it('a checksum record naming a file the archive does not hold is a problem', () => {
    const r = restoring220({
      edit: (rec) => void (rec['checksums.sha256'] += `${'5'.repeat(64)}  ${DIR}/extra.bin\n`),
    });
    expect(problemsOf(r)).toEqual([
      { file: SUMS, message: `${SUMS} names ${DIR}/extra.bin, which the archive does not hold` },
    ]);
  });

  it("the archive's own manifest and report count only when the base holds them", () => {
    // The base lost its copy of manifest.json's bytes (only its text was gathered): the record names a file the
    // archive does not hold, rather than one whose digest is "undefined".
    const r = restoring220();
    delete r.ctx.evidence!.baseFiles[`${DIR}/manifest.json`];
    expect(problemsOf(r)).toEqual([
      { file: SUMS, message: `${SUMS} names ${DIR}/manifest.json, which the archive does not hold` },
    ]);
  });

  it('an artifact entry that is not an object is no line to want', () => {
    const r = buildRelease({
      manifest: (m) => {
        m.version = '2.2.0';
        (m as unknown as { artifacts: unknown[] }).artifacts = [null];
      },
    });
    const archived: Manifest = structuredClone(r.manifest);
    r.ctx.evidence = baseArchiveFacts({
      archived: { ...archived, artifacts: [] },
      reportText: JSON.stringify(r.report, null, 2) + '\n',
    });
    // The archived manifest on the base holds the same non-object entry.
    const text = JSON.stringify(archived, null, 2) + '\n';
    r.ctx.evidence.baseTexts![`${DIR}/manifest.json`] = text;
    r.ctx.evidence.baseTexts![INDEX] = JSON.stringify({ manifestDigest: manifestDigest(archived) });
    const derived = deriveReleaseKind(r.ctx, r.policy);
    expect(derived).toMatchObject({ kind: 'rollback' });
    if (derived.kind !== 'rollback') return;
    expect(derived.archive.problems).toEqual([]);
  });

  it.each([
    ['missing', undefined],
    ['not JSON', 'not json'],
    ['a JSON array', '[{"manifestDigest": "x"}]'],
  ])('an evidence index that is %s is a problem', (_what, text) => {
    const r = restoring220();
    if (text === undefined) delete r.ctx.evidence!.baseTexts![INDEX];
    else r.ctx.evidence!.baseTexts![INDEX] = text;
    expect(problemsOf(r)).toEqual([{ file: INDEX, message: `${INDEX} is not on the base as a JSON object` }]);
  });

  it('an evidence index recording another manifest digest names both digests', () => {
    const r = restoring220();
    const archivedDigest = manifestDigest(JSON.parse(r.ctx.evidence!.baseTexts![`${DIR}/manifest.json`]!) as object);
    r.ctx.evidence!.baseTexts![INDEX] = JSON.stringify({ manifestDigest: 'sha256:' + '0'.repeat(64) });
    expect(problemsOf(r)).toEqual([
      {
        file: INDEX,
        message: `${INDEX} records manifestDigest sha256:${'0'.repeat(64)}, but ${DIR}/manifest.json has ${archivedDigest}`,
      },
    ]);
  });
});

describe('rollbackLogging: the rollback event the PR appends', () => {
  const MODEL = 'fraud-detection';
  const LOG = 'artifacts/audit-log.jsonl';
  const promote: UnchainedEvent = { ...rollbackEvent(MODEL, '2.3.0'), action: 'promote', details: {} };

  /** A context whose base log holds `base` and whose PR log is `head` (text), in `archiveDir`. */
  function logging(base: UnchainedEvent[], head: string | undefined, archiveDir = 'artifacts') {
    const facts: EvidenceFacts = {
      archiveDir,
      baseFiles: {},
      headFiles: {},
      archivedVersions: [],
      ...(base.length ? { baseAuditLog: logText(base) } : {}),
      ...(head !== undefined ? { headAuditLog: head } : {}),
    };
    const { ctx } = buildRelease({ context: { evidence: facts } });
    return rollbackLogging(ctx, MODEL, '2.2.0');
  }
  const appended = (base: UnchainedEvent[], pr: UnchainedEvent[]) => logText([...base, ...pr]);

  it('the rollback event appended to the base log is logged, at its line', () => {
    expect(logging([promote], appended([promote], [rollbackEvent(MODEL, '2.2.0')]))).toEqual({
      kind: 'logged',
      file: LOG,
      line: 2,
    });
  });

  it('names the log in the archive directory of the facts', () => {
    expect(logging([], appended([], [rollbackEvent(MODEL, '2.2.0')]), 'evidence')).toEqual({
      kind: 'logged',
      file: 'evidence/audit-log.jsonl',
      line: 1,
    });
  });

  it('without evidence facts, the log is missing from artifacts/', () => {
    const { ctx } = buildRelease();
    expect(rollbackLogging(ctx, MODEL, '2.2.0')).toEqual({
      kind: 'missing',
      file: LOG,
      why: `${LOG} is not in this change`,
    });
  });

  it('a head log that rewrites the base log is not an extension, whatever it holds', () => {
    expect(logging([promote], logText([rollbackEvent(MODEL, '2.2.0')]))).toEqual({
      kind: 'missing',
      file: LOG,
      why: `${LOG} does not extend the base's log`,
    });
  });

  it('a head log that does not verify does not log the rollback, even if the event is in it', () => {
    const head = appended([], [rollbackEvent(MODEL, '2.2.0')]) + 'not an event\n';
    const verdict = verifyAuditLog(head);
    if (verdict.ok) throw new Error('the head log should not verify');
    expect(logging([], head)).toEqual({
      kind: 'missing',
      file: LOG,
      why: `${LOG} does not verify (${verdict.break.message})`,
    });
  });

  const NONE = `${LOG} gains no "rollback" event for ${MODEL} 2.2.0 in this change (mlgov rollback appends it)`;

  it.each<[string, UnchainedEvent[], UnchainedEvent[]]>([
    ['the event is one the base already had', [rollbackEvent(MODEL, '2.2.0')], [promote]],
    ['the appended rollback is of another model', [], [rollbackEvent('credit-scoring', '2.2.0')]],
    ['the appended rollback is to another version', [], [rollbackEvent(MODEL, '2.1.0')]],
    ['the appended event is another action', [], [{ ...rollbackEvent(MODEL, '2.2.0'), action: 'promote' }]],
  ])('not logged when %s', (_what, base, pr) => {
    expect(logging(base, appended(base, pr))).toEqual({ kind: 'missing', file: LOG, why: NONE });
  });
});
