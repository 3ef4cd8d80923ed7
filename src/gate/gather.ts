import { resolve } from 'node:path';
import { findUnlistedFiles, modelFolders, observeFiles, type HashProgress } from '../adapters/file-hasher.js';
import { GitReadError, openGitRepository, type GitRepository } from '../adapters/git-repository.js';
import {
  isSafeRelativePath,
  readRepositoryBytes,
  readRepositoryFile,
  type RepositoryFileRead,
} from '../adapters/repository-path.js';
import { gatherEvidenceFacts } from '../evidence/gather-evidence.js';
import { readReleaseAt } from '../evidence/release-files.js';
import type { BiasReport } from '../formats/bias-report.js';
import { sha256Hex } from '../formats/canonical-digest.js';
import { error } from '../formats/finding.js';
import { parseJsonDocument } from '../formats/json-document.js';
import type { Manifest } from '../formats/manifest.js';
import type { ParsedDocument } from '../formats/parsed-document.js';
import { parseYamlDocument } from '../formats/yaml-document.js';
import manifestSchema from '../../schemas/manifest.schema.json' with { type: 'json' };
import { DEFAULT_POLICY_PATH, policyOrDefaults, readPolicyDocument } from '../policy/read-policy.js';
import type { Policy } from '../policy/policy.js';
import { resolveBaseRevision } from '../release/base-revision.js';
import {
  biasReportOf,
  governedModels,
  judgedModels,
  listsModels,
  selectModel,
  type ModelLocation,
} from '../release/release-locator.js';
import { gatherPredictions } from './gather-predictions.js';
import { objectPaths, observeObjects, type S3GatherOptions } from './gather-s3.js';
import { gatherTicketFacts, type TicketSource } from './gather-ticket.js';
import type { PullRequestFacts } from '../release/review-facts.js';
import type { BaseFacts, ReleaseContext } from '../release/release-context.js';
import { isObject } from '../formats/json-object.js';

/** How to gather a ReleaseContext; one typed settings object for both faces. */
export interface GatherOptions {
  /** Repository root. */
  repoRoot: string;
  /** The repository, when the caller shares one between several models' gates (`shared-git.ts`). */
  git?: GitRepository;
  /** Repository-relative path of the policy file (action input `policy`). */
  policyPath?: string;
  /**
   * The model to judge, by the policy's name for it (`--model`); required when the judging policy lists several
   * (src/release/release-locator.ts). A name only the PR's own policy lists is judged by the base's sections with the
   * PR's entry, and the `policy` check asks for the board's review of that change.
   */
  model?: string;
  /** Base revision (production); default: the tip of the default branch (src/release/base-revision.ts). */
  baseRef?: string;
  /** Skip the Jira and GitHub lookups (the report says so). */
  offline?: boolean;
  /** The clock; checks never read it themselves. */
  now?: Date;
  /** Judge time-based rules as of this time instead of the clock (re-judging a past release). */
  asOf?: Date;
  /** The pull request, when judging one (the action); the CLI fills branch and commits itself. */
  pr?: PullRequestFacts;
  /** Hashing progress (the CLI draws a bar on a TTY). */
  onHashProgress?: (p: HashProgress) => void;
  /** Stop hashing at the first mismatch. */
  failFast?: boolean;
  /** Hash every artifact's content (`--rehash`): no Git LFS pointer from the index, no hash cache. */
  rehash?: boolean;
  /** Use the local hash cache in the git directory: the CLI outside CI only, never the action. */
  hashCache?: boolean;
  /**
   * Jira, as the face configured it from the environment or the action inputs: a source, or why there is none
   * (then the `jira` check fails closed with that reason). Ignored when offline.
   */
  jira?: { source: TicketSource } | { problem: { kind: 'not-configured' | 'invalid-config'; message: string } };
  /** How `s3://` artifacts are reached beyond the judging policy's `s3` section (default: the process environment). */
  s3?: S3GatherOptions;
  /**
   * `false` for a reader that judges no artifact (the board view): nothing is hashed or fetched, and the context
   * says every artifact went unobserved, so a check run on it could not judge them. Default: observe.
   */
  observeArtifacts?: boolean;
}

export interface GatheredRelease {
  ctx: ReleaseContext;
  /** The effective policy of the judged model: the judging document with defaults filled in, the model's laid over. */
  policy: Policy;
  /** Where the judged model's release lives (the locator's answer). */
  location: ModelLocation;
  git: GitRepository;
}

