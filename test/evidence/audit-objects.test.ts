/**
 * The audit's answer for a release's `s3://` artifacts (src/evidence/audit-answers.ts, `objectAnswers`): each object
 * the release named, whether its version still exists, and the gap when it does not: deleted before its retention
 * ran out fails (evidence lost), after it does not; an unversioned object is a gap that does not fail; a store that
 * could not be asked (or an object nobody asked about) fails, since the audit could not check.
 */
import { describe, expect, it } from '@jest/globals';
import { objectAnswers } from '../../src/evidence/audit-answers.js';
import type { ArchiveObjectHead } from '../../src/evidence/archive-plan.js';

const PINNED = 's3://models/fraud/w.onnx?versionId=v1';
const PLAIN = 's3://models/fraud/plain.onnx';
const retention = { from: '2021-03-01T10:00:00Z', years: 5, now: '2026-02-28T00:00:00Z' };
const answers = (checks: Record<string, ArchiveObjectHead>, artifacts: unknown = [{ path: PINNED }], r = retention) =>
  objectAnswers({ artifacts }, checks, r);

describe('objectAnswers', () => {
  it('a version still in the store exists, with its location; files in git are not objects', () => {
    expect(
      answers({ [PINNED]: { kind: 'found', versionId: 'v1', size: 3 } }, [
        { path: 'model/w.onnx' },
        { path: PINNED },
        'not an object',
        { path: 7 },
        { path: 's3://B/bad' },
      ]),
    ).toStrictEqual({
      objects: [{ path: PINNED, bucket: 'models', key: 'fraud/w.onnx', versionId: 'v1', status: 'exists' }],
      gaps: [],
    });
    expect(objectAnswers({ artifacts: 'x' }, {}, retention)).toStrictEqual({ objects: [], gaps: [] });
  });

  it('gone before its retention ends: a failing gap naming the date and the setting', () => {
    const gone: ArchiveObjectHead = { kind: 'failure', verdict: 'fail', message: 'NoSuchVersion', fix: 'f' };
    expect(answers({ [PINNED]: gone })).toStrictEqual({
      objects: [
        { path: PINNED, bucket: 'models', key: 'fraud/w.onnx', versionId: 'v1', status: 'gone', note: 'NoSuchVersion' },
      ],
      gaps: [
        {
          kind: 'object-deleted',
          message: `${PINNED} is no longer in the store (NoSuchVersion), before its retention until 2026-03-01 (evidence.retentionYears 5): a lifecycle rule or a delete removed evidence`,
          fails: true,
        },
      ],
    });
  });

  it('gone on the day its retention ends, or after: a gap that does not fail', () => {
    const gone: ArchiveObjectHead = { kind: 'failure', verdict: 'fail', message: 'NoSuchVersion', fix: 'f' };
    for (const now of ['2026-03-01T00:00:00Z', '2027-01-01T00:00:00Z']) {
      expect(answers({ [PINNED]: gone }, [{ path: PINNED }], { ...retention, now }).gaps).toStrictEqual([
        {
          kind: 'object-deleted',
          message: `${PINNED} is no longer in the store (NoSuchVersion); its retention ended 2026-03-01`,
          fails: false,
        },
      ]);
    }
  });

  it('unversioned: a gap that does not fail, saying whether the bucket keeps versions', () => {
    const unversioned = answers({ [PLAIN]: { kind: 'found', size: 3 } }, [{ path: PLAIN }]);
    expect(unversioned).toStrictEqual({
      objects: [{ path: PLAIN, bucket: 'models', key: 'fraud/plain.onnx', versionId: null, status: 'unversioned' }],
      gaps: [
        {
          kind: 'object-unversioned',
          message: `${PLAIN} names no version (bucket models keeps none): the bytes under the key can have been replaced since the release was approved`,
          fails: false,
        },
      ],
    });
    const inVersioned = answers({ [PLAIN]: { kind: 'found', versionId: 'v7', size: 3 } }, [{ path: PLAIN }]);
    expect(inVersioned.gaps[0]!.message).toBe(
      `${PLAIN} names no version: the bytes under the key can have been replaced since the release was approved`,
    );
  });

  it('a store that could not be asked, or an object nobody asked about, fails as could not check', () => {
    const denied: ArchiveObjectHead = {
      kind: 'failure',
      verdict: 'indeterminate',
      message: 'AccessDenied',
      fix: 'grant it',
    };
    /** The answer for the pinned object when the audit could not check it, and why. */
    const unchecked = (why: string) => ({
      objects: [
        { path: PINNED, bucket: 'models', key: 'fraud/w.onnx', versionId: 'v1', status: 'unchecked', note: why },
      ],
      gaps: [{ kind: 'object-unchecked', message: `could not check that ${PINNED} still exists: ${why}`, fails: true }],
    });
    expect(answers({ [PINNED]: denied })).toStrictEqual(unchecked('AccessDenied (grant it)'));
    expect(answers({})).toStrictEqual(unchecked('it was not looked up'));
  });
});
