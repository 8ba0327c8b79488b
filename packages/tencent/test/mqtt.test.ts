// End-to-end MQTT behaviour of QcloudHubProvider against a real broker: the CONNECT, publish/subscribe wire,
// callback arguments, routing rules, NTP, disconnect/reconnect and error paths.
import { createHmac } from 'node:crypto';
import { QcloudHub, QcloudHubProvider, HubState, ErrorCode, StateError, LoggerLevel, device_property } from '../src/index.js';
import { DEVICE, deviceFile, sleep, startWire, waitFor, type DeviceDir, type Wire } from './helpers.js';

type Ev = [string, ...unknown[]];

function recorder(): { events: Ev[]; cbs: Parameters<QcloudHubProvider['registerMqttCallback']> } {
  const events: Ev[] = [];
  return {
    events,
    cbs: [
      (flag, rc, ud) => events.push(['connect', flag, rc, ud]),
      (rc, ud) => events.push(['disconnect', rc, ud]),
      (topic, qos, payload, ud) => events.push(['message', topic, qos, payload, ud]),
      (mid, ud) => events.push(['publish', mid, ud]),
      (qos, mid, ud) => events.push(['subscribe', qos, mid, ud]),
      (mid, ud) => events.push(['unsubscribe', mid, ud]),
    ],
  };
}

let wire: Wire;
let dev: DeviceDir;
const hubs: QcloudHubProvider<string>[] = [];

function makeHub(over: Record<string, unknown> = {}): QcloudHubProvider<string> {
  const h = new QcloudHubProvider<string>(dev.file, 'UD', false, '127.0.0.1', false, { port: wire.broker.port, timeScale: 0.05, ...over });
  hubs.push(h);
  return h;
}

async function connected(h: QcloudHubProvider<string>): Promise<void> {
  h.connect();
  await waitFor(() => h.isMqttConnected(), 5000, 'connected');
}

beforeAll(async () => {
  wire = await startWire();
  dev = deviceFile();
});
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.destroy();
  wire.refuse = 0;
  wire.subackDelayMs = 0;
});
afterAll(async () => {
  await QcloudHub.destroy();
  await wire.close();
  dev.cleanup();
});

describe('construction', () => {
  test('QcloudHub is a process-wide singleton exposing .hub; nested types reachable from the instance', async () => {
    const a = new QcloudHub(dev.file, null, false, '127.0.0.1');
    const b = new QcloudHub('ignored.json');
    expect(b).toBe(a);
    expect(a.hub).toBeInstanceOf(QcloudHubProvider);
    const q = a.hub;
    expect(q.HubState.CONNECTED).toBe(3);
    expect(q.getConnectState()).toBe(HubState.INITIALIZED);
    expect(q.ErrorCode.ERR_TOPIC_NONE).toBe(-1000);
    expect(q.LoggerLevel.WARNING).toBe('warring');
    expect(new q.device_property()).toEqual({ key: '', data: '', data_buff_len: 0, type: '' });
    expect(new q.sReplyPara()).toEqual({ timeout_ms: 0, code: -1, status_msg: null });
    expect(q.StateError).toBe(StateError);
    expect(q.getProductID()).toBe(DEVICE.productId);
    expect(q.getDeviceName()).toBe(DEVICE.deviceName);
    await QcloudHub.destroy();
    const c = new QcloudHub({ device_file: dev.file, tls: false });
    expect(c).not.toBe(a);
    await QcloudHub.destroy();
  });

  test('missing device-file keys raise KeyError with the key', () => {
    const d = deviceFile({ region: undefined });
    try {
      expect(() => new QcloudHubProvider(d.file)).toThrow("'region'");
    } finally {
      d.cleanup();
    }
  });

  test('placeholder secret: no client; connect logs and returns 0, setters log, logInit returns null', () => {
    const d = deviceFile({ key_deviceinfo: { deviceSecret: 'YOUR_DEVICE_SECRET' } });
    const lines: string[] = [];
    try {
      const h = new QcloudHubProvider(d.file, null, false, null, false, { logSink: (l) => lines.push(l) });
      expect(h.logInit(LoggerLevel.DEBUG)).toBeNull();
      expect(h.connect()).toBe(0);
      expect(h.isMqttConnected()).toBe(false);
      h.setKeepaliveInterval(10);
    } finally {
      d.cleanup();
    }
  });

  test('methods needing CONNECTED throw StateError("current state is not CONNECTED") before connect', async () => {
    const h = makeHub();
    expect(() => h.publish('a/b', 1, 0)).toThrow(new StateError('current state is not CONNECTED'));
    expect(() => h.subscribe('a/b', 0)).toThrow(StateError);
    expect(() => h.unsubscribe('a/b')).toThrow(StateError);
    expect(() => h.shadowInit('p', 'd', () => 0)).toThrow(StateError);
    expect(() => h.rrpcInit('p', 'd', () => 0)).toThrow(StateError);
    expect(() => h.broadcastInit('p', 'd', () => 0)).toThrow(StateError);
    expect(() => h.gatewayInit()).toThrow(StateError);
    await expect(h.otaInit('p', 'd', () => 0)).rejects.toThrow(StateError);
    await expect(h.resourceInit('p', 'd', () => 0)).rejects.toThrow(StateError);
    await expect(h.disconnect()).rejects.toThrow(StateError);
    await expect(h.getNtpAccurateTime()).rejects.toThrow(StateError);
  });
});

