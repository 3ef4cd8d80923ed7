/**
 * The bias report against the recount of the predictions file the manifest lists (checkPredictions), group by
 * group, with a literal recount: a group the file does not have, a group of the file the report leaves out without
 * counting it as excluded, rows with no value, the counts (n always; positives and negatives when the report states
 * them) and the rates (selectionRate always; the others when stated; null only agrees with null), the dataset's
 * digest and rows. Each finding names the reported and the recomputed value and points at the first one to fix. A
 * report whose predictions are not listed is a claim and says so. An attacker who edits the report's figures by hand
 * must meet one of these; the full mutation run left them to slow CLI suites that do not count coverage.
 */
import { describe, expect, it } from '@jest/globals';
import { checkPredictions } from '../../src/checks/bias-predictions.js';
import type { BiasReport, GroupRates } from '../../src/formats/bias-report.js';
import type { Finding } from '../../src/formats/finding.js';
import type { PredictionsFacts } from '../../src/release/release-context.js';
import { jsonDocument } from '../support/release-context.js';
import { exampleReport, lineOf } from './fixtures/release.js';

type Recounted = Extract<PredictionsFacts, { kind: 'recounted' }>;

const REPORT_FILE = 'reports/latest-bias-report.json';
const FILE = 'eval/predictions.csv';
const SHA = 'cd'.repeat(32);
const RECOMPUTE_FIX =
  'Recompute the report from the listed predictions (mlgov bias compute), then mlgov checksums --write: do not edit its figures by hand.';

/**
 * The example report, naming the predictions by digest, against a recount that finds exactly its groups; `report`
 * and `recount` each change one side.
 */
function compare(report?: (r: BiasReport) => void, recount?: (facts: Recounted) => void) {
  const r = exampleReport();
  r.dataset = { ...r.dataset!, sha256: SHA };
  const facts: Recounted = {
    kind: 'recounted',
    file: FILE,
    sha256: SHA,
    rows: 120000,
    attributes: r.attributes.map((a) => ({ name: a.name, missing: 0, groups: a.groups.map((g) => ({ ...g })) })),
  };
  report?.(r);
  recount?.(facts);
  const doc = jsonDocument<BiasReport>(REPORT_FILE, r);
  const findings = checkPredictions(doc, doc.value!, facts);
  /** The finding a PR author reads for `message`, at `ptr` (with its line). */
  const mismatch = (message: string, ptr: string): Finding => ({
    severity: 'error',
    code: 'BIAS_PREDICTIONS_MISMATCH',
    message,
    file: REPORT_FILE,
    pointer: ptr,
    line: lineOf(doc, ptr)!,
    column: expect.any(Number) as unknown as number,
    fix: RECOMPUTE_FIX,
  });
  return { findings, mismatch };
}

const female = (r: BiasReport): GroupRates => r.attributes[0]!.groups[0]!;
const recountedFemale = (f: Recounted): GroupRates => f.attributes[0]!.groups[0]!;
const messages = (findings: Finding[]) => findings.map((f) => f.message);

describe('a report that is what the file says', () => {
  it('has nothing to answer', () => {
    expect(compare().findings).toEqual([]);
  });
});

