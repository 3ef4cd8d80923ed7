import type { AnyCheck, DocumentKind } from '../checks/check.js';
import { gateChecks } from '../checks/index.js';
import { isSchemaValid } from '../formats/schema-validator.js';
import type { Policy } from '../policy/policy.js';
import { TOOL_VERSION } from '../version.js';
import { gatherReleaseContext, type GatherOptions } from './gather.js';
import type { ReleaseContext } from '../release/release-context.js';
import type { CheckResult, Report } from '../release/report.js';

export type GateOptions = GatherOptions;

/** Gathers the facts of the release in `options.repoRoot` and judges them: the gate use case both faces call. */
export async function runGate(options: GateOptions): Promise<Report> {
  const { ctx, policy } = await gatherReleaseContext(options);
  return judgeRelease(ctx, policy, {
    offline: options.offline ?? false,
    generatedAt: (options.now ?? new Date()).toISOString(),
  });
}

/**
 * Which gathered documents are fit to be read by the checks (parsed without problems and schema-valid); the board
 * view reads only those too.
 */
export function validDocuments(ctx: ReleaseContext): Record<DocumentKind, boolean> {
  const fit = (doc: { value: unknown; problems: unknown[] } | undefined, kind: 'manifest' | 'biasReport') =>
    doc !== undefined && doc.value !== undefined && doc.problems.length === 0 && isSchemaValid(kind, doc.value);
  return { manifest: fit(ctx.manifest, 'manifest'), biasReport: fit(ctx.biasReport, 'biasReport') };
}

function notJudged(check: AnyCheck, ctx: ReleaseContext, missing: DocumentKind[]): CheckResult {
  const files = missing.map((k) =>
    k === 'manifest' ? ctx.manifest.file : (ctx.biasReport?.file ?? 'the bias report'),
  );
  return {
    id: check.id,
    status: 'skip',
    summary: `not judged: ${files.join(' and ')} ${files.length > 1 ? 'are' : 'is'} missing or invalid (see schema)`,
    findings: [],
  };
}

/**
 * Runs every check over the gathered facts. Pure: the same context and policy always give the same report. A check
 * whose documents are invalid is skipped (the `schema` check already failed the gate and says why).
 */
export function judgeRelease(
  ctx: ReleaseContext,
  policy: Policy,
  meta: { offline: boolean; generatedAt: string },
  checks: AnyCheck[] = gateChecks(),
): Report {
  const valid = validDocuments(ctx);
  const results = checks.map((check) => {
    const missing = check.needs.filter((k) => !valid[k]);
    return missing.length > 0 ? notJudged(check, ctx, missing) : check.run(ctx, policy);
  });
  const findings = results.flatMap((r) => r.findings);
  const manifest = valid.manifest ? ctx.manifest.value : undefined;
  const baseManifest = ctx.base.kind === 'found' ? ctx.base.manifest?.value : undefined;
  const forced = results.some((r) => r.id === 'promotion' && r.details?.forced === true);
  return {
    tool: { name: 'mlgov', version: TOOL_VERSION },
    verdict: findings.some((f) => f.severity === 'error') ? 'fail' : 'pass',
    judged: !findings.some((f) => f.indeterminate),
    forced,
    model: {
      ...(manifest ? { name: manifest.name, version: manifest.version } : {}),
      ...(baseManifest && typeof baseManifest.version === 'string' ? { baseVersion: baseManifest.version } : {}),
    },
    ...(ctx.base.kind === 'found' ? { base: { ref: ctx.base.ref, commit: ctx.base.commit } } : {}),
    policySource: ctx.policySource,
    offline: meta.offline,
    generatedAt: meta.generatedAt,
    ...(ctx.asOf ? { asOf: { at: ctx.now, reason: ctx.asOf.reason } } : {}),
    checks: results,
  };
}
