import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);

// src/adapters/s3-location.ts
import { isIP } from "node:net";
function isS3Url(text) {
  return text.startsWith("s3://");
}
function formatS3Url(loc) {
  const version = loc.versionId !== void 0 ? `?versionId=${encodeURIComponent(loc.versionId)}` : "";
  return `s3://${loc.bucket}/${loc.key}${version}`;
}
var RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
var RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];
function bucketNameProblem(name) {
  if (name.length < 3 || name.length > 63) return "a bucket name is 3 to 63 characters long";
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
    return "a bucket name has only lowercase letters, digits, dots and hyphens, and starts and ends with a letter or digit";
  }
  if (name.includes("..")) return "a bucket name has no two adjacent dots";
  if (isIP(name) === 4) return "a bucket name is not an IP address";
  if (RESERVED_PREFIXES.some((p) => name.startsWith(p)) || RESERVED_SUFFIXES.some((s) => name.endsWith(s))) {
    return "the bucket name uses a prefix or suffix S3 reserves";
  }
  return void 0;
}
var INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
function objectKeyProblem(key) {
  if (key === "") return "the object key is empty (write s3://bucket/path/to/object)";
  if (Buffer.byteLength(key, "utf8") > 1024) return "an object key is at most 1024 bytes";
  if (INVISIBLE.test(key)) return "the object key has a control or invisible character";
  if (key.includes("\\")) return "the object key has a backslash (write / between folders)";
  if (key.includes("%")) return 'the object key has a "%": write the key literally, not percent-encoded';
  if (key.includes("#")) return 'the object key has a "#"';
  if (/^\s|\s$/.test(key)) return "the object key starts or ends with white space";
  const segments = key.split("/");
  if (segments.some((s) => s === "")) return "the object key has an empty segment (a leading, trailing or double /)";
  if (segments.some((s) => s === ".." || s === ".")) return 'the object key has a "." or ".." segment';
  return void 0;
}
function versionIdProblem(versionId) {
  if (versionId === "") return "the versionId is empty";
  if (versionId === "null") {
    return "versionId=null names the unversioned copy, which any upload replaces: pin a real version id";
  }
  if (versionId.length > 1024 || !/^[\x21-\x7e]+$/.test(versionId)) {
    return "the versionId has characters a version id never has (spaces, controls, non-ASCII) or is too long";
  }
  return void 0;
}
function parseS3Url(text) {
  const bad = (problem) => ({ ok: false, problem });
  if (!text.startsWith("s3://")) return bad("an object-store location starts with s3:// (lower case)");
  const rest = text.slice("s3://".length);
  const q = rest.indexOf("?");
  const path = q === -1 ? rest : rest.slice(0, q);
  const slash = path.indexOf("/");
  if (slash === -1) return bad("the location has no object key (write s3://bucket/path/to/object)");
  const bucket = path.slice(0, slash);
  const key = path.slice(slash + 1);
  const bucketProblem = bucketNameProblem(bucket);
  if (bucketProblem) return bad(`"${clip(bucket)}": ${bucketProblem}`);
  const keyProblem = objectKeyProblem(key);
  if (keyProblem) return bad(keyProblem);
  const location = { bucket, key };
  if (q !== -1) {
    const version = parseVersionQuery(rest.slice(q + 1));
    if (typeof version !== "string") return bad(version.problem);
    location.versionId = version;
  }
  return { ok: true, location };
}
function parseVersionQuery(query) {
  const m = /^versionId=([^&=]*)$/.exec(query);
  if (!m) return { problem: "the only query a location may have is a single ?versionId=\u2026" };
  let decoded;
  try {
    decoded = decodeURIComponent(m[1] ?? "");
  } catch {
    return { problem: "the versionId is not valid percent-encoding" };
  }
  const problem = versionIdProblem(decoded);
  return problem ? { problem } : decoded;
}
function clip(s, n = 80) {
  return s.length > n ? `${s.slice(0, n)}\u2026` : s;
}

export {
  isS3Url,
  formatS3Url,
  bucketNameProblem,
  objectKeyProblem,
  versionIdProblem,
  parseS3Url,
  clip
};
