/**
 * The SHA-256 that an S3 body is fed to as it arrives (src/adapters/threaded-sha256.ts): on a thread of its own it
 * must give exactly node:crypto's digest for any way the bytes are cut, copy what it is given (the caller's buffer
 * is reused), hold at most BATCHES_IN_FLIGHT batches, and fail as a HashingThreadError, never with a digest, once
 * its thread is gone.
 */
import { describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import {
  BATCH_BYTES,
  BATCHES_IN_FLIGHT,
  HashingThreadError,
  liveHashingThreads,
  streamSha256,
  THREAD_THRESHOLD_BYTES,
  threadedSha256,
  type StreamSha256,
} from '../../src/adapters/threaded-sha256.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Feeds `bytes` cut at `cuts` (offsets), awaiting whenever the hash asks; returns how often it asked. */
async function feed(hash: StreamSha256, bytes: Uint8Array, cuts: number[]): Promise<number> {
  let waits = 0;
  let from = 0;
  for (const to of [...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length]) {
    const full = hash.update(bytes.subarray(from, to));
    if (full) {
      waits++;
      await full;
    }
    from = to;
  }
  return waits;
}

describe('on a thread of its own', () => {
  it.each([
    ['nothing', 0],
    ['one byte', 1],
    ['one byte short of a batch', BATCH_BYTES - 1],
    ['exactly a batch', BATCH_BYTES],
    ['a batch and a byte', BATCH_BYTES + 1],
    ['more batches than may be in flight, and a tail', (BATCHES_IN_FLIGHT + 3) * BATCH_BYTES + 7],
  ])('%s: the digest node:crypto gives', async (_what, size) => {
    const bytes = randomBytes(size);
    const hash = threadedSha256();
    try {
      await feed(hash, bytes, [size >> 1]);
      expect(await hash.digest()).toBe(sha256(bytes));
    } finally {
      await hash.close();
    }
    expect(liveHashingThreads()).toBe(0);
  });

  it('any cutting of the bytes into chunks gives the same digest (fixed seed)', async () => {
    const bytes = randomBytes(3 * BATCH_BYTES + 5);
    const expected = sha256(bytes);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(bytes.length), { maxLength: 40 }), async (cuts) => {
        const hash = threadedSha256();
        try {
          await feed(hash, bytes, cuts);
          return (await hash.digest()) === expected;
        } finally {
          await hash.close();
        }
      }),
      { seed: 20261201, numRuns: 12 },
    );
  });

  it('copies each chunk: the caller may refill its buffer as soon as update returns', async () => {
    const reused = Buffer.alloc(BATCH_BYTES / 2 + 3);
    const seen: Buffer[] = [];
    const hash = threadedSha256();
    try {
      for (let round = 0; round < 5; round++) {
        reused.fill(round + 1);
        seen.push(Buffer.from(reused));
        const full = hash.update(reused);
        if (full) await full;
      }
      expect(await hash.digest()).toBe(sha256(Buffer.concat(seen)));
    } finally {
      await hash.close();
    }
  });

  it('holds at most BATCHES_IN_FLIGHT batches: a fast producer is asked to wait', async () => {
    const bytes = randomBytes(8 * BATCHES_IN_FLIGHT * BATCH_BYTES);
    const hash = threadedSha256();
    try {
      // Whole batches handed over without pause: once every batch is with the thread, update asks to wait.
      const cuts = Array.from({ length: 8 * BATCHES_IN_FLIGHT }, (_, i) => i * BATCH_BYTES);
      expect(await feed(hash, bytes, cuts)).toBeGreaterThan(0);
      expect(await hash.digest()).toBe(sha256(bytes));
    } finally {
      await hash.close();
    }
  });

  it('once its thread is stopped, update and digest fail as HashingThreadError: no digest of bytes it did not hash', async () => {
    const hash = threadedSha256();
    expect(hash.update(randomBytes(10))).toBeUndefined();
    await hash.close();
    await expect(hash.update(randomBytes(10))).rejects.toBeInstanceOf(HashingThreadError);
    await expect(hash.digest()).rejects.toThrow('the hashing thread was stopped');
    expect(liveHashingThreads()).toBe(0);
  });
});

describe('streamSha256 picks the thread by size', () => {
  it('below the threshold it hashes on the calling thread (no thread started)', async () => {
    const bytes = randomBytes(1000);
    const hash = streamSha256(THREAD_THRESHOLD_BYTES - 1);
    expect(liveHashingThreads()).toBe(0);
    expect(hash.update(bytes)).toBeUndefined();
    expect(await hash.digest()).toBe(sha256(bytes));
    await hash.close();
  });

  it('at the threshold it starts a thread, stopped by close', async () => {
    const hash = streamSha256(THREAD_THRESHOLD_BYTES);
    expect(liveHashingThreads()).toBe(1);
    hash.update(Buffer.from('abc'));
    expect(await hash.digest()).toBe(sha256(Buffer.from('abc')));
    await hash.close();
    expect(liveHashingThreads()).toBe(0);
  });
});
