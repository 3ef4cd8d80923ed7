import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { assertSafeWrite } from './repository-path.js';

/** A file written to a temp file beside its target, fsynced, and not yet visible under its name. */
export interface StagedFile {
  /** Makes it visible: an atomic rename over the target. */
  commit(): Promise<void>;
  /** Removes the temp file; the target is untouched. */
  discard(): Promise<void>;
}

/**
 * Stages a file: the bytes go to a temp file in the same directory (so the final rename is atomic within one
 * filesystem) and are synced to disk. Lets a command make several writes and an audit-log append succeed or fail
 * together: stage everything, append, then commit; on failure discard.
 */
export async function stageFileAtomic(path: string, data: string | Uint8Array): Promise<StagedFile> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  return {
    async commit() {
      try {
        await rename(tmp, path);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    },
    discard: () => rm(tmp, { force: true }),
  };
}

/**
 * Writes a file atomically: a temp file in the same directory, fsync, then rename over the target. A crash leaves
 * either the old or the new content, never a half-written file (rename is atomic within one filesystem).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await (await stageFileAtomic(path, data)).commit();
}

/**
 * {@link stageFileAtomic} for a repository-relative path, under the write-side containment rule
 * ({@link assertSafeWrite}): a symlink anywhere on the path, a non-regular target or a path leaving the repository
 * is refused with an `UnsafeWriteError` before anything is created. Every evidence writer goes through this.
 */
export async function stageRepositoryFile(root: string, path: string, data: string | Uint8Array): Promise<StagedFile> {
  await assertSafeWrite(root, path);
  return stageFileAtomic(join(root, path), data);
}

/** {@link writeFileAtomic} for a repository-relative path, contained as {@link stageRepositoryFile} is. */
export async function writeRepositoryFile(root: string, path: string, data: string | Uint8Array): Promise<void> {
  await (await stageRepositoryFile(root, path, data)).commit();
}
