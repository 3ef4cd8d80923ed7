/**
 * The streamed GetObject's transport (src/adapters/s3-socket-read.ts) against loopback servers that write exact bytes:
 * a plain TCP server scripted per test (how the head and body are cut into writes, what is wrong with them), and a
 * TLS server with a certificate made for the test. The whole store over it is tested with the loopback S3 in
 * s3-object-store.test.ts; here are the HTTP/1.1 edges that server cannot produce.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import {
  S3ProtocolError,
  SocketBody,
  SocketReadHandler,
  type SignedRequest,
} from '../../src/adapters/s3-socket-read.js';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

interface Scripted {
  port: number;
  /** Each request's head as received, in order. */
  requests: string[];
  /** Connections accepted so far. */
  connections: number;
  /** Sockets the server saw close. */
  closed: number;
  close(): Promise<void>;
}

/** A TCP server that reads one request head per connection, then lets the test answer on the raw socket. */
async function scripted(answer: (socket: Socket, head: string) => void, listen?: () => Server): Promise<Scripted> {
  const state = { requests: [] as string[], connections: 0, closed: 0 };
  const sockets = new Set<Socket>();
  const onSocket = (socket: Socket): void => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => {
      state.closed += 1;
      sockets.delete(socket);
    });
    socket.on('error', () => undefined);
    let head = '';
    const onData = (d: Buffer): void => {
      head += d.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      state.requests.push(head.slice(0, end));
      answer(socket, head.slice(0, end));
    };
    socket.on('data', onData);
  };
  const server = listen ? listen() : createServer();
  server.on(listen ? 'secureConnection' : 'connection', onSocket);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    get requests() {
      return state.requests;
    },
    get connections() {
      return state.connections;
    },
    get closed() {
      return state.closed;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function request(port: number, extra: Partial<SignedRequest> = {}): SignedRequest {
  return {
    method: 'GET',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    path: '/models/fraud/model.bin',
    query: { versionId: 'v+1/=', 'x-id': 'GetObject' },
    headers: {
      host: `127.0.0.1:${port}`,
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIATEST/20261201',
      'if-match': '"e1"',
    },
    ...extra,
  };
}

const handler = (overrides: Partial<ConstructorParameters<typeof SocketReadHandler>[0]> = {}): SocketReadHandler =>
  new SocketReadHandler({ connectionTimeout: 2_000, requestTimeout: 2_000, ...overrides });

/** Writes `parts` one after another, each after the previous was flushed, with a pause between (separate reads). */
function writeInParts(socket: Socket, parts: Buffer[], then?: () => void): void {
  const next = (i: number): void => {
    if (i === parts.length) return then?.();
    socket.write(parts[i]!, () => setTimeout(() => next(i + 1), 2));
  };
  next(0);
}

const okHead = (length: number, extra = ''): Buffer =>
  Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${length}\r\nETag: "e1"\r\nx-amz-version-id: v+1/=\r\n${extra}\r\n`);

let servers: Scripted[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function serve(answer: (socket: Socket, head: string) => void, listen?: () => Server): Promise<Scripted> {
  const s = await scripted(answer, listen);
  servers.push(s);
  return s;
}

describe('the request as the SDK signed it', () => {
  it('sends the request line with the query encoded as the SDK encodes it, the signed headers, and Connection: close', async () => {
    const server = await serve((socket) => socket.end(Buffer.concat([okHead(2), Buffer.from('ok')])));
    const { response } = await handler().handle(request(server.port));
    await (response.body as SocketBody).drain(() => undefined);
    const lines = server.requests[0]!.split('\r\n');
    expect(lines[0]).toBe('GET /models/fraud/model.bin?versionId=v%2B1%2F%3D&x-id=GetObject HTTP/1.1');
    expect(lines.slice(1)).toEqual([
      `host: 127.0.0.1:${server.port}`,
      'authorization: AWS4-HMAC-SHA256 Credential=AKIATEST/20261201',
      'if-match: "e1"',
      'connection: close',
    ]);
  });

  it('never sends a header value with a line break (a value from an earlier answer cannot add headers)', async () => {
    const server = await serve((socket) => socket.end(okHead(0)));
    const req = request(server.port, { headers: { host: 'x', 'if-match': '"e1"\r\nx-amz-injected: 1' } });
    const err = await handler()
      .handle(req)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3ProtocolError);
    expect((err as Error).message).toBe(
      'the request cannot be sent as it is: the header "if-match" holds a line break or a character outside printable ASCII',
    );
    expect(server.connections).toBe(0);
  });

  it('refuses a path that is not encoded, and anything but a GET', async () => {
    const server = await serve((socket) => socket.end(okHead(0)));
    await expect(handler().handle(request(server.port, { path: '/models/a b' }))).rejects.toThrow(
      'the request cannot be sent as it is: a path that is not encoded',
    );
    await expect(handler().handle(request(server.port, { method: 'PUT' }))).rejects.toThrow(
      'the request cannot be sent as it is: only GET is read off the socket, not PUT',
    );
    expect(server.connections).toBe(0);
  });
});

describe('the body, off the socket', () => {
  it('hands over every byte, with the head and the body cut across many reads', async () => {
    const body = randomBytes(3 * 1024 * 1024 + 17);
    const head = okHead(body.length);
    const server = await serve((socket) =>
      writeInParts(socket, [
        head.subarray(0, 20),
        head.subarray(20),
        body.subarray(0, 5),
        body.subarray(5, 2 * 1024 * 1024),
        body.subarray(2 * 1024 * 1024),
      ]),
    );
    const { response } = await handler().handle(request(server.port));
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'content-length': String(body.length),
      etag: '"e1"',
      'x-amz-version-id': 'v+1/=',
    });
    const hash = createHash('sha256');
    let reads = 0;
    await (response.body as SocketBody).drain((chunk) => {
      reads += 1;
      hash.update(chunk);
      return undefined;
    });
    expect(hash.digest('hex')).toBe(sha256(body));
    expect(reads).toBeGreaterThan(1);
  });

  it('keeps a chunk intact while the reader asks to wait: the socket pauses, the buffer is not reused', async () => {
    const body = randomBytes(8 * 1024 * 1024);
    const server = await serve((socket) => socket.end(Buffer.concat([okHead(body.length), body])));
    const { response } = await handler().handle(request(server.port));
    const hash = createHash('sha256');
    // Every chunk is hashed only after a pause, from the view the reader was given.
    await (response.body as SocketBody).drain(
      (chunk) => new Promise<void>((resolve) => setTimeout(() => resolve(void hash.update(chunk)), 1)),
    );
    expect(hash.digest('hex')).toBe(sha256(body));
  });

  it('read as an ordinary stream, it yields copies of the bytes', async () => {
    const body = randomBytes(2 * 1024 * 1024 + 3);
    const server = await serve((socket) => writeInParts(socket, [okHead(body.length), body], () => socket.end()));
    const { response } = await handler().handle(request(server.port));
    const chunks: Buffer[] = [];
    for await (const chunk of response.body) chunks.push(chunk as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(body));
  });

  it('ends at Content-Length even when the store keeps the connection open, and closes it', async () => {
    const server = await serve((socket) => socket.write(Buffer.concat([okHead(5), Buffer.from('hello')])));
    const { response } = await handler().handle(request(server.port));
    const got: Buffer[] = [];
    await (response.body as SocketBody).drain((c) => void got.push(Buffer.from(c)));
    expect(Buffer.concat(got).toString()).toBe('hello');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.closed).toBe(1);
  });

  it('never hands over bytes after Content-Length, whether they come in the same read or later', async () => {
    const server = await serve((socket) =>
      writeInParts(socket, [Buffer.concat([okHead(5), Buffer.from('helloEXTRA')]), Buffer.from('MORE')], () =>
        socket.end(),
      ),
    );
    const { response } = await handler().handle(request(server.port));
    const got: Buffer[] = [];
    await (response.body as SocketBody).drain((c) => void got.push(Buffer.from(c)));
    expect(Buffer.concat(got).toString()).toBe('hello');
  });

  it('a connection reset mid-body rejects the drain with ECONNRESET; a clean close ends it short', async () => {
    const reset = await serve((socket) =>
      writeInParts(socket, [okHead(1000), Buffer.alloc(400)], () => socket.resetAndDestroy()),
    );
    let received = 0;
    const { response } = await handler().handle(request(reset.port));
    const err = await (response.body as SocketBody).drain((c) => void (received += c.length)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ECONNRESET' });
    expect(received).toBe(400);

    const short = await serve((socket) => writeInParts(socket, [okHead(1000), Buffer.alloc(400)], () => socket.end()));
    received = 0;
    const again = await handler().handle(request(short.port));
    await (again.response.body as SocketBody).drain((c) => void (received += c.length));
    // The reader compares with the size it expected: 400 of 1000 is its "truncated".
    expect(received).toBe(400);
  });

  it('an error thrown by the reader ends the read with that error and closes the connection', async () => {
    const server = await serve((socket) => socket.write(Buffer.concat([okHead(1_000_000), Buffer.alloc(1000)])));
    const { response } = await handler().handle(request(server.port));
    await expect(
      (response.body as SocketBody).drain(() => {
        throw new Error('the reader refused the bytes');
      }),
    ).rejects.toThrow('the reader refused the bytes');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.closed).toBe(1);
  });

  it('destroying the body (the reader’s idle watchdog) rejects the drain with that error, and nothing is left unhandled', async () => {
    const server = await serve((socket) => socket.write(Buffer.concat([okHead(1_000_000), Buffer.alloc(1000)])));
    const { response } = await handler().handle(request(server.port));
    const body = response.body as SocketBody;
    const drained = body.drain(() => undefined);
    setTimeout(() => body.destroy(Object.assign(new Error('no data'), { code: 'ETIMEDOUT' })), 20);
    await expect(drained).rejects.toMatchObject({ message: 'no data', code: 'ETIMEDOUT' });
  });
});

describe('answers that are not S3’s or not HTTP/1.1 fail closed', () => {
  it('an error answer is read whole and handed back de-chunked, for the SDK to parse as S3’s error', async () => {
    const xml = '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';
    const server = await serve((socket) =>
      writeInParts(
        socket,
        [
          Buffer.from('HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nTransfer-Encoding: chunked\r\n\r\n'),
          Buffer.from(`${(20).toString(16)}\r\n${xml.slice(0, 20)}\r\n`),
          Buffer.from(`${(xml.length - 20).toString(16)}\r\n${xml.slice(20)}\r\n0\r\n\r\n`),
        ],
        () => undefined,
      ),
    );
    const { response } = await handler().handle(request(server.port));
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toBeInstanceOf(SocketBody);
    const chunks: Buffer[] = [];
    for await (const c of response.body) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe(xml);
  });

  it('an error answer with a Content-Length is cut there', async () => {
    const server = await serve((socket) =>
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nNoSuchKeyTRAILING'),
    );
    const { response } = await handler().handle(request(server.port));
    const chunks: Buffer[] = [];
    for await (const c of response.body) chunks.push(c as Buffer);
    expect([response.statusCode, Buffer.concat(chunks).toString()]).toEqual([404, 'NoSuchKey']);
  });

  it.each([
    [
      'a 2xx body with Transfer-Encoding',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
      'a GetObject body sent with Transfer-Encoding (S3 sends Content-Length)',
    ],
    [
      'two different Content-Length values',
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!',
      'an unreadable Content-Length',
    ],
    [
      'a Content-Length that is not a number',
      'HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\nhello',
      'an unreadable Content-Length',
    ],
    ['a status line of another protocol', 'ICY 200 OK\r\n\r\n', 'a status line "ICY 200 OK"'],
    [
      'a folded header line',
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n  folded\r\n\r\nhello',
      'a header line "  folded"',
    ],
  ])('%s', async (_what, answer, problem) => {
    const server = await serve((socket) => socket.end(answer));
    const err = await handler()
      .handle(request(server.port))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3ProtocolError);
    expect((err as Error).message).toBe(`the store's answer is not readable HTTP/1.1: ${problem}`);
  });

  it('a response head over 64 KiB', async () => {
    const server = await serve((socket) =>
      socket.write(`HTTP/1.1 200 OK\r\nx-amz-meta-big: ${'a'.repeat(70 * 1024)}\r\n`),
    );
    await expect(handler().handle(request(server.port))).rejects.toThrow(
      "the store's answer is not readable HTTP/1.1: a response head over 65536 bytes",
    );
  });

  it('a connection closed before any answer is ECONNRESET, as Node’s own client says it', async () => {
    const server = await serve((socket) => socket.end());
    await expect(handler().handle(request(server.port))).rejects.toMatchObject({
      message: 'socket hang up',
      code: 'ECONNRESET',
    });
  });

  it('no answer within the request timeout is ETIMEDOUT, not a hang', async () => {
    const server = await serve(() => undefined);
    await expect(handler({ requestTimeout: 100 }).handle(request(server.port))).rejects.toMatchObject({
      code: 'ETIMEDOUT',
      name: 'TimeoutError',
    });
  });

  it('a closed port is the socket’s own ECONNREFUSED', async () => {
    const server = await serve(() => undefined);
    const port = server.port;
    await server.close();
    servers = [];
    await expect(handler().handle(request(port))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('https endpoints', () => {
  let dir: string;
  let key: string;
  let cert: string;
  beforeAll(() => {
    // A certificate for this test only, made here: nothing secret is kept in the repository.
    dir = mkdtempSync(join(tmpdir(), 'mlgov-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-days',
        '2',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'pipe' },
    );
    key = readFileSync(join(dir, 'key.pem'), 'utf8');
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the body over TLS, checking the certificate against the trusted CAs', async () => {
    const body = randomBytes(2 * 1024 * 1024 + 5);
    const server = await serve(
      (socket) => writeInParts(socket, [okHead(body.length), body]),
      () => createTlsServer({ key, cert }),
    );
    const req = request(server.port, { protocol: 'https:', hostname: 'localhost', headers: { host: 'localhost' } });
    const { response } = await handler({ ca: cert }).handle(req);
    const hash = createHash('sha256');
    await (response.body as SocketBody).drain((c) => void hash.update(c));
    expect(hash.digest('hex')).toBe(sha256(body));
    expect(server.requests[0]!.split('\r\n')[0]).toBe(
      'GET /models/fraud/model.bin?versionId=v%2B1%2F%3D&x-id=GetObject HTTP/1.1',
    );
  });

  it('refuses a certificate no trusted CA signed: no byte of the request is sent', async () => {
    const server = await serve(
      (socket) => socket.end(okHead(0)),
      () => createTlsServer({ key, cert }),
    );
    const req = request(server.port, { protocol: 'https:', hostname: 'localhost', headers: { host: 'localhost' } });
    await expect(handler().handle(req)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(server.requests).toEqual([]);
  });
});