describe('connect', () => {
  test('CONNECT is MQTT 3.1 with the vendor client id, username and HMAC-SHA1 password; on_connect(0, 0, userdata)', async () => {
    const h = makeHub();
    const r = recorder();
    h.registerMqttCallback(...r.cbs);
    const before = Date.now();
    expect(h.connect()).toBe(0);
    expect(h.connect()).toBe(1);
    await waitFor(() => r.events.some((e) => e[0] === 'connect'));
    expect(h.getConnectState()).toBe(HubState.CONNECTED);
    expect(r.events[0]).toEqual(['connect', 0, 0, 'UD']);
    const c = wire.connects.at(-1)!;
    expect(c.clientId).toBe('ABCDEFGHIJdev1');
    expect(c.protocolId).toBe('MQIsdp');
    expect(c.protocolVersion).toBe(3);
    expect(c.keepalive).toBe(60);
    expect(c.clean).toBe(true);
    const m = /^ABCDEFGHIJdev1;21010406;([A-Za-z0-9]{5});(\d{13})$/.exec(c.username!)!;
    expect(m).not.toBeNull();
    expect(Number(m[2])).toBeGreaterThanOrEqual(before - 1000);
    const sign = createHmac('sha1', Buffer.from(DEVICE.deviceSecret, 'base64')).update(c.username!).digest('hex');
    expect(c.password).toBe(`${sign};hmacsha1`);
  });

  test('setKeepaliveInterval applies to the next connect', async () => {
    const h = makeHub();
    h.setKeepaliveInterval(30);
    await connected(h);
    expect(wire.connects.at(-1)!.keepalive).toBe(30);
  });

  test('refused CONNACKs are retried (vendor: never stops); the user sees nothing until accepted', async () => {
    wire.refuse = 4;
    const h = makeHub();
    const r = recorder();
    h.registerMqttCallback(...r.cbs);
    const n0 = wire.connects.length;
    h.connect();
    await waitFor(() => wire.connects.length >= n0 + 2, 5000, 'retries');
    expect(h.getConnectState()).toBe(HubState.CONNECTING);
    expect(r.events).toEqual([]);
    wire.refuse = 0;
    await waitFor(() => h.isMqttConnected(), 8000);
    // credentials are recomputed for every attempt (documented fix)
    const names = new Set(wire.connects.slice(n0).map((c) => c.username));
    expect(names.size).toBe(wire.connects.length - n0);
  });
});

