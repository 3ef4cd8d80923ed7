/**
 * The evidence bundle of a period audit: a `.tar.gz` (streamed: tar headers from the `tar` package) holding the reports, the
 * releases' manifests and bias reports, their archives and the audit log, plus an index of the SHA-256 of every
 * file (`index.json`, and the same as `SHA256SUMS` for `sha256sum -c` after extraction). `mlgov audit
 * verify-bundle` checks it offline: every file listed with its digest, nothing unlisted, nothing missing.
 *
 * The index proves the bundle is internally consistent; to prove it is the bundle that was produced, keep the
 * index digest the audit prints (or sign the bundle, e.g. with cosign) — an offline check cannot know more.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { link, lstat, mkdir, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Header, Parser, Pax, type ReadEntry } from 'tar';
import { specialFileKind } from '../adapters/repository-path.js';
import { sha256Hex } from '../formats/canonical-digest.js';
import { boundedText } from '../formats/finding.js';
import { DEFAULT_MAX_BYTES, parseJsonDocument } from '../formats/json-document.js';
import { positionOf } from '../formats/parsed-document.js';
import { formatChecksums } from './archive-plan.js';
import { EvidenceError } from './evidence-error.js';

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

/** A path a bundle may hold: relative, forward slashes, no `..`, `.` or empty segment, no NUL. */
function isBundlePath(p: string): boolean {
  return !(
    !p ||
    p.startsWith('/') ||
    p.includes('\\') ||
    p.includes('\0') ||
    p.split('/').some((s) => s === '..' || s === '' || s === '.')
  );
}

function assertBundlePath(p: string): void {
  if (!isBundlePath(p)) throw new TypeError(`not a bundle path: ${JSON.stringify(p)}`);
}

/** A file whose bytes are read only as they are written into the archive: it is never held whole or staged. */
export interface StreamedBundleFile {
  /** Path inside the bundle (forward slashes, no `..`). */
  path: string;
  /** Its size in bytes (a tar header states it before the bytes); a stream that gives more or fewer is an error. */
  size: number;
  /** Opens the bytes; called once, when the entry is written. */
  open: () => AsyncIterable<Uint8Array>;
}

/** What a bundle may hold: bytes already in memory, or a stream of them. */
export type BundleEntry = BundleFile | StreamedBundleFile;

/** The tar block: headers and the padding after each file's bytes come in 512-byte blocks. */
const BLOCK = 512;

/**
 * Writes the bundle to `outFile`: the files in path order, then `index.json` and `SHA256SUMS`, as one gzipped tar
 * stream into a temp file beside it, which is then linked into place (atomic, and never over an existing bundle:
 * evidence is write-once). Nothing is staged: each file's SHA-256 is taken as its bytes pass into the archive, and
 * the index, written last, is built from those digests. Headers are reproducible (the mtime is `generatedAt`, mode
 * 0644, uid and gid 0, no owner names, no directory entries), so the same evidence gives the same bytes. Returns the
 * index and the SHA-256 of `index.json`.
 */
export async function writeEvidenceBundle(
  outFile: string,
  files: BundleEntry[],
  generatedAt: string,
  subject: Record<string, unknown>,
): Promise<{ index: BundleIndex; indexSha256: string }> {
  const seen = new Set<string>();
  for (const f of files) {
    assertBundlePath(f.path);
    if (f.path === BUNDLE_INDEX || f.path === BUNDLE_SUMS || seen.has(f.path))
      throw new TypeError(`${f.path} is ${seen.has(f.path) ? 'given twice' : "the bundle's own index"}`);
    seen.add(f.path);
  }
  await refuseExistingBundle(outFile);
  await mkdir(dirname(outFile), { recursive: true });
  const parsedMtime = new Date(generatedAt);
  const mtime = Number.isNaN(parsedMtime.getTime()) ? new Date(0) : parsedMtime;
  const digests: BundleIndex['files'] = [];
  let written: { index: BundleIndex; indexBytes: Buffer } | undefined;
  async function* archive(): AsyncGenerator<Uint8Array> {
    // Code-unit order (not locale order): the same on every machine.
    for (const f of [...files].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0))) {
      const hash = createHash('sha256');
      let size = 0;
      const declared = 'bytes' in f ? f.bytes.length : f.size;
      yield tarHeader(f.path, declared, mtime);
      for await (const chunk of 'bytes' in f ? [f.bytes] : f.open()) {
        hash.update(chunk);
        size += chunk.length;
        if (size > declared) throw new TypeError(`${f.path} gave more than its ${declared} bytes`);
        yield chunk;
      }
      if (size !== declared) throw new TypeError(`${f.path} gave ${size} bytes, not its ${declared}`);
      yield tarPadding(size);
      digests.push({ path: f.path, sha256: hash.digest('hex'), size });
    }
    const index: BundleIndex = {
      format: BUNDLE_FORMAT,
      generatedAt,
      subject,
      files: [...digests].sort((x, y) => x.path.localeCompare(y.path)),
    };
    const indexBytes = Buffer.from(JSON.stringify(index, null, 2) + '\n');
    const sums = Buffer.from(formatChecksums(index.files));
    for (const [path, bytes] of [
      [BUNDLE_INDEX, indexBytes],
      [BUNDLE_SUMS, sums],
    ] as const) {
      yield tarHeader(path, bytes.length, mtime);
      yield bytes;
      yield tarPadding(bytes.length);
    }
    yield Buffer.alloc(2 * BLOCK); // the end-of-archive marker
    written = { index, indexBytes };
  }
  await writeOnce(outFile, archive());
  if (!written) throw new Error('the bundle was not written');
  return { index: written.index, indexSha256: sha256Hex(written.indexBytes) };
}

