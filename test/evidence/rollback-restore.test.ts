/**
 * The pure rules of restoring a rolled-back release's model files (src/evidence/rollback-restore.ts): which record a
 * file is checked against, what counts as already in place, what is a user's uncommitted work, which paths are never
 * written, and which refusal wins. The end-to-end behaviour on real repositories is in test/cli/rollback-restore.
 */
import { describe, expect, it } from '@jest/globals';
import { gitBlobId } from '../../src/adapters/git-history.js';
import { sha256Hex } from '../../src/formats/canonical-digest.js';
import {
  archivedArtifactRecords,
  planRestore,
  protectedPathProblem,
  recordedSourceCommit,
  uncommittedChange,
  verifyAgainstRecord,
  type ArtifactFacts,
} from '../../src/evidence/rollback-restore.js';
import { COMMIT, DIR, facts, fileOf, input, PATH, PROTECTED, RECORD, WEIGHTS } from './rollback-restore-fixtures.js';

const POINTER = Buffer.from(
  `version https://git-lfs.github.com/spec/v1\noid sha256:${RECORD.sha256}\nsize ${RECORD.size}\n`,
);

describe('planRestore', () => {
  it('restores the recorded commit’s blob, verified by its sha256 and size', () => {
    expect(planRestore(input([facts()]))).toEqual({
      kind: 'ok',
      restores: [{ path: PATH, bytes: WEIGHTS, blob: gitBlobId(WEIGHTS), mode: '100644', verifiedBy: 'content' }],
      inPlace: [],
      commit: COMMIT,
    });
  });

  it('restores a Git LFS pointer as the pointer, verified by its oid and size', () => {
    const plan = planRestore(input([facts({}, POINTER)]));
    expect(plan).toMatchObject({ kind: 'ok', restores: [{ path: PATH, bytes: POINTER, verifiedBy: 'lfs-pointer' }] });
  });

  it('leaves a file in place that is the archived content or an un-smudged pointer to it, and needs no commit', () => {
    for (const wt of [fileOf(WEIGHTS), { ...fileOf(POINTER), pointer: { oid: RECORD.sha256, size: RECORD.size } }]) {
      const plan = planRestore(input([facts({ worktree: wt })], { recordedCommit: undefined, commitPresent: false }));
      expect(plan).toEqual({ kind: 'ok', restores: [], inPlace: [PATH] });
    }
  });

  it('refuses a missing commit: in a shallow clone with git fetch --unshallow / fetch-depth: 0, exit 2', () => {
    expect(planRestore(input([facts()], { commitPresent: false, shallow: true }))).toEqual({
      kind: 'refused',
      message: `the commit ${DIR}/evidence.json records (${COMMIT}) is not in this repository (a shallow clone), so ${PATH} cannot be restored from it`,
      fix: 'fetch the whole history (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0), then run the rollback again',
      exitCode: 2,
    });
    expect(planRestore(input([facts()], { commitPresent: false }))).toMatchObject({
      exitCode: 2,
      fix: `fetch it (git fetch origin ${COMMIT}), then run the rollback again`,
    });
  });

  it('refuses an archive that records no commit when a file is not in place (exit 1)', () => {
    expect(planRestore(input([facts()], { recordedCommit: undefined }))).toMatchObject({
      kind: 'refused',
      message: `${DIR}/evidence.json records no source commit, so the model files not in place (${PATH}) cannot be restored from git`,
      exitCode: 1,
    });
  });

  it('refuses bytes that are not the record, naming expected and found (content, pointer, absent, not a file)', () => {
    const other = Buffer.from('other weights\n');
    const wrongPointer = Buffer.from(POINTER.toString('utf8').replace(/size \d+/, 'size 1'));
    const cases: Array<[ArtifactFacts, string]> = [
      [facts({}, other), `is sha256 ${sha256Hex(other)} (${other.length} bytes)`],
      [facts({}, wrongPointer), `is a Git LFS pointer to sha256 ${RECORD.sha256} (1 bytes)`],
      [facts({ atRecorded: { kind: 'absent' } }), `${PATH} is not in commit ${COMMIT.slice(0, 12)}`],
      [
        facts({ atRecorded: { kind: 'entry', mode: '120000', id: 'b'.repeat(40) } }),
        `${PATH} is not a regular file in commit ${COMMIT.slice(0, 12)} (mode 120000)`,
      ],
    ];
    for (const [f, found] of cases) {
      const plan = planRestore(input([f]));
      expect(plan).toMatchObject({ kind: 'refused', exitCode: 1 });
      expect(plan.kind === 'refused' && plan.message).toContain(found);
    }
    expect(planRestore(input([facts({}, other)]))).toMatchObject({
      message: `the model files git holds for this release do not match the archived record of ${DIR}: ${PATH} at ${COMMIT.slice(0, 12)} is sha256 ${sha256Hex(other)} (${other.length} bytes); the archive records sha256 ${RECORD.sha256} (${RECORD.size} bytes)`,
    });
  });

  it('refuses to overwrite uncommitted work, naming every such file (exit 2)', () => {
    const mine = Buffer.from('my experiment\n');
    const second = { ...RECORD, path: 'model/weights/extra.bin' };
    const plan = planRestore(
      input([
        facts({ worktree: fileOf(mine) }),
        facts({ record: second, head: undefined, index: undefined, worktree: fileOf(mine) }),
      ]),
    );
    expect(plan).toEqual({
      kind: 'refused',
      message: `the working tree has uncommitted changes to model files the rollback would restore: ${PATH} (modified), model/weights/extra.bin (untracked); they are never overwritten`,
      fix: 'commit them, or set them aside with git stash push --include-untracked -- <file>..., then run the rollback again',
      exitCode: 2,
    });
  });

  it('never writes an artifact over the policy, the release files, git or workflow files, or evidence (exit 1)', () => {
    for (const path of [
      '.github/workflows/deploy.yml',
      '.GitHub/x',
      'model/.git/config',
      'model/.gitattributes',
      '.github/governance-policy.yml',
      'model/manifest.json',
      './reports/latest-bias-report.json',
      'artifacts/audit-log.jsonl',
    ]) {
      const plan = planRestore(input([facts({ record: { ...RECORD, path } })]));
      expect(plan).toMatchObject({ kind: 'refused', exitCode: 1 });
      expect(plan.kind === 'refused' && plan.message).toContain(
        `the archived manifest of ${DIR} names artifacts the rollback does not write: ${path} (`,
      );
    }
    expect(protectedPathProblem('model/weights/github.bin', PROTECTED)).toBeUndefined();
    expect(protectedPathProblem('artifacts-old/x.bin', PROTECTED)).toBeUndefined();
  });

  it('refuses a path it could not read in the working tree (a link or a folder), before anything else', () => {
    const plan = planRestore(input([facts({ worktree: { kind: 'refused', reason: 'it is not a regular file' } })]));
    expect(plan).toMatchObject({
      kind: 'refused',
      message: `the model files of this release cannot be restored at their paths: ${PATH} (it is not a regular file)`,
      exitCode: 1,
    });
  });
});