describe('publish / subscribe / unsubscribe', () => {
  test('publish json.dumps the payload (strings quoted), QoS kept, retain never set; on_publish(mid, userdata) after completion', async () => {
    const h = makeHub();
    const r = recorder();
    h.registerMqttCallback(...r.cbs);
    await connected(h);
    const [rc1, mid1] = h.publish('ABCDEFGHIJ/dev1/event', 'plain text', 0);
    const [rc2, mid2] = h.publish('ABCDEFGHIJ/dev1/event', { a: 1, b: '中', c: [true, null] }, 1);
    expect([rc1, rc2]).toEqual([0, 0]);
    expect(mid2).toBe(mid1 + 1);
    // never re-entrant: nothing delivered inside the call
    expect(r.events.filter((e) => e[0] === 'publish')).toEqual([]);
    await waitFor(() => r.events.filter((e) => e[0] === 'publish').length === 2);
    expect(r.events.filter((e) => e[0] === 'publish').map((e) => e[1]).sort()).toEqual([mid1, mid2]);
    expect(r.events.find((e) => e[0] === 'publish')![2]).toBe('UD');
    const sent = wire.publishes.filter((p) => p.topic === 'ABCDEFGHIJ/dev1/event');
    expect(sent.map((p) => [p.payload, p.qos, p.retain])).toEqual([
      ['"plain text"', 0, false],
      ['{"a": 1, "b": "\\u4e2d", "c": [true, null]}', 1, false],
    ]);
  });

  test('argument errors carry the Python messages', async () => {
    const h = makeHub();
    await connected(h);
    expect(() => h.publish('', 1, 0)).toThrow(new TypeError('Invalid topic.'));
    expect(() => h.publish('t', 1, -1)).toThrow(new RangeError('Invalid QoS level.'));
    expect(() => h.publish('t', Buffer.from('x'), 0)).toThrow(TypeError);
    expect(() => h.subscribe('t', 2)).toThrow(new RangeError('Invalid QoS level.'));
    expect(() => h.subscribe('', 0)).toThrow(new TypeError('Invalid topic.'));
    expect(() => h.unsubscribe('')).toThrow(new TypeError('Invalid topic.'));
    expect(h.unsubscribe(5 as unknown as string)).toEqual([ErrorCode.ERR_TOPIC_NONE, -1]);
  });

  test('subscribe + registerUserCallback routes the exact topic; on_subscribe(qos, mid, userdata); unsubscribe → on_unsubscribe(mid)', async () => {
    const h = makeHub();
    const r = recorder();
    h.registerMqttCallback(...r.cbs);
    await connected(h);
    const got: unknown[][] = [];
    const topic = 'ABCDEFGHIJ/dev1/control';
    h.registerUserCallback(topic, (...a) => got.push(a));
    const [rc, mid] = h.subscribe(topic, 1)!;
    expect(rc).toBe(0);
    await waitFor(() => r.events.some((e) => e[0] === 'subscribe'));
    expect(r.events.find((e) => e[0] === 'subscribe')).toEqual(['subscribe', 1, mid, 'UD']);
    expect(wire.subscribes.at(-1)!.subs).toEqual([{ topic, qos: 1 }]);
    await wire.down(topic, '{"action": "come_home"}', 1);
    await waitFor(() => got.length === 1);
    expect(got[0]).toEqual([topic, 1, { action: 'come_home' }, 'UD']);
    // user topics never reach on_message
    expect(r.events.some((e) => e[0] === 'message')).toBe(false);
    const [urc, umid] = h.unsubscribe([topic]);
    expect(urc).toBe(0);
    await waitFor(() => r.events.some((e) => e[0] === 'unsubscribe'));
    expect(r.events.find((e) => e[0] === 'unsubscribe')).toEqual(['unsubscribe', umid, 'UD']);
    expect(wire.unsubscribes.at(-1)).toEqual([topic]);
  });

  test('tuple and list forms: one SUBSCRIBE with several filters; on_subscribe gets the first granted QoS', async () => {
    const h = makeHub();
    const r = recorder();
    h.registerMqttCallback(...r.cbs);
    await connected(h);
    h.subscribe(['x/1', 1]);
    const [, mid] = h.subscribe([['y/1', 0], ['y/2', 0]])!;
    await waitFor(() => r.events.filter((e) => e[0] === 'subscribe').length === 2);
    expect(wire.subscribes.slice(-2).map((s) => s.subs)).toEqual([[{ topic: 'x/1', qos: 1 }], [{ topic: 'y/1', qos: 0 }, { topic: 'y/2', qos: 0 }]]);
    expect(r.events.find((e) => e[0] === 'subscribe' && e[2] === mid)).toEqual(['subscribe', 0, mid, 'UD']);
  });

  test('on_message only sees $sys messages that are not NTP replies; unregistered and non-JSON messages are dropped', async () => {
    const h = makeHub();
    const r = recorder();
    h.registerMqttCallback(...r.cbs);
    await connected(h);
    h.subscribe('$sys/operation/result/ABCDEFGHIJ/dev1', 0);
    h.subscribe('ABCDEFGHIJ/dev1/data', 0);
    await waitFor(() => r.events.filter((e) => e[0] === 'subscribe').length === 2);
    await wire.down('ABCDEFGHIJ/dev1/data', '{"lost": true}');
    await wire.down('$sys/operation/result/ABCDEFGHIJ/dev1', 'not json');
    await wire.down('$sys/operation/result/ABCDEFGHIJ/dev1', '{"type": "other", "v": NaN}');
    await waitFor(() => r.events.some((e) => e[0] === 'message'));
    await h.flushCallbacks();
    const msgs = r.events.filter((e) => e[0] === 'message');
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.slice(0, 3)).toEqual(['message', '$sys/operation/result/ABCDEFGHIJ/dev1', 0]);
    expect((msgs[0]![3] as { v: number }).v).toBeNaN();
  });
});

