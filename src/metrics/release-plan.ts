/**
 * What `mlgov release new` does, as a plan: the next release written from the current one. Pure: the facts (the
 * working manifest and bias report, the base release's version and ticket, HEAD, what git says is uncommitted) come
 * in, and out comes either the files to write and the next steps, or a refusal with its fix. The command reads the
 * facts and applies the plan (src/metrics/release-new.ts).
 *
 * Derive, don't declare: the version is bumped from the BASE release's version (production), never from what the
 * branch says, and the release type is what the base makes it (a promotion when the base has a release, else the
 * initial one), as checks/release-kind.ts derives it. Nothing that means "this release" is invented: training and
 * evaluation times are left for `metrics import` and `bias compute`, which fill them from the real outputs.
 */
import semver from 'semver';
import { isStrictSemver } from '../checks/version.js';
import { sha256Hex } from '../formats/canonical-digest.js';
import { isJiraKey, projectOfKey } from '../release/ticket-facts.js';
import { isObject } from '../formats/json-object.js';

export type Bump = 'major' | 'minor' | 'patch';

/** A JSON file of the working tree as read: its repository-relative path, exact text and parsed object. */
export interface WorkingFile {
  path: string;
  text: string;
  value: Record<string, unknown>;
}

export interface ReleaseNewInput {
  manifest: WorkingFile;
  /** The bias report the policy names; undefined when the working tree has none yet (`bias compute` writes it). */
  biasReport?: WorkingFile | undefined;
  /** The release in force on the base revision; undefined when the base has none (a first release). */
  base?: { ref: string; version: string; jira?: string | undefined } | undefined;
  /** Versions of this model the base has archived (a version may name one release only). */
  archivedVersions: readonly string[];
  /** `git rev-parse HEAD`. */
  head: string;
  /** The manifest and bias report paths with uncommitted changes (differ from HEAD, or not in HEAD). */
  uncommitted: readonly string[];
  bump?: Bump | undefined;
  version?: string | undefined;
  reason: string;
  jira: string;
  /** From the judging policy (the base's): the reason's minimum length, the Jira project, the fairness role. */
  policy: { minReasonLength: number; jiraProject: string; reviewerRole: string; requiredRoles: readonly string[] };
  /** `--model` as the next steps must repeat it: set when the policy lists several models. */
  modelFlag?: string | undefined;
}

export interface PlannedChange {
  file: string;
  pointer: string;
  from: unknown;
  to: unknown;
}

export interface NextStep {
  command: string;
  why: string;
}

export type ReleaseNewPlan =
  | { kind: 'refused'; message: string; fix: string }
  | {
      kind: 'planned';
      model: string;
      from: string;
      to: string;
      releaseType: 'initial' | 'promotion';
      writes: Array<{ path: string; text: string }>;
      changes: PlannedChange[];
      /** How many approvals were removed: they were bound to the digests this release changes. */
      approvalsCleared: { manifest: number; biasReport: number };
      /** What the plan deliberately left alone, and which command fills it. */
      notes: string[];
      next: NextStep[];
    };

const MAX_REASON = 4000;

const refuse = (message: string, fix: string): ReleaseNewPlan => ({ kind: 'refused', message, fix });

/** The indentation the file uses (its first indented line), defaulting to two spaces. */
function indentOf(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1]! : '  ';
}

const serialize = (value: unknown, like: string): string => JSON.stringify(value, null, indentOf(like)) + '\n';

/** The facts that stop a release before any version is computed: uncommitted files, a release in progress. */
function startProblem(input: ReleaseNewInput): ReleaseNewPlan | undefined {
  if (input.uncommitted.length > 0) {
    return refuse(
      `${input.uncommitted.join(' and ')} ${input.uncommitted.length > 1 ? 'have' : 'has'} uncommitted changes; a new release starts from the committed release`,
      `commit or discard them first (git commit, or git restore ${input.uncommitted.join(' ')}), then run mlgov release new again`,
    );
  }
  const current = input.manifest.value['version'];
  if (input.base && current !== input.base.version) {
    return refuse(
      `a release is already in progress: ${input.manifest.path} is at version ${String(current)}, but the base ${input.base.ref} releases ${input.base.version}`,
      `continue that release (mlgov metrics import, mlgov bias compute, mlgov checksums --write, then the approvals), or start over from the base's manifest (git restore --source ${input.base.ref} ${input.manifest.path}) and commit`,
    );
  }
  return undefined;
}

