// End to end against the emulator's own huawei plugin: properties and shadow, property set/get and commands from
// the control API answered by the device, messages down (system and custom topics), events up/down, time sync,
// device info and logs, file upload/download, and malformed downlinks that must never reach user code as errors.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  AbstractService,
  CommandListener,
  CommandRsp,
  DeviceBaseInfo,
  DeviceEvent,
  DeviceMessage,
  DeviceMessageListener,
  DeviceShadowListener,
  FileManagerListener,
  IotDevice,
  Property,
  PropertyListener,
  RawDeviceMessage,
  RawDeviceMessageListener,
  RawMessage,
  RawMessageListener,
  ServiceProperty,
  ShadowData,
  TimeSyncListener,
  UrlInfo,
  iot_result,
  type JsonDict,
} from '../src/index.js';
import { eventOf, eventsUp, json, SECRET, sleep, startCloud, until, type HuaweiCloud } from './emulator-helpers.js';

const ID = 'prod_msg';
const SYS = `$oc/devices/${ID}/sys/`;
let cloud: HuaweiCloud;

beforeAll(async () => {
  cloud = await startCloud();
  await cloud.register(ID);
});
afterEach(() => cloud.reset());
afterAll(() => cloud.close());

async function online(d: IotDevice): Promise<IotDevice> {
  expect(await d.connect()).toBe(0);
  return d;
}

class SmokeDetector extends AbstractService {
  smoke_alarm = new Property(20, 'smoke_alarm', 'alarm', true);
  temperature = new Property(36, 'temperature', 'temperature', false);
  rings: unknown[] = [];
  constructor() {
    super();
    this._readable_prop2field = { alarm: 'smoke_alarm', temperature: 'temperature' };
    this._writeable_prop2field = { alarm: 'smoke_alarm' };
    this._command2method = { ringAlarm: 'alarm' };
  }
  alarm(paras: JsonDict): CommandRsp {
    this.rings.push(paras['duration']);
    return new CommandRsp({ result_code: 0, response_name: 'ringAlarm', paras: { rang: paras['duration'] } });
  }
  get_smoke_alarm(): number {
    return this.smoke_alarm.val as number;
  }
  set_smoke_alarm(v: number): void {
    this.smoke_alarm.val = v;
  }
  get_temperature(): number {
    return this.temperature.val as number;
  }
}

test('property report lands in the shadow; the desired section comes back through get_device_shadow', async () => {
  const d = await online(cloud.device(ID));
  const got: Array<[string, string, ShadowData[]]> = [];
  d.get_client().set_device_shadow_listener(
    new (class extends DeviceShadowListener {
      on_shadow_get(request_id: string, object_device_id: string, shadow: ShadowData[]): void {
        got.push([request_id, object_device_id, shadow]);
      }
    })(),
  );
  d.get_client().report_properties([new ServiceProperty('smokeDetector', { alarm: 10, smokeConcentration: 36, temperature: 64, humidity: 32 })]);
  await until(async () => ((await cloud.control<{ shadow: unknown[] }>('GET', `/devices/${ID}/shadow`)).body.shadow.length > 0));
  const shadow = (await cloud.control<{ shadow: Array<{ service_id: string; reported: { properties: JsonDict; event_time: string } }> }>('GET', `/devices/${ID}/shadow`)).body.shadow;
  expect(shadow[0]).toMatchObject({ service_id: 'smokeDetector', reported: { properties: { alarm: 10, smokeConcentration: 36, temperature: 64, humidity: 32 } } });
  expect(shadow[0]!.reported.event_time).toMatch(/^\d{8}T\d{6}Z$/);
  await cloud.control('PUT', `/devices/${ID}/shadow/desired`, { service_id: 'smokeDetector', properties: { alarm: 1 } });
  d.get_client().get_device_shadow('rid-shadow-1', 'smokeDetector');
  await until(() => got.length === 1);
  const [rid, obj, list] = got[0]!;
  expect([rid, obj, list.length]).toEqual(['rid-shadow-1', ID, 1]);
  expect(list[0]!.service_id).toBe('smokeDetector');
  expect(list[0]!.desired!.properties).toEqual({ alarm: 1 });
  expect(list[0]!.reported!.properties).toMatchObject({ alarm: 10, temperature: 64 });
  expect(list[0]!.version).toBe(2);
  expect(cloud.wire('deliver', `${SYS}shadow/get/response/request_id=rid-shadow-1`)).toHaveLength(1);
});

