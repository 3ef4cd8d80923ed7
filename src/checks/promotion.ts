/**
 * The `promotion` check: against the production (base) release, the challenger must improve MAE or RMSE by the
 * minimum, over enough windows, without a seasonal regression, on fresh metrics, with a reason and the
 * performance thresholds met. A forced promotion (justified, approved by a `forceRole` holder) turns the failing
 * gates into warnings and is flagged; a rollback to an archived release skips the metric gates but needs a reason.
 * Which of these applies is derived from the base (`deriveReleaseKind`), never taken from `release.type`: a declared
 * type that disagrees is an error, and the gates run by the derived kind.
 */
import { visibleLength, visibleText } from '../formats/visible-text.js';
import { belowMin } from './bounds.js';
import { error, indeterminate, notice, warning, type Finding } from '../formats/finding.js';
import { pointer } from '../formats/json-pointer.js';
import type { Manifest } from '../formats/manifest.js';
import { at, type ParsedDocument } from '../formats/parsed-document.js';
import type { CheckResultOf, PromotionDetails } from '../release/report.js';
import { statusOf } from '../release/report.js';
import type { ReleaseContext } from '../release/release-context.js';
import type { Policy } from '../policy/policy.js';
import { deriveReleaseKind, type DerivedRelease, type ReleaseKind } from './release-kind.js';
import { sameLogin } from '../release/review-facts.js';
import { buildApprovalLedger, countedHoldersOf } from './approval-ledger.js';
import { describeThreshold } from './bias-metrics.js';
import type { Check } from './check.js';
import {
  compareReleases,
  comparisonRows,
  type ErrorComparison,
  type ReleaseComparison,
} from './promotion-comparison.js';
import { mlgovCommand } from './command-hint.js';

export type { PromotionDetails } from '../release/report.js';

const pct = (v: number) => `${(Math.round(v * 100) / 100).toFixed(2)} %`;

function describeError(name: string, c: ErrorComparison): string {
  if (c.improvementPct === undefined) return `${name} ${c.base ?? '?'} → ${c.head ?? '?'}`;
  const word = c.improvementPct >= 0 ? 'improved' : 'worsened';
  return `${name} ${word} ${pct(Math.abs(c.improvementPct))} (${c.base} → ${c.head})`;
}

function reasonLength(m: Manifest): number {
  return typeof m.release?.reason === 'string' ? visibleLength(m.release.reason) : 0;
}

/** The metric gates: each failure is an error a justified, authorized force may turn into a warning. */
function metricGates(
  doc: ParsedDocument<Manifest>,
  m: Manifest,
  policy: Policy,
  c: ReleaseComparison,
  first: boolean,
): Finding[] {
  return [
    // An initial release has no production release to improve on or regress from.
    ...(first ? [] : improvementGate(doc, policy, c)),
    ...(first || policy.promotion.allowSeasonalRegression ? [] : seasonalGates(doc, c)),
    ...windowsGate(doc, c),
    ...freshnessGate(doc, policy, c),
    ...reasonGate(doc, m, policy),
    ...performanceGates(doc, c),
  ];
}

/** MAE or RMSE improves on production by the policy's minimum. */
function improvementGate(doc: ParsedDocument<Manifest>, policy: Policy, c: ReleaseComparison): Finding[] {
  const p = policy.promotion;
  if (c.mae.improvementPct === undefined && c.rmse.improvementPct === undefined) {
    return [
      error(
        'PROMOTION_METRICS_MISSING',
        `MAE and RMSE cannot be compared with ${c.base?.version ?? 'the base'}: ${describeError('MAE', c.mae)}, ${describeError('RMSE', c.rmse)}.`,
        {
          ...at(doc, '/evaluation/backtest'),
          fix: 'Record evaluation.backtest.mae and .rmse from the backtest in the manifest.',
        },
      ),
    ];
  }
  if (c.best && !belowMin(c.best.improvementPct, p.minImprovementPct)) return [];
  return [
    error(
      'PROMOTION_INSUFFICIENT_IMPROVEMENT',
      `Against production ${c.base?.version}: ${describeError('MAE', c.mae)}, ${describeError('RMSE', c.rmse)}; MAE or RMSE must improve by at least ${p.minImprovementPct} %.`,
      {
        ...at(doc, pointer('evaluation', 'backtest', c.best?.metric ?? 'mae')),
        fix: `Keep production ${c.base?.version}, or improve the model until MAE or RMSE is ${p.minImprovementPct} % better (or force with a justified ${p.forceRole} approval).`,
      },
    ),
  ];
}

