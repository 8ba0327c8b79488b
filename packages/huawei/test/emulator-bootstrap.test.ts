// End to end against the emulator's own huawei plugin: bootstrap (device provisioning). One emulator plays the
// bootstrap server, a second one the IoTDA instance its static strategy / registration group hands out; both read
// the same device registry (the bootstrap server registers what it provisions). The device must end up on the
// address handed out.
import { createHmac, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeviceRegistry, generateSelfSignedCert, startEmulator, type Emulator } from '@iot/emulator';
import { ClientConf, ConnectAuthInfo, ConnectListener, DeviceMessage, IotDevice } from '../src/index.js';
import { SECRET, until } from './emulator-helpers.js';

const SCOPE_SECRET = Buffer.from('scopesecretbytes').toString('base64');
let registry: DeviceRegistry;
let bs: Emulator;
let iot: Emulator;
let iotAddress: string;
let dir: string;
const devices: IotDevice[] = [];

const portOf = (e: Emulator): number => Number(new URL(e.mqttUrl).port);

async function control(method: string, p: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${bs.httpUrl}/control/huawei${p}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

class Uris extends ConnectListener {
  uris: string[] = [];
  connection_lost(): void {}
  connect_complete(_reconnect: boolean, server_uri: string): void {
    this.uris.push(server_uri);
  }
}

/** A bootstrap device as the Python samples configure it, dialling the bootstrap emulator. */
function bsDevice(id: string, secret: string, tune: (i: ConnectAuthInfo) => void, file: string, timeoutMs = 5000): IotDevice {
  const info = new ConnectAuthInfo();
  info.server_uri = '127.0.0.1';
  info.port = 1883;
  info.id = id;
  info.secret = secret;
  info.check_timestamp = '0';
  tune(info);
  const d = new IotDevice(new ClientConf(info, null, { broker_port: portOf(bs), server_info_path: file, bootstrap_timeout_ms: timeoutMs }));
  devices.push(d);
  return d;
}

beforeAll(async () => {
  registry = new DeviceRegistry();
  dir = mkdtempSync(path.join(tmpdir(), 'hw-emu-bs-'));
  iot = await startEmulator({ vendors: ['huawei'], registry });
  bs = await startEmulator({ vendors: ['huawei'], registry });
  iotAddress = `127.0.0.1:${portOf(iot)}`;
  await control('PUT', '/bootstrap/strategies/kw1', { address: iotAddress });
  await control('PUT', '/bootstrap/groups/scope1', { scopeSecret: SCOPE_SECRET, address: iotAddress });
});
afterEach(async () => {
  for (const d of devices.splice(0)) await d.destroy();
});
afterAll(async () => {
  await bs.close();
  await iot.close();
  rmSync(dir, { recursive: true, force: true });
});

test('static strategy: bootstrap/up with the keyword, answer cached, then connected to the IoTDA address handed out', async () => {
  await control('PUT', '/devices/prod_bs1', { secret: SECRET });
  const file = path.join(dir, 'static.json');
  const d = bsDevice('prod_bs1', SECRET, (i) => {
    i.bs_mode = ConnectAuthInfo.BS_MODE_STANDARD_BOOTSTRAP;
    i.bs_message = '{"baseStrategyKeyword":"kw1"}';
  }, file);
  const uris = new Uris();
  d.get_client().add_connect_listener(uris);
  expect(await d.connect()).toBe(0);
  // the bootstrap server saw the request and answered with the strategy's address
  const up = bs.trace.entries({ kind: 'publish', topic: '$oc/devices/prod_bs1/sys/bootstrap/up' });
  expect(up.map((e) => [e.payload, e.qos])).toEqual([['{"baseStrategyKeyword":"kw1"}', 1]]);
  const down = bs.trace.entries({ kind: 'deliver', topic: '$oc/devices/prod_bs1/sys/bootstrap/down' });
  expect(down.map((e) => JSON.parse(e.payload!) as unknown)).toEqual([{ address: iotAddress }]);
  expect(readFileSync(file, 'utf8')).toBe(`{"server_uri": "127.0.0.1", "port": ${portOf(iot)}, "secret": null}`);
  const info = d.get_client()['_connect_auth_info'] as ConnectAuthInfo;
  expect([info.bs_mode, info.port]).toEqual([0, portOf(iot)]);
  // ... and the device is now on the IoTDA instance, not on the bootstrap server
  const conns = iot.trace.entries({ kind: 'connack' }).filter((e) => e.clientId.startsWith('prod_bs1_0_0_'));
  expect(conns.map((e) => e.returnCode)).toEqual([0]);
  expect(bs.trace.entries({ kind: 'connect' }).filter((e) => e.clientId.startsWith('prod_bs1_'))).toHaveLength(1);
  d.get_client().report_device_message(new DeviceMessage({ content: 'after bootstrap' }));
  await until(() => iot.trace.entries({ kind: 'publish', topic: '$oc/devices/prod_bs1/sys/messages/up' }).length === 1);
  expect(uris.uris).toEqual(['127.0.0.1', '127.0.0.1']);
  const provisioned = (await control('GET', '/bootstrap'))['provisioned'] as Array<Record<string, unknown>>;
  expect(provisioned).toEqual([expect.objectContaining({ device_id: 'prod_bs1', address: iotAddress, mode: 'static' })]);

  // a second device object reuses the cached answer: straight to IoTDA, no bootstrap
  const again = bsDevice('prod_bs1', SECRET, (i) => (i.bs_mode = ConnectAuthInfo.BS_MODE_STANDARD_BOOTSTRAP), file);
  const bsConnects = bs.trace.entries({ kind: 'connect' }).length;
  expect(await again.connect()).toBe(0);
  expect(bs.trace.entries({ kind: 'connect' })).toHaveLength(bsConnects);
  expect(iot.trace.entries({ kind: 'connack' }).filter((e) => e.clientId.startsWith('prod_bs1_0_0_')).map((e) => e.returnCode)).toEqual([0, 0]);
});

test('static strategy with an unknown keyword: the platform does not answer, connect() gives -1, no cache', async () => {
  await control('PUT', '/devices/prod_bs2', { secret: SECRET });
  const file = path.join(dir, 'unknown.json');
  const d = bsDevice('prod_bs2', SECRET, (i) => {
    i.bs_mode = ConnectAuthInfo.BS_MODE_STANDARD_BOOTSTRAP;
    i.bs_message = '{"baseStrategyKeyword":"nope"}';
  }, file, 400);
  expect(await d.connect()).toBe(-1);
  expect(existsSync(file)).toBe(false);
  expect(bs.trace.entries({ kind: 'deliver', topic: '$oc/devices/prod_bs2/sys/bootstrap/down' })).toEqual([]);
  expect(iot.trace.entries({ kind: 'connect' }).filter((e) => e.clientId.startsWith('prod_bs2_'))).toEqual([]);
});

test('registration group with the group secret: derived device secret handed out, then connected to IoTDA with it', async () => {
  const file = path.join(dir, 'group.json');
  const d = bsDevice('selfreg_1', SCOPE_SECRET, (i) => {
    i.bs_mode = ConnectAuthInfo.BS_MODE_BOOTSTRAP_WITH_SCOPEID;
    i.scope_id = 'scope1';
  }, file);
  expect(await d.connect()).toBe(0);
  const derived = createHmac('sha256', 'selfreg_1').update(Buffer.from(SCOPE_SECRET, 'base64')).digest('hex');
  const bsConn = bs.trace.entries({ kind: 'connect' }).filter((e) => e.username === 'selfreg_1');
  expect(bsConn.map((e) => e.clientId)).toEqual([expect.stringMatching(/^selfreg_1_0_scope1_0_\d{10}$/)]);
  expect(JSON.parse(bs.trace.entries({ kind: 'deliver', topic: '$oc/devices/selfreg_1/sys/bootstrap/down' })[0]!.payload!)).toEqual({ address: iotAddress, deviceSecret: derived });
  const info = d.get_client()['_connect_auth_info'] as ConnectAuthInfo;
  expect([info.secret === derived, info.port]).toEqual([true, portOf(iot)]);
  expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ server_uri: '127.0.0.1', port: portOf(iot), secret: derived });
  // the IoTDA instance accepts the derived secret (a direct-mode client id now)
  const conns = iot.trace.entries({ kind: 'connack' }).filter((e) => e.clientId.startsWith('selfreg_1_0_0_'));
  expect(conns.map((e) => e.returnCode)).toEqual([0]);
  expect(registry.get('huawei', 'selfreg_1')).toMatchObject({ registeredBy: 'group:scope1', status: 'ONLINE' });
  d.get_client().report_device_message(new DeviceMessage({ content: 'self-registered' }));
  await until(() => iot.trace.entries({ kind: 'publish', topic: '$oc/devices/selfreg_1/sys/messages/up' }).length === 1);
});

