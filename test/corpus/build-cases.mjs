#!/usr/bin/env node
/**
 * Writes test/corpus/cases/*.json, the bad-input corpus with the expected outcome of every case.
 *
 * Most cases are written out below by hand. The "wrong type everywhere" cases are derived mechanically from the
 * built-in example documents (every member replaced by a value of another type); their expectation is a rule
 * (the `schema` check names a SCHEMA_* finding), reviewed case by case when the corpus was built. Run it again after
 * the example documents change: `node test/corpus/build-cases.mjs`. Big inputs (100 MB files, deep nesting) are
 * described by generators and made at test time, never committed.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(here, 'cases');
mkdirSync(out, { recursive: true });

const MiB = 1024 * 1024;
const b64 = (s) => Buffer.from(s, typeof s === 'string' ? 'utf8' : undefined).toString('base64');
const hex = (bytes) => Buffer.from(bytes).toString('base64');
/** A big string, expanded by the runner (never committed at size). */
const rep = (unit, times) => ({ $repeat: unit, times });
const cat = (...parts) => ({ $concat: parts });
const bad = (code) => ({ exit: 1, codes: [code] });
const undecided = (code) => ({ exit: 2, codes: [code] });

/** Every JSON pointer of a value (containers and leaves), root excluded. */
function pointers(value, base = '') {
  const out = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([`${base}/${i}`, v]);
      out.push(...pointers(v, `${base}/${i}`));
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = `${base}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      out.push([p, v]);
      out.push(...pointers(v, p));
    }
  }
  return out;
}

/** A value of another JSON type than `v`. */
function otherType(v) {
  if (typeof v === 'string') return 42;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return String(v);
  if (v === null) return {};
  if (Array.isArray(v)) return { length: v.length };
  return [];
}

function wrongTypeCases(prefix, doc, skip) {
  return pointers(doc)
    .filter(([p]) => !skip.some((s) => (s instanceof RegExp ? s.test(p) : s === p)))
    .map(([p, v]) => ({
      id: `${prefix}/type${p.replace(/\//g, '.')}`,
      about: `wrong type at ${p} (${Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v} → ${Array.isArray(otherType(v)) ? 'array' : typeof otherType(v)})`,
      input: { patch: [{ op: 'set', path: p, value: otherType(v) }] },
      // An enum member given a number is reported by its enum (the allowed values), not by its type.
      expect: bad(p === '/version' && prefix === 'policy' ? 'SCHEMA_CONST' : ENUM_MEMBERS.test(p) ? 'SCHEMA_ENUM' : 'SCHEMA_TYPE'),
    }));
}

/** Members whose schema is an enum of strings. */
const ENUM_MEMBERS = /^\/release\/type$|\/decision$|^\/approvals\/(source|corroborate)$|^\/jira\/keySources\/\d+$/;

