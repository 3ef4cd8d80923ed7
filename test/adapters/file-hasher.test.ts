import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import {
  findUnlistedFiles,
  modelFolders,
  NOT_HASHED_REASON,
  observeFiles,
  type HashProgress,
} from '../../src/adapters/file-hasher.js';
import { lfsPointerText, makeTempRepo, sha256Of, type TempRepo } from './hash-fixtures.js';

/** Deterministic pseudo-random bytes (so a multi-MiB file is not all zeros). */
function bytes(size: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function sha256sum(file: string): string {
  return execFileSync('sha256sum', ['-b', file], { encoding: 'utf8' }).split(' ')[0]!;
}

let repo: TempRepo;
let outside: TempRepo;
beforeEach(() => {
  repo = makeTempRepo();
  outside = makeTempRepo('mlgov-outside-');
});
afterEach(() => {
  repo.cleanup();
  outside.cleanup();
});

describe('observeFiles: regular files', () => {
  it('reports size and SHA-256 of a small file, keyed by the manifest path', async () => {
    repo.write('model/weights/model.onnx', 'weights v1');
    const result = await observeFiles(repo.root, ['model/weights/model.onnx']);
    expect(result).toEqual({
      'model/weights/model.onnx': {
        kind: 'file',
        path: 'model/weights/model.onnx',
        size: 10,
        sha256: sha256Of('weights v1'),
        verifiedBy: 'hashed',
      },
    });
  });

  it('hashes an empty file', async () => {
    repo.write('model/empty.bin', '');
    const result = await observeFiles(repo.root, ['model/empty.bin']);
    expect(result['model/empty.bin']).toEqual({
      kind: 'file',
      path: 'model/empty.bin',
      size: 0,
      sha256: sha256Of(''),
      verifiedBy: 'hashed',
    });
  });

  it('a multi-MiB file hashed on worker threads equals sha256sum', async () => {
    const big = repo.write('model/weights/big.bin', bytes(9 * 1024 * 1024 + 123, 7));
    const other = repo.write('model/weights/other.bin', bytes(5 * 1024 * 1024, 11));
    const result = await observeFiles(repo.root, ['model/weights/big.bin', 'model/weights/other.bin'], {
      workerThresholdBytes: 1024 * 1024,
      maxWorkers: 2,
    });
    expect(result['model/weights/big.bin']).toEqual({
      kind: 'file',
      path: 'model/weights/big.bin',
      size: 9 * 1024 * 1024 + 123,
      sha256: sha256sum(big),
      verifiedBy: 'hashed',
    });
    expect(result['model/weights/other.bin']).toMatchObject({ kind: 'file', sha256: sha256sum(other) });
  });

  it('the same multi-MiB file hashed on the main thread equals sha256sum', async () => {
    const big = repo.write('model/big.bin', bytes(6 * 1024 * 1024 + 1, 3));
    const result = await observeFiles(repo.root, ['model/big.bin'], { workerThresholdBytes: Number.MAX_SAFE_INTEGER });
    expect(result['model/big.bin']).toMatchObject({ kind: 'file', size: 6 * 1024 * 1024 + 1, sha256: sha256sum(big) });
  });

  it('reports progress up to all bytes and files', async () => {
    repo.write('model/a.bin', bytes(3 * 1024 * 1024, 1));
    repo.write('model/b.bin', 'small');
    const seen: HashProgress[] = [];
    await observeFiles(repo.root, ['model/a.bin', 'model/b.bin', 'model/missing.bin'], {
      workerThresholdBytes: 1024 * 1024,
      onProgress: (p) => seen.push(p),
    });
    const total = 3 * 1024 * 1024 + 5;
    expect(seen[0]).toEqual({ bytesDone: 0, bytesTotal: total, filesDone: 1, filesTotal: 3 });
    expect(seen[seen.length - 1]).toEqual({ bytesDone: total, bytesTotal: total, filesDone: 3, filesTotal: 3 });
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.bytesDone).toBeGreaterThanOrEqual(seen[i - 1]!.bytesDone);
  });

  it('observes a path listed twice once', async () => {
    repo.write('model/a.bin', 'a');
    const result = await observeFiles(repo.root, ['model/a.bin', 'model/a.bin']);
    expect(Object.keys(result)).toEqual(['model/a.bin']);
  });

  it('follows a symlink inside the repository that points inside it', async () => {
    repo.write('model/real.bin', 'real');
    symlinkSync('real.bin', join(repo.root, 'model/link.bin'));
    const result = await observeFiles(repo.root, ['model/link.bin', 'model/../model/real.bin']);
    expect(result['model/link.bin']).toMatchObject({ kind: 'file', sha256: sha256Of('real') });
    expect(result['model/../model/real.bin']).toMatchObject({ kind: 'file', sha256: sha256Of('real') });
  });
});

