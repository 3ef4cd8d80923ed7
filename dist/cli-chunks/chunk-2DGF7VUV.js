import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  buildChainedEvent,
  formatAuditLine,
  verifyAuditLog
} from "./chunk-D7Q3LZ5Y.js";
import {
  EvidenceError
} from "./chunk-HZZU23IO.js";
import {
  auditLogOf
} from "./chunk-KIYJOZ3G.js";
import {
  assertSafeWrite,
  specialFileKind,
  unsafeWriteProblem,
  writeRepositoryFile
} from "./chunk-4LCUO2WG.js";

// src/evidence/audit-log.ts
import { constants } from "node:fs";
import { lstat, mkdir, open as open2, readFile as readFile2 } from "node:fs/promises";
import { join } from "node:path";

// src/evidence/file-lock.ts
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { link, open, readFile, rename, rm, stat } from "node:fs/promises";
import { relative, resolve } from "node:path";
var LockTimeoutError = class extends Error {
  constructor(lockPath, holder) {
    super(`could not lock ${lockPath} (held by ${holder}); if no mlgov process is running, delete the lock file`);
    this.lockPath = lockPath;
  }
  lockPath;
  name = "LockTimeoutError";
};
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}
async function readRecord(path) {
  try {
    const [text, st] = await Promise.all([readFile(path, "utf8"), stat(path)]);
    let record;
    try {
      record = JSON.parse(text);
    } catch {
      record = void 0;
    }
    return { text, record, mtimeMs: st.mtimeMs };
  } catch (err) {
    if (err.code === "ENOENT") return void 0;
    throw err;
  }
}
function isStale(found, staleMs) {
  const age = Date.now() - (found.mtimeMs ?? Date.now());
  if (age > staleMs) return true;
  const r = found.record;
  return r !== void 0 && r.host === hostname() && r.pid !== process.pid && !isAlive(r.pid);
}
var sleep = (ms) => new Promise((resolve2) => setTimeout(resolve2, ms));
async function withFileLock(lockPath, fn, options = {}) {
  const timeoutMs = options.timeoutMs ?? 15e3;
  const staleMs = options.staleMs ?? 3e4;
  const token = randomBytes(8).toString("hex");
  const record = { pid: process.pid, host: hostname(), acquiredAt: (/* @__PURE__ */ new Date()).toISOString(), token };
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  const root = options.repositoryRoot;
  for (; ; ) {
    if (root !== void 0) await assertSafeWrite(root, relative(resolve(root), resolve(lockPath)));
    try {
      const handle = await open(lockPath, "wx", 420);
      try {
        await handle.writeFile(JSON.stringify(record));
      } finally {
        await handle.close();
      }
      break;
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
    }
    const found = await readRecord(lockPath);
    if (found && isStale(found, staleMs)) {
      await breakStaleLock(lockPath, found.text);
      continue;
    }
    if (Date.now() > deadline) {
      const holder = found?.record ? `pid ${found.record.pid} on ${found.record.host} since ${found.record.acquiredAt}` : "another process";
      throw new LockTimeoutError(lockPath, holder);
    }
    await sleep(delay + Math.floor(Math.random() * delay));
    delay = Math.min(delay * 2, 200);
  }
  try {
    return await fn();
  } finally {
    const mine = await readRecord(lockPath);
    if (mine?.record?.token === token) await rm(lockPath, { force: true });
  }
}
async function breakStaleLock(lockPath, staleText) {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await rename(lockPath, aside);
  } catch (err) {
    if (err.code === "ENOENT") return;
    throw err;
  }
  const moved = await readFile(aside, "utf8").catch(() => void 0);
  if (moved !== void 0 && moved !== staleText) {
    await link(aside, lockPath).catch(() => void 0);
  }
  await rm(aside, { force: true });
}

