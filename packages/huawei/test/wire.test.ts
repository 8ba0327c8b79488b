// End to end on a real broker (aedes): CONNECT, every uplink's topic/QoS/bytes, downlink dispatch, reconnect, buffer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ActionListener,
  CommandListener,
  CommandRsp,
  ConnectListener,
  DeviceBaseInfo,
  DeviceEvent,
  DeviceMessage,
  DeviceMessageListener,
  DeviceShadowListener,
  IotDevice,
  PropertyListener,
  RawDeviceMessage,
  RawDeviceMessageListener,
  RawMessage,
  RawMessageListener,
  ServiceProperty,
  ShadowData,
  TimeSyncListener,
  iot_result,
  get_timestamp,
  sha256_mac,
  type JsonDict,
} from '../src/index.js';
import { authInfo, makeDevice, settle, startRecorder, waitFor, type Recorder } from './helpers.js';

const ID = 'productId_nodeId';
const T = (s: string): string => `$oc/devices/${ID}/sys/${s}`;
const ET = /"event_time": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/g;

class Results extends ActionListener {
  ok: string[] = [];
  failed: Array<[string, Error | null]> = [];
  on_success(message: string): void {
    this.ok.push(message);
  }
  on_failure(message: string, e: Error | null): void {
    this.failed.push([message, e]);
  }
}

let rec: Recorder;
const devices: IotDevice[] = [];
let dir: string;

beforeAll(async () => {
  rec = await startRecorder();
  dir = mkdtempSync(path.join(tmpdir(), 'hw-wire-'));
});
afterEach(async () => {
  for (const d of devices.splice(0)) await d.destroy();
  rec.publishes.length = 0;
  rec.connects.length = 0;
  rec.subscribes.length = 0;
  rec.refuse = 0;
});
afterAll(async () => {
  await rec.close();
  rmSync(dir, { recursive: true, force: true });
});

function device(...args: Parameters<typeof makeDevice> extends [unknown, ...infer R] ? R : never): IotDevice {
  const d = makeDevice(rec, ...args);
  devices.push(d);
  return d;
}

test('CONNECT carries the signed client id, username and password; connect() resolves 0', async () => {
  const d = device();
  const before = get_timestamp();
  expect(await d.connect()).toBe(0);
  const c = rec.connects[0]!;
  const ts = c.clientId.slice(-10);
  expect([before, get_timestamp()]).toContain(ts);
  expect(c.clientId).toBe(`${ID}_0_1_${ts}`);
  expect(c.username).toBe(ID);
  expect(c.password).toBe(sha256_mac('12345678', ts));
  expect(rec.subscribes).toEqual(expect.arrayContaining(['commands/#', 'messages/down', 'properties/set/#', 'properties/get/#', 'shadow/get/response/#', 'events/down'].map((t) => ({ topic: T(t), qos: 1 }))));
  await waitFor(() => rec.on(T('events/up')).length >= 1);
  const log = rec.on(T('events/up'))[0]!;
  expect(log.text.replace(/"timestamp": "\d+"/, '"timestamp": "<ms>"').replace(ET, '"event_time": "<et>"')).toBe(
    `{"object_device_id": "${ID}", "services": [{"service_id": "$log", "event_type": "log_report", "event_time": "<et>", "event_id": "", "paras": {"timestamp": "<ms>", "type": "DEVICE_STATUS", "content": "connect complete, the uri is 127.0.0.1"}}]}`,
  );
});