/** No season regresses against production (unless the policy allows it), and none production had goes missing. */
function seasonalGates(doc: ParsedDocument<Manifest>, c: ReleaseComparison): Finding[] {
  return c.seasons
    .filter((x) => x.regressed)
    .map((s) => {
      const which = s.missingInHead
        ? 'was evaluated on production (MAE and RMSE) but not, or not fully, on the challenger'
        : [s.mae.worse ? describeError('MAE', s.mae) : '', s.rmse.worse ? describeError('RMSE', s.rmse) : '']
            .filter(Boolean)
            .join(', ');
      return error(
        'PROMOTION_SEASONAL_REGRESSION',
        `Season "${s.season}" ${s.missingInHead ? which : `regressed: ${which}`}.`,
        {
          ...at(
            doc,
            pointer(
              'evaluation',
              'backtest',
              'seasons',
              s.season,
              ...(s.missingInHead ? [] : [s.mae.worse ? 'mae' : 'rmse']),
            ),
          ),
          fix: 'Fix the seasonal regression, or have the board allow it (promotion.allowSeasonalRegression) through a reviewed policy change.',
        },
      );
    });
}

/** The backtest covers the policy's minimum number of windows. */
function windowsGate(doc: ParsedDocument<Manifest>, c: ReleaseComparison): Finding[] {
  if (c.windows.head !== undefined && !(c.windows.head < c.windows.min)) return [];
  return [
    error(
      'PROMOTION_TOO_FEW_WINDOWS',
      `The backtest covers ${c.windows.head ?? 'no'} window(s); the policy asks at least ${c.windows.min}.`,
      { ...at(doc, '/evaluation/backtest/windows'), fix: `Backtest over at least ${c.windows.min} windows.` },
    ),
  ];
}

/** The evaluation is dated, and no older than the policy accepts. */
function freshnessGate(doc: ParsedDocument<Manifest>, policy: Policy, c: ReleaseComparison): Finding[] {
  if (c.metricsAgeDays === undefined) {
    return [
      error('PROMOTION_METRICS_DATE_INVALID', `evaluation.evaluatedAt "${c.evaluatedAt ?? ''}" is not a date-time.`, {
        ...at(doc, '/evaluation/evaluatedAt'),
        fix: 'Record when the evaluation ran, as ISO 8601.',
      }),
    ];
  }
  if (!(c.metricsAgeDays > policy.promotion.maxMetricsAgeDays)) return [];
  return [
    error(
      'PROMOTION_METRICS_STALE',
      `The evaluation metrics are ${Math.floor(c.metricsAgeDays)} days old (evaluatedAt ${c.evaluatedAt}); the policy accepts at most ${policy.promotion.maxMetricsAgeDays} days.`,
      {
        ...at(doc, '/evaluation/evaluatedAt'),
        fix: 'Re-run the evaluation and backtest on the current model and data.',
      },
    ),
  ];
}

/** The release says why it should replace production, at the policy's length. */
function reasonGate(doc: ParsedDocument<Manifest>, m: Manifest, policy: Policy): Finding[] {
  const min = policy.promotion.minReasonLength;
  if (!(reasonLength(m) < min)) return [];
  return [
    error(
      'PROMOTION_REASON_TOO_SHORT',
      `release.reason "${m.release?.reason ?? ''}" is ${reasonLength(m)} characters; the policy asks at least ${min}.`,
      {
        ...at(doc, '/release/reason'),
        fix: `Say why this release should replace production, in at least ${min} characters.`,
      },
    ),
  ];
}

/** Every performance threshold of the policy is met. */
function performanceGates(doc: ParsedDocument<Manifest>, c: ReleaseComparison): Finding[] {
  return c.performance
    .filter((row) => row.met === false)
    .map((row) =>
      error(
        'PERFORMANCE_THRESHOLD_NOT_MET',
        `evaluation.metrics.${row.name} is ${row.head ?? 'missing'}; the policy asks ${describeThreshold(row.threshold!)}.`,
        {
          ...at(doc, pointer('evaluation', 'metrics', row.name)),
          fix: `Improve ${row.name} to meet ${describeThreshold(row.threshold!)} before promoting.`,
        },
      ),
    );
}

