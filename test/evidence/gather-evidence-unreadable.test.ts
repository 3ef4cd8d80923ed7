/**
 * What the evidence gatherer says when the working tree's archive cannot be read. Tests run as root here, so
 * permissions cannot make a file unreadable: a path past PATH_MAX (test/support/deep-path.ts) does it instead. An unreadable entry is named with the system's words, never skipped:
 * skipping it would let content under the archive directory pass "nothing else is added" unseen.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openGitRepository } from '../../src/adapters/git-repository.js';
import { gatherEvidenceFacts } from '../../src/evidence/gather-evidence.js';
import { sha256Hex } from '../../src/formats/canonical-digest.js';
import { makeDeepPath, removeDeep } from '../support/deep-path.js';
import { createTempRepo, type TempRepo } from '../support/git-repo.js';

let repo: TempRepo | undefined;
afterEach(() => {
  if (repo) removeDeep(repo.dir);
  repo = undefined;
});

const gather = (r: TempRepo) =>
  gatherEvidenceFacts({ repoRoot: r.dir, git: openGitRepository(r.dir), archiveDir: 'artifacts' });

describe('an archive the gatherer cannot read', () => {
  it('names a folder it cannot list and a file it cannot stat, and goes on with the rest', async () => {
    const r = (repo = createTempRepo('mlgov-gather-unreadable-'));
    mkdirSync(join(r.dir, 'artifacts'));
    writeFileSync(join(r.dir, 'artifacts/audit-log.jsonl'), 'L1\n');
    const deep = makeDeepPath(r.dir, 'artifacts');
    expect(await gather(r)).toStrictEqual({
      archiveDir: 'artifacts',
      baseFiles: {},
      headFiles: { 'artifacts/audit-log.jsonl': sha256Hex(Buffer.from('L1\n')) },
      headAuditLog: 'L1\n',
      archivedVersions: [],
      checksumRecords: {},
      evidenceRecords: {},
      unreadable: {
        [deep.tooDeep]: `ENAMETOOLONG: name too long, scandir '${join(r.dir, deep.tooDeep)}'`,
        [deep.tooLongFile]: `ENAMETOOLONG: name too long, lstat '${join(r.dir, deep.tooLongFile)}'`,
      },
    });
  });

  it('names a device file as a special file, never reading it', async () => {
    const r = (repo = createTempRepo('mlgov-gather-unreadable-'));
    mkdirSync(join(r.dir, 'artifacts'));
    execFileSync('mknod', [join(r.dir, 'artifacts/zero'), 'c', '1', '5']);
    expect(await gather(r)).toStrictEqual({
      archiveDir: 'artifacts',
      baseFiles: {},
      headFiles: {},
      archivedVersions: [],
      checksumRecords: {},
      evidenceRecords: {},
      notRegular: { 'artifacts/zero': 'a device or other special file' },
    });
  });
});
