import { resolve } from 'node:path';
import { isCiEnvironment } from '../../adapters/hash-cache.js';
import { verificationSummary } from '../../checks/checksums.js';
import {
  describeObserved,
  type ChecksumRow,
  type ChecksumsWritePlan,
  type Observation,
} from '../../evidence/checksums-plan.js';
import { readChecksums, writeChecksums, type ChecksumsReading } from '../../evidence/checksums-run.js';
import type { ManifestApproval } from '../../formats/manifest.js';
import type { ObjectVerification } from '../../release/object-facts.js';
import type { FileVerification } from '../../release/release-context.js';
import { DEFAULT_POLICY_PATH } from '../../policy/read-policy.js';
import { startHashProgress } from '../../render/progress.js';
import {
  booleanOption,
  commonOptions,
  formatOption,
  stringOption,
  UsageError,
  type CliArgs,
  type CliCommand,
  type CliIo,
} from '../cli-io.js';
import { MODEL_USAGE, modelOption, modelOptions } from '../command-support.js';

function renderTable(rows: ChecksumRow[]): string {
  const header = ['path', 'size', 'sha256', 'status'];
  const lines = rows.map((r) => {
    const o = r.observed;
    const size =
      o.kind === 'file' ? String(o.size) + (o.lfs ? ' (lfs)' : '') : o.kind === 'object' ? String(o.size) : '-';
    return [
      r.role === 'bias-report' ? `${r.path} (bias report)` : r.path,
      size,
      o.kind === 'file' || o.kind === 'object' ? o.sha256 : '-',
      r.status,
    ];
  });
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
        const o = r.observed as Extract<Observation, { kind: 'file' | 'object' }>;
        const parts = [];
        if (r.declared.size !== undefined && r.declared.size !== o.size)
          parts.push(`size ${r.declared.size} declared, ${o.size} found`);
        if (r.declared.sha256?.toLowerCase() !== o.sha256)
          parts.push(`sha256 ${r.declared.sha256 ?? '(none)'} declared, ${o.sha256} found`);
        return [`${r.path}: ${parts.join('; ')}`];
      }
      default:
        return [`${r.path}: ${describeObserved(r.observed)}`];
    }
  });
}

function approvalLine(a: ManifestApproval): string {
  return `  - ${a.approver} (${a.role}, ${a.decision} ${a.at})`;
}

export const checksumsCommand: CliCommand = {
  name: 'checksums',
  usage: [
    'mlgov checksums [--repo DIR] [--model NAME] [--write] [--dry-run] [--fail-fast] [--rehash] [--format text|json]',
    '                [--policy FILE]',
    '',
    '  --write       set size and sha256 of every artifact, and biasReport.sha256, in the manifest (atomically);',
    '                this changes the manifest digest, so existing approvals must be renewed',
    '  --dry-run     with --write: show the changes without writing',
    '  --fail-fast   stop at the first file that differs (not with --write)',
    '  --rehash      hash every file: do not take Git LFS pointers from the index or digests from the local hash',
    '                cache (the cache is never used when CI is set)',
    "  --policy FILE repository-relative policy path (default .github/governance-policy.yml), for the model's manifest",
    MODEL_USAGE,
    '',
    "Only the model's manifest is read and written; another model's files are never touched.",
    'Artifacts written s3://bucket/key[?versionId=…] are verified in the bucket (docs/s3.md); --write also pins',
    'the versionId of a versioned bucket. Credentials come from the AWS credential chain, the endpoint from the',
    "policy's s3 section or AWS_ENDPOINT_URL_S3.",
    'exit codes: 0 all match (or written), 1 a file differs, 2 could not compute (or --write refused)',
  ].join('\n'),
  options: {
    ...commonOptions,
    ...modelOptions,
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
    const reading = await readWithProgress(args, io, failFast);
    // An object the store could not be asked about (credentials, permissions, network) cannot be judged either way.
    const unjudged = reading.rows.some((r) => r.status === 'unavailable');
    if (!write) {
      reportComparison(io, format, reading);
      return unjudged ? 2 : reading.differs ? 1 : 0;
    }
    const { plan, written } = await writeChecksums(reading, dryRun);
    reportWrite(io, format, reading, plan, written, dryRun);
    return 0;
  },
};