function judgeRollback(
  ctx: Pick<ReleaseContext, 'governedName'>,
  doc: ParsedDocument<Manifest>,
  m: Manifest,
  derived: Extract<DerivedRelease, { kind: 'rollback' }>,
  policy: Policy,
): Finding[] {
  const out: Finding[] = [];
  for (const p of derived.archive.problems) {
    out.push(
      error(
        'ROLLBACK_ARCHIVE_INVALID',
        `Rollback to ${m.version}: the base's archive ${derived.archive.dir}/ does not prove what it holds: ${p.message}.`,
        {
          file: p.file,
          fix: 'a rollback restores a release archived by mlgov archive on the production branch; repair that archive there first',
        },
      ),
    );
  }
  if (derived.logging.kind === 'missing') {
    out.push(
      error(
        'ROLLBACK_NOT_LOGGED',
        `Rollback to ${m.version}: a rollback is always allowed but logged, and ${derived.logging.why}.`,
        {
          ...at(doc, '/release/type'),
          fix: `make the rollback with ${mlgovCommand(ctx, `rollback --to ${m.version}`)} --reason "..." and commit ${derived.logging.file} with it`,
        },
      ),
    );
  }
  if (reasonLength(m) < policy.promotion.minReasonLength) {
    out.push(
      error(
        'ROLLBACK_REASON_TOO_SHORT',
        `A rollback needs a reason of at least ${policy.promotion.minReasonLength} characters; release.reason "${m.release?.reason ?? ''}" has ${reasonLength(m)}.`,
        { ...at(doc, '/release/reason'), fix: 'Say why production is rolled back (the incident, the ticket).' },
      ),
    );
  }
  out.push(
    notice(
      'PROMOTION_ROLLBACK',
      `Rollback to archived release ${m.version} (${derived.archive.dir}/ on the base): the metric gates are skipped (a rollback is always allowed).`,
      { ...at(doc, '/release/type') },
    ),
  );
  return out;
}

const KIND_WORDS: Record<Exclude<ReleaseKind, 'unchanged'>, string> = {
  initial: 'an initial release',
  promotion: 'a promotion',
  rollback: 'a rollback',
};

const EXPECTED_TYPE: Record<Exclude<ReleaseKind, 'unchanged'>, string> = {
  initial: 'initial',
  promotion: 'promotion',
  rollback: 'rollback',
};

/** `release.type` is a claim: when it disagrees with what the base says the release is, that is an error. */
function declaredTypeFindings(doc: ParsedDocument<Manifest>, m: Manifest, derived: DerivedRelease): Finding[] {
  if (derived.kind === 'unchanged' || derived.kind === 'indeterminate') return [];
  const declared = m.release?.type;
  const want = EXPECTED_TYPE[derived.kind];
  if (declared === want) return [];
  return [
    error(
      'RELEASE_TYPE_MISMATCH',
      `release.type is "${String(declared)}", but this release is ${KIND_WORDS[derived.kind]}: ${derived.why}. The gates of ${KIND_WORDS[derived.kind]} apply.`,
      {
        ...at(doc, '/release/type'),
        fix:
          derived.kind === 'rollback'
            ? 'Set release.type to "rollback" (mlgov rollback writes it).'
            : declared === 'rollback'
              ? 'A rollback restores a release archived on the production branch unchanged: use mlgov rollback --to <archived version>, or declare a promotion and meet its gates.'
              : `Set release.type to "${want}"; what a release is follows from the production branch, not from this field.`,
      },
    ),
  ];
}

/** The promotion check's result, typed by its id so callers (`mlgov diff`) read its details without a cast. */
type PromotionResult = CheckResultOf<'promotion'>;

function result(findings: Finding[], details: PromotionDetails, summary: string): PromotionResult {
  return { id: 'promotion', status: statusOf(findings), summary, findings, details: { ...details } };
}