describe('observeFiles: paths that leave the repository', () => {
  it.each([
    ['../x', /climbs out/],
    ['model/../../x', /climbs out/],
    ['/etc/passwd', /absolute/],
    ['model\\weights.bin', /backslash/],
    ['C:/weights.bin', /drive letter/],
    ['model/a\0.bin', /NUL/],
  ])('%j is outside-repository', async (path, reason) => {
    const result = await observeFiles(repo.root, [path]);
    expect(result[path]).toMatchObject({ kind: 'outside-repository', path });
    expect((result[path] as { reason: string }).reason).toMatch(reason);
  });

  it('a symlinked file pointing outside the repository', async () => {
    const target = outside.write('secret.bin', 'secret');
    mkdirSync(join(repo.root, 'model'));
    symlinkSync(target, join(repo.root, 'model/weights.bin'));
    const result = await observeFiles(repo.root, ['model/weights.bin']);
    expect(result['model/weights.bin']).toMatchObject({ kind: 'outside-repository' });
    expect((result['model/weights.bin'] as { reason: string }).reason).toContain(target);
  });

  it('a symlinked directory component pointing outside the repository', async () => {
    outside.write('weights/model.onnx', 'secret');
    symlinkSync(join(outside.root, 'weights'), join(repo.root, 'weights'));
    const result = await observeFiles(repo.root, ['weights/model.onnx']);
    expect(result['weights/model.onnx']).toMatchObject({ kind: 'outside-repository' });
  });

  it('a dangling symlink whose target would be outside the repository', async () => {
    symlinkSync(join(outside.root, 'not-yet.bin'), join(repo.root, 'dangling.bin'));
    const result = await observeFiles(repo.root, ['dangling.bin']);
    expect(result['dangling.bin']).toMatchObject({ kind: 'outside-repository' });
  });

  it('a dangling symlink that stays inside is missing', async () => {
    symlinkSync('nowhere.bin', join(repo.root, 'dangling.bin'));
    const result = await observeFiles(repo.root, ['dangling.bin']);
    expect(result['dangling.bin']).toEqual({ kind: 'missing', path: 'dangling.bin' });
  });
});

describe('observeFiles: what is not a readable regular file', () => {
  it('a missing file, and a path under a regular file, are missing', async () => {
    repo.write('model/file.bin', 'x');
    const result = await observeFiles(repo.root, ['model/nope.bin', 'model/file.bin/inner']);
    expect(result['model/nope.bin']).toEqual({ kind: 'missing', path: 'model/nope.bin' });
    expect(result['model/file.bin/inner']).toEqual({ kind: 'missing', path: 'model/file.bin/inner' });
  });

  it('a symlink loop is unreadable with ELOOP', async () => {
    symlinkSync('b.bin', join(repo.root, 'a.bin'));
    symlinkSync('a.bin', join(repo.root, 'b.bin'));
    const result = await observeFiles(repo.root, ['a.bin']);
    expect(result['a.bin']).toMatchObject({ kind: 'unreadable' });
    expect((result['a.bin'] as { reason: string }).reason).toMatch(/ELOOP/);
  });

  it('a directory is not-a-file', async () => {
    mkdirSync(join(repo.root, 'model/weights'), { recursive: true });
    const result = await observeFiles(repo.root, ['model/weights']);
    expect(result['model/weights']).toEqual({ kind: 'not-a-file', path: 'model/weights', what: 'directory' });
  });

  it('a FIFO is not-a-file and is never opened (the call returns)', async () => {
    mkdirSync(join(repo.root, 'model'));
    execFileSync('mkfifo', [join(repo.root, 'model/pipe.bin')]);
    const result = await observeFiles(repo.root, ['model/pipe.bin']);
    expect(result['model/pipe.bin']).toEqual({ kind: 'not-a-file', path: 'model/pipe.bin', what: 'named pipe (FIFO)' });
  });
});

