/**
 * The built-in example (model/, reports/, .github/governance-policy.yml) must stay coherent: every size, checksum and
 * digest in it is recomputed here from the committed files. When a test fails, its diff names each stale value
 * (file, pointer) and the value it must become; update them in the order the README gives.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { BiasAttribute, BiasMetricName, BiasReport } from '../../src/formats/bias-report.js';
import { manifestDigest, reportDigest, sha256Hex } from '../../src/formats/canonical-digest.js';
import { parseJsonDocument } from '../../src/formats/json-document.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { validateAgainstSchema, type SchemaKind } from '../../src/formats/schema-validator.js';
import type { ParsedDocument } from '../../src/formats/parsed-document.js';
import { parseYamlDocument } from '../../src/formats/yaml-document.js';
import type { Policy } from '../../src/policy/policy.js';
import { buildStandInOnnx } from './onnx-stand-in.js';

const MANIFEST = 'model/manifest.json';
const REPORT = 'reports/latest-bias-report.json';
const POLICY = '.github/governance-policy.yml';

const read = (rel: string): Buffer => readFileSync(new URL(`../../${rel}`, import.meta.url));

const manifestDoc = parseJsonDocument(MANIFEST, read(MANIFEST));
const reportDoc = parseJsonDocument(REPORT, read(REPORT));
const policyDoc = parseYamlDocument(POLICY, read(POLICY));
const manifest = manifestDoc.value as Manifest;
const report = reportDoc.value as BiasReport;
const policy = policyDoc.value as Policy;

/** A stale value: where it is, what it says, what it must be. */
interface Stale {
  where: string;
  written: unknown;
  expected: unknown;
}

function staleIfDifferent(where: string, written: unknown, expected: unknown): Stale[] {
  return written === expected ? [] : [{ where, written, expected }];
}

describe('built-in example: documents', () => {
  const documents: Array<[string, ParsedDocument, SchemaKind]> = [
    [MANIFEST, manifestDoc, 'manifest'],
    [REPORT, reportDoc, 'biasReport'],
    [POLICY, policyDoc, 'policy'],
  ];
  it.each(documents)('%s parses without problems and is schema-valid', (_file, doc, kind) => {
    expect(doc.problems).toEqual([]);
    expect(validateAgainstSchema(kind, doc.value)).toEqual([]);
  });

  it.each([MANIFEST, REPORT, 'model/weights/feature-schema.json'])(
    '%s is 2-space indented JSON ending with a newline',
    (file) => {
      const text = read(file).toString('utf8');
      expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
    },
  );

  it('the policy points editors at its schema and names the example roster', () => {
    const text = read(POLICY).toString('utf8');
    expect(text.startsWith('# yaml-language-server: $schema=../schemas/policy.schema.json\n')).toBe(true);
    expect(policy.approvals.roster).toEqual([
      { login: 'alice', roles: ['governance-board'] },
      { login: 'bob', roles: ['regulatory-affairs'] },
      { login: 'dave', roles: ['fairness-reviewer'] },
      { login: 'erin', roles: ['governance-board', 'force-approver'] },
    ]);
    expect(policy.approvals.required).toEqual([
      { role: 'governance-board', count: 1 },
      { role: 'regulatory-affairs', count: 1 },
    ]);
  });
});

describe('built-in example: checksums and digests are current', () => {
  it('model/weights/model.onnx is exactly the stand-in the generator builds', () => {
    const committed = read('model/weights/model.onnx');
    expect(sha256Hex(committed)).toBe(sha256Hex(buildStandInOnnx()));
  });

  it('every artifact size and sha256 in the manifest matches the file', () => {
    const stale = manifest.artifacts.flatMap((a, i) => {
      const bytes = read(a.path);
      return [
        ...staleIfDifferent(`${MANIFEST} /artifacts/${i}/size`, a.size, bytes.length),
        ...staleIfDifferent(`${MANIFEST} /artifacts/${i}/sha256`, a.sha256, sha256Hex(bytes)),
      ];
    });
    expect(stale).toEqual([]);
    expect(manifest.artifacts.map((a) => a.path)).toEqual([
      'model/weights/model.onnx',
      'model/weights/feature-schema.json',
    ]);
  });

  it("the reviewer's reportDigest binds the bias report as committed", () => {
    const stale = (report.approvals ?? []).flatMap((a, i) =>
      staleIfDifferent(`${REPORT} /approvals/${i}/reportDigest`, a.reportDigest, reportDigest(report)),
    );
    expect(stale).toEqual([]);
    expect(report.approvals).toEqual([
      expect.objectContaining({ approver: 'dave', role: 'fairness-reviewer', decision: 'approved' }),
    ]);
  });

  it("the manifest's biasReport.sha256 is the SHA-256 of the report file's bytes", () => {
    expect(
      staleIfDifferent(`${MANIFEST} /biasReport/sha256`, manifest.biasReport.sha256, sha256Hex(read(REPORT))),
    ).toEqual([]);
    expect(manifest.biasReport.path).toBe(REPORT);
  });

  it("the board's manifestDigest binds the manifest as committed", () => {
    const stale = (manifest.approvals ?? []).flatMap((a, i) =>
      staleIfDifferent(`${MANIFEST} /approvals/${i}/manifestDigest`, a.manifestDigest, manifestDigest(manifest)),
    );
    expect(stale).toEqual([]);
    expect(manifest.approvals?.map((a) => [a.approver, a.role, a.decision])).toEqual([
      ['alice', 'governance-board', 'approved'],
      ['bob', 'regulatory-affairs', 'approved'],
    ]);
  });
});