/** Runs the promotion rules; exported for the gate, `diff` and tests. */
export function judgePromotion(ctx: ReleaseContext, policy: Policy): PromotionResult {
  const doc = ctx.manifest;
  const m = doc.value;
  const details: PromotionDetails = { forced: false };
  if (!m) {
    const f = indeterminate(
      'PROMOTION_MANIFEST_UNREADABLE',
      `${doc.file} could not be read, so the promotion was not judged.`,
      {
        file: doc.file,
        fix: `Make ${doc.file} parse (the schema check names the line and column), then re-run the gate.`,
      },
    );
    return result([f], details, 'manifest unreadable: not judged');
  }
  const derived = deriveReleaseKind(ctx, policy);
  details.declaredType = m.release?.type;
  details.derivation = derived.why;
  if (derived.kind !== 'indeterminate') details.releaseType = derived.kind;
  const typeFindings = declaredTypeFindings(doc, m, derived);
  return (
    judgeWithoutComparison(ctx, policy, m, derived, typeFindings, details) ??
    judgeAgainstProduction(ctx, policy, m, derived, typeFindings, details)
  );
}

/**
 * A release the gates do not compare with production: unchanged, a rollback, or one whose base or kind is unknown.
 * Undefined for an initial release or a promotion, which are compared.
 */
function judgeWithoutComparison(
  ctx: ReleaseContext,
  policy: Policy,
  m: Manifest,
  derived: DerivedRelease,
  typeFindings: Finding[],
  details: PromotionDetails,
): PromotionResult | undefined {
  const doc = ctx.manifest;
  if (derived.kind === 'unchanged') {
    details.comparisonSkipped = 'unchanged';
    const f = notice('PROMOTION_UNCHANGED', `Release ${m.version} is unchanged from base; nothing to promote.`, {
      ...at(doc, '/version'),
    });
    return result([f], details, 'release unchanged from base; nothing to promote');
  }
  if (derived.kind === 'rollback') {
    details.comparisonSkipped = 'rollback';
    const findings = [...typeFindings, ...judgeRollback(ctx, doc, m, derived, policy)];
    return result(
      findings,
      details,
      statusOf(findings) === 'pass' ? `rollback to archived ${m.version}` : `rollback to ${m.version} not allowed`,
    );
  }
  if (ctx.base.kind === 'unavailable') {
    const f = indeterminate(
      'PROMOTION_BASE_UNAVAILABLE',
      `The production release at ${ctx.base.ref} could not be read (${ctx.base.reason}); the challenger cannot be compared.`,
      {
        file: doc.file,
        fix: ctx.base.fix,
      },
    );
    return result([f], details, 'base unavailable: not judged');
  }
  if (derived.kind === 'indeterminate') {
    const f = indeterminate(
      'RELEASE_KIND_UNKNOWN',
      `What this release is (initial, promotion or rollback) cannot be derived: ${derived.why}.`,
      { ...at(doc, '/release/type'), fix: derived.fix },
    );
    return result([f], details, 'release kind unknown: not judged');
  }
  return undefined;
}

/** An initial release or a promotion: the comparison with production, the metric gates, and a force if any. */
function judgeAgainstProduction(
  ctx: ReleaseContext,
  policy: Policy,
  m: Manifest,
  derived: DerivedRelease,
  typeFindings: Finding[],
  details: PromotionDetails,
): PromotionResult {
  const doc = ctx.manifest;
  const base = ctx.base;
  const baseManifest = base.kind === 'found' ? base.manifest?.value : undefined;
  const first = derived.kind === 'initial';
  const comparison = compareReleases({
    head: m,
    policy,
    now: ctx.now,
    ...(first || !baseManifest ? {} : { base: baseManifest }),
    ...(ctx.biasReport?.value ? { headReport: ctx.biasReport.value } : {}),
    ...(!first && base.kind === 'found' && base.biasReport?.value ? { baseReport: base.biasReport.value } : {}),
  });
  details.comparison = comparison;
  details.rows = comparisonRows(comparison);
  const findings: Finding[] = [...typeFindings];
  if (first) {
    details.comparisonSkipped = 'first release';
    findings.push(
      notice(
        'PROMOTION_FIRST_RELEASE',
        `Initial release ${m.version}: ${derived.why}, so there is no production release to compare with; the improvement and seasonal gates are skipped.`,
        { ...at(doc, '/release/type') },
      ),
    );
  }
  let gates = metricGates(doc, m, policy, comparison, first);
  if (m.release?.force) findings.push(...judgeForce(ctx, policy, m, m.release.force, gates.length, details));
  if (details.forced) gates = gates.map((g) => ({ ...g, severity: 'warning', message: `Forced past: ${g.message}` }));
  findings.push(...gates);
  return result(findings, details, promotionSummary(findings, gates, typeFindings, comparison, first, details.forced));
}

