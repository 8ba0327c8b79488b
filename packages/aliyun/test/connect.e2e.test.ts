import { createHmac } from 'node:crypto';
import { LinkKit, linkkit, ErrorCode } from '../src/index.js';
import { startPlatform, type Platform } from './helpers/platform.js';
import { Recorder, delay } from './helpers/recorder.js';

const PK = 'a1ProductKey';
const DN = 'device01';
const DS = 'DeviceSecret0123456789';

function localDevice(p: Platform, extra: Record<string, unknown> = {}): LinkKit<string> {
  const lk = new linkkit.LinkKit<string>({ host_name: '127.0.0.1', product_key: PK, device_name: DN, device_secret: DS, user_data: 'ud', extensions: { second_ms: 20, ...extra } });
  lk.config_mqtt({ port: p.mqttPort, secure: '' });
  return lk;
}

const sign = (ts: string): string => createHmac('sha1', DS).update(`clientId${PK}&${DN}deviceName${DN}productKey${PK}timestamp${ts}`).digest('hex');

describe('connect / disconnect with a device secret (emulator aliyun plugin)', () => {
  let p: Platform;
  beforeAll(async () => {
    p = await startPlatform({ devices: [{ pk: PK, dn: DN, ds: DS }] });
  });
  afterAll(async () => {
    await p.close();
  });

  test('CONNECT carries the Link Kit client id, username and a valid HMAC-SHA1 password; callbacks in order', async () => {
    const rec = new Recorder();
    const lk = localDevice(p);
    lk.on_connect = rec.fn('on_connect');
    lk.on_disconnect = rec.fn('on_disconnect');
    lk.on_thing_enable = rec.fn('on_thing_enable');
    lk.on_thing_disable = rec.fn('on_thing_disable');
    expect(lk.thing_setup()).toBe(0);
    expect(lk.thing_setup()).toBe(1);
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.INITIALIZED);
    expect(lk.connect_async()).toBe(0);
    expect(rec.calls).toEqual([]);
    await rec.wait('on_thing_enable');
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.CONNECTED);
    expect(rec.calls).toEqual([
      { name: 'on_connect', args: [0, 0, 'ud'] },
      { name: 'on_thing_enable', args: ['ud'] },
    ]);
    const conn = p.connects().at(-1)!;
    expect(conn.clientId).toMatch(/^a1ProductKey&device01\|securemode=3,signmethod=hmacsha1,ext=1,_ss=1,lan=Python,_v=1\.2\.13,timestamp=\d{10}\|$/);
    expect(conn.username).toBe('device01&a1ProductKey');
    expect(p.emu.trace.entries({ kind: 'connack' }).at(-1)?.returnCode).toBe(0);

    const done = lk.disconnect();
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.DISCONNECTING);
    await done;
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.DISCONNECTED);
    await rec.wait('on_disconnect');
    expect(rec.calls.slice(2)).toEqual([
      { name: 'on_thing_disable', args: ['ud'] },
      { name: 'on_disconnect', args: [0, 'ud'] },
    ]);
    await lk.destruct();
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.DESTRUCTED);
    await lk.destruct();
  });

  test('config_device_info goes into the client id (sii, accepted by the platform signature check)', async () => {
    const rec = new Recorder();
    const lk = new LinkKit<null>('127.0.0.1', PK, DN, DS, { extensions: { second_ms: 5, random: () => 0 } });
    lk.config_mqtt(p.mqttPort, 'MQTTv311', 'TCP', '');
    expect(lk.config_device_info('Eth|03ACDEFF0032|Eth|03ACDEFF0031')).toBe(0);
    expect(lk.config_device_info('x'.repeat(161))).toBe(1);
    lk.on_connect = rec.fn('on_connect');
    const since = p.seq();
    lk.connect_async();
    expect((await rec.wait('on_connect'))[0]).toEqual([0, 0, null]);
    const conn = p.emu.trace.entries({ kind: 'connect', since })[0]!;
    expect(conn.clientId).toContain(',sii=Eth|03ACDEFF0032|Eth|03ACDEFF0031,timestamp=');
    expect(p.emu.trace.entries({ kind: 'connack', since })[0]!.returnCode).toBe(0);
    await lk.destruct();
  });

  test('a wrong secret: CONNACK 4 refused, on_connect(0, 4) per attempt, retried only with the Link Kit back-off (no retry storm)', async () => {
    const rec = new Recorder();
    // one "second" = 20 ms and no jitter: waits 1, 3, 7, 15 "seconds" = 20, 60, 140, 300 ms
    const lk = new LinkKit<null>('127.0.0.1', PK, DN, 'wrong-secret', { extensions: { second_ms: 20, random: () => 0 } });
    lk.config_mqtt(p.mqttPort, 'MQTTv311', 'TCP', '');
    lk.on_connect = rec.fn('on_connect');
    const since = p.seq();
    const started = Date.now();
    lk.connect_async();
    await rec.wait('on_connect', 4);
    await delay(650 - (Date.now() - started));
    await lk.destruct();
    const connacks = p.emu.trace.entries({ kind: 'connack', since });
    const connects = p.emu.trace.entries({ kind: 'connect', since });
    expect(connacks.map((c) => c.returnCode)).toEqual(connects.map(() => 4));
    expect(connacks[0]!.reason).toContain('bad signature');
    expect(rec.args('on_connect')).toEqual(connects.map(() => [0, 4, null]));
    // 650 ms hold at most 5 attempts (0, 20, 80, 220, 520 ms); a storm would be hundreds
    expect(connects.length).toBeGreaterThanOrEqual(4);
    expect(connects.length).toBeLessThanOrEqual(5);
    const t = connects.map((c) => Date.parse(c.time));
    const gaps = t.slice(1).map((x, i) => x - t[i]!);
    [20, 60, 140, 300].slice(0, gaps.length).forEach((min, i) => expect(gaps[i]).toBeGreaterThanOrEqual(min - 2));
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.DESTRUCTED);
  });

  test('direct credentials (username / client id / password given): used verbatim and accepted by the platform; a wrong password is refused', async () => {
    const ts = '1700000123';
    const clientId = `${PK}&${DN}|securemode=3,signmethod=hmacsha1,timestamp=${ts}|`;
    const rec = new Recorder();
    const lk = new LinkKit<string>('127.0.0.1', PK, DN, '', null, `${DN}&${PK}`, clientId, sign(ts), null, null, 'direct');
    lk.config_mqtt({ port: p.mqttPort, secure: '' });
    lk.on_connect = rec.fn('on_connect');
    const bad = new LinkKit<string>('127.0.0.1', PK, DN, '', null, `${DN}&${PK}`, clientId, sign('1700000124'), null, null, 'bad', { second_ms: 1000 });
    bad.config_mqtt({ port: p.mqttPort, secure: '' });
    bad.on_connect = rec.fn('bad');
    try {
      lk.connect_async();
      expect((await rec.wait('on_connect'))[0]).toEqual([0, 0, 'direct']);
      const conn = p.connects().at(-1)!;
      expect([conn.clientId, conn.username]).toEqual([clientId, `${DN}&${PK}`]);
      bad.connect_async();
      expect((await rec.wait('bad'))[0]).toEqual([0, 4, 'bad']);
      expect(p.connacks().at(-1)).toMatchObject({ clientId, returnCode: 4 });
    } finally {
      await lk.destruct();
      await bad.destruct();
    }
  });

  test('network failure: on_connect(0, 9) on every attempt, thing enable after each (Q2), state DISCONNECTED between', async () => {
    const rec = new Recorder();
    const lk = new LinkKit('127.0.0.1', PK, DN, DS, { extensions: { second_ms: 5, random: () => 0, connect_timeout_ms: 500 } });
    lk.config_mqtt({ port: 1, secure: '' });
    lk.thing_setup();
    lk.on_connect = rec.fn('on_connect');
    lk.on_thing_enable = rec.fn('on_thing_enable');
    lk.connect_async();
    await rec.wait('on_connect', 2);
    expect(rec.args('on_connect').slice(0, 2)).toEqual([[0, 9, null], [0, 9, null]]);
    expect(rec.names().slice(0, 4)).toEqual(['on_connect', 'on_thing_enable', 'on_connect', 'on_thing_enable']);
    expect(lk.thing_post_property({ a: 1 })).toEqual([ErrorCode.NETWORK_DISCONNECTED.value, null]);
    await lk.destruct();
  });

  test('reconnect after a broker-side kick signs a fresh password with a new timestamp', async () => {
    const rec = new Recorder();
    let now = 1_700_000_000_000;
    const lk = localDevice(p, { now: () => now, random: () => 0 });
    lk.on_connect = rec.fn('on_connect');
    lk.on_disconnect = rec.fn('on_disconnect');
    const before = p.connects().length;
    lk.connect_async();
    await rec.wait('on_connect');
    const first = p.connects().slice(before)[0]!;
    now += 5000;
    p.emu.disconnectClient(first.clientId);
    await rec.wait('on_disconnect');
    expect(rec.args('on_disconnect')[0]).toEqual([7, 'ud']);
    await rec.wait('on_connect', 2);
    const second = p.connects().slice(before)[1]!;
    expect(first.clientId).toContain('timestamp=1700000000|');
    expect(second.clientId).toContain('timestamp=1700000005|');
    expect(lk.check_state()).toBe(LinkKit.LinkKitState.CONNECTED);
    await lk.destruct();
    await delay(5);
  });
});

