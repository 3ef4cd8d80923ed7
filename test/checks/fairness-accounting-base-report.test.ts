/**
 * The two accounting rules derived from production's bias report on the base revision (bias-accounting.ts): a group
 * production assessed that this report no longer lists (`checkDroppedGroups`), and a positive label other than
 * production's (`checkPositiveLabel`). The base report is read as it was committed and never schema-checked here, so
 * every malformed shape (attributes that are not a list, an entry that is null, an attribute without groups, a group
 * without a name) must be passed over, never crash the check and never invent a finding. The first attribute of the
 * report is judged like any other, an attribute the head no longer has is another rule's finding, and the remedies
 * are read word for word. The full mutation run showed the first attribute, every malformed shape and both fix texts
 * untested.
 */
import { describe, expect, it } from '@jest/globals';
import { checkDroppedGroups, checkPositiveLabel } from '../../src/checks/bias-accounting.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Finding } from '../../src/formats/finding.js';
import { jsonDocument } from '../support/release-context.js';
import { exampleReport, lineOf } from './fixtures/release.js';

const REPORT = 'reports/latest-bias-report.json';

/** The head report (the example's, after `edit`) and the findings the base report `base` leads to. */
function droppedAgainst(base: unknown, edit: (r: BiasReport) => void = () => {}) {
  const report = exampleReport();
  edit(report);
  const doc = jsonDocument<BiasReport>(REPORT, report);
  return { doc, findings: checkDroppedGroups(doc, report, base) };
}

/** A base report with the given attributes (anything: it is read as committed). */
const baseWith = (attributes: unknown) => ({ ...exampleReport(), attributes });

function single(findings: Finding[]): Finding {
  expect(findings).toHaveLength(1);
  return findings[0]!;
}

describe('a group production assessed and this report no longer lists', () => {
  it('in the first attribute: a warning at its groups, naming the group and its n, with the remedy', () => {
    const { doc, findings } = droppedAgainst(exampleReport(), (r) => {
      const [female, male] = r.attributes[0]!.groups;
      r.attributes[0]!.groups = [{ ...female!, group: 'woman' }, male!];
    });
    const f = single(findings);
    expect(f.code).toBe('BIAS_GROUP_DROPPED');
    expect(f.severity).toBe('warning');
    expect([f.file, f.pointer, f.line]).toEqual([REPORT, '/attributes/0/groups', lineOf(doc, '/attributes/0/groups')]);
    expect(f.message).toBe(
      `Attribute "sex": the production release's bias report assessed the group "female" (n ${exampleReport().attributes[0]!.groups[0]!.n}), but this report does not list it; its rows are now missing, excluded or counted in other groups.`,
    );
    expect(f.fix).toBe('Assess "female" again, or have the fairness reviewer confirm the new grouping of "sex".');
  });

  it('an attribute production had and this report does not is passed over here (BIAS_ATTRIBUTE_MISSING says it)', () => {
    const { findings } = droppedAgainst(exampleReport(), (r) => r.attributes.splice(0, 1));
    expect(findings).toEqual([]);
  });
});

describe('a malformed base report is passed over, never a crash', () => {
  it('attributes that are not a list: nothing to compare, even with a head attribute named "undefined"', () => {
    // "undefined" is what String() makes of a missing name: no missing name may match it.
    const { findings } = droppedAgainst(baseWith('sex, age_band'), (r) => (r.attributes[0]!.name = 'undefined'));
    expect(findings).toEqual([]);
  });

  it('an attribute entry that is null is skipped; the valid ones are still compared', () => {
    const { findings } = droppedAgainst(baseWith([null, { name: 'age_band', groups: [{ group: '75+', n: 5 }] }]));
    expect(single(findings).message).toContain('assessed the group "75+" (n 5)');
  });

  it('an attribute without a text name is skipped, even next to a head attribute named "undefined"', () => {
    const { findings } = droppedAgainst(
      baseWith([{ groups: [{ group: 'gone', n: 9 }] }, { name: 7, groups: [{ group: 'gone', n: 9 }] }]),
      (r) => (r.attributes[0]!.name = 'undefined'),
    );
    expect(findings).toEqual([]);
  });

  it('an attribute without a groups list is skipped', () => {
    const { findings } = droppedAgainst(baseWith([{ name: 'sex' }, { name: 'age_band', groups: 'all of them' }]));
    expect(findings).toEqual([]);
  });

  it('group entries that are null or have no text name are skipped; a named one still counts', () => {
    const { findings } = droppedAgainst(
      baseWith([{ name: 'age_band', groups: [null, { n: 100 }, { group: 42, n: 7 }, { group: '75+', n: 5 }] }]),
    );
    expect(findings.map((f) => f.message)).toEqual([
      'Attribute "age_band": the production release\'s bias report assessed the group "75+" (n 5), but this report does not list it; its rows are now missing, excluded or counted in other groups.',
    ]);
  });

  it('a head report without an attributes list drops nothing (the schema check reports it)', () => {
    const { findings } = droppedAgainst(baseWith([{ name: 'undefined', groups: [{ group: 'a', n: 1 }] }]), (r) => {
      (r as { attributes?: unknown }).attributes = undefined;
    });
    expect(findings).toEqual([]);
  });

  it('a head attribute without a groups list has dropped every group production assessed, whatever its name', () => {
    const { findings } = droppedAgainst(
      baseWith([
        {
          name: 'sex',
          groups: [
            { group: 'undefined', n: 3 },
            { group: 'female', n: 4 },
          ],
        },
      ]),
      (r) => delete (r.attributes[0] as { groups?: unknown }).groups,
    );
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('assessed the group "undefined" (n 3)'),
      expect.stringContaining('assessed the group "female" (n 4)'),
    ]);
  });
});

describe("a positive label other than production's", () => {
  it('fails at positiveLabel, with the label to report and how to change it properly', () => {
    const report = exampleReport();
    report.positiveLabel = 'legitimate';
    const doc = jsonDocument<BiasReport>(REPORT, report);
    const f = single(checkPositiveLabel(doc, report, exampleReport()));
    expect(f.code).toBe('BIAS_POSITIVE_LABEL_CHANGED');
    expect(f.severity).toBe('error');
    expect([f.pointer, f.line]).toEqual(['/positiveLabel', lineOf(doc, '/positiveLabel')]);
    expect(f.message).toBe(
      'The report\'s positive label is "legitimate", but production\'s report names "fraud": disparate impact would be judged on another outcome\'s rate.',
    );
    expect(f.fix).toBe(
      'Report with "positiveLabel": "fraud" (mlgov bias compute --positive-label fraud); a change of labels is a board-reviewed policy change (bias.favorableLabel).',
    );
  });
});
