/**
 * What a pull request changes in the governance policy, and in which direction: `loosened` (the gate would let
 * more through: a threshold relaxed, a required count lowered, a roster addition...), `tightened`, or `neutral`.
 * A change whose direction is not obvious (a renamed role, a different approval source) counts as loosened: a PR
 * may not decide for itself that a change to its own gate is harmless.
 * Pure: compares two policies with defaults filled in, so stating a default explicitly is no change.
 */
import type { Threshold } from '../formats/bias-report.js';
import { canonicalJson } from '../formats/canonical-digest.js';
import { pointer } from '../formats/json-pointer.js';
import type { Policy } from '../policy/policy.js';
import type { ChangeDirection, PolicyChange } from '../release/report.js';

export type { ChangeDirection, PolicyChange } from '../release/report.js';

const show = (v: unknown): string => (v === undefined ? '(unset)' : typeof v === 'string' ? v : JSON.stringify(v));

function dotted(ptr: string): string {
  return ptr.slice(1).replace(/\//g, '.');
}

/** A number where "higher" is looser (`maxAgeDays`) or stricter (`minImprovementPct`). */
function numberChange(
  out: PolicyChange[],
  ptr: string,
  from: unknown,
  to: unknown,
  higherIs: 'looser' | 'stricter',
): void {
  if (from === to) return;
  let direction: ChangeDirection;
  if (typeof from === 'number' && typeof to === 'number') {
    direction = to > from === (higherIs === 'looser') ? 'loosened' : 'tightened';
  } else {
    // a bound removed is looser; one added is stricter
    direction = to === undefined ? 'loosened' : from === undefined ? 'tightened' : 'loosened';
  }
  out.push({ pointer: ptr, what: `${dotted(ptr)} ${show(from)} → ${show(to)}`, direction });
}

/** Any change of a value whose direction is not a simple order counts as loosened. */
function valueChange(
  out: PolicyChange[],
  ptr: string,
  from: unknown,
  to: unknown,
  direction: ChangeDirection = 'loosened',
): void {
  if (canonicalJson(from ?? null) === canonicalJson(to ?? null)) return;
  out.push({ pointer: ptr, what: `${dotted(ptr)} ${show(from)} → ${show(to)}`, direction });
}

/** A boolean where `true` is stricter (separationOfDuties) or looser (allowSeasonalRegression). */
function flagChange(out: PolicyChange[], ptr: string, from: boolean, to: boolean, trueIs: 'looser' | 'stricter'): void {
  if (from === to) return;
  const direction: ChangeDirection = to === (trueIs === 'looser') ? 'loosened' : 'tightened';
  out.push({ pointer: ptr, what: `${dotted(ptr)} turned ${to ? 'on' : 'off'}`, direction });
}

/** A list where additions are looser (allowedStatuses) or stricter (requiredAttributes). */
function setChange(
  out: PolicyChange[],
  ptr: string,
  from: string[],
  to: string[],
  additionIs: 'looser' | 'stricter',
): void {
  const added = to.filter((x) => !from.includes(x));
  const removed = from.filter((x) => !to.includes(x));
  const looser = additionIs === 'looser';
  if (added.length)
    out.push({
      pointer: ptr,
      what: `${dotted(ptr)}: added ${added.join(', ')}`,
      direction: looser ? 'loosened' : 'tightened',
    });
  if (removed.length)
    out.push({
      pointer: ptr,
      what: `${dotted(ptr)}: removed ${removed.join(', ')}`,
      direction: looser ? 'tightened' : 'loosened',
    });
}

function thresholdChanges(
  out: PolicyChange[],
  base: string,
  from: Record<string, Threshold>,
  to: Record<string, Threshold>,
): void {
  for (const metric of [...new Set([...Object.keys(from), ...Object.keys(to)])].sort()) {
    const f = from[metric] ?? {};
    const t = to[metric] ?? {};
    numberChange(out, `${base}${pointer(metric, 'min')}`, f.min, t.min, 'stricter');
    numberChange(out, `${base}${pointer(metric, 'max')}`, f.max, t.max, 'looser');
  }
}

/** Lists every effective difference between the judging (base) policy and the PR's (head) policy. */
export function diffPolicies(base: Policy, head: Policy): PolicyChange[] {
  const out: PolicyChange[] = [];
  for (const section of SECTIONS) section(out, base, head);
  return out;
}

type SectionDiff = (out: PolicyChange[], base: Policy, head: Policy) => void;

/** model: the files the gate reads; pointing it elsewhere can hide a release from it. */
const modelChanges: SectionDiff = (out, base, head) => {
  for (const k of ['manifest', 'biasReport', 'archiveDir'] as const)
    valueChange(out, pointer('model', k), base.model[k], head.model[k]);
};

/**
 * models: which models the gate governs and with which paths and thresholds. A model added is judged by gates its PR
 * chose, a model removed is no longer governed, a path moved points the write commands elsewhere: every change of an
 * entry, in either direction, is the board's to review.
 */
const modelsChanges: SectionDiff = (out, base, head) => {
  const baseModels = base.models ?? [];
  const headModels = head.models ?? [];
  const names = [...new Set([...baseModels, ...headModels].map((m) => m.name))];
  for (const name of names) {
    const at = headModels.findIndex((m) => m.name === name);
    const ptr = at >= 0 ? pointer('models', String(at)) : pointer('models');
    const from = baseModels.find((m) => m.name === name);
    const to = headModels[at];
    if (canonicalJson(from ?? null) === canonicalJson(to ?? null)) continue;
    const what = !from ? `model ${name} added` : !to ? `model ${name} removed` : `model ${name} changed`;
    out.push({ pointer: ptr, what: `models: ${what}`, direction: 'loosened' });
  }
};

/** approvals.roster: who may approve, with which roles and which Jira identity. */
const rosterChanges: SectionDiff = (out, base, head) => {
  const ba = base.approvals;
  const ha = head.approvals;
  const baseRoster = new Map(ba.roster.map((m) => [m.login, m.roles]));
  ha.roster.forEach((m, i) => {
    const before = baseRoster.get(m.login);
    if (!before) {
      out.push({
        pointer: pointer('approvals', 'roster', i),
        what: `roster addition: ${m.login} (${m.roles.join(', ')})`,
        direction: 'loosened',
      });
      return;
    }
    // The member's Jira identity decides whose Jira comments count as their sign-off: re-mapping it is a loosening.
    const beforeJira = ba.roster.find((x) => x.login === m.login)?.jira;
    if (beforeJira !== m.jira) {
      out.push({
        pointer: pointer('approvals', 'roster', i, 'jira'),
        what: `Jira identity of ${m.login}: ${show(beforeJira)} → ${show(m.jira)}`,
        direction: 'loosened',
      });
    }
    const gained = m.roles.filter((r) => !before.includes(r));
    const lost = before.filter((r) => !m.roles.includes(r));
    if (gained.length)
      out.push({
        pointer: pointer('approvals', 'roster', i, 'roles'),
        what: `new role for ${m.login}: ${gained.join(', ')}`,
        direction: 'loosened',
      });
    if (lost.length)
      out.push({
        pointer: pointer('approvals', 'roster', i, 'roles'),
        what: `role removed from ${m.login}: ${lost.join(', ')}`,
        direction: 'tightened',
      });
  });
  for (const m of ba.roster) {
    if (!ha.roster.some((x) => x.login === m.login)) {
      out.push({ pointer: pointer('approvals', 'roster'), what: `roster removal: ${m.login}`, direction: 'tightened' });
    }
  }
};

/** approvals.required: how many people of each role, summed over the entries naming it. */
const requiredRoleChanges: SectionDiff = (out, base, head) => {
  const counts = (req: Policy['approvals']['required']) => {
    const m = new Map<string, number>();
    for (const r of req) m.set(r.role, (m.get(r.role) ?? 0) + r.count);
    return m;
  };
  const bc = counts(base.approvals.required);
  const hc = counts(head.approvals.required);
  for (const role of [...new Set([...bc.keys(), ...hc.keys()])].sort()) {
    const f = bc.get(role) ?? 0;
    const t = hc.get(role) ?? 0;
    if (f === t) continue;
    const idx = head.approvals.required.findIndex((r) => r.role === role);
    const ptr = idx >= 0 ? pointer('approvals', 'required', idx, 'count') : pointer('approvals', 'required');
    const what =
      t === 0
        ? `required role removed: ${role} (was ${f})`
        : f === 0
          ? `required role added: ${role} × ${t}`
          : `required ${role} count ${f} → ${t}`;
    out.push({ pointer: ptr, what, direction: t < f ? 'loosened' : 'tightened' });
  }
};

/** The other approval rules: separation of duties, freshness, the source and GitHub-review corroboration. */
const approvalRuleChanges: SectionDiff = (out, base, head) => {
  const ba = base.approvals;
  const ha = head.approvals;
  flagChange(out, pointer('approvals', 'separationOfDuties'), ba.separationOfDuties, ha.separationOfDuties, 'stricter');
  numberChange(out, pointer('approvals', 'maxAgeDays'), ba.maxAgeDays, ha.maxAgeDays, 'looser');
  valueChange(out, pointer('approvals', 'source'), ba.source, ha.source);
  const corroborates = (p: Policy) => p.approvals.corroborate === 'github-review';
  flagChange(out, pointer('approvals', 'corroborate'), corroborates(base), corroborates(head), 'stricter');
};

/** bias: a larger minimum group or event count leaves more groups out of the spread. */
const biasChanges: SectionDiff = (out, base, head) => {
  const bb = base.bias;
  const hb = head.bias;
  numberChange(out, pointer('bias', 'minGroupSize'), bb.minGroupSize, hb.minGroupSize, 'looser');
  numberChange(out, pointer('bias', 'minEvents'), bb.minEvents, hb.minEvents, 'looser');
  numberChange(out, pointer('bias', 'maxExcludedShare'), bb.maxExcludedShare, hb.maxExcludedShare, 'looser');
  // Which outcome is favourable decides the rate disparate impact is judged on; set, changed or removed, either way
  // can let a disparity through, so every change of it is a loosening for the board.
  valueChange(out, pointer('bias', 'favorableLabel'), bb.favorableLabel, hb.favorableLabel);
  setChange(out, pointer('bias', 'requiredAttributes'), bb.requiredAttributes, hb.requiredAttributes, 'stricter');
  thresholdChanges(
    out,
    pointer('bias', 'thresholds'),
    bb.thresholds as Record<string, Threshold>,
    hb.thresholds as Record<string, Threshold>,
  );
  valueChange(out, pointer('bias', 'reviewerRole'), bb.reviewerRole, hb.reviewerRole);
};

/** performance thresholds and the promotion gates. */
const promotionChanges: SectionDiff = (out, base, head) => {
  thresholdChanges(out, pointer('performance', 'thresholds'), base.performance.thresholds, head.performance.thresholds);
  const bp = base.promotion;
  const hp = head.promotion;
  numberChange(out, pointer('promotion', 'minImprovementPct'), bp.minImprovementPct, hp.minImprovementPct, 'stricter');
  numberChange(out, pointer('promotion', 'minWindows'), bp.minWindows, hp.minWindows, 'stricter');
  numberChange(out, pointer('promotion', 'maxMetricsAgeDays'), bp.maxMetricsAgeDays, hp.maxMetricsAgeDays, 'looser');
  flagChange(
    out,
    pointer('promotion', 'allowSeasonalRegression'),
    bp.allowSeasonalRegression,
    hp.allowSeasonalRegression,
    'looser',
  );
  numberChange(out, pointer('promotion', 'minReasonLength'), bp.minReasonLength, hp.minReasonLength, 'stricter');
  valueChange(out, pointer('promotion', 'forceRole'), bp.forceRole, hp.forceRole);
};

/** jira: the project, the statuses that count as signed off, where the key is looked for, the sign-off asked. */
const jiraChanges: SectionDiff = (out, base, head) => {
  valueChange(out, pointer('jira', 'project'), base.jira.project, head.jira.project);
  setChange(out, pointer('jira', 'allowedStatuses'), base.jira.allowedStatuses, head.jira.allowedStatuses, 'looser');
  // Where the PR must name the key: a source added is one more place to satisfy "the key is named", a source removed
  // one less place where a wrong key is caught. Either way can let a release through, so any change is a loosening.
  valueChange(out, pointer('jira', 'keySources'), [...base.jira.keySources].sort(), [...head.jira.keySources].sort());
  const bs = base.jira.signOff ?? {};
  const hs = head.jira.signOff ?? {};
  for (const k of [...new Set([...Object.keys(bs), ...Object.keys(hs)])].sort() as Array<keyof typeof bs>) {
    const from = bs[k];
    const to = hs[k];
    // a sign-off requirement added is stricter; removed or changed, looser
    valueChange(out, pointer('jira', 'signOff', k), from, to, from === undefined ? 'tightened' : 'loosened');
  }
};

/** evidence: how long archives are kept. */
const evidenceChanges: SectionDiff = (out, base, head) => {
  numberChange(
    out,
    pointer('evidence', 'retentionYears'),
    base.evidence.retentionYears,
    head.evidence.retentionYears,
    'stricter',
  );
};

/** How far a policy lets the gate take a store's checksum for the bytes: stated false < unset (the default) < true. */
function checksumTrust(p: Policy): number {
  const t = p.s3?.trustStoredChecksums;
  return t === undefined ? 1 : t ? 2 : 0;
}

/**
 * s3.buckets: where an artifact may live. Unset allows any bucket (the loosest); a bucket added lets the gate read
 * one more store, a bucket removed one less.
 */
function bucketChanges(out: PolicyChange[], from: string[] | undefined, to: string[] | undefined): void {
  const ptr = pointer('s3', 'buckets');
  if (from === undefined && to === undefined) return;
  if (from === undefined || to === undefined) {
    const direction: ChangeDirection = to === undefined ? 'loosened' : 'tightened';
    out.push({ pointer: ptr, what: `s3.buckets ${show(from)} → ${show(to)}`, direction });
    return;
  }
  setChange(out, ptr, from, to, 'looser');
}

/**
 * s3: where the gate reads s3:// artifacts from and how far it trusts the store. Another endpoint, region or
 * addressing style is another store (possibly one the PR's author runs, answering any checksum): every change is the
 * board's to review. Trusting stored checksums more, or plain http, lets unverified bytes through.
 */
const s3Changes: SectionDiff = (out, base, head) => {
  const bs = base.s3 ?? {};
  const hs = head.s3 ?? {};
  valueChange(out, pointer('s3', 'endpoint'), bs.endpoint, hs.endpoint);
  valueChange(out, pointer('s3', 'region'), bs.region, hs.region);
  valueChange(out, pointer('s3', 'forcePathStyle'), bs.forcePathStyle ?? false, hs.forcePathStyle ?? false);
  flagChange(out, pointer('s3', 'allowHttp'), bs.allowHttp ?? false, hs.allowHttp ?? false, 'looser');
  bucketChanges(out, bs.buckets, hs.buckets);
  const from = checksumTrust(base);
  const to = checksumTrust(head);
  if (from !== to) {
    out.push({
      pointer: pointer('s3', 'trustStoredChecksums'),
      what: `s3.trustStoredChecksums ${show(bs.trustStoredChecksums)} → ${show(hs.trustStoredChecksums)}`,
      direction: to > from ? 'loosened' : 'tightened',
    });
  }
};

/** The policy's sections in the order their changes are listed. */
const SECTIONS: SectionDiff[] = [
  modelChanges,
  modelsChanges,
  rosterChanges,
  requiredRoleChanges,
  approvalRuleChanges,
  biasChanges,
  promotionChanges,
  jiraChanges,
  evidenceChanges,
  s3Changes,
];
