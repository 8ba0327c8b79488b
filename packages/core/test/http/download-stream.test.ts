import { openDownloadStream, parseContentRange } from '../../src/http/download-stream.js';
import { HttpStatusError } from '../../src/http/errors.js';
import { serveFile, startServer, testBytes, waitForNoSockets, type TestServer } from './server.js';

const FILE = testBytes(100_000, 3);
let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

async function readAll(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c);
  return Buffer.concat(chunks);
}

describe('openDownloadStream', () => {
  test('whole file: status 200, total from Content-Length, offset 0', async () => {
    server.handle(serveFile(FILE));
    const s = await openDownloadStream({ url: `${server.url}/f` });
    expect(s).toMatchObject({ status: 200, total: FILE.length, offset: 0, length: FILE.length });
    expect((await readAll(s.body)).equals(FILE)).toBe(true);
    expect(await waitForNoSockets()).toBe(0);
  });

  test('from an offset: Range header sent, 206, total from Content-Range', async () => {
    server.handle(serveFile(FILE));
    const s = await openDownloadStream({ url: `${server.url}/f`, offset: 40_000, headers: { 'X-Trace': 'abc' } });
    expect(server.requests[0]!.headers.range).toBe('bytes=40000-');
    expect(server.requests[0]!.headers['x-trace']).toBe('abc');
    expect(s).toMatchObject({ status: 206, total: FILE.length, offset: 40_000, length: FILE.length - 40_000 });
    expect((await readAll(s.body)).equals(FILE.subarray(40_000))).toBe(true);
  });

  test('a server ignoring Range reports offset 0', async () => {
    server.handle(serveFile(FILE, { ignoreRange: true }));
    const s = await openDownloadStream({ url: `${server.url}/f`, offset: 10 });
    expect(s).toMatchObject({ status: 200, offset: 0, total: FILE.length });
    s.close();
    expect(await waitForNoSockets()).toBe(0);
  });

  test('close() before reading releases the connection; the body then cannot be read', async () => {
    server.handle(serveFile(FILE));
    const s = await openDownloadStream({ url: `${server.url}/f` });
    s.close();
    s.close();
    expect(await waitForNoSockets()).toBe(0);
  });

  test('breaking out of the loop releases the connection', async () => {
    server.handle(serveFile(testBytes(2_000_000, 9)));
    const s = await openDownloadStream({ url: `${server.url}/f` });
    let got = 0;
    for await (const c of s.body) {
      got += c.length;
      break;
    }
    expect(got).toBeGreaterThan(0);
    expect(await waitForNoSockets()).toBe(0);
  });

  test('the body can be iterated only once', async () => {
    server.handle(serveFile(FILE));
    const s = await openDownloadStream({ url: `${server.url}/f` });
    await readAll(s.body);
    await expect(readAll(s.body)).rejects.toThrow(/only be read once/);
  });

  test('error statuses reject with HttpStatusError carrying body and headers', async () => {
    server.handle(serveFile(FILE));
    const err = await openDownloadStream({ url: `${server.url}/f`, offset: FILE.length }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err).toMatchObject({ status: 416 });
    expect((err as HttpStatusError).headers['content-range']).toBe(`bytes */${FILE.length}`);
    server.handle((_req, res) => res.writeHead(503).end('busy'));
    await expect(openDownloadStream({ url: `${server.url}/f` })).rejects.toMatchObject({ status: 503, body: 'busy' });
    expect(await waitForNoSockets()).toBe(0);
  });

  test('connection refused rejects', async () => {
    const probe = await startServer();
    const url = probe.url;
    await probe.close();
    await expect(openDownloadStream({ url: `${url}/f`, timeoutMs: 2000 })).rejects.toThrow();
  });

  test('invalid offset is a RangeError', async () => {
    await expect(openDownloadStream({ url: `${server.url}/f`, offset: -1 })).rejects.toBeInstanceOf(RangeError);
    await expect(openDownloadStream({ url: `${server.url}/f`, offset: 1.5 })).rejects.toBeInstanceOf(RangeError);
  });
});

describe('parseContentRange', () => {
  test.each([
    ['bytes 0-99/200', { start: 0, end: 99, total: 200 }],
    ['bytes 100-199/*', { start: 100, end: 199, total: undefined }],
    ['bytes */1234', { start: undefined, end: undefined, total: 1234 }],
  ])('%s', (value, expected) => {
    expect(parseContentRange(value)).toEqual(expected);
  });

  test('garbage is undefined', () => {
    expect(parseContentRange('items 1-2/3')).toBeUndefined();
    expect(parseContentRange(undefined)).toBeUndefined();
  });
});
