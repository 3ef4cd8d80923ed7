/**
 * An incremental RFC 4180 CSV parser over bytes: fields separated by commas, records by CRLF or LF, fields in double
 * quotes may hold commas, line breaks and doubled quotes (`""`). Pure: the caller pushes chunks as it reads them, so
 * a file of any size is parsed with memory bounded by the chunk size plus one record.
 *
 * Fields are handed out as byte ranges of the current chunk and decoded only when asked for: a pipeline's
 * predictions file has many rows and few columns that matter, and decoding every field would dominate the time.
 */

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** The largest record carried from one chunk to the next; a longer one means the file is not a CSV of rows. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** A CSV syntax error at a 1-based physical line. */
export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** The fields of the record being delivered; valid only during the callback. */
export class CsvRecord {
  buf: Buffer = Buffer.alloc(0);
  count = 0;
  /** 1-based physical line the record starts on. */
  line = 0;
  starts = new Int32Array(16);
  ends = new Int32Array(16);
  /** 1 when the field was quoted and holds doubled quotes to undo; not maintained for a plain record. */
  escaped = new Uint8Array(16);
  /** True when the record had no quote at all (no field to unescape). */
  plain = false;

  /** True when the field holds doubled quotes to undo. */
  isEscaped(i: number): boolean {
    return !this.plain && this.escaped[i] === 1;
  }

  /** The field's text (empty string for an empty field). */
  text(i: number): string {
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    if (e === s) return '';
    const raw = this.buf.toString('utf8', s, e);
    return this.isEscaped(i) ? raw.replaceAll('""', '"') : raw;
  }

  /** Byte length of the field's content. */
  length(i: number): number {
    return this.ends[i]! - this.starts[i]!;
  }

  /** The first byte of the field (for one-byte fast paths such as `0`/`1`). */
  byte(i: number): number {
    return this.buf[this.starts[i]!]!;
  }

  grow(): void {
    const n = this.starts.length * 2;
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    const escaped = new Uint8Array(n);
    starts.set(this.starts);
    ends.set(this.ends);
    escaped.set(this.escaped);
    this.starts = starts;
    this.ends = ends;
    this.escaped = escaped;
  }
}

export type RecordHandler = (record: CsvRecord) => void;

function countLineFeeds(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(LF, from); i >= 0 && i < to; i = buf.indexOf(LF, i + 1)) n++;
  return n;
}

/**
 * Parses pushed chunks and calls `onRecord` for every complete record, blank lines skipped. `end()` parses what
 * is left (a last record without a line break). Throws CsvSyntaxError with the line on malformed input.
 */
export class CsvParser {
  private carry: Buffer | undefined;
  private line = 1;
  private first = true;
  private readonly record = new CsvRecord();

  constructor(private readonly onRecord: RecordHandler) {}

  push(chunk: Buffer): void {
    let data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    if (this.first) {
      this.first = false;
      // A UTF-8 byte order mark (spreadsheet exports) is not part of the first header name.
      if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
    }
    const consumed = this.parse(data, false);
    this.carry = consumed < data.length ? Buffer.from(data.subarray(consumed)) : undefined;
    if (this.carry && this.carry.length > MAX_RECORD_BYTES) {
      throw new CsvSyntaxError(
        `a record longer than ${MAX_RECORD_BYTES} bytes (an unclosed quote, or not a CSV file)`,
        this.line,
      );
    }
  }

  end(): void {
    if (!this.carry) return;
    const data = this.carry;
    this.carry = undefined;
    this.parse(data, true);
  }

  /** Parses whole records from `data`; returns the offset of the first byte not consumed. */
  private parse(data: Buffer, final: boolean): number {
    const rec = this.record;
    rec.buf = data;
    let p = 0;
    // The next double quote at or after p (-1: none in the chunk): records before it take the fast path.
    let quote = data.indexOf(QUOTE, 0);
    // Likewise the next carriage return that does not end a line (a bare CR): parseRecord reports it.
    let bareCr = this.nextBareCr(data, 0);
    while (p < data.length) {
      if (quote >= 0 && quote < p) quote = data.indexOf(QUOTE, p);
      if (bareCr >= 0 && bareCr < p) bareCr = this.nextBareCr(data, p);
      const lineEnd = data.indexOf(LF, p);
      const next =
        lineEnd >= 0 && (quote < 0 || quote > lineEnd) && (bareCr < 0 || bareCr > lineEnd)
          ? this.plainRecord(data, p, lineEnd)
          : this.parseRecord(data, p, final);
      if (next < 0) return p;
      p = next;
    }
    return p;
  }

  /** The next CR at or after `from` that is not followed by LF (a CR at the chunk's end counts: it may be). */
  private nextBareCr(data: Buffer, from: number): number {
    for (let i = data.indexOf(CR, from); i >= 0; i = data.indexOf(CR, i + 1)) {
      if (data[i + 1] !== LF) return i;
    }
    return -1;
  }

