/**
 * The archive verdict and the checksum record of a release in the period audit (src/evidence/period-audit.ts,
 * `judgeArchive`), pure. Where a superseded release's archive is looked for: the primary folder of its version, or,
 * for a rollback whose primary folder holds another manifest (the original's), its own `rollback-<digest12>` folder
 * beside it (`restores` names the primary one). A name or version that is no folder name has no archive to find.
 * A release without a bias report has none to copy. The checksum record: every artifact (objects only) declares a
 * 64-hex SHA-256, and a superseded release's archived record lists each with that digest. The full mutation run left
 * these alive: the superseded rollback was never reached by the module's own tests.
 */
import { describe, expect, it } from '@jest/globals';
import { rollbackFolderName } from '../../src/evidence/archive-plan.js';
import { manifestDigest, sha256Hex } from '../../src/formats/canonical-digest.js';
import {
  archiveAt,
  audit,
  bytesOf,
  coherent,
  dirOf,
  release,
  rollbackTo,
  type Release,
} from './period-audit-fixtures.js';

const V1 = coherent(release('1.0.0'));
const V2 = coherent(release('2.0.0'));
const V3 = coherent(release('3.0.0'));
const ROLLBACK = rollbackTo('1.0.0', '2.0.0');
const DIR1 = dirOf('1.0.0');
const ROLLBACK_DIR = `${DIR1}/${rollbackFolderName(manifestDigest(ROLLBACK.manifest))}`;

/** 1.0.0, 2.0.0, the rollback to 1.0.0, then 3.0.0: the rollback is superseded. */
const supersededRollback = (archiveFiles: Record<string, Uint8Array>) =>
  audit([bytesOf(V1), bytesOf(V2), bytesOf(ROLLBACK), bytesOf(V3)], { archiveFiles }).releases[2]!;

describe('a superseded rollback', () => {
  it('beside the original’s primary archive: judged in its own rollback folder, naming the folder it restores', () => {
    const r = supersededRollback({ ...archiveAt(DIR1, V1), ...archiveAt(ROLLBACK_DIR, ROLLBACK) });
    expect(r.releaseType).toBe('rollback');
    expect(r.archive).toStrictEqual({ status: 'intact', dir: ROLLBACK_DIR, restores: DIR1 });
    expect(r.checksumRecord).toBe('present');
  });

  it('its own folder missing is the problem, even with the original archived', () => {
    const r = supersededRollback(archiveAt(DIR1, V1));
    expect(r.archive).toStrictEqual({ status: 'missing', dir: ROLLBACK_DIR, restores: DIR1 });
    expect(r.problems).toContain(`archive missing (${ROLLBACK_DIR})`);
  });

  it('with nothing in the primary folder, or its own bytes there: judged in the primary folder', () => {
    expect(supersededRollback({}).archive).toStrictEqual({ status: 'missing', dir: DIR1 });
    expect(supersededRollback(archiveAt(DIR1, ROLLBACK)).archive).toStrictEqual({ status: 'intact', dir: DIR1 });
  });
});

describe('a name or version that is no folder name', () => {
  const unsafe = (name: string, version: string): Release => {
    const r = release(version);
    r.manifest.name = name;
    return coherent(r);
  };

  it('superseded: the archive is missing for want of a usable name/version (a gap and a problem)', () => {
    for (const r of [unsafe('fraud-detection', '1.0.0 beta'), unsafe('fraud detection', '1.0.0')]) {
      const [first] = audit([bytesOf(r), bytesOf(V2)]).releases;
      expect(first!.archive).toStrictEqual({ status: 'missing', dir: null });
      expect(first!.problems).toContain('archive missing (no usable name/version)');
      expect(first!.gaps).toContainEqual({
        kind: 'no-archive',
        message: 'archive missing (no usable name/version)',
        fails: true,
      });
    }
  });

  it('in force, a promotion or a rollback: not due yet', () => {
    const promotion = unsafe('fraud-detection', '1.0.0 beta');
    const rollback = unsafe('fraud-detection', '1.0.0 beta');
    rollback.manifest.release = { type: 'rollback', reason: 'AUC dropped 8% (INC-1)', rollbackOf: '2.0.0' } as never;
    for (const r of [promotion, coherent(rollback)]) {
      expect(audit([bytesOf(r)]).releases[0]!.archive).toStrictEqual({ status: 'not-due', dir: null });
    }
    expect(audit([bytesOf(V1)]).releases[0]!.archive).toStrictEqual({ status: 'not-due', dir: DIR1 });
  });
});

