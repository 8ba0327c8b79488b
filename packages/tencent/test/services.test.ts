// Shadow, RRPC, broadcast and gateway end to end against a real broker: exact wire bytes and callback arguments.
import { QcloudHubProvider, StateError, AttributeError, SessionState, gateway_subdev, device_property } from '../src/index.js';
import { DEVICE, deviceFile, sleep, startWire, waitFor, type DeviceDir, type Wire } from './helpers.js';

let wire: Wire;
let dev: DeviceDir;
const hubs: QcloudHubProvider<string>[] = [];
const PID = DEVICE.productId;
const DN = DEVICE.deviceName;

async function hub(over: Record<string, unknown> = {}): Promise<QcloudHubProvider<string>> {
  const h = new QcloudHubProvider<string>(dev.file, 'UD', false, '127.0.0.1', false, {
    port: wire.broker.port,
    timeScale: 0.1,
    random: () => 123456789 / 2147483647 + 1e-12,
    now: () => 1700000000123,
    ...over,
  });
  hubs.push(h);
  h.connect();
  await waitFor(() => h.isMqttConnected());
  return h;
}

function sent(topic: string): Array<{ payload: string; qos: number }> {
  return wire.publishes.filter((p) => p.topic === topic).map((p) => ({ payload: p.payload, qos: p.qos }));
}

/** Answers each request on `reqTopic` with `reply(request)` on `resTopic`. */
function responder(reqTopic: string, resTopic: string, reply: (req: Record<string, unknown>) => unknown | undefined): () => void {
  let stop = false;
  let seen = wire.publishes.length;
  const loop = async (): Promise<void> => {
    while (!stop) {
      const fresh = wire.publishes.slice(seen);
      seen += fresh.length;
      for (const p of fresh) {
        if (p.topic !== reqTopic) continue;
        const r = reply(JSON.parse(p.payload) as Record<string, unknown>);
        if (r !== undefined) await wire.down(resTopic, r as object);
      }
      await sleep(5);
    }
  };
  void loop();
  return () => {
    stop = true;
  };
}

beforeAll(async () => {
  wire = await startWire();
  dev = deviceFile();
});
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.destroy();
  wire.subackDelayMs = 0;
});
afterAll(async () => {
  await wire.close();
  dev.cleanup();
});

describe('shadow', () => {
  test('get / report / desired-null bytes with the {pid}-{n} token; replies and deltas reach the callback', async () => {
    const h = await hub();
    const got: unknown[][] = [];
    const [rc] = h.shadowInit(PID, DN, (...a) => got.push(a));
    expect(rc).toBe(0);
    await waitFor(() => wire.subscribes.some((s) => s.subs[0]!.topic === `$shadow/operation/result/${PID}/${DN}`));
    expect(wire.subscribes.find((s) => s.subs[0]!.topic === `$shadow/operation/result/${PID}/${DN}`)!.subs[0]!.qos).toBe(0);
    h.getShadow(PID, DN);
    const p = new h.device_property();
    p.key = 'updateCount';
    p.data = 3.7;
    p.type = 'float';
    const p1 = new device_property();
    p1.key = 'name';
    p1.data = 'shadow';
    p1.type = 'string';
    const report = h.shadowJsonConstructReport(PID, DN, p, p1)!;
    expect(report).toEqual({ type: 'update', state: { reported: { updateCount: 3, name: 'shadow' } }, clientToken: `${PID}-1` });
    h.shadowUpdate(PID, DN, report, 99);
    h.shadowUpdate(PID, DN, h.shadowJsonConstructDesireAllNull(PID, DN), 0);
    await waitFor(() => sent(`$shadow/operation/${PID}/${DN}`).length === 3);
    expect(sent(`$shadow/operation/${PID}/${DN}`)).toEqual([
      { payload: `{"type": "get", "clientToken": "${PID}-0"}`, qos: 0 },
      { payload: `{"type": "update", "state": {"reported": {"updateCount": 3, "name": "shadow"}}, "clientToken": "${PID}-1"}`, qos: 0 },
      { payload: `{"type": "update", "state": {"desired": null}, "clientToken": "${PID}-2"}`, qos: 0 },
    ]);
    const delta = { type: 'delta', payload: { state: { color: 'red' } }, clientToken: 'x' };
    await wire.down(`$shadow/operation/result/${PID}/${DN}`, delta);
    await waitFor(() => got.length === 1);
    expect(got[0]).toEqual([`$shadow/operation/result/${PID}/${DN}`, 0, delta, 'UD']);
  });

  test('no handler → null; empty productId / document → TypeError("Invalid param."); report quirks', async () => {
    const h = await hub();
    expect(h.getShadow('X', 'Y')).toBeNull();
    expect(h.shadowUpdate('X', 'Y', { a: 1 }, 0)).toBeNull();
    expect(h.shadowJsonConstructReport('X', 'Y')).toBeNull();
    expect(h.shadowJsonConstructDesireAllNull('X', 'Y')).toBeNull();
    h.shadowInit(PID, DN, () => 0);
    expect(() => h.shadowUpdate(PID, DN, {}, 0)).toThrow(new TypeError('Invalid param.'));
    const bad = new device_property();
    bad.key = 'q';
    bad.data = 'a"b';
    bad.type = 'string';
    expect(() => h.shadowJsonConstructReport(PID, DN, bad)).toThrow(SyntaxError);
    const unsupported = new device_property();
    unsupported.type = 'bool';
    expect(h.shadowJsonConstructReport(PID, DN, unsupported)).toEqual({ type: 'update', state: { reported: {} }, clientToken: `${PID}-1` });
    const s = new device_property();
    s.type = 'int';
    s.data = 'text';
    expect(() => h.shadowJsonConstructReport(PID, DN, s)).toThrow(TypeError);
  });
});

