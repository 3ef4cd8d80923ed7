import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeRepositoryFile } from '../../adapters/atomic-file.js';
import { observeFiles } from '../../adapters/file-hasher.js';
import { isCiEnvironment } from '../../adapters/hash-cache.js';
import { verificationSummary } from '../../checks/checksums.js';
import { lexicalPathProblem } from '../../adapters/repository-path.js';
import { manifestDigest } from '../../formats/canonical-digest.js';
import { parseJsonDocument } from '../../formats/json-document.js';
import { pointer } from '../../formats/json-pointer.js';
import type { Manifest, ManifestApproval } from '../../formats/manifest.js';
import type { ParsedDocument } from '../../formats/parsed-document.js';
import type { FileVerification, ObservedFile } from '../../release/release-context.js';
import { DEFAULT_POLICY_PATH, loadWorkingPolicy } from '../../policy/read-policy.js';
import type { Policy } from '../../policy/policy.js';
import { startHashProgress } from '../../render/progress.js';
import {
  booleanOption,
  CliError,
  commonOptions,
  formatOption,
  stringOption,
  UsageError,
  type CliCommand,
  type CliIo,
} from '../cli-io.js';

/** How a declared file compares with the file on disk. */
export type FileStatus =
  'ok' | 'mismatch' | 'missing' | 'outside-repository' | 'not-a-file' | 'unreadable' | 'not-hashed';

/** One line of the table: a manifest entry, what it declares and what was found. */
export interface ChecksumRow {
  role: 'artifact' | 'bias-report';
  path: string;
  /** Pointers of the entry's members in the manifest. */
  sha256Pointer: string;
  sizePointer?: string;
  declared: { sha256?: string; size?: number };
  observed: ObservedFile;
  status: FileStatus;
}

/** One member the write plan changes. */
export interface ManifestChange {
  pointer: string;
  from: unknown;
  to: string | number;
}

/** What `--write` would do: the new manifest text and the approvals it voids. */
export interface ChecksumsWritePlan {
  changes: ManifestChange[];
  text: string;
  digestBefore: string;
  digestAfter: string;
  /** Approvals that no longer count because the manifest digest changes. */
  voidedApprovals: ManifestApproval[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function statusOf(observed: ObservedFile, declared: { sha256?: string; size?: number }): FileStatus {
  switch (observed.kind) {
    case 'file': {
      const shaOk = typeof declared.sha256 === 'string' && declared.sha256.toLowerCase() === observed.sha256;
      const sizeOk = declared.size === undefined || declared.size === observed.size;
      return shaOk && sizeOk ? 'ok' : 'mismatch';
    }
    case 'unreadable':
      return observed.reason.startsWith('not hashed:') ? 'not-hashed' : 'unreadable';
    default:
      return observed.kind;
  }
}

/** The manifest's entries with their declared values; artifacts first, then the bias report. */
function declaredEntries(m: Record<string, unknown>): Array<Omit<ChecksumRow, 'observed' | 'status'>> {
  const entries: Array<Omit<ChecksumRow, 'observed' | 'status'>> = [];
  const artifacts = Array.isArray(m['artifacts']) ? m['artifacts'] : [];
  artifacts.forEach((a: unknown, i) => {
    if (!isObject(a) || typeof a['path'] !== 'string') {
      throw new CliError(
        `artifacts[${i}] in the manifest has no "path"`,
        'Give every artifact a repository-relative "path".',
      );
    }
    entries.push({
      role: 'artifact',
      path: a['path'],
      sha256Pointer: pointer('artifacts', i, 'sha256'),
      sizePointer: pointer('artifacts', i, 'size'),
      declared: {
        ...(typeof a['sha256'] === 'string' ? { sha256: a['sha256'] } : {}),
        ...(typeof a['size'] === 'number' ? { size: a['size'] } : {}),
      },
    });
  });
  const report = m['biasReport'];
  if (isObject(report) && typeof report['path'] === 'string') {
    entries.push({
      role: 'bias-report',
      path: report['path'],
      sha256Pointer: '/biasReport/sha256',
      declared: typeof report['sha256'] === 'string' ? { sha256: report['sha256'] } : {},
    });
  }
  return entries;
}

/** Offset in `text` of a 1-based line/column (columns in UTF-16 code units, like JS string indexes). */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return -1;
    offset = next + 1;
  }
  return offset + column - 1;
}

/** Length of the JSON string or number token starting at `offset`, or -1 when there is none. */
function tokenLength(text: string, offset: number): number {
  if (text[offset] === '"') {
    for (let i = offset + 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') return i - offset + 1;
    }
    return -1;
  }
  const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(offset, offset + 64));
  return m ? m[0].length : -1;
}