describe('observeFiles: Git LFS pointers', () => {
  it('reports the pointer oid and size instead of the pointer bytes', async () => {
    const oid = sha256Of('the real weights');
    repo.write('model/weights.bin', lfsPointerText(oid, 123456789));
    const result = await observeFiles(repo.root, ['model/weights.bin']);
    expect(result['model/weights.bin']).toEqual({
      kind: 'file',
      path: 'model/weights.bin',
      sha256: oid,
      size: 123456789,
      lfs: { oid, size: 123456789 },
      verifiedBy: 'lfs-pointer-file',
    });
  });

  it('a malformed pointer is hashed as ordinary content', async () => {
    const text = 'version https://git-lfs.github.com/spec/v1\noid sha256:nothex\nsize 12\n';
    repo.write('model/weights.bin', text);
    const result = await observeFiles(repo.root, ['model/weights.bin']);
    expect(result['model/weights.bin']).toEqual({
      kind: 'file',
      path: 'model/weights.bin',
      sha256: sha256Of(text),
      size: Buffer.byteLength(text),
      verifiedBy: 'hashed',
    });
  });
});

describe('observeFiles: fail-fast', () => {
  it('stops at the first mismatching file; the rest are not hashed', async () => {
    repo.write('model/a.bin', 'a');
    repo.write('model/b.bin', 'b');
    repo.write('model/c.bin', 'c');
    const result = await observeFiles(repo.root, ['model/a.bin', 'model/b.bin', 'model/c.bin'], {
      failFast: true,
      expected: {
        'model/a.bin': { sha256: sha256Of('not a'), size: 1 },
        'model/b.bin': { sha256: sha256Of('b'), size: 1 },
        'model/c.bin': { sha256: sha256Of('c'), size: 1 },
      },
    });
    expect(result['model/a.bin']).toMatchObject({ kind: 'file', sha256: sha256Of('a') });
    expect(result['model/b.bin']).toEqual({ kind: 'unreadable', path: 'model/b.bin', reason: NOT_HASHED_REASON });
    expect(result['model/c.bin']).toEqual({ kind: 'unreadable', path: 'model/c.bin', reason: NOT_HASHED_REASON });
  });

  it('a missing artifact stops the run before any hashing', async () => {
    repo.write('model/a.bin', 'a');
    const result = await observeFiles(repo.root, ['model/a.bin', 'model/gone.bin'], { failFast: true, expected: {} });
    expect(result['model/gone.bin']).toEqual({ kind: 'missing', path: 'model/gone.bin' });
    expect(result['model/a.bin']).toEqual({ kind: 'unreadable', path: 'model/a.bin', reason: NOT_HASHED_REASON });
  });

  it('a file whose size already differs is hashed first, so a large file is not hashed for nothing', async () => {
    repo.write('model/big.bin', bytes(3 * 1024 * 1024, 5));
    repo.write('model/wrong-size.bin', bytes(4096, 9));
    const result = await observeFiles(repo.root, ['model/big.bin', 'model/wrong-size.bin'], {
      failFast: true,
      workerThresholdBytes: Number.MAX_SAFE_INTEGER,
      expected: { 'model/big.bin': { size: 3 * 1024 * 1024 }, 'model/wrong-size.bin': { size: 4000 } },
    });
    expect(result['model/wrong-size.bin']).toMatchObject({ kind: 'file', size: 4096 });
    expect(result['model/big.bin']).toEqual({ kind: 'unreadable', path: 'model/big.bin', reason: NOT_HASHED_REASON });
  });

  it('with a worker thread beside the main thread, a mismatch stops the remaining large files', async () => {
    // The mismatch is a small file, which only the main thread hashes and hashes first: the stop comes within
    // microseconds, while the worker has to start (tens of ms) and hash 2 MiB per file. How many large files the
    // worker finished by then depends on the machine's load, so the test asserts what holds for any timing: the
    // later files are never hashed, and whatever was hashed carries its true digest.
    repo.write('model/a.bin', 'a');
    const large = ['b', 'c', 'd', 'e', 'f', 'g'];
    const files = large.map((n) => repo.write(`model/${n}.bin`, bytes(2 * 1024 * 1024, n.charCodeAt(0))));
    const result = await observeFiles(repo.root, ['model/a.bin', ...large.map((n) => `model/${n}.bin`)], {
      failFast: true,
      workerThresholdBytes: 1024 * 1024,
      maxWorkers: 1,
      expected: { 'model/a.bin': { sha256: sha256Of('other') } },
    });
    expect(result['model/a.bin']).toMatchObject({ kind: 'file', sha256: sha256Of('a') });
    const notHashed = large.filter((n) => result[`model/${n}.bin`]?.kind === 'unreadable');
    expect(notHashed.length).toBeGreaterThan(0);
    expect(notHashed).toContain('g');
    large.forEach((n, i) => {
      const observed = result[`model/${n}.bin`];
      if (observed?.kind === 'unreadable') {
        expect(observed).toEqual({ kind: 'unreadable', path: `model/${n}.bin`, reason: NOT_HASHED_REASON });
      } else {
        expect(observed).toMatchObject({ kind: 'file', sha256: sha256sum(files[i]!), verifiedBy: 'hashed' });
      }
    });
  });

  it('many large files on the main thread and workers all get their true digest', async () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const files = names.map((n) => repo.write(`model/${n}.bin`, bytes(1024 * 1024 + n.charCodeAt(0), n.charCodeAt(0))));
    const result = await observeFiles(
      repo.root,
      names.map((n) => `model/${n}.bin`),
      { workerThresholdBytes: 64 * 1024, maxWorkers: 2 },
    );
    names.forEach((n, i) => {
      expect(result[`model/${n}.bin`]).toMatchObject({
        kind: 'file',
        sha256: sha256sum(files[i]!),
        verifiedBy: 'hashed',
      });
    });
  });

  it('without a mismatch every file is hashed', async () => {
    repo.write('model/a.bin', 'a');
    repo.write('model/b.bin', 'b');
    const result = await observeFiles(repo.root, ['model/a.bin', 'model/b.bin'], {
      failFast: true,
      expected: { 'model/a.bin': { sha256: sha256Of('a'), size: 1 }, 'model/b.bin': { sha256: sha256Of('b') } },
    });
    expect(Object.values(result).map((o) => o.kind)).toEqual(['file', 'file']);
  });
});

