import { connect as connectTcp, isIP, type LookupFunction, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { connect as connectTls } from 'node:tls';

/**
 * The transport of a streamed GetObject: the body is read straight off the socket into one buffer that is reused
 * for every read, and handed to the hash from there.
 *
 * Why: Node's HTTP client allocates a fresh 64 KiB buffer for every read and runs each through its parser and a
 * readable stream. For a 2 GiB object that is about 1.4 CPU seconds per GiB and 190 MB of resident memory on Node 24
 * (bench/ANALYSIS.md, "S3 on Node 24"); a socket reading into one reused buffer costs about 0.3 CPU seconds per GiB
 * and stays at the process's start-up size. That difference is what lets hashing keep up with the bytes.
 *
 * Only the bytes take this road. The SDK still builds the request (endpoint rules, path or virtual-host style),
 * signs it (SigV4, with the credentials it resolved) and judges the answer (headers, S3's XML errors): this is its
 * request handler, given the signed request and returning the response. A response other than 2xx is read whole
 * (bounded) and handed back as an ordinary stream, so S3's errors are parsed where every other request's are.
 *
 * One request per connection (`Connection: close`), HTTP/1.1, GET only; TLS for `https:` endpoints with the
 * system's trusted CAs (and `NODE_EXTRA_CA_CERTS`), exactly as the SDK's own handler would connect.
 */

/** The part of the SDK's signed request (`@smithy/protocol-http` HttpRequest) that a GET uses. */
export interface SignedRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | Array<string | null> | null | undefined>;
  headers: Record<string, string>;
  body?: unknown;
  fragment?: string;
}

/** The response the SDK deserializes (`@smithy/protocol-http` HttpResponse): header names in lower case. */
export interface ReceivedResponse {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  body: Readable;
}

export interface SocketReadOptions {
  /** Connecting, ms. */
  connectionTimeout: number;
  /** Waiting for the response's head, ms (the body's silences are the reader's to bound). */
  requestTimeout: number;
  /** Name resolution (tests resolve `bucket.localhost` on loopback); the system's by default. */
  lookup?: LookupFunction;
  /** A CA to trust besides the system's (tests' self-signed loopback); `NODE_EXTRA_CA_CERTS` is the user's way. */
  ca?: string;
}

/** Each read lands here: one buffer per connection, reused. */
export const READ_BUFFER_BYTES = 1024 * 1024;
/** An HTTP header name (RFC 9110 `token`), alone and as the start of a response's header line. */
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const HEADER_NAME = new RegExp(`^${TOKEN}$`);
const HEADER_FIELD = new RegExp(`^(${TOKEN}):[ \\t]*(.*?)[ \\t]*$`);
/** A response head larger than this is refused (Node's own HTTP client allows 16 KiB). */
const MAX_HEAD_BYTES = 64 * 1024;
/** An error body larger than this is cut off: S3's XML errors are a few hundred bytes. */
const MAX_ERROR_BODY_BYTES = 1024 * 1024;

/** The store's answer is not one this reader can take as HTTP/1.1: could not judge, with what was wrong. */
export class S3ProtocolError extends Error {
  override name = 'S3ProtocolError';
}

/** Takes one chunk; a promise means "wait for it before the next". The chunk is valid only until then. */
export type ChunkSink = (chunk: Uint8Array) => Promise<void> | undefined;

/**
 * A request handler for the SDK's client (`requestHandler`), for GetObject only: the SDK sends every other request
 * through its own handler on another client.
 */
export class SocketReadHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };

  constructor(private readonly options: SocketReadOptions) {}

  handle(
    request: SignedRequest,
    handlerOptions: { abortSignal?: AbortSignal } = {},
  ): Promise<{ response: ReceivedResponse }> {
    return new Promise((resolve, reject) => {
      let head: string;
      try {
        head = requestHead(request);
      } catch (err) {
        reject(err as Error);
        return;
      }
      new Exchange(
        request,
        head,
        this.options,
        handlerOptions.abortSignal,
        (response) => resolve({ response }),
        reject,
      );
    });
  }

  // The SDK's handler interface: nothing is pooled or configurable after creation here.
  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
  destroy(): void {}
}

/**
 * The body of a 2xx GetObject, still in the socket. {@link drain} hands each read to a sink in the reused buffer
 * (the fast road, used by the hash); read as an ordinary stream it yields copies.
 */
export class SocketBody extends Readable {
  private sink: ChunkSink | undefined;
  private finish: { resolve: () => void; reject: (err: Error) => void } | undefined;
  private delivered = 0;
  private settled = false;
  /** How the body ended before anyone drained it (an error while the socket waited). */
  private endedEarly: Error | undefined;
  private streamed = false;
  private wakeReader: (() => void) | undefined;

