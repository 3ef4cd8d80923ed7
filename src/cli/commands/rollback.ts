import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { archiveFolder } from '../../evidence/archive-plan.js';
import {
  applyPlan,
  planArchiveOfSource,
  readExistingArchive,
  readReleaseAt,
  readVerifiedEvents,
} from '../../evidence/archive-store.js';
import { parseChecksums, isSafeSegment } from '../../evidence/archive-plan.js';
import { buildRollbackPlan } from '../../evidence/rollback-plan.js';
import { openWorkspace, resolveActor, resolveBaseRevision } from '../../evidence/workspace.js';
import { sha256Hex } from '../../formats/canonical-digest.js';
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

const usage = `mlgov rollback --to VERSION --reason TEXT [--base REF] [--dry-run] [--actor LOGIN] [--format text|json] [--repo DIR]

Restores an archived release (artifacts/<model>/<VERSION>/) as the current release: the bias report byte for byte,
the manifest with release.type "rollback", release.reason and release.rollbackOf, and without its approvals (they
were bound to the old manifest digest; the board re-approves the rollback with mlgov approve). The release being
replaced (the base's) is archived first, the restored files are verified against the archived checksums.sha256,
and a "rollback" event is appended to the audit log. Refusals change nothing.`;

async function listArchivedVersions(root: string, dir: string): Promise<string[]> {
  try {
    return (await readdir(join(root, dir), { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** Digest of each file named in a checksum record, from the working tree (undefined when missing or unsafe). */
async function observeRecorded(
  root: string,
  checksums: Uint8Array | undefined,
): Promise<Record<string, string | undefined>> {
  const observed: Record<string, string | undefined> = {};
  if (!checksums) return observed;
  for (const e of parseChecksums(Buffer.from(checksums).toString('utf8')).entries) {
    if (e.path.startsWith('/') || e.path.split('/').includes('..')) continue; // never read outside the repository
    try {
      observed[e.path] = sha256Hex(await readFile(join(root, e.path)));
    } catch {
      observed[e.path] = undefined;
    }
  }
  return observed;
}

async function run(args: CliArgs, io: CliIo): Promise<number> {
  const format = formatOption(args, ['text', 'json'] as const, 'text');
  const toVersion = requireOption(args, 'to');
  const reason = requireOption(args, 'reason');
  const dryRun = booleanOption(args, 'dry-run');
  if (!isSafeSegment(toVersion))
    throw new UsageError(`--to ${toVersion} is not a version (letters, digits, . _ + - only)`);
  const ws = await openWorkspace(stringOption(args, 'repo') ?? io.cwd);
  const base = await resolveBaseRevision(ws.git, stringOption(args, 'base'));
  const actor = await resolveActor(ws.root, stringOption(args, 'actor'));
  const events = await readVerifiedEvents(ws.root, ws.policy.model.archiveDir);
  const now = new Date();

  const current = await readReleaseAt(ws.git, base.commit, ws.policy);
  if (!current) {
    throw new CliError(
      `the base revision ${base.ref} has no ${ws.policy.model.manifest}: there is no release in force to roll back`,
      'pass the production branch with --base REF',
    );
  }
  let parsed: { name?: unknown; version?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(current.manifestBytes).toString('utf8')) as typeof parsed;
  } catch {
    parsed = {};
  }
  if (!isSafeSegment(parsed.name) || !isSafeSegment(parsed.version)) {
    throw new CliError(
      `the release in force (${current.manifestPath} at ${base.ref}) has no usable name and version`,
      'fix the manifest on the base branch first',
    );
  }
  const model = parsed.name;
  const targetDir = archiveFolder(ws.policy.model.archiveDir, model, toVersion);
  const existing = await readExistingArchive(ws.root, targetDir);
  const replacedArchive = await planArchiveOfSource({
    root: ws.root,
    policy: ws.policy,
    source: current,
    now,
    actor,
    events,
  });

  const plan = buildRollbackPlan({
    toVersion,
    reason,
    minReasonLength: ws.policy.promotion.minReasonLength,
    current: { model, version: parsed.version },
    target: {
      dir: targetDir,
      ...(existing['manifest.json'] ? { manifest: existing['manifest.json'] } : {}),
      ...(existing['bias-report.json'] ? { biasReport: existing['bias-report.json'] } : {}),
      ...(existing['checksums.sha256'] ? { checksums: existing['checksums.sha256'] } : {}),
    },
    archivedVersions: await listArchivedVersions(
      ws.root,
      archiveFolder(ws.policy.model.archiveDir, model, '').replace(/\/$/, ''),
    ),
    observed: await observeRecorded(ws.root, existing['checksums.sha256']),
    replacedArchive,
    manifestPath: ws.policy.model.manifest,
    biasReportPath: ws.policy.model.biasReport,
    actor,
    now,
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
    `${dryRun ? 'plan: roll back' : 'rolled back'} ${plan.model} from ${plan.from} to ${plan.to} (checksums of ${plan.to} verified)\n`,
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
  },
  // EvidenceError carries its fix and exit code; runCli reports it.
  run,
};
