/**
 * Shared by the pure restore-rule tests (`rollback-restore.test.ts`, `rollback-restore-refusals.test.ts`): one
 * archived release (2.4.0) whose weights file the rollback restores, the facts git and the working tree give about
 * it while 2.5.0 is in force, and the restore input built from them.
 */
import { gitBlobId } from '../../src/adapters/git-history.js';
import type { ArtifactFacts, RestoreInput } from '../../src/evidence/rollback-restore.js';
import { sha256Hex } from '../../src/formats/canonical-digest.js';

export const DIR = 'artifacts/fraud-detection/2.4.0';
export const PATH = 'model/weights/model.onnx';
/** The source commit the archive records (hex, as `recordedSourceCommit` requires). */
export const COMMIT = '0123456789abcdef0123456789abcdef01234567';
export const WEIGHTS = Buffer.from('weights of 2.4.0\n');
export const CURRENT = Buffer.from('weights of 2.5.0\n');
export const RECORD = { path: PATH, sha256: sha256Hex(WEIGHTS), size: WEIGHTS.length };
export const PROTECTED = {
  manifest: 'model/manifest.json',
  biasReport: 'reports/latest-bias-report.json',
  policy: '.github/governance-policy.yml',
  archiveDir: 'artifacts',
};

export const fileOf = (bytes: Buffer) => ({
  kind: 'file' as const,
  sha256: sha256Hex(bytes),
  size: bytes.length,
  blobId: gitBlobId(bytes),
});

/** 2.5.0's weights committed at HEAD, in the index and in the working tree; git has 2.4.0's at the recorded commit. */
export function facts(over: Partial<ArtifactFacts> = {}, atRecorded: Buffer = WEIGHTS): ArtifactFacts {
  return {
    record: RECORD,
    worktree: fileOf(CURRENT),
    head: { mode: '100644', id: gitBlobId(CURRENT) },
    index: { mode: '100644', id: gitBlobId(CURRENT), stage: 0 },
    atRecorded: { kind: 'entry', mode: '100644', id: gitBlobId(atRecorded), bytes: atRecorded },
    ...over,
  };
}

export const input = (artifacts: ArtifactFacts[], over: Partial<RestoreInput> = {}): RestoreInput => ({
  dir: DIR,
  recordedCommit: COMMIT,
  commitPresent: true,
  shallow: false,
  artifacts,
  protectedPaths: PROTECTED,
  ...over,
});