/** The indentation the file uses (its first indented line), defaulting to two spaces. */
function indentOf(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1]! : '  ';
}

/**
 * Applies value changes to the manifest text. Each changed member is replaced in place (the rest of the file keeps
 * its exact bytes: key order, spacing, compact arrays); when a member does not exist yet, or an in-place edit does
 * not reproduce the intended value, the file is re-serialised with its own indentation and trailing newline.
 */
function editManifestText(doc: ParsedDocument, text: string, changes: ManifestChange[], updated: unknown): string {
  const edits: Array<{ offset: number; length: number; replacement: string }> = [];
  let inPlace = true;
  for (const change of changes) {
    const pos = doc.positions[change.pointer];
    const offset = pos ? offsetOf(text, pos.line, pos.column) : -1;
    const length = offset >= 0 ? tokenLength(text, offset) : -1;
    if (length < 0) {
      inPlace = false;
      break;
    }
    edits.push({ offset, length, replacement: JSON.stringify(change.to) });
  }
  if (inPlace) {
    let out = text;
    for (const e of edits.sort((a, b) => b.offset - a.offset)) {
      out = out.slice(0, e.offset) + e.replacement + out.slice(e.offset + e.length);
    }
    try {
      // Compared as JSON text: the positioned parser builds prototype-less objects, JSON.parse plain ones.
      if (JSON.stringify(JSON.parse(out)) === JSON.stringify(updated)) return out;
    } catch {
      // fall through to re-serialisation
    }
  }
  return JSON.stringify(updated, null, indentOf(text)) + (text.endsWith('\n') || text === '' ? '\n' : '');
}

/**
 * Plans `--write`: the declared size and SHA-256 of every artifact and the bias report's SHA-256 set to what was
 * observed. Pure: the caller decides whether to write. Throws a CliError (exit 2) when any file could not be
 * observed as a regular file inside the repository, so nothing is written from a partial picture.
 */
export function buildChecksumsWritePlan(doc: ParsedDocument, text: string, rows: ChecksumRow[]): ChecksumsWritePlan {
  const refused = rows.filter((r) => r.observed.kind !== 'file');
  if (refused.length > 0) {
    throw new CliError(
      `not writing checksums: ${refused.map((r) => `${r.path} is ${describe(r.observed)}`).join('; ')}; nothing was written`,
      'Fix the paths in the manifest (repository-relative, inside the repository) and make sure every file exists, then run `mlgov checksums --write` again.',
    );
  }
  const before = doc.value as Record<string, unknown>;
  const updated = structuredClone(before) as Record<string, unknown> & {
    artifacts?: unknown[];
    biasReport?: Record<string, unknown>;
  };
  const changes: ManifestChange[] = [];
  for (const row of rows) {
    if (row.observed.kind !== 'file') continue;
    const target =
      row.role === 'artifact'
        ? (updated.artifacts?.[Number(row.sha256Pointer.split('/')[2])] as Record<string, unknown>)
        : updated.biasReport!;
    if (row.role === 'artifact' && target['size'] !== row.observed.size) {
      changes.push({ pointer: row.sizePointer!, from: target['size'], to: row.observed.size });
      target['size'] = row.observed.size;
    }
    if (target['sha256'] !== row.observed.sha256) {
      changes.push({ pointer: row.sha256Pointer, from: target['sha256'], to: row.observed.sha256 });
      target['sha256'] = row.observed.sha256;
    }
  }
  const digestBefore = manifestDigest(before);
  const digestAfter = manifestDigest(updated);
  const approvals = Array.isArray(before['approvals']) ? (before['approvals'] as ManifestApproval[]) : [];
  return {
    changes,
    text: changes.length === 0 ? text : editManifestText(doc, text, changes, updated),
    digestBefore,
    digestAfter,
    voidedApprovals: digestBefore === digestAfter ? [] : approvals,
  };
}

function describe(observed: ObservedFile): string {
  switch (observed.kind) {
    case 'file':
      return 'a file';
    case 'missing':
      return 'missing';
    case 'outside-repository':
      return `outside the repository (${observed.reason})`;
    case 'not-a-file':
      return `a ${observed.what}, not a file`;
    case 'unreadable':
      return `unreadable (${observed.reason})`;
  }
}

/** The manifest path from the working tree's policy; an unusable policy is refused (exit 2) with its line. */
async function readManifestPath(
  repoRoot: string,
  policyPath: string,
): Promise<{ manifestPath: string; policy: Policy }> {
  const policy = await loadWorkingPolicy(repoRoot, policyPath);
  const problem = lexicalPathProblem(policy.model.manifest);
  if (problem)
    throw new CliError(`model.manifest "${policy.model.manifest}" in ${policyPath} is not usable: ${problem}`);
  return { manifestPath: policy.model.manifest, policy };
}