describe('rrpc', () => {
  test('request topic without the process id in the callback; reply to $rrpc/txd/…/{processId} with json.dumps bytes', async () => {
    const h = await hub();
    const got: unknown[][] = [];
    h.rrpcInit(PID, DN, (topic, qos, payload, ud) => {
      got.push([topic, qos, payload, ud]);
      h.rrpcReply(PID, DN, 'ok', 2);
    });
    await waitFor(() => wire.subscribes.some((s) => s.subs[0]!.topic === `$rrpc/rxd/${PID}/${DN}/+`));
    expect(h.rrpcReply(PID, 'other', 'x', 1)).toBeNull();
    expect(() => h.rrpcReply(PID, DN, 'ok', 2)).toThrow(new TypeError('Invalid param.'));
    await wire.down(`$rrpc/rxd/${PID}/${DN}/41440`, { payload: 'rrpc test' });
    await waitFor(() => sent(`$rrpc/txd/${PID}/${DN}/41440`).length === 1);
    expect(got[0]).toEqual([`$rrpc/rxd/${PID}/${DN}`, 0, { payload: 'rrpc test' }, 'UD']);
    expect(sent(`$rrpc/txd/${PID}/${DN}/41440`)).toEqual([{ payload: '"ok"', qos: 0 }]);
  });
});

describe('broadcast', () => {
  test('subscribe at QoS 0 and pass messages unchanged', async () => {
    const h = await hub();
    const got: unknown[][] = [];
    const [rc, mid] = h.broadcastInit(PID, DN, (...a) => got.push(a));
    expect(rc).toBe(0);
    expect(typeof mid).toBe('number');
    await waitFor(() => wire.subscribes.some((s) => s.subs[0]!.topic === `$broadcast/rxd/${PID}/${DN}`));
    await wire.down(`$broadcast/rxd/${PID}/${DN}`, { payload: 'broadcast test' });
    await waitFor(() => got.length === 1);
    expect(got[0]).toEqual([`$broadcast/rxd/${PID}/${DN}`, 0, { payload: 'broadcast test' }, 'UD']);
  });
});

