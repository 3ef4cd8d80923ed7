/**
 * Properties of the version rule (a promotion must be strictly greater than the base, by SemVer 2.0.0 precedence,
 * checked against an independent reference comparator written here from the spec) and of the bias recomputation
 * (spreads and ratios recomputed from the group rates, small groups excluded and listed, never silently; reported
 * values agree exactly when they are the recomputed value written with fewer decimals).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { agreesWithReported, recomputeAttribute } from '../../src/checks/bias-metrics.js';
import { isStrictSemver, runVersion } from '../../src/checks/version.js';
import type { BiasAttribute } from '../../src/formats/bias-report.js';
import { contextWith, jsonDocument } from '../support/release-context.js';

// ------------------------------------------------------------------ SemVer precedence (spec §11), independently
const ident = fc.oneof(
  fc.nat(50).map(String),
  fc.stringMatching(/^[0-9A-Za-z-]{1,5}$/).filter((s) => !/^\d+$/.test(s)),
);
const version = fc
  .record({
    major: fc.nat(30),
    minor: fc.nat(30),
    patch: fc.nat(30),
    pre: fc.option(fc.array(ident, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  })
  .map((v) => `${v.major}.${v.minor}.${v.patch}${v.pre ? '-' + v.pre.join('.') : ''}`);

/** SemVer 2.0.0 §11 precedence: <0, 0, >0. Build metadata is ignored. */
function precedence(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split('+')[0]!.split(/-(.*)/s);
    return { nums: core!.split('.').map(Number), pre: pre === undefined ? [] : pre.split('.') };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i]! - y.nums[i]!;
  if (x.pre.length === 0 || y.pre.length === 0) return (x.pre.length === 0 ? 1 : 0) - (y.pre.length === 0 ? 1 : 0);
  for (let i = 0; i < Math.min(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i]!;
    const q = y.pre[i]!;
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return x.pre.length - y.pre.length;
}

function versionContext(head: string, base: string) {
  const manifest = (v: string, weights: string) => ({
    name: 'fraud-detection',
    version: v,
    release: { type: 'promotion', reason: 'retrain' },
    artifacts: [{ path: 'model/weights/model.onnx', sha256: weights, size: 1 }],
  });
  return contextWith({
    manifest: jsonDocument('model/manifest.json', manifest(head, 'a'.repeat(64))),
    base: {
      kind: 'found',
      ref: 'main',
      commit: 'c'.repeat(40),
      manifest: jsonDocument('model/manifest.json', manifest(base, 'b'.repeat(64))),
    },
  });
}