/** A document for a file that could not be read: the `schema` check reports it. */
function unreadDocument<T>(
  file: string,
  what: string,
  read: Exclude<RepositoryFileRead, { kind: 'file' }>,
): ParsedDocument<T> {
  const problem =
    read.kind === 'outside'
      ? error('PATH_OUTSIDE_REPOSITORY', `${what} ${file} was not read: ${read.reason}`, {
          file,
          fix: `make ${file} a regular file inside the repository (not a symlink out of it)`,
        })
      : error(
          'FILE_NOT_FOUND',
          read.kind === 'missing' ? `${what} ${file} does not exist` : `${what} ${file} was not read: ${read.reason}`,
          {
            file,
            fix: `create ${file} as a regular file inside the repository, or point the policy's model section at the right path`,
          },
        );
  return { file, value: undefined, positions: {}, problems: [problem], sha256: sha256Hex('') };
}

/**
 * Gathers every fact the checks need: the working tree's documents, the base revision's, file digests, git facts,
 * evidence and (unless offline) the outside systems. All I/O of the gate happens here and in the adapters.
 */
export async function gatherReleaseContext(options: GatherOptions): Promise<GatheredRelease> {
  const root = resolve(options.repoRoot);
  const clock = options.now ?? new Date();
  const git = options.git ?? openGitRepository(root);
  const isRepository = await git.isRepository();
  const policyPath = options.policyPath ?? DEFAULT_POLICY_PATH;

  const judging = await readJudgingPolicy(root, git, isRepository, policyPath, options.baseRef);
  const { headPolicy, policyDocument, policySource } = judging;
  const judgingPolicy = policyOrDefaults(readPolicyDocument(policyPath, policyDocument));
  const location = locateForJudging(judgingPolicy, headPolicy && policyPath, headPolicy, options.model);
  const policy = location.policy;
  const release = await readWorkingRelease(root, location);
  const { manifest, m, biasReport, manifestPath, biasReportPath } = release;
  const base = await withBaseRelease(git, judging.base, location);

  // The board comment gathered again after the gate only to compare releases: hashing 10 GB of weights (or
  // streaming them from a bucket) a second time for a view that shows no checksum.
  const files =
    options.observeArtifacts === false
      ? { observed: {}, unlisted: [] }
      : await observeReleaseFiles(root, release, options, policy);
  const predictions = await gatherPredictions(root, biasReport?.value, m, files.observed);
  const codeCommit = m?.provenance?.code?.commit;
  const commitExists: Record<string, boolean> = {};
  if (typeof codeCommit === 'string' && isRepository) commitExists[codeCommit] = await git.commitExists(codeCommit);

  const pr = await gatherPullRequestFacts(git, base, options.pr);
  const evidence = isRepository
    ? await gatherEvidenceFacts({
        repoRoot: root,
        git,
        ...(base.kind === 'found' ? { baseCommit: base.commit } : {}),
        archiveDir: policy.model.archiveDir,
        ...(typeof m?.name === 'string' ? { modelName: m.name } : {}),
      })
    : undefined;
  const { ticket, skipped } = await gatherTicket(options, m?.jira, pr, policy);

  const { now, asOf } = await judgingTime(git, base, clock, options.asOf, manifest, biasReport, headPolicy, [
    manifestPath,
    biasReportPath,
  ]);

  const ctx: ReleaseContext = {
    now: now.toISOString(),
    ...governedNeighbours(policy, location),
    ...(asOf ? { asOf } : {}),
    manifest,
    ...(biasReport ? { biasReport } : {}),
    ...(headPolicy ? { headPolicy: headPolicy as ParsedDocument<Policy> } : {}),
    ...(policyDocument ? { policyDocument } : {}),
    policySource,
    base,
    files,
    git: {
      isRepository,
      commitExists,
      ...(isRepository ? { headCommit: await git.resolveCommit('HEAD') } : {}),
    },
    ...(pr ? { pr } : {}),
    ...(ticket ? { ticket } : {}),
    ...(evidence ? { evidence } : {}),
    ...(predictions ? { predictions } : {}),
    skipped,
  };
  return { ctx, policy, location, git };
}

/**
 * The policy that judges: the working tree's and the base revision's policy documents, and which one judges. The
 * base's policy judges the PR, so a PR cannot loosen its own gate (docs/design.md, "Rules of the house"); a base whose
 * policy git cannot read is unavailable, never "no policy".
 */
