import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../adapters/atomic-file.js';
import { withAuditEvidence } from '../../evidence/audit-evidence-reader.js';
import { openAuditedRepository, readAuditInput } from '../../evidence/audit-history.js';
import {
  refuseExistingBundle,
  verifyEvidence,
  writeEvidenceBundle,
  type BundleFile,
} from '../../evidence/evidence-bundle.js';
import {
  auditBundleSubject,
  buildAuditEvidenceFiles,
  buildAuditReport,
  periodBound,
  sharedBiasThresholds,
} from '../../evidence/period-audit.js';
import { renderAuditHtml } from '../../render/audit-html.js';
import { renderAuditCsv, renderAuditJson, renderAuditMarkdown } from '../../render/audit-report.js';
import { TOOL_VERSION } from '../../version.js';
import type { CliArgs, CliCommand, CliIo } from '../cli-io.js';
import { commonOptions, formatOption, requireOption, stringOption, UsageError } from '../cli-io.js';

const usage = `mlgov audit --since DATE --until DATE [--model NAME] [--ref REF] [--out DIR] [--format text|json] [--repo DIR]
mlgov audit verify-bundle FILE|DIR

Lists every release in force between --since and --until (YYYY-MM-DD, inclusive, UTC, or ISO 8601 times with a
zone) on the default branch (or --ref), judged from its first-parent history: approvals, bias verdict, checksum
record, archive and audit-log events. Answers from the repository alone (no Jira): who approved (with notes), the fairness review,
rejections, the Jira snapshot record mode kept, force and its approver, rollbacks, the policy file in force, and
every gap (no record event, no archive, no Jira snapshot, evidence deleted before its retention).
Writes audit-report.md, .json, .csv, .html (prints on A4) and evidence-bundle.tar.gz (with the policy files and an
index of the SHA-256 of every file) to --out (default ./mlgov-audit-<since>-<until>). Exit 0 when the period passes,
1 when not.
A superseded release that came from a rollback is judged against its archive in
artifacts/<model>/<version>/rollback-<digest12>/; a rollback still in force against the archive it restored.

Every model the policy governed during the period is audited (a model added to the policy's models: list counts
from the commit that listed it), each with its own verdict, in one report and one bundle; --model NAME narrows the
audit to one model.

verify-bundle checks a bundle offline against its own index; exit 1 naming the file that differs. It proves the
bundle is consistent with the index it carries: keep the printed index.json sha256 to prove it is the bundle made.
A directory is checked as record mode's evidence (unzip the workflow artifact first): every file against its
evidence.json, naming a file edited, added or removed.`;

