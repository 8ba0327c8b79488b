import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../../src/index.js';
import { connect, DN, DS, http, linkkitCredentials, PK, startAliyun } from './helpers.js';

// Services invoked from the control API follow the device's TSL (spec 3.7.4, tsl.json of 5.3): a service whose
// callType is "sync" goes over RRPC without being asked to, and a service the TSL does not define is refused.
let emu: Emulator;
let dev: MqttClient;
const sys = `/sys/${PK}/${DN}/thing`;
const TSL = {
  properties: [{ identifier: 'abs_speed' }],
  events: [],
  services: [
    { identifier: 'set', callType: 'async' },
    { identifier: 'attack', callType: 'async' },
    { identifier: 'test1', callType: 'sync' },
  ],
};
const seen: string[] = [];

beforeAll(async () => {
  emu = await startAliyun();
  emu.registry.update('aliyun', `${PK}/${DN}`, { tsl: TSL });
  dev = await connect(emu.mqttUrl, linkkitCredentials(PK, DN, DS));
  dev.on('message', (t, p) => {
    seen.push(t);
    const m = JSON.parse(p.toString()) as { id: string };
    const identifier = t.split('/').pop() ?? '';
    // answer like linkkit's thing_answer_service: RRPC topic for sync calls, {identifier}_reply otherwise
    const replyTopic = t.startsWith('/ext/rrpc/') ? t : `${t}_reply`;
    void dev.publishAsync(replyTopic, JSON.stringify({ id: m.id, code: 200, data: { via: t.startsWith('/ext/rrpc/') ? 'rrpc' : 'topic', identifier } }));
  });
});
afterAll(async () => {
  await dev.endAsync();
  await emu.close();
});

describe('aliyun service calls follow the TSL', () => {
  test('a sync service (callType "sync") is sent over RRPC when the body does not say', async () => {
    const r = await http(emu.httpUrl, 'POST', `/control/aliyun/devices/${PK}/${DN}/service/test1`, { params: {} });
    expect(r.status).toBe(200);
    const body = r.json as { topic: string; reply: unknown };
    expect(body.topic).toMatch(new RegExp(`^/ext/rrpc/\\d+${sys}/service/test1$`));
    expect(body.reply).toMatchObject({ code: 200, data: { via: 'rrpc', identifier: 'test1' } });
  });
  test('an async service goes on its own topic; an explicit "sync" still wins', async () => {
    const a = await http(emu.httpUrl, 'POST', `/control/aliyun/devices/${PK}/${DN}/service/attack`, { params: { count: 1 } });
    expect(a.json).toMatchObject({ topic: `${sys}/service/attack`, reply: { code: 200, data: { via: 'topic' } } });
    const forced = await http(emu.httpUrl, 'POST', `/control/aliyun/devices/${PK}/${DN}/service/test1`, { params: {}, sync: false });
    expect(forced.json).toMatchObject({ topic: `${sys}/service/test1`, reply: { code: 200, data: { via: 'topic' } } });
  });
  test('a service the TSL does not define is refused at once, nothing is sent', async () => {
    const before = seen.length;
    const r = await http(emu.httpUrl, 'POST', `/control/aliyun/devices/${PK}/${DN}/service/nope`, { params: {}, timeoutMs: 3000 });
    expect(r.status).toBe(404);
    expect(JSON.stringify(r.json)).toContain('tsl service not exist: nope');
    await new Promise((res) => setTimeout(res, 100));
    expect(seen.slice(before).filter((t) => t.endsWith('/nope'))).toEqual([]);
  });
  test('without a TSL every service is accepted and async unless asked', async () => {
    emu.registry.put({ vendor: 'aliyun', key: `${PK}/plain`, productKey: PK, deviceName: 'plain', deviceSecret: DS });
    const plain = await connect(emu.mqttUrl, linkkitCredentials(PK, 'plain', DS));
    plain.on('message', (t, p) => {
      if (t.endsWith('_reply')) return; // without a TSL the service/+ auto-subscription also matches the device's own replies
      const m = JSON.parse(p.toString()) as { id: string };
      void plain.publishAsync(`${t}_reply`, JSON.stringify({ id: m.id, code: 200, data: { via: 'topic' } }));
    });
    try {
      const r = await http(emu.httpUrl, 'POST', `/control/aliyun/devices/${PK}/plain/service/anything`, { params: {} });
      expect(r.json).toMatchObject({ topic: `/sys/${PK}/plain/thing/service/anything`, reply: { code: 200, data: { via: 'topic' } } });
    } finally {
      await plain.endAsync();
    }
  });
});
