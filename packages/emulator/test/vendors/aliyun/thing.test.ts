import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../../src/index.js';
import { connackOf, connect, nextMatching, DN, DS, hmac, http, linkkitCredentials, next, PK, startAliyun } from './helpers.js';

let emu: Emulator;
let dev: MqttClient;
const sys = `/sys/${PK}/${DN}/thing`;

beforeAll(async () => {
  emu = await startAliyun();
  dev = await connect(emu.mqttUrl, linkkitCredentials(PK, DN, DS));
});
afterAll(async () => {
  await dev.endAsync();
  await emu.close();
});

describe('aliyun auth', () => {
  test('the spec vector signs as the spec says', () => {
    expect(linkkitCredentials(PK, DN, DS, '1700000000').password).toBe('170b9a898ae1506a8704f5ab93994b700daec1d6');
  });
  test('wrong secret, wrong username, unknown device → CONNACK 4; hmacsha256 and sii accepted', async () => {
    expect(await connackOf(emu.mqttUrl, linkkitCredentials(PK, DN, 'nope'))).toBe(4);
    expect(await connackOf(emu.mqttUrl, { ...linkkitCredentials(PK, DN, DS), username: 'x&y' })).toBe(4);
    expect(await connackOf(emu.mqttUrl, linkkitCredentials(PK, 'ghost', DS))).toBe(4);
    const ts = '1700000001';
    const sii = 'Eth|03ACDEFF0032|Eth|03ACDEFF0031';
    const clientId = `${PK}&${DN}|securemode=3,signmethod=hmacsha256,ext=1,_ss=1,lan=Python,_v=1.2.13,sii=${sii},timestamp=${ts}|`;
    const password = hmac('sha256', DS, `clientId${PK}&${DN}deviceName${DN}productKey${PK}timestamp${ts}`);
    expect(await connackOf(emu.mqttUrl, { clientId, username: `${DN}&${PK}`, password })).toBe(0);
  });
  test('_ss=1 subscribes the system downlinks server-side', () => {
    const subs = emu.trace.entries().filter((e) => e.kind === 'subscribe' && e.topic === `${sys}/service/property/set`);
    expect(subs.length).toBeGreaterThan(0);
  });
});

