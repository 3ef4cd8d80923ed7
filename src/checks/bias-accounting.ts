/**
 * The rules that make a bias report's numbers reconcile, before any metric is judged: the report judged is the one
 * the policy names, which outcome is favourable is the policy's decision, every attribute's rows add up to the
 * dataset (groups' `n` + `missing` + `excluded` = `dataset.rows`), group names are unique within an attribute, and
 * the rows left out of an assessment stay under the policy's share. Everything in the report is the PR author's
 * claim; these rules make one claim hold another to account, so moving rows between places cannot hide a group.
 * Pure: findings from the parsed documents and the judging policy.
 */
import type { BiasAttribute, BiasReport } from '../formats/bias-report.js';
import { error, warning, type Finding } from '../formats/finding.js';
import { pointer } from '../formats/json-pointer.js';
import type { Manifest } from '../formats/manifest.js';
import { at, type ParsedDocument } from '../formats/parsed-document.js';
import type { Policy } from '../policy/policy.js';
import { nameKey, repeatedNames, roundForMessage, type AttributeRecomputation } from './bias-metrics.js';

/** The report's `dataset.rows` when it is a usable count; undefined otherwise (the schema check reports bad types). */
export function datasetRowsOf(report: BiasReport): number | undefined {
  const rows = report.dataset?.rows;
  return typeof rows === 'number' && Number.isSafeInteger(rows) && rows >= 0 ? rows : undefined;
}

/**
 * The report judged is the one the policy names (`model.biasReport`): gather reads that path, so a manifest that
 * names another file would bind its checksum (and its reviewers' attention) to a report the gate never judged.
 */
export function checkReportPath(manifestDoc: ParsedDocument<Manifest>, manifest: Manifest, policy: Policy): Finding[] {
  const declared = manifest.biasReport?.path;
  const named = policy.model.biasReport;
  if (declared === named) return [];
  return [
    error(
      'BIAS_REPORT_PATH_MISMATCH',
      `The manifest names the bias report ${JSON.stringify(declared)}, but the policy judges ${JSON.stringify(named)} (model.biasReport): the report judged is the one the policy names.`,
      {
        ...at(manifestDoc, '/biasReport/path'),
        fix: `Set biasReport.path to "${named}" and keep the release's bias report there (then run mlgov checksums --write), or change model.biasReport through a board-reviewed policy change.`,
      },
    ),
  ];
}

/**
 * Which outcome is favourable decides the rate disparate impact is judged on (1 − selection rate, or the selection
 * rate), so it is the judging policy's decision (`bias.favorableLabel`). A report that states another one, states
 * one the policy does not set, or leaves out the policy's, was computed for another question: an error.
 */
export function checkFavorableLabel(doc: ParsedDocument<BiasReport>, report: BiasReport, policy: Policy): Finding[] {
  const stated = typeof report.favorableLabel === 'string' ? report.favorableLabel : undefined;
  const decided = typeof policy.bias.favorableLabel === 'string' ? policy.bias.favorableLabel : undefined;
  if (decided !== undefined && report.positiveLabel === decided) {
    // The policy's label means "favourable, and not what the model selects": 1 − selection rate would then measure
    // the unfavourable outcome. Never guessed either way.
    return [
      error(
        'BIAS_FAVORABLE_LABEL_IS_POSITIVE',
        `The bias report's positive label ${JSON.stringify(decided)} is the outcome the policy calls favourable (bias.favorableLabel), so disparate impact on 1 − selection rate would measure the unfavourable outcome.`,
        {
          ...at(doc, '/positiveLabel'),
          fix: 'If the model selects the favourable outcome, the policy must not set bias.favorableLabel (a board-reviewed change); otherwise regenerate the report with the right positiveLabel.',
        },
      ),
    ];
  }
  if (stated === decided) return [];
  const message =
    decided === undefined
      ? `The bias report declares the favourable outcome ${JSON.stringify(stated)}, but the judging policy sets none (bias.favorableLabel), so disparate impact is judged on the selection rate: which outcome is favourable is the policy's decision, not the report's.`
      : stated === undefined
        ? `The judging policy decides the favourable outcome is ${JSON.stringify(decided)} (bias.favorableLabel), but the bias report does not state it: it may have been computed for another outcome.`
        : `The bias report declares the favourable outcome ${JSON.stringify(stated)}, but the judging policy decides it is ${JSON.stringify(decided)} (bias.favorableLabel).`;
  return [
    error('BIAS_FAVORABLE_LABEL_MISMATCH', message, {
      ...at(doc, '/favorableLabel'),
      fix:
        decided === undefined
          ? 'Remove favorableLabel from the report and regenerate it for the selection rate, or propose bias.favorableLabel in a board-reviewed policy change.'
          : `Regenerate the report with favorableLabel "${decided}" (the policy's), so its disparate impact is on the favourable rate.`,
    }),
  ];
}