export async function readJudgingPolicy(
  root: string,
  git: GitRepository,
  isRepository: boolean,
  policyPath: string,
  baseRef: string | undefined,
): Promise<{
  headPolicy: ParsedDocument | undefined;
  base: BaseFacts;
  policyDocument: ParsedDocument<Policy> | undefined;
  policySource: ReleaseContext['policySource'];
}> {
  const headPolicyBytes = await readRepositoryBytes(root, policyPath);
  const headPolicy = headPolicyBytes ? parseYamlDocument(policyPath, headPolicyBytes) : undefined;

  let base: BaseFacts = isRepository
    ? await resolveBaseRevision(git, baseRef)
    : { kind: 'none', reason: 'not a git repository: no base release to compare with' };

  let policyDocument = headPolicy as ParsedDocument<Policy> | undefined;
  let policySource: ReleaseContext['policySource'] = headPolicy ? 'working-tree' : 'default';
  if (base.kind === 'found') {
    const basePolicyBytes = await readAtBase(git, base, policyPath);
    if (basePolicyBytes === UNREADABLE) {
      base = unreadableBase(base);
    } else if (basePolicyBytes) {
      base.policy = parseYamlDocument(policyPath, basePolicyBytes) as ParsedDocument<Policy>;
      policyDocument = base.policy;
      policySource = 'base';
    }
  }
  return { headPolicy, base, policyDocument, policySource };
}

/** The judged release as the working tree holds it: the manifest and bias report at the locator's paths. */
interface WorkingRelease {
  manifest: ParsedDocument<Manifest>;
  /** The manifest's value when it is an object. */
  m: Partial<Manifest> | undefined;
  biasReport: ParsedDocument<BiasReport> | undefined;
  manifestPath: string;
  biasReportPath: string;
  /** The bias report path hashed: the one the manifest declares, else the policy's. */
  observedReportPath: string;
}

async function readWorkingRelease(root: string, location: ModelLocation): Promise<WorkingRelease> {
  const manifestPath = isSafeRelativePath(location.manifest) ? location.manifest : 'model/manifest.json';
  const manifestRead = await readRepositoryFile(root, manifestPath);
  const manifest = (
    manifestRead.kind === 'file'
      ? parseJsonDocument(manifestPath, manifestRead.bytes)
      : unreadDocument(manifestPath, 'the manifest', manifestRead)
  ) as ParsedDocument<Manifest>;
  const m = isObject(manifest.value) ? (manifest.value as Partial<Manifest>) : undefined;

  const declaredReportPath = isObject(m?.biasReport) ? m.biasReport.path : undefined;
  // The report judged is the one the policy names; a manifest naming another file is the bias check's error
  // (BIAS_REPORT_PATH_MISMATCH). Hash exactly what the manifest declares, so an escaping path is reported as such.
  const biasReportPath = biasReportOf(location);
  const observedReportPath = typeof declaredReportPath === 'string' ? declaredReportPath : biasReportPath;
  const biasReportBytes = await readRepositoryBytes(root, biasReportPath);
  const biasReport = biasReportBytes
    ? (parseJsonDocument(biasReportPath, biasReportBytes) as ParsedDocument<BiasReport>)
    : undefined;
  return { manifest, m, biasReport, manifestPath, biasReportPath, observedReportPath };
}

/**
 * The most artifacts a manifest may list (its schema's bound). A manifest over it fails `schema`, and every check that
 * reads the artifacts needs a valid manifest (`needs: ['manifest']`): observing 100 000 listed paths would be seconds
 * of disk work for no finding, so only the bias report is observed then.
 */
const MAX_ARTIFACTS = manifestSchema.properties.artifacts.maxItems;

/**
 * Artifacts and the bias report, hashed from the working tree, and the files beside them the manifest does not list;
 * artifacts in object storage through the store the judging policy configures (`gather-s3.ts`).
 */
