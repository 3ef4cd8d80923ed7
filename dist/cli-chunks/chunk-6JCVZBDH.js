import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);

// src/formats/json-text-edit.ts
function offsetOf(text, line, column) {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return -1;
    offset = next + 1;
  }
  return offset + column - 1;
}
function tokenLength(text, offset) {
  if (text[offset] === '"') {
    for (let i = offset + 1; i < text.length; i++) {
      if (text[i] === "\\") i++;
      else if (text[i] === '"') return i - offset + 1;
    }
    return -1;
  }
  const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(offset, offset + 64));
  return m ? m[0].length : -1;
}
function indentOf(text) {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1] : "  ";
}
function replaceInPlace(doc, text, edits) {
  const spans = [];
  for (const edit of edits) {
    const pos = doc.positions[edit.pointer];
    const offset = pos ? offsetOf(text, pos.line, pos.column) : -1;
    const length = offset >= 0 ? tokenLength(text, offset) : -1;
    if (length < 0) return void 0;
    spans.push({ offset, length, replacement: JSON.stringify(edit.to) });
  }
  let out = text;
  for (const s of spans.sort((a, b) => b.offset - a.offset)) {
    out = out.slice(0, s.offset) + s.replacement + out.slice(s.offset + s.length);
  }
  return out;
}
function editJsonText(doc, text, edits, updated) {
  const inPlace = replaceInPlace(doc, text, edits);
  if (inPlace !== void 0) {
    try {
      if (JSON.stringify(JSON.parse(inPlace)) === JSON.stringify(updated)) return inPlace;
    } catch {
    }
  }
  return JSON.stringify(updated, null, indentOf(text)) + (text.endsWith("\n") || text === "" ? "\n" : "");
}

export {
  editJsonText
};
