import { Worker } from 'node:worker_threads';

/**
 * Read size for streaming hashes (bench/ANALYSIS.md: 64 KiB – 4 MiB within noise; 1 MiB keeps the number of reads
 * and of progress callbacks low). A worker reads synchronously into one buffer of this size; the main thread, when
 * it is the only hashing thread, into two (see file-hasher.ts).
 */
export const HASH_CHUNK_BYTES = 1024 * 1024;

/** Progress is reported at most once per this many bytes (one message per 1 MiB chunk would be 2,048 per 2 GiB). */
export const PROGRESS_STEP_BYTES = 16 * 1024 * 1024;

/**
 * The worker's program, as CommonJS source evaluated in the worker (`eval: true`). It is a string on purpose: the
 * same code must run under jest (TypeScript sources, no build step) and in the esbuild bundle (dist/cli.js and
 * its chunks), and a separate worker file path works in only one of the two. It uses only Node built-ins.
 *
 * Protocol: the parent posts `{ id, path, dev, ino, chunk, step }`; the worker answers with any number of
 * `{ id, type: 'progress', bytes }`, then exactly one `{ id, type: 'done', sha256, size }` or
 * `{ id, type: 'error', code, message }`. One reused buffer per worker: memory does not grow with file size.
 *
 * Reads are synchronous (readSync into the buffer, then hash it): workers exist only when several large files are
 * hashed, so every core already runs a hashing thread and a read handed to libuv's thread pool would find no free
 * core to overlap with. It would only cost CPU: the hand-off to the pool and back, and the chunk crossing from the
 * core that copied it to the core that hashes it (bench/ANALYSIS.md).
 */
const WORKER_SOURCE = String.raw`
'use strict';
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { createHash } = require('node:crypto');
let buffer;
function hashFd(job, fd) {
  const hash = createHash('sha256');
  let size = 0;
  let unreported = 0;
  for (;;) {
    const n = fs.readSync(fd, buffer, 0, buffer.length, null);
    if (n === 0) break;
    hash.update(n === buffer.length ? buffer : buffer.subarray(0, n));
    size += n;
    unreported += n;
    if (unreported >= job.step) {
      parentPort.postMessage({ id: job.id, type: 'progress', bytes: unreported });
      unreported = 0;
    }
  }
  if (unreported > 0) parentPort.postMessage({ id: job.id, type: 'progress', bytes: unreported });
  return { sha256: hash.digest('hex'), size };
}
parentPort.on('message', (job) => {
  let fd;
  try {
    if (!buffer || buffer.length !== job.chunk) buffer = Buffer.allocUnsafe(job.chunk);
    // O_NONBLOCK: should the path have been swapped for a FIFO since it was checked, open() must not hang.
    fd = fs.openSync(job.path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const st = fs.fstatSync(fd, { bigint: true });
    if (!st.isFile()) {
      throw Object.assign(new Error('the path is no longer a regular file'), { code: 'ENOTREG' });
    }
    if (String(st.dev) !== job.dev || String(st.ino) !== job.ino) {
      throw Object.assign(new Error('the file was replaced while it was being hashed'), { code: 'ECHANGED' });
    }
    const { sha256, size } = hashFd(job, fd);
    parentPort.postMessage({ id: job.id, type: 'done', sha256, size });
  } catch (err) {
    parentPort.postMessage({
      id: job.id,
      type: 'error',
      code: err && err.code ? String(err.code) : 'EUNKNOWN',
      message: err && err.message ? String(err.message) : String(err),
    });
  } finally {
    if (fd !== undefined) {
      try { fs.closeSync(fd); } catch (e) { /* already reported */ }
    }
  }
});
`;

/** One file for a worker to hash; `dev`/`ino` (decimal strings) pin the file that was checked before opening. */
export interface HashJob {
  path: string;
  dev: string;
  ino: string;
}

export type HashOutcome = { ok: true; sha256: string; size: number } | { ok: false; code: string; message: string };

type WorkerMessage =
  | { id: number; type: 'progress'; bytes: number }
  | { id: number; type: 'done'; sha256: string; size: number }
  | { id: number; type: 'error'; code: string; message: string };

/**
 * A hashing thread: one job at a time. Rejects only when the thread itself dies (crash, or {@link terminate} while a
 * job runs); file errors are outcomes.
 */
export class HashWorker {
  private readonly worker: Worker;
  private nextId = 1;
  private pending:
    | { id: number; resolve: (o: HashOutcome) => void; reject: (e: Error) => void; onBytes: (n: number) => void }
    | undefined;
  private dead: Error | undefined;

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.on('message', (msg: WorkerMessage) => this.onMessage(msg));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`hash worker exited (code ${code})`)));
  }

  /** Hashes one file; `onBytes` is called with each chunk's length as it is read. */
  hash(job: HashJob, onBytes: (n: number) => void): Promise<HashOutcome> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.pending) return Promise.reject(new Error('hash worker is busy'));
    const id = this.nextId++;
    return new Promise<HashOutcome>((resolve, reject) => {
      this.pending = { id, resolve, reject, onBytes };
      this.worker.postMessage({ id, ...job, chunk: HASH_CHUNK_BYTES, step: PROGRESS_STEP_BYTES });
    });
  }

  /** Stops the thread; a job in flight rejects. */
  async terminate(): Promise<void> {
    if (this.dead) return;
    this.fail(new Error('hash worker stopped'));
    await this.worker.terminate();
  }

  private onMessage(msg: WorkerMessage): void {
    const p = this.pending;
    if (!p || p.id !== msg.id) return;
    if (msg.type === 'progress') {
      p.onBytes(msg.bytes);
      return;
    }
    this.pending = undefined;
    if (msg.type === 'done') p.resolve({ ok: true, sha256: msg.sha256, size: msg.size });
    else p.resolve({ ok: false, code: msg.code, message: msg.message });
  }

  private fail(err: Error): void {
    if (!this.dead) this.dead = err;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(err);
  }
}