describe('modelFolders', () => {
  it('is the manifest folder and artifact folders, without nested duplicates or the repository root', () => {
    expect(modelFolders('model/manifest.json', ['model/weights/model.onnx', 'extra/w.bin', 'top.bin', '../x'])).toEqual(
      ['extra', 'model'],
    );
    expect(modelFolders('manifest.json', ['weights/a.bin', 'weights/sub/b.bin'])).toEqual(['weights']);
  });
});

describe('findUnlistedFiles', () => {
  it('lists files under the model folders that the manifest does not name', async () => {
    repo.write('model/manifest.json', '{}');
    repo.write('model/README.md', '# model');
    repo.write('model/readme-training.md', 'notes');
    repo.write('model/.gitattributes', '*.bin filter=lfs');
    repo.write('model/weights/model.onnx', 'w');
    repo.write('model/weights/stale.onnx', 'old');
    repo.write('model/weights/sub/extra.pkl', 'x');
    repo.write('model/.git/config', 'x');
    repo.write('reports/latest-bias-report.json', '{}');
    repo.write('reports/other.json', '{}');
    outside.write('dir/file.bin', 'x');
    symlinkSync(join(outside.root, 'dir'), join(repo.root, 'model/linked-dir'));
    const unlisted = await findUnlistedFiles(
      repo.root,
      modelFolders('model/manifest.json', ['model/weights/model.onnx']),
      ['model/manifest.json', 'reports/latest-bias-report.json', './model/weights/model.onnx'],
    );
    // The symlinked directory is reported as an entry but not descended into; reports/ is not a model folder.
    expect(unlisted).toEqual(['model/linked-dir', 'model/weights/stale.onnx', 'model/weights/sub/extra.pkl']);
  });

  it('skips folders that do not exist or leave the repository', async () => {
    expect(await findUnlistedFiles(repo.root, ['model', '../elsewhere', '/etc'], [])).toEqual([]);
  });
});
