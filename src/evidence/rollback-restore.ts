/**
 * Restoring a rolled-back release's model files (`mlgov rollback --to VERSION`): pure. Decides, for every artifact of
 * the archived manifest, whether its file is already in place, or which bytes git gives back for it, or why the
 * rollback is refused. The I/O that gathers the facts and stages the result is in `rollback-run.ts`.
 *
 * Where the bytes come from: the commit the archive records as its source (`source.gitCommit` of the target's
 * `evidence.json`, on the base revision): the commit that held the release when it was archived. What they are
 * checked against: the archived record (the archived manifest's `sha256` and `size`, which the archive's
 * `checksums.sha256` must agree with), never the pull request's manifest. A Git LFS artifact is restored as the
 * pointer file git holds (never smudged content: the object may not even be downloaded) and verified by the
 * pointer's `oid` and `size`, as the `checksums` check verifies an un-smudged pointer.
 *
 * What is never done: overwrite a user's work. A file that differs from HEAD (modified, staged or untracked) and is
 * not already the archived one refuses the whole rollback, naming the files. Refusals change nothing.
 */
import { posix } from 'node:path';
import { sha256Hex } from '../formats/canonical-digest.js';
import { parseLfsPointer, type LfsPointer } from '../adapters/lfs-pointer.js';
import { isSafeRelativePath } from './archive-plan.js';
import { isObject } from '../formats/json-object.js';

/** One artifact as the archived manifest records it. */
export interface ArtifactRecord {
  path: string;
  sha256: string;
  /** Undefined when the archived manifest gives no usable size. */
  size?: number;
}

/** The working-tree file at an artifact's path, summarised (its bytes are not kept). */
export type WorktreeFile =
  | { kind: 'missing' }
  | { kind: 'refused'; reason: string }
  | { kind: 'file'; sha256: string; size: number; blobId: string; pointer?: LfsPointer };

/** A tree or index entry: git mode and object id. */
export interface GitEntry {
  mode: string;
  id: string;
}

/** What the repository says about one artifact's path. */
export interface ArtifactFacts {
  record: ArtifactRecord;
  worktree: WorktreeFile;
  /** HEAD's entry (undefined: not in HEAD), with the LFS pointer its blob is, if it is one. */
  head?: GitEntry & { pointer?: LfsPointer };
  /** The index entry (undefined: not in the index); `stage` > 0 during a merge conflict. */
  index?: GitEntry & { stage: number };
  /** The entry at the recorded commit, read only when the file is not in place (undefined: not looked up). */
  atRecorded?: { kind: 'absent' } | (GitEntry & { kind: 'entry'; bytes?: Uint8Array });
}

export interface RestoreInput {
  /** The target archive folder, for messages. */
  dir: string;
  /** The commit the archive records (undefined: it records none usable). */
  recordedCommit?: string;
  /** Whether that commit is in the repository (asked only when a file must be restored). */
  commitPresent: boolean;
  /** Whether the repository is a shallow clone (for the fix when the commit is missing). */
  shallow: boolean;
  artifacts: ArtifactFacts[];
  /** Files a restored artifact may never be written over (the release's own files, the policy, the evidence). */
  protectedPaths: ProtectedPaths;
}

export interface ProtectedPaths {
  manifest: string;
  biasReport: string;
  policy: string;
  archiveDir: string;
}

/** A file the rollback writes back: the exact blob at the recorded commit, verified against the archived record. */
export interface RestoredFile {
  path: string;
  bytes: Uint8Array;
  /** The git blob id and mode at the recorded commit: what the index gets. */
  blob: string;
  mode: string;
  /** How the bytes were verified: their own sha256, or the Git LFS pointer's oid and size. */
  verifiedBy: 'content' | 'lfs-pointer';
}

export type RestorePlan =
  | { kind: 'ok'; restores: RestoredFile[]; inPlace: string[]; commit?: string }
  | { kind: 'refused'; message: string; fix: string; exitCode: 1 | 2 };

type Refusal = Extract<RestorePlan, { kind: 'refused' }>;

const refusal = (message: string, fix: string, exitCode: 1 | 2): Refusal => ({
  kind: 'refused',
  message,
  fix,
  exitCode,
});

