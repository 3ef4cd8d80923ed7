import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { GitRepository } from '../adapters/git-repository.js';
import { specialFileKind } from '../adapters/repository-path.js';
import { sha256Hex } from '../formats/canonical-digest.js';
import type { EvidenceFacts } from '../release/evidence-facts.js';
import { AUDIT_LOG_FILE } from './audit-log.js';
import { archiveRoot } from '../release/release-locator.js';

/** Small records whose text the checks read (the other files are only hashed). */
const RECORD_NAMES = new Set(['checksums.sha256', 'evidence.json', AUDIT_LOG_FILE]);

/** Records of an archive on the base that derive a rollback (src/checks/release-kind.ts) and a ticket's history. */
const BASE_RECORD_NAMES = new Set(['manifest.json', 'checksums.sha256', 'evidence.json']);

/** What a git tree mode names, when it is not a regular file. */
function gitModeKind(mode: string): string | undefined {
  if (mode === '100644' || mode === '100755') return undefined;
  if (mode === '120000') return 'a symlink committed on the base';
  if (mode === '160000') return 'a submodule committed on the base';
  return `a git entry of mode ${mode} on the base`;
}

/**
 * The first component of `rel` (from the repository root down) that is a symlink or not a directory, with what it
 * is; undefined when every component is a real directory or the path does not exist. Reading through `artifacts`
 * committed as a link to a folder outside the repository would judge someone else's files as this release's evidence.
 */
async function linkOnTheWay(root: string, rel: string): Promise<{ path: string; what: string } | undefined> {
  const parts = rel.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const path = parts.slice(0, i).join('/');
    let st;
    try {
      st = await lstat(join(root, path));
    } catch {
      return undefined; // absent (ENOENT), or unreadable: walk() reports what it cannot read
    }
    if (st.isSymbolicLink()) return { path, what: `a symlink to ${await readlink(join(root, path))}` };
    if (!st.isDirectory()) return { path, what: 'not a directory' };
  }
  return undefined;
}

/** Files the tool itself leaves transiently next to the log; never evidence. */
function isTransient(name: string): boolean {
  return (
    name === `${AUDIT_LOG_FILE}.lock` ||
    name.startsWith(`${AUDIT_LOG_FILE}.lock.stale-`) ||
    (name.startsWith('.') && name.endsWith('.tmp'))
  );
}

interface WalkOut {
  out: Record<string, string>;
  texts: Record<string, string>;
  unreadable: Record<string, string>;
  notRegular: Record<string, string>;
  /** Transient-named files, judged after the walk by whether git tracks them. */
  transient: string[];
}

