/**
 * The bias report against the predictions it names (issue #14, "verified end to end"). When the manifest lists the
 * predictions file, the gate has recounted it (gate/gather-predictions.ts, the code `bias compute` uses) and every
 * reported group must be what the file says: the same n and counts, and rates that agree (`rateAgrees`). A report
 * whose predictions are not listed is a claim, and says so.
 */
import type { BiasAttribute, BiasReport, GroupRates } from '../formats/bias-report.js';
import { error, indeterminate, listedItems, notice, type Finding } from '../formats/finding.js';
import { pointer } from '../formats/json-pointer.js';
import { at, type ParsedDocument } from '../formats/parsed-document.js';
import type { PredictionsFacts } from '../release/release-context.js';
import { decimalsOf, roundForMessage } from './bias-metrics.js';
import { isObject } from '../formats/json-object.js';

type Recounted = Extract<PredictionsFacts, { kind: 'recounted' }>;

const RATES = ['selectionRate', 'truePositiveRate', 'falsePositiveRate'] as const;
const COUNTS = ['n', 'positives', 'negatives'] as const;

const RECOMPUTE_FIX =
  'Recompute the report from the listed predictions (mlgov bias compute), then mlgov checksums --write: do not edit its figures by hand.';

const show = (v: unknown): string => (typeof v === 'number' ? roundForMessage(v) : String(v));

const RELATIVE_TOLERANCE = 1e-9;
const FULL_PRECISION_DECIMALS = 12;
/** Rates are held to at least this many decimals, whatever they are written with. */
const MIN_RATE_DECIMALS = 4;

/**
 * A reported rate agrees with the recount within 1e-9 relative, or to the decimals it is written with but never
 * fewer than 4 (within 0.00005). Unlike a summary metric, a group rate is a count over a count: "0.12" for 97 of 800
 * (0.12125) is a rounding that hides a row, so a rate written to 2 decimals is still compared to 4.
 */
export function rateAgrees(reported: number, recomputed: number): boolean {
  if (!Number.isFinite(reported) || !Number.isFinite(recomputed)) return false;
  const scale = Math.max(Math.abs(reported), Math.abs(recomputed), Number.MIN_VALUE);
  if (Math.abs(reported - recomputed) <= RELATIVE_TOLERANCE * scale) return true;
  const d = Math.max(decimalsOf(reported), MIN_RATE_DECIMALS);
  if (d >= FULL_PRECISION_DECIMALS) return false;
  return Math.abs(reported - recomputed) <= 0.5 * 10 ** -d + 1e-12;
}

/** The members of a reported group that differ from the recount, as "member reported vs recomputed". */
function groupDifferences(reported: Record<string, unknown>, recounted: GroupRates): string[] {
  const out: string[] = [];
  for (const member of COUNTS) {
    if (member !== 'n' && !(member in reported)) continue; // optional counts are compared when reported
    if (reported[member] !== recounted[member]) {
      out.push(`${member} ${show(reported[member])} vs ${show(recounted[member])}`);
    }
  }
  for (const member of RATES) {
    if (member !== 'selectionRate' && !(member in reported)) continue;
    const r = reported[member];
    const c = recounted[member] ?? null;
    const agree = r === null || c === null ? r === c : typeof r === 'number' && rateAgrees(r, c);
    if (!agree) out.push(`${member} ${show(r)} vs ${show(c)}`);
  }
  return out;
}

/** The first differing member's pointer, so the finding's line is the value to look at. */
function memberOf(difference: string): string {
  return difference.slice(0, difference.indexOf(' '));
}

function checkAttribute(
  doc: ParsedDocument<BiasReport>,
  attr: BiasAttribute,
  ai: number,
  recount: Recounted['attributes'][number],
  file: string,
): Finding[] {
  const out: Finding[] = [];
  const groups = Array.isArray(attr.groups) ? attr.groups : [];
  const byName = new Map(recount.groups.map((g) => [g.group, g]));
  groups.forEach((g, gi) => {
    if (!isObject(g)) return; // the schema check reports it
    const name = String(g.group);
    const recounted = byName.get(name);
    byName.delete(name);
    if (!recounted) {
      out.push(
        error(
          'BIAS_PREDICTIONS_MISMATCH',
          `Attribute "${attr.name}": the report lists group "${name}", but column "${attr.name}" of ${file} has no row with that value.`,
          { ...at(doc, pointer('attributes', ai, 'groups', gi, 'group')), fix: RECOMPUTE_FIX },
        ),
      );
      return;
    }
    const differences = groupDifferences(g, recounted);
    if (differences.length === 0) return;
    out.push(
      error(
        'BIAS_PREDICTIONS_MISMATCH',
        `Attribute "${attr.name}", group "${name}": the report does not match ${file} (reported vs recomputed): ${listedItems(differences, 6, '; ')}.`,
        { ...at(doc, pointer('attributes', ai, 'groups', gi, memberOf(differences[0]!))), fix: RECOMPUTE_FIX },
      ),
    );
  });
  out.push(...checkUnreported(doc, attr, ai, [...byName.values()], recount.missing, file));
  return out;
}