describe('connect_async after disconnect', () => {
  test('a new connection with a freshly signed client id; state goes DISCONNECTED → CONNECTING → CONNECTED', async () => {
    const p = await startPlatform({ devices: [{ pk: PK, dn: DN, ds: DS }] });
    let now = 1_700_000_000_000;
    const rec = new Recorder();
    const lk = localDevice(p, { now: () => now });
    lk.on_connect = rec.fn('on_connect');
    lk.on_disconnect = rec.fn('on_disconnect');
    try {
      lk.connect_async();
      await rec.wait('on_connect');
      await lk.disconnect();
      expect(lk.check_state()).toBe(LinkKit.LinkKitState.DISCONNECTED);
      now += 3000;
      expect(lk.connect_async()).toBe(0);
      expect(lk.check_state()).toBe(LinkKit.LinkKitState.CONNECTING);
      await rec.wait('on_connect', 2);
      expect(rec.names()).toEqual(['on_connect', 'on_disconnect', 'on_connect']);
      const ids = p.connects().map((c) => c.clientId);
      expect(ids.at(-2)).toContain('timestamp=1700000000|');
      expect(ids.at(-1)).toContain('timestamp=1700000003|');
      expect(lk.check_state()).toBe(LinkKit.LinkKitState.CONNECTED);
    } finally {
      await lk.destruct();
      await p.close();
    }
  });
});