describe('groups', () => {
  it('one the file does not have: named at its name, and the file group it replaced is left out', () => {
    const { findings, mismatch } = compare((r) => void (female(r).group = 'women'));
    expect(findings).toEqual([
      mismatch(
        `Attribute "sex": the report lists group "women", but column "sex" of ${FILE} has no row with that value.`,
        '/attributes/0/groups/0/group',
      ),
      mismatch(
        `Attribute "sex": ${FILE} has group(s) the report leaves out without counting them as excluded: "female" (n 58000).`,
        '/attributes/0/groups',
      ),
    ]);
  });

  it('groups of the file the report leaves out are listed with their rows', () => {
    const { findings } = compare(undefined, (f) => {
      f.attributes[0]!.groups.push({ group: 'non_binary', n: 40, selectionRate: 0.025 });
      f.attributes[0]!.groups.push({ group: 'undisclosed', n: 2, selectionRate: 0 });
    });
    expect(messages(findings)).toEqual([
      `Attribute "sex": ${FILE} has group(s) the report leaves out without counting them as excluded: "non_binary" (n 40), "undisclosed" (n 2).`,
    ]);
  });

  it('left out but counted as excluded (every row of them): nothing to answer', () => {
    const { findings } = compare(
      (r) => void (r.attributes[0]!.excluded = 42),
      (f) => {
        f.attributes[0]!.groups.push({ group: 'non_binary', n: 40, selectionRate: 0.025 });
        f.attributes[0]!.groups.push({ group: 'undisclosed', n: 2, selectionRate: 0 });
      },
    );
    expect(findings).toEqual([]);
  });

  it("excluded rows the report declares while the file has no group it leaves out are not this rule's to judge", () => {
    expect(compare((r) => void (r.attributes[0]!.excluded = 42)).findings).toEqual([]);
  });

  it.each([
    ['null', null],
    ['a string', 'female'],
    ['a list', ['female']],
  ])("an entry that is %s is the schema check's: skipped, so the file's group counts as left out", (_what, entry) => {
    const { findings } = compare((r) => void ((r.attributes[0]!.groups as unknown[])[0] = entry));
    expect(messages(findings)).toEqual([
      `Attribute "sex": ${FILE} has group(s) the report leaves out without counting them as excluded: "female" (n 58000).`,
    ]);
  });
});

describe('rows with no value for the attribute', () => {
  it('stated as the file has them: nothing to answer', () => {
    const { findings } = compare(
      (r) => void (r.attributes[0]!.missing = 5),
      (f) => void (f.attributes[0]!.missing = 5),
    );
    expect(findings).toEqual([]);
  });

  it('stated, but not what the file has: at the stated count', () => {
    const { findings, mismatch } = compare(
      (r) => void (r.attributes[0]!.missing = 3),
      (f) => void (f.attributes[0]!.missing = 5),
    );
    expect(findings).toEqual([
      mismatch(
        `Attribute "sex": the report counts 3 row(s) with no value, but ${FILE} has 5.`,
        '/attributes/0/missing',
      ),
    ]);
  });

  it('not stated while the file has some: counted as none, at the groups', () => {
    const { findings, mismatch } = compare(undefined, (f) => void (f.attributes[0]!.missing = 5));
    expect(findings).toEqual([
      mismatch(`Attribute "sex": the report counts 0 row(s) with no value, but ${FILE} has 5.`, '/attributes/0/groups'),
    ]);
  });
});

describe('the counts of a group', () => {
  it('n that differs: reported vs recomputed, at n', () => {
    const { findings, mismatch } = compare((r) => void (female(r).n = 58001));
    expect(findings).toEqual([
      mismatch(
        `Attribute "sex", group "female": the report does not match ${FILE} (reported vs recomputed): n 58001 vs 58000.`,
        '/attributes/0/groups/0/n',
      ),
    ]);
  });

  it('n the report leaves out is still compared', () => {
    const { findings } = compare((r) => void delete (female(r) as Partial<GroupRates>).n);
    expect(messages(findings)).toEqual([
      `Attribute "sex", group "female": the report does not match ${FILE} (reported vs recomputed): n undefined vs 58000.`,
    ]);
  });

  const withCounts = (f: Recounted) => {
    recountedFemale(f).positives = 1800;
    recountedFemale(f).negatives = 56200;
  };

  it('positives and negatives the report does not state are not compared', () => {
    expect(compare(undefined, withCounts).findings).toEqual([]);
  });

  it('positives the report states are compared, at positives', () => {
    const { findings, mismatch } = compare((r) => {
      female(r).positives = 1799;
      female(r).negatives = 56200;
    }, withCounts);
    expect(findings).toEqual([
      mismatch(
        `Attribute "sex", group "female": the report does not match ${FILE} (reported vs recomputed): positives 1799 vs 1800.`,
        '/attributes/0/groups/0/positives',
      ),
    ]);
  });

  it('every difference of the group is listed, the first one pointed at', () => {
    const { findings, mismatch } = compare((r) => {
      female(r).n = 58001;
      female(r).selectionRate = 0.04;
    });
    expect(findings).toEqual([
      mismatch(
        `Attribute "sex", group "female": the report does not match ${FILE} (reported vs recomputed): n 58001 vs 58000; selectionRate 0.04 vs 0.031.`,
        '/attributes/0/groups/0/n',
      ),
    ]);
  });
});