  /**
   * A record with no quote and no bare CR, ending with the line feed at `lineEnd` (the common case): fields split at commas only,
   * found by one comparison per byte. Same result as parseRecord, which handles everything else.
   */
  private plainRecord(data: Buffer, p: number, lineEnd: number): number {
    const rec = this.record;
    let end = lineEnd;
    if (end > p && data[end - 1] === CR) end--;
    const line = this.line;
    this.line = line + 1;
    if (end === p) return lineEnd + 1; // a blank line is no record
    let starts = rec.starts;
    let ends = rec.ends;
    let count = 0;
    let start = p;
    for (let i = p; i < end; i++) {
      if (data[i] === COMMA) {
        if (count + 1 >= starts.length) {
          rec.grow();
          starts = rec.starts;
          ends = rec.ends;
        }
        starts[count] = start;
        ends[count] = i;
        count++;
        start = i + 1;
      }
    }
    if (count + 1 >= starts.length) {
      rec.grow();
      starts = rec.starts;
      ends = rec.ends;
    }
    starts[count] = start;
    ends[count] = end;
    count++;
    rec.plain = true;
    rec.count = count;
    rec.line = line;
    this.onRecord(rec);
    return lineEnd + 1;
  }

  /** Set by quotedField: 1 when the field it scanned holds doubled quotes. */
  private fieldEscaped = 0;

  /**
   * Scans a quoted field whose content starts at `start` (after the opening quote); returns the offset after the
   * closing quote, or -1 when the chunk ends first. Doubled quotes are content (`fieldEscaped`).
   */
  private quotedField(data: Buffer, start: number, final: boolean, line: number): number {
    this.fieldEscaped = 0;
    let q = start;
    for (;;) {
      const close = data.indexOf(QUOTE, q);
      if (close < 0 || (close + 1 >= data.length && !final)) {
        if (final) throw new CsvSyntaxError('a quoted field is not closed before the end of the file', line);
        return -1;
      }
      if (data[close + 1] !== QUOTE) return close + 1;
      this.fieldEscaped = 1;
      q = close + 2;
    }
  }

  /** Scans an unquoted field from `p`; returns the offset of the comma, line break or end that ends it. */
  private unquotedField(data: Buffer, p: number, line: number): number {
    const len = data.length;
    while (p < len) {
      const c = data[p]!;
      // Every byte with a meaning here is at most ",": letters and digits take this one comparison.
      if (c > COMMA) {
        p++;
        continue;
      }
      if (c === COMMA || c === LF || c === CR) break;
      if (c === QUOTE) {
        throw new CsvSyntaxError(
          'a double quote inside an unquoted field (quote the whole field and double the quote: "a ""b""")',
          line,
        );
      }
      p++;
    }
    return p;
  }

  /** Parses one record starting at `p`; returns the offset after it, or -1 when it is not complete yet. */
  private parseRecord(data: Buffer, p: number, final: boolean): number {
    const rec = this.record;
    const len = data.length;
    const startLine = this.line;
    let lineFeeds = 0;
    let count = 0;
    for (;;) {
      if (count === rec.starts.length) rec.grow();
      let start: number;
      let end: number;
      let escaped = 0;
      if (p < len && data[p] === QUOTE) {
        start = p + 1;
        p = this.quotedField(data, start, final, startLine);
        if (p < 0) return -1;
        end = p - 1;
        escaped = this.fieldEscaped;
        lineFeeds += countLineFeeds(data, start, end);
        const after = p < len ? data[p] : -1;
        if (after !== COMMA && after !== LF && after !== CR && after !== -1) {
          throw new CsvSyntaxError(
            `unexpected "${String.fromCharCode(after!)}" after a closing quote (a field must be quoted whole)`,
            startLine + lineFeeds,
          );
        }
      } else {
        start = p;
        p = this.unquotedField(data, p, startLine + lineFeeds);
        end = p;
        if (p >= len && !final) return -1;
      }
      rec.starts[count] = start;
      rec.ends[count] = end;
      rec.escaped[count] = escaped;
      count++;
      if (p >= len) break; // final: the last record has no line break
      const c = data[p]!;
      if (c === COMMA) {
        p++;
        if (p >= len && !final) return -1;
        if (p >= len) {
          // "a,b," at the very end: a last empty field
          if (count === rec.starts.length) rec.grow();
          rec.starts[count] = p;
          rec.ends[count] = p;
          rec.escaped[count] = 0;
          count++;
          break;
        }
        continue;
      }
      if (c === CR) {
        if (p + 1 >= len && !final) return -1;
        if (data[p + 1] !== LF) {
          throw new CsvSyntaxError('a carriage return not followed by a line feed', startLine + lineFeeds);
        }
        p += 2;
      } else {
        p += 1; // LF
      }
      lineFeeds++;
      break;
    }
    this.line = startLine + lineFeeds;
    // A blank line is no record (pandas skips them too).
    if (count === 1 && rec.ends[0] === rec.starts[0] && data[rec.starts[0]! - 1] !== QUOTE) return p;
    rec.plain = false;
    rec.count = count;
    rec.line = startLine;
    this.onRecord(rec);
    return p;
  }
}