test('every client uplink: topic, QoS and the exact Python json.dumps bytes', async () => {
  const d = device();
  expect(await d.connect()).toBe(0);
  const c = d.get_client();
  const l = new Results();
  c.report_device_message(new DeviceMessage({ content: 'Hello Huawei' }), l);
  c.report_properties([new ServiceProperty('smokeDetector', { alarm: 10, smokeConcentration: 36, temperature: 64, humidity: 32 })], l);
  c.get_device_shadow('rid-1', 'smokeDetector');
  c.get_device_shadow('rid-2', null, 'child_1');
  c.report_event(new DeviceEvent({ service_id: 's', event_type: 'e', paras: { a: 1 } }));
  c.report_sub_event('child_1', new DeviceEvent({ service_id: '$ota', event_type: 'version_report', paras: { fw_version: 'v1.0', sw_version: 'v1.0' } }));
  c.respond_command('r1', new CommandRsp({ result_code: 0, response_name: 'ringAlarm', paras: { content: 'Hello Huawei' } }));
  c.respond_properties_get('r2', [new ServiceProperty('smokeDetector', { alarm: 10 })]);
  c.respond_properties_set('r3', iot_result.SUCCESS);
  c.publish_raw_message(new RawMessage(`$oc/devices/${ID}/user/topictest`, Buffer.from('Custom Binary Message'), 0), l);
  c.publish_raw_message(new RawMessage('custompolicy', null));
  c.report_device_info(new DeviceBaseInfo({ fw_version: 'v1.0', sw_version: 'v2.0' }));
  await waitFor(() => rec.publishes.filter((p) => p.topic !== T('events/up') || !p.text.includes('$log')).length >= 12);
  const got = rec.publishes.filter((p) => !p.text.includes('"$log"')).map((p) => [p.topic, p.qos, p.text.replace(ET, '"event_time": "<et>"')]);
  // aedes reports publishes in its processing order, which may differ from the send order
  expect(got).toHaveLength(12);
  expect(got).toEqual(expect.arrayContaining([
    [T('messages/up'), 1, '{"object_device_id": "", "id": "", "name": "", "content": "Hello Huawei"}'],
    [T('properties/report'), 1, '{"services": [{"service_id": "smokeDetector", "properties": {"alarm": 10, "smokeConcentration": 36, "temperature": 64, "humidity": 32}, "event_time": null}]}'],
    [T('shadow/get/request_id=rid-1'), 1, '{"service_id": "smokeDetector"}'],
    ['$oc/devices/child_1/sys/shadow/get/request_id=rid-2', 1, '{}'],
    [T('events/up'), 1, `{"object_device_id": "${ID}", "services": [{"service_id": "s", "event_type": "e", "event_time": "", "event_id": "", "paras": {"a": 1}}]}`],
    [T('events/up'), 1, '{"object_device_id": "child_1", "services": [{"service_id": "$ota", "event_type": "version_report", "event_time": "", "event_id": "", "paras": {"fw_version": "v1.0", "sw_version": "v1.0"}}]}'],
    [T('commands/response/request_id=r1'), 1, '{"result_code": 0, "response_name": "ringAlarm", "paras": {"content": "Hello Huawei"}}'],
    [T('properties/get/response/request_id=r2'), 1, '{"services": [{"service_id": "smokeDetector", "properties": {"alarm": 10}, "event_time": null}]}'],
    [T('properties/set/response/request_id=r3'), 1, '{"result_code": 0, "result_desc": "Success"}'],
    [`$oc/devices/${ID}/user/topictest`, 0, 'Custom Binary Message'],
    ['custompolicy', 1, ''],
    [T('events/up'), 1, `{"object_device_id": "${ID}", "services": [{"service_id": "$sdk_info", "event_type": "sdk_info_report", "event_time": "<et>", "event_id": "", "paras": {"device_sdk_version": "Python_v1.2.0", "sw_version": "v2.0", "fw_version": "v1.0"}}]}`],
  ]));
  await waitFor(() => l.ok.length === 3);
  expect(l.ok.every((m) => /^publish message success, mid = \d+$/.test(m))).toBe(true);
});

