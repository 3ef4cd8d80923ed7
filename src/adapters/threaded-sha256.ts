import { createHash, type Hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * SHA-256 of bytes that arrive over time (an S3 object's body), computed on a thread of its own so that receiving
 * and hashing overlap. On the receiving thread alone, a 2 GiB body costs the HTTP stream's work plus SHA-256's, one
 * after the other (bench/ANALYSIS.md, "S3"); here the receiving thread only copies each chunk into a 1 MiB batch
 * and hands full batches over.
 *
 * Memory is bounded: at most {@link BATCHES_IN_FLIGHT} batches exist, each handed to the thread (transferred, not
 * copied) and handed back to be filled again; when all are out, {@link update} returns a promise the caller awaits,
 * and the body waits in the socket (backpressure) instead of in memory.
 *
 * The thread's program is CommonJS source evaluated in the worker, for the reason hash-worker-pool.ts gives: the
 * same code runs under jest and in the bundle.
 *
 * Protocol: the parent posts `{ type: 'bytes', batch, length }` (batch transferred) and the thread answers
 * `{ type: 'free', batch }` (transferred back) once hashed; then `{ type: 'end' }`, answered by
 * `{ type: 'digest', sha256 }`.
 */
const THREAD_SOURCE = String.raw`
'use strict';
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hash = createHash('sha256');
parentPort.on('message', (message) => {
  if (message.type === 'bytes') {
    hash.update(new Uint8Array(message.batch, 0, message.length));
    parentPort.postMessage({ type: 'free', batch: message.batch }, [message.batch]);
  } else if (message.type === 'end') {
    parentPort.postMessage({ type: 'digest', sha256: hash.digest('hex') });
  }
});
`;

/** Bytes per batch handed to the thread: one message per MiB (a message per 64 KiB socket chunk would cost more). */
export const BATCH_BYTES = 1024 * 1024;
/** Batches in flight at most: the thread hashes one while the receiver fills the next, and one spare. */
export const BATCHES_IN_FLIGHT = 3;
/**
 * Below this many bytes the hash runs on the calling thread: starting a thread (about 25 ms) costs more than it
 * would save.
 */
export const THREAD_THRESHOLD_BYTES = 64 * BATCH_BYTES;

/** The hashing thread failed (it crashed, or was stopped): no digest, and nothing said about the bytes. */
export class HashingThreadError extends Error {
  override name = 'HashingThreadError';
}

/** A SHA-256 fed chunk by chunk; {@link digest} once, then it is spent. */
export interface StreamSha256 {
  /** Takes the chunk (copied: the caller may reuse it); a promise to await before the next one when memory is full. */
  update(chunk: Uint8Array): Promise<void> | undefined;
  /** The hex digest of everything given. */
  digest(): Promise<string>;
  /** Stops the thread if any (after an error, or when the digest was read). */
  close(): Promise<void>;
}

let live = 0;

/** Hashing threads started and not yet stopped: none is left once a hash is closed. */
export function liveHashingThreads(): number {
  return live;
}

/** A hash on the calling thread (small bodies) or on a thread of its own (`expectedBytes` at the threshold or more). */
export function streamSha256(expectedBytes: number): StreamSha256 {
  return expectedBytes >= THREAD_THRESHOLD_BYTES ? threadedSha256() : new InlineSha256();
}

/** A hash on a thread of its own, whatever the size. */
export function threadedSha256(): StreamSha256 {
  return new ThreadedSha256();
}

class InlineSha256 implements StreamSha256 {
  private readonly hash: Hash = createHash('sha256');
  update(chunk: Uint8Array): undefined {
    this.hash.update(chunk);
    return undefined;
  }
  digest(): Promise<string> {
    return Promise.resolve(this.hash.digest('hex'));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

class ThreadedSha256 implements StreamSha256 {
  // The thread holds no data of its own (the batches are transferred), so its heap stays at the smallest limits:
  // measured, 2 MB less resident memory than the defaults.
  private readonly thread = new Worker(THREAD_SOURCE, {
    eval: true,
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8 },
  });
  /** Batches back from the thread, ready to be filled. */
  private readonly free: ArrayBuffer[] = [];
  private created = 0;
  private filling: Uint8Array | undefined;
  private filled = 0;
  /** Who waits for a free batch, and who waits for the digest. */
  private waitingForBatch: { resolve: () => void; reject: (err: Error) => void } | undefined;
  private waitingForDigest: { resolve: (sha256: string) => void; reject: (err: Error) => void } | undefined;
  private failed: HashingThreadError | undefined;

  constructor() {
    live++;
    this.thread.once('exit', () => live--);
    this.thread.on('message', (message: { type: 'free'; batch: ArrayBuffer } | { type: 'digest'; sha256: string }) => {
      if (message.type === 'free') {
        this.free.push(message.batch);
        const waiting = this.waitingForBatch;
        this.waitingForBatch = undefined;
        waiting?.resolve();
      } else {
        this.waitingForDigest?.resolve(message.sha256);
        this.waitingForDigest = undefined;
      }
    });
    this.thread.on('error', (err) => this.fail(new HashingThreadError(`the hashing thread failed: ${err.message}`)));
    this.thread.on('exit', (code) =>
      this.fail(new HashingThreadError(`the hashing thread stopped (exit code ${code})`)),
    );
  }

  update(chunk: Uint8Array): Promise<void> | undefined {
    if (this.failed) return Promise.reject(this.failed);
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.filling) {
        const batch = this.free.pop() ?? (this.created < BATCHES_IN_FLIGHT ? this.newBatch() : undefined);
        if (!batch) {
          // Every batch is with the thread: wait for one, then take the rest of this chunk.
          const rest = chunk.subarray(offset);
          return new Promise<void>((resolve, reject) => (this.waitingForBatch = { resolve, reject })).then(() =>
            this.update(rest),
          );
        }
        this.filling = new Uint8Array(batch);
        this.filled = 0;
      }
      const n = Math.min(chunk.length - offset, this.filling.length - this.filled);
      this.filling.set(chunk.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.filling.length) this.send();
    }
    return undefined;
  }

  async digest(): Promise<string> {
    if (this.failed) throw this.failed;
    if (this.filling && this.filled > 0) this.send();
    return new Promise<string>((resolve, reject) => {
      this.waitingForDigest = { resolve, reject };
      this.thread.postMessage({ type: 'end' });
    });
  }

  async close(): Promise<void> {
    this.fail(new HashingThreadError('the hashing thread was stopped'));
    await this.thread.terminate();
  }

  private newBatch(): ArrayBuffer {
    this.created++;
    return new ArrayBuffer(BATCH_BYTES);
  }

  private send(): void {
    const batch = this.filling!.buffer as ArrayBuffer;
    this.thread.postMessage({ type: 'bytes', batch, length: this.filled }, [batch]);
    this.filling = undefined;
    this.filled = 0;
  }

  private fail(err: HashingThreadError): void {
    if (this.failed) return;
    this.failed = err;
    this.waitingForBatch?.reject(err);
    this.waitingForDigest?.reject(err);
    this.waitingForBatch = undefined;
    this.waitingForDigest = undefined;
  }
}
