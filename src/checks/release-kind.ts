/**
 * What a release is — initial, promotion, rollback or unchanged — derived from the base revision, never taken from
 * the PR. A PR author writes `release.type`, the manifest and anything under `artifacts/` on their branch; none of
 * that says what was released. The base does: is there a release of this model on the base, and is the candidate
 * the same release as one the base archived (same manifest but for what a rollback may change, the rule the audit
 * shares: release/restored-release.ts; same bias report bytes), in an archive whose records hold up? The promotion,
 * version, evidence and jira checks and the action's record plan all ask this one function, so they can never
 * disagree about which gates a release skips.
 */
import { canonicalJson, manifestDigest, reportDigest } from '../formats/canonical-digest.js';
import type { BiasReport } from '../formats/bias-report.js';
import type { Manifest } from '../formats/manifest.js';
import type { ParsedDocument } from '../formats/parsed-document.js';
import { archiveFolder, isSafeSegment, parseChecksums } from '../evidence/archive-plan.js';
import { AUDIT_LOG_FILE, findLogRewrite, verifyAuditLog } from '../evidence/hash-chain.js';
import type { Policy } from '../policy/policy.js';
import type { ReleaseContext } from '../release/release-context.js';
import { checkOf, type ReleaseKind, type Report } from '../release/report.js';
import { restoredReleaseEssence, ROLLBACK_MAY_CHANGE } from '../release/restored-release.js';
import { isObject } from '../formats/json-object.js';

export type { ReleaseKind } from '../release/report.js';

/** A problem with a record, named by its file, that keeps a base archive from proving what it holds. */
export interface RecordProblem {
  file: string;
  message: string;
}

/** The archive on the base a rollback restores. */
export interface BaseArchive {
  /** `<archiveDir>/<model>/<version>`. */
  dir: string;
  version: string;
  /** Why the base's records of that archive do not hold up (empty when they do). */
  problems: RecordProblem[];
}

/** Whether the PR appends the `rollback` event on top of the base's audit log. */
export type RollbackLogging =
  { kind: 'logged'; file: string; line: number } | { kind: 'missing'; file: string; why: string };

export type DerivedRelease =
  | { kind: 'initial'; why: string }
  | { kind: 'unchanged'; why: string; baseVersion: string }
  | {
      kind: 'promotion';
      why: string;
      baseVersion: string;
      /** The base archive of the candidate's version, when the base already released that version differently. */
      archivedAs?: string;
    }
  | { kind: 'rollback'; why: string; baseVersion: string; archive: BaseArchive; logging: RollbackLogging }
  /** The base cannot say what the release is: could not judge. */
  | { kind: 'indeterminate'; why: string; fix: string };

/**
 * The manifest as a release: without `approvals` (judgements of it) and without `biasReport.sha256`, which follows the
 * report's bytes (a reviewer's approval added to the report changes it; whether the report itself changed is asked
 * of the reports, approvals aside). Two manifests with the same essence describe the same release.
 */