describe('X.509 over TLS (one emulator is both bootstrap server and IoTDA, handing out 127.0.0.1:8883)', () => {
  let tls: Emulator;
  let root: string;
  const pair = generateSelfSignedCert('bootstrap-device');
  const fingerprint = new X509Certificate(pair.cert).fingerprint256;

  beforeAll(async () => {
    tls = await startEmulator({ vendors: ['huawei'], mqttTlsPort: 0 });
    root = path.join(dir, 'root.pem');
    writeFileSync(root, tls.tlsCert!);
    writeFileSync(path.join(dir, 'dev.pem'), pair.cert);
    writeFileSync(path.join(dir, 'dev.key'), pair.key);
    const put = async (p: string, body: unknown): Promise<void> => {
      const res = await fetch(`${tls.httpUrl}/control/huawei${p}`, { method: 'PUT', body: JSON.stringify(body) });
      expect(res.status).toBe(200);
    };
    await put('/bootstrap/strategies/certkw', { address: '127.0.0.1:8883' });
    await put('/bootstrap/groups/certscope', { fingerprints: [fingerprint], address: '127.0.0.1:8883' });
    await put('/devices/prod_certbs', { fingerprint });
  });
  afterAll(() => tls.close());

  const x509Device = (id: string, tune: (i: ConnectAuthInfo) => void, file: string): IotDevice => {
    const info = new ConnectAuthInfo();
    info.server_uri = '127.0.0.1';
    info.port = 8883;
    info.id = id;
    info.auth_type = ConnectAuthInfo.X509_AUTH;
    info.cert_path = path.join(dir, 'dev.pem');
    info.key_path = path.join(dir, 'dev.key');
    info.iot_cert_path = root;
    info.bs_cert_path = root;
    info.check_timestamp = '0';
    tune(info);
    const d = new IotDevice(new ClientConf(info, null, { broker_port: Number(new URL(tls.mqttsUrl!).port), server_info_path: file }));
    devices.push(d);
    return d;
  };

  test('certificate strategy (mode 1, X.509): provisioned, then connected over TLS by fingerprint', async () => {
    const d = x509Device('prod_certbs', (i) => {
      i.bs_mode = ConnectAuthInfo.BS_MODE_STANDARD_BOOTSTRAP;
      i.bs_message = '{"baseStrategyKeyword":"certkw"}';
    }, path.join(dir, 'cert-static.json'));
    expect(await d.connect()).toBe(0);
    const conns = tls.trace.entries({ kind: 'connect' }).filter((e) => e.username === 'prod_certbs');
    expect(conns.map((e) => [e.tls, e.passwordPresent])).toEqual([[true, false], [true, false]]);
    expect(tls.trace.entries({ kind: 'connack' }).filter((e) => e.clientId.startsWith('prod_certbs_')).map((e) => e.returnCode)).toEqual([0, 0]);
    expect(JSON.parse(readFileSync(path.join(dir, 'cert-static.json'), 'utf8'))).toEqual({ server_uri: '127.0.0.1', port: 8883, secret: null });
  });

  test('registration group (mode 2, X.509): scope client id without timestamp, certificate registered, then connected over TLS', async () => {
    const d = x509Device('selfreg_x509', (i) => {
      i.bs_mode = ConnectAuthInfo.BS_MODE_BOOTSTRAP_WITH_SCOPEID;
      i.scope_id = 'certscope';
    }, path.join(dir, 'cert-group.json'));
    expect(await d.connect()).toBe(0);
    const conns = tls.trace.entries({ kind: 'connect' }).filter((e) => e.username === 'selfreg_x509');
    expect(conns.map((e) => e.clientId)).toEqual(['selfreg_x509_0_certscope', expect.stringMatching(/^selfreg_x509_0_0_\d{10}$/)]);
    expect(tls.trace.entries({ kind: 'connack' }).filter((e) => e.clientId.startsWith('selfreg_x509_')).map((e) => e.returnCode)).toEqual([0, 0]);
    expect(tls.registry.get('huawei', 'selfreg_x509')).toMatchObject({ registeredBy: 'group:certscope', fingerprint: expect.any(String) as unknown });
  });
});
