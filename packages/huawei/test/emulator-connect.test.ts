// End to end against the emulator's own huawei plugin: authentication (secret with and without timestamp check,
// X.509 over TLS), refusals that stop the retries, reconnect with a freshly signed password after a kick and after
// a broker restart, and the offline buffer replayed in order.
import { createHmac, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DeviceRegistry, generateSelfSignedCert, startEmulator, vendorPlugins, type ConnectInfo, type Emulator, type VendorPlugin } from '@iot/emulator';
import { ActionListener, ClientConf, ConnectAuthInfo, ConnectListener, DeviceMessage, IotDevice, get_timestamp } from '../src/index.js';
import { SECRET, sleep, startCloud, until, type HuaweiCloud } from './emulator-helpers.js';

/** Moves the process clock (device and platform alike) by `offsetMs`; returns the undo. */
function shiftClock(offsetMs: number): () => void {
  const Real = Date;
  class Shifted extends Real {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(Real.now() + offsetMs);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return Real.now() + offsetMs;
    }
  }
  globalThis.Date = Shifted as DateConstructor;
  return () => {
    globalThis.Date = Real;
  };
}

const hmac = (key: string, msg: string): string => createHmac('sha256', key).update(msg).digest('hex');

class Conn extends ConnectListener {
  events: string[] = [];
  connection_lost(cause: string): void {
    this.events.push(`lost:${cause}`);
  }
  connect_complete(reconnect: boolean, server_uri: string): void {
    this.events.push(`complete:${reconnect}:${server_uri}`);
  }
}

class Outcome extends ActionListener {
  ok: string[] = [];
  failed: string[] = [];
  on_success(message: string): void {
    this.ok.push(message);
  }
  on_failure(message: string): void {
    this.failed.push(message);
  }
}

/** The huawei plugin with its CONNECTs recorded (client id, password) before it authenticates them. */
function recordingPlugin(seen: ConnectInfo[]): VendorPlugin {
  const p = vendorPlugins['huawei']!();
  const auth = p.authenticate.bind(p);
  p.authenticate = (conn, ctx) => {
    seen.push(conn);
    return auth(conn, ctx);
  };
  return p;
}

