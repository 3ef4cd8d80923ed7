/**
 * What both faces of the model card share: its input, the words and tones for a threshold standing and a check
 * status, number formats, and the facts derived from the documents (small groups, timeline, the gate's problems).
 */
import type { BiasReport, GroupRates } from '../../formats/bias-report.js';
import type { Manifest } from '../../formats/manifest.js';
import type { CheckStatus } from '../../release/report.js';
import type { ApprovalView, MetricComparison, ReleaseDocuments, ThresholdStanding } from '../../export/release-view.js';
import type { TimelineEvent, Tone } from '../html-page.js';

/** Everything a model card shows; `generatedAt` and `toolVersion` are passed in so rendering stays pure. */
export interface CardInput extends ReleaseDocuments {
  /** ISO 8601 time the card is generated (shown in the footer). */
  generatedAt: string;
  toolVersion: string;
}

export const STANDING_TEXT: Record<ThresholdStanding, string> = {
  within: 'within threshold',
  beyond: 'beyond threshold',
  undefined: 'undefined',
  'no-threshold': 'no threshold',
};
export const STANDING_TONE: Record<ThresholdStanding, Tone> = {
  within: 'pass',
  beyond: 'fail',
  undefined: 'fail',
  'no-threshold': 'neutral',
};
export const STATUS_TONE: Record<CheckStatus | 'not-run', Tone> = {
  pass: 'pass',
  fail: 'fail',
  warn: 'warn',
  skip: 'neutral',
  'not-run': 'neutral',
};

/** A metric value as written (no rounding beyond 4 decimals: reports are often rounded already). */
export function num(v: number | null | undefined): string {
  if (v === null || v === undefined) return 'n/a';
  if (!Number.isFinite(v)) return String(v);
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4)));
}

function pct(v: number | undefined): string {
  if (v === undefined) return '—';
  return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)} %`;
}

export function bytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]} (${n} B)`;
}

export function comparisonNote(c: MetricComparison): string {
  if (c.improvementPct === undefined) return c.base === undefined ? 'new' : '—';
  if (Math.abs(c.improvementPct) < 0.05) return 'unchanged';
  return `${pct(c.improvementPct)} ${c.improvementPct > 0 ? 'better' : 'worse'}`;
}

/** Groups whose size is under the policy's `minGroupSize` (shown, and left out of the gate's spread). */
function smallGroups(input: CardInput): Array<{ attribute: string; group: GroupRates }> {
  const min = input.policy?.bias.minGroupSize;
  if (min === undefined || !input.biasReport) return [];
  return input.biasReport.attributes.flatMap((a) =>
    a.groups.filter((g) => g.n < min).map((group) => ({ attribute: a.name, group })),
  );
}

/** The limitations the card adds to the manifest's own: groups too small to judge. */
export function smallGroupNotes(input: CardInput): string[] {
  const min = input.policy?.bias.minGroupSize;
  return smallGroups(input).map(
    ({ attribute, group }) =>
      `Group "${group.group}" of ${attribute} has ${group.n} rows (under the minimum of ${min}): its rates are shown but not judged.`,
  );
}

export function releaseTimeline(m: Manifest, r: BiasReport | undefined, approvals: ApprovalView[]): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const t = m.provenance?.training;
  if (t?.startedAt) events.push({ at: t.startedAt, label: 'training started', tone: 'neutral' });
  if (t?.finishedAt) events.push({ at: t.finishedAt, label: 'training finished', tone: 'neutral' });
  if (m.evaluation?.evaluatedAt) events.push({ at: m.evaluation.evaluatedAt, label: 'evaluated', tone: 'info' });
  if (r?.generatedAt) events.push({ at: r.generatedAt, label: 'bias report', tone: 'info' });
  for (const a of approvals) {
    events.push({
      at: a.at,
      label: `${a.decision} by ${a.approver}`,
      tone: a.decision === 'rejected' ? 'fail' : a.bound ? 'pass' : 'warn',
    });
  }
  return events;
}

export function approvalStatusText(a: ApprovalView): string {
  return a.bound ? 'bound to this release' : 'names another digest (does not count)';
}

/** Most findings a card lists; the full list is `mlgov check`'s job. */
const MAX_CARD_FINDINGS = 20;

/** The gate's errors and warnings, for the board to see why a release fails without running the gate. */
export function gateProblems(
  input: CardInput,
): Array<{ check: string; severity: string; code: string; message: string }> {
  return (input.report?.checks ?? [])
    .flatMap((c) =>
      c.findings
        .filter((f) => f.severity !== 'notice')
        .map((f) => ({ check: c.id, severity: f.severity, code: f.code, message: f.message })),
    )
    .slice(0, MAX_CARD_FINDINGS);
}
