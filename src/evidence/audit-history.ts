/**
 * Reads what the period audit needs from git, in batch: one `git log` per governed manifest (and one for the
 * policy), then `git cat-file --batch` reads for the releases, the policy at each change, the archive and the audit
 * logs at the tip. Which manifest and bias report belong to which model is the release locator's answer
 * (`governedModels`), asked of the policy as it was at each commit; the files are read by `readReleasesAt`.
 */
import { resolve } from 'node:path';
import { openGitRepository, type GitRepository } from '../adapters/git-repository.js';
import {
  readFileChanges,
  readFirstParentOrder,
  readManifestChanges,
  resolveAuditRef,
  type FileChange,
} from '../adapters/git-history.js';
import type { Policy } from '../policy/policy.js';
import {
  archiveRoot,
  auditLogOf,
  governedModels,
  listsModels,
  type ModelLocation,
} from '../release/release-locator.js';
import type { LogVersion } from './log-history.js';
import type { AuditedModelInput, AuditLogInput, PeriodAuditInput, ReleaseChangeInput } from './period-audit.js';
import { readReleasesAt, releaseKey, type ReleaseRequest } from './release-files.js';
import { EvidenceError, policyFromBytes, POLICY_FILE } from './workspace.js';

/**
 * The repository to audit. The audit reads the branch's history and the policy at its tip, never the working tree's
 * policy, so (unlike the write commands' workspace) no model is chosen here: every governed model is audited.
 */
export async function openAuditedRepository(dir: string): Promise<GitRepository> {
  const root = resolve(dir);
  const git = openGitRepository(root);
  if (!(await git.isRepository()))
    throw new EvidenceError(
      `${root} is not a git repository`,
      'run mlgov inside the model repository, or pass --repo DIR',
    );
  return git;
}

const ARCHIVED_NAMES = new Set(['manifest.json', 'bias-report.json', 'checksums.sha256', 'evidence.json']);

/**
 * Reads the release history of `ref` (default branch when undefined) into a {@link PeriodAuditInput}: every model
 * the policy governed at some commit of the branch, each with its releases while governed. `model` narrows the
 * audit to the model of that name (`--model`).
 */
export async function readAuditInput(args: {
  git: GitRepository;
  ref?: string;
  since: string;
  until: string;
  now: Date;
  toolVersion: string;
  model?: string;
}): Promise<PeriodAuditInput> {
  const { git } = args;
  const tip = await resolveTip(git, args.ref);
  const policySpec = `${tip.commit}:${POLICY_FILE}`;
  const policy = policyFromBytes((await git.readBlobs([policySpec])).get(policySpec));
  const versions = await readPolicyVersions(git, tip.commit);
  const multi = versions.some((v) => v.policy !== undefined && listsModels(v.policy)) || listsModels(policy);
  let models = multi
    ? await readGovernedHistory(git, tip.commit, policy, versions)
    : [{ policy, changes: await readSingleModelChanges(git, tip.commit, policy) }];
  if (args.model !== undefined) models = narrowTo(models, args.model, multi);
  const { archiveFiles, logs } = await readArchives(git, tip.commit, models);
  return {
    ref: tip.ref,
    tipCommit: tip.commit,
    since: args.since,
    until: args.until,
    generatedAt: args.now.toISOString(),
    toolVersion: args.toolVersion,
    policy,
    listsModels: multi,
    models,
    archiveFiles,
    logs,
  };
}

async function resolveTip(git: GitRepository, ref: string | undefined): Promise<{ ref: string; commit: string }> {
  const tip = await resolveAuditRef(git, ref);
  if (!tip) {
    throw new EvidenceError(
      ref
        ? `revision "${ref}" is not in this repository`
        : 'no default branch (origin/HEAD, origin/main, main, master) to audit',
      'fetch the full history of the default branch (git fetch --unshallow origin main, or actions/checkout with fetch-depth: 0), or pass --ref REF',
    );
  }
  if (await git.isShallow()) {
    throw new EvidenceError(
      'this is a shallow clone: the release history is incomplete',
      'fetch the full history: git fetch --unshallow origin',
    );
  }
  return tip;
}

