import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);

// src/adapters/lfs-pointer-git.ts
import { execFile } from "node:child_process";
function gitBytes(root, args, input) {
  return new Promise((resolve) => {
    const child = execFile(
      "git",
      ["--literal-pathspecs", ...args],
      { cwd: root, encoding: "buffer", maxBuffer: 256 * 1024 * 1024 },
      (err, stdout) => resolve(err ? void 0 : stdout)
    );
    child.stdin?.on("error", () => void 0);
    child.stdin?.end(input ?? "");
  });
}
async function indexEntries(root, paths) {
  const entries = /* @__PURE__ */ new Map();
  if (paths.length === 0) return entries;
  const out = await gitBytes(root, ["ls-files", "--stage", "-v", "-z", "--", ...paths]);
  if (out === void 0) return void 0;
  for (const line of out.toString("utf8").split("\0")) {
    const m = /^(\S) (\d{6}) ([0-9a-f]{40,64}) (\d)\t(.+)$/s.exec(line);
    if (m) entries.set(m[5], { tag: m[1], mode: m[2], blob: m[3], stage: Number(m[4]), path: m[5] });
  }
  return entries;
}
async function worktreeChanged(root, paths) {
  if (paths.length === 0) return /* @__PURE__ */ new Set();
  const out = await gitBytes(root, [
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.checkStat=default",
    "-c",
    "core.trustctime=true",
    "diff-files",
    "--name-only",
    "-z",
    "--",
    ...paths
  ]);
  if (out === void 0) return void 0;
  return new Set(out.toString("utf8").split("\0").filter(Boolean));
}
async function objectSizes(root, ids) {
  const sizes = /* @__PURE__ */ new Map();
  const wanted = ids.filter((id) => /^[0-9a-f]{40,64}$/.test(id));
  if (wanted.length === 0) return sizes;
  const out = await gitBytes(root, ["cat-file", "--batch-check"], wanted.join("\n") + "\n");
  for (const line of out?.toString("utf8").split("\n") ?? []) {
    const [id, type, size] = line.split(" ");
    if (id && type && size && /^\d+$/.test(size)) sizes.set(id, { type, size: Number(size) });
  }
  return sizes;
}
function gitDir(root) {
  return askedOnce(
    `git-dir\0${root}`,
    async () => (await gitBytes(root, ["rev-parse", "--absolute-git-dir"]))?.toString("utf8").trim() || void 0
  );
}
function topLevel(root) {
  return askedOnce(
    `top-level\0${root}`,
    async () => (await gitBytes(root, ["rev-parse", "--show-toplevel"]))?.toString("utf8").trim() || void 0
  );
}
var layoutAnswers = /* @__PURE__ */ new Map();
function askedOnce(key, ask) {
  let answer = layoutAnswers.get(key);
  if (!answer) {
    answer = ask();
    layoutAnswers.set(key, answer);
    void answer.then(
      (a) => a === void 0 && layoutAnswers.delete(key),
      () => layoutAnswers.delete(key)
    );
  }
  return answer;
}
async function readSmallBlobs(root, ids) {
  const blobs = /* @__PURE__ */ new Map();
  const wanted = ids.filter((id) => /^[0-9a-f]{40,64}$/.test(id));
  if (wanted.length === 0) return blobs;
  const out = await gitBytes(root, ["cat-file", "--batch"], wanted.join("\n") + "\n");
  if (!out) return blobs;
  let pos = 0;
  for (const id of wanted) {
    const nl = out.indexOf(10, pos);
    if (nl < 0) break;
    const [, type, sizeText] = out.subarray(pos, nl).toString("utf8").split(" ");
    pos = nl + 1;
    if (sizeText === void 0 || !/^\d+$/.test(sizeText)) continue;
    const size = Number(sizeText);
    if (type === "blob") blobs.set(id, Buffer.from(out.subarray(pos, pos + size)));
    pos += size + 1;
  }
  return blobs;
}
function gitIndexPort(root) {
  return {
    topLevel: () => topLevel(root),
    gitDir: () => gitDir(root),
    indexEntries: (paths) => indexEntries(root, paths),
    worktreeChanged: (paths) => worktreeChanged(root, paths),
    objectSizes: (ids) => objectSizes(root, ids),
    readSmallBlobs: (ids) => readSmallBlobs(root, ids)
  };
}

export {
  gitBytes,
  indexEntries,
  worktreeChanged,
  objectSizes,
  gitDir,
  topLevel,
  gitIndexPort
};
