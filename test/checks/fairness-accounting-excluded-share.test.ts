/**
 * The rows an attribute leaves out of its assessment (`checkExcludedShare`): groups with too little data, rows with no
 * value, rows declared excluded. Shown here with their exact findings: the warning that lists every group left out
 * (each with its reason, separated so a reader can tell them apart) and its remedy; the error over the policy's
 * maximum share and its remedy; an attribute whose every group is empty (nothing assessed is everything excluded, an
 * error, never a 0/0 that passes); and an attribute that leaves nothing out. The full mutation run left the 0/0 case,
 * the list separator and both fix texts untested.
 */
import { describe, expect, it } from '@jest/globals';
import { checkExcludedShare } from '../../src/checks/bias-accounting.js';
import { recomputeAttribute } from '../../src/checks/bias-metrics.js';
import type { BiasAttribute, BiasReport, GroupRates } from '../../src/formats/bias-report.js';
import type { Finding } from '../../src/formats/finding.js';
import { jsonDocument } from '../support/release-context.js';
import { lineOf } from './fixtures/release.js';

const REPORT = 'reports/latest-bias-report.json';
const MAX_SHARE = 0.05; // the example policy's bias.maxExcludedShare

function group(name: string, n: number, extra: Partial<GroupRates> = {}): GroupRates {
  return { group: name, n, selectionRate: 0.03, truePositiveRate: 0.8, falsePositiveRate: 0.01, ...extra };
}

/** Judges one attribute (the report's only one, at index 0) with minGroupSize 30 and minEvents 10. */
function excludedShare(groups: GroupRates[], extra: Partial<BiasAttribute> = {}) {
  const attr: BiasAttribute = { name: 'region', groups, metrics: {}, ...extra };
  const doc = jsonDocument<BiasReport>(REPORT, { attributes: [attr] });
  const r = recomputeAttribute(attr, { minGroupSize: 30, minEvents: 10 });
  return { doc, findings: checkExcludedShare(doc, attr, 0, r, MAX_SHARE) };
}

function single(findings: Finding[]): Finding {
  expect(findings).toHaveLength(1);
  return findings[0]!;
}

describe('groups left out, within the maximum share: a warning that lists each', () => {
  it('names every group left out with its reason, separated by "; ", at the first of them', () => {
    // A group short of events only is left out of one spread, but all of its rows count as left out.
    const { doc, findings } = excludedShare([
      group('north', 99000),
      group('islands', 20),
      group('south', 980, { positives: 4 }),
    ]);
    const f = single(findings);
    expect(f.code).toBe('BIAS_INSUFFICIENT_DATA');
    expect(f.severity).toBe('warning');
    expect([f.file, f.pointer, f.line]).toEqual([
      REPORT,
      '/attributes/0/groups/1',
      lineOf(doc, '/attributes/0/groups/1'),
    ]);
    expect(f.message).toBe(
      'Attribute "region": insufficient data for "islands" (n=20 < minGroupSize 30); "south" (positives=4 < minEvents 10); ' +
        'left out of the spread. Excluded rows: 1000 of 100000 (1 %, policy maximum 5 %; groups left out 1000, missing 0, excluded 0).',
    );
    expect(f.fix).toBe('Collect more evaluation data for these groups so they can be assessed.');
  });

  it('a group of 0 rows left out is still listed, though it adds no rows to the share', () => {
    const f = single(excludedShare([group('north', 10000), group('south', 10000), group('empty', 0)]).findings);
    expect(f.code).toBe('BIAS_INSUFFICIENT_DATA');
    expect(f.message).toBe(
      'Attribute "region": insufficient data for "empty" (n=0 < minGroupSize 30); left out of the spread. ' +
        'Excluded rows: 0 of 20000 (0 %, policy maximum 5 %; groups left out 0, missing 0, excluded 0).',
    );
  });
});

describe('over the maximum share: an error', () => {
  it('says which rows, against the maximum, and to collect more data or merge the small groups', () => {
    const f = single(excludedShare([group('north', 900), group('islands', 20)], { missing: 80 }).findings);
    expect(f.code).toBe('BIAS_EXCLUDED_SHARE_TOO_HIGH');
    expect(f.severity).toBe('error');
    expect(f.pointer).toBe('/attributes/0/groups/1');
    expect(f.message).toBe(
      'Attribute "region": insufficient data for "islands" (n=20 < minGroupSize 30); left out of the spread. ' +
        'Excluded rows: 100 of 1000 (10 %, policy maximum 5 %; groups left out 20, missing 80, excluded 0).',
    );
    expect(f.fix).toBe(
      'Collect more evaluation data for the small groups or the rows without a value, or merge small groups into larger ones.',
    );
  });

  it('every group empty: nothing was assessed, which is everything excluded (100 %), never 0 of 0 passing', () => {
    const f = single(excludedShare([group('north', 0), group('south', 0)]).findings);
    expect(f.code).toBe('BIAS_EXCLUDED_SHARE_TOO_HIGH');
    expect(f.severity).toBe('error');
    expect(f.message).toBe(
      'Attribute "region": insufficient data for "north" (n=0 < minGroupSize 30); "south" (n=0 < minGroupSize 30); ' +
        'left out of the spread. Excluded rows: 0 of 0 (100 %, policy maximum 5 %; groups left out 0, missing 0, excluded 0).',
    );
  });
});

describe('nothing left out', () => {
  it('an attribute whose groups are all assessed, with no missing or excluded rows, has no finding', () => {
    expect(excludedShare([group('north', 10000), group('south', 10000)]).findings).toEqual([]);
  });

  it('an attribute with no groups and no rows at all has no excluded-share finding (rows reconcile judges it)', () => {
    // 0 rows excluded of 0: nothing was left out of any assessment; the missing groups are another rule's finding.
    expect(excludedShare([]).findings).toEqual([]);
  });
});