test('property set/get and commands from the control API: the listeners answer and the HTTP caller gets the reply', async () => {
  const d = cloud.device(ID);
  const c = d.get_client();
  const calls: unknown[] = [];
  c.set_properties_listener(
    new (class extends PropertyListener {
      on_property_set(request_id: string, services: ServiceProperty[]): void {
        calls.push(['set', services.map((s) => [s.service_id, s.properties])]);
        c.respond_properties_set(request_id, iot_result.SUCCESS);
      }
      on_property_get(request_id: string, service_id: string): void {
        calls.push(['get', service_id]);
        c.respond_properties_get(request_id, [new ServiceProperty(service_id, { alarm: 10, temperature: 64 })]);
      }
    })(),
  );
  c.set_command_listener(
    new (class extends CommandListener {
      on_command(request_id: string, service_id: string, command_name: string, paras: JsonDict): void {
        calls.push(['command', service_id, command_name, paras]);
        c.respond_command(request_id, new CommandRsp({ result_code: 0, response_name: command_name, paras: { content: 'Hello Huawei' } }));
      }
    })(),
  );
  await online(d);
  const set = await cloud.control<{ request_id: string; response: unknown }>('POST', `/devices/${ID}/properties/set`, { services: [{ service_id: 'smokeDetector', properties: { alarm: 1 } }] });
  expect(set.body.response).toEqual({ result_code: 0, result_desc: 'Success' });
  expect(cloud.wire('publish', `${SYS}properties/set/response/request_id=${set.body.request_id}`).map((e) => e.payload)).toEqual(['{"result_code": 0, "result_desc": "Success"}']);
  const get = await cloud.control<{ response: unknown }>('GET', `/devices/${ID}/properties?service_id=smokeDetector`);
  expect(get.body.response).toEqual({ services: [{ service_id: 'smokeDetector', properties: { alarm: 10, temperature: 64 }, event_time: null }] });
  const cmd = await cloud.control<{ request_id: string; response: unknown }>('POST', `/devices/${ID}/commands`, { service_id: 'smokeDetector', command_name: 'ringAlarm', paras: { duration: 20 } });
  expect(cmd.body.response).toEqual({ result_code: 0, response_name: 'ringAlarm', paras: { content: 'Hello Huawei' } });
  expect(calls).toEqual([
    ['set', [['smokeDetector', { alarm: 1 }]]],
    ['get', 'smokeDetector'],
    ['command', 'smokeDetector', 'ringAlarm', { duration: 20 }],
  ]);
  const down = cloud.wire('deliver', `${SYS}commands/request_id=${cmd.body.request_id}`);
  expect(json(down[0])).toEqual({ object_device_id: ID, service_id: 'smokeDetector', command_name: 'ringAlarm', paras: { duration: 20 } });
});

test('thing model without listeners: commands, property writes and reads are dispatched to the service', async () => {
  const d = cloud.device(ID);
  const svc = new SmokeDetector();
  d.add_service('smokeDetector', svc);
  await online(d);
  const since = cloud.seq();
  const cmd = await cloud.control<{ response: unknown }>('POST', `/devices/${ID}/commands`, { service_id: 'smokeDetector', command_name: 'ringAlarm', paras: { duration: 5 } });
  expect(cmd.body.response).toEqual({ result_code: 0, response_name: 'ringAlarm', paras: { rang: 5 } });
  expect(svc.rings).toEqual([5]);
  const set = await cloud.control<{ response: unknown }>('POST', `/devices/${ID}/properties/set`, { services: [{ service_id: 'smokeDetector', properties: { alarm: 3 } }] });
  expect(set.body.response).toEqual({ result_code: 0, result_desc: 'Success' });
  expect(svc.smoke_alarm.val).toBe(3);
  // on_write reports the changed property (event_time None, as Python) before answering
  const reports = cloud.wire('publish', `${SYS}properties/report`, since);
  expect(reports.map((e) => json(e))).toEqual([{ services: [{ service_id: 'smokeDetector', properties: { alarm: 3 }, event_time: null }] }]);
  const bad = await cloud.control<{ response: unknown }>('POST', `/devices/${ID}/properties/set`, { services: [{ service_id: 'smokeDetector', properties: { temperature: 1 } }] });
  expect(bad.body.response).toEqual({ result_code: -1, result_desc: 'property not found or not writeable: temperature' });
  const get = await cloud.control<{ response: { services: Array<{ service_id: string; properties: JsonDict }> } }>('GET', `/devices/${ID}/properties?service_id=smokeDetector`);
  expect(get.body.response.services).toEqual([{ service_id: 'smokeDetector', properties: { alarm: 3, temperature: 36 }, event_time: null }]);
  // read of every service (no service_id): the system services answer with {} too (Python, Q19)
  const all = await cloud.control<{ response: { services: Array<{ service_id: string; properties: JsonDict }> } }>('GET', `/devices/${ID}/properties`);
  expect(all.body.response.services.map((x) => [x.service_id, x.properties])).toEqual([
    ['$ota', {}],
    ['$time_sync', {}],
    ['$file_manager', {}],
    ['$log', {}],
    ['$device_rule', {}],
    ['smokeDetector', { alarm: 3, temperature: 36 }],
  ]);
  // a command for a service the device does not have gets no answer (Python): the caller times out
  const noService = await cloud.control<{ error: string }>('POST', `/devices/${ID}/commands?timeout_ms=300`, { service_id: 'ghost', command_name: 'x', paras: {} }, true);
  expect(noService.status).toBe(504);
  const unknown = await cloud.control<{ response: unknown }>('POST', `/devices/${ID}/commands`, { service_id: 'smokeDetector', command_name: 'selfDestruct', paras: {} });
  expect(unknown.body.response).toEqual({ result_code: -1, response_name: '', paras: { error: 'command not found: selfDestruct' } });
});

