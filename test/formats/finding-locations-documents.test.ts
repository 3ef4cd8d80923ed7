/**
 * Where the findings about documents point (issue #16): their bytes (FILE_TOO_LARGE), their YAML (tags, keys,
 * aliases), a document with nothing in it (DOCUMENT_UNREADABLE), the base's manifest (BASE_MANIFEST_INVALID,
 * BASE_VERSION_INVALID), the release timeline (TIMESTAMP_INVALID) and git itself (NOT_A_GIT_REPOSITORY).
 *
 * Each case produces the finding through the code that emits it (the parser, the check, or the gate on a real temp
 * directory) and asserts its exact code, file, JSON pointer, line and column. Expected positions are computed from
 * the text the test wrote (`positionIn`), never copied from what the code returned.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSchemaCheck } from '../../src/checks/schema.js';
import type { Finding } from '../../src/formats/finding.js';
import { DEFAULT_MAX_BYTES, parseJsonDocument } from '../../src/formats/json-document.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { ParsedDocument } from '../../src/formats/parsed-document.js';
import { parseYamlDocument } from '../../src/formats/yaml-document.js';
import { runGate } from '../../src/gate/run-gate.js';
import { DEFAULT_POLICY } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/policy/policy.js';
import type { Report } from '../../src/release/report.js';
import { bindRelease, createReleaseRepo } from '../support/example-release.js';
import { PROJECT_ROOT } from '../support/git-repo.js';
import { contextWith } from '../support/release-context.js';

const MANIFEST = 'model/manifest.json';
const REPORT = 'reports/latest-bias-report.json';
const POLICY = '.github/governance-policy.yml';
const TAG_FIX = 'Remove the tag and write a plain string, number, boolean, list or mapping.';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** 1-based line and column (UTF-16 units, like the parsers) of the first `needle` in `text`, plus `shift` units. */
function positionIn(text: string, needle: string, shift = 0): { line: number; column: number } {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`${needle} is not in the text`);
  const before = text.slice(0, index + shift);
  return { line: before.split('\n').length, column: index + shift - before.lastIndexOf('\n') };
}

function yaml(text: string): ParsedDocument {
  return parseYamlDocument(POLICY, Buffer.from(text));
}

/** The example release on `main` with a `release` branch checked out, removed after the test. */
function releaseRepo(...args: Parameters<typeof createReleaseRepo>): ReturnType<typeof createReleaseRepo> {
  const repo = createReleaseRepo(...args);
  cleanups.push(() => repo.remove());
  return repo;
}

/** The PR's 2.5.0 on the `release` branch (a promotion that is otherwise in order), committed. */
function promote(repo: ReturnType<typeof createReleaseRepo>): string {
  bindRelease(repo.dir, repo.seed, {
    manifest: (m) => {
      m.version = '2.5.0';
      m.release = { type: 'promotion', reason: 'Retrain on the November feature snapshot' };
    },
  });
  repo.commitAll('MLGOV-124 promote 2.5.0');
  return readFileSync(join(repo.dir, MANIFEST), 'utf8');
}

function gate(dir: string): Promise<Report> {
  return runGate({ repoRoot: dir, baseRef: 'main', offline: true });
}

function findingsOf(report: Report, id: string): Finding[] {
  return report.checks.find((c) => c.id === id)!.findings;
}

describe('the bytes of a document: FILE_TOO_LARGE', () => {
  it('one byte over 16 MiB is FILE_TOO_LARGE at the top of the file; exactly 16 MiB is read', () => {
    const json = '{"version": "2.4.0"}';
    const padded = (bytes: number) => Buffer.from(json + ' '.repeat(bytes - json.length));

    const over = parseJsonDocument(MANIFEST, padded(DEFAULT_MAX_BYTES + 1));
    expect(over.value).toBeUndefined();
    expect(over.problems).toEqual([
      {
        severity: 'error',
        code: 'FILE_TOO_LARGE',
        message: `${MANIFEST} is ${DEFAULT_MAX_BYTES + 1} bytes, more than the limit of ${DEFAULT_MAX_BYTES} bytes (16 MiB).`,
        file: MANIFEST,
        pointer: '',
        line: 1,
        column: 1,
        fix: 'Keep large data out of this file: list artifacts by path and digest instead of embedding them.',
      },
    ]);

    const limit = parseJsonDocument(MANIFEST, padded(DEFAULT_MAX_BYTES));
    expect(limit).toMatchObject({ value: { version: '2.4.0' }, problems: [] });
  });

  it('a PR that pads its manifest past 16 MiB fails the schema check at the manifest, and no check reads it', async () => {
    const repo = releaseRepo();
    const text = promote(repo);
    writeFileSync(join(repo.dir, MANIFEST), text + ' '.repeat(DEFAULT_MAX_BYTES));
    repo.commitAll('MLGOV-124 pad the manifest');

    const report = await gate(repo.dir);
    expect(report.verdict).toBe('fail');
    expect(findingsOf(report, 'schema')).toMatchObject([
      { severity: 'error', code: 'FILE_TOO_LARGE', file: MANIFEST, pointer: '', line: 1, column: 1 },
    ]);
    expect(report.checks.find((c) => c.id === 'version')!.status).toBe('skip');
  });
});

