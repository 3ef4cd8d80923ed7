import { resolve } from 'node:path';
import { applyApprovePlan, readApproveFiles, readRosterPolicy } from '../../evidence/approve-apply.js';
import { buildApprovePlan, type ApprovePlan, type ApproveTarget } from '../../evidence/approve-plan.js';
import { auditLogPath } from '../../evidence/audit-log.js';
import { assertReleaseOfModel } from '../../evidence/workspace.js';
import type { Decision } from '../../formats/manifest.js';
import { loadWorkingPolicy } from '../../policy/read-policy.js';
import { selectModel } from '../../release/release-locator.js';
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
import { MODEL_USAGE, modelOption, modelOptions } from '../command-support.js';

const usage = `mlgov approve --approver LOGIN --role ROLE [--decision approved|rejected] [--note TEXT]
              [--target manifest|bias-report] [--model NAME] [--base REF] [--dry-run] [--format text|json]
              [--repo DIR]

${MODEL_USAGE}

Records a digest-bound approval: in the manifest (default; bound to its manifestDigest) or in the bias report
(bound to its reportDigest). The manifest's biasReport.sha256 binds the report's content without its approvals, so
a review of an unchanged report leaves the board's approvals standing; when it binds the report's bytes (older
manifests) or another report, the review sets it, which voids the manifest's approvals (named in a warning).
The approver must be on the roster of the BASE revision's policy (--base REF, else the default branch) with the
role; without a base revision the working tree's policy is used, and the output says so. The same approval
(approver, role, decision, note, digest) recorded again writes nothing and logs nothing. Appends an "approve"
event to the audit log. --dry-run prints the plan and writes nothing. Only the model's own manifest and bias
report are written.`;

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
  const location = selectModel(await loadWorkingPolicy(root), modelOption(args));
  const roster = await readRosterPolicy(root, location, stringOption(args, 'base'));
  const plan = buildApprovePlan(
    await readApproveFiles(root, location, target),
    { approver, role, decision, target, now: new Date().toISOString(), ...(note !== undefined ? { note } : {}) },
    roster.policy,
    roster.where,
  );
  if (plan.kind === 'refused') throw new CliError(`refused: ${plan.message}`, plan.fix, 2);
  const rosterNote = roster.note !== undefined ? `note: ${roster.note}\n` : '';
  const rosterJson = { source: roster.source, where: roster.where, ...(roster.note ? { note: roster.note } : {}) };
  if (plan.kind === 'unchanged') {
    // Approving the same thing twice: no file, no audit event, and not an error.
    if (format === 'json') {
      const out = { dryRun, unchanged: true, message: plan.message, approval: plan.approval, roster: rosterJson };
      io.stdout(JSON.stringify({ ...out, writes: [] }, null, 2) + '\n');
    } else io.stdout(`${rosterNote}${plan.message}\n`);
    return 0;
  }
  assertReleaseOfModel(location, plan.event.model, location.manifest);

  const archiveDir = location.archiveDir;
  const appended = dryRun ? undefined : await applyApprovePlan(root, archiveDir, plan);
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
          roster: rosterJson,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    io.stdout(rosterNote + describeApprovePlan(plan, dryRun, archiveDir));
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
    base: { type: 'string' },
    ...modelOptions,
  },
  run,
};