describe('NTP time', () => {
  test('request bytes, reply formula (ntptime1 + ntptime2 + recv − send) / 2, unsubscribe afterwards; every call uses its own reply', async () => {
    let clock = 1_000;
    const h = makeHub({ now: () => clock, timeScale: 1 });
    await connected(h);
    const answer = (t1: number): void => {
      const n = wire.publishes.length;
      void waitFor(() => wire.publishes.slice(n).some((p) => p.topic === '$sys/operation/ABCDEFGHIJ/dev1'), 3000).then(async () => {
        clock += 10; // local delay 10 ms
        await wire.down('$sys/operation/result/ABCDEFGHIJ/dev1', { type: 'get', time: 1700000000, ntptime1: t1, ntptime2: t1 + 10 });
      });
    };
    answer(1700000000100);
    const t = await h.getNtpAccurateTime();
    expect(t).toBe((1700000000100 + 1700000000110 + 10) / 2);
    const req = wire.publishes.filter((p) => p.topic === '$sys/operation/ABCDEFGHIJ/dev1').at(-1)!;
    expect([req.payload, req.qos]).toEqual(['{"type": "get", "resource": ["time"]}', 0]);
    expect(wire.subscribes.some((s) => s.subs[0]!.topic === '$sys/operation/result/ABCDEFGHIJ/dev1' && s.subs[0]!.qos === 0)).toBe(true);
    await waitFor(() => wire.unsubscribes.some((u) => u[0] === '$sys/operation/result/ABCDEFGHIJ/dev1'));
    // aedes can apply an UNSUBSCRIBE after a SUBSCRIBE of the same filter sent right behind it (Mosquitto does not):
    // give it a moment before the second call
    await sleep(100);
    answer(1800000000000);
    expect(await h.getNtpAccurateTime()).toBe((1800000000000 + 1800000000010 + 10) / 2);
  });

  test('a reply without usable ntptime1/ntptime2 is dropped: the call waits for a valid one, or returns -1 (never NaN)', async () => {
    let clock = 5_000;
    const h = makeHub({ now: () => clock, timeScale: 1 });
    await connected(h);
    const reply = (bodies: unknown[]): void => {
      const n = wire.publishes.length;
      void waitFor(() => wire.publishes.slice(n).some((p) => p.topic === '$sys/operation/ABCDEFGHIJ/dev1'), 3000).then(async () => {
        for (const b of bodies) await wire.down('$sys/operation/result/ABCDEFGHIJ/dev1', b as object);
      });
    };
    reply([
      { type: 'get', time: 1700000000 },
      { type: 'get', time: 1700000000, ntptime1: '1700000000100', ntptime2: 1700000000110 },
      { type: 'get', time: 1700000000, ntptime1: 1700000000100, ntptime2: 1700000000110 },
    ]);
    expect(await h.getNtpAccurateTime()).toBe((1700000000100 + 1700000000110) / 2);
    await sleep(100);
    reply([{ type: 'get', time: 1700000000, ntptime1: null, ntptime2: 1 }]);
    clock += 1;
    expect(await h.getNtpAccurateTime()).toBe(-1);
  });

  test('no reply within the window → -1', async () => {
    const h = makeHub();
    await connected(h);
    expect(await h.getNtpAccurateTime()).toBe(-1);
  });
});

