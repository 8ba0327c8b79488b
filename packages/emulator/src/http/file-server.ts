import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FileStore } from '../files.js';
import { FileNameError } from '../files.js';
import type { FaultInjector } from './faults.js';

/** A byte range `[start, end]` (inclusive), or `unsatisfiable`, or undefined to serve the whole file. */
type RangeResult = { start: number; end: number } | 'unsatisfiable' | undefined;

/**
 * Parses a single-range `Range: bytes=...` header against a file size.
 * Multi-range and malformed headers are ignored (RFC 9110 §14.2 lets a server do that).
 * @internal
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (!header) return undefined;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return undefined;
  const [, a, b] = m;
  if (a === '' && b === '') return undefined;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (b !== '' && Number(b) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

function send(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
}

/**
 * Serves `/files` (list), `PUT/GET/HEAD/DELETE /files/<name>` with Range support and the
 * download-cut fault. Writes the response itself.
 * @returns the status sent
 * @internal
 */
export function serveFiles(req: IncomingMessage, res: ServerResponse, rawName: string, body: Buffer, files: FileStore, faults: FaultInjector): number {
  const method = req.method ?? 'GET';
  if (rawName === '') {
    if (method !== 'GET') {
      res.setHeader('allow', 'GET');
      send(res, 405, { error: 'method not allowed' });
      return 405;
    }
    send(res, 200, files.list());
    return 200;
  }
  let name: string;
  try {
    name = rawName.split('/').map(decodeURIComponent).join('/');
  } catch {
    send(res, 400, { error: 'bad percent-encoding in file name' });
    return 400;
  }
  if (method === 'PUT') {
    try {
      const info = files.put(name, body);
      send(res, 201, { ...info, url: files.url(name) });
      return 201;
    } catch (err) {
      if (err instanceof FileNameError) {
        send(res, 400, { error: err.message });
        return 400;
      }
      throw err;
    }
  }
  if (method === 'DELETE') {
    const ok = files.delete(name);
    send(res, ok ? 200 : 404, ok ? { deleted: name } : { error: `no file ${name}` });
    return ok ? 200 : 404;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD, PUT, DELETE');
    send(res, 405, { error: 'method not allowed' });
    return 405;
  }
  const file = files.get(name);
  if (!file) {
    send(res, 404, { error: `no file ${name}` });
    return 404;
  }
  const common: Record<string, string | number> = {
    'accept-ranges': 'bytes',
    etag: file.etag,
    'last-modified': file.mtime.toUTCString(),
    'content-type': 'application/octet-stream',
    'x-content-md5': file.md5,
    'x-content-sha256': file.sha256,
  };
  const inm = req.headers['if-none-match'];
  if (inm && inm.split(',').some((t) => t.trim() === file.etag || t.trim() === '*')) {
    res.writeHead(304, common).end();
    return 304;
  }
  const ifRange = req.headers['if-range'];
  let range = parseRange(req.headers.range, file.size);
  if (ifRange && ifRange !== file.etag) range = undefined;
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...common, 'content-range': `bytes */${file.size}`, 'content-length': 0 }).end();
    return 416;
  }
  const start = range ? range.start : 0;
  const end = range ? range.end : file.size - 1;
  const status = range ? 206 : 200;
  const headers: Record<string, string | number> = { ...common, 'content-length': Math.max(0, end - start + 1) };
  if (range) headers['content-range'] = `bytes ${start}-${end}/${file.size}`;
  res.writeHead(status, headers);
  if (method === 'HEAD') {
    res.end();
    return status;
  }
  const slice = file.data.subarray(start, end + 1);
  const fault = faults.takeForDownload();
  if (fault && fault.cutDownloadAfterBytes < slice.length) {
    const head = slice.subarray(0, Math.max(0, fault.cutDownloadAfterBytes));
    const cut = (): void => {
      res.destroy();
      req.socket.destroy();
    };
    if (head.length > 0) res.write(head, () => setImmediate(cut));
    else {
      res.flushHeaders();
      setImmediate(cut);
    }
    return status;
  }
  res.end(slice);
  return status;
}