  constructor(
    private readonly socket: Socket,
    /** `Content-Length`, when the store sent one: the body ends there (the connection may stay open). */
    private readonly contentLength: number | undefined,
    /** Bytes that came in the same read as the head. */
    private early: Buffer | undefined,
  ) {
    super();
  }

  /**
   * Hands every byte to `sink` until the body ends (at `Content-Length`, or when the store closes the connection);
   * rejects with the socket's error or with what `sink` threw. Bytes after `Content-Length` are not the body (as in
   * any HTTP client): they are never handed over, whichever read they came in.
   */
  drain(sink: ChunkSink): Promise<void> {
    if (this.sink) return Promise.reject(new Error('the body is already being read'));
    if (this.endedEarly) return Promise.reject(this.endedEarly);
    this.sink = sink;
    return new Promise<void>((resolve, reject) => {
      this.finish = { resolve, reject };
      const early = this.early;
      this.early = undefined;
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
  onRead(chunk: Buffer): boolean {
    if (!this.sink || this.settled) return false;
    return this.handOver(chunk);
  }

  /** The connection closed: the body ends here, however much came (the reader compares with what it expected). */
  onClose(err: Error | undefined): void {
    if (err) this.fail(err);
    else this.end();
  }

  override _read(): void {
    if (this.streamed) {
      const wake = this.wakeReader;
      this.wakeReader = undefined;
      wake?.();
      return;
    }
    this.streamed = true;
    this.drain((chunk) =>
      this.push(Buffer.from(chunk)) ? undefined : new Promise<void>((resolve) => (this.wakeReader = resolve)),
    ).then(
      () => this.push(null),
      (err: Error) => this.destroy(err),
    );
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.socket.destroy();
    const draining = this.finish !== undefined && !this.streamed;
    this.fail(err ?? new Error('the body was closed before its end'));
    // A drain hears of the error through its promise; only an ordinary reader listens for the stream's 'error'.
    callback(draining ? null : err);
  }

  private handOver(read: Buffer): boolean {
    const chunk = this.contentLength === undefined ? read : read.subarray(0, this.contentLength - this.delivered);
    let wait: Promise<void> | undefined;
    try {
      wait = this.sink!(chunk);
    } catch (err) {
      this.fail(err as Error);
      return false;
    }
    this.delivered += chunk.length;
    if (wait) {
      wait.then(
        () => (this.isComplete() ? this.end() : this.socket.resume()),
        (err: Error) => this.fail(err),
      );
      return false;
    }
    if (this.isComplete()) {
      this.end();
      return false;
    }
    return true;
  }

  private isComplete(): boolean {
    return this.contentLength !== undefined && this.delivered >= this.contentLength;
  }

  private end(): void {
    // Before a drain the body cannot be complete: the socket is paused, so no end was read.
    if (this.settled || !this.finish) return;
    this.settled = true;
    this.socket.destroy();
    this.finish.resolve();
  }

  private fail(err: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.socket.destroy();
    if (this.finish) this.finish.reject(err);
    // Not draining yet: the error waits for whoever drains.
    else this.endedEarly = err;
  }
}

/** One request on one connection, from the signed request to the response's head (and an error body). */
class Exchange {
  private readonly socket: Socket;
  private readonly buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  private phase: 'head' | 'error-body' | 'body' | 'done' = 'head';
  private headBytes: Buffer = Buffer.alloc(0);
  /** An answer other than 2xx, read whole before it is handed back. */
  private error: ErrorAnswer | undefined;
  private body: SocketBody | undefined;

  constructor(
    request: SignedRequest,
    private readonly head: string,
    private readonly options: SocketReadOptions,
    abortSignal: AbortSignal | undefined,
    private readonly resolve: (response: ReceivedResponse) => void,
    private readonly reject: (err: Error) => void,
  ) {
    const tls = request.protocol === 'https:';
    const port = request.port ?? (tls ? 443 : 80);
    const host = request.hostname.replace(/^\[(.*)\]$/, '$1');
    const onread = { buffer: this.buffer, callback: (n: number) => this.onRead(n) };
    const common = { host, port, onread, ...(options.lookup ? { lookup: options.lookup } : {}) };
    this.socket = tls
      ? connectTls({
          ...common,
          // SNI carries a name, never an address.
          ...(isIP(host) ? {} : { servername: host }),
          ...(options.ca ? { ca: [options.ca] } : {}),
        })
      : connectTcp(common);
    this.socket.setTimeout(options.connectionTimeout);
    this.socket.once(tls ? 'secureConnect' : 'connect', () => {
      this.socket.setTimeout(options.requestTimeout);
      this.socket.write(this.head);
    });
    this.socket.on('timeout', () =>
      this.socket.destroy(Object.assign(new Error('no answer in time'), { code: 'ETIMEDOUT', name: 'TimeoutError' })),
    );
    this.socket.on('error', (err) => this.onClose(err));
    this.socket.on('close', () => this.onClose(undefined));
    if (abortSignal) {
      const abort = (): void => {
        this.socket.destroy(Object.assign(new Error('the request was aborted'), { name: 'AbortError' }));
      };
      if (abortSignal.aborted) abort();
      else abortSignal.addEventListener('abort', abort, { once: true });
    }
  }

  private onRead(n: number): boolean {
    const chunk = this.buffer.subarray(0, n);
    if (this.phase === 'body') return this.body!.onRead(chunk);
    if (this.phase === 'error-body') return this.collect(chunk);
    if (this.phase !== 'head') return false;
    const searchFrom = Math.max(0, this.headBytes.length - 3);
    this.headBytes = Buffer.concat([this.headBytes, chunk]);
    const end = this.headBytes.indexOf('\r\n\r\n', searchFrom, 'latin1');
    if (end === -1) {
      return this.headBytes.length > MAX_HEAD_BYTES
        ? this.protocolError(`a response head over ${MAX_HEAD_BYTES} bytes`)
        : true;
    }
    if (end > MAX_HEAD_BYTES) return this.protocolError(`a response head over ${MAX_HEAD_BYTES} bytes`);
    let parsed: ReturnType<typeof parseHead>;
    try {
      parsed = parseHead(this.headBytes.subarray(0, end).toString('latin1'));
    } catch (err) {
      return this.protocolError((err as Error).message);
    }
    const rest = Buffer.from(this.headBytes.subarray(end + 4));
    this.headBytes = Buffer.alloc(0);
    if (parsed.statusCode >= 200 && parsed.statusCode < 300) {
      if (parsed.headers['transfer-encoding'] !== undefined) {
        return this.protocolError('a GetObject body sent with Transfer-Encoding (S3 sends Content-Length)');
      }
      const length = contentLengthOf(parsed.headers);
      if (length === null) return this.protocolError('an unreadable Content-Length');
      this.phase = 'body';
      this.socket.setTimeout(0);
      this.body = new SocketBody(this.socket, length, rest);
      this.resolve({ ...parsed, body: this.body });
      // Paused until the reader drains the body.
      return false;
    }
    this.phase = 'error-body';
    this.error = new ErrorAnswer(parsed);
    return this.collect(rest);
  }

  /** An error answer is read whole (bounded), then handed to the SDK to parse like any other. */
  private collect(chunk: Buffer): boolean {
    const complete = this.error!.add(chunk);
    if (complete) this.answerError();
    return !complete;
  }

  private answerError(): void {
    if (this.phase === 'done') return;
    this.phase = 'done';
    this.socket.destroy();
    this.resolve(this.error!.response());
  }

  private onClose(err: Error | undefined): void {
    if (this.phase === 'body') return this.body!.onClose(err);
    if (this.phase === 'error-body' && !err) return this.answerError();
    if (this.phase === 'done') return;
    this.phase = 'done';
    // As Node's own client says it: the connection ended before an answer.
    this.reject(err ?? Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
  }

  private protocolError(problem: string): false {
    if (this.phase !== 'done') {
      this.phase = 'done';
      this.reject(new S3ProtocolError(`the store's answer is not readable HTTP/1.1: ${problem}`));
    }
    this.socket.destroy();
    return false;
  }
}

/**
 * The body of an answer other than 2xx, as it arrives: its framing (`Content-Length`, chunked, or up to the close)
 * is read once from the head, and at most {@link MAX_ERROR_BODY_BYTES} are kept.
 */
class ErrorAnswer {
  private readonly parts: Buffer[] = [];
  private bytes = 0;
  private readonly chunked: boolean;
  /** The announced length when it is one plain number (and the body is not chunked). */
  private readonly length: number | undefined;
  /** The last bytes seen, so that a chunked body's end is found across reads. */
  private tail = Buffer.alloc(0);

  constructor(private readonly head: { statusCode: number; reason: string; headers: Record<string, string> }) {
    this.chunked = /\bchunked\b/i.test(head.headers['transfer-encoding'] ?? '');
    const length = contentLengthOf(head.headers);
    this.length = !this.chunked && typeof length === 'number' ? length : undefined;
  }

  /** Keeps what fits of `chunk`; true once the body is complete (or the bound is reached). */
  add(chunk: Buffer): boolean {
    const part = Buffer.from(chunk.subarray(0, MAX_ERROR_BODY_BYTES - this.bytes));
    this.parts.push(part);
    this.bytes += part.length;
    const seen = Buffer.concat([this.tail, part]);
    this.tail = seen.subarray(Math.max(0, seen.length - (CHUNKED_END.length - 1)));
    return (
      (this.length !== undefined && this.bytes >= this.length) ||
      (this.chunked && seen.includes(CHUNKED_END)) ||
      this.bytes >= MAX_ERROR_BODY_BYTES ||
      this.head.statusCode === 204 ||
      this.head.statusCode === 304
    );
  }

  /** The answer for the SDK: its body de-chunked, or cut at its length. */
  response(): ReceivedResponse {
    const whole = Buffer.concat(this.parts);
    const body = this.chunked ? dechunk(whole) : this.length !== undefined ? whole.subarray(0, this.length) : whole;
    return { ...this.head, body: Readable.from(body.length > 0 ? [body] : []) };
  }
}

/** The end of a chunked body: the last chunk's line break, the zero-size chunk, and the empty trailer. */
const CHUNKED_END = '\r\n0\r\n\r\n';

/** The request's bytes: request line, the signed headers as the SDK set them, and `Connection: close`. */
function requestHead(request: SignedRequest): string {
  if (request.method !== 'GET')
    throw new S3ProtocolError(
      `the request cannot be sent as it is: only GET is read off the socket, not ${request.method.slice(0, 20)}`,
    );
  if (request.body !== undefined && request.body !== null && request.body !== '') {
    throw new S3ProtocolError('the request cannot be sent as it is: a GET with a body');
  }
  const query = queryString(request.query ?? {});
  const target = `${request.path}${query ? `?${query}` : ''}`;
  // The path comes from the SDK, already encoded; a space, a control character or a non-ASCII byte would split or
  // change the request line.
  if (!/^\/[\x21-\x7e]*$/.test(target))
    throw new S3ProtocolError('the request cannot be sent as it is: a path that is not encoded');
  const headers: Array<[string, string]> = Object.entries(request.headers);
  if (!headers.some(([name]) => name.toLowerCase() === 'host')) {
    const defaultPort = request.protocol === 'https:' ? 443 : 80;
    const port = request.port && request.port !== defaultPort ? `:${request.port}` : '';
    headers.push(['host', `${request.hostname}${port}`]);
  }
  const lines = [`GET ${target} HTTP/1.1`];
  for (const [name, value] of headers) {
    if (name.toLowerCase() === 'connection') continue;
    // Values such as If-Match come from an earlier answer of the store: one with a line break would add headers.
    if (!HEADER_NAME.test(name) || !/^[\t\x20-\x7e]*$/.test(String(value))) {
      throw new S3ProtocolError(
        `the request cannot be sent as it is: the header ${JSON.stringify(name.slice(0, 40))} holds a line break or a character outside printable ASCII`,
      );
    }
    lines.push(`${name}: ${value}`);
  }
  lines.push('connection: close');
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** The query as the SDK's own handler writes it: keys sorted, RFC 3986 encoding (the signature covers it). */
function queryString(query: NonNullable<SignedRequest['query']>): string {
  const parts: string[] = [];
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    const name = escapeUri(key);
    if (Array.isArray(value)) {
      for (const v of value) parts.push(`${name}=${escapeUri(v ?? '')}`);
    } else if (typeof value === 'string') {
      parts.push(`${name}=${escapeUri(value)}`);
    } else {
      parts.push(name);
    }
  }
  return parts.join('&');
}

function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Status line and header fields; duplicate fields are joined as HTTP allows. Throws on anything else. */
function parseHead(text: string): { statusCode: number; reason: string; headers: Record<string, string> } {
  const lines = text.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!status) throw new Error(`a status line "${(lines[0] ?? '').slice(0, 60)}"`);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const field = HEADER_FIELD.exec(line);
    if (!field) throw new Error(`a header line "${line.slice(0, 60)}"`);
    const name = field[1]!.toLowerCase();
    headers[name] = headers[name] === undefined ? field[2]! : `${headers[name]}, ${field[2]!}`;
  }
  return { statusCode: Number(status[1]), reason: status[2] ?? '', headers };
}

/** `Content-Length`: undefined when absent, null when not one plain number (several differing ones included). */
function contentLengthOf(headers: Record<string, string>): number | undefined | null {
  const raw = headers['content-length'];
  if (raw === undefined) return undefined;
  const values = new Set(raw.split(',').map((v) => v.trim()));
  if (values.size !== 1) return null;
  const [only] = values;
  return /^\d{1,15}$/.test(only!) ? Number(only) : null;
}

/** A chunked error body's data (bounded already); what cannot be decoded is returned as far as it went. */
function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at, 'latin1');
    if (eol === -1) break;
    const size = Number.parseInt(raw.subarray(at, eol).toString('latin1').split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size) || size <= 0) break;
    parts.push(raw.subarray(eol + 2, Math.min(raw.length, eol + 2 + size)));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