/** The new version: `--bump` from the base's version, or `--version`, which must be greater than it. */
function nextVersion(input: ReleaseNewInput, from: string): { version: string } | { refused: ReleaseNewPlan } {
  const where = input.base
    ? `the base ${input.base.ref}'s release`
    : `${input.manifest.path} (the base has no release)`;
  if (!isStrictSemver(from)) {
    return {
      refused: refuse(
        `${where} has version ${JSON.stringify(from)}, which is not a SemVer version to bump from`,
        'fix the version on the base branch (MAJOR.MINOR.PATCH, e.g. 2.4.0), or pass --base REF',
      ),
    };
  }
  if (input.version === undefined) {
    return { version: semver.inc(from, input.bump ?? 'patch')! };
  }
  const wanted = input.version;
  if (!isStrictSemver(wanted)) {
    return {
      refused: refuse(`--version ${wanted} is not a SemVer version`, 'write it as MAJOR.MINOR.PATCH, e.g. 2.5.0'),
    };
  }
  if (semver.gt(wanted, from)) return { version: wanted };
  if (semver.eq(wanted, from)) {
    return {
      refused: refuse(
        `--version ${wanted} is the version of ${where}; a new release needs a greater one`,
        `pass a version above ${from}, or --bump major|minor|patch`,
      ),
    };
  }
  return {
    refused: refuse(
      `--version ${wanted} is lower than ${from}, the version of ${where}: going back to an earlier release is a rollback, not a new release`,
      `restore the archived release with mlgov rollback --to ${wanted} --reason TEXT${input.modelFlag ? ` --model ${input.modelFlag}` : ''}, or pass a version above ${from}`,
    ),
  };
}

/** The reason and the ticket, held to the judging policy as the gate will hold them. */
function declarationProblem(input: ReleaseNewInput, from: string): ReleaseNewPlan | undefined {
  const reason = input.reason.trim();
  const min = input.policy.minReasonLength;
  if (reason.length < min) {
    return refuse(
      `--reason has ${reason.length} character(s); the policy asks for at least ${min}`,
      'say why this release is made (what changed and why it is better), in a sentence',
    );
  }
  if (reason.length > MAX_REASON) {
    return refuse(`--reason has ${reason.length} characters; at most ${MAX_REASON}`, 'shorten the reason');
  }
  const project = input.policy.jiraProject;
  if (!isJiraKey(input.jira)) {
    return refuse(
      `--jira ${JSON.stringify(input.jira.slice(0, 40))} is not a Jira issue key`,
      `write it as PROJECT-NUMBER in capitals, e.g. ${project}-123`,
    );
  }
  if (projectOfKey(input.jira) !== project) {
    return refuse(
      `--jira ${input.jira} is a ticket of project ${projectOfKey(input.jira)}; release sign-offs live in project ${project}`,
      `pass the ${project} ticket that will hold the board's sign-off`,
    );
  }
  if (input.base?.jira !== undefined && input.base.jira === input.jira) {
    return refuse(
      `${input.jira} signed off the release in force (${from} on ${input.base.ref}); a ticket signs off one release only`,
      `open a new ${project} ticket for this release and pass it with --jira`,
    );
  }
  return undefined;
}

/** Plans the next release, or says why not (see the module comment). */
export function planReleaseNew(input: ReleaseNewInput): ReleaseNewPlan {
  const stop = startProblem(input);
  if (stop) return stop;
  const from = input.base?.version ?? String(input.manifest.value['version']);
  const next = nextVersion(input, from);
  if ('refused' in next) return next.refused;
  const declared = declarationProblem(input, from);
  if (declared) return declared;
  const to = next.version;
  if (input.archivedVersions.includes(to)) {
    return refuse(
      `${to} was released before: the base archives it; a version names one release only`,
      `pass a version that was never released (--version), or a larger --bump`,
    );
  }
  return buildWrites(input, from, to);
}

/** Sets `obj[key]`, recording the change. */
function set(
  obj: Record<string, unknown>,
  key: string,
  value: unknown,
  file: string,
  ptr: string,
  out: PlannedChange[],
) {
  if (JSON.stringify(obj[key]) === JSON.stringify(value)) return;
  out.push({ file, pointer: ptr, from: obj[key], to: value });
  obj[key] = value;
}

