/**
 * The version against the base release: what counts as a changed release kept at the base's version (every
 * artifact added, removed or changed, listed in order, and the bias report), a version the base already released,
 * and a promotion that does not go up. Messages, fixes and summaries are asserted word for word where they carry the
 * versions, the artifacts and the archive folder. The full mutation run showed these texts, the archive folder built
 * from the evidence facts, and the archived-version match (strict SemVer entries only) untested. A PR author
 * controls the candidate, not the base's archive list: an archived entry that is not a version must neither crash
 * the check nor match.
 */
import { describe, expect, it } from '@jest/globals';
import { versionCheck } from '../../src/checks/version.js';
import type { Manifest } from '../../src/formats/manifest.js';
import { withDefaults } from '../../src/policy/defaults.js';
import type { EvidenceFacts } from '../../src/release/evidence-facts.js';
import type { BaseFacts } from '../../src/release/release-context.js';
import { baseArchiveFacts } from '../support/base-archive.js';
import {
  integrityContext,
  integrityManifest,
  integrityReport,
  lineOf,
  manifestDoc,
  reportDoc,
  TOKENIZER_SHA,
  WEIGHTS_SHA,
  type IntegrityOptions,
} from './integrity-fixtures.js';

const policy = withDefaults(undefined);
const run = (options: IntegrityOptions = {}) => versionCheck.run(integrityContext(options).ctx, policy);
const VERSION_AT = { file: 'model/manifest.json', pointer: '/version', line: lineOf(integrityManifest(), '"version"') };

/** The base release: the head manifest as it is, at `version`, after `edit`. */
function base(version: string, edit: (b: Manifest) => void = () => undefined): Extract<BaseFacts, { kind: 'found' }> {
  const b = integrityManifest();
  b.version = version;
  edit(b);
  return { kind: 'found', ref: 'main', commit: 'b'.repeat(40), manifest: manifestDoc(b) };
}

/** Evidence facts of a base that archived `versions` and holds no archive records (nothing to restore). */
function archivedVersions(versions: string[], archiveDir = 'artifacts'): EvidenceFacts {
  return { archiveDir, baseFiles: {}, headFiles: {}, archivedVersions: [], baseArchivedVersions: versions };
}

/** The check over a candidate (after `edit`) against base 2.3.0, with `evidence`. */
function withEvidence(evidence: EvidenceFacts | undefined, edit: (m: Manifest) => void = () => undefined) {
  const { ctx } = integrityContext({ manifest: edit, context: { base: base('2.3.0') } });
  if (evidence) ctx.evidence = evidence;
  return versionCheck.run(ctx, policy);
}

describe('version: a changed release at the base version', () => {
  it('VERSION_NOT_BUMPED: the finding, its fix and the summary', () => {
    const result = run({ context: { base: base('2.4.0', (b) => void (b.artifacts[0]!.sha256 = 'a'.repeat(64))) } });
    expect(result).toMatchObject({
      id: 'version',
      status: 'fail',
      summary: 'changed without a version bump (2.4.0)',
    });
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'VERSION_NOT_BUMPED',
        ...VERSION_AT,
        message: 'artifact(s) model/weights/model.onnx changed since the base release, but the version is still 2.4.0.',
        fix: 'Bump the version above 2.4.0 (patch for a retrain on the same schema, minor for new features, major for a breaking change).',
      }),
    ]);
  });

  it('lists every changed artifact in path order: one the head changed, one it removed', () => {
    const result = run({
      manifest: (m) => {
        m.artifacts = [{ path: 'model/weights/z-head.bin', sha256: WEIGHTS_SHA, size: 1 }];
      },
      context: {
        base: base('2.4.0', (b) => {
          b.artifacts = [
            { path: 'model/weights/z-head.bin', sha256: '2'.repeat(64), size: 1 },
            { path: 'model/weights/a-removed.bin', sha256: TOKENIZER_SHA, size: 1 },
          ];
        }),
      },
    });
    expect(result.details?.changedArtifacts).toEqual(['model/weights/a-removed.bin', 'model/weights/z-head.bin']);
    expect(result.findings[0]!.message).toBe(
      'artifact(s) model/weights/a-removed.bin, model/weights/z-head.bin changed since the base release, but the version is still 2.4.0.',
    );
  });

  it('an artifact the head dropped is a changed artifact', () => {
    const result = run({
      manifest: (m) => void m.artifacts.pop(),
      context: { base: base('2.4.0') },
    });
    expect(result.details?.changedArtifacts).toEqual(['model/weights/tokenizer.json']);
  });

  it('a head without an artifacts list changes every artifact of the base', () => {
    const result = run({
      manifest: (m) => void delete (m as Partial<Manifest>).artifacts,
      context: { base: base('2.4.0') },
    });
    expect(result.details?.changedArtifacts).toEqual(['model/weights/model.onnx', 'model/weights/tokenizer.json']);
  });

  it('artifacts and the bias report changed are named together', () => {
    const changed = integrityReport();
    changed.generatedAt = '2026-11-21T07:00:00Z';
    const result = run({
      context: {
        base: {
          ...base('2.4.0', (b) => void (b.artifacts[0]!.sha256 = 'a'.repeat(64))),
          biasReport: reportDoc(changed),
        },
      },
    });
    expect(result.findings[0]!.message).toBe(
      'artifact(s) model/weights/model.onnx and the bias report changed since the base release, but the version is still 2.4.0.',
    );
  });

  it('a digest is compared without its case, but digests that only fold together in upper case differ', () => {
    const same = run({
      context: { base: base('2.4.0', (b) => void (b.artifacts[0]!.sha256 = WEIGHTS_SHA.toUpperCase())) },
    });
    expect(same.details?.changedArtifacts).toEqual([]);
    // "ß" upper-cases to "SS": a comparison in upper case would take "ss" for it.
    const folded = run({
      manifest: (m) => void (m.artifacts[0]!.sha256 = 'ss'),
      context: { base: base('2.4.0', (b) => void (b.artifacts[0]!.sha256 = 'ß')) },
    });
    expect(folded.details?.changedArtifacts).toEqual(['model/weights/model.onnx']);
  });
});

