import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  mlgovCommand
} from "./chunk-HV6P22BU.js";
import {
  statusOf
} from "./chunk-7YMLEWR4.js";
import {
  LFS_POINTER_MAX_BYTES,
  parseLfsPointer
} from "./chunk-NWOYYDP3.js";
import {
  gitIndexPort
} from "./chunk-E3MHIWUA.js";
import {
  isS3Url,
  parseS3Url
} from "./chunk-XT4WT7IS.js";
import {
  at,
  error,
  indeterminate,
  notice,
  pointer,
  warning
} from "./chunk-KIYJOZ3G.js";
import {
  isWithin,
  lexicalPathProblem,
  reportContentSha256,
  resolveRepositoryPath,
  writeFileAtomic
} from "./chunk-4LCUO2WG.js";

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

// src/release/object-facts.ts
function observedObjects(files) {
  return files.objects ?? {};
}

// src/checks/checksums.ts
import { posix } from "node:path";

// src/policy/policy.ts
function bucketAllowed(s3, bucket) {
  return s3?.buckets === void 0 || s3.buckets.includes(bucket);
}

// src/checks/checksums-s3.ts
var UNVERSIONED_NOTE = "the bucket is not versioned";
var GONE = /* @__PURE__ */ new Set(["no-such-bucket", "no-such-key", "no-such-version", "deleted"]);
function objectName(o) {
  return `s3://${o.bucket}/${o.key} (${o.versionId !== void 0 ? `version ${o.versionId}` : "unversioned"})`;
}
function failureFinding(label, path, f, where) {
  const message = `${label} "${path}" could not be verified: ${f.message}`;
  if (f.verdict === "indeterminate") {
    return indeterminate("ARTIFACT_S3_UNAVAILABLE", message, { ...where, fix: f.fix });
  }
  if (GONE.has(f.kind)) return error("ARTIFACT_S3_MISSING", message, { ...where, fix: f.fix });
  if (f.kind === "digest-mismatch") return error("CHECKSUM_S3_STORED_MISMATCH", message, { ...where, fix: f.fix });
  return error("ARTIFACT_S3_TRUNCATED", message, { ...where, fix: f.fix });
}
function versionFindings(ctx, label, a, o, pinned, where) {
  if (o.versionId === void 0) {
    return [
      warning(
        "CHECKSUM_S3_UNVERSIONED",
        `${label} "${a.path}" is in bucket ${o.bucket}, which keeps no object versions: the bytes under this key can be replaced or deleted after approval, and an approval cannot name the bytes it approved.`,
        {
          ...where,
          fix: `Turn on versioning for bucket ${o.bucket} (or S3 Object Lock), upload the object again, then run \`${mlgovCommand(ctx, "checksums --write")}\` to pin its versionId.`
        }
      )
    ];
  }
  if (pinned === void 0) {
    return [
      warning(
        "CHECKSUM_S3_NOT_PINNED",
        `${label} "${a.path}" names no version: version ${o.versionId} was verified, but a later upload under this key replaces what the manifest names.`,
        {
          ...where,
          fix: `Run \`${mlgovCommand(ctx, "checksums --write")}\` to pin the versionId, and commit the manifest.`
        }
      )
    ];
  }
  return [];
}
function compareVerified(ctx, doc, i, a, o, pinned) {
  const label = `Artifact ${i}`;
  const findings = [];
  const rewrite = `If the object is the intended one, run \`${mlgovCommand(ctx, "checksums --write")}\` and commit the manifest (existing approvals then need renewing); otherwise upload the approved bytes again.`;
  if (pinned !== void 0 && o.versionId !== pinned) {
    findings.push(
      error(
        "CHECKSUM_S3_VERSION_MISMATCH",
        `${label} "${a.path}" pins version ${pinned}, but the store served ${objectName(o)}.`,
        { ...at(doc, pointer("artifacts", i, "path")), fix: "Use a store that honours versionId (docs/s3.md)." }
      )
    );
  }
  const how = o.verifiedBy === "stored-checksum" ? "S3's stored full-object SHA-256" : "the SHA-256 of its bytes";
  if (o.size !== a.size) {
    findings.push(
      error("SIZE_MISMATCH", `${label} is declared as ${a.size} bytes, but ${objectName(o)} is ${o.size} bytes.`, {
        ...at(doc, pointer("artifacts", i, "size")),
        fix: rewrite
      })
    );
  }
  if (a.sha256.toLowerCase() !== o.sha256) {
    findings.push(
      error(
        "CHECKSUM_MISMATCH",
        `${label} is declared with SHA-256 ${a.sha256}, but ${how} of ${objectName(o)} is ${o.sha256}.`,
        { ...at(doc, pointer("artifacts", i, "sha256")), fix: rewrite }
      )
    );
  }
  return findings;
}
function bucketNotAllowed(ctx, s3, label, path, bucket, where) {
  if (bucketAllowed(s3, bucket)) return void 0;
  const allowed = s3?.buckets ?? [];
  return error(
    "ARTIFACT_S3_BUCKET_NOT_ALLOWED",
    `${label} "${path}" is in bucket ${bucket}, which the judging policy's s3.buckets does not list (${allowed.length ? allowed.join(", ") : "none"}): an object in a bucket of the author's choosing proves nothing.`,
    {
      ...where,
      fix: `Upload the artifact to an allowed bucket and run \`${mlgovCommand(ctx, "checksums --write")}\`; a new bucket is added to s3.buckets in a policy change of its own, reviewed by the board.`
    }
  );
}
function compareObject(ctx, s3, doc, i, a, rows) {
  const label = `Artifact ${i}`;
  const where = at(doc, pointer("artifacts", i, "path"));
  const parsed = parseS3Url(a.path);
  if (!parsed.ok) {
    rows.push({ path: a.path, lfs: false, status: "invalid-location" });
    return [
      error("ARTIFACT_S3_LOCATION_INVALID", `${label} "${a.path}" is not a valid S3 location: ${parsed.problem}.`, {
        ...where,
        fix: "Write s3://bucket/path/to/object, optionally pinned with ?versionId=\u2026; the key is taken literally (docs/s3.md)."
      })
    ];
  }
  const refused = bucketNotAllowed(ctx, s3, label, a.path, parsed.location.bucket, where);
  if (refused) {
    rows.push({ path: a.path, lfs: false, status: "invalid-location" });
    return [refused];
  }
  const observed = observedObjects(ctx.files)[a.path];
  if (!observed) {
    rows.push({ path: a.path, lfs: false, status: "unavailable" });
    return [
      indeterminate("ARTIFACT_NOT_OBSERVED", `${label} "${a.path}" was not examined, so it could not be verified.`, {
        ...where,
        fix: "Run the gate again; if this persists, report it as an mlgov bug."
      })
    ];
  }
  if (observed.kind === "object-failure") {
    const f = observed.failure;
    rows.push({ path: a.path, lfs: false, status: f.verdict === "indeterminate" ? "unavailable" : "missing" });
    return [failureFinding(label, a.path, f, where)];
  }
  const findings = compareVerified(ctx, doc, i, a, observed, parsed.location.versionId);
  const note = observed.notes.filter((n) => !n.startsWith(UNVERSIONED_NOTE)).join("; ");
  rows.push({
    path: a.path,
    size: observed.size,
    sha256: observed.sha256,
    lfs: false,
    verifiedBy: observed.verifiedBy,
    ...note ? { verifiedNote: note } : {},
    ...observed.versionId !== void 0 ? { versionId: observed.versionId } : {},
    status: findings.length ? "mismatch" : "ok"
  });
  return [...findings, ...versionFindings(ctx, label, a, observed, parsed.location.versionId, where)];
}

