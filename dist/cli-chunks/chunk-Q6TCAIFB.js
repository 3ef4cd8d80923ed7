import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  createS3ObjectStore,
  loadAwsSdk,
  resolveS3Connection,
  s3ClientConfig,
  verifyObject
} from "./chunk-336J7YO3.js";
import {
  formatS3Url,
  parseS3Url
} from "./chunk-XT4WT7IS.js";
import {
  redact
} from "./chunk-IPG6IIGA.js";

// src/adapters/s3-observe.ts
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
function objectFailureOf(f) {
  return {
    kind: f.kind,
    message: f.message,
    fix: f.fix,
    verdict: f.verdict,
    ...f.missingAction ? { missingAction: f.missingAction } : {}
  };
}
function invalidLocation(path, problem) {
  return {
    kind: "invalid-config",
    message: `"${path.slice(0, 200)}" is not a valid S3 location: ${problem}.`,
    fix: "Write s3://bucket/path/to/object, optionally with ?versionId=\u2026 (docs/s3.md).",
    verdict: "indeterminate"
  };
}
async function observeS3Objects(paths, settings, options = {}) {
  const result = {};
  if (paths.length === 0) return result;
  const configured = createS3ObjectStore(options.env ?? process.env, settings ?? {}, options.client ?? {});
  try {
    for (const path of new Set(paths)) {
      const parsed = parseS3Url(path);
      if (!parsed.ok) {
        result[path] = { kind: "object-failure", path, failure: invalidLocation(path, parsed.problem) };
        continue;
      }
      const verified = configured.kind === "configured" ? await verifyObject(configured.store, parsed.location) : configured;
      result[path] = verified.kind === "verified" ? {
        kind: "object",
        path,
        bucket: verified.location.bucket,
        key: verified.location.key,
        ...verified.location.versionId !== void 0 ? { versionId: verified.location.versionId } : {},
        size: verified.size,
        sha256: verified.sha256,
        verifiedBy: verified.method,
        notes: verified.notes
      } : { kind: "object-failure", path, failure: objectFailureOf(verified) };
    }
  } finally {
    if (configured.kind === "configured") configured.store.close();
  }
  return result;
}
async function readS3Object(url, settings, destination, options) {
  const failed = (failure) => ({ kind: "object-failure", failure });
  const parsed = parseS3Url(url);
  if (!parsed.ok) return failed(invalidLocation(url, parsed.problem));
  const env = options.env ?? process.env;
  const configured = createS3ObjectStore(env, settings ?? {}, options.client ?? {});
  if (configured.kind !== "configured") return failed(objectFailureOf(configured));
  let head;
  try {
    const { bucket, key, versionId } = parsed.location;
    const headed = await configured.store.headObject(bucket, key, versionId);
    if (headed.kind !== "ok") return failed(objectFailureOf(headed));
    head = headed.head;
  } finally {
    configured.store.close();
  }
  if (head.size > options.maxBytes) return failed(tooLarge(head, options.maxBytes));
  const connection = resolveS3Connection(env, settings ?? {});
  if ("kind" in connection) return failed(objectFailureOf(connection));
  return readPinned(head, connection, destination, options.client ?? {});
}
function tooLarge(head, maxBytes) {
  return {
    kind: "too-large",
    message: `${formatS3Url(head.location)} is ${head.size} bytes; mlgov reads at most ${maxBytes} bytes of a training output.`,
    fix: "Import a summary of the evaluation (backtest_results.json, or the scores of the evaluation set), not the raw data.",
    verdict: "indeterminate"
  };
}
async function readPinned(head, connection, destination, client) {
  const where = formatS3Url(head.location);
  const timeoutMs = client.timeoutMs ?? 3e4;
  const { GetObjectCommand, S3Client } = await loadAwsSdk();
  const s3 = new S3Client(s3ClientConfig(connection, timeoutMs, client));
  const hash = createHash("sha256");
  let received = 0;
  try {
    const out = await s3.send(
      new GetObjectCommand({
        Bucket: head.location.bucket,
        Key: head.location.key,
        ...head.location.versionId ? { VersionId: head.location.versionId } : {},
        ...head.etag ? { IfMatch: head.etag } : {}
      })
    );
    const served = out.VersionId && out.VersionId !== "null" ? out.VersionId : void 0;
    const body = out.Body;
    if (served !== head.location.versionId || head.etag && out.ETag && out.ETag !== head.etag) {
      body?.destroy();
      return failedRead(where, "changed", "the store served another version or ETag than HeadObject named", connection);
    }
    if (!body) return failedRead(where, "truncated", "the answer had no body", connection);
    const counted = new Transform({
      transform(chunk, _encoding, done) {
        received += chunk.length;
        if (received > head.size) return done(new Error(`more than the ${head.size} bytes HeadObject announced`));
        hash.update(chunk);
        done(null, chunk);
      }
    });
    await pipeline(body, counted, createWriteStream(destination, { flags: "wx", mode: 384 }));
  } catch (err) {
    return failedRead(where, "unreachable", describeReadError(err), connection);
  } finally {
    s3.destroy();
  }
  if (received !== head.size) {
    return failedRead(where, "truncated", `the body ended after ${received} of ${head.size} bytes`, connection);
  }
  const sha256 = hash.digest("hex");
  if (head.checksum?.type === "FULL_OBJECT" && head.checksum.sha256 !== sha256) {
    return {
      kind: "object-failure",
      failure: {
        kind: "digest-mismatch",
        message: `The bytes of ${where} hash to ${sha256}, but S3's stored full-object checksum says ${head.checksum.sha256}.`,
        fix: "The object or its stored checksum is corrupt: upload the object again (with --checksum-algorithm SHA256).",
        verdict: "fail"
      }
    };
  }
  const notes = head.location.versionId === void 0 ? ["the bucket is not versioned: the bytes under this key can be replaced after the import"] : [];
  return {
    kind: "read",
    url: where,
    size: received,
    sha256,
    ...head.lastModified ? { lastModified: head.lastModified } : {},
    notes
  };
}
function describeReadError(err) {
  const e = err;
  const status = e?.$metadata?.httpStatusCode;
  const name = typeof e?.name === "string" ? e.name : "Error";
  const text = typeof e?.message === "string" ? e.message.split("\n")[0].slice(0, 200) : "";
  return typeof status === "number" ? `GetObject answered ${status} ${name}` : `${name}: ${text}`;
}
function failedRead(where, kind, why, connection) {
  const message = redact(`Could not read ${where}: ${why}.`, connection.secrets).replace(/[\p{Cc}\p{Cf}]/gu, " ");
  return {
    kind: "object-failure",
    failure: {
      kind,
      message,
      fix: "Run again; if it persists, check the store, the network and the credentials (docs/s3.md).",
      verdict: "indeterminate"
    }
  };
}

export {
  observeS3Objects,
  readS3Object
};
