/**
 * Properties of the release derivation (issue 12, principle 1), with fixed seeds: whatever `release.type` the PR
 * declares, the gates that run are those of the kind the base derives, and a disagreement is always an error at
 * `/release/type`; and no placement of junk or placeholder files under the PR's own `artifacts/` ever turns a
 * promotion into a rollback.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openGitRepository } from '../../src/adapters/git-repository.js';
import { gatherEvidenceFacts } from '../../src/evidence/gather-evidence.js';
import { evidenceCheck } from '../../src/checks/evidence.js';
import { promotionCheck } from '../../src/checks/promotion.js';
import type { Manifest } from '../../src/formats/manifest.js';
import type { ReleaseContext } from '../../src/release/release-context.js';
import { deriveReleaseKind } from '../../src/checks/release-kind.js';
import { baseArchiveFacts, rollbackEvent } from '../support/base-archive.js';
import { buildRelease, lineOf, type Release } from '../checks/fixtures/release.js';

type Declared = 'initial' | 'promotion' | 'rollback';
type Situation = 'no-release-on-base' | 'production-only' | 'archived-identical' | 'archived-different';

/** Worse than production on every metric: only a derived initial release or rollback skips the comparison. */
function worse(m: Manifest): void {
  m.evaluation.backtest = {
    mae: 80,
    rmse: 120,
    windows: 12,
    seasons: { summer: { mae: 81, rmse: 118 }, winter: { mae: 84, rmse: 121 } },
  };
}

/** A candidate 2.2.0 declaring `declared`, in one of the base situations. */
function scenario(situation: Situation, declared: Declared): Release {
  const r = buildRelease({
    manifest: (m) => {
      m.version = '2.2.0';
      worse(m);
      m.release = { type: declared, reason: 'Incident INC-42: false positives doubled' };
    },
    ...(situation === 'no-release-on-base'
      ? { context: { base: { kind: 'found', ref: 'main', commit: 'f'.repeat(40) } } }
      : {}),
  });
  if (situation === 'archived-identical' || situation === 'archived-different') {
    const archived = structuredClone(r.manifest);
    archived.release = { type: 'promotion', reason: 'Promoted 2.2.0 in October' };
    if (situation === 'archived-different') archived.artifacts[0]!.sha256 = '9'.repeat(64);
    r.ctx.evidence = baseArchiveFacts({
      archived,
      reportText: JSON.stringify(r.report, null, 2) + '\n',
      prEvents: [rollbackEvent('fraud-detection', '2.2.0', '2.3.0')],
    });
  }
  return r;
}

const expectedKind: Record<Situation, 'initial' | 'promotion' | 'rollback'> = {
  'no-release-on-base': 'initial',
  'production-only': 'promotion',
  'archived-identical': 'rollback',
  'archived-different': 'promotion',
};

