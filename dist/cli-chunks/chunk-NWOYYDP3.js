import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);

// src/adapters/lfs-pointer.ts
var LFS_POINTER_MAX_BYTES = 1024;
var VERSION_LINE = "version https://git-lfs.github.com/spec/v1";
function isLfsPointerCandidate(bytes) {
  if (bytes.length === 0 || bytes.length >= LFS_POINTER_MAX_BYTES) return false;
  return Buffer.from(bytes.subarray(0, VERSION_LINE.length)).toString("latin1") === VERSION_LINE;
}
function parseLfsPointer(bytes) {
  if (!isLfsPointerCandidate(bytes)) return void 0;
  const text = Buffer.from(bytes).toString("utf8");
  const lines = text.split("\n");
  if (lines[0] !== VERSION_LINE) return void 0;
  let oid;
  let size;
  for (const line of lines.slice(1)) {
    if (line === "") continue;
    const space = line.indexOf(" ");
    if (space <= 0) return void 0;
    const key = line.slice(0, space);
    const value = line.slice(space + 1);
    if (key === "oid") {
      const m = /^sha256:([0-9a-f]{64})$/.exec(value);
      if (!m) return void 0;
      oid = m[1];
    } else if (key === "size") {
      if (!/^(0|[1-9][0-9]{0,15})$/.test(value)) return void 0;
      size = Number(value);
      if (!Number.isSafeInteger(size)) return void 0;
    }
  }
  if (oid === void 0 || size === void 0) return void 0;
  return { oid, size };
}

export {
  LFS_POINTER_MAX_BYTES,
  parseLfsPointer
};
