import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { GitRepository } from '../adapters/git-repository.js';
import { sha256Hex } from '../formats/canonical-digest.js';
import type { EvidenceFacts } from '../gate/evidence-facts.js';
import { AUDIT_LOG_FILE } from './audit-log.js';

/** Files the tool itself leaves transiently next to the log; never evidence. */
function isTransient(name: string): boolean {
  return (
    name === `${AUDIT_LOG_FILE}.lock` ||
    name.startsWith(`${AUDIT_LOG_FILE}.lock.stale-`) ||
    (name.startsWith('.') && name.endsWith('.tmp'))
  );
}

async function walk(
  root: string,
  rel: string,
  out: Record<string, string>,
  texts: Record<string, string>,
  unreadable: Record<string, string>,
  notRegular: Record<string, string>,
): Promise<void> {
  let entries;
  try {
    entries = await readdir(join(root, rel), { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    unreadable[rel] = (err as Error).message;
    return;
  }
  for (const entry of entries) {
    const path = `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      await walk(root, path, out, texts, unreadable, notRegular);
      continue;
    }
    if (isTransient(entry.name)) continue;
    try {
      const st = await lstat(join(root, path));
      if (st.isSymbolicLink()) {
        // Evidence is never followed through a link, and a link is not evidence: a file replaced by one, or a new
        // archive file that is one, counts as absent (and the check names the link).
        notRegular[path] = `a symlink to ${await readlink(join(root, path))}`;
      } else if (st.isFile()) {
        const bytes = await readFile(join(root, path));
        out[path] = sha256Hex(bytes);
        if (entry.name === 'checksums.sha256' || entry.name === AUDIT_LOG_FILE) texts[path] = bytes.toString('utf8');
      } else {
        notRegular[path] = st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'a device or other special file';
      }
    } catch (err) {
      unreadable[path] = (err as Error).message;
    }
  }
}

/**
 * Gathers what the `evidence` check needs: digests of every file under the archive directory on the base
 * (through one `git cat-file --batch`) and in the working tree, both audit logs, the archived versions of the
 * model and the text of the working tree's checksum records.
 */
export async function gatherEvidenceFacts(args: {
  repoRoot: string;
  git: GitRepository;
  baseCommit?: string;
  archiveDir: string;
  modelName?: string;
}): Promise<EvidenceFacts> {
  const archiveDir = args.archiveDir.replace(/\/+$/, '');
  const logPath = `${archiveDir}/${AUDIT_LOG_FILE}`;
  const facts: EvidenceFacts = { archiveDir, baseFiles: {}, headFiles: {}, archivedVersions: [], checksumRecords: {} };

  if (args.baseCommit) {
    const listed = await args.git.listFilesAt(args.baseCommit, archiveDir);
    const blobs = await args.git.readBlobs([...new Set(Object.values(listed))]);
    for (const [path, id] of Object.entries(listed)) {
      const bytes = blobs.get(id);
      if (!bytes) continue; // a submodule or unreadable object: not a file the archive can hold
      facts.baseFiles[path] = sha256Hex(bytes);
      if (path === logPath) facts.baseAuditLog = bytes.toString('utf8');
    }
  }

  const texts: Record<string, string> = {};
  const unreadable: Record<string, string> = {};
  const notRegular: Record<string, string> = {};
  await walk(args.repoRoot, archiveDir, facts.headFiles, texts, unreadable, notRegular);
  for (const [path, text] of Object.entries(texts)) {
    if (path === logPath) facts.headAuditLog = text;
    else if (path.endsWith('/checksums.sha256')) facts.checksumRecords![path] = text;
  }
  if (Object.keys(unreadable).length > 0) facts.unreadable = unreadable;
  if (Object.keys(notRegular).length > 0) facts.notRegular = notRegular;

  if (args.modelName) {
    const prefix = `${archiveDir}/${args.modelName}/`;
    facts.archivedVersions = [
      ...new Set(
        Object.keys(facts.headFiles)
          .filter((p) => p.startsWith(prefix) && p.slice(prefix.length).includes('/'))
          .map((p) => p.slice(prefix.length).split('/')[0]!),
      ),
    ].sort();
  }
  return facts;
}
