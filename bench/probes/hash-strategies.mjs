#!/usr/bin/env node
// Profiling probe (not part of `npm run bench`): how should a file be read and hashed? Compares, on the bench's
// data (run `node bench/run.mjs --only hashing --keep-data` first), worker threads that
//   - read synchronously then hash (the engine's first design),
//   - overlap the next read (libuv thread pool) with hashing the current chunk (double buffering),
// with several chunk sizes and thread counts. Reports wall time and process CPU time per variant, interleaved.
//
//   node bench/probes/hash-strategies.mjs [big|many] [runs]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { summarize, warmPageCache } from '../lib/measure.mjs';

const WORKER = String.raw`
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { createHash } = require('node:crypto');
parentPort.on('message', async ({ path, chunk, mode }) => {
  const fd = fs.openSync(path, 'r');
  const hash = createHash('sha256');
  if (mode === 'sync') {
    const buf = Buffer.allocUnsafe(chunk);
    for (;;) { const n = fs.readSync(fd, buf, 0, chunk, null); if (n === 0) break; hash.update(buf.subarray(0, n)); }
  } else {
    const bufs = [Buffer.allocUnsafe(chunk), Buffer.allocUnsafe(chunk)];
    const read = (b, pos) => new Promise((res, rej) => fs.read(fd, b, 0, chunk, pos, (e, n) => (e ? rej(e) : res(n))));
    let pos = 0, i = 0;
    let pending = read(bufs[0], 0);
    for (;;) {
      const n = await pending;
      if (n === 0) break;
      pos += n;
      const cur = bufs[i]; i ^= 1;
      pending = read(bufs[i], pos);
      hash.update(cur.subarray(0, n));
    }
  }
  fs.closeSync(fd);
  parentPort.postMessage(hash.digest('hex'));
});
`;

async function hashAll(paths, threads, chunk, mode) {
  const queue = [...paths];
  const workers = Array.from({ length: Math.min(threads, paths.length) }, () => new Worker(WORKER, { eval: true }));
  const digests = {};
  await Promise.all(
    workers.map(async (w) => {
      for (let p; (p = queue.shift());) {
        digests[p] = await new Promise((res) => {
          w.once('message', res);
          w.postMessage({ path: p, chunk, mode });
        });
      }
    }),
  );
  await Promise.all(workers.map((w) => w.terminate()));
  return digests;
}

const key = process.argv[2] ?? 'big';
const runs = Number(process.argv[3] ?? 3);
const dir = join(fileURLToPath(new URL('..', import.meta.url)), 'tmp', `hash-${key}`);
const { files } = JSON.parse(readFileSync(join(dir, 'digests.json'), 'utf8'));
const paths = files.map((f) => join(dir, f.path));
const bytes = files.reduce((n, f) => n + f.size, 0);
const variants = [];
for (const threads of key === 'big' ? [1] : [1, 2, 3]) {
  for (const mode of ['sync', 'overlap']) {
    for (const chunk of [256 * 1024, 1024 * 1024, 4 * 1024 * 1024]) variants.push({ threads, mode, chunk });
  }
}
const samples = new Map(variants.map((v) => [v, { wall: [], cpu: [] }]));
for (let r = 0; r < runs; r++) {
  for (let i = 0; i < variants.length; i++) {
    const v = variants[(i + r) % variants.length];
    warmPageCache(paths);
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const digests = await hashAll(paths, v.threads, v.chunk, v.mode);
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    const c = process.cpuUsage(c0);
    for (const f of files) if (digests[join(dir, f.path)] !== f.sha256) throw new Error(`wrong digest for ${f.path}`);
    samples.get(v).wall.push(wall);
    samples.get(v).cpu.push((c.user + c.system) / 1e3);
  }
}
console.log(
  `${key}: ${(bytes / 2 ** 30).toFixed(0)} GiB, ${runs} runs, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
);
for (const v of variants) {
  const w = summarize(samples.get(v).wall);
  const c = summarize(samples.get(v).cpu);
  console.log(
    `threads ${v.threads} ${v.mode.padEnd(7)} chunk ${String(v.chunk / 1024).padStart(4)} KiB: wall ${(w.median / 1000).toFixed(2)} s (${(bytes / w.median / 1e6).toFixed(2)} GB/s, min ${(bytes / w.min / 1e6).toFixed(2)})  cpu ${(c.median / 1000).toFixed(2)} s`,
  );
}