describe('version: a version the base already released', () => {
  it('released but not archived here: the archive folder of the policy, the fix and the summary', () => {
    const result = withEvidence(archivedVersions(['2.4.0']));
    expect(result).toMatchObject({ status: 'fail', summary: '2.4.0 is not above base 2.3.0' });
    expect(result.findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'VERSION_ALREADY_RELEASED',
        ...VERSION_AT,
        message:
          'fraud-detection 2.4.0 was released before (artifacts/fraud-detection/2.4.0/ on the base) and this is not that release: a changed model is a new release with a new version.',
        fix: 'Give this release a version above 2.3.0 that was never released; to go back to 2.4.0 unchanged, use mlgov rollback --to 2.4.0.',
      }),
    ]);
  });

  it("the archive folder is the facts' archive directory without its trailing slashes", () => {
    const result = withEvidence(archivedVersions(['2.4.0'], 'evidence/archive//'));
    expect(result.findings[0]!.message).toContain('(evidence/archive/fraud-detection/2.4.0/ on the base)');
  });

  it('the fix names the model when the policy governs several', () => {
    const { ctx } = integrityContext({ context: { base: base('2.3.0'), governedName: 'fraud-detection' } });
    ctx.evidence = archivedVersions(['2.4.0']);
    expect(versionCheck.run(ctx, policy).findings[0]!.fix).toBe(
      'Give this release a version above 2.3.0 that was never released; to go back to 2.4.0 unchanged, use mlgov rollback --to 2.4.0 --model fraud-detection.',
    );
  });

  it('archived as another release: names the archive the release derivation found', () => {
    const { ctx, manifest } = integrityContext({ context: { base: base('2.3.0') } });
    const archived = structuredClone(manifest);
    archived.artifacts[0]!.sha256 = 'c'.repeat(64);
    ctx.evidence = { ...baseArchiveFacts({ archived, reportText: '{}\n' }), baseArchivedVersions: [] };
    expect(versionCheck.run(ctx, policy).findings.map((f) => [f.code, f.message])).toEqual([
      [
        'VERSION_ALREADY_RELEASED',
        'fraud-detection 2.4.0 was released before (artifacts/fraud-detection/2.4.0/ on the base) and this is not that release: a changed model is a new release with a new version.',
      ],
    ]);
  });

  it.each([
    ['another version', ['2.2.0']],
    ['an entry that is not a version', ['not-a-version']],
    ['none', []],
  ])('a base that archived %s does not block a new version', (_what, versions) => {
    expect(withEvidence(archivedVersions(versions))).toMatchObject({
      status: 'pass',
      findings: [],
      summary: '2.3.0 → 2.4.0 (promotion)',
    });
  });
});

describe('version: a promotion that does not go up', () => {
  it('VERSION_NOT_INCREASED: its fix and the summary', () => {
    const result = withEvidence(undefined, (m) => void (m.version = '2.2.0'));
    expect(result).toMatchObject({ status: 'fail', summary: '2.2.0 is not above base 2.3.0' });
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: 'VERSION_NOT_INCREASED',
        ...VERSION_AT,
        message: 'A promotion must have a version greater than the base release: 2.2.0 is not greater than 2.3.0.',
        fix: 'Set a version above 2.3.0; to return to an older release, use `mlgov rollback` (release.type "rollback").',
      }),
    ]);
  });
});
