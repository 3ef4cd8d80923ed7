import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { stageRepositoryFile, type StagedFile } from '../../adapters/atomic-file.js';
import { assertSafeWrite } from '../../adapters/repository-path.js';
import {
  buildApprovePlan,
  biasReportPathOf,
  type ApprovePlan,
  type ApproveTarget,
} from '../../evidence/approve-plan.js';
import { appendAuditEvent, assertAuditLogWritable, auditLogPath, readAuditLogText } from '../../evidence/audit-log.js';
import { verifyAuditLog } from '../../evidence/hash-chain.js';
import { loadWorkingPolicy } from '../../policy/read-policy.js';
import type { Decision } from '../../formats/manifest.js';
import type { Policy } from '../../policy/policy.js';
import type { CliCommand, CliIo } from '../cli-io.js';
import {
  booleanOption,
  CliError,
  commonOptions,
  formatOption,
  requireOption,
  stringOption,
  UsageError,
} from '../cli-io.js';

const usage = `mlgov approve --approver LOGIN --role ROLE [--decision approved|rejected] [--note TEXT]
              [--target manifest|bias-report] [--dry-run] [--format text|json] [--repo DIR]

Records a digest-bound approval: in the manifest (default; bound to its manifestDigest) or in the bias report
(bound to its reportDigest; this also updates biasReport.sha256 in the manifest, which voids the manifest's existing
approvals: the fairness review comes first, the board's approvals last). The approver must be on the policy's
roster with the role. Appends an "approve" event to the audit log. --dry-run prints the plan and writes nothing.`;

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Resolves a repository-relative path, refusing one that leaves the repository. */
function inside(root: string, rel: string): string {
  const abs = resolve(root, rel);
  const back = relative(root, abs);
  if (back.startsWith('..') || isAbsolute(back))
    throw new CliError(`${rel} is outside the repository`, 'Use repository-relative paths in the manifest and policy.');
  return abs;
}

async function readPolicy(root: string): Promise<Policy> {
  return loadWorkingPolicy(root);
}

/** Describes the plan for people (dry run or done). */
export function describeApprovePlan(
  plan: Extract<ApprovePlan, { kind: 'write' }>,
  dryRun: boolean,
  archiveDir: string,
): string {
  const a = plan.approval;
  const digest = 'manifestDigest' in a ? a.manifestDigest : a.reportDigest;
  const lines = [
    `${dryRun ? 'plan' : 'recorded'}: ${a.approver} (${a.role}) ${a.decision} ${plan.event.model} ${plan.event.version}` +
      `${'reportDigest' in a ? ' bias report' : ''}, bound to ${digest}${plan.replaced ? ' (replaces the earlier approval by the same approver and role)' : ''}`,
    ...plan.writes.map((w) => `${dryRun ? 'would write' : 'wrote'} ${w.path}`),
    `${dryRun ? 'would append' : 'appended'} approve event to ${auditLogPath(archiveDir)}`,
    ...plan.warnings.map((w) => `warning: ${w}`),
  ];
  return lines.join('\n') + '\n';
}

async function run(args: Parameters<CliCommand['run']>[0], io: CliIo): Promise<number> {
  const approver = requireOption(args, 'approver');
  const role = requireOption(args, 'role');
  const decision = (stringOption(args, 'decision') ?? 'approved') as Decision;
  if (decision !== 'approved' && decision !== 'rejected')
    throw new UsageError(`--decision must be approved or rejected, not ${decision}`);
  const target = (stringOption(args, 'target') ?? 'manifest') as ApproveTarget;
  if (target !== 'manifest' && target !== 'bias-report')
    throw new UsageError(`--target must be manifest or bias-report, not ${target}`);
  const format = formatOption(args, ['text', 'json'] as const, 'text');
  const dryRun = booleanOption(args, 'dry-run');
  const note = stringOption(args, 'note');
  const root = resolve(stringOption(args, 'repo') ?? io.cwd);

  const policy = await readPolicy(root);
  const manifestPath = policy.model.manifest;
  const manifestText = await readOptional(inside(root, manifestPath));
  if (manifestText === undefined)
    throw new CliError(
      `${manifestPath} not found in ${root}`,
      'Run mlgov approve in the model repository, or pass --repo DIR.',
    );
  const reportPath = biasReportPathOf(manifestText, policy);
  if (target === 'bias-report' && reportPath !== policy.model.biasReport) {
    // The manifest is the PR's claim; the file an approval is written into is the policy's, never one it names.
    throw new CliError(
      `refused: ${manifestPath} names the bias report ${reportPath}, but the policy's bias report is ${policy.model.biasReport}; mlgov approve writes only to the policy's paths`,
      `set biasReport.path in ${manifestPath} to ${policy.model.biasReport} (the report the gate judges)`,
      1,
    );
  }
  const reportText = target === 'bias-report' ? await readOptional(inside(root, reportPath)) : undefined;

  const plan = buildApprovePlan(
    {
      manifest: { path: manifestPath, text: manifestText },
      ...(reportText !== undefined ? { report: { path: reportPath, text: reportText } } : {}),
    },
    { approver, role, decision, target, now: new Date().toISOString(), ...(note !== undefined ? { note } : {}) },
    policy,
  );
  if (plan.kind === 'refused') throw new CliError(`refused: ${plan.message}`, plan.fix, 2);

  const archiveDir = policy.model.archiveDir;
  let appended: unknown;
  if (!dryRun) {
    // Check the audit log before touching any file, so an approval is never written without its event.
    const verified = verifyAuditLog(await readAuditLogText(root, archiveDir));
    if (!verified.ok) {
      throw new CliError(
        `refused: ${auditLogPath(archiveDir)} does not verify: ${verified.break.message}`,
        'Run mlgov log verify and restore the log from git.',
        2,
      );
    }
    // Every target, and the log, is held to the containment rule before anything is staged (no symlink on the way).
    for (const w of plan.writes) await assertSafeWrite(root, w.path);
    await assertAuditLogWritable(root, archiveDir);
    // Stage the files, append the event, then make the files visible: a failed append (disk full, read-only log)
    // leaves neither the approval nor the event, never an approval the log does not record.
    const staged: StagedFile[] = [];
    try {
      for (const w of plan.writes) staged.push(await stageRepositoryFile(root, w.path, w.text));
      appended = await appendAuditEvent(root, archiveDir, plan.event);
    } catch (err) {
      await Promise.all(staged.map((f) => f.discard()));
      throw err;
    }
    for (const f of staged) await f.commit();
  }
  if (format === 'json') {
    io.stdout(
      JSON.stringify(
        {
          dryRun,
          approval: plan.approval,
          replaced: plan.replaced,
          writes: plan.writes.map((w) => w.path),
          event: dryRun ? plan.event : appended,
          voidedApprovals: plan.voidedApprovals,
          warnings: plan.warnings,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    io.stdout(describeApprovePlan(plan, dryRun, archiveDir));
  }
  for (const w of plan.warnings) if (format === 'json') io.stderr(`mlgov: warning: ${w}\n`);
  return 0;
}

/** `mlgov approve`: add a digest-bound approval to the manifest or the bias report, and log it. */
export const approveCommand: CliCommand = {
  name: 'approve',
  usage,
  options: {
    ...commonOptions,
    approver: { type: 'string' },
    role: { type: 'string' },
    decision: { type: 'string' },
    note: { type: 'string' },
    target: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  run,
};
