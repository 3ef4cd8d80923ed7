/**
 * An evidence directory with a folder that cannot be listed and a file that cannot be read is refused, each named
 * with the system's words: a file skipped would be evidence not verified. Tests run as root here, so a path past
 * PATH_MAX (test/support/deep-path.ts) stands in for an unreadable one.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyEvidenceDirectory, writeEvidenceDirectory } from '../../src/evidence/evidence-bundle.js';
import { boundedText } from '../../src/formats/finding.js';
import { makeDeepPath, removeDeep } from '../support/deep-path.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'mlgov-evidence-dir-unreadable-'));
});
afterAll(() => removeDeep(root));

/** An evidence directory under the test's root holding one file, and the SHA-256 of its index. */
async function evidenceDirectory(name: string): Promise<{ dir: string; indexSha256: string }> {
  const dir = join(root, name);
  await writeEvidenceDirectory(dir, [{ path: 'a.txt', bytes: Buffer.from('alpha\n') }], '2026-12-01T00:00:00.000Z', {});
  const indexSha256 = createHash('sha256')
    .update(readFileSync(join(dir, 'evidence.json')))
    .digest('hex');
  return { dir, indexSha256 };
}

describe('verifyEvidenceDirectory: what it cannot read', () => {
  it('names a folder it cannot list and a file it cannot read, and verifies nothing', async () => {
    const { dir, indexSha256 } = await evidenceDirectory('evidence');
    mkdirSync(join(dir, 'deep'));
    const deep = makeDeepPath(dir, 'deep');
    // Each problem's path and message are bounded for the reader, as every problem of a verification is.
    expect(await verifyEvidenceDirectory(dir)).toStrictEqual({
      ok: false,
      problems: [
        {
          file: boundedText(deep.tooLongFile, 300),
          message: boundedText(`cannot be read: ENAMETOOLONG: name too long, open '${join(dir, deep.tooLongFile)}'`),
        },
        {
          file: boundedText(deep.tooDeep, 300),
          message: boundedText(`cannot be read: ENAMETOOLONG: name too long, scandir '${join(dir, deep.tooDeep)}'`),
        },
      ],
      indexSha256,
    });
  });

  // The directory itself cannot be listed, though its index can be read (mode 0711: entered, not listed). Root lists
  // anything, so this is reached as root acting as a uid without rights on it.
  (process.getuid?.() === 0 ? it : it.skip)('names the directory itself "." when it cannot list it', async () => {
    const { dir, indexSha256 } = await evidenceDirectory('unlisted');
    chmodSync(root, 0o711);
    chmodSync(dir, 0o711);
    process.seteuid!(54321);
    let verdict;
    try {
      verdict = await verifyEvidenceDirectory(dir);
    } finally {
      process.seteuid!(0);
    }
    expect(verdict).toStrictEqual({
      ok: false,
      problems: [
        { file: '.', message: `cannot be read: EACCES: permission denied, scandir '${dir}'` },
        // Its file could not be hashed: as far as the directory can tell, it is missing.
        { file: 'a.txt', message: 'is listed in the index but missing from the directory' },
      ],
      indexSha256,
    });
  });
});
