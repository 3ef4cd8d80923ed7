import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CsvParser, CsvSyntaxError } from '../../src/metrics/csv-parser.js';

interface Parsed {
  line: number;
  fields: string[];
}

/** Parses `text` pushed in pieces of the given sizes (cycled), returning every record with its line. */
function parse(text: string | Buffer, pieces: number[] = [1 << 20]): Parsed[] {
  const out: Parsed[] = [];
  const parser = new CsvParser((rec) => {
    out.push({ line: rec.line, fields: Array.from({ length: rec.count }, (_, i) => rec.text(i)) });
  });
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let at = 0;
  let k = 0;
  while (at < bytes.length) {
    const size = Math.max(1, pieces[k++ % pieces.length]!);
    parser.push(bytes.subarray(at, at + size));
    at += size;
  }
  parser.end();
  return out;
}

function syntaxError(text: string): CsvSyntaxError {
  try {
    parse(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return err;
    throw err;
  }
  throw new Error('expected a CsvSyntaxError');
}

describe('CsvParser (RFC 4180)', () => {
  it('reads plain records with LF and with CRLF line breaks alike', () => {
    const lf = parse('a,b\n1,2\n3,4\n');
    const crlf = parse('a,b\r\n1,2\r\n3,4\r\n');
    expect(lf).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
    expect(crlf).toEqual(lf);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields, and counts lines across them', () => {
    const rows = parse('group,note\r\n"north, east","say ""hi"""\r\n"multi\r\nline",x\r\nlast,""\n');
    expect(rows).toEqual([
      { line: 1, fields: ['group', 'note'] },
      { line: 2, fields: ['north, east', 'say "hi"'] },
      { line: 3, fields: ['multi\r\nline', 'x'] },
      { line: 5, fields: ['last', ''] },
    ]);
  });

  it('reads a last record without a line break, empty fields and a trailing empty field', () => {
    expect(parse('a,b,c\n1,,3\n4,5,')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '', '3'] },
      { line: 3, fields: ['4', '5', ''] },
    ]);
  });

  it('skips blank lines but keeps their line numbers, and drops a UTF-8 byte order mark', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,x\n\n1,2\n')]);
    expect(parse(bom)).toEqual([
      { line: 1, fields: ['id', 'x'] },
      { line: 3, fields: ['1', '2'] },
    ]);
  });

  it('decodes UTF-8 group names split across chunks', () => {
    expect(parse('g\nZürich\n東京\n', [1])).toEqual([
      { line: 1, fields: ['g'] },
      { line: 2, fields: ['Zürich'] },
      { line: 3, fields: ['東京'] },
    ]);
  });

  it('refuses a quote inside an unquoted field, naming the line', () => {
    const err = syntaxError('a,b\n1,2\nab"c,3\n');
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/double quote inside an unquoted field/);
  });

  it('refuses text after a closing quote and an unclosed quote, naming the line', () => {
    expect(syntaxError('a\n"x"y\n').line).toBe(2);
    const unclosed = syntaxError('a\nok\n"never closed\nmore\n');
    expect(unclosed.line).toBe(3);
    expect(unclosed.message).toMatch(/not closed before the end of the file/);
  });

  it('refuses a carriage return that is not followed by a line feed', () => {
    const err = syntaxError('a,b\n1,2\r3,4\n');
    expect(err.line).toBe(2);
    expect(err.message).toMatch(/carriage return/);
  });

  it('gives the same records whatever the chunk boundaries (property, fixed seed)', () => {
    const field = fc.oneof(
      fc.stringMatching(/^[a-z0-9 ]{0,6}$/),
      fc.string({ maxLength: 6 }).map((s) => s.replaceAll('\r', '')),
    );
    const table = fc.array(fc.array(field, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 12 });
    const encode = (f: string) => (/[",\n]/.test(f) || f === '' ? `"${f.replaceAll('"', '""')}"` : f);
    fc.assert(
      fc.property(
        table,
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (rows, pieces, crlf) => {
          const text = rows.map((r) => r.map(encode).join(',')).join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n');
          const whole = parse(text);
          expect(parse(text, pieces)).toEqual(whole);
          expect(whole.map((r) => r.fields)).toEqual(rows);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});