/** The artifacts of an archived manifest (its bytes) that have a usable path and sha256; the plan refuses the rest. */
export function archivedArtifactRecords(manifest: Uint8Array | undefined): ArtifactRecord[] {
  let parsed: unknown;
  try {
    parsed = manifest ? JSON.parse(Buffer.from(manifest).toString('utf8')) : undefined;
  } catch {
    return [];
  }
  const artifacts = isObject(parsed) && Array.isArray(parsed['artifacts']) ? parsed['artifacts'] : [];
  return artifacts.flatMap((a: unknown) => {
    if (!isObject(a) || !isSafeRelativePath(a['path']) || typeof a['sha256'] !== 'string') return [];
    // An s3:// object is not a file git can give back: the rollback plan checks its archived version still exists.
    if (a['path'].startsWith('s3://')) return [];
    const size = Number.isSafeInteger(a['size']) && (a['size'] as number) >= 0 ? (a['size'] as number) : undefined;
    return [{ path: a['path'], sha256: a['sha256'], ...(size !== undefined ? { size } : {}) }];
  });
}

/** The commit an archive's `evidence.json` records as the release's source, when it is a full commit id. */
export function recordedSourceCommit(evidence: Uint8Array | undefined): string | undefined {
  let parsed: unknown;
  try {
    parsed = evidence ? JSON.parse(Buffer.from(evidence).toString('utf8')) : undefined;
  } catch {
    return undefined;
  }
  const commit = isObject(parsed) && isObject(parsed['source']) ? parsed['source']['gitCommit'] : undefined;
  return typeof commit === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit) ? commit : undefined;
}

const sizeMatches = (record: ArtifactRecord, size: number) => record.size === undefined || record.size === size;
const describeRecord = (r: ArtifactRecord) => `sha256 ${r.sha256}${r.size !== undefined ? ` (${r.size} bytes)` : ''}`;

/**
 * Why an artifact path may not be written back from git, or undefined. An archived manifest names its artifacts, and
 * a path an archived document names is a write target only for model files: never git's or the workflows' files,
 * the policy, the release's manifest and bias report (the rollback writes those itself), or evidence.
 */
export function protectedPathProblem(path: string, p: ProtectedPaths): string | undefined {
  const normal = posix.normalize(path);
  const segments = normal.toLowerCase().split('/');
  if (segments.includes('.git') || segments[0] === '.github')
    return 'git and workflow files are never restored as model files';
  if (['.gitattributes', '.gitmodules', '.gitignore'].includes(segments[segments.length - 1]!))
    return 'git configuration files are never restored as model files';
  const same = (q: string) => normal === posix.normalize(q);
  if (same(p.manifest) || same(p.biasReport) || same(p.policy))
    return "it is one of the policy's files, which a rollback writes only as the policy says";
  const archive = posix.normalize(p.archiveDir).replace(/\/$/, '');
  if (normal === archive || normal.startsWith(`${archive}/`)) return `it is evidence under ${archive}/`;
  return undefined;
}

/** Whether the working-tree file already is the archived one: its content, or an un-smudged pointer to it. */
export function isInPlace(record: ArtifactRecord, file: WorktreeFile): boolean {
  if (file.kind !== 'file') return false;
  if (file.sha256 === record.sha256 && sizeMatches(record, file.size)) return true;
  return file.pointer !== undefined && file.pointer.oid === record.sha256 && file.pointer.size === record.size;
}

/**
 * Bytes git holds for an artifact, checked against the archived record: as content (sha256 and size), or as a Git LFS
 * pointer (oid and size; a pointer is only accepted when the record has a size to compare). Undefined: they match;
 * otherwise what was found instead.
 */
export function verifyAgainstRecord(
  record: ArtifactRecord,
  bytes: Uint8Array,
): { verifiedBy: RestoredFile['verifiedBy'] } | { found: string } {
  const digest = sha256Hex(bytes);
  if (digest === record.sha256 && sizeMatches(record, bytes.length)) return { verifiedBy: 'content' };
  const pointer = parseLfsPointer(bytes);
  if (pointer && pointer.oid === record.sha256 && record.size !== undefined && pointer.size === record.size)
    return { verifiedBy: 'lfs-pointer' };
  return {
    found: pointer
      ? `a Git LFS pointer to sha256 ${pointer.oid} (${pointer.size} bytes)`
      : `sha256 ${digest} (${bytes.length} bytes)`,
  };
}

/**
 * Why writing the archived bytes over this path would lose a user's work, or undefined when it would not: the file
 * differs from HEAD (a smudged Git LFS file is HEAD's when it is the object HEAD's pointer names), is not in HEAD, or
 * the index holds a change (or a conflict) that is neither HEAD's nor the archived blob.
 */
export function uncommittedChange(facts: ArtifactFacts, restoreBlob: string): string | undefined {
  const { worktree: wt, head, index } = facts;
  if (index && (index.stage > 0 || (index.id !== head?.id && index.id !== restoreBlob))) return 'staged';
  if (wt.kind !== 'file' || wt.blobId === restoreBlob) return undefined;
  if (!head) return 'untracked';
  if (wt.blobId === head.id) return undefined;
  const smudged = head.pointer !== undefined && wt.sha256 === head.pointer.oid && wt.size === head.pointer.size;
  return smudged ? undefined : 'modified';
}