/** `--model NAME`: the one model of that name; a name the history never governed is an error naming those it did. */
function narrowTo(models: AuditedModelInput[], name: string, multi: boolean): AuditedModelInput[] {
  // A single-model policy does not name its model (the manifest does): the name only labels it.
  if (!multi) return models.map((m) => ({ ...m, name }));
  const found = models.filter((m) => m.name === name);
  if (found.length > 0) return found;
  const names = models.map((m) => m.name ?? m.policy.model.manifest).join(', ');
  throw new EvidenceError(
    `the policy did not govern a model named ${JSON.stringify(name)} during the branch's history (it governed ${names})`,
    `pass --model with one of: ${names}`,
  );
}

/** Today's single-model reading: every first-parent change of the tip policy's manifest, with the policy's report. */
async function readSingleModelChanges(git: GitRepository, tip: string, policy: Policy): Promise<ReleaseChangeInput[]> {
  const location = governedModels(policy)[0]!;
  const changes = await readManifestChanges(git.root, tip, location.manifest);
  // The paths are the tip's (one model, where the tip's policy says); the rules each release was merged under are
  // the policy at its own commit.
  const policyAt = await policiesAtCommits(
    git,
    changes.map((c) => c.commit),
  );
  const points = changes.map((change) => {
    const then = policyAt.get(change.commit);
    return { kind: 'manifest' as const, change, location, ...(then ? { policyThen: then } : {}) };
  });
  return releaseChangesOf(git, points);
}

/** One version of the policy along the first-parent line; `policy` undefined when that version does not parse. */
interface PolicyVersion {
  change: FileChange;
  policy?: Policy;
}

async function readPolicyVersions(git: GitRepository, tip: string): Promise<PolicyVersion[]> {
  const changes = await readFileChanges(git.root, tip, POLICY_FILE);
  const blobs = await git.readBlobs([...new Set(changes.flatMap((c) => (c.blob ? [c.blob] : [])))]);
  return changes.map((change) => {
    const parsed = parsePolicy(change.blob ? blobs.get(change.blob) : undefined);
    return { change, ...(parsed ? { policy: parsed } : {}) };
  });
}

/**
 * A past version of the policy; undefined when it does not parse. The audit is judged by the tip's valid policy: a
 * past version that did not parse governed nothing the gate could have enforced, so the version before it stands.
 */
function parsePolicy(bytes: Uint8Array | undefined): Policy | undefined {
  try {
    return policyFromBytes(bytes);
  } catch {
    return undefined;
  }
}

/** A commit at which a model's governed release may have changed: its manifest changed, or the policy did. */
interface GovernancePoint {
  kind: 'manifest' | 'policy';
  change: Pick<FileChange, 'commit' | 'committedAt' | 'subject'>;
  /** Where the model's release is at that commit; undefined when the policy did not govern it then. */
  location?: ModelLocation;
  /** The policy in force at that commit, when `location` was read from another version (one model: the tip's). */
  policyThen?: Policy;
}

/** The model's key across policy versions: its name, or for a single-model policy the name listed at its path. */
function keyOf(location: ModelLocation, nameAt: Map<string, string>): string {
  return location.name ?? nameAt.get(location.manifest) ?? `manifest:${location.manifest}`;
}

/**
 * Every model the policy governed at some commit, with its releases while governed. A model added to the policy
 * mid-history is in force from the commit that listed it (its manifest may predate it); a model dropped from the
 * list stops being in force there. Judged by the latest policy version that governed it.
 */
