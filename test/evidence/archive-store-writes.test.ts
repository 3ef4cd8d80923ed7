/**
 * The local I/O of archive-store.ts, on real temp folders: reading what an archive folder holds (an error other than
 * "not there" is not swallowed), reading the audit log before an evidence command writes (a log that does not verify
 * stops it with the fix), the artifact paths a manifest names, and applying writes: a write the system refuses is an
 * EvidenceError naming the file, what the system said and the fix for that errno (disk full, read-only, anything
 * else), a containment refusal found while writing stays an UnsafeWriteError, and no temp file is left behind.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnsafeWriteError } from '../../src/adapters/repository-path.js';
import {
  applyPlan,
  applyWrites,
  manifestArtifactPaths,
  readExistingArchive,
  readVerifiedEvents,
} from '../../src/evidence/archive-store.js';
import { appendAuditEvents } from '../../src/evidence/audit-log.js';
import { EvidenceError } from '../../src/evidence/evidence-error.js';
import { rejectionOf } from '../support/rejection.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mlgov-archive-store-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const bytes = (s: string) => Buffer.from(s);

/** What a thrown value is, as far as a user sees it. */
async function failureOf(p: Promise<unknown>): Promise<Record<string, unknown>> {
  const e = (await rejectionOf(p)) as Error & { code?: string; fix?: string; exitCode?: number };
  return { name: e.name, message: e.message, fix: e.fix, exitCode: e.exitCode, code: e.code };
}

/**
 * Bytes whose writing fails the way the file system fails a write (a hand-written fault: the write consumes the
 * iterable and gets `err`, as it would get ENOSPC from the kernel).
 */
function failingBytes(err: Error): Uint8Array {
  return {
    [Symbol.iterator]: () => ({
      next: () => {
        throw err;
      },
    }),
  } as unknown as Uint8Array;
}
const errno = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('readExistingArchive', () => {
  test('returns the archive files that exist, by name', async () => {
    mkdirSync(join(root, 'artifacts/m/1.0.0'), { recursive: true });
    writeFileSync(join(root, 'artifacts/m/1.0.0/manifest.json'), '{"m":1}\n');
    writeFileSync(join(root, 'artifacts/m/1.0.0/evidence.json'), '{"e":1}\n');
    expect(await readExistingArchive(root, 'artifacts/m/1.0.0')).toStrictEqual({
      'manifest.json': bytes('{"m":1}\n'),
      'evidence.json': bytes('{"e":1}\n'),
    });
  });

  test('a folder on the way that is a regular file is an error naming the file (ENOTDIR), not an empty archive', async () => {
    mkdirSync(join(root, 'artifacts'), { recursive: true });
    writeFileSync(join(root, 'artifacts/m'), 'a file where the model folder goes\n');
    expect(await failureOf(readExistingArchive(root, 'artifacts/m/1.0.0'))).toStrictEqual({
      name: 'EvidenceError',
      message: `artifacts/m/1.0.0/manifest.json cannot be read: ENOTDIR: not a directory, open '${root}/artifacts/m/1.0.0/manifest.json'`,
      fix: 'make artifacts/m/1.0.0 a folder of regular files again (git checkout <base> -- artifacts/m/1.0.0)',
      exitCode: 2,
      code: undefined,
    });
  });
});

describe('readVerifiedEvents', () => {
  test('returns the events of a log that verifies', async () => {
    const added = await appendAuditEvents(root, 'artifacts', [
      { actor: 'rm-bot', action: 'archive', model: 'm', version: '1.0.0', at: '2025-01-01T00:00:00.000Z' },
    ]);
    expect(await readVerifiedEvents(root, 'artifacts')).toStrictEqual(added);
  });

  test('a log that does not verify stops the command, naming the break and how to restore the log', async () => {
    await appendAuditEvents(root, 'artifacts', [
      { actor: 'rm-bot', action: 'archive', model: 'm', version: '1.0.0', at: '2025-01-01T00:00:00.000Z' },
    ]);
    const log = join(root, 'artifacts/audit-log.jsonl');
    writeFileSync(log, readFileSync(log, 'utf8').replace('rm-bot', 'mallory'));
    expect(await failureOf(readVerifiedEvents(root, 'artifacts'))).toStrictEqual({
      name: 'EvidenceError',
      message:
        "artifacts/audit-log.jsonl does not verify: line 1 (seq 1): hash does not match the event's content; the event was edited after it was written",
      fix: 'restore the log from the base branch (git checkout <base> -- artifacts/audit-log.jsonl); the log is append-only',
      exitCode: 1,
      code: undefined,
    });
  });
});

