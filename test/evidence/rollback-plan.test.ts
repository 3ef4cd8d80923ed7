/**
 * The rollback plan's write rules, as properties: it restores only what the archived checksum record covers (any
 * subset of the required lines missing is refused, naming exactly those), and it writes only to the policy's paths
 * (whatever bias report path the archived manifest names).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sha256Hex } from '../../src/formats/canonical-digest.js';
import { gitBlobId } from '../../src/adapters/git-history.js';
import { buildRollbackPlan, type RollbackPlanInput } from '../../src/evidence/rollback-plan.js';

const DIR = 'artifacts/fraud-detection/1.0.0';
const POLICY_MANIFEST = 'model/manifest.json';
const POLICY_REPORT = 'reports/latest-bias-report.json';
const REPORT = Buffer.from('{"schemaVersion":"1.0"}\n');
const hex = (i: number) => sha256Hex(`artifact ${i}`);

/** A plan input for an archived 1.0.0 with `n` artifacts, whose record holds `kept` of the required lines. */
function inputFor(n: number, keep: (path: string) => boolean, declaredReport: string | undefined): RollbackPlanInput {
  const artifacts = Array.from({ length: n }, (_, i) => ({ path: `model/weights/w${i}.bin`, sha256: hex(i), size: 1 }));
  const manifest = Buffer.from(
    JSON.stringify({
      name: 'fraud-detection',
      version: '1.0.0',
      artifacts,
      ...(declaredReport !== undefined ? { biasReport: { path: declaredReport, sha256: sha256Hex(REPORT) } } : {}),
    }),
  );
  const required = [
    ...artifacts.map((a) => ({ path: a.path, sha256: a.sha256 })),
    { path: `${DIR}/manifest.json`, sha256: sha256Hex(manifest) },
    { path: `${DIR}/bias-report.json`, sha256: sha256Hex(REPORT) },
  ];
  const kept = required.filter((r) => keep(r.path));
  return {
    toVersion: '1.0.0',
    reason: 'AUC dropped 8% on live traffic (INC-42)',
    minReasonLength: 10,
    current: { model: 'fraud-detection', version: '2.0.0' },
    target: {
      dir: DIR,
      manifest,
      biasReport: REPORT,
      checksums: Buffer.from(kept.map((r) => `${r.sha256}  ${r.path}\n`).join('')),
      evidence: Buffer.from('{}'),
    },
    workingTreeDiffers: [],
    releasedOnBase: true,
    baseRef: 'main',
    archivedVersions: ['1.0.0'],
    observed: Object.fromEntries(required.map((r) => [r.path, r.sha256])),
    replacedArchive: { kind: 'unchanged', model: 'fraud-detection', version: '2.0.0', dir: 'artifacts/x/2.0.0' },
    manifestPath: POLICY_MANIFEST,
    biasReportPath: POLICY_REPORT,
    actor: 'erin',
    now: new Date('2025-05-01T00:00:00Z'),
  };
}

