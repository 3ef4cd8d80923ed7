import { posix } from 'node:path';
import semver from 'semver';
import type { Finding } from '../formats/finding.js';
import { error, indeterminate } from '../formats/finding.js';
import type { Manifest } from '../formats/manifest.js';
import { at } from '../formats/parsed-document.js';
import type { CheckResultOf, VersionDetails } from '../release/report.js';
import { statusOf } from '../release/report.js';
import type { ReleaseContext } from '../release/release-context.js';
import { biasReportChanged, deriveReleaseKind, manifestEssence } from './release-kind.js';
import { DEFAULT_POLICY } from '../policy/defaults.js';
import type { Policy } from '../policy/policy.js';
import type { Check } from './check.js';
import { mlgovCommand } from './command-hint.js';
import { archiveRoot } from '../release/release-locator.js';

/** Strict SemVer 2.0.0: `semver.valid` alone would also accept and strip a leading "v" or "=". */
export function isStrictSemver(version: unknown): version is string {
  if (typeof version !== 'string') return false;
  const parsed = semver.parse(version);
  // semver.valid() drops build metadata ("1.0.0+b5" -> "1.0.0"), so compare with the canonical form including it;
  // this still refuses "v1.0.0", " 1.0.0" and "1.0".
  return parsed !== null && version === parsed.version + (parsed.build.length > 0 ? `+${parsed.build.join('.')}` : '');
}

function artifactKeys(m: Manifest): Set<string> {
  return new Set((m.artifacts ?? []).map((a) => `${posix.normalize(a.path)}\u0000${String(a.sha256).toLowerCase()}`));
}

/** Paths whose (path, sha256) pair is on one side only: added, removed or changed artifacts. */
function changedArtifacts(head: Manifest, base: Manifest): string[] {
  const h = artifactKeys(head);
  const b = artifactKeys(base);
  const paths = new Set<string>();
  for (const k of h) if (!b.has(k)) paths.add(k.split('\u0000')[0]!);
  for (const k of b) if (!h.has(k)) paths.add(k.split('\u0000')[0]!);
  return [...paths].sort();
}