/** Rows of the file the report does not list: its `missing` must be the recount's, and unlisted groups its `excluded`. */
function checkUnreported(
  doc: ParsedDocument<BiasReport>,
  attr: BiasAttribute,
  ai: number,
  unreported: GroupRates[],
  missing: number,
  file: string,
): Finding[] {
  const out: Finding[] = [];
  const reportedMissing = attr.missing ?? 0;
  if (reportedMissing !== missing) {
    out.push(
      error(
        'BIAS_PREDICTIONS_MISMATCH',
        `Attribute "${attr.name}": the report counts ${show(reportedMissing)} row(s) with no value, but ${file} has ${missing}.`,
        {
          ...at(doc, pointer('attributes', ai, attr.missing !== undefined ? 'missing' : 'groups')),
          fix: RECOMPUTE_FIX,
        },
      ),
    );
  }
  const unreportedRows = unreported.reduce((sum, g) => sum + g.n, 0);
  if (unreported.length > 0 && unreportedRows !== (attr.excluded ?? 0)) {
    out.push(
      error(
        'BIAS_PREDICTIONS_MISMATCH',
        `Attribute "${attr.name}": ${file} has group(s) the report leaves out without counting them as excluded: ${listedItems(unreported.map((g) => `"${g.group}" (n ${g.n})`))}.`,
        { ...at(doc, pointer('attributes', ai, 'groups')), fix: RECOMPUTE_FIX },
      ),
    );
  }
  return out;
}

/** The report's dataset (digest, rows) against the file counted. */
function checkDataset(doc: ParsedDocument<BiasReport>, report: BiasReport, facts: Recounted): Finding[] {
  const out: Finding[] = [];
  const dataset: Record<string, unknown> = isObject(report.dataset) ? report.dataset : {};
  if (dataset.sha256 !== facts.sha256) {
    out.push(
      error(
        'BIAS_PREDICTIONS_MISMATCH',
        `The bias report was computed from predictions with SHA-256 ${String(dataset.sha256 ?? 'unknown')}, but ${facts.file} (listed in the manifest) is ${facts.sha256}: the report does not describe the listed predictions.`,
        { ...at(doc, dataset.sha256 !== undefined ? '/dataset/sha256' : '/dataset'), fix: RECOMPUTE_FIX },
      ),
    );
  }
  if (dataset.rows !== facts.rows) {
    out.push(
      error(
        'BIAS_PREDICTIONS_MISMATCH',
        `The bias report counts ${show(dataset.rows)} row(s), but ${facts.file} has ${facts.rows}.`,
        { ...at(doc, dataset.rows !== undefined ? '/dataset/rows' : '/dataset'), fix: RECOMPUTE_FIX },
      ),
    );
  }
  return out;
}

function notListed(
  doc: ParsedDocument<BiasReport>,
  facts: Extract<PredictionsFacts, { kind: 'unlisted' }>,
  productionVerified: boolean,
): Finding {
  const named = [facts.path, facts.sha256 && `SHA-256 ${facts.sha256}`].filter(Boolean).join(', ');
  // Production's figures were recounted from its listed predictions: a release that stops listing them (or strips the
  // report's link to them) would trade a verified fairness report for a typed one. Derived from the base, an error.
  const severity = productionVerified ? error : notice;
  const since = productionVerified ? ' Production listed the predictions of its report, so this release must too.' : '';
  return severity(
    'BIAS_PREDICTIONS_NOT_LISTED',
    (named
      ? `The bias report was computed from predictions (${named}) the manifest does not list among its artifacts: its group figures are the author's claim, not recomputed by the gate.`
      : "The bias report names no predictions file (dataset.sha256): its group figures are the author's claim, not recomputed by the gate.") +
      since,
    {
      ...at(doc, named ? '/dataset' : ''),
      fix: "Compute the report with mlgov bias compute from a predictions file inside the repository: it lists the file among the manifest's artifacts, so the gate recounts the groups from it.",
    },
  );
}

/** The report's groups against the recount of the predictions it names; see the file comment. */
export function checkPredictions(
  doc: ParsedDocument<BiasReport>,
  report: BiasReport,
  facts: PredictionsFacts | undefined,
  base?: { manifest?: unknown; biasReport?: unknown },
): Finding[] {
  if (!facts) return [];
  if (facts.kind === 'unlisted') return [notListed(doc, facts, productionListsPredictions(base))];
  if (facts.kind === 'unreadable') {
    return [
      indeterminate(
        'BIAS_PREDICTIONS_UNREADABLE',
        `The manifest lists ${facts.file}, the predictions the bias report names, but the gate could not count it (${facts.problem}), so the report's groups were not verified.`,
        { file: facts.file, fix: facts.fix },
      ),
    ];
  }
  const attributes = Array.isArray(report.attributes) ? report.attributes : [];
  return [
    ...checkDataset(doc, report, facts),
    ...attributes.flatMap((attr, ai) =>
      isObject(attr) && facts.attributes[ai] ? checkAttribute(doc, attr, ai, facts.attributes[ai]!, facts.file) : [],
    ),
  ];
}

/**
 * Whether production's manifest lists the predictions its bias report names (by the report's `dataset.sha256`
 * among the artifacts' digests, or its `dataset.path` among their paths): then its figures were verifiable.
 */
export function productionListsPredictions(base: { manifest?: unknown; biasReport?: unknown } | undefined): boolean {
  const record = (v: unknown): Record<string, unknown> | undefined =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  const dataset = record(record(base?.biasReport)?.['dataset']);
  const artifacts = record(base?.manifest)?.['artifacts'];
  if (!dataset || !Array.isArray(artifacts)) return false;
  return artifacts.some((a) => {
    const artifact = record(a);
    if (!artifact) return false;
    const digest = typeof artifact['sha256'] === 'string' ? artifact['sha256'].toLowerCase() : undefined;
    return (
      (typeof dataset['sha256'] === 'string' && digest === dataset['sha256'].toLowerCase()) ||
      (typeof dataset['path'] === 'string' && artifact['path'] === dataset['path'])
    );
  });
}