describe('gateway', () => {
  const GW_PUB = `$gateway/operation/${PID}/${DN}`;
  const GW_SUB = `$gateway/operation/result/${PID}/${DN}`;

  test('methods before gatewayInit raise AttributeError', async () => {
    const h = await hub();
    expect(() => h.gatewaySubdevGetConfigList()).toThrow(AttributeError);
    expect(() => h.gatewaySubdevSubscribe('a/b')).toThrow(AttributeError);
    await expect(h.gatewaySubdevOnline('SUBPID0001', 'sub1')).rejects.toThrow(AttributeError);
    await expect(h.gatewaySubdevOnline('', 'sub1')).rejects.toThrow(new TypeError('Invalid param.'));
  });

  test('init loads the config list; online/offline/bind/unbind wire bytes and reply codes; bind list', async () => {
    const h = await hub();
    const stop = responder(GW_PUB, GW_SUB, (req) => {
      const type = req['type'] as string;
      if (type === 'describe_sub_devices') return { type, payload: { devices: [{ product_id: 'SUBPID0001', device_name: 'sub1' }, { product_id: 'SUBPID0001', device_name: 'sub2' }] } };
      const d = (req['payload'] as { devices: Array<{ product_id: string; device_name: string }> }).devices[0]!;
      const result = d.device_name === 'bad' ? 801 : d.device_name === 'nullres' ? null : d.device_name === 'strres' ? '0' : 0;
      return { type, payload: { devices: [{ product_id: d.product_id, device_name: d.device_name, result }] } };
    });
    try {
      const [rc] = h.gatewayInit();
      expect(rc).toBe(0);
      await waitFor(() => wire.subscribes.some((s) => s.subs[0]!.topic === GW_SUB));
      const list = h.gatewaySubdevGetConfigList();
      expect(list.map((s) => [s.product_id, s.device_name, s.session_status])).toEqual([
        ['SUBPID0001', 'sub1', SessionState.SUBDEV_SEESION_STATUS_INIT],
        ['SUBPID0001', 'sub2', SessionState.SUBDEV_SEESION_STATUS_INIT],
      ]);
      expect(list[0]).toBeInstanceOf(gateway_subdev);
      expect(h.isSubdevStatusOnline('SUBPID0001', 'sub1')).toBe(false);
      const [orc, omid] = await h.gatewaySubdevOnline('SUBPID0001', 'sub1');
      expect(orc).toBe(0);
      expect(typeof omid).toBe('number');
      h.updateSubdevStatus('SUBPID0001', 'sub1', 'online');
      expect(h.isSubdevStatusOnline('SUBPID0001', 'sub1')).toBe(true);
      expect((await h.gatewaySubdevOffline('SUBPID0001', 'sub1'))[0]).toBe(0);
      expect((await h.gatewaySubdevBind('SUBPID0001', 'sub3', 'c3Vic2VjcmV0'))[0]).toBe(0);
      expect((await h.gatewaySubdevUnbind('SUBPID0001', 'sub1'))[0]).toBe(0);
      expect((await h.gatewaySubdevOnline('SUBPID0001', 'bad'))[0]).toBe(1);
      // a result that is not the number 0 is no success
      expect((await h.gatewaySubdevOnline('SUBPID0001', 'nullres'))[0]).toBe(1);
      expect((await h.gatewaySubdevOnline('SUBPID0001', 'strres'))[0]).toBe(1);
      const [brc, bl] = await h.gatewaySubdevGetBindList(PID, DN);
      expect(brc).toBe(0);
      expect((bl as gateway_subdev[]).map((s) => s.device_name)).toEqual(['sub1', 'sub2']);
      // no duplicates on a second call (documented fix)
      const [, bl2] = await h.gatewaySubdevGetBindList(PID, DN);
      expect((bl2 as gateway_subdev[]).length).toBe(2);
      const reqs = sent(GW_PUB);
      expect(reqs.slice(0, 4).map((r) => r.payload)).toEqual([
        '{"type": "online", "payload": {"devices": [{"product_id": "SUBPID0001", "device_name": "sub1"}]}}',
        '{"type": "offline", "payload": {"devices": [{"product_id": "SUBPID0001", "device_name": "sub1"}]}}',
        '{"type": "bind", "payload": {"devices": [{"product_id": "SUBPID0001", "device_name": "sub3", "signature": "zs7qWMzw169iWjTRqnpi+6YLyNo=", "random": 123456789, "timestamp": 1700000000, "signmethod": "hmacsha1", "authtype": "psk"}]}}',
        '{"type": "unbind", "payload": {"devices": [{"product_id": "SUBPID0001", "device_name": "sub1"}]}}',
      ]);
      expect(reqs.find((r) => r.payload.includes('describe'))!.payload).toBe('{"type": "describe_sub_devices"}');
      expect(reqs.every((r) => r.qos === 0)).toBe(true);
    } finally {
      stop();
    }
  });

  test('a describe reply with malformed device entries is dropped: the bind list never holds "undefined" devices', async () => {
    const h = await hub();
    h.gatewayInit();
    await waitFor(() => wire.subscribes.some((s) => s.subs[0]!.topic === GW_SUB));
    let valid = true;
    const stop = responder(GW_PUB, GW_SUB, () => {
      void wire.down(GW_SUB, { type: 'describe_sub_devices', payload: { devices: [{ product_id: 'SUBPID0001', device_name: 'junk' }, null, 3] } });
      void wire.down(GW_SUB, { type: 'describe_sub_devices', payload: { devices: [{ product_id: 'SUBPID0001' }] } });
      return valid ? { type: 'describe_sub_devices', payload: { devices: [{ product_id: 'SUBPID0001', device_name: 'sub1' }] } } : undefined;
    });
    try {
      const [rc, list] = await h.gatewaySubdevGetBindList(PID, DN);
      expect(rc).toBe(0);
      expect((list as gateway_subdev[]).map((d) => `${d.product_id}/${d.device_name}`)).toEqual(['SUBPID0001/sub1']);
      valid = false;
      const [rc2, list2] = await h.gatewaySubdevGetBindList(PID, DN);
      expect(rc2).toBe(1);
      expect(list2).toEqual([]);
    } finally {
      stop();
    }
  });

  test('no reply → rc 1 after the window; a disconnect clears the config list', async () => {
    const h = await hub();
    h.gatewayInit();
    const t0 = Date.now();
    expect((await h.gatewaySubdevOnline('SUBPID0001', 'sub1'))[0]).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    await h.disconnect();
    expect(h.gatewaySubdevGetConfigList()).toEqual([]);
  });

  test('sub-device subscribe: string at QoS 0 or a list of pairs; routing needs registerUserCallback', async () => {
    const h = await hub();
    h.gatewayInit();
    const got: unknown[][] = [];
    h.registerUserCallback('SUBPID0001/sub1/data', (...a) => got.push(a));
    expect(h.gatewaySubdevSubscribe([['SUBPID0001/sub1/data', 0]])[0]).toBe(0);
    expect(h.gatewaySubdevSubscribe('SUBPID0001/sub2/data')[0]).toBe(0);
    await waitFor(() => wire.subscribes.some((s) => s.subs[0]!.topic === 'SUBPID0001/sub2/data'));
    await wire.down('SUBPID0001/sub1/data', { action: 'x' });
    await waitFor(() => got.length === 1);
    expect(got[0]).toEqual(['SUBPID0001/sub1/data', 0, { action: 'x' }, 'UD']);
    expect(() => h.subscribe('x', 0)).not.toThrow(StateError);
  });
});

