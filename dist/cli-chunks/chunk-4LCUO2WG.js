import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);

// src/adapters/repository-path.ts
import { lstat, readFile, readlink, realpath, stat } from "node:fs/promises";
import { posix, sep } from "node:path";
function lexicalPathProblem(path) {
  if (path === "") return "the path is empty";
  if (path.includes("\0")) return "the path contains a NUL character";
  if (path.includes("\\")) return "the path contains a backslash; use forward slashes";
  if (/^[A-Za-z]:/.test(path)) return "the path starts with a drive letter";
  if (path.startsWith("/")) return "the path is absolute; artifact paths are repository-relative";
  const normal = posix.normalize(path);
  if (normal === ".." || normal.startsWith("../")) return 'the path climbs out of the repository with ".."';
  if (normal === "." || normal === "./") return "the path names the repository root itself";
  return void 0;
}
function isSafeRelativePath(p) {
  return typeof p === "string" && lexicalPathProblem(p) === void 0 && !/[\n\r]/.test(p) && !p.split("/").includes("..");
}
function specialFileKind(st) {
  return st.isFIFO() ? "a FIFO" : st.isSocket() ? "a socket" : "a device or other special file";
}
function isWithin(root, candidate) {
  if (candidate === root) return true;
  const prefix = root.endsWith(sep) ? root : root + sep;
  return candidate.startsWith(prefix);
}
function errnoOf(err) {
  return typeof err === "object" && err !== null && "code" in err ? String(err.code) : void 0;
}
async function resolveRepositoryPath(realRoot, path) {
  const problem = lexicalPathProblem(path);
  if (problem) return { kind: "outside", reason: problem };
  const joined = realRoot + "/" + path;
  let resolved;
  try {
    resolved = await realpath(joined);
  } catch (err) {
    const code = errnoOf(err);
    if (code === "ELOOP") return { kind: "unreadable", reason: "a symlink loop (ELOOP) while resolving the path" };
    if (code === "ENOENT" || code === "ENOTDIR") return resolveMissing(realRoot, path);
    return { kind: "unreadable", reason: `could not resolve the path (${code ?? String(err)})` };
  }
  if (!isWithin(realRoot, resolved)) {
    return { kind: "outside", reason: `the path resolves through a symlink to ${resolved}, outside the repository` };
  }
  return { kind: "inside", absolute: resolved };
}
async function resolveMissing(realRoot, path) {
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  let current = realRoot;
  for (const part of parts) {
    const next = current + "/" + part;
    let info;
    try {
      info = await lstat(next);
    } catch {
      return { kind: "missing" };
    }
    if (info.isSymbolicLink()) {
      let target;
      try {
        target = await readlink(next);
      } catch {
        return { kind: "missing" };
      }
      const lexical = posix.resolve(current, target);
      try {
        current = await realpath(next);
      } catch {
        if (!isWithin(realRoot, lexical)) {
          return {
            kind: "outside",
            reason: `the path goes through a dangling symlink to ${target}, outside the repository`
          };
        }
        return { kind: "missing" };
      }
      if (!isWithin(realRoot, current)) {
        return { kind: "outside", reason: `the path resolves through a symlink to ${current}, outside the repository` };
      }
    } else {
      try {
        current = await realpath(next);
      } catch {
        return { kind: "missing" };
      }
      if (!isWithin(realRoot, current)) {
        return { kind: "outside", reason: "the path climbs out of the repository" };
      }
    }
  }
  return { kind: "missing" };
}
async function readRepositoryFile(repoRoot, path) {
  let realRoot;
  try {
    realRoot = await realpath(repoRoot);
  } catch {
    return { kind: "missing" };
  }
  const resolved = await resolveRepositoryPath(realRoot, path);
  if (resolved.kind === "missing" || resolved.kind === "outside") return resolved;
  if (resolved.kind !== "inside") return { kind: "refused", reason: resolved.reason };
  try {
    const info = await stat(resolved.absolute);
    if (!info.isFile()) return { kind: "refused", reason: "it is not a regular file" };
    return { kind: "file", bytes: await readFile(resolved.absolute) };
  } catch (err) {
    return { kind: "refused", reason: `it could not be read (${errnoOf(err) ?? String(err)})` };
  }
}
async function readRepositoryBytes(repoRoot, path) {
  const read = await readRepositoryFile(repoRoot, path);
  return read.kind === "file" ? read.bytes : void 0;
}
var UnsafeWriteError = class extends Error {
  constructor(path, component, what, fix) {
    super(
      component === path ? `refused to write ${path}: it is ${what}; mlgov writes evidence only to regular files inside the repository, never through a link` : `refused to write ${path}: ${component} is ${what}; mlgov writes evidence only inside the repository, never through a link`
    );
    this.path = path;
    this.component = component;
    this.what = what;
    this.fix = fix;
  }
  path;
  component;
  what;
  fix;
  name = "UnsafeWriteError";
  exitCode = 1;
};
function describeEntry(info) {
  if (info.isDirectory()) return "a directory, not a regular file";
  if (info.isFIFO()) return "a FIFO, not a regular file";
  if (info.isSocket()) return "a socket, not a regular file";
  return "not a regular file (a device or special file)";
}
async function unsafeWriteProblem(repoRoot, path) {
  const lexical = lexicalPathProblem(path);
  const parts = posix.normalize(path).split("/").filter((p) => p !== "" && p !== ".");
  if (lexical || path.split("/").includes("..") || /[\n\r]/.test(path)) {
    return new UnsafeWriteError(
      path,
      path,
      `not a plain repository-relative path (${lexical ?? 'it has a ".." segment or a line break'})`,
      'name the file with a plain repository-relative path in the policy or manifest (no "..", not absolute)'
    );
  }
  let realRoot;
  try {
    realRoot = await realpath(repoRoot);
  } catch {
    return void 0;
  }
  for (let i = 0; i < parts.length; i++) {
    const component = parts.slice(0, i + 1).join("/");
    let info;
    try {
      info = await lstat(realRoot + "/" + component);
    } catch {
      return void 0;
    }
    const last = i === parts.length - 1;
    if (info.isSymbolicLink()) return symlinkProblem(realRoot, path, component);
    if (!info.isDirectory()) {
      if (last && !info.isFile()) {
        return new UnsafeWriteError(path, component, describeEntry(info), `remove ${component} and run again`);
      }
      return void 0;
    }
    if (last) {
      return new UnsafeWriteError(path, component, describeEntry(info), `remove the folder ${component} and run again`);
    }
  }
  return void 0;
}
async function symlinkProblem(realRoot, path, component) {
  const link = realRoot + "/" + component;
  const target = await readlink(link).catch(() => "?");
  const resolved = await realpath(link).catch(() => posix.resolve(posix.dirname(link), target));
  const where = isWithin(realRoot, resolved) ? "inside the repository" : "outside the repository";
  return new UnsafeWriteError(
    path,
    component,
    `a symbolic link to ${target} (${resolved}, ${where})`,
    `replace the link with a real ${component === path ? "file" : "folder"}: git rm ${component}, then restore ${component} from the base branch (git checkout <base> -- ${component}) and run again`
  );
}
async function assertSafeWrite(repoRoot, path) {
  const problem = await unsafeWriteProblem(repoRoot, path);
  if (problem) throw problem;
}

