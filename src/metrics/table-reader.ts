/**
 * Reads a pipeline's tabular output (CSV or Parquet) row by row, streaming, and hashes the file's bytes on the way so
 * what is computed is bound to exactly the file that was read. The only file I/O of `metrics import` and `bias
 * compute` besides the manifest: the computations themselves are pure accumulators fed one row at a time.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type FileMetaData } from 'hyparquet';
import { CsvParser, CsvSyntaxError, type CsvRecord } from './csv-parser.js';
import { InputFileError, RowProblem } from './input-error.js';

/** One row as the consumer sees it: the selected columns, in the order they were asked for. */
export interface TableRow {
  /** Text of selected column `k`; '' when the value is empty (CSV) or null (Parquet). */
  text(k: number): string;
}

export type RowHandler = (row: TableRow) => void;

export interface TableSummary {
  /** Data rows read (the header excluded). */
  rows: number;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
  size: number;
  format: 'csv' | 'parquet';
}

export type TableFormat = 'csv' | 'parquet';

export interface ReadTableOptions {
  /** How to read the file; by default from its extension (tableFormatOf). */
  format?: TableFormat;
  /** Columns among those asked for that the file may lack; their text is then always ''. */
  optional?: string[];
  /** Called once, before the first row, with which of the asked-for columns the file has. */
  onColumns?: (present: boolean[]) => void;
}

const CHUNK_BYTES = 1024 * 1024;

/** The format a file is read as: by its extension, `.parquet`/`.pq` being Parquet and anything else CSV. */
export function tableFormatOf(path: string): TableFormat {
  const ext = extname(path).toLowerCase();
  return ext === '.parquet' || ext === '.pq' ? 'parquet' : 'csv';
}

function missingColumns(
  path: string,
  wanted: string[],
  available: string[],
  optional: string[] = [],
): InputFileError | undefined {
  const missing = wanted.filter((c) => !available.includes(c) && !optional.includes(c));
  if (missing.length === 0) return undefined;
  return new InputFileError(
    'COLUMN_MISSING',
    `${path} has no column ${missing.map((m) => `"${m}"`).join(', ')}; its columns are: ${available.map((a) => `"${a}"`).join(', ')}`,
    'Name the columns as they appear in the file (the header row of a CSV), or rename them in the pipeline.',
  );
}

function located(err: unknown, where: string): unknown {
  if (err instanceof RowProblem) return new InputFileError(err.code, `${where}: ${err.message}`, err.fix);
  if (err instanceof CsvSyntaxError) {
    return new InputFileError(
      'CSV_SYNTAX',
      `${where}: not valid CSV: ${err.message}`,
      'Write the file as RFC 4180 CSV (comma separated, fields with commas, quotes or line breaks in double quotes).',
    );
  }
  return err;
}

/** Fails closed on a path that is not a readable regular file, with the reason. */
async function statFile(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new InputFileError(
      'INPUT_UNREADABLE',
      `${path} could not be read (no such file?)`,
      'Pass the path of the file the pipeline wrote.',
    );
  }
  if (!info.isFile())
    throw new InputFileError('INPUT_UNREADABLE', `${path} is not a regular file`, 'Pass the path of a file.');
  return info.size;
}

/** Single-byte field values as strings, so the common `0`/`1` columns decode without a call into the runtime. */
const ONE_BYTE = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));

/** A decoded short field, remembered by its bytes. */
interface Interned {
  bytes: Buffer;
  text: string;
  next: Interned | undefined;
}

/** Fields up to this many bytes are interned: group names, labels, codes. Longer ones are decoded each time. */
const INTERN_MAX_BYTES = 64;
/** Distinct interned values kept; past this (an id-like column) fields are decoded each time. */
const INTERN_MAX_ENTRIES = 4096;
/** Values kept in the linear list (the groups of a few protected attributes). */
const INTERN_FEW = 24;

/** Byte comparison in JS: short fields compare faster than a call into the runtime (Buffer#compare). */
function sameBytes(a: Buffer, buf: Buffer, start: number, length: number): boolean {
  for (let j = 0; j < length; j++) if (a[j] !== buf[start + j]) return false;
  return true;
}

class CsvRow implements TableRow {
  record!: CsvRecord;
  indexes: number[] = [];
  private readonly interned = new Map<number, Interned>();
  /** The first values seen, looked up by a linear scan before the hash map. */
  private readonly few: Interned[] = [];

