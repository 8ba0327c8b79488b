// TLS (server verification, CA options, CERT-mode files) and WebSocket transport against the emulator's
// TLS and WebSocket listeners, with a permissive stand-in plugin until the tencent plugin exists.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, generateSelfSignedCert, type Emulator, type VendorPlugin, type ConnectInfo } from '@iot/emulator';
import { QcloudHubProvider, TENCENT_IOT_CA_PEM } from '../src/index.js';
import { X509Certificate } from 'node:crypto';
import { deviceFile, sleep, waitFor, type DeviceDir } from './helpers.js';

let emu: Emulator;
let dev: DeviceDir;
const seen: ConnectInfo[] = [];
const hubs: QcloudHubProvider[] = [];

const stub: VendorPlugin = {
  name: 'tencent-stub',
  claims: () => true,
  authenticate: (conn) => {
    seen.push(conn);
    return { ok: true };
  },
};

function port(url: string): number {
  return Number(/:(\d+)(\/|$)/.exec(url)![1]);
}

function make(file: string, tls: boolean, ws: boolean, p: number, over: Record<string, unknown> = {}): QcloudHubProvider {
  const h = new QcloudHubProvider(file, null, tls, '127.0.0.1', ws, { port: p, timeScale: 0.05, ...over });
  hubs.push(h);
  return h;
}

beforeAll(async () => {
  emu = await startEmulator({ vendors: [stub], mqttTlsPort: 0 });
  dev = deviceFile();
});
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.destroy();
});
afterAll(async () => {
  await emu.close();
  dev.cleanup();
});

test('the embedded CA is the Tencent IoT Hub root (fingerprint from the spec)', () => {
  const c = new X509Certificate(TENCENT_IOT_CA_PEM);
  expect(c.fingerprint256).toBe('3B:1F:A1:E1:14:9E:3F:3B:D3:72:27:30:DB:EF:9E:B7:2E:C4:B9:FD:95:55:30:63:A9:C6:0B:A6:27:78:E7:40');
  expect(c.subject).toContain('CN=www.tencent.com');
});

test('TLS verifies the server: an untrusted certificate never connects; trusting it (options.ca) connects', async () => {
  const untrusted = make(dev.file, true, false, port(emu.mqttsUrl!));
  untrusted.connect();
  await sleep(400);
  expect(untrusted.isMqttConnected()).toBe(false);
  await untrusted.destroy();
  const n = seen.length;
  const ok = make(dev.file, true, false, port(emu.mqttsUrl!), { ca: emu.tlsCert });
  ok.connect();
  await waitFor(() => ok.isMqttConnected(), 5000);
  expect(seen.slice(n).some((c) => c.tls && c.clientId === 'ABCDEFGHIJdev1' && c.protocolVersion === 3)).toBe(true);
});

test('rejectUnauthorized: false opts out of verification (vendor behaviour)', async () => {
  const h = make(dev.file, true, false, port(emu.mqttsUrl!), { rejectUnauthorized: false });
  h.connect();
  await waitFor(() => h.isMqttConnected(), 5000);
});

test('CERT mode uses devCaFile to verify the broker and presents the client certificate files', async () => {
  const d = deviceFile({ auth_mode: 'CERT' });
  try {
    const client = generateSelfSignedCert('device');
    writeFileSync(join(d.dir, 'ca.crt'), emu.tlsCert!);
    writeFileSync(join(d.dir, 'dev.crt'), client.cert);
    writeFileSync(join(d.dir, 'dev.key'), client.key);
    const text = JSON.stringify({
      auth_mode: 'CERT', productId: 'ABCDEFGHIJ', productSecret: 'x', deviceName: 'dev1',
      key_deviceinfo: { deviceSecret: '' },
      cert_deviceinfo: { devCaFile: join(d.dir, 'ca.crt'), devCertFile: join(d.dir, 'dev.crt'), devPrivateKeyFile: join(d.dir, 'dev.key') },
      region: 'china',
    });
    writeFileSync(d.file, text);
    const h = make(d.file, true, false, port(emu.mqttsUrl!));
    h.connect();
    await waitFor(() => h.isMqttConnected(), 5000);
  } finally {
    d.cleanup();
  }
});

test('MQTT over WebSocket (/mqtt on the HTTP port)', async () => {
  const n = seen.length;
  const h = make(dev.file, false, true, port(emu.httpUrl));
  h.connect();
  await waitFor(() => h.isMqttConnected(), 5000);
  expect(seen.slice(n).some((c) => c.clientId === 'ABCDEFGHIJdev1' && c.protocolVersion === 3)).toBe(true);
  const [rc] = h.publish('ABCDEFGHIJ/dev1/event', { over: 'ws' }, 1);
  expect(rc).toBe(0);
  const up = await emu.waitForUplink('ABCDEFGHIJ/dev1/event', undefined, 3000);
  expect(up.payload.toString()).toBe('{"over": "ws"}');
});

test('connect after disconnect works over TLS (the vendor SDK never reconnected: quirk 21)', async () => {
  const h = make(dev.file, true, false, port(emu.mqttsUrl!), { ca: emu.tlsCert });
  h.connect();
  await waitFor(() => h.isMqttConnected(), 5000);
  await h.disconnect();
  expect(h.isMqttConnected()).toBe(false);
  expect(h.connect()).toBe(0);
  await waitFor(() => h.isMqttConnected(), 5000);
});