test('messages down on the system topic and on custom topics; messages up on system, custom and policy topics', async () => {
  const d = cloud.device(ID);
  const c = d.get_client();
  const raws: string[] = [];
  const msgs: JsonDict[] = [];
  const custom: Array<[string, string]> = [];
  c.set_raw_device_msg_listener(
    new (class extends RawDeviceMessageListener {
      on_raw_device_message(message: RawDeviceMessage): void {
        raws.push(message.payload.toString('utf8'));
      }
    })(),
  );
  c.set_device_msg_listener(
    new (class extends DeviceMessageListener {
      on_device_message(message: DeviceMessage): void {
        msgs.push(message.to_dict());
      }
    })(),
  );
  await online(d);
  const topic = `$oc/devices/${ID}/user/topictest`;
  c.subscribe_topic(topic, 1, new (class extends RawMessageListener {
    on_message_received(m: RawMessage): void {
      custom.push([m.topic, Buffer.isBuffer(m.payload) ? m.payload.toString('utf8') : String(m.payload)]);
    }
  })());
  await until(() => cloud.emu.trace.entries({ kind: 'subscribe', topic }).some((e) => e.qos === 1 && e.auto !== true), 3000, 'SUBSCRIBE');
  await cloud.control('POST', `/devices/${ID}/messages`, { content: 'hello device', name: 'n1', id: 'm1' });
  await cloud.control('POST', `/devices/${ID}/messages`, { topic, payload: 'raw text' });
  await cloud.control('POST', `/devices/${ID}/messages`, { topic: `${SYS}messages/down`, payload: { content: { nested: true } } });
  await until(() => raws.length === 2 && custom.length === 1);
  expect(msgs).toEqual([{ object_device_id: ID, id: 'm1', name: 'n1', content: 'hello device' }]);
  expect(raws).toEqual([`{"object_device_id":"${ID}","name":"n1","id":"m1","content":"hello device"}`, '{"content":{"nested":true}}']);
  expect(custom).toEqual([[topic, 'raw text']]);

  const upSince = cloud.seq();
  c.report_device_message(new DeviceMessage({ content: 'Hello Huawei' }));
  c.publish_raw_message(new RawMessage(topic, JSON.stringify({ topic })));
  c.publish_raw_message(new RawMessage('custom/policy/topic', Buffer.from('Custom Binary Message'), 1));
  await until(async () => (await cloud.control<unknown[]>('GET', `/devices/${ID}/messages`)).body.length === 3);
  // on the wire in the order sent
  expect(cloud.emu.trace.entries({ kind: 'publish', since: upSince }).filter((e) => !e.payload?.includes('"$log"')).map((e) => [e.topic, e.qos, e.payload])).toEqual([
    [`${SYS}messages/up`, 1, '{"object_device_id": "", "id": "", "name": "", "content": "Hello Huawei"}'],
    [topic, 1, JSON.stringify({ topic })],
    ['custom/policy/topic', 1, 'Custom Binary Message'],
  ]);
  // stored by the platform (MQTT orders messages per topic only: the broker may hand over other topics first)
  const stored = (await cloud.control<Array<{ topic: string; data: unknown }>>('GET', `/devices/${ID}/messages`)).body;
  expect(stored.map((m) => [m.topic, m.data]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
    [`${SYS}messages/up`, { object_device_id: '', id: '', name: '', content: 'Hello Huawei' }],
    [topic, { topic }],
    ['custom/policy/topic', 'Custom Binary Message'],
  ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
});

test('events: a user service event goes up; platform events reach the system services and user services', async () => {
  const d = cloud.device(ID);
  const seen: Array<[string, JsonDict]> = [];
  const svc = new (class extends AbstractService {
    override on_event(device_event: DeviceEvent): void {
      seen.push([device_event.event_type, device_event.paras]);
    }
  })();
  d.add_service('myService', svc);
  await online(d);
  const since = cloud.seq();
  d.get_client().report_event(new DeviceEvent({ service_id: 'myService', event_type: 'overheat', paras: { level: 3 } }));
  await until(() => eventsUp(cloud, ID, since).some(([k]) => k === 'myService/overheat'));
  expect(eventsUp(cloud, ID, since).filter(([k]) => !k.startsWith('$log/'))).toEqual([['myService/overheat', { level: 3 }]]);
  await until(async () => (await cloud.control<unknown[]>('GET', `/devices/${ID}/events`)).body.length === 1);
  expect((await cloud.control<Array<{ data: unknown }>>('GET', `/devices/${ID}/events`)).body.map((e) => e.data)).toEqual([{ service_id: 'myService', event_type: 'overheat', paras: { level: 3 } }]);
  await cloud.control('POST', `/devices/${ID}/events`, { service_id: 'myService', event_type: 'reset', paras: { hard: false } });
  expect(d.get_device_log_service().log_switch).toBe(true);
  await cloud.control('POST', `/devices/${ID}/events`, { service_id: '$log', event_type: 'log_config', paras: { switch: 'off', end_time: '20300101T000000Z' } });
  await until(() => seen.length === 1 && !d.get_device_log_service().log_switch);
  expect(seen).toEqual([['reset', { hard: false }]]);
  expect(d.get_device_log_service().end_time).toBe('20300101T000000Z');
});

test('time sync, device info (auto and explicit) and device log reports', async () => {
  const d = cloud.device(ID, SECRET, (i) => (i.auto_report_device_info = true));
  const times: number[][] = [];
  d.get_time_sync_service().set_listener(
    new (class extends TimeSyncListener {
      on_time_sync_response(device_send_time: number, server_recv_time: number, server_send_time: number): void {
        times.push([device_send_time, server_recv_time, server_send_time]);
      }
    })(),
  );
  await online(d);
  await until(async () => (await cloud.control<{ sdk_info: unknown }>('GET', `/devices/${ID}/info`)).body.sdk_info !== null);
  expect((await cloud.control('GET', `/devices/${ID}/info`)).body).toMatchObject({ sdk_info: { device_sdk_version: 'Python_v1.2.0', sw_version: '', fw_version: '' } });
  const before = Date.now();
  d.get_time_sync_service().request_time_sync();
  await until(() => times.length === 1);
  const [sent, recv, send] = times[0]!;
  expect(sent).toBeGreaterThanOrEqual(before);
  expect(recv).toBeGreaterThanOrEqual(sent!);
  expect(send).toBeGreaterThanOrEqual(recv!);
  expect(Math.abs((recv! + send! + Date.now() - sent!) / 2 - Date.now())).toBeLessThan(1000);
  d.get_client().report_device_info(new DeviceBaseInfo({ fw_version: 'v1.0', sw_version: 'v2.0' }));
  await until(async () => (await cloud.control<{ fw_version: string | null }>('GET', `/devices/${ID}/info`)).body.fw_version === 'v1.0');
  expect((await cloud.control('GET', `/devices/${ID}/info`)).body).toMatchObject({ fw_version: 'v1.0', sw_version: 'v2.0', sdk_info: { device_sdk_version: 'Python_v1.2.0', sw_version: 'v2.0', fw_version: 'v1.0' } });
  d.get_device_log_service().report_device_log('1700000000000', 'DEVICE_MESSAGE', 'custom log line');
  await until(async () => JSON.stringify((await cloud.control('GET', `/devices/${ID}/logs`)).body).includes('custom log line'));
  const logs = (await cloud.control<Array<{ topic: string; data: JsonDict }>>('GET', `/devices/${ID}/logs`)).body;
  expect(logs.at(-1)).toMatchObject({ topic: 'log_report', data: { timestamp: '1700000000000', type: 'DEVICE_MESSAGE', content: 'custom log line' } });
  expect(logs.some((l) => l.data['content'] === 'connect complete, the uri is 127.0.0.1')).toBe(true);
});

test('file upload then download through the platform URLs, with result reports', async () => {
  const d = cloud.device(ID);
  const fm = d.get_file_manager_service();
  const results: unknown[] = [];
  fm.set_listener(
    new (class extends FileManagerListener {
      async on_upload_url(url_info: UrlInfo): Promise<void> {
        results.push(['upload', url_info.object_name, await fm.transfer_upload(url_info)]);
      }
      async on_download_url(url_info: UrlInfo): Promise<void> {
        const r = await fm.transfer_download(url_info);
        results.push(['download', url_info.object_name, r?.bytes]);
      }
    })(),
  );
  await online(d);
  const body = 'upload file test for iot_device_demo!';
  const src = path.join(cloud.dir, 'upload_test.txt');
  writeFileSync(src, body);
  await fm.upload_file('upload_test.txt', src);
  await until(() => results.length === 1);
  expect(results[0]).toEqual(['upload', 'upload_test.txt', 200]);
  // what the platform stored is served back at the download URL
  const dst = path.join(cloud.dir, 'download.txt');
  fm.download_file('upload_test.txt', dst);
  await until(() => results.length === 2);
  expect(results[1]).toEqual(['download', 'upload_test.txt', body.length]);
  expect(readFileSync(dst, 'utf8')).toBe(body);
  await until(async () => (await cloud.control<unknown[]>('GET', `/devices/${ID}/files`)).body.length === 4);
  const files = (await cloud.control<Array<{ topic: string; data: JsonDict }>>('GET', `/devices/${ID}/files`)).body;
  expect(files.map((f) => [f.topic, f.data])).toEqual([
    ['get_upload_url', { file_name: 'upload_test.txt', file_attributes: { hash_code: createHash('sha256').update(body).digest('hex'), size: body.length } }],
    ['upload_result_report', { object_name: 'upload_test.txt', result_code: 0, status_code: 200 }],
    ['get_download_url', { file_name: 'upload_test.txt' }],
    ['download_result_report', { object_name: 'upload_test.txt', result_code: 0, status_code: 200 }],
  ]);
  // a file the platform does not have: the GET fails with 404, reported as a failed download, nothing written
  const missing = path.join(cloud.dir, 'missing.txt');
  fm.download_file('never_uploaded.txt', missing);
  await until(() => results.length === 3);
  expect(results[2]).toEqual(['download', 'never_uploaded.txt', undefined]);
  await until(async () => (await cloud.control<unknown[]>('GET', `/devices/${ID}/files`)).body.length === 6);
  const last = (await cloud.control<Array<{ topic: string; data: JsonDict }>>('GET', `/devices/${ID}/files`)).body.at(-1);
  expect([last?.topic, last?.data]).toEqual(['download_result_report', { object_name: 'never_uploaded.txt', result_code: 1, status_code: 404 }]);
  expect(existsSync(missing)).toBe(false);
  const rsp = eventOf(cloud.wire('deliver', `${SYS}events/down`).filter((e) => e.payload?.includes('get_upload_url_response')).at(-1));
  expect(rsp.paras).toMatchObject({ object_name: 'upload_test.txt', expire: 3600 });
  expect(String(rsp.paras['url']).startsWith(`${cloud.emu.httpUrl}/`)).toBe(true);
});

test('malformed downlinks (bad JSON, binary, wrong shapes, unknown events) never throw into user code', async () => {
  const errors: string[] = [];
  const logger = { debug: (): void => undefined, info: (): void => undefined, warn: (m: string): void => void errors.push(m), error: (m: string): void => void errors.push(m) };
  const d = cloud.device(ID, SECRET, undefined, { logger });
  const c = d.get_client();
  const calls: string[] = [];
  const raws: number[] = [];
  c.set_raw_device_msg_listener(
    new (class extends RawDeviceMessageListener {
      on_raw_device_message(message: RawDeviceMessage): void {
        raws.push(message.payload.length);
      }
    })(),
  );
  c.set_command_listener(
    new (class extends CommandListener {
      on_command(request_id: string, _s: string, command_name: string): void {
        calls.push(command_name);
        c.respond_command(request_id, new CommandRsp({ response_name: command_name }));
      }
    })(),
  );
  await online(d);
  const uncaught: unknown[] = [];
  const onErr = (e: unknown): void => void uncaught.push(e);
  process.on('uncaughtException', onErr);
  process.on('unhandledRejection', onErr);
  try {
    const pub = (topic: string, payload: string, encoding?: string): Promise<Response> =>
      fetch(`${cloud.emu.httpUrl}/control/publish`, { method: 'POST', body: JSON.stringify({ topic, payload, qos: 1, ...(encoding ? { encoding } : {}) }) });
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80]).toString('base64');
    for (const [topic, payload, enc] of [
      [`${SYS}commands/request_id=bad1`, '{not json'],
      [`${SYS}commands/request_id=bad2`, binary, 'base64'],
      [`${SYS}commands/request_id=bad3`, '[1,2,3]'],
      [`${SYS}properties/set/request_id=bad4`, '{"services": 5}'],
      [`${SYS}properties/set/request_id=bad5`, '{"services": [7]}'],
      [`${SYS}properties/get/request_id=bad6`, 'null'],
      [`${SYS}shadow/get/response/request_id=bad7`, '{"shadow": "nope"}'],
      [`${SYS}events/down`, '{"services": "nope"}'],
      [`${SYS}events/down`, binary, 'base64'],
      [`${SYS}events/down`, '{"object_device_id": "' + ID + '", "services": [{"service_id": "$ota", "event_type": "firmware_upgrade", "paras": {}}]}'],
      [`${SYS}events/down`, '{"object_device_id": "' + ID + '", "services": [null, 3, {"service_id": 9}]}'],
      [`${SYS}messages/down`, binary, 'base64'],
      [`${SYS}messages/down`, '123'],
      [`${SYS}bootstrap/down`, '{"address": 5}'],
      [`$oc/devices/${ID}/sys/unknown/thing`, 'x'],
    ] as Array<[string, string, string?]>) {
      expect((await pub(topic, payload, enc)).status).toBe(200);
    }
    for (const [sid, type] of [
      ['$ota', 'no_such_event'],
      ['$file_manager', 'get_upload_url_response'],
      ['$time_sync', 'time_sync_response'],
      ['$device_rule', 'device_rule_config_response'],
      ['$sub_device_manager', 'add_sub_device_notify'],
      ['no_such_service', 'whatever'],
    ]) {
      await cloud.control('POST', `/devices/${ID}/events`, { service_id: sid, event_type: type, paras: { garbage: [1, { x: null }] } });
    }
    await sleep(300);
    // the device is still up and serving
    const ok = await cloud.control<{ response: { response_name: string } }>('POST', `/devices/${ID}/commands`, { service_id: 's', command_name: 'stillAlive', paras: {} });
    expect(ok.body.response.response_name).toBe('stillAlive');
    expect(calls).toEqual(['stillAlive']);
    expect(raws).toEqual([5, 3]);
    expect(uncaught).toEqual([]);
    expect(c._get_connection().is_connected()).toBe(true);
    expect(errors.some((e) => e.includes('dropped a message'))).toBe(true);
  } finally {
    process.off('uncaughtException', onErr);
    process.off('unhandledRejection', onErr);
  }
});

test('non-ASCII text: escaped on the wire as Python json.dumps does, decoded by the platform; UTF-8 downlinks decoded by the SDK', async () => {
  const d = cloud.device(ID);
  const got: DeviceMessage[] = [];
  d.get_client().set_device_msg_listener(
    new (class extends DeviceMessageListener {
      on_device_message(message: DeviceMessage): void {
        got.push(message);
      }
    })(),
  );
  await online(d);
  const since = cloud.seq();
  d.get_client().report_device_message(new DeviceMessage({ content: '温度过高 ✓' }));
  await until(() => cloud.wire('publish', `${SYS}messages/up`, since).length === 1);
  expect(cloud.wire('publish', `${SYS}messages/up`, since)[0]!.payload).toBe('{"object_device_id": "", "id": "", "name": "", "content": "\\u6e29\\u5ea6\\u8fc7\\u9ad8 \\u2713"}');
  await until(async () => JSON.stringify((await cloud.control('GET', `/devices/${ID}/messages`)).body).includes('温度过高 ✓'));
  await cloud.control('POST', `/devices/${ID}/messages`, { content: '你好，设备' });
  await until(() => got.length === 1);
  expect(got[0]!.content).toBe('你好，设备');
});