describe('version rule', () => {
  it('accepts every SemVer 2.0.0 version and refuses it with a "v" or "=" prefix or a missing part', () => {
    fc.assert(
      fc.property(version, fc.constantFrom('v', '=', ' '), (v, prefix) => {
        expect(isStrictSemver(v)).toBe(true);
        expect(isStrictSemver(prefix + v)).toBe(false);
        expect(isStrictSemver(v.replace(/^(\d+)\.(\d+)\.(\d+)/, '$1.$2'))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts build metadata (+build), which does not count as a newer version (SemVer §10)', () => {
    fc.assert(
      fc.property(version, fc.stringMatching(/^[0-9A-Za-z]{1,6}$/), (v, build) => {
        expect(isStrictSemver(`${v}+${build}`)).toBe(true);
        // The gate agrees: a changed release that only adds build metadata was not bumped.
        expect(runVersion(versionContext(`${v}+${build}`, v)).findings.map((f) => f.code)).toEqual([
          'VERSION_NOT_BUMPED',
        ]);
      }),
      { numRuns: 100 },
    );
  });

  it('passes a changed promotion exactly when its version is greater than the base by SemVer precedence', () => {
    fc.assert(
      fc.property(version, version, (head, base) => {
        const codes = runVersion(versionContext(head, base)).findings.map((f) => f.code);
        const p = precedence(head, base);
        if (p > 0) expect(codes).toEqual([]);
        else if (p === 0) expect(codes).toEqual(['VERSION_NOT_BUMPED']);
        else expect(codes).toEqual(['VERSION_NOT_INCREASED']);
      }),
      { numRuns: 500 },
    );
  });
});

// ------------------------------------------------------------------ bias recomputation
const rate = fc.double({ min: 0, max: 1, noNaN: true });
const groupsArb = fc.uniqueArray(
  fc.record({
    group: fc.stringMatching(/^[a-z]{1,6}$/),
    n: fc.integer({ min: 0, max: 5000 }),
    selectionRate: rate,
    truePositiveRate: rate,
    falsePositiveRate: rate,
  }),
  { minLength: 2, maxLength: 8, selector: (g) => g.group },
);

describe('bias recomputation', () => {
  it('recomputes DPD as max − min and the DI ratio as min / max over exactly the groups of at least minGroupSize', () => {
    fc.assert(
      fc.property(groupsArb, fc.integer({ min: 1, max: 3000 }), (groups, minGroupSize) => {
        const attr = { name: 'sex', groups, metrics: {} } as unknown as BiasAttribute;
        const r = recomputeAttribute(attr, { minGroupSize });
        const kept = groups.filter((g) => g.n >= minGroupSize);
        expect(r.exclusions.map((e) => e.group).sort()).toEqual(
          groups
            .filter((g) => g.n < minGroupSize)
            .map((g) => g.group)
            .sort(),
        );
        const dpd = r.judged.demographic_parity_difference!;
        const di = r.judged.disparate_impact_ratio!;
        if (kept.length < 2) {
          expect(dpd.kind).toBe('undefined');
          return;
        }
        const rates = kept.map((g) => g.selectionRate);
        expect(dpd).toMatchObject({ kind: 'defined', value: Math.max(...rates) - Math.min(...rates) });
        if (Math.max(...rates) > 0)
          expect(di).toMatchObject({ kind: 'defined', value: Math.min(...rates) / Math.max(...rates) });
        else expect(di.kind).toBe('undefined');
        const eod = r.judged.equalized_odds_difference!;
        const spread = (k: 'truePositiveRate' | 'falsePositiveRate') =>
          Math.max(...kept.map((g) => g[k])) - Math.min(...kept.map((g) => g[k]));
        expect(eod).toMatchObject({
          kind: 'defined',
          value: Math.max(spread('truePositiveRate'), spread('falsePositiveRate')),
        });
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order the groups are listed in', () => {
    fc.assert(
      fc.property(groupsArb, fc.integer({ min: 1, max: 3000 }), (groups, minGroupSize) => {
        const a = recomputeAttribute({ name: 's', groups, metrics: {} } as unknown as BiasAttribute, { minGroupSize });
        const b = recomputeAttribute(
          { name: 's', groups: [...groups].reverse(), metrics: {} } as unknown as BiasAttribute,
          { minGroupSize },
        );
        const values = (x: typeof a) =>
          Object.fromEntries(
            Object.entries(x.judged).map(([k, v]) => [k, v.kind === 'defined' ? v.value : 'undefined']),
          );
        expect(values(b)).toEqual(values(a));
      }),
      { numRuns: 300 },
    );
  });

  it('never judges a metric that involves a non-finite or missing rate (undefined, never a pass)', () => {
    fc.assert(
      fc.property(
        groupsArb,
        fc.nat(7),
        fc.constantFrom(null, undefined, Number.NaN, Number.POSITIVE_INFINITY),
        (groups, pick, bad) => {
          const g = groups.map((x) => ({ ...x, n: 1000 }));
          (g[pick % g.length] as Record<string, unknown>)['selectionRate'] = bad;
          const r = recomputeAttribute({ name: 's', groups: g, metrics: {} } as unknown as BiasAttribute, {
            minGroupSize: 1,
          });
          expect(r.judged.demographic_parity_difference!.kind).toBe('undefined');
          expect(r.judged.disparate_impact_ratio!.kind).toBe('undefined');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('agrees with a reported value exactly when it is the recomputed one rounded to the decimals it is written with', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 8 }), (x, d) => {
        const rounded = Number(x.toFixed(d));
        expect(agreesWithReported(rounded, x)).toBe(true);
        const offText = (rounded + 2 * 10 ** -d).toFixed(d);
        // A number keeps no trailing zeros: "0.000010" reads back as 1e-5, whose stated precision (5 decimals) is
        // coarser, so two units of the 6th decimal may lie within it. Judge only values that keep d decimals.
        if (!offText.endsWith('0')) expect(agreesWithReported(Number(offText), x)).toBe(false);
        expect(agreesWithReported(Number.NaN, x)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
