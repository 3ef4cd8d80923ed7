import { resolve } from 'node:path';
import { runReleaseNew } from '../../metrics/release-new.js';
import type { Bump, PlannedChange, ReleaseNewPlan } from '../../metrics/release-plan.js';
import { MODEL_USAGE, modelOption, modelOptions } from '../command-support.js';
import {
  booleanOption,
  CliError,
  commonOptions,
  formatOption,
  requireOption,
  stringOption,
  UsageError,
  type CliArgs,
  type CliCommand,
  type CliIo,
} from '../cli-io.js';

const BUMPS: readonly Bump[] = ['major', 'minor', 'patch'];

const usage = `mlgov release new (--bump major|minor|patch | --version X.Y.Z) --reason TEXT --jira KEY [--model NAME]
                  [--base REF] [--dry-run] [--format text|json] [--repo DIR]

Writes the next release from the current one, for the training outputs to fill (docs/training-outputs.md):
  version                 the BASE release's version bumped (--bump), or --version, which must be greater
                          (a lower one is a rollback: mlgov rollback); with no release on the base, the working one's
  release.type, .reason   promotion when the base has a release, else initial; the reason (policy's minimum length)
  jira                    --jira, a key of the policy's Jira project, not the ticket of the release in force
  provenance.code.commit  HEAD
  approvals               removed from the manifest and the bias report: they bind the old digests
  bias report             model.version set to the new version (figures and generatedAt kept until bias compute),
                          and the manifest's biasReport.sha256 refreshed
provenance.training and evaluation are left as they are: mlgov metrics import and your pipeline fill them.

Refused, writing nothing: uncommitted changes to the manifest or the bias report, or a release already in progress
(the working manifest's version is not the base's).

  --base REF     the production revision (default: the default branch's tip); its policy judges the reason and key
${MODEL_USAGE}
  --dry-run      show the plan, write nothing

exit codes: 0 written (or planned with --dry-run), 2 refused or could not be done (nothing written)`;

function show(v: unknown): string {
  if (v === undefined) return '(removed)';
  const text = JSON.stringify(v);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

function changeLine(c: PlannedChange): string {
  return c.pointer === '/approvals'
    ? `  ${c.file} ${c.pointer}: ${Array.isArray(c.from) ? c.from.length : 0} approval(s) removed`
    : `  ${c.file} ${c.pointer}: ${show(c.from)} -> ${show(c.to)}`;
}

function render(io: CliIo, plan: Extract<ReleaseNewPlan, { kind: 'planned' }>, dryRun: boolean): void {
  io.stdout(
    `${dryRun ? 'plan: release' : 'released'} ${plan.model} ${plan.to} (${plan.releaseType}, from ${plan.from})\n`,
  );
  io.stdout(`${dryRun ? 'would write' : 'wrote'} ${plan.writes.map((w) => w.path).join(' and ')}:\n`);
  io.stdout(plan.changes.map(changeLine).join('\n') + '\n');
  for (const note of plan.notes) io.stdout(`note: ${note}\n`);
  io.stdout('\nnext, in this order (each step changes what the later ones are bound to; approvals last):\n');
  plan.next.forEach((s, i) => io.stdout(`  ${i + 1}. ${s.command}\n     ${s.why}\n`));
}

function versionChoice(args: CliArgs): { bump?: Bump; version?: string } {
  const bump = stringOption(args, 'bump');
  const version = stringOption(args, 'version');
  if ((bump === undefined) === (version === undefined)) {
    throw new UsageError('say how to number the release: --bump major|minor|patch, or --version X.Y.Z (one of them)');
  }
  if (bump !== undefined && !(BUMPS as readonly string[]).includes(bump)) {
    throw new UsageError(`--bump ${bump} is not a SemVer part; use one of: ${BUMPS.join(', ')}`);
  }
  return bump !== undefined ? { bump: bump as Bump } : { version: version! };
}

async function run(args: CliArgs, io: CliIo): Promise<number> {
  const [sub, ...extra] = args.positionals;
  if (sub !== 'new') throw new UsageError('say what to do: mlgov release new --bump minor --reason TEXT --jira KEY');
  if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra[0]}`);
  const format = formatOption(args, ['text', 'json'] as const, 'text');
  const choice = versionChoice(args);
  const dryRun = booleanOption(args, 'dry-run');
  const { plan, written } = await runReleaseNew({
    repoRoot: resolve(io.cwd, stringOption(args, 'repo') ?? '.'),
    model: modelOption(args),
    base: stringOption(args, 'base'),
    ...choice,
    reason: requireOption(args, 'reason'),
    jira: requireOption(args, 'jira'),
    dryRun,
  });
  if (plan.kind === 'refused') throw new CliError(`release new refused: ${plan.message}`, plan.fix, 2);
  if (format === 'json') {
    const { writes, ...rest } = plan;
    io.stdout(JSON.stringify({ written, ...rest, writes: writes.map((w) => w.path) }, null, 2) + '\n');
    return 0;
  }
  render(io, plan, dryRun);
  return 0;
}

/** `mlgov release new`: the next release written from the current one, for the training outputs to fill. */
export const releaseCommand: CliCommand = {
  name: 'release',
  usage,
  options: {
    ...commonOptions,
    ...modelOptions,
    bump: { type: 'string' },
    version: { type: 'string' },
    reason: { type: 'string' },
    jira: { type: 'string' },
    base: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  allowPositionals: true,
  run,
};