test('system service uplinks: OTA, time sync, file manager, device log', async () => {
  const d = device();
  expect(await d.connect()).toBe(0);
  await waitFor(() => rec.on(T('events/up')).length >= 1);
  rec.publishes.length = 0;
  const file = path.join(dir, 'upload_test.txt');
  writeFileSync(file, 'upload file test for iot_device_demo!');
  d.get_ota_service().report_version('v1.0.0', 'v1.0.0');
  d.get_ota_service().report_version(null, 'v2');
  d.get_ota_service().report_ota_status(0, 'v2', 100, 'upgrade success');
  d.get_ota_service().report_ota_status(7, 'v2');
  await d.get_file_manager_service().upload_file('upload_test.txt', file);
  await d.get_file_manager_service().upload_file('upload_test.txt', file); // ignored: already requested
  d.get_file_manager_service().download_file('upload_test.txt', path.join(dir, 'download.txt'));
  d.get_file_manager_service().report_upload_result('upload_test.txt', 0, 200);
  d.get_file_manager_service().report_download_result('upload_test.txt', 1, 404, 'not found');
  d.get_device_log_service().report_device_log('1', 'DEVICE_MESSAGE', 'x');
  const before = Date.now();
  d.get_time_sync_service().request_time_sync();
  await waitFor(() => rec.publishes.length >= 10);
  const paras = rec.publishes.map((p) => {
    const body = JSON.parse(p.text) as { services: Array<{ service_id: string; event_type: string; paras: JsonDict }> };
    const ev = body.services[0]!;
    return [ev.service_id, ev.event_type, p.text.slice(p.text.indexOf('"paras": ') + 9, -3)];
  });
  const ts = paras[9]![2];
  expect(paras).toEqual([
    ['$ota', 'version_report', '{"fw_version": "v1.0.0", "sw_version": "v1.0.0"}'],
    ['$ota', 'version_report', '{"sw_version": "v2"}'],
    ['$ota', 'upgrade_progress_report', '{"result_code": 0, "version": "v2", "progress": 100, "description": "upgrade success"}'],
    ['$ota', 'upgrade_progress_report', '{"result_code": 7, "version": "v2"}'],
    ['$file_manager', 'get_upload_url', '{"file_name": "upload_test.txt", "file_attributes": {"hash_code": "b8cb5bce8ac5b26e4de21b5b5bbd45ee4d5b6e1d5ca93b9e1a5b2a8fa7c0fc0b", "size": 37}}'.replace(/"hash_code": "[0-9a-f]+"/, paras[4]![2].match(/"hash_code": "[0-9a-f]{64}"/)![0])],
    ['$file_manager', 'get_download_url', '{"file_name": "upload_test.txt"}'],
    ['$file_manager', 'upload_result_report', '{"object_name": "upload_test.txt", "result_code": 0, "status_code": 200}'],
    ['$file_manager', 'download_result_report', '{"object_name": "upload_test.txt", "result_code": 1, "status_code": 404, "status_description": "not found"}'],
    ['$log', 'log_report', '{"timestamp": "1", "type": "DEVICE_MESSAGE", "content": "x"}'],
    ['$time_sync', 'time_sync_request', ts],
  ]);
  const { createHash } = await import('node:crypto');
  expect(paras[4]![2]).toContain(createHash('sha256').update('upload file test for iot_device_demo!').digest('hex'));
  const sent = Number(/"device_send_time": "(\d+)"/.exec(ts!)![1]);
  expect(sent).toBeGreaterThanOrEqual(before);
});

