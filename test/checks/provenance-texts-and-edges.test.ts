/**
 * The provenance check's words and edges: every finding's message and fix as a PR author reads them, the summary of
 * a failing run, and both sides of each rule's edge: two timestamps that are equal are in order; a moment exactly at
 * the clock-skew allowance is not in the future; a data window from a day to the same day is ordered; a bias report
 * without a readable generatedAt adds no moment (a number must not be read as a year). A manifest or base that
 * leaves out a part (no provenance.data, a base without provenance or featureSchemaVersion, an invalid version)
 * gives a finding about what is missing or none, never a crash. The full mutation run changed these unseen; note
 * `toEqual([])` would also accept `[undefined]`, so empty results are checked with `toStrictEqual`.
 */
import { describe, expect, it } from '@jest/globals';
import { CLOCK_SKEW_MS, provenanceCheck } from '../../src/checks/provenance.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { withDefaults } from '../../src/policy/defaults.js';
import {
  COMMIT,
  NOW,
  integrityContext,
  integrityManifest,
  manifestDoc,
  type IntegrityOptions,
} from './integrity-fixtures.js';

const policy = withDefaults(undefined);
const run = (options: IntegrityOptions = {}) => provenanceCheck.run(integrityContext(options).ctx, policy);
const findingsOf = (options: IntegrityOptions) => run(options).findings;

/** A base release of the same model at 2.3.0, after `edit`. */
function withBase(edit: (base: Manifest) => void): IntegrityOptions['context'] {
  const base = integrityManifest();
  base.version = '2.3.0';
  edit(base);
  return { base: { kind: 'found', ref: 'main', commit: 'b'.repeat(40), manifest: manifestDoc(base) } };
}

/** The base's feature schema was v1 (the head's is v2). */
const schemaWasV1 = (b: Manifest) => void (b.provenance.featureSchemaVersion = 'v1');

describe('the code commit outside a git repository', () => {
  it('says why it cannot be verified and how to run the gate', () => {
    const [f] = findingsOf({ context: { git: { isRepository: false, commitExists: {} } } });
    expect(f!.message).toBe(
      `The code commit ${COMMIT} cannot be verified: the working directory is not a git repository.`,
    );
    expect(f!.fix).toBe('Run mlgov inside a clone of the repository (actions/checkout in CI).');
  });
});

describe('the timeline', () => {
  it('an unparseable timestamp: its name and value, and how to write one', () => {
    const result = run({ manifest: (m) => void (m.provenance.training.startedAt = 'yesterday') });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]!.message).toBe('provenance.training.startedAt "yesterday" is not a valid date-time.');
    expect(result.findings[0]!.fix).toBe('Write an RFC 3339 date-time with a time zone, e.g. 2026-10-31T03:10:00Z.');
    expect(result.summary).toBe('1 provenance problem(s)');
  });

  it('out of order: the fix says to correct the timestamps', () => {
    const [f] = findingsOf({ manifest: (m) => void (m.provenance.training.finishedAt = '2026-11-19T00:00:00Z') });
    expect(f!.fix).toBe(
      'Correct the timestamps to when each step really happened (re-run the step if it was done out of order).',
    );
  });

  it('training that ended the moment it started is in order', () => {
    expect(
      findingsOf({ manifest: (m) => void (m.provenance.training.finishedAt = '2026-11-20T01:00:00Z') }),
    ).toStrictEqual([]);
  });

  it('in the future: the message names the moment and now, the fix names clock drift', () => {
    const [f] = findingsOf({ report: (r) => void (r.generatedAt = '2026-11-24T00:00:00Z') });
    expect(f!.message).toBe(
      `the bias report generatedAt 2026-11-24T00:00:00Z is after now (${NOW}): it lies in the future.`,
    );
    expect(f!.fix).toBe(
      'Correct the timestamp (a clock that runs ahead on the training or reporting machine is a common cause).',
    );
  });

  it('exactly at the clock-skew allowance is not in the future; a millisecond later is', () => {
    const edge = new Date(Date.parse(NOW) + CLOCK_SKEW_MS).toISOString();
    const past = new Date(Date.parse(NOW) + CLOCK_SKEW_MS + 1).toISOString();
    expect(findingsOf({ report: (r) => void (r.generatedAt = edge) })).toStrictEqual([]);
    expect(findingsOf({ report: (r) => void (r.generatedAt = past) }).map((f) => f.code)).toStrictEqual([
      'TIMESTAMP_ORDER',
    ]);
  });

  it('a bias report whose generatedAt is a number adds no moment (it is not read as a year)', () => {
    const asNumber = (r: BiasReport) => void ((r as unknown as { generatedAt: unknown }).generatedAt = 1999);
    expect(findingsOf({ report: asNumber })).toStrictEqual([]);
  });

  it('a bias report that could not be read adds no moment', () => {
    const { ctx } = integrityContext();
    ctx.biasReport = { ...ctx.biasReport!, value: undefined };
    expect(provenanceCheck.run(ctx, policy).findings).toStrictEqual([]);
  });
});

