/**
 * `mlgov release new`, the I/O around the pure plan (release-plan.ts): find the model (the release locator), the
 * base release (the one base resolution) and the policy that will judge the release (the base's), read the working
 * manifest and bias report, ask git what is uncommitted and what HEAD is, then plan and, unless it is a dry run, write.
 */
import type { GitRepository } from '../adapters/git-repository.js';
import { readRepositoryFile } from '../adapters/repository-path.js';
import { readReleaseAt } from '../evidence/archive-store.js';
import {
  assertPolicyPathsOfBase,
  EvidenceError,
  openWorkspace,
  policyFromBytes,
  POLICY_FILE,
  type Workspace,
} from '../evidence/workspace.js';
import { parseJsonDocument } from '../formats/json-document.js';
import type { Policy } from '../policy/policy.js';
import { resolveBaseRevision } from '../release/base-revision.js';
import { archiveRoot, listsModels, selectModel } from '../release/release-locator.js';
import { InputFileError } from './input-error.js';
import {
  planReleaseNew,
  type Bump,
  type ReleaseNewInput,
  type ReleaseNewPlan,
  type WorkingFile,
} from './release-plan.js';
import { readManifestFile, writeRepositoryFiles } from './working-manifest.js';
import { isObject } from '../formats/json-object.js';

export interface ReleaseNewOptions {
  repoRoot: string;
  model?: string | undefined;
  base?: string | undefined;
  bump?: Bump | undefined;
  version?: string | undefined;
  reason: string;
  jira: string;
  dryRun: boolean;
}

/** The base release as the plan needs it, and the policy that judges the new release. */
interface BaseFacts {
  base?: ReleaseNewInput['base'];
  judging: Policy;
  archivedVersions: string[];
}

/**
 * The base revision's release and policy. A base that cannot be read is refused (never "no base": that would make
 * the release an initial one judged by its own policy); no default branch at all means a first release.
 */
async function readBase(ws: Workspace, ref: string | undefined): Promise<BaseFacts> {
  const base = await resolveBaseRevision(ws.git, ref);
  if (base.kind === 'unavailable') throw new EvidenceError(base.reason, base.fix);
  if (base.kind === 'none') return { judging: ws.policy, archivedVersions: [] };
  await assertPolicyPathsOfBase(ws, base);
  const spec = `${base.commit}:${POLICY_FILE}`;
  const judging = selectModel(policyFromBytes((await ws.git.readBlobs([spec])).get(spec)), ws.location.name).policy;
  const release = await readReleaseAt(ws.git, base.commit, ws.policy);
  if (!release) return { judging, archivedVersions: [] };
  let prior: unknown;
  try {
    prior = JSON.parse(Buffer.from(release.manifestBytes).toString('utf8'));
  } catch {
    prior = undefined;
  }
  if (!isObject(prior) || typeof prior['version'] !== 'string' || typeof prior['name'] !== 'string') {
    throw new EvidenceError(
      `the release in force (${release.manifestPath} at ${base.ref}) has no readable name and version to bump from`,
      `repair the manifest on ${base.ref}, or pass another --base REF`,
    );
  }
  const dir = `${archiveRoot(ws.policy.model.archiveDir)}/${prior['name']}/`;
  const archived = Object.keys(await ws.git.listFilesAt(base.commit, dir))
    .filter((p) => p.startsWith(dir) && p.endsWith('/manifest.json'))
    .map((p) => p.slice(dir.length).split('/')[0]!);
  return {
    base: {
      ref: base.ref,
      version: prior['version'],
      ...(typeof prior['jira'] === 'string' ? { jira: prior['jira'] } : {}),
    },
    judging,
    archivedVersions: [...new Set(archived)],
  };
}

/** The working bias report, or undefined when there is none yet; a report that is there must parse. */
async function readBiasReport(root: string, path: string): Promise<WorkingFile | undefined> {
  const read = await readRepositoryFile(root, path);
  if (read.kind === 'missing') return undefined;
  if (read.kind !== 'file') {
    throw new InputFileError('BIAS_REPORT_UNUSABLE', `the bias report ${path} could not be read: ${read.reason}`);
  }
  const doc = parseJsonDocument(path, read.bytes);
  if (!isObject(doc.value)) {
    throw new InputFileError(
      'BIAS_REPORT_UNUSABLE',
      `the bias report ${path} is not a JSON object`,
      'Fix the report (mlgov check reports every problem with its line), or write it again with mlgov bias compute.',
    );
  }
  return { path, text: read.bytes.toString('utf8'), value: doc.value };
}

/**
 * The files whose working-tree bytes are not HEAD's: edited, staged, not committed at all, or (text undefined)
 * deleted from the working tree while HEAD has them.
 */
async function uncommitted(git: GitRepository, files: Array<{ path: string; text?: string }>): Promise<string[]> {
  const specs = files.map((f) => `HEAD:${f.path}`);
  const blobs = await git.readBlobs(specs);
  return files
    .filter((f, i) => {
      const committed = blobs.get(specs[i]!);
      return f.text === undefined ? committed !== undefined : !committed?.equals(Buffer.from(f.text, 'utf8'));
    })
    .map((f) => f.path);
}

export interface ReleaseNewResult {
  plan: ReleaseNewPlan;
  written: boolean;
}

/** Plans the next release of the model and writes it (unless a dry run or refused). */
export async function runReleaseNew(options: ReleaseNewOptions): Promise<ReleaseNewResult> {
  const ws = await openWorkspace(options.repoRoot, options.model !== undefined ? { model: options.model } : {});
  const origin = {
    field: ws.location.name ? `${ws.location.name}'s manifest` : 'model.manifest',
    policyPath: POLICY_FILE,
  };
  const manifest = await readManifestFile(ws.root, ws.location.manifest, origin, options.model);
  const biasReport = await readBiasReport(ws.root, ws.location.biasReport);
  const head = await ws.git.resolveCommit('HEAD');
  if (!head) {
    throw new EvidenceError('HEAD is not a commit: the repository has no commit yet', 'commit the model code first');
  }
  const facts = await readBase(ws, options.base);
  const judging = facts.judging;
  const plan = planReleaseNew({
    manifest: { path: manifest.path, text: manifest.text, value: manifest.value as Record<string, unknown> },
    biasReport,
    base: facts.base,
    archivedVersions: facts.archivedVersions,
    head,
    uncommitted: await uncommitted(ws.git, [manifest, biasReport ?? { path: ws.location.biasReport }]),
    bump: options.bump,
    version: options.version,
    reason: options.reason,
    jira: options.jira,
    policy: {
      minReasonLength: judging.promotion.minReasonLength,
      jiraProject: judging.jira.project,
      reviewerRole: judging.bias.reviewerRole,
      requiredRoles: judging.approvals.required.map((r) => r.role),
    },
    modelFlag: listsModels(ws.policy) ? ws.location.name : undefined,
  });
  if (plan.kind === 'refused' || options.dryRun) return { plan, written: false };
  await writeRepositoryFiles(ws.root, plan.writes);
  return { plan, written: true };
}