describe('disconnect and reconnect', () => {
  test('disconnect → on_disconnect(0, userdata), DISCONNECTED, user routing cleared; connect again works', async () => {
    const h = makeHub();
    const r = recorder();
    h.registerMqttCallback(...r.cbs);
    await connected(h);
    const got: unknown[] = [];
    h.registerUserCallback('ABCDEFGHIJ/dev1/data', (_t, _q, p) => got.push(p));
    await h.disconnect();
    expect(h.getConnectState()).toBe(HubState.DISCONNECTED);
    await waitFor(() => r.events.some((e) => e[0] === 'disconnect'));
    expect(r.events.find((e) => e[0] === 'disconnect')).toEqual(['disconnect', 0, 'UD']);
    await expect(h.disconnect()).rejects.toThrow(StateError);
    expect(h.connect()).toBe(0);
    await waitFor(() => h.isMqttConnected());
    h.subscribe('ABCDEFGHIJ/dev1/data', 0);
    await waitFor(() => wire.subscribes.at(-1)!.subs[0]!.topic === 'ABCDEFGHIJ/dev1/data');
    await sleep(20);
    await wire.down('ABCDEFGHIJ/dev1/data', '{"x": 1}');
    await sleep(100);
    await h.flushCallbacks();
    expect(got).toEqual([]); // routing list was wiped by the disconnect (vendor behaviour)
    expect(r.events.filter((e) => e[0] === 'connect')).toHaveLength(2);
  });

  test('a dropped link: on_disconnect(7), automatic reconnect with fresh credentials, on_connect again; subscriptions not restored by default', async () => {
    const h = makeHub();
    const r = recorder();
    h.registerMqttCallback(...r.cbs);
    await connected(h);
    h.subscribe('ABCDEFGHIJ/dev1/data', 0);
    await waitFor(() => r.events.some((e) => e[0] === 'subscribe'));
    const n = wire.connects.length;
    const subs = wire.subscribes.length;
    await wire.broker.restart();
    wire.hook();
    await waitFor(() => r.events.filter((e) => e[0] === 'connect').length === 2, 8000, 'reconnect');
    expect(r.events.find((e) => e[0] === 'disconnect')).toEqual(['disconnect', 7, 'UD']);
    expect(wire.connects.length).toBe(n + 1);
    expect(wire.connects.at(-1)!.username).not.toBe(wire.connects[n - 1]!.username);
    await sleep(50);
    expect(wire.subscribes.length).toBe(subs);
  });

  test('restoreSubscriptions: true re-subscribes after a reconnect (opt-in)', async () => {
    const h = makeHub({ restoreSubscriptions: true });
    const r = recorder();
    h.registerMqttCallback(...r.cbs);
    await connected(h);
    h.subscribe('ABCDEFGHIJ/dev1/data', 1);
    await waitFor(() => r.events.some((e) => e[0] === 'subscribe'));
    await wire.broker.restart();
    wire.hook();
    await waitFor(() => wire.subscribes.some((s) => s.subs[0]!.topic === 'ABCDEFGHIJ/dev1/data'), 8000, 'restored subscription');
  });

  test('service publishes while offline: QoS 0 → [4, mid] dropped; QoS 1 → [4, mid] kept and sent after reconnect', async () => {
    const h = makeHub();
    const r = recorder();
    h.registerMqttCallback(...r.cbs);
    await connected(h);
    h.shadowInit(DEVICE.productId, DEVICE.deviceName, () => 0);
    await h.otaInit(DEVICE.productId, DEVICE.deviceName, () => 0);
    await wire.broker.stop();
    await waitFor(() => !h.isMqttConnected());
    const [rc0, mid0] = h.getShadow(DEVICE.productId, DEVICE.deviceName)!;
    const [rc1, mid1] = h.otaReportVersion(DEVICE.productId, DEVICE.deviceName, '0.1.0');
    expect([rc0, rc1]).toEqual([4, 4]);
    expect(mid1).toBeGreaterThan(mid0);
    await wire.broker.restart();
    wire.hook();
    await waitFor(() => wire.publishes.some((p) => p.topic === '$ota/report/ABCDEFGHIJ/dev1'), 8000, 'replayed QoS 1');
    expect(wire.publishes.some((p) => p.topic === '$shadow/operation/ABCDEFGHIJ/dev1')).toBe(false);
    await waitFor(() => r.events.some((e) => e[0] === 'publish' && e[1] === mid1));
  });
});