// src/checks/checksums.ts
var NOT_HASHED_PREFIX = "not hashed:";
function normalized(path) {
  return posix.normalize(path);
}
function unavailableFindings(doc, s, observed) {
  const where = at(doc, s.pathPtr);
  switch (observed.kind) {
    case "file":
      return [];
    case "missing":
      return [
        error("ARTIFACT_MISSING", `${s.label} "${s.path}" does not exist in the repository.`, {
          ...where,
          fix: "Commit the file (for large files, with Git LFS) or correct the path in the manifest."
        })
      ];
    case "outside-repository":
      return [
        error("PATH_OUTSIDE_REPOSITORY", `${s.label} path "${s.path}" leaves the repository: ${observed.reason}.`, {
          ...where,
          fix: 'Use a repository-relative path with forward slashes to a file inside the repository (no "..", no absolute path, no symlink leading out).'
        })
      ];
    case "not-a-file":
      return [
        error("ARTIFACT_NOT_A_FILE", `${s.label} "${s.path}" is a ${observed.what}, not a regular file.`, {
          ...where,
          fix: "List each file separately in the manifest; directories, pipes and devices cannot be checksummed."
        })
      ];
    case "unreadable":
      if (observed.reason.startsWith(NOT_HASHED_PREFIX)) {
        return [notice("ARTIFACT_NOT_HASHED", `${s.label} "${s.path}" was ${observed.reason}.`, where)];
      }
      return [
        error("ARTIFACT_UNREADABLE", `${s.label} "${s.path}" could not be read: ${observed.reason}.`, {
          ...where,
          fix: "Make the file readable by the CI user and make sure no symlink along its path loops."
        })
      ];
  }
}
function compare(ctx, doc, s, observed, rows) {
  if (!observed) {
    rows.push({ path: s.path, lfs: false, status: "unreadable" });
    return [
      indeterminate(
        "ARTIFACT_NOT_OBSERVED",
        `${s.label} "${s.path}" was not examined, so its checksum could not be verified.`,
        {
          ...at(doc, s.pathPtr),
          fix: "Run the gate again; if this persists, report it as an mlgov bug."
        }
      )
    ];
  }
  if (observed.kind !== "file") {
    const status = observed.kind === "unreadable" && observed.reason.startsWith(NOT_HASHED_PREFIX) ? "not-hashed" : observed.kind;
    rows.push({ path: s.path, lfs: false, status });
    return unavailableFindings(doc, s, observed);
  }
  const findings = [];
  const lfs = observed.lfs !== void 0;
  const what = lfs ? `the Git LFS pointer's` : `the file's`;
  if (s.size !== void 0 && s.sizePtr !== void 0 && observed.size !== s.size) {
    findings.push(
      error(
        "SIZE_MISMATCH",
        `${s.label} "${s.path}" is declared as ${s.size} bytes, but ${what} size is ${observed.size} bytes.`,
        {
          ...at(doc, s.sizePtr),
          fix: `If the change is intended, run \`${mlgovCommand(ctx, "checksums --write")}\` and commit the manifest; otherwise restore the file.`
        }
      )
    );
  }
  const declared = s.sha256.toLowerCase();
  if (declared !== observed.sha256 && declared !== s.contentSha256) {
    const content = s.contentSha256 ? ` and its content digest (without approvals) is ${s.contentSha256}` : "";
    findings.push(
      error(
        s.mismatchCode,
        `${s.label} "${s.path}" is declared with SHA-256 ${s.sha256}, but ${what} ${lfs ? "oid" : "digest"} is ${observed.sha256}${content}.`,
        {
          ...at(doc, s.sha256Ptr),
          fix: `If the change is intended, run \`${mlgovCommand(ctx, "checksums --write")}\` and commit the manifest (existing approvals then need renewing); otherwise restore the file.`
        }
      )
    );
  }
  rows.push({
    path: s.path,
    size: observed.size,
    sha256: observed.sha256,
    lfs,
    ...observed.verifiedBy ? { verifiedBy: observed.verifiedBy } : {},
    ...observed.verifiedNote ? { verifiedNote: observed.verifiedNote } : {},
    status: findings.length ? "mismatch" : "ok"
  });
  return findings;
}
function runChecksums(ctx, policy) {
  const doc = ctx.manifest;
  const m = doc.value;
  const findings = [];
  const rows = [];
  const firstIndex = /* @__PURE__ */ new Map();
  m.artifacts.forEach((a, i) => {
    const key = normalized(a.path);
    const first = firstIndex.get(key);
    if (first !== void 0) {
      rows.push({ path: a.path, lfs: false, status: "duplicate" });
      findings.push(
        error(
          "DUPLICATE_ARTIFACT_PATH",
          `Artifact ${i} "${a.path}" names the same file as artifact ${first} ("${m.artifacts[first].path}").`,
          {
            ...at(doc, pointer("artifacts", i, "path")),
            fix: "List each file once."
          }
        )
      );
      return;
    }
    firstIndex.set(key, i);
    if (isS3Url(a.path)) {
      findings.push(...compareObject(ctx, policy.s3, doc, i, a, rows));
      return;
    }
    findings.push(
      ...compare(
        ctx,
        doc,
        {
          label: `Artifact ${i}`,
          path: a.path,
          sha256: a.sha256,
          size: a.size,
          pathPtr: pointer("artifacts", i, "path"),
          sha256Ptr: pointer("artifacts", i, "sha256"),
          sizePtr: pointer("artifacts", i, "size"),
          mismatchCode: "CHECKSUM_MISMATCH"
        },
        ctx.files.observed[a.path],
        rows
      )
    );
  });
  const reportRows = [];
  findings.push(...compareBiasReport(ctx, doc, m, reportRows));
  for (const path of ctx.files.unlisted) {
    findings.push(
      warning("UNLISTED_FILE", `"${path}" lies in a model folder but is not listed in the manifest's artifacts.`, {
        file: path,
        fix: `Add it to "artifacts" in ${doc.file} (then run \`${mlgovCommand(ctx, "checksums --write")}\`) or remove it from the repository.`
      })
    );
  }
  return {
    id: "checksums",
    status: statusOf(findings),
    summary: summaryOf([...rows, ...reportRows], m.artifacts.length, ctx.files.unlisted.length),
    findings,
    details: { artifacts: rows, biasReport: reportRows[0], unlisted: ctx.files.unlisted }
  };
}
function compareBiasReport(ctx, doc, m, rows) {
  const subject = {
    label: "The bias report",
    path: m.biasReport.path,
    sha256: m.biasReport.sha256,
    pathPtr: "/biasReport/path",
    sha256Ptr: "/biasReport/sha256",
    mismatchCode: "BIAS_REPORT_CHECKSUM_MISMATCH",
    ...reportContent(ctx, m.biasReport.path)
  };
  return compare(ctx, doc, subject, ctx.files.observed[m.biasReport.path], rows);
}
function reportContent(ctx, path) {
  const report = ctx.biasReport;
  const observed = ctx.files.observed[path];
  if (!report || observed?.kind !== "file" || normalized(report.file) !== normalized(path)) return {};
  if (report.sha256 !== observed.sha256 || report.problems.length > 0) return {};
  const value = report.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return { contentSha256: reportContentSha256(value) };
}
function summaryOf(all, artifacts, unlisted) {
  const bad = all.filter((r) => r.status !== "ok").length;
  const how = verificationSummary(all);
  const what = bad === 0 ? `${artifacts} artifact${artifacts === 1 ? "" : "s"} and the bias report match their declared size and SHA-256` + (unlisted ? `; ${unlisted} unlisted file(s)` : "") : `${bad} of ${artifacts + 1} file(s) do not match the manifest`;
  return what + (how ? ` (${how})` : "");
}
var VERIFICATION_LABELS = {
  hashed: "hashed",
  "lfs-index": "from the Git LFS pointer in the index",
  "lfs-pointer-file": "from a Git LFS pointer file",
  "hash-cache": "from the local hash cache",
  "stored-checksum": "from S3's stored full-object SHA-256",
  streamed: "streamed from S3"
};
function verificationSummary(rows) {
  const counts = /* @__PURE__ */ new Map();
  for (const r of rows) if (r.verifiedBy) counts.set(r.verifiedBy, (counts.get(r.verifiedBy) ?? 0) + 1);
  const parts = Object.keys(VERIFICATION_LABELS).filter((k) => counts.has(k)).map((k) => `${counts.get(k)} ${VERIFICATION_LABELS[k]}`);
  const byReason = /* @__PURE__ */ new Map();
  for (const r of rows) {
    if (r.verifiedNote && r.verifiedBy === "hashed")
      byReason.set(r.verifiedNote, [...byReason.get(r.verifiedNote) ?? [], r.path]);
  }
  const notes = [...byReason].map(
    ([reason, paths]) => `${paths.length === 1 ? paths[0] : `${paths.length} files`} hashed: ${reason}`
  );
  const streamed = rows.flatMap(
    (r) => r.verifiedBy === "streamed" && r.verifiedNote ? [`${r.path} streamed: ${r.verifiedNote}`] : []
  );
  return [parts.join(", "), ...notes, ...streamed].filter(Boolean).join("; ");
}
var checksumsCheck = {
  id: "checksums",
  title: "Artifacts and the bias report match their declared size and SHA-256",
  needs: ["manifest"],
  run: (ctx, policy) => runChecksums(ctx, policy)
};

