import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);
import {
  bucketNameProblem,
  clip,
  formatS3Url,
  objectKeyProblem,
  versionIdProblem
} from "./chunk-XT4WT7IS.js";
import {
  redact
} from "./chunk-IPG6IIGA.js";

// src/adapters/s3-object-store.ts
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";

// src/adapters/s3-socket-read.ts
import { connect as connectTcp, isIP } from "node:net";
import { Readable } from "node:stream";
import { connect as connectTls } from "node:tls";
var READ_BUFFER_BYTES = 1024 * 1024;
var TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
var HEADER_NAME = new RegExp(`^${TOKEN}$`);
var HEADER_FIELD = new RegExp(`^(${TOKEN}):[ \\t]*(.*?)[ \\t]*$`);
var MAX_HEAD_BYTES = 64 * 1024;
var MAX_ERROR_BODY_BYTES = 1024 * 1024;
var S3ProtocolError = class extends Error {
  name = "S3ProtocolError";
};
var SocketReadHandler = class {
  constructor(options) {
    this.options = options;
  }
  options;
  metadata = { handlerProtocol: "http/1.1" };
  handle(request, handlerOptions = {}) {
    return new Promise((resolve, reject) => {
      let head;
      try {
        head = requestHead(request);
      } catch (err) {
        reject(err);
        return;
      }
      new Exchange(
        request,
        head,
        this.options,
        handlerOptions.abortSignal,
        (response) => resolve({ response }),
        reject
      );
    });
  }
  // The SDK's handler interface: nothing is pooled or configurable after creation here.
  updateHttpClientConfig() {
  }
  httpHandlerConfigs() {
    return {};
  }
  destroy() {
  }
};
var SocketBody = class extends Readable {
  constructor(socket, contentLength, early) {
    super();
    this.socket = socket;
    this.contentLength = contentLength;
    this.early = early;
  }
  socket;
  contentLength;
  early;
  sink;
  finish;
  delivered = 0;
  settled = false;
  /** How the body ended before anyone drained it (an error while the socket waited). */
  endedEarly;
  streamed = false;
  wakeReader;
  /**
   * Hands every byte to `sink` until the body ends (at `Content-Length`, or when the store closes the connection);
   * rejects with the socket's error or with what `sink` threw. Bytes after `Content-Length` are not the body (as in
   * any HTTP client): they are never handed over, whichever read they came in.
   */
  drain(sink) {
    if (this.sink) return Promise.reject(new Error("the body is already being read"));
    if (this.endedEarly) return Promise.reject(this.endedEarly);
    this.sink = sink;
    return new Promise((resolve, reject) => {
      this.finish = { resolve, reject };
      const early = this.early;
      this.early = void 0;
      if (early && early.length > 0) {
        if (this.handOver(early)) this.socket.resume();
      } else if (this.isComplete()) {
        this.end();
      } else {
        this.socket.resume();
      }
    });
  }
  /** The socket's read callback while the body is read: false pauses the socket until the sink is ready. */
  onRead(chunk) {
    if (!this.sink || this.settled) return false;
    return this.handOver(chunk);
  }
  /** The connection closed: the body ends here, however much came (the reader compares with what it expected). */
  onClose(err) {
    if (err) this.fail(err);
    else this.end();
  }
  _read() {
    if (this.streamed) {
      const wake = this.wakeReader;
      this.wakeReader = void 0;
      wake?.();
      return;
    }
    this.streamed = true;
    this.drain(
      (chunk) => this.push(Buffer.from(chunk)) ? void 0 : new Promise((resolve) => this.wakeReader = resolve)
    ).then(
      () => this.push(null),
      (err) => this.destroy(err)
    );
  }
  _destroy(err, callback) {
    this.socket.destroy();
    const draining = this.finish !== void 0 && !this.streamed;
    this.fail(err ?? new Error("the body was closed before its end"));
    callback(draining ? null : err);
  }
  handOver(read) {
    const chunk = this.contentLength === void 0 ? read : read.subarray(0, this.contentLength - this.delivered);
    let wait;
    try {
      wait = this.sink(chunk);
    } catch (err) {
      this.fail(err);
      return false;
    }
    this.delivered += chunk.length;
    if (wait) {
      wait.then(
        () => this.isComplete() ? this.end() : this.socket.resume(),
        (err) => this.fail(err)
      );
      return false;
    }
    if (this.isComplete()) {
      this.end();
      return false;
    }
    return true;
  }
  isComplete() {
    return this.contentLength !== void 0 && this.delivered >= this.contentLength;
  }
  end() {
    if (this.settled || !this.finish) return;
    this.settled = true;
    this.socket.destroy();
    this.finish.resolve();
  }
  fail(err) {
    if (this.settled) return;
    this.settled = true;
    this.socket.destroy();
    if (this.finish) this.finish.reject(err);
    else this.endedEarly = err;
  }
};
var Exchange = class {
  constructor(request, head, options, abortSignal, resolve, reject) {
    this.head = head;
    this.options = options;
    this.resolve = resolve;
    this.reject = reject;
    const tls = request.protocol === "https:";
    const port = request.port ?? (tls ? 443 : 80);
    const host = request.hostname.replace(/^\[(.*)\]$/, "$1");
    const onread = { buffer: this.buffer, callback: (n) => this.onRead(n) };
    const common = { host, port, onread, ...options.lookup ? { lookup: options.lookup } : {} };
    this.socket = tls ? connectTls({
      ...common,
      // SNI carries a name, never an address.
      ...isIP(host) ? {} : { servername: host },
      ...options.ca ? { ca: [options.ca] } : {}
    }) : connectTcp(common);
    this.socket.setTimeout(options.connectionTimeout);
    this.socket.once(tls ? "secureConnect" : "connect", () => {
      this.socket.setTimeout(options.requestTimeout);
      this.socket.write(this.head);
    });
    this.socket.on(
      "timeout",
      () => this.socket.destroy(Object.assign(new Error("no answer in time"), { code: "ETIMEDOUT", name: "TimeoutError" }))
    );
    this.socket.on("error", (err) => this.onClose(err));
    this.socket.on("close", () => this.onClose(void 0));
    if (abortSignal) {
      const abort = () => {
        this.socket.destroy(Object.assign(new Error("the request was aborted"), { name: "AbortError" }));
      };
      if (abortSignal.aborted) abort();
      else abortSignal.addEventListener("abort", abort, { once: true });
    }
  }
  head;
  options;
  resolve;
  reject;
  socket;
  buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  phase = "head";
  headBytes = Buffer.alloc(0);
  /** An answer other than 2xx, read whole before it is handed back. */
  error;
  body;
  onRead(n) {
    const chunk = this.buffer.subarray(0, n);
    if (this.phase === "body") return this.body.onRead(chunk);
    if (this.phase === "error-body") return this.collect(chunk);
    if (this.phase !== "head") return false;
    const searchFrom = Math.max(0, this.headBytes.length - 3);
    this.headBytes = Buffer.concat([this.headBytes, chunk]);
    const end = this.headBytes.indexOf("\r\n\r\n", searchFrom, "latin1");
    if (end === -1) {
      return this.headBytes.length > MAX_HEAD_BYTES ? this.protocolError(`a response head over ${MAX_HEAD_BYTES} bytes`) : true;
    }
    if (end > MAX_HEAD_BYTES) return this.protocolError(`a response head over ${MAX_HEAD_BYTES} bytes`);
    let parsed;
    try {
      parsed = parseHead(this.headBytes.subarray(0, end).toString("latin1"));
    } catch (err) {
      return this.protocolError(err.message);
    }
    const rest = Buffer.from(this.headBytes.subarray(end + 4));
    this.headBytes = Buffer.alloc(0);
    if (parsed.statusCode >= 200 && parsed.statusCode < 300) {
      if (parsed.headers["transfer-encoding"] !== void 0) {
        return this.protocolError("a GetObject body sent with Transfer-Encoding (S3 sends Content-Length)");
      }
      const length = contentLengthOf(parsed.headers);
      if (length === null) return this.protocolError("an unreadable Content-Length");
      this.phase = "body";
      this.socket.setTimeout(0);
      this.body = new SocketBody(this.socket, length, rest);
      this.resolve({ ...parsed, body: this.body });
      return false;
    }
    this.phase = "error-body";
    this.error = new ErrorAnswer(parsed);
    return this.collect(rest);
  }
  /** An error answer is read whole (bounded), then handed to the SDK to parse like any other. */
  collect(chunk) {
    const complete = this.error.add(chunk);
    if (complete) this.answerError();
    return !complete;
  }
  answerError() {
    if (this.phase === "done") return;
    this.phase = "done";
    this.socket.destroy();
    this.resolve(this.error.response());
  }
  onClose(err) {
    if (this.phase === "body") return this.body.onClose(err);
    if (this.phase === "error-body" && !err) return this.answerError();
    if (this.phase === "done") return;
    this.phase = "done";
    this.reject(err ?? Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
  }
  protocolError(problem) {
    if (this.phase !== "done") {
      this.phase = "done";
      this.reject(new S3ProtocolError(`the store's answer is not readable HTTP/1.1: ${problem}`));
    }
    this.socket.destroy();
    return false;
  }
};
var ErrorAnswer = class {
  constructor(head) {
    this.head = head;
    this.chunked = /\bchunked\b/i.test(head.headers["transfer-encoding"] ?? "");
    const length = contentLengthOf(head.headers);
    this.length = !this.chunked && typeof length === "number" ? length : void 0;
  }
  head;
  parts = [];
  bytes = 0;
  chunked;
  /** The announced length when it is one plain number (and the body is not chunked). */
  length;
  /** The last bytes seen, so that a chunked body's end is found across reads. */
  tail = Buffer.alloc(0);
  /** Keeps what fits of `chunk`; true once the body is complete (or the bound is reached). */
  add(chunk) {
    const part = Buffer.from(chunk.subarray(0, MAX_ERROR_BODY_BYTES - this.bytes));
    this.parts.push(part);
    this.bytes += part.length;
    const seen = Buffer.concat([this.tail, part]);
    this.tail = seen.subarray(Math.max(0, seen.length - (CHUNKED_END.length - 1)));
    return this.length !== void 0 && this.bytes >= this.length || this.chunked && seen.includes(CHUNKED_END) || this.bytes >= MAX_ERROR_BODY_BYTES || this.head.statusCode === 204 || this.head.statusCode === 304;
  }
  /** The answer for the SDK: its body de-chunked, or cut at its length. */
  response() {
    const whole = Buffer.concat(this.parts);
    const body = this.chunked ? dechunk(whole) : this.length !== void 0 ? whole.subarray(0, this.length) : whole;
    return { ...this.head, body: Readable.from(body.length > 0 ? [body] : []) };
  }
};
var CHUNKED_END = "\r\n0\r\n\r\n";
function requestHead(request) {
  if (request.method !== "GET")
    throw new S3ProtocolError(
      `the request cannot be sent as it is: only GET is read off the socket, not ${request.method.slice(0, 20)}`
    );
  if (request.body !== void 0 && request.body !== null && request.body !== "") {
    throw new S3ProtocolError("the request cannot be sent as it is: a GET with a body");
  }
  const query = queryString(request.query ?? {});
  const target = `${request.path}${query ? `?${query}` : ""}`;
  if (!/^\/[\x21-\x7e]*$/.test(target))
    throw new S3ProtocolError("the request cannot be sent as it is: a path that is not encoded");
  const headers = Object.entries(request.headers);
  if (!headers.some(([name]) => name.toLowerCase() === "host")) {
    const defaultPort = request.protocol === "https:" ? 443 : 80;
    const port = request.port && request.port !== defaultPort ? `:${request.port}` : "";
    headers.push(["host", `${request.hostname}${port}`]);
  }
  const lines = [`GET ${target} HTTP/1.1`];
  for (const [name, value] of headers) {
    if (name.toLowerCase() === "connection") continue;
    if (!HEADER_NAME.test(name) || !/^[\t\x20-\x7e]*$/.test(String(value))) {
      throw new S3ProtocolError(
        `the request cannot be sent as it is: the header ${JSON.stringify(name.slice(0, 40))} holds a line break or a character outside printable ASCII`
      );
    }
    lines.push(`${name}: ${value}`);
  }
  lines.push("connection: close");
  return `${lines.join("\r\n")}\r
\r
`;
}
function queryString(query) {
  const parts = [];
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    const name = escapeUri(key);
    if (Array.isArray(value)) {
      for (const v of value) parts.push(`${name}=${escapeUri(v ?? "")}`);
    } else if (typeof value === "string") {
      parts.push(`${name}=${escapeUri(value)}`);
    } else {
      parts.push(name);
    }
  }
  return parts.join("&");
}
function escapeUri(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function parseHead(text) {
  const lines = text.split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0] ?? "");
  if (!status) throw new Error(`a status line "${(lines[0] ?? "").slice(0, 60)}"`);
  const headers = {};
  for (const line of lines.slice(1)) {
    const field = HEADER_FIELD.exec(line);
    if (!field) throw new Error(`a header line "${line.slice(0, 60)}"`);
    const name = field[1].toLowerCase();
    headers[name] = headers[name] === void 0 ? field[2] : `${headers[name]}, ${field[2]}`;
  }
  return { statusCode: Number(status[1]), reason: status[2] ?? "", headers };
}
function contentLengthOf(headers) {
  const raw = headers["content-length"];
  if (raw === void 0) return void 0;
  const values = new Set(raw.split(",").map((v) => v.trim()));
  if (values.size !== 1) return null;
  const [only] = values;
  return /^\d{1,15}$/.test(only) ? Number(only) : null;
}
function dechunk(raw) {
  const parts = [];
  let at = 0;
  for (; ; ) {
    const eol = raw.indexOf("\r\n", at, "latin1");
    if (eol === -1) break;
    const size = Number.parseInt(raw.subarray(at, eol).toString("latin1").split(";")[0].trim(), 16);
    if (!Number.isFinite(size) || size <= 0) break;
    parts.push(raw.subarray(eol + 2, Math.min(raw.length, eol + 2 + size)));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

// src/adapters/threaded-sha256.ts
import { createHash } from "node:crypto";
import { Worker } from "node:worker_threads";
var THREAD_SOURCE = String.raw`
'use strict';
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hash = createHash('sha256');
parentPort.on('message', (message) => {
  if (message.type === 'bytes') {
    hash.update(new Uint8Array(message.batch, 0, message.length));
    parentPort.postMessage({ type: 'free', batch: message.batch }, [message.batch]);
  } else if (message.type === 'end') {
    parentPort.postMessage({ type: 'digest', sha256: hash.digest('hex') });
  }
});
`;
var BATCH_BYTES = 1024 * 1024;
var BATCHES_IN_FLIGHT = 3;
var THREAD_THRESHOLD_BYTES = 64 * BATCH_BYTES;
var HashingThreadError = class extends Error {
  name = "HashingThreadError";
};
var live = 0;
function streamSha256(expectedBytes) {
  return expectedBytes >= THREAD_THRESHOLD_BYTES ? threadedSha256() : new InlineSha256();
}
function threadedSha256() {
  return new ThreadedSha256();
}
var InlineSha256 = class {
  hash = createHash("sha256");
  update(chunk) {
    this.hash.update(chunk);
    return void 0;
  }
  digest() {
    return Promise.resolve(this.hash.digest("hex"));
  }
  close() {
    return Promise.resolve();
  }
};
var ThreadedSha256 = class {
  // The thread holds no data of its own (the batches are transferred), so its heap stays at the smallest limits:
  // measured, 2 MB less resident memory than the defaults.
  thread = new Worker(THREAD_SOURCE, {
    eval: true,
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8 }
  });
  /** Batches back from the thread, ready to be filled. */
  free = [];
  created = 0;
  filling;
  filled = 0;
  /** Who waits for a free batch, and who waits for the digest. */
  waitingForBatch;
  waitingForDigest;
  failed;
  constructor() {
    live++;
    this.thread.once("exit", () => live--);
    this.thread.on("message", (message) => {
      if (message.type === "free") {
        this.free.push(message.batch);
        const waiting = this.waitingForBatch;
        this.waitingForBatch = void 0;
        waiting?.resolve();
      } else {
        this.waitingForDigest?.resolve(message.sha256);
        this.waitingForDigest = void 0;
      }
    });
    this.thread.on("error", (err) => this.fail(new HashingThreadError(`the hashing thread failed: ${err.message}`)));
    this.thread.on(
      "exit",
      (code) => this.fail(new HashingThreadError(`the hashing thread stopped (exit code ${code})`))
    );
  }
  update(chunk) {
    if (this.failed) return Promise.reject(this.failed);
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.filling) {
        const batch = this.free.pop() ?? (this.created < BATCHES_IN_FLIGHT ? this.newBatch() : void 0);
        if (!batch) {
          const rest = chunk.subarray(offset);
          return new Promise((resolve, reject) => this.waitingForBatch = { resolve, reject }).then(
            () => this.update(rest)
          );
        }
        this.filling = new Uint8Array(batch);
        this.filled = 0;
      }
      const n = Math.min(chunk.length - offset, this.filling.length - this.filled);
      this.filling.set(chunk.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.filling.length) this.send();
    }
    return void 0;
  }
  async digest() {
    if (this.failed) throw this.failed;
    if (this.filling && this.filled > 0) this.send();
    return new Promise((resolve, reject) => {
      this.waitingForDigest = { resolve, reject };
      this.thread.postMessage({ type: "end" });
    });
  }
  async close() {
    this.fail(new HashingThreadError("the hashing thread was stopped"));
    await this.thread.terminate();
  }
  newBatch() {
    this.created++;
    return new ArrayBuffer(BATCH_BYTES);
  }
  send() {
    const batch = this.filling.buffer;
    this.thread.postMessage({ type: "bytes", batch, length: this.filled }, [batch]);
    this.filling = void 0;
    this.filled = 0;
  }
  fail(err) {
    if (this.failed) return;
    this.failed = err;
    this.waitingForBatch?.reject(err);
    this.waitingForDigest?.reject(err);
    this.waitingForBatch = void 0;
    this.waitingForDigest = void 0;
  }
};