describe('logging never shows secrets', () => {
  test('DEBUG logging through connect, publish and disconnect contains neither the device secret nor the MQTT password', async () => {
    const p = await startPlatform({ devices: [{ pk: PK, dn: DN, ds: DS }] });
    const lines: string[] = [];
    const push = (m: string, ...meta: unknown[]): void => {
      lines.push([m, ...meta.map((x) => String(x))].join(' '));
    };
    const rec = new Recorder();
    const lk = localDevice(p, { logger: { debug: push, info: push, warn: push, error: push }, now: () => 1_700_000_000_000 });
    lk.enable_logger(linkkit.logging.DEBUG);
    lk.on_connect = rec.fn('on_connect');
    try {
      lk.connect_async();
      await rec.wait('on_connect');
      lk.publish_topic(lk.to_full_topic('user/x'), 'hello');
      await lk.disconnect();
    } finally {
      await lk.destruct();
      await p.close();
    }
    const text = lines.join('\n');
    expect(lines.length).toBeGreaterThan(3);
    expect(text).toContain('connecting to');
    expect(text).not.toContain(DS);
    expect(text).not.toContain('170b9a898ae1506a8704f5ab93994b700daec1d6');
  });
});

describe('independent signature check of the wire password', () => {
  test('password = HMAC-SHA1(ds, clientId{pk}&{dn}deviceName..timestamp..)', () => {
    const ts = '1700000000';
    expect(createHmac('sha1', DS).update(`clientId${PK}&${DN}deviceName${DN}productKey${PK}timestamp${ts}`).digest('hex')).toBe(
      '170b9a898ae1506a8704f5ab93994b700daec1d6',
    );
  });
});
