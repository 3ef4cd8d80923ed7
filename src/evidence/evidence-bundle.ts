/**
 * The evidence bundle of a period audit: a `.tar.gz` (written with the `tar` package) holding the reports, the
 * releases' manifests and bias reports, their archives and the audit log, plus an index of the SHA-256 of every
 * file (`index.json`, and the same as `SHA256SUMS` for `sha256sum -c` after extraction). `mlgov audit
 * verify-bundle` checks it offline: every file listed with its digest, nothing unlisted, nothing missing.
 *
 * The index proves the bundle is internally consistent; to prove it is the bundle that was produced, keep the
 * index digest the audit prints (or sign the bundle, e.g. with cosign) — an offline check cannot know more.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { create, list } from 'tar';
import { sha256Hex } from '../formats/canonical-digest.js';
import { formatChecksums } from './archive-plan.js';

export const BUNDLE_INDEX = 'index.json';
export const BUNDLE_SUMS = 'SHA256SUMS';
export const BUNDLE_FORMAT = 'mlgov-evidence-bundle/1';

export interface BundleFile {
  /** Path inside the bundle (forward slashes, no `..`). */
  path: string;
  bytes: Uint8Array;
}

export interface BundleIndex {
  format: typeof BUNDLE_FORMAT;
  generatedAt: string;
  /** Free-form facts about what the bundle covers (ref, commit, period). */
  subject: Record<string, unknown>;
  files: Array<{ path: string; sha256: string; size: number }>;
}

/** Builds the index for `files` (sorted by path). */
export function buildBundleIndex(
  files: BundleFile[],
  generatedAt: string,
  subject: Record<string, unknown>,
): BundleIndex {
  return {
    format: BUNDLE_FORMAT,
    generatedAt,
    subject,
    files: [...files]
      .sort((a, b) => a.path.localeCompare(b.path))
      .map((f) => ({ path: f.path, sha256: sha256Hex(f.bytes), size: f.bytes.length })),
  };
}

function assertBundlePath(p: string): void {
  if (
    !p ||
    p.startsWith('/') ||
    p.includes('\\') ||
    p.includes('\0') ||
    p.split('/').some((s) => s === '..' || s === '' || s === '.')
  ) {
    throw new TypeError(`not a bundle path: ${JSON.stringify(p)}`);
  }
}

/**
 * Writes the bundle to `outFile`: the files, `index.json` and `SHA256SUMS`, gzipped, with a fixed mtime and no
 * owner names (portable), entries in path order, so the same evidence gives the same archive. Returns the index and
 * the SHA-256 of `index.json`.
 */
export async function writeEvidenceBundle(
  outFile: string,
  files: BundleFile[],
  generatedAt: string,
  subject: Record<string, unknown>,
): Promise<{ index: BundleIndex; indexSha256: string }> {
  for (const f of files) assertBundlePath(f.path);
  const index = buildBundleIndex(files, generatedAt, subject);
  const indexBytes = Buffer.from(JSON.stringify(index, null, 2) + '\n');
  const sums = Buffer.from(formatChecksums(index.files));
  const staging = await mkdtemp(join(tmpdir(), 'mlgov-bundle-'));
  try {
    const all: BundleFile[] = [...files, { path: BUNDLE_INDEX, bytes: indexBytes }, { path: BUNDLE_SUMS, bytes: sums }];
    for (const f of all) {
      await mkdir(dirname(join(staging, f.path)), { recursive: true });
      await writeFile(join(staging, f.path), f.bytes);
    }
    await mkdir(dirname(outFile), { recursive: true });
    const mtime = new Date(generatedAt);
    await create(
      {
        gzip: true,
        file: outFile,
        cwd: staging,
        portable: true,
        noDirRecurse: true,
        mtime: Number.isNaN(mtime.getTime()) ? new Date(0) : mtime,
      },
      all.map((f) => f.path).sort(),
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { index, indexSha256: sha256Hex(indexBytes) };
}

export interface BundleProblem {
  /** The file inside the bundle (or the bundle itself). */
  file: string;
  message: string;
}

export type BundleVerification =
  | { ok: true; files: number; indexSha256: string; index: BundleIndex }
  | { ok: false; problems: BundleProblem[]; indexSha256?: string };

/** Verifies a bundle offline: readable archive, an index, every file present with its digest and none unlisted. */
export async function verifyEvidenceBundle(file: string): Promise<BundleVerification> {
  const entries = new Map<string, Buffer>();
  const problems: BundleProblem[] = [];
  try {
    await list({
      file,
      strict: true,
      onReadEntry: (entry) => {
        const chunks: Buffer[] = [];
        if (entry.type !== 'File') {
          if (entry.type !== 'Directory')
            problems.push({ file: entry.path, message: `is a ${entry.type}, not a regular file` });
          entry.resume();
          return;
        }
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => {
          if (entries.has(entry.path)) problems.push({ file: entry.path, message: 'appears twice in the bundle' });
          entries.set(entry.path, Buffer.concat(chunks));
        });
      },
    });
  } catch (err) {
    return { ok: false, problems: [{ file, message: `is not a readable .tar.gz bundle: ${(err as Error).message}` }] };
  }
  const indexBytes = entries.get(BUNDLE_INDEX);
  if (!indexBytes)
    return {
      ok: false,
      problems: [...problems, { file: BUNDLE_INDEX, message: 'is missing: the bundle has no index' }],
    };
  const indexSha256 = sha256Hex(indexBytes);
  let index: BundleIndex;
  try {
    index = JSON.parse(indexBytes.toString('utf8')) as BundleIndex;
    if (index.format !== BUNDLE_FORMAT || !Array.isArray(index.files))
      throw new Error(`format is not ${BUNDLE_FORMAT}`);
  } catch (err) {
    return {
      ok: false,
      problems: [...problems, { file: BUNDLE_INDEX, message: `does not parse: ${(err as Error).message}` }],
      indexSha256,
    };
  }
  const listed = new Set<string>();
  for (const f of index.files) {
    listed.add(f.path);
    const bytes = entries.get(f.path);
    if (!bytes) problems.push({ file: f.path, message: 'is listed in the index but missing from the bundle' });
    else if (sha256Hex(bytes) !== f.sha256 || bytes.length !== f.size) {
      problems.push({
        file: f.path,
        message: `differs from the index (sha256 ${sha256Hex(bytes)}, index ${f.sha256})`,
      });
    }
  }
  for (const path of entries.keys()) {
    if (path !== BUNDLE_INDEX && path !== BUNDLE_SUMS && !listed.has(path))
      problems.push({ file: path, message: 'is in the bundle but not in the index' });
  }
  const sums = entries.get(BUNDLE_SUMS);
  if (!sums || sums.toString('utf8') !== formatChecksums(index.files))
    problems.push({ file: BUNDLE_SUMS, message: 'does not match the index' });
  return problems.length === 0
    ? { ok: true, files: index.files.length, indexSha256, index }
    : { ok: false, problems, indexSha256 };
}