  text(k: number): string {
    const rec = this.record;
    const i = this.indexes[k]!;
    if (i < 0) return '';
    const length = rec.length(i);
    if (length === 1 && !rec.isEscaped(i)) {
      const b = rec.byte(i);
      if (b < 128) return ONE_BYTE[b]!;
    }
    if (length === 0 || length > INTERN_MAX_BYTES || rec.isEscaped(i)) return rec.text(i);
    return this.intern(rec, i, length);
  }

  /**
   * The text of a short field without decoding it again: protected-attribute columns hold a handful of values
   * repeated millions of times, and decoding each (a call into the runtime and a new string) dominated the run.
   */
  private intern(rec: CsvRecord, i: number, length: number): string {
    const buf = rec.buf;
    const start = rec.starts[i]!;
    // Protected attributes have a handful of groups: a short list compared by length, then bytes, beats hashing.
    const few = this.few;
    for (let j = 0; j < few.length; j++) {
      const e = few[j]!;
      if (e.bytes.length === length && sameBytes(e.bytes, buf, start, length)) return e.text;
    }
    let h = 0x811c9dc5 ^ length;
    for (let j = start; j < start + length; j++) h = Math.imul(h ^ buf[j]!, 0x01000193);
    const first = this.interned.get(h);
    for (let e = first; e; e = e.next) {
      if (e.bytes.length === length && sameBytes(e.bytes, buf, start, length)) return e.text;
    }
    const text = rec.text(i);
    const entry = { bytes: Buffer.from(buf.subarray(start, start + length)), text, next: first };
    if (few.length < INTERN_FEW) few.push(entry);
    else if (this.interned.size < INTERN_MAX_ENTRIES) this.interned.set(h, entry);
    return text;
  }
}

async function readCsv(
  path: string,
  columns: string[],
  onRow: RowHandler,
  options: ReadTableOptions,
): Promise<TableSummary> {
  const size = await statFile(path);
  const hash = createHash('sha256');
  const row = new CsvRow();
  let header: string[] | undefined;
  let rows = 0;
  let line = 1;
  const parser = new CsvParser((rec) => {
    line = rec.line;
    if (!header) {
      header = Array.from({ length: rec.count }, (_, i) => rec.text(i).trim());
      const problem = missingColumns(path, columns, header, options.optional);
      if (problem) throw problem;
      row.indexes = columns.map((c) => header!.indexOf(c));
      options.onColumns?.(row.indexes.map((i) => i >= 0));
      return;
    }
    if (rec.count !== header.length) {
      throw new RowProblem(
        'CSV_FIELD_COUNT',
        `${rec.count} field(s) where the header has ${header.length}`,
        'Every record needs as many fields as the header; quote fields that contain commas.',
      );
    }
    rows++;
    row.record = rec;
    onRow(row);
  });
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      parser.push(chunk);
    }
    parser.end();
  } catch (err) {
    stream.destroy();
    const where = err instanceof CsvSyntaxError ? err.line : line;
    throw located(err, `${path}:${where}`);
  }
  if (!header) {
    throw new InputFileError(
      'CSV_NO_HEADER',
      `${path} is empty: no header row`,
      'Write a header row naming the columns, then the rows.',
    );
  }
  return { rows, sha256: hash.digest('hex'), size, format: 'csv' };
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
  }
  return hash.digest('hex');
}

function textOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v);
}

class ParquetRow implements TableRow {
  data: ArrayLike<unknown>[] = [];
  index = 0;
  text(k: number): string {
    return textOf(this.data[k]![this.index]);
  }
}

