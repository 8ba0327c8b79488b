import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { download } from '../../src/http/download.js';
import { postJson } from '../../src/http/request.js';
import { upload } from '../../src/http/upload.js';
import { selfSignedCert, serveFile, startServer, testBytes, waitForNoSockets, type TestServer } from './server.js';

const FILE = testBytes(50_000, 13);
let server: TestServer;
let cert: { cert: string; key: string };
let dir: string;

beforeAll(async () => {
  cert = selfSignedCert();
  server = await startServer(cert);
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'iot-core-tls-'));
  server.requests.length = 0;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('HTTPS with a self-signed certificate', () => {
  test('the certificate is rejected by default (rejectUnauthorized true) and no file is left', async () => {
    server.handle(serveFile(FILE));
    const dest = path.join(dir, 'a.bin');
    const err = await download({ url: `${server.url}/f`, dest }).catch((e: unknown) => e);
    // node's TLS errors come from another realm under jest, so check the code rather than the class
    expect(String((err as { code?: string }).code)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
    await expect(postJson(`${server.url}/j`, {}, { tls: { rejectUnauthorized: true } })).rejects.toThrow();
    expect(server.requests).toHaveLength(0);
    expect(await waitForNoSockets()).toBe(0);
  });

  test('trusting the certificate as ca makes download, upload and postJson succeed', async () => {
    server.handle(serveFile(FILE));
    const dest = path.join(dir, 'b.bin');
    const r = await download({ url: `${server.url}/f`, dest, tls: { ca: cert.cert }, sha256: createHash('sha256').update(FILE).digest('hex') });
    expect(r.bytes).toBe(FILE.length);
    expect(readFileSync(dest).equals(FILE)).toBe(true);

    server.handle((_req, res, body) => res.end(JSON.stringify({ n: body.length })));
    const up = await upload({ url: `${server.url}/u`, source: FILE, tls: { ca: Buffer.from(cert.cert) } });
    expect(JSON.parse(up.body)).toEqual({ n: FILE.length });
    const j = await postJson(`${server.url}/j`, { a: 1 }, { tls: { ca: cert.cert } });
    expect(j.json).toEqual({ n: 7 });
    expect(await waitForNoSockets()).toBe(0);
  });

  test('rejectUnauthorized false skips verification', async () => {
    server.handle((_req, res) => res.end('{"ok":true}'));
    const j = await postJson(`${server.url}/j`, {}, { tls: { rejectUnauthorized: false } });
    expect(j.json).toEqual({ ok: true });
  });

  test('a ca that did not sign the certificate is rejected', async () => {
    const other = selfSignedCert();
    await expect(postJson(`${server.url}/j`, {}, { tls: { ca: other.cert } })).rejects.toThrow();
  });
});