async function walk(root: string, rel: string, w: WalkOut): Promise<void> {
  let entries;
  try {
    entries = await readdir(join(root, rel), { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    w.unreadable[rel] = (err as Error).message;
    return;
  }
  for (const entry of entries) {
    const path = `${rel}/${entry.name}`;
    if (entry.isDirectory()) await walk(root, path, w);
    else if (isTransient(entry.name)) w.transient.push(path);
    else await recordFile(root, path, entry.name, w);
  }
}

async function recordFile(root: string, path: string, name: string, w: WalkOut): Promise<void> {
  try {
    const st = await lstat(join(root, path));
    if (st.isSymbolicLink()) {
      // Evidence is never followed through a link, and a link is not evidence: a file replaced by one, or a new
      // archive file that is one, counts as absent (and the check names the link).
      w.notRegular[path] = `a symlink to ${await readlink(join(root, path))}`;
    } else if (st.isFile()) {
      const bytes = await readFile(join(root, path));
      w.out[path] = sha256Hex(bytes);
      if (RECORD_NAMES.has(name)) w.texts[path] = bytes.toString('utf8');
    } else {
      w.notRegular[path] = specialFileKind(st);
    }
  } catch (err) {
    w.unreadable[path] = (err as Error).message;
  }
}

/**
 * A file named like the tool's own transient files (a lock, a temp file) is skipped only while git does not track
 * it: left over by a crash it is local debris, but committed it is content a PR added under the archive directory,
 * judged like any other (named like a temp file, it would otherwise slip past "nothing else is added").
 */
async function recordTrackedTransients(root: string, git: GitRepository, w: WalkOut): Promise<void> {
  if (w.transient.length === 0) return;
  // When git cannot say (it failed, or it threw), every such file counts as content (fail closed: a clear "unexpected
  // file" beats a pass; a PR committing enough of them to overflow git's argument list must not have them skipped).
  const tracked = await git.indexEntries(w.transient).catch(() => undefined);
  for (const path of w.transient) {
    if (!tracked || tracked.has(path)) await recordFile(root, path, path.slice(path.lastIndexOf('/') + 1), w);
  }
}

/**
 * Gathers what the `evidence` check and the release derivation need: digests of every file under the archive
 * directory on the base (through one `git cat-file --batch`, with the archive records' text) and in the working
 * tree, both audit logs, the archived versions of the model and the text of the working tree's records. A symlink
 * on the way to the archive directory, or inside it, is never followed.
 */
export async function gatherEvidenceFacts(args: {
  repoRoot: string;
  git: GitRepository;
  baseCommit?: string;
  archiveDir: string;
  modelName?: string;
}): Promise<EvidenceFacts> {
  const archiveDir = archiveRoot(args.archiveDir);
  const logPath = `${archiveDir}/${AUDIT_LOG_FILE}`;
  const facts: EvidenceFacts = { archiveDir, baseFiles: {}, headFiles: {}, archivedVersions: [], checksumRecords: {} };

  if (args.baseCommit) await gatherBase(args.git, args.baseCommit, archiveDir, args.modelName, facts);

  const texts: Record<string, string> = {};
  const unreadable: Record<string, string> = {};
  const notRegular: Record<string, string> = {};
  const link = await linkOnTheWay(args.repoRoot, archiveDir);
  if (link) notRegular[link.path] = link.what;
  else {
    const w: WalkOut = { out: facts.headFiles, texts, unreadable, notRegular, transient: [] };
    await walk(args.repoRoot, archiveDir, w);
    await recordTrackedTransients(args.repoRoot, args.git, w);
  }
  facts.evidenceRecords = {};
  for (const [path, text] of Object.entries(texts)) {
    if (path === logPath) facts.headAuditLog = text;
    else if (path.endsWith('/checksums.sha256')) facts.checksumRecords![path] = text;
    else if (path.endsWith('/evidence.json')) facts.evidenceRecords[path] = text;
  }
  if (Object.keys(unreadable).length > 0) facts.unreadable = unreadable;
  if (Object.keys(notRegular).length > 0) facts.notRegular = notRegular;

  if (args.modelName) facts.archivedVersions = versionsOf(Object.keys(facts.headFiles), archiveDir, args.modelName);
  return facts;
}

/** Versions with at least one file in `<archiveDir>/<model>/<version>/`. */
function versionsOf(paths: string[], archiveDir: string, modelName: string): string[] {
  const prefix = `${archiveDir}/${modelName}/`;
  return [
    ...new Set(
      paths
        .filter((p) => p.startsWith(prefix) && p.slice(prefix.length).includes('/'))
        .map((p) => p.slice(prefix.length).split('/')[0]!),
    ),
  ].sort();
}

/**
 * The base's side, read from git objects only (one `git cat-file --batch`): digests of every regular file under the
 * archive directory, the base's audit log, the model's archive records, and entries that are not regular files.
 */
async function gatherBase(
  git: GitRepository,
  baseCommit: string,
  archiveDir: string,
  modelName: string | undefined,
  facts: EvidenceFacts,
): Promise<void> {
  const logPath = `${archiveDir}/${AUDIT_LOG_FILE}`;
  const listed = await git.listEntriesAt(baseCommit, archiveDir);
  const regular: Record<string, string> = {};
  const baseNotRegular: Record<string, string> = {};
  for (const [path, { mode, id }] of Object.entries(listed)) {
    const what = gitModeKind(mode);
    if (what) baseNotRegular[path] = what;
    else regular[path] = id;
  }
  const blobs = await git.readBlobs([...new Set(Object.values(regular))]);
  const baseTexts: Record<string, string> = {};
  for (const [path, id] of Object.entries(regular)) {
    const bytes = blobs.get(id);
    if (!bytes) continue; // an unreadable object: not a file the archive can hold
    facts.baseFiles[path] = sha256Hex(bytes);
    if (path === logPath) facts.baseAuditLog = bytes.toString('utf8');
    const name = path.slice(path.lastIndexOf('/') + 1);
    // Every model's records, not only the PR's model name: a PR that renames its model must still meet them.
    if (BASE_RECORD_NAMES.has(name)) {
      baseTexts[path] = bytes.toString('utf8');
    }
  }
  facts.baseTexts = baseTexts;
  if (Object.keys(baseNotRegular).length > 0) facts.baseNotRegular = baseNotRegular;
  if (modelName) {
    facts.baseArchivedVersions = versionsOf(
      Object.keys(facts.baseFiles).filter((p) => p.endsWith('/manifest.json')),
      archiveDir,
      modelName,
    );
  }
}