async function readGovernedHistory(
  git: GitRepository,
  tip: string,
  policy: Policy,
  versions: PolicyVersion[],
): Promise<AuditedModelInput[]> {
  const valid = versions.filter((v): v is Required<PolicyVersion> => v.policy !== undefined);
  const nameAt = new Map<string, string>();
  for (const v of [...valid.map((x) => x.policy), policy])
    for (const m of governedModels(v)) if (m.name !== undefined) nameAt.set(m.manifest, m.name);
  const locationsAt = (p: Policy) => new Map(governedModels(p).map((m) => [keyOf(m, nameAt), m]));
  const keys = [
    ...new Set([...valid.flatMap((v) => [...locationsAt(v.policy).keys()]), ...locationsAt(policy).keys()]),
  ];
  const latest = new Map<string, ModelLocation>();
  for (const p of [...valid.map((v) => v.policy), policy]) for (const [k, m] of locationsAt(p)) latest.set(k, m);

  // One git log per manifest path any version named; the policy at each change in one cat-file batch.
  const paths = [
    ...new Set(
      keys.flatMap((k) => [
        ...new Set([...valid.map((v) => locationsAt(v.policy).get(k)?.manifest), latest.get(k)?.manifest]),
      ]),
    ),
  ].filter((p): p is string => p !== undefined);
  const changesOf = new Map<string, FileChange[]>();
  for (const p of paths) changesOf.set(p, await readFileChanges(git.root, tip, p));
  const policyAt = await policiesAtCommits(
    git,
    [...changesOf.values()].flat().map((c) => c.commit),
  );

  const order = await readFirstParentOrder(git.root, tip);
  const models: AuditedModelInput[] = [];
  for (const key of keys) {
    const points: GovernancePoint[] = [];
    for (const [path, changes] of changesOf)
      for (const c of changes) {
        const at = policyAt.get(c.commit);
        const location = at ? locationsAt(at).get(key) : undefined;
        // A change of a path the model was not at (then) is another model's, or nobody's.
        if (location === undefined || location.manifest === path)
          points.push({ kind: 'manifest', change: c, location });
      }
    for (const v of valid) points.push({ kind: 'policy', change: v.change, location: locationsAt(v.policy).get(key) });
    const changes = await releaseChangesOf(git, governedPoints(points, order));
    const governing = latest.get(key)!;
    models.push({
      ...(governing.name !== undefined ? { name: governing.name } : {}),
      policy: governing.policy,
      changes,
    });
  }
  return models;
}

/** The policy in force at each commit (read there, in one batch); absent or unparsable is left out. */
async function policiesAtCommits(git: GitRepository, commits: string[]): Promise<Map<string, Policy>> {
  const specs = [...new Set(commits)].map((c) => `${c}:${POLICY_FILE}`);
  const blobs = specs.length > 0 ? await git.readBlobs(specs) : new Map<string, Buffer | undefined>();
  const out = new Map<string, Policy>();
  for (const c of new Set(commits)) {
    const p = parsePolicy(blobs.get(`${c}:${POLICY_FILE}`));
    if (p) out.set(c, p);
  }
  return out;
}

/**
 * The points at which the model's governed release changed, in first-parent order (`order`: the branch's own order,
 * never commit times, which two commits may share; a commit that is both a manifest and a policy change counts
 * once): a manifest change while governed, a policy change that starts, moves or ends the governance, and a manifest
 * change that ends it (the model was dropped). A point without a location is the end of a release in force.
 */
function governedPoints(points: GovernancePoint[], order: Map<string, number>): GovernancePoint[] {
  const seen = new Set<string>();
  // Every point is a first-parent commit of the tip, so each has a position.
  const position = (p: GovernancePoint) => order.get(p.change.commit) ?? -1;
  const ordered = points
    .map((p, i) => ({ p, i }))
    .sort((a, b) => position(a.p) - position(b.p) || a.i - b.i)
    .map((x) => x.p)
    .filter((p) => !seen.has(p.change.commit) && seen.add(p.change.commit) !== undefined);
  const out: GovernancePoint[] = [];
  let current: string | undefined;
  for (const p of ordered) {
    const path = p.location?.manifest;
    if (path !== undefined && (path !== current || p.kind === 'manifest')) out.push(p);
    else if (path === undefined && current !== undefined) out.push({ kind: p.kind, change: p.change });
    current = path;
  }
  return out;
}

