import { describe, expect, it } from '@jest/globals';
import { versionCheck } from '../../src/checks/version.js';
import type { BiasReport } from '../../src/formats/bias-report.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { withDefaults } from '../../src/policy/defaults.js';
import type { BaseFacts } from '../../src/release/release-context.js';
import {
  integrityContext,
  integrityManifest,
  integrityReport,
  lineOf,
  manifestDoc,
  reportDoc,
  type IntegrityOptions,
} from './integrity-fixtures.js';
import { baseArchiveFacts } from '../support/base-archive.js';

const policy = withDefaults(undefined);
const run = (options: IntegrityOptions = {}) => versionCheck.run(integrityContext(options).ctx, policy);
const versionLine = lineOf(integrityManifest(), '"version": "2.4.0"');

/** A base release: by default the head manifest as it is, at version 2.3.0. */
function base(edit: (b: Manifest) => void = () => undefined, report?: BiasReport): BaseFacts {
  const b = integrityManifest();
  b.version = '2.3.0';
  edit(b);
  return {
    kind: 'found',
    ref: 'main',
    commit: 'b'.repeat(40),
    manifest: manifestDoc(b),
    ...(report ? { biasReport: reportDoc(report) } : {}),
  };
}

describe('version: on its own', () => {
  it.each(['2.4', 'v2.4.0', '2.4.0.1', '02.4.0', 'latest'])('%j is VERSION_INVALID at /version', (version) => {
    const result = run({ manifest: (m) => void (m.version = version) });
    expect(result.findings).toMatchObject([
      { severity: 'error', code: 'VERSION_INVALID', pointer: '/version', line: versionLine },
    ]);
    expect(result.findings[0]!.message).toContain(`"${version}"`);
  });

  it.each(['2.4.0+build.5', '2.4.0-rc.1+sha.0beef', '2.4.0-rc.1'])(
    '%j is valid SemVer (pre-release, build metadata)',
    (version) => {
      expect(
        run({ manifest: (m) => void (m.version = version) }).findings.filter((f) => f.code === 'VERSION_INVALID'),
      ).toEqual([]);
    },
  );

  it('no base: pass, "no base release to compare (initial)"', () => {
    const result = run();
    expect(result).toMatchObject({
      status: 'pass',
      findings: [],
      summary: '2.4.0: no base release to compare (initial)',
    });
  });

  it('a base that could not be read is BASE_UNAVAILABLE, indeterminate, with the reason and fix from the facts', () => {
    const result = run({
      context: {
        base: { kind: 'unavailable', ref: 'origin/main', reason: 'the ref does not exist', fix: 'fetch origin/main' },
      },
    });
    expect(result.findings).toEqual([
      {
        severity: 'error',
        code: 'BASE_UNAVAILABLE',
        indeterminate: true,
        message: 'The base release (origin/main) could not be read: the ref does not exist',
        file: 'model/manifest.json',
        pointer: '/version',
        line: versionLine,
        column: expect.any(Number),
        fix: 'fetch origin/main',
      },
    ]);
  });

  it('a base without a manifest is an initial release', () => {
    const result = run({ context: { base: { kind: 'found', ref: 'main', commit: 'b'.repeat(40) } } });
    expect(result).toMatchObject({ status: 'pass', summary: '2.4.0: the base main has no manifest (initial release)' });
  });
});

