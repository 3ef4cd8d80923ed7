/**
 * The numbers of a bias report reconcile (issue 12, principle 3): every attribute's groups + missing + excluded =
 * dataset.rows, missing and excluded rows count toward the excluded share, group names are unique within an
 * attribute (after NFC, without invisible characters, trimmed), the favourable outcome is the policy's decision, and
 * the report judged is the one the policy names. The two reproduced bypasses run through the CLI on real temp git
 * repositories; every rule also has its passing case, failing case, exact finding and both sides of its boundary.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recomputeAttribute } from '../../src/checks/bias-metrics.js';
import { biasCheck } from '../../src/checks/bias.js';
import type { BiasAttribute, BiasReport } from '../../src/formats/bias-report.js';
import { manifestDigest, sha256Hex } from '../../src/formats/canonical-digest.js';
import type { Finding } from '../../src/formats/finding.js';
import { parseJsonDocument } from '../../src/formats/json-document.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { validateAgainstSchema } from '../../src/formats/schema-validator.js';
import type { Report } from '../../src/release/report.js';
import { runMlgov } from '../support/cli-io.js';
import { bindRelease, readJson, writeJson } from '../support/example-release.js';
import { createTempRepo, PROJECT_ROOT, type TempRepo } from '../support/git-repo.js';
import { jsonDocument } from '../support/release-context.js';
import {
  buildRelease,
  exampleBaseManifest,
  exampleReport,
  lineOf,
  type Release,
  type ReleaseOptions,
} from './fixtures/release.js';
import { codes, only } from './fixtures/findings.js';

const REPORT = 'reports/latest-bias-report.json';
const MANIFEST = 'model/manifest.json';

function run(release: Release) {
  return biasCheck.run(release.ctx, release.policy);
}

/** A literal release whose only finding-worthy change is `edit`; asserts where the finding is. */
function judged(options: ReleaseOptions) {
  const release = buildRelease(options);
  return { release, result: run(release) };
}

const ageBand = (r: BiasReport): BiasAttribute => r.attributes[1]!;

// ---------------------------------------------------------------------------------------------------------------
// Through the CLI, on real git repositories

const repos: TempRepo[] = [];
afterEach(() => {
  while (repos.length) repos.pop()?.remove();
});

/**
 * A repository whose base (`main`) holds the training code and the governance policy, and a `release` branch that
 * brings the first release of the example model, bound coherently after `edit` changed the bias report.
 */
function firstReleaseRepo(edit: (r: BiasReport) => void): TempRepo & { seed: string } {
  const repo = createTempRepo('mlgov-reconcile-');
  repos.push(repo);
  writeFileSync(join(repo.dir, 'train.py'), 'print("training code")\n');
  mkdirSync(join(repo.dir, '.github'));
  cpSync(join(PROJECT_ROOT, '.github/governance-policy.yml'), join(repo.dir, '.github/governance-policy.yml'));
  const seed = repo.commitAll('Training code and the governance policy');
  repo.git('checkout', '-q', '-b', 'release');
  for (const p of ['model', 'reports']) cpSync(join(PROJECT_ROOT, p), join(repo.dir, p), { recursive: true });
  bindRelease(repo.dir, seed, { report: edit });
  return { ...repo, seed };
}

async function check(dir: string): Promise<{ code: number; report: Report }> {
  const out = await runMlgov(['check', '--offline', '--base', 'main', '--format', 'json'], { cwd: dir });
  return { code: out.code, report: JSON.parse(out.stdout) as Report };
}

function findingsOf(report: Report, id: string): Finding[] {
  return report.checks.find((c) => c.id === id)?.findings ?? [];
}

/** The line of `ptr` in the file as committed to the temp repository. */
function lineIn(dir: string, rel: string, ptr: string): number | undefined {
  return parseJsonDocument(rel, readFileSync(join(dir, rel))).positions[ptr]?.line;
}

/** age_band's real "65+" group at DI 0.245 (0.00882 / 0.036): far below the policy's 0.8. */
function unfairOldest(r: BiasReport): void {
  ageBand(r).groups[3]!.selectionRate = 0.00882;
}

