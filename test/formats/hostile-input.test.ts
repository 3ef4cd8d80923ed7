/**
 * Bounded and quiet under hostile input: a finding's text is bounded in one place (the constructors in
 * src/formats/finding.ts), half a surrogate pair is a located finding in both parsers (was "could not complete"),
 * and a bias report of 300 000 groups is one schema finding in a short report (was 9–15 s, 1.2 GB and a 53 MB report
 * with a 10-million-character message), through the bundled CLI.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  boundedFinding,
  boundedText,
  error,
  indeterminate,
  listedItems,
  MAX_LISTED_ITEMS,
  MAX_MESSAGE_LENGTH,
  notice,
  warning,
  type Finding,
} from '../../src/formats/finding.js';
import { isWellFormedText, parseJsonDocument } from '../../src/formats/json-document.js';
import { parseYamlDocument } from '../../src/formats/yaml-document.js';
import type { Report } from '../../src/release/report.js';
import { renderReport } from '../../src/render/render-report.js';
import { bundleCli } from '../support/bundle-cli.js';
import { runMlgov } from '../support/cli-io.js';
import { createReleaseRepo } from '../support/example-release.js';

/** The longest text a bounded message can be: the limit plus "… (N more characters)". */
const BOUND = MAX_MESSAGE_LENGTH + '… ( more characters)'.length + 10;

