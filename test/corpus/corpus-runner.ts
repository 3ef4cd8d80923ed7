/**
 * Runs the bad-input corpus (test/corpus/cases/*.json) through the real CLI, in-process, one shared temp repository
 * per case family. Every case states its expected outcome; the runner proves each one ends in exactly that outcome
 * and never in a pass, a crash, a hang, a stack trace or a leaked secret.
 *
 * A case is: an input (a document's bytes, given as text, base64, a JSON patch of the family's coherent document or
 * a generator for inputs too big to commit), optional filesystem set-up (symlinks, loops, FIFOs, directories), and
 * the expected outcome: exit 1 with named finding codes, or exit 2 with named codes or a reason on stderr.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify as stringifyYaml, parse as parseYaml } from 'yaml';
import { runMlgov, type CapturedRun } from '../support/cli-io.js';
import { PROJECT_ROOT } from '../support/git-repo.js';

/** One edit of the family's coherent document. `raw` replaces the value with a literal JSON fragment. */
export type PatchOp =
  | { op: 'set'; path: string; value: unknown }
  | { op: 'raw'; path: string; raw: string }
  | { op: 'remove'; path: string };

/** What a case writes into its target file. */
export type CaseInput =
  | { text: string }
  | { base64: string }
  | { patch: PatchOp[] }
  /** Generated at test time (never committed): big files, deep nesting, repeated text. */
  | { generate: Generator };

export type Generator =
  /** `open` repeated `depth` times, then `close` repeated as often (e.g. `[` / `]`). */
  | { kind: 'nest'; open: string; close: string; depth: number; prefix?: string; suffix?: string }
  /** `prefix` + `fill` repeated until the file has about `bytes` bytes + `suffix`. */
  | { kind: 'fill'; bytes: number; fill: string; prefix?: string; suffix?: string }
  /** The family's coherent document with spaces appended up to `bytes` (valid JSON, too big). */
  | { kind: 'padded'; bytes: number }
  /** The family's coherent document between `prefix` and `suffix` (base64 bytes). */
  | { kind: 'wrap'; prefixBase64?: string; suffixBase64?: string; suffixText?: string }
  /** The family's coherent document with the first occurrence of `find` replaced (text edits a patch cannot say). */
  | { kind: 'replace'; find: string; replace: string; all?: boolean }
  /** A line-wise edit of the family's coherent text file. */
  | { kind: 'lines'; op: 'uppercase' | 'swap-first-two' | 'drop-first' | 'drop-final-newline' };

/** Filesystem set-up, applied before the input; paths are repository-relative. */
export type FsOp =
  | { op: 'symlink'; path: string; to: string }
  | { op: 'fifo'; path: string }
  | { op: 'mkdir'; path: string }
  | { op: 'write'; path: string; text?: string; bytes?: number }
  | { op: 'remove'; path: string };

export interface ExpectedOutcome {
  exit: 1 | 2;
  /** Finding codes that must all be in the JSON report (exit 1: errors; exit 2: at least one indeterminate). */
  codes?: string[];
  /** Text that must appear on stderr (exit 2 without a report: the reason). */
  reason?: string;
  /** For `log verify`: the kind of chain break named. */
  breakKind?: string;
}

export interface CorpusCase {
  id: string;
  /** What the case tries, for people. */
  about: string;
  /** Repository-relative file the input is written to (default: the family's target). */
  target?: string;
  input?: CaseInput;
  setup?: FsOp[];
  /** Pull request text for the `jira` key rule (family `pr-metadata`). */
  pr?: { title?: string; body?: string; branch?: string };
  /** Extra argv for the command (e.g. `--policy FILE`). */
  args?: string[];
  expect: ExpectedOutcome;
  /** For the audit-log family: what `mlgov log verify` must do (default: as `expect`, when it names a break). */
  expectLog?: ExpectedOutcome;
  /** Set when the case exposes a bug not fixed yet: names the bug; the test runs as `it.failing`. */
  knownBug?: string;
}

export interface CorpusFamily {
  family: string;
  /** Repository-relative file the cases write to. */
  target: string;
  /** How the target is serialised when a case gives a patch. */
  format: 'json' | 'yaml' | 'text';
  cases: CorpusCase[];
}

/**
 * Reads a family file under test/corpus/cases/. Big strings are not committed: `{ "$repeat": "ab{i}", "times": n }`
 * anywhere in a case stands for the text repeated n times (`{i}` is the 0-based repetition), expanded here.
 */
export function readFamily(name: string): CorpusFamily {
  const text = readFileSync(join(PROJECT_ROOT, 'test/corpus/cases', `${name}.json`), 'utf8');
  return expandRepeats(JSON.parse(text)) as CorpusFamily;
}

function expandRepeats(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(expandRepeats);
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o['$concat'])) return (o['$concat'] as unknown[]).map((x) => String(expandRepeats(x))).join('');
  if (typeof o['$repeat'] === 'string' && typeof o['times'] === 'number') {
    const unit = o['$repeat'];
    if (!unit.includes('{i}')) return unit.repeat(o['times']);
    const parts: string[] = [];
    for (let i = 0; i < o['times']; i++) parts.push(unit.split('{i}').join(String(i)));
    return parts.join('');
  }
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, expandRepeats(x)]));
}