/**
 * A forced promotion: justified at the policy's length and approved (counted) by a holder of the force role. When
 * both hold, the failing gates become warnings (`details.forced`), and a warning says so for the audit.
 */
function judgeForce(
  ctx: ReleaseContext,
  policy: Policy,
  m: Manifest,
  force: NonNullable<NonNullable<Manifest['release']>['force']>,
  failingGates: number,
  details: PromotionDetails,
): Finding[] {
  const doc = ctx.manifest;
  const findings: Finding[] = [];
  const ledger = buildApprovalLedger(ctx, policy);
  const holders = countedHoldersOf(ledger, policy, policy.promotion.forceRole);
  details.forceApprovers = holders;
  const justification = typeof force.justification === 'string' ? visibleText(force.justification) : '';
  const justificationLength = [...justification].length;
  const authorized = force.by ? holders.some((h) => sameLogin(h, force.by)) : holders.length > 0;
  if (justificationLength < policy.promotion.minReasonLength) {
    findings.push(
      error(
        'FORCE_JUSTIFICATION_TOO_SHORT',
        `A forced promotion needs a justification of at least ${policy.promotion.minReasonLength} characters; it has ${justificationLength} visible.`,
        { ...at(doc, '/release/force/justification'), fix: 'Explain why the promotion gates are overridden.' },
      ),
    );
  }
  if (!authorized) {
    findings.push(
      error(
        'FORCE_NOT_AUTHORIZED',
        `release.force${force.by ? ` (by ${force.by})` : ''} needs a counted approval of this manifest by a holder of ${policy.promotion.forceRole}; ${holders.length ? `counted holders: ${holders.join(', ')}` : 'there is none'}.`,
        {
          ...at(doc, '/release/force'),
          fix: `Ask a ${policy.promotion.forceRole} (${
            policy.approvals.roster
              .filter((r) => r.roles.includes(policy.promotion.forceRole))
              .map((r) => r.login)
              .join(', ') || 'see the roster'
          }) to approve this manifest, or remove release.force.`,
        },
      ),
    );
  }
  if (findings.length > 0) return findings;
  details.forced = true;
  findings.push(
    warning(
      'FORCED_PROMOTION',
      `FORCED PROMOTION of ${m.version} by ${force.by ?? holders.join(', ')} (approved by ${policy.promotion.forceRole} ${holders.join(', ')}): "${justification}". ${failingGates} failing gate(s) downgraded to warnings.`,
      { ...at(doc, '/release/force') },
    ),
  );
  return findings;
}

function promotionSummary(
  findings: Finding[],
  gates: Finding[],
  typeFindings: Finding[],
  comparison: ReleaseComparison,
  first: boolean,
  forced: boolean,
): string {
  const status = statusOf(findings);
  const improvement = comparison.best
    ? `${comparison.best.metric.toUpperCase()} ${pct(comparison.best.improvementPct)} better`
    : '';
  const failing = gates.length + typeFindings.length;
  if (forced)
    return `FORCED: ${gates.length} failing gate(s) overridden${typeFindings.length ? ', release.type disagrees with the base' : ''}`;
  if (first)
    return status === 'fail'
      ? `first release: ${failing} gate(s) failing`
      : 'first release: no production release to compare with';
  return status === 'fail'
    ? `${failing + findings.filter((f) => f.code.startsWith('FORCE_')).length} promotion gate(s) failing against ${comparison.base?.version}`
    : `${improvement} than production ${comparison.base?.version}`;
}

export const promotionCheck: Check<'promotion'> = {
  id: 'promotion',
  title: 'Promotion: the challenger beats production on fresh metrics, or is a justified force or rollback',
  needs: ['manifest'],
  run: judgePromotion,
};