async function parquetMetadataOf(path: string, file: Awaited<ReturnType<typeof asyncBufferFromFile>>) {
  const magic = Buffer.alloc(4);
  const handle = await open(path, 'r');
  try {
    await handle.read(magic, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (magic.toString('latin1') !== 'PAR1') {
    throw new InputFileError(
      'PARQUET_UNREADABLE',
      `${path} is not a Parquet file (it does not start with "PAR1")`,
      'Pass a .csv file, or a Parquet file written by the pipeline.',
    );
  }
  try {
    return await parquetMetadataAsync(file);
  } catch (err) {
    throw new InputFileError('PARQUET_UNREADABLE', `${path} could not be read as Parquet: ${(err as Error).message}`);
  }
}

/**
 * Reads the selected columns one row group at a time, so memory is bounded by the largest row group (a Parquet file
 * is column-oriented: a row group is the smallest unit its columns can be read in).
 */
async function readParquet(
  path: string,
  columns: string[],
  onRow: RowHandler,
  options: ReadTableOptions,
): Promise<TableSummary> {
  const size = await statFile(path);
  const file = await asyncBufferFromFile(path);
  const metadata: FileMetaData = await parquetMetadataOf(path, file);
  const available = parquetSchema(metadata).children.map((c) => c.element.name);
  const problem = missingColumns(path, columns, available, options.optional);
  if (problem) throw problem;
  const present = columns.filter((c) => available.includes(c));
  options.onColumns?.(columns.map((c) => available.includes(c)));
  const row = new ParquetRow();
  let groupStart = 0;
  let rows = 0;
  for (const group of metadata.row_groups) {
    const groupRows = Number(group.num_rows);
    const chunks = new Map<string, Array<{ rowStart: number; data: ArrayLike<unknown> }>>();
    await parquetRead({
      file,
      metadata,
      columns: present,
      rowStart: groupStart,
      rowEnd: groupStart + groupRows,
      onChunk: (c) => {
        const list = chunks.get(c.columnName) ?? [];
        list.push({ rowStart: c.rowStart, data: c.columnData as ArrayLike<unknown> });
        chunks.set(c.columnName, list);
      },
    });
    row.data = columns.map((c) => (available.includes(c) ? columnOf(chunks.get(c) ?? [], groupStart, groupRows) : []));
    for (let i = 0; i < groupRows; i++) {
      row.index = i;
      rows++;
      try {
        onRow(row);
      } catch (err) {
        throw located(err, `${path} row ${groupStart + i + 1}`);
      }
    }
    groupStart += groupRows;
  }
  return { rows, sha256: await sha256OfFile(path), size, format: 'parquet' };
}

/** One column of a row group as a single array, from the chunks hyparquet hands out (pages, in order). */
function columnOf(
  chunks: Array<{ rowStart: number; data: ArrayLike<unknown> }>,
  groupStart: number,
  groupRows: number,
): ArrayLike<unknown> {
  if (chunks.length === 1 && chunks[0]!.rowStart === groupStart && chunks[0]!.data.length === groupRows) {
    return chunks[0]!.data;
  }
  const out: unknown[] = new Array<unknown>(groupRows).fill(null);
  for (const c of chunks) {
    for (let i = 0; i < c.data.length; i++) {
      const at = c.rowStart - groupStart + i;
      if (at >= 0 && at < groupRows) out[at] = c.data[i];
    }
  }
  return out;
}

/**
 * Streams the rows of a CSV or Parquet file through `onRow`, with the `columns` asked for. A missing column, a
 * malformed record or a value `onRow` rejects (RowProblem) fails with the file and line (row) in the message.
 */
export function readTable(
  path: string,
  columns: string[],
  onRow: RowHandler,
  options: ReadTableOptions = {},
): Promise<TableSummary> {
  const format = options.format ?? tableFormatOf(path);
  return format === 'parquet' ? readParquet(path, columns, onRow, options) : readCsv(path, columns, onRow, options);
}

/** The column names of a table: a CSV's header row (read from the file's start) or a Parquet file's schema. */
export async function tableColumns(path: string, format: TableFormat = tableFormatOf(path)): Promise<string[]> {
  await statFile(path);
  if (format === 'parquet') {
    const metadata = await parquetMetadataOf(path, await asyncBufferFromFile(path));
    return parquetSchema(metadata).children.map((c) => c.element.name);
  }
  let header: string[] | undefined;
  const parser = new CsvParser((rec) => {
    header ??= Array.from({ length: rec.count }, (_, i) => rec.text(i).trim());
  });
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parser.push(chunk);
      if (header) break;
    }
    if (!header) parser.end();
  } catch (err) {
    throw located(err, `${path}:${err instanceof CsvSyntaxError ? err.line : 1}`);
  } finally {
    stream.destroy();
  }
  return header ?? [];
}

/** The name a table is recorded under when no dataset name is given: the file's name. */
export function defaultDatasetName(path: string): string {
  return basename(path);
}