describe('version: against the base release', () => {
  it('a promotion above the base passes', () => {
    const result = run({ context: { base: base() } });
    expect(result).toMatchObject({ status: 'pass', findings: [], summary: '2.3.0 → 2.4.0 (promotion)' });
  });

  it.each(['2.3.0', '2.2.9'])('a promotion to %s, not above base 2.3.1, is VERSION_NOT_INCREASED', (head) => {
    const result = run({
      manifest: (m) => void (m.version = head),
      context: { base: base((b) => void (b.version = '2.3.1')) },
    });
    expect(result.findings).toMatchObject([{ code: 'VERSION_NOT_INCREASED', pointer: '/version', line: versionLine }]);
    expect(result.findings[0]!.message).toBe(
      `A promotion must have a version greater than the base release: ${head} is not greater than 2.3.1.`,
    );
  });

  it('an initial release below the base is VERSION_NOT_INCREASED too', () => {
    const result = run({
      manifest: (m) => {
        m.release.type = 'initial';
        m.version = '1.0.0';
      },
      context: { base: base() },
    });
    expect(result.findings.map((f) => f.code)).toEqual(['VERSION_NOT_INCREASED']);
  });

  /** A candidate 2.2.0 declared a rollback; with `archived`, the base archived exactly that release. */
  function rollbackTo220(archived: boolean) {
    const { ctx, manifest } = integrityContext({
      manifest: (m) => {
        m.release = { type: 'rollback', reason: 'Incident INC-42: false positives doubled' };
        m.version = '2.2.0';
      },
      context: { base: base() },
    });
    if (archived) {
      const copy = structuredClone(manifest);
      copy.release = { type: 'promotion', reason: 'Promoted 2.2.0 in October' };
      ctx.evidence = baseArchiveFacts({
        archived: copy,
        reportText: JSON.stringify(integrityReport(), null, 2) + '\n',
      });
      // The candidate's report is byte for byte the archived one.
      ctx.biasReport = {
        ...ctx.biasReport!,
        sha256: ctx.evidence.baseFiles['artifacts/fraud-detection/2.2.0/bias-report.json']!,
      };
    }
    return versionCheck.run(ctx, policy);
  }

  it('a rollback the base derives (the archived release, restored) may go to a lower version', () => {
    expect(rollbackTo220(true)).toMatchObject({ status: 'pass', findings: [] });
  });

  it('a declared rollback to a version the base never archived must still increase (VERSION_NOT_INCREASED)', () => {
    expect(rollbackTo220(false).findings).toMatchObject([
      { code: 'VERSION_NOT_INCREASED', pointer: '/version', line: versionLine },
    ]);
  });

  it('a changed release reusing an archived version is VERSION_ALREADY_RELEASED, even above the base', () => {
    const { ctx, manifest } = integrityContext({ context: { base: base() } });
    const archived = structuredClone(manifest);
    archived.artifacts[0]!.sha256 = 'c'.repeat(64);
    ctx.evidence = baseArchiveFacts({ archived, reportText: '{}\n' });
    const result = versionCheck.run(ctx, policy);
    expect(result.findings).toMatchObject([
      { code: 'VERSION_ALREADY_RELEASED', severity: 'error', pointer: '/version', line: versionLine },
    ]);
    expect(result.findings[0]!.message).toContain('artifacts/fraud-detection/2.4.0/ on the base');
  });

  it('a released version with build metadata added (2.4.0+rebuilt) is still VERSION_ALREADY_RELEASED', () => {
    const { ctx } = integrityContext({
      manifest: (m) => void (m.version = '2.4.0+rebuilt'),
      context: { base: base() },
    });
    ctx.evidence = {
      archiveDir: 'artifacts',
      baseFiles: {},
      headFiles: {},
      archivedVersions: [],
      baseArchivedVersions: ['2.4.0'],
    };
    expect(versionCheck.run(ctx, policy).findings.map((f) => f.code)).toEqual(['VERSION_ALREADY_RELEASED']);
  });

  it('same version with only the evaluation changed is VERSION_NOT_BUMPED ("the manifest")', () => {
    const result = run({
      context: {
        base: base((b) => {
          b.version = '2.4.0';
          b.evaluation.metrics = { auc: 0.99 };
        }),
      },
    });
    expect(result.findings).toMatchObject([{ code: 'VERSION_NOT_BUMPED', pointer: '/version', line: versionLine }]);
    expect(result.findings[0]!.message).toBe(
      'the manifest changed since the base release, but the version is still 2.4.0.',
    );
  });

  it('same version, nothing changed: pass, "unchanged from base"', () => {
    const result = run({ context: { base: base((b) => void (b.version = '2.4.0')) } });
    expect(result).toMatchObject({ status: 'pass', findings: [], summary: 'unchanged from base 2.4.0' });
  });

  it('same version with a changed artifact is VERSION_NOT_BUMPED naming the artifact', () => {
    const result = run({
      context: {
        base: base((b) => {
          b.version = '2.4.0';
          b.artifacts[0]!.sha256 = 'a'.repeat(64);
        }),
      },
    });
    expect(result.findings).toMatchObject([{ code: 'VERSION_NOT_BUMPED', pointer: '/version', line: versionLine }]);
    expect(result.findings[0]!.message).toBe(
      'artifact(s) model/weights/model.onnx changed since the base release, but the version is still 2.4.0.',
    );
    expect(result.details).toMatchObject({ changedArtifacts: ['model/weights/model.onnx'], biasReportChanged: false });
  });

  it('same version with an added artifact is VERSION_NOT_BUMPED', () => {
    const result = run({
      context: {
        base: base((b) => {
          b.version = '2.4.0';
          b.artifacts.pop();
        }),
      },
    });
    expect(result.findings[0]!.message).toContain('model/weights/tokenizer.json');
  });

  it('same version with a changed bias report (by the manifest digest) is VERSION_NOT_BUMPED', () => {
    const result = run({
      report: null,
      context: {
        base: base((b) => {
          b.version = '2.4.0';
          b.biasReport.sha256 = 'a'.repeat(64);
        }),
      },
    });
    expect(result.findings[0]!.message).toBe(
      'the bias report changed since the base release, but the version is still 2.4.0.',
    );
  });

  it('a bias report that only gained a reviewer approval is not a model change', () => {
    const approved = integrityReport();
    approved.approvals = [
      {
        approver: 'dave',
        role: 'fairness-reviewer',
        decision: 'approved',
        at: '2026-11-22T00:00:00Z',
        reportDigest: 'sha256:' + '0'.repeat(64),
      },
    ];
    const result = run({
      context: {
        base: base((b) => {
          b.version = '2.4.0';
          b.biasReport.sha256 = 'a'.repeat(64);
        }, approved),
      },
    });
    expect(result).toMatchObject({ status: 'pass', summary: 'unchanged from base 2.4.0' });
    const changed = integrityReport();
    changed.generatedAt = '2026-11-21T07:00:00Z';
    const result2 = run({ context: { base: base((b) => void (b.version = '2.4.0'), changed) } });
    expect(result2.findings.map((f) => f.code)).toEqual(['VERSION_NOT_BUMPED']);
  });

  it("a base of another model is a MODEL_RENAMED error at /name: a PR may not rename production's model", () => {
    const result = run({
      context: {
        base: base((b) => {
          b.name = 'fraud-legacy';
          b.version = '9.0.0';
        }),
      },
    });
    expect(result.status).toBe('fail');
    expect(result.findings).toMatchObject([
      { severity: 'error', code: 'MODEL_RENAMED', pointer: '/name', line: lineOf(integrityManifest(), '"name"') },
    ]);
    expect(result.findings[0]!.message).toContain('"fraud-legacy"');
  });

  it('a base with an invalid version or an unparseable manifest cannot be compared (indeterminate)', () => {
    expect(run({ context: { base: base((b) => void (b.version = 'two')) } }).findings).toMatchObject([
      { code: 'BASE_VERSION_INVALID', indeterminate: true },
    ]);
    const broken: BaseFacts = {
      kind: 'found',
      ref: 'main',
      commit: 'b'.repeat(40),
      manifest: { file: 'model/manifest.json', value: undefined, positions: {}, problems: [], sha256: '' },
    };
    expect(run({ context: { base: broken } }).findings).toMatchObject([
      { code: 'BASE_MANIFEST_INVALID', indeterminate: true },
    ]);
  });
});
