import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { upload } from '../../src/http/upload.js';
import type { TransferProgress } from '../../src/http/options.js';
import { startServer, testBytes, waitForNoSockets, type TestServer } from './server.js';

let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startServer();
  server.handle((_req, res, body) => res.writeHead(200, { 'Content-Type': 'application/json', ETag: '"abc"' }).end(JSON.stringify({ size: body.length })));
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'iot-core-ul-'));
  server.requests.length = 0;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('upload', () => {
  test('streams a file with PUT and Content-Length; the server receives identical bytes; progress ends at the total', async () => {
    const content = testBytes(700_000, 5);
    const file = path.join(dir, 'log.bin');
    writeFileSync(file, content);
    const events: TransferProgress[] = [];
    const r = await upload({ url: `${server.url}/put?sig=1`, source: file, headers: { 'Content-Type': 'application/octet-stream' }, onProgress: (p) => events.push(p) });
    expect(r.status).toBe(200);
    expect(r.headers.etag).toBe('"abc"');
    expect(JSON.parse(r.body)).toEqual({ size: content.length });
    const req = server.requests[0]!;
    expect(req.method).toBe('PUT');
    expect(req.url).toBe('/put?sig=1');
    expect(req.headers['content-length']).toBe(String(content.length));
    expect(req.headers['transfer-encoding']).toBeUndefined();
    expect(req.headers['content-type']).toBe('application/octet-stream');
    expect(req.body.equals(content)).toBe(true);
    expect(events.length).toBeGreaterThan(2);
    for (let i = 1; i < events.length; i++) expect(events[i]!.transferred).toBeGreaterThanOrEqual(events[i - 1]!.transferred);
    expect(events.at(-1)).toEqual({ transferred: content.length, total: content.length, percent: 100 });
    expect(await waitForNoSockets()).toBe(0);
  });

  test('uploads a Buffer with POST', async () => {
    const content = testBytes(150_000, 11);
    const r = await upload({ url: `${server.url}/post`, method: 'POST', source: content });
    expect(r.status).toBe(200);
    expect(server.requests[0]!.method).toBe('POST');
    expect(server.requests[0]!.headers['content-length']).toBe(String(content.length));
    expect(server.requests[0]!.body.equals(content)).toBe(true);
  });

  test('an empty file uploads with Content-Length 0', async () => {
    const file = path.join(dir, 'empty');
    writeFileSync(file, '');
    const events: TransferProgress[] = [];
    const r = await upload({ url: `${server.url}/e`, source: file, onProgress: (p) => events.push(p) });
    expect(r.status).toBe(200);
    expect(server.requests[0]!.headers['content-length']).toBe('0');
    expect(events.at(-1)).toEqual({ transferred: 0, total: 0, percent: 100 });
  });

  test('returns error statuses instead of throwing', async () => {
    const other = await startServer();
    other.handle((_req, res) => res.writeHead(403).end('<Error>AccessDenied</Error>'));
    try {
      const r = await upload({ url: `${other.url}/x`, source: Buffer.from('data') });
      expect(r).toMatchObject({ status: 403, body: '<Error>AccessDenied</Error>' });
    } finally {
      await other.close();
    }
  });

  test('a missing file rejects before any request', async () => {
    await expect(upload({ url: `${server.url}/x`, source: path.join(dir, 'nope') })).rejects.toMatchObject({ code: 'ENOENT' });
    expect(server.requests).toHaveLength(0);
  });

  test('abort rejects', async () => {
    const stall = await startServer();
    stall.handle(() => undefined); // never answers
    try {
      const ac = new AbortController();
      const p = upload({ url: `${stall.url}/x`, source: Buffer.from('data'), signal: ac.signal });
      setTimeout(() => ac.abort(), 50);
      await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      await stall.close();
    }
    expect(await waitForNoSockets()).toBe(0);
  });
});