/** Hashes the model's files with a progress bar on a terminal. */
async function readWithProgress(args: CliArgs, io: CliIo, failFast: boolean): Promise<ChecksumsReading> {
  const model = modelOption(args);
  const rehash = booleanOption(args, 'rehash');
  const progress = startHashProgress(io);
  try {
    return await readChecksums({
      repoRoot: resolve(io.cwd, stringOption(args, 'repo') ?? '.'),
      policyPath: stringOption(args, 'policy') ?? DEFAULT_POLICY_PATH,
      ...(model !== undefined ? { model } : {}),
      failFast,
      rehash,
      // Repeated local runs reuse digests of unchanged files; a CI run judges its fresh checkout on its own.
      hashCache: !rehash && !isCiEnvironment(io.env),
      onProgress: (p) => progress.update(p),
      env: io.env,
    });
  } finally {
    progress.stop();
  }
}

function reportComparison(io: CliIo, format: 'text' | 'json', reading: ChecksumsReading): void {
  const { rows, manifestPath, differs } = reading;
  if (format === 'json') {
    io.stdout(
      JSON.stringify(
        { manifest: manifestPath, match: !differs, files: rows.map(jsonRow), verification: verificationJson(rows) },
        null,
        2,
      ) + '\n',
    );
    return;
  }
  io.stdout(renderTable(rows));
  const problems = problemLines(rows);
  const unversioned = rows.flatMap((r) => (r.observed.kind === 'object' && !r.observed.versionId ? [r.path] : []));
  for (const path of unversioned) {
    io.stdout(
      `warning: ${path} is in a bucket without versioning: the bytes under this key can be replaced or deleted after approval; turn on versioning and run \`${writeCommandOf(reading)}\` to pin the version.\n`,
    );
  }
  io.stdout(
    problems.length
      ? `\n${problems.length} file(s) differ from ${manifestPath}:\n${problems.map((p) => `  ${p}`).join('\n')}\nIf the changes are intended, run \`${writeCommandOf(reading)}\`.\n`
      : `\nall ${rows.length} file(s) match ${manifestPath}\n`,
  );
  const how = verificationSummary(rows.map((r) => ({ path: r.path, ...verificationOf(r.observed) })));
  if (how) io.stdout(`verified: ${how}\n`);
}

/** The command that writes this model's checksums (naming the model when the policy names it). */
function writeCommandOf(reading: ChecksumsReading): string {
  return `mlgov checksums --write${reading.location.name !== undefined ? ` --model ${reading.location.name}` : ''}`;
}

/** How a file (or object) was verified (hashed, Git LFS pointer, hash cache, S3), as the checksums check names it. */
function verificationOf(o: Observation): {
  verifiedBy?: FileVerification | ObjectVerification;
  verifiedNote?: string;
  versionId?: string;
} {
  if (o.kind === 'object') {
    const notes = o.notes.filter((n) => !n.startsWith('the bucket is not versioned'));
    return {
      verifiedBy: o.verifiedBy,
      ...(notes.length ? { verifiedNote: notes.join('; ') } : {}),
      ...(o.versionId !== undefined ? { versionId: o.versionId } : {}),
    };
  }
  if (o.kind !== 'file') return {};
  return { verifiedBy: o.verifiedBy ?? 'hashed', ...(o.verifiedNote ? { verifiedNote: o.verifiedNote } : {}) };
}

/** How each file was verified, by path, and the summary line the text output prints. */
function verificationJson(rows: ChecksumRow[]): Record<string, unknown> {
  const files = rows.flatMap((r) =>
    r.observed.kind === 'file' || r.observed.kind === 'object' ? [{ path: r.path, ...verificationOf(r.observed) }] : [],
  );
  return { summary: verificationSummary(files), files };
}

function jsonRow(r: ChecksumRow): Record<string, unknown> {
  return { role: r.role, path: r.path, status: r.status, declared: r.declared, observed: jsonObserved(r.observed) };
}

function jsonObserved(o: Observation): Record<string, unknown> {
  switch (o.kind) {
    case 'file':
      return { size: o.size, sha256: o.sha256, ...(o.lfs ? { lfs: o.lfs } : {}) };
    case 'object':
      return { size: o.size, sha256: o.sha256, ...verificationOf(o) };
    case 'object-failure':
      return { kind: o.failure.kind, reason: o.failure.message, fix: o.failure.fix };
    default:
      return {
        kind: o.kind,
        ...('reason' in o ? { reason: o.reason } : {}),
        ...('what' in o ? { what: o.what } : {}),
      };
  }
}

function reportWrite(
  io: CliIo,
  format: 'text' | 'json',
  reading: ChecksumsReading,
  plan: ChecksumsWritePlan,
  written: boolean,
  dryRun: boolean,
): void {
  const { rows, manifestPath } = reading;
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
