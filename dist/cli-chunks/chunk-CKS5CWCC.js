import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  LFS_POINTER_MAX_BYTES,
  parseLfsPointer
} from "./chunk-NWOYYDP3.js";
import {
  gitIndexPort
} from "./chunk-O4GISOAI.js";
import {
  isWithin,
  lexicalPathProblem,
  resolveRepositoryPath,
  writeFileAtomic
} from "./chunk-E5PVBAA3.js";

// src/adapters/hash-cache.ts
import { lstat, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
var HASH_CACHE_FILE = join("mlgov", "hash-cache.json");
var FORMAT = "mlgov-hash-cache/1";
function stampOf(info) {
  return {
    size: String(info.size),
    mtimeNs: String(info.mtimeNs),
    ctimeNs: String(info.ctimeNs),
    dev: String(info.dev),
    ino: String(info.ino)
  };
}
function isCiEnvironment(env) {
  const ci = env["CI"]?.trim().toLowerCase();
  return ci !== void 0 && ci !== "" && ci !== "false" && ci !== "0";
}
function sameStamp(a, b) {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.dev === b.dev && a.ino === b.ino;
}
function cachedDigest(entry, now) {
  if (!entry || !sameStamp(entry, now)) return void 0;
  const clock = BigInt(entry.clockNs);
  if (BigInt(entry.mtimeNs) >= clock || BigInt(entry.ctimeNs) >= clock) return void 0;
  return /^[0-9a-f]{64}$/.test(entry.sha256) ? entry.sha256 : void 0;
}
var NUMERIC = ["size", "mtimeNs", "ctimeNs", "dev", "ino", "clockNs"];
function isEntry(v) {
  if (typeof v !== "object" || v === null) return false;
  const e = v;
  return typeof e["sha256"] === "string" && NUMERIC.every((k) => typeof e[k] === "string" && /^\d{1,30}$/.test(e[k]));
}
async function readFileSystemClock(gitDir) {
  const file = join(gitDir, "mlgov", "clock");
  try {
    await mkdir(join(gitDir, "mlgov"), { recursive: true });
    await writeFile(file, "");
    return (await stat(file, { bigint: true })).mtimeNs;
  } catch {
    return void 0;
  }
}
async function readHashCache(gitDir) {
  const file = join(gitDir, HASH_CACHE_FILE);
  const entries = {};
  try {
    if (!(await lstat(file)).isFile()) return entries;
    const parsed = JSON.parse(await readFile(file, "utf8"));
    if (typeof parsed !== "object" || parsed === null) return entries;
    const doc = parsed;
    if (doc.format !== FORMAT || typeof doc.entries !== "object" || doc.entries === null) return entries;
    for (const [path, entry] of Object.entries(doc.entries)) {
      if (isEntry(entry)) entries[path] = entry;
    }
    return entries;
  } catch {
    return entries;
  }
}
async function writeHashCache(gitDir, entries) {
  const file = join(gitDir, HASH_CACHE_FILE);
  try {
    await mkdir(join(gitDir, "mlgov"), { recursive: true });
    const sorted = Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
    await writeFileAtomic(file, JSON.stringify({ format: FORMAT, entries: sorted }, null, 1) + "\n");
    return true;
  } catch {
    return false;
  }
}

// src/adapters/file-hasher.ts
import { createHash } from "node:crypto";
import { constants, readSync } from "node:fs";
import { lstat as lstat2, open, readdir, realpath as realpath2, stat as stat2 } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { posix } from "node:path";

// src/adapters/hash-worker-pool.ts
import { Worker } from "node:worker_threads";
var HASH_CHUNK_BYTES = 1024 * 1024;
var PROGRESS_STEP_BYTES = 16 * 1024 * 1024;
var WORKER_SOURCE = String.raw`
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
var HashWorker = class {
  worker;
  nextId = 1;
  pending;
  dead;
  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.on("message", (msg) => this.onMessage(msg));
    this.worker.on("error", (err) => this.fail(err));
    this.worker.on("exit", (code) => this.fail(new Error(`hash worker exited (code ${code})`)));
  }
  /** Hashes one file; `onBytes` is called with each chunk's length as it is read. */
  hash(job, onBytes) {
    if (this.dead) return Promise.reject(this.dead);
    if (this.pending) return Promise.reject(new Error("hash worker is busy"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending = { id, resolve, reject, onBytes };
      this.worker.postMessage({ id, ...job, chunk: HASH_CHUNK_BYTES, step: PROGRESS_STEP_BYTES });
    });
  }
  /** Stops the thread; a job in flight rejects. */
  async terminate() {
    if (this.dead) return;
    this.fail(new Error("hash worker stopped"));
    await this.worker.terminate();
  }
  onMessage(msg) {
    const p = this.pending;
    if (!p || p.id !== msg.id) return;
    if (msg.type === "progress") {
      p.onBytes(msg.bytes);
      return;
    }
    this.pending = void 0;
    if (msg.type === "done") p.resolve({ ok: true, sha256: msg.sha256, size: msg.size });
    else p.resolve({ ok: false, code: msg.code, message: msg.message });
  }
  fail(err) {
    if (!this.dead) this.dead = err;
    const p = this.pending;
    this.pending = void 0;
    p?.reject(err);
  }
};

// src/adapters/lfs-pointer-index.ts
import { realpath } from "node:fs/promises";
function judgeIndexedFile(entry, blob, changed, query) {
  if (!entry || entry.stage !== 0 || entry.mode !== "100644" && entry.mode !== "100755") return void 0;
  const pointer = blob ? parseLfsPointer(blob) : void 0;
  if (!pointer || !blob) return void 0;
  if (entry.tag === "h" || entry.tag === "S") {
    const flag = entry.tag === "h" ? "assume-unchanged" : "skip-worktree";
    return { trusted: false, pointer, reason: `git is told not to check this file (${flag})` };
  }
  if (entry.tag !== "H") return { trusted: false, pointer, reason: `the index marks it "${entry.tag}"` };
  if (changed === void 0) {
    return { trusted: false, pointer, reason: "git could not compare the working tree with the index" };
  }
  if (changed.has(query.path)) {
    return { trusted: false, pointer, reason: "the working-tree file differs from the commit (git stat check)" };
  }
  if (query.size !== pointer.size && query.size !== blob.length) {
    return { trusted: false, pointer, reason: "the working-tree file size matches neither the object nor the pointer" };
  }
  return { trusted: true, pointer };
}
async function readIndexedLfsFiles(git, realRoot, queries) {
  const result = /* @__PURE__ */ new Map();
  if (queries.length === 0) return result;
  const top = await git.topLevel();
  if (!top || await realpath(top).catch(() => void 0) !== realRoot) return result;
  const paths = queries.map((q) => q.path);
  const entries = await git.indexEntries(paths);
  if (entries.size === 0) return result;
  const sizes = await git.objectSizes([...new Set([...entries.values()].map((e) => e.blob))]);
  const small = [...sizes.entries()].filter(([, s]) => s.type === "blob" && s.size < LFS_POINTER_MAX_BYTES).map(([id]) => id);
  if (small.length === 0) return result;
  const blobs = await git.readSmallBlobs(small);
  const changed = await git.worktreeChanged(paths);
  for (const q of queries) {
    const entry = entries.get(q.path);
    const verdict = judgeIndexedFile(entry, entry ? blobs.get(entry.blob) : void 0, changed, q);
    if (verdict) result.set(q.path, verdict);
  }
  return result;
}

// src/adapters/file-hasher.ts
var WORKER_THRESHOLD_BYTES = 32 * 1024 * 1024;
var NOT_HASHED_REASON = "not hashed: stopped at first mismatch (--fail-fast)";
var REHASH_NOTE = "asked to re-hash (--rehash)";
var HASH_CACHE_MAX_ENTRIES = 1e4;
function errnoOf(err) {
  return typeof err === "object" && err !== null && "code" in err ? String(err.code) : "EUNKNOWN";
}
function kindOf(info) {
  if (info.isDirectory()) return "directory";
  if (info.isFIFO()) return "named pipe (FIFO)";
  if (info.isSocket()) return "socket";
  if (info.isCharacterDevice()) return "character device";
  if (info.isBlockDevice()) return "block device";
  return "special file";
}
async function planFile(realRoot, path, expected) {
  const resolved = await resolveRepositoryPath(realRoot, path);
  switch (resolved.kind) {
    case "outside":
      return { kind: "outside-repository", path, reason: resolved.reason };
    case "missing":
      return { kind: "missing", path };
    case "unreadable":
      return { kind: "unreadable", path, reason: resolved.reason };
    case "inside":
      break;
  }
  let info;
  try {
    info = await stat2(resolved.absolute, { bigint: true });
  } catch (err) {
    const code = errnoOf(err);
    if (code === "ENOENT") return { kind: "missing", path };
    return { kind: "unreadable", path, reason: `could not stat the file (${code})` };
  }
  if (!info.isFile()) return { kind: "not-a-file", path, what: kindOf(info) };
  const want = expected?.[path];
  const size = Number(info.size);
  return {
    path,
    absolute: resolved.absolute,
    rel: resolved.absolute.slice(realRoot.length + 1),
    size,
    dev: String(info.dev),
    ino: String(info.ino),
    stamp: stampOf(info),
    // A pointer-sized file may stand for an LFS object of any size, so only larger files can be judged by size.
    sizeDiffers: want?.size !== void 0 && size >= LFS_POINTER_MAX_BYTES && size !== want.size
  };
}
function isTask(x) {
  return !("kind" in x);
}
function isMismatch(observed, want) {
  if (observed.kind !== "file") return true;
  if (!want) return false;
  if (want.sha256 !== void 0 && want.sha256.toLowerCase() !== observed.sha256) return true;
  if (want.size !== void 0 && want.size !== observed.size) return true;
  return false;
}
function failureToObservation(path, code, message) {
  if (code === "ENOENT") return { kind: "missing", path };
  return { kind: "unreadable", path, reason: `${message} (${code})` };
}
function hashedFile(task, sha256, size, by = "hashed") {
  return {
    kind: "file",
    path: task.path,
    sha256,
    size,
    verifiedBy: by,
    ...task.note ? { verifiedNote: task.note } : {}
  };
}
function digestAccumulator(onBytes) {
  const hash = createHash("sha256");
  let size = 0;
  let head;
  return {
    add(chunk) {
      if (size < LFS_POINTER_MAX_BYTES) {
        head = Buffer.concat([head ?? Buffer.alloc(0), chunk.subarray(0, LFS_POINTER_MAX_BYTES - size)]);
      }
      hash.update(chunk);
      size += chunk.length;
      onBytes(chunk.length);
    },
    digest: () => ({ sha256: hash.digest("hex"), size, ...head ? { head } : {} })
  };
}
async function streamHash(handle, buffers, onBytes, reads) {
  const acc = digestAccumulator(onBytes);
  const sized = (b, n) => n === b.length ? b : b.subarray(0, n);
  if (reads === "sync") {
    const buffer = buffers[0];
    for (; ; ) {
      const n = readSync(handle.fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      acc.add(sized(buffer, n));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return acc.digest();
  }
  let i = 0;
  const readInto = (b) => {
    const p = handle.read(b, 0, b.length, null);
    p.catch(() => void 0);
    return p;
  };
  let pending = readInto(buffers[0]);
  for (; ; ) {
    const { bytesRead } = await pending;
    if (bytesRead === 0) break;
    const current = buffers[i];
    i ^= 1;
    pending = readInto(buffers[i]);
    acc.add(sized(current, bytesRead));
  }
  return acc.digest();
}
async function hashOnMainThread(task, buffers, onBytes, reads) {
  let handle;
  try {
    handle = await open(task.absolute, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return failureToObservation(task.path, errnoOf(err), "could not open the file");
  }
  try {
    const info = await handle.stat({ bigint: true });
    if (!info.isFile()) return { kind: "unreadable", path: task.path, reason: "the path is no longer a regular file" };
    if (String(info.dev) !== task.dev || String(info.ino) !== task.ino) {
      return { kind: "unreadable", path: task.path, reason: "the file was replaced while it was being hashed" };
    }
    const { sha256, size, head } = await streamHash(handle, buffers, onBytes, reads);
    const pointer = head && size < LFS_POINTER_MAX_BYTES ? parseLfsPointer(head) : void 0;
    if (pointer) {
      return {
        kind: "file",
        path: task.path,
        sha256: pointer.oid,
        size: pointer.size,
        lfs: pointer,
        verifiedBy: "lfs-pointer-file"
      };
    }
    return hashedFile(task, sha256, size);
  } catch (err) {
    return failureToObservation(task.path, errnoOf(err), "could not read the file");
  } finally {
    await handle.close().catch(() => void 0);
  }
}
async function observeFiles(repoRoot, paths, options = {}) {
  const realRoot = await realpath2(repoRoot);
  const unique = [...new Set(paths)];
  const planned = await Promise.all(unique.map((p) => planFile(realRoot, p, options.expected)));
  const result = {};
  const tasks = [];
  for (const p of planned) {
    if (isTask(p)) tasks.push(p);
    else result[p.path] = p;
  }
  const { rest, cache } = await settleWithoutReading(realRoot, tasks, options, result);
  const progress = {
    bytesDone: 0,
    bytesTotal: rest.reduce((n, t) => n + t.size, 0),
    filesDone: unique.length - rest.length,
    filesTotal: unique.length
  };
  const report = () => options.onProgress?.({ ...progress });
  report();
  let stopped = options.failFast === true && Object.values(result).some((o) => isMismatch(o, options.expected?.[o.path]));
  if (!stopped && rest.length > 0) {
    stopped = await hashTasks(rest, options, result, progress, report);
  }
  if (stopped) {
    for (const t of rest) {
      result[t.path] ??= { kind: "unreadable", path: t.path, reason: NOT_HASHED_REASON };
    }
  }
  if (cache) await recordHashes(cache, tasks, result);
  return Object.fromEntries(unique.map((p) => [p, result[p]]));
}
async function settleWithoutReading(realRoot, tasks, options, result) {
  if (options.rehash) {
    for (const t of tasks) t.note = REHASH_NOTE;
    return { rest: tasks };
  }
  if (tasks.length === 0) return { rest: tasks };
  const git = gitIndexPort(realRoot);
  const indexed = await readIndexedLfsFiles(
    git,
    realRoot,
    tasks.map((t) => ({ path: t.rel, size: t.size }))
  );
  let cache;
  if (options.hashCache) {
    const gitDir = await git.gitDir();
    const clockNs = gitDir ? await readFileSystemClock(gitDir) : void 0;
    if (gitDir && clockNs !== void 0) cache = { gitDir, entries: await readHashCache(gitDir), clockNs };
  }
  const rest = [];
  for (const t of tasks) {
    const lfs = indexed.get(t.rel);
    if (lfs?.trusted) {
      const { oid, size } = lfs.pointer;
      result[t.path] = { kind: "file", path: t.path, sha256: oid, size, lfs: lfs.pointer, verifiedBy: "lfs-index" };
      continue;
    }
    if (lfs) t.note = lfs.reason;
    const cached = cache && t.size >= LFS_POINTER_MAX_BYTES ? cachedDigest(cache.entries[t.absolute], t.stamp) : void 0;
    if (cached) {
      result[t.path] = hashedFile(t, cached, t.size, "hash-cache");
      continue;
    }
    rest.push(t);
  }
  return { rest, ...cache ? { cache } : {} };
}
async function recordHashes(cache, tasks, result) {
  const fresh = {};
  for (const t of tasks) {
    const o = result[t.path];
    if (o?.kind !== "file" || o.verifiedBy !== "hashed" || t.size < LFS_POINTER_MAX_BYTES) continue;
    const now = await stat2(t.absolute, { bigint: true }).then(stampOf, () => void 0);
    if (!now || !sameStamp(now, t.stamp) || String(o.size) !== t.stamp.size) continue;
    fresh[t.absolute] = { ...t.stamp, sha256: o.sha256, clockNs: String(cache.clockNs) };
  }
  if (Object.keys(fresh).length === 0) return;
  const kept = Object.entries(cache.entries).filter(([path]) => !(path in fresh));
  const room = Math.max(0, HASH_CACHE_MAX_ENTRIES - Object.keys(fresh).length);
  await writeHashCache(cache.gitDir, { ...Object.fromEntries(kept.slice(0, room)), ...fresh });
}
async function hashTasks(tasks, options, result, progress, report) {
  const threshold = options.workerThresholdBytes ?? WORKER_THRESHOLD_BYTES;
  const ordered = options.failFast ? [...tasks].sort((a, b) => Number(b.sizeDiffers) - Number(a.sizeDiffers)) : tasks;
  const small = ordered.filter((t) => t.size < threshold);
  const large = ordered.filter((t) => t.size >= threshold);
  let stopped = false;
  const maxWorkers = options.maxWorkers ?? Math.min(availableParallelism(), 4) - 1;
  const workerCount = Math.max(0, Math.min(large.length - 1, maxWorkers));
  const workers = [];
  for (let i = 0; i < workerCount; i++) workers.push(new HashWorker());
  const settle = (task, observed) => {
    result[task.path] = observed;
    progress.filesDone += 1;
    report();
    if (options.failFast && !stopped && isMismatch(observed, options.expected?.[task.path])) {
      stopped = true;
      for (const w of workers) void w.terminate();
    }
  };
  const onBytes = (n) => {
    progress.bytesDone += n;
    report();
  };
  const mainLane = async () => {
    const buffers = [Buffer.allocUnsafe(HASH_CHUNK_BYTES), Buffer.allocUnsafe(HASH_CHUNK_BYTES)];
    for (; ; ) {
      if (stopped) return;
      const task = small.shift() ?? large.shift();
      if (!task) return;
      settle(task, await hashOnMainThread(task, buffers, onBytes, workers.length > 0 ? "sync" : "overlap"));
    }
  };
  const workerLane = async (worker) => {
    for (; ; ) {
      if (stopped) return;
      const task = large.shift();
      if (!task) return;
      let outcome;
      try {
        outcome = await worker.hash({ path: task.absolute, dev: task.dev, ino: task.ino }, onBytes);
      } catch {
        if (stopped) return;
        workers.splice(workers.indexOf(worker), 1);
        large.unshift(task);
        return;
      }
      settle(
        task,
        outcome.ok ? hashedFile(task, outcome.sha256, outcome.size) : failureToObservation(task.path, outcome.code, outcome.message)
      );
    }
  };
  try {
    await Promise.all([mainLane(), ...workers.map((w) => workerLane(w))]);
    if (large.length > 0) await mainLane();
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return stopped;
}
var SKIPPED_DIRECTORIES = /* @__PURE__ */ new Set([".git"]);
function isIgnoredForUnlisted(name) {
  return name.startsWith(".") || /^readme/i.test(name);
}
function modelFolders(manifestPath, artifactPaths) {
  const dirs = /* @__PURE__ */ new Set();
  for (const p of [manifestPath, ...artifactPaths]) {
    if (lexicalPathProblem(p)) continue;
    const dir = posix.dirname(posix.normalize(p));
    if (dir === "." || dir === "") continue;
    dirs.add(dir);
  }
  const sorted = [...dirs].sort();
  return sorted.filter((d) => !sorted.some((other) => other !== d && d.startsWith(other + "/")));
}
async function findUnlistedFiles(repoRoot, folders, listed) {
  const realRoot = await realpath2(repoRoot);
  const known = new Set(listed.filter((p) => !lexicalPathProblem(p)).map((p) => posix.normalize(p)));
  const found = /* @__PURE__ */ new Set();
  for (const folder of folders) {
    if (lexicalPathProblem(folder)) continue;
    const rel = posix.normalize(folder).replace(/\/+$/, "");
    const info = await lstat2(realRoot + "/" + rel).catch(() => void 0);
    if (!info?.isDirectory()) continue;
    const real = await realpath2(realRoot + "/" + rel).catch(() => void 0);
    if (!real || !isWithin(realRoot, real)) continue;
    await walk(realRoot, rel, known, found);
  }
  return [...found].sort();
}
async function walk(realRoot, rel, known, found) {
  let entries;
  try {
    entries = await readdir(realRoot + "/" + rel, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const childRel = `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(realRoot, childRel, known, found);
      continue;
    }
    if (isIgnoredForUnlisted(entry.name)) continue;
    if (!known.has(childRel)) found.add(childRel);
  }
}

// src/policy/policy.ts
function bucketAllowed(s3, bucket) {
  return s3?.buckets === void 0 || s3.buckets.includes(bucket);
}

export {
  isCiEnvironment,
  observeFiles,
  modelFolders,
  findUnlistedFiles,
  bucketAllowed
};