describe('buildRollbackPlan (properties)', () => {
  it('refuses any record that leaves a required file out, naming exactly the uncovered files', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (n, bits) => {
        const paths = [
          ...Array.from({ length: n }, (_, i) => `model/weights/w${i}.bin`),
          `${DIR}/manifest.json`,
          `${DIR}/bias-report.json`,
        ];
        const kept = new Set(paths.filter((_, i) => bits[i % bits.length]));
        const plan = buildRollbackPlan(inputFor(n, (p) => kept.has(p), POLICY_REPORT));
        const uncovered = [`${DIR}/manifest.json`, `${DIR}/bias-report.json`, ...paths.slice(0, n)].filter(
          (p) => !kept.has(p),
        );
        if (uncovered.length === 0) {
          expect(plan).toMatchObject({ kind: 'write' });
          expect(plan.kind === 'write' && [...plan.verified].sort()).toEqual([...paths].sort());
        } else {
          expect(plan).toMatchObject({ kind: 'refused', exitCode: 1 });
          expect(plan.kind === 'refused' && plan.message).toContain(`; not covered: ${uncovered.join(', ')}`);
        }
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  it('writes only to the policy paths, whatever bias report path the archived manifest names', () => {
    const declared = fc.constantFrom(
      undefined,
      POLICY_REPORT,
      '.github/workflows/deploy.yml',
      'reports/other.json',
      '../outside.json',
      '/etc/passwd',
      'model/manifest.json',
    );
    fc.assert(
      fc.property(declared, (path) => {
        const plan = buildRollbackPlan(inputFor(2, () => true, path));
        if (path === undefined || path === POLICY_REPORT) {
          expect(plan.kind === 'write' && plan.writes.map((w) => w.path)).toEqual([POLICY_MANIFEST, POLICY_REPORT]);
        } else {
          expect(plan).toMatchObject({ kind: 'refused', exitCode: 1 });
          expect(plan.kind === 'refused' && plan.message).toContain(`not the policy's ${POLICY_REPORT}`);
        }
      }),
      { seed: 42, numRuns: 50 },
    );
  });

  it('refuses an archive that was never released on the base, or one missing its evidence index', () => {
    const never = buildRollbackPlan({ ...inputFor(1, () => true, POLICY_REPORT), releasedOnBase: false });
    expect(never).toMatchObject({ kind: 'refused', exitCode: 1 });
    expect(never.kind === 'refused' && never.message).toContain(
      `${DIR}/manifest.json was never the release in force on main`,
    );
    const input = inputFor(1, () => true, POLICY_REPORT);
    const { evidence: _e, ...target } = input.target;
    const noIndex = buildRollbackPlan({ ...input, target });
    expect(noIndex.kind === 'refused' && noIndex.message).toBe(
      `${DIR}/ lacks evidence.json, so the restored release cannot be verified`,
    );
  });
});

describe('buildRollbackPlan with model files restored from git', () => {
  const W0 = 'model/weights/w0.bin';
  const bytes = Buffer.from('artifact 0');
  const COMMIT = 'a'.repeat(40);
  /** w0 is missing from the working tree; git holds its archived bytes at the recorded commit. */
  function withRestore(): RollbackPlanInput {
    const input = inputFor(1, () => true, POLICY_REPORT);
    return {
      ...input,
      observed: { ...input.observed, [W0]: undefined },
      restore: {
        dir: DIR,
        recordedCommit: COMMIT,
        commitPresent: true,
        shallow: false,
        protectedPaths: {
          manifest: POLICY_MANIFEST,
          biasReport: POLICY_REPORT,
          policy: '.github/p.yml',
          archiveDir: 'artifacts',
        },
        artifacts: [
          {
            record: { path: W0, sha256: hex(0), size: bytes.length },
            worktree: { kind: 'missing' },
            atRecorded: { kind: 'entry', mode: '100644', id: gitBlobId(bytes), bytes },
          },
        ],
      },
    };
  }

  it('writes the restored file first, counts it verified, and logs where it came from', () => {
    const plan = buildRollbackPlan(withRestore());
    expect(plan.kind).toBe('write');
    if (plan.kind !== 'write') return;
    expect(plan.writes.map((w) => w.path)).toEqual([W0, POLICY_MANIFEST, POLICY_REPORT]);
    expect(Buffer.from(plan.writes[0]!.bytes).equals(bytes)).toBe(true);
    expect(plan.verified).toContain(W0);
    expect(plan.restored).toEqual([{ path: W0, bytes, blob: gitBlobId(bytes), mode: '100644', verifiedBy: 'content' }]);
    expect(plan.restoredFromCommit).toBe(COMMIT);
    expect(plan.events.at(-1)!.details).toMatchObject({ modelFilesFrom: COMMIT, modelFilesRestored: [W0] });
  });

  it('reports a record that disagrees with the archived manifest before reading anything from git', () => {
    const input = withRestore();
    const checksums = Buffer.from(Buffer.from(input.target.checksums!).toString('utf8').replace(hex(0), hex(9)));
    const plan = buildRollbackPlan({ ...input, target: { ...input.target, checksums } });
    expect(plan).toMatchObject({ kind: 'refused', exitCode: 1 });
    expect(plan.kind === 'refused' && plan.message).toBe(
      `the files of fraud-detection 1.0.0 do not match ${DIR}/checksums.sha256: ${DIR}/checksums.sha256 records ${W0} as ${hex(9)}, the archived release declares ${hex(0)}; ${W0} is missing`,
    );
  });
});