// src/adapters/atomic-file.ts
import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
async function stageFileAtomic(path, data) {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(tmp, "wx", 420);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => void 0);
    await rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  return {
    async commit() {
      try {
        await rename(tmp, path);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    },
    discard: () => rm(tmp, { force: true })
  };
}
async function writeFileAtomic(path, data) {
  await (await stageFileAtomic(path, data)).commit();
}
async function stageRepositoryFile(root, path, data) {
  await assertSafeWrite(root, path);
  return stageFileAtomic(join(root, path), data);
}
async function writeRepositoryFile(root, path, data) {
  await (await stageRepositoryFile(root, path, data)).commit();
}

// src/formats/canonical-digest.ts
import { createHash } from "node:crypto";

// node_modules/canonicalize/lib/canonicalize.js
function serializeString(value) {
  if (!value.isWellFormed()) {
    throw new Error("Lone surrogate is not allowed");
  }
  return JSON.stringify(value);
}
function serializePrimitive(value) {
  switch (typeof value) {
    case "number":
      if (isNaN(value)) {
        throw new Error("NaN is not allowed");
      }
      if (!isFinite(value)) {
        throw new Error("Infinity is not allowed");
      }
      return JSON.stringify(value);
    case "string":
      return serializeString(value);
    case "boolean":
      return value ? "true" : "false";
    default:
      return JSON.stringify(value);
  }
}
function enterValue(value, seen) {
  let wrappers = null;
  while (value !== null && typeof value === "object" && typeof value.toJSON === "function") {
    if (seen.has(value)) {
      throw new Error("Circular reference detected");
    }
    seen.add(value);
    (wrappers ??= []).push(value);
    value = value.toJSON();
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) {
    value = value.valueOf();
  }
  if (value === null || typeof value !== "object") {
    if (wrappers !== null) {
      for (const wrapper of wrappers) seen.delete(wrapper);
    }
    return serializePrimitive(value);
  }
  if (seen.has(value)) {
    throw new Error("Circular reference detected");
  }
  seen.add(value);
  return {
    container: value,
    // null marks an array frame; object frames carry their sorted keys.
    // `sort()`'s default comparator orders by UTF-16 code unit, which is the
    // order JCS requires.
    keys: Array.isArray(value) ? null : Object.keys(value).sort(),
    // Next child to serialize; the frame resumes here after a nested
    // container's subtree completes.
    index: 0,
    // Whether no member has been emitted yet (controls comma placement).
    first: true,
    // toJSON wrappers to release from `seen` when this frame completes.
    wrappers
  };
}
function canonicalize(object) {
  if (object === null || typeof object !== "object") {
    return serializePrimitive(object);
  }
  const seen = /* @__PURE__ */ new Set();
  const root = enterValue(object, seen);
  if (typeof root !== "object") {
    return root;
  }
  let result = root.keys === null ? "[" : "{";
  const stack = [root];
  outer:
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const container = frame.container;
      if (frame.keys === null) {
        while (frame.index < container.length) {
          const i = frame.index++;
          if (i > 0) {
            result += ",";
          }
          const element = container[i];
          const value = element === void 0 || typeof element === "symbol" || typeof element === "function" ? null : element;
          if (value === null || typeof value !== "object") {
            result += serializePrimitive(value);
            continue;
          }
          const child = enterValue(value, seen);
          if (typeof child !== "object") {
            result += child === void 0 ? "null" : child;
            continue;
          }
          result += child.keys === null ? "[" : "{";
          stack.push(child);
          continue outer;
        }
        result += "]";
      } else {
        const keys = frame.keys;
        while (frame.index < keys.length) {
          const key = keys[frame.index++];
          const value = container[key];
          if (value === void 0 || typeof value === "symbol" || typeof value === "function") {
            continue;
          }
          if (value === null || typeof value !== "object") {
            if (frame.first) {
              frame.first = false;
            } else {
              result += ",";
            }
            result += serializeString(key) + ":" + serializePrimitive(value);
            continue;
          }
          const child = enterValue(value, seen);
          if (child === void 0) {
            continue;
          }
          if (frame.first) {
            frame.first = false;
          } else {
            result += ",";
          }
          result += serializeString(key) + ":";
          if (typeof child !== "object") {
            result += child;
            continue;
          }
          result += child.keys === null ? "[" : "{";
          stack.push(child);
          continue outer;
        }
        result += "}";
      }
      seen.delete(container);
      if (frame.wrappers !== null) {
        for (const wrapper of frame.wrappers) seen.delete(wrapper);
      }
      stack.pop();
    }
  return result;
}