// src/evidence/audit-log.ts
function auditLogPath(archiveDir) {
  return auditLogOf({ archiveDir });
}
var AuditLogBrokenError = class extends Error {
  constructor(file, verification) {
    super(`${file} does not verify: ${verification.break.message}`);
    this.file = file;
    this.verification = verification;
  }
  file;
  verification;
  name = "AuditLogBrokenError";
};
async function readAuditLogText(repoRoot, archiveDir) {
  const path = await readableAuditLogPath(repoRoot, archiveDir);
  return path === void 0 ? "" : await readFile2(path, "utf8");
}
async function openAuditLogStream(repoRoot, archiveDir) {
  const path = await readableAuditLogPath(repoRoot, archiveDir);
  if (path === void 0) return void 0;
  const rel = auditLogPath(archiveDir);
  let handle;
  try {
    handle = await open2(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    if (!(await handle.stat()).isFile()) throw new Error("it is no longer a regular file");
  } catch (err) {
    await handle?.close();
    throw new EvidenceError(
      `${rel} cannot be read: ${err.message}`,
      `restore ${rel} from the base branch (git checkout <base> -- ${rel})`
    );
  }
  return handle.createReadStream({ highWaterMark: 64 * 1024 });
}
async function readableAuditLogPath(repoRoot, archiveDir) {
  const rel = auditLogPath(archiveDir);
  const path = join(repoRoot, rel);
  const unsafe = await unsafeWriteProblem(repoRoot, rel);
  if (unsafe && unsafe.component !== rel) {
    throw new EvidenceError(
      `${rel} cannot be read: ${unsafe.component} is ${unsafe.what}; the audit log is never read through a link`,
      unsafe.fix
    );
  }
  let st;
  try {
    st = await lstat(path);
  } catch (err) {
    if (err.code === "ENOENT") return void 0;
    throw new EvidenceError(
      `${rel} cannot be read: ${err.message}`,
      `restore ${rel} from the base branch (git checkout <base> -- ${rel})`
    );
  }
  if (!st.isFile()) {
    const what = st.isSymbolicLink() ? "a symbolic link" : st.isDirectory() ? "a directory" : specialFileKind(st);
    throw new EvidenceError(
      `${rel} is ${what}, not a regular file; the audit log is never read through a link or from a special file`,
      `restore ${rel} from the base branch (git checkout <base> -- ${rel})`
    );
  }
  return path;
}
function auditLogLockPath(archiveDir) {
  return `${auditLogPath(archiveDir)}.lock`;
}
async function assertAuditLogWritable(repoRoot, archiveDir) {
  await assertSafeWrite(repoRoot, auditLogPath(archiveDir));
  await assertSafeWrite(repoRoot, auditLogLockPath(archiveDir));
}
function chainAuditInput(last, input) {
  return buildChainedEvent(last, {
    at: input.at ?? (/* @__PURE__ */ new Date()).toISOString(),
    actor: input.actor,
    action: input.action,
    model: input.model,
    version: input.version,
    reason: input.reason ?? null,
    ticket: input.ticket ?? null,
    ...input.details !== void 0 ? { details: input.details } : {}
  });
}
async function appendAuditEvents(repoRoot, archiveDir, inputs, options = {}) {
  const rel = auditLogPath(archiveDir);
  await assertAuditLogWritable(repoRoot, archiveDir);
  await mkdir(join(repoRoot, archiveDir), { recursive: true });
  return withFileLock(
    join(repoRoot, auditLogLockPath(archiveDir)),
    async () => {
      const text = await readAuditLogText(repoRoot, archiveDir);
      const verified = verifyAuditLog(text);
      if (!verified.ok) throw new AuditLogBrokenError(rel, verified);
      let last = verified.events[verified.events.length - 1];
      const added = [];
      for (const input of inputs) {
        const event = chainAuditInput(last, input);
        added.push(event);
        last = event;
      }
      if (added.length > 0)
        await writeRepositoryFile(repoRoot, rel, text + added.map((e) => formatAuditLine(e) + "\n").join(""));
      return added;
    },
    { ...options, repositoryRoot: repoRoot }
  );
}
async function appendAuditEvent(repoRoot, archiveDir, event) {
  const [added] = await appendAuditEvents(repoRoot, archiveDir, [event]);
  if (!added) throw new Error("audit event was not appended");
  return added;
}

export {
  auditLogPath,
  readAuditLogText,
  openAuditLogStream,
  assertAuditLogWritable,
  appendAuditEvents,
  appendAuditEvent
};