describe('the rates of a group', () => {
  const recountedRate = (rate: number | null | undefined) => (f: Recounted) => {
    if (rate === undefined) delete recountedFemale(f).truePositiveRate;
    else recountedFemale(f).truePositiveRate = rate;
  };

  it('a rate written to 4 decimals that rounds the recount agrees', () => {
    const { findings } = compare(
      (r) => void (female(r).selectionRate = 0.1213),
      (f) => void (recountedFemale(f).selectionRate = 0.12125),
    );
    expect(findings).toEqual([]);
  });

  it('a rate written to 2 decimals is still held to 4: "0.12" for 0.12125 hides rows', () => {
    const { findings, mismatch } = compare(
      (r) => void (female(r).selectionRate = 0.12),
      (f) => void (recountedFemale(f).selectionRate = 0.12125),
    );
    expect(findings).toEqual([
      mismatch(
        `Attribute "sex", group "female": the report does not match ${FILE} (reported vs recomputed): selectionRate 0.12 vs 0.12125.`,
        '/attributes/0/groups/0/selectionRate',
      ),
    ]);
  });

  it('selectionRate the report leaves out is still compared', () => {
    const { findings } = compare((r) => void delete (female(r) as Partial<GroupRates>).selectionRate);
    expect(messages(findings)).toEqual([
      `Attribute "sex", group "female": the report does not match ${FILE} (reported vs recomputed): selectionRate undefined vs 0.031.`,
    ]);
  });

  it('a truePositiveRate the report does not state is not compared', () => {
    expect(compare((r) => void delete female(r).truePositiveRate).findings).toEqual([]);
  });

  it('a truePositiveRate the report states is compared, at it', () => {
    const { findings, mismatch } = compare((r) => void (female(r).truePositiveRate = 0.83));
    expect(findings).toEqual([
      mismatch(
        `Attribute "sex", group "female": the report does not match ${FILE} (reported vs recomputed): truePositiveRate 0.83 vs 0.82.`,
        '/attributes/0/groups/0/truePositiveRate',
      ),
    ]);
  });

  it('a rate that is not a number does not agree with one', () => {
    const { findings } = compare(
      (r) => void ((female(r) as unknown as Record<string, unknown>)['truePositiveRate'] = 'high'),
    );
    expect(messages(findings)).toEqual([
      `Attribute "sex", group "female": the report does not match ${FILE} (reported vs recomputed): truePositiveRate high vs 0.82.`,
    ]);
  });

  it.each([
    ['null where the file has none (null)', null],
    ['null where the file has none (absent)', undefined],
  ])('%s agrees', (_what, recounted) => {
    const { findings } = compare((r) => void (female(r).truePositiveRate = null), recountedRate(recounted));
    expect(findings).toEqual([]);
  });

  it('null where the file has a rate does not agree', () => {
    const { findings } = compare((r) => void (female(r).truePositiveRate = null));
    expect(messages(findings)).toEqual([
      `Attribute "sex", group "female": the report does not match ${FILE} (reported vs recomputed): truePositiveRate null vs 0.82.`,
    ]);
  });

  it('a rate where the file has none does not agree', () => {
    const { findings } = compare(undefined, recountedRate(null));
    expect(messages(findings)).toEqual([
      `Attribute "sex", group "female": the report does not match ${FILE} (reported vs recomputed): truePositiveRate 0.82 vs null.`,
    ]);
  });
});

describe('which attributes are compared', () => {
  it('an attribute the recount does not cover is not compared (the gather step reports why)', () => {
    const { findings } = compare(
      (r) => void (r.attributes[1]!.groups[0]!.n = 1),
      (f) => void f.attributes.pop(),
    );
    expect(findings).toEqual([]);
  });

  it("an attribute that is not an object is the schema check's: skipped", () => {
    const { findings } = compare((r) => void ((r.attributes as unknown[])[1] = null));
    expect(findings).toEqual([]);
  });
});

