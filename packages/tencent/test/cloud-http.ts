// A stand-in for the Tencent public HTTP endpoints (registration, HTTP publish, COS firmware and upload URLs)
// on a local node:http server, until the emulator's tencent plugin serves them. Records every request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A recorded request. */
export interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** The fake cloud. */
export interface CloudHttp {
  url: string;
  requests: Recorded[];
  /** Files served under /fw/<name>. */
  files: Map<string, Buffer>;
  /** Close the socket after this many body bytes of the next firmware GET. */
  cutNextAfter: number | undefined;
  /** Serve the next firmware GET with fewer bytes than announced (a truncated file with a matching Content-Length). */
  truncateNextTo: number | undefined;
  /** Status forced for firmware GETs. */
  forceStatus: number | undefined;
  /** Handler for POST routes. */
  post: Map<string, (req: Recorded) => { status?: number; body: string }>;
  close(): Promise<void>;
}

export async function startCloudHttp(): Promise<CloudHttp> {
  const cloud: CloudHttp = {
    url: '',
    requests: [],
    files: new Map(),
    cutNextAfter: undefined,
    truncateNextTo: undefined,
    forceStatus: undefined,
    post: new Map(),
    close: async () => undefined,
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      cloud.requests.push(rec);
      const path = (req.url ?? '').split('?')[0]!;
      if (req.method === 'GET' && path.startsWith('/fw/')) {
        if (cloud.forceStatus) {
          res.writeHead(cloud.forceStatus).end('nope');
          return;
        }
        let file = cloud.files.get(path.slice(4));
        if (!file) {
          res.writeHead(404).end('no such file');
          return;
        }
        if (cloud.truncateNextTo !== undefined) {
          file = file.subarray(0, cloud.truncateNextTo);
          cloud.truncateNextTo = undefined;
        }
        const m = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
        const start = m ? Number(m[1]) : 0;
        const end = m && m[2] ? Math.min(Number(m[2]), file.length - 1) : file.length - 1;
        const part = file.subarray(start, end + 1);
        res.writeHead(m ? 206 : 200, { 'content-length': String(part.length), ...(m ? { 'content-range': `bytes ${start}-${end}/${file.length}` } : {}) });
        const cut = cloud.cutNextAfter;
        if (cut !== undefined) {
          cloud.cutNextAfter = undefined;
          res.write(part.subarray(0, cut), () => setTimeout(() => res.socket?.destroy(), 20));
          return;
        }
        // send in slices so the client reads it in several chunks
        let off = 0;
        const pump = (): void => {
          while (off < part.length) {
            const ok = res.write(part.subarray(off, off + 4096));
            off += 4096;
            if (!ok) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        pump();
        return;
      }
      if (req.method === 'PUT' && path.startsWith('/upload/')) {
        res.writeHead(200, 'OK').end();
        return;
      }
      const h = cloud.post.get(path);
      if (req.method === 'POST' && h) {
        const out = h(rec);
        res.writeHead(out.status ?? 200, { 'content-type': 'application/json' }).end(out.body);
        return;
      }
      res.writeHead(404).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  cloud.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cloud.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return cloud;
}