/** The release (manifest + bias report) at each point, read in one batch through the locator's paths. */
async function releaseChangesOf(git: GitRepository, points: GovernancePoint[]): Promise<ReleaseChangeInput[]> {
  const requests: ReleaseRequest[] = points.flatMap((p) =>
    p.location ? [{ commit: p.change.commit, location: p.location }] : [],
  );
  const releases = await readReleasesAt(git, requests);
  return points.map((p) => {
    const release = p.location
      ? releases.get(releaseKey({ commit: p.change.commit, location: p.location }))
      : undefined;
    return {
      commit: p.change.commit,
      committedAt: p.change.committedAt,
      subject: p.change.subject,
      ...(release ? { manifest: release.manifestBytes } : {}),
      ...(release?.biasReportBytes ? { biasReport: release.biasReportBytes } : {}),
      ...(p.location ? { signOffRequired: (p.policyThen ?? p.location.policy).jira.signOff !== undefined } : {}),
    };
  });
}

/**
 * The archive files and audit logs at the tip, for every archive folder a model audited uses (models may share one,
 * and then share its log), each log with its history.
 */
async function readArchives(
  git: GitRepository,
  tip: string,
  models: AuditedModelInput[],
): Promise<{ archiveFiles: Record<string, Uint8Array>; logs: AuditLogInput[] }> {
  // Never empty: the tip's policy governs at least one model (a policy's `models:` list holds one at least).
  const dirs = [...new Set(models.map((m) => archiveRoot(m.policy.model.archiveDir)))];
  const archiveFiles: Record<string, Uint8Array> = {};
  const logs: AuditLogInput[] = [];
  for (const archiveDir of dirs) {
    const listed = await git.listFilesAt(tip, archiveDir);
    const logPath = auditLogOf({ archiveDir });
    const wanted = Object.entries(listed).filter(
      ([p]) => p === logPath || ARCHIVED_NAMES.has(p.slice(p.lastIndexOf('/') + 1)),
    );
    const blobs = await git.readBlobs([...new Set(wanted.map(([, id]) => id))]);
    let text = '';
    for (const [path, id] of wanted) {
      const bytes = blobs.get(id);
      if (!bytes) continue;
      if (path === logPath) text = bytes.toString('utf8');
      else archiveFiles[path] = bytes;
    }
    logs.push({ archiveDir, text, history: await readLogHistory(git, tip, logPath) });
  }
  return { archiveFiles, logs };
}

/**
 * Every version of the audit log along the first-parent line of `commit`, oldest first: one `git log` for the
 * commits that touched it, one `git cat-file --batch` for their blobs. A shallow clone cannot show the history, so
 * it is refused (could not judge), never read as "no rewrite".
 */
export async function readLogHistory(git: GitRepository, commit: string, logPath: string): Promise<LogVersion[]> {
  if (await git.isShallow()) {
    throw new EvidenceError(
      `this is a shallow clone: the history of ${logPath} is incomplete`,
      'fetch the full history: git fetch --unshallow origin (or actions/checkout with fetch-depth: 0)',
    );
  }
  const changes = await readFileChanges(git.root, commit, logPath);
  const blobs = await git.readBlobs([...new Set(changes.flatMap((c) => (c.blob ? [c.blob] : [])))]);
  return changes.map((c) => {
    const bytes = c.blob ? blobs.get(c.blob) : undefined;
    if (c.blob && !bytes) {
      throw new EvidenceError(
        `git could not read ${logPath} at ${c.commit.slice(0, 12)}`,
        'run git fsck and re-fetch the repository',
      );
    }
    return {
      commit: c.commit,
      committedAt: c.committedAt,
      subject: c.subject,
      ...(bytes ? { text: bytes.toString('utf8') } : {}),
      ...(c.mode ? { mode: c.mode } : {}),
    };
  });
}