/** Without `dataset.rows` nothing says how many rows the groups must account for: never assumed. */
export function checkDatasetRows(doc: ParsedDocument<BiasReport>, report: BiasReport): Finding[] {
  if (datasetRowsOf(report) !== undefined) return [];
  return [
    error(
      'BIAS_DATASET_ROWS_MISSING',
      'The bias report does not state dataset.rows, so its groups cannot be reconciled with the data they were computed on.',
      {
        ...at(doc, '/dataset/rows'),
        fix: "Write the number of evaluation rows into dataset.rows (mlgov bias compute does); every attribute's groups n + missing + excluded must add up to it.",
      },
    ),
  ];
}

/**
 * Group names are unique within an attribute, compared after NFC, without invisible format characters and trimmed:
 * a second "65+" is not a second group, it is a second claim about the same people.
 */
export function checkGroupNames(doc: ParsedDocument<BiasReport>, attr: BiasAttribute, ai: number): Finding[] {
  return repeatedNames(attr.groups.map((g) => g.group)).map(({ index, first }) =>
    error(
      'BIAS_GROUP_DUPLICATE',
      `Attribute "${attr.name}": group ${index} ${JSON.stringify(attr.groups[index]!.group)} is the same group as group ${first} ${JSON.stringify(attr.groups[first]!.group)} (names are compared after Unicode NFC, without invisible characters, trimmed).`,
      {
        ...at(doc, pointer('attributes', ai, 'groups', index, 'group')),
        fix: 'List each group once, with all of its rows; regenerate the report rather than editing it.',
      },
    ),
  );
}

/** Every attribute accounts for every row of the dataset: groups' n + missing + excluded = dataset.rows. */
export function checkRowsReconcile(
  doc: ParsedDocument<BiasReport>,
  attr: BiasAttribute,
  ai: number,
  r: AttributeRecomputation,
  rows: number | undefined,
): Finding[] {
  if (rows === undefined || r.totalRows === rows) return [];
  const gap = rows - r.totalRows;
  return [
    error(
      'BIAS_ROWS_DO_NOT_RECONCILE',
      `Attribute "${attr.name}": its groups (${r.groupRows} rows) + missing (${r.missingRows}) + excluded (${r.declaredExcludedRows}) = ${r.totalRows}, but dataset.rows is ${rows}: ${Math.abs(gap)} row(s) ${gap > 0 ? 'unaccounted for' : 'counted more than once'}.`,
      {
        ...at(doc, pointer('attributes', ai, 'groups')),
        fix: 'Regenerate the report so every row of the dataset is in exactly one group, or counted as missing (no value) or excluded (declared on the attribute).',
      },
    ),
  ];
}

/**
 * Rows left out of an attribute's assessment: groups with insufficient data (listed, left out of the spread), rows
 * with no value (`missing`) and rows declared `excluded`. All of them count toward `bias.maxExcludedShare`, whether
 * or not any group was too small, so rows moved out of a group into `missing` or `excluded` are still seen.
 */
export function checkExcludedShare(
  doc: ParsedDocument<BiasReport>,
  attr: BiasAttribute,
  ai: number,
  r: AttributeRecomputation,
  maxExcludedShare: number,
): Finding[] {
  if (r.exclusions.length === 0 && r.excludedRows === 0) return [];
  // Nothing assessed at all (every group empty) is everything excluded.
  const share = r.totalRows > 0 ? r.excludedRows / r.totalRows : 1;
  const tooMany = share > maxExcludedShare;
  if (!tooMany && r.exclusions.length === 0) return [];
  const listed = r.exclusions.map((e) => `"${e.group}" (${e.reason})`).join('; ');
  const where = at(
    doc,
    r.exclusions.length > 0
      ? pointer('attributes', ai, 'groups', r.exclusions[0]!.index)
      : pointer('attributes', ai, r.missingRows > 0 ? 'missing' : 'excluded'),
  );
  const msg =
    `Attribute "${attr.name}": ` +
    (listed ? `insufficient data for ${listed}; left out of the spread. ` : '') +
    `Excluded rows: ${r.excludedRows} of ${r.totalRows} (${roundForMessage(share * 100)} %, policy maximum ${roundForMessage(maxExcludedShare * 100)} %; ` +
    `groups left out ${r.excludedRows - r.missingRows - r.declaredExcludedRows}, missing ${r.missingRows}, excluded ${r.declaredExcludedRows}).`;
  return [
    tooMany
      ? error('BIAS_EXCLUDED_SHARE_TOO_HIGH', msg, {
          ...where,
          fix: 'Collect more evaluation data for the small groups or the rows without a value, or merge small groups into larger ones.',
        })
      : warning('BIAS_INSUFFICIENT_DATA', msg, {
          ...where,
          fix: 'Collect more evaluation data for these groups so they can be assessed.',
        }),
  ];
}