function renderTable(rows: ChecksumRow[]): string {
  const header = ['path', 'size', 'sha256', 'status'];
  const lines = rows.map((r) => [
    r.role === 'bias-report' ? `${r.path} (bias report)` : r.path,
    r.observed.kind === 'file' ? String(r.observed.size) + (r.observed.lfs ? ' (lfs)' : '') : '-',
    r.observed.kind === 'file' ? r.observed.sha256 : '-',
    r.status,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(header), ...lines.map(fmt)].join('\n') + '\n';
}

function problemLines(rows: ChecksumRow[]): string[] {
  return rows.flatMap((r) => {
    switch (r.status) {
      case 'ok':
        return [];
      case 'mismatch': {
        const o = r.observed as Extract<ObservedFile, { kind: 'file' }>;
        const parts = [];
        if (r.declared.size !== undefined && r.declared.size !== o.size)
          parts.push(`size ${r.declared.size} declared, ${o.size} found`);
        if (r.declared.sha256?.toLowerCase() !== o.sha256)
          parts.push(`sha256 ${r.declared.sha256 ?? '(none)'} declared, ${o.sha256} found`);
        return [`${r.path}: ${parts.join('; ')}`];
      }
      default:
        return [`${r.path}: ${describe(r.observed)}`];
    }
  });
}

function approvalLine(a: ManifestApproval): string {
  return `  - ${a.approver} (${a.role}, ${a.decision} ${a.at})`;
}

export const checksumsCommand: CliCommand = {
  name: 'checksums',
  usage: [
    'mlgov checksums [--repo DIR] [--write] [--dry-run] [--fail-fast] [--rehash] [--format text|json] [--policy FILE]',
    '',
    '  --write       set size and sha256 of every artifact, and biasReport.sha256, in the manifest (atomically);',
    '                this changes the manifest digest, so existing approvals must be renewed',
    '  --dry-run     with --write: show the changes without writing',
    '  --fail-fast   stop at the first file that differs (not with --write)',
    '  --rehash      hash every file: do not take Git LFS pointers from the index or digests from the local hash',
    '                cache (the cache is never used when CI is set)',
    '  --policy FILE repository-relative policy path (default .github/governance-policy.yml), for model.manifest',
    '',
    'exit codes: 0 all match (or written), 1 a file differs, 2 could not compute (or --write refused)',
  ].join('\n'),
  options: {
    ...commonOptions,
    write: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    'fail-fast': { type: 'boolean' },
    rehash: { type: 'boolean' },
    policy: { type: 'string' },
  },
  async run(args, io) {
    const format = formatOption(args, ['text', 'json'] as const, 'text');
    const write = booleanOption(args, 'write');
    const dryRun = booleanOption(args, 'dry-run');
    const failFast = booleanOption(args, 'fail-fast');
    if (write && failFast)
      throw new UsageError('--fail-fast cannot be combined with --write: every file must be hashed to write');
    if (dryRun && !write) throw new UsageError('--dry-run only applies to --write');
    if (stringOption(args, 'output') !== undefined) throw new UsageError('--output is not supported by checksums');
    const repoRoot = resolve(io.cwd, stringOption(args, 'repo') ?? '.');
    const policyPath = stringOption(args, 'policy') ?? DEFAULT_POLICY_PATH;

    const { manifestPath } = await readManifestPath(repoRoot, policyPath);
    let bytes: Buffer;
    try {
      bytes = await readFile(join(repoRoot, manifestPath));
    } catch {
      throw new CliError(
        `the manifest ${manifestPath} could not be read in ${repoRoot}`,
        'Run from the repository root or pass --repo DIR; the manifest path comes from model.manifest in the policy.',
      );
    }
    const doc = parseJsonDocument(manifestPath, bytes) as ParsedDocument<Manifest>;
    if (!isObject(doc.value)) {
      const where = doc.problems.map((p) => `${p.line ?? '?'}:${p.column ?? '?'} ${p.message}`).join('; ');
      throw new CliError(
        `the manifest ${manifestPath} is not valid JSON${where ? `: ${where}` : ''}`,
        'Fix the manifest (mlgov check reports every problem with its line).',
      );
    }
    const declared = declaredEntries(doc.value as unknown as Record<string, unknown>);
    const expected: Record<string, { sha256?: string; size?: number }> = {};
    for (const e of declared) expected[e.path] ??= e.declared;

    const progress = startHashProgress(io);
    let observed: Record<string, ObservedFile>;
    try {
      observed = await observeFiles(
        repoRoot,
        declared.map((e) => e.path),
        {
          expected,
          failFast,
          onProgress: (p) => progress.update(p),
          rehash: booleanOption(args, 'rehash'),
          // Repeated local runs reuse digests of unchanged files; a CI run judges its fresh checkout on its own.
          hashCache: !booleanOption(args, 'rehash') && !isCiEnvironment(io.env),
        },
      );
    } finally {
      progress.stop();
    }
    const rows: ChecksumRow[] = declared.map((e) => {
      const o = observed[e.path]!;
      return { ...e, observed: o, status: statusOf(o, e.declared) };
    });
    const differs = rows.some((r) => r.status !== 'ok');

    if (!write) {
      if (format === 'json') {
        io.stdout(
          JSON.stringify(
            { manifest: manifestPath, match: !differs, files: rows.map(jsonRow), verification: verificationJson(rows) },
            null,
            2,
          ) + '\n',
        );
      } else {
        io.stdout(renderTable(rows));
        const problems = problemLines(rows);
        io.stdout(
          problems.length
            ? `\n${problems.length} file(s) differ from ${manifestPath}:\n${problems.map((p) => `  ${p}`).join('\n')}\nIf the changes are intended, run \`mlgov checksums --write\`.\n`
            : `\nall ${rows.length} file(s) match ${manifestPath}\n`,
        );
        const how = verificationSummary(rows.map((r) => ({ path: r.path, ...verificationOf(r.observed) })));
        if (how) io.stdout(`verified: ${how}\n`);
      }
      return differs ? 1 : 0;
    }

    const plan = buildChecksumsWritePlan(doc, bytes.toString('utf8'), rows);
    // Contained like every evidence write: never through a symlink on the manifest's path.
    if (plan.changes.length > 0 && !dryRun) await writeRepositoryFile(repoRoot, manifestPath, plan.text);
    reportWrite(io, format, manifestPath, rows, plan, dryRun);
    return 0;
  },
};

/** How a file was verified (hashed, Git LFS pointer, hash cache), as the checksums check names it. */
function verificationOf(o: ObservedFile): { verifiedBy?: FileVerification; verifiedNote?: string } {
  if (o.kind !== 'file') return {};
  return { verifiedBy: o.verifiedBy ?? 'hashed', ...(o.verifiedNote ? { verifiedNote: o.verifiedNote } : {}) };
}

/** How each file was verified, by path, and the summary line the text output prints. */
function verificationJson(rows: ChecksumRow[]): Record<string, unknown> {
  const files = rows.flatMap((r) =>
    r.observed.kind === 'file' ? [{ path: r.path, ...verificationOf(r.observed) }] : [],
  );
  return { summary: verificationSummary(files), files };
}

function jsonRow(r: ChecksumRow): Record<string, unknown> {
  return {
    role: r.role,
    path: r.path,
    status: r.status,
    declared: r.declared,
    observed:
      r.observed.kind === 'file'
        ? { size: r.observed.size, sha256: r.observed.sha256, ...(r.observed.lfs ? { lfs: r.observed.lfs } : {}) }
        : {
            kind: r.observed.kind,
            ...('reason' in r.observed ? { reason: r.observed.reason } : {}),
            ...('what' in r.observed ? { what: r.observed.what } : {}),
          },
  };
}

function reportWrite(
  io: CliIo,
  format: 'text' | 'json',
  manifestPath: string,
  rows: ChecksumRow[],
  plan: ChecksumsWritePlan,
  dryRun: boolean,
): void {
  const written = plan.changes.length > 0 && !dryRun;
  if (format === 'json') {
    io.stdout(
      JSON.stringify(
        {
          manifest: manifestPath,
          written,
          dryRun,
          changes: plan.changes,
          manifestDigest: { before: plan.digestBefore, after: plan.digestAfter },
          voidedApprovals: plan.voidedApprovals,
          files: rows.map(jsonRow),
        },
        null,
        2,
      ) + '\n',
    );
    return;
  }
  io.stdout(renderTable(rows));
  if (plan.changes.length === 0) {
    io.stdout(`\n${manifestPath} is already up to date; nothing written.\n`);
    return;
  }
  const lines = plan.changes.map(
    (c) => `  ${c.pointer}: ${JSON.stringify(c.from) ?? '(absent)'} -> ${JSON.stringify(c.to)}`,
  );
  io.stdout(`\n${dryRun ? 'would update' : 'updated'} ${manifestPath}:\n${lines.join('\n')}\n`);
  io.stdout(`manifest digest: ${plan.digestBefore} -> ${plan.digestAfter}\n`);
  if (plan.voidedApprovals.length > 0) {
    io.stdout(
      `\nThe manifest digest changed, so ${dryRun ? 'these approvals would no longer count' : 'these existing approvals no longer count'} and must be renewed (mlgov approve):\n${plan.voidedApprovals.map(approvalLine).join('\n')}\n`,
    );
  }
}
