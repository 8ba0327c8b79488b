import mqtt from 'mqtt';
import { createHash, X509Certificate } from 'node:crypto';
import { generateSelfSignedCert, startEmulator, type ConnectInfo, type VendorPlugin } from '../src/index.js';
import { connackCode, device, nextMessage, startTestEmulator } from './helpers.js';

function resourceCounts(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

describe('TLS and WebSocket listeners, and close()', () => {
  test('devices connect over mqtts (self-signed cert) and ws; plugins see tls', async () => {
    const emu = await startTestEmulator({ mqttTlsPort: 0 });
    try {
      expect(emu.mqttsUrl).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);
      expect(emu.tlsCert).toContain('BEGIN CERTIFICATE');
      const tlsDev = await device(emu.mqttsUrl!, 'test-a', 'pw-a', { ca: emu.tlsCert, servername: 'localhost' });
      const connect = emu.trace.entries({ kind: 'connect', clientId: 'test-a' }).at(-1)!;
      expect(connect.tls).toBe(true);
      expect(emu.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/mqtt$/);
      const wsDev = await device(emu.wsUrl!, 'test-b', 'pw-b');
      try {
        await wsDev.subscribeAsync('test/test-b/down', { qos: 1 });
        const echo = nextMessage(wsDev, 'test/test-b/down');
        await wsDev.publishAsync('test/test-b/up', 'over ws', { qos: 1 });
        expect((await echo).payload.toString()).toBe('over ws');
        expect(await connackCode(emu.wsUrl!, 'test-b', 'bad')).toBe(4);
        const notMqtt = await fetch(emu.httpUrl + '/other', { headers: { upgrade: 'websocket', connection: 'upgrade', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-version': '13' } }).catch(() => undefined);
        expect(notMqtt?.status ?? 404).not.toBe(101);
      } finally {
        await tlsDev.endAsync();
        await wsDev.endAsync();
      }
    } finally {
      await emu.close();
    }
  });

  test('X.509 client certificates reach the plugin as peerCertificate', async () => {
    const deviceCert = generateSelfSignedCert('device-1.local');
    const fingerprint = new X509Certificate(deviceCert.cert).fingerprint256;
    const seen: ConnectInfo[] = [];
    const x509: VendorPlugin = {
      name: 'x509',
      claims: (conn) => conn.clientId.startsWith('x509-'),
      authenticate(conn) {
        seen.push(conn);
        return conn.peerCertificate?.fingerprint256 === fingerprint ? { ok: true } : { ok: false, returnCode: 5, reason: 'no or unknown certificate' };
      },
    };
    const emu = await startEmulator({ vendors: [x509], mqttTlsPort: 0 });
    try {
      const c = await device(emu.mqttsUrl!, 'x509-1', undefined, { ca: emu.tlsCert, servername: 'localhost', key: deviceCert.key, cert: deviceCert.cert });
      await c.endAsync();
      expect(seen[0]).toMatchObject({ tls: true, peerCertificate: { fingerprint256: fingerprint, subject: 'iot-emulator' } });
      expect(createHash('sha256').update(new X509Certificate(deviceCert.cert).raw).digest('hex').toUpperCase()).toBe(fingerprint.replace(/:/g, ''));
      expect(await connackCode(emu.mqttsUrl!, 'x509-2', undefined, undefined, { ca: emu.tlsCert!, servername: 'localhost' })).toBe(5);
    } finally {
      await emu.close();
    }
  });

  test('WebSocket on its own port', async () => {
    const emu = await startTestEmulator({ wsPort: 0 });
    try {
      expect(new URL(emu.wsUrl!).port).not.toBe(new URL(emu.httpUrl).port);
      const c = await device(emu.wsUrl!, 'test-a', 'pw-a');
      await c.endAsync();
    } finally {
      await emu.close();
    }
  });

  test('close() drops connected devices and leaves no handle behind; it is idempotent', async () => {
    const before = resourceCounts();
    const emu = await startTestEmulator({ mqttTlsPort: 0 });
    const devices = [
      await device(emu.mqttUrl, 'test-a', 'pw-a'),
      await device(emu.wsUrl!, 'test-b', 'pw-b'),
    ];
    const tlsDev = await device(emu.mqttsUrl!, 'test-a2', undefined, { ca: emu.tlsCert, servername: 'localhost' }).catch((e: unknown) => e);
    expect((tlsDev as { code?: number }).code).toBe(5);
    const pending = emu.waitForUplink('never/#', undefined, 60_000);
    const closedAll = Promise.all(devices.map((d) => new Promise<void>((r) => d.once('close', () => r()))));
    await emu.close();
    await emu.close();
    await closedAll;
    await expect(pending).rejects.toThrow(/closed/);
    await expect(emu.publish('a/b', 'x')).rejects.toThrow(/closed/);
    for (const d of devices) d.end(true);
    // short-lived client-side timers (mqtt.js) may still be pending: allow them a moment to expire
    const leaked = (): boolean => [...resourceCounts()].some(([kind, n]) => n > (before.get(kind) ?? 0));
    for (let i = 0; i < 30 && leaked(); i++) await new Promise((r) => setTimeout(r, 50));
    const after = resourceCounts();
    for (const [kind, n] of after) expect([kind, n]).toEqual([kind, Math.min(n, before.get(kind) ?? 0)]);
    await expect(mqtt.connectAsync(emu.mqttUrl, { reconnectPeriod: 0, connectTimeout: 500 }, false)).rejects.toThrow();
  });

  test('an unknown vendor or a busy port makes startEmulator fail without leaking', async () => {
    await expect(startEmulator({ vendors: ['nope'] })).rejects.toThrow(/unknown vendor plugin "nope"; available: test/);
    const emu = await startTestEmulator();
    try {
      const port = Number(new URL(emu.mqttUrl).port);
      await expect(startEmulator({ vendors: ['test'], mqttPort: port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await emu.close();
    }
  });
});