/** The attributes of a report read from the base revision, defensively: it was never schema-checked here. */
function attributesOf(report: unknown): Array<{ name: string; groups: Array<{ group: string; n: unknown }> }> {
  const attrs = (report as { attributes?: unknown } | undefined)?.attributes;
  if (!Array.isArray(attrs)) return [];
  return attrs
    .filter((a): a is { name: string; groups: unknown[] } => typeof a?.name === 'string' && Array.isArray(a?.groups))
    .map((a) => ({
      name: a.name,
      groups: a.groups.filter(
        (g): g is { group: string; n: unknown } => typeof (g as { group?: unknown })?.group === 'string',
      ),
    }));
}

/**
 * Derived from the base revision: a group that production's bias report assessed and this one no longer lists. Its
 * rows may have moved to `missing`, `excluded` or another group, all of which reconcile; the reviewer and the board
 * must see that the group is gone (a regrouping can be legitimate, so this warns rather than fails).
 */
export function checkDroppedGroups(
  doc: ParsedDocument<BiasReport>,
  report: BiasReport,
  baseReport: unknown,
): Finding[] {
  const out: Finding[] = [];
  const head = Array.isArray(report.attributes) ? report.attributes : [];
  for (const before of attributesOf(baseReport)) {
    const ai = head.findIndex((a) => nameKey(a.name) === nameKey(before.name));
    if (ai < 0) continue; // a required attribute that is gone is BIAS_ATTRIBUTE_MISSING
    const now = new Set((head[ai]!.groups ?? []).map((g) => nameKey(g.group)));
    for (const g of before.groups) {
      if (now.has(nameKey(g.group))) continue;
      out.push(
        warning(
          'BIAS_GROUP_DROPPED',
          `Attribute "${before.name}": the production release's bias report assessed the group ${JSON.stringify(g.group)} (n ${String(g.n)}), but this report does not list it; its rows are now missing, excluded or counted in other groups.`,
          {
            ...at(doc, pointer('attributes', ai, 'groups')),
            fix: `Assess ${JSON.stringify(g.group)} again, or have the fairness reviewer confirm the new grouping of "${before.name}".`,
          },
        ),
      );
    }
  }
  return out;
}

/**
 * Which outcome is positive was settled with production's report: a report that names another positive label (the
 * same predictions reported as `"legitimate"` with every rate flipped to 1 − rate) moves disparate impact to the other
 * rate and can turn a failing ratio into a passing one. It is derived from the base, never the PR's to choose; a real
 * change of labels goes through the policy (`bias.favorableLabel`) and the board.
 */
export function checkPositiveLabel(
  doc: ParsedDocument<BiasReport>,
  report: BiasReport,
  baseReport: unknown,
): Finding[] {
  const before = (baseReport as { positiveLabel?: unknown } | undefined)?.positiveLabel;
  if (typeof before !== 'string' || report.positiveLabel === before) return [];
  const where = report.positiveLabel === undefined ? at(doc, '') : at(doc, '/positiveLabel');
  return [
    error(
      'BIAS_POSITIVE_LABEL_CHANGED',
      `The report's positive label is ${JSON.stringify(report.positiveLabel ?? null)}, but production's report names ${JSON.stringify(before)}: disparate impact would be judged on another outcome's rate.`,
      {
        ...where,
        fix: `Report with "positiveLabel": ${JSON.stringify(before)} (mlgov bias compute --positive-label ${before}); a change of labels is a board-reviewed policy change (bias.favorableLabel).`,
      },
    ),
  ];
}