// src/adapters/file-hasher.ts
import { createHash } from "node:crypto";
import { constants, readSync } from "node:fs";
import { lstat as lstat2, open, readdir, realpath as realpath2, stat as stat2 } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { posix as posix2 } from "node:path";

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
  const pointer2 = blob ? parseLfsPointer(blob) : void 0;
  if (!pointer2 || !blob) return void 0;
  if (entry.tag === "h" || entry.tag === "S") {
    const flag = entry.tag === "h" ? "assume-unchanged" : "skip-worktree";
    return { trusted: false, pointer: pointer2, reason: `git is told not to check this file (${flag})` };
  }
  if (entry.tag !== "H") return { trusted: false, pointer: pointer2, reason: `the index marks it "${entry.tag}"` };
  if (changed === void 0) {
    return { trusted: false, pointer: pointer2, reason: "git could not compare the working tree with the index" };
  }
  if (changed.has(query.path)) {
    return { trusted: false, pointer: pointer2, reason: "the working-tree file differs from the commit (git stat check)" };
  }
  if (query.size !== pointer2.size && query.size !== blob.length) {
    return { trusted: false, pointer: pointer2, reason: "the working-tree file size matches neither the object nor the pointer" };
  }
  return { trusted: true, pointer: pointer2 };
}
async function readIndexedLfsFiles(git, realRoot, queries) {
  const result = /* @__PURE__ */ new Map();
  if (queries.length === 0) return result;
  const top = await git.topLevel();
  if (!top || await realpath(top).catch(() => void 0) !== realRoot) return result;
  const paths = queries.map((q) => q.path);
  const entries = await git.indexEntries(paths);
  if (!entries || entries.size === 0) return result;
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
    const pointer2 = head && size < LFS_POINTER_MAX_BYTES ? parseLfsPointer(head) : void 0;
    if (pointer2) {
      return {
        kind: "file",
        path: task.path,
        sha256: pointer2.oid,
        size: pointer2.size,
        lfs: pointer2,
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
    const dir = posix2.dirname(posix2.normalize(p));
    if (dir === "." || dir === "") continue;
    dirs.add(dir);
  }
  const sorted = [...dirs].sort();
  return sorted.filter((d) => !sorted.some((other) => other !== d && d.startsWith(other + "/")));
}
async function findUnlistedFiles(repoRoot, folders, listed) {
  const realRoot = await realpath2(repoRoot);
  const known = new Set(listed.filter((p) => !lexicalPathProblem(p)).map((p) => posix2.normalize(p)));
  const found = /* @__PURE__ */ new Set();
  for (const folder of folders) {
    if (lexicalPathProblem(folder)) continue;
    const rel = posix2.normalize(folder).replace(/\/+$/, "");
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

export {
  isCiEnvironment,
  observeFiles,
  modelFolders,
  findUnlistedFiles,
  bucketAllowed,
  observedObjects,
  verificationSummary,
  checksumsCheck
};
