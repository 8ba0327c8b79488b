// End to end against the emulator's own huawei plugin: a device started while the platform is down, custom topics
// re-subscribed in connect_complete after a kick (the message_delivery_sample pattern), destroy() for good, a
// throwing listener, and publishes while offline without a buffer.
import { DeviceRegistry, freePort, startEmulator, type Emulator } from '@iot/emulator';
import { ActionListener, ClientConf, CommandListener, CommandRsp, ConnectAuthInfo, ConnectListener, DeviceMessage, IotDevice, RawMessage, RawMessageListener, type JsonDict } from '../src/index.js';
import { SECRET, sleep, startCloud, until, type HuaweiCloud } from './emulator-helpers.js';

const ID = 'prod_robust';

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

test('connect() started while the platform is down resolves 0 once it comes up', async () => {
  const registry = new DeviceRegistry();
  registry.put({ vendor: 'huawei', key: ID, secret: SECRET });
  const port = await freePort('127.0.0.1');
  const info = new ConnectAuthInfo();
  info.server_uri = '127.0.0.1';
  info.port = 1883;
  info.id = ID;
  info.secret = SECRET;
  info.min_backoff = 50;
  info.max_backoff = 200;
  const d = new IotDevice(new ClientConf(info, null, { broker_port: port }));
  let emu: Emulator | undefined;
  try {
    let rc: number | undefined;
    const pending = d.connect().then((r) => (rc = r));
    await sleep(700);
    expect(rc).toBeUndefined();
    emu = await startEmulator({ vendors: ['huawei'], registry, mqttPort: port });
    await pending;
    expect(rc).toBe(0);
    expect(emu.trace.entries({ kind: 'connack' }).map((e) => e.returnCode)).toEqual([0]);
  } finally {
    await d.destroy();
    await emu?.close();
  }
});

