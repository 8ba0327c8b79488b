// End to end against the emulator's own tencent plugin (an independent platform implementation): authentication,
// NTP, shadow, gateway topology, OTA, RRPC, broadcast, dynamic registration, HTTP publish and resource upload.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@iot/emulator';
import { QcloudHubProvider, OtaCmdType, HubState, type gateway_subdev } from '../src/index.js';
import { deviceFile, sleep, waitFor, type DeviceDir } from './helpers.js';

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

async function hub(deviceName: string, secret = SECRET, wait = true): Promise<QcloudHubProvider<string>> {
  const h = new QcloudHubProvider<string>(file(deviceName, secret), 'UD', false, '127.0.0.1', false, { port: Number(new URL(emu.mqttUrl).port), timeScale: 0.5 });
  hubs.push(h);
  h.connect();
  if (wait) await waitFor(() => h.isMqttConnected(), 5000, 'connected');
  return h;
}

beforeAll(async () => {
  emu = await startEmulator({ vendors: ['tencent'] });
  for (const dn of ['dev1', 'sub1', 'sub2', 'sub3']) await control('POST', '/control/tencent/devices', { productId: PID, deviceName: dn, deviceSecret: SECRET });
  await control('POST', '/control/tencent/devices', { productId: PID, deviceName: 'gw1', deviceSecret: SECRET, gateway: true, subDevices: [`${PID}/sub1`, `${PID}/sub2`] });
  await control('POST', '/control/tencent/products', { productId: PID, productSecret: 'emuproductsecret00000000' });
});
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.destroy();
});
afterAll(async () => {
  await emu.close();
  for (const d of dirs) d.cleanup();
});

test('key authentication accepted; a wrong secret is refused (the client keeps retrying, the user sees nothing)', async () => {
  await hub('dev1');
  const bad = await hub('dev1', Buffer.from('wrong-secret-123').toString('base64'), false);
  const events: unknown[] = [];
  bad.registerMqttCallback(() => events.push('connect'));
  await sleep(600);
  expect(bad.getConnectState()).toBe(HubState.CONNECTING);
  expect(events).toEqual([]);
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
  const h = new QcloudHubProvider(f, null, false, '127.0.0.1', false, { port: Number(new URL(emu.mqttUrl).port) });
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