describe('the dataset the report was computed from', () => {
  it('another digest: both digests, at dataset.sha256', () => {
    const other = 'ef'.repeat(32);
    const { findings, mismatch } = compare((r) => void (r.dataset!.sha256 = other));
    expect(findings).toEqual([
      mismatch(
        `The bias report was computed from predictions with SHA-256 ${other}, but ${FILE} (listed in the manifest) is ${SHA}: the report does not describe the listed predictions.`,
        '/dataset/sha256',
      ),
    ]);
  });

  it('no digest: "unknown", at the dataset', () => {
    const { findings, mismatch } = compare((r) => void delete r.dataset!.sha256);
    expect(findings).toEqual([
      mismatch(
        `The bias report was computed from predictions with SHA-256 unknown, but ${FILE} (listed in the manifest) is ${SHA}: the report does not describe the listed predictions.`,
        '/dataset',
      ),
    ]);
  });

  it('another row count: both counts, at dataset.rows', () => {
    const { findings, mismatch } = compare(undefined, (f) => void (f.rows = 120001));
    expect(findings).toEqual([
      mismatch(`The bias report counts 120000 row(s), but ${FILE} has 120001.`, '/dataset/rows'),
    ]);
  });

  it('no row count: at the dataset', () => {
    const { findings, mismatch } = compare(
      (r) => void delete (r.dataset as Partial<NonNullable<BiasReport['dataset']>>).rows,
    );
    expect(findings).toEqual([
      mismatch(`The bias report counts undefined row(s), but ${FILE} has 120000.`, '/dataset'),
    ]);
  });

  it('a dataset that is not an object has neither', () => {
    const { findings } = compare((r) => void ((r as unknown as Record<string, unknown>)['dataset'] = 'holdout'));
    expect(findings.map((f) => f.pointer)).toEqual(['/dataset', '/dataset']);
    expect(findings[0]!.message).toContain('SHA-256 unknown');
  });
});

describe('predictions the manifest does not list', () => {
  const unlisted = (facts: Extract<PredictionsFacts, { kind: 'unlisted' }>) => {
    const doc = jsonDocument<BiasReport>(REPORT_FILE, exampleReport());
    return { doc, findings: checkPredictions(doc, doc.value!, facts) };
  };
  const CLAIM =
    "the manifest does not list among its artifacts: its group figures are the author's claim, not recomputed by the gate.";
  const FIX =
    "Compute the report with mlgov bias compute from a predictions file inside the repository: it lists the file among the manifest's artifacts, so the gate recounts the groups from it.";

  it('named by path and digest: a notice at the dataset naming both', () => {
    const { doc, findings } = unlisted({ kind: 'unlisted', path: FILE, sha256: SHA });
    expect(findings).toEqual([
      {
        severity: 'notice',
        code: 'BIAS_PREDICTIONS_NOT_LISTED',
        message: `The bias report was computed from predictions (${FILE}, SHA-256 ${SHA}) ${CLAIM}`,
        file: REPORT_FILE,
        pointer: '/dataset',
        line: lineOf(doc, '/dataset'),
        column: expect.any(Number),
        fix: FIX,
      },
    ]);
  });

  it.each([
    ['by path only', { path: FILE }, FILE],
    ['by digest only', { sha256: SHA }, `SHA-256 ${SHA}`],
  ])('named %s: names what it has, nothing more', (_what, named, text) => {
    const { findings } = unlisted({ kind: 'unlisted', ...named });
    expect(findings[0]!.message).toBe(`The bias report was computed from predictions (${text}) ${CLAIM}`);
  });

  it('named not at all: says the report names no predictions file, at the whole report', () => {
    const { findings } = unlisted({ kind: 'unlisted' });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'notice',
        message:
          "The bias report names no predictions file (dataset.sha256): its group figures are the author's claim, not recomputed by the gate.",
        pointer: '',
        fix: FIX,
      }),
    ]);
  });
});