async function verifyBundle(args: CliArgs, io: CliIo, format: 'text' | 'json'): Promise<number> {
  const [, file, ...extra] = args.positionals;
  if (!file) throw new UsageError('say which bundle: mlgov audit verify-bundle FILE (or an evidence DIR)');
  if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra[0]}`);
  // A directory is record mode's evidence (evidence.json); anything else is read as a .tar.gz bundle.
  const result = await verifyEvidence(resolve(io.cwd, file));
  if (format === 'json')
    io.stdout(
      JSON.stringify(result.ok ? { ok: true, files: result.files, indexSha256: result.indexSha256 } : result, null, 2) +
        '\n',
    );
  else if (result.ok)
    io.stdout(
      `${file}: ${result.files} file(s) match the index (${result.indexFile ?? 'index.json'} sha256 ${result.indexSha256})\n`,
    );
  else
    for (const p of result.problems) {
      const where = p.file ? `${p.file}${p.line ? `:${p.line}` : ''} ` : '';
      io.stderr(`${file}: ${where}${p.message}\n`);
    }
  return result.ok ? 0 : 1;
}

async function audit(args: CliArgs, io: CliIo, format: 'text' | 'json'): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument: ${args.positionals[0]}`);
  const sinceText = requireOption(args, 'since');
  const untilText = requireOption(args, 'until');
  const since = periodBound(sinceText, false);
  const until = periodBound(untilText, true);
  const notADate = (option: string, text: string) =>
    new UsageError(
      `${option} ${text} is not a date (YYYY-MM-DD, or an ISO 8601 time with its zone: 2026-03-31T23:59:59Z)`,
    );
  if (!since) throw notADate('--since', sinceText);
  if (!until) throw notADate('--until', untilText);
  if (Date.parse(since) > Date.parse(until)) throw new UsageError(`--since ${sinceText} is after --until ${untilText}`);
  const outDir = resolve(
    io.cwd,
    stringOption(args, 'out') ?? `mlgov-audit-${since.slice(0, 10)}-${until.slice(0, 10)}`,
  );
  const bundlePath = join(outDir, 'evidence-bundle.tar.gz');
  const git = await openAuditedRepository(stringOption(args, 'repo') ?? io.cwd);
  const now = new Date();
  const ref = stringOption(args, 'ref');
  const model = stringOption(args, 'model');
  const releases = await readAuditInput({
    git,
    ...(ref !== undefined ? { ref } : {}),
    ...(model !== undefined ? { model } : {}),
    since,
    until,
    now,
    toolVersion: TOOL_VERSION,
  });
  // The policy at each release's commit and the evidence removed from the archive: the repository alone answers.
  // And whether the s3:// object versions the releases name still exist, with the environment's credentials.
  const input = await withAuditEvidence(git, releases, { env: io.env });
  const report = buildAuditReport(input);

  // Evidence is write-once: refuse before writing anything, so an earlier audit's reports stay beside its bundle.
  await refuseExistingBundle(bundlePath);
  await mkdir(outDir, { recursive: true });
  const reports: BundleFile[] = [
    { path: 'audit-report.md', bytes: Buffer.from(renderAuditMarkdown(report)) },
    { path: 'audit-report.json', bytes: Buffer.from(renderAuditJson(report)) },
    { path: 'audit-report.csv', bytes: Buffer.from(renderAuditCsv(report)) },
    { path: 'audit-report.html', bytes: Buffer.from(renderAuditHtml(report, sharedBiasThresholds(input))) },
  ];
  for (const f of reports) await writeFileAtomic(join(outDir, f.path), f.bytes);

  // The evidence of each release in the period: its files as released, its archive, and the audit logs.
  const evidence = buildAuditEvidenceFiles(report, input);
  const unique = new Map([...reports, ...evidence].map((f) => [f.path, f]));
  const { indexSha256, index } = await writeEvidenceBundle(
    bundlePath,
    [...unique.values()],
    report.generatedAt,
    auditBundleSubject(report),
  );

  if (format === 'json') {
    io.stdout(
      JSON.stringify(
        {
          ...report,
          outputs: {
            dir: outDir,
            files: reports.map((f) => f.path),
            bundle: bundlePath,
            bundleIndexSha256: indexSha256,
          },
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    io.stdout(renderAuditMarkdown(report));
    io.stdout(`\nwrote ${reports.map((f) => join(outDir, f.path)).join(', ')}\n`);
    io.stdout(
      `wrote ${bundlePath} (${index.files.length} files; index.json sha256 ${indexSha256}: keep it to prove the bundle later)\n`,
    );
  }
  return report.verdict === 'pass' ? 0 : 1;
}

/** `mlgov audit`: the quarterly audit of a period, and offline verification of its evidence bundle. */
export const auditCommand: CliCommand = {
  name: 'audit',
  usage,
  options: {
    ...commonOptions,
    since: { type: 'string' },
    until: { type: 'string' },
    out: { type: 'string' },
    ref: { type: 'string' },
    model: { type: 'string' },
  },
  allowPositionals: true,
  async run(args, io) {
    const format = formatOption(args, ['text', 'json'] as const, 'text');
    // An EvidenceError carries its fix and exit code; runCli reports it.
    return args.positionals[0] === 'verify-bundle' ? verifyBundle(args, io, format) : audit(args, io, format);
  },
};