describe('mlgov check: a second group with a real group name cannot take the real group out of the spread', () => {
  it('fails the reproduced bypass (a second "65+" with n 1, rows re-balanced through missing)', async () => {
    const repo = firstReleaseRepo((r) => {
      unfairOldest(r);
      const age = ageBand(r);
      age.groups.push({
        group: '65+',
        n: 1,
        selectionRate: 0.0312,
        truePositiveRate: 0.815,
        falsePositiveRate: 0.0141,
      });
      age.missing = 239; // 21000 + 38000 + 42000 + 18760 + 1 + 239 = 120000: the totals still reconcile
      // the metrics as they are without any "65+": what the attacker wants judged
      age.metrics = {
        demographic_parity_difference: 0.0054,
        disparate_impact_ratio: 0.8499,
        equalized_odds_difference: 0.035,
        false_positive_rate_difference: 0.0025,
      };
    });
    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    const bias = findingsOf(report, 'bias');
    const dup = only(bias, 'BIAS_GROUP_DUPLICATE');
    expect(dup.severity).toBe('error');
    expect(dup.file).toBe(REPORT);
    expect(dup.pointer).toBe('/attributes/1/groups/4/group');
    expect(dup.line).toBe(lineIn(repo.dir, REPORT, '/attributes/1/groups/4/group'));
    expect(dup.message).toContain('group 4 "65+" is the same group as group 3 "65+"');
    // and the real "65+" is judged: DI 0.245, never left out because another group shares its name
    const di = bias.filter(
      (f) => f.code === 'BIAS_THRESHOLD_EXCEEDED' && f.pointer === '/attributes/1/metrics/disparate_impact_ratio',
    );
    expect(di).toHaveLength(1);
    expect(di[0]!.message).toContain('disparate impact ratio 0.245');
    expect(codes(bias)).not.toContain('BIAS_ROWS_DO_NOT_RECONCILE');
  });

  it('passes the same release without the second group (the control)', async () => {
    const repo = firstReleaseRepo(() => undefined);
    const { code, report } = await check(repo.dir);
    // Only the notice that the example's predictions are not listed, so its figures are not recounted.
    expect(findingsOf(report, 'bias').map((f) => f.code)).toEqual(['BIAS_PREDICTIONS_NOT_LISTED']);
    expect(code).toBe(0);
  });
});