describe('the record and the working tree', () => {
  it('takes a pointer only with a recorded size, and a size only when it matches', () => {
    expect(verifyAgainstRecord({ path: PATH, sha256: RECORD.sha256 }, POINTER)).toEqual({
      found: `a Git LFS pointer to sha256 ${RECORD.sha256} (${RECORD.size} bytes)`,
    });
    expect(verifyAgainstRecord({ ...RECORD, size: RECORD.size + 1 }, WEIGHTS)).toHaveProperty('found');
    expect(verifyAgainstRecord({ path: PATH, sha256: RECORD.sha256 }, WEIGHTS)).toEqual({ verifiedBy: 'content' });
  });

  it('treats a smudged LFS file as HEAD’s, and a staged change or a conflict as the user’s', () => {
    const headPointer = { mode: '100644', id: gitBlobId(POINTER), pointer: { oid: RECORD.sha256, size: RECORD.size } };
    const smudged = facts({ worktree: fileOf(WEIGHTS), head: headPointer, index: { ...headPointer, stage: 0 } });
    expect(uncommittedChange(smudged, 'c'.repeat(40))).toBeUndefined();
    expect(uncommittedChange(facts({ index: { mode: '100644', id: 'd'.repeat(40), stage: 0 } }), 'c'.repeat(40))).toBe(
      'staged',
    );
    expect(uncommittedChange(facts({ index: { mode: '100644', id: 'c'.repeat(40), stage: 2 } }), 'c'.repeat(40))).toBe(
      'staged',
    );
    expect(uncommittedChange(facts({ worktree: { kind: 'missing' } }), 'c'.repeat(40))).toBeUndefined();
  });

  it('reads the records and the source commit from the archive, ignoring what is unusable', () => {
    const manifest = Buffer.from(
      JSON.stringify({
        artifacts: [
          RECORD,
          { path: '../x', sha256: RECORD.sha256 },
          { path: 'a.bin', sha256: RECORD.sha256, size: -1 },
        ],
      }),
    );
    expect(archivedArtifactRecords(manifest)).toEqual([RECORD, { path: 'a.bin', sha256: RECORD.sha256 }]);
    expect(recordedSourceCommit(Buffer.from(JSON.stringify({ source: { gitCommit: COMMIT } })))).toBe(COMMIT);
    expect(recordedSourceCommit(Buffer.from(JSON.stringify({ source: { gitCommit: 'HEAD' } })))).toBeUndefined();
    expect(recordedSourceCommit(Buffer.from('{'))).toBeUndefined();
  });
});
