import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../../src/index.js';
import type { TencentPlugin } from '../../../src/vendors/tencent/index.js';
import { connectDevice, DN, http, nextOn, PID, pyDumps, request, SECRET, startTencent } from './helpers.js';

describe('tencent NTP, custom topics, shadow, RRPC, broadcast', () => {
  let emu: Emulator;
  let dev: MqttClient;
  beforeAll(async () => {
    emu = await startTencent();
    emu.registry.put({ vendor: 'tencent', key: `${PID}/dev2`, productId: PID, deviceName: 'dev2', deviceSecret: SECRET });
    dev = await connectDevice(emu.mqttUrl, PID, DN, SECRET);
  });
  afterAll(async () => {
    await dev.endAsync();
    await emu.close();
  });

  test('NTP: time request on $sys gets {type, time, ntptime1, ntptime2} on the result topic', async () => {
    await dev.subscribeAsync(`$sys/operation/result/${PID}/${DN}`, { qos: 0 });
    const before = Date.now();
    const r = await request(dev, `$sys/operation/result/${PID}/${DN}`, () => dev.publishAsync(`$sys/operation/${PID}/${DN}`, pyDumps({ type: 'get', resource: ['time'] })));
    const j = r.json as { type: string; time: number; ntptime1: number; ntptime2: number };
    expect(Object.keys(j)).toEqual(['type', 'time', 'ntptime1', 'ntptime2']);
    expect(j.type).toBe('get');
    expect(j.ntptime1).toBeGreaterThanOrEqual(before);
    expect(j.ntptime2).toBeGreaterThanOrEqual(j.ntptime1);
    expect(j.time).toBe(Math.floor(j.ntptime1 / 1000));
    expect(r.text).not.toContain(' ');
    // clock offset from the control API
    expect((await http(emu.httpUrl, 'POST', '/control/tencent/time', { offsetMs: 3_600_000 })).status).toBe(200);
    const r2 = await request(dev, `$sys/operation/result/${PID}/${DN}`, () => dev.publishAsync(`$sys/operation/${PID}/${DN}`, pyDumps({ type: 'get', resource: ['time'] })));
    expect((r2.json as { ntptime1: number }).ntptime1).toBeGreaterThan(Date.now() + 3_500_000);
    await http(emu.httpUrl, 'POST', '/control/tencent/time', { offsetMs: 0 });
  });

  test('custom topics: a device own <pid>/<dn>/... topics round-trip through the broker, and console downlink through the control route', async () => {
    const dev2 = await connectDevice(emu.mqttUrl, PID, 'dev2', SECRET);
    try {
      await dev.subscribeAsync(`${PID}/${DN}/control`, { qos: 1 });
      const got = await request(dev, `${PID}/${DN}/control`, () => http(emu.httpUrl, 'POST', `/control/tencent/publish/${PID}/${DN}`, { payload: { action: 'come_home' }, qos: 1 }));
      expect(got.json).toEqual({ action: 'come_home' });
      await dev2.subscribeAsync(`${PID}/dev2/data`, { qos: 0 });
      const seen = nextOn(dev2, `${PID}/dev2/data`);
      await dev2.publishAsync(`${PID}/dev2/data`, pyDumps('plain text'), { qos: 1 });
      expect((await seen).text).toBe('"plain text"');
      const bad = await http(emu.httpUrl, 'POST', `/control/tencent/publish/${PID}/${DN}`, { topic: `${PID}/dev2/control`, payload: 'x' });
      expect(bad.status).toBe(400);
    } finally {
      await dev2.endAsync();
    }
  });

  test('shadow: get, update (changed fields echoed, version++), delta push from desired, version conflict, delete', async () => {
    const result = `$shadow/operation/result/${PID}/${DN}`;
    const up = `$shadow/operation/${PID}/${DN}`;
    await dev.subscribeAsync(result, { qos: 0 });
    const g0 = await request(dev, result, () => dev.publishAsync(up, pyDumps({ type: 'get', clientToken: `${PID}-0` })));
    expect(g0.json).toMatchObject({ clientToken: `${PID}-0`, payload: { state: { reported: {} }, version: 0 }, result: 0, type: 'get' });
    expect(Object.keys(g0.json as object)).toEqual(['clientToken', 'payload', 'result', 'timestamp', 'type']);

    const u1 = await request(dev, result, () => dev.publishAsync(up, pyDumps({ type: 'update', state: { reported: { updateCount: 3, name: 'shadow' } }, clientToken: `${PID}-1` })));
    expect(u1.json).toMatchObject({ clientToken: `${PID}-1`, payload: { state: { reported: { updateCount: 3, name: 'shadow' } }, version: 1 }, result: 0, type: 'update' });
    const u1j = u1.json as { timestamp: number; payload: { timestamp: number } };
    expect(u1j.timestamp).toBe(u1j.payload.timestamp);
    const u2 = await request(dev, result, () => dev.publishAsync(up, pyDumps({ type: 'update', state: { reported: { updateCount: 4, name: 'shadow' } }, clientToken: `${PID}-2` })));
    expect((u2.json as { payload: unknown }).payload).toMatchObject({ state: { reported: { updateCount: 4 } }, version: 2 });
    expect(JSON.stringify((u2.json as { payload: { state: object } }).payload.state)).toBe('{"reported":{"updateCount":4}}');

    // desired from the control API → delta push
    const delta = nextOn(dev, result);
    const set = await http(emu.httpUrl, 'POST', `/control/tencent/shadow/${PID}/${DN}/desired`, { state: { updateCount: 10, color: 'red' }, version: 2 });
    expect(set.status).toBe(200);
    const d = await delta;
    expect(d.json).toMatchObject({ payload: { state: { updateCount: 10, color: 'red' }, version: 3 }, type: 'delta' });
    expect(Object.keys(d.json as object)).toEqual(['payload', 'timestamp', 'type']);
    expect((await http(emu.httpUrl, 'POST', `/control/tencent/shadow/${PID}/${DN}/desired`, { state: { color: 'blue' }, version: 1 })).status).toBe(409);

    const g1 = await request(dev, result, () => dev.publishAsync(up, pyDumps({ type: 'get', clientToken: `${PID}-3` })));
    expect((g1.json as { payload: unknown }).payload).toMatchObject({ state: { delta: { updateCount: 10, color: 'red' }, desired: { updateCount: 10, color: 'red' }, reported: { updateCount: 4, name: 'shadow' } }, version: 3 });

    // version conflict from the device
    const bad = await request(dev, result, () => dev.publishAsync(up, pyDumps({ type: 'update', state: { reported: { updateCount: 10 } }, version: 1, clientToken: `${PID}-4` })));
    expect(bad.json).toMatchObject({ clientToken: `${PID}-4`, result: 5005, type: 'update' });
    const ok = await request(dev, result, () => dev.publishAsync(up, pyDumps({ type: 'update', state: { reported: { updateCount: 10, color: 'red' } }, version: 3, clientToken: `${PID}-5` })));
    expect(ok.json).toMatchObject({ result: 0, payload: { version: 4 } });
    // reset desired like shadowJsonConstructDesireAllNull
    const cleared = await request(dev, result, () => dev.publishAsync(up, pyDumps({ type: 'update', state: { desired: null }, clientToken: `${PID}-6` })));
    expect(cleared.json).toMatchObject({ result: 0, payload: { state: { desired: null }, version: 5 } });
    const snap = await http(emu.httpUrl, 'GET', `/control/tencent/shadow/${PID}/${DN}`);
    expect(snap.json).toEqual({ state: { reported: { updateCount: 10, name: 'shadow', color: 'red' } }, timestamp: expect.any(Number), version: 5 });

    const del = await request(dev, result, () => dev.publishAsync(up, pyDumps({ type: 'delete', clientToken: `${PID}-7` })));
    expect(del.json).toMatchObject({ clientToken: `${PID}-7`, result: 0, type: 'delete', payload: { version: 6 } });
    const junk = await request(dev, result, () => dev.publishAsync(up, 'not json'));
    expect(junk.json).toMatchObject({ result: 5000 });
    const unknown = await request(dev, result, () => dev.publishAsync(up, pyDumps({ type: 'frobnicate', clientToken: 7 })));
    expect(unknown.json).toMatchObject({ clientToken: '7', result: 5000, type: 'frobnicate' });
  });

  test('RRPC: the control route publishes on $rrpc/rxd/.../<processId> and returns the device reply', async () => {
    await dev.subscribeAsync(`$rrpc/rxd/${PID}/${DN}/+`, { qos: 0 });
    const onReq = (topic: string, payload: Buffer): void => {
      if (!topic.startsWith('$rrpc/rxd/')) return;
      expect(payload.toString()).toBe('{"payload":"rrpc test"}');
      const processId = topic.split('/').at(-1)!;
      void dev.publishAsync(`$rrpc/txd/${PID}/${DN}/${processId}`, pyDumps('ok'));
    };
    dev.on('message', onReq);
    try {
      const r = await http(emu.httpUrl, 'POST', `/control/tencent/rrpc/${PID}/${DN}`, { payload: { payload: 'rrpc test' } });
      expect(r.status).toBe(200);
      const j = r.json as { processId: string; topic: string; payload: string; json: unknown };
      expect(j.topic).toBe(`$rrpc/txd/${PID}/${DN}/${j.processId}`);
      expect(j.payload).toBe('"ok"');
      expect(j.json).toBe('ok');
    } finally {
      dev.off('message', onReq);
    }
    const t = await http(emu.httpUrl, 'POST', `/control/tencent/rrpc/${PID}/${DN}`, { payload: 'x', timeoutMs: 150 });
    expect(t.status).toBe(504);
    expect((t.json as { error: string }).error).toContain('did not answer');
  });

  test('broadcast reaches every device of the product', async () => {
    const dev2 = await connectDevice(emu.mqttUrl, PID, 'dev2', SECRET);
    try {
      await dev.subscribeAsync(`$broadcast/rxd/${PID}/${DN}`, { qos: 0 });
      await dev2.subscribeAsync(`$broadcast/rxd/${PID}/dev2`, { qos: 0 });
      const a = nextOn(dev, `$broadcast/rxd/${PID}/${DN}`);
      const b = nextOn(dev2, `$broadcast/rxd/${PID}/dev2`);
      const r = await http(emu.httpUrl, 'POST', `/control/tencent/broadcast/${PID}`, { payload: { payload: 'broadcast test' } });
      expect((r.json as { topics: string[] }).topics).toEqual([`$broadcast/rxd/${PID}/${DN}`, `$broadcast/rxd/${PID}/dev2`]);
      expect((await a).text).toBe('{"payload":"broadcast test"}');
      expect((await b).text).toBe('{"payload":"broadcast test"}');
    } finally {
      await dev2.endAsync();
    }
  });

  test('fuzz: random bytes and JSON shapes on every uplink topic never break the plugin', async () => {
    const plugin = emu.plugin<TencentPlugin>('tencent');
    const up = [`$sys/operation/${PID}/${DN}`, `$shadow/operation/${PID}/${DN}`, `$gateway/operation/${PID}/${DN}`, `$ota/report/${PID}/${DN}`, `$resource/up/service/${PID}/${DN}`, `$rrpc/txd/${PID}/${DN}/1`, `${PID}/${DN}/event`];
    const shapes: unknown[] = [null, 1, 'x', [], {}, { type: 1 }, { type: 'get' }, { type: 'update', state: [] }, { type: 'update', state: { reported: 5 } }, { type: 'online', payload: { devices: [1, null, {}] } }, { type: 'report_progress', report: {} }, { type: 'report_version', report: { version: 'x'.repeat(40) } }, { type: 'create_upload_task', name: '../x', size: -1, md5sum: 'zz' }, { type: 'report_upload_progress', name: 'nope' }, { type: 'bind', payload: { devices: [{ product_id: PID, device_name: 'dev2', signature: 5 }] } }];
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 150; i++) {
      const topic = up[Math.floor(rnd() * up.length)]!;
      const payload = i % 3 === 0 ? Buffer.from(Array.from({ length: Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256))) : JSON.stringify(shapes[Math.floor(rnd() * shapes.length)]);
      dev.publish(topic, payload);
    }
    dev.publish(`$shadow/operation/${PID}/${DN}`, Buffer.alloc(300 * 1024, 0x7b));
    // still answering afterwards
    await dev.subscribeAsync(`$sys/operation/result/${PID}/${DN}`, { qos: 0 });
    const r = await request(dev, `$sys/operation/result/${PID}/${DN}`, () => dev.publishAsync(`$sys/operation/${PID}/${DN}`, pyDumps({ type: 'get', resource: ['time'] })));
    expect((r.json as { type: string }).type).toBe('get');
    expect(emu.trace.entries({ kind: 'error', vendor: 'tencent' }).filter((e) => (e.reason ?? '').includes('failed'))).toEqual([]);
    expect(emu.trace.entries({ kind: 'error', vendor: 'tencent' }).some((e) => (e.reason ?? '').includes('exceeds'))).toBe(true);
    expect(plugin.cloud.shadows.size).toBeGreaterThan(0);
  });
});