async function observeReleaseFiles(
  root: string,
  release: WorkingRelease,
  options: GatherOptions,
  policy: Policy,
): Promise<ReleaseContext['files']> {
  const { m, manifestPath, biasReportPath, observedReportPath } = release;
  const artifacts = Array.isArray(m?.artifacts) && m.artifacts.length <= MAX_ARTIFACTS ? m.artifacts : [];
  const allPaths = artifacts.map((a) => (isObject(a) && typeof a.path === 'string' ? a.path : '')).filter(Boolean);
  const objects = objectPaths(allPaths);
  const artifactPaths = allPaths.filter((p) => !objects.includes(p));
  const expected: Record<string, { sha256?: string; size?: number }> = {};
  for (const a of artifacts) {
    if (isObject(a) && typeof a.path === 'string') expected[a.path] = { sha256: a.sha256, size: a.size };
  }
  const observed = await observeFiles(root, [...new Set([...artifactPaths, observedReportPath])], {
    expected,
    ...(options.onHashProgress ? { onProgress: options.onHashProgress } : {}),
    ...(options.failFast ? { failFast: true } : {}),
    ...(options.rehash ? { rehash: true } : {}),
    ...(options.hashCache ? { hashCache: true } : {}),
  });
  // The training outputs the evaluation was imported from are named, with their SHA-256, in evaluation.source: not
  // "unlisted" when they sit beside a listed file (the predictions the bias report was computed from, say).
  const sources = isObject(m?.evaluation?.source) ? Object.values(m.evaluation.source) : [];
  const sourcePaths = sources
    .map((s) => (isObject(s) && typeof s['path'] === 'string' ? s['path'] : ''))
    .filter(Boolean);
  const unlisted = await findUnlistedFiles(root, modelFolders(manifestPath, artifactPaths), [
    ...artifactPaths,
    ...sourcePaths,
    manifestPath,
    biasReportPath,
  ]);
  if (objects.length === 0) return { observed, unlisted };
  return { observed, unlisted, objects: await observeObjects(objects, policy.s3, options.s3) };
}

/** The Jira facts (unless offline), and what was skipped and why. */
async function gatherTicket(
  options: GatherOptions,
  manifestKey: Partial<Manifest>['jira'],
  pr: PullRequestFacts | undefined,
  policy: Policy,
): Promise<{ ticket: ReleaseContext['ticket']; skipped: ReleaseContext['skipped'] }> {
  const skipped: ReleaseContext['skipped'] = {};
  let ticket: ReleaseContext['ticket'];
  if (options.offline) {
    skipped['jira'] = 'offline (--offline): Jira was not consulted';
    // Offline skips only the Jira lookup: the key rules on the pull request's text the caller gave (--pr-title,
    // --pr-body; the action's PR) need no Jira and still apply.
    if (options.pr && pr) ticket = await gatherTicketFacts({ manifestKey, pr, policy, offline: true });
  } else {
    ticket = await gatherTicketFacts({
      ...(options.jira && 'source' in options.jira ? { source: options.jira.source } : {}),
      ...(options.jira && 'problem' in options.jira ? { sourceProblem: options.jira.problem } : {}),
      manifestKey,
      ...(pr ? { pr } : {}),
      policy,
    });
  }
  return { ticket, skipped };
}

/** For a policy that lists models: the judged model's name and the others archived in the same folder. */
function governedNeighbours(
  policy: Policy,
  location: ModelLocation,
): Pick<ReleaseContext, 'governedName' | 'archiveNeighbours'> {
  if (!listsModels(policy) || location.name === undefined) return {};
  return {
    governedName: location.name,
    archiveNeighbours: governedModels(policy)
      .filter((o) => o.name !== location.name && o.archiveDir === location.archiveDir)
      .map((o) => o.name!),
  };
}

const UNREADABLE = Symbol('unreadable');

/** A file at the base revision; UNREADABLE when git could not read the objects (never "absent"). */
async function readAtBase(
  git: GitRepository,
  base: Extract<BaseFacts, { kind: 'found' }>,
  path: string,
): Promise<Buffer | undefined | typeof UNREADABLE> {
  try {
    return await git.readFileAt(base.commit, path);
  } catch (err) {
    if (err instanceof GitReadError) return UNREADABLE;
    throw err;
  }
}

/**
 * A base whose objects cannot be read is not "no base": judging the PR as a first release, or by its own policy,
 * would pass what the base would fail. The gate says it could not judge.
 */
function unreadableBase(base: Extract<BaseFacts, { kind: 'found' }>, err?: GitReadError): BaseFacts {
  const cause = err?.message ?? "git could not read the base revision's objects";
  return {
    kind: 'unavailable',
    ref: base.ref,
    reason: `the base revision ${base.ref} (${base.commit.slice(0, 12)}) could not be read: ${cause}`,
    fix: new GitReadError('').fix,
  };
}