export function manifestEssence(m: object): string {
  const { approvals: _approvals, ...rest } = m as Record<string, unknown>;
  const report = isObject(rest['biasReport']) ? { ...rest['biasReport'] } : rest['biasReport'];
  if (isObject(report)) delete report['sha256'];
  return canonicalJson({ ...rest, biasReport: report });
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Whether the model's bias report changed. When both reports parsed, their canonical digests without `approvals`
 * are compared: a reviewer's approval being added changes the file's bytes but not the evaluation of the model.
 * Otherwise the manifest's `biasReport.sha256` values are compared.
 */
export function biasReportChanged(
  head: Partial<Manifest>,
  base: Partial<Manifest>,
  headReport?: ParsedDocument<BiasReport>,
  baseReport?: ParsedDocument<BiasReport>,
): boolean {
  if (isObject(headReport?.value) && isObject(baseReport?.value)) {
    return reportDigest(headReport.value) !== reportDigest(baseReport.value);
  }
  return String(head.biasReport?.sha256).toLowerCase() !== String(base.biasReport?.sha256).toLowerCase();
}

/**
 * Which events the PR appended to the base's log (only those count: an event the base already had records an
 * earlier rollback), and whether one is the `rollback` of `model` to `version`.
 */
export function rollbackLogging(ctx: ReleaseContext, model: string, version: string): RollbackLogging {
  const facts = ctx.evidence;
  const file = `${facts?.archiveDir ?? 'artifacts'}/${AUDIT_LOG_FILE}`;
  const missing = (why: string): RollbackLogging => ({ kind: 'missing', file, why });
  if (!facts?.headAuditLog) return missing(`${file} is not in this change`);
  const baseLog = facts.baseAuditLog ?? '';
  if (!findLogRewrite(baseLog, facts.headAuditLog).grewOnly) return missing(`${file} does not extend the base's log`);
  const head = verifyAuditLog(facts.headAuditLog);
  if (!head.ok) return missing(`${file} does not verify (${head.break.message})`);
  const baseCount = baseLog === '' ? 0 : verifyAuditLog(baseLog).events.length;
  const event = head.events
    .slice(baseCount)
    .find((e) => e.action === 'rollback' && e.model === model && e.version === version);
  return event
    ? { kind: 'logged', file, line: event.seq }
    : missing(`${file} gains no "rollback" event for ${model} ${version} in this change (mlgov rollback appends it)`);
}

/** What keeps the base's archive in `dir` from proving the release it holds: its records, as committed on the base. */
function archiveProblems(ctx: ReleaseContext, dir: string, archived: Record<string, unknown>): RecordProblem[] {
  const facts = ctx.evidence!;
  const problems: RecordProblem[] = [];
  for (const [path, what] of Object.entries(facts.baseNotRegular ?? {})) {
    if (path.startsWith(`${dir}/`) || dir.startsWith(`${path}/`))
      problems.push({ file: path, message: `${path} is ${what}` });
  }
  const sumsPath = `${dir}/checksums.sha256`;
  const sums = facts.baseTexts?.[sumsPath];
  if (sums === undefined) problems.push({ file: sumsPath, message: `${sumsPath} is not on the base` });
  else problems.push(...checksumProblems(facts, dir, sumsPath, sums, archived));
  const indexPath = `${dir}/evidence.json`;
  const index = parseJson(facts.baseTexts?.[indexPath]);
  if (!isObject(index)) {
    problems.push({ file: indexPath, message: `${indexPath} is not on the base as a JSON object` });
  } else if (index['manifestDigest'] !== manifestDigest(archived)) {
    problems.push({
      file: indexPath,
      message: `${indexPath} records manifestDigest ${String(index['manifestDigest'])}, but ${dir}/manifest.json has ${manifestDigest(archived)}`,
    });
  }
  return problems;
}

/** The base archive's checksum record must cover every artifact of its manifest, and name nothing else. */
function checksumProblems(
  facts: NonNullable<ReleaseContext['evidence']>,
  dir: string,
  sumsPath: string,
  sums: string,
  archived: Record<string, unknown>,
): RecordProblem[] {
  const problems: RecordProblem[] = [];
  const parsed = parseChecksums(sums);
  for (const line of parsed.invalid)
    problems.push({ file: sumsPath, message: `${sumsPath} line ${line} does not parse` });
  const want = new Map<string, unknown>();
  for (const a of Array.isArray(archived['artifacts']) ? archived['artifacts'] : []) {
    if (isObject(a)) want.set(String(a['path']), a['sha256']);
  }
  for (const name of ['manifest.json', 'bias-report.json']) {
    if (facts.baseFiles[`${dir}/${name}`] !== undefined) want.set(`${dir}/${name}`, facts.baseFiles[`${dir}/${name}`]);
  }
  const recorded = new Map(parsed.entries.map((e) => [e.path, e.sha256]));
  for (const [path, sha] of want) {
    if (recorded.get(path) !== sha) {
      problems.push({
        file: sumsPath,
        message: `${sumsPath} ${recorded.has(path) ? `records ${recorded.get(path)} for` : 'has no line for'} ${path} (the archive holds ${String(sha)})`,
      });
    }
  }
  for (const path of recorded.keys()) {
    if (!want.has(path))
      problems.push({ file: sumsPath, message: `${sumsPath} names ${path}, which the archive does not hold` });
  }
  return problems;
}

/** The candidate against an archive on the base of its version: a rollback when it is that release. */
function againstArchive(
  ctx: ReleaseContext,
  policy: Policy,
  head: Record<string, unknown>,
  baseVersion: string,
): DerivedRelease {
  const facts = ctx.evidence;
  const name = head['name'];
  const version = head['version'];
  const promotion: DerivedRelease = {
    kind: 'promotion',
    why: `the base releases ${baseVersion} and ${String(version)} is not an archived release on the base`,
    baseVersion,
  };
  if (!facts || !isSafeSegment(name) || !isSafeSegment(version)) return promotion;
  const dir = archiveFolder(facts.archiveDir ?? policy.model.archiveDir, name, version);
  const archived = parseJson(facts.baseTexts?.[`${dir}/manifest.json`]);
  if (!isObject(archived)) return promotion;
  const reportSha = facts.baseFiles[`${dir}/bias-report.json`];
  const sameManifest = restoredReleaseEssence(archived) === restoredReleaseEssence(head);
  const sameReport = reportSha === undefined ? ctx.biasReport === undefined : ctx.biasReport?.sha256 === reportSha;
  if (!sameManifest || !sameReport) {
    return {
      kind: 'promotion',
      why: `${String(version)} was released before (${dir}/ on the base), but this candidate is not that release: its ${sameManifest ? 'bias report' : 'manifest'} differs from the archived one`,
      baseVersion,
      archivedAs: dir,
    };
  }
  return {
    kind: 'rollback',
    why: `the candidate is the release archived on the base in ${dir}/ (same manifest but for what a rollback may change: ${ROLLBACK_MAY_CHANGE.join(', ')}; same bias report)`,
    baseVersion,
    archive: { dir, version, problems: archiveProblems(ctx, dir, archived) },
    logging: rollbackLogging(ctx, name, version),
  };
}

/**
 * Derives what the candidate release is from the base revision (see the module comment). Pure: a function of the
 * gathered context and the effective policy.
 */
export function deriveReleaseKind(ctx: ReleaseContext, policy: Policy): DerivedRelease {
  const base = ctx.base;
  const head = ctx.manifest.value;
  if (!isObject(head)) {
    return {
      kind: 'indeterminate',
      why: `${ctx.manifest.file} could not be read`,
      fix: 'fix the manifest (see schema)',
    };
  }
  if (base.kind === 'unavailable') {
    return {
      kind: 'indeterminate',
      why: `the base revision ${base.ref} could not be read: ${base.reason}`,
      fix: base.fix,
    };
  }
  if (base.kind === 'none') {
    // Without a base nothing contradicts a first release; anything else cannot be derived (the action always has one).
    if (isObject(head['release']) && head['release']['type'] === 'initial') {
      return { kind: 'initial', why: `there is no base revision (${base.reason})` };
    }
    return {
      kind: 'indeterminate',
      why: `there is no base revision to derive the release from (${base.reason})`,
      fix: 'judge the release against the production branch: pass --base REF (the action passes the PR base)',
    };
  }
  if (!base.manifest) {
    const archived = ctx.evidence?.baseArchivedVersions ?? [];
    if (archived.length > 0) {
      return {
        kind: 'indeterminate',
        why: `the base ${base.ref} has no manifest but archives ${String(head['name'])} ${archived.join(', ')}: it is not a first release, and there is no production release to compare with`,
        fix: `restore the production manifest on ${base.ref} before judging a release over it`,
      };
    }
    return { kind: 'initial', why: `the base ${base.ref} has no manifest and no archive of this model` };
  }
  const prior = base.manifest.value;
  if (!isObject(prior) || typeof prior['version'] !== 'string') {
    return {
      kind: 'indeterminate',
      why: `the base release's manifest (${base.manifest.file} at ${base.ref}) could not be read`,
      fix: `repair the manifest on ${base.ref}, or compare with another base (--base)`,
    };
  }
  const baseVersion = prior['version'];
  const reportChanged = biasReportChanged(
    head as Partial<Manifest>,
    prior as Partial<Manifest>,
    ctx.biasReport,
    base.biasReport,
  );
  if (manifestEssence(head) === manifestEssence(prior) && !reportChanged) {
    return { kind: 'unchanged', why: `the release is ${baseVersion} as on the base ${base.ref}`, baseVersion };
  }
  if (head['version'] === baseVersion) {
    return { kind: 'promotion', why: `the release on the base ${base.ref} changed`, baseVersion };
  }
  return againstArchive(ctx, policy, head, baseVersion);
}

/** The kind the gate derived for a report (promotion details' `releaseType`), for faces that only hold the report. */
export function reportedReleaseKind(report: Report): ReleaseKind | undefined {
  return checkOf(report, 'promotion')?.details?.releaseType;
}