describe('on a running platform', () => {
  let cloud: HuaweiCloud;
  beforeAll(async () => {
    cloud = await startCloud();
    await cloud.register(ID);
  });
  afterEach(() => cloud.reset());
  afterAll(() => cloud.close());

  test('custom topics re-subscribed in connect_complete keep receiving after the platform kicks the device', async () => {
    const d = cloud.device(ID, SECRET, (i) => {
      i.min_backoff = 50;
      i.max_backoff = 200;
    });
    const topic = `$oc/devices/${ID}/user/downtopic`;
    const got: string[] = [];
    const listener = new (class extends RawMessageListener {
      on_message_received(m: RawMessage): void {
        got.push(Buffer.isBuffer(m.payload) ? m.payload.toString() : String(m.payload));
      }
    })();
    let completes = 0;
    d.get_client().add_connect_listener(
      new (class extends ConnectListener {
        connection_lost(): void {}
        connect_complete(): void {
          completes += 1;
          d.get_client().subscribe_topic(topic, 1, listener);
        }
      })(),
    );
    expect(await d.connect()).toBe(0);
    const subscribed = (n: number): boolean => cloud.emu.trace.entries({ kind: 'subscribe', topic }).filter((e) => e.auto !== true).length === n;
    await until(() => subscribed(1), 3000, 'first SUBSCRIBE');
    await cloud.control('POST', `/devices/${ID}/messages`, { topic, payload: 'before' });
    await until(() => got.length === 1);
    const clientId = cloud.emu.connectedClients('huawei').find((c) => c.session['deviceId'] === ID)!.clientId;
    expect(cloud.emu.disconnectClient(clientId)).toBe(true);
    await until(() => completes === 2 && subscribed(2), 5000, 'reconnect and SUBSCRIBE again');
    await cloud.control('POST', `/devices/${ID}/messages`, { topic, payload: 'after' });
    await until(() => got.length === 2);
    expect(got).toEqual(['before', 'after']);
  });

  test('destroy() takes the device offline for good: no reconnect, later publishes fail', async () => {
    const d = cloud.device(ID, SECRET, (i) => {
      i.min_backoff = 50;
      i.max_backoff = 200;
    });
    expect(await d.connect()).toBe(0);
    const since = cloud.seq();
    await d.destroy();
    await until(async () => (await cloud.control<{ status: string; online: boolean }>('GET', `/devices/${ID}/info`)).body.online === false);
    expect((await cloud.control('GET', `/devices/${ID}`)).body).toMatchObject({ status: 'OFFLINE' });
    await sleep(500);
    expect(cloud.emu.trace.entries({ kind: 'connect', since })).toEqual([]);
    const out = new Outcome();
    d.get_client().report_device_message(new DeviceMessage({ content: 'after destroy' }), out);
    await until(() => out.failed.length === 1);
    expect(out.ok).toEqual([]);
  });

  test('without an offline buffer a publish while disconnected fails through its listener; the next one after the reconnect succeeds', async () => {
    const d = cloud.device(ID, SECRET, (i) => {
      i.min_backoff = 300;
      i.max_backoff = 300;
    });
    expect(await d.connect()).toBe(0);
    const clientId = cloud.emu.connectedClients('huawei').find((c) => c.session['deviceId'] === ID)!.clientId;
    cloud.emu.disconnectClient(clientId);
    await until(() => !d.get_client()._get_connection().is_connected(), 3000, 'disconnected');
    const out = new Outcome();
    d.get_client().report_device_message(new DeviceMessage({ content: 'lost' }), out);
    await until(() => out.failed.length === 1);
    await until(() => d.get_client()._get_connection().is_connected(), 5000, 'reconnected');
    d.get_client().report_device_message(new DeviceMessage({ content: 'delivered' }), out);
    await until(() => out.ok.length === 1);
    const stored = (await cloud.control<Array<{ data: { content: string } }>>('GET', `/devices/${ID}/messages`)).body.map((m) => m.data.content);
    expect(stored).toContain('delivered');
    expect(stored).not.toContain('lost');
  });

  test('secret changed on the platform, then kicked: the reconnect is refused with 4 once and not retried', async () => {
    await cloud.register('prod_rotated');
    const d = cloud.device('prod_rotated', SECRET, (i) => {
      i.min_backoff = 50;
      i.max_backoff = 100;
    });
    const events: string[] = [];
    d.get_client().add_connect_listener(
      new (class extends ConnectListener {
        connection_lost(cause: string): void {
          events.push(`lost:${cause}`);
        }
        connect_complete(): void {
          events.push('complete');
        }
      })(),
    );
    expect(await d.connect()).toBe(0);
    await cloud.register('prod_rotated', 'a-new-secret');
    const since = cloud.seq();
    const clientId = cloud.emu.connectedClients('huawei').find((c) => c.session['deviceId'] === 'prod_rotated')!.clientId;
    cloud.emu.disconnectClient(clientId);
    await until(() => cloud.emu.trace.entries({ kind: 'connack', since }).length === 1, 5000, 'reconnect attempt');
    await sleep(800);
    expect(cloud.emu.trace.entries({ kind: 'connack', since }).map((e) => e.returnCode)).toEqual([4]);
    expect(d.get_client()._get_connection().is_connected()).toBe(false);
    expect(events[0]).toBe('complete');
    expect(events.filter((e) => e === 'complete')).toHaveLength(1);
    expect(events.some((e) => e.startsWith('lost:'))).toBe(true);
  });

  test('subscribe_topic before connect() is sent once connected; connect() again after destroy() works', async () => {
    const d = cloud.device(ID);
    const topic = `$oc/devices/${ID}/user/early`;
    const got: string[] = [];
    d.get_client().subscribe_topic(topic, 1, new (class extends RawMessageListener {
      on_message_received(m: RawMessage): void {
        got.push(Buffer.isBuffer(m.payload) ? m.payload.toString() : String(m.payload));
      }
    })());
    expect(await d.connect()).toBe(0);
    await until(() => cloud.emu.trace.entries({ kind: 'subscribe', topic }).some((e) => e.auto !== true), 3000, 'SUBSCRIBE');
    await cloud.control('POST', `/devices/${ID}/messages`, { topic, payload: 'early bird' });
    await until(() => got.length === 1);
    await d.destroy();
    expect(await d.connect()).toBe(0);
    expect((await cloud.control('GET', `/devices/${ID}/info`)).body).toMatchObject({ online: true });
    const out = new Outcome();
    d.get_client().report_device_message(new DeviceMessage({ content: 'second life' }), out);
    await until(() => out.ok.length === 1);
  });

  test('a listener that throws does not break the device: the error is logged, later requests are served', async () => {
    const errors: string[] = [];
    const logger = { debug: (): void => undefined, info: (): void => undefined, warn: (): void => undefined, error: (m: string): void => void errors.push(m) };
    const d = cloud.device(ID, SECRET, undefined, { logger });
    let calls = 0;
    d.get_client().set_command_listener(
      new (class extends CommandListener {
        on_command(request_id: string, _s: string, command_name: string, paras: JsonDict): void {
          calls += 1;
          if (paras['boom'] === true) throw new Error('listener bug');
          d.get_client().respond_command(request_id, new CommandRsp({ response_name: command_name }));
        }
      })(),
    );
    expect(await d.connect()).toBe(0);
    const first = await cloud.control<{ error: string }>('POST', `/devices/${ID}/commands?timeout_ms=300`, { service_id: 's', command_name: 'c1', paras: { boom: true } }, true);
    expect(first.status).toBe(504);
    const second = await cloud.control<{ response: { response_name: string } }>('POST', `/devices/${ID}/commands`, { service_id: 's', command_name: 'c2', paras: {} });
    expect(second.body.response.response_name).toBe('c2');
    expect(calls).toBe(2);
    expect(errors.some((e) => e.includes('listener bug'))).toBe(true);
    expect(d.get_client()._get_connection().is_connected()).toBe(true);
  });
});
