import { posix } from 'node:path';
import semver from 'semver';
import type { BiasReport } from '../formats/bias-report.js';
import { reportDigest } from '../formats/canonical-digest.js';
import type { Finding } from '../formats/finding.js';
import { error, indeterminate, warning } from '../formats/finding.js';
import type { Manifest } from '../formats/manifest.js';
import { at, type ParsedDocument } from '../formats/parsed-document.js';
import type { CheckResult } from '../gate/report.js';
import { statusOf } from '../gate/report.js';
import type { ReleaseContext } from '../gate/release-context.js';
import type { Check } from './check.js';

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

/**
 * Whether the model's bias report changed. When both reports parsed, their canonical digests without `approvals`
 * are compared: a reviewer's approval being added changes the file's bytes but not the evaluation of the model.
 * Otherwise the manifest's `biasReport.sha256` values are compared.
 */
function biasReportChanged(
  head: Manifest,
  base: Manifest,
  headReport?: ParsedDocument<BiasReport>,
  baseReport?: ParsedDocument<BiasReport>,
): boolean {
  if (isObjectValue(headReport?.value) && isObjectValue(baseReport?.value)) {
    return reportDigest(headReport.value) !== reportDigest(baseReport.value);
  }
  return String(head.biasReport?.sha256).toLowerCase() !== String(base.biasReport?.sha256).toLowerCase();
}

function result(findings: Finding[], summary: string, details?: Record<string, unknown>): CheckResult {
  return { id: 'version', status: statusOf(findings), summary, findings, ...(details ? { details } : {}) };
}

/**
 * `version`: the version is strict SemVer; against the base release (same model), a promotion or initial release is
 * strictly greater, and a changed model (artifacts or bias report) never keeps the base's version. A rollback may go
 * to a lower version (the promotion check judges the rollback itself).
 */
export function runVersion(ctx: ReleaseContext): CheckResult {
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
    return result(
      [
        warning(
          'MODEL_RENAMED',
          `The model is named "${m.name}" but the base release (${base.ref}) is "${String(prior.name)}"; versions are not compared across models.`,
          {
            ...at(doc, '/name'),
            fix: 'If this is a new model, ignore this warning; if it is a rename, make sure the old name is archived and retired deliberately.',
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

  const artifacts = changedArtifacts(m, prior);
  const reportChanged = biasReportChanged(m, prior, ctx.biasReport, base.biasReport);
  const details = {
    headVersion: m.version,
    baseVersion: prior.version,
    changedArtifacts: artifacts,
    biasReportChanged: reportChanged,
  };
  const findings: Finding[] = [];

  if (semver.eq(m.version, prior.version)) {
    if (artifacts.length === 0 && !reportChanged) return result([], `unchanged from base ${prior.version}`, details);
    const what = [
      ...(artifacts.length ? [`artifact(s) ${artifacts.join(', ')}`] : []),
      ...(reportChanged ? ['the bias report'] : []),
    ].join(' and ');
    findings.push(
      error('VERSION_NOT_BUMPED', `${what} changed since the base release, but the version is still ${m.version}.`, {
        ...where,
        fix: `Bump the version above ${prior.version} (patch for a retrain on the same schema, minor for new features, major for a breaking change).`,
      }),
    );
    return result(findings, `changed without a version bump (${m.version})`, details);
  }

  const type = m.release?.type;
  if ((type === 'promotion' || type === 'initial') && !semver.gt(m.version, prior.version)) {
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

export const versionCheck: Check = {
  id: 'version',
  title: 'Semantic version, increased against the base release when the model changed',
  needs: ['manifest'],
  run: (ctx) => runVersion(ctx),
};
