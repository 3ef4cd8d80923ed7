/**
 * A loopback HTTP proxy that injects faults in front of a test server (the loopback Jira or GitHub): each request
 * whose path matches a scripted fault gets that fault instead of the upstream's answer; everything else is passed
 * through unchanged. Faults: never answer (timeout), reset the connection, answer 200 with malformed JSON, answer a
 * status (429 with Retry-After, 5xx) with the upstream's error body shape.
 *
 * Requests are recorded by path and outcome only, never with their headers (they carry credentials).
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'malformed'; body?: string }
  | { kind: 'status'; status: number; retryAfter?: string; body?: unknown };

interface Scripted {
  fault: Fault;
  /** How many matching requests get it (Infinity: all). */
  remaining: number;
  match: RegExp;
}

export interface FaultProxy {
  url: string;
  /** Injects `fault` into the next `count` requests whose path matches `match` (default: every request). */
  inject(fault: Fault, count?: number, match?: RegExp): void;
  /** Removes every scripted fault. */
  clear(): void;
  /** Paths requested and what they got (`fault:<kind>` or the upstream status). */
  log: Array<{ method: string; path: string; outcome: string }>;
  close(): Promise<void>;
}

/** Starts a fault-injecting proxy on 127.0.0.1 in front of `upstream` (a base URL). */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const script: Scripted[] = [];
  const log: FaultProxy['log'] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const scripted = script.find((s) => s.remaining > 0 && s.match.test(path));
    if (scripted) {
      scripted.remaining--;
      const f = scripted.fault;
      log.push({ method: req.method ?? 'GET', path, outcome: `fault:${f.kind}` });
      req.resume();
      switch (f.kind) {
        case 'hang':
          return; // the socket is destroyed on close()
        case 'reset':
          req.socket.destroy();
          return;
        case 'malformed': {
          const body = f.body ?? '{"key": "MLGOV-123", "fields": {"status": ';
          res.writeHead(200, {
            'content-type': 'application/json;charset=UTF-8',
            'content-length': Buffer.byteLength(body),
          });
          res.end(body);
          return;
        }
        case 'status': {
          const body = JSON.stringify(
            f.body ?? { errorMessages: [`injected ${f.status}`], errors: {}, message: `injected ${f.status}` },
          );
          res.writeHead(f.status, {
            'content-type': 'application/json;charset=UTF-8',
            'content-length': Buffer.byteLength(body),
            ...(f.retryAfter !== undefined ? { 'retry-after': f.retryAfter } : {}),
          });
          res.end(body);
          return;
        }
      }
    }
    const upstreamReq = httpRequest(
      {
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: target.pathname.replace(/\/+$/, '') + (req.url ?? '/'),
        headers: { ...req.headers, host: target.host },
      },
      (up) => {
        log.push({ method: req.method ?? 'GET', path, outcome: String(up.statusCode) });
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstreamReq.on('error', () => res.destroy());
    req.pipe(upstreamReq);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    inject(fault, count = Infinity, match = /./) {
      script.push({ fault, remaining: count, match });
    },
    clear() {
      script.length = 0;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