describe('aliyun thing model', () => {
  test('property post → post_reply code 200 with the same id', async () => {
    const reply = next(dev, `${sys}/event/property/post_reply`);
    await dev.publishAsync(`${sys}/event/property/post`, '{"id": "1", "version": "1.0", "params": {"abs_speed": 11}, "method": "thing.event.property.post"}', { qos: 1 });
    const r = JSON.parse((await reply).toString()) as Record<string, unknown>;
    expect(r).toMatchObject({ id: '1', code: 200, data: {}, message: 'success' });
    expect((await http(emu.httpUrl, 'GET', `/control/aliyun/devices/${PK}/${DN}/properties`)).json).toEqual({ abs_speed: 11 });
  });
  test('with a TSL, an unknown property is refused', async () => {
    emu.registry.update('aliyun', `${PK}/${DN}`, { tsl: { properties: [{ identifier: 'abs_speed' }], events: [{ identifier: 'power_state' }], services: [] } });
    try {
      const reply = next(dev, `${sys}/event/property/post_reply`);
      await dev.publishAsync(`${sys}/event/property/post`, '{"id": "2", "version": "1.0", "params": {"nope": 1}, "method": "thing.event.property.post"}', { qos: 1 });
      expect(JSON.parse((await reply).toString())).toMatchObject({ id: '2', code: 6304 });
      const ev = next(dev, `${sys}/event/power_state/post_reply`);
      await dev.publishAsync(`${sys}/event/power_state/post`, '{"id": "3", "version": "1.0", "params": {"value": {"power": 10}}, "method": "thing.event.power_state.post"}');
      expect(JSON.parse((await ev).toString())).toMatchObject({ id: '3', code: 200 });
    } finally {
      emu.registry.update('aliyun', `${PK}/${DN}`, { tsl: undefined });
    }
  });
  test('property set from the control API returns the device reply', async () => {
    dev.once('message', (t, p) => {
      if (t !== `${sys}/service/property/set`) return;
      const id = (JSON.parse(p.toString()) as { id: string }).id;
      void dev.publishAsync(`${sys}/service/property/set_reply`, JSON.stringify({ id, code: 200, data: {} }), { qos: 1 });
    });
    const res = await http(emu.httpUrl, 'POST', `/control/aliyun/devices/${PK}/${DN}/property/set`, { params: { abs_speed: 5 } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ request: { params: { abs_speed: 5 }, method: 'thing.service.property.set' }, reply: { code: 200 } });
  });
  test('no reply → 504 with a clear error', async () => {
    const res = await http(emu.httpUrl, 'POST', `/control/aliyun/devices/${PK}/${DN}/property/get`, { params: ['abs_speed'], timeoutMs: 200 });
    expect(res.status).toBe(504);
    expect(res.json).toMatchObject({ error: 'device did not answer within 200 ms' });
  });
  test('async and sync service calls', async () => {
    const onMsg = (t: string, p: Buffer): void => {
      const m = JSON.parse(p.toString()) as { id: string };
      if (t === `${sys}/service/attack`) void dev.publishAsync(`${sys}/service/attack_reply`, JSON.stringify({ id: m.id, code: 200, data: { hit: 1 } }));
      if (t.startsWith('/ext/rrpc/') && t.endsWith('/thing/service/test1')) void dev.publishAsync(t, JSON.stringify({ id: m.id, code: 200, data: { sync: true } }));
    };
    dev.on('message', onMsg);
    try {
      const a = await http(emu.httpUrl, 'POST', `/control/aliyun/devices/${PK}/${DN}/service/attack`, { params: { count: 3 } });
      expect(a.json).toMatchObject({ reply: { code: 200, data: { hit: 1 } } });
      const s = await http(emu.httpUrl, 'POST', `/control/aliyun/devices/${PK}/${DN}/service/test1`, { params: {}, sync: true });
      expect(s.status).toBe(200);
      expect(s.json).toMatchObject({ reply: { code: 200, data: { sync: true } } });
    } finally {
      dev.off('message', onMsg);
    }
  });
  test('RRPC: /sys rrpc request/response and user /ext/rrpc, reply returned to the caller and not echoed', async () => {
    await dev.subscribeAsync(`/ext/rrpc/+/${PK}/${DN}/user/get`, { qos: 0 });
    let userCalls = 0;
    const onMsg = (t: string, p: Buffer): void => {
      const sm = /^\/sys\/[^/]+\/[^/]+\/rrpc\/request\/(\d+)$/.exec(t);
      if (sm) void dev.publishAsync(`/sys/${PK}/${DN}/rrpc/response/${sm[1]}`, `pong:${p.toString()}`);
      if (t.startsWith('/ext/rrpc/') && t.endsWith('/user/get')) {
        userCalls++;
        void dev.publishAsync(t, `user-pong:${p.toString()}`);
      }
    };
    dev.on('message', onMsg);
    try {
      const a = await http(emu.httpUrl, 'POST', `/control/aliyun/devices/${PK}/${DN}/rrpc`, { payload: 'ping' });
      expect(a.json).toMatchObject({ payload: 'pong:ping' });
      const b = await http(emu.httpUrl, 'POST', `/control/aliyun/devices/${PK}/${DN}/rrpc`, { topic: 'user/get', payload: 'hi' });
      expect(b.json).toMatchObject({ payload: 'user-pong:hi' });
      await new Promise((r) => setTimeout(r, 100));
      expect(userCalls).toBe(1);
    } finally {
      dev.off('message', onMsg);
    }
  });
  test('raw up is answered, raw down reply reaches the caller', async () => {
    const up = next(dev, `${sys}/model/up_raw_reply`);
    await dev.publishAsync(`${sys}/model/up_raw`, Buffer.from([1, 2, 3]));
    expect([...(await up)]).toEqual([1, 2, 3]);
    dev.once('message', (t) => {
      if (t === `${sys}/model/down_raw`) void dev.publishAsync(`${sys}/model/down_raw_reply`, Buffer.from([9]));
    });
    const res = await http(emu.httpUrl, 'POST', `/control/aliyun/devices/${PK}/${DN}/raw`, { payloadHex: '0a0b', wait: true });
    expect(res.json).toMatchObject({ replyHex: '09' });
  });
  test('tags update and delete', async () => {
    const r1 = next(dev, `${sys}/deviceinfo/update_reply`);
    await dev.publishAsync(`${sys}/deviceinfo/update`, '{"id": "4", "version": "1.0", "params": [{"attrKey": "floor", "attrValue": "2f"}, {"attrKey": "room", "attrValue": "201"}], "method": "thing.deviceinfo.update"}');
    expect(JSON.parse((await r1).toString())).toMatchObject({ id: '4', code: 200 });
    const r2 = next(dev, `${sys}/deviceinfo/delete_reply`);
    await dev.publishAsync(`${sys}/deviceinfo/delete`, '{"id": "5", "version": "1.0", "params": [{"attrKey": "floor"}], "method": "thing.deviceinfo.delete"}');
    expect(JSON.parse((await r2).toString())).toMatchObject({ id: '5', code: 200 });
    expect((await http(emu.httpUrl, 'GET', `/control/aliyun/devices/${PK}/${DN}/tags`)).json).toEqual({ room: '201' });
  });
  test('custom topics: echo route and control publish', async () => {
    await http(emu.httpUrl, 'POST', '/control/aliyun/routes', { from: `/${PK}/${DN}/user/update`, to: `/${PK}/${DN}/user/get` });
    await dev.subscribeAsync(`/${PK}/${DN}/user/get`, { qos: 0 });
    const echoed = next(dev, `/${PK}/${DN}/user/get`);
    await dev.publishAsync(`/${PK}/${DN}/user/update`, 'test, id: 1');
    expect((await echoed).toString()).toBe('test, id: 1');
    const pushed = next(dev, `/${PK}/${DN}/user/get`);
    await http(emu.httpUrl, 'POST', `/control/aliyun/devices/${PK}/${DN}/custom`, { topic: 'user/get', payload: 'from console' });
    expect((await pushed).toString()).toBe('from console');
  });
  test('shadow: update, conflict, get, desired control', async () => {
    const sg = `/shadow/get/${PK}/${DN}`;
    const su = `/shadow/update/${PK}/${DN}`;
    let r = next(dev, sg);
    await dev.publishAsync(su, '{"state": {"reported": {"color": "red"}}, "method": "update", "version": 1}', { qos: 1 });
    expect(JSON.parse((await r).toString())).toMatchObject({ method: 'reply', payload: { status: 'success', version: 1 } });
    r = next(dev, sg);
    await dev.publishAsync(su, '{"state": {"reported": {"color": "blue"}}, "method": "update", "version": 1}', { qos: 1 });
    expect(JSON.parse((await r).toString())).toMatchObject({ payload: { status: 'error', content: { errorcode: '409' } } });
    r = next(dev, sg);
    await dev.publishAsync(su, '{"method": "get"}', { qos: 1 });
    expect(JSON.parse((await r).toString())).toMatchObject({ method: 'reply', payload: { status: 'success', state: { reported: { color: 'red' } }, version: 1 } });
    expect((await http(emu.httpUrl, 'PUT', `/control/aliyun/devices/${PK}/${DN}/shadow/desired`, { desired: { color: 'green' }, version: 1 })).status).toBe(409);
    r = next(dev, sg);
    const ok = await http(emu.httpUrl, 'PUT', `/control/aliyun/devices/${PK}/${DN}/shadow/desired`, { desired: { color: 'green' } });
    expect(ok.status).toBe(200);
    expect(JSON.parse((await r).toString())).toMatchObject({ method: 'control', payload: { state: { desired: { color: 'green' }, reported: { color: 'red' } } }, version: 2 });
  });
  test('fuzz: random payloads on every handled topic never break the plugin', async () => {
    const topics = [`${sys}/event/property/post`, `${sys}/event/x/post`, `${sys}/deviceinfo/update`, `${sys}/topo/add`, `${sys}/sub/register`, `${sys}/proxy/provisioning/product_register`, `${sys}/ota/firmware/get`, `/shadow/update/${PK}/${DN}`, `/ext/session/${PK}/${DN}/combine/batch_login`, `/ota/device/progress/${PK}/${DN}`, `/ota/device/inform/${PK}/${DN}`, `${sys}/model/up_raw`];
    const samples = ['', '{', 'null', '[]', '{"id":1}', '{"id":"1","params":null}', '{"id":"1","params":[null,1,"x"]}', '{"id":"1","params":{"deviceList":[{}],"proxieds":[{}]}}', '{"method":"update","state":{"reported":[]},"version":"x"}'];
    for (let i = 0; i < 150; i++) {
      const t = topics[i % topics.length] as string;
      const p = i % 3 === 0 ? Buffer.from(Array.from({ length: i % 40 }, () => Math.floor(Math.random() * 256))) : (samples[i % samples.length] as string);
      await dev.publishAsync(t, p);
    }
    const reply = nextMatching(dev, `${sys}/event/property/post_reply`, (p) => p.includes('"99"'));
    await dev.publishAsync(`${sys}/event/property/post`, '{"id": "99", "version": "1.0", "params": {}, "method": "thing.event.property.post"}', { qos: 1 });
    expect(JSON.parse((await reply).toString())).toMatchObject({ id: '99', code: 200 });
    const bad = nextMatching(dev, `${sys}/event/property/post_reply`, (p) => p.includes('460'));
    await dev.publishAsync(`${sys}/event/property/post`, 'not json');
    expect(JSON.parse((await bad).toString())).toMatchObject({ code: 460 });
  });
});
