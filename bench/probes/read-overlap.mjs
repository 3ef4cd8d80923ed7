#!/usr/bin/env node
// Profiling probe (not part of `npm run bench`): one file through SHA-256 on one thread, reading with readSync
// before each hash (the engine before issue 17) or with the next read in flight on libuv's thread pool while the
// current chunk is hashed (double buffering, the engine after), for several chunk sizes. Wall and CPU time per
// variant, interleaved.
//
//   node bench/probes/read-overlap.mjs FILE [runs]
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, read, readSync } from 'node:fs';

const [file, runsText = '3'] = process.argv.slice(2);
if (!file) throw new Error('usage: read-overlap.mjs FILE [runs]');

function sequential(chunk) {
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(chunk);
  const hash = createHash('sha256');
  for (let n; (n = readSync(fd, buf, 0, chunk, null)) > 0;) hash.update(buf.subarray(0, n));
  closeSync(fd);
  return hash.digest('hex');
}

async function overlapped(chunk) {
  const fd = openSync(file, 'r');
  const size = fstatSync(fd).size;
  const bufs = [Buffer.allocUnsafe(chunk), Buffer.allocUnsafe(chunk)];
  const readAt = (b, pos) => new Promise((res, rej) => read(fd, b, 0, chunk, pos, (e, n) => (e ? rej(e) : res(n))));
  const hash = createHash('sha256');
  let pos = 0;
  let i = 0;
  let pending = readAt(bufs[0], 0);
  for (;;) {
    const n = await pending;
    if (n === 0) break;
    pos += n;
    const current = bufs[i];
    i ^= 1;
    pending = pos < size ? readAt(bufs[i], pos) : Promise.resolve(0);
    hash.update(current.subarray(0, n));
  }
  closeSync(fd);
  return hash.digest('hex');
}

const variants = [];
for (const kib of [256, 1024, 4096]) {
  variants.push([`sequential ${kib} KiB`, () => sequential(kib * 1024)]);
  variants.push([`overlapped ${kib} KiB x 2`, () => overlapped(kib * 1024)]);
}
const times = Object.fromEntries(variants.map(([name]) => [name, []]));
for (let r = 0; r < Number(runsText); r++) {
  for (const [name, run] of variants) {
    const cpu = process.cpuUsage();
    const t = process.hrtime.bigint();
    await run();
    const used = process.cpuUsage(cpu);
    times[name].push({ wall: Number(process.hrtime.bigint() - t) / 1e6, cpu: (used.user + used.system) / 1000 });
  }
}
for (const [name, list] of Object.entries(times)) {
  const walls = list.map((x) => x.wall.toFixed(0)).join(' ');
  const cpus = list.map((x) => x.cpu.toFixed(0)).join(' ');
  console.log(`${name.padEnd(26)} wall ms ${walls}   cpu ms ${cpus}`);
}
