import { encodeForm, httpRequest, postForm, postJson } from '../../src/http/request.js';
import { HttpTimeoutError } from '../../src/http/errors.js';
import { startServer, waitForNoSockets, type TestServer } from './server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.handle((req, res, body) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': ['a=1', 'b=2'] });
    res.end(JSON.stringify({ method: req.method, got: body.toString('utf8') }));
  });
});

describe('postJson', () => {
  test('sends JSON with Content-Type and Content-Length, parses the reply', async () => {
    const r = await postJson(`${server.url}/api`, { ProductId: 'ABCDEFGHIJ', DeviceName: 'dev1' });
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.body.toString()).toBe('{"ProductId":"ABCDEFGHIJ","DeviceName":"dev1"}');
    expect(req.headers['content-length']).toBe(String(req.body.length));
    expect(r.status).toBe(200);
    expect(r.headers['set-cookie']).toBe('a=1, b=2');
    expect(r.json).toEqual({ method: 'POST', got: '{"ProductId":"ABCDEFGHIJ","DeviceName":"dev1"}' });
    expect(await waitForNoSockets()).toBe(0);
  });

  test('a string body is sent verbatim and headers override the defaults', async () => {
    const raw = '{"a": 1, "b": [1, 2]}';
    await postJson(`${server.url}/api`, raw, { headers: { 'content-type': 'application/json; charset=utf-8', 'X-TC-Nonce': '123456789' } });
    const req = server.requests[0]!;
    expect(req.body.toString()).toBe(raw);
    expect(req.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(req.headers['x-tc-nonce']).toBe('123456789');
  });

  test('a non-JSON reply gives json undefined', async () => {
    server.handle((_req, res) => res.writeHead(502).end('<html>bad gateway</html>'));
    const r = await postJson(`${server.url}/api`, {});
    expect(r).toMatchObject({ status: 502, body: '<html>bad gateway</html>', json: undefined });
  });

  test('an unserialisable body is a TypeError', async () => {
    await expect(postJson(`${server.url}/api`, undefined)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('postForm', () => {
  test('encodes fields in order like Python urlencode', async () => {
    const fields = { productKey: 'a1Pk', deviceName: 'dev 01', random: 'AbC~*!', sign: 'x+y/z=', signMethod: 'hmacsha256', 温度: '中' };
    const r = await postForm(`${server.url}/auth/register/device`, fields);
    const req = server.requests[0]!;
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.body.toString()).toBe(
      'productKey=a1Pk&deviceName=dev+01&random=AbC~%2A%21&sign=x%2By%2Fz%3D&signMethod=hmacsha256&%E6%B8%A9%E5%BA%A6=%E4%B8%AD',
    );
    expect(Object.fromEntries(new URLSearchParams(req.body.toString()))).toEqual(fields);
    expect(r.json).toMatchObject({ method: 'POST' });
  });

  test('encodeForm escapes the characters Python escapes', () => {
    expect(encodeForm({ k: "a b'()*!~-._" })).toBe('k=a+b%27%28%29%2A%21~-._');
    expect(encodeForm({})).toBe('');
  });
});

describe('httpRequest', () => {
  test('any method, body verbatim, whatever the status', async () => {
    server.handle((req, res, body) => res.writeHead(418).end(`${req.method} ${body.toString()}`));
    const r = await httpRequest(`${server.url}/x`, { method: 'delete', body: Buffer.from('bye') });
    expect(r).toMatchObject({ status: 418, body: 'DELETE bye' });
    const g = await httpRequest(`${server.url}/x`, { method: 'GET', headers: { Accept: 'text/plain' } });
    expect(server.requests[1]!.headers.accept).toBe('text/plain');
    expect(g.body).toBe('GET ');
  });

  test('a response over maxResponseBytes is a RangeError', async () => {
    server.handle((_req, res) => res.end(Buffer.alloc(10_000)));
    await expect(httpRequest(`${server.url}/big`, { method: 'GET', maxResponseBytes: 1000 })).rejects.toBeInstanceOf(RangeError);
    expect(await waitForNoSockets()).toBe(0);
  });

  test('a server that never answers hits the headers timeout', async () => {
    server.handle(() => undefined);
    const err = await httpRequest(`${server.url}/slow`, { method: 'GET', timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpTimeoutError);
    expect(err).toMatchObject({ phase: 'headers' });
    expect(await waitForNoSockets()).toBe(0);
  });

  test('abort rejects with AbortError', async () => {
    server.handle(() => undefined);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    await expect(httpRequest(`${server.url}/slow`, { method: 'GET', signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('bad input is rejected', async () => {
    await expect(httpRequest('not a url', { method: 'GET' })).rejects.toBeInstanceOf(TypeError);
    await expect(httpRequest(`${server.url}/x`, { method: 'GE T' })).rejects.toBeInstanceOf(TypeError);
    await expect(httpRequest(`${server.url}/x`, { method: 'GET', timeoutMs: 0 })).rejects.toBeInstanceOf(RangeError);
    expect(server.requests).toHaveLength(0);
  });
});