function buildWrites(input: ReleaseNewInput, from: string, to: string): ReleaseNewPlan {
  const changes: PlannedChange[] = [];
  const mPath = input.manifest.path;
  const manifest = structuredClone(input.manifest.value);
  const releaseType = input.base ? 'promotion' : 'initial';
  set(manifest, 'version', to, mPath, '/version', changes);
  // A new release states only its type and reason: a previous release's force or rollbackOf is not this one's.
  set(manifest, 'release', { type: releaseType, reason: input.reason.trim() }, mPath, '/release', changes);
  set(manifest, 'jira', input.jira, mPath, '/jira', changes);
  const provenance = isObject(manifest['provenance']) ? manifest['provenance'] : {};
  manifest['provenance'] = provenance;
  const code = isObject(provenance['code']) ? provenance['code'] : {};
  provenance['code'] = code;
  set(code, 'commit', input.head, mPath, '/provenance/code/commit', changes);
  const writes: Array<{ path: string; text: string }> = [];
  const notes: string[] = [];
  let reportApprovals = 0;
  if (input.biasReport) {
    const report = structuredClone(input.biasReport.value);
    const rPath = input.biasReport.path;
    const model = isObject(report['model']) ? report['model'] : {};
    report['model'] = model;
    set(model, 'version', to, rPath, '/model/version', changes);
    reportApprovals = Array.isArray(report['approvals']) ? report['approvals'].length : 0;
    // The fairness review was bound to the old report's digest; it reviews the new version again.
    if ('approvals' in report)
      changes.push({ file: rPath, pointer: '/approvals', from: report['approvals'], to: undefined });
    delete report['approvals'];
    const text = serialize(report, input.biasReport.text);
    writes.push({ path: rPath, text });
    const pointer = isObject(manifest['biasReport']) ? manifest['biasReport'] : {};
    manifest['biasReport'] = pointer;
    set(pointer, 'sha256', sha256Hex(Buffer.from(text, 'utf8')), mPath, '/biasReport/sha256', changes);
    if (pointer['path'] !== rPath) {
      notes.push(
        `${mPath} names the bias report ${JSON.stringify(pointer['path'])}, but the policy's is ${rPath}: set biasReport.path to ${rPath}`,
      );
    }
    notes.push(
      `${rPath} keeps its figures and generatedAt: they describe the old model until mlgov bias compute replaces them`,
    );
  } else {
    notes.push('there is no bias report yet: mlgov bias compute writes it, and mlgov checksums --write binds it');
  }
  const manifestApprovals = Array.isArray(manifest['approvals']) ? manifest['approvals'].length : 0;
  // Approvals bind the old manifest digest: they could never count for this release, and would only mislead.
  if ('approvals' in manifest)
    changes.push({ file: mPath, pointer: '/approvals', from: manifest['approvals'], to: undefined });
  delete manifest['approvals'];
  writes.unshift({ path: mPath, text: serialize(manifest, input.manifest.text) });
  notes.push(
    'provenance.training and evaluation are left as they are: they describe the old model until mlgov metrics import fills the evaluation and your training pipeline the training run',
  );
  return {
    kind: 'planned',
    model: String(input.manifest.value['name']),
    from,
    to,
    releaseType,
    writes,
    changes,
    approvalsCleared: { manifest: manifestApprovals, biasReport: reportApprovals },
    notes,
    next: nextSteps(input),
  };
}

/**
 * What to run next, in the order that does not undo work: each step changes what the later ones are bound to (the
 * evaluation and the report change the manifest; checksums --write binds the report's digest into the manifest;
 * every approval binds a digest), so approvals come last.
 */
export function nextSteps(input: Pick<ReleaseNewInput, 'modelFlag' | 'policy' | 'base'>): NextStep[] {
  const m = input.modelFlag ? ` --model ${input.modelFlag}` : '';
  const steps: NextStep[] = [
    {
      command: `mlgov metrics import model_metrics/backtest_results.json${m}`,
      why: "the new model's evaluation (repeat for each training output)",
    },
    {
      command: `mlgov bias compute --predictions FILE --label COL --prediction COL --attribute COL${m}`,
      why: 'the bias report of the new model',
    },
    {
      command: `mlgov checksums --write${m}`,
      why: 'artifact and bias report digests; it voids approvals, so before them',
    },
  ];
  if (input.base) {
    // The evidence check asks the PR to archive the release it replaces; it writes only under artifacts/.
    steps.push({
      command: `mlgov archive${m}`,
      why: `archive the release in force (${input.base.version}) under artifacts/ as write-once evidence`,
    });
  }
  steps.push({
    command: `mlgov approve --target bias-report --approver LOGIN --role ${input.policy.reviewerRole}${m}`,
    why: 'the fairness review of the new report',
  });
  for (const role of input.policy.requiredRoles) {
    steps.push({ command: `mlgov approve --approver LOGIN --role ${role}${m}`, why: "the board's approval, last" });
  }
  return steps;
}
