import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../../src/index.js';
import { connectDevice, DEVICE, event, http, nextOn, pyDumps, startHuawei } from './helpers.js';

const B = `$oc/devices/${DEVICE}/sys`;

describe('huawei messaging, shadow and system events', () => {
  let emu: Emulator;
  let dev: MqttClient;
  let E: string;
  beforeAll(async () => {
    emu = await startHuawei();
    E = `${emu.httpUrl}/control/huawei/devices/${DEVICE}`;
    dev = await connectDevice(emu.mqttUrl); // never subscribes, like the Python SDK
  });
  afterAll(async () => {
    await dev.endAsync();
    await emu.close();
  });

  test('commands from the control API reach the device without SUBSCRIBE; its response returns to the caller', async () => {
    const got = nextOn(dev, (t) => t.startsWith(`${B}/commands/request_id=`));
    const call = http('POST', `${E}/commands`, { service_id: 'smokeDetector', command_name: 'ringAlarm', paras: { duration: 20 } });
    const cmd = await got;
    expect(cmd.json).toEqual({ object_device_id: DEVICE, service_id: 'smokeDetector', command_name: 'ringAlarm', paras: { duration: 20 } });
    const rid = cmd.topic.slice(cmd.topic.lastIndexOf('request_id=') + 11);
    await dev.publishAsync(`${B}/commands/response/request_id=${rid}`, pyDumps({ result_code: 0, response_name: '', paras: { ok: 1 } }), { qos: 1 });
    const res = await call;
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ request_id: rid, response: { result_code: 0, response_name: '', paras: { ok: 1 } } });
  });

  test('a command without reply → 504 with a JSON error; unknown device → 404', async () => {
    const res = await http('POST', `${E}/commands?timeout_ms=150`, { service_id: 's', command_name: 'c', paras: {} });
    expect(res.status).toBe(504);
    expect(String(res.json['error'])).toContain('no reply');
    expect((await http('POST', `${emu.httpUrl}/control/huawei/devices/nobody/commands`, {})).status).toBe(404);
  });

  test('property set and get round trips', async () => {
    const setSeen = nextOn(dev, (t) => t.startsWith(`${B}/properties/set/request_id=`));
    const setCall = http('POST', `${E}/properties/set`, { services: [{ service_id: 'Battery', properties: { level: 80 } }] });
    const s = await setSeen;
    expect(s.json).toEqual({ object_device_id: DEVICE, services: [{ service_id: 'Battery', properties: { level: 80 } }] });
    await dev.publishAsync(`${B}/properties/set/response/request_id=${s.topic.split('request_id=')[1]}`, pyDumps({ result_code: 0, result_desc: 'Success' }));
    expect((await setCall).json['response']).toEqual({ result_code: 0, result_desc: 'Success' });

    const getSeen = nextOn(dev, (t) => t.startsWith(`${B}/properties/get/request_id=`));
    const getCall = http('GET', `${E}/properties?service_id=Battery`);
    const g = await getSeen;
    expect(g.json).toEqual({ object_device_id: DEVICE, service_id: 'Battery' });
    const services = [{ service_id: 'Battery', properties: { level: 80 }, event_time: null }];
    await dev.publishAsync(`${B}/properties/get/response/request_id=${g.topic.split('request_id=')[1]}`, pyDumps({ services }));
    expect((await getCall).json['response']).toEqual({ services });
  });

  test('property reports fill the shadow; shadow get answers with desired and reported', async () => {
    await dev.publishAsync(`${B}/properties/report`, pyDumps({ services: [{ service_id: 'smokeDetector', properties: { alarm: 10, temperature: 64 }, event_time: null }] }), { qos: 1 });
    await waitFor(async () => JSON.stringify((await http('GET', `${E}/shadow`)).json).includes('64'));
    expect((await http('PUT', `${E}/shadow/desired`, { service_id: 'smokeDetector', properties: { alarm: 1 } })).status).toBe(200);
    const rsp = nextOn(dev, (t) => t === `${B}/shadow/get/response/request_id=abc-1`);
    await dev.publishAsync(`${B}/shadow/get/request_id=abc-1`, pyDumps({ service_id: 'smokeDetector' }), { qos: 1 });
    const r = await rsp;
    expect(r.json['object_device_id']).toBe(DEVICE);
    const sh = (r.json['shadow'] as Record<string, unknown>[])[0]!;
    expect(sh['service_id']).toBe('smokeDetector');
    expect(sh['reported']).toMatchObject({ properties: { alarm: 10, temperature: 64 } });
    expect(sh['desired']).toMatchObject({ properties: { alarm: 1 } });
    expect(sh['version']).toBe(2);
    const all = nextOn(dev, (t) => t === `${B}/shadow/get/response/request_id=abc-2`);
    await dev.publishAsync(`${B}/shadow/get/request_id=abc-2`, '{}');
    expect((await all).json['shadow']).toHaveLength(1);
  });

  test('messages down on the system topic and on a custom topic; messages up are recorded', async () => {
    const m = nextOn(dev, (t) => t === `${B}/messages/down`);
    expect((await http('POST', `${E}/messages`, { content: 'hello', name: 'n', id: '1' })).status).toBe(202);
    expect((await m).json).toEqual({ object_device_id: DEVICE, name: 'n', id: '1', content: 'hello' });
    const custom = `$oc/devices/${DEVICE}/user/topictest`;
    await dev.subscribeAsync(custom, { qos: 1 });
    const c = nextOn(dev, (t) => t === custom);
    await http('POST', `${E}/messages`, { topic: custom, payload: 'raw text' });
    expect((await c).text).toBe('raw text');
    await dev.publishAsync(`${B}/messages/up`, pyDumps({ object_device_id: '', id: '', name: '', content: 'Hello Huawei' }), { qos: 1 });
    await waitFor(async () => JSON.stringify((await http('GET', `${E}/messages`)).json).includes('Hello Huawei'));
  });

  test('time sync answers with the three timestamps', async () => {
    const r = nextOn(dev, (t) => t === `${B}/events/down`);
    const before = Date.now();
    await dev.publishAsync(`${B}/events/up`, event(DEVICE, '$time_sync', 'time_sync_request', { device_send_time: '1649681364061' }), { qos: 1 });
    const ev = ((await r).json['services'] as Record<string, unknown>[])[0]!;
    expect(ev).toMatchObject({ service_id: '$time_sync', event_type: 'time_sync_response' });
    const p = ev['paras'] as Record<string, number>;
    expect(Object.keys(p)).toEqual(['device_send_time', 'server_recv_time', 'server_send_time']);
    expect(p['device_send_time']).toBe(1649681364061);
    expect(p['server_recv_time']).toBeGreaterThanOrEqual(before);
    expect(p['server_send_time']).toBeGreaterThanOrEqual(p['server_recv_time']!);
  });

  test('sdk info, logs and file URLs (backed by the file store)', async () => {
    await dev.publishAsync(`${B}/events/up`, event(DEVICE, '$sdk_info', 'sdk_info_report', { device_sdk_version: 'Python_v1.2.0', sw_version: 'sw1', fw_version: 'fw1' }), { qos: 1 });
    await dev.publishAsync(`${B}/events/up`, event(DEVICE, '$log', 'log_report', { timestamp: '1631327778381', type: 'DEVICE_STATUS', content: 'connect complete, the uri is x' }), { qos: 1 });
    await waitFor(async () => (await http('GET', `${E}/logs`)).json.length === 1);
    const info = (await http('GET', `${E}/info`)).json;
    expect(info).toMatchObject({ fw_version: 'fw1', sw_version: 'sw1', sdk_info: { device_sdk_version: 'Python_v1.2.0' }, online: true });

    const up = nextOn(dev, (t) => t === `${B}/events/down`);
    await dev.publishAsync(`${B}/events/up`, event(DEVICE, '$file_manager', 'get_upload_url', { file_name: 'a.txt', file_attributes: { hash_code: 'h', size: 5 } }), { qos: 1 });
    const upEv = ((await up).json['services'] as Record<string, unknown>[])[0]!;
    expect(upEv['event_type']).toBe('get_upload_url_response');
    const url = (upEv['paras'] as Record<string, unknown>)['url'] as string;
    expect(upEv['paras']).toMatchObject({ bucket_name: 'iot-emulator', object_name: 'a.txt', expire: 3600 });
    expect((await fetch(url, { method: 'PUT', body: 'hello', headers: { 'content-type': 'text/plain' } })).status).toBeLessThan(300);

    const down = nextOn(dev, (t) => t === `${B}/events/down`);
    await dev.publishAsync(`${B}/events/up`, event(DEVICE, '$file_manager', 'get_download_url', { file_name: 'a.txt' }), { qos: 1 });
    const dEv = ((await down).json['services'] as Record<string, unknown>[])[0]!;
    expect(dEv['event_type']).toBe('get_download_url_response');
    const dp = dEv['paras'] as Record<string, unknown>;
    expect(dp['url']).toBe(url);
    expect(dp['file_attributes']).toMatchObject({ size: 5 });
    expect(await (await fetch(dp['url'] as string)).text()).toBe('hello');
    await dev.publishAsync(`${B}/events/up`, event(DEVICE, '$file_manager', 'upload_result_report', { object_name: 'a.txt', result_code: 0, status_code: 200 }), { qos: 1 });
    await waitFor(async () => (await http('GET', `${E}/files`)).json.length === 3);
  });

  test('the device may not publish on downlink topics nor on other devices', async () => {
    emu.registry.put({ vendor: 'huawei', key: 'p_other', secret: 'x' });
    await dev.publishAsync(`${B}/messages/down`, 'spoof', { qos: 1 });
    await dev.publishAsync(`$oc/devices/p_other/sys/properties/report`, '{}', { qos: 1 });
    const denied = emu.trace.entries({ kind: 'denied' }).map((e) => e.topic);
    expect(denied).toEqual(expect.arrayContaining([`${B}/messages/down`, '$oc/devices/p_other/sys/properties/report']));
  });

  test('fuzz: random bytes and JSON on every uplink topic never crash the plugin', async () => {
    const topics = ['messages/up', 'properties/report', 'events/up', 'gateway/sub_devices/properties/report', 'shadow/get/request_id=1', 'bootstrap/up', 'unknown/x'].map((t) => `${B}/${t}`);
    const samples: (string | Buffer)[] = ['', 'null', '[]', '123', '{"services":5}', '{"services":[null,1,{"service_id":3}]}', '{"object_device_id":"zz","services":[{"service_id":"$ota"}]}', '{"services":[{"service_id":"$time_sync","event_type":"time_sync_request","paras":null}]}'];
    for (let i = 0; i < 40; i++) samples.push(Buffer.from(Array.from({ length: 1 + (i * 7) % 50 }, (_, j) => (i * 31 + j * 17) % 256)));
    samples.push(Buffer.alloc(1024 * 1024 + 10, 0x7b));
    for (const t of topics) for (const s of samples) dev.publish(t, s, { qos: 0 });
    await dev.publishAsync(`${B}/messages/up`, '"still alive"', { qos: 1 });
    await waitFor(async () => JSON.stringify((await http('GET', `${E}/messages`)).json).includes('still alive'));
    expect(dev.connected).toBe(true);
  });
});

async function waitFor(cond: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met in time');
}