describe('a release without a bias report', () => {
  const noReport: Release = { ...coherent(release('1.0.0')), report: undefined };

  it('superseded: its archive has no report to copy, and is intact without one', () => {
    const [r] = audit([bytesOf(noReport), bytesOf(V2)], { archiveFiles: archiveAt(DIR1, noReport) }).releases;
    expect(r!.archive).toStrictEqual({ status: 'intact', dir: DIR1 });
    expect(r!.problems).toStrictEqual(['bias report missing']);
  });

  it('a rollback in force: the primary archive it restores is intact without one', () => {
    const rollback: Release = { ...rollbackTo('1.0.0', '2.0.0'), report: undefined };
    const [, , r] = audit([bytesOf(noReport), bytesOf(V2), bytesOf(rollback)], {
      archiveFiles: archiveAt(DIR1, noReport),
    }).releases;
    expect(r!.archive).toStrictEqual({ status: 'intact', dir: DIR1 });
  });

  it('a release with a report whose archive lacks it: altered', () => {
    const files = archiveAt(DIR1, V1);
    delete files[`${DIR1}/bias-report.json`];
    const [r] = audit([bytesOf(V1), bytesOf(V2)], { archiveFiles: files }).releases;
    expect(r!.archive.status).toBe('altered');
    expect(r!.problems).toContain(`archive altered: ${DIR1}/ is not a byte copy of the release`);
  });
});

describe('the checksum record', () => {
  const HEX = sha256Hex('weights');
  const withArtifacts = (artifacts: unknown[]): Release => {
    const r = release('1.0.0');
    r.manifest.artifacts = artifacts as never;
    return coherent(r);
  };
  const recordOf = (artifacts: unknown[]) => audit([bytesOf(withArtifacts(artifacts))]).releases[0]!.checksumRecord;

  it('present when every artifact declares a 64-hex SHA-256; what is not an object is no artifact', () => {
    expect(recordOf([{ path: 'model/a.onnx', sha256: HEX, size: 1 }, null, 'x'])).toBe('present');
  });

  it('missing with no artifact, or any artifact without a usable digest', () => {
    const good = { path: 'model/a.onnx', sha256: HEX, size: 1 };
    expect(recordOf([])).toBe('missing');
    expect(recordOf([good, { path: 'model/b.onnx', size: 1 }])).toBe('missing');
    expect(recordOf([{ ...good, sha256: [HEX] }])).toBe('missing');
    expect(recordOf([{ ...good, sha256: `x${HEX}` }])).toBe('missing');
    expect(recordOf([{ ...good, sha256: `${HEX}x` }])).toBe('missing');
  });

  it('superseded: missing with no artifact even when the archive holds a record', () => {
    const r = withArtifacts([]);
    const [first] = audit([bytesOf(r), bytesOf(V2)], { archiveFiles: archiveAt(DIR1, r) }).releases;
    expect(first!.archive.status).toBe('intact');
    expect(first!.checksumRecord).toBe('missing');
  });

  it('superseded: incomplete when the archived record lacks one artifact', () => {
    const a = { path: 'model/a.onnx', sha256: HEX, size: 1 };
    const b = { path: 'model/b.onnx', sha256: sha256Hex('b'), size: 1 };
    const r = withArtifacts([a, b]);
    const files = archiveAt(DIR1, r);
    files[`${DIR1}/checksums.sha256`] = Buffer.from(`${HEX}  model/a.onnx\n`);
    const [first] = audit([bytesOf(r), bytesOf(V2)], { archiveFiles: files }).releases;
    expect(first!.checksumRecord).toBe('incomplete');
    expect(first!.problems).toContain('checksum record incomplete');
    expect(audit([bytesOf(r), bytesOf(V2)], { archiveFiles: archiveAt(DIR1, r) }).releases[0]!.checksumRecord).toBe(
      'present',
    );
  });
});