describe('the training data', () => {
  it('a missing snapshot: what cannot be traced and what to name', () => {
    const [f] = findingsOf({ manifest: (m) => void (m.provenance.data.featureStoreSnapshot = '') });
    expect(f!.message).toBe(
      'provenance.data.featureStoreSnapshot is not declared: the training data cannot be traced.',
    );
    expect(f!.fix).toBe('Name the feature-store snapshot the model was trained on (e.g. "fs-2026-10-01").');
  });

  it('no provenance.data at all is a missing snapshot (and nothing else)', () => {
    const noData = (m: Manifest) => void delete (m.provenance as { data?: unknown }).data;
    expect(findingsOf({ manifest: noData }).map((f) => [f.code, f.pointer])).toStrictEqual([
      ['DATA_SNAPSHOT_MISSING', '/provenance/data/featureStoreSnapshot'],
    ]);
  });

  it('a window running backwards: the fix says from ≤ to', () => {
    const [f] = findingsOf({
      manifest: (m) => void (m.provenance.data.window = { from: '2026-10-31', to: '2025-11-01' }),
    });
    expect(f!.fix).toBe('Write the training data window as from ≤ to.');
  });

  it('a window of a single day is ordered', () => {
    const oneDay = (m: Manifest) => void (m.provenance.data.window = { from: '2026-10-31', to: '2026-10-31' });
    expect(findingsOf({ manifest: oneDay })).toStrictEqual([]);
  });

  it.each([
    ['from', { from: 2027, to: '2025-11-01' }],
    ['to', { from: '2026-10-31', to: 2024 }],
  ])('a window whose %s is a number is not compared', (_which, window) => {
    const numeric = (m: Manifest) => void ((m.provenance.data as { window: unknown }).window = window);
    expect(findingsOf({ manifest: numeric })).toStrictEqual([]);
  });
});

describe('the feature schema against the base', () => {
  it('another model or a major bump: nothing', () => {
    expect(
      findingsOf({
        context: withBase((b) => {
          b.name = 'other-model';
          schemaWasV1(b);
        }),
      }),
    ).toStrictEqual([]);
    expect(findingsOf({ manifest: (m) => void (m.version = '3.0.0'), context: withBase(schemaWasV1) })).toStrictEqual(
      [],
    );
  });

  it('a base without provenance, or without a featureSchemaVersion, has nothing to compare', () => {
    expect(
      findingsOf({ context: withBase((b) => void delete (b as { provenance?: unknown }).provenance) }),
    ).toStrictEqual([]);
    expect(
      findingsOf({
        context: withBase((b) => void delete (b.provenance as { featureSchemaVersion?: string }).featureSchemaVersion),
      }),
    ).toStrictEqual([]);
  });

  it('an invalid version on either side is left to the version check', () => {
    expect(findingsOf({ manifest: (m) => void (m.version = 'two'), context: withBase(schemaWasV1) })).toStrictEqual([]);
    expect(
      findingsOf({
        context: withBase((b) => {
          schemaWasV1(b);
          b.version = 'old';
        }),
      }),
    ).toStrictEqual([]);
  });
});