describe('manifestArtifactPaths', () => {
  const paths = (value: unknown) => manifestArtifactPaths(bytes(JSON.stringify(value)));

  test('lists the string paths of the artifacts, skipping entries without one', () => {
    expect(
      paths({ artifacts: [null, 'model.onnx', 7, { path: 9 }, {}, { path: 'a.onnx' }, { path: 's3://b/k' }] }),
    ).toStrictEqual(['a.onnx', 's3://b/k']);
  });

  test('a null entry is skipped, not the end of the list', () => {
    expect(paths({ artifacts: [{ path: 'a.onnx' }, null, { path: 'b.onnx' }] })).toStrictEqual(['a.onnx', 'b.onnx']);
  });

  test('no artifacts list, or one that is not a list: no paths', () => {
    expect(paths({ artifacts: 'model.onnx' })).toStrictEqual([]);
    expect(paths({ artifacts: { path: 'a.onnx' } })).toStrictEqual([]);
    expect(paths({})).toStrictEqual([]);
  });

  test('bytes that are not JSON: no paths (the plan refuses the manifest itself)', () => {
    expect(manifestArtifactPaths(bytes('{"artifacts": ['))).toStrictEqual([]);
  });
});

describe('applyWrites', () => {
  test('writes the files in order', async () => {
    await applyWrites(root, [
      { path: 'artifacts/m/1.0.0/manifest.json', bytes: bytes('M') },
      { path: 'artifacts/m/1.0.0/evidence.json', bytes: bytes('E') },
    ]);
    expect(readdirSync(join(root, 'artifacts/m/1.0.0')).sort()).toStrictEqual(['evidence.json', 'manifest.json']);
    expect(readFileSync(join(root, 'artifacts/m/1.0.0/evidence.json'), 'utf8')).toBe('E');
  });

  test('a folder that is a regular file: an EvidenceError naming the file, the errno and the general fix', async () => {
    mkdirSync(join(root, 'artifacts'), { recursive: true });
    writeFileSync(join(root, 'artifacts/m'), 'in the way\n');
    const failure = await failureOf(
      applyWrites(root, [
        { path: 'artifacts/first.txt', bytes: bytes('1') },
        { path: 'artifacts/m/1.0.0/manifest.json', bytes: bytes('M') },
      ]),
    );
    expect(failure).toStrictEqual({
      name: 'EvidenceError',
      message: `could not write artifacts/m/1.0.0/manifest.json: ENOTDIR not a directory, mkdir '${root}/artifacts/m/1.0.0'`,
      fix: 'fix the file system problem, then run the command again: it writes only what is missing',
      exitCode: 2,
      code: undefined,
    });
    // The writes before it are done; nothing else is left.
    expect(readdirSync(join(root, 'artifacts')).sort()).toStrictEqual(['first.txt', 'm']);
  });

  test('a write refused by the containment rule while writing stays an UnsafeWriteError', async () => {
    // Both paths are safe before the first write; writing x/y makes x a folder, which is not a file to write.
    const p = applyWrites(root, [
      { path: 'x/y', bytes: bytes('y') },
      { path: 'x', bytes: bytes('x') },
    ]);
    await expect(p).rejects.toBeInstanceOf(UnsafeWriteError);
    expect(await failureOf(p)).toStrictEqual({
      name: 'UnsafeWriteError',
      message:
        'refused to write x: it is a directory, not a regular file; mlgov writes evidence only to regular files inside the repository, never through a link',
      fix: 'remove the folder x and run again',
      exitCode: 1,
      code: undefined,
    });
  });

  test('a full disk: the fix is to free space; no temp file is left', async () => {
    const failure = await failureOf(
      applyWrites(root, [
        {
          path: 'artifacts/evidence.json',
          bytes: failingBytes(errno('ENOSPC', 'ENOSPC: no space left on device, write')),
        },
      ]),
    );
    expect(failure).toStrictEqual({
      name: 'EvidenceError',
      message: 'could not write artifacts/evidence.json: ENOSPC no space left on device, write',
      fix: 'free disk space, then run the command again: it writes only what is missing',
      exitCode: 2,
      code: undefined,
    });
    expect(readdirSync(join(root, 'artifacts'))).toStrictEqual([]);
  });

  test.each([
    ['EROFS', 'read-only file system'],
    ['EACCES', 'permission denied'],
    ['EPERM', 'operation not permitted'],
  ])('%s: the repository is read-only here', async (code, text) => {
    const failure = await failureOf(
      applyWrites(root, [
        { path: 'artifacts/evidence.json', bytes: failingBytes(errno(code, `${code}: ${text}, write`)) },
      ]),
    );
    expect(failure).toStrictEqual({
      name: 'EvidenceError',
      message: `could not write artifacts/evidence.json: ${code} ${text}, write`,
      fix: 'the repository is read-only here: run the command in a writable checkout',
      exitCode: 2,
      code: undefined,
    });
    expect(readdirSync(join(root, 'artifacts'))).toStrictEqual([]);
  });

  test('a failure without an errno: the message as the system gave it, unprefixed, and the general fix', async () => {
    const failure = await failureOf(
      applyWrites(root, [
        { path: 'artifacts/evidence.json', bytes: failingBytes(new Error('the volume went away: DETAIL: detached')) },
      ]),
    );
    expect(failure).toStrictEqual({
      name: 'EvidenceError',
      message: 'could not write artifacts/evidence.json: the volume went away: DETAIL: detached',
      fix: 'fix the file system problem, then run the command again: it writes only what is missing',
      exitCode: 2,
      code: undefined,
    });
  });

  test('an EvidenceError is what the commands catch', async () => {
    await expect(
      applyWrites(root, [{ path: 'a', bytes: failingBytes(errno('EIO', 'EIO: i/o error, write')) }]),
    ).rejects.toBeInstanceOf(EvidenceError);
  });
});