test('downlinks reach the listeners in order with the Python arguments; responses go back', async () => {
  const d = device();
  const c = d.get_client();
  const calls: unknown[][] = [];
  c.set_command_listener(
    new (class extends CommandListener {
      on_command(request_id: string, service_id: string, command_name: string, paras: JsonDict): void {
        calls.push(['command', request_id, service_id, command_name, paras]);
        c.respond_command(request_id, new CommandRsp({ response_name: command_name }));
      }
    })(),
  );
  c.set_properties_listener(
    new (class extends PropertyListener {
      on_property_set(request_id: string, services: ServiceProperty[]): void {
        calls.push(['set', request_id, services.map((s) => s.to_dict())]);
        c.respond_properties_set(request_id, iot_result.SUCCESS);
      }
      on_property_get(request_id: string, service_id: string): void {
        calls.push(['get', request_id, service_id]);
      }
    })(),
  );
  c.set_device_shadow_listener(
    new (class extends DeviceShadowListener {
      on_shadow_get(request_id: string, object_device_id: string, shadow: ShadowData[]): void {
        calls.push(['shadow', request_id, object_device_id, shadow[0]!.service_id, shadow[0]!.desired!.properties, shadow[0]!.version]);
      }
    })(),
  );
  c.set_device_msg_listener(
    new (class extends DeviceMessageListener {
      on_device_message(message: DeviceMessage): void {
        calls.push(['msg', message.to_dict()]);
      }
    })(),
  );
  c.set_raw_device_msg_listener(
    new (class extends RawDeviceMessageListener {
      on_raw_device_message(message: RawDeviceMessage): void {
        calls.push(['raw', message.payload.toString('hex')]);
      }
    })(),
  );
  d.get_time_sync_service().set_listener(
    new (class extends TimeSyncListener {
      on_time_sync_response(a: number, b: number, s: number): void {
        calls.push(['time', a, b, s]);
      }
    })(),
  );
  const custom: RawMessage[] = [];
  expect(await d.connect()).toBe(0);
  c.subscribe_topic(`$oc/devices/${ID}/user/topictest`, 1, {
    on_message_received: (m: RawMessage) => custom.push(m),
  } as RawMessageListener);
  await waitFor(() => rec.subscribes.some((s) => s.topic.endsWith('topictest')));
  await rec.down(T('commands/request_id=123456'), '{"object_device_id": "productId_nodeId","command_name": "TestCommandName","service_id": "WaterMeter","paras": {"value": "1"}}');
  await rec.down(T('properties/set/request_id=7'), '{"object_device_id": "productId_nodeId","services": [{"service_id": "Battery", "properties": {"level": 80}}]}');
  await rec.down(T('properties/get/request_id=8'), '{"object_device_id": "productId_nodeId"}');
  await rec.down(T('shadow/get/response/request_id=9'), '{"object_device_id": "productId_nodeId","shadow": [{"service_id": "WaterMeter","desired": {"properties": {"temperature": "60"},"event_time": "20151212T121212Z"},"version": 1}]}');
  await rec.down(T('messages/down'), '{"content": "hi"}');
  await rec.down(T('events/down'), '{"object_device_id": "productId_nodeId", "services": [{"service_id": "$time_sync", "event_type": "time_sync_response", "paras": {"device_send_time": "1", "server_recv_time": 2, "server_send_time": 3}}]}');
  await rec.down(`$oc/devices/${ID}/user/topictest`, Buffer.from([1, 2, 3]));
  await waitFor(() => calls.length >= 7 && custom.length === 1);
  expect(calls).toEqual([
    ['command', '123456', 'WaterMeter', 'TestCommandName', { value: '1' }],
    ['set', '7', [{ service_id: 'Battery', properties: { level: 80 }, event_time: null }]],
    ['get', '8', ''],
    ['shadow', '9', ID, 'WaterMeter', { temperature: '60' }, 1],
    ['raw', Buffer.from('{"content": "hi"}').toString('hex')],
    ['msg', { object_device_id: '', id: '', name: '', content: 'hi' }],
    ['time', 1, 2, 3],
  ]);
  expect(custom[0]!.payload).toEqual(Buffer.from([1, 2, 3]));
  await waitFor(() => rec.on(T('commands/response/request_id=123456')).length === 1 && rec.on(T('properties/set/response/request_id=7')).length === 1);
  expect(rec.on(T('commands/response/request_id=123456'))[0]!.text).toBe('{"result_code": 0, "response_name": "TestCommandName", "paras": {}}');
});

test('malformed downlinks never throw into user code and the device keeps working', async () => {
  const d = device();
  const raws: Buffer[] = [];
  d.get_client().set_raw_device_msg_listener(
    new (class extends RawDeviceMessageListener {
      on_raw_device_message(message: RawDeviceMessage): void {
        raws.push(message.payload);
        expect(message.to_device_message()).toBeNull();
      }
    })(),
  );
  expect(await d.connect()).toBe(0);
  let seed = 42;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const topics = ['commands/request_id=1', 'properties/set/request_id=2', 'properties/get/request_id=3', 'shadow/get/response/request_id=4', 'events/down', 'messages/down', 'bootstrap/down', 'unknown/x'];
  const bodies = ['', 'null', '[]', '123', '"x"', '{"services": 5}', '{"services": [1]}', '{"shadow": "x"}', '{"services": [{"service_id": "$ota", "paras": []}]}'];
  let count = 0;
  for (let i = 0; i < 120; i++) {
    const topic = T(topics[i % topics.length]!);
    const body = i < bodies.length * topics.length ? Buffer.from(bodies[Math.floor(i / topics.length) % bodies.length]!) : Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 40) }, () => Math.floor(rand() * 256)));
    if (topic.endsWith('messages/down')) count++;
    await rec.down(topic, body);
  }
  await waitFor(() => raws.length === count);
  rec.publishes.length = 0;
  d.get_client().report_device_message(new DeviceMessage({ content: 'still alive' }));
  await waitFor(() => rec.on(T('messages/up')).length === 1);
});