describe('release kind: derived, never declared', () => {
  it('any declared type against the derived one: the derived gates run, a disagreement is RELEASE_TYPE_MISMATCH', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Situation>('no-release-on-base', 'production-only', 'archived-identical', 'archived-different'),
        fc.constantFrom<Declared>('initial', 'promotion', 'rollback'),
        (situation, declared) => {
          const r = scenario(situation, declared);
          const kind = expectedKind[situation];
          expect(deriveReleaseKind(r.ctx, r.policy).kind).toBe(kind);
          const result = promotionCheck.run(r.ctx, r.policy);
          const codes = result.findings.map((f) => f.code);
          expect(result.details).toMatchObject({ releaseType: kind, declaredType: declared });
          const mismatch = result.findings.filter((f) => f.code === 'RELEASE_TYPE_MISMATCH');
          if (declared === kind) {
            expect(mismatch).toEqual([]);
          } else {
            expect(mismatch).toHaveLength(1);
            expect(mismatch[0]).toMatchObject({
              severity: 'error',
              pointer: '/release/type',
              line: lineOf(r.ctx.manifest, '/release/type'),
            });
          }
          // The comparison with production is made exactly when the base says this is a promotion.
          expect(codes.includes('PROMOTION_INSUFFICIENT_IMPROVEMENT')).toBe(kind === 'promotion');
          expect(codes.includes('PROMOTION_ROLLBACK')).toBe(kind === 'rollback');
          expect(codes.includes('PROMOTION_FIRST_RELEASE')).toBe(kind === 'initial');
          expect(result.status).toBe(declared === kind && kind !== 'promotion' ? 'pass' : 'fail');
        },
      ),
      { seed: 42, numRuns: 60 },
    );
  });

  // Junk the PR can put under its own artifacts/: paths below the candidate's version folder (or any other), with
  // any content, including copies of the candidate's own manifest and report and a checksum record naming them.
  const segment = fc.stringMatching(/^[a-z0-9._-]{1,12}$/).filter((s) => s !== '.' && s !== '..');
  const junk = fc.array(
    fc.record({
      folder: fc.constantFrom(
        'fraud-detection/2.2.0',
        'fraud-detection/2.2.0/rollback-0123456789ab',
        'other/1.0.0',
        '',
      ),
      name: fc.oneof(
        fc.constantFrom('manifest.json', 'bias-report.json', 'checksums.sha256', 'evidence.json'),
        segment,
      ),
      copyOfCandidate: fc.boolean(),
      content: fc.string({ maxLength: 40 }),
    }),
    { minLength: 1, maxLength: 8 },
  );

  it("no placement of junk or placeholder files under the PR's artifacts/ turns a promotion into a rollback", () => {
    fc.assert(
      fc.property(junk, fc.boolean(), (files, logged) => {
        const r = scenario('production-only', 'rollback');
        const headFiles: Record<string, string> = {};
        const checksumRecords: Record<string, string> = {};
        const baseTexts: Record<string, string> = {};
        for (const f of files) {
          const path = ['artifacts', f.folder, f.name].filter(Boolean).join('/');
          headFiles[path] = f.copyOfCandidate ? r.ctx.manifest.sha256 : f.content.length.toString(16).padStart(64, '0');
          if (f.name === 'checksums.sha256') checksumRecords[path] = f.content;
        }
        const facts = logged
          ? baseArchiveFacts({
              archived: { ...structuredClone(r.manifest), name: 'another-model' },
              reportText: '{}\n',
              prEvents: [rollbackEvent('fraud-detection', '2.2.0', '2.3.0')],
            })
          : undefined;
        r.ctx.evidence = {
          archiveDir: 'artifacts',
          baseFiles: facts?.baseFiles ?? {},
          headFiles: { ...(facts?.headFiles ?? {}), ...headFiles },
          archivedVersions: ['2.2.0'],
          baseArchivedVersions: [],
          baseTexts: facts?.baseTexts ?? baseTexts,
          checksumRecords,
          ...(facts?.headAuditLog ? { headAuditLog: facts.headAuditLog } : {}),
        };
        const ctx: ReleaseContext = r.ctx;
        expect(deriveReleaseKind(ctx, r.policy).kind).toBe('promotion');
        const result = promotionCheck.run(ctx, r.policy);
        expect(result.status).toBe('fail');
        expect(result.findings.map((f) => f.code)).toEqual(
          expect.arrayContaining(['RELEASE_TYPE_MISMATCH', 'PROMOTION_INSUFFICIENT_IMPROVEMENT']),
        );
        // And the evidence check names what the PR added where no release was archived.
        const evidence = evidenceCheck.run(ctx, r.policy);
        expect(evidence.findings.some((f) => f.code === 'ARCHIVE_UNEXPECTED')).toBe(true);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('evidence paths: a symlink anywhere is reported, never followed', () => {
  // The components of an archived file's path: the archive directory, the model's and the version's folders, the file.
  const components = ['artifacts', 'artifacts/fraud-detection', 'artifacts/fraud-detection/2.4.0'];
  const files = ['manifest.json', 'bias-report.json', 'checksums.sha256', 'evidence.json'];

  it('a symlink at any component of an evidence path (to a copy outside the repository) is EVIDENCE_NOT_A_FILE', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(components.length + files.length - 1), fc.boolean(), async (at, dangling) => {
        const root = mkdtempSync(join(tmpdir(), 'mlgov-link-'));
        const outside = mkdtempSync(join(tmpdir(), 'mlgov-outside-'));
        try {
          const versionDir = join(root, components[2]!);
          mkdirSync(versionDir, { recursive: true });
          for (const f of files) writeFileSync(join(versionDir, f), `${f}\n`);
          // Replace one component with a link to an identical copy outside (or to nothing).
          const linked = at < components.length ? components[at]! : `${components[2]}/${files[at - components.length]}`;
          const copy = join(outside, 'copy');
          rmSync(join(root, linked), { recursive: true, force: true });
          if (!dangling) {
            if (at < components.length) {
              mkdirSync(join(copy, components[2]!.slice(linked.length)), { recursive: true });
              for (const f of files) writeFileSync(join(copy, components[2]!.slice(linked.length), f), `${f}\n`);
            } else {
              writeFileSync(copy, 'x\n');
            }
          }
          symlinkSync(copy, join(root, linked));
          const facts = await gatherEvidenceFacts({
            repoRoot: root,
            git: openGitRepository(root),
            archiveDir: 'artifacts',
            modelName: 'fraud-detection',
          });
          expect(facts.notRegular?.[linked]).toBe(`a symlink to ${copy}`);
          // Nothing reached through the link is taken as evidence.
          expect(Object.keys(facts.headFiles).filter((p) => p.startsWith(`${linked}/`) || p === linked)).toEqual([]);
          const r = buildRelease();
          r.ctx.evidence = facts;
          const found = evidenceCheck.run(r.ctx, r.policy).findings.filter((f) => f.code === 'EVIDENCE_NOT_A_FILE');
          expect(found).toMatchObject([{ severity: 'error', file: linked }]);
        } finally {
          rmSync(root, { recursive: true, force: true });
          rmSync(outside, { recursive: true, force: true });
        }
      }),
      { seed: 42, numRuns: 25 },
    );
  });
});