describe('logInit', () => {
  test('console logging without a file returns null; with a file returns the Log; secrets never logged', async () => {
    const lines: string[] = [];
    const h = makeHub({ logSink: (l: string) => lines.push(l) });
    expect(h.logInit(LoggerLevel.DEBUG)).toBeNull();
    const log = h.logInit(LoggerLevel.DEBUG, `${dev.dir}/logs/log`, 1024, 2, true)!;
    expect(log).not.toBeNull();
    log.debug('value %s and %d', 'x', 3.9);
    log.warring('secret %s', DEVICE.deviceSecret);
    expect(lines.some((l) => / - DEBUG - value x and 3$/.test(l))).toBe(true);
    expect(lines.join('\n')).not.toContain(DEVICE.deviceSecret);
    await connected(h);
    // with a log file, transport diagnostics go to the SDK log too (the vendor routed paho's log there)
    await waitFor(() => lines.some((l) => l.includes('[mqtt] ')));
    const pw = wire.connects.at(-1)!.password!;
    expect(lines.join('\n')).not.toContain(pw);
    const off = h.logInit(LoggerLevel.INFO, null, 0, 0, false)!;
    expect(off.is_enabled()).toBe(false);
  });
});

describe('robustness', () => {
  test('malformed downlinks on every routed prefix never throw into user code and do not stop later messages', async () => {
    const h = makeHub();
    await connected(h);
    h.registerUserCallback('ABCDEFGHIJ/dev1/data', () => {
      throw new Error('user callback failure is contained');
    });
    const ok: unknown[] = [];
    h.registerUserCallback('ABCDEFGHIJ/dev1/control', (_t, _q, p) => ok.push(p));
    h.shadowInit(DEVICE.productId, DEVICE.deviceName, () => 0);
    h.rrpcInit(DEVICE.productId, DEVICE.deviceName, () => 0);
    await h.otaInit(DEVICE.productId, DEVICE.deviceName, () => 0);
    h.gatewayInit();
    h.subscribe([['ABCDEFGHIJ/dev1/data', 0], ['ABCDEFGHIJ/dev1/control', 0]]);
    await sleep(50);
    const topics = [
      'ABCDEFGHIJ/dev1/data',
      '$ota/update/ABCDEFGHIJ/dev1',
      '$gateway/operation/result/ABCDEFGHIJ/dev1',
      '$shadow/operation/result/ABCDEFGHIJ/dev1',
      '$rrpc/rxd/ABCDEFGHIJ/dev1/123',
    ];
    let seed = 42;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const samples = ['', 'null', '[]', '{}', '{"type": "update_firmware"}', '{"type": "online", "payload": {}}', '{"type": 1}', '"x"', '1e999', '{"type": "describe_sub_devices", "payload": {"devices": 5}}'];
    for (let i = 0; i < 120; i++) {
      const t = topics[i % topics.length]!;
      const payload = i % 2 === 0 ? samples[i % samples.length]! : Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => Math.floor(rnd() * 256)));
      await wire.down(t, payload);
    }
    await wire.down('ABCDEFGHIJ/dev1/control', '{"still": "alive"}');
    await waitFor(() => ok.length === 1, 5000);
    expect(ok[0]).toEqual({ still: 'alive' });
    expect(h.isMqttConnected()).toBe(true);
  });
});