describe('built-in example: content', () => {
  const rate = (x: number | null | undefined): number => {
    if (typeof x !== 'number') throw new Error('example rates are all defined');
    return x;
  };
  const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
  const recompute = (attr: BiasAttribute): Record<BiasMetricName, number> => {
    const s = attr.groups.map((g) => rate(g.selectionRate));
    const t = attr.groups.map((g) => rate(g.truePositiveRate));
    const f = attr.groups.map((g) => rate(g.falsePositiveRate));
    return {
      demographic_parity_difference: spread(s),
      disparate_impact_ratio: Math.min(...s) / Math.max(...s),
      equalized_odds_difference: Math.max(spread(t), spread(f)),
      false_positive_rate_difference: spread(f),
      true_positive_rate_difference: spread(t),
    };
  };

  it('covers sex and age_band with 3-4 groups of at least 30 rows, rates consistent with the counts', () => {
    expect(report.attributes.map((a) => a.name)).toEqual(['sex', 'age_band']);
    for (const attr of report.attributes) {
      expect(attr.groups.length).toBeGreaterThanOrEqual(3);
      expect(attr.groups.length).toBeLessThanOrEqual(4);
      for (const g of attr.groups) {
        expect(g.n).toBeGreaterThanOrEqual(30);
        expect(g.positives! + g.negatives!).toBe(g.n);
        const tp = rate(g.truePositiveRate) * g.positives!;
        const fp = rate(g.falsePositiveRate) * g.negatives!;
        expect(Math.abs(tp - Math.round(tp))).toBeLessThan(1e-6);
        expect(Math.abs(fp - Math.round(fp))).toBeLessThan(1e-6);
        expect(rate(g.selectionRate)).toBeCloseTo((Math.round(tp) + Math.round(fp)) / g.n, 12);
      }
    }
  });

  it('summary metrics are the recomputed ones, rounded correctly to 4 decimals, and within every threshold', () => {
    const stale: Stale[] = [];
    for (const [ai, attr] of report.attributes.entries()) {
      const recomputed = recompute(attr);
      for (const [name, written] of Object.entries(attr.metrics) as Array<[BiasMetricName, number]>) {
        const exact = recomputed[name];
        stale.push(
          ...staleIfDifferent(`${REPORT} /attributes/${ai}/metrics/${name}`, written, Math.round(exact * 1e4) / 1e4),
        );
        // Not within a hair of a rounding boundary, so every tool rounds it the same way.
        expect(Math.abs(((exact * 1e4) % 1) - 0.5)).toBeGreaterThan(1e-3);
        for (const threshold of [policy.bias.thresholds[name], report.thresholds?.[name]]) {
          if (threshold?.max !== undefined) expect(exact).toBeLessThanOrEqual(threshold.max);
          if (threshold?.min !== undefined) expect(exact).toBeGreaterThanOrEqual(threshold.min);
        }
      }
      expect(Object.keys(attr.metrics)).toEqual(
        expect.arrayContaining([
          'demographic_parity_difference',
          'disparate_impact_ratio',
          'equalized_odds_difference',
        ]),
      );
    }
    expect(stale).toEqual([]);
  });

  it('belongs to the manifest, and its timestamps are in order', () => {
    expect(report.model).toEqual({ name: manifest.name, version: manifest.version });
    expect(manifest).toMatchObject({
      name: 'fraud-detection',
      version: '2.4.0',
      jira: 'MLGOV-123',
      release: { type: 'initial' },
    });
    expect(manifest.provenance.training.triggeredBy).toBe('carol');
    const times = [
      manifest.provenance.training.startedAt,
      manifest.provenance.training.finishedAt,
      manifest.evaluation.evaluatedAt,
      report.generatedAt,
      ...(report.approvals ?? []).map((a) => a.at),
      ...(manifest.approvals ?? []).map((a) => a.at),
    ].map((t) => Date.parse(t));
    expect(times.every((t) => Number.isFinite(t))).toBe(true);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(manifest.evaluation.evaluatedAt).toBe('2026-11-18T06:00:00Z');
    expect(report.generatedAt).toBe('2026-11-18T07:00:00Z');
  });

  it('approvers are on the roster with the role they act in, and none is the one who trained the model', () => {
    const roles = new Map(policy.approvals.roster.map((m) => [m.login, m.roles]));
    for (const a of [...(manifest.approvals ?? []), ...(report.approvals ?? [])]) {
      expect(roles.get(a.approver)).toContain(a.role);
      expect(a.approver).not.toBe(manifest.provenance.training.triggeredBy);
    }
  });
});
