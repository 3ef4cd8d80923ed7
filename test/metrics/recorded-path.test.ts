/**
 * How a source file is named in what mlgov writes (`recordedPath`): repository-relative when it is inside the
 * repository (a folder named `..x` is inside), its file name alone when it is outside or is the repository itself.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordedPath } from '../../src/metrics/working-manifest.js';

let outer: string;
let repo: string;
beforeAll(() => {
  outer = mkdtempSync(join(tmpdir(), 'mlgov-recorded-path-'));
  repo = join(outer, 'repo');
  mkdirSync(join(repo, '..eval'), { recursive: true });
  writeFileSync(join(repo, '..eval/metrics.csv'), 'x\n');
  writeFileSync(join(outer, 'elsewhere.csv'), 'x\n');
  symlinkSync(join(outer, 'elsewhere.csv'), join(repo, 'linked.csv'));
});
afterAll(() => rmSync(outer, { recursive: true, force: true }));

describe('recordedPath', () => {
  it('names a file inside the repository by its path there, a folder of two leading dots included', async () => {
    expect(await recordedPath(repo, join(repo, '..eval/metrics.csv'))).toStrictEqual({
      path: '..eval/metrics.csv',
      insideRepository: true,
    });
  });

  it('names a file outside (or reached through a link to outside) by its file name only, and so the repository itself', async () => {
    expect(await recordedPath(repo, join(outer, 'elsewhere.csv'))).toStrictEqual({
      path: 'elsewhere.csv',
      insideRepository: false,
    });
    expect(await recordedPath(repo, join(repo, 'linked.csv'))).toStrictEqual({
      path: 'linked.csv',
      insideRepository: false,
    });
    expect(await recordedPath(repo, repo)).toStrictEqual({ path: 'repo', insideRepository: false });
    expect(await recordedPath(repo, join(repo, 'missing.csv'))).toStrictEqual({
      path: 'missing.csv',
      insideRepository: false,
    });
  });
});
