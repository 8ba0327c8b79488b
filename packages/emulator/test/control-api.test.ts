import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { Emulator, TraceEntry } from '../src/index.js';
import { DeviceRegistry } from '../src/index.js';
import { connackCode, device, http, nextMessage, startTestEmulator } from './helpers.js';

describe('HTTP control API', () => {
  let emu: Emulator;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'emu-ctl-'));
    emu = await startTestEmulator({ registry: path.join(dir, 'devices.json') });
  });
  afterAll(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('GET /trace returns what went over the wire, filtered; DELETE /trace clears', async () => {
    const c = await device(emu.mqttUrl, 'test-a', 'pw-a');
    try {
      await c.publishAsync('test/test-a/up', Buffer.from([0xff, 0x00, 0xfe]), { qos: 1 });
      await emu.trace.waitFor((e) => e.kind === 'publish' && e.clientId === 'test-a');
    } finally {
      await c.endAsync();
    }
    const all = await http(emu.httpUrl, 'GET', '/trace?clientId=test-a');
    expect(all.status).toBe(200);
    const entries = all.json as TraceEntry[];
    expect(entries.map((e) => e.kind).slice(0, 3)).toEqual(['connect', 'connack', 'subscribe']);
    expect(entries.every((e) => e.clientId === 'test-a')).toBe(true);
    const up = entries.find((e) => e.kind === 'publish')!;
    expect(up.payload).toBe('base64:/wD+');
    const last = entries.at(-1)!.seq;
    const byTopic = await http(emu.httpUrl, 'GET', `/trace?topic=${encodeURIComponent('test/+/up')}&kind=publish`);
    expect((byTopic.json as TraceEntry[]).map((e) => e.topic)).toEqual(['test/test-a/up']);
    const since = await http(emu.httpUrl, 'GET', `/trace?since=${last}&clientId=test-a`);
    expect(since.json).toEqual([]);
    expect((await http(emu.httpUrl, 'GET', '/trace?since=abc')).status).toBe(400);
    expect((await http(emu.httpUrl, 'GET', '/trace?kind=nope')).status).toBe(400);
    expect((await http(emu.httpUrl, 'DELETE', '/trace')).status).toBe(204);
    expect((await http(emu.httpUrl, 'GET', '/trace')).json).toEqual([]);
  });

  test('POST /control/publish injects a downlink that reaches a subscribed device', async () => {
    const c = await device(emu.mqttUrl, 'test-b', 'pw-b');
    try {
      await c.subscribeAsync('test/test-b/down', { qos: 1 });
      const msg = nextMessage(c, 'test/test-b/down');
      const r = await http(emu.httpUrl, 'POST', '/control/publish', { topic: 'test/test-b/down', payload: { method: 'control', params: { on: true } }, qos: 1 });
      expect(r.status).toBe(200);
      expect(JSON.parse((await msg).payload.toString())).toEqual({ method: 'control', params: { on: true } });
      const raw = nextMessage(c, 'test/test-b/down');
      await http(emu.httpUrl, 'POST', '/control/publish', { topic: 'test/test-b/down', payload: 'AQI=', encoding: 'base64' });
      expect([...(await raw).payload]).toEqual([1, 2]);
      const deliver = emu.trace.entries({ kind: 'deliver', clientId: 'test-b' });
      expect(deliver.map((e) => e.qos)).toEqual([1, 0]);
    } finally {
      await c.endAsync();
    }
  });

  test('POST /control/disconnect kicks a client; unknown clients give 404', async () => {
    const c = await device(emu.mqttUrl, 'test-a', 'pw-a');
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
    const r = await http(emu.httpUrl, 'POST', '/control/disconnect', { clientId: 'test-a' });
    expect(r.status).toBe(200);
    await closed;
    const d = await emu.trace.waitFor((e) => e.kind === 'disconnect' && e.clientId === 'test-a');
    expect(d.reason).toBe('kicked by the platform');
    expect((await http(emu.httpUrl, 'POST', '/control/disconnect', { clientId: 'test-a' })).status).toBe(404);
    c.end(true);
    expect((await http(emu.httpUrl, 'GET', '/control/clients')).json).toEqual([]);
  });

  test('registry over HTTP is persisted to the registry file and used for auth', async () => {
    const put = await http(emu.httpUrl, 'PUT', '/control/registry/test/test-new', { password: 'fresh' });
    expect(put.status).toBe(200);
    expect(await connackCode(emu.mqttUrl, 'test-new', 'fresh')).toBe(0);
    const got = await http(emu.httpUrl, 'GET', '/control/registry/test/test-new');
    expect(got.json).toEqual({ vendor: 'test', key: 'test-new', password: 'fresh' });
    const keyed = await http(emu.httpUrl, 'PUT', `/control/registry/aliyun/${encodeURIComponent('pk1/dev 1')}`, { deviceSecret: 's' });
    expect(keyed.json).toMatchObject({ vendor: 'aliyun', key: 'pk1/dev 1' });
    expect((await http(emu.httpUrl, 'GET', '/control/registry/aliyun/pk1/dev%201')).status).toBe(200);
    const file = JSON.parse(readFileSync(path.join(dir, 'devices.json'), 'utf8')) as { devices: { key: string }[] };
    expect(file.devices.map((d) => d.key)).toEqual(['test-a', 'test-b', 'test-new', 'pk1/dev 1']);
    const reloaded = new DeviceRegistry({ file: path.join(dir, 'devices.json') });
    expect(reloaded.get('test', 'test-new')?.['password']).toBe('fresh');
    expect((await http(emu.httpUrl, 'GET', '/control/registry/test')).json).toHaveLength(3);
    expect((await http(emu.httpUrl, 'DELETE', '/control/registry/test/test-new')).status).toBe(200);
    expect((await http(emu.httpUrl, 'DELETE', '/control/registry/test/test-new')).status).toBe(404);
    expect((await http(emu.httpUrl, 'GET', '/control/registry/test/test-new')).status).toBe(404);
    expect(await connackCode(emu.mqttUrl, 'test-new', 'fresh')).toBe(5);
  });

  test('malformed bodies get 400, unknown routes 404, wrong methods 405, and the emulator lives on', async () => {
    const bad: [string, string, string | Buffer][] = [
      ['POST', '/control/publish', '{"topic": '],
      ['POST', '/control/publish', ''],
      ['POST', '/control/publish', '[1,2]'],
      ['POST', '/control/publish', '{"topic":"a/#"}'],
      ['POST', '/control/publish', '{"topic":"a","qos":2}'],
      ['POST', '/control/disconnect', 'null'],
      ['PUT', '/control/registry/test/x', '"str"'],
      ['POST', '/control/faults', '{"cutDownloadAfterBytes":-1}'],
      ['POST', '/control/test/sys', Buffer.from([0xff, 0xfe, 0x00])],
    ];
    for (const [method, p, body] of bad) {
      const r = await http(emu.httpUrl, method, p, body, { 'content-type': 'application/json' });
      expect([method, p, r.status]).toEqual([method, p, 400]);
      expect(typeof (r.json as { error?: unknown }).error).toBe('string');
    }
    for (let i = 0; i < 100; i++) {
      const junk = Buffer.from(Array.from({ length: (i % 50) + 1 }, () => Math.floor(Math.random() * 256)));
      const r = await http(emu.httpUrl, 'POST', '/control/publish', junk);
      expect(r.status).toBe(400);
    }
    expect((await http(emu.httpUrl, 'GET', '/nope')).status).toBe(404);
    const wrong = await http(emu.httpUrl, 'PATCH', '/control/publish');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await http(emu.httpUrl, 'GET', '/control/registry/test/%E0%A4%A')).status).toBe(400);
    // a raw garbage request line
    const answer = await new Promise<string>((resolve) => {
      const url = new URL(emu.httpUrl);
      const s = connect(Number(url.port), url.hostname, () => s.write('\x00\x01garbage\r\n\r\n'));
      let data = '';
      s.on('data', (d) => (data += d.toString()));
      s.on('close', () => resolve(data));
      s.on('error', () => resolve(data));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect((await http(emu.httpUrl, 'GET', '/test/hello')).json).toEqual({ hello: 'world', clients: 0 });
  });

  test('an oversized body gets 413', async () => {
    const small = await startTestEmulator({ maxHttpBodyBytes: 1024 });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${small.httpUrl}/control/publish`, { method: 'POST' }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(Buffer.alloc(4096, 0x61));
      });
      expect(status).toBe(413);
    } finally {
      await small.close();
    }
  });

  test('plugin routes are served and traced as http entries with their vendor', async () => {
    const c = await device(emu.mqttUrl, 'test-b', 'pw-b');
    try {
      const msg = nextMessage(c, 'test/test-b/sys');
      const r = await http(emu.httpUrl, 'POST', '/control/test/sys', { clientId: 'test-b', payload: { ping: 1 } });
      expect(r.status).toBe(200);
      expect(JSON.parse((await msg).payload.toString())).toEqual({ ping: 1 });
      const h = emu.trace.entries({ kind: 'http', vendor: 'test' }).at(-1)!;
      expect(h).toMatchObject({ method: 'POST', path: '/control/test/sys', status: 200 });
      expect(JSON.parse(h.payload!)).toEqual({ clientId: 'test-b', payload: { ping: 1 } });
    } finally {
      await c.endAsync();
    }
  });
});
