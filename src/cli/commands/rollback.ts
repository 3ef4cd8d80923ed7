import { applyPlan } from '../../evidence/archive-store.js';
import { isSafeSegment } from '../../evidence/archive-plan.js';
import { planRollback, rollbackCommit, stageRollback } from '../../evidence/rollback-run.js';
import type { RollbackPlan } from '../../evidence/rollback-plan.js';
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

The model files (every artifact of the archived manifest) are restored from git at the commit the archive records
(evidence.json source.gitCommit) unless already in place, each verified against the archived record (sha256 and
size; a Git LFS artifact is restored as the pointer git holds, verified by its oid and size, never smudged). It is
refused when that commit is not in the repository (a shallow clone: git fetch --unshallow), when a file there does
not match the record, or when a model file it would write has uncommitted changes (never overwritten).

Only a verified release is restored, and only to the policy's paths: the archive must be on the base revision (and
unchanged in the working tree), its manifest must have been in force on the base branch, and its checksums.sha256
must cover the archived manifest and bias report and every artifact. The manifest goes to model.manifest, the bias
report to model.biasReport, never to a path an archived file names (artifacts aside: never the policy, git's or the
workflows' files, or evidence); a symlink on any path written is refused. Refusals change nothing. Everything written
is staged in the index, and the exact git commit command is printed. --dry-run prints the plan and writes nothing.
With several models, only the named model's files and archive folder are read and written.`;

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
    // s3:// artifacts: HeadObject of each archived version, with the credentials of the environment (docs/s3.md).
    s3: { env: io.env },
  });
  if (plan.kind === 'refused') throw new CliError(`rollback refused: ${plan.message}`, plan.fix, plan.exitCode);

  const appended = dryRun ? [] : await applyPlan(ws.root, ws.policy.model.archiveDir, plan.writes, plan.events);
  const staging = dryRun ? undefined : await stageRollback(ws, plan);
  const commit = rollbackCommit(plan, ws.policy.model.archiveDir);
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
          restored: plan.restored.map((r) => ({
            path: r.path,
            commit: plan.restoredFromCommit,
            blob: r.blob,
            size: r.bytes.length,
            verifiedBy: r.verifiedBy,
          })),
          inPlace: plan.inPlace,
          writes: plan.writes.map((w) => ({ path: w.path, size: w.bytes.length })),
          events: dryRun ? plan.events : appended,
          staged: staging?.staged ?? [],
          ...(staging?.failed !== undefined ? { stagingFailed: staging.failed } : {}),
          commitCommand: commit.command,
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  printText(io, plan, dryRun);
  printNextSteps(io, { dryRun, staged: staging?.staged ?? [], failed: staging?.failed, ...commit });
  return 0;
}

const VERIFIED_BY = {
  content: 'its sha256 and size',
  'lfs-pointer': "the Git LFS pointer's oid and size",
} as const;

/** What the rollback did (or would do), file by file. */
function printText(io: CliIo, plan: Extract<RollbackPlan, { kind: 'write' }>, dryRun: boolean): void {
  const verb = dryRun ? 'would write' : 'wrote';
  io.stdout(
    `${dryRun ? 'plan: roll back' : 'rolled back'} ${plan.model} from ${plan.from} to ${plan.to} (${plan.verified.length} file(s) of ${plan.to} verified against its checksums.sha256)\n`,
  );
  const commit = plan.restoredFromCommit?.slice(0, 12);
  for (const r of plan.restored)
    io.stdout(
      `${dryRun ? 'would restore' : 'restored'} ${r.path} (${r.bytes.length} bytes) from commit ${commit}, verified by ${VERIFIED_BY[r.verifiedBy]}\n`,
    );
  for (const p of plan.inPlace) io.stdout(`${p} is already the archived file: left as it is\n`);
  const restored = new Set(plan.restored.map((r) => r.path));
  for (const w of plan.writes) if (!restored.has(w.path)) io.stdout(`${verb} ${w.path} (${w.bytes.length} bytes)\n`);
  for (const e of plan.events)
    io.stdout(`${dryRun ? 'would append' : 'appended'} ${e.action} event for ${e.model} ${e.version}\n`);
  io.stdout(
    `the restored manifest's digest is ${plan.manifestDigest}; ${plan.approvalsCleared} approval(s) of the archived manifest were removed: ` +
      `re-approve with mlgov approve --approver LOGIN --role ROLE\n`,
  );
}

/** Where the rollback leaves the repository, and the exact command that commits it. */
function printNextSteps(
  io: CliIo,
  s: { dryRun: boolean; staged: string[]; failed: string | undefined; paths: string[]; command: string },
): void {
  if (s.dryRun) io.stdout(`would stage ${s.paths.length} file(s) in the index\n`);
  else if (s.failed !== undefined)
    io.stderr(`warning: the rollback is written but not all of it is staged: ${s.failed}; stage it with git add\n`);
  else io.stdout(`staged ${s.staged.length} file(s) in the index: ${s.staged.join(', ')}\n`);
  io.stdout(`after the approvals, commit exactly the rollback with:\n  ${s.command}\n`);
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