describe('finding text is bounded in the constructors', () => {
  it('keeps a message at the limit as it is', () => {
    const text = 'm'.repeat(MAX_MESSAGE_LENGTH);
    expect(error('X', text).message).toBe(text);
  });

  it('cuts a longer message with an ellipsis and says how much was left out', () => {
    const f = error('X', 'a'.repeat(10_000_000), { fix: 'f'.repeat(5000), file: 'r.json', pointer: '/a', line: 3 });
    expect(f.message).toBe(`${'a'.repeat(MAX_MESSAGE_LENGTH)}… (${10_000_000 - MAX_MESSAGE_LENGTH} more characters)`);
    expect(f.fix).toBe(`${'f'.repeat(MAX_MESSAGE_LENGTH)}… (${5000 - MAX_MESSAGE_LENGTH} more characters)`);
    expect(f).toEqual(expect.objectContaining({ code: 'X', file: 'r.json', pointer: '/a', line: 3 }));
  });

  it('bounds every constructor, and a message passed in `where` as well', () => {
    const long = 'z'.repeat(3 * MAX_MESSAGE_LENGTH);
    const all: Finding[] = [
      error('X', long),
      warning('X', long),
      notice('X', long),
      indeterminate('X', long),
      error('X', 'short', { message: long }),
    ];
    for (const f of all) expect(f.message.length).toBeLessThanOrEqual(BOUND);
    expect(all.map((f) => f.severity)).toEqual(['error', 'warning', 'notice', 'error', 'error']);
    expect(all[3]!.indeterminate).toBe(true);
  });

  it('never splits a surrogate pair where it cuts', () => {
    const text = 'a'.repeat(MAX_MESSAGE_LENGTH - 1) + '😀'.repeat(10);
    const cut = boundedText(text);
    expect(isWellFormedText(cut)).toBe(true);
    expect(cut.startsWith('a'.repeat(MAX_MESSAGE_LENGTH - 1) + '…')).toBe(true);
  });

  it('a pointer too long becomes its nearest ancestor that fits (still a valid pointer; line and column stay)', () => {
    const key = 'k'.repeat(5 * MAX_MESSAGE_LENGTH);
    const f = error('X', 'unknown key', { pointer: `/provenance/training/${key}`, line: 30, column: 7 });
    expect(f).toEqual(expect.objectContaining({ pointer: '/provenance/training', line: 30, column: 7 }));
    expect(error('X', 'm', { pointer: `/${key}` }).pointer).toBe('');
    expect(error('X', 'm', { pointer: '/a/0/b' }).pointer).toBe('/a/0/b');
  });

  it('boundedFinding returns a finding that fits unchanged', () => {
    const f: Finding = { severity: 'error', code: 'X', message: 'fine', fix: 'do this' };
    expect(boundedFinding(f)).toBe(f);
  });

  it('a list names the first 20 items and counts the rest', () => {
    const groups = Array.from({ length: 300_000 }, (_, i) => `g${i}`);
    const text = listedItems(groups);
    expect(text).toBe(`${groups.slice(0, MAX_LISTED_ITEMS).join(', ')}, and ${300_000 - MAX_LISTED_ITEMS} more`);
    expect(listedItems(['a', 'b'])).toBe('a, b');
    expect(listedItems(['a', 'b', 'c'], 2, '; ')).toBe('a; b; and 1 more');
  });

  it('holds for any text: bounded, unchanged when it fits, well-formed when the input was', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 3000 }), fc.nat({ max: 3000 }), (s, extra) => {
        const text = s + 'x'.repeat(extra);
        const f = warning('X', text, { fix: text });
        expect(f.message.length).toBeLessThanOrEqual(BOUND);
        expect(f.fix).toBe(f.message);
        if (text.length <= MAX_MESSAGE_LENGTH) expect(f.message).toBe(text);
        else expect(text.startsWith(f.message.slice(0, f.message.lastIndexOf('…')))).toBe(true);
        expect(isWellFormedText(f.message)).toBe(isWellFormedText(text));
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('half a surrogate pair is a located finding, never "could not complete"', () => {
  const json = (text: string) => parseJsonDocument('reports/r.json', Buffer.from(text, 'utf8'));

  it('the control: a whole pair written as two escapes is one character', () => {
    const doc = json('{"a": "\\ud83d\\ude00"}');
    expect(doc.problems).toEqual([]);
    expect(doc.value).toEqual({ a: '😀' });
  });

  it.each([
    ['a lone high half', '"x\\ud800y"', '\\ud800', 10],
    ['a lone low half', '"\\udc00"', '\\udc00', 9],
    ['the halves reversed', '"\\udc00\\ud800"', '\\udc00', 9],
    ['a high half followed by another escape', '"\\uD800\\u0041"', '\\uD800', 9],
    ['a high half at the end of the string', '"ab\\udbff"', '\\udbff', 11],
  ])('JSON: %s is LONE_SURROGATE at its line and column', (_what, literal, escape, column) => {
    const doc = json(`{\n  "a": ${literal}\n}\n`);
    expect(doc.value).toBeUndefined();
    expect(doc.problems[0]).toEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'LONE_SURROGATE',
        file: 'reports/r.json',
        pointer: '/a',
        line: 2,
        column,
        message: `The escape ${escape} at line 2, column ${column} is half of a UTF-16 surrogate pair without its other half: it is not a character.`,
      }),
    );
  });

  it('for any sequence of \\u escapes, both parsers read well-formed text or report LONE_SURROGATE, never throw', () => {
    const unit = fc.oneof(fc.integer({ min: 0xd7f0, max: 0xe010 }), fc.integer({ min: 0x20, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }), (units) => {
        const text = String.fromCharCode(...units);
        const escaped = units.map((u) => `\\u${u.toString(16).padStart(4, '0')}`).join('');
        for (const doc of [
          parseJsonDocument('f.json', Buffer.from(`{"a": "${escaped}"}`)),
          parseYamlDocument('f.yml', Buffer.from(`a: "${escaped}"\n`)),
        ]) {
          if (isWellFormedText(text)) {
            expect(doc.problems).toEqual([]);
            expect(doc.value).toEqual({ a: text });
          } else {
            expect(doc.value).toBeUndefined();
            expect(doc.problems.map((p) => p.code)).toContain('LONE_SURROGATE');
            expect(doc.problems.every((p) => p.line === 1)).toBe(true);
          }
        }
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  it('JSON: in a property name too', () => {
    const doc = json('{\n  "ok": 1,\n  "k\\udfff": 2\n}');
    expect(doc.value).toBeUndefined();
    expect(doc.problems).toEqual([expect.objectContaining({ code: 'LONE_SURROGATE', line: 3, column: 5 })]);
  });

  it('YAML: a lone half in a double-quoted value or key, with \\u or \\U, is LONE_SURROGATE at the scalar', () => {
    const value = parseYamlDocument('p.yml', Buffer.from('version: 1\nbias:\n  reviewerRole: "x\\ud800"\n'));
    expect(value.value).toBeUndefined();
    expect(value.problems).toEqual([
      expect.objectContaining({ code: 'LONE_SURROGATE', pointer: '/bias/reviewerRole', line: 3, column: 17 }),
    ]);
    const key = parseYamlDocument('p.yml', Buffer.from('version: 1\n"k\\U0000DC00": 1\n'));
    expect(key.problems).toEqual([
      expect.objectContaining({ code: 'LONE_SURROGATE', pointer: '/k\udc00', line: 2, column: 1 }),
    ]);
    expect(key.problems[0]!.message).toContain('The escape \\uDC00 at line 2, column 1');
    const pair = parseYamlDocument('p.yml', Buffer.from('version: 1\nx: "\\ud83d\\ude00"\n'));
    expect(pair.problems).toEqual([]);
    expect(pair.value).toEqual({ version: 1, x: '😀' });
  });

  it.each([
    ['JSON', parseJsonDocument, '{\n  "a": "caf', '"\n}\n'],
    ['YAML', parseYamlDocument, 'version: 1\na: caf', '\n'],
  ])('%s: raw invalid UTF-8 bytes are INVALID_UTF8 at their line and column', (_kind, parse, before, after) => {
    const bytes = Buffer.concat([Buffer.from(before), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(after)]);
    const doc = parse('f', bytes);
    expect(doc.problems).toEqual([
      expect.objectContaining({ code: 'INVALID_UTF8', line: 2, column: before.length - before.lastIndexOf('\n') }),
    ]);
  });

  describe('through mlgov check', () => {
    let repo: ReturnType<typeof createReleaseRepo> | undefined;
    afterEach(() => repo?.remove());

    it('names the bias report, line and column (exit 1), with no "could not complete"', async () => {
      repo = createReleaseRepo();
      const path = join(repo.dir, 'reports/latest-bias-report.json');
      const text = readFileSync(path, 'utf8');
      const edited = text.replace('"positiveLabel": "', '"positiveLabel": "\\ud800');
      expect(edited).not.toBe(text);
      writeFileSync(path, edited);
      const line = edited.split('\n').findIndex((l) => l.includes('\\ud800')) + 1;
      const run = await runMlgov(['check', '--offline', '--base', 'main', '--format', 'json'], { cwd: repo.dir });
      expect(run.stderr).not.toContain('could not complete');
      const report = JSON.parse(run.stdout) as { checks: Array<{ findings: Finding[] }> };
      const findings = report.checks.flatMap((c) => c.findings);
      expect(findings).toContainEqual(
        expect.objectContaining({ code: 'LONE_SURROGATE', file: 'reports/latest-bias-report.json', line }),
      );
      expect(run.code).toBe(1);
    });
  });
});

describe('a manifest key of 4 MiB', () => {
  let repo: ReturnType<typeof createReleaseRepo> | undefined;
  afterEach(() => repo?.remove());

  it('is a schema finding at its line in a short report (the key is not repeated in message, fix or pointer)', async () => {
    repo = createReleaseRepo();
    const path = join(repo.dir, 'model/manifest.json');
    const text = readFileSync(path, 'utf8');
    const edited = text.replace('"pipeline":', `"${'k'.repeat(4 * 1024 * 1024)}": 1, "pipeline":`);
    writeFileSync(path, edited);
    const line = edited.split('\n').findIndex((l) => l.includes('"kkkk')) + 1;
    const run = await runMlgov(['check', '--offline', '--base', 'main', '--format', 'json'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(run.stdout.length + run.stderr.length).toBeLessThan(64 * 1024);
    const report = JSON.parse(run.stdout) as { checks: Array<{ findings: Finding[] }> };
    expect(report.checks.flatMap((c) => c.findings)).toContainEqual(
      expect.objectContaining({
        code: 'SCHEMA_PROPERTY_NAMES',
        file: 'model/manifest.json',
        pointer: '/provenance/training',
        line,
      }),
    );
  }, 400_000);
});

describe('a bias report of 300 000 groups', () => {
  let repo: ReturnType<typeof createReleaseRepo> | undefined;
  afterEach(() => repo?.remove());
  // The 13 MB report runs through the CLI bundled from src/ (as scripts/bundle.mjs does), in a process of its own:
  // 10–14 s where the sources in-process under ts-jest took 17–22 s.
  let cliDir: string | undefined;
  let cli: string;
  beforeAll(async () => {
    cliDir = mkdtempSync(join(tmpdir(), 'mlgov-cli-bundle-'));
    cli = join(cliDir, 'cli.js');
    await bundleCli(cli);
  }, 120_000);
  afterAll(() => {
    if (cliDir) rmSync(cliDir, { recursive: true, force: true });
  });

  it('is one schema finding at the groups, in a short report with short messages', async () => {
    repo = createReleaseRepo();
    const path = join(repo.dir, 'reports/latest-bias-report.json');
    const line = writeReportOf300kGroups(path);

    const run = spawnSync(process.execPath, [cli, 'check', '--offline', '--base', 'main', '--format', 'json'], {
      cwd: repo.dir,
      encoding: 'utf8',
      maxBuffer: 1 << 28, // a report that is not short fails the length check below, not the pipe
    });
    expect(run.error).toBeUndefined();
    // Judged and failed (exit 1, no signal), with no stack trace and no "could not complete".
    expect({ status: run.status, signal: run.signal }).toEqual({ status: 1, signal: null });
    expect(run.stderr).not.toMatch(/could not complete|\n\s+at .+:\d+:\d+|node:internal|UnhandledPromiseRejection/);
    expect(run.stdout.length + run.stderr.length).toBeLessThan(64 * 1024);
    const report = JSON.parse(run.stdout) as Report;
    // `--format text` is this same report through the CLI's one format-to-renderer mapping (renderReport): the JSON
    // report is the report as built, read back whole (it renders to the same bytes), so a second 13 MB run would
    // only repeat the gate.
    expect(renderReport(report, 'json')).toBe(run.stdout);
    expect(renderReport(report, 'text').length + run.stderr.length).toBeLessThan(64 * 1024);
    const findings = report.checks.flatMap((c) => c.findings);
    expect(findings).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'SCHEMA_MAX_ITEMS',
        file: 'reports/latest-bias-report.json',
        pointer: '/attributes/0/groups',
        line,
      }),
    );
    for (const f of findings) expect(f.message.length).toBeLessThanOrEqual(BOUND);
  }, 400_000);
});

/**
 * Writes the example bias report with 300 000 groups in its first attribute, all on one line (13 MB: under the
 * 16 MiB file limit, so the parser and schema really see them); returns the line of `"groups": [`.
 */
function writeReportOf300kGroups(path: string): number {
  const report = JSON.parse(readFileSync(path, 'utf8')) as { attributes: Array<{ groups: unknown[] }> };
  const groups = Array.from({ length: 300_000 }, (_, i) => ({ group: `g${i}`, n: 1, selectionRate: 0.5 }));
  report.attributes[0]!.groups = ['GROUPS'];
  const text = JSON.stringify(report, null, 2).replace(/\[\s*"GROUPS"\s*\]/, JSON.stringify(groups));
  expect(text.length).toBeLessThan(16 * 1024 * 1024);
  writeFileSync(path, text + '\n');
  return (
    readFileSync(path, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('"groups": [')) + 1
  );
}