describe('gateway device-file errors', () => {
  test('subdev_num larger than the list → IndexError; missing subDev → KeyError', async () => {
    const bad = deviceFile({ subDev: { subdev_num: 3, subdev_list: [{ sub_productId: 'P', sub_devName: 'a' }] } });
    const none = deviceFile({ subDev: undefined });
    try {
      for (const [d, err] of [[bad, 'IndexError'], [none, 'KeyError']] as const) {
        const h = new QcloudHubProvider<string>(d.file, 'UD', false, '127.0.0.1', false, { port: wire.broker.port });
        hubs.push(h);
        h.connect();
        await waitFor(() => h.isMqttConnected());
        let name = '';
        try {
          h.gatewayInit();
        } catch (e) {
          name = (e as Error).name;
        }
        expect(name).toBe(err);
      }
    } finally {
      bad.cleanup();
      none.cleanup();
    }
  });
});

describe('stopping a client that is retrying', () => {
  test('connect() returns 1 while retrying, disconnect() raises StateError, destroy() stops it', async () => {
    const h = await hub();
    await wire.broker.stop();
    await waitFor(() => !h.isMqttConnected());
    expect(h.connect()).toBe(1);
    await expect(h.disconnect()).rejects.toThrow(StateError);
    await h.destroy();
    await wire.broker.restart();
    wire.hook();
    await sleep(150);
    expect(h.isMqttConnected()).toBe(false);
  });
});

test('destroy() ends pending gateway, NTP and SUBACK waits at once', async () => {
  const h = await hub({ timeScale: 20 });
  h.gatewayInit();
  wire.subackDelayMs = 1500;
  const pGw = h.gatewaySubdevOnline('SUBPID0001', 'sub1');
  const pNtp = h.getNtpAccurateTime();
  const pOta = h.otaInit(PID, DN, () => 0);
  await sleep(50);
  const t0 = Date.now();
  const destroyed = h.destroy();
  const [gw, ntp, ota] = await Promise.all([pGw, pNtp, pOta]);
  expect(Date.now() - t0).toBeLessThan(1000);
  wire.subackDelayMs = 0;
  await destroyed;
  expect(gw[0]).toBe(1);
  expect(ntp).toBe(-1);
  expect(ota[0]).toBe(-1);
});
