/**
 * The exact answers of the pure restore rules (src/evidence/rollback-restore.ts) at their edges: every refusal's full
 * message and fix (lists joined, commits shortened, shallow or not), the archived records and source commit read from
 * odd documents, the protected paths under a nested archive folder, and which working-tree or index state counts as
 * in place, as HEAD's, as the archived blob, or as the user's own work.
 */
import { describe, expect, test } from '@jest/globals';
import { gitBlobId } from '../../src/adapters/git-history.js';
import { sha256Hex } from '../../src/formats/canonical-digest.js';
import {
  archivedArtifactRecords,
  isInPlace,
  planRestore,
  protectedPathProblem,
  recordedSourceCommit,
  uncommittedChange,
  verifyAgainstRecord,
} from '../../src/evidence/rollback-restore.js';
import {
  COMMIT,
  CURRENT,
  DIR,
  facts,
  fileOf,
  input,
  PATH,
  PROTECTED,
  RECORD,
  WEIGHTS,
} from './rollback-restore-fixtures.js';

const SECOND = 'model/weights/extra.bin';
const SHORT = COMMIT.slice(0, 12);
const pointerOf = (oid: string, size: number) =>
  Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${size}\n`);

const manifestOf = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('the archived records', () => {
  test('a manifest that is not JSON, or is JSON null, has no records', () => {
    expect(archivedArtifactRecords(Buffer.from('{ not json'))).toStrictEqual([]);
    expect(archivedArtifactRecords(Buffer.from('null'))).toStrictEqual([]);
    expect(archivedArtifactRecords(undefined)).toStrictEqual([]);
  });

  test('an artifact that is null or has no path is skipped, the others kept', () => {
    const manifest = manifestOf({ artifacts: [null, { sha256: RECORD.sha256 }, 7, RECORD] });
    expect(archivedArtifactRecords(manifest)).toStrictEqual([RECORD]);
  });

  test('an artifact whose sha256 is not a string, or that is an s3:// object, is no file record', () => {
    const manifest = manifestOf({
      artifacts: [
        { path: 'a.bin', sha256: 5 },
        { path: 's3://models/fraud/w.bin?versionId=v1', sha256: RECORD.sha256 },
        RECORD,
      ],
    });
    expect(archivedArtifactRecords(manifest)).toStrictEqual([RECORD]);
  });

  test('a size of 0 is a size; a record without a usable size has no size key at all', () => {
    const manifest = manifestOf({
      artifacts: [
        { path: 'a.bin', sha256: RECORD.sha256, size: 0 },
        { path: 'b.bin', sha256: RECORD.sha256, size: 1.5 },
        { path: 'c.bin', sha256: RECORD.sha256 },
      ],
    });
    expect(archivedArtifactRecords(manifest)).toStrictEqual([
      { path: 'a.bin', sha256: RECORD.sha256, size: 0 },
      { path: 'b.bin', sha256: RECORD.sha256 },
      { path: 'c.bin', sha256: RECORD.sha256 },
    ]);
  });
});

describe('the recorded source commit', () => {
  const evidence = (gitCommit: unknown) => manifestOf({ source: { gitCommit } });

  test('a full SHA-1 or SHA-256 commit id is taken as it is', () => {
    expect(recordedSourceCommit(evidence(COMMIT))).toBe(COMMIT);
    const sha256Commit = 'c'.repeat(64);
    expect(recordedSourceCommit(evidence(sha256Commit))).toBe(sha256Commit);
  });

  test('anything else is no commit: prefixed, suffixed, 41 or 50 characters, non-hex tail, an array, not JSON', () => {
    for (const value of [
      `x${COMMIT}`,
      `${COMMIT}x`,
      `${COMMIT}a`,
      `${COMMIT}${'z'.repeat(24)}`,
      `${COMMIT}${'a'.repeat(10)}`,
      [COMMIT],
    ]) {
      expect(recordedSourceCommit(evidence(value))).toBeUndefined();
    }
    expect(recordedSourceCommit(Buffer.from('null'))).toBeUndefined();
    expect(recordedSourceCommit(Buffer.from('{ nope'))).toBeUndefined();
    expect(recordedSourceCommit(undefined)).toBeUndefined();
  });
});

describe('protected paths', () => {
  test('git configuration files are never restored, whatever folder they are in', () => {
    for (const path of ['model/.gitmodules', 'model/.gitignore', '.gitattributes']) {
      expect(protectedPathProblem(path, PROTECTED)).toBe('git configuration files are never restored as model files');
    }
  });

  test('a nested archive folder (with its trailing slash) guards the folder itself and everything under it', () => {
    const nested = { ...PROTECTED, archiveDir: 'governance/archive/' };
    expect(protectedPathProblem('governance/archive/x.bin', nested)).toBe('it is evidence under governance/archive/');
    expect(protectedPathProblem('governance/archive', nested)).toBe('it is evidence under governance/archive/');
    expect(protectedPathProblem('artifacts', PROTECTED)).toBe('it is evidence under artifacts/');
    expect(protectedPathProblem('governance/archive-old/x.bin', nested)).toBeUndefined();
  });
});

describe('in place and verified', () => {
  test('an un-smudged pointer is in place only when its oid and its size are the record’s', () => {
    const pointer = pointerOf(RECORD.sha256, RECORD.size);
    const wt = (oid: string, size: number) => ({ ...fileOf(pointer), pointer: { oid, size } });
    expect(isInPlace(RECORD, wt(RECORD.sha256, RECORD.size))).toBe(true);
    expect(isInPlace(RECORD, wt('e'.repeat(64), RECORD.size))).toBe(false);
    expect(isInPlace(RECORD, wt(RECORD.sha256, RECORD.size + 1))).toBe(false);
    expect(isInPlace(RECORD, { kind: 'missing' })).toBe(false);
  });

  test('git’s bytes as a pointer are verified only by the record’s oid and size', () => {
    const other = 'e'.repeat(64);
    expect(verifyAgainstRecord(RECORD, pointerOf(RECORD.sha256, RECORD.size))).toStrictEqual({
      verifiedBy: 'lfs-pointer',
    });
    expect(verifyAgainstRecord(RECORD, pointerOf(other, RECORD.size))).toStrictEqual({
      found: `a Git LFS pointer to sha256 ${other} (${RECORD.size} bytes)`,
    });
    expect(verifyAgainstRecord(RECORD, pointerOf(RECORD.sha256, RECORD.size + 1))).toStrictEqual({
      found: `a Git LFS pointer to sha256 ${RECORD.sha256} (${RECORD.size + 1} bytes)`,
    });
    expect(verifyAgainstRecord({ path: PATH, sha256: RECORD.sha256 }, pointerOf(RECORD.sha256, 5))).toStrictEqual({
      found: `a Git LFS pointer to sha256 ${RECORD.sha256} (5 bytes)`,
    });
  });
});

describe('uncommitted work', () => {
  const restoreBlob = gitBlobId(WEIGHTS);

  test('an index entry without a HEAD entry is the user’s only when it is not the archived blob', () => {
    const staged = { mode: '100644', id: restoreBlob, stage: 0 };
    const f = facts({ head: undefined, index: staged, worktree: fileOf(WEIGHTS) });
    expect(uncommittedChange(f, restoreBlob)).toBeUndefined();
    expect(uncommittedChange({ ...f, index: { ...staged, id: 'd'.repeat(40) } }, restoreBlob)).toBe('staged');
  });

  test('an index entry that is HEAD’s is no staged change, even when it is not the archived blob', () => {
    expect(uncommittedChange(facts(), restoreBlob)).toBeUndefined();
    expect(uncommittedChange(facts({ index: undefined }), restoreBlob)).toBeUndefined();
    expect(uncommittedChange(facts({ index: { mode: '100644', id: gitBlobId(CURRENT), stage: 1 } }), restoreBlob)).toBe(
      'staged',
    );
  });

  test('a missing file is no work; an untracked file is, unless it already is the archived blob', () => {
    const untracked = { head: undefined, index: undefined };
    expect(uncommittedChange(facts({ ...untracked, worktree: { kind: 'missing' } }), restoreBlob)).toBeUndefined();
    expect(uncommittedChange(facts({ ...untracked, worktree: fileOf(WEIGHTS) }), restoreBlob)).toBeUndefined();
    expect(uncommittedChange(facts({ ...untracked, worktree: fileOf(CURRENT) }), restoreBlob)).toBe('untracked');
  });

  test('a smudged file is HEAD’s only when its sha256 and its size are the object HEAD’s pointer names', () => {
    const current = sha256Hex(CURRENT);
    const headPointer = (oid: string, size: number) => ({
      mode: '100644',
      id: gitBlobId(pointerOf(oid, size)),
      pointer: { oid, size },
    });
    const change = (oid: string, size: number) =>
      uncommittedChange(facts({ head: headPointer(oid, size), index: undefined }), restoreBlob);
    expect(change(current, CURRENT.length)).toBeUndefined();
    expect(change('e'.repeat(64), CURRENT.length)).toBe('modified');
    expect(change(current, CURRENT.length + 1)).toBe('modified');
  });
});

describe('planRestore refusals, word for word', () => {
  test('every path that could not be read is named, with the fix', () => {
    const plan = planRestore(
      input([
        facts({ worktree: { kind: 'refused', reason: 'it is not a regular file' } }),
        facts({ record: { ...RECORD, path: SECOND }, worktree: { kind: 'refused', reason: 'a symlink loop' } }),
      ]),
    );
    expect(plan).toStrictEqual({
      kind: 'refused',
      message: `the model files of this release cannot be restored at their paths: ${PATH} (it is not a regular file), ${SECOND} (a symlink loop)`,
      fix: 'make each artifact path a regular file inside the repository (or remove what is there), then run the rollback again',
      exitCode: 1,
    });
  });

  test('every protected artifact is named, with the fix', () => {
    const plan = planRestore(
      input([
        facts({ record: { ...RECORD, path: 'model/manifest.json' } }),
        facts({ record: { ...RECORD, path: 'artifacts/x.bin' } }),
      ]),
    );
    expect(plan).toStrictEqual({
      kind: 'refused',
      message: `the archived manifest of ${DIR} names artifacts the rollback does not write: model/manifest.json (it is one of the policy's files, which a rollback writes only as the policy says), artifacts/x.bin (it is evidence under artifacts/)`,
      fix: 'restore those files by hand in a reviewed change, or roll back to a release whose artifacts are model files',
      exitCode: 1,
    });
  });

  test('no recorded commit: every file not in place is named, with the fix', () => {
    const plan = planRestore(
      input([facts(), facts({ record: { ...RECORD, path: SECOND } })], { recordedCommit: undefined }),
    );
    expect(plan).toStrictEqual({
      kind: 'refused',
      message: `${DIR}/evidence.json records no source commit, so the model files not in place (${PATH}, ${SECOND}) cannot be restored from git`,
      fix: 'restore those files from artifact storage (each with the sha256 the archive records), then run the rollback again',
      exitCode: 1,
    });
  });

  test('a missing commit in a full clone says so without "(a shallow clone)"', () => {
    expect(planRestore(input([facts()], { commitPresent: false }))).toStrictEqual({
      kind: 'refused',
      message: `the commit ${DIR}/evidence.json records (${COMMIT}) is not in this repository, so ${PATH} cannot be restored from it`,
      fix: `fetch it (git fetch origin ${COMMIT}), then run the rollback again`,
      exitCode: 2,
    });
  });

  test('every file git cannot give back is named with the short commit, joined by "; ", with the fix', () => {
    const third = 'model/weights/third.bin';
    const noSize = { path: 'model/weights/nosize.bin', sha256: RECORD.sha256 };
    const other = Buffer.from('other weights\n');
    const plan = planRestore(
      input([
        facts({ atRecorded: { kind: 'absent' } }),
        facts({ record: { ...RECORD, path: SECOND }, atRecorded: undefined }),
        facts({
          record: { ...RECORD, path: third },
          atRecorded: { kind: 'entry', mode: '100644', id: 'f'.repeat(40) },
        }),
        facts({ record: noSize }, other),
      ]),
    );
    expect(plan).toStrictEqual({
      kind: 'refused',
      message:
        `the model files git holds for this release do not match the archived record of ${DIR}: ` +
        `${PATH} is not in commit ${SHORT}; ${SECOND} is not in commit ${SHORT}; ` +
        `${third} could not be read from commit ${SHORT}; ` +
        `model/weights/nosize.bin at ${SHORT} is sha256 ${sha256Hex(other)} (${other.length} bytes); the archive records sha256 ${RECORD.sha256}`,
      fix: `restore those files from artifact storage (each must have the sha256 ${DIR}/checksums.sha256 records), then run the rollback again`,
      exitCode: 1,
    });
  });

  test('an executable file at the recorded commit is restored with its mode', () => {
    const at = { kind: 'entry' as const, mode: '100755', id: gitBlobId(WEIGHTS), bytes: WEIGHTS };
    expect(planRestore(input([facts({ atRecorded: at })]))).toStrictEqual({
      kind: 'ok',
      restores: [{ path: PATH, bytes: WEIGHTS, blob: gitBlobId(WEIGHTS), mode: '100755', verifiedBy: 'content' }],
      inPlace: [],
      commit: COMMIT,
    });
  });

  test('the archived blob already staged over HEAD’s is no uncommitted work: it is restored', () => {
    const staged = { mode: '100644', id: gitBlobId(WEIGHTS), stage: 0 };
    expect(planRestore(input([facts({ index: staged })]))).toStrictEqual({
      kind: 'ok',
      restores: [{ path: PATH, bytes: WEIGHTS, blob: gitBlobId(WEIGHTS), mode: '100644', verifiedBy: 'content' }],
      inPlace: [],
      commit: COMMIT,
    });
  });
});