test('bad credentials: CONNACK 4 and 5 are returned and not retried', async () => {
  rec.refuse = 4;
  const d = device(authInfo(rec), { random: () => 0 });
  d.get_client()._get_connection();
  const info = authInfo(rec);
  info.min_backoff = 10;
  const d2 = device(info);
  expect(await d.connect()).toBe(4);
  rec.refuse = 5;
  expect(await d2.connect()).toBe(5);
  await new Promise((r) => setTimeout(r, 100));
  expect(rec.connects.length).toBe(2);
});

test('other refusals are retried with the back-off and re-signed; without reconnect the code is returned', async () => {
  rec.refuse = 3;
  const info = authInfo(rec);
  info.min_backoff = 10;
  info.max_backoff = 40;
  const d = device(info);
  const p = d.connect();
  await waitFor(() => rec.connects.length >= 3);
  rec.refuse = 0;
  expect(await p).toBe(0);
  expect(rec.connects.every((c) => c.password === sha256_mac('12345678', c.clientId.slice(-10)))).toBe(true);
  rec.refuse = 3;
  rec.connects.length = 0;
  const once = authInfo(rec);
  once.reconnect_on_failure = false;
  const d2 = device(once);
  expect(await d2.connect()).toBe(3);
  expect(rec.connects.length).toBe(1);
});

test('a second connect() while one is running returns -1; unreachable broker without retry returns -1', async () => {
  const d = device();
  const [a, b] = await Promise.all([d.connect(), d.connect()]);
  expect([a, b]).toEqual([0, -1]);
  const info = authInfo(rec);
  info.reconnect_on_failure = false;
  const dead = makeDevice(null, info, { broker_port: 1 });
  devices.push(dead);
  expect(await dead.connect()).toBe(-1);
});

test('reconnect: listeners told, credentials re-signed, buffer drops the oldest and replays in order after the connect log reports (Python order)', async () => {
  const info = authInfo(rec);
  info.min_backoff = 20;
  info.max_backoff = 50;
  info.max_buffer_message = 2;
  const d = device(info);
  const events: string[] = [];
  d.get_client().add_connect_listener(
    new (class extends ConnectListener {
      connection_lost(cause: string): void {
        events.push(`lost:${cause}`);
      }
      connect_complete(reconnect: boolean, server_uri: string): void {
        events.push(`complete:${reconnect}:${server_uri}`);
      }
    })(),
  );
  expect(await d.connect()).toBe(0);
  await settle(d);
  await rec.broker.stop();
  await waitFor(() => !d.get_client()._get_connection().is_connected());
  const l = new Results();
  for (const n of ['m1', 'm2', 'm3']) d.get_client().report_device_message(new DeviceMessage({ content: n }), l);
  rec.publishes.length = 0;
  rec.connects.length = 0;
  await rec.broker.restart();
  await waitFor(() => rec.on(T('messages/up')).length === 2, 5000, 'replay');
  expect(rec.on(T('messages/up')).map((p) => (JSON.parse(p.text) as { content: string }).content)).toEqual(['m2', 'm3']);
  await waitFor(() => l.ok.length === 2 && l.failed.length === 1);
  expect(rec.connects[0]!.password).toBe(sha256_mac('12345678', rec.connects[0]!.clientId.slice(-10)));
  await settle(d);
  expect(events).toEqual(['complete:false:127.0.0.1', 'lost:Unspecified error', 'complete:false:127.0.0.1']);
  await waitFor(() => rec.on(T('events/up')).some((p) => p.text.includes('"connect lost"')));
  // as in Python: the CONNACK callbacks' device-log reports ("connect complete", then the recorded "connect lost")
  // go out first, then the offline buffer
  const order = rec.publishes
    .filter((p) => p.topic === T('messages/up') || p.topic === T('events/up'))
    .map((p) => (p.topic === T('messages/up') ? (JSON.parse(p.text) as { content: string }).content : p.text.includes('"connect lost"') ? 'log:lost' : 'log:complete'));
  expect(order).toEqual(['log:complete', 'log:lost', 'm2', 'm3']);
});

