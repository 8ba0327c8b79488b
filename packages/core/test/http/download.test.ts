import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { download } from '../../src/http/download.js';
import { HttpStatusError, HttpTimeoutError, IncompleteDownloadError, IntegrityError } from '../../src/http/errors.js';
import type { TransferProgress } from '../../src/http/options.js';
import { serveFile, startServer, testBytes, waitForNoSockets, type TestServer } from './server.js';

const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const FILE = testBytes(300_000, 7);

let server: TestServer;
let dir: string;
let dest: string;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'iot-core-dl-'));
  dest = path.join(dir, 'firmware.bin');
  server.requests.length = 0;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Sends the first `cut` bytes of `content` with the full Content-Length, then drops the connection. */
function cutAfter(content: Buffer, cut: number) {
  return serveCut(content, cut, (res) => res.socket?.destroy());
}

function serveCut(content: Buffer, cut: number, end: (res: import('node:http').ServerResponse) => void) {
  return (_req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'Content-Length': content.length });
    res.write(content.subarray(0, cut), () => setTimeout(() => end(res), 20));
  };
}

describe('download', () => {
  test('downloads the whole file, verifying md5 and sha256, and leaves no .part and no open socket', async () => {
    server.handle(serveFile(FILE));
    const r = await download({ url: `${server.url}/fw.bin`, dest, md5: md5(FILE).toUpperCase(), sha256: sha256(FILE) });
    expect(r).toEqual({ path: dest, bytes: FILE.length, md5: md5(FILE), sha256: sha256(FILE), resumedFrom: 0 });
    expect(readFileSync(dest).equals(FILE)).toBe(true);
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers.range).toBeUndefined();
    expect(await waitForNoSockets()).toBe(0);
  });

  test('progress events are monotonic and end at the total', async () => {
    server.handle(serveFile(FILE));
    const events: TransferProgress[] = [];
    await download({ url: `${server.url}/fw.bin`, dest, onProgress: (p) => events.push(p) });
    expect(events.length).toBeGreaterThan(2);
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.transferred).toBeGreaterThanOrEqual(events[i - 1]!.transferred);
      expect(events[i]!.percent!).toBeGreaterThanOrEqual(events[i - 1]!.percent!);
    }
    expect(events.every((e) => e.total === FILE.length)).toBe(true);
    expect(events[0]!.transferred).toBe(0);
    expect(events.at(-1)).toEqual({ transferred: FILE.length, total: FILE.length, percent: 100 });
  });

  test('a throwing progress callback does not break the download', async () => {
    server.handle(serveFile(FILE));
    const r = await download({
      url: `${server.url}/fw.bin`,
      dest,
      onProgress: () => {
        throw new Error('listener bug');
      },
    });
    expect(r.bytes).toBe(FILE.length);
  });

  test('a connection cut mid-file keeps the .part; the next call resumes from its end with a Range request', async () => {
    const cut = 120_000;
    server.handle(cutAfter(FILE, cut));
    const err = await download({ url: `${server.url}/fw.bin`, dest, sha256: sha256(FILE) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IncompleteDownloadError);
    expect((err as IncompleteDownloadError).expected).toBe(FILE.length);
    const kept = (err as IncompleteDownloadError).received;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(cut);
    expect(existsSync(dest)).toBe(false);
    expect(readFileSync(`${dest}.part`).equals(FILE.subarray(0, kept))).toBe(true);

    server.handle(serveFile(FILE));
    const events: TransferProgress[] = [];
    const r = await download({ url: `${server.url}/fw.bin`, dest, md5: md5(FILE), sha256: sha256(FILE), onProgress: (p) => events.push(p) });
    expect(server.requests.at(-1)!.headers.range).toBe(`bytes=${kept}-`);
    expect(r.resumedFrom).toBe(kept);
    expect(r.bytes).toBe(FILE.length);
    expect(r.sha256).toBe(sha256(FILE));
    expect(readFileSync(dest).equals(FILE)).toBe(true);
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(events[0]!.transferred).toBe(kept);
    expect(events.at(-1)!.transferred).toBe(FILE.length);
  });

  test('sha256 mismatch (tampered file) throws IntegrityError and leaves neither the file nor the .part', async () => {
    const tampered = Buffer.from(FILE);
    tampered[1000] ^= 0xff;
    server.handle(serveFile(tampered));
    const err = await download({ url: `${server.url}/fw.bin`, dest, sha256: sha256(FILE) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrityError);
    expect(err).toMatchObject({ algorithm: 'sha256', expected: sha256(FILE), actual: sha256(tampered) });
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  test('md5 mismatch throws IntegrityError', async () => {
    server.handle(serveFile(FILE));
    const err = await download({ url: `${server.url}/fw.bin`, dest, md5: '0'.repeat(32) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'IntegrityError', algorithm: 'md5', actual: md5(FILE) });
    expect(existsSync(dest)).toBe(false);
  });

  test('a body shorter than its Content-Length (server ends the connection) is an error and leaves no file', async () => {
    server.handle(serveCut(FILE, 1000, (res) => res.socket?.end()));
    const err = await download({ url: `${server.url}/fw.bin`, dest }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IncompleteDownloadError);
    expect(existsSync(dest)).toBe(false);
  });

  test('a 206 whose Content-Range total is larger than what arrives is incomplete', async () => {
    writeFileSync(`${dest}.part`, FILE.subarray(0, 100));
    server.handle((_req, res) => {
      // Claims the file is 500 bytes long, then sends only up to byte 299.
      res.writeHead(206, { 'Content-Range': 'bytes 100-299/500', 'Content-Length': 200 });
      res.end(FILE.subarray(100, 300));
    });
    const err = await download({ url: `${server.url}/fw.bin`, dest }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IncompleteDownloadError);
    expect(err).toMatchObject({ received: 300, expected: 500 });
    expect(existsSync(dest)).toBe(false);
    expect(readFileSync(`${dest}.part`).equals(FILE.subarray(0, 300))).toBe(true);
  });

  test('416 on a .part that already holds the whole file finishes it without a transfer', async () => {
    writeFileSync(`${dest}.part`, FILE);
    server.handle(serveFile(FILE));
    const r = await download({ url: `${server.url}/fw.bin`, dest, md5: md5(FILE) });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers.range).toBe(`bytes=${FILE.length}-`);
    expect(r).toMatchObject({ bytes: FILE.length, resumedFrom: FILE.length, md5: md5(FILE) });
    expect(readFileSync(dest).equals(FILE)).toBe(true);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  test('416 on a .part longer than the file starts over', async () => {
    writeFileSync(`${dest}.part`, Buffer.concat([FILE, Buffer.from('junk')]));
    server.handle(serveFile(FILE));
    const r = await download({ url: `${server.url}/fw.bin`, dest, sha256: sha256(FILE) });
    expect(server.requests.map((q) => q.headers.range)).toEqual([`bytes=${FILE.length + 4}-`, undefined]);
    expect(r.resumedFrom).toBe(0);
    expect(readFileSync(dest).equals(FILE)).toBe(true);
  });

  test('a resumed .part with corrupt content fails the digest, and the .part is dropped', async () => {
    const bad = Buffer.from(FILE.subarray(0, 5000));
    bad[10] ^= 1;
    writeFileSync(`${dest}.part`, bad);
    server.handle(serveFile(FILE));
    await expect(download({ url: `${server.url}/fw.bin`, dest, sha256: sha256(FILE) })).rejects.toBeInstanceOf(IntegrityError);
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  test('a server that ignores Range (200) restarts the file from byte 0', async () => {
    writeFileSync(`${dest}.part`, Buffer.from('stale bytes that must be discarded'));
    server.handle(serveFile(FILE, { ignoreRange: true }));
    const r = await download({ url: `${server.url}/fw.bin`, dest, md5: md5(FILE) });
    expect(server.requests[0]!.headers.range).toBe('bytes=34-');
    expect(r.resumedFrom).toBe(0);
    expect(readFileSync(dest).equals(FILE)).toBe(true);
  });

  test('resume: false ignores an existing .part', async () => {
    writeFileSync(`${dest}.part`, FILE.subarray(0, 10));
    server.handle(serveFile(FILE));
    const r = await download({ url: `${server.url}/fw.bin`, dest, resume: false });
    expect(server.requests[0]!.headers.range).toBeUndefined();
    expect(r.resumedFrom).toBe(0);
    expect(readFileSync(dest).equals(FILE)).toBe(true);
  });

  test('abort during the transfer rejects, keeps the .part and leaves no file', async () => {
    server.handle(serveCut(FILE, 50_000, () => undefined)); // sends part of the body, then stalls
    const ac = new AbortController();
    const err = await download({
      url: `${server.url}/fw.bin`,
      dest,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.transferred > 0) ac.abort();
      },
    }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(true);
    expect(await waitForNoSockets()).toBe(0);
  });

  test('an already aborted signal rejects before any request', async () => {
    server.handle(serveFile(FILE));
    await expect(download({ url: `${server.url}/fw.bin`, dest, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests).toHaveLength(0);
  });

  test('a server that stalls mid-body hits the inactivity timeout', async () => {
    server.handle(serveCut(FILE, 10_000, () => undefined));
    const err = await download({ url: `${server.url}/fw.bin`, dest, timeoutMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpTimeoutError);
    expect(err).toMatchObject({ phase: 'body', timeoutMs: 150 });
    expect(existsSync(dest)).toBe(false);
    expect(await waitForNoSockets()).toBe(0);
  });

  test('an error status throws HttpStatusError without the query string in the message', async () => {
    server.handle((_req, res) => res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such firmware'));
    const err = await download({ url: `${server.url}/fw.bin?Signature=secret123`, dest }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err).toMatchObject({ status: 404, body: 'no such firmware' });
    expect((err as Error).message).not.toContain('secret123');
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  test('redirects are followed', async () => {
    server.handle((req, res) => {
      if (req.url === '/old') res.writeHead(302, { Location: '/new' }).end();
      else serveFile(FILE)(req, res, Buffer.alloc(0));
    });
    const r = await download({ url: `${server.url}/old`, dest, md5: md5(FILE) });
    expect(r.bytes).toBe(FILE.length);
    expect(server.requests.map((q) => q.url)).toEqual(['/old', '/new']);
  });

  test('an empty file downloads', async () => {
    server.handle(serveFile(Buffer.alloc(0)));
    const r = await download({ url: `${server.url}/empty`, dest, md5: md5(Buffer.alloc(0)) });
    expect(r.bytes).toBe(0);
    expect(readFileSync(dest).length).toBe(0);
  });

  test('bad options are rejected before any request', async () => {
    await expect(download({ url: `${server.url}/x`, dest, md5: 'xyz' })).rejects.toBeInstanceOf(TypeError);
    await expect(download({ url: `${server.url}/x`, dest, sha256: md5(FILE) })).rejects.toBeInstanceOf(TypeError);
    await expect(download({ url: 'ftp://example.com/x', dest })).rejects.toBeInstanceOf(TypeError);
    expect(server.requests).toHaveLength(0);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });
});