/** The header block(s) of a regular file: a PAX header first when the path does not fit ustar (long, non-ASCII). */
function tarHeader(path: string, size: number, mtime: Date): Buffer {
  const fields = { path, mode: 0o644, uid: 0, gid: 0, size, mtime, type: 'File' as const, uname: '', gname: '' };
  const header = new Header(fields);
  const block = Buffer.alloc(BLOCK);
  header.encode(block);
  if (!header.needPax) return block;
  return Buffer.concat([new Pax({ path, mtime, uid: 0, gid: 0, size, uname: '', gname: '' }).encode(), block]);
}

function tarPadding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** Refuses to replace a bundle: evidence is written once. */
export async function refuseExistingBundle(outFile: string): Promise<void> {
  const there = await lstat(outFile).then(
    () => true,
    (err: NodeJS.ErrnoException) => err.code !== 'ENOENT',
  );
  if (there)
    throw new EvidenceError(
      `${outFile} already exists: an evidence bundle is written once and never replaced`,
      'write the audit to another --out directory, or move the earlier bundle away first',
    );
}

/**
 * Gzips `chunks` into a temp file beside `outFile`, syncs it, then links it under its name: a crash leaves no
 * half-written bundle, and a bundle that appeared meanwhile is not replaced (link, unlike rename, fails on an
 * existing name). The temp file is removed in every case.
 */
