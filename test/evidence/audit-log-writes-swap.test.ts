/**
 * openAuditLogStream (audit-log.ts) checks the file it opened, not only the path it looked at: when the log is
 * swapped for a FIFO between the check and the open (a worker thread swaps the two, atomically, as fast as it can),
 * the opened handle is refused with "it is no longer a regular file" and the fix, never handed out as the log.
 * Every attempt ends in one of three ways: the regular file's bytes, the FIFO refused by the check, or the FIFO
 * refused after the open; the test runs attempts until it has seen the last one (within a few hundred) or another.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openAuditLogStream } from '../../src/evidence/audit-log.js';

/** Swaps `<dir>/audit-log.jsonl` between `<dir>/file` and `<dir>/fifo` (hard link + rename: always present). */
const SWAPPER = `
const { linkSync, renameSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const [dir, stop] = workerData;
for (let i = 0; Atomics.load(stop, 0) === 0; i++) {
  linkSync(i % 2 ? dir + '/file' : dir + '/fifo', dir + '/swap');
  renameSync(dir + '/swap', dir + '/audit-log.jsonl');
}
`;

const RESTORE =
  'restore artifacts/audit-log.jsonl from the base branch (git checkout <base> -- artifacts/audit-log.jsonl)';
const LINE = '{"seq":1}\n';

let root: string;
let stop: Int32Array;
let worker: Worker | undefined;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mlgov-audit-log-swap-'));
  stop = new Int32Array(new SharedArrayBuffer(4));
});
afterEach(async () => {
  Atomics.store(stop, 0, 1);
  await worker?.terminate();
  worker = undefined;
  rmSync(root, { recursive: true, force: true });
});

/** One attempt: the bytes of the stream it opened, or the refusal. */
async function attempt(): Promise<{ bytes: string } | { message: string; fix: string | undefined }> {
  try {
    const stream = await openAuditLogStream(root, 'artifacts');
    if (stream === undefined) return { bytes: '(none)' };
    const chunks: Buffer[] = [];
    // A FIFO opened non-blocking with no writer reads as empty at once; the file reads its line.
    for await (const c of stream) chunks.push(c as Buffer);
    return { bytes: Buffer.concat(chunks).toString('utf8') };
  } catch (err) {
    return { message: (err as Error).message, fix: (err as { fix?: string }).fix };
  }
}

describe('openAuditLogStream while the log is swapped for a FIFO', () => {
  test('a FIFO opened in place of the checked file is refused, naming the log and the fix', async () => {
    const dir = join(root, 'artifacts');
    mkdirSync(dir);
    writeFileSync(join(dir, 'file'), LINE);
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    worker = new Worker(SWAPPER, { eval: true, workerData: [dir, stop] });
    while (!existsSync(join(dir, 'audit-log.jsonl'))) await new Promise((r) => setTimeout(r, 1));

    const expected = new Set(['the file', 'refused by the check', 'refused after the open']);
    const seen = new Map<string, unknown>();
    const done = () => seen.has('refused after the open') || [...seen.keys()].some((k) => !expected.has(k));
    for (let i = 0; i < 20_000 && !done(); i++) {
      const outcome = await attempt();
      const kind =
        'bytes' in outcome
          ? outcome.bytes === LINE
            ? 'the file'
            : `a stream of ${JSON.stringify(outcome.bytes)}`
          : outcome.message.includes(' is a FIFO, ')
            ? 'refused by the check'
            : outcome.message.includes('cannot be read')
              ? 'refused after the open'
              : outcome.message;
      seen.set(kind, outcome);
    }
    expect(seen.get('refused after the open')).toStrictEqual({
      message: 'artifacts/audit-log.jsonl cannot be read: it is no longer a regular file',
      fix: RESTORE,
    });
    expect([...seen.keys()].filter((k) => k !== 'the file' && k !== 'refused by the check').sort()).toStrictEqual([
      'refused after the open',
    ]);
  });
});