/** Byte-level cases every JSON document family gets: encoding, syntax, limits, keys. */
function jsonByteCases(prefix, key) {
  const k = JSON.stringify(key);
  return [
    { id: `${prefix}/empty`, about: 'empty file (0 bytes)', input: { text: '' }, expect: bad('FILE_EMPTY') },
    { id: `${prefix}/whitespace-only`, about: 'only whitespace and newlines', input: { text: ' \n\t\r\n ' }, expect: bad('FILE_EMPTY') },
    { id: `${prefix}/bom`, about: 'UTF-8 byte-order mark before a valid document', input: { generate: { kind: 'wrap', prefixBase64: hex([0xef, 0xbb, 0xbf]) } }, expect: bad('BOM_PRESENT') },
    { id: `${prefix}/bom-only`, about: 'nothing but a byte-order mark', input: { base64: hex([0xef, 0xbb, 0xbf]) }, expect: bad('FILE_EMPTY') },
    { id: `${prefix}/utf16le`, about: 'UTF-16LE with its BOM', input: { base64: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":1}', 'utf16le')]).toString('base64') }, expect: bad('INVALID_UTF8') },
    { id: `${prefix}/invalid-utf8-ff`, about: 'byte 0xFF inside a string', input: { base64: Buffer.concat([Buffer.from('{"name":"fraud'), Buffer.from([0xff]), Buffer.from('"}')]).toString('base64') }, expect: bad('INVALID_UTF8') },
    { id: `${prefix}/invalid-utf8-latin1`, about: 'Latin-1 é (0xE9) instead of UTF-8', input: { base64: Buffer.concat([Buffer.from('{"owner":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]).toString('base64') }, expect: bad('INVALID_UTF8') },
    { id: `${prefix}/invalid-utf8-overlong`, about: 'overlong encoding of "/" (C0 AF), a classic path-filter bypass', input: { base64: Buffer.concat([Buffer.from('{"path":"..'), Buffer.from([0xc0, 0xaf]), Buffer.from('etc"}')]).toString('base64') }, expect: bad('INVALID_UTF8') },
    { id: `${prefix}/invalid-utf8-surrogate`, about: 'UTF-8-encoded lone surrogate (ED A0 80)', input: { base64: Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]).toString('base64') }, expect: bad('INVALID_UTF8') },
    { id: `${prefix}/invalid-utf8-truncated`, about: 'file ends inside a multi-byte character', input: { base64: Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xe2, 0x82])]).toString('base64') }, expect: bad('INVALID_UTF8') },
    { id: `${prefix}/invalid-utf8-above-max`, about: 'code point above U+10FFFF (F4 90 80 80)', input: { base64: Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xf4, 0x90, 0x80, 0x80]), Buffer.from('"}')]).toString('base64') }, expect: bad('INVALID_UTF8') },
    { id: `${prefix}/nul-in-string`, about: 'raw NUL byte inside a string value', input: { generate: { kind: 'replace', find: `${k}: "`, replace: `${k}: "\u0000` } }, expect: bad('JSON_SYNTAX') },
    { id: `${prefix}/nul-after-document`, about: 'NUL byte after the document (C-string truncation trick)', input: { generate: { kind: 'wrap', suffixBase64: hex([0x00]) } }, expect: bad('JSON_TRAILING_DATA') },
    { id: `${prefix}/escaped-nul`, about: '\\u0000 escape inside the key name string', input: { generate: { kind: 'replace', find: `${k}:`, replace: `${JSON.stringify(key + '\u0000')}:` } }, expect: { exit: 1, codes: ['SCHEMA_ADDITIONAL_PROPERTIES'] } },
    { id: `${prefix}/two-documents`, about: 'a second JSON document appended', input: { generate: { kind: 'wrap', suffixBase64: b64('{"version":"9.9.9"}\n') } }, expect: bad('JSON_TRAILING_DATA') },
    { id: `${prefix}/trailing-comma`, about: 'trailing comma before the closing brace', input: { generate: { kind: 'replace', find: '\n}', replace: ',\n}' } }, expect: bad('JSON_SYNTAX') },
    { id: `${prefix}/comment`, about: 'a // comment (JSON has none)', input: { generate: { kind: 'replace', find: '{', replace: '{ // approved by alice\n' } }, expect: bad('JSON_SYNTAX') },
    { id: `${prefix}/single-quotes`, about: 'single-quoted property name', input: { generate: { kind: 'replace', find: `${k}:`, replace: `'${key}':` } }, expect: bad('JSON_SYNTAX') },
    { id: `${prefix}/unterminated-string`, about: 'string never closed', input: { text: `{${k}: "fraud-detection` }, expect: bad('JSON_SYNTAX') },
    { id: `${prefix}/unterminated-object`, about: 'object never closed', input: { text: `{${k}: "x", "a": [1, 2` }, expect: bad('JSON_SYNTAX') },
    { id: `${prefix}/raw-tab-in-string`, about: 'raw control character (TAB) in a string', input: { generate: { kind: 'replace', find: `${k}: "`, replace: `${k}: "\t` } }, expect: bad('JSON_SYNTAX') },
    { id: `${prefix}/bad-escape`, about: 'invalid escape \\x41', input: { generate: { kind: 'replace', find: `${k}: "`, replace: `${k}: "\\x41` } }, expect: bad('JSON_SYNTAX') },
    { id: `${prefix}/short-unicode-escape`, about: 'truncated \\u escape', input: { generate: { kind: 'replace', find: `${k}: "`, replace: `${k}: "\\u12` } }, expect: bad('JSON_SYNTAX') },
    { id: `${prefix}/leading-zero`, about: 'number with a leading zero (007)', input: { generate: { kind: 'replace', find: `${k}:`, replace: `"n": 007, ${k}:` } }, expect: bad('JSON_SYNTAX') },
    { id: `${prefix}/plus-sign`, about: 'number with a plus sign', input: { generate: { kind: 'replace', find: `${k}:`, replace: `"n": +1, ${k}:` } }, expect: bad('JSON_SYNTAX') },
    { id: `${prefix}/hex-number`, about: 'hexadecimal number 0x10', input: { generate: { kind: 'replace', find: `${k}:`, replace: `"n": 0x10, ${k}:` } }, expect: bad('JSON_SYNTAX') },
    { id: `${prefix}/nan-literal`, about: 'NaN literal', input: { generate: { kind: 'replace', find: `${k}:`, replace: `"n": NaN, ${k}:` } }, expect: bad('NON_FINITE_NUMBER') },
    { id: `${prefix}/infinity-literal`, about: 'Infinity literal', input: { generate: { kind: 'replace', find: `${k}:`, replace: `"n": Infinity, ${k}:` } }, expect: bad('NON_FINITE_NUMBER') },
    { id: `${prefix}/minus-infinity-literal`, about: '-Infinity literal', input: { generate: { kind: 'replace', find: `${k}:`, replace: `"n": -Infinity, ${k}:` } }, expect: bad('NON_FINITE_NUMBER') },
    { id: `${prefix}/overflow-1e400`, about: '1e400 overflows to Infinity', input: { generate: { kind: 'replace', find: `${k}:`, replace: `"n": 1e400, ${k}:` } }, expect: bad('NON_FINITE_NUMBER') },
    { id: `${prefix}/overflow-negative`, about: '-1e999 overflows to -Infinity', input: { generate: { kind: 'replace', find: `${k}:`, replace: `"n": -1e999, ${k}:` } }, expect: bad('NON_FINITE_NUMBER') },
    { id: `${prefix}/overflow-400-digits`, about: 'an integer of 400 digits', input: { generate: { kind: 'replace', find: `${k}:`, replace: `"n": ${'9'.repeat(400)}, ${k}:` } }, expect: bad('NON_FINITE_NUMBER') },
    { id: `${prefix}/duplicate-key`, about: `duplicate "${key}" (readers disagree on which wins)`, input: { generate: { kind: 'replace', find: `${k}:`, replace: `${k}: "first", ${k}:` } }, expect: bad('DUPLICATE_KEY') },
    { id: `${prefix}/duplicate-key-escaped`, about: 'duplicate key spelled with a \\u escape', input: { generate: { kind: 'replace', find: `${k}:`, replace: `${JSON.stringify(key).replace(/^"(.)/, (_, c) => `"\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}: "first", ${k}:` } }, expect: bad('DUPLICATE_KEY') },
    { id: `${prefix}/proto-key`, about: '__proto__ member (prototype pollution)', input: { generate: { kind: 'replace', find: `${k}:`, replace: `"__proto__": {"isAdmin": true}, ${k}:` } }, expect: bad('FORBIDDEN_KEY') },
    { id: `${prefix}/proto-key-escaped`, about: '__proto__ spelled \\u005f_proto__', input: { generate: { kind: 'replace', find: `${k}:`, replace: `"\\u005f_proto__": {"polluted": 1}, ${k}:` } }, expect: bad('FORBIDDEN_KEY') },
    { id: `${prefix}/constructor-key`, about: 'constructor member', input: { generate: { kind: 'replace', find: `${k}:`, replace: `"constructor": {"prototype": {"x": 1}}, ${k}:` } }, expect: bad('FORBIDDEN_KEY') },
    { id: `${prefix}/prototype-key`, about: 'prototype member', input: { generate: { kind: 'replace', find: `${k}:`, replace: `"prototype": 1, ${k}:` } }, expect: bad('FORBIDDEN_KEY') },
    { id: `${prefix}/deep-arrays-65`, about: 'arrays nested 65 deep (one past the limit)', input: { generate: { kind: 'nest', open: '[', close: ']', depth: 65 } }, expect: bad('TOO_DEEP') },
    { id: `${prefix}/deep-arrays-100k`, about: 'arrays nested 100 000 deep (stack exhaustion)', input: { generate: { kind: 'nest', open: '[', close: ']', depth: 100000 } }, expect: bad('TOO_DEEP') },
    { id: `${prefix}/deep-objects-50k`, about: 'objects nested 50 000 deep', input: { generate: { kind: 'nest', open: '{"a":', close: '}', depth: 50000 } }, expect: bad('TOO_DEEP') },
    { id: `${prefix}/deep-unclosed-1m`, about: '1 000 000 opening brackets, never closed', input: { generate: { kind: 'fill', bytes: 1000000, fill: '[' } }, expect: bad('TOO_DEEP') },
    { id: `${prefix}/top-level-array`, about: 'top-level array instead of an object', input: { text: '[]\n' }, expect: bad('SCHEMA_TYPE') },
    { id: `${prefix}/top-level-string`, about: 'top-level string', input: { text: '"fraud-detection"\n' }, expect: bad('SCHEMA_TYPE') },
    { id: `${prefix}/top-level-null`, about: 'top-level null', input: { text: 'null\n' }, expect: bad('SCHEMA_TYPE') },
    { id: `${prefix}/top-level-number`, about: 'top-level huge-exponent number', input: { text: '1e308\n' }, expect: bad('SCHEMA_TYPE') },
    { id: `${prefix}/empty-object`, about: 'an empty object', input: { text: '{}\n' }, expect: bad('SCHEMA_REQUIRED') },
    { id: `${prefix}/17mib-valid`, about: 'valid document padded with whitespace to 17 MiB (over the 16 MiB limit)', input: { generate: { kind: 'padded', bytes: 17 * MiB } }, expect: bad('FILE_TOO_LARGE') },
    { id: `${prefix}/100mib`, about: '100 MiB file (generated at test time)', input: { generate: { kind: 'fill', bytes: 100 * MiB, fill: 'x', prefix: `{${k}: "`, suffix: '"}' } }, expect: bad('FILE_TOO_LARGE') },
    { id: `${prefix}/long-string-8mib`, about: 'an 8 MiB string member (under the size limit)', input: { generate: { kind: 'replace', find: `${k}:`, replace: cat('"x": "', rep('A', 8 * MiB), `", ${k}:`) } }, expect: bad('SCHEMA_ADDITIONAL_PROPERTIES') },
    { id: `${prefix}/many-keys`, about: '200 000 members in one object', input: { generate: { kind: 'replace', find: `${k}:`, replace: cat(rep('"k{i}":{i},', 200000), ` ${k}:`) } }, expect: bad('SCHEMA_ADDITIONAL_PROPERTIES') },
    // Half a UTF-16 surrogate pair written as an escape: valid UTF-8 bytes, but not a character (was "could not complete").
    { id: `${prefix}/lone-surrogate-high`, about: 'lone high surrogate escape \\ud800 in a string value', input: { generate: { kind: 'replace', find: `${k}: "`, replace: `${k}: "\\ud800` } }, expect: bad('LONE_SURROGATE') },
    { id: `${prefix}/lone-surrogate-low`, about: 'lone low surrogate escape \\udc00 in a string value', input: { generate: { kind: 'replace', find: `${k}: "`, replace: `${k}: "\\udc00` } }, expect: bad('LONE_SURROGATE') },
    { id: `${prefix}/lone-surrogate-reversed`, about: 'surrogate halves in the wrong order (\\udc00\\ud800)', input: { generate: { kind: 'replace', find: `${k}: "`, replace: `${k}: "\\udc00\\ud800` } }, expect: bad('LONE_SURROGATE') },
    { id: `${prefix}/lone-surrogate-key`, about: 'lone surrogate escape in a property name', input: { generate: { kind: 'replace', find: `${k}:`, replace: `"x\\ud83d": 1, ${k}:` } }, expect: bad('LONE_SURROGATE') },
  ];
}

// ---------------------------------------------------------------- manifest
const manifest = JSON.parse(readFileSync(join(root, 'model/manifest.json'), 'utf8'));
const digest = 'sha256:' + 'ab'.repeat(32);
const manifestCases = [
  ...jsonByteCases('manifest', 'version'),
  ...wrongTypeCases('manifest', manifest, ['/$schema', /^\/limitations\/[12]$/, /^\/artifacts\/1/, /^\/approvals\/1/, /^\/evaluation\/metrics\/(precision|recall)$/, /^\/evaluation\/backtest\/seasons\/winter/]),
  // Forged or swapped values: the document parses and validates, but what it claims does not hold.
  { id: 'manifest/forge/artifact-digest-swapped', about: 'artifact digest replaced after approval (swap the weights)', input: { patch: [{ op: 'set', path: '/artifacts/0/sha256', value: 'a'.repeat(64) }] }, expect: { exit: 1, codes: ['CHECKSUM_MISMATCH', 'APPROVAL_DIGEST_MISMATCH'] } },
  { id: 'manifest/forge/version-bumped-after-approval', about: 'version edited after the board approved', input: { patch: [{ op: 'set', path: '/version', value: '2.4.1' }] }, expect: bad('APPROVAL_DIGEST_MISMATCH') },
  { id: 'manifest/forge/approval-digest-other', about: 'approval bound to another manifest digest', input: { patch: [{ op: 'set', path: '/approvals/0/manifestDigest', value: digest }] }, expect: bad('APPROVAL_DIGEST_MISMATCH') },
  { id: 'manifest/forge/approver-not-on-roster', about: 'approval by someone not on the roster', input: { patch: [{ op: 'set', path: '/approvals/0/approver', value: 'mallory' }] }, expect: bad('APPROVER_NOT_ON_ROSTER') },
  { id: 'manifest/forge/approver-homoglyph', about: 'approver login with a Cyrillic а (looks like alice; logins compare case-insensitively, so ALICE is alice, but this is not)', input: { patch: [{ op: 'set', path: '/approvals/0/approver', value: '\u0430lice' }] }, expect: bad('APPROVER_NOT_ON_ROSTER') },
  { id: 'manifest/forge/role-claimed', about: 'approver claims a role the roster does not give them', input: { patch: [{ op: 'set', path: '/approvals/1/role', value: 'governance-board' }] }, expect: bad('APPROVER_ROLE_NOT_GRANTED') },
  { id: 'manifest/forge/approval-in-future', about: 'approval dated in the future', input: { patch: [{ op: 'set', path: '/approvals/0/at', value: '2999-01-01T00:00:00Z' }] }, expect: bad('APPROVAL_IN_FUTURE') },
  { id: 'manifest/forge/approvals-removed', about: 'approvals emptied', input: { patch: [{ op: 'set', path: '/approvals', value: [] }] }, expect: bad('APPROVALS_MISSING_ROLE') },
  { id: 'manifest/forge/same-approver-twice', about: 'one person fills both required roles', input: { patch: [{ op: 'set', path: '/approvals/1/approver', value: 'alice' }] }, expect: bad('APPROVALS_MISSING_ROLE') },
  { id: 'manifest/forge/approval-rejected', about: 'a rejection hidden among approvals', input: { patch: [{ op: 'set', path: '/approvals/0/decision', value: 'rejected' }] }, expect: bad('APPROVAL_REJECTED') },
  { id: 'manifest/forge/bias-report-digest', about: 'bias report checksum does not match the file', input: { patch: [{ op: 'set', path: '/biasReport/sha256', value: 'b'.repeat(64) }] }, expect: bad('BIAS_REPORT_CHECKSUM_MISMATCH') },
  { id: 'manifest/forge/size-lie', about: 'artifact size understated', input: { patch: [{ op: 'set', path: '/artifacts/0/size', value: 1 }] }, expect: bad('SIZE_MISMATCH') },
  { id: 'manifest/forge/huge-size', about: 'artifact size 1e300', input: { patch: [{ op: 'raw', path: '/artifacts/0/size', raw: '1e300' }] }, expect: bad('SIZE_MISMATCH') },
  { id: 'manifest/forge/negative-size', about: 'negative artifact size', input: { patch: [{ op: 'set', path: '/artifacts/0/size', value: -1 }] }, expect: bad('SCHEMA_MINIMUM') },
  { id: 'manifest/forge/fractional-size', about: 'fractional artifact size', input: { patch: [{ op: 'set', path: '/artifacts/0/size', value: 3903.5 }] }, expect: bad('SCHEMA_TYPE') },
  { id: 'manifest/forge/unsafe-integer-size', about: 'size beyond 2^53 (not exactly representable)', input: { patch: [{ op: 'raw', path: '/artifacts/0/size', raw: '9007199254740993' }] }, expect: bad('SIZE_MISMATCH') },
  { id: 'manifest/forge/uppercase-digest', about: 'artifact digest in upper-case hex', input: { patch: [{ op: 'set', path: '/artifacts/0/sha256', value: 'A'.repeat(64) }] }, expect: bad('SCHEMA_PATTERN') },
  { id: 'manifest/forge/short-digest', about: 'artifact digest of 63 hex digits', input: { patch: [{ op: 'set', path: '/artifacts/0/sha256', value: 'a'.repeat(63) }] }, expect: bad('SCHEMA_PATTERN') },
  { id: 'manifest/forge/commit-not-in-repo', about: 'code commit that does not exist', input: { patch: [{ op: 'set', path: '/provenance/code/commit', value: 'deadbeef'.repeat(5) }] }, expect: bad('COMMIT_NOT_FOUND') },
  { id: 'manifest/forge/version-not-semver', about: 'version "v2.4"', input: { patch: [{ op: 'set', path: '/version', value: 'v2.4' }] }, expect: bad('SCHEMA_PATTERN') },
  { id: 'manifest/forge/version-huge-numbers', about: 'version with 400-digit components', input: { patch: [{ op: 'set', path: '/version', value: `${'9'.repeat(400)}.0.0` }] }, expect: bad('SCHEMA_MAX_LENGTH') },
  { id: 'manifest/forge/release-type-unknown', about: 'release type "hotfix"', input: { patch: [{ op: 'set', path: '/release/type', value: 'hotfix' }] }, expect: bad('SCHEMA_ENUM') },
  { id: 'manifest/forge/jira-key-injection', about: 'Jira key with a JQL injection', input: { patch: [{ op: 'set', path: '/jira', value: 'MLGOV-123 OR project=SECRET' }] }, expect: bad('SCHEMA_PATTERN') },
  { id: 'manifest/forge/timestamp-garbage', about: 'evaluatedAt is not a date', input: { patch: [{ op: 'set', path: '/evaluation/evaluatedAt', value: 'yesterday' }] }, expect: bad('SCHEMA_FORMAT') },
  { id: 'manifest/forge/timestamp-year-275760', about: 'evaluatedAt beyond the Date range', input: { patch: [{ op: 'set', path: '/evaluation/evaluatedAt', value: '+275760-09-13T00:00:01Z' }] }, expect: bad('SCHEMA_FORMAT') },
  { id: 'manifest/forge/metric-nan-string', about: 'AUC given as the string "NaN"', input: { patch: [{ op: 'set', path: '/evaluation/metrics/auc', value: 'NaN' }] }, expect: bad('SCHEMA_TYPE') },
  { id: 'manifest/path/dotdot', about: 'artifact path with ..', input: { patch: [{ op: 'set', path: '/artifacts/0/path', value: '../outside/model.onnx' }] }, expect: bad('PATH_OUTSIDE_REPOSITORY') },
  { id: 'manifest/path/dotdot-inner', about: 'artifact path that climbs out in the middle', input: { patch: [{ op: 'set', path: '/artifacts/0/path', value: 'model/../../etc/passwd' }] }, expect: bad('PATH_OUTSIDE_REPOSITORY') },
  { id: 'manifest/path/absolute', about: 'absolute artifact path', input: { patch: [{ op: 'set', path: '/artifacts/0/path', value: '/etc/passwd' }] }, expect: bad('PATH_OUTSIDE_REPOSITORY') },
  { id: 'manifest/path/backslash', about: 'Windows separators', input: { patch: [{ op: 'set', path: '/artifacts/0/path', value: 'model\\weights\\model.onnx' }] }, expect: bad('PATH_OUTSIDE_REPOSITORY') },
  { id: 'manifest/path/backslash-dotdot', about: 'backslash climb ..\\..\\etc', input: { patch: [{ op: 'set', path: '/artifacts/0/path', value: '..\\..\\etc\\passwd' }] }, expect: bad('PATH_OUTSIDE_REPOSITORY') },
  { id: 'manifest/path/nul', about: 'NUL inside the artifact path (truncation trick)', input: { patch: [{ op: 'set', path: '/artifacts/0/path', value: 'model/weights/model.onnx\u0000.txt' }] }, expect: bad('PATH_OUTSIDE_REPOSITORY') },
  { id: 'manifest/path/empty', about: 'empty artifact path', input: { patch: [{ op: 'set', path: '/artifacts/0/path', value: '' }] }, expect: bad('SCHEMA_MIN_LENGTH') },
  { id: 'manifest/path/dot', about: 'artifact path "." (the repository itself)', input: { patch: [{ op: 'set', path: '/artifacts/0/path', value: '.' }] }, expect: bad('PATH_OUTSIDE_REPOSITORY') },
  { id: 'manifest/path/git-dir', about: 'artifact inside .git', input: { patch: [{ op: 'set', path: '/artifacts/0/path', value: '.git/config' }] }, expect: bad('CHECKSUM_MISMATCH') },
  { id: 'manifest/path/url', about: 'artifact path given as a URL other than s3://', input: { patch: [{ op: 'set', path: '/artifacts/0/path', value: 'file:///etc/passwd' }] }, expect: bad('SCHEMA_PATTERN') },
  { id: 'manifest/path/newline', about: 'newline in the artifact path (breaks the checksum file format)', input: { patch: [{ op: 'set', path: '/artifacts/0/path', value: 'model/weights/model.onnx\n0000  evil' }] }, expect: bad('ARTIFACT_MISSING') },
  { id: 'manifest/path/very-long', about: 'artifact path of 5000 characters (schema: at most 2048)', input: { patch: [{ op: 'set', path: '/artifacts/0/path', value: 'model/' + 'a'.repeat(5000) }] }, expect: bad('SCHEMA_MAX_LENGTH') },
  { id: 'manifest/path/duplicate-artifact', about: 'the same artifact listed twice', input: { patch: [{ op: 'set', path: '/artifacts/1/path', value: 'model/weights/model.onnx' }] }, expect: bad('DUPLICATE_ARTIFACT_PATH') },
  { id: 'manifest/path/bias-report-dotdot', about: 'bias report path with ..', input: { patch: [{ op: 'set', path: '/biasReport/path', value: '../reports/latest-bias-report.json' }] }, expect: bad('PATH_OUTSIDE_REPOSITORY') },
  { id: 'manifest/path/bias-report-absolute', about: 'absolute bias report path', input: { patch: [{ op: 'set', path: '/biasReport/path', value: '/etc/hostname' }] }, expect: bad('PATH_OUTSIDE_REPOSITORY') },
  { id: 'manifest/path/artifacts-empty', about: 'no artifacts at all', input: { patch: [{ op: 'set', path: '/artifacts', value: [] }] }, expect: bad('SCHEMA_MIN_ITEMS') },
  // Counts and lengths are bounded by the schema, so hostile sizes are one finding, not minutes of work.
  { id: 'manifest/limits/artifacts-100k', about: '100 000 artifacts (schema: at most 1000)', input: { patch: [{ op: 'raw', path: '/artifacts', raw: cat('[', rep(`{"path":"w/{i}","sha256":"${'a'.repeat(64)}","size":1},`, 100000), `{"path":"w/last","sha256":"${'a'.repeat(64)}","size":1}]`) }] }, expect: bad('SCHEMA_MAX_ITEMS') },
  { id: 'manifest/limits/approvals-10k', about: '10 000 approvals (schema: at most 100)', input: { patch: [{ op: 'raw', path: '/approvals', raw: cat('[', rep(`{"approver":"u{i}","role":"governance-board","decision":"approved","at":"2026-11-20T09:00:00Z","manifestDigest":"${digest}"},`, 10000), `{"approver":"z","role":"governance-board","decision":"approved","at":"2026-11-20T09:00:00Z","manifestDigest":"${digest}"}]`) }] }, expect: bad('SCHEMA_MAX_ITEMS') },
  { id: 'manifest/limits/reason-10m', about: 'a 10-million-character release reason (schema: at most 4000)', input: { patch: [{ op: 'raw', path: '/release/reason', raw: cat('"', rep('A', 10000000), '"') }] }, expect: bad('SCHEMA_MAX_LENGTH') },
  { id: 'manifest/limits/metrics-100k', about: '100 000 evaluation metrics (schema: at most 200)', input: { patch: [{ op: 'raw', path: '/evaluation/metrics', raw: cat('{', rep('"m{i}":0.5,', 100000), '"auc":0.9}') }] }, expect: bad('SCHEMA_MAX_PROPERTIES') },
];

// ---------------------------------------------------------------- bias report
const report = JSON.parse(readFileSync(join(root, 'reports/latest-bias-report.json'), 'utf8'));
const reportCases = [
  ...jsonByteCases('bias-report', 'positiveLabel'),
  ...wrongTypeCases('bias-report', report, ['/$schema', /^\/attributes\/[1-9]/, /^\/attributes\/0\/groups\/[1-9]/, /^\/approvals\/0\/note$/, /^\/thresholds\/(disparate|equalized)/]),
  { id: 'bias-report/forge/metric-disagrees', about: 'reported DPD disagrees with the group rates', input: { patch: [{ op: 'set', path: '/attributes/0/metrics/demographic_parity_difference', value: 0.0001 }] }, expect: bad('BIAS_METRIC_MISMATCH') },
  { id: 'bias-report/forge/rate-above-one', about: 'selection rate 1.5', input: { patch: [{ op: 'set', path: '/attributes/0/groups/0/selectionRate', value: 1.5 }] }, expect: bad('SCHEMA_MAXIMUM') },
  { id: 'bias-report/forge/rate-negative', about: 'selection rate -0.1', input: { patch: [{ op: 'set', path: '/attributes/0/groups/0/selectionRate', value: -0.1 }] }, expect: bad('SCHEMA_MINIMUM') },
  { id: 'bias-report/forge/n-negative', about: 'group size -5', input: { patch: [{ op: 'set', path: '/attributes/0/groups/0/n', value: -5 }] }, expect: bad('SCHEMA_MINIMUM') },
  { id: 'bias-report/forge/n-fraction', about: 'group size 10.5', input: { patch: [{ op: 'set', path: '/attributes/0/groups/0/n', value: 10.5 }] }, expect: bad('SCHEMA_TYPE') },
  { id: 'bias-report/forge/groups-empty', about: 'attribute with no groups', input: { patch: [{ op: 'set', path: '/attributes/0/groups', value: [] }] }, expect: bad('SCHEMA_MIN_ITEMS') },
  { id: 'bias-report/forge/attributes-empty', about: 'no attributes', input: { patch: [{ op: 'set', path: '/attributes', value: [] }] }, expect: bad('SCHEMA_MIN_ITEMS') },
  { id: 'bias-report/forge/required-attribute-renamed', about: 'required attribute "sex" renamed', input: { patch: [{ op: 'set', path: '/attributes/0/name', value: 'gender' }] }, expect: bad('BIAS_ATTRIBUTE_MISSING') },
  { id: 'bias-report/forge/model-version', about: 'report for another model version', input: { patch: [{ op: 'set', path: '/model/version', value: '2.3.0' }] }, expect: bad('BIAS_REPORT_MODEL_MISMATCH') },
  { id: 'bias-report/forge/looser-threshold', about: 'report sets a looser threshold than the policy (stricter applies)', input: { patch: [{ op: 'set', path: '/thresholds/demographic_parity_difference/max', value: 0.9 }] }, expect: bad('BIAS_REPORT_CHECKSUM_MISMATCH') },
  { id: 'bias-report/forge/reviewer-digest', about: 'reviewer approval bound to another report', input: { patch: [{ op: 'set', path: '/approvals/0/reportDigest', value: digest }] }, expect: bad('BIAS_APPROVAL_DIGEST_MISMATCH') },
  { id: 'bias-report/forge/metric-null', about: 'metric null (undefined) instead of a number', input: { patch: [{ op: 'set', path: '/attributes/0/metrics/demographic_parity_difference', value: null }] }, expect: bad('BIAS_METRIC_UNDEFINED') },
  { id: 'bias-report/forge/many-groups', about: '20 000 groups in one attribute', input: { patch: [{ op: 'raw', path: '/attributes/0/groups', raw: cat('[', rep('{"group":"g{i}","n":100,"selectionRate":0.03},', 20000), '{"group":"last","n":100,"selectionRate":0.03}]') }] }, expect: bad('BIAS_REPORT_CHECKSUM_MISMATCH') },
  { id: 'bias-report/forge/group-name-proto', about: 'group named "__proto__" (a value, not a key)', input: { patch: [{ op: 'set', path: '/attributes/0/groups/0/group', value: '__proto__' }] }, expect: bad('BIAS_REPORT_CHECKSUM_MISMATCH') },
  { id: 'bias-report/forge/rate-denormal', about: 'selection rate 5e-324 (denormal)', input: { patch: [{ op: 'raw', path: '/attributes/0/groups/0/selectionRate', raw: '5e-324' }] }, expect: bad('BIAS_METRIC_MISMATCH') },
  // The report of 300 000 groups (it took 9–15 s, 1.2 GB and printed a 10-million-character message) is not a case
  // here: test/formats/hostile-input.test.ts runs that same 13 MB input once and proves more of it (one SCHEMA_MAX_ITEMS
  // error at /attributes/0/groups and its line, both formats under 64 KiB, every message bounded). Running it here
  // as well cost about 20 s of every CI run for a subset of that proof.
  { id: 'bias-report/limits/attributes-1000', about: '1000 attributes (schema: at most 64)', input: { patch: [{ op: 'raw', path: '/attributes', raw: cat('[', rep('{"name":"a{i}","groups":[{"group":"x","n":100,"selectionRate":0.1}],"metrics":{}},', 1000), '{"name":"last","groups":[{"group":"x","n":100,"selectionRate":0.1}],"metrics":{}}]') }] }, expect: bad('SCHEMA_MAX_ITEMS') },
  { id: 'bias-report/limits/group-name-1m', about: 'a group named with 1 000 000 characters (schema: at most 256)', input: { patch: [{ op: 'raw', path: '/attributes/0/groups/0/group', raw: cat('"', rep('g', 1000000), '"') }] }, expect: bad('SCHEMA_MAX_LENGTH') },
  { id: 'bias-report/limits/group-members-10k', about: 'one group with 10 000 extra members (schema: at most 64)', input: { patch: [{ op: 'raw', path: '/attributes/0/groups/0', raw: cat('{', rep('"x{i}":1,', 10000), '"group":"x","n":100,"selectionRate":0.1}') }] }, expect: bad('SCHEMA_MAX_PROPERTIES') },
];

// ---------------------------------------------------------------- policy (YAML)
const policy = parseYaml(readFileSync(join(root, '.github/governance-policy.yml'), 'utf8'));
const y = (id, about, text, code) => ({ id: `policy/${id}`, about, input: { text }, expect: bad(code) });
const yg = (id, about, generate, code) => ({ id: `policy/${id}`, about, input: { generate }, expect: bad(code) });
const policyCases = [
  y('empty', 'empty policy file', '', 'FILE_EMPTY'),
  y('whitespace-only', 'only blank lines', '\n\n   \n', 'FILE_EMPTY'),
  yg('bom', 'byte-order mark', { kind: 'wrap', prefixBase64: hex([0xef, 0xbb, 0xbf]) }, 'BOM_PRESENT'),
  { id: 'policy/invalid-utf8', about: 'invalid UTF-8 in a comment', input: { base64: Buffer.concat([Buffer.from('version: 1\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')]).toString('base64') }, expect: bad('INVALID_UTF8') },
  y('nul-byte', 'NUL byte in the manifest path (accepted by the schema; the gate never reads an unsafe path)', 'version: 1\nmodel: { manifest: "model/manifest.json\u0000" }\n', 'POLICY_CHANGED'),
  y('tab-indent', 'tab indentation', 'version: 1\napprovals:\n\troster: []\n', 'YAML_SYNTAX'),
  y('unclosed-flow', 'unclosed flow mapping', 'version: 1\nmodel: { manifest: model/manifest.json\n', 'YAML_SYNTAX'),
  y('duplicate-key', 'duplicate top-level key', 'version: 1\nversion: 2\n', 'DUPLICATE_KEY'),
  y('duplicate-key-quoted', 'duplicate key, once quoted', 'version: 1\n"version": 1\n', 'DUPLICATE_KEY'),
  yg('duplicate-nested', 'duplicate maxAgeDays', { kind: 'replace', find: 'maxAgeDays: 30', replace: 'maxAgeDays: 30\n  maxAgeDays: 3650' }, 'DUPLICATE_KEY'),
  y('proto-key', '__proto__ key', 'version: 1\n__proto__: { polluted: true }\n', 'FORBIDDEN_KEY'),
  y('constructor-key', 'constructor key', 'version: 1\nconstructor: { prototype: { x: 1 } }\n', 'FORBIDDEN_KEY'),
  y('merge-key', 'merge key << (off: reads differently to a reviewer)', 'base: &b { maxAgeDays: 3650 }\nversion: 1\napprovals:\n  <<: *b\n', 'SCHEMA_ADDITIONAL_PROPERTIES'),
  y('billion-laughs', 'alias expansion bomb', ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill('*' + 'abcdefghi'[i]).join(',')}]`), 'version: 1'].join('\n') + '\n', 'YAML_ALIAS_LIMIT'),
  y('tag-js-function', 'a !!js/function tag', 'version: 1\nmodel: !!js/function "function(){return 1}"\n', 'YAML_UNSUPPORTED_TAG'),
  y('tag-binary', 'a !!binary tag', 'version: 1\nmodel: !!binary aGVsbG8=\n', 'YAML_UNSUPPORTED_TAG'),
  y('tag-custom', 'a local !custom tag', 'version: 1\nmodel: !custom { manifest: x }\n', 'YAML_UNSUPPORTED_TAG'),
  y('tag-set', 'a !!set', 'version: 1\nbias: !!set { a, b }\n', 'YAML_UNSUPPORTED_TAG'),
  y('complex-key', 'a mapping as a key', 'version: 1\n? { a: 1 }\n: 2\n', 'YAML_COMPLEX_KEY'),
  y('nan', '.nan as a threshold', 'version: 1\nbias: { minGroupSize: .nan }\n', 'NON_FINITE_NUMBER'),
  y('inf', '.inf as a limit', 'version: 1\napprovals: { maxAgeDays: .inf }\n', 'NON_FINITE_NUMBER'),
  y('huge-number', '1e400 as a limit', 'version: 1\napprovals: { maxAgeDays: 1e400 }\n', 'NON_FINITE_NUMBER'),
  y('multi-document', 'two YAML documents', 'version: 1\n---\nversion: 2\n', 'YAML_SYNTAX'),
  y('lone-surrogate', 'lone surrogate escape "\\ud800" in a double-quoted scalar', 'version: 1\nbias: { reviewerRole: "x\\ud800" }\n', 'LONE_SURROGATE'),
  y('lone-surrogate-key', 'lone surrogate escape "\\udfff" in a key', 'version: 1\n"x\\udfff": 1\n', 'LONE_SURROGATE'),
  y('lone-surrogate-long-escape', 'lone surrogate as a YAML \\U0000D800 escape', 'version: 1\nbias: { reviewerRole: "\\U0000D800" }\n', 'LONE_SURROGATE'),
  y('roster-5000', '5000 roster members (schema: at most 1000)', cat('version: 1\napprovals:\n  roster:\n', rep('    - { login: u{i}, roles: [governance-board] }\n', 5000)), 'SCHEMA_MAX_ITEMS'),
  y('phrase-10k', 'a 10 000-character sign-off phrase (schema: at most 1000)', cat('version: 1\njira: { signOff: { comment: { role: governance-board, phrase: ', rep('p', 10000), ' } } }\n'), 'SCHEMA_MAX_LENGTH'),
  yg('deep-flow-100k', 'flow sequences nested 100 000 deep', { kind: 'nest', open: '[', close: ']', depth: 100000, prefix: 'version: 1\nx: ' }, 'TOO_DEEP'),
  yg('deep-flow-70', 'flow sequences nested 70 deep', { kind: 'nest', open: '[', close: ']', depth: 70, prefix: 'version: 1\nx: ' }, 'TOO_DEEP'),
  yg('100mib', '100 MiB policy (generated at test time)', { kind: 'fill', bytes: 100 * MiB, fill: '#', prefix: 'version: 1\n' }, 'FILE_TOO_LARGE'),
  y('top-level-list', 'a list instead of a mapping', '- version: 1\n', 'SCHEMA_TYPE'),
  y('top-level-scalar', 'a bare string', 'governance\n', 'SCHEMA_TYPE'),
  y('yes-is-string', 'YAML 1.1 "yes" for a boolean', 'version: 1\napprovals: { separationOfDuties: no }\n', 'SCHEMA_TYPE'),
  y('unknown-key', 'misspelt key (silently ignored elsewhere)', 'version: 1\napprovls: { maxAgeDays: 3650 }\n', 'SCHEMA_ADDITIONAL_PROPERTIES'),
  y('manifest-path-dotdot', 'manifest path outside the repository', 'version: 1\nmodel: { manifest: ../../etc/passwd }\n', 'POLICY_CHANGED'),
  y('manifest-path-absolute', 'absolute manifest path', 'version: 1\nmodel: { manifest: /etc/passwd }\n', 'POLICY_CHANGED'),
  y('archive-dir-backslash', 'archive dir with backslashes', 'version: 1\nmodel: { archiveDir: "..\\\\evidence" }\n', 'POLICY_CHANGED'),
  ...wrongTypeCases('policy', policy, [/^\/approvals\/roster\/[1-9]/, /^\/approvals\/required\/1/, /^\/bias\/requiredAttributes\/1/, /^\/bias\/thresholds\/(disparate|equalized)/, /^\/jira\/allowedStatuses\/1/, /^\/jira\/keySources\/[1-9]/, /\/roles\/[1-9]/]).map((c) => ({
    ...c,
    input: { patch: c.input.patch },
  })),
];
// The same kinds of policy, but as the policy that judges (exit 2: the gate cannot judge with a broken policy).
const judging = (c) => ({ ...c, id: c.id.replace('policy/', 'policy/judging/'), target: '.github/pr-policy.yml', args: ['--policy', '.github/pr-policy.yml'], expect: undecided(c.expect.codes[0]) });
const judgingTypes = ['policy/type.approvals.roster', 'policy/type.approvals.required', 'policy/type.jira.keySources', 'policy/type.bias.thresholds', 'policy/type.model', 'policy/type.promotion.minWindows'];
const judgingCases = policyCases
  .filter((c) => ['policy/empty', 'policy/bom', 'policy/invalid-utf8', 'policy/duplicate-key', 'policy/proto-key', 'policy/billion-laughs', 'policy/tag-js-function', 'policy/nan', 'policy/deep-flow-100k', 'policy/100mib', 'policy/top-level-list', 'policy/unknown-key', ...judgingTypes].includes(c.id))
  .map(judging);

// ---------------------------------------------------------------- checksums.sha256 in an archive
const sums = 'artifacts/fraud-detection/2.4.0/checksums.sha256';
const s = (id, about, input, expect) => ({ id: `checksums/${id}`, about, input, expect });
const line = (h, p) => `${h}  ${p}\n`;
const checksumCases = [
  s('empty', 'empty checksum file', { text: '' }, bad('ARCHIVE_CHECKSUMS_INCOMPLETE')),
  s('garbage', 'not checksum lines at all', { text: 'hello world\n' }, bad('ARCHIVE_CHECKSUMS_MALFORMED')),
  s('uppercase-hex', 'digests in upper case', { generate: { kind: 'lines', op: 'uppercase' } }, bad('ARCHIVE_CHECKSUMS_MALFORMED')),
  s('wrong-digest', 'the weights line records another digest', { generate: { kind: 'replace', find: '  model/weights/model.onnx', replace: '  model/weights/model.onnx.bak' } }, bad('ARCHIVE_CHECKSUMS_INCOMPLETE')),
  s('crlf', 'CRLF line endings', { generate: { kind: 'replace', find: '\n', replace: '\r\n', all: true } }, bad('ARCHIVE_CHECKSUMS_INCOMPLETE')),
  s('bom', 'byte-order mark', { generate: { kind: 'wrap', prefixBase64: hex([0xef, 0xbb, 0xbf]) } }, bad('ARCHIVE_CHECKSUMS_MALFORMED')),
  s('invalid-utf8', 'invalid UTF-8 in a path', { base64: Buffer.concat([Buffer.from('a'.repeat(64) + '  model/'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]).toString('base64') }, bad('ARCHIVE_CHECKSUMS_INCOMPLETE')),
  s('nul', 'NUL byte in a path', { text: line('a'.repeat(64), 'model/weights/model.onnx\u0000') }, bad('ARCHIVE_CHECKSUMS_INCOMPLETE')),
  s('dotdot', 'a path with ..', { generate: { kind: 'replace', find: '  model/weights/model.onnx', replace: '  model/../model/weights/model.onnx' } }, bad('ARCHIVE_CHECKSUMS_INCOMPLETE')),
  s('absolute', 'an absolute path', { generate: { kind: 'replace', find: '  model/weights/model.onnx', replace: '  /etc/passwd' } }, bad('ARCHIVE_CHECKSUMS_INCOMPLETE')),
  s('backslash-escaped', 'GNU escaped form (\\ prefix, \\\\ in the name)', { generate: { kind: 'replace', find: '  model/weights/model.onnx', replace: '  model\\\\weights\\\\model.onnx' } }, bad('ARCHIVE_CHECKSUMS_INCOMPLETE')),
  s('tab-separator', 'a tab instead of two spaces', { generate: { kind: 'replace', find: '  model/weights/model.onnx', replace: '\tmodel/weights/model.onnx' } }, bad('ARCHIVE_CHECKSUMS_MALFORMED')),
  s('short-digest', 'a 63-digit digest', { text: line('a'.repeat(63), 'model/weights/model.onnx') }, bad('ARCHIVE_CHECKSUMS_MALFORMED')),
  s('duplicate-lines', 'the weights listed twice with different digests', { generate: { kind: 'wrap', suffixBase64: b64(line('c'.repeat(64), 'model/weights/model.onnx')) } }, bad('ARCHIVE_CHECKSUMS_MISMATCH')),
  s('100mib', '100 MiB checksum file (generated at test time)', { generate: { kind: 'fill', bytes: 100 * MiB, fill: 'a' } }, bad('ARCHIVE_CHECKSUMS_MALFORMED')),
  s('one-long-line-regex', '1 MiB line of hex and spaces (regex backtracking bait)', { generate: { kind: 'fill', bytes: MiB, fill: 'a', suffix: ' ' + ' '.repeat(1000) + '!\n' } }, bad('ARCHIVE_CHECKSUMS_MALFORMED')),
  { id: 'checksums/directory', about: 'checksums.sha256 is a directory', setup: [{ op: 'mkdir', path: sums }], expect: bad('ARCHIVE_FILE_MISSING') },
  { id: 'checksums/fifo', about: 'checksums.sha256 is a FIFO (a read would block forever)', setup: [{ op: 'fifo', path: sums }], expect: bad('ARCHIVE_FILE_MISSING') },
  { id: 'checksums/symlink-outside', about: 'checksums.sha256 is a symlink to /etc/passwd', setup: [{ op: 'symlink', path: sums, to: '/etc/passwd' }], expect: bad('ARCHIVE_FILE_MISSING') },
  { id: 'checksums/symlink-loop', about: 'checksums.sha256 is a symlink loop', setup: [{ op: 'symlink', path: sums, to: 'checksums.sha256' }], expect: bad('ARCHIVE_FILE_MISSING') },
  { id: 'checksums/removed', about: 'checksums.sha256 deleted from the archive', setup: [{ op: 'remove', path: sums }], expect: bad('ARCHIVE_FILE_MISSING') },
  { id: 'checksums/archived-manifest-edited', about: 'the archived manifest copy edited after archiving', target: 'artifacts/fraud-detection/2.4.0/manifest.json', input: { generate: { kind: 'replace', find: '"2.4.0"', replace: '"2.4.0" ' } }, expect: bad('ARCHIVE_MISMATCH') },
  { id: 'checksums/archived-report-swapped', about: 'the archived bias report replaced', target: 'artifacts/fraud-detection/2.4.0/bias-report.json', input: { text: '{}\n' }, expect: bad('ARCHIVE_MISMATCH') },
  { id: 'checksums/evidence-index-removed', about: 'evidence.json deleted', setup: [{ op: 'remove', path: 'artifacts/fraud-detection/2.4.0/evidence.json' }], expect: bad('ARCHIVE_FILE_MISSING') },
];

// ---------------------------------------------------------------- audit log
const logPath = 'artifacts/audit-log.jsonl';
const l = (id, about, input, code, breakKind) => ({ id: `audit-log/${id}`, about, input, expect: { exit: 1, codes: [code], ...(breakKind ? { breakKind } : {}) } });
const auditCases = [
  l('emptied', 'log truncated to nothing', { text: '' }, 'AUDIT_LOG_REWRITTEN'),
  l('first-line-edited', 'actor of the base event edited', { generate: { kind: 'replace', find: '"actor":"alice"', replace: '"actor":"mallory"' } }, 'AUDIT_LOG_BROKEN', 'edited'),
  l('last-line-edited', 'actor of the new event edited', { generate: { kind: 'replace', find: '"actor":"rm-bot"', replace: '"actor":"alice"' } }, 'AUDIT_LOG_BROKEN', 'edited'),
  l('first-line-seq-edited', 'seq of the first event edited to 0', { generate: { kind: 'replace', find: '{"seq":1', replace: '{"seq":0' } }, 'AUDIT_LOG_BROKEN', 'reordered'),
  l('no-final-newline', 'last newline removed (truncated write)', { generate: { kind: 'lines', op: 'drop-final-newline' } }, 'AUDIT_LOG_BROKEN', 'truncated'),
  l('first-line-dropped', 'the first (base) event deleted', { generate: { kind: 'lines', op: 'drop-first' } }, 'AUDIT_LOG_REWRITTEN', 'deleted'),
  l('crlf', 'CRLF line endings', { generate: { kind: 'replace', find: '\n', replace: '\r\n', all: true } }, 'AUDIT_LOG_REWRITTEN'),
  l('bom', 'byte-order mark', { generate: { kind: 'wrap', prefixBase64: hex([0xef, 0xbb, 0xbf]) } }, 'AUDIT_LOG_BROKEN', 'malformed'),
  l('invalid-utf8', 'invalid UTF-8 appended line', { generate: { kind: 'wrap', suffixBase64: Buffer.concat([Buffer.from('{"seq":3,"actor":"'), Buffer.from([0xff]), Buffer.from('"}\n')]).toString('base64') } }, 'AUDIT_LOG_BROKEN', 'malformed'),
  l('blank-line', 'a blank line appended', { generate: { kind: 'wrap', suffixBase64: b64('\n') } }, 'AUDIT_LOG_BROKEN', 'malformed'),
  l('garbage-line', 'a non-JSON line appended', { generate: { kind: 'wrap', suffixBase64: b64('approved by alice\n') } }, 'AUDIT_LOG_BROKEN', 'malformed'),
  l('array-line', 'a JSON array line appended', { generate: { kind: 'wrap', suffixBase64: b64('[1,2,3]\n') } }, 'AUDIT_LOG_BROKEN', 'malformed'),
  l('forged-line', 'a forged event with a made-up hash appended', { generate: { kind: 'wrap', suffixBase64: b64(JSON.stringify({ seq: 3, at: '2026-01-01T00:00:00Z', actor: 'mallory', action: 'force', model: 'fraud-detection', version: '9.9.9', reason: null, ticket: null, prevHash: '0'.repeat(64), hash: 'f'.repeat(64) }) + '\n') } }, 'AUDIT_LOG_BROKEN', 'inserted'),
  l('seq-skips', 'an event with seq 9 appended', { generate: { kind: 'wrap', suffixBase64: b64(JSON.stringify({ seq: 9, at: 'x', actor: 'x', action: 'force', model: 'x', version: 'x', prevHash: 'x', hash: 'x' }) + '\n') } }, 'AUDIT_LOG_BROKEN', 'deleted'),
  l('seq-string', 'seq as a string', { generate: { kind: 'replace', find: '{"seq":2', replace: '{"seq":"2"' } }, 'AUDIT_LOG_BROKEN', 'malformed'),
  l('nan-line', 'NaN in an appended line', { generate: { kind: 'wrap', suffixBase64: b64('{"seq":NaN}\n') } }, 'AUDIT_LOG_BROKEN', 'malformed'),
  l('proto-line', '__proto__ in an appended event', { generate: { kind: 'wrap', suffixBase64: b64('{"__proto__":{"ok":true},"seq":3}\n') } }, 'AUDIT_LOG_BROKEN', 'malformed'),
  l('duplicate-key-line', 'duplicate "actor" key added to the new event (first-wins readers see alice)', { generate: { kind: 'replace', find: '"actor":"rm-bot"', replace: '"actor":"alice","actor":"rm-bot"' } }, 'AUDIT_LOG_BROKEN', 'malformed'),
  l('deep-line', 'an appended line nested 100 000 deep', { generate: { kind: 'wrap', suffixText: cat(rep('[', 100000), rep(']', 100000), '\n') } }, 'AUDIT_LOG_BROKEN', 'malformed'),
  l('100mib', '100 MiB log (generated at test time)', { generate: { kind: 'fill', bytes: 100 * MiB, fill: 'x', suffix: '\n' } }, 'AUDIT_LOG_REWRITTEN', 'malformed'),
  l('reordered', 'the two events swapped', { generate: { kind: 'lines', op: 'swap-first-two' } }, 'AUDIT_LOG_REWRITTEN', 'reordered'),
  // A log that is not a regular file: the gate reports it gone (exit 1); `log verify` cannot read it (exit 2, naming it).
  { id: 'audit-log/directory', about: 'audit-log.jsonl is a directory', setup: [{ op: 'mkdir', path: logPath }], expect: bad('AUDIT_LOG_DELETED'), expectLog: { exit: 2, reason: 'audit-log.jsonl is a directory' } },
  { id: 'audit-log/fifo', about: 'audit-log.jsonl is a FIFO (a read would block forever)', setup: [{ op: 'fifo', path: logPath }], expect: bad('AUDIT_LOG_DELETED'), expectLog: { exit: 2, reason: 'audit-log.jsonl is a FIFO' } },
  { id: 'audit-log/symlink-outside', about: 'audit-log.jsonl is a symlink to /etc/passwd', setup: [{ op: 'symlink', path: logPath, to: '/etc/passwd' }], expect: bad('AUDIT_LOG_DELETED'), expectLog: { exit: 2, reason: 'audit-log.jsonl is a symbolic link' } },
  { id: 'audit-log/symlink-loop', about: 'audit-log.jsonl is a symlink loop', setup: [{ op: 'symlink', path: logPath, to: 'audit-log.jsonl' }], expect: bad('AUDIT_LOG_DELETED'), expectLog: { exit: 2, reason: 'audit-log.jsonl is a symbolic link' } },
  { id: 'audit-log/deleted', about: 'audit-log.jsonl deleted', setup: [{ op: 'remove', path: logPath }], expect: { exit: 1, codes: ['AUDIT_LOG_DELETED'] } },
];

// ---------------------------------------------------------------- PR metadata (Jira key rule; ReDoS bait)
const p = (id, about, pr, code) => ({ id: `pr-metadata/${id}`, about, pr, expect: bad(code) });
const prCases = [
  p('no-key', 'title and body without a key', { title: 'Retrain the model', body: 'no ticket here' }, 'JIRA_KEY_MISSING'),
  p('wrong-key', 'another ticket', { title: 'MLGOV-999 retrain', body: '' }, 'JIRA_KEY_MISMATCH'),
  p('two-keys', 'two different keys', { title: 'MLGOV-123 and MLGOV-124', body: '' }, 'JIRA_MULTIPLE_KEYS'),
  p('other-project', 'a key of another project', { title: 'SECRET-123 retrain', body: '' }, 'JIRA_KEY_MISSING'),
  p('lower-case', 'key in lower case', { title: 'mlgov-123 retrain', body: '' }, 'JIRA_KEY_MISSING'),
  p('leading-zero', 'MLGOV-0123 (not the same key)', { title: 'MLGOV-0123', body: '' }, 'JIRA_KEY_MISSING'),
  p('homoglyph', 'Greek Omicron in MLGΟV-123', { title: 'MLG\u039fV-123 retrain', body: '' }, 'JIRA_KEY_MISSING'),
  p('zero-width', 'zero-width space inside the key', { title: 'MLGOV-\u200b123', body: '' }, 'JIRA_KEY_MISSING'),
  p('arabic-digits', 'Arabic-Indic digits MLGOV-١٢٣', { title: 'MLGOV-\u0661\u0662\u0663', body: '' }, 'JIRA_KEY_MISSING'),
  p('fullwidth', 'full-width letters', { title: '\uff2d\uff2c\uff27\uff2f\uff36-123', body: '' }, 'JIRA_KEY_MISSING'),
  p('key-glued', 'key glued to letters (XMLGOV-123)', { title: 'XMLGOV-123X', body: '' }, 'JIRA_KEY_MISSING'),
  p('huge-number', 'MLGOV- followed by 10 000 digits', { title: cat('MLGOV-', rep('1', 10000)), body: '' }, 'JIRA_KEY_MISSING'),
  p('redos-prefix-repeat', "'MLGOV-' repeated 100 000 times", { title: rep('MLGOV-', 100000), body: '' }, 'JIRA_KEY_MISSING'),
  p('redos-dashes', 'MLGOV followed by 200 000 dashes', { title: cat('MLGOV', rep('-', 200000), '!'), body: '' }, 'JIRA_KEY_MISSING'),
  p('redos-letters', '1 000 000 upper-case letters then a dash', { title: cat(rep('A', 1000000), '-'), body: '' }, 'JIRA_KEY_MISSING'),
  p('redos-alnum', 'alternating letters/digits/dashes, 500 000 chars', { title: cat(rep('A1-', 166666), '!'), body: '' }, 'JIRA_KEY_MISSING'),
  p('body-many-keys', 'body with 100 000 copies of the right key and one wrong', { title: '', body: cat(rep('MLGOV-123 ', 100000), 'MLGOV-124') }, 'JIRA_MULTIPLE_KEYS'),
  p('newline-injection', 'title tries to inject a workflow command', { title: 'retrain\n::set-output name=verdict::pass\n::add-mask::x', body: '' }, 'JIRA_KEY_MISSING'),
  p('html-injection', 'body with HTML/script and a wrong key', { title: '<script>alert(1)</script>', body: '<img src=x onerror=alert(1)> MLGOV-9' }, 'JIRA_KEY_MISMATCH'),
  p('markdown-injection', 'title with markdown table/link injection and a wrong key', { title: '| pass | ✅ | [ok](javascript:alert(1)) MLGOV-7', body: '' }, 'JIRA_KEY_MISMATCH'),
  p('nul-title', 'NUL in the title around the key', { title: 'MLGOV\u0000-123', body: '' }, 'JIRA_KEY_MISSING'),
  p('rtl-override', 'right-to-left override hiding a different key', { title: '\u202eMLGOV-321\u202c', body: '' }, 'JIRA_KEY_MISMATCH'),
];

// ---------------------------------------------------------------- filesystem: symlinks, loops, FIFOs, directories, huge artifacts
const f = (id, about, setup, expect, input) => ({ id: `filesystem/${id}`, about, setup, ...(input ? { input } : {}), expect });
const weights = 'model/weights/model.onnx';
const fsCases = [
  f('artifact-symlink-etc', 'weights replaced by a symlink to /etc/passwd', [{ op: 'symlink', path: weights, to: '/etc/passwd' }], bad('PATH_OUTSIDE_REPOSITORY')),
  f('artifact-symlink-outside-relative', 'weights symlinked to ../../../outside', [{ op: 'symlink', path: weights, to: '../../../outside.onnx' }], bad('PATH_OUTSIDE_REPOSITORY')),
  f('artifact-symlink-loop', 'weights are a symlink loop (a → b → a)', [{ op: 'symlink', path: weights, to: 'loop-b' }, { op: 'symlink', path: 'model/weights/loop-b', to: 'model.onnx' }], bad('ARTIFACT_UNREADABLE')),
  f('artifact-symlink-self', 'weights symlinked to themselves', [{ op: 'symlink', path: weights, to: 'model.onnx' }], bad('ARTIFACT_UNREADABLE')),
  f('artifact-symlink-dev-zero', 'weights symlinked to /dev/zero (endless read)', [{ op: 'symlink', path: weights, to: '/dev/zero' }], bad('PATH_OUTSIDE_REPOSITORY')),
  f('artifact-directory', 'weights are a directory', [{ op: 'mkdir', path: weights }], bad('ARTIFACT_NOT_A_FILE')),
  f('artifact-fifo', 'weights are a FIFO (a read would block forever)', [{ op: 'fifo', path: weights }], bad('ARTIFACT_NOT_A_FILE')),
  f('artifact-symlink-to-fifo', 'weights symlinked to a FIFO inside the repository', [{ op: 'fifo', path: 'model/weights/pipe' }, { op: 'symlink', path: weights, to: 'pipe' }], bad('ARTIFACT_NOT_A_FILE')),
  f('artifact-parent-symlink', 'model/weights is a symlink to /tmp', [{ op: 'remove', path: 'model/weights' }, { op: 'symlink', path: 'model/weights', to: '/tmp' }], bad('PATH_OUTSIDE_REPOSITORY')),
  f('artifact-100mib', '100 MiB artifact whose digest does not match (generated at test time)', [{ op: 'write', path: weights, bytes: 100 * MiB }], bad('SIZE_MISMATCH')),
  f('artifact-missing', 'weights deleted', [{ op: 'remove', path: weights }], bad('ARTIFACT_MISSING')),
  f('artifact-empty', 'weights truncated to 0 bytes', [{ op: 'write', path: weights, text: '' }], bad('SIZE_MISMATCH')),
  f('manifest-directory', 'the manifest path is a directory', [{ op: 'mkdir', path: 'model/manifest.json' }], bad('FILE_NOT_FOUND')),
  f('manifest-fifo', 'the manifest is a FIFO', [{ op: 'fifo', path: 'model/manifest.json' }], bad('FILE_NOT_FOUND')),
  f('manifest-symlink-loop', 'the manifest is a symlink loop', [{ op: 'symlink', path: 'model/manifest.json', to: 'manifest.json' }], bad('FILE_NOT_FOUND')),
  f('manifest-symlink-dev-zero', 'the manifest is a symlink to /dev/zero', [{ op: 'symlink', path: 'model/manifest.json', to: '/dev/zero' }], bad('PATH_OUTSIDE_REPOSITORY')),
  f('manifest-symlink-dev-urandom', 'the manifest is a symlink to /dev/urandom', [{ op: 'symlink', path: 'model/manifest.json', to: '/dev/urandom' }], bad('PATH_OUTSIDE_REPOSITORY')),
  f('manifest-symlink-outside', 'the manifest is a symlink to a file outside the repository', [{ op: 'symlink', path: 'model/manifest.json', to: '/etc/hostname' }], bad('PATH_OUTSIDE_REPOSITORY')),
  f('bias-report-fifo', 'the bias report is a FIFO', [{ op: 'fifo', path: 'reports/latest-bias-report.json' }], bad('FILE_NOT_FOUND')),
  f('bias-report-directory', 'the bias report is a directory', [{ op: 'mkdir', path: 'reports/latest-bias-report.json' }], bad('FILE_NOT_FOUND')),
  f('bias-report-symlink-outside', 'the bias report is a symlink to /etc/passwd', [{ op: 'symlink', path: 'reports/latest-bias-report.json', to: '/etc/passwd' }], bad('PATH_OUTSIDE_REPOSITORY')),
  f('policy-fifo', 'the policy is a FIFO', [{ op: 'fifo', path: '.github/governance-policy.yml' }], bad('POLICY_CHANGED')),
  f('policy-directory', 'the policy is a directory', [{ op: 'mkdir', path: '.github/governance-policy.yml' }], bad('POLICY_CHANGED')),
];

const families = {
  manifest: { family: 'manifest', target: 'model/manifest.json', format: 'json', cases: manifestCases },
  'bias-report': { family: 'bias report', target: 'reports/latest-bias-report.json', format: 'json', cases: reportCases },
  policy: { family: 'policy', target: '.github/governance-policy.yml', format: 'yaml', cases: [...policyCases, ...judgingCases] },
  checksums: { family: 'checksum file (archive checksums.sha256)', target: sums, format: 'text', cases: checksumCases },
  'audit-log': { family: 'audit log', target: logPath, format: 'text', cases: auditCases },
  'pr-metadata': { family: 'PR metadata', target: 'model/manifest.json', format: 'json', cases: prCases },
  filesystem: { family: 'filesystem (symlinks, loops, FIFOs, directories, huge files)', target: 'model/manifest.json', format: 'json', cases: fsCases },
};

let total = 0;
for (const [name, fam] of Object.entries(families)) {
  const ids = new Set();
  for (const c of fam.cases) {
    if (ids.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
    ids.add(c.id);
  }
  writeFileSync(join(out, `${name}.json`), JSON.stringify(fam, null, 1) + '\n');
  total += fam.cases.length;
  console.log(`${name}: ${fam.cases.length}`);
}
console.log(`total: ${total}`);