describe('applyPlan', () => {
  test('a plan with writes and no events writes the files, returns no events and leaves the log alone', async () => {
    const added = await applyPlan(
      root,
      'artifacts',
      [{ path: 'artifacts/m/1.0.0/manifest.json', bytes: bytes('M') }],
      [],
    );
    expect(added).toStrictEqual([]);
    expect(readFileSync(join(root, 'artifacts/m/1.0.0/manifest.json'), 'utf8')).toBe('M');
    expect(existsSync(join(root, 'artifacts/audit-log.jsonl'))).toBe(false);
  });

  test('with no events, the log and its lock are not touched: a link planted at the lock path does not matter', async () => {
    // The archive already logged (a re-run completing its files): nothing is appended, so the log's write rules
    // (no link at the log or its lock) are not in play, and the files are written.
    mkdirSync(join(root, 'artifacts'), { recursive: true });
    writeFileSync(join(root, 'artifacts/audit-log.jsonl'), '');
    symlinkSync(join(root, 'elsewhere'), join(root, 'artifacts/audit-log.jsonl.lock'));
    const files = [{ path: 'artifacts/m/1.0.0/manifest.json', bytes: bytes('M') }];
    expect(await applyPlan(root, 'artifacts', files, [])).toStrictEqual([]);
    expect(readFileSync(join(root, 'artifacts/m/1.0.0/manifest.json'), 'utf8')).toBe('M');
    // With an event to append, the same link is refused before any file is written.
    const event = { actor: 'a', action: 'archive' as const, model: 'm', version: '1.0.1' };
    const more = [{ path: 'artifacts/m/1.0.1/manifest.json', bytes: bytes('N') }];
    expect(await rejectionOf(applyPlan(root, 'artifacts', more, [event]))).toBeInstanceOf(UnsafeWriteError);
    expect(existsSync(join(root, 'artifacts/m/1.0.1'))).toBe(false);
  });
});
