// Bootstrap (device provisioning) against a recording broker that plays the bootstrap server and IoTDA.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConnectAuthInfo, IotDevice, sha256_mac, sha256_mac_salt } from '../src/index.js';
import { authInfo, makeDevice, startRecorder, waitFor, type Recorder } from './helpers.js';

let rec: Recorder;
let dir: string;
const devices: IotDevice[] = [];
beforeAll(async () => {
  rec = await startRecorder();
  dir = mkdtempSync(path.join(tmpdir(), 'hw-bs-'));
});
afterEach(async () => {
  for (const d of devices.splice(0)) await d.destroy();
  rec.connects.length = 0;
  rec.publishes.length = 0;
  rec.subscribes.length = 0;
});
afterAll(async () => {
  await rec.close();
  rmSync(dir, { recursive: true, force: true });
});

function bsDevice(info: ConnectAuthInfo, file: string, timeout = 5000): IotDevice {
  const d = makeDevice(rec, info, { server_info_path: file, bootstrap_timeout_ms: timeout });
  devices.push(d);
  return d;
}

test('static strategy: bootstrap/up with bs_message, answer stored in server_info.json, IoTDA connect with the new secret; cache reused', async () => {
  const file = path.join(dir, 'server_info.json');
  const info = authInfo(rec, 'dev_1', 'oldsecret');
  info.bs_mode = ConnectAuthInfo.BS_MODE_STANDARD_BOOTSTRAP;
  info.bs_message = '{"baseStrategyKeyword":"xxx"}';
  info.check_timestamp = '0';
  const d = bsDevice(info, file);
  const rc = d.connect();
  await waitFor(() => rec.on('$oc/devices/dev_1/sys/bootstrap/up').length === 1);
  const up = rec.on('$oc/devices/dev_1/sys/bootstrap/up')[0]!;
  expect([up.text, up.qos]).toEqual(['{"baseStrategyKeyword":"xxx"}', 1]);
  expect(rec.subscribes).toContainEqual({ topic: '$oc/devices/dev_1/sys/bootstrap/down', qos: 0 });
  await rec.down('$oc/devices/dev_1/sys/bootstrap/down', '{"address": "127.0.0.1:1883", "deviceSecret": "newsecret"}');
  expect(await rc).toBe(0);
  expect(info.bs_mode).toBe(0);
  expect(info.secret).toBe('newsecret');
  expect(rec.connects.length).toBe(2);
  const [bsConn, iotConn] = rec.connects;
  expect(bsConn!.password).toBe(sha256_mac('oldsecret', bsConn!.clientId.slice(-10)));
  expect(iotConn!.clientId).toMatch(/^dev_1_0_0_\d{10}$/);
  expect(iotConn!.password).toBe(sha256_mac('newsecret', iotConn!.clientId.slice(-10)));
  expect(readFileSync(file, 'utf8')).toBe('{"server_uri": "127.0.0.1", "port": 1883, "secret": "newsecret"}');
  expect(statSync(file).mode & 0o777).toBe(0o600);

  rec.connects.length = 0;
  rec.publishes.length = 0;
  const again = authInfo(rec, 'dev_1', 'oldsecret');
  again.bs_mode = ConnectAuthInfo.BS_MODE_STANDARD_BOOTSTRAP;
  const d2 = bsDevice(again, file);
  expect(await d2.connect()).toBe(0);
  expect(rec.on('$oc/devices/dev_1/sys/bootstrap/up')).toEqual([]);
  expect(rec.connects.length).toBe(1);
  expect(rec.connects[0]!.password).toBe(sha256_mac('newsecret', rec.connects[0]!.clientId.slice(-10)));
});

test('registration group (mode 2, secret): scope client id and derived password during bootstrap', async () => {
  const file = path.join(dir, 'group.json');
  const info = authInfo(rec, 'mydevice', 'c2NvcGVzZWNyZXRieXRlcw==');
  info.bs_mode = ConnectAuthInfo.BS_MODE_BOOTSTRAP_WITH_SCOPEID;
  info.scope_id = 'scope1';
  const d = bsDevice(info, file);
  const rc = d.connect();
  await waitFor(() => rec.on('$oc/devices/mydevice/sys/bootstrap/up').length === 1);
  expect(rec.on('$oc/devices/mydevice/sys/bootstrap/up')[0]!.text).toBe('');
  await rec.down('$oc/devices/mydevice/sys/bootstrap/down', '{"address": "127.0.0.1:1883"}');
  expect(await rc).toBe(0);
  const bs = rec.connects[0]!;
  const ts = bs.clientId.slice(-10);
  expect(bs.clientId).toBe(`mydevice_0_scope1_0_${ts}`);
  const derived = sha256_mac_salt(Buffer.from('c2NvcGVzZWNyZXRieXRlcw==', 'base64'), 'mydevice');
  expect(bs.password).toBe(sha256_mac(derived, ts));
  expect(readFileSync(file, 'utf8')).toBe('{"server_uri": "127.0.0.1", "port": 1883, "secret": null}');
});

test('no bootstrap answer: connect() resolves -1 after the timeout and writes no cache', async () => {
  const file = path.join(dir, 'none.json');
  const info = authInfo(rec, 'dev_2');
  info.bs_mode = ConnectAuthInfo.BS_MODE_STANDARD_BOOTSTRAP;
  const d = bsDevice(info, file, 150);
  expect(await d.connect()).toBe(-1);
  expect(existsSync(file)).toBe(false);
  expect(info.bs_mode).toBe(1);
});

test('a malformed bootstrap answer is logged and ignored', async () => {
  const file = path.join(dir, 'bad.json');
  const info = authInfo(rec, 'dev_3');
  info.bs_mode = ConnectAuthInfo.BS_MODE_STANDARD_BOOTSTRAP;
  const d = bsDevice(info, file, 400);
  const rc = d.connect();
  await waitFor(() => rec.on('$oc/devices/dev_3/sys/bootstrap/up').length === 1);
  await rec.down('$oc/devices/dev_3/sys/bootstrap/down', 'not json');
  await rec.down('$oc/devices/dev_3/sys/bootstrap/down', '{"address": 5}');
  expect(await rc).toBe(-1);
  expect(existsSync(file)).toBe(false);
});
