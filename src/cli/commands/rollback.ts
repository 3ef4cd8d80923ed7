import { applyPlan } from '../../evidence/archive-store.js';
import { isSafeSegment } from '../../evidence/archive-plan.js';
import { planRollback } from '../../evidence/rollback-run.js';
import { assertPolicyPathsOfBase, openWorkspace, resolveBaseRevision } from '../../evidence/workspace.js';
import type { CliArgs, CliCommand, CliIo } from '../cli-io.js';
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

const usage = `mlgov rollback --to VERSION --reason TEXT [--model NAME] [--base REF] [--dry-run] [--actor LOGIN]
              [--format text|json] [--repo DIR]

${MODEL_USAGE}

Restores an archived release (artifacts/<model>/<VERSION>/) as the current release: the bias report byte for byte,
the manifest with release.type "rollback", release.reason and release.rollbackOf, and without its approvals (they
were bound to the old manifest digest; the board re-approves the rollback with mlgov approve). The release being
replaced (the base's) is archived first, and a "rollback" event is appended to the audit log.

Only a verified release is restored, and only to the policy's paths: the archive must be on the base revision (and
unchanged in the working tree), its manifest must have been in force on the base branch, and its checksums.sha256
must cover the archived manifest and bias report and every artifact (each file present with that digest). The
manifest goes to model.manifest, the bias report to model.biasReport, never to a path an archived file names; a
symlink on any path written is refused. Refusals change nothing. With several models, only the named model's
files and archive folder are read and written.`;

async function run(args: CliArgs, io: CliIo): Promise<number> {
  const format = formatOption(args, ['text', 'json'] as const, 'text');
  const toVersion = requireOption(args, 'to');
  const reason = requireOption(args, 'reason');
  const dryRun = booleanOption(args, 'dry-run');
  if (!isSafeSegment(toVersion))
    throw new UsageError(`--to ${toVersion} is not a version (letters, digits, . _ + - only)`);
  const model = modelOption(args);
  const ws = await openWorkspace(stringOption(args, 'repo') ?? io.cwd, model !== undefined ? { model } : {});
  const base = await resolveBaseRevision(ws.git, stringOption(args, 'base'));
  await assertPolicyPathsOfBase(ws, base);
  const actorFlag = stringOption(args, 'actor');
  const plan = await planRollback(ws, {
    toVersion,
    reason,
    base,
    now: new Date(),
    ...(actorFlag !== undefined ? { actorFlag } : {}),
  });
  if (plan.kind === 'refused') throw new CliError(`rollback refused: ${plan.message}`, plan.fix, plan.exitCode);

  const appended = dryRun ? [] : await applyPlan(ws.root, ws.policy.model.archiveDir, plan.writes, plan.events);
  if (format === 'json') {
    io.stdout(
      JSON.stringify(
        {
          dryRun,
          model: plan.model,
          from: plan.from,
          to: plan.to,
          manifestDigest: plan.manifestDigest,
          approvalsCleared: plan.approvalsCleared,
          verified: plan.verified,
          writes: plan.writes.map((w) => ({ path: w.path, size: w.bytes.length })),
          events: dryRun ? plan.events : appended,
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  const verb = dryRun ? 'would write' : 'wrote';
  io.stdout(
    `${dryRun ? 'plan: roll back' : 'rolled back'} ${plan.model} from ${plan.from} to ${plan.to} (${plan.verified.length} file(s) of ${plan.to} verified against its checksums.sha256)\n`,
  );
  for (const w of plan.writes) io.stdout(`${verb} ${w.path} (${w.bytes.length} bytes)\n`);
  for (const e of plan.events)
    io.stdout(`${dryRun ? 'would append' : 'appended'} ${e.action} event for ${e.model} ${e.version}\n`);
  io.stdout(
    `the restored manifest's digest is ${plan.manifestDigest}; ${plan.approvalsCleared} approval(s) of the archived manifest were removed: ` +
      `re-approve with mlgov approve --approver LOGIN --role ROLE\n`,
  );
  return 0;
}

/** `mlgov rollback`: restore an archived release as the current one. */
export const rollbackCommand: CliCommand = {
  name: 'rollback',
  usage,
  options: {
    ...commonOptions,
    to: { type: 'string' },
    reason: { type: 'string' },
    base: { type: 'string' },
    'dry-run': { type: 'boolean' },
    actor: { type: 'string' },
    ...modelOptions,
  },
  // EvidenceError carries its fix and exit code; runCli reports it.
  run,
};