/** The base with its release of the judged model read into it; unavailable when git cannot read its objects. */
async function withBaseRelease(git: GitRepository, base: BaseFacts, location: ModelLocation): Promise<BaseFacts> {
  if (base.kind !== 'found') return base;
  try {
    await readBaseRelease(git, base, location);
    return base;
  } catch (err) {
    if (!(err instanceof GitReadError)) throw err;
    return unreadableBase(base, err);
  }
}

/**
 * The base's release of the judged model, at the paths the judging policy gives it (the base's policy when there is
 * one): read by the locator's rules in `release-files.ts`, the same reading the evidence commands and the audit use.
 */
async function readBaseRelease(
  git: GitRepository,
  base: Extract<BaseFacts, { kind: 'found' }>,
  location: ModelLocation,
): Promise<void> {
  if (!isSafeRelativePath(location.manifest)) return; // the schema check reports the path; nothing to read
  const release = await readReleaseAt(git, base.commit, location);
  if (!release) return; // no manifest on the base: this PR brings the first release
  base.manifest = parseJsonDocument(release.manifestPath, release.manifestBytes) as ParsedDocument<Manifest>;
  base.manifestFileSha256 = sha256Hex(release.manifestBytes);
  if (release.biasReportBytes) {
    base.biasReport = parseJsonDocument(release.biasReportPath, release.biasReportBytes) as ParsedDocument<BiasReport>;
    base.biasReportFileSha256 = sha256Hex(release.biasReportBytes);
  }
}

/**
 * The judged model's location: among the models the change is judged for (the release locator's `judgedModels`: the
 * judging policy's, then those only the PR's policy adds, with the judging policy's gates), else the selection's
 * answer (the one model of a single-model policy, or the error naming the models).
 */
function locateForJudging(
  judging: Policy,
  headPolicyPath: string | undefined,
  headPolicy: ParsedDocument | undefined,
  name: string | undefined,
): ModelLocation {
  if (name === undefined) return selectModel(judging, undefined);
  const head = headPolicyPath && headPolicy ? readPolicyDocument(headPolicyPath, headPolicy) : undefined;
  const judged = judgedModels(judging, head?.kind === 'valid' ? head.policy : undefined);
  return judged.find((m) => m.name === name) ?? selectModel(judging, name);
}

/** The CLI knows the branch and the commits since the base; the action passes the PR it got from GitHub. */
async function gatherPullRequestFacts(
  git: GitRepository,
  base: BaseFacts,
  given: PullRequestFacts | undefined,
): Promise<PullRequestFacts | undefined> {
  const branch = given?.branch ?? (await git.currentBranch().catch(() => undefined));
  const commitMessages =
    given && given.commitMessages.length > 0
      ? given.commitMessages
      : base.kind === 'found'
        ? await git.commitMessages(base.commit, 'HEAD').catch(() => [])
        : [];
  if (!given && !branch && commitMessages.length === 0) return undefined;
  return { ...given, ...(branch ? { branch } : {}), commitMessages };
}

/**
 * The time the time-based rules (approval age, metrics freshness) are judged at. A release that is already on the
 * base branch, unchanged, was judged with the clock when it merged; re-judging it later (a PR that does not touch
 * the release, the README's example) must not fail because its approvals aged in production, so it is judged as of
 * the commit that last changed it. A changed release is always judged with the clock.
 */
async function judgingTime(
  git: GitRepository,
  base: BaseFacts,
  clock: Date,
  asked: Date | undefined,
  manifest: ParsedDocument,
  biasReport: ParsedDocument | undefined,
  headPolicy: ParsedDocument | undefined,
  paths: string[],
): Promise<{ now: Date; asOf?: { reason: string } }> {
  if (asked) return { now: asked, asOf: { reason: 'asked for with --as-of' } };
  if (base.kind !== 'found' || !base.manifest) return { now: clock };
  const unchanged =
    base.manifestFileSha256 === manifest.sha256 &&
    base.biasReportFileSha256 === biasReport?.sha256 &&
    (headPolicy === undefined || base.policy?.sha256 === headPolicy.sha256);
  if (!unchanged) return { now: clock };
  const last = await git.lastChange(base.commit, paths);
  if (!last) return { now: clock };
  const at = new Date(last.date);
  if (Number.isNaN(at.getTime()) || at > clock) return { now: clock };
  return {
    now: at,
    asOf: {
      reason: `release unchanged from base ${base.ref}: judged as of ${last.commit.slice(0, 12)}, which put it there`,
    },
  };
}
