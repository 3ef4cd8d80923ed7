/**
 * Attacks on a bias report's groups, generated (issue 12, principle 3): the order groups are listed in never changes
 * the verdict; a group listed twice (the same name, or a look-alike: surrounding spaces, invisible characters, NFD)
 * never turns a failing report into a pass, and always fails, with its rows re-balanced or not; a group whose n is
 * shifted always breaks the reconciliation with dataset.rows. Judged by the real `bias` check on literal releases.
 * Fixed seeds, so CI is reproducible.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { nameKey } from '../../src/checks/bias-metrics.js';
import { biasCheck } from '../../src/checks/bias.js';
import type { BiasAttribute, BiasReport, GroupRates } from '../../src/formats/bias-report.js';
import type { CheckResult } from '../../src/release/report.js';
import { buildRelease } from '../checks/fixtures/release.js';

const SEED = 42;

/** Rates written to 3 decimals, as generators print them: anywhere, or close together (reports that can pass). */
const wide = fc.integer({ min: 0, max: 1000 }).map((k) => k / 1000);
const close = fc.integer({ min: 300, max: 330 }).map((k) => k / 1000);

const groupWith = (rate: fc.Arbitrary<number>) =>
  fc.record({
    // composed (NFC) names, so that a decomposed copy is a look-alike
    group: fc.stringMatching(/^[abé1+-]{1,5}$/),
    n: fc.integer({ min: 0, max: 4000 }),
    selectionRate: rate,
    truePositiveRate: rate,
    falsePositiveRate: rate,
  });
const group = groupWith(wide);

const groups = fc.boolean().chain((near) =>
  fc.uniqueArray(groupWith(near ? close : wide), {
    minLength: 2,
    maxLength: 6,
    selector: (g) => nameKey(g.group),
  }),
);

/**
 * Two attributes (the policy requires sex and age_band) whose rows reconcile: the attribute with fewer rows gets the
 * difference in its largest group.
 */
const attributes = fc
  .record({ sex: groups, age: groups, ageMissing: fc.integer({ min: 0, max: 300 }) })
  .map(({ sex, age, ageMissing }): BiasAttribute[] => {
    const total = (gs: GroupRates[], extra: number) => gs.reduce((s, g) => s + g.n, 0) + extra;
    const gap = total(age, ageMissing) - total(sex, 0);
    const largest = (gs: GroupRates[]) => gs.reduce((a, b) => (b.n > a.n ? b : a));
    if (gap > 0) largest(sex).n += gap;
    else largest(age).n -= gap;
    return [
      { name: 'sex', groups: sex, metrics: {} },
      { name: 'age_band', groups: age, metrics: {}, missing: ageMissing },
    ];
  });

function rowsOf(attrs: BiasAttribute[]): number {
  const a = attrs[0]!;
  return a.groups.reduce((s, g) => s + g.n, 0) + (a.missing ?? 0) + (a.excluded ?? 0);
}

/** Judges a literal release whose report has exactly these attributes; `rows` defaults to what they account for. */
function judge(attrs: BiasAttribute[], rows = rowsOf(attrs)): CheckResult {
  const release = buildRelease({
    report: (r: BiasReport) => {
      r.attributes = structuredClone(attrs);
      r.dataset = { name: 'holdout', rows };
    },
  });
  return biasCheck.run(release.ctx, release.policy);
}

const sortedCodes = (r: CheckResult) => r.findings.map((f) => f.code).sort();

/** A name that is the same group as `name` to a reader, spelled differently. */
const lookAlike = fc.constantFrom(
  (s: string) => s,
  (s: string) => `${s} `,
  (s: string) => ` ${s}`,
  (s: string) => `${s}\u200b`,
  (s: string) => `\u200e${s}`,
  (s: string) => `\ufeff${s}`,
  (s: string) => s.normalize('NFD'),
);

describe('bias groups under attack (generated)', () => {
  it('never changes the verdict when the groups of any attribute are listed in another order', () => {
    let judgedPassing = 0;
    fc.assert(
      fc.property(attributes, fc.nat(1), fc.infiniteStream(fc.nat()), (attrs, which, keys) => {
        const original = judge(attrs);
        const shuffled = structuredClone(attrs);
        const target = shuffled[which]!;
        const order = target.groups.map((g) => ({ g, k: keys.next().value as number }));
        target.groups = order.sort((a, b) => a.k - b.k).map((x) => x.g);
        const permuted = judge(shuffled);
        expect(permuted.status).toBe(original.status);
        if (original.status !== 'fail') judgedPassing += 1;
        expect(sortedCodes(permuted)).toEqual(sortedCodes(original));
      }),
      { seed: SEED, numRuns: 150 },
    );
    // not vacuous: some generated reports pass, so "the same verdict" includes passes
    expect(judgedPassing).toBeGreaterThan(10);
  });

  it('never passes a report with a group listed twice, whatever its n, rates, spelling and place', () => {
    fc.assert(
      fc.property(
        attributes,
        fc.nat(1),
        fc.nat(),
        fc.nat(),
        lookAlike,
        group,
        fc.boolean(),
        (attrs, which, pick, place, spell, copy, rebalance) => {
          const original = judge(attrs);
          const attacked = structuredClone(attrs);
          const target = attacked[which]!;
          const real = target.groups[pick % target.groups.length]!;
          const twin: GroupRates = { ...copy, group: spell(real.group) };
          target.groups.splice(place % (target.groups.length + 1), 0, twin);
          // the careful attacker takes the twin's rows back out of `missing` and `excluded`, so the totals reconcile
          if (rebalance) {
            const fromMissing = Math.min(twin.n, target.missing ?? 0);
            target.missing = (target.missing ?? 0) - fromMissing;
            const fromExcluded = Math.min(twin.n - fromMissing, target.excluded ?? 0);
            target.excluded = (target.excluded ?? 0) - fromExcluded;
            twin.n = fromMissing + fromExcluded;
          }
          const result = judge(attacked, rowsOf(attrs));
          expect(result.status).toBe('fail');
          expect(result.findings.map((f) => f.code)).toContain('BIAS_GROUP_DUPLICATE');
          // and, the property the issue names: never a pass where the original report fails
          if (original.status === 'fail') expect(result.status).not.toBe('pass');
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('breaks the reconciliation, at that attribute, when any group n is shifted by any amount', () => {
    fc.assert(
      fc.property(
        attributes,
        fc.nat(1),
        fc.nat(),
        fc.integer({ min: -5000, max: 5000 }).filter((d) => d !== 0),
        (attrs, which, pick, delta) => {
          const rows = rowsOf(attrs);
          const shifted = structuredClone(attrs);
          const g = shifted[which]!.groups[pick % shifted[which]!.groups.length]!;
          fc.pre(g.n + delta >= 0);
          g.n += delta;
          const result = judge(shifted, rows);
          expect(result.status).toBe('fail');
          const hits = result.findings.filter((f) => f.code === 'BIAS_ROWS_DO_NOT_RECONCILE');
          expect(hits.map((f) => f.pointer)).toEqual([`/attributes/${which}/groups`]);
          expect(hits[0]!.message).toContain(`but dataset.rows is ${rows}: ${Math.abs(delta)} row(s)`);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});