describe('a document with no value and no problem: DOCUMENT_UNREADABLE', () => {
  // The gatherer never builds such a document (both parsers and gather.ts's unreadDocument record a problem
  // whenever there is no value); the schema check still fails closed on one rather than validating nothing.
  const empty = <T>(file: string): ParsedDocument<T> => ({
    file,
    value: undefined,
    positions: {},
    problems: [],
    sha256: '0'.repeat(64),
  });

  it('the manifest is DOCUMENT_UNREADABLE at its root, with no line (it has no text positions)', () => {
    const ctx = contextWith({ manifest: empty<Manifest>(MANIFEST) });
    const result = runSchemaCheck(ctx, DEFAULT_POLICY);
    const unreadable = result.findings.find((f) => f.code === 'DOCUMENT_UNREADABLE')!;
    expect(unreadable).toEqual({
      severity: 'error',
      code: 'DOCUMENT_UNREADABLE',
      message: `${MANIFEST} could not be read.`,
      file: MANIFEST,
      pointer: '',
      fix: `Check that ${MANIFEST} exists and is valid JSON.`,
    });
    expect(unreadable.line).toBeUndefined();
    expect(unreadable.column).toBeUndefined();
    expect(result.status).toBe('fail');
  });

  it("the base's judging policy is DOCUMENT_UNREADABLE too, and then the gate could not judge (indeterminate)", () => {
    const manifest = parseJsonDocument(
      MANIFEST,
      readFileSync(join(PROJECT_ROOT, MANIFEST)),
    ) as ParsedDocument<Manifest>;
    const ctx = contextWith({ manifest, policyDocument: empty<Policy>(POLICY), policySource: 'base' });
    const findings = runSchemaCheck(ctx, DEFAULT_POLICY).findings.filter((f) => f.file === POLICY);
    expect(findings).toEqual([
      {
        severity: 'error',
        indeterminate: true,
        code: 'DOCUMENT_UNREADABLE',
        message: `${POLICY} could not be read. (base revision)`,
        file: POLICY,
        pointer: '',
        fix: `Check that ${POLICY} exists and is valid YAML. The gate cannot judge any release until the policy that judges it is valid.`,
      },
    ]);
    expect(findings[0]!.line).toBeUndefined();
  });
});

