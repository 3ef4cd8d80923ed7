/**
 * The closing lines of a failed report: what to do next, in an order that does not undo work. Fixing findings one by
 * one in the order the checks report them makes people run `checksums --write` (which voids every approval) before
 * the version is bumped, then approve, then bump, then approve again. The steps of a release have an order: start
 * the release (version), fill the evaluation, regenerate the bias report, fill the checksums, archive what it
 * supersedes, then the approvals, last, since anything before them changes what they are bound to. Pure.
 */
import type { Finding } from '../formats/finding.js';
import { mlgovCommand } from '../checks/command-hint.js';
import type { Report } from '../release/report.js';

/** One step of the release, in the order they must be done. */
interface Step {
  order: number;
  label: string;
  /** The mlgov command that does it; the model is named after it when the policy lists several. */
  command: string;
  args?: string;
  /** The step changes what approvals are bound to (the manifest or the bias report), so the hint says so. */
  voidsApprovals?: true;
  codes: RegExp;
}

/** The approvals: always the last step, after every fix that has no step of its own. */
const APPROVALS: Step = {
  order: 6,
  label: 'then, last, the approvals',
  command: 'approve',
  args: '(the fairness review with --target bias-report, then the board)',
  codes: /^(APPROVALS_MISSING_ROLE|BIAS_APPROVAL_MISSING|APPROVAL_[A-Z_]+|APPROVALS_[A-Z_]+)$/,
};

/** The steps before the approvals, first to last. */
const STEPS: Step[] = [
  {
    order: 1,
    label: 'start the release from production',
    command: 'release new',
    args: '--bump major|minor|patch --reason TEXT --jira KEY',
    voidsApprovals: true,
    codes: /^(VERSION_NOT_BUMPED|VERSION_ALREADY_RELEASED|VERSION_NOT_INCREASED|RELEASE_TYPE_MISMATCH)$/,
  },
  {
    order: 2,
    label: "fill the evaluation from the pipeline's files",
    command: 'metrics import',
    args: 'FILE',
    voidsApprovals: true,
    codes:
      /^(PROMOTION_(METRICS_MISSING|METRICS_STALE|METRICS_DATE_INVALID|INSUFFICIENT_IMPROVEMENT|SEASONAL_REGRESSION|TOO_FEW_WINDOWS)|PERFORMANCE_THRESHOLD_NOT_MET)$/,
  },
  {
    order: 3,
    label: 'regenerate the bias report from the predictions',
    command: 'bias compute',
    args: '--predictions FILE …',
    voidsApprovals: true,
    codes: /^(BIAS_(?!APPROVAL_|REVIEW_|REVIEWS_|REPORT_PATH_MISMATCH$)[A-Z_]+)$/,
  },
  {
    order: 4,
    label: 'fill sizes and digests into the manifest',
    command: 'checksums --write',
    voidsApprovals: true,
    codes:
      /^(CHECKSUM_MISMATCH|BIAS_REPORT_CHECKSUM_MISMATCH|SIZE_MISMATCH|UNLISTED_FILE|ARTIFACT_MISSING|DUPLICATE_ARTIFACT_PATH)$/,
  },
  {
    order: 5,
    label: 'archive the release this one supersedes',
    command: 'archive',
    codes: /^(ARCHIVE_MISSING|ARCHIVE_NOT_LOGGED)$/,
  },
];

/** A command named in a fix that rewrites the manifest or the bias report: its hint must say it voids approvals. */
const VOIDING_COMMAND = /mlgov (checksums --write|metrics import|bias compute|release new)/;
const VOIDS = ' (this voids existing approvals: do it before asking for them)';

/**
 * The next steps for a report's error findings: the release steps they call for, in order and each once, then the
 * fixes of findings no step covers (each once), then the approvals, last. Empty when the report has no error.
 * `report.model` tells a changed release still at production's version, which must start a new release first.
 */
export function nextSteps(
  report: Pick<Report, 'checks'> & Partial<Pick<Report, 'model'>>,
  modelName?: string,
): string[] {
  const errors = report.checks.flatMap((c) => c.findings).filter((f) => f.severity === 'error');
  const steps = new Map<number, Step>();
  const others: string[] = [];
  for (const f of errors) {
    const step = [...STEPS, APPROVALS].find((s) => s.codes.test(f.code));
    if (step) steps.set(step.order, step);
    else if (f.fix && !others.includes(otherStep(f))) others.push(otherStep(f));
  }
  // A release whose content must change (weights, evaluation, bias report) while it still carries production's
  // version is a new release: start it first, or the version check fails after the checksums were filled and approved.
  const version = report.model?.version;
  if (version !== undefined && version === report.model?.baseVersion && [2, 3, 4].some((o) => steps.has(o)))
    steps.set(1, STEPS[0]!);
  const line = (s: Step): string =>
    `${s.label}: ${mlgovCommand({ governedName: modelName }, s.command)}${s.args ? ` ${s.args}` : ''}${s.voidsApprovals ? VOIDS : ''}`;
  const before = STEPS.filter((s) => steps.has(s.order)).map(line);
  const last = steps.has(APPROVALS.order) ? [line(APPROVALS)] : [];
  return [...before, ...others, ...last].map((l, i) => `${i + 1}. ${l}`);
}

function otherStep(f: Finding): string {
  const fix = f.fix!;
  return VOIDING_COMMAND.test(fix) && !/approv/i.test(fix) ? `${fix}${VOIDS}` : fix;
}
