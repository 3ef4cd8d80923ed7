import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileChanges, gitBlobId } from '../../adapters/git-history.js';
import type { GitRepository } from '../../adapters/git-repository.js';
import { readRepositoryFile } from '../../adapters/repository-path.js';
import { archiveFolder, type ArchiveFileName } from '../../evidence/archive-plan.js';
import {
  applyPlan,
  planArchiveOfSource,
  readExistingArchive,
  readReleaseAt,
  readVerifiedEvents,
} from '../../evidence/archive-store.js';
import { parseChecksums, isSafeSegment } from '../../evidence/archive-plan.js';
import { buildRollbackPlan, type ArchiveFolderFiles } from '../../evidence/rollback-plan.js';
import { assertPolicyPathsOfBase, openWorkspace, resolveActor, resolveBaseRevision } from '../../evidence/workspace.js';
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
replaced (the base's) is archived first, and a "rollback" event is appended to the audit log.

Only a verified release is restored, and only to the policy's paths: the archive must be on the base revision (and
unchanged in the working tree), its manifest must have been in force on the base branch, and its checksums.sha256
must cover the archived manifest and bias report and every artifact (each file present with that digest). The
manifest goes to model.manifest, the bias report to model.biasReport, never to a path an archived file names; a
symlink on any path written is refused. Refusals change nothing.`;

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

/**
 * Digest of each file named in a checksum record, from the working tree, read only through the contained reader
 * (never through a symlink out of the repository, never a FIFO): undefined when missing; `refused` says why a path
 * was not read.
 */
async function observeRecorded(
  root: string,
  checksums: Uint8Array | undefined,
): Promise<{ observed: Record<string, string | undefined>; refused: Record<string, string> }> {
  const observed: Record<string, string | undefined> = {};
  const refused: Record<string, string> = {};
  if (!checksums) return { observed, refused };
  for (const e of parseChecksums(Buffer.from(checksums).toString('utf8')).entries) {
    const read = await readRepositoryFile(root, e.path);
    if (read.kind === 'file') observed[e.path] = sha256Hex(read.bytes);
    else if (read.kind === 'missing') observed[e.path] = undefined;
    else refused[e.path] = read.reason;
  }
  return { observed, refused };
}

const FIELD_OF: Record<ArchiveFileName, keyof ArchiveFolderFiles> = {
  'manifest.json': 'manifest',
  'bias-report.json': 'biasReport',
  'checksums.sha256': 'checksums',
  'evidence.json': 'evidence',
};

/**
 * The target archive folder as the base revision holds it, and which of its files the working tree has missing
 * or different (the working tree is the PR's claim; the base is the record).
 */
async function readTargetFromBase(
  git: GitRepository,
  baseCommit: string,
  dir: string,
  inWorkingTree: Partial<Record<ArchiveFileName, Buffer>>,
): Promise<{ files: ArchiveFolderFiles; workingTreeDiffers: string[] }> {
  const names = Object.keys(FIELD_OF) as ArchiveFileName[];
  const blobs = await git.readBlobs(names.map((n) => `${baseCommit}:${dir}/${n}`));
  const files: ArchiveFolderFiles = {};
  const workingTreeDiffers: string[] = [];
  for (const name of names) {
    const onBase = blobs.get(`${baseCommit}:${dir}/${name}`);
    if (onBase) files[FIELD_OF[name]] = onBase;
    const here = inWorkingTree[name];
    if ((onBase === undefined) !== (here === undefined) || (onBase && here && !onBase.equals(here)))
      workingTreeDiffers.push(name);
  }
  return { files, workingTreeDiffers };
}

/** Whether these exact manifest bytes were at `manifestPath` in some first-parent commit of the base. */
async function wasReleasedOnBase(
  git: GitRepository,
  baseCommit: string,
  manifestPath: string,
  manifest: Uint8Array | undefined,
): Promise<boolean> {
  if (!manifest) return false;
  const changes = await readFileChanges(git.root, baseCommit, manifestPath);
  const ids = new Set(changes.flatMap((c) => (c.blob ? [c.blob] : [])));
  return ids.has(gitBlobId(manifest, baseCommit.length));
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
  await assertPolicyPathsOfBase(ws, base);
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
  const target = await readTargetFromBase(ws.git, base.commit, targetDir, existing);
  const replacedArchive = await planArchiveOfSource({
    root: ws.root,
    policy: ws.policy,
    source: current,
    now,
    actor,
    events,
  });
  const recorded = await observeRecorded(ws.root, target.files.checksums);
  const plan = buildRollbackPlan({
    toVersion,
    reason,
    minReasonLength: ws.policy.promotion.minReasonLength,
    current: { model, version: parsed.version },
    target: { dir: targetDir, ...target.files },
    workingTreeDiffers: target.workingTreeDiffers,
    releasedOnBase: await wasReleasedOnBase(ws.git, base.commit, ws.policy.model.manifest, target.files.manifest),
    baseRef: base.ref,
    archivedVersions: await listArchivedVersions(
      ws.root,
      archiveFolder(ws.policy.model.archiveDir, model, '').replace(/\/$/, ''),
    ),
    observed: recorded.observed,
    refused: recorded.refused,
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
  },
  // EvidenceError carries its fix and exit code; runCli reports it.
  run,
};
