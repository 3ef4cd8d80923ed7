import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRepositoryBytes, readRepositoryFile } from '../../src/adapters/repository-path.js';

describe('readRepositoryFile: reading a file a manifest or policy names', () => {
  let root: string;
  let outside: string;
  beforeAll(() => {
    outside = mkdtempSync(join(tmpdir(), 'mlgov-outside-'));
    writeFileSync(join(outside, 'secret.json'), '{"token":"hunter2"}');
    root = mkdtempSync(join(tmpdir(), 'mlgov-repo-'));
    mkdirSync(join(root, 'model'));
    writeFileSync(join(root, 'model/manifest.json'), '{}\n');
    symlinkSync(join(outside, 'secret.json'), join(root, 'model/escape.json'));
    symlinkSync('manifest.json', join(root, 'model/alias.json'));
    execFileSync('mkfifo', [join(root, 'model/fifo.json')]);
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('reads a regular file inside the repository, also through a symlink that stays inside', async () => {
    expect(await readRepositoryBytes(root, 'model/manifest.json')).toEqual(Buffer.from('{}\n'));
    expect(await readRepositoryBytes(root, 'model/alias.json')).toEqual(Buffer.from('{}\n'));
  });

  it('says missing for a file that is not there', async () => {
    expect(await readRepositoryFile(root, 'model/none.json')).toEqual({ kind: 'missing' });
  });

  it('refuses a symlink that leads out of the repository, without reading it', async () => {
    const read = await readRepositoryFile(root, 'model/escape.json');
    expect(read.kind).toBe('outside');
    expect(JSON.stringify(read)).not.toContain('hunter2');
    expect(read).toMatchObject({ reason: expect.stringContaining('outside the repository') });
  });

  it('refuses ../ and absolute paths lexically', async () => {
    expect(await readRepositoryFile(root, '../x.json')).toMatchObject({
      kind: 'outside',
      reason: expect.stringContaining('..'),
    });
    expect(await readRepositoryFile(root, '/etc/passwd')).toMatchObject({
      kind: 'outside',
      reason: expect.stringContaining('absolute'),
    });
  });

  it('refuses a FIFO and a directory without opening them (no hang)', async () => {
    expect(await readRepositoryFile(root, 'model/fifo.json')).toEqual({
      kind: 'refused',
      reason: 'it is not a regular file',
    });
    expect(await readRepositoryFile(root, 'model')).toEqual({ kind: 'refused', reason: 'it is not a regular file' });
  });
});
