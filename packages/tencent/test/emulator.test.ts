// End to end against the emulator's own tencent plugin (an independent platform implementation): authentication,
// MQTT callbacks and custom topics, disconnect/reconnect, NTP, shadow, gateway topology and sub-devices, OTA (resume
// after a cut download, MD5 mismatch, truncated firmware), RRPC, broadcast, dynamic registration, HTTP publish,
// resource upload, and malformed downlinks that must never throw into user code.
// Every QcloudHubProvider method that talks to the platform is called here at least once (see the coverage test at
// the end, which compares the calls made with the spec's method list).
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@iot/emulator';
import { QcloudHubProvider, OtaCmdType, HubState, LoggerLevel, type gateway_subdev, type QcloudHubOptions } from '../src/index.js';
import { deviceFile, sleep, waitFor, type DeviceDir } from './helpers.js';
import { SPEC_METHODS } from './spec-names.js';

const PID = 'EMUPID0001';
const SECRET = Buffer.from('0123456789abcdef').toString('base64');
let emu: Emulator;
const dirs: DeviceDir[] = [];
const hubs: QcloudHubProvider<string>[] = [];

async function control(method: string, path: string, body?: unknown, raw?: Buffer): Promise<unknown> {
  const res = await fetch(`${emu.httpUrl}${path}`, {
    method,
    headers: { 'content-type': raw ? 'application/octet-stream' : 'application/json' },
    body: raw ? new Uint8Array(raw) : body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

function file(deviceName: string, secret = SECRET, extra: Record<string, unknown> = {}): string {
  const d = deviceFile({ productId: PID, deviceName, key_deviceinfo: { deviceSecret: secret }, productSecret: 'emuproductsecret00000000', ...extra });
  dirs.push(d);
  return d.file;
}

/** Names of the public methods the tests called (filled by the proxy in `hub()`), checked by the last test. */
const called = new Set<string>();

/** Records every method call on the client (the coverage test at the end reads `called`). */
function track<T extends object>(h: T): T {
  return new Proxy(h, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      // only the class's methods (not the nested classes such as device_property)
      if (typeof v !== 'function' || typeof prop !== 'string' || !Object.prototype.hasOwnProperty.call(QcloudHubProvider.prototype, prop)) return v;
      return (...args: unknown[]) => {
        called.add(prop);
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** A client built by hand: destroyed after the test, calls recorded. */
function keep<U>(h: QcloudHubProvider<U>): QcloudHubProvider<U> {
  hubs.push(h as unknown as QcloudHubProvider<string>);
  return track(h);
}

interface HubOpts {
  secret?: string;
  wait?: boolean;
  extra?: Record<string, unknown>;
  options?: QcloudHubOptions;
  /** Runs before connect() (callbacks, intervals). */
  before?: (h: QcloudHubProvider<string>) => void;
}

async function hub(deviceName: string, secret = SECRET, wait = true, o: HubOpts = {}): Promise<QcloudHubProvider<string>> {
  const f = file(deviceName, o.secret ?? secret, o.extra);
  const raw = new QcloudHubProvider<string>(f, 'UD', false, '127.0.0.1', false, { port: Number(new URL(emu.mqttUrl).port), timeScale: 0.5, ...o.options });
  const h = track(raw);
  hubs.push(raw);
  o.before?.(h);
  h.connect();
  if (o.wait ?? wait) await waitFor(() => h.isMqttConnected(), 5000, 'connected');
  return h;
}

function trace(filter: { kind?: string; topic?: string; clientId?: string }): Array<{ kind: string; topic?: string; payload?: string; qos?: number; username?: string; returnCode?: number; reason?: string }> {
  return emu.trace.entries(filter as never) as never;
}

/** Polls a control route until `pick` returns something truthy. */
async function poll<T>(path: string, pick: (body: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const b = (await control('GET', path)) as T;
    if (pick(b)) return b;
    await sleep(30);
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface OtaView {
  reportedVersion?: string;
  task?: { state?: string; resultCode?: string; percent?: number; version?: string };
  reports: Array<{ type: string; report?: { progress?: { state: string; result_code?: string; percent?: string } } }>;
}

async function fetchAll(h: QcloudHubProvider<string>, dn: string, chunk = 7000): Promise<{ data: Buffer; rc: number }> {
  const parts: Buffer[] = [];
  while (!h.otaIsFetchFinished(PID, dn)) {
    const [buf, n] = await h.otaFetchYield(PID, dn, chunk);
    if (n < 0) return { data: Buffer.concat(parts), rc: n };
    if (buf && n > 0) parts.push(buf);
  }
  return { data: Buffer.concat(parts), rc: 0 };
}

beforeAll(async () => {
  emu = await startEmulator({ vendors: ['tencent'] });
  for (const dn of ['dev1', 'dev2', 'dev3', 'dev4', 'sub1', 'sub2', 'sub3']) await control('POST', '/control/tencent/devices', { productId: PID, deviceName: dn, deviceSecret: SECRET });
  await control('POST', '/control/tencent/devices', { productId: PID, deviceName: 'gw1', deviceSecret: SECRET, gateway: true, subDevices: [`${PID}/sub1`, `${PID}/sub2`] });
  await control('POST', '/control/tencent/products', { productId: PID, productSecret: 'emuproductsecret00000000' });
});
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.destroy();
  await control('DELETE', '/control/faults');
});
afterAll(async () => {
  await emu.close();
  for (const d of dirs) d.cleanup();
});

test('key authentication accepted; a wrong secret is refused (the client keeps retrying, the user sees nothing)', async () => {
  const good = await hub('dev1');
  const bad = await hub('dev1', Buffer.from('wrong-secret-123').toString('base64'), false);
  const events: unknown[] = [];
  bad.registerMqttCallback(() => events.push('connect'));
  await emu.trace.waitFor((e) => e.kind === 'connack' && e.clientId === `${PID}dev1` && e.returnCode === 4);
  await sleep(600);
  expect(bad.getConnectState()).toBe(HubState.CONNECTING);
  expect(events).toEqual([]);
  // the refused attempts with the same client id did not take the session of the good client
  expect(good.isMqttConnected()).toBe(true);
});

test('NTP time from the platform', async () => {
  const h = await hub('dev1');
  const t = await h.getNtpAccurateTime();
  expect(Math.abs(t - Date.now())).toBeLessThan(2000);
});

test('shadow: get/update replies and a console delta reach the callback', async () => {
  const h = await hub('dev1');
  const got: Array<Record<string, unknown>> = [];
  h.shadowInit(PID, 'dev1', (_t, _q, p) => got.push(p as Record<string, unknown>));
  await sleep(100);
  const p = new h.device_property();
  p.key = 'temp';
  p.data = 21;
  p.type = 'int';
  h.shadowUpdate(PID, 'dev1', h.shadowJsonConstructReport(PID, 'dev1', p), 0);
  h.getShadow(PID, 'dev1');
  await waitFor(() => got.length >= 2);
  expect(got.map((g) => [g['type'], g['result']])).toEqual([['update', 0], ['get', 0]]);
  expect(got[1]!['clientToken']).toBe(`${PID}-1`);
  await control('POST', `/control/tencent/shadow/${PID}/dev1/desired`, { state: { temp: 25 } });
  await waitFor(() => got.some((g) => g['type'] === 'delta'));
});

test('gateway: bound sub-devices go online, unbound ones fail, bind needs the right secret, bind list', async () => {
  const h = await hub('gw1', SECRET);
  h.gatewayInit();
  await sleep(100);
  expect((await h.gatewaySubdevOnline(PID, 'sub1'))[0]).toBe(0);
  expect((await h.gatewaySubdevOnline(PID, 'sub3'))[0]).toBe(1);
  expect((await h.gatewaySubdevBind(PID, 'sub3', Buffer.from('not-the-secret!!').toString('base64')))[0]).toBe(1);
  expect((await h.gatewaySubdevBind(PID, 'sub3', SECRET))[0]).toBe(0);
  const [rc, list] = await h.gatewaySubdevGetBindList(PID, 'gw1');
  expect(rc).toBe(0);
  expect((list as gateway_subdev[]).map((d) => d.device_name).sort()).toEqual(['sub1', 'sub2', 'sub3']);
  expect((await h.gatewaySubdevUnbind(PID, 'sub3'))[0]).toBe(0);
  expect((await h.gatewaySubdevOffline(PID, 'sub1'))[0]).toBe(0);
});

test('OTA: console firmware, update notification, download, MD5 check, reports recorded by the platform', async () => {
  const h = await hub('dev1');
  const fw = randomBytes(40_000);
  await control('PUT', `/control/tencent/ota/firmware/${PID}/2.0.0`, undefined, fw);
  expect((await h.otaInit(PID, 'dev1', () => 0))[0]).toBe(0);
  h.otaReportVersion(PID, 'dev1', '1.0.0');
  await sleep(100);
  await control('POST', `/control/tencent/ota/${PID}/dev1/update`, { version: '2.0.0' });
  await waitFor(() => h.otaIsFetching(PID, 'dev1'));
  expect(h.otaIoctlString(PID, 'dev1', OtaCmdType.IOT_OTAG_MD5SUM, 32)[0]).toBe(createHash('md5').update(fw).digest('hex'));
  expect(await h.otaDownloadStart(PID, 'dev1', 0, fw.length)).toBe(0);
  const parts: Buffer[] = [];
  while (!h.otaIsFetchFinished(PID, 'dev1')) {
    const [buf, n] = await h.otaFetchYield(PID, 'dev1', 8000);
    expect(n).toBeGreaterThanOrEqual(0);
    if (buf && n > 0) parts.push(buf);
  }
  expect(Buffer.concat(parts).equals(fw)).toBe(true);
  expect(h.otaIoctlNumber(PID, 'dev1', OtaCmdType.IOT_OTAG_CHECK_FIRMWARE)).toEqual([0, 'success']);
  h.otaReportUpgradeSuccess(PID, 'dev1', null);
  let state = '';
  for (let i = 0; i < 50 && state !== 'done'; i++) {
    const r = (await control('GET', `/control/tencent/ota/${PID}/dev1`)) as { reportedVersion?: string; task?: { state?: string } };
    state = r.task?.state ?? '';
    if (state !== 'done') await sleep(50);
  }
  expect(state).toBe('done');
});

test('RRPC and broadcast through the console routes', async () => {
  const h = await hub('dev1');
  h.rrpcInit(PID, 'dev1', () => h.rrpcReply(PID, 'dev1', 'ok', 2));
  const got: unknown[] = [];
  h.broadcastInit(PID, 'dev1', (_t, _q, p) => got.push(p));
  await sleep(100);
  const r = (await control('POST', `/control/tencent/rrpc/${PID}/dev1`, { payload: { payload: 'rrpc test' } })) as { payload: string };
  expect(r.payload).toBe('"ok"');
  await control('POST', `/control/tencent/broadcast/${PID}`, { payload: { payload: 'broadcast test' } });
  await waitFor(() => got.length === 1);
  expect(got[0]).toEqual({ payload: 'broadcast test' });
});

test('dynamic registration and HTTP publish against the platform endpoints', async () => {
  const f = file('newdev', 'YOUR_DEVICE_SECRET');
  const h = keep(new QcloudHubProvider(f, null, false, '127.0.0.1', false, { port: Number(new URL(emu.mqttUrl).port) }));
  const [rc, psk] = await h.dynregDevice(10, `${emu.httpUrl}/device/register`);
  expect(rc).toBe(0);
  expect(readFileSync(f, 'utf-8')).toContain(psk);
  h.connect();
  await waitFor(() => h.isMqttConnected(), 5000);
  const got: unknown[] = [];
  h.registerUserCallback(`${PID}/newdev/data`, (_t, _q, p) => got.push(p));
  h.subscribe(`${PID}/newdev/data`, 0);
  await sleep(100);
  // the payload text goes out as it is and devices only accept JSON payloads: send a JSON number
  expect((await h.httpDevice(null, '42', 0, 10, `${emu.httpUrl}/device/publish`))[0]).toBe(0);
  await waitFor(() => got.length === 1);
  expect(got[0]).toBe(42);
  await h.destroy();
});

test('resource upload to the platform URL', async () => {
  const h = await hub('dev1');
  let url = '';
  await h.resourceInit(PID, 'dev1', (_t, _q, p) => {
    const m = p as { type?: string; url?: string };
    if (m.type === 'create_upload_task_rsp') url = m.url ?? '';
  });
  const path = join(dirs[0]!.dir, 'notes.txt');
  writeFileSync(path, 'resource body');
  h.resourceCreateUploadTask(PID, 'dev1', path);
  await waitFor(() => url !== '');
  expect(await h.resourceUploadfile(url)).toEqual([0, 0]);
  h.resourceFinished();
  let state = '';
  for (let i = 0; i < 50 && state !== 'done'; i++) {
    const list = (await control('GET', `/control/tencent/resources/${PID}/dev1`)) as Array<{ name: string; state: string }>;
    state = list.find((r) => r.name === 'notes')?.state ?? '';
    if (state !== 'done') await sleep(50);
  }
  expect(state).toBe('done');
});

test('MQTT callbacks, custom topics both ways, explorer routing, $sys messages, unsubscribe, disconnect and connect again', async () => {
  const ev: unknown[][] = [];
  const h = await hub('dev1', SECRET, true, {
    before: (c) =>
      c.registerMqttCallback({
        on_connect: (f, rc, ud) => ev.push(['connect', f, rc, ud]),
        on_disconnect: (rc, ud) => ev.push(['disconnect', rc, ud]),
        on_message: (t, q, p) => ev.push(['message', t, q, p]),
        on_publish: (mid) => ev.push(['publish', mid]),
        on_subscribe: (q, mid) => ev.push(['subscribe', q, mid]),
        on_unsubscribe: (mid) => ev.push(['unsubscribe', mid]),
      }),
  });
  await waitFor(() => ev.some((e) => e[0] === 'connect'));
  expect(ev.find((e) => e[0] === 'connect')).toEqual(['connect', 0, 0, 'UD']);
  expect(h.getProductID()).toBe(PID);
  expect(h.getDeviceName()).toBe('dev1');
  expect(h.isHttpConnected()).toBe(true);

  // cloud → device on a custom topic (console "publish message")
  const got: unknown[][] = [];
  const control1 = `${PID}/dev1/control`;
  h.registerUserCallback(control1, (t, q, p, ud) => got.push([t, q, p, ud]));
  const [src, smid] = h.subscribe(control1, 1)!;
  expect(src).toBe(0);
  await waitFor(() => ev.some((e) => e[0] === 'subscribe' && e[2] === smid));
  expect(ev.find((e) => e[0] === 'subscribe' && e[2] === smid)).toEqual(['subscribe', 1, smid]);
  await control('POST', `/control/tencent/publish/${PID}/dev1`, { topic: control1, payload: { led: 'on', level: 3 }, qos: 1 });
  await waitFor(() => got.length === 1);
  expect(got[0]).toEqual([control1, 1, { led: 'on', level: 3 }, 'UD']);

  // device → cloud: Python json.dumps bytes reach the platform, on_publish reports the mid
  const [prc, pmid] = h.publish(`${PID}/dev1/event`, { action: 'hello', temp: 21.5, name: '中' }, 1);
  expect(prc).toBe(0);
  await waitFor(() => ev.some((e) => e[0] === 'publish' && e[1] === pmid));
  const up = await emu.trace.waitFor((e) => e.kind === 'publish' && e.topic === `${PID}/dev1/event`);
  expect([up.payload, up.qos]).toEqual(['{"action": "hello", "temp": 21.5, "name": "\\u4e2d"}', 1]);
  // another device's topic is refused by the platform (publish dropped, SUBACK 0x80)
  h.publish(`${PID}/dev2/event`, 1, 0);
  await emu.trace.waitFor((e) => e.kind === 'denied' && e.topic === `${PID}/dev2/event`);
  const [, bad] = h.subscribe(`${PID}/dev2/control`, 0)!;
  await waitFor(() => ev.some((e) => e[0] === 'subscribe' && e[2] === bad));
  expect(ev.find((e) => e[0] === 'subscribe' && e[2] === bad)![1]).toBe(128);

  // a subscribed topic without registerUserCallback goes to the explorer callback for that exact topic
  const explorer: unknown[] = [];
  const other = `${PID}/dev1/other`;
  h.register_explorer_callback(other, (_t: string, _q: number, p: unknown) => explorer.push(p));
  h.subscribe([[other, 0], [`$sys/operation/result/${PID}/dev1`, 0]]);
  await waitFor(() => ev.filter((e) => e[0] === 'subscribe').length === 3);
  await control('POST', `/control/tencent/publish/${PID}/dev1`, { topic: other, payload: { x: 1 } });
  await waitFor(() => explorer.length === 1);
  expect(explorer).toEqual([{ x: 1 }]);
  // a $sys message that is not an NTP reply goes to on_message
  await emu.publish(`$sys/operation/result/${PID}/dev1`, { type: 'notice', text: 'maintenance' });
  await waitFor(() => ev.some((e) => e[0] === 'message'));
  expect(ev.find((e) => e[0] === 'message')).toEqual(['message', `$sys/operation/result/${PID}/dev1`, 0, { type: 'notice', text: 'maintenance' }]);

  // unsubscribe: UNSUBACK callback, nothing delivered afterwards
  const [urc, umid] = h.unsubscribe(control1);
  expect(urc).toBe(0);
  await waitFor(() => ev.some((e) => e[0] === 'unsubscribe' && e[1] === umid));
  await emu.trace.waitFor((e) => e.kind === 'unsubscribe' && e.topic === control1);
  await control('POST', `/control/tencent/publish/${PID}/dev1`, { topic: control1, payload: { led: 'off' } });
  await sleep(150);
  expect(got).toHaveLength(1);

  // disconnect: on_disconnect(0), explorer disconnect hook, platform sees the device go; connect again (httpCallback
  // replaces the callbacks, it fills the same six slots)
  const hook: unknown[] = [];
  h.register_explorer_callback('$explorer/from/disconnect', (_c: null, ud: string, rc: number) => hook.push([ud, rc]));
  await h.disconnect();
  expect(h.getConnectState()).toBe(HubState.DISCONNECTED);
  await waitFor(() => ev.some((e) => e[0] === 'disconnect'));
  expect(ev.find((e) => e[0] === 'disconnect')).toEqual(['disconnect', 0, 'UD']);
  expect(hook).toEqual([['UD', 0]]);
  await poll<{ online: boolean }>(`/control/tencent/devices/${PID}/dev1`, (d) => !d.online, 'offline on the platform');
  const again: unknown[] = [];
  h.httpCallback((f, rc) => again.push(['connect', f, rc]));
  expect(h.connect()).toBe(0);
  await waitFor(() => h.isMqttConnected());
  await waitFor(() => again.length === 1);
  expect(again).toEqual([['connect', 0, 0]]);
  await poll<{ online: boolean }>(`/control/tencent/devices/${PID}/dev1`, (d) => d.online, 'online on the platform');
});

test('kicked by the platform: reconnects by itself within setReconnectInterval, with fresh credentials; keepalive and message timeout settings', async () => {
  const ev: unknown[] = [];
  const h = await hub('dev2', SECRET, true, {
    before: (c) => {
      c.setReconnectInterval(2, 1);
      c.setKeepaliveInterval(30);
      c.setMessageTimout(5);
      c.registerMqttCallback((f) => ev.push(['connect', f]), (rc) => ev.push(['disconnect', rc]));
    },
  });
  await waitFor(() => ev.length === 1);
  expect((await h.otaInit(PID, 'dev2', () => 0))[0]).toBe(0);
  h.shadowInit(PID, 'dev2', () => 0);
  const before = trace({ kind: 'connect', clientId: `${PID}dev2` }).length;
  expect(emu.disconnectClient(`${PID}dev2`)).toBe(true);
  await waitFor(() => ev.some((e) => (e as unknown[])[0] === 'disconnect'), 3000, 'on_disconnect');
  expect((ev.find((e) => (e as unknown[])[0] === 'disconnect') as unknown[])[1]).not.toBe(0);
  // while the link is down (spec 6.4): user publishes raise StateError; service publishes return rc 4, a QoS 1 one
  // (the OTA version report) is kept and sent after the reconnect, a QoS 0 one (shadow get) is dropped
  expect(h.isMqttConnected()).toBe(false);
  expect(() => h.publish(`${PID}/dev2/event`, 1, 1)).toThrow(h.StateError);
  expect(h.otaReportVersion(PID, 'dev2', '6.6.6')[0]).toBe(4);
  expect(h.getShadow(PID, 'dev2')![0]).toBe(4);
  await waitFor(() => h.isMqttConnected() && ev.filter((e) => (e as unknown[])[0] === 'connect').length === 2, 5000, 'reconnected');
  await poll<OtaView>(`/control/tencent/ota/${PID}/dev2`, (b) => b.reportedVersion === '6.6.6', 'the queued version report');
  expect(trace({ kind: 'publish', topic: `$shadow/operation/${PID}/dev2` })).toEqual([]);
  const connects = trace({ kind: 'connect', clientId: `${PID}dev2` });
  expect(connects.length).toBe(before + 1);
  // a new connid and timestamp in the username of every attempt
  expect(connects.at(-1)!.username).not.toBe(connects.at(-2)!.username);
  expect(connects.at(-1)!.username).toMatch(new RegExp(`^${PID}dev2;21010406;[A-Za-z0-9]{5};\\d{13}$`));
  // routing and subscriptions do not survive the reconnect (vendor behaviour): subscribe again, it works
  const got: unknown[] = [];
  h.registerUserCallback(`${PID}/dev2/control`, (_t, _q, p) => got.push(p));
  h.subscribe(`${PID}/dev2/control`, 0);
  await emu.trace.waitFor((e) => e.kind === 'subscribe' && e.topic === `${PID}/dev2/control`);
  await control('POST', `/control/tencent/publish/${PID}/dev2`, { payload: { after: 'kick' } });
  await waitFor(() => got.length === 1);
  expect(got).toEqual([{ after: 'kick' }]);
});

test('NTP follows the platform clock (control route offset)', async () => {
  const h = await hub('dev1');
  await control('POST', '/control/tencent/time', { offsetMs: 3_600_000 });
  try {
    const t = await h.getNtpAccurateTime();
    expect(Math.abs(t - (Date.now() + 3_600_000))).toBeLessThan(2000);
  } finally {
    await control('POST', '/control/tencent/time', { offsetMs: 0 });
  }
  // the request subscription is removed after the call
  await emu.trace.waitFor((e) => e.kind === 'unsubscribe' && e.topic === `$sys/operation/result/${PID}/dev1`);
});

test('shadow: desired all null clears the desired state on the platform; a version conflict is reported', async () => {
  const h = await hub('dev1');
  const got: Array<Record<string, unknown>> = [];
  h.shadowInit(PID, 'dev1', (_t, _q, p) => got.push(p as Record<string, unknown>));
  await emu.trace.waitFor((e) => e.kind === 'subscribe' && e.topic === `$shadow/operation/result/${PID}/dev1`);
  await control('POST', `/control/tencent/shadow/${PID}/dev1/desired`, { state: { color: 'red' } });
  await waitFor(() => got.some((g) => g['type'] === 'delta'));
  const doc = (await control('GET', `/control/tencent/shadow/${PID}/dev1`)) as { state: { desired?: Record<string, unknown> }; version: number };
  expect(doc.state.desired).toMatchObject({ color: 'red' });
  const clear = h.shadowJsonConstructDesireAllNull(PID, 'dev1')!;
  expect(clear).toEqual({ type: 'update', state: { desired: null }, clientToken: `${PID}-0` });
  h.shadowUpdate(PID, 'dev1', clear, 0);
  await waitFor(() => got.some((g) => g['type'] === 'update'));
  expect(got.find((g) => g['type'] === 'update')!['result']).toBe(0);
  const after = (await control('GET', `/control/tencent/shadow/${PID}/dev1`)) as { state: { desired?: unknown } };
  expect(after.state.desired).toBeUndefined();
  // shadowUpdate sends any document: a stale version is refused by the platform
  h.shadowUpdate(PID, 'dev1', { type: 'update', state: { reported: { a: 1 } }, version: 99999, clientToken: 'stale' }, 0);
  await waitFor(() => got.some((g) => g['clientToken'] === 'stale'));
  expect(got.find((g) => g['clientToken'] === 'stale')!['result']).toBe(5005);
});

test('gateway: config list, local status, platform online state, sub-device topics, shadow and OTA through the gateway', async () => {
  const subDev = { subdev_num: 2, subdev_list: [{ sub_productId: PID, sub_devName: 'sub1' }, { sub_productId: PID, sub_devName: 'sub2' }] };
  const h = await hub('gw1', SECRET, true, { extra: { subDev } });
  expect(h.gatewayInit()[0]).toBe(0);
  await emu.trace.waitFor((e) => e.kind === 'subscribe' && e.topic === `$gateway/operation/result/${PID}/gw1`);
  expect(h.gatewaySubdevGetConfigList().map((d) => `${d.product_id}/${d.device_name}`)).toEqual([`${PID}/sub1`, `${PID}/sub2`]);
  expect(h.isSubdevStatusOnline(PID, 'sub1')).toBe(false);
  expect((await h.gatewaySubdevOnline(PID, 'sub1'))[0]).toBe(0);
  h.updateSubdevStatus(PID, 'sub1', 'online');
  expect(h.isSubdevStatusOnline(PID, 'sub1')).toBe(true);
  const view = (await control('GET', `/control/tencent/gateway/${PID}/gw1`)) as { subDevices: Array<{ deviceName: string; online: boolean }> };
  expect(view.subDevices.find((d) => d.deviceName === 'sub1')!.online).toBe(true);

  // sub-device custom topics through the gateway connection
  const got: unknown[] = [];
  h.registerUserCallback(`${PID}/sub1/control`, (_t, _q, p) => got.push(p));
  expect(h.gatewaySubdevSubscribe(`${PID}/sub1/control`)[0]).toBe(0);
  await emu.trace.waitFor((e) => e.kind === 'subscribe' && e.topic === `${PID}/sub1/control` && e.returnCode !== 128);
  await control('POST', `/control/tencent/publish/${PID}/sub1`, { payload: { cmd: 'reboot' } });
  await waitFor(() => got.length === 1);
  expect(got).toEqual([{ cmd: 'reboot' }]);
  h.publish(`${PID}/sub1/data`, { t: 1 }, 0);
  const up = await emu.trace.waitFor((e) => e.kind === 'publish' && e.topic === `${PID}/sub1/data`);
  expect(up.payload).toBe('{"t": 1}');
  // a sub-device that is not bound: the platform refuses its topics
  expect(h.gatewaySubdevSubscribe([[`${PID}/sub3/control`, 0]])[0]).toBe(0);
  await emu.trace.waitFor((e) => e.kind === 'subscribe' && e.topic === `${PID}/sub3/control` && e.returnCode === 128);

  // sub-device shadow and OTA version report through the gateway
  const shadow: Array<Record<string, unknown>> = [];
  h.shadowInit(PID, 'sub1', (_t, _q, p) => shadow.push(p as Record<string, unknown>));
  await emu.trace.waitFor((e) => e.kind === 'subscribe' && e.topic === `$shadow/operation/result/${PID}/sub1`);
  h.getShadow(PID, 'sub1');
  await waitFor(() => shadow.length === 1);
  expect(shadow[0]).toMatchObject({ type: 'get', result: 0 });
  const rsp: unknown[] = [];
  expect((await h.otaInit(PID, 'sub2', (_t, _q, p) => rsp.push(p)))[0]).toBe(0);
  h.otaReportVersion(PID, 'sub2', '3.1.4');
  await waitFor(() => rsp.length === 1);
  expect(rsp[0]).toEqual({ result_code: 0, result_msg: 'success', type: 'report_version_rsp', version: '3.1.4' });
  expect(((await control('GET', `/control/tencent/ota/${PID}/sub2`)) as OtaView).reportedVersion).toBe('3.1.4');

  expect((await h.gatewaySubdevOffline(PID, 'sub1'))[0]).toBe(0);
  h.updateSubdevStatus(PID, 'sub1', 'offline');
  expect(h.isSubdevStatusOnline(PID, 'sub1')).toBe(false);
  const view2 = (await control('GET', `/control/tencent/gateway/${PID}/gw1`)) as { subDevices: Array<{ deviceName: string; online: boolean }> };
  expect(view2.subDevices.find((d) => d.deviceName === 'sub1')!.online).toBe(false);
  // offline for a sub-device that is not bound fails
  expect((await h.gatewaySubdevOffline(PID, 'sub3'))[0]).toBe(1);
});

test('OTA: version reply to the callback, upgrade failure recorded by the platform, low-level httpInit/httpFetch with a Range', async () => {
  const h = await hub('dev1');
  const fw = randomBytes(10_000);
  const fwInfo = (await control('PUT', `/control/tencent/ota/firmware/${PID}/5.0.0`, undefined, fw)) as { url: string };
  const rsp: unknown[] = [];
  expect((await h.otaInit(PID, 'dev1', (_t, _q, p) => rsp.push(p)))[0]).toBe(0);
  expect(h.otaReportVersion(PID, 'dev1', '4.0.0')[0]).toBe(0);
  await waitFor(() => rsp.length === 1);
  expect(rsp[0]).toEqual({ result_code: 0, result_msg: 'success', type: 'report_version_rsp', version: '4.0.0' });
  await control('POST', `/control/tencent/ota/${PID}/dev1/update`, { version: '5.0.0' });
  await waitFor(() => h.otaIsFetching(PID, 'dev1'));
  expect(h.otaIoctlString(PID, 'dev1', OtaCmdType.IOT_OTAG_VERSION, 32)).toEqual(['5.0.0', 'success']);
  expect(h.otaIoctlNumber(PID, 'dev1', OtaCmdType.IOT_OTAG_FILE_SIZE)).toEqual([fw.length, 'success']);
  // the update_firmware message is not passed to the user
  expect(rsp).toHaveLength(1);
  const url = new URL(fwInfo.url);
  expect(await h.httpInit(PID, 'dev1', url.host, fwInfo.url, 100, 199, 5)).toBe(0);
  const [buf, n] = await h.httpFetch(PID, 'dev1', 1000);
  expect(n).toBe(100);
  expect(buf!.equals(fw.subarray(100, 200))).toBe(true);
  expect(h.otaReportUpgradeFail(PID, 'dev1', null)[0]).toBe(0);
  const v = await poll<OtaView>(`/control/tencent/ota/${PID}/dev1`, (b) => b.task?.state === 'fail', 'fail on the platform');
  expect(v.task).toMatchObject({ version: '5.0.0', state: 'fail', resultCode: '-5' });
});

test('OTA resume after the emulator cuts the download mid-file: fail report, MD5 of the stored part, Range resume, valid firmware, done', async () => {
  const h = await hub('dev2');
  const fw = randomBytes(60_000);
  await control('PUT', `/control/tencent/ota/firmware/${PID}/2.1.0`, undefined, fw);
  expect((await h.otaInit(PID, 'dev2', () => 0))[0]).toBe(0);
  await control('POST', `/control/tencent/ota/${PID}/dev2/update`, { version: '2.1.0' });
  await waitFor(() => h.otaIsFetching(PID, 'dev2'));
  await control('POST', '/control/faults', { cutDownloadAfterBytes: 25_000, once: true });
  expect(await h.otaDownloadStart(PID, 'dev2', 0, fw.length)).toBe(0);
  const first = await fetchAll(h, 'dev2');
  expect(first.rc).toBe(-2);
  expect(first.data.length).toBe(25_000);
  expect(first.data.equals(fw.subarray(0, 25_000))).toBe(true);
  const failed = await poll<OtaView>(`/control/tencent/ota/${PID}/dev2`, (b) => b.task?.state === 'fail', 'fail report');
  expect(failed.task!.resultCode).toBe('-1');
  expect(h.otaIoctlNumber(PID, 'dev2', OtaCmdType.IOT_OTAG_FETCHED_SIZE)).toEqual([25_000, 'success']);
  // the application resumes as the vendor sample does: re-hash what it stored, then download from the offset
  expect(h.otaResetMd5(PID, 'dev2')).toBe(0);
  for (let off = 0; off < first.data.length; off += 5000) expect(h.otaMd5Update(PID, 'dev2', first.data.subarray(off, off + 5000))).toBe(0);
  expect(await h.otaDownloadStart(PID, 'dev2', first.data.length, fw.length)).toBe(0);
  const rest = await fetchAll(h, 'dev2');
  expect(rest.rc).toBe(0);
  expect(rest.data.length).toBe(fw.length - 25_000);
  expect(Buffer.concat([first.data, rest.data]).equals(fw)).toBe(true);
  expect(h.otaIoctlNumber(PID, 'dev2', OtaCmdType.IOT_OTAG_CHECK_FIRMWARE)).toEqual([0, 'success']);
  h.otaReportUpgradeSuccess(PID, 'dev2', '2.1.0');
  const done = await poll<OtaView>(`/control/tencent/ota/${PID}/dev2`, (b) => b.task?.state === 'done', 'done');
  expect(done.task!.percent).toBe(100);
  // the platform saw a 100 % progress report of the resumed download
  expect(done.reports.some((r) => r.report?.progress?.state === 'downloading' && r.report.progress.percent === '100')).toBe(true);
});

test('OTA: MD5 mismatch → CHECK_FIRMWARE fails and the platform records "-4"', async () => {
  const h = await hub('dev3');
  const fw = randomBytes(20_000);
  await control('PUT', `/control/tencent/ota/firmware/${PID}/7.0.0`, undefined, fw);
  expect((await h.otaInit(PID, 'dev3', () => 0))[0]).toBe(0);
  await control('POST', `/control/tencent/ota/${PID}/dev3/update`, { version: '7.0.0', md5sum: 'f'.repeat(32) });
  await waitFor(() => h.otaIsFetching(PID, 'dev3'));
  expect(await h.otaDownloadStart(PID, 'dev3', 0, fw.length)).toBe(0);
  const r = await fetchAll(h, 'dev3');
  expect(r.rc).toBe(0);
  expect(r.data.equals(fw)).toBe(true);
  expect(h.otaIoctlNumber(PID, 'dev3', OtaCmdType.IOT_OTAG_CHECK_FIRMWARE)).toEqual([-1, 'md5 error']);
  const v = await poll<OtaView>(`/control/tencent/ota/${PID}/dev3`, (b) => b.task?.state === 'fail', 'md5 fail report');
  expect(v.task!.resultCode).toBe('-4');
});

test('OTA: truncated firmware (the file is shorter than announced) ends with [null, -2] and a "-1" report, no endless loop', async () => {
  const h = await hub('dev4');
  const fw = randomBytes(12_000);
  await control('PUT', `/control/tencent/ota/firmware/${PID}/8.0.0`, undefined, fw);
  expect((await h.otaInit(PID, 'dev4', () => 0))[0]).toBe(0);
  await control('POST', `/control/tencent/ota/${PID}/dev4/update`, { version: '8.0.0', file_size: fw.length + 8000 });
  await waitFor(() => h.otaIsFetching(PID, 'dev4'));
  expect(await h.otaDownloadStart(PID, 'dev4', 0, fw.length + 8000)).toBe(0);
  const r = await fetchAll(h, 'dev4');
  expect(r.rc).toBe(-2);
  expect(r.data.equals(fw)).toBe(true);
  expect(h.otaIsFetchFinished(PID, 'dev4')).toBe(false);
  const v = await poll<OtaView>(`/control/tencent/ota/${PID}/dev4`, (b) => b.task?.state === 'fail', 'truncation fail report');
  expect(v.task!.resultCode).toBe('-1');
  // a missing firmware file: the plain-http branch returns 1 without a report (vendor behaviour)
  await control('POST', `/control/tencent/ota/${PID}/dev4/update`, { version: '8.0.1', url: `${emu.httpUrl}/files/tencent/ota/${PID}/none.bin`, md5sum: 'a'.repeat(32), file_size: 10 });
  await waitFor(() => h.otaIoctlString(PID, 'dev4', OtaCmdType.IOT_OTAG_VERSION, 32)[0] === '8.0.1');
  expect(await h.otaDownloadStart(PID, 'dev4', 0, 10)).toBe(1);
});

test('resource upload progress report is answered by the platform', async () => {
  const h = await hub('dev3');
  const msgs: Array<Record<string, unknown>> = [];
  expect((await h.resourceInit(PID, 'dev3', (_t, _q, p) => msgs.push(p as Record<string, unknown>)))[0]).toBe(0);
  const path = join(dirs.at(-1)!.dir, 'report.log');
  writeFileSync(path, 'line 1\nline 2\n');
  h.resourceCreateUploadTask(PID, 'dev3', path);
  await waitFor(() => msgs.some((m) => m['type'] === 'create_upload_task_rsp'));
  const url = String(msgs.find((m) => m['type'] === 'create_upload_task_rsp')!['url']);
  expect(await h.resourceUploadfile(url, 5)).toEqual([0, 0]);
  expect(h.resourceReportUploadProgress(PID, 'dev3')[0]).toBe(0);
  await waitFor(() => msgs.some((m) => m['type'] === 'report_upload_progress_rsp'));
  expect(msgs.find((m) => m['type'] === 'report_upload_progress_rsp')).toMatchObject({ name: 'report', result_code: 0 });
  h.resourceFinished();
  const list = await poll<Array<{ name: string; state: string }>>(`/control/tencent/resources/${PID}/dev3`, (l) => l.some((r) => r.name === 'report' && r.state === 'done'), 'done');
  expect(list.find((r) => r.name === 'report')!.state).toBe('done');
});

test('HTTP access: default topic and keyword form; the platform refuses a wrong secret and an unknown product', async () => {
  const rx = await hub('dev4');
  const got: unknown[] = [];
  rx.registerUserCallback(`${PID}/dev4/data`, (_t, _q, p) => got.push(p));
  rx.subscribe(`${PID}/dev4/data`, 0);
  await emu.trace.waitFor((e) => e.kind === 'subscribe' && e.topic === `${PID}/dev4/data`);
  const sender = keep(new QcloudHubProvider(file('dev4'), null, false, '127.0.0.1', false, {}));
  const [rc, resp] = await sender.httpDevice({ payload: '{\\"v\\": 1}', httpDomain: `${emu.httpUrl}/device/publish` });
  expect(rc).toBe(0);
  expect(resp).toHaveProperty('RequestId');
  await waitFor(() => got.length === 1);
  expect(got[0]).toEqual({ v: 1 });
  const wrong = keep(new QcloudHubProvider(file('dev4', Buffer.from('another-secret!!').toString('base64')), null, false));
  const [wrc, msg] = await wrong.httpDevice(null, '1', 0, 5, `${emu.httpUrl}/device/publish`);
  expect(wrc).toBe(-1);
  expect(typeof msg).toBe('string');
  const unknown = keep(new QcloudHubProvider(file('x', 'YOUR_DEVICE_SECRET', { productId: 'NOPRODUCT1' }), null, false));
  const [drc, dmsg] = await unknown.dynregDevice({ timeout: 5, dynregDomain: `${emu.httpUrl}/device/register` });
  expect(drc).toBe(-1);
  expect(dmsg.length).toBeGreaterThan(0);
});

test('malformed downlinks (non-JSON, invalid UTF-8, missing keys, unknown $ topics) never reach or break user code', async () => {
  const lines: string[] = [];
  const h = await hub('dev1', SECRET, true, { options: { logSink: (l) => lines.push(l) } });
  h.logInit(LoggerLevel.ERROR, null, 0, 0, true);
  const seen: Record<string, unknown[]> = { shadow: [], ota: [], rrpc: [], broadcast: [], resource: [], user: [], message: [], explorer: [] };
  h.registerMqttCallback({ on_message: (_t, _q, p) => seen['message']!.push(p) });
  h.shadowInit(PID, 'dev1', (_t, _q, p) => seen['shadow']!.push(p));
  expect((await h.otaInit(PID, 'dev1', (_t, _q, p) => seen['ota']!.push(p)))[0]).toBe(0);
  h.rrpcInit(PID, 'dev1', (_t, _q, p) => seen['rrpc']!.push(p));
  h.broadcastInit(PID, 'dev1', (_t, _q, p) => seen['broadcast']!.push(p));
  expect((await h.resourceInit(PID, 'dev1', (_t, _q, p) => seen['resource']!.push(p)))[0]).toBe(0);
  h.gatewayInit();
  const user = `${PID}/dev1/control`;
  h.registerUserCallback(user, (_t, _q, p) => seen['user']!.push(p));
  const unknownTopics = [`$log/operation/result/${PID}/dev1`, `$thing/down/property/${PID}/dev1`, `$template/operation/result/${PID}/dev1`, `$thing/down/raw/${PID}/dev1`];
  h.register_explorer_callback(`$thing/down/property/${PID}/dev1`, (_t: string, _q: number, p: unknown) => seen['explorer']!.push(p));
  h.subscribe([[user, 0], [`$sys/operation/result/${PID}/dev1`, 0], ...unknownTopics.map((t): [string, number] => [t, 0])]);
  await emu.trace.waitFor((e) => e.kind === 'subscribe' && e.topic === unknownTopics[3]);

  const T = {
    shadow: `$shadow/operation/result/${PID}/dev1`,
    ota: `$ota/update/${PID}/dev1`,
    rrpc: `$rrpc/rxd/${PID}/dev1/4242`,
    broadcast: `$broadcast/rxd/${PID}/dev1`,
    resource: `$resource/down/service/${PID}/dev1`,
    gateway: `$gateway/operation/result/${PID}/dev1`,
    sys: `$sys/operation/result/${PID}/dev1`,
    user,
  };
  const send = (topic: string, payload: string | Buffer): Promise<void> => emu.publish(topic, payload);
  // 1. not JSON at all, and bytes that are not UTF-8, on every routed topic
  for (const t of Object.values(T)) {
    await send(t, 'this is { not json');
    await send(t, Buffer.from([0xff, 0xfe, 0x7b, 0x7d]));
    await send(t, '');
  }
  // 2. JSON with keys missing or of the wrong shape
  const wrong: Array<[string, string]> = [
    [T.ota, '{}'],
    [T.ota, 'null'],
    [T.ota, '[1, 2]'],
    [T.ota, '{"type": "update_firmware"}'],
    [T.ota, '{"type": "update_firmware", "file_size": 10, "url": "http://127.0.0.1:1/x", "version": "9"}'],
    [T.ota, '{"type": 42}'],
    [T.ota, `{"type": "update_firmware", "file_size": "100", "url": "${emu.httpUrl}/files/x.bin", "version": "9", "md5sum": "${'a'.repeat(32)}"}`],
    [T.ota, `{"type": "update_firmware", "file_size": null, "url": "${emu.httpUrl}/files/x.bin", "version": "9", "md5sum": "${'a'.repeat(32)}"}`],
    [T.ota, `{"type": "update_firmware", "file_size": 100, "url": 5, "version": "9", "md5sum": "${'a'.repeat(32)}"}`],
    [T.gateway, '{}'],
    [T.gateway, '"text"'],
    [T.gateway, '{"type": "online"}'],
    [T.gateway, '{"type": "online", "payload": null}'],
    [T.gateway, '{"type": "online", "payload": {"devices": []}}'],
    [T.gateway, '{"type": "online", "payload": {"devices": [null]}}'],
    [T.gateway, '{"type": "online", "payload": {"devices": "x"}}'],
    [T.gateway, '{"type": "bind", "payload": {"devices": [{"product_id": "P"}]}}'],
    [T.gateway, '{"type": "describe_sub_devices", "payload": {"devices": [null, 3]}}'],
    [T.sys, '{"type": "get", "time": null}'],
    [T.sys, 'null'],
    [T.sys, '7'],
    [T.resource, '{}'],
    [T.resource, '{"type": "create_upload_task_rsp"}'],
    [T.rrpc, 'null'],
    [T.shadow, '{"type": "delta"}'],
    [T.broadcast, '[]'],
  ];
  for (const [t, p] of wrong) await send(t, p);
  // 3. topics the SDK has no handler for
  for (const t of unknownTopics) await send(t, '{"method": "control", "params": {}}');

  // a valid message behind all of them still arrives, so everything above was dispatched
  await send(T.user, '{"last": true}');
  await waitFor(() => seen['user']!.some((p) => (p as { last?: boolean } | null)?.last === true), 5000, 'last message');
  await h.flushCallbacks();

  // non-JSON / non-UTF-8 payloads reached no callback; JSON payloads went where the SDK passes them unchanged
  expect(seen['user']).toEqual([{ last: true }]);
  expect(seen['shadow']).toEqual([{ type: 'delta' }]);
  expect(seen['broadcast']).toEqual([[]]);
  expect(seen['rrpc']).toEqual([null]);
  expect(seen['resource']).toEqual([{}, { type: 'create_upload_task_rsp' }]);
  expect(seen['ota']).toEqual([]);
  expect(seen['message']).toEqual([{ type: 'get', time: null }, null, 7]);
  expect(seen['explorer']).toEqual([{ method: 'control', params: {} }]);
  // the malformed update_firmware messages did not start a download
  expect(h.otaIsFetching(PID, 'dev1')).toBe(false);
  // every drop was logged
  expect(lines.some((l) => l.includes('payload is not JSON'))).toBe(true);
  expect(lines.some((l) => l.includes('KeyError'))).toBe(true);
  expect(lines.some((l) => l.includes('unknow topic'))).toBe(true);

  // the client still works: NTP, a shadow get, a real update notification
  expect(await h.getNtpAccurateTime()).toBeGreaterThan(0);
  h.getShadow(PID, 'dev1');
  await waitFor(() => seen['shadow']!.some((p) => (p as { type?: string }).type === 'get'));
  await emu.publish(T.ota, JSON.stringify({ file_size: 3, md5sum: 'b'.repeat(32), type: 'update_firmware', url: `${emu.httpUrl}/files/x.bin`, version: '1.2.3' }));
  await waitFor(() => h.otaIsFetching(PID, 'dev1'));
  expect(h.isMqttConnected()).toBe(true);
});

test('a throwing user callback is logged and does not stop later deliveries', async () => {
  const lines: string[] = [];
  const h = await hub('dev2', SECRET, true, { options: { logSink: (l) => lines.push(l) } });
  h.logInit(LoggerLevel.ERROR, null, 0, 0, true);
  const got: unknown[] = [];
  h.broadcastInit(PID, 'dev2', (_t, _q, p) => {
    got.push(p);
    if (got.length === 1) throw new Error('user bug');
  });
  await emu.trace.waitFor((e) => e.kind === 'subscribe' && e.topic === `$broadcast/rxd/${PID}/dev2`);
  await control('POST', `/control/tencent/broadcast/${PID}`, { payload: { n: 1 } });
  await control('POST', `/control/tencent/broadcast/${PID}`, { payload: { n: 2 } });
  await waitFor(() => got.length === 2);
  expect(got).toEqual([{ n: 1 }, { n: 2 }]);
  expect(lines.some((l) => l.includes('user bug'))).toBe(true);
});

test('every spec method was called against the plugin by the tests above', () => {
  // run last (jest runs the tests of a file in order); method-list.test.ts checks the list against the class.
  // Most of them talk to the platform; the local ones (getters, callback registration, config list, logging) are
  // called in the flows they belong to.
  expect(new Set(SPEC_METHODS).size).toBe(58);
  expect(SPEC_METHODS.filter((m) => !called.has(m))).toEqual([]);
});

describe('transports against the plugin: TLS (key and certificate authentication), WebSocket', () => {
  let tlsEmu: Emulator;
  let dir: DeviceDir;
  let certPem = '';
  let fingerprint = '';
  const tlsHubs: QcloudHubProvider<string>[] = [];
  const ctl = async (path: string, body: unknown): Promise<void> => {
    const res = await fetch(`${tlsEmu.httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };

  beforeAll(async () => {
    tlsEmu = await startEmulator({ vendors: ['tencent'], mqttTlsPort: 0 });
    dir = deviceFile();
    // a client certificate as the console would issue it (self-signed here: the platform checks its fingerprint)
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir.dir, 'dev.key'), '-out', join(dir.dir, 'dev.crt'), '-days', '2', '-subj', '/CN=certdev'], { stdio: 'ignore' });
    certPem = readFileSync(join(dir.dir, 'dev.crt'), 'utf-8');
    fingerprint = new X509Certificate(certPem).fingerprint256;
    writeFileSync(join(dir.dir, 'ca.crt'), tlsEmu.tlsCert!);
    await ctl('/control/tencent/devices', { productId: PID, deviceName: 'tlsdev', deviceSecret: SECRET });
    await ctl('/control/tencent/devices', { productId: PID, deviceName: 'certdev', authMode: 'CERT', certFingerprint: fingerprint, certPem });
  });
  afterEach(async () => {
    for (const h of tlsHubs.splice(0)) await h.destroy();
  });
  afterAll(async () => {
    await tlsEmu.close();
    dir.cleanup();
  });

  const port = (url: string | undefined): number => Number(new URL(url!).port);

  test('key authentication over TLS: the server certificate is verified against options.ca; an untrusted one never connects', async () => {
    const h = new QcloudHubProvider<string>(file('tlsdev'), 'UD', true, '127.0.0.1', false, { port: port(tlsEmu.mqttsUrl), ca: tlsEmu.tlsCert!, timeScale: 0.5 });
    tlsHubs.push(h);
    h.connect();
    await waitFor(() => h.isMqttConnected(), 5000, 'TLS connect');
    expect(tlsEmu.trace.entries({ kind: 'connect', clientId: `${PID}tlsdev` }).at(-1)!.tls).toBe(true);
    expect(await h.getNtpAccurateTime()).toBeGreaterThan(0);
    // connect again after disconnect() over TLS (the vendor SDK could not: quirk 21)
    await h.disconnect();
    expect(h.connect()).toBe(0);
    await waitFor(() => h.isMqttConnected(), 5000, 'TLS connect after disconnect');
    expect(tlsEmu.trace.entries({ kind: 'connect', clientId: `${PID}tlsdev` }).filter((e) => e.tls).length).toBeGreaterThanOrEqual(2);
    const untrusted = new QcloudHubProvider<string>(file('tlsdev'), 'UD', true, '127.0.0.1', false, { port: port(tlsEmu.mqttsUrl), timeScale: 0.5 });
    tlsHubs.push(untrusted);
    untrusted.connect();
    await sleep(500);
    expect(untrusted.isMqttConnected()).toBe(false);
  });

  test('a CERT device of a dynreg product: the hub is built before its certificate exists, dynregDevice writes it, connect uses it', async () => {
    const CPID = 'CERTPID001';
    const productSecret = 'certproductsecret0000000';
    await ctl('/control/tencent/products', { productId: CPID, productSecret, authMode: 'CERT' });
    const d = deviceFile({
      auth_mode: 'CERT', productId: CPID, productSecret, deviceName: 'fresh', key_deviceinfo: { deviceSecret: '' },
      cert_deviceinfo: { devCaFile: join(dir.dir, 'ca.crt'), devCertFile: 'YOUR_DEVICE_CERT_FILE_NAME', devPrivateKeyFile: 'YOUR_DEVICE_PRIVATE_KEY_FILE_NAME' },
    });
    const cwd = process.cwd();
    process.chdir(d.dir);
    try {
      // Python only stores the paths here and reads the files when connecting: no ENOENT at construction
      const h = new QcloudHubProvider<string>(d.file, 'UD', true, '127.0.0.1', false, { port: port(tlsEmu.mqttsUrl), timeScale: 0.5 });
      tlsHubs.push(h);
      expect(await h.dynregDevice({ dynregDomain: `${tlsEmu.httpUrl}/device/register` })).toEqual([0, 'success']);
      expect(readFileSync(join(d.dir, 'cert.txt'), 'utf-8')).toContain('BEGIN CERTIFICATE');
      // the same hub connects with the certificate and key the registration wrote
      h.connect();
      await waitFor(() => h.isMqttConnected(), 5000, 'CERT connect with the registered certificate');
      expect(tlsEmu.trace.entries({ kind: 'connack', clientId: `${CPID}fresh` }).at(-1)!.returnCode).toBe(0);
    } finally {
      process.chdir(cwd);
      d.cleanup();
    }
  });

  test('certificate authentication over TLS, and rsa-sha256 signed HTTP publish of a CERT device', async () => {
    const cert = { devCaFile: join(dir.dir, 'ca.crt'), devCertFile: join(dir.dir, 'dev.crt'), devPrivateKeyFile: join(dir.dir, 'dev.key') };
    const f = file('certdev', SECRET, { auth_mode: 'CERT', cert_deviceinfo: cert, key_deviceinfo: { deviceSecret: '' } });
    const h = new QcloudHubProvider<string>(f, 'UD', true, '127.0.0.1', false, { port: port(tlsEmu.mqttsUrl), timeScale: 0.5 });
    tlsHubs.push(h);
    h.connect();
    await waitFor(() => h.isMqttConnected(), 5000, 'CERT connect');
    const got: unknown[] = [];
    h.registerUserCallback(`${PID}/certdev/data`, (_t, _q, p) => got.push(p));
    h.subscribe(`${PID}/certdev/data`, 1);
    await tlsEmu.trace.waitFor((e) => e.kind === 'subscribe' && e.topic === `${PID}/certdev/data`);
    const [rc] = await h.httpDevice(null, '{\\"signed\\": \\"rsa\\"}', 1, 5, `${tlsEmu.httpUrl}/device/publish`);
    expect(rc).toBe(0);
    await waitFor(() => got.length === 1);
    expect(got[0]).toEqual({ signed: 'rsa' });
  });

  test('MQTT over WebSocket on the HTTP port (/mqtt)', async () => {
    const h = new QcloudHubProvider<string>(file('tlsdev'), 'UD', false, '127.0.0.1', true, { port: port(tlsEmu.wsUrl), wsPath: new URL(tlsEmu.wsUrl!).pathname, timeScale: 0.5 });
    tlsHubs.push(h);
    h.connect();
    await waitFor(() => h.isMqttConnected(), 5000, 'WebSocket connect');
    const got: unknown[] = [];
    h.rrpcInit(PID, 'tlsdev', (_t, _q, p) => {
      got.push(p);
      h.rrpcReply(PID, 'tlsdev', { over: 'ws' }, 0);
    });
    await tlsEmu.trace.waitFor((e) => e.kind === 'subscribe' && e.topic === `$rrpc/rxd/${PID}/tlsdev/+`);
    const res = await fetch(`${tlsEmu.httpUrl}/control/tencent/rrpc/${PID}/tlsdev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ payload: { q: 1 } }) });
    expect(((await res.json()) as { payload: string }).payload).toBe('{"over": "ws"}');
    expect(got).toEqual([{ q: 1 }]);
  });
});
