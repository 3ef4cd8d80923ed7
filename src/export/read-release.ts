/**
 * The use case behind `mlgov card` and `mlgov export`: gather the release in a repository once (the same facts the
 * gate sees), judge it, and hand the renderers its documents together with the verdict. The renderers stay pure;
 * this is the only place these commands touch the repository.
 */
import { gatherReleaseContext, type GatherOptions } from '../gate/gather.js';
import { isS3Url, parseS3Url } from '../adapters/s3-location.js';
import { observedObjects } from '../release/object-facts.js';
import type { ReleaseContext } from '../release/release-context.js';
import { judgeRelease } from '../gate/run-gate.js';
import { isSchemaValid } from '../formats/schema-validator.js';
import type { BiasReport } from '../formats/bias-report.js';
import type { Manifest } from '../formats/manifest.js';
import type { ReleaseDocuments } from './release-view.js';

export interface ReadReleaseOptions extends Pick<
  GatherOptions,
  'repoRoot' | 'baseRef' | 'policyPath' | 'model' | 'offline' | 'jira' | 's3'
> {
  /** The clock, for the gate's time-based rules and the report's time. */
  now: Date;
}

/** Why a release's documents could not be used, with the fix (the faces print both, exit 2). */
export interface UnusableRelease {
  kind: 'unusable';
  reason: string;
  fix: string;
}

export type ReadReleaseResult =
  | {
      kind: 'read';
      documents: ReleaseDocuments & { report: NonNullable<ReleaseDocuments['report']> };
      /** Problems that do not stop a card or export but that the user should see (on stderr). */
      warnings: string[];
      ctx: ReleaseContext;
    }
  | UnusableRelease;

/**
 * Why an `s3://` artifact cannot be exported as declared: the store could not be asked, the object is gone, it is
 * not the pinned version, or its size or SHA-256 (the store's own full-object checksum or the streamed bytes, as the
 * gate verifies) differs. Undefined when it matches.
 */
function objectMismatch(ctx: ReleaseContext, a: Manifest['artifacts'][number]): string | undefined {
  const seen = observedObjects(ctx.files)[a.path];
  if (!seen) return `${a.path}: not verified`;
  if (seen.kind === 'object-failure') return `${a.path}: ${seen.failure.message}`;
  const pinned = parseS3Url(a.path);
  const version = pinned.ok ? pinned.location.versionId : undefined;
  if (version !== undefined && seen.versionId !== version)
    return `${a.path}: the store served version ${seen.versionId ?? '(none)'}`;
  if (seen.sha256 !== String(a.sha256).toLowerCase())
    return `${a.path}: sha256 is ${seen.sha256}, manifest says ${a.sha256}`;
  if (seen.size !== a.size) return `${a.path}: size is ${seen.size}, manifest says ${a.size}`;
  return undefined;
}

/** Manifest artifacts whose file on disk (or object in S3) is missing or differs from the declared size or SHA-256. */
export function artifactMismatches(ctx: ReleaseContext, manifest: Manifest): string[] {
  const out: string[] = [];
  for (const a of manifest.artifacts ?? []) {
    if (isS3Url(a.path)) {
      const problem = objectMismatch(ctx, a);
      if (problem) out.push(problem);
      continue;
    }
    const seen = ctx.files.observed[a.path];
    if (!seen) out.push(`${a.path}: not hashed`);
    else if (seen.kind !== 'file') out.push(`${a.path}: ${seen.kind}`);
    else {
      // A Git LFS pointer is checked against the object it names (docs/formats.md), like the checksums check does.
      const sha = seen.lfs ? seen.lfs.oid : seen.sha256;
      const size = seen.lfs ? seen.lfs.size : seen.size;
      if (sha.toLowerCase() !== String(a.sha256).toLowerCase())
        out.push(`${a.path}: sha256 is ${sha}, manifest says ${a.sha256}`);
      else if (size !== a.size) out.push(`${a.path}: size is ${size}, manifest says ${a.size}`);
    }
  }
  return out;
}

/**
 * Reads and judges the release in `options.repoRoot`. The manifest must parse and be schema-valid (a card or BOM of
 * a manifest the gate cannot read would be fiction); a missing bias report is a warning (the card says so), an
 * invalid one is unusable.
 */
export async function readRelease(options: ReadReleaseOptions): Promise<ReadReleaseResult> {
  const { ctx, policy } = await gatherReleaseContext({
    repoRoot: options.repoRoot,
    now: options.now,
    offline: options.offline ?? true,
    ...(options.baseRef !== undefined ? { baseRef: options.baseRef } : {}),
    ...(options.policyPath !== undefined ? { policyPath: options.policyPath } : {}),
    ...(options.model !== undefined ? { model: options.model } : {}),
    ...(options.jira ? { jira: options.jira } : {}),
    ...(options.s3 ? { s3: options.s3 } : {}),
  });
  const manifestFile = ctx.manifest.file;
  if (
    ctx.manifest.value === undefined ||
    ctx.manifest.problems.length > 0 ||
    !isSchemaValid('manifest', ctx.manifest.value)
  ) {
    const first = ctx.manifest.problems[0]?.message;
    return {
      kind: 'unusable',
      reason: `${manifestFile} is missing or not a valid manifest${first ? `: ${first}` : ''}`,
      fix: 'run `mlgov check --offline` to see every finding with its line, fix them, then run this again',
    };
  }
  const manifest = ctx.manifest.value;
  const warnings: string[] = [];
  let biasReport: BiasReport | undefined;
  if (ctx.biasReport === undefined) {
    warnings.push(
      `the bias report ${manifest.biasReport?.path ?? ''} was not found: the output has no fairness results`,
    );
  } else if (
    ctx.biasReport.value === undefined ||
    ctx.biasReport.problems.length > 0 ||
    !isSchemaValid('biasReport', ctx.biasReport.value)
  ) {
    return {
      kind: 'unusable',
      reason: `${ctx.biasReport.file} is not a valid bias report`,
      fix: 'run `mlgov check --offline` to see the schema findings, fix them, then run this again',
    };
  } else {
    biasReport = ctx.biasReport.value;
  }
  const baseManifestDoc = ctx.base.kind === 'found' ? ctx.base.manifest : undefined;
  const baseManifest =
    baseManifestDoc?.value !== undefined && isSchemaValid('manifest', baseManifestDoc.value)
      ? baseManifestDoc.value
      : undefined;
  if (ctx.base.kind === 'unavailable')
    warnings.push(`${ctx.base.reason}: no comparison with the previous release (${ctx.base.fix})`);

  const report = judgeRelease(ctx, policy, {
    offline: options.offline ?? true,
    generatedAt: options.now.toISOString(),
  });
  return {
    kind: 'read',
    documents: {
      manifest,
      ...(biasReport ? { biasReport, biasReportFileSha256: ctx.biasReport!.sha256 } : {}),
      policy,
      // The base is the previous release only when it is another version (an unchanged release has no "previous").
      ...(baseManifest && baseManifest.version !== manifest.version ? { baseManifest } : {}),
      report,
    },
    warnings,
    ctx,
  };
}
