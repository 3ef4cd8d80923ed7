/**
 * Editing a JSON file's values in place (src/formats/json-text-edit.ts), as `mlgov checksums --write` and
 * `mlgov bias --write` do: an edited member's string or number token is replaced and every other byte is kept, so a
 * reviewer's diff shows the values that changed and nothing else. When a member is new, or the in-place text would
 * not amount to the document wanted, the file is written out again with its own indentation and final newline.
 */
import { describe, expect, it } from '@jest/globals';
import { parseJsonDocument } from '../../src/formats/json-document.js';
import { editJsonText, type JsonValueEdit } from '../../src/formats/json-text-edit.js';

const edit = (text: string, edits: JsonValueEdit[], updated: unknown) =>
  editJsonText(parseJsonDocument('model/manifest.json', new TextEncoder().encode(text)), text, edits, updated);

describe('editJsonText: in place', () => {
  it('replaces a string on a later line and keeps spacing, key order and compact arrays byte for byte', () => {
    const text = '{\n  "b":   [1,2,3],\n  "files": [\n    {"path": "m.onnx", "sha256": "aa"}\n  ],\n  "a": 1\n}\n';
    const out = edit(text, [{ pointer: '/files/0/sha256', to: 'bb' }], {
      b: [1, 2, 3],
      files: [{ path: 'm.onnx', sha256: 'bb' }],
      a: 1,
    });
    expect(out).toBe(text.replace('"aa"', '"bb"'));
  });

  it('replaces several members, later ones first, so earlier offsets stay right even when lengths change', () => {
    const text = '{"x": "1", "y": 22, "z": "333"}';
    const out = edit(
      text,
      [
        { pointer: '/x', to: 'one' },
        { pointer: '/z', to: 't' },
        { pointer: '/y', to: 2.5 },
      ],
      { x: 'one', y: 2.5, z: 't' },
    );
    expect(out).toBe('{"x": "one", "y": 2.5, "z": "t"}');
  });

  it('reads a whole string token: escaped quotes and backslashes are inside it', () => {
    // On one line with odd spacing: written out again, the text would look different, so only an in-place edit passes.
    const text = '{ "s":"a\\"b\\\\",   "t": 1 }';
    const out = edit(text, [{ pointer: '/s', to: 'c' }], { s: 'c', t: 1 });
    expect(out).toBe('{ "s":"c",   "t": 1 }');
  });

  it('reads a whole number token: sign, fraction and exponent', () => {
    for (const token of ['-12', '0.5', '1e3', '1e10', '-2.25E-2', '7E+1', '6e-12']) {
      const text = `{"n": ${token}, "m": 0}`;
      expect(edit(text, [{ pointer: '/n', to: 4 }], { n: 4, m: 0 })).toBe('{"n": 4, "m": 0}');
    }
  });

  it('writes the new value as JSON: a string with a quote is escaped', () => {
    const text = '{"s": "a"}';
    expect(edit(text, [{ pointer: '/s', to: 'say "hi"' }], { s: 'say "hi"' })).toBe('{"s": "say \\"hi\\""}');
  });

  it('finds a member on a later line when the text starts with a line break', () => {
    const text = '\n{"a": "1",   "b": 2}';
    expect(edit(text, [{ pointer: '/a', to: 'x' }], { a: 'x', b: 2 })).toBe('\n{"a": "x",   "b": 2}');
  });

  it('edits a document that is a single value at the very first byte, keeping what follows it', () => {
    expect(edit('"abc" ', [{ pointer: '', to: 'x' }], 'x')).toBe('"x" ');
  });

  it('no edits and no change keep the text exactly, even without a final newline', () => {
    const text = '{ "a" :1 }';
    expect(edit(text, [], { a: 1 })).toBe(text);
  });
});

describe('editJsonText: written out again', () => {
  it("when a member does not exist yet, with the file's own indentation and its final newline", () => {
    const text = '{\n    "a": 1\n}\n';
    const out = edit(text, [{ pointer: '/b', to: 'x' }], { a: 1, b: 'x' });
    expect(out).toBe('{\n    "a": 1,\n    "b": "x"\n}\n');
  });

  it('keeps the absence of a final newline, and takes tab indentation from the first indented line', () => {
    const text = '{\n\t"a": {"k": 1}\n}';
    const out = edit(text, [{ pointer: '/c', to: 2 }], { a: { k: 1 }, c: 2 });
    expect(out).toBe('{\n\t"a": {\n\t\t"k": 1\n\t},\n\t"c": 2\n}');
  });

  it('defaults to two spaces when no line is indented', () => {
    const text = '{"a": 1}\n';
    expect(edit(text, [{ pointer: '/b', to: 2 }], { a: 1, b: 2 })).toBe('{\n  "a": 1,\n  "b": 2\n}\n');
  });

  it('when the edited member holds neither a string nor a number (an object, true, null)', () => {
    for (const value of ['{"k": 1}', 'true', 'null']) {
      const text = `{"a": ${value}}\n`;
      expect(edit(text, [{ pointer: '/a', to: 'x' }], { a: 'x' })).toBe('{\n  "a": "x"\n}\n');
    }
  });

  it('when the in-place text does not amount to the document wanted (another member changed too)', () => {
    const text = '{\n  "a": "1",\n  "b": "2"\n}\n';
    const out = edit(text, [{ pointer: '/a', to: 'x' }], { a: 'x', b: 'changed' });
    expect(out).toBe('{\n  "a": "x",\n  "b": "changed"\n}\n');
  });

  it('when a string token never closes in the text it was parsed from (the text changed since)', () => {
    const parsedFrom = '{"a": "1", "b": 2}';
    const doc = parseJsonDocument('m.json', new TextEncoder().encode(parsedFrom));
    const out = editJsonText(doc, '{"a": "1', [{ pointer: '/a', to: 'x' }], { a: 'x', b: 2 });
    expect(out).toBe('{\n  "a": "x",\n  "b": 2\n}');
  });

  it('when the member sits on a line the text does not have (positions from another text)', () => {
    const parsedFrom = '{\n\n\n"a": "1"}';
    const doc = parseJsonDocument('m.json', new TextEncoder().encode(parsedFrom));
    const out = editJsonText(doc, '{"a": "1"}\n', [{ pointer: '/a', to: 'x' }], { a: 'x' });
    expect(out).toBe('{\n  "a": "x"\n}\n');
  });

  it('an empty text is written out with a final newline', () => {
    const doc = parseJsonDocument('m.json', new TextEncoder().encode('{"a": 1}'));
    expect(editJsonText(doc, '', [], { a: 1 })).toBe('{\n  "a": 1\n}\n');
  });

  it('when the in-place text is no longer JSON, it is written out, not returned broken', () => {
    // The number token is read greedily as "1", and the text's "1x" stays invalid after the edit.
    const parsedFrom = '{"a": 1}';
    const doc = parseJsonDocument('m.json', new TextEncoder().encode(parsedFrom));
    const out = editJsonText(doc, '{"a": 1x}', [{ pointer: '/a', to: 2 }], { a: 2 });
    expect(out).toBe('{\n  "a": 2\n}');
  });
});