test('device_property is a plain model class', () => {
  const p = new device_property();
  p.key = 'k';
  expect(p.type).toBe('');
});

describe('explorer hooks and reserved topics', () => {
  test('register_explorer_callback routes exact $thing topics; the disconnect hook runs synchronously with (null, userdata, rc)', async () => {
    const h = makeHub();
    await connected(h);
    const got: unknown[][] = [];
    const hook: unknown[][] = [];
    h.register_explorer_callback(['$thing/down/property/ABCDEFGHIJ/dev1'], (...a: unknown[]) => got.push(a));
    h.register_explorer_callback('$explorer/from/disconnect', (...a: unknown[]) => hook.push(a));
    const tmpl: unknown[] = [];
    h.registerUserCallback('$template/operation/result/ABCDEFGHIJ/dev1', (_t, _q, p) => tmpl.push(p));
    h.subscribe([['$thing/down/property/ABCDEFGHIJ/dev1', 0], ['$thing/down/raw/ABCDEFGHIJ/dev1', 0], ['$template/operation/result/ABCDEFGHIJ/dev1', 0]]);
    await sleep(50);
    await wire.down('$thing/down/raw/ABCDEFGHIJ/dev1', '{"raw": 1}');
    await wire.down('$thing/down/property/ABCDEFGHIJ/dev1', '{"method": "control", "clientToken": "t1"}');
    await wire.down('$template/operation/result/ABCDEFGHIJ/dev1', '{"t": 1}');
    await waitFor(() => got.length === 1 && tmpl.length === 1);
    expect(got[0]).toEqual(['$thing/down/property/ABCDEFGHIJ/dev1', 0, { method: 'control', clientToken: 't1' }, 'UD']);
    await h.disconnect();
    expect(hook).toEqual([[null, 'UD', 0]]);
  });
});

describe('Log file rotation', () => {
  test('rotates by size keeping backupCount files', async () => {
    const h = makeHub({ logSink: () => undefined });
    const path = `${dev.dir}/rot/log`;
    const log = h.logInit(LoggerLevel.INFO, path, 300, 2, true)!;
    for (let i = 0; i < 30; i++) log.info('line %d %s', i, 'x'.repeat(40));
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    expect(readdirSync(`${dev.dir}/rot`).sort()).toEqual(['log', 'log.1', 'log.2']);
    expect(statSync(path).size).toBeLessThan(300);
    expect(readFileSync(path, 'utf-8')).toContain('line 29');
  });
});

describe('setters', () => {
  test('setReconnectInterval caps the offline QoS 1 queue at 40 (then rc 15); setMessageTimout is accepted; httpCallback fills the same slots', async () => {
    const h = makeHub();
    h.setReconnectInterval(4, 1);
    h.setMessageTimout(3);
    const seen: number[] = [];
    h.httpCallback(null, null, null, (mid) => seen.push(mid), null, null);
    await connected(h);
    expect(h.isHttpConnected()).toBe(true);
    await h.otaInit(DEVICE.productId, DEVICE.deviceName, () => 0);
    const [, mid] = h.otaReportVersion(DEVICE.productId, DEVICE.deviceName, '1.0');
    await waitFor(() => seen.includes(mid));
    await wire.broker.stop();
    await waitFor(() => !h.isMqttConnected());
    const rcs: number[] = [];
    for (let i = 0; i < 41; i++) rcs.push(h.otaReportVersion(DEVICE.productId, DEVICE.deviceName, '1.0')[0]);
    expect(rcs.slice(0, 40).every((rc) => rc === 4)).toBe(true);
    expect(rcs[40]).toBe(15);
    await wire.broker.restart();
    wire.hook();
    await waitFor(() => h.isMqttConnected(), 8000);
  });
});