/** A stack trace line (`    at fn (file:1:2)`), or Node's uncaught-error banner. */
const STACK_TRACE = /\n\s+at .+:\d+:\d+|node:internal|\bUnhandledPromiseRejection\b/;

/** Placeholder for a `raw` fragment while the document is serialised. */
const RAW_MARK = '\u0000mlgov-raw-';

function tokens(path: string): string[] {
  if (path === '') return [];
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Applies the patch to a deep copy of `doc`; returns the serialised text (raw fragments spliced in). */
export function applyPatch(doc: unknown, ops: PatchOp[], format: 'json' | 'yaml'): string {
  const root = { v: structuredClone(doc) as unknown };
  const raws: string[] = [];
  for (const op of ops) {
    const t = tokens(op.path);
    let parent: Record<string, unknown> = root as unknown as Record<string, unknown>;
    let key = 'v';
    for (const tok of t) {
      const next = parent[key];
      if (typeof next !== 'object' || next === null) throw new Error(`corpus: ${op.path} does not exist`);
      parent = next as Record<string, unknown>;
      key = tok;
    }
    if (op.op === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (op.op === 'set') {
      Object.defineProperty(parent, key, { value: op.value, enumerable: true, writable: true, configurable: true });
    } else {
      raws.push(op.raw);
      Object.defineProperty(parent, key, {
        value: `${RAW_MARK}${raws.length - 1}`,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  let text = format === 'json' ? JSON.stringify(root.v, null, 2) + '\n' : stringifyYaml(root.v);
  raws.forEach((raw, i) => {
    // JSON.stringify and the yaml library both write the placeholder as a double-quoted string with a \u0000 or \0.
    const quoted = format === 'json' ? JSON.stringify(`${RAW_MARK}${i}`) : `"\\0mlgov-raw-${i}"`;
    text = text.split(quoted).join(raw);
  });
  return text;
}

/** The bytes a generator describes. */
export function generate(g: Generator, coherent: Buffer): Buffer {
  switch (g.kind) {
    case 'nest':
      return Buffer.from((g.prefix ?? '') + g.open.repeat(g.depth) + g.close.repeat(g.depth) + (g.suffix ?? ''));
    case 'fill': {
      const prefix = Buffer.from(g.prefix ?? '');
      const suffix = Buffer.from(g.suffix ?? '');
      const body = Buffer.alloc(Math.max(0, g.bytes - prefix.length - suffix.length), g.fill);
      return Buffer.concat([prefix, body, suffix]);
    }
    case 'padded':
      return Buffer.concat([coherent, Buffer.alloc(Math.max(0, g.bytes - coherent.length), ' ')]);
    case 'wrap':
      return Buffer.concat([
        Buffer.from(g.prefixBase64 ?? '', 'base64'),
        coherent,
        Buffer.from(g.suffixBase64 ?? '', 'base64'),
        Buffer.from(g.suffixText ?? '', 'utf8'),
      ]);
    case 'replace': {
      const text = coherent.toString('utf8');
      if (!text.includes(g.find)) throw new Error(`corpus: "${g.find}" is not in the coherent document`);
      return Buffer.from(g.all ? text.split(g.find).join(g.replace) : text.replace(g.find, () => g.replace), 'utf8');
    }
    case 'lines': {
      const lines = coherent.toString('utf8').split('\n');
      const last = lines.pop(); // '' after the final newline
      if (g.op === 'uppercase') return Buffer.from([...lines.map((l) => l.toUpperCase()), last].join('\n'));
      if (g.op === 'swap-first-two') return Buffer.from([lines[1], lines[0], ...lines.slice(2), last].join('\n'));
      if (g.op === 'drop-first') return Buffer.from([...lines.slice(1), last].join('\n'));
      return Buffer.from(lines.join('\n'));
    }
  }
}

/** The bytes a case writes into its target (undefined: the case only changes the filesystem). */
export function caseBytes(c: CorpusCase, family: Pick<CorpusFamily, 'format'>, coherent: Buffer): Buffer | undefined {
  const input = c.input;
  if (!input) return undefined;
  if ('text' in input) return Buffer.from(input.text, 'utf8');
  if ('base64' in input) return Buffer.from(input.base64, 'base64');
  if ('generate' in input) return generate(input.generate, coherent);
  const format = family.format === 'yaml' ? 'yaml' : 'json';
  const doc = format === 'yaml' ? parseYaml(coherent.toString('utf8')) : JSON.parse(coherent.toString('utf8'));
  return Buffer.from(applyPatch(doc, input.patch, format), 'utf8');
}

/** Applies filesystem set-up inside the repository. */
export function applySetup(dir: string, ops: FsOp[] = []): void {
  for (const op of ops) {
    const abs = join(dir, op.path);
    switch (op.op) {
      case 'remove':
        rmSync(abs, { recursive: true, force: true });
        break;
      case 'mkdir':
        rmSync(abs, { recursive: true, force: true });
        mkdirSync(abs, { recursive: true });
        break;
      case 'symlink':
        rmSync(abs, { recursive: true, force: true });
        mkdirSync(dirname(abs), { recursive: true });
        symlinkSync(op.to, abs);
        break;
      case 'fifo':
        rmSync(abs, { recursive: true, force: true });
        mkdirSync(dirname(abs), { recursive: true });
        execFileSync('mkfifo', [abs]);
        break;
      case 'write':
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, op.bytes !== undefined ? Buffer.alloc(op.bytes, 'x') : (op.text ?? ''));
        break;
    }
  }
}

/** Restores the repository to its committed state (the family's coherent release). */
export function resetRepository(dir: string): void {
  execFileSync('git', ['reset', '-q', '--hard'], { cwd: dir });
  execFileSync('git', ['clean', '-q', '-fdx'], { cwd: dir });
}

/** What a case run produced, and every problem with it (empty when the case ended as expected). */
export interface CaseVerdict {
  run: CapturedRun;
  problems: string[];
  codes: string[];
}

interface ReportShape {
  verdict?: string;
  checks?: Array<{ findings?: Array<{ code?: string; indeterminate?: boolean; severity?: string }> }>;
}

/** Judges one run against the case's expectation; also the no-crash/no-trace/no-pass/no-leak rules. */
export function judgeRun(
  c: CorpusCase,
  run: CapturedRun,
  opts: { secrets?: string[]; json: 'report' | 'log-verify' | 'none' },
): CaseVerdict {
  const problems: string[] = [];
  const all = run.stdout + '\n' + run.stderr;
  if (run.code === 0) problems.push('PASSED (exit 0): a bad input must never pass');
  if (run.code !== c.expect.exit) problems.push(`exit ${run.code}, expected ${c.expect.exit}`);
  if (STACK_TRACE.test(all)) problems.push(`printed a stack trace: ${all.slice(0, 400)}`);
  if (/could not complete:/.test(run.stderr)) problems.push(`unexpected internal failure: ${run.stderr.slice(0, 300)}`);
  for (const s of opts.secrets ?? []) if (all.includes(s)) problems.push('leaked a secret into the output');
  let codes: string[] = [];
  if (opts.json === 'report' && run.stdout.trim() !== '') {
    let report: ReportShape | undefined;
    try {
      report = JSON.parse(run.stdout) as ReportShape;
    } catch {
      problems.push(`stdout is not a JSON report: ${run.stdout.slice(0, 200)}`);
    }
    if (report) {
      if (report.verdict === 'pass') problems.push('report verdict is pass');
      const findings = (report.checks ?? []).flatMap((ch) => ch.findings ?? []);
      codes = findings.filter((f) => f.severity === 'error').map((f) => String(f.code));
      for (const want of c.expect.codes ?? []) {
        if (!codes.includes(want))
          problems.push(`no error finding ${want} (got ${[...new Set(codes)].join(', ') || 'none'})`);
      }
      if (
        c.expect.exit === 2 &&
        c.expect.codes &&
        !findings.some((f) => f.indeterminate && c.expect.codes!.includes(String(f.code)))
      ) {
        problems.push(`none of ${c.expect.codes.join(', ')} is marked indeterminate`);
      }
    }
  } else if (opts.json === 'log-verify') {
    try {
      const v = JSON.parse(run.stdout) as { ok?: boolean; break?: { kind?: string } };
      if (v.ok !== false) problems.push('log verify said ok');
      codes = v.break?.kind ? [v.break.kind] : [];
      if (c.expect.breakKind && v.break?.kind !== c.expect.breakKind)
        problems.push(`break kind ${String(v.break?.kind)}, expected ${c.expect.breakKind}`);
    } catch {
      if (!c.expect.reason)
        problems.push(`log verify printed no JSON: ${run.stdout.slice(0, 200)} ${run.stderr.slice(0, 200)}`);
    }
  } else if (c.expect.codes?.length && run.stdout.trim() === '') {
    problems.push(`no report on stdout (stderr: ${run.stderr.slice(0, 300)})`);
  }
  if (c.expect.reason && !run.stderr.includes(c.expect.reason) && !run.stdout.includes(c.expect.reason)) {
    problems.push(`reason "${c.expect.reason}" not in the output (stderr: ${run.stderr.slice(0, 300)})`);
  }
  return { run, problems, codes };
}

/** Runs mlgov in-process for a case, with a deadline so a hang is reported as such instead of stalling the suite. */
export async function runCase(
  argv: string[],
  cwd: string,
  env: Record<string, string>,
  deadlineMs = 60_000,
): Promise<CapturedRun> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<CapturedRun>((resolve) => {
    timer = setTimeout(
      () => resolve({ code: -1, stdout: '', stderr: `HUNG: no result after ${deadlineMs} ms` }),
      deadlineMs,
    );
  });
  try {
    return await Promise.race([runMlgov(argv, { cwd, env }), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
