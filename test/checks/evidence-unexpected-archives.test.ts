/**
 * What a PR may add under the archive directory: only the archive of the release it supersedes (and new audit log
 * lines). Anything else is ARCHIVE_UNEXPECTED, one finding per folder (`<archiveDir>/<model>/<version>`, or the
 * shallower folder a stray file sits in), at most 20 of them plus one that counts the rest. A folder of a version the
 * base never released is said to be a forged archive; another governed model's folder is left to its own gate.
 *
 * Why: a PR author controls every file on the branch. An archive of a version production never had, or files slipped
 * in beside a real archive, are claims of evidence nobody archived; the message must say which folder to remove.
 */
import { describe, expect, it } from '@jest/globals';
import { sha256Hex } from '../../src/formats/canonical-digest.js';
import { DIR, HEAD_LOG, LOG, baseManifest, evidenceContext, foundBase, judge } from './evidence-literal-release.js';
import type { EvidenceFacts } from '../../src/release/evidence-facts.js';
import type { ReleaseContext } from '../../src/release/release-context.js';

const F = 'f'.repeat(64);
const ARCHIVE_LIST = 'manifest.json, bias-report.json, checksums.sha256, evidence.json';
const fixFor = (folder: string) =>
  `remove ${folder}/ from this change: archives are written by mlgov archive from the production branch, never by hand`;

/** The ARCHIVE_UNEXPECTED findings of the passing PR with `added` files put in as well. */
function unexpected(added: string[], facts: Partial<EvidenceFacts> = {}, more: Partial<ReleaseContext> = {}) {
  const ctx = evidenceContext(facts, foundBase(), more);
  for (const path of added) ctx.evidence!.headFiles[path] = F;
  return judge(ctx).findings.filter((f) => f.code === 'ARCHIVE_UNEXPECTED');
}

/** The same, for a PR that supersedes no release (its version is the base's). */
function unexpectedWithoutSuperseding(added: string[], facts: Partial<EvidenceFacts> = {}) {
  const ctx = evidenceContext({ headFiles: { [LOG]: sha256Hex(HEAD_LOG) }, checksumRecords: {}, ...facts });
  ctx.manifest = baseManifest;
  for (const path of added) ctx.evidence!.headFiles[path] = F;
  return judge(ctx).findings.filter((f) => f.code === 'ARCHIVE_UNEXPECTED');
}

describe('evidence: an archive of a version the base never released', () => {
  it('is a forged archive: names the folder, the model and version, how many files, and the one archive allowed', () => {
    const folder = 'artifacts/fraud-detection/0.9.0';
    const f = unexpected([`${folder}/manifest.json`, `${folder}/evidence.json`]);
    expect(f).toMatchObject([
      { severity: 'error', code: 'ARCHIVE_UNEXPECTED', file: `${folder}/manifest.json`, fix: fixFor(folder) },
    ]);
    expect(f[0]!.message).toBe(
      `${folder}/ is added as the archive of fraud-detection 0.9.0, a release the base never had (2 file(s), e.g. ${folder}/manifest.json); only the superseded base release (${DIR}/) is archived by a change`,
    );
  });

  it('names no allowed archive when the change supersedes no release', () => {
    const folder = 'artifacts/fraud-detection/0.9.0';
    expect(unexpectedWithoutSuperseding([`${folder}/manifest.json`])[0]!.message).toBe(
      `${folder}/ is added as the archive of fraud-detection 0.9.0, a release the base never had (1 file(s), e.g. ${folder}/manifest.json); only the superseded base release is archived by a change`,
    );
  });

  it('reads the model and version after the archive directory, however deep that directory is', () => {
    const folder = 'records/archive/fraud-detection/0.9.0';
    const ctx = evidenceContext({
      archiveDir: 'records/archive',
      headFiles: { 'records/archive/audit-log.jsonl': sha256Hex(HEAD_LOG) },
      checksumRecords: {},
    });
    ctx.manifest = baseManifest;
    ctx.evidence!.headFiles[`${folder}/manifest.json`] = F;
    const f = judge(ctx).findings;
    expect(f.map((x) => x.code)).toEqual(['ARCHIVE_UNEXPECTED']);
    expect(f[0]!.message).toBe(
      `${folder}/ is added as the archive of fraud-detection 0.9.0, a release the base never had (1 file(s), e.g. ${folder}/manifest.json); only the superseded base release is archived by a change`,
    );
  });
});