describe('mlgov check: the report judged is the one the policy names', () => {
  it('judges the policy path and fails a manifest that points biasReport.path at a reviewed decoy', async () => {
    const repo = firstReleaseRepo(() => undefined);
    // A reviewed, passing report becomes the decoy; the file the policy names gets an unfair one.
    cpSync(join(repo.dir, REPORT), join(repo.dir, 'reports/reviewed.json'));
    const bad = readJson<BiasReport>(repo.dir, REPORT);
    unfairOldest(bad);
    writeJson(repo.dir, REPORT, bad);
    const m = readJson<Manifest>(repo.dir, MANIFEST);
    m.biasReport = {
      path: 'reports/reviewed.json',
      sha256: sha256Hex(readFileSync(join(repo.dir, 'reports/reviewed.json'))),
    };
    const approvals = m.approvals ?? [];
    delete m.approvals;
    const digest = manifestDigest(m);
    m.approvals = approvals.map((a) => ({ ...a, manifestDigest: digest }));
    writeJson(repo.dir, MANIFEST, m);

    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    const bias = findingsOf(report, 'bias');
    const f = only(bias, 'BIAS_REPORT_PATH_MISMATCH');
    expect(f.file).toBe(MANIFEST);
    expect(f.pointer).toBe('/biasReport/path');
    expect(f.line).toBe(lineIn(repo.dir, MANIFEST, '/biasReport/path'));
    expect(f.message).toBe(
      'The manifest names the bias report "reports/reviewed.json", but the policy judges "reports/latest-bias-report.json" (model.biasReport): the report judged is the one the policy names.',
    );
    // the file judged is the policy's: its unfair age_band fails, whatever the decoy says
    expect(
      bias.some((f2) => f2.code === 'BIAS_THRESHOLD_EXCEEDED' && f2.file === REPORT && f2.message.includes('0.245')),
    ).toBe(true);
  });

  it('never judges the manifest-named file when the policy path holds no report', async () => {
    const repo = firstReleaseRepo(() => undefined);
    const REVIEWED = 'reports/reviewed.json';
    cpSync(join(repo.dir, REPORT), join(repo.dir, REVIEWED));
    rmSync(join(repo.dir, REPORT));
    const m = readJson<Manifest>(repo.dir, MANIFEST);
    m.biasReport = { path: REVIEWED, sha256: sha256Hex(readFileSync(join(repo.dir, REVIEWED))) };
    const approvals = m.approvals ?? [];
    delete m.approvals;
    const digest = manifestDigest(m);
    m.approvals = approvals.map((a) => ({ ...a, manifestDigest: digest }));
    writeJson(repo.dir, MANIFEST, m);

    const { code, report } = await check(repo.dir);
    expect(code).toBe(1);
    const schema = findingsOf(report, 'schema');
    expect(schema.map((f) => [f.code, f.file])).toEqual([['FILE_NOT_FOUND', REPORT]]);
    expect(report.checks.find((c) => c.id === 'bias')?.status).toBe('skip');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The rules, on literal releases (test/checks/fixtures/release.ts: dataset.rows 120000; sex 58000 + 62000;
// age_band 30000 + 50000 + 40000)

describe('dataset.rows is required', () => {
  it('fails a report without a dataset, at /dataset/rows (reported on the report itself)', () => {
    const { release, result } = judged({ report: (r) => delete r.dataset });
    expect(result.status).toBe('fail');
    const f = only(result.findings, 'BIAS_DATASET_ROWS_MISSING');
    expect(f.severity).toBe('error');
    expect(f.file).toBe(REPORT);
    expect(f.pointer).toBe('/dataset/rows');
    expect(f.line).toBe(lineOf(release.ctx.biasReport, ''));
    expect(codes(result.findings)).toEqual(['BIAS_DATASET_ROWS_MISSING']);
  });

  it('fails a dataset without rows, at the dataset', () => {
    const { release, result } = judged({ report: (r) => (r.dataset = { name: 'holdout-2026-11' }) });
    const f = only(result.findings, 'BIAS_DATASET_ROWS_MISSING');
    expect(f.pointer).toBe('/dataset/rows');
    expect(f.line).toBe(lineOf(release.ctx.biasReport, '/dataset'));
    expect(f.line).toBeGreaterThan(1);
  });

  it('accepts a dataset of 0 rows only when every attribute accounts for 0 rows', () => {
    const { result } = judged({ report: (r) => (r.dataset!.rows = 0) });
    expect(codes(result.findings)).not.toContain('BIAS_DATASET_ROWS_MISSING');
    expect(codes(result.findings)).toEqual(['BIAS_ROWS_DO_NOT_RECONCILE', 'BIAS_ROWS_DO_NOT_RECONCILE']);
  });
});

describe('groups + missing + excluded = dataset.rows', () => {
  it('passes at equality, with missing and excluded rows taken out of a group', () => {
    const { result } = judged({
      report: (r) => {
        ageBand(r).groups[1]!.n = 50000 - 300;
        ageBand(r).missing = 100;
        ageBand(r).excluded = 200;
      },
    });
    expect(result.findings).toEqual([]);
    expect(result.status).toBe('pass');
  });

  it.each([
    [+1, '1 row(s) counted more than once', 120001],
    [-1, '1 row(s) unaccounted for', 119999],
  ])("fails one row off (%d), at the attribute's groups, naming each part", (delta, words, total) => {
    const { release, result } = judged({ report: (r) => (ageBand(r).groups[2]!.n += delta) });
    expect(result.status).toBe('fail');
    expect(codes(result.findings)).toEqual(['BIAS_ROWS_DO_NOT_RECONCILE']);
    const f = result.findings[0]!;
    expect(f.severity).toBe('error');
    expect(f.pointer).toBe('/attributes/1/groups');
    expect(f.line).toBe(lineOf(release.ctx.biasReport, '/attributes/1/groups'));
    expect(f.message).toBe(
      `Attribute "age_band": its groups (${total} rows) + missing (0) + excluded (0) = ${total}, but dataset.rows is 120000: ${words}.`,
    );
  });

  it('fails a group dropped from one attribute (its rows vanish), even though every other number is right', () => {
    const { result } = judged({
      report: (r) => {
        ageBand(r).groups.splice(2, 1); // "51+" and its 40000 rows gone
        ageBand(r).metrics = { demographic_parity_difference: 0.002, disparate_impact_ratio: 0.9412 };
      },
    });
    expect(codes(result.findings)).toEqual(['BIAS_ROWS_DO_NOT_RECONCILE']);
    expect(result.findings[0]!.message).toContain('40000 row(s) unaccounted for');
  });

  it('schema: excluded is a count like missing', () => {
    const ok = buildRelease({ report: (r) => (ageBand(r).excluded = 5) }).report;
    expect(validateAgainstSchema('biasReport', ok)).toEqual([]);
    const bad = buildRelease({ report: (r) => (ageBand(r).excluded = -1) }).report;
    expect(validateAgainstSchema('biasReport', bad)).not.toEqual([]);
  });
});

describe('missing and excluded rows always count toward the excluded share', () => {
  // maxExcludedShare 0.05 of 120000 rows: 6000
  const movedOut = (field: 'missing' | 'excluded', rows: number) => (r: BiasReport) => {
    ageBand(r).groups[1]!.n -= rows;
    ageBand(r)[field] = rows;
  };

  it.each(['missing', 'excluded'] as const)('passes %s rows at exactly the maximum share (6000 of 120000)', (field) => {
    const { result } = judged({ report: movedOut(field, 6000) });
    expect(result.findings).toEqual([]);
  });

  it.each(['missing', 'excluded'] as const)(
    'fails %s rows one over the maximum share, with no small group at all, at that count',
    (field) => {
      const { release, result } = judged({ report: movedOut(field, 6001) });
      expect(codes(result.findings)).toEqual(['BIAS_EXCLUDED_SHARE_TOO_HIGH']);
      const f = result.findings[0]!;
      expect(f.severity).toBe('error');
      expect(f.pointer).toBe(`/attributes/1/${field}`);
      expect(f.line).toBe(lineOf(release.ctx.biasReport, `/attributes/1/${field}`));
      expect(f.message).toBe(
        `Attribute "age_band": Excluded rows: 6001 of 120000 (5.000833 %, policy maximum 5 %; groups left out 0, ` +
          `missing ${field === 'missing' ? 6001 : 0}, excluded ${field === 'excluded' ? 6001 : 0}).`,
      );
    },
  );

  it('adds missing, excluded and small groups together', () => {
    const { result } = judged({
      report: (r) => {
        const age = ageBand(r);
        age.groups[1]!.n -= 6001;
        age.missing = 3000;
        age.excluded = 3000;
        age.groups.push({ group: '90+', n: 1, selectionRate: 0.032, truePositiveRate: 0.83, falsePositiveRate: 0.012 });
      },
    });
    const f = only(result.findings, 'BIAS_EXCLUDED_SHARE_TOO_HIGH');
    expect(f.pointer).toBe('/attributes/1/groups/3');
    expect(f.message).toContain('Excluded rows: 6001 of 120000');
    expect(f.message).toContain('groups left out 1, missing 3000, excluded 3000');
  });
});

describe('group names are unique within an attribute', () => {
  it.each([
    ['the same name', '51+'],
    ['a trailing space', '51+ '],
    ['a zero-width space', '51\u200b+'],
    ['a right-to-left mark', '\u200f51+'],
  ])('fails a second group with %s, at its name', (_case, name) => {
    const { release, result } = judged({
      report: (r) => {
        ageBand(r).groups[2]!.n -= 40;
        ageBand(r).groups.push({
          group: name,
          n: 40,
          selectionRate: 0.031,
          truePositiveRate: 0.82,
          falsePositiveRate: 0.012,
        });
      },
    });
    expect(codes(result.findings)).toEqual(['BIAS_GROUP_DUPLICATE']);
    const f = result.findings[0]!;
    expect(f.severity).toBe('error');
    expect(f.pointer).toBe('/attributes/1/groups/3/group');
    expect(f.line).toBe(lineOf(release.ctx.biasReport, '/attributes/1/groups/3/group'));
    expect(f.message).toContain(`group 3 ${JSON.stringify(name)} is the same group as group 2 "51+"`);
  });

  it('fails a name written decomposed (NFD) next to the composed one (NFC)', () => {
    const { result } = judged({
      report: (r) => {
        r.attributes[0]!.groups[0]!.group = 'f\u00e9minin';
        r.attributes[0]!.groups[1]!.group = 'fe\u0301minin';
      },
    });
    expect(only(result.findings, 'BIAS_GROUP_DUPLICATE').pointer).toBe('/attributes/0/groups/1/group');
  });

  it('accepts names that differ (case and visible characters count)', () => {
    const { result } = judged({
      report: (r) => {
        r.attributes[0]!.groups[0]!.group = 'Female';
        r.attributes[0]!.groups[1]!.group = 'female';
      },
    });
    expect(result.findings).toEqual([]);
  });

  it('the same name in two attributes is no duplicate', () => {
    const { result } = judged({ report: (r) => (ageBand(r).groups[0]!.group = 'female') });
    expect(result.findings).toEqual([]);
  });

  it('never leaves a real group out because a small group shares its name (judged by position)', () => {
    const attr: BiasAttribute = {
      name: 'age_band',
      groups: [
        { group: '18-30', n: 1000, selectionRate: 0.036 },
        { group: '65+', n: 1000, selectionRate: 0.00882 },
        { group: '65+', n: 1, selectionRate: 0.036 },
      ],
      metrics: {},
    };
    const r = recomputeAttribute(attr, { minGroupSize: 30 });
    expect(r.exclusions.map((e) => [e.index, e.group])).toEqual([[2, '65+']]);
    expect(r.judged.disparate_impact_ratio).toMatchObject({ kind: 'defined', lowGroup: '65+', highGroup: '18-30' });
    const di = r.judged.disparate_impact_ratio;
    expect(di?.kind === 'defined' && Math.abs(di.value - 0.245) < 1e-12).toBe(true);
  });
});

describe('the favourable outcome is the policy decision', () => {
  it('passes when neither states one (disparate impact on the selection rate)', () => {
    const { result } = judged({});
    expect(result.findings).toEqual([]);
  });

  it('fails a report that declares one the policy does not set, at the label', () => {
    const { release, result } = judged({ report: (r) => (r.favorableLabel = 'legitimate') });
    const f = only(result.findings, 'BIAS_FAVORABLE_LABEL_MISMATCH');
    expect(f.severity).toBe('error');
    expect(f.pointer).toBe('/favorableLabel');
    expect(f.line).toBe(lineOf(release.ctx.biasReport, '/favorableLabel'));
    expect(f.message).toContain('the judging policy sets none (bias.favorableLabel)');
    // and the report's label does not switch the rate: DI is still judged on the selection rate
    expect(codes(result.findings)).toEqual(['BIAS_FAVORABLE_LABEL_MISMATCH']);
  });

  it('fails a report that leaves out the policy label (reported at the report root)', () => {
    const { release, result } = judged({
      policy: (p) => (p.bias.favorableLabel = 'legitimate'),
      report: (r) => {
        r.attributes[0]!.metrics.disparate_impact_ratio = 0.967 / 0.969;
        r.attributes[1]!.metrics.disparate_impact_ratio = 0.9969;
      },
    });
    const f = only(result.findings, 'BIAS_FAVORABLE_LABEL_MISMATCH');
    expect(f.pointer).toBe('/favorableLabel');
    expect(f.line).toBe(lineOf(release.ctx.biasReport, ''));
    expect(f.message).toBe(
      'The judging policy decides the favourable outcome is "legitimate" (bias.favorableLabel), but the bias report does not state it: it may have been computed for another outcome.',
    );
  });

  it('fails a report that states another label than the policy', () => {
    const { result } = judged({
      policy: (p) => (p.bias.favorableLabel = 'legitimate'),
      report: (r) => {
        r.favorableLabel = 'approved';
        r.attributes[0]!.metrics.disparate_impact_ratio = 0.967 / 0.969;
        r.attributes[1]!.metrics.disparate_impact_ratio = 0.9969;
      },
    });
    expect(codes(result.findings)).toEqual(['BIAS_FAVORABLE_LABEL_MISMATCH', 'BIAS_FAVORABLE_LABEL']);
    expect(result.findings[0]!.message).toContain('"approved"');
    expect(result.findings[0]!.message).toContain('"legitimate"');
  });

  it('judges disparate impact on the selection rate the policy implies, whatever the report claims', () => {
    // With the favourable rate, a DI of 0.7 on the selection rate (0.021 vs 0.03) would read as 0.99: a pass.
    const { result } = judged({
      report: (r) => {
        r.favorableLabel = 'legitimate';
        ageBand(r).groups[0]!.selectionRate = 0.03;
        ageBand(r).groups[1]!.selectionRate = 0.021;
        ageBand(r).groups[2]!.selectionRate = 0.03;
        ageBand(r).metrics = { demographic_parity_difference: 0.009, disparate_impact_ratio: 0.9908 }; // 0.97 / 0.979
      },
    });
    expect(codes(result.findings)).toEqual([
      'BIAS_FAVORABLE_LABEL_MISMATCH',
      'BIAS_METRIC_MISMATCH',
      'BIAS_THRESHOLD_EXCEEDED',
    ]);
    const f = result.findings.find((x) => x.code === 'BIAS_THRESHOLD_EXCEEDED')!;
    expect(f.message).toContain('disparate impact ratio 0.7');
  });
});

describe('a favourable outcome that is the positive label', () => {
  it('fails a report whose positive label is the policy favourable outcome, at positiveLabel', () => {
    const { release, result } = judged({
      policy: (p) => (p.bias.favorableLabel = 'fraud'),
      report: (r) => {
        r.favorableLabel = 'fraud';
        r.attributes[0]!.metrics.disparate_impact_ratio = 0.967 / 0.969;
        r.attributes[1]!.metrics.disparate_impact_ratio = 0.9969;
      },
    });
    const f = only(result.findings, 'BIAS_FAVORABLE_LABEL_IS_POSITIVE');
    expect(f.severity).toBe('error');
    expect(f.pointer).toBe('/positiveLabel');
    expect(f.line).toBe(lineOf(release.ctx.biasReport, '/positiveLabel'));
    expect(codes(result.findings)).toEqual(['BIAS_FAVORABLE_LABEL_IS_POSITIVE', 'BIAS_FAVORABLE_LABEL']);
  });

  it('passes the same labels when the positive label is another outcome', () => {
    const { result } = judged({
      policy: (p) => (p.bias.favorableLabel = 'legitimate'),
      report: (r) => {
        r.favorableLabel = 'legitimate';
        r.attributes[0]!.metrics.disparate_impact_ratio = 0.967 / 0.969;
        r.attributes[1]!.metrics.disparate_impact_ratio = 0.9969;
      },
    });
    expect(codes(result.findings)).toEqual(['BIAS_FAVORABLE_LABEL']);
    expect(result.status).toBe('pass');
  });
});

describe('the report judged is the one the policy names', () => {
  it('passes a manifest naming the policy path', () => {
    expect(judged({}).result.findings).toEqual([]);
  });

  it('fails a manifest naming another path, at biasReport.path in the manifest', () => {
    const { release, result } = judged({ manifest: (m) => (m.biasReport.path = './reports/latest-bias-report.json') });
    const f = only(result.findings, 'BIAS_REPORT_PATH_MISMATCH');
    expect(f.severity).toBe('error');
    expect(f.file).toBe(MANIFEST);
    expect(f.pointer).toBe('/biasReport/path');
    expect(f.line).toBe(lineOf(release.ctx.manifest, '/biasReport/path'));
    expect(f.fix).toContain('Set biasReport.path to "reports/latest-bias-report.json"');
  });

  it('follows a policy that names another path', () => {
    const { result } = judged({
      policy: (p) => (p.model.biasReport = 'fairness/report.json'),
      manifest: (m) => (m.biasReport.path = 'fairness/report.json'),
    });
    expect(result.findings).toEqual([]);
  });
});

describe('a group production assessed and this report drops (derived from the base revision)', () => {
  /** The release with production's bias report on the base: the fixture's report, as it was. */
  const withBaseReport = (report: (r: BiasReport) => void): ReleaseOptions => ({
    report,
    context: {
      base: {
        kind: 'found',
        ref: 'main',
        commit: 'f'.repeat(40),
        manifest: jsonDocument<Manifest>(MANIFEST, exampleBaseManifest()),
        biasReport: jsonDocument<BiasReport>(REPORT, exampleReport()),
      },
    },
  });

  it('passes the same groups, however they are spelled or ordered', () => {
    const { result } = judged(
      withBaseReport((r) => {
        ageBand(r).groups.reverse();
        ageBand(r).groups[0]!.group = '51+ ';
      }),
    );
    expect(result.findings).toEqual([]);
  });

  it('warns about a group folded into another one (the rows still reconcile), at the attribute groups', () => {
    const { release, result } = judged(
      withBaseReport((r) => {
        const [, middle, oldest] = ageBand(r).groups;
        middle!.n += oldest!.n;
        ageBand(r).groups.splice(2, 1);
        ageBand(r).metrics = { demographic_parity_difference: 0.002, disparate_impact_ratio: 0.9412 };
      }),
    );
    expect(result.status).toBe('warn');
    expect(codes(result.findings)).toEqual(['BIAS_GROUP_DROPPED']);
    const f = result.findings[0]!;
    expect(f.severity).toBe('warning');
    expect(f.pointer).toBe('/attributes/1/groups');
    expect(f.line).toBe(lineOf(release.ctx.biasReport, '/attributes/1/groups'));
    expect(f.message).toBe(
      'Attribute "age_band": the production release\'s bias report assessed the group "51+" (n 40000), but this report does not list it; its rows are now missing, excluded or counted in other groups.',
    );
  });

  it('says nothing without a base report (a first release)', () => {
    const { result } = judged({
      report: (r) => ageBand(r).groups.splice(2, 1, { ...ageBand(r).groups[2]!, group: '51-99' }),
    });
    expect(result.findings).toEqual([]);
  });
});