function isObjectValue(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

function result(findings: Finding[], summary: string, details?: VersionDetails): CheckResultOf<'version'> {
  return { id: 'version', status: statusOf(findings), summary, findings, ...(details ? { details } : {}) };
}

/**
 * `version`: the version is strict SemVer; against the base release (same model), a promotion is strictly greater,
 * a changed release (artifacts, bias report or any other manifest content but approvals) never keeps the base's
 * version, and a version the base already released (archived) names that release only. Only a release the base
 * derives as a rollback (src/checks/release-kind.ts) may go to a lower version; `release.type` is not asked.
 */
export function runVersion(ctx: ReleaseContext, policy: Policy = DEFAULT_POLICY): CheckResultOf<'version'> {
  const doc = ctx.manifest;
  const m = doc.value as Manifest;
  const where = at(doc, '/version');
  if (!isStrictSemver(m.version)) {
    return result(
      [
        error(
          'VERSION_INVALID',
          `version "${String(m.version)}" is not a valid semantic version (MAJOR.MINOR.PATCH, e.g. 2.4.0).`,
          {
            ...where,
            fix: 'Write the version as SemVer 2.0.0 without a "v" prefix, e.g. "2.4.0".',
          },
        ),
      ],
      'invalid version',
    );
  }
  const misnamed = governedNameMismatch(ctx, m);
  if (misnamed) return misnamed;
  const compared = comparableBase(ctx, m, where);
  if ('id' in compared) return compared;
  const { base, prior } = compared;

  const artifacts = changedArtifacts(m, prior);
  const reportChanged = biasReportChanged(m, prior, ctx.biasReport, base.biasReport);
  // Approvals and the report's digest aside (the report is compared above), any other change to the manifest
  // (metrics, provenance, ticket) is a new release too.
  const manifestChanged = manifestEssence(m as object) !== manifestEssence(prior);
  const details: VersionDetails = {
    headVersion: m.version,
    baseVersion: prior.version,
    changedArtifacts: artifacts,
    biasReportChanged: reportChanged,
    manifestChanged,
  };
  if (semver.eq(m.version, prior.version)) return sameVersionResult(m, prior, details, where);
  return newVersionResult(ctx, policy, m, prior, details, where);
}

/**
 * With a models: list the policy names each model; the manifest at a model's path must carry that name, or one
 * model's release would be judged, archived and logged as another's (its versions, tickets and evidence mixed).
 */
function governedNameMismatch(ctx: ReleaseContext, m: Manifest): CheckResultOf<'version'> | undefined {
  if (ctx.governedName === undefined || m.name === ctx.governedName) return undefined;
  return result(
    [
      error(
        'MODEL_NAME_MISMATCH',
        `${ctx.manifest.file} names the model "${m.name}", but the policy lists this manifest as the model "${ctx.governedName}".`,
        {
          ...at(ctx.manifest, '/name'),
          fix: `Set name to "${ctx.governedName}", or correct the policy's models: entry through a reviewed pull request.`,
        },
      ),
    ],
    `manifest names ${m.name}, policy ${ctx.governedName}`,
  );
}

type FoundBase = Extract<ReleaseContext['base'], { kind: 'found' }>;

/** Where a finding about the version points. */
type Where = ReturnType<typeof at>;

/** The base release to compare with, or the result when there is none, it cannot be read, or it is another model. */
function comparableBase(
  ctx: ReleaseContext,
  m: Manifest,
  where: Where,
): CheckResultOf<'version'> | { base: FoundBase; prior: Manifest } {
  const base = ctx.base;
  if (base.kind === 'none') return result([], `${m.version}: no base release to compare (initial)`);
  if (base.kind === 'unavailable') {
    return result(
      [
        indeterminate('BASE_UNAVAILABLE', `The base release (${base.ref}) could not be read: ${base.reason}`, {
          ...where,
          fix: base.fix,
        }),
      ],
      'base release unavailable',
    );
  }
  if (!base.manifest) return result([], `${m.version}: the base ${base.ref} has no manifest (initial release)`);
  const prior = base.manifest.value;
  if (!isObjectValue(prior)) {
    return result(
      [
        indeterminate(
          'BASE_MANIFEST_INVALID',
          `The base release's manifest (${base.manifest.file} at ${base.ref}) could not be parsed, so the version cannot be compared.`,
          {
            ...where,
            fix: `Repair the manifest on ${base.ref}, or compare with another base (--base).`,
          },
        ),
      ],
      'base manifest unreadable',
    );
  }
  if (prior.name !== m.name) {
    // The manifest at the policy's path is production's model: renamed, its versions, archives and tickets would no
    // longer be compared (a second rename could then reuse a released version or ticket). A new model is a
    // board-reviewed policy change, never a rename in a PR.
    return result(
      [
        error(
          'MODEL_RENAMED',
          `The model is named "${m.name}" but the release it replaces (${base.ref}) is "${String(prior.name)}": a pull request may not rename production's model.`,
          {
            ...at(ctx.manifest, '/name'),
            fix: `Keep "name": "${String(prior.name)}"; a new model needs its own manifest path in the policy, through a board-reviewed policy change.`,
          },
        ),
      ],
      `model renamed from ${String(prior.name)}`,
    );
  }
  if (!isStrictSemver(prior.version)) {
    return result(
      [
        indeterminate(
          'BASE_VERSION_INVALID',
          `The base release's version "${String(prior.version)}" (${base.ref}) is not a valid semantic version, so ${m.version} cannot be compared with it.`,
          {
            ...where,
            fix: `Correct the version on ${base.ref}, or compare with another base (--base).`,
          },
        ),
      ],
      'base version invalid',
    );
  }
  return { base, prior };
}

/** The base's version kept: fine for the unchanged release, an error for a changed one. */
function sameVersionResult(
  m: Manifest,
  prior: Manifest,
  details: VersionDetails,
  where: Where,
): CheckResultOf<'version'> {
  const artifacts = details.changedArtifacts;
  const reportChanged = details.biasReportChanged;
  if (artifacts.length === 0 && !reportChanged && !details.manifestChanged) {
    return result([], `unchanged from base ${prior.version}`, details);
  }
  const what = [
    ...(artifacts.length ? [`artifact(s) ${artifacts.join(', ')}`] : []),
    ...(reportChanged ? ['the bias report'] : []),
    ...(artifacts.length === 0 && !reportChanged ? ['the manifest'] : []),
  ].join(' and ');
  const f = error(
    'VERSION_NOT_BUMPED',
    `${what} changed since the base release, but the version is still ${m.version}.`,
    {
      ...where,
      fix: `Bump the version above ${prior.version} (patch for a retrain on the same schema, minor for new features, major for a breaking change).`,
    },
  );
  return result([f], `changed without a version bump (${m.version})`, details);
}

/** Another version: a promotion goes above the base and to a version never released; a rollback may go lower. */
function newVersionResult(
  ctx: ReleaseContext,
  policy: Policy,
  m: Manifest,
  prior: Manifest,
  details: VersionDetails,
  where: Where,
): CheckResultOf<'version'> {
  const findings: Finding[] = [];
  const derived = deriveReleaseKind(ctx, policy);
  const type = derived.kind;
  const archivedDir = `${archiveRoot(ctx.evidence?.archiveDir ?? policy.model.archiveDir)}/${m.name}/${m.version}`;
  // By SemVer precedence: "2.5.0+rebuilt" is the released 2.5.0 all the same.
  const released = (ctx.evidence?.baseArchivedVersions ?? []).some((v) => isStrictSemver(v) && semver.eq(v, m.version));
  if (type === 'promotion' && (derived.archivedAs || released)) {
    findings.push(
      error(
        'VERSION_ALREADY_RELEASED',
        `${m.name} ${m.version} was released before (${derived.archivedAs ?? archivedDir}/ on the base) and this is not that release: a changed model is a new release with a new version.`,
        {
          ...where,
          fix: `Give this release a version above ${prior.version} that was never released; to go back to ${m.version} unchanged, use ${mlgovCommand(ctx, `rollback --to ${m.version}`)}.`,
        },
      ),
    );
  }
  if (type === 'promotion' && !semver.gt(m.version, prior.version)) {
    findings.push(
      error(
        'VERSION_NOT_INCREASED',
        `A ${type} must have a version greater than the base release: ${m.version} is not greater than ${prior.version}.`,
        {
          ...where,
          fix: `Set a version above ${prior.version}; to return to an older release, use \`mlgov rollback\` (release.type "rollback").`,
        },
      ),
    );
  }
  const summary = findings.length
    ? `${m.version} is not above base ${prior.version}`
    : `${prior.version} → ${m.version} (${type})`;
  return result(findings, summary, details);
}

export const versionCheck: Check<'version'> = {
  id: 'version',
  title: 'Semantic version, increased against the base release when the model changed',
  needs: ['manifest'],
  run: (ctx, policy) => runVersion(ctx, policy),
};