// src/adapters/s3-object-store.ts
var LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
function invalidConfig(message, fix) {
  return { kind: "invalid-config", message, fix, verdict: "indeterminate" };
}
function endpointProblem(raw, source, allowHttp) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    return invalidConfig(`${source} is not a URL.`, `Set ${source} to a URL such as https://minio.example.com:9000.`);
  }
  const fix = `Set ${source} to a plain URL such as https://minio.example.com:9000.`;
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return invalidConfig(`${source} must be an http(s) URL.`, fix);
  }
  if (url.username || url.password) {
    return invalidConfig(
      `${source} has a user name or password in it.`,
      `${fix} Credentials come from the AWS credential chain.`
    );
  }
  if (url.search || url.hash) return invalidConfig(`${source} has a query or fragment.`, fix);
  if (url.protocol === "http:" && !LOOPBACK.test(url.hostname) && !allowHttp) {
    return invalidConfig(
      `${source} (${url.host}) is plain http: anyone on the path could change both an object's bytes and its checksum.`,
      "Use https, or set allowHttp: true in the policy for a store only reachable inside your network."
    );
  }
  return void 0;
}
function resolveS3Connection(env, settings = {}) {
  const get = (name) => env[name]?.trim() ? env[name].trim() : void 0;
  const endpointFrom = [
    [settings.endpoint?.trim() || void 0, "the policy's s3.endpoint"],
    [get("AWS_ENDPOINT_URL_S3"), "AWS_ENDPOINT_URL_S3"],
    [get("AWS_ENDPOINT_URL"), "AWS_ENDPOINT_URL"]
  ];
  const chosen = endpointFrom.find(([v]) => v !== void 0);
  const conn = {
    region: "us-east-1",
    regionSource: "default (AWS_REGION not set)",
    forcePathStyle: settings.forcePathStyle ?? false,
    credentialSource: "the AWS SDK default credential chain",
    secrets: [],
    trustsStoredChecksums: settings.trustStoredChecksums ?? true
  };
  if (chosen) {
    const problem = endpointProblem(chosen[0], chosen[1], settings.allowHttp ?? false);
    if (problem) return problem;
    conn.endpoint = chosen[0];
    conn.endpointSource = chosen[1];
    conn.trustsStoredChecksums = settings.trustStoredChecksums ?? false;
  }
  const regionFrom = [
    [settings.region?.trim() || void 0, "the policy's s3.region"],
    [get("AWS_REGION"), "AWS_REGION"],
    [get("AWS_DEFAULT_REGION"), "AWS_DEFAULT_REGION"]
  ];
  const region = regionFrom.find(([v]) => v !== void 0);
  if (region) {
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(region[0])) {
      return invalidConfig(`${region[1]} is not a region name.`, "Set it to a region such as eu-west-1 (R2: auto).");
    }
    conn.region = region[0];
    conn.regionSource = region[1];
  }
  const accessKeyId = get("AWS_ACCESS_KEY_ID");
  const secretAccessKey = get("AWS_SECRET_ACCESS_KEY");
  const sessionToken = get("AWS_SESSION_TOKEN");
  conn.secrets = [secretAccessKey, sessionToken].filter((s) => s !== void 0);
  if (accessKeyId && secretAccessKey) {
    conn.credentials = { accessKeyId, secretAccessKey, ...sessionToken ? { sessionToken } : {} };
    conn.credentialSource = "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY";
  } else if (accessKeyId || secretAccessKey) {
    return {
      kind: "no-credentials",
      message: `Only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set.`,
      fix: "Set both, or neither (to use a profile or GitHub OIDC through aws-actions/configure-aws-credentials).",
      verdict: "indeterminate"
    };
  }
  return conn;
}
function createS3ObjectStore(env, settings = {}, options = {}) {
  const conn = resolveS3Connection(env, settings);
  if ("kind" in conn) return conn;
  return { kind: "configured", store: new S3ObjectStore(conn, options) };
}
var SHA256_BASE64 = /^[A-Za-z0-9+/]{43}=$/;
function storedChecksumOf(value, type) {
  if (value === void 0 || value === "") return void 0;
  const suffix = /^(.*)-(\d{1,5})$/.exec(value);
  const declared = type?.toUpperCase();
  if (declared === "COMPOSITE" || declared === void 0 && suffix) {
    return suffix ? { type: "COMPOSITE", value, parts: Number(suffix[2]) } : { type: "COMPOSITE", value };
  }
  if (declared !== void 0 && declared !== "FULL_OBJECT") {
    return { type: "UNUSABLE", value: clip(value), reason: `unknown checksum type "${clip(declared, 20)}"` };
  }
  if (suffix) return { type: "UNUSABLE", value: clip(value), reason: "a full-object checksum with a part count" };
  if (!SHA256_BASE64.test(value)) return { type: "UNUSABLE", value: clip(value), reason: "not a base64 SHA-256" };
  return { type: "FULL_OBJECT", sha256: Buffer.from(value, "base64").toString("hex") };
}
var TRANSIENT_CODES = /* @__PURE__ */ new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "TimeoutError",
  "RequestTimeout"
]);
function what(op) {
  return op.location ? formatS3Url(op.location) : `bucket ${op.bucket}`;
}
function asRecord(v) {
  return typeof v === "object" && v !== null ? v : {};
}
function networkCode(err) {
  let cursor = err;
  for (let depth = 0; depth < 6 && typeof cursor === "object" && cursor !== null; depth += 1) {
    const code = cursor.code;
    if (typeof code === "string" && /^[A-Za-z][A-Za-z0-9_]{2,40}$/.test(code)) return code;
    const name = cursor.name;
    if (name === "TimeoutError") return "TimeoutError";
    cursor = cursor.cause;
  }
  const text = typeof err === "object" && err !== null ? String(err.message ?? "") : "";
  return /\b(E[A-Z]{3,20})\b/.exec(text)?.[1];
}
function missingActionOf(op, serverMessage) {
  const named = /\b(s3:(?:GetObjectVersion|GetObject|ListBucket))\b/.exec(serverMessage);
  if (named) return named[1];
  if (op.name === "HeadBucket") return "s3:ListBucket";
  return op.location?.versionId !== void 0 ? "s3:GetObjectVersion" : "s3:GetObject";
}
function forbidden(op, code, serverMessage, status = 403) {
  if (["InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken"].includes(code)) {
    return {
      kind: "credentials-rejected",
      status,
      message: `S3 rejected the credentials for ${what(op)} (${code}).`,
      fix: "The access key is unknown, revoked or expired, or the secret is wrong: refresh the credentials (in GitHub Actions, aws-actions/configure-aws-credentials before mlgov).",
      verdict: "indeterminate"
    };
  }
  const action = missingActionOf(op, serverMessage);
  const unseen = action === "s3:GetObject" || action === "s3:GetObjectVersion" ? " Without s3:ListBucket on the bucket, S3 also answers 403 (not 404) for a key that does not exist." : "";
  return {
    kind: "forbidden",
    status: 403,
    missingAction: action,
    message: `S3 denied ${op.name} on ${what(op)} (403 ${code || "Forbidden"}): the credentials lack ${action}, or a bucket policy denies it.${unseen}`,
    fix: `Grant ${action} on ${op.name === "HeadBucket" ? `arn:aws:s3:::${op.bucket}` : `arn:aws:s3:::${op.bucket}/*`} to the role mlgov runs as (see docs/s3.md for the least policy).`,
    verdict: "indeterminate"
  };
}
function notFound(op, code, headers, status = 404) {
  const base = { status, verdict: "fail" };
  if (op.name === "HeadBucket" || code === "NoSuchBucket") {
    return {
      ...base,
      kind: "no-such-bucket",
      message: `S3 has no bucket ${op.bucket} (404 NoSuchBucket).`,
      fix: "Check the bucket name in the manifest, and the endpoint (AWS_ENDPOINT_URL_S3 or the policy) for a non-AWS store."
    };
  }
  if (headers["x-amz-delete-marker"] === "true") {
    const pinned = op.location?.versionId !== void 0;
    return {
      ...base,
      kind: "deleted",
      message: pinned ? `${what(op)} was deleted: that version is a delete marker.` : `${what(op)} was deleted: its latest version is a delete marker.`,
      fix: "Restore the object (delete the delete marker) or pin the manifest to the version that was approved."
    };
  }
  if (code === "NoSuchVersion") {
    return {
      ...base,
      kind: "no-such-version",
      message: `S3 has no version ${op.location?.versionId ?? ""} of s3://${op.bucket}/${op.location?.key ?? ""} (404 NoSuchVersion).`,
      fix: "The version was deleted (by hand or a lifecycle rule) or the versionId is wrong: pin an existing version."
    };
  }
  return {
    ...base,
    kind: "no-such-key",
    message: `S3 has no object ${what(op)} (404 NoSuchKey).`,
    fix: "Upload the object, or correct the key in the manifest."
  };
}
function wrongRegion(op, status, headers, region) {
  const bucketRegion = headers["x-amz-bucket-region"];
  const where = bucketRegion ? `the bucket is in ${bucketRegion}` : "the bucket is in another region";
  const out = {
    kind: "wrong-region",
    status,
    message: `S3 answered ${status} for ${what(op)}: ${where}, not ${region}.`,
    fix: bucketRegion ? `Set AWS_REGION=${bucketRegion} (or the policy's s3.region).` : "Set AWS_REGION to the bucket's region.",
    verdict: "indeterminate"
  };
  if (bucketRegion) out.bucketRegion = bucketRegion;
  return out;
}
function translateError(err, op, region, endpoint, timeoutMs) {
  const e = asRecord(err);
  const status = asRecord(e["$metadata"])["httpStatusCode"];
  const response = asRecord(e["$response"]);
  const headers = Object.fromEntries(
    Object.entries(asRecord(response["headers"])).map(([k, v]) => [k.toLowerCase(), String(v)])
  );
  const code = typeof e["Code"] === "string" ? e["Code"] : typeof e["name"] === "string" ? e["name"] : "";
  const serverMessage = typeof e["message"] === "string" && e["message"] !== "UnknownError" ? e["message"] : "";
  if (e["name"] === "CredentialsProviderError" || /Could not load credentials/.test(serverMessage)) {
    return {
      failure: {
        kind: "no-credentials",
        message: `No AWS credentials were found for ${what(op)} (environment, profile, web identity and instance role were tried).`,
        fix: "In GitHub Actions, run aws-actions/configure-aws-credentials (OIDC) before mlgov; elsewhere set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE.",
        verdict: "indeterminate"
      },
      retryable: false
    };
  }
  if (typeof status === "number") return { ...translateStatus(op, status, code, serverMessage, headers, region) };
  const net = networkCode(err);
  const cause = net === "ETIMEDOUT" || net === "TimeoutError" ? `no answer within ${timeoutMs} ms` : net;
  return {
    failure: {
      kind: "unreachable",
      message: `Could not reach the S3 endpoint ${endpoint} for ${what(op)} (${cause ?? describeUnknown(err)}).`,
      fix: "Check the endpoint (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL or the policy), the network and any proxy.",
      verdict: "indeterminate"
    },
    retryable: net !== void 0 && TRANSIENT_CODES.has(net)
  };
}
function translateStatus(op, status, code, serverMessage, headers, region) {
  if (status === 301 || status === 307 || code === "PermanentRedirect" || code === "AuthorizationHeaderMalformed") {
    return { failure: wrongRegion(op, status, headers, region), retryable: false };
  }
  if (status === 400 && headers["x-amz-bucket-region"] && headers["x-amz-bucket-region"] !== region) {
    return { failure: wrongRegion(op, status, headers, region), retryable: false };
  }
  if (status === 403) return { failure: forbidden(op, code, serverMessage), retryable: false };
  if (status === 404 || status === 405 && headers["x-amz-delete-marker"] === "true") {
    return { failure: notFound(op, code, headers, status), retryable: false };
  }
  if (status === 400 && ["ExpiredToken", "InvalidToken", "TokenRefreshRequired"].includes(code)) {
    return { failure: forbidden(op, "ExpiredToken", serverMessage, 400), retryable: false };
  }
  if (status === 412) {
    return {
      failure: {
        kind: "changed",
        status,
        message: `${what(op)} changed while it was being read (412 PreconditionFailed on its ETag).`,
        fix: "Something overwrote the object during verification: run again, and pin the manifest to a versionId.",
        verdict: "indeterminate"
      },
      retryable: false
    };
  }
  const detail = serverMessage ? `: ${clip(serverMessage, 200)}` : "";
  const hint = status === 400 && op.name !== "GetObject" ? " (commonly expired session credentials)" : "";
  return {
    failure: {
      kind: "server-error",
      status,
      message: `S3 answered ${status}${code && !/^\d+$|^Unknown$/.test(code) ? ` ${code}` : ""} for ${op.name} on ${what(op)}${detail}${hint}.`,
      fix: status >= 500 ? "The store is failing or throttling: run again later." : "Check the credentials, the endpoint and the object.",
      verdict: "indeterminate"
    },
    retryable: status >= 500 || code === "SlowDown" || code === "RequestTimeout"
  };
}
function describeUnknown(err) {
  if (err instanceof Error) return `${err.name}: ${err.message.split("\n")[0]?.slice(0, 200) ?? ""}`;
  return String(err).slice(0, 200);
}
var awsSdk;
function loadAwsSdk() {
  return awsSdk ??= import("./dist-cjs-7TKV4XT3.js").then(
    (m) => m.S3Client ? m : m.default
  );
}
function s3ClientConfig(conn, timeoutMs, transport = {}) {
  const { lookup, ca } = transport;
  return {
    region: conn.region,
    ...conn.endpoint ? { endpoint: conn.endpoint } : {},
    // The endpoint is the one resolved (and checked) above: the SDK must not pick another from the process
    // environment or a profile's endpoint_url on its own.
    ignoreConfiguredEndpointUrls: true,
    forcePathStyle: conn.forcePathStyle,
    ...conn.credentials ? { credentials: conn.credentials } : {},
    // Retries are ours (bounded, with the failure named); the SDK's would hide what happened.
    maxAttempts: 1,
    // Checksums are compared here, once, against what HeadObject said; the SDK must not wrap or judge the body.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // A bucket in another region is a configuration finding with the right region named, not a silent redirect.
    followRegionRedirects: false,
    requestHandler: {
      connectionTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      // Without this the SDK only logs a warning when no answer comes, and waits on.
      throwOnRequestTimeout: true,
      ...lookup ? { httpAgent: new HttpAgent({ lookup }) } : {},
      ...lookup || ca ? { httpsAgent: new HttpsAgent({ ...lookup ? { lookup } : {}, ...ca ? { ca: [ca] } : {} }) } : {}
    }
  };
}
var S3ObjectStore = class {
  constructor(conn, options) {
    this.conn = conn;
    process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";
    this.secrets = [...conn.secrets];
    this.trustsStoredChecksums = conn.trustsStoredChecksums;
    this.timeoutMs = options.timeoutMs ?? 3e4;
    this.maxAttempts = Math.max(1, Math.min(options.maxAttempts ?? 4, 10));
    this.initialDelayMs = options.initialDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 1e4;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.transport = {
      ...options.lookup ? { lookup: options.lookup } : {},
      ...options.ca ? { ca: options.ca } : {}
    };
    this.clientConfig = s3ClientConfig(conn, this.timeoutMs, this.transport);
  }
  conn;
  trustsStoredChecksums;
  clientConfig;
  clientInstance;
  created;
  secrets;
  timeoutMs;
  maxAttempts;
  initialDelayMs;
  maxDelayMs;
  sleep;
  credentialsChecked = false;
  streamingInstance;
  createdStreaming;
  /** How connections are made (tests: name resolution, a CA); the same for both clients. */
  transport;
  /** The SDK client, created on the first request (with the SDK itself). */
  client() {
    return this.clientInstance ??= loadAwsSdk().then(({ S3Client }) => {
      this.created = new S3Client(this.clientConfig);
      return this.created;
    });
  }
  /**
   * The client for streamed reads: the same settings and the same credentials (resolved once, by the first client),
   * with the body read off the socket into one reused buffer (s3-socket-read.ts).
   */
  streamingClient() {
    return this.streamingInstance ??= Promise.all([loadAwsSdk(), this.client()]).then(([{ S3Client }, first]) => {
      this.createdStreaming = new S3Client({
        ...this.clientConfig,
        credentials: first.config.credentials,
        requestHandler: new SocketReadHandler({
          connectionTimeout: this.timeoutMs,
          requestTimeout: this.timeoutMs,
          ...this.transport
        })
      });
      return this.createdStreaming;
    });
  }
  describe() {
    const endpoint = this.conn.endpoint ? `${this.endpointName()} (${this.conn.endpointSource})` : `AWS S3 (${this.conn.region})`;
    const style = this.conn.forcePathStyle ? "path-style" : "virtual-host style";
    const checksums = this.trustsStoredChecksums ? "stored SHA-256 checksums trusted" : "objects always streamed";
    return `${endpoint}, region ${this.conn.region} from ${this.conn.regionSource}, ${style}, credentials from ${this.conn.credentialSource}, ${checksums}`;
  }
  close() {
    this.created?.destroy();
    this.createdStreaming?.destroy();
  }
  endpointName() {
    if (!this.conn.endpoint) return `s3.${this.conn.region}.amazonaws.com`;
    const u = new URL(this.conn.endpoint);
    return `${u.protocol}//${u.host}${u.pathname === "/" ? "" : u.pathname}`;
  }
  async headBucket(bucket) {
    const problem = bucketNameProblem(bucket);
    if (problem) return invalidLocation(`bucket "${clip(bucket)}"`, problem);
    const { HeadBucketCommand } = await loadAwsSdk();
    const client = await this.client();
    const r = await this.call(
      { name: "HeadBucket", bucket },
      () => client.send(new HeadBucketCommand({ Bucket: bucket }))
    );
    if (!r.ok) return r.failure;
    return r.value.BucketRegion ? { kind: "ok", region: r.value.BucketRegion } : { kind: "ok" };
  }
  async headObject(bucket, key, versionId) {
    const location = { bucket, key, ...versionId !== void 0 ? { versionId } : {} };
    const problem = bucketNameProblem(bucket) ?? objectKeyProblem(key) ?? (versionId !== void 0 ? versionIdProblem(versionId) : void 0);
    if (problem) return invalidLocation(formatS3Url(location), problem);
    const op = { name: "HeadObject", bucket, location };
    const { HeadObjectCommand } = await loadAwsSdk();
    const client = await this.client();
    const r = await this.call(
      op,
      () => client.send(
        new HeadObjectCommand({
          Bucket: bucket,
          Key: key,
          ChecksumMode: "ENABLED",
          ...versionId ? { VersionId: versionId } : {}
        })
      )
    );
    if (!r.ok) return this.refineNotFound(r.failure, location);
    return this.headOf(r.value, location);
  }
  /**
   * HeadObject answers 404 without a body, so a missing version and a missing key look alike. With a version pinned,
   * one more HEAD of the key tells which (a delete marker on top is `deleted`).
   */
  async refineNotFound(failure, location) {
    if (failure.kind !== "no-such-key" || location.versionId === void 0) return failure;
    const { HeadObjectCommand } = await loadAwsSdk();
    const client = await this.client();
    const latest = await this.call(
      { name: "HeadObject", bucket: location.bucket, location: { bucket: location.bucket, key: location.key } },
      () => client.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }))
    );
    if (!latest.ok) return failure;
    return notFound({ name: "HeadObject", bucket: location.bucket, location }, "NoSuchVersion", {});
  }
  headOf(out, asked) {
    const size = out.ContentLength;
    if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
      return badResponse(`S3 answered HeadObject for ${formatS3Url(asked)} without a usable Content-Length.`);
    }
    const served = out.VersionId && out.VersionId !== "null" ? out.VersionId : void 0;
    if (served !== void 0 && versionIdProblem(served)) {
      return badResponse(`The store answered HeadObject for ${formatS3Url(asked)} with a malformed version id.`);
    }
    if (asked.versionId !== void 0 && served !== asked.versionId) {
      return badResponse(
        `The store answered HeadObject for ${formatS3Url(asked)} with ${served ? `version ${clip(served)}` : "no version id"}: it does not honour versionId.`
      );
    }
    const head = {
      location: { bucket: asked.bucket, key: asked.key, ...served ? { versionId: served } : {} },
      size
    };
    if (out.ETag) head.etag = out.ETag;
    if (out.LastModified instanceof Date && !Number.isNaN(out.LastModified.getTime())) {
      head.lastModified = out.LastModified.toISOString();
    }
    const checksum = storedChecksumOf(out.ChecksumSHA256, out.ChecksumType);
    if (checksum) head.checksum = checksum;
    return { kind: "ok", head };
  }
  async streamObject(head, onBytes = () => void 0) {
    const loc = head.location;
    const op = { name: "GetObject", bucket: loc.bucket, location: loc };
    let counted = 0;
    const r = await this.call(op, async () => {
      if (counted > 0) onBytes(-counted);
      counted = 0;
      return this.readOnce(head, (n) => {
        counted += n;
        onBytes(n);
      });
    });
    if (!r.ok) return r.failure;
    return this.judgeDigest(head, r.value);
  }
  async readOnce(head, onBytes) {
    const loc = head.location;
    const { GetObjectCommand } = await loadAwsSdk();
    const client = await this.streamingClient();
    const out = await client.send(
      new GetObjectCommand({
        Bucket: loc.bucket,
        Key: loc.key,
        ...loc.versionId ? { VersionId: loc.versionId } : {},
        ...head.etag ? { IfMatch: head.etag } : {}
      })
    );
    const served = out.VersionId && out.VersionId !== "null" ? out.VersionId : void 0;
    const body = out.Body;
    const lengthDiffers = out.ContentLength !== void 0 && out.ContentLength !== head.size;
    if (served !== loc.versionId || head.etag && out.ETag && out.ETag !== head.etag || lengthDiffers) {
      body?.destroy();
      throw new ObjectChanged();
    }
    if (!body) throw new Truncated(0, head.size);
    return hashStream(body, head.size, this.timeoutMs, onBytes);
  }
  judgeDigest(head, digest) {
    const stored = head.checksum;
    if (stored?.type === "FULL_OBJECT" && stored.sha256 !== digest.sha256) {
      return {
        kind: "digest-mismatch",
        message: `The bytes of ${formatS3Url(head.location)} hash to ${digest.sha256}, but S3's stored full-object checksum says ${stored.sha256}.`,
        fix: "The object or its stored checksum is corrupt: upload the object again (with --checksum-algorithm SHA256) and re-run checksums --write.",
        verdict: "fail"
      };
    }
    return { kind: "ok", digest };
  }
  /** Resolves credentials once before the first request, so their secrets are redacted and "none" is its own kind. */
  async checkCredentials(op) {
    if (this.credentialsChecked) return void 0;
    try {
      const provider = (await this.client()).config.credentials;
      const creds = await provider();
      this.secrets.push(...[creds.secretAccessKey, creds.sessionToken].filter((s) => !!s));
      this.credentialsChecked = true;
      return void 0;
    } catch (err) {
      if (asRecord(err)["name"] === "CredentialsProviderError") {
        return this.clean(translateError(err, op, this.conn.region, this.endpointName(), this.timeoutMs).failure);
      }
      return this.clean({
        kind: "credentials-rejected",
        message: `The AWS credentials for ${what(op)} could not be obtained: ${describeUnknown(err)}.`,
        fix: "Check the role and its trust policy (aws-actions/configure-aws-credentials), the profile, or the keys.",
        verdict: "indeterminate"
      });
    }
  }
  /** One logical request with the transport policy: bounded retries with backoff, then a typed, redacted failure. */
  async call(op, request) {
    const noCredentials = await this.checkCredentials(op);
    if (noCredentials) return { ok: false, failure: noCredentials };
    let delay = this.initialDelayMs;
    let last;
    let attempts = 0;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      attempts = attempt;
      try {
        return { ok: true, value: await request() };
      } catch (err) {
        last = this.translateAny(err, op);
        if (!last.retryable || attempt === this.maxAttempts) break;
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.maxDelayMs);
      }
    }
    const failure = { ...last.failure };
    if (attempts > 1) failure.message = `${failure.message.replace(/\.$/, "")} (gave up after ${attempts} attempts).`;
    return { ok: false, failure: this.clean(failure) };
  }
  translateAny(err, op) {
    if (err instanceof ObjectChanged) {
      return {
        failure: { ...translateStatus(op, 412, "PreconditionFailed", "", {}, this.conn.region).failure },
        retryable: false
      };
    }
    if (err instanceof Truncated) {
      return {
        failure: {
          kind: "truncated",
          message: `The body of ${what(op)} ended after ${err.received} of ${err.expected} bytes${err.reason ? ` (${err.reason})` : ""}.`,
          fix: "The connection was cut or the store sent a short body: run again; if it persists, check the store and any proxy.",
          verdict: "fail"
        },
        retryable: true
      };
    }
    if (err instanceof S3ProtocolError) {
      return {
        failure: badResponse(`${op.name} of ${what(op)} at ${this.endpointName()}: ${err.message}.`),
        retryable: false
      };
    }
    return translateError(err, op, this.conn.region, this.endpointName(), this.timeoutMs);
  }
  clean(failure) {
    const scrub = (s) => redact(s, this.secrets).replace(/[\p{Cc}\p{Cf}]/gu, " ");
    return { ...failure, message: scrub(failure.message), fix: scrub(failure.fix) };
  }
};
var ObjectChanged = class extends Error {
  name = "ObjectChanged";
};
var Truncated = class extends Error {
  constructor(received, expected, reason) {
    super(`truncated after ${received} of ${expected} bytes`);
    this.received = received;
    this.expected = expected;
    this.reason = reason;
  }
  received;
  expected;
  reason;
  name = "Truncated";
};
function invalidLocation(what2, problem) {
  return invalidConfig(`${what2} is not a valid S3 location: ${problem}.`, "Correct the location in the manifest.");
}
function badResponse(message) {
  return {
    kind: "bad-response",
    message,
    fix: "The store does not behave as S3 documents: check the endpoint, or verify with a store that supports object versions.",
    verdict: "indeterminate"
  };
}
async function hashStream(body, expected, idleMs, onBytes) {
  const hash = streamSha256(expected);
  let received = 0;
  let lastData = Date.now();
  const watchdog = setInterval(
    () => {
      if (Date.now() - lastData > idleMs) body.destroy(Object.assign(new Error("no data"), { code: "ETIMEDOUT" }));
    },
    Math.max(10, Math.min(1e3, Math.floor(idleMs / 4)))
  );
  const take = (chunk) => {
    lastData = Date.now();
    received += chunk.length;
    if (received > expected) throw new Truncated(received, expected, "more bytes than Content-Length");
    onBytes(chunk.length);
    return hash.update(chunk);
  };
  try {
    await readBody(body, take);
    if (received !== expected) throw new Truncated(received, expected);
    return { sha256: await hash.digest(), size: received };
  } catch (err) {
    if (err instanceof Truncated || err instanceof HashingThreadError) throw err;
    throw new Truncated(received, expected, networkCode(err) ?? "the connection failed");
  } finally {
    clearInterval(watchdog);
    await hash.close();
  }
}
async function readBody(body, take) {
  if (body instanceof SocketBody) return body.drain(take);
  for await (const chunk of body) {
    const wait = take(chunk);
    if (wait) await wait;
  }
}
async function verifyObject(store, location, options = {}) {
  const headed = await store.headObject(location.bucket, location.key, location.versionId);
  if (headed.kind !== "ok") return headed;
  const head = headed.head;
  const notes = [];
  if (head.location.versionId === void 0) {
    notes.push("the bucket is not versioned: the bytes under this key can be replaced or deleted after approval");
  }
  const stored = head.checksum;
  if (stored?.type === "FULL_OBJECT" && options.mode !== "stream" && store.trustsStoredChecksums) {
    return {
      kind: "verified",
      location: head.location,
      sha256: stored.sha256,
      size: head.size,
      method: "stored-checksum",
      notes
    };
  }
  if (stored?.type === "COMPOSITE") {
    notes.push(
      "S3 holds a composite (multipart) checksum, which is not a SHA-256 of the object: the bytes were hashed"
    );
  } else if (stored?.type === "UNUSABLE") {
    notes.push(`S3's stored checksum is unusable (${stored.reason}): the bytes were hashed`);
  } else if (!stored) {
    notes.push("the object has no SHA-256 checksum in S3: the bytes were hashed");
  } else if (!store.trustsStoredChecksums) {
    notes.push(
      "the store is not trusted to have checked the stored checksum (trustStoredChecksums): the bytes were hashed"
    );
  }
  const streamed = await store.streamObject(head, options.onBytes);
  if (streamed.kind !== "ok") return streamed;
  return {
    kind: "verified",
    location: head.location,
    sha256: streamed.digest.sha256,
    size: streamed.digest.size,
    method: "streamed",
    notes
  };
}

export {
  resolveS3Connection,
  createS3ObjectStore,
  loadAwsSdk,
  s3ClientConfig,
  verifyObject
};