describe('authentication', () => {
  let cloud: HuaweiCloud;
  beforeAll(async () => {
    cloud = await startCloud({ mqttTlsPort: 0 });
    await cloud.register('prod_sec');
  });
  afterEach(() => cloud.reset());
  afterAll(() => cloud.close());

  test.each(['1', '0'])('secret, check_timestamp %s: connected, no SUBSCRIBE needed, device online', async (check) => {
    const d = cloud.device('prod_sec', SECRET, (i) => (i.check_timestamp = check));
    const since = cloud.seq();
    const before = get_timestamp();
    expect(await d.connect()).toBe(0);
    const connects = cloud.emu.trace.entries({ kind: 'connect', since });
    expect(connects).toHaveLength(1);
    expect(connects[0]!.clientId).toMatch(new RegExp(`^prod_sec_0_${check}_\\d{10}$`));
    expect([before, get_timestamp()]).toContain(connects[0]!.clientId.slice(-10));
    expect(connects[0]).toMatchObject({ username: 'prod_sec', passwordPresent: true, protocolVersion: 4 });
    expect(cloud.emu.trace.entries({ kind: 'connack', since }).map((e) => e.returnCode)).toEqual([0]);
    // the Python SDK never subscribes: the platform's own subscription delivers the system topics
    const subs = cloud.emu.trace.entries({ kind: 'subscribe', since });
    expect(subs.every((s) => s.auto === true)).toBe(true);
    expect(subs.map((s) => s.topic)).toContain('$oc/devices/prod_sec/sys/#');
    expect((await cloud.control<{ online: boolean; status: string }>('GET', '/devices/prod_sec/info')).body).toMatchObject({ online: true, status: 'ONLINE' });
    // the device-log connect report reached the platform
    await until(async () => (await cloud.control<unknown[]>('GET', '/devices/prod_sec/logs')).body.length > 0);
  });

  test('a wrong secret and an unknown device are refused with 4 and not retried; a frozen device gets 5', async () => {
    await cloud.register('prod_frozen', SECRET, { status: 'FROZEN' });
    for (const [id, secret, rc] of [
      ['prod_sec', 'not-the-secret', 4],
      ['prod_ghost', SECRET, 4],
      ['prod_frozen', SECRET, 5],
    ] as const) {
      const since = cloud.seq();
      const conn = new Conn();
      const d = cloud.device(id, secret, (i) => {
        i.min_backoff = 20;
        i.max_backoff = 100;
      });
      d.get_client().add_connect_listener(conn);
      expect(await d.connect()).toBe(rc);
      await sleep(600);
      expect(cloud.emu.trace.entries({ kind: 'connect', since }).filter((e) => e.username === id)).toHaveLength(1);
      expect(cloud.emu.trace.entries({ kind: 'connack', since }).map((e) => e.returnCode)).toEqual([rc]);
      expect(conn.events.filter((e) => e.startsWith('complete'))).toEqual([]);
      expect(d.get_client()._get_connection().is_connected()).toBe(false);
    }
  });

  test('X.509 by certificate fingerprint over TLS; another certificate is refused', async () => {
    const mine = generateSelfSignedCert('device-a');
    const other = generateSelfSignedCert('device-b');
    const files = (name: string, pair: { cert: string; key: string }): [string, string] => {
      writeFileSync(path.join(cloud.dir, `${name}.pem`), pair.cert);
      writeFileSync(path.join(cloud.dir, `${name}.key`), pair.key);
      return [path.join(cloud.dir, `${name}.pem`), path.join(cloud.dir, `${name}.key`)];
    };
    const root = path.join(cloud.dir, 'root.pem');
    writeFileSync(root, cloud.emu.tlsCert!);
    await cloud.register('prod_x509', '', { fingerprint: new X509Certificate(mine.cert).fingerprint256 });
    const tlsPort = Number(new URL(cloud.emu.mqttsUrl!).port);
    const since = cloud.seq();
    const good = IotDevice.create_by_certificate('127.0.0.1', 8883, 'prod_x509', ...files('mine', mine), root, { broker_port: tlsPort });
    cloud.devices.push(good);
    expect(await good.connect()).toBe(0);
    const c = cloud.emu.trace.entries({ kind: 'connect', since })[0]!;
    expect(c).toMatchObject({ username: 'prod_x509', passwordPresent: false, tls: true });
    good.get_client().report_device_message(new DeviceMessage({ content: 'over tls' }));
    await until(async () => JSON.stringify((await cloud.control('GET', '/devices/prod_x509/messages')).body).includes('over tls'));

    const bad = IotDevice.create_by_certificate('127.0.0.1', 8883, 'prod_x509', ...files('other', other), root, { broker_port: tlsPort });
    cloud.devices.push(bad);
    expect(await bad.connect()).toBe(4);
    // secret authentication over TLS with the platform CA
    const sec = IotDevice.create_by_secret('127.0.0.1', 8883, 'prod_sec', SECRET, root, { broker_port: tlsPort });
    cloud.devices.push(sec);
    expect(await sec.connect()).toBe(0);
  });
});