async function writeOnce(outFile: string, chunks: AsyncIterable<Uint8Array>): Promise<void> {
  const temp = join(dirname(outFile), `.${basename(outFile)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await pipeline(chunks, createGzip(), async (gzipped: AsyncIterable<Buffer>) => {
      for await (const chunk of gzipped) {
        // A write may take only part of the chunk: write the rest until none is left.
        for (let at = 0; at < chunk.length;) at += (await handle.write(chunk, at)).bytesWritten;
      }
    });
    await handle.sync();
    await handle.close();
    await link(temp, outFile).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code === 'EEXIST') await refuseExistingBundle(outFile);
      throw err;
    });
  } finally {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
  }
}

export interface BundleProblem {
  /** The file inside the bundle (or the bundle itself); empty for the count of problems not listed. */
  file: string;
  /** 1-based line in that file, when the problem is at a place in it (an index entry). */
  line?: number;
  message: string;
}

export type BundleVerification =
  | { ok: true; files: number; indexSha256: string; index: BundleIndex; indexFile?: string }
  | { ok: false; problems: BundleProblem[]; indexSha256?: string };

/**
 * How much work a bundle may cause. An offline check reads a file anyone could have handed over: a gzip bomb of
 * 1 MB inflates to a gigabyte, so the reader streams (it hashes each file as it passes and keeps only the index and
 * the checksum list) and stops as soon as the decompressed bytes pass `floorBytes + ratio × compressed bytes read`.
 */
export interface BundleLimits {
  /** Decompressed bytes always allowed (default 64 MiB). */
  floorBytes?: number;
  /** Decompressed bytes allowed per compressed byte read so far, beyond the floor (default 200). */
  ratio?: number;
  /** Most entries in the archive (default 100 000). */
  maxEntries?: number;
  /** Largest `index.json` or `SHA256SUMS` (default 16 MiB, the limit of every document mlgov reads). */
  maxIndexBytes?: number;
}

export const DEFAULT_BUNDLE_LIMITS: Required<BundleLimits> = {
  floorBytes: 64 * 1024 * 1024,
  ratio: 200,
  maxEntries: 100_000,
  maxIndexBytes: DEFAULT_MAX_BYTES,
};

/** Most problems one verification lists; the rest are counted (a hostile bundle can have a million). */
export const MAX_BUNDLE_PROBLEMS = 100;

/** Verifies a bundle offline: readable archive, an index, every file present with its digest and none unlisted. */
export async function verifyEvidenceBundle(file: string, limits: BundleLimits = {}): Promise<BundleVerification> {
  const read = await readBundle(file, { ...DEFAULT_BUNDLE_LIMITS, ...limits });
  if ('refused' in read) return { ok: false, problems: [read.refused] };
  const { entries, kept } = read;
  const problems = [...read.problems];
  const indexBytes = kept.get(BUNDLE_INDEX);
  if (!indexBytes) return finish([...problems, { file: BUNDLE_INDEX, message: 'is missing: the bundle has no index' }]);
  const indexSha256 = sha256Hex(indexBytes);
  const index = readBundleIndex(indexBytes);
  if (!index.ok) return finish([...problems, ...index.problems], indexSha256);
  problems.push(...index.problems);
  problems.push(...compareWithIndex(index.files, entries, 'bundle', new Set([BUNDLE_INDEX, BUNDLE_SUMS])));
  const sums = kept.get(BUNDLE_SUMS);
  if (index.problems.length === 0 && (!sums || sums.toString('utf8') !== formatChecksums(index.files)))
    problems.push({ file: BUNDLE_SUMS, message: 'does not match the index' });
  if (problems.length > 0) return finish(problems, indexSha256);
  return { ok: true, files: index.files.length, indexSha256, index: index.value };
}

/**
 * Every listed file against what was found (`entries`: path → digest and size): missing, differing, or found but
 * not listed (the container's own index files, `reserved`, aside).
 */
function compareWithIndex(
  listedFiles: IndexEntry[],
  entries: Map<string, { sha256: string; size: number }>,
  container: 'bundle' | 'directory',
  reserved: Set<string>,
): BundleProblem[] {
  const problems: BundleProblem[] = [];
  const listed = new Set<string>();
  for (const f of listedFiles) {
    listed.add(f.path);
    const got = entries.get(f.path);
    if (!got) problems.push({ file: f.path, message: `is listed in the index but missing from the ${container}` });
    else if (got.sha256 !== f.sha256 || got.size !== f.size) {
      problems.push({ file: f.path, message: `differs from the index (sha256 ${got.sha256}, index ${f.sha256})` });
    }
  }
  for (const path of entries.keys()) {
    if (!reserved.has(path) && !listed.has(path))
      problems.push({ file: path, message: `is in the ${container} but not in the index` });
  }
  return problems;
}

/** The failed verification: problems bounded in number and length, so a hostile bundle gives a short answer. */
function finish(problems: BundleProblem[], indexSha256?: string): BundleVerification {
  const shown = problems.slice(0, MAX_BUNDLE_PROBLEMS).map((p) => ({
    ...p,
    file: boundedText(p.file, 300),
    message: boundedText(p.message),
  }));
  if (problems.length > MAX_BUNDLE_PROBLEMS)
    shown.push({ file: '', message: `and ${problems.length - MAX_BUNDLE_PROBLEMS} more problems` });
  return { ok: false, problems: shown, ...(indexSha256 !== undefined ? { indexSha256 } : {}) };
}

/** A valid index entry; anything else in `files` is named by its position. */
type IndexEntry = BundleIndex['files'][number];

type IndexReading =
  | { ok: true; value: BundleIndex; files: IndexEntry[]; problems: BundleProblem[] }
  | { ok: false; problems: BundleProblem[] };

/**
 * Reads `index.json` strictly (the parser every mlgov document goes through: duplicate keys, `__proto__` and lone
 * surrogates are refused) and checks each entry of `files`, naming a bad one by its position and line. Valid
 * entries are still compared, so one bad entry does not hide a missing or changed file.
 */
function readBundleIndex(bytes: Buffer, name: string = BUNDLE_INDEX): IndexReading {
  const doc = parseJsonDocument(name, bytes);
  if (doc.problems.length > 0)
    return {
      ok: false,
      problems: doc.problems.map((p) => ({
        file: name,
        line: p.line,
        message: `does not parse: ${p.message}`,
      })),
    };
  const value = doc.value as Partial<BundleIndex> | null;
  if (typeof value !== 'object' || value === null || value.format !== BUNDLE_FORMAT || !Array.isArray(value.files))
    return {
      ok: false,
      problems: [{ file: name, line: 1, message: `is not an index of format ${BUNDLE_FORMAT} with a files list` }],
    };
  const files: IndexEntry[] = [];
  const problems: BundleProblem[] = [];
  const seen = new Set<string>();
  value.files.forEach((entry: unknown, i) => {
    const line = positionOf(doc, `/files/${i}`)?.line;
    const fault = indexEntryFault(entry);
    const where = { file: name, ...(line !== undefined ? { line } : {}) };
    if (fault) problems.push({ ...where, message: `entry ${i} of files (/files/${i}) ${fault}` });
    else if (seen.has((entry as IndexEntry).path))
      problems.push({ ...where, message: `entry ${i} of files lists ${(entry as IndexEntry).path} a second time` });
    else {
      seen.add((entry as IndexEntry).path);
      files.push(entry as IndexEntry);
    }
  });
  return { ok: true, value: value as BundleIndex, files, problems };
}

/** Why an index entry is not `{path, sha256, size}`, or undefined when it is one. */
function indexEntryFault(entry: unknown): string | undefined {
  const shape = 'every entry must be {"path": "...", "sha256": "<64 hex digits>", "size": <bytes>}';
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    return `is ${entry === null ? 'null' : Array.isArray(entry) ? 'an array' : typeof entry}: ${shape}`;
  const { path, sha256, size } = entry as Record<string, unknown>;
  if (typeof path !== 'string' || !isBundlePath(path)) return `has no valid path (relative, no ".."): ${shape}`;
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) return `has no valid sha256: ${shape}`;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return `has no valid size: ${shape}`;
  return undefined;
}

/** What streaming the archive found: each file's digest and size, the index and checksum list, and problems. */
type BundleRead =
  | { entries: Map<string, { sha256: string; size: number }>; kept: Map<string, Buffer>; problems: BundleProblem[] }
  | { refused: BundleProblem };

/** A reason to stop reading the archive at once. */
class BundleRefused extends Error {}

/**
 * Streams the archive once: gunzip with a running bound on the decompressed bytes, then the tar parser, hashing each
 * file as it passes. Only `index.json` and `SHA256SUMS` are kept in memory, each at most `maxIndexBytes`.
 */
async function readBundle(file: string, limits: Required<BundleLimits>): Promise<BundleRead> {
  const entries = new Map<string, { sha256: string; size: number }>();
  const kept = new Map<string, Buffer>();
  const problems: BundleProblem[] = [];
  let parserError: Error | undefined;
  const parser = new Parser({
    strict: true,
    // The input is already inflated below, under its bound: the parser must not inflate an inner archive again.
    brotli: false,
    zstd: false,
    maxMetaEntrySize: 64 * 1024,
    onReadEntry: (entry) => {
      if (entries.size + problems.length >= limits.maxEntries) {
        parserError ??= new BundleRefused(`has more than ${limits.maxEntries} entries: not an mlgov evidence bundle`);
        entry.resume();
        return;
      }
      readEntry(entry, limits.maxIndexBytes, entries, kept, problems);
    },
  });
  parser.on('error', (err: Error) => void (parserError ??= err));
  // Listened for before any data is written: the parser may finish synchronously inside `end()`.
  const parsed = new Promise<void>((resolve) => {
    parser.on('end', () => resolve());
    parser.on('error', () => resolve());
  });
  const source = createReadStream(file, { highWaterMark: 64 * 1024 });
  let inflated = 0;
  // Kept aside when thrown: `pipeline` may reject with the AbortError of the streams it tears down instead of the
  // error the consumer threw (which one wins depends on timing), and the refusal must be the answer either way.
  let refused: BundleRefused | undefined;
  const refuse = (message: string): never => {
    refused ??= new BundleRefused(message);
    throw refused;
  };
  try {
    await pipeline(source, createGunzip(), async (chunks: AsyncIterable<Buffer>) => {
      // The first inflated bytes are held back until there are enough to judge: gunzip may hand them over one at a
      // time (a first gzip member padded to inflate to a single byte), and the tar parser, which joins short writes,
      // would then see the inner magic and inflate an inner archive itself, outside this function's bound.
      let head: Buffer | undefined = Buffer.alloc(0);
      for await (const chunk of chunks) {
        let data = chunk;
        if (head) {
          head = Buffer.concat([head, chunk]);
          if (head.length < COMPRESSED_MAGIC_BYTES) continue;
          if (looksCompressed(head)) refuse(NESTED_ARCHIVE);
          data = head;
          head = undefined;
        }
        inflated += data.length;
        const allowed = limits.floorBytes + limits.ratio * source.bytesRead;
        if (inflated > allowed)
          refuse(
            `inflates to more than ${allowed} bytes from ${source.bytesRead} compressed bytes read (more than ${limits.ratio} to 1 beyond the first ${limits.floorBytes} bytes): refused as a decompression bomb`,
          );
        parser.write(data);
        if (parserError) throw parserError;
      }
      if (head && looksCompressed(head)) refuse(NESTED_ARCHIVE);
      if (head) parser.write(head);
      parser.end();
    });
    await parsed;
    if (parserError) throw parserError;
  } catch (err) {
    const cause = refused ?? (parserError instanceof BundleRefused ? parserError : err);
    const message =
      cause instanceof BundleRefused ? cause.message : `is not a readable .tar.gz bundle: ${(cause as Error).message}`;
    return { refused: { file, message } };
  }
  return { entries, kept, problems };
}

/**
 * Hashes one archive entry as it streams past; keeps the bytes only of `index.json` and `SHA256SUMS` (up to
 * `maxKept`). Links, devices and other special entries are never evidence: each is a problem.
 */
function readEntry(
  entry: ReadEntry,
  maxKept: number,
  entries: Map<string, { sha256: string; size: number }>,
  kept: Map<string, Buffer>,
  problems: BundleProblem[],
): void {
  const path = entry.path;
  if (entry.type !== 'File') {
    if (entry.type !== 'Directory') problems.push({ file: path, message: `is a ${entry.type}, not a regular file` });
    entry.resume();
    return;
  }
  const hash = createHash('sha256');
  const keep = path === BUNDLE_INDEX || path === BUNDLE_SUMS;
  const chunks: Buffer[] = [];
  let size = 0;
  entry.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
    if (keep && size <= maxKept) chunks.push(chunk);
  });
  entry.on('end', () => {
    if (entries.has(path)) problems.push({ file: path, message: 'appears twice in the bundle' });
    entries.set(path, { sha256: hash.digest('hex'), size });
    if (!keep) return;
    if (size > maxKept) problems.push({ file: path, message: `is ${size} bytes, more than the ${maxKept} accepted` });
    else kept.set(path, Buffer.concat(chunks));
  });
}

const NESTED_ARCHIVE = 'holds a compressed archive inside the compressed archive: not an mlgov evidence bundle';

/** Bytes of the longest magic {@link looksCompressed} reads (zstd's). */
const COMPRESSED_MAGIC_BYTES = 4;

/** True when inflated data starts like another gzip or zstd stream, which the tar parser would inflate again. */
function looksCompressed(chunk: Buffer): boolean {
  const gzip = chunk[0] === 0x1f && chunk[1] === 0x8b;
  const zstd = chunk[0] === 0x28 && chunk[1] === 0xb5 && chunk[2] === 0x2f && chunk[3] === 0xfd;
  return gzip || zstd;
}

/** The index of an evidence directory (record mode's workflow artifact): a bundle index under this name. */
export const EVIDENCE_DIRECTORY_INDEX = 'evidence.json';

/**
 * Writes the bundle as a directory instead of a `.tar.gz` (a workflow artifact is zipped by GitHub): the files, then
 * `evidence.json`, the same index as a bundle's `index.json` (format, generatedAt, subject, files with their SHA-256)
 * with the subject's fields repeated at the top, where readers of the record evidence have always found them.
 * Returns the paths written, the index last.
 */
export async function writeEvidenceDirectory(
  dir: string,
  files: BundleFile[],
  generatedAt: string,
  subject: Record<string, unknown>,
): Promise<string[]> {
  for (const f of files) assertBundlePath(f.path);
  if (files.some((f) => f.path === EVIDENCE_DIRECTORY_INDEX))
    throw new TypeError(`${EVIDENCE_DIRECTORY_INDEX} is the index of an evidence directory, not one of its files`);
  const index = buildBundleIndex(files, generatedAt, subject);
  const written: string[] = [];
  for (const f of files) {
    const path = join(dir, f.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, f.bytes);
    written.push(path);
  }
  const indexPath = join(dir, EVIDENCE_DIRECTORY_INDEX);
  await mkdir(dir, { recursive: true });
  await writeFile(indexPath, JSON.stringify({ ...subject, ...index }, null, 2) + '\n');
  return [...written, indexPath];
}

/**
 * Verifies an evidence directory offline (record mode's workflow artifact, once unzipped): `evidence.json` read
 * strictly, then every file under the directory hashed as it streams and compared with it: a file edited, added or
 * removed is named. Links and special files are never evidence (each is a problem, never followed); at most
 * `maxEntries` files are read.
 */
export async function verifyEvidenceDirectory(dir: string, limits: BundleLimits = {}): Promise<BundleVerification> {
  const { maxEntries, maxIndexBytes } = { ...DEFAULT_BUNDLE_LIMITS, ...limits };
  const indexPath = join(dir, EVIDENCE_DIRECTORY_INDEX);
  const indexStat = await lstat(indexPath).catch(() => undefined);
  if (!indexStat?.isFile())
    return finish([
      {
        file: EVIDENCE_DIRECTORY_INDEX,
        message: indexStat ? 'is not a regular file' : 'is missing: the directory has no evidence index',
      },
    ]);
  if (indexStat.size > maxIndexBytes)
    return finish([{ file: EVIDENCE_DIRECTORY_INDEX, message: `is more than the ${maxIndexBytes} bytes accepted` }]);
  const indexBytes = await readFile(indexPath);
  const indexSha256 = sha256Hex(indexBytes);
  const index = readBundleIndex(indexBytes, EVIDENCE_DIRECTORY_INDEX);
  if (!index.ok) return finish(index.problems, indexSha256);
  const found = await hashDirectory(dir, maxEntries);
  if ('refused' in found) return finish([found.refused], indexSha256);
  const problems = [
    ...index.problems,
    ...found.problems,
    ...compareWithIndex(index.files, found.entries, 'directory', new Set([EVIDENCE_DIRECTORY_INDEX])),
  ];
  if (problems.length > 0) return finish(problems, indexSha256);
  return {
    ok: true,
    files: index.files.length,
    indexSha256,
    index: index.value,
    indexFile: EVIDENCE_DIRECTORY_INDEX,
  };
}

/** Verifies `path` as what it is: an evidence directory, or a `.tar.gz` bundle. */
export async function verifyEvidence(path: string, limits: BundleLimits = {}): Promise<BundleVerification> {
  const st = await lstat(path).catch(() => undefined);
  return st?.isDirectory() ? verifyEvidenceDirectory(path, limits) : verifyEvidenceBundle(path, limits);
}

/**
 * A promise's value, or its error's message. Told apart by shape, not by `instanceof Error`: an error made in another
 * realm (a vm context, as under jest) is not an instance of this one's Error, and a value taken for no error would
 * throw instead of saying why.
 */
const outcomeOf = <T>(p: Promise<T>): Promise<{ found: T } | { error: string }> =>
  p.then(
    (found) => ({ found }),
    (err: Error) => ({ error: err.message }),
  );

/** The SHA-256 and size of every regular file under `dir` (bundle paths), walked without following a link. */
async function hashDirectory(
  dir: string,
  maxEntries: number,
): Promise<
  { entries: Map<string, { sha256: string; size: number }>; problems: BundleProblem[] } | { refused: BundleProblem }
> {
  const entries = new Map<string, { sha256: string; size: number }>();
  const problems: BundleProblem[] = [];
  const pending = [''];
  while (pending.length > 0) {
    const rel = pending.pop()!;
    const listing = await outcomeOf(readdir(join(dir, rel), { withFileTypes: true }));
    if ('error' in listing) {
      problems.push({ file: rel || '.', message: `cannot be read: ${listing.error}` });
      continue;
    }
    for (const d of listing.found) {
      const path = rel === '' ? d.name : `${rel}/${d.name}`;
      if (entries.size + problems.length >= maxEntries)
        return {
          refused: { file: dir, message: `holds more than ${maxEntries} files: not an mlgov evidence directory` },
        };
      if (d.isDirectory()) pending.push(path);
      else if (!d.isFile())
        problems.push({
          file: path,
          message: `is ${d.isSymbolicLink() ? 'a symbolic link' : specialFileKind(d)}, not a regular file`,
        });
      else {
        const digest = await outcomeOf(hashFile(join(dir, path)));
        if ('error' in digest) problems.push({ file: path, message: `cannot be read: ${digest.error}` });
        else entries.set(path, digest.found);
      }
    }
  }
  return { entries, problems };
}

/** A file's SHA-256 and size, streamed; opened without following a link swapped in since it was listed. */
async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of handle.createReadStream({ highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}
