import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../../src/index.js';
import { connect, DN, DS, hmac, linkkitCredentials, next, PK, startAliyun } from './helpers.js';

// A gateway speaks for a sub-device only while the sub-device is logged in through it (spec 3.7.9: "After login, a
// sub-device's traffic uses its own /sys/{subpk}/{subdn}/... topics"); subscribing the sub-device's topics needs only
// the topology.
const SUB_PK = 'a1SubProduct';
const SUB_DN = 'sub01';
const SUB_DS = 'SubSecret987';
const sys = `/sys/${PK}/${DN}/thing`;
const subSys = `/sys/${SUB_PK}/${SUB_DN}/thing`;
let emu: Emulator;
const clients: MqttClient[] = [];

beforeAll(async () => {
  emu = await startAliyun();
  emu.registry.put({ vendor: 'aliyun', key: `${SUB_PK}/${SUB_DN}`, productKey: SUB_PK, deviceName: SUB_DN, deviceSecret: SUB_DS });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync()));
  await emu.close();
});

async function gateway(): Promise<MqttClient> {
  const c = await connect(emu.mqttUrl, linkkitCredentials(PK, DN, DS));
  clients.push(c);
  return c;
}

async function request(gw: MqttClient, topic: string, body: object, qos: 0 | 1 = 0): Promise<Record<string, unknown>> {
  const reply = next(gw, `${topic}_reply`);
  await gw.publishAsync(topic, JSON.stringify(body), { qos });
  return JSON.parse((await reply).toString()) as Record<string, unknown>;
}

function login(gw: MqttClient, id: string): Promise<Record<string, unknown>> {
  const millis = String(Date.now());
  const clientId = `${SUB_PK}.${SUB_DN}|lan=Python,_v=2.2.1,_ss=1|`;
  const sign = hmac('sha256', SUB_DS, `clientId${clientId}deviceName${SUB_DN}productKey${SUB_PK}timestamp${millis}`);
  return request(gw, `/ext/session/${PK}/${DN}/combine/batch_login`, {
    id,
    version: '1.0',
    params: { signMethod: 'hmacSha256', deviceList: [{ productKey: SUB_PK, deviceName: SUB_DN, clientId, timestamp: millis, cleanSession: 'false', sign }] },
  });
}

/** Posts a sub-device property through the gateway; resolves with the reply, or 'none' after 300 ms. */
async function subPost(gw: MqttClient, id: string): Promise<string> {
  const since = emu.trace.lastSeq;
  const reply = next(gw, `${subSys}/event/property/post_reply`, 300).then(
    (p) => String((JSON.parse(p.toString()) as { code: unknown }).code),
    () => 'none',
  );
  await gw.publishAsync(`${subSys}/event/property/post`, `{"id": "${id}", "version": "1.0", "params": {"t": 1}, "method": "thing.event.property.post"}`, { qos: 1 });
  const got = await reply;
  const denied = emu.trace.entries({ kind: 'denied', since, topic: `${subSys}/event/property/post` });
  return got === 'none' && denied.length === 1 ? 'denied' : got;
}

describe('aliyun gateway: sub-device sessions', () => {
  test('uplinks for a sub-device are accepted only between batch_login and batch_logout, and not after the gateway reconnects', async () => {
    let gw = await gateway();
    const millis = String(Date.now());
    const add = await request(gw, `${sys}/topo/add`, {
      id: '1',
      version: '1.0',
      params: [{ productKey: SUB_PK, deviceName: SUB_DN, clientId: `${SUB_PK}.${SUB_DN}`, timestamp: millis, signmethod: 'hmacSha256', sign: hmac('sha256', SUB_DS, `clientId${SUB_PK}.${SUB_DN}deviceName${SUB_DN}productKey${SUB_PK}timestamp${millis}`) }],
    }, 1);
    expect(add).toMatchObject({ code: 200 });
    // in the topology: subscribing is allowed before the login
    const granted = await gw.subscribeAsync(`${subSys}/event/property/post_reply`, { qos: 0 });
    expect(granted.map((g) => g.qos)).toEqual([0]);

    expect(await subPost(gw, '2')).toBe('denied');
    expect(await login(gw, '3')).toMatchObject({ code: 200 });
    expect(await subPost(gw, '4')).toBe('200');
    expect(await request(gw, `/ext/session/${PK}/${DN}/combine/batch_logout`, { id: '5', version: '1.0', params: [{ productKey: SUB_PK, deviceName: SUB_DN }] })).toMatchObject({ code: 200 });
    expect(await subPost(gw, '6')).toBe('denied');

    // logged in again, then the gateway's connection drops: the sub-device is offline with it
    expect(await login(gw, '7')).toMatchObject({ code: 200 });
    expect(await subPost(gw, '8')).toBe('200');
    const before = emu.trace.lastSeq;
    await gw.endAsync();
    clients.splice(clients.indexOf(gw), 1);
    await emu.trace.waitFor((e) => e.kind === 'disconnect', 3000, { since: before });
    gw = await gateway();
    await gw.subscribeAsync(`${subSys}/event/property/post_reply`, { qos: 0 });
    expect(await subPost(gw, '9')).toBe('denied');
    // the gateway's own topics are unaffected
    expect(await request(gw, `${sys}/event/property/post`, { id: '10', version: '1.0', params: {}, method: 'thing.event.property.post' }, 1)).toMatchObject({ code: 200 });
  });
});
