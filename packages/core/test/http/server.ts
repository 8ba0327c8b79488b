/**
 * A real node:http(s) server for the HTTP tests: records every request (headers and body) and
 * answers through a handler chosen per test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void;

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  /** Replaces the handler for the next requests. */
  handle(h: Handler): void;
  close(): Promise<void>;
}

export async function startServer(tls?: { cert: string; key: string }): Promise<TestServer> {
  let handler: Handler = (_req, res) => {
    res.writeHead(500).end('no handler');
  };
  const requests: RecordedRequest[] = [];
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  };
  const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, onRequest) : http.createServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://${tls ? 'localhost' : '127.0.0.1'}:${port}`,
    requests,
    handle(h: Handler) {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves `content` honouring `Range: bytes=N-` with 206 / 416, like a static file server. */
export function serveFile(content: Buffer, opts: { ignoreRange?: boolean } = {}): Handler {
  return (req, res) => {
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && !opts.ignoreRange) {
      const start = Number(range[1]);
      if (start >= content.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${content.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'Content-Range': `bytes ${start}-${content.length - 1}/${content.length}`,
        'Content-Length': content.length - start,
      });
      res.end(content.subarray(start));
      return;
    }
    res.writeHead(200, { 'Content-Length': content.length, 'Content-Type': 'application/octet-stream' });
    res.end(content);
  };
}

/** Deterministic pseudo-random bytes. */
export function testBytes(length: number, seed = 1): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A self-signed certificate for localhost/127.0.0.1 made with the openssl CLI. */
export function selfSignedCert(): { cert: string; key: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'iot-core-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '2',
        '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'pipe' },
    );
    return { cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8'), key: readFileSync(path.join(dir, 'key.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits until no TCP socket is open in this process any more (the client side was closed). */
export async function waitForNoSockets(timeoutMs = 2000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let open = 0;
  for (;;) {
    open = process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TLSWrap').length;
    if (open === 0 || Date.now() > deadline) return open;
    await new Promise((r) => setTimeout(r, 10));
  }
}