describe('the YAML of a policy', () => {
  it('YAML_UNSUPPORTED_TAG: reported once, at the tagged value, with its pointer', () => {
    const text = 'version: 1\nmodel:\n  manifest: !!binary bW9kZWwvbWFuaWZlc3QuanNvbg==\n';
    const doc = yaml(text);
    expect(doc.value).toBeUndefined();
    const value = positionIn(text, 'bW9kZWwv');
    expect(value.line).toBe(3);
    expect(doc.problems).toEqual([
      {
        severity: 'error',
        code: 'YAML_UNSUPPORTED_TAG',
        message: `The value at line 3, column ${value.column} is tagged tag:yaml.org,2002:binary, which is not accepted: only plain YAML values are.`,
        file: POLICY,
        pointer: '/model/manifest',
        line: value.line,
        column: value.column,
        fix: TAG_FIX,
      },
    ]);
  });

  it('YAML_UNSUPPORTED_TAG: a local tag on a mapping is reported once, at the mapping it tags', () => {
    const text = 'version: 1\napprovals: !board\n  maxAgeDays: 30\n';
    const doc = yaml(text);
    expect(doc.problems.map((p) => [p.code, p.pointer, p.line, p.column])).toEqual([
      ['YAML_UNSUPPORTED_TAG', '/approvals', ...Object.values(positionIn(text, 'maxAgeDays'))],
    ]);
  });

  it('YAML_UNSUPPORTED_TAG: a tag on a key, which the walk does not see, is still reported (by the YAML reader)', () => {
    const text = 'version: 1\n!custom approvals: 3\n';
    const doc = yaml(text);
    expect(doc.value).toBeUndefined();
    const tag = positionIn(text, '!custom');
    expect(doc.problems).toEqual([
      {
        severity: 'error',
        code: 'YAML_UNSUPPORTED_TAG',
        message: `Unresolved tag: !custom at line ${tag.line}, column ${tag.column}: only plain YAML values are accepted.`,
        file: POLICY,
        pointer: '',
        line: tag.line,
        column: tag.column,
        fix: TAG_FIX,
      },
    ]);
  });

  it("YAML_UNSUPPORTED_TAG in the PR's own policy is the PR's error (the base's policy still judges)", async () => {
    const repo = releaseRepo();
    promote(repo);
    const text = readFileSync(join(repo.dir, POLICY), 'utf8')
      .replace(/^version: 1$/m, 'version: !!int 1')
      .replace(/^model: \{/m, 'model: !override {');
    writeFileSync(join(repo.dir, POLICY), text);
    repo.commitAll('MLGOV-124 tag the policy');

    const report = await gate(repo.dir);
    expect(report.policySource).toBe('base');
    const mapping = positionIn(text, '!override {', '!override '.length);
    const qualifier = " (this pull request's version)";
    expect(findingsOf(report, 'schema').filter((f) => f.file === POLICY)).toEqual([
      {
        severity: 'error',
        code: 'YAML_UNSUPPORTED_TAG',
        message: `The value at line ${mapping.line}, column ${mapping.column} is tagged !override, which is not accepted: only plain YAML values are.${qualifier}`,
        file: POLICY,
        pointer: '/model',
        line: mapping.line,
        column: mapping.column,
        fix: TAG_FIX,
      },
    ]);
    expect(report.verdict).toBe('fail');
  });

  it('YAML_COMPLEX_KEY: a list as a key is reported at the key, pointing at the mapping that holds it', () => {
    const text = 'version: 1\nbias:\n  ? [minGroupSize, maxExcludedShare]\n  : 30\n';
    const doc = yaml(text);
    const key = positionIn(text, '[minGroupSize');
    expect(key).toEqual({ line: 3, column: 5 });
    expect(doc.problems).toEqual([
      {
        severity: 'error',
        code: 'YAML_COMPLEX_KEY',
        message: `The key at line 3, column 5 is not a plain value (lists, mappings and aliases cannot be keys here).`,
        file: POLICY,
        pointer: '/bias',
        line: key.line,
        column: key.column,
        fix: 'Use a plain string as the key.',
      },
    ]);
  });

  it('YAML_COMPLEX_KEY: an alias as a top-level key points at the root', () => {
    const text = 'version: 1\nrole: &r governance-board\n*r : 2\n';
    const doc = yaml(text);
    expect(doc.problems).toMatchObject([
      { code: 'YAML_COMPLEX_KEY', file: POLICY, pointer: '', ...positionIn(text, '*r :') },
    ]);
    expect(doc.problems[0]!.line).toBe(3);
  });

  it('YAML_ALIAS_LIMIT: an alias bomb is refused at the top of the file; a few aliases are read', () => {
    const bomb = [
      'version: 1',
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      '',
    ].join('\n');
    const doc = yaml(bomb);
    expect(doc.value).toBeUndefined();
    expect(doc.problems).toHaveLength(1);
    expect(doc.problems[0]).toMatchObject({
      severity: 'error',
      code: 'YAML_ALIAS_LIMIT',
      file: POLICY,
      pointer: '',
      line: 1,
      column: 1,
      fix: 'Write the values out instead of repeating them through anchors and aliases.',
    });
    expect(doc.problems[0]!.message).toMatch(/^\.github\/governance-policy\.yml expands aliases more than 100 times/);

    expect(yaml('version: 1\na: &a [x, y]\nb: *a\n')).toMatchObject({ value: { b: ['x', 'y'] }, problems: [] });
  });
});

describe("the base's manifest: BASE_MANIFEST_INVALID, BASE_VERSION_INVALID", () => {
  it.each([
    ['a duplicate key', (t: string) => t.replace('"version": "2.4.0",', '"version": "2.4.0",\n  "version": "2.3.9",')],
    ['a JSON value that is not an object', () => 'null\n'],
  ])(
    "a base manifest with %s is BASE_MANIFEST_INVALID at the PR's /version: could not judge, whatever the PR says",
    async (_what, breakIt) => {
      const repo = releaseRepo();
      repo.git('checkout', '-q', 'main');
      writeFileSync(join(repo.dir, MANIFEST), breakIt(readFileSync(join(repo.dir, MANIFEST), 'utf8')));
      repo.commitAll('Break the release on main');
      repo.git('checkout', '-q', '-b', 'promote');
      writeFileSync(join(repo.dir, MANIFEST), readFileSync(join(PROJECT_ROOT, MANIFEST)));
      const version = positionIn(promote(repo), '"2.5.0"');

      const report = await gate(repo.dir);
      expect(report.judged).toBe(false);
      expect(findingsOf(report, 'version')).toEqual([
        {
          severity: 'error',
          indeterminate: true,
          code: 'BASE_MANIFEST_INVALID',
          message: `The base release's manifest (${MANIFEST} at main) could not be parsed, so the version cannot be compared.`,
          file: MANIFEST,
          pointer: '/version',
          line: version.line,
          column: version.column,
          fix: 'Repair the manifest on main, or compare with another base (--base).',
        },
      ]);
    },
  );

  it("a base version that is not strict SemVer is BASE_VERSION_INVALID at the PR's /version", async () => {
    const repo = releaseRepo({ manifest: (m) => void (m.version = 'v2.4.0') });
    const version = positionIn(promote(repo), '"2.5.0"');

    const report = await gate(repo.dir);
    expect(report.judged).toBe(false);
    expect(findingsOf(report, 'version')).toEqual([
      {
        severity: 'error',
        indeterminate: true,
        code: 'BASE_VERSION_INVALID',
        message: `The base release's version "v2.4.0" (main) is not a valid semantic version, so 2.5.0 cannot be compared with it.`,
        file: MANIFEST,
        pointer: '/version',
        line: version.line,
        column: version.column,
        fix: 'Correct the version on main, or compare with another base (--base).',
      },
    ]);
  });
});

describe('provenance: TIMESTAMP_INVALID, NOT_A_GIT_REPOSITORY', () => {
  it('a leap second passes the schema but is no instant: TIMESTAMP_INVALID in the manifest and in the bias report', async () => {
    const leap = '2016-12-31T23:59:60Z';
    const repo = releaseRepo();
    bindRelease(repo.dir, repo.seed, {
      manifest: (m) => void (m.provenance.training.startedAt = leap),
      report: (r) => void (r.generatedAt = leap),
    });
    repo.commitAll('MLGOV-124 leap second');
    const started = positionIn(readFileSync(join(repo.dir, MANIFEST), 'utf8'), `"${leap}"`);
    const generated = positionIn(readFileSync(join(repo.dir, REPORT), 'utf8'), `"${leap}"`);
    const fix = 'Write an RFC 3339 date-time with a time zone, e.g. 2026-10-31T03:10:00Z.';

    const report = await gate(repo.dir);
    expect(findingsOf(report, 'schema')).toEqual([]);
    expect(findingsOf(report, 'provenance')).toEqual([
      {
        severity: 'error',
        code: 'TIMESTAMP_INVALID',
        message: `provenance.training.startedAt "${leap}" is not a valid date-time.`,
        file: MANIFEST,
        pointer: '/provenance/training/startedAt',
        line: started.line,
        column: started.column,
        fix,
      },
      {
        severity: 'error',
        code: 'TIMESTAMP_INVALID',
        message: `the bias report generatedAt "${leap}" is not a valid date-time.`,
        file: REPORT,
        pointer: '/generatedAt',
        line: generated.line,
        column: generated.column,
        fix,
      },
    ]);
  });

  it('outside a git repository the code commit cannot be verified: NOT_A_GIT_REPOSITORY at the commit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgov-not-git-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    for (const p of ['model', 'reports', POLICY]) cpSync(join(PROJECT_ROOT, p), join(dir, p), { recursive: true });
    const text = readFileSync(join(dir, MANIFEST), 'utf8');
    const commit = (JSON.parse(text) as Manifest).provenance.code.commit;
    const at = positionIn(text, `"${commit}"`);

    const report = await gate(dir);
    expect(report.judged).toBe(false);
    expect(findingsOf(report, 'provenance').filter((f) => f.code === 'NOT_A_GIT_REPOSITORY')).toEqual([
      {
        severity: 'error',
        indeterminate: true,
        code: 'NOT_A_GIT_REPOSITORY',
        message: `The code commit ${commit} cannot be verified: the working directory is not a git repository.`,
        file: MANIFEST,
        pointer: '/provenance/code/commit',
        line: at.line,
        column: at.column,
        fix: 'Run mlgov inside a clone of the repository (actions/checkout in CI).',
      },
    ]);
  });
});
