/**
 * Which audit-log events are a release's (src/evidence/period-audit.ts, `releaseEvents` and `inSpan`), pure. A
 * version released twice (the original and a rollback to it) shares one model and version in the log, so the audit
 * tells the events apart: an event naming a manifest digest is the release's with that digest; a promote or force
 * event naming none is the release's whose time in force it falls in (from its merge, inclusive, to the next
 * release, exclusive); an archive event is the release's whose own folder it names (the original's primary folder,
 * the rollback's `rollback-<digest12>` beside it). The full mutation run left every one of these conditions alive:
 * the audit CLI suites that prove them are not in the module's own test set.
 */
import { describe, expect, it } from '@jest/globals';
import { rollbackFolderName } from '../../src/evidence/archive-plan.js';
import { manifestDigest } from '../../src/formats/canonical-digest.js';
import {
  archiveAt,
  audit,
  bytesOf,
  coherent,
  dirOf,
  logOf,
  release,
  rollbackTo,
  type EventSpec,
} from './period-audit-fixtures.js';

const V1 = coherent(release('1.0.0'));
const V2 = coherent(release('2.0.0'));
const ROLLBACK = rollbackTo('1.0.0', '2.0.0');
const DIR1 = dirOf('1.0.0');
const AT_MARCH = '2026-03-10T10:00:00.000Z';
const ROLLBACK_DIR = `${DIR1}/${rollbackFolderName(manifestDigest(ROLLBACK.manifest))}`;

/** The seqs of each release's events. */
const seqsOf = (report: ReturnType<typeof audit>) => report.releases.map((r) => r.events.map((e) => e.seq));

describe('a version released twice: the original (Feb–Mar) and, after 2.0.0, a rollback to it (from Apr)', () => {
  // 1.0.0 in force 2026-02-01T10:00 – 2026-03-01T10:00; 2.0.0 until 2026-04-01T10:00; the rollback from then on.
  const events: EventSpec[] = [
    { action: 'promote', at: '2026-02-01T10:00:00.000Z' }, // 1: the original's merge, to the millisecond
    { action: 'archive', at: '2026-03-01T11:00:00.000Z', details: { dir: DIR1 } }, // 2: the original's folder
    { action: 'force', at: '2026-03-01T10:00:00.000Z' }, // 3: the instant 2.0.0 replaced the original
    {
      action: 'approve',
      at: '2026-03-15T10:00:00.000Z',
      details: { manifestDigest: manifestDigest(ROLLBACK.manifest) },
    },
    { action: 'approve', at: '2026-03-16T10:00:00.000Z', details: { manifestDigest: manifestDigest(V1.manifest) } },
    { action: 'force', at: '2026-04-01T09:59:59.999Z' }, // 6: a millisecond before the rollback's merge
    { action: 'promote', at: '2026-04-01T10:00:00.000Z' }, // 7: the rollback's merge
    { action: 'archive', at: '2026-04-02T10:00:00.000Z', details: { dir: ROLLBACK_DIR } }, // 8: the rollback's folder
    { action: 'archive', at: '2026-04-03T10:00:00.000Z', details: { dir: 'elsewhere/fraud-detection/1.0.0' } },
    { action: 'archive', at: '2026-04-04T10:00:00.000Z', details: { dir: 5 } }, // 10: a folder that is not text
    { action: 'approve', at: '2026-04-05T10:00:00.000Z', version: '2.0.0' }, // 11: another version's
    // 12: only an archive event's folder says whose it is
    { action: 'approve', at: '2026-04-06T10:00:00.000Z', details: { dir: ROLLBACK_DIR } },
  ];
  const twice = () =>
    audit([bytesOf(V1), bytesOf(V2), bytesOf(ROLLBACK)], {
      archiveFiles: { ...archiveAt(DIR1, V1), ...archiveAt(dirOf('2.0.0'), V2) },
      log: logOf(events).text,
    });

  it('each release has its own digest’s events, its promote/force events in its time in force, its own folder’s', () => {
    const report = twice();
    expect(report.releases.map((r) => [r.version, r.releaseType])).toStrictEqual([
      ['1.0.0', 'promotion'],
      ['2.0.0', 'promotion'],
      ['1.0.0', 'rollback'],
    ]);
    expect(seqsOf(report)).toStrictEqual([[1, 2, 5, 9, 10, 12], [11], [4, 7, 8, 9, 10, 12]]);
  });

  it('an event is shown as its seq, time, action and actor', () => {
    expect(twice().releases[2]!.events[1]).toStrictEqual({
      seq: 7,
      at: '2026-04-01T10:00:00.000Z',
      action: 'promote',
      actor: 'actor7',
    });
  });
});

describe('a version released once', () => {
  it('every promote or force event of it is its own, whenever it was logged', () => {
    const log = logOf([
      { action: 'promote', at: '2026-01-15T10:00:00.000Z' },
      { action: 'force', at: '2026-01-16T10:00:00.000Z' },
      { action: 'promote', at: '2026-05-01T10:00:00.000Z' },
    ]).text;
    // 1.0.0 in force 1 Feb – 1 Mar: the events before and after it are still its own.
    const report = audit([bytesOf(V1), bytesOf(V2)], { log });
    expect(seqsOf(report)).toStrictEqual([[1, 2, 3], []]);
  });

  it('an event naming its own digest is its own; one naming a digest no other release of the version has is too', () => {
    const log = logOf([
      { action: 'approve', at: AT_MARCH, details: { manifestDigest: manifestDigest(V1.manifest) } },
      { action: 'approve', at: AT_MARCH, details: { manifestDigest: 'sha256:' + '0'.repeat(64) } },
    ]).text;
    expect(seqsOf(audit([bytesOf(V1)], { log }))).toStrictEqual([[1, 2]]);
  });

  it('its archive event is its own even when the archived copy was altered', () => {
    const files = archiveAt(DIR1, V1);
    files[`${DIR1}/manifest.json`] = bytesOf(coherent(release('1.0.1'))).manifest!;
    const log = logOf([{ action: 'archive', at: AT_MARCH, details: { dir: DIR1 } }]).text;
    const [original] = audit([bytesOf(V1), bytesOf(V2)], { archiveFiles: files, log }).releases;
    expect(original!.archive.status).toBe('altered');
    expect(original!.events.map((e) => e.seq)).toStrictEqual([1]);
  });

  it('a rollback with no archived original: the primary folder is its own', () => {
    const log = logOf([{ action: 'archive', at: AT_MARCH, details: { dir: DIR1 } }]).text;
    const [rollback] = audit([bytesOf(ROLLBACK)], { log }).releases;
    expect(rollback!.archive).toStrictEqual({ status: 'missing', dir: DIR1 });
    expect(rollback!.events.map((e) => e.seq)).toStrictEqual([1]);
  });

  it('a version that is no folder name has no folder to tell archive events apart by: all of them are its own', () => {
    // "1.0.0 beta" cannot be an archive folder (a space), so the release has no primary folder: an archive event
    // of the version is kept whatever folder it names, one named like the text of "no folder" included.
    const beta = coherent(release('1.0.0 beta'));
    const log = logOf([
      { action: 'archive', at: AT_MARCH, version: '1.0.0 beta', details: { dir: 'null/fraud-detection' } },
      { action: 'archive', at: AT_MARCH, version: '1.0.0 beta', details: { dir: DIR1 } },
    ]).text;
    const [only] = audit([bytesOf(beta)], { log }).releases;
    expect(only!.archive).toStrictEqual({ status: 'not-due', dir: null });
    expect(only!.events.map((e) => e.seq)).toStrictEqual([1, 2]);
  });
});
