import { applyPlan, planArchiveOf, readVerifiedEvents } from '../../evidence/archive-store.js';
import type { ArchivePlan } from '../../evidence/archive-plan.js';
import {
  assertPolicyPathsOfBase,
  assertReleaseOfModel,
  openWorkspace,
  resolveActor,
  resolveBaseRevision,
} from '../../evidence/workspace.js';
import type { CliCommand, CliIo } from '../cli-io.js';
import { booleanOption, CliError, commonOptions, formatOption, stringOption } from '../cli-io.js';
import { MODEL_USAGE, modelOption, modelOptions } from '../command-support.js';

const usage = `mlgov archive [--model NAME] [--base REF] [--dry-run] [--actor LOGIN] [--format text|json] [--repo DIR]

${MODEL_USAGE}

Copies the base revision's release (manifest and bias report, byte for byte) to artifacts/<model>/<version>/,
writes checksums.sha256 (verify with: sha256sum -c artifacts/<model>/<version>/checksums.sha256) and evidence.json,
and appends an "archive" event to artifacts/audit-log.jsonl. Idempotent and write-once: existing evidence that
differs is never overwritten. A release that came from mlgov rollback --to VERSION (the primary folder already
holds VERSION) is archived beside it in artifacts/<model>/<VERSION>/rollback-<first 12 hex of its manifest digest>/,
provided its artifacts and bias report are those of the primary archive. Writes only under the base policy's
model.archiveDir, never through a symlink (a linked archive folder or file is refused before anything is written).
With several models, only the named model's release is archived, in its own folder.

An s3:// artifact is looked up with HeadObject (credentials and endpoint as for mlgov check; docs/s3.md) and
evidence.json records its bucket, key, versionId, size and sha256. One in a versioned bucket must be pinned with
?versionId= (run mlgov checksums --write); one in an unversioned bucket is archived with a warning. Its line in
checksums.sha256 is its s3:// location, which sha256sum cannot open: use sha256sum -c --ignore-missing.`;

/** Describes a plan for people (dry run and result). */
export function describeArchivePlan(plan: ArchivePlan, dryRun: boolean): string {
  switch (plan.kind) {
    case 'unchanged':
      return `${plan.model} ${plan.version}${plan.restores ? ' (rollback release)' : ''} is already archived in ${plan.dir}/: nothing to do\n`;
    case 'write': {
      const verb = dryRun ? 'would write' : 'wrote';
      return (
        (plan.restores ? `a rollback release restoring ${plan.restores}/: archived beside it in ${plan.dir}/\n` : '') +
        plan.writes.map((w) => `${verb} ${w.path} (${w.bytes.length} bytes)\n`).join('') +
        plan.events
          .map((e) => `${dryRun ? 'would append' : 'appended'} ${e.action} event for ${e.model} ${e.version}\n`)
          .join('')
      );
    }
    case 'conflict':
      return `refused: ${plan.message}\n`;
    case 'invalid':
      return `cannot archive: ${plan.message}\n`;
  }
}

async function run(values: Parameters<CliCommand['run']>[0], io: CliIo): Promise<number> {
  const format = formatOption(values, ['text', 'json'] as const, 'text');
  const dryRun = booleanOption(values, 'dry-run');
  const model = modelOption(values);
  const ws = await openWorkspace(stringOption(values, 'repo') ?? io.cwd, model !== undefined ? { model } : {});
  const base = await resolveBaseRevision(ws.git, stringOption(values, 'base'));
  await assertPolicyPathsOfBase(ws, base);
  const actor = await resolveActor(ws.root, stringOption(values, 'actor'));
  const events = await readVerifiedEvents(ws.root, ws.policy.model.archiveDir);
  const now = new Date();
  const plan = await planArchiveOf({
    root: ws.root,
    git: ws.git,
    policy: ws.policy,
    commit: base.commit,
    now,
    actor,
    events,
    // s3:// artifacts: HeadObject of each named version, with the credentials of the environment (docs/s3.md).
    s3: { env: io.env },
  });
  if (!plan) {
    const msg = `the base revision ${base.ref} (${base.commit.slice(0, 12)}) has no ${ws.policy.model.manifest}: no release to archive`;
    io.stdout(format === 'json' ? JSON.stringify({ kind: 'none', message: msg }, null, 2) + '\n' : msg + '\n');
    return 0;
  }
  if (plan.kind === 'invalid') throw new CliError(`cannot archive: ${plan.message}`, plan.fix, 2);
  assertReleaseOfModel(ws.location, plan.model, `${ws.policy.model.manifest} at ${base.ref}`);
  if (plan.kind === 'conflict') {
    throw new CliError(
      `refused: ${plan.message}`,
      'archived evidence is write-once: if the base release really changed, archive it under a new version',
      1,
    );
  }
  let appended: Awaited<ReturnType<typeof applyPlan>> = [];
  if (plan.kind === 'write' && !dryRun)
    appended = await applyPlan(ws.root, ws.policy.model.archiveDir, plan.writes, plan.events);
  if (format === 'json') {
    io.stdout(
      JSON.stringify(
        {
          kind: plan.kind,
          dryRun,
          model: plan.model,
          version: plan.version,
          dir: plan.dir,
          ...(plan.restores ? { restores: plan.restores } : {}),
          base: base,
          writes: plan.kind === 'write' ? plan.writes.map((w) => ({ path: w.path, size: w.bytes.length })) : [],
          warnings: plan.warnings ?? [],
          events: dryRun ? (plan.kind === 'write' ? plan.events : []) : appended,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    io.stdout(
      `${dryRun ? 'plan for' : 'archive of'} ${plan.model} ${plan.version} from ${base.ref} (${base.commit.slice(0, 12)}):\n`,
    );
    io.stdout(describeArchivePlan(plan, dryRun));
  }
  for (const w of plan.warnings ?? []) io.stderr(`warning: ${w}\n`);
  return 0;
}

/** `mlgov archive`: archive the base release under artifacts/ and append an `archive` event. */
export const archiveCommand: CliCommand = {
  name: 'archive',
  usage,
  options: {
    ...commonOptions,
    ...modelOptions,
    base: { type: 'string' },
    'dry-run': { type: 'boolean' },
    actor: { type: 'string' },
  },
  // EvidenceError carries its fix and exit code; runCli reports it.
  run,
};