describe('reconnect', () => {
  const seen: ConnectInfo[] = [];
  let registry: DeviceRegistry;
  let emu: Emulator;
  let port: number;
  const devices: IotDevice[] = [];

  const device = (tune: (i: ConnectAuthInfo) => void = () => undefined): IotDevice => {
    const info = new ConnectAuthInfo();
    info.server_uri = '127.0.0.1';
    info.port = 1883;
    info.id = 'prod_rc';
    info.secret = SECRET;
    info.min_backoff = 100;
    info.max_backoff = 400;
    tune(info);
    const d = new IotDevice(new ClientConf(info, null, { broker_port: port }));
    devices.push(d);
    return d;
  };

  beforeAll(async () => {
    registry = new DeviceRegistry();
    registry.put({ vendor: 'huawei', key: 'prod_rc', secret: SECRET });
    emu = await startEmulator({ vendors: [recordingPlugin(seen)], registry });
    port = Number(new URL(emu.mqttUrl).port);
  });
  let restoreClock = (): void => undefined;
  afterEach(async () => {
    restoreClock();
    for (const d of devices.splice(0)) await d.destroy();
    seen.length = 0;
  });
  afterAll(() => emu.close());

  test('kicked by the platform: reconnects with a password signed for the new hour', async () => {
    const d = device();
    const conn = new Conn();
    d.get_client().add_connect_listener(conn);
    expect(await d.connect()).toBe(0);
    const first = seen.at(-1)!;
    expect(first.password?.toString()).toBe(hmac(first.clientId.slice(-10), SECRET));
    // three hours later (device and platform share the clock): the old signature would now be expired
    restoreClock = shiftClock(3 * 3_600_000);
    const since = emu.trace.entries().at(-1)!.seq;
    expect(emu.disconnectClient(first.clientId)).toBe(true);
    await until(() => d.get_client()._get_connection().is_connected() && seen.length === 2, 5000, 'reconnect');
    const second = seen.at(-1)!;
    expect(second.clientId).toBe(`prod_rc_0_1_${get_timestamp()}`);
    expect(second.clientId).not.toBe(first.clientId);
    expect(second.password?.toString()).toBe(hmac(second.clientId.slice(-10), SECRET));
    expect(emu.trace.entries({ kind: 'connack', since }).map((e) => e.returnCode)).toEqual([0]);
    await until(() => conn.events.length === 3);
    expect(conn.events).toEqual(['complete:false:127.0.0.1', 'lost:Unspecified error', 'complete:false:127.0.0.1']);
  });

  test('broker stopped and restarted: the offline buffer is replayed in order after the connect logs; evicted messages fail', async () => {
    const d = device((i) => {
      i.max_buffer_message = 3;
    });
    const logs = async (): Promise<number> => ((await (await fetch(`${emu.httpUrl}/control/huawei/devices/prod_rc/logs`)).json()) as unknown[]).length;
    const before = await logs();
    expect(await d.connect()).toBe(0);
    // the connect log is acknowledged before the broker goes away (an unacknowledged one would be re-sent)
    await until(async () => (await logs()) === before + 1);
    await sleep(50);
    const out = new Outcome();
    await emu.close();
    await until(() => !d.get_client()._get_connection().is_connected(), 5000, 'disconnect');
    for (let i = 1; i <= 5; i++) d.get_client().report_device_message(new DeviceMessage({ content: `offline ${i}` }), out);
    await until(() => out.failed.length === 2, 2000, 'evictions reported');
    seen.length = 0;
    emu = await startEmulator({ vendors: [recordingPlugin(seen)], registry, mqttPort: port });
    await until(() => out.ok.length === 3, 10_000, 'replay');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.password?.toString()).toBe(hmac(seen[0]!.clientId.slice(-10), SECRET));
    const ups = emu.trace.entries({ kind: 'publish', clientId: seen[0]!.clientId }).map((e) => {
      const o = JSON.parse(e.payload ?? '{}') as { content?: string; services?: Array<{ paras: { content: string } }> };
      return o.content ?? o.services?.[0]?.paras.content;
    });
    expect(ups).toEqual(['connect complete, the uri is 127.0.0.1', 'connect lost', 'offline 3', 'offline 4', 'offline 5']);
    const stored = (await (await fetch(`${emu.httpUrl}/control/huawei/devices/prod_rc/messages`)).json()) as Array<{ data: { content: string } }>;
    expect(stored.map((m) => m.data.content)).toEqual(['offline 3', 'offline 4', 'offline 5']);
  });
});