describe('evidence: files added beside an archive', () => {
  it('in a version the base released: names the file, the folder and the archive files allowed', () => {
    const folder = 'artifacts/fraud-detection/0.9.0';
    expect(unexpected([`${folder}/notes.txt`], { baseArchivedVersions: ['0.9.0'] })).toEqual([
      {
        severity: 'error',
        code: 'ARCHIVE_UNEXPECTED',
        message: `${folder}/notes.txt added under ${folder}/ are not the archive of the superseded release (${DIR}/: ${ARCHIVE_LIST})`,
        file: `${folder}/notes.txt`,
        fix: fixFor(folder),
      },
    ]);
  });

  it('in the new archive itself: counts the other files of the folder, deeper ones included', () => {
    expect(unexpected([`${DIR}/notes.txt`, `${DIR}/extra/deep/x.bin`])).toEqual([
      {
        severity: 'error',
        code: 'ARCHIVE_UNEXPECTED',
        message: `${DIR}/notes.txt and 1 more file(s) added under ${DIR}/ are not the archive of the superseded release (${DIR}/: ${ARCHIVE_LIST})`,
        file: `${DIR}/notes.txt`,
        fix: fixFor(DIR),
      },
    ]);
  });

  it('in a model folder, outside any version: the folder is the model folder', () => {
    const f = unexpected(['artifacts/fraud-detection/README.md']);
    expect(f.map((x) => [x.file, x.message])).toEqual([
      [
        'artifacts/fraud-detection/README.md',
        `artifacts/fraud-detection/README.md added under artifacts/fraud-detection/ are not the archive of the superseded release (${DIR}/: ${ARCHIVE_LIST})`,
      ],
    ]);
    expect(f[0]!.fix).toBe(fixFor('artifacts/fraud-detection'));
  });

  it('at the top of the archive directory: the folder is the archive directory', () => {
    const f = unexpectedWithoutSuperseding(['artifacts/notes.txt']);
    expect(f).toEqual([
      {
        severity: 'error',
        code: 'ARCHIVE_UNEXPECTED',
        message: 'artifacts/notes.txt added under artifacts/ although this change supersedes no release',
        file: 'artifacts/notes.txt',
        fix: fixFor('artifacts'),
      },
    ]);
  });

  it('a file the base already has is not added', () => {
    const old = 'artifacts/fraud-detection/0.9.0/manifest.json';
    const ctx = evidenceContext({ baseFiles: { [old]: F } });
    ctx.evidence!.headFiles[old] = F;
    expect(judge(ctx).findings).toEqual([]);
  });
});

describe("evidence: another governed model's archive folder", () => {
  it('is left to that model’s own gate, while this model’s stray folders are still reported', () => {
    const f = unexpected(
      ['artifacts/credit-risk/2.0.0/manifest.json', 'artifacts/fraud-detection/0.9.0/x'],
      {},
      {
        archiveNeighbours: ['credit-risk'],
      },
    );
    expect(f.map((x) => x.file)).toEqual(['artifacts/fraud-detection/0.9.0/x']);
  });

  it('is reported when no neighbour is named', () => {
    expect(unexpected(['artifacts/credit-risk/2.0.0/manifest.json']).map((x) => x.file)).toEqual([
      'artifacts/credit-risk/2.0.0/manifest.json',
    ]);
  });
});

describe('evidence: many stray folders', () => {
  const folders = (n: number) =>
    Array.from({ length: n }, (_, i) => `artifacts/fraud-detection/0.${String(n - i).padStart(2, '0')}.0`);

  it('reports each of 20 folders, and no count of more', () => {
    const f = unexpected(folders(20).map((d) => `${d}/manifest.json`));
    expect(f).toHaveLength(20);
    expect(f.every((x) => x.message.includes('a release the base never had'))).toBe(true);
  });

  it('reports the first 20 folders in order, then counts the rest at the archive directory', () => {
    const all = folders(22);
    const f = unexpected(all.map((d) => `${d}/manifest.json`));
    expect(f).toHaveLength(21);
    expect(f.slice(0, 20).map((x) => x.file)).toEqual(
      [...all]
        .sort()
        .slice(0, 20)
        .map((d) => `${d}/manifest.json`),
    );
    expect(f[20]).toEqual({
      severity: 'error',
      code: 'ARCHIVE_UNEXPECTED',
      message: '2 more folder(s) under artifacts/ add files no release archived',
      file: 'artifacts',
      fix: 'remove them from this change',
    });
  });
});