// src/formats/canonical-digest.ts
function canonicalJson(value) {
  const text = canonicalize(value);
  if (text === void 0) throw new TypeError("value has no canonical JSON form");
  return text;
}
function sha256Hex(data) {
  return createHash("sha256").update(data).digest("hex");
}
function withoutApprovals(doc) {
  const { approvals: _approvals, ...rest } = doc;
  return rest;
}
function manifestDigest(manifest) {
  return "sha256:" + sha256Hex(canonicalJson(withoutApprovals(manifest)));
}
function reportDigest(report) {
  return "sha256:" + sha256Hex(canonicalJson(withoutApprovals(report)));
}
function canonicalDigest(value) {
  return "sha256:" + sha256Hex(canonicalJson(value));
}
function reportContentSha256(report) {
  return sha256Hex(canonicalJson(withoutApprovals(report)));
}

export {
  lexicalPathProblem,
  isSafeRelativePath,
  specialFileKind,
  isWithin,
  resolveRepositoryPath,
  readRepositoryFile,
  readRepositoryBytes,
  UnsafeWriteError,
  unsafeWriteProblem,
  assertSafeWrite,
  stageFileAtomic,
  writeFileAtomic,
  stageRepositoryFile,
  writeRepositoryFile,
  canonicalJson,
  sha256Hex,
  manifestDigest,
  reportDigest,
  canonicalDigest,
  reportContentSha256
};
