import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HttpResponse } from '../plugin.js';
import type { Platform } from '../platform.js';
import { HttpError } from './http-error.js';
import type { FaultInjector } from './faults.js';
import { makeRequest, type Router } from './router.js';
import { serveFiles } from './file-server.js';

/** Settings of the emulator's HTTP server. @internal */
export interface HttpServerOptions {
  router: Router;
  faults: FaultInjector;
  /** Requests wait for this (plugin setup). */
  ready: Promise<void>;
  /** Largest accepted request body (413 above), 64 MiB by default. */
  maxBodyBytes?: number;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function write(res: ServerResponse, method: string, out: HttpResponse): number {
  const status = out.status ?? 200;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(out.headers ?? {})) headers[k.toLowerCase()] = v;
  let body: Buffer;
  if (out.body === undefined || out.body === null) body = Buffer.alloc(0);
  else if (Buffer.isBuffer(out.body)) {
    body = out.body;
    headers['content-type'] ??= 'application/octet-stream';
  } else if (typeof out.body === 'string') {
    body = Buffer.from(out.body, 'utf8');
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else {
    body = Buffer.from(JSON.stringify(out.body), 'utf8');
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  if (status !== 204 && status !== 304) headers['content-length'] = String(body.length);
  res.writeHead(status, headers);
  res.end(method === 'HEAD' || status === 204 || status === 304 ? undefined : body);
  return status;
}

/**
 * Creates (does not start) the HTTP server: `/files`, built-in control routes and plugin routes.
 * Never lets a handler error escape: HttpError → its status, anything else → 500 (traced).
 * @internal
 */
export function createHttpServer(platform: Platform, opts: HttpServerOptions): Server {
  const max = opts.maxBodyBytes ?? 64 * 1024 * 1024;
  const { trace, log } = platform;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await opts.ready;
    const method = (req.method ?? 'GET').toUpperCase();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://emulator.invalid');
    } catch {
      write(res, method, { status: 400, body: { error: 'bad request target' } });
      return;
    }
    const path = url.pathname;
    const quiet = path === '/trace';
    let vendor = '';
    let status = 500;
    let body: Buffer = Buffer.alloc(0);
    try {
      try {
        body = await readBody(req, max);
      } catch (err) {
        if (err instanceof BodyTooLarge) {
          status = write(res, method, { status: 413, headers: { connection: 'close' }, body: { error: `request body larger than ${max} bytes` } });
          return;
        }
        throw err;
      }
      if (path === '/files' || path.startsWith('/files/')) {
        status = serveFiles(req, res, path === '/files' ? '' : path.slice('/files/'.length), body, platform.files, opts.faults);
        return;
      }
      const m = opts.router.match(method, path);
      if (!m) {
        status = write(res, method, { status: 404, body: { error: `no route for ${method} ${path}` } });
        return;
      }
      if ('allow' in m) {
        status = write(res, method, { status: 405, headers: { allow: m.allow.join(', ') }, body: { error: `method ${method} not allowed on ${path}` } });
        return;
      }
      vendor = m.route.vendor;
      const request = makeRequest(method, path, url.searchParams, req.headers, body, m.params);
      const out = await m.route.handler(request);
      status = write(res, method, out ?? {});
    } catch (err) {
      if (err instanceof HttpError) {
        status = write(res, method, { status: err.status, body: { error: err.message } });
      } else {
        const reason = `${method} ${path} failed: ${err instanceof Error ? err.message : String(err)}`;
        trace.record({ kind: 'error', clientId: '', vendor: vendor || undefined, reason });
        log.warn(reason);
        if (!res.headersSent) status = write(res, method, { status: 500, body: { error: reason } });
        else res.destroy();
      }
    } finally {
      if (!quiet) {
        trace.record({ kind: 'http', clientId: '', vendor: vendor || undefined, method, path, status, payload: vendor && body.length > 0 ? body : undefined });
      }
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.warn(`HTTP handler crashed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  return server;
}
