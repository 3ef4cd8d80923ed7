/**
 * A training output that lives in a bucket (`metrics import s3://bucket/key[?versionId=…]`): read once through the
 * S3 adapter into a private temporary file, so the importers parse exactly the bytes that were hashed, and recorded
 * as the s3:// URL pinned to the version that was read. The store is configured from the working tree's policy `s3`
 * section and the environment, as `mlgov checksums` does: this is the author's own tool, not the gate.
 */
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isS3Url, parseS3Url, type S3ClientOptions } from '../adapters/s3-object-store.js';
import { readS3Object } from '../adapters/s3-observe.js';
import type { S3Policy } from '../policy/policy.js';
import { InputFileError } from './input-error.js';

/** The largest training output read from a bucket: a summary or an evaluation set's scores, never the raw data. */
export const MAX_S3_SOURCE_BYTES = 1024 ** 3;

export { isS3Url };

/** A source read from S3, in a temporary file the caller removes with `remove()` once it has imported it. */
export interface S3Source {
  /** The local copy the importers read. */
  file: string;
  /** How it is recorded in the manifest: the s3:// URL pinned to the version read. */
  recorded: string;
  sha256: string;
  /** The object's LastModified, which the local copy's modification time was set to. */
  lastModified?: string;
  notes: string[];
  /** Says the source's URL where the importer's message names the temporary copy. */
  rename(err: unknown): unknown;
  remove(): Promise<void>;
}

export interface S3SourceOptions {
  env: Record<string, string | undefined>;
  client?: S3ClientOptions;
  maxBytes?: number;
}

/** Reads `url` through the adapter; a location, store or object that cannot be used is an `InputFileError`. */
export async function fetchS3Source(
  url: string,
  settings: S3Policy | undefined,
  options: S3SourceOptions,
): Promise<S3Source> {
  const parsed = parseS3Url(url);
  if (!parsed.ok)
    throw new InputFileError(
      'S3_SOURCE_UNREADABLE',
      `${url.slice(0, 200)} is not a valid S3 location: ${parsed.problem}`,
      'Write s3://bucket/path/to/file, optionally with ?versionId=… (docs/s3.md).',
    );
  const dir = await mkdtemp(join(tmpdir(), 'mlgov-s3-source-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  // The key's file name keeps its extension: .json, .csv and .parquet decide how the importers read the file.
  const file = join(dir, parsed.location.key.split('/').pop()!);
  const read = await readS3Object(url, settings, file, {
    env: options.env,
    ...(options.client ? { client: options.client } : {}),
    maxBytes: options.maxBytes ?? MAX_S3_SOURCE_BYTES,
  }).catch(async (err: unknown) => {
    await remove();
    throw err;
  });
  if (read.kind !== 'read') {
    await remove();
    throw new InputFileError('S3_SOURCE_UNREADABLE', read.failure.message, read.failure.fix);
  }
  // The upload is when the pipeline wrote the file: the nearest fact, as a local file's modification time is.
  if (read.lastModified) await utimes(file, new Date(read.lastModified), new Date(read.lastModified));
  return {
    file,
    recorded: read.url,
    sha256: read.sha256,
    ...(read.lastModified ? { lastModified: read.lastModified } : {}),
    notes: [`read ${read.url} (${read.size} bytes, hashed as it streamed)`, ...read.notes],
    rename: (err) => renamed(err, file, read.url),
    remove,
  };
}

function renamed(err: unknown, file: string, url: string): unknown {
  if (!(err instanceof InputFileError)) return err;
  const message = err.message.replace(` [${err.code}]`, '').replaceAll(file, url);
  return new InputFileError(err.code, message, err.fix);
}