test('destroy() really stops: no reconnect afterwards, no timers left', async () => {
  const info = authInfo(rec);
  info.min_backoff = 10;
  const d = device(info);
  expect(await d.connect()).toBe(0);
  await d.destroy();
  rec.connects.length = 0;
  await rec.broker.restart();
  await new Promise((r) => setTimeout(r, 200));
  expect(rec.connects.length).toBe(0);
  expect(d.get_client()._get_connection().is_connected()).toBe(false);
});

test('without a buffer, publishes while offline are dropped with a log line and on_failure', async () => {
  const d = device();
  const l = new Results();
  d.get_client().report_device_message(new DeviceMessage({ content: 'x' }), l);
  await waitFor(() => l.failed.length === 1);
  expect(l.ok).toEqual([]);
});

test('secrets and passwords never reach the logs', async () => {
  const lines: string[] = [];
  const sink = (level: string) => (msg: string, ...meta: unknown[]) => lines.push(`${level} ${msg} ${meta.map(String).join(' ')}`);
  const info = authInfo(rec, ID, 'super-secret-value');
  const d = device(info, { logger: { debug: sink('debug'), info: sink('info'), warn: sink('warn'), error: sink('error') } });
  expect(await d.connect()).toBe(0);
  const password = rec.connects[rec.connects.length - 1]!.password!;
  d.get_client().on_message_received(new RawMessage(T('commands/request_id=1'), Buffer.from('{bad json super-secret-value')));
  await settle(d);
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.some((l) => l.includes('super-secret-value') || l.includes(password))).toBe(false);
});

test('callbacks are never run inside the SDK call that caused them', async () => {
  const info = authInfo(rec);
  info.enable_rule_manage = true;
  const d = device(info);
  const order: string[] = [];
  const l = new (class extends ActionListener {
    on_success(): void {
      order.push('on_success');
    }
    on_failure(): void {
      order.push('on_failure');
    }
  })();
  expect(await d.connect()).toBe(0);
  d.get_client().report_device_message(new DeviceMessage({ content: 'x' }), l);
  order.push('returned');
  await waitFor(() => order.length === 2);
  expect(order).toEqual(['returned', 'on_success']);
});

test('uplink order after connect() mirrors Python: connect-complete log, then $sdk_info, then the caller', async () => {
  const info = authInfo(rec);
  info.auto_report_device_info = true;
  const d = device(info, { subscribe_system_topics: false });
  const order: string[] = [];
  const conn = d.get_client()._get_connection();
  const orig = conn.publish_message.bind(conn);
  conn.publish_message = (m, l) => {
    order.push(String(m.payload).includes('"$log"') ? 'log' : String(m.payload).includes('$sdk_info') ? 'sdk_info' : m.topic.split('/').slice(-2).join('/'));
    orig(m, l);
  };
  expect(await d.connect()).toBe(0);
  d.get_client().report_device_message(new DeviceMessage({ content: 'after' }));
  expect(order).toEqual(['log', 'sdk_info', 'messages/up']);
});

test('the session waits the Huawei back-off between attempts (min_backoff/max_backoff, injected random)', async () => {
  rec.refuse = 3;
  const info = authInfo(rec);
  info.min_backoff = 50;
  info.max_backoff = 300;
  const d = device(info, { random: () => 0 });
  const p = d.connect();
  const delays: number[] = [];
  d.get_client()._get_connection()._get_session()!.on('reconnecting', (r) => {
    delays.push(r.delayMs);
    if (delays.length === 4) rec.refuse = 0;
  });
  expect(await p).toBe(0);
  // low = 40, r = 0: 50 + 2^k * 40, capped at 300, rounded to 10 ms
  expect(delays).toEqual([90, 130, 210, 300]);
});