/** Plans the restore of the artifacts not in place (see the module comment); the first kind of refusal wins. */
export function planRestore(input: RestoreInput): RestorePlan {
  const refused = input.artifacts.filter((a) => a.worktree.kind === 'refused');
  if (refused.length > 0) {
    const why = refused.map((a) => `${a.record.path} (${(a.worktree as { reason: string }).reason})`).join(', ');
    return refusal(
      `the model files of this release cannot be restored at their paths: ${why}`,
      'make each artifact path a regular file inside the repository (or remove what is there), then run the rollback again',
      1,
    );
  }
  const inPlace = input.artifacts.filter((a) => isInPlace(a.record, a.worktree)).map((a) => a.record.path);
  const needed = input.artifacts.filter((a) => !inPlace.includes(a.record.path));
  if (needed.length === 0) return { kind: 'ok', restores: [], inPlace };
  const guarded = needed.flatMap((a) => {
    const why = protectedPathProblem(a.record.path, input.protectedPaths);
    return why ? [`${a.record.path} (${why})`] : [];
  });
  if (guarded.length > 0) {
    return refusal(
      `the archived manifest of ${input.dir} names artifacts the rollback does not write: ${guarded.join(', ')}`,
      'restore those files by hand in a reviewed change, or roll back to a release whose artifacts are model files',
      1,
    );
  }
  const source = sourceRefusal(input, needed);
  if (source) return source;
  const commit = input.recordedCommit!;
  const restores: RestoredFile[] = [];
  const problems: string[] = [];
  for (const a of needed) {
    const at = a.atRecorded;
    if (!at || at.kind === 'absent') {
      problems.push(`${a.record.path} is not in commit ${commit.slice(0, 12)}`);
    } else if (at.mode !== '100644' && at.mode !== '100755') {
      problems.push(`${a.record.path} is not a regular file in commit ${commit.slice(0, 12)} (mode ${at.mode})`);
    } else if (at.bytes === undefined) {
      problems.push(`${a.record.path} could not be read from commit ${commit.slice(0, 12)}`);
    } else {
      const verified = verifyAgainstRecord(a.record, at.bytes);
      if ('found' in verified)
        problems.push(
          `${a.record.path} at ${commit.slice(0, 12)} is ${verified.found}; the archive records ${describeRecord(a.record)}`,
        );
      else restores.push({ path: a.record.path, bytes: at.bytes, blob: at.id, mode: at.mode, ...verified });
    }
  }
  if (problems.length > 0) {
    return refusal(
      `the model files git holds for this release do not match the archived record of ${input.dir}: ${problems.join('; ')}`,
      `restore those files from artifact storage (each must have the sha256 ${input.dir}/checksums.sha256 records), then run the rollback again`,
      1,
    );
  }
  return dirtyRefusal(needed, restores) ?? { kind: 'ok', restores, inPlace, commit };
}

/** The recorded commit must be recorded and present before anything can be read from it. */
function sourceRefusal(input: RestoreInput, needed: ArtifactFacts[]): Refusal | undefined {
  const paths = needed.map((a) => a.record.path).join(', ');
  if (input.recordedCommit === undefined) {
    return refusal(
      `${input.dir}/evidence.json records no source commit, so the model files not in place (${paths}) cannot be restored from git`,
      'restore those files from artifact storage (each with the sha256 the archive records), then run the rollback again',
      1,
    );
  }
  if (input.commitPresent) return undefined;
  const commit = input.recordedCommit;
  return refusal(
    `the commit ${input.dir}/evidence.json records (${commit}) is not in this repository${input.shallow ? ' (a shallow clone)' : ''}, so ${paths} cannot be restored from it`,
    input.shallow
      ? 'fetch the whole history (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0), then run the rollback again'
      : `fetch it (git fetch origin ${commit}), then run the rollback again`,
    2,
  );
}

/** A restore that would overwrite uncommitted work is refused, naming every such file. */
function dirtyRefusal(needed: ArtifactFacts[], restores: RestoredFile[]): Refusal | undefined {
  const blobOf = new Map(restores.map((r) => [r.path, r.blob]));
  const dirty = needed.flatMap((a) => {
    const change = uncommittedChange(a, blobOf.get(a.record.path) ?? '');
    return change ? [`${a.record.path} (${change})`] : [];
  });
  if (dirty.length === 0) return undefined;
  return refusal(
    `the working tree has uncommitted changes to model files the rollback would restore: ${dirty.join(', ')}; they are never overwritten`,
    'commit them, or set them aside with git stash push --include-untracked -- <file>..., then run the rollback again',
    2,
  );
}
