import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Emulator } from '../src/index.js';
import { FileNameError, FileStore } from '../src/index.js';
import { http, startTestEmulator } from './helpers.js';

/** Raw GET that reports how many body bytes arrived before the socket ended. */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer; aborted: boolean; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let aborted = false;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('aborted', () => (aborted = true));
      res.on('error', () => (aborted = true));
      res.on('close', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), aborted: aborted || !res.complete, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('file hosting with Range and faults', () => {
  let emu: Emulator;
  const data = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 251));
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  test('PUT stores a file with digests; GET serves it whole', async () => {
    const put = await http(emu.httpUrl, 'PUT', '/files/fw/v2.bin', data);
    expect(put.status).toBe(201);
    expect(put.json).toMatchObject({
      name: 'fw/v2.bin',
      size: 10_000,
      md5: createHash('md5').update(data).digest('hex'),
      sha256: createHash('sha256').update(data).digest('hex'),
      url: `${emu.httpUrl}/files/fw/v2.bin`,
    });
    expect(emu.files.info('fw/v2.bin')?.md5).toBe(createHash('md5').update(data).digest('hex'));
    const r = await rawGet(`${emu.httpUrl}/files/fw/v2.bin`);
    expect(r.status).toBe(200);
    expect(r.headers['accept-ranges']).toBe('bytes');
    expect(r.headers['content-length']).toBe('10000');
    expect(r.body.equals(data)).toBe(true);
    expect((await http(emu.httpUrl, 'GET', '/files')).json).toEqual([expect.objectContaining({ name: 'fw/v2.bin', size: 10_000 })]);
  });

  test('Range requests get 206 with the right bytes and Content-Range', async () => {
    const url = `${emu.httpUrl}/files/fw/v2.bin`;
    const mid = await rawGet(url, { range: 'bytes=100-199' });
    expect(mid.status).toBe(206);
    expect(mid.headers['content-range']).toBe('bytes 100-199/10000');
    expect(mid.body.equals(data.subarray(100, 200))).toBe(true);
    const open = await rawGet(url, { range: 'bytes=9990-' });
    expect(open.headers['content-range']).toBe('bytes 9990-9999/10000');
    expect(open.body.equals(data.subarray(9990))).toBe(true);
    const suffix = await rawGet(url, { range: 'bytes=-5' });
    expect(suffix.body.equals(data.subarray(9995))).toBe(true);
    const clamp = await rawGet(url, { range: 'bytes=9999-20000' });
    expect(clamp.headers['content-range']).toBe('bytes 9999-9999/10000');
    const etag = String(mid.headers['etag']);
    const stale = await rawGet(url, { range: 'bytes=0-9', 'if-range': '"other"' });
    expect(stale.status).toBe(200);
    const fresh = await rawGet(url, { range: 'bytes=0-9', 'if-range': etag });
    expect(fresh.status).toBe(206);
    expect((await rawGet(url, { 'if-none-match': etag })).status).toBe(304);
  });

  test('unsatisfiable ranges get 416; HEAD has headers only; missing files 404', async () => {
    const url = `${emu.httpUrl}/files/fw/v2.bin`;
    const r = await rawGet(url, { range: 'bytes=10000-' });
    expect(r.status).toBe(416);
    expect(r.headers['content-range']).toBe('bytes */10000');
    const head = await new Promise<{ status: number; headers: Record<string, unknown>; bytes: number }>((resolve, reject) => {
      const req = request(url, { method: 'HEAD', agent: false, headers: { range: 'bytes=0-99' } }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(head).toMatchObject({ status: 206, bytes: 0 });
    expect(head.headers['content-length']).toBe('100');
    expect((await rawGet(`${emu.httpUrl}/files/none.bin`)).status).toBe(404);
    expect((await http(emu.httpUrl, 'PUT', '/files/..%2Fescape', 'x')).status).toBe(400);
  });

  test('POST /control/faults cuts the next download after N bytes, once', async () => {
    const f = await http(emu.httpUrl, 'POST', '/control/faults', { cutDownloadAfterBytes: 1234 });
    expect(f.json).toEqual({ cutDownloadAfterBytes: 1234, once: true });
    const cut = await rawGet(`${emu.httpUrl}/files/fw/v2.bin`);
    expect(cut.aborted).toBe(true);
    expect(cut.body.length).toBe(1234);
    expect(cut.body.equals(data.subarray(0, 1234))).toBe(true);
    const resumed = await rawGet(`${emu.httpUrl}/files/fw/v2.bin`, { range: `bytes=${cut.body.length}-` });
    expect(resumed.status).toBe(206);
    expect(Buffer.concat([cut.body, resumed.body]).equals(data)).toBe(true);
    await http(emu.httpUrl, 'POST', '/control/faults', { cutDownloadAfterBytes: 10, once: false });
    expect((await rawGet(`${emu.httpUrl}/files/fw/v2.bin`)).body.length).toBe(10);
    expect((await rawGet(`${emu.httpUrl}/files/fw/v2.bin`)).body.length).toBe(10);
    expect((await http(emu.httpUrl, 'DELETE', '/control/faults')).status).toBe(204);
    expect((await rawGet(`${emu.httpUrl}/files/fw/v2.bin`)).body.length).toBe(10_000);
  });
});

describe('FileStore', () => {
  test('a directory store serves existing files and writes new ones', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emu-files-'));
    try {
      writeFileSync(path.join(dir, 'pre.bin'), 'abc');
      const store = new FileStore({ dir });
      store.setBaseUrl('http://h:1/');
      expect(store.get('pre.bin')?.md5).toBe(createHash('md5').update('abc').digest('hex'));
      store.put('sub/new.txt', 'hello');
      expect(new FileStore({ dir }).get('sub/new.txt')?.data.toString()).toBe('hello');
      expect(store.list().map((f) => f.name)).toEqual(['pre.bin', 'sub/new.txt']);
      expect(store.url('sub/new.txt')).toBe('http://h:1/files/sub/new.txt');
      expect(store.delete('pre.bin')).toBe(true);
      expect(store.has('pre.bin')).toBe(false);
      expect(() => store.put('../x', 'no')).toThrow(FileNameError);
      expect(() => store.put('/abs', 'no')).toThrow(FileNameError);
      expect(store.get('../../etc/passwd')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
